"""The last step of every reader: what leaves :func:`marsad.ingest.readers.iter_inputs` is
valid Unicode that any store accepts, or a rejection with its own reason.

* Lone surrogates (``\\ud800`` .. ``\\udfff``: a JSON-escaped half of a pair, or a file name
  that is not UTF-8) are not Unicode characters: they cannot be encoded as UTF-8, printed or
  stored. Each becomes U+FFFD (the replacement character), one character for one, so
  offsets do not move; the document gets a warning with the count.
* NUL (U+0000) cannot be stored in PostgreSQL text: each becomes U+FFFD the same way.
* A ``doc_id`` longer than :data:`MAX_ID` characters is rejected (``bad_id``): the store
  keeps ids of at most that length, and cutting one could make two records collide.

Every string field is checked (text, metadata, ``meta`` values, a rejection's source and
message), so one bad record never costs its batch.
"""

from __future__ import annotations

import re
from typing import Any

from marsad import errors
from marsad.model import RawDoc, Rejection

MAX_ID = 300  # documents.doc_id is VARCHAR(300)
REPLACEMENT = "\ufffd"
_BAD = re.compile("[\x00\ud800-\udfff]")
_FIELDS = ("doc_id", "text", "source", "title", "url", "published", "outlet", "author", "encoding")


def scrub(value: str) -> tuple[str, int, int]:
    """``value`` with lone surrogates and NUL replaced by U+FFFD, and how many of each."""
    if _BAD.search(value) is None:
        return value, 0, 0
    nul = value.count("\x00")
    return _BAD.sub(REPLACEMENT, value), len(_BAD.findall(value)) - nul, nul


def _scrub_any(value: Any, counts: list[int]) -> Any:
    if isinstance(value, str):
        out, sur, nul = scrub(value)
        counts[0] += sur
        counts[1] += nul
        return out
    if isinstance(value, dict):
        return {_scrub_any(k, counts): _scrub_any(v, counts) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_any(v, counts) for v in value]
    return value


def sanitize(item: RawDoc | Rejection, repaired: dict[str, int] | None = None) -> RawDoc | Rejection:
    """``item`` made safe to print and store (see the module docstring). ``repaired``, when
    given, counts replaced characters by kind (``lone_surrogate``, ``nul``)."""
    counts = [0, 0]
    if isinstance(item, Rejection):
        source, message = _scrub_any(item.source, counts), _scrub_any(item.message, counts)
        if counts == [0, 0]:
            return item
        return Rejection(source, item.line, item.stage, item.code, message)
    for name in _FIELDS:
        value = getattr(item, name)
        if isinstance(value, str):
            setattr(item, name, _scrub_any(value, counts))
    item.meta = _scrub_any(item.meta, counts)
    sur, nul = counts
    if sur or nul:
        what = []
        if sur:
            what.append(f"{sur} lone surrogate code point(s) (invalid Unicode)")
        if nul:
            what.append(f"{nul} NUL character(s)")
        item.meta.setdefault("warnings", []).append(" and ".join(what) + " replaced with U+FFFD")
        if repaired is not None:
            for key, n in (("lone_surrogate", sur), ("nul", nul)):
                if n:
                    repaired[key] = repaired.get(key, 0) + n
    if len(item.doc_id) > MAX_ID:
        return Rejection(
            item.source, item.line, "read", errors.BAD_ID,
            f"the record's id is {len(item.doc_id)} characters long; marsad keeps ids of at most {MAX_ID} "
            f"characters (id starts {item.doc_id[:40]!r})",
        )
    return item
