"""The DuckDB store: the only module that speaks SQL.

One file holds everything. Bulk writes go through Arrow tables (``executemany`` is three orders
of magnitude slower), each batch inside one transaction, so a run killed at any moment leaves
either a whole batch or none of it. Rows derived from an article are replaced, never appended
twice: re-processing deletes the article's old rows in the same transaction that inserts the new.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from .. import __version__
from ..errors import Problem, StoreError
from ..stages.dates import published_day
from ..types import Analysis, Article, Event, Mention, Place, Quote, Sentence, Speaker, quote_record
from .migrations import MIGRATIONS

DEFAULT_DB = "watchfloor.duckdb"
#: Tables a user may export (views included).
EXPORTABLE = (
    "articles",
    "paragraphs",
    "sentences",
    "sentence_texts",
    "quotes",
    "speakers",
    "mentions",
    "places",
    "events",
    "event_rows",
    "daily_events",
    "watch_events",
    "watch_quotes",
    "alerts",
    "alert_evidence",
    "runs",
    "problems",
)

_ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source_id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("published_date", pa.date32()),
        ("date_source", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("paragraph_count", pa.int32()),
        ("word_count", pa.int32()),
        ("duplicate_of", pa.string()),
        ("origin", pa.string()),
        ("metadata", pa.string()),
        ("status", pa.string()),
        ("status_detail", pa.string()),
        ("ingest_run", pa.string()),
    ]
)


@dataclass(slots=True)
class RunLog:
    """A run being recorded; see :meth:`Store.recording_run`."""

    id: str
    counts: dict[str, Any] = field(default_factory=dict)
    errors: int = 0

    def record(self, report: RunReport) -> None:
        """Take the run's counts and error total from the report of the work it did."""
        self.counts, self.errors = report.counts(), report.failed


class RunReport(Protocol):
    """What ingest and process reports share: counts for the runs table, failures."""

    @property
    def failed(self) -> int: ...

    def counts(self) -> dict[str, int | float]: ...


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


_SPAN = pa.list_(pa.int32())


def _int32(values: list[int | None]) -> pa.Array:
    return pa.array(values, pa.int32())


def _speaker_table(speakers: Sequence[Speaker]) -> pa.Table:
    return pa.table(
        {
            "article_id": pa.array([s.article_id for s in speakers], pa.string()),
            "idx": _int32([s.index for s in speakers]),
            "name": pa.array([s.name for s in speakers], pa.string()),
            "role": pa.array([s.role for s in speakers], pa.string()),
            "organization": pa.array([s.organization for s in speakers], pa.string()),
            "kind": pa.array([s.kind for s in speakers], pa.string()),
            "mention": pa.array([s.mention for s in speakers], pa.string()),
            "start_char": _int32([s.start for s in speakers]),
            "end_char": _int32([s.end for s in speakers]),
            "actor": pa.array([s.actor for s in speakers], pa.string()),
        }
    )


def _mention_table(mentions: Sequence[Mention]) -> pa.Table:
    return pa.table(
        {
            "article_id": pa.array([m.article_id for m in mentions], pa.string()),
            "idx": _int32([m.index for m in mentions]),
            "sentence": _int32([m.sentence for m in mentions]),
            "start_char": _int32([m.start for m in mentions]),
            "end_char": _int32([m.end for m in mentions]),
            "text": pa.array([m.text for m in mentions], pa.string()),
            "kind": pa.array([m.kind for m in mentions], pa.string()),
            "actor": pa.array([m.actor for m in mentions], pa.string()),
            "country": pa.array([m.country for m in mentions], pa.string()),
            "sector": pa.array([m.sector for m in mentions], pa.string()),
            "name": pa.array([m.name for m in mentions], pa.string()),
            "role": pa.array([m.role for m in mentions], pa.string()),
            "entity": _int32([m.entity for m in mentions]),
            "resolved_by": pa.array([m.resolved_by for m in mentions], pa.string()),
        }
    )


