"""The database schema (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Changes to these tables go through a new Alembic revision in ``migrations/versions``; a test
checks that the migrated database matches this metadata.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("paths", sa.JSON, nullable=False),
    sa.Column("read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("stored", sa.Integer, nullable=False, server_default="0"),
    sa.Column("present", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(300), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("published_time", sa.String(5)),
    sa.Column("published_from", sa.String(16)),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("fmt", sa.String(8), nullable=False),
    sa.Column("encoding", sa.String(32)),
    sa.Column("body", sa.JSON, nullable=False),  # [[start, end], ...]
    sa.Column("removed", sa.JSON, nullable=False),  # [{start, end, text, reason}, ...]
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("sentences", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    # dates, places, actors, persons of this document (marsad.serialize.entities_dict)
    sa.Column("entities", sa.JSON),
)

# One row per distinct (source, line, code): re-running the same ingest updates last_seen
# and times instead of piling up copies.
rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False, server_default="0"),  # 0 = whole file
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("times", sa.Integer, nullable=False, server_default="1"),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
    sa.UniqueConstraint("source", "line", "code", name="uq_rejection_where_code"),
)

# Persons as entities across documents: spelling variants share ``key`` (see
# marsad.extract.persons.person_key); each document's mention of a person is one row of
# person_mentions with the name as written there.
persons = sa.Table(
    "persons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(300), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
)

person_mentions = sa.Table(
    "person_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False, index=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16)),
    sa.Column("title", sa.Text),
    sa.Column("country", sa.String(16)),
    sa.Column("spans", sa.JSON, nullable=False),
    sa.UniqueConstraint("person_id", "document_id", name="uq_person_document"),
)
