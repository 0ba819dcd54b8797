"""Golden sentences for the cooperation and contact classes (issue 11): visits, meetings,
phone calls, intent, praise, signing, cooperation and aid — with their parties and modality
— and the coder bugs found on the held-out gold (a Hijri year as an event date, the gender of
a verb deciding its subject). Sentences that must give NO event (or no held one) are grouped
at the end of each section.

Every Arabic sentence here was written by the marsad team for these tests; the officials are
named by office only.
"""

from __future__ import annotations

import pytest

from marsad.extract.events import events_in_text

from .test_event_clauses import PUB, coded, side  # the same helpers as the clause-reading tests


def dates(text: str) -> set[str | None]:
    return {e.date for e in events_in_text(text, published=PUB)}


# --- coder bugs ------------------------------------------------------------------------------

def test_a_hijri_year_without_its_era_never_dates_an_event() -> None:
    got = dates("وفي عام 1432 استقبل الرئيس التونسي وزير الخارجية المغربي.")
    assert got and not any(d and d.startswith("1432") for d in got), got


def test_a_twentieth_century_year_still_dates_a_background_event() -> None:
    assert "1975" in dates("وفي عام 1975 زار الرئيس المصري الأردن.")


@pytest.mark.parametrize("text, expected", [
    # a feminine verb coordinated with "his country" continues it: the state after it is the object
    ("قال وزير الخارجية البلجيكي إن بلاده ترفض الاستيطان وتنتقد إسرائيل بشدة.", ("111", "BEL", "ISR")),
    # a feminine verb after a masculine subject starts a new clause: the state is its subject
    ("أشاد الرئيس البلجيكي بالموقف الأردني، وتنتقد إسرائيل الموقف البلجيكي منذ أشهر.", ("111", "ISR", "BEL")),
    # verb, state, then another party: the state is the subject, the party the object
    ("استقبلت مصر الرئيس الكيني وتستضيف تونس وزير الخارجية الجزائري غداً.", ("036", "TUN", "DZA")),
])
def test_the_gender_of_a_coordinated_verb_decides_its_subject(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text, modality=None), coded(text, modality=None)


# --- contacts: what is held, what is announced ------------------------------------------------

def test_a_meeting_in_the_present_tense_dated_today_is_the_days_programme() -> None:
    got = coded("ويلتقي وزير الخارجية الكندي اليوم نظيره المكسيكي في أوتاوا.", modality=None)
    assert ("036", "CAN", "MEX") in got and not [c for c in got if c[0].startswith("04")], got


def test_an_arrival_today_is_under_way_not_announced() -> None:
    assert ("042", "CAN", "MEX") in coded("يصل رئيس الوزراء الكندي اليوم إلى مكسيكو في زيارة رسمية.")


def test_talks_during_the_subjects_own_visit_are_that_visit() -> None:
    got = coded("بحث وزير الخارجية الروسي مع أمير قطر خلال زيارته قضايا المنطقة.")
    assert ("042", "RUS", "QAT") in got, got


def test_talks_during_a_visit_to_a_third_country_are_not_a_visit_to_the_partner() -> None:
    got = coded("بحث وزير الخارجية الروسي مع أمير قطر خلال زيارته للكويت قضايا المنطقة.")
    assert ("042", "RUS", "QAT") not in got, got


def test_talks_held_in_a_partys_country_are_its_hosting() -> None:
    got = coded("أجرى الرئيس الكيني في إثيوبيا أمس محادثات مغلقة مع رئيس الوزراء الإثيوبي.")
    assert ("042", "KEN", "ETH") in got, got


def test_talks_about_a_country_named_after_them_are_no_visit() -> None:
    got = coded("بحث وزير الخارجية الروسي مع أمير قطر الأوضاع في سوريا.")
    assert not [c for c in got if c[0] in ("042", "043")], got


