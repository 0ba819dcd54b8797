"""The command line as a user meets it: help, exit codes, idempotent ingest, extract contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

from ..conftest import SAMPLES

runner = CliRunner()
COMMANDS = ["ingest", "process", "extract", "docs", "show", "stories", "persons", "events", "rejections", "settings", "eval"]


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_help_lists_every_command() -> None:
    res = run("--help")
    assert res.exit_code == 0
    for cmd in COMMANDS:
        assert cmd in res.output


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_complete_help(cmd: str) -> None:
    res = run(cmd, "--help")
    assert res.exit_code == 0
    assert "Usage" in res.output and "--help" in res.output
    # the docstring's first line is shown
    assert len(res.output.splitlines()) > 5


def test_ingest_samples_twice_stores_once(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    first = run("ingest", str(SAMPLES), "--db", db, "--json")
    assert first.exit_code == 0, first.output
    rep = json.loads(first.output)
    # the WARC holds the HTML sample's page again: same content, stored once
    assert rep["rejected"] == 0 and rep["read"] >= 15
    assert rep["stored"] + rep["already_present"] == rep["read"] and rep["already_present"] == 1
    second = run("ingest", str(SAMPLES), "--db", db, "--json")
    rep2 = json.loads(second.output)
    assert second.exit_code == 0
    assert rep2["stored"] == 0 and rep2["already_present"] == rep["read"]
    listing = run("docs", "--db", db, "--format", "jsonl")
    assert len(listing.output.strip().splitlines()) == rep["stored"]


def test_ingest_with_a_bad_input_exits_1_and_reports_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("استقبل وزير الخارجية نظيره الأردني في القاهرة أمس.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    res = run("ingest", str(folder), "--db", str(tmp_path / "t.db"))
    assert res.exit_code == 1
    assert "empty" in res.output and "stored" in res.output
    rej = run("rejections", "--db", str(tmp_path / "t.db"))
    assert "empty.txt" in rej.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("extract", str(SAMPLES), "--format", "xml").exit_code == 2
    assert run("ingest").exit_code == 2
    assert run("frobnicate").exit_code == 2
    res = runner.invoke(app, ["docs", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no marsad database" in res.output


def test_show_unknown_document_exits_1(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("ingest", str(SAMPLES / "jsonl"), "--db", db)
    res = runner.invoke(app, ["show", "no-such-doc", "--db", db])
    assert res.exit_code == 1 and "no document" in res.output


def test_show_displays_body_and_removed_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("ingest", str(SAMPLES / "txt"), "--db", db)
    first = json.loads(run("docs", "--db", db, "--format", "jsonl").output.splitlines()[0])
    res = run("show", first["doc_id"], "--db", db, "--format", "json")
    doc = json.loads(res.output)
    assert doc["doc_id"] == first["doc_id"] and doc["body"] and doc["extracted"] is True
    merged = {e["event_id"] for e in map(json.loads, run("events", "--db", db, "--all", "--format", "jsonl").output.splitlines())}
    assert doc["events"] and all(e["event_id"] in merged for e in doc["events"])
    stored = [e for e in map(json.loads, run("events", "--db", db, "--mentions", "--all", "--format", "jsonl")
                             .output.splitlines()) if e["doc_id"] == first["doc_id"]]

    def ids(events: list[dict]) -> list[tuple]:
        return sorted((e["sentence"], e["code"], e["source"]["code"], (e["target"] or {}).get("code"), e["event_id"])
                      for e in events)

    assert ids(doc["events"]) == ids(stored)  # each event gets its own report's merged event
    text = run("show", first["doc_id"], "--db", db).output
    assert "events" in text and f"event {doc['events'][0]['event_id']}," in text
    db2 = str(tmp_path / "t2.db")
    run("ingest", str(SAMPLES / "txt"), "--db", db2, "--no-extract")
    assert json.loads(run("show", first["doc_id"], "--db", db2, "--format", "json").output)["extracted"] is False
    assert "not extracted yet" in run("show", first["doc_id"], "--db", db2).output


def test_extract_contract_fields() -> None:
    res = run("extract", str(SAMPLES / "jsonl"))
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert lines
    for obj in lines:
        for key in ("doc_id", "title", "outlet", "published", "url", "body", "removed", "dates", "persons", "events"):
            assert key in obj
        assert obj["published"] is None or len(obj["published"]) == 10


def test_extract_json_is_one_array() -> None:
    res = run("extract", str(SAMPLES / "jsonl"), "--format", "json")
    assert isinstance(json.loads(res.output), list)


def test_extract_from_stdin() -> None:
    text = "القاهرة - الثلاثاء 14 مايو 2024\nبحث وزير الداخلية مع نظيره التونسي سبل التعاون الأمني.\n"
    res = run("extract", "-", input=text.encode("utf-8"))
    assert res.exit_code == 0, res.output
    obj = json.loads(res.output.splitlines()[0])
    assert "نظيره التونسي" in obj["body"]


def test_settings_from_environment_and_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.db"))
    res = run("ingest", str(SAMPLES / "jsonl"))
    assert res.exit_code == 0
    assert (tmp_path / "env.db").exists()
    res = run("settings")
    assert "env.db" in res.output
    monkeypatch.setenv("MARSAD_BATCH_SIZE", "many")
    res = runner.invoke(app, ["settings"])
    assert res.exit_code == 2 and "batch_size" in res.output


def test_stories_and_persons_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("ingest", str(SAMPLES / "txt"), "--db", db)
    stories = [json.loads(x) for x in run("stories", "--db", db, "--all", "--format", "jsonl").output.splitlines()]
    assert sorted(d for s in stories for d in s["doc_ids"]) == sorted(p.stem for p in (SAMPLES / "txt").glob("*.txt"))
    persons = [json.loads(x) for x in run("persons", "--db", db, "--format", "jsonl").output.splitlines()]
    assert persons and all(p["documents"] >= 1 and p["name"] for p in persons)
    db2 = str(tmp_path / "t2.db")
    run("ingest", str(SAMPLES / "txt"), "--db", db2, "--no-stories")
    assert run("stories", "--db", db2, "--all", "--format", "jsonl").output.strip() == ""
    assert run("stories", "--db", db2, "--assign", "--all", "--format", "jsonl").output.strip() != ""


def test_events_merged_and_as_mentions_and_deferred_extraction(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert run("ingest", str(SAMPLES / "txt"), "--db", db, "--no-extract").exit_code == 0
    assert run("events", "--db", db, "--format", "jsonl").output.strip() == ""
    res = run("process", "--db", db, "--json")
    assert res.exit_code == 0 and json.loads(res.output)["documents"] == len(list((SAMPLES / "txt").glob("*.txt")))
    merged = [json.loads(x) for x in run("events", "--db", db, "--format", "jsonl").output.splitlines()]
    mentions = [json.loads(x) for x in run("events", "--db", db, "--mentions", "--format", "jsonl").output.splitlines()]
    assert merged and len(merged) <= len(mentions)
    assert all(e["num_articles"] == len(e["doc_ids"]) >= 1 and e["num_sources"] >= 1 for e in merged)
    ids = {e["event_id"] for e in merged}
    assert all(m["event_id"] in ids for m in mentions)  # every report points to its merged event
    multi = run("events", "--db", db, "--min-articles", "2", "--format", "csv").output.splitlines()
    assert multi[0].startswith("event_id,date,code") and len(multi) - 1 == sum(e["num_articles"] >= 2 for e in merged)
    assert run("events", "--db", db, "--mentions", "--min-articles", "2").exit_code == 2


def test_docs_lists_oldest_first_with_search_and_checks_dates(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("ingest", str(SAMPLES), "--db", db)
    rows = [json.loads(x) for x in run("docs", "--db", db, "--format", "jsonl").output.splitlines()]
    days = [r["published"] for r in rows if r["published"]]
    assert days == sorted(days) and all("events" in r for r in rows)
    assert len([json.loads(x) for x in run("docs", "--db", db, "-f", "jsonl", "--limit", "2").output.splitlines()]) == 2
    hits = [json.loads(x) for x in run("docs", "--db", db, "-f", "jsonl", "--search", "الرياض").output.splitlines()]
    assert hits and len(hits) < len(rows)
    bad = runner.invoke(app, ["docs", "--db", db, "--since", "2024-13-01"])
    assert bad.exit_code == 2 and "calendar date" in bad.output
