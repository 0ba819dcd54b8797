"""The modality of a trigger from the cues of ``modality.tsv``: planned (the event takes its
``future_code``), negated, cancelled, conditional, hypothetical (kept with that modality;
scoring and listings leave them out), or realized, possibly historical (background: its
date is its own, never the publication date) or flagged as uncertain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ...lexicon.events import ModalityCue, _word_candidates, modality_cues
from .grammar import word_items
from .scan import GHit, THit, verb_aspect
from .sentences import Sent

# Which modality wins when several cues apply (a cancelled planned visit is cancelled).
_PRECEDENCE = ("cancelled", "negated", "conditional", "hypothetical", "planned")
_KAN = frozenset({"كان", "كانت", "وكان", "وكانت", "كانا", "كانوا", "وكانا", "وكانوا", "فكان", "فكانت"})


@dataclass(frozen=True, slots=True)
class Modality:
    modality: str = "realized"  # realized | planned | negated | cancelled | conditional | hypothetical
    effect: str = "keep"  # future_code | drop | flag | keep
    historical: bool = False
    cue: str | None = None


REALIZED = Modality()


@cache
def _cues() -> tuple[dict[str, tuple[tuple[tuple[str, ...], ModalityCue], ...]], tuple[ModalityCue, ...]]:
    """First word -> (remaining words, cue) for word and phrase cues; and the prefix cues."""
    words: dict[str, list[tuple[tuple[str, ...], ModalityCue]]] = {}
    prefixes = []
    for c in modality_cues():
        if c.kind == "prefix":
            prefixes.append(c)
            continue
        first, *rest = c.cue.split()
        words.setdefault(first, []).append((tuple(rest), c))
    return {k: tuple(v) for k, v in words.items()}, tuple(prefixes)


@cache
def _during_words() -> frozenset[str]:
    """Folded one-word ``during`` prepositions of timing_words.tsv (خلال، أثناء، إبان)."""
    from ...lexicon import load_table
    from ...text.normalize import fold

    return frozenset(fold(str(r["phrase"])) for r in load_table("timing_words")
                     if r["kind"] == "during" and " " not in str(r["phrase"]) and len(str(r["phrase"])) > 2)


def _applies(c: ModalityCue, aspect: str) -> bool:
    a = c.applies_to
    if a == "any":
        return True
    if a == "verb":
        return aspect in ("perf", "impf")
    if a == "noun":
        return aspect in ("noun", "fixed")
    return a == aspect


def _word_is(word: str, cue_word: str) -> bool:
    return word == cue_word or (len(word) == len(cue_word) + 1 and word[0] in "وف" and word[1:] == cue_word)


@lru_cache(maxsize=1 << 12)  # sized by hit rate on archive text (see lexicon.events.proclitic_splits)
def _future_verb(word: str) -> bool:
    """A future imperfect (س + verb): ستعقد، سيجري، وسيتم (cached per word)."""
    if word.startswith(("سا", "وسا", "سن", "وسن")) and any(f.aspect == "fixed" and t.kind == "verb" for p, rest, t, f in _word_candidates(word) if not rest):
        return True  # سأزور، سنلتقي in an explicit list of first-person forms
    return any("س" in p and f.aspect == "impf" for p, rest, t, f in _word_candidates(word) if not rest) or any(
        "س" in p and i.aspect == "impf" for p, i in word_items(word)
    )


def modality_of(s: Sent, h: THit, g_at: Mapping[int, Sequence[GHit]]) -> Modality:
    words = s.words
    n = len(words)
    aspect = verb_aspect(h) or h.form.aspect
    table, prefixes = _cues()
    found: list[ModalityCue] = []
    for c in prefixes:
        if c.position == "attached" and h.trigger.kind == "verb" and h.form.aspect == "fixed" and h.form.text.startswith(("سا", "وسا")):
            found.append(c)  # سأزور in an explicit list of forms
        elif c.position == "attached" and "س" in h.prefix and aspect == "impf":
            found.append(c)
        elif c.position == "before" and (aspect != "perf" or h.prefix[:1] == "و"):
            # the future verb governs a noun (ستعقد القمة), or is coordinated with it (سأزور ... وألتقي)
            for j in range(max(0, h.start - c.window), h.start):
                if _future_verb(words[j]) and not s.boundary_between(j, h.start):
                    found.append(c)
                    break
    lo = max(0, h.start - 12)
    hi = min(n, h.end + 13)
    for j in range(lo, hi):
        if h.start <= j < h.end:
            continue
        w = words[j]
        for key in (w, w[1:] if w[:1] in ("و", "ف") else None):
            if key is None:
                continue
            for rest, c in table.get(key, ()):
                k = 1 + len(rest)
                if rest and tuple(words[j + 1 : j + k]) != rest:
                    continue
                if key != w and not _word_is(w, c.cue.split()[0]):
                    continue
                if not _applies(c, aspect):
                    continue
                if c.position == "before":
                    if j + k > h.start:
                        continue
                    gap = h.start - (j + k)
                    if gap > c.window or (c.scope != "sentence" and s.boundary_between(j, h.start)):
                        continue
                    if aspect not in ("perf", "impf") and any(x in _during_words() for x in words[j + k : h.start]):
                        continue  # تعهد خلال القمة: the summit is when the pledge was made, not what is pledged
                elif c.position == "after":
                    if j < h.end:
                        continue
                    gap = j - h.end
                    if gap > c.window or (c.scope != "sentence" and s.boundary_between(h.end - 1, j)):
                        continue
                else:
                    continue
                if c.forbids and j > 0 and any(_word_is(words[j - 1], f.text) for f in c.forbids if f.before):
                    continue
                if c.modality == "planned" and aspect == "perf" and not (c.position == "before" and j + k == h.start):
                    continue  # a perfect verb reports what happened (right after يعتزم it is a verbal noun)
                found.append(c)
    historical = any(c.modality == "historical" for c in found) or _kana_qad(words, h.start)
    for m in _PRECEDENCE:
        cs = [c for c in found if c.modality == m]
        if cs:
            c = next((x for x in cs if x.effect != "flag"), cs[0])
            if c.effect == "flag":
                return Modality("realized", "flag", historical, c.cue)
            return Modality(m, c.effect, False, c.cue)
    return Modality("realized", "keep", historical) if historical else REALIZED


def _kana_qad(words: list[str], i: int) -> bool:
    """وكان البلدان قد وقعا: كان ... قد + perfect (a pluperfect: background)."""
    for j in range(max(0, i - 2), i):
        if words[j] in ("قد", "وقد"):
            return any(words[k] in _KAN for k in range(max(0, j - 4), j))
    return False
