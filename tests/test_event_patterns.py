"""The event pattern files (resources/events/verbs.yaml, nouns.yaml) follow their format.

Fast, no model: loads the YAML with ``yaml.safe_load`` and checks every pattern against the
README rules and cameo_codes.tsv (ids unique across both files, codes exist and are quoted
strings, keys and values valid, no pattern hidden behind an earlier one with another code).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

EVENTS = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "resources" / "events"

VERB_KEYS = set(
    "id lemmas code target prep object object_sector particle xcomp target_optional intransitive note".split()
)
NOUN_KEYS = {"id", "lemmas", "code", "source", "target", "target_optional", "note"}
VERB_TARGETS = {"object", "prep", "none"}
NOUN_SOURCES = {"poss", "compound", "by"}
NOUN_TARGETS = {"of", "on", "against", "into", "to", "with", "between"}
SECTORS = set(
    "GOV MIL COP JUD LEG SPY REB PRM OPP PTY ELI CVL BUS EDU JRN MED LAB".split()
    + "AGR REL REF CRM NGO IGO PRE UAF UNK".split()
)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEMMA_RE = re.compile(r"^[a-z0-9$][a-z0-9-]*$")  # base forms: lower case, one token ("de-escalate", "$")


def _load(name: str, key: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((EVENTS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {key}, f"{name}: top level must be only '{key}:'"
    patterns = data[key]
    assert isinstance(patterns, list) and patterns, f"{name}: '{key}' must be a non-empty list"
    for pattern in patterns:
        assert isinstance(pattern, dict), f"{name}: every pattern is a mapping: {pattern!r}"
    return patterns


@pytest.fixture(scope="module")
def verbs() -> list[dict[str, Any]]:
    return _load("verbs.yaml", "verbs")


@pytest.fixture(scope="module")
def nouns() -> list[dict[str, Any]]:
    return _load("nouns.yaml", "nouns")


@pytest.fixture(scope="module")
def cameo_codes() -> dict[str, str]:
    with (EVENTS / "cameo_codes.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["cameo_code"]: row["label"] for row in rows}


def _string_list(pattern: dict[str, Any], key: str, *, allow_empty: bool = False) -> list[str]:
    value = pattern[key]
    where = f"{pattern.get('id')}.{key}"
    assert isinstance(value, list), f"{where} must be a list"
    assert allow_empty or value, f"{where} must not be empty"
    # "on"/"off"/"no" unquoted load as booleans (YAML 1.1): every item must be a string
    assert all(isinstance(item, str) and item for item in value), f"{where} has a non-string item: {value!r}"
    assert len(set(value)) == len(value), f"{where} has duplicates: {value!r}"
    return value


def _check_common(pattern: dict[str, Any], cameo_codes: dict[str, str]) -> None:
    pid = pattern.get("id")
    assert isinstance(pid, str) and ID_RE.match(pid), f"bad id {pid!r}"
    for lemma in _string_list(pattern, "lemmas"):
        assert LEMMA_RE.match(lemma), f"{pid}: lemma {lemma!r} is not a lower-case base form"
    code = pattern.get("code")
    assert isinstance(code, str), f"{pid}: code {code!r} must be a quoted string"
    assert code in cameo_codes, f"{pid}: code {code} is not in cameo_codes.tsv"
    assert len(code) >= 3, f"{pid}: code {code} is a root heading, use the 0-suffixed code"
    if "target_optional" in pattern:
        assert isinstance(pattern["target_optional"], bool), f"{pid}: target_optional must be true/false"
    if "note" in pattern:
        assert isinstance(pattern["note"], str) and pattern["note"].strip(), f"{pid}: empty note"


def test_ids_are_unique_across_both_files(verbs: list[dict[str, Any]], nouns: list[dict[str, Any]]) -> None:
    counts = Counter(pattern.get("id") for pattern in [*verbs, *nouns])
    assert not [pid for pid, n in counts.items() if n > 1]


def test_codes_are_quoted_in_the_source_text() -> None:
    # yaml would turn an unquoted 010 into 10 and 0874 into a string only by accident
    for name in ("verbs.yaml", "nouns.yaml"):
        text = (EVENTS / name).read_text(encoding="utf-8")
        unquoted = re.findall(r"\bcode:\s*(?!\")(\S+)", text)
        assert not unquoted, f"{name}: unquoted codes {unquoted[:5]}"


def test_verb_patterns_are_valid(verbs: list[dict[str, Any]], cameo_codes: dict[str, str]) -> None:
    for pattern in verbs:
        pid = pattern.get("id")
        assert set(pattern) <= VERB_KEYS, f"{pid}: unknown keys {set(pattern) - VERB_KEYS}"
        assert {"id", "lemmas", "code", "target"} <= set(pattern), f"{pid}: id, lemmas, code, target required"
        _check_common(pattern, cameo_codes)
        target = pattern["target"]
        assert target in VERB_TARGETS, f"{pid}: target {target!r} not in {VERB_TARGETS}"
        if target == "prep":
            _string_list(pattern, "prep")
        else:
            assert "prep" not in pattern, f"{pid}: prep given but target is {target}"
        if target == "none":
            assert "target_optional" not in pattern, f"{pid}: target_optional with target none"
        if "object" in pattern:
            for lemma in _string_list(pattern, "object"):
                assert LEMMA_RE.match(lemma), f"{pid}: object {lemma!r} is not a lemma"
        if "object_sector" in pattern:
            sectors = _string_list(pattern, "object_sector")
            assert set(sectors) <= SECTORS, f"{pid}: unknown sectors {set(sectors) - SECTORS}"
        if "xcomp" in pattern:
            for lemma in _string_list(pattern, "xcomp"):
                assert LEMMA_RE.match(lemma), f"{pid}: xcomp {lemma!r} is not a lemma"
        if "particle" in pattern:
            particle = pattern["particle"]
            assert isinstance(particle, str) and particle.isalpha(), f"{pid}: particle {particle!r}"


def test_noun_patterns_are_valid(nouns: list[dict[str, Any]], cameo_codes: dict[str, str]) -> None:
    for pattern in nouns:
        pid = pattern.get("id")
        assert set(pattern) <= NOUN_KEYS, f"{pid}: unknown keys {set(pattern) - NOUN_KEYS}"
        assert {"id", "lemmas", "code", "source", "target"} <= set(pattern), f"{pid}: missing keys"
        _check_common(pattern, cameo_codes)
        sources = _string_list(pattern, "source")
        assert set(sources) <= NOUN_SOURCES, f"{pid}: unknown sources {set(sources) - NOUN_SOURCES}"
        targets = _string_list(pattern, "target", allow_empty=True)
        assert set(targets) <= NOUN_TARGETS, f"{pid}: unknown target preps {set(targets) - NOUN_TARGETS}"
        if not targets:
            assert pattern.get("target_optional") is True, f"{pid}: an empty target needs target_optional"


def _shadow_keys(pattern: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    keys = []
    for lemma in pattern["lemmas"]:
        for kind in ("object", "xcomp"):
            keys += [(lemma, pattern.get("particle"), kind, item) for item in pattern.get(kind, ())]
    return keys


def _targets_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["target"] != b["target"]:
        return False
    if a["target"] != "prep":
        return True
    return bool(set(a["prep"]) & set(b["prep"]))


def test_no_verb_pattern_is_hidden_by_an_earlier_one(verbs: list[dict[str, Any]]) -> None:
    # Same lemma, particle and object/xcomp lemma, overlapping target slot, different code: the
    # later pattern could never win. (Sector constraints may overlap on purpose and are not checked.)
    first: dict[tuple[str, str | None, str, str], list[dict[str, Any]]] = {}
    clashes = []
    for pattern in verbs:
        for key in _shadow_keys(pattern):
            for earlier in first.get(key, []):
                if earlier["code"] != pattern["code"] and _targets_overlap(earlier, pattern):
                    clashes.append((key, earlier["id"], pattern["id"]))
            first.setdefault(key, []).append(pattern)
    assert not clashes, clashes[:10]


def test_general_verb_patterns_do_not_repeat(verbs: list[dict[str, Any]]) -> None:
    # Two unconstrained patterns with the same lemma and the same target slot are ambiguous.
    constraints = ("object", "object_sector", "particle", "xcomp")
    seen: dict[tuple[str, str, frozenset[str]], str] = {}
    for pattern in verbs:
        if any(key in pattern for key in constraints):
            continue
        for lemma in pattern["lemmas"]:
            key = (lemma, pattern["target"], frozenset(pattern.get("prep", ())))
            assert key not in seen, f"{pattern['id']} repeats {seen[key]} for {lemma!r}"
            seen[key] = pattern["id"]


def test_every_cameo_root_has_verb_patterns(verbs: list[dict[str, Any]], cameo_codes: dict[str, str]) -> None:
    roots = {code[:2] for code in cameo_codes if len(code) == 2}
    assert len(roots) == 20
    covered = {pattern["code"][:2] for pattern in verbs}
    assert roots <= covered, sorted(roots - covered)


def test_the_files_are_large_enough(verbs: list[dict[str, Any]], nouns: list[dict[str, Any]]) -> None:
    assert len(verbs) >= 300
    assert len(nouns) >= 60


@pytest.mark.parametrize(
    ("lemma", "constraint", "value", "code"),
    [
        # sense distinctions the files promise (see their header comments)
        ("strike", "object", "deal", "057"),
        ("release", "object", "prisoner", "0841"),
        ("impose", "object", "sanction", "163"),
        ("fire", "object", "missile", "195"),
        ("call", "particle", "off", "082"),
        ("threaten", "xcomp", "invade", "1382"),
    ],
)
def test_sense_distinctions(
    verbs: list[dict[str, Any]], lemma: str, constraint: str, value: str, code: str
) -> None:
    matches = []
    for pattern in verbs:
        if lemma not in pattern["lemmas"]:
            continue
        have = pattern.get(constraint)
        if have == value or (isinstance(have, list) and value in have):
            matches.append(pattern["code"])
    assert matches and matches[0] == code, (lemma, constraint, value, matches)


def test_unconstrained_fire_and_release_do_not_code(verbs: list[dict[str, Any]]) -> None:
    # "fire an official" and "release a report" must not match a general pattern
    for pattern in verbs:
        general = not any(key in pattern for key in ("object", "object_sector", "particle", "xcomp"))
        if general and {"fire", "release"} & set(pattern["lemmas"]):
            assert pattern["target"] == "prep" and not pattern.get("target_optional"), pattern["id"]
