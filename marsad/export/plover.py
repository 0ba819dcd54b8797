"""PLOVER records (JSON, one per line) from marsad's events, after the PLOVER manual
(openeventdata/PLOVER, "DRAFT Version 2.0"; shared REFERENCE.md §3):

* required ``id``, ``date``, ``actor``, ``event``; optional ``recipient``, ``mode``,
  ``context``, ``event_loc``, ``event_text``, ``quad_code``, ``link``, ``text``,
  ``text_info``, ``cite_info``, ``coder``, ``coded_date``, ``comment``;
* an actor (entity object) is ``{"code", "sector", "entity_text", ...}`` with ``code`` the
  country (ISO-3) or one of PLOVER's non-state codes (IGO for an organisation), ``sector``
  the primary sector (the CAMEO role: GOV, MIL, COP ...);
* the location object: ``geonameid``, ``lat``, ``lon``, ``country_code``, ``resolution``.

Rules from the manual applied here: CAMEO roots 01 and 02 have no PLOVER category (such
events are left out and counted); a planned meeting, visit, support, cooperation or aid is
coded AGREE ("references to future meetings, summits, state visits … should be coded as
AGREE"), its own category kept in ``comment``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import __version__

__all__ = ["FUTURE_AS_AGREE", "plover_record"]

FUTURE_AS_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
QUAD = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}


def _entity(row: Mapping[str, Any], side: str) -> dict[str, Any] | None:
    if not row.get(f"{side}_code"):
        return None
    country, igo = row.get(f"{side}_country"), row.get(f"{side}_igo")
    return {
        "code": country or ("IGO" if igo else "UNK"),
        "sector": row.get(f"{side}_role") or ("IGO" if igo and not country else None),
        "entity_text": row.get(f"{side}_text"),
        "identifier_id": igo,
        "entity_name": row.get(f"{side}_person"),
        "cameo": row.get(f"{side}_code"),
    }


def plover_record(row: Mapping[str, Any], *, doc_id: str | None = None) -> dict[str, Any] | None:
    """A PLOVER record of a row of the ``events`` (or ``mentions``) table; None when the CAMEO
    code has no PLOVER category."""
    ptype = row.get("plover_type")
    if not ptype:
        return None
    event, mode, comment = ptype, row.get("plover_mode"), None
    if row.get("modality") == "planned" and ptype in FUTURE_AS_AGREE:
        comment = f"planned {ptype}{':' + mode if mode else ''} coded AGREE (PLOVER manual)"
        event, mode = "AGREE", None
    loc = None
    if row.get("location_country") or row.get("lat") is not None:
        loc = {"geonameid": row.get("geonames_id"), "lat": row.get("lat"), "lon": row.get("lon"),
               "name": row.get("location_name"), "country_code": row.get("location_country"),
               "resolution": 1 if row.get("lat") is None else 3}
    ident = row.get("event_id") if "num_articles" in row else row.get("mention_id")
    doc = doc_id or row.get("lead_doc_id") or row.get("doc_id")
    rec: dict[str, Any] = {
        "id": f"marsad-{ident}",
        # required: the event's date, else its first publication day, else the day it was stored
        "date": row.get("date") or row.get("first_seen") or row.get("published") or (row.get("first_stored") or "")[:10] or None,
        "date_precision": row.get("date_precision"),
        "actor": _entity(row, "source"),
        "recipient": _entity(row, "target"),
        "event": event,
        "mode": mode,
        "context": [c.split(":", 1)[-1] for c in (row.get("contexts") or row.get("topics") or [])],
        "event_loc": loc,
        "event_text": row.get("trigger_text"),
        "quad_code": QUAD.get(row.get("quad_class") or 0),
        "link": row.get("link"),
        "text": row.get("evidence_text"),
        "text_info": {"doc_id": doc, "evidence_start": row.get("evidence_start"),
                      "evidence_end": row.get("evidence_end"), "trigger_start": row.get("trigger_start"),
                      "trigger_end": row.get("trigger_end"), "language": "ar"},
        "cite_info": {"url": row.get("source_url"), "doc_ids": row.get("doc_ids") or ([doc] if doc else []),
                      "num_articles": row.get("num_articles"), "num_sources": row.get("num_sources")},
        "coder": f"marsad {__version__}",
        "coded_date": (row.get("first_stored") or "")[:10] or None,
        "cameo_code": row.get("code"),
        "modality": row.get("modality"),
        "comment": comment,
    }
    return rec
