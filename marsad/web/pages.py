"""The dashboard: server-rendered pages (Jinja2, autoescaped) at readable addresses, with
every filter in the URL. Charts are SVG drawn by the templates (see :mod:`.charts`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..model import actor_side
from ..store.queries import aggregates as agg
from ..store.queries import documents as qdocs
from ..store.queries import events as qevents
from ..store.queries import names
from ..store.queries import persons as qpersons
from ..store.queries import stories as qstories
from ..store.queries.common import QueryError
from . import charts, highlight
from .app import HERE
from .labels import labels

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
PAGE = 50


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "ar"
    return lang if lang in ("ar", "en") else "ar"


def _url(request: Request) -> Any:
    def url(path: str, **params: Any) -> str:
        q = {k: v for k, v in params.items() if v not in (None, "", [])}
        return path + ("?" + urlencode(q, doseq=True) if q else "")
    return url


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = _lang(request)
    params = dict(request.query_params)
    params.pop("token", None)
    other = "en" if lang == "ar" else "ar"
    toggle = request.url.path + "?" + urlencode({**params, "lang": other})
    base = {"request": request, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "L": labels(lang),
            "url": _url(request), "toggle": toggle, "name": lambda c: names.name(c, lang), "kind": names.kind, "side_of": actor_side, "params": params}
    return templates.TemplateResponse(request, template, {**base, "status": status, **ctx}, status_code=status)


def not_found(request: Request, what: str) -> HTMLResponse:
    return render(request, "error.html", status=404, message=f"{what}")


def _conn(request: Request) -> sa.Connection:
    return request.app.state.store.engine.connect()


def _int(request: Request, name: str, default: int, low: int = 0, high: int = 100_000) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        v = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number", name) from None
    if not low <= v <= high:
        raise QueryError(f"{name} must be between {low} and {high}", name)
    return v


def _opt(request: Request, name: str) -> str | None:
    v = request.query_params.get(name)
    return v or None


def _filter(request: Request) -> qevents.EventFilter:
    p = request.query_params
    mods = p.getlist("modality")
    pair = None
    if p.get("pair"):
        parts = [x.strip() for x in p["pair"].split(",")]
        if len(parts) != 2 or not all(parts):
            raise QueryError("pair must be two codes separated by a comma: EGY,ITA", "pair")
        pair = (parts[0], parts[1])
    qc = _int(request, "quad_class", 0, 0, 4) or None
    return qevents.EventFilter(
        country=_opt(request, "country"), pair=pair, code=_opt(request, "code"), root=_opt(request, "root"),
        quad_class=qc, plover=_opt(request, "plover"), topic=_opt(request, "topic"),
        modalities=(None if "all" in mods else tuple(mods)) if mods else qevents.DEFAULT_MODALITIES,
        since=_opt(request, "since"), until=_opt(request, "until"), min_articles=_int(request, "min_articles", 1, 1, 10_000),
        outlet=_opt(request, "outlet"), q=_opt(request, "q"), doc_id=_opt(request, "doc_id"),
    ).checked()


def _localized(request: Request, series: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Series with the QuadClass labels in the page's language."""
    if by != "quad":
        return series
    L = labels(_lang(request))
    return [{**s, "label": L.get(f"quad_{s['key']}", s["label"])} for s in series]


def _pager(request: Request, total: int, offset: int, limit: int) -> dict[str, Any]:
    params = {k: v for k, v in request.query_params.items() if k != "offset"}
    prev = None if offset <= 0 else request.url.path + "?" + urlencode({**params, "offset": max(0, offset - limit)})
    nxt = None if offset + limit >= total else request.url.path + "?" + urlencode({**params, "offset": offset + limit})
    return {"total": total, "from": offset + 1 if total else 0, "to": min(total, offset + limit), "prev": prev, "next": nxt}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    lang = _lang(request)
    with _conn(request) as c:
        ov = agg.overview(c, lang=lang)
        docs = qdocs.list_documents(c, limit=10)
        evs = qevents.list_events(c, qevents.EventFilter(), limit=10, with_total=False)
        tl = agg.timeline(c, interval="week")
    return render(request, "home.html", ov=ov, docs=docs.items, events=evs.items, chart=charts.bars(_localized(request, tl["series"], "quad"), "quad", height=200))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request) -> HTMLResponse:
    interval = request.query_params.get("interval") or "week"
    by = request.query_params.get("by") or "quad"
    with _conn(request) as c:
        tl = agg.timeline(c, interval=interval, by=by, country=_opt(request, "country"),
                          since=_opt(request, "since"), until=_opt(request, "until"))
    return render(request, "timeline.html", tl=tl, chart=charts.bars(_localized(request, tl["series"], by), by), interval=interval, by=by)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request) -> HTMLResponse:
    lang = _lang(request)
    with _conn(request) as c:
        net = agg.network(c, since=_opt(request, "since"), until=_opt(request, "until"), country=_opt(request, "country"),
                          min_events=_int(request, "min_events", 1, 1), limit=_int(request, "limit", 80, 1, 300), lang=lang)
    return render(request, "network.html", net=net, chart=charts.circle(net["nodes"], net["edges"]))


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request) -> HTMLResponse:
    lang = _lang(request)
    from ..lexicon.gazetteer import country_points

    with _conn(request) as c:
        pts = agg.map_points(c, since=_opt(request, "since"), until=_opt(request, "until"), country=_opt(request, "country"), lang=lang)
    backdrop = [(float(p.lat), float(p.lon)) for p in country_points()]
    return render(request, "map.html", pts=pts, chart=charts.world(pts["points"], backdrop))


