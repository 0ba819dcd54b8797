"""actor_types.tsv: every party marsad.model.actor_side may give besides a state or an IGO has a
name, and no type code is also a state's code (names.kind tells them apart by the code)."""

from __future__ import annotations

from marsad.lexicon.loader import load_table
from marsad.lexicon.schemas import ACTOR_TYPES
from marsad.model import actor_side
from marsad.store.queries import names


def test_every_actor_type_has_a_name_and_is_no_state() -> None:
    rows = {str(r["code"]): r for r in load_table("actor_types")}
    assert set(rows) == set(ACTOR_TYPES)
    states = {str(r["iso3"]) for r in load_table("country_names_en")}
    assert not set(rows) & states
    for code, r in rows.items():
        assert names.kind(code) == "type" and names.centroid(code) is None
        assert names.name(code) == r["name_ar"] and names.name(code, "en") == r["name_en"]


def test_kinds_of_sides() -> None:
    assert names.kind(actor_side({"code": "INS", "role": "INS"}) or "") == "type"
    assert names.kind(actor_side({"code": "IMGREB"}) or "") == "type"
    assert names.kind(actor_side({"code": "EGYINS", "country": "EGY", "role": "INS"}) or "") == "state"
    assert names.kind(actor_side({"code": "IGOUNO", "igo": "IGOUNO"}) or "") == "igo"
