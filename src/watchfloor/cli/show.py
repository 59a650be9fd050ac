"""``watchfloor show ARTICLE_ID``: a stored article with its paragraphs and sentence boundaries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..errors import ConfigError
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store


def show_cli(
    article_id: Annotated[str, typer.Argument(help="Article id, a unique prefix of it, or its source id.")],
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "text",
) -> None:
    """Print one article: metadata, then each paragraph with its sentences numbered."""
    check_format(fmt, ("text", "json"))
    with open_store(db, read_only=True) as store:
        matches = store.find_article_id(article_id)
        if len(matches) != 1:
            what = "no article" if not matches else f"{len(matches)} articles"
            raise ConfigError(f"{what} matching {article_id!r}")
        found = store.article(matches[0])
    assert found is not None
    record, sentences = found
    text = record.pop("text")
    if fmt == "json":
        record["text"] = text
        record["sentences"] = [s.to_dict() | {"text": text[s.start : s.end]} for s in sentences]
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
        + Text(f"{len(record['paragraphs'])} paragraphs, {len(sentences)} sentences, ")
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


def register(app: typer.Typer) -> None:
    app.command("show")(show_cli)
