"""Plain-text articles: one article per file; the first line is not taken as a title."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..types import RawArticle
from .decode import decode_text


def read_text(data: bytes, origin: str) -> Iterator[RawArticle | Problem]:
    text, warnings = decode_text(data, origin)
    yield from warnings
    yield RawArticle(text=text, origin=origin)
