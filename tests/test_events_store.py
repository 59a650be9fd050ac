"""Events in the store, hand-built (no model): migration 4, save/replace, reading with filters,
near-duplicates and the daily view, the GDELT and PLOVER exports, the pipeline's counts and
``extract``'s JSON."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rich.console import Console

from watchfloor import pipeline
from watchfloor.cli import output
from watchfloor.cli.events import cut
from watchfloor.exports import (
    GDELT_COLUMNS,
    actor_parts,
    gdelt_line,
    gdelt_row,
    global_event_id,
    plover_record,
)
from watchfloor.extraction import Extraction
from watchfloor.registry import register_stage
from watchfloor.settings import Settings
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.store import Store
from watchfloor.store.migrations import MIGRATIONS
from watchfloor.types import Analysis, Article, Event, Mention, Place, Sentence

ATTACK = [
    "Russian troops shelled Kharkiv on Tuesday.",
    "“Kyiv provoked this,” the Kremlin said on Monday.",
    "Ukraine did not attack Belgorod, officials said.",
    "NATO could threaten Russia if it escalates.",
]
# A near-duplicate of ATTACK (a wire copy), stored with duplicate_of and processed anyway.
COPY = ["Russian troops shelled Kharkiv on Tuesday.", "Reporting by a wire service."]
MAYOR = ["Russian artillery shelled Kharkiv yesterday, the mayor said."]
SANCTIONS = ["Washington imposed sanctions on the Kremlin on Saturday.", "Beijing called for calm."]


def make_article(paragraphs: list[str], **fields: Any) -> Article:
    text, spans = join_paragraphs(paragraphs)
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test", **fields)


def sentences(article: Article) -> tuple[Sentence, ...]:
    return tuple(Sentence(article.id, i, i, s, e) for i, (s, e) in enumerate(article.paragraphs))


def event(
    article: Article,
    index: int,
    evidence: str,
    cameo: str,
    source: str | None,
    target: str | None,
    date: str | None,
    **fields: Any,
) -> Event:
    start = article.text.index(evidence)
    sentence = next(i for i, (s, e) in enumerate(article.paragraphs) if s <= start < e)
    values: dict[str, Any] = {
        "date_source": "article" if date else "none",
        "source_name": None,
        "source_mention": None,
        "source_entity": None,
        "target_name": None,
        "target_mention": None,
        "target_entity": None,
        "quad_class": 4,
        "goldstein": -10.0,
        "plover_type": None,
        "plover_mode": None,
        "trigger": evidence.split()[1],
        "trigger_lemma": evidence.split()[1].lower(),
        "pattern": "test",
    }
    values.update(fields)
    return Event(
        article.id, index, sentence, start, start + len(evidence), evidence, date,
        source=source, target=target, cameo=cameo, root=cameo[:2], **values,
    )  # fmt: skip


def attack_events(article: Article, *, day: str = "2022-03-01") -> tuple[Event, ...]:
    return (
        event(article, 0, "Russian troops shelled Kharkiv", "190", "RUSMIL", "UKR", day,
              source_name="Russia", source_mention="Russian troops", source_entity=0,
              target_name="Ukraine", plover_type="ASSAULT", plover_mode=None, place_name="Kharkiv",
              place_country="UKR", lat=49.98081, lon=36.25272, trigger="shelled", trigger_lemma="shell"),
        event(article, 1, "Kyiv provoked this", "1121", "RUSGOV", "UKR", "2022-02-28",
              date_source="relative", quad_class=3, goldstein=-2.0, plover_type="ACCUSE",
              plover_mode="allege", reported=True, quote_id=f"{article.id}:q0", source_name="Russia"),
        event(article, 2, "Ukraine did not attack Belgorod", "190", "UKRGOV", "RUS", day, negated=True),
        event(article, 3, "NATO could threaten Russia", "138", "IGOWSTNAT", "RUS", day, quad_class=3,
              goldstein=-7.0, hypothetical=True, future=True),
    )  # fmt: skip


def copy_events(article: Article) -> tuple[Event, ...]:
    return (event(article, 0, "Russian troops shelled Kharkiv", "190", "RUSMIL", "UKR", "2022-03-01"),)


def mayor_events(article: Article) -> tuple[Event, ...]:
    return (
        event(article, 0, "Russian artillery shelled Kharkiv", "190", "RUSMIL", "UKR", "2022-03-01",
              date_source="relative"),
    )  # fmt: skip


def sanctions_events(article: Article) -> tuple[Event, ...]:
    return (
        event(article, 0, "Washington imposed sanctions on the Kremlin", "163", "USAGOV", "RUSGOV",
              "2022-03-05", goldstein=-8.0, plover_type="COERCE", plover_mode="restrict",
              source_name="United States", target_name="Russia", source_mention="Washington",
              target_mention="the Kremlin", place_name="Washington", place_country="USA"),
        event(article, 1, "Beijing called for calm", "010", "CHN", None, None, quad_class=1,
              goldstein=0.0),
    )  # fmt: skip


def place(article: Article, index: int, text: str, **fields: Any) -> Place:
    start = article.text.index(text)
    values: dict[str, Any] = {"kind": "city", "name": text, "country": None, "admin1": None}
    values |= {"lat": None, "lon": None, "geonames_id": None} | fields
    return Place(article.id, index, 0, start, start + len(text), text, **values)


class Filled:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.attack = make_article(ATTACK, title="Shelling", published="2022-03-01", url="https://x.test/a")
        self.copy = make_article(COPY, published="2022-03-01", duplicate_of=self.attack.id)
        self.mayor = make_article(MAYOR, published="2022-03-02")
        self.sanctions = make_article(SANCTIONS, published="2022-03-05", url="https://x.test/s")
        articles = [self.attack, self.copy, self.mayor, self.sanctions]
        store.add_articles(articles, {}, [], "run")
        kharkiv = place(self.attack, 0, "Kharkiv", country="UKR", admin1="07", lat=49.98081, lon=36.25272,
                        geonames_id=706483)  # fmt: skip
        self.analyses = {
            self.attack.id: Analysis(
                self.attack.id, sentences(self.attack), places=(kharkiv,), events=attack_events(self.attack)
            ),
            self.copy.id: Analysis(self.copy.id, sentences(self.copy), events=copy_events(self.copy)),
            self.mayor.id: Analysis(self.mayor.id, sentences(self.mayor), events=mayor_events(self.mayor)),
            self.sanctions.id: Analysis(
                self.sanctions.id,
                sentences(self.sanctions),
                places=(place(self.sanctions, 0, "Washington", kind="admin1", country="USA", admin1="DC"),),
                events=sanctions_events(self.sanctions),
            ),
        }
        store.save_analyses(list(self.analyses.values()), "run-1")
        self.names = {self.attack.id: "attack", self.copy.id: "copy", self.mayor.id: "mayor"}
        self.names[self.sanctions.id] = "sanctions"

    def label(self, event_id: str) -> str:
        article_id, index = event_id.split(":")
        return f"{self.names[article_id]}:{index}"


@pytest.fixture
def filled(store: Store) -> Filled:
    return Filled(store)


def test_events_store_hand_built_events_point_into_their_text(filled: Filled) -> None:
    for article in (filled.attack, filled.copy, filled.mayor, filled.sanctions):
        for e in filled.analyses[article.id].events:
            assert article.text[e.start : e.end] == e.evidence


# -- schema -------------------------------------------------------------------------------------
def test_events_store_schema_types(store: Store) -> None:
    types = dict(
        store.query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events'"
        )
    )
    for field in ("negated", "hypothetical", "future", "reported"):
        assert types[field] == "BOOLEAN"
    assert (types["date"], types["lat"], types["lon"], types["goldstein"]) == (
        "DATE",
        "DOUBLE",
        "DOUBLE",
        "DOUBLE",
    )
    assert (types["id"], types["idx"], types["start_char"]) == ("VARCHAR", "INTEGER", "INTEGER")
    # One column per Event field (start/end as start_char/end_char, index as idx), plus id.
    renamed = {"index": "idx", "start": "start_char", "end": "end_char"}
    expected = {renamed.get(name, name) for name in Event.__dataclass_fields__} | {"id"}
    assert set(types) == expected


def _schema_3_file(path: Path, article: Article) -> None:
    """A file as the actors release left it (schema 3), with one processed article and a mention."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE schema_version ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
        for migration in MIGRATIONS[:3]:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, now())", [migration.version, migration.name]
            )
        con.execute(
            "INSERT INTO articles (id, language, text, paragraph_count, word_count, status, ingest_run,"
            " ingested_at, published, published_date) VALUES (?, 'en', ?, 4, 30, 'processed', 'r', now(),"
            " '2022-03-01', '2022-03-01')",
            [article.id, article.text],
        )
        con.execute(
            "INSERT INTO mentions VALUES (?, 0, 0, 0, 14, 'Russian troops', 'agent', 'RUSMIL', 'RUS', 'MIL',"
            " 'Russia', NULL, 0, 'title')",
            [article.id],
        )


