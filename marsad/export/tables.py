"""The stable tables marsad hands out: documents, mentions, events, persons, stories.

One schema per table (pyarrow), used by ``marsad export`` (from a store) and ``marsad batch``
(without one), and one *row builder* per table that turns marsad's own records into a row
of that schema — so an export and a batch run write the same columns. ``docs/EXPORTS.md``
describes every column; a column is only ever added at the end (old readers keep working).

Offsets are character offsets into the document's original text (Python string indices, end
exclusive), as everywhere in marsad.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

import pyarrow as pa

__all__ = ["SCHEMAS", "TABLES", "document_row", "event_row", "mention_row", "person_row", "story_row", "year_month"]

SCHEMA_VERSION = "1"

_SPANS = pa.list_(pa.list_(pa.int32()))
_STRINGS = pa.list_(pa.string())


def _actor_fields(prefix: str) -> list[pa.Field]:
    return [
        pa.field(f"{prefix}_code", pa.string()),  # CAMEO actor code (EGYGOV)
        pa.field(f"{prefix}_country", pa.string()),  # ISO 3166-1 alpha-3
        pa.field(f"{prefix}_igo", pa.string()),  # CAMEO organisation code
        pa.field(f"{prefix}_role", pa.string()),  # CAMEO role (GOV, MIL ...)
        pa.field(f"{prefix}_person", pa.string()),
        pa.field(f"{prefix}_text", pa.string()),  # the words naming the party
        pa.field(f"{prefix}_start", pa.int32()),
        pa.field(f"{prefix}_end", pa.int32()),
        pa.field(f"{prefix}_basis", pa.string()),
    ]


_CODE_FIELDS = [
    pa.field("code", pa.string()),  # CAMEO event code, leading zero kept ("042")
    pa.field("base_code", pa.string()),  # three-digit parent ("0421" -> "042")
    pa.field("root", pa.string()),
    pa.field("name", pa.string()),
    pa.field("plover_type", pa.string()),
    pa.field("plover_mode", pa.string()),
    pa.field("goldstein", pa.float64()),
    pa.field("quad_class", pa.int8()),
]

_WHERE_FIELDS = [
    pa.field("location_country", pa.string()),
    pa.field("location_name", pa.string()),
    pa.field("location_start", pa.int32()),
    pa.field("location_end", pa.int32()),
    pa.field("location_basis", pa.string()),
    pa.field("lat", pa.float64()),  # when the location was resolved to coordinates
    pa.field("lon", pa.float64()),
    pa.field("geonames_id", pa.int64()),
]

_EVIDENCE_FIELDS = [
    pa.field("trigger_text", pa.string()),
    pa.field("trigger_start", pa.int32()),
    pa.field("trigger_end", pa.int32()),
    pa.field("evidence_text", pa.string()),
    pa.field("evidence_start", pa.int32()),
    pa.field("evidence_end", pa.int32()),
]

_PARTITION = [pa.field("year", pa.int32()), pa.field("month", pa.int32())]

DOCUMENTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("content_hash", pa.string(), nullable=False),
    pa.field("title", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("url", pa.string()),
    pa.field("author", pa.string()),
    pa.field("published", pa.string()),  # YYYY-MM-DD or null
    pa.field("published_time", pa.string()),
    pa.field("published_from", pa.string()),  # metadata | dateline
    pa.field("source", pa.string()),
    pa.field("line", pa.int64()),
    pa.field("fmt", pa.string()),
    pa.field("encoding", pa.string()),
    pa.field("text", pa.string(), nullable=False),  # the original text: every offset points into it
    pa.field("body", _SPANS),
    pa.field("paragraphs", _SPANS),
    pa.field("sentences", _SPANS),
    pa.field("removed", pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32()),
                                            ("text", pa.string()), ("reason", pa.string())]))),
    pa.field("warnings", _STRINGS),
    pa.field("meta", pa.string()),  # JSON
    pa.field("entities", pa.string()),  # JSON: dates, places, actors, persons, events (as marsad extract)
    pa.field("num_events", pa.int32()),
    *_PARTITION,
])

MENTIONS = pa.schema([
    pa.field("mention_id", pa.int64(), nullable=False),
    pa.field("event_id", pa.int64()),  # the merged event (events.event_id); null until merged
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("published", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("sentence", pa.int32()),  # sentence index in the document
    pa.field("paragraph", pa.int32()),
    *_CODE_FIELDS,
    *_actor_fields("source"),
    *_actor_fields("target"),
    pa.field("date", pa.string()),  # YYYY-MM-DD | YYYY-MM | YYYY
    pa.field("date_precision", pa.string()),  # day | month | year | none
    pa.field("date_basis", pa.string()),  # sentence | paragraph | document | publication | none
    *_WHERE_FIELDS,
    *_EVIDENCE_FIELDS,
    pa.field("modality", pa.string()),
    pa.field("topics", _STRINGS),
    pa.field("contexts", _STRINGS),
    pa.field("link", pa.string()),
    pa.field("confidence", pa.float64()),
    pa.field("mentions", pa.int32()),  # sentences of the document reporting this event
    pa.field("block", pa.string()),
    *_PARTITION,
])

_MENTION_REF = pa.struct([
    ("doc_id", pa.string()), ("sentence", pa.int32()), ("code", pa.string()), ("date", pa.string()),
    ("date_basis", pa.string()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
    ("evidence_start", pa.int32()), ("evidence_end", pa.int32()),
])

EVENTS = pa.schema([
    pa.field("event_id", pa.int64(), nullable=False),
    *_CODE_FIELDS,
    *_actor_fields("source"),
    *_actor_fields("target"),
    pa.field("date", pa.string()),
    pa.field("date_precision", pa.string()),
    pa.field("date_basis", pa.string()),
    pa.field("date_from", pa.string()),  # the document the date was taken from
    *_WHERE_FIELDS,
    *_EVIDENCE_FIELDS,  # of the lead mention (in the document of lead_doc_id)
    pa.field("lead_doc_id", pa.string()),
    pa.field("lead_paragraph", pa.int32()),  # paragraph index of the lead mention (0: the first)
    pa.field("modality", pa.string()),
    pa.field("topics", _STRINGS),
    pa.field("num_mentions", pa.int32()),
    pa.field("num_articles", pa.int32()),
    pa.field("num_sources", pa.int32()),
    pa.field("first_seen", pa.string()),  # earliest publication date of its documents
    pa.field("first_stored", pa.string()),  # when marsad stored the first report (ISO 8601; store only)
    pa.field("outlets", _STRINGS),
    pa.field("doc_ids", _STRINGS),
    pa.field("source_url", pa.string()),  # URL of the earliest report that has one
    pa.field("mention_refs", pa.list_(_MENTION_REF)),
    *_PARTITION,
])

PERSONS = pa.schema([
    pa.field("person_key", pa.string(), nullable=False),  # cross-document key (spelling variants share it)
    pa.field("name", pa.string()),  # as written in this document
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("role", pa.string()),
    pa.field("title", pa.string()),
    pa.field("country", pa.string()),
    pa.field("spans", _SPANS),
    pa.field("published", pa.string()),
    *_PARTITION,
])

STORIES = pa.schema([
    pa.field("story_id", pa.int64(), nullable=False),
    pa.field("documents", pa.int32()),
    pa.field("doc_ids", _STRINGS),
    pa.field("first_published", pa.string()),
    pa.field("last_published", pa.string()),
    pa.field("outlets", _STRINGS),
    *_PARTITION,  # of first_published
])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS, "mentions": MENTIONS, "events": EVENTS, "persons": PERSONS, "stories": STORIES,
}
TABLES = tuple(SCHEMAS)


def year_month(date: str | None) -> tuple[int | None, int | None]:
    """Partition values of a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None, None
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else None
    return year, month


