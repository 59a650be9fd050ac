"""Actor mentions, places and speakers' actor codes in the store (hand-built records, no model):
migration 3, save/replace, reading with filters, export, and the ``mentions``, ``places``,
``show``, ``quotes`` commands over them; ``--actors`` and ``actors lookup`` usage errors."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from watchfloor.cli import output
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.store import Store
from watchfloor.store.migrations import MIGRATIONS
from watchfloor.types import Analysis, Article, Mention, Place, Quote, Sentence, Speaker

Cli = Callable[..., tuple[int, str, str]]

SUMMIT = [
    "Russia's President Vladimir Putin met NATO Secretary General Jens Stoltenberg in Moscow.",
    "“We will talk again,” Putin said, as Russian troops shelled Kharkiv.",
]
DRONE = ["Ukrainian officials said police found a drone near Kyiv.", "Jonas Kettleby filmed it."]


def make_article(paragraphs: list[str], **fields: object) -> Article:
    text, spans = join_paragraphs(paragraphs)
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test", **fields)  # type: ignore[arg-type]


def sentences(article: Article) -> tuple[Sentence, ...]:
    return tuple(Sentence(article.id, i, i, s, e) for i, (s, e) in enumerate(article.paragraphs))


def mention(
    article: Article, index: int, text: str, kind: str, actor: str | None, **fields: object
) -> Mention:
    start = article.text.index(text, int(fields.pop("after", 0)))  # type: ignore[call-overload]
    sentence = next(i for i, (s, e) in enumerate(article.paragraphs) if s <= start < e)
    values: dict[str, object] = {
        "country": None,
        "sector": None,
        "name": None,
        "role": None,
        "entity": index,
        "resolved_by": "dictionary",
    }
    values.update(fields)
    return Mention(article.id, index, sentence, start, start + len(text), text, kind, actor, **values)  # type: ignore[arg-type]


def place(article: Article, index: int, text: str, **fields: object) -> Place:
    start = article.text.index(text)
    sentence = next(i for i, (s, e) in enumerate(article.paragraphs) if s <= start < e)
    values: dict[str, object] = {
        "kind": "city",
        "name": text,
        "country": None,
        "admin1": None,
        "lat": None,
        "lon": None,
        "geonames_id": None,
    }
    values.update(fields)
    return Place(article.id, index, sentence, start, start + len(text), text, **values)  # type: ignore[arg-type]


def summit_analysis(article: Article) -> Analysis:
    text = article.text
    second = article.paragraphs[1][0]
    full = "Russia's President Vladimir Putin"
    putin = Speaker(
        article.id, 0, "Vladimir Putin", "President", "Russia's", "person", full, 0, len(full), "RUSGOV"
    )
    content_start = text.index("We will")
    content = "We will talk again,"
    said = text.index("said")
    said_by = text.index("Putin", second)
    quote = Quote(
        article.id, 0, 1, 1, content_start, content_start + len(content),
        ((content_start, content_start + len(content)),), content, "direct", "said", "say",
        said, said + 4, "Putin", said_by, said_by + 5, 0, "explicit", 0.9,
    )  # fmt: skip
    person = {"kind": "person", "resolved_by": "office"}
    mentions = (
        mention(article, 0, full, actor="RUSGOV", country="RUS", sector="GOV", name="Vladimir Putin",
                role="President", **person),
        mention(article, 1, "NATO Secretary General Jens Stoltenberg", actor="IGOWSTNAT", country="NATO",
                sector="IGO", name="Jens Stoltenberg", role="Secretary General", **person),
        mention(article, 2, "Putin", "person", "RUSGOV", after=second, country="RUS", sector="GOV",
                name="Vladimir Putin", role="President", entity=0, resolved_by="entity"),
        mention(article, 3, "Russian troops", "agent", "RUSMIL", country="RUS", sector="MIL",
                name="Russia", resolved_by="title", entity=2),
    )  # fmt: skip
    places = (
        place(
            article, 0, "Moscow", country="RUS", admin1="48", lat=55.75222, lon=37.61556, geonames_id=524901
        ),
        place(
            article, 1, "Kharkiv", country="UKR", admin1="07", lat=49.98081, lon=36.25272, geonames_id=706483
        ),
    )
    return Analysis(
        article.id,
        sentences=sentences(article),
        quotes=(quote,),
        speakers=(putin,),
        mentions=mentions,
        places=places,
    )


def drone_analysis(article: Article) -> Analysis:
    mentions = (
        mention(article, 0, "Ukrainian officials", "agent", "UKRGOV", country="UKR", sector="GOV",
                name="Ukraine", resolved_by="title"),
        mention(article, 1, "police", "agent", "COP", sector="COP", resolved_by="title"),
        mention(article, 2, "Jonas Kettleby", "person", None, name="Jonas Kettleby",
                resolved_by="unresolved"),
    )  # fmt: skip
    places = (place(article, 0, "Kyiv", country="UKR", admin1="12", lat=50.45466, lon=30.5238),)
    return Analysis(article.id, sentences=sentences(article), mentions=mentions, places=places)


def fill(store: Store) -> tuple[Article, Article]:
    summit = make_article(SUMMIT, title="Putin meets Stoltenberg", published="2022-03-01", source_id="summit")
    drone = make_article(DRONE, title="Drone near Kyiv", published="2022-03-02", source_id="drone")
    store.add_articles([summit, drone], {}, [], "run")
    store.save_analyses([summit_analysis(summit), drone_analysis(drone)], "run-1")
    return summit, drone


@pytest.fixture
def filled(store: Store) -> tuple[Store, Article, Article]:
    return (store, *fill(store))


def test_actors_store_hand_built_records_point_into_their_text() -> None:
    # The fixtures themselves: every span is a slice of the article text.
    for paragraphs, analyse in ((SUMMIT, summit_analysis), (DRONE, drone_analysis)):
        article = make_article(paragraphs)
        analysis = analyse(article)
        for record in (*analysis.mentions, *analysis.places):
            assert article.text[record.start : record.end] == record.text
        for s in analysis.speakers:
            assert article.text[s.start : s.end] == s.mention


# -- schema -------------------------------------------------------------------------------------
def _schema_2_file(path: Path, article: Article) -> None:
    """A file as the quotes release left it (schema 2), with one article and one speaker."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE schema_version ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
        for migration in MIGRATIONS[:2]:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, now())", [migration.version, migration.name]
            )
        con.execute(
            "INSERT INTO articles (id, language, text, paragraph_count, word_count, status, ingest_run,"
            " ingested_at, published, published_date) VALUES (?, 'en', ?, 2, 20, 'processed', 'r', now(),"
            " '2022-03-01', '2022-03-01')",
            [article.id, article.text],
        )
        con.execute(
            "INSERT INTO speakers VALUES"
            " (?, 0, 'Vladimir Putin', 'President', NULL, 'person', 'Putin', 0, 5)",
            [article.id],
        )


