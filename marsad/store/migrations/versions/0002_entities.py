"""Entities per document; persons across documents.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("entities", sa.JSON))
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "person_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("country", sa.String(16)),
        sa.Column("spans", sa.JSON, nullable=False),
        sa.UniqueConstraint("person_id", "document_id", name="uq_person_document"),
    )
    op.create_index("ix_person_mentions_person_id", "person_mentions", ["person_id"])
    op.create_index("ix_person_mentions_document_id", "person_mentions", ["document_id"])


def downgrade() -> None:
    op.drop_table("person_mentions")
    op.drop_table("persons")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("entities")
