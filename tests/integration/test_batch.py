"""marsad batch: the same documents, event mentions, stories and merged events as marsad
ingest, with the local pool and with Spark; marsad load stores a result idempotently."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from marsad.batch import run_batch
from marsad.batch.load import load_batch
from marsad.batch.parity import diff, from_output, from_store
from marsad.export.parquet import read_table
from marsad.pipeline import ingest
from marsad.settings import load_settings
from marsad.store.db import Store
from tests.conftest import ROOT, SAMPLES

HOSTILE = ROOT / "tests" / "hostile"
#: Archive articles in the CI parity test (the 2,000-article check is bench/batch.py --limit 2000 --check).
PARITY_SLICE = 200


def _same(a, b) -> None:
    d = diff(a, b)
    assert all(v["only_left"] == 0 and v["only_right"] == 0 for v in d.values()), d


def _ingest(paths: list[str], db: str) -> None:
    with Store.open(db) as st:
        ingest(paths, st, load_settings(None, db=db))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The samples, plus the same text twice and two texts under one doc_id, plus bad input."""
    d = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLES / "txt", d / "txt")
    first = sorted((d / "txt").glob("*.txt"))
    (d / "again").mkdir()
    shutil.copy(first[0], d / "again" / first[0].name)  # same name and text: stored once
    # another text under a used doc_id: renamed
    (d / "again" / first[2].name).write_text(
        first[1].read_text(encoding="utf-8") + "\nوأضاف المصدر أن الاجتماع المقبل سيعقد في الشهر القادم.\n",
        encoding="utf-8")
    return [str(d / "txt"), str(SAMPLES / "jsonl"), str(d / "again"), str(HOSTILE / "broken.jsonl"),
            str(HOSTILE / "image.txt")]


@pytest.fixture(scope="module")
def reference(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("ref") / "ref.db")
    _ingest(inputs, db)
    return db


@pytest.fixture(scope="module")
def local_out(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> str:
    out = str(tmp_path_factory.mktemp("local") / "out")
    s = run_batch(inputs, out, engine="local", jobs=2)
    assert s.documents > 0 and s.present >= 1 and s.renamed >= 1 and s.rejected > 0
    return out


def test_local_batch_equals_ingest(reference: str, local_out: str) -> None:
    _same(from_store(reference), from_output(local_out))
    facts = from_output(local_out)
    assert facts.mentions and facts.events


def test_batch_tables_are_partitioned_and_typed(local_out: str) -> None:
    docs = read_table(Path(local_out) / "documents")
    assert {"year", "month", "text", "entities"} <= set(docs.column_names)
    assert any(p.name.startswith("year=") for p in (Path(local_out) / "documents").iterdir())
    m = read_table(Path(local_out) / "mentions").to_pylist()
    texts = {r["doc_id"]: r["text"] for r in docs.to_pylist()}
    for r in m:
        assert texts[r["doc_id"]][r["trigger_start"] : r["trigger_end"]] == r["trigger_text"]
        assert r["event_id"] is not None
    manifest = json.loads((Path(local_out) / "manifest.json").read_text())
    assert manifest["engine"] == "local" and manifest["schema_version"] == "1"


def test_rejections_keep_their_reasons(local_out: str) -> None:
    rej = read_table(Path(local_out) / "rejections.parquet").to_pylist()
    assert rej and all(r["code"] and r["message"] for r in rej)
    assert any(r["source"].endswith("broken.jsonl") for r in rej)


def test_load_is_idempotent_and_gives_what_ingest_gives(reference: str, local_out: str, db: str) -> None:
    with Store.open(db) as st:
        first = load_batch(local_out, st)
        assert first.stored == first.read > 0 and first.rejections > 0
        second = load_batch(local_out, st)
        assert second.stored == 0 and second.present == second.read
        n_events = st.count_events()
    assert n_events == len(from_output(local_out).mentions)
    _same(from_store(reference), from_store(db))


@pytest.fixture(scope="module")
def spark_ok() -> None:
    pytest.importorskip("pyspark")
    from marsad.batch.spark import spark_available

    why = spark_available()
    if why:
        pytest.skip(why)


@pytest.mark.slow
def test_spark_batch_equals_local(spark_ok: None, inputs: list[str], local_out: str, tmp_path: Path) -> None:
    from marsad.batch.spark import run_spark

    out = str(tmp_path / "spark")
    s = run_spark(inputs, out, master="local[2]", small_graph=0)  # components by label propagation
    assert s.present >= 1 and s.renamed >= 1
    _same(from_output(local_out), from_output(out))
    assert len(read_table(Path(out) / "rejections.parquet")) == len(read_table(Path(local_out) / "rejections.parquet"))


@pytest.mark.shared
@pytest.mark.slow
def test_archive_slice_parity_ingest_local_spark(shared: Path, spark_ok: None, tmp_path: Path) -> None:
    """The first PARITY_SLICE articles of each archive corpus through ingest, batch --engine
    local and batch --engine spark: the same documents, mentions, stories and merged events."""
    src = tmp_path / "slice.jsonl"
    with open(src, "w", encoding="utf-8") as out:
        for f in sorted((shared / "archive").glob("*.jsonl.gz")):
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i >= PARITY_SLICE // 2:
                        break
                    out.write(line)
    db = str(tmp_path / "ingest.db")
    _ingest([str(src)], db)
    ref = from_store(db)
    run_batch([str(src)], str(tmp_path / "local"), engine="local", jobs=2)
    run_batch([str(src)], str(tmp_path / "spark"), engine="spark", master="local[2]")
    _same(ref, from_output(str(tmp_path / "local")))
    _same(ref, from_output(str(tmp_path / "spark")))
    assert len(ref.documents) >= PARITY_SLICE - 5 and ref.stories and ref.events


def test_local_batch_with_a_small_window_gives_the_same_tables(
    inputs: list[str], local_out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most IN_FLIGHT inputs between the reader and the driver: a window of 3 inputs
    with 2 workers ends with the same result (and a driver failure ends the pool, not hangs)."""
    from marsad.batch import local

    monkeypatch.setattr(local, "IN_FLIGHT", 3)
    run_batch(inputs, str(tmp_path / "small"), engine="local", jobs=2)
    _same(from_output(local_out), from_output(str(tmp_path / "small")))

    def boom(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("driver failure")

    monkeypatch.setattr(local, "person_row", boom)
    with pytest.raises(RuntimeError, match="driver failure"):
        run_batch(inputs, str(tmp_path / "failed"), engine="local", jobs=2)