def test_an_arrival_and_the_next_days_talks_are_one_visit() -> None:
    text = ("وصل الرئيس الكيني أمس الأول إلى أديس أبابا في زيارة رسمية. "
            "وأجرى الرئيس الكيني أمس في أديس أبابا محادثات مع رئيس الوزراء الإثيوبي.")
    visits = [e for e in events_in_text(text, published=PUB) if e.code == "042"]
    assert len(visits) == 1 and visits[0].mentions >= 2, [(e.code, e.date) for e in visits]


@pytest.mark.parametrize("text", [
    "أعلن الزعيمان مواصلة المباحثات مع الرئيس الصيني.",
    "وقالت الخارجية قبل يومين إنه من المخطط أن يبحث وزير الخارجية الروسي مع أمير قطر الأزمة.",
])
def test_talks_to_go_on_or_scheduled_are_not_held(text: str) -> None:
    got = coded(text)
    assert not [c for c in got if c[0].startswith("04")], got


# --- praise -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "نوه مجلس الوزراء بعمق العلاقات التي تربط البلدين الشقيقين.",
    "أشاد الرئيس الفرنسي بالعلاقات المتميزة مع المغرب.",
    "وثمن الوزير متانة العلاقات بين تونس والجزائر.",
])
def test_praising_the_ties_themselves_is_no_event(text: str) -> None:
    assert not [c for c in coded(text) if c[0] == "051"], coded(text)


def test_praising_a_partners_efforts_is_praise() -> None:
    assert ("051", "FRA", "MAR") in coded("أشاد الرئيس الفرنسي بجهود المغرب في مكافحة الإرهاب.")


def test_welcoming_a_third_partys_statement_is_not_addressed_to_the_host() -> None:
    text = ("استقبل الرئيس التونسي وزير الخارجية الإيطالي. "
            "ورحب الرئيس في هذا السياق بالبيان الصادر في ختام لقاء وزراء داخلية دول الاتحاد الأوروبي.")
    got = coded(text)
    assert ("051", "TUN", "ITA") not in got, got


# --- intent to cooperate --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("عبر وزير الخارجية النمساوي عن حرص الحكومة النمساوية على توثيق علاقاتها مع سلطنة عمان.", ("030", "AUT", "OMN")),
    ("اتفقت مصر والأردن على ضرورة توسيع التعاون الأمني بين البلدين.", ("030", "EGY", "JOR")),
    ("وتحرص تركيا على القيام بعمل مشترك ضد الإرهاب مع الحكومة العراقية.", ("030", "TUR", "IRQ")),
])
def test_intent_to_cooperate_wordings(text: str, expected: tuple[str, str, str]) -> None:
    got = {(c[:2] + "0", s, t) for c, s, t in coded(text)}
    assert expected in got or expected in coded(text), coded(text)


def test_keenness_for_ties_between_the_two_countries_names_the_visits_other_party() -> None:
    text = ("استقبل العاهل الأردني ولي العهد الكويتي. "
            "وأكد ولي العهد حرص أمير الكويت على تقوية الروابط الاقتصادية بين البلدين.")
    assert [c for c in coded(text) if c[0].startswith("03") and c[1:] == ("KWT", "JOR")], coded(text)


def test_keenness_with_no_partner_is_no_event() -> None:
    assert not [c for c in coded("وأكد الوزير حرص بلاده على تعزيز التعاون.") if c[0].startswith("03")]


# --- phone calls ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("وكان الرئيس البرازيلي قد أكد أنه اتصل بالعاهل المغربي.", ("041", "BRA", "MAR")),
    ("اتصال الرئيس البرازيلي بأمير قطر جاء بعد يومين من اتصاله برئيس الوزراء الإيطالي.", ("041", "BRA", "QAT")),
    # the call is when he asked, not what a demand asks for
    ("وطلب الرئيس البرازيلي خلال اتصال هاتفي بنظيره الإيراني ممارسة الضغوط.", ("041", "BRA", "IRN")),
])
def test_phone_call_wordings(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text), coded(text)


