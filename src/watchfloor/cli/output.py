"""Console output shared by the commands: problems, summaries, progress, tables, JSON."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..errors import Problem

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


def error(message: str) -> None:
    stderr.print(f"[bold red]error:[/] {message}", highlight=False)


def problem(item: Problem) -> None:
    style = "red" if item.skipped else "yellow"
    stderr.print(
        Text(item.where() + ": ", style="bold") + Text(f"[{item.code}] ", style=style) + Text(item.message)
    )


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_default, indent=2) + "\n")


def print_json_line(data: Any) -> None:
    """One compact JSON object on one line (JSON Lines), flushed so that a pipe sees it now."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_default) + "\n")
    sys.stdout.flush()


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout.print(table)


class _RateColumn(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.1f} art/s", style="cyan")


LOG_INTERVAL = 10.0


def _log_progress(total: int, description: str) -> Any:
    started = time.perf_counter()
    last = [0.0]

    def log(done: int, words: int) -> None:
        now = time.perf_counter() - started
        if last[0] and now - last[0] < LOG_INTERVAL and done < total:
            return
        last[0] = now
        rate, word_rate = (done / now, words / now) if now else (0.0, 0.0)
        sys.stderr.write(
            f"{description}: {done}/{total} articles, {rate:.1f} articles/s, {word_rate:,.0f} words/s\n"
        )
        sys.stderr.flush()

    return log


@contextmanager
def progress_bar(total: int, description: str, *, quiet: bool) -> Iterator[Any]:
    """A rich progress bar (articles done, articles/s, ETA) on stderr; silent when ``quiet``.

    When stderr is not a terminal (a log file, a pipe) it prints a plain line instead, for the
    first batch and then at most every :data:`LOG_INTERVAL` seconds."""
    if quiet:
        yield lambda done, words: None
        return
    if not stderr.is_terminal:
        yield _log_progress(total, description)
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done, words: bar.update(task, completed=done)
