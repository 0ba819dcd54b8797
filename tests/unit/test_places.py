"""Countries, demonyms, cities and organisations: matching rules, offsets, lookups, seeds.

All sentences here are written for these tests in the style of Arabic news."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.places import (
    country_name,
    demonym_country,
    find_places,
    igo_name,
    inflect_nisba,
    lookup,
)
from marsad.model import Span


def found(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, code) of every mention, after checking its offsets."""
    out = []
    for m in find_places(text):
        assert text[m.start : m.end] == m.text
        out.append((m.text, m.kind, m.code))
    return out


def codes(text: str) -> list[str]:
    return [c for _, _, c in found(text)]


# --- clitics and word boundaries ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقّع الجانبان اتفاقاً بمصر أمس", ("مصر", "EGY")),
        ("عاد الوفد الأمني وبالصين ثلاثة خبراء", ("الصين", "CHN")),
        ("قدّم الدعم للأردن في مجال التدريب", ("للأردن", "JOR")),
        ("أشاد بالجهود المصرية والأردنية", ("الأردنية", "JOR")),
        ("عاد الوزير من بيروت فلبنان يمر بأزمة", ("لبنان", "LBN")),
        ("وصلت طائرة المساعدات لليمن صباحاً", ("لليمن", "YEM")),
        ("وكالسعودية تسعى الكويت إلى التنويع", ("السعودية", "SAU")),
    ],
)
def test_proclitics_match_and_are_outside_the_span(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(t, c) for t, _, c in found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "افتتح مصرف جديد فرعه الأول",  # مصر inside مصرف
        "كلية الهندسة تستقبل الطلاب",  # الهند inside الهندسة
        "قدمت الحكومة دعم مالي للمزارعين",  # مالي = financial
        "زار مدارس البنين في الحي",  # بنين = boys
        "كيف تتعامل الوزارة مع الأزمة",  # كيف is not Kyiv
        "تصدر الوزارة بياناً يومياً",  # تصدر / مصر
        "سافر إلى أماكن بعيدة",  # no place
    ],
)
def test_names_inside_other_words_do_not_match(text: str) -> None:
    assert found(text) == []


def test_a_demonym_is_not_its_country_name_plus_letters() -> None:
    assert found("أكد المسؤول التشادي أن تشاد مستعدة") == [("التشادي", "demonym", "TCD"), ("تشاد", "country", "TCD")]
    assert found("التقى الوزير العماني نظيره") == [("العماني", "demonym", "OMN")]


# --- demonym inflections -----------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["الإيطالي", "الإيطالية", "الإيطاليون", "الإيطاليين", "إيطالي", "إيطالية", "الإيطاليان", "الإيطاليتين",
     "الايطاليات", "للإيطاليين", "والإيطالية"],
)
def test_demonym_inflections(word: str) -> None:
    assert demonym_country(word) == "ITA"


def test_demonym_spellings_fold() -> None:
    assert demonym_country("الصينى") == "CHN"  # final ى
    assert demonym_country("المصريين") == "EGY"
    assert demonym_country("الأمريكية") == demonym_country("الاميركية") == "USA"
    assert demonym_country("الكوريون الشماليون") == "PRK"
    assert demonym_country("الأممية") == "IGOUNO"
    assert demonym_country("مصر") is None  # a country, not a demonym
    assert demonym_country("مفتاح") is None


def test_inflect_nisba_generates_every_form() -> None:
    forms = inflect_nisba("غيني")
    assert {"غيني", "الغيني", "غينية", "الغينية", "الغينيون", "الغينيين", "غينيتان", "الغينيات"} <= set(forms)
    assert len(forms) == 16
    assert "الكورية الشمالية" in inflect_nisba("كوري شمالي")


def test_demonym_mentions_in_a_sentence() -> None:
    text = "التقى وزير الداخلية نظيره الغيني وأعضاء الوفد الغينيين، وأكد أن الأجهزة الغينية شريك"
    assert codes(text) == ["GIN", "GIN", "GIN"]
    assert {k for _, k, _ in found(text)} == {"demonym"}


# --- longest match and stop phrases ------------------------------------------------------