def test_events_store_migrates_a_version_3_file_forward(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    article = make_article(ATTACK)
    _schema_3_file(path, article)
    with Store(path, read_only=True) as store:  # a reader upgrades it too
        assert store.schema_version() == len(MIGRATIONS) >= 4
        assert store.events() == [] and store.daily_events() == []
    with Store(path) as store:
        assert store.migrate() == []
        assert store.query("SELECT name FROM schema_version WHERE version = 4") == [("events",)]
        # The old rows are kept; re-processing the article fills the new table.
        assert [m.actor for m in store.article_mentions(article.id)] == ["RUSMIL"]
        assert store.article_events(article.id) == []
        store.save_analyses([Analysis(article.id, sentences(article), events=attack_events(article))], "r2")
        assert store.article_events(article.id) == list(attack_events(article))
        assert store.stats()["tables"]["events"] == 4


# -- writing ------------------------------------------------------------------------------------
def test_events_store_round_trip(filled: Filled) -> None:
    store = filled.store
    for article_id, analysis in filled.analyses.items():
        assert store.article_events(article_id) == list(analysis.events)
    ids = [
        r[0]
        for r in store.query("SELECT id FROM events WHERE article_id = ? ORDER BY idx", [filled.attack.id])
    ]
    assert ids == [f"{filled.attack.id}:e{i}" for i in range(4)]
    pairs = store.query(
        "SELECT substring(a.text, e.start_char + 1, e.end_char - e.start_char), e.evidence"
        " FROM events e JOIN articles a ON a.id = e.article_id"
    )
    assert len(pairs) == 8 and all(piece == written for piece, written in pairs)
    assert store.query("SELECT date FROM events WHERE cameo = '010'") == [(None,)]
    for e in filled.analyses[filled.attack.id].events:
        assert Event.from_dict(json.loads(json.dumps(e.to_dict()))) == e


def test_events_store_saving_again_replaces_never_duplicates(filled: Filled) -> None:
    store, attack = filled.store, filled.attack
    fewer = Analysis(attack.id, sentences(attack), events=attack_events(attack)[2:])
    for run in ("run-2", "run-3"):
        store.save_analyses([fewer], run)
    counts = dict(store.query("SELECT article_id, count(*) FROM events GROUP BY 1"))
    assert counts == {attack.id: 2, filled.copy.id: 1, filled.mayor.id: 1, filled.sanctions.id: 2}
    assert [e.cameo for e in store.article_events(attack.id)] == ["190", "138"]
    # A failed article loses its events; the others keep theirs.
    store.save_analyses([Analysis(attack.id, error="E201 stage events.cameo.v1 failed: boom")], "run-4")
    assert store.article_events(attack.id) == [] and len(store.article_events(filled.mayor.id)) == 1


def test_events_store_failed_batch_write_keeps_the_old_events(filled: Filled) -> None:
    store, attack = filled.store, filled.attack
    broken = Event.from_dict(attack_events(attack)[0].to_dict() | {"cameo": None})
    with pytest.raises(duckdb.Error):  # cameo is NOT NULL: the whole batch rolls back
        store.save_analyses([Analysis(attack.id, events=(broken,))], "run-2")
    assert store.article_events(attack.id) == list(attack_events(attack))


# -- reading ------------------------------------------------------------------------------------
PLAIN = ["sanctions:e0", "mayor:e0", "attack:e0", "attack:e1", "sanctions:e1"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Latest day first, undated last; near-duplicates, negated and hypothetical left out.
        ({}, PLAIN),
        ({"source": "rus"}, ["mayor:e0", "attack:e0", "attack:e1"]),  # RUSMIL, RUSGOV
        ({"source": "RUS*"}, ["mayor:e0", "attack:e0", "attack:e1"]),
        ({"source": "RUSGOV"}, ["attack:e1"]),
        ({"source": "IGO", "include_hypothetical": True}, ["attack:e3"]),
        ({"target": "RUS"}, ["sanctions:e0"]),
        ({"target": "RUS", "include_negated": True}, ["sanctions:e0", "attack:e2"]),
        ({"root": "19"}, ["mayor:e0", "attack:e0"]),
        ({"root": "11,16"}, ["sanctions:e0", "attack:e1"]),  # 1121 is under 11
        ({"root": "1"}, ["sanctions:e1"]),  # "1" is root 01
        ({"date_from": "2022-03-01"}, ["sanctions:e0", "mayor:e0", "attack:e0"]),
        ({"date_to": "2022-02-28"}, ["attack:e1"]),
        ({"date_from": "2022-03-01", "date_to": "2022-03-01"}, ["mayor:e0", "attack:e0"]),
        (
            {"include_negated": True, "include_hypothetical": True},
            [*PLAIN[:3], "attack:e2", "attack:e3", *PLAIN[3:]],
        ),
        ({"include_duplicates": True, "root": "19"}, ["mayor:e0", "attack:e0", "copy:e0"]),
        ({"limit": 2}, PLAIN[:2]),
    ],
)
def test_events_store_filters(filled: Filled, filters: dict[str, Any], expected: list[str]) -> None:
    assert [filled.label(r["id"]) for r in filled.store.events(**filters)] == expected


