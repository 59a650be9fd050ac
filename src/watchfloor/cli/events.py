"""``watchfloor events``: stored events (who did what to whom), or their counts per day."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from ..exports import cameo_label
from ..types import Event
from . import output
from .common import (
    DEFAULT_DB_PATH,
    DbOption,
    FormatOption,
    FromOption,
    ToOption,
    check_format,
    day_option,
    open_store,
    resolve_article,
)
from .mentions import ArticleOption, LimitOption

#: Evidence longer than this is cut in the table (the JSON has it whole).
EVIDENCE_WIDTH = 80
FLAGS = ("negated", "hypothetical", "future", "reported")


def _root(value: str | None) -> str | None:
    if value is None:
        return None
    roots = [r.strip() for r in value.split(",")]
    if not roots or not all(r.isdigit() and 1 <= len(r) <= 2 and 1 <= int(r) <= 20 for r in roots):
        raise typer.BadParameter(f"{value!r} is not a CAMEO root (01 to 20)", param_hint="--root")
    return ",".join(r.zfill(2) for r in roots)


def cut(text: str, width: int = EVIDENCE_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def flag_text(record: Any) -> str:
    """The flags an event has, comma-separated ("negated, reported"); from a dict or an Event."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name)
    return ", ".join(flag for flag in FLAGS if get(flag))


def code_text(cameo: str) -> str:
    """A CAMEO code with its label: ``112 Accuse, not specified below``."""
    label = cameo_label(cameo)
    return f"{cameo} {label}" if label else cameo


def event_line(event: Event) -> Text:
    """One event on one line: ``e2 [3] 2022-03-01 RUSMIL → UKR 190 Use conventional military
    force (reported) “Russian troops shelled Kharkiv”``; the number in brackets is the sentence."""
    line = Text(f"e{event.index} ", style="cyan") + Text(f"[{event.sentence}] ", style="dim")
    line += Text(f"{event.date or 'undated'} ", style="dim")
    line += Text(f"{event.source or '–'} → {event.target or '–'} ", style="bold")
    line += Text(code_text(event.cameo) + " ")
    flags = flag_text(event)
    if flags:
        line += Text(f"({flags}) ", style="yellow")
    return line + Text(f"“{cut(event.evidence)}”")


def events_cli(
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Source actor code or its start, any case: RUS matches RUSGOV, RUSMIL."
        ),
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Target actor code or its start, as --source.")
    ] = None,
    root: Annotated[
        str | None,
        typer.Option("--root", help="CAMEO root code, 01 to 20 (19: fight), or several: 18,19,20."),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    article: ArticleOption = None,
    include_negated: Annotated[
        bool, typer.Option("--include-negated", help="Also events that did not happen ('did not attack').")
    ] = False,
    include_hypothetical: Annotated[
        bool,
        typer.Option("--include-hypothetical", help="Also events that might happen ('would', 'if …')."),
    ] = False,
    include_duplicates: Annotated[
        bool,
        typer.Option(
            "--include-duplicates", help="Also events of near-duplicate articles (linked to the first)."
        ),
    ] = False,
    daily: Annotated[
        bool,
        typer.Option("--daily", help="Count events per day, source, target and code (plain events only)."),
    ] = False,
    limit: LimitOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "table",
) -> None:
    """List stored events, latest day first: who did what to whom, with the sentence it came from.

    Negated, hypothetical and near-duplicate events are left out unless asked for.
    --daily: one row per day, source, target and CAMEO code with the number of events and
    articles (never negated, hypothetical, undated or near-duplicate events).
    --format json: one object per event (or day row) per line.
    """
    check_format(fmt, ("table", "json"))
    first, last = day_option(date_from, "--from"), day_option(date_to, "--to")
    roots = _root(root)
    if daily and (include_negated or include_hypothetical or include_duplicates or article):
        raise typer.BadParameter(
            "--daily counts plain events of all articles; drop --include-* and --article",
            param_hint="--daily",
        )
    with open_store(db, read_only=True) as store:
        article_id = resolve_article(store, article) if article is not None else None
        if daily:
            rows = store.daily_events(
                source=source, target=target, root=roots, date_from=first, date_to=last, limit=limit
            )
        else:
            rows = store.events(
                source=source,
                target=target,
                root=roots,
                date_from=first,
                date_to=last,
                article=article_id,
                include_negated=include_negated,
                include_hypothetical=include_hypothetical,
                include_duplicates=include_duplicates,
                limit=limit,
            )
    if fmt == "json":
        for row in rows:
            output.print_json_line(row)
        return
    if not rows:
        output.stderr.print("no events match", highlight=False)
        return
    if daily:
        output.print_table(
            f"{len(rows):,} day row{'s' if len(rows) != 1 else ''}",
            ("date", "source", "code", "target", "events", "articles", "first event"),
            [
                (
                    r["date"],
                    r["source"],
                    code_text(r["cameo"]),
                    r["target"],
                    r["events"],
                    r["articles"],
                    r["first_event"],
                )
                for r in rows
            ],
        )
        return
    output.print_table(
        f"{len(rows):,} event{'s' if len(rows) != 1 else ''}",
        ("date", "source", "code", "target", "flags", "evidence", "article"),
        [
            (
                r["date"],
                r["source"],
                code_text(r["cameo"]),
                r["target"],
                ", ".join(filter(None, (flag_text(r), "duplicate" if r["duplicate_of_article"] else ""))),
                cut(r["evidence"]),
                f"{r['article_id'][:8]} [{r['sentence']}]",
            )
            for r in rows
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("events")(events_cli)
