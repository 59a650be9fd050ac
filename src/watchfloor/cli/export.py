"""``watchfloor export TABLE --format jsonl|csv|parquet``: a table to a file or stdout."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError
from ..store import EXPORTABLE
from . import output
from .common import DEFAULT_DB_PATH, DbOption, open_store

FORMATS = ("jsonl", "csv", "parquet")


def export_cli(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(EXPORTABLE)}.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (stdout if omitted; not for parquet).")
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Export a table (articles, paragraphs, sentences, sentence_texts, quotes, speakers, mentions,
    places, runs, problems)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if table not in EXPORTABLE:
        raise typer.BadParameter(f"must be one of {', '.join(EXPORTABLE)}", param_hint="TABLE")
    if out is None and fmt == "parquet":
        raise ConfigError("parquet needs --out FILE")
    with open_store(db, read_only=True) as store:
        if out is not None:
            rows = store.export(table, fmt, str(out))
            output.stderr.print(f"wrote {rows:,} rows of {table} to {out}", highlight=False)
            return
        # DuckDB writes files; for stdout go through a temporary file and copy it across.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"export.{fmt}"
            store.export(table, fmt, str(path))
            with path.open("rb") as exported:
                shutil.copyfileobj(exported, sys.stdout.buffer)
            sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("export")(export_cli)
