"""Ingest into a store: identity, idempotence, near-duplicates, language, dates, problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.ingestion import ingest
from watchfloor.settings import Settings
from watchfloor.store import Store


def run(store: Store, settings: Settings, *paths: Path | str):
    run_id = store.start_run("test", {}, {})
    return ingest([str(p) for p in paths], store, settings, run_id=run_id)


def lightly_edit(text: str) -> str:
    """A wire copy: a few words changed, as republishers do."""
    edits = [(" said ", " told reporters "), (" on Monday", " Monday"), (" the ", " a ")]
    for old, new in edits:
        text = text.replace(old, new, 1)
    return text


def test_ingestion_samples_then_reingest_is_a_noop(store: Store, settings: Settings, samples: Path) -> None:
    first = run(store, settings, samples)
    assert first.stored == 15 and first.failed == 0 and first.duplicates == 1
    second = run(store, settings, samples)
    assert second.stored == 0 and second.already_stored == first.stored
    assert store.stats()["tables"]["articles"] == 15


def test_ingestion_same_article_twice_in_one_run(store: Store, settings: Settings, samples: Path) -> None:
    report = run(store, settings, samples / "kyiv-briefing.txt", samples / "kyiv-briefing.txt")
    assert (report.stored, report.already_stored) == (1, 1)


def test_ingestion_near_duplicate_points_at_first_copy(
    store: Store, settings: Settings, samples: Path, tmp_path: Path
) -> None:
    original = json.loads((samples / "articles.jsonl").read_text("utf-8").splitlines()[1])
    copy = dict(original, id="copy-1", source="Other Wire", text=lightly_edit(original["text"]))
    second_copy = dict(original, id="copy-2", text=lightly_edit(copy["text"]).replace(" and ", " & ", 1))
    assert copy["text"] != original["text"] != second_copy["text"]
    unrelated = json.loads((samples / "articles.jsonl").read_text("utf-8").splitlines()[5])
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (original, copy, unrelated, second_copy)), "utf-8")
    report = run(store, settings, path)
    assert report.stored == 4 and report.duplicates == 2
    rows = dict(store.query("SELECT source_id, duplicate_of FROM articles"))
    original_id = store.query("SELECT id FROM articles WHERE source_id = ?", [original["id"]])[0][0]
    # Both copies point at the first copy, not at each other; the unrelated story stands alone.
    assert rows == {original["id"]: None, "copy-1": original_id, unrelated["id"]: None, "copy-2": original_id}


def test_ingestion_near_duplicates_found_across_runs(
    store: Store, settings: Settings, samples: Path, tmp_path: Path
) -> None:
    run(store, settings, samples / "articles.jsonl")
    original = json.loads((samples / "articles.jsonl").read_text("utf-8").splitlines()[0])
    path = tmp_path / "later.jsonl"
    path.write_text(json.dumps(dict(original, text=lightly_edit(original["text"]))), "utf-8")
    assert run(store, settings, path).duplicates == 1


def test_ingestion_dedup_can_be_switched_off(store: Store, settings: Settings, samples: Path) -> None:
    report = run(store, settings.with_overrides(dedup_enabled=False), samples)
    assert report.duplicates == 0 and report.stored == 15


def test_ingestion_non_english_stored_and_marked_skipped(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Außenministerin sagte am Montag, die Gespräche würden in Genf fortgesetzt. "
        "Sie rief beide Seiten dazu auf, die Waffenruhe einzuhalten und Gefangene freizulassen.",
        "utf-8",
    )
    report = run(store, settings, path)
    assert report.stored == 1 and report.not_english == 1
    assert store.query("SELECT language, status FROM articles") == [("de", "skipped")]
    assert store.count_pending() == (0, 0)


def test_ingestion_dates_known_unknown_and_unparseable(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "d.jsonl"
    rows = [
        {"text": "Talks resumed in Geneva on Monday.", "date": "2026-03-16T08:00:00+00:00"},
        {"text": "No date was given for this one."},
        {"text": "This date is nonsense.", "date": "the day after tomorrow-ish"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    report = run(store, settings, path)
    assert [p.code for p in report.problems] == ["W003"] and report.failed == 0
    stored = store.query(
        "SELECT published, CAST(published_date AS VARCHAR), date_source FROM articles ORDER BY text"
    )
    assert sorted(stored, key=str) == sorted(
        [("2026-03-16T08:00:00+00:00", "2026-03-16", "jsonl:date"), (None, None, None), (None, None, None)],
        key=str,
    )


def test_ingestion_bad_inputs_skipped_rest_stored_problems_recorded(
    store: Store, settings: Settings, tmp_path: Path, samples: Path
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "bad.jsonl").write_text('{"text": "Fine article text."}\n{broken\n', "utf-8")
    (tmp_path / "good.txt").write_text((samples / "kyiv-briefing.txt").read_text("utf-8"), "utf-8")
    report = run(store, settings, tmp_path)
    assert report.stored == 2 and report.failed == 3
    recorded = store.query("SELECT code, line FROM problems ORDER BY origin")
    assert sorted(recorded, key=str) == sorted([("E104", 2), ("E101", None), ("E102", None)], key=str)


def test_ingestion_text_of_only_furniture_is_reported(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "f.txt").write_text("Advertisement\nRelated Stories:\n", "utf-8")
    report = run(store, settings, tmp_path / "f.txt")
    assert report.stored == 0 and [p.code for p in report.problems] == ["E110"]


def test_ingestion_seed_article_loses_only_its_last_line(
    store: Store, settings: Settings, shared: Path
) -> None:
    seed = shared / "corpus" / "seed-stoltenberg.txt"
    assert run(store, settings, seed).stored == 1
    ((text, paragraphs),) = store.query("SELECT text, paragraph_count FROM articles")
    original = [line for line in seed.read_text("utf-8").splitlines() if line.strip()]
    assert paragraphs == 11 and "Related Stories:" not in text
    assert text.split("\n\n") == original[:-1] and original[-1] == "Related Stories:"


def test_ingestion_shared_news_corpus_stores_157(store: Store, settings: Settings, shared: Path) -> None:
    report = run(store, settings, shared / "corpus" / "news.jsonl")
    assert report.read == 157 and report.failed == 0
    assert store.stats()["tables"]["articles"] == 157 - report.already_stored
    assert report.stored + report.already_stored == 157


@pytest.mark.parametrize("threshold", [0.7, 0.9])
def test_ingestion_unrelated_samples_never_grouped(
    store: Store, settings: Settings, samples: Path, threshold: float
) -> None:
    report = run(store, settings.with_overrides(dedup_threshold=threshold), samples / "articles.jsonl")
    assert report.duplicates == 0
