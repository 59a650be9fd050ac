"""Console output shared by the commands: problems, summaries, progress, tables, JSON."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from rich.cells import cell_len
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


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows as CSV with a header line on stdout (dates as ISO strings, None as empty)."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _default(v) if isinstance(v, date) else v for v in row])
    sys.stdout.flush()


def print_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, numbers: bool = False
) -> None:
    """A table; with ``numbers``, a lighter frame and every column but the first right-aligned,
    so that ten columns of figures fit 80 terminal columns."""
    table = Table(title=title, title_justify="left", header_style="bold")
    if numbers:
        table = Table(
            title=title, title_justify="left", header_style="bold underline", box=None, pad_edge=False
        )
    for i, column in enumerate(columns):
        table.add_column(
            column, overflow="fold", no_wrap=numbers, justify="right" if numbers and i else "left"
        )
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout.print(table)


def _cut_cells(value: str, width: int) -> str:
    """``value`` cut to ``width`` terminal cells, with an ellipsis when it was longer."""
    text = Text(value)
    text.truncate(max(width, 1), overflow="ellipsis")
    return text.plain


def _pad(value: str, width: int, *, right: bool = False) -> str:
    space = " " * max(width - cell_len(value), 0)
    return space + value if right else value + space


def _line(value: str, style: str = "") -> None:
    """One line, cut with an ellipsis at the terminal width (never wrapped)."""
    stdout.print(Text(_cut_cells(value.rstrip(), stdout.width), style=style), soft_wrap=True)


def print_rows(
    title: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Sequence[Any], str | None]],
    *,
    text_header: str | None = None,
    max_column: int = 48,
    indent: int = 4,
) -> None:
    """Records of one or two lines each, for lists of misses: a record's fields aligned in
    columns on its first line, then its text (when not ``None``) on a second line, indented.
    Lines are cut with an ellipsis at the terminal width rather than wrapped, and every column
    but the last is cut to ``max_column`` cells, so a long sentence never makes a record tall."""
    cells = [["" if v is None else str(v) for v in fields] for fields, _ in rows]
    widths = [
        min(max_column, max(cell_len(c) for c in column)) for column in zip(columns, *cells, strict=True)
    ]

    def first_line(fields: Sequence[str]) -> str:
        last = len(fields) - 1
        return "  ".join(
            value if n == last else _pad(_cut_cells(value, widths[n]), widths[n])
            for n, value in enumerate(fields)
        )

    stdout.print(Text(title, style="table.title"), soft_wrap=True)
    _line(first_line(columns), "bold")
    if text_header:
        _line(" " * indent + text_header, "bold")
    for fields, (_, text) in zip(cells, rows, strict=True):
        _line(first_line(fields))
        if text is not None:
            _line(" " * indent + " ".join(text.split()))


def _blocks(widths: Sequence[int], room: int) -> list[list[int]]:
    """Column indexes split into as few runs of about equal size as fit ``room`` cells each (a
    column wider than ``room`` has a run of its own)."""
    count = len(widths)
    for parts in range(1, count + 1):
        size = -(-count // parts)
        runs = [list(range(start, min(start + size, count))) for start in range(0, count, size)]
        if all(sum(1 + widths[n] for n in run) <= room for run in runs):
            return runs
    return [[n] for n in range(count)]


def print_grid(
    title: str,
    corner: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Any]]],
    *,
    marked: Container[tuple[int, int]] = (),
    legend: str | None = None,
) -> None:
    """A table of counts (a confusion table) as plain fixed-width text: row labels on the left,
    the values right-aligned under short column labels, one space apart; the cells ``marked``
    (row, column) in bold. Cells never wrap: when the columns do not fit the terminal they are
    split over blocks printed one under the other, each repeating the row labels. ``legend`` is
    printed under the table, wrapped at words."""
    label_width = max(cell_len(corner), *(cell_len(label) for label, _ in rows))
    values = [["" if v is None else str(v) for v in row] for _, row in rows]
    widths = [max(cell_len(c) for c in column) for column in zip(columns, *values, strict=True)]
    stdout.print(Text(title, style="table.title"), soft_wrap=True)
    for number, block in enumerate(_blocks(widths, stdout.width - label_width)):
        if number:
            stdout.print()
        header = _pad(corner, label_width) + "".join(
            " " + _pad(columns[n], widths[n], right=True) for n in block
        )
        stdout.print(Text(header, style="bold"), soft_wrap=True)
        for r, ((label, _), row) in enumerate(zip(rows, values, strict=True)):
            line = Text(_pad(label, label_width))
            for n in block:
                line.append(
                    " " + _pad(row[n], widths[n], right=True), style="bold" if (r, n) in marked else ""
                )
            stdout.print(line, soft_wrap=True)
    if legend:
        stdout.print(Text(legend, style="dim"), soft_wrap=False)


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
