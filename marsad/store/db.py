"""The store: SQLite by default (WAL), PostgreSQL by URL, one schema via SQLAlchemy Core.

Writes happen in batches, one transaction per batch. Documents are content-addressed: a
document whose ``content_hash`` is already stored is reported as *present* and not written
again, so ingesting the same inputs twice stores each document once.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import NotFound, StoreError
from ..model import Document, Rejection, RemovedLine, Span
from ..serialize import COMPRESS_AT, dumps_json, entities_json, entities_value, load_entities, loads_json, prepared_value, to_dict
from .lock import WriteLock
from .schema import documents, ingest_runs, person_mentions, persons, rejections

MAX_DOC_ID = 300  # documents.doc_id VARCHAR(300)


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


def migrate(engine: sa.Engine, lock: WriteLock | None = None) -> None:
    """Bring the database schema to the newest revision (no-op when it is current). Under
    the write ``lock``, so two processes opening a new database at once migrate it once."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()

    def current() -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    if current() == head:
        return
    with lock or WriteLock(engine):
        if current() == head:  # another process migrated while this one waited
            return
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # the sqlite3 driver runs DDL outside any transaction unless one is begun
                # explicitly: without this, a process killed mid-migration leaves tables
                # and no revision, and the next open fails on "table already exists"
                conn.exec_driver_sql("BEGIN")
            command.upgrade(_alembic_config(conn), "head")


def short_error(exc: BaseException, limit: int = 300) -> str:
    """A database error in one line: the driver's message without the SQL statement and
    parameters SQLAlchemy appends (kilobytes for a batch)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    text = text.split("\n[SQL:", 1)[0].split("\n", 1)[0].strip() or type(exc).__name__
    text = f"{type(orig if orig is not None else exc).__name__}: {text}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class BatchResult:
    stored: list[str] = field(default_factory=list)  # doc_ids written
    present: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, stored doc_id)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (wanted, given) doc_id
    events: int = 0  # event rows written


def _spans(spans: Iterable[Span]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def _event_records(doc: Document) -> list[dict[str, Any]]:
    return [to_dict(e) for e in doc.events]


class Prepared(NamedTuple):
    """A document's entities serialized ahead of :meth:`Store.write_batch` (:func:`prepare`)."""

    entities: str  # the ``entities`` column's JSON text
    events: list[dict[str, Any]]  # the event records (:func:`marsad.serialize.to_dict`)


def prepare(doc: Document) -> Prepared:
    """What :meth:`Store.write_batch` serializes of an extracted document, made beforehand:
    the same text and records (an ingest worker makes them, so the writing process does not)."""
    events = _event_records(doc)
    return Prepared(entities_json(doc, events=events), events)


