"""Paragraph and sentence segmentation for Arabic news, in original offsets.

Both functions take the document's ``text`` and its body spans (what the cleaner kept;
usually one line each) and return :class:`~marsad.model.Span` lists in original offsets:
in order, non-overlapping, each inside one body span, trimmed of surrounding whitespace
and invisible format characters (ZWSP, RLM, BOM, ...), never empty.

Paragraphs
==========
A body line is a paragraph. Scraped pages sometimes glue several paragraphs into one line
separated by a run of spaces where the markup was (``"... الدوليين. \\u00a0 \\u00a0 كما ..."``):
a run of three or more horizontal spaces (any Unicode space, NBSP included) splits the line,
and so does any line break inside a body span.

Sentences
=========
Sentences never cross a paragraph boundary. Inside a paragraph a sentence ends after a run
of ``. ! ? ؟ …`` (``..`` and ``...`` included: Arabic news writes ``"الدول.. فقد"``) plus any
closing quotes or brackets, when what follows is whitespace, the end of the paragraph, or an
Arabic letter glued to the stop (``"انتهى.وقال"``). It does **not** end:

* inside numbers and URLs (``3.5``, ``2.000``, ``www.site.com/a?b=1``): the stop is not
  followed by a space there;
* after a single ``.`` that closes a one-letter token or dotted initials: Arabic titles
  ``د.`` (doctor), ``م.`` (engineer), ``أ.د.`` (professor), ``ق.م``, Latin initials ``U.S.``;
  except after a number, where ``م.``/``هـ.`` are era markers that do end sentences
  (``عام 2015 م.``);
* after a few Latin abbreviations (``Mr. Dr. Prof. Inc. No.`` ...) and after a list number
  at the start of a sentence (``1.``);
* inside a short quotation (``«...»``, ``“...”``, ``"..."`` of at most ``SHORT_QUOTE``
  characters), including a stop just before the closing quote; longer quotations are
  split like running text.

The Arabic comma ``،`` and semicolon ``؛`` do not end sentences: news sentences chain
clauses with them. A sentence longer than ``LONG_SENTENCE`` characters is cut after a
``"، و"`` (comma, then a word starting with waw, the usual clause opener) so that no piece
is shorter than ``MIN_PIECE``, choosing the cut nearest below the limit. A cut must also be
``MIN_CLAUSE`` characters away from the neighbouring commas: list items
(``"مصر، والأردن، والعراق"``) are never separated. Pieces without any
letter or digit (a lone ``"."``, a row of bullets) are not sentences and are dropped.

No sentence is longer than ``MAX_SENTENCE`` characters: a piece still longer after the
clause cuts (a page that never stops a sentence, a phrase repeated with commas) is cut at
the last comma, else the last space, before the limit, and :func:`segment` reports it in
``warnings``. The extract stages work sentence by sentence, so this bounds their cost per
sentence whatever the input.

Everything is driven by regular expressions; Python loops run per candidate stop, not per
character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Span

__all__ = ["LONG_SENTENCE", "MAX_SENTENCE", "MIN_CLAUSE", "MIN_PIECE", "SHORT_QUOTE", "paragraphs", "sentences"]

#: Quotations up to this many characters (quote marks included) are never split inside.
SHORT_QUOTE = 300
#: Sentences longer than this are cut at "، و" clause boundaries.
LONG_SENTENCE = 600
#: No piece cut from a long sentence is shorter than this.
MIN_PIECE = 100
#: No sentence is longer than this (a hard cut at a comma or space; see the docstring).
MAX_SENTENCE = 2000
#: A "، و" cut needs this many characters to the previous and to the next comma, so that
#: lists ("مصر، والأردن، والعراق") are never cut.
MIN_CLAUSE = 40

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
#: Characters trimmed from both ends of every span: whitespace and invisible format marks.
_TRIM = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + _INVISIBLE

# Regexes here start with a plain character class where possible: ``re`` then skips ahead
# with a fast prefix scan (an alternation or ``[...]+`` at the start disables it).
#: A run of line breaks, or of three or more horizontal spaces.
_PARA_BREAK_RX = re.compile(f"\\s(?:(?<=[{_LINE_BREAKS}])[{_LINE_BREAKS}]*|(?<![{_LINE_BREAKS}])[^\\S{_LINE_BREAKS}]{{2,}})")
#: Any whitespace but the ASCII space (line breaks, tabs, NBSP, other Unicode spaces).
_ODD_SPACE_RX = re.compile("[" + re.escape("".join(c for c in _TRIM if c.isspace() and c != " ")) + "]")
_ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5"
_BOUNDARY_RX = re.compile(
    f"(?P<stop>[.!?؟…][.!?؟…]*)(?P<close>[\"'»”’)\\]}}]*)(?=\\s|$|(?P<glued>[{_ARABIC_LETTER}]))"
)
_QUOTE_RX = re.compile('«[^«»]*»|“[^“”]*”|"[^"]*"')
_ARABIC_WORD_RX = re.compile(f"[{_ARABIC_LETTER}\u0640\u064b-\u065f\u0670]{{2,}}")
_WORD_RX = re.compile(r"[^\W_]")
_OPENERS = "\"'«“‘([{"
_TATWEEL = "\u0640"
_INITIALS_RX = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_LIST_NUMBER_RX = re.compile(r"[\"'«“‘(\[]*\d{1,3}")
_CLAUSE_RX = re.compile("،[^\\S\n]*(?=و)")
_COMMA_RX = re.compile("،")
_LATIN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc ltd co corp vs etc no nos gen col lt sgt capt gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp approx dept univ".split()
)
_SENTENCE_LEAD = _TRIM + ".!?؟…،؛,;:"


def _trimmed(text: str, start: int, end: int, lead: str = _TRIM) -> tuple[int, int] | None:
    """``(start, end)`` without the characters of ``lead`` in front and whitespace or
    invisible marks at the back, or None when nothing is left."""
    piece = text[start:end]
    left = piece.lstrip(lead)
    if not left:
        return None
    right = left.rstrip(_TRIM)
    s = start + len(piece) - len(left)
    return s, s + len(right)


def _spans(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda sp: (sp.start, sp.end))


def _paragraph_bounds(text: str, spans: Iterable[Span]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sp in _spans(spans):
        pos = sp.start
        if text.find("   ", pos, sp.end) < 0 and _ODD_SPACE_RX.search(text, pos, sp.end) is None:
            # only single or double ASCII spaces: no break (the usual line, two fast scans)
            t = _trimmed(text, pos, sp.end)
            if t is not None:
                out.append(t)
            continue
        for m in _PARA_BREAK_RX.finditer(text, sp.start, sp.end):
            t = _trimmed(text, pos, m.start())
            if t is not None:
                out.append(t)
            pos = m.end()
        t = _trimmed(text, pos, sp.end)
        if t is not None:
            out.append(t)
    return out


def paragraphs(text: str, spans: list[Span]) -> list[Span]:
    """Paragraph spans of the body ``spans`` (original offsets; see the module docstring)."""
    return [Span(s, e) for s, e in _paragraph_bounds(text, spans)]


_MAX_TOKEN = 40  # abbreviations are short: look no further back than this


def _token_before(text: str, start: int, pos: int) -> tuple[str, int]:
    """The whitespace-delimited token ending at ``pos`` (not before ``start``, and at most
    ``_MAX_TOKEN`` characters) and its start."""
    i = pos
    limit = max(start, pos - _MAX_TOKEN)
    while i > limit and not text[i - 1].isspace():
        i -= 1
    return text[i:pos], i


def _is_abbreviation(text: str, para_start: int, sent_start: int, stop: int) -> bool:
    """Whether the single '.' at ``stop`` closes an abbreviation or a list number rather
    than a sentence."""
    if stop - para_start >= 2:
        # fast exit for the usual case: a word of two or more non-Latin letters
        c1, c2 = text[stop - 1], text[stop - 2]
        if c1.isalpha() and not c1.isascii() and c1 != _TATWEEL and c2.isalpha():
            return False
    raw, tok_start = _token_before(text, para_start, stop)
    tok = raw.lstrip(_OPENERS).replace(_TATWEEL, "")
    if not tok:
        return False
    if _LIST_NUMBER_RX.fullmatch(raw) and not text[sent_start:tok_start].strip(_SENTENCE_LEAD):
        return True  # "1. ..." at the start of a sentence
    if _INITIALS_RX.fullmatch(tok):
        # one letter or dotted initials: a title (د. م. أ.د.) or initials (U.S.), unless it
        # follows a number, where م./هـ./ق.م. mark the era at the end of a date
        i = tok_start
        while i > para_start and text[i - 1] in _TRIM:
            i -= 1
        return not (i > para_start and text[i - 1].isdigit())
    return tok.lower() in _LATIN_ABBREVIATIONS


def _short_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations of at most ``SHORT_QUOTE`` characters in ``text[start:end]`` (quote marks
    paired left to right)."""
    if text.find("«", start, end) < 0 and text.find('"', start, end) < 0 and text.find("“", start, end) < 0:
        return []
    return [q.span() for q in _QUOTE_RX.finditer(text, start, end) if q.end() - q.start() <= SHORT_QUOTE]


