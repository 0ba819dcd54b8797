"""Slots: the argument frame of a trigger (``subj>obj``, ``gen>pp_ila`` ...) filled from its
clause — the object after a verb, the genitive after a noun, the party of the noun phrase
opened by a preposition (مع نظيره، بالجهود المصرية، إلى القاهرة), the place of a visit."""

from __future__ import annotations

from functools import lru_cache

from .clauses import _AGENT_MARKERS, _CIRCUMSTANCE, _COMPLEMENT_ROOTS
from .grammar import delegate_words, doer_nouns, skip_words, split_clitic, word_items
from .parties import Party
from .scan import THit, verb_aspect


_NO_SLOTS: frozenset[str] = frozenset()


_WEAK_SLOTS = frozenset({"-", "pp_fi", "pp_bi", "pp_li"})  # they qualify a noun phrase without ending it  # a coordinated group gives at most this many parties (a summit's protagonists)


@lru_cache(maxsize=1 << 13)  # sized by hit rate on archive text (see lexicon.events.proclitic_splits)
def _clitic_slot(word: str) -> str | None:
    """ب/ل on a noun that is not an actor (أشاد بالجهود، بمستوى): the slot it opens (cached
    per word)."""
    w = word
    if len(w) > 4 and w[0] in "وف" and w[1] in "بل":
        w = w[1:]
    if len(w) < 4:
        return None
    conj, slot = split_clitic(w)
    if slot is not None:
        return slot
    if w[0] == "ب" and w not in _NOT_BI:
        return "pp_bi"
    if w[0] == "ل" and w not in _NOT_LI:
        return "pp_li"
    return None


# Roots of violence: a noun of these is not done by the subject of a verb of another kind
_VIOLENCE = frozenset({"18", "19", "20"})

# Roots whose addressee is the verb's direct object, named before the complement (دعا X إلى ...)
_ADDRESSEE_FIRST = frozenset({"02", "10"})


def _fused_preposition(word: str) -> bool:
    """A noun that certainly carries the preposition ب/ل: fused with the article (بالعاصمة،
    للمنطقة) or before a title (بوزير). A bare ب/ل-initial noun may be a noun of its own
    (بحيرة، بعثة، برلمان), so it does not count."""
    w = word[1:] if len(word) > 4 and word[0] in "وف" else word
    return w.startswith(("بال", "لل")) or split_clitic(word)[1] is not None


# "the necessity of" and "to" before the action a demand or appeal names (folded)
_NECESSITY = frozenset({"ضروره", "بضروره"})
_TO = frozenset({"الي", "الى", "علي"})


_NOT_BI = frozenset({"بلاده", "بلادها", "بلدان", "بيان", "بيانا", "بحث", "بناء", "بشان", "بعض", "بدوره", "بدورها", "بينما", "بعدما", "بغيه", "بما"})


_NOT_LI = frozenset({"لقاء", "لقاءات", "لدي", "لكن", "لكنه", "لذلك", "لقد", "لاسيما", "لها", "لهم", "لما"})


