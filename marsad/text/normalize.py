"""Arabic normalization with a map back to the original characters.

``normalize(text)`` returns a :class:`NormText`: the *matching view* of a document (what
lexicons and patterns are compared against) plus a map from every normalized position to
character offsets in the original ``text``. ``fold(text)`` returns the same string without
the map, for lexicon entries and other short strings.

What the normalized view is
===========================

Each step below is applied; the result is the fixed point of "NFKC, then fold" (see
*Definition*):

* **Unicode NFKC.** Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF) become base
  letters; a ligature such as ``ﻻ`` becomes two characters (``لا``), ``ﷺ`` becomes a whole
  phrase, ``…`` becomes ``...``, ``²`` becomes ``2``, fullwidth Latin becomes ASCII.
* **Deleted:** harakat and other Arabic marks (U+064B–065F, U+0670 superscript alef,
  U+0610–061A, the Quranic annotation block U+06D6–06ED), tatweel U+0640, and invisible
  format characters: ZWSP/ZWNJ/ZWJ/LRM/RLM (U+200B–200F), ALM U+061C, BOM U+FEFF, soft
  hyphen U+00AD, word joiner and invisible operators (U+2060–2064), bidi embeddings and
  isolates (U+202A–202E, U+2066–2069).
* **Hamza is treated as a diacritic on its seat:** ``أ إ آ ٱ ٲ ٳ`` → ``ا``, ``ؤ`` → ``و``,
  ``ئ`` → ``ي`` (and the rarer ``ۀ ۂ ۓ`` → ``ە ہ ے``). Standalone ``ء`` is a letter and is
  kept. This is the only choice under which a precomposed letter and its decomposed
  spelling (``ي`` + U+0654 HAMZA ABOVE, which NFKC composes to ``ئ``) fold alike, because
  U+0654/U+0655 and the madda U+0653 are deleted with the other marks. The price: the
  regional alternation ``مسئول``/``مسؤول`` (Egyptian/Gulf, about 1 in 10 occurrences in our
  corpora) folds to two strings, ``مسيول``/``مسوول``; lexicons list both spellings.
* **Letter variants:** ``ى`` → ``ي`` (so Egyptian ``فى`` matches ``في``), ``ة`` → ``ه``;
  Persian-keyboard ``ی`` → ``ي`` and ``ک`` → ``ك``.
* **Digits and separators:** Arabic-Indic ``٠``–``٩`` and Persian ``۰``–``۹`` → ``0``–``9``;
  ``٫`` → ``.``, ``٬`` → ``,``, ``٪`` → ``%``.
* **Kept as they are:** the Arabic comma ``،``, semicolon ``؛`` and question mark ``؟``
  (they are segmentation cues and never ambiguous with digits), line breaks, tabs, and
  runs of spaces (not collapsed: keeps the map 1:1 there).
* **Spaces and quotes:** every space separator (Unicode category Zs: NBSP, narrow NBSP,
  en/em spaces, ideographic space, ...) → ``" "``; ``« » “ ” „ ‟`` → ``"``; ``‘ ’ ‚ ‛`` → ``'``.

Definition
----------
Let *fold* be the character table above (deletions and one-to-one replacements) and
``F(s) = fold(NFKC(s))``. The normalized text is the first ``F(F(...F(text)))`` that no
longer changes; in practice ``F(text)`` itself, and never more than one more step. The
extra step only matters when deleting a mark lets two other characters compose (``e``,
U+0610, U+0301 → ``é``), and it makes normalization idempotent:
``normalize(normalize(x).text).text == normalize(x).text`` for every string.

The offset map
==============
The text is cut into pieces at *safe boundaries* (before ASCII, Arabic letters and other
starters that cannot combine with what precedes them); normalization of the whole text
is the concatenation of the pieces' normalizations. Almost always each original character
simply becomes zero, one or several normalized characters, and the map is exact per
character: a deleted character owns no normalized position, a kept one owns one, an
expanded one (``ﻻ`` → ``لا``) owns several which all map to that one original character.
Only when a piece composes across characters (``e`` + U+0301 → ``é``) do all of the
piece's normalized characters map to the whole original piece.

* ``orig_start(i)``: the original offset where normalized character ``i`` comes from.
* ``orig_end(j)``: the original end (exclusive) of a normalized span ending at ``j``. It
  covers the original characters of normalized character ``j - 1`` and extends over the
  *deleted* characters that follow it (trailing harakat, tatweel, invisible marks) up to,
  never past, the original position of normalized character ``j``. At the end of the text
  it extends to ``len(original)``.
* ``orig_span(i, j)`` = ``(orig_start(i), orig_end(j))``; both ends are non-decreasing and
  ``original[s:e]`` normalizes to a string that contains ``text[i:j]``.
* ``norm_pos(o)``: the first normalized position whose character starts at or after
  original offset ``o`` (``len(text)`` if none): maps an original span *end* into the view.
* ``norm_span(s, e)``: an original span mapped into the view, including a normalized
  character whenever its original extent overlaps ``[s, e)`` or starts in it.
* ``norm_positions(offsets)`` and ``norm_spans(spans)``: ``norm_pos`` and ``norm_span`` for
  many offsets at once (one pass in offset order), for the extract stages.

``normalize_shared(text)`` returns the same :class:`NormText` while it is asked for the same
string object again, so the extract stages of one document normalize it once.

Speed
=====
The common case (the text minus deleted characters is already NFKC-stable, which holds
for typical news even with NBSP, harakat and presentation forms) runs on regular
expressions and ``str.replace`` without a per-character Python loop: deleted runs and
expansions are found with one ``finditer``, one-to-one folds with ``str.replace`` for the
characters actually present. Only pieces that still need composition (``e`` + U+0301,
decomposed Latin, ...) go through the general path, one piece at a time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from types import MappingProxyType

__all__ = ["DELETED_RANGES", "FOLDED", "FOLDED_FROM", "NormText", "fold", "normalize", "normalize_shared"]

# --------------------------------------------------------------------------- tables

#: Code point ranges (inclusive) deleted from the normalized view.
DELETED_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0610, 0x061A),  # Arabic signs above/below (honorifics, small letters)
    (0x061C, 0x061C),  # ARABIC LETTER MARK
    (0x0640, 0x0640),  # tatweel ـ
    (0x064B, 0x065F),  # harakat: tanween, fatha, damma, kasra, shadda, sukun, hamza/madda marks, ...
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x06D6, 0x06ED),  # Quranic annotation signs
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
)

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

#: One-to-one replacements applied after NFKC (see the module docstring).
FOLDED: MappingProxyType[str, str] = MappingProxyType(
    {
        **dict.fromkeys("أإآٱٲٳ", "ا"),
        "ؤ": "و",
        "ئ": "ي",
        "ۀ": "ە",
        "ۂ": "ہ",
        "ۓ": "ے",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ة": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "٫": ".",
        "٬": ",",
        "٪": "%",
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys("«»“”„‟", '"'),
        **dict.fromkeys("‘’‚‛", "'"),
    }
)


def _folded_from() -> MappingProxyType[str, str]:
    inverse: dict[str, str] = {}
    for k, v in FOLDED.items():
        inverse[v] = inverse.get(v, v) + k
    return MappingProxyType(inverse)


#: For each character that ``FOLDED`` produces, itself followed by every character folded to
#: it (``"ي"`` → ``"يئىی"``): what a pattern matching *original* text must accept.
FOLDED_FROM: MappingProxyType[str, str] = _folded_from()

_DELETED: frozenset[str] = frozenset(chr(c) for a, b in DELETED_RANGES for c in range(a, b + 1))
_FOLD_TABLE: MappingProxyType[int, str | None] = MappingProxyType(
    {**{ord(c): None for c in _DELETED}, **{ord(k): v for k, v in FOLDED.items()}}
)

# Blocks scanned at import for characters whose normalization is not themselves (compatibility
# forms that news text really contains); anything else goes through the general path.
_COMPAT_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x00FF),  # Latin-1: NBSP, ², ½, ...
    (0x0600, 0x06FF),  # Arabic (ٵ-ٸ high hamza compatibility letters)
    (0x2000, 0x206F),  # general punctuation: … ‥ ″ spaces
    (0xFB00, 0xFDFF),  # Latin/Hebrew ligatures, Arabic presentation forms A
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility and small forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
    (0xFF00, 0xFFEF),  # half- and fullwidth forms
)
# Blocks scanned for safe boundary characters (see _is_safe).
_SAFE_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0000, 0x00FF),
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0x2000, 0x206F),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _full(s: str) -> str:
    """Reference normalization: iterate NFKC + fold to the fixed point (no offsets)."""
    while True:
        t = unicodedata.normalize("NFKC", s).translate(_FOLD_TABLE)
        if t == s:
            return t
        s = t


def _is_safe(c: str, out: str) -> bool:
    """Whether normalization may be cut just before ``c`` (a starter that cannot combine
    with anything before it, whose decomposition and normalized form start with such a
    starter, and which is not deleted)."""
    if not out or unicodedata.combining(c) or c in _DELETED:
        return False
    return not unicodedata.combining(unicodedata.normalize("NFKD", c)[0]) and not unicodedata.combining(out[0])


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class body (without brackets) matching exactly ``chars``."""
    cps = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = chr(cps[i]), chr(cps[j])
        parts.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "".join(parts)


