"""Events merged across documents in the database (SQLite and PostgreSQL): our two reports
of one visit, the same meeting years apart, idempotence, order of arrival, and the seeds
(skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad.model import Document, Event, EventActor, Evidence, RawDoc, actor_side
from marsad.pipeline import build_document, ingest
from marsad.settings import Settings
from marsad.stories import assign_stories
from marsad.store.db import Store
from marsad.store.schema import canonical_events, events

from ..unit.test_stories import VISIT_A, VISIT_B


def coded(doc_id: str, text: str, published: str | None, outlet: str | None) -> Document:
    doc = build_document(RawDoc(doc_id=doc_id, text=text, source=f"/in/{doc_id}.txt", published=published,
                                outlet=outlet))
    assert isinstance(doc, Document)
    return doc


def load(store: Store, docs: list[Document]) -> None:
    """What pipeline.ingest does for each batch (one document per batch here)."""
    for d in docs:
        store.write_batch([d], [])
        assign_stories(store, [d])
        store.merge_events([d])


def signings(store: Store) -> list[tuple[str | None, tuple[str, ...], int]]:
    return sorted((e["date"], tuple(e["doc_ids"]), e["num_sources"]) for e in store.list_canonical_events(code="057"))


def our_reports() -> list[Document]:
    return [
        coded("visit-a", VISIT_A, "2025-03-09", "وكالة أ"),
        coded("visit-b", VISIT_B, "2025-03-09", "صحيفة ب"),
        # the same two ministries, the same wording, six years earlier: another event
        coded("visit-a-2019", VISIT_A + "\n(أرشيف)", "2019-03-10", "وكالة أ"),
    ]


def test_two_reports_of_one_signing_are_one_event_and_the_2019_one_stays_apart(db: str) -> None:
    with Store.open(db) as store:
        load(store, our_reports())
        assert signings(store) == [
            ("2019-03-10", ("visit-a-2019",), 1),
            ("2025-03-09", ("visit-a", "visit-b"), 2),
        ]
        (merged,) = store.list_canonical_events(code="057", min_articles=2)
        assert merged["num_articles"] == 2 and merged["first_seen"] == "2025-03-09"
        for mention in merged["mentions"]:  # each report keeps its words and offsets
            doc = store.get_document(mention["doc_id"])
            t = mention["trigger"]
            assert doc.text[t["start"] : t["end"]] == t["text"]
        by_doc = {e["doc_id"]: e["event_id"] for e in store.list_events(code="057")}
        assert by_doc["visit-a"] == by_doc["visit-b"] == merged["event_id"] != by_doc["visit-a-2019"]


def test_merging_is_idempotent_and_keeps_ids(db: str) -> None:
    with Store.open(db) as store:
        load(store, our_reports())
        before = store.list_canonical_events(modalities=None)
        store.merge_events()  # everything again
        store.merge_events(our_reports()[:1])
        after = store.list_canonical_events(modalities=None)
        assert [(e["event_id"], e["doc_ids"]) for e in after] == [(e["event_id"], e["doc_ids"]) for e in before]
        with store.engine.connect() as conn:
            n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
            unmerged = conn.execute(
                sa.select(sa.func.count()).select_from(events).where(events.c.canonical_id.is_(None))
            ).scalar_one()
            n_canon = conn.execute(sa.select(sa.func.count()).select_from(canonical_events)).scalar_one()
        assert unmerged == 0 and n_canon == len(after) < n_events


def test_order_of_arrival_does_not_matter(db: str) -> None:
    with Store.open(db) as store:
        load(store, list(reversed(our_reports())))
        assert signings(store) == [
            ("2019-03-10", ("visit-a-2019",), 1),
            ("2025-03-09", ("visit-a", "visit-b"), 2),
        ]


@pytest.mark.shared
def test_seeds_china_visit_protocol_and_praise_each_one_event_with_two_articles(shared: Path, db: str) -> None:
    with Store.open(db) as store:
        report = ingest([str(shared / "seeds")], store, Settings(db=db))
        assert report.stored == 5
        got = {}
        for e in store.list_canonical_events(min_articles=2):
            got[(e["code"], e["source"].get("country"), e["target"].get("country"))] = e
        for key in (("042", "EGY", "CHN"), ("057", "EGY", "CHN"), ("051", "CHN", "EGY")):
            assert key in got, key
            e = got[key]
            assert [d[:3] for d in e["doc_ids"]] == ["002", "004"] and e["num_articles"] == 2
            assert e["date"] == "2024-11-21" and e["date_from"].startswith("004")  # 002 has no dateline
        # nothing from the other seeds is merged with anything
        for e in store.list_canonical_events(min_articles=2, modalities=None):
            assert {d[:3] for d in e["doc_ids"]} == {"002", "004"}
        # a second ingest stores nothing and merges nothing new
        n = len(store.list_canonical_events(modalities=None))
        again = ingest([str(shared / "seeds")], store, Settings(db=db))
        assert again.stored == 0 and len(store.list_canonical_events(modalities=None)) == n


def _groups(store: Store) -> list[list[tuple[str, int]]]:
    """Canonical events as sets of (doc_id, sentence) mentions, order-free."""
    return sorted(sorted((m["doc_id"], m["sentence"], m["code"]) for m in e["mentions"])
                  for e in store.list_canonical_events(modalities=None))


@pytest.mark.shared
@pytest.mark.slow
def test_incremental_merging_equals_merging_everything_at_once(shared: Path, tmp_path: Path) -> None:
    """Batch after batch, merging only what new documents reach gives exactly what one
    recomputation of every block gives (the corpora, in batches of 25)."""
    db = str(tmp_path / "inc.db")
    paths = [str(p) for p in sorted((shared / "corpora").glob("*/articles.jsonl"))]
    with Store.open(db) as store:
        ingest(paths, store, Settings(db=db, batch_size=25))
        incremental = _groups(store)
        assert sum(len(g) > 1 for g in incremental) >= 20
        store.merge_events()  # every block from scratch
        assert _groups(store) == incremental


def _attack(doc: Document, source: EventActor) -> Event:
    """An assault (190) by ``source`` on Egypt, dated in its sentence (our wording)."""
    from marsad.lexicon.events import event_code

    ec = event_code("190")
    s = doc.sentences[0]
    ev = Evidence(doc.text[s.start : s.end], s.start, s.end)
    egy = EventActor(text="مصر", start=None, end=None, code="EGY", country="EGY")
    return Event(code=ec.code, root=ec.root, name=ec.name, source=source, target=egy, evidence=ev, trigger=ev,
                 sentence=0, paragraph=0, date="2025-04-02", date_precision="day", date_basis="sentence",
                 confidence=0.8)


def test_a_non_state_party_of_no_country_is_a_side_of_its_own(db: str) -> None:
    """Gunmen (INS) and civilians (CVL) of no known country are different parties: their
    events get blocks of their own (…|EGY|INS), the two reports of the gunmen's attack merge,
    and the civilians' one stays apart."""
    texts = {
        "gunmen-a": "هاجم مسلحون مجهولون نقطة أمنية في مصر يوم الأربعاء، وفق ما أفاد شهود عيان للوكالة.",
        "gunmen-b": "أفادت مصادر محلية بأن مسلحين هاجموا نقطة أمنية في مصر يوم الأربعاء الماضي.",
        "civilians": "اشتبك مدنيون غاضبون مع قوة أمنية في مصر يوم الأربعاء بعد انقطاع المياه عن الحي.",
    }
    docs = []
    for i, (doc_id, text) in enumerate(texts.items()):
        doc = build_document(RawDoc(doc_id=doc_id, text=text, source=f"/in/{doc_id}.txt", published="2025-04-02",
                                    outlet=f"outlet {i}"), extract=False)
        assert isinstance(doc, Document)
        role = "CVL" if doc_id == "civilians" else "INS"
        doc.events = [_attack(doc, EventActor(text="x", start=None, end=None, code=role, role=role))]
        docs.append(doc)
    with Store.open(db) as store:
        load(store, docs)
        with store.engine.connect() as conn:
            blocks = dict(conn.execute(sa.select(events.c.document_id, events.c.block)).all())
        assert sorted(set(blocks.values())) == ["19|CVL|EGY", "19|EGY|INS"]
        merged = sorted((actor_side(e["source"]), tuple(e["doc_ids"])) for e in store.list_canonical_events(code="190"))
        assert merged == [("CVL", ("civilians",)), ("INS", ("gunmen-a", "gunmen-b"))]