def test_actors_store_migrates_a_version_2_file_forward(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    article = make_article(SUMMIT)
    _schema_2_file(path, article)
    with Store(path) as store:
        assert store.schema_version() == len(MIGRATIONS) >= 3
        assert store.query("SELECT version, name FROM schema_version WHERE version = 3") == [
            (3, "actors_places")
        ]
        # The old speaker row is kept, with no actor code yet.
        _, speakers = store.article_quotes(article.id)
        assert speakers == [
            Speaker(article.id, 0, "Vladimir Putin", "President", None, "person", "Putin", 0, 5)
        ]
        assert store.article_mentions(article.id) == [] and store.article_places(article.id) == []
        # Re-processing the old article fills the new tables and replaces the speaker.
        store.save_analyses([summit_analysis(article)], "run-2")
        assert store.article_quotes(article.id)[1][0].actor == "RUSGOV"
        assert len(store.article_mentions(article.id)) == 4 and len(store.article_places(article.id)) == 2
    with Store(path) as store:
        assert store.migrate() == []  # nothing applied twice


def test_actors_store_read_only_open_of_a_version_2_file_upgrades_it(tmp_path: Path, run_cli: Cli) -> None:
    path = tmp_path / "v2.duckdb"
    _schema_2_file(path, make_article(SUMMIT))
    with Store(path, read_only=True) as store:
        assert store.read_only and store.schema_version() == len(MIGRATIONS)
        assert store.stats()["tables"]["mentions"] == 0
    for command in ("mentions", "places"):
        code, out, _ = run_cli(command, "--db", path, "--format", "json")
        assert code == 0 and out == ""


# -- writing ------------------------------------------------------------------------------------
def test_actors_store_round_trip(filled: tuple[Store, Article, Article]) -> None:
    store, summit, drone = filled
    for article, analysis in ((summit, summit_analysis(summit)), (drone, drone_analysis(drone))):
        assert store.article_mentions(article.id) == list(analysis.mentions)
        assert store.article_places(article.id) == list(analysis.places)
        assert store.article_quotes(article.id)[1] == list(analysis.speakers)
    assert store.query("SELECT actor FROM speakers") == [("RUSGOV",)]
    # Offsets agree with DuckDB's substring, as for sentences and quotes.
    for table in ("mentions", "places"):
        sql = (
            "SELECT substring(a.text, t.start_char + 1, t.end_char - t.start_char), t.text"
            f" FROM {table} t JOIN articles a ON a.id = t.article_id"
        )
        pairs = store.query(sql)
        assert pairs and all(piece == written for piece, written in pairs)
    types = dict(
        store.query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'places'"
        )
    )
    assert (types["lat"], types["lon"], types["geonames_id"]) == ("DOUBLE", "DOUBLE", "BIGINT")


