"""Canonical events in the store: events of different documents merged into one record per
real-world event (the rule is :mod:`marsad.stories.events`; this module reads and writes).

Each stored event row carries its merge ``block`` (root and the two parties). After new
documents are stored and given stories, :func:`merge_events` recomputes the part of the
graph of candidate pairs the new documents can reach, and writes the differences:

* start from the events of the new documents and of the documents sharing a story or a
  story link with them;
* widen, in the same blocks, to (a) day-dated events whose dates come within reach of a
  loaded day-dated event (the only pairs the rule allows outside a story), (b) the events
  of documents sharing a story or a story link with a loaded document, and (c) the other
  mentions of the canonical events already loaded; repeat until nothing new comes in.

No candidate pair crosses the edge of that set, so merging it alone gives what merging the
whole blocks would, at a cost that follows the new documents' neighbourhood rather than the
size of the corpus (a hot block such as 04|EGY|USA holds thousands of events). A canonical
event keeps its id when most of its mentions stay together; one whose members did not
change is not rewritten.
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
from ..stories.events import Canonical, Mention, MergeRules, block_key, canonical, interval, merge
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


def _reachable(
    conn: sa.Connection, doc_pks: Sequence[int], rules: MergeRules, known: dict[int, set[int]] | None = None
) -> tuple[dict[int, Any], dict[int, set[int]]]:
    """The event rows the events of these documents can reach through candidate pairs and
    existing canonical events (see the module docstring), by event id, and the story
    partners of every document among them (``known``: partners already looked up)."""
    rows: dict[int, Any] = {}
    frontier: dict[int, Any] = {}
    for part in _chunks(sorted(doc_pks)):
        frontier.update((r.id, r) for r in conn.execute(_select().where(events.c.document_id.in_(list(part)))))
    partner_map: dict[int, set[int]] = dict(known or {})
    seen_canon: set[int] = set()
    while frontier:
        rows.update(frontier)
        blocks = sorted({r.block for r in frontier.values() if r.block})
        conds: list[Any] = []
        for block, spans in _windows(list(frontier.values()), rules).items():
            for lo, hi in spans:
                conds.append(sa.and_(events.c.block == block, events.c.date_precision == "day",
                                     events.c.date >= lo, events.c.date <= hi))
        # story partners of every document with a mention in the frontier (a document seen
        # before may have reached a new block)
        docs = {r.document_id for r in frontier.values()}
        missing = sorted(docs - partner_map.keys())
        if missing:
            partner_map.update(_partners(conn, missing))
        partners = set().union(*(partner_map[d] for d in docs))
        canon = {r.canonical_id for r in frontier.values() if r.canonical_id is not None} - seen_canon
        seen_canon |= canon
        found: dict[int, Any] = {}
        for i in range(0, len(conds), 200):
            found.update((r.id, r) for r in conn.execute(_select().where(sa.or_(*conds[i : i + 200]))))
        if partners and blocks:
            for part in _chunks(sorted(partners)):
                for bp in _chunks(blocks):
                    found.update((r.id, r) for r in conn.execute(_select().where(
                        events.c.document_id.in_(list(part)), events.c.block.in_(list(bp)))))
        for part in _chunks(sorted(canon)):
            found.update((r.id, r) for r in conn.execute(_select().where(events.c.canonical_id.in_(list(part)))))
        frontier = {k: v for k, v in found.items() if k not in rows}
    return rows, partner_map


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


def merge_rows(
    conn: sa.Connection,
    rows: dict[int, Any],
    rules: MergeRules,
    report: MergeReport,
    partners: dict[int, set[int]] | None = None,
) -> None:
    """Recompute the canonical events of these event rows (a set no candidate pair leaves:
    whole blocks, or what :func:`_reachable` found) and write the differences."""
    now = dt.datetime.now(dt.timezone.utc)
    mentions = [_mention(r) for r in rows.values()]
    if partners is None:
        partners = _partners(conn, sorted({m.doc for m in mentions}))

    def related(a: int, b: int) -> bool:
        return b in partners.get(a, ())

    by_block: dict[str, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(rows[m.id].block or _block_of(rows[m.id]), []).append(m)
    groups = [g for ms in by_block.values() for g in merge(ms, related, rules, partners=partners)]
    report.blocks += len(by_block)
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
    old_members: dict[int, set[int]] = {}
    for r in rows.values():
        if r.canonical_id is not None:
            old_members.setdefault(r.canonical_id, set()).add(r.id)
    dropped = sorted(set(old_members) - used)
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
    new = set(fresh)
    # an event whose mentions did not change keeps its row as it is
    kept = [gi for gi in cid_of if gi not in new and old_members.get(cid_of[gi]) != {m.id for m in groups[gi]}]
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
) -> MergeReport:
    """Merge the events of these documents (and of the documents sharing a story with them)
    with every stored event they can reach; ``extra_blocks`` — blocks that lost events (a
    re-extraction) — are cleared of canonical events left without mentions. ``doc_pks=None``
    recomputes every block, one transaction per ``batch`` blocks. ``quiet``: documents among
    ``doc_pks`` that joined their story without changing any other's (see
    :func:`_affected_docs`)."""
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
        rows, partners = _reachable(conn, docs, rules, known)
        if rows:
            merge_rows(conn, rows, rules, report, partners)
        if extra_blocks:
            report.removed += _orphans(conn, extra_blocks)
    return report
