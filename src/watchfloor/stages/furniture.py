"""Page furniture removal ("Related Stories:", "Advertisement", "Share this article"…).

The rules are data: ``resources/furniture.yaml`` documents them; a user file of the same layout
extends them. :func:`strip_furniture` works on whole paragraphs and never edits inside one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

_LINKS_ONLY = re.compile(r"(\s*(https?://\S+|www\.\S+|@\w+|#\w+|[|•·/,-]))+\s*", re.I)
_EDGE_PUNCT = " \t.:;!?|•·-–—>»›()[]"


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    standalone: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    trailing: tuple[re.Pattern[str], ...]
    max_words: int
    label_max_words: int

    def is_furniture(self, paragraph: str) -> bool:
        """True for a short paragraph that is furniture wherever it stands."""
        if len(paragraph.split()) > self.max_words:
            return False
        key = paragraph.strip(_EDGE_PUNCT).casefold()
        return key in self.standalone or any(p.fullmatch(paragraph) for p in self.patterns)

    def is_trailing_furniture(self, paragraph: str) -> bool:
        """True for a paragraph that is furniture when it ends the article."""
        if self.is_furniture(paragraph) or _LINKS_ONLY.fullmatch(paragraph):
            return True
        words = paragraph.split()
        if paragraph.endswith(":") and len(words) <= self.label_max_words:
            return True
        return len(words) <= 3 * self.max_words and any(p.fullmatch(paragraph) for p in self.trailing)


def _read_rules(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{origin}: not valid YAML: {e}") from e
    unknown = set(data) - {"standalone", "patterns", "trailing", "max_words", "label_max_words"}
    if not isinstance(data, dict) or unknown:
        raise ConfigError(f"{origin}: unknown furniture keys {sorted(unknown)}")
    return data


def load_furniture_rules(extra_file: str | Path | None = None) -> FurnitureRules:
    """Load our rules and, if given, append a user's rules file to them."""
    text = resources.files("watchfloor").joinpath("resources/furniture.yaml").read_text("utf-8")
    data = _read_rules(text, "furniture.yaml")
    if extra_file:
        try:
            extra = _read_rules(Path(extra_file).read_text("utf-8"), str(extra_file))
        except OSError as e:
            raise ConfigError(f"cannot read furniture file {extra_file}: {e}") from e
        for key in ("standalone", "patterns", "trailing"):
            data[key] = list(data.get(key) or []) + list(extra.get(key) or [])
        for key in ("max_words", "label_max_words"):
            data[key] = extra.get(key, data[key])

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        try:
            return tuple(re.compile(p, re.I) for p in data.get(key) or [])
        except re.error as e:
            raise ConfigError(f"bad furniture pattern in {key}: {e}") from e

    return FurnitureRules(
        standalone=frozenset(s.strip(_EDGE_PUNCT).casefold() for s in data.get("standalone") or []),
        patterns=compile_all("patterns"),
        trailing=compile_all("trailing"),
        max_words=int(data["max_words"]),
        label_max_words=int(data["label_max_words"]),
    )


def strip_furniture(paragraphs: list[str], rules: FurnitureRules) -> list[str]:
    """Drop furniture paragraphs: standalone ones anywhere, and the furniture block at the end."""
    kept = [p for p in paragraphs if not rules.is_furniture(p)]
    while kept and rules.is_trailing_furniture(kept[-1]):
        kept.pop()
    return kept
