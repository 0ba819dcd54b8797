"""Canonical events: events merged across documents; events get their merge block.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "canonical_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("block", sa.String(48), nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.Column("root", sa.String(2), nullable=False),
        sa.Column("source_side", sa.String(16), nullable=False),
        sa.Column("target_side", sa.String(16)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("num_mentions", sa.Integer, nullable=False),
        sa.Column("num_articles", sa.Integer, nullable=False),
        sa.Column("num_sources", sa.Integer, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for col in ("block", "code", "root", "source_side", "target_side", "date"):
        op.create_index(f"ix_canonical_events_{col}", "canonical_events", [col])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("block", sa.String(48)))
        batch.add_column(sa.Column("canonical_id", sa.Integer))
    op.create_index("ix_events_block_date", "events", ["block", "date"])
    op.create_index("ix_events_canonical_id", "events", ["canonical_id"])
    # events stored before this revision: their block (root|side|side, sides sorted); they
    # are merged by the next 'marsad stories --assign'
    conn = op.get_bind()
    events = sa.table("events", sa.column("id"), sa.column("root"), sa.column("source_side"),
                      sa.column("target_side"), sa.column("block"))
    rows = conn.execute(sa.select(events.c.id, events.c.root, events.c.source_side, events.c.target_side)).all()
    for r in rows:
        a, b = sorted((r.source_side or "", r.target_side or ""))
        conn.execute(events.update().where(events.c.id == r.id).values(block=f"{r.root}|{a}|{b}"))


def downgrade() -> None:
    op.drop_index("ix_events_canonical_id", "events")
    op.drop_index("ix_events_block_date", "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("canonical_id")
        batch.drop_column("block")
    op.drop_table("canonical_events")
