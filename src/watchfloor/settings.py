"""Settings: a commented defaults file in the package, overlaid by the user's file.

Layers, later wins: ``resources/defaults.toml`` → the user's TOML file → ``$WATCHFLOOR_MODEL`` →
explicit keyword overrides (what the CLI passes). Values are checked here, at the edge.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    model: str
    batch_size: int
    batch_words: int
    workers: int
    max_article_bytes: int
    furniture_file: str
    min_language_chars: int
    dedup_enabled: bool
    dedup_threshold: float
    dedup_num_perm: int
    dedup_shingle_words: int
    dedup_min_words: int
    actors_file: str

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given non-``None`` values replaced (validated)."""
        changes = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return _validated(replace(self, **changes))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Section/key in the TOML file -> Settings field.
_KEYS = {
    ("nlp", "model"): "model",
    ("nlp", "batch_size"): "batch_size",
    ("nlp", "batch_words"): "batch_words",
    ("nlp", "workers"): "workers",
    ("ingest", "max_article_bytes"): "max_article_bytes",
    ("ingest", "furniture_file"): "furniture_file",
    ("ingest", "min_language_chars"): "min_language_chars",
    ("dedup", "enabled"): "dedup_enabled",
    ("dedup", "threshold"): "dedup_threshold",
    ("dedup", "num_perm"): "dedup_num_perm",
    ("dedup", "shingle_words"): "dedup_shingle_words",
    ("dedup", "min_words"): "dedup_min_words",
    ("actors", "actors_file"): "actors_file",
}


def _flatten(doc: dict[str, Any], origin: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, table in doc.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        for key, value in table.items():
            name = _KEYS.get((section, key))
            if name is None:
                raise ConfigError(f"{origin}: unknown setting {section}.{key}")
            flat[name] = value
    return flat


_TYPES: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float), "bool": bool}


def _validated(settings: Settings) -> Settings:
    for f in fields(settings):
        value = getattr(settings, f.name)
        expected = _TYPES[str(f.type)]
        if not isinstance(value, expected) or (f.type == "int" and isinstance(value, bool)):
            raise ConfigError(f"setting {f.name} must be {f.type}, got {value!r}")
    if min(settings.batch_size, settings.batch_words, settings.max_article_bytes) < 1:
        raise ConfigError("batch_size, batch_words and max_article_bytes must be >= 1")
    if settings.workers < 0:
        raise ConfigError("workers must be >= 0")
    if not 0.0 < settings.dedup_threshold <= 1.0:
        raise ConfigError("dedup threshold must be in (0, 1]")
    return settings


def load_settings(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Load the defaults, overlay the user's file (``path`` or ``$WATCHFLOOR_CONFIG``) and overrides.

    Raises:
        ConfigError: the file is missing, not TOML, or sets an unknown or ill-typed key.
    """
    text = resources.files("watchfloor").joinpath("resources/defaults.toml").read_text("utf-8")
    values = _flatten(tomllib.loads(text), "defaults.toml")
    user = path or os.environ.get("WATCHFLOOR_CONFIG")
    if user:
        try:
            values |= _flatten(tomllib.loads(Path(user).read_text("utf-8")), str(user))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read settings file {user}: {e}") from e
    if os.environ.get("WATCHFLOOR_MODEL"):
        values["model"] = os.environ["WATCHFLOOR_MODEL"]
    settings = _validated(Settings(**values))
    return settings.with_overrides(**overrides)
