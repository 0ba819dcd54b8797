"""Dates of issue 11, part two, on sentences written by the marsad team: clock times and parts
of the day kept as the mention's time of day (with offsets, the value unchanged), ordinal
weekdays of a month, a relative day inside a quotation read from the statement's day, a
weekday checked against the date beside it, a Hijri year without its era mark — and forms
that must give no date."""

from __future__ import annotations

import pytest

from marsad.extract.dates import find_dates
from marsad.lexicon import load_table
from marsad.text.normalize import fold

PUB = "2024-03-10"  # a Sunday


def one(text: str, published: str | None = PUB):  # type: ignore[no-untyped-def]
    got = find_dates(text, published=published)
    assert len(got) == 1, got
    return got[0]


# --- clock times and parts of the day ------------------------------------------------------


@pytest.mark.parametrize("text, value, time, said", [
    ("وصل الوزير أمس الساعة العاشرة صباحا إلى العاصمة.", "2024-03-09", "10:00", "الساعة العاشرة صباحا"),
    ("بدأ الاجتماع في تمام الساعة 10:30 من مساء الثلاثاء.", "2024-03-05", "22:30", "في تمام الساعة 10:30 من مساء"),
    ("انطلقت القافلة الساعة الثالثة عصرا يوم الخميس.", "2024-03-07", "15:00", "الساعة الثالثة عصرا"),
    ("وصل الوفد عند الساعة العاشرة والنصف من صباح أمس.", "2024-03-09", "10:30", "عند الساعة العاشرة والنصف من صباح"),
    ("انتهت المحادثات الساعة الثانية عشرة ليلا أمس.", "2024-03-09", "00:00", "الساعة الثانية عشرة ليلا"),
    ("غادر الضيف الساعة التاسعة إلا ربعا مساء الجمعة.", "2024-03-08", "20:45", "الساعة التاسعة إلا ربعا مساء"),
    ("عقد الاجتماع مساء أمس في مقر الوزارة.", "2024-03-09", "evening", "مساء"),
    ("وصل الرئيس صباح الخميس إلى المدينة.", "2024-03-07", "morning", "صباح"),
])
def test_a_clock_time_is_kept_as_time_of_day(text: str, value: str, time: str, said: str) -> None:
    d = one(text)
    assert (d.value, d.precision, d.time) == (value, "day", time)
    assert d.time_start is not None and d.time_end is not None
    assert text[d.time_start : d.time_end] == said


def test_a_clock_time_never_changes_the_value() -> None:
    plain = one("التقى الوزيران أمس في العاصمة.")
    timed = one("التقى الوزيران أمس الساعة الحادية عشرة مساء في العاصمة.")
    assert (plain.value, timed.value) == ("2024-03-09", "2024-03-09")
    assert (plain.time, timed.time) == (None, "23:00")


@pytest.mark.parametrize("text", [
    "يستغرق الطريق ساعتين بالسيارة.",
    "تعمل المكاتب الساعة العاشرة صباحا كل يوم.",  # a clock time with no date is not a date
    "ارتفعت الحرارة إلى 10:30 درجة.",
])
def test_no_date_from_a_clock_time_alone(text: str) -> None:
    assert find_dates(text, published=PUB) == []


def test_a_time_in_another_sentence_is_not_kept() -> None:
    d = find_dates("وصل الوزير أمس. وتبدأ الجلسة الساعة العاشرة صباحا.", published=PUB)
    assert [(x.text, x.time) for x in d] == [("أمس", None)]


# --- ordinal weekdays of a month -----------------------------------------------------------


@pytest.mark.parametrize("text, value, basis", [
    ("يبدأ المؤتمر يوم الخميس الأول من شهر مارس.", "2024-03-07", "relative"),
    ("تعقد القمة الاثنين الثاني من أبريل المقبل.", "2024-04-08", "relative"),
    ("تنطلق البطولة في ثاني جمعة من رمضان.", "2024-03-22", "relative"),
    ("يصلي الناس في آخر جمعة من شهر رمضان 1445هـ.", "2024-04-05", "explicit"),
    ("جرت الانتخابات في أول ثلاثاء من نوفمبر 2022.", "2022-11-01", "explicit"),
    ("عقد اللقاء الأحد الأخير من فبراير.", "2024-02-25", "relative"),
])
def test_ordinal_weekdays_of_a_month(text: str, value: str, basis: str) -> None:
    d = one(text)
    assert (d.value, d.precision, d.basis) == (value, "day", basis)


