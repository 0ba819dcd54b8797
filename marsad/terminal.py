"""Text made safe to print to a terminal.

Stored text comes from the web: a title, outlet, id or body may hold ESC sequences that
clear the screen, set the window title or plant OSC 8 links, or a carriage return that
overwrites what was printed. Everything the CLI prints passes through :func:`visible`:
C0 controls (except newline and tab) become their Unicode control pictures (ESC → ␛),
DEL becomes ␡, and C1 controls (U+0080..U+009F, CSI among them) become ``\\x9b`` — visible
and harmless. JSON output escapes them instead (lossless): :func:`json_line`.
"""

from __future__ import annotations

import json
from typing import Any

_TABLE = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = 0x2421
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})  # type: ignore[misc]
_JSON_TABLE = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def visible(text: Any) -> str:
    """``text`` (any value, as ``str``) with terminal control characters made visible."""
    return str(text).translate(_TABLE)


def json_line(value: Any, **kw: Any) -> str:
    """``json.dumps`` with non-ASCII kept readable and DEL / C1 controls escaped (JSON
    already escapes C0 controls), so the output is safe on a terminal and means the same."""
    return json.dumps(value, ensure_ascii=False, **kw).translate(_JSON_TABLE)
