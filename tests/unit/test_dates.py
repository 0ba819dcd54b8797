"""The date finder: every construction, every trap, with and without a publication date.

All sentences are written for these tests in the style of Arabic news; the corpus checks read
../shared at run time and skip where it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.extract.dates import find_dates
from marsad.model import DateMention, Span

PUB = "2024-05-14"  # a Tuesday; Hijri 6 Dhu al-Qa'da 1445


def found(text: str, published: str | None = PUB, spans: list[Span] | None = None) -> list[DateMention]:
    ms = find_dates(text, spans, published=published)
    for m in ms:  # offsets are exact, always
        assert text[m.start : m.end] == m.text
        assert m.precision in ("day", "month", "year", "none")
        assert m.calendar in ("gregorian", "hijri", "relative")
        assert m.basis in ("explicit", "relative", "weekday", "unresolved")
    return ms


def brief(text: str, published: str | None = PUB) -> list[tuple[str, str | None, str | None, str]]:
    return [(m.text, m.value, m.end_value, m.precision) for m in found(text, published)]


def one(text: str, published: str | None = PUB) -> DateMention:
    ms = found(text, published)
    assert len(ms) == 1, [(m.text, m.value) for m in ms]
    return ms[0]


# --- explicit Gregorian dates -----------------------------------------------------------

EXPLICIT = [
    ("وصل الوفد الأحد 15 فبراير 2026 إلى روما", "الأحد 15 فبراير 2026", "2026-02-15", "day"),
    ("وقع الجانبان الاتفاق في 3 كانون الثاني 2024 بعمان", "3 كانون الثاني 2024", "2024-01-03", "day"),
    ("انطلقت الدورة في 18 أفريل 2024 بتونس", "18 أفريل 2024", "2024-04-18", "day"),
    ("افتتح المعرض يوم 3 دجنبر 2024 بالرباط", "يوم 3 دجنبر 2024", "2024-12-03", "day"),
    ("صدر القرار في 15 أيار/مايو 2024 بعد مشاورات", "15 أيار/مايو 2024", "2024-05-15", "day"),
    ("بدأت المحادثات في شباط/فبراير 2024 بجنيف", "شباط/فبراير 2024", "2024-02", "month"),
    ("تراجعت الأسعار منذ فبراير (شباط) 2023 بشكل حاد", "فبراير (شباط) 2023", "2023-02", "month"),
    ("أعيد فتح المعبر في تشرين الثاني- نوفمبر 2019 أمام الشاحنات", "تشرين الثاني- نوفمبر 2019", "2019-11", "month"),
    ("تتولى البعثة رئاسة اللجنة لشهر مارس 2025 بالتناوب", "شهر مارس 2025", "2025-03", "month"),
    ("اندلعت المعارك في الخامس من حزيران عام 1967 صباحاً", "الخامس من حزيران عام 1967", "1967-06-05", "day"),
    ("انعقدت الجلسة في الحادي والعشرين من مارس 2022 بحضور الوزراء", "الحادي والعشرين من مارس 2022", "2022-03-21", "day"),
    ("أقيم الحفل في الـ17 من يونيو 2023 بالقاهرة", "الـ17 من يونيو 2023", "2023-06-17", "day"),
    ("نشرت الصحيفة التقرير ١٦ سبتمبر ٢٠٢٤ على موقعها", "١٦ سبتمبر ٢٠٢٤", "2024-09-16", "day"),
    ("صدر البيان في ۲۲ اکتبر ۱۴۰۳ بطهران", None, None, None),  # a Persian month name is not an Arabic one
    ("وقع البروتوكول في ۵ مارس ۲۰۲۱ بالقاهرة", "۵ مارس ۲۰۲۱", "2021-03-05", "day"),
    ("أسست الجمعية عام 1982م بمبادرة أهلية", "عام 1982م", "1982", "year"),
    ("تأسس المركز في 9 مايو 2016م في جدة", "9 مايو 2016م", "2016-05-09", "day"),
    ("نشر في: 22/10/2024 - 17:40", "22/10/2024", "2024-10-22", "day"),
    ("اعتمد المجلس الخطة بتاريخ 2024-10-22 في اجتماعه", "2024-10-22", "2024-10-22", "day"),
    ("صادق البرلمان عليها بتاريخ 7/ 3 / 2019 بالأغلبية", "7/ 3 / 2019", "2019-03-07", "day"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "precision"), EXPLICIT)
def test_explicit_gregorian_dates(sentence: str, text: str | None, value: str | None, precision: str | None) -> None:
    ms = found(sentence)
    if text is None:
        assert ms == [] or all(m.value is None or m.basis != "explicit" for m in ms)
        return
    assert [(m.text, m.value, m.precision, m.calendar, m.basis) for m in ms] == [
        (text, value, precision, "gregorian", "explicit")
    ]
    assert found(sentence, None)[0].value == value  # explicit dates need no publication date


YEARS = [
    ("استقبل الوزير نظيره في 2019 بالقاهرة", "2019", "2019"),
    ("وقعت الاتفاقية عام 2019 بين البلدين", "عام 2019", "2019"),
    ("وقعت الاتفاقية العام 2019 بين البلدين", "العام 2019", "2019"),
    ("منحت الجمعية جائزتها لعام 2021 لطبيبة شابة", "لعام 2021", "2021"),
    ("وفي ٢٠١٩، افتتحت الوزارة مركزاً جديداً", "٢٠١٩", "2019"),
    ("دخلت الاتفاقية حيز التنفيذ في مطلع 2017 بعد المصادقة", "مطلع 2017", "2017"),
    ("انتخب رئيساً للبرلمان أواخر عام 2011 بعد مشاورات", "أواخر عام 2011", "2011"),
    ("انتهت الحرب الأهلية منذ 1990 تقريباً", "1990", "1990"),
    ("دعا البيان إلى تنفيذ القرار 2254 (2015) دون إبطاء", "2015", "2015"),
    ("يرى المحلل أن اتفاق 2015 النووي فقد قيمته", "2015", "2015"),
]


@pytest.mark.parametrize(("sentence", "text", "value"), YEARS)
def test_years(sentence: str, text: str, value: str) -> None:
    m = one(sentence)
    assert (m.text, m.value, m.precision, m.basis) == (text, value, "year", "explicit")


RANGES = [
    ("تنظم الوزارة برنامجها التأهيلي على مدى عامي «2022 – 2023م» في المحافظات", "عامي «2022 – 2023م»", "2022", "2023", "year"),
    ("تمتد الخطة 2026 – 2027م وفق البرنامج", "2026 – 2027م", "2026", "2027", "year"),
    ("ارتفعت الصادرات بين عامي 2015 و2018 بنسبة كبيرة", "بين عامي 2015 و2018", "2015", "2018", "year"),
    ("شهدت البلاد نزاعاً مسلحاً (1950-1953) خلّف دماراً واسعاً", "1950-1953", "1950", "1953", "year"),
    ("يعقد المؤتمر من 12 إلى 14 مارس 2024 في الرياض", "من 12 إلى 14 مارس 2024", "2024-03-12", "2024-03-14", "day"),
    ("عقدت الورشة خلال الفترة من 7 ـ 9 / 3 / 1445هـ في جدة", "7 ـ 9 / 3 / 1445هـ", "2023-09-22", "2023-09-24", "day"),
    ("أقر المجلس ميزانية العام المالي (1443 / 1444هـ) للهيئة", "1443 / 1444هـ", "2021-08-09", "2023-07-18", "none"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "end", "precision"), RANGES)
def test_ranges(sentence: str, text: str, value: str, end: str, precision: str) -> None:
    m = one(sentence)
    assert (m.text, m.value, m.end_value, m.precision) == (text, value, end, precision)


def test_a_day_range_without_year_takes_it_from_publication() -> None:
    assert brief("يعقد المؤتمر من 12 إلى 14 مارس في الرياض") == [("من 12 إلى 14 مارس", "2024-03-12", "2024-03-14", "day")]
    m = one("يعقد المؤتمر من 12 إلى 14 مارس في الرياض", None)
    assert (m.value, m.end_value, m.basis) == (None, None, "unresolved")


# --- Hijri ---------------------------------------------------------------------------------


def test_hijri_day_is_converted_with_umm_al_qura() -> None:
    m = one("الرياض 3 رجب 1447 هـ أعلنت الوزارة")
    assert (m.text, m.value, m.precision, m.calendar, m.basis) == ("3 رجب 1447 هـ", "2025-12-23", "day", "hijri", "explicit")
    assert one("صدر الأمر في 8 صفر 1446 هـ").value == "2024-08-12"
    assert one("بتاريخ 20 / 4 / 1444هـ صدر القرار").value == "2022-11-14"


def test_hijri_year_is_the_span_of_days_it_covers() -> None:
    m = one("الاتفاقية الأمنية الموقعة بين البلدين عام 1437 هـ ما زالت سارية")
    assert (m.text, m.value, m.end_value, m.precision, m.calendar) == (
        "عام 1437 هـ",
        "2015-10-14",
        "2016-10-01",
        "none",
        "hijri",
    )
    m = one("أنجز المشروع في رمضان 1436 هـ بالكامل")
    assert (m.value, m.end_value, m.precision) == ("2015-06-18", "2015-07-16", "none")


def test_hijri_twin_of_a_gregorian_date_is_one_mention_and_conflicts_are_flagged() -> None:
    text = "جدة 12 رمضان 1445 هـ الموافق 22 مارس 2024 م واس استقبل المحافظ الوفد"
    m = one(text)
    assert (m.text, m.value, m.calendar, m.warnings) == ("12 رمضان 1445 هـ الموافق 22 مارس 2024 م", "2024-03-22", "gregorian", [])
    bad = one("جدة 12 رمضان 1445 هـ الموافق 25 مارس 2024 م واس")
    assert bad.value == "2024-03-25"  # the Gregorian date as printed, not "corrected"
    assert len(bad.warnings) == 1 and bad.warnings[0].startswith("hijri_conflict:")
    m = one("وجرى اللقاء يوم الثلاثاء 2/9/1445 الموافق 12/ 3 / 2024 بالعقبة")
    assert (m.value, m.warnings) == ("2024-03-12", [])
    m = one("الأحد 15 فبراير 2026 11:05 صـ 27 شعبان 1447 هـ")
    assert (m.value, m.warnings) == ("2026-02-15", [])


def test_a_hijri_year_without_era_mark_is_read_as_hijri_in_a_hijri_context_or_the_last_century() -> None:
    # the document prints Hijri dates: 1436 is a Hijri year
    m = found("صدر التقرير 5 رمضان 1436 هـ. وكانت الهيئة أنشئت عام 1430 بقرار ملكي", None)[-1]
    assert (m.text, m.calendar, m.precision, m.value) == ("عام 1430", "hijri", "none", "2008-12-29")
    assert m.warnings[0].startswith("hijri_year_inferred")
    # close to the publication's Hijri year
    assert one("وقعت الاتفاقية عام 1436 في الرياض", "2015-08-10").calendar == "hijri"
    # within the last hundred Hijri years before publication: a Hijri year, never the medieval
    # Gregorian year (1431 in an article of 2018 is 2009/10, not an event of 1431)
    m = one("وقعت الاتفاقية عام 1431 بين البلدين", "2018-05-01")
    assert (m.calendar, m.value, m.end_value) == ("hijri", "2009-12-18", "2010-12-06")
    # after the publication's Hijri year (and its next three): a Gregorian year (historical)
    m = one("فتح العثمانيون القسطنطينية عام 1453", "2018-05-01")
    assert (m.calendar, m.value) == ("gregorian", "1453")


def test_a_hijri_month_without_year_is_its_nearest_occurrence() -> None:
    m = one("كثفت الجهات خططها خلال شهر رمضان المبارك لخدمة المعتمرين", "2015-08-09")
    assert (m.text, m.value, m.end_value, m.calendar, m.basis) == ("شهر رمضان", "2015-06-18", "2015-07-16", "hijri", "relative")


# --- relative expressions -------------------------------------------------------------------

RELATIVE = [
    ("وصل الوفد أمس إلى القاهرة", "أمس", "2024-05-13", None, "day"),
    ("وصل الوفد بالأمس إلى القاهرة", "الأمس", "2024-05-13", None, "day"),
    ("التقى الوزيران أول أمس في جدة", "أول أمس", "2024-05-12", None, "day"),
    ("التقى الوزيران أمس الأول في جدة", "أمس الأول", "2024-05-12", None, "day"),
    ("يبدأ الوزير اليوم زيارة رسمية", "اليوم", "2024-05-14", None, "day"),
    ("يصل الوفد غداً إلى عمان", "غداً", "2024-05-15", None, "day"),
    ("تبدأ الاجتماعات بعد غد في الرباط", "بعد غد", "2024-05-16", None, "day"),
    ("وصل الرئيس مساء أمس إلى الرياض", "مساء أمس", "2024-05-13", None, "day"),
    ("استقبل المحافظ صباح اليوم السفير", "صباح اليوم", "2024-05-14", None, "day"),
    ("زار الوفد بغداد الأسبوع الماضي", "الأسبوع الماضي", "2024-05-04", "2024-05-10", "none"),
    ("يزور الوفد أثينا الأسبوع المقبل", "الأسبوع المقبل", "2024-05-18", "2024-05-24", "none"),
    ("تنتهي المهمة الأسبوع القادم", "الأسبوع القادم", "2024-05-18", "2024-05-24", "none"),
    ("وقعت مذكرة التفاهم الشهر الماضي", "الشهر الماضي", "2024-04", None, "month"),
    ("تعقد القمة الشهر المقبل في المنامة", "الشهر المقبل", "2024-06", None, "month"),
    ("نفذت عمليات مشتركة العام الماضي", "العام الماضي", "2023", None, "year"),
    ("ستستضيف المنتدى السنة المقبلة", "السنة المقبلة", "2025", None, "year"),
    ("تعاون البلدان في السنة الماضية", "السنة الماضية", "2023", None, "year"),
    ("قررت الدولتان خلال العام قبل الماضي تفعيل الاتفاقية", "العام قبل الماضي", "2022", None, "year"),
    ("تراجع عدد الزوار هذا العام", "هذا العام", "2024", None, "year"),
    ("صدر التقرير مطلع الشهر", "مطلع الشهر", "2024-05", None, "month"),
    ("تكتمل الأعمال بحلول نهاية العام", "نهاية العام", "2024", None, "year"),
    ("تعقد الجولة المقبلة مطلع العام المقبل", "مطلع العام المقبل", "2025", None, "year"),
    ("صدر القانون مطلع العام وبدأ تطبيقه", "مطلع العام", "2024", None, "year"),
    ("صدر التعميم الشهر الجاري", "الشهر الجاري", "2024-05", None, "month"),
    ("وقعت الحادثة الليلة الماضية", "الليلة الماضية", "2024-05-13", None, "day"),
    ("أوردت الصحيفة قبل أيام أن مسؤولين زاروا البلاد", "قبل أيام", "2024-05-07", "2024-05-13", "none"),
    ("تشهد البلاد أزمة منذ ثلاث سنوات", "منذ ثلاث سنوات", "2021", None, "year"),
    ("أعلنت الوزارة قبل شهرين بدء البرنامج", "قبل شهرين", "2024-03", None, "month"),
    ("دخلت المعاهدة حيز التنفيذ قبل نحو عامين", "قبل نحو عامين", "2022", None, "year"),
    ("أعلن الاتفاق قبل يومين في الدوحة", "قبل يومين", "2024-05-12", None, "day"),
    ("انقطعت الاتصالات منذ أسبوعين", "منذ أسبوعين", "2024-04-27", "2024-05-03", "none"),
    ("تراجعت الصادرات خلال العامين الماضيين", "العامين الماضيين", "2022", "2023", "year"),
    ("ستنفذ الخطة خلال الخمس سنوات المقبلة", "الخمس سنوات المقبلة", "2025", "2029", "year"),
    ("تحسنت العلاقات في الأيام الأخيرة", "الأيام الأخيرة", "2024-05-07", "2024-05-13", "none"),
    ("تولى المنصب في أكتوبر الماضي", "أكتوبر الماضي", "2023-10", None, "month"),
    ("يلتقي الزعيمان في مايو المقبل", "مايو المقبل", "2025-05", None, "month"),
    ("يلتقي الزعيمان في يونيو المقبل", "يونيو المقبل", "2024-06", None, "month"),
    ("بدأت الزيارة في 20 مارس الماضي", "20 مارس الماضي", "2024-03-20", None, "day"),
    ("تولى المنصب في يناير من العام الماضي", "يناير من العام الماضي", "2023-01", None, "month"),
    ("وسط توتر منذ يناير/كانون الثاني الماضي", "يناير/كانون الثاني الماضي", "2024-01", None, "month"),
    ("عقد الوزيران لقاءهما الأخير في نوفمبر", "نوفمبر", "2023-11", None, "month"),
    ("تعقد القمة في 20 أبريل بالعاصمة", "20 أبريل", "2024-04-20", None, "day"),
    ("تنطلق الدورة يوم 27 من الشهر الجاري", "يوم 27 من الشهر الجاري", "2024-05-27", None, "day"),
    ("يبدأ البرنامج في الأسبوع الأول من شهر مارس المقبل", "شهر مارس المقبل", "2025-03", None, "month"),
    ("سجلت الصادرات العام الماضي (2023) ارتفاعاً", "العام الماضي (2023)", "2023", None, "year"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "end", "precision"), RELATIVE)
def test_relative_expressions_resolve_against_publication(
    sentence: str, text: str, value: str, end: str | None, precision: str
) -> None:
    m = one(sentence)
    assert (m.text, m.value, m.end_value, m.precision) == (text, value, end, precision)
    assert m.basis in ("relative", "explicit")


@pytest.mark.parametrize(("sentence", "text", "value", "end", "precision"), RELATIVE)
def test_nothing_resolves_against_today_without_a_publication_date(
    sentence: str, text: str, value: str, end: str | None, precision: str
) -> None:
    m = one(sentence, None)
    assert m.text == text
    if m.basis != "explicit":  # العام الماضي (2014) keeps its printed year
        assert (m.value, m.end_value, m.basis) == (None, None, "unresolved")


WEEKDAYS = [
    # published on Tuesday 2024-05-14
    ("استقبل الوزير يوم الأحد نظيره", "يوم الأحد", "2024-05-12"),
    ("استقبل الوزير الأحد الماضي نظيره", "الأحد الماضي", "2024-05-12"),
    ("يصل الوفد الأحد المقبل", "الأحد المقبل", "2024-05-19"),
    ("أعلنت الوزارة الثلاثاء أن", "الثلاثاء", "2024-05-14"),  # publication day itself
    ("أعلنت الوزارة الثلاثاء الماضي أن", "الثلاثاء الماضي", "2024-05-07"),
    ("وصل الرئيس مساء الجمعة إلى باريس", "مساء الجمعة", "2024-05-10"),
    ("يؤدي الوزير زيارة عمل منذ يوم الاثنين", "يوم الاثنين", "2024-05-13"),
    ("وصل الوفد أمس الاثنين إلى القاهرة", "أمس الاثنين", "2024-05-13"),
    ("أكد المتحدث اليوم الثلاثاء أن", "اليوم الثلاثاء", "2024-05-14"),
    ("أجرى الوزير محادثات صباح اليوم (الثلاثاء) مع", "صباح اليوم (الثلاثاء)", "2024-05-14"),
]


@pytest.mark.parametrize(("sentence", "text", "value"), WEEKDAYS)
def test_weekdays(sentence: str, text: str, value: str) -> None:
    m = one(sentence)
    assert (m.text, m.value, m.precision, m.warnings) == (text, value, "day", [])
    assert one(sentence, None).value is None


def test_a_weekday_after_a_future_marker_is_the_next_one() -> None:
    assert one("وأعلن المكتب أن الرئيس سيرسل الاثنين وفداً إلى بيونغ يانغ").value == "2024-05-20"
    assert one("ومن المقرر أن يصل الوزير الثلاثاء إلى الرباط").value == "2024-05-14"
    assert one("وصل الوزير الاثنين إلى الرباط").value == "2024-05-13"
    # the marker may stand further back in the same clause, not in an earlier one
    assert one("ومن المنتظر أن يستقبل رئيس الوزراء المغربي نظيره الموريتاني في الرباط صباح الأربعاء").value == "2024-05-15"
    assert one("ومن المنتظر أن يصدر بيان مشترك، وكان الوزير قد وصل إلى الرباط صباح الأربعاء").value == "2024-05-08"


def test_two_weekdays_are_a_range() -> None:
    m = one("استمرت المشاورات يومي الاثنين والثلاثاء في جنيف")
    assert (m.text, m.value, m.end_value) == ("يومي الاثنين والثلاثاء", "2024-05-13", "2024-05-14")


def test_a_weekday_that_disagrees_is_flagged_not_hidden() -> None:
    # "yesterday, Thursday" in a page dated Tuesday: the printed weekday is trusted over the
    # publication metadata (feed and crawl times are late), and the conflict is reported
    m = one("وصل الوفد أمس الخميس إلى القاهرة")  # 2024-05-13 is a Monday
    assert (m.value, m.basis) == ("2024-05-09", "weekday")
    assert m.warnings == [
        "weekday_conflict: 'الخميس' is a Thursday but 2024-05-13 is a Monday ('أمس' from the publication date); "
        "read as 2024-05-09"
    ]
    m = one("الخميس 11 يونيو 2024 04:30 مـ")  # 2024-06-11 is a Tuesday
    assert (m.value, m.basis) == ("2024-06-11", "explicit")
    assert m.warnings == ["weekday_conflict: 'الخميس' is a Thursday but 2024-06-11 is a Tuesday"]


def test_a_weekday_beside_a_date_joins_it() -> None:
    m = one("ويلتقي الزعيمان غدا الأربعاء (15 مايو) في جنيف")
    assert (m.text, m.value, m.warnings) == ("غدا الأربعاء (15 مايو)", "2024-05-15", [])
    m = one("ويلتقي الزعيمان يوم الأربعاء 15 مايو 2024 في جنيف")
    assert (m.text, m.value, m.basis) == ("يوم الأربعاء 15 مايو 2024", "2024-05-15", "explicit")


def test_month_pairs_that_disagree_are_flagged() -> None:
    m = one("أعلنت الوزارة في أبريل/ تموز 2019 خطتها الجديدة")
    assert m.value == "2019-04" and m.warnings[0].startswith("month_conflict:")


# --- what is not a date ---------------------------------------------------------------------

NOT_DATES = [
    "شارك الوفد في الدورة رقم «27» لمؤتمر وزراء الداخلية العرب",
    "شارك 42 ضابطاً في الدورة 31 التي نظمتها الأكاديمية",
    "تنظم الأكاديمية ست دورات متخصصة وخمس دورات تكوينية سنوياً",
    "تستغرق الزيارة 3 أيام ويرافقه وفد من 12 مسؤولاً",
    "خصصت الحكومة 2000 دولار لكل أسرة وارتفع المؤشر 2015 نقطة",
    "بلغت نسبة النمو 12% خلال الربع وبلغ العجز 1500 مليون",
    "يمكن الإبلاغ عبر الخط الساخن 19517 على مدار الساعة",
    "تنص المادة 12 من الاتفاقية على تبادل المعلومات",
    "يطالب القرار 2231 الصادر عن مجلس الأمن بوقف التخصيب",
    "يأتي ذلك في إطار رؤية 2030 وتحقيقاً لمستهدفات رؤية المملكة 2030",
    "ضمن برامج رؤية المملكة العربية السعودية 2030م للتنويع",
    "هاتف الرئيس رجب طيب أردوغان رئيسة الحكومة تيريزا ماي",
    "التقى المسؤول بالرئيس رمضان قاديروف في غروزني",
    "قال المدير العام إن الرأي العام يتابع القضية",
    "نقلت الصحيفة عن مصادرها في عين اليوم أن الزيارة تأجلت",
    "عقد الوفد جلسته في اليوم الأول من المؤتمر ثم غادر في اليوم التالي",
    "ألقى الإمام خطبة الجمعة في المسجد الكبير",
    "جاء الإعلان بعد أسبوع من القمة وقبل يومين من الانتخابات",
    "تستمر الولاية لمدة عامين قابلة للتجديد",
    "من مارس العنف ضد المدنيين سيحاسب",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence: str) -> None:
    assert brief(sentence) == []


def test_a_named_day_keeps_its_year_unknown() -> None:
    for sentence in ("تغيرت السياسات بعد أحداث الحادي عشر من سبتمبر", "احتفل المصريون بذكرى ثورة 25 يناير"):
        m = one(sentence)
        assert (m.value, m.basis) == (None, "unresolved") and m.warnings[0].startswith("year_unknown:")
    assert one("وصل الوفد في 25 يناير").value == "2024-01-25"


def test_the_fast_key_agrees_with_fold_key_on_every_data_phrase() -> None:
    from marsad.extract.dates import _key
    from marsad.lexicon import load_table, months, weekdays
    from marsad.lexicon.patterns import fold_key

    phrases = [str(r["phrase"]) for r in load_table("date_words")] + [str(r["word"]) for r in load_table("number_words")]
    phrases += [m.name for m in months()] + [w.name for w in weekdays()]
    assert [p for p in phrases if _key(p) != fold_key(p)] == []
    assert _key("غداً") == fold_key("غداً") and _key("الـخميس") == fold_key("الـخميس")


def test_spans_restrict_the_search_and_offsets_stay_in_the_text() -> None:
    text = "سطر أول فيه أمس\nسطر ثان فيه 20 أبريل 2024\nسطر ثالث فيه غداً"
    second = text.index("سطر ثان")
    ms = found(text, spans=[Span(second, text.index("\n", second))])
    assert [(m.text, m.value) for m in ms] == [("20 أبريل 2024", "2024-04-20")]
    assert [m.text for m in found(text)] == ["أمس", "20 أبريل 2024", "غداً"]


def test_published_may_be_a_datetime_and_a_bad_one_is_an_error() -> None:
    assert one("وصل الوفد أمس", "2024-05-14T09:15:00+03:00").value == "2024-05-13"
    with pytest.raises(ValueError, match="published"):
        find_dates("وصل الوفد أمس", published="14/05/2024")


def test_empty_text_and_text_without_dates() -> None:
    assert find_dates("") == []
    assert find_dates("بحث الجانبان سبل تعزيز التعاون الأمني", published=PUB) == []


def test_impossible_dates_are_kept_with_a_warning() -> None:
    m = one("أعلن القرار في 31 فبراير 2024 خطأً")
    assert (m.value, m.basis) == (None, "unresolved") and m.warnings[0].startswith("invalid_date:")


# --- real text (read at run time) -------------------------------------------------------------


def test_seeds_dates(seeds: dict[str, Path]) -> None:
    text = seeds["000"].read_text(encoding="utf-8")
    ms = found(text, None)
    assert ms and ms[0].basis == "explicit" and not ms[0].warnings  # the dateline: Gregorian and Hijri agree
    text = seeds["002"].read_text(encoding="utf-8")
    ms = found(text, "2024-11-21")
    assert any((m.value, m.end_value, m.precision) == ("2024", "2025", "year") for m in ms)
    assert all(m.value != "2026" for m in ms)  # a session number is not a year


def _dev_articles(shared: Path):
    for corpus in ("antcorpus", "saudinewsnet"):
        base = shared / "corpora" / corpus
        if not (base / "articles.jsonl").exists():
            pytest.skip(f"{base} not found")
        split = {}
        for line in (base / "index.jsonl").open(encoding="utf-8"):
            rec = json.loads(line)
            split[rec["id"]] = rec.get("split")
        for line in (base / "articles.jsonl").open(encoding="utf-8"):
            rec = json.loads(line)
            if split.get(rec["id"]) == "dev":
                rec["corpus"] = corpus
                yield rec


@pytest.mark.shared
def test_dev_corpus_offsets_and_no_crash(shared: Path) -> None:
    n = 0
    for rec in _dev_articles(shared):
        for m in found(rec["text"], rec.get("published")):
            n += 1
            assert m.value is not None or m.basis == "unresolved"
    assert n > 500


# --- the date gold (eval/entities/dates) ----------------------------------------------------

GOLD = Path(__file__).resolve().parents[2] / "eval" / "entities" / "dates"
VALUE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "none": r"\d{4}-\d{2}-\d{2}"}


def _gold_files() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*/*.json"))]


def test_date_gold_files_are_well_formed() -> None:
    import re

    files = _gold_files()
    assert len(files) >= 25
    assert {f["corpus"] for f in files} == {"antcorpus", "saudinewsnet"}
    for f in files:
        assert set(f) == {"corpus", "id", "published", "dates"}
        prev_end = -1
        for d in f["dates"]:
            assert set(d) <= {"start", "end", "value", "precision", "end_value"}
            assert prev_end <= d["start"] < d["end"], f["id"]
            prev_end = d["end"]
            form = VALUE_FORMS[d["precision"]]
            assert d["value"] is None or re.fullmatch(form, d["value"]), (f["id"], d)
            assert "end_value" not in d or re.fullmatch(form, d["end_value"]), (f["id"], d)


@pytest.mark.shared
def test_date_gold_points_into_dev_articles_and_the_finder_meets_its_floor(shared: Path) -> None:
    articles = {(rec["corpus"], rec["id"]): rec for rec in _dev_articles(shared)}
    tp = n_pred = n_gold = 0
    for f in _gold_files():
        rec = articles.get((f["corpus"], f["id"]))
        assert rec is not None, f"{f['id']} is not a dev-split article"
        assert f["published"] == rec["published"]
        text = rec["text"]
        for d in f["dates"]:
            assert text[d["start"] : d["end"]].strip() == text[d["start"] : d["end"]]
        preds = find_dates(text, published=f["published"])
        n_pred += len(preds)
        n_gold += len(f["dates"])
        used: set[int] = set()
        for m in preds:
            for j, d in enumerate(f["dates"]):
                if j not in used and m.start < d["end"] and d["start"] < m.end and m.value == d["value"]:
                    used.add(j)
                    break
        tp += len(used)
    # floors that only rise (measured: see bench/dates.py)
    assert tp / n_pred >= 0.95 and tp / n_gold >= 0.95, (tp, n_pred, n_gold)


