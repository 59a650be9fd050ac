"""The actor dictionary: our YAML files (``resources/actors/``) loaded into one matcher.

Every name, adjective, capital, seat of government, IGO name, organisation, person name, title
and generic agent word becomes a pattern of one Aho-Corasick automaton (pyahocorasick), so a
whole article is scanned once, whatever the number of patterns. A pattern maps to one or more
:class:`Entry` values (what the phrase can mean); the actor stage picks among them with the
parse and the article's date. ``--actors FILE`` (setting ``actors_file``) adds or overrides
entries in the same format.

Case: patterns written with capitals ("US", "Putin") match only text with capitals in the same
places, so "us" is not the United States; lower-case patterns (generic words) match any case.
Curly apostrophes in the text match straight ones in patterns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from ..errors import ConfigError

try:  # libyaml's parser is several times faster on the people files
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

#: Kinds of entries, in the order they win when one phrase has several meanings.
KIND_ORDER = (
    "person",
    "igo",
    "organization",
    "seat",
    "country",
    "adjective",
    "capital",
    "title",
    "agent",
    "anaphor",
)
#: Entries that name a particular actor (as opposed to a generic word).
NAMED_KINDS = frozenset({"person", "igo", "organization", "seat", "country", "adjective", "capital"})


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    name: str
    cameo: str
    plover: str


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    of: str
    sector: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str
    country: str | None
    roles: tuple[Role, ...]

    def roles_on(self, day: dt.date) -> list[Role]:
        return [r for r in self.roles if r.held_on(day)]

    def last_role_before(self, day: dt.date) -> Role | None:
        ended = [r for r in self.roles if r.end is not None and r.end < day]
        return max(ended, key=lambda r: r.end or dt.date.min) if ended else None


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    capital_means_government: bool
    sector: str | None  # PRE for breakaway territories
    key: str  # iso3, or the territory's own key
    territory: bool = False  # a dependent territory (it has a sovereign state)
    dissolved: dt.date | None = None  # the last day of a state that no longer exists


@dataclass(frozen=True, slots=True)
class Igo:
    code: str
    plover: str
    name: str
    sector: str


@dataclass(frozen=True, slots=True)
class Organization:
    key: str
    name: str
    country: str | None
    sector: str
    code: str | None
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One meaning of a dictionary phrase.

    ``kind`` is one of :data:`KIND_ORDER`; ``key`` points into the matching table (a country's
    key, an IGO code, an organisation or person key, a sector code for titles and agents).
    ``also`` is a second sector for titles such as "defence minister" (GOV, also MIL).
    """

    kind: str
    key: str
    sector: str | None = None
    also: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A dictionary phrase found in a text: character span and its possible meanings."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]


