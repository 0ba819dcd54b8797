"""`marsad eval`: run extraction over the articles the gold files reference and score it.

Scores: event precision/recall/F1 per class and overall, date accuracy among matched events,
publication-date accuracy, person recall and affiliation accuracy, story-clustering pairwise
precision/recall/F1, cross-document event merging pairwise precision/recall/F1, plus the lists of missed and false events so a developer sees what to fix.
The predictions are exactly what ``marsad extract`` prints (``pipeline.document_json``).
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from ..model import Document
from ..pipeline import document_json, process
from ..serialize import event_key
from ..settings import Settings
from ..store.db import Store
from ..stories import assign_stories
from ..text.normalize import fold
from .entities import KINDS, load_entity_gold, score_entities
from .gold import SYMMETRIC, GoldDoc, GoldError, GoldEvent, actor_parts, class_of_code


@dataclass(slots=True)
class Sources:
    """Where the referenced articles live."""

    shared: Path  # ../shared (seeds/, corpora/)
    samples: Path  # the project's samples/


def _corpus_split(shared: Path, corpus: str) -> dict[str, str]:
    index = shared / "corpora" / corpus / "index.jsonl"
    with index.open(encoding="utf-8") as fh:
        return {row["id"]: row.get("split", "") for row in map(json.loads, fh) if row}


_ARCHIVE_ID = re.compile(r'\{"id": "([^"\\]+)"')


def _archive_subset(shared: Path, ids: set[str]) -> str:
    """The referenced records of ../shared/archive/*.jsonl.gz written to a temporary JSONL file
    (so the pipeline reads a few hundred records, not 62,513). Refuses test-split records."""
    import gzip

    found: list[str] = []
    test: list[str] = []
    for path in sorted((shared / "archive").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                # cheap pre-filter on the id (the records' first field) before decoding
                m = _ARCHIVE_ID.match(line)
                if m is not None and m.group(1) not in ids:
                    continue
                row = json.loads(line)
                if row.get("id") in ids:
                    (test if row.get("split") == "test" else found).append(line)
                    if row.get("split") == "test":
                        test[-1] = row["id"]
    if test:
        raise GoldError(f"gold references test-split archive records (kept for blind evaluation): {test[:5]}")
    tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", prefix="marsad-gold-archive-", delete=False, encoding="utf-8")
    with tmp:
        tmp.writelines(found)
    return tmp.name


def load_predictions(
    gold: Iterable[GoldDoc | Any], sources: Sources, settings: Settings, *, keep: dict[str, Document] | None = None
) -> dict[str, dict[str, Any]]:
    """Run the pipeline over every referenced article; {corpus/id: extract JSON + "text"}.
    With ``keep``, the documents themselves are put there too (by the same key)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g.corpus].add(g.id)
    out: dict[str, dict[str, Any]] = {}
    for corpus, ids in sorted(wanted.items()):
        if corpus in ("antcorpus", "saudinewsnet"):
            split = _corpus_split(sources.shared, corpus)
            test = sorted(i for i in ids if split.get(i) == "test")
            if test:
                raise GoldError(f"gold references test-split articles of {corpus} (kept for blind evaluation): {test[:5]}")
            unknown = sorted(i for i in ids if i not in split)
            if unknown:
                raise GoldError(f"gold references unknown {corpus} ids: {unknown[:5]}")
            paths = [str(sources.shared / "corpora" / corpus / "articles.jsonl")]
        elif corpus == "archive":
            paths = [_archive_subset(sources.shared, ids)]
        elif corpus == "seeds":
            paths = [str(p) for p in sorted((sources.shared / "seeds").glob("*.txt")) if p.stem in ids]
        else:
            paths = [str(sources.samples)]
        for item in process(paths, settings):
            if isinstance(item, Document) and item.doc_id in ids:
                out[f"{corpus}/{item.doc_id}"] = {**document_json(item), "text": item.text}
                if keep is not None:
                    keep[f"{corpus}/{item.doc_id}"] = item
        missing = sorted(i for i in ids if f"{corpus}/{i}" not in out)
        if missing:
            raise GoldError(f"could not read {corpus} articles {missing[:5]} (missing or rejected)")
    return out


# --- events ------------------------------------------------------------------------------


def _date_range(value: str | None) -> tuple[str, str] | None:
    """"2024-11-21" → same day twice; "2024-11" → whole month; "2024" → whole year."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 3:
        return value, value
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    return f"{value}-01-01", f"{value}-12-31"


def _actor_key(actor: Any) -> str | None:
    """The scored identity of a predicted actor: its state or IGO; for a non-state actor whose
    country is unknown, its CAMEO type (REB, INS, ...)."""
    if not isinstance(actor, dict):
        return None
    return actor.get("country") or actor.get("igo") or actor.get("role") or None


def _gold_key(code: str | None) -> str | None:
    """The scored identity of a gold actor: "SYRREB" → "SYR", "INS" → "INS", "IGOUNO" → "IGOUNO"."""
    country, kind = actor_parts(code)
    return country or kind


@dataclass(frozen=True, slots=True)
class PredEvent:
    cls: str
    source: str | None
    target: str | None
    date: tuple[str, str] | None
    modality: str
    evidence: str
    code: str
    event_id: int | None = None  # the canonical (merged) event, when stories were predicted


def predicted_events(doc_json: dict[str, Any]) -> list[PredEvent]:
    """Scorable predicted events: in-scope classes, realized or planned. A host→visitor 043
    is turned into its visitor→host visit; repeats of one (class, actors, date) count once."""
    seen: set[tuple] = set()
    out = []
    for ev in doc_json.get("events") or []:
        code = str(ev.get("code", ""))
        cls = class_of_code(code)
        if cls is None:
            continue
        modality = ev.get("modality") or "realized"
        # what `marsad events` lists by default: a conditional meeting is never a held one (issue 11)
        if modality in ("negated", "cancelled", "conditional", "hypothetical"):
            continue
        src, tgt = _actor_key(ev.get("source")), _actor_key(ev.get("target"))
        if code == "043":
            src, tgt = tgt, src
        date = _date_range(ev.get("date"))
        key = (cls, frozenset((src, tgt)) if cls in SYMMETRIC else (src, tgt), date)
        if key in seen:
            continue
        seen.add(key)
        evidence = (ev.get("evidence") or {}).get("text", "") if isinstance(ev.get("evidence"), dict) else ""
        out.append(PredEvent(cls, src, tgt, date, modality, evidence, code, ev.get("event_id")))
    return out


def _actors_match(g: GoldEvent, p: PredEvent) -> bool:
    src, tgt = _gold_key(g.source), _gold_key(g.target)
    if g.cls in SYMMETRIC:
        return {src, tgt} == {p.source, p.target}
    return (src, tgt) == (p.source, p.target)


def _date_ok(g: GoldEvent, p: PredEvent) -> bool | None:
    if g.date is None:
        return None
    if p.date is None:
        return False
    return g.date[0] <= p.date[0] and p.date[1] <= g.date[1]


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p is not None or r is not None else None)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _r(p), "recall": _r(r), "f1": _r(f)}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass(slots=True)
class EvalResult:
    docs: int = 0
    per_class: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    dates_checked: int = 0
    dates_correct: int = 0
    published_total: int = 0
    published_correct: int = 0
    persons_total: int = 0
    persons_found: int = 0
    affiliations_correct: int = 0
    story_pairs: Tally = field(default_factory=Tally)
    merge_pairs: Tally = field(default_factory=Tally)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_events: list[dict[str, Any]] = field(default_factory=list)
    published_errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        overall = Tally(*(sum(getattr(t, k) for t in self.per_class.values()) for k in ("tp", "fp", "fn")))
        frac = lambda a, b: _r(a / b) if b else None  # noqa: E731
        return {
            "documents": self.docs,
            "events": {
                "overall": overall.as_dict(),
                "per_class": {c: t.as_dict() for c, t in sorted(self.per_class.items())},
                "date_accuracy": frac(self.dates_correct, self.dates_checked),
                "dates_checked": self.dates_checked,
            },
            "published": {
                "accuracy": frac(self.published_correct, self.published_total),
                "total": self.published_total,
            },
            "persons": {
                "recall": frac(self.persons_found, self.persons_total),
                "affiliation_accuracy": frac(self.affiliations_correct, self.persons_found),
                "total": self.persons_total,
            },
            "stories": self.story_pairs.as_dict(),
            "event_merging": self.merge_pairs.as_dict(),
            "misses": self.misses,
            "false_events": self.false_events,
            "published_errors": self.published_errors,
        }


def _person_tokens(name: str) -> frozenset[str]:
    return frozenset(fold(name).replace("«", " ").replace("»", " ").split())


def score(gold: list[GoldDoc], predictions: dict[str, dict[str, Any]]) -> EvalResult:
    res = EvalResult(docs=len(gold))
    matched: list[tuple[GoldDoc, GoldEvent, PredEvent]] = []  # required gold events found
    for g in gold:
        pred = predictions[g.key]
        # publication date
        res.published_total += 1
        if pred.get("published") == g.published:
            res.published_correct += 1
        else:
            res.published_errors.append({"doc": g.key, "gold": g.published, "predicted": pred.get("published")})
        # events: greedy one-to-one matching, exact-date candidates first
        pevents = predicted_events(pred)
        unmatched_gold = list(g.events)
        for p in pevents:
            candidates = [e for e in unmatched_gold if e.cls == p.cls and _actors_match(e, p)]
            if not candidates:
                res.per_class[p.cls].fp += 1
                res.false_events.append(
                    {"doc": g.key, "class": p.cls, "code": p.code, "source": p.source, "target": p.target,
                     "date": p.date, "evidence": p.evidence}
                )
                continue
            best = max(candidates, key=lambda e: (_date_ok(e, p) is True, e.counts))
            unmatched_gold.remove(best)
            if best.counts:
                res.per_class[p.cls].tp += 1
                matched.append((g, best, p))
                ok = _date_ok(best, p)
                if ok is not None:
                    res.dates_checked += 1
                    res.dates_correct += ok
            # a prediction matching a borderline (non-required) gold event is neither TP nor FP
        for e in unmatched_gold:
            if e.counts:
                res.per_class[e.cls].fn += 1
                res.misses.append(
                    {"doc": g.key, "class": e.cls, "source": e.source, "target": e.target,
                     "date": list(e.date) if e.date else None, "note": e.note}
                )
        # persons
        ppersons = [_person_tokens(p.get("name", "")) for p in pred.get("persons") or []]
        pcountries = [p.get("country") for p in pred.get("persons") or []]
        for gp in g.persons:
            res.persons_total += 1
            gt = _person_tokens(gp.name)
            hit = next((i for i, pt in enumerate(ppersons) if pt and (gt <= pt or (len(pt) >= 2 and pt <= gt))), None)
            if hit is not None:
                res.persons_found += 1
                res.affiliations_correct += pcountries[hit] == gp.affiliation
    # stories: pairwise over annotated documents
    gold_story = {g.key: g.story for g in gold}
    pred_story = {g.key: predictions[g.key].get("story_id") for g in gold}
    for a, b in combinations(sorted(gold_story), 2):
        same_gold = gold_story[a] is not None and gold_story[a] == gold_story[b]
        same_pred = pred_story[a] is not None and pred_story[a] == pred_story[b]
        if same_gold and same_pred:
            res.story_pairs.tp += 1
        elif same_pred:
            res.story_pairs.fp += 1
        elif same_gold:
            res.story_pairs.fn += 1
    _score_merging(matched, res.merge_pairs)
    return res


def _same_gold_event(a: tuple[GoldDoc, GoldEvent], b: tuple[GoldDoc, GoldEvent]) -> bool:
    """Two gold events of different articles are one real-world event when the articles tell
    one gold story and the events agree on class, parties and dates (eval/GUIDELINES.md)."""
    (da, ea), (db, eb) = a, b
    if da.story is None or da.story != db.story or ea.cls != eb.cls:
        return False
    parties = {ea.source, ea.target} == {eb.source, eb.target} if ea.cls in SYMMETRIC else (
        (ea.source, ea.target) == (eb.source, eb.target))
    if not parties:
        return False
    return ea.date is None or eb.date is None or (ea.date[0] <= eb.date[1] and eb.date[0] <= ea.date[1])


def _score_merging(matched: list[tuple[GoldDoc, GoldEvent, PredEvent]], tally: Tally) -> None:
    """Pairwise over found events of different articles: merged into one canonical event by
    the store (same ``event_id``) against one real-world event in the gold."""
    for (ga, ea, pa), (gb, eb, pb) in combinations(matched, 2):
        if ga.key == gb.key:
            continue
        same_gold = _same_gold_event((ga, ea), (gb, eb))
        same_pred = pa.event_id is not None and pa.event_id == pb.event_id
        if same_gold and same_pred:
            tally.tp += 1
        elif same_pred:
            tally.fp += 1
        elif same_gold:
            tally.fn += 1


# --- floors ------------------------------------------------------------------------------


def flatten(report: dict[str, Any]) -> dict[str, float]:
    """Numeric figures of a report as dotted names, e.g. ``events.overall.f1``."""
    flat: dict[str, float] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            flat[prefix] = float(node)

    walk("", {k: v for k, v in report.items() if k not in ("misses", "false_events", "published_errors")
              and not k.endswith("_errors")})
    return flat


def check_floors(report: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Every figure below its pinned floor, as a sentence (empty when all hold)."""
    flat = flatten(report)
    failures = []
    for name, floor in sorted(floors.items()):
        value = flat.get(name)
        if value is None:
            failures.append(f"{name}: no value (floor {floor})")
        elif value + 1e-9 < floor:
            failures.append(f"{name}: {value:.4f} is below its floor {floor:.4f}")
    return failures


def predict_stories(predictions: dict[str, dict[str, Any]], docs: dict[str, Document]) -> None:
    """Cluster the evaluated documents into stories and merge their events exactly as
    ``marsad ingest`` does (in a temporary SQLite store); set each prediction's ``story_id``
    and each predicted event's ``event_id`` (its canonical event)."""
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "eval.db")) as store:
        # documents from different corpora may share an id: store them under their keys
        batch = [dataclasses.replace(doc, doc_id=key) for key, doc in docs.items()]
        store.write_batch(batch, [])
        assign_stories(store, batch)
        store.merge_events(batch)
        for key in docs:
            story = store.story_of(key)
            predictions[key]["story_id"] = story["story_id"] if story and story.get("documents", 0) > 1 else None
        merged = {event_key(e["doc_id"], e): e["event_id"] for e in store.list_events(modalities=None)}
        for key in docs:
            for ev in predictions[key].get("events") or []:
                ev["event_id"] = merged.get(event_key(key, ev))


def evaluate(
    gold: list[GoldDoc],
    sources: Sources,
    settings: Settings | None = None,
    *,
    entities: str | Path | None = None,
) -> dict[str, Any]:
    """Score events, publication dates, persons and stories on ``gold``; dates and places on
    the entity gold under ``entities`` (eval/entities) when given."""
    entity_gold = {kind: load_entity_gold(entities, kind) for kind in KINDS} if entities else {}
    refs = list(gold) + [g for items in entity_gold.values() for g in items]
    docs: dict[str, Document] = {}
    predictions = load_predictions(refs, sources, settings or Settings(), keep=docs)
    predict_stories(predictions, {g.key: docs[g.key] for g in gold})
    report = score(gold, predictions).as_dict()
    for kind, items in entity_gold.items():
        if items:
            res = score_entities(items, predictions, kind)
            report[kind] = {**res.as_dict(), "documents": len(items)}
            report[f"{kind}_errors"] = res.errors
    return report


def class_counts(gold: Iterable[GoldDoc]) -> Counter[str]:
    return Counter(e.cls for g in gold for e in g.events if e.counts)
