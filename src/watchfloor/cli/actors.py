"""``watchfloor actors …``: the actor dictionary at work (``actors lookup``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from . import output
from .common import (
    ActorsOption,
    ConfigOption,
    FormatOption,
    check_actors_file,
    check_format,
    day_option,
    open_settings,
)

actors_app = typer.Typer(
    name="actors",
    help="Look up how phrases resolve to actor codes with the actor dictionary.",
    no_args_is_help=True,
)

#: The mention fields ``actors lookup`` shows, in its table's column order.
MENTION_COLUMNS = ("text", "kind", "actor", "country", "sector", "name", "role", "resolved_by")


def lookup_record(text: str, day: dt.date | None, actors: Path | None, settings: Any) -> dict[str, Any]:
    """The mentions of ``text`` on ``day`` and, as the reason, every dictionary phrase in it with
    all its meanings: the object ``actors lookup --format json`` prints."""
    from ..nlp import load_nlp
    from ..stages.actors import lookup

    extra = (str(actors),) if actors is not None else ()
    found = lookup(text, day=day, nlp=load_nlp(settings.model), extra=extra)
    return {
        "text": found.text,
        "date": found.day.isoformat(),
        "mentions": [m.to_dict() for m in found.mentions],
        "why": [
            {"phrase": hit.text, "start": hit.start, "end": hit.end, "meanings": found.meanings(hit)}
            for hit in found.hits
        ],
    }


@actors_app.command("lookup")
def lookup_cli(
    text: Annotated[
        str, typer.Argument(help='A phrase or sentence, e.g. "Russia\'s President Vladimir Putin".')
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="The day offices are looked up on (YYYY-MM-DD); default today.", show_default=False
        ),
    ] = None,
    actors: ActorsOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Resolve the actors of TEXT on a date, and show why.

    The mentions are those the actor stage would find in an article of that date; below them,
    each phrase of the actor dictionary found in TEXT with every meaning it can have."""
    check_format(fmt, ("table", "json"))
    day = day_option(date, "--date")
    settings = open_settings(config)
    if actors is not None:
        check_actors_file(str(actors))
    record = lookup_record(text, day, actors, settings)
    if fmt == "json":
        output.print_json(record)
        return
    mentions = record["mentions"]
    if mentions:
        output.print_table(
            f"{text} ({record['date']})",
            tuple(c.replace("_", " ") for c in MENTION_COLUMNS),
            [[m[c] for c in MENTION_COLUMNS] for m in mentions],
        )
    else:
        output.stdout.print(f"no actors found in {text!r} on {record['date']}", highlight=False)
    output.stdout.print(Text("why", style="bold magenta"))
    if not record["why"]:
        output.stdout.print("  no phrase of the actor dictionary in the text", highlight=False)
    for hit in record["why"]:
        output.stdout.print(Text(f"  “{hit['phrase']}”", style="cyan"))
        for meaning in hit["meanings"]:
            output.stdout.print(Text(f"    {meaning}"))


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")
