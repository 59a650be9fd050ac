"""The place stage: GeoNames cities, countries, regions and US states, ranked by context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pytest

from watchfloor.nlp import load_nlp
from watchfloor.settings import load_settings
from watchfloor.stages.actor_dictionary import load_dictionary
from watchfloor.stages.actors import ActorResolver
from watchfloor.stages.places import PlaceResolver, load_gazetteer
from watchfloor.types import Place

pytestmark = pytest.mark.slow


@cache
def _nlp():  # type: ignore[no-untyped-def]
    return load_nlp(load_settings().model)


def places(text: str) -> dict[str, Place]:
    doc = _nlp()(text)
    dictionary = load_dictionary()
    mentions = ActorResolver(dictionary).mentions("t", doc, dt.date(2024, 1, 1))
    context = Counter(m.country for m in mentions if m.country)
    found = PlaceResolver(dictionary, load_gazetteer()).places("t", doc, [0], context)
    return {p.text: p for p in found}


def test_cities_countries_regions_and_states() -> None:
    found = places(
        "Russian forces shelled Kharkiv and eastern Ukraine on Monday, while ministers met in "
        "the Middle East. Farmers in Texas and officials in Britain watched."
    )
    kharkiv = found["Kharkiv"]
    assert (kharkiv.kind, kharkiv.country) == ("city", "UKR") and kharkiv.geonames_id
    assert 49 < (kharkiv.lat or 0) < 51 and 35 < (kharkiv.lon or 0) < 37
    assert (found["eastern Ukraine"].kind, found["eastern Ukraine"].country) == ("region", "UKR")
    assert found["the Middle East"].kind == "region"
    assert (found["Texas"].kind, found["Texas"].country, found["Texas"].admin1) == ("admin1", "USA", "TX")
    britain = found["Britain"]
    assert (britain.kind, britain.country) == ("country", "GBR") and britain.lat is not None


def test_other_spellings_resolve_to_the_geonames_name() -> None:
    found = places("Rockets hit Kiev overnight.")
    assert found["Kiev"].name == "Kyiv" and found["Kiev"].country == "UKR"


def test_washington_is_the_us_capital() -> None:
    found = places("Officials in Washington said the bill would pass the Senate.")
    assert (found["Washington"].country, found["Washington"].admin1) == ("USA", "DC")


def test_the_article_countries_rank_candidates() -> None:
    # Two Hyderabads: India's is far larger, but a story about Pakistan means Pakistan's.
    assert places("Flooding hit Hyderabad, officials said.")["Hyderabad"].country == "IND"
    pakistani = places("Pakistan's army said flooding hit Hyderabad in Sindh, and Pakistani troops helped.")
    assert pakistani["Hyderabad"].country == "PAK"


def test_unknown_names_are_not_places() -> None:
    assert "Zzyzxville" not in places("Residents of Zzyzxville gathered.")
