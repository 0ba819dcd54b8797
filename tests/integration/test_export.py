"""marsad export: every format and table, read back by DuckDB, polars and pandas; GDELT rows
checked field by field against the codebook's column list (ours, and shared REFERENCE.md)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from marsad.export import FORMATS, WHATS, Filters, export
from marsad.export import gdelt
from marsad.export.tables import SCHEMAS
from marsad.lexicon.events import event_code
from marsad.pipeline import ingest
from marsad.settings import load_settings
from marsad.store.db import Store
from tests.conftest import SAMPLES, SHARED

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    db = str(tmp_path_factory.mktemp("export") / "m.db")
    st = Store.open(db)
    ingest([str(SAMPLES)], st, load_settings(None, db=db))
    assert st.count_events() > 0
    yield st
    st.close()


def _count(store: Store, what: str) -> int:
    from marsad.export import rows

    return sum(1 for _ in rows(store, what))


@pytest.mark.parametrize("what", WHATS)
def test_parquet_file_reads_in_duckdb_polars_pandas(store: Store, tmp_path: Path, what: str) -> None:
    path = tmp_path / f"{what}.parquet"
    n = export(store, fmt="parquet", what=what, output=str(path))
    assert n == _count(store, what) > 0
    assert duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0] == n
    df = pl.read_parquet(path)
    assert df.columns == SCHEMAS[what].names and df.height == n
    assert len(pd.read_parquet(path)) == n


def test_parquet_folder_partitioned_by_year_month(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "mentions"
    n = export(store, fmt="parquet", what="mentions", output=str(out) + "/")
    parts = {p.parent.relative_to(out).as_posix() for p in out.rglob("*.parquet")}
    assert parts and all(re.fullmatch(r"year=(\d{4}|__HIVE_DEFAULT_PARTITION__)/month=(\d{1,2}|__HIVE_DEFAULT_PARTITION__)", p) for p in parts)
    q = f"select count(*), count(distinct year) from read_parquet('{out}/**/*.parquet', hive_partitioning=true)"
    total, years = duckdb.sql(q).fetchall()[0]
    assert total == n and years >= 1
    assert pl.scan_parquet(f"{out}/**/*.parquet", hive_partitioning=True).collect().height == n
    import pyarrow as pa
    import pyarrow.dataset as pds

    part = pds.partitioning(pa.schema([("year", pa.int32()), ("month", pa.int32())]), flavor="hive")
    assert len(pd.read_parquet(out, partitioning=part)) == n  # typed partitions (unknown dates are null)


def test_parquet_keeps_offsets_that_point_into_the_text(store: Store, tmp_path: Path) -> None:
    export(store, fmt="parquet", what="mentions", output=str(tmp_path / "m.parquet"))
    export(store, fmt="parquet", what="documents", output=str(tmp_path / "d.parquet"))
    m = pd.read_parquet(tmp_path / "m.parquet")
    texts = dict(pd.read_parquet(tmp_path / "d.parquet", columns=["doc_id", "text"]).itertuples(index=False))
    for r in m.itertuples():
        text = texts[r.doc_id]
        assert text[r.trigger_start : r.trigger_end] == r.trigger_text
        assert text[r.evidence_start : r.evidence_end] == r.evidence_text
        assert r.date_precision in ("day", "month", "year", "none")
        assert r.code.startswith(r.root) and r.code[:3] == r.base_code
    assert str(m["lat"].dtype) == "float64" and "geonames_id" in m.columns


def test_csv_has_a_header_and_arabic_intact(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    n = export(store, fmt="csv", what="events", output=str(path))
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == SCHEMAS["events"].names and len(rows) == n + 1
    assert any(re.search("[\u0621-\u064a]", cell) for row in rows[1:] for cell in row)
    assert len(pl.read_csv(path, infer_schema_length=0)) == n
    assert len(duckdb.sql(f"select * from read_csv('{path}', header=true, all_varchar=true)").fetchall()) == n


def test_jsonl_rows_match_parquet(store: Store, tmp_path: Path) -> None:
    export(store, fmt="jsonl", what="events", output=str(tmp_path / "e.jsonl"))
    export(store, fmt="parquet", what="events", output=str(tmp_path / "e.parquet"))
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    pq_ids = pl.read_parquet(tmp_path / "e.parquet")["event_id"].to_list()
    assert [x["event_id"] for x in lines] == pq_ids


def _check_event_row(f: list[str]) -> None:
    assert len(f) == 61
    row = dict(zip(gdelt.EVENT_COLUMNS, f))
    assert row["GLOBALEVENTID"].isdigit()
    assert re.fullmatch(r"\d{8}", row["SQLDATE"]) and row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
    assert re.fullmatch(r"\d{4}\.\d{4}", row["FractionDate"])
    ec = event_code(row["EventCode"])  # a code of our CAMEO table
    assert row["EventBaseCode"] == row["EventCode"][:3] and row["EventRootCode"] == row["EventCode"][:2]
    assert row["QuadClass"] == str(ec.quad_class) and row["QuadClass"] in "1234"
    assert -10 <= float(row["GoldsteinScale"]) <= 10 and float(row["GoldsteinScale"]) == ec.goldstein
    assert row["IsRootEvent"] in ("0", "1") and row["AvgTone"] == ""
    n_m, n_s, n_a = int(row["NumMentions"]), int(row["NumSources"]), int(row["NumArticles"])
    assert n_m >= n_a >= 1 and n_a >= n_s >= 1
    for side in ("Actor1", "Actor2"):
        code = row[f"{side}Code"]
        assert code == "" or re.fullmatch(r"[A-Z]{3}([A-Z]{3}){0,3}", code)
        cc = row[f"{side}CountryCode"]
        assert cc == "" or (re.fullmatch(r"[A-Z]{3}", cc) and code.startswith(cc))
    assert row["Actor1Code"], "every event has a source"
    assert row["ActionGeo_Type"] in ("", "1", "4")
    assert row["ActionGeo_CountryCode"] == "" or re.fullmatch(r"[A-Z]{2}", row["ActionGeo_CountryCode"])
    assert re.fullmatch(r"\d{14}", row["DATEADDED"]) and row["SOURCEURL"]


def test_gdelt_event_rows_have_61_valid_fields(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    n = export(store, fmt="gdelt", what="events", output=str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == n > 0
    for line in lines[:-1]:
        _check_event_row(line.split("\t"))
    ids = [line.split("\t")[0] for line in lines[:-1]]
    assert len(set(ids)) == len(ids)
    again = tmp_path / "again.tsv"
    export(store, fmt="gdelt", what="events", output=str(again))
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), "GLOBALEVENTID and rows are stable"
    df = duckdb.sql(f"select * from read_csv('{path}', delim='\t', header=false, all_varchar=true, quote='')").df()
    assert df.shape == (n, 61)


def test_gdelt_mentions_point_at_the_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mentions.tsv"
    export(store, fmt="gdelt", what="mentions", output=str(path), header=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(gdelt.MENTION_COLUMNS)
    event_ids = {line.split("\t")[0] for line in _gdelt_events(store, tmp_path)}
    for line in lines[1:]:
        f = dict(zip(gdelt.MENTION_COLUMNS, line.split("\t")))
        assert len(line.split("\t")) == 16
        assert f["GLOBALEVENTID"] in event_ids
        assert int(f["ActionCharOffset"]) >= 0 and int(f["SentenceID"]) >= 1
        assert int(f["ActionCharOffset"]) < int(f["MentionDocLen"])
        assert f["MentionType"] == "1" and f["InSentence"] == "1"


def _gdelt_events(store: Store, tmp_path: Path) -> list[str]:
    p = tmp_path / "ev.tsv"
    export(store, fmt="gdelt", what="events", output=str(p))
    return p.read_text(encoding="utf-8").splitlines()


@pytest.mark.shared
def test_gdelt_columns_are_the_codebook_list_in_shared_reference(shared: Path, store: Store, tmp_path: Path) -> None:
    ref = (SHARED / "REFERENCE.md").read_text(encoding="utf-8")
    section = ref.split("### 1.2", 1)[1].split("\n### ", 1)[0]
    single: dict[int, str] = {}
    ranges: list[tuple[int, int, str]] = []
    for line in section.splitlines():
        m = re.match(r"\|\s*(\d+)(?:–(\d+))?\s*\|\s*([A-Za-z0-9_]+)", line)
        if m and m.group(2):  # "16–25 | Actor2Code … Actor2Type3Code", "44–51 | Actor2Geo_*"
            ranges.append((int(m.group(1)), int(m.group(2)), m.group(3)))
        elif m:
            single[int(m.group(1))] = m.group(3)
    for lo, hi, first in ranges:  # the same fields as Actor1's, under another prefix
        geo = "Geo_" in first
        dst = first.split("Geo_")[0] + "Geo_" if geo else first[:6]
        src = [n for _, n in sorted(single.items()) if n.startswith("Actor1") and ("Geo_" in n) == geo]
        assert len(src) == hi - lo + 1
        for i, n in enumerate(src):
            single[lo + i] = dst + n[len("Actor1Geo_" if geo else "Actor1"):]
    names = [single[i] for i in sorted(single)]
    assert len(names) == 61
    assert tuple(names) == gdelt.EVENT_COLUMNS
    for line in _gdelt_events(store, tmp_path):
        _check_event_row(line.split("\t"))


def test_plover_records_follow_the_spec(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plover.jsonl"
    n = export(store, fmt="plover", what="events", output=str(path))
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == n > 0
    types = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
             "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    for r in recs:
        assert {"id", "date", "actor", "event"} <= set(r) and r["id"] and r["date"] and r["actor"]
        assert r["event"] in types
        assert r["mode"] in (None, "visit", "third-party", "multilateral", "phone")
        assert isinstance(r["context"], list)
        if r["event_loc"]:
            assert set(r["event_loc"]) >= {"geonameid", "lat", "lon", "country_code", "resolution"}
        if r["cite_info"]["num_articles"]:
            assert r["cite_info"]["num_articles"] == len(r["cite_info"]["doc_ids"])


def test_filters_of_marsad_events_apply(store: Store, tmp_path: Path) -> None:
    all_ev = list(store.list_canonical_events())
    country = all_ev[0]["source"]["country"]
    want = store.list_canonical_events(country=country)
    path = tmp_path / "c.jsonl"
    n = export(store, fmt="jsonl", what="events", output=str(path), filters=Filters(country=country))
    got = [json.loads(x)["event_id"] for x in path.read_text(encoding="utf-8").splitlines()]
    assert n == len(want) and got == [e["event_id"] for e in want]
    code = all_ev[0]["code"][:2]
    n2 = export(store, fmt="csv", what="mentions", output=str(tmp_path / "m.csv"), filters=Filters(code=code))
    assert n2 == len(store.list_events(code=code))


def test_bad_requests_are_clear(store: Store) -> None:
    with pytest.raises(ValueError, match="events or mentions"):
        export(store, fmt="gdelt", what="documents")
    with pytest.raises(ValueError, match="output path"):
        export(store, fmt="parquet", what="events")
    assert set(FORMATS) == {"jsonl", "csv", "parquet", "gdelt", "plover"}
