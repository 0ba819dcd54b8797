"""The store on SQLite and PostgreSQL: migrations, idempotent batches, rejections."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from marsad.errors import NotFound, StoreError
from marsad.model import Document, Rejection, RemovedLine, Span, content_hash
from marsad.store.db import Store, engine_url
from marsad.store.schema import SEARCH_TABLES, metadata


def make_doc(doc_id: str, text: str) -> Document:
    return Document(
        doc_id=doc_id,
        text=text,
        content_hash=content_hash(text),
        source=f"/in/{doc_id}.txt",
        fmt="txt",
        body=[Span(0, len(text))],
        removed=[RemovedLine(0, 0, "", "blank")],
        sentences=[Span(0, len(text))],
        paragraphs=[Span(0, len(text))],
        title="عنوان",
        published="2024-05-14",
        meta={"k": [1, 2]},
    )


def test_migrated_schema_matches_metadata(db: str) -> None:
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            # the full-text tables are dialect-specific and kept out of the metadata (schema.SEARCH_TABLES)
            ctx = MigrationContext.configure(conn, opts={"include_name": lambda name, type_, _p: not (
                type_ == "table" and name and name.startswith(SEARCH_TABLES))})
            diffs = compare_metadata(ctx, metadata)
    assert diffs == []


def test_reopen_is_a_noop(db: str) -> None:
    Store.open(db).close()
    with Store.open(db) as store:
        assert store.count_documents() == 0


def test_batch_is_idempotent(db: str) -> None:
    docs = [make_doc("a", "استقبل الوزير نظيره."), make_doc("b", "وقع الجانبان مذكرة تفاهم.")]
    with Store.open(db) as store:
        first = store.write_batch(docs, [])
        assert first.stored == ["a", "b"]
        again = store.write_batch([make_doc("a", "استقبل الوزير نظيره."), make_doc("b", "وقع الجانبان مذكرة تفاهم.")], [])
        assert again.stored == [] and [p[1] for p in again.present] == ["a", "b"]
        assert store.count_documents() == 2
        back = store.get_document("a")
        assert back.text == "استقبل الوزير نظيره." and back.body == [Span(0, len(back.text))]
        assert back.removed[0].reason == "blank" and back.meta == {"k": [1, 2]}


def test_same_content_twice_in_one_batch_is_stored_once(db: str) -> None:
    with Store.open(db) as store:
        res = store.write_batch([make_doc("x", "نص واحد"), make_doc("y", "نص واحد")], [])
        assert res.stored == ["x"] and res.present == [("y", "x")]


def test_doc_id_taken_by_other_content_is_renamed_not_lost(db: str) -> None:
    with Store.open(db) as store:
        store.write_batch([make_doc("same", "النص الأول")], [])
        res = store.write_batch([make_doc("same", "النص الثاني")], [])
        assert len(res.renamed) == 1 and res.renamed[0][1].startswith("same~")
        assert store.count_documents() == 2
        assert store.get_document(res.renamed[0][1]).text == "النص الثاني"


def test_rejections_are_recorded_once_per_place_and_reason(db: str) -> None:
    rej = Rejection("/in/bad.jsonl", 3, "parse", "bad_json", "line 3 is not JSON")
    with Store.open(db) as store:
        store.write_batch([], [rej])
        store.write_batch([], [rej])
        rows = store.list_rejections()
    assert len(rows) == 1 and rows[0]["times"] == 2 and rows[0]["line"] == 3


def test_failed_batch_rolls_back(db: str) -> None:
    with Store.open(db) as store:
        bad = make_doc("bad", "نص")
        bad.meta = {"not json": object()}  # cannot be serialized: the whole batch must roll back
        with pytest.raises(Exception):
            store.write_batch([make_doc("good", "نص سليم"), bad], [])
        assert store.count_documents() == 0


def test_unknown_document_and_missing_sqlite_file(tmp_path) -> None:
    with Store.open(str(tmp_path / "x.db")) as store:
        with pytest.raises(NotFound):
            store.get_document("nope")
    with pytest.raises(StoreError, match="no marsad database"):
        Store.open(str(tmp_path / "missing.db"), create=False)


def test_engine_url() -> None:
    assert engine_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert engine_url("x.db").startswith("sqlite:////")


def test_sqlite_uses_wal(sqlite_db: str) -> None:
    with Store.open(sqlite_db) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        Store.open("postgresql://nobody@127.0.0.1:1/none")


def test_persons_across_documents_merge_by_key(db: str) -> None:
    from marsad.model import Person

    a = make_doc("a", "وصل وانج شيا هونج إلى القاهرة.")
    a.persons = [Person("وانج شيا هونج", [Span(4, 17)], role="GOV", title="وزير الأمن العام", country="CHN", key="k-wang")]
    b = make_doc("b", "استقبل الوزير وانغ شيا هونغ في بكين.")
    b.persons = [Person("وانغ شيا هونغ", [Span(14, 27)], role="GOV", title="وزير الأمن العام", country="CHN", key="k-wang"),
                 Person("محمود توفيق", [Span(0, 3)], role="GOV", country="EGY", key="k-tawfik")]
    with Store.open(db) as store:
        store.write_batch([a], [])
        store.write_batch([b, make_doc("a", "وصل وانج شيا هونج إلى القاهرة.")], [])  # a again: present
        people = store.list_persons()
        assert [p["name"] for p in people] == ["وانج شيا هونج", "محمود توفيق"]
        wang = people[0]
        assert wang["documents"] == 2 and wang["variants"] == ["وانج شيا هونج", "وانغ شيا هونغ"]
        assert wang["country"] == "CHN" and wang["role"] == "GOV"
        assert store.get_document("b").persons[0].mentions == [Span(14, 27)]
        assert [p["name"] for p in store.list_persons(country="EGY")] == ["محمود توفيق"]
