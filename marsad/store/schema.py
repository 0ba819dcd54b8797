"""The database schema (SQLAlchemy Core). One schema for SQLite and PostgreSQL.

Changes to these tables go through a new Alembic revision in ``migrations/versions``; a test
checks that the migrated database matches this metadata.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("paths", sa.JSON, nullable=False),
    sa.Column("read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("stored", sa.Integer, nullable=False, server_default="0"),
    sa.Column("present", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
    # running | finished | interrupted (killed; closed by a later ingest)
    sa.Column("status", sa.String(16), nullable=False, server_default="finished"),
    sa.Column("host", sa.String(255)),
    sa.Column("pid", sa.Integer),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(300), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("published_time", sa.String(5)),
    sa.Column("published_from", sa.String(16)),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("fmt", sa.String(8), nullable=False),
    sa.Column("encoding", sa.String(32)),
    sa.Column("body", sa.JSON, nullable=False),  # [[start, end], ...]
    sa.Column("removed", sa.JSON, nullable=False),  # [{start, end, text, reason}, ...]
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("sentences", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    # dates, places, actors, persons of this document (marsad.serialize.entities_dict)
    sa.Column("entities", sa.JSON(none_as_null=True)),  # NULL: not extracted yet (ingest --no-extract)
)

# One row per distinct (source, line, code): re-running the same ingest updates last_seen
# and times instead of piling up copies.
rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False, server_default="0"),  # 0 = whole file
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("times", sa.Integer, nullable=False, server_default="1"),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
    sa.UniqueConstraint("source", "line", "code", name="uq_rejection_where_code"),
)

# Persons as entities across documents: spelling variants share ``key`` (see
# marsad.extract.persons.person_key); each document's mention of a person is one row of
# person_mentions with the name as written there.
persons = sa.Table(
    "persons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(300), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
)

person_mentions = sa.Table(
    "person_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False, index=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16)),
    sa.Column("title", sa.Text),
    sa.Column("country", sa.String(16)),
    sa.Column("spans", sa.JSON, nullable=False),
    sa.UniqueConstraint("person_id", "document_id", name="uq_person_document"),
)


# --- stories (marsad.stories): near-duplicate fingerprints, LSH buckets, links, stories ---

# One MinHash fingerprint per document (see marsad.stories.minhash): the 128-value document
# signature and, per kept sentence ("passage"), its spans and 32-value signature.
story_fingerprints = sa.Table(
    "story_fingerprints",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True, autoincrement=False),
    sa.Column("scheme", sa.String(32), nullable=False),
    sa.Column("shingles", sa.Integer, nullable=False),  # distinct word 3-grams
    sa.Column("signature", sa.LargeBinary, nullable=False),  # 128 little-endian uint32
    sa.Column("passages", sa.LargeBinary, nullable=False),  # per passage: 5 int32 + 32 uint32
    sa.Column("words", sa.Integer, nullable=False),  # distinct content words
    sa.Column("vocabulary", sa.LargeBinary, nullable=False),  # 128 uint32: MinHash of the words
)

# The LSH index: one row per (bucket key, document). A new document looks up its own keys.
story_buckets = sa.Table(
    "story_buckets",
    metadata,
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Column("document_id", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("key", "document_id", name="pk_story_buckets"),
    sqlite_with_rowid=False,  # one B-tree ordered by key: half the size, faster inserts
)

# How many stored documents carry each LSH bucket key (indexed or not): a bucket of more than
# max_bucket documents is over-full and gives no candidates, to any document, from then on
# (its story_buckets rows are dropped). See Store.assign_stories.
story_bucket_sizes = sa.Table(
    "story_bucket_sizes",
    metadata,
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("key", name="pk_story_bucket_sizes"),
    sqlite_with_rowid=False,
)

# Verified relations between two documents (doc_a < doc_b by documents.id).
story_links = sa.Table(
    "story_links",
    metadata,
    sa.Column("doc_a", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("doc_b", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),  # same | overlap | contain | part
    sa.Column("host_doc", sa.Integer),  # overlap / contain / part: the longer document
    sa.Column("roundup_doc", sa.Integer),  # set when a roundup keeps this link partial
    sa.Column("jaccard", sa.Float, nullable=False),
    sa.Column("containment", sa.Float, nullable=False),
    sa.Column("shared", sa.Float, nullable=False),  # estimated shared 3-grams
    sa.Column("words", sa.Float, nullable=False),  # share of the smaller vocabulary in the other
    sa.Column("passages", sa.Integer, nullable=False),  # shared sentences
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("gap_days", sa.Integer),
    sa.Column("spans_a", sa.JSON, nullable=False),  # paragraphs of doc_a holding shared sentences
    sa.Column("spans_b", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("doc_a", "doc_b", name="pk_story_links"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("first_published", sa.String(10)),
    sa.Column("last_published", sa.String(10), index=True),
    sa.Column("outlets", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# Every document belongs to exactly one story (its own when nothing else tells it).
# Partial members (a roundup's paragraph) are read from story_links.
story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True, autoincrement=False),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
    sa.Column("score", sa.Float),  # strongest link to another member (null for a lone document)
    # what the clustering's first step decided for this document, kept so a new document can
    # join a story without reclustering it (marsad.stories.cluster, "incremental"): the
    # smallest document id of its ``same`` group, how many groups its joining links reach
    # (its own counted when it has a ``same`` link), whether it has a ``same`` link; and
    # whether its fingerprint is in the LSH buckets (a story's representatives)
    sa.Column("same_group", sa.Integer),
    sa.Column("linked_groups", sa.Integer),
    sa.Column("own_linked", sa.Boolean),
    sa.Column("indexed", sa.Boolean),
)

# What happened to story ids when new documents joined or split stories.
story_merges = sa.Table(
    "story_merges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("from_story", sa.Integer, nullable=False),
    sa.Column("into_story", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # merge | split
    sa.Column("documents", sa.JSON, nullable=False),  # doc_ids whose arrival caused it
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)


# --- events (marsad.extract.events): one row per coded event, linked to its document and sentence ---

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("sentence", sa.Integer, nullable=False),  # index into documents.sentences
    sa.Column("paragraph", sa.Integer, nullable=False),
    sa.Column("code", sa.String(4), nullable=False, index=True),  # CAMEO, leading zero kept
    sa.Column("root", sa.String(2), nullable=False, index=True),
    sa.Column("plover_type", sa.String(16)),
    sa.Column("plover_mode", sa.String(24)),
    sa.Column("goldstein", sa.Float, nullable=False),
    sa.Column("quad_class", sa.Integer, nullable=False),
    sa.Column("source_code", sa.String(32), nullable=False),
    sa.Column("source_side", sa.String(16), nullable=False, index=True),  # ISO-3 or IGO code
    sa.Column("target_code", sa.String(32)),
    sa.Column("target_side", sa.String(16), index=True),
    sa.Column("date", sa.String(10), index=True),  # YYYY-MM-DD | YYYY-MM | YYYY
    sa.Column("date_precision", sa.String(8), nullable=False),
    sa.Column("date_basis", sa.String(12), nullable=False),
    sa.Column("location", sa.String(3)),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("link", sa.String(16)),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("topics", sa.JSON, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),  # the whole event (marsad.serialize.to_dict)
    # cross-document merging (marsad.stories.events): the merge bucket and the merged event
    sa.Column("block", sa.String(48)),  # root|side|side (sides sorted)
    sa.Column("canonical_id", sa.Integer, index=True),  # canonical_events.id
    # merging looks up a block's events near a date (marsad.store.canon)
    sa.Index("ix_events_block_date", "block", "date"),
)

# One row per real-world event: the mentions (events rows) of every document reporting it,
# merged across documents (marsad.stories.events).
canonical_events = sa.Table(
    "canonical_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("block", sa.String(48), nullable=False, index=True),
    sa.Column("code", sa.String(4), nullable=False, index=True),
    sa.Column("root", sa.String(2), nullable=False, index=True),
    sa.Column("source_side", sa.String(16), nullable=False, index=True),
    sa.Column("target_side", sa.String(16), index=True),
    sa.Column("date", sa.String(10), index=True),
    sa.Column("date_precision", sa.String(8), nullable=False),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("first_seen", sa.String(10)),
    sa.Column("num_mentions", sa.Integer, nullable=False),
    sa.Column("num_articles", sa.Integer, nullable=False),
    sa.Column("num_sources", sa.Integer, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),  # the lead mention's event, with the merged fields
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_canonical_events_block_date", "block", "date"),
)


# --- summaries for the dashboard and the API (marsad.store.derived keeps them current) ---

# Canonical events counted per merge block, event date, QuadClass and modality: the timeline,
# the actor network and the dossiers read these few rows instead of scanning events. ``a`` and
# ``b`` are the block's two parties (sorted; ``b`` NULL for an event without a target).
event_summary = sa.Table(
    "event_summary",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("block", sa.String(48), nullable=False, index=True),
    sa.Column("day", sa.String(10), index=True),  # the event date as stored: YYYY-MM-DD | YYYY-MM | YYYY | NULL
    sa.Column("a", sa.String(16), nullable=False, index=True),
    sa.Column("b", sa.String(16), index=True),
    sa.Column("root", sa.String(2), nullable=False),
    sa.Column("quad_class", sa.Integer, nullable=False),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False),  # sum of num_articles
    sa.Column("goldstein", sa.Float, nullable=False),  # sum of the events' Goldstein scores
    # where: the location's own coordinates when the record has them, and a country code (the
    # location's, else the target's, else the source's) for the map
    sa.Column("place", sa.String(16)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("place_name", sa.String(64)),  # the city, when the gazetteer placed the event in one
    sa.Index("ix_event_summary_block_day", "block", "day"),
)

# The event list's narrow copy of canonical_events (without the records): every list filter,
# sort and count runs here, and only the page's records are read from canonical_events.
event_list = sa.Table(
    "event_list",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # canonical_events.id
    sa.Column("block", sa.String(48), nullable=False, index=True),
    sa.Column("date", sa.String(10)),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("code", sa.String(4), nullable=False, index=True),
    sa.Column("root", sa.String(2), nullable=False),
    sa.Column("quad_class", sa.Integer, nullable=False),
    sa.Column("plover_type", sa.String(16)),
    sa.Column("source_side", sa.String(16), nullable=False, index=True),
    sa.Column("target_side", sa.String(16), index=True),
    sa.Column("num_articles", sa.Integer, nullable=False),
    sa.Index("ix_event_list_modality_date", "modality", "date"),
)

# What the event list filters on besides the canonical row's own columns: each canonical event's
# topics (of any of its mentions) and outlets, one row per value.
event_facets = sa.Table(
    "event_facets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("block", sa.String(48), nullable=False, index=True),
    sa.Column("canonical_id", sa.Integer, nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),  # topic | outlet
    sa.Column("value", sa.Text, nullable=False),
    sa.Index("ix_event_facets_kind_value", "kind", "value", "canonical_id"),
)

# Persons ranked by documents: one row per person and affiliation ('*': all of them).
person_summary = sa.Table(
    "person_summary",
    metadata,
    sa.Column("person_id", sa.Integer, nullable=False),
    sa.Column("country", sa.String(16), nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    # on the '*' row: the commonest role, title and affiliation, and the commonest spellings
    sa.Column("role", sa.String(16)),
    sa.Column("title", sa.Text),
    sa.Column("affiliation", sa.String(16)),
    sa.Column("variants", sa.JSON),
    sa.PrimaryKeyConstraint("person_id", "country", name="pk_person_summary"),
    sa.Index("ix_person_summary_rank", "country", "documents"),
)

# The document list's narrow copy of documents (filled with the search index): filters, sorts
# and counts run over these small rows instead of the documents with their texts.
doc_list = sa.Table(
    "doc_list",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # documents.id
    sa.Column("published", sa.String(10)),
    sa.Column("outlet", sa.Text),
    sa.Index("ix_doc_list_published", "published", "id"),
    sa.Index("ix_doc_list_outlet", "outlet", "published"),
)

# Indexes for the API: the story list (stories by size); the events of the documents matching a
# full-text query (covering: document -> canonical event without reading the events' records).
sa.Index("ix_stories_documents", stories.c.documents, stories.c.last_published)
sa.Index("ix_events_document_canonical", events.c.document_id, events.c.canonical_id)

# Full-text search over the normalized title and body is dialect-specific and lives outside this
# metadata: SQLite has the FTS5 table ``doc_search`` (contentless, rowid = documents.id),
# PostgreSQL the table ``doc_search`` (document_id, tsv tsvector, GIN index); see
# migrations/versions/0006_web_observatory.py and marsad.store.derived.
SEARCH_TABLES = ("doc_search",)
