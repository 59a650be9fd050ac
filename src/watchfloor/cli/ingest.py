"""``watchfloor ingest PATH...``: read articles into the store."""

from __future__ import annotations

from typing import Annotated

import typer

from ..ingestion import IngestReport, ingest
from ..settings import Settings
from ..store import Store
from ..types import Article
from . import output
from .common import DEFAULT_DB_PATH, ConfigOption, DbOption, QuietOption, open_settings, open_store

PathsArgument = Annotated[
    list[str],
    typer.Argument(help="Files, folders (recursive), feed or page URLs, or - for stdin.", show_default=False),
]
FetchOption = Annotated[
    bool, typer.Option("--fetch", help="Download the linked page of feed entries that carry only a teaser.")
]
NoDedupOption = Annotated[bool, typer.Option("--no-dedup", help="Do not group near-duplicate stories.")]


def run_ingest(
    paths: list[str], store: Store, settings: Settings, *, fetch: bool, quiet: bool, command: str = "ingest"
) -> IngestReport:
    """Ingest as a recorded run, printing problems as they are found."""
    return ingest(
        paths,
        store,
        settings,
        command=command,
        fetch=fetch,
        on_problem=output.problem,
        on_article=None if quiet else _print_article,
    )


def _print_article(article: Article, outcome: str) -> None:
    if outcome == "duplicate":
        message = f"near-duplicate of {article.duplicate_of}; stored as {article.id}, not processed"
    elif outcome == "already stored":
        message = f"already stored as {article.id}"
    else:
        return
    output.stderr.print(f"{article.origin}: {message}", highlight=False)


def print_ingest_summary(report: IngestReport) -> None:
    output.print_table(
        "Ingest",
        (
            "read",
            "stored",
            "already stored",
            "near-duplicates",
            "not English",
            "failed",
            "warnings",
            "seconds",
        ),
        [
            [
                report.read,
                report.stored,
                report.already_stored,
                report.duplicates,
                report.not_english,
                report.failed,
                len(report.problems) - report.failed,
                f"{report.seconds:.2f}",
            ]
        ],
    )


def ingest_cli(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB_PATH,
    config: ConfigOption = None,
    fetch: FetchOption = False,
    no_dedup: NoDedupOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read articles (text, JSONL, HTML, RSS/Atom, folders, URLs, stdin) into the database.

    Re-ingesting an article is a no-op; near-duplicates are stored with duplicate_of set.
    Bad inputs are listed with file and line and skipped; the exit code is then 1.
    """
    settings = open_settings(config, dedup_enabled=False if no_dedup else None)
    with open_store(db) as store:
        report = run_ingest(paths, store, settings, fetch=fetch, quiet=quiet)
    print_ingest_summary(report)
    raise typer.Exit(1 if report.failed else 0)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_cli)