def _build_tables() -> tuple[
    MappingProxyType[str, str], MappingProxyType[str, str], frozenset[str], frozenset[str]
]:
    """Per-character normalization for every character the fast path handles:
    (one-to-one replacements, expansions, deletions, safe boundary characters)."""
    single: dict[str, str] = {}
    for a, b in _COMPAT_BLOCKS:
        for cp in range(a, b + 1):
            c = chr(cp)
            if unicodedata.category(c) != "Cn":
                single[c] = _full(c)
    for c in list(_DELETED) + list(FOLDED):
        single[c] = _full(c)
    one = {c: v for c, v in single.items() if len(v) == 1 and v != c}
    expand = {c: v for c, v in single.items() if len(v) > 1}
    deleted = frozenset(c for c, v in single.items() if not v)
    safe = set()
    for a, b in _SAFE_BLOCKS:
        for cp in range(a, b + 1):
            c = chr(cp)
            if unicodedata.category(c) not in ("Cn", "Cs") and _is_safe(c, single.get(c, c)):
                safe.add(c)
    return MappingProxyType(one), MappingProxyType(expand), deleted, frozenset(safe)


_ONE, _EXPAND, _DEL, _SAFE = _build_tables()
_DEL_CLASS = _char_class(_DEL)
_SAFE_CLASS = _char_class(_SAFE)
_SPECIAL_CLASS = f"[{_DEL_CLASS}{_char_class(_EXPAND)}]"
#: Runs of deleted and expanding characters. Written ``[c][c]*`` rather than ``[c]+``: a
#: pattern that starts with a plain character class lets ``re`` skip ahead with a fast
#: prefix scan (about twice the speed on Arabic text).
_SPECIAL_RX = re.compile(f"{_SPECIAL_CLASS}{_SPECIAL_CLASS}*")
# One-to-one folds of letters frequent in news are applied with str.replace after an ``in``
# test; the rest are looked up with one regex scan, which is fast because they are rare.
_COMMON_ONE: tuple[tuple[str, str], ...] = tuple((c, _ONE[c]) for c in "أإآةىؤئ")
_RARE_ONE_RX = re.compile(f"[{_char_class(set(_ONE) - {c for c, _ in _COMMON_ONE})}]")
#: A character that is neither safe nor deleted: the piece around it may need composition.
_SUSPECT_RX = re.compile(f"[^{_SAFE_CLASS}{_DEL_CLASS}]")
_NOT_SAFE_RX = re.compile(f"[^{_SAFE_CLASS}]*")