def _doc_row(doc: Document, run_id: int | None, now: dt.datetime, extracted: bool = True,
             events: list[dict[str, Any]] | None = None, compress_at: int | None = None,
             entities: str | None = None) -> dict[str, Any]:
    """The ``documents`` row of ``doc``. Entities are serialized here, record by record
    (:func:`marsad.serialize.entities_value`: the same JSON as the dict tree, without the
    tree; compressed past ``compress_at`` characters), unless ``entities`` is that text
    already made (by an ingest worker: :func:`prepare`)."""
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
        # NULL: not extracted yet
        "entities": ((entities_value(doc, events=events, compress_at=compress_at) if entities is None
                      else prepared_value(entities, compress_at)) if extracted else None),
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

    def __init__(self, engine: sa.Engine, lock: WriteLock | None = None) -> None:
        self.engine = engine
        self.lock = lock or WriteLock(engine)  # every write step holds it (see marsad.store.lock)
        # documents the last assign_stories call placed without reclustering (no other
        # document's story or links changed): merge_events right after need not re-merge
        # their story partners' events among themselves. Any other write forgets it.
        self._joined: set[int] = set()
        # the search index's (title, body) of the documents the last write_batch stored, by
        # doc_id, built with their extraction (Document.search_view): merge_events indexes them
        # without reading them back
        self._views: dict[str, tuple[str, str]] = {}

    @classmethod
    def open(cls, db: str, *, create: bool = True) -> "Store":
        url = engine_url(db)
        if url.startswith("sqlite:///") and not create:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists():
                raise StoreError(f"no marsad database at {path} (run 'marsad ingest' first)")
        try:
            # SQLite: writers are serialized by the write lock; a reader may still wait on a
            # checkpoint, so wait rather than fail at once
            engine = sa.create_engine(url, connect_args={"timeout": 60} if url.startswith("sqlite") else {},
                                      json_serializer=dumps_json, json_deserializer=loads_json)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database URL {db!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        lock = WriteLock(engine)
        try:
            migrate(engine, lock)
        except sa.exc.OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {db!r}: {exc.orig}") from None
        except OSError as exc:  # the SQLite lock file beside the database
            engine.dispose()
            raise StoreError(f"cannot open database {db!r}: {exc}") from None
        return cls(engine, lock)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def _compress_at(self) -> int | None:
        """Entities JSON longer than this is stored compressed: a BLOB in SQLite's JSON
        column (PostgreSQL's ``json`` takes text only)."""
        return COMPRESS_AT if self.dialect == "sqlite" else None

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # --- ingest runs -----------------------------------------------------------------
    def begin_run(self, paths: Sequence[str]) -> int:
        import socket

        with self.lock, self.engine.begin() as conn:
            res = conn.execute(ingest_runs.insert().values(
                started_at=_now(), paths=list(paths), status="running", host=socket.gethostname()[:255],
                pid=os.getpid()))
            return int(res.inserted_primary_key[0])

    def finish_run(self, run_id: int, *, read: int, stored: int, present: int, rejected: int) -> None:
        with self.lock, self.engine.begin() as conn:
            conn.execute(
                ingest_runs.update()
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=_now(), read=read, stored=stored, present=present, rejected=rejected,
                        status="finished")
            )

    def close_interrupted_runs(self) -> list[dict[str, Any]]:
        """Close the runs this machine started whose process is gone (killed before it could
        finish): status ``interrupted``, ``stored`` counted from the documents they wrote.
        Runs of live processes and of other machines are left open. Returns the closed runs
        (id, started_at, paths, stored)."""
        import socket

        host = socket.gethostname()[:255]
        closed = []
        with self.lock, self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(ingest_runs.c.id, ingest_runs.c.started_at, ingest_runs.c.paths, ingest_runs.c.pid,
                          ingest_runs.c.host)
                .where(ingest_runs.c.finished_at.is_(None))
            ).all()
            for r in rows:
                if r.host != host or r.pid is None or r.pid == os.getpid() or _alive(r.pid):
                    continue
                stored = int(conn.execute(
                    sa.select(sa.func.count()).select_from(documents).where(documents.c.run_id == r.id)
                ).scalar() or 0)
                conn.execute(ingest_runs.update().where(ingest_runs.c.id == r.id).values(
                    finished_at=_now(), status="interrupted", stored=stored))
                closed.append({"id": r.id, "started_at": r.started_at, "paths": r.paths, "stored": stored})
        return closed

    def list_runs(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Ingest runs, newest first (``status``: running, finished or interrupted)."""
        q = sa.select(ingest_runs).order_by(ingest_runs.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    # --- unfinished work (a run killed between its steps) ---------------------------------
    def pending_steps(self) -> dict[str, int]:
        """Work a killed run left undone: stored documents without a story fingerprint
        (``stories``) and documents with events not merged into canonical events
        (``merge``). Each step records its completion in the transaction that does it (the
        fingerprint row; the events' ``canonical_id``), so this is exact."""
        from .schema import events, story_fingerprints

        with self.engine.connect() as conn:
            stories_ = conn.execute(
                sa.select(sa.func.count()).select_from(documents)
                .where(~sa.exists().where(story_fingerprints.c.document_id == documents.c.id))
            ).scalar()
            merge = conn.execute(
                sa.select(sa.func.count(sa.distinct(events.c.document_id))).where(events.c.canonical_id.is_(None))
            ).scalar()
        return {"stories": int(stories_ or 0), "merge": int(merge or 0)}

    def finish_pending(self, *, merge: bool = True) -> dict[str, int]:
        """Assign stories to stored documents that have none and merge events not merged
        yet (what a run killed after storing a batch left undone). Idempotent; returns how
        many documents each step took up."""
        from .canon import merge_events
        from .schema import events

        with self.lock:
            report = self.assign_stories(None)
            done = {"stories": report.documents, "merge": 0}
            if merge:
                with self.engine.connect() as conn:
                    pks = sorted(conn.execute(
                        sa.select(events.c.document_id).where(events.c.canonical_id.is_(None)).distinct()
                    ).scalars())
                if pks:
                    merge_events(self.engine, pks)
                done["merge"] = len(pks)
        return done

    # --- writing -------------------------------------------------------------------------
    def write_batch(
        self,
        docs: Sequence[Document],
        rejected: Sequence[Rejection],
        run_id: int | None = None,
        *,
        extracted: bool = True,
        prepared: Mapping[str, Prepared] | None = None,
    ) -> BatchResult:
        """Store a batch of documents and rejections in one transaction.

        A document whose content is already stored (in the database or earlier in the batch)
        is *present* and not written. A new document whose ``doc_id`` is taken by different
        content is stored under ``<doc_id>~<hash8>`` so nothing is lost; the rename is reported.
        ``extracted=False``: the extract stages have not run on these documents (their
        entities are stored as NULL; :meth:`extract_pending` finds them). ``prepared``: by
        content hash, documents' serialized entities made already (:func:`prepare`, in the
        ingest workers, so the writing process does not serialize them).
        """
        self._joined = set()
        self._views = {}
        result = BatchResult()
        now = _now()
        with self.lock, self.engine.begin() as conn:
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
                records: dict[str, list[dict[str, Any]]] = {}  # event records by doc_id, made once
                written: list[Document] = []  # the documents this batch inserts, each once
                for doc in docs:
                    if doc.content_hash in existing_hash:
                        result.present.append((doc.doc_id, existing_hash[doc.content_hash]))
                        continue
                    wanted = doc.doc_id
                    if wanted in taken_ids:
                        doc.doc_id = f"{wanted[: MAX_DOC_ID - 9]}~{doc.content_hash[:8]}"
                        result.renamed.append((wanted, doc.doc_id))
                    taken_ids.add(doc.doc_id)
                    existing_hash[doc.content_hash] = doc.doc_id
                    made = prepared.get(doc.content_hash) if prepared and extracted else None
                    records[doc.doc_id] = made.events if made is not None else _event_records(doc)
                    rows.append(_doc_row(doc, run_id, now, extracted, records[doc.doc_id], self._compress_at,
                                         made.entities if made is not None else None))
                    written.append(doc)
                if rows:
                    # RETURNING: only the rows this statement inserted get events and persons,
                    # whatever another writer did (idempotent by design, not only by the lock)
                    inserted = set(conn.execute(
                        self._insert(documents).on_conflict_do_nothing().returning(documents.c.doc_id), rows
                    ).scalars())
                    written = [d for d in written if d.doc_id in inserted]
                    # the search index's text built with the extraction, for merge_events
                    self._views = {d.doc_id: d.search_view for d in written if d.search_view is not None}
                    result.stored.extend(d.doc_id for d in written)
                    result.events = sum(len(d.events) for d in written)
                    doc_pk = self._doc_pks(conn, [d for d in written if d.persons or d.events])
                    self._write_persons(conn, written, now, doc_pk)
                    del rows  # the serialized entities: written
                    self._write_events(conn, written, doc_pk, records)
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

    @staticmethod
    def _doc_pks(conn: sa.Connection, docs: Sequence[Document]) -> dict[str, int]:
        """Primary keys of these (just written) documents, by doc_id: one query per batch."""
        if not docs:
            return {}
        q = sa.select(documents.c.doc_id, documents.c.id).where(documents.c.doc_id.in_([d.doc_id for d in docs]))
        return dict(conn.execute(q).all())

    def _write_persons(
        self, conn: sa.Connection, docs: Sequence[Document], now: dt.datetime, doc_pk: dict[str, int]
    ) -> None:
        """Link each stored document's persons to cross-document person entities by key."""
        with_persons = [d for d in docs if d.persons]
        if not with_persons:
            return
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

    # --- events (marsad.extract.events) ------------------------------------------------
    def _write_events(
        self,
        conn: sa.Connection,
        docs: Sequence[Document],
        doc_pk: dict[str, int],
        records_of: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        """Store each stored document's events, linked to the document and its sentence.
        ``records_of``: the documents' event records already made (by doc_id), reused."""
        from ..model import actor_side
        from ..stories.events import block_key
        from .schema import events

        with_events = [d for d in docs if d.events]
        if not with_events:
            return
        rows = []
        for d in with_events:
            done = (records_of or {}).get(d.doc_id)
            records = done if done is not None else _event_records(d)
            for e, record in zip(d.events, records):
                t = e.target
                src, tgt = actor_side(e.source), actor_side(t)
                rows.append({
                    "document_id": doc_pk[d.doc_id], "sentence": e.sentence, "paragraph": e.paragraph,
                    "code": e.code, "root": e.root, "plover_type": e.plover_type, "plover_mode": e.plover_mode,
                    "goldstein": e.goldstein, "quad_class": e.quad_class,
                    "source_code": e.source.code, "source_side": src or "",
                    "target_code": None if t is None else t.code,
                    "target_side": tgt,
                    "date": e.date, "date_precision": e.date_precision, "date_basis": e.date_basis,
                    "location": e.location.country if e.location else None,
                    "modality": e.modality, "link": e.link, "confidence": e.confidence,
                    "topics": list(e.topics), "record": record,
                    "block": block_key(e.root, src, tgt),
                })
        conn.execute(events.insert(), rows)

    def count_events(self) -> int:
        from .schema import events

        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(events)).scalar() or 0)

    def list_events(
        self,
        *,
        country: str | None = None,
        pair: tuple[str, str] | None = None,
        code: str | None = None,
        root: str | None = None,
        since: str | None = None,
        until: str | None = None,
        topic: str | None = None,
        modalities: Sequence[str] | None = ("realized", "planned"),
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events as each document reports them (one per mention), oldest first: the
        event record (as ``marsad extract`` prints it) plus ``doc_id``, ``published`` and
        ``title`` of its document and ``event_id``, the canonical event it was merged into
        (None until merged). Filters: ``country`` — either party is this state or
        organisation; ``pair`` — the two parties, in either direction; ``code`` (a CAMEO
        code, or a prefix of one: ``04``, ``042``) or ``root``; ``since``/``until``
        (YYYY-MM-DD) — the event's date range overlaps them (an event dated "2019" overlaps
        2019-05-01); ``topic``; ``modalities`` — which modalities to list (default realized
        and planned; None for all); ``doc_id`` — one document's events."""
        from .schema import events

        q = (
            sa.select(events.c.record, events.c.date, events.c.canonical_id, documents.c.doc_id,
                      documents.c.published, documents.c.title)
            .join(documents, documents.c.id == events.c.document_id)
            .order_by(events.c.date.is_(None), events.c.date, events.c.id)
        )
        q = _event_filters(q, events, country=country, pair=pair, code=code, root=root, modalities=modalities)
        if doc_id is not None:
            q = q.where(documents.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        out = []
        for r in _dated(rows, since, until, topic):
            out.append({**r.record, "doc_id": r.doc_id, "published": r.published, "title": r.title,
                        "event_id": r.canonical_id})
            if limit and len(out) >= limit:
                break
        return out

    def merge_events(
        self, docs: Sequence[Document] | None = None, *, rules: Any = None, extra_blocks: Sequence[str] = ()
    ) -> Any:
        """Merge the events of the stored documents among ``docs`` (matched by content hash;
        None: every stored event) with the events other documents report about the same
        real-world event (:mod:`marsad.stories.events`). Run after :meth:`assign_stories`.
        Idempotent; returns a :class:`marsad.store.canon.MergeReport`."""
        with self.lock:
            return self._merge_events(docs, rules, extra_blocks)

    def _merge_events(self, docs: Sequence[Document] | None, rules: Any, extra_blocks: Sequence[str]) -> Any:
        from .canon import merge_events

        pks: list[int] | None = None
        views: dict[int, tuple[str, str]] = {}  # search index text of the documents the last batch wrote
        if docs is not None:
            hashes = sorted({d.content_hash for d in docs})
            pks = []
            with self.engine.connect() as conn:
                for i in range(0, len(hashes), 5000):
                    for pk, doc_id in conn.execute(
                        sa.select(documents.c.id, documents.c.doc_id).where(
                            documents.c.content_hash.in_(hashes[i : i + 5000]))
                    ).all():
                        pks.append(pk)
                        if doc_id in self._views:
                            views[pk] = self._views[doc_id]
        self._views = {}
        from . import derived  # the API's summary and search index follow every merge

        quiet, self._joined = (set(pks) & self._joined if pks else set()), set()
        if pks is None:
            report = merge_events(self.engine, None, rules, extra_blocks=extra_blocks)
            derived.refresh(self.engine)
            return report
        return merge_events(self.engine, pks, rules, extra_blocks=extra_blocks, quiet=quiet,
                            then=lambda conn, rep: derived.update(conn, pks, (rep.touched_ids, rep.touched_keys),
                                                                  extra_blocks, views))
        return report

    def list_canonical_events(
        self,
        *,
        country: str | None = None,
        pair: tuple[str, str] | None = None,
        code: str | None = None,
        root: str | None = None,
        since: str | None = None,
        until: str | None = None,
        topic: str | None = None,
        modalities: Sequence[str] | None = ("realized", "planned"),
        min_articles: int = 1,
        ids: Sequence[int] | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Real-world events merged across documents, oldest first: the record of the
        mention that carries the most precise date, with ``event_id``, ``num_mentions``,
        ``num_articles``, ``num_sources``, ``first_seen`` (earliest publication date of its
        documents), ``first_stored`` (when marsad stored the first of them), ``doc_ids``, ``outlets``,
        ``date_from`` (the document whose date was taken) and ``mentions`` (document,
        sentence, trigger and evidence offsets of each report). Filters as in
        :meth:`list_events`; ``min_articles`` — only events reported by at least this many
        documents; ``ids`` — only these events."""
        from .schema import canonical_events as ce

        q = sa.select(ce.c.id, ce.c.record, ce.c.date).order_by(ce.c.date.is_(None), ce.c.date, ce.c.id)
        q = _event_filters(q, ce, country=country, pair=pair, code=code, root=root, modalities=modalities)
        if min_articles > 1:
            q = q.where(ce.c.num_articles >= min_articles)
        if ids is not None:
            q = q.where(ce.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        out = []
        for r in _dated(rows, since, until, topic):
            out.append({"event_id": r.id, **r.record})
            if limit and len(out) >= limit:
                break
        return out

    # --- extraction of stored documents (marsad process) -----------------------------------
    def count_pending(self, *, redo: bool = False) -> int:
        """Stored documents the extract stages have not run on (all documents with ``redo``)."""
        q = sa.select(sa.func.count()).select_from(documents)
        if not redo:
            q = q.where(documents.c.entities.is_(None))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def extract_pending(self, *, redo: bool = False, batch: int = 200) -> Iterable[list[Document]]:
        """Batches of stored documents the extract stages have not run on (ingested with
        ``extract`` off), oldest first; with ``redo``, every stored document. Documents come
        back without entities; write the results with :meth:`replace_extraction`."""
        last = 0
        while True:
            q = sa.select(documents).where(documents.c.id > last).order_by(documents.c.id).limit(batch)
            if not redo:
                q = q.where(documents.c.entities.is_(None))
            with self.engine.connect() as conn:
                rows = conn.execute(q).mappings().all()
            if not rows:
                return
            last = rows[-1]["id"]
            docs = []
            for r in rows:
                doc = _row_doc(r)
                load_entities(doc, None)
                docs.append(doc)
            yield docs

    def replace_extraction(self, docs: Sequence[Document]) -> list[str]:
        """Store new extraction results of stored documents in one transaction: their
        entities, persons and events replace the old ones. Returns the merge blocks that lost
        events (pass them to :meth:`merge_events` with the documents)."""
        self._joined, self._views = set(), {}
        from .schema import events

        now = _now()
        with self.lock, self.engine.begin() as conn:
            doc_pk = self._doc_pks(conn, docs)
            pks = sorted(doc_pk.values())
            old_blocks = sorted(b for b in conn.execute(
                sa.select(events.c.block).where(events.c.document_id.in_(pks)).distinct()).scalars() if b)
            conn.execute(events.delete().where(events.c.document_id.in_(pks)))
            conn.execute(person_mentions.delete().where(person_mentions.c.document_id.in_(pks)))
            stored = [d for d in docs if d.doc_id in doc_pk]
            records = {d.doc_id: _event_records(d) for d in stored}
            conn.execute(
                documents.update().where(documents.c.id == sa.bindparam("pk")).values(entities=sa.bindparam("ents")),
                [{"pk": doc_pk[d.doc_id], "ents": entities_value(d, events=records[d.doc_id], compress_at=self._compress_at)}
                 for d in stored],
            )
            self._write_persons(conn, stored, now, doc_pk)
            self._write_events(conn, stored, doc_pk, records)
        return old_blocks

    # --- end of the events section ------------------------------------------------------

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
    def is_extracted(self, doc_id: str) -> bool:
        """Whether the extract stages have run on this stored document (False when it was
        ingested with ``extract`` off and not processed yet). Raises NotFound."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(documents.c.entities.is_not(None)).where(documents.c.doc_id == doc_id)
            ).first()
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return bool(row[0])

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

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())

    def list_rejections(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        q = sa.select(rejections).order_by(rejections.c.last_seen.desc(), rejections.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


    # ===================================================================================
    # --- stories (marsad.stories): near-duplicates and story clusters --------------------
    # Additive section: fingerprints, LSH buckets, links and stories. The linking rule and
    # the clustering are pure functions in marsad.stories; this section only reads and
    # writes. Entry point: marsad.stories.assign_stories(store, docs).
    # ===================================================================================

    def assign_stories(
        self,
        docs: Sequence[Document] | None = None,
        *,
        thresholds: Any = None,
        batch: int = 500,
        max_bucket: int | None = None,
        fingerprints: Any = None,
    ) -> "StoryReport":
        """Fingerprint the stored documents among ``docs`` that have none yet (all such
        documents when ``docs`` is None), link them to the documents they share a story
        with, and update the stories they touch. One transaction per ``batch`` documents.

        Idempotent: a document already fingerprinted is skipped. Order-independent: the
        stories depend only on the set of documents (see marsad.stories.cluster).
        ``max_bucket`` (default :data:`marsad.stories.index.MAX_BUCKET`): an LSH bucket carried
        by more stored documents than this is boilerplate shared too widely to say anything
        and gives no candidates — by its size over the whole store, as the batch engine counts
        it: when a bucket fills up, the links only it gave are removed (``_story_unbucket``),
        so neither the order of arrival nor the batch size changes the stories."""
        from ..stories import index

        with self.lock:
            self._joined = set()
            mb = index.MAX_BUCKET if max_bucket is None else max_bucket
            return self._assign_stories(docs, thresholds, batch, mb, fingerprints or {})

    def _assign_stories(
        self, docs: Sequence[Document] | None, thresholds: Any, batch: int, max_bucket: int, fps: Any = None
    ) -> "StoryReport":
        from ..stories.cluster import Thresholds

        th = thresholds or Thresholds()
        report = StoryReport()
        if docs is not None:
            by_hash = {d.content_hash: d for d in docs}
            with self.engine.connect() as conn:
                rows = _story_pending(conn, list(by_hash))
            todo = [(pk, doc_id, by_hash[h]) for pk, doc_id, h in rows]
            for i in range(0, len(todo), batch):
                self._story_chunk(todo[i : i + batch], th, max_bucket, report, fps)
            return report
        while True:  # every stored document without a fingerprint, in insertion order
            from .schema import story_fingerprints

            q = (
                sa.select(documents)
                .where(~sa.exists().where(story_fingerprints.c.document_id == documents.c.id))
                .order_by(documents.c.id)
                .limit(batch)
            )
            with self.engine.connect() as conn:
                found = conn.execute(q).mappings().all()
            if not found:
                return report
            self._story_chunk([(r["id"], r["doc_id"], _row_doc(r)) for r in found], th, max_bucket, report)

    def _story_chunk(
        self, todo: list[tuple[int, str, Document]], th: Any, max_bucket: int, report: "StoryReport",
        fps_known: Any = None,
    ) -> None:
        """Fingerprint, link and place the documents of one chunk, one at a time in id order.

        Bounded work per document: it is compared with at most :data:`STORY_REPRESENTATIVES`
        indexed members of each story its LSH buckets reach, and it joins that story without
        reclustering it when the clustering's first step says nothing else can change
        (:meth:`_story_join`); otherwise the component it touches is reclustered
        (:meth:`_story_recluster`). A document that is a ``same`` copy of
        :data:`STORY_INDEX_SAME` indexed members is not put in the LSH buckets: the story is
        found through them."""
        import numpy as np

        from ..stories.cluster import Item, compare
        from ..stories.index import band_keys_many
        from ..stories import document_fingerprint
        from ..stories.minhash import SCHEME
        from .schema import story_bucket_sizes, story_fingerprints

        now = _now()
        items: dict[int, Any] = {}
        for pk, doc_id, doc in todo:
            fp = (fps_known or {}).get(doc.content_hash) or document_fingerprint(doc)
            items[pk] = Item(doc_id, doc.published, fp)
        pks = sorted(items)
        meta = {pk: (doc.published, doc.outlet) for pk, _doc_id, doc in todo}
        keys_of = dict(zip(pks, band_keys_many([items[pk].fp for pk in pks])))
        with self.engine.begin() as conn:
            new_k = np.fromiter((k for pk in pks for k in keys_of[pk]), dtype=np.int64)
            uniq, counts = np.unique(new_k, return_counts=True)  # a document's keys are distinct
            # One rule with the batch engine: a bucket carried by more than max_bucket stored
            # documents (indexed or not) is over-full and gives no candidates, to any document.
            # Sizes only grow, so a bucket that fills up now is dropped for the documents before
            # too (_story_unbucket): the stories follow the final sizes, whatever the order.
            sizes = _story_add_sizes(conn, self._insert(story_bucket_sizes), uniq.tolist(), counts.tolist())
            hot = {k for k, n in sizes.items() if n > max_bucket}
            report.hot_buckets += len(hot)
            filled = {k for k, c in zip(uniq.tolist(), counts.tolist()) if k in hot and sizes[k] - c <= max_bucket}
            if filled:
                self._story_unbucket(conn, filled, max_bucket, now, report)
            found = _story_lookup(conn, [k for k in uniq.tolist() if k not in hot])
            by_key: dict[int, list[int]] = {}
            for k, p in found:
                by_key.setdefault(k, []).append(p)
            conn.execute(
                story_fingerprints.insert(),
                [{"document_id": pk, "scheme": SCHEME, "shingles": it.fp.shingles,
                  "signature": it.fp.signature_bytes(), "passages": it.fp.passage_bytes(), "words": it.fp.words,
                  "vocabulary": it.fp.vocabulary_bytes()} for pk, it in items.items()],
            )
            state = _StoryState(conn, now)
            olds = sorted({p for ps in by_key.values() for p in ps})
            state.load(olds)
            fps: dict[int, Any] = {**_story_items(conn, olds), **items}  # one query, not one per document
            indexed: list[int] = []
            for x in pks:
                shared: dict[int, int] = {}
                for k in keys_of[x]:
                    for q in by_key.get(k, ()):
                        shared[q] = shared.get(q, 0) + 1
                # at most STORY_REPRESENTATIVES candidates per story: most shared buckets first
                per_story: dict[Any, list[tuple[int, int]]] = {}
                for q, n in shared.items():
                    sid = state.story(q)
                    per_story.setdefault(sid if sid is not None else ("doc", q), []).append((-n, q))
                chosen = sorted(q for cands in per_story.values() for _, q in sorted(cands)[:STORY_REPRESENTATIVES])
                missing = [q for q in chosen if q not in fps]
                if missing:
                    fps.update(_story_items(conn, missing))
                report.candidates += len(chosen)
                links = []
                for q in chosen:
                    link = compare(items[x], fps[q], th)
                    if link is not None:
                        report.links[link.kind] = report.links.get(link.kind, 0) + 1
                        links.append((q, link))
                state.links.extend(
                    {"doc_a": x if link.a == items[x].key else q, "doc_b": q if link.a == items[x].key else x,
                     "kind": link.kind,
                     "host_doc": None if link.host is None else (x if link.host == items[x].key else q),
                     "jaccard": link.jaccard, "containment": link.containment, "shared": link.shared,
                     "words": link.words, "passages": link.passages, "score": link.score,
                     "gap_days": link.gap_days, "spans_a": link.spans_a, "spans_b": link.spans_b}
                    for q, link in links
                )
                joined = state.join(x, meta[x], links, report)
                if joined is None:  # the clustering may change beyond this document: recluster
                    state.flush(self)
                    report.reclustered += 1
                    nodes = self._story_recluster(conn, {x}, now, report)
                    state.forget(nodes)
                    state.load(sorted(nodes & (state.known | {x})))
                    same = 0
                else:
                    same = joined
                    self._joined.add(x)
                if same < STORY_INDEX_SAME:
                    indexed.append(x)
                    for k in keys_of[x]:
                        if k not in hot:
                            by_key.setdefault(k, []).append(x)
                else:
                    state.unindexed.append(x)
            state.flush(self)
            rows = sorted((k, x) for x in indexed for k in keys_of[x] if k not in hot)
            _story_insert_buckets(conn, rows)
            if state.unindexed:
                from .schema import story_members

                conn.execute(story_members.update().where(story_members.c.document_id.in_(state.unindexed))
                             .values(indexed=False))
            report.documents += len(todo)

    def _story_unbucket(
        self, conn: sa.Connection, filled: set[int], max_bucket: int, now: dt.datetime, report: "StoryReport"
    ) -> None:
        """Buckets that have just become over-full: drop their rows, and every link between
        two documents that no longer share a bucket of at most ``max_bucket`` documents (what
        the batch engine, counting final sizes, never finds); recluster what those links
        held together. Once per bucket; the work is bounded by its ``max_bucket`` members
        and their links."""
        from ..stories.index import band_keys_many
        from .schema import story_buckets, story_links

        keys = sorted(filled)
        members: set[int] = set()
        for i in range(0, len(keys), 1000):
            part = keys[i : i + 1000]
            members.update(conn.execute(sa.select(story_buckets.c.document_id).where(story_buckets.c.key.in_(part))).scalars())
            conn.execute(story_buckets.delete().where(story_buckets.c.key.in_(part)))
        if not members:
            return
        links: list[tuple[int, int]] = []
        mem = sorted(members)
        for i in range(0, len(mem), 5000):
            part = mem[i : i + 5000]
            links.extend((r.doc_a, r.doc_b) for r in conn.execute(
                sa.select(story_links.c.doc_a, story_links.c.doc_b).where(
                    sa.or_(story_links.c.doc_a.in_(part), story_links.c.doc_b.in_(part)))))
        links = sorted(set(links))
        if not links:
            return
        ends = sorted({d for lk in links for d in lk})
        items = _story_items(conn, ends)
        have = [d for d in ends if d in items]
        keys_of = {d: set(ks) for d, ks in zip(have, band_keys_many([items[d].fp for d in have]))}
        all_keys = sorted({k for ks in keys_of.values() for k in ks})
        hot = {k for k, n in _story_sizes(conn, all_keys).items() if n > max_bucket}
        gone = [(a, b) for a, b in links if not (keys_of.get(a, set()) & keys_of.get(b, set())) - hot]
        if not gone:
            return
        for a, b in gone:
            conn.execute(story_links.delete().where(story_links.c.doc_a == a, story_links.c.doc_b == b))
        seeds = {d for lk in gone for d in lk}
        report.reclustered += len(seeds)
        self._story_recluster(conn, seeds, now, report)

    def _story_recluster(
        self, conn: sa.Connection, seeds: set[int], now: dt.datetime, report: "StoryReport"
    ) -> set[int]:
        """Recompute the stories of every document connected to ``seeds`` by merging links
        (same / contain) and write the differences. Returns the documents of that component."""
        from ..stories.cluster import JOINING, Link, cluster_links
        from .schema import stories, story_links, story_members, story_merges

        merging = JOINING
        nodes = set(seeds)
        frontier = set(seeds)
        links: dict[tuple[int, int], sa.Row[Any]] = {}
        while frontier:
            nxt: set[int] = set()
            f = sorted(frontier)
            for i in range(0, len(f), 5000):
                part = f[i : i + 5000]
                q = sa.select(story_links).where(
                    story_links.c.kind.in_(merging),
                    sa.or_(story_links.c.doc_a.in_(part), story_links.c.doc_b.in_(part)),
                )
                for row in conn.execute(q):
                    links[(row.doc_a, row.doc_b)] = row
                    for d in (row.doc_a, row.doc_b):
                        if d not in nodes:
                            nodes.add(d)
                            nxt.add(d)
            frontier = nxt
        node_list = sorted(nodes)
        info: dict[int, sa.Row[Any]] = {}
        old: dict[int, int] = {}
        was_indexed: dict[int, bool] = {}
        for i in range(0, len(node_list), 5000):
            part = node_list[i : i + 5000]
            for r in conn.execute(
                sa.select(documents.c.id, documents.c.doc_id, documents.c.published, documents.c.outlet).where(
                    documents.c.id.in_(part)
                )
            ):
                info[r.id] = r
            for d, s, ix in conn.execute(
                sa.select(story_members.c.document_id, story_members.c.story_id, story_members.c.indexed).where(
                    story_members.c.document_id.in_(part)
                )
            ):
                old[d] = s
                was_indexed[d] = ix is not False
        key = {pk: info[pk].doc_id for pk in node_list}
        pk_of = {v: k for k, v in key.items()}
        link_objs = [
            Link(key[r.doc_a], key[r.doc_b], r.kind, r.jaccard, r.containment, r.passages, r.shared, r.score,
                 r.gap_days, key[r.host_doc] if r.host_doc is not None else None, r.spans_a, r.spans_b, r.words)
            for r in links.values()
        ]
        clustering = cluster_links(list(key.values()), link_objs)
        groups = [[pk_of[k] for k in g] for g in clustering.stories]
        # which side of a link a roundup kept partial takes part in the other's story
        for (pa, pb), row in links.items():
            want = clustering.roundup_of.get((key[pa], key[pb]))
            want_pk = pk_of[want] if want is not None else None
            if row.roundup_doc != want_pk:
                conn.execute(
                    story_links.update()
                    .where(story_links.c.doc_a == pa, story_links.c.doc_b == pb)
                    .values(roundup_doc=want_pk)
                )
        group_of = {pk: gi for gi, g in enumerate(groups) for pk in g}
        # member scores: strongest merging link inside the group
        score: dict[int, float] = {}
        for link in link_objs:
            a, b = pk_of[link.a], pk_of[link.b]
            if group_of[a] == group_of[b]:
                s = link.score
                score[a] = max(score.get(a, 0.0), s)
                score[b] = max(score.get(b, 0.0), s)
        # story ids: each old story goes to the group holding most of its members
        claims: list[tuple[int, int, int]] = []
        for gi, g in enumerate(groups):
            counts: dict[int, int] = {}
            for pk in g:
                if pk in old:
                    counts[old[pk]] = counts.get(old[pk], 0) + 1
            claims.extend((-n, sid, gi) for sid, n in counts.items())
        sid_of: dict[int, int] = {}
        used: set[int] = set()
        for _, sid, gi in sorted(claims):
            if gi not in sid_of and sid not in used:
                sid_of[gi] = sid
                used.add(sid)
        old_ids = set(old.values())
        dropped = old_ids - used
        # write: members of the component, then stories
        for i in range(0, len(node_list), 5000):
            conn.execute(story_members.delete().where(story_members.c.document_id.in_(node_list[i : i + 5000])))
        if dropped:
            conn.execute(stories.delete().where(stories.c.id.in_(sorted(dropped))))

        def story_row(g: list[int]) -> dict[str, Any]:
            dates = sorted(p for pk in g if (p := info[pk].published))
            outlets = sorted({o for pk in g if (o := info[pk].outlet)})
            return {"documents": len(g), "first_published": dates[0] if dates else None,
                    "last_published": dates[-1] if dates else None, "outlets": outlets, "updated_at": now}

        fresh = [gi for gi in range(len(groups)) if gi not in sid_of]
        if fresh:
            rows = [{**story_row(groups[gi]), "created_at": now} for gi in fresh]
            ids = conn.execute(
                stories.insert().returning(stories.c.id, sort_by_parameter_order=True), rows
            ).scalars().all()
            sid_of.update(zip(fresh, ids))
            report.stories_created += len(fresh)
        for gi, sid in sid_of.items():
            if gi in fresh:
                continue
            row = story_row(groups[gi])
            conn.execute(stories.update().where(stories.c.id == sid).values(**row))
        # the first step's state of every member (what an incremental join checks)
        label: dict[str, int] = {}
        for k, root in clustering.step1.items():
            label[root] = min(label.get(root, pk_of[k]), pk_of[k])
        conn.execute(
            story_members.insert(),
            [{"document_id": pk, "story_id": sid_of[group_of[pk]], "score": score.get(pk),
              "same_group": label[clustering.step1[key[pk]]], "linked_groups": clustering.linked.get(key[pk], 0),
              "own_linked": key[pk] in clustering.own_linked, "indexed": was_indexed.get(pk, True)}
             for pk in node_list],
        )
        # record how old stories moved
        moves: dict[tuple[int, int], int] = {}
        for pk, s in old.items():
            new_sid = sid_of[group_of[pk]]
            if new_sid != s:
                moves[(s, new_sid)] = moves.get((s, new_sid), 0) + 1
        if moves:
            new_ids = sorted(key[pk] for pk in seeds if pk in key)[:50]
            conn.execute(
                story_merges.insert(),
                [{"from_story": a, "into_story": b, "kind": "merge" if a in dropped else "split",
                  "documents": new_ids, "at": now} for (a, b) in sorted(moves)],
            )
            report.merges += sum(1 for (a, _b) in moves if a in dropped)
            report.splits += sum(1 for (a, _b) in moves if a not in dropped)
        return set(node_list)

    def list_stories(
        self, *, min_docs: int = 2, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """Stories told by at least ``min_docs`` documents (members plus partial members),
        largest first: ``story_id``, ``documents``, ``first_published``,
        ``last_published``, ``outlets``, ``doc_ids``, ``titles``, ``dates``, ``members``
        (doc_id, title, published, outlet, score) and ``parts`` — documents that tell this
        story in some paragraphs only (a roundup), with those paragraphs' ``spans``."""
        from .schema import stories

        with self.engine.connect() as conn:
            parts = _story_parts(conn)
            q = sa.select(stories.c.id).where(stories.c.documents >= min_docs)
            if min_docs <= 1:
                q = sa.select(stories.c.id)
            ids = set(conn.execute(q).scalars()) | set(parts)
            out = _story_dicts(conn, sorted(ids), parts)
        out = [s for s in out if s["documents"] + len(s["parts"]) >= min_docs]
        if since:
            out = [s for s in out if s["last_published"] is None or s["last_published"] >= since]
        if until:
            out = [s for s in out if s["first_published"] is None or s["first_published"] <= until]
        out.sort(key=lambda s: (-(s["documents"] + len(s["parts"])), s["first_published"] or "9999", s["story_id"]))
        return out[:limit] if limit else out

    def story_of(self, doc_id: str) -> dict[str, Any] | None:
        """The story a document belongs to (as in :meth:`list_stories`, plus ``part_of``:
        the ids of stories it tells in some paragraphs only), or None when stories have
        not been assigned to it yet. Raises NotFound for an unknown ``doc_id``."""
        from .schema import story_members

        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(documents.c.id, story_members.c.story_id)
                .select_from(documents.outerjoin(story_members, story_members.c.document_id == documents.c.id))
                .where(documents.c.doc_id == doc_id)
            ).first()
            if row is None:
                raise NotFound(f"no document with id {doc_id!r}")
            if row.story_id is None:
                return None
            parts = _story_parts(conn)
            (story,) = _story_dicts(conn, [row.story_id], parts)
        story["part_of"] = sorted(sid for sid, ps in parts.items() if any(p["doc_id"] == doc_id for p in ps))
        return story

    def story_links(self, doc_id: str) -> list[dict[str, Any]]:
        """The verified links of one document to others (kind, jaccard, containment,
        shared 3-grams, shared sentences, score, the paragraphs involved)."""
        from .schema import story_links

        with self.engine.connect() as conn:
            pk = conn.execute(sa.select(documents.c.id).where(documents.c.doc_id == doc_id)).scalar()
            if pk is None:
                raise NotFound(f"no document with id {doc_id!r}")
            rows = conn.execute(
                sa.select(story_links).where(sa.or_(story_links.c.doc_a == pk, story_links.c.doc_b == pk))
            ).mappings().all()
            ids = {r["doc_a"] for r in rows} | {r["doc_b"] for r in rows}
            names = dict(conn.execute(sa.select(documents.c.id, documents.c.doc_id).where(documents.c.id.in_(ids))).all()) if ids else {}
        out = []
        for r in rows:
            mine, other = ("a", "b") if r["doc_a"] == pk else ("b", "a")
            out.append({
                "doc_id": names[r[f"doc_{other}"]], "kind": r["kind"], "jaccard": r["jaccard"],
                "containment": r["containment"], "shared": r["shared"], "words": r["words"],
                "passages": r["passages"],
                "score": r["score"], "gap_days": r["gap_days"],
                "host": None if r["host_doc"] is None else names[r["host_doc"]],
                "roundup": None if r["roundup_doc"] is None else names[r["roundup_doc"]],
                "spans": r[f"spans_{mine}"], "other_spans": r[f"spans_{other}"],
            })
        out.sort(key=lambda x: (-x["score"], x["doc_id"]))
        return out

    def story_merges(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """How story ids changed as documents arrived: ``from_story`` → ``into_story``,
        ``kind`` (merge: the old story is gone; split: part of it moved), the documents
        whose arrival caused it, and when."""
        from .schema import story_merges

        q = sa.select(story_merges).order_by(story_merges.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]


#: A new document is compared with at most this many indexed members of each story its LSH
#: buckets reach (those sharing most buckets with it): the cost of a document does not grow
#: with the size of the stories it joins.
STORY_REPRESENTATIVES = 8
#: A document that is a ``same`` copy of this many indexed members is not indexed itself
#: (its story is found through them), so a story of many copies keeps few bucket rows.
STORY_INDEX_SAME = 4


class _StoryState:
    """The story state of the documents one chunk touches (their story, the clustering's
    first-step state, scores) and the writes of incremental joins, flushed before any
    recluster and at the end of the chunk."""

    def __init__(self, conn: sa.Connection, now: dt.datetime) -> None:
        self.conn = conn
        self.now = now
        self.members: dict[int, dict[str, Any]] = {}
        self.known: set[int] = set()
        self.links: list[dict[str, Any]] = []
        self.new_members: list[dict[str, Any]] = []
        self.updates: dict[int, dict[str, Any]] = {}
        self.stories: dict[int, dict[str, Any]] = {}
        self.dirty: set[int] = set()
        self.unindexed: list[int] = []
        self.fresh: list[int] = []  # new stories not inserted yet (negative ids)

    def load(self, pks: list[int]) -> None:
        from .schema import story_members as m

        for i in range(0, len(pks), 5000):
            part = pks[i : i + 5000]
            for r in self.conn.execute(
                sa.select(m.c.document_id, m.c.story_id, m.c.same_group, m.c.linked_groups, m.c.own_linked,
                          m.c.score).where(m.c.document_id.in_(part))
            ):
                self.members[r.document_id] = {"story": r.story_id, "same_group": r.same_group,
                                               "linked": r.linked_groups, "own": r.own_linked, "score": r.score}
        self.known.update(pks)

    def forget(self, pks: set[int]) -> None:
        for pk in pks:
            self.members.pop(pk, None)
        self.stories.clear()

    def story(self, pk: int) -> int | None:
        m = self.members.get(pk)
        return None if m is None else m["story"]

    def _story_row(self, sid: int) -> dict[str, Any]:
        from .schema import stories

        if sid not in self.stories:
            r = self.conn.execute(
                sa.select(stories.c.documents, stories.c.first_published, stories.c.last_published,
                          stories.c.outlets).where(stories.c.id == sid)
            ).one()
            self.stories[sid] = {"documents": r.documents, "first_published": r.first_published,
                                 "last_published": r.last_published, "outlets": list(r.outlets or [])}
        return self.stories[sid]

    def join(self, x: int, meta: tuple[str | None, str | None], links: list[tuple[int, Any]],
             report: "StoryReport") -> int | None:
        """Place new document ``x`` (its ``links`` to documents already placed) without
        reclustering, when the clustering's first step shows that nothing but ``x``
        changes: its joining links all reach one story, its ``same`` links one group of
        step 1, and neither ``x`` nor any document it links to reaches two groups (so no
        roundup decision is made or changed; see marsad.stories.cluster). Returns the
        number of ``same`` links, or None when the component must be reclustered."""
        from ..stories.cluster import JOINING
        from .schema import stories

        published, outlet = meta
        joining = [(q, l) for q, l in links if l.kind in JOINING]
        if not joining:  # a story of its own: inserted at the next flush (a negative id till then)
            sid = -1 - len(self.fresh)
            self.fresh.append(sid)
            self.stories[sid] = {"documents": 1, "first_published": published, "last_published": published,
                                 "outlets": [outlet] if outlet else []}
            report.stories_created += 1
            self._add(x, sid, x, 0, False, None)
            return 0
        ms = [self.members.get(q) for q, _ in joining]
        if any(m is None or m["same_group"] is None or m["linked"] is None or m["own"] is None for m in ms):
            return None
        if len({m["story"] for m in ms}) != 1:
            return None
        same = [m["same_group"] for m, (_q, l) in zip(ms, joining) if l.kind == "same"]
        if len(set(same)) > 1:
            return None
        g = same[0] if same else x
        if g > x:  # the group's label is its smallest document id
            return None
        by_group = {m["same_group"] for m, (_q, l) in zip(ms, joining) if m["same_group"] != g or l.kind == "same"}
        if len(by_group) > 1:
            return None
        changes: dict[int, dict[str, Any]] = {}
        for m, (q, l) in zip(ms, joining):
            if m["same_group"] == g and l.kind != "same":
                continue  # not counted by q: x is in q's own group
            if m["same_group"] == g:  # a same link: q's own group now counts for q
                if m["own"]:
                    if m["linked"] > 1:
                        return None
                elif m["linked"] >= 1:
                    return None
                else:
                    changes[q] = {"linked": 1, "own": True}
            elif m["linked"] != 0:
                return None
            else:
                changes[q] = {"linked": 1}
        sid = ms[0]["story"]
        best = 0.0
        for m, (q, l) in zip(ms, joining):
            best = max(best, l.score)
            if m["score"] is None or l.score > m["score"]:
                changes.setdefault(q, {})["score"] = l.score
        for q, ch in changes.items():
            self.members[q].update({"linked" if k == "linked" else k: v for k, v in ch.items()})
            self.updates.setdefault(q, {}).update(ch)
        row = self._story_row(sid)
        row["documents"] += 1
        if published:
            row["first_published"] = min(filter(None, [row["first_published"], published]))
            row["last_published"] = max(filter(None, [row["last_published"], published]))
        if outlet and outlet not in row["outlets"]:
            row["outlets"] = sorted({*row["outlets"], outlet})
        self.dirty.add(sid)
        self._add(x, sid, g, len(by_group), bool(same), best)
        return len(same)

    def _add(self, x: int, sid: int, group: int, linked: int, own: bool, score: float | None) -> None:
        self.members[x] = {"story": sid, "same_group": group, "linked": linked, "own": own, "score": score}
        self.known.add(x)
        self.new_members.append({"document_id": x, "story_id": sid, "score": score, "same_group": group,
                                 "linked_groups": linked, "own_linked": own, "indexed": True})

    def flush(self, store: "Store") -> None:
        from .schema import stories, story_links, story_members

        conn = self.conn
        if self.fresh:
            rows = [{**self.stories[sid], "created_at": self.now, "updated_at": self.now} for sid in self.fresh]
            ids = conn.execute(
                stories.insert().returning(stories.c.id, sort_by_parameter_order=True), rows
            ).scalars().all()
            real = dict(zip(self.fresh, ids))
            for m in self.members.values():
                if m["story"] in real:
                    m["story"] = real[m["story"]]
            for row in self.new_members:
                row["story_id"] = real.get(row["story_id"], row["story_id"])
            self.dirty -= set(self.fresh)
            self.fresh = []
        if self.links:
            conn.execute(store._insert(story_links).on_conflict_do_nothing(), self.links)
            self.links = []
        if self.new_members:
            conn.execute(story_members.insert(), self.new_members)
            self.new_members = []
        cols = {"linked": "linked_groups", "own": "own_linked", "score": "score"}
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for pk, ch in self.updates.items():
            by_shape.setdefault(tuple(sorted(ch)), []).append({"pk": pk, **{cols[k]: v for k, v in ch.items()}})
        for shape, rows in by_shape.items():
            conn.execute(
                story_members.update().where(story_members.c.document_id == sa.bindparam("pk"))
                .values({cols[k]: sa.bindparam(cols[k]) for k in shape}),
                rows,
            )
        self.updates = {}
        if self.dirty:
            conn.execute(
                stories.update().where(stories.c.id == sa.bindparam("sid")).values(
                    documents=sa.bindparam("n"), first_published=sa.bindparam("fp"),
                    last_published=sa.bindparam("lp"), outlets=sa.bindparam("o"), updated_at=self.now),
                [{"sid": sid, "n": r["documents"], "fp": r["first_published"], "lp": r["last_published"],
                  "o": r["outlets"]} for sid, r in ((sid, self.stories[sid]) for sid in sorted(self.dirty))],
            )
            self.dirty = set()
        self.stories.clear()


@dataclass(slots=True)
class StoryReport:
    """What one :meth:`Store.assign_stories` call did."""

    documents: int = 0  # documents fingerprinted and assigned
    candidates: int = 0  # pairs verified
    links: dict[str, int] = field(default_factory=dict)  # by kind: same | contain | part
    stories_created: int = 0
    merges: int = 0
    splits: int = 0
    hot_buckets: int = 0  # LSH buckets skipped as too common
    reclustered: int = 0  # documents whose arrival needed their component reclustered

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "candidates": self.candidates, "links": dict(self.links),
                "stories_created": self.stories_created, "merges": self.merges, "splits": self.splits,
                "hot_buckets": self.hot_buckets, "reclustered": self.reclustered}


def _story_pending(conn: sa.Connection, hashes: list[str]) -> list[tuple[int, str, str]]:
    """(pk, doc_id, content_hash) of the stored documents with these hashes and no fingerprint."""
    from .schema import story_fingerprints

    out = []
    for i in range(0, len(hashes), 5000):
        part = hashes[i : i + 5000]
        q = (
            sa.select(documents.c.id, documents.c.doc_id, documents.c.content_hash)
            .where(documents.c.content_hash.in_(part))
            .where(~sa.exists().where(story_fingerprints.c.document_id == documents.c.id))
            .order_by(documents.c.id)
        )
        out.extend((r.id, r.doc_id, r.content_hash) for r in conn.execute(q))
    return out


def _story_lookup(conn: sa.Connection, keys: list[int]) -> list[tuple[int, int]]:
    """(key, document pk) of every stored bucket row with one of these keys. The keys are
    integers, inlined into the SQL (a literal IN list is several times faster than bound
    parameters for thousands of keys)."""
    out: list[tuple[int, int]] = []
    for i in range(0, len(keys), 10000):
        part = ",".join(str(int(k)) for k in keys[i : i + 10000])
        out.extend(conn.exec_driver_sql(f"SELECT key, document_id FROM story_buckets WHERE key IN ({part})").all())
    return out


def _story_sizes(conn: sa.Connection, keys: list[int]) -> dict[int, int]:
    """The stored size (documents) of each of these bucket keys that has one."""
    out: dict[int, int] = {}
    for i in range(0, len(keys), 10000):
        part = ",".join(str(int(k)) for k in keys[i : i + 10000])
        out.update(conn.exec_driver_sql(f"SELECT key, documents FROM story_bucket_sizes WHERE key IN ({part})").all())
    return out


def _story_add_sizes(conn: sa.Connection, insert: Any, keys: list[int], counts: list[int]) -> dict[int, int]:
    """Add ``counts`` new documents to the sizes of these bucket keys; their sizes after."""
    from .schema import story_bucket_sizes as t

    if not keys:
        return {}
    stmt = insert.on_conflict_do_update(index_elements=[t.c.key], set_={"documents": t.c.documents + insert.excluded.documents})
    conn.execute(stmt, [{"key": k, "documents": n} for k, n in zip(keys, counts)])
    return _story_sizes(conn, keys)


def _story_insert_buckets(conn: sa.Connection, rows: list[tuple[int, int]]) -> None:
    """Bulk-insert bucket rows: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        with raw.cursor() as cur, cur.copy("COPY story_buckets (key, document_id) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql("INSERT OR IGNORE INTO story_buckets (key, document_id) VALUES (?, ?)", rows)


def _story_items(conn: sa.Connection, pks: list[int]) -> dict[int, Any]:
    """Stored fingerprints as marsad.stories.cluster.Item, by document pk."""
    from ..stories.cluster import Item
    from ..stories.minhash import Fingerprint
    from .schema import story_fingerprints as f

    out: dict[int, Any] = {}
    for i in range(0, len(pks), 5000):
        part = pks[i : i + 5000]
        q = (
            sa.select(f.c.document_id, f.c.shingles, f.c.signature, f.c.passages, f.c.words, f.c.vocabulary,
                      documents.c.doc_id, documents.c.published)
            .join(documents, documents.c.id == f.c.document_id)
            .where(f.c.document_id.in_(part))
        )
        for r in conn.execute(q):
            fp = Fingerprint.from_bytes(r.shingles, r.signature, r.passages, r.words, r.vocabulary)
            out[r.document_id] = Item(r.doc_id, r.published, fp)
    return out


def _story_parts(conn: sa.Connection) -> dict[int, list[dict[str, Any]]]:
    """Partial members by story id: for every link whose two documents ended in different
    stories, the roundup that kept it partial (else the longer document, the host), with
    its paragraphs that tell the other story."""
    from .schema import story_links as l, story_members

    ma, mb = story_members.alias("ma"), story_members.alias("mb")
    member = sa.func.coalesce(l.c.roundup_doc, l.c.host_doc)
    q = (
        sa.select(l.c.doc_a, l.c.doc_b, member.label("host_doc"), l.c.score, l.c.spans_a, l.c.spans_b,
                  ma.c.story_id.label("sa"), mb.c.story_id.label("sb"))
        .join(ma, ma.c.document_id == l.c.doc_a)
        .join(mb, mb.c.document_id == l.c.doc_b)
        .where(member.is_not(None), ma.c.story_id != mb.c.story_id)
    )
    rows = conn.execute(q).all()
    if not rows:
        return {}
    ids = {r.host_doc for r in rows}
    meta = {
        r.id: r
        for r in conn.execute(
            sa.select(documents.c.id, documents.c.doc_id, documents.c.title, documents.c.published, documents.c.outlet)
            .where(documents.c.id.in_(ids))
        )
    }
    parts: dict[int, dict[str, dict[str, Any]]] = {}
    for r in rows:
        host_is_a = r.host_doc == r.doc_a
        story = r.sb if host_is_a else r.sa
        spans = r.spans_a if host_is_a else r.spans_b
        m = meta[r.host_doc]
        entry = parts.setdefault(story, {}).setdefault(
            m.doc_id, {"doc_id": m.doc_id, "title": m.title, "published": m.published, "outlet": m.outlet,
                       "spans": [], "score": 0.0}
        )
        entry["spans"] = sorted({tuple(s) for s in entry["spans"]} | {tuple(s) for s in spans})
        entry["score"] = max(entry["score"], r.score)
    return {
        sid: [dict(p, spans=[list(s) for s in p["spans"]]) for _, p in sorted(ps.items())]
        for sid, ps in parts.items()
    }


def _story_dicts(conn: sa.Connection, ids: list[int], parts: dict[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    from .schema import stories, story_members

    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 5000):
        part = ids[i : i + 5000]
        for s in conn.execute(sa.select(stories).where(stories.c.id.in_(part))).mappings():
            out[s["id"]] = {"story_id": s["id"], "documents": s["documents"], "first_published": s["first_published"],
                            "last_published": s["last_published"], "outlets": s["outlets"], "doc_ids": [],
                            "titles": [], "dates": [], "members": [], "parts": parts.get(s["id"], [])}
        q = (
            sa.select(story_members.c.story_id, story_members.c.score, documents.c.doc_id, documents.c.title,
                      documents.c.published, documents.c.outlet)
            .join(documents, documents.c.id == story_members.c.document_id)
            .where(story_members.c.story_id.in_(part))
            .order_by(documents.c.published.is_(None), documents.c.published, documents.c.doc_id)
        )
        for r in conn.execute(q):
            s = out[r.story_id]
            s["doc_ids"].append(r.doc_id)
            s["titles"].append(r.title)
            s["dates"].append(r.published)
            s["members"].append({"doc_id": r.doc_id, "title": r.title, "published": r.published,
                                 "outlet": r.outlet, "score": r.score})
    return [out[i] for i in ids if i in out]


# --- end of the stories section -------------------------------------------------------------

def _event_filters(
    q: Any, table: sa.Table, *, country: str | None, pair: tuple[str, str] | None, code: str | None,
    root: str | None, modalities: Sequence[str] | None,
) -> Any:
    """The SQL filters shared by event mentions and canonical events."""
    c = table.c
    if country:
        q = q.where(sa.or_(c.source_side == country, c.target_side == country))
    if pair:
        a, b = pair
        q = q.where(sa.or_(sa.and_(c.source_side == a, c.target_side == b),
                           sa.and_(c.source_side == b, c.target_side == a)))
    if code:
        q = q.where(c.code.startswith(code))
    if root:
        q = q.where(c.root == root.zfill(2))
    if modalities is not None:
        q = q.where(c.modality.in_(list(modalities)))
    return q


def _dated(rows: Iterable[Any], since: str | None, until: str | None, topic: str | None) -> Iterable[Any]:
    """Rows (with ``date`` and ``record``) whose date range overlaps since..until and whose
    record has ``topic``."""
    for r in rows:
        if since or until:
            first, last = _event_range(r.date)
            if first is None or (since and last < since) or (until and first > until):
                continue
        if topic and topic not in (r.record or {}).get("topics", []):
            continue
        yield r


def _event_range(date: str | None) -> tuple[str | None, str]:
    """An event date as its first and last day ("2019" -> 2019-01-01 .. 2019-12-31)."""
    if not date:
        return None, ""
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"
    return date, date


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
