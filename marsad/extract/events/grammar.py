"""The closed-class grammar the event coder reads sentences with (``event_grammar.tsv``), plus
two views of other tables it needs: honorifics (words allowed between a verb and its
subject) and the head words of titles (to tell ``لنظيره`` = ل + نظيره from ``لبنان``).

Everything here is cached and keyed by folded words; the coder calls :func:`word_items` once
per distinct word of a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ...lexicon import load_table
from ...lexicon.events import conjugate, proclitic_splits
from ...text.normalize import fold


@dataclass(frozen=True, slots=True)
class GItem:
    """A grammar cue starting at a word: ``rest`` = the words that must follow it."""

    kind: str  # prep | relative | pair | say | impersonal | selfref | counterpart | anchor | break | skip | verb | abstract | perform | undergo | agent | ...
    rest: tuple[str, ...]
    value: str | None  # the slot a preposition opens
    aspect: str  # perf | impf | part | noun | fixed
    pronoun: str | None = None


_VERB_KINDS = ("say", "impersonal", "verb", "perform", "undergo")


@cache
def _items() -> dict[str, tuple[GItem, ...]]:
    """First folded word -> grammar items (bare forms; proclitics are handled by lookup)."""
    out: dict[str, list[GItem]] = {}
    for r in load_table("event_grammar"):
        kind, forms = str(r["kind"]), str(r["forms"])
        if forms == "clitic" or kind in ("masculine", "agent_noun", "delegates", "doer_noun"):  # see masculine_names(), agent_words(), delegate_words()
            continue
        value = None if r["value"] is None else str(r["value"])
        participle = None if r["participle"] is None else str(r["participle"])
        if forms == "fixed":
            expanded = [(fold(str(r["phrase"])), "fixed", None)]
        else:
            expanded = [(f.text, f.aspect, f.pronoun) for f in conjugate(forms, participle=participle, lemma=str(r["phrase"]))]
        for text, aspect, pronoun in expanded:
            first, *rest = text.split()
            item = GItem(kind, tuple(rest), value, aspect, pronoun)
            if item not in out.get(first, ()):
                out.setdefault(first, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


@cache
def clitic_preps() -> dict[str, str]:
    """One-letter proclitic prepositions -> the slot they open (ب -> pp_bi, ل -> pp_li)."""
    return {
        fold(str(r["phrase"])): str(r["value"])
        for r in load_table("event_grammar")
        if r["forms"] == "clitic"
    }


@lru_cache(maxsize=1 << 13)  # sized by hit rate (63k hits / 139k misses at 65,536): see lexicon.events.proclitic_splits
def word_items(word: str) -> tuple[tuple[str, GItem], ...]:
    """(proclitics, item) pairs for the grammar cues a folded word can start. Verbs take و/ف
    (and س before an imperfect); other cues take و/ف only; anchors and breaks list their
    own و forms."""
    table = _items()
    out: list[tuple[str, GItem]] = []
    for prefix, stem in proclitic_splits(word):
        for item in table.get(stem, ()):
            if prefix and not _prefix_ok(prefix, item) and not _imperfect_listed(prefix, stem, item):
                continue
            out.append((prefix, item))
    return tuple(out)


@cache
def bare_prepositions() -> frozenset[str]:
    """Bare forms of the one-word prepositions (``item.kind == "prep"`` with no ``rest``)."""
    return frozenset(w for w, items in _items().items() if any(i.kind == "prep" and not i.rest for i in items))


def _prefix_ok(prefix: str, item: GItem) -> bool:
    core = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
    if item.kind in _VERB_KINDS:
        if item.aspect in ("perf", "fixed"):
            return core == ""
        if item.aspect == "impf":
            return core in ("", "س", "ل")  # ليبدأ: li- + subjunctive
        return core == ""  # participles: وأكد / مؤكدا take only و ف
    return core == ""


def _imperfect_listed(prefix: str, stem: str, item: GItem) -> bool:
    """An imperfect written out in a ``list:`` of verb forms (يبدأ in بدأ|يبدأ) takes ل or س
    like a conjugated one (ليبدأ، سيبدأ)."""
    core = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
    return item.kind in _VERB_KINDS and item.aspect == "fixed" and core in ("س", "ل") and stem[:1] in ("ي", "ت", "ن") and len(stem) > 3


@cache
def masculine_names() -> frozenset[str]:
    """Folded names of the states that take a masculine verb (``masculine`` rows: العراق،
    لبنان ...); every other state's name takes a feminine one (subject-verb agreement)."""
    return frozenset(fold(str(r["phrase"])) for r in load_table("event_grammar") if r["kind"] == "masculine")


