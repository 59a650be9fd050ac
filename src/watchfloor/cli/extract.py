"""``watchfloor extract FILE...``: the whole pipeline in memory, results on stdout, no database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..errors import Problem
from ..extraction import Extraction, extract_many
from ..sources import iter_raw_articles
from . import output
from .common import ConfigOption, open_settings
from .ingest import FetchOption, PathsArgument
from .quotes import quote_line


def print_extraction(result: Extraction) -> None:
    """A readable summary of one article: title and id line, counts, then one line per quote."""
    article = result.article
    output.stdout.print(
        Text(article.title or "(untitled)", style="bold")
        + Text(f"  {article.id} · {article.origin} · {article.published or 'undated'}", style="dim")
    )
    if result.note is not None:
        output.stdout.print(Text(f"  not processed: {result.note}", style="yellow"))
    else:
        count = len(result.quotes)
        output.stdout.print(
            f"  {len(result.sentences)} sentences, {count} quote{'s' if count != 1 else ''}",
            highlight=False,
        )
    for quote in result.quotes:
        output.stdout.print(Text("  ") + Text(quote_line(quote, result.speaker_of(quote))))
    output.stdout.print()


def extract_cli(
    paths: PathsArgument,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article per line (format in the README).")
    ] = False,
    config: ConfigOption = None,
    fetch: FetchOption = False,
) -> None:
    """Extract sentences, quotes and speakers from articles, without a database.

    Inputs are read and cleaned as by ingest, then processed in memory; nothing is stored.

    No near-duplicate detection: every input is extracted. Non-English articles: empty lists, a note.

    Bad inputs are listed on stderr with file and line and skipped; the exit code is then 1.
    """
    settings = open_settings(config)
    failed = 0

    def on_problem(problem: Problem) -> None:
        nonlocal failed
        failed += problem.skipped
        output.problem(problem)

    items = iter_raw_articles(paths, max_article_bytes=settings.max_article_bytes, fetch=fetch)
    for result in extract_many(items, settings=settings, on_problem=on_problem):
        if as_json:
            output.print_json_line(result.to_dict())
        else:
            print_extraction(result)
    raise typer.Exit(1 if failed else 0)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cli)
