"""Near-duplicate detection and story clustering (marsad.stories) on short articles written
for these tests: one event told by two outlets in different words, a roundup carrying one
paragraph of another story, and unrelated reports sharing official formulas."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash

from marsad.model import Span
from marsad.stories import Item, Thresholds, band_keys, compare, fingerprint, stories_from_links
from marsad.stories.cluster import Link, cluster_links, day_gap
from marsad.stories.index import band_keys_many
from marsad.stories.minhash import (
    NUM_PERM,
    SEED,
    Fingerprint,
    containment,
    jaccard,
    shingle_hash,
    shingles,
    stopwords,
    tokens,
)
from marsad.text.normalize import fold

# --- articles (our own text, in the style of Arabic news) ----------------------------------

# One visit, two outlets: the second rewrote the lead, changed some verbs, dropped the
# closing paragraph and added its own.
VISIT_A = """وصل وزير الخارجية الأردني إلى العاصمة التونسية صباح الأحد في زيارة رسمية تستغرق يومين، يلتقي خلالها نظيره التونسي وعددا من كبار المسؤولين.
وعقد الوزيران جلسة مباحثات في مقر وزارة الخارجية التونسية تناولت سبل تطوير التبادل التجاري بين البلدين وزيادة عدد الرحلات الجوية المباشرة بين عمان وتونس.
ووقع الجانبان في ختام الجلسة مذكرة تفاهم للتعاون في مجال التعليم العالي تتيح تبادل الأساتذة والطلاب بين الجامعات الأردنية والتونسية اعتبارا من العام الدراسي المقبل.
وقال الوزير الأردني في مؤتمر صحفي مشترك إن بلاده تتطلع إلى رفع حجم التبادل التجاري مع تونس إلى ثلاثة أضعاف خلال السنوات الخمس المقبلة، مشيرا إلى أن رجال الأعمال في البلدين أبدوا اهتماما كبيرا بقطاعي الأدوية والفوسفات.
من جهته أوضح الوزير التونسي أن المباحثات تطرقت أيضا إلى الأوضاع في ليبيا وضرورة دعم الحوار بين الأطراف الليبية للوصول إلى تسوية سياسية شاملة تحفظ وحدة البلاد."""

VISIT_B = """بحث وزير الخارجية الأردني مع نظيره التونسي في تونس يوم الأحد تعزيز العلاقات الثنائية، في مستهل زيارة رسمية تستمر يومين.
وتناولت المباحثات التي جرت في مقر وزارة الخارجية التونسية سبل تطوير التبادل التجاري بين البلدين وزيادة عدد الرحلات الجوية المباشرة بين عمان وتونس.
ووقع الجانبان في ختام الجلسة مذكرة تفاهم للتعاون في مجال التعليم العالي تتيح تبادل الأساتذة والطلاب بين الجامعات الأردنية والتونسية اعتبارا من العام الدراسي المقبل.
وأكد الوزير الأردني خلال مؤتمر صحفي مشترك أن بلاده تتطلع إلى رفع حجم التبادل التجاري مع تونس إلى ثلاثة أضعاف خلال السنوات الخمس المقبلة، لافتا إلى أن رجال الأعمال في البلدين أبدوا اهتماما كبيرا بقطاعي الأدوية والفوسفات.
ومن المنتظر أن يلتقي الوزير الأردني رئيس الحكومة التونسية صباح الاثنين قبل أن يتوجه إلى الجزائر في المحطة الثانية من جولته المغاربية."""

# Another story: a fisheries agreement, told at length by one outlet.
FISHERIES = """وقعت المغرب والسنغال في الرباط يوم الأحد اتفاقية جديدة للصيد البحري تسمح لمئات من قوارب الصيد السنغالية التقليدية بالعمل في المياه المغربية جنوب المملكة لمدة خمس سنوات، مقابل التزام دكار بتطبيق قواعد صارمة لحماية الثروة السمكية وتقديم بيانات دورية عن الكميات المصطادة إلى مختبرات البحث المغربية. وتشمل الاتفاقية لأول مرة قوارب الصيد الساحلي الصغيرة التي يملكها صيادون من إقليم سان لويس شمال السنغال، وتمنحهم تراخيص موسمية مجانية خلال فصل الشتاء.
وأوضح بيان مشترك صدر عقب التوقيع أن الاتفاقية تنص كذلك على إنشاء مركز مشترك لتدريب البحارة الشباب في مدينة الداخلة وتمويل مشاريع لتبريد الأسماك وتسويقها في الأسواق الأفريقية.
وقال وزير الصيد البحري المغربي إن الاتفاقية تعكس متانة العلاقات بين البلدين وتفتح الباب أمام شراكات أوسع في مجالات الاقتصاد الأزرق، فيما وصف نظيره السنغالي التوقيع بأنه خطوة تاريخية ينتظرها آلاف الصيادين في بلاده منذ سنوات.
وكانت المفاوضات بين البلدين قد استمرت أكثر من عام بسبب خلافات حول عدد القوارب المسموح لها بالعمل وحصص أنواع الأسماك المهددة بالانقراض.
ويرى خبراء في القطاع أن الاتفاقية ستخفف الضغط على السواحل السنغالية التي تعاني من تراجع المخزون السمكي خلال العقد الأخير، لكنهم حذروا من أن نجاحها مرهون بقدرة أجهزة الرقابة في البلدين على منع الصيد الجائر في مواسم التكاثر.
وتشير أرقام رسمية إلى أن قطاع الصيد يوفر أكثر من ستمائة ألف فرصة عمل في السنغال، ويعد السمك المصدر الرئيسي للبروتين لدى غالبية الأسر في المناطق الساحلية.
ومن المقرر أن تجتمع لجنة فنية مشتركة في دكار قبل نهاية الشهر المقبل لوضع جدول زمني لتنفيذ بنود الاتفاقية وتحديد مواقع الموانئ التي ستستقبل القوارب السنغالية."""

# Another story: floods in Sudan.
FLOODS = """أعلنت السلطات السودانية يوم الأحد إغلاق المدارس في ثلاث ولايات بعد أمطار غزيرة تسببت في فيضانات جرفت مئات المنازل وقطعت الطرق الرئيسية، فيما تواصل فرق الدفاع المدني عمليات الإنقاذ وإجلاء الأسر العالقة في القرى المحاذية لمجرى النيل.
وقال متحدث باسم مجلس الدفاع المدني إن حصيلة الضحايا ارتفعت إلى أحد عشر قتيلا وعشرات المصابين، مرجحا ارتفاع الأرقام مع وصول فرق الإغاثة إلى المناطق المعزولة.
وناشدت منظمات إنسانية محلية المانحين توفير الخيام والأدوية ومياه الشرب النظيفة لآلاف النازحين الذين لجؤوا إلى المدارس والمساجد في المدن القريبة.
وتوقعت هيئة الأرصاد الجوية استمرار هطول الأمطار خلال الأيام الثلاثة المقبلة، ودعت المواطنين إلى الابتعاد عن ضفاف الأنهار والأودية."""

# A weekly roundup of unrelated items; the third is the fisheries agreement (the wire's
# first paragraph copied word for word).
ROUNDUP = """افتتح في القاهرة يوم الأحد منتدى الاستثمار العربي الأفريقي بمشاركة وزراء اقتصاد ومال من خمسة وعشرين بلدا، ويناقش المنتدى على مدى ثلاثة أيام فرص تمويل مشاريع البنية التحتية والطاقة المتجددة في القارة.
وفي الخرطوم أعلنت السلطات إغلاق المدارس في ثلاث ولايات بعد أمطار غزيرة تسببت في فيضانات جرفت مئات المنازل وقطعت الطرق الرئيسية، فيما تواصل فرق الدفاع المدني عمليات الإنقاذ.
وقعت المغرب والسنغال في الرباط يوم الأحد اتفاقية جديدة للصيد البحري تسمح لمئات من قوارب الصيد السنغالية التقليدية بالعمل في المياه المغربية جنوب المملكة لمدة خمس سنوات، مقابل التزام دكار بتطبيق قواعد صارمة لحماية الثروة السمكية وتقديم بيانات دورية عن الكميات المصطادة إلى مختبرات البحث المغربية. وتشمل الاتفاقية لأول مرة قوارب الصيد الساحلي الصغيرة التي يملكها صيادون من إقليم سان لويس شمال السنغال، وتمنحهم تراخيص موسمية مجانية خلال فصل الشتاء.
وفي الجزائر صادق البرلمان على قانون جديد للاستثمار يمنح المستثمرين الأجانب إعفاءات ضريبية لمدة عشر سنوات في المناطق الصحراوية ويبسط إجراءات تحويل الأرباح إلى الخارج.
وعلى الصعيد الرياضي تأهل المنتخب الموريتاني لكرة القدم إلى الدور النهائي من بطولة الأمم العربية للشباب بعد فوزه على نظيره العراقي بهدفين مقابل هدف في مباراة مثيرة احتضنها ملعب المدينة الأولمبي.
وفي بيروت أعلنت وزارة الثقافة اللبنانية إعادة افتتاح المتحف الوطني أمام الزوار بعد أعمال ترميم استمرت عامين، بتمويل من صندوق دولي لحماية التراث في مناطق النزاعات.
وفي الرياض انطلقت أعمال المؤتمر الدولي لتحلية المياه بمشاركة مئات الخبراء والشركات من أربعين دولة، ويبحث المؤتمر تقنيات خفض استهلاك الطاقة في محطات التحلية.
وفي مسقط أقرت الحكومة العمانية خطة لتطوير الموانئ الصغيرة على ساحل بحر العرب وتحويل بعضها إلى مراكز للسياحة البحرية وصيد الأسماك التقليدي بحلول نهاية العقد."""

# A short roundup of two items, each copied from the wire: the lead paragraphs of the
# fisheries and the floods stories.
BRIEF = FISHERIES.split("\n")[0] + "\n" + FLOODS.split("\n")[0]
# Another: two paragraphs of each.
DIGEST = "\n".join(FISHERIES.split("\n")[:2] + FLOODS.split("\n")[:2])

# Two different meetings (different ministers, countries, subjects) written with the same
# official formulas.
FORMULA_1 = """استقبل وزير الداخلية المصري بمقر الوزارة في القاهرة سفير اليابان والوفد المرافق له.
وبحث الجانبان سبل تعزيز التعاون الثنائي في المجالات ذات الاهتمام المشترك وآليات تبادل الخبرات والمعلومات.
وشدد الطرفان على متانة الروابط بين البلدين الصديقين وأهمية العمل على تعزيزها في مختلف المجالات بما يخدم المصالح المشتركة.
وتناول اللقاء برنامجا لتدريب ضباط المرور المصريين على أنظمة المراقبة الذكية للطرق في طوكيو في أول ثلاثة أشهر من السنة القادمة، إلى جانب منحة يابانية لتزويد إدارات الحماية المدنية بسيارات إطفاء حديثة."""

FORMULA_2 = """استقبل وزير الخارجية الأردني في عمان رئيس البرلمان الكيني على رأس وفد برلماني.
وبحث الجانبان سبل تعزيز التعاون الثنائي في المجالات ذات الاهتمام المشترك وآليات تبادل الخبرات والمعلومات.
وشدد الطرفان على متانة الروابط بين البلدين الصديقين وأهمية العمل على تعزيزها في مختلف المجالات بما يخدم المصالح المشتركة.
وناقش الجانبان مشروع إنشاء لجنة صداقة برلمانية أردنية كينية وتوسيع صادرات الشاي والزهور الكينية إلى الأسواق الأردنية مقابل زيادة صادرات الأسمدة والأدوية الأردنية إلى نيروبي."""


def spans_of(text: str) -> list[Span]:
    """One span per line (our test articles put one paragraph, of one or two sentences, a line)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return out


