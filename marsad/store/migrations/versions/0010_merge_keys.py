"""Index lookups for bounded event merging and the derived tables it updates.

Revision ID: 0010_merge_keys
Revises: 0009_web_doc_list
Create Date: 2026-12-07

After a merge, marsad.store.derived rewrites only the canonical events the merge wrote or
removed and the summary rows of their (block, date) keys: ``ix_canonical_events_block_date``
and ``ix_event_summary_block_day`` find those keys, ``ix_event_facets_canonical_id`` a
canonical event's facet rows.
"""

from alembic import op

revision = "0010_merge_keys"
down_revision = "0009_web_doc_list"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # if_not_exists: a run killed between these statements (SQLite's driver commits DDL as it
    # goes) migrates again cleanly
    op.create_index("ix_canonical_events_block_date", "canonical_events", ["block", "date"], if_not_exists=True)
    op.create_index("ix_event_summary_block_day", "event_summary", ["block", "day"], if_not_exists=True)
    op.create_index("ix_event_facets_canonical_id", "event_facets", ["canonical_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_event_facets_canonical_id", "event_facets", if_exists=True)
    op.drop_index("ix_event_summary_block_day", "event_summary", if_exists=True)
    op.drop_index("ix_canonical_events_block_date", "canonical_events", if_exists=True)
