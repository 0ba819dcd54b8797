"""Coded reasons for rejected inputs and the library's exception types.

Every rejection carries one of these codes, so users can count, filter and act on them.
The library never prints or exits; the CLI turns these into messages and exit codes.
"""

from __future__ import annotations

# --- rejection codes (stable: stored in the database and shown to users) ---
EMPTY = "empty"  # 0-byte file or no text after decoding
BINARY = "binary"  # not text (image, archive, executable ...)
UNDECODABLE = "undecodable"  # text whose encoding could not be determined
TOO_LARGE = "too_large"  # over settings.max_doc_bytes
BAD_JSON = "bad_json"  # a JSONL line that is not a JSON object
MISSING_FIELD = "missing_field"  # a JSONL record without text/html
BAD_HTML = "bad_html"  # HTML with no extractable main text
BAD_WARC = "bad_warc"  # truncated or corrupt WARC
BAD_GZIP = "bad_gzip"  # truncated or corrupt gzip stream (.jsonl.gz)
UNSUPPORTED = "unsupported"  # file type marsad does not read
NOT_FOUND = "not_found"  # path does not exist / unreadable
NO_ARABIC = "no_arabic"  # decoded text holds no Arabic script at all
STORE_ERROR = "store_error"
EXTRACT_ERROR = "extract_error"  # cleaning or an extract stage raised on one document
BAD_ID = "bad_id"  # a record id the store cannot keep (longer than 300 characters)

REJECTION_CODES = frozenset(
    {
        EMPTY,
        BINARY,
        UNDECODABLE,
        TOO_LARGE,
        BAD_JSON,
        MISSING_FIELD,
        BAD_HTML,
        BAD_WARC,
        BAD_GZIP,
        UNSUPPORTED,
        NOT_FOUND,
        NO_ARABIC,
        STORE_ERROR,
        EXTRACT_ERROR,
        BAD_ID,
    }
)


class MarsadError(Exception):
    """Base class for errors the CLI reports without a traceback."""


class ConfigError(MarsadError):
    """Bad settings: unknown key, wrong type, unreadable config file."""


class StoreError(MarsadError):
    """The database could not be opened, migrated or written."""


class NotFound(MarsadError):
    """A requested document (or other record) does not exist."""


class LexiconError(MarsadError):
    """A language data file is missing, malformed or fails its schema."""
