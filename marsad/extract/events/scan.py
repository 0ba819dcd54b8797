"""Candidate triggers, frame cues and grammar cues of one sentence.

The trigger lexicon's own :func:`marsad.lexicon.events.scan_words` is the reference; this is
the same lookup (per-word candidates, ``requires`` / ``forbids``) with the requirement checks
compiled once per trigger id, which keeps the event stage within its time budget. What each
word can start is cached per word (:func:`_entries`: nothing for most words); the readings of
a sentence's words are joined once (:class:`StemText`) and every requirement window is one
regular-expression search in it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import NamedTuple

from ...lexicon.events import (
    FORBID_WINDOW,
    Cue,
    Form,
    Trigger,
    _word_candidates,  # cached per word: (proclitics, remaining words, trigger, form)
    _word_stems,  # cached per word: readings without proclitics
    frame_cues,
    match_cue,
    triggers,
)
from .grammar import GItem, bare_prepositions, word_items


@dataclass(slots=True)
class THit:
    """A trigger (or frame cue) at words ``[start, end)`` of a sentence."""

    start: int
    end: int
    trigger: Trigger
    form: Form
    prefix: str


@dataclass(slots=True)
class GHit:
    """A grammar cue at words ``[start, end)``."""

    start: int
    end: int
    item: GItem
    prefix: str


@dataclass(frozen=True, slots=True)
class _Req:
    # per group: single-word cues before / after (one regex each), multi-word cues (with a
    # regex of their first words, to try match_cue only where one can start)
    groups: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None, tuple[Cue, ...], re.Pattern[str] | None], ...]
    forbid_after: re.Pattern[str] | None
    forbid_before: re.Pattern[str] | None
    forbid_multi: tuple[Cue, ...]
    window: int


def _stem_rx(cues: list[Cue]) -> re.Pattern[str] | None:
    """The cues' (first-word) stems, matched at the start of a reading in a
    :class:`StemText` (where a space precedes every reading)."""
    stems = sorted({s for c in cues for s in c.stems[0]}, key=len, reverse=True)
    return re.compile(" (?:" + "|".join(map(re.escape, stems)) + ")") if stems else None


@cache
def _by_id() -> dict[str, Trigger]:
    return {t.id: t for t in (*triggers(), *frame_cues())}


@cache
def _req(tid: str) -> _Req:
    t = _by_id()[tid]
    groups = []
    for group in t.requires:
        single = [c for c in group if len(c.stems) == 1]
        multi = [c for c in group if len(c.stems) > 1]
        groups.append(
            (
                _stem_rx([c for c in single if c.before]),
                _stem_rx([c for c in single if not c.before]),
                tuple(multi),
                _stem_rx(multi),
            )
        )
    fsingle = [c for c in t.forbids if len(c.stems) == 1]
    return _Req(
        tuple(groups),
        _stem_rx([c for c in fsingle if not c.before]),
        _stem_rx([c for c in fsingle if c.before]),
        tuple(c for c in t.forbids if len(c.stems) > 1),
        t.window,
    )


@lru_cache(maxsize=1 << 16)
def _stem_text(word: str) -> str:
    """A word's readings without proclitics, each after a space (searched with one regex)."""
    return "".join(" " + s for s in _word_stems(word))


class StemText:
    """A sentence's words as their readings without proclitics (:func:`_stem_text`, a space
    before each reading): a window of words is searched with one regex call on one string
    built once per sentence (on demand), instead of a string joined per window."""

    __slots__ = ("words", "_text", "_at")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._text: str | None = None
        self._at: list[int] = []  # offset of the space before word k; len(text) at k = n

    def _built(self) -> str:
        if self._text is None:
            parts = list(map(_stem_text, self.words))
            self._text = "".join(parts)
            self._at = list(accumulate(map(len, parts), initial=0))
        return self._text

    def has(self, rx: re.Pattern[str], lo: int, hi: int) -> bool:
        """Whether a reading of one of ``words[lo:hi]`` starts with a stem of ``rx``."""
        if lo >= hi:
            return False
        return rx.search(self._built(), self._at[lo], self._at[hi]) is not None

    def where(self, rx: re.Pattern[str], lo: int, hi: int) -> list[int]:
        """The indices ``k`` in ``[lo, hi)``, ascending, for which ``has(rx, k, k + 1)``."""
        if lo >= hi:
            return []
        text, at = self._built(), self._at
        return sorted({bisect_right(at, m.start()) - 1 for m in rx.finditer(text, at[lo], at[hi])})


