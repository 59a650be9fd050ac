"""Scoring actor resolution against gold: accuracy of countries and sectors, and the misses.

Three gold formats, told apart by their content:

* **resolution cases** (``.jsonl`` rows with ``method``, as in ``ngec-actors-dev.jsonl``): a
  phrase, an optional context and date, and the expected country (ISO3, or the PLOVER value
  for IGOs: ``IGO``, ``UNO``, ``EUR``…) and sector (``code_1``). The phrase is parsed and
  resolved on its date; the mention covering most of it is the prediction. A context (or
  ``known_country``) supplies the country when the phrase has none, as the cases intend.
  Reported: country accuracy (cases with an expected country), country+sector accuracy (cases
  with both), sector accuracy, and "no actor" accuracy (cases that expect nothing).
* **the seed's expected output** (``.json`` with ``actors``): each listed mention must be
  found with the listed code; also Stoltenberg is resolved on a 2010 date (Norway's prime
  minister then: ``NORGOV``).
* **GUM entity mentions** (``.jsonl`` rows with ``doc_id``): recall of the gold person, place
  and organisation mentions by our mentions and places (any overlap), for the GUM articles of
  the corpus (``--corpus``, default ``corpus/news.jsonl`` next to the gold folder), overall and
  for named mentions (those with a Wikipedia link).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil import parser as date_parser

from ..errors import ConfigError
from ..settings import Settings
from ..types import Mention

STAGES = ("segment.sentences.v1", "quotes.attribution.v1", "actors.resolve.v1", "places.geonames.v1")


def _pipeline(settings: Settings) -> Any:
    from ..pipeline import Pipeline
    from ..stages import actors, places  # noqa: F401 - registers the stages scored here

    return Pipeline(settings, STAGES)


GUM_TYPES = ("person", "place", "organization")


@dataclass(slots=True)
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        return {
            "accuracy": None if value is None else round(value, 4),
            "correct": self.correct,
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class ActorMiss:
    case: str
    text: str
    expected: str
    got: str
    how: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "text": self.text,
            "expected": self.expected,
            "got": self.got,
            "how": self.how,
        }


@dataclass
class ActorScores:
    format: str
    path: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    misses: list[ActorMiss] = field(default_factory=list)
    seconds: float = 0.0

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "scores": {name: t.to_dict() for name, t in self.tallies.items()},
            "misses": [m.to_dict() for m in self.misses],
            "seconds": round(self.seconds, 2),
        }


# -- resolution cases -------------------------------------------------------------------------
def _case_day(case: dict[str, Any], today: dt.date) -> dt.date:
    args, kwargs = case.get("args") or [], case.get("kwargs") or {}
    raw = kwargs.get("query_date") or (args[2] if len(args) > 2 else "")
    if not raw or str(raw).lower() == "today":
        return today
    try:
        return date_parser.parse(str(raw), default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return today


def _main_mention(mentions: list[Mention], text: str) -> Mention | None:
    """The mention that covers most of the phrase (ties: the one with a code)."""
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, m.actor is not None))


def _expected(case: dict[str, Any]) -> tuple[str | None, str | None, bool]:
    """Expected (country, sector, nothing): ``None`` for a field the case does not check."""
    expected = case.get("expected") or {}
    if "_value [Is]" in expected:
        return None, None, True
    country = expected.get("cc", expected.get("country"))
    sector = expected.get("code_1")
    if sector == "????":
        sector = None
    return country, sector, False


def score_cases(path: Path, settings: Settings, today: dt.date | None = None) -> ActorScores:
    from ..nlp import load_nlp
    from ..stages.actor_dictionary import load_dictionary
    from ..stages.actors import ActorResolver, resolve_phrase

    rows = _read_jsonl(path)
    dictionary = load_dictionary((settings.actors_file,) if settings.actors_file else ())
    resolver = ActorResolver(dictionary)
    nlp = load_nlp(settings.model)
    scores = ActorScores("cases", str(path))
    for number, case in enumerate(rows):
        args = case.get("args") or []
        if not args or not isinstance(args[0], str):
            continue
        phrase = args[0].strip()
        context = (
            " ".join(str(a) for a in args[1:2] if a)
            + " "
            + str((case.get("kwargs") or {}).get("known_country") or "")
        )
        mentions = resolve_phrase(resolver, nlp, phrase, _case_day(case, today or dt.date.today()))
        main = _main_mention(mentions, phrase)
        country = main.country if main else None
        sector = main.sector if main else None
        if country is None and context.strip():
            found = [
                e
                for hit in dictionary.find(context)
                for e in hit.entries
                if e.kind in ("country", "adjective")
            ]
            if found:
                country = dictionary.countries[found[0].key].iso3
        want_country, want_sector, want_nothing = _expected(case)
        label = f"{case.get('test', number)}"
        if want_nothing:
            ok = main is None or main.actor is None
            scores.tally("no_actor").add(ok)
            if not ok:
                scores.misses.append(
                    ActorMiss(
                        label,
                        phrase,
                        "no actor",
                        str(main.actor if main else None),
                        main.resolved_by if main else "",
                    )
                )
            continue
        checks = []
        if want_country is not None:
            ok = (country or "") == want_country
            scores.tally("country").add(ok)
            checks.append(ok)
        if want_sector is not None:
            ok = (sector or "") == want_sector
            scores.tally("sector").add(ok)
            checks.append(ok)
        if want_country is not None and want_sector is not None:
            scores.tally("country_sector").add(all(checks))
        if not all(checks):
            scores.misses.append(
                ActorMiss(
                    label,
                    phrase + (f"  [context: {context.strip()}]" if context.strip() else ""),
                    f"{want_country or '-'} {want_sector or '-'}",
                    f"{country or '-'} {sector or '-'} ({main.actor if main else 'no mention'})",
                    main.resolved_by if main else "",
                )
            )
    return scores


# -- the seed ---------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def score_seed(path: Path, settings: Settings) -> ActorScores:
    import dataclasses

    from .gold import read_seed_file

    data = json.loads(path.read_text("utf-8"))
    document = read_seed_file(path, settings).documents[0]
    article = document.article
    # a .txt article has no date: the gold's hint gives it ("… on Sunday 2022-03-20 …")
    hinted = re.search(r"\d{4}-\d{2}-\d{2}", str(data.get("publication_date_hint") or ""))
    if article.published is None and hinted:
        article = dataclasses.replace(article, published=hinted.group())
    pipeline = _pipeline(settings)
    scores = ActorScores("seed", str(path))
    analysis = pipeline(article)
    mentions = list(analysis.mentions)
    for item in data.get("actors") or ():
        wanted = _norm(item["mention"])
        exact = [m for m in mentions if _norm(m.text) == wanted]
        inside = [m for m in mentions if wanted in _norm(m.text) or _norm(m.text) in wanted]
        found = exact or inside
        codes = sorted({str(m.actor) for m in found})
        ok = bool(found) and all(m.actor == item["actor"] for m in found)
        scores.tally("seed_actors").add(ok)
        if not ok:
            scores.misses.append(
                ActorMiss("seed", item["mention"], item["actor"], ",".join(codes) or "not found", "")
            )
    # Offices follow the story's date: the same article dated 2010.
    earlier = pipeline(dataclasses.replace(article, published="2010-06-01"))
    stoltenberg = [m for m in earlier.mentions if "Stoltenberg" in m.text]
    ok = bool(stoltenberg) and all(m.actor == "NORGOV" for m in stoltenberg)
    scores.tally("seed_dated_2010").add(ok)
    if not ok:
        got = ",".join(sorted({str(m.actor) for m in stoltenberg})) or "not found"
        scores.misses.append(ActorMiss("seed 2010", "Jens Stoltenberg", "NORGOV", got, ""))
    return scores


# -- GUM entities -----------------------------------------------------------------------------
_ARTICLES = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"}


def _is_name(text: str) -> bool:
    """A proper-name mention ("Kim Jong-un", "the Korean People's Army"), not a pronoun or a
    common noun phrase ("the constituency", "his party")."""
    words = [w for w in text.split() if w.lower() not in _ARTICLES]
    return (
        bool(words)
        and any(w[:1].isupper() for w in words)
        and text.lower() not in {"i", "he", "she", "it", "we", "they"}
    )


def _squashed(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and each kept character's offset in the text."""
    keep = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for _, c in keep), [i for i, _ in keep]


