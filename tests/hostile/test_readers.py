"""Hostile inputs at the reader level: nothing raises, every bad item is a coded Rejection,
every good item a RawDoc, memory stays bounded.

``tests/hostile/files/`` holds tiny committed files (each under 10 KB), written by
:func:`build_fixtures`; regenerate them with ``.venv/bin/python tests/hostile/test_readers.py``
(the WARC and gzip bytes differ from run to run, their outcomes do not). Large inputs (a
20 MB line, deep nesting) are generated in ``tmp_path`` at test time. All Arabic text here
was written for these tests.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import pytest

from marsad import errors
from marsad.ingest.readers import ReaderSettings, ReadStats, iter_inputs
from marsad.model import RawDoc, Rejection

HOSTILE = Path(__file__).resolve().parent / "files"
MiB = 1024 * 1024
DOC = "doc"

P1 = "وصل الوفد الحكومي إلى المطار مساء أمس في زيارة تستمر ثلاثة أيام لبحث ملفات التعاون."
P2 = "وأكد رئيس الوفد أن المحادثات ستتناول الاستثمار والنقل والطاقة، إضافة إلى قضايا الأمن الإقليمي."
P3 = "ومن المنتظر أن يصدر بيان مشترك في ختام الزيارة يعلن عن اتفاقيات جديدة بين الجانبين."

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4a90000000049454e44ae426082")

# file name -> outcomes in order: DOC for a RawDoc, else the rejection code
EXPECTED: dict[str, list[str]] = {
    "empty.txt": [errors.EMPTY],
    "image.txt": [errors.BINARY],
    "photo.png": [errors.UNSUPPORTED],
    "nul_bytes.txt": [errors.BINARY],
    "truncated_utf8.txt": [DOC],
    "windows_1256.txt": [DOC],
    "iso_8859_6.txt": [DOC],
    "utf16_bom.txt": [DOC],
    "malformed.html": [DOC],
    "script_only.html": [errors.BAD_HTML],
    "broken.jsonl": [DOC, errors.BAD_JSON, DOC, errors.MISSING_FIELD, errors.BAD_JSON, errors.BAD_JSON, DOC],
    "truncated.jsonl.gz": [DOC, "...", errors.BAD_GZIP],  # as many docs as survive the cut
    "truncated.warc.gz": [DOC, DOC, errors.BAD_WARC],
    "not_a_warc.warc": [errors.BAD_WARC],
}


def _warc(records: list[tuple[str, bytes]], *, gz: bool = True) -> bytes:
    """A WARC of HTML responses, written with warcio (gzip: one member per record)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
    return out.getvalue()


def _page(*paragraphs: str) -> bytes:
    return ("<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>").encode()


