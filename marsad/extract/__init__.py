"""Extract stages: each is a function of a :class:`~marsad.model.Document` that fills one
kind of entity in place. :data:`marsad.pipeline.STAGES` runs them in this order."""

from __future__ import annotations

from ..model import Document
from ..text.normalize import normalize_shared
from . import actors as _actors
from . import dates as _dates
from .dates import find_dates
from .actors import find_actors
from .places import find_places


def warm() -> None:
    """Build every extract stage's patterns now."""
    _dates.warm()
    find_places("مصر")
    _actors.warm()


def dates_stage(doc: Document) -> None:
    """Date expressions in the body, resolved against the publication date."""
    doc.dates = find_dates(doc.text, doc.body, published=doc.published)


def places_stage(doc: Document) -> None:
    """Countries, demonyms, cities and international organisations in the body."""
    doc.places = find_places(doc.text, doc.body, norm=normalize_shared(doc.text))


def actors_stage(doc: Document) -> None:
    """Offices, institutions, countries, organisations and named persons (needs places)."""
    doc.actors, doc.persons = find_actors(doc, doc.places, norm=normalize_shared(doc.text))
