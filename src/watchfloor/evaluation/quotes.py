"""Scoring quote attribution against gold: precision, recall, F1 and what was missed.

Matching. Content spans are compared as sets of word tokens (``\\w+`` runs of the article
text; a token belongs to a span when it overlaps one of the span's parts, so discontinuous
spans count only their own words). A predicted quote *matches* a gold attribution when it
covers at least half of the gold content's tokens (exactly 50% counts). Matching is one-to-one
and greedy: candidate pairs are taken in order of gold coverage, then token Jaccard, then text
order, and each gold attribution and each prediction is used at most once.

Metrics (see :class:`QuoteScores`):

* ``overlap``: P/R/F1 of that match; ``by_kind``: the same per kind, recall by the gold kind and
  precision by the predicted kind.
* ``exact``: P/R/F1 of one-to-one exact matches of normalised content spans (see
  :func:`normalized_parts`).
* among matched pairs: speaker accuracy (BRAT: the predicted speaker mention overlaps, or
  equals, the gold Source; seed: the resolved speaker's name, and name and role), cue accuracy,
  kind accuracy and (seed) attribution-route accuracy.
* ``not_quote_violations`` (seed): predictions covering half or more of a ``not_quotes`` text.

Functions and classes other than :func:`evaluate_quotes`, :func:`score_quotes` and
:class:`QuoteScores` are internal helpers with no stable API.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import Settings
from ..types import Quote, Speaker
from .gold import INNER_MARKS, GoldDocument, GoldQuote, GoldSet, Span, read_gold

KINDS = ("direct", "indirect", "mixed")
#: Share of the gold content's tokens a prediction must cover to match it.
MATCH_THRESHOLD = 0.5
_TOKEN = re.compile(r"\w+")
#: Stripped from both ends of a content span before the exact comparison.
EDGE_MARKS = " \t\n\"“”„‟«»‹›‘’'"
#: Also stripped from the end: trailing punctuation left inside quotation marks ("…,” he said).
TRAILING_PUNCTUATION = ",.;:"

KIND_RULE_SEED = (
    "a predicted 'mixed' counts as correct for gold 'indirect' when the predicted content "
    "contains quotation marks, and is counted as indirect in the breakdown by kind (the seed labels "
    "reported speech with quoted words indirect); the route 'according_to' counts as the seed's "
    "'explicit' for a gold cue 'according to'"
)
KIND_RULE_STRICT = "predicted kind must equal the gold kind"


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the extractor returned for one gold document."""

    quotes: tuple[Quote, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    error: str | None = None


@dataclass(slots=True)
class Prf:
    """Precision over ``predicted`` and recall over ``gold`` (the correct counts may differ
    when precision and recall are counted by different kinds)."""

    predicted: int = 0
    gold: int = 0
    correct_predicted: int = 0
    correct_gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall: null when there is no gold item (nothing to
        find), and 0 when there is gold but no prediction."""
        if not self.gold:
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "predicted": self.predicted,
            "gold": self.gold,
            "correct_predicted": self.correct_predicted,
            "correct_gold": self.correct_gold,
        }


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": _round(self.value), "correct": self.correct, "total": self.total}


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold attribution nothing matched (false negative) or a prediction that matched no
    gold attribution (false positive)."""

    document: str
    text: str
    kind: str
    speaker: str | None
    cue: str | None
    paragraph: int | None = None
    #: False negative: best share of its tokens any prediction covered. False positive: the
    #: extractor's confidence.
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "paragraph": self.paragraph,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "cue": self.cue,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class Violation:
    """A prediction that covers half or more of a text the gold says is not a quote."""

    document: str
    paragraph: int
    not_quote: str
    why: str
    predicted: str
    coverage: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "paragraph": self.paragraph,
            "not_quote": self.not_quote,
            "why": self.why,
            "predicted": self.predicted,
            "coverage": round(self.coverage, 3),
        }


