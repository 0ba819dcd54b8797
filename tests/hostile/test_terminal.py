"""Issue 14, case 8: terminal escapes in stored text are shown, never obeyed, by every
command that prints to a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.terminal import json_line, visible

runner = CliRunner()

ESC = "\x1b"
CLEAR = "\x1b[2J\x1b[H"  # clear the screen
TITLE = "\x1b]0;pwned\x07"  # set the window title
LINK = "\x1b]8;;https://evil.example\x1b\\انقر\x1b]8;;\x1b\\"  # an OSC 8 link
CSI8 = "\x9b31m"  # the 8-bit CSI
TEXT = "استقبل الرئيس المصري في القاهرة أمس وزير الخارجية الأردني وبحث معه العلاقات الثنائية."
BAD = (ESC, "\x9b", "\x07", "\r")


def _clean(output: str) -> None:
    for ch in BAD:
        assert ch not in output, (ch, output[:300])


def test_visible_shows_control_characters() -> None:
    assert visible(CLEAR) == "␛[2J␛[H"
    assert visible("a\rb\tc\nd\x7f") == "a␍b\tc\nd␡"
    assert visible(CSI8) == "\\x9b31m"
    assert json.loads(json_line({"t": CLEAR + CSI8})) == {"t": CLEAR + CSI8}  # lossless
    assert "\x9b" not in json_line({"t": CSI8}) and ESC not in json_line({"t": CLEAR})


def test_every_listing_shows_escapes_instead_of_obeying_them(tmp_path: Path) -> None:
    rec = {"id": f"doc{CLEAR}1", "title": f"عنوان{TITLE}{CSI8}", "outlet": f"منفذ{LINK}", "published": "2024-07-07",
           "author": "كاتب\r", "text": f"{TEXT}{CLEAR}\nوأضاف {LINK} أن الزيارة ناجحة{CSI8}."}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = tmp_path / f"evil{TITLE}.xyz"
    bad.write_text("x", encoding="utf-8")
    db = str(tmp_path / "t.db")
    res = runner.invoke(app, ["ingest", str(src), str(bad), "--db", db])
    assert res.exit_code == 1
    _clean(res.output)
    assert "␛]0;pwned␇" in res.output  # the rejected file's name, shown
    for args in (["docs"], ["show", rec["id"]], ["events", "--mentions"], ["events"], ["rejections"],
                 ["persons"], ["stories", "--all"], ["docs", "--format", "jsonl"], ["show", rec["id"], "--format", "json"],
                 ["events", "--mentions", "--format", "jsonl"]):
        out = runner.invoke(app, [*args, "--db", db])
        assert out.exit_code == 0, (args, out.output)
        _clean(out.output)
    shown = runner.invoke(app, ["show", rec["id"], "--db", db]).output
    assert "␛[2J␛[H" in shown and "\\x9b31m" in shown  # visible, not dropped
    mentions = runner.invoke(app, ["events", "--mentions", "--db", db]).output
    assert "␛" in mentions  # the doc_id column (wrapped in a narrow table)
    stored = json.loads(runner.invoke(app, ["show", rec["id"], "--db", db, "--format", "json"]).output)
    assert stored["doc_id"] == rec["id"] and stored["title"] == rec["title"]  # JSON keeps the data


def test_extract_rejections_on_stderr_are_visible(tmp_path: Path) -> None:
    bad = tmp_path / f"evil{CLEAR}.xyz"
    bad.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(bad)])
    assert res.exit_code == 1
    _clean(res.output)
    assert "␛[2J" in res.output
