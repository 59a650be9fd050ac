"""Ingestion: read inputs, prepare articles, drop exact repeats, group near-duplicates, store.

Work goes in batches of :data:`BATCH` articles; each batch is one transaction. A run killed in
the middle loses at most the batch in flight, and re-running stores it (and nothing twice: an
article whose id is already stored is reported as "already stored").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO

from .errors import Problem
from .settings import Settings
from .sources import iter_raw_articles
from .stages.dedup import NearDuplicateIndex
from .stages.prepare import prepare_articles, skip_reason
from .store import Store
from .types import Article, RawArticle

BATCH = 256


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did; ``problems`` lists every skipped input and warning."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    not_english: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.skipped)

    def counts(self) -> dict[str, int | float]:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "not_english": self.not_english,
            "failed": self.failed,
            "warnings": len(self.problems) - self.failed,
            "seconds": round(self.seconds, 3),
        }


def build_dedup_index(store: Store, settings: Settings) -> NearDuplicateIndex:
    index = NearDuplicateIndex(
        threshold=settings.dedup_threshold,
        num_perm=settings.dedup_num_perm,
        shingle_words=settings.dedup_shingle_words,
        min_words=settings.dedup_min_words,
    )
    index.add_stored(store.iter_signatures())
    return index


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    run_id: str | None = None,
    command: str = "ingest",
    fetch: bool = False,
    stdin: IO[bytes] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_article: Callable[[Article, str], None] | None = None,
) -> IngestReport:
    """Read ``inputs`` and store every new article.

    Args:
        run_id: the run to attribute rows to; ``None`` records a new run named ``command``.
        on_problem: called with each problem as it is found (the CLI prints them).
        on_article: called with each article read and what happened to it
            (``"stored"``, ``"duplicate"``, ``"already stored"``).
    """
    if run_id is None:
        paths = list(inputs)
        with store.recording_run(command, {"inputs": paths, "fetch": fetch}, settings.as_dict()) as run:
            report = ingest(
                paths,
                store,
                settings,
                run_id=run.id,
                fetch=fetch,
                stdin=stdin,
                on_problem=on_problem,
                on_article=on_article,
            )
            run.record(report)
        return report
    started = time.perf_counter()
    index = build_dedup_index(store, settings) if settings.dedup_enabled else None
    report = IngestReport()
    batch: list[Article] = []
    signatures: dict[str, list[int]] = {}
    skip_reasons: dict[str, str] = {}
    batch_problems: list[Problem] = []
    seen: set[str] = set()

    def note(problem: Problem) -> None:
        report.problems.append(problem)
        batch_problems.append(problem)
        if on_problem:
            on_problem(problem)

    def flush() -> None:
        store.add_articles(batch, signatures, batch_problems, run_id, skip_reasons=skip_reasons)
        batch.clear()
        signatures.clear()
        skip_reasons.clear()
        batch_problems.clear()

    def counted(items: Iterable[RawArticle | Problem]) -> Iterator[RawArticle | Problem]:
        for item in items:
            report.read += isinstance(item, RawArticle)
            yield item

    raw = iter_raw_articles(inputs, max_article_bytes=settings.max_article_bytes, fetch=fetch, stdin=stdin)
    for article in prepare_articles(counted(raw), settings=settings, on_problem=note):
        if article.id in seen or store.existing_ids([article.id]):
            report.already_stored += 1
            if on_article:
                on_article(article, "already stored")
            continue
        seen.add(article.id)
        outcome = "stored"
        if index is not None:
            signature = index.signature(article.text)
            if signature is not None:
                original = index.find_original(signature)
                if original is not None:
                    article = replace(article, duplicate_of=original)
                    report.duplicates += 1
                    outcome = "duplicate"
                index.add(article.id, signature, article.duplicate_of)
                signatures[article.id] = [int(v) for v in signature.hashvalues]
        reason = skip_reason(article)
        if reason is not None:
            skip_reasons[article.id] = reason
            report.not_english += 1
        batch.append(article)
        report.stored += 1
        if on_article:
            on_article(article, outcome)
        if len(batch) >= BATCH:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report
