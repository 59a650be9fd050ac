"""Extraction without a database: ``watchfloor.extract``, ``extract_many`` and ``watchfloor extract``.

Fast tests swap the spaCy pipeline for a stand-in that returns fixed records, so they check the
plumbing (order, notes, problems, exit codes, JSON layout); tests marked ``slow`` run the real
pipeline and check only what holds whatever the quote extractor finds: structure and offsets.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from watchfloor import extraction
from watchfloor.errors import InputError, Problem
from watchfloor.extraction import Extraction, extract, extract_many
from watchfloor.ingestion import ingest
from watchfloor.pipeline import process_pending
from watchfloor.settings import Settings
from watchfloor.store import Store
from watchfloor.types import Analysis, Article, Mention, Place, Quote, RawArticle, Sentence, Speaker

Cli = Callable[..., tuple[int, str, str]]

BERG = "“We will not back down,” said Foreign Minister Anna Berg.\n\nTalks resume on Monday in Geneva."
FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs"
    " touchés par la sécheresse dans le sud du pays."
)
TOP_KEYS = {"article", "note", "sentences", "quotes", "speakers", "mentions", "places", "events"}
ARTICLE_KEYS = {
    "id",
    "title",
    "url",
    "source",
    "source_id",
    "published",
    "date_source",
    "language",
    "text",
    "paragraphs",
    "origin",
}


class StandInPipeline:
    """Finds one sentence per paragraph and quotes the first “…” span, said by the last two words
    of the first paragraph (an actor mention, coded NORGOV); "Geneva" is a place; an article
    containing "explode" fails like a broken stage."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def pipe(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            self.seen.append(article.id)
            if "explode" in article.text:
                yield Analysis(article.id, error="E201 stage test.stand_in.v1 failed: RuntimeError: boom")
                continue
            sentences = tuple(
                Sentence(article.id, i, i, start, end) for i, (start, end) in enumerate(article.paragraphs)
            )
            yield Analysis(article.id, sentences=sentences, **self._quote(article))

    @staticmethod
    def _quote(article: Article) -> dict[str, Any]:
        text = article.text
        if "“" not in text:
            return {}
        start = text.index("“") + 1
        end = text.index("”", start)
        first_end = article.paragraphs[0][1]
        name_start = text.rindex(" ", 0, text.rindex(" ", 0, first_end - 1)) + 1
        name = text[name_start : first_end - 1]
        cue = text.index("said")
        speaker = Speaker(
            article.id, 0, name, None, None, "person", name, name_start, first_end - 1, "NORGOV"
        )
        mention = Mention(
            article.id, 0, 0, name_start, first_end - 1, name, "person", "NORGOV", "NOR", "GOV", name,
            "Foreign Minister", 0, "office",
        )  # fmt: skip
        places = ()
        if "Geneva" in text:
            at = text.index("Geneva")
            geneva = Place(
                article.id, 0, 1, at, at + 6, "Geneva", "city", "Geneva", "CHE", "GE", 46.2, 6.1, 2660646
            )
            places = (geneva,)
        quote = Quote(
            article.id, 0, 0, 0, start, end, ((start, end),), text[start:end], "direct",
            "said", "say", cue, cue + 4, name, name_start, first_end - 1, 0, "explicit", 0.9,
        )  # fmt: skip
        return {"quotes": (quote,), "speakers": (speaker,), "mentions": (mention,), "places": places}


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> StandInPipeline:
    pipeline = StandInPipeline()
    monkeypatch.setattr(extraction, "_pipeline", lambda settings: pipeline)
    return pipeline


