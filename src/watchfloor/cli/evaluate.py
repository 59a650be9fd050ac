"""``watchfloor eval …``: score the extractors against gold data (``eval quotes``, ``eval actors``).

The scores are a measurement, not a gate: the command exits 0 whenever it ran, and 2 when the
gold path is missing or in no format we read. Each ``eval`` subcommand is a thin wrapper of an
``evaluate_<records>`` function in :mod:`watchfloor.evaluation`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
