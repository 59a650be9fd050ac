"""Scoring coded events against gold: the seed's expectations, PLOVER gold sentences, five classes.

Three gold formats, told apart by the file:

* **the seed's expected output** (``.json`` object with ``events``): the seed article is built
  as ingestion builds a ``.txt`` file and dated from ``publication_date_hint``; its events are
  checked against the ``must``, ``should`` and ``must_not`` items (see :func:`item_matches`).
* **PLOVER gold sentences** (``.json`` list of records with ``event``, as in
  ``plover-gsr-dev.json``): each sentence is a one-sentence article dated with its ``date``; the
  gold event type (older PLOVER names, mapped to PLOVER 0.8 by :data:`PLOVER_RENAMES`) is
  compared with the ``plover_type`` of the sentence's non-negated events.
* **five-way classes** (``.tsv`` rows ``sentence<TAB>label``, ConfliBERT's CAMEO classes 0–4):
  each sentence is a one-sentence article; its first non-negated event's CAMEO root gives the
  predicted class (:func:`five_way_class`).

The scoring functions take the events as given, so they are tested with hand-made records; the
pipeline (with the event stage) runs only in :func:`evaluate_events`, through an ``analyze``
callable a test may replace.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..settings import Settings
from ..types import Analysis, Article, Event

#: Runs the pipeline over articles and yields one Analysis per article, in order.
Analyzer = Callable[[list[Article]], Iterable[Analysis]]

#: Older PLOVER event names (v0.5b1, used by the PLOVER gold sentences) → PLOVER 0.8 names, as
#: the 2021 CAMEO→PLOVER table has them: DEMAND became REQUEST, DISAPPROVE and INVESTIGATE
#: became ACCUSE (with modes disapprove / investigate), FIGHT was folded into ASSAULT. Every
#: other name is unchanged.
PLOVER_RENAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "ACCUSE",
    "REQUEST",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)

#: ConfliBERT's five classes by CAMEO root.
FIVE_WAY_LABELS = (
    "0 statement/appeal (01-02)",
    "1 verbal coop (03-05)",
    "2 material coop (06-08)",
    "3 verbal conflict (09-13, 16)",
    "4 material conflict (14-15, 17-20)",
)
_FIVE_WAY = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 14: 4, 15: 4, 16: 3}
_FIVE_WAY.update({root: 3 for root in range(9, 14)})
_FIVE_WAY.update({root: 4 for root in range(17, 21)})

#: Three-letter prefixes of actor codes that are not countries: compared on the whole code.
NON_STATE_PREFIXES = ("IGO", "NGO", "MNC")
#: Shown for "no prediction" in confusion tables.
NONE = "–"


# -- results ----------------------------------------------------------------------------------
@dataclass
class EventScores:
    """What one gold file scored. ``metrics`` holds the figures by name, ``checks`` the seed's
    items, ``events`` the seed's coded events, ``confusion`` gold label → predicted label →
    count, ``misses`` the gold the coder got wrong (first ``show`` in :meth:`to_dict`)."""

    format: str
    path: str
    units: int = 0
    metrics: dict[str, Any] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self, show: int | None = None) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "units": self.units,
            "metrics": self.metrics,
            "checks": self.checks,
            "events": self.events,
            "confusion": self.confusion,
            "misses": self.misses if show is None else self.misses[:show],
            "misses_total": len(self.misses),
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
        }


def _ratio(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def _prf(correct_predicted: int, predicted: int, correct_gold: int, gold: int) -> dict[str, Any]:
    precision = correct_predicted / predicted if predicted else None
    recall = correct_gold / gold if gold else None
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": None if precision is None else round(precision, 4),
        "recall": None if recall is None else round(recall, 4),
        "f1": None if f1 is None else round(f1, 4),
        "predicted": predicted,
        "gold": gold,
        "correct": correct_gold,
    }


def event_row(event: Event, paragraphs: Iterable[int] = ()) -> dict[str, Any]:
    """The fields of an event a report lists (``paragraph``: the gold paragraph numbers)."""
    flags = [name for name in ("negated", "hypothetical", "future", "reported") if getattr(event, name)]
    return {
        "index": event.index,
        "paragraph": sorted(paragraphs),
        "sentence": event.sentence,
        "source": event.source,
        "source_mention": event.source_mention,
        "cameo": event.cameo,
        "root": event.root,
        "target": event.target,
        "target_mention": event.target_mention,
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "date": event.date,
        "flags": flags,
        "trigger": event.trigger,
        "pattern": event.pattern,
        "evidence": event.evidence,
    }


# -- matching rules ---------------------------------------------------------------------------
def same_actor(predicted: str | None, wanted: str | None, *, whole_sector: bool = False) -> bool:
    """Whether a predicted actor code matches a gold one, as the seed gold says: countries on
    their first three letters (``RUSGOV`` matches ``RUS``), IGOs and other non-state actors on
    the whole code (``IGOWSTNAT``). ``None`` (no actor) matches only ``None``.

    With ``whole_sector``, a gold country code with a sector (``USAMED``) must match whole: a
    must-not about one sector of a country must not forbid the whole country."""
    if wanted is None or predicted is None:
        return wanted is None and predicted is None
    p, w = predicted.strip().upper(), wanted.strip().upper()
    if p[:3] in NON_STATE_PREFIXES or w[:3] in NON_STATE_PREFIXES:
        return p == w
    if whole_sector and len(w) > 3:
        return p == w
    return p[:3] == w[:3]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _root(code: Any) -> str:
    return str(code).strip().zfill(2)[:2]


def item_matches(
    event: Event, paragraphs: Iterable[int], item: dict[str, Any], *, whole_sector: bool = False
) -> bool:
    """Whether an event fits every field a seed item gives.

    Args:
        paragraphs: the gold paragraph numbers (the file's lines) of the event's paragraph.
        item: ``paragraph`` (a number or a list), ``root`` (two-digit CAMEO roots; any sub-code
            matches), ``source`` and ``target`` (lists of actor codes, see :func:`same_actor`;
            ``null`` in a target list allows an event without a target). A field that is absent
            or ``null`` allows anything.
    """
    wanted_paragraphs = item.get("paragraph")
    if wanted_paragraphs is not None:
        if not {int(p) for p in _as_list(wanted_paragraphs)} & set(paragraphs):
            return False
    roots = item.get("root")
    if roots is not None and _root(event.root) not in {_root(r) for r in _as_list(roots)}:
        return False
    for role in ("source", "target"):
        wanted = item.get(role)
        if wanted is None:
            continue
        got = getattr(event, role)
        if not any(same_actor(got, code, whole_sector=whole_sector) for code in _as_list(wanted)):
            return False
    return True


def allows_hypothetical(item: dict[str, Any]) -> bool:
    """Whether a must-not item accepts the event when it is flagged hypothetical: said with
    ``"hypothetical_ok": true`` or in its ``why`` ("coded at all it must be flagged
    hypothetical")."""
    if item.get("hypothetical_ok") is True:
        return True
    return re.search(r"\bhypothetical\b", str(item.get("why") or ""), re.I) is not None


def violates(event: Event, paragraphs: Iterable[int], item: dict[str, Any]) -> bool:
    """Whether an event breaks a must-not item: it fits every field the item gives (sector
    codes whole), and is not a hypothetical event the item allows. Flags other than
    hypothetical do not excuse an event: a must-not is about what is coded at all."""
    if not item_matches(event, paragraphs, item, whole_sector=True):
        return False
    return not (event.hypothetical and allows_hypothetical(item))


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    """An event with the gold paragraph numbers (lines of the seed file) of its paragraph."""

    event: Event
    paragraphs: frozenset[int]


def _describe(item: dict[str, Any]) -> str:
    parts = []
    if item.get("paragraph") is not None:
        parts.append("¶" + ",".join(str(p) for p in _as_list(item["paragraph"])))
    parts.append("|".join(str(c) for c in _as_list(item["source"])) if item.get("source") else "*")
    parts.append("→ " + ("|".join(str(r) for r in _as_list(item["root"])) if item.get("root") else "*"))
    target = item.get("target")
    parts.append(
        "→ " + ("|".join("none" if c is None else str(c) for c in _as_list(target)) if target else "*")
    )
    return " ".join(parts)


def score_seed_events(gold: dict[str, Any], placed: Sequence[PlacedEvent], scores: EventScores) -> None:
    """Check the coded events against the seed's ``events`` (must / should / must_not) and fill
    ``scores``: musts and shoulds are met by a non-negated event that fits the item; a must-not
    is violated by any event that fits it (see :func:`violates`)."""
    positive = [p for p in placed if not p.event.negated]
    for kind in ("must", "should", "must_not"):
        items = gold.get(kind) or []
        hits = 0
        for number, item in enumerate(items, 1):
            if kind == "must_not":
                found = [p.event.index for p in placed if violates(p.event, p.paragraphs, item)]
            else:
                found = [p.event.index for p in positive if item_matches(p.event, p.paragraphs, item)]
            hits += bool(found)
            scores.checks.append(
                {
                    "kind": kind,
                    "number": number,
                    "wanted": _describe(item),
                    "ok": not found if kind == "must_not" else bool(found),
                    "events": found,
                    "why": item.get("why", ""),
                }
            )
        name = "must_not_violated" if kind == "must_not" else f"{kind}_met"
        scores.metrics[name] = {"count": hits, "of": len(items)}
    scores.events = [event_row(p.event, p.paragraphs) for p in placed]


# -- PLOVER gold ------------------------------------------------------------------------------
#: The topic hint of the corpus's control stories with no political action.
OFF_TOPIC = "offtopic_control"


def current_plover_name(name: str) -> str:
    """A gold PLOVER event name in PLOVER 0.8 terms (``FIGHT`` → ``ASSAULT``)."""
    upper = name.strip().upper()
    return PLOVER_RENAMES.get(upper, upper)


def predicted_plover_names(plover_type: str | None) -> set[str]:
    """The PLOVER events a predicted ``plover_type`` stands for: the crosswalk writes a few
    CAMEO roots as ``ACCUSE(investigate)`` or ``CONCEDE/RETREAT``."""
    if not plover_type:
        return set()
    bare = re.sub(r"\(.*?\)", "", plover_type).upper()
    return {name.strip() for name in bare.split("/") if name.strip()}


def _plover_label(plover_type: str | None) -> str:
    return re.sub(r"\(.*?\)", "", plover_type).strip().upper() if plover_type else NONE


def _codes(actors: Any) -> list[str]:
    """The actor codes of a gold ``source`` or ``target`` (a list of actors, one, or empty)."""
    if not actors:
        return []
    return [str(a["code"]) for a in _as_list(actors) if isinstance(a, dict) and a.get("code")]


def score_plover_items(
    items: Sequence[dict[str, Any]], predictions: Sequence[Sequence[Event]], scores: EventScores
) -> None:
    """Event-type precision, recall and F1 over PLOVER gold sentences, a gold × predicted
    confusion table, and source-country accuracy on the matched events.

    A sentence's predicted events are the events an aggregate counts (not negated, not
    hypothetical) that have a PLOVER type (CAMEO 01 and 02 have none; they are counted apart as
    ``untyped``), one per distinct type: the gold has one event per sentence, and two targets of
    one act ("visit Mauritania and Senegal") are one prediction of its type. A prediction is
    correct when its type is the sentence's gold type. The confusion table has one
    entry per gold sentence: the gold type, and the matched type, else the first predicted
    type, else "–"."""
    predicted = correct = untyped = 0
    country_correct = country_total = 0
    for item, events in zip(items, predictions, strict=True):
        gold_type = current_plover_name(str(item["event"]))
        kept = [e for e in events if not e.negated and not e.hypothetical]
        typed = [e for e in kept if predicted_plover_names(e.plover_type)]
        untyped += len(kept) - len(typed)
        predicted += len({_plover_label(e.plover_type) for e in typed})
        match = next((e for e in typed if gold_type in predicted_plover_names(e.plover_type)), None)
        if match is not None:
            correct += 1
            label = gold_type
            gold_codes = _codes(item.get("source"))
            if gold_codes:
                country_total += 1
                got = (match.source or "")[:3].upper()
                country_correct += any(got == code[:3].upper() for code in gold_codes)
        else:
            label = _plover_label(typed[0].plover_type) if typed else NONE
        row = scores.confusion.setdefault(gold_type, {})
        row[label] = row.get(label, 0) + 1
        if match is None:
            scores.misses.append(
                {
                    "id": item.get("id"),
                    "gold": gold_type,
                    "gold_old": str(item["event"]),
                    "predicted": [
                        f"{_plover_label(e.plover_type)} {e.cameo} {e.source or '?'}→{e.target or '-'}"
                        for e in kept
                    ],
                    "text": item.get("text", ""),
                }
            )
    scores.units = len(items)
    scores.metrics["event_type"] = _prf(correct, predicted, correct, len(items))
    scores.metrics["untyped_predictions"] = untyped
    scores.metrics["source_country"] = {
        "accuracy": _ratio(country_correct, country_total),
        "correct": country_correct,
        "total": country_total,
    }


# -- five-way classes -------------------------------------------------------------------------
def five_way_class(root: str | int | None) -> int | None:
    """ConfliBERT's class of a CAMEO root: 0 statements and appeals (01–02), 1 verbal
    cooperation (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13, 16), 4
    material conflict (14–15, 17–20); ``None`` for anything else."""
    try:
        number = int(str(root).strip()[:2])
    except (TypeError, ValueError):
        return None
    return _FIVE_WAY.get(number)


def pick_event(events: Sequence[Event], *, most_severe: bool = False) -> Event | None:
    """The event that stands for a sentence: its first non-negated one in text order, or (with
    ``most_severe``) the non-negated one of the highest quad class, the first of those."""
    kept = sorted((e for e in events if not e.negated), key=lambda e: (e.start, e.index))
    if not kept:
        return None
    if most_severe:
        return max(kept, key=lambda e: e.quad_class)  # max keeps the first of equals
    return kept[0]


def score_five_way(
    rows: Sequence[tuple[str, int]], predictions: Sequence[Sequence[Event]], scores: EventScores
) -> None:
    """Accuracy on the sentences we code an event for, coverage, and a gold × predicted table
    (5 × 5, and a "–" column for sentences with no event). The first non-negated event
    decides; the accuracy when the most severe one decides is reported beside it."""
    covered = correct = severe_correct = 0
    wrong: list[dict[str, Any]] = []
    uncoded: list[dict[str, Any]] = []
    for label in range(5):
        scores.confusion[str(label)] = {str(c): 0 for c in range(5)} | {NONE: 0}
    for (sentence, label), events in zip(rows, predictions, strict=True):
        first = pick_event(events)
        got = five_way_class(first.root) if first else None
        column = NONE if got is None else str(got)
        scores.confusion[str(label)][column] += 1
        if got is None:
            uncoded.append({"text": sentence, "gold": label, "predicted": None, "event": None})
            continue
        assert first is not None
        covered += 1
        correct += got == label
        severe = pick_event(events, most_severe=True)
        severe_correct += severe is not None and five_way_class(severe.root) == label
        if got != label:
            wrong.append(
                {
                    "text": sentence,
                    "gold": label,
                    "predicted": got,
                    "event": f"{first.cameo} {first.source or '?'}→{first.target or '-'} "
                    f"({first.trigger}, {first.pattern})",
                }
            )
    scores.units = len(rows)
    scores.metrics["accuracy"] = {"accuracy": _ratio(correct, covered), "correct": correct, "total": covered}
    scores.metrics["coverage"] = {"share": _ratio(covered, len(rows)), "covered": covered, "total": len(rows)}
    scores.metrics["accuracy_most_severe"] = {
        "accuracy": _ratio(severe_correct, covered),
        "correct": severe_correct,
        "total": covered,
    }
    scores.misses = wrong + uncoded


# -- reading gold and running the pipeline ----------------------------------------------------
def pipeline_analyzer(settings: Settings) -> Analyzer:
    """The default pipeline (its last stage is the event coder), as an :data:`Analyzer` (one
    batched ``pipe``)."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings)
    return lambda articles: pipeline.pipe(articles)


def _analyze(analyze: Analyzer, articles: list[Article], scores: EventScores) -> list[tuple[Event, ...]]:
    results: list[tuple[Event, ...]] = []
    for article, analysis in zip(articles, analyze(articles), strict=True):
        if analysis.error:
            scores.notes.append(f"{article.origin}: {analysis.error}")
        results.append(analysis.events)
    return results


def sentence_articles(sentences: Iterable[tuple[str, str, str | None]], settings: Settings) -> list[Article]:
    """One-sentence articles from ``(text, origin, date)``, cleaned as ingestion cleans an
    article and taken to be English (language detection is unsure of one sentence)."""
    from ..stages.furniture import load_furniture_rules
    from ..stages.prepare import hash_text, prepare_article
    from ..types import RawArticle

    rules = load_furniture_rules(settings.furniture_file or None)
    articles = []
    for text, origin, published in sentences:
        raw = RawArticle(
            text=text, origin=origin, published=published, date_source="gold" if published else None
        )
        try:
            article, _ = prepare_article(raw, rules=rules, settings=settings)
        except InputError:  # cleaning left nothing (it took the line for page furniture): keep it
            clean = " ".join(text.split())
            article = Article(id=hash_text(clean), text=clean, paragraphs=((0, len(clean)),), origin=origin)
        articles.append(dataclasses.replace(article, language="en"))
    return articles


def paragraph_at(article: Article, position: int) -> int | None:
    """Index of the article paragraph holding a character offset."""
    for number, (start, end) in enumerate(article.paragraphs):
        if start <= position < end or (position == end and start < end):
            return number
    return None


def _seed_article(path: Path, data: dict[str, Any], settings: Settings) -> tuple[Article, dict[int, int]]:
    """The seed article, dated from the hint, and the map from its file lines to paragraphs."""
    from .gold import _ingest_text_file, _line_paragraphs

    name = str(data.get("document") or "")
    candidates = [path.parent / name, path.parent.parent / name] if name else []
    document = next((c for c in candidates if c.is_file()), None)
    if document is None:
        raise ConfigError(f"{path}: document {name!r} not found next to it")
    raw_text, article = _ingest_text_file(document, settings)
    hinted = re.search(r"\d{4}-\d{2}-\d{2}", str(data.get("publication_date_hint") or ""))
    if article.published is None and hinted:
        article = dataclasses.replace(article, published=hinted.group(), date_source="gold")
    return article, _line_paragraphs(raw_text, article)


def score_seed(path: Path, data: dict[str, Any], settings: Settings, analyze: Analyzer) -> EventScores:
    scores = EventScores("seed", str(path), units=1)
    article, lines = _seed_article(path, data, settings)
    by_paragraph: dict[int, set[int]] = {}
    for line, number in lines.items():
        by_paragraph.setdefault(number, set()).add(line)
    (analysis,) = list(analyze([article]))
    if analysis.error:
        scores.notes.append(f"{article.origin}: {analysis.error}")
    sentences = {s.index: s for s in analysis.sentences}
    placed = []
    for event in analysis.events:
        sentence = sentences.get(event.sentence)
        paragraph = paragraph_at(article, sentence.start if sentence else event.start)
        gold_lines = by_paragraph.get(paragraph, set()) if paragraph is not None else set()
        placed.append(PlacedEvent(event, frozenset(gold_lines)))
    score_seed_events(data["events"], placed, scores)
    return scores


def read_plover(path: Path, data: list[Any], limit: int | None) -> list[dict[str, Any]]:
    items = [
        item
        for item in data
        if isinstance(item, dict)
        and item.get("event")
        and str(item["event"]).upper() != "DOCUMENT"
        and str(item.get("text") or "").strip()
    ]
    if not items:
        raise ConfigError(f"{path}: no PLOVER gold sentences (records with 'event' and 'text')")
    return items[:limit] if limit else items


def read_five_way(path: Path, limit: int | None) -> list[tuple[str, int]]:
    """``sentence<TAB>label`` rows with a label 0–4; a header or a broken row is skipped."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read gold file: {e}") from e
    rows = []
    for line in lines:
        sentence, _, label = line.rpartition("\t")
        if sentence.strip() and label.strip() in {"0", "1", "2", "3", "4"}:
            rows.append((sentence.strip(), int(label)))
    if not rows:
        raise ConfigError(f"{path}: no 'sentence<TAB>label' rows with a label 0-4")
    return rows[:limit] if limit else rows


def score_rates(path: Path, settings: Settings, analyze: Analyzer, limit: int | None) -> EventScores:
    """Events per 1,000 words by the articles' ``topic_hint`` (a corpus such as ``news.jsonl``):
    the over-generation check. Stories with no political action (``offtopic_control``) should
    yield few events. All events count, whatever their flags; ``counted`` are those a day count
    keeps (not negated, not hypothetical)."""
    from ..sources import iter_raw_articles
    from ..stages.prepare import prepare_articles

    scores = EventScores("rates", str(path))
    raw = iter_raw_articles([str(path)], max_article_bytes=settings.max_article_bytes)
    articles = list(
        prepare_articles(raw, settings=settings, on_problem=lambda p: scores.notes.append(str(p)))
    )
    articles = articles[:limit] if limit else articles
    topics: dict[str, dict[str, Any]] = {}
    for article, events in zip(articles, _analyze(analyze, articles, scores), strict=True):
        topic = str(article.metadata.get("topic_hint") or "(none)")
        row = topics.setdefault(topic, {"articles": 0, "words": 0, "events": 0, "counted": 0})
        row["articles"] += 1
        row["words"] += len(article.text.split())
        row["events"] += len(events)
        row["counted"] += sum(1 for e in events if not e.negated and not e.hypothetical)
        for event in events:
            if topic == OFF_TOPIC:
                scores.misses.append(
                    {
                        "id": event.id,
                        "event": f"{event.cameo} {event.source}→{event.target or '-'}",
                        "pattern": event.pattern,
                        "text": event.evidence,
                    }
                )
    for row in topics.values():
        row["per_1000_words"] = round(1000 * row["events"] / row["words"], 2) if row["words"] else None
    scores.units = len(articles)
    scores.metrics["topics"] = dict(sorted(topics.items()))
    return scores


def gold_format(path: Path) -> tuple[str, Any]:
    """The format of a gold file (``seed``, ``plover``, ``five_way``, ``rates``) and its JSON data.

    Raises:
        ConfigError: the file is missing or in no format we read.
    """
    if not path.is_file():
        raise ConfigError(f"gold file not found: {path}")
    if path.suffix.lower() in (".tsv", ".txt"):
        return "five_way", None
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "rates", None
    if path.suffix.lower() != ".json":
        raise ConfigError(f"{path}: not a gold format for events (.json seed or PLOVER gold, .tsv classes)")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"{path}: cannot read gold file: {e}") from e
    if isinstance(data, dict) and isinstance(data.get("events"), dict):
        return "seed", data
    if isinstance(data, list) and any(isinstance(item, dict) and "event" in item for item in data):
        return "plover", data
    raise ConfigError(f"{path}: not a gold format for events (an object with 'events', or PLOVER records)")


