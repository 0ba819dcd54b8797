"""Timing: an event's date and tense. A date in the trigger's own clause (the nearest, not in
a relative clause after it, not a vague one), else the date governing it (its paragraph's,
or the reported interaction's), else the publication date — never for background. An
imperfect or a noun dated after publication, a past weekday with an imperfect, and the purpose
of a verb are planned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .modality import Modality
from .scan import THit, verb_aspect

if TYPE_CHECKING:
    from .coding import _Draft


def _dates_compatible(a: tuple[str | None, str, str], b: tuple[str | None, str, str]) -> bool:
    """Two dates can be of one event: equal, or one of them not stated in its own sentence
    (a publication or inherited date), or one a prefix (month) of the other."""
    if a[0] is None or b[0] is None:
        return True
    if a[0] == b[0]:
        return True
    if a[2] != "sentence" or b[2] != "sentence":
        return a[2] != "sentence" and b[2] != "sentence" or _within(a, b)
    return a[0].startswith(b[0]) or b[0].startswith(a[0])


def _within(a: tuple[str | None, str, str], b: tuple[str | None, str, str]) -> bool:
    """A sentence date and a publication / inherited date: compatible when the stated date is
    not after the other (an event reported later), or is a prefix of it."""
    stated, other = (a, b) if a[2] == "sentence" else (b, a)
    assert stated[0] is not None and other[0] is not None
    return other[0].startswith(stated[0]) or stated[0].startswith(other[0]) or stated[2] == "sentence" and other[2] != "paragraph"


def _date_rank(d: tuple[str | None, str, str]) -> int:
    return {"sentence": 3, "paragraph": 2, "publication": 1}.get(d[2], 0) if d[0] else 0


class Timing:
    """Mixin of the coder (:class:`~.coder._Coder`): timing of one sentence or document."""

    def _tense(self, h: THit, mod: Modality) -> Modality:
        """An imperfect verb or a noun with no modality cue reports a planned event when its
        clause is dated after the publication (يزور ... الأسبوع المقبل، زيارة ... يومي
        الثاني والثالث من أغسطس), when an imperfect names a weekday that has already
        passed (يتوجه إلى إسرائيل مساء الاثنين: the coming Monday), or when it is the purpose
        of a verb (ليبدأ زيارته)."""
        if mod.modality != "realized" or mod.historical or mod.effect == "flag":
            return mod
        aspect = verb_aspect(h)
        if aspect in ("perf", "part"):
            return mod
        pub = self.doc.published
        dr = self._clause_date(h)
        if dr is not None and pub and dr.date.value:
            v = dr.date.value
            if v[: len(pub)] > pub[: len(v)]:
                return Modality("planned", "future_code", False, "future date")
            if aspect == "impf" and dr.date.basis == "weekday" and v < pub:
                return Modality("planned", "future_code", False, "weekday ahead")
        if aspect is None:
            gv = self.governing(h.start)
            if gv is not None and gv.prefix.endswith("ل") and gv.aspect == "impf":
                return Modality("planned", "future_code", False, "purpose")
        return mod

    def _clause_date(self, h: THit):  # type: ignore[no-untyped-def]
        s = self.s
        best = None
        for dr in s.dates:
            if dr.date.precision == "none" and dr.date.end_value is None:
                continue
            lo, hi = (h.end, dr.ws) if dr.ws >= h.end else (dr.we, h.start)
            if s.boundary_between(min(lo, hi) - 1, max(lo, hi), strong=True):
                continue
            if dr.ws >= h.end and any(g.item.kind == "relative" for j in range(h.end, dr.ws) for g in self.g_at.get(j, ())):
                continue
            dist = abs(hi - lo)
            if dist <= 8 and (best is None or dist < best[0]):
                best = (dist, dr)
        return None if best is None else best[1]

    def _date(self, h: THit, d: _Draft) -> tuple[str | None, str, str]:
        s = self.s
        pub = self.doc.published
        own = self._own_date(h, d)
        if own is not None:
            return own
        if d.modality.historical:
            return (None, "none", "none")
        if d.modality.modality != "realized":
            return (pub, "day", "publication") if pub and d.modality.modality == "planned" else (None, "none", "none")
        sides = {d.source.side} | ({d.target.side} if d.target else set())
        key = (s.paragraph, self.story)
        got = self.para_date.get(key)
        if got is not None and sides & got[1]:
            return (got[0][0], got[0][1], "paragraph")
        c = self.ctx
        if c is not None and c.story == self.story and sides <= {c.a.side, c.b.side} and c.date[2] == "sentence":
            return (c.date[0], c.date[1], "paragraph")
        if pub:
            return (pub, "day", "publication")
        return (None, "none", "none")

    def _own_date(self, h: THit, d: _Draft) -> tuple[str | None, str, str] | None:
        s = self.s
        pub = self.doc.published
        best = None
        inside = self.named
        for dr in s.dates:
            if dr.ws in inside or dr.date.precision == "none":
                continue  # السنوات الأخيرة، منذ سنوات: too vague to date an event
            value = dr.date.value
            if value is None:
                continue
            if d.modality.modality == "realized" and pub and value[: len(pub)] > pub[: len(value)]:
                continue  # a future date does not date a realized event
            dist = dr.ws - h.end if dr.ws >= h.end else h.start - dr.we
            dist += 3 if s.boundary_between(min(dr.ws, h.start), max(dr.ws, h.start)) else 0
            if dr.ws >= h.end and any(g.item.kind == "relative" for j in range(h.end, dr.ws) for g in self.g_at.get(j, ())):
                continue  # a date in a relative clause after the trigger dates something else
            if best is None or dist < best[0]:
                best = (dist, dr)
        if best is None:
            return None
        dr = best[1]
        out = (dr.date.value, dr.date.precision, "sentence")
        if d.modality.modality == "realized" and not d.modality.historical:
            key = (s.paragraph, self.story)
            sides = {d.source.side} | ({d.target.side} if d.target else set())
            self.para_date.setdefault(key, (out, frozenset(sides)))
        return out
