"""Output-identity check for the extract stages: snapshot every document's entities, compare later.

    .venv/bin/python bench/identity.py --save /tmp/before.json    # before a change
    .venv/bin/python bench/identity.py --check /tmp/before.json   # after it

Runs :func:`marsad.pipeline.build_document` over every document of the research corpora
(../shared/corpora/*/articles.jsonl), the seed texts (../shared/seeds/*.txt) and samples/,
and serialises each document's dates, places, actors, persons and events exactly as
``marsad extract`` does (:func:`marsad.pipeline.document_json`). ``--save`` writes that
snapshot; ``--check`` compares against one and prints, per differing document, which
entity lists differ and their first differing records. With ``--passes 2`` every document is
processed twice and the two passes must agree (catches caches that leak state between
documents). Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from marsad import pipeline
from marsad.ingest.readers import iter_inputs
from marsad.model import Document, Rejection

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ENTITIES = ("dates", "places", "actors", "persons", "events")


def default_inputs() -> list[str]:
    """The corpora, seeds and samples, in a fixed order."""
    paths = sorted(SHARED.glob("corpora/*/articles.jsonl")) + sorted(SHARED.glob("seeds/*.txt"))
    paths += [p for p in sorted((ROOT / "samples").iterdir()) if p.is_dir()]
    return [str(p) for p in paths]


def doc_key(doc: Document | Rejection, seen: dict[str, int]) -> str:
    """A stable, unique key per input item (source, line, doc_id; repeats numbered)."""
    if isinstance(doc, Rejection):
        base = f"{doc.source}:{doc.line}:rejected"
    else:
        base = f"{doc.source}:{doc.line}:{doc.doc_id}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


def entities(doc: Document | Rejection) -> dict[str, Any]:
    """The extract output of one document (as in ``marsad extract``), or its rejection."""
    if isinstance(doc, Rejection):
        return {"rejected": pipeline.rejection_json(doc)}
    out = pipeline.document_json(doc)
    return {name: out[name] for name in ENTITIES}


def snapshot(paths: list[str], passes: int = 1) -> tuple[dict[str, Any], list[str]]:
    """Run the pipeline ``passes`` times over ``paths``; the snapshot of the first pass and
    the keys whose output changed between passes."""
    result: dict[str, Any] = {}
    unstable: list[str] = []
    for n in range(passes):
        seen: dict[str, int] = {}
        for item in iter_inputs(paths):
            doc = item if isinstance(item, Rejection) else pipeline.build_document(item)
            key = doc_key(doc, seen)
            got = entities(doc)
            if n == 0:
                result[key] = got
            elif result.get(key) != got:
                unstable.append(key)
    return result, unstable


def first_difference(a: list[Any], b: list[Any]) -> str:
    """One line on where two entity lists part ways."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k)) if isinstance(x, dict) else []
            fields = "; ".join(f"{k}: {x.get(k)!r} -> {y.get(k)!r}" for k in keys[:4])
            return f"record {i} differs ({fields})"
    return f"lengths {len(a)} -> {len(b)}"


def compare(before: dict[str, Any], after: dict[str, Any], limit: int) -> int:
    """Print differences (at most ``limit`` documents in detail); the number of differing docs."""
    differing = 0
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        differing += 1
        if differing > limit:
            continue
        if old is None or new is None:
            print(f"{key}: {'missing now' if new is None else 'new document'}")
            continue
        for name in sorted(set(old) | set(new)):
            if old.get(name) != new.get(name):
                print(f"{key}: {name}: {first_difference(old.get(name) or [], new.get(name) or [])}")
    return differing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", metavar="FILE", help="write the snapshot to FILE")
    group.add_argument("--check", metavar="FILE", help="compare against the snapshot in FILE")
    ap.add_argument("inputs", nargs="*", help="inputs (default: corpora, seeds, samples)")
    ap.add_argument("--passes", type=int, default=1, help="process everything this many times (default 1)")
    ap.add_argument("--limit", type=int, default=20, help="documents to show in detail (default 20)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    snap, unstable = snapshot(args.inputs or default_inputs(), args.passes)
    print(f"{len(snap)} documents in {time.perf_counter() - t0:.1f} s")
    for key in unstable:
        print(f"{key}: output differs between passes")
    if args.save:
        Path(args.save).write_text(json.dumps(snap, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"written {args.save}")
        sys.exit(1 if unstable else 0)
    before = json.loads(Path(args.check).read_text(encoding="utf-8"))
    differing = compare(before, snap, args.limit)
    print(f"{differing} of {len(snap)} documents differ" if differing else "identical")
    sys.exit(1 if differing or unstable else 0)


if __name__ == "__main__":
    main()
