"""``watchfloor dyad SOURCE TARGET``: how a pair of actors is trending, period by period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ConfigError
from ..watch.series import COLUMNS, dyad_series, write_series
from ..watch.watchlist import Dyad, code_patterns, load_watchlist
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FromOption, ToOption, check_format
from .watching import (
    DuplicatesOption,
    FromParquetOption,
    HypotheticalOption,
    NegatedOption,
    PeriodOption,
    WatchlistOption,
    counting,
    date_range,
    open_watch,
    period_option,
)

FORMATS = ("table", "json", "csv", "parquet")


def _number(value: Any, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def dyad_cli(
    source: Annotated[
        str | None,
        typer.Argument(
            help="Source actor code(s): RUS, RUS*, IGOWSTNAT, USA,GBR or *. Omit both codes for every"
            " dyad of the watchlist.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None, typer.Argument(help="Target actor code(s), as SOURCE.", show_default=False)
    ] = None,
    both: Annotated[bool, typer.Option("--both", help="Both directions: SOURCE→TARGET and back.")] = False,
    by: PeriodOption = "week",
    date_from: FromOption = None,
    date_to: ToOption = None,
    include_negated: NegatedOption = False,
    include_hypothetical: HypotheticalOption = False,
    include_duplicates: DuplicatesOption = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or parquet.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File for csv or parquet (csv: stdout if omitted).")
    ] = None,
    watchlist_file: WatchlistOption = None,
    from_parquet: FromParquetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Print a dyad's series, or without codes those of every watchlist dyad: events per period
    by quad class, Goldstein sum and mean, the conflict–cooperation balance and the escalation
    index (see the README).

    Actor codes match every code that starts with them (RUS matches RUSGOV, RUSMIL). Periods
    without events are shown as zeros. Negated, hypothetical, undated and near-duplicate events
    are not counted unless asked for. csv and parquet hold every column, for all the dyads.
    """
    check_format(fmt, FORMATS)
    period = period_option(by)
    first, last = date_range(date_from, date_to)
    if fmt == "parquet" and out is None:
        raise ConfigError("parquet needs --out FILE")
    if (source is None) != (target is None):
        raise typer.BadParameter("give both SOURCE and TARGET, or neither for the watchlist's dyads")
    if source is not None and target is not None:
        try:
            dyads = [
                Dyad(
                    name=f"{source} {'↔' if both else '→'} {target}",
                    source=code_patterns(source, "SOURCE"),
                    target=code_patterns(target, "TARGET"),
                    both=both,
                )
            ]
        except ConfigError as e:
            raise typer.BadParameter(str(e)) from None
    else:
        dyads = list(load_watchlist(watchlist_file).dyads)
    name = dyads[0].name if len(dyads) == 1 else f"{len(dyads)} watched dyads"
    with open_watch(db, from_parquet, writable=False) as data:
        rows = dyad_series(
            data.con,
            dyads,
            period=period,
            counting=counting(include_negated, include_hypothetical, include_duplicates),
            date_from=first,
            date_to=last,
        )
    if fmt in ("csv", "parquet") and out is not None:
        write_series(rows, fmt, out)
        output.stderr.print(f"wrote {len(rows):,} {period} rows of {name} to {out}", highlight=False)
        return
    if fmt == "csv":
        output.write_csv(COLUMNS, [[row[c] for c in COLUMNS] for row in rows])
        return
    if fmt == "json":
        for row in rows:
            output.print_json_line(row)
        return
    if not rows:
        output.stderr.print(f"no counted events for {name}", highlight=False)
        return
    for dyad in dyads:
        print_series(dyad.name, period, [r for r in rows if r["dyad"] == dyad.name])
    output.stderr.print(
        "vcoop/mcoop/vconf/mconf: verbal and material cooperation and conflict; bal.: (coop - conflict)"
        " / events; index: escalation index (alerts at 3 by default)",
        style="dim",
        highlight=False,
    )


def print_series(name: str, period: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        output.stderr.print(f"no counted events for {name}", highlight=False)
        return
    output.print_table(
        f"{name} by {period}: {sum(r['events'] for r in rows):,} events",
        ("period", "events", "vcoop", "mcoop", "vconf", "mconf", "Gold.", "mean", "bal.", "index"),
        [
            (
                r["period"].isoformat(),
                r["events"],
                r["verbal_cooperation"],
                r["material_cooperation"],
                r["verbal_conflict"],
                r["material_conflict"],
                _number(r["goldstein_sum"]),
                _number(r["goldstein_mean"]),
                _number(r["balance"], 2),
                _number(r["escalation"]),
            )
            for r in rows
        ],
        numbers=True,
    )


def register(app: typer.Typer) -> None:
    app.command("dyad")(dyad_cli)
