"""Fingerprints for near-duplicate detection: word 3-grams of the normalized body, MinHash.

A document's *fingerprint* is computed from its sentences (original offsets, see
:mod:`marsad.text.segment`):

* **Tokens.** Each sentence is folded (:func:`marsad.text.normalize.fold`: hamza/alef,
  ى/ي, ة/ه, harakat, digits) and cut into words; function words from
  ``marsad/data/stopwords.tsv`` are dropped, so every 3-gram carries content words.
* **Shingles.** Word 3-grams over the whole body (they may cross sentence boundaries). A
  body of one or two words is one shingle.
* **Document signature.** MinHash with :data:`NUM_PERM` permutations (datasketch 2.0,
  scheme ``affine32``, seed :data:`SEED`): the exact values
  ``datasketch.MinHash(num_perm=128, seed=1, hashfunc=shingle_hash).update_batch(shingles)``
  gives, computed here for all shingles at once with numpy. A 3-gram's hash combines the
  SHA-1 hashes of its three words, so each distinct word is hashed once per document.
* **Vocabulary signature.** MinHash (same permutations) of the set of distinct content
  words: two reports of one event use the same words even where they paraphrase, a
  roundup shares few words with each story it carries.
* **Passage signatures.** Every sentence with at least :data:`MIN_PASSAGE_SHINGLES`
  3-grams of its own (3-grams inside it) gets a signature of the first
  :data:`PASSAGE_PERM` permutations. Sentences and not paragraphs: outlets lay out the same
  wire text in different lines (one paragraph in one paper, fourteen in another), but the
  sentences stay the same. Each passage keeps its sentence span and the span of the
  paragraph holding it, so a match can name the paragraph of a roundup it came from.

Estimates: ``jaccard(a, b)`` is the share of equal signature positions;
``containment`` (how much of the smaller set lies in the larger) follows from the Jaccard
estimate and the exact set sizes: ``|A∩B| = J·(|A|+|B|)/(1+J)``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from ..lexicon.loader import load_table
from ..model import Span
from ..text.normalize import fold

__all__ = [
    "MIN_PASSAGE_SHINGLES",
    "NUM_PERM",
    "PASSAGE_PERM",
    "SCHEME",
    "SEED",
    "Fingerprint",
    "containment",
    "fingerprint",
    "jaccard",
    "passage_jaccard",
    "word_containment",
    "shingle_hash",
    "shingles",
    "stopwords",
    "tokens",
]

#: MinHash permutations of the document signature.
NUM_PERM = 128
#: Permutations kept per passage (the first PASSAGE_PERM of the same family).
PASSAGE_PERM = 32
#: Seed of the permutation family (fixed: signatures are stored and compared across runs).
SEED = 1
#: Words per shingle.
SHINGLE = 3
#: A sentence needs this many 3-grams of its own to be a passage.
MIN_PASSAGE_SHINGLES = 8
#: At most this many passages per document (the first ones: leads carry the story).
MAX_PASSAGES = 64
#: Names everything above plus the stop-word list version; stored with each fingerprint so
#: a database built with another scheme can be recognised.
SCHEME = "w3-p128x32-v128-s1"

_WORD = re.compile(r"[^\W_]+")
_U32 = np.dtype("<u4")
_I32 = np.dtype("<i4")


@cache
def stopwords() -> frozenset[str]:
    """The folded function words of ``stopwords.tsv``."""
    return frozenset(fold(str(r["word"])) for r in load_table("stopwords"))


def tokens(text: str) -> list[str]:
    """Content words of ``text`` in the folded view (function words dropped)."""
    stop = stopwords()
    return [w for w in _WORD.findall(fold(text)) if w not in stop]


def shingles(words: Sequence[str]) -> list[str]:
    """Word 3-grams in order (duplicates kept); one shingle for a text of one or two words."""
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2.0's ``MinHash(num_perm=NUM_PERM, seed=SEED).permutations`` (scheme
    ``affine32``: odd ``a``, any ``b``, drawn from ``RandomState(SEED)``), made here: importing
    datasketch loads scipy, some 60 MB of every process (a test checks the values agree)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _premix(hv: np.ndarray) -> np.ndarray:
    """datasketch's MurmurHash3 finalizer (scheme ``affine32``), in place on uint32."""
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return hv


