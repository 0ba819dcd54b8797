"""Date expressions: find every date an article states and resolve it to the calendar.

``find_dates(text, spans, published=...)`` returns one :class:`~marsad.model.DateMention` per
date expression, with exact offsets into ``text``. What is read:

* **Explicit Gregorian dates** in every regional month set (``15 فبراير 2026``, ``كانون الثاني
  2024``, ``15 أيار/مايو 2024``, ``يونيو (حزيران) 2014``, ``الخامس من حزيران عام 1967``), with
  ASCII, Arabic-Indic or Persian digits and the era marks م / هـ; numeric dates
  (``22/10/2024``, ``2024-10-22``, ``20 / 4 / 1444هـ``); years (``عام 2019``, ``العام 2019``,
  ``في 2019``, ``مطلع 2017``, ``1976م``, ``(2015)``).
* **Ranges**: ``من 12 إلى 14 مارس``, ``2022 – 2023م``, ``عامي «2022 – 2023م»``, ``بين عامي 2015
  و2018``, ``1443 / 1444هـ``, ``7 ـ 9 / 3 / 1445هـ``, ``يومي الاثنين والثلاثاء`` — ``value`` is
  the first, ``end_value`` the last.
* **Hijri dates** (``27 شعبان 1447 هـ``, ``رمضان 1436``, ``1437 هـ``) converted with hijridate
  (Umm al-Qura). A Hijri month or year does not coincide with a Gregorian month or year, so it
  becomes the span of days it covers: ``precision="none"``, ``value`` = its first day,
  ``end_value`` = its last day (``1437 هـ`` → 2015-10-14 … 2016-10-01). A Hijri date printed
  beside a Gregorian one (``12 رمضان 1445 هـ الموافق 22 مارس 2024 م``) is one mention whose
  value is the Gregorian date; when the two disagree a ``hijri_conflict`` warning says so.
  A four-digit year in 1300–1500 without هـ is read as Hijri when the document prints Hijri
  dates (هـ after a number) or the year lies in the hundred Hijri years before the
  publication's Hijri year (or the three after): 1431 in an article of 2018 is 2009/10, never
  the Gregorian year 1431; 1453 in it is Gregorian.
* **Relative expressions**, resolved against ``published`` (``YYYY-MM-DD``): أمس، أول أمس،
  اليوم، غداً، بعد غد، الليلة الماضية، الأسبوع/الشهر/العام الماضي/المقبل/الجاري، العام قبل
  الماضي، هذا العام، مطلع الشهر، نهاية العام، قبل أيام، منذ ثلاث سنوات، قبل شهرين، بعد أسبوعين،
  العامين الماضيين، الأيام المقبلة، weekday names (``يوم الأحد``, ``الأحد الماضي``, ``أمس
  الاثنين``, ``مساء الجمعة``), month names with a direction (``أكتوبر الماضي``, ``مايو المقبل``,
  ``يناير من العام الماضي``) and month or day-month names without a year (``في نوفمبر``,
  ``12 يونيو``), ordinal weekdays of a month (``الخميس الأول من شهر مارس``, ``ثاني جمعة من
  رمضان``, ``آخر جمعة من رمضان 1445هـ``). **Without** ``published`` they are returned with
  ``value=None`` and ``basis="unresolved"``; nothing is ever resolved against today's date.
* **Time of day** (``time_words.tsv``): a clock time (``الساعة العاشرة صباحا``, ``في تمام
  الساعة 10:30``, ``الساعة التاسعة إلا ربعا مساء``, ``10:30 صباحا``) is kept on the date
  mention it qualifies — the nearest in its clause, within 60 characters — as ``time``
  ("HH:MM", 24-hour clock) with ``time_start``/``time_end``; a part of the day before a day
  (``مساء أمس``, ``صباح الخميس``) gives ``time`` "evening", "morning" ... The value never
  changes; a clock time with no date in its clause is not a date.

Resolution rules (the decisions behind the values):

* a bare weekday is the latest such day on or before publication; with الماضي the latest one
  strictly before; with المقبل/القادم the next one after publication;
* أمس الاثنين / اليوم الأحد: the relative word gives the value; a weekday that disagrees
  with it, or with an explicit date it stands beside, gives a ``weekday_conflict`` warning;
* weeks run Saturday to Friday; a week is ``precision="none"`` with its first and last day;
* ``أكتوبر الماضي`` is the latest October before the publication month (``20 مارس الماضي``
  the latest such day before publication), ``مايو المقبل`` the next May after it;
* a month or day-month without a year is placed in the year that brings it closest to
  publication (ties go to the past): ``في نوفمبر`` in an article of March 2018 is 2017-11;
* counted offsets keep the unit's precision: ``قبل يومين`` = a day, ``قبل شهرين`` = a month,
  ``منذ ثلاث سنوات`` = a year, ``منذ أسبوعين`` = the Saturday–Friday week 14 days back;
* a relative day inside a quotation counts from the statement's day when the clause that
  introduces the quotation gives it (``قال يوم 30 مايو: «سأزور دمشق غداً»`` → 31 May, with a
  ``quoted_relative`` warning);
* the n-th weekday of a month is placed as the month alone is (its year, its direction, else
  the occurrence nearest publication); a fifth one the month lacks is unresolved;
* vague counts (``قبل أيام``, ``منذ سنوات``, ``الأيام الماضية``, ``خلال الأسابيع المقبلة``) are
  ``precision="none"`` ranges of days: days 1–7, weeks 7–42, months 30–330, years 1–10 years,
  decades 10–50 years before (or after) publication;
* ``مطلع``/``منتصف``/``نهاية`` + a period keep the whole period as value (``نهاية العام`` is the
  publication year), so the value always covers the day meant.

What is **not** a date: session and edition numbers (``الدورة رقم «31»``), counts and
durations (``ست دورات``, ``3 أيام``, ``لمدة عامين``, ``خلال ثلاثة أشهر``), phone numbers,
money, percentages, article and resolution numbers (``المادة 12``, ``القرار 2231``), plan names
(``رؤية 2030``, ``رؤية المملكة 2030`` — a programme's name, not a date), ``قبل/بعد N من X``
(counted from another event, not from publication), ``اليوم التالي``/``اليوم الأول`` and the
outlet names ``عين اليوم``/``روسيا اليوم``, ``خطبة الجمعة``, and person names that are month
names (``رجب طيب أردوغان``, ``تيريزا ماي``: a month name needs a day, a year, a direction, a
second month name or a cue word such as في/منذ/شهر). A bare four-digit number is a year only
in 1900–2099, when no label word (رقم، قرار، رؤية، المادة …, ``date_words.tsv``) stands in the
four words before it and no counted noun follows it.

How it runs: an Aho-Corasick scan (one C pass over a one-to-one folded copy of the text)
finds the anchors — digits, month and weekday names, relative words. The token holding each
anchor and the three tokens before it (where a cue such as في، مطلع، مساء، يوم، الرابع من
stands) are the places an expression may start; the first word there selects the
constructions to try (about twenty regular expressions built from the shared grammar of
:func:`marsad.text.datelines.grammar`, the same pieces the dateline parser uses), each
anchored with ``match``; the first that matches and reads to a date wins, leftmost first.
Dates that restate each other are then joined; quotations and clock times are read last.
Words come from ``months.tsv``, ``weekdays.tsv``, ``date_words.tsv``, ``number_words.tsv``,
``time_words.tsv`` and the era marks in ``boilerplate.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import ahocorasick
from hijridate import Gregorian, Hijri

from ..lexicon import cues, load_table, months, weekdays
from ..lexicon.patterns import WORD_END, alternation, fold_key, fold_pattern
from ..model import DateMention, Span
from ..text.datelines import DateGrammar, grammar, read_numeric, trie_alternation
from ..text.normalize import fold

_ISO_DAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEK_START = 6  # ISO Saturday: weeks run Saturday to Friday
# vague counts ("قبل أيام"): nearest and farthest distance from publication, in days
_VAGUE_DAYS = {"day": (1, 7), "week": (7, 42), "month": (30, 330), "year": (365, 3650), "decade": (3650, 18250)}

# Proclitics that may stand before an anchor word; an anchor inside a longer word is skipped.
_ANCHOR_PREFIXES = frozenset(
    {"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "ول", "فب", "فل"}
)
_FOLD_1TO1 = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ئ", "ي"),
    ("ة", "ه"),
    ("ؤ", "و"),
    *((chr(0x0660 + d), str(d)) for d in range(10)),  # Arabic-Indic digits
    *((chr(0x06F0 + d), str(d)) for d in range(10)),  # Persian digits
)
_FOLD_TABLE = str.maketrans(dict(_FOLD_1TO1))  # _fold11 for short strings
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_END = r"(?![^\W\d_])"  # not followed by a letter (a digit may follow)
_TOKEN = re.compile(r"[^\W_]+")
_KEYWORD = re.compile(r"[^\W\d_]+|\d+")
_OPENERS = frozenset("«\"“([")
_PUNCT = "«»\"“”()[]،,.:;؛!؟?'"
_AFTER_DAY = frozenset("/-.ـ–—")  # what may follow a one- or two-digit day or month


# --------------------------------------------------------------------------- the grammar


@dataclass(frozen=True)
class _Words:
    """date_words.tsv and number_words.tsv, keyed by fold_key."""

    day: dict[str, int]
    direction: dict[str, int]
    unit: dict[str, tuple[str, int]]  # word -> (unit, 1 | 2 | 0)
    anchor: dict[str, int]
    cardinal: dict[str, int]  # 0 = vague
    label: frozenset[str]
    year_follow: frozenset[str]
    approx: frozenset[str]
    not_today_before: frozenset[str]
    not_weekday_before: frozenset[str]
    not_ordinal_before: frozenset[str]
    future: frozenset[str]
    named_event: frozenset[str]
    nth: dict[str, int]  # nth_before / nth_after word -> rank of a weekday in its month (-1 = the last)
    by_kind: dict[str, tuple[str, ...]]  # kind -> phrases as written


@cache
def _words() -> _Words:
    by_kind: dict[str, list[str]] = {}
    day: dict[str, int] = {}
    direction: dict[str, int] = {}
    unit: dict[str, tuple[str, int]] = {}
    anchor: dict[str, int] = {}
    nth: dict[str, int] = {}
    for r in load_table("date_words"):
        phrase, kind = str(r["phrase"]), str(r["kind"])
        by_kind.setdefault(kind, []).append(phrase)
        key = fold_key(phrase)
        if kind == "day":
            day[key] = int(r["value"])  # type: ignore[arg-type]
        elif kind == "direction":
            direction[key] = int(r["value"])  # type: ignore[arg-type]
        elif kind == "unit":
            unit[key] = (str(r["unit"]), int(r["value"]))  # type: ignore[arg-type]
        elif kind == "anchor":
            anchor[key] = int(r["value"])  # type: ignore[arg-type]
        elif kind in ("nth_before", "nth_after"):
            nth[key] = int(r["value"])  # type: ignore[arg-type]
    cardinal: dict[str, int] = {}
    for r in load_table("number_words"):
        if r["kind"] in ("cardinal", "vague"):
            word = str(r["word"])
            by_kind.setdefault("count", []).append(word)
            cardinal[fold_key(word)] = int(r["value"])  # type: ignore[arg-type]

    def keys(kind: str) -> frozenset[str]:
        return frozenset(fold_key(p) for p in by_kind.get(kind, ()))

    return _Words(
        day=day,
        direction=direction,
        unit=unit,
        anchor=anchor,
        cardinal=cardinal,
        label=keys("label"),
        year_follow=keys("year_follow"),
        approx=keys("approx"),
        not_today_before=keys("not_today_before"),
        not_weekday_before=keys("not_weekday_before"),
        not_ordinal_before=keys("not_ordinal_before"),
        future=keys("future"),
        named_event=keys("named_event_before"),
        nth=nth,
        by_kind={k: tuple(v) for k, v in by_kind.items()},
    )


@dataclass(frozen=True)
class _Compiled:
    branches: dict[str, re.Pattern[str]]  # one pattern per construction, tried with .match
    dispatch: dict[str, tuple[str, ...]]  # first word (1:1-folded) -> the constructions it may start
    digit_branches: tuple[str, ...]  # constructions that may start with a digit
    gap_same: re.Pattern[str]  # what may stand between a date and its other-calendar twin
    automaton: ahocorasick.Automaton
    hijri_mark: re.Pattern[str]
    words: _Words
    gr: DateGrammar


def _alt(phrases: Sequence[str]) -> str:
    return trie_alternation(phrases) + WORD_END


@cache
def _compiled() -> _Compiled:
    gr = grammar()
    w = _words()
    k = w.by_kind
    D = gr.digit
    # a word start, after at most one proclitic (و ف ب ل ك) or two (وب، فل ...)
    START = r"(?:(?<![^\W_])|(?<=(?<![^\W_])[وفبلك])|(?<=(?<![^\W_])[وف][بلك]))"
    AL = fold_pattern("ال")
    MIN = fold_pattern("من")
    G, H = gr.greg_month, gr.hijri_month
    ERA = f"(?:{gr.era_greg}|{gr.era_hijri})"
    DAYWORD = _alt(k["day"])
    DIR = _alt(k["direction"])
    THIS = _alt(k["this"])
    UNIT = _alt(k["unit"])
    UNITDEF = AL + UNIT
    ANCHOR = _alt(k["anchor"])
    APPROX = _alt(k["approx"])
    PART = _alt(k["part"])
    PART_Y = trie_alternation(k["part"]) + _LETTER_END  # before a year, which may be glued to it (نهاية2018)
    DAYPART = _alt(k["daypart"])
    YCUE = gr.year_cue
    YSCUE = _alt(k["years_cue"])
    PREP = _alt(k["prep"])
    PREP_Y = trie_alternation(k["prep"]) + _LETTER_END
    COUNT = rf"(?:(?:{AL}\s?)?(?<!{D}){D}{{1,3}}(?!{D})|(?:{AL})?{_alt(k['count'])})"
    NOT_TODAY = _alt(k["not_today_after"])
    CARD = _alt(k["count"])
    FEW = _alt(k["few"])
    YAWM = fold_pattern("يوم") + WORD_END
    YAWMAYN = fold_pattern("يومي") + WORD_END
    SHAHR = fold_pattern("شهر") + WORD_END
    WD = gr.weekday_name + WORD_END
    Y = rf"(?<!{D}){D}{{4}}(?!{D})"
    DAYNUM = rf"(?<!{D}){D}{{1,2}}(?!{D})"
    TO = rf"(?:[-–—ـ]|{_alt(['إلى', 'حتى', 'لغاية'])}|{fold_pattern('و')})"

    def pair(g: str) -> str:
        return gr.greg_month_pair(g)

    def mon_any(g: str) -> str:  # a Gregorian month (with its twin) or a Hijri month
        return rf"(?:{pair(g)}|(?:{SHAHR}\s+)?(?P<{g}h>{H}){WORD_END})"

    def yyear(g: str) -> str:
        return rf"(?P<{g}y>{Y})(?:\s*(?P<{g}e>{ERA}))?"

    FEAST = _alt([str(r["name"]) for r in load_table("feasts")])
    WD_BARE = trie_alternation([x.name[2:] for x in weekdays() if x.name.startswith("ال")]) + WORD_END  # جمعة، خميس
    branches = [
        # عيد الفطر 1439هـ، عيد الأضحى المبارك لعام 2018 (feasts.tsv)
        ("feast", rf"(?P<fe_n>{FEAST})(?:\s+{_alt(['المبارك', 'السعيد', 'الشريف'])})?(?:\s+{YCUE})?\s*(?P<fe_y>{Y})"
         rf"(?:\s*(?P<fe_e>{ERA}))?"),
        # الخميس الأول من شهر مارس، ثاني جمعة من رمضان، آخر جمعة من شهر رمضان 1445هـ
        ("wdord", rf"(?:(?P<wo_dp>{DAYPART})\s+)?(?:{YAWM}\s+)?(?:(?P<wo_b>{_alt(k['nth_before'])})\s+(?P<wo_w1>{WD_BARE})"
         rf"|(?P<wo_w2>{WD})\s+(?P<wo_a>{_alt(k['nth_after'])}))\s+{MIN}\s+{mon_any('wo_')}"
         rf"(?:(?:\s+{MIN})?\s+(?:{YCUE}\s+)?(?P<wo_y>{Y})(?:\s*(?P<wo_e>{ERA}))?|\s+(?P<wo_dir>{DIR}))?"),
        # من 12 إلى 14 مارس 2024 / 12 - 14 مارس
        ("drange", rf"(?:(?:{MIN}|{fold_pattern('بين')}|{YAWMAYN})\s+)?(?P<dr_d1>{DAYNUM}|{gr.ordinal})\s*{TO}\s*"
         rf"(?P<dr_d2>{DAYNUM}|{gr.ordinal})"
         rf"\s+(?:{MIN}\s+)?{mon_any('dr_')}(?:{gr.year_link()}{yyear('dr_')})?(?:\s+(?P<dr_dir>{DIR}))?"),
        # 7 ـ 9 / 3 / 1445هـ
        ("nrange", rf"(?<![\d/.])(?P<nr_d1>{DAYNUM})\s*[ـ\-–—]\s*(?P<nr_d2>{DAYNUM})\s{{0,2}}/\s{{0,2}}"
         rf"(?P<nr_m>{DAYNUM})\s{{0,2}}/\s{{0,2}}{yyear('nr_')}"),
        ("num", rf"(?:{YAWM}\s+)?{gr.numeric('nm_')}(?:\s*(?P<nm_g>{gr.era_greg}))?"),
        ("hfull", rf"(?:{YAWM}\s+)?{gr.hijri_full('hf_', day=False)}"),
        ("gfull", rf"(?:{YAWM}\s+)?{gr.greg_full('gf_', day=False)}"),
        # 29 من الشهر الجاري
        ("dom", rf"(?:{YAWM}\s+)?{gr.day('do_')}(?:(?P<do_this>{THIS})\s+)?{AL}{SHAHR}(?:\s+(?P<do_dir>{DIR}))?"),
        # 12 يونيو/حزيران المقبل ، 10 رمضان
        ("dm", rf"(?:{YAWM}\s+)?{gr.day('dm_')}{mon_any('dm_')}"
         rf"(?:\s+(?P<dm_dir>{DIR})|\s+{MIN}\s+(?:(?P<dm_this>{THIS})\s+)?(?P<dm_yu>{AL}{UNIT})(?:\s+(?P<dm_ydir>{DIR}))?)?"),
        # أكتوبر الماضي، مايو/أيار المقبل، يناير من العام الماضي، رمضان الماضي
        ("mrel", rf"(?:(?P<mr_part>{PART})\s+)?{mon_any('mr_')}"
         rf"\s+(?:(?P<mr_dir>{DIR})|{MIN}\s+(?:(?P<mr_this>{THIS})\s+)?(?P<mr_yu>{AL}{UNIT})(?:\s+(?P<mr_ydir>{DIR}))?)"),
        # عامي «2022 – 2023م»، عامي 2015 و2018
        ("ydual", rf"(?P<yd_cue>{YSCUE})\s*(?P<yd_q>[«\"“(])?\s*(?P<yd_y1>{Y})\s*(?:[-–—/]|{fold_pattern('و')})\s*"
         rf"(?P<yd_y2>{Y})(?:\s*(?P<yd_e>{ERA}))?(?(yd_q)\s*[»\"”)])"),
        # بين عامي 2015 و2018، بين 1980 و1988
        ("ybet", rf"{fold_pattern('بين')}\s+(?:(?:{YSCUE}|{YCUE})\s+)?(?P<yb_y1>{Y})(?:\s*{ERA})?\s+{fold_pattern('و')}\s*"
         rf"(?:{YCUE}\s+)?(?P<yb_y2>{Y})(?:\s*(?P<yb_e>{ERA}))?"),
        # من 2015 إلى 2018
        ("yfrom", rf"(?:{MIN}|{fold_pattern('منذ')})\s+(?:{YCUE}\s+)?(?P<yf_y1>{Y})\s+(?:{fold_pattern('و')})?"
         rf"{_alt(['إلى', 'حتى', 'لغاية'])}\s+(?:{YCUE}\s+)?(?P<yf_y2>{Y})(?:\s*(?P<yf_e>{ERA}))?"),
        # 2022 – 2023م، (1950-1953)، ( 1443 / 1444هـ )، أواخر عام 2011 - 2012
        ("ydash", rf"(?:(?P<yh_part>{PART})\s+)?(?:(?:{YCUE}|{YSCUE})\s+)?(?P<yh_y1>{Y})\s*[-–—/]\s*"
         rf"(?P<yh_y2>{Y})(?:\s*(?P<yh_e>{ERA}))?"),
        # عام 2019، العام 2015، مطلع 2017، أواخر عام 2011
        ("ycue", rf"(?:(?P<yc_part>{PART_Y})\s*(?:{YCUE}\s+)?|{YCUE}\s+){yyear('yc_')}"),
        # في 2019، منذ 2013
        ("yprep", rf"{PREP_Y}\s*(?P<yq_s>{yyear('yq_')})(?!\s*[-–—/]\s*{Y})"),
        ("yera", rf"(?P<ye_y>{Y})\s*(?P<ye_e>{ERA})"),
        ("ypar", rf"\(\s*(?P<yr_s>(?P<yr_y>{Y}))\s*\)"),
        # قبل يومين، منذ ثلاث سنوات، قبل نحو عامين، منذ أكثر من 10 سنوات، قبل أيام
        ("count", rf"(?P<ct_a>{ANCHOR})\s+(?:(?P<ct_x>{APPROX})\s+)?(?:(?P<ct_n>{COUNT})\s+)?(?P<ct_u>{UNIT})"
         rf"(?:\s+(?P<ct_v>{fold_pattern('عدة')}){WORD_END})?"
         rf"(?!\s*{D})(?!\s+(?:{fold_pattern('فقط')}\s+)?(?:{MIN}|{fold_pattern('على')}|{fold_pattern('عن')}){WORD_END})"
         rf"(?!\s+(?:{G}|{H}|{WD}){WORD_END})"),  # منذ يوم الاثنين، منذ شهر يوليو: not counts
        ("rday", rf"(?:(?P<rd_dp>{DAYPART})\s+)?(?:{YAWM}\s+)?(?P<rd_w>{DAYWORD})(?!\s+{NOT_TODAY})"
         rf"(?:\s*(?P<rd_p>\()?\s*(?P<rd_wd>{WD})(?(rd_p)\s*\)))?"),
        # الأسبوع الماضي، العام قبل الماضي، هذا العام، مطلع الشهر، العامين الماضيين، الأيام المقبلة
        ("runit", rf"(?=(?:{PART}|{THIS})\s|(?:{COUNT}\s+(?:{AL})?{UNIT}|{UNITDEF})(?:\s+{AL}{CARD})?(?:\s+{FEW})?"
         rf"(?:\s+{fold_pattern('قبل')})?\s+{DIR})"
         rf"(?:(?P<ru_part>{PART})\s+)?(?:(?P<ru_this>{THIS})\s+)?(?:(?P<ru_n>{COUNT})\s+)?"
         rf"(?P<ru_u>(?:{AL})?{UNIT})(?:\s+(?P<ru_n2>{AL}{CARD}))?(?:\s+{FEW})?(?:\s+(?P<ru_b>{fold_pattern('قبل')}))?"
         rf"(?:\s+(?P<ru_dir>{DIR}))?"),
        # يوم الأحد، الأحد الماضي، مساء الجمعة، يومي الاثنين والثلاثاء
        ("wday", rf"(?:(?P<wd_dp>{DAYPART})\s+)?(?:(?:{YAWMAYN}|{YAWM})\s+)?(?P<wd_w>{WD})"
         rf"(?:\s*(?:{fold_pattern('و')}|[،,])\s*(?P<wd_w2>{WD}))?(?:\s+(?P<wd_dir>{DIR}))?"),
        # في نوفمبر، منذ مارس، شهر أكتوبر، خلال شهر رمضان، أبريل/نيسان
        ("mbare", rf"(?:(?P<mb_prep>{PREP})\s+)?(?P<mb_s>(?:(?P<mb_part>{PART})\s+)?(?>{mon_any('mb_')}))"
         rf"(?!\s+(?:{DIR}|{MIN}\s+(?:{THIS}\s+)?{AL}{UNIT}|{Y}))"),
        ("ybare", rf"(?<![.,٫٬]){Y}"),
    ]
    order = [name for name, _ in branches]
    compiled = {name: re.compile(f"{START}(?P<{name}>{pat})") for name, pat in branches}

    # which constructions each first word may start (tried in the order above)
    starts: dict[str, set[str]] = {}

    def add(phrases: Sequence[str], *names: str, definite: bool = False) -> None:
        for phrase in phrases:
            first = _fold11(fold(phrase)).split()[0]
            for key in (first, "ال" + first) if definite else (first,):
                starts.setdefault(key, set()).update(names)

    add([str(r["name"]) for r in load_table("feasts")], "feast")
    add(k["nth_before"], "wdord")
    add([x.name for x in weekdays()], "wdord")
    add([m.name for m in months()], "hfull", "gfull", "mrel", "mbare")
    add(["شهر"], "hfull", "gfull", "mrel", "mbare", "dom")
    add([str(r["word"]) for r in load_table("number_words") if r["kind"] == "ordinal"],
        "drange", "hfull", "gfull", "dom", "dm")
    add(["من"], "drange", "yfrom")
    add(["بين"], "drange", "ybet")
    add(["يوم"], "wdord", "num", "hfull", "gfull", "dom", "dm", "rday", "wday")
    add(["يومي"], "drange", "wday")
    add(k["part"], "mrel", "ydash", "ycue", "runit", "mbare")
    add(k["this"], "runit")
    add(k["year_cue"] + k["years_cue"], "ydual", "ydash", "ycue")
    add(k["prep"], "yprep", "mbare")
    add(k["anchor"], "count")
    add(["منذ"], "yfrom")
    add(k["daypart"], "wdord", "rday", "wday")
    add(k["day"], "rday")
    add(k["unit"], "runit", definite=True)
    add(k["count"], "runit", definite=True)
    add([x.name for x in weekdays()], "wday")
    rank = {name: i for i, name in enumerate(order)}
    dispatch = {key: tuple(sorted(names, key=rank.__getitem__)) for key, names in starts.items()}
    dispatch["("] = ("ypar",)
    digit_branches = tuple(
        n for n in order if n in {"drange", "nrange", "num", "hfull", "gfull", "dom", "dm", "ydash", "yera", "ybare", "runit"}
    )

    am_pm = cues("dateline", "am") + cues("dateline", "pm")
    time = rf"{D}{{1,2}}\s?:\s?{D}{{2}}(?:\s*(?:{alternation(am_pm)}){WORD_END})?"
    filler = alternation(cues("dateline", "filler"))
    gap_same = re.compile(rf"^[\s\-–—/|،,()]*(?:(?:{time}|{filler})[\s\-–—/|،,()]*)*$")

    # anchors: digits, month and weekday names, relative words (folded, 1:1 spellings)
    A = ahocorasick.Automaton()
    for d in "0123456789":  # _fold11 turns Arabic-Indic and Persian digits into these
        A.add_word(d, (1, "digit"))
    words: set[str] = {m.name for m in months()} | {x.name for x in weekdays()} | {str(r["name"]) for r in load_table("feasts")}
    for kind in ("day", "direction"):
        words.update(k[kind])
    # units, but not عقد/عقود (contracts, "held": frequent, and a decade is never alone)
    words.update(u for u in k["unit"] if w.unit[fold_key(u)][0] != "decade")
    for word in words:
        key = _fold11(fold(word))
        if len(key.replace(" ", "")) >= 3 or key in ("غد",):
            A.add_word(key, (len(key), "word"))
            if key.endswith("ا"):  # tanween written before the final alef: غدًا
                A.add_word(key[:-1] + "\u064b" + "ا", (len(key) + 1, "word"))
    A.make_automaton()
    hijri_mark = re.compile(rf"{D}\s*{gr.era_hijri}")
    return _Compiled(compiled, dispatch, digit_branches, gap_same, A, hijri_mark, w, gr)


def warm() -> None:
    """Build the patterns and the anchor automaton now (otherwise on first use)."""
    _compiled()


def _fold11(text: str) -> str:
    """A one-to-one fold (same length, same offsets): hamza forms of alef, alef maqsura,
    yaa / waw with hamza, taa marbuta, Arabic-Indic and Persian digits; what the anchor
    automaton runs on."""
    for a, b in _FOLD_1TO1:
        if a in text:
            text = text.replace(a, b)
    return text


# --------------------------------------------------------------------------- calendar helpers


def _iso(d: date) -> str:
    return d.isoformat()


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _week(pub: date, offset_days: int) -> tuple[date, date]:
    """The Saturday–Friday week that holds ``pub + offset_days``."""
    day = pub + timedelta(days=offset_days)
    start = day - timedelta(days=(day.isoweekday() - _WEEK_START) % 7)
    return start, start + timedelta(days=6)


def _hijri_month_span(y: int, m: int) -> tuple[date, date] | None:
    try:
        h = Hijri(y, m, 1)
        first = h.to_gregorian()
        return date(first.year, first.month, first.day), date(first.year, first.month, first.day) + timedelta(
            days=h.month_length() - 1
        )
    except (ValueError, OverflowError):
        return None


def _hijri_year_span(y1: int, y2: int | None = None) -> tuple[date, date] | None:
    a = _hijri_month_span(y1, 1)
    b = _hijri_month_span(y2 if y2 is not None else y1, 12)
    return (a[0], b[1]) if a and b else None


def _hijri_day(y: int, m: int, d: int) -> date | None:
    try:
        g = Hijri(y, m, d).to_gregorian()
        return date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def _hijri_of(d: date) -> tuple[int, int] | None:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return h.year, h.month
    except (ValueError, OverflowError):
        return None


def _closest_month(pub: date, m: int, day: int | None) -> tuple[int, date | None]:
    """The year in which month ``m`` (day ``day``) lies closest to ``pub`` (ties: the past)."""
    best: tuple[int, int, int, date | None] | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        if day is not None:
            d = _safe_date(y, m, day)
            if d is None:
                continue
            dist = abs((d - pub).days)
        else:
            d = None
            dist = abs((y * 12 + m) - (pub.year * 12 + pub.month))
        key = (dist, 0 if y <= pub.year else 1, y, d)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:  # 29 February of no nearby year
        return pub.year, None
    return best[2], best[3]


def _month_dir(pub: date, m: int, day: int | None, direction: int) -> tuple[int, date | None]:
    """The year of month ``m`` (day ``day``) named with الماضي (-1), الجاري (0) or المقبل (+1)."""
    if direction == 0:
        return pub.year, (_safe_date(pub.year, m, day) if day is not None else None)
    if day is not None:
        for y in ((pub.year, pub.year - 1) if direction < 0 else (pub.year, pub.year + 1)):
            d = _safe_date(y, m, day)
            if d is not None and ((d < pub) if direction < 0 else (d > pub)):
                return y, d
        y = pub.year - 1 if direction < 0 else pub.year + 1
        return y, _safe_date(y, m, day)
    if direction < 0:
        return (pub.year if m < pub.month else pub.year - 1), None
    return (pub.year if m > pub.month else pub.year + 1), None


def _closest_hijri_month(pub: date, m: int, direction: int | None) -> tuple[date, date] | None:
    """The occurrence of Hijri month ``m`` nearest publication (or the last one before it /
    the next one after it)."""
    hy = _hijri_of(pub)
    if hy is None:
        return None
    best: tuple[int, tuple[date, date]] | None = None
    for y in (hy[0] - 1, hy[0], hy[0] + 1):
        span = _hijri_month_span(y, m)
        if span is None:
            continue
        a, b = span
        if direction is not None and direction < 0 and not b < pub:
            continue
        if direction is not None and direction > 0 and not a > pub:
            continue
        dist = 0 if a <= pub <= b else min(abs((a - pub).days), abs((b - pub).days))
        if direction is not None and direction < 0:
            dist = (pub - b).days
        if direction is not None and direction > 0:
            dist = (a - pub).days
        if best is None or dist < best[0]:
            best = (dist, span)
    return best[1] if best else None


# --------------------------------------------------------------------------- the finder


@dataclass
class _Found:
    """A mention under construction (offsets into the original text)."""

    start: int
    end: int
    kind: str  # the branch that matched
    value: str | None
    precision: str
    calendar: str
    basis: str
    end_value: str | None = None
    warnings: list[str] = field(default_factory=list)
    weekday: int | None = None  # an ISO weekday the expression names
    day: date | None = None  # the single day meant, when there is one
    offset: int | None = None  # a relative day (أمس، غداً): its offset in days from the reference day
    time: str | None = None  # the time of day (DateMention.time) and where it is written
    time_start: int | None = None
    time_end: int | None = None

    def mention(self, text: str) -> DateMention:
        return DateMention(
            text=text[self.start : self.end],
            start=self.start,
            end=self.end,
            value=self.value,
            precision=self.precision,
            calendar=self.calendar,
            basis=self.basis,
            end_value=self.end_value,
            warnings=list(self.warnings),
            time=self.time,
            time_start=self.time_start if self.time else None,
            time_end=self.time_end if self.time else None,
        )


class _Doc:
    """Per-call state: the text, the publication date and lazily computed context."""

    def __init__(self, text: str, pub: date | None, c: _Compiled) -> None:
        self.text = text
        self.pub = pub
        self.c = c
        self._hijri_context: bool | None = None

    def hijri_context(self) -> bool:
        if self._hijri_context is None:
            self._hijri_context = self.c.hijri_mark.search(self.text) is not None
        return self._hijri_context

    # -- context words -----------------------------------------------------------------

    def words_before(self, pos: int, n: int, lo: int = 0) -> list[str]:
        toks = _TOKEN.findall(self.text, max(lo, pos - 16 * n), pos)
        return [_key(t) for t in toks[-n:]]

    def word_after(self, pos: int) -> tuple[str, str] | None:
        """The next token after ``pos`` (folded) and what precedes it (spaces / punctuation)."""
        m = _TOKEN.search(self.text, pos, min(len(self.text), pos + 40))
        if m is None:
            return None
        return _key(m.group(0)), self.text[pos : m.start()]


_KEY_SLOW = re.compile(r"[^\u0621-\u063f\u0641-\u064a ]|  ")  # tatweel (U+0640) takes the slow path


def _key(text: str) -> str:
    """:func:`~marsad.lexicon.patterns.fold_key` for a matched word or phrase, with a fast
    path for plain Arabic letters (a test checks both agree on every data-file phrase)."""
    k = text.translate(_FOLD_TABLE)
    if _KEY_SLOW.search(k):
        return fold_key(text)
    return k.strip()


def _strip_clitic(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وفبلك" else word


# Publication dates outside these years are not publication dates: relative expressions stay
# unresolved rather than counting from them (and date arithmetic never leaves 1..9999).
PLAUSIBLE_YEARS = (1900, 2100)


def _parse_published(published: str | None) -> date | None:
    if published is None:
        return None
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        raise ValueError(f"published must be 'YYYY-MM-DD' (or an ISO datetime), got {published!r}") from None
    return pub if PLAUSIBLE_YEARS[0] <= pub.year <= PLAUSIBLE_YEARS[1] else None


def find_dates(
    text: str, spans: Sequence[Span] | None = None, *, published: str | None = None
) -> list[DateMention]:
    """Every date expression in ``text`` (inside ``spans`` when given: the body spans or the
    sentences of a document), in text order, resolved against ``published``
    (``"YYYY-MM-DD"``; relative expressions stay unresolved without it)."""
    c = _compiled()
    doc = _Doc(text, _parse_published(published), c)
    regions = [(0, len(text))] if spans is None else sorted((s.start, s.end) for s in spans)
    found: list[_Found] = []
    folded = _fold11(text)
    branches, digit_branches = c.branches, c.digit_branches
    done = -1  # end of the last mention
    for pos, hi, starts in _candidates(folded, regions, c):
        if pos < done:
            continue
        for q, names in starts:
            for name in names or digit_branches:
                m = branches[name].match(text, q, hi)
                if m is None:
                    continue
                f = _read(doc, m)
                if f is not None:
                    found.append(f)
                    done = m.end()
                    break
            if done > pos:
                break
    found = _merge(doc, found)
    if found:
        _quoted_relative(doc, found)
        _clock_times(doc, folded, found, regions)
    return [f.mention(text) for f in found]


def _starts(folded: str, pos: int, hi: int) -> list[tuple[int, str | None]]:
    """The places a construction may start in the token at ``pos``, each with the first word
    to dispatch on (``None`` for a number, ``"("`` for an opening parenthesis): the token
    itself and the token without one or two proclitics (وفي، وللعام، و2018)."""
    out: list[tuple[int, str | None]] = []
    j = pos
    while j < hi and folded[j] in _OPENERS:
        if folded[j] == "(":
            out.append((j, "("))
        j += 1
    m = _KEYWORD.match(folded, j, hi)
    if m is None:
        return out
    w = m.group(0)
    if w[0].isdigit():
        k = m.end()
        if len(w) == 4 or (len(w) <= 2 and k < hi and (folded[k] in _AFTER_DAY or folded[k].isspace())):
            out.append((j, None))
        return out
    w = w.replace("ـ", "")
    nxt_digit = m.end() < hi and folded[m.end()].isdigit()
    if w == "ال" and nxt_digit:  # الـ12
        out.append((j, None))
        return out
    out.append((j, w))
    if len(w) == 1 and w in "وفبلك" and nxt_digit:  # و2018
        out.append((j + 1, None))
    if len(w) > 2 and w[0] in "وفبلك":
        out.append((j + 1, w[1:]))
        if len(w) > 3 and w[0] in "وف" and w[1] in "بلك":
            out.append((j + 2, w[2:]))
    return out


def _candidates(folded: str, regions: list[tuple[int, int]], c: _Compiled) -> list[tuple[int, int, list]]:
    """Where a date expression may start, in text order: the token holding each anchor (a
    digit, a month or weekday name, a relative word) and the three tokens before it (a cue
    such as في، مطلع، مساء، يوم، الرابع من may precede the anchor) — each with the end of its
    region and the constructions its first word may start (see :func:`_starts`)."""
    seen: dict[int, tuple[int, list]] = {}
    n = len(folded)
    prefixes = _ANCHOR_PREFIXES
    dispatch = c.dispatch

    def consider(t: int, re_: int) -> None:
        if t not in seen:
            starts = []
            for q, key in _starts(folded, t, re_):
                if key is None:
                    starts.append((q, ()))
                else:
                    names = dispatch.get(key)
                    if names:
                        starts.append((q, names))
            seen[t] = (re_, starts)

    for rs, re_ in regions:
        last = prev_digit_end = -1
        for end, (length, kind) in c.automaton.iter(folded, rs, re_):
            s, e = end - length + 1, end + 1
            if kind == "digit":
                if s == prev_digit_end:  # the same number
                    prev_digit_end = e
                    continue
                prev_digit_end = e
            else:
                j = e
                while j < n and "\u064b" <= folded[j] <= "\u065f":  # tashkeel after the word (غداً)
                    j += 1
                if j < n and folded[j].isalpha():
                    continue  # inside a longer word
                i = s
                lo = max(rs, s - 4)
                while i > lo and folded[i - 1].isalpha():
                    i -= 1
                if (i > rs and folded[i - 1].isalpha()) or folded[i:s] not in prefixes:
                    continue
            t0 = _token_start(folded, s, max(rs, s - 40))
            if t0 == last:
                continue
            last = t0
            consider(t0, re_)
            t = t0
            for _ in range(3):  # the three tokens before (only those a construction may start with)
                lo = max(rs, t - 25)
                k = t - 1
                while k > lo and folded[k].isspace():
                    k -= 1
                if k <= lo:
                    break
                t = _token_start(folded, k, lo)
                w = folded[t : k + 1].strip(_PUNCT)
                if w in dispatch or w[1:] in dispatch or w[2:] in dispatch or "ـ" in w:
                    consider(t, re_)
    return [(t, re_, starts) for t, (re_, starts) in sorted(seen.items()) if starts]


def _token_start(text: str, pos: int, lo: int) -> int:
    """Start of the whitespace-delimited token holding ``pos`` (not before ``lo``)."""
    a = text.rfind(" ", lo, pos)
    b = text.rfind("\n", lo, pos)
    if b > a:
        a = b
    if "\u00a0" in text[lo:pos]:
        b = text.rfind("\u00a0", lo, pos)
        if b > a:
            a = b
    return a + 1 if a >= 0 else lo


# --------------------------------------------------------------------------- reading a match


def _read(doc: _Doc, m: re.Match[str]) -> _Found | None:
    kind = m.lastgroup
    if kind is None:  # pragma: no cover - every alternative is a named group
        return None
    try:
        f = _READERS[kind](doc, m)
    except OverflowError:  # arithmetic past year 1 or 9999 (an implausible explicit date): no date
        return None
    if f is not None:  # a month pair's optional ")" may have eaten trailing spaces
        text = doc.text
        while f.end > f.start and text[f.end - 1].isspace():
            f.end -= 1
    return f


def _span(m: re.Match[str], group: str | None = None) -> tuple[int, int]:
    return m.span(group) if group else m.span(m.lastgroup)


def _unresolved(s: int, e: int, kind: str, calendar: str, precision: str = "none", **kw: object) -> _Found:
    return _Found(s, e, kind, None, precision, calendar, "unresolved", **kw)  # type: ignore[arg-type]


def _greg_months(doc: _Doc, m: re.Match[str], g: str) -> tuple[int, list[str]]:
    """The month number of a :meth:`DateGrammar.greg_month_pair` match, and a warning when
    the two names disagree (``يناير/ كانون الأول``)."""
    gr = doc.c.gr
    first = m.group(f"{g}m")
    mo = gr.month(first)[1]
    other = m.group(f"{g}m2") or m.group(f"{g}m3")
    if other:
        mo2 = gr.month(other)[1]
        if mo2 != mo:
            return mo, [f"month_conflict: {first!r} is month {mo} but {other!r} is month {mo2}"]
    return mo, []


def _month_of(doc: _Doc, m: re.Match[str], g: str) -> tuple[str, int, list[str]]:
    """(calendar, number, warnings) of a ``mon_any`` group."""
    if m.group(f"{g}h"):
        return "hijri", doc.c.gr.month(m.group(f"{g}h"))[1], []
    mo, warns = _greg_months(doc, m, g)
    return "gregorian", mo, warns


def _year_value(doc: _Doc, y: int, era: str | None, s: int, e: int, kind: str) -> _Found | None:
    """A year (with its era mark, if any): Gregorian year precision, or a Hijri year as the
    span of days it covers."""
    hijri = False
    warnings: list[str] = []
    if era:
        hijri = _key(era) in _hijri_era_keys()
    elif 1300 <= y <= 1500:
        hijri = doc.hijri_context()
        if not hijri and doc.pub is not None:
            # a year of the last century of the Hijri calendar (1431 in an article of 2018): a
            # Gregorian year 1339–1442 would be medieval, a Hijri one is 1920–2021
            hy = _hijri_of(doc.pub)
            hijri = hy is not None and hy[0] - _HIJRI_YEARS_BACK <= y <= hy[0] + 3
        if hijri:
            warnings.append(f"hijri_year_inferred: {y} has no هـ but is read as a Hijri year")
    if hijri:
        span = _hijri_year_span(y)
        if span is None:
            warnings.append(f"hijri_invalid: the Hijri year {y} cannot be converted (Umm al-Qura covers 1343–1500)")
            return _Found(s, e, kind, None, "none", "hijri", "unresolved", warnings=warnings)
        return _Found(s, e, kind, _iso(span[0]), "none", "hijri", "explicit", _iso(span[1]), warnings=warnings)
    if not 1000 <= y <= 2199:
        return None
    return _Found(s, e, kind, f"{y:04d}", "year", "gregorian", "explicit", warnings=warnings)


_HIJRI_YEARS_BACK = 100  # how far back a year without era mark is still read as Hijri


@cache
def _hijri_era_keys() -> frozenset[str]:
    return frozenset(_key(x) for x in cues("dateline", "hijri_era"))


def _explicit_day(
    doc: _Doc, calendar: str, y: int, mo: int, d: int, s: int, e: int, kind: str, warnings: list[str]
) -> _Found:
    if calendar == "hijri":
        day = _hijri_day(y, mo, d)
        if day is None:
            warnings.append(f"hijri_invalid: {doc.text[s:e]!r} cannot be converted (Umm al-Qura)")
            return _Found(s, e, kind, None, "day", "hijri", "unresolved", warnings=warnings)
    else:
        day = _safe_date(y, mo, d)
        if day is None:
            warnings.append(f"invalid_date: {doc.text[s:e]!r} is not a calendar date")
            return _Found(s, e, kind, None, "day", "gregorian", "unresolved", warnings=warnings)
    return _Found(s, e, kind, _iso(day), "day", calendar, "explicit", warnings=warnings, day=day)


def _r_drange(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    cal, mo, warns = _month_of(doc, m, "dr_")
    d1, d2 = doc.c.gr.read_day(m.group("dr_d1")), doc.c.gr.read_day(m.group("dr_d2"))
    if not (1 <= d1 < d2 <= 31) or _not_a_day(doc, m.start("dr_d1")):
        return None
    if m.group("dr_y"):
        y = int(m.group("dr_y"))
        a = _explicit_day(doc, cal, y, mo, d1, s, e, "drange", warns)
        b = _explicit_day(doc, cal, y, mo, d2, s, e, "drange", [])
        a.end_value = b.value
        a.warnings += b.warnings
        return a
    if doc.pub is None:
        return _unresolved(s, e, "drange", cal, "day", warnings=warns)
    if cal == "hijri":
        span = _closest_hijri_month(doc.pub, mo, None)
        if span is None:
            return _unresolved(s, e, "drange", cal, "day", warnings=warns)
        a0 = span[0] + timedelta(days=d1 - 1)
        return _Found(s, e, "drange", _iso(a0), "day", cal, "relative", _iso(a0 + timedelta(days=d2 - d1)), warns)
    direction = doc.c.words.direction.get(_key(m.group("dr_dir"))) if m.group("dr_dir") else None
    y, _ = _month_dir(doc.pub, mo, d1, direction) if direction is not None else _closest_month(doc.pub, mo, d1)
    a1, b1 = _safe_date(y, mo, d1), _safe_date(y, mo, d2)
    if a1 is None or b1 is None:
        return _unresolved(s, e, "drange", cal, "day", warnings=warns)
    return _Found(s, e, "drange", _iso(a1), "day", cal, "relative", _iso(b1), warns)


def _r_nrange(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    d1, d2, mo, y = int(m.group("nr_d1")), int(m.group("nr_d2")), int(m.group("nr_m")), int(m.group("nr_y"))
    if not (1 <= d1 < d2 <= 31 and 1 <= mo <= 12):
        return None
    era = m.group("nr_e")
    cal = "hijri" if (era and _key(era) in _hijri_era_keys()) or 1300 <= y <= 1500 else "gregorian"
    a = _explicit_day(doc, cal, y, mo, d1, s, e, "nrange", [])
    b = _explicit_day(doc, cal, y, mo, d2, s, e, "nrange", [])
    a.end_value = b.value
    a.warnings += b.warnings
    return a


def _r_num(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    y, mo, d, mark = read_numeric(m, "nm_")
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    cal = "hijri" if mark or 1300 <= y <= 1500 else "gregorian"
    if cal == "gregorian" and not 1000 <= y <= 2199:
        return None
    return _explicit_day(doc, cal, y, mo, d, s, e, "num", [])


def _not_a_day(doc: _Doc, pos: int) -> bool:
    """An ordinal after النصف / الأسبوع / اليوم ... is not a day of the month
    ("النصف الثاني من يوليو", "الأسبوع الأول من مارس")."""
    before = doc.words_before(pos, 1)
    return bool(before) and before[-1] in doc.c.words.not_ordinal_before and not _DIGIT_START.match(doc.text, pos)


_DIGIT_START = re.compile(r"\s*(?:ال\S?\s?)?\d")


def _r_hfull(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    if m.group("hf_d") and _not_a_day(doc, m.start("hf_d")):
        return None
    y = int(m.group("hf_y"))
    if not 1 <= y <= 1600:
        return None
    mo = doc.c.gr.month(m.group("hf_m"))[1]
    if m.group("hf_d"):
        return _explicit_day(doc, "hijri", y, mo, doc.c.gr.read_day(m.group("hf_d")), s, e, "hfull", [])
    span = _hijri_month_span(y, mo)
    if span is None:
        return _Found(s, e, "hfull", None, "none", "hijri", "unresolved", warnings=[f"hijri_invalid: {m.group(0)!r}"])
    return _Found(s, e, "hfull", _iso(span[0]), "none", "hijri", "explicit", _iso(span[1]))


def _r_gfull(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    y = int(m.group("gf_y"))
    if not 1000 <= y <= 2199:
        return None
    mo, warns = _greg_months(doc, m, "gf_")
    if m.group("gf_d") and _not_a_day(doc, m.start("gf_d")):
        return None
    if m.group("gf_d"):
        return _explicit_day(doc, "gregorian", y, mo, doc.c.gr.read_day(m.group("gf_d")), s, e, "gfull", warns)
    return _Found(s, e, "gfull", _ym(y, mo), "month", "gregorian", "explicit", warnings=warns)


def _r_dom(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    if not (m.group("do_this") or m.group("do_dir")) or _not_a_day(doc, m.start("do_d")):
        return None
    d = doc.c.gr.read_day(m.group("do_d"))
    if doc.pub is None:
        return _unresolved(s, e, "dom", "relative", "day")
    direction = w.direction[_key(m.group("do_dir"))] if m.group("do_dir") else 0
    y, mo = _add_months(doc.pub.year, doc.pub.month, direction)
    day = _safe_date(y, mo, d)
    if day is None:
        return _unresolved(s, e, "dom", "relative", "day", warnings=[f"invalid_date: day {d} of {_ym(y, mo)}"])
    return _Found(s, e, "dom", _iso(day), "day", "relative", "relative", day=day)


def _r_dm(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    cal, mo, warns = _month_of(doc, m, "dm_")
    d = doc.c.gr.read_day(m.group("dm_d"))
    if not 1 <= d <= 31 or _not_a_day(doc, m.start("dm_d")):
        return None
    if not (m.group("dm_dir") or m.group("dm_yu")) and _named_event(doc, m.start()):
        return _unresolved(s, e, "dm", cal, "day", warnings=warns + [_NAMED_DAY])
    if doc.pub is None:
        return _unresolved(s, e, "dm", cal, "day", warnings=warns)
    if cal == "hijri":
        direction = w.direction[_key(m.group("dm_dir"))] if m.group("dm_dir") else None
        span = _closest_hijri_month(doc.pub, mo, direction)
        if span is None or d > (span[1] - span[0]).days + 1:
            return _unresolved(s, e, "dm", cal, "day", warnings=warns)
        day = span[0] + timedelta(days=d - 1)
        return _Found(s, e, "dm", _iso(day), "day", cal, "relative", warnings=warns, day=day)
    if m.group("dm_yu"):
        unit = w.unit.get(_strip_al(_key(m.group("dm_yu"))))
        if unit is None or unit[0] != "year":
            return None
        off = w.direction[_key(m.group("dm_ydir"))] if m.group("dm_ydir") else 0
        if not (m.group("dm_ydir") or m.group("dm_this")):
            return None
        y = doc.pub.year + off
        day = _safe_date(y, mo, d)
    elif m.group("dm_dir"):
        y, day = _month_dir(doc.pub, mo, d, w.direction[_key(m.group("dm_dir"))])
    else:
        y, day = _closest_month(doc.pub, mo, d)
    if day is None:
        return _unresolved(s, e, "dm", cal, "day", warnings=warns + [f"invalid_date: {doc.text[s:e]!r}"])
    return _Found(s, e, "dm", _iso(day), "day", cal, "relative", warnings=warns, day=day)


_NAMED_DAY = "year_unknown: a named day or month (ثورة 25 يناير، أحداث 11 سبتمبر) without its year"


def _named_event(doc: _Doc, pos: int) -> bool:
    """Whether the word before ``pos`` names an event (ثورة، أحداث، حرب ...): the date is then
    the event's own day, whose year is not the publication's."""
    before = doc.words_before(pos, 1)
    return bool(before) and (before[-1] in doc.c.words.named_event or _strip_clitic(before[-1]) in doc.c.words.named_event)


def _strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _r_mrel(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    cal, mo, warns = _month_of(doc, m, "mr_")
    if m.group("mr_yu"):
        unit = w.unit.get(_strip_al(_key(m.group("mr_yu"))))
        if unit is None or unit[0] != "year" or not (m.group("mr_ydir") or m.group("mr_this")):
            return None
    if doc.pub is None:
        return _unresolved(s, e, "mrel", cal, "month" if cal == "gregorian" else "none", warnings=warns)
    if cal == "hijri":
        if m.group("mr_yu"):
            hy = _hijri_of(doc.pub)
            off = w.direction[_key(m.group("mr_ydir"))] if m.group("mr_ydir") else 0
            span = _hijri_month_span(hy[0] + off, mo) if hy else None
        else:
            span = _closest_hijri_month(doc.pub, mo, w.direction[_key(m.group("mr_dir"))] or None)
        if span is None:
            return _unresolved(s, e, "mrel", cal, "none", warnings=warns)
        return _Found(s, e, "mrel", _iso(span[0]), "none", cal, "relative", _iso(span[1]), warns)
    if m.group("mr_yu"):
        off = w.direction[_key(m.group("mr_ydir"))] if m.group("mr_ydir") else 0
        y = doc.pub.year + off
    else:
        y, _ = _month_dir(doc.pub, mo, None, w.direction[_key(m.group("mr_dir"))])
    return _Found(s, e, "mrel", _ym(y, mo), "month", cal, "relative", warnings=warns)


def _year_range(doc: _Doc, y1: int, y2: int, era: str | None, s: int, e: int, kind: str) -> _Found | None:
    if not (y1 < y2 <= y1 + 50):
        return None
    a = _year_value(doc, y1, era, s, e, kind)
    b = _year_value(doc, y2, era, s, e, kind)
    if a is None or b is None:
        return None
    a.end_value = b.end_value if b.precision == "none" else b.value
    a.warnings = sorted(set(a.warnings + b.warnings))
    return a


def _r_ydual(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    return _year_range(doc, int(m.group("yd_y1")), int(m.group("yd_y2")), m.group("yd_e"), s, e, "ydual")


def _r_ybet(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    return _year_range(doc, int(m.group("yb_y1")), int(m.group("yb_y2")), m.group("yb_e"), s, e, "ybet")


def _r_yfrom(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    return _year_range(doc, int(m.group("yf_y1")), int(m.group("yf_y2")), m.group("yf_e"), s, e, "yfrom")


def _r_ydash(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    return _year_range(doc, int(m.group("yh_y1")), int(m.group("yh_y2")), m.group("yh_e"), s, e, "ydash")


def _r_ycue(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    return _year_value(doc, int(m.group("yc_y")), m.group("yc_e"), s, e, "ycue")


def _r_yprep(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m, "yq_s")
    y = int(m.group("yq_y"))
    if not (m.group("yq_e") or 1900 <= y <= 2099 or (1300 <= y <= 1500 and doc.hijri_context())):
        return None
    if not m.group("yq_e") and _counted_after(doc, e):
        return None
    return _year_value(doc, y, m.group("yq_e"), s, e, "yprep")


def _r_yera(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    if _labelled(doc, s, 4):
        return None
    return _year_value(doc, int(m.group("ye_y")), m.group("ye_e"), s, e, "yera")


def _r_ypar(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m, "yr_s")
    y = int(m.group("yr_y"))
    if not 1900 <= y <= 2099 or _labelled(doc, m.start(), 1):
        return None
    return _year_value(doc, y, None, s, e, "ypar")


def _r_ybare(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    y = int(m.group(0))
    if not 1900 <= y <= 2099 or y % 100 == 0:
        return None
    before = doc.words_before(s, 4)
    w = doc.c.words
    if before and before[-1] in w.direction:  # العام الماضي 2014
        return _year_value(doc, y, None, s, e, "ybare")
    gap = doc.text[max(0, s - 3) : s]
    if _LETTER.search(gap) is None and any(ch.isdigit() for ch in gap):
        return None
    if before and (before[-1] in w.approx or _strip_clitic(before[-1]) in ("من", "الي", "الى", "نحو")):
        return None
    if _labelled(doc, s, 4) or _counted_after(doc, e, strict=True):
        return None
    return _year_value(doc, y, None, s, e, "ybare")


def _labelled(doc: _Doc, pos: int, n: int) -> bool:
    """Whether one of the ``n`` words before ``pos`` makes the number a label (رقم، رؤية ...)."""
    labels = doc.c.words.label
    return any(wd in labels or _strip_clitic(wd) in labels for wd in doc.words_before(pos, n))


def _counted_after(doc: _Doc, pos: int, *, strict: bool = False) -> bool:
    """Whether the word after a number makes it a count (``2000 شخص``, ``2015 مليون``).
    Loose (after في/منذ): only a following digit or % does; strict (a bare number): any
    following indefinite word that is not a function word from ``year_follow`` does."""
    text = doc.text
    j = pos
    while j < len(text) and text[j] in " \u00a0\t":
        j += 1
    if j >= len(text):
        return False
    ch = text[j]
    if ch in "%٪$€£" or ch.isdigit():
        return True
    if not strict:
        return False
    nxt = doc.word_after(pos)
    if nxt is None:
        return False
    word, between = nxt
    if not word or between.strip():  # a tatweel dash (2009 ــ 2010) or punctuation: the number ends a phrase
        return False
    follow = doc.c.words.year_follow
    if word in follow or word.startswith("ال"):
        return False
    if word[0] in "وف" and (word[1:] in follow or word[1:].startswith("ال") or len(word) > 3):
        return False
    return True


def _r_count(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    direction = w.anchor[_key(m.group("ct_a"))]
    unit, number = w.unit[_key(m.group("ct_u"))]
    n_text = m.group("ct_n")
    vague = bool(m.group("ct_v"))
    count: int | None
    if n_text:
        key = _key(n_text)
        digits = re.search(r"\d+", key)
        count = int(digits.group(0)) if digits else w.cardinal.get(_strip_al(key), w.cardinal.get(key))
        if count == 0:
            vague = True
    elif number == 2:
        count = 2
    elif number == 1:
        count = 1
    else:
        count = None
    if number == 0 and count is None:
        vague = True
    if unit == "decade" and ((not (n_text or m.group("ct_x")) and number == 1) or vague):
        return None  # عقد alone is a contract / a holding; منذ عقود is too vague to be a date
    if direction > 0 and number == 1 and not n_text:
        return None  # بعد عام نفذت فيه ...: "after a year of", not "in a year"
    if count is not None and count > 100:
        return None
    return _offset(doc, s, e, "count", unit, direction, None if vague else count)


def _offset(doc: _Doc, s: int, e: int, kind: str, unit: str, direction: int, count: int | None) -> _Found:
    """``count`` units before (direction -1) or after (+1) publication; ``None`` = vague."""
    if unit in ("hour", "minute"):
        return _clock_offset(doc, s, e, kind, unit, direction, count)
    precision = {"day": "day", "week": "none", "month": "month", "year": "year", "decade": "year"}[unit]
    if doc.pub is None:
        return _unresolved(s, e, kind, "relative", "none" if count is None else precision)
    pub = doc.pub
    if count is None:
        near, far = _VAGUE_DAYS[unit]
        if direction < 0:
            a, b = pub - timedelta(days=far), pub - timedelta(days=near)
        else:
            a, b = pub + timedelta(days=near), pub + timedelta(days=far)
        return _Found(s, e, kind, _iso(a), "none", "relative", "relative", _iso(b))
    n = count * direction
    if unit == "day":
        day = pub + timedelta(days=n)
        return _Found(s, e, kind, _iso(day), "day", "relative", "relative", day=day)
    if unit == "week":
        a, b = _week(pub, 7 * n)
        return _Found(s, e, kind, _iso(a), "none", "relative", "relative", _iso(b))
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, n)
        return _Found(s, e, kind, _ym(y, mo), "month", "relative", "relative")
    years = n * (10 if unit == "decade" else 1)
    return _Found(s, e, kind, f"{pub.year + years:04d}", "year", "relative", "relative")


def _clock_offset(doc: _Doc, s: int, e: int, kind: str, unit: str, direction: int, count: int | None) -> _Found:
    """قبل ساعات، منذ ساعتين، قبل 30 دقيقة، الساعات الماضية: the publication day (a day
    earlier or later only for 24 hours or more)."""
    if doc.pub is None:
        return _unresolved(s, e, kind, "relative", "day")
    hours = 0 if count is None else count if unit == "hour" else count // 60
    day = doc.pub + timedelta(days=(hours // 24) * (-1 if direction < 0 else 1))
    return _Found(s, e, kind, _iso(day), "day", "relative", "relative", day=day)


def _r_runit(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    unit, number = w.unit[_strip_al(_key(m.group("ru_u")))]
    if (unit == "decade" or unit == "day") and number == 1:
        return None  # اليوم is read by rday; عقد alone is a contract
    dir_word = m.group("ru_dir")
    direction = w.direction[_key(dir_word)] if dir_word else 0
    if m.group("ru_b"):  # العام قبل الماضي
        if direction >= 0:
            return None
        direction = -2
    n_text = m.group("ru_n") or m.group("ru_n2")
    if number == 1 and not n_text:
        if not (dir_word or m.group("ru_this") or m.group("ru_part")):
            return None
        return _offset(doc, s, e, "runit", unit, -1 if direction < 0 else 1, abs(direction)) if direction else _current(
            doc, s, e, unit
        )
    # a dual or plural period: العامين الماضيين، الخمس سنوات المقبلة، الأيام الماضية
    if direction == 0:
        return None
    if n_text:
        key = _strip_al(_key(n_text))
        digits = re.search(r"\d+", key)
        count: int | None = int(digits.group(0)) if digits else w.cardinal.get(key)
    else:
        count = 2 if number == 2 else None
    if not count:
        if unit == "decade":
            return None
        return _offset(doc, s, e, "runit", unit, direction, None)
    if doc.pub is None:
        return _unresolved(s, e, "runit", "relative", {"day": "day", "hour": "day", "minute": "day", "month": "month", "year": "year"}.get(unit, "none"))
    sign = -1 if direction < 0 else 1
    first = _offset(doc, s, e, "runit", unit, sign, count if sign < 0 else 1)
    last = _offset(doc, s, e, "runit", unit, sign, 1 if sign < 0 else count)
    first.end_value = last.end_value if last.precision == "none" else last.value
    first.day = None
    return first


def _current(doc: _Doc, s: int, e: int, unit: str) -> _Found:
    """هذا العام، الشهر الجاري، نهاية العام: the period that holds publication."""
    if doc.pub is None:
        return _unresolved(s, e, "runit", "relative", {"day": "day", "week": "none", "month": "month"}.get(unit, "year"))
    pub = doc.pub
    if unit in ("day", "hour", "minute"):
        return _Found(s, e, "runit", _iso(pub), "day", "relative", "relative", day=pub)
    if unit == "week":
        a, b = _week(pub, 0)
        return _Found(s, e, "runit", _iso(a), "none", "relative", "relative", _iso(b))
    if unit == "month":
        return _Found(s, e, "runit", _ym(pub.year, pub.month), "month", "relative", "relative")
    return _Found(s, e, "runit", f"{pub.year:04d}", "year", "relative", "relative")


def _r_rday(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    word = _key(m.group("rd_w"))
    offset = w.day[word]
    text = doc.text
    if word == _key("اليوم"):
        ws = m.start("rd_w")
        before = doc.words_before(ws, 1)
        if before and (before[-1] in w.not_today_before or _strip_clitic(before[-1]) in w.not_today_before):
            if not m.group("rd_dp"):
                return None
        quoted = ws > 0 and text[ws - 1] in "«\"“" and text[m.end("rd_w") : m.end("rd_w") + 1] in ("»", '"', "”")
        if quoted and re.search(r"ل[\u0640]*\s?$", text[max(0, ws - 4) : ws - 1]):
            return None  # لـ«اليوم»: the newspaper
    iso_wd = doc.c.gr.weekdays[_key(m.group("rd_wd"))] if m.group("rd_wd") else None
    if doc.pub is None:
        return _with_daypart(_unresolved(s, e, "rday", "relative", "day", weekday=iso_wd), m, "rd_dp")
    day = doc.pub + timedelta(days=offset)
    if iso_wd is not None and day.isoweekday() != iso_wd:
        # "اليوم الجمعة" in a page dated Saturday: the writer's weekday is trusted over the
        # publication metadata (often a feed or crawl time, late, never early): the latest
        # such weekday on or before the computed day.
        named = day - timedelta(days=(day.isoweekday() - iso_wd) % 7)
        f = _Found(s, e, "rday", _iso(named), "day", "relative", "weekday", weekday=iso_wd, day=named)
        f.warnings.append(
            _weekday_warning(m.group("rd_wd"), iso_wd, day)
            + f" ({text[m.start('rd_w'):m.end('rd_w')]!r} from the publication date); read as {named.isoformat()}"
        )
        return _with_daypart(f, m, "rd_dp")
    f = _Found(s, e, "rday", _iso(day), "day", "relative", "relative", weekday=iso_wd, day=day, offset=offset)
    return _with_daypart(f, m, "rd_dp")


def _with_daypart(f: _Found, m: re.Match[str], group: str) -> _Found:
    """مساء أمس، صباح الخميس: the part of the day is the mention's time of day."""
    if m.group(group):
        label = _time_words().daypart.get(_key(m.group(group)))
        if label:
            f.time, f.time_start, f.time_end = label, m.start(group), m.end(group)
    return f


