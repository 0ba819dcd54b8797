"""Ingest throughput on the research corpora (../shared/corpora), replicated.

    .venv/bin/python bench/ingest.py [--docs 5000] [--db PATH]

Builds a JSONL file of the 390 corpus articles repeated until --docs documents (each copy made
distinct by a trailing marker so nothing is deduplicated), then measures on one core:
  * read + clean + segment (no database),
  * the full ``marsad ingest`` path into a fresh SQLite file,
  * a second ingest of the same file (everything already present),
and prints documents/s, characters/s and peak memory. Results also go to
bench/results/ingest.json. The goal for plain text into SQLite is >= 1,000 documents/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.pipeline import ingest, process
from marsad.settings import Settings
from marsad.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus_records() -> list[dict]:
    records = []
    for path in sorted(CORPORA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records.extend(json.loads(line) for line in fh if line.strip())
    return records


def build_input(n_docs: int, out: Path) -> int:
    base = corpus_records()
    if not base:
        sys.exit(f"no corpora under {CORPORA}")
    chars = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n_docs):
            rec = dict(base[i % len(base)])
            if i >= len(base):
                rec["id"] = f"{rec['id']}-copy{i // len(base)}"
                rec["text"] = rec["text"] + f"\n(نسخة {i // len(base)})"
            chars += len(rec["text"])
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000, help="documents to ingest (default 5000)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest.json"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        chars = build_input(args.docs, src)
        settings = Settings(db=str(Path(tmp) / "bench.db"))

        t0 = time.perf_counter()
        n = sum(1 for _ in process([str(src)], settings))
        t_pipeline = time.perf_counter() - t0

        with Store.open(settings.db) as store:
            t0 = time.perf_counter()
            first = ingest([str(src)], store, settings)
            t_ingest = time.perf_counter() - t0
            t0 = time.perf_counter()
            second = ingest([str(src)], store, settings)
            t_again = time.perf_counter() - t0
        db_mb = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*")) / 1e6

        # the same articles as one .txt file each (encoding detection per file)
        txt_dir = Path(tmp) / "txt"
        txt_dir.mkdir()
        n_txt = min(args.docs, 2000)
        with src.open(encoding="utf-8") as fh:
            for i, line in zip(range(n_txt), fh):
                (txt_dir / f"doc{i:05d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
        with Store.open(str(Path(tmp) / "txt.db")) as store:
            t0 = time.perf_counter()
            txt = ingest([str(txt_dir)], store, settings)
            t_txt = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "documents": n,
        "characters": chars,
        "pipeline_docs_per_s": round(n / t_pipeline, 1),
        "pipeline_chars_per_s": round(chars / t_pipeline),
        "ingest_sqlite_docs_per_s": round(first.read / t_ingest, 1),
        "ingest_stored": first.stored,
        "ingest_rejected": first.rejected,
        "reingest_docs_per_s": round(second.read / t_again, 1),
        "ingest_txt_files_docs_per_s": round(txt.read / t_txt, 1),
        "ingest_txt_files": txt.read,
        "reingest_stored": second.stored,
        "reingest_present": second.present,
        "sqlite_mb": round(db_mb, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "python": sys.version.split()[0],
    }
    print(f"documents                 {n:>10}   ({chars / n:,.0f} chars on average)")
    print(f"read+clean+segment        {result['pipeline_docs_per_s']:>10,.0f} docs/s   {result['pipeline_chars_per_s']/1e6:.1f} M chars/s")
    print(f"ingest into SQLite        {result['ingest_sqlite_docs_per_s']:>10,.0f} docs/s   stored {first.stored}, rejected {first.rejected}")
    print(f"ingest .txt files         {result['ingest_txt_files_docs_per_s']:>10,.0f} docs/s   ({txt.read} files, stored {txt.stored})")
    print(f"re-ingest (all present)   {result['reingest_docs_per_s']:>10,.0f} docs/s   stored {second.stored}, present {second.present}")
    print(f"database size             {db_mb:>10.1f} MB")
    print(f"peak memory (RSS)         {peak_mb:>10.1f} MB")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
