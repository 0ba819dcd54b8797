"""Gold annotations (see eval/GUIDELINES.md): loading and schema validation.

One JSON file per article, ``<gold>/<corpus>/<id>.json``. Every file is validated when loaded;
a bad file raises :class:`GoldError` naming the file and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MarsadError

EVENT_CLASSES = (
    "visit",
    "meet",
    "phone",
    "sign",
    "praise",
    "intent_meet",
    "intent_cooperate",
    "cooperate",
    "aid",
    "appeal",
    "reject",
    "accuse",
    "threaten",
    "coerce",
    "assault",
    "yield",
    "demand",
    "protest",
    "posture",
)
SYMMETRIC = frozenset({"meet", "phone", "sign", "cooperate", "intent_meet"})
MODALITIES = ("realized", "planned", "negated", "cancelled", "conditional", "hypothetical")
CORPORA = ("antcorpus", "saudinewsnet", "archive", "seeds", "samples")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A state (ISO-3) or an IGO code, optionally followed by one CAMEO actor type (SYRREB, EGYCOP,
# IGOUNOMIL); or a non-state actor whose country the article does not give: the type alone (INS, REB).
ACTOR_TYPES = frozenset(
    "GOV MIL COP JUD LEG SPY ELI REB INS OPP PTY CVL MED BUS NGO REF CRM LAB EDU HLH REL UAF IMG".split()
)
_ACTOR = re.compile(r"^(?:(?:[A-Z]{3}|IGO[A-Z]{3,9})(?:[A-Z]{3})?)$")


def actor_parts(code: str | None) -> tuple[str | None, str | None]:
    """("SYRREB") → ("SYR", "REB"); ("EGY") → ("EGY", None); ("INS") → (None, "INS");
    ("IGOUNO") → ("IGOUNO", None). IGO codes are kept whole (their letters are not types)."""
    if not code:
        return None, None
    if code in ACTOR_TYPES:
        return None, code
    if not code.startswith("IGO") and len(code) == 6 and code[3:] in ACTOR_TYPES:
        return code[:3], code[3:]
    return code, None


def class_of_code(code: str) -> str | None:
    """The evaluation class of a CAMEO event code ("042" → "visit"), None if out of scope."""
    code = code.strip()
    if code in ("042", "043"):
        return "visit"
    if code == "041":
        return "phone"
    if code == "036":
        return "intent_meet"
    if code == "057":
        return "sign"
    if code == "051":
        return "praise"
    root = code[:2]
    return {
        "03": "intent_cooperate",
        "04": "meet",
        "06": "cooperate",
        "07": "aid",
        "02": "appeal",
        "12": "reject",
        "11": "accuse",
        "09": "accuse",
        "13": "threaten",
        "16": "coerce",
        "17": "coerce",
        "18": "assault",
        "19": "assault",
        "20": "assault",
        "08": "yield",
        "10": "demand",
        "14": "protest",
        "15": "posture",
    }.get(root)


class GoldError(MarsadError):
    """A gold file that does not follow the annotation format."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    cls: str
    source: str
    target: str | None
    date: tuple[str, str] | None
    required: bool
    modality: str = "realized"
    code: str | None = None
    note: str = ""

    @property
    def counts(self) -> bool:
        """Whether missing this event is a miss (required and really happened or planned)."""
        return self.required and self.modality not in ("negated", "cancelled", "hypothetical")


@dataclass(frozen=True, slots=True)
class GoldPerson:
    name: str
    role: str | None
    title: str | None
    affiliation: str | None


@dataclass(slots=True)
class GoldDoc:
    corpus: str
    id: str
    path: Path
    published: str | None
    story: str | None
    events: list[GoldEvent] = field(default_factory=list)
    persons: list[GoldPerson] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.id}"


def _need(cond: bool, path: Path, msg: str) -> None:
    if not cond:
        raise GoldError(f"{path}: {msg}")


def parse_gold(data: Any, path: Path) -> GoldDoc:
    _need(isinstance(data, dict), path, "expected a JSON object")
    corpus, doc_id = data.get("corpus"), data.get("id")
    _need(corpus in CORPORA, path, f"'corpus' must be one of {', '.join(CORPORA)}, got {corpus!r}")
    _need(isinstance(doc_id, str) and doc_id != "", path, "'id' must be a non-empty string")
    published = data.get("published")
    _need(published is None or (isinstance(published, str) and bool(_DATE.match(published))), path,
          f"'published' must be YYYY-MM-DD or null, got {published!r}")
    story = data.get("story")
    _need(story is None or isinstance(story, str), path, "'story' must be a string or null")
    events = []
    for i, ev in enumerate(data.get("events") or []):
        where = f"events[{i}]"
        _need(isinstance(ev, dict), path, f"{where} must be an object")
        cls = ev.get("class")
        _need(cls in EVENT_CLASSES, path, f"{where}.class must be one of {', '.join(EVENT_CLASSES)}, got {cls!r}")
        src, tgt = ev.get("source"), ev.get("target")
        _need(isinstance(src, str) and bool(_ACTOR.match(src)), path, f"{where}.source must be ISO-3 or an IGO code (optionally + a CAMEO type), or a type, got {src!r}")
        _need(tgt is None or (isinstance(tgt, str) and bool(_ACTOR.match(tgt))), path, f"{where}.target must be ISO-3, an IGO code (optionally + a CAMEO type), a type or null, got {tgt!r}")
        date = ev.get("date")
        if date is not None:
            _need(isinstance(date, list) and len(date) == 2 and all(isinstance(d, str) and _DATE.match(d) for d in date)
                  and date[0] <= date[1], path, f"{where}.date must be [first, last] YYYY-MM-DD or null, got {date!r}")
        req = ev.get("required")
        _need(isinstance(req, bool), path, f"{where}.required must be true or false")
        modality = ev.get("modality", "realized")
        _need(modality in MODALITIES, path, f"{where}.modality must be one of {', '.join(MODALITIES)}, got {modality!r}")
        code = ev.get("code")
        _need(code is None or (isinstance(code, str) and code.isdigit()), path, f"{where}.code must be a CAMEO code string")
        events.append(GoldEvent(cls, src, tgt, tuple(date) if date else None, req, modality, code, ev.get("note", "")))
    persons = []
    for i, p in enumerate(data.get("persons") or []):
        _need(isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"].strip(), path,
              f"persons[{i}] must be an object with a non-empty 'name'")
        persons.append(GoldPerson(p["name"].strip(), p.get("role"), p.get("title"), p.get("affiliation")))
    return GoldDoc(corpus, doc_id, path, published, story, events, persons)


def load_gold(root: str | Path) -> list[GoldDoc]:
    """Every gold file under ``root``, validated, sorted by corpus and id."""
    root = Path(root)
    if not root.is_dir():
        raise GoldError(f"no gold annotations at {root}")
    docs = []
    for path in sorted(root.glob("*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: not valid JSON ({exc})") from None
        doc = parse_gold(data, path)
        _need(path.parent.name == doc.corpus and path.stem == doc.id, path,
              f"file must be named <corpus>/<id>.json ({doc.corpus}/{doc.id}.json)")
        docs.append(doc)
    return docs
