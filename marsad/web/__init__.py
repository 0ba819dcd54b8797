"""The observatory: a REST API (``/api``) and a server-rendered dashboard over a marsad store.

``create_app(db)`` builds the FastAPI application; ``marsad serve`` runs it on uvicorn.
Routes are thin: every query lives in :mod:`marsad.store.queries`."""

from .app import create_app

__all__ = ["create_app"]
