"""The DuckDB store: migrations, runs, round-trips, replacing derived rows, export."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from watchfloor.errors import StoreError
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.store import Store
from watchfloor.store.migrations import MIGRATIONS
from watchfloor.types import Analysis, Article, Sentence


def make_article(paragraphs: list[str], **fields: object) -> Article:
    text, spans = join_paragraphs(paragraphs)
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test", **fields)  # type: ignore[arg-type]


def test_store_migrations_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.migrate() == []
    with Store(path) as store:  # reopening applies nothing twice
        assert store.query("SELECT count(*) FROM schema_version")[0][0] == len(MIGRATIONS)


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (999, 'from the future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_store_read_only_open_of_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_store_stale_running_run_marked_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "r.duckdb"
    with Store(path) as store:
        run_id = store.start_run("process", {"workers": 2}, {})
    with Store(path) as store:  # the process that started it is gone
        assert store.query("SELECT status FROM runs WHERE id = ?", [run_id]) == [("interrupted",)]


_paragraph = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\n"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paragraphs=st.lists(_paragraph, min_size=1, max_size=5),
    title=st.none() | st.text(max_size=20),
    published=st.none() | st.sampled_from(["2026-03-16", "2026-03-16T08:00:00+00:00"]),
    metadata=st.dictionaries(
        st.text(min_size=1, max_size=5), st.integers() | st.text(max_size=5), max_size=3
    ),
)
def test_store_article_round_trip(
    tmp_path: Path,
    paragraphs: list[str],
    title: str | None,
    published: str | None,
    metadata: dict[str, object],
) -> None:
    article = make_article(paragraphs, title=title, published=published, metadata=metadata)
    with Store(tmp_path / f"{uuid.uuid4().hex}.duckdb") as store:
        store.add_articles([article], {}, [], "run")
        ((loaded,),) = list(store.iter_pending(chunk=10))
        check_paragraph_offsets(store, article)
    assert loaded == article
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article


def check_paragraph_offsets(store: Store, article: Article) -> None:
    # Paragraph offsets and DuckDB's substring agree on code points, astral characters included.
    for index, (start, end) in enumerate(article.paragraphs):
        sql = (
            "SELECT substring(a.text, p.start_char + 1, p.end_char - p.start_char)"
            " FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.id = ? AND p.idx = ?"
        )
        assert store.query(sql, [article.id, index])[0][0] == article.text[start:end]


def test_store_saving_analyses_twice_replaces_rows(store: Store) -> None:
    article = make_article(["One. Two.", "Three."])
    store.add_articles([article], {}, [], "run")
    sentences = (
        Sentence(article.id, 0, 0, 0, 4),
        Sentence(article.id, 1, 0, 5, 9),
        Sentence(article.id, 2, 1, 11, 17),
    )
    store.save_analyses([Analysis(article.id, sentences=sentences)], "run-1")
    store.reset_processed()
    store.save_analyses([Analysis(article.id, sentences=sentences)], "run-2")
    assert store.query("SELECT count(*) FROM sentences")[0][0] == 3
    assert store.query("SELECT text FROM sentence_texts ORDER BY idx") == [("One.",), ("Two.",), ("Three.",)]
    assert store.query("SELECT status, process_run FROM articles") == [("processed", "run-2")]


def test_store_failed_analysis_marks_article_failed(store: Store) -> None:
    article = make_article(["Text."])
    store.add_articles([article], {}, [], "run")
    store.save_analyses([Analysis(article.id, error="E201 stage x failed: boom")], "run")
    assert store.query("SELECT status, status_detail FROM articles") == [
        ("failed", "E201 stage x failed: boom")
    ]


def test_store_pending_pages_skip_duplicates_unless_asked(store: Store) -> None:
    first = make_article(["Original story text."])
    copy = make_article(["Original story text, lightly edited."], duplicate_of=first.id)
    store.add_articles([first, copy], {}, [], "run")
    ids = lambda **kw: [a.id for batch in store.iter_pending(chunk=1, **kw) for a in batch]  # noqa: E731
    assert ids() == [first.id]
    assert sorted(ids(include_duplicates=True)) == sorted([first.id, copy.id])


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_store_export_formats(store: Store, tmp_path: Path, fmt: str) -> None:
    store.add_articles([make_article(["A “quoted” paragraph."]), make_article(["Another."])], {}, [], "run")
    out = tmp_path / f"articles.{fmt}"
    assert store.export("articles", fmt, str(out)) == 2
    check = duckdb.connect()
    reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "parquet": "read_parquet"}[fmt]
    texts = sorted(r[0] for r in check.execute(f"SELECT text FROM {reader}('{out}')").fetchall())
    assert texts == ["A “quoted” paragraph.", "Another."]


def test_store_export_rejects_unknown_table(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        store.export("articles; DROP TABLE runs", "csv", str(tmp_path / "x.csv"))
