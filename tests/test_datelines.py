"""Wire datelines ("MOSCOW, March 20 (Reuters) — ") are sentences of their own: their city is
where the story was filed, never a quote's speaker or an actor."""

from __future__ import annotations

import pytest

from watchfloor import extract
from watchfloor.nlp import dateline_end


@pytest.mark.parametrize(
    "opening",
    [
        "MOSCOW, March 20 (Reuters) — ",
        "KYIV (AP) — ",
        "WASHINGTON — ",
        "NEW YORK, 3 March (Steppe Bulletin) - ",
        "PORT-AU-PRINCE, Haiti, Jan. 5 -- ",
        "BAKU, Azerbaijan – ",
    ],
)
def test_datelines_are_recognised(opening: str) -> None:
    text = opening + "The minister said talks would resume."
    assert dateline_end(text) == len(opening)


@pytest.mark.parametrize(
    "text",
    [
        "The president said — and repeated — that talks would resume.",
        "US troops crossed the river.",
        "Moscow, the capital, said nothing.",
        "UKRAINE",
    ],
)
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert dateline_end(text) is None


@pytest.mark.slow
def test_the_dateline_city_is_not_the_speaker_or_an_actor() -> None:
    result = extract(
        "MOSCOW, March 20 (Steppe Bulletin) — Kremlin spokesman Dmitry Peskov said on Friday that the"
        " deployment of weapons in Belarus was a response to NATO.\n\n"
        "SEOUL — South Korea's foreign minister said talks would resume next week.",
        published="2026-03-20",
    )
    text = result.article.text
    assert [text[s.start : s.end].strip() for s in result.sentences][:2] == [
        "MOSCOW, March 20 (Steppe Bulletin) —",
        "Kremlin spokesman Dmitry Peskov said on Friday that the deployment of weapons in Belarus was"
        " a response to NATO.",
    ]
    speakers = {result.speakers[q.speaker].name for q in result.quotes if q.speaker is not None}
    assert "Dmitry Peskov" in speakers and not any(s and s.isupper() for s in speakers)
    assert not [m for m in result.mentions if m.text in ("MOSCOW", "SEOUL")]
    assert {p.text for p in result.places} >= {"MOSCOW", "SEOUL"}
