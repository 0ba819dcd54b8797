"""The cross-document steps of a batch run, as pure functions an engine maps over partitions.

Stories (the rules are :mod:`marsad.stories`; nothing is re-decided here):

1. **band keys → candidate pairs**: documents sharing an LSH bucket (:func:`bucket_pairs`;
   a bucket of more than ``max_bucket`` documents is boilerplate and ignored, as in the store);
2. **verify**: :func:`marsad.stories.cluster.compare` on each pair gives the links;
3. **connected components** of the joining links (``same``/``contain``/``overlap``);
4. **cluster** each component with :func:`marsad.stories.cluster.cluster_links` — the
   function the store's incremental path calls on the component it reaches.

Event merging (the rule is :mod:`marsad.stories.events`): mentions are grouped by merge
block; each block is merged with :func:`marsad.stories.events.merge` knowing which of its
documents are *partners* (same story, or a story link between them), and each group becomes
a record with :func:`marsad.stories.events.canonical` and the store's record builder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from ..stories import index
from ..stories.index import MAX_BUCKET
from ..stories.cluster import JOINING, Item, Link, Thresholds, UnionFind, cluster_links, compare
from ..stories.events import Mention, MergeRules, canonical, merge

__all__ = ["MAX_BUCKET", "bucket_pairs", "canonical_records", "cluster_component", "link", "partners_of_block",
           "union_components"]

def bucket_pairs(members: Sequence[int], max_bucket: int | None = None) -> list[tuple[int, int]]:
    """Candidate pairs ``(p, q)``, ``p < q``, of the documents (ordinals) of one bucket
    (none when it is over-full: more than ``max_bucket``, default :data:`MAX_BUCKET`)."""
    ms = sorted(set(members))
    if len(ms) < 2 or len(ms) > (index.MAX_BUCKET if max_bucket is None else max_bucket):
        return []
    return [(p, q) for i, p in enumerate(ms) for q in ms[i + 1 :]]


def link(a: Item, b: Item, th: Thresholds | None = None) -> Link | None:
    return compare(a, b, th or Thresholds())


def link_dict(lk: Link) -> dict[str, Any]:
    return {"a": lk.a, "b": lk.b, "kind": lk.kind, "jaccard": lk.jaccard, "containment": lk.containment,
            "passages": lk.passages, "shared": lk.shared, "score": lk.score, "gap_days": lk.gap_days,
            "host": lk.host, "spans_a": lk.spans_a, "spans_b": lk.spans_b, "words": lk.words}


def link_of(d: dict[str, Any]) -> Link:
    return Link(d["a"], d["b"], d["kind"], d["jaccard"], d["containment"], d["passages"], d["shared"], d["score"],
                d["gap_days"], d["host"], [list(s) for s in d["spans_a"] or []], [list(s) for s in d["spans_b"] or []],
                d["words"])


def union_components(keys: Iterable[str], links: Iterable[Link]) -> dict[str, str]:
    """Each key → the smallest key of its connected component over joining links."""
    uf = UnionFind(keys)
    for lk in links:
        if lk.kind in JOINING:
            uf.union(lk.a, lk.b)
    return {k: uf.find(k) for k in list(uf.parent)}


def cluster_component(keys: Sequence[str], links: Sequence[Link]) -> list[list[str]]:
    """The stories of one connected component (what the store computes for it)."""
    return cluster_links(sorted(keys), [lk for lk in links if lk.kind in JOINING]).stories


def partners_of_block(
    docs: Iterable[int], story_of: dict[int, int], linked: dict[int, set[int]]
) -> dict[int, set[int]]:
    """Within one block's documents: each document's partners (same story, or a story link)."""
    ds = sorted(set(docs))
    by_story: dict[int, set[int]] = {}
    for d in ds:
        by_story.setdefault(story_of.get(d, -d - 1), set()).add(d)
    present = set(ds)
    return {d: (by_story[story_of.get(d, -d - 1)] | (linked.get(d, set()) & present)) - {d} for d in ds}


def canonical_records(
    mentions: Sequence[Mention],
    partners: dict[int, set[int]],
    info: dict[int, dict[str, Any]],
    stored_at: dt.datetime,
    rules: MergeRules | None = None,
) -> list[tuple[int, dict[str, Any], list[int], int]]:
    """Merge one block: ``(event_id, record, member mention ids, lead mention id)`` per
    real-world event.
    ``info``: mention id → ``{"record", "doc_id"}``. The event id is the smallest member
    mention id (stable across runs of the same inputs)."""
    from ..store.canon import _record  # the store's record builder: one record format

    rules = rules or MergeRules()

    def related(a: int, b: int) -> bool:
        return b in partners.get(a, ())

    rows = {m.id: SimpleNamespace(record=info[m.id]["record"], doc_id=info[m.id]["doc_id"], ingested_at=stored_at)
            for m in mentions}
    out = []
    for group in merge(mentions, related, rules, partners=partners):
        c = canonical(group)
        out.append((group[0].id, _record(c, group, rows), [m.id for m in group], c.lead.id))
    return out
