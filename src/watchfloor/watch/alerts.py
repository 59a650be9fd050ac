"""The alert pass: what crossed a threshold, what is new in a dyad, who said what on a watched topic.

Three kinds of alert, each stored with the events or quotes that triggered it:

- ``escalation``: a watched dyad's escalation index (see :mod:`.series`) reaches its threshold in
  a period after being below it in the period before (a run of high days is one alert, on its
  first day). With ``scan_countries`` in the watchlist, every directed pair of countries and IGOs
  is also checked.
- ``new_kind``: the first event of a watched kind (say, a military threat) in a watched dyad after
  ``window_days`` days without one.
- ``quote``: a watched actor is quoted on a watched topic, one alert per topic, actor and day.

An alert's id is a hash of its trigger (kind, rule, dyad or actor, period), so running the pass
again on the same or more data finds the alerts already raised and adds only new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..stages.actor_dictionary import read_yaml
from .series import Counting, SeriesSource, dyad_events_sql, dyad_source, escalation_sql, shift
from .source import WatchData
from .watchlist import NewKind, Topic, Watchlist

#: At most this many events or quotes are kept as an alert's evidence, the most severe first.
MAX_EVIDENCE = 12
KINDS = ("escalation", "new_kind", "quote")


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    text: str
    event_id: str | None = None
    quote_id: str | None = None
    date: dt.date | None = None
    article_title: str | None = None
    article_url: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str
    rule: str
    subject: str
    day: dt.date
    period: str
    summary: str
    score: float | None = None
    threshold: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    raised_at: dt.datetime | None = None

    @property
    def id(self) -> str:
        trigger = "|".join((self.kind, self.rule, self.subject, self.day.isoformat(), self.period))
        return hashlib.sha1(trigger.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "rule": self.rule,
            "subject": self.subject,
            "day": self.day.isoformat(),
            "period": self.period,
            "score": self.score,
            "threshold": self.threshold,
            "summary": self.summary,
            "detail": self.detail,
            "raised_at": self.raised_at.isoformat() if self.raised_at else None,
            "evidence": [
                {
                    "event_id": e.event_id,
                    "quote_id": e.quote_id,
                    "article_id": e.article_id,
                    "date": e.date.isoformat() if e.date else None,
                    "text": e.text,
                    "article_title": e.article_title,
                    "article_url": e.article_url,
                }
                for e in self.evidence
            ],
        }


def keyword_regex(words: tuple[str, ...]) -> str:
    """An RE2 pattern matching any of ``words`` as whole words, any case; ``word*`` matches any
    ending and spaces match any run of spaces."""
    parts = []
    for word in words:
        stem = word.endswith("*")
        body = r"\s+".join(re.escape(piece) for piece in word.rstrip("*").split())
        parts.append(body + (r"\w*" if stem else ""))
    return r"(?i)\b(" + "|".join(parts) + r")\b"


def _evidence(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[Any, list[Evidence]]:
    """Evidence grouped by the first column of ``sql``'s rows: key, event id, quote id, article id,
    date, text, title, url."""
    grouped: dict[Any, list[Evidence]] = {}
    for key, event_id, quote_id, article_id, date, text, title, url in con.execute(sql, params).fetchall():
        items = grouped.setdefault(key, [])
        if len(items) < MAX_EVIDENCE:
            items.append(Evidence(article_id, text, event_id, quote_id, date, title, url))
    return grouped


@cache
def _country_units() -> tuple[frozenset[str], tuple[str, ...]]:
    """Country codes and IGO codes (longest first) of the actor dictionary, for the country scan."""
    base = Path(str(resources.files("watchfloor.resources").joinpath("actors")))
    countries = read_yaml(base / "countries.yaml")["countries"]
    igos = read_yaml(base / "igos.yaml")["igos"]
    codes = frozenset(str(c["iso3"]) for c in countries if c.get("iso3"))
    igo_codes = tuple(sorted({str(i["code"]) for i in igos if i.get("code")}, key=len, reverse=True))
    return codes, igo_codes


def country_unit(code: str | None) -> str | None:
    """The country or IGO an actor code belongs to (``RUSMIL`` → ``RUS``, ``IGOWSTNATMIL`` →
    ``IGOWSTNAT``), or None for codes with neither (a bare ``GOV``)."""
    if not code:
        return None
    countries, igos = _country_units()
    if code.startswith("IGO"):
        return next((igo for igo in igos if code.startswith(igo)), None)
    return code[:3] if code[:3] in countries else None


def _scan_source(con: duckdb.DuckDBPyConnection, watchlist: Watchlist, counting: Counting) -> SeriesSource:
    """The country scan's series source: each distinct actor code is mapped to its country or
    IGO once, in Python, into ``watch_units``; the pairs with enough events go to ``watch_pairs``,
    but for those a watched dyad already covers (source RUS, target UKR)."""
    assert watchlist.scan is not None
    codes = con.execute(
        "SELECT DISTINCT code FROM (SELECT source AS code FROM watch_events"
        " UNION SELECT target FROM watch_events) WHERE code IS NOT NULL"
    ).fetchall()
    units = [(code, unit) for (code,) in codes if (unit := country_unit(code))]
    _table(con, "watch_units", ("code", "unit"), units)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE watch_pairs AS
            SELECT su.unit AS source_unit, tu.unit AS target_unit FROM watch_events e {_UNIT_JOINS}
            WHERE {" AND ".join(counting.conditions())} AND su.unit <> tu.unit
            GROUP BY ALL HAVING count(*) >= ?""",
        [watchlist.scan.min_events],
    )
    for dyad in watchlist.dyads:
        if len(dyad.source) == len(dyad.target) == 1:
            pairs = [(dyad.source[0], dyad.target[0])] + [(dyad.target[0], dyad.source[0])] * dyad.both
            for pair in pairs:
                con.execute("DELETE FROM watch_pairs WHERE source_unit = ? AND target_unit = ?", pair)
    return SeriesSource(
        key="su.unit || ' → ' || tu.unit",
        joins=_UNIT_JOINS + " JOIN watch_pairs p ON p.source_unit = su.unit AND p.target_unit = tu.unit",
    )


