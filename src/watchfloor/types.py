"""Records that pass between pipeline stages.

Every record is a frozen, slotted dataclass with a symmetric ``to_dict``/``from_dict``. The
:class:`Article` owns the text; everything derived from it (paragraphs, sentences, and later
quotes, mentions and events) points into that text with character offsets instead of copying it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self


def _to_dict(record: Any) -> dict[str, Any]:
    """Shallow dict of a record; tuples of spans become lists of lists (JSON-friendly)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        elif isinstance(value, dict):
            value = dict(value)
        out[f.name] = value
    return out


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a source reader found, before cleaning: the edge between input files and the pipeline.

    ``origin`` says where it came from (``path`` or ``path:line`` or a URL) so that every problem
    can be reported against the input that caused it.
    """

    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None
    published: str | None = None
    date_source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)
    # Set when the text was already split into paragraphs by the reader (HTML, feeds).
    paragraphs: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned, dated, identified news article.

    Attributes:
        id: content hash of ``text`` (16 hex chars of SHA-256), so re-ingesting is a no-op.
        text: the cleaned text; paragraphs joined by a blank line (``"\\n\\n"``).
        paragraphs: ``(start, end)`` character offsets of each paragraph in ``text``.
        published: ISO 8601 date or date-time (with offset where known); ``None`` if unknown.
        date_source: where ``published`` came from (``"jsonl:date"``, ``"html:meta"``,
            ``"feed:published"``…); ``None`` when the date is unknown. Dates are never invented.
        language: ISO 639-1 code from language detection, ``"und"`` when undetermined.
        duplicate_of: id of the first stored copy when this is a near-duplicate.
    """

    id: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None
    published: str | None = None
    date_source: str | None = None
    language: str = "und"
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)

    def paragraph_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        values = dict(data)
        values["paragraphs"] = tuple(tuple(p) for p in values.get("paragraphs") or ())
        values["metadata"] = dict(values.get("metadata") or {})
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: ``index`` in article order, inside paragraph ``paragraph``."""

    article_id: str
    index: int
    paragraph: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the processing stages derived from one article (grows with later stages)."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    tokens: int = 0
    error: str | None = None