@dataclass
class ActorDictionary:
    sectors: dict[str, Sector] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    igos: dict[str, Igo] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region name → ISO3s
    country_points: dict[str, tuple[float, float]] = field(default_factory=dict)  # ISO3 → lat, lon
    region_points: dict[str, tuple[float, float]] = field(default_factory=dict)  # region → lat, lon
    #: lower-cased pattern → {written form → entries}
    patterns: dict[str, dict[str, list[Entry]]] = field(default_factory=dict)
    _automaton: Any = None

    # -- lookups ---------------------------------------------------------------------------
    def cameo_sector(self, sector: str | None) -> str:
        if not sector:
            return ""
        known = self.sectors.get(sector)
        return known.cameo if known else sector

    def entries(self, phrase: str) -> list[Entry]:
        """Every meaning of an exact phrase (case rules as in the text matcher)."""
        found: list[Entry] = []
        for written, entries in self.patterns.get(_fold(phrase), {}).items():
            if _case_fits(written, phrase):
                found.extend(entries)
        return sorted(found, key=lambda e: KIND_ORDER.index(e.kind))

    # -- matching --------------------------------------------------------------------------
    def find(self, text: str) -> Iterator[Hit]:
        """Leftmost-longest dictionary phrases of ``text`` that start and end at word
        boundaries and fit the case rules. Overlapping shorter phrases are not reported."""
        automaton = self._build()
        folded = _fold(text)
        best_end = -1
        candidates: list[tuple[int, int, str]] = []
        for end_index, key in automaton.iter(folded):
            end = end_index + 1
            start = end - len(key)
            if not _boundary(folded, start, end):
                continue
            candidates.append((start, end, key))
        # Prefer the longest phrase starting earliest; drop phrases inside a chosen one.
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        for start, end, key in candidates:
            if start < best_end:
                continue
            written = text[start:end]
            entries = [e for w, es in self.patterns[key].items() if _case_fits(w, written) for e in es]
            if not entries:
                continue
            best_end = end
            yield Hit(
                start, end, written, tuple(sorted(set(entries), key=lambda e: KIND_ORDER.index(e.kind)))
            )

    def _build(self) -> Any:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key in self.patterns:
                automaton.add_word(key, key)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    # -- building --------------------------------------------------------------------------
    def add_pattern(self, written: str, entry: Entry) -> None:
        written = " ".join(str(written).replace("’", "'").split())
        if not written:
            return
        forms = {written}
        if written.lower().startswith("the ") and entry.kind != "anaphor":  # "the alliance" needs its "the"
            forms.add(written[4:])
        for form in forms:
            self.patterns.setdefault(_fold(form), {}).setdefault(form, [])
            if entry not in self.patterns[_fold(form)][form]:
                self.patterns[_fold(form)][form].append(entry)
        self._automaton = None

    def load(self, data: dict[str, Any], origin: str) -> None:
        """Add the entries of one parsed YAML file (any of the top-level keys)."""
        try:
            for item in data.get("sectors") or ():
                self._load_sector(item)
            for item in data.get("titles") or ():
                for word in item.get("words") or ():
                    self.add_pattern(word, Entry("title", item["sector"], item["sector"], item.get("also")))
            for item in data.get("countries") or ():
                self._load_country(item)
            for item in data.get("regions") or ():
                names = [item["name"], *(item.get("names") or ())]
                for name in names:
                    folded = _fold(name).removeprefix("the ")
                    self.regions[folded] = tuple(item.get("countries") or ())
                    if item.get("lat") is not None and item.get("lon") is not None:
                        self.region_points[folded] = (float(item["lat"]), float(item["lon"]))
            for item in data.get("igos") or ():
                self._load_igo(item)
            for item in data.get("organisations") or data.get("organizations") or ():
                self._load_organization(item)
            for item in data.get("people") or ():
                self._load_person(item)
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"{origin}: bad actor dictionary entry ({type(e).__name__}: {e})") from e

    def _load_sector(self, item: dict[str, Any]) -> None:
        code = str(item["code"])
        self.sectors[code] = Sector(code, str(item.get("name") or code), str(item.get("cameo") or ""), code)
        for word in item.get("words") or ():
            self.add_pattern(word, Entry("agent", code, code))

    def _load_country(self, item: dict[str, Any]) -> None:
        iso3 = str(item["iso3"])
        key = str(item.get("key") or iso3)
        sector = item.get("sector")
        self.countries[key] = Country(
            iso3,
            str(item["name"]),
            bool(item.get("capital_means_government")),
            sector,
            key,
            "sovereign" in item,
            _date(item.get("dissolved")),
        )
        if item.get("lat") is not None and item.get("lon") is not None and key == iso3:
            self.country_points[iso3] = (float(item["lat"]), float(item["lon"]))
        for name in [item["name"], *(item.get("names") or ())]:
            self.add_pattern(name, Entry("country", key, sector))
        for adjective in item.get("adjectives") or ():
            self.add_pattern(adjective, Entry("adjective", key, sector))
        capitals = [item.get("capital"), *(item.get("capital_names") or ())]
        for capital in filter(None, capitals):
            self.add_pattern(
                capital, Entry("capital", key, "GOV" if item.get("capital_means_government") else None)
            )
        for seat in item.get("seats") or ():
            self.add_pattern(seat, Entry("seat", key, "GOV"))
        for seat in item.get("seats_military") or ():
            self.add_pattern(seat, Entry("seat", key, "MIL"))

    def _load_igo(self, item: dict[str, Any]) -> None:
        code = str(item["code"])
        sector = str(item.get("sector") or "IGO")
        self.igos[code] = Igo(code, str(item.get("plover") or "IGO"), str(item["name"]), sector)
        for name in [item["name"], *(item.get("names") or ())]:
            self.add_pattern(name, Entry("igo", code, sector))
        for anaphor in item.get("anaphors") or ():
            self.add_pattern(anaphor, Entry("anaphor", code, sector))

    def _load_organization(self, item: dict[str, Any]) -> None:
        name = str(item["name"])
        key = f"{name}|{item.get('country') or ''}|{item.get('start') or ''}"
        self.organizations[key] = Organization(
            key,
            name,
            item.get("country") or None,
            str(item.get("sector") or ""),
            item.get("code"),
            _date(item.get("start")),
            _date(item.get("end")),
        )
        for written in [name, *(item.get("names") or ())]:
            self.add_pattern(written, Entry("organization", key, item.get("sector")))

    def _load_person(self, item: dict[str, Any]) -> None:
        name = str(item["name"])
        key = f"{name}|{item.get('country') or ''}"
        roles = tuple(
            Role(
                str(r["title"]),
                str(r["of"]),
                str(r.get("sector") or "GOV"),
                _date(r.get("start")),
                _date(r.get("end")),
            )
            for r in item.get("roles") or ()
        )
        previous = self.people.get(key)
        if previous is not None:  # a user file adds roles to a person we know
            roles = previous.roles + tuple(r for r in roles if r not in previous.roles)
        self.people[key] = Person(key, name, item.get("country") or None, roles)
        for written in [name, *(item.get("names") or ())]:
            self.add_pattern(written, Entry("person", key))


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _fold(text: str) -> str:
    """Lower case and straight apostrophes, keeping every character's position."""
    lowered = text.lower()
    if len(lowered) == len(text):  # almost always: no character changes length when lowered
        return lowered.replace("’", "'")
    out = []
    for char in text:
        low = char.lower()
        out.append(low if len(low) == 1 else char)
    return "".join(out).replace("’", "'")


