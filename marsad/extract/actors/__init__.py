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
6. **World knowledge** (:mod:`.dictionary`, :mod:`marsad.lexicon.actor_dictionary`): a person
   the text leaves without affiliation takes the dictionary's at the document's date
   (``basis="dictionary"``; a curated national official's state also wins over a disagreeing
   reading of the text); a known spelling of two words or more is a person even without a title
   (``ورد فلاديمير بوتين``); an office named with its state and no name (``وزير الخارجية
   الأمريكي``) gets its holder at the document's date (``holder``/``holder_key``, or a mention of
   that person when the text names them: ``basis="office"``). Ambiguous or out-of-window
   answers stay unresolved. ``MARSAD_ACTOR_DICTIONARY=off`` turns all of it off.
7. **Names**: after the title, its posting may come before the name (``المنسق ... في اليمن
   يوهانس ...``، ``عضو البرلمان ... عن مدينة X، جون غلين``), and a title followed by a comma
   or its posting and an honorific takes the name after the honorific (``مساعد وزير الخارجية
   الكويتي، السفير ...``). A counterpart or an office of another state starts a new person
   (``وزير الخارجية الأمريكي نظيره السعودي عادل الجبير``).

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

8. **States named by context** (:mod:`.context`, ``state_refs.tsv``): an unqualified force
   (``الجيش``، ``قوات الأمن``، ``قوات النظام``) takes the state it was named with earlier, else the
   one country where its sentence locates things, else the country the document is about, else
   the home country (``basis="coreference"`` / ``"context"``); civilians and protesters take the
   place's country; ``المملكة`` is the home kingdom, ``التحالف`` the leader of the war the text is
   about; a capital that acts (``استدعت موسكو``) is its government (``basis="metonymy"``); a
   group's nisba after a definite noun (``الهجوم الحوثي``) names the group.

Codes: ``actor_code(country, igo, role, role2)`` concatenates CAMEO 3-letter elements
(``EGYGOV``, ``CHNCOP``, ``SAUGOVMIL``); an organisation is its own code (``IGOEUREEC``); a
country or side without a role is the bare ISO-3 code (``EGY``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import ActorMention, Document, Person, PlaceMention, Span
from ...text.normalize import NormText, normalize
from .codes import actor_code
from .body import _headlines, _in_body, _wire_lines
from .coreference import _Resolver
from .dictionary import enabled as dictionary_enabled
from .dictionary import known_names
from .dictionary import warm as _dictionary_warm
from .home import _capitals, _furniture_scores, _home_scores, _pick_home, _visit_forms, home_country
from .names import _Persons
from .output import _output
from .reader import _Reader
from .refs import capital_names, state_refs
from .title_lexicon import (
    Title,
    _anchor_surface_words,
    _coref_words,
    _head_words,
    _hon_words,
    _office_titles,
    _title_trie,
    _title_words,
    titles,
)

__all__ = [
    "Title",
    "actor_code",
    "find_actors",
    "find_actors_in_text",
    "home_country",
    "titles",
    "warm",
]


# --------------------------------------------------------------------------- public API



def _run(text: str, nt: NormText, places: Sequence[PlaceMention], spans: Sequence[Span], *,
         outlet: str | None, default_country: str | None,
         headlines: Sequence[Span] = (), wire: Sequence[Span] = (),
         published: str | None = None) -> tuple[list[ActorMention], list[Person]]:
    r = _Reader(text, nt, places, spans, word_pairs=dictionary_enabled())
    scores = _home_scores(r, outlet)
    scores.update(_furniture_scores(text, nt, headlines, wire))
    home = _pick_home(scores)
    basis = "home_country"
    if home is None and default_country:
        home, basis = default_country, "default"
    ps = _Persons(r)
    ps.read()
    known_names(r, ps)
    res = _Resolver(r, ps, home, basis, published)
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
    state_refs()
    capital_names()
    _dictionary_warm()



def find_actors(doc: Document, places: Sequence[PlaceMention], *, default_country: str | None = None,
                norm: NormText | None = None) -> tuple[list[ActorMention], list[Person]]:
    """Actor mentions and persons of ``doc`` (body sentences only). ``places`` are the
    document's place mentions (:func:`marsad.extract.places.find_places`); ``default_country``
    is the home country to use when the text and outlet give none (``basis="default"``)."""
    nt = norm if norm is not None else normalize(doc.text)
    spans = doc.sentences or doc.body
    return _run(doc.text, nt, _in_body(places, doc.body), spans,
                outlet=doc.outlet, default_country=default_country, headlines=_headlines(doc),
                wire=_wire_lines(doc), published=doc.published)


def find_actors_in_text(text: str, places: Sequence[PlaceMention] | None = None, *, outlet: str | None = None,
                        default_country: str | None = None, published: str | None = None) -> tuple[list[ActorMention], list[Person]]:
    """:func:`find_actors` for a bare text (one body span); ``places`` default to
    :func:`marsad.extract.places.find_places` of the text."""
    nt = normalize(text)
    if places is None:
        from ..places import find_places

        places = find_places(text, norm=nt)
    from ...text.segment import segment

    _, sentences = segment(text, [Span(0, len(text))])
    return _run(text, nt, places, sentences or [Span(0, len(text))], outlet=outlet, default_country=default_country,
                published=published)