def test_events_store_article_filter_and_record_shape(filled: Filled) -> None:
    store = filled.store
    records = store.events(article=filled.attack.id, include_negated=True, include_hypothetical=True)
    assert [r["index"] for r in records] == [0, 2, 3, 1]  # by day, then text order
    (first,) = [r for r in records if r["index"] == 0]
    assert first["article"] == {
        "id": filled.attack.id,
        "title": "Shelling",
        "published": "2022-03-01",
        "source": None,
        "url": "https://x.test/a",
    }
    assert first["date"] == "2022-03-01" and first["negated"] is False and first["lat"] == 49.98081
    assert first["duplicate_of_article"] is None and first["duplicate_of_event"] is None
    assert store.events(article=filled.copy.id) == []  # a near-duplicate's events, unless asked


def test_events_store_duplicates_are_linked_not_counted_twice(filled: Filled) -> None:
    store, attack = filled.store, filled.attack
    (copied,) = store.events(article=filled.copy.id, include_duplicates=True)
    assert copied["duplicate_of_article"] == attack.id
    assert copied["duplicate_of_event"] == f"{attack.id}:e0"  # same source, code and target
    rows = store.query(
        "SELECT id, duplicate_of_article FROM event_rows WHERE duplicate_of_article IS NOT NULL"
    )
    assert rows == [(f"{filled.copy.id}:e0", attack.id)]
    daily = store.daily_events()
    assert daily == [
        {"date": "2022-03-05", "source": "USAGOV", "target": "RUSGOV", "cameo": "163", "events": 1,
         "articles": 1, "first_event": f"{filled.sanctions.id}:e0"},
        # Two articles report the shelling (the wire copy is not one of them), the earliest first.
        {"date": "2022-03-01", "source": "RUSMIL", "target": "UKR", "cameo": "190", "events": 2,
         "articles": 2, "first_event": f"{attack.id}:e0"},
        {"date": "2022-02-28", "source": "RUSGOV", "target": "UKR", "cameo": "1121", "events": 1,
         "articles": 1, "first_event": f"{attack.id}:e1"},
    ]  # fmt: skip
    # Negated (UKRGOV→RUS), hypothetical (IGOWSTNAT) and undated (CHN) events are not in the view.
    assert store.query(
        "SELECT count(*) FROM daily_events WHERE source IN ('UKRGOV', 'IGOWSTNAT', 'CHN')"
    ) == [(0,)]
    assert [r["cameo"] for r in store.daily_events(source="rus", root="19")] == ["190"]
    assert [r["date"] for r in store.daily_events(date_to="2022-03-01", limit=1)] == ["2022-03-01"]


