"""JSON Lines: one article object per line, streamed line by line with a per-line size cap.

Known fields: ``id, title, text, date | published, source, url``; every other field is kept in
the article's ``metadata``. A malformed line is reported with its line number and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError, Problem, make_problem
from ..types import RawArticle
from .decode import check_size, decode_text

_KNOWN = {"id", "title", "text", "date", "published", "source", "url"}
_CHUNK = 1 << 20


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, int]]:
    """Yield ``(line_number, line, size)``. A line over ``limit`` bytes comes back empty with
    its size, and is skipped in chunks without ever being held in memory whole."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:  # drain the rest of the oversized line
                chunk = stream.readline(_CHUNK)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield number, b"", size
        else:
            yield number, line, len(line)


def _record_to_raw(record: dict[str, Any], origin: str, line: int) -> RawArticle:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(make_problem("E105", origin, line))
    published_key = "date" if record.get("date") not in (None, "") else "published"
    published = record.get(published_key)

    def opt(key: str) -> str | None:
        value = record.get(key)
        return None if value in (None, "") else str(value)

    return RawArticle(
        text=text,
        origin=f"{origin}:{line}",
        title=opt("title"),
        url=opt("url"),
        source=opt("source"),
        source_id=opt("id"),
        published=None if published in (None, "") else str(published),
        date_source=f"jsonl:{published_key}" if published not in (None, "") else None,
        metadata={k: v for k, v in record.items() if k not in _KNOWN},
    )


def read_jsonl(stream: IO[bytes], origin: str, *, limit: int) -> Iterator[RawArticle | Problem]:
    for number, line, size in _lines(stream, limit):
        try:
            check_size(size, limit, origin, number)
            if not line.strip():  # blank lines between records are allowed
                continue
            text, warnings = decode_text(line, origin, number)
            yield from warnings
            try:
                record = json.loads(text)
            except json.JSONDecodeError as e:
                raise InputError(make_problem("E104", origin, number, detail=e.msg)) from e
            if not isinstance(record, dict):
                detail = f"expected an object, got {type(record).__name__}"
                raise InputError(make_problem("E104", origin, number, detail=detail))
            yield _record_to_raw(record, origin, number)
        except InputError as e:
            yield e.problem
