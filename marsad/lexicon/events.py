"""Typed, cached views of the event-coding tables (the data layer of the event coder).

* ``cameo_events.tsv`` — every CAMEO event code: name, Goldstein score, QuadClass, PLOVER type /
  mode / context, reciprocity, whether a second party is needed, the linked code (042 <-> 043)
  and the code to use when the event is only planned (``future_code``).
* ``triggers.tsv`` — Arabic triggers per code, written compactly (a lemma plus a conjugation
  class); :func:`triggers` expands every row to its surface forms (:func:`conjugate`).
* ``modality.tsv`` — cues that make an event planned, negated, cancelled, conditional,
  hypothetical or historical.
* ``topics.tsv`` — topic cues (PLOVER contexts or ``marsad:`` extensions) and the sub-codes a
  topic refines a generic code to (030 + information exchange -> 0314).

Every Arabic string handed out here is *folded* (:func:`marsad.text.normalize.fold`), the form
the coder matches in the normalized view; map matches back with ``NormText.orig_span``.

>>> event_code("042").goldstein, quad_class("173"), plover("057").type
(1.9, 4, 'SUPPORT')
>>> "يزوران" in {f.text for f in conjugate("hollow:زار/زر/زور")}
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from ..text.normalize import fold
from .loader import Row, load_table
from .schemas import PLOVER_CONTEXTS, PLOVER_QUAD

# --- CAMEO codes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plover:
    """The PLOVER view of a CAMEO code. ``swap``: the PLOVER actor is the CAMEO target (043)."""

    type: str
    mode: str | None
    contexts: tuple[str, ...]
    swap: bool

    @property
    def quad(self) -> int:
        return PLOVER_QUAD[self.type]


@dataclass(frozen=True, slots=True)
class EventCode:
    code: str  # "042", "0214" — a string, leading zero kept
    name: str
    root: str  # "04"
    goldstein: float
    quad_class: int  # GDELT QuadClass 1..4 (by root)
    plover_type: str | None  # None for the roots PLOVER dropped (01, 02) and the split root 08
    plover_mode: str | None
    plover_contexts: tuple[str, ...]
    plover_swap: bool
    symmetric: bool  # reciprocal by default
    needs_target: bool  # False: may be coded with a source alone
    linked: str | None  # the reversed companion event (042 <-> 043)
    future_code: str | None  # code for the planned/announced version (None: not coded)
    note: str | None

    @property
    def base(self) -> str:
        """The level-2 parent (``0251`` -> ``025``; a root or base code is its own base)."""
        return self.code[:3] if len(self.code) >= 3 else self.code

    @property
    def level(self) -> int:
        """1 = root (``04``), 2 = base (``042``), 3 = leaf (``0214``)."""
        return len(self.code) - 1

    @property
    def plover(self) -> Plover | None:
        if self.plover_type is None:
            return None
        return Plover(self.plover_type, self.plover_mode, self.plover_contexts, self.plover_swap)

    @property
    def plover_quad(self) -> int | None:
        """The quad category of the PLOVER type (differs from ``quad_class`` for 09 and 14)."""
        return None if self.plover_type is None else PLOVER_QUAD[self.plover_type]


def _opt(row: Row, col: str) -> str | None:
    v = row[col]
    return None if v is None else str(v)


@cache
def event_codes() -> Mapping[str, EventCode]:
    """Every CAMEO event code in ``cameo_events.tsv``, keyed by code (file order)."""
    out: dict[str, EventCode] = {}
    for r in load_table("cameo_events"):
        ctx = _opt(r, "plover_context")
        out[str(r["code"])] = EventCode(
            code=str(r["code"]),
            name=str(r["name"]),
            root=str(r["root"]),
            goldstein=float(str(r["goldstein"])),
            quad_class=int(r["quad_class"]),  # type: ignore[arg-type]
            plover_type=_opt(r, "plover_type"),
            plover_mode=_opt(r, "plover_mode"),
            plover_contexts=tuple(ctx.split(";")) if ctx else (),
            plover_swap=r["plover_swap"] == "yes",
            symmetric=r["symmetric"] == "yes",
            needs_target=r["needs_target"] == "yes",
            linked=_opt(r, "linked"),
            future_code=_opt(r, "future_code"),
            note=_opt(r, "note"),
        )
    return MappingProxyType(out)


def event_code(code: str) -> EventCode:
    """The CAMEO code ``code`` (a string: ``"042"``, not ``42``); KeyError names the bad code."""
    try:
        return event_codes()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO event code {code!r} (codes are strings with the leading zero: '042')") from None


def goldstein(code: str) -> float:
    return event_code(code).goldstein


def quad_class(code: str) -> int:
    return event_code(code).quad_class


def plover(code: str) -> Plover | None:
    """PLOVER type/mode/contexts of a CAMEO code, or None where PLOVER has no category (01, 02)."""
    return event_code(code).plover


# --- morphology: surface forms from a compact description ---------------------------------

# Closed-class grammar (not lexicon): attached object / possessive pronouns, and the proclitics
# a trigger word may carry. Conjunctions و ف; prepositions ب ل ك; the article ال (and لل).
PRONOUNS = ("ه", "ها", "هما", "هم", "هن", "ك", "كم", "نا", "ني")
_VERB_PRONOUNS = ("ه", "ها", "هما", "هم", "هن", "ك", "كم", "نا", "ني")
_NOUN_PRONOUNS = ("ه", "ها", "هما", "هم", "هن", "ك", "كم", "نا")
CONJUNCTIONS = ("و", "ف")
FORBID_WINDOW = 2  # a forbidden cue vetoes a trigger within this many words (بحث الوزير عن = searched for)
PREPOSITIONS = ("ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a trigger, folded. ``aspect``: perf | impf | part | noun | fixed;
    ``pronoun``: the attached pronoun (object of a verb, possessor of a noun), if any."""

    text: str
    aspect: str
    pronoun: str | None = None


