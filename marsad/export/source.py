"""Rows of the export tables read from a store, streamed: server-side cursors on PostgreSQL
(``stream_results``), a plain cursor on SQLite, fetched :data:`PAGE` rows at a time, so
memory stays constant whatever the table's size."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..store.db import Store, _dated, _event_filters
from ..store.schema import (canonical_events, documents, events, person_mentions, persons, stories,
                            story_members)
from .tables import document_row, event_row, mention_row, person_row, story_row

__all__ = ["Filters", "iter_documents", "iter_events", "iter_mentions", "iter_persons", "iter_stories"]

PAGE = 1000


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of ``marsad events`` (see :meth:`marsad.store.db.Store.list_events`)."""

    country: str | None = None
    pair: tuple[str, str] | None = None
    code: str | None = None
    root: str | None = None
    since: str | None = None
    until: str | None = None
    topic: str | None = None
    modalities: Sequence[str] | None = ("realized", "planned")
    min_articles: int = 1

    def sql(self, q: Any, table: sa.Table) -> Any:
        return _event_filters(q, table, country=self.country, pair=self.pair, code=self.code, root=self.root,
                              modalities=self.modalities)


def _stream(store: Store, q: Any) -> Iterator[list[Any]]:
    """Pages of rows of ``q`` from a server-side cursor."""
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=PAGE).execute(q)
        yield from result.partitions(PAGE)


def _doc_info(store: Store, doc_ids: set[str]) -> dict[str, tuple[str | None, str | None]]:
    """doc_id → (url, published) for one page."""
    out: dict[str, tuple[str | None, str | None]] = {}
    ids = sorted(doc_ids)
    with store.engine.connect() as conn:
        for i in range(0, len(ids), PAGE):
            q = sa.select(documents.c.doc_id, documents.c.url, documents.c.published).where(
                documents.c.doc_id.in_(ids[i : i + PAGE]))
            out.update((r.doc_id, (r.url, r.published)) for r in conn.execute(q))
    return out


def _source_url(doc_ids: Sequence[str], info: dict[str, tuple[str | None, str | None]]) -> str | None:
    best = sorted(((info[d][1] or "9999", d), info[d][0]) for d in doc_ids if d in info and info[d][0])
    return best[0][1] if best else None


def iter_events(store: Store, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Merged events (one row per real-world event), oldest first."""
    ce = canonical_events
    q = sa.select(ce.c.id, ce.c.record, ce.c.date).order_by(ce.c.date.is_(None), ce.c.date, ce.c.id)
    q = f.sql(q, ce)
    if f.min_articles > 1:
        q = q.where(ce.c.num_articles >= f.min_articles)
    for page in _stream(store, q):
        rows = list(_dated(page, f.since, f.until, f.topic))
        info = _doc_info(store, {d for r in rows for d in (r.record.get("doc_ids") or [])})
        for r in rows:
            rec = r.record
            lead = rec.get("date_from") or next(iter(rec.get("doc_ids") or []), None)
            yield event_row(r.id, rec, lead_doc_id=lead, source_url=_source_url(rec.get("doc_ids") or [], info))


def iter_mentions(store: Store, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Event mentions (one row per document's report), oldest first."""
    q = (sa.select(events.c.id, events.c.canonical_id, events.c.record, events.c.date, events.c.block,
                   documents.c.doc_id, documents.c.published, documents.c.outlet)
         .join(documents, documents.c.id == events.c.document_id)
         .order_by(events.c.date.is_(None), events.c.date, events.c.id))
    q = f.sql(q, events)
    if f.min_articles > 1:
        q = q.join(canonical_events, canonical_events.c.id == events.c.canonical_id).where(
            canonical_events.c.num_articles >= f.min_articles)
    for page in _stream(store, q):
        for r in _dated(page, f.since, f.until, f.topic):
            yield mention_row(r.record, mention_id=r.id, event_id=r.canonical_id, doc_id=r.doc_id,
                              published=r.published, outlet=r.outlet, block=r.block)


def iter_documents(store: Store, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Documents (with their original text and entities), by publication date; ``since`` /
    ``until`` filter on it."""
    d = documents
    q = sa.select(d).order_by(d.c.published.is_(None), d.c.published, d.c.id)
    if f.since:
        q = q.where(d.c.published >= f.since)
    if f.until:
        q = q.where(d.c.published <= f.until)
    for page in _stream(store, q):
        for r in page:
            m = r._mapping
            yield document_row({**m, "entities": m["entities"]})


def iter_persons(store: Store, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Named persons, one row per person and document; ``country`` filters on the person's
    country, ``since`` / ``until`` on publication."""
    pm, p, d = person_mentions, persons, documents
    q = (sa.select(p.c.key, pm.c.name, pm.c.role, pm.c.title, pm.c.country, pm.c.spans, d.c.doc_id, d.c.published)
         .join(p, p.c.id == pm.c.person_id).join(d, d.c.id == pm.c.document_id).order_by(pm.c.id))
    if f.country:
        q = q.where(pm.c.country == f.country)
    if f.since:
        q = q.where(d.c.published >= f.since)
    if f.until:
        q = q.where(d.c.published <= f.until)
    for page in _stream(store, q):
        for r in page:
            yield person_row({"key": r.key, "name": r.name, "role": r.role, "title": r.title, "country": r.country,
                              "spans": r.spans}, doc_id=r.doc_id, published=r.published)


def iter_stories(store: Store, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Stories with their documents (every story, lone documents included), by first
    publication; ``since`` / ``until`` filter on the last / first publication day."""
    s = stories
    q = sa.select(s.c.id).order_by(s.c.first_published.is_(None), s.c.first_published, s.c.id)
    if f.since:
        q = q.where(s.c.last_published >= f.since)
    if f.until:
        q = q.where(s.c.first_published <= f.until)
    for page in _stream(store, q):
        ids = [r.id for r in page]
        members: dict[int, list[tuple[str, str | None, str | None]]] = {}
        with store.engine.connect() as conn:
            for r in conn.execute(sa.select(story_members.c.story_id, documents.c.doc_id, documents.c.published,
                                            documents.c.outlet)
                                  .join(documents, documents.c.id == story_members.c.document_id)
                                  .where(story_members.c.story_id.in_(ids))):
                members.setdefault(r.story_id, []).append((r.doc_id, r.published, r.outlet))
        for sid in ids:
            ms = members.get(sid, [])
            yield story_row(sid, [m[0] for m in ms], [m[1] for m in ms], [m[2] for m in ms])
