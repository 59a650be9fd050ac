"""``watchfloor export TABLE --format jsonl|csv|parquet``: a table to a file or stdout;
``watchfloor export events --format gdelt|plover``: the events as GDELT 2.0 rows or PLOVER JSON;
``watchfloor export watch --out DIR``: the watch's tables as Parquet (or CSV) files, which
``dyad``, ``alerts`` and ``report`` read back with ``--from-parquet DIR``."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from ..errors import ConfigError
from ..exports import gdelt_line, plover_record
from ..store import EXPORTABLE, Store
from ..watch.source import export_watch
from . import output
from .common import DEFAULT_DB_PATH, DbOption, open_store

TABLE_FORMATS = ("jsonl", "csv", "parquet")
#: Formats of the events alone.
EVENT_FORMATS = ("gdelt", "plover")
FORMATS = TABLE_FORMATS + EVENT_FORMATS


@contextmanager
def _text_out(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def export_events(
    store: Store,
    fmt: str,
    out: Path | None,
    *,
    include_negated: bool = False,
    include_hypothetical: bool = False,
    include_duplicates: bool = False,
) -> int:
    """Write the stored events as GDELT 2.0 event rows (tab-separated, no header) or PLOVER JSON
    lines to ``out`` (stdout if ``None``); return how many."""
    records = store.events_for_export(
        include_negated=include_negated,
        include_hypothetical=include_hypothetical,
        include_duplicates=include_duplicates,
    )
    count = 0
    with _text_out(out) as handle:
        for record in records:
            if fmt == "gdelt":
                handle.write(gdelt_line(record))
            else:
                handle.write(json.dumps(plover_record(record), ensure_ascii=False) + "\n")
            count += 1
    return count


def export_cli(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(EXPORTABLE)}; or watch.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (default), csv or parquet; for events also gdelt or plover; watch: parquet or csv.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (stdout if omitted; not for parquet).")
    ] = None,
    include_negated: Annotated[
        bool, typer.Option("--include-negated", help="gdelt/plover: also negated events.")
    ] = False,
    include_hypothetical: Annotated[
        bool, typer.Option("--include-hypothetical", help="gdelt/plover: also hypothetical events.")
    ] = False,
    include_duplicates: Annotated[
        bool, typer.Option("--include-duplicates", help="gdelt/plover: also events of near-duplicates.")
    ] = False,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Export a table (articles, paragraphs, sentences, sentence_texts, quotes, speakers, mentions,
    places, events, event_rows, daily_events, watch_events, watch_quotes, alerts, alert_evidence,
    runs, problems).

    `export watch --out DIR` writes watch_events, watch_quotes, alerts and alert_evidence as
    Parquet (default) or CSV files into DIR; `dyad`, `alerts` and `report --from-parquet DIR`
    read them back, here or on another machine.

    `export events --format gdelt` writes GDELT 2.0 event rows (61 tab-separated columns, no
    header); `--format plover` one PLOVER-style JSON object per event per line. Both leave out
    negated, hypothetical and near-duplicate events unless asked for (see the README).
    """
    fmt = fmt or ("parquet" if table == "watch" else "jsonl")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if table == "watch":
        if out is None:
            raise ConfigError("export watch needs --out DIR")
        if fmt not in ("parquet", "csv"):
            raise typer.BadParameter("watch is written as parquet or csv", param_hint="--format")
        with open_store(db, read_only=True) as store:
            written = export_watch(store, out, fmt)
        for name, rows in written.items():
            output.stderr.print(f"wrote {rows:,} rows to {out / name}", highlight=False)
        return
    if table not in EXPORTABLE:
        raise typer.BadParameter(f"must be one of {', '.join(EXPORTABLE)}", param_hint="TABLE")
    if fmt in EVENT_FORMATS and table != "events":
        raise typer.BadParameter(f"{fmt} is a format of the events only", param_hint="--format")
    flags = {
        "include_negated": include_negated,
        "include_hypothetical": include_hypothetical,
        "include_duplicates": include_duplicates,
    }
    if fmt in TABLE_FORMATS and any(flags.values()):
        raise typer.BadParameter("--include-* go with --format gdelt or plover", param_hint="--format")
    if out is None and fmt == "parquet":
        raise ConfigError("parquet needs --out FILE")
    with open_store(db, read_only=True) as store:
        if fmt in EVENT_FORMATS:
            rows = export_events(store, fmt, out, **flags)
            if out is not None:
                output.stderr.print(f"wrote {rows:,} events as {fmt} to {out}", highlight=False)
            return
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
