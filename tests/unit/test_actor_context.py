"""States named by context (marsad.extract.actors.context, state_refs.tsv). Sentences written by us."""

from __future__ import annotations

import pytest

from marsad.extract.actors import find_actors_in_text
from marsad.extract.actors.context import capital_names, state_refs
from marsad.lexicon import load_table
from marsad.text.normalize import fold


def _actors(text: str, **kw: object) -> list[tuple[str, str, str]]:
    actors, _ = find_actors_in_text(text, **kw)  # type: ignore[arg-type]
    return [(a.text, a.code, a.basis) for a in actors]


def _code_of(text: str, phrase: str, **kw: object) -> str | None:
    actors, _ = find_actors_in_text(text, **kw)  # type: ignore[arg-type]
    got = [a for a in actors if a.text == phrase]
    assert got, (phrase, _actors(text, **kw))
    return got[0].code


def test_state_refs_table_loads_and_every_phrase_is_read() -> None:
    rows = load_table("state_refs")
    assert {r["kind"] for r in rows} == {"home", "theatre", "fixed", "nisba", "seat"}
    titles = {fold(str(r["title"])) for r in load_table("titles")}
    for r in rows:
        if r["kind"] in ("home", "theatre", "fixed"):
            assert fold(str(r["phrase"])) in titles, r["phrase"]  # matched as a title first
    assert state_refs()[fold("التحالف")].theatres == {"YEM": "SAU", "SYR": "USA", "IRQ": "USA"}


def test_capitals_come_from_the_cities_table() -> None:
    caps = capital_names()
    assert caps[fold("موسكو")] == "RUS" and caps[fold("أنقرة")] == "TUR" and caps[fold("واشنطن")] == "USA"


# --- forces resolved by context ------------------------------------------------------------


def test_force_named_with_its_state_earlier_is_that_state() -> None:
    text = "قال الجيش الأردني إن طائراته قصفت مخازن سلاح. وأوضح الجيش في بيان لاحق أن العملية انتهت."
    actors, _ = find_actors_in_text(text)
    bare = [a for a in actors if a.text == "الجيش"]
    assert [(a.code, a.basis) for a in bare] == [("JORMIL", "coreference")]


def test_force_takes_the_country_where_the_sentence_locates_things() -> None:
    assert _code_of("فرقت قوات الأمن تجمعا لعمال المصانع في مدينة الموصل مساء الخميس.", "قوات الأمن") == "IRQCOP"


def test_force_takes_the_country_the_document_is_about() -> None:
    text = ("تواصلت المواجهات في ريف حلب لليوم الثالث. ونزح مئات من سكان إدلب نحو الشمال. "
            "وتقدمت قوات النظام نحو التلال المحيطة.")
    assert _code_of(text, "قوات النظام") == "SYRMIL"


def test_two_countries_in_the_sentence_tell_nothing() -> None:
    text = "نشر الجيش وحدات جديدة في لبنان وفي سوريا."
    actors, _ = find_actors_in_text(text)
    assert [a.code for a in actors if a.text == "الجيش"] == ["MIL"]


def test_explicit_state_wins_over_context() -> None:
    assert _code_of("قصفت المدفعية التركية قرى في ريف حلب.", "المدفعية التركية") == "TURMIL"
    assert _code_of("حلقت طائرات روسية فوق مدينة حمص.", "طائرات روسية") == "RUSMIL"


def test_protesters_are_people_of_the_place_but_armed_men_stay_a_type() -> None:
    assert _code_of("خرج المحتجون إلى شوارع الدار البيضاء مطالبين بفرص عمل.", "المحتجون") == "MAROPP"
    assert _code_of("هاجم مسلحون حاجزا قرب مدينة الموصل.", "مسلحون") == "INS"
    assert _code_of("سيطرت فصائل المعارضة على تلة قرب مدينة درعا.", "فصائل المعارضة") == "SYRREB"


def test_a_named_transnational_group_takes_no_place() -> None:
    assert _code_of("تبنى تنظيم داعش تفجيرا في سوق بمدينة كركوك.", "تنظيم داعش") == "IMGREB"


# --- nicknames, coalitions, fixed forces -----------------------------------------------------


def test_the_kingdom_is_the_home_kingdom() -> None:
    text = "الرياض - أعلنت المملكة اليوم عن برنامج لدعم المزارعين."
    assert _code_of(text, "المملكة") == "SAUGOV"
    # a home country that is no kingdom: no state
    assert _code_of("القاهرة - أعلنت المملكة عن برنامج لدعم المزارعين.", "المملكة") == "GOV"