def _boundary(folded: str, start: int, end: int) -> bool:
    """Whole words only; "pro-Russian" and "anti-American" are not mentions of the country."""
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    if before.isalnum() or after.isalnum():
        return False
    return not (before == "-" and folded[max(0, start - 5) : start].endswith(("pro-", "anti-")))


def _case_fits(written: str, text: str) -> bool:
    """Every capital of the pattern is a capital in the text. (Capitals in the text where the
    pattern has none are fine: "The alliance" at a sentence start, headlines.)"""
    text = text.replace("’", "'")
    if len(written) != len(text):
        return False
    return all(not w.isupper() or t.isupper() for w, t in zip(written, text, strict=True))


def resource_files() -> list[Path]:
    base = files("watchfloor.resources").joinpath("actors")
    paths = [
        Path(str(base.joinpath(n)))
        for n in ("sectors.yaml", "countries.yaml", "igos.yaml", "organisations.yaml")
    ]
    people = Path(str(base.joinpath("people")))
    return [p for p in paths if p.exists()] + sorted(people.glob("*.yaml"))


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:  # ValueError: a bad date
        raise ConfigError(f"{path}: cannot read actor dictionary ({e})") from e
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: an actor dictionary is a mapping (sectors:, countries:, people: …)")
    return data


@cache
def load_dictionary(extra: tuple[str, ...] = ()) -> ActorDictionary:
    """Our dictionaries plus the user's files (``--actors``), loaded once per process."""
    dictionary = ActorDictionary()
    for path in [*resource_files(), *(Path(p) for p in extra if p)]:
        dictionary.load(read_yaml(path), str(path))
    return dictionary
