"""Hostile inputs through the whole ingest into a store: no traceback, each bad item rejected
with its reason and recorded, every good item stored, and a second run stores nothing new."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from marsad import errors
from marsad.cli import app
from marsad.pipeline import ingest
from marsad.settings import Settings
from marsad.store.db import Store

from .test_readers import HOSTILE, MiB, P1

runner = CliRunner()


def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(HOSTILE, folder)
    (folder / "huge_line.txt").write_text("ا" * (20 * MiB // 2 + 10), encoding="utf-8")  # 20 MB, one line
    (folder / "ok.txt").write_text(P1 + "\n", encoding="utf-8")
    return folder


def test_hostile_ingest_into_the_store_twice(tmp_path: Path, db: str) -> None:
    folder = hostile_folder(tmp_path)
    settings = Settings(db=db, batch_size=3)  # several batches: each its own transaction
    with Store.open(db) as store:
        first = ingest([str(folder)], store, settings)
        codes = {r.code for r in first.rejections}
        assert {errors.EMPTY, errors.BINARY, errors.BAD_HTML, errors.BAD_JSON, errors.MISSING_FIELD,
                errors.BAD_WARC, errors.TOO_LARGE, errors.BAD_GZIP} <= codes
        assert first.stored > 5 and first.stored + first.present + first.rejected == first.read
        for r in first.rejections:
            assert r.message and r.source
        stored = store.count_documents()
        rejections = len(store.list_rejections())
        second = ingest([str(folder)], store, settings)
        assert second.stored == 0 and second.present == first.stored + first.present
        assert store.count_documents() == stored
        assert len(store.list_rejections()) == rejections  # recorded once per place and reason
        assert all(r["times"] == 2 for r in store.list_rejections())


def test_hostile_ingest_from_the_cli(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    db = str(tmp_path / "h.db")
    res = runner.invoke(app, ["ingest", str(folder), "--db", db, "--json"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    rep = json.loads(res.output)
    assert rep["rejected"] >= 8 and rep["stored"] > 5
    again = json.loads(runner.invoke(app, ["ingest", str(folder), "--db", db, "--json"]).output)
    assert again["stored"] == 0


def test_cli_ingest_into_postgres(pg_db: str) -> None:
    samples = Path(__file__).resolve().parent.parent.parent / "samples"
    first = runner.invoke(app, ["ingest", str(samples), "--db", pg_db, "--json"])
    assert first.exit_code == 0, first.output
    again = json.loads(runner.invoke(app, ["ingest", str(samples), "--db", pg_db, "--json"]).output)
    assert again["stored"] == 0 and again["already_present"] == json.loads(first.output)["read"]
    listing = runner.invoke(app, ["docs", "--db", pg_db, "--format", "jsonl"])
    assert len(listing.output.splitlines()) == json.loads(first.output)["stored"]