# -- exports ------------------------------------------------------------------------------------
def test_events_actor_parts() -> None:
    assert actor_parts("RUSGOV") == ("RUS", ["GOV"])
    assert actor_parts("UKR") == ("UKR", [])
    assert actor_parts("GOV") == (None, ["GOV"])
    assert actor_parts("UKRGOVMIL") == ("UKR", ["GOV", "MIL"])
    assert actor_parts("IGOWSTNAT") == (None, ["IGO"])
    assert actor_parts("IGOWSTNATMIL") == (None, ["IGO", "MIL"])
    assert actor_parts(None) == (None, [])


def test_events_global_event_id_is_stable_and_63_bit() -> None:
    ids = {global_event_id(f"abc:e{i}") for i in range(1000)}
    assert len(ids) == 1000 and all(0 < i < 2**63 for i in ids)
    assert global_event_id("abc:e1") == global_event_id("abc:e1")


def _gdelt(filled: Filled, **flags: bool) -> dict[str, dict[str, str]]:
    rows = [gdelt_row(r) for r in filled.store.events_for_export(**flags)]
    assert all(len(row) == 61 == len(GDELT_COLUMNS) for row in rows)
    return {row[0]: dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rows}


def test_events_gdelt_rows_put_our_values_in_gdelt_columns(filled: Filled) -> None:
    rows = _gdelt(filled)
    assert len(rows) == 5  # the plain events: no negated, hypothetical or near-duplicate ones
    shelling = rows[str(global_event_id(f"{filled.attack.id}:e0"))]
    assert {k: v for k, v in shelling.items() if v} | {"DATEADDED": "-"} == {
        "GLOBALEVENTID": str(global_event_id(f"{filled.attack.id}:e0")),
        "SQLDATE": "20220301",
        "MonthYear": "202203",
        "Year": "2022",
        "FractionDate": "2022.2493",  # (3 × 30 + 1) / 365
        "Actor1Code": "RUSMIL",
        "Actor1Name": "RUSSIA",
        "Actor1CountryCode": "RUS",
        "Actor1Type1Code": "MIL",
        "Actor2Code": "UKR",
        "Actor2Name": "UKRAINE",
        "Actor2CountryCode": "UKR",
        "IsRootEvent": "1",
        "EventCode": "190",
        "EventBaseCode": "190",
        "EventRootCode": "19",
        "QuadClass": "4",
        "GoldsteinScale": "-10",
        "NumMentions": "1",
        "NumSources": "1",
        "NumArticles": "1",
        "ActionGeo_Type": "4",  # a city outside the US
        "ActionGeo_FullName": "Kharkiv",
        "ActionGeo_CountryCode": "UP",  # FIPS 10-4, as GDELT has it
        "ActionGeo_ADM1Code": "UP07",
        "ActionGeo_Lat": "49.98081",
        "ActionGeo_Long": "36.25272",
        "ActionGeo_FeatureID": "706483",
        "DATEADDED": "-",
        "SOURCEURL": "https://x.test/a",
    }
    assert len(shelling["DATEADDED"]) == 14 and shelling["DATEADDED"].startswith("20")
    accusation = rows[str(global_event_id(f"{filled.attack.id}:e1"))]
    assert (accusation["EventCode"], accusation["EventBaseCode"], accusation["EventRootCode"]) == (
        "1121",
        "112",
        "11",
    )
    assert accusation["SQLDATE"] == "20220228" and accusation["ActionGeo_Type"] == ""
    sanction = rows[str(global_event_id(f"{filled.sanctions.id}:e0"))]
    assert (sanction["Actor2Code"], sanction["Actor2CountryCode"], sanction["Actor2Type1Code"]) == (
        "RUSGOV",
        "RUS",
        "GOV",
    )
    assert (sanction["ActionGeo_Type"], sanction["ActionGeo_ADM1Code"]) == ("2", "USDC")  # a US state
    statement = rows[str(global_event_id(f"{filled.sanctions.id}:e1"))]
    assert statement["SQLDATE"] == statement["Year"] == statement["Actor2Code"] == ""
    assert (statement["EventCode"], statement["EventBaseCode"], statement["EventRootCode"]) == (
        "010",
        "010",
        "01",
    )


