"""Plain-text page cleaning: which lines are the article, which are page furniture, and what
the page says about itself (headline, outlet, dateline).

:func:`clean_text` classifies every line of the original text. Kept lines become body spans
(trimmed of surrounding whitespace, in original offsets); every removed line is reported as a
:class:`~marsad.model.RemovedLine` with one of the reasons in :data:`REASONS`. Nothing is
rewritten: offsets always point into the text that was passed in.

Rules, in the order they apply (cue phrases live in ``marsad/data/boilerplate.tsv``):

* **Paragraphs are sacred.** A line of :data:`LONG` (200) characters or more is never removed,
  with one exception: a *teaser* that is provably made of other lines of the page (below).
* The **header** is every line before the first paragraph (a line of 200+ characters, 25+
  words, or 8+ words ending in a full stop). Outlet, masthead, section, headline, caption and
  teaser rules apply only there; a dateline counts only there (or in the trailer after the
  last paragraph). Dates inside body sentences are never publication dates.
* ``outlet`` — a short header line naming the site: it carries an outlet cue word (بوابة،
  جريدة، صحيفة، موقع، نيوز، اليوم، السوق، الإخبارية ...), or is the left side of
  ``outlet | headline``, or stands on the first line right above the masthead, a navigation
  line or a slogan (``يومية سياسية مستقلة``, removed as ``outlet`` too). Later repeats of the
  outlet's name are ``outlet`` as well.
* ``section`` — a header line that is a known section label (الأخبار، محليات، دولي ...), a
  navigation line (``الرئيسية | دولي | اقتصاد``), or a one-or-two-word line right above the
  headline. *Outlet vs section:* an outlet needs evidence (a cue word, the ``|`` form, or its
  place above the masthead); a bare generic noun such as "الأخبار" is a section label even
  though some newspaper bears that name.
* ``masthead`` — staff-title lines (رئيس التحرير، رئيس مجلسي الإدارة والتحرير ...) and the
  short name line right under each (or the name after ``:`` on the same line).
* ``dateline`` — a line that is only a date/time (:func:`marsad.text.datelines.is_date_only`).
* ``headline`` — the metadata ``title`` wherever a line repeats it; without a title, the
  right side of ``outlet | headline``, else the first unexplained header line of 3–25 words
  that is not a sentence, a date or a wire line. Later verbatim repeats are removed too.
  Subheadings between body paragraphs stay in the body.
* ``caption`` — a short line repeated verbatim (photo captions), adjacent short header lines
  where one extends the other ("اللواء X" / "اللواء X وزير الداخلية"), and short lines opening
  with a caption cue (جانب من، صورة أرشيفية ...).
* ``teaser`` — a header line glued together from other lines of the page and cut mid-word:
  its text is one or more other lines followed by the start of a later line (or is the start
  of a later line), compared on folded text with spaces removed.
* ``read_also`` / ``social`` / ``credit`` / ``end_marker`` / ``tags`` / ``separator`` — cue
  lines anywhere (read-also links; the short link lines right under a bare "اقرأ أيضا:";
  follow/subscribe/share prompts; source credits such as "فرانس24/ أ ف ب"; the wire's
  "انتهى"; tag lists after the last paragraph; lines with no letter or digit).

**Wire datelines** (``الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس``, ``القاهرة -
(وكالات):``, ``دبي، الإمارات العربية المتحدة (CNN)—``) belong to the first paragraph when
the article goes on after them on the same line: that line is never removed, and wire lines
are never taken for a headline, outlet or caption. A wire dateline standing alone on a line
above the first paragraph (or repeated after the last one) is removed as ``wire`` (its date
still dates the page), and a
short "A – B" line standing alone there (``عين اليوم – جدة``, an author – outlet credit) as
``byline``. Both still say where the page comes from: the date and place finders read them
with the body (:data:`SOURCE_LINES`), and the actors stage uses them for the home country. When
the page has no header dateline and the first body line starts with place + date + agency
marker within 120 characters, that date is the page's date and ``dateline_span`` covers
"place … marker" (see :func:`marsad.text.datelines.wire_dateline`).

**Metadata.** ``title`` and ``published`` given by the container are not overridden:
``Cleaned.title`` is the given title (its span is where the page repeats it), and
``Cleaned.published`` is the given date (first 10 characters of an ISO date; RFC 2822 dates
are converted). A dateline disagreeing with it adds ``dateline_metadata_conflict: ...``. With
no metadata, ``published`` comes from the dateline; a page with no dateline has
``published=None`` — never today's date, never a guess.

Warnings are strings starting with a code: ``dateline_hijri_conflict``,
``dateline_weekday_conflict``, ``dateline_month_conflict``, ``dateline_invalid_date``,
``dateline_hijri_invalid``, ``dateline_metadata_conflict``, ``published_metadata_unparsed``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache

from ..lexicon import boilerplate
from ..model import Cleaned, RemovedLine, Span
from . import datelines
from .normalize import fold

#: Every reason a line can be removed for.
REASONS = (
    "outlet",
    "masthead",
    "dateline",
    "section",
    "headline",
    "caption",
    "teaser",
    "read_also",
    "social",
    "credit",
    "byline",
    "wire",
    "end_marker",
    "tags",
    "separator",
)

LONG = 200  # characters: a line this long is a paragraph and is never removed (teasers aside)
TEASER_MAX = 400  # characters: the longest line the teaser rule looks at
SHORT_WORDS = 30  # cue phrases only apply to lines of at most this many words
HEADLINE_WORDS = (3, 25)
CAPTION_WORDS = 12
#: Removed lines that still carry the page's place and date (read by the extract stages).
SOURCE_LINES = ("wire", "byline")
BYLINE_WORDS = 8
BYLINE_DASH_WORDS = 6  # "A – B" byline lines (source – place, author – outlet) are this short
OUTLET_WORDS = 5

_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_CONTENT = re.compile(rf"[^\s{_INVISIBLE}](?:.*[^\s{_INVISIBLE}])?")
_ALNUM = re.compile(r"[^\W_]")
_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<![.…])[.!۔][\"'»”)\]]*$")
_PIPE = re.compile(r"\s*[|｜]\s*")
_NAV_SEP = re.compile(r"[|｜»›>]")
_NAV_SEP_AFTER_CUE = re.compile(r"[|｜»›>/\\]")
_DASH_SEP = re.compile(r"\s[-–—]\s|\s[-–—]|[-–—]\s")


@dataclass(slots=True)
class _Line:
    idx: int  # position among non-blank lines
    start: int  # trimmed span in the original text
    end: int
    text: str
    words: int
    gap: bool  # a blank line comes right before it
    long: bool
    para: bool
    loose: str = ""  # folded, lower-case, single spaces ("" for long lines)
    key: str = ""  # loose without anything but letters and digits
    reason: str | None = None


@dataclass(frozen=True)
class _Cues:
    line: dict[str, str]  # key -> role (whole-line cues)
    prefix: dict[str, re.Pattern[str]]  # role -> pattern on loose text
    contains: dict[str, re.Pattern[str]]
    masthead_named: re.Pattern[str]  # "رئيس التحرير: name"
    outlet_word: re.Pattern[str]
    tagline: re.Pattern[str]
    nav: frozenset[str]
    bare_read_also: frozenset[str]  # keys of read-also cues (a line that is only the cue)


def _loose(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    return " ".join(fold(text).lower().split())


def _key(loose: str) -> str:
    return "".join(_WORDS.findall(loose))


def _phrase(p: str) -> str:
    pat = re.escape(p)
    for ch, cls in ((":", "[:：]"), ("-", "[-–—]")):
        pat = pat.replace(re.escape(ch), r"\s*" + cls)
    return pat


def _alt(phrases: list[str]) -> str:
    ordered = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(_phrase(p) for p in ordered) + ")" if ordered else "(?!)"


@cache
def _cues() -> _Cues:
    line: dict[str, str] = {}
    prefix: dict[str, list[str]] = {}
    contains: dict[str, list[str]] = {}
    outlet_words: list[str] = []
    taglines: list[str] = []
    nav: set[str] = set()
    masthead: list[str] = []
    bare: set[str] = set()
    for c in boilerplate():
        lo = _loose(c.cue)
        if c.kind == "line":
            line.setdefault(_key(lo), c.role)
            if c.role == "masthead":
                masthead.append(lo)
            if c.role == "read_also":
                bare.add(_key(lo))
        elif c.kind == "prefix":
            prefix.setdefault(c.role, []).append(lo)
            if c.role == "read_also":
                bare.add(_key(lo))
        elif c.kind == "contains":
            contains.setdefault(c.role, []).append(lo)
        elif c.kind == "word":
            outlet_words.append(lo)
        elif c.kind == "tagline":
            taglines.append(lo)
        elif c.kind == "nav":
            nav.add(_key(lo))
    end = r"(?![^\W_])"
    start = r"(?<![^\W_])"
    return _Cues(
        line=line,
        prefix={r: re.compile("^" + _alt(ps) + end) for r, ps in prefix.items()},
        contains={r: re.compile(start + _alt(ps) + end) for r, ps in contains.items()},
        masthead_named=re.compile("^" + _alt(masthead) + r"\s*[:：\-–—]\s*[^\W\d_]"),
        outlet_word=re.compile(start + _alt(outlet_words) + end),
        tagline=re.compile(start + _alt(taglines) + end),
        nav=frozenset(nav),
        bare_read_also=frozenset(bare),
    )


def warm() -> None:
    """Load the data files and build every pattern now (they are otherwise built on first use)."""
    _cues()
    datelines.warm()


def _split(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    gap = False
    for raw in text.split("\n"):
        m = _CONTENT.search(raw)
        if m is None:
            gap = True
        else:
            t = m.group(0)
            if len(t) >= LONG:  # a paragraph: its word count is only an estimate, its key is lazy
                ln = _Line(len(lines), pos + m.start(), pos + m.end(), t, t.count(" ") + 1, gap, True, True)
            else:
                words = len(t.split())
                para = words >= 25 or (words >= 8 and _SENTENCE_END.search(t) is not None)
                ln = _Line(len(lines), pos + m.start(), pos + m.end(), t, words, gap, False, para)
                ln.loose = _loose(t)
                ln.key = _key(ln.loose)
            lines.append(ln)
            gap = False
        pos += len(raw) + 1
    return lines


def _cue_role(ln: _Line, cues: _Cues) -> str | None:
    """The furniture role of a short line from the cue lists alone (position-free roles)."""
    if not _ALNUM.search(ln.text):
        return "separator"
    role = cues.line.get(ln.key)
    if role is not None and role != "section":
        return role
    lo = ln.loose
    for r in ("read_also", "social", "credit", "caption", "byline"):
        pat = cues.prefix.get(r)
        if pat is not None and pat.search(lo):
            if (r == "caption" and ln.words > CAPTION_WORDS) or (r in ("byline", "credit") and ln.words > BYLINE_WORDS):
                continue
            return r
    pat = cues.contains.get("social")
    if pat is not None and ln.words <= 20 and pat.search(lo):
        return "social"
    if cues.masthead_named.search(lo) and ln.words <= 10:
        return "masthead"
    return None


def _is_byline(line: str) -> bool:
    """A short "A – B" line: exactly two sides of one to three words around one dash."""
    sides = _DASH_SEP.split(line)
    return len(sides) == 2 and all(1 <= len(_WORDS.findall(s)) <= 3 for s in sides)


def _is_wire(ln: _Line, text: str) -> bool:
    """A wire / byline line such as "عين اليوم – جدة" or "مدريد (وكالات)—": kept in the body.
    Short "A – B" lines (source – place) count too, with or without a known agency marker."""
    if (ln.words <= 4 and _DASH_SEP.search(ln.text)) or (ln.words <= BYLINE_DASH_WORDS and _is_byline(ln.text)):
        return True
    m = datelines.find_marker(text, ln.start, min(ln.end, ln.start + 80))
    if m is None:
        return False
    return ln.words <= 6 or text[max(m.start() - 1, 0)] == "(" or ln.text.startswith("(")


def _metadata_date(published: str) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, HH:MM or None) from a metadata value, or (None, None)."""
    p = published.strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?", p)
    if m:
        return m.group(1), m.group(2)
    try:
        dt = parsedate_to_datetime(p)
    except (TypeError, ValueError, IndexError):
        return None, None
    return dt.date().isoformat(), dt.strftime("%H:%M")


