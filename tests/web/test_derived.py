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
from marsad.store.schema import doc_list, event_facets, event_list, event_summary, person_summary

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
