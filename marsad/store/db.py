"""The store: SQLite by default (WAL), PostgreSQL by URL, one schema via SQLAlchemy Core.

Writes happen in batches, one transaction per batch. Documents are content-addressed: a
document whose ``content_hash`` is already stored is reported as *present* and not written
again, so ingesting the same inputs twice stores each document once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import NotFound, StoreError
from ..model import Document, Rejection, RemovedLine, Span
from ..serialize import entities_dict, load_entities
from .schema import documents, ingest_runs, person_mentions, persons, rejections


def engine_url(db: str) -> str:
    """Turn a ``--db`` value into a SQLAlchemy URL: a plain path means a SQLite file."""
    if "://" not in db:
        return "sqlite:///" + str(Path(db).expanduser().resolve())
    scheme, rest = db.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return "postgresql+psycopg://" + rest
    return db


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marsad.store") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: sa.Engine) -> None:
    """Bring the database schema to the newest revision (no-op when it is current)."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


@dataclass(slots=True)
class BatchResult:
    stored: list[str] = field(default_factory=list)  # doc_ids written
    present: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, stored doc_id)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (wanted, given) doc_id


def _spans(spans: Iterable[Span]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def _doc_row(doc: Document, run_id: int | None, now: dt.datetime) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "content_hash": doc.content_hash,
        "text": doc.text,
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "author": doc.author,
        "published": doc.published,
        "published_time": doc.published_time,
        "published_from": doc.published_from,
        "source": doc.source,
        "line": doc.line,
        "fmt": doc.fmt,
        "encoding": doc.encoding,
        "body": _spans(doc.body),
        "removed": [
            {"start": r.start, "end": r.end, "text": r.text, "reason": r.reason} for r in doc.removed
        ],
        "paragraphs": _spans(doc.paragraphs),
        "sentences": _spans(doc.sentences),
        "meta": doc.meta,
        "warnings": doc.warnings,
        "run_id": run_id,
        "ingested_at": now,
        "entities": entities_dict(doc),
    }


def _row_doc(row: sa.RowMapping) -> Document:
    doc = Document(
        doc_id=row["doc_id"],
        text=row["text"],
        content_hash=row["content_hash"],
        source=row["source"],
        fmt=row["fmt"],
        body=[Span(s, e) for s, e in row["body"]],
        removed=[RemovedLine(**r) for r in row["removed"]],
        paragraphs=[Span(s, e) for s, e in row["paragraphs"]],
        sentences=[Span(s, e) for s, e in row["sentences"]],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        author=row["author"],
        published=row["published"],
        published_time=row["published_time"],
        published_from=row["published_from"],
        encoding=row["encoding"],
        line=row["line"],
        meta=row["meta"] or {},
        warnings=row["warnings"] or [],
    )
    load_entities(doc, row["entities"])
    return doc


