"""Personal names: where a name starts and ends, and a key that matches spelling variants.

>>> from marsad.extract.persons import person_key
>>> person_key("وانج شيا هونج") == person_key("«وانغ شيا هونغ»")
True
>>> person_key("عبد الله") == person_key("عبدالله")
True
>>> person_key("محمود توفيق") == person_key("محمد توفيق")
False

Public API
==========

* :func:`person_key` ``(name) -> str`` — the cross-document matching key of a name.
* :func:`name_words` ``(name) -> list[str]`` — the folded words of a name without honorifics,
  quotes and punctuation (what the key and the scorer compare).
* :func:`strip_honorifics` ``(name) -> str`` — a name without leading ranks and honorifics
  (``"اللواء محمود توفيق"`` → ``"محمود توفيق"``).
* :class:`NameLexicon` / :func:`name_lexicon` — the word lists the actor finder uses to read
  names in text (:mod:`marsad.extract.actors` finds persons in documents).

Data
====

``marsad/data/``: ``given_names.tsv`` (common Arabic given names), ``name_particles.tsv``
(بن، أبو، آل، عبد، دي ...), ``name_stops.tsv`` (function words, news verbs and nouns that are
never part of a name; verbs inflected by rule), ``honorifics.tsv`` (ranks and forms of
address: titles, not names). Months and weekdays (``months.tsv``, ``weekdays.tsv``) are stop
words too.

Where a name ends (the rule)
============================

A name is a run of Arabic words read forwards after an anchor (an honorific, a title, a
counterpart) or backwards from a title (:mod:`marsad.extract.actors`). It ends before:

* punctuation (``« » " - ، ( ) .``), digits or Latin letters;
* a stop word (``name_stops.tsv``: prepositions, conjunctions, relatives, pronouns, time words,
  frequent news verbs — also with an object pronoun, ``أعلنها`` — and nouns, participles;
  checked on the word and on the word without a leading ``و``/``ف``, and without ``ب``/``ل``/``ك``
  for nouns and prepositions; a future ``س`` + a listed present verb), a month or weekday;
* a title, a title word even when no title matched (``رئيس``، ``وزير``), an honorific, a place or
  demonym (``وزير الداخلية الإيطالي ماتيو ...`` — the demonym qualifies the title);
* a word with a clitic on a definite word (``للحج``، ``بالإنجاز``، ``والوفد``), a word in
  tanween (``مؤكداً``), a word with a leading ``و`` whose remainder is a known word
  (``واللواء``، ``ووزير``، ``ومحمد``: the next coordinated item);
* after an ``ال``-word (the family name: ``عادل الجبير``), unless a particle or, for a first
  word, a given name follows (``عبدالله الثاني بن الحسين``، ``الدرديري محمد أحمد``), or it is the
  second part of a compound given name (``صلاح الدين``، ``سيف الإسلام``: ``name_particles.tsv``
  kind ``compound``);
* after at most :data:`MAX_NAME_WORDS` words (particles not counted; ``عبد`` + word once).

A particle (``بن``، ``آل``، ``عبد``، ``دي``) never ends a name, except ``أبو``/``أبي`` which ends
a transcription as a word (``شينزو آبي``). A word in ``ة`` is a name word only as the last word
(``بدر باسلمة``) or when it is a given name (``أسامة``). A last word followed by a common
``ال``-noun is the head of a noun phrase and is cut (``محمود توفيق | عمق العلاقات``). A name
read next to a title (not after an honorific) that contains an ``ال``-word must start with a
known given name or a particle; otherwise it is cut before the ``ال``-word (``دونالد ترامب |
المثير``) and dropped below two words (``خالص التهاني``). One-word names are kept after an
honorific (``الأمير وليام``), or when they are a shorter form of a longer name of the same
document (``الرئيس السيسي``، ``اللواء توفيق``).

The key (cross-document matching)
=================================

``person_key`` folds the name (:func:`marsad.text.normalize.fold`: hamza forms, ى/ي, ة/ه,
tashkeel, «» and quotes), drops honorifics, drops the nasab particles بن/ابن/بنت (so
``محمد بن عبدالله العايش`` = ``محمد عبدالله العايش``), glues ``عبد``/``أبو``/``آل`` and foreign
particles to the next word (``عبد الله`` = ``عبدالله``). Then each word is either *Arabic* —
in ``given_names.tsv``, written with ``ال``, or right after a particle — and kept as it is, or
*foreign*: the consonants ج/غ/ق/ك (which transcribe the same foreign g) become one letter
and the long vowels ا/و/ي inside the word are dropped (``ترامب`` = ``ترمب``,
``نتنياهو`` = ``نتانياهو``, ``هونج`` = ``هونغ``), and consecutive foreign words are written
together (``شي جين بينغ`` = ``شي جينبينغ``).

Decision: the fold applies only to words that are not known Arabic names, so Arabic given
names never merge with each other (``محمود`` ≠ ``محمد``, ``جمال`` ≠ ``كمال``); there is no
edit distance anywhere. Family names without ``ال`` that are not in the list are treated as
foreign; they may merge with a variant that differs only in ج/غ/ق/ك or a long vowel, which is
the price of matching transcribed names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..lexicon import load_table, months, weekdays
from ..text.normalize import fold

__all__ = [
    "MAX_NAME_WORDS",
    "NameLexicon",
    "name_lexicon",
    "name_words",
    "person_key",
    "strip_honorifics",
]

#: At most this many name words (particles not counted, ``عبد`` + word counted once).
MAX_NAME_WORDS = 6

#: One-letter clitics and their pairs that may stand before a word.
CLITICS: tuple[str, ...] = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")

#: Object pronouns a verb may carry (أعلنها، أبلغه، التقاهم).
_OBJECT_SUFFIXES = ("هما", "ها", "هم", "ه", "نا", "كم")
#: Possessive pronouns that end a name word when the word also starts with و/ف: a name is never
#: "and his/her/their X" (``ه`` alone is left out: folded taa marbuta ends many names).
_POSSESSIVE_SUFFIXES = ("هما", "ها", "هم", "هن", "كم")

_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_GJQK = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ڨ": "ج"})
_LONG_VOWELS = frozenset("اوي")


def _past_forms(w: str) -> tuple[str, ...]:
    if w.endswith("ي") and len(w) > 3:  # a defective verb (انتهى → انتهت، انتهوا)
        return (w, w[:-1] + "ت", w[:-1] + "وا", w + "ا", w[:-1] + "تا")
    return (w, w + "ت", w + "ا", w + "وا", w + "تا")


def _present_forms(w: str) -> tuple[str, ...]:
    forms = [w, w + "ون", w + "ان"]
    if w.startswith("ي"):
        t = "ت" + w[1:]
        forms += [t, t + "ان"]
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """The word lists used to read names, folded (built once from the data files)."""

    given: frozenset[str]  # Arabic given names (folded)
    particles: dict[str, tuple[str, str]]  # folded particle -> (kind, key mode)
    stops: dict[str, str]  # folded stop word -> kind
    honorifics: dict[tuple[str, ...], tuple[str, str | None, str | None]]  # words -> (kind, office, role)
    honorific_first: frozenset[str]  # first words of honorifics
    max_honorific: int

    def is_stop(self, word: str) -> bool:
        """Whether the folded ``word`` is a stop word, alone or after a clitic (و/ف for any
        stop word; ب/ل/ك for nouns, prepositions, time words and pronouns)."""
        stops = self.stops
        if word in stops:
            return True
        if word[:1] == "س" and len(word) > 4 and word[1] in "يتنا" and stops.get(word[1:]) == "verb_present":
            return True  # future: سيلتقي، ستحقق
        if word[:1] == "ل" and len(word) > 4 and word[1] in "يتن" and stops.get(word[1:]) in ("verb_present", "particle"):
            return True  # ل + present verb: ليكون، ليبحث
        for suffix in _OBJECT_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)]
                for c in ("", "و", "ف"):
                    if stem.startswith(c) and stops.get(stem[len(c) :], "").startswith("verb"):
                        return True  # a verb with an object pronoun: أعلنها، وأبلغه
        for suffix in _POSSESSIVE_SUFFIXES:
            # a noun with a possessive pronoun after و/ف (وهدفها، وبلادهم): never a name word
            if word[:1] in ("و", "ف") and word.endswith(suffix) and len(word) - len(suffix) >= 4 and word not in self.given:
                return True
        for c in CLITICS:
            if word.startswith(c) and len(word) - len(c) >= 2:
                rest = word[len(c) :]
                kind = stops.get(rest)
                if kind is None and rest.startswith("ل") and c.endswith("ل"):
                    kind = stops.get("ا" + rest)  # للقاء = ل + اللقاء
                if kind is None:
                    continue
                if c in ("و", "ف") or kind in ("noun", "participle", "eponym", "preposition", "time", "pronoun", "demonstrative", "relative", "number"):
                    return True
        return False

    def is_eponym(self, word: str) -> bool:
        """كلية، جامعة، مطار ... (also with و/ب/ل): a title + name after it names a place."""
        for c in ("", "و", "ب", "ل", "وب", "ول"):
            if word.startswith(c) and self.stops.get(word[len(c) :]) == "eponym":
                return True
        return False

    def is_given(self, word: str) -> bool:
        return word in self.given

    def particle(self, word: str) -> tuple[str, str] | None:
        return self.particles.get(word)


@cache
def name_lexicon() -> NameLexicon:
    given = frozenset(fold(str(r["name"])) for r in load_table("given_names"))
    particles = {fold(str(r["particle"])): (str(r["kind"]), str(r["key"])) for r in load_table("name_particles")}
    stops: dict[str, str] = {}
    for r in load_table("name_stops"):
        w, kind = fold(str(r["word"])), str(r["kind"])
        if kind == "verb_past":
            forms = _past_forms(w)
        elif kind == "verb_present":
            forms = _present_forms(w)
        elif kind == "participle":
            forms = (w, w + "ا", w + "ه", w + "ين", w + "ون", w + "ات", w + "يا", w + "يه")
        elif kind == "noun" and not w.endswith(("ه", "ا", "ي", "ات")):
            forms = (w, w + "ا")  # the indefinite accusative: اجتماعا، وفدا
        else:
            forms = (w,)
        for f in forms:
            stops.setdefault(f, kind)
    for m in months():
        # the first word only: the second word of كانون الثاني / ربيع الأول is an ordinal that
        # also ends regnal names (عبدالله الثاني)
        stops.setdefault(fold(m.name).split()[0], "time")
    for d in weekdays():
        stops.setdefault(fold(d.name), "time")
    honorifics: dict[tuple[str, ...], tuple[str, str | None, str | None]] = {}
    for r in load_table("honorifics"):
        words = tuple(fold(str(r["word"])).split())
        office = None if r["office"] is None else str(r["office"])
        role = None if r["role"] is None else str(r["role"])
        honorifics[words] = (str(r["kind"]), office, role)
    return NameLexicon(
        given=given,
        particles=particles,
        stops=stops,
        honorifics=honorifics,
        honorific_first=frozenset(w[0] for w in honorifics),
        max_honorific=max(len(w) for w in honorifics),
    )


def _strip_leading_honorifics(words: list[str], lex: NameLexicon) -> list[str]:
    i = 0
    while i < len(words):
        for n in range(min(lex.max_honorific, len(words) - i), 0, -1):
            if tuple(words[i : i + n]) in lex.honorifics:
                i += n
                break
        else:
            break
    return words[i:]


def name_words(name: str) -> list[str]:
    """The folded words of ``name`` without quotes, punctuation and leading honorifics."""
    words = _WORD.findall(fold(name))
    return _strip_leading_honorifics(words, name_lexicon())


def strip_honorifics(name: str) -> str:
    """``name`` without the ranks and honorifics it starts with, as written."""
    lex = name_lexicon()
    spans = [(m.start(), m.end()) for m in _WORD.finditer(name)]
    folded = [fold(name[s:e]) for s, e in spans]
    rest = _strip_leading_honorifics(folded, lex)
    if not rest:
        return ""
    first = len(folded) - len(rest)
    return name[spans[first][0] : spans[-1][1]].strip(" «»\"'")


def _foreign_word(w: str) -> str:
    """The skeleton of a transcribed foreign word: ج/غ/ق/ك as one letter, inner long vowels
    dropped (the first and the last letter are kept)."""
    w = w.translate(_GJQK)
    if len(w) <= 2:
        return w
    inner = "".join(c for c in w[1:-1] if c not in _LONG_VOWELS)
    return w[0] + inner + w[-1]


def person_key(name: str) -> str:
    """The cross-document key of a personal name: spelling variants of one person share it,
    distinct Arabic names never do (see the module docstring)."""
    return _person_key(name)


@lru_cache(maxsize=1 << 12)  # sized by hit rate on archive text (see lexicon.events.proclitic_splits)
def _person_key(name: str) -> str:
    """:func:`person_key`, cached: the same names come back in document after document."""
    lex = name_lexicon()
    words = name_words(name)
    parts: list[tuple[str, bool]] = []  # (word, foreign)
    glue = ""  # particles waiting for the next word
    arabic_next = False  # the next word follows an Arabic particle (بن، عبد، أبو، آل)
    for w in words:
        p = lex.particles.get(w)
        if p is not None and p[1] == "attach":
            if parts and not glue:
                parts[-1] = (parts[-1][0] + w, False)
                continue
            p = None  # عبد الله: after a glued particle it is the name word
        if p is not None:
            kind, mode = p
            if kind != "foreign":
                arabic_next = True
            if mode == "glue":
                glue += w
            continue
        arabic = arabic_next or w in lex.given or w.startswith("ال")
        parts.append((glue + w, not arabic))
        glue = ""
        arabic_next = False
    if glue:  # a name ending in a particle: keep it as a word
        parts.append((glue, False))
    out: list[str] = []
    prev_foreign = False
    for w, foreign in parts:
        if foreign:
            sk = _foreign_word(w)
            if prev_foreign and out:
                out[-1] += sk
            else:
                out.append(sk)
        else:
            out.append(w)
        prev_foreign = foreign
    return " ".join(out)
