"""Canonical events in the store: events of different documents merged into one record per
real-world event (the rule is :mod:`marsad.stories.events`; this module reads and writes).

Each stored event row carries its merge ``block`` (root and the two parties). After new
documents are stored and given stories, :func:`merge_events` recomputes every block the new
documents touch — together with the blocks of the documents that share a story with them,
since a new member can join two stories — and writes the differences: a canonical event
keeps its id when most of its mentions stay together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from ..extract.persons import person_key
from ..lexicon.events import event_code
from ..stories.events import Canonical, Mention, MergeRules, block_key, canonical, merge
from .schema import canonical_events, documents, events, story_links, story_members

CHUNK = 5000


@dataclass(slots=True)
class MergeReport:
    blocks: int = 0
    mentions: int = 0
    canonical: int = 0  # canonical events written (created or updated)
    created: int = 0
    removed: int = 0
    multi: int = 0  # canonical events reported by two or more documents

    def as_dict(self) -> dict[str, int]:
        return {"blocks": self.blocks, "mentions": self.mentions, "canonical": self.canonical,
                "created": self.created, "removed": self.removed, "multi_document": self.multi}


@lru_cache(maxsize=1 << 14)
def _pkey(name: str | None) -> str | None:
    return person_key(name) if name else None


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _affected_blocks(conn: sa.Connection, doc_pks: Sequence[int]) -> list[str]:
    """Blocks of the events of these documents and of the documents sharing a story or a
    story link with them."""
    docs = set(doc_pks)
    for part in _chunks(sorted(docs)):
        sids = _ids(conn, sa.select(story_members.c.story_id).where(story_members.c.document_id.in_(part)))
        for sp in _chunks(sorted(sids)):
            docs |= _ids(conn, sa.select(story_members.c.document_id).where(story_members.c.story_id.in_(sp)))
        for a, b in conn.execute(
            sa.select(story_links.c.doc_a, story_links.c.doc_b).where(
                sa.or_(story_links.c.doc_a.in_(part), story_links.c.doc_b.in_(part))
            )
        ):
            docs.update((a, b))
    blocks: set[str] = set()
    for part in _chunks(sorted(docs)):
        blocks |= {b for b in conn.execute(
            sa.select(events.c.block).where(events.c.document_id.in_(part)).distinct()
        ).scalars() if b}
    return sorted(blocks)


def _ids(conn: sa.Connection, q: Any) -> set[Any]:
    return set(conn.execute(q).scalars())


def _load(conn: sa.Connection, blocks: Sequence[str]) -> tuple[list[Mention], dict[int, Any], dict[int, Any]]:
    """The mentions of these blocks, their rows (by event id) and their documents."""
    q = (
        sa.select(events.c.id, events.c.document_id, events.c.code, events.c.source_side, events.c.target_side,
                  events.c.date, events.c.date_precision, events.c.date_basis, events.c.modality,
                  events.c.confidence, events.c.canonical_id, events.c.record, documents.c.doc_id,
                  documents.c.published, documents.c.outlet)
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.block.in_(list(blocks)))
    )
    mentions: list[Mention] = []
    rows: dict[int, Any] = {}
    docs: dict[int, Any] = {}
    for r in conn.execute(q):
        rec = r.record or {}
        src, tgt = rec.get("source") or {}, rec.get("target") or {}
        rows[r.id] = r
        docs[r.document_id] = r
        mentions.append(Mention(
            id=r.id, doc=r.document_id, code=r.code, source=r.source_side, target=r.target_side,
            date=r.date, precision=r.date_precision, basis=r.date_basis, modality=r.modality,
            symmetric=_symmetric(r.code), source_person=_pkey(src.get("person")),
            target_person=_pkey(tgt.get("person")), published=r.published, outlet=r.outlet,
            count=int(rec.get("mentions") or 1), confidence=float(r.confidence or 0.0),
        ))
    return mentions, rows, docs


@lru_cache(maxsize=None)
def _symmetric(code: str) -> bool:
    try:
        return event_code(code).symmetric
    except KeyError:
        return False


def _relations(conn: sa.Connection, doc_pks: Sequence[int]) -> tuple[dict[int, int], set[tuple[int, int]]]:
    """Story of each document, and the story links among them (doc_a < doc_b)."""
    story: dict[int, int] = {}
    linked: set[tuple[int, int]] = set()
    pks = sorted(doc_pks)
    for part in _chunks(pks):
        story.update(conn.execute(
            sa.select(story_members.c.document_id, story_members.c.story_id).where(
                story_members.c.document_id.in_(part))
        ).all())
        for a, b in conn.execute(
            sa.select(story_links.c.doc_a, story_links.c.doc_b).where(story_links.c.doc_a.in_(part))
        ):
            linked.add((min(a, b), max(a, b)))
    wanted = set(pks)
    return story, {p for p in linked if p[0] in wanted and p[1] in wanted}


def _record(c: Canonical, members: Sequence[Mention], rows: dict[int, Any]) -> dict[str, Any]:
    """The canonical record: the lead mention's event with the merged fields."""
    lead_row = rows[c.lead.id]
    rec = dict(lead_row.record or {})
    if c.code != rec.get("code"):
        ec = event_code(c.code)
        rec.update(code=ec.code, name=ec.name, root=ec.root, goldstein=ec.goldstein, quad_class=ec.quad_class,
                   plover_type=ec.plover_type, plover_mode=ec.plover_mode)
    topics: list[str] = []
    for m in members:
        for t in (rows[m.id].record or {}).get("topics") or []:
            if t not in topics:
                topics.append(t)
    rec.update(
        date=c.date, date_precision=c.precision,
        date_from=rows[c.lead.id].doc_id if c.date_doc is not None else None,
        first_seen=c.first_seen, num_mentions=c.num_mentions, num_articles=c.num_articles,
        num_sources=c.num_sources, outlets=c.outlets, topics=topics,
        doc_ids=sorted({rows[m.id].doc_id for m in members}),
        mentions=[
            {"doc_id": rows[m.id].doc_id, "sentence": (rows[m.id].record or {}).get("sentence"),
             "code": m.code, "date": m.date, "date_basis": m.basis,
             "trigger": (rows[m.id].record or {}).get("trigger"),
             "evidence": (rows[m.id].record or {}).get("evidence")}
            for m in members
        ],
    )
    return rec


