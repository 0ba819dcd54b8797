"""JSON Lines (``.jsonl``, ``.jsonl.gz``, stdin) and JSON lists (``.json``).

One JSON object per line with the fields ``id``, ``url``, ``title``, ``text`` (or ``html``,
which then goes through :func:`marsad.ingest.html.extract_html`), ``published``, ``outlet``,
``author``. Other names are mapped with ``ReaderSettings.field_map``, e.g.
``{"text": "content", "id": "docno"}`` (users set it as ``jsonl_fields``). Each line stands
alone: a broken line becomes a rejection with its line number and the rest of the file goes on.

Memory stays bounded: input is read in 64 KiB chunks and a line is collected only while it
stays within ``max_doc_bytes``; a longer line is counted, not kept, and rejected
``too_large``, so at most ~``max_doc_bytes`` + 64 KiB is held for it.
Lines must be UTF-8 (a BOM on the first line is allowed); with ``ReaderSettings.encoding``
set, a line that is not UTF-8 is decoded with that encoding instead.

Per record: ``text`` wins over ``html`` when both are present (the HTML's metadata then
fills fields the record leaves empty). ``doc_id`` is the record's ``id`` as a string, else
``<file stem>:<line>``. ``published`` is normalised to ``YYYY-MM-DD`` (the original value is
kept in ``meta["published_raw"]`` when it differs, a time in ``meta["published_time"]``); an
unreadable date becomes None with a warning. Top-level fields marsad does not use are kept
in ``meta["extra"]`` when they are strings, numbers or booleans.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from marsad import errors
from marsad.ingest.encoding import arabic_ratio, canonical_label, normalize_newlines, python_codec
from marsad.ingest.html import extract_html, no_text_message
from marsad.ingest.text import normalize_published, read_bounded, reject, too_large
from marsad.model import RawDoc, Rejection

if TYPE_CHECKING:
    from marsad.ingest.readers import ReaderSettings

FIELDS = ("id", "url", "title", "text", "html", "published", "outlet", "author")
_CHUNK = 1 << 16


def field_names(mapping: Mapping[str, str]) -> dict[str, str]:
    """Our field -> the input's field name, defaults filled in."""
    names = {name: name for name in FIELDS}
    names.update(mapping)
    return names


def _scalar(value: Any) -> str | None:
    """A metadata value as a string: strings as given, numbers formatted, else None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value if value.strip() else None  # kept as given, only blank means absent
    return None


def record_doc(
    record: Any,
    *,
    source: str,
    line: int,
    stem: str,
    settings: ReaderSettings,
    what: str = "line",
    encoding: str = "utf-8",
) -> RawDoc | Rejection:
    """Turn one parsed JSON value into a RawDoc or a Rejection."""
    where = f"{what} {line}"
    if not isinstance(record, dict):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
            type(record), "null"
        )
        return reject(source, line, "parse", errors.BAD_JSON, f"{where} holds {kind}; expected a JSON object {{...}}")
    names = field_names(settings.field_map)
    text_key, html_key = names["text"], names["html"]
    text_value, html_value = record.get(text_key), record.get(html_key)
    if text_value is None and html_value is None:
        present = ", ".join(sorted(map(str, record))[:12]) or "none"
        strings = [(len(v), k) for k, v in record.items() if isinstance(v, str) and k not in names.values()]
        if strings:
            longest = max(strings)[1]
            hint = f"if the text is in {longest!r}, map it with the jsonl_fields setting: 'text={longest}'"
        else:
            hint = "map your field names with the jsonl_fields setting, e.g. 'text=content,id=docno'"
        return reject(
            source,
            line,
            "parse",
            errors.MISSING_FIELD,
            f"{where}: record has no {text_key!r} or {html_key!r} field (fields present: {present}); {hint}",
        )
    for key, value in ((text_key, text_value), (html_key, html_value)):
        if value is not None and not isinstance(value, str):
            return reject(
                source,
                line,
                "parse",
                errors.BAD_JSON,
                f"{where}: field {key!r} is {type(value).__name__}; expected a string",
            )

    warnings: list[str] = []
    meta: dict[str, Any] = {}
    page = None
    if isinstance(text_value, str):
        text = normalize_newlines(text_value)
        if not text.strip():
            return reject(source, line, "read", errors.EMPTY, f"{where}: field {text_key!r} is empty")
    else:
        assert isinstance(html_value, str)
        page = extract_html(html_value, url=_scalar(record.get(names["url"])))
        if page is None:
            return reject(source, line, "parse", errors.BAD_HTML, f"{where}: field {html_key!r}: {no_text_message(html_value)}")
        text = page.text
        meta.update(page.meta)
        warnings.extend(page.warnings)
        meta["from_html"] = True

    raw_id = record.get(names["id"])
    doc_id = _scalar(raw_id)
    if raw_id is not None and doc_id is None:
        warnings.append(f"field {names['id']!r} is not a string or number; used {stem}:{line}")
    doc_id = doc_id or f"{stem}:{line}"

    raw_published = record.get(names["published"])
    published, published_time, warning = normalize_published(raw_published)
    if warning:
        warnings.append(warning)
    if published:
        meta["published_source"] = "jsonl"
        if published_time:
            meta["published_time"] = published_time
        if raw_published != published:
            meta["published_raw"] = raw_published
    elif page is not None and page.published:
        published = page.published

    used = {names[name] for name in FIELDS}
    extra = {k: v for k, v in record.items() if k not in used and isinstance(v, (str, int, float, bool))}
    if extra:
        meta["extra"] = extra
    meta["arabic_ratio"] = arabic_ratio(text)
    if warnings:
        meta["warnings"] = warnings

    def pick(name: str, fallback: str | None) -> str | None:
        return _scalar(record.get(names[name])) or fallback

    return RawDoc(
        doc_id=doc_id,
        text=text,
        source=source,
        line=line,
        fmt="jsonl",
        title=pick("title", page.title if page else None),
        url=pick("url", page.url if page else None),
        published=published,
        outlet=pick("outlet", page.outlet if page else None),
        author=pick("author", page.author if page else None),
        encoding=encoding,
        meta=meta,
    )


def _decode_line(raw: bytes, lineno: int, hint: str | None) -> tuple[str | None, str]:
    """``(text, encoding)`` from UTF-8 (BOM allowed on line 1) or else the hint;
    ``(None, message)`` when neither works."""
    if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        label = canonical_label(hint)
        if label:
            try:
                return raw.decode(python_codec(label)), label
            except (UnicodeError, LookupError, ValueError):
                pass
        return None, (
            f"line {lineno} is not valid UTF-8 (byte {exc.start}: {exc.reason}); JSON Lines must be "
            "UTF-8 - re-encode the file, e.g. iconv -f WINDOWS-1256 -t UTF-8"
        )


def iter_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, line bytes or None if over limit, size in bytes)``.

    The stream is read in 64 KiB chunks. A line is collected only while it stays within
    ``limit`` bytes (not counting its newline); past that its bytes are dropped and only
    counted, so a 20 MB line never holds more than ``limit`` + 64 KiB.
    """
    parts: list[bytes] = []
    size = 0
    lineno = 0
    over = False
    read = getattr(stream, "read1", stream.read)  # read1: a cut gzip stream still yields what it has
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            break
        start = 0
        while start < len(chunk):
            newline = chunk.find(b"\n", start)
            end = len(chunk) if newline < 0 else newline + 1
            if not over:
                content = size + (end - start) - (newline >= 0)
                if content > limit:
                    over = True
                    parts = []
                else:
                    parts.append(chunk[start:end])
            size += end - start
            start = end
            if newline >= 0:
                lineno += 1
                yield lineno, (None if over else b"".join(parts)), size
                parts, size, over = [], 0, False
    if size:
        yield lineno + 1, (None if over else b"".join(parts)), size


