"""The event stage: verb and noun patterns, roles from syntax, flags, dates, statements, the seed."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from watchfloor.pipeline import Pipeline
from watchfloor.settings import load_settings
from watchfloor.stages.events import _before_the_article, _relative_day
from watchfloor.stages.furniture import load_furniture_rules
from watchfloor.stages.prepare import prepare_article
from watchfloor.types import Event, RawArticle


@cache
def _pipeline() -> Pipeline:
    return Pipeline(load_settings())  # the default stages end with the event coder


def code(text: str, published: str = "2024-03-20") -> list[Event]:
    settings = load_settings()
    article, _ = prepare_article(
        RawArticle(text=text, origin="test", published=published),
        rules=load_furniture_rules(),
        settings=settings,
    )
    analysis = _pipeline()(article)
    assert analysis.error is None, analysis.error
    return list(analysis.events)


def triples(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.root, e.target) for e in events}


def test_relative_days_move_the_article_date() -> None:
    sunday = dt.date(2022, 3, 20)
    assert _relative_day(["yesterday"], sunday) == dt.date(2022, 3, 19)
    assert _relative_day(["on", "friday"], sunday) == dt.date(2022, 3, 18)
    assert _relative_day(["on", "sunday"], sunday) == sunday
    assert _relative_day(["last", "week"], sunday) == dt.date(2022, 3, 13)
    assert _relative_day(["in", "march"], sunday) is None
    # earlier years and months without a day: no date at all
    assert _before_the_article(["in", "2014"], sunday) and _before_the_article(["last", "year"], sunday)
    assert _before_the_article(["two", "years", "ago"], sunday)
    assert not _before_the_article(["in", "2022"], sunday) and not _before_the_article(
        ["on", "friday"], sunday
    )


@pytest.mark.slow
def test_subject_verb_object_with_coordination_and_passive() -> None:
    found = triples(code("Russia and Belarus attacked Ukraine. Poland was criticized by Hungary."))
    assert ("RUS", "19", "UKR") in found and ("BLR", "19", "UKR") in found
    assert ("HUN", "11", "POL") in found


@pytest.mark.slow
def test_flags_negation_hypothesis_and_future() -> None:
    text = "Russia did not attack Ukraine. China would condemn Japan. Iran will condemn Israel."
    by_text = {e.evidence: e for e in code(text)}
    negated = next(e for e in by_text.values() if e.source == "RUS")
    assert negated.negated and not negated.hypothetical
    assert next(e for e in by_text.values() if e.source == "CHN").hypothetical
    assert next(e for e in by_text.values() if e.source == "IRN").future


@pytest.mark.slow
def test_promised_and_threatened_acts_are_intents_and_threats() -> None:
    """What is promised is an intent to cooperate (03), what is threatened or announced as a
    coming blow a threat (13), a refused cooperation a rejection (12); each is a real event."""
    found = {e.source: e for e in code("Finland will give Tanzania economic aid.")}
    assert found["FIN"].root == "03" and not found["FIN"].hypothetical and not found["FIN"].future
    found = {e.source: e for e in code("Iran will impose sanctions on Israel.")}
    assert found["IRN"].cameo == "1312" and found["IRN"].target == "ISR"
    found = {e.source: e for e in code("Syria said it is willing to withdraw its troops from Lebanon.")}
    assert found["SYR"].root == "03"
    found = {e.source: e for e in code("Turkey threatened to invade Syria.")}
    assert found["TUR"].root == "13" and found["TUR"].target == "SYR" and not found["TUR"].hypothetical
    # "could" stays a possibility, and what is demanded of someone has not happened
    assert all(e.hypothetical for e in code("Russia could attack Ukraine.") if e.root == "19")
    demanded = code("Britain demanded that Sudan release the prisoners.")
    assert all(e.hypothetical for e in demanded if e.source == "SDN")


@pytest.mark.slow
def test_reported_attacks_accuse_only_for_the_victim_side() -> None:
    """In reported speech, "Ukraine said Russia shelled Kharkiv" is an accusation by Ukraine;
    "police said guerrillas wounded two British soldiers" is the police reporting."""
    accused = code("Ukraine said Russian troops attacked Ukrainian soldiers near Kharkiv.")
    assert any(e.source == "UKR" and e.root == "11" for e in accused)
    reported = code("Irish guerrillas wounded two British soldiers on Thursday, police said.")
    assert not any(e.root == "11" for e in reported)
    assert any(e.root == "19" and e.reported for e in reported)


@pytest.mark.slow
def test_sentences_without_a_political_action_yield_nothing() -> None:
    quiet = "The weather was mild and the harvest was good. Children played football in the park."
    assert code(quiet) == []


@pytest.mark.slow
def test_nominal_events_and_the_relative_date() -> None:
    found = code("On Friday, officials discussed Russia's invasion of Ukraine.", published="2022-03-20")
    invasion = next(e for e in found if e.source == "RUS")
    assert invasion.root == "19" and invasion.target == "UKR"


@pytest.mark.slow
def test_quotes_make_the_speaker_the_source_and_are_reported() -> None:
    text = (
        "NATO Secretary General Jens Stoltenberg spoke on Sunday.\n\n"
        "“Russia has attacked Ukraine, and that is a brutal violation of international law,” "
        "Stoltenberg said."
    )
    found = code(text, published="2022-03-20")
    statement = next(e for e in found if e.source == "IGOWSTNAT")
    assert statement.root == "11" and statement.target == "RUS" and statement.reported and statement.quote_id
    attack = next(e for e in found if e.source == "RUS")
    assert attack.reported and attack.root == "19"


@pytest.mark.slow
def test_must_in_a_quote_is_the_speakers_demand() -> None:
    found = code("Russia said on Tuesday that Sudan must return the helicopter.")
    demand = next(e for e in found if e.pattern == "statement-demand")
    assert demand.source == "RUS" and demand.target == "SDN" and demand.root == "10" and demand.reported
    # what must be done is not done
    assert all(e.hypothetical for e in found if e.source == "SDN")


@pytest.mark.slow
def test_non_political_speakers_and_comments_about_no_one_make_no_statement() -> None:
    text = (
        "“The launch went well and the crew is safe,” NASA Administrator Jim Bridenstine said.\n\n"
        "“It is a good sign,” said a scientist at Harvard University."
    )
    assert not [e for e in code(text) if e.pattern.startswith("statement")]


@pytest.mark.slow
def test_modifiers_give_an_actor_and_quantities_are_looked_through() -> None:
    found = code("Israeli army bulldozers demolished the houses of Palestinian farmers.")
    assert any(e.source == "ISRMIL" for e in found)
    found = code("Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.")
    assert any(e.source and e.source.startswith("IRQ") and e.root == "14" for e in found)


@pytest.mark.slow
def test_condemnation_targets_the_actor_the_words_are_about() -> None:
    text = (
        "“We stand with Ukraine against Russia’s brutal aggression,” "
        "NATO Secretary General Jens Stoltenberg said."
    )
    found = code(text, published="2022-03-20")
    condemn = next(e for e in found if e.pattern == "statement-condemn")
    assert condemn.source == "IGOWSTNAT" and condemn.target == "RUS"


@pytest.mark.slow
def test_not_on_the_governing_verb_denies_the_act() -> None:
    found = code("American forces are not going to fight Russian troops in Ukraine.")
    fights = [e for e in found if e.root == "19"]
    assert fights and all(e.negated for e in fights)
    refused = code("Russia did not agree to release the prisoners.")
    assert any(e.cameo == "1243" and not e.negated for e in refused)  # declining to release is real


@pytest.mark.slow
def test_events_of_earlier_years_are_not_dated_on_the_article_day() -> None:
    found = code("Russia invaded Crimea in 2014. Russia attacked Ukraine on Friday.", published="2022-03-20")
    crimea = next(e for e in found if e.root == "19" and "Crimea" in e.evidence)
    assert crimea.date is None and crimea.date_source == "past"
    friday = next(e for e in found if "Friday" in e.evidence)
    assert friday.date == "2022-03-18" and friday.date_source == "relative"


@pytest.mark.slow
def test_a_known_event_named_by_its_possessor_is_a_reference_not_news_of_the_day() -> None:
    found = code(
        "The president spoke about Russia’s war against Ukraine. Russian forces attacked Ukrainian troops."
        " Rebels launched an attack on the town.",
        published="2022-06-22",
    )
    war = next(e for e in found if "war against Ukraine" in e.evidence)
    assert war.root == "19" and war.date is None and war.date_source == "reference"
    attacked = next(e for e in found if "troops" in e.evidence)
    assert attacked.date == "2022-06-22" and attacked.date_source == "article"
    launched = next(e for e in found if "town" in e.evidence)
    assert launched.date == "2022-06-22"  # "an attack": reported, not named as known
