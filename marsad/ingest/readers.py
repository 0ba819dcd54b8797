"""Readers: files, folders and stdin in; a stream of ``RawDoc | Rejection`` out.

Example::

    for item in iter_inputs(["news/", "extra.jsonl"], settings=ReaderSettings()):
        if isinstance(item, Rejection):
            log(item.where(), item.code, item.message)

Inputs:

* a **file**, read by its extension (case-insensitive): ``.txt`` (:mod:`.text`),
  ``.html``/``.htm`` (:mod:`.html`), ``.jsonl``/``.jsonl.gz``/``.json`` (:mod:`.jsonl`),
  ``.warc``/``.warc.gz`` (:mod:`.warc`); anything else is an ``unsupported`` rejection that
  lists these extensions;
* a **folder**, walked recursively in sorted order (by path, code point order, so runs are
  reproducible); hidden files and folders (name starting with ``.``) are skipped, symlinked
  folders are not followed; a folder with no visible files is an ``empty`` rejection;
* ``-`` for **stdin**, read as bytes: JSON Lines when the first non-blank byte is ``{``, an
  HTML page when it starts with ``<!doctype html``/``<html``, else one plain-text document
  with ``doc_id`` ``"stdin"``; ``source`` is ``"<stdin>"``;
* a path that does not exist is a ``not_found`` rejection.

Readers never print and never raise for bad input. Memory is bounded by
``ReaderSettings.max_doc_bytes`` (one document, one JSONL line, one WARC record body) plus
library buffers; archives are streamed.

``text`` in every RawDoc is the decoded text with newlines normalised (``\\r\\n`` and
``\\r`` to ``\\n``); offsets downstream refer to it. ``meta`` always holds
``arabic_ratio`` (Arabic letters / all letters; text without Arabic is *not* rejected here)
and, when anything was repaired or guessed, ``warnings`` (a list of sentences).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from marsad import errors
from marsad.errors import ConfigError
from marsad.ingest.encoding import canonical_label
from marsad.ingest.html import html_doc, read_html
from marsad.ingest.jsonl import FIELDS, read_json, read_jsonl, read_jsonl_stream
from marsad.ingest.text import STDIN_SOURCE, is_hidden, read_txt, reject, text_doc, too_large
from marsad.ingest.warc import read_warc
from marsad.ingest.sanitize import sanitize
from marsad.model import RawDoc, Rejection

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ReadStats",
    "ReaderSettings",
    "count_inputs",
    "iter_inputs",
]

#: Extensions marsad reads, longest first so ``.jsonl.gz`` wins over ``.gz``.
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".jsonl.gz",
    ".warc.gz",
    ".jsonl",
    ".json",
    ".warc",
    ".html",
    ".htm",
    ".txt",
)
_KIND: Mapping[str, str] = MappingProxyType({
    ".jsonl.gz": "jsonl",
    ".warc.gz": "warc",
    ".jsonl": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
})
_COUNT_CHUNK = 1 << 20
_STDIN_PEEK = 1 << 16

DEFAULT_MAX_DOC_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    """How inputs are read.

    ``max_doc_bytes``: the largest document, JSONL line, JSON file or WARC record body read
    (default 10 MiB); larger ones are ``too_large`` rejections, never read whole.
    ``field_map``: our field -> the input's field name, for JSONL/JSON records, e.g.
    ``{"text": "content", "id": "docno"}``; our fields are ``id url title text html
    published outlet author``.
    ``encoding``: the encoding to use for input that has no BOM and is not valid UTF-8
    (e.g. ``"windows-1256"``), instead of detecting it; a declared HTML/HTTP charset still
    wins. None (the default) means detect.
    """

    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    field_map: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.max_doc_bytes, int) or self.max_doc_bytes < 1:
            raise ConfigError(f"max_doc_bytes must be a positive integer, got {self.max_doc_bytes!r}")
        unknown = sorted(set(self.field_map) - set(FIELDS))
        if unknown:
            raise ConfigError(
                f"field_map has unknown field(s) {', '.join(unknown)}; known fields: {', '.join(FIELDS)}"
            )
        for ours, theirs in self.field_map.items():
            if not isinstance(theirs, str) or not theirs:
                raise ConfigError(f"field_map[{ours!r}] must be a non-empty field name, got {theirs!r}")
        if self.encoding is not None and canonical_label(self.encoding) is None:
            raise ConfigError(f"encoding {self.encoding!r} is not a known encoding (e.g. windows-1256, iso-8859-6)")
        object.__setattr__(self, "field_map", MappingProxyType(dict(self.field_map)))

    def __hash__(self) -> int:  # the mapping is read-only, so settings can key a cache
        return hash((self.max_doc_bytes, tuple(sorted(self.field_map.items())), self.encoding))


@dataclass(slots=True)
class ReadStats:
    """Counts a caller can pass to :func:`iter_inputs` to learn what was read and what was
    skipped *without* a rejection (hidden files, non-HTML WARC records ...). Owned by the
    caller; the readers only add to it."""

    files: int = 0
    docs: int = 0
    rejections: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    repaired: dict[str, int] = field(default_factory=dict)  # characters replaced, by kind (sanitize)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` items skipped for ``reason`` (e.g. ``warc_non_html``, ``hidden``)."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count


def kind_of(path: Path) -> str | None:
    """``txt``, ``html``, ``jsonl``, ``json`` or ``warc`` by extension; None if unsupported."""
    name = path.name.lower()
    for ext in SUPPORTED_EXTENSIONS:
        if name.endswith(ext) and len(name) > len(ext):
            return _KIND[ext]
    return None


def _walk(folder: Path, stats: ReadStats | None) -> Iterator[Path]:
    """Files under ``folder`` in sorted path order, skipping hidden entries and symlinked
    folders."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if is_hidden(entry.name):
            if stats is not None:
                stats.skip("hidden")
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), stats)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError:
            yield Path(entry.path)


