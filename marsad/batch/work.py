"""The unit of work of a batch run: one raw input becomes one :class:`Built` (or a rejection
row), with no database in the loop.

It is :func:`marsad.pipeline.build_document` — the very function ``marsad ingest`` runs —
followed by what the store would otherwise compute per document: the rows of the
documents / mentions / persons tables, the story fingerprint and its LSH band keys
(:mod:`marsad.stories`). Everything here is picklable, so any engine (a process pool,
Spark executors) can run it.

Ordinals: every input item gets ``ordinal = file_index << 32 | record_number`` (files in the
order ``marsad ingest`` reads them). Ordinals stand in for the database's row ids: the
merge rule breaks ties by mention id, and a batch run must break them as ingest does, so
a mention's id is ``ordinal << 12 | index`` (at most 4,096 events per document).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ..store.canon import cached_person_key as _pkey
from ..store.canon import symmetric_code as _symmetric
from ..model import Document, RawDoc, Rejection, actor_side, content_hash
from ..pipeline import build_document, document_json
from ..export.tables import document_row
from ..serialize import entities_json, to_dict
from ..stories.events import Mention, block_key
from ..stories.index import band_keys
from ..stories.minhash import Fingerprint, fingerprint

__all__ = ["Built", "MAX_EVENTS", "build", "mention_id", "mentions_of", "rejection_row"]

MAX_EVENTS = 1 << 12


def mention_id(ordinal: int, index: int) -> int:
    if index >= MAX_EVENTS:
        raise ValueError(f"a document with more than {MAX_EVENTS} events")
    return (ordinal << 12) | index


@dataclass(slots=True)
class Built:
    """One document built by the pipeline, as the batch steps need it."""

    ordinal: int
    doc_id: str
    content_hash: str
    published: str | None
    outlet: str | None
    url: str | None
    doc: dict[str, Any]  # its row of the documents table (tables.document_row), entities as JSON text
    events: list[dict[str, Any]] = field(default_factory=list)  # event records (as marsad extract)
    persons: list[dict[str, Any]] = field(default_factory=list)
    shingles: int = 0
    signature: bytes = b""
    passages: bytes = b""
    words: int = 0
    vocabulary: bytes = b""
    keys: list[int] = field(default_factory=list)  # LSH band keys

    def fingerprint(self) -> Fingerprint:
        return Fingerprint.from_bytes(self.shingles, self.signature, self.passages, self.words, self.vocabulary)

    def rename(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.doc["doc_id"] = doc_id


def renamed_id(b: Built) -> str:
    """The doc_id the store gives a new text whose doc_id is taken (Store.write_batch)."""
    from ..store.db import MAX_DOC_ID

    return f"{b.doc_id[: MAX_DOC_ID - 9]}~{b.content_hash[:8]}"


def rejection_row(rej: Rejection) -> dict[str, Any]:
    return {"source": rej.source, "line": rej.line, "stage": rej.stage, "code": rej.code, "message": rej.message}


def _document_row(doc: Document, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The documents-table row, made in the worker: the entities go out as one JSON text
    written record by record (:func:`marsad.serialize.entities_json`), never as a dict tree
    to pickle to the driver."""
    d = document_json(doc)
    for kind in ("dates", "persons", "events", "places", "actors"):
        del d[kind]
    d.update(text=doc.text, body=d.pop("body_spans"), meta=doc.meta, encoding=doc.encoding, entities=None)
    row = document_row(d)
    row["entities"] = entities_json(doc, ensure_ascii=False, events=events)
    row["num_events"] = len(events)
    return row


def build(ordinal: int, raw: RawDoc | Rejection) -> Built | dict[str, Any]:
    """Run the pipeline on one input: a :class:`Built`, or a rejection row (reader
    rejections pass through; a failure inside the pipeline is recorded, not raised)."""
    if isinstance(raw, Rejection):
        return rejection_row(raw)
    try:
        doc = build_document(raw, text_hash=content_hash(raw.text))
        if isinstance(doc, Rejection):
            return rejection_row(doc)
        if len(doc.events) > MAX_EVENTS:
            raise ValueError(f"{len(doc.events)} events in one document (at most {MAX_EVENTS})")
        fp = fingerprint(doc.text, doc.sentences or doc.paragraphs or doc.body, doc.paragraphs)
    except Exception as exc:  # one document's failure must not stop the run
        return rejection_row(Rejection(raw.source, raw.line, "extract", errors.EXTRACT_ERROR,
                                       f"the pipeline failed: {type(exc).__name__}: {exc}"))
    events = [to_dict(e) for e in doc.events]
    return Built(
        ordinal=ordinal, doc_id=doc.doc_id, content_hash=doc.content_hash, published=doc.published,
        outlet=doc.outlet, url=doc.url, doc=_document_row(doc, events), events=events,
        persons=[to_dict(p) for p in doc.persons],
        shingles=fp.shingles, signature=fp.signature_bytes(), passages=fp.passage_bytes(), words=fp.words,
        vocabulary=fp.vocabulary_bytes(), keys=band_keys(fp),
    )


def mentions_of(b: Built) -> list[tuple[str, Mention]]:
    """(block, Mention) of each event of a built document, as the store would read them back
    (marsad.store.canon)."""
    out = []
    for i, rec in enumerate(b.events):
        src, tgt = rec.get("source") or {}, rec.get("target")
        s, t = actor_side(src) or "", actor_side(tgt)  # the store keeps "" for a source with neither
        m = Mention(
            id=mention_id(b.ordinal, i), doc=b.ordinal, code=rec["code"], source=s, target=t,
            date=rec.get("date"), precision=rec.get("date_precision") or "none",
            basis=rec.get("date_basis") or "none", modality=rec.get("modality") or "realized",
            symmetric=_symmetric(rec["code"]), source_person=_pkey(src.get("person")),
            target_person=_pkey((tgt or {}).get("person")), published=b.published, outlet=b.outlet,
            count=int(rec.get("mentions") or 1), confidence=float(rec.get("confidence") or 0.0),
        )
        out.append((block_key(rec["root"], s, t), m))
    return out


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
