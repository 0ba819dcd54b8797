"""The founding seeds and the research corpora through the whole pipeline (skipped where
../shared is absent). Nothing from ../shared is copied into the project: it is read here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.model import Document, Rejection
from marsad.pipeline import ingest, process
from marsad.settings import Settings
from marsad.store.db import Store

pytestmark = pytest.mark.shared

EXPECTED_PUBLISHED = {"000": "2026-01-29", "001": "2024-04-20", "002": None, "003": None, "004": "2024-11-21"}


@pytest.fixture(scope="module")
def seed_docs(seeds: dict[str, Path]) -> dict[str, Document]:
    docs = {}
    for key, path in seeds.items():
        (doc,) = list(process([str(path)], Settings()))
        assert isinstance(doc, Document), doc
        docs[key] = doc
    return docs


def test_seed_publication_dates(seed_docs: dict[str, Document]) -> None:
    assert {k: d.published for k, d in seed_docs.items()} == EXPECTED_PUBLISHED
    assert seed_docs["000"].published_time == "10:27"
    assert not [w for w in seed_docs["000"].warnings if "conflict" in w]


def test_seed_outlets(seed_docs: dict[str, Document]) -> None:
    assert seed_docs["000"].outlet == "بوابة النور الاخبارية"
    assert seed_docs["004"].outlet == "السوق العربية المشتركة"
    for key in ("001", "002", "003"):
        assert seed_docs[key].outlet is None


def test_seed_furniture_is_not_in_the_body(seed_docs: dict[str, Document]) -> None:
    assert "اقرأ أيضاً" not in seed_docs["003"].body_text
    assert "عبدالرحيم علي" not in seed_docs["001"].body_text
    assert "google news" not in seed_docs["001"].body_text
    assert "أمانى الموجى" not in seed_docs["004"].body_text
    assert "أشرف أبوطالب" not in seed_docs["004"].body_text
    reasons = {r.reason for r in seed_docs["003"].removed}
    assert "read_also" in reasons


def test_seed_paragraphs_are_all_kept(seed_docs: dict[str, Document]) -> None:
    for key, doc in seed_docs.items():
        for line in doc.text.splitlines():
            if len(line.strip()) > 150:
                assert line.strip() in doc.body_text, (key, line[:60])


def test_seed_spans_point_into_the_original(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        for span in doc.body + doc.sentences + doc.paragraphs:
            assert 0 <= span.start < span.end <= len(doc.text)
        for r in doc.removed:
            assert doc.text[r.start : r.end] == r.text


def corpus_files(shared: Path) -> list[str]:
    files = sorted(str(p) for p in (shared / "corpora").glob("*/articles.jsonl"))
    assert files, "no corpora/*/articles.jsonl"
    return files


def test_all_corpus_articles_ingest_once(shared: Path, tmp_path: Path) -> None:
    files = corpus_files(shared)
    expected = sum(1 for f in files for line in open(f, encoding="utf-8") if line.strip())
    assert expected == 390
    settings = Settings(db=str(tmp_path / "c.db"))
    with Store.open(settings.db) as store:
        first = ingest(files, store, settings)
        assert first.rejections == [] and first.read == expected == first.stored
        second = ingest(files, store, settings)
        assert second.stored == 0 and second.present == expected
        assert store.count_documents() == expected


def test_corpus_metadata_survives(shared: Path) -> None:
    files = corpus_files(shared)
    given = {}
    for f in files:
        for line in open(f, encoding="utf-8"):
            rec = json.loads(line)
            given[rec["id"]] = rec
    seen = 0
    for item in process(files, Settings()):
        assert not isinstance(item, Rejection), item
        rec = given[item.doc_id]
        assert item.title == rec["title"]
        assert item.published == rec["published"] and item.published_from == "metadata"
        assert item.outlet == rec["outlet"] and item.url == rec["url"]
        assert item.text == rec["text"].replace("\r\n", "\n").replace("\r", "\n")
        seen += 1
    assert seen == 390
