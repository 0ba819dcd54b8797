"""WARC archives (``.warc``, ``.warc.gz``): HTML pages out of crawl records, streaming.

Records are read one at a time with FastWARC (``parse_http=False``: marsad parses the HTTP
head itself so that it can check every record's length). What becomes a document:

* ``response`` records with a 2xx HTTP status and an HTML content type (``text/html``,
  ``application/xhtml+xml``, or no type but a body that starts like HTML), and
  ``resource`` records with an HTML ``Content-Type``;
* everything else (requests, metadata, warcinfo, revisits, redirects, errors, images, PDFs)
  is skipped without a rejection and counted in :class:`~marsad.ingest.readers.ReadStats`.

Per document: ``url`` = ``WARC-Target-URI``; ``doc_id`` = the first 16 hex digits of the
SHA-1 of that URI (stable across crawls, so a re-crawled page gets the same id; without a
URI, ``<file stem>:<record number>``); ``line`` = the record's 1-based position among all
records in the file; ``meta["crawled"]`` = ``WARC-Date``. ``published`` comes only from the
page's own metadata (see :mod:`marsad.ingest.html`) and is never the crawl date: a page
crawled today may be years old. The charset in the HTTP ``Content-Type`` outranks the
page's ``<meta charset>``; chunked transfer coding and gzip/deflate content coding are
undone (bounded by ``max_doc_bytes``).

Damage: every record's length is checked against its ``Content-Length``. A file that ends
inside a record (a cut download) yields every complete record before it, then one
``bad_warc`` rejection naming the record and its byte offset, and stops. A record FastWARC
cannot parse does the same. No exception escapes.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from fastwarc.warc import ArchiveIterator, WarcRecordType

from marsad import errors
from marsad.ingest.html import html_doc
from marsad.ingest.text import reject, too_large
from marsad.model import RawDoc, Rejection

if TYPE_CHECKING:
    from marsad.ingest.readers import ReaderSettings, ReadStats

_HEAD_LIMIT = 1 << 16
_CHUNK = 1 << 16
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


class _Reader(Protocol):
    def read(self, size: int = -1) -> bytes: ...


def warc_doc_id(uri: str) -> str:
    """Stable document id for a crawled URI: first 16 hex digits of its SHA-1."""
    return hashlib.sha1(uri.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def warc_stem(path: Path) -> str:
    """``crawl.warc.gz`` -> ``crawl``."""
    name = path.name
    for suffix in (".warc.gz", ".warc"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem


def _read_up_to(reader: _Reader, size: int) -> bytes:
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = reader.read(min(remaining, _CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def _drain(reader: _Reader) -> int:
    total = 0
    while True:
        chunk = reader.read(_CHUNK)
        if not chunk:
            return total
        total += len(chunk)


def _parse_http_head(head: bytes) -> tuple[int, int | None, dict[str, str]] | None:
    """``(header length, status, lower-cased headers)`` of an HTTP response head."""
    end = head.find(b"\r\n\r\n")
    sep = 4
    if end < 0:
        end, sep = head.find(b"\n\n"), 2
    if end < 0:
        return None
    lines = head[:end].decode("latin-1").splitlines()
    status: int | None = None
    if lines:
        parts = lines[0].split(None, 2)
        if len(parts) >= 2 and parts[0].upper().startswith("HTTP/") and parts[1].isdigit():
            status = int(parts[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return end + sep, status, headers


def _mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _dechunk(data: bytes) -> bytes | None:
    """Undo HTTP chunked transfer coding; None if the data is not validly chunked."""
    out = bytearray()
    pos = 0
    while True:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            return None
        try:
            size = int(data[pos:eol].split(b";", 1)[0].strip(), 16)
        except ValueError:
            return None
        if size == 0:
            return bytes(out)
        start = eol + 2
        if start + size > len(data):
            return None
        out += data[start : start + size]
        pos = start + size + 2


def _decompress(data: bytes, coding: str, limit: int) -> bytes | str:
    """Undo gzip/deflate content coding, at most ``limit`` bytes out; a message on failure."""
    attempts = (47,) if coding in ("gzip", "x-gzip") else (15, -15)
    for wbits in attempts:
        try:
            out = zlib.decompressobj(wbits).decompress(data, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit:
            return "too_large"
        return out
    return f"HTTP body says Content-Encoding {coding} but does not decompress"


def _record_end(stream: Any, pos: int, gz: bool) -> int | None:
    """File offset where the record starting at ``pos`` ends: the end of its gzip member
    (``.warc.gz`` written a record per member, as the WARC standard recommends), or of its
    block and the CRLF CRLF after it (``.warc``). -1 when the file ends first; None when it
    cannot be told (e.g. a whole-file gzip stream, where offsets are not member offsets)."""
    stream.seek(pos)
    if gz:
        if stream.read(2) != b"\x1f\x8b":
            return None
        stream.seek(pos)
        inflater = zlib.decompressobj(31)
        consumed = 0
        while not inflater.eof:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return -1
            data = chunk
            while data and not inflater.eof:
                inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
            consumed += len(chunk) - len(inflater.unused_data) - len(data)
        return pos + consumed
    head = stream.read(_HEAD_LIMIT)
    if not head.startswith(b"WARC/"):
        return None
    end = head.find(b"\r\n\r\n")
    if end < 0:
        return -1 if len(head) < _HEAD_LIMIT else None
    match = re.search(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*\r?$", head[:end])
    if match is None:
        return None
    return pos + end + 4 + int(match.group(1)) + 4


def _tail_check(
    stream: Any, *, size: int, last_pos: int, gz: bool, source: str, n: int, docs: int
) -> Rejection | None:
    """After the last record FastWARC returned, the file should end (bar blank lines). Bytes
    left over are a record cut so early that FastWARC gave up on it silently."""
    try:
        end = _record_end(stream, last_pos, gz)
        if end is None or end == size:
            return None
        if end > size:
            end = -1
        elif end > 0:
            stream.seek(end)
            if not stream.read(_HEAD_LIMIT).strip(b"\r\n"):
                return None
    except (OSError, zlib.error):
        return None
    if end < 0:
        problem = (
            f"the file ends before the end of record {n} (which starts at byte {last_pos:,}; "
            "its content was complete and was read)"
        )
    else:
        problem = f"the {size - end:,} byte(s) after record {n} do not form a complete record"
    return reject(
        source,
        n if end < 0 else n + 1,
        "parse",
        errors.BAD_WARC,
        f"{problem}: the archive is truncated or corrupt there. The {docs} document(s) before it were read",
    )


class _Stop(Exception):
    """Raised inside this module only: the archive is damaged from this record on."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection


