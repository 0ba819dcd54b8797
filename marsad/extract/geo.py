"""Coordinates for event locations (places get theirs in :mod:`marsad.extract.places`).

:func:`geocode_events` gives every event location of a document a point: the city's, when the
location is a place mention the gazetteer knows (``precision="city"``), else the point of the
location's country (``precision="country"``: the population-weighted centre of its GeoNames
cities, :func:`marsad.lexicon.gazetteer.country_point`). A location with neither stays without.
"""

from __future__ import annotations

from ..lexicon.gazetteer import country_point
from ..model import Document


def geocode_events(doc: Document) -> None:
    """Fill ``lat``/``lon``/``geonames_id``/``precision`` of each event's location in place."""
    if not doc.events:
        return
    by_span = {(p.start, p.end): p for p in doc.places if p.precision == "city"}
    for ev in doc.events:
        loc = ev.location
        if loc is None:
            continue
        p = by_span.get((loc.start, loc.end)) if loc.start is not None else None
        if p is not None and p.country == loc.country:
            loc.lat, loc.lon, loc.geonames_id, loc.precision = p.lat, p.lon, p.geonames_id, "city"
            continue
        pt = country_point(loc.country)
        if pt is not None:
            loc.lat, loc.lon, loc.geonames_id, loc.precision = pt.lat, pt.lon, pt.geonameid, pt.precision