def _f(text: str, aspect: str, pronoun: str | None = None) -> Form:
    return Form(fold(text), aspect, pronoun)


def _with_object(stem: str, aspect: str) -> list[Form]:
    """A verb form plus its object-pronoun forms (3mp "وا" drops its alif before a pronoun)."""
    base = stem[:-1] if stem.endswith("وا") else stem
    return [_f(stem, aspect)] + [_f(base + p, aspect, p) for p in _VERB_PRONOUNS]


def _sound(perf: str, impf: str, objects: bool) -> list[Form]:
    out: list[Form] = []
    perfs = [perf, perf + "ت", perf + "ا", perf + "تا", perf + "وا", perf + "ن", perf + "نا"]
    impfs = [p + impf for p in "يتن"] + [
        "ي" + impf + "ان", "ت" + impf + "ان", "ي" + impf + "ون", "ت" + impf + "ون", "ي" + impf + "وا",
    ]
    for s in perfs:
        out += _with_object(s, "perf") if objects and not s.endswith(("ن", "نا")) else [_f(s, "perf")]
    for s in impfs:
        out += _with_object(s, "impf") if objects else [_f(s, "impf")]
    out += [_f("ي" + impf + "ن", "impf"), _f("ي" + impf + "ا", "impf")]  # 3fp; dual subjunctive
    return out


def _doubled(perf: str, impf: str, objects: bool) -> list[Form]:
    out: list[Form] = []
    for s in (perf, perf + "ت", perf + "ا", perf + "تا", perf + "وا"):
        out += _with_object(s, "perf") if objects else [_f(s, "perf")]
    out.append(_f(perf + ("نا" if perf.endswith("ن") else perf[-1] + "نا"), "perf"))
    for s in [p + impf for p in "يتن"] + ["ي" + impf + "ان", "ت" + impf + "ان", "ي" + impf + "ون", "ي" + impf + "وا"]:
        out += _with_object(s, "impf") if objects else [_f(s, "impf")]
    return out


