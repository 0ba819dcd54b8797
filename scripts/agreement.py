#!/usr/bin/env python3
"""Inter-annotator agreement on events between two folders of gold files (same articles).

    python scripts/agreement.py FIRST_DIR SECOND_DIR

Strict: required events of each pass, matched one-to-one on class and parties (either order for
symmetric classes; parties at the state/IGO level, as `marsad eval` scores them).
Lenient (the scorer's view, FIRST as gold): a required event of FIRST is found when SECOND has a
matching event (required or not); an event of SECOND is false only if it matches nothing in FIRST.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from marsad.eval.gold import SYMMETRIC, actor_parts, parse_gold  # noqa: E402


def key(ev):
    def k(code):
        c, t = actor_parts(code)
        return c or t
    s, t = k(ev.source), k(ev.target)
    return (ev.cls, frozenset((s, t)) if ev.cls in SYMMETRIC else (s, t))


def match(a, b):
    """One-to-one matches between two lists of events (greedy on identical keys)."""
    left = [key(e) for e in b]
    n = 0
    for e in a:
        kk = key(e)
        if kk in left:
            left.remove(kk)
            n += 1
    return n


def main(first: Path, second: Path) -> None:
    strict = [0, 0, 0]  # matched, |first|, |second|
    len_tp = len_fn = len_fp = 0
    docs = 0
    for p2 in sorted(second.glob("*/*.json")):
        p1 = first / p2.parent.name / p2.name
        if not p1.exists():
            continue
        docs += 1
        g1 = parse_gold(json.loads(p1.read_text(encoding="utf-8")), p1)
        g2 = parse_gold(json.loads(p2.read_text(encoding="utf-8")), p2)
        r1 = [e for e in g1.events if e.counts]
        r2 = [e for e in g2.events if e.counts]
        m = match(r1, r2)
        strict[0] += m
        strict[1] += len(r1)
        strict[2] += len(r2)
        all2 = [key(e) for e in g2.events]
        tp = sum(1 for e in r1 if key(e) in all2)
        len_tp += tp
        len_fn += len(r1) - tp
        all1 = {key(e) for e in g1.events}
        len_fp += sum(1 for e in r2 if key(e) not in all1)
    f1 = 2 * strict[0] / (strict[1] + strict[2]) if strict[1] + strict[2] else 0.0
    print(f"articles {docs}")
    print(f"strict: matched {strict[0]}, required first {strict[1]}, required second {strict[2]}, F1 {f1:.3f}")
    p = (len_tp / (len_tp + len_fp)) if len_tp + len_fp else 0.0
    r = len_tp / (len_tp + len_fn) if len_tp + len_fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"lenient (first as gold): P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
