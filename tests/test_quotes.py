"""The quote stage: quotation marks, frames, reported speech, speakers, and robustness."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from watchfloor.pipeline import Pipeline
from watchfloor.settings import load_settings
from watchfloor.stages.furniture import load_furniture_rules
from watchfloor.stages.prepare import prepare_article
from watchfloor.stages.quote_marks import find_quoted_spans
from watchfloor.types import Analysis, Article, Quote, RawArticle


@cache
def _pipeline() -> Pipeline:
    return Pipeline(load_settings())


def analyse(text: str) -> tuple[Article, Analysis]:
    settings = load_settings()
    article, _ = prepare_article(
        RawArticle(text=text, origin="test"), rules=load_furniture_rules(), settings=settings
    )
    analysis = _pipeline()(article)
    assert analysis.error is None, analysis.error
    return article, analysis


def paragraphs_of(text: str) -> tuple[tuple[int, int], ...]:
    spans, pos = [], 0
    for block in text.split("\n"):
        spans.append((pos, pos + len(block)))
        pos += len(block) + 1
    return tuple(spans)


def speaker_name(analysis: Analysis, quote: Quote) -> str | None:
    return analysis.speakers[quote.speaker].name if quote.speaker is not None else None


def quote_containing(analysis: Analysis, words: str) -> Quote:
    found = [q for q in analysis.quotes if words in q.text]
    assert len(found) == 1, [q.text for q in analysis.quotes]
    return found[0]


# -- quotation marks ---------------------------------------------------------------------------
def test_marks_curly_and_straight() -> None:
    text = '“We are ready,” she said. He said "no way at all" today.'
    spans = find_quoted_spans(text, paragraphs_of(text))
    assert [text[s.start : s.end] for s in spans] == ["We are ready,", "no way at all"]
    assert all(s.closed for s in spans)


def test_marks_apostrophes_are_not_quotes() -> None:
    text = "Russia’s army and NATO's leaders don't agree, the alliance’s chief said."
    assert find_quoted_spans(text, paragraphs_of(text)) == []


def test_marks_unclosed_quote_ends_with_its_paragraph_and_continues_into_a_quote_paragraph() -> None:
    text = "“First part of it.\n“Second part,” he said.\nNarration here."
    spans = find_quoted_spans(text, paragraphs_of(text))
    assert [text[s.start : s.end] for s in spans] == ["First part of it.", "Second part,"]
    assert not spans[0].closed and spans[0].close_at is None
    assert spans[1].continues == 0


def test_marks_open_while_open_recovers_at_the_last_sentence_end() -> None:
    text = "“One thing. Then narration follows “Two things,” he said."
    spans = find_quoted_spans(text, paragraphs_of(text))
    assert [text[s.start : s.end] for s in spans] == ["One thing.", "Two things,"]
    assert [s.closed for s in spans] == [False, True]


def test_marks_orphan_closing_mark_is_ignored() -> None:
    text = "He left” and then “came back,” she said."
    spans = find_quoted_spans(text, paragraphs_of(text))
    assert [text[s.start : s.end] for s in spans] == ["came back,"]


def test_marks_single_quotes_only_without_double_ones() -> None:
    british = "'We will win,' the minister said. The army's plan held."
    assert [british[s.start : s.end] for s in find_quoted_spans(british, paragraphs_of(british))] == [
        "We will win,"
    ]
    nested = "“He told me ‘never again’ twice,” she said."
    assert [nested[s.start : s.end] for s in find_quoted_spans(nested, paragraphs_of(nested))] == [
        "He told me ‘never again’ twice,"
    ]


_PIECES = st.sampled_from(
    ["“", "”", '"', "‘", "’", "'", " ", "\n", "\n\n", "word", "said", ",", ".", "—", "ab"]
)


@given(st.lists(_PIECES, max_size=80))
def test_marks_never_raise_and_stay_inside_paragraphs(pieces: list[str]) -> None:
    text = "".join(pieces)
    paragraphs = paragraphs_of(text)
    for span in find_quoted_spans(text, paragraphs):
        lo, hi = paragraphs[span.paragraph]
        assert lo <= span.open_at < span.start < span.end <= hi
        assert span.close_at is None or span.end <= span.close_at < hi


# -- patterns (sentences written for these tests) -------------------------------------------------
STORY = """Foreign Minister Anna Berg warned on Tuesday that the talks could collapse.

