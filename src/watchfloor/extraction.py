"""Extraction without a database: text in, sentences, quotes, speakers, actor mentions, places
and events out, in memory.

:func:`extract` is the one-article Python API; :func:`extract_many` streams a source reader's
output (or plain strings) through the same cleaning as ``ingest`` and the same
:class:`~watchfloor.pipeline.Pipeline` as ``process``. ``watchfloor extract`` is built on it.
Nothing is stored and there is no near-duplicate detection: every input is extracted on its own.

(The module is not called ``extract`` so that ``watchfloor.extract`` stays the function even
after the module has been imported.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem, make_problem
from .settings import Settings, load_settings
from .stages.dates import parse_published
from .stages.prepare import prepare_articles, skip_reason
from .types import Article, Event, Mention, Place, Quote, RawArticle, Sentence, Speaker, quote_record

if TYPE_CHECKING:
    from .pipeline import Pipeline

#: The article fields an extraction reports (metadata and duplicate_of are store matters).
ARTICLE_KEYS = (
    "id",
    "title",
    "url",
    "source",
    "source_id",
    "published",
    "date_source",
    "language",
    "text",
    "paragraphs",
    "origin",
)
#: ``origin`` of texts given to :func:`extract` directly.
TEXT_ORIGIN = "<text>"


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the pipeline found in one article.

    Attributes:
        article: the cleaned article; every offset below points into ``article.text``.
        sentences, quotes, speakers, mentions, places, events: the stage records, in article
            order; each speaker carries the actor code of its mention (``Speaker.actor``). The
            events are empty when the pipeline has no event stage.
        note: why the stages did not run (a language other than English, or the message of a
            failed stage); ``None`` when they ran. The record lists are then empty.
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    note: str | None = None

    def speaker_of(self, quote: Quote) -> Speaker | None:
        """The speaker entity a quote is attributed to, if resolved."""
        if quote.speaker is None:
            return None
        return next((s for s in self.speakers if s.index == quote.speaker), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``watchfloor extract --json`` prints for the article (see README)."""
        article = self.article.to_dict()
        text = self.article.text
        return {
            "article": {key: article[key] for key in ARTICLE_KEYS},
            "note": self.note,
            "sentences": [s.to_dict() | {"text": text[s.start : s.end]} for s in self.sentences],
            "quotes": [quote_record(q, self.speaker_of(q)) for q in self.quotes],
            "speakers": [s.to_dict() for s in self.speakers],
            "mentions": [m.to_dict() for m in self.mentions],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
        }


@cache
def _pipeline(settings: Settings) -> Pipeline:
    # Building the stages and loading the model cost far more than one short article: keep one
    # Pipeline per settings for the life of the process.
    from .pipeline import Pipeline

    return Pipeline(settings)


def extract_many(
    items: Iterable[RawArticle | Problem | str],
    *,
    settings: Settings | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[Extraction]:
    """Extract every article of ``items``, in input order, streaming in pipeline batches.

    Args:
        items: what :func:`~watchfloor.sources.iter_raw_articles` yields, or plain texts.
        on_problem: called with each problem (a reader's, an input with no text left, a date
            warning, a failed stage) as it is found. Inputs that failed to read are skipped; an
            article whose stage failed is yielded with the message as ``note``.
    """
    settings = settings or load_settings()
    report: Callable[[Problem], None] = on_problem or (lambda problem: None)
    raw = (RawArticle(text=i, origin=TEXT_ORIGIN) if isinstance(i, str) else i for i in items)
    # Articles in input order, waiting for their analysis; those the stages skip wait here too.
    waiting: deque[tuple[Article, str | None]] = deque()

    def to_process() -> Iterator[Article]:
        for article in prepare_articles(raw, settings=settings, on_problem=report):
            reason = skip_reason(article)
            waiting.append((article, reason))
            if reason is None:
                yield article

    def skipped() -> Iterator[Extraction]:
        while waiting and waiting[0][1] is not None:
            article, reason = waiting.popleft()
            yield Extraction(article, note=reason)

    for analysis in _pipeline(settings).pipe(to_process()):
        yield from skipped()
        article, _ = waiting.popleft()
        assert article.id == analysis.article_id, "the pipeline keeps input order"
        if analysis.error:
            report(Problem("E201", article.origin, analysis.error.removeprefix("E201 ")))
            yield Extraction(article, note=analysis.error)
            continue
        yield Extraction(
            article,
            sentences=analysis.sentences,
            quotes=analysis.quotes,
            speakers=analysis.speakers,
            mentions=analysis.mentions,
            places=analysis.places,
            events=analysis.events,
        )
    yield from skipped()  # those after the last processed article


def extract(
    text: str,
    *,
    published: str | date | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> Extraction:
    """Run the whole pipeline on one text, in memory: nothing is stored.

    The text is cleaned as ``ingest`` cleans a ``.txt`` file (paragraphs are blank-line
    separated blocks, or one per line). Repeated calls reuse one loaded pipeline.

    Args:
        published: ISO 8601 date or date-time (or a ``date``/``datetime``), kept as given.
        settings: defaults to :func:`~watchfloor.settings.load_settings`.

    Raises:
        InputError: no text is left after cleaning (E110).
        ValueError: ``published`` is not a usable date.

    Example:
        >>> result = extract("“We will not back down,” said Anna Berg.")   # doctest: +SKIP
        >>> [(q.text, result.speaker_of(q)) for q in result.quotes]         # doctest: +SKIP
    """
    day = parse_published(published) if published is not None else None  # DateError is a ValueError
    raw = RawArticle(
        text=text,
        origin=TEXT_ORIGIN,
        title=title,
        url=url,
        source=source,
        published=day,
        date_source="api:published" if day is not None else None,
    )
    problems: list[Problem] = []
    results = list(extract_many([raw], settings=settings, on_problem=problems.append))
    if not results:
        raise InputError(next((p for p in problems if p.skipped), make_problem("E110", TEXT_ORIGIN)))
    return results[0]
