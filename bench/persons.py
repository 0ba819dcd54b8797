"""Persons against our gold: recall, affiliation accuracy, precision, speed.

    .venv/bin/python bench/persons.py [--gold eval/gold] [--shared ../shared] [--show 40]

Runs the pipeline over every article the gold files reference (dev split only), then
``find_places`` + ``find_actors`` on each document, and compares the predicted persons with
the gold persons of the article (eval/GUIDELINES.md):

* a gold person is *found* when its name words (folded) are a subset of a predicted name's
  words, or a predicted name of two words or more is a subset of the gold name's words
  (the rule of ``marsad eval``);
* affiliation accuracy: among found persons, predicted country (ISO-3 or IGO code) equals the
  gold affiliation;
* precision: predicted persons that match a gold person / all predicted persons. Gold lists
  only officials who act or speak, so some "false" persons are real people; the script prints
  them so they can be inspected.

Prints figures and the lists of misses, wrong affiliations and extra persons; writes
``bench/results/persons.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.eval.gold import load_gold  # noqa: E402
from marsad.extract.actors import find_actors  # noqa: E402
from marsad.extract.places import find_places  # noqa: E402
from marsad.model import Document  # noqa: E402
from marsad.pipeline import process  # noqa: E402
from marsad.settings import Settings  # noqa: E402
from marsad.text.normalize import fold, normalize  # noqa: E402


def tokens(name: str) -> frozenset[str]:
    return frozenset(fold(name).replace('"', " ").split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show", type=int, default=60, help="how many errors of each kind to print")
    args = ap.parse_args()

    gold = [g for g in load_gold(args.gold) if g.persons]
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g.corpus].add(g.id)
    docs: dict[str, Document] = {}
    settings = Settings()
    for corpus, ids in wanted.items():
        if corpus in ("antcorpus", "saudinewsnet"):
            split = {}
            with (args.shared / "corpora" / corpus / "index.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    split[row["id"]] = row.get("split")
            assert all(split.get(i) == "dev" for i in ids), "gold must reference dev-split articles only"
            paths = [str(args.shared / "corpora" / corpus / "articles.jsonl")]
        elif corpus == "seeds":
            paths = [str(p) for p in sorted((args.shared / "seeds").glob("*.txt")) if p.stem in ids]
        else:
            paths = [str(ROOT / "samples")]
        for d in process(paths, settings):
            if isinstance(d, Document) and d.doc_id in ids:
                docs[f"{corpus}/{d.doc_id}"] = d

    t0 = time.perf_counter()
    predicted = {}
    for key, d in docs.items():
        nt = normalize(d.text)  # one normalization for both stages
        places = find_places(d.text, d.body, norm=nt)
        predicted[key] = find_actors(d, places, norm=nt)[1]
    elapsed = time.perf_counter() - t0

    total = found = aff_ok = 0
    pred_total = pred_matched = 0
    misses, wrong_aff, extras = [], [], []
    for g in gold:
        key = f"{g.corpus}/{g.id}"
        persons = predicted.get(key, [])
        ptoks = [tokens(p.name) for p in persons]
        matched_pred: set[int] = set()
        for gp in g.persons:
            total += 1
            gt = tokens(gp.name)
            hit = next((i for i, pt in enumerate(ptoks) if pt and (gt <= pt or (len(pt) >= 2 and pt <= gt))), None)
            if hit is None:
                misses.append((key, gp.name, gp.title, gp.affiliation))
                continue
            found += 1
            matched_pred.add(hit)
            if persons[hit].country == gp.affiliation:
                aff_ok += 1
            else:
                wrong_aff.append((key, gp.name, gp.affiliation, persons[hit].country, persons[hit].title))
        pred_total += len(persons)
        for i, p in enumerate(persons):
            if i in matched_pred:
                pred_matched += 1
            else:
                extras.append((key, p.name, p.title, p.country))

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "n/a"

    print(f"documents {len(docs)}  gold persons {total}  predicted persons {pred_total}  ({elapsed * 1000 / max(1, len(docs)):.2f} ms/doc for places+actors)")
    print(f"recall {pct(found, total)} ({found}/{total})  affiliation accuracy {pct(aff_ok, found)} ({aff_ok}/{found})  "
          f"precision {pct(pred_matched, pred_total)} ({pred_matched}/{pred_total})")
    n = args.show
    print(f"\n-- misses ({len(misses)})")
    for m in misses[:n]:
        print("  ", *m)
    print(f"\n-- wrong affiliation ({len(wrong_aff)})")
    for m in wrong_aff[:n]:
        print("  ", *m)
    print(f"\n-- predicted, not in gold ({len(extras)})")
    for m in extras[:n]:
        print("  ", *m)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "persons.json").write_text(json.dumps({
        "documents": len(docs), "gold_persons": total, "found": found, "affiliation_correct": aff_ok,
        "predicted": pred_total, "predicted_matched": pred_matched,
        "recall": found / total if total else None, "affiliation_accuracy": aff_ok / found if found else None,
        "precision": pred_matched / pred_total if pred_total else None,
        "misses": misses, "wrong_affiliation": wrong_aff, "extras": extras,
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