_word = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
_maybe = st.none() | _word


@st.composite
def _records(draw: st.DrawFn) -> tuple[Article, tuple[Mention, ...], tuple[Place, ...], Speaker]:
    words = draw(st.lists(_word.map(str.strip).filter(bool), min_size=1, max_size=8))
    article = make_article([" ".join(words)])
    text = article.text

    def span() -> tuple[int, int, str]:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        return start, end, text[start:end]

    mentions = []
    for index in range(draw(st.integers(0, 4))):
        start, end, written = span()
        mentions.append(
            Mention(
                article.id,
                index,
                0,
                start,
                end,
                written,
                draw(st.sampled_from(["person", "agent", "igo"])),
                draw(_maybe),
                draw(_maybe),
                draw(_maybe),
                draw(_maybe),
                draw(_maybe),
                draw(st.integers(0, index)),
                draw(st.sampled_from(["dictionary", "office", "unresolved"])),
            )
        )
    places = []
    for index in range(draw(st.integers(0, 3))):
        start, end, written = span()
        coordinate = st.none() | st.floats(allow_nan=False)
        places.append(
            Place(
                article.id,
                index,
                0,
                start,
                end,
                written,
                draw(st.sampled_from(["city", "country", "region"])),
                draw(_word),
                draw(_maybe),
                draw(_maybe),
                draw(coordinate),
                draw(coordinate),
                draw(st.none() | st.integers(-(2**63), 2**63 - 1)),
            )
        )
    start, end, written = span()
    speaker = Speaker(article.id, 0, draw(_maybe), None, None, "person", written, start, end, draw(_maybe))
    return article, tuple(mentions), tuple(places), speaker


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=_records())
def test_actors_store_records_round_trip(
    tmp_path: Path, records: tuple[Article, tuple[Mention, ...], tuple[Place, ...], Speaker]
) -> None:
    article, mentions, places, speaker = records
    with Store(tmp_path / f"{uuid.uuid4().hex}.duckdb") as store:
        store.add_articles([article], {}, [], "run")
        analysis = Analysis(article.id, speakers=(speaker,), mentions=mentions, places=places)
        store.save_analyses([analysis], "run")
        assert store.article_mentions(article.id) == list(mentions)
        assert store.article_places(article.id) == list(places)
        assert store.article_quotes(article.id)[1] == [speaker]
        substring = "SELECT substring(a.text, m.start_char + 1, m.end_char - m.start_char), m.text"
        rows = store.query(f"{substring} FROM mentions m JOIN articles a ON a.id = m.article_id")
        assert all(piece == written for piece, written in rows)
    for record in (*mentions, *places, speaker):
        assert type(record).from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_actors_store_saving_again_replaces_never_duplicates(filled: tuple[Store, Article, Article]) -> None:
    store, summit, drone = filled
    full = summit_analysis(summit)
    fewer = Analysis(
        summit.id,
        sentences=full.sentences,
        quotes=full.quotes,
        speakers=full.speakers,
        mentions=full.mentions[:1],
        places=full.places[1:],
    )
    for run in ("run-2", "run-3"):
        store.save_analyses([fewer], run)
    assert dict(store.query("SELECT article_id, count(*) FROM mentions GROUP BY 1")) == {
        summit.id: 1,
        drone.id: 3,
    }
    assert dict(store.query("SELECT article_id, count(*) FROM places GROUP BY 1")) == {
        summit.id: 1,
        drone.id: 1,
    }
    assert store.article_places(summit.id)[0].name == "Kharkiv"
    assert store.query("SELECT count(*) FROM speakers") == [(1,)]