@pytest.mark.parametrize("text", [
    "وامتنعت الرئاسة البرازيلية عن التعليق على الخبر في اتصال مع وكالة الأنباء الإسبانية.",
    "وأكد الوزير المغربي أهمية التعاون فيما يتصل بتبادل المعلومات مع الجانب الإسباني.",
    "وقال وزير الاتصالات المغربي إن الوزارة تتعاون مع شركة فرنسية.",
])
def test_contact_words_that_are_no_call(text: str) -> None:
    assert not [c for c in coded(text) if c[0] == "041"], coded(text)


# --- parties and modality of visits -----------------------------------------------------------

def test_an_envoy_of_an_organisation_is_on_its_side_not_the_destinations() -> None:
    got = coded("ووصل المبعوث الخاص للأمم المتحدة إلى الصومال أمس إلى مقديشو حيث التقى وزير الخارجية الصومالي.")
    assert ("042", "IGOUNO", "SOM") in got, got


def test_a_visit_begun_on_a_weekday_already_past_is_the_coming_one() -> None:
    got = coded("يبدأ وزير الخارجية الفرنسي زيارة لطهران الأحد.", modality=None)
    assert ("036", "FRA", "IRN") in got and not [c for c in got if c[0] == "042"], got


def test_meetings_in_the_present_tense_of_a_visit_ahead_are_planned_too() -> None:
    text = ("يبدأ وزير الخارجية الفرنسي زيارة لطهران الأحد المقبل. "
            "ويلتقي الوزير خلال زيارته لطهران الرئيس الإيراني.")
    assert not [c for c in coded(text) if c[0].startswith("04")], coded(text)


@pytest.mark.parametrize("text", [
    "أوضح وزير الخارجية المغربي أنه لم تكن هناك أي زيارة رسمية من وفد جزائري إلى المغرب.",
    'وقال الرئيس الإيراني "لن نجري مفاوضات مع الولايات المتحدة حول أسلحتنا".',
])
def test_denied_visits_and_refused_talks_are_not_held(text: str) -> None:
    assert not [c for c in coded(text) if c[0].startswith("04")], coded(text)


def test_a_summit_of_three_in_one_partys_capital_is_a_meeting_of_each_pair() -> None:
    got = coded("وتعقد في بكين اليوم قمة ثلاثية بين روسيا والهند والصين.", modality=None)
    assert not [c for c in got if c[0] in ("042", "043")], got


def test_a_bilateral_meeting_in_one_partys_capital_is_its_hosting() -> None:
    got = coded("عقد الرئيس الصيني أمس في بكين قمة مع رئيس الوزراء الياباني.")
    assert ("042", "JPN", "CHN") in got, got


@pytest.mark.parametrize("text, expected", [
    ("وهنأ مجلس الوزراء السعودي جمهورية مصر العربية على افتتاح المشروع الجديد.", ("051", "SAU", "EGY")),
    ("وأعرب ولي العهد الكويتي عن بالغ شكره للملك والشعب الأردني على حسن الاستقبال.", ("051", "KWT", "JOR")),
    ("وقدم رئيس الوزراء البولندي الشكر لغواتيمالا على قرارها.", ("051", "POL", "GTM")),
])
def test_thanks_and_congratulations_wordings(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text), coded(text)


def test_a_generic_statement_about_visits_is_no_event() -> None:
    assert not coded("ومن النادر أن يقوم وزير أوروبي بزيارة مخيمات اللاجئين في الصحراء.")


@pytest.mark.parametrize("text, expected", [
    ("وتوجه الرئيس التشادي، إدريس ديبي، إلى باريس، الخميس، في زيارة عمل.", ("042", "TCD", "FRA")),
    # a plural verb has its subject before it: the state after it is its object
    ("وقال المتحدث باسم الخارجية التركية إن المسؤولين الأميركيين يزورون تركيا اليوم.", ("042", "USA", "TUR")),
])
def test_visit_wordings_and_subjects(text: str, expected: tuple[str, str, str]) -> None:
    got = coded(text, modality=None)
    assert expected in got or ("036",) + expected[1:] in got, got


