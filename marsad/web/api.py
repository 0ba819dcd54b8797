"""The REST API under /api: one envelope ``{data, meta}``, one error shape, pages of at most
200 items, and ``format=csv|jsonl`` downloads (at most 10,000 rows) of every list."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from ..store.queries import Page
from ..store.queries import aggregates as agg
from ..store.queries import documents as qdocs
from ..store.queries import events as qevents
from ..store.queries import persons as qpersons
from ..store.queries import stories as qstories
from ..store.queries.common import QueryError
from .app import error_body

router = APIRouter(prefix="/api")
MAX_LIMIT = 200
MAX_OFFSET = 100_000
MAX_DOWNLOAD = 10_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Format = Annotated[Literal["json", "csv", "jsonl"], Query(description="json (the envelope), or a csv / jsonl download of up to 10,000 rows.")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Lang = Annotated[Literal["ar", "en"], Query(description="Language of names.")]
Side = Annotated[str | None, Query(max_length=16, description="An ISO-3 state, an IGO code (IGOUNO ...) or an actor type (INS, UAF ...: a non-state actor of no known country).")]
Text = Annotated[str | None, Query(max_length=200, description="Full-text query over normalized Arabic (every word must occur; word* is a prefix).")]


def conn(request: Request) -> Iterator[sa.Connection]:
    with request.app.state.store.engine.connect() as c:
        yield c


Conn = Annotated[sa.Connection, Depends(conn)]


def envelope(data: Any, **meta: Any) -> dict[str, Any]:
    return {"data": data, "meta": meta}


def _page(request: Request, page: Page) -> dict[str, Any]:
    nxt = None
    if page.offset + len(page.items) < page.total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit))
    return envelope(page.items, total=page.total, limit=page.limit, offset=page.offset, next=nxt, **page.extra)


def _flat(v: Any) -> Any:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _download(name: str, fmt: str, fetch: Callable[[int, int], Page]) -> StreamingResponse:
    first = fetch(500, 0)  # bad filters fail here, before the response starts

    def rows() -> Iterator[dict[str, Any]]:
        done = 0
        while done < MAX_DOWNLOAD:
            page = first if done == 0 else fetch(min(500, MAX_DOWNLOAD - done), done)
            yield from page.items
            done += len(page.items)
            if len(page.items) < page.limit:
                return

    def body() -> Iterator[str]:
        if fmt == "jsonl":
            for r in rows():
                yield json.dumps(r, ensure_ascii=False, default=str) + "\n"
            return
        buf = io.StringIO()
        writer: csv.DictWriter[str] | None = None
        for r in rows():
            if writer is None:
                writer = csv.DictWriter(buf, fieldnames=list(r), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: _flat(v) for k, v in r.items()})
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _list(request: Request, name: str, fmt: str, limit: int, offset: int, fetch: Callable[[int, int], Page]) -> Any:
    if fmt != "json":
        return _download(name, fmt, fetch)
    return _page(request, fetch(limit, offset))


def _missing(what: str, key: Any) -> JSONResponse:
    return error_body(404, "not_found", f"no {what} {key!r}")


# --- documents and search ----------------------------------------------------------------


@router.get("/documents", summary="List documents", tags=["documents"])
def documents_list(request: Request, c: Conn, outlet: Annotated[str | None, Query(max_length=200)] = None,
                   since: Day = None, until: Day = None, q: Text = None,
                   sort: Literal["-published", "published", "relevance"] = "-published",
                   limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Documents, newest first: doc_id, title, outlet, published, url, chars, events. With `q`:
    only those matching the full-text query (each with a `snippet` and the match's offsets)."""
    return _list(request, "documents", format, limit, offset, lambda l, o: qdocs.list_documents(
        c, outlet=outlet, since=since, until=until, q=q, sort=sort, limit=l, offset=o))


