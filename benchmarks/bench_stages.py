#!/usr/bin/env python
"""What each pipeline stage adds to the spaCy parse it runs on: same run, same articles.

The articles of ``--corpus`` are cleaned as ``ingest`` cleans them, parsed once with
``nlp.pipe`` (timed: the bare parse), and every stage of ``--stages`` then runs over the same
parsed ``Doc`` objects in pipeline order (each stage timed on its own). Both are repeated
``--repeat`` times and the medians are compared: ``stage seconds / parse seconds``
is the share a stage adds to the parse. See benchmarks/README.md.

    python benchmarks/bench_stages.py                       # news.jsonl, default stages
    python benchmarks/bench_stages.py --repeat 5 --stages segment.sentences.v1,quotes.attribution.v1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpus/news.jsonl"
SAMPLES = REPO / "src/watchfloor/resources/samples/articles.jsonl"

#: The issues' goals: the most a stage may add to the parse, as a share of its time.
GOALS = {"quotes.attribution.v1": 0.10, "actors.resolve.v1": 0.15, "events.cameo.v1": 0.10}


def load_articles(corpus: Path, settings: Any) -> list[Any]:
    from watchfloor.sources import iter_raw_articles
    from watchfloor.stages.prepare import prepare_articles, skip_reason

    raw = iter_raw_articles([str(corpus)], max_article_bytes=settings.max_article_bytes)
    articles = prepare_articles(raw, settings=settings, on_problem=lambda problem: None)
    return [a for a in articles if skip_reason(a) is None]


def parse(nlp: Any, articles: list[Any], batch_size: int) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
    return time.perf_counter() - started, docs


def run_stages(
    stages: list[Any], articles: list[Any], docs: list[Any]
) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds per stage over all articles, and how many records each stage produced."""
    seconds = dict.fromkeys((s.name for s in stages), 0.0)
    produced = dict.fromkeys((s.name for s in stages), 0)
    for article, doc in zip(articles, docs, strict=True):
        done: dict[str, Any] = {"tokens": len(doc)}
        for stage in stages:
            started = time.perf_counter()
            out = stage(article, doc, done)
            seconds[stage.name] += time.perf_counter() - started
            done.update(out)
            produced[stage.name] += sum(len(v) for v in out.values() if isinstance(v, list | tuple))
    return seconds, produced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--synthetic", action="store_true", help="use the bundled sample articles")
    parser.add_argument("--stages", default="", help="comma-separated stage names (default: the pipeline's)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    from watchfloor import __version__
    from watchfloor.nlp import load_nlp
    from watchfloor.pipeline import DEFAULT_STAGES, check_stage_order
    from watchfloor.registry import get_stage_factory
    from watchfloor.settings import load_settings

    corpus = SAMPLES if args.synthetic else args.corpus
    if not corpus.exists():
        print(f"SKIP: {corpus} not found (pass --synthetic to use the bundled samples)")
        return 0
    settings = load_settings()
    names = [n for n in args.stages.split(",") if n] or list(DEFAULT_STAGES)
    stages, setup = [], {}
    for name in names:  # building a stage loads its data (the actor dictionary, GeoNames)
        started = time.perf_counter()
        stages.append(get_stage_factory(name)(settings))
        setup[name] = time.perf_counter() - started
    check_stage_order(stages)
    articles = load_articles(corpus, settings)
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    nlp = load_nlp(settings.model)
    for _ in nlp.pipe(["Warm-up text. It has two sentences.\n\nAnd a paragraph."] * 4):
        pass
    load_s = time.perf_counter() - started

    parse_runs: list[float] = []
    stage_runs: dict[str, list[float]] = {s.name: [] for s in stages}
    produced: dict[str, int] = {}
    for i in range(args.repeat):
        parse_s, docs = parse(nlp, articles, settings.batch_size)
        parse_runs.append(parse_s)
        seconds, produced = run_stages(stages, articles, docs)
        for name, s in seconds.items():
            stage_runs[name].append(s)
        del docs
        print(
            f"run {i + 1}/{args.repeat}: parse {parse_s:.2f} s, stages {sum(seconds.values()):.3f} s",
            file=sys.stderr,
        )

    parse_median = statistics.median(parse_runs)
    rows = []
    for stage in stages:
        median = statistics.median(stage_runs[stage.name])
        share = median / parse_median
        goal = GOALS.get(stage.name)
        rows.append(
            {
                "stage": stage.name,
                "seconds_median": median,
                "seconds_runs": stage_runs[stage.name],
                "share_of_parse": share,
                "records": produced[stage.name],
                "setup_s": setup[stage.name],
                "goal_share": goal,
                "pass": None if goal is None else share <= goal,
            }
        )
    total_share = sum(r["seconds_median"] for r in rows) / parse_median
    print(f"\n{len(articles)} articles, {words:,} words; spaCy {settings.model}, model load {load_s:.1f} s")
    print(
        f"bare parse: median {parse_median:.2f} s ({words / parse_median:,.0f} words/s)",
        f"over {args.repeat} runs\n",
    )
    print(f"{'stage':<28} {'setup s':>8} {'median s':>9} {'% of parse':>10} {'records':>8}  goal")
    for r in rows:
        goal = (
            "" if r["goal_share"] is None else f"<= {r['goal_share']:.0%}: {'PASS' if r['pass'] else 'FAIL'}"
        )
        print(
            f"{r['stage']:<28} {r['setup_s']:>8.2f} {r['seconds_median']:>9.3f} {r['share_of_parse']:>10.1%}",
            f"{r['records']:>8}  {goal}",
        )
    all_seconds = sum(r["seconds_median"] for r in rows)
    print(f"{'all stages':<28} {sum(setup.values()):>8.2f} {all_seconds:>9.3f} {total_share:>10.1%}")

    import spacy

    result = {
        "date": dt.date.today().isoformat(),
        "corpus": str(corpus),
        "articles": len(articles),
        "words": words,
        "model": settings.model,
        "batch_size": settings.batch_size,
        "model_load_s": load_s,
        "parse_seconds_median": parse_median,
        "parse_seconds_runs": parse_runs,
        "stages": rows,
        "all_stages_share_of_parse": total_share,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "spacy": spacy.__version__,
        },
        "watchfloor": __version__,
    }
    out = args.out or REPO / f"benchmarks/results/stages-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
