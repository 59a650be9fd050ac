"""``watchfloor mentions`` and ``watchfloor places``: stored actor mentions and places."""

from __future__ import annotations

from typing import Annotated

import typer

from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store, resolve_article

ArticleOption = Annotated[
    str | None,
    typer.Option("--article", "-a", help="Article id, a unique prefix of it, or its source id."),
]
LimitOption = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")]


def mentions_cli(
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="Actor code or its start, any case: RUS matches RUS, RUSGOV, RUSMIL (RUS* too).",
        ),
    ] = None,
    article: ArticleOption = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="country, government, igo, organization, person or agent."),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Part of the mention as written or its name (any case).")
    ] = None,
    limit: LimitOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "table",
) -> None:
    """List stored actor mentions with their codes, newest articles first.

    --format json: one object per mention per line, with the article.
    """
    check_format(fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        article_id = resolve_article(store, article) if article is not None else None
        records = store.mentions(actor=actor, article=article_id, kind=kind, search=search, limit=limit)
    if fmt == "json":
        for record in records:
            output.print_json_line(record)
        return
    if not records:
        output.stderr.print("no mentions match", highlight=False)
        return
    output.print_table(
        f"{len(records):,} mention{'s' if len(records) != 1 else ''}",
        ("text", "kind", "actor", "country", "sector", "name", "role", "resolved by", "article"),
        [
            (
                r["text"],
                r["kind"],
                r["actor"],
                r["country"],
                r["sector"],
                r["name"],
                r["role"],
                r["resolved_by"],
                f"{r['article_id'][:8]} [{r['sentence']}]",
            )
            for r in records
        ],
    )


def places_cli(
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166 alpha-3 code of the country (any case).")
    ] = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "table",
) -> None:
    """List stored places (cities, countries, US states, regions), newest articles first.

    --format json: one object per place per line, with the article.
    """
    check_format(fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        article_id = resolve_article(store, article) if article is not None else None
        records = store.places(country=country, article=article_id, limit=limit)
    if fmt == "json":
        for record in records:
            output.print_json_line(record)
        return
    if not records:
        output.stderr.print("no places match", highlight=False)
        return
    output.print_table(
        f"{len(records):,} place{'s' if len(records) != 1 else ''}",
        ("text", "kind", "name", "country", "admin1", "lat", "lon", "geonames", "article"),
        [
            (
                r["text"],
                r["kind"],
                r["name"],
                r["country"],
                r["admin1"],
                None if r["lat"] is None else f"{r['lat']:.4f}",
                None if r["lon"] is None else f"{r['lon']:.4f}",
                r["geonames_id"],
                f"{r['article_id'][:8]} [{r['sentence']}]",
            )
            for r in records
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("mentions")(mentions_cli)
    app.command("places")(places_cli)