def _special(m: re.Match[str]) -> str:
    """Replacement for a run of deleted and expanding characters."""
    g = m.group()
    if len(g) == 1:
        return _EXPAND.get(g, "")
    return "".join(_EXPAND.get(c, "") for c in g)


def _apply_one(u: str) -> str:
    """Apply the one-to-one replacements (only for characters present)."""
    for c, v in _COMMON_ONE:
        if c in u:
            u = u.replace(c, v)
    if _RARE_ONE_RX.search(u):
        for c in set(_RARE_ONE_RX.findall(u)):
            u = u.replace(c, _ONE[c])
    return u


def _char_norm(c: str) -> str:
    v = _ONE.get(c)
    if v is not None:
        return v
    if c in _DEL:
        return ""
    v = _EXPAND.get(c)
    return v if v is not None else _full(c)


# --------------------------------------------------------------------------- public API


def fold(text: str) -> str:
    """The normalized view of ``text`` without an offset map: always equal to
    ``normalize(text).text``, and faster. Use it for lexicon entries and queries."""
    u = _apply_one(_SPECIAL_RX.sub(_special, text))
    if unicodedata.is_normalized("NFKC", u):
        return u
    return _full(text)


class NormText:
    """A normalized view of ``original`` with a map back to original offsets.

    Internally the map is a list of segments over normalized positions: a *run* maps
    normalized ``ns + k`` to original ``os + k`` one-to-one; a *block* maps all its
    normalized characters to the original range ``[os, oe)``. Lookups are bisections.
    """

    __slots__ = ("original", "text", "_ns", "_os", "_oe")

    original: str
    text: str

    def __init__(self, original: str, text: str, ns: list[int], os: list[int], oe: list[int]) -> None:
        self.original = original
        self.text = text
        self._ns = ns  # normalized start of each segment (strictly increasing)
        self._os = os  # original start of each segment (strictly increasing)
        self._oe = oe  # original end of a block segment, -1 for a run

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"NormText({self.text[:40]!r}{'...' if len(self.text) > 40 else ''}, segments={len(self._ns)})"

    def _char(self, i: int) -> tuple[int, int]:
        """Original (start, end) of normalized character ``i`` (0 <= i < len)."""
        k = bisect_right(self._ns, i) - 1
        oe = self._oe[k]
        if oe < 0:
            s = self._os[k] + (i - self._ns[k])
            return s, s + 1
        return self._os[k], oe

    def orig_start(self, i: int) -> int:
        """Original offset of normalized character ``i``; ``len(original)`` for ``i == len``."""
        n = len(self.text)
        if not 0 <= i <= n:
            raise IndexError(f"normalized position {i} outside 0..{n}")
        if i == n:
            return len(self.original)
        return self._char(i)[0]

    def orig_end(self, j: int) -> int:
        """Original end (exclusive) of a normalized span ending at ``j``: the end of character
        ``j - 1`` extended over deleted characters up to (not past) character ``j``;
        ``len(original)`` for ``j == len`` and ``orig_start(0)`` for ``j == 0``."""
        n = len(self.text)
        if not 0 <= j <= n:
            raise IndexError(f"normalized position {j} outside 0..{n}")
        if j == n:
            return len(self.original)
        nxt = self._char(j)[0]
        if j == 0:
            return nxt
        return max(self._char(j - 1)[1], nxt)

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalized span ``[i, j)``; an empty span maps to
        an empty span at ``orig_start(i)``. (``orig_start`` and ``orig_end`` inlined: this is
        called once per word by the extract stages.)"""
        if i > j:
            raise ValueError(f"span start {i} after end {j}")
        n = len(self.text)
        if i < 0 or j > n:
            raise IndexError(f"normalized span {i}..{j} outside 0..{n}")
        ns, os, oe = self._ns, self._os, self._oe
        if i == n:
            s = len(self.original)
        else:
            k = bisect_right(ns, i) - 1
            s = os[k] + (i - ns[k]) if oe[k] < 0 else os[k]
        if i == j:
            return s, s
        if j == n:
            return s, len(self.original)
        k = bisect_right(ns, j) - 1
        e = os[k] + (j - ns[k]) if oe[k] < 0 else os[k]  # start of character j
        k = bisect_right(ns, j - 1) - 1
        e1 = os[k] + (j - ns[k]) if oe[k] < 0 else oe[k]  # end of character j - 1
        return s, e1 if e1 > e else e

    def norm_pos(self, o: int) -> int:
        """The first normalized position whose character starts at or after original offset
        ``o`` (``len(text)`` if there is none)."""
        if not 0 <= o <= len(self.original):
            raise IndexError(f"original offset {o} outside 0..{len(self.original)}")
        os = self._os
        k = bisect_left(os, o)
        if k > 0 and self._oe[k - 1] < 0:
            end_ns = self._ns[k] if k < len(os) else len(self.text)
            off = o - os[k - 1]
            if off < end_ns - self._ns[k - 1]:
                return self._ns[k - 1] + off
        return self._ns[k] if k < len(os) else len(self.text)

    def norm_positions(self, offsets: Iterable[int]) -> dict[int, int]:
        """``{o: norm_pos(o)}`` for many original offsets at once: one pass over the offsets
        in order, each segment search starting where the previous one ended."""
        ns, os, oe = self._ns, self._os, self._oe
        n, last = len(self.text), len(os)
        out: dict[int, int] = {}
        k = 0
        for o in sorted(set(offsets)):
            if not 0 <= o <= len(self.original):
                raise IndexError(f"original offset {o} outside 0..{len(self.original)}")
            k = bisect_left(os, o, k)
            if k > 0 and oe[k - 1] < 0:
                off = o - os[k - 1]
                if off < (ns[k] if k < last else n) - ns[k - 1]:
                    out[o] = ns[k - 1] + off
                    continue
            out[o] = ns[k] if k < last else n
        return out

    def norm_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``[norm_span(s, e) for s, e in spans]``, every offset mapped in one sweep
        (:meth:`norm_positions`)."""
        spans = list(spans)
        for s, e in spans:
            if s > e:
                raise ValueError(f"span start {s} after end {e}")
        pos = self.norm_positions(o for sp in spans for o in sp)
        ns, oe = self._ns, self._oe
        blocks = any(x >= 0 for x in oe)
        out = []
        for s, e in spans:
            i = pos[s]
            if s == e:
                out.append((i, i))
                continue
            if blocks and i > 0:
                k = bisect_right(ns, i - 1) - 1
                if oe[k] > s:  # s falls inside a block: include the whole block
                    i = ns[k]
            out.append((i, pos[e]))
        return out

    def pieces(self, spans: Iterable[tuple[int, int]]) -> list[str] | None:
        """The normalized text of each original span — ``fold(original[s:e])`` without
        normalizing again — or None when a span's edge falls inside a piece that composes
        across characters (then only folding the span itself gives its normalized text)."""
        spans = list(spans)
        os, oe = self._os, self._oe
        if any(x >= 0 for x in oe):
            for span in spans:
                for o in span:
                    k = bisect_right(os, o) - 1
                    if k >= 0 and os[k] < o < oe[k]:
                        return None
        return [self.text[i:j] for i, j in self.norm_spans(spans)]

    def norm_span(self, s: int, e: int) -> tuple[int, int]:
        """The normalized span for the original span ``[s, e)``: from the first normalized
        character whose original extent ends after ``s`` to ``norm_pos(e)``."""
        if s > e:
            raise ValueError(f"span start {s} after end {e}")
        i = self.norm_pos(s)
        if s == e:
            return i, i
        if i > 0:
            k = bisect_right(self._ns, i - 1) - 1
            if self._oe[k] > s:  # s falls inside a block: include the whole block
                i = self._ns[k]
        return i, self.norm_pos(e)


