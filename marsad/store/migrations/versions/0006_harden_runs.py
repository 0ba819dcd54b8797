"""Ingest runs say who ran them and how they ended (an ingest killed mid-run is closed as
interrupted by the next one).

Revision ID: 0006_harden_runs
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_harden_runs"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="finished"))
        batch.add_column(sa.Column("host", sa.String(255)))
        batch.add_column(sa.Column("pid", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        batch.drop_column("pid")
        batch.drop_column("host")
        batch.drop_column("status")
