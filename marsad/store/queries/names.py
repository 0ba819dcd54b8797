"""Display names, kinds and map points of actor sides: ISO-3 states, IGO codes, and actor
types (a non-state actor of no known country is a party of its own kind, ``INS``, ``UAF`` ...:
see :func:`marsad.model.actor_side`; names from ``marsad/data/actor_types.tsv``)."""

from __future__ import annotations

import re
from functools import cache

from ...extract.places import country_name, igo_name
from ...lexicon.gazetteer import country_point
from ...lexicon.loader import load_table


@cache
def _english() -> dict[str, str]:
    return {str(r["iso3"]): str(r["name_en"]) for r in load_table("country_names_en")}


@cache
def _igo_english() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in load_table("igos"):
        if r["form"] == "canonical" and r["note"]:
            out[str(r["code"])] = re.split(r" \(|;|,", str(r["note"]))[0].strip()
    return out


@cache
def _types() -> dict[str, tuple[str, str]]:
    return {str(r["code"]): (str(r["name_ar"]), str(r["name_en"])) for r in load_table("actor_types")}


def name(code: str | None, lang: str = "ar") -> str:
    """The Arabic (``ar``) or English (``en``) name of a side; the code itself when unknown."""
    if not code:
        return ""
    if code in _types():
        return _types()[code][1 if lang == "en" else 0]
    if lang == "en":
        if code.startswith("IGO"):
            return _igo_english().get(code, code)
        return _english().get(code, code)
    try:
        return igo_name(code) if code.startswith("IGO") else country_name(code)
    except KeyError:
        return code


def centroid(code: str | None) -> tuple[float, float] | None:
    """A state's point on the map: the gazetteer's (:func:`marsad.lexicon.gazetteer.country_point`);
    None for an IGO, an actor type or an unknown code."""
    if not code or kind(code) != "state":
        return None
    pt = country_point(code)
    return None if pt is None else (float(pt.lat), float(pt.lon))


def kind(code: str) -> str:
    """``type`` for an actor type (``INS``, ``UAF``, ``IMG``, a bare ``IGO`` role ...), ``igo``
    for an organisation (``IGOUNO``), else ``state``."""
    if code in _types():
        return "type"
    return "igo" if code.startswith("IGO") else "state"