def test_actors_store_failed_article_loses_its_old_rows(filled: tuple[Store, Article, Article]) -> None:
    store, summit, drone = filled
    store.save_analyses([Analysis(summit.id, error="E201 stage actors.resolve.v1 failed: boom")], "run-2")
    assert store.article_mentions(summit.id) == [] and store.article_places(summit.id) == []
    assert len(store.article_mentions(drone.id)) == 3


def test_actors_store_failed_batch_write_keeps_the_old_rows(filled: tuple[Store, Article, Article]) -> None:
    store, summit, _ = filled
    good = summit_analysis(summit)
    broken = Mention.from_dict(good.mentions[0].to_dict() | {"kind": None})
    with pytest.raises(duckdb.Error):  # kind is NOT NULL: the whole batch rolls back
        store.save_analyses([Analysis(summit.id, quotes=good.quotes, mentions=(broken,))], "run-2")
    assert store.article_mentions(summit.id) == list(good.mentions)
    assert len(store.article_places(summit.id)) == 2 and len(store.article_quotes(summit.id)[0]) == 1


# -- reading ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["drone:0", "drone:1", "drone:2", "summit:0", "summit:1", "summit:2", "summit:3"]),
        ({"actor": "RUS"}, ["summit:0", "summit:2", "summit:3"]),  # RUS, RUSGOV, RUSMIL
        ({"actor": "rus*"}, ["summit:0", "summit:2", "summit:3"]),
        ({"actor": "RUSMIL"}, ["summit:3"]),
        ({"actor": "IGO"}, ["summit:1"]),
        ({"actor": "COP"}, ["drone:1"]),  # a sector-only code
        ({"actor": "UKRGOV", "kind": "agent"}, ["drone:0"]),
        ({"actor": "CHN"}, []),
        ({"kind": "PERSON"}, ["drone:2", "summit:0", "summit:1", "summit:2"]),
        ({"search": "putin"}, ["summit:0", "summit:2"]),  # the mention as written
        ({"search": "jens stoltenberg"}, ["summit:1"]),
        ({"search": "ukraine"}, ["drone:0"]),  # the name: "Ukrainian officials" is Ukraine's
        ({"article": "summit", "kind": "agent"}, ["summit:3"]),
        ({"limit": 2}, ["drone:0", "drone:1"]),
    ],
)
def test_actors_store_mention_filters(
    filled: tuple[Store, Article, Article], filters: dict[str, object], expected: list[str]
) -> None:
    store, summit, drone = filled
    names = {summit.id: "summit", drone.id: "drone"}
    if filters.get("article") == "summit":
        filters = {**filters, "article": summit.id}
    found = [f"{names[r['article_id']]}:{r['index']}" for r in store.mentions(**filters)]  # type: ignore[arg-type]
    assert found == expected


def test_actors_store_mention_records_carry_the_article(filled: tuple[Store, Article, Article]) -> None:
    store, summit, _ = filled
    (record,) = store.mentions(actor="RUSMIL")
    assert record["article"] == {
        "id": summit.id,
        "title": "Putin meets Stoltenberg",
        "published": "2022-03-01",
        "source": None,
        "url": None,
    }
    assert (
        Mention.from_dict({k: v for k, v in record.items() if k != "article"})
        == summit_analysis(summit).mentions[3]
    )


def test_actors_store_place_filters(filled: tuple[Store, Article, Article]) -> None:
    store, summit, drone = filled
    assert [(r["name"], r["article"]["id"]) for r in store.places(country="ukr")] == [
        ("Kyiv", drone.id),
        ("Kharkiv", summit.id),
    ]
    assert [r["name"] for r in store.places(country="RUS")] == ["Moscow"]
    assert [r["name"] for r in store.places(article=summit.id)] == ["Moscow", "Kharkiv"]
    assert [r["name"] for r in store.places(limit=1)] == ["Kyiv"]
    (moscow,) = store.places(country="RUS")
    assert (
        Place.from_dict({k: v for k, v in moscow.items() if k != "article"})
        == summit_analysis(summit).places[0]
    )


