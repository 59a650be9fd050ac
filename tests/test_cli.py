"""The command line: exit codes, messages, and each command's output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]
COMMANDS = ["ingest", "process", "run", "stats", "show", "export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_for_every_command(run_cli: Cli, command: str) -> None:
    code, out, _ = run_cli(command, "--help")
    assert code == 0 and "Usage" in out


def test_cli_ingest_ok_then_already_stored(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "w.duckdb"
    code, out, _ = run_cli("ingest", samples, "--db", db)
    assert code == 0 and "Ingest" in out
    code, _, err = run_cli("ingest", samples / "kyiv-briefing.txt", "--db", db)
    assert code == 0 and "already stored" in err


def test_cli_ingest_bad_input_exit_1_with_file_and_line(run_cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A fine article."}\n{oops\n', "utf-8")
    code, _, err = run_cli("ingest", bad, "--db", tmp_path / "w.duckdb", "--quiet")
    assert code == 1
    assert f"{bad}:2: [E104] malformed JSON" in err.replace("\n", "")
    assert "Traceback" not in err


def test_cli_db_from_environment(
    run_cli: Cli, tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHFLOOR_DB", str(tmp_path / "env.duckdb"))
    assert run_cli("ingest", samples / "kyiv-briefing.txt", "-q")[0] == 0
    assert (tmp_path / "env.duckdb").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["ingest"],  # missing PATH
        ["process", "--workers", "-1"],
        ["stats", "--format", "yaml"],
        ["export", "articles", "--format", "xml"],
        ["export", "nosuchtable"],
        ["frobnicate"],
    ],
)
def test_cli_usage_errors_exit_2(run_cli: Cli, tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "w.duckdb"
    code, _, _ = run_cli(*args, *(["--db", db] if args[0] in ("process", "stats", "export") else []))
    assert code == 2


def test_cli_bad_config_file_exit_2(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[nlp]\nmodle = 'typo'\n", "utf-8")
    code, _, err = run_cli("ingest", samples, "--db", tmp_path / "w.duckdb", "--config", config)
    assert code == 2 and "unknown setting nlp.modle" in err


def test_cli_missing_database_exit_2(run_cli: Cli, tmp_path: Path) -> None:
    code, _, err = run_cli("stats", "--db", tmp_path / "none.duckdb")
    assert code == 2 and "no database" in err


def test_cli_stats_json_and_export_csv(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", samples, "--db", db, "-q")
    code, out, _ = run_cli("stats", "--db", db, "--format", "json")
    stats = json.loads(out)
    assert code == 0 and stats["tables"]["articles"] == 15 and stats["duplicates"] == 1
    assert stats["articles_by_status"] == {"pending": 15}
    assert {s["source"] for s in stats["sources"]} >= {"Northwind Wire", "Baltic Courier"}
    code, out, _ = run_cli("export", "articles", "--format", "csv", "--db", db)
    assert code == 0 and out.splitlines()[0].startswith("id,source_id,url")
    assert (
        len([line for line in out.splitlines() if line.startswith(("sample-", "wire-"))]) == 0
    )  # ids are hashes
    code, _, err = run_cli(
        "export", "articles", "--format", "parquet", "--db", db, "--out", tmp_path / "a.parquet"
    )
    assert code == 0 and "wrote 15 rows" in err and (tmp_path / "a.parquet").stat().st_size > 0


@pytest.mark.slow
def test_cli_run_then_show(run_cli: Cli, tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "w.duckdb"
    code, out, _ = run_cli("run", samples, "--db", db, "--quiet")
    assert code == 0
    assert "near-duplicates found" in out and "articles processed" in out and "articles/s" in out
    code, out, _ = run_cli("show", "sample-006", "--db", db)  # by source id
    assert code == 0 and "¶0" in out and "[0]" in out and "status: processed" in out.replace("  ", " ")
    code, out, _ = run_cli("show", "sample-006", "--db", db, "--format", "json")
    record = json.loads(out)
    assert (
        record["sentences"][0]["text"]
        == record["text"][record["sentences"][0]["start"] : record["sentences"][0]["end"]]
    )
    code, _, err = run_cli("show", "does-not-exist", "--db", db)
    assert code == 2 and "no article matching" in err
