"""Shared fixtures.

- ``settings``: the package defaults (no user file, no environment overrides).
- ``store``: a fresh DuckDB store in a temporary folder, closed after the test.
- ``samples``: the folder of sample articles bundled with the package (written by us).
- ``shared``: the read-only ``../shared`` folder of real corpora and gold data; tests that use
  it are skipped when it is absent (e.g. outside the development workplace).
- ``make_raw``: builds a RawArticle by hand, so unit tests never need a model or a file.
- ``run_cli``: runs the CLI in-process and returns (exit code, stdout, stderr).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from watchfloor.cli import main
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store
from watchfloor.types import RawArticle

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "watchfloor" / "resources" / "samples"
SHARED = Path(os.environ.get("WATCHFLOOR_SHARED", ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WATCHFLOOR_DB", "WATCHFLOOR_CONFIG", "WATCHFLOOR_MODEL", "WATCHFLOOR_WATCHLIST"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def make_raw() -> Callable[..., RawArticle]:
    def build(text: str, **fields: Any) -> RawArticle:
        return RawArticle(text=text, origin=fields.pop("origin", "test"), **fields)

    return build


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def invoke(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
