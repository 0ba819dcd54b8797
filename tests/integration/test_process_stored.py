"""Deferred extraction: ingest --no-extract stores documents only; process_stored (marsad
process) extracts them later, alone or in worker processes, and --all redoes everything —
with the same results as extracting while ingesting, nothing lost and nothing doubled."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from marsad.pipeline import ingest, process_stored
from marsad.serialize import entities_dict
from marsad.settings import Settings
from marsad.store.db import Store
from marsad.store.schema import canonical_events, documents, events, person_mentions

from ..conftest import SAMPLES


def snapshot(store: Store) -> dict[str, Any]:
    """Everything extraction and merging produced, without ids and timestamps."""
    def clean(e: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in e.items() if k not in ("event_id", "first_stored")}, sort_keys=True,
                          ensure_ascii=False)

    with store.engine.connect() as conn:
        n = {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
             for t in (documents, events, canonical_events, person_mentions)}
        orphans = conn.execute(
            sa.select(sa.func.count()).select_from(canonical_events).where(
                ~sa.exists().where(events.c.canonical_id == canonical_events.c.id))
        ).scalar_one()
    return {
        "counts": n,
        "orphans": orphans,
        "events": sorted(clean(e) for e in store.list_canonical_events(modalities=None)),
        "persons": sorted((p["name"], p["documents"]) for p in store.list_persons()),
        "entities": sorted(json.dumps(entities_dict(store.get_document(d["doc_id"])), sort_keys=True, ensure_ascii=False)
                           for d in conn_doc_ids(store)),
    }


def conn_doc_ids(store) -> list[dict]:
    with store.engine.connect() as conn:
        return [{"doc_id": d} for d in conn.execute(sa.select(documents.c.doc_id)).scalars()]


def test_deferred_extraction_gives_what_ingest_gives(db: str, tmp_path) -> None:
    direct_db = str(tmp_path / "direct.db")
    with Store.open(direct_db) as direct:
        ingest([str(SAMPLES)], direct, Settings(db=direct_db))
        want = snapshot(direct)
    assert want["counts"]["events"] > 10 and want["orphans"] == 0
    with Store.open(db) as store:
        settings = Settings(db=db, extract=False)
        report = ingest([str(SAMPLES)], store, settings)
        assert report.stored == want["counts"]["documents"] and report.events == 0
        assert store.count_pending() == report.stored and store.count_events() == 0
        done = process_stored(store, settings, batch=3)
        assert done.documents == report.stored and not done.failed
        assert store.count_pending() == 0
        assert snapshot(store) == want
        # nothing left to do: a second run touches nothing
        assert process_stored(store, settings).documents == 0
        # --all: extract everything again, replacing (not adding to) the earlier results
        again = process_stored(store, settings, redo=True, batch=4)
        assert again.documents == report.stored
        assert snapshot(store) == want


def test_worker_processes_give_the_same_results(tmp_path) -> None:
    results = []
    for name, jobs, deferred in (("one", 1, True), ("two", 2, True), ("ingest-two", 2, False)):
        path = str(tmp_path / f"{name}.db")
        with Store.open(path) as store:
            settings = Settings(db=path, extract=not deferred, jobs=jobs, batch_size=4)
            ingest([str(SAMPLES)], store, settings)
            if deferred:
                process_stored(store, settings)
            results.append(snapshot(store))
    assert results[0] == results[1] == results[2]
