"""A generic, cached loader for the TSV language-data files in ``marsad/data/``.

File format (one table per file, UTF-8)::

    # source: where the facts come from (CLDR via babel, hand-curated, ...)
    # version: 2024-06-01 (bumped when rows change)
    # Free description lines, also starting with "#".
    name<TAB>number<TAB>calendar ...        <- header row: the column names
    يناير<TAB>1<TAB>gregorian ...            <- rows

Blank lines and lines starting with ``#`` after the header are ignored (use them to group
rows). Every file has a :class:`Schema` (declared in :mod:`marsad.lexicon.schemas`): column
names, which are required, and what each value must look like. Loading validates every row
and raises :class:`marsad.errors.LexiconError` naming the file, the line and what was
expected — a broken data file fails loudly at load time, never silently at match time.

``load_table(name)`` reads the packaged file ``marsad/data/<name>.tsv`` once (cached);
``load_table(name, path=...)`` reads another file with the same schema (not cached), which is
how users test edited copies and how the tests feed the loader malformed files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import LexiconError

Value = str | int | None


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    ``kind`` is ``"str"`` or ``"int"``; ``choices`` lists the allowed values; ``pattern`` is a
    regular expression the whole value must match; ``low``/``high`` bound integers."""

    name: str
    required: bool = True
    kind: str = "str"
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    low: int | None = None
    high: int | None = None
    help: str = ""

    def expected(self) -> str:
        """What a valid value looks like, in words (used in error messages)."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind == "int":
            lo = "" if self.low is None else str(self.low)
            hi = "" if self.high is None else str(self.high)
            return f"an integer {lo}..{hi}" if (lo or hi) else "an integer"
        if self.pattern:
            return f"text matching {self.pattern!r}" + (f" ({self.help})" if self.help else "")
        return "text"


@dataclass(frozen=True)
class Schema:
    """The declared shape of one data file.

    ``unique`` names the columns whose combined values must not repeat; ``check`` is an
    optional row-level rule returning an error message (or ``None`` when the row is fine)."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""
    unique: tuple[str, ...] = ()
    check: Callable[[Row], str | None] | None = None
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def file_name(self) -> str:
        return f"{self.name}.tsv"

    def column(self, name: str) -> Column:
        return self._by_name[name]


class Row(Mapping[str, Value]):
    """One validated row: a read-only mapping column -> value (``int`` for integer columns,
    ``None`` for an empty optional cell), plus where it came from (``file``, ``line``)."""

    __slots__ = ("_values", "file", "line")

    def __init__(self, values: dict[str, Value], file: str, line: int) -> None:
        self._values = values
        self.file = file
        self.line = line

    def __getitem__(self, key: str) -> Value:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({self._values!r}, {self.file}:{self.line})"

    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Header:
    """The ``#`` lines at the top of a data file."""

    source: str
    version: str
    description: str


@dataclass(frozen=True, slots=True)
class Table:
    header: Header
    rows: tuple[Row, ...]


_META = re.compile(r"#\s*(source|version)\s*:\s*(.*)$", re.IGNORECASE)


def _fail(file: str, line: int | None, message: str) -> LexiconError:
    where = f"{file}:{line}" if line is not None else file
    return LexiconError(f"{where}: {message}")


def _convert(col: Column, raw: str, file: str, line: int) -> Value:
    if raw == "":
        if col.required:
            raise _fail(file, line, f"column {col.name!r} is required: expected {col.expected()}, got an empty cell")
        return None
    if col.kind == "int":
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise _fail(file, line, f"column {col.name!r}: expected {col.expected()}, got {raw!r}")
        value = int(raw)
        if (col.low is not None and value < col.low) or (col.high is not None and value > col.high):
            raise _fail(file, line, f"column {col.name!r}: expected {col.expected()}, got {value}")
        return value
    if raw != raw.strip():
        raise _fail(file, line, f"column {col.name!r}: value {raw!r} has leading or trailing spaces")
    if col.choices is not None and raw not in col.choices:
        raise _fail(file, line, f"column {col.name!r}: expected {col.expected()}, got {raw!r}")
    if col.pattern is not None and not re.fullmatch(col.pattern, raw):
        raise _fail(file, line, f"column {col.name!r}: expected {col.expected()}, got {raw!r}")
    return raw


