"""Options the watch commands (``dyad``, ``alerts``, ``report``) share, and opening their data:
the store, or a folder of Parquet files (``--from-parquet``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from ..errors import StoreError
from ..watch.series import Counting
from ..watch.source import WatchData
from ..watch.watchlist import PERIODS
from .common import day_option, open_store

WatchlistOption = Annotated[
    Path | None,
    typer.Option(
        "--watchlist",
        envvar="WATCHFLOOR_WATCHLIST",
        help="Watchlist YAML (dyads, actors, keywords, thresholds); ours if omitted.",
        show_default=False,
    ),
]
FromParquetOption = Annotated[
    Path | None,
    typer.Option(
        "--from-parquet",
        help="Read watch_events/watch_quotes Parquet files from this folder instead of --db.",
        show_default=False,
    ),
]
PeriodOption = Annotated[str, typer.Option("--by", help="Period: day, week or month.")]
NegatedOption = Annotated[
    bool, typer.Option("--include-negated", help="Also count events that did not happen.")
]
HypotheticalOption = Annotated[
    bool, typer.Option("--include-hypothetical", help="Also count events that might happen.")
]
DuplicatesOption = Annotated[
    bool, typer.Option("--include-duplicates", help="Also count events of near-duplicate articles.")
]


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    first, last = day_option(date_from, "--from"), day_option(date_to, "--to")
    if first and last and first > last:
        raise typer.BadParameter("--from is after --to", param_hint="--from")
    return first, last


def period_option(value: str) -> str:
    if value not in PERIODS:
        raise typer.BadParameter(f"must be one of {', '.join(PERIODS)}", param_hint="--by")
    return value


def counting(negated: bool, hypothetical: bool, duplicates: bool) -> Counting:
    return Counting(include_negated=negated, include_hypothetical=hypothetical, include_duplicates=duplicates)


@contextmanager
def open_watch(db: Path, from_parquet: Path | None, *, writable: bool) -> Iterator[WatchData]:
    """The watch's data: Parquet files when ``from_parquet`` is given, else the store at ``db``
    (opened for writing when ``writable``, so that alerts can be stored)."""
    if from_parquet is not None:
        data = WatchData.from_parquet(from_parquet)
        try:
            yield data
        finally:
            data.con.close()
        return
    if not db.exists():
        raise StoreError(f"no database at {db} (run `watchfloor run` first, or use --from-parquet)")
    with open_store(db, read_only=not writable) as store:
        yield WatchData.from_store(store)
