"""HTML news pages: main text, title, date, site name and URL, extracted with trafilatura.

Publication date: the page's own machine-readable publication time (``article:published_time``
and similar meta tags, JSON-LD ``datePublished``, ``<time datetime>``), which keeps the time and
offset; otherwise the date trafilatura's htmldate finds in the page. Never the crawl date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from trafilatura.settings import Document

from ..errors import InputError, Problem, make_problem
from ..types import RawArticle
from .decode import decode_text

#: Fewer words than this in the extracted body means the page has no article.
MIN_BODY_WORDS = 15

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date.published",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)


def _jsonld_dates(tree: Any) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                value = node.get("datePublished")
                if isinstance(value, str):
                    yield value
                stack.extend(v for v in node.values() if isinstance(v, (list, dict)))


def find_published_meta(tree: Any) -> str | None:
    """The publication time the page declares in its markup, as written, or ``None``."""
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content", "").strip():
            return str(meta.get("content").strip())
    for value in _jsonld_dates(tree):
        return value
    for value in tree.xpath("//article//time/@datetime | //time[@pubdate]/@datetime"):
        if value.strip():
            return str(value.strip())
    return None


def extract_html(text: str, origin: str, *, url: str | None = None) -> RawArticle:
    """Extract the article of one HTML page.

    Raises:
        InputError: no article body could be extracted (E106).
    """
    try:
        tree = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError) as e:
        raise InputError(make_problem("E106", origin)) from e
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not isinstance(document, Document):
        raise InputError(make_problem("E106", origin))
    body = document.text
    # A few words of menu or footer are what is left of a page without an article.
    if not body or len(body.split()) < MIN_BODY_WORDS:
        raise InputError(make_problem("E106", origin))
    paragraphs = [line for line in body.split("\n") if line.strip()]
    title = document.title
    # trafilatura sometimes repeats the headline as the first line of the body.
    if title and paragraphs and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(make_problem("E106", origin))
    published, date_source = find_published_meta(tree), "html:meta"
    if published is None and document.date:
        published, date_source = document.date, "html:htmldate"
    return RawArticle(
        text="\n\n".join(paragraphs),
        paragraphs=tuple(paragraphs),
        origin=origin,
        title=title,
        url=document.url or url,
        source=document.sitename,
        published=published,
        date_source=date_source if published else None,
        metadata={k: v for k, v in (("author", document.author), ("description", document.description)) if v},
    )


def read_html(data: bytes, origin: str, *, url: str | None = None) -> Iterator[RawArticle | Problem]:
    text, warnings = decode_text(data, origin)
    yield from warnings
    yield extract_html(text, origin, url=url)
