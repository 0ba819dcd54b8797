"""Story clustering (near-duplicates + stories) at growing corpus sizes: is it near-linear?

    .venv/bin/python bench/stories.py [--sizes 1000,10000,100000] [--batch 500] [--seed 7]
    .venv/bin/python bench/stories.py --gold        # pairwise P/R/F1 on the dev gold only

Synthetic corpora are made from the dev-split articles of ../shared/corpora: each *story
group* takes one article, rewrites it (a share of its words replaced by random corpus words,
so two groups made from one article are unrelated as text) and gives it a random date in
2000–2030; the group's 1–4 *reports* are copies of that text with a few more words replaced
or deleted, new ids, other outlets and dates up to a day apart. Documents are cleaned and
segmented (not timed), written to a fresh SQLite file in batches, and after each batch
:func:`marsad.stories.assign_stories` runs — that is what is timed. Each size runs in its
own process, so peak memory is per size.

Printed per size: clustering seconds, documents/s, milliseconds per document in the first
and the last tenth of the batches (flat = the cost of a new document does not grow with the
corpus), peak RSS while clustering, LSH index rows, database size, and pairwise P/R/F1 of
the stories against the synthetic groups.
Results go to bench/results/stories.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
OUTLETS = ["وكالة أ", "صحيفة ب", "موقع ج", "قناة د", "صحيفة هـ", "وكالة و", "موقع ز"]


def dev_records() -> list[dict]:
    out = []
    for folder in sorted(CORPORA.iterdir()) if CORPORA.is_dir() else []:
        index = folder / "index.jsonl"
        if not index.exists():
            continue
        split = {json.loads(x)["id"]: json.loads(x).get("split") for x in index.open(encoding="utf-8") if x.strip()}
        with (folder / "articles.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if split.get(rec["id"]) == "dev":
                    out.append(rec)
    return out


def _mutate(text: str, rng: random.Random, vocab: list[str], sub: float, dele: float) -> str:
    lines = []
    for line in text.split("\n"):
        words = []
        for w in line.split(" "):
            r = rng.random()
            if r < dele and len(w) > 1:
                continue
            words.append(rng.choice(vocab) if r < dele + sub and len(w) > 1 else w)
        lines.append(" ".join(words))
    return "\n".join(lines)


def synthetic(n: int, seed: int):
    """Yield (RawDoc, group id) for n synthetic documents."""
    import datetime as dt

    from marsad.model import RawDoc

    base = dev_records()
    if not base:
        sys.exit(f"no dev-split corpora under {CORPORA}")
    vocab = sorted({w for r in base for w in r["text"].split() if len(w) > 2})
    rng = random.Random(seed)
    made, group = 0, 0
    while made < n:
        rec = base[rng.randrange(len(base))]
        text = _mutate(rec["text"], rng, vocab, sub=0.30, dele=0.0)
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
        for k in range(min(rng.choice([1, 1, 2, 2, 3, 4]), n - made)):
            copy = _mutate(text, rng, vocab, sub=0.03, dele=0.02)
            date = day + dt.timedelta(days=rng.randrange(2))
            yield RawDoc(
                doc_id=f"g{group}-r{k}", text=copy, source="bench", fmt="jsonl",
                title=rec.get("title"), published=date.isoformat(), outlet=rng.choice(OUTLETS),
            ), group
            made += 1
        group += 1


def pairwise(clusters: list[list[str]], truth: dict[str, int]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of ``clusters`` against the ``truth`` labels."""
    from collections import Counter
    from math import comb

    tp = sum(comb(c, 2) for cl in clusters for c in Counter(truth[d] for d in cl).values())
    pred = sum(comb(len(cl), 2) for cl in clusters)
    gold = sum(comb(c, 2) for c in Counter(truth.values()).values())
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def run_one(n: int, batch: int, seed: int) -> dict:
    import sqlalchemy as sa

    from marsad.model import Document
    from marsad.pipeline import build_document
    from marsad.stories import assign_stories
    from marsad.store.db import Store
    from marsad.store.schema import story_buckets, story_links

    truth: dict[str, int] = {}
    t_build = t_write = t_assign = 0.0
    per_doc_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "s.db")) as store:
        pending: list[Document] = []

        def flush() -> None:
            nonlocal t_write, t_assign
            t0 = time.perf_counter()
            store.write_batch(pending, [])
            t1 = time.perf_counter()
            assign_stories(store, pending)
            t2 = time.perf_counter()
            t_write += t1 - t0
            t_assign += t2 - t1
            per_doc_ms.append(1000 * (t2 - t1) / len(pending))
            pending.clear()

        for raw, g in synthetic(n, seed):
            t0 = time.perf_counter()
            doc = build_document(raw, extract=False)
            t_build += time.perf_counter() - t0
            if isinstance(doc, Document):
                truth[doc.doc_id] = g
                pending.append(doc)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        peak_clustering = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        clusters = [s["doc_ids"] for s in store.list_stories(min_docs=1)]
        t_list = time.perf_counter() - t0
        with store.engine.connect() as conn:
            buckets = conn.execute(sa.select(sa.func.count()).select_from(story_buckets)).scalar_one()
            links = conn.execute(sa.select(sa.func.count()).select_from(story_links)).scalar_one()
        db_mb = sum(p.stat().st_size for p in Path(tmp).glob("s.db*")) / 1e6
    k = max(1, len(per_doc_ms) // 10)
    return {
        "documents": len(truth),
        "assign_s": round(t_assign, 2),
        "assign_docs_per_s": round(len(truth) / t_assign, 1),
        "first_batches_ms_per_doc": round(sum(per_doc_ms[:k]) / k, 3),
        "last_batches_ms_per_doc": round(sum(per_doc_ms[-k:]) / k, 3),
        "slowest_batch_ms_per_doc": round(max(per_doc_ms), 3),
        "write_s": round(t_write, 2),
        "build_s": round(t_build, 2),
        "bucket_rows": buckets,
        "links": links,
        "stories": len(clusters),
        "db_mb": round(db_mb, 1),
        "peak_rss_mb_clustering": round(peak_clustering, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "list_stories_s": round(t_list, 2),
        **pairwise(clusters, truth),
    }


def gold_eval() -> dict:
    """Pairwise P/R/F1 of the stories against the gold story labels (dev split + seeds)."""
    sys.path.insert(0, str(ROOT))
    from tests.integration.test_stories_store import dev_gold_scores  # one definition of the scoring

    return dev_gold_scores(CORPORA.parent, ROOT / "eval" / "gold")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--batch", type=int, default=500, help="documents per batch (as in ingest)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--gold", action="store_true", help="only score the dev gold story groups")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "stories.json"))
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.batch, args.seed)))
        return
    if args.gold:
        print(json.dumps(gold_eval(), indent=1, ensure_ascii=False))
        return
    results = []
    print(f"{'docs':>8} {'assign s':>9} {'docs/s':>8} {'ms/doc first':>12} {'ms/doc last':>11} "
          f"{'peak MB':>8} {'buckets':>9} {'DB MB':>7} {'stories':>8} {'P':>6} {'R':>6} {'F1':>6}", flush=True)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch), "--seed", str(args.seed)],
            check=True, capture_output=True, text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['documents']:>8} {r['assign_s']:>9} {r['assign_docs_per_s']:>8} {r['first_batches_ms_per_doc']:>12} "
              f"{r['last_batches_ms_per_doc']:>11} {r['peak_rss_mb_clustering']:>8} {r['bucket_rows']:>9} "
              f"{r['db_mb']:>7} {r['stories']:>8} "
              f"{r['precision']:>6} {r['recall']:>6} {r['f1']:>6}", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"python": sys.version.split()[0], "sizes": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