def _place_table(places: Sequence[Place]) -> pa.Table:
    return pa.table(
        {
            "article_id": pa.array([p.article_id for p in places], pa.string()),
            "idx": _int32([p.index for p in places]),
            "sentence": _int32([p.sentence for p in places]),
            "start_char": _int32([p.start for p in places]),
            "end_char": _int32([p.end for p in places]),
            "text": pa.array([p.text for p in places], pa.string()),
            "kind": pa.array([p.kind for p in places], pa.string()),
            "name": pa.array([p.name for p in places], pa.string()),
            "country": pa.array([p.country for p in places], pa.string()),
            "admin1": pa.array([p.admin1 for p in places], pa.string()),
            "lat": pa.array([p.lat for p in places], pa.float64()),
            "lon": pa.array([p.lon for p in places], pa.float64()),
            "geonames_id": pa.array([p.geonames_id for p in places], pa.int64()),
        }
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _event_table(events: Sequence[Event]) -> pa.Table:
    def text(name: str) -> pa.Array:
        return pa.array([getattr(e, name) for e in events], pa.string())

    def flag(name: str) -> pa.Array:
        return pa.array([bool(getattr(e, name)) for e in events], pa.bool_())

    def number(name: str) -> pa.Array:
        return pa.array([getattr(e, name) for e in events], pa.float64())

    return pa.table(
        {
            "id": pa.array([e.id for e in events], pa.string()),
            "article_id": text("article_id"),
            "idx": _int32([e.index for e in events]),
            "sentence": _int32([e.sentence for e in events]),
            "start_char": _int32([e.start for e in events]),
            "end_char": _int32([e.end for e in events]),
            "evidence": text("evidence"),
            "date": pa.array([_day(e.date) for e in events], pa.date32()),
            "date_source": text("date_source"),
            "source": text("source"),
            "source_name": text("source_name"),
            "source_mention": text("source_mention"),
            "source_entity": _int32([e.source_entity for e in events]),
            "target": text("target"),
            "target_name": text("target_name"),
            "target_mention": text("target_mention"),
            "target_entity": _int32([e.target_entity for e in events]),
            "cameo": text("cameo"),
            "root": text("root"),
            "quad_class": _int32([e.quad_class for e in events]),
            "goldstein": number("goldstein"),
            "plover_type": text("plover_type"),
            "plover_mode": text("plover_mode"),
            "trigger": text("trigger"),
            "trigger_lemma": text("trigger_lemma"),
            "pattern": text("pattern"),
            "negated": flag("negated"),
            "hypothetical": flag("hypothetical"),
            "future": flag("future"),
            "reported": flag("reported"),
            "quote_id": text("quote_id"),
            "place_name": text("place_name"),
            "place_country": text("place_country"),
            "lat": number("lat"),
            "lon": number("lon"),
            "confidence": number("confidence"),
        }
    )


def _quote_table(analyses: Sequence[Analysis]) -> pa.Table:
    quotes: list[Quote] = []
    names: list[str | None] = []
    for analysis in analyses:
        by_index = {s.index: s for s in analysis.speakers}
        for q in analysis.quotes:
            quotes.append(q)
            speaker = by_index.get(q.speaker) if q.speaker is not None else None
            names.append(speaker.name if speaker else None)
    return pa.table(
        {
            "id": pa.array([q.id for q in quotes], pa.string()),
            "article_id": pa.array([q.article_id for q in quotes], pa.string()),
            "idx": _int32([q.index for q in quotes]),
            "paragraph": _int32([q.paragraph for q in quotes]),
            "sentence": _int32([q.sentence for q in quotes]),
            "start_char": _int32([q.start for q in quotes]),
            "end_char": _int32([q.end for q in quotes]),
            "parts": pa.array([[list(p) for p in q.parts] for q in quotes], pa.list_(_SPAN)),
            "content": pa.array([q.text for q in quotes], pa.string()),
            "kind": pa.array([q.kind for q in quotes], pa.string()),
            "cue": pa.array([q.cue for q in quotes], pa.string()),
            "cue_lemma": pa.array([q.cue_lemma for q in quotes], pa.string()),
            "cue_start": _int32([q.cue_start for q in quotes]),
            "cue_end": _int32([q.cue_end for q in quotes]),
            "speaker_mention": pa.array([q.speaker_mention for q in quotes], pa.string()),
            "speaker_start": _int32([q.speaker_start for q in quotes]),
            "speaker_end": _int32([q.speaker_end for q in quotes]),
            "speaker_idx": _int32([q.speaker for q in quotes]),
            "speaker_name": pa.array(names, pa.string()),
            "attribution": pa.array([q.attribution for q in quotes], pa.string()),
            "confidence": pa.array([q.confidence for q in quotes], pa.float64()),
        }
    )


# Columns read back into Quote, Speaker, Mention and Place records (in their constructors' order).
_QUOTE_COLUMNS = (
    "q.article_id, q.idx, q.paragraph, q.sentence, q.start_char, q.end_char, q.parts, q.content,"
    " q.kind, q.cue, q.cue_lemma, q.cue_start, q.cue_end, q.speaker_mention, q.speaker_start,"
    " q.speaker_end, q.speaker_idx, q.attribution, q.confidence"
)
_SPEAKER_COLUMNS = (
    "s.article_id, s.idx, s.name, s.role, s.organization, s.kind, s.mention, s.start_char, s.end_char,"
    " s.actor"
)
_MENTION_COLUMNS = (
    "m.article_id, m.idx, m.sentence, m.start_char, m.end_char, m.text, m.kind, m.actor, m.country,"
    " m.sector, m.name, m.role, m.entity, m.resolved_by"
)
_PLACE_COLUMNS = (
    "p.article_id, p.idx, p.sentence, p.start_char, p.end_char, p.text, p.kind, p.name, p.country,"
    " p.admin1, p.lat, p.lon, p.geonames_id"
)
_EVENT_COLUMNS = (
    "e.article_id, e.idx, e.sentence, e.start_char, e.end_char, e.evidence, e.date, e.date_source,"
    " e.source, e.source_name, e.source_mention, e.source_entity, e.target, e.target_name,"
    " e.target_mention, e.target_entity, e.cameo, e.root, e.quad_class, e.goldstein, e.plover_type,"
    " e.plover_mode, e.trigger, e.trigger_lemma, e.pattern, e.negated, e.hypothetical, e.future,"
    " e.reported, e.quote_id, e.place_name, e.place_country, e.lat, e.lon, e.confidence"
)
_EVENT_WIDTH = _EVENT_COLUMNS.count(",") + 1


def _article_summary(article_id: str, row: Sequence[Any]) -> dict[str, Any]:
    """The ``article`` dict of a listed record from ``title, published, source, url``."""
    title, published, source, url = row
    return {"id": article_id, "title": title, "published": published, "source": source, "url": url}


def _event(row: Sequence[Any]) -> Event:
    values = list(row)
    values[6] = values[6].isoformat() if values[6] is not None else None
    return Event(*values)


def _code_prefix(code: str) -> str:
    """An actor code or its start as the filters take it: ``rus*`` → ``RUS``."""
    return code.strip().rstrip("*").upper()


def _root(value: str) -> str:
    """A CAMEO root as stored: ``"9"`` → ``"09"``, ``"19"`` stays."""
    value = value.strip()
    return value.zfill(2) if value.isdigit() and len(value) < 2 else value


def _quote(row: Sequence[Any]) -> Quote:
    values = list(row)
    values[6] = tuple((int(start), int(end)) for start, end in values[6] or ())
    return Quote(*values)


class Store:
    """A watchfloor DuckDB file.

    Args:
        path: the database file (created if missing).
        read_only: open without write access (several readers may share the file). A file
            from an older watchfloor is first upgraded by a short write open, so that readers
            see the current schema.

    Raises:
        StoreError: the file cannot be opened, is locked by another writer, or was written by a
            newer watchfloor.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path} (run `watchfloor ingest` first)")
        self.con = self._connect(read_only)
        self.read_only = read_only
        if not read_only:
            self.migrate()
            self._close_stale_runs()
        elif self.schema_version() > len(MIGRATIONS):
            raise StoreError(f"{self.path} was written by a newer watchfloor")
        elif self.schema_version() < len(MIGRATIONS):
            self.con.close()
            self.con = self._connect(False)
            try:
                self.migrate()
            finally:
                self.con.close()
            self.con = self._connect(True)

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"cannot open {self.path}: {e}") from e
        con.execute("SET enable_progress_bar = false")  # it would write to our stdout on long queries
        return con

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> list[str]:
        """Apply the migrations this file has not seen; return their names."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
        current = self.schema_version()
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema {current}, newer than this watchfloor")
        applied = []
        for migration in MIGRATIONS[current:]:
            self.con.begin()
            try:
                self.con.execute(migration.sql)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, now())",
                    [migration.version, migration.name],
                )
                self.con.commit()
            except duckdb.Error as e:
                self.con.rollback()
                raise StoreError(f"migration {migration.name} failed: {e}") from e
            applied.append(migration.name)
        return applied

    # -- runs ---------------------------------------------------------------------------------
    def _close_stale_runs(self) -> None:
        # DuckDB lets one process write a file at a time, so a run still marked "running" when
        # we open the file for writing belongs to a process that died.
        self.con.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND finished_at IS NULL"
        )

    def start_run(self, command: str, options: dict[str, Any], settings: dict[str, Any]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (id, command, version, options, settings, started_at, status)"
            " VALUES (?, ?, ?, ?, ?, now(), 'running')",
            [run_id, command, __version__, _json(options), _json(settings)],
        )
        return run_id

    @contextmanager
    def recording_run(
        self, command: str, options: dict[str, Any], settings: dict[str, Any]
    ) -> Iterator[RunLog]:
        """Record a run around a block: the block fills ``counts`` and ``errors``; the status is
        ``ok``, ``partial`` (some inputs failed), ``interrupted`` or ``failed`` (it raised)."""
        log = RunLog(self.start_run(command, options, settings))
        status = "failed"
        try:
            yield log
            status = "partial" if log.errors else "ok"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            self.finish_run(log.id, status, log.counts, log.errors)

    def finish_run(self, run_id: str, status: str, counts: dict[str, Any], errors: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = now(), status = ?, counts = ?, errors = ? WHERE id = ?",
            [status, _json(counts), errors, run_id],
        )

    # -- ingest -------------------------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted])
        return {r[0] for r in rows.fetchall()}

    def iter_signatures(self, chunk: int = 10_000) -> Iterator[tuple[str, list[int], str | None]]:
        """All stored MinHash signatures with each article's ``duplicate_of``."""
        cursor = self.con.execute(
            "SELECT s.article_id, s.minhash, a.duplicate_of FROM article_signatures s"
            " JOIN articles a ON a.id = s.article_id ORDER BY a.ingested_at, s.article_id"
        )
        while rows := cursor.fetchmany(chunk):
            yield from rows

    def add_articles(
        self,
        articles: Sequence[Article],
        signatures: Mapping[str, Sequence[int]],
        problems: Sequence[Problem],
        run_id: str,
        *,
        skip_reasons: dict[str, str] | None = None,
    ) -> None:
        """Store a batch of new articles (with paragraphs, signatures) and problems atomically."""
        skip_reasons = skip_reasons or {}
        article_rows = [
            {
                "id": a.id,
                "source_id": a.source_id,
                "url": a.url,
                "source": a.source,
                "title": a.title,
                "published": a.published,
                "published_date": published_day(a.published),
                "date_source": a.date_source,
                "language": a.language,
                "text": a.text,
                "paragraph_count": len(a.paragraphs),
                "word_count": len(a.text.split()),
                "duplicate_of": a.duplicate_of,
                "origin": a.origin,
                "metadata": _json(a.metadata) if a.metadata else None,
                "status": "skipped" if a.id in skip_reasons else "pending",
                "status_detail": skip_reasons.get(a.id),
                "ingest_run": run_id,
            }
            for a in articles
        ]
        paragraphs = pa.table(
            {
                "article_id": [a.id for a in articles for _ in a.paragraphs],
                "idx": [i for a in articles for i in range(len(a.paragraphs))],
                "start_char": [s for a in articles for s, _ in a.paragraphs],
                "end_char": [e for a in articles for _, e in a.paragraphs],
            }
        )
        signature_table = pa.table(
            {
                "article_id": list(signatures),
                "minhash": pa.array([list(map(int, v)) for v in signatures.values()], pa.list_(pa.uint64())),
            }
        )
        self.con.begin()
        try:
            if article_rows:
                batch = pa.Table.from_pylist(article_rows, schema=_ARTICLE_SCHEMA)
                columns = ", ".join(batch.column_names)
                self.con.register("_articles_batch", batch)
                self.con.execute(
                    f"INSERT INTO articles ({columns}, ingested_at)"
                    f" SELECT {columns}, now() FROM _articles_batch"
                )
                self.con.register("_paragraphs_batch", paragraphs)
                self.con.execute("INSERT INTO paragraphs SELECT * FROM _paragraphs_batch")
                if signatures:
                    self.con.register("_signatures_batch", signature_table)
                    self.con.execute("INSERT INTO article_signatures SELECT * FROM _signatures_batch")
            self._insert_problems(problems, run_id)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            for name in ("_articles_batch", "_paragraphs_batch", "_signatures_batch"):
                self.con.unregister(name)

    def _insert_problems(self, problems: Sequence[Problem], run_id: str) -> None:
        if not problems:
            return
        table = pa.table(
            {
                "run_id": [run_id] * len(problems),
                "origin": [p.origin for p in problems],
                "line": pa.array([p.line for p in problems], pa.int32()),
                "code": [p.code for p in problems],
                "message": [p.message for p in problems],
            }
        )
        self.con.register("_problems_batch", table)
        try:
            self.con.execute(
                "INSERT INTO problems SELECT run_id, origin, line, code, message, now() FROM _problems_batch"
            )
        finally:
            self.con.unregister("_problems_batch")

    # -- process ------------------------------------------------------------------------------
    def _pending_filter(self, include_duplicates: bool) -> str:
        return "status = 'pending'" + ("" if include_duplicates else " AND duplicate_of IS NULL")

    def count_pending(self, *, include_duplicates: bool = False) -> tuple[int, int]:
        """Pending articles and their words."""
        row = self.con.execute(
            f"SELECT count(*), coalesce(sum(word_count), 0) FROM articles"
            f" WHERE {self._pending_filter(include_duplicates)}"
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def iter_pending(self, *, chunk: int, include_duplicates: bool = False) -> Iterator[list[Article]]:
        """Pending articles in id order, ``chunk`` at a time (keyset paging: memory stays flat)."""
        last = ""
        where = self._pending_filter(include_duplicates)
        while True:
            rows = self.con.execute(
                "SELECT a.id, a.text, a.origin, a.title, a.url, a.source, a.source_id, a.published,"
                " a.date_source, a.language, a.duplicate_of, a.metadata,"
                " (SELECT list([p.start_char, p.end_char] ORDER BY p.idx) FROM paragraphs p"
                "  WHERE p.article_id = a.id) AS spans"
                f" FROM articles a WHERE {where} AND a.id > ? ORDER BY a.id LIMIT ?",
                [last, chunk],
            ).fetchall()
            if not rows:
                return
            yield [
                Article(
                    id=r[0],
                    text=r[1],
                    origin=r[2],
                    title=r[3],
                    url=r[4],
                    source=r[5],
                    source_id=r[6],
                    published=r[7],
                    date_source=r[8],
                    language=r[9],
                    duplicate_of=r[10],
                    metadata=json.loads(r[11]) if r[11] else {},
                    paragraphs=tuple((s, e) for s, e in r[12] or ()),
                )
                for r in rows
            ]
            last = rows[-1][0]

    def save_analyses(self, analyses: Sequence[Analysis], run_id: str) -> None:
        """Replace the derived rows of these articles and mark them processed (or failed)."""
        ids = [a.article_id for a in analyses]
        sentences = [s for a in analyses for s in a.sentences]
        table = pa.table(
            {
                "article_id": [s.article_id for s in sentences],
                "idx": pa.array([s.index for s in sentences], pa.int32()),
                "paragraph": pa.array([s.paragraph for s in sentences], pa.int32()),
                "start_char": pa.array([s.start for s in sentences], pa.int32()),
                "end_char": pa.array([s.end for s in sentences], pa.int32()),
            }
        )
        speakers = _speaker_table([s for a in analyses for s in a.speakers])
        quotes = _quote_table(analyses)
        mentions = _mention_table([m for a in analyses for m in a.mentions])
        places = _place_table([p for a in analyses for p in a.places])
        events = _event_table([e for a in analyses for e in a.events])
        outcome = pa.table(
            {
                "id": ids,
                "status": ["failed" if a.error else "processed" for a in analyses],
                "detail": [a.error for a in analyses],
            }
        )
        batches = {
            "sentences": table,
            "speakers": speakers,
            "quotes": quotes,
            "mentions": mentions,
            "places": places,
            "events": events,
        }
        self.con.begin()
        try:
            for name, rows in batches.items():
                self.con.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT unnest(?))", [ids])
                if rows.num_rows:
                    columns = ", ".join(rows.column_names)
                    self.con.register(f"_{name}_batch", rows)
                    self.con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM _{name}_batch")
            self.con.register("_outcome_batch", outcome)
            self.con.execute(
                "UPDATE articles SET status = o.status, status_detail = o.detail,"
                " process_run = ?, processed_at = now()"
                " FROM _outcome_batch o WHERE articles.id = o.id",
                [run_id],
            )
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            for name in (*(f"_{n}_batch" for n in batches), "_outcome_batch"):
                self.con.unregister(name)

    def reset_processed(self, *, include_failed: bool = True) -> int:
        """Mark processed (and failed) articles pending again, for a full re-run."""
        statuses = ["processed", "failed"] if include_failed else ["processed"]
        row = self.con.execute(
            "UPDATE articles SET status = 'pending', status_detail = NULL"
            " WHERE status IN (SELECT unnest(?)) RETURNING id",
            [statuses],
        ).fetchall()
        return len(row)

    # -- reading ------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query (used by the CLI's report commands)."""
        return self.con.execute(sql, list(params)).fetchall()

    def stats(self) -> dict[str, Any]:
        def one(sql: str) -> Any:
            row = self.con.execute(sql).fetchone()
            return row[0] if row else None

        tables = {
            name: one(f"SELECT count(*) FROM {name}")
            for name in (
                "articles",
                "paragraphs",
                "sentences",
                "quotes",
                "speakers",
                "mentions",
                "places",
                "events",
                "problems",
                "runs",
            )
        }
        by_status = dict(self.query("SELECT status, count(*) FROM articles GROUP BY 1 ORDER BY 1"))
        by_source = self.query(
            "SELECT coalesce(source, '(unknown)'), count(*), count(duplicate_of),"
            " count(*) FILTER (WHERE status = 'processed'), min(published_date), max(published_date)"
            " FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        languages = dict(self.query("SELECT language, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"))
        runs = self.query(
            "SELECT id, command, status, started_at, finished_at, counts, errors FROM runs"
            " ORDER BY started_at DESC LIMIT 5"
        )
        return {
            "path": str(self.path),
            "schema_version": self.schema_version(),
            "tables": tables,
            "articles_by_status": by_status,
            "duplicates": one("SELECT count(duplicate_of) FROM articles"),
            "undated": one("SELECT count(*) FROM articles WHERE published IS NULL"),
            "languages": languages,
            "sources": [
                {
                    "source": r[0],
                    "articles": r[1],
                    "duplicates": r[2],
                    "processed": r[3],
                    "first": r[4],
                    "last": r[5],
                }
                for r in by_source
            ],
            "runs": [
                {
                    "id": r[0],
                    "command": r[1],
                    "status": r[2],
                    "started": r[3],
                    "finished": r[4],
                    "counts": json.loads(r[5]) if r[5] else {},
                    "errors": r[6],
                }
                for r in runs
            ],
        }

    def find_article_id(self, prefix: str) -> list[str]:
        """Full ids of stored articles whose id starts with ``prefix`` (or whose source id is it)."""
        rows = self.query(
            "SELECT id FROM articles WHERE starts_with(id, ?) OR source_id = ? ORDER BY id LIMIT 5",
            [prefix, prefix],
        )
        return [r[0] for r in rows]

    def article(self, article_id: str) -> tuple[dict[str, Any], list[Sentence]] | None:
        """The stored article row (as a dict, paragraphs included) and its sentences."""
        cursor = self.con.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cursor.fetchone()
        if row is None:
            return None
        record = dict(zip([d[0] for d in cursor.description], row, strict=True))
        record["metadata"] = json.loads(record["metadata"]) if record["metadata"] else {}
        record["paragraphs"] = self.query(
            "SELECT start_char, end_char FROM paragraphs WHERE article_id = ? ORDER BY idx",
            [article_id],
        )
        sentences = [
            Sentence(article_id, *r)
            for r in self.query(
                "SELECT idx, paragraph, start_char, end_char FROM sentences WHERE article_id = ?"
                " ORDER BY idx",
                [article_id],
            )
        ]
        return record, sentences

    def article_quotes(self, article_id: str) -> tuple[list[Quote], list[Speaker]]:
        """The stored quotes (in order) and speakers (by index) of one article."""
        quotes = [
            _quote(r)
            for r in self.query(
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q WHERE q.article_id = ? ORDER BY q.idx", [article_id]
            )
        ]
        speakers = [
            Speaker(*r)
            for r in self.query(
                f"SELECT {_SPEAKER_COLUMNS} FROM speakers s WHERE s.article_id = ? ORDER BY s.idx",
                [article_id],
            )
        ]
        return quotes, speakers

    def quotes(
        self,
        *,
        speaker: str | None = None,
        article: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored quotes, newest articles first and in article order within one, as dicts.

        Each dict is :func:`quote_record` (the quote's fields with its speaker entity nested under
        ``speaker``) plus ``article``: the article's ``id``, ``title``, ``published``, ``source``
        and ``url``.

        Args:
            speaker: case-insensitive substring of the speaker's name, role or mention (the
                entity's fullest mention or the one at the quote).
            article: a full article id.
            search: case-insensitive substring of the quote's content.
            limit: at most this many quotes.
        """
        where: list[str] = []
        params: list[Any] = []
        if speaker:
            fields = ("s.name", "s.role", "s.mention", "q.speaker_mention")
            where.append("(" + " OR ".join(f"contains(lower({f}), ?)" for f in fields) + ")")
            params += [speaker.lower()] * len(fields)
        if article:
            where.append("q.article_id = ?")
            params.append(article)
        if search:
            where.append("contains(lower(q.content), ?)")
            params.append(search.lower())
        sql = (
            f"SELECT {_QUOTE_COLUMNS}, {_SPEAKER_COLUMNS}, a.title, a.published, a.source, a.url"
            " FROM quotes q JOIN articles a ON a.id = q.article_id"
            " LEFT JOIN speakers s ON s.article_id = q.article_id AND s.idx = q.speaker_idx"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published_date DESC NULLS LAST, a.published DESC NULLS LAST, q.article_id, q.idx"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        records = []
        quote_width, speaker_width = _QUOTE_COLUMNS.count(",") + 1, _SPEAKER_COLUMNS.count(",") + 1
        for row in self.query(sql, params):
            quote = _quote(row[:quote_width])
            found = row[quote_width : quote_width + speaker_width]
            speaker_entity = Speaker(*found) if found[0] is not None else None
            record = quote_record(quote, speaker_entity)
            record["article"] = _article_summary(quote.article_id, row[quote_width + speaker_width :])
            records.append(record)
        return records

    def article_mentions(self, article_id: str) -> list[Mention]:
        """The stored actor mentions of one article, in text order."""
        return [
            Mention(*r)
            for r in self.query(
                f"SELECT {_MENTION_COLUMNS} FROM mentions m WHERE m.article_id = ? ORDER BY m.idx",
                [article_id],
            )
        ]

    def article_places(self, article_id: str) -> list[Place]:
        """The stored places of one article, in text order."""
        return [
            Place(*r)
            for r in self.query(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.article_id = ? ORDER BY p.idx",
                [article_id],
            )
        ]

    def mentions(
        self,
        *,
        actor: str | None = None,
        article: str | None = None,
        kind: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored actor mentions, newest articles first and in text order within one, as dicts:
        :meth:`Mention.to_dict` plus ``article`` (``id``, ``title``, ``published``, ``source``,
        ``url``), as :meth:`quotes` gives them.

        Args:
            actor: an actor code or the start of one, any case: ``RUS`` matches ``RUS``,
                ``RUSGOV`` and ``RUSMIL``; a trailing ``*`` is allowed (``RUS*``).
            article: a full article id.
            kind: the mention's kind (``person``, ``agent``…), any case.
            search: case-insensitive substring of the mention as written or of its name.
            limit: at most this many mentions.
        """
        where: list[str] = []
        params: list[Any] = []
        if actor:
            where.append("starts_with(m.actor, ?)")
            params.append(actor.strip().rstrip("*").upper())
        if article:
            where.append("m.article_id = ?")
            params.append(article)
        if kind:
            where.append("m.kind = ?")
            params.append(kind.strip().lower())
        if search:
            where.append("(contains(lower(m.text), ?) OR contains(lower(coalesce(m.name, '')), ?))")
            params += [search.lower()] * 2
        rows = self._newest_first("mentions m", _MENTION_COLUMNS, "m", where, params, limit)
        width = _MENTION_COLUMNS.count(",") + 1
        return [
            Mention(*row[:width]).to_dict() | {"article": _article_summary(row[0], row[width:])}
            for row in rows
        ]

    def places(
        self,
        *,
        country: str | None = None,
        article: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored places, newest articles first and in text order within one, as dicts:
        :meth:`Place.to_dict` plus ``article``, as :meth:`mentions` gives them.

        Args:
            country: ISO 3166 alpha-3 code of the place's country, any case.
            article: a full article id.
            limit: at most this many places.
        """
        where: list[str] = []
        params: list[Any] = []
        if country:
            where.append("p.country = ?")
            params.append(country.strip().upper())
        if article:
            where.append("p.article_id = ?")
            params.append(article)
        rows = self._newest_first("places p", _PLACE_COLUMNS, "p", where, params, limit)
        width = _PLACE_COLUMNS.count(",") + 1
        return [
            Place(*row[:width]).to_dict() | {"article": _article_summary(row[0], row[width:])} for row in rows
        ]

    def article_events(self, article_id: str) -> list[Event]:
        """The stored events of one article, in order."""
        return [
            _event(r)
            for r in self.query(
                f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.article_id = ? ORDER BY e.idx", [article_id]
            )
        ]

    def _event_filters(
        self,
        *,
        source: str | None,
        target: str | None,
        root: str | None,
        date_from: str | dt.date | None,
        date_to: str | dt.date | None,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if source:
            where.append("starts_with(e.source, ?)")
            params.append(_code_prefix(source))
        if target:
            where.append("starts_with(e.target, ?)")
            params.append(_code_prefix(target))
        if root:
            roots = [_root(r) for r in root.split(",") if r.strip()]
            where.append("(" + " OR ".join("starts_with(e.cameo, ?)" for _ in roots) + ")")
            params += roots
        if date_from:
            where.append("e.date >= ?")
            params.append(_day(str(date_from)))
        if date_to:
            where.append("e.date <= ?")
            params.append(_day(str(date_to)))
        return where, params

    def events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        root: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        article: str | None = None,
        include_negated: bool = False,
        include_hypothetical: bool = False,
        include_duplicates: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events, latest day first (undated last), newest articles first within a day
        (a near-duplicate after its original) and in text order within an article, as dicts:
        :meth:`Event.to_dict` plus ``duplicate_of_article`` and ``duplicate_of_event`` (see the
        view ``event_rows``) and ``article`` (``id``, ``title``, ``published``, ``source``,
        ``url``), as :meth:`mentions` gives them.

        Args:
            source, target: an actor code or its start, any case (``RUS`` matches ``RUSGOV``,
                ``RUS*`` too), as :meth:`mentions` takes it.
            root: a CAMEO root ("19", "9" is "09"), or several separated by commas.
            date_from, date_to: first and last day (ISO ``YYYY-MM-DD``), inclusive; undated
                events are left out when either is given.
            article: a full article id.
            include_negated, include_hypothetical: also events flagged so ("did not attack",
                "would attack"); left out by default.
            include_duplicates: also events of articles stored as near-duplicates of another
                (processed with ``--include-duplicates``); left out by default, so that a story
                republished by several outlets counts once.
            limit: at most this many events.
        """
        where, params = self._event_filters(
            source=source, target=target, root=root, date_from=date_from, date_to=date_to
        )
        if article:
            where.append("e.article_id = ?")
            params.append(article)
        if not include_negated:
            where.append("NOT e.negated")
        if not include_hypothetical:
            where.append("NOT e.hypothetical")
        if not include_duplicates:
            where.append("e.duplicate_of_article IS NULL")
        sql = (
            f"SELECT {_EVENT_COLUMNS}, e.duplicate_of_article, e.duplicate_of_event,"
            " a.title, a.published, a.source, a.url"
            " FROM event_rows e JOIN articles a ON a.id = e.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY e.date DESC NULLS LAST, a.published DESC NULLS LAST,"
            " e.duplicate_of_article IS NOT NULL, e.article_id, e.idx"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        records = []
        for row in self.query(sql, params):
            event = _event(row[:_EVENT_WIDTH])
            duplicate_of_article, duplicate_of_event = row[_EVENT_WIDTH : _EVENT_WIDTH + 2]
            records.append(
                event.to_dict()
                | {"duplicate_of_article": duplicate_of_article, "duplicate_of_event": duplicate_of_event}
                | {"article": _article_summary(event.article_id, row[_EVENT_WIDTH + 2 :])}
            )
        return records

    def daily_events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        root: str | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of the view ``daily_events``, latest day first, then most events: ``date``,
        ``source``, ``target``, ``cameo``, ``events``, ``articles``, ``first_event``. Negated,
        hypothetical, undated and near-duplicate events are not counted. Filters as :meth:`events`."""
        where, params = self._event_filters(
            source=source, target=target, root=root, date_from=date_from, date_to=date_to
        )
        sql = (
            "SELECT e.date, e.source, e.target, e.cameo, e.events, e.articles, e.first_event"
            " FROM daily_events e"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY e.date DESC, e.events DESC, e.source NULLS LAST, e.cameo, e.target NULLS LAST"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        keys = ("date", "source", "target", "cameo", "events", "articles", "first_event")
        return [
            dict(zip(keys, (row[0].isoformat(), *row[1:]), strict=True)) for row in self.query(sql, params)
        ]

    def events_for_export(
        self,
        *,
        include_negated: bool = False,
        include_hypothetical: bool = False,
        include_duplicates: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Every stored event (those :meth:`events` lists by default, unless the flags say
        otherwise) in date and article order, for the GDELT and PLOVER exports: the event's
        fields, ``article`` (``id``, ``title``, ``published``, ``source``, ``url``,
        ``processed_at``) and ``place`` (``kind``, ``admin1``, ``geonames_id`` of the article's
        place of that name, or ``None``)."""
        where: list[str] = []
        if not include_negated:
            where.append("NOT e.negated")
        if not include_hypothetical:
            where.append("NOT e.hypothetical")
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        cursor = self.con.execute(
            f"SELECT {_EVENT_COLUMNS}, a.title, a.published, a.source, a.url, a.processed_at,"
            " (SELECT {'kind': p.kind, 'admin1': p.admin1, 'geonames_id': p.geonames_id}"
            "   FROM places p WHERE p.article_id = e.article_id AND p.name = e.place_name"
            "   ORDER BY p.sentence = e.sentence DESC, p.idx LIMIT 1)"
            " FROM events e JOIN articles a ON a.id = e.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY e.date NULLS LAST, a.published NULLS LAST, e.article_id, e.idx"
        )
        while rows := cursor.fetchmany(1000):
            for row in rows:
                event = _event(row[:_EVENT_WIDTH])
                title, published, outlet, url, processed_at, place = row[_EVENT_WIDTH:]
                yield event.to_dict() | {
                    "article": {
                        "id": event.article_id,
                        "title": title,
                        "published": published,
                        "source": outlet,
                        "url": url,
                        "processed_at": processed_at,
                    },
                    "place": place,
                }

    def _newest_first(
        self,
        table: str,
        columns: str,
        alias: str,
        where: list[str],
        params: list[Any],
        limit: int | None,
    ) -> list[tuple[Any, ...]]:
        """Rows of an article's derived table with the article's title, date, source and URL,
        newest articles first, in ``idx`` order within one."""
        sql = (
            f"SELECT {columns}, a.title, a.published, a.source, a.url"
            f" FROM {table} JOIN articles a ON a.id = {alias}.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published_date DESC NULLS LAST, a.published DESC NULLS LAST,"
            f" {alias}.article_id, {alias}.idx"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        return self.query(sql, params)

    def export(self, table: str, fmt: str, out: str, *, order_by: str | None = None) -> int:
        """Write a table as ``jsonl``, ``csv`` or ``parquet`` with DuckDB's COPY, in the order of
        the columns ``order_by`` names if given; return rows."""
        if table not in EXPORTABLE:
            raise StoreError(f"cannot export {table!r}; choose one of {', '.join(EXPORTABLE)}")
        options = {"jsonl": "FORMAT json", "csv": "FORMAT csv, HEADER", "parquet": "FORMAT parquet"}
        if fmt not in options:
            raise StoreError(f"unknown export format {fmt!r}")
        count = self.query(f"SELECT count(*) FROM {table}")[0][0]
        quoted = out.replace("'", "''")
        order = f" ORDER BY {order_by}" if order_by else ""
        self.con.execute(f"COPY (SELECT * FROM {table}{order}) TO '{quoted}' ({options[fmt]})")
        return int(count)
