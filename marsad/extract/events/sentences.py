"""One document's sentences as the event coder sees them: folded words with their positions,
clause boundaries, and the actor, place and date mentions mapped onto word indices.

The document text is normalized once (:func:`marsad.text.normalize.normalize_shared`: the
places and actors stages use the same view); words are read from the normalized view, so a
word is already folded, and every span maps back to the original text through the view's
offset map.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any

from ...model import ActorMention, DateMention, Document, PlaceMention
from ..dates import PLAUSIBLE_YEARS
from ...text.normalize import normalize_shared
from .grammar import skip_words, split_clitic, word_items


# punctuation that closes a clause (the Arabic comma, full stop, colon, semicolon, ! ?)
_CLAUSE_END = frozenset("،,.:;؛!?؟")


@dataclass(slots=True)
class Arg:
    """Consecutive actor mentions naming one party (اللواء محمود توفيق وزير الداخلية), as a
    span of word indices ``[ws, we)``. ``sides`` are the states / organisations it stands for
    (two for ``الجانبين المصري والإيطالي``; empty when unknown). ``prep``: the slot of the
    preposition governing it (``pp_ma``, ``pp_bi`` ...; ``-`` for one that opens no slot),
    None when it is bare (a subject or object). ``conj``: it begins with و (a coordinated
    party)."""

    ws: int
    we: int
    mentions: list[ActorMention]
    sides: tuple[str, ...]
    prep: str | None = None
    conj: bool = False

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return max(m.end for m in self.mentions)


@dataclass(slots=True)
class PlaceRef:
    place: PlaceMention
    ws: int
    we: int


@dataclass(slots=True)
class DateRef:
    date: DateMention
    ws: int
    we: int


@dataclass(slots=True)
class Sent:
    index: int
    paragraph: int
    start: int  # original offsets
    end: int
    words: list[str]
    nstart: list[int]  # normalized start / end of each word
    nend: list[int]
    brk: list[bool]  # a clause-closing punctuation mark right before word i
    strong: list[bool]  # a sentence-internal full stop, colon, semicolon, ! or ? right before word i
    args: list[Arg] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    arg_at: dict[int, Arg] = field(default_factory=dict)  # first word -> arg

    def boundary_between(self, i: int, j: int, *, strong: bool = False) -> bool:
        """Whether a clause-closing mark (with ``strong``: not a comma) stands between words
        i and j (i < j)."""
        marks = self.strong if strong else self.brk
        return any(marks[k] for k in range(i + 1, j + 1))


_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+|[0-9]+|[A-Za-z]+")
#: :data:`_WORD` as one ``re.split``: words at odd indices, the text between them at even ones.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_PUNCT = re.compile("[" + re.escape("".join(sorted(_CLAUSE_END))) + "]")


def _tokens(text: str, ns: int, ne: int, parts: list[str] | None = None) -> tuple[list[str], list[int], list[int], list[bool], list[bool]]:
    """The words of ``text[ns:ne]``, their normalized starts and ends (one split, the
    offsets summed up), and whether a clause-closing mark (``strong``: not a comma) stands
    right before each. ``parts``: ``_WORD_SPLIT.split(text[ns:ne])`` when already done."""
    if parts is None:
        parts = _WORD_SPLIT.split(text[ns:ne])
    words = parts[1::2]
    n = len(words)
    acc = list(accumulate(map(len, parts), initial=ns))  # acc[k]: where parts[k] starts
    nstart = acc[1 : 2 * n : 2]
    brk = [False] * n
    strong = [False] * n
    for m in _PUNCT.finditer(text, ns, ne):
        k = bisect_left(nstart, m.start())
        if k < n:
            brk[k] = True
            if m.group() not in "،,":
                strong[k] = True
    return words, nstart, acc[2 : 2 * n + 1 : 2], brk, strong


class View:
    """A document's body sentences, read lazily: :meth:`words` is a cheap list of a
    sentence's folded words (enough to see whether it holds a trigger); :meth:`sent`
    tokenizes it with positions and maps the actor, place and date mentions onto it."""

    __slots__ = ("doc", "norm", "_spans", "_paras", "_sents", "_parts", "_actors", "_places", "_dates", "_npos")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.norm = norm = normalize_shared(doc.text)  # shared with the places and actors stages
        para_starts = [p.start for p in doc.paragraphs]
        self._paras = [max(0, bisect_right(para_starts, s.start) - 1) for s in doc.sentences]
        self._sents: list[Sent | None] = [None] * len(doc.sentences)
        # the split of a sentence by :meth:`words`, reused when :meth:`sent` builds it
        self._parts: list[list[str] | None] = [None] * len(doc.sentences)
        starts = [s.start for s in doc.sentences]
        self._actors = _bucket(starts, doc.sentences, _with_igo_sides(doc))
        self._places = _bucket(starts, doc.sentences, [p for p in doc.places if p.kind in ("city", "country", "demonym")])
        # a year outside PLAUSIBLE_YEARS never dates an event: "عام 1431" with no era is a Hijri
        # year the date finder read as Gregorian (issue 11)
        self._dates = _bucket(starts, doc.sentences, [d for d in doc.dates if d.value is not None and _plausible(d.value)])
        # every offset the view maps into the normalized text, in one sweep
        mentions = [m for b in (self._actors, self._places, self._dates) for ms in b.values() for m in ms]
        self._npos = npos = norm.norm_positions(
            [o for s in doc.sentences for o in (s.start, s.end)] + [o for m in mentions for o in (m.start, m.end)]
        )
        self._spans = [(npos[s.start], npos[s.end]) for s in doc.sentences]

    def __len__(self) -> int:
        return len(self._spans)

    def words(self, i: int) -> list[str]:
        s = self._sents[i]
        if s is not None:
            return s.words
        ns, ne = self._spans[i]
        parts = self._parts[i] = _WORD_SPLIT.split(self.norm.text[ns:ne])
        return parts[1::2]

    def sent(self, i: int) -> Sent:
        s = self._sents[i]
        if s is None:
            s = self._sents[i] = self._build(i)
        return s

    def orig(self, sent: Sent, i: int, j: int) -> tuple[int, int]:
        """Original offsets of words ``[i, j)`` of a sentence."""
        return self.norm.orig_span(sent.nstart[i], sent.nend[j - 1])

    def _build(self, si: int) -> Sent:
        ns, ne = self._spans[si]
        words, nstart, nend, brk, strong = _tokens(self.norm.text, ns, ne, self._parts[si])
        self._parts[si] = None
        n = len(words)
        span = self.doc.sentences[si]
        s = Sent(si, self._paras[si], span.start, span.end, words, nstart, nend, brk, strong)
        if words:
            _attach_actors(self, s, self._actors.get(si, ()))
            for p in self._places.get(si, ()):
                ws, we, _ = _word_span(self, s, p.start, p.end)
                if ws < n:
                    s.places.append(PlaceRef(p, ws, we))
            for d in self._dates.get(si, ()):
                ws, we, _ = _word_span(self, s, d.start, d.end)
                if ws < n:
                    s.dates.append(DateRef(d, ws, we))
        return s


def _plausible(value: str) -> bool:
    """Whether a date value's year can date an event (PLAUSIBLE_YEARS, as for publication)."""
    year = value[:4]
    return not year.isdigit() or PLAUSIBLE_YEARS[0] <= int(year) <= PLAUSIBLE_YEARS[1]