class _Builder:
    """Accumulates normalized pieces and the segment map."""

    __slots__ = ("parts", "ns", "os", "oe", "n")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ns: list[int] = []
        self.os: list[int] = []
        self.oe: list[int] = []
        self.n = 0

    def run(self, orig: int, s: str) -> None:
        """``s`` maps one-to-one onto the original characters starting at ``orig``."""
        if not (self.oe and self.oe[-1] < 0 and self.os[-1] + (self.n - self.ns[-1]) == orig):
            self.ns.append(self.n)
            self.os.append(orig)
            self.oe.append(-1)
        self.parts.append(s)
        self.n += len(s)

    def block(self, orig_start: int, orig_end: int, s: str) -> None:
        """All of ``s`` (non-empty) comes from the original range ``[orig_start, orig_end)``."""
        self.ns.append(self.n)
        self.os.append(orig_start)
        self.oe.append(orig_end)
        self.parts.append(s)
        self.n += len(s)


def _fast_into(b: _Builder, text: str, start: int, end: int) -> None:
    """Per-character normalization of ``text[start:end]`` (one-to-one folds are applied
    later on the joined string). Hot path: builder lists are used directly."""
    parts, ns, os, oe = b.parts, b.ns, b.os, b.oe
    n = b.n
    pos = start
    expand = _EXPAND
    for m in _SPECIAL_RX.finditer(text, start, end):
        a, e = m.span()
        if a > pos:
            ns.append(n)
            os.append(pos)
            oe.append(-1)
            parts.append(text[pos:a])
            n += a - pos
        if e - a == 1:
            v = expand.get(text[a])
            if v is not None:
                ns.append(n)
                os.append(a)
                oe.append(e)
                parts.append(v)
                n += len(v)
        else:
            for k, c in enumerate(m.group()):
                v = expand.get(c)
                if v is not None:
                    ns.append(n)
                    os.append(a + k)
                    oe.append(a + k + 1)
                    parts.append(v)
                    n += len(v)
        pos = e
    if pos < end:
        ns.append(n)
        os.append(pos)
        oe.append(-1)
        parts.append(text[pos:end])
        n += end - pos
    b.n = n


