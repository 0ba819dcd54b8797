"""The event coder: sentences with triggers and actors in, CAMEO/PLOVER events out.

How one document is coded (each step is a function below):

1. :func:`~marsad.extract.events.sentences.build_view` reads the body sentences (removed
   lines — mastheads, read-also links, captions — have none) as folded words and maps the
   actor, place and date mentions onto them.
2. :func:`~marsad.extract.events.scan.scan` finds the triggers (``triggers.tsv``) whose
   ``requires``/``forbids`` hold, the frame cues (تلبية لدعوة، على رأس وفد، قام ...) and the
   grammar cues (``event_grammar.tsv``: prepositions, relative pronouns, "both sides" words,
   saying verbs). Overlapping triggers keep the most specific.
3. Every verb of the sentence gets a subject (:meth:`_Coder.subjects`): the noun before a
   relative pronoun (X الذي يقوم بزيارة), a bare actor right before a verb that opens its
   clause (SVO: وزير الداخلية يبحث), else the bare actor right after the verb (VSO: استقبل
   وزير الداخلية ...), else the speaker carried from the previous verb (وأشار، مشيداً).
   An agentless verb (تم، جرى، شهدت الزيارة) has both parties of the current visit or meeting.
4. Each trigger's frame alternatives (``subj>obj``, ``gen>pp_ila`` ...) are tried in order
   (:meth:`_Coder.slot`); the first that yields a source and a target on different sides
   wins. "X و Y" gives one event per pair (at most three parties). Frame cues complete the
   event: the noun after تلبية لدعوة is the host, وفد برئاسة X belongs to X's side. A verb
   of roots 04/05 whose sentence names no target (وأعرب عن تقديره للجهود المبذولة) is
   addressed to the other party of the visit or meeting being reported (flag
   ``context_target``); intent to cooperate needs a named partner (GUIDELINES). A weak
   trigger (priority ≤ 2: وصل، توجه) needs both parties named in its sentence. Triggers in
   the complement of a threat, demand or appeal are not events (هدد بفرض رسوم).
5. Modality (``modality.tsv``): a planned event takes its ``future_code`` (042 → 036), a
   negated, cancelled, conditional or hypothetical one keeps its code and its modality
   (``marsad events`` lists realized and planned events unless ``--all``), a historical one
   keeps its own date only. An imperfect or a noun dated after publication, an imperfect with a weekday
   already past (يتوجه ... مساء الاثنين) and a noun governed by a purpose verb (ليبدأ زيارته)
   are planned.
6. Dates: a date in the sentence (the nearest to the trigger, not inside an actor's name,
   not in a relative clause after it, not a vague one such as منذ سنوات), else a date
   governing it (an earlier date of the same paragraph's story, or of the visit or meeting
   it belongs to), else the publication date — never a date from another story of a
   roundup (story breaks: على صعيد آخر ...), never the publication date for background
   (كان قد / سبق أن).
7. Per document: the two halves of a visit (042 visitor→host, 043 host→visitor) share a
   ``link``; repeated reports of one event merge (``mentions`` counts them; one stated
   intent per pair); talks and meetings of a pair during that pair's visit (or phone call)
   belong to it (EVENT_CODING.md); talks held in one party's city are that party's hosting
   of the other (``visit_from_place``), in a third country they are 044.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import combinations

from ...lexicon.events import EventCode, _word_candidates, event_code, refine
from ...model import Document, Event, EventActor, EventLocation, Evidence
from .modality import Modality, modality_of
from .scan import GHit, THit, first_person, prep_slots, prep_words, resolve_overlaps, scan, verb_aspect
from .sentences import Arg, PlaceRef, Sent, View, build_view
from .topics import sentence_topics, topics_of
from .grammar import skip_words, split_clitic

# Roots whose target, when the sentence names none, is the other party of the interaction
# being reported (talks, praise, agreement): "وأعرب عن تقديره للجهود المبذولة" during a visit
# is addressed to the host. Intent to cooperate needs a named partner (GUIDELINES).
_CONTEXT_ROOTS = frozenset({"04", "05"})
# Codes that belong to a visit of the same pair when both are reported (EVENT_CODING.md)
_ABSORBED_BY_VISIT = frozenset({"040", "046", "043", "042"})
# Words that may open a clause before its subject (إن وزارته حريصة، أن مصر ...)
_CLAUSE_OPENERS = frozenset({"ان", "بان", "وان", "فان", "لان", "كما", "ثم", "حيث", "بينما", "فيما", "اذ", "وقد", "قد", "لقد", "كذلك",
                             "كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "يذكر", "ويذكر"})
_MAX_PARTIES = 3
# "that he / that she" opening a clause whose verb has that pronoun as its subject
_PRONOUN_OPENERS = frozenset({"انه", "انها", "بانه", "بانها", "لانه", "لانها", "وانه", "وانها", "فانه", "فانها"})
_NO_SLOTS: frozenset[str] = frozenset()
_WEAK_SLOTS = frozenset({"-", "pp_fi", "pp_bi", "pp_li"})  # they qualify a noun phrase without ending it  # a coordinated group gives at most this many parties (a summit's protagonists)


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


@dataclass(slots=True)
class _Verb:
    start: int
    end: int
    aspect: str  # perf | impf | part | fixed
    prefix: str
    kind: str  # trigger | say | verb | impersonal | support
    pronoun: str | None = None
    first_person: bool = False  # أزور، نلتقي: the speaker is the subject
    subject: list[Party] | None = None  # resolved parties
    impersonal: bool = False
    explicit: bool = False  # the subject is named in this sentence


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


def find_events(doc: Document) -> list[Event]:
    """Every event of a document (see the module docstring). Needs the document's actors,
    places and dates (the earlier extract stages)."""
    if not doc.sentences:
        return []
    return _Coder(doc).run()


class _Coder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.view: View = build_view(doc)
        self.persons = doc.persons
        self.discourse: list[Party] | None = None  # the speaker carried between sentences
        self.ctx: Ctx | None = None
        self.story = 0
        self.drafts: list[_Draft] = []
        self.para_date: dict[tuple[int, int], tuple[tuple[str | None, str, str], frozenset[str]]] = {}

    # --- the document ------------------------------------------------------------------
    def run(self) -> list[Event]:
        view = self.view
        # the last sentence without a trigger and its scan (its speaker may be needed)
        pending: tuple[int, tuple[list[THit], list[GHit]]] | None = None
        for i in range(len(view)):
            words = view.words(i)
            if not words:
                continue
            scanned = scan(words)
            if not any(h.trigger.kind != "frame" for h in scanned[0]):
                if any(g.item.kind == "break" and g.start <= 2 for g in scanned[1]):
                    self.story += 1
                    self.ctx = None
                    self.discourse = None
                    pending = None
                    continue
                pending = (i, scanned)
                continue
            if pending is not None:  # who spoke last, for a sentence that does not say
                self.sentence(view.sent(pending[0]), code=False, scanned=pending[1])
                pending = None
            self.sentence(view.sent(i), scanned=scanned)
        return self.finish()

    # --- one sentence ------------------------------------------------------------------
    def sentence(self, s: Sent, *, code: bool = True, scanned: tuple[list[THit], list[GHit]] | None = None) -> None:
        thits, ghits = scanned if scanned is not None else scan(s.words)
        self.s = s
        preps = prep_words()
        self.prep_at = {j: prep_slots(w) for j, w in enumerate(s.words) if w in preps}  # bare prepositions
        self.topics: tuple[tuple[int, str], ...] | None = None
        self.g_at: dict[int, list[GHit]] = {}
        for g in ghits:
            self.g_at.setdefault(g.start, []).append(g)
        if any(g.item.kind == "break" and g.start <= 2 for g in ghits):
            self.story += 1
            self.ctx = None
            self.discourse = None
        thits = [h for h in thits if not self._not_an_event(h)]
        self.frames = [h for h in thits if h.trigger.kind == "frame"]
        events = self._complements(resolve_overlaps(thits))
        self.arg_end = {a.we - 1: a for a in s.args}
        self.named = {j for a in s.args for j in range(a.ws, a.we)}  # words of the parties' names
        self.date_words = {j for d in s.dates for j in range(d.ws, d.we)}
        self.place_at = {p.ws: p for p in s.places}
        self.verbs = self._verbs(events, ghits)
        self.verb_at = {v.start: v for v in self.verbs}
        self.subjects()
        self.ev_starts = ev_positions = {h.start for h in events}
        self.tried: dict[int, Ctx | None] = {}
        if code:
            late = [h for h in events if not self.code_hit(h, ev_positions, fallback=False)]
            for h in late:  # the context may have been set by a later trigger of the sentence
                self.code_hit(h, ev_positions, fallback=True)
        # the last explicit subject of the sentence is the speaker of the next one
        for v in reversed(self.verbs):
            if v.explicit and v.subject:
                self.discourse = v.subject
                break

    def _complements(self, events: list[THit]) -> list[THit]:
        """A threat, demand or appeal swallows the action it names (هدد بفرض رسوم، طالب
        بوقف إطلاق النار، دعا إلى الحوار): triggers in its complement are not events."""
        s = self.s
        out: list[THit] = []
        for h in events:
            governed = any(
                g.trigger.code[:2] in ("02", "10", "13") and verb_aspect(g) is not None
                and g.end <= h.start <= g.end + 6 and not s.boundary_between(g.end - 1, h.start)
                for g in events if g is not h
            )
            if not governed:
                out.append(h)
        return out

    def _not_an_event(self, h: THit) -> bool:
        """Readings that cannot report an event: a "verb" right after a preposition is a
        verbal noun (قبل توجهه); a verbal noun with the purpose ل and no article is an
        infinitive of purpose (لزيارة، لمناقشة) — the visit or talks have not happened."""
        s = self.s
        if h.form.aspect in ("perf", "impf") and h.start > 0 and not s.brk[h.start]:
            prev = s.words[h.start - 1]
            if h.start - 1 in self.prep_at and not s.words[h.start - 1].startswith(("و", "ف")):
                return prev not in ("من",)  # من + verb does not occur; keep the odd case
        if h.form.aspect == "noun" and h.prefix in ("ل", "ول", "فل") and h.trigger.code[:2] in ("04", "05"):
            return True
        return False

    def _verbs(self, events: list[THit], ghits: list[GHit]) -> list[_Verb]:
        s = self.s
        verbs: dict[int, _Verb] = {}
        nouns = {h.start for h in events if verb_aspect(h) is None}  # برقية شكر: the noun reading won
        for g in ghits:
            if g.start in nouns:
                continue
            k = g.item.kind
            if k in ("say", "verb", "impersonal") and g.item.aspect in ("perf", "impf", "part", "fixed"):
                aspect = g.item.aspect
                if k != "impersonal" and aspect == "fixed":  # an explicit list of verb forms
                    t = s.words[g.start].removeprefix("و")
                    aspect = "impf" if t[:1] in ("ي", "ت", "ن") and len(t) > 3 else "perf"
                v = _Verb(g.start, g.end, aspect, g.prefix, k, g.item.pronoun, impersonal=k == "impersonal")
                if g.start not in verbs or k == "impersonal":
                    verbs[g.start] = v
        for h in [*events, *self.frames]:
            aspect = verb_aspect(h)
            if aspect is not None:
                kind = "support" if h.trigger.kind == "frame" else "trigger"
                if h.trigger.kind == "frame" and not any(r == "source" for r, _ in h.trigger.roles):
                    continue
                if h.start not in verbs or not verbs[h.start].impersonal:
                    verbs[h.start] = _Verb(h.start, h.end, aspect, h.prefix, kind, h.form.pronoun,
                                           first_person=first_person(h))
        return [verbs[k] for k in sorted(verbs)]

    # --- subjects ------------------------------------------------------------------------
    def subjects(self) -> None:
        current = self.discourse
        for v in self.verbs:
            if v.impersonal:
                v.subject = None
                continue
            if v.aspect == "part" or v.first_person:
                v.subject = self._carried(current)
                continue
            subj = self._relative_subject(v.start)
            if subj is not None:  # الزيارة التي قام بها X: a subject after the verb wins
                after = self._vso_subject(v.end, current)
                if isinstance(after, list) and after:
                    subj = after
            if subj == "inanimate":  # التحديات التي تهدد ...: the subject is not an actor
                v.subject = None
                continue
            if subj is None and v.prefix[:1] not in ("و", "ف"):
                subj = self._svo_subject(v.start)
            if subj is None:
                subj = self._vso_subject(v.end, current)
            if subj is None and v.pronoun and v.kind == "trigger" and v.end < len(self.s.words) \
                    and not self.s.brk[v.end] and self._plain_noun(v.end):
                v.subject = None  # طالبه كثيرون: a subject is named, and it is not an actor
                continue
            if subj == "event":  # شهدت الزيارة توقيع ...: no agent of its own
                v.impersonal = True
                v.subject = None
                continue
            if subj is _PAIR or subj:
                v.subject = subj  # type: ignore[assignment]
                v.explicit = True
                current = v.subject
            else:
                v.subject = self._carried(current)

    def _carried(self, parties: list[Party] | None) -> list[Party] | None:
        if parties is _PAIR or not parties:
            return parties
        return [p if p.actor.basis in ("speaker", "pair", "context") else self._ctx_party(p, "speaker") for p in parties]

    def _relative_subject(self, i: int) -> list[Party] | str | None:
        j = i - 1
        if j >= 0 and any(g.item.kind == "relative" for g in self.g_at.get(j, ())):
            a = self.arg_end.get(j - 1)
            if a is not None:
                return self.parties(a, "subject")
            return "inanimate"
        return None

    def _svo_subject(self, i: int) -> list[Party] | None:
        s, skip = self.s, skip_words()
        j = i - 1
        while j >= 0 and (s.words[j] in skip or j in self.date_words or s.words[j] in ("قد", "لقد")) and i - j <= 3:
            j -= 1
        if j < 0 or s.brk[j + 1]:
            return None
        if s.words[j] in _PRONOUN_OPENERS:  # أنها وقعت: "she" is the last party named before
            for a in reversed(s.args):
                if a.we <= j and a.sides:
                    return self.parties(a, "subject")
            return None
        a = self.arg_end.get(j)
        if a is not None and a.prep is None:
            start = a.ws
            opened = start == 0 or s.brk[start] or s.words[start - 1] in _CLAUSE_OPENERS or s.words[start - 1] == "و"
            if opened:
                return self.parties(a, "subject")
        for g in self.g_at.get(j, ()):
            if g.end == j + 1 and g.item.kind in ("pair", "selfref"):
                if j == 0 or s.brk[j] or s.words[j - 1] in _CLAUSE_OPENERS:
                    return _PAIR if g.item.kind == "pair" else self.virtual(g, "subject")
        return None

    def _vso_subject(self, j0: int, current: list[Party] | None) -> list[Party] | str | None:
        s, skip = self.s, skip_words()
        j, n = j0, len(s.words)
        while j < n and j - j0 <= 5:
            if j > j0 and s.brk[j]:
                return None
            a = s.arg_at.get(j)
            if a is not None:
                return self.parties(a, "subject", chain=True) if a.prep is None else None
            gs = self.g_at.get(j, ())
            for g in gs:
                if g.item.kind == "pair":
                    return _PAIR
                if g.item.kind in ("selfref", "counterpart"):
                    return self.virtual(g, "subject", current)
            if j == j0 and self._event_noun(j):
                return "event"
            anchor = next((g for g in gs if g.item.kind == "anchor"), None)
            if anchor is not None:
                j = anchor.end
                continue
            if s.words[j] in skip or j in self.date_words:
                j += 1
                continue
            # a head noun in construct with the party: يصل قادة الاتحاد الأوروبي، وفد من الشرطة
            w = s.words[j]
            if not w.startswith(("ال", "وال")) and not gs and j not in self.verb_at:
                k = j + 1
                if k < n and s.words[k] == "من" and not s.brk[k]:
                    k += 1
                a = s.arg_at.get(k)
                if a is not None and not s.brk[k] and (a.prep is None or k > j + 1 and a.prep == "pp_min"):
                    return self.parties(a, "subject", chain=True)
            return None
        return None

    def _plain_noun(self, j: int) -> bool:
        """A word that is neither a party, a preposition, a verb, a grammar cue nor a skip
        word (a noun or adjective)."""
        s = self.s
        return (j not in s.arg_at and j not in self.prep_at and j not in self.verb_at and not self.g_at.get(j)
                and s.words[j] not in skip_words() and j not in self.date_words and not s.words[j].isdigit())

    def _event_noun(self, j: int) -> bool:
        """Whether word j names a visit, meeting or talks (the subject of شهدت الزيارة)."""
        w = self.s.words[j]
        return any(
            t.code[:2] == "04" and f.aspect == "noun" and not rest and p in ("", "ال", "و", "وال")
            for p, rest, t, f in _word_candidates(w)
        )

    # --- parties -------------------------------------------------------------------------
    def parties(self, a: Arg, basis: str, *, chain: bool = False) -> list[Party]:
        """The parties an argument stands for (and, with ``chain``, the parties coordinated
        with it: X و Y)."""
        args = [a]
        if chain:
            args += self._coordinated(a)
        out: list[Party] = []
        for arg in args:
            leader = self._leader(arg)
            if leader is not None:
                arg = leader
            for side in arg.sides:
                out.append(Party(self.actor(arg, side, basis), side))
        return self._distinct(out)

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
            if b.ws - cur.we <= 1 and b.conj and b.prep in (None, a.prep):
                cur = b
                if head_explicit is None:
                    head_explicit = any(m.basis == "explicit" and (m.country or m.igo) for m in a.mentions)
                if head_explicit and all(m.basis in ("home_country", "default") for m in b.mentions):
                    continue
                out.append(b)
            elif b.ws >= cur.we:
                break
        return out

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

    def _distinct(self, parties: list[Party]) -> list[Party]:
        seen: set[str] = set()
        out = []
        for p in parties:
            if p.side not in seen:
                seen.add(p.side)
                out.append(p)
        return out

    def actor(self, a: Arg, side: str, basis: str) -> EventActor:
        ms = [m for m in a.mentions if (m.country or m.igo) == side] or a.mentions
        best = max(ms, key=lambda m: (m.person is not None, len(m.code) > 3, m.rank is None, -(m.rank or 9)))
        person = next((self.persons[m.person].name for m in ms if m.person is not None and m.person < len(self.persons)), None)
        role = best.role or next((m.role for m in ms if m.role), None)
        code = best.code if len(best.code) > 3 or not role else best.code
        start = min(m.start for m in ms)
        end = max(m.end for m in ms)
        if len(ms) == len(a.mentions):
            start, end = a.start, a.end
        country = best.country if best.country else None
        igo = best.igo if best.igo else None
        if not country and not igo:
            country = side if len(side) == 3 else None
            igo = None if country else side
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

    # --- frames --------------------------------------------------------------------------
    def governing(self, i: int) -> _Verb | None:
        """The verb governing a nominal trigger at word i: the nearest verb before it in its
        clause (within 10 words)."""
        # nearest verb first; the gap and the boundary only grow with distance, so the first
        # verb that fails either ends the search (linear in the distance, not the sentence)
        named = self.named
        for v in reversed(self.verbs):
            if v.start >= i:
                continue
            gap = 0
            for j in range(v.end, i):
                if j not in named:  # a long name is not distance
                    gap += 1
                    if gap > 10:
                        return None
            if self.s.boundary_between(v.start, i, strong=True):
                return None
            return v
        return None

    def subject_at(self, i: int) -> list[Party] | None:
        """Who "he" is at word i: the subject of the latest verb before it, else the speaker."""
        cur = self.discourse
        for v in self.verbs:
            if v.start >= i:
                break
            if v.subject:
                cur = v.subject
        return self._resolve(cur)

    def _resolve(self, parties: list[Party] | None) -> list[Party] | None:
        """The parties of a subject, with "both sides" resolved now."""
        if parties is _PAIR:
            return self._pair()
        return parties

    def referent(self, i: int) -> list[Party] | None:
        """Who "his" is at word i: the subject of the verb governing it, else the last party
        named before it in the sentence, else the speaker."""
        gv = self.governing(i)
        if gv is not None and gv.subject:
            return self._resolve(gv.subject)
        last = None
        for a in self.s.args:
            if a.we <= i and a.sides and (a.prep is None or last is None):
                last = a
        if last is not None:
            return [self._ctx_party(p, "speaker") for p in self.parties(last, "subject")]
        return self._carried(self.subject_at(i))

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
        if name.startswith("pp_"):
            return self._pp(name, h, source)
        return None

    def _bare_after(self, j0: int, limit: int, source: list[Party] | None, *, stop_at_verb: bool = False) -> list[Party] | None:
        s, skip = self.s, skip_words()
        words, brk, arg_at = s.words, s.brk, s.arg_at
        verb_at, place_at, g_at = self.verb_at, self.place_at, self.g_at
        n = len(words)
        srcs = {p.side for p in source or ()}
        j = j0
        spent = 0  # words walked over, not counting the names of parties
        while j < n and spent <= limit:
            if stop_at_verb and j > j0 and j in verb_at and verb_at[j].aspect != "part":
                return None
            if j > j0 and brk[j] and words[j][:1] in ("و", "ف") and j not in arg_at:
                return None  # "، وبالطبع فإن ...": a new clause
            a = arg_at.get(j)
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
            spent += 1
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
            if k > j + 1 and self.prep_at.get(k, _NO_SLOTS) - _WEAK_SLOTS:
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

    # --- coding one trigger ----------------------------------------------------------------
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
                    for a, b in combinations(ps[:_MAX_PARTIES], 2):
                        if a.side != b.side:
                            found.append((a, b, "plural"))
                    if found:
                        break
                continue
            if fr.source not in sources:
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
                    if a.side != b.side:
                        found.append((a, b, "frame"))
            if found:
                break
        if t.priority <= 2:  # a weak trigger (وصل، توجه، وعد) needs parties named in its sentence
            found = [f for f in found if f[0].actor.basis not in ("speaker", "context") and (f[1] is None or f[1].actor.basis != "context")]
        if not found:
            if not fallback:
                return False
            found = self._fallback(h, ec)
            basis_note = "fallback"
        if not found:
            return True
        found = self._frame_cues(h, found)
        mod = self._tense(h, modality_of(self.s, h, self.g_at))
        for src, tgt, how in found:
            self._draft(h, ec, src, tgt, how, basis_note, mod)
        return True

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
        if ec.root in _CONTEXT_ROOTS and self.ctx is not None and self._ctx_current():
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
        code = ec.code
        flags: list[str] = []
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
        if d.code not in ("040", "046") or d.target is None or d.modality.modality != "realized" or loc is None:
            return
        if loc.basis != "stated" or not loc.country:
            return
        src, tgt = d.source, d.target
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

    # --- dates -------------------------------------------------------------------------
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

    # --- location ------------------------------------------------------------------------
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
            if p.place.kind != "city" or abs(p.ws - h.start) > 14:
                continue
            if s.boundary_between(min(p.ws, h.start), max(p.ws, h.start), strong=True):
                continue
            w = s.words[p.ws]
            lead = w[: max(0, self.view.norm.norm_pos(p.place.start) - s.nstart[p.ws])]
            prev = s.words[p.ws - 1] if p.ws > 0 else ""
            if lead.endswith(("ب", "في")) or prev in ("في", "فى", "بمدينة", "مدينة", "بالعاصمة", "العاصمة") or w.startswith("ب"):
                pl = p.place
                return EventLocation(pl.country, pl.text, pl.start, pl.end, "stated")
        return None

    # --- the document pass ----------------------------------------------------------------
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
        ahead = [d for d in self.drafts if d.code == "036" and d.target is not None and d.date[2] == "sentence"
                 and d.date[0] and d.date[0][: len(pub)] >= pub[: len(d.date[0])]]
        if not ahead:
            return
        for d in self.drafts:
            if d.code == "042" and d.target is not None and d.modality.modality == "realized" and d.date[2] != "sentence" \
                    and verb_aspect(d.hit) in ("impf", None) and not d.modality.historical:
                if any(a.source.side == d.source.side and a.target.side == d.target.side for a in ahead if a.target):  # type: ignore[union-attr]
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
            if d.code == "036" and d.target is not None and d.date[2] != "sentence":
                # a planned meeting of a pair whose visit is under way, with no date of its own,
                # is the visit's programme (وستتناول المحادثات التي سيجريها ...)
                pair = {d.source.side, d.target.side}
                if any({v.source.side, v.target.side} == pair and v.story == d.story for v in visits):  # type: ignore[union-attr]
                    continue
            if d.code == "036" and d.target is not None and d.target.actor.basis == "complement" and d.hit.trigger.code == "042":
                # سيزور غداً مدينة جرش: a planned trip to a place in the country being visited
                if any(v.story == d.story and v.target is not None and _visitor_host(v) == (d.source.side, d.target.side) for v in visits):
                    continue
            if d.target is not None and d.code in _ABSORBED_BY_VISIT and d.modality.modality == "realized":
                pair = {d.source.side, d.target.side}
                host = next((v for v in visits if v is not d and {v.source.side, v.target.side} == pair  # type: ignore[union-attr]
                             and _dates_compatible(v.date, d.date) and (d.code not in ("042", "043") or v in out)
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


@lru_cache(maxsize=1 << 15)
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


_NOT_BI = frozenset({"بلاده", "بلادها", "بلدان", "بيان", "بيانا", "بحث", "بناء", "بشان", "بعض", "بدوره", "بدورها", "بينما", "بعدما", "بغيه", "بما"})
_NOT_LI = frozenset({"لقاء", "لقاءات", "لدي", "لكن", "لكنه", "لذلك", "لقد", "لاسيما", "لها", "لهم", "لما"})


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
    return pair_ok and _dates_compatible(a.date, b.date)


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
