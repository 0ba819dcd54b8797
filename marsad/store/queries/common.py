"""What the read queries share: a page of results and the error for a bad query."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

DATE_RX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
DAY_RX = re.compile(r"\d{4}-\d{2}-\d{2}")


class QueryError(ValueError):
    """A query the store will not run: a malformed value or one too costly. ``field`` names
    the parameter."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(slots=True)
class Page:
    """One page of a list: ``items``, the ``total`` matching, and where the page starts."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    extra: dict[str, Any] = field(default_factory=dict)


def check_day(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not DAY_RX.fullmatch(value):
        raise QueryError(f"{name} must be a date YYYY-MM-DD, not {value!r}", name)
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} is not a calendar date: {value!r}", name) from None
    return value


def count(conn: sa.Connection, q: Any) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(q.order_by(None).subquery())).scalar() or 0)
