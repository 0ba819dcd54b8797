"""The unit of work: one raw input becomes a :class:`Document` (or a :class:`Rejection`).

Stages, each a pure function of the document and explicit settings::

    reader (marsad.ingest.readers)  -> RawDoc | Rejection
    clean  (marsad.text.clean)      -> body spans, removed lines, headline/outlet/dateline
    segment (marsad.text.segment)   -> paragraphs, sentences (original offsets)

:func:`ingest` drives readers -> pipeline -> store in batches; :func:`extract` drives
readers -> pipeline without a database.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any, Callable, Iterable, Iterator

from . import errors, extract
from .ingest.readers import ReaderSettings, ReadStats, iter_inputs
from .model import Document, RawDoc, Rejection, Span, content_hash
from .serialize import to_dict
from .settings import Settings
from .store.db import BatchResult, Prepared, Store, prepare, short_error
from .store.derived import search_text
from .stories import assign_stories
from .text import segment
from .text.clean import clean_text
from .text.clean import warm as clean_warm
from .text.normalize import shared_view
from .extract import events as _events
from .extract.dates import PLAUSIBLE_YEARS

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")


# Extract stages in order: each fills the document in place (see marsad.extract).
STAGES: dict[str, Callable[[Document], None]] = {
    "dates": extract.dates_stage,
    "places": extract.places_stage,
    "actors": extract.actors_stage,
    "events": extract.events_stage,  # the coder, then event locations geocoded
}


def warm() -> None:
    """Load every data file and compile every pattern now (the first document otherwise
    pays for it)."""
    clean_warm()
    extract.warm()
    _events.warm()


def build_document(raw: RawDoc, *, text_hash: str | None = None, extract: bool = True) -> Document | Rejection:
    """Clean, segment and (with ``extract``) run the extract stages on one raw input.
    Metadata from the container (JSONL fields, HTML meta) wins over what the page text
    states; the dateline fills what is missing.

    Never raises for one document's content: an exception inside a stage becomes a
    :class:`Rejection` (code ``extract_error``, the stage and the exception) so the rest
    of a batch goes on."""
    where = {"stage": "clean"}
    try:
        return _build_document(raw, text_hash, extract, where)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
        return failure(raw.source, raw.line, where["stage"], exc)


def failure(source: str, line: int | None, stage: str, exc: BaseException, doc_id: str | None = None) -> Rejection:
    """A rejection for an exception raised while processing one document: the stage, the
    exception and where it was raised (short enough to store and print)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    at = f" (at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    what = f"{type(exc).__name__}: {exc}"
    if len(what) > 200:
        what = what[:199] + "…"
    who = f"document {doc_id!r}: " if doc_id else ""
    return Rejection(source, line, "extract" if stage in STAGES else stage, errors.EXTRACT_ERROR,
                     f"{who}{stage} stage failed: {what}{at}")


