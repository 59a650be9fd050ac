"""Turn what a reader found (:class:`RawArticle`) into a stored :class:`Article`.

Normalise, split paragraphs, drop page furniture, identify by content hash, date from metadata,
detect the language. Pure: the same raw input always gives the same Article.
"""

from __future__ import annotations

import hashlib

from ..errors import InputError, Problem, make_problem
from ..settings import Settings
from ..types import Article, RawArticle
from .dates import DateError, parse_published
from .furniture import FurnitureRules, strip_furniture
from .language import detect_language
from .normalize import join_paragraphs, normalize_text, split_paragraphs


def hash_text(text: str) -> str:
    """The article id: 16 hex characters of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(normalize_text(str(value)).split())
    return value or None


def prepare_article(
    raw: RawArticle, *, rules: FurnitureRules, settings: Settings
) -> tuple[Article, list[Problem]]:
    """Clean and identify one raw article.

    Returns:
        The article and any warnings about it (e.g. an unparseable date).

    Raises:
        InputError: nothing is left of the text after cleaning (E110).
    """
    warnings: list[Problem] = []
    if raw.paragraphs is not None:
        paragraphs = [p for p in (" ".join(normalize_text(p).split()) for p in raw.paragraphs) if p]
    else:
        paragraphs = split_paragraphs(normalize_text(raw.text))
    paragraphs = strip_furniture(paragraphs, rules)
    if not paragraphs:
        raise InputError(make_problem("E110", raw.origin))
    text, spans = join_paragraphs(paragraphs)

    published, date_source = None, None
    if raw.published is not None and str(raw.published).strip():
        try:
            published, date_source = parse_published(raw.published), raw.date_source
        except DateError:
            warnings.append(make_problem("W003", raw.origin, value=raw.published))

    article = Article(
        id=hash_text(text),
        text=text,
        paragraphs=spans,
        origin=raw.origin,
        title=_clean_field(raw.title),
        url=_clean_field(raw.url),
        source=_clean_field(raw.source),
        source_id=_clean_field(raw.source_id),
        published=published,
        date_source=date_source,
        language=detect_language(text, min_chars=settings.min_language_chars),
        metadata=dict(raw.metadata),
    )
    return article, warnings