def merge_blocks(conn: sa.Connection, blocks: Sequence[str], rules: MergeRules, report: MergeReport) -> None:
    """Recompute the canonical events of these blocks and write the differences."""
    now = dt.datetime.now(dt.timezone.utc)
    mentions, rows, _docs = _load(conn, blocks)
    story, linked = _relations(conn, sorted({m.doc for m in mentions}))

    def related(a: int, b: int) -> bool:
        sa_, sb = story.get(a), story.get(b)
        return (sa_ is not None and sa_ == sb) or (min(a, b), max(a, b)) in linked

    by_block: dict[str, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(_block_of(rows[m.id]), []).append(m)
    groups = [g for ms in by_block.values() for g in merge(ms, related, rules)]
    report.blocks += len(blocks)
    report.mentions += len(mentions)
    # ids: an old canonical event goes to the group holding most of its mentions
    claims: list[tuple[int, int, int]] = []
    for gi, g in enumerate(groups):
        counts: dict[int, int] = {}
        for m in g:
            old = rows[m.id].canonical_id
            if old is not None:
                counts[old] = counts.get(old, 0) + 1
        claims.extend((-n, cid, gi) for cid, n in counts.items())
    cid_of: dict[int, int] = {}
    used: set[int] = set()
    for _n, cid, gi in sorted(claims):
        if gi not in cid_of and cid not in used:
            cid_of[gi] = cid
            used.add(cid)
    old_ids = {r.canonical_id for r in rows.values() if r.canonical_id is not None}
    # canonical events of these blocks whose mentions are all gone (a re-extracted document)
    old_ids |= _ids(conn, sa.select(canonical_events.c.id).where(canonical_events.c.block.in_(list(blocks))))
    dropped = sorted(old_ids - used)
    for part in _chunks(dropped):
        conn.execute(canonical_events.delete().where(canonical_events.c.id.in_(part)))
    report.removed += len(dropped)

    def row_of(g: list[Mention]) -> dict[str, Any]:
        c = canonical(g)
        rec = _record(c, g, rows)
        lead = c.lead
        return {"block": _block_of(rows[lead.id]), "code": c.code, "root": c.code[:2], "source_side": lead.source,
                "target_side": lead.target, "date": c.date, "date_precision": c.precision,
                "modality": lead.modality, "first_seen": c.first_seen, "num_mentions": c.num_mentions,
                "num_articles": c.num_articles, "num_sources": c.num_sources, "record": rec, "updated_at": now}

    fresh = [gi for gi in range(len(groups)) if gi not in cid_of]
    if fresh:
        ids = conn.execute(
            canonical_events.insert().returning(canonical_events.c.id, sort_by_parameter_order=True),
            [row_of(groups[gi]) for gi in fresh],
        ).scalars().all()
        cid_of.update(zip(fresh, ids))
        report.created += len(fresh)
    kept = [gi for gi in cid_of if gi not in set(fresh)]
    if kept:
        conn.execute(
            canonical_events.update().where(canonical_events.c.id == sa.bindparam("cid")),
            [{"cid": cid_of[gi], **{k: v for k, v in row_of(groups[gi]).items()}} for gi in kept],
        )
    report.canonical += len(groups)
    report.multi += sum(1 for g in groups if len({m.doc for m in g}) > 1)
    changes = [{"eid": m.id, "cid": cid_of[gi]} for gi, g in enumerate(groups) for m in g
               if rows[m.id].canonical_id != cid_of[gi]]
    if changes:
        conn.execute(
            events.update().where(events.c.id == sa.bindparam("eid")).values(canonical_id=sa.bindparam("cid")),
            changes,
        )


def _block_of(row: Any) -> str:
    return block_key(row.code[:2], row.source_side, row.target_side)


def merge_events(
    engine: sa.Engine,
    doc_pks: Sequence[int] | None,
    rules: MergeRules | None = None,
    *,
    extra_blocks: Sequence[str] = (),
    batch: int = 200,
) -> MergeReport:
    """Merge the events of these documents (None: every stored event) with the stored
    events of the same blocks, and recompute ``extra_blocks`` too (blocks that lost events);
    one transaction per ``batch`` blocks."""
    rules = rules or MergeRules()
    report = MergeReport()
    with engine.connect() as conn:
        if doc_pks is None:
            blocks = sorted(b for b in conn.execute(sa.select(events.c.block).distinct()).scalars() if b)
            blocks = sorted(set(blocks) | set(conn.execute(sa.select(canonical_events.c.block).distinct()).scalars()))
        else:
            blocks = sorted(set(_affected_blocks(conn, doc_pks)) | set(extra_blocks))
    for i in range(0, len(blocks), batch):
        with engine.begin() as conn:
            merge_blocks(conn, blocks[i : i + batch], rules, report)
    return report