def _weekday_warning(name: str, iso_wd: int, day: date) -> str:
    return (
        f"weekday_conflict: {name!r} is a {_ISO_DAY_NAMES[iso_wd]} but {day.isoformat()} "
        f"is a {_ISO_DAY_NAMES[day.isoweekday()]}"
    )


def _r_wday(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m)
    w = doc.c.words
    gr = doc.c.gr
    before = doc.words_before(m.start(), 1)
    if before and (before[-1] in w.not_weekday_before or _strip_clitic(before[-1]) in w.not_weekday_before):
        return None
    iso1 = gr.weekdays[_key(m.group("wd_w"))]
    iso2 = gr.weekdays[_key(m.group("wd_w2"))] if m.group("wd_w2") else None
    if doc.pub is None:
        return _with_daypart(_unresolved(s, e, "wday", "relative", "day", weekday=None if iso2 else iso1), m, "wd_dp")
    direction = w.direction[_key(m.group("wd_dir"))] if m.group("wd_dir") else 0
    pub = doc.pub
    if direction == 0 and not m.group("wd_w2") and _future_before(doc, m.start()):
        day = pub + timedelta(days=(iso1 - pub.isoweekday()) % 7)  # سيزور ... الأحد: on or after publication
        return _with_daypart(_Found(s, e, "wday", _iso(day), "day", "relative", "weekday", weekday=iso1, day=day), m, "wd_dp")
    if direction > 0:
        day = pub + timedelta(days=(iso1 - pub.isoweekday()) % 7 or 7)
    elif direction < 0:
        day = pub - timedelta(days=(pub.isoweekday() - iso1) % 7 or 7)
    else:
        day = pub - timedelta(days=(pub.isoweekday() - iso1) % 7)
    f = _Found(s, e, "wday", _iso(day), "day", "relative", "weekday", weekday=iso1, day=day)
    if iso2 is not None:
        f.end_value = _iso(day + timedelta(days=(iso2 - iso1) % 7))
        f.weekday = None
        f.day = None
    return _with_daypart(f, m, "wd_dp")


