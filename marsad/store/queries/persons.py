"""Persons across documents: a paged list and one person with offices over time."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from ..schema import documents, person_mentions, person_summary, persons
from .common import Page

MENTIONS = 100  # documents listed on one person (the newest); the count covers all


def list_persons(conn: sa.Connection, *, country: str | None = None, q: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page:
    """Persons, most documents first: key, name, documents, the commonest role, title and
    affiliation, and spelling variants (commonest first). ``country``: mentioned with this
    affiliation (documents counts those mentions); ``q``: the name or a variant contains this text."""
    pm = person_mentions.c
    ps = person_summary.c
    base = sa.select(ps.person_id, ps.documents.label("n")).where(ps.country == (country.upper() if country else "*"))
    if q:
        base = base.where(ps.person_id.in_(sa.select(pm.person_id).where(pm.name.contains(q, autoescape=True))))
    total = int(conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar() or 0)
    rows = conn.execute(base.order_by(ps.documents.desc(), ps.person_id).limit(limit).offset(offset)).all()
    ids = [r.person_id for r in rows]
    counts = {r.person_id: int(r.n) for r in rows}
    if not ids:
        return Page([], total, limit, offset)
    facts = {r.person_id: r for r in conn.execute(
        sa.select(persons.c.id.label("person_id"), persons.c.key, persons.c.name, ps.role, ps.title, ps.affiliation, ps.variants)
        .join(person_summary, sa.and_(ps.person_id == persons.c.id, ps.country == "*"))
        .where(persons.c.id.in_(ids)))}
    items = []
    for i in ids:
        f = facts.get(i)
        if f is None:
            continue
        items.append({"key": f.key, "name": f.name, "documents": counts[i], "role": f.role, "title": f.title,
                      "country": f.affiliation, "variants": list(f.variants or [])})
    return Page(items, total, limit, offset)


def summary_facts(rows: list[Any]) -> dict[str, Any]:
    """The commonest role, title and affiliation and the variants (commonest first) of one
    person's mentions (rows with role, title, country, name)."""
    c: dict[str, Counter[str]] = {k: Counter() for k in ("role", "title", "country", "name")}
    for r in rows:
        for k in c:
            v = getattr(r, k)
            if v:
                c[k][v] += 1
    top = lambda x: x.most_common(1)[0][0] if x else None  # noqa: E731
    return {"role": top(c["role"]), "title": top(c["title"]), "affiliation": top(c["country"]),
            "variants": [v for v, _n in c["name"].most_common(10)]}


def get_person(conn: sa.Connection, key: str) -> dict[str, Any] | None:
    """One person: name, variants, affiliations, ``offices`` (each title held, with the first
    and last publication date it was used and how many documents), and the newest documents
    that mention them (with the name and title as written there)."""
    row = conn.execute(sa.select(persons.c.id, persons.c.key, persons.c.name).where(persons.c.key == key)).first()
    if row is None:
        return None
    pm = person_mentions.c
    d = documents.c
    nd = sa.func.count(sa.distinct(pm.document_id))
    offices = [
        {"title": t, "role": r, "country": c, "first": first, "last": last, "documents": int(n)}
        for t, r, c, first, last, n in conn.execute(
            sa.select(pm.title, pm.role, pm.country, sa.func.min(d.published), sa.func.max(d.published), nd)
            .join(documents, d.id == pm.document_id).where(pm.person_id == row.id, pm.title.is_not(None))
            .group_by(pm.title, pm.role, pm.country))
    ]
    offices.sort(key=lambda o: (o["first"] or "9999", o["title"]))
    variants = [v for v, _n in conn.execute(sa.select(pm.name, sa.func.count()).where(pm.person_id == row.id)
                                             .group_by(pm.name).order_by(sa.func.count().desc(), pm.name))]
    countries = [c for c, _n in conn.execute(sa.select(pm.country, sa.func.count()).where(pm.person_id == row.id, pm.country.is_not(None))
                                             .group_by(pm.country).order_by(sa.func.count().desc(), pm.country))]
    roles = [r for r, _n in conn.execute(sa.select(pm.role, sa.func.count()).where(pm.person_id == row.id, pm.role.is_not(None))
                                          .group_by(pm.role).order_by(sa.func.count().desc(), pm.role))]
    total = int(conn.execute(sa.select(nd).where(pm.person_id == row.id)).scalar() or 0)
    mentions = conn.execute(
        sa.select(pm.name, pm.role, pm.title, pm.country, pm.spans, d.doc_id, d.title.label("doc_title"), d.outlet, d.published)
        .join(documents, d.id == pm.document_id).where(pm.person_id == row.id)
        .order_by(d.published.desc(), d.doc_id).limit(MENTIONS)
    ).all()
    by_docs = sorted(offices, key=lambda o: -o["documents"])
    return {
        "key": row.key, "name": row.name, "documents": total, "role": roles[0] if roles else None,
        "title": by_docs[0]["title"] if by_docs else None, "country": countries[0] if countries else None,
        "variants": variants, "countries": sorted(countries), "offices": offices,
        "mentions": [{"doc_id": m.doc_id, "title": m.doc_title, "outlet": m.outlet, "published": m.published,
                      "name": m.name, "person_title": m.title, "role": m.role, "country": m.country, "spans": m.spans}
                     for m in mentions],
    }
