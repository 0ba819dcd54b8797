"""Offices, institutions, persons and who they work for (marsad.extract.actors).

Golden cases are sentences written for these tests in the style of Arabic news; the names are
invented or public facts. Shared tests read ../shared/seeds at run time (skipped without it).
Every mention's offsets are checked against the original text."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.extract.actors import actor_code, find_actors, find_actors_in_text, home_country, titles
from marsad.extract.persons import person_key
from marsad.extract.places import find_places
from marsad.model import ActorMention, Document, Person, RawDoc
from marsad.pipeline import build_document

# --- helpers ------------------------------------------------------------------------------


def check_offsets(text: str, actors: list[ActorMention], persons: list[Person]) -> None:
    for a in actors:
        assert text[a.start : a.end] == a.text, a
    for p in persons:
        for sp in p.mentions:
            assert 0 <= sp.start < sp.end <= len(text)


def run(text: str, **kw: object) -> tuple[list[ActorMention], list[Person]]:
    actors, persons = find_actors_in_text(text, **kw)  # type: ignore[arg-type]
    check_offsets(text, actors, persons)
    return actors, persons


def person(persons: list[Person], name: str) -> Person:
    hits = [p for p in persons if p.name == name]
    assert hits, f"{name!r} not among {[p.name for p in persons]}"
    return hits[0]


def doc(text: str, **meta: object) -> Document:
    d = build_document(RawDoc(doc_id="t", text=text, source="test", **meta))  # type: ignore[arg-type]
    assert isinstance(d, Document)
    return d


# --- codes and data -------------------------------------------------------------------------


def test_actor_code() -> None:
    assert actor_code("EGY", None, "GOV") == "EGYGOV"
    assert actor_code("SAU", None, "GOV", "MIL") == "SAUGOVMIL"
    assert actor_code(None, "IGOEUREEC", "IGO") == "IGOEUREEC"
    assert actor_code("ITA") == "ITA"
    assert actor_code(None) == ""


def test_derived_title_forms() -> None:
    forms = {(t.words, t.construct, t.dual) for t in titles()}
    assert (("وزير", "داخليه"), True, False) in forms  # وزير داخلية + place
    assert (("وزيري", "الداخليه"), False, True) in forms  # dual
    assert (("وزارتي", "الداخليه"), False, True) in forms


# --- constructions --------------------------------------------------------------------------

EGY = "وتأتي الزيارة ضمن سعي الدولة المصرية إلى التعاون، وفق بيان الشرطة المصرية. "


def test_name_between_rank_and_title_home_country() -> None:
    text = EGY + "استقبل اللواء كمال عبد الحميد وزير الداخلية وفدا أمنيا كينيا."
    actors, persons = run(text)
    p = person(persons, "كمال عبد الحميد")
    assert (p.title, p.role, p.country) == ("وزير الداخلية", "GOV", "EGY")
    office = next(a for a in actors if a.text == "وزير الداخلية")
    assert (office.code, office.basis, office.person) == ("EGYGOV", "home_country", 0)
    name = next(a for a in actors if a.kind == "person")
    assert (name.text, name.code, name.basis) == ("كمال عبد الحميد", "EGYGOV", "home_country")


def test_demonym_after_title_and_construct_with_country() -> None:
    _, persons = run("التقى وزير الداخلية الإيطالي ماركو بيلّيني بنظيره في روما. "
                     "وبحث وزير داخلية اليونان نيكوس ديميتريو ملف الهجرة.")
    assert person(persons, "ماركو بيلّيني").country == "ITA"
    assert person(persons, "نيكوس ديميتريو").country == "GRC"


def test_name_after_counterpart() -> None:
    text = EGY + "بحث وزير الداخلية مع نظيره الإيطالي ماركو بيلّيني سبل التعاون."
    actors, persons = run(text)
    p = person(persons, "ماركو بيلّيني")
    assert (p.country, p.title, p.role) == ("ITA", "وزير الداخلية", "GOV")
    counterpart = next(a for a in actors if a.text == "نظيره الإيطالي")
    assert counterpart.code == "ITAGOV" and counterpart.person == persons.index(p)


def test_name_in_quotes_after_title_and_title_chain() -> None:
    _, persons = run("واجتمع الوزير بوزير الأمن العام الصينى «لي وي مينغ» مستشار الدولة.")
    p = person(persons, "لي وي مينغ")
    assert (p.country, p.role) == ("CHN", "GOV")


def test_name_dash_title() -> None:
    _, persons = run("استجابة لدعوة لي شو مينغ- وزير الأمن العام الصينى لزيارة بكين.")
    assert person(persons, "لي شو مينغ").country == "CHN"


def test_title_in_quotes_after_name_and_representative_country() -> None:
    text = ("وضم الوفد السفير الدكتور سامح النجار «مندوب مصر الدائم لدى الاتحاد الإفريقي» "
            "ومعه السفير طارق الشامي «مساعد وزير الخارجية المصري».")
    _, persons = run(text)
    p = person(persons, "سامح النجار")
    assert (p.country, p.title) == ("EGY", "مندوب مصر")  # posted to the AU, affiliated to Egypt
    assert person(persons, "طارق الشامي").country == "EGY"


def test_name_comma_title_with_organisation() -> None:
    text = EGY + "التقى اللواء كمال عبد الحميد وزير الداخلية، كارل هوفمان، المنسق العام لمكافحة الإرهاب بالاتحاد الأوروبي."
    _, persons = run(text)
    p = person(persons, "كارل هوفمان")
    assert (p.country, p.role) == ("IGOEUREEC", "IGO")
    assert person(persons, "كمال عبد الحميد").country == "EGY"


def test_ambassador_of_a_country_to_another() -> None:
    _, persons = run("ورافقه في جولته السفير المصري في بكين الدكتور وليد منصور.")
    p = person(persons, "وليد منصور")
    assert p.country == "EGY"


def test_head_of_state_and_royal_titles() -> None:
    text = ("أبرق خادم الحرمين الشريفين الملك فهد بن عبدالعزيز مهنئا الرئيس المصري عبد الفتاح السيسي. "
            "وكان الأمير تركي بن فهد بن سعود أمير منطقة القصيم في مقدمة المستقبلين.")
    _, persons = run(text)
    assert person(persons, "فهد بن عبدالعزيز").country == "SAU"
    assert person(persons, "عبد الفتاح السيسي").country == "EGY"
    p = person(persons, "تركي بن فهد بن سعود")
    assert (p.country, p.title) == ("SAU", "أمير منطقة القصيم")


def test_defence_minister_has_military_competence() -> None:
    actors, persons = run("وصل وزير الدفاع السعودي الأمير خالد بن سعد إلى القاهرة.")
    office = next(a for a in actors if a.kind == "office")
    assert office.code == "SAUGOVMIL"
    assert person(persons, "خالد بن سعد").country == "SAU"


def test_igo_officials() -> None:
    text = ("وصرح الأمين العام للأمم المتحدة أنطونيو فيريرا إن الحل سياسي. "
            "ورحب المتحدث باسم المفوضية الأوروبية يان كوفاتش بالاتفاق.")
    actors, persons = run(text)
    p = person(persons, "أنطونيو فيريرا")
    assert (p.country, p.role) == ("IGOUNO", "IGO")
    q = person(persons, "يان كوفاتش")
    assert (q.country, q.role) == ("IGOEUREEC", "ELI")  # spokespersons are ELI


def test_multiple_persons_in_one_sentence() -> None:
    text = ("استقبل وزير الخارجية الأردني سامر الخطيب، اليوم، نظيره اليوناني نيكوس ديميتريو "
            "ووزير الداخلية القبرصي أندرياس كوستا.")
    _, persons = run(text)
    assert [(p.name, p.country) for p in persons] == [
        ("سامر الخطيب", "JOR"),
        ("نيكوس ديميتريو", "GRC"),
        ("أندرياس كوستا", "CYP"),
    ]


def test_coordinated_ranks_start_new_persons() -> None:
    text = ("لقاء اللواء كمال عبد الحميد وزير الداخلية المصري واللواء موسى كوندي وزير الأمن بجمهورية غينيا.")
    _, persons = run(text)
    assert [(p.name, p.country) for p in persons] == [("كمال عبد الحميد", "EGY"), ("موسى كوندي", "GIN")]


def test_nested_clitics() -> None:
    text = EGY + "وتوجه الوفد بالشكر للوزير ولنظيره الإيطالي، وللسفير المصري، وبالاتحاد الأوروبي."
    actors, _ = run(text)
    texts = {a.text: a.code for a in actors}
    assert texts.get("ولنظيره الإيطالي") == "ITAGOV"
    assert texts.get("وللسفير المصري") == "EGYGOV"
    assert texts.get("الاتحاد الأوروبي") == "IGOEUREEC"


def test_institutions_and_sides() -> None:
    text = EGY + ("وأشاد الجانب الإيطالي بجهود وزارة الداخلية وأكاديمية الشرطة والقوات المسلحة "
                  "ومجلس النواب والمحكمة الدستورية وجهاز المخابرات العامة.")
    actors, _ = run(text)
    codes = {a.text: a.code for a in actors}
    assert codes["الجانب الإيطالي"] == "ITA"
    assert codes["وزارة الداخلية"] == "EGYGOV"
    assert codes["وأكاديمية الشرطة"] == "EGYCOP"
    assert codes["والقوات المسلحة"] == "EGYMIL"
    assert codes["ومجلس النواب"] == "EGYLEG"
    assert codes["والمحكمة الدستورية"] == "EGYJUD"
    assert codes["وجهاز المخابرات العامة"] == "EGYSPY"
    assert codes["الدولة المصرية"] == "EGY"


def test_countries_and_organisations_are_actors() -> None:
    actors, _ = run("وقررت مصر والأردن تفعيل الاتفاق مع الاتحاد الأفريقي.")
    assert [(a.text, a.kind, a.code) for a in actors] == [
        ("مصر", "country", "EGY"),
        ("الأردن", "country", "JOR"),
        ("الاتحاد الأفريقي", "igo", "IGOAFRAFU"),
    ]


def test_coordinated_counterparts_and_apposition() -> None:
    text = ("وعقد وزير الخارجية الروسي يوري سوكولوف اجتماعا مع نظيريه الأمريكي توم هاريس والأردني سامر الخطيب. "
            "وقال رئيس الوزراء الياباني، كينجي تاناكا، إن بلاده ترحب بالاتفاق.")
    _, persons = run(text)
    assert [(p.name, p.country) for p in persons] == [
        ("يوري سوكولوف", "RUS"),
        ("توم هاريس", "USA"),
        ("سامر الخطيب", "JOR"),
        ("كينجي تاناكا", "JPN"),
    ]
    assert person(persons, "توم هاريس").title == "وزير الخارجية"  # the counterpart's office


def test_eponyms_are_places_not_persons() -> None:
    text = ("وتلقى الضباط تدريبا في كلية الملك فهد الأمنية، ثم زاروا مركز الملك سلمان للإغاثة "
            "ووصلوا إلى مطار الملك خالد الدولي.")
    actors, persons = run(text)
    assert persons == []
    assert not any(a.kind in ("person", "office") for a in actors)


def test_compound_given_names_and_titles_inside_names() -> None:
    _, persons = run("استقبل اللواء عصام الدين فكري مساعد وزير الداخلية لقطاع التعاون الدولي وفدا يونانيا. "
                     "وقال محمد أمين الحسيني إن الزيارة ناجحة.")
    p = person(persons, "عصام الدين فكري")
    assert p.title == "مساعد وزير الداخلية" and p.role == "GOV"


# --- coreference ------------------------------------------------------------------------------


def test_coreference_within_a_document() -> None:
    text = EGY + (
        "استقبل اللواء كمال عبد الحميد وزير الداخلية نظيره الإيطالي ماركو بيلّيني. "
        "وثمّن الوزير الإيطالي ما تبذله الوزارة. "
        "ورد اللواء عبد الحميد بأن الصلات وثيقة. "
        "ونبه وزير الداخلية إلى ضرورة التنسيق، ودعا سيادته إلى تبادل المعلومات. "
        "وقال عبد الحميد إن الوزير الإيطالي مرحب به."
    )
    actors, persons = run(text)
    kamal = person(persons, "كمال عبد الحميد")
    marco = person(persons, "ماركو بيلّيني")
    k, m = persons.index(kamal), persons.index(marco)
    coref = [(a.text, a.person) for a in actors if a.basis == "coreference"]
    assert ("الوزير الإيطالي", m) in coref
    assert ("عبد الحميد", k) in coref  # a partial name
    assert ("وزير الداخلية", k) in coref  # the office held by a named person
    assert ("سيادته", k) in coref
    assert len(kamal.mentions) >= 5
    for sp in kamal.mentions + marco.mentions:
        assert text[sp.start : sp.end]


def test_guest_and_turn() -> None:
    text = EGY + (
        "التقى اللواء كمال عبد الحميد وزير الداخلية اللواء موسى كوندي وزير الأمن بجمهورية غينيا. "
        "وأشار الضيف الغيني إلى تطلع بلاده للتعاون. "
        "من جانبه، رحب بالتعاون مع الأجهزة الغينية."
    )
    actors, persons = run(text)
    k = persons.index(person(persons, "كمال عبد الحميد"))
    g = persons.index(person(persons, "موسى كوندي"))
    by_text = {a.text: a for a in actors}
    assert by_text["الضيف الغيني"].person == g and by_text["الضيف الغيني"].basis == "coreference"
    assert by_text["من جانبه"].person == k


# --- documents: body only, home country ---------------------------------------------------


def test_masthead_names_are_never_persons() -> None:
    text = ("بوابة الأفق الإخبارية\n"
            "رئيس مجلس الإدارة\nسعيد عبد الرازق\n"
            "رئيس التحرير\nنهى الشناوي\n\n"
            "وزير الداخلية يستقبل نظيره الكيني\n\n"
            "استقبل اللواء كمال عبد الحميد وزير الداخلية نظيره الكيني جوزيف موانغي، "
            "ضمن سعي الدولة المصرية إلى توثيق الشراكة الأمنية مع بلدان القارة.\n")
    d = doc(text)
    actors, persons = find_actors(d, find_places(d.text, d.body))
    check_offsets(d.text, actors, persons)
    names = [p.name for p in persons]
    assert "سعيد عبد الرازق" not in names and "نهى الشناوي" not in names
    assert ("كمال عبد الحميد", "EGY") in [(p.name, p.country) for p in persons]
    assert ("جوزيف موانغي", "KEN") in [(p.name, p.country) for p in persons]


def test_home_country_cues() -> None:
    wire = doc("الرياض 10 رمضان 1445 هـ الموافق 20 مارس 2024 م واس\nاستقبل وزير الداخلية اليوم سفير اليابان لدى المملكة.")
    assert home_country(wire, find_places(wire.text, wire.body))[0] == "SAU"
    dateline = doc("القاهرة - استقبل وزير الداخلية اليوم سفير اليابان.")
    assert home_country(dateline, find_places(dateline.text, dateline.body))[0] == "EGY"
    outlet = doc("استقبل وزير الداخلية اليوم سفير اليابان.", outlet="Okaz")
    assert home_country(outlet, find_places(outlet.text, outlet.body))[0] == "SAU"
    nothing = doc("استقبل وزير الداخلية اليوم سفير اليابان.")
    assert home_country(nothing, find_places(nothing.text, nothing.body))[0] is None
    actors, _ = find_actors(nothing, find_places(nothing.text, nothing.body), default_country="JOR")
    office = next(a for a in actors if a.text == "وزير الداخلية")
    assert (office.code, office.basis) == ("JORGOV", "default")
    actors, _ = find_actors(nothing, find_places(nothing.text, nothing.body))
    office = next(a for a in actors if a.text == "وزير الداخلية")
    assert office.country is None and office.code == "GOV"


def test_travel_abroad_is_not_home() -> None:
    text = ("توجه وزير الداخلية في زيارة رسمية إلى اليابان، والتقى وزير الأمن العام الياباني ووزيرة العدل اليابانية "
            "ووفد الشرطة اليابانية، كما استقبله السفير المصري لدى اليابان. وأشاد الجانب الياباني بجهود وزارة الداخلية المصرية.")
    d = doc(text)
    assert home_country(d, find_places(d.text, d.body))[0] == "EGY"


# --- the seeds (shared) ----------------------------------------------------------------------

SEED_PERSONS = {
    "000": {"محمود توفيق": "EGY", "ماتيو بيانتيدوزي": "ITA"},
    "001": {"محمود توفيق": "EGY", "جيل دو كيرشوف": "IGOEUREEC"},
    "002": {"محمود توفيق": "EGY", "وانج شيا هونج": "CHN", "بشير ديالو": "GIN", "بانكولى أدوى": "IGOAFRAFU",
            "محمد جاد": "EGY", "أشرف سويلم": "EGY"},
    "003": {"محمود توفيق": "EGY", "ديميتريس أفراموبولوس": "IGOEUREEC", "زو جانلو": "CHN"},
    "004": {"محمود توفيق": "EGY", "وانغ شيا هونغ": "CHN"},
}
MASTHEAD_NAMES = ("عبدالرحيم علي", "أمانى الموجى", "أشرف أبوطالب")


def seed_doc(path: Path) -> Document:
    d = build_document(RawDoc(doc_id=path.stem, text=path.read_text(encoding="utf-8"), source=str(path)))
    assert isinstance(d, Document)
    return d


@pytest.mark.parametrize("seed", sorted(SEED_PERSONS))
def test_seed_officials(seeds: dict[str, Path], seed: str) -> None:
    d = seed_doc(seeds[seed])
    actors, persons = find_actors(d, find_places(d.text, d.body))
    check_offsets(d.text, actors, persons)
    found = {p.name: p.country for p in persons}
    assert found == SEED_PERSONS[seed]
    for p in persons:
        for sp in p.mentions:
            assert any(b.start <= sp.start and sp.end <= b.end for b in d.body)
    for name in MASTHEAD_NAMES:
        assert name not in found
    assert person_key("وانج شيا هونج") == person_key("وانغ شيا هونغ")


def test_seed_minister_is_tracked_through_the_document(seeds: dict[str, Path]) -> None:
    d = seed_doc(seeds["002"])
    actors, persons = find_actors(d, find_places(d.text, d.body))
    minister = persons.index(next(p for p in persons if p.name == "محمود توفيق"))
    refs = [a for a in actors if a.person == minister]
    assert {a.basis for a in refs} >= {"home_country", "coreference"}
    assert any(a.kind == "person" and a.text == "توفيق" for a in refs)


def test_module_doctest() -> None:
    import doctest

    from marsad.extract import actors

    assert doctest.testmod(actors).failed == 0


# --- speed helpers give the same answers as their reference definitions -----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from marsad.extract import actors as _actors
from marsad.extract.actors import body as _body, reader as _reader, title_lexicon as _titles, tokens as _tokens  # noqa: E402
from marsad.model import PlaceMention, Span  # noqa: E402
from marsad.text.normalize import normalize  # noqa: E402

# letters, harakat and tatweel (deleted), presentation forms and ligatures (expanded), a
# composing pair (e + U+0301: a block segment), quotes, digits, Latin, hashtags, spaces
_PIECES = ["و", "ز", "ي", "ر", "ال", "ة", "ى", "أ", "\u064b", "\u064e", "\u0640", "ﻻ", "ﺔ", "ﷲ", "e", "\u0301",
           "é", "«", "»", "،", ".", "-", "(", "2", "٣", "A", "b", "#", "_", " ", "  ", "\n", "\u200f", "ە", "ک"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _reference_tokens(view: str, a: int, b: int) -> tuple[list[str], list[int], list[int], list[bool]]:
    ms = list(_tokens._TOKEN.finditer(view, a, b))
    return [m.group() for m in ms], [m.start() for m in ms], [m.end() for m in ms], [m.lastindex == 1 for m in ms]


@settings(max_examples=200, deadline=None)
@given(_texts, st.data())
def test_tokenizer_matches_token_pattern(text: str, data: st.DataObject) -> None:
    view = normalize(text).text
    a = data.draw(st.integers(0, len(view)))
    b = data.draw(st.integers(a, len(view)))
    assert _tokens._tokenize(view, a, b) == _reference_tokens(view, a, b)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_offsets_match_normtext(text: str) -> None:
    nt = normalize(text)
    off = _reader._Offsets(nt)
    n, on = len(nt.text), len(text)
    for i in range(n + 1):
        for j in range(i, n + 1):
            assert off.orig_span(i, j) == nt.orig_span(i, j), (i, j)
    pairs = [(s, e) for s in range(on + 1) for e in range(s, on + 1)]
    assert off.norm_spans(pairs) == [nt.norm_span(s, e) for s, e in pairs]
    assert [off.norm_span(s, e) for s, e in pairs] == [nt.norm_span(s, e) for s, e in pairs]


def test_word_sets_match_the_readings() -> None:
    """The precomputed word sets hold exactly the words with the readings they stand for."""
    words = set(_titles._anchor_surface()) | {"وزير", "ووزير", "للوزير", "محمد", "الحكومه", "قال", "د", "ود", "بال"}
    arabic = {w for w in words if _tokens._WORDS.fullmatch(w)}
    firsts = _titles.name_lexicon().honorific_first
    coref = _titles._lexicon().coref
    for w in arabic:
        assert (w in _titles._anchor_words()) == bool(_titles._anchor_variants(w)), w
        assert (w in _titles._title_words()) == bool(_titles._title_variants(w)), w
        assert (w in _titles._hon_words()) == any(stem in firsts for _, stem in _titles._anchor_variants(w)), w
        assert (w in _titles._coref_words()) == any(stem in coref for _, stem in _titles._anchor_variants(w)), w
    # every word with an anchor reading is among the surface forms a sentence is checked against
    assert _titles._anchor_words() <= _titles._anchor_surface_words()


def test_title_trie_matches_longest_first() -> None:
    """The trie finds the same titles, in the same order, as comparing every title of the
    first word (the rule before the trie)."""
    text = "قال وزير الخارجية ووزير الدولة للشؤون الخارجية ورئيس مجلس الوزراء ونائب رئيس الوزراء."
    nt = normalize(text)
    r = _reader._Reader(text, nt, [], [Span(0, len(text))], tokenize_all=True)
    toks = r.sents[0].toks
    by_first = _titles._lexicon().by_first
    for i in range(toks.n):
        found = []
        if toks.wd[i]:
            for pre, stem in _titles._title_variants(toks.w[i]):
                for t in by_first.get(stem, ()):
                    k = len(t.words)
                    if i + k <= toks.n and all(toks.wd[i + d] and toks.w[i + d] == t.words[d] for d in range(1, k)):
                        found.append((t, pre, i + k))
        found.sort(key=lambda m: (-(m[2] - i), m[0].construct, len(m[1])))
        assert list(r._match_titles(toks, i)) == found, toks.w[i]


def test_in_body_matches_any_span() -> None:
    def place(s: int, e: int) -> PlaceMention:
        return PlaceMention("x" * (e - s), s, e, "country", "EGY", "مصر", "EGY")

    places = [place(s, e) for s in range(0, 30, 3) for e in (s, s + 1, s + 4)]
    for spans in ([Span(0, 5), Span(5, 12), Span(20, 26)], [Span(2, 9)], [Span(0, 10), Span(4, 20)], []):
        want = [p for p in places if _body._in_spans(p, spans)]
        assert _body._in_body(places, spans) == want


def test_warm_builds_the_tables() -> None:
    _actors.warm()
    actors, _ = run("قال وزير الخارجية المصري إن بلاده ترحب بالاتفاق.")
    assert [(a.text, a.code) for a in actors] == [("وزير الخارجية المصري", "EGYGOV")]


# --- persons: recall mechanisms and precision (issue 10), sentences written by us ---------------

_DAY = "2018-06-01"


def _names(text: str, day: str | None = _DAY) -> list[tuple[str, str | None]]:
    _, ps = find_actors_in_text(text, published=day)
    for p in ps:
        for m in p.mentions:
            assert text[m.start : m.end].strip()  # offsets into the original text
    return [(p.name, p.country) for p in ps]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a transcribed name whose first word starts with hamza + ل is not an ال-word
        ("قال رئيس الوزراء البلجيكي أليكس فاندنبرغ إن الحوار مستمر.", [("أليكس فاندنبرغ", "BEL")]),
        # الله as the second part of a compound name
        ("وقال المتحدث باسم الجيش الباكستاني عطاء الله خان إن الوضع هادئ.", [("عطاء الله خان", "PAK")]),
        # a common noun between a given name and a family name
        ("وأكد قائد القوات البرية العراقي اللواء سامي قرار الجبوري أن العملية انتهت.", [("سامي قرار الجبوري", "IRQ")]),
        # a hyphenated transcription
        ("وقال وزير الخارجية الكوري الجنوبي كانغ كيونغ-هوا إن المحادثات مثمرة.", [("كانغ كيونغ-هوا", "KOR")]),
        # the posting between the title and the name
        ("وقال الممثل الخاص للأمم المتحدة في ليبيا يان كوبيش إن الحوار مستمر.", [("يان كوبيش", "IGOUNO")]),
        ("وقالت عضو البرلمان الفرنسي عن مدينة ليون، ماري دوبون، إن القانون ظالم.", [("ماري دوبون", "FRA")]),
        # an honorific after the title and its posting
        ("استقبل الوزير سفير اليابان لدى المملكة السيد هيروشي تاناكا.", [("هيروشي تاناكا", "JPN")]),
        ("وأعلن مساعد وزير الخارجية الأردني للشؤون القنصلية، السفير نادر الخطيب، عودة الوفد.", [("نادر الخطيب", "JOR")]),
        # British and religious honorifics
        ("ورحب السفير البريطاني في القاهرة، السير جون كاسن، بالقرار.", [("جون كاسن", "GBR")]),
        # an idafa chain of indefinite nouns in the title
        ("وحضر وكيل إمارة منطقة تبوك سعد العنزي الحفل.", [("سعد العنزي", "SAU")]),
        # a counterpart or an office of another state starts a new person
        ("والتقى وزير الخارجية الأمريكي نظيره الأردني أيمن الصفدي.", [("أيمن الصفدي", "JOR")]),
        ("ويلتقي الوزير الروسي أمير دولة الكويت الشيخ صباح الأحمد.", [("صباح الأحمد", "KWT")]),
    ],
)
def test_person_recall_mechanisms(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # verbs, common words and title words never become persons or swallow into names
        "وقال الوزير ليكون الاتفاق نافذا.",
        "وعين الرئيس مبعوثا خاصا للأزمة.",
        "وقال الوزير إن قرار الحكومة نهائي.",
        "وأكد المتحدث باسم الوزارة في المؤتمر الصحفي أن القرار نهائي.",
        "وقال الرئيس في القاهرة الأحد إن الاتفاق تاريخي.",
        "وأعلن مدير الشركة في بيان رسمي عن خطة جديدة.",
        "وقال وزير الخارجية فالحكومة قررت المضي في الاتفاق.",
    ],
)
def test_no_person_in_sentences_without_a_name(text: str) -> None:
    assert _names(text) == []


def test_name_boundaries_after_new_rules() -> None:
    # an accusative title word ends the name: عين ... زعيما
    assert _names("وعينت الحركة الملا عبد الكريم حسن زعيما جديدا.") == [("عبد الكريم حسن", None)]
    # after a hamza-initial first word, a later ال-word still ends the name
    assert [n for n, _ in _names("وقال المدير التنفيذي أليسون مارك الخبير في الطاقة إن الأسعار سترتفع.")] in ([], ["أليسون مارك"])
