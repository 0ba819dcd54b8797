"""The derived tables (marsad.store.derived) that the API reads are kept current by ingest:
after an ingest in many small batches they equal a rebuild from scratch, on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad.pipeline import ingest
from marsad.settings import Settings
from marsad.store import derived
from marsad.store.db import Store
from marsad.store.schema import doc_list, documents, event_facets, event_list, event_summary, person_summary

from ..conftest import SAMPLES
from .conftest import extra_records


def snapshot(engine: sa.Engine) -> dict[str, list[tuple]]:
    out = {}
    with engine.connect() as conn:
        for t in (event_summary, event_list, event_facets, person_summary, doc_list):
            cols = [c for c in t.c if c.name != "id" or t is event_list or t is doc_list]
            rows = conn.execute(sa.select(*cols)).all()
            out[t.name] = sorted((tuple(json.dumps(v, sort_keys=True, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                                        for v in r) for r in rows), key=repr)
        col = "rowid" if conn.dialect.name == "sqlite" else "document_id"
        out["doc_search"] = sorted(conn.execute(sa.text(f"SELECT {col} FROM doc_search")).scalars())
    return out


def test_incremental_equals_rebuild(db: str, tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra_records()), encoding="utf-8")
    with Store.open(db) as store:
        ingest([str(SAMPLES), str(extra)], store, Settings(db=db, batch_size=4))
        with store.engine.connect() as conn:
            n_docs = conn.execute(sa.text("SELECT count(*) FROM documents")).scalar()
            n_events = conn.execute(sa.text("SELECT count(*) FROM canonical_events")).scalar()
            summed = conn.execute(sa.text("SELECT sum(events) FROM event_summary")).scalar()
        kept = snapshot(store.engine)
        assert len(kept["doc_search"]) == len(kept["doc_list"]) == n_docs
        assert len(kept["event_list"]) == n_events == summed
        derived.refresh(store.engine)
        assert snapshot(store.engine) == kept
        assert derived.catch_up(store.engine) == {"indexed": 0, "summarized": 0}


def test_catch_up_fills_a_database_written_without_the_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "old.db")
    monkeypatch.setattr(derived, "update", lambda *a, **k: None)  # as an ingest before the observatory
    with Store.open(db) as store:
        ingest([str(SAMPLES)], store, Settings(db=db))
        assert snapshot(store.engine)["event_list"] == []
    monkeypatch.undo()
    with Store.open(db) as store:
        did = derived.catch_up(store.engine)
        assert did["indexed"] > 10 and did["summarized"] > 10
        got = snapshot(store.engine)
        derived.refresh(store.engine)
        assert snapshot(store.engine) == got


def test_the_search_index_holds_the_folded_text_whether_passed_through_or_read_back(db: str, tmp_path: Path) -> None:
    """Ingest indexes each new document with the (title, body) its extraction built
    (Document.search_view, cut from the normalized view); that is exactly what folding the
    stored document gives (derived.search_text on the row read back)."""
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra_records()), encoding="utf-8")
    passed: list[int] = []
    real_index = derived._index

    def spy(conn, pks, views=None):  # type: ignore[no-untyped-def]
        passed.extend(views or {})
        return real_index(conn, pks, views)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(derived, "_index", spy)
        with Store.open(db) as store:
            ingest([str(SAMPLES), str(extra)], store, Settings(db=db, batch_size=4))
    with Store.open(db) as store, store.engine.begin() as conn:
        docs = conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.body, documents.c.title)).all()
        assert docs and sorted(passed) == sorted(r.id for r in docs)  # none was read back
        if conn.dialect.name == "sqlite":  # contentless FTS5: compare every indexed token and position
            conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.want USING fts5(title, body, content='', "
                                 "tokenize='unicode61 remove_diacritics 0')")
            for r in docs:
                title, body = derived.search_text(r.text, r.body, r.title)
                conn.execute(sa.text("INSERT INTO temp.want (rowid, title, body) VALUES (:pk, :t, :b)"),
                             {"pk": r.id, "t": title, "b": body})
            conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.got_v USING fts5vocab(main, doc_search, instance)")
            conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.want_v USING fts5vocab(temp, want, instance)")
            got = conn.exec_driver_sql("SELECT term, doc, col, offset FROM temp.got_v ORDER BY 1, 2, 3, 4").all()
            want = conn.exec_driver_sql("SELECT term, doc, col, offset FROM temp.want_v ORDER BY 1, 2, 3, 4").all()
            assert len(got) > 1000 and got == want
        else:
            for r in docs:
                title, body = derived.search_text(r.text, r.body, r.title)
                same = conn.execute(sa.text(
                    "SELECT tsv = setweight(to_tsvector('simple', :t), 'A') || setweight(to_tsvector('simple', :b), 'B') "
                    "FROM doc_search WHERE document_id = :pk"), {"pk": r.id, "t": title, "b": body}).scalar()
                assert same, r.id
