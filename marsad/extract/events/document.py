"""The document pass: a planned visit's present-tense mentions made planned, repeated reports
of one event merged, talks during a visit absorbed into it, the two halves of a visit linked
(042 visitor→host, 043 host→visitor), and the drafts turned into :class:`~marsad.model.Event`."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ...lexicon.events import event_code
from ...model import Event, Evidence
from .coding import _Draft
from .modality import Modality
from .scan import verb_aspect
from .timing import _date_rank, _dates_compatible


# Codes of a visit's programme: made planned with a visit the article dates ahead
_VISIT_PROGRAMME = frozenset({"042", "040", "044", "046"})


# Codes that belong to a visit of the same pair when both are reported (EVENT_CODING.md)
_ABSORBED_BY_VISIT = frozenset({"040", "046", "043", "042"})


@cache
def _topic_context_map() -> dict[str, str]:
    from ...lexicon.events import topics

    return {name: t.context for name, t in topics().items()}


def topic_contexts(names: list[str]) -> list[str]:
    m = _topic_context_map()
    return [m[n] for n in names if n in m]


def _visitor_host(v: _Draft) -> tuple[str, str | None]:
    if v.code == "043":
        return (v.target.side if v.target else "", v.source.side)
    return (v.source.side, v.target.side if v.target else None)


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.code != b.code or a.modality.modality != b.modality.modality:
        return False
    if a.code[:2] == "03" and a.target is not None and b.target is not None:
        # one stated intent (036: to meet) per pair and article, whatever date each report gives
        return {a.source.side, a.target.side} == {b.source.side, b.target.side}
    if (a.target is None) != (b.target is None):
        return False
    ea = event_code(a.code)
    if a.target is None or b.target is None:
        pair_ok = a.source.side == b.source.side
    elif ea.symmetric:
        pair_ok = {a.source.side, a.target.side} == {b.source.side, b.target.side}
    else:
        pair_ok = (a.source.side, a.target.side) == (b.source.side, b.target.side)
    return pair_ok and (_dates_compatible(a.date, b.date) or a.code in ("042", "043") and _visit_days(a, b))


_VISIT_DAYS = 3  # one visit of a pair spans a few days (arrival, talks, departure)


def _visit_days(a: _Draft, b: _Draft) -> bool:
    """Two realized, dated mentions of a visit of one pair a few days apart are one visit
    (وصل مساء أول من أمس ... وأجرى أمس محادثات) (issue 11)."""
    from datetime import date

    if a.modality.modality != "realized" or b.modality.modality != "realized":
        return False
    x, y = a.date[0], b.date[0]
    if not x or not y or len(x) != 10 or len(y) != 10:
        return False
    return abs((date.fromisoformat(x) - date.fromisoformat(y)).days) <= _VISIT_DAYS


class DocumentPass:
    """Mixin of the coder (:class:`~.coder._Coder`): documentpass of one sentence or document."""

    def finish(self) -> list[Event]:
        self._one_visit()
        drafts = self._merge(self.drafts)
        drafts = self._absorb(drafts)
        out: list[Event] = []
        link = 0
        for d in drafts:
            events = [d]
            if d.code in ("042", "043") and d.target is not None and d.modality.modality in ("realized",):
                link += 1
                d.link = f"L{link}"
                comp = replace(d, code=event_code(d.code).linked or d.code, source=d.target, target=d.source,
                               companion=True, flags=[*d.flags, "linked"])
                events = [d, comp] if d.code == "042" else [comp, d]
            for e in events:
                out.append(self._event(e))
        return out

    def _one_visit(self) -> None:
        """A visit the article dates ahead (a planned 036 with a date after publication) is
        the same visit its present-tense mentions report (لافروف يزور قطر): those are
        planned too."""
        pub = self.doc.published
        if not pub:
            return
        made = [v for v in self.drafts if v.code in ("042", "043") and v.target is not None and v.modality.modality == "realized"
                and verb_aspect(v.hit) == "perf" and not v.modality.historical]
        ahead = [d for d in self.drafts if d.code == "036" and d.target is not None and d.date[2] == "sentence"
                 # سيزور غداً مدينة جرش after وصل إلى الأردن: a trip inside a visit already made
                 and not any({v.source.side, v.target.side} == {d.source.side, d.target.side}  # type: ignore[union-attr]
                             and v.sent.index < d.sent.index for v in made)
                 and d.date[0] and d.date[0][: len(pub)] >= pub[: len(d.date[0])]]
        if not ahead:
            return
        for d in self.drafts:
            if d.code in _VISIT_PROGRAMME and d.target is not None and d.modality.modality == "realized" and d.date[2] != "sentence" \
                    and verb_aspect(d.hit) in (("impf", None) if d.code == "042" else ("impf",)) and not d.modality.historical:
                # the visit's meetings in the present tense (ويلتقي لودريان خلال زيارته روحاني)
                # lie ahead with it (issue 11); a visit's own mentions keep their direction
                pair = (d.source.side, d.target.side)
                if any((a.source.side, a.target.side) == pair or d.code != "042" and (a.target.side, a.source.side) == pair  # type: ignore[union-attr]
                       for a in ahead if a.target):
                    d.code = "036"
                    d.modality = Modality("planned", "future_code", False, "same visit")

    def _merge(self, drafts: list[_Draft]) -> list[_Draft]:
        """One event per real event: repeated reports of a code between the same parties
        (same modality, compatible dates) merge into the first."""
        out: list[_Draft] = []
        for d in drafts:
            twin = next((o for o in out if _same_event(o, d)), None)
            if twin is None:
                out.append(d)
                continue
            twin.mentions += 1
            if _date_rank(d.date) > _date_rank(twin.date):
                twin.date = d.date
            twin.confidence = max(twin.confidence, d.confidence)
            for t in d.topics:
                if t not in twin.topics:
                    twin.topics.append(t)
        return out

    def _absorb(self, drafts: list[_Draft]) -> list[_Draft]:
        """Talks and meetings of a pair during that pair's visit belong to the visit; a
        reception (043) and a visit (042) of the same pair are one visit."""
        visits = [d for d in drafts if d.code in ("042", "043", "041") and d.target is not None and d.modality.modality == "realized"]
        out: list[_Draft] = []
        for d in drafts:
            if d.target is None and any(o is not d and o.target is not None and o.code == d.code and o.sent.index == d.sent.index
                                        and o.source.side == d.source.side for o in drafts):  # type: ignore[union-attr]
                # جدد المجلس إدانة المملكة للهجوم: the verbal noun's agent and the clause's subject are
                # one side of one act; the mention with its target is the event
                continue
            if d.code == "036" and d.target is not None:
                # a planned meeting of a pair whose visit is under way, with no date of its own,
                # is the visit's programme (وستتناول المحادثات التي سيجريها ...); so is one
                # in the sentence that reports the arrival as its purpose (وصل ... ليجري محادثات: issue 11)
                pair = {d.source.side, d.target.side}
                if any({v.source.side, v.target.side} == pair and v.code in ("042", "043")  # type: ignore[union-attr]
                       and (d.date[2] != "sentence" and (v.story == d.story or v.sent.index < d.sent.index)
                            or v.sent.index == d.sent.index and d.modality.cue == "purpose")
                       for v in visits):
                    continue
            if d.code == "036" and d.target is not None and d.target.actor.basis in ("complement", "context") \
                    and d.hit.trigger.code == "042":
                # سيزور غداً مدينة جرش: a planned trip to a place in the country being visited (or,
                # with no place of its own, to the visit's other party) is the visit's programme
                pair = {d.source.side, d.target.side}
                if any(v.target is not None and {v.source.side, v.target.side} == pair and v.sent.index < d.sent.index for v in visits):
                    continue
            if d.target is not None and d.code in _ABSORBED_BY_VISIT and d.modality.modality == "realized":
                pair = {d.source.side, d.target.side}
                host = next((v for v in visits if v is not d and {v.source.side, v.target.side} == pair  # type: ignore[union-attr]
                             and (_dates_compatible(v.date, d.date) or _visit_days(v, d))
                             and (d.code not in ("042", "043") or v in out)
                             and (v.code != "041" or d.code in ("040", "046") and v.sent.index == d.sent.index)), None)
                if host is not None:
                    host.mentions += 1
                    if _date_rank(d.date) > _date_rank(host.date):
                        host.date = d.date
                    continue
            out.append(d)
        return out

    def _event(self, d: _Draft) -> Event:
        ec = event_code(d.code)
        s = d.sent
        doc = self.doc
        t0, t1 = self.view.orig(s, d.hit.start, d.hit.end)
        contexts = list(dict.fromkeys([*ec.plover_contexts, *topic_contexts(d.topics)]))
        return Event(
            code=d.code,
            root=ec.root,
            name=ec.name,
            source=d.source.actor,
            target=None if d.target is None else d.target.actor,
            evidence=Evidence(doc.text[s.start : s.end], s.start, s.end),
            trigger=Evidence(doc.text[t0:t1], t0, t1),
            sentence=s.index,
            paragraph=s.paragraph,
            plover_type=ec.plover_type,
            plover_mode=ec.plover_mode,
            goldstein=ec.goldstein,
            quad_class=ec.quad_class,
            date=d.date[0],
            date_precision=d.date[1] if d.date[0] else "none",
            date_basis=d.date[2] if d.date[0] else "none",
            location=d.location,
            topics=list(d.topics),
            contexts=contexts,
            modality=d.modality.modality,
            needs_target=ec.needs_target,
            link=d.link,
            confidence=d.confidence,
            flags=list(d.flags),
            trigger_id=d.hit.trigger.id,
            mentions=d.mentions,
        )
