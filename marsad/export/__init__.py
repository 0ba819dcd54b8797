"""``marsad export``: stored data in the field's formats, streamed.

``what`` picks the table (:mod:`.tables`: events, mentions, documents, persons, stories),
``fmt`` the format:

* ``jsonl`` — one JSON object per row, the columns of the table (UTF-8, Arabic as is);
* ``csv`` — the same columns with a header; lists and nested values as JSON text;
* ``parquet`` — the typed schema of :mod:`.tables` (docs/EXPORTS.md); to a file, or to a
  folder partitioned by year/month when the path is a folder (ends in ``/`` or exists);
* ``gdelt`` — events: the GDELT 2.0 Event table; mentions: the Mentions table
  (:mod:`.gdelt`; tab-separated);
* ``plover`` — events or mentions as PLOVER JSON records (:mod:`.plover`).

Rows are read from the store a page at a time and written as they come, so memory does not
grow with the export.
"""

from __future__ import annotations

import csv

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..store.db import Store
from . import gdelt
from .parquet import ParquetFile, PartitionedParquet
from .plover import plover_record
from .source import Filters, iter_documents, iter_events, iter_mentions, iter_persons, iter_stories
from .tables import SCHEMAS

__all__ = ["FORMATS", "WHATS", "Filters", "export", "rows"]

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
WHATS = ("events", "mentions", "documents", "persons", "stories")

_SOURCES = {"events": iter_events, "mentions": iter_mentions, "documents": iter_documents, "persons": iter_persons,
            "stories": iter_stories}


def rows(store: Store, what: str, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """The rows of one export table, streamed from the store."""
    return _SOURCES[what](store, filters)


@contextmanager
def _text_out(output: str | None) -> Iterator[IO[str]]:
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="") as f:
        yield f


def _csv_value(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else v


def _gdelt_mentions(store: Store, it: Iterable[dict[str, Any]]) -> Iterator[list[str]]:
    """Mentions-table rows; the event's DATEADDED, the document's URL and length looked up a
    page at a time."""
    import sqlalchemy as sa

    from ..store.schema import canonical_events, documents

    page: list[dict[str, Any]] = []

    def flush() -> Iterator[list[str]]:
        ids = sorted({r["doc_id"] for r in page})
        eids = sorted({r["event_id"] for r in page if r["event_id"] is not None})
        with store.engine.connect() as conn:
            docs = {r.doc_id: (r.url, r.n) for r in conn.execute(
                sa.select(documents.c.doc_id, documents.c.url, sa.func.length(documents.c.text).label("n"))
                .where(documents.c.doc_id.in_(ids)))}
            added = {r.id: (r.record or {}).get("first_stored") for r in conn.execute(
                sa.select(canonical_events.c.id, canonical_events.c.record).where(canonical_events.c.id.in_(eids)))}
        for r in page:
            url, n = docs.get(r["doc_id"], (None, None))
            yield gdelt.mention_fields(r, event_added=added.get(r["event_id"]), doc_len=n, url=url)
        page.clear()

    for r in it:
        page.append(r)
        if len(page) >= 1000:
            yield from flush()
    if page:
        yield from flush()


def export(
    store: Store, *, fmt: str, what: str, output: str | None = None, filters: Filters = Filters(),
    header: bool = False, on_row: Callable[[int], None] | None = None,
) -> int:
    """Write one table in one format; returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if what not in WHATS:
        raise ValueError(f"unknown table {what!r}: use one of {', '.join(WHATS)}")
    if fmt in ("gdelt", "plover") and what not in ("events", "mentions"):
        raise ValueError(f"--format {fmt} writes events or mentions, not {what}")
    tick = on_row or (lambda _n: None)
    n = 0
    source = rows(store, what, filters)
    if fmt == "parquet":
        if not output:
            raise ValueError("Parquet needs an output path (-o FILE.parquet, or -o FOLDER/ for year/month partitions)")
        schema = SCHEMAS[what]
        folder = output.endswith(("/", os.sep)) or Path(output).is_dir()
        rg = 1000 if what == "documents" else 5000  # documents carry their whole text
        w: Any = PartitionedParquet(output, schema, row_group=rg) if folder else ParquetFile(output, schema, row_group=rg)
        with w:
            for r in source:
                w.write(r)
                n += 1
                tick(1)
        return n
    with _text_out(output) as f:
        if fmt == "jsonl":
            for r in source:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
                tick(1)
        elif fmt == "csv":
            cols = SCHEMAS[what].names
            cw = csv.writer(f)
            cw.writerow(cols)
            for r in source:
                cw.writerow([_csv_value(r.get(c)) for c in cols])
                n += 1
                tick(1)
        elif fmt == "plover":
            for r in source:
                rec = plover_record(r)
                if rec is not None:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
                tick(1)
        else:  # gdelt
            cols = gdelt.EVENT_COLUMNS if what == "events" else gdelt.MENTION_COLUMNS
            if header:
                f.write("\t".join(cols) + "\n")
            fields = (gdelt.event_fields(r) for r in source) if what == "events" else _gdelt_mentions(store, source)
            for vals in fields:
                f.write("\t".join(vals) + "\n")
                n += 1
                tick(1)
    return n



