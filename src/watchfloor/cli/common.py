"""Options several commands share, and opening the store and settings from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError
from ..settings import Settings, load_settings
from ..store import DEFAULT_DB, Store

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="WATCHFLOOR_DB", help="DuckDB file (created if missing).", show_default=True),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", envvar="WATCHFLOOR_CONFIG", help="Settings file (TOML) overlaid on the defaults."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or per-input lines.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output: table or json.")]

DEFAULT_DB_PATH = Path(DEFAULT_DB)


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"must be one of {', '.join(allowed)}", param_hint="--format")
    return value


def open_settings(config: Path | None, **overrides: object) -> Settings:
    return load_settings(config, **overrides)


def open_store(db: Path, *, read_only: bool = False) -> Store:
    return Store(db, read_only=read_only)


def resolve_article(store: Store, reference: str) -> str:
    """The full id of the one stored article ``reference`` names (an id, a unique prefix of
    one, or a source id); ConfigError (exit 2) when none or several match."""
    matches = store.find_article_id(reference)
    if len(matches) != 1:
        what = "no article" if not matches else f"{len(matches)} articles"
        raise ConfigError(f"{what} matching {reference!r}")
    return matches[0]
