"""Storage: the DuckDB file (:class:`Store`) and its migrations."""

from .duckdb import DEFAULT_DB, EXPORTABLE, Store

__all__ = ["DEFAULT_DB", "EXPORTABLE", "Store"]
