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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from hijridate import Hijri

from ..lexicon import cues, months, weekdays
from ..lexicon.patterns import DIGIT, WORD_END, alternation, fold_key, word_alternation
from ..model import Span

_ISO_DAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALNUM = re.compile(r"[^\W_]")


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
    greg_months: dict[str, int]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    am: frozenset[str]
    pm: frozenset[str]


@cache
def _rx() -> _Rx:
    greg_names = [m.name for m in months() if m.calendar == "gregorian"]
    hijri_names = [m.name for m in months() if m.calendar == "hijri"]
    greg_months = {fold_key(m.name): m.number for m in months() if m.calendar == "gregorian"}
    hijri_months = {fold_key(m.name): m.number for m in months() if m.calendar == "hijri"}
    wd = {fold_key(w.name): w.iso for w in weekdays()}
    am = cues("dateline", "am")
    pm = cues("dateline", "pm")
    G = alternation(greg_names)
    H = alternation(hijri_names)
    D = DIGIT
    # era marks printed after a year, often glued to it (1436هـ, 2015م)
    era_h = alternation(cues("dateline", "hijri_era")) + WORD_END
    era_m = alternation(cues("dateline", "gregorian_era")) + WORD_END
    greg = re.compile(
        rf"(?<!{D})(?P<gd>{D}{{1,2}})[\s\-]*(?P<gm>{G}){WORD_END}"
        rf"(?:\s*[/(]\s*(?P<gm2>{G}){WORD_END}\s*\)?)?[\s,،\-]*(?P<gy>{D}{{4}})(?!{D})(?:\s*{era_m})?"
    )
    hijri = re.compile(
        rf"(?<!{D})(?P<hd>{D}{{1,2}})[\s\-]*(?P<hm>{H}){WORD_END}[\s,،\-]*(?P<hy>{D}{{4}})(?!{D})(?:\s*{era_h})?"
    )
    numeric = re.compile(
        rf"(?<![\d/.\-])(?:(?P<ny>{D}{{4}})(?P<s1>[-/.])(?P<nm>{D}{{1,2}})(?P=s1)(?P<nd>{D}{{1,2}})"
        rf"|(?P<nd2>{D}{{1,2}})(?P<s2>[-/.])(?P<nm2>{D}{{1,2}})(?P=s2)(?P<ny2>{D}{{4}}))(?![\d]|[/.\-]\d)"
        rf"(?:\s*(?P<nh>{era_h}))?"
    )
    time = re.compile(
        rf"(?<![\d:])(?P<th>{D}{{1,2}})\s?[:：]\s?(?P<tm>{D}{{2}})(?:[:：]{D}{{2}})?(?![\d:])"
        rf"(?:\s*(?P<ap>{alternation(am + pm)}){WORD_END})?",
        re.IGNORECASE,
    )
    weekday = re.compile(word_alternation(w.name for w in weekdays()))
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
        greg_months=greg_months,
        hijri_months=hijri_months,
        weekdays=wd,
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


def _dates(text: str, start: int, end: int) -> tuple[DateMatch | None, DateMatch | None, list[str]]:
    """The first Gregorian and the first Hijri date in ``text[start:end]``."""
    rx = _rx()
    warnings: list[str] = []
    greg: DateMatch | None = None
    hij: DateMatch | None = None
    g = rx.greg.search(text, start, end)
    if g:
        mo = rx.greg_months[fold_key(g.group("gm"))]
        if g.group("gm2"):
            mo2 = rx.greg_months[fold_key(g.group("gm2"))]
            if mo2 != mo:
                warnings.append(f"dateline_month_conflict: {g.group(0)!r} names months {mo} and {mo2}")
        greg = _make("gregorian", int(g.group("gy")), mo, int(g.group("gd")), g)
    h = rx.hijri.search(text, start, end)
    if h:
        hij = _make("hijri", int(h.group("hy")), rx.hijri_months[fold_key(h.group("hm"))], int(h.group("hd")), h)
    if greg is None or hij is None:
        n = rx.numeric.search(text, start, end)
        if n:
            if n.group("ny"):
                y, mo, d = int(n.group("ny")), int(n.group("nm")), int(n.group("nd"))
            else:
                y, mo, d = int(n.group("ny2")), int(n.group("nm2")), int(n.group("nd2"))
            if n.group("nh") or 1300 <= y <= 1500:
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
    "DateMatch",
    "Dateline",
    "find_marker",
    "has_date",
    "has_digit",
    "is_date_only",
    "is_time_only",
    "parse_dateline",
    "wire_dateline",
    "warm",
]
