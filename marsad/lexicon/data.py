"""Typed views of the packaged data tables (each built once from :func:`load_table`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .loader import load_table


@dataclass(frozen=True, slots=True)
class Month:
    name: str
    number: int  # 1..12
    calendar: str  # gregorian | hijri
    region: str  # egypt_gulf | levant_iraq | maghreb | morocco | mauritania | all (Hijri)
    form: str  # standard | variant
    source: str  # cldr | curated


@dataclass(frozen=True, slots=True)
class Weekday:
    name: str
    iso: int  # Monday = 1 ... Sunday = 7
    form: str
    source: str


@dataclass(frozen=True, slots=True)
class Cue:
    role: str  # outlet | masthead | dateline | section | caption | read_also | social | credit | ...
    kind: str  # line | prefix | contains | word | tagline | nav | label | filler | am | pm | marker
    cue: str
    note: str | None


@cache
def months() -> tuple[Month, ...]:
    """Every month name in ``months.tsv`` (Gregorian in all regional sets, and Hijri)."""
    return tuple(
        Month(str(r["name"]), int(r["number"]), str(r["calendar"]), str(r["region"]), str(r["form"]), str(r["source"]))  # type: ignore[arg-type]
        for r in load_table("months")
    )


@cache
def weekdays() -> tuple[Weekday, ...]:
    """Every weekday name in ``weekdays.tsv``."""
    return tuple(
        Weekday(str(r["name"]), int(r["iso"]), str(r["form"]), str(r["source"]))  # type: ignore[arg-type]
        for r in load_table("weekdays")
    )


@cache
def boilerplate() -> tuple[Cue, ...]:
    """Every cue in ``boilerplate.tsv``."""
    return tuple(
        Cue(str(r["role"]), str(r["kind"]), str(r["cue"]), None if r["note"] is None else str(r["note"]))
        for r in load_table("boilerplate")
    )


@cache
def cues(role: str, kind: str) -> tuple[str, ...]:
    """The cue phrases of one role and kind, in file order."""
    return tuple(c.cue for c in boilerplate() if c.role == role and c.kind == kind)
