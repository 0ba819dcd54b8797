"""Actors and persons: offices, institutions, named officials and who they work for.

>>> from marsad.extract.actors import find_actors_in_text
>>> actors, persons = find_actors_in_text("استقبل اللواء محمود توفيق وزير الداخلية المصري نظيره الإيطالي.")
>>> [(p.name, p.title, p.country) for p in persons]
[('محمود توفيق', 'وزير الداخلية', 'EGY')]
>>> [(a.text, a.code, a.kind) for a in actors]
[('محمود توفيق', 'EGYGOV', 'person'), ('وزير الداخلية المصري', 'EGYGOV', 'office'), ('نظيره الإيطالي', 'ITAGOV', 'office')]

Public API
==========

* :func:`find_actors` ``(doc, places, *, default_country=None, norm=None) -> (actors, persons)`` — every
  actor mention in the body of a :class:`~marsad.model.Document` (offices, institutions,
  named persons, countries and organisations, coreferent mentions) with a CAMEO-style code,
  and the document's persons. ``places`` is what :func:`marsad.extract.places.find_places`
  returned for the document. Only body sentences are read: names in mastheads, bylines and
  captions (``doc.removed``) never become persons.
* :func:`find_actors_in_text` ``(text, places=None, *, outlet=None, default_country=None)`` —
  the same for a bare string (its sentences from :func:`marsad.text.segment.segment`; places
  found with :func:`~marsad.extract.places.find_places` when not given).
* :func:`home_country` ``(doc, places, ...) -> (code | None, scores)`` — the country whose
  unqualified national offices the document means.
* :func:`actor_code` ``(country, igo, role, role2) -> str`` — ``EGY`` + ``GOV`` → ``EGYGOV``;
  an organisation's code is the actor code itself (``IGOEUREEC``).
* :func:`warm` ``()`` — load the data and build the lookup tables now (for ``pipeline.warm``).

Data: ``titles.tsv`` (offices, institutions, sides → CAMEO role, rank), ``honorifics.tsv``,
``coreference.tsv``, ``home_cues.tsv``; names: see :mod:`marsad.extract.persons`.

How an actor is read
====================

All matching is on the normalized view (:func:`marsad.text.normalize.normalize`), one sentence
at a time, on words; every span is mapped back to exact original offsets.

1. **Titles** (longest match in ``titles.tsv``; clitics و/ف/ب/ل/ك and لل allowed on the first
   word). An ``office_head`` (وزير، رئيس، مدير، مفوض ...) takes an *open complement*: an idafa
   chain of nouns (``مفوض الهجرة والشؤون الداخلية والمواطنة``، ``مدير فرع هيئة ...``), nested
   titles and institutions (``مدير الأمن العام`` → COP), and places in construct or after
   ب/ل (``رئيس كوريا الجنوبية``، ``وزير الأمن والحماية المدنية بجمهورية غينيا``). The chain
   stops at punctuation, stop words (prepositions such as لدى/في/إلى: ``سفير اليونان لدى
   المملكة`` is posted *to* the kingdom), given names (``وزير النقل بدر ...``), honorifics and
   coordinated titles. A ``modifier`` (نائب، مساعد، مستشار ...) wraps the title that follows.
   Title adjectives (السابق → ELI, الدائم, المنتخب) and a demonym may follow.
2. **Affiliation** of a title: a demonym after it (``وزير الداخلية الإيطالي``), else the first
   place in its complement (``وزير داخلية إيطاليا``، ``مندوب مصر الدائم``، ``بالاتحاد
   الأوروبي``), else the fixed country of the title (``خادم الحرمين الشريفين`` → SAU), else —
   for a national office — the document's *home country* (``basis="home_country"``).
   Officials of an organisation get role IGO (spokespersons keep ELI).
3. **Home country** (:func:`home_country`; weights are the ``_W_*`` constants): a title or
   institution qualified by a country counts for it — an institution or side +1
   (``وزارة الداخلية المصرية``، ``الدولة المصرية``), an office +0.5
   (``وزير الداخلية المصري``), an office that belongs to one state +0.5 (``خادم الحرمين
   الشريفين``); a generic person noun with a demonym −1 (``الوزير الإيطالي``، ``المسؤول الصيني``:
   writers name the *other* side that way); a counterpart or guest −2 (``نظيره الإيطالي``،
   ``الضيف الغيني``, when the antecedent office is the unqualified home one); ambassadors
   count for nothing (ours abroad or theirs here: ``السفير المصري لدى الصين``، ``السفير
   الصيني بالقاهرة``); the destination of travel after an unqualified office or delegation
   −2 (``وزير الداخلية بزيارة إلى الصين``); sides that
   name either party (``الجانب``، ``الوفد``) count for nothing; a capital named in the body
   +0.5; a capital dateline opening the body +3 (``القاهرة -``; not when an international outlet's Latin
   marker follows, ``(CNN)``); a national wire marker +5 (``واس``); a known national outlet +3
   (``home_cues.tsv``). The headline (a removed line) counts too; it is never read for persons.
   The best positive score wins, a tie gives none; then ``default_country``
   (``basis="default"``). No country is hard-coded.
4. **Persons**: a name is read forwards after an anchor — honorifics (``اللواء``، ``السفير
   الدكتور``), a title (``الرئيس``، ``وزير الأمن العام الصينى «...»``), a counterpart
   (``نظيره الإيطالي``) — optionally inside «»; or backwards from a title when nothing anchors
   it (``استقبل محمود توفيق وزير الداخلية``، ``وانغ شيا هونغ- وزير``، ``X، Y مفوض ...``), where
   the word before the name must be a boundary (punctuation, a stop word or verb, an anchor)
   and the name must have two words or more. A title right after a name (``اللواء محمود توفيق
   وزير الداخلية``، ``محمد جاد «مندوب ...»``) belongs to it. Where a name ends: see
   :mod:`marsad.extract.persons`.
5. **Coreference within the document** (``basis="coreference"``): a repeated full or partial
   name (``توفيق``، ``اللواء توفيق``) — a shorter name that is a prefix of a longer one, or shares
   its first and last word, or is its last word; a title mention without a name (``وزير
   الداخلية``، ``الوزير``، ``وزير الأمن العام الصينى``): the person holding that office (same
   title and country, or same head word ``وزير``), most recent first; ``سيادته`` and other
   pronoun forms: the person most recently named; ``نظيره [demonym]``: the holder of the
   antecedent's office in the other country; ``الضيف``/``المسؤول``/``الوزير`` + demonym: the
   most recent person of that country; ``من جانبه`` with no actor named right after: the most
   recent person other than the previous sentence's subject. ``سيادته`` prefers the subject
   (first person named) of its own sentence. Coreferent mentions are added to the person's
   ``mentions`` and emitted as actor mentions with the person's index.

Performance: sentences whose words contain no anchor word (a title, honorific or coreference
word, with clitics) are not tokenized. A sentence's tokens are parallel lists (words, offsets,
is-word, places) built from one ``re.split``, not an object per token; the words that can start
a title, honorific or coreference phrase are precomputed sets (a set lookup per word decides
whether anything is tried there); titles are matched on a word trie, memoized per sentence;
per-word answers (stop word, name word, readings with clitics) are cached; offsets are mapped
with the normalized text's bulk and inlined offset methods (:class:`_Offsets`, checked against
:class:`~marsad.text.normalize.NormText` by a test); partial names are found with
``str.find``. Pass ``norm`` when the caller already normalized the text. About 1.1 ms per news
article on one core (the actors stage of ``bench/pipeline.py``). Where the time goes: reading
the words of the sentences (the anchor check and one regular-expression split: about a
quarter), normalization (when ``norm`` is not passed) and offset mapping (a tenth), matching
titles and honorifics (an eighth), reading names, resolving coreference and building the
output (a tenth each).

Codes: ``actor_code(country, igo, role, role2)`` concatenates CAMEO 3-letter elements
(``EGYGOV``, ``CHNCOP``, ``SAUGOVMIL``); an organisation is its own code (``IGOEUREEC``); a
country or side without a role is the bare ISO-3 code (``EGY``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, compress

from ..lexicon import load_table
from ..model import ActorMention, Document, Person, PlaceMention, Span
from ..text.clean import SOURCE_LINES
from ..text.normalize import NormText, fold, normalize
from .persons import CLITICS, MAX_NAME_WORDS, NameLexicon, name_lexicon, person_key

__all__ = [
    "Title",
    "actor_code",
    "find_actors",
    "find_actors_in_text",
    "home_country",
    "titles",
    "warm",
]

# words, numbers, Latin words, single punctuation; "#" and "_" of hashtags (#عمر_البشير) are
# not tokens, so a hashtag reads as the words it joins
_TOKEN = re.compile(r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+)|[0-9]+|[A-Za-z]+|[^\s#_]")
_WORDS = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_OPEN_QUOTES = frozenset('"«“(')
_CLOSE_QUOTES = frozenset('"»”)')
_SEPARATORS = frozenset("،,-–—:")  # between a name and its title (X، Y مفوض; X- وزير)
_DEF = "ال"
_HARAKAT = "".join(map(chr, range(0x064B, 0x0660)))  # U+064B-065F, trailing marks of a word
#: Heads (without ال, folded) whose "لدى/في/إلى + place" is a posting, not an affiliation.
#: Sides that name either party of an exchange (الجانب المصري، الوفد الإيطالي): no home evidence.
_NEUTRAL_SIDES = frozenset({"الجانب", "الجانبان", "الجانبين", "الطرف", "الطرفان", "الطرفين", "الوفد", "وفد"})
_POSTING_STEMS = frozenset({"سفير", "سفيره", "مندوب", "مندوبه", "ممثل", "ممثله", "مبعوث", "مبعوثه", "قنصل", "ملحق", "قايم", "المندوب"})
_MAX_COMPLEMENT = 9  # words in an open complement
#: Stop-word kinds that may still stand in a title's complement (nouns: مدير مكتب، محافظ مدينة).
_COMPLEMENT_KINDS = frozenset({"noun", "number", "eponym", "participle"})
_MAX_BACK = 5  # name words read backwards from a title


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Title:
    """A row of titles.tsv (or a form derived from it)."""

    title: str  # as written in the data file
    words: tuple[str, ...]  # folded words matched
    kind: str  # office | office_head | modifier | institution | institution_head | side | adjective
    role: str | None
    role2: str | None
    rank: int | None
    country: str | None
    complement: str  # none | open | place | qualifier
    inherit: bool = False  # the role of an institution in the complement replaces role
    construct: bool = False  # derived construct form: a place must follow directly
    dual: bool = False  # derived dual form (وزيرا / وزيري)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, tuple[Title, ...]]  # first folded word -> titles, longest first
    coref: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, kind)
    wires: dict[str, str]  # folded wire marker -> country
    wire_first: dict[str, tuple[tuple[str, ...], str]]
    outlets: dict[str, str]  # folded outlet -> country
    visits: frozenset[str]  # folded travel words


#: Prepositions that open a coreference phrase (من جانبه، في المقابل، على الجانب الآخر): too
#: frequent to be anchors themselves, the phrase is found by its second word.
_COREF_OPENERS = frozenset({"من", "في", "علي"})


def _dual(word: str) -> tuple[str, ...]:
    if word.startswith(_DEF):
        return ()
    if word.endswith("ه"):  # folded taa marbuta: وزاره -> وزارتي / وزارتا
        return (word[:-1] + "تي", word[:-1] + "تا")
    return (word + "ي", word + "ا")


@cache
def titles() -> tuple[Title, ...]:
    """Every title form the finder matches: the rows of titles.tsv plus derived construct and
    dual forms."""
    out: list[Title] = []
    for r in load_table("titles"):
        words = tuple(fold(str(r["title"])).split())
        base = Title(
            title=str(r["title"]),
            words=words,
            kind=str(r["kind"]),
            role=None if r["role"] is None else str(r["role"]),
            role2=None if r["role2"] is None else str(r["role2"]),
            rank=None if r["rank"] is None else int(r["rank"]),  # type: ignore[arg-type]
            country=None if r["country"] is None else str(r["country"]),
            complement=str(r["complement"]),
            inherit=r["inherit"] == "yes",
        )
        out.append(base)
        if base.kind in ("office", "institution", "side") and len(words) >= 2:
            if words[-1].startswith(_DEF) and not any(w.startswith(_DEF) for w in words[:-1]):
                cw = words[:-1] + (words[-1][2:],)
                out.append(Title(base.title, cw, base.kind, base.role, base.role2, base.rank, base.country, "place", base.inherit, construct=True))
        if base.kind in ("office", "institution") and len(words) >= 2:
            for d in _dual(words[0]):
                out.append(Title(base.title, (d,) + words[1:], base.kind, base.role, base.role2, base.rank, base.country, base.complement, base.inherit, dual=True))
    return tuple(out)


@cache
def _lexicon() -> _Lexicon:
    by_first: dict[str, list[Title]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for t in titles():
        # forms that fold alike (نائبة / نائبه) are all kept: the first whose conditions
        # hold wins (_Reader._title_at)
        if (t.words, t.title) in seen:
            continue
        seen.add((t.words, t.title))
        by_first.setdefault(t.words[0], []).append(t)
    coref: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for r in load_table("coreference"):
        words = tuple(fold(str(r["phrase"])).split())
        # من جانبه، في المقابل: a phrase opening with a preposition is found by its second word
        key = words[1] if len(words) > 1 and words[0] in _COREF_OPENERS else words[0]
        coref.setdefault(key, []).append((words, str(r["kind"])))
    wires: dict[str, str] = {}
    outlets: dict[str, str] = {}
    visits: set[str] = set()
    for r in load_table("home_cues"):
        if r["kind"] == "visit":
            visits.add(fold(str(r["cue"])))
        elif r["kind"] == "wire":
            wires[" ".join(_TOKEN.findall(fold(str(r["cue"])).replace(".", " ")))] = str(r["country"])
        else:
            outlets[" ".join(fold(str(r["cue"])).lower().split())] = str(r["country"])
    wire_first: dict[str, tuple[tuple[str, ...], str]] = {}
    for cue, c in wires.items():
        ws = tuple(cue.split())
        wire_first[ws[0]] = (ws, c)
    return _Lexicon(
        by_first={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in by_first.items()},
        coref={k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in coref.items()},
        wires=wires,
        wire_first=wire_first,
        outlets=outlets,
        visits=frozenset(visits),
    )


@cache
def _head_words() -> frozenset[str]:
    """First words (folded) of offices, heads and modifiers: they end a name."""
    return frozenset(t.words[0] for t in titles() if t.kind in ("office", "office_head", "modifier") and not t.dual)


def actor_code(country: str | None, igo: str | None = None, role: str | None = None, role2: str | None = None) -> str:
    """The CAMEO-style code of an actor: ``EGY`` + ``GOV`` → ``EGYGOV``; an organisation is
    coded by itself (``IGOEUREEC``); unknown country and role → ``""``."""
    if igo:
        return igo
    parts = [country or "", role or "", role2 or ""]
    if not country and not role:
        return ""
    return "".join(p for p in parts if p)


# --------------------------------------------------------------------------- tokens

#: :data:`_TOKEN` as one ``re.split``: Arabic words in group 1; numbers, Latin words and single
#: punctuation in group 2 (the same tokens, in the same places, as ``_TOKEN.finditer``).
_SPLIT = re.compile(r"([\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+)|([0-9]+|[A-Za-z]+|[^\s#_])")
_FORMER = frozenset({"السابق", "السابقه", "الاسبق", "الاسبقه"})


class _Toks:
    """The tokens of one sentence as parallel lists (offsets in the normalized view), built
    by one ``re.split`` and list operations: no object per token."""

    __slots__ = ("n", "w", "s", "e", "wd", "pl", "pe", "pp", "memo")

    def __init__(self, w: list[str], s: list[int], e: list[int], wd: list[bool]) -> None:
        n = len(w)
        self.n = n
        self.w = w  # folded word, or the punctuation character
        self.s = s  # start in the normalized view
        self.e = e  # end in the normalized view
        self.wd = wd  # an Arabic word
        self.pl = [-1] * n  # index of a place mention starting at this token
        self.pe = [-1] * n  # token index after that place
        self.pp = [""] * n  # clitic before the place inside this token (بالاتحاد → ب)
        self.memo: dict[int, list[tuple[Title, str, int]]] = {}  # token -> title matches


def _tokenize(view: str, a: int, b: int, parts: list[str | None] | None = None) -> tuple[list[str], list[int], list[int], list[bool]]:
    """The tokens of ``view[a:b]`` as (words, starts, ends, is Arabic word): the pieces of one
    split, their offsets summed up. ``parts``: ``_SPLIT.split(view[a:b])`` when already done."""
    if parts is None:
        parts = _SPLIT.split(view[a:b])
    arabic = parts[1::3]
    w = [x or y for x, y in zip(arabic, parts[2::3])]
    m = len(w)
    lens = [0] * (2 * m + 1)  # gap, token, gap, token, ..., gap
    lens[0::2] = map(len, parts[0::3])
    lens[1::2] = map(len, w)
    acc = list(accumulate(lens, initial=a))
    return w, acc[1 : 2 * m : 2], acc[2 : 2 * m + 1 : 2], list(map(bool, arabic))


def _is_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3"


def _variants(w: str) -> list[tuple[str, str]]:
    """(clitic, stem) readings of a folded word: itself, without one or two proclitics, and
    ل + ال fused as لل."""
    out = [("", w)]
    for c in CLITICS:
        if w.startswith(c) and len(w) - len(c) >= 2:
            out.append((c, w[len(c) :]))
    for c in ("", "و", "ف"):
        if w.startswith(c + "لل") and len(w) - len(c) >= 4:
            out.append((c + "ل", _DEF + w[len(c) + 2 :]))
    return out


@cache
def _anchor_firsts() -> frozenset[str]:
    """Every first word (folded) of a title (adjectives excepted: they only follow a title),
    honorific or coreference phrase."""
    nlex = name_lexicon()
    lex = _lexicon()
    firsts = {w for w, ts in lex.by_first.items() if any(t.kind != "adjective" for t in ts)}
    return frozenset(firsts) | nlex.honorific_first | frozenset(lex.coref)


@cache
def _anchor_surface() -> frozenset[str]:
    """Every way an anchor word can be written in the normalized view (with clitics): a
    sentence whose words are disjoint from it is not tokenized."""
    return frozenset(_surface_forms(_anchor_firsts()))


@cache
def _anchor_surface_words() -> frozenset[str]:
    """The Arabic words of :func:`_anchor_surface` (what a sentence's words are checked
    against)."""
    return frozenset(w for w in _anchor_surface() if _WORDS.fullmatch(w))


@cache
def _anchor_words() -> frozenset[str]:
    """The Arabic words that can start an anchor: those with an :func:`_anchor_variants`
    reading (a subset of :func:`_anchor_surface`; a set lookup instead of a call per token)."""
    return frozenset(w for w in _anchor_surface() if _WORDS.fullmatch(w) and _anchor_variants(w))


def _surface_forms(firsts: frozenset[str]) -> set[str]:
    """Every way a word of ``firsts`` can be written with clitics (see :func:`_variants`)."""
    out: set[str] = set()
    for w in firsts:
        for c in ("", *CLITICS):
            out.add(c + w)
        if w.startswith(_DEF):
            for c in ("", "و", "ف"):
                out.add(c + "لل" + w[2:])
    return out


@cache
def _title_words() -> frozenset[str]:
    """The Arabic words with a :func:`_title_variants` reading (adjectives included)."""
    return frozenset(w for w in _surface_forms(frozenset(_lexicon().by_first)) if _WORDS.fullmatch(w) and _title_variants(w))


@cache
def _hon_words() -> frozenset[str]:
    """The words with an :func:`_anchor_variants` reading that starts an honorific."""
    first = name_lexicon().honorific_first
    return frozenset(w for w in _anchor_words() if any(stem in first for _, stem in _anchor_variants(w)))


@cache
def _coref_words() -> frozenset[str]:
    """The words with an :func:`_anchor_variants` reading that keys a coreference phrase."""
    coref = _lexicon().coref
    return frozenset(w for w in _anchor_words() if any(stem in coref for _, stem in _anchor_variants(w)))


@cache
def _title_trie() -> dict[str, tuple[dict, tuple[Title, ...]]]:
    """The titles of :func:`_lexicon` as a word trie: first word -> node; a node is (next word
    -> node, titles ending there in ``by_first`` order)."""
    Node = tuple[dict, list]
    root: dict[str, Node] = {}
    for first, ts in _lexicon().by_first.items():
        for t in ts:
            node = root.setdefault(first, ({}, []))
            for w in t.words[1:]:
                node = node[0].setdefault(w, ({}, []))
            node[1].append(t)

    def freeze(node: Node) -> tuple[dict, tuple[Title, ...]]:
        return {w: freeze(c) for w, c in node[0].items()}, tuple(node[1])

    return {w: freeze(n) for w, n in root.items()}


@lru_cache(maxsize=1 << 16)
def _title_variants(w: str) -> tuple[tuple[str, str], ...]:
    """The (clitic, stem) readings of ``w`` whose stem starts a title (adjectives included)."""
    by_first = _lexicon().by_first
    return tuple(v for v in _variants(w) if v[1] in by_first)


@lru_cache(maxsize=1 << 16)
def _anchor_variants(w: str) -> tuple[tuple[str, str], ...]:
    """The (clitic, stem) readings of ``w`` whose stem starts a title, honorific or
    coreference phrase (most words have none; cached per word)."""
    firsts = _anchor_firsts()
    return tuple(v for v in _variants(w) if v[1] in firsts)


@lru_cache(maxsize=1 << 15)
def _one_word_title(w: str) -> bool:
    """Whether a reading of ``w`` is a one-word title (adjectives included)."""
    by_first = _lexicon().by_first
    return any(len(t.words) == 1 for _, stem in _title_variants(w) for t in by_first[stem])


@lru_cache(maxsize=1 << 15)
def _is_stop(w: str) -> bool:
    """:meth:`NameLexicon.is_stop` of :func:`name_lexicon`, cached per word."""
    return name_lexicon().is_stop(w)


@lru_cache(maxsize=1 << 15)
def _is_eponym(w: str) -> bool:
    """:meth:`NameLexicon.is_eponym` of :func:`name_lexicon`, cached per word."""
    return name_lexicon().is_eponym(w)


@lru_cache(maxsize=1 << 15)
def _name_word_kind(w: str) -> int:
    """What the Arabic word ``w`` alone says about standing in a name: 0 never (a stop word,
    a clitic on a definite word, و + a known word), 1 yes, 2 a given name spelled like a stop
    word (the next word and the original spelling decide: _Reader._name_word)."""
    nlex = name_lexicon()
    if len(w) < 2 and w not in nlex.particles:
        return 0
    if len(w) > 3 and (w[:1] in "وفبكل" and w[1:3] == _DEF or w.startswith(("لل", "ولل", "فلل"))):
        return 0  # a clitic on a definite word (للحج، بالإنجاز، والوفد) is never a name word
    if _is_stop(w):
        return 2 if w in nlex.given else 0
    if w[0] == "و" and len(w) > 2 and w not in nlex.given:
        rest = w[1:]
        if rest in nlex.given or rest in nlex.particles or rest.startswith(_DEF) or rest in nlex.stops:
            return 0
        if _one_word_title(rest):
            return 0
    return 1


@lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    return " ".join(fold(title).split())


@cache
def _office_titles() -> dict[str, Title]:
    """The first row form (not construct, not dual) of each title, by its data title."""
    out: dict[str, Title] = {}
    for t in titles():
        if not t.construct and not t.dual:
            out.setdefault(t.title, t)
    return out


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
                 tokenize_all: bool = False) -> None:
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
                pb = self._place_at(toks, j, ("ب",))
                if pb is not None and pb[0].kind in ("country", "igo"):
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
            if stem.startswith(_DEF):
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
        if not toks.wd[k + 1] or _is_stop(toks.w[k + 1]):
            return False
        a, b = self.orig(toks.s[k], toks.e[k])
        if self.text[a:b].rstrip(_HARAKAT).endswith("ى"):
            return False
        return True

    def _orig_has_tanween(self, toks: _Toks, k: int) -> bool:
        if not self.tanween:
            return False
        a, b = self.orig(toks.s[k], toks.e[k])
        seg = self.text[a:b]
        return "\u064b" in seg or "\u064c" in seg or "\u064d" in seg

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
                continue
            if part is not None and (i > k or part[0] in ("kunya", "theophoric", "family")):
                after_particle = True
                i += 1
                continue
            if not after_particle:
                if not self._name_ok(toks, i):
                    break
                if w in self.heads and w not in given:
                    break  # a title word (رئيس، وزير) ends a name even when no title matched
                if i > k and w.startswith("و") and not quoted and w not in given and (
                    words >= 2 or w[1:] in given
                ):
                    break  # و + word after a full name: the next coordinated item (not تشانغ ويمينغ)
                is_given = w in given
                if not is_given and self._taa(toks, i):
                    # a word in ة is a name only as the last word (باسلمة), never the first
                    if i == k or (i + 1 < n and WD[i + 1] and not _is_stop(W[i + 1]) and PL[i + 1] < 0 and not covered[i + 1]):
                        break
                if w.startswith(_DEF) and not is_given:
                    # an ال-word ends a name (عادل الجبير), unless a particle or a given name
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
            if (WD[end] and nxt.startswith(_DEF) and nlex.stops.get(nxt) == "noun" and not last.startswith(_DEF)
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
                if words > 0 and not is_given and not prev_part and (w.startswith(_DEF) or self._taa(toks, i - 1)):
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
            if p[1] == "attach" and out:
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


_PERSON_TITLES = frozenset({"office", "office_head", "modifier"})


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
                single_def = False
                if name is not None and WD[name[0] : name[1]].count(True) == 1:
                    w = W[name[0]]
                    if (w[:1] in "يتبل" and w not in r.nlex.given) or w.endswith(("ات", "اته", "اتها", "تين")) or (
                        w[:1] == "و" and w not in r.nlex.given and (_is_stop(w[1:]) or w[1:2] in "يتن")
                    ):
                        name = None  # a verb, a clitic + noun, a plural: not a one-word name
                    elif w.startswith(_DEF):
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

    def _arabic_name_cut(self, toks: _Toks, a: int, b: int) -> tuple[int, int] | None:
        """A name with a family name in ال- read next to a title (not after an honorific) starts
        with a known given name (عادل الجبير) or a particle (عبد الله ...). Otherwise the ال-word
        is not part of it: the name is cut before it (دونالد ترامب | المثير) and dropped when
        fewer than two words remain (خالص | التهاني)."""
        nlex = self.r.nlex
        W = toks.w
        first = W[a]
        if first in nlex.given or first in nlex.particles or first.startswith(_DEF):
            return a, b
        for k in range(a + 1, b):
            w = W[k]
            if w.startswith(_DEF) and w not in nlex.particles:
                if len(_match_words(W[a:k])) < 2:
                    return None
                return a, k
        return a, b

    def _title_events(self, s: _Sent, si: int, els: list[_TitleEl], pid: int) -> None:
        S, E = s.toks.s, s.toks.e
        for el in els:
            self.events.append(_Event(S[el.i], E[el.j - 1], si, "title", person=pid if id(el) in self.attached else -1, el=el))


def _weak_title(r: _Reader, s: _Sent, h: _Hon) -> _TitleEl | None:
    """The office an honorific names (السفير → سفير), as a weak title of the person."""
    t = _office_titles().get(h.office) if h.office is not None else None
    if t is None:
        return None
    return _TitleEl(h.i, h.j, h.pre, t, " ".join(t.words), t.role, t.role2, t.rank, weak=True, head=t.words[0], canon=t.title,
                    kind=t.kind)



# --------------------------------------------------------------------------- home country

#: Weights of the home-country evidence (see the module docstring).
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
        # بزيارة إلى الصين) goes to another country (a qualified traveller says nothing: the
        # writer qualifies his own delegation abroad as well as a foreign one at home)
        W, WD, n = toks.w, toks.wd, toks.n
        subjects = sorted((el.i, el) for el in s.titles.values()
                          if not (len(el.title.words) == 1 and el.title.words[0] in _GENERIC_HEADS))
        if subjects and not visits.isdisjoint(W[subjects[0][0] + 1 :]):
            for k in range(subjects[0][0] + 1, n):
                if not WD[k] or W[k] not in visits:
                    continue
                subject = max((el for i0, el in subjects if i0 < k), key=lambda el: el.i)
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


def _el_country(el: _TitleEl) -> tuple[str | None, str | None]:
    for q in el.quals:
        return q.country, q.igo
    return None, None


def _role_for(role: str | None, igo: str | None, former: bool) -> str | None:
    if former:
        return "ELI"
    if igo and role not in ("ELI",):
        return "IGO"
    return role


class _Resolver:
    def __init__(self, r: _Reader, ps: _Persons, home: str | None, home_basis: str) -> None:
        self.r = r
        self.ps = ps
        self.home = home
        self.home_basis = home_basis
        self.group: list[int] = []  # candidate -> person index
        self.persons: list[_Cand] = []
        self._heads = r.heads

    # -- merge names ----------------------------------------------------------------------

    def merge(self) -> None:
        cands = self.ps.cands
        self.group = [-1] * len(cands)
        multi = [i for i, c in enumerate(cands) if len(c.words) >= 2]
        singles = [i for i, c in enumerate(cands) if len(c.words) < 2]
        for i in multi:
            c = cands[i]
            hit = -1
            for pi, p in enumerate(self.persons):
                if c.key == p.key or _same_person(c.words, p.words) or _same_person(p.words, c.words):
                    hit = pi
                    break
            if hit < 0:
                self.persons.append(_Cand(c.name, list(c.words), c.key))
                hit = len(self.persons) - 1
            p = self.persons[hit]
            if len(c.words) > len(p.words):
                p.name, p.words, p.key = c.name, list(c.words), c.key
            self._absorb(p, c)
            self.group[i] = hit
        for i in singles:
            c = cands[i]
            hits = [pi for pi, p in enumerate(self.persons) if _same_person(c.words, p.words) or c.key == p.key]
            if not hits and c.words:
                # الأمير عبدالمحسن after الأمير عبدالمحسن بن عبدالعزيز: a first name, when only
                # one person of the document has it
                hits = [pi for pi, p in enumerate(self.persons) if len(p.words) >= 2 and p.words[0] == c.words[0]]
            if len(hits) == 1:
                self._absorb(self.persons[hits[0]], c)
                self.group[i] = hits[0]
            elif not hits and c.single_anchor == "hon" and c.words:
                same = [pi for pi, p in enumerate(self.persons) if p.key == c.key]
                if same:
                    self.group[i] = same[0]
                    self._absorb(self.persons[same[0]], c)
                    continue
                self.persons.append(_Cand(c.name, list(c.words), c.key))
                self._absorb(self.persons[-1], c)
                self.group[i] = len(self.persons) - 1
        # titles of dropped candidates are unattached again
        for i, c in enumerate(cands):
            if self.group[i] < 0:
                for el in c.titles:
                    self.ps.attached.pop(id(el), None)
        for ev in self.ps.events:
            if ev.person >= 0:
                ev.person = self.group[ev.person] if ev.kind in ("name", "title") or ev.co is not None else ev.person
            if ev.kind == "title" and ev.el is not None and id(ev.el) not in self.ps.attached:
                ev.person = -1
        self.ps.events = [e for e in self.ps.events if not (e.kind == "name" and e.person < 0)]

    @staticmethod
    def _absorb(p: _Cand, c: _Cand) -> None:
        p.titles.extend(c.titles)
        p.hons.extend(c.hons)
        if p.counterpart is None and c.counterpart is not None:
            p.counterpart = c.counterpart
        p.spans.extend(c.spans)

    # -- attributes -----------------------------------------------------------------------

    def attributes(self) -> None:
        for p in self.persons:
            own = [t for t in p.titles if t.kind in _PERSON_TITLES]
            strong = [t for t in own if not t.weak]
            weak = [t for t in own if t.weak]
            explicit = [t for t in strong if t.quals] or [t for t in weak if t.quals]
            main = explicit[0] if explicit else strong[0] if strong else weak[0] if weak else None
            country = igo = None
            basis = "explicit"
            if main is not None and main.quals:
                country, igo = _el_country(main)
            elif p.counterpart is not None and p.counterpart.quals:
                q = p.counterpart.quals[0]
                country, igo = q.country, q.igo
            if country is None and igo is None:
                role0 = main.role if main is not None else None
                if self.home and (main is not None or p.hons) and role0 != "IGO":
                    country, basis = self.home, self.home_basis
            if main is not None:
                p.role = _role_for(main.role, igo, main.former)
                p.role2 = None if p.role in ("IGO", "ELI") else main.role2
                p.title = main.canon
                p.rank = main.rank
            elif p.counterpart is not None:
                ante = self._antecedent_title(p.counterpart)
                if ante is not None:
                    p.role, p.role2, p.title, p.rank = _role_for(ante.role, igo, False), ante.role2, ante.canon, ante.rank
            else:
                roles = [h.role for h in p.hons if h.role]
                p.role = roles[0] if roles else None
            p.country, p.igo, p.basis = country, igo, basis

    def _antecedent_title(self, co: _Coref) -> _TitleEl | None:
        """The office a counterpart refers to: the nearest title before it in its sentence,
        else the main title of the person named most recently before it."""
        pos = None
        for ev in self.ps.events:
            if ev.co is co:
                pos = ev.pos
                si = ev.sent
                break
        if pos is None:
            return None
        best = None
        for ev in self.ps.events:
            if ev.kind == "title" and ev.sent == si and ev.pos < pos and ev.el is not None and ev.el.kind in _PERSON_TITLES:
                if best is None or ev.pos > best.pos:
                    best = ev
        if best is not None and best.el is not None:
            return best.el
        return None

    # -- coreference ----------------------------------------------------------------------

    def corefer(self) -> None:
        r = self.r
        evs = sorted(self.ps.events, key=lambda e: (e.pos, e.end))
        # free partial names: a person's last name alone (توفيق), found with one regex over
        # every sentence (also those without any anchor)
        last_words: dict[str, list[int]] = {}
        for pi, p in enumerate(self.persons):
            if len(p.words) >= 2 and len(p.words[-1]) >= 3:
                last_words.setdefault(p.words[-1], []).append(pi)
        taken = sorted((e.pos, e.end) for e in evs)
        free: list[_Event] = []
        if last_words:
            import bisect

            view = r.nt.text
            nlex = r.nlex
            starts = [x for x, _ in taken]
            spans = [(s.a, s.b) for s in r.sents]
            sent_starts = [x for x, _ in spans]
            hits: list[tuple[int, int, str]] = []
            for w in last_words:
                forms = [w]
                for particle in ("عبد", "ابو", "ابي", "ابا"):
                    if w.startswith(particle) and len(w) > len(particle) + 1:
                        forms.append(particle + " " + w[len(particle) :])
                for form in forms:
                    pos = view.find(form)
                    while pos >= 0:
                        end = pos + len(form)
                        before = view[pos - 1] if pos > 0 else " "
                        if before in "وبل" and pos > 1 and not _is_letter(view[pos - 2]):
                            before = " "
                        if not _is_letter(before) and (end >= len(view) or not _is_letter(view[end])):
                            hits.append((pos, end, w))
                        pos = view.find(form, end)
            for ws, we, w in sorted(hits):
                k = bisect.bisect_right(sent_starts, ws) - 1
                if k < 0 or spans[k][1] < we:
                    continue  # outside the body sentences
                si = k
                s = r.sents[si]
                pis = last_words.get(w)
                if pis is None or len(pis) != 1:
                    continue
                j = bisect.bisect_right(starts, ws) - 1
                if j >= 0 and taken[j][1] > ws:
                    continue  # inside a name or title already read
                prev = _word_before(view, ws, s.a)
                if prev and (nlex.is_given(prev) or nlex.particle(prev) is not None or prev in self._heads):
                    continue
                nxt = _word_after(view, we, s.b)
                if nxt and nlex.particle(nxt) is not None:
                    continue
                free.append(_Event(ws, we, si, "free", pis[0]))
        evs = sorted(evs + free, key=lambda e: (e.pos, e.end))
        recent: dict[int, int] = {}  # person -> last position
        sent_subject: dict[int, int] = {}
        first_pos: dict[int, int] = {}
        for ev in evs:
            if ev.person >= 0 and ev.kind in ("name", "free", "title"):
                first_pos.setdefault(ev.person, ev.pos)
        out: list[_Event] = []
        for idx, ev in enumerate(evs):
            if ev.kind in ("name", "free"):
                if ev.person >= 0:
                    recent[ev.person] = ev.pos
                    sent_subject.setdefault(ev.sent, ev.person)
                out.append(ev)
                continue
            if ev.kind == "title":
                if ev.person < 0 and ev.el is not None and ev.el.kind in _PERSON_TITLES:
                    ev.person = self._by_title(ev.el, recent, first_pos)
                    if ev.person >= 0:
                        ev.kind = "title_coref"
                if ev.person >= 0:
                    recent[ev.person] = ev.pos
                    sent_subject.setdefault(ev.sent, ev.person)
                out.append(ev)
                continue
            co = ev.co
            if co is None:
                continue
            if ev.person < 0:
                if co.kind == "pronoun":
                    # سيادته: the subject of its sentence, else the person named last
                    subj = sent_subject.get(ev.sent, -1)
                    ev.person = subj if subj >= 0 else self._most_recent(recent, ev.pos)
                elif co.kind == "counterpart":
                    ev.person = self._counterpart(co, ev, recent)
                elif co.kind == "guest":
                    cands = [pi for pi in recent if self.persons[pi].country != self.home]
                    if co.quals:
                        cands = [pi for pi in cands if self.persons[pi].country in (co.quals[0].country, co.quals[0].igo)]
                    ev.person = max(cands, key=lambda pi: recent[pi]) if cands else -1
                elif co.kind == "turn":
                    following = [e for e in evs[idx + 1 : idx + 4] if e.sent == ev.sent and e.kind in ("name", "title", "free")]
                    if following and following[0].pos - ev.end < 40:
                        continue
                    subject = sent_subject.get(ev.sent - 1, -1)
                    cands = [pi for pi in recent if pi != subject]
                    ev.person = max(cands, key=lambda pi: recent[pi]) if cands else -1
                if ev.person >= 0:
                    ev.kind = "coref_resolved"
            if ev.person >= 0:
                recent[ev.person] = ev.pos
                if co.kind != "turn":
                    sent_subject.setdefault(ev.sent, ev.person)
            out.append(ev)
        self.ps.events = out

    @staticmethod
    def _most_recent(recent: dict[int, int], pos: int) -> int:
        before = [(p, pi) for pi, p in recent.items() if p < pos]
        return max(before)[1] if before else -1

    def _by_title(self, el: _TitleEl, recent: dict[int, int], first_pos: dict[int, int]) -> int:
        """The person holding the office ``el`` names (same title and country, or a generic
        head word: الوزير، المسؤول + demonym)."""
        country, igo = _el_country(el)
        want = igo or country
        generic = el.title.words[0] in _GENERIC_HEADS  # الوزير، المسؤول الأوروبي

        def ok_country(p: _Cand) -> bool:
            if want is not None:
                return want in (p.country, p.igo)
            # an unqualified office: the home country's holder
            return p.basis != "explicit" or p.country == self.home or self.home is None

        cands: list[int] = []
        for pi, p in enumerate(self.persons):
            if not ok_country(p):
                continue
            if generic:
                head = el.title.words[0][2:]  # الوزير -> وزير
                heads = [t.title.words[0].removeprefix("ال") for t in p.titles]
                if p.title:
                    heads.append(_folded_title(p.title).split()[0].removeprefix("ال"))
                if head in ("مسوول", "مسيول") or any(h.startswith(head) for h in heads):
                    cands.append(pi)
            elif any(t.text == el.text for t in p.titles):
                cands.append(pi)
        if not cands:
            return -1
        before = [pi for pi in cands if pi in recent]
        if before:
            return max(before, key=lambda pi: recent[pi])
        return min(cands, key=lambda pi: first_pos.get(pi, 1 << 60))

    def _counterpart(self, co: _Coref, ev: _Event, recent: dict[int, int]) -> int:
        want = None
        if co.quals:
            want = co.quals[0].igo or co.quals[0].country
        ante = self._antecedent_title(co)
        cands = []
        for pi, p in enumerate(self.persons):
            if want is not None and want not in (p.country, p.igo):
                continue
            if ante is not None and not any(t.text == ante.text or t.head == ante.head for t in p.titles) and want is None:
                continue
            cands.append(pi)
        if not cands:
            return -1
        before = [pi for pi in cands if pi in recent]
        if before:
            return max(before, key=lambda pi: recent[pi])
        return cands[0]


# --------------------------------------------------------------------------- output


def _kind_of(el: _TitleEl) -> str:
    if el.kind in _PERSON_TITLES:
        return "office"
    if el.kind == "side":
        return "group"
    return "institution"


def _output(r: _Reader, res: _Resolver) -> tuple[list[ActorMention], list[Person]]:
    nt, text = r.nt, r.text
    persons = [
        Person(name=p.name, mentions=[], role=p.role, title=p.title, country=p.igo or p.country, key=p.key)
        for p in res.persons
    ]
    actors: list[ActorMention] = []
    covered: list[tuple[int, int]] = []
    named: set[int] = set()
    for ev in res.ps.events:
        s, e = r.orig(ev.pos, ev.end)
        covered.append((s, e))
        if ev.kind in ("name", "free"):
            p = res.persons[ev.person]
            basis = p.basis if ev.person not in named and ev.kind == "name" else "coreference"
            named.add(ev.person)
            actors.append(ActorMention(text[s:e], s, e, actor_code(p.country, p.igo, p.role, p.role2), "person",
                                       p.country, p.igo, p.role, p.title, p.rank, ev.person, basis))
            persons[ev.person].mentions.append(Span(s, e))
        elif ev.kind in ("title", "title_coref") and ev.el is not None:
            el = ev.el
            ec, eigo = _el_country(el)
            kind = _kind_of(el)
            if ev.person >= 0:
                p = res.persons[ev.person]
                if ec or eigo:
                    country, igo, basis = ec, eigo, "explicit" if ev.kind == "title" else "coreference"
                else:
                    country, igo = p.country, p.igo
                    basis = p.basis if ev.kind == "title" else "coreference"
                if ev.kind == "title_coref":
                    persons[ev.person].mentions.append(Span(s, e))
                role = _role_for(el.role, igo, el.former)
                actors.append(ActorMention(text[s:e], s, e, actor_code(country, igo, role, None if role in ("IGO", "ELI") else el.role2),
                                           kind, country, igo, role, el.canon, el.rank, ev.person, basis))
                continue
            quals = [q for q in el.quals if q.how == "demonym"] if el.kind == "side" and len(el.quals) > 1 else el.quals[:1]
            if quals:
                for q in quals:
                    role = _role_for(el.role, q.igo, el.former)
                    actors.append(ActorMention(text[s:e], s, e, actor_code(q.country, q.igo, role, None if role in ("IGO", "ELI") else el.role2),
                                               kind, q.country, q.igo, role, el.canon, el.rank, None, "explicit"))
            else:
                country = None
                basis = "explicit"
                if res.home and el.role != "IGO" and el.kind != "adjective":
                    country, basis = res.home, res.home_basis
                role = _role_for(el.role, None, el.former)
                actors.append(ActorMention(text[s:e], s, e, actor_code(country, None, role, el.role2),
                                           kind, country, None, role, el.canon, el.rank, None, basis))
        elif ev.co is not None:
            co = ev.co
            if ev.person >= 0:
                p = res.persons[ev.person]
                persons[ev.person].mentions.append(Span(s, e))
                actors.append(ActorMention(text[s:e], s, e, actor_code(p.country, p.igo, p.role, p.role2), "person",
                                           p.country, p.igo, p.role, p.title, p.rank, ev.person, "coreference"))
            elif co.quals:
                q = co.quals[0]
                ante = res._antecedent_title(co) if co.kind == "counterpart" else None
                role = _role_for(ante.role if ante is not None else "GOV", q.igo, False)
                actors.append(ActorMention(text[s:e], s, e, actor_code(q.country, q.igo, role, None), "office",
                                           q.country, q.igo, role, ante.canon if ante is not None else None,
                                           ante.rank if ante is not None else None, None, "explicit"))
    # countries and organisations named on their own
    covered.sort()
    import bisect

    starts = [a for a, _ in covered]
    for p in r.places:
        if p.kind not in ("country", "igo"):
            continue
        k = bisect.bisect_right(starts, p.start) - 1
        if k >= 0 and covered[k][1] >= p.end:
            continue
        if any(a <= p.start and p.end <= b for a, b in covered[max(0, k - 3) : k + 1]):
            continue
        actors.append(ActorMention(p.text, p.start, p.end, p.igo or p.country or p.code, p.kind, p.country, p.igo))
    for pr in persons:
        pr.mentions.sort(key=lambda sp: (sp.start, sp.end))
    actors.sort(key=lambda a: (a.start, a.end, a.kind))
    return actors, persons


# --------------------------------------------------------------------------- public API


def _headline_scores(text: str, nt: NormText, headlines: Sequence[Span]) -> Counter[str]:
    """Home-country evidence from the headline (a removed line, never read for persons):
    "وزير الداخلية يبحث مع نظيره الإيطالي" says Italy is the other side. Also used for the
    removed dateline and byline lines (``الرياض ... واس``, ``عين اليوم – جدة``): each is
    read on its own, as the opening of a body would be."""
    if not headlines:
        return Counter()
    from .places import find_places

    hp = find_places(text, headlines, norm=nt)
    r = _Reader(text, nt, hp, headlines, tokenize_all=True)
    return _home_scores(r, None)


def _furniture_scores(text: str, nt: NormText, headlines: Sequence[Span], wire: Sequence[Span]) -> Counter[str]:
    """Home-country evidence from removed lines: the headline, and each wire line alone."""
    scores = _headline_scores(text, nt, headlines)
    for span in wire:
        scores.update(_headline_scores(text, nt, [span]))
    return scores


def _run(text: str, nt: NormText, places: Sequence[PlaceMention], spans: Sequence[Span], *,
         outlet: str | None, default_country: str | None,
         headlines: Sequence[Span] = (), wire: Sequence[Span] = ()) -> tuple[list[ActorMention], list[Person]]:
    r = _Reader(text, nt, places, spans)
    scores = _home_scores(r, outlet)
    scores.update(_furniture_scores(text, nt, headlines, wire))
    home = _pick_home(scores)
    basis = "home_country"
    if home is None and default_country:
        home, basis = default_country, "default"
    ps = _Persons(r)
    ps.read()
    res = _Resolver(r, ps, home, basis)
    res.merge()
    res.attributes()
    res.corefer()
    return _output(r, res)


def warm() -> None:
    """Load the data files and build every lookup table now (the first document otherwise
    pays for it: about 0.1 s)."""
    _title_trie()
    _anchor_surface_words()
    _title_words()
    _hon_words()
    _coref_words()
    _head_words()
    _office_titles()
    _visit_forms()
    _capitals()


def home_country(doc: Document, places: Sequence[PlaceMention], *, norm: NormText | None = None) -> tuple[str | None, dict[str, float]]:
    """The document's home country inferred from its text and outlet (None when the evidence
    is absent or tied), with the score of every country (see the module docstring)."""
    nt = norm if norm is not None else normalize(doc.text)
    r = _Reader(doc.text, nt, _in_body(places, doc.body), doc.sentences or doc.body)
    scores = _home_scores(r, doc.outlet)
    scores.update(_furniture_scores(doc.text, nt, _headlines(doc), _wire_lines(doc)))
    return _pick_home(scores), dict(scores)


def _headlines(doc: Document) -> list[Span]:
    return [Span(r.start, r.end) for r in doc.removed if r.reason == "headline"]


def _wire_lines(doc: Document) -> list[Span]:
    """Removed wire and byline lines: where the page says it comes from."""
    return [Span(r.start, r.end) for r in doc.removed if r.reason in SOURCE_LINES]


def _in_spans(p: PlaceMention, spans: Sequence[Span]) -> bool:
    return any(s.start <= p.start and p.end <= s.end for s in spans) if spans else True


def _in_body(places: Sequence[PlaceMention], spans: Sequence[Span]) -> list[PlaceMention]:
    """The places inside one of ``spans`` (all of them when there are no spans). Body spans
    are sorted and disjoint: the only span that can hold a place is the last one starting at
    or before it."""
    if not spans:
        return list(places)
    if any(spans[k].end > spans[k + 1].start for k in range(len(spans) - 1)):
        return [p for p in places if _in_spans(p, spans)]
    starts = [s.start for s in spans]
    out = []
    for p in places:
        k = bisect_right(starts, p.start) - 1
        if k >= 0 and p.end <= spans[k].end:
            out.append(p)
    return out


def find_actors(doc: Document, places: Sequence[PlaceMention], *, default_country: str | None = None,
                norm: NormText | None = None) -> tuple[list[ActorMention], list[Person]]:
    """Actor mentions and persons of ``doc`` (body sentences only). ``places`` are the
    document's place mentions (:func:`marsad.extract.places.find_places`); ``default_country``
    is the home country to use when the text and outlet give none (``basis="default"``)."""
    nt = norm if norm is not None else normalize(doc.text)
    spans = doc.sentences or doc.body
    return _run(doc.text, nt, _in_body(places, doc.body), spans,
                outlet=doc.outlet, default_country=default_country, headlines=_headlines(doc),
                wire=_wire_lines(doc))


def find_actors_in_text(text: str, places: Sequence[PlaceMention] | None = None, *, outlet: str | None = None,
                        default_country: str | None = None) -> tuple[list[ActorMention], list[Person]]:
    """:func:`find_actors` for a bare text (one body span); ``places`` default to
    :func:`marsad.extract.places.find_places` of the text."""
    nt = normalize(text)
    if places is None:
        from .places import find_places

        places = find_places(text, norm=nt)
    from ..text.segment import segment

    _, sentences = segment(text, [Span(0, len(text))])
    return _run(text, nt, places, sentences or [Span(0, len(text))], outlet=outlet, default_country=default_country)
