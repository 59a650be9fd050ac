"""The watch end to end: the pipeline over articles we wrote (tests/fixtures/watch: eight weeks
of stories with a deliberate escalation of Azerbaijan against Armenia on 2026-04-08, a quiet
Japan–South Korea dyad, a Kremlin spokesman quoted on nuclear weapons), then series and alerts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchfloor.cli import main
from watchfloor.store import Store
from watchfloor.watch.alerts import find_alerts, run_alert_pass
from watchfloor.watch.series import dyad_series
from watchfloor.watch.source import WatchData
from watchfloor.watch.watchlist import Dyad, load_watchlist

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "watch"
WATCHLIST = FIXTURE / "watchlist.yaml"  # also what `make demo` watches


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("watch")
    path = folder / "watch.duckdb"
    assert main(["run", "--db", str(path), "--quiet", str(FIXTURE / "articles.jsonl")]) == 0
    yield path


@pytest.fixture
def data(db: Path, tmp_path: Path) -> Iterator[WatchData]:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    with Store(copy) as store:
        yield WatchData.from_store(store)


def test_the_escalation_week_stands_out_in_the_weekly_series(data: WatchData) -> None:
    dyad = Dyad("Azerbaijan → Armenia", ("AZE",), ("ARM",))
    weeks = {r["period"].isoformat(): r for r in dyad_series(data.con, [dyad], period="week")}
    assert min(weeks) == "2026-03-02"
    escalation = weeks["2026-04-06"]
    assert escalation["material_conflict"] >= 10 and escalation["balance"] < -0.8
    before = [w for day, w in weeks.items() if day < "2026-04-06"]
    assert all(w["material_conflict"] == 0 for w in before)
    assert all(w["balance"] is None or w["balance"] >= -1 for w in before)
    assert max(w["escalation"] for w in weeks.values()) == escalation["escalation"]


def test_alerts_fire_once_on_the_right_days_and_never_for_the_quiet_dyad(data: WatchData, db: Path) -> None:
    watchlist = load_watchlist(WATCHLIST)
    found, raised = run_alert_pass(data, watchlist)
    summary = [(a.kind, a.rule, a.subject, a.day.isoformat()) for a in found]
    escalations = [s for s in summary if s[0] == "escalation"]
    assert escalations == [("escalation", "Azerbaijan → Armenia", "AZE → ARM", "2026-04-08")]
    assert ("new_kind", "military threat", "Azerbaijan → Armenia", "2026-04-06") in summary
    quotes = [s for s in summary if s[0] == "quote"]
    assert quotes == [("quote", "nuclear", "RUSGOV", "2026-03-20")]  # not Zakharova on grain, 03-10
    assert not [s for s in summary if "Japan" in s[1] or "Japan" in s[2]]
    escalation = next(a for a in found if a.kind == "escalation")
    assert escalation.score is not None and escalation.score >= 6
    assert all(
        e.article_url and e.article_url.startswith("https://example.org/watch/aa-1")
        for e in escalation.evidence
    )
    assert len(raised) == len(found)
    assert run_alert_pass(data, watchlist)[1] == []  # a re-run raises nothing twice
    assert [a.id for a in find_alerts(data, watchlist)] == [a.id for a in found]


def test_alerts_command_over_the_pipeline_output(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    args = ["alerts", "--db", str(copy), "--watchlist", str(WATCHLIST), "--format", "json"]
    assert main(args) == 0
    first = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main([*args, "--new"]) == 0
    assert capsys.readouterr().out == ""
    escalation = next(r for r in first if r["kind"] == "escalation")
    assert escalation["day"] == "2026-04-08"
    assert dt.date.fromisoformat(escalation["evidence"][0]["date"]) == dt.date(2026, 4, 8)
