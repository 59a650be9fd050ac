"""CAMEO codes and the event patterns, loaded from ``resources/events/``.

The code table carries, for every CAMEO code, its root, label, Goldstein value (GDELT's; the
Phoenix values differ on a few codes and are not used), GDELT quad class and the PLOVER event and
mode of the CAMEO→PLOVER crosswalk. Patterns are our own (see that folder's README).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    label: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


@dataclass(frozen=True, slots=True)
class VerbPattern:
    id: str
    lemmas: tuple[str, ...]
    code: str
    target: str  # object | prep | none
    prep: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    object_sector: tuple[str, ...] = ()
    particle: str | None = None
    xcomp: tuple[str, ...] = ()
    target_optional: bool = False
    intransitive: bool = False  # only without a direct object ("demonstrated", not "demonstrated resolve")

    @property
    def specificity(self) -> int:
        return sum(bool(x) for x in (self.object, self.object_sector, self.particle, self.xcomp))


@dataclass(frozen=True, slots=True)
class NounPattern:
    id: str
    lemmas: tuple[str, ...]
    code: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    target_optional: bool = False


def _resource(name: str) -> str:
    return files("watchfloor.resources").joinpath(f"events/{name}").read_text("utf-8")


@cache
def load_cameo() -> dict[str, CameoCode]:
    rows = csv.DictReader(_resource("cameo_codes.tsv").splitlines(), delimiter="\t")
    codes = {}
    for row in rows:
        code = row["cameo_code"]
        codes[code] = CameoCode(
            code,
            row["root_code"],
            row["label"],
            float(row["goldstein_gdelt"] or 0.0),
            int(row["gdelt_quadclass"] or 0),
            row["plover_event"] or None,
            row["plover_mode"] or None,
        )
    return codes


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    return tuple(str(v).lower() for v in value)


@cache
def load_patterns() -> tuple[dict[str, list[VerbPattern]], dict[str, list[NounPattern]]]:
    """Verb patterns by lemma (most specific first) and noun patterns by lemma."""
    cameo = load_cameo()
    verbs: dict[str, list[VerbPattern]] = {}
    nouns: dict[str, list[NounPattern]] = {}
    try:
        verb_data = yaml.safe_load(_resource("verbs.yaml")) or {}
        noun_data = yaml.safe_load(_resource("nouns.yaml")) or {}
    except FileNotFoundError:  # pragma: no cover - the package ships both
        verb_data, noun_data = {}, {}
    for item in verb_data.get("verbs") or ():
        code = str(item["code"])
        if code not in cameo:
            raise ConfigError(f"verbs.yaml: pattern {item.get('id')!r} has unknown CAMEO code {code}")
        verb = VerbPattern(
            str(item["id"]),
            _tuple(item["lemmas"]),
            code,
            str(item.get("target") or "none"),
            _tuple(item.get("prep")),
            _tuple(item.get("object")),
            tuple(str(s).upper() for s in _tuple(item.get("object_sector"))),
            str(item["particle"]).lower() if item.get("particle") else None,
            _tuple(item.get("xcomp")),
            bool(item.get("target_optional")),
            bool(item.get("intransitive")),
        )
        for lemma in verb.lemmas:
            verbs.setdefault(lemma, []).append(verb)
    for item in noun_data.get("nouns") or ():
        code = str(item["code"])
        if code not in cameo:
            raise ConfigError(f"nouns.yaml: pattern {item.get('id')!r} has unknown CAMEO code {code}")
        noun = NounPattern(
            str(item["id"]),
            _tuple(item["lemmas"]),
            code,
            _tuple(item.get("source") or ("poss", "compound", "by")),
            _tuple(item.get("target")),
            bool(item.get("target_optional")),
        )
        for lemma in noun.lemmas:
            nouns.setdefault(lemma, []).append(noun)
    for patterns in verbs.values():
        patterns.sort(key=lambda p: -p.specificity)
    return verbs, nouns


@dataclass(frozen=True)
class IntentRules:
    """What a promised, offered, threatened or refused act is coded as (``intents.yaml``)."""

    commitment_verbs: frozenset[str]
    commitment_adjectives: frozenset[str]
    threat_verbs: frozenset[str]
    tables: dict[str, dict[str, str]]  # "intent" / "threat" / "refusal" -> code prefix -> code
    generic_threat: str  # an ultimatum over an act with no threat code of its own

    def recode(self, code: str, table: str) -> str | None:
        """The code of ``code`` under ``table``, by its most specific listed prefix."""
        codes = self.tables[table]
        for length in range(len(code), 1, -1):
            if code[:length] in codes:
                return codes[code[:length]]
        return None


@cache
def load_intent_rules() -> IntentRules:
    cameo = load_cameo()
    data = yaml.safe_load(_resource("intents.yaml"))
    tables = {}
    for table in ("intent", "threat", "refusal"):
        tables[table] = {str(k): str(v) for k, v in (data.get(table) or {}).items()}
        for prefix, code in tables[table].items():
            if code not in cameo or prefix not in cameo:
                raise ConfigError(f"intents.yaml: {table} {prefix} -> {code} names an unknown CAMEO code")
    return IntentRules(
        frozenset(_tuple(data.get("commitment_verbs"))),
        frozenset(_tuple(data.get("commitment_adjectives"))),
        frozenset(_tuple(data.get("threat_verbs"))),
        tables,
        str(data.get("ultimatum", "130")),
    )
