"""Non-state and sub-state actors (marsad.extract.actors.groups, groups.tsv). Sentences written by us."""

from __future__ import annotations

import pytest

from marsad.extract.actors import find_actors_in_text
from marsad.lexicon import load_table
from marsad.lexicon.schemas import NONSTATE_ROLES


def _groups(text: str, **kw: object) -> list[tuple[str, str, str | None, str | None]]:
    actors, _ = find_actors_in_text(text, **kw)  # type: ignore[arg-type]
    return [(a.text, a.code, a.country, a.role) for a in actors if a.kind == "group" and a.role not in (None, "GOV")]  # sides (الحكومة) are groups too


def test_groups_table_loads_and_nouns_have_no_country() -> None:
    rows = load_table("groups")
    assert len(rows) > 100
    for r in rows:
        if r["kind"] == "noun":
            assert r["country"] is None and r["code"] is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("هاجم مسلحون نقطة تفتيش على الطريق.", [("مسلحون", "INS", None, "INS")]),
        ("اشتبك متظاهرون مع الشرطة أمام البرلمان.", [("متظاهرون", "OPP", None, "OPP")]),
        ("رحبت المعارضة السورية بالمبادرة.", [("المعارضة السورية", "SYROPP", "SYR", "OPP")]),
        ("قال المتحدث إن الحوثيين أطلقوا صاروخا.", [("الحوثيين", "YEMREB", "YEM", "REB")]),
        ("أعلن تنظيم داعش مسؤوليته.", [("تنظيم داعش", "IMGREB", None, "REB")]),
        ("وقعت الحكومة عقدا مع شركة أرامكو.", [("شركة أرامكو", "SAUBUS", "SAU", "BUS")]),
        ("استهدفت ميليشيات حزب الله مواقع قرب الحدود.", [("ميليشيات حزب الله", "LBNUAF", "LBN", "UAF")]),
        ("فر آلاف اللاجئين من القتال.", [("اللاجئين", "REF", None, "REF")]),
    ],
)
def test_group_mentions(text: str, want: list[tuple[str, str, str | None, str | None]]) -> None:
    assert _groups(text) == want


def test_a_group_noun_never_takes_the_home_country() -> None:
    # the outlet's country is Saudi Arabia; the protesters are nobody's until the text says so
    text = "الرياض - واس\nقال وزير الداخلية إن المحتجين تفرقوا، واعتقلت قوات الأمن عشرة مسلحين."
    got = {a.text: a for a in find_actors_in_text(text, outlet="واس")[0]}
    assert got["المحتجين"].country is None and got["المحتجين"].code == "OPP"
    assert got["مسلحين"].country is None
    assert got["قوات الأمن"].role == "COP"  # a state agency keeps the home-country rule


def test_nonstate_roles_are_known_roles() -> None:
    from marsad.lexicon.schemas import ROLES

    assert set(NONSTATE_ROLES) <= set(ROLES)


def test_a_surname_alone_is_not_a_group() -> None:
    # الحوثي alone is a family name (the group is الحوثيون / جماعة الحوثي)
    assert _groups("التقى المبعوث عبد الملك الحوثي.") == []
