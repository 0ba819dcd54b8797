"""Reading one document's sentences: titles with their complements and qualifiers,
honorifics and coreference phrases, as elements over tokens (see the package docstring, steps 1–2)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress

from ...model import PlaceMention, Span
from ...text.normalize import NormText
from ..persons import MAX_NAME_WORDS, name_lexicon, NameLexicon
from .title_lexicon import _anchor_surface_words, _anchor_variants, _named_heads, _anchor_words, _COREF_OPENERS, _coref_words, _folded_title, _head_words, _hon_words, _is_stop, _lexicon, _name_word_kind, _PERSON_TITLES, _title_trie, _title_variants, _title_words, Title, titles
from .tokens import _COMPLEMENT_KINDS, _DEF, _FORMER, _HARAKAT, _MAX_BACK, _MAX_COMPLEMENT, _OPEN_QUOTES, _POSTING_STEMS, _SEPARATORS, _SPLIT, _tokenize, _Toks


# --------------------------------------------------------------------------- elements


@dataclass(slots=True)
class _Qual:
    code: str
    country: str | None
    igo: str | None
    how: str  # demonym | construct | prep | fixed | nested
    tok: int  # token index of the place (or -1)


@dataclass(slots=True)
class _TitleEl:
    """A matched title phrase with its complement and qualifiers."""

    i: int  # first token
    j: int  # token after the phrase (incl. complement, adjectives, demonyms)
    pre: str  # clitic on the first token
    title: Title
    text: str  # canonical title: the data title plus complement words (folded)
    role: str | None
    role2: str | None
    rank: int | None
    quals: list[_Qual] = field(default_factory=list)  # explicit affiliations, first = main
    former: bool = False
    weak: bool = False  # an honorific used as a title (السفير + name)
    head: str = ""  # the head word (وزير، سفير ...) for generic coreference
    canon: str = ""  # the office as a phrase: data title + complement as written
    posting: str | None = None  # where an ambassador or envoy is posted (لدى / في / إلى)
    inner: bool = False  # wraps another title or names a place (not a bare head + nouns)
    kind: str = ""  # title.kind (a field, not a property: it is read very often)

    @property
    def country(self) -> tuple[str | None, str | None, str]:
        """(country, igo, basis) from the qualifiers or the fixed country."""
        for q in self.quals:
            return q.country, q.igo, "explicit"
        return None, None, ""


@dataclass(slots=True)
class _Hon:
    i: int
    j: int
    pre: str
    kind: str
    office: str | None
    role: str | None


@dataclass(slots=True)
class _Coref:
    i: int
    j: int
    pre: str
    kind: str  # pronoun | counterpart | guest | turn
    quals: list[_Qual] = field(default_factory=list)


@dataclass(slots=True)
class _Sent:
    toks: _Toks  # no tokens for a sentence without any anchor word (nothing to read there)
    titles: dict[int, _TitleEl]  # by first token
    hons: dict[int, _Hon]
    corefs: dict[int, _Coref]
    covered: list[bool]  # token is part of a title / honorific / coref element
    a: int = 0  # span in the normalized view
    b: int = 0
    starts: list[int] = field(default_factory=list)  # anchor starts, sorted
    # anchor start -> end token / clitic of the element there (a title wins over an honorific,
    # an honorific over a coreference phrase)
    ends: dict[int, int] = field(default_factory=dict)
    pres: dict[int, str] = field(default_factory=dict)


class _Offsets:
    """The offset map of a :class:`~marsad.text.normalize.NormText` as the reader uses it:
    ``orig_span`` memoized (words are looked at more than once), spans mapped into the view
    in bulk (:meth:`~marsad.text.normalize.NormText.norm_spans`)."""

    __slots__ = ("nt", "memo")

    def __init__(self, nt: NormText) -> None:
        self.nt = nt
        self.memo: dict[tuple[int, int], tuple[int, int]] = {}

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """``nt.orig_span(i, j)``."""
        sp = self.memo.get((i, j))
        if sp is None:
            sp = self.memo[(i, j)] = self.nt.orig_span(i, j)
        return sp

    def norm_spans(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """``[nt.norm_span(s, e) for s, e in spans]``."""
        return self.nt.norm_spans(spans)

    def norm_span(self, s: int, e: int) -> tuple[int, int]:
        """``nt.norm_span(s, e)``."""
        return self.nt.norm_span(s, e)


class _Reader:
    """Reads one document: tokens, elements, persons, coreference."""

    def __init__(self, text: str, nt: NormText, places: Sequence[PlaceMention], spans: Sequence[Span],
                 tokenize_all: bool = False, word_pairs: bool = True) -> None:
        self.text = text
        self.nt = nt
        self.places = list(places)
        self.lex = _lexicon()
        self.nlex: NameLexicon = name_lexicon()
        self.heads = _head_words()
        self.anchors = _anchor_words()
        self.title_words = _title_words()
        self.hon_words = _hon_words()
        self.coref_words = _coref_words()
        # no tanween anywhere: no word has it (the common case needs no offset mapping)
        self.tanween = "\u064b" in text or "\u064c" in text or "\u064d" in text
        self.sents: list[_Sent] = []
        # every sentence's tokens (an Arabic word or None), for known spellings (dictionary.known_names)
        self.sent_words: list[list[str | None]] = []
        self.offsets = offsets = _Offsets(nt)
        self.orig = offsets.orig_span  # normalized span -> original span
        pl = sorted(zip(offsets.norm_spans([(p.start, p.end) for p in self.places]), range(len(self.places))),
                    key=lambda x: x[0])
        pstarts = [ps for (ps, _), _ in pl]
        longest = max((pe - ps for (ps, pe), _ in pl), default=0)
        surface = _anchor_surface_words()
        view = nt.text
        bounds = offsets.norm_spans([(sp.start, sp.end) for sp in spans])
        no_toks = _Toks([], [], [], [])  # shared by the sentences not read (never written to)
        for si, (a, b) in enumerate(bounds):
            # one split per sentence: its Arabic words (parts[1::3], None for other tokens)
            # say whether it holds an anchor word, and it is tokenized from the same pieces
            parts = _SPLIT.split(view[a:b])
            if word_pairs:
                self.sent_words.append(parts[1::3])
            if si > 0 and not tokenize_all and surface.isdisjoint(parts[1::3]):
                self.sents.append(_Sent(no_toks, {}, {}, {}, [], a, b))
                continue
            toks = _Toks(*_tokenize(view, a, b, parts))
            if toks.n and pl:
                self._attach_places(toks, pl, pstarts, longest)
            sent = self._elements(toks)
            sent.a, sent.b = a, b
            sent.starts = sorted({*sent.titles, *sent.hons, *sent.corefs})
            # a title wins over an honorific, an honorific over a coreference phrase
            for els in (sent.corefs, sent.hons, sent.titles):
                for k, x in els.items():
                    sent.ends[k] = x.j
                    sent.pres[k] = x.pre
            self.sents.append(sent)

    # -- places on tokens ---------------------------------------------------------------

    def _attach_places(self, toks: _Toks, pl: list[tuple[tuple[int, int], int]], pstarts: list[int], longest: int) -> None:
        """Mark the token where each place starts (the first place wins). ``pl`` is sorted by
        start; places starting more than ``longest`` before the sentence end before it."""
        S, E, n = toks.s, toks.e, toks.n
        lo, hi = S[0], E[-1]
        view = self.nt.text
        for x in range(bisect_left(pstarts, lo - longest), len(pl)):
            (ps, pe), k = pl[x]
            if ps >= hi:
                break
            if pe <= lo:
                continue
            i = bisect_right(S, ps) - 1
            if i < 0 or E[i] <= ps:
                continue
            j = i
            while j < n and S[j] < pe:
                j += 1
            if toks.pl[i] < 0:
                toks.pl[i], toks.pe[i] = k, j
                toks.pp[i] = view[S[i] : ps]

    def _place_at(self, toks: _Toks, i: int, prefixes: tuple[str, ...] = ("",)) -> tuple[PlaceMention, int, str] | None:
        if i >= toks.n:
            return None
        k = toks.pl[i]
        if k < 0:
            return None
        pre = toks.pp[i]
        # لل before an ال-name: the span starts at the fused لل
        if pre not in prefixes:
            return None
        return self.places[k], toks.pe[i], pre

    # -- element matching -----------------------------------------------------------------

    def _match_titles(self, toks: _Toks, i: int) -> Sequence[tuple[Title, str, int]]:
        """Every title starting at token ``i``, longest first: (title, clitic, end token).
        Memoized per sentence (the result is shared: callers only read it)."""
        if toks.w[i] not in self.title_words:
            return ()  # not an Arabic word with a title reading
        found = toks.memo.get(i)
        if found is not None:
            return found
        found = []
        W, WD, n = toks.w, toks.wd, toks.n
        trie = _title_trie()
        for pre, stem in _title_variants(W[i]):
            node = trie[stem]
            hits = [(1, node[1])] if node[1] else []
            d = 1
            while i + d < n and WD[i + d]:
                nxt = node[0].get(W[i + d])
                if nxt is None:
                    break
                node = nxt
                d += 1
                if node[1]:
                    hits.append((d, node[1]))
            for k, ts in reversed(hits):
                for title in ts:
                    found.append((title, pre, i + k))
        if len(found) > 1:
            found.sort(key=lambda m: (-(m[2] - i), m[0].construct, len(m[1])))
        toks.memo[i] = found
        return found

    def _match_title(self, toks: _Toks, i: int) -> tuple[Title, str, int] | None:
        """The longest title starting at token ``i``."""
        found = self._match_titles(toks, i)
        return found[0] if found else None

    def _match_hon(self, toks: _Toks, i: int) -> _Hon | None:
        W = toks.w
        if W[i] not in self.hon_words:
            return None  # not an Arabic word that starts an honorific
        nlex = self.nlex
        n = toks.n
        for pre, stem in _anchor_variants(W[i]):
            if stem not in nlex.honorific_first:
                continue
            for k in range(min(nlex.max_honorific, n - i), 0, -1):
                h = nlex.honorifics.get((stem, *W[i + 1 : i + k]))
                if h is None:
                    continue
                if len(stem) == 1:  # د. / د/ : an abbreviation needs its dot or slash
                    if i + 1 >= n or W[i + 1] not in "./" or toks.s[i + 1] != toks.e[i]:
                        continue
                    return _Hon(i, i + 2, pre, h[0], h[1], h[2])
                return _Hon(i, i + k, pre, h[0], h[1], h[2])
        return None

    def _match_coref(self, toks: _Toks, i: int) -> tuple[str, str, int] | None:
        W = toks.w
        if W[i] not in self.coref_words:
            return None
        n = toks.n
        for pre, stem in _anchor_variants(W[i]):
            for words, kind in self.lex.coref.get(stem, ()):
                k = len(words)
                if words[0] in _COREF_OPENERS:
                    # keyed by its second word: the opener is the word before
                    if pre or i == 0 or k < 2:
                        continue
                    o = W[i - 1]
                    opre = o[: len(o) - len(words[0])] if o.endswith(words[0]) else None
                    if opre not in ("", "و", "ف") or i - 1 + k > n:
                        continue
                    if all(W[i - 1 + d] == words[d] for d in range(1, k)):
                        return kind, opre, i - 1 + k
                    continue
                if i + k <= n and all(W[i + d] == words[d] for d in range(1, k)):
                    return kind, pre, i + k
        return None

    def _demonyms(self, toks: _Toks, j: int, el_quals: list[_Qual], adjectives: bool = True) -> int:
        """Consume title adjectives and demonyms after a title (``الإيطالي``، ``المصري
        والإيطالي``، ``السابق``); returns the new end. Demonyms become qualifiers."""
        n = toks.n
        if j < n and toks.pl[j] < 0 and toks.w[j] not in self.title_words and toks.w[j] != "في":
            return j  # nothing to read here (no place, no adjective, no في)
        while j < n:
            pa = self._place_at(toks, j)
            if pa is not None and pa[0].kind == "demonym":
                p = pa[0]
                el_quals.append(_Qual(p.code, p.country, p.igo, "demonym", j))
                j = pa[1]
                # coordinated demonyms: المصري والإيطالي
                while j < n:
                    pb = self._place_at(toks, j, ("و",))
                    if pb is None or pb[0].kind != "demonym" or pb[2] != "و":
                        break
                    el_quals.append(_Qual(pb[0].code, pb[0].country, pb[0].igo, "demonym", j))
                    j = pb[1]
                continue
            m = self._match_title(toks, j) if adjectives else None
            if m is not None and m[0].kind == "adjective" and m[1] == "":
                j = m[2]
                continue
            if not el_quals:
                # بجمهورية الصين الشعبية، بالاتحاد الأوروبي; في + an organisation
                pb = self._place_at(toks, j, ("", "ب", "ل", "لل"))
                if pb is not None and pb[2] == "" and not (pb[0].kind == "igo" and pb[0].text.startswith("ل")):
                    pb = None  # bare: only an organisation whose span holds its ل (للأمم المتحدة)
                if pb is not None and (pb[0].kind == "igo" or pb[0].kind == "country" and pb[2] == "ب"):
                    el_quals.append(_Qual(pb[0].code, pb[0].country, pb[0].igo, "prep", j))
                    j = pb[1]
                    continue
                if toks.w[j] == "في":
                    pb = self._place_at(toks, j + 1)
                    if pb is not None and (pb[0].kind == "igo" or pb[0].kind == "country" and adjectives):
                        el_quals.append(_Qual(pb[0].code, pb[0].country, pb[0].igo, "prep", j + 1))
                        j = pb[1]
                        continue
            break
        return j

    def _title_at(self, toks: _Toks, i: int, depth: int = 0) -> _TitleEl | None:
        """The complete title element starting at token ``i`` (or None): the longest title
        whose conditions hold (a construct form needs its place, a head its complement)."""
        for m in self._match_titles(toks, i):
            el = self._title_from(toks, i, m, depth)
            if el is not None:
                return el
        return None

    def _title_from(self, toks: _Toks, i: int, m: tuple[Title, str, int], depth: int) -> _TitleEl | None:
        title, pre, j = m
        if title.kind == "adjective":
            return None
        n = toks.n
        el = _TitleEl(i, j, pre, title, _folded_title(title.title), title.role, title.role2, title.rank, head=title.words[0],
                      kind=title.kind)
        if title.kind == "modifier" and depth < 3:
            inner = None
            if j < n:
                inner = self._title_at(toks, j, depth + 1)
                if inner is not None and (inner.pre not in ("", "ل") or inner.kind not in ("office", "office_head", "modifier")):
                    inner = None
            if inner is not None:
                el.inner = True
                el.j = inner.j
                el.text = " ".join(title.words) + " " + inner.text
                el.canon = title.title + " " + inner.canon
                if title.role in (None, "GOV") or inner.role in ("LEG",) and title.role == "LEG":
                    el.role, el.role2 = inner.role, inner.role2
                el.rank = title.rank if title.rank is not None else (None if inner.rank is None else min(9, inner.rank + 1))
                el.quals = inner.quals
                el.former = inner.former
                el.head = title.words[0]
                if not el.quals and inner.title.country:
                    el.quals = [_Qual(inner.title.country, None if inner.title.country.startswith("IGO") else inner.title.country,
                                      inner.title.country if inner.title.country.startswith("IGO") else None, "fixed", -1)]
                self._finish(toks, el)
                return el
        if title.construct or title.complement == "place":
            pa = self._place_at(toks, j)
            if pa is None or pa[0].kind == "demonym":
                return None
            p = pa[0]
            el.quals.append(_Qual(p.code, p.country, p.igo, "construct", j))
            el.j = pa[1]
        elif title.complement == "open" or title.kind == "modifier":
            end, words = self._complement(toks, j, el, depth)
            if end == j and title.kind in ("office_head", "institution_head", "modifier") and not el.quals:
                # a bare head word is not an actor, unless a demonym follows (المبعوث الأممي)
                pd = self._place_at(toks, j)
                if pd is None or pd[0].kind != "demonym":
                    return None
            el.j = end
            if words:
                el.text = el.text + " " + " ".join(words)
                a, b = self.orig(toks.s[j], toks.e[end - 1])
                el.canon = title.title + " " + " ".join(self.text[a:b].split())
        if not el.canon:
            el.canon = title.title
        if not el.quals:
            PL, PE = toks.pl, toks.pe
            for d in range(i + 1, j):
                if PL[d] >= 0 and PE[d] > j and toks.pp[d] in ("", "ل", "لل", "ب"):
                    p = self.places[PL[d]]
                    if p.kind in ("igo", "country"):
                        el.quals.append(_Qual(p.code, p.country, p.igo, "construct", d))
                        el.j = max(el.j, PE[d])
                        break
        el.j = self._demonyms(toks, el.j, el.quals, adjectives=title.kind in _PERSON_TITLES)
        el.inner = el.inner or bool(el.quals)
        if el.head.removeprefix("ال") in _POSTING_STEMS and el.j + 1 < n and toks.w[el.j] in ("لدي", "في", "الي"):
            pa = self._place_at(toks, el.j + 1)
            if pa is not None and pa[0].kind != "demonym":
                el.posting = pa[0].igo or pa[0].country
                el.j = self._demonyms(toks, pa[1], [])
        if title.complement == "qualifier" and not el.quals:
            return None
        if title.country and not el.quals:
            c = title.country
            el.quals.append(_Qual(c, None if c.startswith("IGO") else c, c if c.startswith("IGO") else None, "fixed", -1))
        self._finish(toks, el)
        return el

    def _finish(self, toks: _Toks, el: _TitleEl) -> None:
        # adjectives already consumed: former official?
        if not _FORMER.isdisjoint(toks.w[el.i : el.j]):
            el.former = True

    def _complement(self, toks: _Toks, j: int, el: _TitleEl, depth: int) -> tuple[int, list[str]]:
        """Read an open complement from token ``j``; returns (end, words)."""
        nlex = self.nlex
        W, WD, n = toks.w, toks.wd, toks.n
        k = j
        end = j
        words: list[str] = []
        after_place = False
        while k < n and k - j < _MAX_COMPLEMENT:
            if not WD[k]:
                break
            w = W[k]
            # a place: construct (no clitic) or after ب / ل / لل
            pa = self._place_at(toks, k, ("", "ب", "ل", "لل", "وب", "ول"))
            if pa is not None:
                p, pe, pre = pa
                if pre.startswith("و") and not words:
                    break
                if p.kind == "demonym":
                    if pre:
                        break
                    el.quals.append(_Qual(p.code, p.country, p.igo, "demonym", k))
                else:
                    el.quals.append(_Qual(p.code, p.country, p.igo, "construct" if not pre else "prep", k))
                    words.extend(W[k:pe])
                    k = end = pe
                    break  # a country, city or organisation ends the complement
                words.extend(W[k:pe])
                k = end = pe
                after_place = True
                continue
            if after_place and w.startswith("و"):
                break
            if w == "في" and words and k + 1 < n:
                pa = self._place_at(toks, k + 1)
                if pa is not None and pa[0].kind in ("country", "city", "igo"):
                    if pa[0].kind == "igo":
                        el.quals.append(_Qual(pa[0].code, pa[0].country, pa[0].igo, "prep", k + 1))
                    words.extend(W[k : pa[1]])
                    k = end = pa[1]
                    after_place = True
                    continue
            if w in nlex.given or w in nlex.particles or self._match_hon(toks, k) is not None:
                break
            # a nested title or institution
            if depth < 3:
                m = self._match_title(toks, k)
                if m is not None and m[0].kind != "adjective":
                    mt, mpre, _ = m
                    if mpre.startswith("و") and mt.kind in ("office", "office_head", "modifier"):
                        break
                    if mpre.startswith("و") and not words:
                        break
                    definite = mt.words[0].startswith(_DEF) or mpre in ("ل", "لل", "ب") or mt.country is not None
                    if mt.kind in ("office", "office_head", "modifier") and not definite:
                        break
                    if mt.kind in ("office", "office_head", "modifier") and el.title.kind in ("institution", "institution_head", "side"):
                        break  # إدارة الرئيس الأميركي دونالد ترمب: the name is the office's
                    inner = self._title_at(toks, k, depth + 1)
                    if inner is not None:
                        el.inner = True
                        if el.title.inherit and inner.role not in (None, "GOV", "ELI") and el.title.kind != "modifier":
                            el.role, el.role2 = inner.role, inner.role2
                        if inner.quals:
                            el.quals.extend(_Qual(q.code, q.country, q.igo, "nested", q.tok) for q in inner.quals)
                            after_place = True
                        words.extend(W[k : inner.j])
                        k = end = inner.j
                        continue
            stem, pre = w, ""
            for c in ("و", "ل", "ب"):
                if stem.startswith(c) and len(stem) > 3:
                    if stem.startswith(c + _DEF) or (c == "ل" and stem.startswith("لل")):
                        pre, stem = c, stem[len(c) :]
                        if pre == "ل" and stem.startswith("ل"):
                            stem = _DEF + stem[1:]
                        break
            if pre == "" and w[:1] in "لب" and not w.startswith(_DEF) and k + 1 < n:
                # ل / ب + indefinite noun in construct: لمكافحة الإرهاب، لنصرة الأشقاء
                if WD[k + 1] and W[k + 1].startswith(_DEF) and not _is_stop(w[1:]) and len(w) > 3:
                    pre, stem = w[0], w[1:]
            stops = nlex.stops
            if stops.get(stem, "noun") not in _COMPLEMENT_KINDS or (pre and stops.get(w, "noun") not in _COMPLEMENT_KINDS):
                break
            if pre == "و" and not words:
                break
            if stem.startswith(_DEF) and (pre or self._definite(toks, k)):
                words.append(w)
                k = end = k + 1
                continue
            # an indefinite noun continues the chain only when a definite word or a place
            # follows (idafa): فرع هيئة الأمر، مجموعة الجريسي
            if k + 1 < n and WD[k + 1] and pre in ("", "ل", "ب"):
                nw = W[k + 1]
                if (nw.startswith(_DEF) and not _is_stop(nw)) or toks.pl[k + 1] >= 0 and toks.pp[k + 1] == "":
                    if nw not in nlex.given:
                        words.append(w)
                        k = k + 1
                        continue
                # two indefinite nouns before it: وكيل إمارة منطقة عسير، رئيس جمعية سيهات الخيرية
                if (k + 2 < n and WD[k + 2] and nw not in nlex.given and nw not in nlex.particles and toks.pl[k + 1] < 0
                        and (stops.get(w) == "noun" or w in _named_heads() or self._taa(toks, k) or nw in self.title_words)
                        and not nw.startswith(_DEF) and stops.get(nw, "noun") in _COMPLEMENT_KINDS
                        and self._match_hon(toks, k + 1) is None):
                    nw2 = W[k + 2]
                    if (nw2.startswith(_DEF) and not _is_stop(nw2) and nw2 not in nlex.given) or toks.pl[k + 2] >= 0 and toks.pp[k + 2] == "":
                        words.append(w)
                        k = k + 1
                        continue
            break
        words = words[: len(words) - (k - end)] if k > end else words
        # the title's own words end before trailing demonyms (وزير حقوق الإنسان | اليمني)
        while el.quals and el.quals[-1].how == "demonym" and el.quals[-1].tok >= j and toks.pe[el.quals[-1].tok] == end:
            q = el.quals.pop()
            del words[len(words) - (end - q.tok) :]
            end = q.tok  # _demonyms() reads it again as the title's qualifier
        return end, words

    def _elements(self, toks: _Toks) -> _Sent:
        titles_: dict[int, _TitleEl] = {}
        hons: dict[int, _Hon] = {}
        corefs: dict[int, _Coref] = {}
        n = toks.n
        W, WD, PL = toks.w, toks.wd, toks.pl
        covered = [False] * n
        hon_ends: set[int] = set()
        given = self.nlex.given
        particles = self.nlex.particles
        # only words that can start an anchor are examined (most words cannot)
        anchors = self.anchors
        cands = list(compress(range(n), map(anchors.__contains__, W)))
        ci = 0
        i = 0
        while ci < len(cands):
            if cands[ci] < i:
                ci += 1
                continue
            i = cands[ci]
            ci += 1
            w = W[i]
            prev = W[i - 1] if i > 0 and WD[i - 1] else ""
            # inside a name (بن سلطان، محمد أمين): a one-word head that is also a name is a name
            inside_name = bool(prev) and not covered[i - 1] and (
                prev in particles or (prev in given and w in given)
            )
            # a given name right after an honorific (الدكتور مساعد العيبان) is a name
            after_hon = i > 0 and covered[i - 1] and (i - 1) in hon_ends and w in given
            h = self._match_hon(toks, i)
            c = self._match_coref(toks, i)
            el = self._title_at(toks, i)
            if (el is not None and (inside_name or after_hon) and el.title.kind in ("office_head", "modifier")
                    and len(el.title.words) == 1 and not el.inner):
                el = None  # محمد أمين الحسيني، الدكتور مساعد العيبان (not: فكري مساعد وزير الداخلية)
            if c is not None and (el is None or c[2] - i >= el.j - i) and (h is None or c[2] >= h.j):
                kind, pre, j = c
                start = i
                if j - i < len(next(ws for ws, kd in self.lex.coref.get(_anchor_variants(w)[0][1], ()) if kd == kind)):
                    start = i - 1  # من جانبه: the opener is the word before
                    if covered[start]:
                        i += 1
                        continue
                co = _Coref(start, j, pre, kind)
                if kind in ("counterpart", "guest"):
                    j = self._demonyms(toks, j, co.quals)
                    co.j = j
                corefs[start] = co
                for k in range(start, j):
                    covered[k] = True
                i = j
                continue
            if h is not None and el is not None:
                # both (السفير، الملك، القاضي): an honorific when a name, a quote, a title or
                # another honorific follows; otherwise a title. A longer match wins.
                if h.j > el.j:
                    el = None
                elif el.j > h.j:
                    h = None
                else:
                    nxt = h.j
                    follows = nxt < n and (
                        W[nxt] in _OPEN_QUOTES
                        or (self._name_word(toks, nxt) and PL[nxt] < 0)
                        or self._match_title(toks, nxt) is not None
                        or self._match_hon(toks, nxt) is not None
                    )
                    if follows:
                        el = None
                    else:
                        h = None
            if el is not None:
                titles_[i] = el
                for k in range(i, el.j):
                    covered[k] = True
                i = el.j
                continue
            if h is not None:
                hons[i] = h
                for k in range(i, h.j):
                    covered[k] = True
                hon_ends.add(h.j - 1)
                i = h.j
                continue
            i += 1
        return _Sent(toks, titles_, hons, corefs, covered)

    # -- names ------------------------------------------------------------------------------

    def _name_word(self, toks: _Toks, k: int) -> bool:
        """Whether token ``k`` can be a word of a name (see persons.py for the rule)."""
        if not toks.wd[k]:
            return False
        kind = _name_word_kind(toks.w[k])
        if kind != 2:
            return kind == 1
        # a given name spelled like a stop word (علي / على، رجب، باسم): a name word when
        # written as the name and followed by another name word
        if k + 1 >= toks.n:
            return False
        if not toks.wd[k + 1]:
            return False
        nxt = toks.w[k + 1]
        if _is_stop(nxt) and not (self.nlex.particles.get(nxt, ("",))[0] == "compound" or self._inner_noun(toks, k + 1)):
            return False
        a, b = self.orig(toks.s[k], toks.e[k])
        if self.text[a:b].rstrip(_HARAKAT).endswith("ى"):
            return False
        return True

    def _inner_noun(self, toks: _Toks, k: int) -> bool:
        """A common noun inside a name, between a given name and a family name (خالد قرار
        الحربي، علي أكبر صالحي): token ``k`` is a listed noun (not a verb, preposition, time
        word), the word before is a given name, and the next word ends the name: a family name
        in ال- or a name word, followed by a boundary."""
        n = toks.n
        if k < 1 or k + 1 >= n or not toks.wd[k + 1] or not toks.wd[k - 1] or toks.pl[k + 1] >= 0:
            return False
        if self.nlex.stops.get(toks.w[k]) != "noun" or toks.w[k].startswith(_DEF) or toks.w[k - 1] not in self.nlex.given:
            return False
        nxt = toks.w[k + 1]
        if _name_word_kind(nxt) != 1 or nxt in self.heads or self._orig_has_tanween(toks, k):
            return False
        if k + 2 < n and toks.wd[k + 2] and not _is_stop(toks.w[k + 2]) and toks.pl[k + 2] < 0:
            return False  # the name must end after the next word
        return True

    def _orig_has_tanween(self, toks: _Toks, k: int) -> bool:
        if not self.tanween:
            return False
        a, b = self.orig(toks.s[k], toks.e[k])
        seg = self.text[a:b]
        return "\u064b" in seg or "\u064c" in seg or "\u064d" in seg

    def _definite(self, toks: _Toks, k: int) -> bool:
        """The word starts with the article ال in the original text: ``أليكسيس``، ``إليزابيث``
        fold to an ال-spelling but their hamza says they are transcribed names, not ال + noun."""
        w = toks.w[k]
        if not w.startswith(_DEF):
            return False
        a, _ = self.orig(toks.s[k], toks.e[k])
        return self.text[a : a + 1] not in "أإآ" or a >= len(self.text)

    def _taa(self, toks: _Toks, k: int) -> bool:
        """The word ends in taa marbuta (ة) in the original text."""
        if not toks.w[k].endswith("ه"):
            return False
        a, b = self.orig(toks.s[k], toks.e[k])
        return "ة" in self.text[a:b][-3:] or "ﺔ" in self.text[a:b][-3:]

    def _name_ok(self, toks: _Toks, k: int) -> bool:
        """A word that may stand in a name (not a stop word, not an adverbial with tanween)."""
        return self._name_word(toks, k) and not self._orig_has_tanween(toks, k)

    def _scan_forward(self, s: _Sent, k: int, *, quoted: bool) -> tuple[int, int] | None:
        """A name starting at token ``k``: (start, end) tokens or None (see persons.py for
        where a name ends)."""
        toks = s.toks
        W, WD, PL = toks.w, toks.wd, toks.pl
        covered = s.covered
        n = toks.n
        nlex = self.nlex
        given = nlex.given
        particles = nlex.particles
        if k < n and W[k][:1] == "و" and W[k] not in given and _is_stop(W[k][1:]):
            return None  # و + a known word (وتابع، والتقى)
        i = k
        words = 0
        end = k
        after_particle = False
        while i < n and words < MAX_NAME_WORDS:
            if (W[i] == "-" and i > k and i + 1 < n and WD[i + 1] and not covered[i + 1]
                    and toks.s[i] == toks.e[i - 1] and toks.s[i + 1] == toks.e[i]):
                i += 1  # a hyphenated transcription: كيم يونغ-أون
                continue
            if covered[i] or not WD[i]:
                break
            if PL[i] >= 0 and not after_particle:
                break
            w = W[i]
            part = particles.get(w)
            if part is not None and part[0] == "kunya" and i > k and (i + 1 >= n or not self._name_ok(toks, i + 1) or covered[i + 1]):
                # أبي / أبو at the end is a name word (شينزو آبي)
                words += 1
                i += 1
                end = i
                break
            if part is not None and part[0] == "compound":
                if i == k:
                    break
                i += 1
                end = i
                after_particle = False  # عبد الله: the compound ends the particle's word
                continue
            if part is not None and (i > k or part[0] in ("kunya", "theophoric", "family")):
                after_particle = True
                i += 1
                continue
            if not after_particle:
                if not self._name_ok(toks, i) and not (i > k and self._inner_noun(toks, i)):
                    break
                if (w in self.heads or w[-1:] == "ا" and w[:-1] in self.heads) and w not in given:
                    break  # a title word (رئيس، وزير; زعيما، مبعوثا) ends a name even when no title matched
                if i > k and w.startswith("و") and not quoted and w not in given and (
                    words >= 2 or w[1:] in given
                ):
                    break  # و + word after a full name: the next coordinated item (not تشانغ ويمينغ)
                is_given = w in given
                if not is_given and self._taa(toks, i):
                    # a word in ة is a name only as the last word (باسلمة), never the first
                    if i == k or (i + 1 < n and WD[i + 1] and not _is_stop(W[i + 1]) and PL[i + 1] < 0 and not covered[i + 1]):
                        break
                if not is_given and (self._definite(toks, i) if i == k else w.startswith(_DEF)):
                    # an ال-word ends a name (a first word with hamza, أليكسيس، is a name word) (عادل الجبير), unless a particle or a given name
                    # follows (الثاني بن الحسين، الدرديري محمد أحمد) or it is a compound part
                    has_next = i + 1 < n
                    words += 1
                    i += 1
                    end = i
                    if has_next and WD[i] and not covered[i] and (
                        W[i] in particles or (i - 1 == k and W[i] in given)
                    ):
                        continue
                    break
            words += 0 if (after_particle and W[i - 1] == "عبد") else 1
            after_particle = False
            i += 1
            end = i
        if end == k:
            return None
        # idafa: a last word followed by a common ال-noun is the head of a noun phrase
        # (محمود توفيق عمق العلاقات), not a name
        if end < n and end - k >= 2:
            last, nxt = W[end - 1], W[end]
            if (WD[end] and nxt.startswith(_DEF) and nlex.stops.get(nxt) == "noun" and not self._definite(toks, end - 1)
                    and last not in given and W[end - 2] not in particles):
                end -= 1
        while end > k and W[end - 1] in particles and particles[W[end - 1]][0] in ("nasab", "foreign", "theophoric", "family"):
            end -= 1
        if end == k:
            return None
        return k, end

    def _scan_backward(self, s: _Sent, k: int, floor: int) -> tuple[int, int] | None:
        """A name ending before token ``k`` (a title starts at ``k``), not reaching below
        ``floor``; needs a boundary before it and two words or more."""
        toks = s.toks
        W, WD, PL = toks.w, toks.wd, toks.pl
        covered = s.covered
        nlex = self.nlex
        given = nlex.given
        particles = nlex.particles
        e = k
        if e - 1 >= floor and not WD[e - 1] and W[e - 1] in _SEPARATORS:
            e -= 1
        i = e
        words = 0
        while i - 1 >= floor:
            if covered[i - 1] or not WD[i - 1] or PL[i - 1] >= 0:
                break
            w = W[i - 1]
            part = particles.get(w)
            prev_part = i - 2 >= 0 and WD[i - 2] and W[i - 2] in particles
            if part is None and prev_part and particles[W[i - 2]][1] == "glue" and not covered[i - 2]:
                words += 1  # عبد الله، أبو بكر: any word after a glued particle
            elif part is None:
                if not self._name_ok(toks, i - 1):
                    break
                is_given = w in given
                if words > 0 and not is_given and not prev_part and (self._definite(toks, i - 1) or self._taa(toks, i - 1)):
                    break  # ال- and ة-words only as the last word of a name
                if words == 0 and not is_given and (self._taa(toks, i - 1) and len(w) < 5 or w[:1] in "يت" and len(w) <= 4
                                                    or w[:1] == "و" and len(w) > 3):
                    break  # right before the title: a short word in ة, a verb (يضم), a coordinated noun
                if w.startswith("و") and not is_given and len(w) > 3 and (words > 0 or w[1:] in given):
                    break  # و + name: the coordinated list starts after it
                words += 1
            i -= 1
            if words > _MAX_BACK:
                return None
        while i < e and W[i] in particles and particles[W[i]][0] in ("nasab", "foreign"):
            i += 1
        if words < 2 or i >= e:
            return None
        # the word before must be a boundary
        if i - 1 >= 0:
            if WD[i - 1] and not (_is_stop(W[i - 1]) or covered[i - 1] or PL[i - 1] >= 0):
                return None
        if self._taa(toks, i) and W[i] not in given:
            return None
        return i, e
