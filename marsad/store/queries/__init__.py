"""Read queries over the store, split by aggregate (documents, events, persons, stories,
aggregates, search). The web API, the dashboard and the command line call the same functions;
each takes an open SQLAlchemy connection and returns plain dicts. Filters are bound
parameters, never SQL text built from input."""

from .common import Page, QueryError

__all__ = ["Page", "QueryError"]