class Slots:
    """Mixin of the coder (:class:`~.coder._Coder`): slots of one sentence or document."""

    def slot(self, name: str, h: THit, source: list[Party] | None) -> list[Party] | None:
        s = self.s
        verbal = verb_aspect(h) is not None
        if name == "none":
            return []
        if name == "subj":
            if verbal:
                v = self.verb_at.get(h.start)
                return self._resolve(v.subject if v is not None else self.subject_at(h.start))
            if h.trigger.kind == "phrase" or h.form.aspect == "fixed" and h.trigger.kind != "verbal_noun":
                before = self._svo_subject(h.start)
                if before:
                    return before
            gv = self.governing(h.start)
            if gv is not None:
                circumstance = h.start > 0 and self.s.words[h.start - 1] in _CIRCUMSTANCE
                if gv.root in _COMPLEMENT_ROOTS and not circumstance or gv.root is not None \
                        and h.trigger.code[:2] in _VIOLENCE and gv.root not in _VIOLENCE:
                    # (طلب خلال اتصال هاتفي بـ X: the call is the circumstance of the demand, its own deed)
                    # أدانت مصر الهجوم، زار الرئيس موقع التفجير: the subject is not the attacker
                    return self._relative_after(h.end)
                return None if gv.impersonal else self._resolve(gv.subject)
            rel = self._relative_after(h.end)
            if rel is not None:
                return rel
            return None
        if name == "poss":
            p = h.form.pronoun
            if p in ("ه", "ها"):
                return self.referent(h.start)
            if p in ("هما", "هم") and self.ctx is not None:
                return [self._ctx_party(self.ctx.a, "pair"), self._ctx_party(self.ctx.b, "pair")]
            return None
        if name == "gen":
            if h.form.pronoun:
                return None
            return self._bare_after(h.end, 2, source)
        if name == "obj":
            if h.form.pronoun and verbal:
                if source:
                    other = self._other(source[0].side)
                    return [self._ctx_party(other, "context")] if other else None
                return None
            start = h.end
            if source and source[0].actor.start is not None:
                for a in s.args:
                    if a.ws >= h.end and a.start == source[0].actor.start:
                        start = a.we
            if h.trigger.code[:2] in _ADDRESSEE_FIRST and not any(
                    w in _CIRCUMSTANCE for w in self.s.words[start:start + 3]):
                # دعا X إلى، طالب X بـ، حث X على: the addressee stands before the complement (a
                # circumstance first — طلب خلال اتصال هاتفي بـ X — names the addressee inside it)
                return self._bare_after(start, 10, source, stop_at_verb=True, stop_at_prep=True) \
                    or self._doer_after(start, source)
            return self._bare_after(start, 10, source, stop_at_verb=True) or self._affiliated_after(start, source)
        if name == "place":
            j0 = self._after_source(h, source)
            for p in s.places:
                if h.end <= p.ws <= j0 + 6 and p.place.kind != "demonym" and not s.boundary_between(h.end - 1, p.ws, strong=True):
                    party = self.place_party(p, "complement")
                    if party and (not source or party.side not in {x.side for x in source}):
                        return [party]
            return None
        if name == "self":
            return None
        if name == "speaker":
            return self.speaker(h.start)
        if name == "clause":
            return self.clause_subject(h.start)
        if name.startswith("pp_"):
            return self._pp(name, h, source)
        return None

    def _doer_after(self, j0: int, source: list[Party] | None) -> list[Party] | None:
        """A demand or appeal with no addressee of its own, whose complement names who must
        act as the genitive of a verbal noun of doing (``doer_noun`` rows): تطالب واشنطن
        بتخلي كوريا الشمالية عن ...، دعا إلى انسحاب تركيا من ... (issue 11)."""
        s = self.s
        srcs = {p.side for p in source or ()}
        doers = doer_nouns()
        for j in range(j0, min(len(s.words) - 1, j0 + 3)):
            if j > j0 and s.brk[j]:
                return None
            w = s.words[j]
            stem = w
            for pre in ("و", "ف"):
                if stem.startswith(pre) and len(stem) > 4:
                    stem = stem[1:]
            for pre in ("بال", "لل", "ال", "ب", "ل"):
                if stem.startswith(pre) and stem[len(pre):] in doers:
                    stem = stem[len(pre):]
                    break
            if stem not in doers:
                if stem in _NECESSITY or w in _TO:
                    continue  # بضرورة انسحاب، إلى انسحاب
                return None
            a = s.arg_at.get(j + 1)
            if a is None or a.prep is not None or not a.sides or s.brk[j + 1]:
                return None
            got = [p for p in self.parties(a, "complement", chain=True) if p.side not in srcs]
            return got or None
        return None

    def _bare_after(self, j0: int, limit: int, source: list[Party] | None, *, stop_at_verb: bool = False,
                    stop_at_prep: bool = False) -> list[Party] | None:
        s, skip = self.s, skip_words()
        words, brk, arg_at = s.words, s.brk, s.arg_at
        verb_at, place_at, g_at = self.verb_at, self.place_at, self.g_at
        n = len(words)
        srcs = {p.side for p in source or ()}
        j = j0
        spent = 0  # words walked over, not counting the names of parties
        pp_open = -9  # where the last bare preposition stood: its noun phrase is not the object
        while j < n and spent <= limit:
            if limit > 2 and j > j0 and any(g.item.kind == "relative" for g in g_at.get(j, ())):
                # ثمن الدور الذي تقوم به الكويت: the agent of the relative clause qualifies the object
                return self._relative_agent(j, srcs)
            if stop_at_verb and j > j0 and j in verb_at and verb_at[j].aspect != "part":
                return None
            if j > j0 and brk[j] and words[j][:1] in ("و", "ف") and j not in arg_at:
                return None  # "، وبالطبع فإن ...": a new clause
            if stop_at_prep and j not in arg_at and (j in self.prep_at or _clitic_slot(words[j]) is not None):
                return None  # the complement of an appeal or demand begins: no addressee named
            a = arg_at.get(j)
            if a is not None and limit > 2 and a.prep is None and not brk[j] and (
                j == pp_open + 1 or j == pp_open + 2 and pp_open + 1 not in place_at and pp_open + 1 not in self.date_words
            ):
                j = a.we  # على هامش قمة العشرين نظيره: the summit is the preposition's noun
                spent += 1
                continue
            if a is not None:
                if a.prep is None and not a.sides:
                    return None  # the object is an actor of unknown side: nothing further is
                if a.prep is None and a.sides and not set(a.sides) <= srcs:
                    return [p for p in self.parties(a, "object", chain=True) if p.side not in srcs] or None
                if limit <= 2:
                    return None
                j = a.we
                spent += 1
                continue
            if j - j0 < 4 and words[j] in delegate_words():
                j += 1  # اجتماع وزراء خارجية دول X مع ...: the nouns in construct before the party
                continue
            spent += 1
            if limit > 2 and (j in self.prep_at or j > j0 and _fused_preposition(words[j])):
                pp_open = j  # في، من ... or a noun carrying بال/لل (بالعاصمة): its noun phrase is no object
            pl = place_at.get(j)
            if pl is not None and pl.place.kind == "demonym" and limit > 2 and j > j0 and self._bare_head(j - 1):
                party = self.place_party(pl, "object")  # ثمن الجهود الكويتية
                if party is not None and party.side not in srcs:
                    return [party]
            for g in g_at.get(j, ()):
                if g.item.kind in ("pair", "counterpart", "selfref"):
                    cur = source if source else self._resolve(self.subject_at(j))
                    v = self.virtual(g, "speaker" if g.item.kind == "selfref" else "object", cur)
                    if v:
                        v = [p for p in v if p.side not in srcs]
                        return v or None
            if limit <= 2 and words[j] not in skip:
                return None
            j += 1
        return None

    def _relative_agent(self, j: int, srcs: set[str]) -> list[Party] | None:
        """The party named as the agent of the relative clause opened at word j (الجهود التي
        تبذلها مصر، الهجوم الذي نفذته إسرائيل): the first bare party within five words —
        when the clause's verb refers back to the head by a pronoun (تبذلها، نفذته، تقوم به).
        A verb without one has the relative pronoun as its subject, and the party after it is
        its object (الهجوم الذي استهدف السفارة: the embassy is the attacked); a verb of
        undergoing has the head done to its subject (الهجمات التي تعرضت لها الكويت)."""
        s = self.s
        if not self._resumptive(j + 1):
            return None
        for k in range(j + 1, min(len(s.words), j + 6)):
            if s.brk[k]:
                return None
            a = s.arg_at.get(k)
            if a is not None:
                if a.prep is None and a.sides and not set(a.sides) <= srcs:
                    return [p for p in self.parties(a, "object", chain=True) if p.side not in srcs] or None
                return None
            pl = self.place_at.get(k)
            if pl is not None and pl.place.kind == "demonym" and k - 1 > j and self._bare_head(k - 1):
                party = self.place_party(pl, "object")  # التي نفذها مستوطنون إسرائيليون
                return [party] if party is not None and party.side not in srcs else None
        return None

    def _resumptive(self, k: int) -> bool:
        """Whether the verb at word k (right after a relative pronoun) has an agent of its own
        after it: it carries a pronoun referring back to the head (تبذلها، نفذته) or one
        follows it (تقوم به، قامت بها), and it is no verb of undergoing (``undergo`` rows)."""
        s = self.s
        if k >= len(s.words):
            return False
        w = s.words[k]
        items = word_items(w)
        if any(g.kind == "undergo" for _, g in items):
            return False
        if w.endswith(("ه", "ها", "هم", "هما")) and len(w) > 4:
            return True
        return k + 1 < len(s.words) and any(g.item.kind == "pronoun_prep" for g in self.g_at.get(k + 1, ()))

    def _after_source(self, h: THit, source: list[Party] | None) -> int:
        """The word after the source when it is named after the trigger (VSO, a genitive,
        الزيارة التي قام بها X): complements are searched from there."""
        end = h.end
        for src in source or ():
            if src.actor.start is None:
                continue
            for b in self.s.args:
                if b.start <= src.actor.start < b.end and h.end <= b.ws <= h.end + 8:
                    end = max(end, b.we)
        return end

    def _bare_head(self, j: int) -> bool:
        """Whether the noun at word j stands outside a prepositional phrase (الجهود, not
        في العاصمة / بالعاصمة)."""
        s = self.s
        if j < 0 or _clitic_slot(s.words[j]) is not None:
            return False
        return j - 1 not in self.prep_at

    def _affiliated_after(self, j0: int, source: list[Party] | None) -> list[Party] | None:
        """An object that is not an actor but is qualified by one: عدداً من السفراء أعضاء
        الهيئات بمجلس السلم ... بمفوضية الاتحاد الأفريقي (the first party after ب/ل)."""
        s = self.s
        srcs = {p.side for p in source or ()}
        for a in s.args:
            if a.ws < j0 or a.ws > j0 + 10:
                continue
            if any(v.start < a.ws and v.start >= j0 and v.prefix[:1] in ("و", "ف") for v in self.verbs):
                return None
            if a.prep in ("pp_bi", "pp_li", "pp_min") and a.sides and not set(a.sides) <= srcs:
                return [p for p in self.parties(a, "object") if p.side not in srcs] or None
        return None

    def _pp(self, slot: str, h: THit, source: list[Party] | None) -> list[Party] | None:
        """The party in the noun phrase after a preposition opening ``slot`` (مع نظيره،
        بالجهود التي تبذلها أجهزة الأمن المصرية، لنظيره): the first preposition of that kind
        after the trigger whose phrase names a party (of a side other than the source's)."""
        s = self.s
        srcs = {p.side for p in source or ()}
        n = len(s.words)
        j = h.end
        verbal = verb_aspect(h) is not None
        gen_end = self._after_source(h, source)
        if not verbal:  # a noun's complement follows the noun and its genitive (ترحيب الوزارة بـ)
            a = s.arg_at.get(h.end)
            gen_end = max(gen_end, a.we if a is not None else h.end)
        words, arg_at = s.words, s.arg_at
        verb_at, ev_starts, g_at, prep_at = self.verb_at, self.ev_starts, self.g_at, self.prep_at
        clitic = slot in ("pp_bi", "pp_li")
        reach = 12 if not verbal else 20
        while j < n and j - gen_end <= reach:
            vj = verb_at.get(j) if j > h.end else None
            if vj is not None and vj.prefix[:1] in ("و", "ف") and vj.kind != "support":
                break
            if not verbal and (j > gen_end + 10 or j > h.end and j in ev_starts):
                break  # a noun's complement ends where another event noun starts (ترحيب الوزارة واستعدادها)
            a = arg_at.get(j)
            if a is not None:
                if a.prep == slot and a.sides and not set(a.sides) <= srcs:
                    got = [p for p in self.parties(a, "complement", chain=True) if p.side not in srcs]
                    if got:
                        return got
                j = a.we
                continue
            gs = g_at.get(j)
            if gs is not None and any(g.item.kind == "pronoun_prep" and g.item.value == slot for g in gs):
                who = self._resolve(self.subject_at(j))
                who = [p for p in who or () if p.side not in srcs]
                if who:  # استقبال الملك له: "him" is the speaker of the sentence
                    return [self._ctx_party(p, "speaker") for p in who]
            opens = slot in prep_at.get(j, ()) or (clitic and _clitic_slot(words[j]) == slot)
            if opens:
                got = self._phrase_party(j, slot, source, srcs)
                if got:
                    return got
            j += 1
        return None

    def _phrase_party(self, j: int, slot: str, source: list[Party] | None, srcs: set[str]) -> list[Party] | None:
        """The first party of the noun phrase that starts at word j (a preposition word, or a
        noun carrying ب/ل): an actor, a demonym (للجهود المصرية), "both sides", "his
        counterpart"; the phrase ends at a clause mark, another preposition or a verb."""
        s = self.s
        bare_prep = j in self.prep_at
        k = j + 1 if bare_prep else j
        if not bare_prep:
            # the preposition is a clitic on the noun itself: is that noun an actor?
            a = s.arg_at.get(j)
            if a is not None:
                return None
            k = j + 1
        limit = k + 7
        while k < len(s.words) and k < limit:
            if s.brk[k]:
                return None
            if k > j and any(g.item.kind == "relative" for g in self.g_at.get(k, ())):
                return self._relative_agent(k, srcs)  # للهجمات التي تعرضت لها الكويت: see there
            if k + 2 < len(s.words) and (s.words[k], s.words[k + 1]) in _AGENT_MARKERS:
                a = s.arg_at.get(k + 2)  # بابتزاز من قبل واشنطن: the agent of the noun is the party
                if a is not None and a.sides and not set(a.sides) <= srcs:
                    return [p for p in self.parties(a, "complement", chain=True) if p.side not in srcs] or None
                return None
            a = s.arg_at.get(k)
            if a is not None:
                if not a.sides:
                    return None
                if not set(a.sides) <= srcs:
                    return [p for p in self.parties(a, "complement", chain=True) if p.side not in srcs] or None
                k = a.we
                continue
            pl = self.place_at.get(k)
            if pl is not None and pl.place.kind == "demonym":
                party = self.place_party(pl, "complement")
                if party is not None and party.side not in srcs:
                    return [party]
            gs = self.g_at.get(k, ())
            for g in gs:
                if g.item.kind in ("pair", "counterpart", "selfref"):
                    v = self.virtual(g, "complement", source)
                    v = [p for p in v or () if p.side not in srcs]
                    if v:
                        return v
            if k > j + 1 and self.prep_at.get(k, _NO_SLOTS) - _WEAK_SLOTS and not (
                s.words[k] == "من" and any(it.kind == "quantity" for _, it in word_items(s.words[k - 1]))
            ):  # على عدد من المحتجين: من after a quantity word stays in the phrase
                return None
            if k in self.verb_at and self.verb_at[k].kind != "say":
                return None
            k += 1
        return None

    def _relative_after(self, j: int) -> list[Party] | None:
        """الزيارة التي قام بها X: the subject of the verb of the relative clause."""
        if any(g.item.kind == "relative" for g in self.g_at.get(j, ())):
            for v in self.verbs:
                if v.start in (j + 1, j + 2) and v.subject and v.explicit:
                    return v.subject
        return None