@router.get("/documents/{doc_id:path}", summary="One document with every extracted field", tags=["documents"])
def documents_one(c: Conn, doc_id: Annotated[str, Path(max_length=300)]) -> Any:
    """The original `text`, the cleaned `body`, `removed` lines with their reasons, and every
    extracted field (dates, places, actors, persons, events) with offsets into `text`; each
    event carries its merged `event_id`."""
    doc = qdocs.get_document(c, doc_id)
    return _missing("document", doc_id) if doc is None else envelope(doc)


@router.get("/search", summary="Full-text search over normalized Arabic", tags=["documents"])
def search(request: Request, c: Conn, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Limit = 20, offset: Offset = 0, format: Format = "json") -> Any:
    """Documents matching `q`, best first. Hamza forms, tashkeel, tatweel, ى/ي and ة/ه are folded
    on both sides, so any spelling finds the same articles."""
    return _list(request, "search", format, limit, offset, lambda l, o: qdocs.list_documents(
        c, q=q, sort="relevance", limit=l, offset=o))


@router.get("/outlets", summary="Outlets and their document counts", tags=["documents"])
def outlets(c: Conn) -> Any:
    data = qdocs.outlets(c)
    return envelope(data, total=len(data))


# --- events ------------------------------------------------------------------------------


def event_filter(
    country: Side = None,
    pair: Annotated[str | None, Query(max_length=40, description="Two parties, either direction: EGY,ITA")] = None,
    code: Annotated[str | None, Query(max_length=4, description="A CAMEO code or its prefix (042, 04)")] = None,
    root: Annotated[str | None, Query(max_length=2, description="A CAMEO root 01..20")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="GDELT QuadClass 1..4")] = None,
    plover: Annotated[str | None, Query(max_length=16, description="A PLOVER event type (CONSULT, AGREE ...)")] = None,
    topic: Annotated[str | None, Query(max_length=40)] = None,
    modality: Annotated[list[str] | None, Query(description="Modalities to list (default realized and planned); 'all' for every one.")] = None,
    since: Day = None, until: Day = None,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    q: Text = None,
    doc_id: Annotated[str | None, Query(max_length=300)] = None,
) -> qevents.EventFilter:
    mods: tuple[str, ...] | None = qevents.DEFAULT_MODALITIES
    if modality:
        mods = None if "all" in modality else tuple(modality)
    pr = None
    if pair:
        parts = [p.strip() for p in pair.split(",")]
        if len(parts) != 2 or not all(parts):
            raise QueryError("pair must be two codes separated by a comma: EGY,ITA", "pair")
        pr = (parts[0], parts[1])
    return qevents.EventFilter(country=country, pair=pr, code=code, root=root, quad_class=quad_class, plover=plover,
                               topic=topic, modalities=mods, since=since, until=until, min_articles=min_articles,
                               outlet=outlet, q=q, doc_id=doc_id).checked()


Filter = Annotated[qevents.EventFilter, Depends(event_filter)]


