"""Topics of an event from the cues of ``topics.tsv`` found in its sentence."""

from __future__ import annotations

from functools import cache, lru_cache

from ...lexicon.events import Cue, _word_stems, match_cue, topic_cues

_KEY = 5  # cue first-word readings are indexed by their first _KEY letters


@cache
def _index() -> tuple[dict[str, tuple[tuple[str, Cue, str], ...]], tuple[int, ...]]:
    """Prefix of a reading of a cue's first word -> (reading, cue, topic); and the prefix
    lengths in use (a cue word matches a word that starts with it)."""
    idx: dict[str, list[tuple[str, Cue, str]]] = {}
    for tc in topic_cues():
        cue = Cue(tc.cue)
        for stem in cue.stems[0]:
            key = stem[:_KEY]
            item = (stem, cue, tc.topic)
            if item not in idx.get(key, []):
                idx.setdefault(key, []).append(item)
    lengths = tuple(sorted({len(k) for k in idx}))
    return {k: tuple(v) for k, v in idx.items()}, lengths


@lru_cache(maxsize=1 << 13)  # hit rate 80 % at 17k entries on 5,808 archive articles; 8,192 keep the frequent words
def _word_topics(word: str) -> tuple[tuple[str, Cue, str], ...]:
    """Candidate cues whose first word matches this word (checked on the first word only)."""
    idx, lengths = _index()
    out: list[tuple[str, Cue, str]] = []
    for stem in _word_stems(word):
        for k in lengths:
            if k > len(stem):
                break
            for item in idx.get(stem[:k], ()):
                if stem.startswith(item[0]) and item not in out:
                    out.append(item)
    return tuple(out)


def sentence_topics(words: list[str]) -> tuple[tuple[int, str], ...]:
    """(word index, topic) of every topic cue in a sentence, first occurrence per topic."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for j, w in enumerate(words):
        cands = _word_topics(w)
        if not cands:
            continue
        for _stem, cue, topic in cands:
            if topic in seen:
                continue
            if len(cue.stems) == 1 or match_cue(cue, words, j):
                seen.add(topic)
                found.append((j, topic))
    return tuple(found)


def topics_of(found: tuple[tuple[int, str], ...], after: int) -> tuple[list[str], list[str]]:
    """Topic names of a sentence (from :func:`sentence_topics`): those at or after word
    ``after`` (the trigger's complement, which refines the code) first, then the others; and
    the complement's alone."""
    late = [t for j, t in found if j >= after]
    early = [t for j, t in found if j < after]
    return late + early, late
