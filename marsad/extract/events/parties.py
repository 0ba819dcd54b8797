"""Parties: who an argument of a clause stands for. An :class:`~.sentences.Arg` (consecutive
actor mentions) becomes one :class:`Party` per side (state, organisation, or a non-state group
of a country); coordinated arguments (X و Y), a delegation's leader (وفد برئاسة X), "both
sides", "his country", "his counterpart" and the interaction being reported (:class:`Ctx`)
are resolved here."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import EventActor
from .scan import GHit, THit, verb_aspect
from .sentences import NONSTATE_TYPES, Arg, PlaceRef, _side, side_country


_MAX_PARTIES = 3


def _courtesy(word: str) -> bool:
    """An honorific (أصحاب، السمو، والمعالي) or a construct noun of delegates (وزراء، دول),
    with or without و: words that may stand before the party a بين phrase names."""
    from .grammar import delegate_words, skip_words

    skip, delegates = skip_words(), delegate_words()
    if word in skip or word in delegates:
        return True
    return len(word) > 3 and word[0] == "و" and (word[1:] in skip or word[1:] in delegates)


# "the envoy of X": X's side acts through someone else (folded forms)
_ENVOY = frozenset({"موفد", "الموفد", "وموفد", "مبعوث", "المبعوث", "ومبعوث", "ممثل", "الممثل", "وممثل", "مندوب", "المندوب",
                    "رسول", "موفدا", "مبعوثا", "ممثلا", "مندوبا"})


@dataclass(slots=True)
class Party:
    """A resolved party: the actor record and the side (state or organisation) it is on."""

    actor: EventActor
    side: str


# "both sides" as a subject (الجانبان، البلدان): resolved when the trigger is coded, since an
# earlier trigger of the same sentence may be the interaction it refers to
_PAIR: list[Party] = []


@dataclass(slots=True)
class Ctx:
    """The interaction being reported: visitor/initiator ``a`` and host/partner ``b``, the
    story it belongs to, and its date."""

    a: Party
    b: Party
    story: int
    paragraph: int
    date: tuple[str | None, str, str] = (None, "none", "none")  # value, precision, basis
    sentence: int = 0  # the last sentence that reported it


class Parties:
    """Mixin of the coder (:class:`~.coder._Coder`): parties of one sentence or document."""

    def parties(self, a: Arg, basis: str, *, chain: bool = False) -> list[Party]:
        """The parties an argument stands for (and, with ``chain``, the parties coordinated
        with it: X و Y)."""
        args = [a]
        if chain:
            args += self._coordinated(a)
        out: list[Party] = []
        for arg in args:
            leader = self._leader(arg) or self._office_of(arg)
            if leader is not None:
                arg = leader
            sender = self._envoy_of(arg)
            if sender is not None:
                arg = sender
            for side in arg.sides:
                out.append(Party(self.actor(arg, side, basis), side))
        return self._distinct(out)

    def _envoy_of(self, a: Arg) -> Arg | None:
        """المبعوث الخاص للأمم المتحدة إلى سورية: an envoy, representative or delegate named
        by office, then ل + the state or organisation he stands for, is on that side (not the
        side of the country he is sent to) (issue 11)."""
        s = self.s
        if s.words[a.ws] not in _ENVOY or a.ws + 3 < a.we:
            return None
        b = s.arg_at.get(a.we)
        if b is None or b.prep != "pp_li" or not b.sides or s.brk[a.we]:
            return None
        return b

    def _coordinated(self, a: Arg) -> list[Arg]:
        """Parties coordinated with ``a`` (X و Y). A conjunct whose affiliation is only
        the article's home country, after one named with its own, is not a party of its own
        (محافظ عدن ... ومدير مكتب رئاسة الجمهورية: the same side)."""
        s = self.s
        out = []
        cur = a
        head_explicit: bool | None = None  # read only when a conjunct follows (most parties have none)
        for b in s.args:
            if b.ws < cur.we or len(out) >= _MAX_PARTIES - 1:
                continue
            if (b.ws - cur.we <= 1 and b.conj or self._courtesy_conj(cur.we, b.ws)) and b.prep in (None, a.prep):
                cur = b
                if head_explicit is None:
                    head_explicit = any(m.basis == "explicit" and (m.country or m.igo) for m in a.mentions)
                if head_explicit and all(m.basis in ("home_country", "default") for m in b.mentions):
                    continue
                out.append(b)
            elif b.ws >= cur.we:
                break
        return out

    def _courtesy_conj(self, i: int, j: int) -> bool:
        """Whether words [i, j) are و + honorifics before a conjunct (ومعالي وزير، وسمو الأمير)."""
        words = self.s.words
        return 0 < j - i <= 3 and words[i][:1] == "و" and not any(self.s.brk[k] for k in range(i + 1, j)) \
            and all(_courtesy(words[k]) for k in range(i, j))

    def _leader(self, a: Arg) -> Arg | None:
        """وفد برئاسة X: the delegation belongs to X's side."""
        for h in self.frames:
            if h.trigger.id == "04.biriasa" and a.we <= h.start <= a.we + 2:
                b = self.s.arg_at.get(h.end) or self.s.arg_at.get(h.end + 1)
                if b is not None and b.sides and (
                    not a.sides or any(m.basis == "explicit" and (m.country or m.igo) for m in b.mentions)
                ):
                    return b
        return None

    def _office_of(self, a: Arg) -> Arg | None:
        """(verbal branch) An envoy or representative whose side is only the article's home
        country, followed by ل + a party named with its own side, is that party's (الممثل الخاص
        للأمم المتحدة: the UN's representative, not the home country's)."""
        if not a.mentions or any(m.basis not in ("home_country", "default") for m in a.mentions):
            return None
        if self.s.words[a.ws] not in _ENVOY:
            return None  # وزير الدفاع للأردن: ل after another office is a destination
        b = self.s.arg_at.get(a.we)
        if b is not None and b.prep == "pp_li" and b.sides \
                and any(m.basis == "explicit" and (m.country or m.igo) for m in b.mentions):
            return b
        return None

    def _distinct(self, parties: list[Party]) -> list[Party]:
        seen: set[str] = set()
        out = []
        for p in parties:
            if p.side not in seen:
                seen.add(p.side)
                out.append(p)
        return out

    def actor(self, a: Arg, side: str, basis: str) -> EventActor:
        ms = [m for m in a.mentions if _side(m) == side] or a.mentions
        best = max(ms, key=lambda m: (m.person is not None, len(m.code) > 3, m.rank is None, -(m.rank or 9)))
        person = next((self.persons[m.person].name for m in ms if m.person is not None and m.person < len(self.persons)), None)
        if a.ws > 0 and self.s.words[a.ws - 1] in _ENVOY:
            person = None  # موفد خادم الحرمين: the king's envoy acts, not the king
        role = best.role or next((m.role for m in ms if m.role), None)
        code = best.code if len(best.code) > 3 or not role else best.code
        start = min(m.start for m in ms)
        end = max(m.end for m in ms)
        if len(ms) == len(a.mentions):
            start, end = a.start, a.end
        country = best.country if best.country else None
        igo = best.igo if best.igo else None
        if not country and not igo:
            country = side_country(side)
            igo = None if country or side in NONSTATE_TYPES or side[3:] in NONSTATE_TYPES else side
        return EventActor(self.doc.text[start:end], start, end, code, country, igo, role, person, basis)

    def place_party(self, p: PlaceRef, basis: str) -> Party | None:
        side = p.place.country or p.place.igo
        if side is None:
            return None
        pl = p.place
        return Party(EventActor(pl.text, pl.start, pl.end, pl.code, pl.country, pl.igo, None, None, basis), side)

    def virtual(self, g: GHit, basis: str, current: list[Party] | None = None) -> list[Party] | None:
        """"Both sides", "his country", "his counterpart" as parties (from the context)."""
        k = g.item.kind
        if k == "pair":
            if self.ctx is None:
                return None
            return [self._ctx_party(self.ctx.a, "pair"), self._ctx_party(self.ctx.b, "pair")]
        if k == "selfref":
            cur = current if current is not None else self.discourse
            if cur:
                return [self._ctx_party(cur[0], basis)]
            return None
        if k == "counterpart":
            cur = current if current is not None else self.discourse
            if cur and self.ctx is not None:
                other = self._other(cur[0].side)
                return [self._ctx_party(other, "context")] if other else None
        return None

    def _ctx_party(self, p: Party, basis: str) -> Party:
        a = p.actor  # dataclasses.replace(a, basis=basis), without its per-call field walk
        return Party(EventActor(a.text, a.start, a.end, a.code, a.country, a.igo, a.role, a.person, basis), p.side)

    def _other(self, side: str) -> Party | None:
        c = self.ctx
        if c is None:
            return None
        if c.a.side == side:
            return c.b
        if c.b.side == side:
            return c.a
        return None

    def plural(self, h: THit) -> list[Party] | None:
        """Every party of a coordinated phrase: الجانبان، X و Y، بين X و Y."""
        s = self.s
        verbal = verb_aspect(h) is not None
        groups: list[list[Party] | None] = []
        named = self._between_parties(h)  # بين X و Y names the parties: it comes first
        if named:
            groups.append(named)
        if verbal:
            v = self.verb_at.get(h.start)
            if v is not None:
                if v.impersonal and self.ctx is not None:
                    groups.append(self._pair())
                if v.subject is _PAIR or v.explicit:
                    groups.append(self._resolve(v.subject))
        else:
            gv = self.governing(h.start)
            if gv is not None:
                if gv.impersonal and self.ctx is not None:
                    groups.append(self._pair())
                else:
                    groups.append(self._resolve(gv.subject))
            groups.append(self._bare_after(h.end, 2, None))
        for g in groups:
            if g and len({p.side for p in g}) >= 2:
                return g
        if not verbal and h.trigger.code[:2] == "03":  # an agreement between the two sides the sentence names
            return self._named_pair()
        return None

    def _named_pair(self) -> list[Party] | None:
        """The two sides a sentence names, when it names exactly two (البيان المشترك بين الجانبين
        السعودي والأردني المتضمن الاتفاق على تعزيز العلاقات السعودية الأردنية)."""
        s = self.s
        by_side: dict[str, Party] = {}
        for a in s.args:
            for p in self.parties(a, "pair"):
                by_side.setdefault(p.side, p)
        for pl in s.places:
            if pl.place.kind == "demonym" and pl.ws not in s.arg_at:
                p = self.place_party(pl, "pair")
                if p is not None:
                    by_side.setdefault(p.side, p)
        return list(by_side.values()) if len(by_side) == 2 else None

    def _between_parties(self, h: THit) -> list[Party] | None:
        """بين X و Y after the trigger (for a verb, only when its subject is "both sides":
        البلدان وقعا ... بين مصر والسعودية), or بين الجانبين."""
        s = self.s
        if verb_aspect(h) is not None:
            v = self.verb_at.get(h.start)
            if v is None or v.subject is not _PAIR:
                return None
        for j in range(h.end, min(len(s.words), h.end + 12)):
            if "pp_bayn" in self.prep_at.get(j, ()):
                a = s.arg_at.get(j + 1)
                k = j + 1  # بين وزراء خارجية دول مجلس التعاون ووزير ...: nouns in construct before the party
                while a is None and k < j + 7 and k < len(s.words) and not s.brk[k] and k not in self.prep_at \
                        and k not in self.verb_at and not self.g_at.get(k) and (
                            _courtesy(s.words[k]) or k < j + 4 and not s.words[k].startswith(("ال", "وال"))):
                    # بين أصحاب السمو والمعالي وزراء خارجية ...: honorifics too
                    k += 1
                    a = s.arg_at.get(k)
                if a is not None:
                    got = self.parties(a, "complement", chain=True)
                    if len({p.side for p in got}) >= 2:
                        return got
                if any(g.item.kind == "pair" for g in self.g_at.get(j + 1, ())):
                    return self._pair()
                return None
        return None

    def _pair(self) -> list[Party] | None:
        if self.ctx is None:
            return None
        return [self._ctx_party(self.ctx.a, "pair"), self._ctx_party(self.ctx.b, "pair")]
