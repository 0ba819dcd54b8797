"""Material conflict: the real parties of protests (14), force posture (15), reduced relations
(16), coercion and arrests (17), assaults (18), fighting (19) and mass violence (20).

News reports these events in clause shapes the visit-and-meeting frames do not cover:

* **Who did it.** An attack noun is often agentless (تفجير مسجد ...، قتل 5 في هجوم). Its
  perpetrator is the subject of a verb that *carries it out* (``perform`` rows of
  event_grammar.tsv: شن هجوماً، نفذ عملية، تبنى التنظيم الهجوم), or the party of an agent phrase
  after it (``agent`` rows: الهجوم الذي نفذته X، هجمات شنها مسلحون، من قبل X، على يد X). Any
  other governing verb (أدان الوزير التفجير، أكد أن الغارة، زار موقع الهجوم) is a comment on
  the attack, and its subject is not the attacker. An assault whose text names no perpetrator
  is by unidentified attackers (CAMEO ``UAF``, GUIDELINES gold v2) — only for assaults (18x)
  and attacks (هجوم), never for air strikes or shelling, which armies carry out. A speaker
  carried from an earlier clause is never a perpetrator.
* **Whom.** The subject of a verb of *suffering* (``undergo``: تعرضت الدورية لهجوم) is the
  target; a place the attack is in or on stands for its state (the place's population).
* **Protest.** Protesters are non-state: the crowd (تظاهر المئات) is the population of the
  place the protest is in; a protest names its target (ضد X، احتجاجاً على X) or is addressed to
  the government of its country.
* **Arrests.** An arrest, detention or deportation by a state organ whose object names no
  actor (اعتقلت الشرطة 20 شخصاً) targets people under its jurisdiction: civilians of its state.
* **Country of a group.** A non-state group the text gives no country (المسلحون، المتظاهرين)
  takes the country of the place the event happens in, else that of the state organ it faces
  (the police that arrest it); unidentified attackers and transnational groups stay without
  one (GUIDELINES).
"""

from __future__ import annotations

from ...lexicon.events import EventCode
from ...model import EventActor
from .grammar import word_items
from .parties import Party
from .scan import THit, verb_aspect
from .slots import _clitic_slot
from .sentences import NONSTATE_TYPES, PlaceRef, side_country

#: roots of material conflict handled here (the slots of their triggers come from triggers.tsv)
MATERIAL = frozenset({"14", "15", "16", "17", "18", "19", "20"})
#: roots whose perpetrator must be named in the clause (no carried speaker)
_ACTS = frozenset({"17", "18", "19", "20"})
#: triggers that may have unidentified attackers: assaults (18x) and the plain attack noun هجوم
_UNIDENTIFIED_IDS = frozenset({"190.hujum"})
#: coercion of people whose object names no actor targets the organ's own civilians
_PEOPLE_CODES = ("173", "174", "175")
#: killings and woundings, whose noun names the dead or wounded right after it (مقتل ثلاثة ...)
_CASUALTY_CODES = frozenset({"1823"})
#: a complementizer with the speaker's pronoun (folded): أنه، أنها، بأنه، إنها ...
_SELF_COMPLEMENTIZERS = frozenset({"انه", "انها", "انهم", "بانه", "بانها", "بانهم", "وانه", "وانها"})
#: words that may stand between it and the verb (أنه قد قصف، أنها أيضا اعتقلت)
_SELF_SKIP = frozenset({"قد", "ايضا", "بالفعل", "فعلا"})
#: roots of acts a state decides or announces itself (reduced relations, coercion): a saying or
#: deciding verb's subject (أعلنت، قررت) is their agent
_DECIDED = frozenset({"16", "17"})
#: arrests and detentions, which the police of the place make when no arrester is named
_ARREST_CODES = ("173",)
#: state organs that arrest, detain and deport
_STATE_ROLES = frozenset({"COP", "GOV", "JUD", "MIL", "SPY"})
#: unidentified attackers and transnational groups keep no country (GUIDELINES)
_STATELESS = frozenset({"UAF", "IMG"})


