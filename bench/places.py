"""Country / demonym / city / organisation finder: precision, recall and speed.

    .venv/bin/python bench/places.py [--repeat 3] [--errors]

Quality: runs ``marsad.extract.places.find_places`` on the articles annotated in
``eval/entities/places/<corpus>/<id>.json`` (dev split) and scores them with
``marsad.eval.entities.score_entities``: a predicted mention matches a gold one when the spans
overlap and the codes are equal (one-to-one); span-only figures are printed too, plus figures
per gold kind (country, demonym, city, igo) and, with --errors, every miss and false alarm.

Speed: runs the finder over every dev-split article of both corpora (../shared/corpora),
--repeat times, on one core, normalization included; prints documents/s and mentions/s.
Writes bench/results/places.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.eval.entities import load_entity_gold, score_entities
from marsad.extract.places import find_places

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ("antcorpus", "saudinewsnet")


def dev_articles(shared: Path) -> dict[str, dict]:
    """corpus/id -> article, for every dev-split article of both corpora."""
    out = {}
    for corpus in CORPORA:
        base = shared / "corpora" / corpus
        with (base / "index.jsonl").open(encoding="utf-8") as fh:
            split = {row["id"]: row.get("split") for row in map(json.loads, fh)}
        with (base / "articles.jsonl").open(encoding="utf-8") as fh:
            for art in map(json.loads, fh):
                if split.get(art["id"]) == "dev":
                    out[f"{corpus}/{art['id']}"] = art
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(SHARED), help="path of ../shared")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs over the dev split (default 3)")
    ap.add_argument("--errors", action="store_true", help="print every miss and false alarm")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "places.json"))
    args = ap.parse_args()

    arts = dev_articles(Path(args.shared))
    gold = load_entity_gold(ROOT / "eval" / "entities", "places")
    missing = [g.key for g in gold if g.key not in arts]
    if missing:
        print(f"gold files for articles not in the dev split: {missing}", file=sys.stderr)
        return 2

    predictions = {}
    for g in gold:
        text = arts[g.key]["text"]
        predictions[g.key] = {
            "text": text,
            "places": [{"start": m.start, "end": m.end, "code": m.code, "kind": m.kind} for m in find_places(text)],
        }
    total = score_entities(gold, predictions, "places").as_dict()

    # recall per gold kind (a gold item is found when some prediction overlaps it with its code)
    per_kind: dict[str, Counter[str]] = {}
    for g in gold:
        preds = predictions[g.key]["places"]
        for item in g.items:
            c = per_kind.setdefault(item.get("kind", "?"), Counter())
            c["gold"] += 1
            if any(p["start"] < item["end"] and item["start"] < p["end"] and p["code"] == item["code"] for p in preds):
                c["found"] += 1

    # speed over the whole dev split
    texts = [a["text"] for a in arts.values()]
    find_places("تهيئة")  # build the lexicon before timing
    best = float("inf")
    n_mentions = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        n_mentions = sum(len(find_places(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    chars = sum(map(len, texts))

    print(f"gold: {len(gold)} articles, {total['gold']} mentions; predicted {total['predicted']}")
    print(f"precision {total['precision']:.3f}  recall {total['recall']:.3f}  F1 {total['f1']:.3f}   "
          f"(span only: P {total['span_precision']:.3f} R {total['span_recall']:.3f})")
    for kind, c in sorted(per_kind.items()):
        print(f"  recall {kind:8s} {c['found']:4d}/{c['gold']:<4d} = {c['found'] / c['gold']:.3f}")
    print(f"speed: {len(texts)} dev articles ({chars / 1e6:.2f} M chars), best of {args.repeat}: "
          f"{len(texts) / best:,.0f} docs/s, {chars / best / 1e6:.2f} M chars/s, {n_mentions} mentions")
    if args.errors:
        for e in score_entities(gold, predictions, "places").errors:
            print(f"  {e['kind']:6s} {e['doc']}: {e['text']!r} gold={e['gold']} predicted={e['predicted']}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"quality": total, "per_kind": {k: dict(v) for k, v in per_kind.items()},
                               "docs_per_s": len(texts) / best, "chars_per_s": chars / best,
                               "docs": len(texts)}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
