"""``watchfloor alerts``: run the watchlist's alert pass over the stored events and list alerts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..watch.alerts import KINDS, Alert, run_alert_pass, stored_alerts
from ..watch.watchlist import load_watchlist
from . import output
from .common import DEFAULT_DB_PATH, DbOption, FormatOption, check_format, day_option
from .events import cut
from .watching import (
    DuplicatesOption,
    FromParquetOption,
    HypotheticalOption,
    NegatedOption,
    WatchlistOption,
    counting,
    open_watch,
)

KIND_STYLE = {"escalation": "bold red", "new_kind": "yellow", "quote": "cyan"}


def print_alert(alert: Alert, evidence: int) -> None:
    line = Text(f"{alert.day.isoformat()} ", style="dim") + Text(
        f"{alert.kind:<10} ", style=KIND_STYLE[alert.kind]
    )
    output.stdout.print(line + Text(alert.summary), soft_wrap=True)
    for item in alert.evidence[:evidence]:
        where = item.article_url or item.article_id[:12]
        output.stdout.print(
            Text("    “", style="dim") + Text(cut(item.text, 100)) + Text(f"” {where}", style="dim"),
            soft_wrap=True,
        )
    if evidence and len(alert.evidence) > evidence:
        output.stdout.print(Text(f"    … {len(alert.evidence) - evidence} more", style="dim"))


def alerts_cli(
    since: Annotated[
        str | None,
        typer.Option("--since", help="Alerts of this day or later, YYYY-MM-DD.", show_default=False),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Only one kind: {', '.join(KINDS)}.", show_default=False)
    ] = None,
    new: Annotated[bool, typer.Option("--new", help="Only the alerts this pass raised.")] = False,
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Run the alert pass first (stores new alerts).")
    ] = True,
    watchlist_file: WatchlistOption = None,
    evidence: Annotated[int, typer.Option("--evidence", help="Evidence lines per alert in the table.")] = 3,
    include_negated: NegatedOption = False,
    include_hypothetical: HypotheticalOption = False,
    include_duplicates: DuplicatesOption = False,
    from_parquet: FromParquetOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = "table",
) -> None:
    """Check the watchlist against the events and quotes, store the alerts not raised before,
    and list alerts, latest first, each with the sentences that triggered it.

    Alerts: a watched dyad's escalation index reaching its threshold; the first event of a
    watched kind in a dyad after a quiet spell; a watched actor quoted on a watched topic.
    Re-running raises nothing twice. With --from-parquet alerts are computed, not stored.
    """
    check_format(fmt, ("table", "json"))
    first = day_option(since, "--since")
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"must be one of {', '.join(KINDS)}", param_hint="--kind")
    watchlist = load_watchlist(watchlist_file)
    rules = counting(include_negated, include_hypothetical, include_duplicates)
    with open_watch(db, from_parquet, writable=check) as data:
        raised: list[Alert] = []
        if check or from_parquet is not None:
            _found, raised = run_alert_pass(data, watchlist, rules)
        if new:
            alerts = [
                a for a in reversed(raised) if (first is None or a.day >= first) and kind in (None, a.kind)
            ]
        else:
            alerts = stored_alerts(data, since=first, kind=kind)
    if fmt == "json":
        for alert in alerts:
            output.print_json_line(alert.to_dict())
        return
    if check and from_parquet is None:
        output.stderr.print(
            f"alert pass: {len(raised):,} new alert{'s' if len(raised) != 1 else ''}", highlight=False
        )
    if not alerts:
        output.stderr.print("no alerts", highlight=False)
        return
    for alert in alerts:
        print_alert(alert, evidence)


def register(app: typer.Typer) -> None:
    app.command("alerts")(alerts_cli)
