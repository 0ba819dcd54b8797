"""Compare a batch result with a database filled by ``marsad ingest``: the same documents,
event mentions, stories and merged events (ids aside: the database numbers rows as they
arrive, a batch run derives them from input positions).

Each side is reduced to sets of comparable facts (:class:`Facts`); :func:`diff` counts what
is only on one side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..export.parquet import read_table

__all__ = ["Facts", "diff", "from_output", "from_store"]


def _mkey(doc_id: str, sentence: Any, code: str, trigger_start: Any, source_code: Any, target_code: Any) -> str:
    return json.dumps([doc_id, sentence, code, trigger_start, source_code, target_code], ensure_ascii=False)


@dataclass
class Facts:
    documents: set[tuple[str, str, str | None]]  # doc_id, content hash, published
    mentions: set[str]  # one key per event mention
    stories: set[frozenset[str]]  # multi-document stories as sets of doc_ids
    events: set[tuple[frozenset[str], int, int, int, str, str | None]]  # mentions, counts, code, date


def from_store(db: str) -> Facts:
    from ..store.db import Store
    from ..store.schema import canonical_events, documents, events, stories, story_members

    with Store.open(db, create=False) as store, store.engine.connect() as conn:
        docs = {(r.doc_id, r.content_hash, r.published) for r in conn.execute(
            sa.select(documents.c.doc_id, documents.c.content_hash, documents.c.published))}
        key_of: dict[int, str] = {}
        canon_of: dict[int, int | None] = {}
        for r in conn.execute(sa.select(events.c.id, events.c.canonical_id, events.c.record, documents.c.doc_id)
                              .join(documents, documents.c.id == events.c.document_id)):
            rec = r.record
            key_of[r.id] = _mkey(r.doc_id, rec["sentence"], rec["code"], (rec.get("trigger") or {}).get("start"),
                                 (rec.get("source") or {}).get("code"), (rec.get("target") or {}).get("code"))
            canon_of[r.id] = r.canonical_id
        groups: dict[int, set[str]] = {}
        for eid, cid in canon_of.items():
            if cid is not None:
                groups.setdefault(cid, set()).add(key_of[eid])
        evs = set()
        for r in conn.execute(sa.select(canonical_events)):
            evs.add((frozenset(groups.get(r.id, ())), r.num_mentions, r.num_articles, r.num_sources, r.code, r.date))
        members: dict[int, set[str]] = {}
        for sid, doc_id in conn.execute(sa.select(story_members.c.story_id, documents.c.doc_id)
                                        .join(documents, documents.c.id == story_members.c.document_id)):
            members.setdefault(sid, set()).add(doc_id)
        _ = stories
    return Facts(docs, set(key_of.values()), {frozenset(m) for m in members.values() if len(m) > 1}, evs)


def from_output(out: str) -> Facts:
    d = read_table(f"{out}/documents", ["doc_id", "content_hash", "published"]).to_pylist()
    docs = {(r["doc_id"], r["content_hash"], r["published"]) for r in d}
    m = read_table(f"{out}/mentions", ["mention_id", "event_id", "doc_id", "sentence", "code", "trigger_start",
                                       "source_code", "target_code"]).to_pylist()
    groups: dict[int, set[str]] = {}
    keys = set()
    for r in m:
        k = _mkey(r["doc_id"], r["sentence"], r["code"], r["trigger_start"], r["source_code"], r["target_code"])
        keys.add(k)
        if r["event_id"] is not None:
            groups.setdefault(r["event_id"], set()).add(k)
    e = read_table(f"{out}/events", ["event_id", "num_mentions", "num_articles", "num_sources", "code", "date"]).to_pylist()
    evs = {(frozenset(groups.get(r["event_id"], ())), r["num_mentions"], r["num_articles"], r["num_sources"], r["code"],
            r["date"]) for r in e}
    s = read_table(f"{out}/stories", ["doc_ids"]).to_pylist()
    return Facts(docs, keys, {frozenset(r["doc_ids"]) for r in s if len(r["doc_ids"]) > 1}, evs)


def diff(a: Facts, b: Facts) -> dict[str, dict[str, int]]:
    """Per fact kind: how many on each side, and how many only on one side."""
    out = {}
    for name in ("documents", "mentions", "stories", "events"):
        x, y = getattr(a, name), getattr(b, name)
        out[name] = {"left": len(x), "right": len(y), "only_left": len(x - y), "only_right": len(y - x)}
    return out