def _spans(spans: Sequence[Sequence[int]] | None) -> list[list[int]]:
    return [[int(s), int(e)] for s, e in (spans or [])]


def document_row(d: Mapping[str, Any]) -> dict[str, Any]:
    """``d``: a document as :func:`marsad.pipeline.document_json` gives it or the store holds it
    (``body``/``paragraphs``/``sentences`` as span lists, ``entities`` a dict or None)."""
    entities = d.get("entities")
    y, m = year_month(d.get("published"))
    return {
        "doc_id": d["doc_id"], "content_hash": d["content_hash"], "title": d.get("title"),
        "outlet": d.get("outlet"), "url": d.get("url"), "author": d.get("author"),
        "published": d.get("published"), "published_time": d.get("published_time"),
        "published_from": d.get("published_from"), "source": d.get("source"), "line": d.get("line"),
        "fmt": d.get("fmt"), "encoding": d.get("encoding"), "text": d["text"],
        "body": _spans(d.get("body")), "paragraphs": _spans(d.get("paragraphs")),
        "sentences": _spans(d.get("sentences")),
        "removed": [{"start": r["start"], "end": r["end"], "text": r["text"], "reason": r["reason"]}
                    for r in d.get("removed") or []],
        "warnings": list(d.get("warnings") or []),
        "meta": json.dumps(d.get("meta") or {}, ensure_ascii=False, sort_keys=True),
        "entities": None if entities is None else json.dumps(entities, ensure_ascii=False),
        "num_events": len((entities or {}).get("events") or []),
        "year": y, "month": m,
    }


def _actor(prefix: str, a: Mapping[str, Any] | None) -> dict[str, Any]:
    a = a or {}
    return {f"{prefix}_code": a.get("code"), f"{prefix}_country": a.get("country"), f"{prefix}_igo": a.get("igo"),
            f"{prefix}_role": a.get("role"), f"{prefix}_person": a.get("person"), f"{prefix}_text": a.get("text"),
            f"{prefix}_start": a.get("start"), f"{prefix}_end": a.get("end"), f"{prefix}_basis": a.get("basis")}


def _codes(rec: Mapping[str, Any]) -> dict[str, Any]:
    code = rec.get("code") or ""
    return {"code": code, "base_code": code[:3] or None, "root": rec.get("root") or code[:2] or None,
            "name": rec.get("name"), "plover_type": rec.get("plover_type"), "plover_mode": rec.get("plover_mode"),
            "goldstein": rec.get("goldstein"), "quad_class": rec.get("quad_class")}


