"""The command-line adapter. It parses arguments, calls the library and turns the library's
typed errors into messages and exit codes; it holds no logic of its own.

Exit codes: 0 all inputs fine; 1 some inputs rejected (or a record not found);
2 usage or configuration error (bad option, unreadable config, unusable database URL).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import ConfigError, MarsadError, NotFound
from .ingest.readers import count_inputs
from .model import Rejection
from .pipeline import document_json, ingest, process, process_stored, rejection_json
from .serialize import event_key
from .settings import SETTINGS, Settings, load_settings
from .store.db import Store
from .terminal import json_line, visible

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic news in, a traceable event database out.\n\n"
    "Reads .txt, .html/.htm, .jsonl/.jsonl.gz and .warc/.warc.gz (files, folders or '-' for "
    "stdin), removes page furniture, keeps every offset into the original text, and stores "
    "documents in SQLite (default: ./marsad.db) or PostgreSQL (--db URL or MARSAD_DB).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[
    Optional[str],
    typer.Option("--db", help="SQLite file path or database URL (postgresql://...). Default: marsad.db, or MARSAD_DB."),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", help="Settings file (TOML). Default: ./marsad.toml if present, or MARSAD_CONFIG."),
]
PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders (read recursively) or '-' for standard input.", show_default=False),
]
JsonlFieldsOpt = Annotated[
    Optional[str],
    typer.Option(
        "--jsonl-fields",
        help="Map JSONL field names, e.g. 'text=content,id=docno,published=date'.",
    ),
]


def _show(value: Any) -> str:
    """A value as printed on the terminal: control characters visible, rich markup escaped."""
    return escape(visible(value))


def _settings(config: Path | None, **flags: Any) -> Settings:
    try:
        return load_settings(config, **flags)
    except ConfigError as exc:
        _fail(str(exc), 2)
        raise  # unreachable


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {_show(message)}")
    raise typer.Exit(code)


def _open_store(settings: Settings, *, create: bool = True) -> Store:
    try:
        return Store.open(settings.db, create=create)
    except MarsadError as exc:
        _fail(str(exc), 2)
        raise


def _version(value: bool) -> None:
    if value:
        out.print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """marsad command line."""


@app.command("ingest")
def ingest_cmd(
    paths: PathsArg,
    db: DbOpt = None,
    config: ConfigOpt = None,
    jsonl_fields: JsonlFieldsOpt = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per transaction.", min=1)] = None,
    stories: Annotated[
        Optional[bool], typer.Option("--stories/--no-stories", help="Cluster documents into stories while ingesting.")
    ] = None,
    extract: Annotated[
        Optional[bool],
        typer.Option("--extract/--no-extract", help="Extract entities and events while ingesting (--no-extract: "
                     "fastest bulk load; run 'marsad process' afterwards)."),
    ] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes for extraction (default: "
                                                "the jobs setting, 1).", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON instead of tables.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, clean, extract and store articles, cluster them into stories and merge their
    events. Prints read / stored / already present / events / rejected.

    Ingest is idempotent: content already in the database is counted as already present
    and not stored again. Exit code 1 when some inputs were rejected.
    """
    settings = _settings(config, db=db, jsonl_fields=jsonl_fields, batch_size=batch_size, stories=stories,
                         extract=extract, jobs=jobs)
    store = _open_store(settings)
    total = None if quiet else count_inputs(paths)
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )
    with store, progress:
        task = progress.add_task("ingest", total=total, last="")

        def tick(item: Any) -> None:
            progress.update(task, advance=1, last=_show(getattr(item, "doc_id", "") or ""))

        try:
            report = ingest(paths, store, settings, stdin=sys.stdin.buffer, on_item=tick)
        except MarsadError as exc:
            _fail(str(exc), 2)
            raise
    if as_json:
        sys.stdout.write(json_line(report.as_dict(), indent=2) + "\n")
    else:
        _print_report(report, settings)
    raise typer.Exit(1 if report.rejected else 0)


