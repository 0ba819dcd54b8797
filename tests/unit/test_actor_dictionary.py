"""The actor dictionary: data schema, learning from an archive, lookup by name and date, and its
use by the actor finder. Every sentence here is written by us."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad import actordict
from marsad.cli import app
from marsad.extract.actors import find_actors_in_text
from marsad.extract.actors.dictionary import use_dictionary
from marsad.extract.persons import person_key
from marsad.lexicon import load_table, table
from marsad.lexicon.actor_dictionary import ActorEntry, entries, load_dictionary_file, lookup, resolve


def test_packaged_files_load_and_say_where_they_come_from() -> None:
    curated = load_table("actors")
    learned = load_table("actors.learned")
    assert curated and all(r["source"] == "curated" for r in curated)
    assert len(learned) > 500 and all(r["source"] == "learned" and r["docs"] >= actordict.MIN_DOCS for r in learned)
    assert "marsad actors learn" in table("actors.learned").header.version
    # every key is the person key of the entry's name (so lookups by name find it)
    for r in list(curated) + list(learned)[:200]:
        assert r["key"] == person_key(str(r["name"])), r["name"]


def test_curated_entries_win_and_igo_officials_belong_to_the_igo() -> None:
    e = resolve(person_key("يوسف العثيمين"), "2018-03-01")
    assert e is not None and e.country == "IGOMOSOIC" and e.source == "curated"
    assert resolve(person_key("يوسف العثيمين"), "2023-06-01") is None  # out of his window


def _entry(key: str, country: str, first: str, last: str) -> ActorEntry:
    return ActorEntry(key, key, (key,), None, "GOV", country, first, last, "learned", 5, ())


def test_window() -> None:
    e = _entry("x", "EGY", "2018-01-01", "2018-06-30")
    assert e.valid_on("2018-03-01") and e.valid_on("2019-06-01")  # a year of slack after
    assert not e.valid_on("2020-01-01") and not e.valid_on(None)


def test_aggregate_keeps_only_agreeing_evidence() -> None:
    def ev(key: str, doc: str, country: str, day: str = "2018-05-01") -> actordict.Evidence:
        return actordict.Evidence(key, key, doc, 0, 4, day, "outlet", country, "GOV", "الوزير")

    evs = [ev("a", f"d{i}", "EGY") for i in range(4)]  # agrees in 4 documents
    evs += [ev("b", f"d{i}", "EGY") for i in range(2)]  # too few documents
    evs += [ev("c", f"d{i}", "EGY") for i in range(3)] + [ev("c", f"e{i}", "JOR") for i in range(3)]  # disagrees
    evs += [ev("d", "d1", "FRA", "2018-01-01"), ev("d", "d2", "FRA", "2018-09-01"), ev("d", "d3", "FRA", "2018-04-01")]
    got = {e.key: e for e in actordict.aggregate(evs)}
    assert set(got) == {"a", "d"}
    assert got["a"].docs == 4 and got["a"].country == "EGY" and got["a"].title == "الوزير"
    assert (got["d"].first_seen, got["d"].last_seen) == ("2018-01-01", "2018-09-01")


def test_prune_drops_a_name_that_swallowed_a_word() -> None:
    def en(name: str, docs: int, country: str = "USA") -> actordict.Entry:
        return actordict.Entry(name, name, [name], None, "GOV", country, None, None, docs, [])

    kept = actordict.prune([en("سامي كارل", 100), en("سامي كارل عملت", 6), en("سامي كارل بن زيد", 60), en("سامي كارل قال", 9, "FRA")])
    assert [e.name for e in kept] == ["سامي كارل", "سامي كارل بن زيد", "سامي كارل قال"]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A tiny archive written by us: one minister named with his country in four documents,
    one name claimed by two countries."""
    lines = []
    for i in range(4):
        lines.append({"id": f"a{i}", "published": f"2018-05-0{i + 1}", "outlet": "test",
                      "text": f"أعلن وزير الخارجية الموريتاني سالم ولد مختار أن بلاده تدعم الحوار رقم {i}."})
    for i, dem in enumerate(["المالي", "المالي", "النيجري", "النيجري"]):
        lines.append({"id": f"b{i}", "published": "2018-05-01", "outlet": "test",
                      "text": f"قال وزير الداخلية {dem} حمدي ولد سالم إن الحدود آمنة رقم {i}."})
    p = tmp_path / "archive.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return p


