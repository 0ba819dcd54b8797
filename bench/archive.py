"""Throughput at archive scale on real text: the default ``marsad ingest`` over ../shared/archive.

    .venv/bin/python bench/archive.py [--docs N] [--jobs 1,2] [--modes cold,warm] [--db URL]
    .venv/bin/python bench/archive.py --copies [--sizes 1,10,50,200] [--bases 5]

**Ingest mode** (default). For each ``--jobs`` value and each mode, one child process ingests
the archive (all 62,513 articles by default; ``--docs N``: the first N/2 of each of its two
files) into a fresh database (a SQLite file in a temporary folder, or ``--db`` — a
PostgreSQL URL whose tables are emptied first) with the default settings: extraction,
stories and event merging. ``cold``: a fresh process (word caches empty); ``warm``: the
same process first runs the extract stages over the same documents without a database
(caches filled; the workers are forked after that), then ingests. Printed per run:
documents/s and sentences/s (wall clock of the ingest), seconds per stage (in the main
process: reading + waiting for workers, store writes, stories, merging; with ``--jobs 1``
each extract stage too), story and merge milliseconds per document in the first and last
tenth of the batches, and peak RSS (the main process, and the largest worker).

**Copies mode** (``--copies``). Stories grown from real archive articles: for each of
``--bases`` articles (700–4000 characters, different outlets' days), copies are made at run
time by light edits (about 3 % of words replaced by other words of the same article, 2 %
deleted, sometimes one sentence dropped; dates within a day) — never stored anywhere but the
temporary database. A background of ``--background`` real articles is ingested first. Each
copy is stored and given its story as its own batch (write_batch → assign_stories →
merge_events, as ingest does); printed: the story (and merge) cost of the k-th copy, for k
in ``--sizes``: the median over the bases and the copies k-k/10..k (wall clock and CPU time of
this process), and its ratio to the cost of the first copy.

Figures on a shared virtual machine vary by ±20–30 %: compare runs made back to back.
Results go to bench/results/archive.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared")) / "archive"
FILES = ["saudinewsnet.jsonl.gz", "antcorpus.jsonl.gz"]


def archive_paths() -> list[Path]:
    paths = [ARCHIVE / f for f in FILES]
    missing = [p for p in paths if not p.exists()]
    if missing:
        sys.exit(f"archive not found: {', '.join(map(str, missing))}")
    return paths


def input_paths(docs: int | None, tmp: Path) -> list[str]:
    """The archive files themselves, or a temporary JSONL of the first docs/2 of each."""
    if not docs:
        return [str(p) for p in archive_paths()]
    out = tmp / "slice.jsonl"
    per = [docs // 2, docs - docs // 2]
    with out.open("w", encoding="utf-8") as fh:
        for path, n in zip(archive_paths(), per):
            with gzip.open(path, "rt", encoding="utf-8") as src:
                for i, line in enumerate(src):
                    if i >= n:
                        break
                    fh.write(line)
    return [str(out)]


def _reset_pg(url: str) -> None:
    import sqlalchemy as sa

    from marsad.store.db import engine_url

    eng = sa.create_engine(engine_url(url))
    with eng.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    eng.dispose()


# --- ingest mode: one child process per run -------------------------------------------------


def run_ingest(spec: dict) -> dict:
    from marsad import pipeline
    from marsad.settings import Settings
    from marsad.store.db import Store

    tmp = Path(spec["tmp"])
    paths = spec["paths"]
    jobs, mode = spec["jobs"], spec["mode"]
    acc: dict[str, float] = {}
    batches: list[dict] = []
    sentences = [0]
    t_start = time.perf_counter()
    if mode == "warm":  # fill the word caches: the extract stages over the same documents
        settings0 = Settings(jobs=1)
        for _ in pipeline.process(paths, settings0):
            pass
        print(f"  [jobs {jobs} {mode}] caches warmed in {time.perf_counter() - t_start:.0f} s",
              file=sys.stderr, flush=True)

    def timed(name: str, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                acc[name] = acc.get(name, 0.0) + time.perf_counter() - t0
        return wrapper

    # per-stage time of the extraction (in this process: meaningful with --jobs 1)
    for name, fn in list(pipeline.STAGES.items()):
        pipeline.STAGES[name] = timed(f"extract:{name}", fn)
    pipeline.clean_text = timed("clean", pipeline.clean_text)  # type: ignore[assignment]
    seg = pipeline.segment.segment
    pipeline.segment.segment = timed("segment", seg)  # type: ignore[assignment]

    cur: dict[str, float] = {}
    orig_write = Store.write_batch
    orig_merge = Store.merge_events
    orig_assign = pipeline.assign_stories

    def write_batch(self, docs, rejected, *a, **k):
        t0 = time.perf_counter()
        res = orig_write(self, docs, rejected, *a, **k)
        dt_ = time.perf_counter() - t0
        acc["store"] = acc.get("store", 0.0) + dt_
        if docs:
            gone = {a for a, _ in res.present}
            sentences[0] += sum(len(d.sentences) for d in docs if d.doc_id not in gone)
            cur.clear()
            cur.update(docs=len(docs), store=dt_)
        return res

    def assign(store, docs, *a, **k):
        t0 = time.perf_counter()
        res = orig_assign(store, docs, *a, **k)
        dt_ = time.perf_counter() - t0
        acc["stories"] = acc.get("stories", 0.0) + dt_
        cur["stories"] = dt_
        return res

    def merge(self, docs=None, *a, **k):
        t0 = time.perf_counter()
        res = orig_merge(self, docs, *a, **k)
        dt_ = time.perf_counter() - t0
        acc["merge"] = acc.get("merge", 0.0) + dt_
        if docs is not None and cur:
            cur["merge"] = dt_
            batches.append(dict(cur))
        return res

    Store.write_batch = write_batch  # type: ignore[method-assign]
    Store.merge_events = merge  # type: ignore[method-assign]
    pipeline.assign_stories = assign  # type: ignore[assignment]

    db = spec["db"] or str(tmp / f"archive-{jobs}-{mode}.db")
    if spec["db"] and spec["db"].startswith("postgresql"):
        _reset_pg(spec["db"])
    settings = Settings(db=db, jobs=jobs)
    seen = [0]
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = ru0.ru_utime + ru0.ru_stime
    t0 = time.perf_counter()

    def on_item(_item) -> None:
        seen[0] += 1
        if seen[0] % 5000 == 0:
            el = time.perf_counter() - t0
            print(f"  [jobs {jobs} {mode}] {seen[0]:>6} read  {seen[0] / el:6.0f} docs/s  {el:6.0f} s  "
                  f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
                  file=sys.stderr, flush=True)

    with Store.open(db) as store:
        report = pipeline.ingest(paths, store, settings, on_item=on_item)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stored = report.stored
    ru_self, ru_kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_main = ru_self.ru_utime + ru_self.ru_stime - cpu0
    cpu_workers = ru_kids.ru_utime + ru_kids.ru_stime

    def per_doc(part: list[dict], key: str) -> float | None:
        n = sum(b["docs"] for b in part)
        return round(1000 * sum(b.get(key, 0.0) for b in part) / n, 2) if n else None

    k = max(1, len(batches) // 10)
    first, last = batches[:k], batches[-k:]
    named = {"stories", "merge", "store"}
    extract_s = sum(v for n, v in acc.items() if n not in named)
    stages = {n: round(v, 2) for n, v in sorted(acc.items())}
    stages["other (read, hash, wait for workers)"] = round(wall - sum(acc.values()), 2) if jobs == 1 else None
    return {
        "jobs": jobs, "mode": mode, "read": report.read, "stored": stored, "present": report.present,
        "rejected": report.rejected, "events": report.events, "sentences": sentences[0],
        "seconds": round(wall, 1), "docs_per_s": round(report.read / wall, 1),
        "sentences_per_s": round(sentences[0] / wall, 1),
        "stage_seconds": stages, "extract_in_main_s": round(extract_s, 2),
        "story_ms_per_doc": {"first_tenth": per_doc(first, "stories"), "last_tenth": per_doc(last, "stories")},
        "merge_ms_per_doc": {"first_tenth": per_doc(first, "merge"), "last_tenth": per_doc(last, "merge")},
        "batches": len(batches),
        "cpu_s": {"main": round(cpu_main, 1), "workers": round(cpu_workers, 1)},
        "peak_rss_mb": round(peak, 1), "peak_rss_worker_mb": round(peak_child, 1) if jobs > 1 else None,
    }


def print_ingest(r: dict) -> None:
    print(f"--jobs {r['jobs']} {r['mode']}: {r['read']:,} read, {r['stored']:,} stored, {r['rejected']} rejected, "
          f"{r['events']:,} events in {r['seconds']:.0f} s")
    print(f"  {r['docs_per_s']:,.0f} docs/s, {r['sentences_per_s']:,.0f} sentences/s; peak RSS {r['peak_rss_mb']:.0f} MB"
          + (f" (largest worker {r['peak_rss_worker_mb']:.0f} MB)" if r["peak_rss_worker_mb"] else ""))
    print("  seconds per stage: " + ", ".join(f"{n} {v}" for n, v in r["stage_seconds"].items() if v is not None))
    s, m = r["story_ms_per_doc"], r["merge_ms_per_doc"]
    print(f"  stories ms/doc first tenth {s['first_tenth']}, last tenth {s['last_tenth']}; "
          f"merge ms/doc first tenth {m['first_tenth']}, last tenth {m['last_tenth']} ({r['batches']} batches)")
    print(f"  CPU seconds: main process {r['cpu_s']['main']}, workers {r['cpu_s']['workers']}")


# --- copies mode ---------------------------------------------------------------------------


def base_articles(n: int, seed: int) -> list[dict]:
    """n real archive articles of 700-4000 characters, from different outlets where possible."""
    rng = random.Random(seed)
    pool: list[dict] = []
    for path in archive_paths():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i % 97:
                    continue
                rec = json.loads(line)
                if 700 <= len(rec.get("text") or "") <= 4000 and rec.get("published"):
                    pool.append(rec)
                if len(pool) >= 40 * n:
                    break
    rng.shuffle(pool)
    out, outlets = [], set()
    for rec in pool:
        if rec.get("outlet") not in outlets or len(pool) < 2 * n:
            out.append(rec)
            outlets.add(rec.get("outlet"))
        if len(out) == n:
            break
    return out


def light_edit(text: str, rng: random.Random) -> str:
    """A copy of ``text`` as another outlet might run it: ~3 % of words replaced by other
    words of the same text, ~2 % deleted, sometimes one line dropped."""
    lines = text.split("\n")
    if len(lines) > 3 and rng.random() < 0.3:
        del lines[rng.randrange(1, len(lines))]
    vocab = text.split()
    out = []
    for line in lines:
        words = []
        for w in line.split(" "):
            r = rng.random()
            if r < 0.02 and len(w) > 1:
                continue
            words.append(rng.choice(vocab) if r < 0.05 and len(w) > 1 else w)
        out.append(" ".join(words))
    return "\n".join(out)


def _story_or_none(store, doc_id: str):
    from marsad.errors import NotFound

    try:
        return store.story_of(doc_id)
    except NotFound:  # its text was already stored under another id
        return None


def run_copies(spec: dict) -> dict:
    import datetime as dt

    from marsad.model import Document, RawDoc
    from marsad.pipeline import build_document, warm
    from marsad.settings import Settings
    from marsad.stories import assign_stories
    from marsad.store.db import Store
    from marsad import pipeline

    warm()
    rng = random.Random(spec["seed"])
    sizes = spec["sizes"]
    top = max(sizes)
    tmp = Path(spec["tmp"])
    db = spec["db"] or str(tmp / "copies.db")
    if spec["db"] and spec["db"].startswith("postgresql"):
        _reset_pg(spec["db"])
    bases = base_articles(spec["bases"], spec["seed"])
    cost: list[list[float]] = []  # per base: story seconds of copy 1..top
    mcost: list[list[float]] = []
    ccost: list[list[float]] = []  # CPU seconds of this process (less disturbed by other work)
    with Store.open(db) as store:
        if spec["background"]:
            bg = input_paths(spec["background"], tmp)
            pipeline.ingest(bg, store, Settings(db=db))
        for bi, rec in enumerate(bases):
            day = dt.date.fromisoformat(rec["published"][:10])
            costs, mcosts, ccosts = [], [], []
            for k in range(top):
                text = light_edit(rec["text"], rng)  # copy 1 too: the background may hold the original
                published = (day + dt.timedelta(days=rng.randrange(2))).isoformat()
                raw = RawDoc(doc_id=f"copy-{bi}-{k}", text=text, title=rec.get("title"), published=published,
                             outlet=f"outlet {k % 37}", source="bench-copies", line=k + 1, fmt="jsonl")
                doc = build_document(raw)
                if not isinstance(doc, Document):
                    continue
                with store.lock:
                    store.write_batch([doc], [])
                    t0, c0 = time.perf_counter(), time.process_time()
                    assign_stories(store, [doc])
                    t1, c1 = time.perf_counter(), time.process_time()
                    store.merge_events([doc])
                    t2 = time.perf_counter()
                costs.append(t1 - t0)
                ccosts.append(c1 - c0)
                mcosts.append(t2 - t1)
            cost.append(costs)
            mcost.append(mcosts)
            ccost.append(ccosts)
            story = _story_or_none(store, f"copy-{bi}-0")
            print(f"  base {bi + 1}/{len(bases)}: {len(costs)} copies, story of the first holds "
                  f"{story['documents'] if story else 0}; copy 1 {1000 * costs[0]:.1f} ms, copy {len(costs)} "
                  f"{1000 * costs[-1]:.1f} ms", file=sys.stderr, flush=True)
        sizes_found = [s["documents"] for s in (_story_or_none(store, f"copy-{bi}-0") for bi in range(len(bases))) if s]

    def at(series: list[list[float]], k: int) -> float:
        """Median cost of copies k-k/10..k over the bases (the median: the machine is shared)."""
        lo = max(0, k - max(1, k // 10))
        vals = [x for s in series for x in s[lo:k]]
        return 1000 * statistics.median(vals)

    rows = []
    one, cone = at(cost, 1), at(ccost, 1)
    for k in sizes:
        rows.append({"copies": k, "story_ms_per_copy": round(at(cost, k), 2),
                     "ratio_to_first": round(at(cost, k) / one, 2),
                     "story_cpu_ms_per_copy": round(at(ccost, k), 2),
                     "cpu_ratio_to_first": round(at(ccost, k) / cone, 2),
                     "story_ms_mean_up_to_k": round(1000 * statistics.mean(x for s in cost for x in s[:k]), 2),
                     "merge_ms_per_copy": round(at(mcost, k), 2)})
    return {"bases": len(bases), "background": spec["background"], "story_sizes": sizes_found, "rows": rows,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def print_copies(r: dict) -> None:
    print(f"stories of light-edited copies of {r['bases']} real articles over a background of {r['background']} "
          f"archive articles; final story sizes {r['story_sizes']}")
    print("median over the bases of copies k-k/10..k; story: wall ms and CPU ms of assign_stories, "
          "merge: wall ms of merge_events")
    print(f"{'k-th copy':>10}{'story ms':>10}{'× copy 1':>10}{'CPU ms':>10}{'× copy 1':>10}{'mean ≤k':>10}"
          f"{'merge ms':>10}")
    for row in r["rows"]:
        print(f"{row['copies']:>10}{row['story_ms_per_copy']:>10.2f}{row['ratio_to_first']:>10.2f}"
              f"{row['story_cpu_ms_per_copy']:>10.2f}{row['cpu_ratio_to_first']:>10.2f}"
              f"{row['story_ms_mean_up_to_k']:>10.2f}{row['merge_ms_per_copy']:>10.2f}")
    print(f"peak RSS {r['peak_rss_mb']:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=None, help="documents (default: the whole archive)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--modes", default="cold,warm", help="cold, warm or both (default both)")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file per run); "
                    "a PostgreSQL database given here is EMPTIED first")
    ap.add_argument("--copies", action="store_true", help="the per-copy story cost mode")
    ap.add_argument("--sizes", default="1,10,50,200", help="copies mode: story sizes")
    ap.add_argument("--bases", type=int, default=5, help="copies mode: real articles to copy")
    ap.add_argument("--background", type=int, default=1000, help="copies mode: archive articles ingested first")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "archive.json"))
    ap.add_argument("--one", help=argparse.SUPPRESS)  # child process: one run (JSON spec)
    args = ap.parse_args()

    if args.one:
        spec = json.loads(args.one)
        res = run_copies(spec) if spec.get("copies") else run_ingest(spec)
        print("RESULT " + json.dumps(res))
        return

    results: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_p = Path(tmp)
        if args.copies:
            specs = [{"copies": True, "tmp": tmp, "db": args.db, "seed": args.seed, "bases": args.bases,
                      "background": args.background, "sizes": [int(x) for x in args.sizes.split(",")]}]
        else:
            paths = input_paths(args.docs, tmp_p)
            specs = [{"tmp": tmp, "paths": paths, "jobs": int(j), "mode": m, "db": args.db}
                     for j in args.jobs.split(",") for m in args.modes.split(",")]
        for spec in specs:
            proc = subprocess.run([sys.executable, __file__, "--one", json.dumps(spec)], stdout=subprocess.PIPE,
                                  text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
            if proc.returncode or line is None:
                sys.exit(f"run failed ({proc.returncode}): {spec.get('jobs')} {spec.get('mode')}")
            res = json.loads(line[len("RESULT "):])
            (print_copies if args.copies else print_ingest)(res)
            sys.stdout.flush()
            results.append(res)
    print(f"machine: {os.cpu_count()} cores (shared with other work: figures are noisy and pessimistic)")
    from ingest import write_result  # noqa: E402

    out = Path(args.out)
    old = json.loads(out.read_text()) if out.exists() else {}
    old["copies" if args.copies else "ingest"] = {"args": vars(args), "results": results}
    write_result(out, old)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
