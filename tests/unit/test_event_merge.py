"""The cross-document event merging rule (marsad.stories.events), on hand-made mentions."""

from __future__ import annotations

import random

from marsad.stories.events import Mention, MergeRules, block_key, canonical, compatible, interval, merge


def m(id: int, doc: int, date: str | None = "2024-11-21", *, code: str = "042", source: str = "EGY",
      target: str | None = "CHN", basis: str = "sentence", precision: str | None = None, **kw) -> Mention:
    if precision is None:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "none")
    return Mention(id=id, doc=doc, code=code, source=source, target=target, date=date, precision=precision,
                   basis=basis if date else "none", **kw)


def story(*groups: set[int]):
    def related(a: int, b: int) -> bool:
        return any(a in g and b in g for g in groups)
    return related


def docs_of(groups: list[list[Mention]]) -> list[list[int]]:
    return sorted(sorted(x.doc for x in g) for g in groups)


def test_block_key_ignores_direction() -> None:
    assert block_key("04", "EGY", "CHN") == block_key("04", "CHN", "EGY") == "04|CHN|EGY"
    assert block_key("05", "EGY", None) == "05||EGY"


def test_interval_by_precision_and_basis() -> None:
    assert interval(m(1, 1, "2019")) == (interval(m(1, 1, "2019-01-01"))[0], interval(m(1, 1, "2019-12-31"))[1])
    lo, hi = interval(m(1, 1, "2024-02"))
    assert (lo.isoformat(), hi.isoformat()) == ("2024-02-01", "2024-02-29")
    lo, hi = interval(m(1, 1, "2024-11-21", basis="publication"))
    assert (lo.isoformat(), hi.isoformat()) == ("2024-11-20", "2024-11-21")
    assert interval(m(1, 1, None)) is None


def test_two_outlets_reporting_one_visit_merge_and_the_undated_one_inherits_the_date() -> None:
    dated, undated = m(1, 1, "2024-11-21", outlet="A", published="2024-11-21"), m(2, 2, None)
    groups = merge([dated, undated], story({1, 2}))
    assert docs_of(groups) == [[1, 2]]
    c = canonical(groups[0])
    assert (c.date, c.date_doc, c.num_articles, c.num_sources, c.first_seen) == ("2024-11-21", 1, 2, 2, "2024-11-21")


def test_undated_mentions_outside_a_story_stay_apart() -> None:
    assert docs_of(merge([m(1, 1, "2024-11-21"), m(2, 2, None)], story())) == [[1], [2]]


def test_close_in_time_merges_without_a_story_but_not_across_years() -> None:
    near = [m(1, 1, "2024-11-21"), m(2, 2, "2024-11-22", basis="publication")]
    assert docs_of(merge(near, story())) == [[1, 2]]
    apart = [m(1, 1, "2019-03-02"), m(2, 2, "2024-03-02")]
    assert docs_of(merge(apart, story({1, 2}))) == [[1], [2]]
    vague = [m(1, 1, "2024"), m(2, 2, "2024-05-03")]  # a year is not "close in time"
    assert docs_of(merge(vague, story())) == [[1], [2]]
    assert docs_of(merge(vague, story({1, 2}))) == [[1, 2]]


def test_an_undated_mention_does_not_chain_2019_and_2024_together() -> None:
    ms = [m(1, 1, "2019-05-01"), m(2, 2, None), m(3, 3, "2024-05-01")]
    groups = merge(ms, story({1, 2, 3}))
    assert len(groups) == 2 and {1, 3} not in [{x.doc for x in g} for g in groups]


