"""The watchlist: which dyads, actors and topics a desk watches, and the thresholds of its alerts.

A small YAML file the user edits (layout and every field in ``resources/watchlist.yaml``, which is
also the default). Loading checks every field and names the file and entry of any mistake, so a
typo never silently watches nothing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

DEFAULT_WATCHLIST = "watchlist.yaml"
PERIODS = ("day", "week", "month")
#: Periods in a baseline when the watchlist does not say: four weeks, two months, half a year.
DEFAULT_BASELINE = {"day": 28, "week": 8, "month": 6}
_CODE = re.compile(r"^[A-Z0-9]{1,20}\*?$")


def code_patterns(value: Any, where: str) -> tuple[str, ...]:
    """Actor code patterns from a string ("RUS", "RUS*", "USA,IGOWSTNAT") or a list of them, upper
    case without the star: a pattern matches a code that starts with it (``RUS`` matches
    ``RUSGOV``). ``*`` alone, or an empty list, matches every actor."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: expected an actor code or a list of codes, got {value!r}")
    patterns = []
    for item in items:
        code = item.strip().upper()
        if code in ("", "*"):
            return ()
        if not _CODE.match(code):
            raise ConfigError(f"{where}: {item!r} is not an actor code (letters and digits, optional *)")
        patterns.append(code.rstrip("*"))
    return tuple(dict.fromkeys(patterns))


@dataclass(frozen=True, slots=True)
class Dyad:
    """A watched actor pair: events whose source matches ``source`` and target ``target`` (and the
    reverse too when ``both``). Empty patterns match any actor."""

    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    both: bool = False
    threshold: float | None = None  # overrides Thresholds.escalation for this dyad

    def label(self) -> str:
        arrow = " ↔ " if self.both else " → "
        return (",".join(self.source) or "*") + arrow + (",".join(self.target) or "*")


@dataclass(frozen=True, slots=True)
class NewKind:
    """A kind of event whose first appearance in a watched dyad after ``window_days`` without one is
    an alert. An event is of the kind when it matches every criterion given: a CAMEO code starting
    with one of ``cameo``, evidence containing one of ``keywords``, a quad class in ``quad_classes``."""

    name: str
    cameo: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    window_days: int = 30


@dataclass(frozen=True, slots=True)
class Topic:
    """Words that make a quote of a watched actor an alert (matched as whole words, any case; a
    trailing ``*`` matches any ending)."""

    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    escalation: float = 3.0  # the escalation index at or above which a dyad alerts
    baseline: int = 28  # periods (days by default) before the current one that form its baseline
    floor: float = 10.0  # smallest spread of the baseline, in Goldstein points of conflict
    period: str = "day"  # the period the index is computed for: day, week or month


@dataclass(frozen=True, slots=True)
class CountryScan:
    """Also compute the index for every directed pair of countries (and IGOs) with at least
    ``min_events`` counted events, watched or not."""

    min_events: int = 50
    threshold: float = 4.0


@dataclass(frozen=True, slots=True)
class Watchlist:
    name: str
    thresholds: Thresholds = field(default_factory=Thresholds)
    dyads: tuple[Dyad, ...] = ()
    actors: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    new_kinds: tuple[NewKind, ...] = ()
    scan: CountryScan | None = None

    def threshold(self, dyad: Dyad) -> float:
        return dyad.threshold if dyad.threshold is not None else self.thresholds.escalation


def _mapping(
    value: Any, where: str, allowed: set[str], required: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(value).__name__}")
    unknown = set(value) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = required - set(value)
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(sorted(missing))}")
    return value


def _number(value: Any, where: str, *, minimum: float, integer: bool = False) -> Any:
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"{where}: expected {kind} >= {minimum}, got {value!r}")
    return value


