"""``watchfloor eval …``: score the extractors against gold data (``eval quotes``, ``eval actors``,
``eval events``).

The scores are a measurement, not a gate: the command exits 0 whenever it ran, and 2 when the
gold path is missing or in no format we read. Each ``eval`` subcommand is a thin wrapper of an
``evaluate_<records>`` function in :mod:`watchfloor.evaluation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from . import output
from .common import ConfigOption, open_settings

eval_app = typer.Typer(
    name="eval",
    help="Score the extractors against gold data (precision, recall, F1 and the misses).",
    no_args_is_help=True,
)

GoldOption = Annotated[
    Path,
    typer.Option(
        "--gold",
        help="Gold data: a seed expected-output .json file, or a BRAT folder with text/ and attributions/.",
        show_default=False,
    ),
]
ShowOption = Annotated[
    int, typer.Option("--show", min=0, help="How many false negatives and positives to list.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the metrics as one JSON object.")]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit", min=1, help="Score only the first N articles of a gold folder.", show_default=False
    ),
]


#: Miss texts longer than this are cut in the table (the JSON output has them whole).
TEXT_WIDTH = 160


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _cut(text: str | None, width: int = TEXT_WIDTH) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


@eval_app.command("quotes")
def eval_quotes_cli(
    gold: GoldOption,
    show: ShowOption = 15,
    as_json: JsonOption = False,
    limit: LimitOption = None,
    config: ConfigOption = None,
) -> None:
    """Extract quotes from gold articles and score them against the gold.

    Precision, recall and F1 overall, by kind and for exact spans; speaker, cue and kind
    accuracy on the matched quotes; then the worst misses."""
    from ..evaluation import evaluate_quotes

    settings = open_settings(config)
    scores = evaluate_quotes(gold, settings, limit=limit)
    if as_json:
        output.print_json(scores.to_dict(show=show))
        return
    data = scores.to_dict(show=show)
    out = output.stdout
    count = f"{scores.documents} article{'s' if scores.documents != 1 else ''}"
    what = f"{scores.gold_format} gold {scores.gold_path}, {count}"
    rows = [("overlap", data["overlap"]), ("exact", data["exact"])]
    rows += [(f"  {kind}", prf) for kind, prf in data["by_kind"].items()]
    output.print_table(
        f"Quotes vs {what}",
        ("", "precision", "recall", "F1", "predicted", "gold", "correct P/R"),
        [
            (
                name,
                _pct(prf["precision"]),
                _pct(prf["recall"]),
                _pct(prf["f1"]),
                prf["predicted"],
                prf["gold"],
                f"{prf['correct_predicted']}/{prf['correct_gold']}",
            )
            for name, prf in rows
        ],
    )
    accuracy_rows = [(f"speaker ({name})", acc) for name, acc in data["matched"]["speaker"].items()]
    accuracy_rows += [
        (name, data["matched"][name]) for name in ("cue", "kind", "attribution") if name in data["matched"]
    ]
    output.print_table(
        "Among matched quotes",
        ("", "accuracy", "correct", "of"),
        [(name, _pct(acc["accuracy"]), acc["correct"], acc["total"]) for name, acc in accuracy_rows],
    )
    out.print(Text("match: ", style="bold") + Text(data["match_rule"]))
    out.print(Text("kind: ", style="bold") + Text(data["kind_rule"]))
    if "not_quotes" in data:
        violations = data["not_quotes"]["violations"]
        out.print(
            Text("not-quotes: ", style="bold")
            + Text(f"{len(violations)} violations of {data['not_quotes']['checked']} checked")
        )
        for v in violations:
            out.print(Text(f"  ¶{v['paragraph']} {v['not_quote']!r} ← predicted {v['predicted']!r}"))
    if show and data["worst_false_negatives"]:
        output.print_table(
            f"Worst false negatives ({len(data['worst_false_negatives'])} of {data['false_negatives']}; "
            "least covered first)",
            ("file", "¶", "gold text", "source", "cue", "covered"),
            [
                (
                    m["document"],
                    m["paragraph"],
                    _cut(m["text"]),
                    _cut(m["speaker"], 60),
                    m["cue"],
                    _pct(m["score"]),
                )
                for m in data["worst_false_negatives"]
            ],
        )
    if show and data["worst_false_positives"]:
        output.print_table(
            f"Worst false positives ({len(data['worst_false_positives'])} of {data['false_positives']}; "
            "most confident first)",
            ("file", "¶", "predicted text", "speaker", "cue", "confidence"),
            [
                (
                    m["document"],
                    m["paragraph"],
                    _cut(m["text"]),
                    _cut(m["speaker"], 60),
                    m["cue"],
                    f"{m['score']:.2f}",
                )
                for m in data["worst_false_positives"]
            ],
        )
    for message in data["errors"]:
        output.error(message)
    for note in data["notes"]:
        out.print(Text("note: ", style="bold") + Text(note))
    out.print(f"scored in {data['seconds']:.1f} s", highlight=False)


ActorGoldOption = Annotated[
    Path,
    typer.Option(
        "--gold",
        help="Gold data: resolution cases (.jsonl with 'method'), GUM entity mentions (.jsonl with "
        "'doc_id') or the seed's expected output (.json with 'actors').",
        show_default=False,
    ),
]
CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", help="For GUM gold: the news.jsonl holding its articles.", show_default=False),
]


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="For resolution cases: the date (YYYY-MM-DD) a case dated 'today' or undated is resolved on.",
        show_default=False,
    ),
]


@eval_app.command("actors")
def eval_actors_cli(
    gold: ActorGoldOption,
    show: ShowOption = 25,
    as_json: JsonOption = False,
    corpus: CorpusOption = None,
    today: TodayOption = None,
    config: ConfigOption = None,
) -> None:
    """Resolve the actors of gold phrases or articles and score countries and sectors.

    Accuracy of the country, the country and sector together, the sector alone, and (GUM) the
    recall of person, place and organisation mentions; then the misses."""
    import datetime as dt

    from ..evaluation.actors import evaluate_actors

    settings = open_settings(config)
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        output.error(f"--today must be a date like 2022-06-01, not {today!r}")
        raise typer.Exit(2) from None
    scores = evaluate_actors(gold, settings, corpus=corpus, today=day)
    data = scores.to_dict()
    if not as_json:
        output.print_table(
            f"Actors vs {scores.format} gold {scores.path}",
            ("", "accuracy", "correct", "of"),
            [(name, _pct(t["accuracy"]), t["correct"], t["total"]) for name, t in data["scores"].items()],
        )
    misses = data["misses"][:show] if show else []
    if as_json:
        data["misses"] = misses
        output.print_json(data)
        return
    if misses:
        output.print_table(
            f"Misses ({len(misses)} of {len(data['misses'])})",
            ("case", "text", "expected", "got", "how"),
            [(m["case"], _cut(m["text"], 80), m["expected"], m["got"], m["how"]) for m in misses],
        )
    output.stdout.print(f"scored in {data['seconds']:.1f} s", highlight=False)


EventGoldOption = Annotated[
    Path,
    typer.Option(
        "--gold",
        help="Gold data: the seed's expected output (.json with 'events'), PLOVER gold sentences "
        "(.json list of records with 'event') or five-way classes (.tsv: sentence<TAB>label 0-4).",
        show_default=False,
    ),
]
EventLimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        help="Score only the first N sentences of a PLOVER or five-way gold file.",
        show_default=False,
    ),
]


def _events_seed_report(data: dict[str, Any]) -> None:
    metrics = data["metrics"]
    output.print_table(
        f"Events vs seed gold {data['path']}",
        ("", "count", "of"),
        [
            ("must met", metrics["must_met"]["count"], metrics["must_met"]["of"]),
            ("should met", metrics["should_met"]["count"], metrics["should_met"]["of"]),
            ("must-not violated", metrics["must_not_violated"]["count"], metrics["must_not_violated"]["of"]),
        ],
    )
    output.print_rows(
        "Gold items",
        ("item", "result", "events", "wanted (¶ source → root → target)"),
        [
            (
                (
                    f"{c['kind']} {c['number']}",
                    ("violated" if not c["ok"] else "clear")
                    if c["kind"] == "must_not"
                    else ("met" if c["ok"] else "NOT MET"),
                    ",".join(f"e{i}" for i in c["events"]) or "–",
                    c["wanted"],
                ),
                c["why"] or None,
            )
            for c in data["checks"]
        ],
        text_header="why",
    )
    output.print_rows(
        f"Events coded ({len(data['events'])})",
        ("e", "¶", "source cameo target", "plover", "trigger / pattern", "flags"),
        [
            (
                (
                    f"e{e['index']}",
                    ",".join(str(p) for p in e["paragraph"]) or "–",
                    f"{e['source'] or '–'} {e['cameo']} {e['target'] or '–'}",
                    e["plover_type"] or "–",
                    f"{e['trigger']} / {e['pattern']}",
                    ",".join(e["flags"]),
                ),
                e["evidence"] or None,
            )
            for e in data["events"]
        ],
        text_header="evidence",
    )


def short_labels(labels: Sequence[str], size: int = 4) -> list[str]:
    """The labels cut to their first ``size`` letters, or to as many more as keeps them apart."""
    distinct = set(labels)
    longest = max(map(len, distinct), default=0)
    while size < longest and len({label[:size] for label in distinct}) < len(distinct):
        size += 1
    return [label[:size] for label in labels]


def _confusion_table(
    title: str,
    confusion: dict[str, dict[str, int]],
    columns: list[str],
    *,
    headers: Sequence[str] | None = None,
    legend: str | None = None,
) -> None:
    """Gold label (rows) × predicted label (``columns``, shown as ``headers``), "." for none; the
    cells where they agree in bold."""
    output.print_grid(
        title,
        "gold\\pred",
        [*(headers or columns), "total"],
        [
            (gold, [*(row.get(c, 0) or "." for c in columns), sum(row.values())])
            for gold, row in confusion.items()
        ],
        marked={
            (r, c) for r, gold in enumerate(confusion) for c, column in enumerate(columns) if column == gold
        },
        legend=legend,
    )


def _events_plover_report(data: dict[str, Any]) -> None:
    metrics = data["metrics"]
    prf, country = metrics["event_type"], metrics["source_country"]
    output.print_table(
        f"Events vs PLOVER gold {data['path']}, {data['units']} sentences",
        ("", "precision", "recall", "F1", "predicted", "gold", "correct"),
        [
            (
                "event type",
                _pct(prf["precision"]),
                _pct(prf["recall"]),
                _pct(prf["f1"]),
                prf["predicted"],
                prf["gold"],
                prf["correct"],
            )
        ],
    )
    output.stdout.print(
        f"source country among matched: {_pct(country['accuracy'])} "
        f"({country['correct']}/{country['total']}); "
        f"events without a PLOVER type (CAMEO 01-02), not counted: {metrics['untyped_predictions']}",
        highlight=False,
        soft_wrap=False,
    )
    from ..evaluation.events import NONE, PLOVER_TYPES

    seen = {c for row in data["confusion"].values() for c in row}
    columns = [t for t in PLOVER_TYPES if t in seen] + sorted(seen - set(PLOVER_TYPES) - {NONE})
    size = len(short_labels(columns)[0]) if columns else 4
    _confusion_table(
        "Gold type × predicted type",
        data["confusion"],
        [*columns, NONE],
        headers=[*short_labels(columns), NONE],
        legend=f"rows: gold type; columns: predicted type, first {size} letters; {NONE}: no typed event",
    )
    if data["misses"]:
        output.print_rows(
            f"Misses ({len(data['misses'])} of {data['misses_total']})",
            ("id", "gold", "predicted (type cameo source→target)"),
            [
                (
                    (
                        m["id"],
                        m["gold"] if m["gold"] == m["gold_old"] else f"{m['gold']} ({m['gold_old']})",
                        "; ".join(m["predicted"]) or "–",
                    ),
                    m["text"],
                )
                for m in data["misses"]
            ],
            text_header="text",
        )


def _events_five_way_report(data: dict[str, Any]) -> None:
    from ..evaluation.events import FIVE_WAY_LABELS, NONE

    metrics = data["metrics"]
    accuracy, coverage, severe = metrics["accuracy"], metrics["coverage"], metrics["accuracy_most_severe"]
    output.print_table(
        f"Events vs five-way classes {data['path']}, {data['units']} sentences",
        ("", "value", "count", "of"),
        [
            (
                "accuracy where coded (first event)",
                _pct(accuracy["accuracy"]),
                accuracy["correct"],
                accuracy["total"],
            ),
            (
                "accuracy where coded (most severe)",
                _pct(severe["accuracy"]),
                severe["correct"],
                severe["total"],
            ),
            ("coverage", _pct(coverage["share"]), coverage["covered"], coverage["total"]),
        ],
    )
    _confusion_table(
        "Gold class × predicted class",
        data["confusion"],
        [*map(str, range(5)), NONE],
        legend="classes: " + "; ".join(FIVE_WAY_LABELS) + f"; {NONE}: no event",
    )
    if data["misses"]:
        output.print_rows(
            f"Misses ({len(data['misses'])} of {data['misses_total']}; wrong class first, then no event)",
            ("gold", "predicted", "event (cameo source→target, trigger, pattern)"),
            [
                (
                    (m["gold"], "–" if m["predicted"] is None else m["predicted"], m["event"] or "–"),
                    m["text"],
                )
                for m in data["misses"]
            ],
            text_header="sentence",
        )


def _events_rates_report(data: dict[str, Any]) -> None:
    output.print_table(
        f"Events per 1,000 words by topic, {data['path']}, {data['units']} articles",
        ("topic", "articles", "words", "events", "counted", "per 1,000 words"),
        [
            (topic, row["articles"], row["words"], row["events"], row["counted"], row["per_1000_words"])
            for topic, row in data["metrics"]["topics"].items()
        ],
    )
    if data["misses"]:
        output.print_rows(
            f"Events in the off-topic stories ({len(data['misses'])} of {data['misses_total']})",
            ("event", "code source→target", "pattern"),
            [((m["id"], m["event"], m["pattern"]), m["text"]) for m in data["misses"]],
            text_header="evidence",
        )


@eval_app.command("events")
def eval_events_cli(
    gold: EventGoldOption,
    show: ShowOption = 25,
    as_json: JsonOption = False,
    limit: EventLimitOption = None,
    config: ConfigOption = None,
) -> None:
    """Code the events of gold articles or sentences and score them.

    Seed: the must / should / must-not items met, and the events coded. PLOVER sentences:
    event-type precision, recall and F1, gold × predicted types, source-country accuracy.
    Five-way classes: accuracy where an event is coded, coverage, a 5 × 5 table. Then the misses."""
    from ..evaluation.events import evaluate_events

    settings = open_settings(config)
    scores = evaluate_events(gold, settings, limit=limit)
    data = scores.to_dict(show=show)
    if as_json:
        output.print_json(data)
        return
    if scores.format == "seed":
        _events_seed_report(data)
    elif scores.format == "plover":
        _events_plover_report(data)
    elif scores.format == "rates":
        _events_rates_report(data)
    else:
        _events_five_way_report(data)
    for note in data["notes"][:show]:
        output.stdout.print(Text("note: ", style="bold") + Text(note))
    if len(data["notes"]) > show:
        output.stdout.print(f"… and {len(data['notes']) - show} more notes", highlight=False)
    output.stdout.print(f"scored in {data['seconds']:.1f} s", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