def evaluate_events(
    gold_path: str | Path,
    settings: Settings,
    *,
    limit: int | None = None,
    analyze: Analyzer | None = None,
) -> EventScores:
    """Score the event coder against a gold file (format told apart by the file, see above).

    Args:
        limit: score only the first N sentences of a PLOVER or five-way file.
        analyze: runs the pipeline over articles; by default the pipeline with the event stage.

    Raises:
        ConfigError: the file is missing or in no format we read, or the event stage is missing.
    """
    path = Path(gold_path)
    kind, data = gold_format(path)
    started = time.perf_counter()
    if kind == "seed":
        scores = score_seed(path, data, settings, analyze or pipeline_analyzer(settings))
    elif kind == "plover":
        items = read_plover(path, data, limit)
        run = analyze or pipeline_analyzer(settings)
        scores = EventScores("plover", str(path))
        origins = (f"{path.name}:{item.get('id', n)}" for n, item in enumerate(items))
        articles = sentence_articles(
            (
                (str(item["text"]), origin, item.get("date"))
                for item, origin in zip(items, origins, strict=True)
            ),
            settings,
        )
        score_plover_items(items, _analyze(run, articles, scores), scores)
    elif kind == "rates":
        scores = score_rates(path, settings, analyze or pipeline_analyzer(settings), limit)
    else:
        rows = read_five_way(path, limit)
        run = analyze or pipeline_analyzer(settings)
        scores = EventScores("five_way", str(path))
        articles = sentence_articles(
            ((text, f"{path.name}:{n + 1}", None) for n, (text, _) in enumerate(rows)), settings
        )
        score_five_way(rows, _analyze(run, articles, scores), scores)
    scores.seconds = time.perf_counter() - started
    return scores