_FUTURE_REACH_WORDS = 10  # "ومن المنتظر أن يلتقي الوزير الأردني رئيس الحكومة التونسية صباح الاثنين"
_FUTURE_REACH_CHARS = 140


def _future_before(doc: _Doc, pos: int) -> bool:
    """Whether a future marker (سوف، من المقرر، سيزور ... from ``date_words.tsv``) stands in
    the ``_FUTURE_REACH_WORDS`` words before ``pos`` in the same clause (not across a full
    stop, a line break or a comma)."""
    lo = max(0, pos - _FUTURE_REACH_CHARS)
    cut = max(doc.text.rfind(".", lo, pos), doc.text.rfind("\n", lo, pos), doc.text.rfind("،", lo, pos))
    future = doc.c.words.future
    return any(wd in future or _strip_clitic(wd) in future
               for wd in doc.words_before(pos, _FUTURE_REACH_WORDS, lo=max(lo, cut + 1)))


def _r_mbare(doc: _Doc, m: re.Match[str]) -> _Found | None:
    s, e = _span(m, "mb_s")
    if not (m.group("mb_prep") or m.group("mb_part") or m.group("mb_m2") or m.group("mb_m3")):
        if not _fold11(fold(m.group("mb_s"))).startswith("شهر"):
            return None
    cal, mo, warns = _month_of(doc, m, "mb_")
    if _named_event(doc, s):
        warns.append(_NAMED_DAY)
    if doc.pub is None or _NAMED_DAY in warns:
        return _unresolved(s, e, "mbare", cal, "month" if cal == "gregorian" else "none", warnings=warns)
    if cal == "hijri":
        span = _closest_hijri_month(doc.pub, mo, None)
        if span is None:
            return _unresolved(s, e, "mbare", cal, "none", warnings=warns)
        return _Found(s, e, "mbare", _iso(span[0]), "none", cal, "relative", _iso(span[1]), warns)
    y, _ = _closest_month(doc.pub, mo, None)
    return _Found(s, e, "mbare", _ym(y, mo), "month", cal, "relative", warnings=warns)