def _hollow(perf: str, short: str, impf: str, objects: bool) -> list[Form]:
    out: list[Form] = []
    for s in (perf, perf + "ت", perf + "ا", perf + "تا", perf + "وا"):
        out += _with_object(s, "perf") if objects else [_f(s, "perf")]
    out += [_f(short + "ن", "perf"), _f(short + "نا", "perf"), _f(short + "ت", "perf")]
    for s in [p + impf for p in "يتن"] + ["ي" + impf + "ان", "ت" + impf + "ان", "ي" + impf + "ون", "ي" + impf + "وا"]:
        out += _with_object(s, "impf") if objects else [_f(s, "impf")]
    return out


def _defective(perf: str, impf3: str, objects: bool) -> list[Form]:
    """Final-weak verbs: ``التقى/يلتقي``, ``دعا/يدعو``, ``تلقى/يتلقى``."""
    last, base = perf[-1], perf[:-1]
    glide = "ي" if last in "ىي" else "و"
    out: list[Form] = [_f(perf, "perf")]
    if objects:
        out += [_f(base + "ا" + p, "perf", p) for p in _VERB_PRONOUNS]
    for s in (base + "ت", base + glide + "ا", base + "وا", base + "تا"):
        out += _with_object(s, "perf") if objects else [_f(s, "perf")]
    out += [_f(base + glide + "نا", "perf"), _f(base + glide + "ت", "perf")]
    core = impf3[1:]
    m, cb = core[-1], core[:-1]
    iglide = "و" if m == "و" else "ي"
    for p in "يتن":
        out.append(_f(p + core, "impf"))
        if objects:
            obj_stem = cb + "ا" if m == "ى" else core
            out += [_f(p + obj_stem + q, "impf", q) for q in _VERB_PRONOUNS]
    for s in ("ي" + cb + iglide + "ان", "ت" + cb + iglide + "ان", "ي" + cb + "ون", "ي" + cb + "وا"):
        out += _with_object(s, "impf") if objects else [_f(s, "impf")]
    return out


def _construct(noun: str) -> list[str]:
    """Stems a possessive pronoun attaches to (ة -> ت; a final hamza on any seat)."""
    if noun.endswith("ة"):
        return [noun[:-1] + "ت"]
    if noun.endswith("ء"):
        return [noun, noun[:-1] + "ئ", noun[:-1] + "ؤ"]
    return [noun]


def _noun(singular: str, plurals: Sequence[str]) -> list[Form]:
    out = [_f(singular, "noun")]
    if not singular.endswith(("ة", "ى", "ا", "ء")):
        out.append(_f(singular + "ا", "noun"))  # accusative tanween alif: اتصالاً
    for stem in _construct(singular):
        out += [_f(stem + p, "noun", p) for p in _NOUN_PRONOUNS]
    dual = _construct(singular)[0]
    out += [_f(dual + "ان", "noun"), _f(dual + "ين", "noun")]
    for pl in plurals:
        out.append(_f(pl, "noun"))
        if not pl.endswith(("ون", "ين")):
            out += [_f(s + p, "noun", p) for s in _construct(pl) for p in _NOUN_PRONOUNS]
    return out


def _participle(stem: str) -> list[Form]:
    return [_f(stem + e, "part") for e in ("", "ا", "ة", "ين", "ون", "ان", "تين", "تان", "ات")]


