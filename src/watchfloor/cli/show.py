"""``watchfloor show ARTICLE_ID``: a stored article with its paragraphs, sentences, quotes, actors,
places and events."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..types import Mention, Place, Speaker, quote_record
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store, resolve_article
from .events import event_line
from .quotes import quote_line


def show_cli(
    article_id: Annotated[str, typer.Argument(help="Article id, a unique prefix of it, or its source id.")],
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "text",
) -> None:
    """Print one article: metadata, each paragraph with its sentences numbered, then its quotes,
    its actors (each with every mention of it), its places and its events (negated and
    hypothetical ones flagged)."""
    check_format(fmt, ("text", "json"))
    with open_store(db, read_only=True) as store:
        full_id = resolve_article(store, article_id)
        found = store.article(full_id)
        quotes, speakers = store.article_quotes(full_id)
        mentions = store.article_mentions(full_id)
        places = store.article_places(full_id)
        events = store.article_events(full_id)
    assert found is not None
    record, sentences = found
    text = record.pop("text")
    speaker_of: dict[int | None, Speaker] = {s.index: s for s in speakers}
    if fmt == "json":
        record["text"] = text
        record["sentences"] = [s.to_dict() | {"text": text[s.start : s.end]} for s in sentences]
        record["quotes"] = [quote_record(q, speaker_of.get(q.speaker)) for q in quotes]
        record["speakers"] = [s.to_dict() for s in speakers]
        record["mentions"] = [m.to_dict() for m in mentions]
        record["places"] = [p.to_dict() for p in places]
        record["events"] = [e.to_dict() for e in events]
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
        + Text(f"{len(mentions)} actor mentions, {len(places)} places, {len(events)} events, ")
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
    if mentions:
        output.stdout.print(Text("\nActors", style="bold magenta"))
    for line in actor_lines(mentions):
        output.stdout.print(Text("  ") + line)
    if places:
        output.stdout.print(Text("\nPlaces", style="bold magenta"))
    for line in place_lines(places):
        output.stdout.print(Text("  ") + line)
    if events:
        output.stdout.print(Text("\nEvents", style="bold magenta"))
    for event in events:
        output.stdout.print(Text("  ") + event_line(event))


def actor_lines(mentions: list[Mention]) -> list[Text]:
    """One line per actor of the article (mentions sharing ``entity``), in order of first mention:
    ``RUSGOV Vladimir Putin, President (person, office): “Russia's President Vladimir Putin” [0],
    “Putin” [3]``; the number in brackets is the sentence."""
    by_entity: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    lines = []
    for group in by_entity.values():
        first = group[0]
        who = ", ".join(part for part in (first.name, first.role) if part)
        line = Text(f"{first.actor or '–'} ", style="cyan") + Text(who + " " if who else "")
        line += Text(f"({first.kind}, {first.resolved_by}): ", style="dim")
        line += Text(", ".join(f"“{m.text}” [{m.sentence}]" for m in group))
        lines.append(line)
    return lines


def place_lines(places: list[Place]) -> list[Text]:
    """One line per place, in order of first mention: ``Kyiv, UKR (city, 50.45, 30.52): “Kiev”
    [2], “Kyiv” [5]``; the number in brackets is the sentence."""
    by_place: dict[tuple[str, str, str | None], list[Place]] = {}
    for place in places:
        by_place.setdefault((place.kind, place.name, place.country), []).append(place)
    lines = []
    for (kind, name, country), group in by_place.items():
        first = group[0]
        located = first.lat is not None and first.lon is not None
        where = f", {first.lat:.2f}, {first.lon:.2f}" if located else ""
        line = Text(name + (f", {country}" if country else "") + " ", style="cyan")
        line += Text(f"({kind}{where}): ", style="dim")
        line += Text(", ".join(f"“{p.text}” [{p.sentence}]" for p in group))
        lines.append(line)
    return lines


def register(app: typer.Typer) -> None:
    app.command("show")(show_cli)
