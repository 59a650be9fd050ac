"""The actor stage: dictionary matching, mention grouping, dated offices, anaphors, and the data."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
import yaml

from watchfloor.errors import ConfigError
from watchfloor.nlp import load_nlp
from watchfloor.settings import load_settings
from watchfloor.stages.actor_dictionary import ActorDictionary, load_dictionary, read_yaml, resource_files
from watchfloor.stages.actors import ActorResolver, lookup
from watchfloor.types import Mention

pytestmark = pytest.mark.slow


@cache
def _nlp():  # type: ignore[no-untyped-def]
    return load_nlp(load_settings().model)


def resolve(text: str, day: str = "2022-03-20", dictionary: ActorDictionary | None = None) -> list[Mention]:
    resolver = ActorResolver(dictionary or load_dictionary())
    return resolver.mentions("t", _nlp()(text), dt.date.fromisoformat(day))


def codes(text: str, day: str = "2022-03-20") -> dict[str, str | None]:
    return {m.text: m.actor for m in resolve(text, day)}


# -- the dictionary matcher (no model needed) --------------------------------------------------
def test_matcher_respects_case_and_word_boundaries() -> None:
    d = load_dictionary()
    found = {
        h.text for h in d.find("Let us talk about the US and USA today; Russians and pro-Russian groups.")
    }
    assert {"the US", "USA", "Russians"} <= found
    assert "us" not in found  # a pronoun is not the United States
    assert "Russian" not in found  # "pro-Russian" does not name Russia


def test_matcher_takes_the_longest_phrase_and_folds_curly_apostrophes() -> None:
    d = load_dictionary()
    hits = list(d.find("The Democratic Republic of the Congo and Côte d’Ivoire signed."))
    assert [h.text for h in hits][:1] == ["The Democratic Republic of the Congo"]
    assert any(h.text == "Côte d’Ivoire" and h.entries[0].key == "CIV" for h in hits)


def test_user_file_adds_people_and_roles(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "people": [
                    {
                        "name": "Ilse Varga",
                        "country": "HUN",
                        "roles": [{"title": "Mayor", "of": "HUN", "sector": "GOV", "start": "2020-01-01"}],
                    }
                ]
            }
        )
    )
    d = load_dictionary((str(extra),))
    assert [e.kind for e in d.entries("Ilse Varga")] == ["person"]
    mentions = resolve("Ilse Varga opened the bridge.", dictionary=d)
    assert mentions[0].actor == "HUNGOV" and mentions[0].role == "Mayor"


def test_bad_user_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: X\n    roles:\n      - {title: T, of: RUS, start: not-a-date}\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml"):
        load_dictionary((str(bad),))
    bad.write_text("- just a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        read_yaml(bad)


# -- mentions ----------------------------------------------------------------------------------
def test_title_and_name_make_one_mention_coded_by_office() -> None:
    mentions = resolve("Russia's President Vladimir Putin met French President Emmanuel Macron.")
    by_text = {m.text: m for m in mentions}
    putin = by_text["Russia's President Vladimir Putin"]
    assert (putin.actor, putin.kind, putin.role, putin.resolved_by) == (
        "RUSGOV",
        "person",
        "President",
        "office",
    )
    assert by_text["French President Emmanuel Macron"].actor == "FRAGOV"


def test_offices_follow_the_article_date() -> None:
    assert codes("Jens Stoltenberg spoke.", "2022-03-20")["Jens Stoltenberg"] == "IGOWSTNAT"
    assert codes("Jens Stoltenberg spoke.", "2010-06-01")["Jens Stoltenberg"] == "NORGOV"
    # out of office: an elite of his country
    assert codes("Tony Blair spoke.", "2022-03-20")["Tony Blair"] == "GBRELI"


def test_country_and_agent_words_combine() -> None:
    found = codes("Two Chinese warplanes flew near Taiwan as Ukrainian soldiers and riot police watched.")
    assert found["Two Chinese warplanes"] == "CHNMIL"
    assert found["Ukrainian soldiers"] == "UKRMIL"
    assert found["riot police"] == "COP"  # no country given: the sector alone
    assert found["Taiwan"] == "TWN"


def test_seats_and_capitals_stand_for_governments_but_not_places() -> None:
    found = codes("The Kremlin rejected the offer. Moscow said talks in Moscow would wait.")
    assert found["The Kremlin"] == "RUSGOV"
    mentions = [m for m in resolve("Moscow said talks in Moscow would wait.") if m.text == "Moscow"]
    assert len(mentions) == 1 and mentions[0].start == 0 and mentions[0].kind == "government"


def test_anaphors_and_surnames_refer_back() -> None:
    mentions = resolve(
        "NATO met on Friday. The alliance said it would act. "
        "Emmanuel Macron spoke later. Macron said the president would travel."
    )
    alliance = next(m for m in mentions if m.text == "The alliance")
    nato = next(m for m in mentions if m.text == "NATO")
    assert (
        alliance.actor == "IGOWSTNAT" and alliance.entity == nato.entity and alliance.resolved_by == "anaphor"
    )
    macrons = [m for m in mentions if "Macron" in m.text]
    assert len({m.entity for m in macrons}) == 1
    president = next(m for m in mentions if m.text == "the president")
    assert president.actor == "FRAGOV" and president.entity == macrons[0].entity


def test_the_headline_names_who_an_unnamed_title_is() -> None:
    """A White House transcript says "THE PRESIDENT:"; its headline says which president."""
    resolver = ActorResolver(load_dictionary())
    doc = _nlp()("THE PRESIDENT: Good afternoon. Russia has invaded Ukraine.")
    day = dt.date(2022, 2, 24)
    untitled = next(m for m in resolver.mentions("t", doc, day) if m.text == "THE PRESIDENT")
    assert untitled.actor == "GOV"
    titled = resolver.mentions("t", doc, day, title="Remarks by President Biden on Russia and Ukraine")
    president = next(m for m in titled if m.text == "THE PRESIDENT")
    assert president.actor == "USAGOV" and president.name == "Joe Biden"


def test_unknown_people_take_their_appositive() -> None:
    mentions = resolve("Ivan Petrenko, a Russian opposition leader, was detained.")
    person = next(m for m in mentions if m.text.startswith("Ivan"))
    assert person.actor == "RUSOPP" and person.kind == "person"


def test_unknown_person_without_context_is_kept_unresolved() -> None:
    mentions = resolve("Jonas Kettleby arrived on Tuesday.")
    assert mentions and mentions[0].actor is None and mentions[0].resolved_by == "unresolved"
    assert mentions[0].name == "Jonas Kettleby"


def test_lookup_explains_the_dictionary_meanings() -> None:
    result = lookup("Vladimir Putin", day=dt.date(2022, 3, 1), nlp=_nlp())
    assert result.mentions[0].actor == "RUSGOV"
    meanings = [m for h in result.hits for m in result.meanings(h)]
    assert any("President of RUS" in m and "(held)" in m for m in meanings)


# -- the data ------------------------------------------------------------------------------
def test_every_dictionary_file_loads_and_references_known_codes() -> None:
    d = load_dictionary()
    assert {p.name for p in resource_files()} >= {"sectors.yaml", "countries.yaml", "igos.yaml"}
    known = {c.iso3 for c in d.countries.values()} | set(d.igos)
    bad = [(p.name, r.of) for p in d.people.values() for r in p.roles if r.of not in known]
    assert not bad, bad[:10]
    bad_sectors = [
        (p.name, r.sector) for p in d.people.values() for r in p.roles if r.sector not in d.sectors
    ]
    assert not bad_sectors, bad_sectors[:10]
    backwards = [
        (p.name, r.title) for p in d.people.values() for r in p.roles if r.start and r.end and r.end < r.start
    ]
    assert not backwards, backwards[:10]


def test_heads_of_state_cover_every_country_since_2015() -> None:
    """Every UN member has someone coded as its government on the first day of each year."""
    d = load_dictionary()
    holders: dict[str, set[int]] = {}
    for person in d.people.values():
        for role in person.roles:
            if role.sector != "GOV" or role.of not in d.countries:
                continue
            for year in range(2015, 2027):
                if role.held_on(dt.date(year, 1, 1)):
                    holders.setdefault(role.of, set()).add(year)
    states = [
        c.iso3
        for c in d.countries.values()
        if c.key == c.iso3 and c.sector is None and not c.territory and not c.dissolved
    ]
    assert len(states) >= 197
    missing = [
        (iso3, year) for iso3 in states for year in range(2015, 2027) if year not in holders.get(iso3, set())
    ]
    assert not missing, missing[:40]


def test_he_and_she_refer_to_a_recent_person_but_not_the_clause_subject() -> None:
    mentions = resolve("Vladimir Putin arrived in Beijing. He met Xi Jinping, who greeted him warmly.")
    by_text = {m.text: m for m in mentions}
    putin, xi = by_text["Vladimir Putin"], by_text["Xi Jinping"]
    assert by_text["He"].entity == putin.entity and by_text["He"].resolved_by == "pronoun"
    assert by_text["him"].entity == putin.entity != xi.entity
    # nobody named for a long stretch: a pronoun stays unresolved rather than guessed
    far = resolve(
        "Vladimir Putin spoke. " + "The weather was cold and the roads were icy. " * 20 + "He left."
    )
    assert not any(m.text == "He" for m in far)


def test_breakaway_entities_are_coded_with_the_state_that_claims_them() -> None:
    text = "Transnistria and South Ossetia held votes. The Soviet Union fell."
    mentions = {m.text: m for m in resolve(text)}
    assert (mentions["Transnistria"].country, mentions["Transnistria"].sector) == ("MDA", "PRE")
    assert (mentions["South Ossetia"].country, mentions["South Ossetia"].sector) == ("GEO", "PRE")
    assert mentions["The Soviet Union"].actor == "SUN"
