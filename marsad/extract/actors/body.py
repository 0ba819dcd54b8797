"""Which parts of a document the actor finder reads: body spans, headline and wire lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ...model import Document, PlaceMention, Span
from ...text.clean import SOURCE_LINES


def _headlines(doc: Document) -> list[Span]:
    return [Span(r.start, r.end) for r in doc.removed if r.reason == "headline"]


def _wire_lines(doc: Document) -> list[Span]:
    """Removed wire and byline lines: where the page says it comes from."""
    return [Span(r.start, r.end) for r in doc.removed if r.reason in SOURCE_LINES]


def _in_spans(p: PlaceMention, spans: Sequence[Span]) -> bool:
    return any(s.start <= p.start and p.end <= s.end for s in spans) if spans else True


def _in_body(places: Sequence[PlaceMention], spans: Sequence[Span]) -> list[PlaceMention]:
    """The places inside one of ``spans`` (all of them when there are no spans). Body spans
    are sorted and disjoint: the only span that can hold a place is the last one starting at
    or before it."""
    if not spans:
        return list(places)
    if any(spans[k].end > spans[k + 1].start for k in range(len(spans) - 1)):
        return [p for p in places if _in_spans(p, spans)]
    starts = [s.start for s in spans]
    out = []
    for p in places:
        k = bisect_right(starts, p.start) - 1
        if k >= 0 and p.end <= spans[k].end:
            out.append(p)
    return out
