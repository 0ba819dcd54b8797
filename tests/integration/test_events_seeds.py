"""The founding seeds through the event coder: visits, receptions, talks, the signed protocol
and praise as a careful coder would code them, with their directions and dates, and nothing
from seed 003's read-also line. Reads ../shared/seeds at run time (skipped where absent);
nothing from it is copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.model import Document, Event
from marsad.pipeline import process
from marsad.settings import Settings

pytestmark = pytest.mark.shared


def side(actor) -> str | None:  # type: ignore[no-untyped-def]
    return None if actor is None else actor.country or actor.igo


@pytest.fixture(scope="module")
def coded(seeds: dict[str, Path]) -> dict[str, Document]:
    out = {}
    for key, path in seeds.items():
        (doc,) = list(process([str(path)], Settings()))
        assert isinstance(doc, Document), doc
        out[key] = doc
    return out


def find(doc: Document, code: str, source: str, target: str) -> Event:
    hits = [e for e in doc.events if e.code == code and side(e.source) == source and side(e.target) == target
            and e.modality == "realized"]
    assert hits, f"{doc.doc_id}: no {code} {source}->{target} in " + ", ".join(
        f"{e.code} {side(e.source)}->{side(e.target)}" for e in doc.events)
    return hits[0]


def test_every_event_points_into_the_body(coded: dict[str, Document]) -> None:
    for doc in coded.values():
        for e in doc.events:
            assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.text
            assert doc.text[e.trigger.start : e.trigger.end] == e.trigger.text
            assert any(b.start <= e.trigger.start and e.trigger.end <= b.end for b in doc.body)
            assert side(e.source) and side(e.source) != side(e.target)


def test_000_official_visit_to_italy_and_italian_praise(coded: dict[str, Document]) -> None:
    doc = coded["000"]
    visit = find(doc, "042", "EGY", "ITA")
    host = find(doc, "043", "ITA", "EGY")
    assert visit.link == host.link is not None
    assert visit.date == "2026-01-29" and visit.date_basis == "publication"
    assert visit.location is not None and visit.location.country == "ITA"
    assert visit.target.person is not None  # the inviting Italian minister is the host
    find(doc, "051", "ITA", "EGY")
    # the talks during the visit belong to the visit
    assert not any(e.code in ("040", "046") for e in doc.events)


def test_001_eu_reception_dated_2019_and_jordanian_visit(coded: dict[str, Document]) -> None:
    doc = coded["001"]
    visit = find(doc, "042", "IGOEUREEC", "EGY")
    assert visit.date == "2019" and visit.date_basis == "sentence"
    praise = find(doc, "051", "IGOEUREEC", "EGY")
    assert praise.date == "2019"  # the praise belongs to the 2019 reception, not to the publication date
    find(doc, "043", "EGY", "JOR")
    find(doc, "042", "JOR", "EGY")


def test_002_visit_signing_and_the_roundup_receptions(coded: dict[str, Document]) -> None:
    doc = coded["002"]
    find(doc, "042", "EGY", "CHN")
    sign = next(e for e in doc.events if e.code == "057")
    assert {side(sign.source), side(sign.target)} == {"EGY", "CHN"}
    find(doc, "051", "CHN", "EGY")
    find(doc, "042", "GIN", "EGY")
    find(doc, "042", "IGOAFRAFU", "EGY")
    find(doc, "051", "IGOAFRAFU", "EGY")
    assert doc.published is None and all(e.date is None for e in doc.events if e.code == "042")


def test_003_two_receptions_and_nothing_from_the_read_also_line(coded: dict[str, Document]) -> None:
    doc = coded["003"]
    find(doc, "042", "IGOEUREEC", "EGY")
    find(doc, "042", "CHN", "EGY")
    find(doc, "051", "CHN", "EGY")
    find(doc, "051", "EGY", "CHN")
    read_also = [r for r in doc.removed if r.reason == "read_also"]
    assert read_also
    for r in read_also:
        assert not any(r.start <= e.trigger.start < r.end or r.start <= e.evidence.start < r.end for e in doc.events)
    assert not any(e.root == "17" for e in doc.events)  # the arrest in the read-also headline


def test_004_visit_talks_protocol_and_praise(coded: dict[str, Document]) -> None:
    doc = coded["004"]
    visit = find(doc, "042", "EGY", "CHN")
    assert visit.date == "2024-11-21"
    sign = next(e for e in doc.events if e.code == "057")
    assert {side(sign.source), side(sign.target)} == {"EGY", "CHN"} and sign.modality == "realized"
    find(doc, "051", "CHN", "EGY")
    find(doc, "051", "EGY", "CHN")  # thanks for the welcome
