"""Which events of different documents report the same real-world event.

A pure function of the event mentions (:class:`Mention`, one per stored event row) and of
which documents tell the same story, so the canonical events a database ends up with do
not depend on the order documents arrived in.

The rule (:func:`compatible`)
=============================
Two mentions from **different documents** may be one event when all of these hold:

* the same modality (a planned visit and the visit itself are two records);
* compatible CAMEO codes: equal, or one the parent of the other (``031`` and ``0314``:
  one outlet was more specific); a visit (042) and its hosting (043) stay two records;
* the same parties: the same source and target states/organisations (either direction
  for a code the codebook marks symmetric, e.g. 057 sign); when both mentions name the
  person acting for a party, the same person (:func:`marsad.extract.persons.person_key`,
  so spelling variants agree; a name may leave out parts of the other: same first name, the
  shorter name's parts in order in the longer one);
* compatible dates (:func:`interval`): the days each date allows overlap, allowing
  ``tolerance_days``. An event dated only by its article's publication day may have
  happened up to ``publication_slack_days`` before it;
* and either the two documents **tell the same story** (same story cluster, or a story link
  between them — a roundup and the story it carries), where an undated mention may join a
  dated one; or they are **close in time**: both dated to within ``close_days`` and
  overlapping. Independent write-ups of one event that the story clustering did not link
  are merged this way; two meetings of the same ministries in 2019 and 2024 never are.

Groups (:func:`merge`)
======================
Candidate pairs are taken strongest first (same story, same direction, same code, then by
mention ids for a deterministic order) and joined greedily; a join is refused when the
group would hold two mentions of one document, two different persons for a party, codes
that are not one chain of parents, or dated mentions with no day in common. So an undated
mention cannot chain a 2019 and a 2024 event together.

The canonical record of a group (:func:`canonical`) takes the most specific code, the most
precise date (a date stated in a sentence before one taken from the publication day; an
article without a dateline thereby inherits the date of its story), the parties of the
mention that carries that date, and the counts: ``num_mentions`` (sentences),
``num_articles`` (documents) and ``num_sources`` (distinct outlets; a document without an
outlet counts as its own source), and ``first_seen`` (earliest publication date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Canonical", "Mention", "MergeRules", "block_key", "canonical", "compatible", "interval", "merge"]

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "none": 0}
BASIS_RANK = {"sentence": 3, "paragraph": 2, "document": 1, "publication": 1, "none": 0}


@dataclass(frozen=True, slots=True)
class MergeRules:
    tolerance_days: int = 1  # day dates this far apart still agree (time zones, "yesterday")
    publication_slack_days: int = 1  # a publication-day date: the event may be a day older
    close_days: int = 4  # outside a story, both dates must be at most this wide


@dataclass(frozen=True, slots=True)
class Mention:
    """One stored event as the merger sees it."""

    id: int  # events.id
    doc: int  # documents.id
    code: str
    source: str  # state (ISO-3) or organisation of the source
    target: str | None
    date: str | None  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str = "none"
    basis: str = "none"
    modality: str = "realized"
    symmetric: bool = False
    source_person: str | None = None  # person_key of the person acting, when named
    target_person: str | None = None
    published: str | None = None
    outlet: str | None = None
    count: int = 1  # sentences of the document reporting it
    confidence: float = 0.0


def block_key(root: str, source: str | None, target: str | None) -> str:
    """The bucket a mention is stored under: mentions in different blocks never merge."""
    a, b = sorted((source or "", target or ""))
    return f"{root}|{a}|{b}"


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def interval(m: Mention, rules: MergeRules = MergeRules()) -> tuple[dt.date, dt.date] | None:
    """The days a mention's date allows, or None when it has no usable date."""
    d = m.date
    if not d:
        return None
    if len(d) == 4 and d.isdigit():
        return dt.date(int(d), 1, 1), dt.date(int(d), 12, 31)
    if len(d) == 7:
        first = _day(d + "-01")
        if first is None:
            return None
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    day = _day(d[:10])
    if day is None:
        return None
    if m.basis in ("publication", "document"):  # a day no sentence states: the event may be a day older
        return day - dt.timedelta(days=rules.publication_slack_days), day
    return day, day