class Store:
    """A marsad database. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str, *, create: bool = True) -> "Store":
        url = engine_url(db)
        if url.startswith("sqlite:///") and not create:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists():
                raise StoreError(f"no marsad database at {path} (run 'marsad ingest' first)")
        try:
            engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database URL {db!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        try:
            migrate(engine)
        except sa.exc.OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {db!r}: {exc.orig}") from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # --- ingest runs -----------------------------------------------------------------
    def begin_run(self, paths: Sequence[str]) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(ingest_runs.insert().values(started_at=_now(), paths=list(paths)))
            return int(res.inserted_primary_key[0])

    def finish_run(self, run_id: int, *, read: int, stored: int, present: int, rejected: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                ingest_runs.update()
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=_now(), read=read, stored=stored, present=present, rejected=rejected)
            )

    # --- writing -------------------------------------------------------------------------
    def write_batch(
        self, docs: Sequence[Document], rejected: Sequence[Rejection], run_id: int | None = None
    ) -> BatchResult:
        """Store a batch of documents and rejections in one transaction.

        A document whose content is already stored (in the database or earlier in the batch)
        is *present* and not written. A new document whose ``doc_id`` is taken by different
        content is stored under ``<doc_id>~<hash8>`` so nothing is lost; the rename is reported.
        """
        result = BatchResult()
        now = _now()
        with self.engine.begin() as conn:
            if docs:
                hashes = {d.content_hash for d in docs}
                existing_hash = dict(
                    conn.execute(
                        sa.select(documents.c.content_hash, documents.c.doc_id).where(
                            documents.c.content_hash.in_(hashes)
                        )
                    ).all()
                )
                ids = {d.doc_id for d in docs}
                taken_ids = set(
                    conn.execute(sa.select(documents.c.doc_id).where(documents.c.doc_id.in_(ids))).scalars()
                )
                rows = []
                for doc in docs:
                    if doc.content_hash in existing_hash:
                        result.present.append((doc.doc_id, existing_hash[doc.content_hash]))
                        continue
                    wanted = doc.doc_id
                    if wanted in taken_ids:
                        doc.doc_id = f"{wanted}~{doc.content_hash[:8]}"
                        result.renamed.append((wanted, doc.doc_id))
                    taken_ids.add(doc.doc_id)
                    existing_hash[doc.content_hash] = doc.doc_id
                    rows.append(_doc_row(doc, run_id, now))
                    result.stored.append(doc.doc_id)
                if rows:
                    conn.execute(self._insert(documents).on_conflict_do_nothing(), rows)
                    self._write_persons(conn, [d for d in docs if d.doc_id in set(result.stored)], now)
            for rej in rejected:
                stmt = self._insert(rejections).values(
                    source=rej.source,
                    line=rej.line or 0,
                    stage=rej.stage,
                    code=rej.code,
                    message=rej.message,
                    first_seen=now,
                    last_seen=now,
                    times=1,
                    run_id=run_id,
                )
                stmt = stmt.on_conflict_do_update(
                    index_elements=["source", "line", "code"],
                    set_={
                        "last_seen": now,
                        "times": rejections.c.times + 1,
                        "message": rej.message,
                        "run_id": run_id,
                    },
                )
                conn.execute(stmt)
        return result

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are already stored."""
        if not hashes:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(documents.c.content_hash).where(documents.c.content_hash.in_(set(hashes)))
            ).scalars()
            return set(rows)

    def _write_persons(self, conn: sa.Connection, docs: Sequence[Document], now: dt.datetime) -> None:
        """Link each stored document's persons to cross-document person entities by key."""
        with_persons = [d for d in docs if d.persons]
        if not with_persons:
            return
        doc_pk = dict(
            conn.execute(
                sa.select(documents.c.doc_id, documents.c.id).where(
                    documents.c.doc_id.in_([d.doc_id for d in with_persons])
                )
            ).all()
        )
        names: dict[str, str] = {}
        for d in with_persons:
            for p in d.persons:
                names.setdefault(p.key or p.name, p.name)
        conn.execute(
            self._insert(persons).on_conflict_do_nothing(index_elements=["key"]),
            [{"key": k, "name": n, "first_seen": now} for k, n in names.items()],
        )
        person_pk = dict(conn.execute(sa.select(persons.c.key, persons.c.id).where(persons.c.key.in_(list(names)))).all())
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for d in with_persons:
            for p in d.persons:
                pid, did = person_pk[p.key or p.name], doc_pk[d.doc_id]
                row = rows.setdefault(
                    (pid, did),
                    {"person_id": pid, "document_id": did, "name": p.name, "role": p.role,
                     "title": p.title, "country": p.country, "spans": []},
                )
                row["spans"].extend([m.start, m.end] for m in p.mentions)
        conn.execute(self._insert(person_mentions).on_conflict_do_nothing(), list(rows.values()))

    def list_persons(self, *, country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Persons across documents: name, variants (names as written), most common role,
        title and affiliation, and how many documents mention them (most documents first)."""
        q = (
            sa.select(
                persons.c.id, persons.c.key, persons.c.name, person_mentions.c.name.label("variant"),
                person_mentions.c.role, person_mentions.c.title, person_mentions.c.country,
                documents.c.doc_id,
            )
            .join(person_mentions, person_mentions.c.person_id == persons.c.id)
            .join(documents, documents.c.id == person_mentions.c.document_id)
            .order_by(persons.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        grouped: dict[int, dict[str, Any]] = {}
        for r in rows:
            g = grouped.setdefault(r["id"], {"key": r["key"], "name": r["name"], "variants": [], "roles": [],
                                             "titles": [], "countries": [], "doc_ids": []})
            if r["variant"] not in g["variants"]:
                g["variants"].append(r["variant"])
            for field_, value in (("roles", r["role"]), ("titles", r["title"]), ("countries", r["country"])):
                if value:
                    g[field_].append(value)
            g["doc_ids"].append(r["doc_id"])
        out = []
        for g in grouped.values():
            top = lambda xs: max(set(xs), key=xs.count) if xs else None  # noqa: E731
            item = {"name": g["name"], "key": g["key"], "role": top(g["roles"]), "title": top(g["titles"]),
                    "country": top(g["countries"]), "variants": g["variants"], "documents": len(set(g["doc_ids"])),
                    "doc_ids": sorted(set(g["doc_ids"]))}
            if country and item["country"] != country:
                continue
            out.append(item)
        out.sort(key=lambda x: (-x["documents"], x["name"]))
        return out[:limit] if limit else out

    # --- reading -------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.doc_id == doc_id)).mappings().first()
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return _row_doc(row)

    def iter_documents(self, *, batch: int = 500) -> Iterable[Document]:
        """All documents in insertion order, streamed in batches."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = (
                    conn.execute(
                        sa.select(documents).where(documents.c.id > last).order_by(documents.c.id).limit(batch)
                    )
                    .mappings()
                    .all()
                )
            if not rows:
                return
            for row in rows:
                yield _row_doc(row)
            last = rows[-1]["id"]

    def list_documents(
        self,
        *,
        limit: int | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        c = documents.c
        q = sa.select(
            c.doc_id, c.published, c.outlet, c.title, c.fmt, c.source, sa.func.length(c.text).label("chars")
        ).order_by(c.published.is_(None), c.published, c.doc_id)
        if outlet:
            q = q.where(c.outlet == outlet)
        if since:
            q = q.where(c.published >= since)
        if until:
            q = q.where(c.published <= until)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())

    def list_rejections(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        q = sa.select(rejections).order_by(rejections.c.last_seen.desc(), rejections.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
