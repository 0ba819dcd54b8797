"""Schemas of the data files in ``marsad/data/`` — one :class:`Schema` per file.

Adding a data file = writing ``marsad/data/<name>.tsv`` (with ``# source:`` and ``# version:``
lines) and declaring its schema here; :func:`marsad.lexicon.load_table` then loads and
validates it, and ``tests/unit/test_lexicon.py`` validates every row of every table listed.
"""

from __future__ import annotations

import re

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


# --- places: countries, demonyms, cities, international organisations (marsad.extract.places) ---

ISO3 = r"[A-Z]{3}"
IGO_CODE = r"IGO[A-Z]{3,9}"
# A place name: Arabic words separated by single spaces (a hyphen joins parts of some names).
PLACE_NAME = r"[\u0621-\u063a\u0641-\u064a\u0670\u0671]+(?:[ -][\u0621-\u063a\u0641-\u064a\u0670\u0671]+)*"
PLACE_MATCH = ("word", "cue", "never")  # always | only after a cue word | never on its own

COUNTRIES_GENERATED = Schema(
    name="countries.generated",
    description="Arabic country names generated from CLDR and iso-codes (scripts/gen_countries.py).",
    columns=(
        Column("iso3", pattern=ISO3),
        Column("iso2", pattern=r"[A-Z]{2}"),
        Column("name", pattern=r"[^\t]+"),
        Column("form", choices=("short", "official")),
        Column("source", choices=("cldr", "iso-codes")),
    ),
    unique=("iso3", "name"),
)

COUNTRIES = Schema(
    name="countries",
    description="Every place code marsad knows: canonical Arabic name and UN status.",
    columns=(
        Column("iso3", pattern=ISO3),
        Column("name", pattern=PLACE_NAME, help="the canonical Arabic short name"),
        Column("status", choices=("member", "observer", "partial", "territory")),
        Column("note", required=False),
    ),
    unique=("iso3",),
)

COUNTRY_NAMES = Schema(
    name="country_names",
    description="Hand-curated spellings of country names (variants, official and informal names).",
    columns=(
        Column("name", pattern=PLACE_NAME),
        Column("iso3", pattern=ISO3),
        Column("form", choices=("variant", "official", "informal")),
        Column("match", choices=PLACE_MATCH),
        Column("note", required=False),
    ),
    unique=("name", "iso3"),
)

DEMONYMS = Schema(
    name="demonyms",
    description="Demonyms (nisba adjectives) per country; 'nisba' rows are inflected by rule.",
    columns=(
        Column("word", pattern=PLACE_NAME, help="masculine singular without ال for nisba rows"),
        Column("iso3", pattern=rf"{ISO3}|{IGO_CODE}"),
        Column("inflect", choices=("nisba", "fixed")),
        Column("match", choices=PLACE_MATCH),
        Column("note", required=False),
    ),
    unique=("word", "iso3"),
)

CITIES = Schema(
    name="cities",
    description="Capitals, major cities and regions, mapped to their country.",
    columns=(
        Column("name", pattern=PLACE_NAME),
        Column("iso3", pattern=ISO3),
        Column("kind", choices=("capital", "city", "region")),
        Column("alt", required=False, pattern=ISO3, help="another country the same name can mean"),
        Column("match", choices=PLACE_MATCH),
        Column("note", required=False),
    ),
    unique=("name", "iso3"),
)

IGOS = Schema(
    name="igos",
    description="International organisations (CAMEO codes) and their bodies, with Arabic names.",
    columns=(
        Column("name", pattern=r"[^\t]*[^\W_][^\t]*"),
        Column("code", pattern=IGO_CODE),
        Column("form", choices=("canonical", "variant", "abbreviation", "body", "adjective")),
        Column("parent", required=False, pattern=IGO_CODE),
        Column("match", choices=PLACE_MATCH),
        Column("note", required=False),
    ),
    unique=("name", "code"),
)

PLACE_CONTEXT = Schema(
    name="place_context",
    description="Context words for place matching: stop phrases, cue words, person-name markers, particles.",
    columns=(
        Column("kind", choices=("stop", "cue", "person_before", "person_after", "particle", "city_cue", "not_city_before", "common", "exclude")),
        Column("phrase", pattern=PLACE_NAME),
        Column("note", required=False),
    ),
    unique=("kind", "phrase"),
)

