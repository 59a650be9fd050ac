"""Source readers: files, folders, stdin and URLs in; :class:`RawArticle` or :class:`Problem` out.

:func:`iter_raw_articles` is the one entry point. It never raises for a bad input: every
problem is yielded as a :class:`~watchfloor.errors.Problem` with its file (and line), and the
remaining inputs are read. Formats are chosen by file extension, and by sniffing the content
for stdin, URLs and files with other extensions.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

from ..errors import InputError, Problem, make_problem
from ..types import RawArticle
from .decode import check_size
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .web import fetch_url

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
#: Feeds hold many articles, so they may be this many times larger than one article.
FEED_SIZE_FACTOR = 20


def sniff_format(head: bytes) -> str:
    """Guess ``jsonl``, ``feed``, ``html`` or ``text`` from the first bytes of an input."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        return "html"
    return "text"


def _format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    for fmt, suffixes in (
        ("text", TEXT_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if suffix in suffixes:
            return fmt
    return None


def iter_input_files(inputs: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, sorted, hidden files skipped, known extensions only)."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in KNOWN_SUFFIXES:
                        yield str(Path(root) / name)
        else:
            yield item


class SourceReader:
    """Reads every input kind; see :func:`iter_raw_articles`.

    Args:
        max_article_bytes: larger single articles (a text or HTML file, one JSONL line) are
            reported (E103) and skipped without being read whole.
        fetch: also download the linked page of feed entries that carry only a teaser.
        stdin: the stream ``-`` stands for (tests pass their own).
    """

    def __init__(self, *, max_article_bytes: int, fetch: bool = False, stdin: IO[bytes] | None = None):
        self.limit = max_article_bytes
        self.fetch = fetch
        self.stdin = stdin

    def read(self, inputs: Iterable[str]) -> Iterator[RawArticle | Problem]:
        for item in iter_input_files(inputs):
            try:
                if item == "-":
                    yield from self._read_stream(self.stdin or sys.stdin.buffer, "<stdin>")
                elif item.startswith(("http://", "https://")):
                    yield from self._read_url(item)
                else:
                    yield from self._read_path(Path(item))
            except InputError as e:
                yield e.problem

    def _fetcher(self) -> Callable[[str], bytes] | None:
        return partial(fetch_url, limit=self.limit) if self.fetch else None

    def _read_bytes(
        self, data: bytes, fmt: str, origin: str, url: str | None = None
    ) -> Iterator[RawArticle | Problem]:
        if fmt == "jsonl":
            yield from read_jsonl(io.BytesIO(data), origin, limit=self.limit)
        elif fmt == "feed":
            yield from read_feed(data, origin, fetch=self._fetcher())
        elif fmt == "html":
            check_size(len(data), self.limit, origin)
            yield from read_html(data, origin, url=url)
        else:
            check_size(len(data), self.limit, origin)
            yield from read_text(data, origin)

    def _read_url(self, url: str) -> Iterator[RawArticle | Problem]:
        data = fetch_url(url, limit=self.limit * FEED_SIZE_FACTOR)
        yield from self._read_bytes(data, sniff_format(data), url, url=url)

    def _read_stream(self, stream: IO[bytes], origin: str) -> Iterator[RawArticle | Problem]:
        head = stream.peek(4096) if hasattr(stream, "peek") else b""
        if not head:
            data = stream.read()
            yield from self._read_bytes(data, sniff_format(data), origin)
            return
        fmt = sniff_format(head)
        if fmt == "jsonl":  # stream JSONL without holding it all
            yield from read_jsonl(stream, origin, limit=self.limit)
        else:
            limit = self.limit * (FEED_SIZE_FACTOR if fmt == "feed" else 1)
            data = stream.read(limit + 1)
            check_size(len(data), limit, origin)
            yield from self._read_bytes(data, fmt, origin)

    def _read_path(self, path: Path) -> Iterator[RawArticle | Problem]:
        origin = str(path)
        try:
            size = path.stat().st_size
            fmt = _format_of(path)
            if fmt == "jsonl":
                with path.open("rb") as stream:
                    yield from read_jsonl(stream, origin, limit=self.limit)
                return
            limit = self.limit * (FEED_SIZE_FACTOR if fmt in ("feed", None) else 1)
            check_size(size, limit, origin)
            data = path.read_bytes()
        except OSError as e:
            raise InputError(make_problem("E108", origin, detail=e.strerror or str(e))) from e
        yield from self._read_bytes(data, fmt or sniff_format(data), origin)


def iter_raw_articles(
    inputs: Iterable[str],
    *,
    max_article_bytes: int,
    fetch: bool = False,
    stdin: IO[bytes] | None = None,
) -> Iterator[RawArticle | Problem]:
    """Read files, folders, URLs and ``-`` (stdin) and yield raw articles and problems."""
    reader = SourceReader(max_article_bytes=max_article_bytes, fetch=fetch, stdin=stdin)
    return reader.read(inputs)
