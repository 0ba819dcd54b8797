"""Tokens of a sentence on the normalized view: one ``re.split``, parallel lists, clitic readings."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import TYPE_CHECKING

from ..persons import CLITICS

if TYPE_CHECKING:
    from .title_lexicon import Title


# words, numbers, Latin words, single punctuation; "#" and "_" of hashtags (#عمر_البشير) are
# not tokens, so a hashtag reads as the words it joins
_TOKEN = re.compile(r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+)|[0-9]+|[A-Za-z]+|[^\s#_]")
_WORDS = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_OPEN_QUOTES = frozenset('"«“(')
_CLOSE_QUOTES = frozenset('"»”)')
_SEPARATORS = frozenset("،,-–—:")  # between a name and its title (X، Y مفوض; X- وزير)
_DEF = "ال"
_HARAKAT = "".join(map(chr, range(0x064B, 0x0660)))  # U+064B-065F, trailing marks of a word
#: Heads (without ال, folded) whose "لدى/في/إلى + place" is a posting, not an affiliation.
#: Sides that name either party of an exchange (الجانب المصري، الوفد الإيطالي): no home evidence.
_NEUTRAL_SIDES = frozenset({"الجانب", "الجانبان", "الجانبين", "الطرف", "الطرفان", "الطرفين", "الوفد", "وفد"})
_POSTING_STEMS = frozenset({"سفير", "سفيره", "مندوب", "مندوبه", "ممثل", "ممثله", "مبعوث", "مبعوثه", "قنصل", "ملحق", "قايم", "المندوب"})
_MAX_COMPLEMENT = 9  # words in an open complement
#: Stop-word kinds that may still stand in a title's complement (nouns: مدير مكتب، محافظ مدينة).
_COMPLEMENT_KINDS = frozenset({"noun", "number", "eponym", "participle"})
_MAX_BACK = 5  # name words read backwards from a title



# --------------------------------------------------------------------------- tokens

#: :data:`_TOKEN` as one ``re.split``: Arabic words in group 1; numbers, Latin words and single
#: punctuation in group 2 (the same tokens, in the same places, as ``_TOKEN.finditer``).
_SPLIT = re.compile(r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+)|([0-9]+|[A-Za-z]+|[^\s#_])")
_FORMER = frozenset({"السابق", "السابقه", "الاسبق", "الاسبقه"})


class _Toks:
    """The tokens of one sentence as parallel lists (offsets in the normalized view), built
    by one ``re.split`` and list operations: no object per token."""

    __slots__ = ("n", "w", "s", "e", "wd", "pl", "pe", "pp", "memo")

    def __init__(self, w: list[str], s: list[int], e: list[int], wd: list[bool]) -> None:
        n = len(w)
        self.n = n
        self.w = w  # folded word, or the punctuation character
        self.s = s  # start in the normalized view
        self.e = e  # end in the normalized view
        self.wd = wd  # an Arabic word
        self.pl = [-1] * n  # index of a place mention starting at this token
        self.pe = [-1] * n  # token index after that place
        self.pp = [""] * n  # clitic before the place inside this token (بالاتحاد → ب)
        self.memo: dict[int, list[tuple[Title, str, int]]] = {}  # token -> title matches


def _tokenize(view: str, a: int, b: int, parts: list[str | None] | None = None) -> tuple[list[str], list[int], list[int], list[bool]]:
    """The tokens of ``view[a:b]`` as (words, starts, ends, is Arabic word): the pieces of one
    split, their offsets summed up. ``parts``: ``_SPLIT.split(view[a:b])`` when already done."""
    if parts is None:
        parts = _SPLIT.split(view[a:b])
    arabic = parts[1::3]
    w = [x or y for x, y in zip(arabic, parts[2::3])]
    m = len(w)
    lens = [0] * (2 * m + 1)  # gap, token, gap, token, ..., gap
    lens[0::2] = map(len, parts[0::3])
    lens[1::2] = map(len, w)
    acc = list(accumulate(lens, initial=a))
    return w, acc[1 : 2 * m : 2], acc[2 : 2 * m + 1 : 2], list(map(bool, arabic))


def _is_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3"


def _variants(w: str) -> list[tuple[str, str]]:
    """(clitic, stem) readings of a folded word: itself, without one or two proclitics, and
    ل + ال fused as لل."""
    out = [("", w)]
    for c in CLITICS:
        if w.startswith(c) and len(w) - len(c) >= 2:
            out.append((c, w[len(c) :]))
    for c in ("", "و", "ف"):
        if w.startswith(c + "لل") and len(w) - len(c) >= 4:
            out.append((c + "ل", _DEF + w[len(c) + 2 :]))
    return out