def sentence_spans(text: str) -> list[Span]:
    out = []
    for p in spans_of(text):
        start = p.start
        for i, ch in enumerate(text[p.start : p.end]):
            if ch == "." and text[p.start + i + 1 : p.start + i + 2] == " ":
                out.append(Span(start, p.start + i + 1))
                start = p.start + i + 2
        out.append(Span(start, p.end))
    return out


def item(key: str, text: str, published: str | None = "2025-03-09") -> Item:
    return Item(key, published, fingerprint(text, sentence_spans(text), spans_of(text)))


# --- fingerprints ---------------------------------------------------------------------


def test_stopwords_load_and_are_folded() -> None:
    words = stopwords()
    assert {"في", "الي", "التي", "هذه"} <= words  # إلى / الى fold alike
    assert all(w == fold(w) for w in words)
    assert "وزير" not in words and "الجانبان" not in words


def test_tokens_fold_and_drop_function_words() -> None:
    assert tokens("وأكّد الوزيرُ أنّ العلاقات في أفضل حالاتها") == ["واكد", "الوزير", "العلاقات", "افضل", "حالاتها"]
    assert shingles(["أ", "ب"]) == ["أ ب"]
    assert shingles(["a", "b", "c", "d"]) == ["a b c", "b c d"]


def test_signature_is_the_datasketch_minhash_of_the_3grams() -> None:
    fp = fingerprint(VISIT_A, sentence_spans(VISIT_A))
    words = [w for s in sentence_spans(VISIT_A) for w in tokens(s.of(VISIT_A))]
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=shingle_hash)
    m.update_batch([g.encode("utf-8") for g in shingles(words)])
    assert np.array_equal(m.hashvalues, fp.signature)
    assert fp.shingles == len(set(shingles(words)))