def _r_feast(doc: _Doc, m: re.Match[str]) -> _Found | None:
    """A feast with its year: عيد الفطر 1439هـ (a Hijri year: the feast of that year),
    عيد الأضحى 2018 (a Gregorian year: the feast that falls in it). A feast of several days
    is a range."""
    s, e = _span(m)
    row = _feasts()[_key(m.group("fe_n"))]
    month, day, days = row
    y = int(_fold11(m.group("fe_y")))
    era = m.group("fe_e")
    hijri = (era is not None and _key(era) in _hijri_era_keys()) or (era is None and y < 1600)
    start: date | None = None
    if hijri:
        start = _hijri_day(y, month, day)
    elif 1900 <= y <= 2100:
        approx = round((y - 622) * 33 / 32)
        for hy in range(approx - 1, approx + 3):
            d = _hijri_day(hy, month, day)
            if d is not None and d.year == y:
                start = d
                break
    if start is None:
        return _unresolved(s, e, "feast", "hijri" if hijri else "gregorian", "none")
    f = _Found(s, e, "feast", _iso(start), "day", "hijri" if hijri else "gregorian", "explicit", day=start)
    if days > 1:
        f.end_value = _iso(start + timedelta(days=days - 1))
        f.day = None
    return f


@cache
def _feasts() -> dict[str, tuple[int, int, int]]:
    """Folded feast name -> (Hijri month, day, days) from ``feasts.tsv``."""
    return {fold_key(str(r["name"])): (int(r["month"]), int(r["day"]), int(r["days"])) for r in load_table("feasts")}  # type: ignore[arg-type]


