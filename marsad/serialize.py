"""Records to JSON-ready dicts and back (store columns, ``marsad extract`` output).

Spans become ``[start, end]`` pairs; every other field keeps its name.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from typing import Any, Iterator, TypeVar

from .model import ActorMention, DateMention, Event, EventActor, EventLocation, Evidence, Person, PlaceMention, Span

T = TypeVar("T")


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_dict(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, _SCALARS):
            pass
        elif isinstance(value, Span):
            value = [value.start, value.end]
        elif isinstance(value, list) and value and isinstance(value[0], Span):
            value = [[s.start, s.end] for s in value]
        elif isinstance(value, list):
            value = list(value)
        elif dataclasses.is_dataclass(value):  # an event's parties, evidence, location
            value = to_dict(value)
        out[name] = value
    return out


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: v for k, v in data.items() if k in names}
    if cls is Person:
        kwargs["mentions"] = [Span(s, e) for s, e in kwargs.get("mentions", [])]
    if cls is Event:
        for name, sub in (("source", EventActor), ("target", EventActor), ("evidence", Evidence),
                          ("trigger", Evidence), ("location", EventLocation)):
            if isinstance(kwargs.get(name), dict):
                kwargs[name] = from_dict(sub, kwargs[name])
    return cls(**kwargs)


ENTITY_TYPES: dict[str, type] = {
    "dates": DateMention,
    "places": PlaceMention,
    "actors": ActorMention,
    "persons": Person,
    "events": Event,
}


def entities_dict(doc: Any) -> dict[str, list[dict[str, Any]]]:
    return {name: [to_dict(r) for r in getattr(doc, name)] for name in ENTITY_TYPES}


class JSONText:
    """A value already serialized as JSON text; the store's JSON columns write it as it is
    (:func:`dumps_json`)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class JSONBlob:
    """A value serialized as JSON text and compressed: zlib of the text's UTF-8. The store
    writes it as a BLOB (SQLite only) and :func:`loads_json` reads it back."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    @property
    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")


def dumps_json(value: Any) -> str | bytes:
    """The store's JSON serializer: ``json.dumps``, except that a :class:`JSONText` is
    written as it is and a :class:`JSONBlob` as its compressed bytes."""
    if isinstance(value, JSONText):
        return value.text
    if isinstance(value, JSONBlob):
        return value.data
    return json.dumps(value)


def loads_json(value: str | bytes | memoryview) -> Any:
    """The store's JSON deserializer: ``json.loads``, of the decompressed text when the value
    is a :class:`JSONBlob`'s bytes (a BLOB in a JSON column). Drivers may hand JSON text as
    bytes too (psycopg): a zlib stream starts with ``x`` (0x78), which JSON text never does."""
    if isinstance(value, (bytes, bytearray, memoryview)) and bytes(value[:1]) == b"x":
        value = zlib.decompress(value)
    return json.loads(value)


#: Records serialized and joined per chunk by :func:`entities_json`.
_CHUNK = 1000


def entities_pieces(doc: Any, *, ensure_ascii: bool = True, events: list[dict[str, Any]] | None = None) -> Iterator[str]:
    """The text of ``json.dumps(entities_dict(doc), ensure_ascii=...)`` in pieces, made
    record by record (at most :data:`_CHUNK` records a piece), so the dict tree of every
    record never exists at once (a 9 MB page has some 200,000 of them: the tree alone took
    over 200 MB). ``events``: the event records already made with :func:`to_dict`, reused."""
    yield "{"
    for n, name in enumerate(ENTITY_TYPES):
        records = getattr(doc, name)
        yield f"{', ' if n else ''}{json.dumps(name)}: ["
        for i in range(0, len(records), _CHUNK):
            part = records[i : i + _CHUNK]
            dicts = events[i : i + _CHUNK] if name == "events" and events is not None else [to_dict(r) for r in part]
            yield (", " if i else "") + ", ".join([json.dumps(d, ensure_ascii=ensure_ascii) for d in dicts])
        yield "]"
    yield "}"


def entities_json(doc: Any, *, ensure_ascii: bool = True, events: list[dict[str, Any]] | None = None) -> str:
    """``json.dumps(entities_dict(doc), ensure_ascii=...)`` — the same text — built from
    :func:`entities_pieces`.

    The text grows by ``+=`` on one string: CPython extends it in place (a large block is
    moved by the allocator, not copied), so the peak is the result plus one chunk, not the
    result plus every piece joined into it."""
    out = ""
    for piece in entities_pieces(doc, ensure_ascii=ensure_ascii, events=events):
        out += piece
    return out


#: A document's entities JSON longer than this (characters) is stored compressed where the
#: store can (:func:`entities_value`); a news article's is some 20 KB.
COMPRESS_AT = 1 << 20


def entities_value(doc: Any, *, events: list[dict[str, Any]] | None = None,
                   compress_at: int | None = COMPRESS_AT) -> JSONText | JSONBlob:
    """The store's value of a document's entities: the text of :func:`entities_json`, or,
    once it grows past ``compress_at`` characters (None: never), that same text compressed
    as it is made (:class:`JSONBlob`) — a 9 MB page's 60 MB of JSON is never held, nor copied
    by the database driver, only its few compressed megabytes."""
    out = ""
    packer: Any = None
    blocks: list[bytes] = []
    for piece in entities_pieces(doc, events=events):
        if packer is not None:
            blocks.append(packer.compress(piece.encode("utf-8")))
            continue
        out += piece
        if compress_at is not None and len(out) > compress_at:
            packer = zlib.compressobj(1)
            blocks.append(packer.compress(out.encode("utf-8")))
            out = ""
    if packer is None:
        return JSONText(out)
    blocks.append(packer.flush())
    return JSONBlob(b"".join(blocks))


def prepared_value(text: str, compress_at: int | None = COMPRESS_AT) -> JSONText | JSONBlob:
    """The store's value of entities JSON already made (:func:`entities_json`, by an ingest
    worker): the text, or past ``compress_at`` characters the same compressed as
    :func:`entities_value` would store it."""
    if compress_at is None or len(text) <= compress_at:
        return JSONText(text)
    return JSONBlob(zlib.compress(text.encode("utf-8"), 1))


def event_key(doc_id: str, event: dict[str, Any]) -> str:
    """Identity of one event record of a document (as ``marsad extract`` prints it and the
    store keeps it): one trigger can yield several events, so the parties are part of it."""
    return json.dumps([doc_id, event["sentence"], event["code"], event["trigger"], event["source"], event["target"]],
                      ensure_ascii=False, sort_keys=True)


def load_entities(doc: Any, data: dict[str, Any] | None) -> None:
    for name, cls in ENTITY_TYPES.items():
        setattr(doc, name, [from_dict(cls, d) for d in (data or {}).get(name, [])])
