"""Extract stages: each is a function of a :class:`~marsad.model.Document` that fills one
kind of entity in place. :data:`marsad.pipeline.STAGES` runs them in this order."""

from __future__ import annotations

from ..model import Document, Span
from ..text.clean import SOURCE_LINES
from ..text.normalize import normalize_shared
from . import actors as _actors
from . import dates as _dates
from .dates import find_dates
from .actors import find_actors
from .geo import geocode_events
from .places import find_places


def warm() -> None:
    """Build every extract stage's patterns now."""
    _dates.warm()
    find_places("مصر")
    _actors.warm()


def read_spans(doc: Document) -> list[Span]:
    """What the date and place finders read: the body and the removed lines that say where
    and when the page comes from (a wire dateline or a byline standing alone)."""
    extra = [Span(r.start, r.end) for r in doc.removed if r.reason in SOURCE_LINES]
    return sorted(doc.body + extra, key=lambda s: s.start) if extra else doc.body


def dates_stage(doc: Document) -> None:
    """Date expressions in the body (and source lines), resolved against the publication date."""
    doc.dates = find_dates(doc.text, read_spans(doc), published=doc.published)


def places_stage(doc: Document) -> None:
    """Countries, demonyms, cities and international organisations in the body (and source
    lines)."""
    doc.places = find_places(doc.text, read_spans(doc), norm=normalize_shared(doc.text))


def events_stage(doc: Document) -> None:
    """Events (needs dates, places, actors), their locations geocoded
    (:func:`marsad.extract.geo.geocode_events`)."""
    from .events import events_stage as _code_events

    _code_events(doc)
    geocode_events(doc)


def actors_stage(doc: Document) -> None:
    """Offices, institutions, countries, organisations and named persons (needs places)."""
    doc.actors, doc.persons = find_actors(doc, doc.places, norm=normalize_shared(doc.text))