def _print_report(report: Any, settings: Settings) -> None:
    table = Table(title=f"marsad ingest → {_show(settings.db)}", show_header=False, title_justify="left")
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    table.add_row("read", str(report.read))
    table.add_row("stored", f"[green]{report.stored}[/]")
    table.add_row("already present", str(report.present))
    table.add_row("events", str(report.events))
    table.add_row("rejected", f"[red]{report.rejected}[/]" if report.rejected else "0")
    out.print(table)
    skipped = {k: v for k, v in report.skipped.items() if k != "hidden"}
    if skipped:
        out.print("skipped (not articles): " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(skipped.items())))
    if report.repaired:
        out.print("repaired (invalid characters replaced with U+FFFD): "
                  + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(report.repaired.items())))
    if report.interrupted:
        out.print(f"[yellow]note:[/] closed {len(report.interrupted)} interrupted run(s) "
                  f"({', '.join(map(str, report.interrupted))}); their unfinished steps were completed")
    if any(report.finished.values()):
        out.print(f"finished left-over steps: stories for {report.finished.get('stories', 0)} document(s), "
                  f"merging for {report.finished.get('merge', 0)}")
    for w in report.warnings:
        out.print(f"[yellow]warning:[/] {_show(w)}")
    for wanted, given in report.renamed:
        out.print(f"[yellow]note:[/] doc id {_show(wanted)} was taken by other content; stored as {_show(given)}")
    if report.rejections:
        by_code = Counter(r.code for r in report.rejections)
        out.print("rejected by reason: " + ", ".join(f"{c} {n}" for c, n in by_code.most_common()))
        rej = Table("where", "reason", "message", title="rejections", title_justify="left")
        for r in report.rejections[:50]:
            rej.add_row(_show(r.where()), r.code, _show(r.message))
        out.print(rej)
        if len(report.rejections) > 50:
            out.print(f"… and {len(report.rejections) - 50} more (see 'marsad rejections')")