def build_fixtures(folder: Path) -> None:
    """Write the tiny hostile files of ``tests/hostile/files/`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "image.txt": PNG,  # an image with a text extension
        "photo.png": PNG,
        "nul_bytes.txt": P1.encode() + b"\x00\x00\x01\x02" + P2.encode(),
        "truncated_utf8.txt": (P1 + "\n" + P2.rstrip(".")).encode()[:-1],  # cut inside the last letter
        "windows_1256.txt": (P1 + "\r\n" + P2 + "\r\n").encode("cp1256"),
        "iso_8859_6.txt": (P1 + "\n" + P3).encode("iso-8859-6"),
        "utf16_bom.txt": (P2 + "\n" + P3).encode("utf-16"),
        "malformed.html": (
            b"<html><head><meta charset=windows-1256><title>" + "خبر".encode("cp1256")
            + b"</title><body><div class=x><p>" + P1.encode("cp1256") + b"<p>" + P2.encode("cp1256")
            + b"<div><b>" + P3.encode("cp1256") + b"<table><tr><td></span></i>"
        ),
        "script_only.html": b"<html><head><script>document.write('x')</script></head><body><script>var a;</script></body></html>",
        "broken.jsonl": "".join(
            line + "\n"
            for line in [
                json.dumps({"id": "h1", "text": P1}, ensure_ascii=False),
                '{"id": "h2", "text": "' + P2,  # unterminated
                json.dumps({"id": "h3", "text": P3, "published": "غدا"}, ensure_ascii=False),
                json.dumps({"id": "h4", "title": "بلا نص"}, ensure_ascii=False),
                "[" * 1500 + "]" * 1500,  # nesting deeper than the JSON parser allows
                '{"text": "رقم", "n": ' + "7" * 4400 + "}",  # integer longer than Python parses
                json.dumps({"id": "h7", "text": P1 + " " + P2}, ensure_ascii=False),
            ]
        ).encode(),
        "truncated.jsonl.gz": gzip.compress(
            "".join(json.dumps({"id": f"g{n}", "text": f"{P1} ({n})"}, ensure_ascii=False) + "\n" for n in range(40)).encode(),
            mtime=0,
        ),
        "truncated.warc.gz": _warc(
            [
                ("https://example.org/news/1", _page(P1, P2)),
                ("https://example.org/news/2", _page(P2, P3)),
                ("https://example.org/news/3", _page(P3, P1, P2)),
            ]
        ),
        "not_a_warc.warc": ("هذا ملف نصي وليس أرشيف وارك\n" * 4).encode(),
    }
    # cut the compressed files so that the last part is lost (at a fixed share of the bytes)
    gz = files["truncated.jsonl.gz"]
    files["truncated.jsonl.gz"] = gz[: len(gz) * 4 // 5]
    warc = files["truncated.warc.gz"]
    files["truncated.warc.gz"] = warc[:-60]
    for name, data in files.items():
        (folder / name).write_bytes(data)


def outcomes(items: list[RawDoc | Rejection]) -> dict[str, list[str]]:
    by_file: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_file[Path(item.source).name].append(DOC if isinstance(item, RawDoc) else item.code)
    return dict(by_file)


def test_committed_hostile_files_are_tiny_and_documented() -> None:
    names = sorted(p.name for p in HOSTILE.iterdir())
    assert names == sorted(EXPECTED), "add new hostile files to EXPECTED (and build_fixtures)"
    for path in HOSTILE.iterdir():
        assert path.stat().st_size < 10_000, path


def test_committed_hostile_files() -> None:
    stats = ReadStats()
    items = list(iter_inputs([str(HOSTILE)], stats=stats))
    got = outcomes(items)
    # inside a folder a file of another type is skipped and counted; named alone it is rejected
    assert "photo.png" not in got and stats.skipped.get("other_file_type") == 1
    assert outcomes(list(iter_inputs([str(HOSTILE / "photo.png")]))) == {"photo.png": [errors.UNSUPPORTED]}
    got["photo.png"] = [errors.UNSUPPORTED]
    # truncated.jsonl.gz: how many lines survive the cut depends on the compressor; the
    # shape does not - good lines, then one bad_gzip
    gz = got.pop("truncated.jsonl.gz")
    assert gz[-1] == errors.BAD_GZIP and set(gz[:-1]) == {DOC} and len(gz) >= 2
    expected = {k: v for k, v in EXPECTED.items() if k != "truncated.jsonl.gz"}
    assert got == expected
    for item in items:
        if isinstance(item, Rejection):
            assert item.code in errors.REJECTION_CODES and item.message and item.stage in ("read", "decode", "parse")


def test_hostile_details(tmp_path: Path) -> None:
    build_fixtures(tmp_path)
    docs = {Path(i.source).name: i for i in iter_inputs([str(tmp_path)]) if isinstance(i, RawDoc)}
    assert docs["windows_1256.txt"].text == f"{P1}\n{P2}\n" and docs["windows_1256.txt"].encoding == "windows-1256"
    assert docs["iso_8859_6.txt"].text == f"{P1}\n{P3}"
    assert docs["utf16_bom.txt"].text == f"{P2}\n{P3}"
    truncated = docs["truncated_utf8.txt"]
    assert truncated.text == (P1 + "\n" + P2.rstrip("."))[:-1] and "dropped" in truncated.meta["warnings"][0]
    malformed = docs["malformed.html"]
    assert all(p in malformed.text for p in (P1, P2, P3)) and malformed.encoding == "windows-1256"
    warc = [i for i in iter_inputs([str(tmp_path / "truncated.warc.gz")])]
    assert [getattr(i, "url", None) for i in warc[:2]] == ["https://example.org/news/1", "https://example.org/news/2"]
    last = warc[-1]
    assert isinstance(last, Rejection) and last.line == 3
    assert "record 3" in last.message and "truncated" in last.message and "2 document(s) before it" in last.message


def test_fixture_builder_matches_committed_files(tmp_path: Path) -> None:
    build_fixtures(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in HOSTILE.iterdir())
    for path in tmp_path.iterdir():
        if not path.name.endswith(".gz"):  # gzip/WARC bytes vary with zlib and time
            assert path.read_bytes() == (HOSTILE / path.name).read_bytes(), path.name


# --- large inputs, generated --------------------------------------------------------------


def _write_long_line(path: Path, size: int, *, compress: bool = False) -> None:
    opener = gzip.open if compress else open
    with opener(path, "wb") as f:  # type: ignore[operator]
        f.write((json.dumps({"id": "before", "text": P1}, ensure_ascii=False) + "\n").encode())
        f.write(b'{"id": "huge", "text": "')
        chunk = ("ن" * (MiB // 2)).encode()  # 1 MiB of Arabic
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(b'"}\n')
        f.write((json.dumps({"id": "after", "text": P2}, ensure_ascii=False) + "\n").encode())


def _peak_while_reading(paths: list[str], settings: ReaderSettings) -> tuple[list[RawDoc | Rejection], int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        items = list(iter_inputs(paths, settings=settings))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


@pytest.mark.parametrize("compress", [False, True], ids=["jsonl", "jsonl.gz"])
def test_a_20_mb_line_is_rejected_with_bounded_memory(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("long.jsonl.gz" if compress else "long.jsonl")
    _write_long_line(path, 20 * MiB, compress=compress)
    settings = ReaderSettings()  # max_doc_bytes = 10 MiB
    items, peak = _peak_while_reading([str(path)], settings)
    assert [getattr(i, "doc_id", None) or i.code for i in items] == ["before", errors.TOO_LARGE, "after"]  # type: ignore[union-attr]
    assert items[1].line == 2 and "20,971,5" in items[1].message  # type: ignore[union-attr]
    # the line is held only up to the limit, then counted: peak = limit + read buffers
    assert peak < settings.max_doc_bytes + MiB, f"peak {peak / MiB:.1f} MiB"
    # with a small limit the bound is the small limit, not the line
    items, peak = _peak_while_reading([str(path)], ReaderSettings(max_doc_bytes=MiB))
    assert [getattr(i, "code", DOC) for i in items] == [DOC, errors.TOO_LARGE, DOC]
    assert peak < 2 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_a_20_mb_text_file_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(20 * MiB)  # sparse: NUL bytes, never read
    items, peak = _peak_while_reading([str(path)], ReaderSettings())
    assert [i.code for i in items] == [errors.TOO_LARGE]  # type: ignore[union-attr]
    assert peak < MiB


def test_deeply_nested_html_is_rejected_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + f"<p>{P1}</p></body></html>", encoding="utf-8")
    start = time.perf_counter()
    item = next(iter_inputs([str(path)]))
    assert time.perf_counter() - start < 5
    assert isinstance(item, Rejection) and item.code == errors.BAD_HTML and "deeply nested" in item.message


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize(
    ("cut", "complete", "line"),
    [
        ("in_payload", 5, 6),  # inside the last record's HTML
        ("in_header", 5, 6),  # a few bytes into the last record's WARC header
        ("mid_file", 3, 4),  # halfway through the fourth record
        ("last_bytes", 6, 6),  # only the very end: gzip trailer / final CRLF CRLF
    ],
)
def test_truncated_warc_yields_complete_records_then_one_rejection(
    tmp_path: Path, gz: bool, cut: str, complete: int, line: int
) -> None:
    records = [(f"https://example.org/{n}", _page(P1, f"{P2} {n}", P3)) for n in range(6)]
    data = _warc(records, gz=gz)
    sizes = [len(_warc(records[: n + 1], gz=gz)) for n in range(len(records))]
    end = {
        "in_payload": len(data) - 40,
        "in_header": sizes[-2] + 30,
        "mid_file": sizes[2] + (sizes[3] - sizes[2]) // 2,
        "last_bytes": len(data) - 3,
    }[cut]
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[:end])
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawDoc"] * complete + ["Rejection"]
    assert items[-1].code == errors.BAD_WARC and items[-1].line == line  # type: ignore[union-attr]
    assert "truncated" in items[-1].message  # type: ignore[union-attr]


def test_whole_file_gzip_warc_is_not_mistaken_for_damage(tmp_path: Path) -> None:
    records = [(f"https://example.org/{n}", _page(P1, f"{P2} {n}")) for n in range(3)]
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(_warc(records, gz=False)))
    assert [type(i).__name__ for i in iter_inputs([str(path)])] == ["RawDoc"] * 3


def test_random_bytes_never_raise(tmp_path: Path) -> None:
    rng = random.Random(1447)
    for n in range(40):
        blob = rng.randbytes(rng.randint(1, 3000))
        if n % 3 == 0:
            blob = b"\x1f\x8b\x08\x00" + blob  # starts like gzip
        for ext in (".txt", ".html", ".jsonl", ".json", ".warc", ".warc.gz", ".jsonl.gz"):
            (tmp_path / f"r{n}{ext}").write_bytes(blob)
    stats = ReadStats()
    items = list(iter_inputs([str(tmp_path)], stats=stats))
    assert items and all(isinstance(i, (RawDoc, Rejection)) for i in items)
    assert stats.files == 280


def test_the_whole_hostile_set_in_one_run(tmp_path: Path) -> None:
    shutil.copytree(HOSTILE, tmp_path / "hostile")
    _write_long_line(tmp_path / "long.jsonl", 20 * MiB)
    (tmp_path / "deep.html").write_text("<div>" * 30_000, encoding="utf-8")
    stdin = io.BytesIO(("\n" + json.dumps({"text": P1}, ensure_ascii=False) + "\n{bad\n").encode())
    items = list(iter_inputs([str(tmp_path), "-", str(tmp_path / "missing.txt")], stdin=stdin))
    got = outcomes(items)
    assert got["long.jsonl"] == [DOC, errors.TOO_LARGE, DOC]
    assert got["deep.html"] == [errors.BAD_HTML]
    assert got["<stdin>"] == [DOC, errors.BAD_JSON]
    assert got["missing.txt"] == [errors.NOT_FOUND]
    assert got["broken.jsonl"] == EXPECTED["broken.jsonl"]


if __name__ == "__main__":  # regenerate tests/hostile/files/
    if HOSTILE.exists():
        shutil.rmtree(HOSTILE)
    build_fixtures(HOSTILE)
    sys.stdout.write(f"wrote {len(EXPECTED)} files to {HOSTILE}\n")
