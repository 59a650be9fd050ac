"""Hand-built event histories for the watch tests: rows go straight into the store's ``articles``,
``events``, ``quotes`` and ``speakers`` tables, so no model runs. Codes take their Goldstein
value and quad class from our CAMEO table, as the event stage would."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from watchfloor.stages.event_codes import load_cameo
from watchfloor.store import Store

_serial = itertools.count()


def add_article(store: Store, day: str | None, *, duplicate_of: str | None = None, title: str = "") -> str:
    number = next(_serial)
    article_id = f"a{number:06d}"
    store.con.execute(
        "INSERT INTO articles (id, url, source, title, published, published_date, language, text,"
        " paragraph_count, word_count, duplicate_of, status, ingest_run, ingested_at)"
        " VALUES (?, ?, 'Test Wire', ?, ?, ?, 'en', 'text', 1, 1, ?, 'processed', 'r', now())",
        [article_id, f"https://example.org/{article_id}", title or f"story {number}", day, day, duplicate_of],
    )
    return article_id


def add_event(
    store: Store,
    day: str | None,
    source: str | None,
    target: str | None,
    cameo: str,
    *,
    article_id: str | None = None,
    evidence: str | None = None,
    negated: bool = False,
    hypothetical: bool = False,
    duplicate_of: str | None = None,
) -> str:
    """One event in its own article (or in ``article_id``); returns the event id."""
    code = load_cameo()[cameo]
    article_id = article_id or add_article(store, day, duplicate_of=duplicate_of)
    row = store.con.execute("SELECT count(*) FROM events WHERE article_id = ?", [article_id]).fetchone()
    idx = int(row[0]) if row else 0
    event_id = f"{article_id}:e{idx}"
    text = evidence or f"{source} did {cameo} to {target} on {day}."
    values: dict[str, Any] = {
        "id": event_id,
        "article_id": article_id,
        "idx": idx,
        "sentence": idx,
        "start_char": 0,
        "end_char": len(text),
        "evidence": text,
        "date": dt.date.fromisoformat(day) if day else None,
        "date_source": "article" if day else "none",
        "source": source,
        "target": target,
        "cameo": cameo,
        "root": cameo[:2],
        "quad_class": code.quad_class,
        "goldstein": code.goldstein,
        "trigger": "did",
        "trigger_lemma": "do",
        "pattern": "test",
        "negated": negated,
        "hypothetical": hypothetical,
        "future": False,
        "reported": False,
        "confidence": 1.0,
    }
    columns = ", ".join(values)
    store.con.execute(
        f"INSERT INTO events ({columns}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
    )
    return event_id


def add_quote(store: Store, day: str, actor: str | None, name: str, content: str) -> str:
    article_id = add_article(store, day)
    store.con.execute(
        "INSERT INTO speakers (article_id, idx, name, kind, mention, start_char, end_char, actor)"
        " VALUES (?, 0, ?, 'person', ?, 0, 1, ?)",
        [article_id, name, name, actor],
    )
    quote_id = f"{article_id}:q0"
    store.con.execute(
        "INSERT INTO quotes (id, article_id, idx, paragraph, sentence, start_char, end_char, parts, content,"
        " kind, speaker_idx, speaker_name, attribution, confidence)"
        " VALUES (?, ?, 0, 0, 0, 0, ?, [[0, 1]], ?, 'direct', 0, ?, 'explicit', 1.0)",
        [quote_id, article_id, len(content), content, name],
    )
    return quote_id


def days(first: str, count: int, step: int = 1) -> list[str]:
    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(days=i * step)).isoformat() for i in range(count)]