def _build_document(raw: RawDoc, text_hash: str | None, extract: bool, where: dict[str, str]) -> Document | Rejection:
    if not raw.text.strip():
        return Rejection(raw.source, raw.line, "clean", code=errors.EMPTY, message="the input holds no text")
    if not _ARABIC_LETTER.search(raw.text):
        return Rejection(
            raw.source, raw.line, "clean",
            code=errors.NO_ARABIC,
            message="the text contains no Arabic letters; marsad reads Arabic news only",
        )
    cleaned = clean_text(raw.text, title=raw.title, published=raw.published)
    if not cleaned.body:
        return Rejection(
            raw.source, raw.line, "clean",
            code=errors.EMPTY,
            message="nothing is left after removing page furniture (every line was a masthead, "
            "dateline, caption or link)",
        )
    if raw.published:
        # readers normalise container dates to "YYYY-MM-DD" (time, when known, in meta)
        published, published_from = raw.published[:10], "metadata"
        published_time = raw.meta.get("published_time")
    elif cleaned.published:
        published, published_from, published_time = cleaned.published, "dateline", cleaned.published_time
    else:
        published, published_from, published_time = None, None, None
    meta: dict[str, Any] = dict(raw.meta)
    if cleaned.dateline_span is not None:
        meta["dateline"] = [cleaned.dateline_span.start, cleaned.dateline_span.end]
    if cleaned.title_span is not None:
        meta["title_span"] = [cleaned.title_span.start, cleaned.title_span.end]
    if cleaned.outlet_span is not None:
        meta["outlet_span"] = [cleaned.outlet_span.start, cleaned.outlet_span.end]
    warnings = list(meta.pop("warnings", [])) + list(cleaned.warnings)
    if published and not PLAUSIBLE_YEARS[0] <= int(published[:4]) <= PLAUSIBLE_YEARS[1]:
        warnings.append(f"publication date {published} ({published_from}) is outside the years "
                        f"{PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}; not used")
        published, published_from, published_time = None, None, None
    where["stage"] = "segment"
    paragraphs, sentences = segment.segment(raw.text, cleaned.body, warnings)
    doc = Document(
        doc_id=raw.doc_id,
        text=raw.text,
        content_hash=text_hash or content_hash(raw.text),
        source=raw.source,
        fmt=raw.fmt,
        body=cleaned.body,
        removed=cleaned.removed,
        paragraphs=paragraphs,
        sentences=sentences,
        title=raw.title or cleaned.title,
        url=raw.url,
        outlet=raw.outlet or cleaned.outlet,
        author=raw.author,
        published=published,
        published_time=published_time,
        published_from=published_from,
        encoding=raw.encoding,
        line=raw.line,
        meta=meta,
        warnings=warnings,
    )
    if extract:
        shared: dict[str, str] = {}  # one object per distinct string of a long document's entities
        for part in _slices(doc):
            for name, stage in STAGES.items():
                where["stage"] = name
                stage(part)
            if part is not doc:
                for kind in ("dates", "places", "actors", "persons"):
                    records = getattr(part, kind)
                    share_strings(records, shared)
                    getattr(doc, kind).extend(records)
                # an event's sentence and paragraph index the slice's lists: shift them
                si = doc.sentences.index(part.sentences[0]) if part.sentences else 0
                pi = doc.paragraphs.index(part.paragraphs[0]) if part.paragraphs else 0
                for e in part.events:
                    e.sentence += si
                    e.paragraph += pi
                doc.events.extend(part.events)
    # the search index's text, cut from the view the extract stages normalized (else folded)
    doc.search_view = search_text(doc.text, [(b.start, b.end) for b in doc.body], doc.title,
                                  shared_view(doc.text) if extract else None)
    return doc


def share_strings(records: list[Any], table: dict[str, str]) -> None:
    """Make equal strings of these records one object (through ``table``, kept across calls):
    a long document names the same places, offices and dates thousands of times, and each
    mention's text was its own string (some 90 bytes of a 220-byte mention). Values are
    unchanged."""
    fields: dict[type, tuple[str, ...]] = {}
    for r in records:
        names = fields.get(type(r))
        if names is None:
            names = fields[type(r)] = tuple(f.name for f in dataclass_fields(r) if f.type in _STR_TYPES)
        for name in names:
            v = getattr(r, name)
            if type(v) is str:
                setattr(r, name, table.setdefault(v, v))


_STR_TYPES = frozenset({"str", "str | None"})


#: Documents longer than this (characters) are extracted in slices of whole paragraphs of
#: about this size: the extract stages' working memory follows the slice, not the document
#: (a 9 MB page otherwise peaks over a gigabyte). News articles are far shorter.
EXTRACT_SLICE = 200_000


def _slices(doc: Document) -> list[Document]:
    """``doc`` itself, or for a very long document, views of it (same text, so the same
    offsets) each holding the body, paragraphs and sentences of one slice; the document
    gets a warning (persons are not linked across slices)."""
    if len(doc.text) <= EXTRACT_SLICE or len(doc.paragraphs) < 2:
        return [doc]
    import dataclasses
    from bisect import bisect_left

    cuts = [doc.paragraphs[0].start]
    for p in doc.paragraphs[1:]:
        if p.start - cuts[-1] >= EXTRACT_SLICE:
            cuts.append(p.start)
    cuts.append(len(doc.text) + 1)
    if len(cuts) <= 2:
        return [doc]
    parts = []
    sent_starts = [s.start for s in doc.sentences]
    para_starts = [p.start for p in doc.paragraphs]
    for a, b in zip(cuts, cuts[1:]):
        body = [Span(max(s.start, a), min(s.end, b)) for s in doc.body if s.end > a and s.start < b]
        parts.append(dataclasses.replace(
            doc,
            body=[s for s in body if s.end > s.start],
            removed=doc.removed if a == cuts[0] else [],
            paragraphs=doc.paragraphs[bisect_left(para_starts, a) : bisect_left(para_starts, b)],
            sentences=doc.sentences[bisect_left(sent_starts, a) : bisect_left(sent_starts, b)],
            dates=[], places=[], actors=[], persons=[], events=[], warnings=[],
        ))
    doc.warnings.append(f"the text is {len(doc.text):,} characters long: extracted in {len(parts)} slices of about "
                        f"{EXTRACT_SLICE:,} characters (persons are not linked, nor repeated events counted, across slices)")
    return parts


