"""``watchfloor show ARTICLE_ID``: a stored article with its paragraphs, sentences and quotes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..types import Speaker, quote_record
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store, resolve_article
from .quotes import quote_line


def show_cli(
    article_id: Annotated[str, typer.Argument(help="Article id, a unique prefix of it, or its source id.")],
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "text",
) -> None:
    """Print one article: metadata, each paragraph with its sentences numbered, then its quotes."""
    check_format(fmt, ("text", "json"))
    with open_store(db, read_only=True) as store:
        full_id = resolve_article(store, article_id)
        found = store.article(full_id)
        quotes, speakers = store.article_quotes(full_id)
    assert found is not None
    record, sentences = found
    text = record.pop("text")
    speaker_of: dict[int | None, Speaker] = {s.index: s for s in speakers}
    if fmt == "json":
        record["text"] = text
        record["sentences"] = [s.to_dict() | {"text": text[s.start : s.end]} for s in sentences]
        record["quotes"] = [quote_record(q, speaker_of.get(q.speaker)) for q in quotes]
        record["speakers"] = [s.to_dict() for s in speakers]
        output.print_json(record)
        return
    for key in (
        "id",
        "title",
        "source",
        "url",
        "published",
        "date_source",
        "language",
        "status",
        "duplicate_of",
        "origin",
    ):
        if record.get(key) is not None:
            output.stdout.print(Text(f"{key:>13}: ", style="bold") + Text(str(record[key])))
    output.stdout.print(
        Text(f"{'counts':>13}: ", style="bold")
        + Text(f"{len(record['paragraphs'])} paragraphs, {len(sentences)} sentences, {len(quotes)} quotes, ")
        + Text(f"{record['word_count']} words")
    )
    by_paragraph: dict[int, list[tuple[int, int, int]]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append((s.index, s.start, s.end))
    for number, (start, end) in enumerate(record["paragraphs"]):
        output.stdout.print(Text(f"\n¶{number}", style="bold magenta"))
        parts = by_paragraph.get(number)
        if not parts:
            output.stdout.print(text[start:end], highlight=False, markup=False)
            continue
        for index, s_start, s_end in parts:
            output.stdout.print(Text(f"  [{index}] ", style="cyan") + Text(text[s_start:s_end]))
    if quotes:
        output.stdout.print(Text("\nQuotes", style="bold magenta"))
    for quote in quotes:
        output.stdout.print(
            Text(f"  q{quote.index} ", style="cyan")
            + Text(f"[{quote.sentence}] ", style="dim")
            + Text(quote_line(quote, speaker_of.get(quote.speaker)))
        )


def register(app: typer.Typer) -> None:
    app.command("show")(show_cli)
