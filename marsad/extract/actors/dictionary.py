"""Dictionary lookup: a person the text leaves without affiliation takes it from the actor
dictionary (:mod:`marsad.lexicon.actor_dictionary`) when the name and the document's date fit
exactly one affiliation (``basis="dictionary"``).

Order of evidence for a person's affiliation: what the text states (title + country word,
demonym, organisation, counterpart: ``explicit``) > the dictionary (``dictionary``) > the
document's home country (``home_country``, a last resort) > the caller's default. A name the
dictionary gives several affiliations for at that date, or none, stays as it was.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import cache

from ...lexicon.actor_dictionary import ActorEntry, resolve
from ..persons import person_key
from .names import _Cand, _Event, _match_words, _Persons
from .reader import _Reader


#: Environment switch: ``MARSAD_ACTOR_DICTIONARY=off`` turns every dictionary lookup off (no
#: affiliation, known name or office holder from the dictionary; for ablations and benchmarks).
ENV_SWITCH = "MARSAD_ACTOR_DICTIONARY"

_STATE = {"enabled": os.environ.get(ENV_SWITCH, "on").strip().lower() not in ("off", "0", "false", "no", "none")}


def use_dictionary(enabled: bool) -> None:
    """Turn dictionary lookup and known-name reading on or off for this process (``marsad
    actors learn`` turns it off: what it learns never depends on the dictionary it replaces)."""
    _STATE["enabled"] = enabled


def enabled() -> bool:
    """Whether dictionary lookups are on (see :func:`use_dictionary`)."""
    return _STATE["enabled"]


def dictionary_entry(key: str, n_words: int, published: str | None) -> ActorEntry | None:
    """The dictionary entry for a person key at the document's date, or None (unknown,
    out of window, or ambiguous). One-word names are also looked up by last name."""
    if not key or not _STATE["enabled"]:
        return None
    return resolve(key, published, one_word=n_words == 1)


def warm() -> None:
    """Load the dictionary and build its name index now."""
    from ...lexicon.actor_dictionary import _index

    _index()
    _known_index()
    _known_forms()
    _known_pairs()


# --------------------------------------------------------------------------- known names

#: A known spelling is only read when it has this many words (one-word names are too often
#: common words: they are resolved only as shorter forms of names the text introduces).
MIN_KNOWN_WORDS = 2


@cache
def _known_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First folded word -> the folded word tuples of dictionary spellings (two words or more,
    none of them a stop word, title word or honorific), longest first."""
    from ...lexicon.actor_dictionary import entries
    from ...text.normalize import fold
    from ..persons import name_lexicon
    from .title_lexicon import _anchor_surface_words, _name_word_kind

    nlex = name_lexicon()
    anchors = _anchor_surface_words()
    idx: dict[str, set[tuple[str, ...]]] = {}
    for e in entries():
        for v in e.variants:
            words = tuple(fold(v).split())
            if len(words) < MIN_KNOWN_WORDS or any(len(w) < 2 or w in anchors for w in words):
                continue
            if nlex.is_stop(words[0]) or all(nlex.is_stop(w) for w in words[1:]) and len(words) == 2 and len(words[1]) < 3:
                continue  # a first word that is a common word; تيريزا ماي is kept (ماي is a month)
            if any(_name_word_kind(w) == 0 and not nlex.is_stop(w) for w in words):
                continue  # a learned reading artefact (و + a known word, a clitic on an ال-word)
            idx.setdefault(words[0], set()).add(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in idx.items()}


@cache
def _known_forms() -> frozenset[str]:
    """The first words of known spellings, bare and with a leading و."""
    idx = _known_index()
    return frozenset(idx) | frozenset("و" + k for k in idx)


@cache
def _known_pairs() -> frozenset[tuple[str, str]]:
    """The first two words of known spellings, the first bare and with a leading و."""
    pairs: set[tuple[str, str]] = set()
    for first, spellings in _known_index().items():
        for sp in spellings:
            pairs.add((first, sp[1]))
            pairs.add(("و" + first, sp[1]))
    return frozenset(pairs)


