"""``watchfloor process``: run the NLP pipeline over pending articles."""

from __future__ import annotations

from typing import Annotated

import typer

from ..pipeline import ProcessReport, process_pending
from ..settings import Settings
from ..store import Store
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

WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=0, help="Worker processes (0 = choose).", show_default=False),
]
BatchOption = Annotated[
    int | None,
    typer.Option("--batch-size", "-b", min=1, help="Articles per nlp.pipe batch.", show_default=False),
]
DuplicatesOption = Annotated[
    bool, typer.Option("--include-duplicates", help="Also process near-duplicate copies.")
]
ReprocessOption = Annotated[
    bool, typer.Option("--reprocess", help="Process every article again (e.g. after a model change).")
]


def run_process(
    store: Store,
    settings: Settings,
    *,
    include_duplicates: bool,
    reprocess: bool,
    quiet: bool,
    command: str = "process",
) -> ProcessReport:
    if reprocess:
        store.reset_processed()
    pending, _ = store.count_pending(include_duplicates=include_duplicates)
    with output.progress_bar(pending, "processing", quiet=quiet or pending == 0) as advance:
        return process_pending(
            store,
            settings,
            command=command,
            workers=settings.workers,
            include_duplicates=include_duplicates,
            on_progress=advance,
        )


def print_process_summary(report: ProcessReport) -> None:
    output.print_table(
        "Process",
        (
            "articles",
            "failed",
            "sentences",
            "quotes",
            "speakers",
            "mentions",
            "places",
            "events",
            "words",
            "workers",
            "seconds",
            "articles/s",
            "words/s",
        ),
        [
            [
                report.articles,
                report.failed,
                report.sentences,
                report.quotes,
                report.speakers,
                report.mentions,
                report.places,
                report.events,
                report.words,
                report.workers,
                f"{report.seconds:.2f}",
                f"{report.articles_per_second:.1f}",
                f"{report.words_per_second:,.0f}",
            ]
        ],
    )


def process_cli(
    db: DbOption = DEFAULT_DB_PATH,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    batch_size: BatchOption = None,
    include_duplicates: DuplicatesOption = False,
    reprocess: ReprocessOption = False,
    actors: ActorsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Parse pending articles with spaCy and store their sentences, quotes, speakers, actor
    mentions, places and events.

    Safe to interrupt: finished batches are stored, and the next run continues with the rest.
    """
    settings = open_pipeline_settings(config, actors, workers=workers, batch_size=batch_size)
    with open_store(db) as store:
        report = run_process(
            store, settings, include_duplicates=include_duplicates, reprocess=reprocess, quiet=quiet
        )
    print_process_summary(report)
    raise typer.Exit(1 if report.failed else 0)


def register(app: typer.Typer) -> None:
    app.command("process")(process_cli)
