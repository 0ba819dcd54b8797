"""End-to-end extraction throughput with a per-stage breakdown, on the corpora replicated.

    .venv/bin/python bench/pipeline.py [--docs 20000]

Reads the 390 corpus articles (../shared/corpora/*/articles.jsonl), replicates them to --docs
documents (each copy made distinct), and runs every stage of ``marsad.pipeline`` on one core,
timing each stage separately: read (JSONL reader), clean, segment, then each extract stage.
Prints documents/s and sentences/s overall and per stage, the share of time per stage, and
peak memory; writes bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from marsad import pipeline
from marsad.ingest.readers import iter_inputs
from marsad.model import Document, RawDoc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import build_input, write_result  # noqa: E402  (same replicated input as bench/ingest.py)

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20000, help="documents (default 20000)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "pipeline.json"))
    args = ap.parse_args()

    timings: dict[str, float] = defaultdict(float)
    stages = pipeline.STAGES  # name -> function(doc) that fills the document in place
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        chars = build_input(args.docs, src)
        pipeline.warm()
        n_docs = n_sent = 0
        t_all = time.perf_counter()
        t0 = time.perf_counter()
        for raw in iter_inputs([str(src)]):
            timings["read"] += time.perf_counter() - t0
            assert isinstance(raw, RawDoc), raw
            t0 = time.perf_counter()
            doc = pipeline.build_document(raw, extract=False)
            timings["clean+segment"] += time.perf_counter() - t0
            assert isinstance(doc, Document)
            for name, fn in stages.items():
                t0 = time.perf_counter()
                fn(doc)
                timings[name] += time.perf_counter() - t0
            n_docs += 1
            n_sent += len(doc.sentences)
            t0 = time.perf_counter()
        total = time.perf_counter() - t_all

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "documents": n_docs,
        "sentences": n_sent,
        "characters": chars,
        "seconds": round(total, 2),
        "docs_per_s": round(n_docs / total, 1),
        "sentences_per_s": round(n_sent / total, 1),
        "stages": {
            name: {"seconds": round(t, 3), "share": round(t / total, 3), "docs_per_s": round(n_docs / t, 1) if t else None}
            for name, t in timings.items()
        },
        "peak_rss_mb": round(peak_mb, 1),
        "python": sys.version.split()[0],
    }
    print(f"documents {n_docs:,}  sentences {n_sent:,}  characters {chars:,}  (one process, one core)")
    print(f"end to end: {result['docs_per_s']:,.0f} docs/s, {result['sentences_per_s']:,.0f} sentences/s, {total:.1f} s")
    print(f"{'stage':<16}{'seconds':>9}{'share':>8}{'docs/s':>11}")
    for name, st in result["stages"].items():
        print(f"{name:<16}{st['seconds']:>9.2f}{st['share']:>8.0%}{(st['docs_per_s'] or 0):>11,.0f}")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    write_result(Path(args.out), result)


if __name__ == "__main__":
    main()