def test_direction_modality_persons_and_codes() -> None:
    visit, hosted = m(1, 1), m(2, 2, source="CHN", target="EGY")
    assert compatible(visit, hosted, True) is None  # 042 is directed
    a, b = m(1, 1, code="057", symmetric=True), m(2, 2, code="057", source="CHN", target="EGY", symmetric=True)
    assert compatible(a, b, True) is not None  # signing is symmetric
    assert compatible(m(1, 1), m(2, 2, modality="planned"), True) is None
    assert compatible(m(1, 1, source_person="k1"), m(2, 2, source_person="k2"), True) is None
    assert compatible(m(1, 1, source_person="k1"), m(2, 2), True) is not None
    short, full = "محمد سلمان", "محمد سلمان عبدالعزيز"  # person keys: the lineage shortened
    assert compatible(m(1, 1, source_person=short), m(2, 2, source_person=full), True) is not None
    assert compatible(m(1, 1, source_person="سلمان"), m(2, 2, source_person=short), True) is None
    middle = ("شريف الدمرداش", "شريف منصور الدمرداش")  # the middle name left out
    assert compatible(m(1, 1, source_person=middle[0]), m(2, 2, source_person=middle[1]), True) is not None
    assert compatible(m(1, 1, source_person="شريف الدمرداش"), m(2, 2, source_person="شريف منصور"), True) is None
    assert compatible(m(1, 1, code="031"), m(2, 2, code="0314"), True) is not None
    assert compatible(m(1, 1, code="0312"), m(2, 2, code="0314"), True) is None
    assert compatible(m(1, 1, code="042"), m(2, 1, code="042"), True) is None  # same document


def test_a_group_never_holds_two_mentions_of_one_document_and_takes_the_specific_code() -> None:
    ms = [m(1, 1, code="031"), m(2, 2, code="0314"), m(3, 2, code="031")]
    groups = merge(ms, story({1, 2}))
    assert all(len({x.doc for x in g}) == len(g) for g in groups)
    merged = next(g for g in groups if len(g) == 2)
    assert [x.id for x in merged] == [1, 3]  # the same code is the stronger pair
    (both,) = merge(ms[:2], story({1, 2}))
    assert canonical(both).code == "0314"  # the more specific code wins


def test_persons_in_a_group_stay_consistent_across_symmetric_directions() -> None:
    a = m(1, 1, code="057", symmetric=True, source_person="p-egy")
    b = m(2, 2, code="057", source="CHN", target="EGY", symmetric=True, target_person="p-egy")
    c = m(3, 3, code="057", symmetric=True, source_person="someone-else")
    groups = merge([a, b, c], story({1, 2, 3}))
    assert docs_of(groups) == [[1, 2], [3]]


def test_counts() -> None:
    ms = [m(1, 1, outlet="A", count=3, published="2024-11-22"), m(2, 2, outlet="A", published="2024-11-21"),
          m(3, 3, outlet=None)]
    (g,) = merge(ms, story({1, 2, 3}))
    c = canonical(g)
    assert (c.num_mentions, c.num_articles, c.num_sources, c.first_seen) == (5, 3, 2, "2024-11-21")


def test_the_result_does_not_depend_on_order() -> None:
    rnd = random.Random(7)
    days = ["2024-11-20", "2024-11-21", "2024-11-25", None, "2024-11", "2019-11-21"]
    ms = [m(i, i % 9, rnd.choice(days), code=rnd.choice(["042", "04", "043"]),
            basis=rnd.choice(["sentence", "publication"])) for i in range(40)]
    related = story(set(range(0, 9, 2)), {1, 3})
    want = [[x.id for x in g] for g in merge(ms, related)]
    for _ in range(5):
        rnd.shuffle(ms)
        assert [[x.id for x in g] for g in merge(ms, related)] == want
    partners = {d: {e for e in range(9) if e != d and related(d, e)} for d in range(9)}
    assert [[x.id for x in g] for g in merge(ms, related, partners=partners)] == want


def test_rules_are_tunable() -> None:
    a, b = m(1, 1, "2024-11-21"), m(2, 2, "2024-11-23")
    assert compatible(a, b, True) is None
    assert compatible(a, b, True, MergeRules(tolerance_days=2)) is not None
