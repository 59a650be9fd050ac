"""Records that pass between pipeline stages.

Every record is a frozen, slotted dataclass with a symmetric ``to_dict``/``from_dict``. The
:class:`Article` owns the text; everything derived from it (paragraphs, sentences, and later
quotes, mentions and events) points into that text with character offsets instead of copying it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self


def _to_dict(record: Any) -> dict[str, Any]:
    """Shallow dict of a record; tuples of spans become lists of lists (JSON-friendly)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        elif isinstance(value, dict):
            value = dict(value)
        out[f.name] = value
    return out


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a source reader found, before cleaning: the edge between input files and the pipeline.

    ``origin`` says where it came from (``path`` or ``path:line`` or a URL) so that every problem
    can be reported against the input that caused it.
    """

    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None
    published: str | None = None
    date_source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)
    # Set when the text was already split into paragraphs by the reader (HTML, feeds).
    paragraphs: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned, dated, identified news article.

    Attributes:
        id: content hash of ``text`` (16 hex chars of SHA-256), so re-ingesting is a no-op.
        text: the cleaned text; paragraphs joined by a blank line (``"\\n\\n"``).
        paragraphs: ``(start, end)`` character offsets of each paragraph in ``text``.
        published: ISO 8601 date or date-time (with offset where known); ``None`` if unknown.
        date_source: where ``published`` came from (``"jsonl:date"``, ``"html:meta"``,
            ``"feed:published"``…); ``None`` when the date is unknown. Dates are never invented.
        language: ISO 639-1 code from language detection, ``"und"`` when undetermined.
        duplicate_of: id of the first stored copy when this is a near-duplicate.
    """

    id: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None
    published: str | None = None
    date_source: str | None = None
    language: str = "und"
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)

    def paragraph_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        values = dict(data)
        values["paragraphs"] = tuple(tuple(p) for p in values.get("paragraphs") or ())
        values["metadata"] = dict(values.get("metadata") or {})
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: ``index`` in article order, inside paragraph ``paragraph``."""

    article_id: str
    index: int
    paragraph: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker entity of one article: everyone the article quotes, once, however it names them.

    "NATO Secretary General Jens Stoltenberg", "Stoltenberg", "he" and "the secretary general"
    are four mentions of one Speaker. The fields hold what the text says (the actor stage later
    turns them into codes).

    Attributes:
        index: number of the entity within the article, from 0, in order of first mention.
        name: the person's or body's name as written in its fullest mention ("Jens Stoltenberg");
            ``None`` for unnamed speakers ("a senior official").
        role: title or function ("Secretary General", "spokesperson"), if the text gives one.
        organization: the organisation or country the role belongs to as written ("NATO",
            "Russia's", "the State Department"), if the text gives one.
        kind: ``person`` | ``organization`` | ``group`` (plural: "officials", "Republicans")
            | ``unknown``.
        mention: the fullest mention, e.g. "NATO Secretary General Jens Stoltenberg".
        start, end: character span of ``mention`` in the article text.
        actor: the actor code the actor stage gave this entity on the article's date
            ("IGOWSTNAT"), or ``None`` (not resolved, or the actor stage did not run).
    """

    article_id: str
    index: int
    name: str | None
    role: str | None
    organization: str | None
    kind: str
    mention: str
    start: int
    end: int
    actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: who said (or wrote, or claimed) what, tied to the article text.

    Attributes:
        index: order of the quote in the article (by content start), from 0.
        paragraph, sentence: where the content starts.
        start, end: character span of the content in the article text; a quote interrupted by
            its frame ("“A,” he said, “B.”") spans both parts, which ``parts`` lists.
        parts: the content's pieces as ``(start, end)`` spans; one piece for most quotes.
        text: the content (the parts joined by a space), without the enclosing quotation marks.
        kind: ``direct`` (in quotation marks), ``indirect`` (reported: "X said that …") or
            ``mixed`` (reported, with quoted words inside).
        cue: the speech verb or phrase as written ("said", "according to"); ``None`` for a
            quote paragraph that continues the previous speaker's words without one.
        cue_lemma: its base form ("say", "according to").
        cue_start, cue_end: character span of the cue.
        speaker_mention: the mention as written where the quote is attributed ("he",
            "NATO Secretary General Jens Stoltenberg"); ``None`` for continuations.
        speaker_start, speaker_end: its span.
        speaker: index of the :class:`Speaker` it refers to, ``None`` if unresolved.
        attribution: how the speaker was found: ``explicit`` (named at the cue), ``pronoun``
            (resolved from he/she/they or a title), ``continuation`` (an uncued quote paragraph
            after the same speaker's quote), ``according_to``.
        confidence: 0–1, from the attribution route and the cue.
    """

    article_id: str
    index: int
    paragraph: int
    sentence: int
    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    text: str
    kind: str
    cue: str | None
    cue_lemma: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker: int | None
    attribution: str
    confidence: float

    @property
    def id(self) -> str:
        """Stable within a processing of the article: ``<article id>:q<index>``."""
        return f"{self.article_id}:q{self.index}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **_to_dict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        values = {k: v for k, v in data.items() if k != "id"}
        values["parts"] = tuple(tuple(p) for p in values.get("parts") or ())
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an actor in an article, resolved to a code on the article's date.

    Attributes:
        index: number of the mention within the article, from 0, in text order.
        sentence: index of the sentence it is in.
        start, end, text: the whole mention as written ("Russia's President Vladimir Putin").
        kind: ``country`` | ``government`` (a capital or seat standing for one: "the Kremlin")
            | ``igo`` | ``organization`` | ``person`` | ``agent`` (a generic one: "troops").
        actor: CAMEO-style actor code: ``RUS``, ``RUSGOV``, ``IGOWSTNAT``; ``None`` when the
            text does not say enough (an unknown person with no title or country).
        country: ISO 3166 alpha-3 code or IGO code of the country part (PLOVER's ``country``).
        sector: agent type, PLOVER/POLECAT style (``GOV``, ``MIL``, ``REB``…), or ``None``.
        name: the actor's dictionary name ("Vladimir Putin", "NATO") or, for people not in
            the dictionary, the name as written.
        role: for people, the office held on the article's date ("President").
        entity: mentions with the same number refer to the same actor within the article
            ("Vladimir Putin", "Putin", "the Russian president").
        resolved_by: how the code was found: ``dictionary`` (a name in our dictionaries),
            ``office`` (a person's dated office), ``title`` (a title or generic agent with a
            country: "French President", "Chinese warplanes"), ``anaphor`` ("the alliance",
            "the president" after a named one), ``entity`` (a later mention of an entity),
            ``pronoun`` ("he", "she"), or ``unresolved``.
    """

    article_id: str
    index: int
    sentence: int
    start: int
    end: int
    text: str
    kind: str
    actor: str | None
    country: str | None
    sector: str | None
    name: str | None
    role: str | None
    entity: int
    resolved_by: str

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in an article, resolved to a GeoNames place, a country or a region.

    Attributes:
        index: number of the place within the article, from 0, in text order.
        kind: ``city`` (a GeoNames populated place) | ``country`` | ``admin1`` (a US state) |
            ``region`` ("eastern Ukraine", "the Middle East": kept as written, with its country
            when it has one).
        name: the resolved place's name ("Kyiv" for "Kiev").
        country: ISO 3166 alpha-3 code, if the place is in (or is) one country.
        admin1: GeoNames first-level division code within the country ("12"), for cities.
        lat, lon: WGS84 coordinates (a city's point, a country's centre), if known.
        geonames_id: GeoNames id for cities and countries.
    """

    article_id: str
    index: int
    sentence: int
    start: int
    end: int
    text: str
    kind: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded from one sentence (or one quote) of an article.

    Attributes:
        index: number of the event within the article, from 0, in text order.
        sentence, start, end: the sentence it was coded from and the character span of its
            evidence (the clause or noun phrase that carries it) in the article text.
        evidence: the text of that span.
        date: ISO day of the event: the article's day, moved by a relative expression that
            governs the event ("on Sunday", "yesterday", "last week"); ``None`` if undated.
        date_source: ``article`` | ``relative`` (moved by such an expression) | ``past`` (the
            text puts it in an earlier month or year without a day, "in 2014", "last year": no
            date) | ``reference`` (a noun phrase that names an event as already known, by its
            possessor or "the": "Russia's invasion of Ukraine", "the war"; no date) | ``none``
            (an undated article).
        source, target: actor codes ("IGOWSTNAT", "RUS"); the target may be ``None``.
        source_name, target_name: the actors' names ("Jens Stoltenberg", "Russia").
        source_mention, target_mention: the mentions as written; ``source_entity`` and
            ``target_entity`` are their ``Mention.entity`` numbers (``None`` when a quote's
            speaker is the source and has no mention there).
        cameo: CAMEO event code ("112"); root: its first two digits ("11").
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4
            material conflict. goldstein: the Goldstein value of the code.
        plover_type, plover_mode: the PLOVER event and mode from the CAMEO→PLOVER crosswalk.
        trigger, trigger_lemma: the verb or noun that carries the event ("accused").
        pattern: the id of the pattern that coded it, for audits.
        negated: "did not attack". hypothetical: "would be a violation", "if Russia uses…".
        future: "will impose". reported: said by someone: the event sits inside a quote, whose
            id is ``quote_id``.
        place_name, place_country, lat, lon: where it happened, when the sentence (or its
            context) says.
        confidence: 0-1, how sure the coder is of the whole record.
    """

    article_id: str
    index: int
    sentence: int
    start: int
    end: int
    evidence: str
    date: str | None
    date_source: str
    source: str | None
    source_name: str | None
    source_mention: str | None
    source_entity: int | None
    target: str | None
    target_name: str | None
    target_mention: str | None
    target_entity: int | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    trigger: str
    trigger_lemma: str
    pattern: str
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    quote_id: str | None = None
    place_name: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    confidence: float = 0.5

    @property
    def id(self) -> str:
        """Stable within a processing of the article: ``<article id>:e<index>``."""
        return f"{self.article_id}:e{self.index}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **_to_dict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**{k: v for k, v in data.items() if k != "id"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the processing stages derived from one article (grows with later stages)."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    tokens: int = 0
    error: str | None = None


def quote_record(quote: Quote, speaker: Speaker | None) -> dict[str, Any]:
    """A quote as a JSON-ready dict with its speaker entity nested: :meth:`Quote.to_dict` with
    ``speaker`` (an index there) replaced by the :class:`Speaker`'s dict, or ``None`` when the
    quote has no resolved speaker (the index stays available as ``speaker["index"]``)."""
    return {**quote.to_dict(), "speaker": speaker.to_dict() if speaker is not None else None}
