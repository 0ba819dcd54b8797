"""Coding: one trigger with its resolved frame becomes draft events — the frame alternatives
tried in order, the weak-trigger and context-target rules, frame cues (تلبية لدعوة X), the
modality and topics applied, the location, and the interaction context updated."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations

from ...lexicon.events import EventCode, event_code, refine
from ...model import EventLocation
from ...text.normalize import fold
from .conflict import MATERIAL
from .modality import Modality, modality_of
from .parties import _MAX_PARTIES, Ctx, Party
from .scan import THit, verb_aspect
from .sentences import Sent, side_country
from .topics import sentence_topics, topics_of


# Roots whose target, when the sentence names none, is the other party of the interaction
# being reported (talks, praise, agreement): "وأعرب عن تقديره للجهود المبذولة" during a visit
# is addressed to the host. Intent to cooperate needs a named partner (GUIDELINES).
_CONTEXT_ROOTS = frozenset({"04", "05"})


@dataclass(slots=True)
class _Draft:
    """An event before the per-document pass (dates, merging, links)."""

    code: str
    source: Party
    target: Party | None
    sent: Sent
    hit: THit
    modality: Modality
    flags: list[str]
    confidence: float
    location: EventLocation | None = None
    topics: list[str] = field(default_factory=list)
    date: tuple[str | None, str, str] = (None, "none", "none")
    story: int = 0
    link: str | None = None
    mentions: int = 1
    companion: bool = False


def _confidence(h: THit, src: Party, tgt: Party | None, how: str, mod: Modality) -> float:
    kind = h.trigger.kind
    c = {"verb": 0.9, "phrase": 0.85, "participle": 0.85, "verbal_noun": 0.8, "noun": 0.75}.get(kind, 0.8)
    if h.form.aspect == "part":
        c -= 0.05
    c -= {"subject": 0.0, "object": 0.0, "complement": 0.0, "frame": 0.0, "pair": 0.1, "speaker": 0.1, "context": 0.2}.get(src.actor.basis, 0.1)
    if tgt is None:
        c -= 0.05
    else:
        c -= {"context": 0.2, "pair": 0.1, "speaker": 0.1}.get(tgt.actor.basis, 0.0)
    if how == "fallback":
        c -= 0.05
    if mod.effect == "flag":
        c -= 0.2
    return round(max(0.05, min(0.99, c)), 2)


# Roots of material conflict: their target may be a place (an attack on a city is on its state)
_MATERIAL_CONFLICT = frozenset({"17", "18", "19", "20"})
# Roots of cooperation: a state and a group of its own nationals are one side there
_COOPERATIVE = frozenset({"01", "02", "03", "04", "05", "06", "07"})
# (08 yield is not among them: a government's ceasefire with, or release of, its own insurgents
# is an event — GUIDELINES gold v2: AFG → AFGINS)
_NOT_PARTNERS = frozenset({"CVL", "REF", "UAF", "CRM"})
_CAPITAL = frozenset(fold(w) for w in ("العاصمة", "بالعاصمة", "والعاصمة"))
# "issued (by)": what is welcomed or praised is someone's statement or decision (folded)
_ISSUED = frozenset({"الصادر", "الصادره", "الصادرين", "الصادرة"})
# خلال زيارته: the talks took place during the possessor's visit (folded words)
_DURING = frozenset(fold(w) for w in ("خلال", "أثناء", "اثناء", "في", "فى", "إبان", "ابان"))
_OWN_VISIT = frozenset(fold(w) for w in ("زيارته", "زيارتها", "زيارتهم", "زيارتهما"))
_TO = frozenset(fold(w) for w in ("إلى", "الى", "الي", "لـ"))
_IN_CITY = frozenset(fold(w) for w in ("في", "فى", "بمدينة", "مدينة", "بالعاصمة", "العاصمة"))  # words are folded


# words opening the condition of a threat (folded): إذا، لو، في حال، ما لم
_IF_ONE = frozenset({"اذا", "واذا", "لو", "ولو"})
_IF_TWO = frozenset({("في", "حال"), ("في", "حاله"), ("ما", "لم"), ("اذا", "ما")})


def _two_sides(ec: EventCode, a: Party, b: Party) -> bool:
    """Whether two parties can be source and target of one event of this code: different
    sides; for cooperation, also different states (GUIDELINES: a domestic conflict event,
    EGYCOP → EGYINS, is an event; a state cooperating with its own group is not)."""
    if a.side == b.side:
        return False
    if ec.root in _COOPERATIVE:
        if a.side[-3:] in _NOT_PARTNERS or b.side[-3:] in _NOT_PARTNERS:
            return False  # civilians, refugees, gunmen, criminals are no partner of a meeting or an agreement
        ca, cb = side_country(a.side), side_country(b.side)
        return ca is None or cb is None or ca != cb
    return True


_AMBASSADOR = (fold("سفير"), fold("سفيرة"), fold("سفراء"), fold("القائم بالأعمال"))


def _resident_ambassador(p: Party) -> bool:
    """A state's ambassador (سفير، القائم بالأعمال) as the visitor: resident in the host
    country, so received or visiting there is a meeting (GUIDELINES: a visit is travel)."""
    if side_country(p.side) is None or p.side != side_country(p.side):
        return False
    text = fold(p.actor.text)
    return any(w in text for w in _AMBASSADOR)


class Coding:
    """Mixin of the coder (:class:`~.coder._Coder`): coding of one sentence or document."""

    def code_hit(self, h: THit, positions: set[int], *, fallback: bool) -> bool:
        """Code one trigger; False when its frames did not resolve and ``fallback`` is off."""
        t = h.trigger
        ec = event_code(t.code)
        found: list[tuple[Party, Party | None, str]] = []
        basis_note = ""
        if fallback and self.tried.get(h.start) is self.ctx:
            frames: tuple = ()  # the frames failed with this same context: only the fallback is left
        else:
            frames = t.frames
            self.tried[h.start] = self.ctx
        sources: dict[str, list[Party] | None] = {}
        for fr in frames:
            if fr.source == "plural":
                ps = self.plural(h)
                if ps:
                    how = "plural_multi" if len({p.side for p in ps}) >= 3 else "plural"  # قمة ثلاثية بين ...
                    for a, b in combinations(ps[:_MAX_PARTIES], 2):
                        if _two_sides(ec, a, b):
                            found.append((a, b, how))
                    if found:
                        break
                continue
            if fr.source not in sources:
                if ec.root in _MATERIAL_CONFLICT:  # perpetrators: see conflict.py
                    sources[fr.source] = self.conflict_source(fr.source, h, ec)
                else:
                    sources[fr.source] = self.slot(fr.source, h, None)
            srcs = sources[fr.source]
            if not srcs:
                continue
            tgts = self.slot(fr.target or "none", h, srcs)
            if tgts is None:
                continue
            if not tgts:
                if not ec.needs_target:
                    found = [(p, None, "untargeted") for p in srcs]
                    break
                continue
            for a in srcs:
                for b in tgts:
                    if _two_sides(ec, a, b):
                        found.append((a, b, "frame"))
            if found:
                break
        if t.priority <= 2:  # a weak trigger (وصل، توجه، وعد) needs parties named in its sentence
            found = [f for f in found if f[0].actor.basis not in ("speaker", "context") and (f[1] is None or f[1].actor.basis != "context")]
        if ec.root in MATERIAL:  # the real parties of protests, arrests, attacks (conflict.py)
            found = self.conflict_parties(h, ec, found, sources)
        if not found and ec.root == "04" and verb_aspect(h) is None:
            found = self._gathered(h, ec)
        if not found and ec.root == "03" and verb_aspect(h) is not None and all(fr.source != "plural" for fr in t.frames):
            found = self._clause_partner(h, ec, sources)
        if ec.root == "13" and all(f[1] is None for f in found):
            found = self._condition_target(h, ec, sources) or found
        if not found:
            if not fallback:
                return False
            found = self._fallback(h, ec)
            if ec.root in _MATERIAL_CONFLICT:  # a carried speaker is no perpetrator
                found = [f for f in found if f[0].actor.basis not in ("speaker", "context", "pair")]
            basis_note = "fallback"
        if not found:
            return True
        found = self._frame_cues(h, found)
        mod = self._tense(h, modality_of(self.s, h, self.g_at))
        for src, tgt, how in found:
            m = mod
            if m.modality == "realized" and tgt is not None and self._itinerary_before(h, tgt):
                m = Modality("planned", "future_code", False, "itinerary")
            self._draft(h, ec, src, tgt, how, basis_note, m)
        return True

    def _gathered(self, h: THit, ec: EventCode) -> list[tuple[Party, Party | None, str]]:
        """A meeting noun followed by جمع "brought together" (قمة مرتقبة تجمعه بالزعيم الكوري،
        اللقاء الذي جمع X و Y، القمة التي تجمع X مع Y): the parties are جمع's object — a
        pronoun (the person spoken of) or a named party — and the party after ب/مع, or the
        coordinated parties of its object (issue 11)."""
        s = self.s
        n = len(s.words)
        for j in range(h.end, min(n, h.end + 4)):
            if s.brk[j] and j > h.end:
                return []
            w = s.words[j]
            stem = w[1:] if w[:1] in ("و", "ف") and len(w) > 4 else w
            stem = stem[1:] if stem[:1] in ("ت", "ي") else stem
            if not stem.startswith("جمع") or len(stem) > 7:
                continue
            pron = stem[3:]
            firsts: list[Party] | None = None
            k = j + 1
            if pron in ("ه", "ها"):
                firsts = self._resolve(self.subject_at(j))
            elif pron in ("هما", "هم"):
                firsts = self._pair()
            elif pron in ("", "ت"):
                a = s.arg_at.get(k)
                if a is not None and a.prep is None and a.sides:
                    firsts = self.parties(a, "object", chain=True)
                    k = a.we
            if not firsts:
                return []
            if len({p.side for p in firsts}) >= 2 and pron not in ("ه", "ها"):
                return [(a, b, "plural") for a, b in combinations(firsts[:_MAX_PARTIES], 2) if _two_sides(ec, a, b)]
            for b in s.args:
                if k <= b.ws <= k + 6 and b.sides and (b.prep in ("pp_bi", "pp_ma") or b.conj):
                    if s.boundary_between(j, b.ws):
                        break
                    return [(a, c, "frame") for a in firsts for c in self.parties(b, "complement", chain=True)
                            if _two_sides(ec, a, c)]
            return []
        return []

    def _itinerary_before(self, h: THit, tgt: Party) -> bool:
        """زيارة لمنطقة الشرق الأوسط تقوده إلى إسرائيل: a party named after an itinerary verb
        (``itinerary`` rows of event_grammar.tsv) is a stop still ahead."""
        if tgt.actor.start is None or verb_aspect(h) is not None:
            return False
        s = self.s
        pos = self.view.norm.norm_pos(tgt.actor.start)
        k = next((j for j in range(h.end, len(s.words)) if s.nstart[j] >= pos), None)
        if k is None:
            return False
        return any(g.item.kind == "itinerary" for j in range(h.end, k) for g in self.g_at.get(j, ()))

    def _clause_partner(self, h: THit, ec: EventCode, sources: dict[str, list[Party] | None]) -> list[tuple[Party, Party | None, str]]:
        """A wish to cooperate whose partner is named only inside its complement clause
        (تمنى البشير أن تشهد العلاقات السعودية السودانية مزيداً من التطور): the one other
        side the clause after the trigger names, by a party or a demonym, within twelve words."""
        srcs = sources.get("subj")
        if not srcs:
            return []
        s = self.s
        mine = {p.side for p in srcs}
        others: dict[str, Party] = {}
        for a in s.args:
            if h.end <= a.ws <= h.end + 12 and not s.boundary_between(h.end - 1, a.ws):
                for p in self.parties(a, "complement"):
                    if p.side not in mine:
                        others.setdefault(p.side, p)
        for pl in s.places:
            if pl.place.kind == "demonym" and h.end <= pl.ws <= h.end + 12 and pl.ws not in s.arg_at \
                    and not s.boundary_between(h.end - 1, pl.ws):
                p = self.place_party(pl, "complement")
                if p is not None and p.side not in mine:
                    others.setdefault(p.side, p)
        if len(others) != 1:
            return []
        tgt = next(iter(others.values()))
        return [(a, tgt, "clause") for a in srcs if _two_sides(ec, a, tgt)]

    def _condition_target(self, h: THit, ec: EventCode, sources: dict[str, list[Party] | None]) -> list[tuple[Party, Party | None, str]]:
        """A threat that names no target of its own is aimed at the party its condition names
        (لوّح بالعودة إلى التخصيب إذا تخلت واشنطن عن الاتفاق، حذر من رد قاسٍ في حال هاجمت
        إسرائيل ...): the first bare party within five words after إذا، في حال، ما لم، لو, in
        the threat's sentence (issue 11)."""
        srcs = sources.get("subj") or sources.get(h.trigger.frames[0].source) if h.trigger.frames else None
        if not srcs:
            return []
        s = self.s
        n = len(s.words)
        mine = {p.side for p in srcs}
        for j in range(h.end, min(n - 1, h.end + 20)):
            if s.strong[j] and j > h.end:
                return []
            w = s.words[j]
            k = j + 1 if w in _IF_ONE else j + 2 if (w, s.words[j + 1]) in _IF_TWO else None
            if k is None:
                continue
            for m in range(k, min(n, k + 5)):
                if m > k and s.brk[m]:
                    break
                a = s.arg_at.get(m)
                if a is not None and a.prep is None and a.sides:
                    got = [p for p in self.parties(a, "complement", chain=True) if p.side not in mine]
                    return [(x, y, "condition") for x in srcs for y in got if _two_sides(ec, x, y)]
            return []
        return []

    def _ctx_current(self) -> bool:
        """Whether the sentence still reports the interaction of the context: it was set in
        the last three sentences, or the sentence refers back to it (خلال اللقاء، زيارته)."""
        c = self.ctx
        if c is None:
            return False
        if self.s.index - c.sentence <= 3:
            return True
        if any(g.item.kind == "anchor" for gs in self.g_at.values() for g in gs):
            return True
        return False

    def _third_party_after(self, h: THit, srcs: list[Party]) -> bool:
        """The trigger's clause names, after it, a party that is neither the source nor a
        party of the interaction being reported (رحب بالبيان الصادر عقب اجتماع وزراء دول مجلس
        التعاون): what is welcomed or praised is that party's, not the host's (issue 11)."""
        s, c = self.s, self.ctx
        for j in range(h.end, min(len(s.words), h.end + 6)):
            if s.boundary_between(h.end - 1, j, strong=True):
                break
            if s.words[j] in _ISSUED:
                return True  # رحب بالبيان الصادر عن ...: a statement issued by someone, named or not
            if j > h.end and any(g.item.kind == "relative" for g in self.g_at.get(j, ())) and j + 1 < len(s.words) \
                    and s.words[j + 1].endswith(("ها", "ه")) and len(s.words[j + 1]) > 4:
                return True  # أثنى على الهدنة التي قررتها قيادة التحالف: the object is the act of whoever the clause names
        known = {p.side for p in srcs} | ({c.a.side, c.b.side} if c is not None else set())
        for a in s.args:
            if a.ws < h.end or s.boundary_between(h.end - 1, a.ws, strong=True):
                continue
            if a.sides and not set(a.sides) <= known:
                return True
        return False

    def _fallback(self, h: THit, ec: EventCode) -> list[tuple[Party, Party | None, str]]:
        """No frame alternative resolved: the speaker as source and, for codes addressed to
        the party being met, the other side of the current interaction as target."""
        fr = h.trigger.frames[0]
        srcs: list[Party] | None = None
        if fr.source == "plural":
            return []
        if verb_aspect(h) is None or h.trigger.priority < 4:
            return []  # only a verb with a clear sense is addressed to the party being met
        if fr.source in ("subj", "poss", "gen"):
            srcs = self.slot(fr.source, h, None) or (self.subject_at(h.start) if fr.source != "gen" else None)
        if not srcs:
            return []
        out: list[tuple[Party, Party | None, str]] = []
        if ec.root in _CONTEXT_ROOTS and self.ctx is not None and self._ctx_current() and not self._third_party_after(h, srcs):
            for a in srcs:
                other = self._other(a.side)
                if other is not None:
                    out.append((a, self._ctx_party(other, "context"), "context"))
        if not out and not ec.needs_target and fr.target in (None, "none"):
            out = [(a, None, "untargeted") for a in srcs]
        return out

    def _frame_cues(self, h: THit, found: list[tuple[Party, Party | None, str]]) -> list[tuple[Party, Party | None, str]]:
        """تلبية لدعوة X (X is the host of a visit in the sentence)."""
        if h.trigger.code not in ("042", "043"):
            return found
        for cue in self.frames:
            if cue.trigger.id != "04.talbiya":
                continue
            a = self.s.arg_at.get(cue.end) or self.s.arg_at.get(cue.end + 1)
            if a is None or not a.sides:
                continue
            host = self.parties(a, "frame")[0]
            out = []
            for src, tgt, how in found:
                if h.trigger.code == "042" and src.side != host.side and (tgt is None or how == "context" or tgt.side == host.side):
                    out.append((src, host, "frame"))
                else:
                    out.append((src, tgt, how))
            return out
        return found

    def _draft(self, h: THit, ec: EventCode, src: Party, tgt: Party | None, how: str, note: str, mod: Modality) -> None:
        if how == "repression":  # a clash of police and protesters (conflict.py)
            ec = event_code("175")
        code = ec.code
        flags: list[str] = []
        if how == "plural_multi":
            how = "plural"
            flags.append("multilateral")
        if code in ("042", "043") and tgt is not None and _resident_ambassador(src if code == "042" else tgt):
            # استقبل الرئيس سفير كوريا الشمالية: a resident ambassador does not travel: a meeting
            ec = event_code("040")
            code = "040"
            flags.append("ambassador")
        modality = mod.modality
        if mod.effect == "future_code":
            if ec.future_code is None:
                return
            code = ec.future_code
        if mod.effect == "flag":
            flags.append("uncertain")
        if mod.historical:
            flags.append("historical")
        if self.topics is None:
            self.topics = sentence_topics(self.s.words)
        topic_names, contexts = topics_of(self.topics, h.end)
        refined = refine(code, topic_names)
        if refined != code:
            code = refined
        if how == "context":
            flags.append("context_target")
        if tgt is None:
            flags.append("no_target")
        conf = _confidence(h, src, tgt, "fallback" if note == "fallback" else how, mod)
        d = _Draft(code, src, tgt, self.s, h, mod, flags, conf, topics=topic_names)
        d.story = self.story
        d.date = self._date(h, d)
        d.location = self._location(d)
        self.drafts.append(d)
        self._visit_from_place(d)
        if tgt is not None and modality in ("realized",) and event_code(code).root in ("04", "05", "06") and not mod.historical:
            self._set_ctx(d)

    def _visit_from_place(self, d: _Draft) -> None:
        """Talks or a meeting held in one party's country are that country's hosting of the
        other party (بحث الملك مع X في جدة: X visits Saudi Arabia): add the visit, which
        the talks then belong to. Held in a third country, a meeting is 044."""
        loc = d.location
        if d.code not in ("040", "046") or d.target is None or d.modality.modality != "realized":
            return
        if "ambassador" in d.flags or _resident_ambassador(d.source) or _resident_ambassador(d.target):
            return  # the ambassador lives there: no visit
        if "multilateral" in d.flags:
            return  # تعقد في طوكيو قمة ثلاثية: a summit of three or more is a meeting of each pair, the host's too (issue 11)
        src, tgt = d.source, d.target
        if (loc is None or loc.basis != "stated" or not loc.country) and self._during_own_visit(d.hit):
            # بحث X مع Y خلال زيارته: talks held during X's visit with no other destination
            # named are X's visit to Y (issue 11)
            self.drafts.append(replace(d, code="042", flags=[*d.flags, "visit_during"],
                                       confidence=round(max(0.05, d.confidence - 0.1), 2), topics=list(d.topics)))
            return
        if loc is None or loc.basis != "stated" or not loc.country:
            return
        sc, tc = src.actor.country, tgt.actor.country
        if loc.country == sc:
            visitor, host = tgt, src
        elif loc.country == tc:
            visitor, host = src, tgt
        else:
            if sc and tc and not d.modality.historical:
                d.code = "044"
            return
        v = replace(d, code="042", source=visitor, target=host, flags=[*d.flags, "visit_from_place"],
                    confidence=round(max(0.05, d.confidence - 0.1), 2), topics=list(d.topics))
        self.drafts.append(v)

    def _during_own_visit(self, h: THit) -> bool:
        """The trigger's clause says it took place during the subject's visit with no
        destination of its own: خلال/أثناء/في + زيارته (or زيارتها ...) after the trigger,
        with no party or place right after the visit noun."""
        s = self.s
        words = s.words
        for j in range(h.end, min(len(words), h.end + 10)):
            if s.boundary_between(h.end - 1, j, strong=True):
                return False
            if words[j] not in _DURING or j + 1 >= len(words) or words[j + 1] not in _OWN_VISIT:
                continue
            k = j + 2
            if k < len(words) and not s.brk[k] and (k in s.arg_at or k in self.place_at or words[k] in _TO):
                return False  # زيارته إلى/لـ X, زيارته للكويت: a destination of its own
            return not s.boundary_between(h.end - 1, j + 1)
        return False

    def _set_ctx(self, d: _Draft) -> None:
        assert d.target is not None
        a, b = d.source, d.target
        if d.code == "043":
            a, b = b, a
        if self.ctx is not None and {self.ctx.a.side, self.ctx.b.side} == {a.side, b.side}:
            self.ctx.sentence = self.s.index
            if d.code in ("042", "043") and self.ctx.a.side != a.side:
                self.ctx.a, self.ctx.b = self.ctx.b, self.ctx.a
            if self.ctx.date[2] != "sentence" and d.date[2] == "sentence":
                self.ctx.date = d.date
            return
        self.ctx = Ctx(a, b, self.story, self.s.paragraph, d.date, self.s.index)

    def _location(self, d: _Draft) -> EventLocation | None:
        """Where the event happened: a city named in its clause (في جدة، بالرياض); for a
        visit, the host's country when no city of it is named."""
        host: str | None = None
        if d.code in ("042", "036") and d.target is not None:
            host = d.target.actor.country
        elif d.code == "043":
            host = d.source.actor.country
        stated = self._stated_place(d.hit)
        if stated is not None and (host is None or stated.country == host):
            return stated
        if host:
            return EventLocation(host, None, None, None, "host")
        return None

    def _stated_place(self, h: THit) -> EventLocation | None:
        s = self.s
        for p in s.places:
            if abs(p.ws - h.start) > 14:
                continue
            if p.place.kind == "demonym" and p.ws > 0 and s.words[p.ws - 1] in _CAPITAL and p.place.country:
                # في العاصمة المكسيكية: the capital of the demonym's country
                if not s.boundary_between(min(p.ws, h.start), max(p.ws, h.start), strong=True):
                    pl = p.place
                    return EventLocation(pl.country, pl.text, pl.start, pl.end, "stated")
                continue
            if p.place.kind == "country" and p.ws < h.start and h.start - p.ws <= 6 \
                    and (p.ws not in s.arg_at or s.arg_at[p.ws].prep == "pp_fi") \
                    and p.ws > 0 and s.words[p.ws - 1] in ("في", "فى") and p.place.country \
                    and not s.boundary_between(p.ws, h.start):
                # أجرى الرئيس في كينيا محادثات: a country named as the place before the talks (after
                # them, في سوريا is more often the topic: بحث الأوضاع في سوريا) (issue 11)
                pl = p.place
                return EventLocation(pl.country, pl.text, pl.start, pl.end, "stated")
            if p.place.kind != "city":
                continue
            if s.boundary_between(min(p.ws, h.start), max(p.ws, h.start), strong=True):
                continue
            w = s.words[p.ws]
            lead = w[: max(0, self.view.norm.norm_pos(p.place.start) - s.nstart[p.ws])]
            prev = s.words[p.ws - 1] if p.ws > 0 else ""
            if lead.endswith(("ب", "في")) or prev in _IN_CITY or w.startswith("ب"):
                pl = p.place
                return EventLocation(pl.country, pl.text, pl.start, pl.end, "stated")
        return None
