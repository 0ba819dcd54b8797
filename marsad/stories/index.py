"""Locality-sensitive hashing (LSH) band keys: how a new document finds its candidates.

A signature is cut into *bands* of ``rows`` consecutive values; each band becomes one
64-bit *bucket key* (a hash of the level, the band number and the band's values). Two
documents that share a key agree on a whole band and are *candidates*; every candidate is
then verified on the full signatures (:mod:`marsad.stories.cluster`). The keys are stored in
the ``story_buckets`` table, so a new document is matched by looking up its own keys: the
cost per document is its number of keys plus the candidates returned, whatever the corpus
size.

Two levels, each tuned to what it must find:

* ``doc`` — :data:`DOC_BANDS` bands of :data:`DOC_ROWS` values over the 128-value document
  signature: a pair is a candidate with probability ``1 - (1 - J**4)**32``: 0.23 at Jaccard
  0.3, 0.56 at 0.4, 0.87 at 0.5, 0.99 at 0.6; unrelated news (J ≈ 0.02) almost never.
* ``passage`` — :data:`PASSAGE_BANDS` bands of :data:`PASSAGE_ROWS` values over each
  sentence's 32-value signature: one shared sentence (J ≥ 0.7) makes two documents
  candidates with probability ≥ 0.92, two shared sentences ≥ 0.99. This catches a short
  item copied into a longer article and a roundup paragraph, whose document-level Jaccard
  is small.
"""

from __future__ import annotations

import numpy as np

from .minhash import Fingerprint

__all__ = ["DOC_BANDS", "DOC_ROWS", "MAX_BUCKET", "PASSAGE_BANDS", "PASSAGE_ROWS", "band_keys", "band_keys_many"]

DOC_BANDS, DOC_ROWS = 32, 4
#: A bucket carried by more than this many documents is *over-full* (boilerplate shared too
#: widely to say anything) and gives no candidate pairs — by its final size, to every document:
#: the store (``Store.assign_stories``, which counts sizes in ``story_bucket_sizes`` and drops a
#: bucket for the documents before it too when it fills up) and the batch engine
#: (:func:`marsad.batch.steps.bucket_pairs`) apply this one rule (docs/ARCHITECTURE.md).
MAX_BUCKET = 200
PASSAGE_BANDS, PASSAGE_ROWS = 6, 3

_LEVEL_DOC, _LEVEL_PASSAGE = np.uint64(0x646F63), np.uint64(0x7061737361)
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xBF58476D1CE4E5B9)
_K3 = np.uint64(0x94D049BB133111EB)


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(30)
    h *= _K2
    h ^= h >> np.uint64(27)
    h *= _K3
    h ^= h >> np.uint64(31)
    return h


def _keys(bands: np.ndarray, level: np.uint64) -> np.ndarray:
    """``bands``: (..., n_bands, rows) uint32 → (..., n_bands) int64 keys."""
    n_bands = bands.shape[-2]
    start = np.full(n_bands, level, dtype=np.uint64) * _K1 + np.arange(n_bands, dtype=np.uint64) * _K2
    h = np.broadcast_to(start, bands.shape[:-1]).copy()
    for r in range(bands.shape[-1]):
        h ^= bands[..., r].astype(np.uint64)
        h = _mix(h)
    return h.view(np.int64)


def band_keys(fp: Fingerprint) -> list[int]:
    """The distinct bucket keys of a fingerprint (document bands, then passage bands)."""
    return band_keys_many([fp])[0]


def band_keys_many(fps: list[Fingerprint]) -> list[list[int]]:
    """:func:`band_keys` of many fingerprints at once (vectorized)."""
    if not fps:
        return []
    sigs = np.stack([fp.signature[: DOC_BANDS * DOC_ROWS] for fp in fps]).reshape(len(fps), DOC_BANDS, DOC_ROWS)
    doc = _keys(sigs, _LEVEL_DOC).tolist()
    counts = [len(fp.passages) for fp in fps]
    if sum(counts):
        psig = np.concatenate([fp.passage_sigs[:, : PASSAGE_BANDS * PASSAGE_ROWS] for fp in fps])
        pk = _keys(psig.reshape(-1, PASSAGE_BANDS, PASSAGE_ROWS), _LEVEL_PASSAGE).reshape(-1).tolist()
    else:
        pk = []
    out: list[list[int]] = []
    pos = 0
    for i, fp in enumerate(fps):
        n = counts[i] * PASSAGE_BANDS
        out.append([] if fp.empty else list(dict.fromkeys(doc[i] + pk[pos : pos + n])))
        pos += n
    return out