def unidentified(ec: EventCode, h: THit) -> bool:
    """Whether the trigger is an assault whose text may leave the attacker unnamed."""
    return ec.root == "18" and ec.code not in _CASUALTY_CODES or h.trigger.id in _UNIDENTIFIED_IDS


def _plural(h: THit) -> bool:
    """A sound feminine plural trigger word (هجمات، تفجيرات، العمليات الإرهابية)."""
    first = h.form.text.split()[0] if h.form.text else ""
    return first.endswith(("ات", "اتها", "اته", "اتهم")) or first in ("اعمال", "الاعمال")  # أعمال إرهابية: broken plural


#: roles that carry out attacks (the possessor of an attack noun: قصف للقوات التركية)
_ARMED = frozenset({"MIL", "COP", "SPY", "REB", "INS"})
#: air strikes and shelling: force from afar, never the repression of a crowd at close quarters
_FROM_AFAR = frozenset({"194", "195"})
#: the crowd side of a clash that is repression (GUIDELINES gold v2: police vs protesters is 17x)
_CROWD = frozenset({"OPP", "CVL"})


def _repression(src: Party, tgt: Party, how: str) -> tuple[Party, Party, str]:
    """A clash between a state's police or troops and protesters or civilians (اشتبكت قوات
    الأمن مع المتظاهرين) is violent repression (175) by the state organ, whichever the text
    names first: ``how`` becomes ``repression`` and the coder recodes it."""
    for a, b in ((src, tgt), (tgt, src)):
        if a.actor.role in ("COP", "MIL") and side_country(a.side) and b.side[-3:] in _CROWD \
                and b.actor.start is not None and b.actor.basis not in ("place", "population"):
            return a, b, "repression"
    return src, tgt, how


def _kind(word: str, kind: str) -> bool:
    """Whether a folded word is a grammar word of this kind (``locative``, ``temporal``,
    ``demonstrative`` ...: kinds the scan leaves to this module, looked up per word, cached)."""
    return any(it.kind == kind for _, it in word_items(word))


def _carrying_out(word: str) -> bool:
    """A verbal noun of carrying out, bare or with ب (باستخدام، بتنفيذ): ``perform`` rows."""
    return any(it.kind == "perform" and it.aspect == "noun" for w in (word, word[1:] if word[:1] == "ب" else "")
               if w for _, it in word_items(w))


def _is_type(side: str) -> bool:
    return side in NONSTATE_TYPES


