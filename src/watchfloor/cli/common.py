"""Options several commands share, and opening the store and settings from them."""

from __future__ import annotations

import datetime as dt
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
ActorsOption = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        help="Extra actor dictionary (YAML, as in resources/actors/README.md), added to ours.",
        show_default=False,
    ),
]

FromOption = Annotated[
    str | None, typer.Option("--from", help="First day, YYYY-MM-DD (inclusive).", show_default=False)
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).", show_default=False)
]

DEFAULT_DB_PATH = Path(DEFAULT_DB)


def day_option(value: str | None, option: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date (``None`` stays ``None``); a bad date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"must be one of {', '.join(allowed)}", param_hint="--format")
    return value


def open_settings(config: Path | None, **overrides: object) -> Settings:
    return load_settings(config, **overrides)


def open_pipeline_settings(config: Path | None, actors: Path | None, **overrides: object) -> Settings:
    """Settings for a command that runs the stages: ``--actors FILE`` sets ``actors_file``, which
    is checked now, so that a missing or malformed file stops the command (exit 2) before
    anything is read or stored."""
    settings = open_settings(config, actors_file=str(actors) if actors is not None else None, **overrides)
    check_actors_file(settings.actors_file)
    return settings


def check_actors_file(actors_file: str) -> None:
    """Raise ConfigError unless ``actors_file`` is empty or an actor dictionary we can load.

    The file is loaded on its own (a fraction of a second; ours take longer), so a bad one is
    reported at once; the stages load it again with ours."""
    if not actors_file:
        return
    from ..stages.actor_dictionary import ActorDictionary, read_yaml

    path = Path(actors_file)
    if not path.is_file():
        raise ConfigError(f"actors file {actors_file}: no such file")
    try:
        ActorDictionary().load(read_yaml(path), str(path))
    except ValueError as e:  # e.g. a date YAML itself cannot read (2022-13-01)
        raise ConfigError(f"actors file {actors_file}: {e}") from e


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
