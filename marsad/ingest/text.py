"""Plain-text files, and the small helpers every reader shares.

A ``.txt`` file is one document. Its size is checked before it is opened (over
``max_doc_bytes`` -> ``too_large``, 0 bytes -> ``empty``), its bytes are decoded by
:func:`marsad.ingest.encoding.decode_bytes`, and newlines are normalised to ``\\n``.
``doc_id`` is the file name without its extension (``000_3940c03a23c21b34.txt`` ->
``000_3940c03a23c21b34``); two files with the same name in different folders get the same
id, and ``source`` tells them apart.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad import errors
from marsad.ingest.encoding import Decoded, DecodeFailure, arabic_ratio, decode_bytes, normalize_newlines
from marsad.model import RawDoc, Rejection

if TYPE_CHECKING:
    from marsad.ingest.readers import ReaderSettings

STDIN_SOURCE = "<stdin>"


def reject(source: str, line: int | None, stage: str, code: str, message: str) -> Rejection:
    """Build a :class:`Rejection`, checking that ``code`` is a known rejection code."""
    if code not in errors.REJECTION_CODES:  # pragma: no cover - programming error
        raise ValueError(f"unknown rejection code {code!r}")
    return Rejection(source=source, line=line, stage=stage, code=code, message=message)


def decode_stage(code: str) -> str:
    """The pipeline stage a decoding failure belongs to."""
    return "read" if code in (errors.EMPTY, errors.TOO_LARGE) else "decode"


def read_bounded(path: Path, source: str, max_bytes: int) -> bytes | Rejection:
    """Read a whole small file: size checked first (never reads a file over ``max_bytes``),
    0-byte and unreadable files rejected."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return reject(source, None, "read", errors.NOT_FOUND, f"cannot read {path.name}: {exc.strerror or exc}")
    if size > max_bytes:
        return too_large(source, None, size, max_bytes, path.name)
    if size == 0:
        return reject(source, None, "read", errors.EMPTY, f"{path.name} is empty (0 bytes)")
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return reject(source, None, "read", errors.NOT_FOUND, f"cannot read {path.name}: {exc.strerror or exc}")
    if len(data) > max_bytes:  # grew since stat()
        return too_large(source, None, len(data), max_bytes, path.name)
    if not data:
        return reject(source, None, "read", errors.EMPTY, f"{path.name} is empty (0 bytes)")
    return data


def too_large(source: str, line: int | None, size: int, max_bytes: int, what: str, *, at_least: bool = False) -> Rejection:
    """A ``too_large`` rejection that says by how much and which setting to change."""
    amount = f"more than {max_bytes:,}" if at_least else f"{size:,}"
    return reject(
        source,
        line,
        "read",
        errors.TOO_LARGE,
        f"{what} is {amount} bytes, over the limit of {max_bytes:,} bytes (max_doc_bytes); "
        "split it or raise max_doc_bytes",
    )


def doc_meta(decoded: Decoded, text: str, *, warnings: list[str] | None = None) -> dict[str, Any]:
    """``meta`` shared by all readers: ``arabic_ratio``, ``encoding_source`` and, only when
    there are any, ``warnings``."""
    meta: dict[str, Any] = {"arabic_ratio": arabic_ratio(text), "encoding_source": decoded.method}
    notes = [*decoded.warnings, *(warnings or [])]
    if notes:
        meta["warnings"] = notes
    return meta


def text_doc(
    data: bytes, *, source: str, doc_id: str, hint: str | None, line: int | None = None
) -> RawDoc | Rejection:
    """Turn the bytes of one plain-text document into a :class:`RawDoc`."""
    decoded = decode_bytes(data, hint=hint)
    if isinstance(decoded, DecodeFailure):
        return reject(source, line, decode_stage(decoded.code), decoded.code, decoded.message)
    text = normalize_newlines(decoded.text)
    return RawDoc(
        doc_id=doc_id,
        text=text,
        source=source,
        line=line,
        fmt="txt",
        encoding=decoded.encoding,
        meta=doc_meta(decoded, text),
    )


def read_txt(path: Path, source: str, settings: ReaderSettings) -> RawDoc | Rejection:
    """Read one ``.txt`` file."""
    data = read_bounded(path, source, settings.max_doc_bytes)
    if isinstance(data, Rejection):
        return data
    return text_doc(data, source=source, doc_id=path.stem, hint=settings.encoding)


# --- publication dates as containers state them ---------------------------------------

_TIME = r"(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.IGNORECASE)
_SLASH_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME, re.IGNORECASE)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:\d{2})?)?Z?", re.IGNORECASE)


def _valid(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None) -> tuple[str, str | None] | None:
    if not 1800 <= y <= 2200:
        return None
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    clock = f"{hh:02d}:{mm:02d}" if hh is not None and mm is not None and hh < 24 and mm < 60 else None
    return day.isoformat(), clock


def normalize_published(value: object) -> tuple[str | None, str | None, str | None]:
    """Normalise a container's publication date to ``("YYYY-MM-DD", "HH:MM" | None, None)``,
    or ``(None, None, warning)`` when it cannot be read.

    Accepted: ISO dates and datetimes (``2018-07-16``, ``2018-07-16T18:45:56+04:00``),
    ``2018/07/16``, compact ``20180716``, and RFC 2822 (``Mon, 16 Jul 2018 18:45:56 +0400``).
    The date is the one *as written* (local to its time zone, never converted to UTC),
    because that is the date printed on the article.
    """
    if value is None:
        return None, None, None
    if not isinstance(value, str):
        return None, None, f"published value {value!r} is not a string date; left empty"
    raw = value.strip()
    if not raw:
        return None, None, None
    for pattern in (_ISO_DATE, _SLASH_DATE, _COMPACT_DATE):
        match = pattern.fullmatch(raw)
        if match:
            y, m, d, hh, mm = match.groups()
            parsed = _valid(int(y), int(m), int(d), int(hh) if hh else None, int(mm) if mm else None)
            if parsed:
                return parsed[0], parsed[1], None
            return None, None, f"published value {raw!r} is not a real date; left empty"
    parts = email.utils.parsedate_tz(raw)
    if parts is not None:
        y, m, d, hh, mm = parts[0], parts[1], parts[2], parts[3], parts[4]
        has_time = re.search(r"\d:\d\d", raw) is not None
        parsed = _valid(y, m, d, hh if has_time else None, mm if has_time else None)
        if parsed:
            return parsed[0], parsed[1], None
    return None, None, (
        f"published value {raw!r} is not an ISO 8601 or RFC 2822 date "
        "(expected e.g. 2018-07-16 or 'Mon, 16 Jul 2018 18:45:56 +0400'); left empty"
    )


def is_hidden(name: str) -> bool:
    """Hidden files and folders (``.git``, ``.DS_Store``) are skipped when walking folders."""
    return name.startswith(".")
