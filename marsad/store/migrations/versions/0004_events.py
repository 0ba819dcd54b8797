"""Events: one row per coded event, linked to its document and sentence.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.Column("root", sa.String(2), nullable=False),
        sa.Column("plover_type", sa.String(16)),
        sa.Column("plover_mode", sa.String(24)),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("source_code", sa.String(32), nullable=False),
        sa.Column("source_side", sa.String(16), nullable=False),
        sa.Column("target_code", sa.String(32)),
        sa.Column("target_side", sa.String(16)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("date_basis", sa.String(12), nullable=False),
        sa.Column("location", sa.String(3)),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("link", sa.String(16)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    for col in ("document_id", "code", "root", "source_side", "target_side", "date"):
        op.create_index(f"ix_events_{col}", "events", [col])


def downgrade() -> None:
    op.drop_table("events")
