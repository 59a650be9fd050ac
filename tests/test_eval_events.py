"""The event scorer: matching rules, the three gold formats, and ``watchfloor eval events``.

Unit tests build Event records and small gold files by hand and stand in for the pipeline with a
fake analyzer (no model, no event stage); the runs on ``../shared`` are marked slow.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from watchfloor.cli import output
from watchfloor.cli.evaluate import short_labels
from watchfloor.errors import ConfigError
from watchfloor.evaluation import events as scorer
from watchfloor.evaluation.events import (
    PLOVER_TYPES,
    EventScores,
    PlacedEvent,
    allows_hypothetical,
    current_plover_name,
    evaluate_events,
    five_way_class,
    gold_format,
    item_matches,
    pick_event,
    predicted_plover_names,
    same_actor,
    score_five_way,
    score_plover_items,
    score_seed_events,
    violates,
)
from watchfloor.settings import Settings
from watchfloor.types import Analysis, Article, Event

Cli = Callable[..., tuple[int, str, str]]

CAMEO_TABLE: dict[str, tuple[int, str | None]] = {
    "010": (1, None),
    "020": (1, None),
    "036": (1, "AGREE"),
    "042": (1, "CONSULT"),
    "057": (1, "SUPPORT"),
    "073": (2, "AID"),
    "080": (2, "CONCEDE/RETREAT"),
    "090": (3, "ACCUSE(investigate)"),
    "100": (3, "REQUEST"),
    "111": (3, "ACCUSE"),
    "112": (3, "ACCUSE"),
    "138": (3, "THREATEN"),
    "141": (4, "PROTEST"),
    "154": (4, "MOBILIZE"),
    "163": (4, "COERCE"),
    "173": (4, "COERCE"),
    "190": (4, "ASSAULT"),
    "2042": (4, "ASSAULT"),
}


def event(
    cameo: str = "112",
    source: str | None = "USA",
    target: str | None = "RUS",
    *,
    index: int = 0,
    start: int = 0,
    **fields: Any,
) -> Event:
    """An Event as the stage would record one, with the quad class and PLOVER type of its code."""
    quad, plover = CAMEO_TABLE[cameo]
    values: dict[str, Any] = {
        "article_id": "a",
        "index": index,
        "sentence": 0,
        "start": start,
        "end": start + 10,
        "evidence": "evidence",
        "date": None,
        "date_source": "none",
        "source": source,
        "source_name": None,
        "source_mention": source,
        "source_entity": None,
        "target": target,
        "target_name": None,
        "target_mention": target,
        "target_entity": None,
        "cameo": cameo,
        "root": cameo[:2],
        "quad_class": quad,
        "goldstein": 0.0,
        "plover_type": plover,
        "plover_mode": None,
        "trigger": "trigger",
        "trigger_lemma": "trigger",
        "pattern": "test",
    }
    values.update(fields)
    return Event(**values)


def placed(item: Event, *paragraphs: int) -> PlacedEvent:
    return PlacedEvent(item, frozenset(paragraphs))


# -- actor codes ------------------------------------------------------------------------------


def test_same_actor_countries_compare_on_three_letters() -> None:
    assert same_actor("RUSGOV", "RUS") and same_actor("RUS", "RUSGOV") and same_actor("SYRMIL", "SYRGOV")
    assert not same_actor("UKR", "RUS") and not same_actor("UKRGOV", "RUSGOV")


def test_same_actor_igos_compare_on_the_whole_code() -> None:
    assert same_actor("IGOWSTNAT", "IGOWSTNAT")
    assert not same_actor("IGOUNO", "IGOWSTNAT")  # same first three letters, another body
    assert not same_actor("IGOWSTNATMIL", "IGOWSTNAT") and not same_actor("IGOWSTNAT", "IGO")


def test_same_actor_none_matches_only_none() -> None:
    assert same_actor(None, None)
    assert not same_actor("RUS", None) and not same_actor(None, "RUS")


def test_same_actor_whole_sector_for_must_not_codes() -> None:
    assert not same_actor("USA", "USAMED", whole_sector=True)
    assert not same_actor("USAGOV", "USAMED", whole_sector=True)
    assert same_actor("USAMED", "USAMED", whole_sector=True)
    assert same_actor("RUSGOV", "RUS", whole_sector=True)  # a bare country still means any of it


# -- seed items -------------------------------------------------------------------------------


def test_item_matches_fields_and_paragraph_lists() -> None:
    item = {"paragraph": [0, 1, 5], "source": ["IGOWSTNAT"], "root": ["01", "11"], "target": None}
    assert item_matches(event("010", "IGOWSTNAT", None), [5], item)
    assert item_matches(event("112", "IGOWSTNAT", "RUS"), [1], item)  # any sub-code of the root
    assert not item_matches(event("112", "IGOWSTNAT", "RUS"), [4], item)  # paragraph
    assert not item_matches(event("138", "IGOWSTNAT", "RUS"), [0], item)  # root
    assert not item_matches(event("010", "USA", None), [0], item)  # source
    assert item_matches(event("010", "IGOWSTNAT", None), [0], {"paragraph": 0})  # a single number


def test_item_matches_null_in_a_target_list_allows_no_target() -> None:
    item = {"paragraph": 6, "source": ["IGOWSTNAT", "USA"], "root": ["13", "15"], "target": ["RUS", None]}
    assert item_matches(event("154", "USAMIL", None), [6], item)
    assert item_matches(event("138", "IGOWSTNAT", "RUSGOV"), [6], item)
    assert not item_matches(event("138", "IGOWSTNAT", "UKR"), [6], item)
    # without null, an event with no target does not do
    assert not item_matches(event("138", "IGOWSTNAT", None), [6], {**item, "target": ["RUS"]})


def gold_events() -> dict[str, Any]:
    return {
        "must": [
            {"paragraph": 6, "source": ["IGOWSTNAT", "USA"], "root": ["13", "15"], "target": ["RUS", None]},
            {"paragraph": 8, "source": ["IGOWSTNAT"], "root": ["11"], "target": ["RUS"]},
        ],
        "should": [
            {"paragraph": 9, "source": ["RUS"], "root": ["04", "05", "07"], "target": ["SYRGOV", "SYR"]},
            {"paragraph": 0, "source": ["RUS"], "root": ["19"], "target": ["UKR"]},
        ],
        "must_not": [
            {"source": ["USAMED"], "why": "the venue"},
            {"paragraph": 11, "why": "no event from page furniture"},
            {
                "paragraph": 4,
                "source": ["RUSGOV"],
                "root": ["20"],
                "why": "a worry: coded at all it must be flagged hypothetical",
            },
        ],
    }


def checks_by(scores: EventScores) -> dict[tuple[str, int], dict[str, Any]]:
    return {(c["kind"], c["number"]): c for c in scores.checks}


def test_seed_musts_met_and_unmet() -> None:
    scores = EventScores("seed", "x")
    coded = [
        placed(event("112", "IGOWSTNAT", "RUS", index=0), 8),
        placed(event("138", "IGOWSTNAT", "RUS", index=1, negated=True), 6),  # negated: no
        placed(event("073", "RUS", "SYRGOV", index=2), 9),
    ]
    score_seed_events(gold_events(), coded, scores)
    assert scores.metrics["must_met"] == {"count": 1, "of": 2}
    assert scores.metrics["should_met"] == {"count": 1, "of": 2}
    assert scores.metrics["must_not_violated"] == {"count": 0, "of": 3}
    checks = checks_by(scores)
    assert not checks["must", 1]["ok"] and checks["must", 1]["events"] == []
    assert checks["must", 2]["ok"] and checks["must", 2]["events"] == [0]
    assert checks["should", 1]["ok"] and not checks["should", 2]["ok"]
    assert [row["index"] for row in scores.events] == [0, 1, 2]
    assert scores.events[1]["flags"] == ["negated"] and scores.events[0]["paragraph"] == [8]


def test_seed_must_not_hypothetical_rule() -> None:
    item = gold_events()["must_not"][2]
    assert allows_hypothetical(item) and not allows_hypothetical({"why": "no event from page furniture"})
    assert allows_hypothetical({"hypothetical_ok": True})
    assert violates(event("2042", "RUSGOV", None), [4], item)
    assert not violates(event("2042", "RUSGOV", None, hypothetical=True), [4], item)
    assert not violates(event("2042", "RUSGOV", None), [5], item)  # another paragraph
    assert not violates(event("190", "RUSGOV", None), [4], item)  # another root
    # an item that does not allow hypothetical events is broken by one too
    strict = {k: v for k, v in item.items() if k != "why"}
    assert violates(event("2042", "RUSGOV", None, hypothetical=True), [4], strict)


def test_seed_must_not_furniture_and_sector_codes() -> None:
    scores = EventScores("seed", "x")
    coded = [
        placed(event("154", "USA", None, index=0), 6),  # a US event is not the USAMED venue
        placed(event("010", "USAMED", None, index=1), 1),
        placed(event("042", "FRA", "DEU", index=2), 11),
        placed(event("2042", "RUSGOV", None, index=3, hypothetical=True), 4),
    ]
    score_seed_events(gold_events(), coded, scores)
    checks = checks_by(scores)
    assert checks["must_not", 1]["events"] == [1] and not checks["must_not", 1]["ok"]
    assert checks["must_not", 2]["events"] == [2]
    assert checks["must_not", 3]["ok"]
    assert scores.metrics["must_not_violated"] == {"count": 2, "of": 3}
    assert checks["must", 1]["ok"]  # the US deployment, no target


# -- PLOVER -----------------------------------------------------------------------------------


def test_plover_names_map_to_current_ones() -> None:
    assert current_plover_name("DEMAND") == "REQUEST"
    assert current_plover_name("DISAPPROVE") == "ACCUSE" and current_plover_name("INVESTIGATE") == "ACCUSE"
    assert current_plover_name("FIGHT") == "ASSAULT" and current_plover_name("assault") == "ASSAULT"
    for name in ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REJECT"):
        assert current_plover_name(name) == name
    assert predicted_plover_names("CONCEDE/RETREAT") == {"CONCEDE", "RETREAT"}
    assert predicted_plover_names("ACCUSE(investigate)") == {"ACCUSE"}
    assert predicted_plover_names(None) == set()


def test_plover_types_are_the_crosswalk_events() -> None:
    table = resources.files("watchfloor").joinpath("resources/events/cameo_codes.tsv").read_text("utf-8")
    names: set[str] = set()
    for row in csv.DictReader(table.splitlines(), delimiter="\t"):
        names |= predicted_plover_names(row["plover_event"])
    assert names == set(PLOVER_TYPES)
    assert {current_plover_name(n) for n in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT")} <= names


def test_plover_precision_recall_confusion_and_source_country() -> None:
    items = [
        {"id": "a", "event": "FIGHT", "source": [{"code": "ISR"}], "text": "…"},
        {"id": "b", "event": "DEMAND", "source": [{"code": "USAGOV"}, {"code": "GBR"}], "text": "…"},
        {"id": "c", "event": "AGREE", "source": [{"code": "LBY"}], "text": "…"},
        {"id": "d", "event": "RETREAT", "source": None, "text": "…"},
    ]
    predictions = [
        [
            event("190", "ISRMIL", "PSE"),
            event("190", "ISR", "LBN", index=1),  # the same type again: one prediction
            event("111", "ISR", "PSE", index=2),  # another type: a second, wrong prediction
            event("036", "ISR", "PSE", index=3, hypothetical=True),  # hypothetical: out
        ],
        [event("100", "USA", "IRQ"), event("010", "USA", None, index=1)],  # 010 has no PLOVER type
        [event("111", "LBY", "EGY"), event("036", "LBY", "EGY", negated=True, index=1)],  # negated: out
        [event("080", "SRB", None)],  # CONCEDE/RETREAT stands for either
    ]
    scores = EventScores("plover", "x")
    score_plover_items(items, predictions, scores)
    prf = scores.metrics["event_type"]
    assert (prf["predicted"], prf["gold"], prf["correct"]) == (5, 4, 3)
    assert prf["precision"] == 0.6 and prf["recall"] == 0.75 and prf["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert scores.metrics["untyped_predictions"] == 1
    assert scores.metrics["source_country"] == {"accuracy": 1.0, "correct": 2, "total": 2}
    assert scores.confusion == {
        "ASSAULT": {"ASSAULT": 1},
        "REQUEST": {"REQUEST": 1},
        "AGREE": {"ACCUSE": 1},
        "RETREAT": {"RETREAT": 1},
    }
    assert [m["id"] for m in scores.misses] == ["c"] and scores.misses[0]["gold_old"] == "AGREE"


def test_plover_source_country_wrong_and_no_prediction() -> None:
    items = [
        {"id": "a", "event": "PROTEST", "source": [{"code": "IGO"}], "text": "…"},
        {"id": "b", "event": "PROTEST", "source": [{"code": "FRA"}], "text": "…"},
        {"id": "c", "event": "SANCTION", "source": [{"code": "USA"}], "text": "…"},
    ]
    predictions = [[event("141", "IGOUNO", None)], [event("141", "DEU", None)], []]
    scores = EventScores("plover", "x")
    score_plover_items(items, predictions, scores)
    assert scores.metrics["source_country"] == {"accuracy": 0.5, "correct": 1, "total": 2}
    assert scores.confusion["SANCTION"] == {"–": 1}
    assert scores.metrics["event_type"]["precision"] == 1.0


# -- five-way classes -------------------------------------------------------------------------


def test_five_way_class_of_each_root() -> None:
    expected = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3}
    expected |= {14: 4, 15: 4, 16: 3, 17: 4, 18: 4, 19: 4, 20: 4}
    for root, label in expected.items():
        assert five_way_class(f"{root:02d}") == label, root
    assert five_way_class("2042") == 4 and five_way_class(16) == 3
    assert five_way_class("00") is None and five_way_class("21") is None and five_way_class(None) is None


def test_pick_event_first_or_most_severe() -> None:
    statement = event("010", index=0, start=0)
    attack = event("190", index=1, start=20)
    denied = event("173", index=2, start=10, negated=True)
    assert pick_event([attack, denied, statement]) is statement
    assert pick_event([statement, denied, attack], most_severe=True) is attack
    assert pick_event([denied]) is None and pick_event([]) is None


def test_five_way_accuracy_coverage_and_confusion() -> None:
    rows = [("a", 4), ("b", 3), ("c", 0), ("d", 1)]
    predictions = [
        [event("190")],
        [event("010", start=0), event("112", index=1, start=5)],  # first says 0, most severe 3
        [event("020")],
        [],
    ]
    scores = EventScores("five_way", "x")
    score_five_way(rows, predictions, scores)
    assert scores.metrics["accuracy"] == {"accuracy": 0.6667, "correct": 2, "total": 3}
    assert scores.metrics["accuracy_most_severe"] == {"accuracy": 1.0, "correct": 3, "total": 3}
    assert scores.metrics["coverage"] == {"share": 0.75, "covered": 3, "total": 4}
    assert (
        scores.confusion["4"]["4"] == 1
        and scores.confusion["3"]["0"] == 1
        and scores.confusion["1"]["–"] == 1
    )
    assert set(scores.confusion) == {"0", "1", "2", "3", "4"}
    assert all(set(row) == {"0", "1", "2", "3", "4", "–"} for row in scores.confusion.values())
    assert [(m["text"], m["predicted"]) for m in scores.misses] == [("b", 0), ("d", None)]


# -- gold files and the command, with a fake pipeline -----------------------------------------


class FakeAnalyzer:
    """Stands in for the pipeline: codes an event for each keyword found in an article."""

    def __init__(self, codes: dict[str, tuple[str, str | None, str | None]]) -> None:
        self.codes = codes
        self.seen: list[Article] = []

    def __call__(self, articles: list[Article]) -> Iterable[Analysis]:
        for article in articles:
            self.seen.append(article)
            found = [
                event(cameo, source, target, index=n, start=article.text.index(word))
                for n, (word, (cameo, source, target)) in enumerate(
                    (w, c) for w, c in self.codes.items() if w in article.text
                )
            ]
            yield Analysis(article.id, events=tuple(found))


def write_plover(folder: Path) -> Path:
    records = [
        {"id": "DOC", "event": "DOCUMENT", "comment": "documentation"},
        {"id": "p1", "date": "2000-01-01", "event": "FIGHT", "source": [{"code": "ISR"}],
         "text": "Israeli tanks shelled positions near Jericho."},
        {"id": "p2", "date": "2000-01-01", "event": "DEMAND", "source": [{"code": "USA"}],
         "text": "Washington demanded the release of the prisoners."},
    ]  # fmt: skip
    path = folder / "plover.json"
    path.write_text(json.dumps(records), "utf-8")
    return path


def test_evaluate_events_plover_file(tmp_path: Path, settings: Settings) -> None:
    fake = FakeAnalyzer({"shelled": ("190", "ISRMIL", "PSE"), "demanded": ("112", "USA", None)})
    scores = evaluate_events(write_plover(tmp_path), settings, analyze=fake)
    assert scores.format == "plover" and scores.units == 2  # the DOCUMENT record is skipped
    assert [a.published for a in fake.seen] == ["2000-01-01", "2000-01-01"]
    assert all(a.language == "en" and len(a.paragraphs) == 1 for a in fake.seen)
    assert scores.metrics["event_type"]["correct"] == 1
    assert scores.confusion == {"ASSAULT": {"ASSAULT": 1}, "REQUEST": {"ACCUSE": 1}}
    assert evaluate_events(write_plover(tmp_path), settings, analyze=fake, limit=1).units == 1


def test_evaluate_events_rates_by_topic(tmp_path: Path, settings: Settings) -> None:
    """A corpus file gives events per 1,000 words by topic, and lists the off-topic events."""
    filler = " ".join(["The committee reviewed the schedule for the coming season."] * 10)
    rows = [
        {"id": "a", "topic_hint": "geopolitics", "text": f"Russian troops attacked the town. {filler}"},
        {"id": "b", "topic_hint": "offtopic_control", "text": f"The zoo welcomed a new panda. {filler}"},
        {"id": "c", "topic_hint": "offtopic_control", "text": f"The choir sang at noon. {filler}"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    fake = FakeAnalyzer({"attacked": ("190", "RUS", "UKR"), "panda": ("010", "CHN", None)})
    scores = evaluate_events(path, settings, analyze=fake)
    topics = scores.metrics["topics"]
    assert scores.format == "rates" and scores.units == 3
    assert topics["geopolitics"]["events"] == 1 and topics["offtopic_control"]["events"] == 1
    words = topics["offtopic_control"]["words"]
    assert topics["offtopic_control"]["per_1000_words"] == round(1000 / words, 2)
    assert [m["event"] for m in scores.misses] == ["010 CHN→-"]  # only the off-topic one


def test_evaluate_events_five_way_file_and_limit(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "classes.tsv"
    path.write_text(
        "sentence\tlabel\nTroops attacked the town.\t4\nThe two sides met in Geneva.\t1\nNo tab here\n",
        "utf-8",
    )
    fake = FakeAnalyzer({"attacked": ("190", "RUS", "UKR"), "met": ("042", "RUS", "UKR")})
    scores = evaluate_events(path, settings, analyze=fake)
    assert scores.format == "five_way" and scores.units == 2
    assert scores.metrics["accuracy"]["accuracy"] == 1.0 and scores.metrics["coverage"]["share"] == 1.0
    assert evaluate_events(path, settings, analyze=fake, limit=1).units == 1


def test_evaluate_events_seed_file_paragraphs_and_date(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    lines = [
        "NATO warned Russia on Sunday.",
        "",  # a blank line: paragraph numbers are the file's lines, so the next one is 2
        "Russia attacked Ukraine.",
    ]
    (tmp_path / "corpus" / "story.txt").write_text("\n".join(lines) + "\n", "utf-8")
    gold = {
        "document": "corpus/story.txt",
        "publication_date_hint": "It ran on 2022-03-20.",
        "events": {
            "must": [{"paragraph": 2, "source": ["RUS"], "root": ["19"], "target": ["UKR"]}],
            "should": [{"paragraph": 0, "source": ["IGOWSTNAT"], "root": ["13"], "target": ["RUS"]}],
            "must_not": [{"paragraph": 0, "root": ["19"]}],
        },
    }
    path = tmp_path / "gold" / "story.expected.json"
    path.write_text(json.dumps(gold), "utf-8")
    fake = FakeAnalyzer({"warned": ("138", "IGOWSTNAT", "RUSGOV"), "attacked": ("190", "RUSMIL", "UKR")})
    scores = evaluate_events(path, settings, analyze=fake)
    assert fake.seen[0].published == "2022-03-20"
    assert [row["paragraph"] for row in scores.events] == [[0], [2]]
    assert scores.metrics == {
        "must_met": {"count": 1, "of": 1},
        "should_met": {"count": 1, "of": 1},
        "must_not_violated": {"count": 0, "of": 1},
    }


def test_gold_format_refuses_missing_and_unknown(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        gold_format(tmp_path / "absent.json")
    for name, content in (("a.json", "{}"), ("b.json", "[1, 2]"), ("d.json", "{")):
        (tmp_path / name).write_text(content, "utf-8")
        with pytest.raises(ConfigError):
            gold_format(tmp_path / name)
    (tmp_path / "e.tsv").write_text("no labels here\n", "utf-8")
    with pytest.raises(ConfigError, match="label"):
        scorer.read_five_way(tmp_path / "e.tsv", None)


def test_cli_eval_events_exit_2_on_bad_gold(run_cli: Cli, tmp_path: Path) -> None:
    code, _, err = run_cli("eval", "events", "--gold", tmp_path / "absent.json")
    assert code == 2 and "not found" in err
    (tmp_path / "x.json").write_text('{"quotes": []}', "utf-8")
    code, _, err = run_cli("eval", "events", "--gold", tmp_path / "x.json")
    assert code == 2 and "not a gold format" in err


def test_cli_eval_events_tables_and_json(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeAnalyzer({"shelled": ("190", "ISRMIL", "PSE"), "demanded": ("112", "USA", None)})
    monkeypatch.setattr(scorer, "pipeline_analyzer", lambda settings: fake)
    path = write_plover(tmp_path)
    code, out, _ = run_cli("eval", "events", "--gold", path)
    assert code == 0 and "event type" in out and "Misses (1 of 1)" in out and "REQUEST (DEMAND)" in out
    code, out, _ = run_cli("eval", "events", "--gold", path, "--json", "--show", "0")
    data = json.loads(out)
    assert code == 0 and data["format"] == "plover" and data["misses"] == [] and data["misses_total"] == 1
    tsv = tmp_path / "classes.tsv"
    tsv.write_text("Israeli tanks shelled the camp.\t4\nNothing happened.\t0\n", "utf-8")
    code, out, _ = run_cli("eval", "events", "--gold", tsv, "--limit", "2")
    assert code == 0 and "coverage" in out and "Gold class × predicted class" in out


def test_short_labels_keep_types_apart() -> None:
    assert short_labels(list(PLOVER_TYPES)) == [t[:4] for t in PLOVER_TYPES]
    assert short_labels(["CONSULT", "CONSIDER", "AID"]) == ["CONSU", "CONSI", "AID"]
    assert short_labels([]) == []


def test_cli_eval_events_tables_fit_a_narrow_terminal(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confusion rows and misses never wrap: the grid splits its columns into blocks, a miss
    is two lines (fields, then the sentence cut with an ellipsis)."""
    fake = FakeAnalyzer({"shelled": ("190", "ISRMIL", "PSE"), "demanded": ("112", "USA", None)})
    monkeypatch.setattr(scorer, "pipeline_analyzer", lambda settings: fake)
    monkeypatch.setattr(output.stdout, "_width", 24)
    code, out, _ = run_cli("eval", "events", "--gold", write_plover(tmp_path))
    lines = out.splitlines()
    grid = lines[lines.index("Gold type × predicted type") + 1 :]
    assert code == 0 and grid[:3] == ["gold\\pred ACCU ASSA", "ASSAULT      .    1", "REQUEST      1    ."]
    assert grid[4:7] == ["gold\\pred – total", "ASSAULT   .     1", "REQUEST   .     1"]
    misses = lines[next(n for n, line in enumerate(lines) if line.startswith("Misses")) :]
    assert misses[3:5] == ["p2  REQUEST (DEMAND)  A…", "    Washington demanded…"]