def test_permutations_are_datasketchs_without_importing_it() -> None:
    from marsad.stories.minhash import _permutations

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
    ours = _permutations()
    assert np.array_equal(np.asarray(a, dtype=np.uint32), ours[0]) and ours[0].dtype == np.uint32
    assert np.array_equal(np.asarray(b, dtype=np.uint32), ours[1]) and ours[1].dtype == np.uint32


def test_the_pipeline_does_not_import_scipy() -> None:
    """datasketch (and through it scipy) costs some 60 MB of every process: the fingerprints
    need only its permutations, made in marsad.stories.minhash."""
    import subprocess
    import sys

    code = "import sys, marsad.pipeline, marsad.cli; print(sorted(m for m in ('scipy', 'datasketch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_fingerprint_passages_and_bytes_round_trip() -> None:
    fp = fingerprint(FISHERIES, sentence_spans(FISHERIES), spans_of(FISHERIES))
    assert len(fp.passages) >= 4
    for start, end, ps, pe, n in fp.passages.tolist():
        assert ps <= start < end <= pe and n >= 8
        assert FISHERIES[ps:pe] in FISHERIES.split("\n")
    back = Fingerprint.from_bytes(fp.shingles, fp.signature_bytes(), fp.passage_bytes())
    assert np.array_equal(back.signature, fp.signature)
    assert np.array_equal(back.passages, fp.passages)
    assert np.array_equal(back.passage_sigs, fp.passage_sigs)