def _r_wdord(doc: _Doc, m: re.Match[str]) -> _Found | None:
    """The n-th (or last) weekday of a month: الخميس الأول من شهر مارس، ثاني جمعة من رمضان,
    آخر جمعة من رمضان 1445هـ. The month is placed as a month name alone is (its year, its
    direction, else the occurrence nearest publication)."""
    s, e = _span(m)
    w, gr = doc.c.words, doc.c.gr
    rank = w.nth[_key(m.group("wo_b") or m.group("wo_a"))]
    name = m.group("wo_w1") or m.group("wo_w2")
    iso = gr.weekdays.get(_key(name)) or gr.weekdays.get(_key("ال" + name))
    if iso is None:
        return None
    cal, mo, warns = _month_of(doc, m, "wo_")
    direction = w.direction[_key(m.group("wo_dir"))] if m.group("wo_dir") else None
    span: tuple[date, date] | None
    if m.group("wo_y"):
        y = int(_fold11(m.group("wo_y")))
        era = m.group("wo_e")
        hijri_year = (era is not None and _key(era) in _hijri_era_keys()) or (era is None and cal == "hijri")
        if cal == "hijri" and hijri_year:
            span = _hijri_month_span(y, mo)
        elif cal == "gregorian" and not hijri_year and 1000 <= y <= 2199:
            first = date(y, mo, 1)
            span = first, _add_month_end(first)
        else:
            return None
    elif doc.pub is None:
        return _with_daypart(_unresolved(s, e, "wdord", cal, "day", warnings=warns), m, "wo_dp")
    elif cal == "hijri":
        span = _closest_hijri_month(doc.pub, mo, direction or None)
    else:
        y, _ = _month_dir(doc.pub, mo, None, direction) if direction is not None else _closest_month(doc.pub, mo, None)
        first = date(y, mo, 1)
        span = first, _add_month_end(first)
    if span is None:
        return _unresolved(s, e, "wdord", cal, "day", warnings=warns)
    days = [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]
    hits = [d for d in days if d.isoweekday() == iso]
    if not hits or rank > len(hits):
        return _unresolved(s, e, "wdord", cal, "day", warnings=warns + [f"invalid_date: {doc.text[s:e]!r}"])
    day = hits[-1] if rank < 0 else hits[rank - 1]
    basis = "explicit" if m.group("wo_y") else "relative"
    f = _Found(s, e, "wdord", _iso(day), "day", cal, basis, warnings=warns, weekday=iso, day=day)
    return _with_daypart(f, m, "wo_dp")


