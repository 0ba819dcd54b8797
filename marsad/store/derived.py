"""Derived tables the API and dashboard read: the event summary and the full-text index.

Kept current by the store after every merge (:meth:`marsad.store.db.Store.merge_events` calls
:func:`update` with what the merge wrote, in the merge's transaction), and brought up to date by :func:`catch_up` for
a database written before they existed or ingested without merging (``marsad serve`` runs it
at start). Both are pure functions of stored rows, so rebuilding them is always safe.

* ``event_summary``: canonical events counted per block, date, QuadClass and modality, with
  the sum of their Goldstein scores and articles (:mod:`marsad.store.queries.aggregates`).
* ``event_facets``: each canonical event's topics and outlets (the event list's filters);
  ``person_summary``: persons' document counts, overall and per affiliation.
* ``doc_list``: each document's id, publication date and outlet (the document list), filled
  with the search index.
* ``doc_search``: the title and cleaned body folded by :func:`marsad.text.normalize.fold`
  (hamza, tashkeel, ى/ي, ة/ه, digits ...), so a query folded the same way finds an article
  whatever spelling either uses (:mod:`marsad.store.queries.search`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from ..lexicon.events import event_code
from ..text.normalize import NormText, fold
from .schema import (
    canonical_events, doc_list, documents, event_facets, event_list, event_summary, events, person_mentions, person_summary,
)

_CHUNK = 500


def _chunks(items: Sequence[Any], n: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# --- the event summary --------------------------------------------------------------------


def _score(code: str) -> tuple[int, float]:
    try:
        ec = event_code(code)
    except Exception:  # an unknown code (a lexicon edit removed it): count it, score 0
        return 0, 0.0
    return ec.quad_class, float(ec.goldstein)


def _place(rec: dict[str, Any], a: str, b: str | None) -> tuple[str | None, float | None, float | None, str | None]:
    """Where an event happened for the map: a country code (the location's, else the
    target's, else the source's state, else an IGO) and, when the location is a city with
    coordinates (the gazetteer's ``precision="city"``, or a location with lat/lon and no
    precision), those coordinates and the city's name. Country-level points are placed at
    query time (:func:`marsad.store.queries.names.centroid`)."""
    loc = rec.get("location")
    lat = lon = None
    code = name = None
    if isinstance(loc, dict):
        code = loc.get("country") or loc.get("code")
        if loc.get("precision") in (None, "city"):
            try:
                lat, lon = float(loc["lat"]), float(loc["lon"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    lat = lon = None
            except (KeyError, TypeError, ValueError):
                lat = lon = None
        if lat is not None:
            name = str(loc.get("name") or "")[:64] or None
    elif isinstance(loc, str) and loc:
        code = loc
    if not code:
        tgt = (rec.get("target") or {}) if isinstance(rec.get("target"), dict) else {}
        src = (rec.get("source") or {}) if isinstance(rec.get("source"), dict) else {}
        code = tgt.get("country") or src.get("country") or tgt.get("igo") or src.get("igo") or b or a
    return (str(code)[:16] if code else None), lat, lon, name


def _summary_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    acc: dict[tuple[Any, ...], list[float]] = {}
    for r in rows:
        _root, a, b = (r.block.split("|") + ["", ""])[:3]
        if not a:  # block sides are sorted: an event without a target has a == ""
            a, b = b, ""
        quad, gold = _score(r.code)
        place, lat, lon, name = _place(r.record or {}, a, b or None)
        key = (r.block, r.date, a, b or None, r.root, quad, r.modality, place, lat, lon, name)
        v = acc.setdefault(key, [0, 0, 0.0])
        v[0] += 1
        v[1] += r.num_articles
        v[2] += gold
    return [
        {"block": k[0], "day": k[1], "a": k[2], "b": k[3], "root": k[4], "quad_class": k[5], "modality": k[6],
         "place": k[7], "lat": k[8], "lon": k[9], "place_name": k[10], "events": int(v[0]), "articles": int(v[1]), "goldstein": round(v[2], 3)}
        for k, v in acc.items()
    ]


def _list_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        quad, _gold = _score(r.code)
        try:
            ptype = event_code(r.code).plover_type
        except Exception:
            ptype = None
        out.append({"id": r.id, "block": r.block, "date": r.date, "modality": r.modality, "code": r.code, "root": r.root,
                    "quad_class": quad, "plover_type": ptype, "source_side": r.source_side, "target_side": r.target_side,
                    "num_articles": r.num_articles})
    return out


def _facet_rows(
    conn: sa.Connection, blocks: Sequence[str] | None, ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """The facet rows of the canonical events of these blocks (None: all), or of these ids."""
    ce = canonical_events.c
    q = sa.select(ce.id, ce.block, ce.record)
    t = sa.select(events.c.canonical_id, events.c.block, events.c.topics).where(events.c.canonical_id.is_not(None))
    if blocks is not None:
        q = q.where(ce.block.in_(list(blocks)))
        t = t.where(events.c.block.in_(list(blocks)))
    if ids is not None:
        q = q.where(ce.id.in_(list(ids)))
        t = t.where(events.c.canonical_id.in_(list(ids)))
    seen: set[tuple[int, str, str]] = set()
    out = []
    for r in conn.execute(q):
        for o in (r.record or {}).get("outlets") or []:
            if o and (r.id, "outlet", o) not in seen:
                seen.add((r.id, "outlet", o))
                out.append({"block": r.block, "canonical_id": r.id, "kind": "outlet", "value": o})
    for r in conn.execute(t):
        for topic in r.topics or []:
            if (r.canonical_id, "topic", topic) not in seen:
                seen.add((r.canonical_id, "topic", topic))
                out.append({"block": r.block, "canonical_id": r.canonical_id, "kind": "topic", "value": topic})
    return out


def _columns() -> Any:
    ce = canonical_events.c
    return sa.select(ce.id, ce.block, ce.code, ce.root, ce.date, ce.modality, ce.num_articles, ce.record,
                     ce.source_side, ce.target_side)


def _refresh_events(conn: sa.Connection, ids: set[int], keys: set[tuple[str, str | None]]) -> None:
    """After a merge: the list and facet rows of these canonical events (written or removed)
    and the summary rows of these (block, date) keys — index lookups, whatever the size of
    the blocks."""
    ce = canonical_events.c
    for part in _chunks(sorted(ids)):
        conn.execute(event_list.delete().where(event_list.c.id.in_(list(part))))
        conn.execute(event_facets.delete().where(event_facets.c.canonical_id.in_(list(part))))
        rows = conn.execute(_columns().where(ce.id.in_(list(part)))).all()
        for table, out in ((event_list, _list_rows(rows)), (event_facets, _facet_rows(conn, None, part))):
            if out:
                conn.execute(table.insert(), out)
    # the summary rows of each (block, date): one delete and one select per block, on the
    # (block, day) and (block, date) indexes
    es = event_summary.c
    by_block: dict[str, set[str | None]] = {}
    for block, day in keys:
        by_block.setdefault(block, set()).add(day)
    delete = event_summary.delete().where(es.block == sa.bindparam("b"), es.day.in_(sa.bindparam("days", expanding=True)))
    select = _columns().where(ce.block == sa.bindparam("b"), ce.date.in_(sa.bindparam("days", expanding=True)))
    delete_none = event_summary.delete().where(es.block == sa.bindparam("b"), es.day.is_(None))
    select_none = _columns().where(ce.block == sa.bindparam("b"), ce.date.is_(None))
    out: list[dict[str, Any]] = []
    for block, days in sorted(by_block.items()):
        dated = sorted(d for d in days if d is not None)
        for part in _chunks(dated):
            conn.execute(delete, {"b": block, "days": list(part)})
            out += _summary_rows(conn.execute(select, {"b": block, "days": list(part)}).all())
        if None in days:
            conn.execute(delete_none, {"b": block})
            out += _summary_rows(conn.execute(select_none, {"b": block}).all())
    for chunk in _chunks(out, 2000):
        conn.execute(event_summary.insert(), list(chunk))


def _refresh_blocks(conn: sa.Connection, blocks: Sequence[str] | None) -> None:
    ce = canonical_events.c
    cols = _columns()
    tables = (event_summary, event_list, event_facets)
    if blocks is None:
        for t in tables:
            conn.execute(t.delete())
        rows = conn.execute(cols).all()
        for table, out in ((event_summary, _summary_rows(rows)), (event_list, _list_rows(rows)),
                           (event_facets, _facet_rows(conn, None))):
            for part in _chunks(out, 2000):
                conn.execute(table.insert(), list(part))
        return
    for part in _chunks(sorted(set(blocks))):
        for t in tables:
            conn.execute(t.delete().where(t.c.block.in_(list(part))))
        rows = conn.execute(cols.where(ce.block.in_(list(part)))).all()
        for table, out in ((event_summary, _summary_rows(rows)), (event_list, _list_rows(rows)),
                           (event_facets, _facet_rows(conn, part))):
            if out:
                conn.execute(table.insert(), out)


def _refresh_persons(conn: sa.Connection, person_ids: Sequence[int] | None) -> None:
    """Recount the documents of these persons (None: of everyone), per affiliation and in all,
    with the commonest role, title, affiliation and spellings on the overall row."""
    from .queries.persons import summary_facts

    pm = person_mentions.c
    parts: Iterable[Sequence[int] | None] = [None] if person_ids is None else _chunks(sorted(set(person_ids)))
    for part in parts:
        d = person_summary.delete()
        q = sa.select(pm.person_id, pm.document_id, pm.country, pm.role, pm.title, pm.name)
        if part is not None:
            d = d.where(person_summary.c.person_id.in_(list(part)))
            q = q.where(pm.person_id.in_(list(part)))
        conn.execute(d)
        mine: dict[int, list[Any]] = {}
        for r in conn.execute(q):
            mine.setdefault(r.person_id, []).append(r)
        rows = []
        for pid, ms in mine.items():
            per: dict[str, set[int]] = {}
            for m in ms:
                if m.country:
                    per.setdefault(str(m.country)[:16], set()).add(m.document_id)
            rows += [{"person_id": pid, "country": c, "documents": len(docs), "role": None, "title": None,
                      "affiliation": None, "variants": None} for c, docs in per.items()]
            rows.append({"person_id": pid, "country": "*", "documents": len({m.document_id for m in ms}), **summary_facts(ms)})
        for chunk in _chunks(rows, 2000):
            conn.execute(person_summary.insert(), list(chunk))


# --- the full-text index ------------------------------------------------------------------


def search_text(
    text: str, body: Sequence[Sequence[int]], title: str | None, view: NormText | None = None
) -> tuple[str, str]:
    """The folded title and cleaned body of a document, as indexed. ``view``: the text's
    normalized view when extraction has built it (:func:`marsad.text.normalize.shared_view`);
    the body's pieces are then cut from it instead of folded again (the same strings)."""
    pieces = view.pieces([(s, e) for s, e in body]) if view is not None and view.original is text else None
    if pieces is None:
        return fold(title or ""), fold("\n".join(text[s:e] for s, e in body))
    return fold(title or ""), "\n".join(pieces)


