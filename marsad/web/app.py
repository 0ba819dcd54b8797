"""The FastAPI application: API, dashboard, static files, security headers and limits."""

from __future__ import annotations

import hmac
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import derived
from ..store.db import Store
from ..store.queries import QueryError

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
QUERY_SECONDS = 5.0  # one statement longer than this is stopped (query-cost limit)


def error_body(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    """The one error shape of the API: ``{"error": {"status", "code", "message", "field"}}``."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message, "field": field}}, status_code=status)


def _read_only(engine: sa.Engine, seconds: float) -> None:
    """Make every connection of ``engine`` read-only and stop statements that run too long."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        if engine.dialect.name == "sqlite":
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA query_only=ON")
            cur.close()
        else:
            cur = dbapi_conn.cursor()
            cur.execute("SET default_transaction_read_only = on")
            cur.execute(f"SET statement_timeout = {int(seconds * 1000)}")
            cur.close()
            dbapi_conn.commit()

    engine.dispose()  # connections opened before (the migration check) were not made read-only
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "engine_connect")
        def _deadline(conn: sa.Connection) -> None:
            raw = conn.connection.driver_connection
            end = time.monotonic() + seconds
            raw.set_progress_handler(lambda: 1 if time.monotonic() > end else 0, 1000)  # type: ignore[union-attr]


def create_app(db: str, *, token: str | None = None, catch_up: bool = True, query_seconds: float = QUERY_SECONDS) -> FastAPI:
    """The observatory over the store at ``db`` (a SQLite path or a database URL). With
    ``token``, every request must carry it (``Authorization: Bearer``, ``?token=`` or the
    cookie that ``?token=`` sets). ``catch_up`` first brings the summary and search index up to
    date (:func:`marsad.store.derived.catch_up`), the only write the server makes."""
    from . import api, pages

    if catch_up:
        with Store.open(db, create=False) as st:
            derived.catch_up(st.engine)
    store = Store.open(db, create=False)
    _read_only(store.engine, query_seconds)

    app = FastAPI(
        title="marsad observatory API",
        version="1",
        description=(
            "Read-only access to a marsad event database: documents with every extracted field and its offsets, "
            "events merged across documents, persons, stories, aggregates and full-text search over normalized Arabic. "
            "Every response is `{data, meta}`; every error `{error: {status, code, message, field}}`. "
            "Lists take `limit` (≤ 200) and `offset`, and `format=csv|jsonl` downloads up to 10,000 rows."
        ),
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.token = token

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or \
                request.query_params.get("token") or request.cookies.get("marsad_token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return error_body(401, "unauthorized", "an access token is required (Authorization: Bearer TOKEN or ?token=TOKEN)")
        if request.method not in ("GET", "HEAD"):
            return error_body(405, "method_not_allowed", "the observatory is read-only: only GET requests")
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if token is not None and request.query_params.get("token"):
            response.set_cookie("marsad_token", token, httponly=True, samesite="strict")
        lang = request.query_params.get("lang")
        if lang in ("ar", "en"):
            response.set_cookie("lang", lang, samesite="lax")
        return response

    def _page_error(request: Request, status: int, message: str) -> Response | None:
        """Dashboard pages answer errors with a page, the API with the error shape."""
        if request.url.path.startswith(("/api", "/openapi", "/static")):
            return None
        from .pages import render

        return render(request, "error.html", status=status, message=message)

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> Response:
        return _page_error(request, 400, str(exc)) or error_body(400, "bad_query", str(exc), exc.field)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(x) for x in first.get("loc", []) if x not in ("query", "path")]
        return _page_error(request, 400, f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid')}") or error_body(400, "bad_parameter", f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid')}",
                          loc[-1] if loc else None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        return _page_error(request, exc.status_code, str(exc.detail)) or error_body(
            exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(sa.exc.OperationalError)
    async def _too_costly(_r: Request, exc: sa.exc.OperationalError) -> JSONResponse:
        text = str(exc.orig).lower()
        if "interrupt" in text or "statement timeout" in text or "canceling statement" in text:
            return error_body(503, "query_too_costly", f"the query ran longer than {query_seconds:g} s: narrow it")
        return error_body(500, "database_error", "the database could not answer")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