def test_actors_store_stats_and_export(filled: tuple[Store, Article, Article], tmp_path: Path) -> None:
    store, _, _ = filled
    tables = store.stats()["tables"]
    assert (tables["mentions"], tables["places"]) == (7, 3)
    for table, rows in (("mentions", 7), ("places", 3)):
        for fmt in ("jsonl", "csv", "parquet"):
            assert store.export(table, fmt, str(tmp_path / f"{table}.{fmt}")) == rows
    exported = [json.loads(line) for line in (tmp_path / "places.jsonl").read_text("utf-8").splitlines()]
    assert {r["geonames_id"] for r in exported} == {524901, 706483, None}


# -- commands -----------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.duckdb"
    with Store(path) as store:
        fill(store)
    return path


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output.stdout, "_width", 250)  # one line per table row


@pytest.mark.parametrize("command", [["mentions"], ["places"], ["actors", "lookup"]])
def test_actors_cli_help(run_cli: Cli, command: list[str]) -> None:
    code, out, _ = run_cli(*command, "--help")
    assert code == 0 and "Usage" in out


def test_actors_cli_mentions_table(run_cli: Cli, db: Path, wide: None) -> None:
    code, out, _ = run_cli("mentions", "--db", db, "--actor", "RUS")
    assert code == 0 and "3 mentions" in out
    rows = [" ".join(line.strip("│ ").split()) for line in out.splitlines() if "│" in line]
    assert any(r.startswith("Russian troops │ agent │ RUSMIL │ RUS │ MIL │ Russia │ │ title") for r in rows)
    assert any("Russia's President Vladimir Putin │ person │ RUSGOV" in r and "│ office │" in r for r in rows)
    assert "Ukrainian" not in out and "NATO" not in out


