"""Summaries and full-text search for the observatory (REST API and dashboard).

Revision ID: 0007_web_observatory
Revises: 0006_harden_runs
Create Date: 2026-12-07

``event_summary`` holds canonical events counted per block, date, QuadClass, modality and place;
``event_list`` a narrow copy of canonical_events for filtering; ``event_facets`` each
canonical event's topics and outlets; ``person_summary`` persons ranked by
documents (per affiliation); two indexes serve the API's lists;
``doc_search`` indexes the normalized title and body (FTS5 on SQLite, tsvector on PostgreSQL).
Both are filled by marsad.store.derived (after each merge, and on ``marsad serve`` start for a
database written before this revision).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_web_observatory"
down_revision = "0006_harden_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_summary",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("block", sa.String(48), nullable=False),
        sa.Column("day", sa.String(10)),
        sa.Column("a", sa.String(16), nullable=False),
        sa.Column("b", sa.String(16)),
        sa.Column("root", sa.String(2), nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("place", sa.String(16)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )
    for col in ("block", "day", "a", "b"):
        op.create_index(f"ix_event_summary_{col}", "event_summary", [col])
    op.create_table(
        "event_list",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("block", sa.String(48), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.Column("root", sa.String(2), nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("plover_type", sa.String(16)),
        sa.Column("source_side", sa.String(16), nullable=False),
        sa.Column("target_side", sa.String(16)),
        sa.Column("num_articles", sa.Integer, nullable=False),
    )
    for col in ("block", "code", "source_side", "target_side"):
        op.create_index(f"ix_event_list_{col}", "event_list", [col])
    op.create_index("ix_event_list_modality_date", "event_list", ["modality", "date"])
    op.create_table(
        "event_facets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("block", sa.String(48), nullable=False),
        sa.Column("canonical_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_event_facets_block", "event_facets", ["block"])
    op.create_index("ix_event_facets_kind_value", "event_facets", ["kind", "value", "canonical_id"])
    op.create_table(
        "person_summary",
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("country", sa.String(16), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("role", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("affiliation", sa.String(16)),
        sa.Column("variants", sa.JSON),
        sa.PrimaryKeyConstraint("person_id", "country", name="pk_person_summary"),
    )
    op.create_index("ix_person_summary_rank", "person_summary", ["country", "documents"])
    op.create_index("ix_documents_outlet_published", "documents", ["outlet", "published"])
    op.create_index("ix_stories_documents", "stories", ["documents", "last_published"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE doc_search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0')")
    else:
        op.execute("CREATE TABLE doc_search (document_id INTEGER PRIMARY KEY REFERENCES documents(id), tsv tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_doc_search_tsv ON doc_search USING GIN (tsv)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS doc_search")
    op.drop_index("ix_stories_documents", "stories")
    op.drop_index("ix_documents_outlet_published", "documents")
    op.drop_table("person_summary")
    op.drop_table("event_facets")
    op.drop_table("event_list")
    op.drop_table("event_summary")
