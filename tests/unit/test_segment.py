"""Paragraph and sentence segmentation (marsad.text.segment).

Every sentence here was written for these tests in the style of Arabic news; none is taken
from a real article.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Span
from marsad.text.segment import LONG_SENTENCE, MIN_CLAUSE, MIN_PIECE, SHORT_QUOTE, paragraphs, sentences


def whole(text: str) -> list[Span]:
    return [Span(0, len(text))]


def lines(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def sents(text: str, spans: list[Span] | None = None) -> list[str]:
    return [s.of(text) for s in sentences(text, whole(text) if spans is None else spans)]


# --------------------------------------------------------------------------- paragraphs


def test_each_body_line_is_a_paragraph() -> None:
    text = "عنوان الخبر\n\nاستقبل الوزير السفير.\nوبحث الجانبان التعاون.\n"
    body = lines(text)[1:]
    assert [p.of(text) for p in paragraphs(text, body)] == ["استقبل الوزير السفير.", "وبحث الجانبان التعاون."]


def test_glued_paragraphs_split_at_runs_of_spaces() -> None:
    text = "اختتم الوفد زيارته أمس. \u00a0 \u00a0 كما التقى الوزير  رئيس الغرفة التجارية."
    paras = [p.of(text) for p in paragraphs(text, whole(text))]
    assert paras == ["اختتم الوفد زيارته أمس.", "كما التقى الوزير  رئيس الغرفة التجارية."]
    # two spaces are not a paragraph break
    assert len(paragraphs("قال الوزير  إن الزيارة ناجحة", whole("قال الوزير  إن الزيارة ناجحة"))) == 1


def test_paragraphs_are_trimmed_and_never_empty() -> None:
    text = "\u00a0\u00a0\u00a0\u00a0\u200fأعلن المتحدث الرسمي بدء الجولة.\u00a0 \n   \n"
    paras = paragraphs(text, whole(text))
    assert [p.of(text) for p in paras] == ["أعلن المتحدث الرسمي بدء الجولة."]
    assert paragraphs(text, []) == []
    assert paragraphs("   \u00a0  ", whole("   \u00a0  ")) == []


def test_offsets_are_original_offsets_inside_the_body_spans() -> None:
    text = "الصفحة الرئيسية\nوصل الرئيس إلى الرباط. وعقد لقاء مع رئيس الحكومة.\nاقرأ أيضا"
    body = [lines(text)[1]]
    ss = sentences(text, body)
    assert [s.of(text) for s in ss] == ["وصل الرئيس إلى الرباط.", "وعقد لقاء مع رئيس الحكومة."]
    assert ss[0].start == text.index("وصل")
    assert all(body[0].start <= s.start < s.end <= body[0].end for s in ss)


# --------------------------------------------------------------------------- sentences


def test_split_at_stops_question_marks_and_exclamations() -> None:
    text = "هل تنجح الوساطة هذه المرة؟ يرى مراقبون أن الفرص ضئيلة! لكن الحوار مستمر."
    assert sents(text) == ["هل تنجح الوساطة هذه المرة؟", "يرى مراقبون أن الفرص ضئيلة!", "لكن الحوار مستمر."]
    assert sents("ماذا بعد؟! لا أحد يعرف.") == ["ماذا بعد؟!", "لا أحد يعرف."]


def test_arabic_comma_and_semicolon_do_not_split() -> None:
    text = "وصل الوزير، يرافقه وفد رفيع، إلى العاصمة؛ حيث استقبله نظيره في المطار."
    assert sents(text) == [text]


def test_double_dots_and_ellipsis_split() -> None:
    text = "تعاونت الوزارة مع كثير من الدول.. فقد شهدت الفترة الماضية لقاءات عدة… وتستمر الجهود"
    assert sents(text) == [
        "تعاونت الوزارة مع كثير من الدول..",
        "فقد شهدت الفترة الماضية لقاءات عدة…",
        "وتستمر الجهود",
    ]
    assert sents("قال إن الأمر انتهى... ثم غادر القاعة.") == ["قال إن الأمر انتهى...", "ثم غادر القاعة."]


def test_no_split_inside_numbers() -> None:
    text = "ارتفع المؤشر 3.5 نقطة وبلغ حجم التداول 2.000 سهم عند الساعة 10.30 صباحا. وأغلق السوق مرتفعا."
    assert sents(text) == [
        "ارتفع المؤشر 3.5 نقطة وبلغ حجم التداول 2.000 سهم عند الساعة 10.30 صباحا.",
        "وأغلق السوق مرتفعا.",
    ]


def test_no_split_after_title_abbreviations() -> None:
    text = "استقبل د. سامي الخطيب وزير الصحة الوفد الزائر. وحضر اللقاء م. رامي حداد مدير المشروع."
    assert sents(text) == [
        "استقبل د. سامي الخطيب وزير الصحة الوفد الزائر.",
        "وحضر اللقاء م. رامي حداد مدير المشروع.",
    ]
    assert sents("ألقى أ.د. نبيل عيسى كلمة الافتتاح. ثم بدأت الجلسة.") == [
        "ألقى أ.د. نبيل عيسى كلمة الافتتاح.",
        "ثم بدأت الجلسة.",
    ]
    assert sents("استقبل (د. هالة) الوفد. وانتهى اللقاء.") == ["استقبل (د. هالة) الوفد.", "وانتهى اللقاء."]


def test_era_markers_after_a_number_end_the_sentence() -> None:
    text = "تأسست الهيئة عام 1990 م. وتضم اليوم عشرين عضوا. وصدر القرار في 5 رجب 1436 هـ. وبدأ تنفيذه فورا."
    assert sents(text) == [
        "تأسست الهيئة عام 1990 م.",
        "وتضم اليوم عشرين عضوا.",
        "وصدر القرار في 5 رجب 1436 هـ.",
        "وبدأ تنفيذه فورا.",
    ]


def test_latin_initials_abbreviations_and_urls() -> None:
    text = "التقى مسؤولين من U.S. Department of State في واشنطن. وقال Dr. Smith إن المحادثات جيدة."
    assert sents(text) == [
        "التقى مسؤولين من U.S. Department of State في واشنطن.",
        "وقال Dr. Smith إن المحادثات جيدة.",
    ]
    text = "نشرت الوزارة البيان على موقعها www.example.gov/news?id=12&lang=ar مساء أمس. وتابع المتحدث."
    assert sents(text) == [
        "نشرت الوزارة البيان على موقعها www.example.gov/news?id=12&lang=ar مساء أمس.",
        "وتابع المتحدث.",
    ]


def test_stop_glued_to_the_next_word() -> None:
    assert sents("اختتمت القمة أعمالها.وصدر بيان ختامي") == ["اختتمت القمة أعمالها.", "وصدر بيان ختامي"]
    assert sents("هل انتهت الأزمة؟قال المتحدث لا") == ["هل انتهت الأزمة؟", "قال المتحدث لا"]


def test_list_numbers_do_not_make_sentences() -> None:
    text = "1. تعزيز التعاون الأمني بين البلدين. 2. تبادل الخبرات في التدريب."
    assert sents(text) == ["1. تعزيز التعاون الأمني بين البلدين.", "2. تبادل الخبرات في التدريب."]


def test_short_quotes_are_not_split() -> None:
    text = "وقال الوزير: «نحن ملتزمون بالسلام. ولن نتراجع عنه أبدا!» وأضاف أن الحوار مستمر."
    assert sents(text) == [text]
    text = 'ووصف البيان الخطوة بأنها "مهمة جدا. وضرورية" في هذه المرحلة. وانتهى الاجتماع.'
    assert sents(text) == ['ووصف البيان الخطوة بأنها "مهمة جدا. وضرورية" في هذه المرحلة.', "وانتهى الاجتماع."]
    text = "قال المتحدث: “سنواصل العمل.” وأكد استمرار التنسيق. ثم غادر."
    assert sents(text) == ["قال المتحدث: “سنواصل العمل.” وأكد استمرار التنسيق.", "ثم غادر."]
    # a stop after the closing quote ends the sentence
    assert sents("قال: «الوضع مستقر». ثم غادر.") == ["قال: «الوضع مستقر».", "ثم غادر."]


def test_long_quotes_are_split_like_running_text() -> None:
    first = "نحن نعمل مع شركائنا في المنطقة من أجل تحقيق الاستقرار ودعم التنمية الاقتصادية " * 3
    second = "وسنواصل هذا النهج في الأشهر المقبلة بالتعاون مع المنظمات الدولية والإقليمية " * 2
    text = f"وقال الوزير: «{first.strip()}. {second.strip()}» في ختام المؤتمر."
    assert len(text) > SHORT_QUOTE
    assert len(sents(text)) == 2


def test_a_long_comma_chained_sentence_is_cut_at_comma_waw() -> None:
    clause = "واستعرض الجانبان سبل تعزيز التعاون الثنائي في مجالات الطاقة والنقل والتعليم العالي"
    text = "، ".join([clause] * 12) + "."
    assert len(text) > LONG_SENTENCE
    parts = sents(text)
    assert len(parts) > 1
    assert all(MIN_PIECE <= len(p) <= LONG_SENTENCE for p in parts)
    assert all(p.startswith("واستعرض") for p in parts)
    assert all(p.endswith("،") for p in parts[:-1])
    # lists of short items are never cut (below MAX_SENTENCE, the hard limit)
    names = "، ".join(["والأردن"] * 200)
    assert len(sents(f"شاركت مصر {names} في الاجتماع.")) == 1


def test_sentences_do_not_cross_paragraphs_or_body_lines() -> None:
    text = "وصل الوفد إلى العاصمة\nوعقد لقاءات مع المسؤولين   وبحث معهم سبل التعاون"
    assert sents(text, lines(text)) == [
        "وصل الوفد إلى العاصمة",
        "وعقد لقاءات مع المسؤولين",
        "وبحث معهم سبل التعاون",
    ]
    # a line break inside a body span is a paragraph break too
    assert sents(text) == sents(text, lines(text))


def test_punctuation_only_pieces_are_dropped() -> None:
    text = "انتهت الجلسة. . ! • وبدأت جلسة أخرى."
    assert sents(text) == ["انتهت الجلسة.", "• وبدأت جلسة أخرى."]
    assert sents("...") == []
    assert sentences("", []) == []


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("ابتثجحخدرزسشصضطظعغفقكلمنهويءأإآةى")
    + ["و", "د", "م", "هـ", "U", "S", "x", "ً", "ّ"]
    + [" ", " ", " ", "  ", "   ", "\u00a0", "\n", "\t", "\u200f"]
    + [".", ".", "..", "…", "؟", "!", "?", "،", "؛", ":", "-", "•"]
    + ["«", "»", '"', "“", "”", "(", ")"]
    + ["1", "2", "3", "٣", "3.5", "2015 م.", "د. ", "أ.د. ", "، و", "www.a.com/b?c=1"]
)
_TEXT = st.lists(_ALPHABET, max_size=250).map("".join)


@st.composite
def text_and_body(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(_TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [Span(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    if draw(st.booleans()):
        spans = lines(text)
    return text, spans


def check_spans(text: str, body: list[Span], out: list[Span], kept: re.Pattern[str]) -> None:
    """Ordered, non-overlapping, non-empty, trimmed, inside one body span, and every
    character matching ``kept`` in the body is covered."""
    for a, b in zip(out, out[1:]):
        assert a.end <= b.start
    for s in out:
        assert s.start < s.end
        assert not s.of(text)[0].isspace() and not s.of(text)[-1].isspace()
        assert any(sp.start <= s.start and s.end <= sp.end for sp in body)
    covered = set()
    for s in out:
        covered.update(range(s.start, s.end))
    for sp in body:
        for m in kept.finditer(text, sp.start, sp.end):
            assert m.start() in covered, (m.group(), m.start())


@settings(max_examples=400, deadline=None)
@given(text_and_body())
def test_paragraph_properties(case: tuple[str, list[Span]]) -> None:
    text, body = case
    check_spans(text, body, paragraphs(text, body), re.compile(r"[^\s\u200f]"))


@settings(max_examples=400, deadline=None)
@given(text_and_body())
def test_sentence_properties(case: tuple[str, list[Span]]) -> None:
    text, body = case
    out = sentences(text, body)
    # text between sentences is only whitespace and punctuation: every letter and digit is covered
    check_spans(text, body, out, re.compile(r"[^\W_]"))
    paras = paragraphs(text, body)
    for s in out:
        assert any(p.start <= s.start and s.end <= p.end for p in paras)
        assert re.search(r"[^\W_]", s.of(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["قال الوزير", "، ", "وأضاف", " ", "إن التعاون الثنائي مستمر", "، و", "."]), max_size=300))
def test_long_sentence_pieces_respect_the_limits(words: list[str]) -> None:
    text = "".join(words)
    for s in sentences(text, whole(text)):
        piece = s.of(text)
        if len(piece) <= LONG_SENTENCE:
            continue
        # a piece is only longer than the limit when no "، و" could be cut there
        commas = [0] + [m.start() for m in re.finditer("،", piece)] + [len(piece)]
        for k in range(1, len(commas) - 1):
            c = commas[k]
            m = re.compile("،[^\\S\n]*(?=و)").match(piece, c)
            if m is None or c - commas[k - 1] < MIN_CLAUSE + 2 or commas[k + 1] - c < MIN_CLAUSE:
                continue
            assert m.end() < MIN_PIECE or len(piece) - m.end() < MIN_PIECE