_UNIT_JOINS = "JOIN watch_units su ON su.code = e.source JOIN watch_units tu ON tu.code = e.target"


#: The counted events of the watched dyads (and of the scanned country pairs), made once per pass:
#: dyad, id, date, quad_class, goldstein, cameo, evidence.
_COUNTED = "watch_counted"


def _count_events(con: duckdb.DuckDBPyConnection, watchlist: Watchlist, counting: Counting) -> None:
    """Fill ``watch_counted`` with one row per counted event and dyad it belongs to (an event can
    be in several watched dyads): one scan of ``watch_events`` per dyad, then none."""
    sources = [dyad_source(dyad) for dyad in watchlist.dyads]
    if watchlist.scan is not None:
        sources.append(_scan_source(con, watchlist, counting))
    columns = "e.id, e.date, e.quad_class, e.goldstein, e.cameo, e.evidence"
    if not sources:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_COUNTED} AS SELECT NULL::VARCHAR AS dyad, {columns}"
            " FROM watch_events e WHERE false"
        )
        return
    events, params = dyad_events_sql(sources, counting, columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_COUNTED} AS {events}", params)


def _escalations(data: WatchData, watchlist: Watchlist) -> list[Alert]:
    thresholds = watchlist.thresholds
    period = thresholds.period
    con = data.con
    limits = {dyad.name: watchlist.threshold(dyad) for dyad in watchlist.dyads}
    _table(con, "watch_limits", ("dyad", "threshold"), list(limits.items()))
    scanned = watchlist.scan.threshold if watchlist.scan is not None else None
    rows = con.execute(
        f"""SELECT dyad, period, escalation, threshold, events, material_conflict, verbal_conflict,
                conflict_mass, baseline_median, baseline_spread, goldstein_sum
            FROM (
                SELECT s.*, coalesce(l.threshold, ?) AS threshold
                FROM ({escalation_sql(f"SELECT * FROM {_COUNTED}", period, thresholds)}) s
                LEFT JOIN watch_limits l USING (dyad))
            WHERE escalation >= threshold AND (before IS NULL OR before < threshold)
            ORDER BY period, dyad""",
        [scanned],
    ).fetchall()
    labels = {dyad.name: dyad.label() for dyad in watchlist.dyads}
    evidence = _evidence_of(
        con,
        [(f"{name}|{start}", name, start, _period_end(start, period)) for name, start, *_ in rows],
        "goldstein < 0",
    )
    alerts = []
    for name, start, score, limit, events, material, verbal, mass, median, spread, gsum in rows:
        alerts.append(
            Alert(
                kind="escalation",
                rule=name,
                subject=labels.get(name, name),
                day=start,
                period=period,
                score=round(float(score), 3),
                threshold=float(limit),
                summary=(
                    f"{name}: escalation index {score:.1f} (threshold {limit:g}) {_when(start, period)}:"
                    f" {events} events, {material} material and {verbal} verbal"
                    f" conflict, conflict mass {mass:.1f} against a baseline median of {median:.1f}"
                ),
                detail={
                    "events": events,
                    "material_conflict": material,
                    "verbal_conflict": verbal,
                    "conflict_mass": round(float(mass), 3),
                    "baseline_median": round(float(median), 3),
                    "baseline_spread": round(float(spread), 3),
                    "floor": thresholds.floor,
                    "baseline_periods": thresholds.baseline,
                    "goldstein_sum": round(float(gsum), 3),
                    "scanned": name not in labels,
                },
                evidence=tuple(evidence.get(f"{name}|{start}", [])),
            )
        )
    return alerts


