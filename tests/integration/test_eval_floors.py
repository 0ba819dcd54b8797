"""Quality floors: the evaluation on our gold annotations must not drop below eval/floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.eval.gold import load_gold
from marsad.eval.score import Sources, check_floors, evaluate

from ..conftest import ROOT, SAMPLES

pytestmark = pytest.mark.shared


def test_gold_is_valid_and_covers_enough_dev_articles(shared: Path) -> None:
    gold = load_gold(ROOT / "eval" / "gold")
    corpus_docs = [g for g in gold if g.corpus in ("antcorpus", "saudinewsnet")]
    assert len(corpus_docs) >= 60
    stories = {g.story for g in corpus_docs if g.story}
    assert len(stories) >= 20


def test_quality_floors_hold(shared: Path) -> None:
    gold = load_gold(ROOT / "eval" / "gold")
    report = evaluate(gold, Sources(shared=shared, samples=SAMPLES), entities=ROOT / "eval" / "entities")
    floors = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
    assert check_floors(report, floors) == []
