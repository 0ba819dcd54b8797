"""The observatory's document list and map labels.

Revision ID: 0009_web_doc_list
Revises: 0008_perf_story_groups
Create Date: 2026-12-07

``doc_list``: a narrow copy of documents (id, publication date, outlet) that the document list
filters, sorts and counts, replacing the index on documents(outlet, published);
``event_summary.place_name``: the city an event happened in, when the gazetteer placed it.
``ix_events_document_canonical``: the events of the documents a full-text query matches,
without reading their records. The summary is emptied so that marsad.store.derived rebuilds it (``marsad serve`` does at start).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_web_doc_list"
down_revision = "0008_perf_story_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_documents_outlet_published", "documents")
    op.create_table(
        "doc_list",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published", sa.String(10)),
        sa.Column("outlet", sa.Text),
    )
    op.create_index("ix_doc_list_published", "doc_list", ["published", "id"])
    op.create_index("ix_doc_list_outlet", "doc_list", ["outlet", "published"])
    with op.batch_alter_table("event_summary") as batch:
        batch.add_column(sa.Column("place_name", sa.String(64)))
    op.execute("DELETE FROM event_summary")
    op.create_index("ix_events_document_canonical", "events", ["document_id", "canonical_id"])


def downgrade() -> None:
    op.drop_index("ix_events_document_canonical", "events")
    with op.batch_alter_table("event_summary") as batch:
        batch.drop_column("place_name")
    op.drop_table("doc_list")
    op.create_index("ix_documents_outlet_published", "documents", ["outlet", "published"])
