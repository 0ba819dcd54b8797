"""Readers: every format, encoding and failure path, on small files written in tmp_path.

All Arabic text here was written for these tests.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from marsad import errors
from marsad.errors import ConfigError
from marsad.ingest import html as html_module
from marsad.ingest.encoding import Decoded, decode_bytes
from marsad.ingest.readers import ReaderSettings, ReadStats, count_inputs, iter_inputs
from marsad.ingest.text import normalize_published
from marsad.model import RawDoc, Rejection

# --- our own Arabic text --------------------------------------------------------------

PARA = (
    "أعلنت وزارة الخارجية اليوم أن الوزير سيزور العاصمة الأردنية الأسبوع المقبل لبحث التعاون الثنائي.\n"
    "وقال المتحدث باسم الوزارة إن الزيارة تأتي في إطار تعزيز العلاقات بين البلدين، "
    "وإن الجانبين سيوقعان اتفاقية للتعاون في مجال الطاقة.\n"
    "ومن المقرر أن يلتقي الوزير رئيس الوزراء وعددا من المسؤولين."
)
P1 = "وصل وزير الخارجية إلى العاصمة الأردنية عمان صباح اليوم في زيارة رسمية تستغرق يومين، يلتقي خلالها كبار المسؤولين."
P2 = "وقال الوزير في تصريح للصحفيين إن الزيارة تهدف إلى تعزيز التعاون بين البلدين في مجالات الطاقة والمياه والتجارة."
P3 = "ومن المقرر أن يوقع الجانبان مذكرة تفاهم للتعاون في مجال الطاقة المتجددة قبل نهاية الزيارة."
QUOTE = "سعدت بلقاء أخي وزير الخارجية الأردني اليوم وبحثنا سبل تعزيز العلاقات الأخوية بين بلدينا الشقيقين."

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزير الخارجية يزور عمان | صحيفة المرصد</title>
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="og:title" content="وزير الخارجية يزور عمان">
<meta property="article:published_time" content="2024-03-05T23:20:00+03:00">
<meta name="author" content="سمير الكاتب">
<link rel="canonical" href="https://example.com/news/visit">
</head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav></header>
<article><h1>وزير الخارجية يزور عمان</h1>
<p>{P1}</p>
<p>{P2}</p>
<p>{P3}</p>
</article>
<footer><p>جميع الحقوق محفوظة</p></footer>
</body></html>"""


def read_all(*paths: str | Path, **kwargs: Any) -> list[RawDoc | Rejection]:
    return list(iter_inputs([str(p) for p in paths], **kwargs))


def only(items: list[RawDoc | Rejection]) -> RawDoc | Rejection:
    assert len(items) == 1, items
    return items[0]


def the_doc(*paths: str | Path, **kwargs: Any) -> RawDoc:
    item = only(read_all(*paths, **kwargs))
    assert isinstance(item, RawDoc), item
    return item


