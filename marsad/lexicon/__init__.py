"""Language data as data: loaders, schemas and typed views of ``marsad/data/*.tsv``.

>>> from marsad.lexicon import load_table, months
>>> rows = load_table("months")          # validated rows (cached)
>>> {m.number for m in months() if m.calendar == "hijri"} == set(range(1, 13))
True
"""

from .data import Cue, Month, Weekday, boilerplate, cues, months, weekdays
from .loader import Column, Header, Row, Schema, Table, load_file, load_table, parse_table, table, table_names
from .schemas import SCHEMAS

__all__ = [
    "SCHEMAS",
    "Column",
    "Cue",
    "Header",
    "Month",
    "Row",
    "Schema",
    "Table",
    "Weekday",
    "boilerplate",
    "cues",
    "load_file",
    "load_table",
    "months",
    "parse_table",
    "table",
    "table_names",
    "weekdays",
]
