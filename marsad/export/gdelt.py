"""GDELT 2.0 tables from marsad's merged events and mentions.

* **Event table**: the 61 columns of the GDELT 2.0 Event codebook (:data:`EVENT_COLUMNS`),
  one row per merged event, tab-separated, no header unless asked.
* **Mentions table**: the 16 columns of the GDELT 2.0 Mentions codebook
  (:data:`MENTION_COLUMNS`), one row per event mention.

How marsad's fields fill them (also in docs/EXPORTS.md):

* ``GLOBALEVENTID`` — the merged event's id (stable: the store's ``canonical_events.id``;
  a batch result's ``event_id``).
* ``SQLDATE`` / ``MonthYear`` / ``Year`` / ``FractionDate`` — the event's date; a month or a
  year date (GDELT has no precision field) is written as its first day; an undated event
  takes its first publication day (``first_seen``), or, when no report has one, the day
  marsad stored it.
* Actor fields — from the party's CAMEO actor code: ``Actor1Code`` the whole code (EGYGOV),
  ``CountryCode`` the state (ISO-3, as CAMEO uses), ``KnownGroupCode`` the organisation,
  ``Type1Code`` the role (GOV, MIL ...); ``Actor1Name`` the words naming the party, as
  written (Arabic). Ethnic and religion codes are left blank.
* ``IsRootEvent`` — 1 when the lead mention is in the first paragraph of its article.
* ``EventCode`` / ``EventBaseCode`` / ``EventRootCode``, ``QuadClass``, ``GoldsteinScale`` —
  from the CAMEO code (marsad/data/cameo_events.tsv).
* ``NumMentions`` / ``NumSources`` / ``NumArticles`` — the merged event's counts over every
  document stored (not a 15-minute slot). ``AvgTone`` — empty (marsad does not score tone).
* ``ActionGeo_*`` — from the event's location: type 1 (country) with the FIPS 10-4 code
  (marsad/data/fips_countries.tsv) as CountryCode and ADM1Code, or type 4 (world city)
  when the location has coordinates; ``FeatureID`` the GeoNames id when known.
  Actor geography is left blank (marsad does not place actors).
* ``DATEADDED`` — when marsad stored the first report (UTC, YYYYMMDDHHMMSS).
* ``SOURCEURL`` — the URL of the earliest report that has one, else its doc_id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..lexicon.loader import load_table

__all__ = ["EVENT_COLUMNS", "MENTION_COLUMNS", "event_fields", "fips", "mention_fields"]

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The GDELT 2.0 Event table, in order (61 columns).
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

#: The GDELT 2.0 Mentions table, in order (16 columns).
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InSentence", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)

assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16


@cache
def _fips() -> dict[str, str]:
    return {str(r["iso3"]): str(r["fips"]) for r in load_table("fips_countries")}


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code of a state (blank when unknown)."""
    return _fips().get(iso3 or "", "")


def _day(date: str | None) -> dt.date | None:
    if not date:
        return None
    parts = (date.split("-") + ["01", "01"])[:3]
    try:
        return dt.date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None


def _stamp(value: str | None) -> str:
    """An ISO 8601 time (or date) as YYYYMMDDHHMMSS in UTC; blank when unknown."""
    if not value:
        return ""
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        d = _day(value)
        return d.strftime("%Y%m%d000000") if d else ""
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y%m%d%H%M%S")


def _s(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _actor(row: Mapping[str, Any], side: str) -> list[str]:
    code = row.get(f"{side}_code")
    if not code:
        return [""] * len(_ACTOR)
    return [_s(code), _s(row.get(f"{side}_text")), _s(row.get(f"{side}_country")), _s(row.get(f"{side}_igo")),
            "", "", "", _s(row.get(f"{side}_role")), "", ""]


def _geo(row: Mapping[str, Any]) -> list[str]:
    country = row.get("location_country")
    lat, lon = row.get("lat"), row.get("lon")
    if not country and lat is None:
        return [""] * len(_GEO)
    code = fips(country)
    city = lat is not None and lon is not None and bool(row.get("location_name"))
    name = row.get("location_name") or country or ""
    feature = row.get("geonames_id")
    return ["4" if city else "1", _s(name), code, code, "", _s(lat), _s(lon),
            _s(feature) if feature is not None else ("" if city else code)]


def event_fields(row: Mapping[str, Any]) -> list[str]:
    """One Event-table row (61 fields) from a row of the ``events`` table (marsad.export.tables)."""
    d = _day(row.get("date")) or _day(row.get("first_seen")) or _day((row.get("first_stored") or "")[:10])
    if d is None:
        date_f = ["", "", "", ""]
    else:
        frac = d.year + (d.month * 30 + d.day) / 365
        date_f = [d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{frac:.4f}"]
    code = row.get("code") or ""
    is_root = "1" if row.get("lead_paragraph") == 0 else "0"
    out = [
        _s(row["event_id"]), *date_f, *_actor(row, "source"), *_actor(row, "target"),
        is_root, code, code[:3], _s(row.get("root") or code[:2]), _s(row.get("quad_class")),
        _s(row.get("goldstein")), _s(row.get("num_mentions")), _s(row.get("num_sources")),
        _s(row.get("num_articles")), "",
        *([""] * len(_GEO)), *([""] * len(_GEO)), *_geo(row),
        _stamp(row.get("first_stored")), _s(row.get("source_url") or row.get("lead_doc_id")),
    ]
    assert len(out) == 61
    return out


def mention_fields(row: Mapping[str, Any], *, event_added: str | None = None, doc_len: int | None = None,
                   url: str | None = None) -> list[str]:
    """One Mentions-table row (16 fields) from a row of the ``mentions`` table; offsets are
    character offsets into the document's original text (-1: the party is not named)."""
    def off(v: Any) -> str:
        return "-1" if v is None else str(v)

    conf = row.get("confidence")
    out = [
        _s(row.get("event_id")), _stamp(event_added), _stamp(row.get("published")), "1",
        _s(row.get("outlet")), _s(url or row.get("doc_id")),
        _s((row.get("sentence") or 0) + 1), off(row.get("source_start")), off(row.get("target_start")),
        off(row.get("trigger_start")), "1", _s(int(round(conf * 100)) if conf is not None else ""),
        _s(doc_len), "", "srclc:ara", "",
    ]
    assert len(out) == 16
    return out
