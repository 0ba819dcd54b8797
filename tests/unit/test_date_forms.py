"""Date forms of issue 11 on sentences written by the marsad team: hours and minutes ago, the
previous day/week/month/year family, day-before-yesterday variants, feasts with a year, and
a weekday that disagrees with the date beside it (a warning; the explicit date wins)."""

from __future__ import annotations

import pytest

from marsad.extract.dates import find_dates
from marsad.lexicon import load_table

PUB = "2024-05-15"  # a Wednesday


def one(text: str, published: str = PUB):  # type: ignore[no-untyped-def]
    got = find_dates(text, published=published)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize("text, value", [
    ("وقع الانفجار قبل ساعات في وسط المدينة.", "2024-05-15"),
    ("أعلن الجيش منذ ساعتين سقوط الطائرة.", "2024-05-15"),
    ("وصل الوفد قبل 30 دقيقة إلى المطار.", "2024-05-15"),
    ("شهدت المدينة خلال الساعات الماضية اشتباكات.", "2024-05-15"),
    ("أفرج عن الرهائن قبل 48 ساعة.", "2024-05-13"),
    ("وصل الوفد قبل أمس إلى العاصمة.", "2024-05-13"),
    ("عاد الوزير أمس الأولى من جولته.", "2024-05-13"),
    ("وكان قد وصل في اليوم السابق.", "2024-05-14"),
    ("زار الوزير المدينة العام السابق.", "2023"),
    ("ارتفعت الأسعار الشهر المنقضي.", "2024-04"),
])
def test_relative_forms(text: str, value: str) -> None:
    assert one(text).value == value


def test_former_is_not_a_date() -> None:
    assert find_dates("التقى الرئيس السابق وزير الخارجية.", published=PUB) == []


def test_previous_week_is_a_range() -> None:
    d = one("وفي الأسبوع السابق التقى الرئيسان.")
    assert (d.value, d.end_value) == ("2024-05-04", "2024-05-10")


@pytest.mark.parametrize("text, first, last", [
    ("احتفل المسلمون بعيد الفطر 1439هـ في بلدانهم.", "2018-06-15", "2018-06-17"),
    ("وصل الحجاج قبل عيد الأضحى المبارك لعام 2018 إلى مكة.", "2018-08-21", "2018-08-24"),
    ("صام كثيرون يوم عرفة 1445 هـ في القرى.", "2024-06-15", None),
])
def test_feasts_with_a_year(text: str, first: str, last: str | None) -> None:
    d = one(text)
    assert (d.value, d.end_value, d.basis) == (first, last, "explicit")


def test_weekday_conflict_warns_and_the_date_wins() -> None:
    d = one("عقد الاجتماع يوم الجمعة 16 مايو 2024 في القاهرة.")
    assert d.value == "2024-05-16"
    assert any(w.startswith("weekday_conflict") for w in d.warnings)


def test_feasts_table_rows_are_valid() -> None:
    rows = load_table("feasts")
    assert rows and all(1 <= int(r["month"]) <= 12 for r in rows)  # type: ignore[arg-type]
