"""Entity-level gold (dates, places) and their scores.

Files: ``eval/entities/<kind>/<corpus>/<id>.json`` holding ``{"corpus", "id", "<kind>": [...]}``
where every item has ``start`` and ``end`` offsets into the article's text (the text itself is
never copied). A predicted mention matches a gold one when their spans overlap and their
``value`` (dates) or ``code`` (places) are equal; the span-only figure is reported too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gold import GoldError

KINDS = {"dates": "value", "places": "code"}


@dataclass(slots=True)
class EntityGold:
    corpus: str
    id: str
    items: list[dict[str, Any]]

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.id}"


def load_entity_gold(root: str | Path, kind: str) -> list[EntityGold]:
    folder = Path(root) / kind
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: not valid JSON ({exc})") from None
        items = data.get(kind)
        if not isinstance(items, list) or data.get("id") != path.stem or data.get("corpus") != path.parent.name:
            raise GoldError(f"{path}: expected {{corpus, id, {kind}: [...]}} matching the file name")
        for i, item in enumerate(items):
            if not (isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int)
                    and item["start"] < item["end"] and KINDS[kind] in item):
                raise GoldError(f"{path}: {kind}[{i}] needs integer start < end and '{KINDS[kind]}'")
        out.append(EntityGold(data["corpus"], data["id"], items))
    return out


@dataclass(slots=True)
class EntityScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0  # span overlaps and value/code equal
    span_matched: int = 0  # span overlaps
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def frac(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        p, r = frac(self.matched, self.predicted), frac(self.matched, self.gold)
        f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": p,
            "recall": r,
            "f1": f1,
            "span_precision": frac(self.span_matched, self.predicted),
            "span_recall": frac(self.span_matched, self.gold),
        }


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score_entities(gold: list[EntityGold], predictions: dict[str, dict[str, Any]], kind: str) -> EntityScore:
    """Greedy one-to-one matching per document (exact value/code first)."""
    attr = KINDS[kind]
    res = EntityScore()
    for g in gold:
        pred = predictions.get(g.key)
        if pred is None:
            continue
        text = pred.get("text", "")
        predicted = list(pred.get(kind) or [])
        res.gold += len(g.items)
        res.predicted += len(predicted)
        free = list(predicted)
        for item in g.items:
            exact = next((p for p in free if _overlap(item, p) and p.get(attr) == item[attr]), None)
            if exact is not None:
                res.matched += 1
                res.span_matched += 1
                free.remove(exact)
                continue
            loose = next((p for p in free if _overlap(item, p)), None)
            if loose is not None:
                res.span_matched += 1
                free.remove(loose)
            res.errors.append({"doc": g.key, "kind": "wrong" if loose else "missed",
                               "text": text[item["start"]:item["end"]], "gold": item[attr],
                               "predicted": loose.get(attr) if loose else None})
        for p in free:
            if not any(_overlap(p, item) for item in g.items):
                res.errors.append({"doc": g.key, "kind": "false", "text": text[p["start"]:p["end"]],
                                   "gold": None, "predicted": p.get(attr)})
    return res
