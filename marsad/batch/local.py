"""``marsad batch --engine local``: the batch run on one machine, documents built in a pool of
worker processes (:func:`marsad.batch.work.build`), the cross-document steps
(:mod:`marsad.batch.steps`) in the driver.

Memory: documents and persons stream to Parquet as they are built; the driver keeps what
the cross-document steps need — each document's fingerprint (≈ 2–4 KB) and band keys, and
each event record — so it grows with the archive (≈ 10 KB per document); for archives
beyond one machine use ``--engine spark``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..export.parquet import ParquetFile, PartitionedParquet
from ..export.tables import DOCUMENTS, EVENTS, MENTIONS, PERSONS, STORIES, event_row, mention_row, person_row, story_row
from ..ingest.readers import ReaderSettings
from ..pipeline import warm
from ..stories.cluster import Item
from ..stories.events import Mention
from . import steps
from .inputs import list_files, read_file
from .output import LINKS, REJECTIONS, Summary, link_row, out_paths
from .work import Built, build, mention_id, mentions_of, now, renamed_id

__all__ = ["run_local"]


def _work(job: tuple[int, Any]) -> Built | dict[str, Any]:
    return build(*job)


def _items(files: Sequence[str], rs: ReaderSettings) -> Iterator[tuple[int, Any]]:
    for i, f in enumerate(files):
        yield from read_file(i, f, rs)


def run_local(
    paths: Sequence[str], out: str, *, jobs: int = 1, reader: ReaderSettings | None = None,
    on_item: Callable[[], None] | None = None,
) -> Summary:
    rs = reader or ReaderSettings()
    files = list_files(paths)
    p = out_paths(out)
    for path in p.values():  # a new run replaces an earlier one's tables (as Spark's overwrite)
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (os.path.exists(path) and os.remove(path))
    summary = Summary(engine="local", jobs=jobs)
    stored_at = now()
    warm()
    pool = None
    if jobs > 1:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        pool = mp.get_context(method).Pool(jobs)
    hashes: set[str] = set()
    taken: set[str] = set()
    fps: dict[int, Item] = {}
    buckets: dict[int, list[int]] = {}
    meta: dict[int, tuple[str, str | None, str | None, str | None]] = {}  # ordinal → doc_id, published, outlet, url
    blocks: dict[str, list[Mention]] = {}
    info: dict[int, dict[str, Any]] = {}
    try:
        results = pool.imap(_work, _items(files, rs), chunksize=8) if pool else map(_work, _items(files, rs))
        with PartitionedParquet(p["documents"], DOCUMENTS, row_group=1000) as docs_w, PartitionedParquet(p["persons"], PERSONS) as pers_w, \
                ParquetFile(p["rejections"], REJECTIONS) as rej_w:
            for res in results:
                summary.read += 1
                if on_item is not None:
                    on_item()
                if isinstance(res, dict):
                    rej_w.write(res)
                    summary.rejected += 1
                    continue
                b: Built = res
                if b.content_hash in hashes:  # the same text again: stored once
                    summary.present += 1
                    continue
                hashes.add(b.content_hash)
                if b.doc_id in taken:  # another text under a doc_id already used
                    b.rename(renamed_id(b))
                    summary.renamed += 1
                taken.add(b.doc_id)
                summary.documents += 1
                docs_w.write(b.doc)
                pers_w.write_many(person_row(x, doc_id=b.doc_id, published=b.published) for x in b.persons)
                fps[b.ordinal] = Item(b.doc_id, b.published, b.fingerprint())
                for k in b.keys:
                    buckets.setdefault(k, []).append(b.ordinal)
                meta[b.ordinal] = (b.doc_id, b.published, b.outlet, b.url)
                for i, (block, m) in enumerate(mentions_of(b)):
                    blocks.setdefault(block, []).append(m)
                    info[m.id] = {"record": b.events[i], "doc_id": b.doc_id, "block": block}
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    # stories: band keys → candidate pairs → links → components → stories
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        pairs.update(steps.bucket_pairs(members))
    del buckets
    summary.candidates = len(pairs)
    links = []
    for a, b2 in sorted(pairs):
        lk = steps.link(fps[a], fps[b2])
        if lk is not None:
            links.append(lk)
    summary.links = len(links)
    ordinal_of = {it.key: o for o, it in fps.items()}
    del fps
    comp = steps.union_components(ordinal_of, links)
    by_comp: dict[str, list[str]] = {}
    for k, root in comp.items():
        by_comp.setdefault(root, []).append(k)
    comp_links: dict[str, list[Any]] = {}
    for lk in links:
        comp_links.setdefault(comp[lk.a], []).append(lk)
    story_of: dict[int, int] = {}
    with PartitionedParquet(p["stories"], STORIES) as st_w:
        for root, keys in by_comp.items():
            for story in steps.cluster_component(keys, comp_links.get(root, [])):
                ords = [ordinal_of[k] for k in story]
                sid = min(ords)
                for o in ords:
                    story_of[o] = sid
                st_w.write(story_row(sid, story, [meta[o][1] for o in ords], [meta[o][2] for o in ords]))
                summary.stories += 1
                summary.multi_stories += len(story) > 1
    linked: dict[int, set[int]] = {}
    with ParquetFile(p["links"], LINKS) as lk_w:
        for lk in links:
            a, b2 = ordinal_of[lk.a], ordinal_of[lk.b]
            linked.setdefault(a, set()).add(b2)
            linked.setdefault(b2, set()).add(a)
            lk_w.write(link_row(lk))
    # events merged per block
    event_of: dict[int, int] = {}
    with PartitionedParquet(p["events"], EVENTS) as ev_w:
        for block in sorted(blocks):
            ms = blocks[block]
            partners = steps.partners_of_block((m.doc for m in ms), story_of, linked)
            for eid, rec, members, lead in steps.canonical_records(ms, partners, info, stored_at):
                for mid in members:
                    event_of[mid] = eid
                ev_w.write(event_row(eid, rec, lead_doc_id=info[lead]["doc_id"],
                                     source_url=_source_url(members, info, meta)))
                summary.events += 1
                summary.multi_events += rec.get("num_articles", 1) > 1
    with PartitionedParquet(p["mentions"], MENTIONS) as m_w:
        for block in sorted(blocks):
            for m in blocks[block]:
                doc_id, published, outlet, _url = meta[m.doc]
                m_w.write(mention_row(info[m.id]["record"], mention_id=m.id, event_id=event_of.get(m.id),
                                      doc_id=doc_id, published=published, outlet=outlet, block=block))
                summary.mentions += 1
    return summary


def _source_url(members: Sequence[int], info: dict[int, dict[str, Any]], meta: dict[int, Any]) -> str | None:
    """URL of the earliest-published report that has one (ties: the lowest mention id)."""
    best = None
    for mid in members:
        o = mid >> 12
        _doc, published, _outlet, url = meta[o]
        if url:
            key = (published or "9999", mid)
            if best is None or key < best[0]:
                best = (key, url)
    return best[1] if best else None


_ = mention_id  # re-exported for engines
