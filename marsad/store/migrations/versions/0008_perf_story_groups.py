"""Story members keep their first-step clustering state (``same`` group, groups their links
reach) and whether they are indexed, so a new copy of a story joins it without reclustering
the story (bounded story work).

Revision ID: 0008_perf_story_groups
Revises: 0007_web_observatory
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_perf_story_groups"
down_revision = "0007_web_observatory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_members") as batch:
        batch.add_column(sa.Column("same_group", sa.Integer))
        batch.add_column(sa.Column("linked_groups", sa.Integer))
        batch.add_column(sa.Column("own_linked", sa.Boolean))
        batch.add_column(sa.Column("indexed", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("story_members") as batch:
        batch.drop_column("indexed")
        batch.drop_column("own_linked")
        batch.drop_column("linked_groups")
        batch.drop_column("same_group")