def test_longest_match_wins() -> None:
    assert found("زار الوزير جمهورية الصين الشعبية الأسبوع الماضي") == [("جمهورية الصين الشعبية", "country", "CHN")]
    assert found("وصل إلى جنوب السودان") == [("جنوب السودان", "country", "SSD")]
    assert found("عقد مجلس الأمن الدولي جلسة") == [("مجلس الأمن الدولي", "igo", "IGOUNO")]
    assert found("أعلنت حكومة كوريا الشمالية") == [("كوريا الشمالية", "country", "PRK")]
    assert found("وفد من الولايات المتحدة الأمريكية") == [("الولايات المتحدة الأمريكية", "country", "USA")]


def test_stop_phrases_yield_nothing() -> None:
    assert found("دول المغرب العربي تبحث التكامل") == []
    assert found("تراجعت الصادرات إلى أمريكا اللاتينية") == []
    assert found("عاد إلى مسقط رأسه في الجنوب") == []
    assert found("يدرس الطلاب اللغة الإنجليزية") == []
    assert found("اجتمع مجلس الأمن القومي") == []
    assert found("اتحاد المغرب العربي") == [("اتحاد المغرب العربي", "igo", "IGOMEAAMU")]
    assert found("التوتر بين الكوريتين") == []


# --- cities and ambiguous names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("القاهرة", "EGY"), ("بكين", "CHN"), ("روما", "ITA"), ("الرياض", "SAU"), ("جدة", "SAU"), ("دبي", "ARE"),
        ("أبوظبي", "ARE"), ("أبو ظبي", "ARE"), ("الخرطوم", "SDN"), ("واشنطن", "USA"), ("موسكو", "RUS"),
        ("بروكسل", "BEL"), ("جنيف", "CHE"), ("بغداد", "IRQ"), ("دمشق", "SYR"), ("أنقرة", "TUR"), ("طهران", "IRN"),
    ],
)
def test_cities_map_to_their_country(name: str, code: str) -> None:
    assert found(f"وصل الوفد إلى {name} مساء أمس") == [(name, "city", code)]


def test_amman_or_oman() -> None:
    assert found("وصل الوزير إلى عمان في زيارة رسمية") == [("عمان", "city", "JOR")]
    # the document names Oman elsewhere
    text = "أشاد المسؤول بدور سلطنة عمان، وقال إن عمان شريك للمنطقة وإن الجانب العماني متعاون"
    assert [c for t, _, c in found(text) if t == "عمان"] == ["OMN"]
    # a list of countries
    text = "شاركت وفود من الكويت وعمان والبحرين"
    assert found(text) == [("الكويت", "country", "KWT"), ("عمان", "country", "OMN"), ("البحرين", "country", "BHR")]
    # a list of capitals stays a list of capitals
    assert found("تتواصل المشاورات بين الرياض وعمان") == [("الرياض", "city", "SAU"), ("عمان", "city", "JOR")]


def test_tripoli() -> None:
    assert found("اشتباكات في طرابلس الليبية") == [("طرابلس", "city", "LBY"), ("الليبية", "demonym", "LBY")]
    assert [c for t, _, c in found("توتر أمني في طرابلس شمال لبنان") if t == "طرابلس"] == ["LBN"]
    assert found("وصل المبعوث إلى طرابلس") == [("طرابلس", "city", "LBY")]


def test_cue_names_need_a_cue() -> None:
    assert found("انتشرت قوات حفظ السلام في مالي") == [("مالي", "country", "MLI")]
    assert found("قدمت الدولة دعماً مالي الطابع") == []
    assert found("وصل إلى جمهورية بنين") == [("جمهورية بنين", "country", "BEN")]


# --- person names ------------------------------------------------------------------------


def test_place_words_inside_personal_names_are_dropped() -> None:
    assert found("استقبل الأمير تركي الوفد") == []
    assert found("حضر تركي بن محمد الحفل") == []
    assert found("وشكر للأمير تركي جهوده") == []
    assert found("أوضح مدير منطقة الرياض تركي الفلاني") == [("الرياض", "city", "SAU")]
    assert found("صرح مسؤول تركي للصحفيين") == [("تركي", "demonym", "TUR")]


def test_country_name_used_as_adjective_is_a_demonym() -> None:
    assert found("أعلنت الحكومة السعودية") == [("السعودية", "demonym", "SAU")]
    assert found("وصل الوفد إلى السعودية") == [("السعودية", "country", "SAU")]
    assert found("اتفقت الإمارات والسعودية") == [("الإمارات", "country", "ARE"), ("السعودية", "country", "SAU")]