def _words(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise ConfigError(f"{where}: expected a word or a list of words, got {value!r}")
    return tuple(i.strip().lower() for i in items)


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _thresholds(value: Any, where: str) -> Thresholds:
    raw = _mapping(value or {}, where, {"escalation", "baseline", "floor", "period"})
    period = raw.get("period", "day")
    if period not in PERIODS:
        raise ConfigError(f"{where}.period: expected one of {', '.join(PERIODS)}, got {period!r}")
    return Thresholds(
        escalation=float(_number(raw.get("escalation", 3.0), f"{where}.escalation", minimum=0.1)),
        baseline=_number(
            raw.get("baseline", DEFAULT_BASELINE[period]), f"{where}.baseline", minimum=2, integer=True
        ),
        floor=float(_number(raw.get("floor", 10.0), f"{where}.floor", minimum=0.1)),
        period=period,
    )


def _dyad(value: Any, where: str) -> Dyad:
    raw = _mapping(value, where, {"name", "source", "target", "both", "threshold"}, {"source", "target"})
    source = code_patterns(raw["source"], f"{where}.source")
    target = code_patterns(raw["target"], f"{where}.target")
    both = raw.get("both", False)
    if not isinstance(both, bool):
        raise ConfigError(f"{where}.both: expected true or false, got {both!r}")
    threshold = raw.get("threshold")
    dyad = Dyad(
        name=str(raw.get("name") or ""),
        source=source,
        target=target,
        both=both,
        threshold=None if threshold is None else float(_number(threshold, f"{where}.threshold", minimum=0.1)),
    )
    return dyad if dyad.name else dataclasses.replace(dyad, name=dyad.label())


def _new_kind(value: Any, where: str) -> NewKind:
    raw = _mapping(value, where, {"name", "cameo", "keywords", "quad_classes", "window_days"}, {"name"})
    cameo = raw.get("cameo", [])
    codes = [cameo] if isinstance(cameo, str | int) else cameo
    if not isinstance(codes, list) or not all(re.fullmatch(r"\d{2,4}", str(c)) for c in codes):
        raise ConfigError(f'{where}.cameo: expected CAMEO codes such as "138" or "20", got {cameo!r}')
    quads = _list(raw.get("quad_classes"), f"{where}.quad_classes")
    if not all(q in (1, 2, 3, 4) for q in quads):
        raise ConfigError(f"{where}.quad_classes: expected numbers 1 to 4, got {quads!r}")
    keywords = _words(raw["keywords"], f"{where}.keywords") if "keywords" in raw else ()
    if not codes and not keywords and not quads:
        raise ConfigError(f"{where}: give at least one of cameo, keywords, quad_classes")
    return NewKind(
        name=str(raw["name"]),
        cameo=tuple(str(c) for c in codes),
        keywords=keywords,
        quad_classes=tuple(quads),
        window_days=_number(raw.get("window_days", 30), f"{where}.window_days", minimum=1, integer=True),
    )


def parse_watchlist(data: Any, name: str) -> Watchlist:
    """A :class:`Watchlist` from parsed YAML; ``name`` (the file) prefixes every error."""
    raw = _mapping(
        data if data is not None else {},
        name,
        {"thresholds", "dyads", "actors", "keywords", "new_kinds", "scan_countries"},
    )
    topics_raw = raw.get("keywords") or {}
    topics = tuple(
        Topic(str(topic), _words(words, f"{name}: keywords.{topic}"))
        for topic, words in _mapping(topics_raw, f"{name}: keywords", set(topics_raw)).items()
    )
    actors = code_patterns(raw.get("actors") or [], f"{name}: actors") if raw.get("actors") else ()
    if actors and not topics:
        raise ConfigError(f"{name}: actors are watched for keywords, but no keywords are given")
    scan = None
    if raw.get("scan_countries") is not None:
        scan_raw = _mapping(raw["scan_countries"], f"{name}: scan_countries", {"min_events", "threshold"})
        scan = CountryScan(
            min_events=_number(
                scan_raw.get("min_events", 50), f"{name}: scan_countries.min_events", minimum=1, integer=True
            ),
            threshold=float(
                _number(scan_raw.get("threshold", 4.0), f"{name}: scan_countries.threshold", minimum=0.1)
            ),
        )
    dyads = tuple(
        _dyad(item, f"{name}: dyads[{i}]") for i, item in enumerate(_list(raw.get("dyads"), f"{name}: dyads"))
    )
    if len({d.name for d in dyads}) != len(dyads):
        raise ConfigError(f"{name}: two dyads have the same name")
    new_kinds = tuple(
        _new_kind(item, f"{name}: new_kinds[{i}]")
        for i, item in enumerate(_list(raw.get("new_kinds"), f"{name}: new_kinds"))
    )
    return Watchlist(
        name=name,
        thresholds=_thresholds(raw.get("thresholds"), f"{name}: thresholds"),
        dyads=dyads,
        actors=actors,
        topics=topics,
        new_kinds=new_kinds,
        scan=scan,
    )


def load_watchlist(path: str | Path | None = None) -> Watchlist:
    """The watchlist in ``path``, or the bundled default when ``path`` is None or empty.

    Raises:
        ConfigError: the file is missing, is not YAML, or has a wrong field (named with its entry).
    """
    if not path:
        text = resources.files("watchfloor").joinpath("resources", DEFAULT_WATCHLIST).read_text("utf-8")
        name = f"(default) {DEFAULT_WATCHLIST}"
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read watchlist {name}: {e}") from e
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"watchlist {name} is not valid YAML: {e}") from e
    return parse_watchlist(data, name)
