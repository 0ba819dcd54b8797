"""What the actor dictionary costs: extraction CPU time with the dictionary on and off.

    .venv/bin/python bench/actordict.py [--docs 2000] [--runs 3] [--shared ../shared]

Reads the first ``--docs`` records of ``../shared/archive`` (records marked ``"split": "test"``
are skipped), cleans and segments them once, then times ``--runs`` times, in one process, each
document with the dictionary on and off back to back (the order alternating by document), so
that a shared machine's changing load falls alike on both:

* **extract**: every extract stage (dates, places, actors, events) of :data:`marsad.pipeline`
  on each document — what ``marsad extract`` / ``ingest`` spend after cleaning;
* **actors**: the actors stage alone (places computed once beforehand).

"on" is the packaged dictionary (curated + learned entries: affiliations, known names without a
title, office holders); "off" is :func:`marsad.extract.actors.dictionary.use_dictionary`
``(False)``, the same as ``MARSAD_ACTOR_DICTIONARY=off``. Figures are CPU seconds of this
process (user + sys, :func:`resource.getrusage`) next to wall seconds, with the load average
before and after. The cost is ``median(on) / median(off) − 1``; the issue's budget is 10 %. Writes
``bench/results/actordict.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad import extract  # noqa: E402
from marsad.extract.actors.dictionary import use_dictionary  # noqa: E402
from marsad.ingest.readers import iter_inputs  # noqa: E402
from marsad.model import Document, RawDoc  # noqa: E402
from marsad.pipeline import build_document, warm  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load_docs(shared: Path, n: int) -> list[Document]:
    paths = sorted(str(p) for p in (shared / "archive").glob("*.jsonl*"))
    docs: list[Document] = []
    for raw in iter_inputs(paths):
        if not isinstance(raw, RawDoc) or (raw.meta.get("extra") or {}).get("split") == "test":
            continue
        doc = build_document(raw, extract=False)
        if isinstance(doc, Document):
            docs.append(doc)
        if len(docs) >= n:
            break
    return docs


def run_extract(docs: list[Document]) -> None:
    for doc in docs:
        extract.dates_stage(doc)
        extract.places_stage(doc)
        extract.actors_stage(doc)
        extract.events_stage(doc)


def paired(stage, docs: list[Document], flip: bool) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """Run ``stage`` on every document twice, dictionary on and off back to back (the order
    alternates by document, and ``flip`` swaps it), so that the machine's load drifts alike
    over both; returns (CPU on, CPU off, wall on, wall off) in seconds (CPU: this process,
    user + sys, :func:`time.process_time`)."""
    c = {True: 0.0, False: 0.0}
    w = {True: 0.0, False: 0.0}
    try:
        for i, doc in enumerate(docs):
            first = (i % 2 == 0) != flip
            for on in (first, not first):
                use_dictionary(on)
                c0, w0 = time.process_time(), time.perf_counter()
                stage(doc)
                c[on] += time.process_time() - c0
                w[on] += time.perf_counter() - w0
    finally:
        use_dictionary(True)
    return c[True], c[False], w[True], w[False]


def extract_one(doc: Document) -> None:
    run_extract([doc])


def actors_one(doc: Document) -> None:
    extract.actors_stage(doc)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    if not (args.shared / "archive").is_dir():
        print(f"no archive under {args.shared}", file=sys.stderr)
        return 2
    warm()
    load0 = os.getloadavg()
    docs = load_docs(args.shared, args.docs)
    for doc in docs:  # places once, for the actors-only runs (and a warm-up of every stage)
        extract.places_stage(doc)
    run_extract(docs[:50])
    result: dict[str, dict[str, list[float]]] = {}
    for name, fn in (("extract", extract_one), ("actors", actors_one)):
        v: dict[str, list[float]] = {"cpu_on": [], "cpu_off": [], "wall_on": [], "wall_off": []}
        for r in range(args.runs):
            c_on, c_off, w_on, w_off = paired(fn, docs, flip=r % 2 == 1)
            for k, x in zip(("cpu_on", "cpu_off", "wall_on", "wall_off"), (c_on, c_off, w_on, w_off)):
                v[k].append(x)
            print(f"{name:8} run {r + 1}: CPU on {c_on:7.2f} s  off {c_off:7.2f} s ({c_on / c_off - 1:+.1%})  "
                  f"wall on {w_on:7.2f} s  off {w_off:7.2f} s  load {os.getloadavg()[0]:.1f}", file=sys.stderr)
        result[name] = v
    load1 = os.getloadavg()
    print(f"{len(docs)} archive documents, {args.runs} runs each, load average {load0[0]:.1f} → {load1[0]:.1f}")
    print(f"{'stage':8} {'CPU on (median)':>16} {'CPU off (median)':>17} {'cost':>7}   wall on / off (median)")
    summary = {}
    for name, v in result.items():
        on, off = statistics.median(v["cpu_on"]), statistics.median(v["cpu_off"])
        won, woff = statistics.median(v["wall_on"]), statistics.median(v["wall_off"])
        cost = on / off - 1 if off else float("nan")
        summary[name] = {"cpu_on": on, "cpu_off": off, "cost": cost, "wall_on": won, "wall_off": woff}
        print(f"{name:8} {on:14.2f} s {off:15.2f} s {cost:+7.1%}   {won:.2f} / {woff:.2f} s")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "actordict.json").write_text(json.dumps(
        {"docs": len(docs), "runs": args.runs, "load": [load0, load1], "runs_detail": result, "summary": summary},
        indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
