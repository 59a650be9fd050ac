"""The watch report: one self-contained HTML page for a date range and a watchlist, with a chart
and a table per watched dyad, the most active actors, telling quotes, and every alert with the
sentences behind it; plus the files it is made from (``series.csv``, ``alerts.json``, the PNGs).

Every figure is aggregated in DuckDB over ``watch_events`` and ``watch_quotes``: Python only sees
one row per dyad and period, a few dozen actors and quotes, and the alerts, so a report over
millions of events takes seconds. The page has no external references but the links to the
articles (and the licence of the stories quoted), so it can be mailed, archived and printed.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .alerts import KINDS, Alert
from .series import QUADS, Counting, dyad_series, period_start, shift, write_series
from .source import WatchData, view_columns
from .watchlist import DEFAULT_BASELINE, Dyad, Thresholds, Watchlist

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TEMPLATE = "report.html.j2"
TOP_ACTORS = 15
TOP_QUOTES = 10
#: Quotes are cut to about this many characters on the page.
QUOTE_WIDTH = 300
#: The alerts overview shows summaries cut to this many characters (the details have them whole).
SUMMARY_WIDTH = 110
#: Alerts shown with their details and evidence; the rest are in the overview and alerts.json.
MAX_ALERT_DETAILS = 200
#: Periods with events listed under a dyad's chart (the latest ones); series.csv has them all.
MAX_TABLE_ROWS = 60
#: Chart size in inches at :data:`DPI`: 1200 x 500 pixels.
CHART_SIZE = (12.0, 5.0)
TIMELINE_SIZE = (12.0, 3.2)
DPI = 100
#: A row of the alerts timeline with more days of several alerts than this shows no numbers.
MAX_TIMELINE_LABELS = 40
#: A range of at most this many days is reported by day, of at most 3 years by week, else by month.
DAY_LIMIT = 120
WEEK_LIMIT = 3 * 366

QUAD_LABELS = {
    "verbal_cooperation": "verbal cooperation",
    "material_cooperation": "material cooperation",
    "verbal_conflict": "verbal conflict",
    "material_conflict": "material conflict",
}
QUAD_COLOURS = {
    "verbal_cooperation": "#8ccf7e",
    "material_cooperation": "#2e8b3e",
    "verbal_conflict": "#f4a259",
    "material_conflict": "#c9302c",
}
KIND_COLOURS = {"escalation": "#b91c1c", "new_kind": "#b45309", "quote": "#1d4ed8"}
KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}
KIND_LABELS = {"escalation": "escalation", "new_kind": "new kind", "quote": "quote"}
GOLDSTEIN_COLOUR = "#1f3a68"
ALERT_LINE_COLOUR = "#7f0000"
#: Stripped from the ends of a quote, which the page puts in its own quotation marks.
QUOTE_MARKS = " \"'“”‘’«»„"
WIKINEWS_LICENCE = "https://creativecommons.org/licenses/by/2.5/"
#: The temporary table of actor counts (see _Query.count_roles).
ROLES_TABLE = "watch_report_roles"
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What :func:`write_report` wrote, and the counts on the page."""

    out: Path
    paths: tuple[Path, ...]
    period: str
    date_from: dt.date | None  # the range covered (None when there are no events at all)
    date_to: dt.date | None
    events: int
    articles: int
    quotes: int
    alerts: dict[str, int]  # by kind
    charts: int  # dyads with events in the range
    seconds: float

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def choose_period(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """Day for up to :data:`DAY_LIMIT` days, week for up to three years, month beyond."""
    if date_from is None or date_to is None:
        return "day"
    days = (date_to - date_from).days + 1
    if days <= DAY_LIMIT:
        return "day"
    return "week" if days <= WEEK_LIMIT else "month"


def slug(name: str) -> str:
    """A file-name-safe version of a dyad name: ``NATO → Russia`` → ``nato-russia``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def cut(text: str | None, width: int) -> str:
    """``text`` on one line, cut at a word to about ``width`` characters with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if " " in head[width // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:") + "…"


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (never a ``javascript:`` or file link), else None."""
    return url.strip() if url and _URL.match(url.strip()) else None


# -- SQL ----------------------------------------------------------------------------------------------


class _Query:
    """The filters of the report's events and quotes, and the optional columns of the views (a
    Parquet folder may lack those the watch does not need; they read as NULL)."""

    def __init__(
        self, data: WatchData, counting: Counting, date_from: dt.date | None, date_to: dt.date | None
    ) -> None:
        self.con = data.con
        self.counting = counting
        self.date_from = date_from
        self.date_to = date_to
        self.event_columns = view_columns(self.con, "watch_events")
        self.quote_columns = view_columns(self.con, "watch_quotes")
        self.roles_counted = False

    def event_column(self, name: str) -> str:
        return f"e.{name}" if name in self.event_columns else "NULL::VARCHAR"

    def quote_column(self, name: str) -> str:
        return f"q.{name}" if name in self.quote_columns else "NULL::VARCHAR"

    def _range(self, alias: str) -> tuple[list[str], list[Any]]:
        where, params = [], []
        if self.date_from is not None:
            where.append(f"{alias}.date >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            where.append(f"{alias}.date <= ?")
            params.append(self.date_to)
        return where, params

    def events(self) -> tuple[str, list[Any]]:
        """SQL conditions on ``watch_events e`` for the counted events in range, and parameters."""
        where, params = self._range("e")
        return " AND ".join([*self.counting.conditions("e"), *where]), params

    def quotes(self) -> tuple[str, list[Any]]:
        """The same for ``watch_quotes q``: dated, in range, not near-duplicates unless counted."""
        where, params = self._range("q")
        return " AND ".join([*self.counting.quote_conditions("q"), *where]), params

    def count_roles(self) -> str:
        """The name of a temporary table counting the actors of the counted events by code, name,
        side (``as_source``) and quad class, made on first use: one pass over the events serves
        both the top actors and the ranking of the quotes."""
        if not self.roles_counted:
            where, params = self.events()
            self.con.execute(
                f"""CREATE OR REPLACE TEMP TABLE {ROLES_TABLE} AS
                SELECT code, name, as_source, quad_class, count(*) AS n FROM (
                    SELECT e.source AS code, {self.event_column("source_name")} AS name, true AS as_source,
                        e.quad_class FROM watch_events e WHERE {where} AND e.source IS NOT NULL
                    UNION ALL
                    SELECT e.target, {self.event_column("target_name")}, false, e.quad_class
                        FROM watch_events e WHERE {where} AND e.target IS NOT NULL)
                GROUP BY ALL""",
                params + params,
            )
            self.roles_counted = True
        return ROLES_TABLE

    def close(self) -> None:
        if self.roles_counted:
            self.con.execute(f"DROP TABLE IF EXISTS {ROLES_TABLE}")
            self.roles_counted = False


def _data_range(query: _Query) -> tuple[dt.date | None, dt.date | None]:
    where = " AND ".join(query.counting.conditions("e"))
    row = query.con.execute(f"SELECT min(e.date), max(e.date) FROM watch_events e WHERE {where}").fetchone()
    return (row[0], row[1]) if row else (None, None)


def _totals(query: _Query) -> tuple[int, int, int]:
    events, event_params = query.events()
    quotes, quote_params = query.quotes()
    row = query.con.execute(
        f"""SELECT (SELECT count(*) FROM watch_events e WHERE {events}),
                (SELECT count(*) FROM watch_quotes q WHERE {quotes}),
                (SELECT count(DISTINCT article_id) FROM (
                    SELECT e.article_id FROM watch_events e WHERE {events}
                    UNION ALL SELECT q.article_id FROM watch_quotes q WHERE {quotes}))""",
        [*event_params, *quote_params, *event_params, *quote_params],
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[2]), int(row[1])


def _top_actors(query: _Query, limit: int = TOP_ACTORS) -> list[dict[str, Any]]:
    roles = query.count_roles()
    cursor = query.con.execute(
        f"""WITH top AS (
                SELECT code, sum(n) AS appearances,
                    coalesce(sum(n) FILTER (WHERE as_source), 0) AS as_source,
                    coalesce(sum(n) FILTER (WHERE NOT as_source), 0) AS as_target,
                    coalesce(sum(n) FILTER (WHERE quad_class = 1), 0) AS verbal_cooperation,
                    coalesce(sum(n) FILTER (WHERE quad_class = 2), 0) AS material_cooperation,
                    coalesce(sum(n) FILTER (WHERE quad_class = 3), 0) AS verbal_conflict,
                    coalesce(sum(n) FILTER (WHERE quad_class = 4), 0) AS material_conflict
                FROM {roles} GROUP BY code ORDER BY appearances DESC, code LIMIT ?),
            names AS (
                SELECT code, name, sum(n) AS n FROM {roles}
                WHERE name IS NOT NULL AND code IN (SELECT code FROM top) GROUP BY ALL)
            SELECT top.*, (SELECT first(n.name ORDER BY n.n DESC, n.name) FROM names n
                WHERE n.code = top.code) AS name
            FROM top ORDER BY appearances DESC, code""",
        [limit],
    )
    names = [d[0] for d in cursor.description]
    actors = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for actor in actors:
        total = actor["appearances"] or 1
        actor["mix"] = [
            {
                "quad": quad,
                "label": QUAD_LABELS[quad],
                "count": actor[quad],
                "share": round(100 * actor[quad] / total, 1),
                "colour": QUAD_COLOURS[quad],
            }
            for quad in QUADS
        ]
    return actors


def _top_quotes(query: _Query, limit: int = TOP_QUOTES) -> list[dict[str, Any]]:
    """One quote per speaker with an actor code: speakers of the actors most active in the
    counted events first (the first speaker of every actor before the second of any), a
    speaker's direct quotes of a readable length before the others."""
    roles = query.count_roles()
    quotes, quote_params = query.quotes()
    mention, role = query.quote_column("speaker_mention"), query.quote_column("speaker_role")
    kind, outlet = query.quote_column("kind"), query.quote_column("article_source")
    cursor = query.con.execute(
        f"""WITH activity AS (SELECT code, sum(n) AS appearances FROM {roles} GROUP BY code),
            said AS (
                SELECT q.id, q.article_id, q.date, q.content, {kind} AS kind,
                    q.speaker_actor AS actor, q.speaker_name AS name, {role} AS role,
                    {mention} AS mention,
                    lower(trim(coalesce(q.speaker_name, {mention}, {role}, q.speaker_actor))) AS who,
                    q.article_title, q.article_url, {outlet} AS article_source
                FROM watch_quotes q WHERE {quotes} AND q.speaker_actor IS NOT NULL),
            speakers AS (
                SELECT *, count(*) OVER (PARTITION BY actor, who) AS said,
                    row_number() OVER (PARTITION BY actor, who ORDER BY kind = 'direct' DESC NULLS LAST,
                        length(content) BETWEEN 60 AND 400 DESC, date DESC, id) AS pick
                FROM said WHERE length(who) > 1),
            chosen AS (
                SELECT s.*, coalesce(a.appearances, 0) AS activity,
                    row_number() OVER (PARTITION BY s.actor
                        ORDER BY s.name IS NOT NULL DESC, s.said DESC, s.who) AS turn
                FROM speakers s LEFT JOIN activity a ON a.code = s.actor WHERE s.pick = 1)
            SELECT id, article_id, date, content, kind, actor, name, role, mention, said, activity,
                article_title, article_url, article_source
            FROM chosen ORDER BY turn, activity DESC, said DESC, who LIMIT ?""",
        [*quote_params, limit],
    )
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for quote in found:
        quote["speaker"] = quote["name"] or quote["mention"] or quote["role"] or quote["actor"]
        quote["text"] = cut((quote["content"] or "").strip(QUOTE_MARKS), QUOTE_WIDTH)
        quote["link"] = web_link(quote["article_url"])
    return found


def _outlets(query: _Query, article_ids: set[str]) -> list[tuple[str | None, str | None]]:
    """(outlet, url) of each of ``article_ids`` as the views know them."""
    if not article_ids:
        return []
    events_outlet, quotes_outlet = query.event_column("article_source"), query.quote_column("article_source")
    rows = query.con.execute(
        f"""SELECT DISTINCT article_id, outlet, url FROM (
                SELECT e.article_id, {events_outlet} AS outlet, e.article_url AS url FROM watch_events e
                WHERE e.article_id IN (SELECT unnest(?::VARCHAR[]))
                UNION ALL
                SELECT q.article_id, {quotes_outlet}, q.article_url FROM watch_quotes q
                WHERE q.article_id IN (SELECT unnest(?::VARCHAR[])))""",
        [sorted(article_ids), sorted(article_ids)],
    ).fetchall()
    return [(outlet, url) for _, outlet, url in rows]


# -- charts -------------------------------------------------------------------------------------------


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _x(day: dt.date) -> float:
    """A day as a Matplotlib date number."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _date_axis(axes: Axes, lo: dt.date, hi: dt.date, period: str) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    start = period_start(lo, period)
    axes.set_xlim(_x(start), _x(shift(period_start(hi, period), period, 1)))


def _zero_aligned(lows: tuple[float, float], highs: tuple[float, float]) -> list[tuple[float, float]]:
    """Limits for two y axes that put both zeros at the same height: ``lows`` are the (positive)
    depths below zero each axis must show, ``highs`` the heights above."""
    fractions = [lo / (lo + hi) for lo, hi in zip(lows, highs, strict=True) if lo + hi > 0]
    # Never quite at an edge, so that a line at zero stays visible off the frame.
    below = min(max(sum(fractions) / len(fractions) if fractions else 0.0, 0.04), 0.96)
    limits = []
    for lo, hi in zip(lows, highs, strict=True):
        size = max(lo / below if below else 0.0, hi / (1 - below) if below < 1 else 0.0, 1.0)
        limits.append((-below * size * 1.08, (1 - below) * size * 1.08))
    return limits


def chart_span(active: list[dt.date], lo: dt.date, hi: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The days a chart shows: the report's range, or, when the days with data (``active``) fill
    less than half of it, those days with a margin, so that a burst is not a sliver at one end."""
    if not active:
        return lo, hi
    first, last = min(active), max(active)
    if 2 * (last - first).days >= (hi - lo).days:
        return lo, hi
    # A margin of a twentieth of the active days or two periods, and a quarter of the range at least.
    margin = dt.timedelta(days=max((last - first).days // 20, (hi - lo).days // 8 - (last - first).days // 2))
    start = min(shift(period_start(first, period), period, -2), first - margin)
    end = max(shift(period_start(last, period), period, 3) - dt.timedelta(days=1), last + margin)
    # Cut off at one end of the range, the window widens at the other.
    start, end = start - max(end - hi, dt.timedelta(0)), end + max(lo - start, dt.timedelta(0))
    return max(start, lo), min(end, hi)


def dyad_chart(
    name: str, rows: list[dict[str, Any]], period: str, span: tuple[dt.date, dt.date], alerts: list[Alert]
) -> bytes:
    """A PNG of one dyad's series: cooperation stacked above zero and conflict below, the
    Goldstein sum as a line on the right axis, escalation alerts as dashed red lines."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    # Fixed margins, not a layout engine: the labels are known, and it halves the drawing time.
    figure = Figure(figsize=CHART_SIZE, dpi=DPI)
    figure.subplots_adjust(left=0.075, right=0.925, top=0.88, bottom=0.15)
    axes = figure.add_subplot()
    lefts = [_x(r["period"]) for r in rows]
    widths = [(shift(r["period"], period, 1) - r["period"]).days * 0.8 for r in rows]
    centres = [left + width / 2 for left, width in zip(lefts, widths, strict=True)]
    up = [0.0] * len(rows)
    down = [0.0] * len(rows)
    for quad in QUADS:
        values = [float(r[quad]) for r in rows]
        conflict = quad.endswith("conflict")
        base = down if conflict else up
        boxes = []
        for i, value in enumerate(values):
            if value:
                height = -value if conflict else value
                left, right, bottom = lefts[i], lefts[i] + widths[i], base[i]
                boxes.append(
                    [(left, bottom), (left, bottom + height), (right, bottom + height), (right, bottom)]
                )
                base[i] += height
        # One collection per quad class rather than a patch per bar: ten times faster to draw.
        axes.add_collection(
            PolyCollection(boxes, facecolors=QUAD_COLOURS[quad], linewidths=0, zorder=2), autolim=False
        )
    axes.axhline(0, color="#444444", linewidth=0.8, zorder=3)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{abs(value):g}"))
    axes.set_ylabel(f"events per {period}\n(cooperation ↑, conflict ↓)")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)

    right = axes.twinx()
    sums = [float(r["goldstein_sum"]) for r in rows]
    right.plot(
        centres,
        sums,
        color=GOLDSTEIN_COLOUR,
        linewidth=1.4,
        marker="o" if sum(span[0] <= r["period"] <= span[1] for r in rows) <= 80 else None,
        markersize=3,
        zorder=4,
    )
    right.set_ylabel("Goldstein sum", color=GOLDSTEIN_COLOUR)
    right.tick_params(axis="y", colors=GOLDSTEIN_COLOUR)
    (left_limits, right_limits) = _zero_aligned(
        (max(-min(down, default=0), 0.0), max(-min(sums, default=0), 0.0)),
        (max(max(up, default=0), 0.0), max(max(sums, default=0), 0.0)),
    )
    axes.set_ylim(*left_limits)
    right.set_ylim(*right_limits)
    _date_axis(axes, span[0], span[1], period)

    shown = sorted((a for a in alerts if a.kind == "escalation"), key=lambda a: a.day)
    last_at: dict[int, float] = {}
    room = (axes.get_xlim()[1] - axes.get_xlim()[0]) * 0.03
    for alert in shown:
        x = _x(alert.day)
        axes.axvline(x, color=ALERT_LINE_COLOUR, linestyle="--", linewidth=1.1, zorder=5)
        # Labels above the frame, never on the bars; close ones are stacked on up to 3 rows.
        level = next((n for n in range(3) if x - last_at.get(n, -1e9) > room), len(last_at) % 3)
        last_at[level] = x
        axes.annotate(
            f"{alert.score:.1f}" if alert.score is not None else "alert",
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2 + 10 * level),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=ALERT_LINE_COLOUR,
            fontweight="bold",
            annotation_clip=False,
        )
    axes.set_title(
        f"{name}: events by {period}", loc="left", fontsize=13, fontweight="bold", pad=6 + 10 * len(last_at)
    )
    handles: list[Any] = [Patch(color=QUAD_COLOURS[q], label=QUAD_LABELS[q]) for q in QUADS]
    handles.append(Line2D([], [], color=GOLDSTEIN_COLOUR, linewidth=1.4, label="Goldstein sum (right axis)"))
    if shown:
        handles.append(
            Line2D([], [], color=ALERT_LINE_COLOUR, linestyle="--", label="escalation alert (index above)")
        )
    figure.legend(handles=handles, loc="lower center", ncols=len(handles), frameon=False, fontsize=9)
    return _png(figure)


def timeline_chart(alerts: list[Alert], span: tuple[dt.date, dt.date], period: str) -> bytes:
    """A PNG of the alerts per day: one row per kind, a dot per day sized by the number of alerts."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=TIMELINE_SIZE, dpi=DPI)
    figure.subplots_adjust(left=0.085, right=0.985, top=0.86, bottom=0.13)
    axes = figure.add_subplot()
    _date_axis(axes, span[0], span[1], period)
    room = (axes.get_xlim()[1] - axes.get_xlim()[0]) * 0.012
    per_day = Counter((a.kind, a.day) for a in alerts)
    for row, kind in enumerate(KINDS):
        days = sorted(day for k, day in per_day if k == kind)
        counts = [per_day[(kind, day)] for day in days]
        axes.scatter(
            [_x(d) for d in days],
            [row] * len(days),
            s=[30 + 25 * min(c, 10) for c in counts],
            color=KIND_COLOURS[kind],
            alpha=0.75,
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
        )
        # The number of alerts next to a bigger dot, above it or, when a neighbour's number is
        # too close, below; none where both are taken, and none at all on a crowded row.
        busy = [(day, count) for day, count in zip(days, counts, strict=True) if count > 1]
        last = {"above": -1e9, "below": -1e9}
        for day, count in busy if len(busy) <= MAX_TIMELINE_LABELS else []:
            x = _x(day)
            side = next((side for side, at in last.items() if x - at > room), None)
            if side is None:
                continue
            last[side] = x
            axes.annotate(
                str(count),
                xy=(x, row),
                xytext=(0, 9 if side == "above" else -9),
                textcoords="offset points",
                ha="center",
                va="bottom" if side == "above" else "top",
                fontsize=7,
                color="#333333",
            )
    axes.set_yticks(range(len(KINDS)), [KIND_LABELS[k] for k in KINDS])
    axes.set_ylim(-0.6, len(KINDS) - 0.4)
    axes.invert_yaxis()
    axes.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    axes.set_title("Alerts per day, by kind (a bigger dot: more alerts that day)", loc="left", fontsize=12)
    return _png(figure)


# -- the page -----------------------------------------------------------------------------------------


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _template() -> jinja2.Template:
    text = resources.files("watchfloor").joinpath("resources", TEMPLATE).read_text("utf-8")
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["num"] = lambda value: f"{int(value):,}"
    environment.filters["fixed"] = lambda value, digits=1: "–" if value is None else f"{value:,.{digits}f}"
    return environment.from_string(text)


def _detail_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _alert_view(alert: Alert, detailed: bool) -> dict[str, Any]:
    figures: list[tuple[str, str]] = [("period", alert.period)]
    if alert.score is not None:
        figures.append(("score", _detail_value(alert.score)))
    if alert.threshold is not None:
        figures.append(("threshold", _detail_value(alert.threshold)))
    figures += [(key.replace("_", " "), _detail_value(value)) for key, value in alert.detail.items()]
    if alert.raised_at is not None:
        figures.append(("first raised", alert.raised_at.strftime("%Y-%m-%d %H:%M")))
    target = alert.rule if alert.rule == alert.subject else f"{alert.rule} · {alert.subject}"
    return {
        "id": alert.id,
        "kind": alert.kind,
        "kind_label": KIND_LABELS.get(alert.kind, alert.kind),
        "colour": KIND_COLOURS.get(alert.kind, "#555555"),
        "day": alert.day,
        "target": target,
        "summary": alert.summary,
        "short": cut(alert.summary, SUMMARY_WIDTH),
        "detailed": detailed,
        "figures": figures,
        "evidence": [
            {
                "date": e.date,
                "text": " ".join(e.text.split()),
                "link": web_link(e.article_url),
                "article_id": e.article_id,
                "title": e.article_title,
            }
            for e in alert.evidence
        ],
    }


def _dyad_view(
    dyad: Dyad,
    rows: list[dict[str, Any]],
    threshold: float,
    chart: str | None,
    file_name: str | None,
    zoomed: tuple[dt.date, dt.date] | None,
) -> dict[str, Any]:
    busy = [r for r in rows if r["events"]]
    return {
        "name": dyad.name,
        "label": dyad.label(),
        "chart": chart,
        "file": file_name,
        "zoomed": zoomed,
        "rows": list(reversed(busy[-MAX_TABLE_ROWS:])),
        "periods": len(busy),
        "cut": max(len(busy) - MAX_TABLE_ROWS, 0),
        "events": sum(r["events"] for r in busy),
        "threshold": threshold,
    }


def _thresholds(watchlist: Watchlist, period: str) -> Thresholds:
    """The watchlist's thresholds when the report uses its period; otherwise the same threshold
    and floor over the default baseline of the report's period."""
    own = watchlist.thresholds
    if own.period == period:
        return own
    return Thresholds(own.escalation, DEFAULT_BASELINE[period], own.floor, period)


def write_report(
    data: WatchData,
    watchlist: Watchlist,
    out: Path,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    period: str | None = None,
    counting: Counting | None = None,
    alerts: list[Alert] | None = None,
) -> ReportResult:
    """Write the report of ``data`` between ``date_from`` and ``date_to`` (both inclusive; the
    first and last day of the counted events when None) into the folder ``out``: ``index.html``,
    ``dyad-<name>.png`` per watched dyad with events, ``alerts-timeline.png`` when there are
    alerts, ``series.csv`` and ``alerts.json``.

    ``alerts`` are shown as given (those dated outside the range are left out); the caller runs
    the alert pass. ``period`` (day, week, month) is chosen from the range's length when None.
    """
    started = time.perf_counter()
    counting = counting or Counting()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    first, last = _data_range(_Query(data, counting, None, None))
    lo = date_from if date_from is not None else first
    hi = date_to if date_to is not None else last
    if lo is not None and hi is None:
        hi = lo
    if hi is not None and lo is None:
        lo = hi
    if lo is not None and hi is not None and hi < lo:
        hi = lo
    period = period or choose_period(lo, hi)
    query = _Query(data, counting, lo, hi)
    alerts = sorted(
        (a for a in alerts or [] if (lo is None or a.day >= lo) and (hi is None or a.day <= hi)),
        key=lambda a: (-a.day.toordinal(), KIND_ORDER.get(a.kind, len(KINDS)), a.rule, a.subject),
    )
    events, articles, quotes = _totals(query)
    paths: list[Path] = []

    series: list[dict[str, Any]] = []
    if lo is not None and hi is not None and watchlist.dyads:
        series = dyad_series(
            data.con,
            list(watchlist.dyads),
            period=period,
            thresholds=_thresholds(watchlist, period),
            counting=counting,
            date_from=lo,
            date_to=hi,
        )
    by_dyad: dict[str, list[dict[str, Any]]] = {}
    for row in series:
        by_dyad.setdefault(row["dyad"], []).append(row)
    dyads = []
    taken: set[str] = set()
    for number, dyad in enumerate(watchlist.dyads, start=1):
        rows = by_dyad.get(dyad.name, [])
        chart = file_name = zoomed = None
        if lo is not None and hi is not None and any(r["events"] for r in rows):
            base = slug(dyad.name) or str(number)
            file_name = f"dyad-{base}.png" if f"dyad-{base}.png" not in taken else f"dyad-{base}-{number}.png"
            taken.add(file_name)
            span = chart_span([r["period"] for r in rows if r["events"]], lo, hi, period)
            zoomed = span if span != (lo, hi) else None
            png = dyad_chart(dyad.name, rows, period, span, [a for a in alerts if a.rule == dyad.name])
            (out / file_name).write_bytes(png)
            paths.append(out / file_name)
            chart = _data_uri(png)
        dyads.append(_dyad_view(dyad, rows, watchlist.threshold(dyad), chart, file_name, zoomed))

    timeline = None
    if alerts and lo is not None and hi is not None:
        png = timeline_chart(alerts, chart_span([a.day for a in alerts], lo, hi, period), period)
        (out / "alerts-timeline.png").write_bytes(png)
        paths.append(out / "alerts-timeline.png")
        timeline = _data_uri(png)

    try:
        actors = _top_actors(query)
        top_quotes = _top_quotes(query)
    finally:
        query.close()
    # Past MAX_ALERT_DETAILS, escalations and new kinds are detailed first, then the latest quotes.
    ranked = sorted(alerts, key=lambda a: (a.kind == "quote", -a.day.toordinal()))
    detailed = ranked[:MAX_ALERT_DETAILS]
    chosen = {a.id for a in detailed}
    views = [_alert_view(a, a.id in chosen) for a in alerts]
    shown_articles = {e.article_id for a in detailed for e in a.evidence}
    shown_articles |= {q["article_id"] for q in top_quotes}
    sources = _outlets(query, shown_articles)
    sources += [(None, e.article_url) for a in detailed for e in a.evidence]
    outlets = sorted({outlet for outlet, _ in sources if outlet}, key=str.lower)
    wikinews = any("wikinews" in (text or "").lower() for pair in sources for text in pair)
    kinds = Counter(a.kind for a in alerts)
    by_kind = {kind: kinds[kind] for kind in (*KINDS, *sorted(set(kinds) - set(KINDS)))}

    page = _template().render(
        title=f"Watch report: {lo} to {hi}" if lo is not None else "Watch report: no events",
        date_from=lo,
        date_to=hi,
        range_given=(date_from is not None, date_to is not None),
        period=period,
        origin=data.origin,
        generated=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        watchlist=watchlist.name,
        counting=counting,
        events=events,
        articles=articles,
        quotes=quotes,
        alert_counts=[(KIND_LABELS.get(k, k), KIND_COLOURS.get(k, "#555555"), n) for k, n in by_kind.items()],
        alerts=views,
        detailed_max=MAX_ALERT_DETAILS,
        timeline=timeline,
        dyads=dyads,
        quads=[(QUAD_LABELS[q], QUAD_COLOURS[q]) for q in QUADS],
        actors=actors,
        top_quotes=top_quotes,
        thresholds=_thresholds(watchlist, period),
        alert_thresholds=watchlist.thresholds,
        outlets=outlets,
        wikinews=wikinews,
        licence=WIKINEWS_LICENCE,
    )
    write_series(series, "csv", out / "series.csv")
    (out / "alerts.json").write_text(
        json.dumps([a.to_dict() for a in alerts], ensure_ascii=False, indent=2, default=str) + "\n",
        encoding="utf-8",
    )
    (out / "index.html").write_text(page, encoding="utf-8")
    paths = [out / "index.html", *paths, out / "series.csv", out / "alerts.json"]
    return ReportResult(
        out=out,
        paths=tuple(paths),
        period=period,
        date_from=lo,
        date_to=hi,
        events=events,
        articles=articles,
        quotes=quotes,
        alerts=by_kind,
        charts=sum(d["chart"] is not None for d in dyads),
        seconds=time.perf_counter() - started,
    )
