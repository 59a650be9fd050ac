"""Turn what a reader found (:class:`RawArticle`) into a stored :class:`Article`.

Normalise, split paragraphs, drop page furniture, identify by content hash, date from metadata,
detect the language. Pure: the same raw input always gives the same Article.
:func:`prepare_articles` does it for a reader's whole output (ingest and extract share it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError, Problem, make_problem
from ..settings import Settings
from ..types import Article, RawArticle
from .dates import DateError, parse_published
from .furniture import FurnitureRules, load_furniture_rules, strip_furniture
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


def prepare_articles(
    items: Iterable[RawArticle | Problem],
    *,
    settings: Settings,
    on_problem: Callable[[Problem], None],
    rules: FurnitureRules | None = None,
) -> Iterator[Article]:
    """Prepare what a source reader yields, in order; a reader's problems, inputs with no text
    left and warnings go to ``on_problem``, and the inputs that failed are skipped."""
    if rules is None:
        rules = load_furniture_rules(settings.furniture_file or None)
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
            continue
        try:
            article, warnings = prepare_article(item, rules=rules, settings=settings)
        except InputError as e:
            on_problem(e.problem)
            continue
        for warning in warnings:
            on_problem(warning)
        yield article


def skip_reason(article: Article) -> str | None:
    """Why the NLP stages will not run on this article (only English is processed), or None."""
    if article.language in ("en", "und"):
        return None
    return f"language {article.language}: only English is processed"