def the_rejection(*paths: str | Path, **kwargs: Any) -> Rejection:
    item = only(read_all(*paths, **kwargs))
    assert isinstance(item, Rejection), item
    return item


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- plain text: encodings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8"),
        (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16-le"),
        (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16-be"),
        (lambda s: s.encode("utf-32"), "utf-32-le"),
        (lambda s: s.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by byte pattern
        (lambda s: s.encode("cp1256"), "windows-1256"),
        (lambda s: s.encode("iso-8859-6"), "iso-8859-6"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "utf16le-nobom", "cp1256", "iso8859-6"],
)
def test_txt_decodes_to_the_original_string(tmp_path: Path, encode: Any, label: str) -> None:
    doc = the_doc(write(tmp_path / "000_3940c03a23c21b34.txt", encode(PARA)))
    assert doc.text == PARA
    assert doc.encoding == label
    assert doc.doc_id == "000_3940c03a23c21b34"
    assert doc.fmt == "txt" and doc.line is None
    assert doc.source == str(tmp_path / "000_3940c03a23c21b34.txt")
    assert doc.meta["arabic_ratio"] > 0.95


@pytest.mark.parametrize(
    "snippet",
    ["مؤتمر صحفي", "غادر ظافر قطر", "قمة عربية في عمّان", "وقع البلدان اتفاقية تعاون.", "ظهر الغيث على الطرقات"],
)
@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_short_legacy_snippets_are_not_misread(snippet: str, codec: str) -> None:
    # charset-normalizer restricted to these two code pages reads the first two as cp1256
    decoded = decode_bytes(snippet.encode(codec))
    assert isinstance(decoded, Decoded) and decoded.text == snippet


def test_newlines_are_normalised(tmp_path: Path) -> None:
    doc = the_doc(write(tmp_path / "a.txt", "سطر أول\r\nسطر ثان\rسطر ثالث\n"))
    assert doc.text == "سطر أول\nسطر ثان\nسطر ثالث\n"


def test_truncated_utf8_drops_the_partial_character_with_a_warning(tmp_path: Path) -> None:
    data = "خبر مقطوع في آخره".encode()
    doc = the_doc(write(tmp_path / "cut.txt", data[:-1]))
    assert doc.text == "خبر مقطوع في آخر"
    assert doc.encoding == "utf-8"
    assert any("dropped the last 1 byte" in w for w in doc.meta["warnings"])


def test_a_few_stray_bytes_in_utf8_are_replaced_not_misdetected(tmp_path: Path) -> None:
    data = PARA.encode()
    doc = the_doc(write(tmp_path / "stray.txt", data[:10] + b"\xff" + data[10:]))
    assert doc.encoding == "utf-8"
    assert "\ufffd" in doc.text and doc.text.replace("\ufffd", "") == PARA
    assert doc.meta["warnings"] == ["1 invalid UTF-8 byte sequence(s) replaced with U+FFFD (first at byte 10)"]


def test_text_without_arabic_is_accepted_with_its_ratio(tmp_path: Path) -> None:
    doc = the_doc(write(tmp_path / "en.txt", "The minister visited Amman today."))
    assert doc.meta["arabic_ratio"] == 0.0
    assert doc.encoding == "ascii"


def test_encoding_hint_is_used_for_non_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "ذلك".encode("iso-8859-6"))
    doc = the_doc(path, settings=ReaderSettings(encoding="iso-8859-6"))
    assert doc.text == "ذلك" and doc.encoding == "iso-8859-6"
    assert doc.meta["encoding_source"] == "hint"
    # valid UTF-8 is still read as UTF-8 whatever the hint
    assert the_doc(write(tmp_path / "b.txt", "ذلك"), settings=ReaderSettings(encoding="cp1256")).text == "ذلك"


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", errors.EMPTY, "0 bytes"),
        (b" \n\r\n\t", errors.EMPTY, "whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), errors.BINARY, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", errors.BINARY, "PDF"),
        ("نص".encode() + b"\x00\x01\x02" * 50, errors.BINARY, "NUL"),
        (bytes(range(1, 9)) * 200, errors.BINARY, "control characters"),
    ],
    ids=["empty", "blank", "png", "pdf", "nul", "controls"],
)
def test_unreadable_text_files_are_rejected(tmp_path: Path, data: bytes, code: str, words: str) -> None:
    rejection = the_rejection(write(tmp_path / "x.txt", data))
    assert rejection.code == code
    assert words in rejection.message
    assert rejection.source == str(tmp_path / "x.txt")


