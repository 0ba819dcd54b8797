"""Aggregates over merged events, read from the ``event_summary`` table (kept current by
:mod:`marsad.store.derived`): the timeline, the actor network, a country/IGO dossier, the
overview, and map points. None of these scan the events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from ..schema import event_summary as es
from ..schema import doc_list, person_summary, persons
from . import names
from .common import QueryError, check_day
from .events import DEFAULT_MODALITIES, MODALITIES, _side

INTERVALS = ("day", "week", "month")
GROUPS = ("quad", "root", "none")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def _common(q: Any, *, country: str | None, since: str | None, until: str | None,
            modalities: tuple[str, ...] | None, dated: bool) -> Any:
    since, until = check_day(since, "since"), check_day(until, "until")
    if modalities:
        bad = [m for m in modalities if m not in MODALITIES]
        if bad:
            raise QueryError(f"modality must be among {', '.join(MODALITIES)}, not {bad[0]!r}", "modality")
        q = q.where(es.c.modality.in_(list(modalities)))
    country = _side(country, "country")
    if country:
        q = q.where(sa.or_(es.c.a == country, es.c.b == country))
    if dated or since or until:
        q = q.where(es.c.day.is_not(None))
    if since:
        q = q.where(es.c.day >= sa.func.substr(since, 1, sa.func.length(es.c.day)))
    if until:
        q = q.where(es.c.day <= sa.func.substr(until, 1, sa.func.length(es.c.day)))
    return q


def _period(day: str, interval: str) -> str | None:
    if interval == "month":
        return day[:7] if len(day) >= 7 else None
    if len(day) != 10:
        return None
    if interval == "day":
        return day
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()  # the Monday of its ISO week


def timeline(conn: sa.Connection, *, interval: str = "day", by: str = "quad", country: str | None = None,
             since: str | None = None, until: str | None = None,
             modalities: tuple[str, ...] | None = DEFAULT_MODALITIES) -> dict[str, Any]:
    """Merged events per day, week (starting Monday) or month, split by QuadClass (``quad``),
    CAMEO root (``root``) or not at all, with Goldstein sums. Events dated only to a year (or
    a month, for days and weeks) are left out and counted in ``undated``."""
    if interval not in INTERVALS:
        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}", "interval")
    if by not in GROUPS:
        raise QueryError(f"by must be one of {', '.join(GROUPS)}", "by")
    key = {"quad": es.c.quad_class, "root": es.c.root, "none": sa.literal("all")}[by]
    q = sa.select(es.c.day, key.label("k"), sa.func.sum(es.c.events), sa.func.sum(es.c.goldstein)).group_by(es.c.day, key)
    q = _common(q, country=country, since=since, until=until, modalities=modalities, dated=False)
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    undated = 0
    for day, k, n, g in conn.execute(q):
        p = _period(day, interval) if day else None
        if p is None:
            undated += int(n)
            continue
        v = acc[(p, str(k))]
        v[0] += int(n)
        v[1] += float(g or 0)
    series = [{"period": p, "key": k, "label": QUADS.get(int(k), k) if by == "quad" else k,
               "events": int(v[0]), "goldstein": round(v[1], 2)} for (p, k), v in sorted(acc.items())]
    return {"interval": interval, "by": by, "series": series, "undated": undated,
            "periods": sorted({s["period"] for s in series})}


def network(conn: sa.Connection, *, since: str | None = None, until: str | None = None, country: str | None = None,
            min_events: int = 1, limit: int = 150, modalities: tuple[str, ...] | None = DEFAULT_MODALITIES,
            lang: str = "ar") -> dict[str, Any]:
    """The actor network: edges between two parties with their merged-event count, Goldstein
    sum and mean, and cooperation/conflict counts (the ``limit`` strongest edges); nodes with
    their names, kind (``state``, ``igo``, or ``type``: an actor type standing as a party of its
    own, a non-state actor of no known country such as ``INS``; never drawn as a state) and
    event totals."""
    if min_events < 1 or not 1 <= limit <= 1000:
        raise QueryError("min_events must be >= 1 and limit 1..1000", "limit")
    n = sa.func.sum(es.c.events).label("n")
    coop = sa.func.sum(sa.case((es.c.quad_class <= 2, es.c.events), else_=0)).label("coop")
    q = (sa.select(es.c.a, es.c.b, n, sa.func.sum(es.c.goldstein).label("g"), coop)
         .where(es.c.b.is_not(None), es.c.b != es.c.a).group_by(es.c.a, es.c.b)
         .having(sa.func.sum(es.c.events) >= min_events).order_by(n.desc(), es.c.a, es.c.b).limit(limit))
    q = _common(q, country=country, since=since, until=until, modalities=modalities, dated=False)
    edges, totals = [], defaultdict(int)
    for r in conn.execute(q):
        edges.append({"source": r.a, "target": r.b, "events": int(r.n), "goldstein": round(float(r.g or 0), 2),
                      "mean_goldstein": round(float(r.g or 0) / int(r.n), 2), "cooperation": int(r.coop),
                      "conflict": int(r.n) - int(r.coop)})
        totals[r.a] += int(r.n)
        totals[r.b] += int(r.n)
    nodes = [{"id": c, "name": names.name(c, lang), "kind": names.kind(c), "events": t}
             for c, t in sorted(totals.items(), key=lambda x: (-x[1], x[0]))]
    return {"nodes": nodes, "edges": edges}


def dossier(conn: sa.Connection, code: str, *, since: str | None = None, until: str | None = None,
            modalities: tuple[str, ...] | None = DEFAULT_MODALITIES, lang: str = "ar") -> dict[str, Any] | None:
    """A state, IGO or actor type (``kind``): totals, partners (events, Goldstein, cooperation/conflict, first and
    last contact), classes (QuadClass) per month, CAMEO roots, and the persons affiliated with
    it. None when no merged event involves it."""
    code = _side(code, "code") or ""
    other = sa.case((es.c.a == code, es.c.b), else_=es.c.a).label("other")
    n, g = sa.func.sum(es.c.events), sa.func.sum(es.c.goldstein)
    coop = sa.func.sum(sa.case((es.c.quad_class <= 2, es.c.events), else_=0))

    def run(q: Any) -> list[Any]:
        return conn.execute(_common(q, country=code, since=since, until=until, modalities=modalities, dated=False)).all()

    (total, gold, first, last), = run(sa.select(n, g, sa.func.min(es.c.day), sa.func.max(es.c.day)))
    if not total:
        return None
    partners = [
        {"code": o, "name": names.name(o, lang), "events": int(k), "goldstein": round(float(gs or 0), 2),
         "cooperation": int(cp), "conflict": int(k) - int(cp), "first": f, "last": la}
        for o, k, gs, cp, f, la in run(sa.select(other, n, g, coop, sa.func.min(es.c.day), sa.func.max(es.c.day))
                                       .where(es.c.b.is_not(None)).group_by(other))
        if o and o != code
    ]
    month = sa.func.substr(es.c.day, 1, 7)
    months = run(sa.select(month, es.c.quad_class, n).where(sa.func.length(es.c.day) >= 7)
                 .group_by(month, es.c.quad_class).order_by(month, es.c.quad_class))
    roots = run(sa.select(es.c.root, n).group_by(es.c.root))
    ps = person_summary.c
    people = conn.execute(sa.select(persons.c.key, persons.c.name, ps.documents.label("n"))
                          .join(persons, persons.c.id == ps.person_id).where(ps.country == code)
                          .order_by(ps.documents.desc(), persons.c.name).limit(20)).all()
    return {
        "code": code, "name": names.name(code, lang), "kind": names.kind(code), "events": int(total),
        "goldstein": round(float(gold or 0), 2), "first_contact": first, "last_contact": last,
        "partners": sorted(partners, key=lambda p: (-p["events"], p["code"])),
        "classes": [{"month": m, "quad_class": qc, "label": QUADS.get(qc, str(qc)), "events": int(k)} for m, qc, k in months],
        "roots": [{"root": r, "events": int(k)} for r, k in sorted(roots, key=lambda x: (-x[1], x[0]))],
        "persons": [{"key": p.key, "name": p.name, "documents": int(p.n)} for p in people],
    }


def overview(conn: sa.Connection, *, lang: str = "ar") -> dict[str, Any]:
    """Counts for the home page: documents, outlets, merged events, the latest publication
    date, and the strongest dyads."""
    d = doc_list.c
    docs, outlets, latest = conn.execute(sa.select(sa.func.count(), sa.func.count(sa.distinct(d.outlet)),
                                                   sa.func.max(d.published))).one()
    n_events = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(es.c.events), 0))).scalar() or 0)
    dyads = network(conn, limit=10, lang=lang)
    names_of = {n["id"]: n["name"] for n in dyads["nodes"]}
    for e in dyads["edges"]:
        e["source_name"], e["target_name"] = names_of[e["source"]], names_of[e["target"]]
    return {"documents": int(docs), "outlets": int(outlets), "events": n_events, "latest": latest,
            "dyads": dyads["edges"]}


def map_points(conn: sa.Connection, *, since: str | None = None, until: str | None = None, country: str | None = None,
               modalities: tuple[str, ...] | None = DEFAULT_MODALITIES, lang: str = "ar") -> dict[str, Any]:
    """Where events happened: one point per place with its event count. An event placed in a
    city by the gazetteer sits at the city (``basis``: ``city``, ``name``: the city as
    written); any other at its country's point (``basis``: ``country``) — the location's
    country, else the target's, else the source's."""
    n = sa.func.sum(es.c.events)
    q = sa.select(es.c.place, es.c.lat, es.c.lon, es.c.place_name, n).group_by(es.c.place, es.c.lat, es.c.lon, es.c.place_name)
    q = _common(q, country=country, since=since, until=until, modalities=modalities, dated=False)
    points: dict[tuple[Any, ...], dict[str, Any]] = {}
    placed = unplaced = 0
    for place, lat, lon, pname, k in conn.execute(q):
        k = int(k)
        if lat is not None and lon is not None:
            pt, basis, label = (float(lat), float(lon)), "city", pname or names.name(place, lang)
        else:
            pt, basis, label = names.centroid(place), "country", names.name(place, lang)
        if pt is None:
            unplaced += k
            continue
        placed += k
        p = points.setdefault((round(pt[0], 3), round(pt[1], 3), basis), {
            "lat": pt[0], "lon": pt[1], "basis": basis, "code": place, "name": label, "events": 0})
        p["events"] += k
    return {"points": sorted(points.values(), key=lambda p: (-p["events"], p["code"] or "")),
            "placed": placed, "unplaced": unplaced}