def check_offsets(record: dict[str, Any]) -> None:
    """Every span of an extract --json object is a slice of its article's text."""
    assert set(record) == TOP_KEYS and set(record["article"]) == ARTICLE_KEYS
    text = record["article"]["text"]
    article_id = record["article"]["id"]
    for start, end in record["article"]["paragraphs"]:
        assert 0 <= start < end <= len(text)
    for s in record["sentences"]:
        assert s["article_id"] == article_id and s["text"] == text[s["start"] : s["end"]]
    assert [s["index"] for s in record["speakers"]] == list(range(len(record["speakers"])))
    for s in record["speakers"]:
        assert text[s["start"] : s["end"]] == s["mention"]
    for q in record["quotes"]:
        assert q["id"] == f"{article_id}:q{q['index']}"
        assert q["parts"][0][0] == q["start"] and q["parts"][-1][1] == q["end"]
        assert q["text"] == " ".join(text[start:end] for start, end in q["parts"])
        if q["cue"] is not None:
            assert q["cue_start"] is not None and text[q["cue_start"] : q["cue_end"]] == q["cue"]
        if q["speaker_mention"] is not None:
            assert q["speaker_start"] is not None
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker_mention"]
        assert q["speaker"] is None or q["speaker"] in record["speakers"]
        assert q["kind"] in ("direct", "indirect", "mixed") and 0 <= q["confidence"] <= 1
    for name in ("mentions", "places"):
        assert [r["index"] for r in record[name]] == list(range(len(record[name])))
        for r in record[name]:
            assert r["article_id"] == article_id and text[r["start"] : r["end"]] == r["text"]
            assert 0 <= r["sentence"] < max(1, len(record["sentences"]))
    entities = {m["entity"] for m in record["mentions"]}
    assert entities == set(range(len(entities)))  # numbered from 0 in order of appearance
    codes = {m["actor"] for m in record["mentions"]}
    assert all(s["actor"] is None or s["actor"] in codes for s in record["speakers"])


# -- the Python API, with the stand-in --------------------------------------------------------
def test_extract_is_the_function_even_after_its_module_is_imported() -> None:
    import watchfloor.extraction  # importing a submodule sets an attribute of the package

    assert watchfloor.extract is extract and watchfloor.Extraction is Extraction
    assert watchfloor.extract_many is extract_many


def test_extract_one_text(stand_in: StandInPipeline, settings: Settings) -> None:
    result = extract(
        BERG, title="Berg", source="Example Wire", published=date(2026, 3, 16), settings=settings
    )
    assert result.article.text == BERG and result.article.origin == "<text>"
    assert (result.article.published, result.article.date_source) == ("2026-03-16", "api:published")
    assert result.note is None and [q.text for q in result.quotes] == ["We will not back down,"]
    assert result.speaker_of(result.quotes[0]) == result.speakers[0]
    record = result.to_dict()
    check_offsets(record)
    assert record["quotes"][0]["speaker"]["name"] == "Anna Berg"
    assert record["quotes"][0]["speaker"]["actor"] == "NORGOV"
    assert [(m["text"], m["actor"], m["role"]) for m in record["mentions"]] == [
        ("Anna Berg", "NORGOV", "Foreign Minister")
    ]
    assert [(p["text"], p["country"], p["geonames_id"]) for p in record["places"]] == [
        ("Geneva", "CHE", 2660646)
    ]
    assert json.loads(json.dumps(record)) == record


