"""watchfloor: news in, auditable event data out.

Public API (everything else is internal and may change without notice)::

    from watchfloor import Store, load_settings, ingest, process_pending, extract

Heavy modules (DuckDB, spaCy, datasketch) load on first use of the name that needs them, so
``import watchfloor`` stays fast and has no side effects.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Analysis": "watchfloor.types",
    "Article": "watchfloor.types",
    "RawArticle": "watchfloor.types",
    "Sentence": "watchfloor.types",
    "Quote": "watchfloor.types",
    "Speaker": "watchfloor.types",
    "Problem": "watchfloor.errors",
    "WatchfloorError": "watchfloor.errors",
    "ConfigError": "watchfloor.errors",
    "InputError": "watchfloor.errors",
    "StoreError": "watchfloor.errors",
    "Settings": "watchfloor.settings",
    "load_settings": "watchfloor.settings",
    "Store": "watchfloor.store",
    "Pipeline": "watchfloor.pipeline",
    "process_pending": "watchfloor.pipeline",
    "ingest": "watchfloor.ingestion",
    "extract": "watchfloor.extraction",
    "extract_many": "watchfloor.extraction",
    "Extraction": "watchfloor.extraction",
    "IngestReport": "watchfloor.ingestion",
    "iter_raw_articles": "watchfloor.sources",
    "register_stage": "watchfloor.registry",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'watchfloor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