def conjugate(spec: str, *, objects: bool = False, participle: str | None = None,
              aspect: str | None = None, lemma: str | None = None) -> tuple[Form, ...]:
    """Expand a ``forms`` description of ``triggers.tsv`` into folded surface forms.

    ``sound:P/I`` (استقبل/ستقبل), ``hollow:P/S/I`` (زار/زر/زور), ``defective:P/I``
    (التقى/يلتقي), ``doubled:P/I`` (شن/شن), ``noun:S[/PL...]`` (زيارة/زيارات), ``list:a|b``,
    ``fixed`` (the lemma). ``objects`` adds object pronouns to verbs; ``aspect`` keeps only
    perfect or imperfect verb forms; ``participle`` adds the active participle's forms."""
    cls, _, arg = spec.partition(":")
    parts = arg.split("/") if arg else []
    if cls == "sound":
        forms = _sound(parts[0], parts[1], objects)
    elif cls == "doubled":
        forms = _doubled(parts[0], parts[1], objects)
    elif cls == "hollow":
        forms = _hollow(parts[0], parts[1], parts[2], objects)
    elif cls == "defective":
        forms = _defective(parts[0], parts[1], objects)
    elif cls == "noun":
        forms = _noun(parts[0], parts[1:])
    elif cls == "list":
        forms = [_f(" ".join(x.split()), "fixed") for x in arg.split("|")]
    elif cls == "fixed":
        if lemma is None:
            raise ValueError("'fixed' forms need the lemma")
        forms = [_f(lemma, "fixed")]
    else:
        raise ValueError(f"unknown conjugation class {cls!r} in {spec!r}")
    if aspect is not None:
        forms = [f for f in forms if f.aspect == aspect]
    if participle:
        forms += _participle(participle)
    seen: dict[tuple[str, str], Form] = {}
    for f in forms:
        seen.setdefault((f.text, f.aspect), f)
    return tuple(seen.values())


# --- triggers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """A context cue: folded words; ``before``: searched before the trigger (else after)."""

    text: str
    before: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())

    @property
    def stems(self) -> tuple[tuple[str, ...], ...]:
        """Per cue word, the readings without proclitics (the cue "الاتفاق" also means "اتفاق")."""
        return _cue_stems(self.text)


