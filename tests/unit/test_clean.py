"""Plain-text page cleaning: furniture lines, headline, outlet and dateline.

The small pages below are written for these tests in the style of Arabic news sites; the
seed and corpus checks read ../shared at run time and skip where it is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Cleaned
from marsad.text.clean import LONG, REASONS, clean_text
from marsad.text.datelines import is_date_only, parse_dateline, wire_dateline

P1 = (
    "استقبل محافظ الإسكندرية صباح اليوم سفير اليونان لدى القاهرة والوفد المرافق له، حيث بحث "
    "الجانبان سبل تعزيز التعاون المشترك في مجالات النقل البحري وتطوير الموانئ والسياحة، وذلك في "
    "إطار العلاقات التاريخية التي تربط المدينة بالجالية اليونانية منذ أكثر من قرن."
)
P2 = (
    "وأكد المحافظ خلال اللقاء حرص المحافظة على تذليل العقبات أمام المستثمرين اليونانيين، مشيراً "
    "إلى أن الميناء يشهد أعمال توسعة كبيرة تستهدف مضاعفة الطاقة الاستيعابية خلال العامين المقبلين، "
    "فيما أعرب السفير عن تقدير بلاده للتعاون القائم."
)
P3 = (
    "من جانبه، أشاد السفير اليوناني بمستوى التنسيق مع الأجهزة المحلية، معرباً عن تطلع الشركات "
    "اليونانية إلى المشاركة في مشروعات البنية التحتية الجديدة، ومؤكداً أن بلاده ستستضيف منتدى "
    "للاستثمار البحري في الخريف المقبل بمشاركة وفد مصري رفيع."
)


_EDGE = "[\\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+"


def trim(line: str) -> str:
    """A line without surrounding whitespace and invisible direction / zero-width marks."""
    return re.sub(f"^{_EDGE}|{_EDGE}$", "", line)


def page(*lines: str) -> str:
    return "\n".join(lines)


def reasons(c: Cleaned) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in c.removed:
        out.setdefault(r.reason, []).append(r.text)
    return out


def body_lines(text: str, c: Cleaned) -> list[str]:
    return [s.of(text) for s in c.body]


def check_offsets(text: str, c: Cleaned) -> None:
    """Body spans and removed lines are exact, trimmed, non-overlapping, in order, and
    together cover every non-blank line once."""
    spans = [(s.start, s.end, "body") for s in c.body] + [(r.start, r.end, r.reason) for r in c.removed]
    spans.sort()
    for (s, e, _), (s2, _, _) in zip(spans, spans[1:]):
        assert e <= s2
    for r in c.removed:
        assert text[r.start : r.end] == r.text
        assert r.reason in REASONS
    for s, e, _ in spans:
        seg = text[s:e]
        assert seg and seg == trim(seg) and "\n" not in seg
    nonblank = [trim(ln) for ln in text.split("\n")]
    assert sorted(text[s:e] for s, e, _ in spans) == sorted(x for x in nonblank if x)
    for sp in (c.title_span, c.outlet_span, c.dateline_span):
        if sp is not None:
            assert 0 <= sp.start < sp.end <= len(text)


EGYPTIAN = page(
    "بوابة المدينة الإخبارية",
    "رئيس مجلس الإدارة",
    "سامي فؤاد",
    "رئيس التحرير",
    "نادر حلمي",
    "",
    "الأخبار",
    "",
    "محافظ الإسكندرية يستقبل سفير اليونان لبحث التعاون في مجال الموانئ",
    "",
    "الاثنين 13 مايو 2024 03:20 مـ 5 ذو القعدة 1445 هـ",
    "محافظ الإسكندرية",
    "محافظ الإسكندرية",
    "تابع آخر الأخبار عبر تطبيق google news",
    "",
    P1,
    "",
    "تطوير الموانئ",
    "",
    P2,
    "",
    "اقرأ أيضاً: انطلاق مهرجان الصيف على الكورنيش الأسبوع المقبل",
    "",
    P3,
)


def test_egyptian_page_with_masthead_section_captions_and_hijri() -> None:
    c = clean_text(EGYPTIAN)
    check_offsets(EGYPTIAN, c)
    r = reasons(c)
    assert r["outlet"] == ["بوابة المدينة الإخبارية"]
    assert r["masthead"] == ["رئيس مجلس الإدارة", "سامي فؤاد", "رئيس التحرير", "نادر حلمي"]
    assert r["section"] == ["الأخبار"]
    assert r["headline"] == ["محافظ الإسكندرية يستقبل سفير اليونان لبحث التعاون في مجال الموانئ"]
    assert r["caption"] == ["محافظ الإسكندرية", "محافظ الإسكندرية"]
    assert r["social"] == ["تابع آخر الأخبار عبر تطبيق google news"]
    assert r["read_also"][0].startswith("اقرأ أيضاً")
    assert body_lines(EGYPTIAN, c) == [P1, "تطوير الموانئ", P2, P3]  # the subheading stays
    assert c.outlet == "بوابة المدينة الإخبارية" and c.outlet_span.of(EGYPTIAN) == c.outlet
    assert c.title == "محافظ الإسكندرية يستقبل سفير اليونان لبحث التعاون في مجال الموانئ"
    assert c.title_span.of(EGYPTIAN) == c.title
    assert (c.published, c.published_time) == ("2024-05-13", "15:20")  # مـ = PM
    assert c.dateline_span.of(EGYPTIAN).startswith("الاثنين 13 مايو")
    assert c.warnings == []  # 5 ذو القعدة 1445 is 2024-05-13, a Monday


def test_levantine_months_and_eastern_digits() -> None:
    text = page("جريدة الشام اليوم", "", "الأحد ٣ آذار ٢٠٢٤", "", "وزير الداخلية يلتقي وفداً من المفوضية الأوروبية", "", P1, P2)
    c = clean_text(text)
    check_offsets(text, c)
    assert c.published == "2024-03-03" and c.warnings == []
    assert c.outlet == "جريدة الشام اليوم"
    assert c.title == "وزير الداخلية يلتقي وفداً من المفوضية الأوروبية"
    assert body_lines(text, c) == [P1, P2]


@pytest.mark.parametrize(
    ("line", "published", "time"),
    [
        ("الخميس 15 شباط/فبراير 2024", "2024-02-15", None),
        ("الأربعاء 15 أيار/مايو 2024 - 09:05", "2024-05-15", "09:05"),
        ("الخميس 18 أفريل 2024", "2024-04-18", None),  # Algerian / Tunisian
        ("الثلاثاء 2 يوليوز 2024", "2024-07-02", None),  # Moroccan
        ("السبت ۲۰ إبريل ۲۰۲۴", "2024-04-20", None),  # Persian digits, إبريل
        ("الجمعة 1 تشرين الثاني 2024 12:05 ص", "2024-11-01", "00:05"),  # 12 AM is 00
        ("الأحد 3 نوفمبر 2024 12:30 م", "2024-11-03", "12:30"),  # 12 PM stays 12
        ("نشر في: 22/10/2024 - 17:40", "2024-10-22", "17:40"),
        ("آخر تحديث: 2024-10-22", "2024-10-22", None),
        ("الخميس، 21 نوفمبر، 2024 10:27صـ", "2024-11-21", "10:27"),  # commas, glued AM mark
        ("26 شوال 1436هـ الموافق 11 أغسطس 2015م", "2015-08-11", None),  # glued era marks
        ("2024-11-21 23:05:00", "2024-11-21", "23:05"),
    ],
)
def test_dateline_variants(line: str, published: str, time: str | None) -> None:
    text = page("عنوان قصير عن زيارة رسمية لوفد أمني", line, "", P1)
    c = clean_text(text)
    check_offsets(text, c)
    assert reasons(c)["dateline"] == [line]
    assert (c.published, c.published_time) == (published, time)
    assert c.warnings == []


def test_hijri_that_agrees_gives_no_warning() -> None:
    text = page("الخميس 29 يناير 2026 10:27 صـ 10 شعبان 1447 هـ", "وزير الخارجية يستقبل نظيره القبرصي", P1)
    c = clean_text(text)
    assert (c.published, c.published_time, c.warnings) == ("2026-01-29", "10:27", [])


def test_hijri_conflict_is_a_warning_and_the_gregorian_date_stands() -> None:
    text = page("الخميس 29 يناير 2026 10:27 صـ 12 شعبان 1447 هـ", "وزير الخارجية يستقبل نظيره القبرصي", P1)
    c = clean_text(text)
    assert c.published == "2026-01-29"
    assert len(c.warnings) == 1 and c.warnings[0].startswith("dateline_hijri_conflict:")
    assert "2026-01-31" in c.warnings[0]  # what the Hijri date converts to (Umm al-Qura)


def test_weekday_conflict_is_a_warning_not_a_fix() -> None:
    text = page("الجمعة 29 يناير 2026", "وزير الخارجية يستقبل نظيره القبرصي", P1)
    c = clean_text(text)
    assert c.published == "2026-01-29"
    assert [w.split(":")[0] for w in c.warnings] == ["dateline_weekday_conflict"]
    assert "Friday" in c.warnings[0] and "Thursday" in c.warnings[0]


def test_hijri_only_dateline_is_converted() -> None:
    text = page("صحيفة الخليج الجديد", "الاثنين 8 صفر 1446 هـ", "وفد أمني يختتم زيارته إلى بكين", P1)
    c = clean_text(text)
    assert c.published == "2024-08-12" and c.warnings == []


def test_impossible_dates_are_reported_not_guessed() -> None:
    c = clean_text(page("الخميس 31 فبراير 2024", "عنوان الخبر عن زيارة رسمية", P1))
    assert c.published is None
    assert c.warnings and c.warnings[0].startswith("dateline_invalid_date:")
    c = clean_text(page("30 محرم 1600 هـ", "عنوان الخبر عن زيارة رسمية", P1))
    assert c.published is None and c.warnings[0].startswith("dateline_hijri_invalid:")


def test_a_page_without_dateline_has_no_published_date() -> None:
    text = page(P1, P2)
    c = clean_text(text)
    assert c.published is None and c.published_time is None and c.dateline_span is None
    assert c.removed == [] and body_lines(text, c) == [P1, P2]
    assert c.title is None and c.outlet is None


def test_a_date_inside_a_body_sentence_is_not_a_publication_date() -> None:
    dated = "وكان الجانبان قد وقعا في 12 مارس 2023 مذكرة تفاهم لتبادل الخبرات في مجال التدريب الأمني."
    standalone = "12 مارس 2023"
    text = page(P1, dated, standalone, P2)
    c = clean_text(text)
    assert c.published is None
    assert body_lines(text, c) == [P1, dated, standalone, P2]  # a date line between paragraphs stays


def test_outlet_pipe_headline() -> None:
    headline = "وزير الداخلية يزور الأردن لبحث التعاون الأمني"
    text = page(f"الوطن نيوز | {headline}", "", "الخميس 21 نوفمبر 2024 - 11:44", "", headline, "", P1)
    c = clean_text(text)
    check_offsets(text, c)
    assert c.outlet == "الوطن نيوز" and c.outlet_span.of(text) == "الوطن نيوز"
    assert c.title == headline and c.title_span.of(text) == headline
    r = reasons(c)
    assert r["outlet"] == [f"الوطن نيوز | {headline}"] and r["headline"] == [headline]
    assert (c.published, c.published_time) == ("2024-11-21", "11:44")


def test_headline_pipe_outlet_order_is_recognised() -> None:
    headline = "وزير الداخلية يزور الأردن لبحث التعاون الأمني"
    c = clean_text(page(f"{headline} | بوابة الصباح", P1))
    assert (c.outlet, c.title) == ("بوابة الصباح", headline)


def test_section_label_is_not_an_outlet() -> None:
    text = page("السبت 20 أبريل 2024", "رئيس مجلسى الإدارة والتحرير", "كريم منصور", "", "الأخبار", "", "الخارجية ترحب بنتائج اجتماع اللجنة المشتركة", P1)
    c = clean_text(text)
    r = reasons(c)
    assert c.outlet is None
    assert r["section"] == ["الأخبار"]
    assert r["masthead"] == ["رئيس مجلسى الإدارة والتحرير", "كريم منصور"]
    assert c.published == "2024-04-20"


def test_outlet_named_above_its_slogan_and_navigation_lines() -> None:
    c = clean_text(page("الرابطة", "يومية سياسية مستقلة", "محليات", "وزير العمل يستقبل وفداً نقابياً", P1))
    assert c.outlet == "الرابطة" and reasons(c)["outlet"] == ["الرابطة", "يومية سياسية مستقلة"]
    c = clean_text(page("نبض الوادي", "الرئيسية | دولي | اقتصاد | رياضة", "دولي", "وزير العمل يستقبل وفداً نقابياً", P1))
    assert c.outlet == "نبض الوادي"
    assert reasons(c)["section"] == ["الرئيسية | دولي | اقتصاد | رياضة", "دولي"]


def test_person_captions_before_the_body() -> None:
    text = page("الداخلية تبحث مع وفد أوروبي مكافحة الهجرة غير الشرعية", "", "اللواء سمير عادل", "اللواء سمير عادل وزير الداخلية", P1)
    c = clean_text(text)
    assert reasons(c)["caption"] == ["اللواء سمير عادل", "اللواء سمير عادل وزير الداخلية"]
    assert body_lines(text, c) == [P1]


def test_caption_cue_and_repeated_caption_in_the_body() -> None:
    text = page(P1, "جانب من اللقاء", P2, "الوفد اليوناني في مقر المحافظة", P3, "الوفد اليوناني في مقر المحافظة")
    c = clean_text(text)
    assert reasons(c)["caption"] == ["جانب من اللقاء", "الوفد اليوناني في مقر المحافظة", "الوفد اليوناني في مقر المحافظة"]
    assert body_lines(text, c) == [P1, P2, P3]


@pytest.mark.parametrize(
    "line",
    [
        "اقرأ أيضاً: افتتاح معرض الكتاب في دورته الجديدة",
        "اقرأ أيضا | وزير النقل يتفقد محطة القطارات",
        "شاهد أيضا: لحظة وصول الوفد إلى المطار",
        "طالع أيضا: تفاصيل الاتفاقية الجديدة",
        "اقرأ المزيد",
        "للمزيد: الحكومة تعلن خطة لتطوير الموانئ",
        "قد يهمك| السفير يزور مدرسة الجالية",
        "...المزيد",
    ],
)
def test_read_also_variants(line: str) -> None:
    text = page(P1, line, P2)
    c = clean_text(text)
    assert reasons(c) == {"read_also": [line]}
    assert body_lines(text, c) == [P1, P2]


def test_link_lines_under_a_bare_read_also_cue() -> None:
    text = page(P1, "اقرأ أيضا:", "وزير النقل يتفقد محطة القطارات الجديدة", "افتتاح معرض الكتاب في دورته الجديدة", P2)
    c = clean_text(text)
    assert len(reasons(c)["read_also"]) == 3 and body_lines(text, c) == [P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        "تابع أحدث الأخبار عبر تطبيق google news",
        "تابعونا على فيسبوك وتويتر",
        "للاشتراك في قناة الموقع على يوتيوب اضغط هنا",
        "شارك الخبر",
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل التطبيق على هاتفكم المحمول.",
    ],
)
def test_social_prompts(line: str) -> None:
    c = clean_text(page(P1, line, P2))
    assert reasons(c) == {"social": [line]}


def test_trailer_furniture() -> None:
    text = page(P1, P2, "------------", "المصدر: وكالات", "// انتهى //", "14:23 ت م", "الوسوم: الإسكندرية اليونان الموانئ")
    c = clean_text(text)
    check_offsets(text, c)
    assert reasons(c) == {
        "separator": ["------------"],
        "credit": ["المصدر: وكالات"],
        "end_marker": ["// انتهى //"],
        "dateline": ["14:23 ت م"],
        "tags": ["الوسوم: الإسكندرية اليونان الموانئ"],
    }
    assert c.published is None  # a time stamp alone is not a date


def test_byline() -> None:
    c = clean_text(page("وزير الخارجية يستقبل نظيره القبرصي", "كتب: محمد سالم", P1))
    assert reasons(c)["byline"] == ["كتب: محمد سالم"]


def test_teaser_glued_from_subtitle_and_body_start() -> None:
    sub = "السفير اليوناني يشيد بمستوى التنسيق مع الأجهزة المحلية"
    headline = "محافظ الإسكندرية يستقبل سفير اليونان"
    teaser = sub + P1[:14]  # the subtitle, then the body's first words, cut mid-word
    text = page(f"بوابة الثغر | {headline}", "", teaser, "", "الأحد 5 مايو 2024", headline, sub, "", P1)
    c = clean_text(text)
    check_offsets(text, c)
    assert reasons(c)["teaser"] == [teaser]
    assert body_lines(text, c) == [sub, P1]  # the subtitle itself stays


def test_truncated_copy_of_a_later_line_is_a_teaser() -> None:
    headline = "محافظ الإسكندرية يستقبل سفير اليونان"
    text = page(headline, P1[:60] + "...", P1)
    c = clean_text(text)
    assert reasons(c)["teaser"] == [P1[:60] + "..."]


def test_wire_dateline_stays_in_the_first_paragraph() -> None:
    lede = (
        "الرياض 10 رمضان 1445 هـ الموافق 20 مارس 2024 م واس استقبل نائب وزير الداخلية اليوم "
        "سفير جمهورية السنغال لدى المملكة، وجرى خلال الاستقبال بحث الموضوعات ذات الاهتمام المشترك."
    )
    text = page("نائب وزير الداخلية يستقبل سفير السنغال", "", lede, P2, "//انتهى//")
    c = clean_text(text)
    check_offsets(text, c)
    assert body_lines(text, c) == [lede, P2]
    assert c.published == "2024-03-20" and c.warnings == []
    assert c.dateline_span.of(text) == "الرياض 10 رمضان 1445 هـ الموافق 20 مارس 2024 م واس"
    w = wire_dateline(text, c.body[0].start, c.body[0].end)
    assert w is not None and w.wire and w.place.of(text) == "الرياض" and w.marker.of(text) == "واس"


def test_wire_lines_that_open_the_article_stay_and_lone_ones_go() -> None:
    cnn = "دبي، الإمارات العربية المتحدة (CNN)-- استقبل ولي العهد اليوم وزير الخارجية الفرنسي، وبحث معه مستجدات المنطقة."
    c = clean_text(page(cnn, P2))
    assert c.removed == [] and c.published is None
    spa = "أبها 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"
    c = clean_text(page(spa + " استقبل أمير المنطقة في مكتبه اليوم رئيس فرع الوزارة وبحث معه خطط العام المقبل.", P2))
    assert c.removed == [] and c.published == "2015-08-10"  # the article goes on after the marker
    c = clean_text(page(spa, P1, P2))
    assert [(r.reason, r.text) for r in c.removed] == [("wire", spa)]
    assert c.published == "2015-08-10" and c.dateline_span is not None
    c = clean_text(page(spa, P1, P2, spa))  # repeated after the story
    assert [(r.reason, r.text) for r in c.removed] == [("wire", spa), ("wire", spa)]
    for byline in ("عين الخبر – جدة", "سالم العتيبي - صحيفة الخبر", "Next Previous واس – الرياض"):
        c = clean_text(page(byline, P1))
        assert [(r.reason, r.text) for r in c.removed] == [("byline", byline)], byline
    # a line with more than two short sides, or a lone line, is not a byline
    assert all(r.reason != "byline" for r in clean_text(page("مصر – السعودية – الإمارات", P1)).removed)
    assert clean_text("عين الخبر – جدة").removed == []


def test_metadata_title_and_published_are_not_overridden() -> None:
    headline = "وزير الخارجية يستقبل نظيره القبرصي"
    text = page("السبت 20 أبريل 2024", headline, P1)
    c = clean_text(text, title=headline, published="2024-04-21T08:00:00Z")
    assert c.title == headline and c.title_span.of(text) == headline
    assert (c.published, c.published_time) == ("2024-04-21", "08:00")
    assert c.dateline_span.of(text) == "السبت 20 أبريل 2024"
    assert c.warnings == ["dateline_metadata_conflict: the page's dateline says 2024-04-20 but the metadata says 2024-04-21"]
    agree = clean_text(text, title=headline, published="2024-04-20")
    assert agree.warnings == [] and agree.published == "2024-04-20"


def test_metadata_title_not_in_the_text_is_kept_without_span() -> None:
    text = page(P1, P2)
    c = clean_text(text, title="عنوان لا يظهر في النص", published="Mon, 16 Jul 2018 18:45:56 +0400")
    assert c.title == "عنوان لا يظهر في النص" and c.title_span is None
    assert (c.published, c.published_time) == ("2018-07-16", "18:45")
    assert c.removed == []


def test_unparseable_metadata_date_falls_back_to_the_dateline_with_a_warning() -> None:
    c = clean_text(page("السبت 20 أبريل 2024", "عنوان قصير عن زيارة رسمية", P1), published="yesterday")
    assert c.published == "2024-04-20"
    assert c.warnings[0].startswith("published_metadata_unparsed:")


def test_long_lines_are_never_removed() -> None:
    long_caption = "جانب من اللقاء " + P1
    text = page(P1, long_caption, P1)  # repeated and cue-led, but paragraph-long
    c = clean_text(text)
    assert c.removed == [] and len(c.body) == 3
    assert all(len(r.text) < LONG for r in clean_text(EGYPTIAN).removed)


def test_a_one_line_page_is_never_emptied() -> None:
    text = "وزير الخارجية يستقبل نظيره القبرصي"
    c = clean_text(text, title=text)
    assert body_lines(text, c) == [text]


def test_offsets_with_crlf_nbsp_and_invisible_marks() -> None:
    text = "\ufeffبوابة المدينة الإخبارية\r\n\u00a0\u00a0\r\n  الأحد ٣ آذار ٢٠٢٤ \u200f\r\nوزير الداخلية يلتقي وفداً أوروبياً\r\n\u00a0" + P1 + "\u00a0\r\n"
    c = clean_text(text)
    check_offsets(text, c)
    assert body_lines(text, c) == [P1]
    assert c.outlet == "بوابة المدينة الإخبارية" and c.published == "2024-03-03"
    assert [r.text for r in c.removed][1] == "الأحد ٣ آذار ٢٠٢٤"


def test_empty_text() -> None:
    c = clean_text("")
    assert c.body == [] and c.removed == [] and c.published is None


def test_dateline_helpers() -> None:
    assert is_date_only("الخميس 21 نوفمبر 2024 - 11:44")
    assert not is_date_only("وصل الوفد يوم الخميس 21 نوفمبر 2024")
    assert not is_date_only("الخميس 11:44")  # no full date
    d = parse_dateline("x 3 كانون الثاني 2024 y")
    assert d is not None and d.date == "2024-01-03" and d.gregorian.text == "3 كانون الثاني 2024"
    assert parse_dateline("لا تاريخ هنا") is None


# --- seeds and corpora (read ../shared at run time) ---------------------------------------

SEED_EXPECTED = {
    "000": ("2026-01-29", "10:27", "بوابة النور الاخبارية"),
    "001": ("2024-04-20", None, None),
    "002": (None, None, None),
    "003": (None, None, None),
    "004": ("2024-11-21", "11:44", "السوق العربية المشتركة"),
}


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEED_EXPECTED))
def test_seed_pages(seeds: dict[str, Path], seed: str) -> None:
    text = seeds[seed].read_text(encoding="utf-8")
    c = clean_text(text)
    check_offsets(text, c)
    published, time, outlet = SEED_EXPECTED[seed]
    assert (c.published, c.published_time, c.outlet) == (published, time, outlet)
    assert c.warnings == []
    body = body_lines(text, c)
    for line in text.split("\n"):
        if len(line.strip()) > 150:
            assert line.strip() in body, line[:60]


@pytest.mark.shared
def test_seed_furniture_is_removed(seeds: dict[str, Path]) -> None:
    def cleaned(seed: str) -> tuple[list[str], dict[str, list[str]]]:
        text = seeds[seed].read_text(encoding="utf-8")
        c = clean_text(text)
        return body_lines(text, c), reasons(c)

    body, r = cleaned("001")
    assert "عبدالرحيم علي" in r["masthead"] and "عبدالرحيم علي" not in body
    assert "تابع أحدث الأخبار عبر تطبيق google news" in r["social"]
    assert r["section"] == ["الأخبار"]
    assert len(r["caption"]) == 2 and not any(b.startswith("اللواء محمود توفيق") and len(b) < 60 for b in body)
    body, r = cleaned("003")
    assert len(r["read_also"]) == 1 and not any(b.startswith("اقرأ أيضاً") for b in body)
    body, r = cleaned("004")
    assert {"أمانى الموجى", "أشرف أبوطالب"} <= set(r["masthead"])
    assert not {"أمانى الموجى", "أشرف أبوطالب"} & set(body)
    assert len(r["teaser"]) == 1 and r["teaser"][0].endswith("قام اللواء محمو")
    body, r = cleaned("000")
    assert r["caption"] == ["وزير الداخلية", "وزير الداخلية"]
    # subheadings stay: every short line standing between two long paragraphs is in the body
    lines = [line.strip() for line in seeds["000"].read_text(encoding="utf-8").splitlines() if line.strip()]
    subheads = [b for a, b, c in zip(lines, lines[1:], lines[2:]) if len(a) > 150 and len(b) < 80 and len(c) > 150]
    assert subheads and all(h in body for h in subheads)


def _corpus(shared: Path) -> list[tuple[str, str, str | None, str | None]]:
    docs = []
    for corpus in ("saudinewsnet", "antcorpus"):
        index = shared / "corpora" / corpus / "index.jsonl"
        if not index.is_file():
            pytest.skip(f"{index} not found")
        for line in index.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = (index.parent / rec["file"]).read_text(encoding="utf-8")
            docs.append((rec["id"], text, rec.get("title"), rec.get("date")))
    return docs


@pytest.mark.shared
@pytest.mark.parametrize("with_metadata", [True, False])
def test_corpora_keep_every_paragraph_and_wire_line(shared: Path, with_metadata: bool) -> None:
    docs = _corpus(shared)
    assert len(docs) >= 390
    for doc_id, text, title, date in docs:
        c = clean_text(text, title=title, published=date) if with_metadata else clean_text(text)
        check_offsets(text, c)
        assert c.body, doc_id
        for r in c.removed:
            assert len(r.text) <= LONG, (doc_id, r.reason, r.text[:60])
        body = set(body_lines(text, c))
        for line in text.split("\n"):
            s = trim(line)
            wire = "(CNN)" in s[:80] or ("واس" in s[:80] and any(ch.isdigit() for ch in s[:60]))
            lone_wire = any(r.reason == "wire" and r.text == s for r in c.removed)
            if (wire and not lone_wire) or len(s) > 200:
                assert s in body, (doc_id, s[:60])
            if lone_wire:  # removed only when nothing of the article follows the marker
                assert len(s.split()) <= 20 and s.rstrip().endswith(("واس", "(واس)")), (doc_id, s)
        if with_metadata:
            assert not any(w.startswith("dateline_metadata_conflict") for w in c.warnings), (doc_id, c.warnings)


# --- any text at all -----------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "\n", "\r\n", " ", "\u00a0", "\u200f", "|", "-", ":", ".", "/", "،",
        "10:27", "صـ", "مـ", "هـ", "29", "٢٠٢٤", "2026", "يناير", "آذار", "شعبان", "الخميس", "واس", "(CNN)",
        "رئيس التحرير", "اقرأ أيضا", "بوابة", "الأخبار", "وزير الداخلية", "يستقبل", "سفير", "انتهى",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_any_text_cleans_with_exact_offsets(text: str) -> None:
    c = clean_text(text)
    check_offsets(text, c)
    c = clean_text(text, title=text[:30], published="2024-01-01")
    check_offsets(text, c)


def test_an_outlet_cue_word_below_the_headline_is_not_an_outlet() -> None:
    text = page("وزير الإسكان يتفقد مشروعات المدينة الجديدة", "الوزير خلال زيارة موقع المشروع", P1)
    c = clean_text(text)
    assert c.outlet is None
    assert body_lines(text, c) == ["الوزير خلال زيارة موقع المشروع", P1]
