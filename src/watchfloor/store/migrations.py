"""Named, ordered, forward-only schema migrations for the DuckDB store.

Each migration runs once, inside a transaction, and is recorded in ``schema_version``. Never edit
a migration that has shipped: add the next one. Later capabilities (quotes, mentions, events)
arrive as further migrations on the same file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles_runs_sentences",
        """
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY,
            command VARCHAR NOT NULL,
            version VARCHAR NOT NULL,
            options JSON,
            settings JSON,
            started_at TIMESTAMPTZ NOT NULL,
            finished_at TIMESTAMPTZ,
            status VARCHAR NOT NULL,          -- running | ok | partial | interrupted | failed
            counts JSON,
            errors INTEGER DEFAULT 0
        );
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,           -- content hash of text
            source_id VARCHAR,                -- the id the input gave it, if any
            url VARCHAR,
            source VARCHAR,                   -- outlet / site name
            title VARCHAR,
            published VARCHAR,                -- ISO 8601 as known: date, or date-time with offset
            published_date DATE,
            date_source VARCHAR,              -- NULL when the date is unknown
            language VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            paragraph_count INTEGER NOT NULL,
            word_count INTEGER NOT NULL,
            duplicate_of VARCHAR,             -- first stored copy of a near-duplicate story
            origin VARCHAR,                   -- file[:line] or URL it was read from
            metadata JSON,
            status VARCHAR NOT NULL,          -- pending | processed | failed | skipped
            status_detail VARCHAR,
            ingest_run VARCHAR NOT NULL,
            ingested_at TIMESTAMPTZ NOT NULL,
            process_run VARCHAR,
            processed_at TIMESTAMPTZ
        );
        CREATE TABLE paragraphs (
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL
        );
        CREATE TABLE article_signatures (
            article_id VARCHAR NOT NULL,
            minhash UBIGINT[] NOT NULL
        );
        CREATE TABLE sentences (
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL
        );
        CREATE TABLE problems (
            run_id VARCHAR NOT NULL,
            origin VARCHAR NOT NULL,
            line INTEGER,
            code VARCHAR NOT NULL,
            message VARCHAR NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        -- Offsets are Python str (code point) offsets, as are DuckDB's substring positions.
        CREATE VIEW sentence_texts AS
            SELECT s.*, substring(a.text, s.start_char + 1, s.end_char - s.start_char) AS text
            FROM sentences s JOIN articles a ON a.id = s.article_id;
        """,
    ),
    Migration(
        2,
        "quotes_speakers",
        """
        -- Everyone an article quotes, once per article however often they are named.
        CREATE TABLE speakers (
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,             -- order of first mention in the article, from 0
            name VARCHAR,                     -- NULL for unnamed speakers ("a senior official")
            role VARCHAR,
            organization VARCHAR,
            kind VARCHAR NOT NULL,            -- person | organization | group | unknown
            mention VARCHAR NOT NULL,         -- the fullest mention as written
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL
        );
        -- One row per attribution: who said what, with offsets into the article text.
        CREATE TABLE quotes (
            id VARCHAR NOT NULL,              -- <article_id>:q<idx>
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            sentence INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            parts INTEGER[][] NOT NULL,       -- [[start, end], ...] pieces of an interrupted quote
            content VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,            -- direct | indirect | mixed
            cue VARCHAR,
            cue_lemma VARCHAR,
            cue_start INTEGER,
            cue_end INTEGER,
            speaker_mention VARCHAR,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_idx INTEGER,              -- speakers.idx of the same article; NULL if unresolved
            speaker_name VARCHAR,             -- copied from speakers.name for easy querying
            attribution VARCHAR NOT NULL,     -- explicit | pronoun | continuation | according_to
            confidence DOUBLE NOT NULL
        );
        """,
    ),
    Migration(
        3,
        "actors_places",
        """
        -- The actor code of each quoted speaker on the article's date (NULL: not resolved).
        ALTER TABLE speakers ADD COLUMN actor VARCHAR;
        -- Every mention of an actor, coded on the article's date.
        CREATE TABLE mentions (
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,             -- order in the article, from 0
            sentence INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,            -- the mention as written
            kind VARCHAR NOT NULL,            -- country | government | igo | organization | person | agent
            actor VARCHAR,                    -- RUS, RUSGOV, IGOWSTNAT, MIL; NULL when unknown
            country VARCHAR,                  -- ISO 3166 alpha-3 or the IGO's code
            sector VARCHAR,                   -- GOV, MIL, REB, …
            name VARCHAR,
            role VARCHAR,                     -- a person's office on the article's date
            entity INTEGER NOT NULL,          -- mentions of one actor in the article share it
            resolved_by VARCHAR NOT NULL      -- dictionary | office | title | anaphor | entity | unresolved
        );
        -- Every place an article names, resolved to a GeoNames city, a country or a region.
        CREATE TABLE places (
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            sentence INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,            -- city | country | admin1 | region
            name VARCHAR NOT NULL,
            country VARCHAR,
            admin1 VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            geonames_id BIGINT
        );
        """,
    ),
)