def parse_table(text: str, schema: Schema, file: str) -> Table:
    """Parse and validate the text of one data file (``file`` names it in errors)."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    description: list[str] = []
    i = 0
    # leading comment block
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        stripped = lines[i].strip()
        m = _META.match(stripped)
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
        elif stripped.startswith("#"):
            description.append(stripped.lstrip("#").strip())
        i += 1
    for key in ("source", "version"):
        if not meta.get(key):
            raise _fail(file, 1, f"missing '# {key}: ...' line at the top of the file")
    if i >= len(lines):
        raise _fail(file, i or 1, "no header row: expected the column names " + "\t".join(c.name for c in schema.columns))
    header_line = i + 1
    names = lines[i].rstrip("\r").split("\t")
    unknown = [n for n in names if n not in {c.name for c in schema.columns}]
    if unknown:
        raise _fail(
            file,
            header_line,
            f"unknown column(s) {', '.join(map(repr, unknown))}; expected columns: "
            + ", ".join(c.name for c in schema.columns),
        )
    if len(set(names)) != len(names):
        raise _fail(file, header_line, "a column name appears twice in the header row")
    missing = [c.name for c in schema.columns if c.required and c.name not in names]
    if missing:
        raise _fail(file, header_line, f"missing required column(s): {', '.join(missing)}")
    rows: list[Row] = []
    seen: dict[tuple[Value, ...], int] = {}
    for j in range(i + 1, len(lines)):
        raw_line = lines[j].rstrip("\r")
        lineno = j + 1
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        cells = raw_line.split("\t")
        if len(cells) > len(names):
            raise _fail(file, lineno, f"expected {len(names)} tab-separated cells ({', '.join(names)}), got {len(cells)}")
        cells += [""] * (len(names) - len(cells))
        values: dict[str, Value] = {c.name: None for c in schema.columns}
        for name, cell in zip(names, cells):
            values[name] = _convert(schema.column(name), cell, file, lineno)
        row = Row(values, file, lineno)
        if schema.check is not None:
            problem = schema.check(row)
            if problem:
                raise _fail(file, lineno, problem)
        if schema.unique:
            key = tuple(values[c] for c in schema.unique)
            if key in seen:
                raise _fail(
                    file,
                    lineno,
                    f"duplicate {'/'.join(schema.unique)} {key if len(key) > 1 else key[0]!r} "
                    f"(first at line {seen[key]})",
                )
            seen[key] = lineno
        rows.append(row)
    if not rows:
        raise _fail(file, header_line, "the table has a header but no rows")
    return Table(Header(meta["source"], meta["version"], " ".join(description)), tuple(rows))


def _schema(name: str) -> Schema:
    from .schemas import SCHEMAS

    try:
        return SCHEMAS[name]
    except KeyError:
        raise LexiconError(f"unknown data table {name!r}; known tables: {', '.join(sorted(SCHEMAS))}") from None


@cache
def _packaged(name: str) -> Table:
    schema = _schema(name)
    resource = resources.files("marsad").joinpath("data", schema.file_name)
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{schema.file_name}: data file missing from the marsad package") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{schema.file_name}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    return parse_table(text, schema, schema.file_name)


def load_file(path: str | Path, schema: Schema) -> Table:
    """Read and validate any file against ``schema`` (not cached)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{p}: no such data file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{p}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    return parse_table(text, schema, p.name)


def table(name: str, *, path: str | Path | None = None) -> Table:
    """Header and rows of the data table ``name`` (``marsad/data/<name>.tsv`` unless ``path``)."""
    if path is not None:
        return load_file(path, _schema(name))
    return _packaged(name)


def load_table(name: str, *, path: str | Path | None = None) -> tuple[Row, ...]:
    """The validated rows of the data table ``name`` (cached for packaged files)."""
    return table(name, path=path).rows


def table_names() -> Sequence[str]:
    from .schemas import SCHEMAS

    return tuple(sorted(SCHEMAS))

