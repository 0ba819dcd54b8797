"""The event coder: sentences with triggers and actors in, CAMEO/PLOVER events out.

The coder is one class composed of mixins, one module per concept:
:mod:`.clauses` (verbs, subjects, attribution frames), :mod:`.parties` (who an argument
stands for), :mod:`.slots` (a trigger's argument frame filled from its clause),
:mod:`.modality` (planned, negated, cancelled, conditional, hypothetical, background),
:mod:`.timing` (an event's date and tense), :mod:`.coding` (one trigger to draft events),
:mod:`.conflict` (the real parties of protests, arrests and attacks) and :mod:`.document`
(the per-document pass).

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
6. Dates (:mod:`.timing`): the clause's own time expression (the nearest date to the
   trigger, not inside an actor's name, not in a relative clause or participle phrase that
   qualifies another noun, not a vague one such as منذ سنوات; a date of the attribution
   frame — قال X الأحد إن — only when the reported clause has none), else a date governing
   it (an earlier date of the same paragraph's story, or of the visit or meeting it belongs
   to), else the story's news day (the day its text names most, or the day before
   publication for a morning daily), else the publication date — never a date from another
   story of a roundup (story breaks: على صعيد آخر ...), never the publication date for
   background (كان قد / سبق أن).
7. Per document: the two halves of a visit (042 visitor→host, 043 host→visitor) share a
   ``link``; repeated reports of one event merge (``mentions`` counts them; one stated
   intent per pair); talks and meetings of a pair during that pair's visit (or phone call)
   belong to it (EVENT_CODING.md); talks held in one party's city are that party's hosting
   of the other (``visit_from_place``), in a third country they are 044.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ...model import Document, Event
from .clauses import Clauses, _Verb  # noqa: F401  (re-exported for tests)
from .coding import Coding, _Draft
from .conflict import Conflict
from .document import DocumentPass
from .parties import Ctx, Parties, Party  # noqa: F401
from .scan import GHit, THit, prep_slots, prep_words, resolve_overlaps, scan
from .sentences import Sent, View, build_view
from .slots import Slots, _clitic_slot  # noqa: F401
from .timing import Timing


# quotation marks of a quotation going on over sentences (the straight " toggles)
_OPEN_QUOTES = frozenset("«“")
_CLOSE_QUOTES = frozenset("»”")
_QUOTE_PARAGRAPHS = 3
_QUOTE_MARK = re.compile('[«»“”"]')


def _says(ghits: list[GHit]) -> bool:
    """Whether a sentence's grammar cues hold a saying verb or a quoting noun."""
    return any(g.item.kind in ("say", "quote") for g in ghits)


def find_events(doc: Document) -> list[Event]:
    """Every event of a document (see the module docstring). Needs the document's actors,
    places and dates (the earlier extract stages)."""
    if not doc.sentences:
        return []
    return _Coder(doc).run()


