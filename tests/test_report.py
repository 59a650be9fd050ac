"""The watch report over a hand-built history (no model): the page and its sections, escaping, a
page with no external references, the PNGs, series.csv and alerts.json, and the command."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watch_history import add_article, add_event, add_quote, days

from watchfloor.cli import app
from watchfloor.cli import report as report_command
from watchfloor.store import Store
from watchfloor.watch.alerts import find_alerts
from watchfloor.watch.report import chart_span, choose_period, cut, slug, web_link, write_report
from watchfloor.watch.series import Counting
from watchfloor.watch.source import WatchData, export_watch
from watchfloor.watch.watchlist import parse_watchlist

Run = Callable[..., tuple[int, str, str]]
WATCHLIST = {
    "thresholds": {"escalation": 3, "baseline": 28, "floor": 10, "period": "day"},
    "dyads": [
        {"name": "Russia → Ukraine", "source": "RUS", "target": "UKR"},
        {"name": "USA ↔ China", "source": "USA", "target": "CHN", "both": True},
        {"name": "Israel ↔ Iran", "source": "ISR", "target": "IRN", "both": True},
    ],
    "actors": ["RUSGOV"],
    "keywords": {"nuclear": ["nuclear"]},
    "new_kinds": [{"name": "military threat", "cameo": ["138"]}],
}
SCRIPT = "Russian troops <script>alert('x')</script> shelled Kharkiv & Izium."
BURST_URL = "https://en.wikinews.org/wiki/Shelling_of_Kharkiv"
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 3, 10)  # ten weeks, Monday to Sunday


def build_history(store: Store) -> Store:
    """Ten weeks from Monday 2024-01-01: RUS→UKR accuses every four days and talks weekly, six
    armed attacks on 2024-02-21 (one article, on Wikinews; one sentence with markup in it) and a
    threat on 02-23 whose article has a javascript: address; USA↔CHN talk weekly; Israel and
    Iran are quiet; a RUSGOV speaker talks of nuclear weapons."""
    for day in days("2024-01-01", 17, step=4):
        add_event(store, day, "RUSGOV", "UKRGOV", "112")
    for day in days("2024-01-03", 10, step=7):
        add_event(store, day, "RUS", "UKR", "040")
        add_event(store, day, "USAGOV", "CHN", "036")
        add_event(store, day, "CHNGOV", "USA", "057")
    burst = add_article(store, "2024-02-21", title="Kharkiv shelled")
    store.con.execute(
        "UPDATE articles SET url = ?, source = 'Wikinews (en)' WHERE id = ?", [BURST_URL, burst]
    )
    add_event(store, "2024-02-21", "RUSMIL", "UKR", "190", article_id=burst, evidence=SCRIPT)
    for i in range(5):
        add_event(
            store,
            "2024-02-21",
            "RUSMIL",
            "UKR",
            "190",
            article_id=burst,
            evidence=f"Missiles hit Lviv ({i}).",
        )
    threat = add_event(store, "2024-02-23", "RUSGOV", "UKR", "1384", evidence="Moscow threatened Kyiv.")
    store.con.execute(
        "UPDATE articles SET url = 'javascript:alert(1)', title = 'Threat story' WHERE id = ?",
        [threat.split(":")[0]],
    )
    add_quote(store, "2024-02-22", "RUSGOV", "Dmitry Peskov", "“Nuclear weapons are a matter of doctrine.”")
    add_quote(store, "2024-02-25", "UKRGOV", "Volodymyr Zelensky", "We will defend every city.")
    add_quote(store, "2024-02-26", None, "A bystander", "It was loud.")
    return store


@pytest.fixture
def history(store: Store) -> Store:
    return build_history(store)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, WatchData]]:
    """The report of the history by week, written once for the tests that read it."""
    tmp_path = tmp_path_factory.mktemp("report")
    store = build_history(Store(tmp_path / "history.duckdb"))
    data = WatchData.from_store(store)
    watchlist = parse_watchlist(WATCHLIST, "test.yaml")
    alerts = find_alerts(data, watchlist)
    out = tmp_path / "report"
    result = write_report(
        data, watchlist, out, date_from=FIRST, date_to=LAST, period="week", counting=Counting(), alerts=alerts
    )
    assert result.period == "week" and (result.date_from, result.date_to) == (FIRST, LAST)
    assert result.alerts == {"escalation": 1, "new_kind": 1, "quote": 1}
    assert result.charts == 2
    assert result.events == 17 + 30 + 6 + 1 and result.quotes == 3
    assert {p.name for p in result.paths} == {
        "index.html",
        "dyad-russia-ukraine.png",
        "dyad-usa-china.png",
        "alerts-timeline.png",
        "series.csv",
        "alerts.json",
    }
    yield out, (out / "index.html").read_text(encoding="utf-8"), data
    store.close()


def test_page_has_every_section_and_dyad(written: tuple[Path, str, WatchData]) -> None:
    _out, page, _data = written
    assert page.startswith("<!DOCTYPE html>")
    for name in ("Russia → Ukraine", "USA ↔ China", "Israel ↔ Iran"):
        assert name in page
    assert page.count("No counted events in this range.") == 1  # Israel ↔ Iran, no chart
    assert "2024-01-01 to 2024-03-10, by week" in page
    assert "test.yaml" in page
    for section in ('id="alerts"', 'id="dyads"', 'id="actors"', 'id="quotes"', 'id="alert-details"'):
        assert section in page
    # top actors: codes with their most common name and counts; top quotes by coded speakers only
    assert "<code>RUSGOV</code>" in page and "<code>UKR</code>" in page
    assert "Dmitry Peskov" in page and "Volodymyr Zelensky" in page and "A bystander" not in page
    assert "“Nuclear weapons are a matter of doctrine.”" in page  # its own quotation marks dropped
    # the escalation index is explained, the outlets are credited, Wikinews with its licence
    assert "How the escalation index is computed" in page
    assert "Test Wire" in page and "Wikinews (en)" in page
    assert "CC BY 2.5" in page


def test_alerts_link_to_details_with_evidence_and_article_links(written: tuple[Path, str, WatchData]) -> None:
    out, page, _data = written
    alerts = json.loads((out / "alerts.json").read_text(encoding="utf-8"))
    assert [a["kind"] for a in alerts] == ["new_kind", "quote", "escalation"]  # latest first
    for alert in alerts:
        assert f'href="#alert-{alert["id"]}"' in page and f'id="alert-{alert["id"]}"' in page
    assert f'<a href="{BURST_URL}">Kharkiv shelled</a>' in page
    assert "Missiles hit Lviv (0)." in page
    # an address that is not http(s) is never a link: the article id and title are shown instead
    assert "javascript:" not in page
    assert "Threat story" in page and "Moscow threatened Kyiv." in page


def test_data_is_escaped(written: tuple[Path, str, WatchData]) -> None:
    _out, page, _data = written
    assert "<script>" not in page
    assert (
        "Russian troops &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; shelled Kharkiv &amp; Izium." in page
    )


def test_page_is_self_contained(written: tuple[Path, str, WatchData]) -> None:
    out, page, data = written
    assert page.count('<img src="data:image/png;base64,') == 3  # two dyads and the timeline
    assert "<link" not in page and "@import" not in page and "<script" not in page
    allowed = {
        BURST_URL,
        "https://creativecommons.org/licenses/by/2.5/",
        *(f"https://example.org/{a}" for (a,) in data.con.execute("SELECT id FROM articles").fetchall()),
    }
    found = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert found and found <= allowed
    assert 'src="http' not in page and "url(" not in page
    assert (out / "index.html").stat().st_size < 2_000_000


def test_charts_are_pngs_of_the_expected_size(written: tuple[Path, str, WatchData]) -> None:
    out, _page, _data = written
    assert png_size(out / "dyad-russia-ukraine.png") == (1200, 500)
    assert png_size(out / "dyad-usa-china.png") == (1200, 500)
    assert png_size(out / "alerts-timeline.png") == (1200, 320)
    assert not list(out.glob("dyad-israel*"))


def test_series_csv_has_every_week_of_each_dyad_with_events(written: tuple[Path, str, WatchData]) -> None:
    out, _page, _data = written
    with (out / "series.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["dyad"] for r in rows] == ["Russia → Ukraine"] * 10 + ["USA ↔ China"] * 10
    assert rows[0]["period"] == "2024-01-01" and rows[9]["period"] == "2024-03-04"
    burst_week = next(r for r in rows if r["dyad"] == "Russia → Ukraine" and r["period"] == "2024-02-19")
    assert burst_week["material_conflict"] == "6" and float(burst_week["escalation"]) > 3
    assert sum(int(r["events"]) for r in rows if r["dyad"] == "USA ↔ China") == 20


def test_default_range_period_and_no_alerts(history: Store, tmp_path: Path) -> None:
    data = WatchData.from_store(history)
    watchlist = parse_watchlist({"dyads": WATCHLIST["dyads"]}, "dyads only")
    result = write_report(data, watchlist, tmp_path / "r", counting=Counting(), alerts=[])
    assert (result.date_from, result.date_to) == (FIRST, dt.date(2024, 3, 6))
    assert result.period == "day"  # 66 days
    assert not (tmp_path / "r" / "alerts-timeline.png").exists()
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "No alerts in this range." in page and "first to last day with events" in page
    assert json.loads((tmp_path / "r" / "alerts.json").read_text(encoding="utf-8")) == []


def test_empty_data_gives_a_page(store: Store, tmp_path: Path) -> None:
    result = write_report(WatchData.from_store(store), parse_watchlist(WATCHLIST, "w"), tmp_path / "r")
    assert result.date_from is None and result.events == 0 and result.charts == 0
    assert "No counted events in the data." in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


def test_helpers() -> None:
    assert choose_period(dt.date(2024, 1, 1), dt.date(2024, 4, 29)) == "day"  # 120 days
    assert choose_period(dt.date(2024, 1, 1), dt.date(2024, 4, 30)) == "week"
    assert choose_period(dt.date(2020, 1, 1), dt.date(2022, 12, 31)) == "week"
    assert choose_period(dt.date(2010, 1, 1), dt.date(2022, 12, 31)) == "month"
    assert slug("NATO → Russia") == "nato-russia" and slug("Côte d'Ivoire ↔ Mali") == "cote-d-ivoire-mali"
    assert cut("one two three four", 12) == "one two…" and cut("short", 12) == "short"
    assert web_link("https://a.org/x") == "https://a.org/x"
    assert web_link("javascript:alert(1)") is None and web_link(None) is None
    lo, hi = dt.date(2010, 1, 1), dt.date(2022, 12, 31)
    assert chart_span([dt.date(2011, 1, 1), dt.date(2021, 1, 1)], lo, hi, "month") == (lo, hi)
    start, end = chart_span([dt.date(2022, 3, 1)], lo, hi, "month")
    assert lo < start < dt.date(2022, 3, 1) < end == hi and (end - start).days >= (hi - lo).days // 4


# -- the command ---------------------------------------------------------------------------------
@pytest.fixture
def command(monkeypatch: pytest.MonkeyPatch) -> None:
    """``watchfloor report``, registered for the test if the package does not register it yet."""
    if not any(c.name == "report" for c in app.registered_commands):
        monkeypatch.setattr(app, "registered_commands", list(app.registered_commands))
        report_command.register(app)


@pytest.mark.usefixtures("command")
def test_report_command_stores_alerts_and_writes_the_folder(
    history: Store, run_cli: Run, tmp_path: Path
) -> None:
    db = str(history.path)
    history.close()
    watchlist = tmp_path / "watch.yaml"
    watchlist.write_text(json.dumps(WATCHLIST), encoding="utf-8")  # JSON is YAML
    out = tmp_path / "out"
    code, _stdout, err = run_cli(
        "report",
        "--db",
        db,
        "--watchlist",
        watchlist,
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-10",
        "--out",
        out,
    )
    assert code == 0, err
    assert "range: 2024-01-01 to 2024-03-10, by day" in err  # 70 days
    assert "1 escalation, 1 new_kind, 1 quote" in err and "3 new (stored)" in err
    assert (out / "index.html").is_file() and png_size(out / "dyad-russia-ukraine.png") == (1200, 500)
    alerts = json.loads((out / "alerts.json").read_text(encoding="utf-8"))
    assert all(a["raised_at"] for a in alerts)  # the stored copies
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM alerts").fetchone() == (3,)
    # again, by day, with a range that leaves out the burst: nothing new, no escalation shown
    code, _stdout, err = run_cli(
        "report", "--db", db, "--watchlist", watchlist, "--to", "2024-02-01", "--by", "day", "--out", out
    )
    assert code == 0 and "0 new (stored)" in err and "0 escalation" in err and "by day" in err


@pytest.mark.usefixtures("command")
def test_report_command_from_parquet(history: Store, run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "parquet"
    export_watch(history, folder)
    history.close()
    out = tmp_path / "out"
    code, _stdout, err = run_cli("report", "--from-parquet", folder, "--out", out, "--by", "month")
    assert code == 0, err
    assert "by month" in err and "(not kept)" in err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Russia → Ukraine" in page and str(folder) in page


@pytest.mark.usefixtures("command")
def test_report_command_usage_errors(history: Store, run_cli: Run, tmp_path: Path) -> None:
    db = str(history.path)
    history.close()
    out = tmp_path / "out"
    assert run_cli("report", "--db", db, "--out", out, "--by", "year")[0] == 2
    assert run_cli("report", "--db", db, "--out", out, "--from", "2024-13-01")[0] == 2
    assert run_cli("report", "--db", db, "--out", out, "--from", "2024-03-01", "--to", "2024-02-01")[0] == 2
    assert run_cli("report", "--db", tmp_path / "missing.duckdb", "--out", out)[0] == 2
    assert not (tmp_path / "missing.duckdb").exists()
    assert run_cli("report", "--db", db)[0] == 2  # --out is required
    bad = tmp_path / "bad.yaml"
    bad.write_text("dyads: [{source: RUS}]\n", encoding="utf-8")
    code, _stdout, err = run_cli("report", "--db", db, "--out", out, "--watchlist", bad)
    assert code == 2 and "missing target" in err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_cli("report", "--db", db, "--out", tmp_path / "file")[0] == 2
