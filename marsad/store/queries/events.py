"""Merged (canonical) events: the filters of ``marsad events`` as one SQL query, paged.

Reusable by the API, the dashboard, exports and the command line::

    f = EventFilter(country="EGY", root="04", since="2018-01-01")
    page = list_events(conn, f, limit=50, offset=0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from ...lexicon.events import event_codes
from ..schema import canonical_events as ce
from ..schema import documents, event_facets, event_list, events
from . import search
from .common import Page, QueryError, check_day, count

MODALITIES = ("realized", "planned", "negated", "cancelled", "conditional", "hypothetical")
DEFAULT_MODALITIES = ("realized", "planned")
SORTS = ("date", "-date", "-articles")
_SIDE = re.compile(r"[A-Z]{3}(?:[A-Z]{0,12})")
_CODE = re.compile(r"\d{2,4}")


@cache
def plover_types() -> tuple[str, ...]:
    return tuple(sorted({ec.plover_type for ec in event_codes().values() if ec.plover_type}))


def _side(value: str | None, name: str) -> str | None:
    if not value:
        return None
    v = value.strip().upper()
    if not _SIDE.fullmatch(v):
        raise QueryError(f"{name} must be an ISO-3 country code, an IGO code such as IGOUNO or an actor type "
                         f"such as INS, not {value!r}", name)
    return v


@dataclass(slots=True)
class EventFilter:
    """Filters of a list of merged events (all optional).

    ``country``: either party; ``pair``: both parties, either direction; ``code``: a CAMEO code
    or its prefix; ``root``; ``quad_class`` 1..4; ``plover`` type; ``topic``; ``modalities``
    (default realized and planned; empty: all); ``since``/``until``: the event's date range
    overlaps them; ``min_articles``; ``outlet``: reported by this outlet; ``q``: reported by an
    article matching this full-text query; ``doc_id``: reported by this document."""

    country: str | None = None
    pair: tuple[str, str] | None = None
    code: str | None = None
    root: str | None = None
    quad_class: int | None = None
    plover: str | None = None
    topic: str | None = None
    modalities: tuple[str, ...] | None = DEFAULT_MODALITIES
    since: str | None = None
    until: str | None = None
    min_articles: int = 1
    outlet: str | None = None
    q: str | None = None
    doc_id: str | None = None

    def checked(self) -> "EventFilter":
        """The same filter with codes upper-cased and every value validated (QueryError)."""
        f = EventFilter(**{k: getattr(self, k) for k in self.__slots__})  # type: ignore[attr-defined]
        f.country = _side(f.country, "country")
        if f.pair is not None:
            if len(f.pair) != 2:
                raise QueryError("pair must be two codes: 'EGY,ITA'", "pair")
            f.pair = (_side(f.pair[0], "pair") or "", _side(f.pair[1], "pair") or "")
        if f.code and not _CODE.fullmatch(f.code):
            raise QueryError(f"code must be a CAMEO code (2 to 4 digits), not {f.code!r}", "code")
        if f.root:
            if not re.fullmatch(r"\d{1,2}", f.root) or not 1 <= int(f.root) <= 20:
                raise QueryError(f"root must be a CAMEO root 01..20, not {f.root!r}", "root")
            f.root = f.root.zfill(2)
        if f.quad_class is not None and f.quad_class not in (1, 2, 3, 4):
            raise QueryError("quad_class must be 1, 2, 3 or 4", "quad_class")
        if f.plover:
            f.plover = f.plover.upper()
            if f.plover not in plover_types():
                raise QueryError(f"plover must be one of {', '.join(plover_types())}", "plover")
        if f.modalities:
            bad = [m for m in f.modalities if m not in MODALITIES]
            if bad:
                raise QueryError(f"modality must be among {', '.join(MODALITIES)}, not {bad[0]!r}", "modality")
        f.since = check_day(f.since, "since")
        f.until = check_day(f.until, "until")
        if f.min_articles < 1:
            raise QueryError("min_articles must be at least 1", "min_articles")
        if f.topic is not None and not re.fullmatch(r"[a-z_:-]{1,40}", f.topic):
            raise QueryError(f"topic must be a topic name such as terrorism, not {f.topic!r}", "topic")
        if f.q is not None:
            search.terms(f.q)
        return f


def where(conn: sa.Connection, q: Any, f: EventFilter) -> Any:
    """Add the filters of ``f`` (already :meth:`EventFilter.checked`) to a SELECT over
    ``event_list`` (the narrow copy of canonical_events that :mod:`marsad.store.derived` keeps)."""
    c = event_list.c
    # either side: a union of two index lookups (an OR lets the planner pick a worse index)
    if f.country:
        q = q.where(c.id.in_(sa.union(sa.select(c.id).where(c.source_side == f.country),
                                      sa.select(c.id).where(c.target_side == f.country))))
    if f.pair:
        a, b = f.pair
        q = q.where(c.id.in_(sa.union(sa.select(c.id).where(c.source_side == a, c.target_side == b),
                                      sa.select(c.id).where(c.source_side == b, c.target_side == a))))
    if f.code:
        q = q.where(c.code.startswith(f.code, autoescape=True))
    if f.root:
        q = q.where(c.root == f.root)
    if f.quad_class is not None:
        q = q.where(c.quad_class == f.quad_class)
    if f.plover:
        q = q.where(c.plover_type == f.plover)
    if f.modalities:
        q = q.where(c.modality.in_(list(f.modalities)))
    if f.since:
        q = q.where(c.date.is_not(None), c.date >= sa.func.substr(f.since, 1, sa.func.length(c.date)))
    if f.until:
        q = q.where(c.date.is_not(None), c.date <= sa.func.substr(f.until, 1, sa.func.length(c.date)))
    if f.min_articles > 1:
        q = q.where(c.num_articles >= f.min_articles)
    mentions = sa.select(events.c.canonical_id).where(events.c.canonical_id.is_not(None))
    fc = event_facets.c
    if f.topic:
        q = q.where(c.id.in_(sa.select(fc.canonical_id).where(fc.kind == "topic", fc.value == f.topic)))
    if f.outlet:
        q = q.where(c.id.in_(sa.select(fc.canonical_id).where(fc.kind == "outlet", fc.value == f.outlet)))
    if f.doc_id:
        q = q.where(c.id.in_(mentions.join(documents, documents.c.id == events.c.document_id)
                             .where(documents.c.doc_id == f.doc_id)))
    if f.q:
        q = q.where(c.id.in_(mentions.where(events.c.document_id.in_(search.match_ids(conn.dialect.name, f.q)))))
    return q


def _order(q: Any, sort: str) -> Any:
    c = event_list.c
    if sort == "date":
        return q.order_by(c.date.asc().nulls_last(), c.id)
    if sort == "-articles":
        return q.order_by(c.num_articles.desc(), c.date.desc().nulls_last(), c.id.desc())
    return q.order_by(c.date.desc().nulls_last(), c.id.desc())


def _item(r: Any) -> dict[str, Any]:
    rec = dict(r.record)
    rec.pop("mentions", None)
    return {"event_id": r.id, **rec}


def list_events(conn: sa.Connection, f: EventFilter, *, limit: int = 50, offset: int = 0, sort: str = "-date",
                with_total: bool = True) -> Page:
    """One page of merged events matching ``f`` (records without their mentions list)."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")
    f = f.checked()
    q = where(conn, sa.select(event_list.c.id), f)
    total = count(conn, q) if with_total else -1
    ids = list(conn.execute(_order(q, sort).limit(limit).offset(offset)).scalars())  # ids first: no records sorted
    rows = {r.id: r for r in conn.execute(sa.select(ce.c.id, ce.c.record).where(ce.c.id.in_(ids)))} if ids else {}
    return Page([_item(rows[i]) for i in ids if i in rows], total, limit, offset)