"We will not back down," said Marcus Vell, a spokesman for the Defence Ministry. "Not this week, not ever."

The minister told reporters that the convoy had been stopped at the border. She said: "This is a provocation."

“We are ready,” she added, “but we need guarantees.”

“Nobody should doubt our resolve on this matter.

“The convoy will move again when the road is safe,” Berg said.

Officials said the ceasefire was holding. According to the United Nations, 300 people have fled.

The president's claim that the border was sealed was disputed. The prime minister wants to hold a referendum.

Aid workers watched the premiere of “The Long Road Home” on Friday.

“It is over” — Anna Berg, in a post on social media."""


@pytest.fixture(scope="module")
def story() -> tuple[Article, Analysis]:
    return analyse(STORY)


@pytest.mark.parametrize(
    ("words", "kind", "cue", "speaker", "attribution"),
    [
        ("the talks could collapse", "indirect", "warned", "Anna Berg", "explicit"),
        ("We will not back down", "direct", "said", "Marcus Vell", "explicit"),
        ("the convoy had been stopped", "indirect", "told", "Anna Berg", "pronoun"),
        ("This is a provocation", "direct", "said", "Anna Berg", "pronoun"),
        ("We are ready", "direct", "added", "Anna Berg", "pronoun"),
        ("Nobody should doubt", "direct", None, "Anna Berg", "continuation"),
        ("The convoy will move again", "direct", "said", "Anna Berg", "explicit"),
        ("the ceasefire was holding", "indirect", "said", None, "explicit"),
        ("300 people have fled", "indirect", "According to", "United Nations", "according_to"),
        ("to hold a referendum", "indirect", "wants", None, "explicit"),
        ("It is over", "direct", "—", "Anna Berg", "explicit"),
    ],
)
def test_quote_patterns(
    story: tuple[Article, Analysis],
    words: str,
    kind: str,
    cue: str | None,
    speaker: str | None,
    attribution: str,
) -> None:
    article, analysis = story
    quote = quote_containing(analysis, words)
    assert (quote.kind, quote.cue, quote.attribution) == (kind, cue, attribution)
    if speaker is not None:
        assert speaker_name(analysis, quote) == speaker
    for start, end in quote.parts:
        assert article.text[start:end] in quote.text


def test_split_quote_is_one_quote_in_two_parts(story: tuple[Article, Analysis]) -> None:
    _, analysis = story
    quote = quote_containing(analysis, "We are ready")
    assert len(quote.parts) == 2 and "but we need guarantees" in quote.text


def test_appositive_gives_role_and_organisation(story: tuple[Article, Analysis]) -> None:
    _, analysis = story
    speaker = analysis.speakers[quote_containing(analysis, "We will not back down").speaker or 0]
    assert (speaker.name, speaker.role, speaker.organization) == (
        "Marcus Vell",
        "spokesman",
        "the Defence Ministry",
    )


def test_titles_are_not_quotes_and_unnamed_speakers_stay_apart(story: tuple[Article, Analysis]) -> None:
    _, analysis = story
    assert not any("Long Road Home" in q.text for q in analysis.quotes)
    officials = quote_containing(analysis, "the ceasefire was holding")
    president = quote_containing(analysis, "the border was sealed")
    assert officials.speaker != president.speaker
    assert analysis.speakers[officials.speaker or 0].kind == "group"
    minister = quote_containing(analysis, "to hold a referendum")
    assert speaker_name(analysis, minister) is None  # "the prime minister" is not the foreign minister
    assert analysis.speakers[minister.speaker or 0].role == "prime minister"


def test_quotes_are_numbered_in_text_order_with_valid_speakers(story: tuple[Article, Analysis]) -> None:
    article, analysis = story
    assert [q.index for q in analysis.quotes] == list(range(len(analysis.quotes)))
    assert [q.start for q in analysis.quotes] == sorted(q.start for q in analysis.quotes)
    assert [s.index for s in analysis.speakers] == list(range(len(analysis.speakers)))
    for quote in analysis.quotes:
        assert 0 < quote.confidence <= 1
        if quote.speaker_start is not None:
            assert article.text[quote.speaker_start : quote.speaker_end] == quote.speaker_mention


# -- the seed article ----------------------------------------------------------------------------
def test_seed_article_quotes_match_the_gold(shared: Path) -> None:
    gold = json.loads((shared / "gold" / "seed-stoltenberg.expected.json").read_text("utf-8"))
    article, analysis = analyse((shared / "corpus" / "seed-stoltenberg.txt").read_text("utf-8"))
    assert len(analysis.quotes) == len(gold["quotes"]) == 10
    for expected, quote in zip(gold["quotes"], analysis.quotes, strict=True):
        assert quote.paragraph == expected["paragraph"]
        assert (
            expected["content"].strip("“”,. ") in quote.text
            or quote.text.strip("“”,. ") in expected["content"]
        )
        assert quote.kind == expected["kind"] or (expected["kind"] == "indirect" and quote.kind == "mixed")
        assert (quote.cue or "").lower() == (expected["cue"] or "")
        # the issue names "according_to" as a route of its own; the seed gold files it as explicit
        route = "according_to" if expected["cue"] == "according to" else expected["attribution"]
        assert quote.attribution == route
        speaker = analysis.speakers[quote.speaker or 0]
        assert speaker.name == expected["speaker"] and speaker.role is not None
        assert (speaker.organization or "") + " " + speaker.role == expected["speaker_role"]
    for wrong in gold["not_quotes"]:
        lo, hi = article.paragraphs[wrong["paragraph"]]
        start = article.text.index(wrong["text"], lo, hi)
        assert not any(q.start < start + len(wrong["text"]) and start < q.end for q in analysis.quotes)


# -- robustness ----------------------------------------------------------------------------------
_MARKS = ["“", "”", '"', "‘", "’", "'"]


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from([*_MARKS, "", "\n\n", "\n\n\n\n"])), max_size=12
    ),
    long_paragraph=st.integers(0, 3),
)
def test_random_marks_and_paragraphs_never_break_the_stage(
    edits: list[tuple[int, str]], long_paragraph: int
) -> None:
    text = STORY + "\n\n" + ("“The convoy moved again, ” said a man. " * 150 * long_paragraph)
    for position, insert in edits:
        position %= len(text) + 1
        if insert == "" and position < len(text) and text[position] in "".join(_MARKS):
            text = text[:position] + text[position + 1 :]  # remove a mark
        else:
            text = text[:position] + insert + text[position:]
    article, analysis = analyse(text)
    for quote in analysis.quotes:
        assert 0 <= quote.start < quote.end <= len(article.text)
        assert all(quote.start <= a < b <= quote.end for a, b in quote.parts)
        assert quote.text == " ".join(article.text[a:b] for a, b in quote.parts)
        assert quote.speaker is None or 0 <= quote.speaker < len(analysis.speakers)


# -- transcripts, headlines and documents ----------------------------------------------------------
TRANSCRIPT = """Remarks by the Minister on the Border Talks