@app.command("process")
def process_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    redo: Annotated[bool, typer.Option("--all", help="Extract every stored document again (after editing a lexicon), "
                                       "replacing the earlier results.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: the jobs "
                                                "setting, 1; up to the number of cores).", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run the extract stages (dates, places, actors, persons, events) over stored documents
    that were ingested with --no-extract, or over all of them with --all, store the results
    and merge the events across documents. Exit code 1 when some documents failed."""
    settings = _settings(config, db=db, jobs=jobs)
    with _open_store(settings, create=False) as store:
        total = store.count_pending(redo=redo)
        progress = Progress(
            TextColumn("[bold]process"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"), console=err, transient=True,
            disable=quiet or not err.is_terminal,
        )
        with progress:
            task = progress.add_task("process", total=total, last="")

            def tick(item: Any) -> None:
                progress.update(task, advance=1, last=_show(getattr(item, "doc_id", "") or ""))

            report = process_stored(store, settings, redo=redo, on_doc=tick)
    if as_json:
        sys.stdout.write(json_line(report.as_dict(), indent=2) + "\n")
    else:
        out.print(f"processed {report.documents} documents, {report.events} events"
                  + (f", [red]{len(report.failed)} failed[/] (see 'marsad rejections')" if report.failed else ""))
    raise typer.Exit(1 if report.failed else 0)


@app.command("extract")
def extract_cmd(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl: one object per line; json: one array.")] = "jsonl",
    config: ConfigOpt = None,
    jsonl_fields: JsonlFieldsOpt = None,
) -> None:
    """Extract without a database: print one JSON object per document to stdout.

    Fields: doc_id, title, outlet, published, url, body, removed, dates, persons, events
    (and more). Rejected inputs are reported on stderr; exit code 1 when there were any.
    """
    if fmt not in ("jsonl", "json"):
        raise typer.BadParameter("must be 'jsonl' or 'json'", param_hint="--format")
    settings = _settings(config, jsonl_fields=jsonl_fields)
    rejected = 0
    first = True
    if fmt == "json":
        sys.stdout.write("[")
    for item in process(paths, settings, stdin=sys.stdin.buffer):
        if isinstance(item, Rejection):
            rejected += 1
            err.print(f"[red]rejected[/] {_show(item.where())}: {item.code}: {_show(item.message)}")
            continue
        line = json_line(document_json(item))
        if fmt == "json":
            sys.stdout.write(("\n" if first else ",\n") + line)
        else:
            sys.stdout.write(line + "\n")
        first = False
    if fmt == "json":
        sys.stdout.write("\n]\n")
    sys.stdout.flush()
    raise typer.Exit(1 if rejected else 0)


@app.command("docs")
def docs_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[Optional[int], typer.Option(help="Show at most this many.", min=1)] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only documents from this outlet.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    q: Annotated[Optional[str], typer.Option("--search", "-q", help="Only documents matching this full-text query (as the web search).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """List stored documents (id, publication date, outlet, title, events), oldest first — the
    same query as the web's document list (marsad.store.queries.documents)."""
    from .store.queries import documents as qdocs
    from .store.queries.common import QueryError

    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter("must be 'table' or 'jsonl'", param_hint="--format")
    settings = _settings(config, db=db)
    rows: list[dict] = []
    with _open_store(settings, create=False) as store, store.engine.connect() as conn:
        try:
            while limit is None or len(rows) < limit:
                size = 500 if limit is None else min(500, limit - len(rows))
                page = qdocs.list_documents(conn, outlet=outlet, since=since, until=until, q=q, sort="published",
                                            limit=size, offset=len(rows))
                rows += page.items
                if len(page.items) < size:
                    break
        except QueryError as exc:
            hint = "--search" if exc.field == "q" else f"--{exc.field}"
            raise typer.BadParameter(str(exc), param_hint=hint) from None
        total = store.count_documents()
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json_line(r) + "\n")
        return
    table = Table(title=f"{len(rows)} of {total} documents", title_justify="left")
    table.add_column("doc_id", overflow="fold", min_width=18)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("outlet", overflow="fold", max_width=22)
    table.add_column("events", justify="right")
    table.add_column("title", overflow="fold")
    for r in rows:
        table.add_row(_show(r["doc_id"]), _show(r["published"] or "—"), _show(r["outlet"] or "—"), str(r["events"]),
                      _show((r["title"] or "")[:80]))
    out.print(table)


@app.command("show")
def show_cmd(
    doc_id: Annotated[str, typer.Argument(help="The document id (see 'marsad docs').", show_default=False)],
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one stored document: metadata, cleaned body, the lines removed (with reasons) and
    its events, each with the merged event it belongs to (how many articles report it)."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter("must be 'text' or 'json'", param_hint="--format")
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        try:
            doc = store.get_document(doc_id)
        except NotFound as exc:
            _fail(str(exc), 1)
            raise
        extracted = store.is_extracted(doc_id)
        reports = store.list_events(doc_id=doc.doc_id, modalities=None)
        merged = {e["event_id"]: e for e in store.list_canonical_events(
            modalities=None, ids=sorted({e["event_id"] for e in reports if e["event_id"] is not None}))}
    if fmt == "json":
        data = document_json(doc)
        data["extracted"] = extracted
        ids = {event_key(doc.doc_id, e): e["event_id"] for e in reports}
        for ev in data["events"]:
            ev["event_id"] = ids.get(event_key(doc.doc_id, ev))
        sys.stdout.write(json_line(data, indent=2) + "\n")
        return
    meta = Table(show_header=False, box=None)
    for key in ("doc_id", "title", "outlet", "published", "published_time", "published_from", "url", "author", "source", "fmt", "encoding"):
        value = getattr(doc, key)
        if value is not None:
            meta.add_row(f"[bold]{key}[/]", _show(str(value)))
    meta.add_row("[bold]sentences[/]", str(len(doc.sentences)))
    out.print(meta)
    for w in doc.warnings:
        out.print(f"[yellow]warning:[/] {_show(w)}")
    out.rule("body")
    out.print(_show(doc.body_text))
    if doc.removed:
        out.rule("removed lines")
        for r in doc.removed:
            out.print(f"[dim]{r.reason:>10}[/]  {_show(r.text)}")
    out.rule("events")
    if not extracted:
        out.print("[yellow]not extracted yet[/] (ingested with --no-extract): run 'marsad process'")
    for e in reports:
        m = merged.get(e["event_id"])
        seen = f"event {e['event_id']}, {m['num_articles']} article(s)" if m else "not merged yet"
        tgt = e["target"]["code"] if e["target"] else "—"
        out.print(f"{e['date'] or '—':>10}  {e['code']:<4} {_show(e['source']['code'])} → {_show(tgt)}  "
                  f"[dim]{e['modality']}, «{_show(e['trigger']['text'])}», {seen}[/]")


@app.command("persons")
def persons_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    country: Annotated[Optional[str], typer.Option(help="Only persons affiliated with this ISO-3 or IGO code.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Show at most this many.", min=1)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """List named persons across stored documents: role, title, affiliation, spelling
    variants and how many documents mention them (most mentioned first)."""
    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter("must be 'table' or 'jsonl'", param_hint="--format")
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        rows = store.list_persons(country=country, limit=limit)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json_line(r) + "\n")
        return
    table = Table(title=f"{len(rows)} persons", title_justify="left")
    table.add_column("name", overflow="fold")
    table.add_column("role")
    table.add_column("affiliation")
    table.add_column("title", overflow="fold")
    table.add_column("docs", justify="right")
    table.add_column("variants", overflow="fold")
    for r in rows:
        others = [v for v in r["variants"] if v != r["name"]]
        table.add_row(_show(r["name"]), r["role"] or "—", r["country"] or "—", _show(r["title"] or "—"),
                      str(r["documents"]), _show("، ".join(others)) or "—")
    out.print(table)


@app.command("stories")
def stories_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    assign: Annotated[bool, typer.Option("--assign", help="First cluster every stored document that has no story yet.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Also list single-document stories.")] = False,
    since: Annotated[Optional[str], typer.Option(help="Stories last published on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Stories first published on or before YYYY-MM-DD.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Show at most this many.", min=1)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """List stories: documents from one or more outlets that tell the same story, with
    their ids, titles, dates and outlets (roundups that tell it in some paragraphs are
    listed as parts)."""
    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter("must be 'table' or 'jsonl'", param_hint="--format")
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        if assign:
            store.assign_stories()
            store.merge_events()
        rows = store.list_stories(min_docs=1 if all_ else 2, limit=limit, since=since, until=until)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json_line(r, default=str) + "\n")
        return
    table = Table(title=f"{len(rows)} stories", title_justify="left")
    table.add_column("story", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("outlets", overflow="fold")
    table.add_column("documents", overflow="fold")
    for r in rows:
        dates = r.get("first_published") or "—"
        if r.get("last_published") and r.get("last_published") != r.get("first_published"):
            dates += f" … {r['last_published']}"
        docs = "\n".join(f"{d}: {(t or '')[:60]}" for d, t in zip(r["doc_ids"], r["titles"]))
        parts = r.get("parts") or []
        if parts:
            docs += "\n" + "\n".join(f"(part) {p.get('doc_id')}" for p in parts)
        table.add_row(str(r["story_id"]), dates, _show("، ".join(o for o in r["outlets"] if o)), _show(docs))
    out.print(table)


@app.command("events")
def events_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    country: Annotated[Optional[str], typer.Option(help="Only events with this state (ISO-3) or organisation (IGO code) as a party.")] = None,
    pair: Annotated[Optional[str], typer.Option(help="Only events between two parties, in either direction: 'EGY,ITA'.")] = None,
    code: Annotated[Optional[str], typer.Option(help="Only this CAMEO code or its sub-codes ('042', '04').")] = None,
    root: Annotated[Optional[str], typer.Option(help="Only this CAMEO root ('04').")] = None,
    since: Annotated[Optional[str], typer.Option(help="Events dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Events dated on or before YYYY-MM-DD.")] = None,
    topic: Annotated[Optional[str], typer.Option(help="Only events with this topic (terrorism, training ...).")] = None,
    all_modalities: Annotated[bool, typer.Option("--all", help="Also negated, cancelled, conditional and hypothetical events.")] = False,
    mentions: Annotated[bool, typer.Option("--mentions", help="One row per document reporting an event, not merged.")] = False,
    min_articles: Annotated[int, typer.Option(help="Only events reported by at least this many documents.", min=1)] = 1,
    limit: Annotated[Optional[int], typer.Option(help="Show at most this many.", min=1)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
) -> None:
    """List stored events (realized and planned unless --all), merged across documents: one
    row per real-world event with its date, CAMEO code, source → target, how many mentions,
    articles and outlets report it, and their doc_ids. --mentions lists each document's
    report instead (the trigger and the sentence it comes from)."""
    if fmt not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("must be 'table', 'jsonl' or 'csv'", param_hint="--format")
    if mentions and min_articles > 1:
        raise typer.BadParameter("--min-articles applies to merged events, not with --mentions", param_hint="--min-articles")
    parties: tuple[str, str] | None = None
    if pair is not None:
        parts = [p.strip() for p in pair.split(",") if p.strip()]
        if len(parts) != 2:
            raise typer.BadParameter("give two parties separated by a comma, e.g. EGY,ITA", param_hint="--pair")
        parties = (parts[0], parts[1])
    settings = _settings(config, db=db)
    filters: dict[str, Any] = dict(country=country, pair=parties, code=code, root=root, since=since, until=until,
                                   topic=topic, modalities=None if all_modalities else ("realized", "planned"),
                                   limit=limit)
    with _open_store(settings, create=False) as store:
        if mentions:
            rows = store.list_events(**filters)
        else:
            rows = store.list_canonical_events(min_articles=min_articles, **filters)
            if not rows and store.count_events() and not store.list_canonical_events(limit=1, modalities=None):
                err.print("[yellow]events are stored but not merged yet: run 'marsad stories --assign'[/]")
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json_line(r) + "\n")
        return
    if fmt == "csv":
        _events_csv(rows, mentions)
        return
    table = Table(title=f"{len(rows)} {'event mentions' if mentions else 'events'}", title_justify="left")
    table.add_column("id" if not mentions else "event", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("source → target", overflow="fold")
    table.add_column("modality")
    if mentions:
        table.add_column("trigger", overflow="fold")
        table.add_column("doc_id", overflow="fold", max_width=28)
    else:
        table.add_column("art/src", no_wrap=True, justify="right")
        table.add_column("doc_ids", overflow="fold")
    for r in rows:
        src, tgt = r["source"], r["target"]
        who = f"{src['code']} → {tgt['code'] if tgt else '—'}"
        first = [str(r.get("event_id") or "—"), r["date"] or "—", f"{r['code']} {_show(r['name'][:28])}",
                 _show(who), r["modality"]]
        if mentions:
            table.add_row(*first, _show(r["trigger"]["text"]), _show(r["doc_id"]))
        else:
            table.add_row(*first, f"{r['num_articles']}/{r['num_sources']}", _show("\n".join(r["doc_ids"])))
    out.print(table)


def _events_csv(rows: list[dict[str, Any]], mentions: bool) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    if sys.stdout.isatty():  # on a terminal, control characters are shown, not obeyed
        raw_writer = writer

        class _Visible:
            def writerow(self, row: list[Any]) -> None:
                raw_writer.writerow([visible(c) if isinstance(c, str) else c for c in row])

        writer = _Visible()  # type: ignore[assignment]
    cols = ["event_id", "date", "code", "name", "source", "source_code", "target", "target_code", "modality",
            "confidence", "topics", "location"]
    cols += ["trigger", "doc_id", "sentence", "evidence"] if mentions else [
        "num_mentions", "num_articles", "num_sources", "first_seen", "doc_ids", "outlets"]
    writer.writerow(cols)
    for r in rows:
        src, tgt = r["source"], r["target"] or {}
        row = [
            r.get("event_id") or "", r["date"] or "", r["code"], r["name"], src.get("country") or src.get("igo") or "",
            src.get("code", ""), tgt.get("country") or tgt.get("igo") or "", tgt.get("code", ""), r["modality"],
            r["confidence"], ";".join(r["topics"]), (r.get("location") or {}).get("country") or "",
        ]
        if mentions:
            row += [r["trigger"]["text"], r["doc_id"], r["sentence"], r["evidence"]["text"]]
        else:
            row += [r["num_mentions"], r["num_articles"], r["num_sources"], r["first_seen"] or "",
                    ";".join(r["doc_ids"]), ";".join(r["outlets"])]
        writer.writerow(row)


@app.command("serve")
def serve_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    token: Annotated[Optional[str], typer.Option(
        help="Access token every request must carry (Authorization: Bearer, or ?token= once in a browser); "
             "required to bind anything but a local address. Default: MARSAD_SERVE_TOKEN.")] = None,
) -> None:
    """Serve the observatory: the REST API under /api (OpenAPI at /openapi.json, docs at
    /docs) and the dashboard, read-only, over the database."""
    import os

    import uvicorn

    from .web import create_app

    settings = _settings(config, db=db)
    token = token or os.environ.get("MARSAD_SERVE_TOKEN") or None
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        _fail(f"binding {host} makes the database readable by other machines: give --token (or MARSAD_SERVE_TOKEN)", 2)
    try:
        application = create_app(settings.db, token=token)
    except MarsadError as exc:
        _fail(str(exc), 2)
        raise
    err.print(f"marsad serve: http://{host}:{port}/  (API http://{host}:{port}/docs; Ctrl+C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command("rejections")
def rejections_cmd(
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[Optional[int], typer.Option(help="Show at most this many.", min=1)] = None,
) -> None:
    """List inputs that were rejected, with where and why (newest first)."""
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store:
        rows = store.list_rejections(limit=limit)
    table = Table("where", "stage", "reason", "times", "message", title=f"{len(rows)} rejected inputs", title_justify="left")
    for r in rows:
        where = r["source"] + (f":{r['line']}" if r["line"] else "")
        table.add_row(_show(where), r["stage"], r["code"], str(r["times"]), _show(r["message"]))
    out.print(table)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option(help="Folder of gold annotations (<corpus>/<id>.json).")] = Path("eval/gold"),
    shared: Annotated[Path, typer.Option(help="The shared folder holding seeds/ and corpora/.")] = Path("../shared"),
    samples: Annotated[Path, typer.Option(help="The project's sample articles.")] = Path("samples"),
    entities: Annotated[
        Path, typer.Option(help="Folder of entity gold (dates/, places/) scored when present.")
    ] = Path("eval/entities"),
    floors: Annotated[
        Optional[Path], typer.Option(help="JSON file of pinned floors; exit 1 when a figure is below its floor.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    errors_shown: Annotated[int, typer.Option("--errors", help="How many misses / false events to list.", min=0)] = 15,
    config: ConfigOpt = None,
) -> None:
    """Score extraction against our gold annotations (see eval/GUIDELINES.md).

    Prints event precision/recall/F1 per class, date accuracy, publication-date accuracy,
    person recall and affiliation accuracy, story-clustering pairwise P/R/F1, and the missed
    and false events. Exit 1 when --floors is given and a figure is below its floor.
    """
    from .eval.gold import load_gold
    from .eval.score import Sources, check_floors, evaluate

    settings = _settings(config)
    try:
        gold_docs = load_gold(gold)
        needs_shared = any(g.corpus != "samples" for g in gold_docs)
        if needs_shared and not (shared / "corpora").is_dir():
            raise MarsadError(f"gold references ../shared articles but {shared} has no corpora/ (use --shared)")
        report = evaluate(gold_docs, Sources(shared=shared, samples=samples), settings, entities=entities)
    except MarsadError as exc:
        _fail(str(exc), 2)
        raise
    failures: list[str] = []
    if floors is not None:
        try:
            pinned = json.loads(floors.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            _fail(f"cannot read floors file {floors}: {exc}", 2)
            raise
        failures = check_floors(report, pinned)
        report["floors"] = {"file": str(floors), "failures": failures}
    if as_json:
        sys.stdout.write(json_line(report, default=list, indent=2) + "\n")
    else:
        _print_eval(report, errors_shown)
        for f in failures:
            err.print(f"[bold red]below floor:[/] {_show(f)}")
    raise typer.Exit(1 if failures else 0)


def _fmt(x: Any) -> str:
    return "—" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def _print_eval(report: dict[str, Any], n_errors: int) -> None:
    ev = report["events"]
    table = Table("class", "tp", "fp", "fn", "precision", "recall", "f1", title=f"events on {report['documents']} documents", title_justify="left")
    for cls, t in ev["per_class"].items():
        table.add_row(cls, *(_fmt(t[k]) for k in ("tp", "fp", "fn", "precision", "recall", "f1")))
    o = ev["overall"]
    table.add_row("[bold]overall[/]", *(f"[bold]{_fmt(o[k])}[/]" for k in ("tp", "fp", "fn", "precision", "recall", "f1")))
    out.print(table)
    summary = Table(show_header=False, title="other figures", title_justify="left")
    summary.add_row("event date accuracy (matched)", f"{_fmt(ev['date_accuracy'])} of {ev['dates_checked']}")
    summary.add_row("publication-date accuracy", f"{_fmt(report['published']['accuracy'])} of {report['published']['total']}")
    summary.add_row("person recall", f"{_fmt(report['persons']['recall'])} of {report['persons']['total']}")
    summary.add_row("person affiliation accuracy", _fmt(report["persons"]["affiliation_accuracy"]))
    for kind in ("dates", "places"):
        if kind in report:
            k = report[kind]
            summary.add_row(f"{kind} P / R / F1 (value)", f"{_fmt(k['precision'])} / {_fmt(k['recall'])} / {_fmt(k['f1'])} of {k['gold']}")
            summary.add_row(f"{kind} span P / R", f"{_fmt(k['span_precision'])} / {_fmt(k['span_recall'])}")
    st = report["stories"]
    summary.add_row("story pairs P / R / F1", f"{_fmt(st['precision'])} / {_fmt(st['recall'])} / {_fmt(st['f1'])}")
    em = report["event_merging"]
    summary.add_row("merged-event pairs P / R / F1",
                    f"{_fmt(em['precision'])} / {_fmt(em['recall'])} / {_fmt(em['f1'])} of {em['tp'] + em['fn']}")
    out.print(summary)
    if report["misses"] and n_errors:
        t = Table("doc", "class", "source→target", "date", "note", title=f"missed events ({len(report['misses'])})", title_justify="left")
        for m in report["misses"][:n_errors]:
            t.add_row(_show(m["doc"]), m["class"], f"{m['source']}→{m['target']}", str(m["date"] or "—"), _show(m["note"] or ""))
        out.print(t)
    if report["false_events"] and n_errors:
        t = Table("doc", "class", "source→target", "evidence", title=f"false events ({len(report['false_events'])})", title_justify="left")
        for m in report["false_events"][:n_errors]:
            t.add_row(_show(m["doc"]), m["class"], f"{m['source']}→{m['target']}", _show((m["evidence"] or "")[:120]))
        out.print(t)
    for kind in ("dates", "places"):
        errs = report.get(f"{kind}_errors") or []
        if errs and n_errors:
            t = Table("doc", "error", "text", "gold", "predicted", title=f"{kind} errors ({len(errs)})", title_justify="left")
            for m in errs[:n_errors]:
                t.add_row(_show(m["doc"]), m["kind"], _show(m["text"]), str(m["gold"]), str(m["predicted"]))
            out.print(t)
    if report["published_errors"] and n_errors:
        t = Table("doc", "gold", "predicted", title=f"publication-date errors ({len(report['published_errors'])})", title_justify="left")
        for m in report["published_errors"][:n_errors]:
            t.add_row(_show(m["doc"]), str(m["gold"]), str(m["predicted"]))
        out.print(t)


@app.command("settings")
def settings_cmd(config: ConfigOpt = None) -> None:
    """Show every setting, its effective value and where to set it."""
    settings = _settings(config)
    for s in SETTINGS:
        out.print(f"[bold]{s.name}[/] = {_show(repr(getattr(settings, s.name)))}   [dim](MARSAD_{s.name.upper()})[/]")
        out.print(f"    {_show(s.help)}")


from . import cli_scale as _cli_scale  # noqa: E402,F401  (registers export, batch, load)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


# --- actor dictionary ------------------------------------------------------------------------

actors_app = typer.Typer(
    help="The actor dictionary: persons with their spellings, office, affiliation and validity window "
    "(curated actors.tsv and learned actors.learned.tsv). Learn one from your own archive with "
    "'marsad actors learn'.",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")

DictOpt = Annotated[
    Optional[Path],
    typer.Option("--dictionary", help="A dictionary file (actors schema) instead of the packaged one."),
]


def _dictionary(path: Path | None) -> list[Any]:
    from .lexicon.actor_dictionary import entries, load_dictionary_file

    if path is None:
        return list(entries())
    return load_dictionary_file(path)


def _entries_table(rows: list[Any], title: str) -> None:
    table = Table(title=title, title_justify="left")
    for col in ("name", "affiliation", "role", "title", "window", "source", "docs", "variants"):
        table.add_column(col, overflow="fold")
    for e in rows:
        window = f"{e.first_seen or '…'} – {e.last_seen or '…'}"
        table.add_row(escape(e.name), e.country, e.role or "—", escape(e.title or "—"), window, e.source,
                      str(e.docs or "—"), escape("، ".join(v for v in e.variants if v != e.name)) or "—")
    out.print(table)


@actors_app.command("learn")
def actors_learn_cmd(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The dictionary file to write (its evidence file is written beside it).")] = Path("actors.learned.tsv"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.", min=1)] = 1,
    min_docs: Annotated[int, typer.Option(help="Documents that must state an affiliation.", min=1)] = 3,
    min_share: Annotated[float, typer.Option(help="Share of a person's explicit evidence the affiliation must hold.", min=0.5, max=1.0)] = 0.8,
    exclude_texts: Annotated[Optional[list[str]], typer.Option("--exclude-texts", help="Skip documents whose text is also in these inputs (e.g. an evaluation set).")] = None,
) -> None:
    """Learn a dictionary from an archive: the explicit affiliations (title + country word,
    demonym, organisation) the extractor finds for each person, kept when they agree (see
    marsad/actordict.py). Records marked "split": "test" are skipped."""
    from . import actordict

    for p in paths:
        if p != "-" and not Path(p).exists():
            _fail(f"no such file or folder: {p}", 2)
    total = count_inputs(paths) if all(p != "-" for p in paths) else None
    command = "marsad actors learn " + " ".join(paths) + f" -o {output} --min-docs {min_docs} --min-share {min_share}"
    if exclude_texts:
        n_ex = actordict.exclude_texts(exclude_texts)
        command += "".join(f" --exclude-texts {p}" for p in exclude_texts)
        err.print(f"{n_ex} texts excluded")
    with Progress(TextColumn("learning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("learn", total=total)
        entries, n = actordict.learn(list(paths), output, jobs=jobs, min_docs=min_docs, min_share=min_share,
                                     progress=lambda k: bar.update(task, completed=k), command=command)
    err.print(f"{n} explicit affiliations → {len(entries)} entries written to {output} "
              f"(evidence: {actordict.evidence_path(output)})")


@actors_app.command("list")
def actors_list_cmd(
    country: Annotated[Optional[str], typer.Option(help="Only entries of this ISO-3 or IGO code.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.", min=1)] = 50,
    dictionary: DictOpt = None,
) -> None:
    """List dictionary entries (most documents first)."""
    rows = [e for e in _dictionary(dictionary) if country is None or e.country == country]
    rows.sort(key=lambda e: (-(e.docs or 0), e.key))
    _entries_table(rows[:limit], f"{len(rows)} entries" + (f" of {country}" if country else ""))


@actors_app.command("search")
def actors_search_cmd(
    text: Annotated[str, typer.Argument(help="A name or part of one (any spelling).")],
    dictionary: DictOpt = None,
) -> None:
    """Entries whose name or a spelling contains the text (matched on folded letters)."""
    from .text.normalize import fold

    q = fold(text)
    rows = [e for e in _dictionary(dictionary) if any(q in fold(v) for v in (e.name, *e.variants)) or q in e.key]
    _entries_table(rows, f"{len(rows)} entries matching {text}")


@actors_app.command("show")
def actors_show_cmd(
    name: Annotated[str, typer.Argument(help="A name or key.")],
    dictionary: DictOpt = None,
) -> None:
    """One entry and its evidence: document ids and character offsets of the name in them
    (never the articles' text)."""
    from . import actordict
    from .extract.persons import person_key
    from .lexicon.actor_dictionary import entries as packaged

    key = person_key(name)
    rows = [e for e in _dictionary(dictionary) if e.key in (key, name) or name in e.variants]
    if not rows:
        _fail(f"no entry for {name!r} (try: marsad actors search)", 1)
    _entries_table(rows, f"entry for {name}")
    if dictionary is not None:
        ev_file = dictionary
    else:
        from importlib import resources

        ev_file = Path(str(resources.files("marsad") / "data" / "actors.learned.tsv"))
    evidence = actordict.load_evidence(ev_file)
    for e in rows:
        items = evidence.get(e.key, [])
        if not items:
            out.print(f"{escape(e.name)}: {e.source}; no evidence file entry")
            continue
        table = Table(title=f"evidence for {e.name} ({len(items)} shown of {e.docs} documents)", title_justify="left")
        for col in ("doc_id", "start", "end", "published", "outlet", "affiliation", "role"):
            table.add_column(col)
        for x in items:
            table.add_row(escape(x["doc_id"]), str(x["start"]), str(x["end"]), x.get("published") or "—",
                          escape(x.get("outlet") or "—"), x["country"], x.get("role") or "—")
        out.print(table)
    _ = packaged
