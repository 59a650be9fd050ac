"""Quotes and speakers in the store (hand-built records, no model): migration, save/replace,
reading with filters, stats and export, and the ``quotes`` and ``show`` commands over them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from watchfloor.cli import output
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.store import Store
from watchfloor.store.migrations import MIGRATIONS
from watchfloor.types import Analysis, Article, Quote, Sentence, Speaker

Cli = Callable[..., tuple[int, str, str]]

BERG = [
    "“We will not back down,” said Foreign Minister Anna Berg.",
    "She added that the talks would resume on Monday.",
]
NATO = [
    "“Deterrence works,” NATO spokesperson Oana Lungescu told reporters, “and it will go on working.”",
    "A senior official said the meeting was tense.",
]


def make_article(paragraphs: list[str], **fields: object) -> Article:
    text, spans = join_paragraphs(paragraphs)
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test", **fields)  # type: ignore[arg-type]


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def speaker(article: Article, index: int, mention: str, **fields: object) -> Speaker:
    start, end = span(article.text, mention)
    values: dict[str, object] = {"name": None, "role": None, "organization": None, "kind": "person"}
    values.update(fields)
    return Speaker(article.id, index, mention=mention, start=start, end=end, **values)  # type: ignore[arg-type]


def quote(
    article: Article,
    index: int,
    parts: list[str],
    *,
    kind: str = "direct",
    cue: str | None = "said",
    mention: str | None = None,
    speaker_index: int | None = None,
    attribution: str = "explicit",
    confidence: float = 0.9,
) -> Quote:
    text = article.text
    spans = []
    after = 0
    for part in parts:
        spans.append(span(text, part, after))
        after = spans[-1][1]
    cue_span = span(text, cue) if cue else (None, None)
    mention_span = span(text, mention) if mention else (None, None)
    paragraph = next(i for i, (s, e) in enumerate(article.paragraphs) if s <= spans[0][0] < e)
    return Quote(
        article_id=article.id,
        index=index,
        paragraph=paragraph,
        sentence=paragraph,
        start=spans[0][0],
        end=spans[-1][1],
        parts=tuple(spans),
        text=" ".join(parts),
        kind=kind,
        cue=cue,
        cue_lemma={"said": "say", "told": "tell"}.get(cue or ""),
        cue_start=cue_span[0],
        cue_end=cue_span[1],
        speaker_mention=mention,
        speaker_start=mention_span[0],
        speaker_end=mention_span[1],
        speaker=speaker_index,
        attribution=attribution,
        confidence=confidence,
    )


def sentences(article: Article) -> tuple[Sentence, ...]:
    return tuple(Sentence(article.id, i, i, s, e) for i, (s, e) in enumerate(article.paragraphs))


def berg_analysis(article: Article) -> Analysis:
    berg = speaker(
        article, 0, "Foreign Minister Anna Berg", name="Anna Berg", role="Foreign Minister", organization=None
    )
    return Analysis(
        article.id,
        sentences=sentences(article),
        quotes=(
            quote(
                article, 0, ["We will not back down,"], mention="Foreign Minister Anna Berg", speaker_index=0
            ),
            quote(
                article,
                1,
                ["the talks would resume on Monday"],
                kind="indirect",
                cue="added",
                mention="She",
                speaker_index=0,
                attribution="pronoun",
                confidence=0.75,
            ),
        ),
        speakers=(berg,),
    )


def nato_analysis(article: Article) -> Analysis:
    lungescu = speaker(
        article,
        0,
        "NATO spokesperson Oana Lungescu",
        name="Oana Lungescu",
        role="spokesperson",
        organization="NATO",
    )
    official = speaker(article, 1, "A senior official", kind="person")
    return Analysis(
        article.id,
        sentences=sentences(article),
        quotes=(
            quote(
                article,
                0,
                ["Deterrence works,", "and it will go on working."],
                cue="told",
                mention="NATO spokesperson Oana Lungescu",
                speaker_index=0,
            ),
            quote(
                article,
                1,
                ["the meeting was tense"],
                kind="indirect",
                mention="A senior official",
                speaker_index=1,
                confidence=0.6,
            ),
        ),
        speakers=(lungescu, official),
    )


@pytest.fixture
def filled(store: Store) -> tuple[Store, Article, Article]:
    berg = make_article(BERG, title="Berg holds firm", published="2026-03-16", source="Example Wire")
    nato = make_article(NATO, title="NATO briefing", published="2026-03-17", source_id="nato-1")
    store.add_articles([berg, nato], {}, [], "run")
    store.save_analyses([berg_analysis(berg), nato_analysis(nato)], "run-1")
    return store, berg, nato


# -- schema -------------------------------------------------------------------------------------
def test_quotes_store_migrates_a_version_1_file_forward(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))  # a file as the first release left it
    con.execute(
        "CREATE TABLE schema_version ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    con.execute(MIGRATIONS[0].sql)
    con.execute("INSERT INTO schema_version VALUES (1, ?, now())", [MIGRATIONS[0].name])
    con.close()
    article = make_article(BERG)
    Store(path).close()
    with duckdb.connect(str(path), read_only=True) as check:
        assert check.execute("SELECT version, name FROM schema_version ORDER BY 1").fetchall() == [
            (1, MIGRATIONS[0].name),
            (2, "quotes_speakers"),
            (3, "actors_places"),
            (4, "events"),
            (5, "watch"),
        ]
    with Store(path) as store:
        assert store.migrate() == []  # nothing applied twice
        store.add_articles([article], {}, [], "run")
        store.save_analyses([berg_analysis(article)], "run")
        assert store.query("SELECT count(*) FROM quotes")[0][0] == 2
        assert store.stats()["schema_version"] == len(MIGRATIONS)


def test_quotes_store_read_only_open_of_a_version_1_file_upgrades_it(tmp_path: Path, run_cli: Cli) -> None:
    # `watchfloor stats` or `quotes` run first after an upgrade must not fail on missing tables.
    path = tmp_path / "v1.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER, name VARCHAR, applied_at TIMESTAMPTZ)")
        con.execute(MIGRATIONS[0].sql)
        con.execute("INSERT INTO schema_version VALUES (1, 'v1', now())")
    with Store(path, read_only=True) as store:
        assert store.read_only and store.schema_version() == len(MIGRATIONS)
        assert store.stats()["tables"]["quotes"] == 0
    with pytest.raises(duckdb.Error):
        store.con.execute("SELECT 1")  # closed with the store
    code, out, _ = run_cli("quotes", "--db", path, "--format", "json")
    assert code == 0 and out == ""


# -- writing ------------------------------------------------------------------------------------
def test_quotes_store_round_trip(filled: tuple[Store, Article, Article]) -> None:
    store, berg, nato = filled
    for article, analysis in ((berg, berg_analysis(berg)), (nato, nato_analysis(nato))):
        quotes, speakers = store.article_quotes(article.id)
        assert quotes == list(analysis.quotes)
        assert speakers == list(analysis.speakers)
    row = store.query(
        "SELECT id, parts, content, speaker_idx, speaker_name, confidence FROM quotes WHERE article_id = ?"
        " AND idx = 0",
        [nato.id],
    )[0]
    first = nato_analysis(nato).quotes[0]
    assert row == (
        f"{nato.id}:q0",
        [list(p) for p in first.parts],
        "Deterrence works, and it will go on working.",
        0,
        "Oana Lungescu",
        0.9,
    )
    # Offsets agree with DuckDB's substring, as for sentences.
    sql = (
        "SELECT substring(a.text, q.start_char + 1, q.end_char - q.start_char), q.content"
        " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE len(q.parts) = 1"
    )
    assert all(piece == content for piece, content in store.query(sql))


def test_quotes_store_unnamed_speaker_has_no_speaker_name(filled: tuple[Store, Article, Article]) -> None:
    store, _, nato = filled
    assert store.query("SELECT speaker_name FROM quotes WHERE id = ?", [f"{nato.id}:q1"]) == [(None,)]


def test_quotes_store_saving_again_replaces_never_duplicates(filled: tuple[Store, Article, Article]) -> None:
    store, berg, nato = filled
    one_quote = berg_analysis(berg)
    one_quote = Analysis(
        berg.id, sentences=one_quote.sentences, quotes=one_quote.quotes[:1], speakers=one_quote.speakers
    )
    for run in ("run-2", "run-3"):
        store.save_analyses([one_quote], run)
    counts = dict(store.query("SELECT article_id, count(*) FROM quotes GROUP BY 1"))
    assert counts == {berg.id: 1, nato.id: 2}  # the other article is untouched
    assert dict(store.query("SELECT article_id, count(*) FROM speakers GROUP BY 1")) == {
        berg.id: 1,
        nato.id: 2,
    }
    assert store.query("SELECT count(*), count(DISTINCT id) FROM quotes") == [(3, 3)]


def test_quotes_store_failed_article_loses_its_old_quotes(filled: tuple[Store, Article, Article]) -> None:
    store, berg, _ = filled
    store.save_analyses([Analysis(berg.id, error="E201 stage quotes.attribution.v1 failed: boom")], "run-2")
    assert store.article_quotes(berg.id) == ([], [])


def test_quotes_store_failed_batch_write_keeps_the_old_rows(filled: tuple[Store, Article, Article]) -> None:
    store, berg, _ = filled
    good = berg_analysis(berg).quotes[0]
    broken = Analysis(berg.id, quotes=(Quote.from_dict(good.to_dict() | {"kind": None}),))
    with pytest.raises(duckdb.Error):  # kind is NOT NULL: the whole transaction rolls back
        store.save_analyses([broken], "run-2")
    assert len(store.article_quotes(berg.id)[0]) == 2


# -- reading ------------------------------------------------------------------------------------
def test_quotes_store_query_joins_speaker_and_article(filled: tuple[Store, Article, Article]) -> None:
    store, berg, nato = filled
    records = store.quotes()
    assert [r["id"] for r in records] == [f"{nato.id}:q0", f"{nato.id}:q1", f"{berg.id}:q0", f"{berg.id}:q1"]
    first = records[0]
    assert first["speaker"] == nato_analysis(nato).speakers[0].to_dict()
    assert first["article"] == {
        "id": nato.id,
        "title": "NATO briefing",
        "published": "2026-03-17",
        "source": None,
        "url": None,
    }
    as_quote = {k: v for k, v in first.items() if k != "article"} | {"speaker": first["speaker"]["index"]}
    assert Quote.from_dict(as_quote) == nato_analysis(nato).quotes[0]
    unresolved = {**berg_analysis(berg).quotes[1].to_dict(), "speaker": None, "confidence": 0.5}
    store.save_analyses([Analysis(berg.id, quotes=(Quote.from_dict(unresolved),))], "run-2")
    (record,) = store.quotes(article=berg.id)
    assert record["speaker"] is None and record["speaker_mention"] == "She"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"speaker": "BERG"}, ["berg:0", "berg:1"]),  # name, any case
        ({"speaker": "spokesperson"}, ["nato:0"]),  # role
        ({"speaker": "senior official"}, ["nato:1"]),  # the mention of an unnamed speaker
        ({"speaker": "she"}, ["berg:1"]),  # the mention at the quote
        ({"speaker": "nobody"}, []),
        ({"search": "DETERRENCE"}, ["nato:0"]),
        ({"search": "monday", "speaker": "berg"}, ["berg:1"]),
        ({"limit": 1}, ["nato:0"]),
        ({"article": "berg"}, ["berg:0", "berg:1"]),
    ],
)
def test_quotes_store_query_filters(
    filled: tuple[Store, Article, Article], filters: dict[str, object], expected: list[str]
) -> None:
    store, berg, nato = filled
    names = {berg.id: "berg", nato.id: "nato"}
    if filters.get("article") == "berg":
        filters = {**filters, "article": berg.id}
    found = [f"{names[r['article_id']]}:{r['index']}" for r in store.quotes(**filters)]  # type: ignore[arg-type]
    assert found == expected


def test_quotes_store_stats_and_export(filled: tuple[Store, Article, Article], tmp_path: Path) -> None:
    store, _, _ = filled
    tables = store.stats()["tables"]
    assert (tables["quotes"], tables["speakers"]) == (4, 3)
    for table, rows in (("quotes", 4), ("speakers", 3)):
        for fmt in ("jsonl", "csv", "parquet"):
            assert store.export(table, fmt, str(tmp_path / f"{table}.{fmt}")) == rows
    exported = [json.loads(line) for line in (tmp_path / "quotes.jsonl").read_text("utf-8").splitlines()]
    assert {len(r["parts"]) for r in exported} == {1, 2}
    parquet = tmp_path / "quotes.parquet"
    parts = duckdb.connect().execute(f"SELECT parts FROM read_parquet('{parquet}') ORDER BY len(parts)")
    assert [len(row[0]) for row in parts.fetchall()] == [1, 1, 1, 2]


# -- commands -----------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.duckdb"
    with Store(path) as store:
        berg = make_article(BERG, title="Berg holds firm", published="2026-03-16", source="Example Wire")
        nato = make_article(NATO, title="NATO briefing", published="2026-03-17", source_id="nato-1")
        store.add_articles([berg, nato], {}, [], "run")
        store.save_analyses([berg_analysis(berg), nato_analysis(nato)], "run-1")
    return path


@pytest.mark.parametrize("command", ["quotes", "extract"])
def test_quotes_cli_help(run_cli: Cli, command: str) -> None:
    code, out, _ = run_cli(command, "--help")
    assert code == 0 and "Usage" in out


def test_quotes_cli_table(run_cli: Cli, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output.stdout, "_width", 200)  # one line per row
    code, out, _ = run_cli("quotes", "--db", db)
    assert code == 0 and "4 quotes" in out
    flat = " ".join(out.split())
    assert "Anna Berg (Foreign Minister)" in flat and "Oana Lungescu (spokesperson, NATO)" in flat
    assert "A senior official" in flat and "indirect" in flat and "told" in flat


def test_quotes_cli_json_lines_with_filters(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli("quotes", "--db", db, "--speaker", "lungescu", "--format", "json")
    (line,) = out.splitlines()
    record = json.loads(line)
    assert code == 0 and record["text"] == "Deterrence works, and it will go on working."
    assert record["speaker"]["organization"] == "NATO" and record["article"]["title"] == "NATO briefing"
    assert record["parts"] == [
        [record["start"], record["parts"][0][1]],
        [record["parts"][1][0], record["end"]],
    ]
    code, out, _ = run_cli("quotes", "--db", db, "--search", "tense", "--limit", "5", "--format", "json")
    assert [json.loads(line)["speaker"]["mention"] for line in out.splitlines()] == ["A senior official"]


def test_quotes_cli_article_by_prefix_or_source_id(run_cli: Cli, db: Path) -> None:
    with Store(db, read_only=True) as store:
        (nato_id,) = store.find_article_id("nato-1")
    for reference in (nato_id, nato_id[:6], "nato-1"):
        code, out, _ = run_cli("quotes", "--db", db, "--article", reference, "--format", "json")
        assert code == 0 and {json.loads(line)["article_id"] for line in out.splitlines()} == {nato_id}
    code, _, err = run_cli("quotes", "--db", db, "--article", "no-such-article")
    assert code == 2 and "no article matching" in err


def test_quotes_cli_nothing_found_and_bad_format(run_cli: Cli, db: Path) -> None:
    code, out, err = run_cli("quotes", "--db", db, "--speaker", "nobody")
    assert code == 0 and out == "" and "no quotes match" in err
    assert run_cli("quotes", "--db", db, "--format", "yaml")[0] == 2
    assert run_cli("quotes", "--db", db, "--limit", "0")[0] == 2


def test_quotes_cli_show_lists_quotes(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli("show", "nato-1", "--db", db)
    assert code == 0 and "2 quotes" in out and "Quotes" in out
    flat = " ".join(out.split())
    assert "q0 [0] Oana Lungescu (direct, told): “Deterrence works, and it will go on working.”" in flat
    assert "q1 [1] A senior official (indirect, said): “the meeting was tense”" in flat
    code, out, _ = run_cli("show", "nato-1", "--db", db, "--format", "json")
    record = json.loads(out)
    assert [q["speaker"]["name"] for q in record["quotes"]] == ["Oana Lungescu", None]
    assert [s["mention"] for s in record["speakers"]] == [
        "NATO spokesperson Oana Lungescu",
        "A senior official",
    ]


def test_quotes_cli_stats_and_export(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli("stats", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["tables"]["quotes"] == 4
    code, out, _ = run_cli("export", "speakers", "--db", db, "--format", "csv")
    assert code == 0 and out.splitlines()[0] == (
        "article_id,idx,name,role,organization,kind,mention,start_char,end_char,actor"
    )
    assert len(out.splitlines()) == 4