def build_view(doc: Document) -> View:
    """The lazy sentence view of a document (body only: removed lines have no sentences)."""
    return View(doc)


# CAMEO actor types that make a non-state party a side of its own, apart from its state
# (GUIDELINES, gold v2): rebels, insurgents, opposition, civilians and protesters, unidentified
# armed attackers, international militant groups, criminals, refugees, parties, labour.
NONSTATE_TYPES = frozenset({"REB", "INS", "OPP", "CVL", "UAF", "IMG", "CRM", "REF", "PTY", "LAB", "SEP", "RAD"})


def _with_igo_sides(doc: Document) -> list[ActorMention]:
    """The document's actors, an institution of no side of its own (none, or only the home
    country's) that the places stage reads, on the same span, as an international organisation
    taking that organisation's code (مجلس التعاون لدول الخليج العربية: IGOPGSGCC, not the
    home country's government) (issue 11)."""
    igo_at = {(p.start, p.end): p.igo for p in doc.places if p.kind == "igo" and p.igo}
    if not igo_at:
        return doc.actors
    igo_from = {start: (end, igo) for (start, end), igo in igo_at.items()}
    out = []
    for m in doc.actors:
        unknown = not m.igo and (not m.country or m.basis in ("home_country", "default"))  # no side of its own
        igo = igo_at.get((m.start, m.end)) if unknown and m.kind == "institution" else None
        if igo is None and unknown and m.kind == "institution" and m.start in igo_from and igo_from[m.start][0] < m.end:
            # مجلس التعاون الخليجي في الرياض: the institution read past the organisation's name
            # (a place after it) is still that organisation
            igo = igo_from[m.start][1]
        out.append(replace(m, country=None, igo=igo, code=igo, basis="explicit") if igo else m)
    return out


