"""Coded errors and input problems.

Exception tree::

    WatchfloorError            base of everything the package raises on purpose
    ├── ConfigError            bad settings file or option value (CLI exit code 2)
    ├── InputError             one input (file, line, entry, URL) cannot be used; carries a Problem
    └── StoreError             the DuckDB file cannot be opened or is from a newer version

Input problems are not fatal: readers turn them into :class:`Problem` records, the run reports
them with file and line, stores them in the ``problems`` table and goes on with the rest of the
batch. Codes starting with ``E`` mean the input was skipped; ``W`` means it was used with a caveat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Every problem code with its message template. Templates use ``str.format`` fields.
CODES: dict[str, str] = {
    "E101": "empty input",
    "E102": "binary input, not text (found {what})",
    "E103": "input too large ({size:,} bytes; limit {limit:,}; raise max_article_bytes)",
    "E104": "malformed JSON: {detail}",
    "E105": "JSON record has no text (expected a non-empty 'text' field)",
    "E106": "HTML page has no article body that could be extracted",
    "E107": "feed does not parse: {detail}",
    "E108": "cannot read input: {detail}",
    "E109": "download failed: {detail}",
    "E110": "no text left after cleaning",
    "E201": "stage {stage} failed: {detail}",
    "W001": "invalid UTF-8 ({count} bad byte sequences) replaced with U+FFFD",
    "W002": "feed entry has only a summary, not the article; skipped (use --fetch to download it)",
    "W003": "date {value!r} could not be parsed; stored as unknown",
    "W004": "feed is malformed ({detail}); read the {count} entries that could be recovered",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input: where (origin, line), what (code) and in words."""

    code: str
    origin: str
    message: str
    line: int | None = None

    @property
    def skipped(self) -> bool:
        return self.code.startswith("E")

    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin

    def __str__(self) -> str:
        return f"{self.where()}: [{self.code}] {self.message}"


def make_problem(code: str, origin: str, line: int | None = None, **fields: Any) -> Problem:
    """Build a :class:`Problem` from a code in :data:`CODES` and the template's fields."""
    return Problem(code=code, origin=origin, line=line, message=CODES[code].format(**fields))


class WatchfloorError(Exception):
    """Base class of the package's deliberate errors."""


class ConfigError(WatchfloorError):
    """A setting or option has a value we cannot use."""


class StoreError(WatchfloorError):
    """The database cannot be opened or migrated."""


class InputError(WatchfloorError):
    """An input cannot be used; ``problem`` says which and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
