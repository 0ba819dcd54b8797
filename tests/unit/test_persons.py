"""Personal names: the cross-document key, honorifics, and where a name ends in text.

All sentences are written for these tests (news style, invented or public-fact names)."""

from __future__ import annotations

import pytest

from marsad.extract.actors import find_actors_in_text
from marsad.extract.persons import name_lexicon, name_words, person_key, strip_honorifics
from marsad.lexicon import load_table
from marsad.text.normalize import fold

# --- person_key ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("وانج شيا هونج", "وانغ شيا هونغ"),  # foreign g: ج / غ
        ("وانج شيا هونج", "«وانغ شيا هونغ»"),  # quotes
        ("عبد الله صيام", "عبدالله صيام"),  # عبد written apart / joined
        ("أبو بكر الحداد", "ابوبكر الحداد"),  # kunya glued, hamza
        ("محمد بن عبد الله العايش", "محمد عبدالله العايش"),  # nasab particle dropped
        ("دونالد ترامب", "دونالد ترمب"),  # long vowel of a transcription
        ("بنيامين نتنياهو", "بنيامين نتانياهو"),
        ("شي جين بينغ", "شي جينبينغ"),  # spacing of a foreign name
        ("سيرجي لافروف", "سيرغي لافروف"),
        ("أنجيلا ميركل", "أنغيلا ميركل"),
        ("فاطمة الزهراء", "فاطمه الزهراء"),  # ة / ه
        ("مصطفى كمال", "مصطفي كمال"),  # ى / ي
        ("اللواء محمود توفيق", "محمود توفيق"),  # rank is not part of the name
        ("السفير الدكتور محمد جاد", "محمد جاد"),
        ("جيل دو كيرشوف", "جيل دو كيرشوف"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("محمود توفيق", "محمد توفيق"),  # distinct Arabic given names never merge
        ("جمال حسن", "كمال حسن"),  # ج / ك fold only applies to foreign words
        ("سلمان بن عبدالعزيز", "محمد بن سلمان"),
        ("أحمد قاسم", "أحمد جاسم"),  # listed given names keep their letters
    ],
)
def test_distinct_names_do_not_merge(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


def test_seed_spellings_of_one_minister_share_a_key() -> None:
    assert person_key("وانج شيا هونج") == person_key("وانغ شيا هونغ")


def test_strip_honorifics_and_name_words() -> None:
    assert strip_honorifics("اللواء محمود توفيق") == "محمود توفيق"
    assert strip_honorifics("صاحب السمو الملكي الأمير فيصل بن بندر") == "فيصل بن بندر"
    assert strip_honorifics("«السفير أشرف سويلم»") == "أشرف سويلم"
    assert name_words("الدكتورة هالة زايد") == ["هاله", "زايد"]


# --- data ---------------------------------------------------------------------------------


def test_name_data_is_folded_and_disjoint_where_it_matters() -> None:
    lex = name_lexicon()
    assert "محمد" in lex.given and "محمود" in lex.given
    assert lex.particle("بن") == ("nasab", "drop")
    assert lex.particle("عبد") == ("theophoric", "glue")
    # verbs are inflected by rule
    assert lex.is_stop(fold("أكدت")) and lex.is_stop(fold("يؤكدون")) and lex.is_stop(fold("وأشار"))
    assert lex.is_stop(fold("لدعوة")) and lex.is_stop(fold("مؤكداً"))
    assert lex.is_stop(fold("سيلتقي"))  # future prefix
    # no particle is a stop word (they sit inside names)
    assert not any(lex.is_stop(p) for p in lex.particles)


def test_honorific_offices_exist_in_titles() -> None:
    titles = {str(r["title"]) for r in load_table("titles")}
    for r in load_table("honorifics"):
        if r["office"] is not None:
            assert r["office"] in titles, r.where()


# --- where a name ends (through the actor finder) -----------------------------------------


def names(text: str) -> list[str]:
    _, persons = find_actors_in_text(text)
    return [p.name for p in persons]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # stop at a verb / preposition / function word
        ("قال وزير الخارجية الأردني سامر الخطيب إن بلاده تدعم الحوار.", ["سامر الخطيب"]),
        ("وأكد اللواء حسام الدين فهمي على أهمية التنسيق.", ["حسام الدين فهمي"]),
        # stop at a title after the name
        ("استقبل اللواء عادل منصور وزير الداخلية وفدا من الشرطة الكينية.", ["عادل منصور"]),
        # an idafa object after the name is not part of it
        ("أكد اللواء عادل منصور عمق العلاقات بين البلدين.", ["عادل منصور"]),
        # an adverbial in tanween is never a name word
        ("وشدد اللواء عادل منصور مؤكداً حرص الوزارة على التعاون.", ["عادل منصور"]),
        # particles: بن، آل، عبد، أبو
        ("استقبل الأمير فيصل بن سلطان بن عبدالعزيز آل سعود وفدا تجاريا.", ["فيصل بن سلطان بن عبدالعزيز آل سعود"]),
        ("التقى الرئيس عبد الفتاح السيسي بالوفد.", ["عبد الفتاح السيسي"]),
        ("وصل الشيخ أبو بكر الحداد إلى الرياض.", ["أبو بكر الحداد"]),
        ("وقالت الأميرة نورة بنت فهد إن المبادرة مستمرة.", ["نورة بنت فهد"]),
        # a regnal ordinal before بن stays in the name
        ("استقبل الملك عبدالله الثاني بن الحسين ملك الأردن الوفد.", ["عبدالله الثاني بن الحسين"]),
        # foreign names with particles
        ("وقال المفوض الأوروبي جان دو لوكا إن المحادثات بناءة.", ["جان دو لوكا"]),
        # a hashtag reads as its words
        ("التقى بالرئيس #كريم_الهاشمي في القصر.", ["كريم الهاشمي"]),
    ],
)
def test_name_boundaries(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_max_name_words() -> None:
    text = "التقى الرئيس أحمد محمد علي حسن محمود سالم خالد عمر في القصر."
    (person,) = find_actors_in_text(text)[1]
    assert len(person.name.split()) <= 6


def test_module_doctest() -> None:
    import doctest

    from marsad.extract import persons

    assert doctest.testmod(persons).failed == 0


def test_a_name_stops_before_and_possessive_and_time_adverbs() -> None:
    # sentences written by us: "X and its aim ..." and "at that time" never extend a name
    _, ps = find_actors_in_text("قال السفير خالد منصور وهدفها تعزيز التعاون بين البلدين.")
    assert [p.name for p in ps] == ["خالد منصور"]
    _, ps = find_actors_in_text("وكان الوزير سامي عادل آنذاك في زيارة رسمية.")
    assert [p.name for p in ps] == ["سامي عادل"]
