"""``marsad batch``: the pipeline over an archive with no database in the loop.

The per-document function is :func:`marsad.pipeline.build_document` (:mod:`.work`); the
cross-document steps — story clustering and event merging — are :mod:`.steps`, pure
functions over the rules of :mod:`marsad.stories`. Two engines run them: ``local``
(:mod:`.local`, a process pool) and ``spark`` (:mod:`.spark`, Apache Spark through pyspark).
Both write the same Parquet tables (:mod:`.output`); :mod:`.load` stores a result in a
database.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ..ingest.readers import ReaderSettings
from .output import Summary

__all__ = ["ENGINES", "run_batch"]

ENGINES = ("local", "spark")


def run_batch(
    paths: Sequence[str], out: str, *, engine: str = "local", jobs: int = 1, master: str | None = None,
    reader: ReaderSettings | None = None, on_item: Callable[[], None] | None = None,
) -> Summary:
    """Run the pipeline over ``paths`` and write the tables under ``out``."""
    started = time.perf_counter()
    if engine == "local":
        from .local import run_local

        summary = run_local(paths, out, jobs=jobs, reader=reader, on_item=on_item)
    elif engine == "spark":
        from .spark import run_spark

        summary = run_spark(paths, out, master=master or f"local[{max(jobs, 1)}]", reader=reader)
    else:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    summary.seconds = round(time.perf_counter() - started, 2)
    from .inputs import is_uri
    from .output import write_manifest

    if not is_uri(out):  # on a Hadoop URI the tables are the result (Spark wrote them)
        write_manifest(out, summary)
    return summary
