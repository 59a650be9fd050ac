"""Package-level promises: the public API, the registry contents, no import-time side effects."""

from __future__ import annotations

import subprocess
import sys

import watchfloor


def test_package_all_names_resolve() -> None:
    for name in watchfloor.__all__:
        assert getattr(watchfloor, name) is not None, name


def test_package_import_is_light() -> None:
    # Importing the package must not load spaCy, DuckDB or the model (they load on first use).
    heavy = "('spacy', 'duckdb', 'datasketch')"
    code = f"import sys, watchfloor; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_package_registry_snapshot() -> None:
    # Adding a stage is a deliberate change: update this list with it.
    from watchfloor.registry import registered_stages

    builtin = [name for name in registered_stages() if not name.startswith("test.")]
    assert builtin == [
        "actors.resolve.v1",
        "events.cameo.v1",
        "places.geonames.v1",
        "quotes.attribution.v1",
        "segment.sentences.v1",
    ]
