"""The data of :mod:`.context`: ``state_refs.tsv`` (states referred to without their name) and the
capitals of ``cities.tsv``. Loaded once, by folded phrase."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ...lexicon import load_table
from ...text.normalize import fold


@dataclass(frozen=True, slots=True)
class StateRef:
    phrase: str  # folded
    kind: str  # home | theatre | fixed | nisba
    role: str | None
    countries: tuple[str, ...]  # home: candidates; fixed: one; nisba: its country or ()
    theatres: dict[str, str]  # theatre: country of the war -> leader
    code: str | None


@cache
def state_refs() -> dict[str, StateRef]:
    """``state_refs.tsv`` by folded phrase."""
    out: dict[str, StateRef] = {}
    for row in load_table("state_refs"):
        cs = str(row["countries"] or "").split()
        theatres = dict(c.split(":") for c in cs) if row["kind"] == "theatre" else {}
        out[fold(str(row["phrase"]))] = StateRef(fold(str(row["phrase"])), str(row["kind"]), row["role"],
                                                 tuple(c for c in cs if ":" not in c), theatres, row["code"])
    return out


@cache
def _nisbas() -> dict[str, StateRef]:
    return {k: v for k, v in state_refs().items() if v.kind == "nisba"}


@cache
def capital_names() -> dict[str, str]:
    """Folded capital name -> ISO-3: ``cities.tsv`` rows of kind capital, and the seats of
    government of ``state_refs.tsv`` (تل أبيب)."""
    out: dict[str, str] = {}
    for row in load_table("cities"):
        if row["kind"] == "capital":
            out.setdefault(fold(str(row["name"])), str(row["iso3"]))
    for ref in state_refs().values():
        if ref.kind == "seat":
            out.setdefault(ref.phrase, ref.countries[0])
    return out