def get_event(conn: sa.Connection, event_id: int) -> dict[str, Any] | None:
    """One merged event with every mention: its document's title, outlet and publication date,
    the trigger, evidence and actors with their offsets in that document."""
    row = conn.execute(sa.select(ce.c.id, ce.c.record).where(ce.c.id == event_id)).first()
    if row is None:
        return None
    out = {"event_id": row.id, **row.record}
    reports = conn.execute(
        sa.select(events.c.record, documents.c.doc_id, documents.c.title, documents.c.outlet, documents.c.published)
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.canonical_id == event_id)
        .order_by(documents.c.published, documents.c.doc_id, events.c.sentence)
    ).all()
    out["mentions"] = [
        {"doc_id": r.doc_id, "title": r.title, "outlet": r.outlet, "published": r.published, **{
            k: r.record.get(k) for k in ("code", "sentence", "date", "date_basis", "modality", "source", "target",
                                         "trigger", "evidence", "location")}}
        for r in reports
    ]
    return out


def location_point(record: dict[str, Any]) -> tuple[float, float] | None:
    """The coordinates of an event's location when the record carries them (a location dict
    with ``lat``/``lon``), else None."""
    loc = record.get("location")
    if isinstance(loc, dict):
        try:
            lat, lon = float(loc["lat"]), float(loc["lon"])
        except (KeyError, TypeError, ValueError):
            return None
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    return None
