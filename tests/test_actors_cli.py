"""``actors lookup``, ``--actors FILE`` and the actor and place stages through ``run``, ``extract``,
``mentions`` and ``places``, with the real model and dictionaries."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from watchfloor.cli import output
from watchfloor.store import Store

pytestmark = pytest.mark.slow

Cli = Callable[..., tuple[int, str, str]]

VARGA = "Mayor Ilse Varga opened a new bridge in Budapest on Monday, watched by Hungarian police."
VARGA_FILE = """people:
  - name: Ilse Varga
    country: HUN
    roles:
      - {title: Mayor, of: HUN, sector: GOV, start: 2020-01-01, end: null}
"""


@pytest.fixture
def varga_file(tmp_path: Path) -> Path:
    path = tmp_path / "varga.yaml"
    path.write_text(VARGA_FILE, "utf-8")
    return path


def lookup_json(run_cli: Cli, *args: object) -> dict[str, object]:
    code, out, err = run_cli("actors", "lookup", *args, "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    assert isinstance(record, dict)
    return record


def mentions_of(record: dict[str, object]) -> list[dict[str, object]]:
    mentions = record["mentions"]
    assert isinstance(mentions, list)
    return mentions


def test_actors_cli_lookup_codes_a_head_of_state_by_office(run_cli: Cli) -> None:
    record = lookup_json(run_cli, "Russia's President Vladimir Putin", "--date", "2022-03-01")
    assert record["date"] == "2022-03-01"
    putin = [m for m in mentions_of(record) if m["name"] == "Vladimir Putin"]
    assert putin and all(m["actor"] == "RUSGOV" and m["resolved_by"] == "office" for m in putin)
    why = {hit["phrase"]: hit["meanings"] for hit in record["why"]}  # type: ignore[attr-defined]
    assert any("President of RUS" in m and "(held)" in m for m in why["Vladimir Putin"])


def test_actors_cli_lookup_follows_the_date(run_cli: Cli) -> None:
    codes = {
        day: [m["actor"] for m in mentions_of(lookup_json(run_cli, "Jens Stoltenberg", "--date", day))]
        for day in ("2010-06-01", "2022-03-01")
    }
    assert codes == {"2010-06-01": ["NORGOV"], "2022-03-01": ["IGOWSTNAT"]}


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [("the Kremlin", "the Kremlin", "RUSGOV"), ("Chinese warplanes", "Chinese warplanes", "CHNMIL")],
)
def test_actors_cli_lookup_seats_and_agents(run_cli: Cli, text: str, mention: str, code: str) -> None:
    record = lookup_json(run_cli, text, "--date", "2022-03-01")
    assert [(m["text"], m["actor"]) for m in mentions_of(record)] == [(mention, code)]


def test_actors_cli_lookup_table_shows_the_mentions_and_why(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.stdout, "_width", 250)
    code, out, _ = run_cli(
        "actors", "lookup", "The Kremlin said Chinese warplanes flew.", "--date", "2022-03-01"
    )
    assert code == 0
    rows = [" ".join(line.strip("│ ").split()) for line in out.splitlines() if "│" in line]
    assert "The Kremlin │ government │ RUSGOV │ RUS │ GOV │ Russia │ │ dictionary" in rows
    assert any(r.startswith("Chinese warplanes │ agent │ CHNMIL │ CHN │ MIL") for r in rows)
    why = out[out.index("\nwhy\n") :]
    assert "“The Kremlin”" in why and "seat of Russia (RUS)" in why and "“warplanes”" in why


def test_actors_cli_lookup_with_a_user_file(run_cli: Cli, varga_file: Path) -> None:
    without = lookup_json(run_cli, VARGA, "--date", "2024-05-06")
    with_file = lookup_json(run_cli, VARGA, "--date", "2024-05-06", "--actors", varga_file)
    varga = [m for m in mentions_of(with_file) if "Ilse Varga" in str(m["text"])]
    assert [(m["actor"], m["role"], m["resolved_by"]) for m in varga] == [("HUNGOV", "Mayor", "office")]
    assert all(m["resolved_by"] != "office" for m in mentions_of(without) if "Varga" in str(m["text"]))
    assert any(
        "person Ilse Varga (HUN): Mayor of HUN" in m for hit in with_file["why"] for m in hit["meanings"]
    )  # type: ignore[attr-defined]


def test_actors_cli_extract_json_with_a_user_file(run_cli: Cli, tmp_path: Path, varga_file: Path) -> None:
    article = tmp_path / "varga.jsonl"
    article.write_text(json.dumps({"id": "v1", "text": VARGA, "date": "2024-05-06"}) + "\n", "utf-8")
    code, out, err = run_cli("extract", "--json", article, "--actors", varga_file)
    assert code == 0, err
    record = json.loads(out)
    assert {"mentions", "places"} <= set(record)
    text = record["article"]["text"]
    by_text = {m["text"]: m for m in record["mentions"]}
    assert by_text["Mayor Ilse Varga"]["actor"] == "HUNGOV"
    assert by_text["Hungarian police"]["actor"] == "HUNCOP"
    (budapest,) = record["places"]
    assert (budapest["name"], budapest["kind"], budapest["country"]) == ("Budapest", "city", "HUN")
    assert text[budapest["start"] : budapest["end"]] == "Budapest" and budapest["geonames_id"] == 3054643
    code, out, _ = run_cli("extract", "--json", article)  # the user's file is not remembered
    assert json.loads(out)["mentions"][0]["actor"] != "HUNGOV"


def test_actors_cli_run_with_a_user_file_then_mentions_places_and_show(
    run_cli: Cli, tmp_path: Path, varga_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.stdout, "_width", 250)
    article = tmp_path / "varga.jsonl"
    article.write_text(json.dumps({"id": "v1", "text": VARGA, "date": "2024-05-06"}) + "\n", "utf-8")
    db = tmp_path / "w.duckdb"
    code, out, err = run_cli("run", article, "--db", db, "--actors", varga_file, "--quiet")
    assert code == 0, err
    summary = {
        " ".join(line.strip("│ ").split("│")[0].split()): line for line in out.splitlines() if "│" in line
    }
    assert summary["actor mentions (this run)"].split("│")[2].strip() == "2"
    assert summary["places (this run)"].split("│")[2].strip() == "1"
    code, out, _ = run_cli("mentions", "--db", db, "--actor", "HUN*", "--format", "json")
    assert [(r["text"], r["actor"]) for r in map(json.loads, out.splitlines())] == [
        ("Mayor Ilse Varga", "HUNGOV"),
        ("Hungarian police", "HUNCOP"),
    ]
    code, out, _ = run_cli("places", "--db", db, "--country", "HUN", "--format", "json")
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["Budapest"]
    code, out, _ = run_cli("show", "v1", "--db", db)
    assert code == 0 and "HUNGOV Ilse Varga, Mayor (person, office): “Mayor Ilse Varga” [0]" in " ".join(
        out.split()
    )
    with Store(db, read_only=True) as store:
        runs = store.query("SELECT counts, settings FROM runs WHERE command = 'run' ORDER BY started_at")
    ingested, processed = (json.loads(counts) for counts, _ in runs)  # run records both steps
    assert "mentions" not in ingested and (processed["mentions"], processed["places"]) == (2, 1)
    assert all(json.loads(settings)["actors_file"] == str(varga_file) for _, settings in runs)
