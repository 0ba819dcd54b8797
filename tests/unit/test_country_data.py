"""The place data files: schemas, codes, coverage of every state, and that the generated
country file is reproduced by its generator."""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import pytest

from marsad.extract import places
from marsad.extract.places import (
    _lexicon,
    country_codes,
    country_name,
    demonym_country,
    find_places,
    igo_codes,
    igo_name,
    inflect_nisba,
)
from marsad.lexicon import load_table, table
from marsad.text.normalize import fold

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "marsad" / "data"
PLACE_TABLES = ("countries.generated", "countries", "country_names", "demonyms", "cities", "igos", "place_context")
# Codes marsad uses that ISO 3166-1 does not assign (user-assigned range).
NON_ISO = {"XKX"}
# The organisations eval/GUIDELINES.md names (its IGOOIC is IGOMOSOIC here, as in Phoenix).
GUIDELINE_IGOS = {"IGOEUREEC", "IGOAFRAFU", "IGOUNO", "IGOMEAARL", "IGOPGSGCC", "IGOCOPITP", "IGOWSTNAT", "IGOMOSOIC"}


def _rows(name: str):
    return load_table(name)


# --- generated file --------------------------------------------------------------------


def test_generated_file_is_reproduced_by_its_generator(tmp_path: Path) -> None:
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location("gen_countries", ROOT / "scripts" / "gen_countries.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    out = tmp_path / "countries.generated.tsv"
    assert gen.main(["-o", str(out)]) == 0
    committed = (DATA / "countries.generated.tsv").read_text(encoding="utf-8")
    fresh = out.read_text(encoding="utf-8")
    if fresh != committed:
        import difflib

        diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True), "committed", "regenerated", n=0))
        pytest.fail("countries.generated.tsv differs from what scripts/gen_countries.py produces now; "
                    "rerun the script and review the diff:\n" + diff[:4000])


def test_generated_file_has_a_header_naming_its_sources() -> None:
    h = table("countries.generated").header
    assert "babel" in h.source and "pycountry" in h.source
    assert "gen_countries.py" in h.version


# --- schemas and codes ------------------------------------------------------------------


@pytest.mark.parametrize("name", PLACE_TABLES)
def test_place_tables_load_with_header(name: str) -> None:
    t = table(name)
    assert t.header.source and t.header.version and t.rows


def test_country_codes_are_iso3() -> None:
    pycountry = pytest.importorskip("pycountry")
    for r in _rows("countries"):
        code = str(r["iso3"])
        assert code in NON_ISO or pycountry.countries.get(alpha_3=code) is not None, r.where()
    for r in _rows("countries.generated"):
        code = str(r["iso3"])
        assert code in NON_ISO or pycountry.countries.get(alpha_3=code).alpha_2 == r["iso2"], r.where()


def test_every_un_member_and_observer_and_common_territory_is_known() -> None:
    status = {str(r["iso3"]): str(r["status"]) for r in _rows("countries")}
    members = {c for c, s in status.items() if s == "member"}
    assert len(members) == 193
    assert {c for c, s in status.items() if s == "observer"} == {"PSE", "VAT"}
    assert {"XKX", "TWN"} <= {c for c, s in status.items() if s == "partial"}
    for code in ("ESH", "HKG", "MAC", "PRI", "GRL"):
        assert status[code] == "territory"


def test_every_code_in_the_curated_files_is_a_known_country() -> None:
    known = set(country_codes())
    for name, col in (("country_names", "iso3"), ("cities", "iso3"), ("cities", "alt"), ("countries.generated", "iso3")):
        for r in _rows(name):
            if r[col] is not None:
                assert r[col] in known, f"{r.where()}: unknown country code {r[col]}"
    for r in _rows("demonyms"):
        code = str(r["iso3"])
        assert code in known or code in igo_codes(), r.where()


def test_igos_have_one_canonical_name_and_known_parents() -> None:
    canon = defaultdict(list)
    for r in _rows("igos"):
        if r["form"] == "canonical":
            canon[r["code"]].append(r.where())
    codes = {str(r["code"]) for r in _rows("igos")}
    assert set(canon) == codes
    assert all(len(v) == 1 for v in canon.values()), {k: v for k, v in canon.items() if len(v) > 1}
    for r in _rows("igos"):
        assert r["parent"] is None or r["parent"] in codes, r.where()
    assert GUIDELINE_IGOS <= codes


def test_nisba_bases_end_in_ya() -> None:
    for r in _rows("demonyms"):
        if r["inflect"] == "nisba":
            for w in str(r["word"]).split():
                assert fold(w).endswith("ي"), f"{r.where()}: {r['word']!r} is not a nisba base (masculine singular)"
                assert not w.startswith("ال"), f"{r.where()}: write the base without ال"


# --- keys: no silent conflicts, no clitic collisions ----------------------------------------


