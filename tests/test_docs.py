"""The README documents every command, every problem code and the API it shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from watchfloor.cli import app
from watchfloor.errors import CODES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_docs_every_command_in_readme() -> None:
    names = [command.name for command in app.registered_commands]
    assert names and all(f"`watchfloor {name}" in README for name in names)


def test_docs_every_problem_code_in_readme() -> None:
    assert all(f"| {code} |" in README for code in CODES)


@pytest.mark.slow
def test_docs_readme_python_snippet_runs(
    tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippet = next(s for s in re.findall(r"```python\n(.*?)```", README, re.S) if "ingest(" in s)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "page.html").write_bytes((samples / "ceasefire-talks.html").read_bytes())
    (tmp_path / "articles.jsonl").write_bytes((samples / "articles.jsonl").read_bytes())
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})
    from watchfloor.store import Store

    with Store(tmp_path / "news.duckdb", read_only=True) as store:
        assert store.query("SELECT status, count(*) FROM articles GROUP BY 1") == [("processed", 11)]
        assert [r[0] for r in store.query("SELECT command FROM runs ORDER BY started_at")] == [
            "ingest",
            "process",
        ]


@pytest.mark.slow
def test_docs_readme_extract_snippet_runs(capsys: pytest.CaptureFixture[str]) -> None:
    snippet = next(s for s in re.findall(r"```python\n(.*?)```", README, re.S) if ".extract(" in s)
    namespace: dict[str, object] = {}
    exec(compile(snippet, "README.md", "exec"), namespace)
    record = namespace["record"]
    assert isinstance(record, dict)
    assert set(record) == {
        "article",
        "note",
        "sentences",
        "quotes",
        "speakers",
        "mentions",
        "places",
        "events",
    }
    assert record["article"]["published"] == "2026-03-16" and record["article"]["source"] == "Example Wire"
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(record["quotes"]) + len(record["mentions"]) + len(record["places"])
    # What the snippet's comments and the JSON example in the README promise.
    assert [(m["text"], m["actor"]) for m in record["mentions"]] == [
        ("Foreign Minister Anna Berg", "GOV"),
        ("Russian envoys", "RUSGOV"),
    ]
    assert [(p["name"], p["country"], p["geonames_id"]) for p in record["places"]] == [
        ("Geneva", "CHE", 2660646)
    ]
    example = next(s for s in re.findall(r"```json\n(.*?)```", README, re.S) if '"mentions"' in s)
    shown = json.loads(example)
    drop = ("article_id",)
    assert shown["mentions"] == [{k: v for k, v in m.items() if k not in drop} for m in record["mentions"]]
    assert shown["places"] == [{k: v for k, v in p.items() if k not in drop} for p in record["places"]]
