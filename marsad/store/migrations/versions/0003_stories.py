"""Stories: MinHash fingerprints, LSH buckets, links between documents, story clusters.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_fingerprints",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True, autoincrement=False),
        sa.Column("scheme", sa.String(32), nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("passages", sa.LargeBinary, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("vocabulary", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "story_buckets",
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("key", "document_id", name="pk_story_buckets"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "story_links",
        sa.Column("doc_a", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("doc_b", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("host_doc", sa.Integer),
        sa.Column("roundup_doc", sa.Integer),
        sa.Column("jaccard", sa.Float, nullable=False),
        sa.Column("containment", sa.Float, nullable=False),
        sa.Column("shared", sa.Float, nullable=False),
        sa.Column("words", sa.Float, nullable=False),
        sa.Column("passages", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("gap_days", sa.Integer),
        sa.Column("spans_a", sa.JSON, nullable=False),
        sa.Column("spans_b", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("doc_a", "doc_b", name="pk_story_links"),
    )
    op.create_index("ix_story_links_doc_b", "story_links", ["doc_b"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("first_published", sa.String(10)),
        sa.Column("last_published", sa.String(10)),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_table(
        "story_members",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True, autoincrement=False),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("score", sa.Float),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])
    op.create_table(
        "story_merges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("from_story", sa.Integer, nullable=False),
        sa.Column("into_story", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("documents", sa.JSON, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("story_merges")
    op.drop_index("ix_story_members_story_id", "story_members")
    op.drop_table("story_members")
    op.drop_index("ix_stories_last_published", "stories")
    op.drop_table("stories")
    op.drop_index("ix_story_links_doc_b", "story_links")
    op.drop_table("story_links")
    op.drop_table("story_buckets")
    op.drop_table("story_fingerprints")