THE MINISTER: Good afternoon. We have agreed to reopen the crossing next week.

The convoy will be inspected on both sides.

(Laughter.)

Q Thank you. Will the observers stay?

THE MINISTER: They will stay as long as they are needed.

3:42 P.M. EST"""


def test_transcript_turns_are_quotes_by_their_speakers() -> None:
    _, analysis = analyse(TRANSCRIPT)
    by_text = {q.text: q for q in analysis.quotes}
    opening = quote_containing(analysis, "We have agreed to reopen")
    assert (opening.kind, opening.cue, opening.attribution) == ("direct", ":", "explicit")
    assert analysis.speakers[opening.speaker or 0].mention == "THE MINISTER"
    follow_on = quote_containing(analysis, "inspected on both sides")
    assert follow_on.attribution == "continuation" and follow_on.speaker == opening.speaker
    question = quote_containing(analysis, "Will the observers stay")
    assert analysis.speakers[question.speaker or 0].mention == "Q"
    assert quote_containing(analysis, "as long as they are needed").speaker == opening.speaker
    assert not any("Laughter" in text or "P.M." in text for text in by_text)


def test_headline_label_and_document_authors() -> None:
    text = (
        "Berg: Talks Will Resume Next Week\n\n"
        "According to a statement from the Foreign Ministry, the talks will resume on Monday.\n\n"
        "The announcement did not say where."
    )
    _, analysis = analyse(text)
    headline = quote_containing(analysis, "Talks Will Resume")
    assert (headline.cue, headline.attribution, headline.speaker_mention) == (":", "explicit", "Berg")
    ministry = quote_containing(analysis, "the talks will resume on Monday")
    assert ministry.speaker_mention is not None and "Foreign Ministry" in ministry.speaker_mention