def test_the_coalition_is_led_by_the_state_of_its_war() -> None:
    yemen = "أغارت طائرات التحالف على معسكر قرب مدينة صعدة."
    assert _code_of(yemen, "طائرات التحالف") == "SAUMIL"
    syria = "أغار طيران التحالف على مواقع للتنظيم في ريف دير الزور."
    assert _code_of(syria, "طيران التحالف") == "USAMIL"
    assert _code_of("رد التحالف العربي على الاتهامات ببيان.", "التحالف العربي") == "SAUMIL"


def test_the_legitimate_government_is_that_of_the_war_in_context() -> None:
    text = "جدة - استعادت قوات الشرعية مواقع في محافظة تعز بدعم من التحالف."
    assert _code_of(text, "قوات الشرعية", outlet="عكاظ") == "YEMMIL"


def test_settlers_and_occupation_forces() -> None:
    text = "أحرق مستوطنون حقلا للزيتون بحماية قوات الاحتلال."
    assert _code_of(text, "مستوطنون") == "ISRCVL"
    assert _code_of(text, "قوات الاحتلال") == "ISRMIL"


def test_a_fixed_force_is_no_evidence_for_the_home_country() -> None:
    text = "قالت وزارة الصحة إن قوات الاحتلال اعتقلت ثلاثة شبان. وأكدت الوزارة متابعة القضية."
    actors, _ = find_actors_in_text(text)
    assert [a.code for a in actors if a.text == "وزارة الصحة"] == ["GOV"]  # no home country from الاحتلال


def test_counterparts_of_several_states() -> None:
    two, _ = find_actors_in_text("اجتمع وزير الدفاع الإيطالي مع نظرائه الإسبان واليونانيين في روما.")
    assert sorted(a.country for a in two if a.text.startswith("نظرائه")) == ["ESP", "GRC"]


# --- nisba adjectives ----------------------------------------------------------------------


def test_nisba_after_a_definite_noun_names_the_group() -> None:
    assert ("الحوثي", "YEMREB", "explicit") in _actors("تصدت الدفاعات للهجوم الحوثي على الميناء.")
    assert ("الداعشية", "IMGREB", "explicit") in _actors("فككت الأجهزة الأمنية الخلية الداعشية في المدينة.")


def test_surname_after_a_given_name_is_not_a_nisba() -> None:
    got = _actors("ألقى عبد الملك الحوثي خطابا مساء أمس.")
    assert not any(code == "YEMREB" and t == "الحوثي" for t, code, _ in got)


# --- metonymic capitals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("استدعت أنقرة القائم بالأعمال احتجاجا على التصريحات.", ["TURGOV"]),
        ("وتتهم طهران جيرانها بتأجيج الخلاف.", ["IRNGOV"]),
        ("وأكد المتحدث أن واشنطن لن تغير موقفها.", ["USAGOV"]),
        ("اتهمت واشنطن موسكو بخرق الاتفاق.", ["USAGOV", "RUSGOV"]),
        ("وطالبت لندن وباريس بتحقيق مستقل.", ["GBRGOV", "FRAGOV"]),
        ("وردت تل أبيب على المقترح بالرفض.", ["ISRGOV"]),
    ],
)
def test_capital_that_acts_is_its_government(text: str, want: list[str]) -> None:
    actors, _ = find_actors_in_text(text)
    assert [a.code for a in actors if a.basis == "metonymy"] == want


@pytest.mark.parametrize(
    "text",
    [
        "عقد الاجتماع في موسكو يوم الأحد.",
        "هبطت الطائرة في مطار طهران الدولي.",
        "تحسنت العلاقات بين واشنطن وموسكو خلال العام.",
        "سافر الوفد إلى أنقرة صباح اليوم.",
        "وصل المبعوث بموسكو مساء أمس.",
    ],
)
def test_capital_as_a_place_stays_a_place(text: str) -> None:
    actors, _ = find_actors_in_text(text)
    assert not [a for a in actors if a.basis == "metonymy"]


def test_every_actor_keeps_original_offsets() -> None:
    text = "وَاستدعت أنقرةُ السفيرَ، وأغارت طائرات التحالف على صعدة، وتصدت الدفاعات للهجوم الحوثيّ."
    actors, _ = find_actors_in_text(text)
    assert actors
    for a in actors:
        assert text[a.start : a.end] == a.text
