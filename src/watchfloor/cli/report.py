"""``watchfloor report --out DIR``: the watch report of a date range (an HTML page with charts,
tables and alerts, plus series.csv, alerts.json and the PNGs), from the store or a Parquet folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import output
from .common import DEFAULT_DB_PATH, DbOption, FromOption, ToOption
from .watching import (
    DuplicatesOption,
    FromParquetOption,
    HypotheticalOption,
    NegatedOption,
    WatchlistOption,
    counting,
    date_range,
    open_watch,
    period_option,
)


def report_cli(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for index.html, the charts, series.csv and alerts.json."),
    ],
    watchlist_file: WatchlistOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Period of the charts and tables: day, week or month (default: day up to 120 days,"
            " week up to 3 years, else month).",
            show_default=False,
        ),
    ] = None,
    include_negated: NegatedOption = False,
    include_hypothetical: HypotheticalOption = False,
    include_duplicates: DuplicatesOption = False,
    from_parquet: FromParquetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write the watch report of a date range (all the data by default) into a folder: one
    self-contained HTML page, OUT/index.html, with a chart and a table per watched dyad, the
    top actors and quotes, and the alerts with the sentences behind them; and the files it is
    made of (a PNG per dyad, series.csv, alerts.json).

    The alert pass runs first: with a database it stores the alerts not raised before (as
    `watchfloor alerts` does) and the report shows the watchlist's alerts as stored; with
    --from-parquet they are computed and not kept.
    """
    first, last = date_range(date_from, date_to)
    period = period_option(by) if by is not None else None
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder", param_hint="--out")

    from ..watch.alerts import run_alert_pass, stored_alerts
    from ..watch.report import write_report
    from ..watch.watchlist import load_watchlist

    watchlist = load_watchlist(watchlist_file)
    rules = counting(include_negated, include_hypothetical, include_duplicates)
    with open_watch(db, from_parquet, writable=True) as data:
        found, raised = run_alert_pass(data, watchlist, rules)
        alerts = found
        if data.keeps_alerts:
            # The stored copies: they say when they were first raised and keep their evidence as it was.
            ours = {alert.id for alert in found}
            alerts = [a for a in stored_alerts(data, since=first, until=last) if a.id in ours]
        result = write_report(
            data, watchlist, out, date_from=first, date_to=last, period=period, counting=rules, alerts=alerts
        )
    span = f"{result.date_from} to {result.date_to}" if result.date_from else "no events"
    kinds = ", ".join(f"{n:,} {kind}" for kind, n in result.alerts.items())
    kept = "stored" if data.keeps_alerts else "not kept"
    output.stderr.print(
        f"watchfloor report → {result.index}\n"
        f"range: {span}, by {result.period}\n"
        f"counted: {result.events:,} events, {result.articles:,} articles, {result.quotes:,} quotes\n"
        f"alerts in range: {kinds}; alert pass: {len(raised):,} new ({kept})\n"
        f"dyad charts: {result.charts} of {len(watchlist.dyads)}\n"
        f"files: {', '.join(path.name for path in result.paths)}\n"
        f"time taken: {result.seconds:.2f} s",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report_cli)