def test_extract_refuses_empty_text_and_bad_dates(stand_in: StandInPipeline, settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        extract(" \n\n ", settings=settings)
    assert caught.value.problem.code == "E110"
    with pytest.raises(ValueError, match="Marchuary"):
        extract(BERG, published="Marchuary the 40th", settings=settings)


def test_extract_many_keeps_input_order_and_notes_what_was_not_processed(
    stand_in: StandInPipeline, settings: Settings
) -> None:
    problems: list[Problem] = []
    items: list[RawArticle | Problem | str] = [
        FRENCH,
        RawArticle(BERG, origin="a.txt"),
        Problem("E101", "empty.txt", "empty input"),
        "This text will explode in the stage, as the stand-in pipeline was told to do.",
        FRENCH + " Encore.",
    ]
    results = list(extract_many(items, settings=settings, on_problem=problems.append))
    assert [r.article.origin for r in results] == ["<text>", "a.txt", "<text>", "<text>"]
    notes = [r.note for r in results]
    assert notes[0] == notes[3] == "language fr: only English is processed"
    assert notes[1] is None and notes[2] == "E201 stage test.stand_in.v1 failed: RuntimeError: boom"
    assert [(p.origin, p.code) for p in problems] == [("empty.txt", "E101"), ("<text>", "E201")]
    assert problems[1].message == "stage test.stand_in.v1 failed: RuntimeError: boom"
    assert all(
        not (r.sentences or r.quotes or r.speakers or r.mentions or r.places) for r in results if r.note
    )
    assert [len(r.mentions) for r in results if not r.note] == [1]
    assert len(stand_in.seen) == 2  # the French articles never reach the pipeline


# -- the command, with the stand-in -----------------------------------------------------------
def test_extract_cli_json_skips_bad_input_and_exits_1(
    run_cli: Cli, stand_in: StandInPipeline, tmp_path: Path
) -> None:
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(BERG, "utf-8")
    empty.write_bytes(b"")
    code, out, err = run_cli("extract", "--json", empty, good)
    assert code == 1
    assert f"{empty}: [E101] empty input" in err.replace("\n", "")
    (line,) = out.splitlines()
    record = json.loads(line)
    check_offsets(record)
    assert (
        record["article"]["origin"] == str(good) and record["quotes"][0]["text"] == "We will not back down,"
    )


def test_extract_cli_reads_stdin(
    run_cli: Cli, stand_in: StandInPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = "\n".join(json.dumps({"id": f"s{i}", "title": "T", "text": BERG}) for i in range(2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(lines.encode()))))
    code, out, err = run_cli("extract", "--json", "-")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    assert [(r["article"]["source_id"], r["article"]["origin"]) for r in records] == [
        ("s0", "<stdin>:1"),
        ("s1", "<stdin>:2"),
    ]


def test_extract_cli_summary(run_cli: Cli, stand_in: StandInPipeline, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"title": "Berg holds firm", "text": BERG, "date": "2026-03-16"})
        + "\n"
        + json.dumps({"title": "Sécheresse", "text": FRENCH})
        + "\n",
        "utf-8",
    )
    code, out, _ = run_cli("extract", tmp_path / "a.jsonl")
    assert code == 0
    flat = " ".join(out.split())
    assert "Berg holds firm" in flat and "2026-03-16" in flat
    assert "2 sentences, 1 quote, 1 actor mention, 1 place" in flat
    assert "Anna Berg [NORGOV] (direct, said): “We will not back down,”" in flat
    assert "actors: NORGOV places: Geneva (CHE)" in flat
    assert "Sécheresse" in flat and "not processed: language fr: only English is processed" in flat


# -- the real pipeline ------------------------------------------------------------------------
@pytest.mark.slow
def test_extract_cli_json_with_the_real_pipeline(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text(BERG, "utf-8")
    code, out, err = run_cli("extract", "--json", short, samples / "kyiv-briefing.txt")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["article"]["origin"] for r in records] == [str(short), str(samples / "kyiv-briefing.txt")]
    for record in records:
        check_offsets(record)
        assert record["note"] is None and record["sentences"]
    assert records[1]["quotes"], "a briefing full of quotation marks yields at least one quote"


@pytest.mark.slow
def test_extract_api_with_the_real_pipeline_reuses_it(settings: Settings) -> None:
    first = extract(BERG, settings=settings)
    again = extract(BERG, settings=settings)
    assert first == again and first.note is None and len(first.sentences) == 2
    check_offsets(first.to_dict())
    assert extraction._pipeline(settings) is extraction._pipeline(settings)


@pytest.mark.slow
def test_extract_agrees_with_process_and_the_store(tmp_path: Path, samples: Path, settings: Settings) -> None:
    # The same file through ingest + process + store and through extract gives the same records.
    path = samples / "kyiv-briefing.txt"
    with Store(tmp_path / "w.duckdb") as store:
        ingest([str(path)], store, settings)
        process_pending(store, settings)
        (stored_id,) = store.find_article_id("")
        stored = store.article_quotes(stored_id)
        mentions, places = store.article_mentions(stored_id), store.article_places(stored_id)
    (result,) = extract_many([RawArticle(path.read_text("utf-8"), origin=str(path))], settings=settings)
    assert result.article.id == stored_id
    assert (list(result.quotes), list(result.speakers)) == stored
    assert (list(result.mentions), list(result.places)) == (mentions, places)
    assert mentions and places and any(s.actor for s in result.speakers)
