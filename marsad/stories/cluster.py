"""When two documents tell the same story, and how linked documents form stories.

Both parts are pure functions of the documents' fingerprints and dates, so the stories a
database ends up with do not depend on the order documents arrived in.

The linking rule (:func:`compare`)
==================================
Two documents are compared only when their publication dates are at most
``window_days`` apart (a document without a date is compared by content alone). With
``J`` the estimated Jaccard of their word 3-gram sets, ``C`` the estimated share of the
smaller set found in the larger, ``shared`` the estimated number of common 3-grams, and
*shared passages* the sentence pairs whose estimated Jaccard is at least
``passage_jaccard``, the first rule that holds names the link:

* ``same`` — ``J ≥ same_jaccard`` (and ``shared ≥ same_shared``): the same report,
  lightly edited.
* ``contain`` — ``C ≥ contain`` and ``shared ≥ shared``: a short item copied into a longer
  article.
* ``overlap`` — ``J ≥ weak_jaccard``, at least one shared passage, ``shared ≥ shared``
  and a common vocabulary (``W ≥ word_contain``: the share of the smaller document's
  distinct content words found in the other): two outlets rewrote one wire report, kept
  some sentences word for word and paraphrased the rest (seeds 002 and 004: J ≈ 0.2,
  W ≈ 0.75). A roundup shares a paragraph with a story but little vocabulary (W ≈ 0.3).
* ``part`` — shared passages holding at least ``part_shared`` 3-grams on both sides, the
  documents otherwise different: one paragraph of a roundup reports the other's story.

Every link but ``same`` names its *host*: the longer document, for which the shared text
is the smaller share of itself (the container, the roundup). Absolute counts (``shared``,
``part_shared``) keep official formulas (“بحث الجانبان سبل تعزيز التعاون ...”) from linking
unrelated reports: two or three formula sentences are not enough.

Calibrated on the dev split of the corpora and the seeds against the gold story groups;
the figures are printed by ``tests/integration/test_stories_store.py`` (``-s``) and
``bench/stories.py --gold``.

Stories from links (:func:`stories_from_links`)
===============================================
1. ``same`` links join documents (union-find).
2. ``contain`` and ``overlap`` links join their documents too, except around a *roundup*:
   a document linked to two or more groups of step 1 (its own included when a ``same``
   link put it there) through disjoint paragraphs of itself (one item about each story).
   A roundup joins only its strongest group (its own, else a ``contain`` link first, then
   the most shared 3-grams); its links to the others stay partial. A document linked to two groups through the same paragraphs — a long article
   that rewrites what two shorter reports each said — joins both.
3. ``part`` links never join. Any link whose two documents end in different stories is a
   *partial membership*: the roundup (for a link a roundup kept partial) or else the host
   (the longer document) takes part in the other document's story through the paragraphs
   named on the link. So a roundup links to each story it covers without gluing them
   together.

A new document linked to two stories merges them (the store records the merge). The result
depends only on the documents and their links, never on the order they arrived in:
roundups are decided against the groups of step 1 and ties are broken by document key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .minhash import Fingerprint, containment, jaccard, passage_jaccard, word_containment

__all__ = ["JOINING", "Clustering", "Item", "Link", "Thresholds", "UnionFind", "cluster_links", "compare", "day_gap", "stories_from_links"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The linking rule's parameters (see the module docstring). One database should keep
    one set: links already stored are not re-decided when these change."""

    window_days: int = 3
    same_jaccard: float = 0.30
    same_shared: int = 30
    weak_jaccard: float = 0.08
    word_contain: float = 0.45
    contain: float = 0.60
    shared: int = 40
    passage_jaccard: float = 0.60
    part_shared: int = 40


@dataclass(frozen=True, slots=True)
class Item:
    """What the linking rule knows of one document: a stable key (its ``doc_id``), its
    publication date and its fingerprint."""

    key: str
    published: str | None
    fp: Fingerprint


@dataclass(slots=True)
class Link:
    """A verified relation between documents ``a`` and ``b`` (``a.key < b.key``)."""

    a: str
    b: str
    kind: str  # same | overlap | contain | part
    jaccard: float
    containment: float
    passages: int  # shared passages (sentence pairs at or above passage_jaccard)
    shared: float  # estimated number of shared 3-grams
    score: float  # jaccard (same, overlap), containment (contain), best passage Jaccard (part)
    gap_days: int | None = None
    host: str | None = None  # overlap / contain / part: the longer document (a or b)
    spans_a: list[list[int]] = field(default_factory=list)  # paragraphs of a holding shared passages
    spans_b: list[list[int]] = field(default_factory=list)
    words: float = 0.0  # estimated share of the smaller vocabulary found in the other



def day_gap(a: str | None, b: str | None) -> int | None:
    """Days between two ``YYYY-MM-DD`` dates (None when either is unknown or malformed)."""
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _spans(rows: np.ndarray) -> list[list[int]]:
    """Distinct paragraph spans (columns 2, 3) of the given passage rows, in text order."""
    seen = sorted({(int(r[2]), int(r[3])) for r in rows})
    return [list(s) for s in seen]


