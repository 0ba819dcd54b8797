"""``marsad load DIR``: store a batch result in a database (SQLite or PostgreSQL).

Documents are read back from the ``documents`` table (original text, spans, removed lines,
entities — everything ``marsad ingest`` would have stored) and written through
:meth:`marsad.store.db.Store.write_batch`, then given stories and merged events by the
store's own incremental path — so a loaded database is one ``marsad ingest`` could have
built, and loading twice stores nothing new (identity is the text's hash). Rejections are
stored with their reasons.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..export.parquet import dataset
from ..model import Document, RemovedLine, Rejection, Span
from ..serialize import load_entities
from ..store.db import Store
from ..stories import assign_stories

__all__ = ["LoadReport", "load_batch"]


@dataclass(slots=True)
class LoadReport:
    read: int = 0
    stored: int = 0
    present: int = 0
    rejections: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "stored": self.stored, "already_present": self.present,
                "rejections": self.rejections}


def _document(r: dict[str, Any]) -> Document:
    doc = Document(
        doc_id=r["doc_id"], text=r["text"], content_hash=r["content_hash"], source=r["source"] or "", fmt=r["fmt"] or "",
        body=[Span(s, e) for s, e in r["body"] or []], removed=[RemovedLine(**x) for x in r["removed"] or []],
        paragraphs=[Span(s, e) for s, e in r["paragraphs"] or []],
        sentences=[Span(s, e) for s, e in r["sentences"] or []], title=r["title"], url=r["url"], outlet=r["outlet"],
        author=r["author"], published=r["published"], published_time=r["published_time"],
        published_from=r["published_from"], encoding=r["encoding"], line=r["line"],
        meta=json.loads(r["meta"] or "{}"), warnings=list(r["warnings"] or []),
    )
    load_entities(doc, json.loads(r["entities"]) if r["entities"] else None)
    return doc


def load_batch(out: str, store: Store, *, batch: int = 500, on_doc: Callable[[int], None] | None = None) -> LoadReport:
    """Store the batch result under ``out`` in ``store`` (see the module docstring)."""
    root = Path(out)
    if not (root / "documents").exists():
        raise FileNotFoundError(f"{out}: no 'documents' table here; is it the --out folder of 'marsad batch'?")
    report = LoadReport()
    run_id = store.begin_run([str(root)])
    for rb in dataset(root / "documents").to_batches(batch_size=batch):
        docs = [_document(r) for r in rb.to_pylist()]
        report.read += len(docs)
        res = store.write_batch(docs, [], run_id)
        report.stored += len(res.stored)
        report.present += len(res.present)
        if res.stored:
            stored = set(res.stored)
            written = [d for d in docs if d.doc_id in stored]
            assign_stories(store, written)
            store.merge_events(written)
        if on_doc is not None:
            on_doc(len(docs))
    rej_path = root / "rejections.parquet"
    if rej_path.exists():
        rejected = [Rejection(r["source"] or "", r["line"], r["stage"], r["code"], r["message"])
                    for r in dataset(rej_path).to_table(columns=["source", "line", "stage", "code", "message"]).to_pylist()]
        for i in range(0, len(rejected), batch):
            store.write_batch([], rejected[i : i + batch], run_id)
        report.rejections = len(rejected)
    store.finish_run(run_id, read=report.read + report.rejections, stored=report.stored, present=report.present,
                     rejected=report.rejections)
    return report