# --- organisations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("صدر بيان عن الأمم المتحدة", "الأمم المتحدة", "IGOUNO"),
        ("اعتمدت الجمعية العامة للأمم المتحدة القرار", "الجمعية العامة للأمم المتحدة", "IGOUNO"),
        ("رحبت المفوضية الأوروبية بالاتفاق", "المفوضية الأوروبية", "IGOEUREEC"),
        ("صوّت البرلمان الأوروبي أمس", "البرلمان الأوروبي", "IGOEUREEC"),
        ("وفد من الاتحاد الأوروبى يزور البلاد", "الاتحاد الأوروبى", "IGOEUREEC"),
        ("اجتمع ممثلو مفوضية الاتحاد الأفريقي", "مفوضية الاتحاد الأفريقي", "IGOAFRAFU"),
        ("ناقش مجلس السلم والأمن الأزمة", "مجلس السلم والأمن", "IGOAFRAFU"),
        ("دعت جامعة الدول العربية إلى التهدئة", "جامعة الدول العربية", "IGOMEAARL"),
        ("أصدر البرلمان العربي توصية", "البرلمان العربي", "IGOMEAARL"),
        ("قمة مجلس التعاون الخليجي", "مجلس التعاون الخليجي", "IGOPGSGCC"),
        ("اجتماع منظمة التعاون الإسلامي", "منظمة التعاون الإسلامي", "IGOMOSOIC"),
        ("نشر الإنتربول نشرة حمراء", "الإنتربول", "IGOCOPITP"),
        ("تعاون مع يوروبول في التحقيق", "يوروبول", "IGOEURCOP"),
        ("قوات حلف شمال الأطلسي", "حلف شمال الأطلسي", "IGOWSTNAT"),
        ("مؤتمر المنظمة الدولية للحماية المدنية", "المنظمة الدولية للحماية المدنية", "IGOICDO"),
        ("قررت أوبك خفض الإنتاج", "أوبك", "IGOOPC"),
        ("قدم البنك الدولي قرضاً", "البنك الدولي", "IGOUNODEVWBK"),
        ("وصلت بعثة صندوق النقد الدولي", "صندوق النقد الدولي", "IGOBUSIMF"),
        ("أعلنت المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "IGOUNOREFHCR"),
        ("أعلنت المفوضية السامية للأمم المتحدة لشئون اللاجئين", "المفوضية السامية للأمم المتحدة لشئون اللاجئين", "IGOUNOREFHCR"),
        ("قالت المنظمة الدولية للهجرة", "المنظمة الدولية للهجرة", "IGOUNOREFIOM"),
        ("حذر مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "IGOUNOCOPODC"),
        ("وزع برنامج الأغذية العالمي المساعدات", "برنامج الأغذية العالمي", "IGOUNOWFP"),
        ("حذرت اليونيسف من نقص اللقاحات", "اليونيسف", "IGOUNOKID"),
        ("انتقد المبعوث الأممي الهجوم", "الأممي", "IGOUNO"),
    ],
)
def test_organisations_and_their_bodies(text: str, name: str, code: str) -> None:
    ms = find_places(text)
    assert [(m.text, m.code) for m in ms] == [(name, code)]
    m = ms[0]
    assert m.igo == code and m.country is None
    assert m.name == igo_name(code)


def test_body_is_reported_with_the_parent_name() -> None:
    (m,) = find_places("عقد مجلس الأمن الدولي جلسة طارئة")
    assert (m.kind, m.code, m.name, m.igo) == ("igo", "IGOUNO", "الأمم المتحدة", "IGOUNO")


# --- offsets -----------------------------------------------------------------------------


def test_offsets_are_exact_with_marks_tatweel_and_odd_spaces() -> None:
    text = "زار الوزيرُ مِصْرَ ثم الأردنـــية\u00a0والإمارات العربية  المتحدة، و«إيطاليا»."
    got = found(text)
    assert got == [
        ("مِصْرَ", "country", "EGY"),
        ("الأردنـــية", "demonym", "JOR"),
        ("الإمارات العربية  المتحدة", "country", "ARE"),
        ("إيطاليا", "country", "ITA"),
    ]


def test_hashtags_join_words_with_underscores() -> None:
    assert found("غرد عن #كوريا_الشمالية أمس") == [("كوريا_الشمالية", "country", "PRK")]


