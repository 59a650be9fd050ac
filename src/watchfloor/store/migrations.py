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


#: The rows the watch (dyad series, alerts, reports) reads: events and quotes with what it needs
#: of their article. A Parquet export of these two views (``watchfloor export watch``) is all
#: ``--from-parquet`` needs, so their columns are the watch's interface; add, never rename.
WATCH_VIEWS = """
    CREATE VIEW watch_events AS
        SELECT e.id, e.article_id, e.sentence, e.date, e.source, e.source_name, e.target, e.target_name,
            e.cameo, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
            e.negated, e.hypothetical, a.duplicate_of IS NOT NULL AS duplicate, e.reported, e.quote_id,
            e.evidence, e.place_name, e.place_country,
            a.title AS article_title, a.url AS article_url, a.source AS article_source,
            a.published AS article_published
        FROM events e JOIN articles a ON a.id = e.article_id;
    -- A quote's day is its article's.
    CREATE VIEW watch_quotes AS
        SELECT q.id, q.article_id, q.sentence, a.published_date AS date, q.kind, q.content,
            s.actor AS speaker_actor, coalesce(s.name, q.speaker_name) AS speaker_name,
            s.role AS speaker_role, q.speaker_mention, a.duplicate_of IS NOT NULL AS duplicate,
            a.title AS article_title, a.url AS article_url, a.source AS article_source,
            a.published AS article_published
        FROM quotes q JOIN articles a ON a.id = q.article_id
        LEFT JOIN speakers s ON s.article_id = q.article_id AND s.idx = q.speaker_idx;
"""

#: Alerts and the events or quotes behind each. The id is a hash of what triggered the alert
#: (rule, dyad or actor, day), so a re-run finds it already there and raises nothing twice.
ALERT_TABLES = """
    CREATE TABLE alerts (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,            -- escalation | new_kind | quote
        rule VARCHAR NOT NULL,            -- watchlist entry: dyad name, new kind or topic
        subject VARCHAR NOT NULL,         -- the dyad ("RUS → UKR") or the quoted actor code
        day DATE NOT NULL,                -- first day of the period that triggered it
        period VARCHAR NOT NULL,          -- day | week | month
        score DOUBLE,                     -- escalation: the index; otherwise NULL
        threshold DOUBLE,
        summary VARCHAR NOT NULL,         -- one line, in words
        detail JSON,                      -- the figures behind it
        raised_at TIMESTAMPTZ NOT NULL
    );
    CREATE TABLE alert_evidence (
        alert_id VARCHAR NOT NULL,
        event_id VARCHAR,                 -- events.id, or
        quote_id VARCHAR,                 -- quotes.id
        article_id VARCHAR NOT NULL,
        date DATE,
        evidence VARCHAR NOT NULL,        -- the sentence or quote, as it was when the alert was raised
        article_title VARCHAR,
        article_url VARCHAR
    );
"""

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
    Migration(
        4,
        "events",
        """
        -- Who did what to whom: one row per coded event, tied to the sentence it came from.
        CREATE TABLE events (
            id VARCHAR NOT NULL,              -- <article_id>:e<idx>
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,             -- order in the article, from 0
            sentence INTEGER NOT NULL,
            start_char INTEGER NOT NULL,      -- span of the evidence in the article text
            end_char INTEGER NOT NULL,
            evidence VARCHAR NOT NULL,
            date DATE,                        -- the day of the event; NULL if undated
            date_source VARCHAR NOT NULL,     -- article | relative | none
            source VARCHAR,                   -- actor codes: RUSGOV, IGOWSTNAT
            source_name VARCHAR,
            source_mention VARCHAR,
            source_entity INTEGER,            -- mentions.entity of the same article
            target VARCHAR,
            target_name VARCHAR,
            target_mention VARCHAR,
            target_entity INTEGER,
            cameo VARCHAR NOT NULL,           -- CAMEO event code ("112")
            root VARCHAR NOT NULL,            -- its first two digits ("11")
            quad_class INTEGER NOT NULL,      -- 1 verbal coop., 2 material coop., 3 verbal confl., 4 material
            goldstein DOUBLE NOT NULL,
            plover_type VARCHAR,
            plover_mode VARCHAR,
            trigger VARCHAR NOT NULL,
            trigger_lemma VARCHAR NOT NULL,
            pattern VARCHAR NOT NULL,
            negated BOOLEAN NOT NULL,
            hypothetical BOOLEAN NOT NULL,
            future BOOLEAN NOT NULL,
            reported BOOLEAN NOT NULL,
            quote_id VARCHAR,                 -- quotes.id when the event is reported inside a quote
            place_name VARCHAR,
            place_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            confidence DOUBLE NOT NULL
        );
        -- Events with their article, and the link from an event of a near-duplicate article to
        -- the original article (and to its event of the same source, code and target, if any).
        CREATE VIEW event_rows AS
            SELECT e.*,
                a.duplicate_of AS duplicate_of_article,
                (SELECT o.id FROM events o
                  WHERE o.article_id = a.duplicate_of AND o.cameo = e.cameo
                    AND o.source IS NOT DISTINCT FROM e.source
                    AND o.target IS NOT DISTINCT FROM e.target
                  ORDER BY o.idx LIMIT 1) AS duplicate_of_event,
                a.title AS article_title,
                a.published AS article_published,
                a.url AS article_url
            FROM events e JOIN articles a ON a.id = e.article_id;
        -- One row per day, source, target and code, counting plain events only: not negated,
        -- not hypothetical, not from a near-duplicate article, and dated.
        CREATE VIEW daily_events AS
            SELECT e.date, e.source, e.target, e.cameo,
                count(*) AS events,
                count(DISTINCT e.article_id) AS articles,
                first(e.id ORDER BY a.published_date NULLS LAST, a.published NULLS LAST, e.article_id, e.idx)
                    AS first_event
            FROM events e JOIN articles a ON a.id = e.article_id
            WHERE NOT e.negated AND NOT e.hypothetical AND a.duplicate_of IS NULL AND e.date IS NOT NULL
            GROUP BY ALL;
        """,
    ),
    Migration(
        5,
        "watch",
        WATCH_VIEWS + ALERT_TABLES,
    ),
)
