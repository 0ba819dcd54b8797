"""Persons across documents: a paged list and one person with offices over time."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from ..schema import documents, person_mentions, person_summary, persons
from .common import Page


def list_persons(conn: sa.Connection, *, country: str | None = None, q: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page:
    """Persons, most documents first: key, name, documents, and the commonest role, title,
    affiliation of the page's persons. ``country``: mentioned with this affiliation;
    ``q``: the name or a variant contains this text."""
    pm = person_mentions.c
    ps = person_summary.c
    base = sa.select(ps.person_id, ps.documents.label("n")).where(ps.country == (country.upper() if country else "*"))
    if q:
        base = base.where(ps.person_id.in_(sa.select(pm.person_id).where(pm.name.contains(q, autoescape=True))))
    total = int(conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar() or 0)
    rows = conn.execute(base.order_by(ps.documents.desc(), ps.person_id).limit(limit).offset(offset)).all()
    ids = [r.person_id for r in rows]
    return Page(_describe(conn, ids, {r.person_id: int(r.n) for r in rows}), total, limit, offset)


def _describe(conn: sa.Connection, ids: list[int], counts: dict[int, int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    pm = person_mentions.c
    people = {r.id: r for r in conn.execute(sa.select(persons.c.id, persons.c.key, persons.c.name).where(persons.c.id.in_(ids)))}
    facts: dict[int, dict[str, Counter[str]]] = {i: {"role": Counter(), "title": Counter(), "country": Counter(), "name": Counter()} for i in ids}
    for r in conn.execute(sa.select(pm.person_id, pm.role, pm.title, pm.country, pm.name).where(pm.person_id.in_(ids))):
        f = facts[r.person_id]
        for k in ("role", "title", "country", "name"):
            if getattr(r, k):
                f[k][getattr(r, k)] += 1
    out = []
    for i in ids:
        f = facts[i]
        top = lambda c: c.most_common(1)[0][0] if c else None  # noqa: E731
        out.append({"key": people[i].key, "name": people[i].name, "documents": counts.get(i, 0),
                    "role": top(f["role"]), "title": top(f["title"]), "country": top(f["country"]),
                    "variants": [v for v, _n in f["name"].most_common()]})
    return out


def get_person(conn: sa.Connection, key: str) -> dict[str, Any] | None:
    """One person: name, variants, affiliations, the documents that mention them (newest
    first, with the name and title as written there) and ``offices``: each title held, with
    the first and last publication date it was used."""
    row = conn.execute(sa.select(persons.c.id, persons.c.key, persons.c.name).where(persons.c.key == key)).first()
    if row is None:
        return None
    pm = person_mentions.c
    mentions = conn.execute(
        sa.select(pm.name, pm.role, pm.title, pm.country, pm.spans, documents.c.doc_id, documents.c.title.label("doc_title"),
                  documents.c.outlet, documents.c.published)
        .join(documents, documents.c.id == pm.document_id).where(pm.person_id == row.id)
        .order_by(documents.c.published.desc(), documents.c.doc_id)
    ).all()
    offices: dict[str, dict[str, Any]] = {}
    for m in mentions:
        if m.title:
            o = offices.setdefault(m.title, {"title": m.title, "role": m.role, "country": m.country, "first": None, "last": None, "documents": 0})
            o["documents"] += 1
            if m.published:
                o["first"] = min(o["first"] or m.published, m.published)
                o["last"] = max(o["last"] or m.published, m.published)
    (desc,) = _describe(conn, [row.id], {row.id: len({m.doc_id for m in mentions})})
    desc["offices"] = sorted(offices.values(), key=lambda o: (o["first"] or "9999", o["title"]))
    desc["countries"] = sorted({m.country for m in mentions if m.country})
    desc["mentions"] = [{"doc_id": m.doc_id, "title": m.doc_title, "outlet": m.outlet, "published": m.published,
                         "name": m.name, "person_title": m.title, "role": m.role, "country": m.country, "spans": m.spans}
                        for m in mentions]
    return desc