@pytest.mark.parametrize("text", [
    "وتلتقي المساعي الفرنسية مع المواقف الألمانية في ملف الهجرة.",
    "وتلتقي المواقف المصرية مع الموقف السعودي حول الأزمة.",
])
def test_positions_that_meet_are_no_meeting(text: str) -> None:
    assert not coded(text), coded(text)


# --- organisations and multi-party contacts ------------------------------------------------

def test_a_meeting_between_the_gcc_ministers_and_a_state_is_with_the_gcc() -> None:
    text = ("أكد وزير الخارجية العماني أن الاجتماع الموسع بين وزراء دفاع مجلس التعاون لدول الخليج العربية "
            "ووزير خارجية الولايات المتحدة الأمريكية الذي انعقد أمس كان بناء.")
    got = [e for e in events_in_text(text, published=PUB) if e.code.startswith("04")]
    assert {(side(e.source), side(e.target)) for e in got} & {("IGOPGSGCC", "USA"), ("USA", "IGOPGSGCC")}, got
    # the relative clause that says when the meeting was held dates it
    assert all(e.date == "2025-03-09" for e in got), [e.date for e in got]


def test_a_relative_clause_of_another_noun_does_not_date_the_talks() -> None:
    text = "ويتوقع أن يجري وزير الخارجية الهولندي محادثات مع الرئيس العراقي بعد التفاهم الذي تم التوصل إليه الأحد الماضي."
    got = [e for e in events_in_text(text, published=PUB) if e.code == "036"]
    assert got and all(e.date is None or e.date >= PUB for e in got), [(e.code, e.date) for e in got]


def test_yujri_with_a_party_after_it_conducts_talks() -> None:
    # يجري is also "takes place" (agentless); followed by a party it is يُجري "conducts"
    got = coded("ويتوقع أن يجري وزير الخارجية الهولندي محادثات مع الرئيس العراقي.", modality=None)
    assert ("036", "NLD", "IRQ") in got, got


@pytest.mark.parametrize("text, expected, modality", [
    ("أفاد الرئيس الفرنسي بأن قمة مرتقبة تجمعه بالرئيس الصيني ستعقد الشهر المقبل.", ("036", "FRA", "CHN"), "planned"),
    ("وناقش اللقاء الذي جمع الرئيس المصري والعاهل الأردني أمس الأوضاع في المنطقة.", ("040", "EGY", "JOR"), "realized"),
    # the relative clause on the summit is not its predicate: ستعقد is, and it lies ahead
    ("القمة التي تجمع الرئيس الروسي مع نظيره الأميركي ستعقد في هلسنكي الاثنين المقبل.", ("036", "RUS", "USA"), "planned"),
])
def test_a_meeting_that_brings_parties_together(text: str, expected: tuple[str, str, str], modality: str) -> None:
    assert expected in coded(text, modality=modality), coded(text, modality=None)


@pytest.mark.parametrize("second", [
    "ورحب الرئيس كذلك بالبيان الصادر عن لجنة المبادرة في اجتماعها الطارئ.",
    "وأثنى الرئيس على التهدئة المؤقتة التي قررتها قيادة التحالف.",
])
def test_welcoming_someone_elses_act_is_not_addressed_to_the_visitor(second: str) -> None:
    text = "استقبل الرئيس التونسي وزير الخارجية الإيطالي. " + second
    assert ("051", "TUN", "ITA") not in coded(text), coded(text)


def test_agreeing_that_a_view_holds_is_no_intent_to_cooperate() -> None:
    assert not [c for c in coded("اتفق البلدان على أن كل تسوية للنزاع ينبغي أن تصون سيادة السودان.") if c[0].startswith("03")]


