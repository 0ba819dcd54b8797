"""Date finding: marsad's find_dates against dateparser.search_dates, for speed and accuracy.

    .venv/bin/python bench/dates.py [--rounds 5] [--no-dateparser]

Speed: over the dev-split articles of ../shared/corpora (antcorpus, saudinewsnet), each
document's ``text`` is given to ``find_dates(text, published=...)`` and to
``dateparser.search_dates(text, languages=['ar'])``, one document at a time, pinned to one
core; documents per second are printed for both, with the ratio (goal: marsad >= 20x).

Accuracy: on the annotated subset (eval/entities/dates/<corpus>/<id>.json, see the README
there) both systems are scored. A predicted date matches a gold date when their spans
overlap and their values are equal (one-to-one); a span-only match needs the overlap alone.
dateparser is run here with ``RELATIVE_BASE`` = the article's publication date (otherwise it
resolves "أمس" against today), its spans are located by searching its returned substrings in
order, and its datetime is compared at the gold date's precision (a gold range of days, with
precision "none", matches any day inside it) — a generous reading in dateparser's favour.

Results go to bench/results/dates.json. Nothing here is asserted; figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date, datetime
from pathlib import Path

from marsad.extract.dates import find_dates, warm

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
GOLD = ROOT / "eval" / "entities" / "dates"
RESULTS = ROOT / "bench" / "results"


def dev_articles() -> list[dict]:
    out = []
    for corpus in ("antcorpus", "saudinewsnet"):
        base = CORPORA / corpus
        split = {}
        with (base / "index.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                split[rec["id"]] = rec.get("split")
        with (base / "articles.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if split.get(rec["id"]) == "dev":
                    rec["corpus"] = corpus
                    out.append(rec)
    return out


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "not pinned (sched_setaffinity unavailable)"


def time_marsad(docs: list[dict], rounds: int) -> float:
    """Best of ``rounds`` passes, CPU seconds per pass."""
    warm()
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        for d in docs:
            find_dates(d["text"], published=d["published"])
        best = min(best, time.process_time() - t)
    return best


def time_dateparser(docs: list[dict]) -> float:
    from dateparser.search import search_dates

    search_dates("أمس", languages=["ar"])  # load the language data before timing
    t = time.process_time()
    for d in docs:
        search_dates(d["text"], languages=["ar"])
    return time.process_time() - t


# --- accuracy -----------------------------------------------------------------------------


def load_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*/*.json"))]


def marsad_predictions(text: str, published: str | None) -> list[dict]:
    return [
        {"start": m.start, "end": m.end, "value": m.value, "end_value": m.end_value, "precision": m.precision}
        for m in find_dates(text, published=published)
    ]


def dateparser_predictions(text: str, published: str | None) -> list[dict]:
    from dateparser.search import search_dates

    settings = {}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published[:10])
    found = search_dates(text, languages=["ar"], settings=settings) or []
    out, pos = [], 0
    for sub, dt in found:
        k = text.find(sub, pos)
        if k < 0:
            k = text.find(sub)
        if k < 0:
            continue
        out.append({"start": k, "end": k + len(sub), "datetime": dt})
        pos = k + len(sub)
    return out


def same_value(pred: dict, gold: dict) -> bool:
    if "datetime" in pred:  # dateparser: compare at the gold date's precision
        d: date = pred["datetime"].date()
        g = gold["value"]
        if g is None:
            return False
        if gold["precision"] == "none":
            return g <= d.isoformat() <= gold.get("end_value", g)
        return d.isoformat()[: len(g)] == g
    return pred["value"] == gold["value"]


def score(gold_docs: list[dict], texts: dict[tuple[str, str], str], predict) -> dict:
    tp = tp_span = n_pred = n_gold = 0
    errors = []
    for g in gold_docs:
        text = texts[(g["corpus"], g["id"])]
        preds = predict(text, g["published"])
        n_pred += len(preds)
        n_gold += len(g["dates"])
        for strict, counter in ((True, "tp"), (False, "span")):
            used: set[int] = set()
            hits = 0
            for p in preds:
                for j, gd in enumerate(g["dates"]):
                    if j in used or p["end"] <= gd["start"] or gd["end"] <= p["start"]:
                        continue
                    if strict and not same_value(p, gd):
                        continue
                    used.add(j)
                    hits += 1
                    break
            if counter == "tp":
                tp += hits
                if predict is marsad_predictions:
                    for j, gd in enumerate(g["dates"]):
                        if j not in used:
                            errors.append((g["id"], gd["start"], gd["end"], gd["value"]))
            else:
                tp_span += hits

    def prf(t: int) -> dict:
        p = t / n_pred if n_pred else 0.0
        r = t / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": t}

    return {"gold": n_gold, "predicted": n_pred, "value": prf(tp), "span": prf(tp_span), "misses": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="timing passes for marsad (best is kept)")
    ap.add_argument("--no-dateparser", action="store_true", help="skip dateparser (timing and accuracy)")
    args = ap.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"no corpora under {CORPORA}", file=sys.stderr)
        return 1
    pinned = pin_one_core()
    docs = dev_articles()
    texts = {(d["corpus"], d["id"]): d["text"] for d in docs}
    chars = sum(len(d["text"]) for d in docs)
    print(f"{len(docs)} dev-split articles, {chars:,} characters; {pinned}")

    result: dict = {
        "docs": len(docs),
        "chars": chars,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu": pinned,
    }
    t_m = time_marsad(docs, args.rounds)
    result["marsad"] = {"seconds": round(t_m, 4), "docs_per_s": round(len(docs) / t_m, 1)}
    print(f"marsad find_dates      {len(docs) / t_m:10.1f} docs/s  ({t_m * 1e6 / len(docs):8.1f} µs/doc, best of {args.rounds})")
    if not args.no_dateparser:
        import dateparser

        t_d = time_dateparser(docs)
        result["dateparser"] = {
            "version": dateparser.__version__,
            "seconds": round(t_d, 3),
            "docs_per_s": round(len(docs) / t_d, 2),
        }
        result["speed_ratio"] = round(t_d / t_m, 1)
        print(f"dateparser.search_dates {len(docs) / t_d:9.1f} docs/s  ({t_d * 1e3 / len(docs):8.1f} ms/doc)")
        print(f"speed ratio: marsad is {t_d / t_m:.1f}x faster (goal >= 20x)")

    gold = load_gold()
    result["annotated_docs"] = len(gold)
    print(f"\naccuracy on {len(gold)} annotated articles ({sum(len(g['dates']) for g in gold)} gold dates)")
    print(f"{'system':12} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}   {'span P':>6} {'span R':>6} {'span F1':>7}")
    systems = [("marsad", marsad_predictions)]
    if not args.no_dateparser:
        systems.append(("dateparser", dateparser_predictions))
    for name, fn in systems:
        s = score(gold, texts, fn)
        misses = s.pop("misses")
        result.setdefault("accuracy", {})[name] = s
        v, sp = s["value"], s["span"]
        print(
            f"{name:12} {s['predicted']:5d} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}   "
            f"{sp['precision']:6.3f} {sp['recall']:6.3f} {sp['f1']:7.3f}"
        )
        if name == "marsad" and misses:
            # offsets only in the results file; the text is shown on the console
            result["marsad_misses"] = [{"id": i, "start": a, "end": b, "value": v} for i, a, b, v in misses]
            print("  marsad misses (gold date without an overlapping prediction of equal value):")
            for doc_id, a, b, value in misses:
                text = next(t for (_, i), t in texts.items() if i == doc_id)
                print(f"    {doc_id}: {text[a:b]!r} = {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "dates.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