def _in_quote(pos: int, quotes: list[tuple[int, int]]) -> bool:
    for qs, qe in quotes:
        if qs < pos < qe:
            return True
    return False


def _cut_long(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a long sentence after "، و" clause boundaries (see the module docstring)."""
    commas = [start] + [m.start() for m in _COMMA_RX.finditer(text, start, end)] + [end]
    cuts = []
    for k in range(1, len(commas) - 1):
        c = commas[k]
        m = _CLAUSE_RX.match(text, c, end)
        if (
            m is not None
            and c - commas[k - 1] >= MIN_CLAUSE
            and commas[k + 1] - c >= MIN_CLAUSE
            and not _in_quote(c, quotes)
        ):
            cuts.append(m.end())
    out: list[tuple[int, int]] = []
    s = start
    while end - s > LONG_SENTENCE:
        ok = [c for c in cuts if c - s >= MIN_PIECE and end - c >= MIN_PIECE]
        if not ok:
            break
        below = [c for c in ok if c - s <= LONG_SENTENCE]
        cut = below[-1] if below else ok[0]
        out.append((s, cut))
        s = cut
    out.append((s, end))
    return out


_HARD_CUT_RX = re.compile("[،,؛;]")


def _hard_cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``MAX_SENTENCE`` characters, each cut after
    the last comma, else the last space, in the second half of the allowed length."""
    out: list[tuple[int, int]] = []
    s = start
    while end - s > MAX_SENTENCE:
        lo, hi = s + MAX_SENTENCE // 2, s + MAX_SENTENCE
        cut = -1
        for m in _HARD_CUT_RX.finditer(text, lo, hi):
            cut = m.end()
        if cut < 0:
            sp = max(text.rfind(" ", lo, hi), text.rfind("\u00a0", lo, hi))
            cut = sp + 1 if sp >= 0 else hi
        out.append((s, cut))
        s = cut
    out.append((s, end))
    return out


def _sentences_in(text: str, ps: int, pe: int, out: list[Span], cut: list[int] | None = None) -> None:
    """Append the sentences of the paragraph ``text[ps:pe]`` to ``out`` (``cut``: counts
    the sentences cut at ``MAX_SENTENCE``)."""
    quotes: list[tuple[int, int]] | None = None
    pieces: list[tuple[int, int]] = []
    sent_start = ps
    for m in _BOUNDARY_RX.finditer(text, ps, pe):
        stop = m.group("stop")
        if stop == ".":
            if m.group("glued") is not None:
                tok, _ = _token_before(text, ps, m.start())
                if not _ARABIC_WORD_RX.fullmatch(tok.lstrip(_OPENERS)):
                    continue  # "أ.د" or a Latin/number token glued to the next word
            if _is_abbreviation(text, ps, sent_start, m.start()):
                continue
        if quotes is None:
            quotes = _short_quotes(text, ps, pe)
        if quotes and _in_quote(m.start(), quotes):
            continue
        pieces.append((sent_start, m.end()))
        sent_start = m.end()
    pieces.append((sent_start, pe))
    for s, e in pieces:
        t = _trimmed(text, s, e, _SENTENCE_LEAD)
        if t is None or not _WORD_RX.search(text, *t):
            continue
        if t[1] - t[0] <= LONG_SENTENCE:
            out.append(Span(*t))
            continue
        if quotes is None:
            quotes = _short_quotes(text, ps, pe)
        for a, b in _cut_long(text, t[0], t[1], quotes):
            tt = _trimmed(text, a, b, _SENTENCE_LEAD)
            if tt is None or not _WORD_RX.search(text, *tt):
                continue
            if tt[1] - tt[0] <= MAX_SENTENCE:
                out.append(Span(*tt))
                continue
            if cut is not None:
                cut[0] += 1
            for c, d in _hard_cut(text, *tt):
                t3 = _trimmed(text, c, d, _SENTENCE_LEAD)
                if t3 is not None and _WORD_RX.search(text, *t3):
                    out.append(Span(*t3))


def sentences(text: str, spans: list[Span]) -> list[Span]:
    """Sentence spans of the body ``spans`` (original offsets; see the module docstring)."""
    return segment(text, spans)[1]


def segment(
    text: str, spans: list[Span], warnings: list[str] | None = None
) -> tuple[list[Span], list[Span]]:
    """Paragraphs and sentences in one pass (what the pipeline calls). ``warnings``, when
    given, receives a note when a sentence had to be cut at ``MAX_SENTENCE``."""
    paras: list[Span] = []
    out: list[Span] = []
    cut = [0]
    for s, e in _paragraph_bounds(text, spans):
        paras.append(Span(s, e))
        _sentences_in(text, s, e, out, cut)
    if cut[0] and warnings is not None:
        warnings.append(f"{cut[0]} sentence(s) longer than {MAX_SENTENCE} characters were cut into pieces "
                        "at commas or spaces")
    return paras, out