def _indexed(conn: sa.Connection, pks: Sequence[int]) -> set[int]:
    col = "rowid" if conn.dialect.name == "sqlite" else "document_id"
    marks = ", ".join(f":p{i}" for i in range(len(pks)))
    q = sa.text(f"SELECT {col} FROM doc_search WHERE {col} IN ({marks})")  # noqa: S608 - only placeholders
    return {int(x) for x in conn.execute(q, {f"p{i}": pk for i, pk in enumerate(pks)}).scalars()}


def _index(conn: sa.Connection, pks: Sequence[int], views: dict[int, tuple[str, str]] | None = None) -> int:
    """Index these documents for search (those not indexed yet) and (re)write their doc_list
    rows. ``views``: the indexed (title, body) of documents whose extraction built them
    (:func:`search_text` in the worker); only the others are read back and folded here."""
    done = 0
    views = views or {}
    for part in _chunks(sorted(set(pks))):
        todo = set(part) - _indexed(conn, part)
        rows = conn.execute(sa.select(documents.c.id, documents.c.published, documents.c.outlet)
                            .where(documents.c.id.in_(list(part)))).all()
        conn.execute(doc_list.delete().where(doc_list.c.id.in_(list(part))))
        if rows:
            conn.execute(doc_list.insert(), [{"id": r.id, "published": r.published, "outlet": r.outlet} for r in rows])
        params = [{"pk": pk, "title": views[pk][0], "body": views[pk][1]} for pk in sorted(todo) if pk in views]
        read = sorted(todo - views.keys())
        for r in conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.body, documents.c.title)
                              .where(documents.c.id.in_(read))) if read else ():
            title, body = search_text(r.text, r.body, r.title)
            params.append({"pk": r.id, "title": title, "body": body})
        if not params:
            continue
        if conn.dialect.name == "sqlite":
            stmt = sa.text("INSERT INTO doc_search (rowid, title, body) VALUES (:pk, :title, :body)")
        else:
            stmt = sa.text(
                "INSERT INTO doc_search (document_id, tsv) VALUES (:pk, "
                "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'B'))"
            )
        conn.execute(stmt, params)
        done += len(params)
    return done


