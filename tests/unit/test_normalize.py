"""Arabic normalization and its offset map (marsad.text.normalize).

The sentences here are written for these tests in the style of Arabic news; none is taken
from a real article.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from marsad.text.normalize import FOLDED, FOLDED_FROM, NormText, fold, normalize

# --------------------------------------------------------------------------- reference

# The documented spec, written out independently of the implementation's tables.
_REF_DELETE = {
    *range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640,
    0x00AD, 0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
    *range(0x2066, 0x206A), 0xFEFF,
}  # fmt: skip
_REF_TABLE: dict[int, str | None] = {c: None for c in _REF_DELETE}
_REF_TABLE.update({ord(c): "ا" for c in "أإآٱٲٳ"})
_REF_TABLE.update({ord("ؤ"): "و", ord("ئ"): "ي", ord("ى"): "ي", ord("ی"): "ي", ord("ة"): "ه", ord("ک"): "ك"})
_REF_TABLE.update({ord("ۀ"): "ە", ord("ۂ"): "ہ", ord("ۓ"): "ے"})
_REF_TABLE.update({0x0660 + d: str(d) for d in range(10)})
_REF_TABLE.update({0x06F0 + d: str(d) for d in range(10)})
_REF_TABLE.update({ord("٫"): ".", ord("٬"): ",", ord("٪"): "%"})
_REF_TABLE.update({cp: " " for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Zs" and cp != 0x20})
_REF_TABLE.update({ord(c): '"' for c in "«»“”„‟"})
_REF_TABLE.update({ord(c): "'" for c in "‘’‚‛"})


def reference(s: str) -> str:
    """NFKC then fold, repeated until nothing changes (the documented definition)."""
    while True:
        t = unicodedata.normalize("NFKC", s).translate(_REF_TABLE)
        if t == s:
            return t
        s = t


# --------------------------------------------------------------------------- strategies

_ARABIC_SAMPLE = (
    [chr(c) for c in range(0x0621, 0x063B)]
    + [chr(c) for c in range(0x0641, 0x064B)]
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat, madda/hamza marks
    + ["\u0670", "\u0640", "\u0610", "\u06d6", "\u06e5", "\u0671", "\u06c0", "\u06d5", "\u06cc", "\u06a9"]
    + ["ﻻ", "ﻷ", "ﻹ", "ﻵ", "ﺍ", "ﺑ", "ﺔ", "ﻰ", "ﷲ", "ﷺ", "ﱞ", "ﹰ", "ﹱ", "ﹼ", "ﭼ", "ٵ"]  # presentation forms
    + [chr(c) for c in range(0x0660, 0x066E)]  # Arabic-Indic digits, separators, ٪
    + [chr(c) for c in range(0x06F0, 0x06FA)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u202b", "\u2067", "\u00ad"]
    + ["\u00a0", "\u202f", "\u3000", " ", "  ", "\n", "\t"]
    + ["«", "»", "“", "”", "„", "‘", "’", '"', "،", "؛", "؟", ".", "..", "…", "!", ":"]
    + ["e", "a", "A", "1", "\u0301", "\u0308", "\u0316", "\u0327", "é", "²", "½", "ﬁ", "Ａ", "Å"]
    + ["\u1100", "\u1161", "\u11a8", "가", "カ", "\uff9e", "\u3099", "\u0b47", "\u0b3e"]
)

arabic_chars = st.sampled_from(_ARABIC_SAMPLE)
arabic_block = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),  # presentation forms
)
mixed_text = st.lists(st.one_of(arabic_chars, arabic_chars, arabic_block, st.characters()), max_size=40).map(
    "".join
)
any_text = st.one_of(st.text(max_size=40), mixed_text)


def check_map(x: str) -> NormText:
    """Every documented property of the map, for one input."""
    n = normalize(x)
    y = n.text
    assert y == reference(x)
    assert fold(x) == y
    m = len(y)
    starts = [n.orig_start(i) for i in range(m + 1)]
    ends = [n.orig_end(j) for j in range(m + 1)]
    assert starts[m] == ends[m] == len(x)
    assert all(0 <= s <= len(x) for s in starts)
    assert starts == sorted(starts), "orig_start must be non-decreasing"
    assert ends == sorted(ends), "orig_end must be non-decreasing"
    for i in range(m):
        s, e = n.orig_span(i, i + 1)
        assert 0 <= s < e <= len(x)
        assert y[i] in reference(x[s:e])
    for j in range(1, m):
        if starts[j] != starts[j - 1]:
            # the end never swallows text past the next kept character
            assert ends[j] == starts[j]
        else:
            assert ends[j] > starts[j]  # inside one expansion / composed piece
    for i, j in [(0, m), (0, m // 2), (m // 3, m), (m // 4, 3 * m // 4)]:
        if i < j:
            s, e = n.orig_span(i, j)
            assert 0 <= s < e <= len(x)
            assert y[i:j] in reference(x[s:e])
    for o in range(len(x) + 1):
        i = n.norm_pos(o)
        assert i == m or starts[i] >= o
        assert i == 0 or starts[i - 1] < o
    for i in range(m):
        k = n.norm_pos(starts[i])
        assert k <= i and starts[k] == starts[i]
    return n


# --------------------------------------------------------------------------- unit cases


def test_harakat_are_removed_and_kept_in_the_span() -> None:
    x = "وقّع الطرفان الاتفاقَ المُشترك"
    n = normalize(x)
    assert n.text == "وقع الطرفان الاتفاق المشترك"
    i = n.text.index("المشترك")
    s, e = n.orig_span(i, i + len("المشترك"))
    assert x[s:e] == "المُشترك"
    # the end of "الاتفاق" extends over its trailing fatha, but not over the space
    i = n.text.index("الاتفاق")
    s, e = n.orig_span(i, i + len("الاتفاق"))
    assert x[s:e] == "الاتفاقَ"
    assert fold("المُشْتَرَكُ") == "المشترك"
    check_map(x)


def test_tatweel() -> None:
    x = "المشتـــرك في الاجتمـاع"
    n = normalize(x)
    assert n.text == "المشترك في الاجتماع"
    assert n.orig_span(0, 7) == (0, 10)
    assert x[slice(*n.orig_span(0, 5))] == "المشتـــ"  # trailing tatweel belongs to the span end
    check_map(x)


def test_eastern_digits_and_separators() -> None:
    assert normalize("عام ٢٠١٩").text == "عام 2019"
    assert normalize("عام ۲۰۱۹").text == "عام 2019"
    assert fold("نمو ٣٫٥٪ وقيمة ١٬٢٠٠ دينار") == "نمو 3.5% وقيمه 1,200 دينار"
    n = check_map("في ١٤ مارس ٢٠٢٣")
    assert n.orig_span(3, 5) == (3, 5)


def test_presentation_forms_and_ligatures() -> None:
    x = "ﻣﺼﺮ ﻻ ﺗﻘﺒﻞ"
    n = normalize(x)
    assert n.text == "مصر لا تقبل"
    # the lam-alef ligature becomes two characters that both map to the one original
    assert n.orig_start(4) == n.orig_start(5) == 4
    assert n.orig_span(4, 5) == (4, 5)
    assert n.orig_span(5, 6) == (4, 5)
    assert n.orig_span(4, 6) == (4, 5)
    assert fold("ﻷﻥ") == "لان"
    assert fold("ﷺ") == "صلي الله عليه وسلم"
    check_map(x)


def test_quotes_spaces_and_invisible_characters() -> None:
    assert normalize("قال «نرحب بالزيارة»").text == 'قال "نرحب بالزياره"'
    assert fold("“مهم” و‘عاجل’ و„اخر‟") == "\"مهم\" و'عاجل' و\"اخر\""
    assert fold("وزير\u00a0الخارجية\u202fو\u3000السفير") == "وزير الخارجيه و السفير"
    x = "\ufeff\u200fالرياض\u200c \u202bجدة\u202c\u2066"
    n = normalize(x)
    assert n.text == "الرياض جده"
    assert n.orig_start(0) == 2
    assert x[slice(*n.orig_span(0, 6))] == "الرياض\u200c"
    check_map(x)


def test_whitespace_runs_are_not_collapsed() -> None:
    x = "الخبر  الاول\n\n\tالثاني   الثالث"
    assert normalize(x).text == x
    assert fold(x) == x


def test_hamza_alef_and_letter_variants() -> None:
    assert fold("أحمد إبراهيم آمال ٱلله") == "احمد ابراهيم امال الله"
    assert fold("مسؤول رئيس بيئة") == "مسوول رييس بييه"
    # a decomposed hamza folds exactly like the precomposed letter
    assert fold("ي\u0654") == fold("ئ") == "ي"
    assert fold("ا\u0653") == fold("آ") == "ا"
    assert fold("جزء وشيء") == "جزء وشيء"  # standalone hamza is a letter
    assert fold("فى القاهرة مستشفى") == "في القاهره مستشفي"
    assert fold("پاکستان وایران") == "پاكستان وايران"


def test_segmentation_cues_stay() -> None:
    x = "هل تنجح المفاوضات؟ قال المتحدث، إن الحوار مستمر؛ وأضاف..."
    y = fold(x)
    assert "؟" in y and "،" in y and "؛" in y
    assert fold("…") == "..."


def test_nfkc_compatibility_characters() -> None:
    assert fold("مساحة 20 م²") == "مساحه 20 م2"
    assert fold("ﬁnance ＡＢＣ") == "finance ABC"
    x = "cafe\u0301 في الرياض"
    n = normalize(x)
    assert n.text == "café في الرياض"
    assert n.orig_span(3, 4) == (3, 5)  # the composed é maps to both original characters
    assert n.norm_span(4, 5) == (3, 4)  # an original span inside the composed piece
    check_map(x)


def test_idempotence_needs_the_second_pass() -> None:
    # deleting the Arabic mark U+0610 lets e + U+0301 compose
    x = "e\u0610\u0301"
    assert unicodedata.normalize("NFKC", x).translate(_REF_TABLE) == "e\u0301"
    assert fold(x) == normalize(x).text == "é"
    assert fold(fold(x)) == fold(x)
    check_map(x)


def test_empty_and_all_deleted() -> None:
    n = normalize("")
    assert n.text == "" and len(n) == 0
    assert n.orig_start(0) == n.orig_end(0) == n.norm_pos(0) == 0
    assert n.orig_span(0, 0) == (0, 0)
    n = normalize("\u064e\u0640\u200f")
    assert n.text == ""
    assert n.orig_span(0, 0) == (3, 3)
    assert n.norm_pos(1) == 0
    assert fold("") == ""


def test_norm_pos_and_norm_span_map_original_spans_into_the_view() -> None:
    x = "استقبل الرئيسُ وفدَ الأمم المتحدة"
    n = normalize(x)
    s = x.index("وفدَ")
    e = s + len("وفدَ")
    i, j = n.norm_span(s, e)
    assert n.text[i:j] == "وفد"
    assert (n.norm_pos(s), n.norm_pos(e)) == (i, j)
    assert n.orig_span(i, j) == (s, e)
    # an offset on a deleted character maps to the next kept one
    damma = x.index("\u064f")
    assert n.norm_pos(damma) == n.norm_pos(damma + 1)


def test_errors() -> None:
    n = normalize("نص")
    with pytest.raises(IndexError):
        n.orig_start(3)
    with pytest.raises(IndexError):
        n.orig_end(-1)
    with pytest.raises(IndexError):
        n.norm_pos(5)
    with pytest.raises(ValueError):
        n.orig_span(2, 1)
    with pytest.raises(ValueError):
        n.norm_span(2, 1)


def test_folded_table_is_consistent_with_fold() -> None:
    for k, v in FOLDED.items():
        assert fold(k) == v, k
    assert set(FOLDED_FROM["ي"]) == set("يئىی")
    assert set(FOLDED_FROM["و"]) == set("وؤ")
    assert set(FOLDED_FROM["ا"]) == set("اأإآٱٲٳ")
    for v, sources in FOLDED_FROM.items():
        assert sources[0] == v and all(fold(c) == v for c in sources)


def test_a_long_document_takes_the_fast_path_and_agrees_with_the_reference() -> None:
    para = "أعلنت وزارةُ الخارجية، يوم الأحد، أن الوزير سيزور «عمّان» في ١٢ مايو.\u00a0 "
    x = para * 300
    n = normalize(x)
    assert n.text == reference(x) == fold(x)
    i = n.text.index("عمان")
    assert x[slice(*n.orig_span(i, i + 4))] == "عمّان"


# --------------------------------------------------------------------------- properties


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("ﻻ")
@example("e\u0640\u0301")
@example("a\u0316\u0301\u0610")
@example("\u1100\u0610\u1161")
@example("ا\u0651\u0654\u064e")
def test_map_properties(x: str) -> None:
    check_map(x)


@settings(max_examples=300, deadline=None)
@given(any_text, st.data())
def test_any_span_round_trips(x: str, data: st.DataObject) -> None:
    n = normalize(x)
    m = len(n.text)
    assume(m > 0)
    i = data.draw(st.integers(0, m - 1))
    j = data.draw(st.integers(i + 1, m))
    s, e = n.orig_span(i, j)
    assert 0 <= s < e <= len(x)
    assert n.text[i:j] in reference(x[s:e])
    i2, j2 = n.norm_span(s, e)
    assert i2 <= i and j2 >= j
    # and mapping an original span into the view and back covers it
    o1 = data.draw(st.integers(0, len(x)))
    o2 = data.draw(st.integers(o1, len(x)))
    a, b = n.norm_span(o1, o2)
    if a < b:
        s, e = n.orig_span(a, b)
        assert s <= max(o1, s) and e >= min(o2, e)
        assert n.text[a:b] in reference(x[s:e])


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_idempotent(x: str) -> None:
    y = normalize(x).text
    assert normalize(y).text == y
    assert fold(y) == y


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ARABIC_SAMPLE[:120]), max_size=300).map("".join))
def test_arabic_only_text_maps_per_character(x: str) -> None:
    n = check_map(x)
    # no composition in Arabic-only text: every normalized character comes from one original
    for i in range(len(n.text)):
        s, e = n.orig_span(i, i + 1)
        assert e - s >= 1
        assert fold(x[s : s + 1]).find(n.text[i]) >= 0


def test_safe_boundaries_are_really_safe() -> None:
    """The implementation cuts text before 'safe' characters; none of them (nor the first
    character of their decomposition) may combine with a preceding character."""
    from marsad.text import normalize as mod

    seconds = set()
    for cp in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                seconds.add(chr(int(parts[1], 16)))
    for c in mod._SAFE:
        assert c not in seconds, hex(ord(c))
        assert unicodedata.normalize("NFKD", c)[0] not in seconds, hex(ord(c))
    # every canonical composition with a deleted mark folds like its base letter
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        d = unicodedata.decomposition(c)
        if d and not d.startswith("<") and len(d.split()) == 2:
            base, mark = (chr(int(h, 16)) for h in d.split())
            if fold(mark) == "":
                assert fold(c) == fold(base), hex(cp)


# --------------------------------------------------------------------------- real text

_SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.shared
def test_real_articles_agree_with_the_reference() -> None:
    files = sorted(_SHARED.glob("seeds/*.txt")) + sorted(_SHARED.glob("corpora/*/articles/*.txt"))[:80]
    if not files:
        pytest.skip("../shared is absent")
    for f in files:
        x = f.read_text(encoding="utf-8")
        n = normalize(x)
        assert n.text == reference(x) == fold(x), f.name
        # every normalized word maps back to an original span that folds to it
        pos = 0
        for word in n.text.split():
            i = n.text.index(word, pos)
            pos = i + len(word)
            s, e = n.orig_span(i, pos)
            assert word in fold(x[s:e]), (f.name, word)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4))
def test_pieces_of_the_view_are_the_spans_folded(x: str, cuts: list[tuple[int, int]]) -> None:
    """NormText.pieces cuts each original span's normalized text out of the view: equal to
    folding the span on its own, or None when an edge falls inside a composed piece (the
    search index folds those spans itself)."""
    spans = [(min(a, b, len(x)), min(max(a, b), len(x))) for a, b in cuts]
    got = normalize(x).pieces(spans)
    if got is not None:
        assert got == [fold(x[s:e]) for s, e in spans]


def test_pieces_of_ordinary_lines_come_from_the_view() -> None:
    x = "قالَ الوزيرُ إنّ الزيارة «ناجحة»\nوأضاف: ﻻ تغيير في الموقف.\n"
    spans = [(0, x.index("\n")), (x.index("\n") + 1, len(x) - 1)]
    assert normalize(x).pieces(spans) == [fold(x[s:e]) for s, e in spans]
