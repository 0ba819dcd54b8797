"""Stories: recognise the same story across outlets.

Stages, each a pure function (the store only persists what they decide):

* :mod:`~marsad.stories.minhash` — a document's fingerprint: word 3-grams of the folded
  body without function words, a 128-value MinHash of the whole body and a 32-value
  MinHash per sentence ("passage").
* :mod:`~marsad.stories.index` — LSH band keys of a fingerprint (document bands and
  passage bands), stored in ``story_buckets`` so a new document finds its candidates
  without rescanning the corpus.
* :mod:`~marsad.stories.cluster` — the linking rule (``same`` / ``contain`` / ``part``
  within a publication-date window) and the clustering of linked documents into stories
  (union-find; roundups do not glue stories together).

Use after documents are stored::

    from marsad.stories import assign_stories
    res = store.write_batch(docs, rejected, run_id)
    assign_stories(store, docs)          # or assign_stories(store) for every unassigned document
    store.list_stories()                 # multi-document stories, largest first
    store.story_of("some-doc-id")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .cluster import Item, Link, Thresholds, compare, stories_from_links
from .index import band_keys
from .minhash import Fingerprint, fingerprint

if TYPE_CHECKING:
    from ..model import Document
    from ..store.db import Store, StoryReport

__all__ = [
    "Fingerprint",
    "Item",
    "Link",
    "Thresholds",
    "assign_stories",
    "band_keys",
    "compare",
    "document_fingerprint",
    "fingerprint",
    "stories_from_links",
]


def document_fingerprint(doc: "Document") -> Fingerprint:
    """The story fingerprint of a document (a pure function of it: ingest workers compute it
    beside the extraction, so the process writing the store does not)."""
    return fingerprint(doc.text, doc.sentences or doc.paragraphs or doc.body, doc.paragraphs)


def assign_stories(
    store: "Store",
    docs: Sequence["Document"] | None = None,
    *,
    thresholds: Thresholds | None = None,
    batch: int = 500,
    fingerprints: Mapping[str, Fingerprint] | None = None,
) -> "StoryReport":
    """Give stories to the stored documents among ``docs`` (matched by content hash, so
    renamed documents are found) that have none yet; ``docs=None`` does it for every
    stored document without one. Safe to call twice (idempotent) and in any order of
    arrival (the stories depend only on the set of documents). ``fingerprints``: those
    already computed (:func:`document_fingerprint`), by content hash."""
    return store.assign_stories(docs, thresholds=thresholds, batch=batch, fingerprints=fingerprints)