def _read_file(path: Path, settings: ReaderSettings, stats: ReadStats | None) -> Iterator[RawDoc | Rejection]:
    source = str(path)
    kind = kind_of(path)
    if kind is None:
        shown = "".join(path.suffixes[-2:]) or "(no extension)"
        yield reject(
            source,
            None,
            "read",
            errors.UNSUPPORTED,
            f"{path.name}: marsad does not read {shown!r} files; supported: "
            f"{', '.join(sorted(SUPPORTED_EXTENSIONS))}",
        )
        return
    if kind == "txt":
        yield read_txt(path, source, settings)
    elif kind == "html":
        yield read_html(path, source, settings)
    elif kind == "jsonl":
        yield from read_jsonl(path, source, settings)
    elif kind == "json":
        yield from read_json(path, source, settings)
    else:
        yield from read_warc(path, source, settings, stats)


def _read_path(raw: str, settings: ReaderSettings, stats: ReadStats | None) -> Iterator[RawDoc | Rejection]:
    path = Path(raw)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield reject(raw, None, "read", errors.NOT_FOUND, f"cannot access {raw!r}: {exc.strerror or exc}")
        return
    if not exists:
        yield reject(raw, None, "read", errors.NOT_FOUND, f"no such file or folder: {raw!r}; check the path")
        return
    if not is_dir:
        if not path.is_file():
            yield reject(raw, None, "read", errors.UNSUPPORTED, f"{raw!r} is not a regular file or folder")
            return
        if stats is not None:
            stats.files += 1
        yield from _read_file(path, settings, stats)
        return
    seen = False
    for file in _walk(path, stats):
        seen = True
        if kind_of(file) is None:
            # Inside a folder, files of other types (README.md, scripts, images) are not
            # articles: skip and count them. A file named explicitly is rejected instead.
            if stats is not None:
                stats.skip("other_file_type")
            continue
        if stats is not None:
            stats.files += 1
        yield from _read_file(file, settings, stats)
    if not seen:
        yield reject(raw, None, "read", errors.EMPTY, f"folder {raw!r} holds no files (hidden files are skipped)")