def _codes_chain(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _parties(a: Mention, b: Mention) -> tuple[bool, bool]:
    """(same parties at all, same direction)."""
    if (a.source, a.target) == (b.source, b.target):
        return True, True
    if a.symmetric and b.symmetric and (a.source, a.target) == (b.target, b.source):
        return True, False
    return False, False


def _persons_of(m: Mention, flipped: bool) -> tuple[str | None, str | None]:
    return (m.target_person, m.source_person) if flipped else (m.source_person, m.target_person)


def _fuller(x: str | None, y: str | None) -> str | None:
    """The longer of two compatible names (the one that rules out more others)."""
    if x is None or y is None:
        return x or y
    return max(x, y, key=lambda n: (len(n.split()), n))


def _differ(x: str | None, y: str | None) -> bool:
    """Two named persons who cannot be the same. Arabic names are written with more or fewer
    of their parts (``شريف الدمرداش`` / ``شريف منصور الدمرداش``; ``محمد سلمان`` /
    ``محمد سلمان عبدالعزيز``): the same person when the first names agree and the shorter
    name's parts appear, in order, in the longer one."""
    if x is None or y is None or x == y:
        return False
    a, b = sorted((x.split(), y.split()), key=len)
    if not a or a[0] != b[0]:
        return True
    rest = iter(b[1:])
    return not all(w in rest for w in a[1:])


def compatible(
    a: Mention, b: Mention, same_story: bool, rules: MergeRules = MergeRules()
) -> tuple[int, ...] | None:
    """None when ``a`` and ``b`` cannot be one event, else the pair's strength (a sort key,
    larger is stronger)."""
    if a.doc == b.doc or a.modality != b.modality or not _codes_chain(a.code, b.code):
        return None
    same, direct = _parties(a, b)
    if not same:
        return None
    bs, bt = _persons_of(b, not direct)
    if _differ(a.source_person, bs) or _differ(a.target_person, bt):
        return None
    ia, ib = interval(a, rules), interval(b, rules)
    tol = dt.timedelta(days=rules.tolerance_days)
    if ia is not None and ib is not None and (ia[0] > ib[1] + tol or ib[0] > ia[1] + tol):
        return None
    if not same_story:
        if ia is None or ib is None:
            return None
        wide = dt.timedelta(days=rules.close_days)
        if ia[1] - ia[0] > wide or ib[1] - ib[0] > wide:
            return None
    exact = ia is not None and ia == ib
    return (int(same_story), int(direct), int(a.code == b.code), int(exact))


@dataclass(slots=True)
class _Group:
    members: list[Mention]
    docs: set[int]
    codes: str  # the longest code: every member's code is a prefix of it
    lo: dt.date | None
    hi: dt.date | None
    persons: tuple[str | None, str | None]  # source, target in the orientation of members[0]
    orient: tuple[str, str | None]

    @classmethod
    def of(cls, m: Mention, rules: MergeRules) -> "_Group":
        iv = interval(m, rules)
        return cls([m], {m.doc}, m.code, iv[0] if iv else None, iv[1] if iv else None,
                   (m.source_person, m.target_person), (m.source, m.target))

    def persons_as(self, m: Mention) -> tuple[str | None, str | None]:
        """The group's persons in the orientation of ``m``."""
        if (m.source, m.target) == self.orient:
            return self.persons
        return self.persons[1], self.persons[0]

    def join(self, other: "_Group", rules: MergeRules) -> bool:
        """Absorb ``other`` when the union stays one consistent event."""
        if self.docs & other.docs or not _codes_chain(self.codes, other.codes):
            return False
        ref = other.members[0]
        mine = self.persons_as(ref)
        theirs = other.persons
        if _differ(mine[0], theirs[0]) or _differ(mine[1], theirs[1]):
            return False
        lo = max((d for d in (self.lo, other.lo) if d is not None), default=None)
        hi = min((d for d in (self.hi, other.hi) if d is not None), default=None)
        if lo is not None and hi is not None and lo > hi + dt.timedelta(days=rules.tolerance_days):
            return False
        merged = (_fuller(mine[0], theirs[0]), _fuller(mine[1], theirs[1]))
        self.persons = merged if (ref.source, ref.target) == self.orient else (merged[1], merged[0])
        self.members.extend(other.members)
        self.docs |= other.docs
        self.codes = max(self.codes, other.codes, key=len)
        self.lo, self.hi = lo, hi
        return True


def _candidates(
    mentions: Sequence[Mention],
    related: Callable[[int, int], bool],
    rules: MergeRules,
    partners: Mapping[int, Iterable[int]] | None = None,
) -> Iterable[tuple[Mention, Mention]]:
    """Pairs worth testing: dated mentions whose days come near each other, and every pair
    of mentions from documents of one story (found through ``partners`` — each document's
    story partners — when given, else by asking ``related`` of every pair of documents)."""
    seen: set[tuple[int, int]] = set()
    # outside a story only dates at most close_days wide can pair: only those are swept
    wide = dt.timedelta(days=rules.close_days)
    dated = sorted(((iv, m) for m in mentions if (iv := interval(m, rules)) and iv[1] - iv[0] <= wide),
                   key=lambda x: (x[0][0], x[1].id))
    tol = dt.timedelta(days=rules.tolerance_days)
    for i, (iv, m) in enumerate(dated):
        for iv2, m2 in dated[i + 1 :]:
            if iv2[0] > iv[1] + tol:
                break
            key = (min(m.id, m2.id), max(m.id, m2.id))
            seen.add(key)
            yield m, m2
    by_doc: dict[int, list[Mention]] = {}
    for m in mentions:
        by_doc.setdefault(m.doc, []).append(m)
    docs = sorted(by_doc)
    if partners is not None:
        pairs: Iterable[tuple[int, int]] = sorted(
            (da, db) for da in docs for db in partners.get(da, ()) if db > da and db in by_doc)
    else:
        pairs = ((da, db) for i, da in enumerate(docs) for db in docs[i + 1 :] if related(da, db))
    for da, db in pairs:
        for m in by_doc[da]:
            for m2 in by_doc[db]:
                key = (min(m.id, m2.id), max(m.id, m2.id))
                if key not in seen:
                    seen.add(key)
                    yield m, m2


def merge(
    mentions: Sequence[Mention],
    related: Callable[[int, int], bool],
    rules: MergeRules = MergeRules(),
    *,
    partners: Mapping[int, Iterable[int]] | None = None,
) -> list[list[Mention]]:
    """Group the mentions of one block into events. ``related(doc_a, doc_b)`` says whether two
    documents tell the same story; ``partners`` (optional, the same relation as each
    document's set of partners) avoids asking it of every pair of documents. Every mention
    ends in exactly one group; groups and their members are sorted by mention id."""
    scored: list[tuple[tuple[int, ...], int, int, Mention, Mention]] = []
    for a, b in _candidates(mentions, related, rules, partners):
        strength = compatible(a, b, related(a.doc, b.doc), rules)
        if strength is not None:
            lo, hi = sorted((a.id, b.id))
            scored.append((strength, -lo, -hi, a, b))
    scored.sort(key=lambda x: x[:3], reverse=True)
    group_of: dict[int, _Group] = {m.id: _Group.of(m, rules) for m in mentions}
    for _s, _lo, _hi, a, b in scored:
        ga, gb = group_of[a.id], group_of[b.id]
        if ga is gb or not ga.join(gb, rules):
            continue
        for m in gb.members:
            group_of[m.id] = ga
    groups: dict[int, _Group] = {id(g): g for g in group_of.values()}
    out = [sorted(g.members, key=lambda m: m.id) for g in groups.values()]
    return sorted(out, key=lambda ms: ms[0].id)


@dataclass(slots=True)
class Canonical:
    """The record of one real-world event built from its mentions."""

    lead: Mention  # the mention whose parties and date the record takes
    code: str
    date: str | None
    precision: str
    date_doc: int | None  # the document the date comes from
    first_seen: str | None
    num_mentions: int
    num_articles: int
    num_sources: int
    docs: list[int] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


def canonical(members: Sequence[Mention]) -> Canonical:
    """The canonical record of a group (see the module docstring)."""
    def rank(m: Mention) -> tuple:
        return (PRECISION_RANK.get(m.precision, 0) if m.date else -1, BASIS_RANK.get(m.basis, 0),
                len(m.code), m.confidence, -m.id)

    lead = max(members, key=rank)
    docs = sorted({m.doc for m in members})
    outlets = sorted({m.outlet for m in members if m.outlet})
    no_outlet = len({m.doc for m in members if not m.outlet})
    published = sorted(p for m in members if (p := m.published))
    return Canonical(
        lead=lead,
        code=max((m.code for m in members), key=len),
        date=lead.date,
        precision=lead.precision if lead.date else "none",
        date_doc=lead.doc if lead.date else None,
        first_seen=published[0] if published else None,
        num_mentions=sum(m.count for m in members),
        num_articles=len(docs),
        num_sources=len(outlets) + no_outlet,
        docs=docs,
        outlets=outlets,
    )