@lru_cache(maxsize=1 << 14)
def _word_hash(word: str) -> bytes:
    """The first 4 bytes of the word's SHA-1 (a pure function, cached: news vocabulary
    repeats from one document to the next; 16,384 words hold the frequent words — a miss
    costs one SHA-1 of a short word, and 65,536 entries were full within 6,000 archive
    articles, some 15 MB with the words themselves)."""
    return hashlib.sha1(word.encode("utf-8")).digest()[:4]


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    """32-bit SHA-1 hash of each word, as uint64."""
    return np.frombuffer(b"".join(map(_word_hash, words)), dtype=_U32).astype(np.uint64)


def _combine(w: np.ndarray) -> np.ndarray:
    """Hash of each word 3-gram from its words' hashes (uint64 arithmetic, wraps)."""
    h = (w[:-2] << np.uint64(32)) | w[1:-1]
    h ^= w[2:] * np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def shingle_hash(shingle: bytes) -> int:
    """The 32-bit hash marsad gives one 3-gram (UTF-8 words joined by single spaces): usable
    as ``datasketch.MinHash(hashfunc=shingle_hash)``; a one- or two-word text is padded."""
    words = shingle.decode("utf-8").split(" ")
    w = _word_hashes(words + [""] * (SHINGLE - len(words)))
    return int(_combine(w)[0])


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What near-duplicate detection keeps of one document.

    ``passages`` is an ``(n, 5)`` int32 array: sentence start, end, paragraph start, end
    (original offsets) and the passage's distinct 3-gram count; ``passage_sigs`` is
    ``(n, PASSAGE_PERM)`` uint32."""

    shingles: int  # distinct word 3-grams of the body
    signature: np.ndarray  # uint32[NUM_PERM]: MinHash of the 3-grams
    passages: np.ndarray  # int32[n, 5]
    passage_sigs: np.ndarray  # uint32[n, PASSAGE_PERM]
    words: int = 0  # distinct content words
    vocabulary: np.ndarray = field(default_factory=lambda: np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32))

    @property
    def empty(self) -> bool:
        return self.shingles == 0

    def signature_bytes(self) -> bytes:
        return self.signature.astype(_U32).tobytes()

    def vocabulary_bytes(self) -> bytes:
        return self.vocabulary.astype(_U32).tobytes()

    def passage_bytes(self) -> bytes:
        """Passages and their signatures, row by row (5 int32 + PASSAGE_PERM uint32 each)."""
        n = len(self.passages)
        out = np.empty((n, 5 + PASSAGE_PERM), dtype=_U32)
        out[:, :5] = self.passages.astype(_I32).view(_U32)
        out[:, 5:] = self.passage_sigs
        return out.tobytes()

    @classmethod
    def from_bytes(
        cls, shingles: int, signature: bytes, passages: bytes, words: int = 0, vocabulary: bytes | None = None
    ) -> "Fingerprint":
        sig = np.frombuffer(signature, dtype=_U32).astype(np.uint32)
        rows = np.frombuffer(passages, dtype=_U32).reshape(-1, 5 + PASSAGE_PERM)
        vocab = (
            np.frombuffer(vocabulary, dtype=_U32).astype(np.uint32)
            if vocabulary
            else np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
        )
        return cls(shingles, sig, rows[:, :5].view(_I32).astype(np.int32), rows[:, 5:].astype(np.uint32), words, vocab)


_BLOCK_ROWS = 16384


def fingerprint(text: str, sentences: Sequence[Span], paragraphs: Sequence[Span] = ()) -> Fingerprint:
    """The fingerprint of a document given its original ``text``, its sentences (original
    offsets) and, for naming matched paragraphs, its paragraphs."""
    stop = stopwords()
    # fold once for the whole document: sentences are joined by line breaks, which fold keeps
    folded = fold("\n".join([s.of(text).replace("\n", " ") for s in sentences])).split("\n") if sentences else []
    words: list[str] = []
    # one object per distinct word: a long document repeats its vocabulary, and a list of
    # a million separate word strings alone takes some 70 MB
    same: dict[str, str] = {}
    bounds: list[tuple[int, int, Span]] = []  # token range of each sentence
    for s, piece in zip(sentences, folded):
        t = [same.setdefault(w, w) for w in _WORD.findall(piece) if w not in stop]
        bounds.append((len(words), len(words) + len(t), s))
        words.extend(t)
    del folded, same
    a, b = _permutations()
    if not words:
        return Fingerprint(
            0,
            np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32),
            np.zeros((0, 5), dtype=np.int32),
            np.zeros((0, PASSAGE_PERM), dtype=np.uint32),
        )
    wh = _word_hashes(words + [""] * (SHINGLE - len(words)) if len(words) < SHINGLE else words)
    hv = _premix(_combine(wh))
    # uint32 arithmetic wraps: mod 2**32. In blocks of rows, so a huge document never holds
    # its whole (shingles x NUM_PERM) matrix (memory stays bounded; same minima)
    signature = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    for i in range(0, len(hv), _BLOCK_ROWS):
        signature = np.minimum(signature, (hv[i : i + _BLOCK_ROWS, None] * a[None, :] + b[None, :]).min(axis=0))
    distinct = len(np.unique(hv))
    vocab = _premix(np.unique(wh[: len(words)]).astype(np.uint32))
    vocabulary = (vocab[:, None] * a[None, :] + b[None, :]).min(axis=0)
    para_starts = [p.start for p in paragraphs]
    rows: list[tuple[int, int, int, int, int]] = []
    cuts: list[int] = []  # [t0, last) of each passage, flattened, for one reduceat
    for t0, t1, s in bounds:
        last = t1 - SHINGLE + 1  # 3-grams wholly inside the sentence: positions t0 .. last-1
        if last - t0 < MIN_PASSAGE_SHINGLES:
            continue
        ps, pe = s.start, s.end
        if paragraphs:
            i = bisect_right(para_starts, s.start) - 1
            if i >= 0 and paragraphs[i].start <= s.start and s.end <= paragraphs[i].end:
                ps, pe = paragraphs[i].start, paragraphs[i].end
        rows.append((s.start, s.end, ps, pe, last - t0))
        cuts.extend((t0, last))
        if len(rows) >= MAX_PASSAGES:
            break
    if rows:
        m = cuts[-1]  # the passages use the shingles before this one only
        phv = hv[:m, None] * a[None, :PASSAGE_PERM] + b[None, :PASSAGE_PERM]
        head = np.vstack([phv, phv[:1]]) if m else phv[:0]  # a row past the end
        sigs = np.minimum.reduceat(head, cuts, axis=0)[::2]
    else:
        sigs = np.zeros((0, PASSAGE_PERM), dtype=np.uint32)
    return Fingerprint(distinct, signature, np.array(rows, dtype=np.int32).reshape(-1, 5), sigs, len(vocab), vocabulary)


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of two documents' 3-gram sets."""
    if a.empty or b.empty:
        return 0.0
    return float(np.count_nonzero(a.signature == b.signature)) / NUM_PERM


def containment(a: Fingerprint, b: Fingerprint, j: float | None = None) -> float:
    """Estimated share of the smaller document's 3-grams found in the other one."""
    if a.empty or b.empty:
        return 0.0
    j = jaccard(a, b) if j is None else j
    inter = j * (a.shingles + b.shingles) / (1.0 + j)
    return min(1.0, inter / min(a.shingles, b.shingles))


def word_containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller vocabulary (distinct content words) found in the
    other document's: how much the two talk about the same things, paraphrase included."""
    if not a.words or not b.words:
        return 0.0
    j = float(np.count_nonzero(a.vocabulary == b.vocabulary)) / NUM_PERM
    return min(1.0, j * (a.words + b.words) / (1.0 + j) / min(a.words, b.words))


def passage_jaccard(a: Fingerprint, b: Fingerprint) -> np.ndarray:
    """Estimated Jaccard of every passage of ``a`` with every passage of ``b``:
    a ``(len(a.passages), len(b.passages))`` float array."""
    if not len(a.passages) or not len(b.passages):
        return np.zeros((len(a.passages), len(b.passages)))
    eq = a.passage_sigs[:, None, :] == b.passage_sigs[None, :, :]
    return eq.mean(axis=2)
