"""LSH bucket sizes: one rule for over-full buckets in the store and the batch engine.

Revision ID: 0011_story_bucket_sizes
Revises: 0010_merge_keys
Create Date: 2026-12-08

``story_bucket_sizes`` counts the stored documents carrying each bucket key (indexed or not).
A bucket of more than ``max_bucket`` documents is over-full by its size over the whole store,
as the batch engine counts it, so the stories do not depend on the order or the batch size
documents arrive in. A database written before this revision starts from its bucket rows
(its indexed documents: copies a story kept out of the index are not counted).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_story_bucket_sizes"
down_revision = "0010_merge_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_bucket_sizes",
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_story_bucket_sizes"),
        sqlite_with_rowid=False,
        if_not_exists=True,
    )
    op.execute("INSERT INTO story_bucket_sizes (key, documents) SELECT key, count(*) FROM story_buckets "
               "WHERE NOT EXISTS (SELECT 1 FROM story_bucket_sizes) GROUP BY key")


def downgrade() -> None:
    op.drop_table("story_bucket_sizes", if_exists=True)
