"""Stories: documents of one or more outlets telling the same story."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..schema import documents, stories, story_members
from .common import Page, check_day


def list_stories(conn: sa.Connection, *, min_docs: int = 2, since: str | None = None, until: str | None = None,
                 limit: int = 50, offset: int = 0) -> Page:
    """Stories of at least ``min_docs`` documents, largest then newest first, each with its
    members (doc_id, title, outlet, published)."""
    since, until = check_day(since, "since"), check_day(until, "until")
    s = stories.c
    base = sa.select(s.id).where(s.documents >= max(1, min_docs))
    if since:
        base = base.where(sa.or_(s.last_published.is_(None), s.last_published >= since))
    if until:
        base = base.where(sa.or_(s.first_published.is_(None), s.first_published <= until))
    total = int(conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar() or 0)
    ids = list(conn.execute(base.order_by(s.documents.desc(), s.last_published.desc(), s.id.desc()).limit(limit).offset(offset)).scalars())
    return Page(_stories(conn, ids, with_text=False), total, limit, offset)


def _stories(conn: sa.Connection, ids: list[int], *, with_text: bool) -> list[dict[str, Any]]:
    if not ids:
        return []
    s = stories.c
    head = {r.id: r for r in conn.execute(sa.select(stories).where(s.id.in_(ids)))}
    ids = [i for i in ids if i in head]
    if not ids:
        return []
    d = documents.c
    cols = [story_members.c.story_id, story_members.c.score, d.doc_id, d.title, d.outlet, d.published]
    if with_text:
        cols += [d.text, d.body]
    members: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in conn.execute(sa.select(*cols).join(documents, d.id == story_members.c.document_id)
                          .where(story_members.c.story_id.in_(ids)).order_by(d.published, d.doc_id)):
        m = {"doc_id": r.doc_id, "title": r.title, "outlet": r.outlet, "published": r.published, "score": r.score}
        if with_text:
            m["body"] = "\n\n".join(r.text[a:b] for a, b in r.body)
        members[r.story_id].append(m)
    out = []
    for i in ids:
        h = head[i]
        out.append({"story_id": i, "documents": h.documents, "first_published": h.first_published,
                    "last_published": h.last_published, "outlets": h.outlets, "members": members[i]})
    return out


def get_story(conn: sa.Connection, story_id: int) -> dict[str, Any] | None:
    """One story with every member's cleaned body (the versions side by side)."""
    got = _stories(conn, [story_id], with_text=True)
    return got[0] if got else None
