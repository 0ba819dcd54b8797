"""The entities JSON written record by record (marsad.serialize.entities_json) is the very
text json.dumps gives for the whole dict tree, and the store writes it as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad import serialize
from marsad.model import Document, RawDoc
from marsad.pipeline import build_document
from marsad.serialize import JSONText, dumps_json, entities_dict, entities_json
from marsad.store.db import Store

TEXT = (
    "القاهرة - 12 مارس 2018: استقبل وزير الخارجية المصري سامح شكري في القاهرة أمس نظيره الأردني أيمن الصفدي.\n"
    "وأدان الأردن الهجوم على قافلة الإغاثة في سوريا، ودعت فرنسا إلى وقف فوري لإطلاق النار.\n"
    "ومن المنتظر أن يزور الوفد المصري بغداد الأسبوع المقبل لبحث التعاون بين البلدين.\n"
)


def _doc() -> Document:
    doc = build_document(RawDoc(doc_id="s1", text=TEXT, source="t", fmt="jsonl", published="2018-03-13"))
    assert isinstance(doc, Document)
    assert doc.events and doc.places and doc.dates  # the sentences exercise every kind
    return doc


@pytest.mark.parametrize("chunk", [1, 2, 1000])
@pytest.mark.parametrize("ascii_", [True, False])
def test_entities_json_is_json_dumps_of_the_dict_tree(chunk: int, ascii_: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serialize, "_CHUNK", chunk)
    doc = _doc()
    assert entities_json(doc, ensure_ascii=ascii_) == json.dumps(entities_dict(doc), ensure_ascii=ascii_)
    records = [serialize.to_dict(e) for e in doc.events]
    assert entities_json(doc, events=records) == json.dumps(entities_dict(doc))


def test_an_empty_document_serializes_like_json_dumps() -> None:
    doc = Document(doc_id="e", text="", content_hash="h", source="t", fmt="txt", body=[], removed=[])
    assert entities_json(doc) == json.dumps(entities_dict(doc))


def test_the_store_writes_json_text_as_it_is(tmp_path: Path) -> None:
    assert dumps_json(JSONText('{"a": 1}')) == '{"a": 1}'
    assert dumps_json({"a": [1, "ب"]}) == json.dumps({"a": [1, "ب"]})
    doc = _doc()
    want = json.dumps(entities_dict(doc))
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        store.write_batch([doc], [])
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT entities FROM documents WHERE doc_id = 's1'").scalar_one()
        assert stored == want
        back = store.get_document("s1")
        assert entities_dict(back) == entities_dict(doc)


@pytest.mark.parametrize("at", [0, 10, 500])
def test_entities_past_the_threshold_are_the_same_text_compressed(at: int) -> None:
    doc = _doc()
    value = serialize.entities_value(doc, compress_at=at)
    assert isinstance(value, serialize.JSONBlob)
    assert value.text == entities_json(doc)
    assert serialize.loads_json(value.data) == entities_dict(doc)
    assert serialize.loads_json(memoryview(value.data)) == entities_dict(doc)
    assert serialize.loads_json(entities_json(doc).encode()) == entities_dict(doc)  # JSON text as bytes (psycopg)
    small = serialize.entities_value(doc, compress_at=None)
    assert isinstance(small, JSONText) and small.text == entities_json(doc)
    assert isinstance(serialize.entities_value(doc), JSONText)  # a news article's entities stay text


def test_the_store_reads_compressed_and_plain_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.store.db as db_module
    from marsad.export.source import iter_documents

    doc = _doc()
    monkeypatch.setattr(db_module, "COMPRESS_AT", 100)
    with Store.open(str(tmp_path / "z.db")) as store:
        store.write_batch([doc], [])
        with store.engine.connect() as conn:
            kind = conn.exec_driver_sql("SELECT typeof(entities) FROM documents WHERE doc_id = 's1'").scalar_one()
        assert kind == "blob"
        assert entities_dict(store.get_document("s1")) == entities_dict(doc)
        assert store.is_extracted("s1")
        assert [d.doc_id for d in store.iter_documents()] == ["s1"]
        from marsad.store.queries.documents import get_document  # the web's reader

        with store.engine.connect() as conn:
            page = get_document(conn, "s1")
        assert page is not None and page["extracted"] and len(page["events"]) == len(doc.events)
        exported = list(iter_documents(store))
        assert json.loads(exported[0]["entities"]) == entities_dict(doc)
        # replace_extraction writes the same form
        store.replace_extraction([store.get_document("s1")])
        assert entities_dict(store.get_document("s1")) == entities_dict(doc)


def test_documents_cross_the_pool_pipes_unchanged() -> None:
    # ingest workers send documents back with cls(*fields) instead of the dataclass state
    # protocol (marsad.pipeline._fast_records): every record must come back equal, and the
    # entities serialized in the worker (marsad.store.db.prepare) must be what the writer makes
    import pickle
    from multiprocessing.reduction import ForkingPickler

    from marsad.pipeline import _fast_records
    from marsad.store.db import _doc_row, _now, prepare

    doc = _doc()
    assert doc.actors and doc.removed is not None
    _fast_records()
    back = pickle.loads(ForkingPickler.dumps(doc))
    assert back == doc and type(back.events[0].source) is type(doc.events[0].source)
    prep = prepare(doc)
    now = _now()
    assert _doc_row(doc, None, now, events=prep.events, entities=prep.entities)["entities"].text == \
        _doc_row(doc, None, now)["entities"].text
    # a worker's text past the threshold is stored compressed, as the writer would store it
    big = _doc_row(doc, None, now, events=prep.events, compress_at=10, entities=prep.entities)["entities"]
    assert isinstance(big, serialize.JSONBlob) and big.text == prep.entities
