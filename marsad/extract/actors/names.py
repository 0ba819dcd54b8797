"""Named persons: names read forwards after an anchor or backwards from a title, and the
mention stream used for coreference (package docstring, step 4; where a name ends:
:mod:`marsad.extract.persons`)."""

from __future__ import annotations

from dataclasses import dataclass, field
import re

from ..persons import name_lexicon, person_key
from .reader import _Coref, _Hon, _Qual, _Reader, _Sent, _TitleEl
from .title_lexicon import _is_eponym, _is_stop, _named_heads, _office_titles, _PERSON_TITLES, titles
from .tokens import _CLOSE_QUOTES, _DEF, _LETTER, _OPEN_QUOTES, _SEPARATORS, _Toks


# --------------------------------------------------------------------------- persons


@dataclass(slots=True)
class _Cand:
    """A person being built: one or more name mentions merged by name."""

    name: str  # as first written (original text)
    words: list[str]  # folded name words, nasab particles dropped, عبد/أبو/آل glued
    key: str
    titles: list[_TitleEl] = field(default_factory=list)
    hons: list[_Hon] = field(default_factory=list)
    counterpart: _Coref | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # normalized name spans
    single_anchor: str = ""  # a one-word name: "hon" or "title" (which anchor read it)
    country: str | None = None
    igo: str | None = None
    basis: str = "explicit"
    role: str | None = None
    role2: str | None = None
    title: str | None = None
    rank: int | None = None


#: Prepositions between a title and the place or body where the official serves.
_POSTING_PREPS = frozenset({"في", "لدي", "الي", "عن"})
#: Words of that posting phrase (the preposition excepted).
MAX_POSTING = 5

_WORD_BEFORE = re.compile(f"([{_LETTER}]+)[^{_LETTER}]*$")
_WORD_AFTER = re.compile(f"[^{_LETTER}]*([{_LETTER}]+)")


def _word_before(view: str, pos: int, lo: int) -> str:
    m = _WORD_BEFORE.search(view, max(lo, pos - 40), pos)
    return m.group(1) if m else ""


def _word_after(view: str, pos: int, hi: int) -> str:
    m = _WORD_AFTER.match(view, pos, min(hi, pos + 40))
    return m.group(1) if m else ""


def _match_words(name_words: list[str]) -> list[str]:
    """Folded words for matching two names of one document: particles بن/ابن/بنت dropped,
    عبد/أبو/آل glued to the next word."""
    nlex = name_lexicon()
    out: list[str] = []
    glue = ""
    for w in name_words:
        p = nlex.particle(w)
        if p is not None:
            if p[1] == "drop":
                continue
            if p[1] == "glue":
                glue += w
                continue
            if p[1] == "attach" and out and not glue:
                out[-1] += w
                continue
        out.append(glue + w)
        glue = ""
    if glue:  # a name ending in أبي / أبو (شينزو آبي)
        out.append(glue)
    return out


def _same_person(short: list[str], long: list[str]) -> bool:
    """Whether the name ``short`` can be a shorter form of ``long`` (same document)."""
    if not short or len(short) > len(long):
        return False
    if short == long:
        return True
    if len(short) == 1:
        return short[0] == long[-1] and len(short[0]) >= 3
    if long[: len(short)] == short:
        return True
    return short[0] == long[0] and short[-1] == long[-1]


@dataclass(slots=True)
class _Event:
    """Something that refers to an actor, in document order (for coreference)."""

    pos: int  # normalized start
    end: int
    sent: int
    kind: str  # name | title | coref | free
    person: int = -1  # candidate index (names, resolved)
    el: _TitleEl | None = None
    co: _Coref | None = None