def _add_month_end(first: date) -> date:
    """The last day of the month that starts on ``first``."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


_READERS = {
    "feast": _r_feast,
    "wdord": _r_wdord,
    "drange": _r_drange,
    "nrange": _r_nrange,
    "num": _r_num,
    "hfull": _r_hfull,
    "gfull": _r_gfull,
    "dom": _r_dom,
    "dm": _r_dm,
    "mrel": _r_mrel,
    "ydual": _r_ydual,
    "ybet": _r_ybet,
    "yfrom": _r_yfrom,
    "ydash": _r_ydash,
    "ycue": _r_ycue,
    "yprep": _r_yprep,
    "yera": _r_yera,
    "ypar": _r_ypar,
    "count": _r_count,
    "rday": _r_rday,
    "runit": _r_runit,
    "wday": _r_wday,
    "mbare": _r_mbare,
    "ybare": _r_ybare,
}


# --------------------------------------------------------------------------- joining mentions

_DAY_KINDS = frozenset({"num", "hfull", "gfull", "dm", "dom"})


def _merge(doc: _Doc, found: list[_Found]) -> list[_Found]:
    """Join a date with what restates it: a Hijri date and its Gregorian twin (الموافق), a
    weekday or relative day and the date beside it (الأحد 15 فبراير 2026, غدا الأربعاء (15
    مايو)), a relative year and the year printed after it (العام الماضي (2023))."""
    if len(found) < 2:
        return found
    text = doc.text
    out: list[_Found] = [found[0]]
    for b in found[1:]:
        a = out[-1]
        gap = text[a.end : b.start]
        joined = None
        if len(gap) <= 40 and doc.c.gap_same.match(gap):
            joined = _join(doc, a, b, gap)
        if joined is not None:
            out[-1] = joined
        else:
            out.append(b)
    return out


def _join(doc: _Doc, a: _Found, b: _Found, gap: str) -> _Found | None:
    text = doc.text
    end = b.end
    if "(" in gap and ")" not in gap:
        close = re.match(r"\s*\)", text[end : end + 3])
        if close:
            end += close.end()
    # a Hijri date and a Gregorian date of one day
    if a.kind in _DAY_KINDS and b.kind in _DAY_KINDS and a.precision == b.precision == "day":
        if {a.calendar, b.calendar} == {"hijri", "gregorian"}:
            h, g = (a, b) if a.calendar == "hijri" else (b, a)
            out = _Found(a.start, end, g.kind, g.value, "day", "gregorian", g.basis, g.end_value, a.warnings + b.warnings, day=g.day)
            if h.day is not None and g.day is not None and h.day != g.day:
                out.warnings.append(
                    f"hijri_conflict: {text[h.start:h.end]!r} is {h.day.isoformat()} (Umm al-Qura) but "
                    f"{text[g.start:g.end]!r} is {g.day.isoformat()} ({(g.day - h.day).days:+d} days)"
                )
            return out
        return None
    # a weekday or a relative day, then the date it names
    if a.kind in ("wday", "rday") and b.kind in _DAY_KINDS and b.precision == "day" and a.end_value is None:
        if b.basis == "explicit":
            out = _Found(a.start, end, b.kind, b.value, "day", b.calendar, "explicit", None, a.warnings + b.warnings, day=b.day)
        else:
            out = _Found(a.start, end, b.kind, b.value, "day", b.calendar, b.basis, None, b.warnings, day=b.day)
        out.warnings = [x for x in out.warnings if not x.startswith("weekday_conflict")] if b.day else out.warnings
        if b.day is not None:
            if a.weekday is not None and b.day.isoweekday() != a.weekday:
                out.warnings.append(_weekday_warning(_weekday_name(doc, a), a.weekday, b.day))
            if a.kind == "rday" and a.day is not None and a.day != b.day:
                out.warnings.append(
                    f"relative_conflict: {text[a.start:a.end]!r} is {a.day.isoformat()} but the date beside it is "
                    f"{b.day.isoformat()}"
                )
        return out
    # a relative year, then the year itself: العام الماضي (2014)
    if a.kind == "runit" and a.precision == "year" and a.end_value is None and b.kind in ("ypar", "ybare") and b.precision == "year":
        out = _Found(a.start, end, b.kind, b.value, "year", "gregorian", "explicit", None, a.warnings + b.warnings)
        if a.value is not None and a.value != b.value:
            out.warnings.append(f"relative_conflict: {text[a.start:a.end]!r} is {a.value} but the year beside it is {b.value}")
        return out
    return None


# --------------------------------------------------------------------------- time of day


@dataclass(frozen=True)
class _TimeWords:
    """time_words.tsv, keyed by fold_key."""

    hour: dict[str, int]
    fraction: dict[str, int]
    period: dict[str, str]
    daypart: dict[str, str]
    by_kind: dict[str, tuple[str, ...]]


@cache
def _time_words() -> _TimeWords:
    by_kind: dict[str, list[str]] = {}
    hour: dict[str, int] = {}
    fraction: dict[str, int] = {}
    period: dict[str, str] = {}
    daypart: dict[str, str] = {}
    for r in load_table("time_words"):
        phrase, kind = str(r["phrase"]), str(r["kind"])
        by_kind.setdefault(kind, []).append(phrase)
        key = fold_key(phrase)
        if kind == "hour":
            hour[key] = int(r["value"])  # type: ignore[arg-type]
        elif kind == "fraction":
            fraction[key] = int(r["value"])  # type: ignore[arg-type]
        elif kind == "period":
            period[key] = str(r["label"])
        elif kind == "daypart":
            daypart[key] = str(r["label"])
    return _TimeWords(hour, fraction, period, daypart, {k: tuple(v) for k, v in by_kind.items()})


@cache
def _clock_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A clock time, tried with ``match`` where the text has a clock cue (الساعة) or a
    ``h:mm``: (في تمام) الساعة العاشرة (والنصف) (صباحاً)، الساعة 10:30 مساء، 10:30 صباحا.
    Returns (from the cue, from the digits, the lead words before the cue)."""
    t = _time_words().by_kind
    D = grammar().digit
    cue = _alt(t["clock_cue"])
    hourw = _alt(t["hour"])
    frac = _alt(t["fraction"])
    period = rf"(?:(?:{fold_pattern('من')}\s+)?(?P<pe>{_alt(t['period'])}))"
    num = rf"(?<!{D})(?P<h>{D}{{1,2}})(?:\s?[:.]\s?(?P<mi>{D}{{2}}))?(?!{D})"
    from_cue = re.compile(rf"{cue}\s+(?:{num}|(?P<hw>{hourw}))(?:\s+(?P<fr>{frac}))?(?:\s+{period})?")
    from_digits = re.compile(rf"(?P<h2>{D}{{1,2}})\s?:\s?(?P<mi2>{D}{{2}})(?!{D})\s*(?P<pe2>{_alt(t['period'])})")
    lead = re.compile(rf"(?:(?<![^\W_]){fold_pattern('في')}\s+)?(?:(?<![^\W_])(?:{_alt(t['clock_lead'])})\s+)+$")
    return from_cue, from_digits, lead