def test_mention_fields() -> None:
    (m,) = find_places("قال إن القاهرة ترحب")
    assert (m.kind, m.code, m.name, m.country, m.igo) == ("city", "EGY", "مصر", "EGY", None)
    (m,) = find_places("رحبت فرنسا")
    assert (m.kind, m.code, m.name, m.country) == ("country", "FRA", "فرنسا", "FRA")


def test_spans_restrict_the_result() -> None:
    text = "زار الوزير مصر. ثم سافر إلى الأردن."
    second = Span(text.index("ثم"), len(text))
    assert [m.code for m in find_places(text, [second])] == ["JOR"]
    assert [m.code for m in find_places(text, [])] == []
    assert [m.code for m in find_places(text, [Span(0, 5), Span(3, len(text))])] == ["EGY", "JOR"]


_PIECES = ["مصر", "الأردنية", "القاهرة", "للصين", "الاتحاد الأفريقي", "مجلس الأمن الدولي", "وزير", "قال", "،", " ", "\n",
           "\u064e", "\u0640", "\u00a0", "مصرف", "الهندسة", "جمهورية الصين الشعبية", "«", "_", "ﻻ", "e\u0301"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_offsets_property(pieces: list[str]) -> None:
    text = "".join(pieces)
    prev_end = 0
    for m in find_places(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= prev_end  # sorted, no overlaps
        prev_end = m.end
        assert lookup(m.text) is not None


def test_digits_may_follow_a_name() -> None:
    assert found("انطلقت محادثات جنيف2 أمس") == [("جنيف", "city", "CHE")]


def test_language_after_a_verb_is_not_a_demonym() -> None:
    assert found("رحب بالضيوف قائلا بالإسبانية مرحبا") == []
    assert found("التقى الوزير بالسفيرة الإسبانية") == [("الإسبانية", "demonym", "ESP")]


def test_a_preposition_on_a_cue_name_is_enough() -> None:
    assert found("افتتح المطار الجديد بينبع") == [("ينبع", "city", "SAU")]
    assert found("الماء ينبع من الجبل") == []


# --- lookups -----------------------------------------------------------------------------


def test_lookups() -> None:
    assert country_name("EGY") == "مصر"
    assert country_name("PSE") == "فلسطين"
    assert igo_name("IGOUNO") == "الأمم المتحدة"
    p = lookup("والأردنية")
    assert p is not None and (p.kind, p.code) == ("demonym", "JOR")
    p = lookup("للأردن")
    assert p is not None and (p.kind, p.code) == ("country", "JOR")
    assert lookup("المغرب العربي") is None
    assert lookup("مصرف") is None
    assert lookup("كيف") is None  # a 'never' name (not Kyiv)
    p = lookup("مجلس الأمن الدولي")
    assert p is not None and (p.kind, p.code, p.form) == ("igo", "IGOUNO", "body")
    p = lookup("عمان")
    assert p is not None and {p.code, p.alt} == {"JOR", "OMN"}


def test_module_doctest() -> None:
    import doctest

    import marsad.extract.places as module

    assert doctest.testmod(module).failed == 0


# --- seeds (read at run time; skipped without ../shared) ------------------------------------


def _seed_codes(seeds: dict[str, Path], key: str) -> dict[str, set[str]]:
    text = seeds[key].read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for m in find_places(text):
        assert text[m.start : m.end] == m.text
        out.setdefault(m.code, set()).add(m.kind)
    return out


def test_seed_000(seeds: dict[str, Path]) -> None:
    got = _seed_codes(seeds, "000")
    assert {"country", "demonym"} <= got["ITA"]
    assert {"country", "demonym"} <= got["EGY"]


def test_seed_001(seeds: dict[str, Path]) -> None:
    got = _seed_codes(seeds, "001")
    assert "IGOEUREEC" in got and "JOR" in got and "EGY" in got


def test_seed_002(seeds: dict[str, Path]) -> None:
    got = _seed_codes(seeds, "002")
    for code in ("CHN", "GIN", "IGOAFRAFU", "IGOUNO", "ITA", "EGY", "IGOICDO"):
        assert code in got, code
    assert {"country", "demonym"} <= got["GIN"]


def test_seed_004_finds_china_and_beijing(seeds: dict[str, Path]) -> None:
    got = _seed_codes(seeds, "004")
    assert {"country", "demonym", "city"} <= got["CHN"]
