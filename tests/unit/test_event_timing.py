"""An event's date from its clause's own time expression (marsad/extract/events/timing.py), on
sentences written by the marsad team: the attribution frame's date dates the statement, a
relative clause or participle phrase dates its own noun (unless it is the trigger or the event
it happened during), and what a story reports without a date takes its news day."""

from __future__ import annotations

from typing import Any

from marsad.model import Document, Event, RawDoc
from marsad.pipeline import build_document

MON = "2025-03-10"  # a Monday
THU = "2025-03-13"


def doc_of(text: str, published: str | None = MON, outlet: str | None = None) -> Document:
    doc = build_document(RawDoc(doc_id="t", text=text, source="<test>", published=published, outlet=outlet))
    assert isinstance(doc, Document)
    return doc


def side(actor: Any) -> str | None:
    return None if actor is None else actor.country or actor.igo


def event(doc: Document, code: str) -> Event:
    got = [e for e in doc.events if e.code == code]
    assert got, [(e.code, side(e.source), side(e.target)) for e in doc.events]
    return got[0]


def dated(e: Event) -> tuple[str | None, str]:
    return e.date, e.date_basis


# --- the attribution frame -----------------------------------------------------------------


def test_the_frame_date_is_the_announcement_of_a_planned_meeting() -> None:
    # السبت dates the statement (قال ... السبت، إن): the planned meeting is not "the coming Saturday"
    doc = doc_of("قال وزير الخارجية المصري السبت، إن بلاده ستستضيف اجتماعا مع نظيره الأردني.")
    e = event(doc, "036")
    assert (e.modality, dated(e)) == ("planned", ("2025-03-08", "sentence"))


def test_the_reported_clause_keeps_its_own_date() -> None:
    doc = doc_of("ذكرت وكالة الأنباء الأردنية الأربعاء أن العاهل الأردني استقبل الثلاثاء وزير الخارجية المصري في عمان.", THU)
    assert dated(event(doc, "042")) == ("2025-03-11", "sentence")  # Tuesday, not the agency's Wednesday


def test_a_statement_without_a_complementizer_keeps_its_weekday() -> None:
    doc = doc_of("أشاد وزير الخارجية الأردني الثلاثاء بدور مصر في المنطقة.")
    assert dated(event(doc, "051")) == ("2025-03-04", "sentence")


# --- relative clauses and participle phrases -----------------------------------------------


def test_a_date_in_the_relative_clause_of_the_event_it_happened_during() -> None:
    doc = doc_of("دعا الرئيس المصري نظيره الأردني لزيارة القاهرة، وذلك خلال قمة عقداها في عمان الثلاثاء.", THU)
    assert dated(event(doc, "036")) == ("2025-03-11", "sentence")


def test_a_participle_phrase_dates_its_own_noun() -> None:
    # الصحف الصادرة اليوم: today is the newspapers' day, the visit was yesterday
    doc = doc_of("تناولت الصحف الأردنية الصادرة اليوم زيارة وزير الخارجية المصري إلى عمان أمس.")
    assert dated(event(doc, "042")) == ("2025-03-09", "sentence")


def test_a_participle_phrase_alone_gives_the_event_no_date_of_its_own() -> None:
    doc = doc_of("تناولت الصحف الأردنية الصادرة اليوم زيارة وزير الخارجية المصري إلى عمان.")
    assert event(doc, "042").date_basis != "sentence"


# --- the news day --------------------------------------------------------------------------


def test_an_undated_report_takes_the_day_the_story_names() -> None:
    doc = doc_of("التقى الرئيس المصري أمس وزير الخارجية الأردني في القاهرة.\n\n"
                 "وأشاد وزير الخارجية الإماراتي بدور السعودية في المنطقة.")
    assert dated(event(doc, "051")) == ("2025-03-09", "document")


def test_a_morning_daily_that_names_no_day_reports_the_day_before() -> None:
    text = "أشاد وزير الخارجية الأردني بدور مصر في المنطقة."
    assert dated(event(doc_of(text, outlet="Al-Riyadh"), "051")) == ("2025-03-09", "document")
    assert dated(event(doc_of(text, outlet="Sabq"), "051")) == ("2025-03-10", "publication")  # an online paper
    assert dated(event(doc_of(text), "051")) == ("2025-03-10", "publication")


def test_a_planned_event_is_not_moved_to_the_news_day() -> None:
    doc = doc_of("التقى الرئيس المصري أمس وزير الخارجية الأردني في القاهرة.\n\n"
                 "ومن المقرر أن يلتقي وزير الخارجية الإماراتي نظيره السعودي.")
    e = event(doc, "036")
    assert (e.modality, dated(e)) == ("planned", ("2025-03-10", "publication"))  # announced in today's report


def test_no_date_without_publication_or_a_date_in_the_text() -> None:
    doc = doc_of("أشاد وزير الخارجية الأردني بدور مصر في المنطقة.", None)
    assert dated(event(doc, "051")) == (None, "none")


# --- a Hijri year or month ----------------------------------------------------------------


def test_a_hijri_year_never_dates_an_event_as_a_gregorian_year() -> None:
    # عام 1431 (no هـ) in an article of 2018 is the Hijri year 2009/10: no single Gregorian
    # year holds it, so the event has no date — never 1431, never the publication day
    doc = doc_of("وقعت السعودية ومصر اتفاقية للتعاون الأمني عام 1431.", "2018-05-01")
    assert dated(event(doc, "057")) == (None, "none")


def test_a_hijri_month_dates_an_event_by_the_gregorian_period_that_holds_it() -> None:
    doc = doc_of("وقعت السعودية ومصر اتفاقية للتعاون الأمني في شهر رمضان 1436 هـ.", "2018-05-01")
    e = event(doc, "057")
    assert (e.date, e.date_precision, e.date_basis) == ("2015", "year", "sentence")


# --- reference points that do not date the act (material conflict) ----------------------------


def test_a_year_after_since_is_a_reference_point() -> None:
    # منذ حرب العام 2014: the start of a comparison, not the day of the strikes
    doc = doc_of("أعلن الجيش الإسرائيلي الاثنين أنه قصف مخازن أسلحة لحركة حماس قرب مدينة رفح، وهو أعنف تصعيد منذ حرب العام 2014.")
    assert event(doc, "190").date == MON


def test_the_main_clause_day_does_not_date_an_earlier_act() -> None:
    # the session is on Friday; the killing came before it (بعدما): it keeps the news day
    doc = doc_of("ويعقد المجلس جلسة خاصة الجمعة لبحث الأوضاع بعدما قتلت القوات الإسرائيلية عشرات الفلسطينيين قرب غزة.")
    assert event(doc, "1823").date == MON
# --- a date of another clause (issue 11, coop2) ---------------------------------------------


def test_a_date_before_a_clause_of_what_happened_earlier_is_not_its_date() -> None:
    # الاثنين is the day of the council's session; the visit opened by بعدما came before it
    doc = doc_of("عقد مجلس الأمن الدولي جلسة طارئة الاثنين بعدما زار وزير الخارجية المصري عمان.", THU)
    assert event(doc, "042").date != "2025-03-10", dated(event(doc, "042"))


def test_a_date_after_the_verb_of_another_noun_is_that_verbs() -> None:
    # السبت dates the attack (هجوم استهدف السبت), not the threat made about it
    doc = doc_of("هدد الرئيس الأمريكي بتوجيه ضربة إلى إيران ردا على هجوم استهدف السبت سفينة أمريكية.", THU)
    e = event(doc, "138")
    assert e.date != "2025-03-08", dated(e)
