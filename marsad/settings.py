"""Settings in one place: defaults < config file < environment < command-line flags.

Every setting is declared once in :data:`SETTINGS` with its default, type and help text; the
CLI, the docs test and ``marsad settings`` all read this table.

* Config file: ``marsad.toml`` in the working directory, or the file named by
  ``MARSAD_CONFIG`` / ``--config``; keys are the setting names (a ``[marsad]`` table is also
  accepted).
* Environment: ``MARSAD_<NAME>`` in upper case, e.g. ``MARSAD_DB``, ``MARSAD_BATCH_SIZE``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "marsad.db",
        str,
        "Where documents are stored: a SQLite file path (default, created if missing) or a "
        "SQLAlchemy URL such as postgresql+psycopg://user@host:5432/dbname.",
    ),
    Setting("batch_size", 500, int, "Documents written per database transaction during ingest."),
    Setting(
        "max_doc_bytes",
        10 * 1024 * 1024,
        int,
        "Inputs larger than this many bytes (a file, a JSONL line, a WARC record) are rejected "
        "as too_large without being read into memory.",
    ),
    Setting(
        "extract",
        True,
        bool,
        "Run the extract stages (dates, places, actors, persons, events) while ingesting. Turn "
        "off for the fastest bulk load, then run 'marsad process' (which can use several cores).",
    ),
    Setting(
        "jobs",
        1,
        int,
        "Worker processes that run the extract stages (ingest and process); up to the number of "
        "cores. 1 extracts in the main process.",
    ),
    Setting(
        "stories",
        True,
        bool,
        "Cluster documents into stories and merge the events they report across documents "
        "while ingesting. Turn off for bulk loads and run 'marsad stories --assign' afterwards.",
    ),
    Setting(
        "jsonl_fields",
        "",
        str,
        "Field-name mapping for JSONL input, e.g. 'text=content,id=docno,published=date'. Our "
        "names: id, url, title, text, html, published, outlet, author.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "marsad.db"
    batch_size: int = 500
    max_doc_bytes: int = 10 * 1024 * 1024
    extract: bool = True
    jobs: int = 1
    stories: bool = True
    jsonl_fields: str = ""

    def with_overrides(self, **values: Any) -> "Settings":
        """A copy with the given values (``None`` means "not given" and keeps the current)."""
        given = {k: _coerce(k, v) for k, v in values.items() if v is not None}
        return replace(self, **given)

    def jsonl_mapping(self) -> dict[str, str]:
        """Parse ``jsonl_fields`` into {our_name: their_name}."""
        mapping: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in self.jsonl_fields.split(","))):
            ours, sep, theirs = part.partition("=")
            if not sep or not ours.strip() or not theirs.strip():
                raise ConfigError(
                    f"jsonl_fields: expected 'ours=theirs' pairs separated by commas, got {part!r}"
                )
            ours = ours.strip()
            if ours not in {"id", "url", "title", "text", "html", "published", "outlet", "author"}:
                raise ConfigError(f"jsonl_fields: unknown field {ours!r}")
            mapping[ours] = theirs.strip()
        return mapping


def _coerce(name: str, value: Any) -> Any:
    if name not in _BY_NAME:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"unknown setting {name!r} (known: {known})")
    typ = _BY_NAME[name].type
    if isinstance(value, typ) and not (typ is int and isinstance(value, bool)):
        return value
    if typ is bool and isinstance(value, str):
        flag = value.strip().lower()
        if flag in ("1", "true", "yes", "on"):
            return True
        if flag in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"setting {name!r} must be true or false, got {value!r}")
    try:
        return typ(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name!r} must be {typ.__name__}, got {value!r}") from None


def load_settings(
    config: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Resolve settings: defaults < config file < environment < flags (None = not given)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config) if config else None
    if path is None and env.get("MARSAD_CONFIG"):
        path = Path(env["MARSAD_CONFIG"])
    if path is None and Path("marsad.toml").is_file():
        path = Path("marsad.toml")
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        data = data.get("marsad", data)
        for key, val in data.items():
            values[key.replace("-", "_")] = _coerce(key.replace("-", "_"), val)
    for s in SETTINGS:
        raw = env.get(f"MARSAD_{s.name.upper()}")
        if raw is not None and raw != "":
            values[s.name] = _coerce(s.name, raw)
    settings = Settings().with_overrides(**values)
    return settings.with_overrides(**flags)


assert {f.name for f in fields(Settings)} == set(_BY_NAME), "SETTINGS and Settings disagree"