# --- meetings of a group's delegates (issue 11, coop2) -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # the ministers of a body's member states stand in construct before the body: the body meets
    ("انعقد أمس في مسقط اجتماع وزراء خارجية دول مجلس التعاون الخليجي مع وزير الخارجية الياباني.",
     ("040", "IGOPGSGCC", "JPN")),
    ("أجرى وزير الخارجية الياباني أمس مباحثات مع وزراء خارجية دول مجلس التعاون الخليجي في مسقط.",
     ("046", "JPN", "IGOPGSGCC")),
    # honorifics before the first party of بين, and و + honorific before the second one
    ("وأثنى الوزير على الاجتماع الذي جرى بين أصحاب السمو والمعالي وزراء خارجية دول مجلس التعاون الخليجي "
     "ومعالي وزير الخارجية الياباني أمس.", ("040", "IGOPGSGCC", "JPN")),
    # an institution read past the organisation's name (a place after it) is still the organisation
    ("أجرى وزير الخارجية الياباني أمس محادثات مع مجلس التعاون الخليجي في مسقط.", ("046", "JPN", "IGOPGSGCC")),
])
def test_a_meeting_with_the_delegates_of_a_body(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text), coded(text, modality=None)


# --- aid given, pledged and adopted (issue 11, coop2) ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # تقديم + an aid noun within its window: the genitive (بلاده) or the governing verb's subject gives
    ("وأعلن وزير الخارجية الياباني عن تقديم بلاده دفعة جديدة من المساعدات الغذائية إلى السودان قيمتها 30 مليون دولار.",
     ("070", "JPN", "SDN")),
    ("قرر الرئيس الفرنسي تقديم مساعدات عاجلة إلى لبنان.", ("070", "FRA", "LBN")),
    # an aid package adopted or allocated by the subject of أقر / اعتمد / خصص
    ("أقر الاتحاد الأوروبي حزمة مساعدات جديدة لصالح المغرب بقيمة مئة مليون يورو.", ("070", "IGOEUREEC", "MAR")),
    ("خصصت اليابان حزمة مساعدات بقيمة عشرة ملايين دولار للأردن.", ("070", "JPN", "JOR")),
])
def test_aid_given_or_adopted(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text), coded(text, modality=None)


def test_aid_pledged_is_an_intent_not_aid_given() -> None:
    got = coded("تعهدت الكويت بتقديم مساعدات مالية قدرها مليار دولار للأردن.")
    assert not [c for c in got if c[0].startswith("07")], got
    assert ("033", "JPN", "SDN") in coded("أبدت اليابان استعدادها لتقديم مساعدات للسودان.", modality="planned")


def test_a_pledge_made_during_a_summit_leaves_the_summit_held() -> None:
    got = coded("قال مكتب الرئيس الكوري الجنوبي إنه تعهد خلال قمة عقدها يوم الجمعة مع رئيس الوزراء الياباني "
                "بمواصلة الحوار.")
    assert ("040", "KOR", "JPN") in got, got


def test_an_appeal_to_give_aid_is_no_aid() -> None:
    got = coded("طالبت الحكومة اللبنانية المانحين بتقديم مساعدات عاجلة.", modality=None)
    assert not [c for c in got if c[0].startswith("07")], got


@pytest.mark.parametrize("text, expected", [
    # a dual head noun agrees with the verb; the states in construct after it are the parties
    ("وقع وزيرا خارجية تونس والجزائر أمس مذكرة تفاهم للتعاون الأمني.", ("057", "TUN", "DZA")),
    ("تباحث وزيرا دفاع تونس والجزائر أمس في سبل التعاون العسكري.", ("046", "TUN", "DZA")),
])
def test_the_delegates_of_two_states_as_one_subject(text: str, expected: tuple[str, str, str]) -> None:
    got = coded(text)
    assert expected in got or (expected[0], expected[2], expected[1]) in got, got
