"""Language data files: every row validates, the facts they must hold are there, and a
malformed file fails with the file name, the line number and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.errors import LexiconError
from marsad.lexicon import (
    SCHEMAS,
    boilerplate,
    cues,
    load_table,
    months,
    table,
    table_names,
    weekdays,
)
from marsad.lexicon.patterns import alternation, fold_pattern, word_alternation
from marsad.lexicon.schemas import BOILERPLATE_KINDS
from marsad.text.clean import REASONS
from marsad.text.normalize import fold

GREGORIAN_REGIONS = ("egypt_gulf", "levant_iraq", "maghreb", "morocco", "mauritania")

# --- every table ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_table_loads_and_every_row_validates(name: str) -> None:
    t = table(name)
    assert t.header.source and t.header.version and t.header.description
    assert t.rows, f"{name} has no rows"
    schema = SCHEMAS[name]
    for row in t.rows:
        assert set(row) == {c.name for c in schema.columns}
        for col in schema.columns:
            v = row[col.name]
            if v is None:
                assert not col.required, row.where()
                continue
            if col.kind == "int":
                assert isinstance(v, int), row.where()
                assert col.low is None or v >= col.low
                assert col.high is None or v <= col.high
            else:
                assert isinstance(v, str) and v == v.strip(), row.where()
                assert col.choices is None or v in col.choices, row.where()
                assert col.pattern is None or re.fullmatch(col.pattern, v), row.where()
        assert schema.check is None or schema.check(row) is None, row.where()


def test_table_names_and_caching() -> None:
    assert set(table_names()) >= {"months", "weekdays", "boilerplate"}
    assert load_table("months") is load_table("months")  # cached: one parse per process
    assert months() is months()


def test_unknown_table_is_a_lexicon_error() -> None:
    with pytest.raises(LexiconError, match="unknown data table 'nope'"):
        load_table("nope")


def test_rows_know_where_they_came_from() -> None:
    row = load_table("weekdays")[0]
    assert row.file == "weekdays.tsv" and row.line > 1
    assert row.where() == f"weekdays.tsv:{row.line}"
    assert dict(row)["iso"] == row["iso"]


# --- months ----------------------------------------------------------------------------

EGYPT_GULF = "يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر نوفمبر ديسمبر"
LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MAGHREB = "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر"
MOROCCO = "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر"
HIJRI = {
    "محرم": 1,
    "صفر": 2,
    "ربيع الأول": 3,
    "ربيع الاول": 3,
    "ربيع أول": 3,
    "ربيع الثاني": 4,
    "ربيع الآخر": 4,
    "جمادى الأولى": 5,
    "جمادى الآخرة": 6,
    "جمادى الثانية": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعدة": 11,
    "ذي القعدة": 11,
    "ذو الحجة": 12,
    "ذي الحجة": 12,
}


def _names(calendar: str, region: str | None = None) -> dict[str, int]:
    return {m.name: m.number for m in months() if m.calendar == calendar and (region is None or m.region == region)}


@pytest.mark.parametrize("region", GREGORIAN_REGIONS)
def test_each_regional_set_has_all_twelve_months(region: str) -> None:
    got = _names("gregorian", region)
    assert set(got.values()) == set(range(1, 13))
    standard = [m for m in months() if m.region == region and m.form == "standard"]
    assert sorted(m.number for m in standard) == list(range(1, 13))  # one standard name per month


def test_the_hijri_months_are_all_there() -> None:
    got = _names("hijri")
    assert set(got.values()) == set(range(1, 13))
    for name, number in HIJRI.items():
        assert got.get(name) == number, name
    assert {m.region for m in months() if m.calendar == "hijri"} == {"all"}


@pytest.mark.parametrize(
    ("region", "names"),
    [
        ("egypt_gulf", EGYPT_GULF.split()),
        ("levant_iraq", LEVANT),
        ("maghreb", MAGHREB.split()),
        ("morocco", MOROCCO.split()),
    ],
)
def test_regional_month_names(region: str, names: list[str]) -> None:
    got = _names("gregorian", region)
    missing = [n for n in names if n not in got]
    assert not missing
    if len(names) == 12:
        assert [got[n] for n in names] == list(range(1, 13))


def test_folded_month_names_never_disagree() -> None:
    """Matching folds hamza, alef maqsura, taa marbuta: two rows that fold to the same text
    must name the same month of the same calendar."""
    seen: dict[str, tuple[str, int]] = {}
    for m in months():
        key = " ".join(fold(m.name).split())
        if key in seen:
            assert seen[key] == (m.calendar, m.number), (m.name, seen[key])
        seen[key] = (m.calendar, m.number)


def test_cldr_rows_match_babel() -> None:
    """Rows marked source=cldr are CLDR's month / weekday names for their region."""
    babel = pytest.importorskip("babel")
    locales = {
        "egypt_gulf": ["ar_EG", "ar_SA"],
        "levant_iraq": ["ar_SY", "ar_LB", "ar_IQ", "ar_JO"],
        "maghreb": ["ar_DZ", "ar_TN"],
        "morocco": ["ar_MA"],
        "mauritania": ["ar_MR"],
    }
    for m in months():
        if m.source != "cldr":
            continue
        names = {babel.Locale.parse(loc).months["format"]["wide"][m.number] for loc in locales[m.region]}
        assert m.name in names, (m.name, m.region, names)
    ar = babel.Locale.parse("ar")
    for w in weekdays():
        if w.source == "cldr":
            assert ar.days["format"]["wide"][w.iso - 1] == w.name  # babel: Monday = 0


