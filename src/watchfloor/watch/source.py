"""Where the watch reads events and quotes and keeps its alerts: the store's DuckDB file, or a
folder of Parquet files written by ``watchfloor export watch`` (or by anything else that writes the
same columns), so a team can watch data produced elsewhere.

Both give one DuckDB connection with the views ``watch_events`` and ``watch_quotes`` (defined in
migration 5) and the tables ``alerts`` and ``alert_evidence``. Over Parquet the alert tables live
in memory: alerts are computed afresh and not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import ConfigError
from ..store import Store
from ..store.migrations import ALERT_TABLES

#: The columns the watch reads; a Parquet file may have more.
EVENT_COLUMNS = (
    "id article_id date source target cameo root quad_class goldstein negated hypothetical duplicate"
    " evidence article_title article_url"
).split()
QUOTE_COLUMNS = (
    "id article_id date content speaker_actor speaker_name duplicate article_title article_url".split()
)
FILES = {"watch_events": EVENT_COLUMNS, "watch_quotes": QUOTE_COLUMNS}

_EMPTY_QUOTES = """
    CREATE VIEW watch_quotes AS SELECT * FROM (VALUES (
        NULL::VARCHAR, NULL::VARCHAR, NULL::INTEGER, NULL::DATE, NULL::VARCHAR, NULL::VARCHAR,
        NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::BOOLEAN, NULL::VARCHAR,
        NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR))
    AS q(id, article_id, sentence, date, kind, content, speaker_actor, speaker_name, speaker_role,
        speaker_mention, duplicate, article_title, article_url, article_source, article_published)
    WHERE false
"""


def view_columns(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    """The column names of a table or view."""
    return {row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()}


@dataclass
class WatchData:
    """A connection with ``watch_events``, ``watch_quotes``, ``alerts`` and ``alert_evidence``.

    ``keeps_alerts`` is true for a store: alerts raised are written to its file."""

    con: duckdb.DuckDBPyConnection
    origin: str
    keeps_alerts: bool

    @classmethod
    def from_store(cls, store: Store) -> WatchData:
        return cls(store.con, str(store.path), keeps_alerts=not store.read_only)

    @classmethod
    def from_parquet(cls, folder: str | Path) -> WatchData:
        """Views over ``watch_events*.parquet`` (required) and ``watch_quotes*.parquet`` (optional)
        in ``folder``; several files of one kind are read as one table.

        Raises:
            ConfigError: no events file, an unreadable file, or one that lacks a column the watch needs.
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise ConfigError(f"--from-parquet: {folder} is not a folder")
        con = duckdb.connect(":memory:")
        con.execute("SET enable_progress_bar = false")
        for view, columns in FILES.items():
            found = sorted(folder.glob(f"{view}*.parquet"))
            if not found:
                if view == "watch_quotes":
                    con.execute(_EMPTY_QUOTES)
                    continue
                raise ConfigError(
                    f"--from-parquet: no {view}.parquet in {folder} (see `watchfloor export watch`)"
                )
            pattern = str(folder / f"{view}*.parquet").replace("'", "''")
            try:
                con.execute(
                    f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{pattern}', union_by_name = true)"
                )
                have = view_columns(con, view)
            except duckdb.Error as e:
                raise ConfigError(f"--from-parquet: cannot read {found[0]}: {e}") from e
            missing = [c for c in columns if c not in have]
            if missing:
                raise ConfigError(f"--from-parquet: {found[0]} lacks the column(s) {', '.join(missing)}")
        con.execute(ALERT_TABLES)
        return cls(con, str(folder), keeps_alerts=False)


def export_watch(store: Store, folder: str | Path, fmt: str = "parquet") -> dict[str, int]:
    """Write ``watch_events`` and ``watch_quotes`` (and the stored ``alerts`` and
    ``alert_evidence``) to ``folder`` as Parquet or CSV files; return rows per file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    order = {
        "watch_events": "date, id",
        "watch_quotes": "date, id",
        "alerts": "day, id",
        "alert_evidence": "alert_id, event_id, quote_id",
    }
    return {
        f"{table}.{fmt}": store.export(table, fmt, str(folder / f"{table}.{fmt}"), order_by=by)
        for table, by in order.items()
    }