def test_a_fifth_weekday_a_month_does_not_have_is_unresolved() -> None:
    d = one("في الخميس الخامس من أبريل 2023.")  # April 2023 has four Thursdays
    assert d.value is None and any(w.startswith("invalid_date") for w in d.warnings)


def test_an_ordinal_weekday_is_not_a_day_of_the_month() -> None:
    # "الخميس الأول من مارس" is not the first of March with a weekday beside it
    assert one("يوم الخميس الأول من مارس 2024").value == "2024-03-07"


# --- a weekday beside a date ---------------------------------------------------------------


def test_a_weekday_that_disagrees_with_its_date_warns_and_the_date_wins() -> None:
    d = one("وقع الاتفاق يوم الاثنين 15 فبراير 2026 في الرياض.")
    assert (d.value, d.basis) == ("2026-02-15", "explicit")  # 15 February 2026 is a Sunday
    assert any(w.startswith("weekday_conflict") for w in d.warnings)


def test_a_weekday_that_agrees_with_its_date_gives_no_warning() -> None:
    d = one("وقع الاتفاق يوم الأحد 15 فبراير 2026 في الرياض.")
    assert (d.value, d.warnings) == ("2026-02-15", [])


# --- a relative day in a quotation ---------------------------------------------------------


def test_a_relative_day_in_a_quotation_counts_from_the_statement_day() -> None:
    got = find_dates("وقال الوزير يوم 30 مايو: «سأزور دمشق غداً».", published="2024-06-03")
    assert [(d.text, d.value) for d in got] == [("يوم 30 مايو", "2024-05-30"), ("غداً", "2024-05-31")]
    assert any(w.startswith("quoted_relative") for w in got[1].warnings)


def test_a_relative_day_in_a_quotation_without_a_statement_day_counts_from_publication() -> None:
    got = find_dates("وقال الوزير: «سأزور دمشق غداً».", published="2024-06-03")
    assert [(d.text, d.value, d.warnings) for d in got] == [("غداً", "2024-06-04", [])]


def test_a_relative_day_outside_the_quotation_counts_from_publication() -> None:
    got = find_dates("وقال الوزير يوم 30 مايو إنه سيزور دمشق غداً.", published="2024-06-03")
    assert [(d.text, d.value) for d in got] == [("يوم 30 مايو", "2024-05-30"), ("غداً", "2024-06-04")]


# --- Islamic holidays with a year (feasts.tsv, hijridate) -----------------------------------


def test_a_feast_with_a_hijri_year() -> None:
    d = one("تبادل القادة التهاني بعيد الفطر 1445هـ.")
    assert (d.value, d.end_value, d.calendar) == ("2024-04-10", "2024-04-12", "hijri")


# --- a year without its era mark -----------------------------------------------------------


def test_a_year_of_the_last_hijri_century_is_never_a_gregorian_event_year() -> None:
    d = one("وقع البلدان الاتفاقية عام 1431 في جدة.", "2018-05-01")
    assert (d.calendar, d.precision, d.value, d.end_value) == ("hijri", "none", "2009-12-18", "2010-12-06")
    assert d.warnings and d.warnings[0].startswith("hijri_year_inferred")


# --- the data ------------------------------------------------------------------------------


def test_every_daypart_of_date_words_has_a_time_of_day() -> None:
    labels = {fold(str(r["phrase"])) for r in load_table("time_words") if r["kind"] == "daypart"}
    dayparts = {fold(str(r["phrase"])) for r in load_table("date_words") if r["kind"] == "daypart"}
    assert dayparts <= labels


def test_time_words_schema() -> None:
    rows = load_table("time_words")
    hours = {int(r["value"]) for r in rows if r["kind"] == "hour"}  # type: ignore[arg-type]
    assert hours == set(range(1, 13))
    assert all(r["label"] for r in rows if r["kind"] in ("period", "daypart"))
    nth = {int(r["value"]) for r in load_table("date_words") if r["kind"] in ("nth_before", "nth_after")}  # type: ignore[arg-type]
    assert nth == {1, 2, 3, 4, 5, -1}
