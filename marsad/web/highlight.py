"""The document view: the cleaned body cut into segments, each with the extracted fields
that cover it (events, triggers, actors, dates, places, persons), at their character offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Segment:
    text: str
    start: int
    anns: list[int] = field(default_factory=list)  # indexes into the annotation list
    kinds: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    segments: list[Segment]


def _actor(a: dict[str, Any] | None) -> str | None:
    if not a:
        return None
    return a.get("code") or a.get("country") or a.get("igo")


def annotations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every extracted field with offsets, as ``{kind, start, end, text, ...details}``."""
    out: list[dict[str, Any]] = []
    for i, e in enumerate(doc.get("events") or []):
        base = {"event": i, "code": e.get("code"), "name": e.get("name"), "source": _actor(e.get("source")),
                "target": _actor(e.get("target")), "date": e.get("date"), "date_basis": e.get("date_basis"),
                "modality": e.get("modality"), "event_id": e.get("event_id"), "num_articles": e.get("num_articles"),
                "quad_class": e.get("quad_class"), "plover_type": e.get("plover_type")}
        ev = e.get("evidence") or {}
        if ev.get("end", 0) > ev.get("start", 0):
            out.append({"kind": "evidence", "start": ev["start"], "end": ev["end"], "text": ev.get("text"), **base})
        tr = e.get("trigger") or {}
        if tr.get("end", 0) > tr.get("start", 0):
            out.append({"kind": "trigger", "start": tr["start"], "end": tr["end"], "text": tr.get("text"), **base})
        for side in ("source", "target"):
            a = e.get(side)
            if a and a.get("end", 0) > a.get("start", 0):
                out.append({"kind": f"event-{side}", "start": a["start"], "end": a["end"], "text": a.get("text"),
                            **base, "basis": a.get("basis")})
    for d in doc.get("dates") or []:
        out.append({"kind": "date", "start": d["start"], "end": d["end"], "text": d.get("text"), "value": d.get("value"),
                    "precision": d.get("precision"), "basis": d.get("basis"), "calendar": d.get("calendar")})
    for p in doc.get("places") or []:
        out.append({"kind": "place", "start": p["start"], "end": p["end"], "text": p.get("text"), "code": p.get("code"),
                    "name": p.get("name"), "place_kind": p.get("kind")})
    for a in doc.get("actors") or []:
        out.append({"kind": "actor", "start": a["start"], "end": a["end"], "text": a.get("text"), "code": a.get("code"),
                    "role": a.get("role"), "title": a.get("title"), "basis": a.get("basis")})
    for p in doc.get("persons") or []:
        for s, e in p.get("mentions") or []:
            out.append({"kind": "person", "start": s, "end": e, "name": p.get("name"), "key": p.get("key"),
                        "role": p.get("role"), "title": p.get("title"), "country": p.get("country")})
    return [a for a in out if isinstance(a.get("start"), int) and isinstance(a.get("end"), int) and a["end"] > a["start"]]


def paragraphs(doc: dict[str, Any], anns: list[dict[str, Any]]) -> list[Paragraph]:
    """The body's paragraphs (falling back to its spans), each cut at every annotation edge."""
    text: str = doc["text"]
    spans = doc.get("paragraphs") or doc.get("body_spans") or []
    body = doc.get("body_spans") or spans
    out = []
    for ps, pe in spans:
        # keep only the parts of the paragraph that are body (removed lines may sit inside)
        for bs, be in body:
            s, e = max(ps, bs), min(pe, be)
            if e <= s:
                continue
            cuts = {s, e}
            inside = [i for i, a in enumerate(anns) if a["start"] < e and a["end"] > s]
            for i in inside:
                cuts.add(min(max(anns[i]["start"], s), e))
                cuts.add(min(max(anns[i]["end"], s), e))
            pts = sorted(cuts)
            segs = []
            for a, b in zip(pts, pts[1:]):
                cover = [i for i in inside if anns[i]["start"] <= a and anns[i]["end"] >= b]
                segs.append(Segment(text[a:b], a, cover, sorted({anns[i]["kind"] for i in cover})))
            out.append(Paragraph(s, e, segs))
    return out


def hover(a: dict[str, Any]) -> str:
    """A one-line plain-text description of an annotation (the ``title`` tooltip)."""
    k = a["kind"]
    if k in ("evidence", "trigger", "event-source", "event-target"):
        parts = [f"{a.get('code')} {a.get('name') or ''}".strip(), f"{a.get('source') or '—'} → {a.get('target') or '—'}",
                 f"date {a.get('date') or '—'} ({a.get('date_basis') or '—'})", str(a.get("modality") or "")]
        return " · ".join(p for p in parts if p)
    if k == "date":
        return f"date {a.get('value')} ({a.get('precision')}, {a.get('basis')})"
    if k == "place":
        return f"place {a.get('code')} {a.get('name') or ''}"
    if k == "actor":
        return f"actor {a.get('code')} {a.get('title') or ''}".strip()
    if k == "person":
        return f"person {a.get('name')} {a.get('title') or ''} {a.get('country') or ''}".strip()
    return k