def _where(rec: Mapping[str, Any]) -> dict[str, Any]:
    loc = rec.get("location") or {}
    gid = loc.get("geonames_id")
    return {"location_country": loc.get("country"), "location_name": loc.get("name"),
            "location_start": loc.get("start"), "location_end": loc.get("end"),
            "location_basis": loc.get("basis") if loc else None,
            "lat": loc.get("lat"), "lon": loc.get("lon"), "geonames_id": int(gid) if gid not in (None, "") else None}


def _evidence(rec: Mapping[str, Any]) -> dict[str, Any]:
    t, e = rec.get("trigger") or {}, rec.get("evidence") or {}
    return {"trigger_text": t.get("text"), "trigger_start": t.get("start"), "trigger_end": t.get("end"),
            "evidence_text": e.get("text"), "evidence_start": e.get("start"), "evidence_end": e.get("end")}


def mention_row(
    rec: Mapping[str, Any], *, mention_id: int, event_id: int | None, doc_id: str, published: str | None,
    outlet: str | None, block: str | None,
) -> dict[str, Any]:
    """One event as one document reports it (``rec``: the event record of ``marsad extract``).
    Partitioned by the document's publication date."""
    y, m = year_month(published)
    return {
        "mention_id": mention_id, "event_id": event_id, "doc_id": doc_id, "published": published, "outlet": outlet,
        "sentence": rec.get("sentence"), "paragraph": rec.get("paragraph"), **_codes(rec),
        **_actor("source", rec.get("source")), **_actor("target", rec.get("target")),
        "date": rec.get("date"), "date_precision": rec.get("date_precision"), "date_basis": rec.get("date_basis"),
        **_where(rec), **_evidence(rec), "modality": rec.get("modality"), "topics": list(rec.get("topics") or []),
        "contexts": list(rec.get("contexts") or []), "link": rec.get("link"), "confidence": rec.get("confidence"),
        "mentions": rec.get("mentions") or 1, "block": block, "year": y, "month": m,
    }


def event_row(event_id: int, rec: Mapping[str, Any], *, lead_doc_id: str | None, source_url: str | None) -> dict[str, Any]:
    """One real-world event merged across documents (``rec``: the canonical record, as the
    store keeps it and ``marsad events --format jsonl`` prints it). Partitioned by
    ``first_seen``, the earliest publication date of its reports."""
    y, m = year_month(rec.get("first_seen"))
    refs = []
    for mm in rec.get("mentions") or []:
        t, e = mm.get("trigger") or {}, mm.get("evidence") or {}
        refs.append({"doc_id": mm.get("doc_id"), "sentence": mm.get("sentence"), "code": mm.get("code"),
                     "date": mm.get("date"), "date_basis": mm.get("date_basis"), "trigger_start": t.get("start"),
                     "trigger_end": t.get("end"), "evidence_start": e.get("start"), "evidence_end": e.get("end")})
    return {
        "event_id": event_id, **_codes(rec), **_actor("source", rec.get("source")), **_actor("target", rec.get("target")),
        "date": rec.get("date"), "date_precision": rec.get("date_precision"), "date_basis": rec.get("date_basis"),
        "date_from": rec.get("date_from"), **_where(rec), **_evidence(rec), "lead_doc_id": lead_doc_id,
        "lead_paragraph": rec.get("paragraph"),
        "modality": rec.get("modality"), "topics": list(rec.get("topics") or []),
        "num_mentions": rec.get("num_mentions"), "num_articles": rec.get("num_articles"),
        "num_sources": rec.get("num_sources"), "first_seen": rec.get("first_seen"),
        "first_stored": rec.get("first_stored"), "outlets": list(rec.get("outlets") or []),
        "doc_ids": list(rec.get("doc_ids") or []), "source_url": source_url, "mention_refs": refs,
        "year": y, "month": m,
    }


def person_row(p: Mapping[str, Any], *, doc_id: str, published: str | None) -> dict[str, Any]:
    """One named person as one document writes it (``p``: a person record of ``marsad extract``,
    or a stored person mention with ``key``)."""
    y, m = year_month(published)
    return {"person_key": p.get("key") or p["name"], "name": p.get("name"), "doc_id": doc_id, "role": p.get("role"),
            "title": p.get("title"), "country": p.get("country"), "spans": _spans(p.get("mentions") or p.get("spans")),
            "published": published, "year": y, "month": m}


def story_row(story_id: int, doc_ids: Sequence[str], published: Sequence[str | None],
              outlets: Sequence[str | None]) -> dict[str, Any]:
    dates = sorted(p for p in published if p)
    first = dates[0] if dates else None
    y, m = year_month(first)
    return {"story_id": story_id, "documents": len(doc_ids), "doc_ids": sorted(doc_ids), "first_published": first,
            "last_published": dates[-1] if dates else None, "outlets": sorted({o for o in outlets if o}),
            "year": y, "month": m}
