"""Ingest throughput on the research corpora (../shared/corpora), replicated.

    .venv/bin/python bench/ingest.py [--docs 5000] [--full-docs 2000] [--jobs 2]

Builds a JSONL file of the 390 corpus articles repeated until --docs documents (each copy made
distinct by a trailing marker so nothing is deduplicated), then measures, each into a fresh
SQLite file:

  * **store** — ``marsad ingest --no-extract --no-stories``: read, decode, clean, normalize,
    segment, deduplicate and store (the foundation; goal >= 1,000 documents/s on one core),
    from the JSONL file and from one .txt file per article (encoding detection per file);
  * **ingest + extract** — extraction while ingesting, without stories, with one worker and
    with --jobs workers (on the first --full-docs documents: it is the slow path);
  * **full ingest** — the default ``marsad ingest`` (extraction, stories, event merging) on
    the 390 distinct articles only: the replicated copies are near-duplicates of each other
    and would make story clustering look far costlier than on real news (bench/stories.py
    measures clustering on realistic synthetic corpora);
  * **process** — ``marsad process`` (extraction of documents stored with ``--no-extract``)
    with one worker and with --jobs workers, without stories;
  * **re-ingest** — the same file again (everything already present).

Patterns and data files are loaded first (``pipeline.warm()``, timed as start-up), as a
long ingest amortizes them. Prints documents/s and peak memory; results also go to
bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.pipeline import ingest, process_stored, warm
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


def _timed(fn):
    t0 = time.perf_counter()
    res = fn()
    return res, time.perf_counter() - t0


def _ingest_into(db: Path, src: Path, settings: Settings):
    with Store.open(str(db)) as store:
        return _timed(lambda: ingest([str(src)], store, settings.with_overrides(db=str(db))))


def _first_lines(src: Path, n: int, out: Path) -> Path:
    with src.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(n), fh):
            dst.write(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000, help="documents for the store figures (default 5000)")
    ap.add_argument("--full-docs", type=int, default=2000, help="documents for full ingest and process (default 2000)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the parallel process figure (default 2)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest.json"))
    args = ap.parse_args()

    rows: list[tuple[str, str, float, str]] = []  # key, label, docs/s, note
    _, t_warm = _timed(warm)
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        src = tmpd / "corpus.jsonl"
        chars = build_input(args.docs, src)
        base = Settings(db=str(tmpd / "unused.db"))
        store_only = base.with_overrides(extract=False, stories=False)

        first, t = _ingest_into(tmpd / "store.db", src, store_only)
        rows.append(("store_jsonl", "store (JSONL)", first.read / t, f"stored {first.stored}, rejected {first.rejected}"))
        again, t = _ingest_into(tmpd / "store.db", src, store_only)
        rows.append(("reingest", "re-ingest (all present)", again.read / t, f"stored {again.stored}, present {again.present}"))
        db_mb = sum(p.stat().st_size for p in tmpd.glob("store.db*")) / 1e6

        txt_dir = tmpd / "txt"
        txt_dir.mkdir()
        n_txt = min(args.docs, 2000)
        with src.open(encoding="utf-8") as fh:
            for i, line in zip(range(n_txt), fh):
                (txt_dir / f"doc{i:05d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
        with Store.open(str(tmpd / "txt.db")) as store:
            txt, t = _timed(lambda: ingest([str(txt_dir)], store, store_only.with_overrides(db=str(tmpd / "txt.db"))))
        rows.append(("store_txt", "store (.txt files)", txt.read / t, f"{txt.read} files, stored {txt.stored}"))

        small = _first_lines(src, args.full_docs, tmpd / "small.jsonl")
        for jobs in sorted({1, args.jobs}):
            res, t = _ingest_into(tmpd / f"extract{jobs}.db", small, base.with_overrides(stories=False, jobs=jobs))
            rows.append((f"ingest_extract_jobs{jobs}", f"ingest + extract, {jobs} worker{'s' if jobs > 1 else ''}",
                         res.read / t, f"{res.stored} docs, {res.events} events"))
        distinct = _first_lines(src, min(args.full_docs, len(corpus_records())), tmpd / "distinct.jsonl")
        res, t = _ingest_into(tmpd / "full.db", distinct, base)
        rows.append(("full_ingest", "full ingest (extract+stories+merge)", res.read / t, f"{res.stored} distinct docs, {res.events} events"))

        for jobs in sorted({1, args.jobs}):
            db = tmpd / f"deferred{jobs}.db"
            settings = base.with_overrides(db=str(db), extract=False, stories=False)
            _ingest_into(db, small, settings)
            with Store.open(str(db)) as store:
                rep, t = _timed(lambda: process_stored(store, settings, jobs=jobs))
            rows.append((f"process_jobs{jobs}", f"process, {jobs} worker{'s' if jobs > 1 else ''}", rep.documents / t,
                         f"{rep.documents} docs, {rep.events} events"))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result: dict[str, object] = {"documents": args.docs, "full_documents": args.full_docs, "characters": chars}
    result.update({f"{k}_docs_per_s": round(v, 1) for k, _label, v, _note in rows})
    result.update({"startup_s": round(t_warm, 2), "sqlite_mb": round(db_mb, 1), "peak_rss_mb": round(peak_mb, 1), "python": sys.version.split()[0]})
    print(f"documents {args.docs} ({chars / args.docs:,.0f} chars on average); full ingest and process on {args.full_docs}")
    for _k, label, v, note in rows:
        print(f"{label:<38} {v:>8,.0f} docs/s   {note}")
    print(f"{'start-up (patterns, data files)':<38} {t_warm:>8.1f} s")
    print(f"{'database size (store)':<38} {db_mb:>8.1f} MB")
    print(f"{'peak memory (RSS, main process)':<38} {peak_mb:>8.1f} MB")
    write_result(Path(args.out), result)


def write_result(out: Path, result: dict) -> None:
    """Write a benchmark's figures as JSON (bench/results/ by default) and say where."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
