"""Regular expressions that match data-file phrases directly in the *original* text.

A phrase from a data file is folded (:func:`marsad.text.normalize.fold`) and turned into a
pattern that accepts every spelling fold() would map to it — any hamza form of alef, alef
maqsura for yaa, taa marbuta for haa, Arabic-Indic / Persian digits, and tashkeel, tatweel
or invisible marks between letters — so matches carry exact offsets into the original text
without an offset map. The character classes are derived from fold() itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.normalize import fold

DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
# start / end of a word: not preceded / followed by a letter or digit
WORD_START = r"(?<![^\W_])"
WORD_END = r"(?![^\W_])"

# Characters whose fold() is decided one by one: Arabic blocks, general punctuation and
# format characters, Latin-1 punctuation. Presentation forms are left out (NFKC turns many
# of them into several letters; they are rare in news text).
_SCANNED = [
    *range(0x00A0, 0x0100),
    *range(0x0600, 0x0700),
    *range(0x0750, 0x0780),
    *range(0x08A0, 0x0900),
    *range(0x2000, 0x2070),
]


def _derive() -> tuple[dict[str, str], str]:
    """From fold() itself: for each folded character, a class of every character that folds
    to it; and the class of characters fold() deletes (marks, tatweel, invisible format
    characters). Deriving them keeps these patterns in step with fold()."""
    sources: dict[str, set[str]] = {}
    deleted: list[str] = []
    for cp in _SCANNED:
        ch = chr(cp)
        f = fold(ch)
        if f == "":
            deleted.append(ch)
        elif len(f) == 1 and f != ch and not f.isspace():
            sources.setdefault(f, {f}).add(ch)
    classes = {f: "[" + "".join(re.escape(c) for c in sorted(chs)) + "]" for f, chs in sources.items()}
    return classes, "[" + "".join(re.escape(c) for c in deleted) + "]*"


_CLASSES, MARKS = _derive()  # MARKS: what fold() deletes, allowed after any letter


def fold_pattern(phrase: str) -> str:
    """A regex (no anchors, no groups) matching ``phrase`` in any spelling that folds to it."""
    out: list[str] = []
    prev_space = False
    for ch in fold(phrase).strip():
        if ch.isspace():
            if not prev_space:
                out.append(r"\s+")
            prev_space = True
            continue
        prev_space = False
        out.append(_CLASSES.get(ch, re.escape(ch)))
        if "\u0600" <= ch <= "\u06ff":
            out.append(MARKS)
    return "".join(out)


def alternation(phrases: Iterable[str]) -> str:
    """``(?:p1|p2|...)`` over the folded phrases, longest first (so "ربيع الأول" wins over a
    shorter name sharing its start); duplicates after folding appear once."""
    folded: dict[str, str] = {}
    for p in phrases:
        key = " ".join(fold(p).split())
        if key and key not in folded:
            folded[key] = fold_pattern(p)
    ordered = sorted(folded.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    return "(?:" + "|".join(pat for _, pat in ordered) + ")" if ordered else "(?!)"


def word_alternation(phrases: Iterable[str]) -> str:
    """:func:`alternation` that only matches whole words."""
    return WORD_START + alternation(phrases) + WORD_END


def fold_key(text: str) -> str:
    """The lookup key of a matched phrase: folded, lower-cased, single spaces."""
    return " ".join(fold(text).lower().split())
