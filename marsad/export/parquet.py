"""Streaming Parquet writers: rows in, row groups out, constant memory.

* :class:`ParquetFile` — one file; rows are buffered and written as a row group every
  ``row_group`` rows.
* :class:`PartitionedParquet` — a folder partitioned Hive-style by ``year`` / ``month``
  (``year=2015/month=7/part-0.parquet``; an unknown date goes to
  ``year=__HIVE_DEFAULT_PARTITION__``), the layout Spark, DuckDB, polars, pandas and BigQuery
  read as one table. The partition columns live in the folder names, not in the files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyarrow as pa
import pyarrow.dataset as pds
import pyarrow.parquet as pq

__all__ = ["NULL_PARTITION", "ParquetFile", "PartitionedParquet", "read_table"]

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
ROW_GROUP = 5000
PARTITION_COLUMNS = ("year", "month")


class ParquetFile:
    def __init__(self, path: str | os.PathLike[str], schema: pa.Schema, *, row_group: int = ROW_GROUP) -> None:
        self.path = Path(path)
        self.schema = schema
        self.row_group = row_group
        self.rows = 0
        self._buf: list[Mapping[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None

    def write(self, row: Mapping[str, Any]) -> None:
        self._buf.append(row)
        if len(self._buf) >= self.row_group:
            self.flush()

    def write_many(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for r in rows:
            self.write(r)

    def flush(self) -> None:
        if not self._buf:
            return
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        self._writer.write_table(pa.Table.from_pylist(self._buf, schema=self.schema))
        self.rows += len(self._buf)
        self._buf.clear()

    def close(self) -> None:
        self.flush()
        if self._writer is None:  # an empty table is still a table with its columns
            self.path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(self.schema.empty_table(), self.path, compression="zstd")
        else:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> "ParquetFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _part(value: Any) -> str:
    return NULL_PARTITION if value is None else str(value)


class PartitionedParquet:
    """Rows of ``schema`` (which holds ``year`` and ``month``) into ``root/year=Y/month=M/``.
    At most ``row_group`` rows are held in memory across all partitions: past that, every
    partition's buffer is written out as a row group."""

    def __init__(self, root: str | os.PathLike[str], schema: pa.Schema, *, row_group: int = ROW_GROUP,
                 name: str = "part-0.parquet") -> None:
        self.root = Path(root)
        self.schema = schema
        self.file_schema = pa.schema([f for f in schema if f.name not in PARTITION_COLUMNS])
        self.row_group = row_group
        self.name = name
        self.rows = 0
        self._files: dict[tuple[Any, Any], ParquetFile] = {}
        self._held = 0

    def write(self, row: Mapping[str, Any]) -> None:
        key = (row.get("year"), row.get("month"))
        f = self._files.get(key)
        if f is None:
            path = self.root / f"year={_part(key[0])}" / f"month={_part(key[1])}" / self.name
            f = self._files[key] = ParquetFile(path, self.file_schema, row_group=self.row_group)
        f.write(row)
        self.rows += 1
        self._held += 1
        if self._held >= self.row_group:
            for g in self._files.values():
                g.flush()
            self._held = 0

    def write_many(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for r in rows:
            self.write(r)

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        if not self._files:  # no rows: an empty table with its schema
            self.root.mkdir(parents=True, exist_ok=True)
            pq.write_table(self.file_schema.empty_table(), self.root / self.name, compression="zstd")

    def __enter__(self) -> "PartitionedParquet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def dataset(path: str | os.PathLike[str]) -> pds.Dataset:
    """A Parquet file or a (year/month partitioned) folder of them as one dataset."""
    p = Path(path)
    if p.is_dir():
        part = pds.partitioning(pa.schema([("year", pa.int32()), ("month", pa.int32())]), flavor="hive")
        files = sorted(str(f) for f in p.rglob("*.parquet"))
        return pds.dataset(files, format="parquet", partitioning=part, partition_base_dir=str(p))
    return pds.dataset(str(p), format="parquet")


def read_table(path: str | os.PathLike[str], columns: list[str] | None = None) -> pa.Table:
    return dataset(path).to_table(columns=columns)
