"""Typed records that flow through marsad's stages.

One vocabulary everywhere: a *raw doc* is what a reader produced, a *document* is a raw doc
after cleaning, a *rejection* is an input that could not become a document. Every span is a
pair of character offsets into the document's original ``text`` (Python string indices,
end exclusive).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class RawDoc:
    """What a reader hands to the pipeline: the original text plus whatever metadata the
    container carried. ``published`` here comes from metadata (JSONL field, HTML meta,
    WARC-Date), never from guessing."""

    doc_id: str
    text: str
    source: str  # file path, or "<stdin>"
    line: int | None = None  # 1-based line (JSONL) or record number (WARC)
    fmt: str = "txt"  # txt | html | jsonl | warc
    title: str | None = None
    url: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or ISO datetime
    outlet: str | None = None
    author: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class Rejection:
    """An input that did not become a document, and why. ``code`` is one of the constants
    in :mod:`marsad.errors`; ``message`` is a sentence a user can act on."""

    source: str
    line: int | None
    stage: str  # read | decode | parse | clean | store
    code: str
    message: str

    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(slots=True, frozen=True)
class RemovedLine:
    """A line of page furniture cut from the body, with the reason it was cut."""

    start: int
    end: int
    text: str
    reason: str  # masthead | outlet | dateline | headline | caption | read_also | social | teaser | ...


@dataclass(slots=True)
class Cleaned:
    """Result of plain-text page cleaning: body spans, removed lines and the metadata the
    page itself states (headline, outlet, dateline)."""

    body: list[Span]
    removed: list[RemovedLine]
    title: str | None = None
    title_span: Span | None = None
    outlet: str | None = None
    outlet_span: Span | None = None
    published: str | None = None  # "YYYY-MM-DD" from the dateline, or None
    published_time: str | None = None  # "HH:MM" (24h) when the dateline gives one
    dateline_span: Span | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    doc_id: str
    text: str  # the exact original text
    content_hash: str
    source: str
    fmt: str
    body: list[Span]
    removed: list[RemovedLine]
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or None
    published_time: str | None = None
    published_from: str | None = None  # "metadata" | "dateline" | None
    encoding: str | None = None
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # filled by the extract stage (marsad.extract)
    dates: list["DateMention"] = field(default_factory=list)
    places: list["PlaceMention"] = field(default_factory=list)
    actors: list["ActorMention"] = field(default_factory=list)
    persons: list["Person"] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)
    # the folded (title, body) the search index holds, built with the extraction
    # (marsad.store.derived.search_text); not stored, not printed
    search_view: tuple[str, str] | None = None

    @property
    def body_text(self) -> str:
        """The cleaned article: body spans joined by newlines."""
        return "\n".join(s.of(self.text) for s in self.body)


def content_hash(text: str) -> str:
    """Identity of a document's content: SHA-256 of its original text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --- entities (extract stage) -------------------------------------------------------------


@dataclass(slots=True)
class DateMention:
    """A date expression. ``value`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" (by ``precision``),
    or None when unresolved; ``end_value`` is set for ranges ("2024 – 2025م"). ``time`` is the
    time of day the text gives with it: "HH:MM" on the 24-hour clock (الساعة العاشرة مساء →
    "22:00") or a part of the day (dawn, morning, noon, afternoon, evening, night: مساء أمس),
    with the offsets of the words that say so in ``time_start``/``time_end``; it never changes
    ``value``."""

    text: str
    start: int
    end: int
    value: str | None
    precision: str  # day | month | year | none
    calendar: str  # gregorian | hijri | relative
    basis: str  # explicit | relative | weekday | unresolved
    end_value: str | None = None
    warnings: list[str] = field(default_factory=list)
    time: str | None = None
    time_start: int | None = None
    time_end: int | None = None


@dataclass(slots=True)
class PlaceMention:
    """A country, demonym, city or international organisation named in the text."""

    text: str
    start: int
    end: int
    kind: str  # country | demonym | city | igo
    code: str  # ISO 3166-1 alpha-3 for country/demonym/city, CAMEO IGO code for igo
    name: str  # canonical Arabic name of the country or organisation
    country: str | None = None  # ISO-3 (None for an IGO)
    igo: str | None = None  # CAMEO IGO code (None for a state)
    lat: float | None = None  # coordinates when known (marsad.lexicon.gazetteer)
    lon: float | None = None
    geonames_id: int | None = None  # the GeoNames id of the city (or of the country)
    precision: str | None = None  # city | country (a country's point for a country or demonym)


@dataclass(slots=True)
class ActorMention:
    """Someone who can act in an event: an office, an institution, a named person, a
    country or an organisation, with its CAMEO-style code (EGYGOV, CHNCOP, IGOEUREEC)."""

    text: str
    start: int
    end: int
    code: str
    kind: str  # office | institution | person | country | igo | group
    country: str | None = None
    igo: str | None = None
    role: str | None = None  # GOV | COP | MIL | JUD | LEG | SPY | IGO | non-state: INS | REB | UAF | OPP | CVL | REF | MED | CRM | BUS | NGO | PTY ...
    title: str | None = None  # the office as a canonical phrase, e.g. "وزير الداخلية"
    rank: int | None = None
    person: int | None = None  # index into the document's persons
    basis: str = "explicit"  # explicit | dictionary | office | home_country | coreference | default | context (the state the text puts it in) | metonymy (a capital acting for its government)
    # an office named without its holder (وزير الخارجية الأمريكي), resolved from the actor
    # dictionary at the document's date when the holder is not named in the document
    holder: str | None = None  # the holder's name (basis office)
    holder_key: str | None = None  # the holder's person key