def _side(m: ActorMention) -> str | None:
    """The side a mention is on: its state or organisation; a non-state group of a country is
    a side of its own (EGYINS apart from EGY), and one of no known country is its type (INS)."""
    if m.code.startswith("IMG") and not m.country:
        return "IMG"  # a transnational militant group (داعش → IMGREB): its own side, scored as IMG
    if m.role in NONSTATE_TYPES and m.kind == "group" or m.role in ("UAF", "IMG"):
        return (m.country or "") + m.role
    return m.country or m.igo


def side_country(side: str) -> str | None:
    """The state of a side (EGYINS → EGY; INS → None; IGO codes → None)."""
    if len(side) == 3 and side not in NONSTATE_TYPES:
        return side
    if len(side) == 6 and side[3:] in NONSTATE_TYPES:
        return side[:3]
    return None


def _bucket(starts: list[int], spans: list[Any], mentions: list[Any]) -> dict[int, list[Any]]:
    """Mentions by the index of the sentence that holds them."""
    out: dict[int, list[Any]] = {}
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= spans[i].end:
            out.setdefault(i, []).append(m)
    return out


def _word_span(view: View, s: Sent, start: int, end: int) -> tuple[int, int, int]:
    """Word indices ``[ws, we)`` of an original span, and the normalized start."""
    a, b = view._npos[start], view._npos[end]
    ws = bisect_right(s.nend, a)
    we = bisect_left(s.nstart, b)
    return ws, max(we, ws + 1), a


def _attach_actors(view: View, s: Sent, mentions: list[ActorMention]) -> None:
    items: list[tuple[int, int, int, ActorMention]] = []
    for m in mentions:
        ws, we, a = _word_span(view, s, m.start, m.end)
        if ws < len(s.words):
            items.append((ws, we, a, m))
    if not items:
        return
    items.sort(key=lambda x: (x[0], -x[1]))
    groups: list[Arg] = []
    for ws, we, a, m in items:
        side = _side(m)
        last = groups[-1] if groups else None
        if last is not None and ws < last.we:
            # same or nested span: a second side of a coordinated group, or a part
            if side and side not in last.sides and ws == last.ws and we == last.we:
                last.sides = last.sides + (side,)
            elif side and not last.sides:
                last.sides = (side,)
            last.mentions.append(m)
            last.we = max(last.we, we)
            continue
        if (
            last is not None
            and (ws <= last.we or _honorifics_between(s, last.we, ws))
            and (not side or not last.sides or side in last.sides)
            and _same_person(last, m)
            and not (ws > last.we and s.brk[ws] and m.person is None)
            and not split_clitic(s.words[ws])[0]
        ):
            last.mentions.append(m)
            last.we = max(last.we, we)
            if side and not last.sides:
                last.sides = (side,)
            continue
        conj, prep = split_clitic(s.words[ws])
        lead = s.words[ws][: max(0, a - s.nstart[ws])]
        if lead:  # the mention starts inside its first word: the letters before it are clitics
            conj = conj or lead[:1] in ("و", "ف")
            core = lead[1:] if lead[:1] in ("و", "ف") else lead
            if core.startswith("لل") or core == "ل":
                prep = "pp_li"
            elif core[:1] == "ب":
                prep = "pp_bi"
            elif core[:1] == "ك":
                prep = "-"
        if prep is None and not conj:
            prep = _prep_before(s, ws)
        groups.append(Arg(ws, we, [m], (side,) if side else (), prep, conj))
    s.args = groups
    s.arg_at = {g.ws: g for g in groups}


def _honorifics_between(s: Sent, i: int, j: int) -> bool:
    """Only honorifics and ranks between words i and j (نائب وزير الداخلية الأستاذ فلان)."""
    if j - i > 3 or any(s.brk[k] for k in range(i, j + 1)):
        return False
    skip = skip_words()
    return all(s.words[k] in skip for k in range(i, j))


def _same_person(arg: Arg, m: ActorMention) -> bool:
    persons = {x.person for x in arg.mentions if x.person is not None}
    return m.person is None or not persons or m.person in persons


def _prep_before(s: Sent, ws: int) -> str | None:
    """The slot of a preposition word standing right before word ``ws`` (honorifics may
    come between: مع السيد ...), or None."""
    skip = skip_words()
    j = ws - 1
    while j >= 0 and not s.brk[j + 1] and ws - j <= 3:
        w = s.words[j]
        for prefix, item in word_items(w):
            if item.kind == "prep" and not item.rest and prefix in ("", "و", "ف"):
                return item.value
        if w not in skip:
            core = w[1:] if w[:1] in ("و", "ف") and len(w) > 3 else w
            if core[:1] in ("ل", "ب") and core[1:] in skip:  # لفخامة الرئيس، بسمو الأمير
                return "pp_li" if core[0] == "ل" else "pp_bi"
            return None
        j -= 1
    return None
