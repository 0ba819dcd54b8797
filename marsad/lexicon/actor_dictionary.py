"""The actor dictionary: persons with their spellings, office, affiliation and validity window.

Two files of one schema (``actors``): ``actors.tsv`` (curated by hand, ``source`` = curated)
and ``actors.learned.tsv`` (written by ``marsad actors learn``, ``source`` = learned, with the
number of documents and the outlets; its evidence in ``actors.learned.evidence.jsonl``). A
curated entry wins over a learned one of the same key.

:func:`lookup` answers "who is this name at this date": the entries whose key or spelling
matches the name (or, for a one-word name, whose last name it is) and whose window
[first_seen − :data:`WINDOW_SLACK_DAYS`, last_seen + :data:`WINDOW_SLACK_DAYS`] holds the date.
The caller uses an answer only when every entry found agrees on the affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from .loader import load_file, load_table

#: Days an entry stays valid before its first and after its last sighting (offices change:
#: a minister seen in 2018 is not assumed to hold office in 2021).
WINDOW_SLACK_DAYS = 365
#: A one-word name (``تبون``) is looked up by last name only when it has this many letters.
MIN_LAST_NAME = 4


@dataclass(frozen=True, slots=True)
class ActorEntry:
    key: str
    name: str
    variants: tuple[str, ...]
    title: str | None
    role: str | None
    country: str  # ISO-3 or IGO code
    first_seen: str | None
    last_seen: str | None
    source: str  # curated | learned
    docs: int | None
    outlets: tuple[str, ...]

    def affiliated_on(self, day: str | None) -> bool:
        """Whether the entry's affiliation holds at ``day``: a curated national official's
        country at any date (a president before or after his term is still of his country);
        otherwise the window with :data:`WINDOW_SLACK_DAYS` (an IGO official leaves the
        organisation; a learned entry is only known where it was seen)."""
        if self.source == "curated" and not self.country.startswith("IGO"):
            return True
        return self.valid_on(day)

    def holds_office_on(self, day: str | None) -> bool:
        """Whether ``day`` lies in the office window itself (no slack): the curated term, or
        the dates a learned entry was seen with its title."""
        return bool(self.first_seen or self.last_seen) and self.valid_on(day, slack_days=0)

    def valid_on(self, day: str | None, slack_days: int = WINDOW_SLACK_DAYS) -> bool:
        """Whether ``day`` (YYYY-MM-DD) lies in the window widened by ``slack_days``; an entry
        without a window is valid whenever; a day of None fits no windowed entry."""
        if not self.first_seen and not self.last_seen:
            return True
        if not day:
            return False
        try:
            d = date.fromisoformat(day[:10])
        except ValueError:
            return False
        slack = timedelta(days=slack_days)
        if self.first_seen and d < date.fromisoformat(self.first_seen) - slack:
            return False
        if self.last_seen and d > date.fromisoformat(self.last_seen) + slack:
            return False
        return True


def _entries(rows: tuple) -> list[ActorEntry]:  # type: ignore[type-arg]
    out = []
    for r in rows:
        out.append(ActorEntry(
            key=str(r["key"]), name=str(r["name"]),
            variants=tuple(str(r["variants"]).split("|")) if r["variants"] else (str(r["name"]),),
            title=None if r["title"] is None else str(r["title"]), role=None if r["role"] is None else str(r["role"]),
            country=str(r["country"]), first_seen=None if r["first_seen"] is None else str(r["first_seen"]),
            last_seen=None if r["last_seen"] is None else str(r["last_seen"]), source=str(r["source"]),
            docs=None if r["docs"] is None else int(r["docs"]),  # type: ignore[arg-type]
            outlets=tuple(str(r["outlets"]).split("|")) if r["outlets"] else (),
        ))
    return out


def load_dictionary_file(path: str | Path) -> list[ActorEntry]:
    """The entries of a dictionary file of the ``actors`` schema (e.g. one a user learned)."""
    from .schemas import SCHEMAS

    return _entries(load_file(path, SCHEMAS["actors.learned" if Path(path).name.endswith(".learned.tsv") else "actors"]).rows)


#: Environment variable naming a learned dictionary file to use instead of the packaged
#: ``actors.learned.tsv`` (a user's own archive, or an ablation); ``none``: curated entries only.
ENV_LEARNED = "MARSAD_ACTORS_LEARNED"


@cache
def entries() -> tuple[ActorEntry, ...]:
    """The dictionary in use: curated entries, then learned entries of other keys (the packaged
    ``actors.learned.tsv``, or the file named by ``MARSAD_ACTORS_LEARNED``; none when it says
    ``none``)."""
    import os

    curated = _entries(load_table("actors"))
    keys = {e.key for e in curated}
    other = os.environ.get(ENV_LEARNED)
    if other and other.strip().lower() == "none":
        learned_rows = []  # curated entries only
    else:
        learned_rows = load_dictionary_file(other) if other else _entries(load_table("actors.learned"))
    learned = [e for e in learned_rows if e.key not in keys]
    return tuple(curated + learned)


@cache
def _index() -> tuple[dict[str, tuple[ActorEntry, ...]], dict[str, tuple[ActorEntry, ...]]]:
    from ..extract.persons import name_words, person_key

    full: dict[str, list[ActorEntry]] = {}
    last: dict[str, list[ActorEntry]] = {}
    for e in entries():
        keys = {e.key} | {person_key(v) for v in e.variants}
        for k in keys:
            full.setdefault(k, []).append(e)
        for v in e.variants:
            words = name_words(v)
            if len(words) >= 2 and len(words[-1]) >= MIN_LAST_NAME:
                lk = person_key(words[-1])
                if e not in last.setdefault(lk, []):
                    last[lk].append(e)
    return ({k: tuple(v) for k, v in full.items()}, {k: tuple(v) for k, v in last.items()})


def lookup(key: str, day: str | None, *, one_word: bool = False) -> tuple[ActorEntry, ...]:
    """The entries a person key can be at ``day``: by full key; a one-word name
    (``one_word``) also by last name. Entries out of their window are left out."""
    full, last = _index()
    found = list(full.get(key, ()))
    if one_word and len(key) >= MIN_LAST_NAME:
        found += [e for e in last.get(key, ()) if e not in found]
    return tuple(e for e in found if e.affiliated_on(day))


def resolve(key: str, day: str | None, *, one_word: bool = False) -> ActorEntry | None:
    """The one entry to use for a person, or None when none fits or the fitting entries
    disagree on the affiliation (ambiguous names stay unresolved)."""
    found = lookup(key, day, one_word=one_word)
    if not found or len({e.country for e in found}) != 1:
        return None
    return found[0]


# --------------------------------------------------------------------------- office holders

#: A learned entry names an office's holder only when seen in this many documents.
MIN_OFFICE_DOCS = 5
#: Offices that are one office under two names (folded office keys, see :func:`office_key`).
_SAME_OFFICE = {"رييس الحكومه": "رييس الوزراء", "رييس الجمهوريه": "رييس"}


def office_key(title: str) -> str:
    """The office a title names, folded: the article and a feminine ending of the first word
    dropped (الرئيس = رئيس، رئيسة الوزراء = رئيس الوزراء، المستشارة = المستشار), and the
    synonyms of :data:`_SAME_OFFICE` merged (رئيس الحكومة = رئيس الوزراء)."""
    from ..text.normalize import fold

    words = fold(title).split()
    if not words:
        return ""
    w = words[0]
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    if w.endswith("ه") and len(w) > 3:
        w = w[:-1]
    key = " ".join([w, *words[1:]])
    return _SAME_OFFICE.get(key, key)


@cache
def _office_index() -> dict[tuple[str, str], tuple[ActorEntry, ...]]:
    """(office key, country or IGO) -> the entries holding that office: curated entries with
    their term, learned entries seen in :data:`MIN_OFFICE_DOCS` documents or more with that
    title (not as a former official); where curated entries cover an office, only they."""
    idx: dict[tuple[str, str], list[ActorEntry]] = {}
    for e in entries():
        if not e.title or e.role == "ELI" or not (e.first_seen or e.last_seen):
            continue
        if e.source == "learned" and (e.docs or 0) < MIN_OFFICE_DOCS:
            continue
        idx.setdefault((office_key(e.title), e.country), []).append(e)
    # an office with curated terms is known by them alone (learned windows are sightings,
    # which also span mentions of a past holder)
    return {k: tuple(x for x in v if x.source == "curated") or tuple(v) for k, v in idx.items()}


def office_holder(title: str, country: str, day: str | None) -> ActorEntry | None:
    """Who held the office ``title`` of ``country`` (ISO-3 or IGO code) on ``day``: the one
    person whose office window holds the date, or None (unknown, no date, or two candidates —
    a vacancy or a change of holder is never guessed)."""
    if not day or not title or not country:
        return None
    found = [e for e in _office_index().get((office_key(title), country), ()) if e.holds_office_on(day)]
    if len({e.key for e in found}) != 1:
        return None
    return found[0]