def read_jsonl_stream(
    stream: IO[bytes], *, source: str, stem: str, settings: ReaderSettings
) -> Iterator[RawDoc | Rejection]:
    """Read JSON Lines from a binary stream (file, gzip stream or stdin)."""
    limit = settings.max_doc_bytes
    lineno = 0
    records = 0
    try:
        for lineno, raw, size in iter_lines(stream, limit):
            records += 1
            if raw is None:
                yield too_large(source, lineno, size, limit, f"line {lineno}")
                continue
            if not raw.strip():
                records -= 1
                continue
            line, encoding = _decode_line(raw, lineno, settings.encoding)
            if line is None:
                yield reject(source, lineno, "decode", errors.UNDECODABLE, encoding)
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield reject(
                    source,
                    lineno,
                    "parse",
                    errors.BAD_JSON,
                    f"line {lineno} is not valid JSON: {exc.msg} at column {exc.colno}; "
                    "each line must hold one complete JSON object",
                )
                continue
            except (ValueError, RecursionError) as exc:
                yield reject(source, lineno, "parse", errors.BAD_JSON, f"line {lineno} cannot be parsed as JSON: {exc}")
                continue
            yield record_doc(record, source=source, line=lineno, stem=stem, settings=settings, encoding=encoding)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        where = f"after line {lineno}; the lines before it were read" if lineno else "from the start"
        yield reject(source, lineno + 1, "read", errors.BAD_GZIP, f"gzip stream is truncated or corrupt {where} ({exc})")
        return
    except OSError as exc:
        yield reject(source, lineno + 1, "read", errors.NOT_FOUND, f"reading stopped after line {lineno}: {exc}")
        return
    if not records:
        what = "is empty (0 bytes)" if not lineno else f"holds no JSON records, only {lineno} blank line(s)"
        yield reject(source, None, "read", errors.EMPTY, f"input {what}")


def jsonl_stem(path: Path) -> str:
    """``news.jsonl.gz`` -> ``news``."""
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".json"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem


def read_jsonl(path: Path, source: str, settings: ReaderSettings) -> Iterator[RawDoc | Rejection]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` file, streaming."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield reject(source, None, "read", errors.NOT_FOUND, f"cannot read {path.name}: {exc.strerror or exc}")
        return
    with raw:
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                yield from read_jsonl_stream(stream, source=source, stem=jsonl_stem(path), settings=settings)
        else:
            yield from read_jsonl_stream(raw, source=source, stem=jsonl_stem(path), settings=settings)


def read_json(path: Path, source: str, settings: ReaderSettings) -> Iterator[RawDoc | Rejection]:
    """Read a ``.json`` file holding one record or a list of records. The whole file is
    parsed at once, so it must fit in ``max_doc_bytes``; use JSON Lines for collections."""
    data = read_bounded(path, source, settings.max_doc_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    try:
        text = data.decode("utf-8-sig")
        value = json.loads(text)
    except UnicodeDecodeError as exc:
        yield reject(source, None, "decode", errors.UNDECODABLE, f"JSON file is not valid UTF-8 (byte {exc.start}: {exc.reason})")
        return
    except json.JSONDecodeError as exc:
        yield reject(
            source,
            exc.lineno,
            "parse",
            errors.BAD_JSON,
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
        return
    except (ValueError, RecursionError) as exc:
        yield reject(source, None, "parse", errors.BAD_JSON, f"cannot be parsed as JSON: {exc}")
        return
    records = value if isinstance(value, list) else [value]
    stem = jsonl_stem(path)
    for number, record in enumerate(records, start=1):
        yield record_doc(record, source=source, line=number, stem=stem, settings=settings, what="item")