def compare(x: Item, y: Item, th: Thresholds = Thresholds()) -> Link | None:
    """The link between two documents, or None when they do not tell the same story."""
    if x.key == y.key or x.fp.empty or y.fp.empty:
        return None
    a, b = (x, y) if x.key < y.key else (y, x)
    gap = day_gap(a.published, b.published)
    if gap is not None and gap > th.window_days:
        return None
    fa, fb = a.fp, b.fp
    j = jaccard(fa, fb)
    c = containment(fa, fb, j)
    common = j * (fa.shingles + fb.shingles) / (1.0 + j)  # estimated shared 3-grams
    pj = passage_jaccard(fa, fb)
    hit = pj >= th.passage_jaccard
    shared = int(np.count_nonzero(hit))
    rows_a = fa.passages[hit.any(axis=1)] if shared else fa.passages[:0]
    rows_b = fb.passages[hit.any(axis=0)] if shared else fb.passages[:0]
    grams_a, grams_b = int(rows_a[:, 4].sum()), int(rows_b[:, 4].sum())
    # the host: the longer document (the shared text is the smaller share of it)
    host = b.key if fb.shingles > fa.shingles else a.key
    if j >= th.same_jaccard and common >= th.same_shared:
        kind, score, host = "same", j, None
    elif c >= th.contain and common >= th.shared:
        kind, score = "contain", c
    elif j >= th.weak_jaccard and shared and common >= th.shared and word_containment(fa, fb) >= th.word_contain:
        kind, score = "overlap", j
    elif shared and min(grams_a, grams_b) >= th.part_shared:
        kind, score = "part", float(pj.max())
    else:
        return None
    return Link(
        a.key, b.key, kind, round(j, 4), round(c, 4), shared, round(common, 1), round(float(score), 4), gap, host,
        _spans(rows_a), _spans(rows_b), round(word_containment(fa, fb), 4),
    )


class UnionFind:
    """Disjoint sets whose root is always the smallest key, whatever the order of unions
    (string document keys here; batch also uses it on integer ordinals). A key not seen
    before is its own set."""

    def __init__(self, keys: Iterable[Any] = ()) -> None:
        self.parent: dict[Any, Any] = {k: k for k in keys}

    def find(self, k: Any) -> Any:
        self.parent.setdefault(k, k)
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the smaller key is the root: deterministic whatever the order
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


#: Link kinds that can join two documents into one story (in order of strength).
JOINING = ("same", "contain", "overlap")


def _spans_of(link: Link, key: str) -> set[tuple[int, int]]:
    return {(s, e) for s, e in (link.spans_a if link.a == key else link.spans_b)}


@dataclass(slots=True)
class Clustering:
    """Stories (sorted lists of keys, sorted by first key) and the links a roundup keeps
    only as partial memberships: ``(a, b)`` → the roundup's key."""

    stories: list[list[str]]
    roundup_of: dict[tuple[str, str], str]
    #: step 1's group of every key (the group's smallest key), how many groups of step 1 the
    #: joining links of a key reach (its own counted when it has a ``same`` link), and the
    #: keys with a ``same`` link: what an incremental join needs to know (see the store)
    step1: dict[str, str] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    own_linked: set[str] = field(default_factory=set)


def cluster_links(keys: Sequence[str], links: Iterable[Link]) -> Clustering:
    """Group documents into stories from their links (see the module docstring)."""
    uf = UnionFind(keys)
    joining: dict[str, list[Link]] = {}
    for link in links:
        if link.kind in JOINING:
            joining.setdefault(link.a, []).append(link)
            joining.setdefault(link.b, []).append(link)
        if link.kind == "same":
            uf.union(link.a, link.b)
    # a document linked to two or more groups of step 1 (its own counts when it has a
    # ``same`` link there) through disjoint paragraphs of itself is a roundup: it keeps
    # only its strongest group. Decided against the groups of step 1 only.
    roundup_of: dict[tuple[str, str], str] = {}
    step1 = {k: uf.find(k) for k in keys}
    linked: dict[str, int] = {}
    own_linked: set[str] = set()
    for doc in sorted(joining):
        own = uf.find(doc)
        by_group: dict[str, list[Link]] = {}
        for link in joining[doc]:
            g = uf.find(link.b if link.a == doc else link.a)
            if g != own or link.kind == "same":
                by_group.setdefault(g, []).append(link)
            if link.kind == "same":
                own_linked.add(doc)
        linked[doc] = len(by_group)
        if len(by_group) < 2:
            continue
        regions = {g: set().union(*(_spans_of(l, doc) for l in ls)) for g, ls in by_group.items()}
        if not all(regions.values()):
            continue  # some link is document-level only: no sign of separate items
        best = min(
            by_group,
            key=lambda g: (
                g != own,  # its own story first (same links have already joined it)
                -max(l.kind == "contain" for l in by_group[g]),  # then a contained report
                -max(l.shared for l in by_group[g]),
                g,
            ),
        )
        for g, ls in by_group.items():
            if g != best and not (regions[g] & regions[best]):
                for l in ls:
                    roundup_of.setdefault((l.a, l.b), doc)
    for ls in joining.values():
        for link in ls:
            if link.kind != "same" and (link.a, link.b) not in roundup_of:
                uf.union(link.a, link.b)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(uf.find(k), []).append(k)
    return Clustering(sorted((sorted(g) for g in groups.values()), key=lambda g: g[0]), roundup_of, step1, linked,
                      own_linked)


def stories_from_links(keys: Sequence[str], links: Iterable[Link]) -> list[list[str]]:
    """The stories of :func:`cluster_links`: sorted lists of keys, sorted by first key;
    every key is in exactly one."""
    return cluster_links(keys, links).stories
