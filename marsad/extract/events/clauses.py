"""Clauses: the verbs of a sentence and their subjects — the predicate-argument reading the
coder builds events on. A verb's subject is the noun before a relative pronoun (X الذي يقوم
بزيارة), a bare actor opening the clause before it (SVO), the bare actor right after it
(VSO), else the speaker carried from the previous clause (وأشار، مشيداً). A nominal trigger is
governed by the nearest verb of its clause (قام بزيارة، ألغى زيارته). Triggers in the
complement of a threat, demand or appeal are not events (هدد بفرض رسوم)."""

from __future__ import annotations

from dataclasses import dataclass

from ...lexicon.events import _word_candidates
from ...text.normalize import fold
from ...model import ActorMention
from .grammar import agent_words, capital_name, delegate_words, masculine_names, skip_words, title_heads
from .parties import _PAIR, Party
from .sentences import Arg
from .scan import GHit, THit, first_person, verb_aspect, verb_gender


# Words that may open a clause before its subject (إن وزارته حريصة، أن مصر ...)
_CLAUSE_OPENERS = frozenset({"ان", "بان", "وان", "فان", "لان", "كما", "ثم", "حيث", "بينما", "فيما", "اذ", "وقد", "قد", "لقد", "كذلك",
                             "كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "يذكر", "ويذكر"})


# words that open a circumstance (when, where) rather than a complement: a trigger right after
# one is not what a demand, threat or appeal asks for (طالب خلال اتصال هاتفي بـ ...) (issue 11)
_CIRCUMSTANCE = frozenset({"خلال", "وخلال", "اثناء", "واثناء", "عقب", "وعقب", "اثر", "بعد", "وبعد", "لدي", "ابان", "هامش"})


# أن/إن opening a complement clause (folded): no verb's subject stands after it
_COMPLEMENTIZERS = frozenset({"ان", "بان", "وان", "فان", "انه", "انها", "بانه", "بانها", "وانه", "وانها"})


# words opening a sentence in which the other party of the interaction takes its turn (folded)
_TURN_ONE = frozenset({"بدوره", "بدورها", "وبدوره", "وبدورها"})
_TURN_TWO = frozenset({(a, b) for a in ("من", "ومن") for b in ("جهته", "جهتها", "جانبه", "جانبها", "ناحيته", "ناحيتها")}
                      | {("في", "المقابل"), ("وفي", "المقابل")})


# words after which a verb opens a condition (إذا تخلت واشنطن، في حال هاجمت، ما لم تتراجع) (folded)
_CONDITION_OPENERS = frozenset({"اذا", "واذا", "لو", "ولو", "حال", "حاله", "لم"})


# a preposition with a pronoun that may stand between a verb and its subject (folded)
_RESUMPTIVE = frozenset({"فيها", "فيه", "فيهما", "فيهم", "له", "لها", "لهما", "لهم", "عليه", "عليها", "عليهم", "منه", "منها",
                         "بها", "به", "خلالها", "خلاله"})


# كان and its forms (وكان X قد ...: the subject stands between كان and قد)
_KANA = frozenset({"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "كانا", "كانوا", "وكانا", "وكانوا"})
# particles after which a noun is the subject of the verb that follows it
_SUBJECT_OPENERS = frozenset({"ان", "بان", "وان", "فان", "لان", "كان", "كانت", "وكان", "وكانت"})
# "that he / that she" opening a clause whose verb has that pronoun as its subject
_PRONOUN_OPENERS = frozenset({"انه", "انها", "بانه", "بانها", "لانه", "لانها", "وانه", "وانها", "فانه", "فانها"})


@dataclass(slots=True)
class _Verb:
    start: int
    end: int
    aspect: str  # perf | impf | part | fixed
    prefix: str
    kind: str  # trigger | say | verb | impersonal | support | perform | undergo (material conflict: conflict.py)
    pronoun: str | None = None
    first_person: bool = False  # أزور، نلتقي: the speaker is the subject
    subject: list[Party] | None = None  # resolved parties
    impersonal: bool = False
    explicit: bool = False  # the subject is named in this sentence
    gender: str | None = None  # "m" | "f" for a 3rd-person singular trigger verb (subject agreement)
    root: str | None = None  # the CAMEO root of a trigger verb


# The phrases that name the agent of a passive verb (folded): من قبل، على يد، على أيدي
_AGENT_MARKERS = frozenset({("من", "قبل"), ("علي", "يد"), ("علي", "ايدي"), ("على", "يد"), ("على", "ايدي")})

def s_first(word: str) -> bool:
    """A preposition of circumstance that opens a clash phrase (في، خلال: في اشتباكات مع X)."""
    return word in ("في", "خلال", "وفي", "وخلال")


# Roots of killing and wounding verbs (قتل، أصيب) whose passive names its agent by the instrument
# of the hand (برصاص X، بنيران X)
_CASUALTY_ROOTS = frozenset({"18", "19", "20"})

# Roots of appeals, demands, accusations, rejections and threats: their verbal nouns report a
# statement only as predicates (أعرب عن إدانته، وجه انتقادات)
_SAYING_ROOTS = frozenset({"02", "10", "11", "12", "13"})

# Roots of verbs whose complement clause is what they demand, accuse of, reject, threaten or call
# for: the clause is not a separate deed, and its nouns do not borrow the verb's subject.
_COMPLEMENT_ROOTS = frozenset({"02", "10", "11", "12", "13"})


def _agrees(gender: str, a) -> bool:  # type: ignore[no-untyped-def]
    """Whether a verb of this gender can have the party ``a`` as its subject. Only a state's
    own name tells: most are feminine (أدانت مصر), a few masculine (أدان العراق:
    ``masculine`` rows of event_grammar.tsv); officials and offices may be either."""
    m = a.mentions[0]
    if m.kind == "person":
        return True  # a name tells nothing reliable (حمزة، أسامة are men's names)
    if m.kind == "country":
        name = fold(m.text)
        masculine = any(name == x or name.endswith(x) and name[: -len(x)] in ("و", "ف") for x in masculine_names())
        return gender == ("m" if masculine else "f")
    # an office, institution, organisation or group whose head noun is marked feminine (الحكومة،
    # السلطات، وزيرة) is not the subject of a masculine verb; an unmarked head tells nothing
    # (broken plurals of things are feminine: الأمم المتحدة)
    head = m.text.split()[0] if m.text.split() else ""
    return gender == "f" or not head.endswith(("ة", "ات"))


class Clauses:
    """Mixin of the coder (:class:`~.coder._Coder`): clauses of one sentence or document."""

    def _complements(self, events: list[THit]) -> list[THit]:
        """A threat, demand or appeal swallows the action it names (هدد بفرض رسوم، طالب
        بوقف إطلاق النار، دعا إلى الحوار): triggers in its complement are not events."""
        s = self.s
        named = self.named
        out: list[THit] = []
        for h in events:
            if h.start > 0 and s.words[h.start - 1] in _CIRCUMSTANCE:
                out.append(h)  # طلب خلال اتصال هاتفي ...: the call is when he asked, not what he asked for
                continue
            governed = any(
                g.trigger.code[:2] in ("02", "10", "13") and verb_aspect(g) is not None
                and g.end <= h.start and sum(1 for j in range(g.end, h.start) if j not in named) <= 6
                and not s.boundary_between(g.end - 1, h.start)
                for g in events if g is not h
            )  # the names of the parties are no distance (دعا الوزير مفوض الأمم المتحدة إلى زيارة)
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
        if h.form.aspect == "noun" and h.prefix in ("ل", "ول", "فل", "لل", "ولل", "فلل") and h.trigger.code[:2] == "08":
            return True  # جهود للإفراج عن الرهينة: the release is sought, not made
        if h.form.aspect == "part" and self._noun_not_participle(h):
            return True
        if h.prefix in ("ل", "ول", "فل") and h.trigger.kind == "verbal_noun" and h.trigger.code[:2] in ("17", "18", "19", "20"):
            return True  # أمر قوات الأمن لتوقيف القتلة: an arrest or attack still to be made
        if h.trigger.kind == "verbal_noun" and h.trigger.code[:2] in _SAYING_ROOTS \
                and all(f.source != "speaker" for f in h.trigger.frames) \
                and (any(c in h.prefix for c in ("ل", "ك")) or "ب" in h.prefix and h.start > 0 and not s.brk[h.start]
                     and s.words[h.start - 1].startswith(("ال", "وال"))):
            # لاتهامه بالسرقة، كإدانتها، استجابة لمناشدة، المعروف بانتقاده: a reason, purpose, comparison or
            # a qualifier names a statement, it does not report one (تمسك برفضه does) (a charge the speaker makes — بتدخلات
            # إيران — is the statement's content, and stays) (issue 11)
            return True
        return False

    def _noun_not_participle(self, h: THit) -> bool:
        """A participle of circumstance (حال: مطالبا، مشيدا) is indefinite and stands after its
        clause; with the article (المطالب) it is a noun, and so it is in construct with a party
        (مطالب إيران، مطالبات الأمم المتحدة: the demands of ...) unless it has its accusative
        ending (مطالبا إيران بـ: demanding of Iran)."""
        if "ال" in h.prefix:
            return True
        w = self.s.words[h.start]
        return not w.endswith(("ا", "ة", "ين")) and h.end in self.s.arg_at and self.s.arg_at[h.end].prep is None

    def _verbs(self, events: list[THit], ghits: list[GHit]) -> list[_Verb]:
        s = self.s
        verbs: dict[int, _Verb] = {}
        nouns = {h.start for h in events if verb_aspect(h) is None}  # برقية شكر: the noun reading won
        for g in ghits:
            if g.start in nouns:
                continue
            k = g.item.kind
            if k in ("say", "verb", "impersonal", "perform", "undergo") and g.item.aspect in ("perf", "impf", "part", "fixed"):
                aspect = g.item.aspect
                if k != "impersonal" and aspect == "fixed":  # an explicit list of verb forms
                    t = s.words[g.start][len(g.prefix):]
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
                                           first_person=first_person(h), gender=verb_gender(h),
                                           root=h.trigger.code[:2] if kind == "trigger" else None)
        return [verbs[k] for k in sorted(verbs)]

    def subjects(self) -> None:
        """The subject of every verb of the sentence, left to right. The attribution frame
        moves the speaker: after "نقل عن X قوله" / "X قال" the speaker is X, so the
        first-person and pronoun-dropped verbs of the quoted clause are X's."""
        current = self.discourse
        # the attribution frame: who says what this sentence goes on reporting (قال الوزير إن
        # إيران ...، وأضاف أن ...: the speaker, not the subject of the reported clause, adds)
        frame = self.frame_speaker
        if self._turn_taken() and current and current is not _PAIR:
            # بدوره، من جهته: the other party of the interaction being reported speaks now
            other = self._other(current[0].side)
            if other is not None:
                current = frame = [self._ctx_party(other, "context")]
        quotes = self._quote_speakers()
        # the gender of the verb that named ``current`` in this sentence (a verb agrees with its
        # subject): a coordinated verb of the same gender continues that subject (see _continues)
        cur_gender: str | None = None
        for v in self.verbs:
            for q, who in quotes:
                if q < v.start and who:
                    current = frame = who
                    cur_gender = None
            if cur_gender is not None and current and self._continues(v, cur_gender):
                v.subject = self._carried(current)
                continue
            if v.impersonal and self.s.words[v.start][len(v.prefix):][:1] in ("ي", "ت") and self._conducts(v):
                v.impersonal = False  # يجري الوزير محادثات: يُجري (conducts), not يجري (takes place) (issue 11)
                v.kind, v.aspect = "verb", "impf"
            if v.impersonal:
                v.subject = None
                continue
            if v.first_person and v.kind == "trigger" and v.root in _CASUALTY_ROOTS:
                agent = self._passive_agent(v)
                if agent:  # أُصيب (passive) is spelled as أُصيب "I hit": a named hand makes it passive
                    v.subject, v.explicit, v.first_person = agent, True, False
                    continue
            if v.aspect == "part" or v.first_person:
                v.subject = self._carried(frame if v.kind == "say" and frame else current)
                if v.kind == "say":
                    frame = v.subject
                continue
            agent = self._passive_agent(v) if v.kind == "trigger" else False
            if agent is not False:  # يُهدَّد بالقتل من قبل X: X is the agent, whoever spoke before
                v.subject = agent or None
                v.explicit = bool(agent)
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
                subj = self._svo_subject(v.start, current)
            if subj is None and v.end < len(self.s.words) and v.end in self.abstract_at and not self.s.brk[v.end]:
                v.subject = None  # وتلتقي المساعي الروسية مع ...: the subject names no actor (issue 11)
                continue
            if subj is None and not self._plural_form(v):
                # a verb before its subject stays singular: يزورون/زاروا has its subject before it
                # or dropped, never the state named after it (issue 11)
                subj = self._vso_subject(v.end, current, v.gender)
            if subj is None and v.kind == "trigger" and not v.pronoun and self._unresolved_agent_after(v.end):
                v.subject = None  # وطالب المجلس بـ، طالبت عدة منظمات: a subject is named, and it is no known actor
                continue
            if subj is None and v.pronoun and v.kind == "trigger" and v.end < len(self.s.words) \
                    and not self.s.brk[v.end] and self._plain_noun(v.end):
                v.subject = None  # طالبه كثيرون: a subject is named, and it is not an actor
                continue
            if subj is None and self._unknown_subject_before(v.start):
                v.subject = None  # أن الحملة ستنظم، وكان الكاردينال ... قد وصل: a subject that is no actor
                continue
            if subj == "event":  # شهدت الزيارة توقيع ...: no agent of its own
                v.impersonal = True
                v.subject = None
                continue
            if subj is _PAIR or subj:
                v.subject = subj  # type: ignore[assignment]
                v.explicit = True
                current = v.subject
                cur_gender = self._gender(v)
            elif v.kind == "say" and frame:
                v.subject = self._carried(frame)  # وأضاف، وتابع: the speaker goes on (issue 11)
            else:
                v.subject = self._carried(current)
            if v.kind == "say" and v.subject:
                frame = v.subject

    def _capital_parties(self, thits: list[THit], ghits: list[GHit]) -> None:
        """A capital standing bare next to a verb names its state's government (metonymy:
        اتهمت طهران واشنطن بـ، وتطالب واشنطن بـ، إن موسكو تدعم، واشنطن تتهم): it becomes a
        party of the sentence. Not after a preposition (في موسكو، إلى واشنطن، بطهران: a place),
        not in construct with a noun (مطار موسكو، قمة هلسنكي) (issue 11)."""
        s = self.s
        verbs = {h.start for h in thits if verb_aspect(h) is not None}
        verbs |= {g.start for g in ghits if g.item.kind in ("say", "verb") and g.item.aspect in ("perf", "impf")}
        if not verbs:
            return
        added = False
        n = len(s.words)
        named: set[int] | None = None
        for p in s.places:
            pl = p.place
            ws = p.ws
            if pl.kind != "city" or not pl.country or ws in s.arg_at or p.we - ws != 1 or not capital_name(pl.text):
                continue
            if named is None:
                named = {j for a in s.args for j in range(a.ws, a.we)}
            if ws in named:
                continue
            lead = s.words[ws][: max(0, self.view.norm.norm_pos(pl.start) - s.nstart[ws])]
            if lead not in ("", "و", "ف"):
                continue  # بطهران، لموسكو: a place
            prev = ws - 1
            after_verb = prev >= 0 and not s.brk[ws] and (prev in verbs or s.words[prev] in _COMPLEMENTIZERS
                                                           or self._object_after_subject(prev, verbs)
                                                           or prev >= 1 and s.words[prev - 1] in _CONDITION_OPENERS)
            opening = (ws == 0 or s.brk[ws] or s.words[prev] in _COMPLEMENTIZERS) and p.we < n \
                and p.we in verbs and not s.brk[p.we]
            # واشنطن التي هددت: the antecedent of a relative clause whose verb follows
            relative = p.we + 1 < n and p.we + 1 in verbs and not s.brk[p.we] \
                and any(g.item.kind == "relative" and g.start == p.we for g in ghits)
            if not (after_verb or opening or relative):
                continue
            m = ActorMention(pl.text, pl.start, pl.end, pl.country, "country", pl.country)
            a = Arg(ws, p.we, [m], (pl.country,), None, lead == "و")
            s.args.append(a)
            s.arg_at[ws] = a
            added = True
        if added:
            s.args.sort(key=lambda a: a.ws)

    def _object_after_subject(self, j: int, verbs: set[int]) -> bool:
        """Word j ends a bare party that stands right after a verb (اتهمت طهران واشنطن: the
        verb, its subject, then the capital as its object)."""
        s = self.s
        for a in s.args:
            if a.we - 1 == j and a.prep is None and a.ws - 1 in verbs and not s.brk[a.ws]:
                return True
        return False

    def _turn_taken(self) -> bool:
        """The sentence opens with a turn word (بدوره، من جهته، من جانبه، في المقابل): what
        follows is said or done by the other party of the interaction, not by the last speaker."""
        w = self.s.words
        if not w:
            return False
        if w[0] in _TURN_ONE:
            return True
        return len(w) > 1 and (w[0], w[1]) in _TURN_TWO

    def _conducts(self, v: _Verb) -> bool:
        """An imperfect يجري/تجري followed by a bare party is أجرى "conducts" with that
        subject (أن يجري وزير الخارجية محادثات), not the agentless جرى "takes place"."""
        a = self.s.arg_at.get(v.end)
        return a is not None and a.prep is None and bool(a.sides) and not self.s.brk[v.end]

    def _gender(self, v: _Verb) -> str | None:
        """The gender of a 3rd-person singular verb form, which agrees with its subject: "f"
        (تنتقد، انتقدت، استضافته), "m" (ينتقد، انتقد); None for other persons, duals and
        plurals, participles and fixed forms."""
        w = self.s.words[v.start][len(v.prefix):]
        if v.pronoun and w.endswith(v.pronoun):
            w = w[: -len(v.pronoun)]
        if v.aspect == "impf":
            if w.endswith(("ان", "ون", "وا")) or len(w) < 3:
                return None
            return {"ت": "f", "ي": "m"}.get(w[:1])
        if v.aspect == "perf":
            if w.endswith(("ا", "وا", "نا")):
                return None
            return "f" if w.endswith("ت") else "m"
        return None

    def _plural_form(self, v: _Verb) -> bool:
        """A plural verb form (يزورون، زاروا، يلتقون): Arabic verbs before their subject are
        singular, so this one's subject is not after it."""
        if v.kind not in ("trigger", "say", "verb") or v.aspect not in ("perf", "impf"):
            return False
        w = self.s.words[v.start][len(v.prefix):]
        if v.pronoun and w.endswith(v.pronoun):
            w = w[: -len(v.pronoun)]
        return len(w) > 4 and (v.aspect == "impf" and w.endswith("ون") or w.endswith("وا"))

    def _continues(self, v: _Verb, gender: str) -> bool:
        """A verb coordinated (و/ف) with an earlier verb of its sentence, of that verb's
        gender, and followed by a bare state name continues the earlier subject: the state is
        its object (قال الوزير إن بلاده ترفض الاستيطان وتنتقد إسرائيل: the speaker's country
        criticises Israel). A verb of the other gender takes the state as its new subject
        (أشاد الرئيس ...، وتنتقد إسرائيل ...: Israel criticises)."""
        if v.prefix[:1] not in ("و", "ف") or v.impersonal or v.first_person or v.aspect not in ("perf", "impf"):
            return False
        if self._gender(v) != gender:
            return False
        a = self.s.arg_at.get(v.end)
        if a is None or a.prep is not None or self.s.brk[v.end] or not all(m.kind == "country" for m in a.mentions):
            return False
        b = self.s.arg_at.get(a.we)  # وتستضيف تونس الوزير الجزائري: verb, subject, object
        return b is None or b.prep is not None or b.conj or self.s.brk[a.we]

    def _unknown_subject_before(self, i: int) -> bool:
        """The clause names its subject before the verb at word i, and it is no actor: a
        definite noun right after a clause opener (إن/أن/كان: أن الحملة ستنظم), or the words
        between كان and قد + verb (وكان الكاردينال جان توران قد وصل). The speaker of an
        earlier clause is then not the subject."""
        s = self.s
        j = i - 1
        if j >= 0 and s.words[j] in ("قد", "وقد") and not s.brk[i]:
            k = j - 1
            while k >= 0 and j - k <= 7 and not s.brk[k + 1]:
                if s.words[k] in _KANA:
                    return k + 1 < j and not any(x in s.arg_at or x in self.named for x in range(k + 1, j))
                k -= 1
            return False
        if j >= 1 and not s.brk[i] and not s.brk[j] and s.words[j].startswith(("ال", "وال")) and j not in self.named \
                and j not in self.date_words and s.words[j - 1] in _SUBJECT_OPENERS and s.words[j] not in skip_words() \
                and not self.g_at.get(j):
            return True
        return False

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

    def _quote_speakers(self) -> list[tuple[int, list[Party] | None]]:
        """Attribution by a quoting noun (``quote`` rows of event_grammar.tsv: قوله،
        تصريحاته): its speaker is the party of the عن phrase right before it (نقلت الوكالة
        عن الرئيس قوله), else its genitive (تصريحات الوزير)."""
        out: list[tuple[int, list[Party] | None]] = []
        s = self.s
        for j, gs in self.g_at.items():
            if not any(g.item.kind == "quote" for g in gs):
                continue
            who = None
            for a in reversed(s.args):
                if a.we <= j and j - a.we <= 2 and a.prep == "pp_an" and a.sides:
                    who = self.parties(a, "subject")
                    break
            if who is None:
                a = s.arg_at.get(j + 1)
                if a is not None and a.prep is None and a.sides:
                    who = self.parties(a, "subject")
            out.append((j, who))
        return sorted(out, key=lambda x: x[0])

    def _svo_subject(self, i: int, current: list[Party] | None = None) -> list[Party] | None:
        s, skip = self.s, skip_words()
        j = i - 1
        while j >= 0 and (s.words[j] in skip or j in self.date_words or s.words[j] in ("قد", "لقد")) and i - j <= 3:
            j -= 1
        if j < 0 or s.brk[j + 1] and not (s.words[j + 1] in ("قد", "لقد") and not s.strong[j + 1]):
            return None  # (وكانت رئيسة الوزراء، تيريزا ماي، قد قالت: the comma closes an apposition)
        if s.words[j] in _PRONOUN_OPENERS:  # أنها وقعت: "she" is the last party named before
            say = next((v for v in reversed(self.verbs) if v.start < j), None)
            if say is not None and say.kind == "say" and say.subject and say.subject is not _PAIR \
                    and not any(say.end <= a.ws and a.we <= j for a in s.args):
                return say.subject  # أعلنت المنظمة أنها تحمل ...: "she" is who says so
            for a in reversed(s.args):
                if a.we <= j and a.sides:
                    return self.parties(a, "subject")
            return None
        a = self.arg_end.get(j)
        if a is None and j >= 1 and s.words[j].startswith("ال") and not s.brk[j] and self._plain_noun(j):
            # a group noun in construct with a definite noun (مسلحو الحركة، عناصر التنظيم نفذوا):
            # the group is the subject [material-conflict branch]
            g = self.arg_end.get(j - 1)
            if g is not None and all(m.kind == "group" for m in g.mentions):
                a = g
        if a is not None and a.prep is None:
            start = a.ws
            opened = start == 0 or s.brk[start] or s.words[start - 1] in _CLAUSE_OPENERS or s.words[start - 1] == "و" \
                or self._after_speaker(start)
            if opened:
                return self.parties(a, "subject")
        for g in self.g_at.get(j, ()):
            if g.end == j + 1 and g.item.kind in ("pair", "selfref"):
                if j == 0 or s.brk[j] or s.words[j - 1] in _CLAUSE_OPENERS:
                    # إن بلاده تثمن: "his country" is the side of the clause's speaker
                    if g.item.kind == "pair":
                        return self._pair_named(j + 1) or _PAIR
                    return self.virtual(g, "subject", current)
        p = self.place_at.get(j)
        if p is not None and p.place.kind == "demonym" and j >= 1:
            # أن ناشطين فلسطينيين أطلقوا: a noun and its demonym opening the clause
            for h in (j - 1, j - 2):
                if h >= 0 and (h == 0 or s.brk[h] or s.words[h - 1] in _CLAUSE_OPENERS):
                    got = self._noun_demonym(h)
                    if got is not None:
                        return got
        return None

    def _unresolved_agent_after(self, j: int) -> bool:
        """The words right after a verb name an agent the actor reader did not resolve: the
        head of a title or an institution (المجلس، وزير، المتحدث: ``title_heads``) or a noun of
        ``agent`` rows (منظمات، نشطاء؛ عدة before a plural). The speaker of an earlier clause is then not
        the verb's subject."""
        s, skip = self.s, skip_words()
        while j < len(s.words) and (s.words[j] in skip or j in self.date_words):
            j += 1
        if j >= len(s.words) or s.brk[j] or j in s.arg_at or self.g_at.get(j):
            return False
        w = s.words[j]
        bare = w[2:] if w.startswith("ال") else w
        if w not in agent_words() and bare not in agent_words() and (len(bare) < 3 or bare not in title_heads()):
            return False
        # a party named further on may qualify it (عضو لجنة الأمن في مجلس النواب العراقي): the
        # subject reading of the verb is then left to the other rules
        return not any(j < a.ws <= j + 6 and a.prep is not None and not s.boundary_between(j, a.ws) for a in s.args)

    def _passive_agent(self, v: _Verb) -> list[Party] | None | bool:
        """A passive verb names its agent after من قبل / على يد (خطف ويهدد بالقتل من قبل
        التنظيم): the agent's parties, None when the agent is no known actor, False when the
        clause has no such phrase (then the verb is read as active). A killing or wounding
        (قُتل، أُصيب) also names it by the instrument of the hand (برصاص X، بنيران X), after the
        sufferers (قتل خمسة فلسطينيين برصاص الجيش: the dead are the grammatical subject)."""
        s = self.s
        n = len(s.words)
        casualty = v.root in _CASUALTY_ROOTS
        sufferers = None  # the end of the sufferers' phrase, a casualty verb's first bare party
        for j in range(v.end, min(n - 1, v.end + 8)):
            if j > v.end and s.brk[j]:
                return False
            if j > v.end and j in self.verb_at:
                return False  # the phrase belongs to a later verb (رحبت بما تم استعراضه من قبل X)
            if sufferers is not None and j < sufferers:
                continue
            inst = self._instrument_agent(j) if casualty else None
            if inst is not None:
                a = s.arg_at.get(inst)
                return self.parties(a, "subject", chain=True) if a is not None and a.sides else False
            if j in s.arg_at:
                if casualty and sufferers is None and s.arg_at[j].prep in (None, "pp_min"):
                    sufferers = s.arg_at[j].we
                    continue
                return False  # نددت بكين ... من قبل واشنطن: the verb names its subject; the phrase is a noun's
            if (s.words[j], s.words[j + 1]) in _AGENT_MARKERS:
                a = s.arg_at.get(j + 2)
                return self.parties(a, "subject", chain=True) if a is not None and a.sides else None
        return False

    def _instrument_agent(self, j: int) -> int | None:
        """The word after an instrument of a named hand at word j (برصاص، بنيران: one-word
        ``agent`` rows of event_grammar.tsv) or after a clash the dead fell in (في اشتباكات مع),
        None when word j begins none."""
        for g in self.g_at.get(j, ()):
            if g.item.kind == "agent" and (g.end == j + 1 or s_first(self.s.words[j])):
                return g.end
        return None

    def clause_subject(self, i: int) -> list[Party] | None:
        """The subject of the complement clause word i stands in: the party right after its
        opener (قال X إن إيران ضالعة في ...، وإنها تدعم ...), with no other party, verb of
        its own or clause mark between it and word i (at most ten words)."""
        s = self.s
        for a in reversed(s.args):
            if a.we > i:
                continue
            if i - a.we > 10 or s.boundary_between(a.we - 1, i, strong=True):
                return None
            if a.prep is None and a.sides and a.ws > 0 and s.words[a.ws - 1] in _SUBJECT_OPENERS:
                if any(a.we <= v.start < i and v.kind in ("say", "trigger") for v in self.verbs):
                    return None
                return self.parties(a, "subject", chain=True)
            return None
        return None

    def _after_speaker(self, i: int) -> bool:
        """Word i opens the complement of a saying verb right after its named subject
        (وقال الوزير إيران تدعم ...: the clause of what was said starts at إيران)."""
        b = self.arg_end.get(i - 1)
        if b is None or b.prep is not None or b.ws == 0:
            return False
        v = self.verb_at.get(b.ws - 1)
        return v is not None and v.kind == "say"

    def speaker(self, i: int) -> list[Party] | None:
        """Who says the clause at word i (the attribution frame): the subject of the nearest
        saying verb before it (قال/أكد/أضاف X إن ...) or the speaker of a quoting noun (نقلت
        عن X قوله). None when the clause is the narrator's, or when a verb of demanding,
        accusing, rejecting, threatening or appealing stands nearer: then that verb is the
        event and the clause is its complement (اتهم X Y بدعم الإرهاب)."""
        for v in reversed(self.verbs):
            if v.start >= i:
                continue
            if v.kind == "trigger" and v.root in _COMPLEMENT_ROOTS:
                return None
            if v.kind == "say":
                return self._resolve(v.subject) if v.subject else None
        for q, who in reversed(self._quote_speakers()):
            if q < i and who:
                return who
        return self.quoted  # a quotation opened by an earlier sentence's speaker goes on (issue 11)

    def _vso_subject(self, j0: int, current: list[Party] | None, gender: str | None = None) -> list[Party] | str | None:
        s, skip = self.s, skip_words()
        j, n = j0, len(s.words)
        if j0 < n and s.strong[j0]:
            return None  # وتابع: "الجانب الأمريكي ...": what follows the colon is said, not the sayer
        reach = 5
        while j < n and j - j0 <= reach:
            if j > j0 and s.brk[j]:
                return None
            if s.words[j] in _COMPLEMENTIZERS:
                return None  # وأضاف أن إيران ...: a party after أن/إن is the clause's, not the verb's subject
            if j == j0 and s.words[j] in _RESUMPTIVE and j + 1 < n and not s.brk[j + 1]:
                j += 1  # القمة التي رفضت فيها روسيا ...، أكد له الوزير: the subject follows the pronoun
                continue
            a = s.arg_at.get(j)
            if a is not None:
                if gender is not None and not _agrees(gender, a):
                    return None  # واتهم بريطانيا: a state's name after a verb of the other gender is its object
                if a.prep is None or self._verb_read_as_prep(a, j0):
                    return self.parties(a, "subject", chain=True)
                return None
            if j in self.prep_at and j + 1 < n and not s.brk[j + 1] and j + 1 not in s.arg_at and reach < 9 \
                    and (j + 1 in self.date_words or any(p.ws == j + 1 for p in s.places)):
                # وصل إلى الخرطوم مساء الأربعاء الفريق X: a place phrase before the subject
                j += 2
                reach += 2
                continue
            gs = self.g_at.get(j, ())
            for g in gs:
                if g.item.kind == "pair":
                    return self._pair_named(g.end) or _PAIR
                if g.item.kind in ("selfref", "counterpart"):
                    return self.virtual(g, "subject", current)
            if j == j0 and self._event_noun(j):
                return "event"
            anchor = next((g for g in gs if g.item.kind == "anchor"), None)
            if anchor is not None:
                j = anchor.end
                continue
            if s.words[j] in delegate_words() and j + 1 < n and not s.brk[j + 1]:
                gender = None  # التقى وزيرا خارجية مصر والأردن: the verb agrees with the head noun, not the states
                j += 1
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
            if j == j0 or j == j0 + 1 and s.words[j0] in skip:
                got = self._noun_demonym(j)
                if got is not None:
                    return got
            return None
        return None

    def _pair_named(self, j: int) -> list[Party] | None:
        """"Both sides" qualified by their demonyms (الحكومتان الألمانية والإسبانية،
        البلدان المصري والأردني): the parties are named, not those of the context."""
        s = self.s
        out: list[Party] = []
        k = j
        while k < len(s.words) and k < j + 4 and not (k > j and s.brk[k]):
            p = self.place_at.get(k)
            if p is None or p.place.kind != "demonym":
                break
            party = self.place_party(p, "subject")
            if party is not None and all(x.side != party.side for x in out):
                out.append(party)
            k = p.we
        return out if len(out) >= 2 else None

    def _noun_demonym(self, j: int) -> list[Party] | None:
        """A noun phrase qualified by a demonym (طائرات حربية تركية، ناشطون فلسطينيون،
        آلاف الأردنيين) starting at word j: the demonym's state is the party (its head is no
        actor of its own). At most one adjective stands between the head and the demonym."""
        s = self.s
        if j in s.arg_at or j in self.prep_at or j in self.verb_at or s.words[j].isdigit() or j in self.abstract_at \
                or any(g.item.kind != "pair" for g in self.g_at.get(j, ())):
            return None  # المسؤولين الأميركيين: a "both sides" word qualified by a demonym is that state's
        if not self._bare_head(j):  # للقرار الأميركي: a prepositional phrase, not a subject
            return None
        for k in (j + 1, j + 2):
            if k >= len(s.words) or s.brk[k] or k in s.arg_at or k in self.prep_at or k in self.verb_at:
                return None
            p = self.place_at.get(k)
            if p is not None and p.place.kind == "demonym":
                party = self.place_party(p, "subject")
                return [party] if party is not None else None
        return None

    def _verb_read_as_prep(self, a, j0: int) -> bool:  # type: ignore[no-untyped-def]
        """قبل الرئيس الدعوة: the word before the party is the verb itself, also a preposition
        (قبل "before", بعد): the party is the verb's subject, not the preposition's noun."""
        s = self.s
        k = j0 - 1
        return a.ws == j0 and k >= 0 and k in self.verb_at and k in self.prep_at and not s.brk[a.ws]

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
