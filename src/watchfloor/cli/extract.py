"""``watchfloor extract FILE...``: the whole pipeline in memory, results on stdout, no database."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.text import Text

from ..errors import Problem
from ..extraction import Extraction, extract_many
from ..sources import iter_raw_articles
from . import output
from .common import ActorsOption, ConfigOption, open_pipeline_settings
from .events import event_line
from .ingest import FetchOption, PathsArgument
from .quotes import quote_line


def print_extraction(result: Extraction) -> None:
    """A readable summary of one article: title and id line, counts, one line per quote, then the
    actor codes (most frequent first), the places it names and one line per event."""
    article = result.article
    output.stdout.print(
        Text(article.title or "(untitled)", style="bold")
        + Text(f"  {article.id} · {article.origin} · {article.published or 'undated'}", style="dim")
    )
    if result.note is not None:
        output.stdout.print(Text(f"  not processed: {result.note}", style="yellow"))
    else:
        counts = (
            (len(result.sentences), "sentence"),
            (len(result.quotes), "quote"),
            (len(result.mentions), "actor mention"),
            (len(result.places), "place"),
            (len(result.events), "event"),
        )
        output.stdout.print(
            "  " + ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts), highlight=False
        )
    for quote in result.quotes:
        output.stdout.print(Text("  ") + Text(quote_line(quote, result.speaker_of(quote))))
    actors = Counter(m.actor for m in result.mentions if m.actor)
    if actors:
        listed = ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in actors.most_common())
        output.stdout.print(Text("  actors: ", style="bold") + Text(listed))
    places = dict.fromkeys(f"{p.name} ({p.country})" if p.country else p.name for p in result.places)
    if places:
        output.stdout.print(Text("  places: ", style="bold") + Text(", ".join(places)))
    for event in result.events:
        output.stdout.print(Text("  ") + event_line(event))
    output.stdout.print()


def extract_cli(
    paths: PathsArgument,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per article per line (format in the README).")
    ] = False,
    config: ConfigOption = None,
    fetch: FetchOption = False,
    actors: ActorsOption = None,
) -> None:
    """Extract sentences, quotes, speakers, actor mentions, places and events from articles, without a
    database.

    Inputs are read and cleaned as by ingest, then processed in memory; nothing is stored.

    No near-duplicate detection: every input is extracted. Non-English articles: empty lists, a note.

    Bad inputs are listed on stderr with file and line and skipped; the exit code is then 1.
    """
    settings = open_pipeline_settings(config, actors)
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