def requirements_ok(t: Trigger, words: list[str], start: int, end: int, stems: StemText | None = None) -> bool:
    """``requires`` / ``forbids`` of a trigger at ``words[start:end]`` (as
    :func:`marsad.lexicon.events.requirements_met`). ``stems``: the sentence's
    :class:`StemText`, when the caller checks more than one trigger of it."""
    r = _req(t.id)
    n = len(words)
    stems = stems if stems is not None else StemText(words)
    has = stems.has
    if r.forbid_after is not None and has(r.forbid_after, end, min(n, end + FORBID_WINDOW)):
        return False
    if r.forbid_before is not None and has(r.forbid_before, max(0, start - FORBID_WINDOW), start):
        return False
    for cue in r.forbid_multi:
        k = len(cue.words)
        rng = range(start - k - FORBID_WINDOW + 1, start - k + 1) if cue.before else range(end, end + FORBID_WINDOW)
        if any(match_cue(cue, words, i) for i in rng):
            return False
    if not r.groups:
        return True
    lo, hi = max(0, start - r.window), min(n, end + r.window)
    for before, after, multi, first in r.groups:
        found = before is not None and has(before, lo, start)
        if not found and after is not None:
            found = has(after, end, hi)
        if not found and first is not None:
            for i in stems.where(first, lo, hi):
                if start <= i < end:
                    continue
                if any(match_cue(cue, words, i) for cue in multi if (i < start) == cue.before):
                    found = True
                    break
        if not found:
            return False
    return True


_Cand = tuple[str, tuple[str, ...], Trigger, Form]


class _Entry(NamedTuple):
    """What a word can start (see :func:`_entries`)."""

    single: tuple[_Cand, ...]  # one-word trigger candidates
    multi: dict[str, tuple[_Cand, ...]]  # multi-word ones, keyed by their next word
    plain: tuple[tuple[str, GItem], ...]  # one-word grammar cues (bare prepositions excepted)
    next_words: frozenset[str]  # second words of its multi-word grammar cues
    items: tuple[tuple[str, GItem], ...]  # every grammar cue, in order


# grammar kinds the modules look up per word when they need them (conflict.py, slots.py,
# timing.py), so the scan makes no cue of them: frequent words (في، بعد، هذا) cost nothing
_LOOKED_UP = frozenset({"prep", "quantity", "occur", "locative", "temporal", "demonstrative"})


@lru_cache(maxsize=1 << 16)
def _entries(word: str) -> _Entry | None:
    """What a word can start: trigger candidates and grammar cues (None when it starts
    nothing a scan keeps; one-word prepositions are read by :func:`prep_slots`)."""
    cands = _word_candidates(word)
    items = tuple((p, it) for p, it in word_items(word) if it.rest or it.kind == "prep" or it.kind not in _LOOKED_UP)
    single = tuple(c for c in cands if not c[1])
    multi: dict[str, list[_Cand]] = {}
    for c in cands:
        if c[1]:
            multi.setdefault(c[1][0], []).append(c)
    plain = tuple((p, it) for p, it in items if not it.rest and it.kind not in _LOOKED_UP)
    next_words = frozenset(it.rest[0] for _, it in items if it.rest)
    if not single and not multi and not plain and not next_words:
        return None
    return _Entry(single, {k: tuple(v) for k, v in multi.items()}, plain, next_words, items)


def scan(words: list[str]) -> tuple[list[THit], list[GHit]]:
    """Triggers and frame cues whose requirements hold, and grammar cues, in a sentence."""
    thits: list[THit] = []
    ghits: list[GHit] = []
    n = len(words)
    stems = StemText(words)
    for i, entry in enumerate(map(_entries, words)):
        if entry is None:
            continue
        single, multi, plain, next_words, items = entry
        for prefix, rest, t, f in single:
            if requirements_ok(t, words, i, i + 1, stems):
                thits.append(THit(i, i + 1, t, f, prefix))
        if multi and i + 1 < n:
            for prefix, rest, t, f in multi.get(words[i + 1], ()):
                end = i + 1 + len(rest)
                if end > n or tuple(words[i + 1 : end]) != rest:
                    continue
                if requirements_ok(t, words, i, end, stems):
                    thits.append(THit(i, end, t, f, prefix))
        if next_words and i + 1 < n and words[i + 1] in next_words:
            _grammar_at(words, i, items, ghits)
        else:  # no multi-word cue can match here: the one-word cues, in order
            for prefix, item in plain:
                ghits.append(GHit(i, i + 1, item, prefix))
    return thits, ghits