def test_spelling_variants_do_not_matter() -> None:
    plain = "وقعت مصر والأردن اتفاقية للتعاون الأمني في القاهرة يوم الخميس الماضي بحضور وزيري الداخلية"
    variant = "وقّعت مصرُ والاردن إتفاقيةً للتعاون الأمنى فى القاهرة يوم الخميس الماضى بحضور وزيرى الداخلية"
    a, b = fingerprint(plain, [Span(0, len(plain))]), fingerprint(variant, [Span(0, len(variant))])
    assert jaccard(a, b) == 1.0


def test_empty_document_has_no_keys_and_links_to_nothing() -> None:
    empty = Item("e", None, fingerprint("...", [Span(0, 3)]))
    assert empty.fp.empty and band_keys(empty.fp) == []
    assert compare(empty, item("a", VISIT_A)) is None


def test_band_keys_of_identical_documents_coincide() -> None:
    a, b = item("a", VISIT_A), item("b", VISIT_A)
    assert band_keys(a.fp) == band_keys(b.fp)
    many = band_keys_many([a.fp, item("c", FISHERIES).fp])
    assert many[0] == band_keys(a.fp) and many[1] == band_keys(item("c", FISHERIES).fp)
    assert not set(band_keys(a.fp)) & set(band_keys(item("c", FISHERIES).fp))