class _Coder(Clauses, Parties, Slots, Timing, Coding, Conflict, DocumentPass):
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.view: View = build_view(doc)
        self.persons = doc.persons
        self.discourse: list[Party] | None = None  # the speaker carried between sentences
        # the attribution frame carried between sentences: who said the last thing reported, where
        # that sentence starts and its paragraph; ``quoted`` is that speaker while the quotation
        # it opened is still open (a quotation going on over sentences and paragraphs)
        self.frame_speaker: list[Party] | None = None
        self.frame_at: tuple[int, int] = (0, 0)
        self._marks: list[tuple[int, str]] | None = None  # the quotation marks of the text, read once
        self._mark_at: list[int] = []
        self._quotes: tuple[int, int, bool] = (0, 0, False)  # where the count of quotation marks stopped, depth, straight "
        self.quoted: list[Party] | None = None
        self.ctx: Ctx | None = None
        self.story = 0
        self.drafts: list[_Draft] = []
        self.para_date: dict[tuple[int, int], tuple[tuple[str | None, str, str], frozenset[str]]] = {}

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
                    self.discourse = self.frame_speaker = None
                    pending = None
                    continue
                if pending is not None and _says(pending[1][1]):  # a speaker named there goes on
                    self.sentence(view.sent(pending[0]), code=False, scanned=pending[1])
                pending = (i, scanned)
                continue
            if pending is not None:  # who spoke last, for a sentence that does not say
                self.sentence(view.sent(pending[0]), code=False, scanned=pending[1])
                pending = None
            self.sentence(view.sent(i), scanned=scanned)
        return self.finish()

    def sentence(self, s: Sent, *, code: bool = True, scanned: tuple[list[THit], list[GHit]] | None = None) -> None:
        thits, ghits = scanned if scanned is not None else scan(s.words)
        self.s = s
        preps = prep_words()
        self.prep_at = {j: prep_slots(w) for j, w in enumerate(s.words) if w in preps}  # bare prepositions
        self.topics: tuple[tuple[int, str], ...] | None = None
        self.g_at: dict[int, list[GHit]] = {}
        self.abstract_at: set[int] = set()  # nouns that name no actor (event_grammar.tsv, kind abstract)
        for g in ghits:
            if g.item.kind == "abstract":
                self.abstract_at.add(g.start)
                continue
            self.g_at.setdefault(g.start, []).append(g)
        if any(g.item.kind == "break" and g.start <= 2 for g in ghits):
            self.story += 1
            self.ctx = None
            self.discourse = self.frame_speaker = None
        self.quoted = self.frame_speaker if self.frame_speaker and self._quote_open(s) else None
        thits = [h for h in thits if not self._not_an_event(h)]
        self.frames = [h for h in thits if h.trigger.kind == "frame"]
        if s.places:
            self._capital_parties(thits, ghits)
        self.arg_end = {a.we - 1: a for a in s.args}
        self.named = {j for a in s.args for j in range(a.ws, a.we)}  # words of the parties' names
        events = self._complements(resolve_overlaps(thits))
        self.date_words = {j for d in s.dates for j in range(d.ws, d.we)}
        self.place_at = {p.ws: p for p in s.places}
        self.verbs = self._verbs(events, ghits)
        self.verb_at = {v.start: v for v in self.verbs}
        self.subjects()
        self.ev_starts = ev_positions = {h.start for h in events}
        self.trig_at = {h.start: h for h in events}
        self.tried: dict[int, Ctx | None] = {}
        if code:
            late = [h for h in events if not self.code_hit(h, ev_positions, fallback=False)]
            for h in late:  # the context may have been set by a later trigger of the sentence
                self.code_hit(h, ev_positions, fallback=True)
        self._carry_frame(s)

    def _carry_frame(self, s: Sent) -> None:
        """Who the next sentence goes on about. A sentence that reports speech (قال X إن Y
        ...) hands on its speaker, not the subject named inside what was said: the next
        وأضاف، وتابع، وأشار is X's, and a quotation X opened goes on as X's until it closes.
        A sentence of the narrator's own with a named subject (واستقبل الرئيس ...) ends the
        frame, and its subject is the one carried (issue 11)."""
        said = next((v for v in reversed(self.verbs) if v.kind == "say" and v.subject), None)
        if said is not None:
            self.discourse = self.frame_speaker = said.subject
            self.frame_at = (s.start, s.paragraph)
            self._quotes = (s.start, 0, False)
            return
        named = next((v for v in reversed(self.verbs) if v.explicit and v.subject), None)
        if named is not None:
            self.discourse = named.subject
            self.frame_speaker = None

    def _quote_open(self, s: Sent) -> bool:
        """Whether sentence s stands inside a quotation opened since the attribution frame's
        sentence (« » and “ ” pair up; a straight " toggles), at most three paragraphs on."""
        start, para = self.frame_at
        if s.paragraph - para > _QUOTE_PARAGRAPHS or s.start <= start:
            return False
        # the marks are counted once: from where the last count stopped (the frame's sentence at first)
        pos, depth, straight = self._quotes
        if pos > s.start:
            pos, depth, straight = start, 0, False
        if self._marks is None:
            self._marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(self.doc.text)]
            self._mark_at = [k for k, _ in self._marks]
        marks = self._marks
        for k in range(bisect_left(self._mark_at, pos), bisect_left(self._mark_at, s.start)):
            ch = marks[k][1]
            if ch in _OPEN_QUOTES:
                depth += 1
            elif ch in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
            else:
                straight = not straight
        self._quotes = (s.start, depth, straight)
        return depth > 0 or straight