def test_actors_cli_mentions_json_lines(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli(
        "mentions", "--db", db, "--kind", "person", "--search", "putin", "--format", "json"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["text"] for r in records] == ["Russia's President Vladimir Putin", "Putin"]
    assert {r["entity"] for r in records} == {0} and records[1]["resolved_by"] == "entity"
    assert records[0]["article"]["title"] == "Putin meets Stoltenberg"


def test_actors_cli_mentions_article_and_nothing_found(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli("mentions", "--db", db, "--article", "drone", "--format", "json")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == [
        "Ukrainian officials",
        "police",
        "Jonas Kettleby",
    ]
    code, out, err = run_cli("mentions", "--db", db, "--actor", "CHN")
    assert code == 0 and out == "" and "no mentions match" in err
    assert run_cli("mentions", "--db", db, "--article", "no-such-article")[0] == 2
    assert run_cli("mentions", "--db", db, "--format", "csv")[0] == 2


def test_actors_cli_places(run_cli: Cli, db: Path, wide: None) -> None:
    code, out, _ = run_cli("places", "--db", db, "--country", "UKR")
    assert code == 0 and "2 places" in out
    rows = [" ".join(line.strip("│ ").split()) for line in out.splitlines() if "│" in line]
    assert any(r.startswith("Kharkiv │ city │ Kharkiv │ UKR │ 07 │ 49.9808 │ 36.2527 │ 706483") for r in rows)
    assert "Moscow" not in out
    code, out, _ = run_cli("places", "--db", db, "--article", "summit", "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["name"], r["lat"], r["geonames_id"]) for r in records] == [
        ("Moscow", 55.75222, 524901),
        ("Kharkiv", 49.98081, 706483),
    ]
    code, out, err = run_cli("places", "--db", db, "--country", "FRA")
    assert code == 0 and out == "" and "no places match" in err


def test_actors_cli_show_lists_actors_and_places(run_cli: Cli, db: Path, wide: None) -> None:
    code, out, _ = run_cli("show", "summit", "--db", db)
    assert code == 0 and "4 actor mentions, 2 places" in out
    flat = " ".join(out.split())
    putin = "RUSGOV Vladimir Putin, President (person, office): “Russia's President Vladimir Putin” [0]"
    assert f"{putin}, “Putin” [1]" in flat
    assert "RUSMIL Russia (agent, title): “Russian troops” [1]" in flat
    assert "Moscow, RUS (city, 55.75, 37.62): “Moscow” [0]" in flat
    assert "Putin [RUSGOV] (direct, said): “We will talk again,”" in flat  # the quote's speaker code
    code, out, _ = run_cli("show", "drone", "--db", db)
    assert "– Jonas Kettleby (person, unresolved): “Jonas Kettleby” [1]" in " ".join(out.split())
    code, out, _ = run_cli("show", "summit", "--db", db, "--format", "json")
    record = json.loads(out)
    assert [m["actor"] for m in record["mentions"]] == ["RUSGOV", "IGOWSTNAT", "RUSGOV", "RUSMIL"]
    assert [p["name"] for p in record["places"]] == ["Moscow", "Kharkiv"]
    assert record["speakers"][0]["actor"] == "RUSGOV" and record["quotes"][0]["speaker"]["actor"] == "RUSGOV"


def test_actors_cli_quotes_show_the_speakers_code(run_cli: Cli, db: Path, wide: None) -> None:
    code, out, _ = run_cli("quotes", "--db", db)
    rows = [" ".join(line.strip("│ ").split()) for line in out.splitlines() if "│" in line]
    assert code == 0 and any(
        r.startswith("Vladimir Putin (President, Russia's) │ RUSGOV │ direct │ said") for r in rows
    )
    code, out, _ = run_cli("quotes", "--db", db, "--format", "json")
    assert json.loads(out)["speaker"]["actor"] == "RUSGOV"


def test_actors_cli_stats_and_export(run_cli: Cli, db: Path) -> None:
    code, out, _ = run_cli("stats", "--db", db, "--format", "json")
    stats = json.loads(out)
    assert code == 0 and stats["tables"]["mentions"] == 7 and stats["schema_version"] == len(MIGRATIONS)
    code, out, _ = run_cli("export", "mentions", "--db", db, "--format", "csv")
    assert code == 0 and out.splitlines()[0] == (
        "article_id,idx,sentence,start_char,end_char,text,kind,actor,country,sector,name,role,entity,resolved_by"
    )
    code, out, _ = run_cli("export", "speakers", "--db", db, "--format", "csv")
    assert out.splitlines()[0].endswith(",end_char,actor") and out.splitlines()[1].endswith(",RUSGOV")


# -- --actors FILE and actors lookup: usage errors (no model needed) ----------------------------
MALFORMED = {
    "missing": (None, "no such file"),
    "no office holder": ("people:\n  - {name: X, roles: [{title: T}]}\n", "bad actor dictionary entry"),
    "not YAML": ("people: [\n", "cannot read actor dictionary"),
    "bad date": (
        "people:\n  - {name: X, roles: [{title: T, of: RUS, start: 2022-13-01}]}\n",
        "month must be",
    ),
    "a list": ("- a list\n", "mapping"),
}


@pytest.mark.parametrize(
    ("command", "case"),
    [("extract", case) for case in MALFORMED]
    + [("run", "missing"), ("run", "not YAML"), ("process", "bad date")],
)
def test_actors_cli_bad_actors_file_exit_2(
    run_cli: Cli, tmp_path: Path, samples: Path, command: str, case: str
) -> None:
    content, message = MALFORMED[case]
    actors = tmp_path / "mine.yaml"
    if content is not None:
        actors.write_text(content, "utf-8")
    db = tmp_path / "new.duckdb"
    args = {"run": [samples, "--db", db], "process": ["--db", db], "extract": [samples]}[command]
    code, out, err = run_cli(command, *args, "--actors", actors)
    assert code == 2 and out == ""
    assert "mine.yaml" in err and message in err
    assert not db.exists()  # stopped before anything was stored


def test_actors_cli_bad_actors_file_in_the_settings_file(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    config = tmp_path / "watchfloor.toml"
    config.write_text(f'[actors]\nactors_file = "{tmp_path / "missing.yaml"}"\n', "utf-8")
    code, _, err = run_cli("extract", samples, "--config", config)
    assert code == 2 and "missing.yaml: no such file" in err


@pytest.mark.parametrize("day", ["2022-13-01", "yesterday", "01/03/2022"])
def test_actors_cli_lookup_bad_date_exit_2(run_cli: Cli, day: str) -> None:
    code, out, err = run_cli("actors", "lookup", "the Kremlin", "--date", day)
    assert code == 2 and out == "" and "--date" in err and day in err


def test_actors_cli_lookup_bad_actors_file_exit_2(run_cli: Cli, tmp_path: Path) -> None:
    code, _, err = run_cli("actors", "lookup", "the Kremlin", "--actors", tmp_path / "nope.yaml")
    assert code == 2 and "no such file" in err