def _check_complete(source: str, n: int, uri: str | None, pos: int, declared: int, got: int, docs: int) -> None:
    if got < declared:
        name = f" ({uri})" if uri else ""
        raise _Stop(
            reject(
                source,
                n,
                "parse",
                errors.BAD_WARC,
                f"record {n}{name}, starting at byte {pos:,}, is cut short: its header declares "
                f"{declared:,} bytes but the file ends after {got:,}; the archive is truncated. "
                f"The {docs} document(s) before it were read",
            )
        )


def _record(
    record: Any, n: int, *, source: str, stem: str, settings: ReaderSettings, stats: ReadStats | None, docs: int
) -> RawDoc | Rejection | None:
    headers = record.headers
    uri = headers.get("WARC-Target-URI") or None
    pos = int(record.stream_pos)
    declared_raw = headers.get("Content-Length")
    if declared_raw is None or not declared_raw.strip().isdigit():
        raise _Stop(
            reject(
                source,
                n,
                "parse",
                errors.BAD_WARC,
                f"record {n}, starting at byte {pos:,}, has an incomplete header (no Content-Length): "
                f"the archive is truncated or corrupt there. The {docs} document(s) before it were read",
            )
        )
    declared = int(declared_raw)
    reader = record.reader
    rtype = record.record_type

    def skip(reason: str, got: int) -> None:
        _check_complete(source, n, uri, pos, declared, got + _drain(reader), docs)
        if stats is not None:
            stats.skip(reason)

    if rtype not in (WarcRecordType.response, WarcRecordType.resource):
        skip(f"warc_{str(rtype).rsplit('.', 1)[-1]}", 0)
        return None

    head = _read_up_to(reader, min(declared, _HEAD_LIMIT))
    if rtype == WarcRecordType.response:
        parsed = _parse_http_head(head)
        if parsed is None:
            _check_complete(source, n, uri, pos, declared, len(head) + _drain(reader), docs)
            return reject(
                source, n, "parse", errors.BAD_WARC, f"record {n} ({uri}): no HTTP header end within the first 64 KiB"
            )
        head_len, status, http = parsed
        content_type = http.get("content-type")
    else:
        head_len, status, http = 0, None, {}
        content_type = headers.get("Content-Type")

    mime = _mime(content_type)
    if status is not None and not 200 <= status < 300:
        skip("warc_http_status", len(head))
        return None
    if mime not in _HTML_TYPES and not (mime is None and _HTML_START.match(head[head_len : head_len + 1024])):
        skip("warc_non_html", len(head))
        return None

    payload_len = declared - head_len
    limit = settings.max_doc_bytes
    if payload_len > limit:
        _check_complete(source, n, uri, pos, declared, len(head) + _drain(reader), docs)
        return too_large(source, n, payload_len, limit, f"record {n} ({uri}) HTML body")
    rest = _read_up_to(reader, declared - len(head))
    _check_complete(source, n, uri, pos, declared, len(head) + len(rest), docs)
    body = head[head_len:] + rest
    del head, rest

    warnings: list[str] = []
    if "chunked" in http.get("transfer-encoding", "").lower():
        plain = _dechunk(body)
        if plain is None:
            warnings.append("Transfer-Encoding chunked but the body is not validly chunked; used as is")
        else:
            body = plain
    coding = http.get("content-encoding", "").strip().lower()
    if coding and coding != "identity":
        if coding not in ("gzip", "x-gzip", "deflate"):
            return reject(
                source,
                n,
                "read",
                errors.UNSUPPORTED,
                f"record {n} ({uri}): HTTP body is compressed with {coding!r}; marsad undoes only gzip and deflate",
            )
        out = _decompress(body, coding, limit)
        if out == "too_large":
            return too_large(source, n, limit + 1, limit, f"record {n} ({uri}) decompressed HTML body", at_least=True)
        if isinstance(out, str):
            return reject(source, n, "parse", errors.BAD_WARC, f"record {n} ({uri}): {out}")
        body = out
    if headers.get("WARC-Truncated"):
        warnings.append(f"the crawler truncated this record (WARC-Truncated: {headers.get('WARC-Truncated')})")

    charset = _CHARSET.search(content_type or "")
    item = html_doc(
        body,
        source=source,
        doc_id=warc_doc_id(uri) if uri else f"{stem}:{n}",
        hint=settings.encoding,
        line=n,
        url=uri,
        http_charset=charset.group(1) if charset else None,
        fmt="warc",
    )
    if isinstance(item, RawDoc):
        item.meta["crawled"] = headers.get("WARC-Date")
        item.meta["warc_record_id"] = headers.get("WARC-Record-ID")
        if status is not None:
            item.meta["http_status"] = status
        if warnings:
            item.meta.setdefault("warnings", []).extend(warnings)
    return item