@cache
def delegate_words() -> frozenset[str]:
    """Folded construct nouns of the people or members acting for a body (``delegates`` rows:
    وزراء، قادة، خارجية، دول): in اجتماع وزراء خارجية دول X the genitive party is X."""
    return frozenset(fold(str(r["phrase"])) for r in load_table("event_grammar") if r["kind"] == "delegates")


@cache
def agent_words() -> frozenset[str]:
    """Folded nouns naming an agent of no known side (``agent`` rows: منظمات، نشطاء، عدة)."""
    return frozenset(fold(str(r["phrase"])) for r in load_table("event_grammar") if r["kind"] == "agent_noun")


@cache
def doer_nouns() -> frozenset[str]:
    """Folded verbal nouns whose genitive is their doer (``doer_noun`` rows: انسحاب، تخلي)."""
    return frozenset(fold(str(r["phrase"])) for r in load_table("event_grammar") if r["kind"] == "doer_noun")


@cache
def skip_words() -> frozenset[str]:
    """Folded words allowed between a verb and its subject: honorifics and ranks (every word
    of ``honorifics.tsv``) and the ``skip`` rows (أيضا، اليوم، بدوره)."""
    words = {w for r in load_table("honorifics") for w in fold(str(r["word"])).split()}
    for text, items in _items().items():
        if any(i.kind == "skip" for i in items):
            words.add(text)
    return frozenset(words)


@cache
def title_heads() -> frozenset[str]:
    """First words of titles, institutions and coreference phrases, without the article:
    what may follow a bare ب/ل proclitic inside an actor mention (لنظيره، بوزير)."""
    heads: set[str] = set()
    for r in load_table("titles"):
        first = fold(str(r["title"])).split()[0]
        heads.add(first[2:] if first.startswith("ال") and len(first) > 3 else first)
    for r in load_table("coreference"):
        first = fold(str(r["phrase"])).split()[0]
        heads.add(first[2:] if first.startswith("ال") and len(first) > 3 else first)
    return frozenset(h for h in heads if len(h) >= 3)


def split_clitic(word: str) -> tuple[bool, str | None]:
    """Whether a folded word begins with the conjunction و/ف, and the preposition slot of a
    proclitic ب/ل/ك it carries (``None`` when it carries none): ``والاتحاد`` -> (True, None),
    ``بالاتحاد`` -> (False, pp_bi), ``لنظيره`` -> (False, pp_li), ``لبنان`` -> (False, None)."""
    return _split_clitic(word)


@lru_cache(maxsize=1 << 13)  # sized by hit rate on archive text (see lexicon.events.proclitic_splits)
def _split_clitic(word: str) -> tuple[bool, str | None]:
    heads = title_heads()
    preps = clitic_preps()

    def headed(rest: str) -> bool:
        return rest.startswith("ال") or any(rest.startswith(h) for h in heads if len(h) <= len(rest))

    conj = False
    rest = word
    if len(rest) > 3 and rest[0] in "وف":
        r = rest[1:]
        if headed(r) or (r[0] in preps or r[0] == "و") and len(r) > 3 and headed(r[1:]) or r.startswith("لل"):
            conj, rest = True, r
    if rest.startswith("لل") and len(rest) > 3:
        return conj, preps.get("ل")
    if rest[:1] in preps and len(rest) > 3 and headed(rest[1:]) and rest not in heads:
        return conj, preps[rest[0]]
    return conj, None


@cache
def _capitals() -> frozenset[str]:
    """Folded names of the capitals (``cities.tsv`` rows of kind ``capital``)."""
    return frozenset(fold(str(r["name"])) for r in load_table("cities") if r["kind"] == "capital")


@lru_cache(maxsize=4096)
def capital_name(text: str) -> bool:
    """Whether a place's text is a capital's name (واشنطن، موسكو، طهران)."""
    return fold(text) in _capitals()