@dataclass(slots=True)
class QuoteScores:
    """Every number of one scoring run; :meth:`to_dict` is the ``--json`` output."""

    gold_format: str
    gold_path: str
    documents: int = 0
    overlap: Prf = field(default_factory=Prf)
    exact: Prf = field(default_factory=Prf)
    by_kind: dict[str, Prf] = field(default_factory=lambda: {k: Prf() for k in KINDS})
    speaker: dict[str, Accuracy] = field(default_factory=dict)
    cue: Accuracy = field(default_factory=Accuracy)
    kind: Accuracy = field(default_factory=Accuracy)
    attribution: Accuracy | None = None
    kind_rule: str = KIND_RULE_STRICT
    not_quotes: int = 0
    violations: list[Violation] = field(default_factory=list)
    false_negatives: list[Miss] = field(default_factory=list)
    false_positives: list[Miss] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self, *, show: int | None = None) -> dict[str, Any]:
        """All metrics; ``show`` caps the listed misses (``None``: all of them)."""
        matched = {
            "speaker": {name: acc.to_dict() for name, acc in self.speaker.items()},
            "cue": self.cue.to_dict(),
            "kind": self.kind.to_dict(),
        }
        if self.attribution is not None:
            matched["attribution"] = self.attribution.to_dict()
        out: dict[str, Any] = {
            "gold": {"format": self.gold_format, "path": self.gold_path, "documents": self.documents},
            "match_rule": (
                f"one-to-one, greedy; a prediction matches when it covers >= {MATCH_THRESHOLD:.0%} "
                "of the gold content's word tokens"
            ),
            "overlap": self.overlap.to_dict(),
            "exact": self.exact.to_dict(),
            "by_kind": {kind: prf.to_dict() for kind, prf in self.by_kind.items()},
            "matched": matched,
            "kind_rule": self.kind_rule,
            "false_negatives": len(self.false_negatives),
            "false_positives": len(self.false_positives),
            "worst_false_negatives": [m.to_dict() for m in self.false_negatives[:show]],
            "worst_false_positives": [m.to_dict() for m in self.false_positives[:show]],
            "errors": list(self.errors),
            "notes": list(self.notes),
            "seconds": round(self.seconds, 2),
        }
        if self.gold_format == "seed":
            out["not_quotes"] = {
                "checked": self.not_quotes,
                "violations": [v.to_dict() for v in self.violations],
            }
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# -- tokens and spans -------------------------------------------------------------------------


class _Tokens:
    """Word tokens of one text, to turn character spans into token sets quickly."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def of(self, parts: Iterable[Span]) -> frozenset[int]:
        """Indices of the tokens overlapping any part."""
        out: set[int] = set()
        for start, end in parts:
            first = bisect_right(self.ends, start)
            last = bisect_left(self.starts, end)
            out.update(range(first, last))
        return frozenset(out)


def quote_parts(quote: Quote) -> tuple[Span, ...]:
    return tuple(quote.parts) or ((quote.start, quote.end),)


def normalized_parts(text: str, parts: Iterable[Span]) -> tuple[Span, ...]:
    """The spans compared by the exact match: each part shrunk past surrounding whitespace and
    quotation marks, and past trailing ``, . ; :``; empty parts dropped; sorted.

    So ``“We will win,”`` and ``We will win`` are the same span, while a content that starts
    or ends at a different word is not."""
    out = []
    for start, end in parts:
        while start < end and text[start] in EDGE_MARKS:
            start += 1
        while end > start and (text[end - 1] in EDGE_MARKS or text[end - 1] in TRAILING_PUNCTUATION):
            end -= 1
        if start < end:
            out.append((start, end))
    return tuple(sorted(out))


def _overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    spans = list(b)
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in spans)


def _has_quotation_marks(text: str) -> bool:
    return any(ch in INNER_MARKS for ch in text)


def _squash(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("’s", "").replace("'s", "").split())


def match_quotes(
    gold_tokens: Sequence[frozenset[int]], predicted_tokens: Sequence[frozenset[int]]
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching: ``(gold index, predicted index, coverage)`` for every pair
    where the prediction covers at least :data:`MATCH_THRESHOLD` of the gold tokens."""
    candidates: list[tuple[float, float, int, int]] = []
    for g, gold in enumerate(gold_tokens):
        if not gold:
            continue
        for p, predicted in enumerate(predicted_tokens):
            shared = len(gold & predicted)
            if shared and shared >= MATCH_THRESHOLD * len(gold):
                jaccard = shared / len(gold | predicted)
                candidates.append((shared / len(gold), jaccard, g, p))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for coverage, _, g, p in candidates:
        if g in used_gold or p in used_predicted:
            continue
        used_gold.add(g)
        used_predicted.add(p)
        pairs.append((g, p, coverage))
    return sorted(pairs)


# -- scoring ----------------------------------------------------------------------------------