@lru_cache(maxsize=4096)
def _cue_stems(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(_word_stems(w) for w in text.split())


@lru_cache(maxsize=1 << 13)  # sized by hit rate: see proclitic_splits
def _word_stems(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for _, s in proclitic_splits(word)))


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the source and the target are, relative to the trigger (slot names: subj, obj,
    gen, poss, place, pp_ma, pp_bi, ...; ``plural``: every party is in the subject)."""

    source: str
    target: str | None


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    code: str
    kind: str  # verb | verbal_noun | noun | participle | phrase | frame | block
    lemma: str  # folded
    forms: tuple[Form, ...]
    requires: tuple[tuple[Cue, ...], ...]  # all groups must match; any cue of a group
    forbids: tuple[Cue, ...]  # within FORBID_WINDOW words: after, or before when ``before``
    window: int  # words searched for ``requires`` (0: no requirement)
    frames: tuple[Frame, ...]  # trigger rows: alternatives; frame rows: see ``roles``
    roles: tuple[tuple[str, str], ...]  # frame-cue rows: (role, slot) pairs
    priority: int  # 1..9, higher = more specific
    note: str | None
    where: str  # "triggers.tsv:LINE"

    @property
    def surfaces(self) -> tuple[str, ...]:
        return tuple(f.text for f in self.forms)

    @property
    def event(self) -> EventCode:
        return event_code(self.code)


def _cues(text: str | None, sep: str) -> tuple[tuple[Cue, ...], ...]:
    if not text:
        return ()
    groups = []
    for group in text.split(sep) if sep else [text]:
        cues = []
        for c in group.split("|"):
            before = c.startswith("<")
            cues.append(Cue(fold(c.lstrip("<")), before))
        groups.append(tuple(cues))
    return tuple(groups)


def _trigger(r: Row) -> Trigger:
    frame = str(r["frame"])
    kind = str(r["kind"])
    frames: tuple[Frame, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    if kind == "frame":
        roles = tuple(tuple(p.split("=", 1)) for p in frame.split(","))  # type: ignore[misc]
    else:
        frames = tuple(
            Frame("plural", None) if f == "plural" else Frame(*f.split(">", 1)) for f in frame.split("|")
        )
    objects = any(f.target == "obj" for f in frames) or kind == "frame" and any(s == "obj" for _, s in roles)
    forms = conjugate(
        str(r["forms"]),
        objects=objects,
        participle=_opt(r, "participle"),
        aspect=_opt(r, "aspect"),
        lemma=str(r["lemma"]),
    )
    forbids = _cues(_opt(r, "forbids"), "")
    return Trigger(
        id=str(r["id"]),
        code=str(r["code"]),
        kind=kind,
        lemma=fold(str(r["lemma"])),
        forms=forms,
        requires=_cues(_opt(r, "requires"), ";"),
        forbids=forbids[0] if forbids else (),
        window=int(r["window"]),  # type: ignore[arg-type]
        frames=frames,
        roles=roles,
        priority=int(r["priority"]),  # type: ignore[arg-type]
        note=_opt(r, "note"),
        where=r.where(),
    )


@cache
def _all_triggers() -> tuple[Trigger, ...]:
    return tuple(_trigger(r) for r in load_table("triggers"))


@cache
def triggers() -> tuple[Trigger, ...]:
    """Every event trigger of ``triggers.tsv`` with its surface forms expanded (frame cues and
    block rows excluded)."""
    return tuple(t for t in _all_triggers() if t.kind not in ("frame", "block"))


@cache
def blocked_words() -> frozenset[str]:
    """Folded whole words that are never a trigger nor proclitic + trigger (وزارة is not و + زاره)."""
    return frozenset(f.text for t in _all_triggers() if t.kind == "block" for f in t.forms)


@cache
def frame_cues() -> tuple[Trigger, ...]:
    """Rows that are not triggers but mark argument roles around them (تلبية لدعوة، على رأس وفد)."""
    return tuple(t for t in _all_triggers() if t.kind == "frame")


@cache
def trigger_index() -> Mapping[str, tuple[tuple[Trigger, Form], ...]]:
    """Folded surface form (one or more words, no proclitics) -> the triggers that have it.
    Frame cues are included (check ``trigger.kind``); block rows are not (see :func:`blocked_words`)."""
    idx: dict[str, list[tuple[Trigger, Form]]] = {}
    for t in _all_triggers():
        if t.kind == "block":
            continue
        for f in t.forms:
            idx.setdefault(f.text, []).append((t, f))
    return MappingProxyType({k: tuple(v) for k, v in idx.items()})


@cache
def max_trigger_words() -> int:
    """The longest surface form, in words (how many words a scanner must look ahead)."""
    return max(len(k.split()) for k in trigger_index())


# Per-word caches below the scan's own (marsad.extract.events.scan._entries, _stem_text) are
# sized by their hit rates on archive text: on 5,808 articles at 65,536 entries they were full
# with more misses than hits (proclitic_splits 232k hits / 140k misses, _word_stems 107k /
# 95k, _word_candidates 39k / 139k): most calls come from the outer caches' misses, i.e. rare
# words. 8,192 entries keep the frequent words; the full caches held some 100 MB.
@lru_cache(maxsize=1 << 13)
def proclitic_splits(word: str) -> tuple[tuple[str, str], ...]:
    """Ways to read a folded word as proclitics + stem, the bare word first: conjunction (و ف),
    then a preposition (ب ل ك) or the future marker س, then the article ال (or fused لل).
    Stems shorter than two letters are not offered."""
    out: list[tuple[str, str]] = [("", word)]
    conj = [("", word)] + [(c, word[1:]) for c in CONJUNCTIONS if word.startswith(c)]
    for c, rest in conj:
        heads = [("", rest)] + [(p, rest[1:]) for p in (*PREPOSITIONS, "س") if rest.startswith(p)]
        for p, rest2 in heads:
            cands = [(c + p, rest2)]
            if p in ("", "ب", "ك") and rest2.startswith("ال"):
                cands.append((c + p + "ال", rest2[2:]))
            if p == "ل" and rest2.startswith("ل"):
                cands.append((c + "لل", rest2[1:]))
            for pre, stem in cands:
                if pre and len(stem) >= 2 and (pre, stem) not in out:
                    out.append((pre, stem))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class WordMatch:
    trigger: Trigger
    form: Form
    prefix: str  # the proclitics stripped ("", "و", "وس", "بال" ...)


def lookup_word(word: str) -> tuple[WordMatch, ...]:
    """Single-word triggers (and frame cues) a raw or folded word may be, after stripping
    proclitics. Verbs take only و ف and, before a 3rd-person imperfect, س or ل; nouns and
    participles take any proclitic (see :func:`proclitic_splits`)."""
    return tuple(WordMatch(t, f, prefix) for prefix, rest, t, f in _word_candidates(fold(word)) if not rest)


def _prefix_ok(prefix: str, form: Form) -> bool:
    """Which proclitics a form accepts: verbs و ف, then س or ل (li-) before a 3rd-person
    imperfect; nouns any, but no article before a possessive pronoun; ف never before a form
    with an attached pronoun or shorter than four letters."""
    core = prefix[1:] if prefix[:1] in CONJUNCTIONS else prefix
    if prefix.startswith("ف") and (form.pronoun is not None or len(form.text) < 4):
        return False  # فائدة is not ف + أيده, فيصل not ف + يصل
    if form.aspect in ("perf", "impf"):
        if core == "":
            return True
        return core in ("س", "ل") and form.aspect == "impf" and form.text[:1] in ("ي", "ت")
    if "س" in core:
        return False
    if form.pronoun is not None:
        return "ال" not in core and "لل" not in core
    return True


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger found in a sentence: ``words[start:end]`` (folded words), the proclitics
    stripped from its first word, and whether its ``requires`` / ``forbids`` hold."""

    start: int
    end: int
    trigger: Trigger
    form: Form
    prefix: str


