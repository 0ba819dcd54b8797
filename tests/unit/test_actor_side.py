"""One function says which party an event actor stands for (marsad.model.actor_side): the
store's merge blocks, batch, the CLI and the evaluation all use it."""

from __future__ import annotations

from marsad.model import EventActor, actor_side


def actor(**kw: str | None) -> EventActor:
    return EventActor(text="x", start=None, end=None, code=kw.pop("code", "") or "", **kw)


def test_state_then_organisation_then_type() -> None:
    assert actor_side(actor(code="EGYGOV", country="EGY", role="GOV")) == "EGY"
    assert actor_side(actor(code="SYRREB", country="SYR", role="REB")) == "SYR"  # a state's rebels: its state
    assert actor_side(actor(code="IGOUNO", igo="IGOUNO")) == "IGOUNO"
    assert actor_side(actor(code="INS", role="INS")) == "INS"  # gunmen of no known country
    assert actor_side(actor(code="")) is None
    assert actor_side(None) is None


def test_the_record_gives_the_same_side_as_the_actor() -> None:
    from marsad.serialize import to_dict

    for a in (actor(code="EGYGOV", country="EGY", role="GOV"), actor(code="IGOUNO", igo="IGOUNO"),
              actor(code="UAF", role="UAF"), actor(code="")):
        assert actor_side(to_dict(a)) == actor_side(a)