class _Persons:
    """Finds the named persons of a document and the mentions that refer to actors."""

    def __init__(self, r: _Reader) -> None:
        self.r = r
        self.cands: list[_Cand] = []
        self.events: list[_Event] = []
        self.attached: dict[int, int] = {}  # id(title element) -> candidate index

    # -- helpers ---------------------------------------------------------------------------

    def _orig(self, s: _Sent, i: int, j: int) -> tuple[int, int]:
        return self.r.orig(s.toks.s[i], s.toks.e[j - 1])

    def _new(self, s: _Sent, si: int, a: int, b: int, titles: list[_TitleEl], hons: list[_Hon], co: _Coref | None, single_anchor: str) -> int:
        """A person candidate for the name in tokens [a, b) with the titles read with it."""
        os_, oe = self._orig(s, a, b)
        name = " ".join(self.r.text[os_:oe].replace("_", " ").replace("#", " ").split())
        toks = s.toks
        words = [w for w, wd in zip(toks.w[a:b], toks.wd[a:b]) if wd]
        mw = _match_words(words)
        cand = _Cand(name, mw, person_key(name), list(titles), list(hons), co, [(toks.s[a], toks.e[b - 1])])
        if len(mw) == 1:
            cand.single_anchor = single_anchor
        idx = len(self.cands)
        self.cands.append(cand)
        ev = _Event(toks.s[a], toks.e[b - 1], si, "name", idx)
        self.events.append(ev)
        for el in titles:
            self.attached[id(el)] = idx
        return idx

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> None:
        for si, s in enumerate(self.r.sents):
            if s.starts:  # no anchor, nothing to read
                self._sentence(si, s)

    def _sentence(self, si: int, s: _Sent) -> None:
        toks = s.toks
        W, WD, S, E = toks.w, toks.wd, toks.s, toks.e
        n = toks.n
        r = self.r
        k = 0
        floor = 0  # tokens before it belong to an earlier person
        starts = s.starts
        ends = s.ends
        si_next = 0
        while k < n:
            if k not in ends:
                while si_next < len(starts) and starts[si_next] <= k:
                    si_next += 1
                if si_next >= len(starts):
                    break
                k = starts[si_next]
                continue
            # an anchor group: adjacent titles, honorifics, a counterpart / guest
            g0 = k
            g_titles: list[_TitleEl] = []
            g_hons: list[_Hon] = []
            g_co: _Coref | None = None
            g = k
            while g < n:
                end = ends.get(g)
                if end is None:
                    break
                if g > g0 and s.pres[g].startswith("و"):
                    break  # "X وY": a coordinated item starts a new group
                if g_titles and g in s.corefs and s.corefs[g].kind in ("counterpart", "guest"):
                    break  # وزير الخارجية الأمريكي نظيره السعودي ...: the counterpart is another person
                if g in s.titles and g_titles and _other_country(g_titles[-1], s.titles[g]):
                    break  # الوزير الروسي أمير دولة قطر الشيخ ...: two offices of two states, two persons
                if g in s.titles:
                    g_titles.append(s.titles[g])
                elif g in s.hons:
                    g_hons.append(s.hons[g])
                else:
                    c = s.corefs[g]
                    if c.kind in ("counterpart", "guest"):
                        g_co = c
                    else:
                        self.events.append(_Event(S[g], E[end - 1], si, "coref", co=c))
                g = end
                if g >= n or g in ends or g_hons or g_co is not None or not g_titles:
                    continue
                # a title, then (a comma or its posting) and an honorific with the name:
                # مساعد وزير الخارجية الكويتي، السفير سامي الحمد; سفير كوريا لدى المملكة السيد كيم
                p = g  # a portfolio after the title's state: ... الكويتي للشؤون القنصلية،
                while p < min(n, g + 3) and WD[p] and not s.covered[p] and (W[p].startswith("لل") or p > g and r._definite(toks, p)):
                    p += 1
                nxt = p + 1 if p < n and W[p] in "،," else self._posting_end(s, p)
                if nxt is not None and nxt in s.hons and not s.pres[nxt].startswith("و"):
                    g = nxt
            if g0 > 0 and WD[g0 - 1] and _is_eponym(W[g0 - 1]) and (g_hons or g_titles):
                # كلية الملك فهد الأمنية، مطار الملك خالد: the name of a place, not a person
                nm = r._scan_forward(s, g, quoted=False) if g < n else None
                floor = k = nm[1] if nm is not None else g
                continue
            person_titles = [t for t in g_titles if t.kind in _PERSON_TITLES]
            anchored = bool(g_hons) or bool(person_titles) or g_co is not None
            q = g
            quoted = q < n and W[q] in _OPEN_QUOTES and W[q] != "("
            if quoted:
                q += 1
            name = None
            if anchored and q < n:
                # a title read backwards first (محمود توفيق وزير الداخلية)
                if not g_hons and g_co is None and person_titles and g_titles[0] is person_titles[0] and not g_titles[0].pre.startswith("و"):
                    back = r._scan_backward(s, g0, floor)
                    if back is not None:
                        back = self._arabic_name_cut(toks, back[0], back[1])
                    if back is not None:
                        pid = self._new(s, si, back[0], back[1], g_titles, [], None, "")
                        self._title_events(s, si, g_titles, pid)
                        floor = g
                        k = g
                        continue
                name = r._scan_forward(s, q, quoted=quoted)
                if name is not None and not g_hons:
                    name = self._arabic_name_cut(toks, name[0], name[1])
                if name is None and not quoted and g_co is None:
                    name = self._after_posting(s, q)
                single_def = False
                if name is not None and WD[name[0] : name[1]].count(True) == 1:
                    w = W[name[0]]
                    if (w[:1] in "يتبل" and w not in r.nlex.given) or w.endswith(("ات", "اته", "اتها", "تين")) or (
                        w[:1] == "و" and w not in r.nlex.given and (_is_stop(w[1:]) or w[1:2] in "يتن")
                    ):
                        name = None  # a verb, a clitic + noun, a plural: not a one-word name
                    elif r._definite(toks, name[0]):
                        single_def = True  # الرئيس السيسي: only as a shorter form of a name
            if name is not None:
                a, b = name
                single = "hon" if g_hons and not person_titles and g_co is None and not single_def else "title"
                # honorific offices (السفير، الأمير، الملك) become weak titles
                titles = list(g_titles)
                for h in g_hons:
                    if h.office is not None:
                        w = _weak_title(r, s, h)
                        if w is not None:
                            titles.append(w)
                after = b
                if quoted and after < n and W[after] in _CLOSE_QUOTES:
                    after += 1
                # a title right after the name belongs to it (unless it has its own name)
                post = after
                if post < n and W[post] in _SEPARATORS:
                    post += 1
                post_quoted = post < n and W[post] in _OPEN_QUOTES and W[post] != "("
                if post_quoted:
                    post += 1
                extra: list[_TitleEl] = []
                end = after
                while post < n and post in s.titles:
                    el = s.titles[post]
                    # a chain of titles belongs to the name: "مساعد وزير الخارجية مدير إدارة ..."،
                    # "مستشار الدولة ووزير الأمن العام"; the first one never has و
                    if el.kind not in _PERSON_TITLES or (not extra and el.pre.startswith("و")):
                        break
                    nxt = el.j
                    own = r._scan_forward(s, nxt, quoted=False) if nxt < n and not post_quoted and nxt not in ends else None
                    if own is not None:
                        own_words = _match_words(W[own[0] : own[1]])
                        if len(own_words) >= 2 or own_words[0] in r.nlex.given:
                            break  # the title has a name of its own right after it
                    extra.append(el)
                    end = post = el.j
                if post_quoted and end < n and W[end] in _CLOSE_QUOTES:
                    end += 1
                pid = self._new(s, si, a, b, titles + extra, g_hons, g_co, single)
                self._title_events(s, si, g_titles + extra, pid)
                if g_co is not None:
                    self.events.append(_Event(S[g_co.i], E[g_co.j - 1], si, "coref", person=pid, co=g_co))
                floor = k = max(end, b)
                # نظيريه الأمريكي جون كيري والسعودي عادل الجبير: a coordinated demonym and name
                while g_co is not None and k < n and not extra:
                    pd = r._place_at(toks, k, ("و",))
                    if pd is None or pd[0].kind != "demonym" or pd[2] != "و":
                        break
                    nm = r._scan_forward(s, pd[1], quoted=False)
                    if nm is None or len(_match_words(W[nm[0] : nm[1]])) < 2:
                        break
                    co2 = _Coref(k, pd[1], "و", g_co.kind, [_Qual(pd[0].code, pd[0].country, pd[0].igo, "demonym", k)])
                    pid2 = self._new(s, si, nm[0], nm[1], [], [], co2, "")
                    self.events.append(_Event(S[k], E[pd[1] - 1], si, "coref", person=pid2, co=co2))
                    floor = k = nm[1]
                continue
            # no name after the group
            if g_co is not None:
                self.events.append(_Event(S[g_co.i], E[g_co.j - 1], si, "coref", co=g_co))
            # apposition between commas: وزير الخارجية، عادل الجبير، قال ...
            if (person_titles or g_co is not None) and not g_hons and g < n and W[g] in "،," and g + 1 < n:
                app = r._scan_forward(s, g + 1, quoted=False)
                if app is not None and len(_match_words(W[app[0] : app[1]])) >= 2:
                    nb = app[1]
                    nxt = nb + 1 if nb < n and W[nb] in _SEPARATORS else nb
                    own_title = nxt < n and nxt in s.titles and s.titles[nxt].kind in _PERSON_TITLES and not s.titles[nxt].pre.startswith("و")
                    coordinated = nb < n and (nb in s.titles and s.titles[nb].pre.startswith("و") or nb in s.hons and s.hons[nb].pre.startswith("و"))
                    if not own_title and (nb >= n or not WD[nb] or _is_stop(W[nb]) or coordinated):
                        pid = self._new(s, si, app[0], app[1], g_titles, [], g_co, "")
                        self._title_events(s, si, g_titles, pid)
                        if g_co is not None:
                            for ev in self.events:
                                if ev.co is g_co:
                                    ev.person = pid
                        floor = k = nb
                        continue
            self._title_events(s, si, g_titles, -1)
            k = g

    def _posting_end(self, s: _Sent, q: int) -> int | None:
        """The token after the posting phrase starting at ``q`` (see :meth:`_after_posting`),
        or None."""
        toks = s.toks
        W, WD, PL, n = toks.w, toks.wd, toks.pl, toks.n
        if q >= n or W[q] not in _POSTING_PREPS:
            return None
        k = q + 1
        stop = min(n, k + MAX_POSTING)
        heads = _named_heads()
        r = self.r
        while k < stop:
            if PL[k] >= 0 and toks.pp[k] in ("", "ب", "ل", "لل"):
                k = toks.pe[k]
                continue
            if not WD[k] or s.covered[k] and k not in s.titles:
                break
            if k in s.titles and s.titles[k].kind in ("institution", "institution_head", "side"):
                k = s.titles[k].j
                continue
            w = W[k]
            if r._definite(toks, k) and not r.nlex.is_stop(w) or w.startswith(_DEF) and r.nlex.stops.get(w) == "noun":
                k += 1
                continue
            if (k + 1 < n and WD[k + 1] and r._definite(toks, k + 1) and w not in r.nlex.given
                    and r.nlex.stops.get(w, "noun") == "noun" and not w.startswith(_DEF)):
                k += 2  # idafa: حكومة الظل
                continue
            if w in heads and k + 1 < n:
                nxt = k + 1
                if W[nxt] in _OPEN_QUOTES and nxt + 2 < n and WD[nxt + 1] and W[nxt + 2] in _CLOSE_QUOTES:
                    k = nxt + 3
                    continue
                if WD[nxt] and not _is_stop(W[nxt]) and W[nxt] not in r.nlex.given and PL[nxt] < 0:
                    k = nxt + 1
                    continue
            break
        if k == q + 1 or k >= n:
            return None
        return k

    def _after_posting(self, s: _Sent, q: int) -> tuple[int, int] | None:
        """A name after the place or body where the official serves, between the title and the
        name (``المنسق الإنساني للأمم المتحدة في اليمن يوهانس ...``، ``عضو البرلمان البريطاني
        عن مدينة سالزبيري، جون غلين``، ``وزيرة الداخلية في حكومة الظل، دايان آبوت``): a
        preposition (في، لدى، إلى، عن) followed by a place, definite words or a named body
        (``مدينة X``، ``شرطة «X»``), at most :data:`MAX_POSTING` words, then an optional comma.
        The name needs two words; after a comma it must end at a boundary (apposition)."""
        toks = s.toks
        W, WD, n = toks.w, toks.wd, toks.n
        r = self.r
        k = self._posting_end(s, q)
        if k is None:
            return None
        comma = W[k] in "،,"
        if comma:
            k += 1
        name = r._scan_forward(s, k, quoted=False) if k < n else None
        if name is None or len(_match_words(W[name[0] : name[1]])) < 2:
            return None
        name = self._arabic_name_cut(toks, name[0], name[1])
        if name is None:
            return None
        b = name[1]
        if comma and b < n and WD[b] and not _is_stop(W[b]):
            return None
        return name

    def _arabic_name_cut(self, toks: _Toks, a: int, b: int) -> tuple[int, int] | None:
        """A name with a family name in ال- read next to a title (not after an honorific) starts
        with a known given name (عادل الجبير) or a particle (عبد الله ...). Otherwise the ال-word
        is not part of it: the name is cut before it (دونالد ترامب | المثير) and dropped when
        fewer than two words remain (خالص | التهاني)."""
        nlex = self.r.nlex
        W = toks.w
        first = W[a]
        if first in nlex.given or first in nlex.particles or self.r._definite(toks, a):
            return a, b
        for k in range(a + 1, b):
            w = W[k]
            if w not in nlex.particles and self.r._definite(toks, k):
                if len(_match_words(W[a:k])) < 2:
                    return None
                return a, k
        return a, b

    def _title_events(self, s: _Sent, si: int, els: list[_TitleEl], pid: int) -> None:
        S, E = s.toks.s, s.toks.e
        for el in els:
            self.events.append(_Event(S[el.i], E[el.j - 1], si, "title", person=pid if id(el) in self.attached else -1, el=el))


def _other_country(a: _TitleEl, b: _TitleEl) -> bool:
    """Two titles whose explicit countries differ (each names its own state)."""
    ca = {q.igo or q.country for q in a.quals if q.how != "fixed"}
    cb = {q.igo or q.country for q in b.quals if q.how != "fixed"}
    return bool(ca) and bool(cb) and ca.isdisjoint(cb)


def _weak_title(r: _Reader, s: _Sent, h: _Hon) -> _TitleEl | None:
    """The office an honorific names (السفير → سفير), as a weak title of the person."""
    t = _office_titles().get(h.office) if h.office is not None else None
    if t is None:
        return None
    return _TitleEl(h.i, h.j, h.pre, t, " ".join(t.words), t.role, t.role2, t.rank, weak=True, head=t.words[0], canon=t.title,
                    kind=t.kind)



# --------------------------------------------------------------------------- home country

#: Weights of the home-country evidence (see the module docstring).