def reader_settings(settings: Settings) -> ReaderSettings:
    return ReaderSettings(max_doc_bytes=settings.max_doc_bytes, field_map=settings.jsonl_mapping())


def process(
    paths: Iterable[str], settings: Settings, *, stdin: Any = None, stats: ReadStats | None = None
) -> Iterator[Document | Rejection]:
    """Read every input under ``paths`` and run the pipeline on each. ``stats`` (optional)
    counts files read and things skipped without a rejection (other file types, hidden
    files, non-HTML WARC records)."""
    for item in iter_inputs(paths, settings=reader_settings(settings), stdin=stdin, stats=stats):
        yield item if isinstance(item, Rejection) else build_document(item)


# --- ingest: readers -> pipeline -> store -----------------------------------------------


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    stored: int = 0
    present: int = 0
    events: int = 0  # events of the stored documents
    renamed: list[tuple[str, str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    repaired: dict[str, int] = field(default_factory=dict)  # characters made valid, by kind
    run_id: int | None = None
    interrupted: list[int] = field(default_factory=list)  # runs found killed and closed
    finished: dict[str, int] = field(default_factory=dict)  # their unfinished steps, done now
    unsaved: int = 0  # rejections the database refused too
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "already_present": self.present,
            "events": self.events,
            "rejected": self.rejected,
            "renamed": [{"wanted": a, "stored_as": b} for a, b in self.renamed],
            "skipped": self.skipped,
            "repaired": self.repaired,
            "interrupted_runs": self.interrupted,
            "finished_steps": self.finished,
            "warnings": self.warnings,
            "rejections": [
                {"source": r.source, "line": r.line, "stage": r.stage, "code": r.code, "message": r.message}
                for r in self.rejections
            ],
        }


def ingest(
    paths: list[str],
    store: Store,
    settings: Settings,
    *,
    stdin: Any = None,
    on_item: Callable[[RawDoc | Rejection], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``, one transaction per ``settings.batch_size`` items.

    A failure inside one batch's transaction rolls that batch back and is reported as
    rejections of its documents; batches already written stay written.
    """
    report = IngestReport(run_id=store.begin_run(paths))
    # what a killed run left undone: close its run, finish its story and merge steps
    report.interrupted = [r["id"] for r in store.close_interrupted_runs()]
    if settings.stories:
        report.finished = store.finish_pending(merge=settings.extract)
    raws: list[RawDoc] = []
    rejected: list[Rejection] = []
    pool = _pool(settings.jobs) if settings.extract else None

    fps: dict[str, Any] = {}  # story fingerprints the workers computed, by content hash
    made: dict[str, Prepared] = {}  # entities the workers serialized, by content hash

    def store_steps(docs: list[Document]) -> BatchResult:
        """Store, then stories, then merge: under one hold of the write lock, so no other
        writer sees the batch half done (a kill in between is finished by the next run)."""
        with store.lock:
            res = store.write_batch(docs, [], report.run_id, extracted=settings.extract, prepared=made)
            if settings.stories and docs:
                assign_stories(store, docs, fingerprints=fps)
                if settings.extract:
                    store.merge_events(docs)
        return res

    # With workers the pipeline overlaps: while the workers extract the next batches, this
    # process writes the previous one (store, stories, merge). Batches are cut by count and
    # written in order, so the store ends the same whatever the number of workers.
    in_flight: deque[tuple[Iterable[Any], list[Rejection]]] = deque()
    depth = 2 if pool is not None else 0  # batches extracted ahead of the one being written

    def flush() -> None:
        if not raws and not rejected:
            return
        # Content already stored is not cleaned again: identity is the text's hash (a
        # text repeated within the batches in flight is found "already present" when
        # written).
        hashes = [content_hash(r.text) for r in raws]
        known = store.known_hashes(hashes)
        todo = [(raw, h, settings.extract, settings.stories, pool is not None)
                for raw, h in zip(raws, hashes) if h not in known]
        report.present += len(raws) - len(todo)
        built: Iterable[Any] = pool.imap(_build_fp, todo, chunksize=4) if pool else map(_build_fp, todo)
        in_flight.append((built, list(rejected)))
        raws.clear()
        rejected.clear()
        while len(in_flight) > depth:
            write(*in_flight.popleft())

    def write(built: Iterable[Any], rejected: list[Rejection]) -> None:
        docs: list[Document] = []
        fps.clear()
        made.clear()
        for item, fp, prep in built:
            (rejected if isinstance(item, Rejection) else docs).append(item)
            if fp is not None:
                fps[item.content_hash] = fp
            if prep is not None:
                made[item.content_hash] = prep
        results: list[BatchResult] = []
        try:
            results.append(store_steps(docs))
        except Exception:  # noqa: BLE001 - the database refused the batch: find the documents it refuses
            for doc in docs:  # one at a time, so one bad record costs only itself
                try:
                    results.append(store_steps([doc]))
                except Exception as exc:  # noqa: BLE001
                    rejected.append(Rejection(doc.source, doc.line, "store", errors.STORE_ERROR,
                                              f"database write failed for {doc.doc_id[:80]!r}: {short_error(exc)}"))
        for res in results:
            report.stored += len(res.stored)
            report.events += res.events
            report.present += len(res.present)
            report.renamed.extend(res.renamed)
        if rejected:
            try:
                store.write_batch([], rejected, report.run_id)
            except Exception as exc:  # noqa: BLE001 - reported, not stored
                report.unsaved += len(rejected)
                report.warnings.append(f"{len(rejected)} rejections could not be saved: {short_error(exc)}")
        report.rejections.extend(rejected)

    stats = ReadStats()
    try:
        for item in iter_inputs(paths, settings=reader_settings(settings), stdin=stdin, stats=stats):
            report.read += 1
            (rejected if isinstance(item, Rejection) else raws).append(item)  # type: ignore[arg-type]
            if on_item is not None:
                on_item(item)
            if len(raws) + len(rejected) >= settings.batch_size:
                flush()
        flush()
        while in_flight:
            write(*in_flight.popleft())
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    report.skipped = dict(stats.skipped)
    report.repaired = dict(stats.repaired)
    store.finish_run(
        report.run_id, read=report.read, stored=report.stored, present=report.present, rejected=report.rejected
    )
    return report


# --- process: the extract stages over documents already stored --------------------------


@dataclass(slots=True)
class ProcessReport:
    documents: int = 0  # documents extracted and written
    events: int = 0
    failed: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "events": self.events, "failed": len(self.failed),
                "failures": [{"source": r.source, "code": r.code, "message": r.message} for r in self.failed]}


def _extract_stored(doc: Document) -> Document | Rejection:
    """Run every extract stage on a stored document (in a worker process with ``jobs``)."""
    name = "dates"
    try:
        for name, stage in STAGES.items():
            stage(doc)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
        return failure(doc.source, doc.line, name, exc, doc_id=doc.doc_id)
    return doc


def _warm_worker() -> None:
    warm()


def _build(job: tuple[RawDoc, str, bool]) -> Document | Rejection:
    raw, text_hash, extract = job
    return build_document(raw, text_hash=text_hash, extract=extract)


def _build_fp(job: tuple[RawDoc, str, bool, bool, bool]) -> tuple[Document | Rejection, Any, Prepared | None]:
    """:func:`_build`, (``stories``) the document's story fingerprint and (``serialize``, in
    a worker process, with ``extract``) its serialized entities (:func:`marsad.store.db.prepare`):
    made in the worker, so the process writing the store does not (the same text and records).
    A document longer than :data:`EXTRACT_SLICE` is serialized where it is written."""
    raw, text_hash, extract, stories, serialize = job
    doc = build_document(raw, text_hash=text_hash, extract=extract)
    if not isinstance(doc, Document):
        return doc, None, None
    try:
        # not for a very long document: its text and objects would cross the pipe together
        prep = prepare(doc) if serialize and extract and len(doc.text) <= EXTRACT_SLICE else None
    except Exception:  # noqa: BLE001 - made again (and reported) where the batch is written
        prep = None
    if not stories:
        return doc, None, prep
    from .stories import document_fingerprint

    try:
        return doc, document_fingerprint(doc), prep
    except Exception:  # noqa: BLE001 - computed again (and reported) where stories are assigned
        return doc, None, prep


def _pool(jobs: int) -> Any:
    """A pool of ``jobs`` worker processes with every pattern loaded, or None for one job.
    On Linux the workers are forked after loading, so they start at once."""
    warm()
    if jobs <= 1:
        return None
    import multiprocessing as mp

    _fast_records()
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(method).Pool(jobs, initializer=_warm_worker)


def _fast_records() -> None:
    """Documents cross the pool's pipes as ``cls(*fields)`` for the record classes of
    :mod:`marsad.model` rather than by the dataclass state protocol (which lists a class's
    fields again for every object): the same objects, rebuilt by their own ``__init__``,
    in a fraction of the time. Only multiprocessing's pickler is told (idempotent); a class
    with a ``__post_init__`` or a field outside ``__init__`` keeps the default."""
    import dataclasses
    from multiprocessing.reduction import ForkingPickler
    from operator import attrgetter

    from . import model

    for cls in vars(model).values():
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__):
            continue
        fields = dataclasses.fields(cls)
        if hasattr(cls, "__post_init__") or not fields or not all(f.init and not f.kw_only for f in fields):
            continue
        ForkingPickler.register(cls, _reducer(cls, attrgetter(*(f.name for f in fields)), len(fields)))


def _reducer(cls: type, get: Callable[[Any], Any], n: int) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    if n == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


def process_stored(
    store: Store,
    settings: Settings,
    *,
    redo: bool = False,
    jobs: int | None = None,
    batch: int = 200,
    on_doc: Callable[[Document | Rejection], None] | None = None,
) -> ProcessReport:
    """Run the extract stages over stored documents that have not been through them
    (ingested with ``extract`` off) — or over every stored document with ``redo`` (after
    editing a lexicon) — and store the results, replacing earlier ones; then merge their
    events across documents (when ``settings.stories``). ``jobs`` (default
    ``settings.jobs``) > 1 extracts in that many worker processes. One transaction per ``batch`` documents; a document whose extraction
    fails is reported and left as it was."""
    report = ProcessReport()
    pool = None
    started = False

    def write(results: Iterable[Document | Rejection]) -> None:
        done: list[Document] = []
        for res in results:
            if isinstance(res, Rejection):
                report.failed.append(res)
            else:
                done.append(res)
            if on_doc is not None:
                on_doc(res)
        if not done:
            return
        with store.lock:  # the three steps under one hold (see ingest)
            old_blocks = store.replace_extraction(done)
            if settings.stories:
                assign_stories(store, done)
                store.merge_events(done, extra_blocks=old_blocks)
        report.documents += len(done)
        report.events += sum(len(d.events) for d in done)

    try:
        in_flight: list[Any] = []  # with workers: the next batch is extracted while one is written
        for docs in store.extract_pending(redo=redo, batch=batch):
            if not started:  # nothing to do: no start-up cost
                started = True
                pool = _pool(settings.jobs if jobs is None else jobs)
            if pool is None:
                write(map(_extract_stored, docs))
                continue
            in_flight.append(pool.imap(_extract_stored, docs, chunksize=4))
            if len(in_flight) > 1:
                write(in_flight.pop(0))
        for results in in_flight:
            write(results)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if report.failed:
        store.write_batch([], report.failed)
    return report


def document_json(doc: Document) -> dict[str, Any]:
    """The stable output contract of ``marsad extract`` (one object per document)."""
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "url": doc.url,
        "body": doc.body_text,
        "removed": [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end} for r in doc.removed],
        "dates": [to_dict(d) for d in doc.dates],
        "persons": [to_dict(p) for p in doc.persons],
        "events": [to_dict(e) for e in doc.events],
        "places": [to_dict(p) for p in doc.places],
        "actors": [to_dict(a) for a in doc.actors],
        "published_time": doc.published_time,
        "published_from": doc.published_from,
        "author": doc.author,
        "source": doc.source,
        "line": doc.line,
        "fmt": doc.fmt,
        "content_hash": doc.content_hash,
        "body_spans": [[s.start, s.end] for s in doc.body],
        "paragraphs": [[s.start, s.end] for s in doc.paragraphs],
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "warnings": doc.warnings,
    }


def rejection_json(rej: Rejection) -> dict[str, Any]:
    return {
        "rejected": True,
        "source": rej.source,
        "line": rej.line,
        "stage": rej.stage,
        "code": rej.code,
        "message": rej.message,
    }