def score_gum(path: Path, settings: Settings, corpus: Path | None) -> ActorScores:
    from ..stages.prepare import prepare_articles
    from ..types import RawArticle

    gold = _read_jsonl(path)
    corpus = corpus or path.parent.parent.parent / "corpus" / "news.jsonl"
    if not corpus.is_file():
        raise ConfigError(f"{path}: GUM scoring needs the corpus with the GUM articles; not found: {corpus}")
    wanted = {row["doc_id"] for row in gold}
    records = [r for r in _read_jsonl(corpus) if r.get("id") in wanted]
    raws = [
        RawArticle(
            text=r["text"],
            origin=str(r["id"]),
            title=r.get("title"),
            published=r.get("date"),
            source_id=r["id"],
        )
        for r in records
    ]
    articles = list(prepare_articles(raws, settings=settings, on_problem=lambda problem: None))
    scores = ActorScores("gum", str(path))
    pipeline = _pipeline(settings)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in gold:
        if row.get("type") in GUM_TYPES:
            by_doc.setdefault(row["doc_id"], []).append(row)
    for article, analysis in zip(articles, pipeline.pipe(articles), strict=True):
        spans = [(m.start, m.end) for m in analysis.mentions] + [(p.start, p.end) for p in analysis.places]
        squashed, offsets = _squashed(article.text)
        for row in by_doc.get(article.source_id or "", []):
            sentence, _ = _squashed(row["sentence"])
            at = squashed.find(sentence)
            if at < 0:
                continue  # the title, or a line cleaning dropped
            before, _ = _squashed(row["sentence"][: row["start"]])
            inner, _ = _squashed(row["text"])
            if not inner:
                continue
            first = at + len(before)
            start, end = offsets[first], offsets[first + len(inner) - 1] + 1
            hit = any(s < end and start < e for s, e in spans)
            named = _is_name(row["text"])
            scores.tally(f"recall_{row['type']}").add(hit)
            if named:
                scores.tally(f"recall_{row['type']}_named").add(hit)
            if named and not hit:
                scores.misses.append(
                    ActorMiss(article.source_id or "", row["text"], row["type"], "not found", "")
                )
    return scores


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConfigError(f"{path}: cannot read gold file: {e}") from e


def evaluate_actors(
    gold_path: str | Path,
    settings: Settings,
    *,
    corpus: str | Path | None = None,
    today: dt.date | None = None,
) -> ActorScores:
    """Score actor resolution against a gold file (format told apart by content, see above).

    Args:
        today: the day a case dated "today" (or not dated) is resolved on. Cases written years
            ago mean their own today; the default is the real one.

    Raises:
        ConfigError: the file is missing or in no format we read.
    """
    import time

    path = Path(gold_path)
    if not path.is_file():
        raise ConfigError(f"gold file not found: {path}")
    started = time.perf_counter()
    if path.suffix == ".json":
        scores = score_seed(path, settings)
    else:
        first = next(iter(_read_jsonl(path)), {})
        if "method" in first:
            scores = score_cases(path, settings, today)
        elif "doc_id" in first:
            scores = score_gum(path, settings, Path(corpus) if corpus else None)
        else:
            raise ConfigError(f"{path}: not a gold format for actors (rows with 'method' or 'doc_id')")
    scores.seconds = time.perf_counter() - started
    return scores