def test_oversized_txt_is_rejected_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.txt", "أ" * 600)

    def no_open(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the reader opened a file it should have rejected by size")

    monkeypatch.setattr(Path, "open", no_open)
    rejection = the_rejection(path, settings=ReaderSettings(max_doc_bytes=1000))
    assert rejection.code == errors.TOO_LARGE
    assert "1,200 bytes" in rejection.message and "max_doc_bytes" in rejection.message


# --- HTML -----------------------------------------------------------------------------


def test_html_metadata_via_trafilatura(tmp_path: Path) -> None:
    doc = the_doc(write(tmp_path / "visit.html", ARTICLE_HTML))
    assert doc.fmt == "html" and doc.doc_id == "visit"
    assert doc.title == "وزير الخارجية يزور عمان"
    assert doc.outlet == "صحيفة المرصد"
    assert doc.author == "سمير الكاتب"
    assert doc.url == "https://example.com/news/visit"
    # the date as written on the page (local), not converted to UTC
    assert doc.published == "2024-03-05"
    assert doc.meta["published_source"] == "html-meta"
    assert doc.meta["published_time"] == "23:20"
    lines = doc.text.split("\n")
    assert lines[-3:] == [P1, P2, P3]
    assert "الرئيسية" not in doc.text and "محفوظة" not in doc.text


def test_html_meta_charset_windows_1256(tmp_path: Path) -> None:
    page = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        b"<title>" + "زيارة رسمية".encode("cp1256") + b"</title></head><body>"
        b"<p>" + P1.encode("cp1256") + b"</p><p>" + P2.encode("cp1256") + b"</p></body></html>"
    )
    doc = the_doc(write(tmp_path / "a.htm", page))
    assert doc.encoding == "windows-1256" and doc.meta["encoding_source"] == "declared"
    assert doc.text == f"{P1}\n{P2}"
    assert doc.title == "زيارة رسمية"


def test_html_meta_charset_iso_8859_6(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="ISO-8859-6"></head><body><p>' + P3.encode("iso-8859-6") + b"</p></body></html>"
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.encoding == "iso-8859-6" and doc.text == P3


def test_html_utf8_beats_a_wrong_declared_charset(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{P1}</p></body></html>'
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.encoding == "utf-8" and doc.text == P1
    assert "valid UTF-8" in doc.meta["warnings"][0]


def test_html_published_from_json_ld_and_url(tmp_path: Path) -> None:
    ld = json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "datePublished": "2023-11-02"}]})
    page = f'<html><head><script type="application/ld+json">{ld}</script></head><body><p>{P1}</p></body></html>'
    assert the_doc(write(tmp_path / "a.html", page)).published == "2023-11-02"
    page = f'<html><head><link rel="canonical" href="https://x.example/2021/06/30/story"></head><body><p>{P1}</p></body></html>'
    doc = the_doc(write(tmp_path / "b.html", page))
    assert doc.published == "2021-06-30" and doc.meta["published_source"] == "url"


def test_html_date_in_visible_text_is_not_published(tmp_path: Path) -> None:
    page = f"<html><body><div>تاريخ النشر: 2021-04-05</div><p>{P1}</p><p>{P2}</p></body></html>"
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.published is None
    assert doc.meta.get("html_date_guess") == "2021-04-05"


def test_html_rescues_a_paragraph_trafilatura_drops(tmp_path: Path) -> None:
    page = (
        f"<html><body><article><p>{P1}</p><p>{P2}</p>"
        f'<div class="share"><p>{QUOTE}</p></div><p>{P3}</p></article></body></html>'
    )
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.text.split("\n") == [P1, P2, QUOTE, P3]
    assert doc.meta["extractor"] == "trafilatura+rescue" and doc.meta["rescued_paragraphs"] == 1


def test_html_falls_back_to_paragraphs_when_trafilatura_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_module, "_trafilatura", lambda html, url: None)
    page = f"<html><head><title>عنوان</title></head><body><nav>قائمة</nav><p>{P1}<br>{P2}</p><h2>{P3}</h2></body></html>"
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.text == f"{P1}\n{P2}\n{P3}"
    assert doc.meta["extractor"] == "selectolax" and doc.title == "عنوان"


def test_malformed_html_with_arabic_paragraphs(tmp_path: Path) -> None:
    page = f"<html><body><div><p>{P1}<p>{P2}<div><b>{P3}</body>"
    doc = the_doc(write(tmp_path / "broken.html", page))
    for paragraph in (P1, P2, P3):
        assert paragraph in doc.text


def test_html_without_text_is_bad_html(tmp_path: Path) -> None:
    rejection = the_rejection(write(tmp_path / "a.html", "<html><head><script>var a = 1;</script></head><body></body></html>"))
    assert rejection.code == errors.BAD_HTML and rejection.stage == "parse"


# --- JSONL ----------------------------------------------------------------------------


