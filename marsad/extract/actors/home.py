"""The document's home country: evidence weights from titles, places, datelines, wire
markers and outlets (package docstring, step 3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

from ...lexicon import load_table
from ...model import Document, PlaceMention, Span
from ...text.normalize import fold, normalize, NormText
from .body import _headlines, _in_body, _wire_lines
from .reader import _Reader
from .title_lexicon import _lexicon, _PERSON_TITLES
from .tokens import _DEF, _NEUTRAL_SIDES, _POSTING_STEMS


_W_INSTITUTION = 1.0  # a qualified institution or side: وزارة الداخلية المصرية، الدولة المصرية
_W_OFFICE = 0.5  # a qualified office: وزير الداخلية المصري
_W_FIXED = 0.5  # an office that belongs to one state: خادم الحرمين الشريفين
_W_GENERIC = -1.0  # a generic person noun with a demonym: الوزير الإيطالي، المسؤول الصيني
_W_OTHER = -2.0  # a counterpart or guest (نظيره الإيطالي، الضيف الغيني); travel abroad
_W_CAPITAL = 0.5  # a capital city named in the body
_W_DATELINE = 3.0  # a city at the start of the body (القاهرة -)
_W_WIRE = 5.0  # a national agency marker (واس)
_W_OUTLET = 3.0  # a known national outlet
#: One-word generic offices (folded): with a demonym they usually name the other side
#: (الوزير الإيطالي، المسؤول الصيني), and without one they corefer by head word.
_GENERIC_HEADS = frozenset({"الوزير", "الوزيره", "المسوول", "المسيول", "المتحدث", "الرييس", "الامير"})


def _home_scores(r: _Reader, outlet: str | None) -> Counter[str]:
    scores: Counter[str] = Counter()
    lex = r.lex
    visits = _visit_forms()
    for si, s in enumerate(r.sents):
        toks = s.toks
        if not toks.n:
            continue  # a sentence without anchor words (not read)
        for el in s.titles.values():
            if el.head.removeprefix("ال") in _POSTING_STEMS:
                # an ambassador or envoy: ours abroad (السفير المصري لدى الصين) or theirs here
                # (السفير الصيني بالقاهرة) — no evidence either way
                continue
            if el.title.words[0] in _NEUTRAL_SIDES:
                continue  # الجانب المصري، الوفد الإيطالي: either side of the exchange
            if el.title.group:
                continue  # a non-state group (المعارضة السورية، حزب الله) says nothing of the outlet
            for q in el.quals[:1] + [q for q in el.quals[1:] if q.how == "demonym"]:
                if q.country is None:
                    continue
                if q.how == "fixed":
                    scores[q.country] += _W_FIXED
                elif el.kind in ("institution", "institution_head", "side"):
                    scores[q.country] += _W_INSTITUTION
                elif el.title.words[0] in _GENERIC_HEADS and len(el.title.words) == 1:
                    scores[q.country] += _W_GENERIC
                else:
                    scores[q.country] += _W_OFFICE
        # travel abroad: an unqualified national office or delegation travelling (وزير الداخلية
        # بزيارة إلى الصين، يتوجه إلى الصين وفد) goes to another country (a qualified traveller says nothing: the
        # writer qualifies his own delegation abroad as well as a foreign one at home)
        W, WD, n = toks.w, toks.wd, toks.n
        subjects = sorted((el.i, el) for el in s.titles.values()
                          if not (len(el.title.words) == 1 and el.title.words[0] in _GENERIC_HEADS))
        if subjects and not visits.isdisjoint(W):
            for k in range(n):
                if not WD[k] or W[k] not in visits:
                    continue
                before = [el for i0, el in subjects if i0 < k]
                # the subject before the verb, or (verb first, as Arabic mostly writes) the
                # first office or delegation after it: يتوجه الاثنين إلى بيونغ يانغ وفد ...
                subject = max(before, key=lambda el: el.i) if before else min(
                    (el for i0, el in subjects if i0 > k), key=lambda el: el.i)
                for d in range(1, 5):
                    if k + d >= n or not WD[k + d]:
                        break
                    pa = r._place_at(toks, k + d, ("", "ل", "لل", "ب"))
                    if pa is not None:
                        dest = pa[0].country if pa[0].kind in ("country", "city") else None
                        if dest and not subject.quals:
                            scores[dest] += _W_OTHER
                        break
                    if toks.pl[k + d] >= 0:
                        break
        for co in s.corefs.values():
            if co.kind in ("counterpart", "guest"):
                if co.kind == "counterpart":
                    # نظيره X is the other side of its antecedent: evidence only when the
                    # antecedent is an unqualified (home) office
                    ante = max((el for el in s.titles.values() if el.j <= co.i and el.kind in _PERSON_TITLES),
                               key=lambda el: el.i, default=None)
                    if ante is not None and ante.quals:
                        continue
                for q in co.quals:
                    if q.country:
                        scores[q.country] += _W_OTHER
        # wire markers: in brackets anywhere, or among the first words of the body
        if lex.wire_first.keys().isdisjoint(W):
            continue
        for k in range(n):
            w = W[k]
            if not WD[k] or w not in lex.wire_first:
                continue
            words, country = lex.wire_first[w]
            if tuple(W[k : k + len(words)]) != words:
                continue
            bracketed = k > 0 and W[k - 1] in "(«\"" or k + len(words) < n and W[k + len(words)] in ")»\""
            if bracketed or (si == 0 and k < 40):
                scores[country] += _W_WIRE
    for p in r.places:
        if p.kind == "city" and p.country and _is_capital(p):
            scores[p.country] += _W_CAPITAL
    # a dateline: a capital opening the body, followed by punctuation or a date, and not by
    # an international outlet's marker ("دبي، الإمارات العربية المتحدة (CNN)" is a bureau)
    if r.sents and r.sents[0].toks.n:
        toks = r.sents[0].toks
        p0, pe0 = toks.pl[0], toks.pe[0]
        if p0 >= 0 and r.places[p0].kind == "city" and r.places[p0].country and _is_capital(r.places[p0]):
            latin = any(w.isascii() and w.isalpha() for w in toks.w[: pe0 + 8])
            if pe0 < toks.n and (not toks.wd[pe0] or toks.w[pe0].isdigit()) and not latin:
                scores[r.places[p0].country] += _W_DATELINE
    if outlet:
        c = lex.outlets.get(" ".join(fold(outlet).lower().split()))
        if c:
            scores[c] += _W_OUTLET
    return scores


@cache
def _visit_forms() -> frozenset[str]:
    """Travel words as written: alone or after و / ف."""
    visits = _lexicon().visits
    return visits | {c + v for c in "وف" for v in visits}


@cache
def _capitals() -> frozenset[str]:
    try:
        rows = load_table("cities")
    except Exception:  # noqa: BLE001 - the places data may not define cities
        return frozenset()
    return frozenset(fold(str(row["name"])) for row in rows if row["kind"] == "capital")


def _is_capital(p: PlaceMention) -> bool:
    return _is_capital_text(p.text)


@lru_cache(maxsize=4096)
def _is_capital_text(text: str) -> bool:
    w = fold(text)
    if w.startswith("لل"):
        w = _DEF + w[2:]
    return w in _capitals()


def _pick_home(scores: Counter[str]) -> str | None:
    ranked = [(v, c) for c, v in scores.items() if v > 0]
    if not ranked:
        return None
    ranked.sort(reverse=True)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


# --------------------------------------------------------------------------- resolution



def _headline_scores(text: str, nt: NormText, headlines: Sequence[Span]) -> Counter[str]:
    """Home-country evidence from the headline (a removed line, never read for persons):
    "وزير الداخلية يبحث مع نظيره الإيطالي" says Italy is the other side. Also used for the
    removed dateline and byline lines (``الرياض ... واس``, ``عين اليوم – جدة``): each is
    read on its own, as the opening of a body would be."""
    if not headlines:
        return Counter()
    from ..places import find_places

    hp = find_places(text, headlines, norm=nt)
    r = _Reader(text, nt, hp, headlines, tokenize_all=True)
    return _home_scores(r, None)


def _furniture_scores(text: str, nt: NormText, headlines: Sequence[Span], wire: Sequence[Span]) -> Counter[str]:
    """Home-country evidence from removed lines: the headline, and each wire line alone."""
    scores = _headline_scores(text, nt, headlines)
    for span in wire:
        scores.update(_headline_scores(text, nt, [span]))
    return scores



def home_country(doc: Document, places: Sequence[PlaceMention], *, norm: NormText | None = None) -> tuple[str | None, dict[str, float]]:
    """The document's home country inferred from its text and outlet (None when the evidence
    is absent or tied), with the score of every country (see the module docstring)."""
    nt = norm if norm is not None else normalize(doc.text)
    r = _Reader(doc.text, nt, _in_body(places, doc.body), doc.sentences or doc.body)
    scores = _home_scores(r, doc.outlet)
    scores.update(_furniture_scores(doc.text, nt, _headlines(doc), _wire_lines(doc)))
    return _pick_home(scores), dict(scores)