GAZETTEER = Schema(
    name="gazetteer.generated",
    description="GeoNames cities (15,000+ inhabitants) with Arabic names and coordinates, and one point per country (scripts/gen_gazetteer.py).",
    columns=(
        Column("kind", choices=("city", "country")),
        Column("geonameid", required=False, kind="int", low=1, high=99_999_999),
        Column("name"),
        Column("iso3", pattern=ISO3),
        Column("lat", pattern=r"-?\d{1,2}\.\d{4}"),
        Column("lon", pattern=r"-?\d{1,3}\.\d{4}"),
        Column("population", kind="int", low=0, high=10_000_000_000),
        Column("arabic", required=False, pattern=r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*(?:\|[\u0621-\u064a]+(?: [\u0621-\u064a]+)*)*"),
        Column("lang", required=False, choices=("ar",)),
    ),
    check=lambda row: None if (row["kind"] == "city") == (row["arabic"] is not None) else "a city row lists Arabic names; a country row none",

)

COUNTRY_NAMES_EN = Schema(
    name="country_names_en",
    description="The English short name of a state (the dashboard's English labels).",
    columns=(
        Column("iso3", pattern=ISO3),
        Column("name_en", pattern=r"[A-Za-z][A-Za-z .'-]*"),
    ),
    unique=("iso3",),
)

SCHEMAS.update(
    {s.name: s for s in (COUNTRIES_GENERATED, COUNTRIES, COUNTRY_NAMES, DEMONYMS, CITIES, IGOS, PLACE_CONTEXT,
                         GAZETTEER, COUNTRY_NAMES_EN)}
)


# --- actors and persons: titles, honorifics, names (marsad.extract.actors / persons) ---

#: CAMEO role codes (manual 1.1b3 Table 3.1, plus IGO and the PLOVER/Phoenix REL/NGO sectors).
ROLES = (
    "GOV", "COP", "MIL", "JUD", "LEG", "SPY", "IGO", "ELI", "BUS", "MED", "REL", "EDU", "OPP",
    "REB", "INS", "SEP", "UAF", "AGR", "CRM", "CVL", "DEV", "ENV", "HLH", "HRI", "LAB", "REF",
    "NGO", "PTY", "MNC",
)
#: What :func:`marsad.model.actor_side` may give besides a state or an IGO: a CAMEO role, or IMG
#: (a transnational militant group).
ACTOR_TYPES = (*ROLES, "IMG")

ACTOR_TYPE_NAMES = Schema(
    name="actor_types",
    description="The Arabic and English name of an actor type that stands as a party of its own "
                "(a non-state actor of no known country): the dashboard's and the API's labels.",
    columns=(
        Column("code", choices=ACTOR_TYPES),
        Column("name_ar", pattern=r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*"),
        Column("name_en", pattern=r"[A-Z][A-Za-z -]*"),
    ),
    unique=("code",),
)
TITLE_KINDS = ("office", "office_head", "modifier", "institution", "institution_head", "side", "adjective")
# Arabic words (any letters of the Arabic block, hamza forms included), single spaces.
ARABIC_PHRASE = r"[\u0621-\u064a\u0670\u0671]+(?: [\u0621-\u064a\u0670\u0671]+)*"


def _check_title(row: Row) -> str | None:
    kind = row["kind"]
    if kind in ("office", "office_head") and row["role"] is None:
        return f"an {kind} needs a role"
    if kind == "adjective" and row["complement"] != "none":
        return "an adjective takes complement 'none'"
    if row["role2"] is not None and row["role"] is None:
        return "role2 without role"
    return None


TITLES = Schema(
    name="titles",
    description="Offices, titles and institutions with CAMEO roles and ranks.",
    columns=(
        Column("title", pattern=ARABIC_PHRASE, help="Arabic words, single spaces"),
        Column("kind", choices=TITLE_KINDS),
        Column("role", required=False, choices=ROLES),
        Column("role2", required=False, choices=ROLES),
        Column("rank", required=False, kind="int", low=1, high=9),
        Column("country", required=False, pattern=r"[A-Z]{3}|IGO[A-Z]{3,9}"),
        Column("complement", choices=("none", "open", "place", "qualifier")),
        Column("inherit", required=False, choices=("yes",), help="the role of an institution in the complement replaces this role"),
        Column("note", required=False),
    ),
    unique=("title",),
    check=_check_title,
)

HONORIFICS = Schema(
    name="honorifics",
    description="Ranks, honorifics and forms of address that stand before a name (never part of it).",
    columns=(
        Column("word", pattern=ARABIC_PHRASE),
        Column("kind", choices=("military", "police", "diplomatic", "academic", "professional", "courtesy", "royal", "religious", "judicial", "party")),
        Column("office", required=False, pattern=ARABIC_PHRASE, help="a title in titles.tsv"),
        Column("role", required=False, choices=ROLES),
        Column("note", required=False),
    ),
    unique=("word",),
)

NAME_PARTICLES = Schema(
    name="name_particles",
    description="Words inside a personal name that are not names (بن، أبو، آل، عبد، دي ...).",
    columns=(
        Column("particle", pattern=r"[\u0621-\u064a]+"),
        Column("kind", choices=("nasab", "kunya", "family", "theophoric", "foreign", "compound")),
        Column("key", choices=("drop", "glue", "attach", "keep")),
        Column("note", required=False),
    ),
    unique=("particle",),
)

GIVEN_NAMES = Schema(
    name="given_names",
    description="Common Arabic given names (name starts; exempt from the foreign-name fold).",
    columns=(
        Column("name", pattern=r"[\u0621-\u064a]+"),
        Column("gender", choices=("m", "f")),
        Column("note", required=False),
    ),
    unique=("name",),
)

NAME_STOPS = Schema(
    name="name_stops",
    description="Words that are never part of a personal name (function words, news verbs and nouns).",
    columns=(
        Column("word", pattern=r"[\u0621-\u064a]+"),
        Column("kind", choices=("preposition", "conjunction", "relative", "particle", "pronoun", "demonstrative", "time", "number", "noun", "participle", "eponym", "verb_past", "verb_present")),
        Column("note", required=False),
    ),
    unique=("word",),
)

COREFERENCE = Schema(
    name="coreference",
    description="Anaphoric references to a person or side named elsewhere in the document.",
    columns=(
        Column("phrase", pattern=ARABIC_PHRASE),
        Column("kind", choices=("pronoun", "counterpart", "guest", "turn")),
        Column("gender", choices=("m", "f", "p")),
        Column("note", required=False),
    ),
    unique=("phrase",),
)

HOME_CUES = Schema(
    name="home_cues",
    description="Wire-agency markers and outlets that point to a document's home country.",
    columns=(
        Column("cue", pattern=r"[^\t]*[^\W_][^\t]*"),
        Column("kind", choices=("wire", "outlet", "visit")),
        Column("country", required=False, pattern=r"[A-Z]{3}"),
        Column("note", required=False),
    ),
    unique=("cue", "kind"),
    check=lambda row: None if (row["country"] is None) == (row["kind"] == "visit") else "wire and outlet cues name a country; visit cues do not",
)

#: Kinds of groups.tsv rows: a generic noun (مسلحون، المتظاهرين) or a named group of one kind.
GROUP_KINDS = ("noun", "armed", "movement", "party", "ngo", "company")
#: Roles that are never the state's own: a title of titles.tsv with one of them (حزب ...) does not
#: take the document's home country either (groups.tsv rows never do, whatever their role).
NONSTATE_ROLES = ("INS", "REB", "SEP", "UAF", "OPP", "PTY", "CVL", "REF", "CRM", "NGO")


def _check_group(row: Row) -> str | None:
    if row["kind"] == "noun" and (row["country"] is not None or row["code"] is not None):
        return "a generic noun takes its country from the text: no country or code"
    if row["inherit"] is not None and row["complement"] != "open":
        return "inherit needs complement 'open'"
    return None


GROUPS = Schema(
    name="groups",
    description="Non-state actors: group nouns and named groups, movements, parties, organisations, companies.",
    columns=(
        Column("phrase", pattern=ARABIC_PHRASE, help="Arabic words, single spaces"),
        Column("role", choices=ROLES),
        Column("country", required=False, pattern=r"[A-Z]{3}"),
        Column("kind", choices=GROUP_KINDS),
        Column("code", required=False, pattern=r"[A-Z]{3,12}"),
        Column("complement", choices=("none", "open", "qualifier")),
        Column("inherit", required=False, choices=("yes",)),
        Column("note", required=False),
    ),
    unique=("phrase",),
    check=_check_group,
)

_DAY = r"\d{4}-\d{2}-\d{2}"


def _check_actor(row: Row) -> str | None:
    if row["first_seen"] is not None and row["last_seen"] is not None and str(row["first_seen"]) > str(row["last_seen"]):
        return "first_seen after last_seen"
    if (row["source"] == "learned") != (row["docs"] is not None):
        return "a learned entry gives its document count; a curated one none"
    return None


def _actor_schema(name: str, description: str) -> Schema:
    return Schema(
        name=name,
        description=description,
        columns=(
            Column("key", help="cross-document person key (marsad.extract.persons.person_key)"),
            Column("name", pattern=r"[^\t|]+"),
            Column("variants", required=False, help="spellings, |-separated"),
            Column("title", required=False),
            Column("role", required=False, choices=ROLES),
            Column("country", pattern=r"[A-Z]{3}|IGO[A-Z]{3,9}", help="ISO-3 or CAMEO IGO code"),
            Column("first_seen", required=False, pattern=_DAY),
            Column("last_seen", required=False, pattern=_DAY),
            Column("source", choices=("curated", "learned")),
            Column("docs", required=False, kind="int", low=1, high=10_000_000),
            Column("outlets", required=False),
        ),
        unique=("key",),
        check=_check_actor,
    )


ACTORS = _actor_schema("actors", "Actor dictionary, curated: persons with spellings, office, affiliation and validity window.")
ACTORS_LEARNED = _actor_schema("actors.learned", "Actor dictionary learned from an archive by `marsad actors learn` (never edit by hand).")

#: How a state_refs.tsv row finds its state: ``home`` the document's home country when it is one
#: of the candidates, else the country the text is about when it is one of them; ``theatre`` the
#: leader named for the country the text is about (``YEM:SAU``); ``fixed`` the one country given;
#: ``nisba`` an adjective of a group after a definite noun (الهجوم الحوثي).
#: ``seat`` a city other than the capital whose name stands for a government (تل أبيب).
STATE_REF_KINDS = ("home", "theatre", "fixed", "nisba", "seat")
_THEATRE = r"[A-Z]{3}:[A-Z]{3}(?: [A-Z]{3}:[A-Z]{3})*"


def _check_state_ref(row: Row) -> str | None:
    countries = row["countries"] or ""
    kind = row["kind"]
    if kind == "theatre" and not re.fullmatch(_THEATRE, countries):
        return "a theatre row gives THEATRE:LEADER pairs (YEM:SAU SYR:USA)"
    if kind in ("home", "fixed", "seat") and not re.fullmatch(r"[A-Z]{3}(?: [A-Z]{3})*", countries):
        return "a home, fixed or seat row gives ISO-3 codes, space-separated"
    if kind in ("fixed", "seat") and len(countries.split()) != 1:
        return "a fixed or seat row gives exactly one country"
    if kind == "nisba" and not (countries or row["code"]):
        return "a nisba row gives its group's country or code"
    return None


STATE_REFS = Schema(
    name="state_refs",
    description="States the text refers to without naming them: deictic nicknames, coalitions by theatre, nisba adjectives of groups.",
    columns=(
        Column("phrase", pattern=ARABIC_PHRASE, help="Arabic words, single spaces (matched after fold())"),
        Column("kind", choices=STATE_REF_KINDS),
        Column("role", required=False, choices=ROLES),
        Column("countries", required=False, pattern=r"[A-Z: ]+"),
        Column("code", required=False, pattern=r"[A-Z]{3,12}"),
        Column("note", required=False),
    ),
    unique=("phrase",),
    check=_check_state_ref,
)

SCHEMAS.update({s.name: s for s in (ACTOR_TYPE_NAMES, TITLES, HONORIFICS, NAME_PARTICLES, GIVEN_NAMES, NAME_STOPS, COREFERENCE, HOME_CUES, GROUPS, ACTORS, ACTORS_LEARNED, STATE_REFS)})


# --- dates: relative expressions, context words and number words (marsad.extract.dates) ---

DATE_WORD_KINDS = (
    "day",
    "direction",
    "this",
    "unit",
    "anchor",
    "approx",
    "part",
    "daypart",
    "year_cue",
    "years_cue",
    "month_cue",
    "prep",
    "label",
    "year_follow",
    "not_today_before",
    "not_today_after",
    "not_weekday_before",
    "not_ordinal_before",
    "few",
    "future",
    "named_event_before",
    "nth_before",
    "nth_after",
)


def _check_date_word(row: Row) -> str | None:
    kind, value, unit = row["kind"], row["value"], row["unit"]
    if kind in ("day", "direction", "unit", "anchor", "part") and value is None:
        return f"a {kind!r} row needs a value"
    if (kind == "unit") != (unit is not None):
        return "'unit' rows (and only they) name their unit (day, week, month, year, decade)"
    if kind == "unit" and value not in (0, 1, 2):
        return f"a unit's value is 1 (singular), 2 (dual) or 0 (plural), got {value}"
    return None


DATE_WORDS = Schema(
    name="date_words",
    description="Words of relative date expressions and the context words that decide what is a date.",
    columns=(
        Column("phrase", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("kind", choices=DATE_WORD_KINDS),
        Column("value", required=False, kind="int", low=-10, high=10),
        Column("unit", required=False, choices=("minute", "hour", "day", "week", "month", "year", "decade")),
        Column("note", required=False),
    ),
    unique=("phrase", "kind"),
    check=_check_date_word,
)

NUMBER_WORDS = Schema(
    name="number_words",
    description="Cardinal counts, vague counts and ordinal day numbers written as words.",
    columns=(
        Column("word", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("value", kind="int", low=0, high=100),
        Column("kind", choices=("cardinal", "ordinal", "vague")),
        Column("note", required=False),
    ),
    unique=("word", "kind"),
    check=lambda row: (
        "an ordinal day is 1..31" if row["kind"] == "ordinal" and not 1 <= int(row["value"]) <= 31  # type: ignore[arg-type]
        else "a vague count has value 0" if (row["kind"] == "vague") != (row["value"] == 0)
        else None
    ),
)

FEASTS = Schema(
    name="feasts",
    description="Islamic feasts and holy days: the Hijri month and day they start on, and how many days they last.",
    columns=(
        Column("name", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("month", kind="int", low=1, high=12),
        Column("day", kind="int", low=1, high=30),
        Column("days", kind="int", low=1, high=10),
        Column("note", required=False),
    ),
    unique=("name",),
)

TIME_LABELS = ("dawn", "morning", "noon", "afternoon", "evening", "night")


def _check_time_word(row: Row) -> str | None:
    kind, value, label = row["kind"], row["value"], row["label"]
    if kind in ("hour", "fraction") and value is None:
        return f"a {kind!r} row needs a value"
    if kind == "hour" and not 1 <= int(value) <= 12:  # type: ignore[arg-type]
        return "an hour is 1..12"
    if (kind in ("period", "daypart")) != (label is not None):
        return "'period' and 'daypart' rows (and only they) have a label"
    return None


TIME_WORDS = Schema(
    name="time_words",
    description="Clock times and parts of the day: what a time of day is made of.",
    columns=(
        Column("phrase", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("kind", choices=("clock_cue", "clock_lead", "hour", "fraction", "period", "daypart")),
        Column("value", required=False, kind="int", low=-30, high=30),
        Column("label", required=False, choices=TIME_LABELS),
        Column("note", required=False),
    ),
    unique=("phrase", "kind"),
    check=_check_time_word,
)

TIMING_WORDS = Schema(
    name="timing_words",
    description="The words the event coder reads a clause's own time expression with.",
    columns=(
        Column("phrase", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("kind", choices=("complementizer", "during", "modifier", "sequence")),
        Column("note", required=False),
    ),
    unique=("phrase", "kind"),
)

OUTLETS = Schema(
    name="outlets",
    description="What kind of edition an outlet publishes (a morning daily reports the previous day).",
    columns=(
        Column("outlet"),
        Column("edition", choices=("morning_daily", "online", "agency")),
        Column("note", required=False),
    ),
    unique=("outlet",),
)

SCHEMAS.update({s.name: s for s in (DATE_WORDS, NUMBER_WORDS, FEASTS, TIME_WORDS, TIMING_WORDS, OUTLETS)})


# --- event coding: CAMEO codes, PLOVER mapping, triggers, modality, topics -----------------
# (marsad/lexicon/events.py reads these tables; docs/EVENT_CODING.md explains the decisions)

CAMEO_CODE = r"(?:0[1-9]|1[0-9]|20)[0-9]{0,2}"  # 2-4 digits, root 01..20, leading zero kept
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # PLOVER manual v2.0, 16 types
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # PLOVER manual: quad category per type (SANCTION: material conflict, per its own section)
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"),
    "ASSAULT": (
        "abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive", "firearms",
        "explosives", "suicide-attack", "heavy-weapons", "cleansing", "massacre", "unconventional", "sideAB",
    ),
}  # PLOVER manual mode tables (AGREE, SUPPORT, CONCEDE, COOPERATE, AID have no modes)
PLOVER_CONTEXTS = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights", "rights_freedoms",
    "repression", "human_security", "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic",
    "territory", "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource",
    "environment", "technology", "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption",
    "illegal_drugs", "trafficking",
)  # PLOVER manual v2.0 general contexts; marsad extensions are written "marsad:<name>"
CONTEXT_NAME = r"(?:[a-z_]+|marsad:[a-z_]+)"
YES_NO = ("yes", "no")


def _check_cameo_event(row: Row) -> str | None:
    code, root = str(row["code"]), str(row["root"])
    if code[:2] != root:
        return f"code {code!r} does not start with its root {root!r}"
    g = float(str(row["goldstein"]))
    if not -10.0 <= g <= 10.0:
        return f"goldstein must be within -10.0..10.0, got {g}"
    expected_quad = 1 if int(root) <= 5 else 2 if int(root) <= 9 else 3 if int(root) <= 14 else 4
    if row["quad_class"] != expected_quad:
        return f"quad_class of root {root} is {expected_quad} (GDELT convention), got {row['quad_class']}"
    ptype, mode = row["plover_type"], row["plover_mode"]
    if mode is not None:
        allowed = PLOVER_MODES.get(str(ptype), ())
        if mode not in allowed:
            return f"PLOVER mode {mode!r} is not a mode of {ptype!r} (allowed: {', '.join(allowed) or 'none'})"
    for ctx in str(row["plover_context"] or "").split(";"):
        if ctx and not ctx.startswith("marsad:") and ctx not in PLOVER_CONTEXTS:
            return f"unknown PLOVER context {ctx!r} (PLOVER v2.0 names, or marsad:<name>)"
    if (row["plover_swap"] == "yes") and ptype is None:
        return "plover_swap needs a PLOVER type"
    return None


CAMEO_EVENTS = Schema(
    name="cameo_events",
    description="Every CAMEO event code with its name, Goldstein score, QuadClass and PLOVER mapping.",
    columns=(
        Column("code", pattern=CAMEO_CODE, help="2-4 digits, root 01..20, leading zero kept"),
        Column("name"),
        Column("root", pattern=r"0[1-9]|1[0-9]|20"),
        Column("goldstein", pattern=r"-?(?:10|[0-9])\.[0-9]", help="one decimal, -10.0..10.0"),
        Column("quad_class", kind="int", low=1, high=4),
        Column("plover_type", required=False, choices=PLOVER_TYPES),
        Column("plover_mode", required=False, pattern=r"[a-zA-Z-]+"),
        Column("plover_context", required=False, pattern=CONTEXT_NAME + r"(?:;" + CONTEXT_NAME + r")*"),
        Column("plover_swap", choices=YES_NO),
        Column("symmetric", choices=YES_NO),
        Column("needs_target", choices=YES_NO),
        Column("linked", required=False, pattern=CAMEO_CODE),
        Column("future_code", required=False, pattern=CAMEO_CODE),
        Column("note", required=False),
    ),
    unique=("code",),
    check=_check_cameo_event,
)

TRIGGER_KINDS = ("verb", "verbal_noun", "noun", "participle", "phrase", "frame", "block")
FRAME_SLOTS = (
    "subj", "obj", "gen", "poss", "place", "plural", "self", "speaker", "clause",
    "pp_ma", "pp_bi", "pp_ila", "pp_li", "pp_min", "pp_ala", "pp_an", "pp_bayn", "pp_lada", "pp_fi", "pp_didd", "none",
)
FRAME_ROLES = ("source", "target", "host", "visitor", "leader", "mediator", "signatory", "location")
_SLOT = "(?:" + "|".join(FRAME_SLOTS) + ")"
TRIGGER_FRAME = rf"(?:{_SLOT}>{_SLOT}|plural)(?:\|(?:{_SLOT}>{_SLOT}|plural))*"
CUE_FRAME = rf"(?:{'|'.join(FRAME_ROLES)})={_SLOT}(?:,(?:{'|'.join(FRAME_ROLES)})={_SLOT})*"
_AR = r"[\u0621-\u063a\u0641-\u064a\u0670\u0671]+"
_CUE = rf"<?{_AR}(?: {_AR})*"
CUE_LIST = rf"{_CUE}(?:\|{_CUE})*(?:;{_CUE}(?:\|{_CUE})*)*"
FORMS_SPEC = (
    rf"fixed|noun:{_AR}(?:/{_AR})*|sound:{_AR}/{_AR}|doubled:{_AR}/{_AR}|defective:{_AR}/{_AR}"
    rf"|hollow:{_AR}/{_AR}/{_AR}|list:{_AR}(?: {_AR})*(?:\|{_AR}(?: {_AR})*)*"
)


def _check_trigger(row: Row) -> str | None:
    import re

    kind, forms, frame = row["kind"], str(row["forms"]), str(row["frame"])
    verbal = forms.split(":", 1)[0] in ("sound", "doubled", "defective", "hollow")
    if verbal and kind not in ("verb", "frame"):
        return f"a conjugation class ({forms.split(':', 1)[0]}) needs kind 'verb' (or 'frame'), got {kind!r}"
    if kind == "verb" and not verbal and not forms.startswith("list:"):
        return "a verb gives its conjugation class (sound|hollow|defective|doubled) or an explicit list:"
    if row["aspect"] is not None and not verbal:
        return "'aspect' only restricts conjugated verbs"
    if row["participle"] is not None and not verbal:
        return "'participle' belongs to a conjugated verb"
    if kind == "block":
        if frame != "none>none" or row["requires"] is not None:
            return "a block row (words that are never triggers) has frame none>none and no requires"
    elif kind == "frame":
        if not re.fullmatch(CUE_FRAME, frame):
            return f"a frame cue's frame is role=slot[,role=slot], got {frame!r}"
    elif not re.fullmatch(TRIGGER_FRAME, frame):
        return f"a trigger's frame is source_slot>target_slot[|...] or 'plural', got {frame!r}"
    if row["requires"] is not None and row["window"] == 0:
        return "a row with 'requires' gives the window (words) to search, 1..15"
    return None


TRIGGERS = Schema(
    name="triggers",
    description="Arabic event triggers per CAMEO code: lemma, conjugation class, context cues, argument frame, priority.",
    columns=(
        Column("id", pattern=r"[0-9]{2,4}\.[a-z0-9_]+", help="code.slug, unique"),
        Column("code", pattern=CAMEO_CODE),
        Column("kind", choices=TRIGGER_KINDS),
        Column("lemma", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("forms", pattern=FORMS_SPEC, help="fixed | noun:S[/PL] | sound:P/I | hollow:P/S/I | defective:P/I | doubled:P/I | list:a|b"),
        Column("participle", required=False, pattern=_AR),
        Column("aspect", required=False, choices=("perf", "impf")),
        Column("requires", required=False, pattern=CUE_LIST, help="a|b;c|d = (a or b) and (c or d); <x = before"),
        Column("forbids", required=False, pattern=CUE_LIST.replace(";", "\\|"), help="a|<b: the adjacent words"),
        Column("window", kind="int", low=0, high=15),
        Column("frame", pattern=r"[a-z_>|=,]+"),
        Column("priority", kind="int", low=1, high=9),
        Column("note", required=False),
    ),
    unique=("id",),
    check=_check_trigger,
)

MODALITIES = ("planned", "negated", "cancelled", "conditional", "hypothetical", "historical")
MODALITY_EFFECTS = ("future_code", "drop", "flag", "keep")


def _check_modality(row: Row) -> str | None:
    if row["kind"] == "prefix" and row["position"] == "after":
        return "a prefix cue is attached to the trigger word or to a verb before it (position attached|before)"
    if row["position"] == "attached" and row["kind"] not in ("prefix", "suffix"):
        return "only prefix/suffix cues are attached to the trigger word"
    return None


MODALITY = Schema(
    name="modality",
    description="Cue phrases that change an event's modality (planned, negated, cancelled, conditional, hypothetical, historical).",
    columns=(
        Column("modality", choices=MODALITIES),
        Column("cue", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("kind", choices=("word", "phrase", "prefix", "suffix")),
        Column("position", choices=("before", "after", "attached")),
        Column("applies_to", choices=("any", "verb", "perf", "impf", "noun")),
        Column("scope", choices=("trigger", "clause", "sentence")),
        Column("window", kind="int", low=0, high=15),
        Column("effect", choices=MODALITY_EFFECTS),
        Column("forbids", required=False, pattern=CUE_LIST.replace(";", "\\|")),
        Column("note", required=False),
    ),
    unique=("modality", "cue", "position", "applies_to"),
    check=_check_modality,
)


def _check_topic(row: Row) -> str | None:
    ctx = str(row["context"])
    if not ctx.startswith("marsad:") and ctx not in PLOVER_CONTEXTS:
        return f"context {ctx!r} is neither a PLOVER v2.0 context nor a marsad:<name> extension"
    return None


TOPICS = Schema(
    name="topics",
    description="Topic cue phrases (PLOVER contexts, or marsad extensions) and the sub-codes they refine generic codes to.",
    columns=(
        Column("topic", pattern=r"[a-z_]+"),
        Column("context", pattern=CONTEXT_NAME),
        Column("cue", pattern=ARABIC_WORDS, help="Arabic letters, single spaces"),
        Column("refine", required=False, pattern=rf"{CAMEO_CODE}>{CAMEO_CODE}(?:;{CAMEO_CODE}>{CAMEO_CODE})*"),
        Column("note", required=False),
    ),
    unique=("topic", "cue"),
    check=_check_topic,
)

SCHEMAS.update({s.name: s for s in (CAMEO_EVENTS, TRIGGERS, MODALITY, TOPICS)})


# --- stories: function words left out of the compared word 3-grams (marsad.stories.minhash) ---

STOPWORDS = Schema(
    name="stopwords",
    description="Function words left out of the word 3-grams compared by near-duplicate detection.",
    columns=(
        Column("word", pattern=r"[\u0621-\u063a\u0641-\u064a]+", help="one Arabic word"),
        Column("kind", choices=("preposition", "conjunction", "particle", "pronoun", "relative", "demonstrative", "verb")),
        Column("note", required=False),
    ),
    unique=("word",),
)

SCHEMAS.update({STOPWORDS.name: STOPWORDS})


# --- event coder grammar: prepositions, relative pronouns, "both sides" words, saying verbs (marsad.extract.events) ---

EVENT_GRAMMAR_KINDS = ("prep", "pronoun_prep", "relative", "pair", "say", "impersonal", "selfref", "counterpart", "anchor", "break",
                       "skip", "verb", "quote", "itinerary", "abstract", "masculine", "undergo", "agent_noun", "perform", "agent",
                       "locative", "demonstrative", "temporal", "quantity", "occur", "delegates", "doer_noun")
EVENT_SLOTS = ("pp_ma", "pp_bi", "pp_ila", "pp_li", "pp_min", "pp_ala", "pp_an", "pp_bayn", "pp_lada", "pp_fi", "pp_didd", "-")


def _check_event_grammar(row: Row) -> str | None:
    kind, forms, value = row["kind"], str(row["forms"]), row["value"]
    if kind in ("prep", "pronoun_prep") and value not in EVENT_SLOTS:
        return f"a prep row names the slot it opens ({', '.join(EVENT_SLOTS)}), got {value!r}"
    if kind not in ("prep", "pronoun_prep") and value is not None:
        return f"only prep rows have a value, got {value!r}"
    if forms == "clitic" and (kind != "prep" or len(str(row["phrase"])) != 1):
        return "'clitic' forms are for one-letter proclitic prepositions"
    if row["participle"] is not None and kind != "say":
        return "only saying verbs have a participle"
    return None


EVENT_GRAMMAR = Schema(
    name="event_grammar",
    description="Closed-class grammar of the event coder: prepositions and the frame slots they open, relative pronouns, "
    "words for both parties, saying verbs, impersonal verbs, story breaks.",
    columns=(
        Column("kind", choices=EVENT_GRAMMAR_KINDS),
        Column("phrase", pattern=ARABIC_PHRASE),
        Column("forms", pattern=r"fixed|clitic|(?:sound|hollow|defective|doubled|noun|list):.+"),
        Column("participle", required=False, pattern=r"[\u0621-\u064a]+"),
        Column("value", required=False),
        Column("note", required=False),
    ),
    unique=("kind", "phrase", "forms"),
    check=_check_event_grammar,
)

SCHEMAS.update({EVENT_GRAMMAR.name: EVENT_GRAMMAR})


# --- exports: FIPS 10-4 country codes for GDELT's *Geo_CountryCode fields (marsad.export.gdelt) ---

FIPS_COUNTRIES = Schema(
    name="fips_countries",
    description="ISO 3166-1 alpha-3 → FIPS 10-4 country code, for the GDELT 2.0 export's geography fields.",
    columns=(
        Column("iso3", pattern=r"[A-Z]{3}", help="ISO 3166-1 alpha-3 (XKX for Kosovo)"),
        Column("fips", pattern=r"[A-Z]{2}", help="FIPS 10-4 country code"),
        Column("note", required=False),
    ),
    unique=("iso3",),
)

SCHEMAS.update({FIPS_COUNTRIES.name: FIPS_COUNTRIES})
