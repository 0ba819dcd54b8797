"""What a batch run writes: the tables of :mod:`marsad.export.tables` as Parquet folders
partitioned by year/month of publication (or of the event's date), plus ``rejections``
(inputs that became no document, with the reason), ``links`` (the verified story links,
what the stories were built from) and ``manifest.json`` (counts, engine, schema version).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..export.tables import SCHEMA_VERSION, TABLES
from ..stories.cluster import Link

__all__ = ["LINKS", "REJECTIONS", "Summary", "link_row", "out_paths", "write_manifest"]

REJECTIONS = pa.schema([
    pa.field("source", pa.string()), pa.field("line", pa.int64()), pa.field("stage", pa.string()),
    pa.field("code", pa.string()), pa.field("message", pa.string()),
])

_SPANS = pa.list_(pa.list_(pa.int32()))
LINKS = pa.schema([
    pa.field("a", pa.string()), pa.field("b", pa.string()), pa.field("kind", pa.string()),
    pa.field("jaccard", pa.float64()), pa.field("containment", pa.float64()), pa.field("passages", pa.int32()),
    pa.field("shared", pa.float64()), pa.field("score", pa.float64()), pa.field("gap_days", pa.int32()),
    pa.field("host", pa.string()), pa.field("spans_a", _SPANS), pa.field("spans_b", _SPANS),
    pa.field("words", pa.float64()),
])


def link_row(lk: Link) -> dict[str, Any]:
    return {"a": lk.a, "b": lk.b, "kind": lk.kind, "jaccard": lk.jaccard, "containment": lk.containment,
            "passages": lk.passages, "shared": lk.shared, "score": lk.score, "gap_days": lk.gap_days,
            "host": lk.host, "spans_a": lk.spans_a, "spans_b": lk.spans_b, "words": lk.words}


@dataclass(slots=True)
class Summary:
    engine: str
    jobs: int = 1
    read: int = 0
    documents: int = 0
    present: int = 0  # the same text again
    renamed: int = 0
    rejected: int = 0
    mentions: int = 0
    events: int = 0
    multi_events: int = 0  # reported by two or more documents
    candidates: int = 0
    links: int = 0
    stories: int = 0
    multi_stories: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def out_paths(out: str) -> dict[str, str]:
    return {t: os.path.join(out, t) for t in (*TABLES, "links")} | {"rejections": os.path.join(out, "rejections.parquet"),
                                                                    "links": os.path.join(out, "links.parquet")}


def write_manifest(out: str, summary: Summary) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    data = {"schema_version": SCHEMA_VERSION, "tables": [*TABLES, "rejections", "links"], **summary.as_dict()}
    (Path(out) / "manifest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