def _table(con: duckdb.DuckDBPyConnection, name: str, columns: tuple[str, ...], rows: list[Any]) -> None:
    """A temporary table ``name`` holding ``rows``, built in one go through Arrow (DuckDB's
    ``executemany`` inserts a row at a time: seconds for a few thousand rows)."""
    data = {column: [row[i] for row in rows] for i, column in enumerate(columns)}
    arrow = pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
    con.register("watch_rows", arrow)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM watch_rows")
    finally:
        con.unregister("watch_rows")


def _evidence_of(
    con: duckdb.DuckDBPyConnection,
    triggers: list[tuple[str, str, dt.date, dt.date]],
    condition: str,
    params: tuple[Any, ...] = (),
) -> dict[str, list[Evidence]]:
    """The evidence of many alerts at once: for each trigger ``(key, dyad, first day, last day)``,
    the dyad's counted events of those days that meet ``condition`` (over ``watch_counted``), most
    severe first. The events are picked from the narrow counted table, then only those few are
    looked up in ``watch_events`` for their article."""
    if not triggers:
        return {}
    _table(con, "watch_triggers", ("alert", "dyad", "first", "last"), triggers)
    picked = con.execute(
        f"""SELECT t.alert, c.id FROM {_COUNTED} c
            JOIN watch_triggers t ON t.dyad = c.dyad AND c.date BETWEEN t.first AND t.last
            WHERE {condition}
            QUALIFY row_number() OVER (PARTITION BY t.alert ORDER BY c.goldstein, c.date, c.id)
                <= {MAX_EVIDENCE}
            ORDER BY t.alert, c.goldstein, c.date, c.id""",
        list(params),
    ).fetchall()
    ids = sorted({event_id for _, event_id in picked})
    details = {
        event_id: Evidence(
            article_id, text, event_id=event_id, date=day, article_title=title, article_url=url
        )
        for event_id, article_id, day, text, title, url in con.execute(
            "SELECT id, article_id, date, evidence, article_title, article_url FROM watch_events"
            " WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    grouped: dict[str, list[Evidence]] = {}
    for key, event_id in picked:
        grouped.setdefault(key, []).append(details[event_id])
    return grouped


def _when(start: dt.date, period: str) -> str:
    if period == "day":
        return f"on {start.isoformat()}"
    return f"in the {period} from {start.isoformat()}"


def _period_end(start: dt.date, period: str) -> dt.date:
    return shift(start, period, 1) - dt.timedelta(days=1)


def _kind_condition(kind: NewKind, params: list[Any]) -> str:
    parts = []
    if kind.cameo:
        parts.append("(" + " OR ".join("starts_with(cameo, ?)" for _ in kind.cameo) + ")")
        params += kind.cameo
    if kind.keywords:
        parts.append("regexp_matches(evidence, ?)")
        params.append(keyword_regex(kind.keywords))
    if kind.quad_classes:
        parts.append("quad_class IN (" + ", ".join(str(q) for q in kind.quad_classes) + ")")
    return " AND ".join(parts)


def _new_kinds(data: WatchData, watchlist: Watchlist) -> list[Alert]:
    """Per watched kind, the days that open a new spell of it in a watched dyad."""
    dyads = {dyad.name: dyad for dyad in watchlist.dyads}
    alerts = []
    for kind in watchlist.new_kinds:
        params: list[Any] = []
        condition = _kind_condition(kind, params)
        days = data.con.execute(
            f"""SELECT dyad, date, events, cameo FROM (
                    SELECT dyad, date, count(*) AS events, mode(cameo) AS cameo,
                        lag(date) OVER (PARTITION BY dyad ORDER BY date) AS before
                    FROM {_COUNTED} WHERE {condition} AND dyad IN (SELECT unnest(?::VARCHAR[]))
                    GROUP BY dyad, date)
                WHERE before IS NULL OR date - before > ?
                ORDER BY date, dyad""",
            [*params, list(dyads), kind.window_days],
        ).fetchall()
        evidence = _evidence_of(
            data.con, [(f"{d}|{day}", d, day, day) for d, day, *_ in days], condition, tuple(params)
        )
        for name, day, count, cameo in days:
            alerts.append(
                Alert(
                    kind="new_kind",
                    rule=kind.name,
                    subject=name,
                    day=day,
                    period="day",
                    summary=(
                        f"{name}: first {kind.name} in {kind.window_days} days"
                        f" ({count} event{'s' if count != 1 else ''}, CAMEO {cameo})"
                    ),
                    detail={
                        "events": count,
                        "cameo": cameo,
                        "window_days": kind.window_days,
                        "dyad": dyads[name].label(),
                    },
                    evidence=tuple(evidence.get(f"{name}|{day}", [])),
                )
            )
    return alerts


def _quotes(data: WatchData, watchlist: Watchlist, counting: Counting) -> list[Alert]:
    if not watchlist.actors or not watchlist.topics:
        return []
    alerts = []
    for topic in watchlist.topics:
        alerts += _quotes_on(data.con, topic, watchlist.actors, counting)
    return alerts


def _quotes_on(
    con: duckdb.DuckDBPyConnection, topic: Topic, actors: tuple[str, ...], counting: Counting
) -> list[Alert]:
    actor_sql = " OR ".join("starts_with(q.speaker_actor, ?)" for _ in actors)
    where = " AND ".join([*counting.quote_conditions(), f"({actor_sql})", "regexp_matches(q.content, ?)"])
    params: list[Any] = [*actors, keyword_regex(topic.keywords)]
    key = "q.speaker_actor || '|' || q.date"
    grouped = _evidence(
        con,
        f"SELECT {key}, NULL, q.id, q.article_id, q.date, q.content, q.article_title, q.article_url"
        f" FROM watch_quotes q WHERE {where} ORDER BY q.date, q.id",
        params,
    )
    # how many quotes (the evidence keeps the first MAX_EVIDENCE) and the speaker's name
    counts = {
        group: (quotes, name)
        for group, quotes, name in con.execute(
            f"SELECT {key}, count(*), first(q.speaker_name ORDER BY q.id) FROM watch_quotes q"
            f" WHERE {where} GROUP BY 1",
            params,
        ).fetchall()
    }
    alerts = []
    for group, evidence in grouped.items():
        actor = group.split("|")[0]
        day = evidence[0].date
        assert day is not None
        quotes, name = counts[group]
        who = f"{name} ({actor})" if name else actor
        alerts.append(
            Alert(
                kind="quote",
                rule=topic.name,
                subject=actor,
                day=day,
                period="day",
                summary=f"{who} quoted on {topic.name}: {quotes} quote(s)",
                detail={"speaker": name, "quotes": quotes, "keywords": list(topic.keywords)},
                evidence=tuple(evidence),
            )
        )
    return alerts


def find_alerts(data: WatchData, watchlist: Watchlist, counting: Counting | None = None) -> list[Alert]:
    """Every alert the watchlist raises over all the data, in day order."""
    counting = counting or Counting()
    _count_events(data.con, watchlist, counting)
    try:
        alerts = [
            *_escalations(data, watchlist),
            *_new_kinds(data, watchlist),
            *_quotes(data, watchlist, counting),
        ]
    finally:
        data.con.execute(f"DROP TABLE IF EXISTS {_COUNTED}")
    return sorted(alerts, key=lambda a: (a.day, KINDS.index(a.kind), a.rule, a.subject))


def save_alerts(data: WatchData, alerts: list[Alert]) -> list[Alert]:
    """Store the alerts not stored before (by id) with their evidence; return those."""
    con = data.con
    known = {r[0] for r in con.execute("SELECT id FROM alerts").fetchall()}
    fresh = list({a.id: a for a in alerts if a.id not in known}.values())
    if not fresh:
        return []
    con.begin()
    try:
        _table(
            con,
            "new_alerts",
            ("id", "kind", "rule", "subject", "day", "period", "score", "threshold", "summary", "detail"),
            [
                (
                    a.id,
                    a.kind,
                    a.rule,
                    a.subject,
                    a.day,
                    a.period,
                    a.score,
                    a.threshold,
                    a.summary,
                    json.dumps(a.detail, ensure_ascii=False),
                )
                for a in fresh
            ],
        )
        con.execute("INSERT INTO alerts SELECT *, now() FROM new_alerts")
        rows = [
            (a.id, e.event_id, e.quote_id, e.article_id, e.date, e.text, e.article_title, e.article_url)
            for a in fresh
            for e in a.evidence
        ]
        columns = ("alert_id", "event_id", "quote_id", "article_id", "date", "evidence", "title", "url")
        _table(con, "new_evidence", columns, rows)
        con.execute("INSERT INTO alert_evidence SELECT * FROM new_evidence")
        con.commit()
    except duckdb.Error:
        con.rollback()
        raise
    return fresh


def run_alert_pass(
    data: WatchData, watchlist: Watchlist, counting: Counting | None = None
) -> tuple[list[Alert], list[Alert]]:
    """Find the watchlist's alerts and store the new ones; return ``(all found, newly raised)``."""
    found = find_alerts(data, watchlist, counting)
    return found, save_alerts(data, found)


def stored_alerts(
    data: WatchData,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[Alert]:
    """Stored alerts, latest day first, with their evidence."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("day >= ?")
        params.append(since)
    if until is not None:
        where.append("day <= ?")
        params.append(until)
    if kind is not None:
        where.append("kind = ?")
        params.append(kind)
    sql = (
        "SELECT id, kind, rule, subject, day, period, score, threshold, summary, detail, raised_at"
        " FROM alerts"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY day DESC, kind, rule, subject"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    rows = data.con.execute(sql, params).fetchall()
    if not rows:
        return []
    evidence = _evidence(
        data.con,
        "SELECT alert_id, event_id, quote_id, article_id, date, evidence, article_title, article_url"
        " FROM alert_evidence WHERE alert_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY rowid",
        [[r[0] for r in rows]],
    )
    return [
        Alert(
            kind=kind_,
            rule=rule,
            subject=subject,
            day=day,
            period=period,
            summary=summary,
            score=score,
            threshold=threshold,
            detail=json.loads(detail) if detail else {},
            evidence=tuple(evidence.get(alert_id, [])),
            raised_at=raised_at,
        )
        for alert_id, kind_, rule, subject, day, period, score, threshold, summary, detail, raised_at in rows
    ]