@cache
def trigger_heads() -> Mapping[str, tuple[tuple[tuple[str, ...], Trigger, Form], ...]]:
    """First word of a surface form -> (remaining words, trigger, form): a scanner looks up
    each word once and checks the few continuations (frame cues included, blocks excluded)."""
    heads: dict[str, list[tuple[tuple[str, ...], Trigger, Form]]] = {}
    for t in _all_triggers():
        if t.kind == "block":
            continue
        for f in t.forms:
            first, *rest = f.text.split()
            heads.setdefault(first, []).append((tuple(rest), t, f))
    return MappingProxyType({k: tuple(v) for k, v in heads.items()})


def scan_words(words: Sequence[str], *, frames: bool = False) -> list[Hit]:
    """Every trigger (and, with ``frames``, frame cue) in a sentence given as folded words,
    whose ``requires`` and ``forbids`` hold. Overlaps are not resolved: keep the highest
    ``priority`` per span. This is a lexicon lookup, not event coding."""
    hits: list[Hit] = []
    n = len(words)
    for i, word in enumerate(words):
        for prefix, rest, t, f in _word_candidates(word):
            if t.kind == "frame" and not frames:
                continue
            end = i + 1 + len(rest)
            if rest and (end > n or tuple(words[i + 1 : end]) != rest):
                continue
            if requirements_met(t, words, i, end):
                hits.append(Hit(i, end, t, f, prefix))
    return hits


@lru_cache(maxsize=1 << 13)  # sized by hit rate: see proclitic_splits
def _word_candidates(word: str) -> tuple[tuple[str, tuple[str, ...], Trigger, Form], ...]:
    """(proclitics, remaining words, trigger, form) a word can start (cached per word)."""
    if word in blocked_words():
        return ()
    heads = trigger_heads()
    return tuple(
        (prefix, rest, t, f)
        for prefix, stem in proclitic_splits(word)
        for rest, t, f in heads.get(stem, ())
        if not prefix or _prefix_ok(prefix, f)
    )


