"""States the text refers to without naming them (issue 11: who the parties of conflict news are).

Four mechanisms, all read from the document itself and from data:

* **Context-resolved state forces.** An unqualified force of a state (``الجيش``، ``قوات الأمن``،
  ``الشرطة``، ``قوات النظام``، ``القوات الحكومية``: a title of role MIL, COP or SPY, or the regime)
  belongs to the state the text puts it in, in this order:

  1. the same force named earlier *with* its state (``الجيش الإسرائيلي ... وقال الجيش``);
  2. the one country where the sentence locates things (its cities, and countries after في or
     ب: ``قوات الأمن ... في البصرة`` → IRQ); two countries there tell nothing;
  3. the country the document is about: the most frequent such location of the whole body
     (a strict first);
  4. the document's home country (as for every national office).

  Weapons and aircraft (``طائرات``، ``المدفعية``) take only step 1: a place says nothing of whose
  they are.

  A state institution of another role (``الحكومة``، ``السلطات``) takes steps 2–3 only when the
  document has no home country. Civilians, protesters and rebels (``المحتجين``، ``المدنيين``،
  ``فصائل المعارضة``) take steps 2–3 (they are the people of the place); armed men never do (the guidelines keep an
  attacker of unknown allegiance a bare type).
* **Deictic nicknames, coalitions and fixed forces** (``state_refs.tsv``): ``المملكة`` is the
  home kingdom; ``التحالف`` is the coalition of the war the text is about (Yemen → SAU, Syria or
  Iraq → USA); ``قوات الاحتلال`` is Israel.
* **Metonymic capitals.** A capital (``cities.tsv``, kind capital; or a seat of government of
  ``state_refs.tsv``: ``تل أبيب``) named as the one who acts —
  after a verb of feminine agreement (``استدعت موسكو``، ``وتتهم طهران``), after a
  complementizer (``أن واشنطن``), as the object right after such a capital (``اتهمت واشنطن
  موسكو``), coordinated with it (``واشنطن ولندن``), or opening a sentence before a verb — is that state's government (``RUSGOV``,
  ``basis="metonymy"``). After a preposition or a noun (``في موسكو``، ``مطار طهران``) it stays a
  place, and so does a capital in ``بين X و Y`` (relations between two capitals are
  background more often than an act).
* **Nisba adjectives of groups** (``state_refs.tsv``, kind nisba): ``الهجوم الحوثي`` names the
  Houthis as the attacker (not after a given name: ``عبد الملك الحوثي`` is a person).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from ...model import ActorMention, PlaceMention
from ...text.normalize import fold
from .reader import _Reader, _TitleEl
from .refs import StateRef, _nisbas, capital_names, state_refs

#: Roles of a state's forces: unqualified, they take the state of the text before the home country.
FORCE_ROLES = frozenset({"MIL", "COP", "SPY"})
#: Weapons and aircraft (folded heads): whose they are is said, or named before, never guessed
#: from the place (``قصفت إسرائيل ... باستخدام طائرات الشبح`` over Syria are not Syria's).
_EQUIPMENT = frozenset(fold(w) for w in (
    "طائرات", "الطائرات", "مقاتلات", "المقاتلات", "طيران", "الطيران", "مروحيات", "المروحيات", "المدفعية",
    "الدفاعات", "الدفاع"))
#: Roles of the people of a place: unqualified, they take the country of the place (civilians,
#: protesters and the opposition, rebels fighting there).
PEOPLE_ROLES = frozenset({"CVL", "OPP", "REB"})
#: Words before a capital that make it the subject of a clause (folded).
_COMPLEMENTIZERS = frozenset({"ان", "لان", "بان", "وان", "فان", "لكن", "ولكن", "كما", "حيث", "بينما"})
#: Folded words ending in ت that are not verbs of feminine agreement.
_NOT_VERBS = frozenset({"تحت", "بيت", "وقت", "صوت", "موت", "ثابت", "بنت", "زيت", "سبت", "توقيت", "بتوقيت"})
#: Words that open a locative phrase for a country (folded): في مصر، داخل سوريا.
_LOCATIVE = frozenset({"في", "داخل", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "انحاء"})
#: Words before a surname-like nisba that make it part of a person's name.
_NAME_FIRST = frozenset({"عبد", "عبدال", "ابو", "بن", "ابن", "بدر", "نور", "سيف", "شمس", "زين", "عز", "صلاح", "حسام", "علاء", "جمال"})
_WORD = re.compile(r"[\u0621-\u064a]+|[^\s\u0621-\u064a]")


def _words_before(view: str, pos: int, n: int = 2) -> list[str]:
    """Up to ``n`` tokens before ``pos`` (nearest first): Arabic words or single other characters."""
    toks = _WORD.findall(view[max(0, pos - 40) : pos])
    return toks[::-1][:n]


def _words_after(view: str, pos: int, n: int = 2) -> list[str]:
    return _WORD.findall(view[pos : pos + 40])[:n]


def _strip_conj(w: str) -> str:
    return w[1:] if len(w) > 3 and w[0] in "وف" else w


def _with_bi(w: str, name: str) -> bool:
    """A country written with the preposition ب (بمصر، وبالعراق، ببريطانيا)."""
    if w[:1] in "وف" and w[1:2] == "ب":
        w = w[1:]
    return w[:1] == "ب" and (not name.startswith("ب") or w[:2] == "بب")


def _locative(w: str) -> bool:
    return w in _LOCATIVE or w[:1] in "وف" and w[1:] in _LOCATIVE


def _is_verb_f(w: str) -> bool:
    """A verb of feminine (or plural-of-things) agreement as written before its subject:
    perfect ``استدعت``، ``قالت``; imperfect ``تتهم``، ``ستطالب``."""
    w = _strip_conj(w)
    if len(w) < 3 or w in _NOT_VERBS or w.startswith("ال"):
        return False
    if w.endswith("ت") and not w.endswith("ات"):
        return True
    return len(w) >= 4 and w[0] == "ت" and not w.endswith(("ات", "ه", "ي", "يه")) or w[:2] == "ست" and len(w) >= 5


class Context:
    """Where a document's text puts things: the countries of each sentence's locations, the
    country the document is about, and forces named with their state (for later anaphora)."""

    def __init__(self, r: _Reader, home: str | None) -> None:
        self.r = r
        self.home = home
        view = r.nt.text
        self.sent_starts = [s.a for s in r.sents]
        self.sent_countries: list[Counter[str]] = [Counter() for _ in r.sents]
        self.place_norm = r.offsets.norm_spans([(p.start, p.end) for p in r.places])
        topic: Counter[str] = Counter()
        caps = capital_names()
        for p, (ps, _pe) in zip(r.places, self.place_norm):
            if not p.country or p.kind not in ("city", "country"):
                continue
            if p.kind == "country":
                w = fold(p.text)
                before = _words_before(view, ps, 1)
                if not (_with_bi(w, fold(p.name)) or before and _locative(before[0])):
                    continue  # a country named as an actor, not as the place of the events
            elif fold(p.text).lstrip("وف") in caps and not self._locative_capital(p, ps):
                continue  # a capital that may stand for its government
            si = bisect_right(self.sent_starts, ps) - 1
            if si >= 0 and view[self.sent_starts[si] : ps].strip(" \n«\"(") == "" and _words_after(view, _pe, 1)[:1] in (["-"], ["–"], ["—"], ["،"], [":"]):
                continue  # a dateline (جدة - ...): where the story was filed, not where it happens
            if si >= 0:
                self.sent_countries[si][p.country] += 1
            topic[p.country] += 1
        ranked = topic.most_common(2)
        self.topic = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        self.named: list[tuple[int, str, str]] = []  # (normalized start, force key, country) of qualified forces

    def _locative_capital(self, p: PlaceMention, ps: int) -> bool:
        w = fold(p.text)
        if w[:1] in "بل" and w not in capital_names():
            return True
        before = _words_before(self.r.nt.text, ps, 1)
        return bool(before) and (_locative(before[0]) or before[0] in ("الى", "من", "قرب", "بين", "مدينه", "العاصمه"))

    # -- forces ---------------------------------------------------------------------------

    @staticmethod
    def force_key(el: _TitleEl) -> str:
        return el.text

    def note_named(self, pos: int, el: _TitleEl, country: str | None) -> None:
        """A force named with its state at ``pos`` (for the anaphora of step 1)."""
        if country and (el.role in FORCE_ROLES or "النظام" in el.text):
            self.named.append((pos, self.force_key(el), country))

    def place_country(self, pos: int) -> str | None:
        """Steps 2–3: the sentence's one location country, else the document's topic."""
        si = bisect_right(self.sent_starts, pos) - 1
        if 0 <= si < len(self.sent_countries):
            c = self.sent_countries[si]
            if len(c) == 1:
                return next(iter(c))
        return self.topic

    def resolve(self, pos: int, el: _TitleEl, nonstate: bool) -> tuple[str | None, str | None, str] | None:
        """(country, role, basis) for an element the text does not qualify, or None to keep the
        usual reading (home country for a national office, no country for a group)."""
        ref = self.ref_of(el)
        if ref is not None:
            return self._ref_country(pos, ref), ref.role or el.role, "context"
        role = el.role
        if nonstate:
            if role in PEOPLE_ROLES and el.title.group == "noun":  # a generic noun, not a named group
                c = self.place_country(pos)
                return (c, role, "context") if c else None
            return None
        if role in FORCE_ROLES or "النظام" in el.text:
            key = self.force_key(el)
            for p0, k, c in reversed(self.named):
                if p0 < pos and k == key:
                    return c, role, "coreference"
            if el.text.split(" ", 1)[0] in _EQUIPMENT:
                return None, role, "context"
            c = self.place_country(pos)
            return (c, role, "context") if c else None
        if self.home is None and role == "GOV" and el.kind in ("side", "institution"):
            c = self.place_country(pos)
            return (c, role, "context") if c else None
        return None

    def ref_of(self, el: _TitleEl) -> StateRef | None:
        refs = state_refs()
        ref = refs.get(el.text)
        if ref is None and " " in el.text:
            ref = refs.get(el.text.split(" ", 1)[1])  # قوات التحالف، طيران التحالف
        return ref if ref is not None and ref.kind in ("home", "theatre", "fixed") else None

    def _ref_country(self, pos: int, ref: StateRef) -> str | None:
        if ref.kind == "fixed":
            return ref.countries[0]
        where = self.place_country(pos)
        if ref.kind == "home":
            if self.home in ref.countries:
                return self.home
            return where if where in ref.countries else None
        if ref.kind == "theatre":
            return ref.theatres.get(where or "") or ref.theatres.get(self.topic or "")
        return None

    # -- capitals and nisbas -----------------------------------------------------------------

    def metonymic_capitals(self) -> list[ActorMention]:
        """Capitals named as the one who acts: their state's government."""
        r, view = self.r, self.r.nt.text
        caps = capital_names()
        out: list[ActorMention] = []
        last_end = -10  # normalized end of the last metonymic capital
        for p, (ps, pe) in zip(r.places, self.place_norm):
            if p.kind != "city" or not p.country:
                continue
            w = fold(p.text)
            conj = w[:1] in "وف" and w not in caps and w[1:] in caps or view[ps - 1 : ps] == "و" and view[ps - 2 : ps - 1] == " "
            if w not in caps and not conj:
                continue  # a clitic preposition (بموسكو، لواشنطن) or not a capital
            before = _words_before(view, ps, 2)
            after = _words_after(view, pe, 2)
            prev = before[0] if before else ""
            ok = False
            gap = view[last_end:ps].strip() if last_end >= 0 else "x"
            if gap in ("و", "") and (conj or gap == "و"):
                ok = True  # واشنطن ولندن: coordinated with a capital that acts
            elif not conj and gap == "":
                ok = True  # اتهمت واشنطن موسكو: the object of the clause it opens
            elif _strip_conj(prev) in _COMPLEMENTIZERS or prev in _COMPLEMENTIZERS:
                ok = True
            elif _WORD.fullmatch(prev or "-") and prev[:1] != "-" and _is_verb_f(prev) and prev not in caps:
                ok = True
            elif (not prev or not _WORD.fullmatch(prev) or prev in ".:؛!؟?") and after and after[0] not in "-–—:(،," \
                    and _is_verb_f(after[0]):
                ok = True  # موسكو تطرد ...: a sentence opening with its subject
            if not ok:
                continue
            if after and after[0] in "-–—" and not before:
                continue  # a dateline
            last_end = pe
            out.append(ActorMention(p.text, p.start, p.end, p.country + "GOV", "country", p.country, None, "GOV",
                                    None, None, None, "metonymy"))
        return out

    def nisba_actors(self) -> list[ActorMention]:
        """Group adjectives after a definite noun: الهجوم الحوثي → the Houthis."""
        nis = _nisbas()
        r, view, nt = self.r, self.r.nt.text, self.r.nt
        out: list[ActorMention] = []
        if not nis:
            return out
        for s in r.sents:
            seg = view[s.a : s.b]
            if not any(k in seg for k in nis):
                continue
            for m in re.finditer(r"[\u0621-\u064a]+", seg):
                ref = nis.get(m.group())
                if ref is None:
                    continue
                a = s.a + m.start()
                before = _words_before(view, a, 3)
                if not before or not before[0].startswith(("ال", "وال", "بال", "لل", "فال")):
                    continue
                if any(_strip_conj(b) in _NAME_FIRST for b in before[1:3]) or before[0] in ("الدين", "الله", "الملك", "الرحمن"):
                    continue  # عبد الملك الحوثي، بدر الدين الحوثي: a person's name
                st, en = nt.orig_span(a, s.a + m.end())
                code = ref.code or (ref.countries[0] + (ref.role or "") if ref.countries else (ref.role or ""))
                country = ref.countries[0] if ref.countries else None
                out.append(ActorMention(r.text[st:en], st, en, code, "group", country, None, ref.role, None, None, None, "explicit"))
        return out
