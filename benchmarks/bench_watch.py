#!/usr/bin/env python
"""The watch on millions of events: a dyad series by week and the full alert pass.

A synthetic store of ``--events`` events (default 5 million, built by ``synthetic_events.py``
unless ``--db`` already holds one) is watched with our default watchlist plus the country scan.
Timed, each as the median of ``--repeat`` runs in this process:

- **series**: ``dyad_series`` by week for a dense dyad (RUS → UKR), a two-way one (USA ↔ CHN)
  and a broad one (IGOWSTNAT → RUS*); beside it, in the same run, the bare DuckDB query that
  only counts the dyad's events per week, so the ratio shows what the dense grid, quad counts
  and rolling baseline cost on top of the scan;
- **alert pass**: ``run_alert_pass`` with every stored alert deleted first, so each run finds
  and stores everything: escalation index of every watched dyad and every country pair with
  at least 50 events, new kinds, watched quotes; beside it the bare query that only counts the
  events per country pair and day, the least a country-pair alert pass has to do;
- the same series and pass over a Parquet export of the store (``--from-parquet``).

The issue's goals: a series by week under 1 s, the full alert pass under 30 s on this 2-core
machine. Results go to ``benchmarks/results/watch-<date>.json``.

    python benchmarks/bench_watch.py                        # 5 M events (builds /tmp/watch-bench-5m.duckdb)
    python benchmarks/bench_watch.py --events 200000 --repeat 1
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOALS = {"series_week_s": 1.0, "alert_pass_s": 30.0}


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median seconds of ``repeat`` calls, and the last call's result."""
    seconds = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def bare_weekly_count(con: Any, source: str, target: str) -> list[Any]:
    return list(
        con.execute(
            "SELECT date_trunc('week', date) AS week, count(*) FROM watch_events"
            " WHERE starts_with(source, ?) AND starts_with(target, ?) AND date IS NOT NULL"
            " AND NOT negated AND NOT hypothetical AND NOT duplicate GROUP BY 1 ORDER BY 1",
            [source, target],
        ).fetchall()
    )


def bare_daily_pairs(con: Any) -> int:
    """The least any country-pair alerting must do: count the counted events per pair of
    three-letter code starts and day, in one pass."""
    row = con.execute(
        "SELECT count(*) FROM (SELECT left(source, 3), left(target, 3), date, count(*), sum(goldstein)"
        " FROM watch_events WHERE target IS NOT NULL AND date IS NOT NULL AND NOT negated"
        " AND NOT hypothetical AND NOT duplicate GROUP BY ALL)"
    ).fetchone()
    return int(row[0])


def measure(data: Any, watchlist: Any, repeat: int, label: str) -> dict[str, Any]:
    from watchfloor.watch.alerts import run_alert_pass
    from watchfloor.watch.series import dyad_series
    from watchfloor.watch.watchlist import Dyad

    con = data.con
    dyads = [
        (Dyad("RUS → UKR", ("RUS",), ("UKR",)), ("RUS", "UKR")),
        (Dyad("USA ↔ CHN", ("USA",), ("CHN",), both=True), None),
        (Dyad("IGOWSTNAT → RUS", ("IGOWSTNAT",), ("RUS",)), ("IGOWSTNAT", "RUS")),
    ]
    series = []
    for dyad, bare in dyads:
        seconds, rows = timed(lambda d=dyad: dyad_series(con, [d], period="week"), repeat)
        entry: dict[str, Any] = {
            "dyad": dyad.name,
            "seconds": round(seconds, 4),
            "weeks": len(rows),
            "events": sum(r["events"] for r in rows),
        }
        if bare is not None:
            bare_seconds, _ = timed(lambda b=bare: bare_weekly_count(con, *b), repeat)
            entry["bare_count_seconds"] = round(bare_seconds, 4)
            entry["ratio_to_bare"] = round(seconds / bare_seconds, 2)
        series.append(entry)
        print(f"{label}: series by week {dyad.name}: {seconds:.3f} s, {entry}", flush=True)

    def alert_pass() -> tuple[Any, Any]:
        con.execute("DELETE FROM alert_evidence")
        con.execute("DELETE FROM alerts")
        return run_alert_pass(data, watchlist)

    seconds, (found, raised) = timed(alert_pass, repeat)
    bare_seconds, _ = timed(lambda: bare_daily_pairs(con), repeat)
    kinds = {kind: sum(a.kind == kind for a in found) for kind in ("escalation", "new_kind", "quote")}
    print(
        f"{label}: alert pass {seconds:.2f} s, {len(found)} alerts {kinds}, stored {len(raised)}", flush=True
    )
    return {
        "series_by_week": series,
        "series_week_s": max(s["seconds"] for s in series),
        "alert_pass_s": round(seconds, 3),
        "bare_daily_pairs_s": round(bare_seconds, 3),
        "alert_pass_ratio_to_bare": round(seconds / bare_seconds, 1),
        "alerts": len(found),
        "alerts_by_kind": kinds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--db", type=Path, help="a synthetic store to use (built if missing)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/results")
    args = parser.parse_args()

    from watchfloor.store import Store
    from watchfloor.watch.source import WatchData, export_watch
    from watchfloor.watch.watchlist import CountryScan, load_watchlist

    db = args.db or Path(tempfile.gettempdir()) / f"watch-bench-{args.events // 1000}k.duckdb"
    built_s = None
    if not db.exists():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks/synthetic_events.py"),
                "--events",
                str(args.events),
                "--out",
                str(db),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        built_s = round(time.perf_counter() - started, 1)
    watchlist = dataclasses.replace(load_watchlist(), scan=CountryScan(min_events=50, threshold=4.0))
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "db": str(db),
        "db_mb": round(db.stat().st_size / 1e6, 1),
        "build_s": built_s,
        "repeat": args.repeat,
        "goals": GOALS,
    }
    with Store(db) as store:
        results["events"] = store.query("SELECT count(*) FROM events")[0][0]
        results["articles"] = store.query("SELECT count(*) FROM articles")[0][0]
        results["quotes"] = store.query("SELECT count(*) FROM quotes")[0][0]
        results["store"] = measure(WatchData.from_store(store), watchlist, args.repeat, "store")
        folder = Path(tempfile.mkdtemp(prefix="watch-bench-parquet-"))
        started = time.perf_counter()
        export_watch(store, folder)
        results["parquet_export_s"] = round(time.perf_counter() - started, 2)
    try:
        parquet = WatchData.from_parquet(folder)
        results["parquet_mb"] = round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)
        results["parquet"] = measure(parquet, watchlist, args.repeat, "parquet")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    verdicts = {
        f"{where} {goal}": results[where][goal] < limit
        for where in ("store", "parquet")
        for goal, limit in GOALS.items()
    }
    results["met"] = verdicts
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"watch-{results['date']}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: results[k] for k in ("events", "articles", "quotes", "db_mb", "build_s")}))
    for name, ok in verdicts.items():
        print(f"{'MET ' if ok else 'MISS'} {name}")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
