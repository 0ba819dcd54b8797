"""Canonical events in the store: events of different documents merged into one record per
real-world event (the rule is :mod:`marsad.stories.events`; this module reads and writes).

Each stored event row carries its merge ``block`` (root and the two parties). The stored
canonical events are always what merging every block whole would give. After new documents
are stored and given stories, :func:`merge_events` recomputes only what they change, with
work bounded by the batch rather than the corpus (:func:`_bounded`):

* the *free* mentions: the events of the new documents and of the documents sharing a story
  or a story link with them, with every other mention of their canonical events;
* their *halo*, read through indexes: in the same blocks, the day-dated events whose dates
  come within reach of a free day-dated event (the only pairs the rule allows outside a
  story) and the events of the free documents' story partners — with every mention of the
  halo's canonical events, whose groups are *fixed*;
* :func:`marsad.stories.events.merge_within` groups the free mentions, replays the fixed
  groups from their own pairs and tests every pair across; a fixed group that could join
  (or does not come out whole) becomes free, its own halo is read, and the block is grouped
  again. When no pair across can join, the free groups are exactly what merging the whole
  block gives, whatever the block's size (a hot block such as 04|EGY|USA holds thousands of
  events, and its dates chain from day to day).

A canonical event keeps its id when most of its mentions stay together; one whose members
did not change is not rewritten. The report lists the canonical events written or removed
and their (block, date) keys, so :mod:`marsad.store.derived` refreshes only those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from ..extract.persons import person_key
from ..lexicon.events import event_code
from ..stories.events import (
    Canonical, Mention, MergeRules, block_key, canonical, interval, merge, merge_within,
)
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
    rounds: int = 0  # bounded merges: groupings of a block (1 per block when nothing outside joins)
    # canonical events written or removed, and the (block, date) keys they had or have
    touched_ids: set[int] = field(default_factory=set)
    touched_keys: set[tuple[str, str | None]] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"blocks": self.blocks, "mentions": self.mentions, "canonical": self.canonical,
                "created": self.created, "removed": self.removed, "multi_document": self.multi}


@lru_cache(maxsize=1 << 14)
def cached_person_key(name: str | None) -> str | None:
    """The cross-document key of a person's name (None for no name), cached: merging asks it
    for every mention."""
    return person_key(name) if name else None


_pkey = cached_person_key


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _affected_docs(
    conn: sa.Connection, doc_pks: Sequence[int], quiet: set[int] | frozenset[int] = frozenset()
) -> tuple[list[int], dict[int, set[int]]]:
    """These documents and the documents sharing a story or a story link with them (a new
    document can join two stories, which relates their older members), and the partners
    of ``doc_pks``. The partners of a ``quiet`` document are not added: it joined its story
    without changing any other document's story or links, so its partners are related to
    each other as before (their events are reached through its own)."""
    docs = set(doc_pks)
    partners = _partners(conn, sorted(docs))
    for d, others in partners.items():
        if d not in quiet:
            docs |= others
    return sorted(docs), partners


def _ids(conn: sa.Connection, q: Any) -> set[Any]:
    return set(conn.execute(q).scalars())


def _select() -> Any:
    return sa.select(
        events.c.id, events.c.document_id, events.c.block, events.c.code, events.c.source_side,
        events.c.target_side, events.c.date, events.c.date_precision, events.c.date_basis, events.c.modality,
        events.c.confidence, events.c.canonical_id, events.c.record, documents.c.doc_id, documents.c.published,
        documents.c.outlet, documents.c.ingested_at,
    ).join(documents, documents.c.id == events.c.document_id)


def _mention(r: Any) -> Mention:
    rec = r.record or {}
    src, tgt = rec.get("source") or {}, rec.get("target") or {}
    return Mention(
        id=r.id, doc=r.document_id, code=r.code, source=r.source_side, target=r.target_side,
        date=r.date, precision=r.date_precision, basis=r.date_basis, modality=r.modality,
        symmetric=symmetric_code(r.code), source_person=_pkey(src.get("person")),
        target_person=_pkey(tgt.get("person")), published=r.published, outlet=r.outlet,
        count=int(rec.get("mentions") or 1), confidence=float(r.confidence or 0.0),
    )


def _load_blocks(conn: sa.Connection, blocks: Sequence[str]) -> dict[int, Any]:
    """Every event row of these blocks, by event id."""
    rows: dict[int, Any] = {}
    for part in _chunks(list(blocks)):
        rows.update((r.id, r) for r in conn.execute(_select().where(events.c.block.in_(list(part)))))
    return rows


def _partners(conn: sa.Connection, doc_pks: Sequence[int]) -> dict[int, set[int]]:
    """For each document, the documents sharing its story or a story link with it."""
    out: dict[int, set[int]] = {d: set() for d in doc_pks}
    for part in _chunks(sorted(doc_pks)):
        story = dict(conn.execute(
            sa.select(story_members.c.document_id, story_members.c.story_id).where(
                story_members.c.document_id.in_(part))
        ).all())
        members: dict[int, set[int]] = {}
        for sp in _chunks(sorted(set(story.values()))):
            for d, sid in conn.execute(
                sa.select(story_members.c.document_id, story_members.c.story_id).where(
                    story_members.c.story_id.in_(sp))
            ):
                members.setdefault(sid, set()).add(d)
        for d, sid in story.items():
            out[d] |= members.get(sid, set()) - {d}
        for a, b in conn.execute(
            sa.select(story_links.c.doc_a, story_links.c.doc_b).where(
                sa.or_(story_links.c.doc_a.in_(part), story_links.c.doc_b.in_(part)))
        ):
            if a in out:
                out[a].add(b)
            if b in out:
                out[b].add(a)
    return out


def _windows(rows: Sequence[Any], rules: MergeRules) -> dict[str, list[tuple[str, str]]]:
    """Per block, the date ranges (merged) in which a day-dated event could pair with one of
    these day-dated rows outside a story."""
    reach: dict[str, list[tuple[dt.date, dt.date]]] = {}
    tol = dt.timedelta(days=rules.tolerance_days)
    slack = dt.timedelta(days=rules.publication_slack_days)
    for r in rows:
        if r.date_precision != "day" or not r.date:
            continue
        iv = interval(_mention(r), rules)
        if iv is None:
            continue
        reach.setdefault(r.block, []).append((iv[0] - tol, iv[1] + tol + slack))
    out: dict[str, list[tuple[str, str]]] = {}
    for block, spans in reach.items():
        spans.sort()
        merged: list[list[dt.date]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        out[block] = [(lo.isoformat(), hi.isoformat()) for lo, hi in merged]
    return out


def _rows(conn: sa.Connection, where: Any, keys: Sequence[Any]) -> dict[int, Any]:
    """Event rows (with their documents' fields) where ``where(part)`` holds, ``keys`` in parts."""
    out: dict[int, Any] = {}
    for part in _chunks(sorted(set(keys))):
        out.update((r.id, r) for r in conn.execute(_select().where(where(list(part)))))
    return out


def _with_groups(conn: sa.Connection, rows: dict[int, Any], have: dict[int, Any]) -> dict[int, Any]:
    """These rows and every other mention of their canonical events (rows already in ``have``
    are taken from there)."""
    cids = {r.canonical_id for r in rows.values() if r.canonical_id is not None}
    out = dict(rows)
    if cids:
        for eid, r in _rows(conn, lambda part: events.c.canonical_id.in_(part), cids).items():
            out.setdefault(eid, have.get(eid, r))
    return out


def _halo(
    conn: sa.Connection, rows: Sequence[Any], rules: MergeRules, partner_map: dict[int, set[int]]
) -> dict[int, Any]:
    """The event rows a candidate pair can join to these rows (index lookups, same blocks):
    day-dated events within reach of their day-dated dates (one query per block, on the
    (block, date) index), and the events of their documents' story partners."""
    found: dict[int, Any] = {}
    q = _select().where(events.c.block == sa.bindparam("block"), events.c.date_precision == "day",
                        events.c.date.in_(sa.bindparam("days", expanding=True)))
    for block, spans in _windows(rows, rules).items():
        days = sorted({(dt.date.fromisoformat(lo) + dt.timedelta(days=k)).isoformat()
                       for lo, hi in spans for k in range((dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days + 1)})
        for part in _chunks(days):
            found.update((r.id, r) for r in conn.execute(q, {"block": block, "days": list(part)}))
    docs = {r.document_id for r in rows}
    missing = sorted(docs - partner_map.keys())
    if missing:
        partner_map.update(_partners(conn, missing))
    wanted: set[tuple[str, int]] = set()
    for r in rows:
        if r.block:
            wanted.update((r.block, d) for d in partner_map[r.document_id])
    if wanted:
        for eid, r in _rows(conn, lambda part: events.c.document_id.in_(part), [d for _b, d in wanted]).items():
            if (r.block, r.document_id) in wanted:
                found[eid] = r
    return found


def _bounded(
    conn: sa.Connection, doc_pks: Sequence[int], rules: MergeRules, known: dict[int, set[int]], report: MergeReport
) -> tuple[dict[int, Any], list[list[Mention]], dict[int, set[int]]]:
    """The free event rows of these documents (see the module docstring), their groups — what
    merging their whole blocks would give them — and the story partners of every document
    read."""
    partner_map: dict[int, set[int]] = dict(known)
    mentions: dict[int, Mention] = {}
    free: dict[int, Any] = {}
    fixed: dict[int, Any] = {}
    key: dict[int, int] = {}  # fixed mention -> its group (canonical id; -id when not merged yet)
    new = _with_groups(conn, _rows(conn, lambda part: events.c.document_id.in_(part), doc_pks), {})
    groups: dict[str, list[list[Mention]]] = {}
    while new:
        for eid, r in new.items():
            free[eid] = r
            fixed.pop(eid, None)
            key.pop(eid, None)
        halo = {eid: r for eid, r in _halo(conn, list(new.values()), rules, partner_map).items()
                if eid not in free and eid not in fixed}
        for eid, r in _with_groups(conn, halo, fixed).items():
            if eid not in free and eid not in fixed:
                fixed[eid] = r
                key[eid] = r.canonical_id if r.canonical_id is not None else -eid
        docs = {r.document_id for r in free.values()} | {r.document_id for r in fixed.values()}
        missing = sorted(docs - partner_map.keys())
        if missing:
            partner_map.update(_partners(conn, missing))
        dirty = {r.block or _block_of(r) for r in new.values()}
        by_block: dict[str, list[Mention]] = {b: [] for b in dirty}
        for part in (free, fixed):
            for eid, r in part.items():
                b = r.block or _block_of(r)
                if b in by_block:
                    if eid not in mentions:
                        mentions[eid] = _mention(r)
                    by_block[b].append(mentions[eid])
        conflicts: set[int] = set()
        for b, ms in by_block.items():
            report.rounds += 1
            groups[b], c = merge_within(ms, lambda x, y: y in partner_map.get(x, ()), rules,
                                        partners=partner_map, fixed={m.id: key[m.id] for m in ms if m.id in key})
            conflicts |= c
        new = {eid: r for eid, r in fixed.items() if key[eid] in conflicts}
    # groups in mention-id order (new canonical ids follow it, whatever order the blocks were grouped in)
    return free, sorted((g for gs in groups.values() for g in gs), key=lambda g: g[0].id), partner_map


@lru_cache(maxsize=None)
def symmetric_code(code: str) -> bool:
    """Whether the codebook marks an event code symmetric (either order of parties)."""
    try:
        return event_code(code).symmetric
    except KeyError:
        return False


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
        first_stored=_iso(min(rows[m.id].ingested_at for m in members)),
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


def _group(rows: dict[int, Any], partners: dict[int, set[int]], rules: MergeRules) -> list[list[Mention]]:
    """The groups of these event rows, merging each block whole."""
    by_block: dict[str, list[Mention]] = {}
    for r in rows.values():
        by_block.setdefault(r.block or _block_of(r), []).append(_mention(r))

    def related(a: int, b: int) -> bool:
        return b in partners.get(a, ())

    return [g for ms in by_block.values() for g in merge(ms, related, rules, partners=partners)]


def merge_rows(
    conn: sa.Connection,
    rows: dict[int, Any],
    rules: MergeRules,
    report: MergeReport,
    partners: dict[int, set[int]] | None = None,
    groups: list[list[Mention]] | None = None,
) -> None:
    """Recompute the canonical events of these event rows (whole blocks; ``groups``: their
    groups already computed, see :func:`_bounded`) and write the differences."""
    now = dt.datetime.now(dt.timezone.utc)
    if groups is None:
        if partners is None:
            partners = _partners(conn, sorted({r.document_id for r in rows.values()}))
        groups = _group(rows, partners, rules)
    report.blocks += len({r.block or _block_of(r) for r in rows.values()})
    report.mentions += len(rows)
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
    old_members: dict[int, set[int]] = {}
    for r in rows.values():
        if r.canonical_id is not None:
            old_members.setdefault(r.canonical_id, set()).add(r.id)
    dropped = sorted(set(old_members) - used)
    new = {gi for gi in range(len(groups)) if gi not in cid_of}
    # an event whose mentions did not change keeps its row as it is
    kept = [gi for gi in cid_of if old_members.get(cid_of[gi]) != {m.id for m in groups[gi]}]
    before = dropped + [cid_of[gi] for gi in kept]
    for part in _chunks(before):  # the keys they leave (the summary of those is recounted)
        report.touched_keys.update((b, d) for b, d in conn.execute(
            sa.select(canonical_events.c.block, canonical_events.c.date).where(canonical_events.c.id.in_(part))))
    report.touched_ids.update(before)
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

    written = {gi: row_of(groups[gi]) for gi in sorted(new) + kept}
    report.touched_keys.update((r["block"], r["date"]) for r in written.values())
    fresh = sorted(new)
    if fresh:
        ids = conn.execute(
            canonical_events.insert().returning(canonical_events.c.id, sort_by_parameter_order=True),
            [written[gi] for gi in fresh],
        ).scalars().all()
        cid_of.update(zip(fresh, ids))
        report.created += len(fresh)
        report.touched_ids.update(ids)
    if kept:
        conn.execute(
            canonical_events.update().where(canonical_events.c.id == sa.bindparam("cid")),
            [{"cid": cid_of[gi], **written[gi]} for gi in kept],
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


def _iso(value: Any) -> str | None:
    """A stored timestamp as ISO 8601 text (SQLite hands back naive datetimes)."""
    return value.isoformat() if isinstance(value, dt.datetime) else (str(value) if value is not None else None)


def _block_of(row: Any) -> str:
    return block_key(row.code[:2], row.source_side, row.target_side)


def _orphans(conn: sa.Connection, blocks: Sequence[str] | None) -> int:
    """Delete canonical events (of these blocks; None: all) that no event points to any more
    (their documents were extracted again)."""
    q = sa.select(canonical_events.c.id).where(~sa.exists().where(events.c.canonical_id == canonical_events.c.id))
    ids: set[int] = set()
    if blocks is None:
        ids = _ids(conn, q)
    else:
        for part in _chunks(sorted(blocks)):
            ids |= _ids(conn, q.where(canonical_events.c.block.in_(list(part))))
    for part in _chunks(sorted(ids)):
        conn.execute(canonical_events.delete().where(canonical_events.c.id.in_(list(part))))
    return len(ids)


def merge_events(
    engine: sa.Engine,
    doc_pks: Sequence[int] | None,
    rules: MergeRules | None = None,
    *,
    extra_blocks: Sequence[str] = (),
    batch: int = 200,
    quiet: set[int] | frozenset[int] = frozenset(),
    then: Callable[[sa.Connection, MergeReport], None] | None = None,
) -> MergeReport:
    """Merge the events of these documents (and of the documents sharing a story with them)
    with every stored event they can reach; ``extra_blocks`` — blocks that lost events (a
    re-extraction) — are cleared of canonical events left without mentions. ``doc_pks=None``
    recomputes every block, one transaction per ``batch`` blocks. ``quiet``: documents among
    ``doc_pks`` that joined their story without changing any other's (see
    :func:`_affected_docs`). ``then(conn, report)`` runs in the merge's transaction (the
    derived tables follow the merge, or neither is written)."""
    rules = rules or MergeRules()
    report = MergeReport()
    if doc_pks is None:
        with engine.connect() as conn:
            blocks = sorted(b for b in conn.execute(sa.select(events.c.block).distinct()).scalars() if b)
        for i in range(0, len(blocks), batch):
            with engine.begin() as conn:
                merge_rows(conn, _load_blocks(conn, blocks[i : i + batch]), rules, report)
        with engine.begin() as conn:
            report.removed += _orphans(conn, None)
        return report
    with engine.begin() as conn:
        docs, known = _affected_docs(conn, doc_pks, quiet)
        rows, groups, partners = _bounded(conn, docs, rules, known, report)
        if rows:
            merge_rows(conn, rows, rules, report, partners, groups)
        if extra_blocks:
            report.removed += _orphans(conn, extra_blocks)
        if then is not None:
            then(conn, report)
    return report
