"""Datelines: the date (and time) a page states for itself.

Two shapes are read:

* a **header dateline** — a line that is essentially only a date/time, e.g.
  ``الخميس 29 يناير 2026 10:27 صـ 10 شعبان 1447 هـ``, ``الأحد 3 آذار 2024``,
  ``نشر في: 22/10/2024 - 17:40`` (:func:`is_date_only`, :func:`parse_dateline`);
* a **wire dateline** at the start of the first body paragraph, e.g.
  ``الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس ...`` — a place, a date and an agency
  marker within the first 120 characters (:func:`wire_dateline`). The paragraph itself stays in
  the body; only the date (and the place's span) is read.

Month names come from ``marsad/data/months.tsv`` (Egyptian/Gulf, Levantine/Iraqi, Maghrebi,
Moroccan, Mauritanian and Hijri), weekdays from ``weekdays.tsv`` and the filler / AM / PM words
from ``boilerplate.tsv``; digits may be ASCII, Arabic-Indic or Persian. All matching runs on
the original text with fold-tolerant patterns (:mod:`marsad.lexicon.patterns`), so every span
is an exact offset into the original.

A Hijri date on the same line is converted with ``hijridate`` (Umm al-Qura) and cross-checked
against the Gregorian date and the weekday; a disagreement becomes a warning string
(``dateline_hijri_conflict: ...``, ``dateline_weekday_conflict: ...``) and nothing is
"corrected": the Gregorian date, when printed, is the one reported. A Hijri-only dateline
reports the converted date. Numeric dates are read day-first (21/11/2024) unless they start
with the year (2024-11-21).

The calendar-date grammar itself — month, weekday and ordinal-day names, digits, era marks and
the builders of full-date patterns — is :class:`DateGrammar` (:func:`grammar`), shared with the
date finder :mod:`marsad.extract.dates`, so both read a date the same way (``الخامس من حزيران
عام 1967``, ``15 أيار/مايو 2024``, ``7/ 3 / 2019``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from hijridate import Hijri

from ..lexicon import cues, load_table, months, weekdays
from ..lexicon.patterns import DIGIT, WORD_END, WORD_START, alternation, fold_key, fold_pattern, word_alternation
from ..model import Span
from .normalize import fold

_ISO_DAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALNUM = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class DateGrammar:
    """The calendar-date grammar shared by the dateline parser (this module) and the date
    finder (:mod:`marsad.extract.dates`): group-free pattern pieces built once from the data
    files, the lookups that read what they matched, and builders for the full-date patterns.

    Every piece matches the *original* text in any spelling that folds alike (hamza forms,
    alef maqsura, taa marbuta, tashkeel, tatweel; ASCII, Arabic-Indic or Persian digits).
    Builders take a ``g`` prefix for their named groups so that several copies can live in
    one regular expression.
    """

    digit: str  # one digit
    greg_month: str  # any Gregorian month name, every regional set (months.tsv)
    hijri_month: str  # any Hijri month name
    weekday: str  # any weekday name, whole word (weekdays.tsv)
    weekday_name: str  # the same names without word boundaries (after a proclitic: والثلاثاء)
    ordinal: str  # an ordinal day word (number_words.tsv: الأول ... الحادي والثلاثين); ends a word
    era_hijri: str  # هـ / هجري after a year, whole word
    era_greg: str  # م / ميلادي after a year, whole word
    year_cue: str  # عام / العام / سنة before a year (date_words.tsv); ends a word
    months: dict[str, tuple[str, int]]  # fold_key(name) -> (calendar, number)
    weekdays: dict[str, int]  # fold_key(name) -> ISO weekday
    ordinals: dict[str, int]  # fold_key(word) -> day number

    # -- pieces with groups ---------------------------------------------------------------

    def day(self, g: str, *, ordinal: bool = True) -> str:
        """A day before a month name: ``29``, ``الـ12``, ``6 من``, ``الرابع من`` (group
        ``{g}d``), followed by its separator; an ordinal word needs ``من``."""
        D = self.digit
        num = rf"(?<!{D})(?:{fold_pattern('ال')}\s?)?{D}{{1,2}}(?!{D})[\s\-]*(?:{fold_pattern('من')}\s+)?"
        if not ordinal:
            return rf"(?P<{g}d>{num})"
        return rf"(?P<{g}d>{num}|{self.ordinal}\s+{fold_pattern('من')}\s+)"

    def greg_month_pair(self, g: str) -> str:
        """A Gregorian month name (group ``{g}m``), optionally with the same month in another
        regional set: ``أيار/مايو``, ``يونيو (حزيران)``, ``تشرين الثاني- نوفمبر``,
        ``مايو أيار`` (group ``{g}m2``)."""
        G = self.greg_month
        return (
            rf"(?:{fold_pattern('شهر')}\s+)?(?P<{g}m>{G}){WORD_END}"
            rf"(?:\s*(?:[/\-–—]|(?P<{g}p>\())\s*(?P<{g}m2>{G}){WORD_END}(?({g}p)\s*\))|\s+(?P<{g}m3>{G}){WORD_END})?"
        )

    def year_link(self) -> str:
        """What may stand between a month name and its year: ``,``, ``-``, ``من عام``."""
        return rf"[\s,،\-]*(?:(?:{fold_pattern('من')}\s+)?{self.year_cue}\s+)?"

    def year(self, g: str) -> str:
        D = self.digit
        return rf"(?<!{D})(?P<{g}y>{D}{{4}})(?!{D})"

    def greg_full(self, g: str, *, day: bool = True) -> str:
        """``15 فبراير 2026``, ``الخامس من حزيران عام 1967``, ``15 أيار/مايو 2024 م``; with
        ``day=False`` the day is optional (``يونيو (حزيران) 2019``)."""
        d = self.day(g)
        d = d if day else f"(?:{d})?"
        return rf"{d}{self.greg_month_pair(g)}{self.year_link()}{self.year(g)}(?:\s*(?P<{g}e>{self.era_greg}))?"

    def hijri_full(self, g: str, *, day: bool = True) -> str:
        """``27 شعبان 1447 هـ``, ``12 رمضان 1445هـ``; with ``day=False`` also ``رمضان 1445 هـ``."""
        d = self.day(g)
        d = d if day else f"(?:{d})?"
        return (
            rf"{d}(?:{fold_pattern('شهر')}\s+)?(?P<{g}m>{self.hijri_month}){WORD_END}{self.year_link()}"
            rf"{self.year(g)}(?:\s*(?P<{g}e>{self.era_hijri}))?"
        )

    def numeric(self, g: str) -> str:
        """``22/10/2024``, ``7/ 3 / 2019``, ``22-10-2024``, ``2024-10-22``, ``20/4/1444هـ``:
        day first unless the year comes first; spaces only around ``/``. Groups ``{g}y``,
        ``{g}m``, ``{g}d`` (year first) or ``{g}y2``, ``{g}m2``, ``{g}d2``, and ``{g}e``
        (a Hijri era mark)."""
        D = self.digit
        sl = r"\s{0,2}/\s{0,2}"
        return (
            rf"(?<![\d/.\-])(?:(?P<{g}y>{D}{{4}})(?P<{g}s>[-/.])(?P<{g}m>{D}{{1,2}})(?P={g}s)(?P<{g}d>{D}{{1,2}})"
            rf"|(?P<{g}d2>{D}{{1,2}})(?:{sl}(?P<{g}m2>{D}{{1,2}}){sl}|(?P<{g}t>[-.])(?P<{g}m3>{D}{{1,2}})(?P={g}t))"
            rf"(?P<{g}y2>{D}{{4}}))(?!\d|[/.\-]\d)(?:\s*(?P<{g}e>{self.era_hijri}))?"
        )

    # -- reading what matched ---------------------------------------------------------------

    def month(self, name: str) -> tuple[str, int]:
        """``(calendar, number)`` of a matched month name."""
        return self.months[fold_key(name)]

    def read_day(self, text: str) -> int:
        """The day number of a matched :meth:`day` (digits in any script, or an ordinal)."""
        digits = _DIGITS_RX.search(text)
        if digits:
            return int(digits.group(0))
        words = fold_key(text).split()
        for n in (3, 2, 1):
            key = " ".join(words[:n])
            if key in self.ordinals:
                return self.ordinals[key]
        raise ValueError(f"no day in {text!r}")  # pragma: no cover - the pattern guarantees one


def trie_alternation(phrases: Iterable[str]) -> str:
    """A group-free pattern matching the same phrases as
    :func:`marsad.lexicon.patterns.alternation` (any spelling that folds alike, longest
    first), written as a trie of the folded phrases: a failing match costs one test per
    character instead of one per phrase, which matters for the long month-name lists."""
    trie: dict[str, dict] = {}
    for p in phrases:
        key = " ".join(fold(p).split())
        if not key:
            continue
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [(r"\s+" if ch == " " else fold_pattern(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    out = build(trie)
    return f"(?:{out})" if out else "(?!)"


_DIGITS_RX = re.compile(f"{DIGIT}+")
_YEAR_RX = re.compile(f"{DIGIT}{{4}}")


@cache
def grammar() -> DateGrammar:
    """The shared date grammar (built once)."""
    greg = [m.name for m in months() if m.calendar == "gregorian"]
    hij = [m.name for m in months() if m.calendar == "hijri"]
    numbers = load_table("number_words")
    ordinals = {fold_key(str(r["word"])): int(r["value"]) for r in numbers if r["kind"] == "ordinal"}  # type: ignore[arg-type]
    year_cues = [str(r["phrase"]) for r in load_table("date_words") if r["kind"] == "year_cue"]
    return DateGrammar(
        digit=DIGIT,
        greg_month=trie_alternation(greg),
        hijri_month=trie_alternation(hij),
        weekday=WORD_START + trie_alternation(w.name for w in weekdays()) + WORD_END,
        weekday_name=trie_alternation(w.name for w in weekdays()),
        ordinal=trie_alternation(str(r["word"]) for r in numbers if r["kind"] == "ordinal") + WORD_END,
        era_hijri=alternation(cues("dateline", "hijri_era")) + WORD_END,
        era_greg=alternation(cues("dateline", "gregorian_era")) + WORD_END,
        year_cue=trie_alternation(year_cues) + WORD_END,
        months={fold_key(m.name): (m.calendar, m.number) for m in months()},
        weekdays={fold_key(w.name): w.iso for w in weekdays()},
        ordinals=ordinals,
    )


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date as written in the text."""

    calendar: str  # gregorian | hijri
    year: int
    month: int
    day: int
    span: Span
    text: str

    def ymd(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says. ``date`` is the Gregorian "YYYY-MM-DD" (converted from the Hijri
    date when only that is printed), or ``None`` when the printed date is impossible."""

    span: Span  # the whole dateline line, or the wire prefix "place date marker"
    date: str | None
    time: str | None  # "HH:MM", 24h
    gregorian: DateMatch | None
    hijri: DateMatch | None
    hijri_as_gregorian: str | None
    weekday: int | None  # ISO weekday named in the dateline
    warnings: tuple[str, ...]
    wire: bool = False
    place: Span | None = None  # wire datelines: the place before the date
    marker: Span | None = None  # wire datelines: the agency marker (واس, (CNN), ...)


@dataclass(frozen=True)
class _Rx:
    greg: re.Pattern[str]
    hijri: re.Pattern[str]
    numeric: re.Pattern[str]
    time: re.Pattern[str]
    weekday: re.Pattern[str]
    filler: re.Pattern[str]
    marker: re.Pattern[str]
    digit: re.Pattern[str]
    weekdays: dict[str, int]
    am: frozenset[str]
    pm: frozenset[str]


@cache
def _rx() -> _Rx:
    gr = grammar()
    am = cues("dateline", "am")
    pm = cues("dateline", "pm")
    D = DIGIT
    greg = re.compile(gr.greg_full("g"))
    hijri = re.compile(gr.hijri_full("h"))
    numeric = re.compile(gr.numeric("n"))
    time = re.compile(
        rf"(?<![\d:])(?P<th>{D}{{1,2}})\s?[:：]\s?(?P<tm>{D}{{2}})(?:[:：]{D}{{2}})?(?![\d:])"
        rf"(?:\s*(?P<ap>{alternation(am + pm)}){WORD_END})?",
        re.IGNORECASE,
    )
    weekday = re.compile(gr.weekday)
    filler = re.compile(
        word_alternation(
            cues("dateline", "filler")
            + cues("dateline", "label")
            + cues("dateline", "hijri_era")
            + cues("dateline", "gregorian_era")
            + am
            + pm
        ),
        re.IGNORECASE,
    )
    marker = re.compile(
        r"(?<![^\W_])" + alternation(cues("wire", "marker")) + r"(?![^\W_])", re.IGNORECASE
    )
    return _Rx(
        greg=greg,
        hijri=hijri,
        numeric=numeric,
        time=time,
        weekday=weekday,
        filler=filler,
        marker=marker,
        digit=re.compile(D),
        weekdays=gr.weekdays,
        am=frozenset(fold_key(x) for x in am),
        pm=frozenset(fold_key(x) for x in pm),
    )


def warm() -> None:
    """Build the patterns now (they are otherwise built on first use)."""
    _rx()


def has_digit(text: str) -> bool:
    """Whether ``text`` contains a digit (ASCII, Arabic-Indic or Persian)."""
    return _rx().digit.search(text) is not None


def find_marker(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first wire agency marker (واس, (CNN), (وكالات) ...) in ``text[start:end]``."""
    return _rx().marker.search(text, start, len(text) if end is None else end)


def has_date(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` contains a full date (day, month, year)."""
    rx = _rx()
    end = len(text) if end is None else end
    if not _YEAR_RX.search(text, start, end):  # every full date has a four-digit year
        return False
    return bool(
        rx.greg.search(text, start, end) or rx.hijri.search(text, start, end) or rx.numeric.search(text, start, end)
    )


def is_date_only(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` is essentially only a date: at least one full date, and
    nothing else but weekday names, times, AM/PM marks, dateline labels ("نشر في") and
    fillers ("الموافق", "هـ", "م"), digits of those, and punctuation."""
    rx = _rx()
    end = len(text) if end is None else end
    s = text[start:end]
    if not rx.digit.search(s) or not has_date(s):
        return False
    for pat in (rx.greg, rx.hijri, rx.numeric, rx.time, rx.weekday, rx.filler):
        s = pat.sub(" ", s)
    return _ALNUM.search(s) is None


def is_time_only(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` is only a time stamp such as ``14:23 ت م`` (a wire's
    transmission time): a time, and nothing else but dateline fillers and punctuation."""
    rx = _rx()
    end = len(text) if end is None else end
    s = text[start:end]
    if not rx.time.search(s):
        return False
    for pat in (rx.time, rx.weekday, rx.filler):
        s = pat.sub(" ", s)
    return _ALNUM.search(s) is None


def _make(calendar: str, y: int, mo: int, d: int, m: re.Match[str]) -> DateMatch:
    return DateMatch(calendar, y, mo, d, Span(m.start(), m.end()), m.group(0))


def read_numeric(m: re.Match[str], g: str) -> tuple[int, int, int, bool]:
    """``(year, month, day, hijri_mark)`` of a :meth:`DateGrammar.numeric` match."""
    if m.group(f"{g}y"):
        y, mo, d = m.group(f"{g}y"), m.group(f"{g}m"), m.group(f"{g}d")
    else:
        y, mo, d = m.group(f"{g}y2"), m.group(f"{g}m2") or m.group(f"{g}m3"), m.group(f"{g}d2")
    return int(y), int(mo), int(d), bool(m.group(f"{g}e"))


def _dates(text: str, start: int, end: int) -> tuple[DateMatch | None, DateMatch | None, list[str]]:
    """The first Gregorian and the first Hijri date in ``text[start:end]``."""
    rx = _rx()
    gr = grammar()
    warnings: list[str] = []
    greg: DateMatch | None = None
    hij: DateMatch | None = None
    if not _YEAR_RX.search(text, start, end):  # every full date has a four-digit year
        return greg, hij, warnings
    g = rx.greg.search(text, start, end)
    if g:
        mo = gr.month(g.group("gm"))[1]
        other = g.group("gm2") or g.group("gm3")
        if other:
            mo2 = gr.month(other)[1]
            if mo2 != mo:
                warnings.append(f"dateline_month_conflict: {g.group(0)!r} names months {mo} and {mo2}")
        greg = _make("gregorian", int(g.group("gy")), mo, gr.read_day(g.group("gd")), g)
    h = rx.hijri.search(text, start, end)
    if h:
        hij = _make("hijri", int(h.group("hy")), gr.month(h.group("hm"))[1], gr.read_day(h.group("hd")), h)
    if greg is None or hij is None:
        n = rx.numeric.search(text, start, end)
        if n:
            y, mo, d, mark = read_numeric(n, "n")
            if mark or 1300 <= y <= 1500:
                if hij is None:
                    hij = _make("hijri", y, mo, d, n)
            elif greg is None:
                greg = _make("gregorian", y, mo, d, n)
    return greg, hij, warnings


def _time(text: str, start: int, end: int) -> str | None:
    rx = _rx()
    t = rx.time.search(text, start, end)
    if not t:
        return None
    h, mi = int(t.group("th")), int(t.group("tm"))
    ap = t.group("ap")
    if ap:
        key = fold_key(ap)
        if key in rx.am and h == 12:
            h = 0
        elif key in rx.pm and h < 12:
            h += 12
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def _resolve(
    text: str, start: int, end: int
) -> tuple[str | None, str | None, DateMatch | None, DateMatch | None, str | None, int | None, list[str]] | None:
    greg, hij, warnings = _dates(text, start, end)
    if greg is None and hij is None:
        return None
    gdate: date | None = None
    hdate: date | None = None
    if greg is not None:
        try:
            gdate = date(greg.year, greg.month, greg.day)
        except ValueError:
            warnings.append(f"dateline_invalid_date: {greg.text!r} is not a calendar date")
    if hij is not None:
        try:
            hdate = Hijri(hij.year, hij.month, hij.day).to_gregorian()
        except (ValueError, OverflowError) as exc:
            warnings.append(f"dateline_hijri_invalid: {hij.text!r} cannot be converted ({exc})")
    if gdate is not None and hdate is not None and gdate != hdate:
        warnings.append(
            f"dateline_hijri_conflict: {hij.text.strip()!r} is {hdate.isoformat()} (Umm al-Qura) "  # type: ignore[union-attr]
            f"but the Gregorian date {greg.text.strip()!r} is {gdate.isoformat()} "  # type: ignore[union-attr]
            f"({(gdate - hdate).days:+d} days)"
        )
    final = gdate if greg is not None else hdate
    rx = _rx()
    wd_iso: int | None = None
    w = rx.weekday.search(text, start, end)
    if w:
        wd_iso = rx.weekdays[fold_key(w.group(0))]
        if final is not None and final.isoweekday() != wd_iso:
            warnings.append(
                f"dateline_weekday_conflict: {w.group(0)!r} is a {_ISO_DAY_NAMES[wd_iso]} but "
                f"{final.isoformat()} is a {_ISO_DAY_NAMES[final.isoweekday()]}"
            )
    return (
        final.isoformat() if final is not None else None,
        _time(text, start, end),
        greg,
        hij,
        hdate.isoformat() if hdate is not None else None,
        wd_iso,
        warnings,
    )


def parse_dateline(text: str, start: int = 0, end: int | None = None) -> Dateline | None:
    """Read the date, time and weekday of ``text[start:end]`` (spans are offsets into
    ``text``); ``None`` when it holds no full date."""
    end = len(text) if end is None else end
    got = _resolve(text, start, end)
    if got is None:
        return None
    ymd, hm, greg, hij, hconv, wd, warnings = got
    return Dateline(Span(start, end), ymd, hm, greg, hij, hconv, wd, tuple(warnings))


def wire_dateline(text: str, start: int = 0, end: int | None = None, *, window: int = 120) -> Dateline | None:
    """A wire dateline at the start of ``text[start:end]`` (the first body paragraph):
    at most four words of place, a date within the first ``window`` characters and, right
    after the date(s), an agency marker from ``boilerplate.tsv`` (role ``wire``)::

        الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس  استقبل ...

    The returned span runs from the start of the place to the end of the marker."""
    rx = _rx()
    end = len(text) if end is None else end
    stop = min(end, start + window)
    greg, hij, _ = _dates(text, start, stop)
    found = [d for d in (greg, hij) if d is not None]
    if not found:
        return None
    first = min(d.span.start for d in found)
    last = max(d.span.end for d in found)
    prefix = text[start:first]
    if rx.digit.search(prefix) or len(prefix.split()) > 4 or first - start > 40:
        return None
    mk = rx.marker.search(text, last, stop)
    if mk is None:
        return None
    between = rx.filler.sub(" ", text[last : mk.start()])
    if _ALNUM.search(between):
        return None
    got = _resolve(text, start, mk.end())
    if got is None:  # pragma: no cover - a date was found above
        return None
    ymd, hm, g, h, hconv, wd, warnings = got
    place: Span | None = None
    p = prefix.strip(" \t\u00a0-–—،,:")
    if p:
        ps = start + prefix.index(p)
        place = Span(ps, ps + len(p))
    return Dateline(
        Span(start, mk.end()), ymd, hm, g, h, hconv, wd, tuple(warnings), True, place, Span(mk.start(), mk.end())
    )


__all__ = [
    "DateGrammar",
    "DateMatch",
    "Dateline",
    "find_marker",
    "grammar",
    "has_date",
    "has_digit",
    "is_date_only",
    "is_time_only",
    "parse_dateline",
    "read_numeric",
    "trie_alternation",
    "wire_dateline",
    "warm",
]