def read_warc(
    path: Path, source: str, settings: ReaderSettings, stats: ReadStats | None = None
) -> Iterator[RawDoc | Rejection]:
    """Read a ``.warc`` or ``.warc.gz`` file record by record."""
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        yield reject(source, None, "read", errors.NOT_FOUND, f"cannot read {path.name}: {exc.strerror or exc}")
        return
    with stream:
        if size == 0:
            yield reject(source, None, "read", errors.EMPTY, f"{path.name} is empty (0 bytes)")
            return
        stem = warc_stem(path)
        gz = stream.read(2) == b"\x1f\x8b"
        stream.seek(0)
        n = docs = 0
        last_pos = 0
        records = iter(ArchiveIterator(stream, parse_http=False))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - FastWARC's errors are not documented
                yield reject(
                    source,
                    n + 1,
                    "parse",
                    errors.BAD_WARC,
                    f"record {n + 1} cannot be parsed ({exc}); the archive is truncated or corrupt "
                    f"there. The {docs} document(s) before it were read",
                )
                return
            n += 1
            last_pos = int(record.stream_pos)
            try:
                item = _record(record, n, source=source, stem=stem, settings=settings, stats=stats, docs=docs)
            except _Stop as stop:
                yield stop.rejection
                return
            except (OSError, ValueError, EOFError) as exc:  # FastWARC failing inside a record body
                yield reject(
                    source,
                    n,
                    "parse",
                    errors.BAD_WARC,
                    f"record {n} cannot be read ({exc}); the archive is corrupt there. "
                    f"The {docs} document(s) before it were read",
                )
                return
            if item is None:
                continue
            if isinstance(item, RawDoc):
                docs += 1
            yield item
        if n:
            damage = _tail_check(stream, size=size, last_pos=last_pos, gz=gz, source=source, n=n, docs=docs)
            if damage is not None:
                yield damage
        else:
            yield reject(
                source,
                None,
                "parse",
                errors.BAD_WARC,
                "no WARC records found; expected a WARC 1.0/1.1 file, plain or gzip-compressed",
            )
