"""``watchfloor quotes``: stored quotes, filtered by speaker, article or content."""

from __future__ import annotations

from typing import Annotated

import typer

from ..types import Quote, Speaker
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store, resolve_article

#: Longest quote content shown in a table cell.
CONTENT_WIDTH = 100


def speaker_label(speaker: Speaker | None, mention: str | None) -> str:
    """``Anna Berg (Foreign Minister, Norway)``: the entity's name with its role and
    organisation; the mention at the quote when the speaker is unresolved."""
    if speaker is None:
        return mention or "(unattributed)"
    if speaker.name is None:
        return speaker.mention
    detail = ", ".join(part for part in (speaker.role, speaker.organization) if part)
    return f"{speaker.name} ({detail})" if detail else speaker.name


def quote_line(quote: Quote, speaker: Speaker | None) -> str:
    """``Anna Berg (direct, said): “We will not back down”``, with the speaker's actor code
    after the name when it has one: ``Anna Berg [NORGOV] (direct, said): …``."""
    how = quote.kind if quote.cue is None else f"{quote.kind}, {quote.cue}"
    name = (speaker.name or speaker.mention) if speaker is not None else quote.speaker_mention
    code = f" [{speaker.actor}]" if speaker is not None and speaker.actor else ""
    return f"{name or '(unattributed)'}{code} ({how}): “{quote.text}”"


def shorten(text: str, width: int = CONTENT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def quotes_cli(
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", "-s", help="Part of the speaker's name, role or mention (any case)."),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option("--article", "-a", help="Article id, a unique prefix of it, or its source id."),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Part of the quote's content (any case).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N quotes.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "table",
) -> None:
    """List stored quotes with their speakers (and the speaker's actor code), newest articles first.

    --format json: one object per quote per line, with the speaker entity and the article.
    """
    check_format(fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        article_id = resolve_article(store, article) if article is not None else None
        records = store.quotes(speaker=speaker, article=article_id, search=search, limit=limit)
    if fmt == "json":
        for record in records:
            output.print_json_line(record)
        return
    if not records:
        output.stderr.print("no quotes match", highlight=False)
        return
    rows = []
    for record in records:
        entity = Speaker.from_dict(record["speaker"]) if record["speaker"] else None
        rows.append(
            (
                speaker_label(entity, record["speaker_mention"]),
                entity.actor if entity is not None else None,
                record["kind"],
                record["cue"],
                shorten(record["text"]),
                record["article_id"][:8],
            )
        )
    output.print_table(
        f"{len(records):,} quote{'s' if len(records) != 1 else ''}",
        ("speaker", "actor", "kind", "cue", "quote", "article"),
        rows,
    )


def register(app: typer.Typer) -> None:
    app.command("quotes")(quotes_cli)
