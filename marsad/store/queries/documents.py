"""Documents: a paged list with filters, and one document with every extracted field."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ...pipeline import document_json
from ...serialize import event_key
from ..db import _row_doc
from ..schema import canonical_events, doc_list, documents, events
from . import search
from .common import Page, QueryError, check_day, count

SORTS = ("-published", "published", "relevance")


def list_documents(conn: sa.Connection, *, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, q: str | None = None, sort: str = "-published",
                   limit: int = 50, offset: int = 0) -> Page:
    """Documents (doc_id, title, outlet, published, chars, events). With ``q``: those matching
    the full-text query, best first unless ``sort`` says otherwise (``relevance`` needs ``q``),
    each with a ``snippet`` around the first match."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")
    if sort == "relevance" and not q:
        raise QueryError("sort=relevance needs a search query q", "sort")
    since, until = check_day(since, "since"), check_day(until, "until")
    c = doc_list.c  # the narrow copy (marsad.store.derived); the texts are read for the page only
    filtered = outlet or since or until
    if q and (sort == "relevance" or not filtered) and sort != "published":
        if not filtered:
            ids, total = search.ranked_ids(conn, q, limit, offset)
            return Page(_rows(conn, ids, q), total, limit, offset)
    base = sa.select(c.id)
    if outlet:
        base = base.where(c.outlet == outlet)
    if since:
        base = base.where(c.published >= since)
    if until:
        base = base.where(c.published <= until)
    if q:
        base = base.where(c.id.in_(search.match_ids(conn.dialect.name, q)))
    total = count(conn, base)
    order = (c.published.asc().nulls_last(), c.id) if sort == "published" else (
        c.published.desc().nulls_last(), c.id.desc())
    ids = list(conn.execute(base.order_by(*order).limit(limit).offset(offset)).scalars())
    return Page(_rows(conn, ids, q), total, limit, offset)


def _rows(conn: sa.Connection, ids: list[int], q: str | None) -> list[dict[str, Any]]:
    if not ids:
        return []
    c = documents.c
    cols = [c.id, c.doc_id, c.title, c.outlet, c.published, c.url, sa.func.length(c.text).label("chars")]
    if q:
        cols += [c.text, c.body]
    rows = {r.id: r for r in conn.execute(sa.select(*cols).where(c.id.in_(ids)))}
    n_events = dict(conn.execute(sa.select(events.c.document_id, sa.func.count()).where(
        events.c.document_id.in_(ids)).group_by(events.c.document_id)).all())
    out = []
    for pk in ids:
        r = rows.get(pk)
        if r is None:
            continue
        item = {"doc_id": r.doc_id, "title": r.title, "outlet": r.outlet, "published": r.published, "url": r.url,
                "chars": r.chars, "events": int(n_events.get(pk, 0))}
        if q:
            item["snippet"] = search.snippet(r.text, r.body, q)
        out.append(item)
    return out


def get_document(conn: sa.Connection, doc_id: str) -> dict[str, Any] | None:
    """One document as ``marsad extract`` prints it, plus ``text`` (the original, which every
    offset refers to), ``extracted``, each event's merged ``event_id`` and the ``num_articles``
    of that merged event."""
    row = conn.execute(sa.select(documents).where(documents.c.doc_id == doc_id)).mappings().first()
    if row is None:
        return None
    doc = _row_doc(row)
    data = document_json(doc)
    data["text"] = doc.text
    data["extracted"] = row["entities"] is not None
    reports = conn.execute(sa.select(events.c.record, events.c.canonical_id).where(events.c.document_id == row["id"])).all()
    ids = {event_key(doc.doc_id, r.record): r.canonical_id for r in reports}
    merged = dict(conn.execute(sa.select(canonical_events.c.id, canonical_events.c.num_articles).where(
        canonical_events.c.id.in_([i for i in ids.values() if i is not None]))).all()) if ids else {}
    for ev in data["events"]:
        ev["event_id"] = ids.get(event_key(doc.doc_id, ev))
        ev["num_articles"] = merged.get(ev["event_id"])
    return data


def outlets(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every outlet with its number of documents (most first)."""
    c = doc_list.c
    rows = conn.execute(sa.select(c.outlet, sa.func.count()).where(c.outlet.is_not(None)).group_by(c.outlet)
                        .order_by(sa.func.count().desc(), c.outlet)).all()
    return [{"outlet": o, "documents": int(n)} for o, n in rows]
