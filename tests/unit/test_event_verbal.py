"""Golden sentences for verbal conflict and reported speech (issue 11): accusations, condemnation,
criticism, disappointment, rejection, demands, threats and yielding, with the source being the
actor who acts or speaks — the speaker of an attribution frame, never the last state named —
and sentences that must give NO event (the narrator's own clause, negation, a purpose, the
complement of an accusing verb).

Every Arabic sentence here was written by the marsad team for these tests; the officials are
named by office only.
"""

from __future__ import annotations

import pytest

from tests.unit.test_event_clauses import coded, roots


# --- accusations in reported speech: the speaker accuses the clause's subject ---------------

@pytest.mark.parametrize("text, expected", [
    ("وقال وزير الخارجية البحريني إن إيران تدعم الإرهاب في المنطقة.", ("112", "BHR", "IRN")),
    ("وأكد المتحدث باسم الخارجية الأمريكية أن روسيا تتدخل في شؤون جيرانها.", ("112", "USA", "RUS")),
    ("وقال وزير الخارجية الإماراتي قطر تمول الجماعات الإرهابية.", ("112", "ARE", "QAT")),
    ("وأضاف وزير الدفاع الإسرائيلي أن إيران تزعزع استقرار المنطقة.", ("112", "ISR", "IRN")),
])
def test_a_charge_in_reported_speech_is_the_speakers_accusation(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


@pytest.mark.parametrize("text", [
    "إيران تدعم الإرهاب في المنطقة منذ سنوات.",  # the narrator's own clause: nobody accuses
    "وقال المتحدث باسم الخارجية الإيرانية إن إيران لا تتدخل في شؤون جيرانها.",  # negated, and the speaker's own side
    "قالت الخارجية الإيرانية إن الولايات المتحدة تدعم جهود مكافحة الإرهاب.",  # support for counter-terrorism
])
def test_no_accusation(text: str) -> None:
    assert not {e for e in coded(text) if e[0][:2] == "11"}


def test_the_accusing_verb_is_the_event_and_its_complement_is_not_another() -> None:
    got = coded("اتهم وزير الخارجية السعودي إيران بدعم الإرهاب.")
    assert got == {("112", "SAU", "IRN")}


# --- the source: agreement of the verb, the speaker of "that he/she", passive agents ---------

def test_a_masculine_verb_before_a_states_name_has_it_as_object() -> None:
    # واتهم بريطانيا: Britain is accused (a feminine name needs واتهمت); the speaker accuses
    got = coded("وأكد المندوب الروسي أن بلاده تتعرض لحملة، واتهم بريطانيا وفرنسا بالتبعية للولايات المتحدة.")
    assert ("112", "RUS", "GBR") in got and ("112", "RUS", "FRA") in got
    assert not {e for e in got if e[1] in ("GBR", "FRA")}


def test_a_feminine_verb_before_a_states_name_has_it_as_subject() -> None:
    assert coded("واتهمت بريطانيا روسيا بتسميم عميل سابق.") == {("112", "GBR", "RUS")}


def test_a_masculine_verb_before_a_feminine_office_has_it_as_object() -> None:
    # وطالب الحكومة الإيرانية: the minister named before demanded of the Iranian government
    got = coded("كما انتقد وزير الخارجية السعودي السياسات الإيرانية وطالب الحكومة الإيرانية بالكف عن دعم الإرهاب.")
    assert ("100", "SAU", "IRN") in got and ("111", "SAU", "IRN") in got


def test_she_after_a_saying_verb_is_the_speaker() -> None:
    got = coded("وأعلنت منظمة التحرير الفلسطينية أنها تحمل الحكومة الإسرائيلية المسؤولية الكاملة عن الحادث.")
    assert got == {("112", "PSE", "ISR")}


def test_the_agent_of_a_passive_verb_is_named_after_min_qibal() -> None:
    # a threat made by the group named after من قبل, not by the state named before it
    got = coded("واستقبل وزير الخارجية المصري نظيره الكرواتي. والرهينة مهدد ويهدد بالقتل من قبل تنظيم داعش.")
    assert not {e for e in got if e[0][:2] == "13" and e[1] in ("EGY", "HRV")}


def test_both_sides_named_by_their_demonyms() -> None:
    got = coded("أدانت الحكومتان الإيطالية والبرتغالية التفجير الانتحاري الذي استهدف كنيسة.")
    assert ("111", "ITA", None) in got and ("111", "PRT", None) in got


# --- condemnation of an attack: the perpetrator when named, else no target -----------------

@pytest.mark.parametrize("text, expected", [
    ("أدان وزير الخارجية الأردني الاعتداء المسلح الذي استهدف حافلة في المدينة.", ("111", "JOR", None)),
    ("أدانت مصر الهجوم الذي استهدف السفارة الأمريكية.", ("111", "EGY", None)),  # the embassy is the attacked
    ("وجدد الوزير الأمريكي إدانة بلاده للهجمات الإرهابية التي تعرضت لها الكويت والبحرين.", ("111", "USA", None)),
    ("ونددت الخارجية القطرية بالهجوم الذي نفذته إسرائيل على قطاع غزة.", ("111", "QAT", "ISR")),
])
def test_condemnation_of_an_attack(text: str, expected: tuple[str, str | None, str | None]) -> None:
    got = coded(text)
    assert expected in got
    assert len({e for e in got if e[0] == "111"}) == 1  # the victim is never the target


def test_the_condemned_attack_is_not_the_condemners_deed() -> None:
    got = roots("أدان العراق الهجوم على السفارة الأمريكية في بغداد.")
    assert not {e for e in got if e[0] in ("18", "19", "20") and e[1] == "IRQ"}


def test_visiting_the_site_of_a_bombing_is_no_threat() -> None:
    got = roots("ومن المتوقع أن يزور الرئيس الفرنسي موقع التفجير في باماكو خلال وجوده في مالي.")
    assert not {e for e in got if e[0] in ("13", "18")}


# --- criticism and disappointment ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ذكر مندوب الصين لدى الأمم المتحدة أن حكومته تبدي خيبة أمل كبيرة إزاء قرار الرئيس الأمريكي.", ("111", "CHN", "USA")),
    ("وأعرب وزير الخارجية التركي عن خيبة أمله من موقف الاتحاد الأوروبي.", ("111", "TUR", "IGOEUREEC")),
    ("انتقد الرئيس التركي عرض الوساطة الفرنسي.", ("111", "TUR", "FRA")),
])
def test_criticism(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


# --- rejection, demands, appeals, threats ----------------------------------------------------

def test_rejecting_an_offer_from_a_state_not_the_place_of_the_conflict() -> None:
    assert coded("ورفضت إثيوبيا عرضا من فرنسا للوساطة في الخلاف القائم حول مياه النيل.") == {("126", "ETH", "FRA")}


@pytest.mark.parametrize("text, expected", [
    ("وكان الرئيس الروسي هدد بتوجيه ضربة عسكرية إلى الحكومة الأوكرانية.", ("138", "RUS", "UKR")),
    ("وكانت فنزويلا قد هددت الأحد بمواجهة كولومبيا.", ("138", "VEN", "COL")),
])
def test_the_target_of_a_threat_inside_the_threatened_action(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


@pytest.mark.parametrize("text", [
    "وقالت الوزارة إن المفاوضات لم تلب كل مطالب إيران.",  # demands of Iran: a noun, not a demand made
    "وأكدت الحكومة السعودية التزامها بالاستجابة إلى مطالبات الأمم المتحدة.",
    "وقال وزير الخارجية الألماني إن موسكو تبدي مرونة. وطالبت عدة جمعيات حقوقية الرئيس الفرنسي بتعليق صفقات الأسلحة.",
    "وأعلن وزير الخارجية الأمريكي دعم بلاده للسلطة. وطالب المجلس بالعمل على إسقاط القرار.",
    "ودعا وزير الخارجية الفلسطيني إلى إلغاء قرار اعتبار منظمة التحرير الفلسطينية منظمة إرهابية.",
])
def test_no_demand_or_appeal(text: str) -> None:
    assert not {e for e in roots(text) if e[0] in ("02", "10")}


def test_demand_names_its_addressee_before_the_complement() -> None:
    assert coded("وطالبت الحكومة الإيرانية الولايات المتحدة بالإفراج عن الأموال المجمدة.") == {("1053", "IRN", "USA")}


# --- yielding ------------------------------------------------------------------------------

def test_a_ceasefire_with_the_states_own_insurgents_is_an_event() -> None:
    got = roots("وأعلنت الحكومة الأفغانية مطلع الشهر الجاري وقفا مؤقتا لإطلاق النار مع المسلحين.")
    assert any(r == "08" and s == "AFG" for r, s, _ in got)


def test_a_release_sought_is_not_made() -> None:
    got = roots("وتزور وزيرة الخارجية النمساوية الأردن لمتابعة مساعي الحكومة الأردنية للإفراج عن المخطوف النمساوي.")
    assert not {e for e in got if e[0] == "08"}


# --- the subject of a complement clause: charges with no verb of their own --------------------

@pytest.mark.parametrize("text, expected", [
    ("واعترف وزير الخارجية البريطاني بأن روسيا ضالعة في محاولات تقويض الاستقرار في أوروبا.", ("112", "GBR", "RUS")),
    ("وقالت رئيسة الوزراء البريطانية إن روسيا تقف وراء محاولة الاغتيال.", ("112", "GBR", "RUS")),
    ("وقال رئيس الوزراء العراقي إن حكومة سوريا لا تراعي مصالح مواطنيها وتدعم الإرهاب.", ("112", "IRQ", "SYR")),
])
def test_a_charge_against_the_subject_of_the_complement_clause(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


def test_involvement_stated_by_the_narrator_is_no_accusation() -> None:
    assert not coded("روسيا ضالعة في محاولات تقويض الاستقرار في أوروبا.")


def test_a_call_for_support_names_no_addressee() -> None:
    # a call to back a UN envoy's efforts: the UN is in what is called for, not the addressee
    got = roots("وقال وزير الخارجية المصري ونظيره التونسي إنهما يدعوان إلى مساندة مساعي مبعوث الأمم المتحدة إلى اليمن.")
    assert not {e for e in got if e[0] == "02"}


def test_a_relative_of_the_hostage_is_no_state_speaker() -> None:
    got = roots("واستقبل وزير الخارجية المصري نظيرته الكرواتية. ودعا والد الرهينة السلطات الفرنسية إلى التعاون مع مصر.")
    assert not {e for e in got if e[0] == "02"}


# --- an obligation laid on another party in reported speech is a demand ----------------------

@pytest.mark.parametrize("text, expected", [
    ("وقال وزير الخارجية الأمريكي إن على كوريا الشمالية أن تتخذ خطوات حاسمة.", ("100", "USA", "PRK")),
    ("وأكد الرئيس الأمريكي أنه يجب على كوريا الشمالية التخلي عن أسلحتها النووية.", ("100", "USA", "PRK")),
])
def test_an_obligation_on_another_party(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


@pytest.mark.parametrize("text", [
    "يجب على كوريا الشمالية التخلي عن أسلحتها النووية.",  # the narrator's
    "وقال الرئيس الإريتري إنه يتعين على كلا البلدين أن يلتزما بوقف الأعمال الاستفزازية.",  # both, the speaker too
    "وقال وزير الخارجية الأمريكي إن على بلاده أن تتخذ خطوات.",  # his own side
])
def test_no_obligation_on_another_party(text: str) -> None:
    assert not {e for e in roots(text) if e[0] == "10"}


# --- the attribution frame carried over sentences and paragraphs (issue 11) ------------------

@pytest.mark.parametrize("text, expected", [
    # وأضاف in the next sentence: the speaker goes on, a party after أن is the clause's subject
    ("قال وزير الخارجية الكويتي إن الوضع ما زال صعبا. وأضاف أن إيران تتدخل في الشأن الداخلي لجيرانها.",
     ("112", "KWT", "IRN")),
    # a quotation opened in one paragraph and closed in the next is the speaker's all along
    ("وقال وزير الخارجية البحريني: «لن نقبل بهذا الوضع أبدا.\nإن إيران تتدخل في شؤون جيرانها منذ سنوات».",
     ("112", "BHR", "IRN")),
    # وتابع قائلا: a verb that carries the statement on, and the participle of قال
    ("وقال وزير الخارجية البحريني إن بلاده لن تقبل بهذا الوضع.\nوتابع قائلا إن إيران تتدخل في شؤون جيرانها منذ سنوات.",
     ("112", "BHR", "IRN")),
])
def test_the_speaker_goes_on_over_sentences_and_paragraphs(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in coded(text)


def test_the_party_named_inside_what_was_said_does_not_become_the_next_speaker() -> None:
    # after "X said that Iran ...", وأضاف is still X's: Qatar is accused by Kuwait, not by Iran
    got = coded("قال وزير الخارجية الكويتي إن إيران تدعم الإرهاب. وأضاف أن قطر تمول الميليشيات المسلحة.")
    assert ("112", "KWT", "QAT") in got and ("112", "KWT", "IRN") in got
    assert not {e for e in got if e[1] == "IRN"}


@pytest.mark.parametrize("text", [
    # the quotation closed: the next paragraph is the narrator's own clause, nobody accuses
    "وقال وزير الخارجية البحريني: «لن نقبل بهذا الوضع أبدا».\nإيران تتدخل في شؤون جيرانها منذ سنوات.",
    'وقال وزير الخارجية البحريني: "لن نقبل بهذا الوضع أبدا".\nإيران تتدخل في شؤون جيرانها منذ سنوات.',
])
def test_a_closed_quotation_ends_the_frame(text: str) -> None:
    assert not {e for e in coded(text) if e[0][:2] == "11"}


def test_what_follows_a_colon_after_a_saying_verb_is_said_not_the_sayer() -> None:
    # وتابع: "الجانب الأمريكي ...": the American side is inside the quotation, the minister goes on
    got = coded('قال وزير الخارجية السعودي إن المباحثات كانت مثمرة. وتابع: "الجانب الأمريكي يعرف أن إيران تتدخل في شؤون دول المنطقة".')
    assert ("112", "USA", "IRN") not in got


def test_a_turn_word_gives_the_floor_to_the_other_party_of_the_interaction() -> None:
    # بدوره: after the host spoke, the guest (named by a title the actor reader may not resolve)
    # thanks the host; the host is no longer the speaker
    text = ("استقبل الرئيس التونسي وزير الخارجية الياباني في قصر قرطاج، وقال إن بلاده تريد تعزيز التعاون. "
            "بدوره، أعرب الضيف عن شكره للرئيس على حفاوة الاستقبال.")
    got = coded(text)
    assert ("051", "JPN", "TUN") in got
    assert ("051", "TUN", "JPN") not in got


# --- a capital standing for its government; the addressee inside what is demanded ------------

@pytest.mark.parametrize("text, expected", [
    ("واتهمت طهران واشنطن بتمويل الجماعات المسلحة في المنطقة.", ("112", "IRN", "USA")),
    ("وطالبت موسكو الحكومة البريطانية بتقديم تفسير رسمي.", ("10", "RUS", "GBR")),
    ("وقال وزير الخارجية الإيراني إن واشنطن تدعم الإرهاب في الشرق الأوسط.", ("112", "IRN", "USA")),
])
def test_a_capital_next_to_a_verb_names_its_government(text: str, expected: tuple[str, str, str]) -> None:
    got = coded(text)
    assert any(c.startswith(expected[0]) and s == expected[1] and t == expected[2] for c, s, t in got), got


@pytest.mark.parametrize("text", [
    "وعقد الوزيران مؤتمرا صحفيا في مطار موسكو.",  # in construct with a noun: a place
    "ووصل وفد من رجال الأعمال إلى طهران للمشاركة في معرض تجاري.",  # after a preposition: a place
])
def test_a_capital_as_a_place_is_no_party(text: str) -> None:
    assert not {e for e in coded(text) if e[0][:2] in ("10", "11", "12", "13")}


@pytest.mark.parametrize("text, expected", [
    ("وتطالب واشنطن بتخلي كوريا الشمالية نهائيا عن صواريخها.", ("USA", "PRK")),
    ("وطالب وزير الخارجية التركي بانسحاب الولايات المتحدة من المدينة.", ("TUR", "USA")),
    ("ودعا الرئيس الفرنسي إلى انسحاب إيران من الأراضي السورية.", ("FRA", "IRN")),
])
def test_the_party_that_must_act_in_a_demand_is_its_addressee(text: str, expected: tuple[str, str]) -> None:
    assert any(c[:2] in ("02", "10") and (s, t) == expected for c, s, t in coded(text))


def test_no_addressee_when_the_demanded_action_names_no_party() -> None:
    assert {(s, t) for c, s, t in coded("وطالب وزير الخارجية التركي بالإفراج عن المعتقلين فورا.") if c[:2] == "10"} <= {("TUR", None)}


def test_a_comma_closing_an_apposition_before_qad_keeps_the_subject() -> None:
    # وكانت + office، name، + قد قالت: the office is the subject of the saying verb
    got = coded("وكانت وزيرة الخارجية الكندية، كريستيا فريلاند، قد قالت إن روسيا تقف وراء الهجوم الإلكتروني.")
    assert ("112", "CAN", "RUS") in got


@pytest.mark.parametrize("text", [
    # a reason, a purpose, a comparison or a qualifier names a statement, it reports none
    "وقال وزير الخارجية الأمريكي إن المخاوف من إيران كإدانتها بدعم الإرهاب ستبقى قائمة.",
    "واستقبل وزير الخارجية التركي الصحفي السعودي المعروف بانتقاده للحكومة السعودية.",
    "وأحال النائب العام المصري الدبلوماسي الليبي إلى المحكمة لاتهامه بالتجسس لصالح تركيا.",
])
def test_a_verbal_noun_of_a_reason_purpose_or_qualifier_is_no_statement(text: str) -> None:
    assert not {e for e in coded(text) if e[0][:2] in ("02", "10", "11", "12", "13")}


def test_holding_on_to_a_refusal_is_one() -> None:
    assert ("120", "IRN", "USA") in coded("وقال وزير الخارجية الإيراني إن بلاده تمسكت برفضها للمقترح الأمريكي.")


def test_a_charge_after_bi_in_reported_speech_stays() -> None:
    got = coded("وقال وزير الخارجية السعودي إن المشكلة تتعلق بتدخلات إيران في شؤون دول الجوار.")
    assert ("112", "SAU", "IRN") in got


# --- a threat aimed at the party of its condition; a capital before a relative clause ----------

@pytest.mark.parametrize("text, expected", [
    ("ولوح وزير الخارجية الإيراني بالعودة إلى تخصيب اليورانيوم إذا انسحبت واشنطن من الاتفاق.", ("IRN", "USA")),
    ("وحذر وزير الدفاع الإسرائيلي من رد قاس في حال هاجمت إيران المنشآت الإسرائيلية.", ("ISR", "IRN")),
])
def test_a_threat_is_aimed_at_the_party_its_condition_names(text: str, expected: tuple[str, str]) -> None:
    assert any(c[:2] == "13" and (s, t) == expected for c, s, t in coded(text))


def test_the_condition_of_a_threat_is_not_its_target_when_it_names_its_own() -> None:
    got = coded("وهدد الرئيس الأمريكي كوريا الشمالية بعقوبات جديدة إذا رفضت اليابان المقترح.")
    assert any(c[:2] == "13" and (s, t) == ("USA", "PRK") for c, s, t in got)
    assert not any(c[:2] == "13" and t == "JPN" for c, s, t in got)


def test_a_capital_before_a_relative_clause_is_its_agent() -> None:
    got = coded("ونددت الحكومة الصينية بما وصفته بالابتزاز من جانب واشنطن التي هددت مرارا بفرض ضرائب على الواردات.")
    assert any(c[:2] == "11" and (s, t) == ("CHN", "USA") for c, s, t in got)