def jsonl(*records: Any) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def test_jsonl_default_fields(tmp_path: Path) -> None:
    record = {
        "id": "AL-1",
        "url": "https://example.com/a",
        "title": "عنوان",
        "text": "سطر\r\nسطر",
        "published": "2018-07-16",
        "outlet": "المرصد",
        "author": "كاتب",
        "split": "dev",
    }
    doc = the_doc(write(tmp_path / "news.jsonl", jsonl(record)))
    assert (doc.doc_id, doc.title, doc.url, doc.outlet, doc.author) == ("AL-1", "عنوان", "https://example.com/a", "المرصد", "كاتب")
    assert doc.text == "سطر\nسطر" and doc.published == "2018-07-16"
    assert doc.fmt == "jsonl" and doc.line == 1
    assert doc.meta["extra"] == {"split": "dev"}


def test_jsonl_field_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", jsonl({"docno": 7, "content": PARA, "date": "2020-01-02T10:00:00Z"}))
    settings = ReaderSettings(field_map={"text": "content", "id": "docno", "published": "date"})
    doc = the_doc(path, settings=settings)
    assert doc.doc_id == "7" and doc.text == PARA and doc.published == "2020-01-02"


def test_jsonl_broken_lines_are_rejected_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.jsonl",
        jsonl(
            {"text": "أول"},
            '{"text": "ثان",',
            "",
            '["ليس", "كائنا"]',
            {"title": "بلا نص", "body": "النص هنا"},
            {"text": ["قائمة"]},
            {"text": "   "},
            {"text": "أخير"},
        ),
    )
    items = read_all(path)
    summary = [(i.line, i.code if isinstance(i, Rejection) else i.text) for i in items]
    assert summary == [
        (1, "أول"),
        (2, errors.BAD_JSON),
        (4, errors.BAD_JSON),
        (5, errors.MISSING_FIELD),
        (6, errors.BAD_JSON),
        (7, errors.EMPTY),
        (8, "أخير"),
    ]
    assert "line 2 is not valid JSON" in items[1].message  # type: ignore[union-attr]
    assert "holds an array" in items[2].message  # type: ignore[union-attr]
    assert "jsonl_fields setting: 'text=body'" in items[3].message  # type: ignore[union-attr]
    # no id: "<file stem>:<line>"
    assert items[0].doc_id == "mixed:1"  # type: ignore[union-attr]