@router.get("/events", summary="List merged events", tags=["events"])
def events_list(request: Request, c: Conn, f: Filter, sort: Literal["-date", "date", "-articles"] = "-date",
                limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Real-world events merged across documents, with the filters of `marsad events`: the
    CAMEO code, PLOVER type, parties, date with its basis, modality, topics, num_articles,
    num_sources, doc_ids, outlets."""
    return _list(request, "events", format, limit, offset, lambda l, o: qevents.list_events(c, f, limit=l, offset=o, sort=sort))


@router.get("/events/{event_id}", summary="One merged event with every mention", tags=["events"])
def events_one(c: Conn, event_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Any:
    """The merged event and each document's report of it: title, outlet, publication date,
    trigger, evidence and actors with offsets into that document's text."""
    ev = qevents.get_event(c, event_id)
    return _missing("event", event_id) if ev is None else envelope(ev)


# --- persons and stories ------------------------------------------------------------------


@router.get("/persons", summary="List persons", tags=["persons"])
def persons_list(request: Request, c: Conn, country: Side = None, q: Annotated[str | None, Query(max_length=100)] = None,
                 limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Named persons across documents, most mentioned first, with role, title, affiliation and spelling variants."""
    return _list(request, "persons", format, limit, offset, lambda l, o: qpersons.list_persons(
        c, country=country, q=q, limit=l, offset=o))


@router.get("/persons/{key}", summary="One person: offices over time, variants, documents", tags=["persons"])
def persons_one(c: Conn, key: Annotated[str, Path(max_length=300)]) -> Any:
    p = qpersons.get_person(c, key)
    return _missing("person", key) if p is None else envelope(p)


@router.get("/stories", summary="List stories across outlets", tags=["stories"])
def stories_list(request: Request, c: Conn, min_docs: Annotated[int, Query(ge=1, le=1000)] = 2,
                 since: Day = None, until: Day = None,
                 limit: Limit = 50, offset: Offset = 0, format: Format = "json") -> Any:
    """Stories told by at least `min_docs` documents, largest first, with their members."""
    return _list(request, "stories", format, limit, offset, lambda l, o: qstories.list_stories(
        c, min_docs=min_docs, since=since, until=until, limit=l, offset=o))


@router.get("/stories/{story_id}", summary="One story with every version's body", tags=["stories"])
def stories_one(c: Conn, story_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Any:
    s = qstories.get_story(c, story_id)
    return _missing("story", story_id) if s is None else envelope(s)


# --- aggregates ---------------------------------------------------------------------------

Modality = Annotated[list[str] | None, Query(description="Modalities (default realized and planned); 'all' for every one.")]


def _mods(modality: list[str] | None) -> tuple[str, ...] | None:
    if not modality:
        return qevents.DEFAULT_MODALITIES
    return None if "all" in modality else tuple(modality)


@router.get("/aggregates/timeline", summary="Merged events over time", tags=["aggregates"])
def timeline(c: Conn, interval: Literal["day", "week", "month"] = "day", by: Literal["quad", "root", "none"] = "quad",
             country: Side = None, since: Day = None, until: Day = None, modality: Modality = None) -> Any:
    """Counts of merged events per day, week or month, by QuadClass or CAMEO root, with Goldstein sums."""
    return envelope(agg.timeline(c, interval=interval, by=by, country=country, since=since, until=until, modalities=_mods(modality)))


@router.get("/aggregates/network", summary="The actor network", tags=["aggregates"])
def network(c: Conn, since: Day = None, until: Day = None, country: Side = None,
            min_events: Annotated[int, Query(ge=1, le=100_000)] = 1, limit: Annotated[int, Query(ge=1, le=1000)] = 150,
            modality: Modality = None, lang: Lang = "ar") -> Any:
    """Edges between states and IGOs with merged-event counts, Goldstein sums and means and
    cooperation/conflict counts; nodes with names and totals."""
    return envelope(agg.network(c, since=since, until=until, country=country, min_events=min_events, limit=limit,
                                modalities=_mods(modality), lang=lang))


@router.get("/aggregates/map", summary="Event locations", tags=["aggregates"])
def map_points(c: Conn, since: Day = None, until: Day = None, country: Side = None, modality: Modality = None,
               lang: Lang = "ar") -> Any:
    """Points with event counts: the event location's own coordinates when it has them, else the centre of its country."""
    return envelope(agg.map_points(c, since=since, until=until, country=country, modalities=_mods(modality), lang=lang))


@router.get("/countries/{code}", summary="A country, IGO or actor type dossier", tags=["aggregates"])
def dossier(c: Conn, code: Annotated[str, Path(max_length=16)], since: Day = None, until: Day = None,
            modality: Modality = None, lang: Lang = "ar") -> Any:
    """Partners, classes over time, CAMEO roots, persons, first and last contact of a state or IGO."""
    d = agg.dossier(c, code, since=since, until=until, modalities=_mods(modality), lang=lang)
    return _missing("country or organisation with events", code) if d is None else envelope(d)


@router.get("/overview", summary="Counts and strongest dyads", tags=["aggregates"])
def overview(c: Conn, lang: Lang = "ar") -> Any:
    return envelope(agg.overview(c, lang=lang))