def test_a_name_means_one_place_unless_declared_ambiguous() -> None:
    # building the lexicon raises on undeclared conflicts; here: every multi-reading key is declared
    for key, options in places._all_keys():
        if len(options) > 1 and options[0].match != "geo":  # gazetteer names: resolved per document (test_gazetteer)
            codes = {p.code for p in options}
            assert any(p.alt in codes for p in options), f"{key!r}: {codes} without an 'alt' declaration"


def test_declared_ambiguities() -> None:
    amb = {key: {p.code for p in opts} for key, opts in places._all_keys() if len(opts) > 1}
    assert amb[fold("عمان")] == {"JOR", "OMN"}
    assert amb[fold("طرابلس")] == {"LBY", "LBN"}


def test_no_key_is_a_proclitic_plus_another_key() -> None:
    # a city "وجدة" would swallow "و + جدة": such names are listed only inside phrases
    keys = {k for k, _ in places._all_keys()}
    bad = []
    for k in keys:
        for n in (1, 2):
            if k[:n] in {"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"} and k[n:] in keys:
                bad.append(k)
    assert not bad


def test_stop_phrases_contain_a_name_and_are_not_names() -> None:
    names = {k for k, opts in places._all_keys() if opts[0].kind != "stop"}
    demonym_forms = {
        " ".join(fold(f).split()): str(r["iso3"])
        for r in _rows("demonyms")
        if r["inflect"] == "nisba"
        for f in inflect_nisba(str(r["word"]))
    }
    for r in _rows("place_context"):
        if r["kind"] != "stop":
            continue
        key = " ".join(fold(str(r["phrase"])).split())
        assert key not in names, r.where()
        if demonym_forms.get(key):  # a generated form blocked on purpose (الكوريتين: both Koreas)
            continue
        words = key.split()
        spans = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
        stripped = {re.sub(r"^(?:[وفبك]|لل)", "", w) for w in words}
        assert (spans | stripped | {"ال" + w[2:] for w in words if w.startswith("لل")}) & names, (
            f"{r.where()}: stop phrase {r['phrase']!r} contains no name"
        )


# --- coverage: every row is found by the finder ---------------------------------------------


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.code, m.kind) for m in find_places(text)]


@pytest.mark.parametrize("status", ["member", "observer", "partial"])
def test_every_state_is_found_by_its_canonical_name(status: str) -> None:
    missing = []
    for r in _rows("countries"):
        if r["status"] != status:
            continue
        code = str(r["iso3"])
        text = f"وصل الوفد في {r['name']} أمس"
        readings = {p.code for p in places._lexicon().entries[" ".join(fold(str(r["name"])).split())]}
        found = {c for c, _ in _found(text)}
        if code not in found and not (len(readings) > 1 and found & readings):  # عمان: Amman by default
            missing.append((code, r["name"]))
    assert not missing


def test_every_city_row_is_found() -> None:
    missing = []
    for r in _rows("cities"):
        if r["match"] == "never":
            continue
        text = f"وصل الوفد إلى {r['name']} أمس"
        found = {c for c, _ in _found(text)}
        if r["iso3"] not in found:
            missing.append((r["name"], r["iso3"], found))
    assert not missing


def test_every_country_name_row_is_found() -> None:
    missing = []
    for r in _rows("country_names"):
        if r["match"] == "never":
            continue
        text = f"وصل الوفد إلى {r['name']} أمس"
        if r["iso3"] not in {c for c, _ in _found(text)}:
            missing.append((r["name"], r["iso3"]))
    assert not missing


def test_every_igo_row_is_found() -> None:
    missing = []
    for r in _rows("igos"):
        if r["match"] == "never":
            continue
        text = f"أعلنت {r['name']} اليوم"
        if (r["code"], "igo") not in _found(text):
            missing.append((r["name"], r["code"]))
    assert not missing


def test_every_demonym_form_is_a_demonym_of_its_country() -> None:
    wrong = []
    for r in _rows("demonyms"):
        if r["match"] == "never":
            continue
        forms = inflect_nisba(str(r["word"])) if r["inflect"] == "nisba" else (str(r["word"]),)
        stops = {" ".join(fold(str(s["phrase"])).split()) for s in _rows("place_context") if s["kind"] == "stop"}
        for f in forms:
            if " ".join(fold(f).split()) in stops:
                continue
            got = demonym_country(f)
            p = places.lookup(f)
            if p is None or p.code != r["iso3"]:
                wrong.append((f, r["iso3"], got))
    assert not wrong


def test_canonical_names() -> None:
    for r in _rows("countries"):
        assert country_name(str(r["iso3"])) == r["name"]
    for r in _rows("igos"):
        if r["form"] == "canonical":
            assert igo_name(str(r["code"])) == r["name"]
    with pytest.raises(KeyError):
        country_name("XXX")