def match_cue(cue: Cue, words: Sequence[str], start: int) -> bool:
    """Whether ``cue`` matches the folded ``words`` beginning at ``start``: each cue word is a
    prefix of the corresponding word, with proclitics (و ف ب ل ك ال) ignored on either side
    (so the cue "اتفاق" matches "والاتفاقية", "مذكر" matches "مذكرات")."""
    stems = cue.stems
    if start < 0 or start + len(stems) > len(words):
        return False
    for k, cstems in enumerate(stems):
        wstems = _word_stems(words[start + k])
        if not any(w.startswith(c) for w in wstems for c in cstems):
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Group:
    """One requires-group, compiled: single-word cues as one anchored regex over word
    stems (per direction), multi-word cues checked one by one."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    multi: tuple[Cue, ...]


def _stem_regex(cues: list[Cue]) -> re.Pattern[str] | None:
    stems = sorted({s for c in cues for s in c.stems[0]}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, stems))) if stems else None


@cache
def _compiled(trigger: Trigger) -> tuple[_Group, ...]:
    out = []
    for group in trigger.requires:
        single = [c for c in group if len(c.stems) == 1]
        out.append(
            _Group(
                _stem_regex([c for c in single if c.before]),
                _stem_regex([c for c in single if not c.before]),
                tuple(c for c in group if len(c.stems) > 1),
            )
        )
    return tuple(out)


def _group_found(g: _Group, trigger: Trigger, words: Sequence[str], start: int, end: int) -> bool:
    lo, hi = max(0, start - trigger.window), min(len(words), end + trigger.window)
    for rx, rng in ((g.before, range(lo, start)), (g.after, range(end, hi))):
        if rx is not None:
            for i in rng:
                if any(rx.match(w) for w in _word_stems(words[i])):
                    return True
    for cue in g.multi:
        rng = range(lo, start) if cue.before else range(end, hi)
        if any(match_cue(cue, words, i) for i in rng):
            return True
    return False


def requirements_met(trigger: Trigger, words: Sequence[str], start: int, end: int) -> bool:
    """``requires`` and ``forbids`` of a trigger found at ``words[start:end]`` (folded words
    of one sentence): every requires-group has a cue within ``window`` words (after, or
    before for ``<`` cues); no forbidden cue starts within ``FORBID_WINDOW`` words after the
    trigger (or ends within them before it, for ``<`` cues)."""
    for cue in trigger.forbids:
        n = len(cue.words)
        starts = range(start - n - FORBID_WINDOW + 1, start - n + 1) if cue.before else range(end, end + FORBID_WINDOW)
        if any(match_cue(cue, words, i) for i in starts):
            return False
    return all(_group_found(g, trigger, words, start, end) for g in _compiled(trigger))


# --- modality ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModalityCue:
    modality: str  # planned | negated | cancelled | conditional | hypothetical | historical
    cue: str  # folded
    kind: str  # word | phrase | prefix | suffix
    position: str  # before | after | attached (relative to the trigger)
    applies_to: str  # any | verb | perf | impf | noun
    scope: str  # trigger | clause | sentence
    window: int  # words between cue and trigger (0: adjacent / attached)
    effect: str  # future_code | drop | flag | keep
    forbids: tuple[Cue, ...]
    note: str | None


@cache
def modality_cues() -> tuple[ModalityCue, ...]:
    """Every cue of ``modality.tsv`` (folded)."""
    out = []
    for r in load_table("modality"):
        forbids = _cues(_opt(r, "forbids"), "")
        out.append(
            ModalityCue(
                modality=str(r["modality"]),
                cue=fold(str(r["cue"])),
                kind=str(r["kind"]),
                position=str(r["position"]),
                applies_to=str(r["applies_to"]),
                scope=str(r["scope"]),
                window=int(r["window"]),  # type: ignore[arg-type]
                effect=str(r["effect"]),
                forbids=forbids[0] if forbids else (),
                note=_opt(r, "note"),
            )
        )
    return tuple(out)


# --- topics --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicCue:
    topic: str
    context: str  # a PLOVER v2.0 context, or "marsad:<name>"
    cue: str  # folded
    refine: tuple[tuple[str, str], ...]  # (generic code, specific code)
    note: str | None


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    context: str
    cues: tuple[str, ...]
    refine: Mapping[str, str]

    @property
    def is_extension(self) -> bool:
        return self.context.startswith("marsad:")


@cache
def topic_cues() -> tuple[TopicCue, ...]:
    """Every cue of ``topics.tsv`` (folded), in file order."""
    out = []
    for r in load_table("topics"):
        ref = _opt(r, "refine")
        out.append(
            TopicCue(
                topic=str(r["topic"]),
                context=str(r["context"]),
                cue=fold(str(r["cue"])),
                refine=tuple(tuple(p.split(">", 1)) for p in ref.split(";")) if ref else (),  # type: ignore[misc]
                note=_opt(r, "note"),
            )
        )
    return tuple(out)


@cache
def topics() -> Mapping[str, Topic]:
    """Topics with their context, cues and refinements (merged over their rows)."""
    acc: dict[str, tuple[str, list[str], dict[str, str]]] = {}
    for c in topic_cues():
        ctx, cues, ref = acc.setdefault(c.topic, (c.context, [], {}))
        cues.append(c.cue)
        ref.update(dict(c.refine))
    return MappingProxyType(
        {name: Topic(name, ctx, tuple(cues), MappingProxyType(ref)) for name, (ctx, cues, ref) in acc.items()}
    )


def refine(code: str, topic_names: Iterable[str]) -> str:
    """The specific code a generic ``code`` becomes given the topics found around its trigger
    (030 + information_exchange -> 0314); the first topic (in the given order) that refines
    ``code`` wins; unchanged when none does."""
    table = topics()
    for name in topic_names:
        t = table.get(name)
        if t is not None and code in t.refine:
            return t.refine[code]
    return code


# --- consistency ---------------------------------------------------------------------------

# marsad's context extensions (docs/EVENT_CODING.md explains each)
CONTEXT_EXTENSIONS = {
    "marsad:humanitarian": "humanitarian assistance (a context of the 2021 PLOVER draft, not in v2.0)",
    "marsad:training": "training, courses, capacity building (no CAMEO/PLOVER category of its own)",
    "marsad:border_security": "border control, border posts, coast guards",
    "marsad:security": "security cooperation in general (interior ministries, police)",
    "marsad:extremism": "extremist ideology, radicalisation (distinct from terrorist acts)",
    "marsad:education": "education, universities, scholarships",
    "marsad:culture": "culture, heritage, arts",
    "marsad:maritime": "maritime security and navigation",
    "marsad:tourism": "tourism",
}


def check_consistency() -> list[str]:
    """Cross-table problems (an empty list when the tables agree): every trigger's code, every
    linked / future / refined code exists; every context is PLOVER's or a documented extension."""
    codes = event_codes()
    problems: list[str] = []
    for c in codes.values():
        for other, what in ((c.linked, "linked"), (c.future_code, "future_code")):
            if other is not None and other not in codes:
                problems.append(f"cameo_events.tsv: {c.code} {what} {other} is not a CAMEO code")
        if c.linked is not None and codes.get(c.linked) and codes[c.linked].linked != c.code:
            problems.append(f"cameo_events.tsv: {c.code} <-> {c.linked} link is not mutual")
        for ctx in c.plover_contexts:
            if ctx not in PLOVER_CONTEXTS and ctx not in CONTEXT_EXTENSIONS:
                problems.append(f"cameo_events.tsv: {c.code} context {ctx!r} is undocumented")
    for t in _all_triggers():
        if t.code not in codes:
            problems.append(f"{t.where}: trigger {t.id} has unknown code {t.code}")
        elif not t.id.startswith(t.code + "."):
            problems.append(f"{t.where}: trigger id {t.id} does not start with its code {t.code}")
        if not t.forms:
            problems.append(f"{t.where}: trigger {t.id} has no surface forms")
    for name, topic in topics().items():
        if topic.context not in PLOVER_CONTEXTS and topic.context not in CONTEXT_EXTENSIONS:
            problems.append(f"topics.tsv: topic {name} context {topic.context!r} is undocumented")
        for generic, specific in topic.refine.items():
            for code in (generic, specific):
                if code not in codes:
                    problems.append(f"topics.tsv: topic {name} refines with unknown code {code}")
            if generic[:2] != specific[:2]:
                problems.append(f"topics.tsv: topic {name} refines {generic} to another root ({specific})")
    contexts = {c.topic: c.context for c in topic_cues()}
    for c in topic_cues():
        if contexts[c.topic] != c.context:
            problems.append(f"topics.tsv: topic {c.topic} maps to two contexts")
    return problems
