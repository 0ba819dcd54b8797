"""Disk-backed state for ``marsad batch --engine local``: what the cross-document steps need
of every document, kept in temporary files instead of the driver's memory, so the driver
stays bounded (a few hundred bytes per document) however large the archive.

* :class:`Records` — objects pickled one after another in one file; ``put`` gives a handle
  (offset and length packed in one int), ``get`` reads the object back.
* :class:`Buckets` — ``(band key, ordinal)`` pairs, hash-partitioned by key into files of
  int64 pairs; :meth:`Buckets.pairs` reads one partition at a time and gives the candidate
  pairs of every bucket (what :func:`marsad.batch.steps.bucket_pairs` gives per bucket).
* :class:`Pairs` — those candidate pairs, partitioned by their first document, read back
  one partition at a time without repeats.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..stories import index

__all__ = ["Buckets", "Pairs", "Records"]


class Records:
    """Pickled objects in one append-only file under ``folder``."""

    def __init__(self, folder: str, name: str) -> None:
        self.path = os.path.join(folder, name)
        self._f = open(self.path, "wb+")  # noqa: SIM115 - closed by close()
        self._end = 0
        self._dirty = False

    def put(self, obj: Any) -> int:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        handle = (self._end << 32) | len(data)
        self._f.write(data)
        self._end += len(data)
        self._dirty = True
        return handle

    def get(self, handle: int) -> Any:
        if self._dirty:
            self._f.flush()
            self._dirty = False
        data = os.pread(self._f.fileno(), handle & 0xFFFFFFFF, handle >> 32)
        return pickle.loads(data)

    def close(self) -> None:
        self._f.close()


class Buckets:
    """LSH bucket membership on disk: ``add(ordinal, keys)`` while documents arrive, then
    :meth:`pairs`. Memory: ``parts`` buffers of at most ``buffer`` pairs."""

    def __init__(self, folder: str, parts: int = 64, buffer: int = 4096) -> None:
        self.paths = [os.path.join(folder, f"buckets-{i:03d}.bin") for i in range(parts)]
        self._bufs = [array("q") for _ in range(parts)]
        self.buffer = buffer
        for p in self.paths:
            open(p, "wb").close()

    def add(self, ordinal: int, keys: list[int]) -> None:
        n = len(self._bufs)
        for k in keys:
            buf = self._bufs[k % n]
            buf.append(k)
            buf.append(ordinal)
            if len(buf) >= 2 * self.buffer:
                self._flush(k % n)

    def _flush(self, i: int) -> None:
        with open(self.paths[i], "ab") as f:
            self._bufs[i].tofile(f)
        self._bufs[i] = array("q")

    def pairs(self, max_bucket: int | None = None) -> Iterator[np.ndarray]:
        """Per partition: the candidate pairs ``(p, q)``, ``p < q``, of its buckets of 2 to
        ``max_bucket`` documents, as an ``(n, 2)`` int64 array (a pair may come again from
        another bucket or partition; default :data:`marsad.stories.index.MAX_BUCKET`)."""
        top = index.MAX_BUCKET if max_bucket is None else max_bucket
        for i in range(len(self.paths)):
            self._flush(i)
        for path in self.paths:
            data = np.fromfile(path, dtype=np.int64).reshape(-1, 2)
            os.remove(path)
            if not len(data):
                continue
            data = np.unique(data, axis=0)  # sorted by key, then ordinal; one row per (key, document)
            keys = data[:, 0]
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            sizes = np.diff(np.r_[starts, len(keys)])
            out = []
            for s, n in zip(starts[(sizes >= 2) & (sizes <= top)].tolist(),
                            sizes[(sizes >= 2) & (sizes <= top)].tolist()):
                ms = data[s : s + n, 1]
                iu = np.triu_indices(n, 1)
                out.append(np.stack([ms[iu[0]], ms[iu[1]]], axis=1))
            if out:
                yield np.concatenate(out)


class Pairs:
    """Candidate pairs on disk, partitioned by their first ordinal: :meth:`add` arrays of
    pairs, then :meth:`sorted` gives each partition's distinct pairs in (p, q) order."""

    def __init__(self, folder: str, parts: int = 64) -> None:
        self.paths = [os.path.join(folder, f"pairs-{i:03d}.bin") for i in range(parts)]
        for p in self.paths:
            open(p, "wb").close()

    def add(self, pairs: np.ndarray) -> None:
        part = pairs[:, 0] % len(self.paths)
        for i in np.unique(part).tolist():
            with open(self.paths[i], "ab") as f:
                np.ascontiguousarray(pairs[part == i], dtype=np.int64).tofile(f)

    def sorted(self) -> Iterator[np.ndarray]:
        for path in self.paths:
            data = np.fromfile(path, dtype=np.int64).reshape(-1, 2)
            os.remove(path)
            if len(data):
                yield np.unique(data, axis=0)