def _missing_docs(conn: sa.Connection) -> list[int]:
    """Documents missing from the search index or from doc_list."""
    col = "rowid" if conn.dialect.name == "sqlite" else "document_id"
    indexed = set(conn.execute(sa.text(f"SELECT {col} FROM doc_search")).scalars())  # noqa: S608
    listed = set(conn.execute(sa.select(doc_list.c.id)).scalars())
    return [pk for pk in conn.execute(sa.select(documents.c.id)).scalars() if pk not in indexed or pk not in listed]


# --- the hook -------------------------------------------------------------------------------


def refresh(engine: sa.Engine) -> None:
    """Every derived table again, from the stored rows."""
    with engine.begin() as conn:
        _refresh_blocks(conn, None)
        _refresh_persons(conn, None)
        _index(conn, _missing_docs(conn))


def update(
    conn: sa.Connection,
    doc_pks: Sequence[int],
    touched: tuple[set[int], set[tuple[str, str | None]]] = (set(), set()),
    extra_blocks: Sequence[str] = (),
    views: dict[int, tuple[str, str]] | None = None,
) -> None:
    """After a merge, in its transaction: index these documents for search, rewrite the list
    and facet rows of the canonical events the merge wrote or removed and the summary rows of
    their (block, date) keys (``touched``: :class:`marsad.store.canon.MergeReport`'s
    ``touched_ids`` and ``touched_keys``), recount whole ``extra_blocks`` (blocks that lost
    events) and the persons of these documents; ``views``: see :func:`_index`."""
    ids, keys = touched
    extra = set(extra_blocks)
    _refresh_events(conn, ids, {k for k in keys if k[0] not in extra})
    if extra:
        _refresh_blocks(conn, sorted(extra))
    people: set[int] = set()
    for part in _chunks(sorted(set(doc_pks))):
        people |= set(conn.execute(sa.select(person_mentions.c.person_id).where(
            person_mentions.c.document_id.in_(list(part))).distinct()).scalars())
    _refresh_persons(conn, sorted(people))
    _index(conn, doc_pks, views)


def catch_up(engine: sa.Engine) -> dict[str, int]:
    """Bring the derived tables up to date with the stored rows: index every document not yet
    indexed, and rebuild the summary when its event count differs from the canonical events'.
    Returns what was done (``indexed``, ``summarized``: canonical events recounted)."""
    with engine.begin() as conn:
        indexed = _index(conn, _missing_docs(conn))
        have = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(event_summary.c.events), 0))).scalar() or 0)
        listed = int(conn.execute(sa.select(sa.func.count()).select_from(event_list)).scalar() or 0)
        want = int(conn.execute(sa.select(sa.func.count()).select_from(canonical_events)).scalar() or 0)
        summarized = 0
        if have != want or listed != want:
            _refresh_blocks(conn, None)
            summarized = want
        _refresh_persons(conn, None)  # cheap; also catches persons who lost mentions to a re-extraction
    return {"indexed": indexed, "summarized": summarized}
