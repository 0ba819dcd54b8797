"""Commands for archive scale: ``marsad export``, ``marsad batch`` and ``marsad load``
(registered on :data:`marsad.cli.app`; argument parsing only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .cli import ConfigOpt, DbOpt, _fail, _open_store, _settings, app, err, out


def _progress(label: str, quiet: bool = False) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=quiet or not err.is_terminal)


@app.command("batch")
def batch_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files or folders (JSONL(.gz), WARC(.gz), text, HTML); with Spark also hdfs://, s3a:// ... URIs.", show_default=False)],
    out_dir: Annotated[str, typer.Option("--out", "-o", help="Folder (or, with Spark, URI) for the Parquet tables.")],
    engine: Annotated[str, typer.Option(help="local (a pool of worker processes) or spark (Apache Spark through pyspark).")] = "local",
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (local), or cores of local[N] (spark without --master). Default: the jobs setting.", min=1)] = None,
    master: Annotated[Optional[str], typer.Option(help="Spark master URL (spark://host:7077, yarn, k8s://..., local[4]); default local[jobs], or what spark-submit sets.")] = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run the whole pipeline over an archive without a database: documents, event mentions,
    merged events, persons and stories as Parquet tables partitioned by publication year/month,
    plus rejections with their reasons. Same per-document function, stories and merged events
    as 'marsad ingest'. 'marsad load OUT --db URL' stores the result in a database."""
    from .batch import ENGINES, run_batch
    from .pipeline import reader_settings

    if engine not in ENGINES:
        raise typer.BadParameter(f"must be one of {', '.join(ENGINES)}", param_hint="--engine")
    settings = _settings(config)
    n = jobs or settings.jobs
    if engine == "spark":
        from .batch.spark import spark_available

        why = spark_available()
        if why:
            _fail(f"--engine spark: {why}", 2)
    missing = [p for p in inputs if "://" not in p and not Path(p).exists()]
    if missing and len(missing) == len(inputs):
        _fail(f"no such file or folder: {missing[0]!r}", 2)
    progress = _progress("batch", quiet or engine == "spark")  # Spark prints its own stage progress
    with progress:
        task = progress.add_task("batch", total=None)
        summary = run_batch(inputs, out_dir, engine=engine, jobs=n, master=master, reader=reader_settings(settings),
                            on_item=lambda: progress.update(task, advance=1))
    data = summary.as_dict()
    if as_json:
        out.print_json(json.dumps(data))
    else:
        for k in ("engine", "read", "documents", "present", "renamed", "rejected", "mentions", "events",
                  "multi_events", "stories", "multi_stories", "links", "seconds"):
            out.print(f"{k:14} {data[k]}")
        out.print(f"tables in {escape(out_dir)}")
    raise typer.Exit(1 if summary.rejected else 0)


@app.command("load")
def load_cmd(
    batch_dir: Annotated[str, typer.Argument(help="The --out folder of 'marsad batch'.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store a batch result in a database (SQLite or PostgreSQL): its documents with their
    entities and events, stories and merged events (recomputed by the store's incremental
    path), and its rejections. Idempotent: loading twice stores nothing new."""
    from .batch.load import load_batch

    settings = _settings(config, db=db)
    if not (Path(batch_dir) / "documents").exists():
        _fail(f"{batch_dir}: no 'documents' table here; give the --out folder of 'marsad batch'", 2)
    with _open_store(settings) as store, _progress("load", quiet) as progress:
        task = progress.add_task("load", total=None)
        report = load_batch(batch_dir, store, on_doc=lambda n: progress.update(task, advance=n))
    for k, v in report.as_dict().items():
        out.print(f"{k:16} {v}")


def _pair(pair: str | None) -> tuple[str, str] | None:
    if pair is None:
        return None
    parts = [p.strip() for p in pair.split(",") if p.strip()]
    if len(parts) != 2:
        raise typer.BadParameter("give two parties separated by a comma, e.g. EGY,ITA", param_hint="--pair")
    return parts[0], parts[1]


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, parquet, gdelt (GDELT 2.0 tab-separated) or plover (PLOVER JSON lines).")] = "jsonl",
    what: Annotated[str, typer.Option("--what", help="events (merged), mentions (one per document's report), documents, persons or stories. gdelt: events = the Event table, mentions = the Mentions table.")] = "events",
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="File to write (default: standard output; Parquet needs a path). A folder (ending in '/' or existing) for Parquet: partitioned by year/month.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    country: Annotated[Optional[str], typer.Option(help="Only events with this state (ISO-3) or organisation as a party.")] = None,
    pair: Annotated[Optional[str], typer.Option(help="Only events between two parties, in either direction: 'EGY,ITA'.")] = None,
    code: Annotated[Optional[str], typer.Option(help="Only this CAMEO code or its sub-codes ('042', '04').")] = None,
    root: Annotated[Optional[str], typer.Option(help="Only this CAMEO root ('04').")] = None,
    since: Annotated[Optional[str], typer.Option(help="Events dated on or after YYYY-MM-DD (documents: published).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Events dated on or before YYYY-MM-DD (documents: published).")] = None,
    topic: Annotated[Optional[str], typer.Option(help="Only events with this topic.")] = None,
    all_modalities: Annotated[bool, typer.Option("--all", help="Also negated, cancelled, conditional and hypothetical events.")] = False,
    min_articles: Annotated[int, typer.Option(help="Only events reported by at least this many documents.", min=1)] = 1,
    header: Annotated[bool, typer.Option("--header/--no-header", help="gdelt: write a header row (GDELT's own files have none).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Export stored data in the field's formats, streaming (constant memory whatever the size).
    Parquet columns are documented in docs/EXPORTS.md."""
    from .export import FORMATS, WHATS, Filters, export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if what not in WHATS:
        raise typer.BadParameter(f"must be one of {', '.join(WHATS)}", param_hint="--what")
    if fmt == "parquet" and not output:
        raise typer.BadParameter("Parquet is written to a file or folder: give -o PATH", param_hint="--output")
    filters = Filters(country=country, pair=_pair(pair), code=code, root=root, since=since, until=until, topic=topic,
                      modalities=None if all_modalities else ("realized", "planned"), min_articles=min_articles)
    settings = _settings(config, db=db)
    with _open_store(settings, create=False) as store, _progress(f"export {what}", quiet or not output) as progress:
        task = progress.add_task("export", total=None)
        try:
            n = export(store, fmt=fmt, what=what, output=output, filters=filters, header=header,
                       on_row=lambda k: progress.update(task, advance=k))
        except ValueError as exc:
            _fail(str(exc), 2)
            raise
    if output:
        err.print(f"{n} {what} written to {escape(output)}")




