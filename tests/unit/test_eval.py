"""The evaluation harness: gold schema, matching rules, metrics and floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.eval.gold import GoldError, class_of_code, load_gold, parse_gold
from marsad.eval.score import check_floors, flatten, score

P = Path("x.json")


def gold(events=(), persons=(), published="2024-05-14", story=None, id="d1"):
    return parse_gold(
        {"corpus": "samples", "id": id, "published": published, "story": story,
         "events": list(events), "persons": list(persons)}, P)


def ev(cls, src, tgt, date=None, required=True, **kw):
    return {"class": cls, "source": src, "target": tgt, "date": date, "required": required, **kw}


def pred(events=(), persons=(), published="2024-05-14", story_id=None):
    return {"published": published, "events": list(events), "persons": list(persons), "story_id": story_id}


def pev(code, src, tgt, date=None, modality="realized"):
    return {"code": code, "source": {"country": src}, "target": {"country": tgt}, "date": date,
            "modality": modality, "evidence": {"text": "جملة", "start": 0, "end": 4}}


@pytest.mark.parametrize("code,cls", [("042", "visit"), ("043", "visit"), ("036", "intent_meet"), ("046", "meet"),
                                      ("057", "sign"), ("051", "praise"), ("064", "cooperate"), ("0314", "intent_cooperate"),
                                      ("173", "coerce"), ("010", None)])
def test_class_of_code(code: str, cls: str | None) -> None:
    assert class_of_code(code) == cls


@pytest.mark.parametrize("bad,match", [
    ({"corpus": "nope", "id": "a"}, "corpus"),
    ({"corpus": "samples", "id": ""}, "id"),
    ({"corpus": "samples", "id": "a", "published": "14/05/2024"}, "published"),
    ({"corpus": "samples", "id": "a", "events": [ev("visitt", "EGY", "ITA")]}, "class"),
    ({"corpus": "samples", "id": "a", "events": [ev("visit", "Egypt", "ITA")]}, "source"),
    ({"corpus": "samples", "id": "a", "events": [ev("visit", "EGY", "ITA", ["2024-05-02", "2024-05-01"])]}, "date"),
    ({"corpus": "samples", "id": "a", "events": [{**ev("visit", "EGY", "ITA"), "required": "yes"}]}, "required"),
    ({"corpus": "samples", "id": "a", "persons": [{"name": " "}]}, "persons"),
])
def test_bad_gold_is_rejected_with_the_field(bad: dict, match: str) -> None:
    with pytest.raises(GoldError, match=match):
        parse_gold(bad, P)


def test_load_gold_checks_file_names(tmp_path: Path) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "other.json").write_text('{"corpus": "samples", "id": "a"}', encoding="utf-8")
    with pytest.raises(GoldError, match="named"):
        load_gold(tmp_path)


def test_visit_pair_counts_once_and_direction_matters() -> None:
    g = gold([ev("visit", "EGY", "CHN", ["2024-11-20", "2024-11-21"])])
    both = pred([pev("042", "EGY", "CHN", "2024-11-20"), pev("043", "CHN", "EGY", "2024-11-20")])
    r = score([g], {g.key: both}).as_dict()
    assert r["events"]["overall"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert r["events"]["date_accuracy"] == 1.0
    wrong = pred([pev("042", "CHN", "EGY", "2024-11-20")])
    r = score([g], {g.key: wrong}).as_dict()
    assert r["events"]["overall"]["tp"] == 0 and r["events"]["overall"]["fp"] == 1 and len(r["misses"]) == 1


def test_symmetric_classes_ignore_order_and_borderline_is_neutral() -> None:
    g = gold([ev("sign", "EGY", "CHN"), ev("praise", "CHN", "EGY", required=False)])
    p = pred([pev("057", "CHN", "EGY"), pev("051", "CHN", "EGY")])
    r = score([g], {g.key: p}).as_dict()
    assert r["events"]["per_class"]["sign"]["tp"] == 1
    assert r["events"]["per_class"].get("praise", {"fp": 0})["fp"] == 0
    assert r["events"]["overall"]["fp"] == 0


def test_cancelled_prediction_is_not_scored_and_wrong_date_is_counted() -> None:
    g = gold([ev("meet", "EGY", "JOR", ["2024-05-13", "2024-05-13"])])
    p = pred([pev("046", "EGY", "JOR", "2024-05"), pev("046", "EGY", "TUN", None, modality="cancelled")])
    r = score([g], {g.key: p}).as_dict()
    assert r["events"]["overall"]["tp"] == 1 and r["events"]["overall"]["fp"] == 0
    assert r["events"]["date_accuracy"] == 0.0  # a month is not the day


def test_publication_dates_persons_and_stories() -> None:
    g1 = gold(persons=[{"name": "محمود توفيق", "affiliation": "EGY"}, {"name": "وانغ شيا هونغ", "affiliation": "CHN"}],
              story="s1", id="a")
    g2 = gold(published=None, story="s1", id="b")
    g3 = gold(story=None, id="c")
    preds = {
        g1.key: pred(persons=[{"name": "محمود توفيق", "country": "EGY"}, {"name": "وانغ شيا", "country": "EGY"}], story_id="x"),
        g2.key: pred(published="2024-01-01", story_id="x"),
        g3.key: pred(story_id="x"),
    }
    r = score([g1, g2, g3], preds).as_dict()
    assert r["published"]["accuracy"] == round(2 / 3, 4)
    assert r["persons"]["recall"] == 1.0 and r["persons"]["affiliation_accuracy"] == 0.5
    assert r["stories"]["tp"] == 1 and r["stories"]["fp"] == 2 and r["stories"]["fn"] == 0


def test_distinct_arabic_names_do_not_match() -> None:
    g = gold(persons=[{"name": "محمد توفيق", "affiliation": "EGY"}])
    r = score([g], {g.key: pred(persons=[{"name": "محمود توفيق", "country": "EGY"}])}).as_dict()
    assert r["persons"]["recall"] == 0.0


def test_floors() -> None:
    report = {"events": {"overall": {"f1": 0.5}}, "published": {"accuracy": 0.9}, "misses": []}
    assert flatten(report) == {"events.overall.f1": 0.5, "published.accuracy": 0.9}
    assert check_floors(report, {"events.overall.f1": 0.5}) == []
    assert "below its floor" in check_floors(report, {"published.accuracy": 0.95})[0]
    assert "no value" in check_floors(report, {"stories.f1": 0.1})[0]


def test_entity_scores_value_and_span(tmp_path: Path) -> None:
    import json as _json

    from marsad.eval.entities import load_entity_gold, score_entities

    folder = tmp_path / "dates" / "samples"
    folder.mkdir(parents=True)
    (folder / "d1.json").write_text(_json.dumps({"corpus": "samples", "id": "d1", "dates": [
        {"start": 0, "end": 5, "value": "2024-05-13"}, {"start": 10, "end": 14, "value": "2019"},
        {"start": 20, "end": 25, "value": None}]}), encoding="utf-8")
    gold = load_entity_gold(tmp_path, "dates")
    preds = {"samples/d1": {"text": "x" * 40, "dates": [
        {"start": 0, "end": 6, "value": "2024-05-13"},   # right
        {"start": 11, "end": 14, "value": "2018"},       # right span, wrong value
        {"start": 30, "end": 33, "value": "2024"}]}}     # false
    r = score_entities(gold, preds, "dates").as_dict()
    assert (r["gold"], r["predicted"]) == (3, 3)
    assert r["precision"] == round(1 / 3, 4) and r["recall"] == round(1 / 3, 4)
    assert r["span_precision"] == round(2 / 3, 4) and r["span_recall"] == round(2 / 3, 4)
    (folder / "bad.json").write_text('{"corpus": "samples", "id": "bad", "dates": [{"start": 3, "end": 1}]}', encoding="utf-8")
    with pytest.raises(GoldError):
        load_entity_gold(tmp_path, "dates")