@router.get("/countries/{code}", response_class=HTMLResponse)
def dossier(request: Request, code: str) -> HTMLResponse:
    lang = _lang(request)
    with _conn(request) as c:
        d = agg.dossier(c, code, since=_opt(request, "since"), until=_opt(request, "until"), lang=lang)
        if d is None:
            return not_found(request, code)
        evs = qevents.list_events(c, qevents.EventFilter(country=code, since=_opt(request, "since"), until=_opt(request, "until")), limit=15)
    series = [{"period": x["month"], "key": str(x["quad_class"]), "label": x["label"], "events": x["events"], "goldstein": 0.0}
              for x in d["classes"]]
    return render(request, "dossier.html", d=d, events=evs, chart=charts.bars(_localized(request, series, "quad"), "quad", height=220))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request) -> HTMLResponse:
    f = _filter(request)
    offset = _int(request, "offset", 0)
    sort = request.query_params.get("sort") or "-date"
    with _conn(request) as c:
        page = qevents.list_events(c, f, limit=PAGE, offset=offset, sort=sort)
    api = "/api/events?" + urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "lang")])
    return render(request, "events.html", page=page, pager=_pager(request, page.total, offset, PAGE), api=api,
                  plovers=qevents.plover_types())


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: int) -> HTMLResponse:
    with _conn(request) as c:
        ev = qevents.get_event(c, event_id)
    if ev is None:
        return not_found(request, f"event {event_id}")
    for m in ev["mentions"]:
        m["parts"] = _evidence_parts(m)
    return render(request, "event.html", ev=ev)


def _evidence_parts(m: dict[str, Any]) -> list[dict[str, str]]:
    """The evidence sentence cut at the trigger and the two actors (offsets relative to it)."""
    ev = m.get("evidence") or {}
    text, base = ev.get("text") or "", ev.get("start") or 0
    marks = []
    for kind, span in (("trigger", m.get("trigger")), ("event-source", m.get("source")), ("event-target", m.get("target"))):
        if span and isinstance(span.get("start"), int) and base <= span["start"] < span["end"] <= base + len(text):
            marks.append((span["start"] - base, span["end"] - base, kind))
    marks.sort()
    out, pos = [], 0
    for s, e, kind in marks:
        if s < pos:
            continue
        out.append({"text": text[pos:s], "kind": ""})
        out.append({"text": text[s:e], "kind": kind})
        pos = e
    out.append({"text": text[pos:], "kind": ""})
    return [p for p in out if p["text"]]


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request) -> HTMLResponse:
    offset = _int(request, "offset", 0)
    q = _opt(request, "q")
    with _conn(request) as c:
        page = qdocs.list_documents(c, outlet=_opt(request, "outlet"), since=_opt(request, "since"), until=_opt(request, "until"),
                                    q=q, sort="relevance" if q and not any(_opt(request, k) for k in ("outlet", "since", "until")) else "-published",
                                    limit=PAGE, offset=offset)
        outlets = qdocs.outlets(c)
    return render(request, "documents.html", page=page, pager=_pager(request, page.total, offset, PAGE), outlets=outlets, q=q)


@router.get("/search")
def search(request: Request) -> RedirectResponse:
    return RedirectResponse("/documents?" + urlencode(dict(request.query_params)), status_code=302)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    with _conn(request) as c:
        doc = qdocs.get_document(c, doc_id)
    if doc is None:
        return not_found(request, doc_id)
    anns = highlight.annotations(doc)
    paras = highlight.paragraphs(doc, anns)
    tips = [highlight.hover(a) for a in anns]
    return render(request, "document.html", doc=doc, anns=anns, paras=paras, tips=tips)


@router.get("/persons", response_class=HTMLResponse)
def persons(request: Request) -> HTMLResponse:
    offset = _int(request, "offset", 0)
    with _conn(request) as c:
        page = qpersons.list_persons(c, country=_opt(request, "country"), q=_opt(request, "q"), limit=PAGE, offset=offset)
    return render(request, "persons.html", page=page, pager=_pager(request, page.total, offset, PAGE))


@router.get("/persons/{key}", response_class=HTMLResponse)
def person(request: Request, key: str) -> HTMLResponse:
    with _conn(request) as c:
        p = qpersons.get_person(c, key)
    if p is None:
        return not_found(request, key)
    return render(request, "person.html", p=p)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request) -> HTMLResponse:
    offset = _int(request, "offset", 0)
    with _conn(request) as c:
        page = qstories.list_stories(c, min_docs=_int(request, "min_docs", 2, 1, 1000), since=_opt(request, "since"),
                                     until=_opt(request, "until"), limit=PAGE, offset=offset)
    return render(request, "stories.html", page=page, pager=_pager(request, page.total, offset, PAGE))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int) -> HTMLResponse:
    with _conn(request) as c:
        s = qstories.get_story(c, story_id)
    if s is None:
        return not_found(request, f"story {story_id}")
    return render(request, "story.html", s=s)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API's documentation, from its OpenAPI description: every endpoint with a form to try it."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = []
            for prm in op.get("parameters", []):
                sch = prm.get("schema", {})
                choices = sch.get("enum") or [x.get("const") for x in sch.get("anyOf", []) if "const" in x] or None
                params.append({"name": prm["name"], "in": prm["in"], "required": prm.get("required", False),
                               "description": prm.get("description") or sch.get("description") or "",
                               "default": sch.get("default"), "choices": choices})
            ops.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params, "tag": (op.get("tags") or [""])[0]})
    return render(request, "apidocs.html", ops=ops, spec=spec)
