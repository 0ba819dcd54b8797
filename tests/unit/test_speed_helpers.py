"""Speed helpers of the extract stages answer exactly what their plain definitions answer:
the bulk offset methods of NormText, the shared normalization, and the event scanner's
precomputed word sets and sentence stem text.

The words and strings here are made up for these tests; none is taken from an article.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.events import scan as _scan
from marsad.extract.events.grammar import bare_prepositions
from marsad.text.normalize import NormText, normalize, normalize_shared

# letters, harakat and tatweel (deleted), presentation forms and ligatures (expanded), a
# composing pair (e + U+0301: a block segment), quotes, digits, Latin, spaces
_PIECES = ["و", "ز", "ي", "ر", "ال", "ة", "ى", "أ", "\u064b", "\u064e", "\u0640", "ﻻ", "ﺔ", "ﷲ", "e", "\u0301",
           "é", "«", "»", "،", ".", "-", "(", "2", "٣", "A", " ", "  ", "\n", "\u200f"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _orig_span_reference(nt: NormText, i: int, j: int) -> tuple[int, int]:
    """The documented definition: orig_start(i), and orig_end(j) for a non-empty span."""
    s = nt.orig_start(i)
    return (s, s) if i == j else (s, nt.orig_end(j))


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_bulk_offsets_match_one_at_a_time(text: str) -> None:
    nt = normalize(text)
    n, on = len(nt.text), len(text)
    for i in range(n + 1):
        for j in range(i, n + 1):
            assert nt.orig_span(i, j) == _orig_span_reference(nt, i, j), (i, j)
    offsets = list(range(on + 1))
    assert nt.norm_positions(reversed(offsets)) == {o: nt.norm_pos(o) for o in offsets}
    pairs = [(s, e) for s in range(on + 1) for e in range(s, on + 1)]
    assert nt.norm_spans(pairs) == [nt.norm_span(s, e) for s, e in pairs]


def test_normalize_shared_reuses_only_the_same_string() -> None:
    text = "وزير " * 3
    first = normalize_shared(text)
    assert normalize_shared(text) is first
    other = "".join(["وزير "] * 3)  # equal, but another object: normalized again
    assert other is not text and normalize_shared(other) is not first
    assert normalize_shared(other).text == first.text == normalize(text).text


def test_prep_words_are_exactly_the_words_with_slots() -> None:
    words = {w for p in bare_prepositions() for w in (p, "و" + p, "ف" + p, "ب" + p, "ال" + p, p + "ه")}
    words |= {"وزير", "الوزير", "زياره", "قال", "وقال"}
    for w in words:
        assert (w in _scan.prep_words()) == bool(_scan.prep_slots(w)), w


def test_stem_text_windows_match_joined_readings() -> None:
    """A window search on the sentence's stem text finds what a search on the window's
    readings joined alone finds."""
    words = ["وقال", "الوزير", "بالزياره", "والتقي", "مع", "نظيره", "في", "العاصمه"]
    stems = _scan.StemText(words)
    for stem_list in (["زيار"], ["لقا", "التقي"], ["نظير"], ["عاصم", "مع"], ["قال"], ["وزير"]):
        rx = re.compile(" (?:" + "|".join(stem_list) + ")")
        for lo in range(len(words) + 1):
            for hi in range(lo, len(words) + 1):
                joined = "".join(_scan._stem_text(w) for w in words[lo:hi])
                assert stems.has(rx, lo, hi) == (rx.search(joined) is not None), (stem_list, lo, hi)
                expect = [k for k in range(lo, hi) if rx.search(_scan._stem_text(words[k]))]
                assert stems.where(rx, lo, hi) == expect, (stem_list, lo, hi)