def test_events_gdelt_flags_let_the_others_in(filled: Filled) -> None:
    rows = _gdelt(filled, include_negated=True, include_hypothetical=True, include_duplicates=True)
    assert len(rows) == 8
    nato = rows[str(global_event_id(f"{filled.attack.id}:e3"))]
    assert (nato["Actor1Code"], nato["Actor1CountryCode"], nato["Actor1Type1Code"]) == (
        "IGOWSTNAT",
        "",
        "IGO",
    )


def test_events_plover_records(filled: Filled) -> None:
    records = {r["id"]: plover_record(r) for r in filled.store.events_for_export(include_negated=True)}
    assert len(records) == 6
    shelling = json.loads(json.dumps(records[f"{filled.attack.id}:e0"]))
    assert shelling == {
        "id": f"{filled.attack.id}:e0",
        "date": "2022-03-01",
        "event": "ASSAULT",
        "mode": None,
        "context": "military",
        "source": {"code": "RUSMIL", "name": "Russia", "actorText": "Russian troops", "country": "RUS",
                   "sector": "MIL"},
        "target": {"code": "UKR", "name": "Ukraine", "actorText": None, "country": "UKR"},
        "text": "Russian troops shelled Kharkiv",
        "eventText": "shelled",
        "negated": False,
        "hypothetical": False,
        "future": False,
        "reported": False,
        "quote_id": None,
        "cameo": "190",
        "goldstein": -10.0,
        "geolocation": {"name": "Kharkiv", "country": "UKR", "lat": 49.98081, "lon": 36.25272},
        "article": {"id": filled.attack.id, "url": "https://x.test/a", "title": "Shelling",
                    "published": "2022-03-01"},
    }  # fmt: skip
    accusation = records[f"{filled.attack.id}:e1"]
    assert (accusation["event"], accusation["mode"], accusation["context"]) == (
        "ACCUSE",
        "allege",
        "crime; corruption",
    )
    assert accusation["reported"] is True and accusation["quote_id"] == f"{filled.attack.id}:q0"
    assert records[f"{filled.attack.id}:e2"]["negated"] is True
    statement = records[f"{filled.sanctions.id}:e1"]
    assert statement["target"] is None and statement["geolocation"] is None and "context" not in statement


