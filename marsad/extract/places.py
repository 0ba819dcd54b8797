"""Countries, demonyms, cities and international organisations named in Arabic text.

>>> from marsad.extract.places import find_places
>>> [(m.text, m.kind, m.code) for m in find_places("وصل وزير الخارجية الإيطالي إلى القاهرة أمس")]
[('الإيطالي', 'demonym', 'ITA'), ('القاهرة', 'city', 'EGY')]

Public API
==========

* :func:`find_places` ``(text, spans=None, *, norm=None) -> list[PlaceMention]`` — every
  country name, demonym, city and organisation in ``text`` (or only inside ``spans``), sorted
  by offset. ``norm`` lets a caller pass ``normalize(text)`` it already computed.
* :func:`lookup` ``(phrase) -> Place | None`` — what a phrase names (a clitic ``و ف ب ل ك``
  in front is ignored): ``lookup("والأردنية").code == "JOR"``. A :class:`Place` has
  ``kind`` (country | demonym | city | igo), ``code``, ``country``, ``igo``, ``form`` (for
  organisations: canonical | variant | abbreviation | body | adjective — ``lookup("مجلس الأمن
  الدولي").form == "body"``; for cities: capital | city | region), ``match`` and ``alt`` (the
  other code of an ambiguous name: ``عمان`` JOR / OMN). For an ambiguous name it is the
  default reading; :func:`find_places` decides per document.
* :func:`country_name` ``(iso3) -> str`` and :func:`igo_name` ``(code) -> str`` — canonical
  Arabic names (``KeyError`` for an unknown code); :func:`country_codes`,
  :func:`igo_codes` list the codes known.
* :func:`demonym_country` ``(word) -> str | None`` — the ISO-3 (or IGO) code of a demonym in
  any inflection (``"المصريين"`` → ``"EGY"``), ``None`` when ``word`` is not a demonym.
* :func:`inflect_nisba` ``(word)`` — the forms generated from a base demonym.

Data
====

``marsad/data/``: ``countries.generated.tsv`` (CLDR + iso-codes, from
``scripts/gen_countries.py``), ``countries.tsv`` (canonical name and UN status per code),
``country_names.tsv`` (hand-made spellings), ``demonyms.tsv`` (base demonyms, inflected by
rule), ``cities.tsv`` (capitals, cities, regions), ``igos.tsv`` (organisations, their
bodies and agencies) and ``place_context.tsv`` (stop phrases, cue words, person-name
markers). All are validated by the schemas in :mod:`marsad.lexicon.schemas`.

Matching
========

Names are folded (:func:`marsad.text.normalize.fold`: hamza forms, ى/ي, ة/ه, tashkeel) and
searched with one Aho-Corasick automaton in the normalized view of the text (``_`` read as a
space, so hashtags like ``#كوريا_الشمالية`` match; runs of spaces count as one); hits are
mapped back to exact original offsets. A hit counts only on real word boundaries:

* after it, no letter (inflections are separate keys, so ``مصرف`` never yields ``مصر`` and
  ``الهندسة`` never ``الهند``); digits may follow (``جنيف2``);
* before it, nothing but a proclitic: ``و ف ب ل ك`` and their pairs (``وب``، ``فل`` ...);
  for a name with the article ``ال`` the preposition ``ل`` fuses with it (``للأردن``): that
  spelling is its own key and the span starts at the fused ``لل``. Proclitics are never part
  of the span otherwise. Whether a key has the article is decided on the data spelling, not
  the folded one (``ألمانيا`` folds to ``المانيا`` but takes ``لألمانيا``).

Overlaps: the longest hit wins and shorter hits inside or across it are dropped
(``جمهورية الصين الشعبية`` is one mention). Stop phrases (``المغرب العربي``, ``اللغة
الإنجليزية``) take part in that contest and then yield nothing.

Context rules (words in ``place_context.tsv``):

* a name marked ``cue`` (``مالي``: Mali or "financial"; ``ينبع``: Yanbu or "springs") is kept
  after a cue word (``في``، ``دولة``، ``جمهورية`` ...) or with ``ب``/``ك`` attached (only
  nouns take them);
* a place word inside a personal name is dropped: followed by ``بن``/``بنت``; or, for a form
  without ``ال``, right after an honorific (``الأمير تركي``) or after a definite word
  (``منطقة الرياض تركي الشليل``: an indefinite nisba cannot be the adjective of a definite
  noun);
* ``بالإسبانية`` (a definite feminine demonym with ``ب`` and no noun before it) is the
  language, not the country;
* a country name that is also a demonym form (``السعودية``، ``سورية``) after a definite noun
  is reported as a demonym (``الحكومة السعودية``), unless it is coordinated with a country
  (``الإمارات والسعودية``).

Gazetteer (GeoNames)
====================

``gazetteer.generated.tsv`` (:mod:`marsad.lexicon.gazetteer`) adds coordinates and more cities:

* a curated city (``cities.tsv``) gets the GeoNames id and coordinates of the most populous
  gazetteer city of the same name and country (also after a place noun: ``مدينة صور``);
* a name only the gazetteer knows (cities of 15,000+ inhabitants in the Arabic-speaking
  countries, and of :data:`GEO_FOREIGN_POPULATION` elsewhere) is looked up word by word and
  accepted only with place evidence (:func:`_geo_reading`): the document names its country,
  and either a place noun stands before it (``مدينة``، ``بلدة``، ``العاصمة``، ``محافظة`` ...)
  or it is not a common word, follows a preposition or direction word and has
  :data:`GEO_MIN_POPULATION` inhabitants. Names that read as a proclitic + another name
  (``وجدة``) and names listed as ``exclude`` (``القدس``) are never read;
* a city name after a club or team word (``نادي``، ``فريق``، ``منتخب``) names the club, and a
  city name without ``ال`` or clitic after a given name is a surname: neither is a place;
* every mention carries ``lat``/``lon``/``geonames_id``/``precision``: ``city`` for gazetteer
  cities, ``country`` (the country's point) for countries and demonyms; none for organisations
  and for curated regions the gazetteer lacks.

Decisions
=========

* Ambiguous names are declared in the data (``cities.tsv`` column ``alt``) and resolved per
  document: the reading whose country is named more often elsewhere in the document (by
  unambiguous mentions) wins, otherwise the row's own ``iso3``. ``عمان``: Amman (JOR) unless
  the document names Oman more than Jordan (``سلطنة عمان``، ``العماني``، ``مسقط`` ...).
  ``طرابلس``: Tripoli of Libya unless Lebanon is named more.
* ``بروكسل`` is a city of Belgium (BEL), ``جنيف`` of Switzerland, ``نيويورك`` of the USA:
  metonymy for the EU / UN is left to the actor layer.
* City mentions carry the country's code and canonical name (``name``); the city itself is
  the mention's ``text``.
* Demonyms of organisations (``الأممي``: of the UN) are ``kind="demonym"`` with the IGO code
  in ``code`` and ``igo``.
* UN agencies have their own codes under ``IGOUNO`` (``IGOUNOHCR`` ...); the UN's organs
  (Security Council, General Assembly) carry ``IGOUNO`` itself. See ``igos.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from ..errors import LexiconError
from ..lexicon import load_table
from ..lexicon.gazetteer import city_point, country_point
from ..lexicon.loader import Row
from ..model import PlaceMention, Span
from ..text.normalize import NormText, fold, normalize

__all__ = [
    "NISBA_SUFFIXES",
    "Place",
    "country_codes",
    "country_name",
    "demonym_country",
    "find_places",
    "igo_codes",
    "igo_name",
    "inflect_nisba",
    "lookup",
]

#: Suffixes that inflect a nisba adjective: m. sg., f. sg., m. pl. (nom./obl.), m. dual
#: (nom.), f. dual (nom./obl.), f. pl. The oblique m. dual equals the oblique m. plural (ين).
NISBA_SUFFIXES: tuple[str, ...] = ("", "ة", "ون", "ين", "ان", "تان", "تين", "ات")

_ARTICLE = "ال"
# Proclitics allowed before a name: conjunctions و ف, prepositions ب ل ك and their pairs.
_PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
# Before a name with ال, ل fuses with the article (للأردن: its own key), so ل is not a prefix.
_PREFIXES_DEF = frozenset({"", "و", "ف", "ب", "ك", "وب", "وك", "فب", "فك"})
_PREFIXES_FUSED = frozenset({"", "و", "ف"})
_MAX_PREFIX = 2

_KIND_RANK = {"stop": 0, "country": 1, "igo": 2, "city": 3, "demonym": 4}


@dataclass(frozen=True, slots=True)
class Place:
    """What a phrase of the data files names."""

    phrase: str  # as written in the data file (or generated inflection)
    kind: str  # country | demonym | city | igo | stop
    code: str  # ISO-3 or IGO code ("" for a stop phrase)
    country: str | None  # ISO-3 (None for an organisation)
    igo: str | None  # IGO code (None for a state)
    form: str  # short | official | variant | informal | nisba | fixed | capital | city | region | canonical | body | abbreviation | adjective | stop
    match: str  # word | cue | never
    alt: str | None = None  # another code the phrase can mean (declared in the data)
    source: str = ""  # data file and line
    adj: bool = False  # a country name that is also a form of its demonym (السعودية، سورية)
    geo: int = 0  # GeoNames id of a city (0: not in the gazetteer)
    pop: int = 0  # its population (GeoNames)


def _key(phrase: str) -> str:
    return " ".join(fold(phrase).split())


def inflect_nisba(word: str) -> tuple[str, ...]:
    """Every form of a base demonym (masculine singular without ال): the eight
    :data:`NISBA_SUFFIXES`, each without and with ال; a multi-word base inflects every word
    (``كوري شمالي`` → ``الكوريون الشماليون``)."""
    words = word.split()
    out: list[str] = []
    for suffix in NISBA_SUFFIXES:
        out.append(" ".join(w + suffix for w in words))
        out.append(" ".join(_ARTICLE + w + suffix for w in words))
    return tuple(out)


def _s(row: Row, col: str) -> str | None:
    v = row[col]
    return None if v is None else str(v)


class _Lexicon:
    """Everything the finder needs, built once from the data files."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.status: dict[str, str] = {}
        for r in load_table("countries"):
            self.countries[str(r["iso3"])] = str(r["name"])
            self.status[str(r["iso3"])] = str(r["status"])
        self.igos: dict[str, str] = {}
        self.entries: dict[str, list[Place]] = {}
        self._hamza_lam: set[str] = set()  # keys whose phrase starts with أل/إل/آل (no article)

        for r in load_table("countries.generated"):
            name = str(r["name"])
            iso3 = str(r["iso3"])
            if iso3 in self.countries and re.fullmatch(r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*", name):
                self._add(Place(name, "country", iso3, iso3, None, str(r["form"]), "word", None, r.where()))
        for iso3, name in self.countries.items():
            self._add(Place(name, "country", iso3, iso3, None, "short", "word", None, f"countries.tsv:{iso3}"))
        for r in load_table("country_names"):
            iso3 = self._iso3(r, "iso3")
            self._add(Place(str(r["name"]), "country", iso3, iso3, None, str(r["form"]), str(r["match"]), None, r.where()), override=True)
        for r in load_table("cities"):
            iso3 = self._iso3(r, "iso3")
            alt = _s(r, "alt")
            if alt is not None and alt not in self.countries:
                raise LexiconError(f"{r.where()}: unknown alt code {alt!r}")
            self._add(Place(str(r["name"]), "city", iso3, iso3, None, str(r["kind"]), str(r["match"]), alt, r.where()), override=True)
        igo_rows = load_table("igos")
        for r in igo_rows:
            if r["form"] == "canonical":
                code = str(r["code"])
                if code in self.igos:
                    raise LexiconError(f"{r.where()}: a second canonical name for {code}")
                self.igos[code] = str(r["name"])
        for r in igo_rows:
            code = str(r["code"])
            if code not in self.igos:
                raise LexiconError(f"{r.where()}: {code} has no canonical row")
            parent = _s(r, "parent")
            if parent is not None and parent not in self.igos:
                raise LexiconError(f"{r.where()}: unknown parent {parent!r}")
            self._add(Place(str(r["name"]), "igo", code, None, code, str(r["form"]), str(r["match"]), None, r.where()), override=True)
        for r in load_table("demonyms"):
            code = str(r["iso3"])
            if code.startswith("IGO"):
                if code not in self.igos:
                    raise LexiconError(f"{r.where()}: unknown organisation code {code!r}")
                country, igo = None, code
            else:
                country, igo = self._iso3(r, "iso3"), None
            word = str(r["word"])
            forms = inflect_nisba(word) if r["inflect"] == "nisba" else (word,)
            for f in forms:
                self._add(Place(f, "demonym", code, country, igo, str(r["inflect"]), str(r["match"]), None, r.where()))
        self.cues: frozenset[str] = frozenset()
        self.person_before: frozenset[str] = frozenset()
        self.person_after: frozenset[str] = frozenset()
        ctx: dict[str, set[str]] = {"cue": set(), "person_before": set(), "person_after": set(), "particle": set(),
                                    "city_cue": set(), "not_city_before": set(), "common": set(), "exclude": set()}
        for r in load_table("place_context"):
            kind = str(r["kind"])
            if kind == "stop":
                key = _key(str(r["phrase"]))
                self.entries[key] = [Place(str(r["phrase"]), "stop", "", None, None, "stop", "never", None, r.where())]
            else:
                ctx[kind].add(_key(str(r["phrase"])))
        for key, options in self.entries.items():
            for p in list(options):
                if p.alt and all(o.code != p.alt for o in options):
                    options.append(replace(p, code=p.alt, country=p.alt, alt=None))
        self.cues = frozenset(ctx["cue"])
        self.person_before = frozenset(ctx["person_before"])
        self.person_after = frozenset(ctx["person_after"])
        self.particles = frozenset(ctx["particle"])
        self.after_marks: tuple[str, ...] = tuple(" " + w for w in self.person_after)
        self.city_cues = frozenset(ctx["city_cue"])
        self.not_city_before = frozenset(ctx["not_city_before"])
        self._add_gazetteer(frozenset(ctx["common"]), frozenset(ctx["exclude"]))

        # keys that start with the article ال (folding makes ألمانيا look like ال + مانيا)
        self.article: frozenset[str] = frozenset(
            k for k in self.entries if k.startswith(_ARTICLE) and k not in self._hamza_lam
        )
        # gazetteer-only names are looked up word by word (_geo_candidates), not in the
        # automaton: thousands of short keys would hit inside most words
        self.geo_keys: dict[str, tuple[int, ...]] = {}  # first word -> word counts of geo keys
        geo_len: dict[str, set[int]] = {}
        self.automaton = ahocorasick.Automaton()
        for key, options in self.entries.items():
            if options[0].match == "geo":
                words = key.split(" ")
                geo_len.setdefault(words[0], set()).add(len(words))
                continue
            self.automaton.add_word(key, (len(key), key, False))
        for key in self.article:
            fused = "ل" + key[1:]  # ل + الأردن -> للأردن
            if fused not in self.entries and self.entries[key][0].match != "geo":
                self.automaton.add_word(fused, (len(fused), key, True))
        self.automaton.make_automaton()
        self.geo_keys = {w: tuple(sorted(ns, reverse=True)) for w, ns in geo_len.items()}
        # every surface form (with proclitics) of a word that starts a gazetteer-only name ->
        # its (proclitic, stem, fused) readings: the words of a text are intersected with it
        forms: dict[str, list[tuple[str, str, bool]]] = {}
        for w in self.geo_keys:
            for prefix in _PREFIXES:
                forms.setdefault(prefix + w, []).append((prefix, w, False))
            if w.startswith(_ARTICLE):
                for prefix in _PREFIXES_FUSED:
                    forms.setdefault(prefix + "ل" + w[1:], []).append((prefix, w, True))
        self.geo_forms: dict[str, tuple[tuple[str, str, bool], ...]] = {k: tuple(v) for k, v in forms.items()}

    def _add_gazetteer(self, common: frozenset[str], exclude: frozenset[str]) -> None:
        """GeoNames cities (gazetteer.generated.tsv): a curated city of the same name and
        country gets the GeoNames id of the most populous one; a name no data file knows
        becomes a ``match="geo"`` reading (needs place evidence: :func:`_geo_reading`)."""
        from ..lexicon.gazetteer import arabic_countries, cities

        arabic = arabic_countries()

        given = {_key(str(r["name"])) for r in load_table("given_names")}
        words = {_key(str(r["word"])) for r in load_table("name_stops")} | {_key(str(r["word"])) for r in load_table("stopwords")}
        self.geo_common: frozenset[str] = frozenset(_key(w) for w in common) | given | words
        # given names that fold like a function word are not evidence of a name: على folds to
        # علي (Ali), so "على قطاع غزة" keeps its place
        self.given: frozenset[str] = frozenset(given - words)
        curated: dict[tuple[str, str], tuple[int, int]] = {}
        new: dict[str, dict[str, Place]] = {}
        for c in cities():
            for name in c.arabic:
                key = _key(name)
                have = self.entries.get(key)
                if have is not None:
                    if any(p.kind == "city" and p.country == c.iso3 for p in have):
                        best = curated.get((key, c.iso3))
                        if best is None or c.population > best[1]:
                            curated[(key, c.iso3)] = (c.geonameid, c.population)
                    continue
                if len(key.replace(" ", "")) < 3 or key in exclude or key.partition(" ")[2] in exclude:
                    continue  # مدينة القدس: an excluded name after a place noun
                if c.iso3 not in arabic and c.population < GEO_FOREIGN_POPULATION:
                    continue  # Arabic spellings of small foreign towns are mostly transliteration noise
                byc = new.setdefault(key, {})
                q = byc.get(c.iso3)
                if q is None or c.population > q.pop:
                    byc[c.iso3] = Place(name, "city", c.iso3, c.iso3, None, "geonames", "geo", None,
                                        f"gazetteer.generated.tsv:{c.geonameid}", geo=c.geonameid, pop=c.population)
        # a curated phrase with a place noun (مدينة صور، مدينة الخبر): the name after the noun
        by_name: dict[tuple[str, str], tuple[int, int]] = {}
        for c in cities():
            for name in c.arabic:
                k = (_key(name), c.iso3)
                if k not in by_name or c.population > by_name[k][1]:
                    by_name[k] = (c.geonameid, c.population)
        for key, have in self.entries.items():
            first, _, rest = key.partition(" ")
            if rest and first in self.city_cues:
                for p in have:
                    if p.kind == "city" and (key, p.code) not in curated and (rest, p.code) in by_name:
                        curated[(key, p.code)] = by_name[(rest, p.code)]
        for (key, iso3), (gid, pop) in curated.items():
            self.entries[key] = [replace(p, geo=gid, pop=pop) if p.kind == "city" and p.country == iso3 else p for p in self.entries[key]]
        for key, byc in new.items():
            # a name that reads as a proclitic + another known name (وجدة = و + جدة، كسلا = ك + سلا)
            # is left out: the reading cannot be decided from the letters
            if any(key[:n] in _PREFIXES and (key[n:] in self.entries or key[n:] in new) for n in (1, 2)):
                continue
            if any(c + key in self.entries for c in _PREFIXES if c):  # ووهان (curated) = و + وهان
                continue
            self.entries[key] = sorted(byc.values(), key=lambda p: -p.pop)

    def _iso3(self, row: Row, col: str) -> str:
        code = str(row[col])
        if code not in self.countries:
            raise LexiconError(f"{row.where()}: {code!r} is not a code in countries.tsv")
        return code

    def _add(self, place: Place, *, override: bool = False) -> None:
        key = _key(place.phrase)
        if not key:
            return
        if place.phrase[:2] in ("أل", "إل", "آل"):
            self._hamza_lam.add(key)
        have = self.entries.get(key)
        if have is None:
            self.entries[key] = [place]
            return
        if have[0].kind == "stop":
            return
        for i, p in enumerate(have):
            if p.code == place.code:
                q = place if _KIND_RANK[place.kind] < _KIND_RANK[p.kind] else p
                changes: dict[str, object] = {}
                if override and place.match != q.match:
                    changes["match"] = place.match
                if place.alt and not q.alt:
                    changes["alt"] = place.alt
                if {p.kind, place.kind} == {"country", "demonym"} or p.adj:
                    changes["adj"] = True
                have[i] = replace(q, **changes) if changes else q  # type: ignore[arg-type]
                return
        codes = {p.code for p in have}
        declared = (place.alt in codes) or any(p.alt == place.code for p in have)
        if not declared:
            first = have[0]
            raise LexiconError(
                f"{place.source}: {place.phrase!r} means {place.code} but {first.source} maps it to {first.code}; "
                "declare the ambiguity (cities.tsv column 'alt') or remove one row"
            )
        if place.alt in codes:  # the declaring row is the default reading
            have.insert(0, place)
        else:
            have.append(place)


@cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


# --------------------------------------------------------------------------- lookups


def country_name(iso3: str) -> str:
    """Canonical Arabic short name of a country code (``KeyError`` if unknown)."""
    return _lexicon().countries[iso3]


def igo_name(code: str) -> str:
    """Canonical Arabic name of an organisation code (``KeyError`` if unknown)."""
    return _lexicon().igos[code]


def country_codes() -> tuple[str, ...]:
    """Every ISO-3 code in ``countries.tsv``, sorted."""
    return tuple(sorted(_lexicon().countries))


def igo_codes() -> tuple[str, ...]:
    """Every organisation code in ``igos.tsv``, sorted."""
    return tuple(sorted(_lexicon().igos))


def _strip_clitics(key: str, entries: dict[str, list[Place]]) -> list[Place] | None:
    if key in entries:
        return entries[key]
    for n in (1, 2):
        prefix, rest = key[:n], key[n:]
        if prefix in _PREFIXES and rest in entries:
            return entries[rest]
        if prefix in _PREFIXES_FUSED and rest.startswith("لل") and _ARTICLE + rest[2:] in entries:
            return entries[_ARTICLE + rest[2:]]
    if key.startswith("لل") and _ARTICLE + key[2:] in entries:
        return entries[_ARTICLE + key[2:]]
    return None


def lookup(phrase: str) -> Place | None:
    """What ``phrase`` names (its default reading when ambiguous), or ``None``. The phrase is
    folded; a leading proclitic (``و ف ب ل ك``, ``لل`` for ``ال``) is ignored. Stop phrases and
    ``never`` names return ``None``."""
    found = _strip_clitics(_key(phrase), _lexicon().entries)
    if not found or found[0].kind == "stop" or found[0].match == "never":
        return None
    return found[0]


def demonym_country(word: str) -> str | None:
    """The code (ISO-3, or IGO for ``أممي``) of a demonym in any inflection, else ``None``."""
    p = lookup(word)
    return p.code if p is not None and p.kind == "demonym" else None


# --------------------------------------------------------------------------- finder

_WS_RUN = re.compile(r"[ \t]{2,}|\t")


def _collapse(s: str) -> tuple[str, list[int] | None, list[int] | None]:
    """The matching view of the normalized text ``s``: ``_`` read as a space (hashtags join
    words with it: ``#كوريا_الشمالية``) and runs of spaces/tabs as one space (multi-word names
    use single spaces); plus the segment starts (view, s) that map view positions back."""
    if "_" in s:
        s = s.replace("_", " ")
    if "  " not in s and "\t" not in s:
        return s, None, None
    parts: list[str] = []
    vs, ss = [0], [0]
    pos = 0
    v = 0
    for m in _WS_RUN.finditer(s):
        a, e = m.span()
        parts.append(s[pos:a])
        parts.append(" ")
        v += a - pos + 1
        pos = e
        vs.append(v)
        ss.append(e)
    parts.append(s[pos:])
    return "".join(parts), vs, ss


def _prev_word(view: str, i: int) -> str:
    """The word ending before position ``i`` (skipping spaces), or ""."""
    j = i
    while j > 0 and view[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and view[k - 1].isalnum():
        k -= 1
    return view[k:j]


def _next_word(view: str, i: int) -> str:
    j = i
    n = len(view)
    while j < n and view[j] == " ":
        j += 1
    k = j
    while k < n and view[k].isalnum():
        k += 1
    return view[j:k]


def _bare(word: str) -> tuple[str, ...]:
    """``word`` and its readings without proclitics (وب، ف، ل ...; لل -> ال)."""
    out = [word]
    for n in (1, 2):
        if len(word) > n + 1 and word[:n] in _PREFIXES:
            rest = word[n:]
            out.append(rest)
            if rest.startswith("ل") and word[:n][-1] == "ل":  # للأمير = ل + الأمير
                out.append("ا" + rest)
        if len(word) > n + 1 and word[:n] in _PREFIXES_FUSED and word[n:].startswith("لل"):
            out.append("ال" + word[n + 2 :])
    if word.startswith("لل"):
        out.append("ال" + word[2:])
    return tuple(out)


def _in(word: str, words: frozenset[str]) -> bool:
    return any(w in words for w in _bare(word))


def _definite(word: str, particles: frozenset[str]) -> bool:
    """Whether ``word`` (folded, clitics allowed) is a definite noun or adjective: it starts
    with ال and is not a particle that only looks so after folding (إلى، إلا، التي ...)."""
    return any(w.startswith(_ARTICLE) and len(w) > 3 and w not in particles for w in _bare(word)) and word not in particles


_LIST_GAP = re.compile(r"[ \t\n\u060c,;\u061b]*\u0648?")  # spaces, commas and one و between list items


def _in_country_list(view: str, kept: list[tuple[int, int, list[Place]]], i: int) -> bool:
    """Whether mention ``i`` stands in an enumeration next to a country name
    (``والأردن، وعمان، والكويت``)."""
    s, e, _ = kept[i]
    if i > 0:
        ps, pe, popts = kept[i - 1]
        if len(popts) == 1 and popts[0].kind == "country" and _LIST_GAP.fullmatch(view, pe, s):
            return True
    if i + 1 < len(kept):
        ns, ne, nopts = kept[i + 1]
        if len(nopts) == 1 and nopts[0].kind == "country" and _LIST_GAP.fullmatch(view, e, ns):
            return True
    return False


def _resolve(options: list[Place], evidence: Counter[str], country_list: bool) -> Place:
    """The reading of an ambiguous name: a country reading inside a list of countries;
    otherwise the reading whose code the document names most often (unambiguous mentions);
    otherwise the default (first) reading."""
    if country_list:
        for p in options:
            if p.kind == "country":
                return p
    best = max(evidence[p.code] for p in options)
    if best > evidence[options[0].code]:
        return next(p for p in options if evidence[p.code] == best)
    return options[0]


def _in_context(lex: _Lexicon, view: str, key: str, first: Place, w: int, s: int, e: int) -> Place | None:
    """Context rules for one match (``w``: start of its word, clitics included; ``[s, e)``:
    the name): ``None`` drops it, otherwise the reading to report. The word before is only
    looked at when a rule needs it."""
    prefix = view[w:s]
    article = key in lex.article
    prev: str | None = None
    if first.match == "cue":
        # a 'cue' name needs a cue word before it, or the preposition ب / ك on it (only nouns
        # take them: بينبع is the town, ينبع من the verb)
        if "ب" not in prefix and "ك" not in prefix:
            prev = _prev_word(view, w)
            if not _in(prev, lex.cues):
                return None
    if first.kind == "igo":
        return first
    if view.startswith(lex.after_marks, e) and _next_word(view, e) in lex.person_after:
        return None  # تركي بن فيصل
    if first.kind == "demonym" and not first.adj and article and key.endswith("ه") and "ب" in prefix:
        prev = _prev_word(view, w) if prev is None else prev
        if not _definite(prev, lex.particles):
            return None  # بالإسبانية after a verb: the language (an adjective takes no ب)
    if not article:
        prev = _prev_word(view, w) if prev is None else prev
        if prev and _in(prev, lex.person_before):
            return None  # الأمير تركي
        # an indefinite nisba right after a definite word cannot be its adjective: a name
        # (بمنطقة الرياض تركي الشليل), not a demonym
        if first.kind == "demonym" and prev and _definite(prev, lex.particles):
            return None
    elif first.adj and first.kind == "country":
        prev = _prev_word(view, w) if prev is None else prev
        if prev and _definite(prev, lex.particles):
            # الحكومة السعودية: the demonym reading, unless coordinated with a country
            # (الإمارات والسعودية), decided once the neighbours are known
            return replace(first, kind="demonym", adj=True)
    return first


def _take_free(cands: list, taken_s: list[int], taken_e: list[int], chosen: list) -> None:
    """Append to ``chosen`` each candidate (start, end, ...) that overlaps no span taken so far,
    in the given order; ``taken_s``/``taken_e`` are the taken spans' sorted starts and ends."""
    for c in cands:
        s, e = c[0], c[1]
        k = bisect_right(taken_s, s)
        if k > 0 and taken_e[k - 1] > s:
            continue
        if k < len(taken_s) and taken_s[k] < e:
            continue
        taken_s.insert(k, s)
        taken_e.insert(k, e)
        chosen.append(c)


def find_places(text: str, spans: Sequence[Span] | None = None, *, norm: NormText | None = None) -> list[PlaceMention]:
    """Countries, demonyms, cities and organisations named in ``text``, sorted by offset.

    ``spans`` (e.g. a document's body or sentences) restricts the result to mentions lying
    inside one of them; the rest of the text still serves as context for ambiguous names.
    ``norm`` is ``normalize(text)`` when the caller has it already."""
    lex = _lexicon()
    nt = norm if norm is not None else normalize(text)
    view, vs, ss = _collapse(nt.text)
    n = len(view)

    cands: list[tuple[int, int, str, bool, int]] = []
    for last, (length, key, fused) in lex.automaton.iter(view):
        stop = last + 1
        start = stop - length
        if stop < n and view[stop].isalnum() and not view[stop].isdigit():
            continue  # a letter right after: part of another word (مصرف); digits may follow (جنيف2)
        j = start
        while j > 0 and view[j - 1].isalnum() and start - j <= _MAX_PREFIX:
            j -= 1
        if j > 0 and view[j - 1].isalnum():
            continue
        prefix = view[j:start]
        if prefix:
            allowed = _PREFIXES_FUSED if fused else (_PREFIXES_DEF if key in lex.article else _PREFIXES)
            if prefix not in allowed:
                continue
        cands.append((start, stop, key, fused, j))
    geo_cands = _geo_candidates(lex, view)
    if not cands and not geo_cands:
        return []

    # longest first; a candidate overlapping an accepted one is dropped. Gazetteer-only names
    # come second: they never push out a name of the curated files.
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken_s: list[int] = []
    taken_e: list[int] = []
    chosen: list[tuple[int, int, str, bool, int]] = []
    _take_free(cands, taken_s, taken_e, chosen)
    n_base = len(chosen)
    geo_cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    _take_free(geo_cands, taken_s, taken_e, chosen)

    kept: list[tuple[int, int, list[Place]]] = []
    for s, e, key, fused, w in chosen[:n_base]:
        options = lex.entries[key]
        first = options[0]
        if first.kind == "stop" or first.match == "never":
            continue
        reading = _in_context(lex, view, key, first, w, s, e)
        if reading is None:
            continue
        if first.kind == "city" and (_club(lex, view, w) or w == s and key not in lex.article and _after_given_name(lex, view, w)):
            continue
        if reading is not first:
            options = [reading] + options[1:]
        kept.append((s, e, options))

    # ambiguous names: the reading whose country the document names more often
    evidence: Counter[str] = Counter(opts[0].code for _, _, opts in kept if len(opts) == 1)
    for s, e, key, fused, w in chosen[n_base:]:
        geo = _geo_reading(lex, view, key, w, s, e, evidence)
        if geo is not None:
            kept.append((s, e, [geo]))

    def to_s(i: int) -> int:
        if vs is None or ss is None:
            return i
        k = bisect_right(vs, i) - 1
        return ss[k] + (i - vs[k])

    if spans is not None:
        bounds: list[list[int]] = []
        for a, b in sorted((sp.start, sp.end) for sp in spans):
            if bounds and a <= bounds[-1][1]:
                bounds[-1][1] = max(bounds[-1][1], b)
            else:
                bounds.append([a, b])
        starts = [b[0] for b in bounds]
    kept.sort(key=lambda t: t[0])
    out: list[PlaceMention] = []
    for i, (s, e, options) in enumerate(kept):
        place = options[0]
        if len(options) > 1:
            place = _resolve(options, evidence, _in_country_list(view, kept, i))
        elif place.adj and place.kind == "demonym" and _in_country_list(view, kept, i):
            place = replace(place, kind="country")
        os_, oe = nt.orig_span(to_s(s), to_s(e - 1) + 1)
        if spans is not None:
            k = bisect_right(starts, os_) - 1
            if k < 0 or bounds[k][1] < oe:
                continue
        name = lex.igos[place.code] if place.igo is not None else lex.countries[place.code]
        pt = city_point(place.geo) if place.geo else (country_point(place.country) if place.kind in ("country", "demonym") else None)
        out.append(
            PlaceMention(
                text=text[os_:oe], start=os_, end=oe, kind=place.kind, code=place.code, name=name,
                country=place.country, igo=place.igo,
                lat=None if pt is None else pt.lat, lon=None if pt is None else pt.lon,
                geonames_id=None if pt is None else pt.geonameid, precision=None if pt is None else pt.precision,
            )
        )
    return out


#: Words before a gazetteer-only name that make it the place of something (في X، من X، قرب X).
_GEO_PREPS = frozenset({"في", "فى", "من", "الى", "الي", "قرب", "بالقرب", "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي",
                        "شرقي", "غربي", "ضواحي", "اطراف", "داخل", "نحو", "حول", "مدن"})
#: A gazetteer-only name without a place noun before it needs this many inhabitants.
GEO_MIN_POPULATION = 50_000
#: A city outside the Arabic-speaking countries is read from the gazetteer only when it has this
#: many inhabitants (GeoNames' Arabic names of small foreign towns are often transliterations
#: that spell Arabic words: كان، بيان، اطار).
GEO_FOREIGN_POPULATION = 1_000_000


_WORD = re.compile(r"\w+")


_NEXT_WORDS = re.compile(r" (\w+)")


def _geo_candidates(lex: _Lexicon, view: str) -> list[tuple[int, int, str, bool, int]]:
    """Gazetteer-only names in ``view`` as (start, stop, key, fused, word start), read word by
    word with the same proclitic rules as the automaton's hits. The distinct words of the text
    are intersected with every surface form of a first word (one set operation), then only
    the occurrences of the words found are read."""
    forms = lex.geo_forms
    hits = set(_WORD.findall(view)) & forms.keys()
    if not hits:
        return []
    geo_keys = lex.geo_keys
    entries = lex.entries
    article = lex.article
    n_view = len(view)
    out: list[tuple[int, int, str, bool, int]] = []
    for word in hits:
        readings = forms[word]
        ws = view.find(word)
        while ws >= 0:
            we = ws + len(word)
            if (ws == 0 or not view[ws - 1].isalnum() and view[ws - 1] != "_") and (we == n_view or not view[we].isalnum() and view[we] != "_"):
                found = False
                for prefix, stem, fused in readings:
                    for n in geo_keys[stem]:
                        key, stop = stem, we
                        if n > 1:
                            more = []
                            pos = we
                            for _ in range(n - 1):
                                mm = _NEXT_WORDS.match(view, pos)
                                if mm is None:
                                    break
                                more.append(mm.group(1))
                                pos = mm.end()
                            if len(more) < n - 1:
                                continue
                            key, stop = " ".join([stem, *more]), pos
                        opts = entries.get(key)
                        if opts is None or opts[0].match != "geo":
                            continue
                        if not fused and prefix and prefix not in (_PREFIXES_DEF if key in article else _PREFIXES):
                            continue
                        out.append((ws + len(prefix), stop, key, fused, ws))
                        found = True
                        break
                    if found:
                        break
            ws = view.find(word, we)
    return out


def _club(lex: _Lexicon, view: str, w: int) -> bool:
    """A city name right after a club or team word names the club (نادي الرياض، فريق الاتحاد)."""
    prev = _prev_word(view, w)
    return bool(prev) and _in(prev, lex.not_city_before)


def _after_given_name(lex: _Lexicon, view: str, w: int) -> bool:
    """A name without ال or clitic right after a given name is a surname (محمد حلب), not the
    city (the caller checks the clitic: عبدالعزيز بينبع is the city)."""
    prev = _prev_word(view, w)
    return prev in lex.given


def _geo_reading(lex: _Lexicon, view: str, key: str, w: int, s: int, e: int, evidence: Counter[str]) -> Place | None:
    """The reading of a name only the gazetteer knows, or None (precision first):

    * never after a club or team word (نادي ...), after a given name (a surname: محمد حلب) or
      before بن/بنت (a name);
    * the document must name the city's country elsewhere (a country, demonym or curated city:
      حي السد بأبها is not Qatar's al-Sadd); of several such readings, the country named most,
      then the most populous, wins;
    * right after a place noun (مدينة، بلدة، العاصمة، محافظة ...: ``city_cue`` in
      place_context.tsv) that is enough;
    * otherwise the name must not be a common word (``common`` in place_context.tsv, given
      names, stop words, three letters or fewer), a preposition or direction word must stand
      before it (في، من، إلى، ب ...: ``_GEO_PREPS``) and the city must have
      :data:`GEO_MIN_POPULATION` inhabitants."""
    options = lex.entries[key]
    prev = _prev_word(view, w)
    if prev and (_in(prev, lex.not_city_before) or w == s and prev in lex.given):
        return None
    if view.startswith(lex.after_marks, e) and _next_word(view, e) in lex.person_after:
        return None
    named = [p for p in options if evidence[p.code] > 0]
    if not named:
        return None
    if prev and _in(prev, lex.city_cues):
        return max(named, key=lambda p: (evidence[p.code], p.pop))
    bare = key[2:] if key.startswith(_ARTICLE) else key
    if key in lex.geo_common or bare in lex.geo_common or len(bare.replace(" ", "")) <= 3:
        return None
    named = [p for p in named if p.pop >= GEO_MIN_POPULATION]
    if not named:
        return None
    prefix = view[w:s]
    if "ب" not in prefix and not _in(prev, _GEO_PREPS):
        return None
    return max(named, key=lambda p: (evidence[p.code], p.pop))


def _all_keys() -> Iterable[tuple[str, list[Place]]]:
    """(folded key, readings) of every phrase the finder knows (for tests and tools)."""
    return _lexicon().entries.items()