def score_quotes(gold: GoldSet, predictions: Mapping[str, Prediction]) -> QuoteScores:
    """Score predictions (by document name) against a gold set. Pure: no model, no files.

    Seed gold is scored with the seed's speaker, cue-text and route comparisons and the lenient
    kind rule (:data:`KIND_RULE_SEED`); BRAT gold with span comparisons for speaker and cue."""
    seed = gold.format == "seed"
    scores = QuoteScores(gold.format, gold.path, documents=len(gold.documents), notes=list(gold.notes))
    scores.kind_rule = KIND_RULE_SEED if seed else KIND_RULE_STRICT
    if seed:
        scores.speaker = {"name": Accuracy(), "name_and_role": Accuracy()}
        scores.attribution = Accuracy()
    else:
        scores.speaker = {"overlap": Accuracy(), "exact": Accuracy(), "no_gold_source": Accuracy()}
    for document in gold.documents:
        prediction = predictions.get(document.name, Prediction())
        if prediction.error:
            scores.errors.append(f"{document.name}: {prediction.error}")
        _score_document(document, prediction, scores, seed=seed)
    scores.false_negatives.sort(key=lambda m: (m.score, -len(m.text), m.document))
    scores.false_positives.sort(key=lambda m: (-m.score, -len(m.text), m.document))
    return scores


def _score_document(
    document: GoldDocument, prediction: Prediction, scores: QuoteScores, *, seed: bool
) -> None:
    text = document.article.text
    tokens = _Tokens(text)
    golds = document.quotes
    quotes = prediction.quotes
    gold_tokens = [tokens.of(g.parts) for g in golds]
    predicted_tokens = [tokens.of(quote_parts(q)) for q in quotes]
    pairs = match_quotes(gold_tokens, predicted_tokens)

    scores.overlap.gold += len(golds)
    scores.overlap.predicted += len(quotes)
    scores.overlap.correct_gold += len(pairs)
    scores.overlap.correct_predicted += len(pairs)
    for g in golds:
        scores.by_kind.setdefault(g.kind, Prf()).gold += 1

    # the seed has no "mixed" label: reported speech with quoted words is filed under indirect
    def bucket(kind: str) -> str:
        return "indirect" if seed and kind == "mixed" else kind

    for q in quotes:
        scores.by_kind.setdefault(bucket(q.kind), Prf()).predicted += 1
    for g_index, p_index, _ in pairs:
        scores.by_kind[golds[g_index].kind].correct_gold += 1
        scores.by_kind[bucket(quotes[p_index].kind)].correct_predicted += 1
        _score_pair(document, golds[g_index], quotes[p_index], prediction.speakers, scores, seed=seed)

    exact_gold: dict[tuple[Span, ...], list[GoldQuote]] = {}
    for g in golds:
        exact_gold.setdefault(normalized_parts(text, g.parts), []).append(g)
    exact = 0
    for q in quotes:
        waiting = exact_gold.get(normalized_parts(text, quote_parts(q)))
        if waiting:
            waiting.pop()
            exact += 1
    scores.exact.gold += len(golds)
    scores.exact.predicted += len(quotes)
    scores.exact.correct_gold += exact
    scores.exact.correct_predicted += exact

    matched_gold = {g for g, _, _ in pairs}
    matched_predicted = {p for _, p, _ in pairs}
    for g_index, g in enumerate(golds):
        if g_index in matched_gold:
            continue
        wanted = gold_tokens[g_index]
        best = max((len(wanted & p) / len(wanted) for p in predicted_tokens), default=0.0) if wanted else 0.0
        scores.false_negatives.append(
            Miss(
                document.name,
                g.text,
                g.kind,
                g.source_text or g.speaker,
                g.cue,
                _paragraph_of(document, g.parts),
                best,
            )
        )
    for p_index, q in enumerate(quotes):
        if p_index in matched_predicted:
            continue
        scores.false_positives.append(
            Miss(
                document.name,
                q.text,
                q.kind,
                _speaker_label(q, prediction.speakers),
                q.cue,
                q.paragraph,
                q.confidence,
            )
        )

    for item in document.not_quotes:
        scores.not_quotes += 1
        wanted = tokens.of(item.parts)
        for q, got in zip(quotes, predicted_tokens, strict=True):
            if wanted and len(wanted & got) >= MATCH_THRESHOLD * len(wanted):
                coverage = len(wanted & got) / len(wanted)
                scores.violations.append(
                    Violation(document.name, item.paragraph, item.text, item.why, q.text, coverage)
                )


