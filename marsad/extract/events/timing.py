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


# verbs of a relative clause that report the trigger noun itself being held (folded): its date
# is the trigger's (الاجتماع الذي انعقد أمس، القمة التي عقدت يوم الاثنين، اللقاء الذي جمعهما أمس)
_HELD = frozenset({"انعقد", "انعقدت", "عقد", "عقدت", "جري", "جرت", "تم", "تمت", "اجري", "اجريت", "جمع", "جمعت", "جمعه",
                   "جمعها", "جمعهما", "جمعتهما", "استمر", "استمرت", "استغرق", "استغرقت", "يعقد", "تعقد", "سيعقد", "ستعقد"})


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
            if dr.date.basis == "weekday" and v < pub and self._present(h, aspect):
                # يتوجه ... مساء الاثنين، يبدأ زيارة لطهران الاثنين (a noun governed by the
                # imperfect: issue 11): the coming weekday
                return Modality("planned", "future_code", False, "weekday ahead")
            if v == pub and h.trigger.code[:2] == "04" and h.trigger.code not in ("042", "043") and self._present(h, aspect):
                # ويلتقي اليوم ...، يعقد اليوم مباحثات: a meeting in the present tense dated
                # the publication day is the day's programme, announced ahead; an arrival today
                # (يصل اليوم إلى طوكيو) is under way (issue 11)
                return Modality("planned", "future_code", False, "today ahead")
        if aspect is None:
            gv = self.governing(h.start)
            if gv is not None and gv.prefix.endswith("ل") and gv.aspect == "impf":
                return Modality("planned", "future_code", False, "purpose")
            if gv is not None and "س" in gv.prefix and gv.aspect == "impf":
                # سيعقد اجتماعاً ... خلال زيارة: a noun governed by a future verb lies ahead
                return Modality("planned", "future_code", False, "future verb")
            if (gv is None or gv.kind == "say") and self._anticipated(h):
                return Modality("planned", "future_code", False, "anticipated")
            if self._before_main(h, gv):
                return Modality("planned", "future_code", False, "before")
        return mod

    def _present(self, h: THit, aspect: str | None) -> bool:
        """The trigger is an imperfect verb, or a noun governed by one that is not a saying
        verb (يعقد مباحثات)."""
        if aspect == "impf":
            return True
        if aspect is None:
            gv = self.governing(h.start)
            return gv is not None and gv.aspect == "impf" and gv.kind != "say" and not gv.first_person
        return False

    def _clause_date(self, h: THit):  # type: ignore[no-untyped-def]
        s = self.s
        best = None
        for dr in s.dates:
            if dr.date.precision == "none" and dr.date.end_value is None:
                continue
            lo, hi = (h.end, dr.ws) if dr.ws >= h.end else (dr.we, h.start)
            if s.boundary_between(min(lo, hi) - 1, max(lo, hi), strong=True):
                continue
            if dr.ws >= h.end and self._open_relative(h.end, dr.ws):
                continue
            dist = self._clause_distance(min(lo, hi), max(lo, hi))
            if dist <= 8 and (best is None or dist < best[0]):
                best = (dist, dr)
        return None if best is None else best[1]

    def _open_relative(self, i: int, j: int) -> bool:
        """Whether word j stands inside a relative clause opened after word i (الذي/التي ...
        with no clause mark between it and j): a date there dates the relative clause."""
        s = self.s
        for k in range(i, j):
            if any(g.item.kind == "relative" for g in self.g_at.get(k, ())):
                if k + 1 < len(s.words) and s.words[k + 1] in _HELD and (k - 1 in self.named or k - 1 <= i):
                    # right after the trigger (and its adjective) or after the parties named with it
                    continue  # الاجتماع ... الذي انعقد أمس: the clause says when the trigger itself was held (issue 11)
                if not any(s.brk[x] for x in range(k + 1, j + 1)):
                    return True
        return False

    def _clause_distance(self, i: int, j: int) -> int:
        """Words between i and j that count as distance: not the names of parties, not a
        relative clause closed before j (ويتوجه الأمير الذي يأتي ... البريطاني، إلى إسرائيل
        مساء الاثنين)."""
        s = self.s
        named = self.named
        dist = 0
        k = i
        while k < j:
            if any(g.item.kind == "relative" for g in self.g_at.get(k, ())):
                end = next((x for x in range(k + 1, j + 1) if s.brk[x]), None)
                if end is not None and end - k <= 15:
                    k = end
                    continue
            if k not in named:
                dist += 1
            k += 1
        return dist

    def _anticipated(self, h: THit) -> bool:
        """A nominal trigger that is the subject of a future or modal predicate (لقاؤه
        بنظيره قد ينجم عنه ...، القمة ستشكل ...): the event lies ahead."""
        from .modality import _future_verb

        s = self.s
        named = self.named
        k, seen = h.end, 0
        rel_verb = -1  # the verb of a relative clause on the trigger (القمة التي تجمع X بـ Y ستعقد) is not its predicate
        while k < len(s.words) and seen <= 4:
            if s.brk[k]:
                return False
            w = s.words[k]
            if any(g.item.kind == "relative" for g in self.g_at.get(k, ())):
                rel_verb = k + 1
            if k in self.verb_at and not _future_verb(w) and k != rel_verb:
                return False
            if _future_verb(w):
                return True
            if w in ("قد", "وقد") and k + 1 < len(s.words) and s.words[k + 1][:1] in ("ي", "ت") and not s.brk[k + 1]:
                return True
            if k not in named:
                seen += 1
            k += 1
        return False

    def _before_main(self, h: THit, gv) -> bool:  # type: ignore[no-untyped-def]
        """قبل توجهه إلى إسرائيل after a present-tense main verb (يزور المدينة قبل توجهه
        ...): what comes after the present event lies ahead."""
        s = self.s
        k = h.start - 1
        if k < 0 or s.words[k] not in ("قبل", "وقبل") or h.prefix:
            return False
        return gv is not None and gv.aspect == "impf" and gv.start < k

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
            if d.modality.modality == "planned" and pub and value[: len(pub)] < pub[: len(value)] and dr.date.basis != "weekday":
                continue  # nor a past date a planned one (سيبحثان تمديد المعاهدة ... وكانت قد وقعت في العام 1991)
            dist = dr.ws - h.end if dr.ws >= h.end else h.start - dr.we
            dist += 3 if s.boundary_between(min(dr.ws, h.start), max(dr.ws, h.start)) else 0
            if dr.ws >= h.end and self._open_relative(h.end, dr.ws):
                continue  # a date in a relative clause after the trigger dates something else
            if best is None or dist < best[0]:
                best = (dist, dr)
        if best is None:
            return None
        dr = best[1]
        out = (dr.date.value, dr.date.precision, "sentence")
        if d.modality.modality == "planned" and pub and dr.date.basis == "weekday" and dr.date.value and dr.date.value < pub \
                and d.modality.cue != "itinerary":
            from datetime import date, timedelta  # a planned event on a weekday: the coming one

            ahead = date.fromisoformat(dr.date.value) + timedelta(days=7)
            out = (ahead.isoformat(), "day", "sentence")
        if d.modality.modality == "realized" and not d.modality.historical:
            key = (s.paragraph, self.story)
            sides = {d.source.side} | ({d.target.side} if d.target else set())
            self.para_date.setdefault(key, (out, frozenset(sides)))
        return out
