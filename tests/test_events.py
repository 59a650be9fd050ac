"""The event stage: verb and noun patterns, roles from syntax, flags, dates, statements, the seed."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

import watchfloor.stages.events  # noqa: F401 - registers the event stage
from watchfloor.pipeline import Pipeline
from watchfloor.settings import load_settings
from watchfloor.stages.events import _relative_day
from watchfloor.stages.furniture import load_furniture_rules
from watchfloor.stages.prepare import prepare_article
from watchfloor.types import Event, RawArticle

STAGES = (
    "segment.sentences.v1",
    "quotes.attribution.v1",
    "actors.resolve.v1",
    "places.geonames.v1",
    "events.cameo.v1",
)


@cache
def _pipeline() -> Pipeline:
    return Pipeline(load_settings(), STAGES)


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


@pytest.mark.slow
def test_subject_verb_object_with_coordination_and_passive() -> None:
    found = triples(code("Russia and Belarus attacked Ukraine. Poland was criticized by Hungary."))
    assert ("RUS", "19", "UKR") in found and ("BLR", "19", "UKR") in found
    assert ("HUN", "11", "POL") in found


@pytest.mark.slow
def test_flags_negation_hypothesis_and_future() -> None:
    text = "Russia did not attack Ukraine. China would condemn Japan. Iran will sanction Israel."
    by_text = {e.evidence: e for e in code(text)}
    negated = next(e for e in by_text.values() if e.source == "RUS")
    assert negated.negated and not negated.hypothetical
    assert next(e for e in by_text.values() if e.source == "CHN").hypothetical
    assert next(e for e in by_text.values() if e.source == "IRN").future


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
