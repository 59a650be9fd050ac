"""``watchfloor stats``: counts per table and per source, and the last runs."""

from __future__ import annotations

import typer

from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, open_store


def stats_cli(db: DbOption = DEFAULT_DB_PATH, fmt: FormatOption = "table") -> None:
    """Show what the database holds: tables, articles by status, sources, recent runs."""
    check_format(fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        stats = store.stats()
    if fmt == "json":
        output.print_json(stats)
        return
    output.print_table(
        f"{stats['path']} (schema {stats['schema_version']})",
        ("table", "rows"),
        [(name, f"{count:,}") for name, count in stats["tables"].items()],
    )
    statuses = ", ".join(f"{k}: {v:,}" for k, v in stats["articles_by_status"].items()) or "none"
    languages = ", ".join(f"{k}: {v:,}" for k, v in stats["languages"].items()) or "none"
    output.stdout.print(
        f"articles by status: {statuses}\nlanguages: {languages}\n"
        f"near-duplicates: {stats['duplicates']:,}; undated: {stats['undated']:,}",
        highlight=False,
    )
    output.print_table(
        "Sources",
        ("source", "articles", "duplicates", "processed", "first", "last"),
        [tuple(s.values()) for s in stats["sources"]],
    )
    output.print_table(
        "Last runs",
        ("run", "command", "status", "started", "counts"),
        [
            (
                r["id"][:8],
                r["command"],
                r["status"],
                f"{r['started']:%Y-%m-%d %H:%M}",
                " ".join(f"{k}={v}" for k, v in r["counts"].items() if v),
            )
            for r in stats["runs"]
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_cli)
