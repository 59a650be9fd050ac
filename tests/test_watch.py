"""The watch over hand-built histories: dyad series, the escalation index, alerts (escalation,
new kind, quote), their storage and re-runs, the Parquet route and the commands."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from watch_history import add_article, add_event, add_quote, days

from watchfloor.errors import ConfigError
from watchfloor.store import Store
from watchfloor.watch.alerts import MAX_EVIDENCE, find_alerts, keyword_regex, run_alert_pass, stored_alerts
from watchfloor.watch.series import Counting, dyad_events_sql, dyad_series, dyad_source, escalation_sql
from watchfloor.watch.source import WatchData, export_watch
from watchfloor.watch.watchlist import (
    CountryScan,
    Dyad,
    NewKind,
    Thresholds,
    Topic,
    Watchlist,
    load_watchlist,
    parse_watchlist,
)

Run = Callable[..., tuple[int, str, str]]
AZE_ARM = Dyad("Azerbaijan → Armenia", ("AZE",), ("ARM",))
JPN_KOR = Dyad("Japan ↔ South Korea", ("JPN",), ("KOR",), both=True)


def watchlist(**changes: object) -> Watchlist:
    base = Watchlist(
        name="test",
        dyads=(AZE_ARM, JPN_KOR),
        actors=("RUSGOV",),
        topics=(Topic("nuclear", ("nuclear weapon*", "atomic")),),
        new_kinds=(NewKind("military threat", cameo=("138",)),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def history(store: Store) -> Store:
    """Eight weeks from Monday 2026-03-02: a steady AZE→ARM background of one accusation every
    four days, a military threat on 04-06, six armed attacks on 04-08, three a day on 04-09 and
    04-10, then calm; JPN↔KOR cooperating every week; noise that must not count."""
    for day in days("2026-03-02", 9, step=4):  # 03-02 … 04-03
        add_event(store, day, "AZEGOV", "ARM", "112")
    add_event(store, "2026-04-06", "AZEMIL", "ARMMIL", "1384", evidence="Azerbaijan threatened an operation.")
    for i in range(6):
        add_event(
            store, "2026-04-08", "AZEMIL", "ARM", "190", evidence=f"Azerbaijani forces shelled village {i}."
        )
    for day in ("2026-04-09", "2026-04-10"):
        for _ in range(3):
            add_event(store, day, "AZEMIL", "ARMMIL", "190")
    add_event(store, "2026-04-20", "AZEGOV", "ARMGOV", "057")
    for day in days("2026-03-03", 8, step=7):
        add_event(store, day, "JPNGOV", "KORGOV", "036")
        add_event(store, day, "KORGOV", "JPN", "057")
    # Not counted by default: negated, hypothetical, undated, from a near-duplicate article.
    add_event(store, "2026-03-20", "AZEMIL", "ARM", "190", negated=True)
    add_event(store, "2026-03-21", "AZEMIL", "ARM", "190", hypothetical=True)
    add_event(store, None, "AZEMIL", "ARM", "190")
    original = add_article(store, "2026-03-22")
    add_event(store, "2026-03-22", "AZEMIL", "ARM", "190", duplicate_of=original)
    add_quote(store, "2026-03-10", "RUSGOV", "Dmitry Peskov", "Grain exports will go on as agreed.")
    add_quote(store, "2026-03-20", "RUSGOV", "Dmitry Peskov", "Moving nuclear weapons closer is a response.")
    add_quote(store, "2026-03-21", "USAGOV", "A spokesperson", "Nuclear weapons are not the answer.")
    return store


def series_by_period(store: Store, dyad: Dyad, **options: object) -> dict[str, dict[str, object]]:
    rows = dyad_series(WatchData.from_store(store).con, [dyad], **options)  # type: ignore[arg-type]
    return {row["period"].isoformat(): row for row in rows}


# -- series ------------------------------------------------------------------------------------
def test_weekly_series_counts_quads_goldstein_and_balance(history: Store) -> None:
    weeks = series_by_period(history, AZE_ARM, period="week")
    assert min(weeks) == "2026-03-02" and max(weeks) == "2026-04-20"
    assert len(weeks) == 8  # every week, quiet ones as zeros
    escalation_week = weeks["2026-04-06"]
    assert escalation_week["events"] == 1 + 6 + 3 + 3
    assert escalation_week["verbal_conflict"] == 1 and escalation_week["material_conflict"] == 12
    assert escalation_week["goldstein_sum"] == pytest.approx(-7.0 + 12 * -10.0)
    assert escalation_week["balance"] == -1.0
    assert escalation_week["material_conflict_share"] == pytest.approx(12 / 13)
    calm = weeks["2026-04-20"]
    assert calm["verbal_cooperation"] == 1 and calm["balance"] == 1.0
    quiet = weeks["2026-04-13"]
    assert quiet["events"] == 0 and quiet["goldstein_mean"] is None and quiet["balance"] is None


def test_series_leaves_out_negated_hypothetical_undated_and_duplicate_events_unless_asked(
    history: Store,
) -> None:
    plain = series_by_period(history, AZE_ARM, period="week")["2026-03-16"]
    assert plain["material_conflict"] == 0
    everything = Counting(include_negated=True, include_hypothetical=True, include_duplicates=True)
    counted = series_by_period(history, AZE_ARM, period="week", counting=everything)["2026-03-16"]
    assert counted["material_conflict"] == 3  # the undated one never counts


def test_series_directions_prefixes_and_months(history: Store) -> None:
    forward = Dyad("j", ("JPN",), ("KOR",))
    assert sum(r["events"] for r in series_by_period(history, forward).values()) == 8
    assert sum(r["events"] for r in series_by_period(history, JPN_KOR).values()) == 16
    exact_target = Dyad("g", ("JPNGOV",), ("KORGOV",))
    assert sum(r["events"] for r in series_by_period(history, exact_target).values()) == 8
    months = series_by_period(history, JPN_KOR, period="month")
    assert {k: v["verbal_cooperation"] for k, v in months.items()} == {"2026-03-01": 10, "2026-04-01": 6}


def test_series_date_range_is_zero_filled_and_keeps_the_baseline_from_before(history: Store) -> None:
    rows = series_by_period(
        history, AZE_ARM, period="day", date_from=dt_date("2026-04-07"), date_to=dt_date("2026-04-12")
    )
    assert list(rows) == days("2026-04-07", 6)
    assert rows["2026-04-11"]["events"] == 0
    # the baseline of 04-07 reaches back into March although March is not shown
    assert rows["2026-04-07"]["baseline_median"] == 0.0
    assert rows["2026-04-08"]["conflict_mass"] == 60.0


def dt_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def test_escalation_index_is_a_robust_z_score_with_a_floor(history: Store) -> None:
    rows = series_by_period(history, AZE_ARM, period="day")
    # March: an accusation (conflict mass 2) every fourth day, so the baseline median is 0 and the
    # spread is 0: the floor of 10 divides.
    assert rows["2026-03-30"]["escalation"] == pytest.approx(0.2)
    assert rows["2026-04-06"]["escalation"] == pytest.approx(0.7)  # one threat: 7 / 10
    assert rows["2026-04-08"]["escalation"] == pytest.approx(6.0)  # six attacks: 60 / 10
    assert rows["2026-04-09"]["escalation"] == pytest.approx(3.0)
    # the days after the burst see a baseline that includes it; a long calm brings the index down
    assert rows["2026-04-20"]["escalation"] <= 0


# -- alerts ------------------------------------------------------------------------------------
def test_escalation_alert_fires_once_on_the_first_day_and_quiet_dyad_raises_none(history: Store) -> None:
    alerts = find_alerts(WatchData.from_store(history), watchlist())
    escalations = [a for a in alerts if a.kind == "escalation"]
    assert [(a.rule, a.day.isoformat()) for a in escalations] == [("Azerbaijan → Armenia", "2026-04-08")]
    alert = escalations[0]
    assert alert.score == pytest.approx(6.0) and alert.threshold == 3.0
    assert alert.detail["material_conflict"] == 6 and alert.detail["baseline_median"] == 0
    assert len(alert.evidence) == 6
    assert all(e.text.startswith("Azerbaijani forces shelled") for e in alert.evidence)
    assert all(e.article_url and e.article_url.startswith("https://example.org/") for e in alert.evidence)
    assert not [a for a in alerts if a.subject.startswith("Japan") or a.rule.startswith("Japan")]


def test_a_dyad_threshold_overrides_the_default(history: Store) -> None:
    strict = dataclasses.replace(AZE_ARM, threshold=7.0)
    lax = dataclasses.replace(AZE_ARM, threshold=0.5)
    data = WatchData.from_store(history)
    assert not [a for a in find_alerts(data, watchlist(dyads=(strict,))) if a.kind == "escalation"]
    days_raised = [
        a.day.isoformat() for a in find_alerts(data, watchlist(dyads=(lax,))) if a.kind == "escalation"
    ]
    # the threat crosses 0.5, 04-07 is quiet, and 04-08 to 04-10 are one run of high days
    assert days_raised == ["2026-04-06", "2026-04-08"]


def test_new_kind_alert_for_the_first_threat_in_the_window(history: Store) -> None:
    add_event(history, "2026-04-15", "AZEMIL", "ARM", "1384")  # 9 days after the first: not new
    add_event(history, "2026-05-20", "AZEMIL", "ARM", "138")  # 44 days after: new again
    alerts = [a for a in find_alerts(WatchData.from_store(history), watchlist()) if a.kind == "new_kind"]
    assert [(a.subject, a.day.isoformat()) for a in alerts] == [
        ("Azerbaijan → Armenia", "2026-04-06"),
        ("Azerbaijan → Armenia", "2026-05-20"),
    ]
    assert alerts[0].evidence[0].text == "Azerbaijan threatened an operation."
    keyworded = NewKind("named", keywords=("operation",), quad_classes=(3, 4))
    found = find_alerts(WatchData.from_store(history), watchlist(new_kinds=(keyworded,)))
    assert [a.day.isoformat() for a in found if a.kind == "new_kind"] == ["2026-04-06"]


def test_quote_alert_needs_a_watched_actor_and_a_watched_topic(history: Store) -> None:
    alerts = [a for a in find_alerts(WatchData.from_store(history), watchlist()) if a.kind == "quote"]
    assert [(a.subject, a.day.isoformat(), a.rule) for a in alerts] == [("RUSGOV", "2026-03-20", "nuclear")]
    assert alerts[0].evidence[0].quote_id and "nuclear weapons" in alerts[0].evidence[0].text
    assert "Dmitry Peskov" in alerts[0].summary


def test_keyword_patterns_match_whole_words_and_stems() -> None:
    con = duckdb.connect()
    pattern = keyword_regex(("nuclear weapon*", "atomic"))

    def hit(text: str) -> bool:
        row = con.execute("SELECT regexp_matches(?, ?)", [text, pattern]).fetchone()
        return bool(row and row[0])

    assert hit("NUCLEAR  WEAPONS drills") and hit("an atomic test")
    assert not hit("nuclear power plants") and not hit("subatomic particles")


def test_alerts_are_stored_with_evidence_and_never_raised_twice(history: Store) -> None:
    data = WatchData.from_store(history)
    found, raised = run_alert_pass(data, watchlist())
    assert len(raised) == len(found) == 3
    again_found, again_raised = run_alert_pass(data, watchlist())
    assert len(again_found) == 3 and again_raised == []
    # more data later: only the new trigger is raised
    add_event(history, "2026-05-20", "AZEMIL", "ARM", "138")
    _found, later = run_alert_pass(data, watchlist())
    assert [(a.kind, a.day.isoformat()) for a in later] == [("new_kind", "2026-05-20")]
    stored = stored_alerts(data)
    assert len(stored) == 4 and stored[0].day.isoformat() == "2026-05-20"
    escalation = next(a for a in stored if a.kind == "escalation")
    assert len(escalation.evidence) == 6 and escalation.detail["events"] == 6
    assert history.query("SELECT count(*) FROM alert_evidence")[0][0] == 6 + 1 + 1 + 1
    assert [a.kind for a in stored_alerts(data, since=dt_date("2026-04-07"))] == ["new_kind", "escalation"]


def test_country_scan_finds_unwatched_pairs_but_not_watched_ones(history: Store) -> None:
    for i in range(8):
        add_event(history, "2026-04-01", "SDNMIL", "SSD", "190", evidence=f"clash {i}")
    scan = CountryScan(min_events=5, threshold=4.0)
    alerts = find_alerts(WatchData.from_store(history), watchlist(scan=scan))
    assert [(a.rule, a.day.isoformat()) for a in alerts if a.kind == "escalation"] == [
        ("SDN → SSD", "2026-04-01"),
        ("Azerbaijan → Armenia", "2026-04-08"),  # watched: not scanned again as AZE → ARM
    ]


def test_weekly_index_period(history: Store) -> None:
    weekly = watchlist(thresholds=Thresholds(period="week", baseline=4))
    alerts = [a for a in find_alerts(WatchData.from_store(history), weekly) if a.kind == "escalation"]
    assert [(a.day.isoformat(), a.period) for a in alerts] == [("2026-04-06", "week")]
    assert "in the week from 2026-04-06" in alerts[0].summary


# -- Parquet ------------------------------------------------------------------------------------
def test_parquet_export_gives_the_same_series_and_alerts(history: Store, tmp_path: Path) -> None:
    run_alert_pass(WatchData.from_store(history), watchlist())
    written = export_watch(history, tmp_path / "pq")
    assert written["watch_events.parquet"] == history.query("SELECT count(*) FROM events")[0][0]
    assert written["alerts.parquet"] == 3
    parquet = WatchData.from_parquet(tmp_path / "pq")
    assert not parquet.keeps_alerts
    for dyad in (AZE_ARM, JPN_KOR):
        assert dyad_series(parquet.con, [dyad], period="week") == dyad_series(
            history.con, [dyad], period="week"
        )
    ids = sorted(a.id for a in find_alerts(parquet, watchlist()))
    assert ids == sorted(a.id for a in find_alerts(WatchData.from_store(history), watchlist()))


def test_parquet_folder_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no watch_events\.parquet"):
        WatchData.from_parquet(tmp_path)
    duckdb.connect().execute(
        f"COPY (SELECT 1 AS id) TO '{tmp_path / 'watch_events.parquet'}' (FORMAT parquet)"
    )
    with pytest.raises(ConfigError, match="lacks the column"):
        WatchData.from_parquet(tmp_path)
    with pytest.raises(ConfigError, match="not a folder"):
        WatchData.from_parquet(tmp_path / "missing")


# -- watchlist ------------------------------------------------------------------------------------
def test_default_watchlist_loads() -> None:
    default = load_watchlist()
    assert "Russia → Ukraine" in {d.name for d in default.dyads}
    assert default.thresholds == Thresholds()
    assert {k.name for k in default.new_kinds} >= {"military threat", "WMD threat or use"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dyad": []}, "unknown key"),
        ({"dyads": [{"source": "RUS"}]}, r"dyads\[0\]: missing target"),
        ({"dyads": [{"source": "RU S", "target": "UKR"}]}, "not an actor code"),
        ({"dyads": [{"source": "RUS", "target": "UKR", "both": "yes"}]}, "true or false"),
        ({"thresholds": {"period": "hour"}}, "period"),
        ({"thresholds": {"escalation": 0}}, "escalation"),
        ({"new_kinds": [{"name": "x"}]}, "at least one of"),
        ({"new_kinds": [{"name": "x", "cameo": ["abc"]}]}, "CAMEO codes"),
        ({"actors": ["RUSGOV"]}, "no keywords"),
        (
            {
                "dyads": [
                    {"name": "a", "source": "A", "target": "B"},
                    {"name": "a", "source": "B", "target": "A"},
                ]
            },
            "same name",
        ),
    ],
)
def test_watchlist_mistakes_name_the_entry(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_watchlist(data, "mine.yaml")


def test_watchlist_file_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("dyads: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_watchlist(broken)
    with pytest.raises(ConfigError, match="cannot read watchlist"):
        load_watchlist(tmp_path / "missing.yaml")


# -- commands ------------------------------------------------------------------------------------
def test_dyad_command_table_csv_and_parquet(history: Store, run_cli: Run, tmp_path: Path) -> None:
    db = str(history.path)
    history.close()
    code, out, _err = run_cli("dyad", "AZE", "ARM", "--db", db, "--from", "2026-04-01", "--to", "2026-04-19")
    assert code == 0
    assert "2026-04-06" in out and "13" in out  # the week of the escalation, 13 events
    code, out, _err = run_cli("dyad", "aze*", "ARM", "--db", db, "--by", "day", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("dyad,period,events,verbal_cooperation")
    assert any(line.startswith("aze* → ARM,2026-04-08,6,") for line in lines)
    code, _out, _err = run_cli(
        "dyad", "AZE", "ARM", "--db", db, "--format", "parquet", "--out", tmp_path / "s.pq"
    )
    assert code == 0
    assert duckdb.connect().execute(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 's.pq'}')"
    ).fetchone() == (8,)
    assert run_cli("dyad", "AZE", "ARM", "--db", db, "--by", "hour")[0] == 2
    assert run_cli("dyad", "A Z", "ARM", "--db", db)[0] == 2


def test_alerts_command_runs_the_pass_once(history: Store, run_cli: Run, tmp_path: Path) -> None:
    db = str(history.path)
    history.close()
    mine = tmp_path / "watch.yaml"
    mine.write_text(
        "dyads:\n  - {name: Azerbaijan → Armenia, source: AZE, target: ARM}\n"
        "new_kinds:\n  - {name: military threat, cameo: ['138']}\n"
        "actors: [RUSGOV]\nkeywords:\n  nuclear: ['nuclear weapon*']\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("alerts", "--db", db, "--watchlist", mine)
    assert code == 0 and "3 new alerts" in err
    assert "escalation index 6.0" in out and "Azerbaijani forces shelled" in out
    code, out, err = run_cli("alerts", "--db", db, "--watchlist", mine, "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in records] == ["escalation", "new_kind", "quote"]
    code, out, err = run_cli("alerts", "--db", db, "--watchlist", mine, "--new")
    assert "0 new alerts" in err and "no alerts" in err
    assert run_cli("alerts", "--db", db, "--kind", "other")[0] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("dyads: [{source: RUS}]\n", encoding="utf-8")
    code, _out, err = run_cli("alerts", "--db", db, "--watchlist", bad)
    assert code == 2 and "bad.yaml: dyads[0]: missing target" in err


def test_export_watch_and_commands_from_parquet(history: Store, run_cli: Run, tmp_path: Path) -> None:
    db = str(history.path)
    history.close()
    folder = tmp_path / "out"
    code, _out, err = run_cli("export", "watch", "--db", db, "--out", folder)
    assert code == 0 and "watch_events.parquet" in err
    code, out, _err = run_cli("dyad", "AZE", "ARM", "--from-parquet", folder, "--format", "json")
    assert code == 0 and len(out.splitlines()) == 8
    code, out, _err = run_cli("alerts", "--from-parquet", folder, "--format", "json")
    # our default watchlist does not watch Azerbaijan and Armenia, but RUSGOV and USAGOV on nuclear weapons
    assert code == 0
    assert sorted(json.loads(line)["subject"] for line in out.splitlines()) == ["RUSGOV", "USAGOV"]
    assert run_cli("export", "watch", "--db", db)[0] == 2  # needs --out
    assert run_cli("export", "watch", "--db", db, "--out", folder, "--format", "jsonl")[0] == 2


@pytest.mark.parametrize(("period", "baseline"), [("day", 28), ("week", 8), ("month", 3)])
def test_the_alert_pass_index_equals_the_series_index(store: Store, period: str, baseline: int) -> None:
    """The alert pass computes the index only for periods with conflict; it must give the
    values of the dense series exactly."""
    rng = random.Random(period)
    codes = ["190", "112", "036", "1384", "057", "183"]
    for day in days("2026-01-01", 200):
        for _ in range(rng.choice([0, 0, 0, 1, 2, 5])):
            add_event(
                store,
                day,
                rng.choice(["RUSMIL", "RUS", "UKR"]),
                rng.choice(["UKR", "RUSGOV"]),
                rng.choice(codes),
            )
    dyads = [
        Dyad("r", ("RUS",), ("UKR",)),
        Dyad("u", ("UKR",), ("RUS",)),
        Dyad("b", ("RUS",), ("UKR",), both=True),
    ]
    thresholds = Thresholds(period=period, baseline=baseline)
    dense = {
        (r["dyad"], r["period"]): r["escalation"]
        for r in dyad_series(store.con, dyads, period=period, thresholds=thresholds)
        if r["conflict_mass"] > 0
    }
    sources = [dyad_source(d) for d in dyads]
    counted, params = dyad_events_sql(sources, Counting(), "e.date, e.quad_class, e.goldstein")
    sparse = {
        (dyad, start): index
        for dyad, start, index in store.con.execute(
            f"SELECT dyad, period, escalation FROM ({escalation_sql(counted, period, thresholds)})", params
        ).fetchall()
    }
    assert len(dense) > 10 and sparse.keys() == dense.keys()
    assert all(sparse[key] == pytest.approx(dense[key]) for key in dense)


def test_dyad_command_without_codes_gives_every_watchlist_dyad(
    history: Store, run_cli: Run, tmp_path: Path
) -> None:
    db = str(history.path)
    history.close()
    mine = tmp_path / "watch.yaml"
    mine.write_text(
        "dyads:\n  - {name: A, source: AZE, target: ARM}\n"
        "  - {name: J, source: JPN, target: KOR, both: true}\n",
        encoding="utf-8",
    )
    code, out, _err = run_cli("dyad", "--db", db, "--watchlist", mine, "--by", "month", "--format", "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {(r["dyad"], r["period"], r["events"]) for r in rows} == {
        ("A", "2026-03-01", 8),
        ("A", "2026-04-01", 1 + 6 + 6 + 1 + 1),
        ("J", "2026-03-01", 10),
        ("J", "2026-04-01", 6),
    }
    assert run_cli("dyad", "AZE", "--db", db)[0] == 2


def test_watch_commands_need_a_database(run_cli: Run, tmp_path: Path) -> None:
    for command in ("dyad", "alerts", "report"):
        args = [command, "--db", tmp_path / "none.duckdb"] + (
            ["--out", tmp_path / "r"] if command == "report" else []
        )
        code, _out, err = run_cli(*args)
        assert code == 2 and "no database" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_a_quote_alert_counts_every_quote_and_keeps_the_first_as_evidence(store: Store) -> None:
    for i in range(MAX_EVIDENCE + 3):
        add_quote(store, "2026-03-20", "RUSGOV", "Dmitry Peskov", f"Nuclear weapons, statement {i}.")
    (alert,) = [a for a in find_alerts(WatchData.from_store(store), watchlist()) if a.kind == "quote"]
    assert alert.detail["quotes"] == MAX_EVIDENCE + 3 and f"{MAX_EVIDENCE + 3} quote(s)" in alert.summary
    assert len(alert.evidence) == MAX_EVIDENCE