# -- the real gold (../shared), with the event stage ------------------------------------------


@pytest.mark.slow
def test_plover_gold_names_all_map(shared: Path) -> None:
    data = json.loads((shared / "gold" / "events" / "plover-gsr-dev.json").read_text("utf-8"))
    kind, _ = gold_format(shared / "gold" / "events" / "plover-gsr-dev.json")
    items = scorer.read_plover(shared / "gold" / "events" / "plover-gsr-dev.json", data, None)
    assert kind == "plover" and len(items) == 161
    assert {current_plover_name(item["event"]) for item in items} <= set(PLOVER_TYPES)


@pytest.mark.slow
def test_cli_eval_events_seed_json(run_cli: Cli, shared: Path) -> None:
    code, out, _ = run_cli(
        "eval", "events", "--gold", shared / "gold" / "seed-stoltenberg.expected.json", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "seed"
    assert {k: v["of"] for k, v in data["metrics"].items()} == {
        "must_met": 3,
        "should_met": 3,
        "must_not_violated": 3,
    }
    assert len(data["checks"]) == 9 and all(row["paragraph"] for row in data["events"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("gold", "kind"),
    [("plover-gsr-dev.json", "plover"), ("conflibert-cameo-class-train.tsv", "five_way")],
)
def test_cli_eval_events_sentence_gold(run_cli: Cli, shared: Path, gold: str, kind: str) -> None:
    code, out, _ = run_cli(
        "eval", "events", "--gold", shared / "gold" / "events" / gold, "--limit", "20", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["format"] == kind and data["units"] == 20 and data["confusion"]