# -- pipeline and extraction -------------------------------------------------------------------
class _FixedEvents:
    name = "test.fixed_events.v1"
    requires: tuple[str, ...] = ()
    assigns = ("events",)

    def __call__(self, article: Article, doc: Any, done: dict[str, Any]) -> dict[str, Any]:
        return {}


register_stage("test.fixed_events.v1")(lambda settings: _FixedEvents())


def test_events_process_report_counts_events(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    attack, sanctions = make_article(ATTACK), make_article(SANCTIONS)
    store.add_articles([attack, sanctions], {}, [], "run")
    found = {attack.id: attack_events(attack), sanctions.id: sanctions_events(sanctions)}

    def run_batch(articles: list[Article]) -> list[Analysis]:
        return [Analysis(a.id, sentences(a), events=found[a.id]) for a in articles]

    monkeypatch.setattr(pipeline, "_init_worker", lambda settings, stages: None)
    monkeypatch.setattr(pipeline, "_run_batch", run_batch)
    report = pipeline.process_pending(store, settings, stages=("test.fixed_events.v1",))
    assert report.events == 6 and report.counts()["events"] == 6
    (counts,) = store.query("SELECT counts FROM runs WHERE command = 'process'")
    assert json.loads(counts[0])["events"] == 6
    assert len(store.article_events(attack.id)) == 4


def test_events_extraction_json_lists_events() -> None:
    article = make_article(ATTACK)
    mention = Mention(article.id, 0, 0, 0, 14, "Russian troops", "agent", "RUSMIL", "RUS", "MIL", "Russia",
                      None, 0, "title")  # fmt: skip
    result = Extraction(article, sentences(article), mentions=(mention,), events=attack_events(article))
    record = json.loads(json.dumps(result.to_dict()))
    assert [e["id"] for e in record["events"]] == [f"{article.id}:e{i}" for i in range(4)]
    text = record["article"]["text"]
    assert all(text[e["start"] : e["end"]] == e["evidence"] for e in record["events"])
    assert record["events"][2]["negated"] is True and record["events"][1]["quote_id"] == f"{article.id}:q0"
    assert Extraction(article).to_dict()["events"] == []


# -- commands -----------------------------------------------------------------------------------
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def filled_db(tmp_path: Path) -> tuple[Path, Filled]:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        filled = Filled(store)
    return path, filled


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables wide enough that no cell is folded."""
    monkeypatch.setattr(output, "stdout", Console(width=250, soft_wrap=True))


@pytest.mark.usefixtures("wide")
def test_events_cli_table_and_json(filled_db: tuple[Path, Filled], run_cli: Cli) -> None:
    path, filled = filled_db
    code, out, _ = run_cli("events", "--db", path, "--source", "rus")
    assert code == 0
    assert (
        "3 events" in out and "190 Use conventional military force" in out and "1121 Accuse of crime" in out
    )
    assert "Washington" not in out  # USAGOV is not a RUS source
    code, out, _ = run_cli("events", "--db", path, "--format", "json", "--include-negated", "--root", "19")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [filled.label(r["id"]) for r in records] == ["mayor:e0", "attack:e0", "attack:e2"]
    assert records[2]["negated"] is True and records[1]["article"]["url"] == "https://x.test/a"


@pytest.mark.usefixtures("wide")
def test_events_cli_flags_dates_article_and_cut_evidence(
    filled_db: tuple[Path, Filled], run_cli: Cli
) -> None:
    path, filled = filled_db
    code, _, err = run_cli("events", "--db", path, "--article", "nope")
    assert code == 2 and "no article matching 'nope'" in err
    code, out, _ = run_cli("events", "--db", path, "--article", filled.copy.id, "--include-duplicates")
    assert code == 0 and "1 event" in out and "duplicate" in out
    code, out, _ = run_cli(
        "events", "--db", path, "--article", filled.attack.id[:10], "--include-hypothetical", "--from",
        "2022-03-01", "--to", "2022-03-01",
    )  # fmt: skip
    assert code == 0 and "hypothetical, future" in out and "IGOWSTNAT" in out and "Accuse" not in out
    assert cut("word " * 40) == ("word " * 16).strip()[:79].rstrip() + "…" and len(cut("a" * 200)) == 80


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2022-13-01"],
        ["--to", "yesterday"],
        ["--root", "21"],
        ["--root", "x"],
        ["--daily", "--include-negated"],
        ["--daily", "--article", "abc"],
        ["--format", "csv"],
    ],
)
def test_events_cli_usage_errors_exit_2(
    filled_db: tuple[Path, Filled], run_cli: Cli, args: list[str]
) -> None:
    path, _ = filled_db
    code, _, err = run_cli("events", "--db", path, *args)
    assert code == 2 and err


@pytest.mark.usefixtures("wide")
def test_events_cli_daily(filled_db: tuple[Path, Filled], run_cli: Cli) -> None:
    path, filled = filled_db
    code, out, _ = run_cli("events", "--db", path, "--daily", "--format", "json", "--root", "19")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"date": "2022-03-01", "source": "RUSMIL", "target": "UKR", "cameo": "190", "events": 2,
         "articles": 2, "first_event": f"{filled.attack.id}:e0"},
    ]  # fmt: skip
    code, out, _ = run_cli("events", "--db", path, "--daily")
    assert code == 0 and "3 day rows" in out and "1121 Accuse" in out


def test_events_cli_export_gdelt_and_plover(
    filled_db: tuple[Path, Filled], run_cli: Cli, tmp_path: Path
) -> None:
    path, filled = filled_db
    gdelt = tmp_path / "events.tsv"
    code, _, err = run_cli("export", "events", "--db", path, "--format", "gdelt", "--out", gdelt)
    assert code == 0 and "wrote 5 events as gdelt" in err
    lines = gdelt.read_text("utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert len(rows) == 5 and all(len(row) == 61 for row in rows)
    by_id = {row[0]: row for row in rows}
    shelling = by_id[str(global_event_id(f"{filled.attack.id}:e0"))]
    column = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    assert shelling[column["Actor1Code"]] == "RUSMIL" and shelling[column["Actor2Code"]] == "UKR"
    assert shelling[column["EventCode"]] == "190" and shelling[column["SOURCEURL"]] == "https://x.test/a"
    # To stdout, with the flags.
    code, out, _ = run_cli("export", "events", "--db", path, "--format", "plover", "--include-duplicates")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 6
    assert {"id", "date", "event", "mode", "source", "target", "text", "negated", "hypothetical", "reported",
            "quote_id", "cameo", "goldstein", "geolocation", "article"} <= set(records[0])  # fmt: skip
    # The views export as tables.
    code, out, _ = run_cli("export", "daily_events", "--db", path, "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "date,source,target,cameo,events,articles,first_event"


@pytest.mark.parametrize(
    "args",
    [
        ["mentions", "--format", "gdelt"],
        ["events", "--format", "csv", "--include-negated"],
        ["events", "--format", "xml"],
    ],
)
def test_events_cli_export_usage_errors(
    filled_db: tuple[Path, Filled], run_cli: Cli, args: list[str]
) -> None:
    path, _ = filled_db
    code, _, err = run_cli("export", *args, "--db", path)
    assert code == 2 and err


@pytest.mark.usefixtures("wide")
def test_events_cli_show_and_stats(filled_db: tuple[Path, Filled], run_cli: Cli) -> None:
    path, filled = filled_db
    code, out, _ = run_cli("show", filled.attack.id, "--db", path)
    assert code == 0 and "4 events" in out and "\nEvents\n" in out
    assert "e2 [2] 2022-03-01 UKRGOV → RUS 190 Use conventional military force (negated)" in out
    code, out, _ = run_cli("show", filled.attack.id, "--db", path, "--format", "json")
    assert code == 0 and [e["index"] for e in json.loads(out)["events"]] == [0, 1, 2, 3]
    code, out, _ = run_cli("stats", "--db", path, "--format", "json")
    assert code == 0 and json.loads(out)["tables"]["events"] == 8


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=10)
_maybe_text = st.none() | _text
_maybe_int = st.none() | st.integers(0, 50)


@st.composite
def _events(draw: st.DrawFn) -> tuple[Article, tuple[Event, ...]]:
    article = make_article(
        [" ".join(draw(st.lists(_text.map(str.strip).filter(bool), min_size=1, max_size=6)))]
    )
    n = len(article.text)
    events = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        day = draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat))
        cameo = draw(st.sampled_from(["010", "0871", "112", "1121", "190", "20"]))
        coordinate = st.none() | st.floats(-180, 180, allow_nan=False)
        events.append(
            Event(
                article.id,
                index,
                0,
                start,
                end,
                article.text[start:end],
                day,
                draw(st.sampled_from(["article", "relative", "none"])),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_maybe_int),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_maybe_int),
                cameo,
                cameo[:2],
                draw(st.integers(1, 4)),
                draw(st.floats(-10, 10, allow_nan=False)),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_text),
                draw(_text),
                draw(_text),
                *draw(st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(_maybe_text),
                draw(coordinate),
                draw(coordinate),
                draw(st.floats(0, 1)),
            )
        )
    return article, tuple(events)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=_events())
def test_events_store_any_events_round_trip(
    tmp_path: Path, records: tuple[Article, tuple[Event, ...]]
) -> None:
    article, events = records
    with Store(tmp_path / f"{uuid.uuid4().hex}.duckdb") as store:
        store.add_articles([article], {}, [], "run")
        store.save_analyses([Analysis(article.id, events=events)], "run")
        assert store.article_events(article.id) == list(events)
        every = store.events(include_negated=True, include_hypothetical=True)
        assert sorted(r["id"] for r in every) == sorted(e.id for e in events)
        lines = [
            gdelt_line(r) for r in store.events_for_export(include_negated=True, include_hypothetical=True)
        ]
        assert all(len(line.rstrip("\n").split("\t")) == 61 for line in lines)
    for e in events:
        assert Event.from_dict(json.loads(json.dumps(e.to_dict()))) == e
