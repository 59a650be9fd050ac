"""The processing pipeline. Tests marked ``slow`` load the spaCy model (once per session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from watchfloor.errors import ConfigError
from watchfloor.ingestion import ingest
from watchfloor.pipeline import (
    Pipeline,
    _padded_batches,
    check_stage_order,
    choose_workers,
    process_pending,
)
from watchfloor.registry import register_stage, registered_stages
from watchfloor.settings import Settings
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.store import Store
from watchfloor.types import Article


def make_article(paragraphs: list[str]) -> Article:
    text, spans = join_paragraphs(paragraphs)
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test")


class Exploding:
    name = "test.exploding.v1"
    requires = ("sentences",)
    assigns = ("boom",)

    def __call__(self, article: Article, doc: Any, done: dict[str, Any]) -> dict[str, Any]:
        if "explode" in article.text:
            raise RuntimeError("stage bug")
        return {}


register_stage("test.exploding.v1")(lambda settings: Exploding())


def test_pipeline_registry_lists_builtin_stages() -> None:
    assert "segment.sentences.v1" in registered_stages()


def test_pipeline_unknown_stage_is_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="no stage named"):
        Pipeline(settings, ["nope.v1"])


def test_pipeline_stage_order_checked() -> None:
    with pytest.raises(ConfigError, match="needs"):
        check_stage_order([Exploding()])


@pytest.mark.parametrize(("requested", "pending", "expected"), [(3, 10, 3), (0, 10, 1), (0, 10_000, None)])
def test_pipeline_choose_workers(requested: int, pending: int, expected: int | None) -> None:
    import os

    assert choose_workers(requested, pending) == (expected or os.cpu_count() or 1)


def test_pipeline_padded_batches_cap_articles_and_padded_words() -> None:
    lengths = [10, 10, 10, 100, 10, 10, 10, 10, 10, 10]
    articles = [make_article([" ".join(["w"] * n) + f" {i}"]) for i, n in enumerate(lengths)]
    batches = list(_padded_batches(articles, 4, 210))
    sizes = [[len(a.text.split()) - 1 for a in batch] for batch in batches]
    # The long article would pad [10, 10, 10, 100] to 400 words: it starts a batch of its own.
    assert sizes == [[10, 10, 10], [100, 10], [10, 10, 10, 10], [10]]
    assert [a for batch in batches for a in batch] == articles  # order kept, nothing lost


@pytest.mark.slow
def test_pipeline_sentences_never_cross_paragraphs(settings: Settings) -> None:
    # No final full stop: without the paragraph-break component spaCy runs these together.
    article = make_article(
        [
            "“We are ready to talk,” she said, adding that nothing was agreed",
            "The talks begin on Monday. Both sides will attend.",
        ]
    )
    analysis = Pipeline(settings)(article)
    texts = [article.text[s.start : s.end] for s in analysis.sentences]
    assert texts == [
        "“We are ready to talk,” she said, adding that nothing was agreed",
        "The talks begin on Monday.",
        "Both sides will attend.",
    ]
    assert [s.paragraph for s in analysis.sentences] == [0, 1, 1]
    assert analysis.tokens > 0 and analysis.error is None


@pytest.mark.slow
def test_pipeline_failing_stage_fails_one_article_not_the_batch(settings: Settings) -> None:
    pipeline = Pipeline(settings, ["segment.sentences.v1", "test.exploding.v1"])
    good, bad = make_article(["A calm report."]), make_article(["This one will explode."])
    results = {a.article_id: a for a in pipeline.pipe([bad, good])}
    assert results[bad.id].error and "E201" in results[bad.id].error and "stage bug" in results[bad.id].error
    assert results[good.id].error is None and len(results[good.id].sentences) == 1


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_pipeline_process_pending_stores_sentences(
    store: Store, settings: Settings, samples: Path, workers: int
) -> None:
    run_id = store.start_run("test", {}, {})
    ingest([str(samples)], store, settings, run_id=run_id)
    report = process_pending(store, settings.with_overrides(batch_size=4), run_id=run_id, workers=workers)
    assert report.articles == 14 and report.failed == 0 and report.workers == workers  # 15 minus one copy
    assert store.query("SELECT count(*) FROM sentences")[0][0] == report.sentences > 14 * 5
    assert store.query("SELECT count(*) FROM articles WHERE status = 'pending'") == [(1,)]  # the copy
    # Offsets are exact: no sentence text starts or ends with whitespace or crosses a paragraph.
    rows = store.query("SELECT text FROM sentence_texts WHERE text <> trim(text) OR contains(text, chr(10))")
    assert rows == []
    again = process_pending(store, settings, run_id=run_id, include_duplicates=True)
    assert again.articles == 1