class Conflict:
    """Mixin of the coder (:class:`~.coder._Coder`): parties of material-conflict events."""

    # --- who did it ---------------------------------------------------------------------

    def performer_ok(self, h: THit) -> bool:
        """Whether the verb governing a material-conflict noun carries it out (its subject is
        the perpetrator): a ``perform`` verb, or a conflict or claim trigger verb (شن هجوماً،
        تبنى الهجوم)."""
        gv = self.governing(h.start)
        if gv is None:
            return False
        # a verbal noun of carrying out (ردت باستخدام الغاز، قام بتنفيذ هجوم) is transparent
        between = [j for j in range(gv.end, h.start) if j not in self.named and not _carrying_out(self.s.words[j])]
        if len(between) > 4 or any(j in self.ev_starts for j in between):
            return False  # بدأت الهجمات بتفجير شاحنة: an event noun is the subject
        t = self.trig_at.get(gv.start) if gv.kind == "trigger" else None
        if t is not None and t.trigger.code[:2] in MATERIAL:
            # قتلوا خمسة أشخاص في هجوم: the attack they killed in — when an actor kills; "قتل
            # ثمانية أشخاص في تفجير" is the passive (the same letters): the victims are no agent.
            # A plural verb (قتلوا) agrees with a subject of its own before it: the attacker is
            # named, though maybe no actor we know — never "unidentified".
            return bool(gv.subject) and gv.explicit or self.s.words[gv.start].endswith("وا")
        if any(j in self.prep_at or _clitic_slot(self.s.words[j]) for j in between):
            return False  # قام الأمير بجولة لموقع التفجير: the verb's own complement comes first
        if gv.kind == "perform" or any(g.item.kind == "perform" for g in self.g_at.get(gv.start, ())):
            return True
        if gv.kind == "trigger":
            t = self.trig_at.get(gv.start)
            return t is not None and (t.trigger.code[:2] in MATERIAL or t.trigger.code == "015")
        return False

    def conflict_source(self, name: str, h: THit, ec: EventCode) -> list[Party] | None:
        """The source slot of a material act (roots 17–20): ``none`` is the perpetrator of an
        agentless noun; a noun's ``subj`` is the subject of the verb that carries it out (for
        arrests, expulsions and sanctions — acts a state decides and announces — also of a
        saying or deciding verb: أعلنت الداخلية القبض على ...، قررت واشنطن طرد دبلوماسيين),
        never of a verb that comments on it."""
        if name == "none":
            return self.perpetrator(h, ec)
        if name == "subj" and verb_aspect(h) is None:
            gv = self.governing(h.start)
            if not self.performer_ok(h) and not (ec.root in _DECIDED and gv is not None and gv.kind == "say"):
                return None
        return self.slot(name, h, None)

    def sufferer(self, h: THit) -> list[Party] | None:
        """The subject of a verb of suffering governing the noun (تعرضت الدورية لهجوم)."""
        gv = self.governing(h.start)
        if gv is not None and gv.kind == "undergo" and gv.subject and gv.explicit:
            return self._resolve(gv.subject)
        return None

    def _undergone(self, h: THit) -> bool:
        gv = self.governing(h.start)
        return gv is not None and gv.kind == "undergo"

    def perpetrator(self, h: THit, ec: EventCode) -> list[Party] | None:
        """The perpetrator of an agentless attack noun: the party of an agent phrase after it
        (within its clause, eight words), else unidentified attackers for assaults."""
        s = self.s
        n = len(s.words)
        j = h.end
        spent = 0
        while j < n and spent <= 8:
            if j > h.end and s.brk[j]:
                break
            a = s.arg_at.get(j)
            if a is not None and j == h.end and a.prep == "pp_li" and a.sides and not s.brk[j]:
                # قصف مدفعي للقوات التركية، غارات لطيران التحالف: the noun's own (ل of possession)
                # when armed; a government after ل is the target (توجيه ضربة للنظام)
                got = [p for p in self.parties(a, "agent", chain=True) if p.actor.role in _ARMED]
                if got:
                    return [self._with_basis(p, "agent") for p in got]
            if a is not None:
                j = a.we
                spent += 1
                continue
            for g in self.g_at.get(j, ()):
                if g.item.kind == "agent":
                    got = self._party_after(g.end)
                    if got:
                        return [self._with_basis(p, "agent") for p in got]
            if any(g.item.kind == "relative" for g in self.g_at.get(j, ())) and j + 1 < n:
                # الهجوم الذي نفذته X: a relative perform verb
                v = self.verb_at.get(j + 1)
                if v is not None and v.kind == "perform" and v.subject and v.explicit:
                    return self._resolve(v.subject)
            j += 1
            spent += 1
        claimant = self._claimant(h) or self._demonym_agent(h)
        if claimant:
            return claimant
        if unidentified(ec, h) and not self.performer_ok(h) and not _plural(h) and not self._demonstrative(h):
            # a perform verb names the perpetrator (بدأت تشكيلات الجبهة هجوماً), though no actor
            # we know; a plural is a series or a kind of attacks (هجمات لندن), not one event
            return [self.unidentified_party(h)]
        return None

    def _claimant(self, h: THit) -> list[Party] | None:
        """Who claims the attack (015 rows: أعلن X مسؤوليته عن الهجوم، تبنت X التفجير): the
        subject of a claim verb before the noun in its sentence, named there. A denied or
        unmade claim (لم تعلن أي جهة مسؤوليتها) names no actor and gives nobody."""
        for start, t in self.trig_at.items():
            if t.trigger.code != "015" or start >= h.start or h.start - start > 12:
                continue
            v = self.verb_at.get(start)
            if v is not None and v.subject and v.explicit:
                got = self._resolve(v.subject)
                if got:
                    return [self._with_basis(p, "agent") for p in got]
        return None

    def _demonym_agent(self, h: THit) -> list[Party] | None:
        """An attack noun qualified by a demonym (غارة جوية أمريكية، ضربات إسرائيلية): the
        demonym's state carried it out."""
        s = self.s
        for k in (h.end, h.end + 1):
            if k >= len(s.words) or s.brk[k] or k in s.arg_at:
                return None
            p = self.place_at.get(k)
            if p is not None and p.place.kind == "demonym":
                party = self.place_party(p, "agent")
                return [party] if party is not None else None
            definite = s.words[k].startswith(("ال", "وال")) == h.form.text.startswith("ال")
            if not definite:
                return None  # an adjective agrees with its noun in definiteness: this word is none
        return None

    def _passing_reference(self, h: THit) -> bool:
        """An attack noun with no perpetrator named as a time (``temporal`` rows: خلال التفجير،
        بعد الهجوم) in a sentence that reports another kind of event (condolences, a visit)
        and gives the attack no date of its own (تعازيه في الذين استشهدوا خلال التفجير): a
        reference to an attack reported elsewhere, whose day this sentence does not tell."""
        s = self.s
        if s.dates or h.start == 0 or not _kind(s.words[h.start - 1], "temporal"):
            return False
        return any(t.trigger.code[:2] not in MATERIAL for t in self.trig_at.values())

    def _same_agent(self, h: THit, p: Party) -> bool:
        """A verb coordinated with an earlier act of the sentence (اشتبكت قوات الأمن مع
        المتظاهرين، وألقت القبض على ...): the carried subject is that act's named agent, not a
        speaker."""
        for v in reversed(self.verbs):
            if v.start >= h.start:
                continue
            if v.explicit and v.subject:
                t = self.trig_at.get(v.start)
                return v.kind != "say" and t is not None and t.trigger.code[:2] in MATERIAL \
                    and any(x.side == p.side for x in self._resolve(v.subject) or ())
        return False

    def _self_report(self, h: THit) -> bool:
        """The speaker reports its own act: a pronoun-dropped verb right after a complementizer
        with a pronoun (أعلن الجيش أنه قصف ...، أكدت الشرطة أنها اعتقلت ...), or a noun its
        carrying-out verb there governs (أنه شن غارات): the speaker is the agent."""
        s = self.s
        if verb_aspect(h) is not None:
            v = self.verb_at.get(h.start)
            if v is None or v.explicit:
                return False
            k = h.start
        else:
            gv = self.governing(h.start)
            if gv is None or gv.explicit or not self.performer_ok(h):
                return False
            k = gv.start
        k -= 1
        while k >= 0 and s.words[k] in _SELF_SKIP:
            k -= 1
        return k >= 0 and s.words[k] in _SELF_COMPLEMENTIZERS

    def _purpose(self, h: THit) -> bool:
        """A verbal noun of carrying out with the purpose ل right before the attack (لتنفيذ هجوم،
        لشن هجمات): the attack is intended, not made."""
        if h.start == 0:
            return False
        w = self.s.words[h.start - 1]
        return w[:1] == "ل" and _carrying_out(w[1:])

    def _demonstrative(self, h: THit) -> bool:
        """هذا الهجوم، بهذا العمل الإرهابي: a reference back to an attack already reported."""
        return h.start > 0 and _kind(self.s.words[h.start - 1], "demonstrative")

    def _locative(self, p: PlaceRef) -> bool:
        """Whether a place is where something happens: a locative word before it (في، بمدينة،
        شمال) or a ب/في fused to it (بأبها، بالبصرة)."""
        s = self.s
        if p.ws > 0:
            prev = s.words[p.ws - 1]
            if _kind(prev, "locative") or prev[:1] in ("ب", "و") and _kind(prev[1:], "locative"):
                return True  # في، بمدينة، بشمال
        lead = s.words[p.ws][: max(0, self.view.norm.norm_pos(p.place.start) - s.nstart[p.ws])]
        return lead.endswith(("ب", "في")) or lead in ("وب", "فب")

    def _party_after(self, j: int) -> list[Party] | None:
        """The party named right after word j (skip words allowed), or a demonym-qualified
        noun (مسلحين أكراد)."""
        s = self.s
        k = j
        while k < len(s.words) and k - j <= 2 and not (k > j and s.brk[k]):
            a = s.arg_at.get(k)
            if a is not None:
                return self.parties(a, "agent", chain=True) if a.sides else None
            got = self._noun_demonym(k)
            if got:
                return got
            k += 1
        return None

    def victims_after(self, h: THit, start: int | None = None) -> list[Party] | None:
        """The people a casualty or arrest names right after it (مقتل ثلاثة فلسطينيين، اعتقال
        عدد من الأطفال الفلسطينيين): a party, or a noun qualified by a demonym, or a demonym
        noun, standing for its state's civilians. Numbers and quantity words (with their من)
        may stand before them; ``start``: where to look from (after a subject named after a
        verb)."""
        s = self.s
        k = h.end if start is None else start
        spent = 0
        while k < len(s.words) and spent <= 3:
            if k > h.end and s.brk[k] or k in self.verb_at:
                return None
            w = s.words[k]
            if w == "من" and k > h.end and (_kind(s.words[k - 1], "quantity") or k + 1 in s.arg_at):
                k += 1
                continue  # عدد من المحتجين، عشرون عنصرا من الميليشيا: a part of the party after من
            if k in self.prep_at:
                return None
            a = s.arg_at.get(k)
            if a is not None:
                partitive = a.prep == "pp_min" and k > h.end  # عشرون عنصرا من الميليشيا
                return self.parties(a, "object", chain=True) if (a.prep is None or partitive) and a.sides else None
            p = self.place_at.get(k)
            if p is not None:
                c = p.place.country
                return [self._population(c, None, "object")] if p.place.kind == "demonym" and c else None
            nd = self._noun_demonym(k)
            if nd:
                c = side_country(nd[0].side)
                return [self._population(c, None, "object")] if c else None
            k += 1
            spent += 1
        return None

    def _unresolved_after(self, h: THit) -> bool:
        """Whether a noun that is no party stands right after the verb (قتل ناشطو الحركة ...): it
        may be the verb's own subject, so the dead cannot be read from there."""
        j = h.end
        return j < len(self.s.words) and j not in self.s.arg_at and not self.s.words[j].isdigit() \
            and not _kind(self.s.words[j], "quantity") and self.place_at.get(j) is None

    def _by_hand(self, p: Party) -> bool:
        """Whether the party is named by an agent phrase (برصاص X، في اشتباكات مع X، على يد X)."""
        for a in self.s.args:
            if p.actor.start is not None and a.start == p.actor.start:
                return any(g.item.kind == "agent" and g.end == a.ws for gs in self.g_at.values() for g in gs)
        return False

    def _only_a_count(self, h: THit) -> bool:
        """The people of an arrest are only counted (تم توقيف المئات في ...): a quantity word
        right after the trigger (or its على) with no noun of its own — nobody says who they
        are, so the arrest has no target."""
        s = self.s
        k = h.end + (1 if h.end < len(s.words) and s.words[h.end] in ("على", "علي") else 0)
        if k >= len(s.words) or not _kind(s.words[k], "quantity"):
            return False
        nxt = k + 1
        if nxt < len(s.words) and s.words[nxt] == "من":
            return False  # عدد من المتهمين: the phrase names them
        return nxt >= len(s.words) or s.brk[nxt] or nxt in self.prep_at or nxt in self.date_words

    def _after_arg(self, h: THit, p: Party) -> int | None:
        """The word after the party's phrase when it stands after the trigger (VSO), else None."""
        if p.actor.start is None:
            return None
        for a in self.s.args:
            if a.ws >= h.end and a.start == p.actor.start:
                return a.we
        return None

    def _agentless(self, h: THit) -> bool:
        """Whether an arrest names no arrester: the passive (the unmarked perfect اعتقل، أوقف
        with no subject of its own), or a noun governed by an agentless verb (تم، جرى) or named
        as a time with a day of its own (بعد توقيف ناشطين السبت). A noun another verb governs is that verb's (أعلنت الشرطة
        اعتقال ...) or a comment on an arrest whose maker the text leaves to the reader."""
        if verb_aspect(h) is not None:
            v = self.verb_at.get(h.start)
            word = self.s.words[h.start]
            bare = word[1:] if word[:1] in ("و", "ف") else word
            return v is not None and not v.subject and not v.first_person and verb_aspect(h) == "perf" \
                and bare == h.trigger.lemma
        if h.start > 0 and _kind(self.s.words[h.start - 1], "temporal"):
            # بعد توقيف ناشطين السبت: an arrest named as a time is news with a day of its own;
            # without one (دعا ... الاثنين إلى مظاهرات بعد اعتقال أربعة) it refers to one told elsewhere
            return any(h.end <= dr.ws <= h.end + 4 and not self.s.boundary_between(h.end - 1, dr.ws)
                       for dr in self.s.dates)
        gv = self.governing(h.start)
        return gv is not None and gv.impersonal

    def unidentified_party(self, h: THit) -> Party:
        """Unidentified attackers (UAF): no words name them, so the party has no offsets."""
        return Party(EventActor("", None, None, "UAF", None, None, "UAF", None, "unidentified"), "UAF")

    def _with_basis(self, p: Party, basis: str) -> Party:
        return self._ctx_party(p, basis)

    # --- whom -----------------------------------------------------------------------------

    def place_targets(self, h: THit, srcs: list[Party], *, reach: int = 10) -> list[Party]:
        """The state of the first place after the trigger in its clause (شن غارات على قطاع
        غزة، تفجير مسجد ... بأبها), not the source's own side."""
        s = self.s
        mine = {p.side for p in srcs}
        for p in s.places:
            if p.ws < h.end or p.ws > h.end + reach or p.place.kind == "demonym":
                continue
            if p.ws in s.arg_at and not self._locative(p):
                continue  # a country named as a party is the frames' to place (احتلت إسرائيل)
            if s.boundary_between(h.end - 1, p.ws):
                break
            c = p.place.country
            if c and c + "CVL" not in mine:
                # the place stands for its population: a state's own forces may strike it
                a = p.place
                return [Party(EventActor(a.text, a.start, a.end, c + "CVL", c, None, "CVL", None, "place"), c + "CVL")]
        return []

    def event_country(self, h: THit, *, reach: int | None = None, after_only: bool = False) -> str | None:
        """The state the event happens in: the nearest place of the trigger's sentence (a city
        or country, not a demonym, named as a location: في البصرة، بمدينة نانت) in its sentence
        part (no full stop between), after the trigger first; with ``reach``, within that many
        words."""
        s = self.s
        best: tuple[int, str] | None = None
        for p in s.places:
            if p.place.kind == "demonym" or not p.place.country or not self._locative(p) or after_only and p.ws < h.end:
                continue
            lo, hi = min(p.ws, h.start), max(p.ws, h.start)
            if s.boundary_between(lo, hi, strong=True):
                continue
            if reach is not None and hi - lo > reach:
                continue
            d = abs(p.ws - h.start) + (0 if p.ws >= h.end else 3)
            if best is None or d < best[0]:
                best = (d, p.place.country)
        return best[1] if best else None

    # --- the parties of one material-conflict trigger -------------------------------------

    def conflict_parties(self, h: THit, ec: EventCode, found: list[tuple[Party, Party | None, str]],
                         sources: dict[str, list[Party] | None]) -> list[tuple[Party, Party | None, str]]:
        """Complete and check the parties the frames found for a material-conflict trigger
        (see the module docstring)."""
        if ec.root in _ACTS:  # a carried speaker is no perpetrator (the agent of the clause before is)
            own = self._self_report(h)
            found = [f for f in found if f[0].actor.basis not in ("speaker", "context", "pair") or self._same_agent(h, f[0])
                     or own and f[0].actor.basis == "speaker"]
        if not found and verb_aspect(h) is None:
            victims = self.sufferer(h)
            if victims is None and self._undergone(h):
                # تعرض شرطيا مرور في ولاية ديار بكر لهجوم: people of the place suffered it
                c = self.event_country(h)
                victims = [self._population(c, None, "population")] if c else None
            if victims:
                srcs = self.perpetrator(h, ec) or []
                found = [(a, b, "undergo") for a in srcs for b in victims if a.side != b.side]
        if not found and ec.code in _CASUALTY_CODES:
            # مقتل ثلاثة فلسطينيين بنيران الجيش، قتل عشرون مسلحا في اشتباكات مع الجيش: the dead
            # named after the noun or the passive verb suffered it; the hand is its agent
            hand = sources.get("none") if verb_aspect(h) is None else sources.get("subj")
            start = None
            if hand and verb_aspect(h) is not None and not self._by_hand(hand[0]):
                # an active verb (قتلت القوات 11 من عناصر التنظيم): the dead come after its
                # subject, which the sentence names (a carried or guessed one leaves them unknown)
                v = self.verb_at.get(h.start)
                start = self._after_arg(h, hand[0])
                if v is None or not v.explicit or start is None and self._unresolved_after(h):
                    hand = None
            victims = self.victims_after(h, start) if hand else None
            if victims:
                found = [(a, b, "victims") for a in hand for b in victims if a.side != b.side]
        if not found and ec.root in _ACTS:
            srcs = next((v for k, v in sources.items() if v and k != "none"), None) or sources.get("none")
            own = self._self_report(h)
            srcs = [p for p in srcs or () if p.actor.basis not in ("speaker", "context", "pair") or self._same_agent(h, p)
                    or own and p.actor.basis == "speaker"]
            if srcs and ec.code.startswith(_PEOPLE_CODES):
                found = [(a, None, "people") for a in srcs]  # filled below: the organ's own people
            elif srcs:
                found = [(a, t, "place") for a in srcs for t in self.place_targets(h, srcs)]
                c = None if found else self.event_country(h, after_only=srcs[0].side == "UAF")
                if c:  # وفي الزبداني استأنف طيران الأسد قصفه: the people of the place it happens in
                    found = [(a, self._population(c, None, "place"), "place") for a in srcs
                             if a.side != c + "CVL"]
        if not found and ec.code.startswith(_ARREST_CODES) and self._agentless(h):
            # اعتُقل ثلاثة ناشطين في الحسيمة، تم القبض على خمسة في جدة: an arrest that names no
            # arrester is made by the police of the state it happens in
            c = self.event_country(h)
            if c:
                police = Party(EventActor("", None, None, c + "COP", c, None, "COP", None, "default"), c)
                how = "agentless_count" if self._only_a_count(h) else "agentless"
                found = [(police, v, how) for v in self.victims_after(h) or [None]
                         if v is None or v.side != c]
        if self._purpose(h):
            return []  # المخططين لتنفيذ هجوم: an attack planned, not made
        if verb_aspect(h) is not None and any(t.end == h.start and t.trigger.code[:2] in MATERIAL
                                              for t in self.trig_at.values()):
            return []  # الغارات استهدفت مواقع ...: the attack noun before the verb is the event
        if ec.root == "14":
            found = self._protest(h, found, sources)
        out = []
        for src, tgt, how in found:
            if src.side == "UAF" and (tgt is None or self._passing_reference(h)):
                continue  # unidentified attackers of nobody named, or an attack mentioned in passing
            if ec.code.startswith(_PEOPLE_CODES) and tgt is None and side_country(src.side) and src.actor.role in _STATE_ROLES \
                    and how != "agentless_count":
                # اعتقلت القوات عددا من الأطفال الفلسطينيين: the people named, else its own civilians
                named = self.victims_after(h, self._after_arg(h, src))
                tgt = named[0] if named and named[0].side != src.side else \
                    self._population(side_country(src.side), src.actor, "object")
            src, tgt = self._localize(h, src, tgt, facing=ec.root in ("14", "15", "16", "17"))
            if tgt is not None and src.side == tgt.side:
                continue
            if ec.root == "19" and tgt is not None and ec.code not in _FROM_AFAR:
                src, tgt, how = _repression(src, tgt, how)
            out.append((src, tgt, how))
        return out

    def _protest(self, h: THit, found: list[tuple[Party, Party | None, str]],
                 sources: dict[str, list[Party] | None]) -> list[tuple[Party, Party | None, str]]:
        """Protesters are non-state (the crowd is the place's population); a protest without a
        named target is addressed to the government of its country."""
        if any(not (_is_type(f[0].side) or len(f[0].side) == 6) for f in found):
            return []  # a state "protests" (إيران تخلق الشغب): no street protest
        country = self.event_country(h, reach=None if verb_aspect(h) else 8)
        out = []
        kept = list(found)
        if not kept:
            if not country:
                return []
            crowd = self._population(country, None, "population")
            tgt = next((f[1] for f in found if f[1] is not None), None)
            kept = [(crowd, tgt, "population")]
        for src, tgt, how in kept:
            c = side_country(src.side) or country
            if tgt is None and not c:
                continue  # a crowd of no known country addressing nobody named: no party to code
            if tgt is None:
                tgt = Party(EventActor("", None, None, c + "GOV", c, None, "GOV", None, "default"), c)
            out.append((src, tgt, how))
        return out

    def _population(self, country: str, near: EventActor | None, basis: str) -> Party:
        """Civilians of a state (no words name them: no offsets)."""
        return Party(EventActor("", None, None, country + "CVL", country, None, "CVL", None, basis), country + "CVL")

    def _localize(self, h: THit, src: Party, tgt: Party | None, *, facing: bool) -> tuple[Party, Party | None]:
        """A non-state group of no known country takes the country of the place the event is
        in, else (with ``facing``: protests, arrests — domestic by nature) that of the state
        party it faces; an armed group facing a foreign army keeps none."""
        place = None
        for p, other in ((src, tgt), (tgt, src)):
            if p is None or not _is_type(p.side) or p.side in _STATELESS:
                continue
            # the police are at home: insurgents attacking a state's police are its own
            near = facing or (other is not None and other.actor.role == "COP")
            if place is None:
                place = self.event_country(h) or ""
            c = place or (side_country(other.side) if near and other is not None and not _is_type(other.side) else None)
            if not c:
                continue
            a = p.actor
            moved = Party(EventActor(a.text, a.start, a.end, c + p.side, c, None, a.role, a.person, a.basis), c + p.side)
            if p is src:
                src = moved
            else:
                tgt = moved
        return src, tgt