def _piece_into(b: _Builder, text: str, a: int, e: int) -> None:
    """Normalize one piece that may compose across characters."""
    piece = text[a:e]
    out = _full(piece)
    per = [_char_norm(c) for c in piece]
    if "".join(per) == out:
        for k, v in enumerate(per):
            if len(v) == 1:
                b.run(a + k, v)
            elif v:
                b.block(a + k, a + k + 1, v)
    elif out:
        b.block(a, e, out)


def _slow(text: str) -> _Builder:
    """The general path: pieces around suspect characters (from the safe character before
    them, over deleted characters, to the next safe character) are normalized as a whole;
    the text between pieces takes the fast path."""
    b = _Builder()
    pos = 0
    safe, deleted = _SAFE, _DEL
    m = _SUSPECT_RX.search(text)
    while m is not None:
        p = m.start()
        a = p
        while a > pos and text[a - 1] in deleted:
            a -= 1
        if a > pos and text[a - 1] in safe:
            a -= 1
        rest = _NOT_SAFE_RX.match(text, p + 1)  # "[^...]*" always matches
        e = rest.end() if rest is not None else p + 1
        if a > pos:
            _fast_into(b, text, pos, a)
        _piece_into(b, text, a, e)
        pos = e
        m = _SUSPECT_RX.search(text, pos)
    if pos < len(text):
        _fast_into(b, text, pos, len(text))
    return b


def normalize(text: str) -> NormText:
    """Normalize ``text`` (see the module docstring) and keep the map to its offsets."""
    b = _Builder()
    _fast_into(b, text, 0, len(text))
    u = _apply_one("".join(b.parts))
    if not unicodedata.is_normalized("NFKC", u):
        b = _slow(text)
        u = _apply_one("".join(b.parts))
    return NormText(text, u, b.ns, b.os, b.oe)


_SHARED: list[NormText] = []  # the last result of normalize_shared


def shared_view(text: str) -> NormText | None:
    """The view :func:`normalize_shared` holds for this very string object, else None
    (nothing is computed)."""
    return _SHARED[0] if _SHARED and _SHARED[0].original is text else None


def normalize_shared(text: str) -> NormText:
    """``normalize(text)``, computed once while the same string object is asked for again:
    the extract stages of one document (places, actors, events) share one view. Only the
    last text is kept; the result must not be modified."""
    if _SHARED and _SHARED[0].original is text:
        return _SHARED[0]
    nt = normalize(text)
    _SHARED[:] = [nt]
    return nt