class _Prefixed(io.RawIOBase):
    """A binary stream that first returns ``prefix``, then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(view))
        if not data:
            return 0
        view[: len(data)] = data
        return len(data)


class _TextAsBytes(io.RawIOBase):
    """UTF-8 bytes of a text stream (stdin replaced by ``io.StringIO`` in tests and
    notebooks)."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending:
            text = self._stream.read(max(1, len(view) // 4))
            if not text:
                return 0
            self._pending = text.encode("utf-8", "surrogateescape")
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _binary(stdin: Any) -> IO[bytes] | None:
    if stdin is None:
        return None
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    if isinstance(stdin, io.TextIOBase):
        return io.BufferedReader(_TextAsBytes(stdin))
    return stdin  # type: ignore[no-any-return]


def _read_stdin(stdin: Any, settings: ReaderSettings) -> Iterator[RawDoc | Rejection]:
    stream = _binary(stdin)
    if stream is None:
        yield reject(STDIN_SOURCE, None, "read", errors.NOT_FOUND, "no stdin to read from (the process has none)")
        return
    limit = settings.max_doc_bytes
    prefix = b""
    try:
        while len(prefix) < _STDIN_PEEK:
            chunk = stream.read(4096)
            if not chunk:
                break
            prefix += chunk
            if prefix.lstrip(b" \t\r\n\xef\xbb\xbf"):
                break
    except OSError as exc:
        yield reject(STDIN_SOURCE, None, "read", errors.NOT_FOUND, f"cannot read stdin: {exc}")
        return
    start = prefix.lstrip(b" \t\r\n\xef\xbb\xbf")
    if start.startswith(b"{"):
        joined = io.BufferedReader(_Prefixed(prefix, stream))
        yield from read_jsonl_stream(joined, source=STDIN_SOURCE, stem="stdin", settings=settings)
        return
    try:
        data = prefix + stream.read(max(0, limit + 1 - len(prefix)))
    except OSError as exc:
        yield reject(STDIN_SOURCE, None, "read", errors.NOT_FOUND, f"cannot read stdin: {exc}")
        return
    if len(data) > limit:
        yield too_large(STDIN_SOURCE, None, len(data), limit, "stdin", at_least=True)
        return
    if not data:
        yield reject(STDIN_SOURCE, None, "read", errors.EMPTY, "stdin is empty (0 bytes)")
        return
    head = start[:64].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        yield html_doc(data, source=STDIN_SOURCE, doc_id="stdin", hint=settings.encoding)
    else:
        yield text_doc(data, source=STDIN_SOURCE, doc_id="stdin", hint=settings.encoding)


def _as_list(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    """One path given bare (``iter_inputs("news/")``) is one path, not its characters."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    settings: ReaderSettings | None = None,
    stdin: Any = None,
    stats: ReadStats | None = None,
) -> Iterator[RawDoc | Rejection]:
    """Read every input in ``paths`` (files, folders, ``-`` for stdin), in order, yielding a
    :class:`RawDoc` per document and a :class:`Rejection` per input that cannot be one.

    ``stdin`` defaults to ``sys.stdin`` (its binary buffer); binary and text streams work.
    ``stats``, if given, is filled in as items are produced.
    """
    settings = settings or ReaderSettings()
    for raw in _as_list(paths):
        if raw == "-":
            items = _read_stdin(sys.stdin if stdin is None else stdin, settings)
        else:
            items = _read_path(raw, settings, stats)
        for item in items:
            item = sanitize(item, None if stats is None else stats.repaired)
            if stats is not None:
                if isinstance(item, RawDoc):
                    stats.docs += 1
                else:
                    stats.rejections += 1
            yield item


def _count_lines(path: Path) -> int | None:
    try:
        with path.open("rb") as f:
            count = 0
            last = b"\n"
            while chunk := f.read(_COUNT_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
            return max(1, count + (last != b"\n"))
    except OSError:
        return 1


def count_inputs(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> int | None:
    """A cheap estimate of how many items :func:`iter_inputs` will yield, for a progress
    bar: one per file (and per missing path or unsupported file), the number of lines for
    ``.jsonl`` (counted in binary; blank lines make it an over-estimate). None when any input
    cannot be counted without reading it through: stdin, ``.jsonl.gz``, ``.json``, WARC.
    """
    total = 0
    for raw in _as_list(paths):
        if raw == "-":
            return None
        path = Path(raw)
        files = list(_walk(path, None)) if path.is_dir() else [path]
        if not files:
            total += 1
        for file in files:
            kind = kind_of(file)
            if kind is None and path.is_dir():
                continue  # skipped while walking folders
            name = file.name.lower()
            if kind in ("warc", "json") or name.endswith(".jsonl.gz"):
                return None
            total += _count_lines(file) if kind == "jsonl" and file.is_file() else 1
    return total
