"""Timing: an event's date and tense. The clause's own time expression: a date in the
trigger's own clause (the nearest; not in a relative clause or a participle phrase that
qualifies another noun — الصحف الصادرة أمس — unless that noun is the trigger itself or the
event the trigger happened during: خلال القمة التي جمعتهما الثلاثاء; not a vague one). A date
in the attribution frame (قال X الأحد إن ...، نقلت الوكالة الأحد عن X قوله إنه ...) dates the
statement: what is reported takes it only when its own clause has no date. Else the date
governing it (its paragraph's, or the reported interaction's), else the publication date —
never for background. An inherited month or year that holds the publication day says no more
than the publication day. An imperfect or a noun dated after publication, a past weekday with
an imperfect, and the purpose of a verb are planned. Words: ``timing_words.tsv``."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ...lexicon import load_table
from ...text.normalize import fold
from .grammar import word_items
from .modality import Modality
from .scan import THit, verb_aspect

if TYPE_CHECKING:
    from ...model import DateMention
    from .coding import _Draft
    from .sentences import DateRef


@cache
def _timing_words() -> dict[str, frozenset[str]]:
    """timing_words.tsv: kind -> folded single words."""
    out: dict[str, set[str]] = {}
    for r in load_table("timing_words"):
        phrase = fold(str(r["phrase"]))
        if " " not in phrase:
            out.setdefault(str(r["kind"]), set()).add(phrase)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _sequence_words() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """``sequence`` rows of timing_words.tsv: single folded words (بعدما) and word pairs (بعد أن)."""
    one: set[str] = set()
    two: set[tuple[str, str]] = set()
    for r in load_table("timing_words"):
        if r["kind"] != "sequence":
            continue
        words = fold(str(r["phrase"])).split()
        if len(words) == 1:
            one.add(words[0])
        elif len(words) == 2:
            two.add((words[0], words[1]))
    return frozenset(one), frozenset(two)


def _sequence_between(words: list[str], i: int, j: int) -> bool:
    """Whether a clause of what happened before or after (بعدما، بعد أن، قبل أن) opens
    among words [i, j)."""
    one, two = _sequence_words()
    for k in range(max(i, 0), min(j, len(words))):
        w = words[k]
        if w in one or len(w) > 3 and w[0] in "وف" and w[1:] in one:
            return True
        if k + 1 < len(words) and ((w, words[k + 1]) in two or w[:1] in ("و", "ف") and (w[1:], words[k + 1]) in two):
            return True
    return False


@cache
def _editions() -> dict[str, str]:
    """outlets.tsv: outlet (case-folded) -> edition."""
    return {str(r["outlet"]).casefold(): str(r["edition"]) for r in load_table("outlets")}


def _edition(outlet: str | None) -> str | None:
    return _editions().get(outlet.strip().casefold()) if outlet else None


@cache
def _break_heads() -> frozenset[str]:
    """The first words of the story-break cues (``break`` rows of event_grammar.tsv)."""
    from .grammar import _items

    return frozenset(w for w, items in _items().items() if any(i.kind == "break" for i in items))


def _opens_story(words: list[str]) -> bool:
    """Whether a sentence opens with a story break (على صعيد آخر، من جهة أخرى ...) in its
    first three words, as the coder reads it."""
    from .grammar import word_items

    heads = _break_heads()
    for i in range(min(3, len(words))):
        w = words[i]
        if w not in heads and not (w[:1] in ("و", "ف") and w[1:] in heads):
            continue
        for _, item in word_items(w):
            if item.kind == "break" and tuple(words[i + 1 : i + 1 + len(item.rest)]) == item.rest:
                return True
    return False


def _is(word: str, kind: str) -> bool:
    """Whether a folded word (after an optional و or ف) is a ``kind`` word of timing_words.tsv."""
    words = _timing_words().get(kind, frozenset())
    return word in words or (len(word) > 3 and word[0] in "وف" and word[1:] in words)


_NEWS_DAYS_BACK = 2  # how far before publication the article's news day may lie
_FRAME_REACH = 4  # words (not names) between a frame date and the complementizer


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


def _holds(value: str | None, pub: str | None) -> bool:
    """Whether a month or year holds the publication day (an inherited "this month" says no
    more than the publication day does)."""
    return bool(value and pub and len(value) < 10 and pub.startswith(value))


def _period(m: DateMention) -> str | None:
    """The Gregorian month or year that holds a span of days stated explicitly (a Hijri
    month or year: رمضان 1436، عام 1431 هـ), or None when no single month or year does."""
    a, b = m.value, m.end_value
    if not a or not b:
        return None
    if a[:7] == b[:7]:
        return a[:7]
    return a[:4] if a[:4] == b[:4] else None


def _date_rank(d: tuple[str | None, str, str]) -> int:
    return {"sentence": 3, "paragraph": 2, "document": 1, "publication": 1}.get(d[2], 0) if d[0] else 0


# verbs of a relative clause that report the trigger noun itself being held (folded): its date
# is the trigger's (الاجتماع الذي انعقد أمس، القمة التي عقدت يوم الاثنين، اللقاء الذي جمعهما أمس)
_HELD = frozenset({"انعقد", "انعقدت", "عقد", "عقدت", "جري", "جرت", "تم", "تمت", "اجري", "اجريت", "جمع", "جمعت", "جمعه",
                   "جمعها", "جمعهما", "جمعتهما", "استمر", "استمرت", "استغرق", "استغرقت", "يعقد", "تعقد", "سيعقد", "ستعقد"})




def _occurs(word: str) -> bool:
    """A verb of occurring (``occur`` rows of event_grammar.tsv: وقع، حدث، استهدف): read by
    :meth:`Timing._open_relative` only, so the scan makes no cue of it."""
    return any(it.kind == "occur" for _, it in word_items(word))


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

    def _open_relative(self, i: int, j: int, h: THit | None = None) -> bool:
        """Whether word j stands inside a relative clause opened after word i (الذي/التي ...
        with no clause mark between it and j) or a participle phrase (الصحف الصادرة أمس): a date
        there dates the noun they qualify — unless that noun is the trigger ``h`` itself (القمة
        التي جمعتهما الثلاثاء) or the event it happened during (دعاه خلال القمة التي جمعتهما
        الثلاثاء)."""
        s = self.s
        for k in range(i, j):
            if any(g.item.kind == "relative" for g in self.g_at.get(k, ())) or _is(s.words[k], "modifier"):
                if k + 1 < len(s.words) and s.words[k + 1] in _HELD and (k - 1 in self.named or k - 1 <= i):
                    # right after the trigger (and its adjective) or after the parties named with it
                    continue  # الاجتماع ... الذي انعقد أمس: the clause says when the trigger itself was held (issue 11)
                if k <= i + 1 and k + 1 < len(s.words) and _occurs(s.words[k + 1]):
                    continue  # التفجير الذي وقع ظهر أمس: the clause tells when the event itself happened
                if not any(s.brk[x] for x in range(k + 1, j + 1)) and not (h is not None and self._own_noun(h, k)):
                    return True
        return False

    def _verb_between(self, h: THit, j: int) -> bool:
        """Whether a finite verb of another clause stands between the trigger and word j, with
        no و/ف before it (a clause that qualifies a noun: هجوم استهدف السبت، مؤامرة أحبطتها
        الشرطة في يونيو): a date after it is that verb's. A verb saying that the trigger itself
        was held or happened (الاجتماع الذي انعقد أمس، لقاء جمعهما) and the verb that governs
        a nominal trigger do not count."""
        s = self.s
        for v in self.verbs:
            if not h.end <= v.start < j or v.start == h.start or v.aspect not in ("perf", "impf"):
                continue
            if v.prefix[:1] in ("و", "ف") or v.kind in ("say", "support", "impersonal"):
                continue
            if v.start - h.end <= 3 and (s.words[v.start] in _HELD or _occurs(s.words[v.start])):
                continue  # the trigger's own relative clause (الاجتماع الذي انعقد أمس)
            if any(s.brk[x] for x in range(h.end, v.start + 1)):
                continue  # a clause mark before it: the strong-boundary rules decide
            return True
        for k in range(h.end + 4, j):
            if _occurs(s.words[k]) and not any(s.brk[x] for x in range(h.end, k + 1)):
                return True  # ردا على هجوم استهدف السبت: a verb of occurring of another noun
        return False

    def _own_noun(self, h: THit, k: int) -> bool:
        """Whether the noun a relative pronoun or participle at word k qualifies is the trigger
        ``h`` or a noun governed by a "during" preposition (خلال، أثناء، في، على هامش) in
        ``h``'s clause: one adjective may stand between the noun and word k."""
        s = self.s
        heads = [k - 1]
        if k - 2 >= 0 and s.words[k - 1].startswith(("ال", "وال")) and k - 1 not in self.named:
            heads.append(k - 2)  # القمة التاريخية التي
        for n in heads:
            if n < 0 or s.brk[n + 1]:
                continue
            if h.start <= n < h.end:
                return True
            if n - 1 >= 0 and n - 1 >= h.end and not s.brk[n] and _is(s.words[n - 1], "during"):
                return not s.boundary_between(h.end - 1, n, strong=True)
        return False

    def _frame_date(self, h: THit, dr: DateRef) -> bool:
        """Whether a date before the trigger stands in the attribution frame of the clause that
        reports it: after a saying verb (or before a quoting noun) and before the complementizer
        that opens the reported content holding the trigger (قال الرئيس السبت، إن المحادثات ...)."""
        s = self.s
        if dr.we > h.start:
            return False
        seen, c = 0, None
        for k in range(dr.we, h.start):
            if _is(s.words[k], "complementizer"):
                c = k
                break
            if k not in self.named:
                seen += 1
                if seen > _FRAME_REACH:
                    return False
        if c is None:
            return False
        if any(g.item.kind == "quote" for k in range(dr.we, c) for g in self.g_at.get(k, ())):
            return True  # نقلت الوكالة الأحد عن الرئيس قوله إنه
        return any(v.kind == "say" and v.start < dr.ws and not s.boundary_between(v.start, dr.ws, strong=True)
                   for v in self.verbs)

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
        if got is not None and sides & got[1] and not _holds(got[0][0], pub):
            return (got[0][0], got[0][1], "paragraph")
        c = self.ctx
        # what a party of the interaction being reported does or says — also about a third party
        # (condemns, accuses at the press conference after the talks) — shares its date
        if c is not None and c.story == self.story and c.date[2] == "sentence" and not _holds(c.date[0], pub) \
                and d.source.side in (c.a.side, c.b.side):
            return (c.date[0], c.date[1], "paragraph")
        if pub:
            day = self.news_day()
            return (day, "day", "document") if day != pub else (pub, "day", "publication")
        return (None, "none", "none")

    def news_day(self) -> str | None:
        """The day the story being read reports on (an article, or one story of a roundup: على
        صعيد آخر ...): the day its text most often names (relative days
        and weekdays: أمس، اليوم، الثلاثاء) among the publication day and the
        ``_NEWS_DAYS_BACK`` days before it, the later on a tie. When it names none: the day
        before publication for a morning daily (``outlets.tsv``: a paper dated the morning it
        appears reports the previous day), else the publication day. What the article reports
        without a date of its own happened on its news day."""
        a, b = self._story_span(self.s.index)
        cache: dict[int, str | None] = self.__dict__.setdefault("_news_days", {})
        if a in cache:
            return cache[a]
        pub = self.doc.published
        day = pub
        if pub:
            from datetime import date, timedelta

            lo = (date.fromisoformat(pub[:10]) - timedelta(days=_NEWS_DAYS_BACK)).isoformat()
            sents = self.doc.sentences
            first, last = sents[a].start, sents[b - 1].end
            counts: dict[str, int] = {}
            for m in self.doc.dates:
                if first <= m.start < last and m.basis in ("relative", "weekday") and m.precision == "day" \
                        and m.end_value is None and m.value and lo <= m.value <= pub:
                    counts[m.value] = counts.get(m.value, 0) + 1
            if counts:
                day = max(counts, key=lambda v: (counts[v], v))
            elif _edition(self.doc.outlet) == "morning_daily":
                day = (date.fromisoformat(pub[:10]) - timedelta(days=1)).isoformat()
        cache[a] = day
        return day

    def _story_span(self, i: int) -> tuple[int, int]:
        """The sentences ``[a, b)`` of the story that holds sentence i: a story starts at a
        sentence that opens with a break cue (``break`` rows of event_grammar.tsv)."""
        starts: list[int] | None = self.__dict__.get("_story_starts")
        if starts is None:
            view = self.view
            starts = [0] + [k for k in range(1, len(view)) if _opens_story(view.words(k))]
            self._story_starts = starts
        from bisect import bisect_right

        j = bisect_right(starts, i) - 1
        return starts[j], starts[j + 1] if j + 1 < len(starts) else len(self.view)

    def _own_date(self, h: THit, d: _Draft) -> tuple[str | None, str, str] | None:
        s = self.s
        pub = self.doc.published
        best = None
        frame = None
        inside = self.named
        for dr in s.dates:
            if dr.ws in inside or dr.date.precision == "none" and dr.date.basis != "explicit":
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
            if dr.ws >= h.end and self._open_relative(h.end, dr.ws, h):
                continue  # a date in a relative clause after the trigger dates something else
            if dr.we <= h.start and dr.ws > 0 and self._open_relative(dr.ws - 1, dr.ws, h):
                continue  # الصحف الصادرة أمس، على أن الزيارة ...: the newspapers' day
            if dr.we <= h.start and _sequence_between(s.words, dr.we, h.start):
                continue  # يعقد المجلس جلسة الجمعة بعدما قتلت القوات ...: the date is the other clause's
            if dr.ws >= h.end and self._verb_between(h, dr.ws):
                continue  # هدد بضربة ردا على هجوم استهدف السبت: the date is the other verb's
            if self._frame_date(h, dr):
                if frame is None or dist < frame[0]:
                    frame = (dist, dr)
                continue  # the statement's day: what is reported takes it only without a date of its own
            if dr.date.precision in ("month", "year") and any(
                    k >= 0 and s.words[k] in ("منذ", "ومنذ") for k in (dr.ws - 1, dr.ws - 2, dr.ws - 3)):
                continue  # منذ يناير، منذ حرب 2014: the start of a state that goes on, not the day of an event
            if best is None or dist < best[0]:
                best = (dist, dr)
        framed = best is None and frame is not None
        if framed:
            best = frame
        if best is None:
            return None
        dr = best[1]
        if dr.date.precision == "none":  # عام 1431 هـ: the Gregorian month or year that holds it
            v = _period(dr.date)
            out = (v, "month" if v and len(v) == 7 else "year" if v else "none", "sentence")
        else:
            out = (dr.date.value, dr.date.precision, "sentence")
        if d.modality.modality == "planned" and pub and dr.date.basis == "weekday" and dr.date.value and dr.date.value < pub \
                and d.modality.cue != "itinerary" and not framed:
            from datetime import date, timedelta  # a planned event on a weekday: the coming one

            ahead = date.fromisoformat(dr.date.value) + timedelta(days=7)
            out = (ahead.isoformat(), "day", "sentence")
        if d.modality.modality == "realized" and not d.modality.historical and out[0]:
            key = (s.paragraph, self.story)
            sides = {d.source.side} | ({d.target.side} if d.target else set())
            self.para_date.setdefault(key, (out, frozenset(sides)))
        return out
