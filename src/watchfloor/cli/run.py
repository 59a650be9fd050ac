"""``watchfloor run PATH...``: ingest, then process, then one summary."""

from __future__ import annotations

import time

import typer

from . import output
from .common import (
    DEFAULT_DB_PATH,
    ActorsOption,
    ConfigOption,
    DbOption,
    QuietOption,
    open_pipeline_settings,
    open_store,
)
from .ingest import FetchOption, NoDedupOption, PathsArgument, run_ingest
from .process import BatchOption, DuplicatesOption, WorkersOption, run_process


def run_cli(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB_PATH,
    config: ConfigOption = None,
    fetch: FetchOption = False,
    no_dedup: NoDedupOption = False,
    workers: WorkersOption = None,
    batch_size: BatchOption = None,
    include_duplicates: DuplicatesOption = False,
    actors: ActorsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Ingest the inputs and process everything pending, then print one summary."""
    started = time.perf_counter()
    settings = open_pipeline_settings(
        config,
        actors,
        workers=workers,
        batch_size=batch_size,
        dedup_enabled=False if no_dedup else None,
    )
    with open_store(db) as store:
        ingested = run_ingest(paths, store, settings, fetch=fetch, quiet=quiet, command="run")
        processed = run_process(
            store,
            settings,
            include_duplicates=include_duplicates,
            reprocess=False,
            quiet=quiet,
            command="run",
        )
        stored_sentences, stored_quotes, stored_events = store.query(
            "SELECT (SELECT count(*) FROM sentences), (SELECT count(*) FROM quotes),"
            " (SELECT count(*) FROM events)"
        )[0]
    seconds = time.perf_counter() - started
    rate = processed.articles / processed.seconds if processed.seconds else 0.0
    output.print_table(
        f"watchfloor run → {db}",
        ("", "count"),
        [
            ("inputs read", ingested.read),
            ("articles stored", ingested.stored),
            ("already stored", ingested.already_stored),
            ("near-duplicates found", ingested.duplicates),
            ("not English (stored, not processed)", ingested.not_english),
            ("inputs failed", ingested.failed),
            ("articles processed", processed.articles - processed.failed),
            ("sentences (this run)", processed.sentences),
            ("sentences (in database)", stored_sentences),
            ("quotes (this run)", processed.quotes),
            ("speakers (this run)", processed.speakers),
            ("actor mentions (this run)", processed.mentions),
            ("places (this run)", processed.places),
            ("events (this run)", processed.events),
            ("quotes (in database)", stored_quotes),
            ("events (in database)", stored_events),
            ("time taken", f"{seconds:.2f} s"),
            ("processing speed", f"{rate:.1f} articles/s, {processed.words_per_second:,.0f} words/s"),
        ],
    )
    raise typer.Exit(1 if ingested.failed or processed.failed else 0)


def register(app: typer.Typer) -> None:
    app.command("run")(run_cli)
