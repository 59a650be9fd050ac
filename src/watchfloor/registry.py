"""The stage registry: registered name → stage factory.

Built-in stages register exactly as plugins do: a plugin package declares an entry point in the
``watchfloor.stages`` group pointing at a module that calls :func:`register_stage`. The registry
is filled lazily on first use, never at import time.

Names carry a namespace and a version (``"segment.sentences.v1"``). What a ``v1`` does never
changes; a different behaviour is a ``v2``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .settings import Settings
    from .types import Article

ENTRY_POINT_GROUP = "watchfloor.stages"
#: Modules holding the built-in stages, imported on first use of the registry.
BUILTIN_MODULES = (
    "watchfloor.stages.segment",
    "watchfloor.stages.quotes",
    "watchfloor.stages.actors",
    "watchfloor.stages.places",
    "watchfloor.stages.events",
)


class Stage(Protocol):
    """What a processing stage provides.

    A stage is a pure function of one article and its spaCy ``Doc`` returning the records it
    derives, as a mapping from :class:`~watchfloor.types.Analysis` field name to value.
    ``requires`` names the fields earlier stages must have assigned; ``assigns`` the fields this
    one fills. The pipeline checks the order from these before it runs anything.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]: ...


StageFactory = Callable[["Settings"], Stage]
_FACTORIES: dict[str, StageFactory] = {}
_populated = False


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Decorator: register a stage factory under ``name``."""

    def decorate(factory: StageFactory) -> StageFactory:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ValueError(f"stage {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return decorate


def _ensure_populated() -> None:
    global _populated
    if _populated:
        return
    _populated = True
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        entry_point.load()


def get_stage_factory(name: str) -> StageFactory:
    _ensure_populated()
    try:
        return _FACTORIES[name]
    except KeyError:
        from .errors import ConfigError

        known = ", ".join(sorted(_FACTORIES))
        raise ConfigError(f"no stage named {name!r} (registered: {known})") from None


def registered_stages() -> list[str]:
    _ensure_populated()
    return sorted(_FACTORIES)