def _grammar_at(words: list[str], i: int, items: tuple[tuple[str, GItem], ...], ghits: list[GHit]) -> None:
    """The grammar cues among ``items`` that match at word ``i``, in order."""
    n = len(words)
    for prefix, item in items:
        if item.kind == "prep" and not item.rest:
            continue  # one-word prepositions: see prep_slots()
        if item.rest:
            end = i + 1 + len(item.rest)
            if end > n or words[i + 1] != item.rest[0] or tuple(words[i + 1 : end]) != item.rest:
                continue
            ghits.append(GHit(i, end, item, prefix))
        else:
            ghits.append(GHit(i, i + 1, item, prefix))


def resolve_overlaps(hits: list[THit]) -> list[THit]:
    """Keep, among event triggers whose spans overlap, the highest priority (then the
    longest, then the first in the file)."""
    events = sorted((h for h in hits if h.trigger.kind != "frame"), key=lambda h: (h.start, -h.end))
    kept: list[THit] = []
    for h in events:
        clash = [k for k in kept if h.start < k.end and k.start < h.end]
        if not clash:
            kept.append(h)
            continue
        best = max(clash, key=_rank)
        if _rank(h) > _rank(best):
            for k in clash:
                kept.remove(k)
            kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


def _rank(h: THit) -> tuple[int, int]:
    return (h.trigger.priority, h.end - h.start)


def verb_aspect(h: THit) -> str | None:
    """perf | impf | part for a verb reading of a trigger (an explicit list of verb forms:
    by its first letter), None for a noun or phrase."""
    a = h.form.aspect
    if a in ("perf", "impf", "part"):
        return a
    if h.trigger.kind == "verb" and a == "fixed":
        t = h.form.text.removeprefix("و").removeprefix("س")
        return "impf" if t[:1] in ("ي", "ت", "ن", "ا") and len(t) > 3 else "perf"
    return None


def verb_gender(h: THit) -> str | None:
    """"m" or "f" for a third-person singular verb reading of a trigger (اتهم / اتهمت، يتهم /
    تتهم), None otherwise (a noun, a participle, a dual or plural, a form that cannot tell)."""
    a = verb_aspect(h)
    if a not in ("perf", "impf"):
        return None
    t = h.form.text
    if h.form.pronoun and t.endswith(h.form.pronoun):
        t = t[: -len(h.form.pronoun)]
    t = t.removeprefix("و").removeprefix("ف").removeprefix("س") if h.form.aspect == "fixed" else t
    if a == "impf":
        if t.endswith(("ون", "وا", "ان", "ين")) or len(t) < 3:
            return None
        return {"ي": "m", "ت": "f"}.get(t[:1])
    lemma = h.trigger.lemma
    if t == lemma:
        return "m"
    if t == lemma + "ت" or lemma[-1:] in ("ا", "ى") and t == lemma[:-1] + "ت":
        return "f"
    return None


def first_person(h: THit) -> bool:
    """أزور، سأزور، نلتقي: a first-person imperfect (quoted speech)."""
    if verb_aspect(h) != "impf":
        return False
    t = h.form.text.removeprefix("و").removeprefix("س")
    return t[:1] in ("ا", "ن") and h.trigger.kind == "verb"


@lru_cache(maxsize=1 << 16)
def prep_slots(word: str) -> frozenset[str]:
    """The slots a one-word preposition opens ("-" for one that opens none); empty for any
    other word. Only the bare word or و/ف + word."""
    return frozenset(
        item.value or "-" for prefix, item in word_items(word)
        if item.kind == "prep" and not item.rest and prefix in ("", "و", "ف")
    )


@cache
def prep_words() -> frozenset[str]:
    """The words :func:`prep_slots` gives slots for (a one-word preposition, bare or after
    و/ف): a set lookup per word instead of a call."""
    return frozenset(w for p in bare_prepositions() for w in (p, "و" + p, "ف" + p) if prep_slots(w))