def test_jsonl_html_field_is_extracted(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl", jsonl({"id": "p1", "html": ARTICLE_HTML, "url": "https://example.com/p1"}))
    doc = the_doc(path)
    assert doc.text.endswith(P3) and doc.title == "وزير الخارجية يزور عمان"
    assert doc.published == "2024-03-05" and doc.url == "https://example.com/p1"
    assert doc.meta["canonical_url"] == "https://example.com/news/visit" and doc.meta["from_html"]


def test_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    good = json.dumps({"text": "سليم"}, ensure_ascii=False).encode()
    bad = '{"text": "تالف"}'.encode("cp1256")
    items = read_all(write(tmp_path / "a.jsonl", good + b"\n" + bad + b"\n"))
    assert isinstance(items[0], RawDoc)
    assert isinstance(items[1], Rejection) and items[1].code == errors.UNDECODABLE and items[1].line == 2
    # with an encoding hint the line is read
    hinted = read_all(tmp_path / "a.jsonl", settings=ReaderSettings(encoding="windows-1256"))
    assert [getattr(i, "text", None) for i in hinted] == ["سليم", "تالف"]


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", jsonl({"text": "قصير"}, {"text": "ط" * 3000}, {"text": "بعده"}))
    items = read_all(path, settings=ReaderSettings(max_doc_bytes=1000))
    assert [type(i).__name__ for i in items] == ["RawDoc", "Rejection", "RawDoc"]
    assert items[1].code == errors.TOO_LARGE and items[1].line == 2  # type: ignore[union-attr]


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(jsonl({"text": P1}, {"id": "b", "text": P2}))
    items = read_all(path)
    assert [(i.doc_id, i.text) for i in items] == [("news:1", P1), ("b", P2)]  # type: ignore[union-attr]


def test_truncated_jsonl_gz_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    data = gzip.compress(jsonl(*({"text": f"{P1} {n}"} for n in range(200))).encode())
    items = read_all(write(tmp_path / "cut.jsonl.gz", data[: len(data) * 2 // 3]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert docs and docs[0].text == f"{P1} 0"
    assert isinstance(items[-1], Rejection) and items[-1].code == errors.BAD_GZIP
    assert f"after line {len(docs)}" in items[-1].message


def test_empty_jsonl_is_one_rejection(tmp_path: Path) -> None:
    assert the_rejection(write(tmp_path / "a.jsonl", "")).code == errors.EMPTY
    assert the_rejection(write(tmp_path / "b.jsonl", "\n\n")).code == errors.EMPTY


def test_json_list(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", json.dumps([{"text": P1}, {"title": "بلا نص"}], ensure_ascii=False))
    items = read_all(path)
    assert isinstance(items[0], RawDoc) and items[0].doc_id == "list:1"
    assert isinstance(items[1], Rejection) and items[1].code == errors.MISSING_FIELD and items[1].line == 2


@pytest.mark.parametrize(
    ("value", "date", "time"),
    [
        ("2018-07-16", "2018-07-16", None),
        ("2018-07-16T18:45:56+04:00", "2018-07-16", "18:45"),
        ("2018-07-16 01:05:00", "2018-07-16", "01:05"),
        ("2018-07-16T23:59:59.123Z", "2018-07-16", "23:59"),
        ("2018/7/6", "2018-07-06", None),
        ("20180716", "2018-07-16", None),
        ("Mon, 16 Jul 2018 18:45:56 +0400", "2018-07-16", "18:45"),
        ("Mon, 16 Jul 2018 23:45:56 -0800", "2018-07-16", "23:45"),  # the local date, as written
    ],
)
def test_published_normalisation(value: str, date: str, time: str | None) -> None:
    assert normalize_published(value) == (date, time, None)


@pytest.mark.parametrize("value", ["أمس", "2018-02-30", "16/07/2018", 1531766756])
def test_unreadable_published_is_none_with_a_warning(tmp_path: Path, value: Any) -> None:
    doc = the_doc(write(tmp_path / "a.jsonl", jsonl({"text": P1, "published": value})))
    assert doc.published is None
    assert "left empty" in doc.meta["warnings"][0]


# --- WARC -----------------------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, str, bytes, dict[str, str]]], *, gz: bool = True) -> Path:
    """Write response records ``(uri, status, body, http headers)`` with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for uri, status, body, headers in records:
            http = StatusAndHeaders(status, list(headers.items()), protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request))
    return path


def page(*paragraphs: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{''.join(f'<p>{p}</p>' for p in paragraphs)}</body></html>".encode()


WARC_RECORDS = [
    (
        "https://example.com/a",
        "200 OK",
        page(P1, P2, head='<meta property="article:published_time" content="2019-05-01">'),
        {"Content-Type": "text/html; charset=utf-8"},
    ),
    ("https://example.com/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(200), {"Content-Type": "image/png"}),
    (
        "https://example.com/b",
        "200 OK",
        b"<html><body><p>" + P3.encode("cp1256") + b"</p></body></html>",
        {"Content-Type": "text/html; charset=windows-1256"},
    ),
]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), WARC_RECORDS, gz=gz)
    stats = ReadStats()
    items = read_all(path, stats=stats)
    assert all(isinstance(i, RawDoc) for i in items)
    a, b = items
    assert isinstance(a, RawDoc) and isinstance(b, RawDoc)
    assert a.url == "https://example.com/a" and a.fmt == "warc"
    assert a.doc_id == hashlib.sha1(b"https://example.com/a").hexdigest()[:16]
    assert a.text == f"{P1}\n{P2}"
    assert a.published == "2019-05-01"  # from the page, not from WARC-Date
    assert a.meta["crawled"].startswith("20") and a.meta["http_status"] == 200
    assert a.line == 1 and b.line == 5  # record numbers among all records (requests included)
    assert b.text == P3 and b.encoding == "windows-1256" and b.published is None
    assert stats.skipped == {"warc_non_html": 1, "warc_request": 3}
    assert stats.docs == 2 and stats.files == 1


def test_warc_compressed_chunked_and_error_responses(tmp_path: Path) -> None:
    body = gzip.compress(page(P1))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    path = write_warc(
        tmp_path / "c.warc.gz",
        [
            ("https://example.com/z", "200 OK", chunked, {"Content-Type": "text/html", "Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}),
            ("https://example.com/missing", "404 Not Found", page(P2), {"Content-Type": "text/html"}),
            ("https://example.com/br", "200 OK", b"\x00\x01", {"Content-Type": "text/html", "Content-Encoding": "br"}),
        ],
    )
    stats = ReadStats()
    items = read_all(path, stats=stats)
    assert isinstance(items[0], RawDoc) and items[0].text == P1
    assert isinstance(items[1], Rejection) and items[1].code == errors.UNSUPPORTED and "'br'" in items[1].message
    assert len(items) == 2 and stats.skipped["warc_http_status"] == 1


def test_not_a_warc(tmp_path: Path) -> None:
    rejection = the_rejection(write(tmp_path / "x.warc", "هذا ليس ملف أرشيف\n" * 5))
    assert rejection.code == errors.BAD_WARC


# --- stdin ----------------------------------------------------------------------------


def test_stdin_text() -> None:
    doc = the_doc("-", stdin=io.BytesIO(PARA.encode("cp1256")))
    assert (doc.doc_id, doc.source, doc.text, doc.encoding) == ("stdin", "<stdin>", PARA, "windows-1256")


def test_stdin_text_stream() -> None:
    doc = the_doc("-", stdin=io.StringIO(PARA))
    assert doc.text == PARA


def test_stdin_jsonl() -> None:
    data = "\n  \n" + jsonl({"id": "s1", "text": P1}, "{oops", {"text": P2})
    items = read_all("-", stdin=io.BytesIO(data.encode()))
    assert [(i.line, getattr(i, "doc_id", None) or i.code) for i in items] == [  # type: ignore[union-attr]
        (3, "s1"),
        (4, errors.BAD_JSON),
        (5, "stdin:5"),
    ]
    assert all(i.source == "<stdin>" for i in items)


def test_stdin_html_and_limits() -> None:
    doc = the_doc("-", stdin=io.BytesIO(b"<!DOCTYPE html>" + page(P1)))
    assert doc.fmt == "html" and doc.text == P1
    big = the_rejection("-", stdin=io.BytesIO(b"x" * 5000), settings=ReaderSettings(max_doc_bytes=1000))
    assert big.code == errors.TOO_LARGE
    assert the_rejection("-", stdin=io.BytesIO(b"")).code == errors.EMPTY


# --- folders, paths, settings ---------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/c/d.txt", "a.txt", "A.txt", ".hidden.txt", ".git/x.txt", "c/e.jsonl"]:
        write(tmp_path / name, jsonl({"text": "ن"}) if name.endswith("jsonl") else "نص")
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    stats = ReadStats()
    items = read_all(tmp_path, stats=stats)
    sources = [Path(i.source).relative_to(tmp_path).as_posix() for i in items]
    assert sources == ["A.txt", "a/c/d.txt", "a/z.txt", "a.txt", "b.txt", "c/e.jsonl"]
    assert stats.skipped.get("other_file_type") == 1  # notes.pdf: not an article type
    assert stats.skipped == {"hidden": 2, "other_file_type": 1} and stats.files == 6
    assert count_inputs([str(tmp_path)]) == 6
    (unsupported,) = read_all(tmp_path / "notes.pdf")  # named explicitly: rejected, with why
    assert isinstance(unsupported, Rejection) and unsupported.code == errors.UNSUPPORTED
    assert ".pdf" in unsupported.message and ".jsonl.gz" in unsupported.message


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    missing = the_rejection(tmp_path / "nope.txt")
    assert missing.code == errors.NOT_FOUND and "nope.txt" in missing.message and missing.stage == "read"
    (tmp_path / "empty").mkdir()
    assert the_rejection(tmp_path / "empty").code == errors.EMPTY


def test_inputs_are_read_in_the_order_given(tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.txt", "أ"), write(tmp_path / "b.txt", "ب")
    assert [i.text for i in read_all(b, a)] == ["ب", "أ"]  # type: ignore[union-attr]


def test_count_inputs(tmp_path: Path) -> None:
    write(tmp_path / "x/a.jsonl", jsonl({"text": "أ"}, {"text": "ب"}) + '{"text": "ج"}')
    write(tmp_path / "x/b.txt", "نص")
    assert count_inputs([str(tmp_path / "x"), str(tmp_path / "missing")]) == 5
    assert count_inputs(["-"]) is None
    write(tmp_path / "y/c.warc.gz", b"")
    assert count_inputs([str(tmp_path / "y")]) is None


def test_settings_are_validated() -> None:
    with pytest.raises(ConfigError, match="unknown field"):
        ReaderSettings(field_map={"body": "content"})
    with pytest.raises(ConfigError, match="not a known encoding"):
        ReaderSettings(encoding="klingon-8")
    settings = ReaderSettings(field_map={"text": "content"})
    with pytest.raises(TypeError):
        settings.field_map["id"] = "x"  # type: ignore[index]


def test_settings_hash_and_a_bare_path(tmp_path: Path) -> None:
    assert hash(ReaderSettings(field_map={"text": "c"})) == hash(ReaderSettings(field_map={"text": "c"}))
    path = write(tmp_path / "a.txt", "نص")
    assert [i.text for i in iter_inputs(str(path))] == ["نص"]  # type: ignore[union-attr]
    assert [i.text for i in iter_inputs(path)] == ["نص"]  # type: ignore[union-attr]


# --- charset edge cases ---------------------------------------------------------------


def test_a_latin_declared_charset_is_overruled_by_arabic_bytes(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="iso-8859-1"></head><body><p>' + P1.encode("cp1256") + b"</p></body></html>"
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.text == P1 and doc.encoding == "windows-1256"
    assert "reads as Arabic" in doc.meta["warnings"][0]


@pytest.mark.parametrize("label", ["utf-16", "base64", "x-no-such-charset"])
def test_impossible_declared_charsets_are_ignored(tmp_path: Path, label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>{P1}</p></body></html>'.encode()
    doc = the_doc(write(tmp_path / "a.html", page))
    assert doc.text == P1 and doc.encoding == "utf-8"


def test_published_keeps_the_date_when_the_time_is_impossible() -> None:
    assert normalize_published("2018-07-16T25:61:00") == ("2018-07-16", None, None)


# --- the shared corpora, read at test time (never copied) -----------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared is absent")
def test_shared_corpora_read_cleanly() -> None:
    corpora = SHARED / "corpora"
    jsonl_docs = list(iter_inputs([str(p) for p in sorted(corpora.glob("*/articles.jsonl"))]))
    txt_docs = list(iter_inputs([str(p) for p in sorted(corpora.glob("*/articles"))] + [str(SHARED / "seeds")]))
    assert all(isinstance(d, RawDoc) for d in jsonl_docs + txt_docs)
    by_id = {d.doc_id: d for d in jsonl_docs}  # type: ignore[union-attr]
    for doc in txt_docs:
        if doc.doc_id in by_id:  # the same article as .txt and as a JSONL record
            assert doc.text.rstrip("\n") == by_id[doc.doc_id].text.rstrip("\n")  # type: ignore[union-attr]
    assert all(d.published and len(d.published) == 10 for d in jsonl_docs)  # type: ignore[union-attr]
    # the real articles survive a round trip through the legacy Arabic code pages
    for doc in txt_docs[:: max(1, len(txt_docs) // 40)]:
        for codec in ("cp1256", "iso-8859-6"):
            try:
                data = doc.text.encode(codec)  # type: ignore[union-attr]
            except UnicodeEncodeError:
                continue
            assert getattr(decode_bytes(data), "text", None) == doc.text  # type: ignore[union-attr]
