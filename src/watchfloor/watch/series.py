"""Dyad time series and the escalation index, computed in DuckDB over ``watch_events``.

For each dyad and period (day, ISO week from Monday, or calendar month) a series row has:

- ``events`` and the four quad-class counts (verbal/material cooperation, verbal/material conflict);
- ``goldstein_sum`` and ``goldstein_mean`` (NULL when there are no events);
- ``balance``: (cooperation − conflict) / events, from −1 (all conflict) to +1 (all cooperation);
- ``material_conflict_share``: material-conflict events / events;
- ``conflict_mass``: the sum of −Goldstein over the conflictual events (Goldstein < 0), so that a
  day of talks does not hide a day of shelling: an armed attack adds 9–10, a threat 7;
- ``baseline_median`` and ``baseline_spread``: the median conflict mass of the ``baseline`` periods
  before this one and 1.4826 × their median absolute deviation (a robust standard deviation);
- ``escalation``: (conflict_mass − baseline_median) / max(baseline_spread, floor). The floor keeps a
  quiet dyad (spread 0) from alerting on one event: with the default 10, the index reaches 3
  at about three armed attacks above the dyad's usual level.

Periods with no events are in the series as zeros, so gaps show and baselines count quiet days.
By default negated, hypothetical, undated and near-duplicate events are not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .watchlist import DEFAULT_BASELINE, PERIODS, Dyad, Thresholds

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
COLUMNS = (
    "dyad",
    "period",
    "events",
    *QUADS,
    "goldstein_sum",
    "goldstein_mean",
    "balance",
    "material_conflict_share",
    "conflict_mass",
    "baseline_median",
    "baseline_spread",
    "escalation",
)
#: 1.4826 × MAD estimates the standard deviation of normally distributed values.
MAD_SCALE = 1.4826
#: A period's length as an SQL interval.
PERIOD_INTERVAL = {"day": "1 day", "week": "7 days", "month": "1 month"}


@dataclass(frozen=True, slots=True)
class SeriesSource:
    """Which events of ``watch_events e`` make which dyad's series: SQL for the dyad's key (a
    ``?`` with the name as parameter, or an expression over the joined tables), for extra joins,
    and for the condition ("" for every event)."""

    key: str
    key_params: tuple[Any, ...] = ()
    condition: str = ""
    condition_params: tuple[Any, ...] = ()
    joins: str = ""


@dataclass(frozen=True, slots=True)
class Counting:
    """Which events count. The defaults leave out what an aggregate should not see twice or at all."""

    include_negated: bool = False
    include_hypothetical: bool = False
    include_duplicates: bool = False

    def conditions(self, alias: str = "e") -> list[str]:
        where = [f"{alias}.date IS NOT NULL"]
        if not self.include_negated:
            where.append(f"NOT {alias}.negated")
        if not self.include_hypothetical:
            where.append(f"NOT {alias}.hypothetical")
        if not self.include_duplicates:
            where.append(f"NOT {alias}.duplicate")
        return where

    def quote_conditions(self, alias: str = "q") -> list[str]:
        """The same for quotes: dated (by their article), and not from a near-duplicate article."""
        where = [f"{alias}.date IS NOT NULL"]
        if not self.include_duplicates:
            where.append(f"NOT {alias}.duplicate")
        return where


def _matches(column: str, patterns: tuple[str, ...], params: list[Any]) -> str:
    if not patterns:
        return "true"
    params.extend(patterns)
    return "(" + " OR ".join(f"starts_with({column}, ?)" for _ in patterns) + ")"


def dyad_condition(dyad: Dyad, params: list[Any], alias: str = "e") -> str:
    """SQL that is true for the events of ``dyad``; its parameters are appended to ``params``."""
    forward = (
        f"{_matches(f'{alias}.source', dyad.source, params)}"
        f" AND {_matches(f'{alias}.target', dyad.target, params)}"
    )
    if not dyad.both:
        return f"({forward})"
    backward = (
        f"{_matches(f'{alias}.source', dyad.target, params)}"
        f" AND {_matches(f'{alias}.target', dyad.source, params)}"
    )
    return f"(({forward}) OR ({backward}))"


def dyad_source(dyad: Dyad) -> SeriesSource:
    params: list[Any] = []
    condition = dyad_condition(dyad, params)
    return SeriesSource("?", (dyad.name,), condition, tuple(params))


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the period ``day`` falls in."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def shift(day: dt.date, period: str, count: int) -> dt.date:
    """``day`` moved by ``count`` periods (months keep the first of the month)."""
    if period == "day":
        return day + dt.timedelta(days=count)
    if period == "week":
        return day + dt.timedelta(weeks=count)
    months = day.year * 12 + day.month - 1 + count
    return dt.date(months // 12, months % 12 + 1, 1)


def _per_period_sql(counted: str, period: str) -> str:
    """The counted events (``dyad, date, quad_class, goldstein``) summed per dyad and period."""
    return f"""
        SELECT dyad, date_trunc('{period}', date)::DATE AS period, count(*) AS events,
            count(*) FILTER (WHERE quad_class = 1) AS verbal_cooperation,
            count(*) FILTER (WHERE quad_class = 2) AS material_cooperation,
            count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
            count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
            sum(goldstein) AS goldstein_sum,
            sum(greatest(-goldstein, 0)) AS conflict_mass
        FROM ({counted}) GROUP BY ALL"""


def _index_sql(thresholds: Thresholds) -> str:
    """The escalation index of a row with ``conflict_mass``, ``baseline_median`` and
    ``baseline_spread`` (none NULL)."""
    return f"(conflict_mass - baseline_median) / greatest(baseline_spread, {float(thresholds.floor)})"


def dyad_events_sql(
    sources: list[SeriesSource],
    counting: Counting,
    columns: str,
    conditions: list[str] | None = None,
    params: list[Any] | None = None,
) -> tuple[str, list[Any]]:
    """SQL for the counted events of each source with its key as ``dyad`` and ``columns`` of
    ``watch_events e``, one SELECT per source joined by UNION ALL; ``conditions`` (with their
    ``params``) narrow every source alike. Returns the SQL and all its parameters."""
    where = [*counting.conditions(), *(conditions or [])]
    selects = []
    all_params: list[Any] = []
    for source in sources:
        clauses = [*where, source.condition] if source.condition else where
        selects.append(
            f"SELECT {source.key} AS dyad, {columns} FROM watch_events e {source.joins}"
            f" WHERE {' AND '.join(clauses)}"
        )
        all_params += [*source.key_params, *(params or []), *source.condition_params]
    return " UNION ALL ".join(selects), all_params


def series_sql(
    sources: list[SeriesSource],
    *,
    period: str,
    thresholds: Thresholds,
    counting: Counting,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> tuple[str, list[Any]]:
    """The SQL of the series of several dyads at once (one per source), and its parameters."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    window: list[str] = []
    window_params: list[Any] = []
    if date_from is not None:
        # The baseline of the first period shown needs the periods before it.
        window.append("e.date >= ?")
        window_params.append(shift(period_start(date_from, period), period, -thresholds.baseline))
    if date_to is not None:
        window.append("e.date <= ?")
        window_params.append(date_to)
    counted, params = dyad_events_sql(
        sources, counting, "e.date, e.quad_class, e.goldstein", window, window_params
    )
    lo = "least(min(period), ?::DATE)" if date_from is not None else "min(period)"
    hi = "greatest(max(period), ?::DATE)" if date_to is not None else "max(period)"
    bound_params: list[Any] = []
    if date_from is not None:
        bound_params.append(period_start(date_from, period))
    if date_to is not None:
        bound_params.append(period_start(date_to, period))
    shown = []
    shown_params: list[Any] = []
    if date_from is not None:
        shown.append("period >= ?")
        shown_params.append(period_start(date_from, period))
    if date_to is not None:
        shown.append("period <= ?")
        shown_params.append(date_to)
    sql = f"""
        WITH per AS ({_per_period_sql(counted, period)}),
        bounds AS (SELECT dyad, {lo} AS lo, {hi} AS hi FROM per GROUP BY dyad),
        grid AS (
            SELECT dyad, unnest(generate_series(lo, hi, INTERVAL '{PERIOD_INTERVAL[period]}'))::DATE AS period
            FROM bounds
        ),
        dense AS (
            SELECT g.dyad, g.period, coalesce(p.events, 0) AS events,
                coalesce(p.verbal_cooperation, 0) AS verbal_cooperation,
                coalesce(p.material_cooperation, 0) AS material_cooperation,
                coalesce(p.verbal_conflict, 0) AS verbal_conflict,
                coalesce(p.material_conflict, 0) AS material_conflict,
                p.goldstein_sum, coalesce(p.conflict_mass, 0) AS conflict_mass
            FROM grid g LEFT JOIN per p ON p.dyad = g.dyad AND p.period = g.period
        ),
        based AS (
            SELECT *,
                coalesce(median(conflict_mass) OVER baseline, 0) AS baseline_median,
                coalesce({MAD_SCALE} * mad(conflict_mass) OVER baseline, 0) AS baseline_spread
            FROM dense
            WINDOW baseline AS (
                PARTITION BY dyad ORDER BY period
                ROWS BETWEEN {thresholds.baseline} PRECEDING AND 1 PRECEDING)
        )
        SELECT dyad, period, events, verbal_cooperation, material_cooperation, verbal_conflict,
            material_conflict, coalesce(goldstein_sum, 0) AS goldstein_sum,
            goldstein_sum / nullif(events, 0) AS goldstein_mean,
            (verbal_cooperation + material_cooperation - verbal_conflict - material_conflict)
                / nullif(events, 0) AS balance,
            material_conflict / nullif(events, 0) AS material_conflict_share,
            conflict_mass, baseline_median, baseline_spread, {_index_sql(thresholds)} AS escalation
        FROM based
        {"WHERE " + " AND ".join(shown) if shown else ""}
        ORDER BY dyad, period
    """
    return sql, params + bound_params + shown_params


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    dyads: list[Dyad],
    *,
    period: str = "day",
    thresholds: Thresholds | None = None,
    counting: Counting | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The series of each dyad (keyed by its name) as dicts with :data:`COLUMNS`, in dyad and
    period order. A dyad with no counted events in the range has no rows."""
    sql, params = series_sql(
        [dyad_source(dyad) for dyad in dyads],
        period=period,
        thresholds=thresholds or Thresholds(period=period, baseline=DEFAULT_BASELINE[period]),
        counting=counting or Counting(),
        date_from=date_from,
        date_to=date_to,
    )
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def escalation_sql(counted: str, period: str, thresholds: Thresholds) -> str:
    """SQL for the escalation index of every dyad in ``counted`` (a relation with ``dyad, date,
    quad_class, goldstein``), computed only for the periods with conflict.

    It is the index of :func:`series_sql` without the dense grid, which for thousands of dyads
    over years would be tens of millions of rows. A period without conflict has conflict mass 0
    and an index of at most 0, so it can never reach a (positive) threshold; it still counts in
    the baselines of the periods after it. So each conflict period's baseline is the conflict
    masses of the earlier conflict periods within ``baseline`` periods, padded with one zero for
    each quiet period in that window since the dyad's first counted event.

    Columns: dyad, period, events, verbal_conflict, material_conflict, goldstein_sum,
    conflict_mass, baseline_median, baseline_spread, escalation, and ``before``: the index of the
    period just before when it had conflict too, else NULL (it was at most 0).
    """
    size = PERIOD_INTERVAL[period]
    reach = {"day": f"{thresholds.baseline} days", "week": f"{7 * thresholds.baseline} days"}.get(
        period, f"{thresholds.baseline} months"
    )
    elapsed = {
        "day": "(period - first)",
        "week": "((period - first) // 7)",
        "month": "date_diff('month', first, period)",
    }[period]
    return f"""
        WITH per AS ({_per_period_sql(counted, period)}),
        hot AS (
            SELECT *, min(period) OVER (PARTITION BY dyad) AS first FROM per
            QUALIFY conflict_mass > 0
        ),
        windowed AS (
            SELECT *,
                coalesce(list(conflict_mass) OVER (
                    PARTITION BY dyad ORDER BY period
                    RANGE BETWEEN INTERVAL '{reach}' PRECEDING AND INTERVAL '{size}' PRECEDING), []) AS prior,
                lag(period) OVER (PARTITION BY dyad ORDER BY period) AS before_period
            FROM hot
        ),
        based AS (
            SELECT *, list_concat(prior::DOUBLE[], list_resize([]::DOUBLE[],
                least({thresholds.baseline}, {elapsed}) - len(prior), 0.0)) AS baseline
            FROM windowed
        ),
        scored AS (
            SELECT dyad, period, events, verbal_conflict, material_conflict, goldstein_sum,
                conflict_mass, before_period,
                coalesce(list_aggregate(baseline, 'median'), 0) AS baseline_median,
                coalesce({MAD_SCALE} * list_aggregate(baseline, 'mad'), 0) AS baseline_spread
            FROM based
        ),
        indexed AS (SELECT *, {_index_sql(thresholds)} AS escalation FROM scored)
        SELECT * EXCLUDE (before_period),
            CASE WHEN before_period = period - INTERVAL '{size}'
                THEN lag(escalation) OVER (PARTITION BY dyad ORDER BY period) END AS before
        FROM indexed
    """


def write_series(rows: list[dict[str, Any]], fmt: str, out: Path) -> None:
    """Series rows to a CSV or Parquet file, through DuckDB (one column per :data:`COLUMNS`)."""
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.null()) for c in COLUMNS})
    options = {"csv": "FORMAT csv, HEADER", "parquet": "FORMAT parquet"}[fmt]
    con = duckdb.connect()
    try:
        con.register("series", table)
        quoted = str(out).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM series) TO '{quoted}' ({options})")
    finally:
        con.close()
