"""Alembic environment: marsad runs migrations programmatically on an open connection
(see :func:`marsad.store.db.migrate`); ``alembic`` on the command line is not needed."""

from __future__ import annotations

from alembic import context

from marsad.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached if someone runs alembic by hand
    raise RuntimeError("marsad migrations run through marsad.store.db.migrate(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