_CLOCK_DIGITS = re.compile(r"(?<!\d)\d{1,2}\s?:\s?\d{2}(?!\d)")


def _clock_matches(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, re.Match[str]]]:
    """The clock times in ``text[lo:hi]``: (start with its lead words, end, match)."""
    from_cue, from_digits, lead = _clock_patterns()
    out: list[tuple[int, int, re.Match[str]]] = []
    k = folded.find("ساعه", lo, hi)
    while k >= 0:
        a = k - 2 if folded[k - 2 : k] == "ال" else k
        m = from_cue.match(text, a, hi)
        if m is not None:
            back = lead.search(text, max(lo, a - 30), a)
            out.append((back.start() if back else a, m.end(), m))
        k = folded.find("ساعه", k + 4, hi)
    if ":" in folded[lo:hi]:
        for d in _CLOCK_DIGITS.finditer(folded, lo, hi):
            if any(s <= d.start() < e for s, e, _ in out):
                continue
            m = from_digits.match(text, d.start(), hi)
            if m is not None:
                out.append((m.start(), m.end(), m))
    return out


# hours of these parts of the day read on the 24-hour clock (العاشرة مساء = 22:00), and the
# parts where 12 o'clock is midnight
_PM_HOURS = {"noon": range(1, 6), "afternoon": range(1, 12), "evening": range(1, 12), "night": range(6, 12)}
_MIDNIGHT_TWELVE = frozenset({"dawn", "morning", "night"})
_TIME_REACH = 60  # characters between a clock time and the date it qualifies
_CLAUSE_STOP = re.compile(r"[.؛;!?؟\n]")