_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")


_NEXT = re.compile("[^\u0621-\u063a\u0641-\u064a\u0671-\u06d3]{1,2}([\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+)")


def known_names(r: _Reader, ps: _Persons) -> None:
    """Add the dictionary's known spellings found in the body (``دونالد ترامب``، ``كيم جونغ
    أون``) as person names where no name, title or other element was read: a person named
    without any title is still a person. The name keeps its original offsets; its
    affiliation is resolved like any other (text first, then the dictionary).

    Cost: per sentence (its words kept by the reader), one set intersection with the first words
    of known spellings; only in sentences with a hit, adjacent pairs are checked against the
    first two words of known spellings; only the occurrences of a pair's first word
    are read further (``bench/actordict.py`` measures it)."""
    if not _STATE["enabled"] or not r.sents:
        return
    idx = _known_index()
    if not idx:
        return
    view = r.nt.text
    lo, hi = r.sents[0].a, r.sents[-1].b
    forms = _known_forms()
    known = _known_pairs()
    pairs: set[tuple[str, str]] = set()  # adjacent words that start a known spelling
    for ws in r.sent_words:
        hit = forms.intersection(ws)
        if hit:
            last = len(ws) - 1
            for i, w in enumerate(ws):
                if w in hit and i < last and (w, ws[i + 1]) in known:
                    pairs.add((w, ws[i + 1]))  # type: ignore[arg-type]
    if not pairs:
        return
    firsts = {a for a, _ in pairs}
    sent_starts = [s.a for s in r.sents]
    taken = sorted((ev.pos, ev.end) for ev in ps.events)
    starts = [a for a, _ in taken]
    found: list[tuple[int, int, int, list[str]]] = []
    for w in firsts:
        pre = 1 if w not in idx else 0
        spellings = idx[w[pre:]]
        longest = len(spellings[0])  # longest first
        pos = view.find(w, lo, hi)
        while pos >= 0:
            end = pos + len(w)
            m = _NEXT.match(view, end, hi) if (pos == 0 or not _WORD.match(view, pos - 1, pos)) else None
            if m is not None and view[end : m.start(1)].isspace() and (w, m.group(1)) in pairs:
                words = [w[pre:], m.group(1)]  # only where the next word continues a spelling
                stop = m.end()
                while len(words) < longest:
                    m = _NEXT.match(view, stop, hi)
                    if m is None or not view[stop : m.start(1)].isspace():
                        break
                    words.append(m.group(1))
                    stop = m.end()
                for sp in spellings:
                    if tuple(words[: len(sp)]) == sp:
                        e = end if len(sp) == 1 else _end_of(view, end, len(sp) - 1)
                        found.append((pos + pre, e, len(sp), list(sp)))
                        break
            pos = view.find(w, end, hi)
    found.sort()
    for a, b, _, words in found:
        k = bisect_right(starts, b) - 1
        if k >= 0 and taken[k][1] > a:
            continue  # overlaps a name, title or another known name already read
        si = bisect_right(sent_starts, a) - 1
        if si < 0 or b > r.sents[si].b:
            continue
        os_, oe = r.orig(a, b)
        name = " ".join(r.text[os_:oe].replace("_", " ").replace("#", " ").split())
        idx_c = len(ps.cands)
        ps.cands.append(_Cand(name, _match_words(words), person_key(name), [], [], None, [(a, b)]))
        ps.events.append(_Event(a, b, si, "name", idx_c))
        j = bisect_right(starts, a)
        starts.insert(j, a)
        taken.insert(j, (a, b))


def _end_of(view: str, pos: int, n: int) -> int:
    """The end of the ``n``-th word after ``pos`` (separated by whitespace)."""
    for _ in range(n):
        m = _NEXT.match(view, pos)
        assert m is not None
        pos = m.end()
    return pos
