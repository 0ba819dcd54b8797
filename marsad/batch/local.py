"""``marsad batch --engine local``: the batch run on one machine, documents built in a pool of
worker processes (:func:`marsad.batch.work.build`), the cross-document steps
(:mod:`marsad.batch.steps`) in the driver.

Memory is bounded: documents and persons stream to Parquet as they are built; at most
``IN_FLIGHT`` inputs are between the reader and the driver at once; what the
cross-document steps need of each document — its fingerprint, band keys and event records —
goes to temporary files (:mod:`marsad.batch.spill`, under ``TMPDIR``), and the driver keeps
a few hundred bytes per document and per event mention (ids, dates, outlets, merge keys).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..export.parquet import ParquetFile, PartitionedParquet
from ..export.tables import DOCUMENTS, EVENTS, MENTIONS, PERSONS, STORIES, event_row, mention_row, person_row, story_row
from ..ingest.readers import ReaderSettings
from ..pipeline import warm
from ..stories.cluster import Item
from ..stories.events import Mention
from ..stories.minhash import Fingerprint
from . import steps
from .inputs import list_files, read_file
from .output import LINKS, REJECTIONS, Summary, link_row, out_paths
from .spill import Buckets, Pairs, Records
from .work import Built, build, mention_id, mentions_of, now, renamed_id

__all__ = ["IN_FLIGHT", "run_local"]

#: Inputs read ahead of the driver (handed to the workers or built, not yet consumed): the
#: pool's result queue never holds more than this.
IN_FLIGHT = 256


def _work(job: tuple[int, Any]) -> Built | dict[str, Any]:
    return build(*job)


class _Window:
    """At most ``size`` inputs between the reader and the driver: the reader (the pool's task
    thread) waits for a permit per input; the driver gives one back per result taken."""

    def __init__(self, size: int) -> None:
        self.permits = threading.Semaphore(size)
        self.size = size
        self.stopped = False

    def stop(self) -> None:
        """Let a waiting reader go and end (the run failed)."""
        self.stopped = True
        self.permits.release(self.size)


def _items(files: Sequence[str], rs: ReaderSettings, window: _Window | None = None) -> Iterator[tuple[int, Any]]:
    for i, f in enumerate(files):
        for item in read_file(i, f, rs):
            if window is not None:
                window.permits.acquire()  # given back when the driver has taken a result
                if window.stopped:
                    return
            yield item


def run_local(
    paths: Sequence[str], out: str, *, jobs: int = 1, reader: ReaderSettings | None = None,
    on_item: Callable[[], None] | None = None,
) -> Summary:
    rs = reader or ReaderSettings()
    files = list_files(paths)
    p = out_paths(out)
    for path in p.values():  # a new run replaces an earlier one's tables (as Spark's overwrite)
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (os.path.exists(path) and os.remove(path))
    with tempfile.TemporaryDirectory(prefix="marsad-batch-") as tmp:
        return _run(files, p, tmp, jobs, rs, on_item)


def _run(files: Sequence[str], p: dict[str, str], tmp: str, jobs: int, rs: ReaderSettings,
         on_item: Callable[[], None] | None) -> Summary:
    summary = Summary(engine="local", jobs=jobs)
    stored_at = now()
    warm()
    pool = None
    window = None
    if jobs > 1:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        pool = mp.get_context(method).Pool(jobs)
        window = _Window(IN_FLIGHT)
    hashes: set[str] = set()
    taken: set[str] = set()
    fps = Records(tmp, "fingerprints.bin")  # (doc_id, published, fingerprint bytes) per document
    fp_of: dict[int, int] = {}  # ordinal → handle in fps
    buckets = Buckets(tmp)
    meta: dict[int, tuple[str, str | None, str | None, str | None]] = {}  # ordinal → doc_id, published, outlet, url
    blocks: dict[str, list[Mention]] = {}
    records = Records(tmp, "events.bin")  # event records
    record_of: dict[int, int] = {}  # mention id → handle in records
    done = False
    try:
        items = _items(files, rs, window)
        # a chunk is handed out only when it is full: with fewer permits than a chunk (or than the
        # chunks the workers hold) the reader would wait for results that cannot come
        chunk = max(1, min(8, window.size // (4 * jobs))) if window is not None else 1
        results = pool.imap(_work, items, chunksize=chunk) if pool else map(_work, items)
        with PartitionedParquet(p["documents"], DOCUMENTS, row_group=1000) as docs_w, PartitionedParquet(p["persons"], PERSONS) as pers_w, \
                ParquetFile(p["rejections"], REJECTIONS) as rej_w:
            for res in results:
                if window is not None:
                    window.permits.release()
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
                fp_of[b.ordinal] = fps.put((b.doc_id, b.published, b.shingles, b.signature, b.passages, b.words,
                                            b.vocabulary))
                buckets.add(b.ordinal, b.keys)
                meta[b.ordinal] = (b.doc_id, b.published, b.outlet, b.url)
                for i, (block, m) in enumerate(mentions_of(b)):
                    blocks.setdefault(block, []).append(m)
                    record_of[m.id] = records.put(b.events[i])
        done = True
    finally:
        if pool is not None:
            if done:
                pool.close()
                pool.join()
            else:
                if window is not None:
                    window.stop()
                pool.terminate()
    del hashes, taken

    def item(o: int) -> Item:
        doc_id, published, shingles, sig, passages, words, vocab = fps.get(fp_of[o])
        return Item(doc_id, published, Fingerprint.from_bytes(shingles, sig, passages, words, vocab))

    # stories: band keys → candidate pairs → links → components → stories
    pairs = Pairs(tmp)
    for part in buckets.pairs():
        pairs.add(part)
    found: list[tuple[int, int, Any]] = []
    for part in pairs.sorted():
        summary.candidates += len(part)
        last: tuple[int, Item] | None = None
        for a, b2 in part.tolist():
            if last is None or last[0] != a:
                last = (a, item(a))
            lk = steps.link(last[1], item(b2))
            if lk is not None:
                found.append((a, b2, lk))
    found.sort(key=lambda x: (x[0], x[1]))  # the order of the candidate pairs (p, q)
    links = [lk for _a, _b, lk in found]
    del found
    fps.close()
    summary.links = len(links)
    ordinal_of = {m[0]: o for o, m in meta.items()}
    comp = steps.union_components(ordinal_of, links)
    by_comp: dict[str, list[str]] = {}
    for k, root in comp.items():
        by_comp.setdefault(root, []).append(k)
    comp_links: dict[str, list[Any]] = {}
    for lk in links:
        comp_links.setdefault(comp[lk.a], []).append(lk)
    del comp
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
    del by_comp, comp_links
    linked: dict[int, set[int]] = {}
    with ParquetFile(p["links"], LINKS) as lk_w:
        for lk in links:
            a, b2 = ordinal_of[lk.a], ordinal_of[lk.b]
            linked.setdefault(a, set()).add(b2)
            linked.setdefault(b2, set()).add(a)
            lk_w.write(link_row(lk))
    del links, ordinal_of

    def info_of(ms: Sequence[Mention]) -> dict[int, dict[str, Any]]:
        """The records of one block's mentions, read back from disk."""
        return {m.id: {"record": records.get(record_of[m.id]), "doc_id": meta[m.doc][0]} for m in ms}

    # events merged per block
    event_of: dict[int, int] = {}
    with PartitionedParquet(p["events"], EVENTS) as ev_w:
        for block in sorted(blocks):
            ms = blocks[block]
            info = info_of(ms)
            partners = steps.partners_of_block((m.doc for m in ms), story_of, linked)
            for eid, rec, members, lead in steps.canonical_records(ms, partners, info, stored_at):
                for mid in members:
                    event_of[mid] = eid
                ev_w.write(event_row(eid, rec, lead_doc_id=info[lead]["doc_id"],
                                     source_url=_source_url(members, meta)))
                summary.events += 1
                summary.multi_events += rec.get("num_articles", 1) > 1
    with PartitionedParquet(p["mentions"], MENTIONS) as m_w:
        for block in sorted(blocks):
            for m in blocks[block]:
                doc_id, published, outlet, _url = meta[m.doc]
                m_w.write(mention_row(records.get(record_of[m.id]), mention_id=m.id, event_id=event_of.get(m.id),
                                      doc_id=doc_id, published=published, outlet=outlet, block=block))
                summary.mentions += 1
    records.close()
    return summary


def _source_url(members: Sequence[int], meta: dict[int, Any]) -> str | None:
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