# --- the linking rule -------------------------------------------------------------------


def test_same_story_told_by_two_outlets_links() -> None:
    link = compare(item("visit-b", VISIT_B), item("visit-a", VISIT_A))
    assert link is not None and link.kind in ("same", "overlap")
    assert (link.a, link.b) == ("visit-a", "visit-b")  # ordered by key
    assert link.passages >= 1 and link.shared >= 40
    assert link.spans_a and all(VISIT_A[s:e] in VISIT_A.split("\n") for s, e in link.spans_a)


def test_roundup_paragraph_is_a_part_link_hosted_by_the_roundup() -> None:
    link = compare(item("roundup", ROUNDUP), item("fish", FISHERIES))
    assert link is not None and link.kind == "part"
    assert link.host == "roundup" and link.words < Thresholds().word_contain  # little common vocabulary
    third = ROUNDUP.split("\n")[2]
    start = ROUNDUP.index(third)
    assert link.spans_b == [[start, start + len(third)]]  # b = "roundup" (keys ordered)
    assert link.spans_a == [[0, len(FISHERIES.split("\n")[0])]]
    # the roundup does not merge with the story it carries a paragraph of
    assert stories_from_links(["fish", "roundup"], [link]) == [["fish"], ["roundup"]]


def test_short_roundup_of_two_stories_does_not_glue_them() -> None:
    docs = [item("brief", BRIEF), item("fish", FISHERIES), item("floods", FLOODS)]
    links = [l for i, x in enumerate(docs) for y in docs[i + 1 :] if (l := compare(x, y))]
    assert ("brief", "fish") in {(l.a, l.b) for l in links}
    stories = stories_from_links([d.key for d in docs], links)
    assert not any({"fish", "floods"} <= set(g) for g in stories)
    assert stories_from_links([d.key for d in docs][::-1], links[::-1]) == stories


def test_digest_of_two_stories_joins_one_and_is_partial_in_the_other() -> None:
    docs = [item("digest", DIGEST), item("fish", FISHERIES), item("floods", FLOODS)]
    links = [l for i, x in enumerate(docs) for y in docs[i + 1 :] if (l := compare(x, y))]
    assert {(l.a, l.b) for l in links} == {("digest", "fish"), ("digest", "floods")}
    result = cluster_links([d.key for d in docs], links)
    assert result.stories == [["digest", "fish"], ["floods"]]
    assert result.roundup_of == {("digest", "floods"): "digest"}


def test_a_roundup_joins_only_its_strongest_story() -> None:
    # r carries one item of story a (paragraph 0-100) and one of story b (200-300)
    ra = Link("a", "r", "overlap", 0.2, 0.5, 1, 60.0, 0.2, 0, "r", [[0, 90]], [[0, 100]])
    rb = Link("b", "r", "overlap", 0.2, 0.5, 1, 45.0, 0.2, 0, "r", [[0, 80]], [[200, 300]])
    assert stories_from_links(["a", "b", "r"], [ra, rb]) == [["a", "r"], ["b"]]
    # a contained short report wins over a rewrite
    rb_contained = Link("b", "r", "contain", 0.1, 0.9, 1, 45.0, 0.9, 0, "r", [[0, 80]], [[200, 300]])
    assert stories_from_links(["a", "b", "r"], [ra, rb_contained]) == [["a"], ["b", "r"]]
    # the same paragraphs of r tell what a and b each said: one story
    rb_same_place = Link("b", "r", "overlap", 0.2, 0.5, 1, 45.0, 0.2, 0, "r", [[0, 80]], [[0, 100]])
    assert stories_from_links(["a", "b", "r"], [ra, rb_same_place]) == [["a", "b", "r"]]
    # a document-level link says nothing about items: join
    rb_doc_level = Link("b", "r", "overlap", 0.2, 0.5, 0, 45.0, 0.2, 0, "r")
    assert stories_from_links(["a", "b", "r"], [ra, rb_doc_level]) == [["a", "b", "r"]]


