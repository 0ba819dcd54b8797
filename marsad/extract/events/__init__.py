"""Event coding: CAMEO / PLOVER events from the sentences of a document.

Public API
==========

* :func:`find_events` ``(doc) -> list[Event]`` — every event of a
  :class:`~marsad.model.Document` whose dates, places, actors and persons have been found
  (the earlier extract stages). See :mod:`marsad.extract.events.coder` for how.
* :func:`events_in_text` ``(text, *, published=None) -> list[Event]`` — the same for a bare
  string (runs segmentation and the entity stages first).
* :func:`warm` — load the tables and compile the patterns now.

Data: ``triggers.tsv``, ``cameo_events.tsv``, ``modality.tsv``, ``topics.tsv`` (see
docs/EVENT_CODING.md) and ``event_grammar.tsv`` (prepositions, relative pronouns, words for
both sides, saying verbs, story breaks).
"""

from __future__ import annotations

from ...model import Document, Event, RawDoc
from .coder import find_events

__all__ = ["events_in_text", "events_stage", "find_events", "warm"]


def events_in_text(text: str, *, published: str | None = None, doc_id: str = "text") -> list[Event]:
    """Events of a bare string, as :func:`find_events` would code it in a document."""
    from ...pipeline import build_document

    doc = build_document(RawDoc(doc_id=doc_id, text=text, source="<text>", published=published))
    if not isinstance(doc, Document):
        return []
    return doc.events


def warm() -> None:
    """Load every table of the event coder and compile its patterns now."""
    from .grammar import skip_words, title_heads, word_items
    from .scan import _by_id
    from .topics import _index

    _by_id()
    skip_words()
    title_heads()
    word_items("مع")
    _index()


def events_stage(doc: Document) -> None:
    """Events of the document's body sentences (needs dates, places, actors)."""
    doc.events = find_events(doc)