def test_learn_command_writes_entries_and_evidence(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.learned.tsv"
    res = CliRunner().invoke(app, ["actors", "learn", str(archive), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = {e.name: e for e in load_dictionary_file(out)}
    assert list(got) == ["سالم ولد مختار"]
    e = got["سالم ولد مختار"]
    assert e.country == "MRT" and e.docs == 4 and e.first_seen == "2018-05-01" and e.last_seen == "2018-05-04"
    ev = actordict.load_evidence(out)[e.key]
    assert {x["doc_id"] for x in ev} == {"a0", "a1", "a2", "a3"}
    assert all(set(x) == {"doc_id", "start", "end", "published", "outlet", "country", "role"} for x in ev)  # no text
    res = CliRunner().invoke(app, ["actors", "show", "سالم ولد مختار", "--dictionary", str(out)])
    assert res.exit_code == 0 and "a0" in res.output
    res = CliRunner().invoke(app, ["actors", "search", "مختار", "--dictionary", str(out)])
    assert res.exit_code == 0 and "MRT" in res.output


def test_a_name_without_affiliation_takes_it_from_the_dictionary() -> None:
    text = "الرياض - واس\nقال الرئيس رجب طيب أردوغان إن الاتفاق مهم."
    _, ps = find_actors_in_text(text, outlet="واس", published="2018-06-01")
    assert [(p.name, p.country) for p in ps] == [("رجب طيب أردوغان", "TUR")]
    actors, _ = find_actors_in_text(text, outlet="واس", published="2018-06-01")
    assert next(a for a in actors if a.kind == "person").basis == "dictionary"
    # the text wins over a learned entry ...
    _, ps = find_actors_in_text("قال الوزير الموريتاني جون سوليفان إن الاتفاق مهم.", published="2018-05-01")
    assert ps[0].country == "MRT"
    # ... but a curated national official's state is a fact: a disagreeing reading loses
    _, ps = find_actors_in_text("قال الوزير الموريتاني رجب طيب أردوغان إن الاتفاق مهم.", published="2018-06-01")
    assert ps[0].country == "TUR"
    # without the dictionary: the outlet's home country, marked as such
    use_dictionary(False)
    try:
        actors, ps = find_actors_in_text(text, outlet="واس", published="2018-06-01")
    finally:
        use_dictionary(True)
    assert ps[0].country == "SAU" and next(a for a in actors if a.kind == "person").basis == "home_country"


def test_a_known_name_without_a_title_is_a_person() -> None:
    _, ps = find_actors_in_text("ورد فلاديمير بوتين على الاقتراح بالرفض.", published="2018-06-01")
    assert [(p.name, p.country) for p in ps] == [("فلاديمير بوتين", "RUS")]


def test_ambiguous_and_unknown_names_stay_unresolved() -> None:
    assert lookup(person_key("اسم لا يعرفه أحد"), "2018-01-01") == ()
    keys = {e.key for e in entries()}
    assert len(keys) == len(entries())


# --------------------------------------------------------------------------- office holders


def test_office_key_folds_article_gender_and_synonyms() -> None:
    from marsad.lexicon.actor_dictionary import office_key

    assert office_key("الرئيس") == office_key("رئيس")
    assert office_key("رئيسة الوزراء") == office_key("رئيس الوزراء") == office_key("رئيس الحكومة")
    assert office_key("وزيرة الخارجية") == office_key("وزير الخارجية") != office_key("وزير الدفاع")


def test_office_holder_at_the_documents_date() -> None:
    from marsad.lexicon.actor_dictionary import office_holder

    def who(title: str, country: str, day: str | None) -> str | None:
        e = office_holder(title, country, day)
        return e.name if e is not None else None

    assert who("وزير الخارجية", "USA", "2018-06-01") == "مايك بومبيو"
    assert who("وزير الخارجية", "USA", "2016-03-01") == "جون كيري"
    assert who("وزير الخارجية", "USA", "2018-04-10") is None  # between two terms: never guessed
    assert who("وزير الخارجية", "USA", None) is None  # no date, no holder
    assert who("رئيسة الوزراء", "GBR", "2018-06-01") == "تيريزا ماي"
    assert who("وزير الخارجية", "ZZZ", "2018-06-01") is None


def test_an_office_named_without_its_holder_gets_the_holder() -> None:
    text = "وصل وزير الخارجية الأمريكي إلى العاصمة في زيارة قصيرة."
    actors, persons = find_actors_in_text(text, published="2018-06-01")
    office = next(a for a in actors if a.kind == "office")
    assert (office.country, office.holder) == ("USA", "مايك بومبيو")
    assert office.holder_key == person_key("مايك بومبيو")
    assert text[office.start : office.end] == "وزير الخارجية الأمريكي"  # offsets of the title
    assert persons == []  # the holder is not a person of this text: only the office's field
    # out of every window: unresolved
    actors, _ = find_actors_in_text(text, published="1990-01-01")
    assert next(a for a in actors if a.kind == "office").holder is None
    # a former holder is not the holder
    actors, _ = find_actors_in_text("قال وزير الخارجية الأمريكي السابق إن الزيارة مهمة.", published="2018-06-01")
    assert all(a.holder is None for a in actors)


def test_an_office_whose_holder_the_text_names_elsewhere_is_that_person() -> None:
    text = "أعلنت رئيسة الوزراء البريطانية خطة جديدة. وكانت تيريزا ماي قد زارت المدينة أمس."
    actors, persons = find_actors_in_text(text, published="2018-06-01")
    assert [p.name for p in persons] == ["تيريزا ماي"]
    office = next(a for a in actors if a.kind == "office")
    assert office.person == 0 and office.basis == "office"
    assert [text[m.start : m.end] for m in persons[0].mentions] == ["رئيسة الوزراء البريطانية", "تيريزا ماي"]


def test_office_holders_follow_the_dictionary_switch() -> None:
    use_dictionary(False)
    try:
        actors, _ = find_actors_in_text("وصل وزير الخارجية الأمريكي إلى العاصمة.", published="2018-06-01")
    finally:
        use_dictionary(True)
    assert all(a.holder is None for a in actors)