def test_official_formulas_do_not_link_unrelated_reports() -> None:
    a, b = item("f1", FORMULA_1), item("f2", FORMULA_2)
    assert jaccard(a.fp, b.fp) > 0  # they do share the formulas ...
    assert compare(a, b) is None  # ... but that is not the same story
    for x in (a, b):
        for y in (item("va", VISIT_A), item("fish", FISHERIES), item("roundup", ROUNDUP), item("floods", FLOODS)):
            assert compare(x, y) is None


def test_unrelated_articles_do_not_link() -> None:
    texts = {"va": VISIT_A, "fish": FISHERIES, "f1": FORMULA_1, "floods": FLOODS}
    for (ka, ta), (kb, tb) in [(p, q) for p in texts.items() for q in texts.items() if p[0] < q[0]]:
        assert compare(item(ka, ta), item(kb, tb)) is None, (ka, kb)


def test_publication_window() -> None:
    assert day_gap("2025-03-09", "2025-03-12") == 3 and day_gap(None, "2025-03-12") is None
    assert day_gap("2025-03-09", "not a date") is None
    near = compare(item("a", VISIT_A, "2025-03-09"), item("b", VISIT_B, "2025-03-12"))
    far = compare(item("a", VISIT_A, "2025-03-09"), item("b", VISIT_B, "2025-03-13"))
    undated = compare(item("a", VISIT_A, None), item("b", VISIT_B, "2025-03-13"))
    assert near is not None and near.gap_days == 3
    assert far is None
    assert undated is not None and undated.gap_days is None  # content alone decides
    assert compare(item("a", VISIT_A), item("b", VISIT_B), Thresholds(window_days=0)) is not None


def test_short_item_inside_a_longer_article_is_contained() -> None:
    short = FISHERIES.split("\n")[0].split(". ")[0] + "."
    link = compare(item("short", short), item("long", FISHERIES))
    assert link is not None and link.kind == "contain"
    assert link.host == "long" and link.containment >= 0.9


def test_light_edits_keep_a_strong_link() -> None:
    rng = random.Random(3)
    words = VISIT_A.split(" ")
    edited = " ".join(w for w in words if rng.random() > 0.04)
    link = compare(item("a", VISIT_A), item("b", edited))
    assert link is not None and link.kind == "same" and link.jaccard >= 0.5


# --- stories from links -----------------------------------------------------------------


def _link(a: str, b: str, kind: str, host: str | None = None) -> Link:
    return Link(a, b, kind, 0.3, 0.5, 1, 50.0, 0.3, 0, host)


def test_stories_from_links_is_union_find_without_part_links() -> None:
    links = [_link("a", "b", "same"), _link("b", "c", "overlap", "c"), _link("d", "e", "contain", "e"),
             _link("c", "d", "part", "d")]
    assert stories_from_links(list("abcdef"), links) == [["a", "b", "c"], ["d", "e"], ["f"]]


def test_stories_from_links_does_not_depend_on_order() -> None:
    rng = random.Random(0)
    keys = [f"d{i:02d}" for i in range(30)]
    links = [_link(*sorted(rng.sample(keys, 2)), rng.choice(["same", "overlap", "contain", "part"])) for _ in range(25)]
    first = stories_from_links(keys, links)
    for _ in range(5):
        rng.shuffle(links)
        rng.shuffle(keys)
        assert stories_from_links(keys, links) == first
    assert sorted(k for g in first for k in g) == sorted(keys)


def test_estimates_are_close_to_exact_values() -> None:
    a, b = item("a", VISIT_A), item("b", VISIT_B)
    wa = [w for s in sentence_spans(VISIT_A) for w in tokens(s.of(VISIT_A))]
    wb = [w for s in sentence_spans(VISIT_B) for w in tokens(s.of(VISIT_B))]
    sa, sb = set(shingles(wa)), set(shingles(wb))
    exact_j = len(sa & sb) / len(sa | sb)
    exact_c = len(sa & sb) / min(len(sa), len(sb))
    assert jaccard(a.fp, b.fp) == pytest.approx(exact_j, abs=0.12)
    assert containment(a.fp, b.fp) == pytest.approx(exact_c, abs=0.15)
