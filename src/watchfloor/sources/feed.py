"""RSS and Atom feeds, parsed with feedparser.

An entry whose own content holds the article (``content:encoded``/Atom ``content`` of at least
:data:`FULL_TEXT_WORDS` words) is used as is. An entry with only a teaser is downloaded from its
link when the user passes ``--fetch``; otherwise it is skipped with a W002 notice, because a
one-line teaser coded as an article would produce wrong events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import feedparser
import lxml.html

from ..errors import InputError, Problem, make_problem
from ..types import RawArticle
from .html import extract_html

#: An entry body with fewer words than this is a teaser, not the article.
FULL_TEXT_WORDS = 80
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "td"}


def html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraph texts of an HTML fragment (block elements; ``<br>`` breaks lines)."""
    if "<" not in fragment:
        return [line.strip() for line in fragment.split("\n") if line.strip()]
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs: list[str] = []
    # Leaf-most blocks: a block element that contains no other block element.
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element.iterdescendants()):
            # Text sitting directly in a container, outside its child blocks, is kept too.
            loose = (element.text or "").strip()
            if loose:
                paragraphs.append(loose)
            continue
        text = element.text_content()
        paragraphs.extend(line.strip() for line in text.split("\n") if line.strip())
    return paragraphs


def _entry_published(entry: Any) -> tuple[Any, str | None]:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry.get(key), f"feed:{key}"
    return None, None


def read_feed(
    data: bytes,
    origin: str,
    *,
    fetch: Callable[[str], bytes] | None = None,
) -> Iterator[RawArticle | Problem]:
    """Yield one raw article per usable feed entry.

    Args:
        fetch: downloads an entry's link (given with ``--fetch``); ``None`` keeps us offline.
    """
    parsed = feedparser.parse(data)
    if not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "no feed entries found")
        raise InputError(make_problem("E107", origin, detail=detail))
    if parsed.get("bozo"):
        detail = str(parsed.get("bozo_exception"))
        yield make_problem("W004", origin, detail=detail, count=len(parsed.entries))
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        try:
            yield _entry_to_raw(entry, where, feed_title, fetch)
        except InputError as e:
            yield e.problem


def _entry_to_raw(
    entry: Any, where: str, feed_title: str | None, fetch: Callable[[str], bytes] | None
) -> RawArticle | Problem:
    published, date_source = _entry_published(entry)
    link = entry.get("link")
    bodies = [c.get("value", "") for c in entry.get("content") or []]
    bodies.append(entry.get("summary") or "")
    candidates = [html_fragment_paragraphs(b) for b in bodies if b.strip()]
    best = max(candidates, key=lambda p: len(" ".join(p).split()), default=[])
    common = {
        "title": entry.get("title"),
        "url": link,
        "source_id": entry.get("id"),
        "metadata": {"feed": feed_title} if feed_title else {},
    }
    if len(" ".join(best).split()) >= FULL_TEXT_WORDS:
        return RawArticle(
            text="\n\n".join(best),
            paragraphs=tuple(best),
            origin=where,
            source=feed_title,
            published=published,
            date_source=date_source,
            **common,
        )
    if fetch is None or not link:
        return make_problem("W002", where)
    page = extract_html(fetch(link).decode("utf-8", errors="replace"), link, url=link)
    return RawArticle(
        text=page.text,
        paragraphs=page.paragraphs,
        origin=link,
        title=page.title or entry.get("title"),
        url=page.url or link,
        source=page.source or feed_title,
        source_id=entry.get("id"),
        # The feed's date is the publisher's own statement; prefer it to what the page implies.
        published=published or page.published,
        date_source=date_source if published else page.date_source,
        metadata={**page.metadata, **common["metadata"]},
    )
