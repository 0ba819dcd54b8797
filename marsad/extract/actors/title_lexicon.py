"""The title lexicon (``titles.tsv``, ``honorifics.tsv``, ``coreference.tsv``, ``home_cues.tsv``):
rows, derived construct and dual forms, the word trie and the per-word sets and caches the reader uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ...lexicon import load_table
from ...text.normalize import fold
from ..persons import CLITICS, name_lexicon
from .tokens import _DEF, _TOKEN, _variants, _WORDS


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
    group: str = ""  # a groups.tsv row: its kind (noun | armed | movement | party | ngo | company)
    code: str | None = None  # groups.tsv: the CAMEO code where it is not country + role


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
    out.extend(group_titles())
    return tuple(out)


@cache
def group_titles() -> tuple[Title, ...]:
    """The rows of groups.tsv as institution titles (no derived forms): non-state group nouns
    and named groups (see :mod:`marsad.extract.actors.groups`)."""
    out: list[Title] = []
    for r in load_table("groups"):
        out.append(Title(
            title=str(r["phrase"]),
            words=tuple(fold(str(r["phrase"])).split()),
            kind="institution",
            role=str(r["role"]),
            role2=None,
            rank=None,
            country=None if r["country"] is None else str(r["country"]),
            complement=str(r["complement"]),
            inherit=r["inherit"] == "yes",
            group=str(r["kind"]),
            code=None if r["code"] is None else str(r["code"]),
        ))
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



@cache
def _named_heads() -> frozenset[str]:
    """Words whose next word is the name of what they name (مدينة كيلس، شرطة لامو، جمعية
    سيهات): the place cues of ``place_context.tsv`` (``city_cue``) and the first words of
    institution heads in ``titles.tsv`` (folded, without ال)."""
    heads = {fold(str(r["phrase"])) for r in load_table("place_context") if r["kind"] == "city_cue"}
    heads |= {t.words[0] for t in titles() if t.kind == "institution_head" and len(t.words) == 1}
    return frozenset(w for w in heads if not w.startswith(_DEF) and " " not in w)


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


# Per-word caches sized by their hit rates on archive text (5,808 articles): each grew with
# the vocabulary's long tail (words seen once) towards its bound, 32,768 or 65,536 entries,
# while the frequent words that give the hits fit in a few thousand (_is_stop: 5.9k hits for
# 10.6k misses).
@lru_cache(maxsize=1 << 13)
def _title_variants(w: str) -> tuple[tuple[str, str], ...]:
    """The (clitic, stem) readings of ``w`` whose stem starts a title (adjectives included)."""
    by_first = _lexicon().by_first
    return tuple(v for v in _variants(w) if v[1] in by_first)


@lru_cache(maxsize=1 << 13)
def _anchor_variants(w: str) -> tuple[tuple[str, str], ...]:
    """The (clitic, stem) readings of ``w`` whose stem starts a title, honorific or
    coreference phrase (most words have none; cached per word)."""
    firsts = _anchor_firsts()
    return tuple(v for v in _variants(w) if v[1] in firsts)


@lru_cache(maxsize=1 << 12)
def _one_word_title(w: str) -> bool:
    """Whether a reading of ``w`` is a one-word title (adjectives included)."""
    by_first = _lexicon().by_first
    return any(len(t.words) == 1 for _, stem in _title_variants(w) for t in by_first[stem])


@lru_cache(maxsize=1 << 12)
def _is_stop(w: str) -> bool:
    """:meth:`NameLexicon.is_stop` of :func:`name_lexicon`, cached per word."""
    return name_lexicon().is_stop(w)


@lru_cache(maxsize=1 << 13)
def _is_eponym(w: str) -> bool:
    """:meth:`NameLexicon.is_eponym` of :func:`name_lexicon`, cached per word."""
    return name_lexicon().is_eponym(w)


@lru_cache(maxsize=1 << 13)
def _name_word_kind(w: str) -> int:
    """What the Arabic word ``w`` alone says about standing in a name: 0 never (a stop word,
    a clitic on a definite word, و + a known word), 1 yes, 2 a given name spelled like a stop
    word (the next word and the original spelling decide: _Reader._name_word)."""
    nlex = name_lexicon()
    if len(w) < 2 and w not in nlex.particles:
        return 0
    if len(w) > 3 and (w[:1] in "وفبكل" and w[1:3] == _DEF or w.startswith(("لل", "ولل", "فلل"))):
        if not (w[0] == "ف" and w[1:] not in nlex.stops and not _is_stop(w[1:]) and not _one_word_title(w[1:])):
            return 0  # a clitic on a definite word (للحج، بالإنجاز، والوفد) is never a name word
        # ف + an unknown ال-word is a transcription (فالتر، فالنتينا), not ف + a noun
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



_PERSON_TITLES = frozenset({"office", "office_head", "modifier"})