@dataclass(slots=True)
class Person:
    """A named person in one document, with every surface form that refers to them."""

    name: str
    mentions: list[Span]
    role: str | None = None
    title: str | None = None
    country: str | None = None  # ISO-3 or IGO code
    key: str = ""  # cross-document matching key (spelling variants share it)


# --- events (extract stage: marsad.extract.events) ----------------------------------------


@dataclass(slots=True)
class EventActor:
    """One party of an event: the actor mention(s) that name it, with the CAMEO actor code
    (``EGYGOV``), the state (ISO-3) or organisation (CAMEO IGO code) it belongs to, its role,
    and the person's name when a named person acts. ``start``/``end`` are original offsets of
    the words naming it (None when the party is only implied: a dropped pronoun, "the two
    sides"); ``basis`` says how it was found: ``subject``, ``object``, ``complement`` (a
    prepositional or genitive slot of the trigger), ``frame`` (a frame cue such as تلبية لدعوة),
    ``speaker`` (the subject carried from an earlier verb: وأشار، مشيداً), ``pair`` (one of
    "the two sides"), ``context`` (the other party of the visit or meeting being reported)."""

    text: str
    start: int | None
    end: int | None
    code: str
    country: str | None = None
    igo: str | None = None
    role: str | None = None
    person: str | None = None
    basis: str = "subject"


def actor_side(actor: EventActor | dict[str, Any] | None) -> str | None:
    """The party an event actor stands for — in merge blocks, the store's ``source_side`` /
    ``target_side``, batch, the CLI and the evaluation alike: its state (ISO-3), else its
    organisation (an IGO code), else its CAMEO type (``INS``, ``REB``, ``UAF`` ...: a non-state
    actor of no known country is a party of its own kind, as the gold scores it). Takes the
    actor or its JSON record; None for no actor or an actor with none of these."""
    if actor is None:
        return None
    if isinstance(actor, dict):
        country, igo, role, code = actor.get("country"), actor.get("igo"), actor.get("role"), str(actor.get("code") or "")
    else:
        country, igo, role, code = actor.country, actor.igo, actor.role, actor.code or ""
    if not country and code.startswith("IMG"):
        return "IMG"  # a transnational militant group (داعش → IMGREB) is a party of its own kind, as the gold writes it
    return country or igo or role or None


@dataclass(slots=True)
class Evidence:
    """A piece of the original text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class EventLocation:
    """Where an event happened: a state (ISO-3) and, when the text names it, the place as
    written. ``basis``: ``stated`` (a place in the sentence) or ``host`` (a visit happens in
    the host's country). Coordinates (:func:`marsad.extract.geo.geocode_events`): the city's
    when the place is a gazetteer city (``precision="city"``), else the country's point
    (``precision="country"``)."""

    country: str | None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    basis: str = "stated"
    lat: float | None = None  # coordinates of the city, else the country's point
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = None  # city | country


@dataclass(slots=True)
class Event:
    """A coded event: who did what to whom, when and where, with the words that say so.

    ``code`` is the CAMEO event code as a string (leading zero kept: ``"042"``); ``root``,
    ``plover_type``/``plover_mode``, ``goldstein`` and ``quad_class`` come from the code table.
    ``date`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" (``date_precision`` day | month | year |
    none); ``date_basis``: ``sentence`` (a date in the event's own sentence), ``paragraph`` (a
    date governing it: an earlier date of the same story, or of the visit / meeting it belongs
    to), ``document`` (the article's news day: the day its text most often names around
    publication, or the day before publication for a morning daily), ``publication`` (the
    publication date) or ``none``. ``modality``: realized | planned
    | negated | cancelled | conditional | hypothetical. ``link`` is shared by the two halves
    of a visit (042 visitor→host and 043 host→visitor). ``needs_target`` is False for codes
    that make sense with a source alone; a target-less event has ``target`` None.
    ``confidence`` (0..1) reflects how the event was derived; ``flags`` name what lowered it
    or what is special about it (``historical``, ``uncertain``, ``context_target`` ...).
    ``sentence``/``paragraph`` index the document's sentences and paragraphs."""

    code: str
    root: str
    name: str
    source: EventActor
    target: EventActor | None
    evidence: Evidence
    trigger: Evidence
    sentence: int
    paragraph: int
    plover_type: str | None = None
    plover_mode: str | None = None
    goldstein: float = 0.0
    quad_class: int = 0
    date: str | None = None
    date_precision: str = "none"  # day | month | year | none
    date_basis: str = "none"  # sentence | paragraph | document | publication | none
    location: EventLocation | None = None
    topics: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    modality: str = "realized"
    needs_target: bool = True
    link: str | None = None
    confidence: float = 0.0
    flags: list[str] = field(default_factory=list)
    trigger_id: str = ""
    mentions: int = 1  # how many sentences of the document report this same event