# --- weekdays -----------------------------------------------------------------------


def test_weekdays_have_iso_numbers() -> None:
    got = {w.name: w.iso for w in weekdays()}
    expected = {"الاثنين": 1, "الثلاثاء": 2, "الأربعاء": 3, "الخميس": 4, "الجمعة": 5, "السبت": 6, "الأحد": 7}
    for name, iso in expected.items():
        assert got[name] == iso
    assert got["الإثنين"] == 1 and got["الاحد"] == 7
    assert sorted(w.iso for w in weekdays() if w.form == "standard") == list(range(1, 8))


# --- boilerplate ----------------------------------------------------------------------


def test_boilerplate_roles_are_reasons_or_helpers() -> None:
    roles = {c.role for c in boilerplate()}
    assert roles == set(BOILERPLATE_KINDS)
    helpers = {"wire", "dateline"}  # wire markers keep lines; dateline words read dates
    assert roles - helpers <= set(REASONS)
    for role, kinds in BOILERPLATE_KINDS.items():
        assert any(cues(role, k) for k in kinds), f"no cue for role {role}"


def test_boilerplate_holds_the_cues_the_cleaner_needs() -> None:
    assert "رئيس التحرير" in cues("masthead", "line")
    assert "رئيس مجلسي الإدارة والتحرير" in cues("masthead", "line")
    assert "الأخبار" in cues("section", "line")
    assert {"بوابة", "جريدة", "صحيفة", "موقع", "اليوم", "نيوز"} <= set(cues("outlet", "word"))
    read_also = set(cues("read_also", "prefix"))
    assert {"اقرأ أيضا", "شاهد أيضا", "طالع أيضا", "اقرأ المزيد"} <= read_also
    assert "google news" in cues("social", "contains")
    assert {"ص", "صـ"} <= set(cues("dateline", "am")) and {"م", "مـ"} <= set(cues("dateline", "pm"))
    assert "واس" in cues("wire", "marker")


# --- patterns built from data -------------------------------------------------------------


def test_fold_pattern_matches_every_spelling_that_folds_alike() -> None:
    pat = re.compile(fold_pattern("أبريل"))
    for spelling in ("أبريل", "إبريل", "ابريل", "أَبْرِيل", "أبريـل"):
        assert pat.fullmatch(spelling), spelling
    assert re.fullmatch(fold_pattern("ذو القعدة"), "ذو  القعده")
    assert re.fullmatch(fold_pattern("2024"), "٢٠٢٤") and re.fullmatch(fold_pattern("2024"), "۲۰۲۴")


def test_alternation_prefers_the_longest_name() -> None:
    pat = re.compile(alternation(["ربيع", "ربيع الأول"]))
    assert pat.match("ربيع الأول 1446").group(0) == "ربيع الأول"
    words = re.compile(word_alternation(["ماي"]))
    assert words.search("10 ماي 2024") and not words.search("10 مايو 2024")