def _teaser(ln: _Line, lines: list[_Line], text: str) -> bool:
    """Whether ``ln`` is glued from other lines and cut: pieces of other lines followed by the
    start of a later line, or itself the start of a later line."""
    c = ln.key
    if len(c) < 12:
        return False
    for o in lines:  # keys of long lines are computed only when a teaser candidate needs them
        if not o.key and len(o.text) < TEASER_MAX:
            o.loose = _loose(o.text)
            o.key = _key(o.loose)
    pieces = sorted(
        {o.key for o in lines if o is not ln and o.key and o.words >= 2 and len(o.key) < len(c)},
        key=len,
        reverse=True,
    )
    rest, used = c, 0
    progress = True
    while progress and rest:
        progress = False
        for k in pieces:
            if rest.startswith(k):
                rest, used, progress = rest[len(k) :], used + 1, True
                break
    if used >= 2 and not rest:
        return True
    if used == 0 and ln.long:
        return False
    need = rest if used else c
    if len(need) < (4 if used else 20):
        return False
    for o in lines:
        if o.idx <= ln.idx:
            continue
        head = o.key if o.key else _key(_loose(text[o.start : o.start + 2 * len(need) + 40]))
        if len(head) > len(need) and head.startswith(need):
            return True
    return False


def clean_text(text: str, *, title: str | None = None, published: str | None = None) -> Cleaned:
    """Split ``text`` into body spans and removed furniture lines, and read the headline,
    outlet and dateline the page states. ``title`` / ``published`` are container metadata
    (see the module docstring for how they interact with what the page says)."""
    cues = _cues()
    lines = _split(text)
    n = len(lines)
    body_start = next((ln.idx for ln in lines if ln.para), n)
    last_para = max((ln.idx for ln in lines if ln.para), default=-1)
    header = lines[:body_start]
    warnings: list[str] = []

    # 1. cue lines anywhere (short lines only)
    for ln in lines:
        if ln.long or ln.words > SHORT_WORDS:
            continue
        ln.reason = _cue_role(ln, cues)
        if ln.reason is None and ln.idx > last_para:
            pat = cues.prefix.get("tags")
            if pat is not None and pat.search(ln.loose):
                ln.reason = "tags"
    # masthead name lines: the short line right under a staff-title line
    for ln in lines:
        if ln.reason == "masthead" and cues.line.get(ln.key) == "masthead" and ln.idx + 1 < n:
            nxt = lines[ln.idx + 1]
            if (
                nxt.reason is None
                and not nxt.para
                and nxt.words <= 5
                and not datelines.has_digit(nxt.text)
            ):
                nxt.reason = "masthead"
    # bare "اقرأ أيضا:" followed by short link lines
    for ln in lines:
        if ln.reason == "read_also" and ln.key in cues.bare_read_also:
            for nxt in lines[ln.idx + 1 : ln.idx + 7]:
                if nxt.gap or nxt.para or nxt.words > 20 or nxt.reason is not None:
                    break
                nxt.reason = "read_also"

    # 2. datelines: header lines, and lines after the last paragraph, that are only a date
    dateline: datelines.Dateline | None = None
    for ln in lines:
        if ln.reason is not None or ln.long or ln.words > 20:
            continue
        if not (ln.idx < body_start or ln.idx > last_para):
            continue
        if datelines.has_digit(ln.text) and datelines.is_date_only(text, ln.start, ln.end):
            ln.reason = "dateline"
            if dateline is None:
                dateline = datelines.parse_dateline(text, ln.start, ln.end)
        elif ln.idx > last_para and ln.words <= 6 and datelines.is_time_only(text, ln.start, ln.end):
            ln.reason = "dateline"  # a wire's transmission time after the story ("14:23 ت م")
        elif ln.idx > last_para and datelines.has_digit(ln.text):
            wire = datelines.wire_dateline(text, ln.start, ln.end)
            if wire is not None and wire.span.end >= ln.end:
                ln.reason = "wire"  # the wire dateline repeated after the story

    # 3. header structure: navigation, section labels, "outlet | headline", outlet lines
    outlet: str | None = None
    outlet_span: Span | None = None
    outlet_key = ""
    pipe_title: tuple[str, Span, str] | None = None  # (text, span, key)
    title_key = _key(_loose(title)) if title else ""
    for ln in header:
        if ln.reason is not None:
            continue
        seps = len(_NAV_SEP.findall(ln.text))
        first_word = _key(ln.loose.split(" ", 1)[0]) if ln.loose else ""
        if (first_word in cues.nav and _NAV_SEP_AFTER_CUE.search(ln.text)) or (
            seps >= 2 and all(len(p.split()) <= 3 for p in _NAV_SEP.split(ln.text) if p.strip())
        ):
            ln.reason = "section"
            continue
        if cues.line.get(ln.key) == "section" and ln.words <= 4:
            ln.reason = "section"
            continue
        parts = _PIPE.split(ln.text)
        if len(parts) == 2 and all(p.strip() for p in parts) and pipe_title is None and outlet is None:
            left, right = parts[0].strip(), parts[1].strip()
            ls = ln.start + ln.text.index(left)
            rs = ln.start + ln.text.rindex(right)
            lk, rk = _key(_loose(left)), _key(_loose(right))
            if title_key and lk == title_key:
                o_side, h_side = (right, rs, rk), (left, ls, lk)
            elif title_key and rk == title_key:
                o_side, h_side = (left, ls, lk), (right, rs, rk)
            elif cues.outlet_word.search(_loose(left)) and not cues.outlet_word.search(_loose(right)):
                o_side, h_side = (left, ls, lk), (right, rs, rk)
            elif cues.outlet_word.search(_loose(right)) and not cues.outlet_word.search(_loose(left)):
                o_side, h_side = (right, rs, rk), (left, ls, lk)
            elif len(right.split()) < len(left.split()):
                o_side, h_side = (right, rs, rk), (left, ls, lk)
            else:
                o_side, h_side = (left, ls, lk), (right, rs, rk)
            if len(o_side[0].split()) <= 6:
                outlet, outlet_span, outlet_key = o_side[0], Span(o_side[1], o_side[1] + len(o_side[0])), o_side[2]
                pipe_title = (h_side[0], Span(h_side[1], h_side[1] + len(h_side[0])), h_side[2])
                ln.reason = "outlet"
                continue
    first_free = next((ln for ln in header if ln.reason is None), None)
    for ln in header:
        if ln.reason is not None or ln.words > OUTLET_WORDS + 1 or datelines.has_digit(ln.text):
            continue
        if title_key and ln.key == title_key:
            continue
        if _DASH_SEP.search(ln.text) or _is_wire(ln, text):
            continue
        nxt = lines[ln.idx + 1] if ln.idx + 1 < n else None
        is_outlet = False
        if outlet_key and ln.key == outlet_key:
            is_outlet = True
        elif (
            outlet is None
            and ln.words <= OUTLET_WORDS
            and (ln is first_free or (nxt is not None and nxt.reason == "masthead"))
            and cues.outlet_word.search(ln.loose)
        ):
            is_outlet = True  # the first unexplained header line, or the line above the masthead
        elif outlet is not None and cues.tagline.search(ln.loose) and ln.idx <= 3:
            is_outlet = True  # slogan line under the outlet's name
        elif ln is first_free and ln.words <= 4 and nxt is not None and nxt.reason is None and (
            cues.tagline.search(nxt.loose) and nxt.words <= 6 and not nxt.para
        ):
            is_outlet = True  # name line above a slogan line
        elif ln is first_free and ln.words <= 4 and nxt is not None and nxt.reason in ("masthead", "section"):
            is_outlet = True  # name line above the masthead / navigation line
        if is_outlet:
            ln.reason = "outlet"
            if outlet is None:
                outlet, outlet_span, outlet_key = ln.text, Span(ln.start, ln.end), ln.key
    if outlet_key:
        for ln in lines:
            if ln.reason is None and not ln.long and ln.key == outlet_key:
                ln.reason = "outlet"

    # 4. headline
    headline: tuple[str, Span, str] | None = None  # (text, span, key)
    if title_key:
        for ln in lines:
            if ln.key == title_key and not ln.long:
                if headline is None:
                    headline = (ln.text, Span(ln.start, ln.end), ln.key)
                ln.reason = "headline"
        if headline is None and pipe_title is not None and pipe_title[2] == title_key:
            headline = pipe_title
    elif pipe_title is not None:
        headline = pipe_title
    else:
        lo_w, hi_w = HEADLINE_WORDS
        for ln in header:
            if ln.reason is not None:
                continue
            if lo_w <= ln.words <= hi_w and not _is_wire(ln, text) and not datelines.has_date(text, ln.start, ln.end):
                headline = (ln.text, Span(ln.start, ln.end), ln.key)
                ln.reason = "headline"
                break
    if headline is not None and headline[2]:
        for ln in lines:
            if ln.reason is None and not ln.long and ln.key == headline[2]:
                ln.reason = "headline"
    headline_idx = next((ln.idx for ln in lines if ln.reason == "headline"), None)
    if headline_idx is not None and headline_idx > 0:
        prev = lines[headline_idx - 1]
        if prev.reason is None and prev.idx < body_start and prev.words <= 2 and not _is_wire(prev, text):
            prev.reason = "section"

    # 5. captions
    counts = Counter(
        ln.key for ln in lines if ln.reason is None and ln.key and ln.words <= CAPTION_WORDS and not ln.para
    )
    for ln in lines:
        if ln.reason is None and ln.key and counts[ln.key] >= 2 and ln.words <= CAPTION_WORDS and not ln.para:
            ln.reason = "caption"
    for a, b in zip(header, header[1:]):
        if b.idx != a.idx + 1 or a.reason is not None or b.reason is not None:
            continue
        if a.words > 10 or b.words > 10 or not a.loose or not b.loose:
            continue
        if _is_wire(a, text) or _is_wire(b, text):
            continue
        if b.loose.startswith(a.loose + " ") or a.loose.startswith(b.loose + " "):
            a.reason = b.reason = "caption"

    # 6. teasers
    for ln in header:
        if ln.reason is None and ln.key and not _is_wire(ln, text) and _teaser(ln, lines, text):
            ln.reason = "teaser"

    # 6b. a wire or byline line standing alone above the first paragraph is page furniture:
    #     "عين اليوم – جدة", "سعد الفراج – عين اليوم", a wire dateline with nothing after
    #     its marker ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"); its date still
    #     dates the page (step 7) and its place still says where the page is from (the
    #     actors stage reads removed dateline and byline lines for the home country)
    wire_line: datelines.Dateline | None = None
    for ln in header:
        if ln.reason is not None or ln.words > 20:
            continue
        wire = datelines.wire_dateline(text, ln.start, ln.end)
        if wire is not None:
            if wire.span.end >= ln.end:  # nothing after the marker: the article starts below
                ln.reason = "wire"
                wire_line = wire_line or wire
        elif ln.words <= BYLINE_DASH_WORDS and _is_byline(ln.text):
            ln.reason = "byline"

    # never leave a page empty because its only line looked like a headline
    if lines and all(ln.reason is not None for ln in lines):
        for ln in lines:
            if ln.reason in ("headline", "caption", "teaser", "section", "byline"):
                ln.reason = None

    body = [Span(ln.start, ln.end) for ln in lines if ln.reason is None]
    removed = [RemovedLine(ln.start, ln.end, ln.text, ln.reason) for ln in lines if ln.reason is not None]

    # 7. dateline from the wire prefix of the first body line (or of the first paragraph,
    #    when a subtitle line comes before it)
    if dateline is None:
        dateline = wire_line
    if dateline is None:
        for ln in lines:
            if ln.reason is None:
                dateline = datelines.wire_dateline(text, ln.start, ln.end)
                if dateline is not None or ln.para:
                    break

    out = Cleaned(body=body, removed=removed)
    if title:
        out.title = title.strip()
        out.title_span = headline[1] if headline is not None else None
    elif headline is not None:
        out.title, out.title_span = headline[0], headline[1]
    out.outlet, out.outlet_span = outlet, outlet_span
    if dateline is not None:
        out.dateline_span = dateline.span
        warnings.extend(dateline.warnings)
    page_date = dateline.date if dateline is not None else None
    page_time = dateline.time if dateline is not None else None
    if published:
        meta_date, meta_time = _metadata_date(published)
        if meta_date is None:
            warnings.append(f"published_metadata_unparsed: {published!r} is not a date; using the page's dateline")
            out.published, out.published_time = page_date, page_time
        else:
            out.published = meta_date
            out.published_time = meta_time or (page_time if page_date == meta_date else None)
            if page_date is not None and page_date != meta_date:
                warnings.append(
                    f"dateline_metadata_conflict: the page's dateline says {page_date} but the metadata says {meta_date}"
                )
    else:
        out.published, out.published_time = page_date, page_time
    out.warnings = warnings
    return out


__all__ = ["LONG", "REASONS", "SOURCE_LINES", "clean_text", "warm"]
