"""Inputs of a batch run: the files to read, each with its index, in the order ``marsad
ingest`` reads them, and the records of one file with their ordinals.

Local paths are expanded here (folders walked in sorted order, hidden entries and files of
other types skipped, as the readers do). A URI with a scheme (``hdfs://``, ``s3a://``,
``gs://``, ``file://``) is left to Spark, which lists and fetches it through Hadoop.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..ingest.readers import ReaderSettings, _walk, iter_inputs, kind_of
from ..model import RawDoc, Rejection

__all__ = ["is_uri", "list_files", "ordinal", "read_bytes", "read_file"]

RECORD_BITS = 32


def ordinal(file_index: int, record: int) -> int:
    return (file_index << RECORD_BITS) | record


def is_uri(path: str) -> bool:
    return "://" in path


def list_files(paths: Sequence[str]) -> list[str]:
    """Every file to read, in reading order. A missing path stays in the list (reading it
    gives its rejection); URIs stay as they are."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if is_uri(raw) or not p.is_dir():
            out.append(raw)
            continue
        files = [str(f) for f in _walk(p, None) if kind_of(f) is not None]
        out.extend(files or [raw])  # an empty folder: reading it gives its rejection
    return out


def read_file(file_index: int, path: str, settings: ReaderSettings) -> Iterator[tuple[int, RawDoc | Rejection]]:
    """The records of one file (or of a missing path: its rejection), with ordinals."""
    for i, item in enumerate(iter_inputs([path], settings=settings)):
        yield ordinal(file_index, i), item


def read_bytes(file_index: int, name: str, data: bytes, settings: ReaderSettings) -> Iterator[tuple[int, RawDoc | Rejection]]:
    """The records of a file fetched as bytes (Spark ``binaryFiles``): read from a temporary
    copy with the same extension; sources name the original URI."""
    folder = tempfile.mkdtemp(prefix="marsad-")
    tmp = os.path.join(folder, Path(name).name or "input.txt")  # same name: same doc_id for text files
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        for o, item in read_file(file_index, tmp, settings):
            if isinstance(item, Rejection):
                item = replace(item, source=name, message=item.message.replace(tmp, name))
            else:
                item.source = name
            yield o, item
    finally:
        shutil.rmtree(folder, ignore_errors=True)