def _score_pair(
    document: GoldDocument,
    gold: GoldQuote,
    quote: Quote,
    speakers: tuple[Speaker, ...],
    scores: QuoteScores,
    *,
    seed: bool,
) -> None:
    text = document.article.text
    kind_ok = quote.kind == gold.kind or (
        seed and gold.kind == "indirect" and quote.kind == "mixed" and _has_quotation_marks(quote.text)
    )
    scores.kind.add(kind_ok)
    if seed:
        speaker = _resolved(quote, speakers)
        name_ok = speaker is not None and _squash(speaker.name) == _squash(gold.speaker) != ""
        scores.speaker["name"].add(name_ok)
        scores.speaker["name_and_role"].add(name_ok and _role_matches(speaker, gold.speaker_role))
        scores.cue.add(_squash(quote.cue) == _squash(gold.cue) and (quote.cue is None) == (gold.cue is None))
        if scores.attribution is not None:
            # our routes split "according to X" off as a route of its own; the seed files it explicit
            route = quote.attribution
            if (
                route == "according_to"
                and gold.attribution == "explicit"
                and (gold.cue or "").lower() == "according to"
            ):
                route = "explicit"
            scores.attribution.add(route == gold.attribution)
        return
    if quote.speaker_start is not None and quote.speaker_end is not None:
        mention: tuple[Span, ...] = ((quote.speaker_start, quote.speaker_end),)
    else:
        mention = ()
    if gold.source_parts:
        scores.speaker["overlap"].add(_overlaps(mention, gold.source_parts))
        scores.speaker["exact"].add(
            bool(mention) and normalized_parts(text, mention) == normalized_parts(text, gold.source_parts)
        )
    else:
        # no Source in the gold (PolNeAR "Attribution-no-source"): right when none is predicted
        scores.speaker["no_gold_source"].add(not mention)
    if quote.cue_start is not None and quote.cue_end is not None:
        scores.cue.add(_overlaps(((quote.cue_start, quote.cue_end),), gold.cue_parts))
    else:
        scores.cue.add(not gold.cue_parts)


def _resolved(quote: Quote, speakers: tuple[Speaker, ...]) -> Speaker | None:
    if quote.speaker is None:
        return None
    return next((s for s in speakers if s.index == quote.speaker), None)


def _role_matches(speaker: Speaker | None, gold_role: str | None) -> bool:
    """The gold role equals, or is contained in, the predicted role with its organisation in
    front ("NATO" + "Secretary General" holds "NATO Secretary General"); no gold role: any."""
    wanted = _squash(gold_role)
    if not wanted:
        return True
    if speaker is None or not speaker.role:
        return False
    full = _squash(f"{speaker.organization or ''} {speaker.role}")
    return wanted in full or wanted == _squash(speaker.role)


def _speaker_label(quote: Quote, speakers: tuple[Speaker, ...]) -> str | None:
    speaker = _resolved(quote, speakers)
    if speaker is not None and speaker.name and speaker.name != quote.speaker_mention:
        return f"{quote.speaker_mention} → {speaker.name}" if quote.speaker_mention else speaker.name
    return quote.speaker_mention


def _paragraph_of(document: GoldDocument, parts: tuple[Span, ...]) -> int | None:
    start = min(s for s, _ in parts)
    starts = [s for s, _ in document.article.paragraphs]
    index = bisect_right(starts, start) - 1
    return index if index >= 0 else None


# -- the whole run ----------------------------------------------------------------------------


def predict(gold: GoldSet, settings: Settings) -> dict[str, Prediction]:
    """Run the pipeline once, in this process, over every gold article (batched by
    :meth:`~watchfloor.pipeline.Pipeline.pipe`)."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings, ("segment.sentences.v1", "quotes.attribution.v1"))
    articles = [document.article for document in gold.documents]
    out: dict[str, Prediction] = {}
    for document, analysis in zip(gold.documents, pipeline.pipe(articles), strict=True):
        out[document.name] = Prediction(analysis.quotes, analysis.speakers, analysis.error)
    return out


def evaluate_quotes(gold_path: str | Path, settings: Settings, *, limit: int | None = None) -> QuoteScores:
    """Read gold (a seed ``.json`` file or a BRAT folder), extract quotes from its articles
    with the pipeline and score them.

    Args:
        limit: score only the first ``limit`` articles of a BRAT folder.

    Raises:
        ConfigError: the gold path is missing or not a recognised format.

    Example:
        >>> evaluate_quotes("../shared/gold/polnear/dev", load_settings()).overlap.f1  # doctest: +SKIP
    """
    gold = read_gold(gold_path, settings, limit=limit)
    started = time.perf_counter()
    predictions = predict(gold, settings)
    scores = score_quotes(gold, predictions)
    scores.seconds = time.perf_counter() - started
    return scores