def _clock_times(doc: _Doc, folded: str, found: list[_Found], regions: list[tuple[int, int]]) -> None:
    """Clock times are kept on the date mention they qualify (the nearest in the same clause,
    within ``_TIME_REACH`` characters; a time with no date there is not a date and is left
    out): ``time`` is "HH:MM" on the 24-hour clock, with the offsets of the words that say it."""
    text = doc.text
    tw = _time_words()
    for rs, re_ in regions:
        for a, b, m in _clock_matches(text, folded, rs, re_):
            best: tuple[int, _Found] | None = None
            for f in found:
                if f.end <= a:
                    gap = text[f.end : a]
                elif f.start >= b:
                    gap = text[b : f.start]
                else:  # they overlap (الساعة العاشرة من مساء أمس: the part of the day is the date's)
                    gap = ""
                if len(gap) > _TIME_REACH or _CLAUSE_STOP.search(gap):
                    continue
                if best is None or len(gap) < best[0]:
                    best = (len(gap), f)
            if best is None:
                continue
            f = best[1]
            g = m.groupdict()
            h_text = g.get("h") or g.get("h2")
            hour = int(_fold11(h_text)) if h_text else tw.hour[_key(g["hw"])]
            mi_text = g.get("mi") or g.get("mi2")
            minutes = int(_fold11(mi_text)) if mi_text else 0
            if g.get("fr"):
                minutes = tw.fraction[_key(g["fr"])]
                if minutes < 0:
                    hour, minutes = hour - 1 if hour > 1 else 12, 60 + minutes
            pe = g.get("pe") or g.get("pe2")
            label = tw.period[_key(pe)] if pe else (f.time if f.time and ":" not in f.time else None)
            if hour > 23 or minutes > 59:
                continue
            if label in _PM_HOURS and hour in _PM_HOURS[label]:
                hour += 12
            elif label in _MIDNIGHT_TWELVE and hour == 12:
                hour = 0
            f.time = f"{hour:02d}:{minutes:02d}"
            f.time_start, f.time_end = a, b


# --------------------------------------------------------------------------- quoted speech

_QUOTE_OPEN = "«\"“"
_QUOTE_CLOSE = "»\"”"


def _quoted_relative(doc: _Doc, found: list[_Found]) -> None:
    """A relative day inside a quotation (قال الوزير يوم 30 مايو: «سأزور دمشق غداً») counts
    from the day the quoted statement was made, when the clause that introduces the quotation
    gives it: the nearest day date before the opening quote mark in the same sentence."""
    text = doc.text
    for i, f in enumerate(found):
        if f.kind != "rday" or f.offset is None or f.day is None:
            continue
        lo = max(0, f.start - 300)
        stop = max(text.rfind(".", lo, f.start), text.rfind("\n", lo, f.start))
        k = max(text.rfind(q, stop + 1, f.start) for q in "«“»”\"")
        opened = -1
        if k < 0 or text[k] in "»”":
            continue  # no quotation open before it in the sentence
        if text[k] != '"' or text.count('"', stop + 1, k) % 2 == 0:
            opened = k  # « or “, or a straight quote with an even number of them before it
        if opened < 0:
            continue
        said = next((g for g in reversed(found[:i]) if stop < g.start and g.end <= opened and g.day is not None
                     and g.precision == "day" and g.end_value is None and g.kind != "rday"), None)
        if said is None or said.day == doc.pub:
            continue
        day = said.day + timedelta(days=f.offset)
        if day != f.day:
            f.warnings.append(
                f"quoted_relative: {text[f.start:f.end]!r} is read from the statement's day "
                f"{said.day.isoformat()} ({text[said.start:said.end]!r}), not from publication"
            )
            f.day, f.value = day, _iso(day)


def _weekday_name(doc: _Doc, f: _Found) -> str:
    m = re.search(doc.c.gr.weekday, doc.text[f.start : f.end])
    return m.group(0) if m else "?"


__all__ = ["find_dates", "warm"]
