"""Schemas of the data files in ``marsad/data/`` — one :class:`Schema` per file.

Adding a data file = writing ``marsad/data/<name>.tsv`` (with ``# source:`` and ``# version:``
lines) and declaring its schema here; :func:`marsad.lexicon.load_table` then loads and
validates it, and ``tests/unit/test_lexicon.py`` validates every row of every table listed.
"""

from __future__ import annotations

from .loader import Column, Row, Schema

# Arabic letters (hamza forms, alef maqsura, taa marbuta ...) and single spaces between words.
ARABIC_WORDS = r"[\u0621-\u063a\u0641-\u064a\u0670\u0671]+(?: [\u0621-\u063a\u0641-\u064a\u0670\u0671]+)*"

MONTH_REGIONS = ("egypt_gulf", "levant_iraq", "maghreb", "morocco", "mauritania", "all")


def _check_month(row: Row) -> str | None:
    if row["calendar"] == "hijri" and row["region"] != "all":
        return f"a Hijri month has region 'all', got {row['region']!r}"
    if row["calendar"] == "gregorian" and row["region"] == "all":
        return "a Gregorian month names its region (egypt_gulf, levant_iraq, maghreb, morocco, mauritania)"
    return None


MONTHS = Schema(
    name="months",
    description="Month names: Gregorian in every regional set, and the 12 Hijri months.",
    columns=(
        Column("name", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("number", kind="int", low=1, high=12),
        Column("calendar", choices=("gregorian", "hijri")),
        Column("region", choices=MONTH_REGIONS),
        Column("form", choices=("standard", "variant"), help="standard = the CLDR / usual spelling"),
        Column("source", choices=("cldr", "curated")),
        Column("note", required=False),
    ),
    unique=("name", "calendar", "region"),
    check=_check_month,
)

WEEKDAYS = Schema(
    name="weekdays",
    description="Weekday names with ISO weekday numbers (Monday = 1 ... Sunday = 7).",
    columns=(
        Column("name", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("iso", kind="int", low=1, high=7),
        Column("form", choices=("standard", "variant")),
        Column("source", choices=("cldr", "curated")),
        Column("note", required=False),
    ),
    unique=("name",),
)

# Which kinds of cue each role may use (see marsad/data/boilerplate.tsv for their meaning).
BOILERPLATE_KINDS: dict[str, tuple[str, ...]] = {
    "outlet": ("word", "tagline"),
    "masthead": ("line",),
    "dateline": ("label", "filler", "am", "pm", "hijri_era", "gregorian_era"),
    "section": ("line", "nav"),
    "caption": ("prefix",),
    "read_also": ("prefix", "line"),
    "social": ("prefix", "contains"),
    "credit": ("line", "prefix"),
    "byline": ("prefix",),
    "end_marker": ("line",),
    "tags": ("prefix",),
    "wire": ("marker",),
}


def _check_cue(row: Row) -> str | None:
    role, kind = row["role"], row["kind"]
    allowed = BOILERPLATE_KINDS[str(role)]
    if kind not in allowed:
        return f"role {role!r} takes kind {' or '.join(allowed)}, got {kind!r}"
    return None


BOILERPLATE = Schema(
    name="boilerplate",
    description="Cue phrases that mark page-furniture lines (matched on fold()ed text).",
    columns=(
        Column("role", choices=tuple(BOILERPLATE_KINDS)),
        Column(
            "kind",
            choices=tuple(sorted({k for ks in BOILERPLATE_KINDS.values() for k in ks})),
        ),
        Column("cue", pattern=r"[^\t]*[^\W_][^\t]*", help="at least one letter or digit"),
        Column("note", required=False),
    ),
    unique=("role", "kind", "cue"),
    check=_check_cue,
)

SCHEMAS: dict[str, Schema] = {s.name: s for s in (MONTHS, WEEKDAYS, BOILERPLATE)}