# --- malformed files ----------------------------------------------------------------

GOOD_MONTHS = "\n".join(
    [
        "# source: test",
        "# version: 1",
        "# A tiny months table.",
        "name\tnumber\tcalendar\tregion\tform\tsource\tnote",
        "يناير\t1\tgregorian\tegypt_gulf\tstandard\tcldr\t",
        "",
    ]
)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "months.tsv"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_good_file_loads_from_a_path(tmp_path: Path) -> None:
    rows = load_table("months", path=_write(tmp_path, GOOD_MONTHS))
    assert len(rows) == 1 and rows[0]["number"] == 1 and rows[0]["note"] is None
    assert rows[0].line == 5


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        ("فبراير\t13\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'number': expected an integer 1\.\.12, got 13"),
        ("فبراير\ttwo\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'number': expected an integer"),
        ("فبراير\t2\tjulian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'calendar': expected one of gregorian, hijri, got 'julian'"),
        ("February\t2\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'name': expected text matching"),
        ("\t2\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'name' is required"),
        ("فبراير\t2\tgregorian\tegypt_gulf\tstandard\tcldr\t\textra", r"months\.tsv:6: expected 7 tab-separated cells"),
        ("يناير\t1\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: duplicate name/calendar/region .* \(first at line 5\)"),
        ("رجب\t7\thijri\tlevant_iraq\tstandard\tcurated\t", r"months\.tsv:6: a Hijri month has region 'all'"),
        ("فبراير \t2\tgregorian\tegypt_gulf\tstandard\tcldr\t", r"months\.tsv:6: column 'name': value .* leading or trailing spaces"),
    ],
)
def test_a_malformed_row_names_file_line_and_expectation(tmp_path: Path, bad_row: str, expected: str) -> None:
    p = _write(tmp_path, GOOD_MONTHS + bad_row + "\n")
    with pytest.raises(LexiconError, match=expected):
        load_table("months", path=p)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_MONTHS.replace("# source: test\n", ""), r"months\.tsv:1: missing '# source: \.\.\.'"),
        (GOOD_MONTHS.replace("# version: 1\n", ""), r"months\.tsv:1: missing '# version: \.\.\.'"),
        (GOOD_MONTHS.replace("\tnote", "\tcomment"), r"months\.tsv:4: unknown column\(s\) 'comment'"),
        (GOOD_MONTHS.replace("\tregion", ""), r"months\.tsv:4: missing required column\(s\): region"),
        ("# source: x\n# version: 1\n", r"months\.tsv:2: no header row"),
        ("# source: x\n# version: 1\nname\tnumber\tcalendar\tregion\tform\tsource\n", r"months\.tsv:3: the table has a header but no rows"),
    ],
)
def test_a_malformed_header_is_reported(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(LexiconError, match=expected):
        load_table("months", path=_write(tmp_path, text))


def test_a_missing_or_undecodable_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no such data file"):
        load_table("months", path=tmp_path / "absent.tsv")
    p = tmp_path / "months.tsv"
    p.write_bytes(b"# source: x\n# version: 1\nname\n\xff\xfe\n")
    with pytest.raises(LexiconError, match="not valid UTF-8"):
        load_table("months", path=p)


def test_boilerplate_role_and_kind_must_agree(tmp_path: Path) -> None:
    p = tmp_path / "boilerplate.tsv"
    p.write_text("# source: x\n# version: 1\nrole\tkind\tcue\tnote\nsocial\tline\tتابعونا\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"boilerplate\.tsv:4: role 'social' takes kind prefix or contains, got 'line'"):
        load_table("boilerplate", path=p)


def test_comment_and_blank_lines_between_rows_are_skipped(tmp_path: Path) -> None:
    text = GOOD_MONTHS + "\n# Levantine\n\nشباط\t2\tgregorian\tlevant_iraq\tstandard\tcldr\tshort note\n"
    rows = load_table("months", path=_write(tmp_path, text))
    assert [r["name"] for r in rows] == ["يناير", "شباط"]
    assert rows[1]["note"] == "short note" and rows[1].line == 9
