"""The quote scorer: gold readers, matching rule, metrics, and ``watchfloor eval quotes``.

Unit tests build articles, gold attributions and predicted Quote records by hand (no model);
the PolNeAR alignment check and the CLI run on the seed use ``../shared`` and skip without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from watchfloor.errors import ConfigError
from watchfloor.evaluation import score_quotes
from watchfloor.evaluation.gold import (
    GoldDocument,
    GoldQuote,
    GoldSet,
    NotQuote,
    kind_of_content,
    parse_ann,
    read_brat_folder,
    read_gold,
    span_mismatches,
)
from watchfloor.evaluation.quotes import Prediction, normalized_parts
from watchfloor.settings import Settings
from watchfloor.stages.normalize import join_paragraphs
from watchfloor.stages.prepare import hash_text
from watchfloor.types import Article, Quote, Speaker

Cli = Callable[..., tuple[int, str, str]]
Span = tuple[int, int]


# -- builders ---------------------------------------------------------------------------------


def make_article(*paragraphs: str) -> Article:
    text, spans = join_paragraphs(list(paragraphs))
    return Article(id=hash_text(text), text=text, paragraphs=spans, origin="test", language="en")


def find(article: Article, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(needle, start + 1)
    return (start, start + len(needle))


def gold(
    article: Article, *contents: str | tuple[Span, ...], kind: str = "indirect", **fields: Any
) -> GoldQuote:
    """A gold quote whose content is one text (located in the article) or explicit parts."""
    parts = tuple(find(article, c) for c in contents if isinstance(c, str))
    parts += tuple(p for c in contents if not isinstance(c, str) for p in c)
    text = " ".join(article.text[s:e] for s, e in parts)
    return GoldQuote(id=fields.pop("id", "g"), parts=parts, text=text, kind=kind, **fields)


def quote(article: Article, *parts: Span, kind: str = "indirect", **fields: Any) -> Quote:
    values: dict[str, Any] = {
        "article_id": article.id,
        "index": 0,
        "paragraph": 0,
        "sentence": 0,
        "start": min(s for s, _ in parts),
        "end": max(e for _, e in parts),
        "parts": tuple(parts),
        "text": " ".join(article.text[s:e] for s, e in parts),
        "kind": kind,
        "cue": None,
        "cue_lemma": None,
        "cue_start": None,
        "cue_end": None,
        "speaker_mention": None,
        "speaker_start": None,
        "speaker_end": None,
        "speaker": None,
        "attribution": "explicit",
        "confidence": 0.9,
    }
    values.update(fields)
    return Quote(**values)


def score(
    article: Article, golds: list[GoldQuote], quotes: list[Quote], fmt: str = "brat", **doc: Any
) -> Any:
    document = GoldDocument("doc", article, tuple(golds), **doc)
    return score_quotes(GoldSet(fmt, "test", (document,)), {"doc": Prediction(tuple(quotes))})


def score_with_speakers(
    article: Article, golds: list[GoldQuote], quotes: list[Quote], speakers: list[Speaker]
) -> Any:
    document = GoldDocument("doc", article, tuple(golds))
    prediction = Prediction(tuple(quotes), tuple(speakers))
    return score_quotes(GoldSet("seed", "test", (document,)), {"doc": prediction})


# -- matching ---------------------------------------------------------------------------------

SENTENCE = "Officials said the talks in Geneva will resume next week after a pause."
GOLD_CONTENT = "the talks in Geneva will resume next week"  # 8 word tokens


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        ("the talks in Geneva", True),  # 4 of 8 tokens: exactly 50% matches
        ("the talks in", False),  # 3 of 8
        ("Geneva will resume next week after a pause", True),  # 5 of 8, extra words do not hurt
        ("Officials said the", False),  # 1 of 8
    ],
)
def test_eval_quotes_overlap_threshold_is_half_the_gold_tokens(predicted: str, matches: bool) -> None:
    article = make_article(SENTENCE)
    scores = score(article, [gold(article, GOLD_CONTENT)], [quote(article, find(article, predicted))])
    assert scores.overlap.correct_gold == int(matches)
    assert scores.overlap.recall == (1.0 if matches else 0.0)
    assert scores.overlap.precision == (1.0 if matches else 0.0)
    assert len(scores.false_negatives) == len(scores.false_positives) == int(not matches)


def test_eval_quotes_matching_is_one_to_one() -> None:
    article = make_article(SENTENCE)
    one_gold = [gold(article, GOLD_CONTENT)]
    twice = [
        quote(article, find(article, GOLD_CONTENT)),
        quote(article, find(article, "talks in Geneva will")),
    ]
    scores = score(article, one_gold, twice)
    assert (scores.overlap.correct_gold, scores.overlap.predicted) == (1, 2)
    assert scores.overlap.precision == 0.5 and scores.overlap.recall == 1.0
    # the better-covering prediction is the one matched; the other is the false positive
    assert [m.text for m in scores.false_positives] == ["talks in Geneva will"]


def test_eval_quotes_one_prediction_matches_one_of_two_golds() -> None:
    article = make_article("Aides said the vote was close and the count was slow.")
    golds = [gold(article, "the vote was close", id="a"), gold(article, "the count was slow", id="b")]
    scores = score(
        article, golds, [quote(article, find(article, "the vote was close and the count was slow"))]
    )
    assert scores.overlap.correct_gold == 1 and scores.overlap.recall == 0.5
    assert scores.overlap.precision == 1.0


def test_eval_quotes_greedy_takes_best_coverage_first() -> None:
    article = make_article("She said the plan works and the budget holds and the team stays.")
    golds = [gold(article, "the plan works", id="a"), gold(article, "the budget holds", id="b")]
    wide = quote(article, find(article, "the plan works and the budget"))  # a: 100%, b: 67%
    narrow = quote(article, find(article, "budget holds"))  # b: 67%
    scores = score(article, golds, [narrow, wide])
    assert scores.overlap.correct_gold == 2


def test_eval_quotes_discontinuous_gold_counts_only_its_parts() -> None:
    article = make_article("“We will not give up,” the minister said, “and we will win this war.”")
    first, second = find(article, "“We will not give up,”"), find(article, "“and we will win this war.”")
    golds = [gold(article, (first, second), kind="direct")]
    frame_only = quote(article, find(article, "the minister said"))
    assert score(article, golds, [frame_only]).overlap.correct_gold == 0
    # one part alone is 6 of 11 tokens
    assert (
        score(article, golds, [quote(article, find(article, "and we will win this war"))]).overlap.f1 == 1.0
    )
    # both parts without their quotation marks and commas: also an exact match
    inner = (find(article, "We will not give up"), find(article, "and we will win this war"))
    scores = score(article, golds, [quote(article, *inner, kind="direct")])
    assert scores.exact.f1 == 1.0 and scores.kind.correct == 1
    # one continuous span over the frame is an overlap match but not an exact one
    whole = quote(article, (first[0], second[1]), kind="direct")
    scores = score(article, golds, [whole])
    assert scores.overlap.f1 == 1.0 and scores.exact.f1 == 0.0


@pytest.mark.parametrize(
    ("gold_text", "predicted_text", "equal"),
    [
        ("“We will win,”", "We will win", True),
        ("We will win.", "We will win", True),
        ("“We will win.”  ", "We will win.", True),
        ("that we will win", "we will win", False),
        ("We will win!", "We will win", False),  # ! and ? belong to the words
    ],
)
def test_eval_quotes_exact_span_normalisation(gold_text: str, predicted_text: str, equal: bool) -> None:
    article = make_article(f"Ministers said {gold_text}")
    outer = find(article, gold_text)
    offset = gold_text.index(predicted_text) if predicted_text in gold_text else None
    assert offset is not None
    inner = (outer[0] + offset, outer[0] + offset + len(predicted_text))
    same = normalized_parts(article.text, [outer]) == normalized_parts(article.text, [inner])
    assert same is equal


def test_eval_quotes_kind_breakdown_uses_gold_kind_for_recall_and_predicted_for_precision() -> None:
    article = make_article(
        "“We are ready,” she said.",
        "He said the deal was “dead on arrival” in the Senate.",
        "Officials said the border would stay closed.",
    )
    golds = [
        gold(article, "“We are ready,”", kind="direct", id="d"),
        gold(article, "the deal was “dead on arrival” in the Senate", kind="mixed", id="m"),
        gold(article, "the border would stay closed", kind="indirect", id="i"),
    ]
    quotes = [
        quote(article, find(article, "We are ready"), kind="direct"),
        quote(article, find(article, "the deal was “dead on arrival” in the Senate"), kind="direct"),
        quote(article, find(article, "she said"), kind="indirect"),  # a false positive
    ]
    scores = score(article, golds, quotes)
    kinds = {k: (p.correct_predicted, p.predicted, p.correct_gold, p.gold) for k, p in scores.by_kind.items()}
    assert kinds == {"direct": (2, 2, 1, 1), "mixed": (0, 0, 1, 1), "indirect": (0, 1, 0, 1)}
    assert scores.by_kind["mixed"].precision is None and scores.by_kind["mixed"].f1 == 0.0
    assert (scores.kind.correct, scores.kind.total) == (1, 2)


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        (["“We will win,”"], "direct"),
        (["“We will win,” “and soon.”"], "direct"),
        (['"It is over."'], "direct"),
        (["the deal was “dead on arrival”"], "mixed"),
        (["“Dead” is the word, he said"], "mixed"),
        (["Clinton’s team avoided the hospital"], "indirect"),
    ],
)
def test_eval_quotes_gold_kind_from_quotation_marks(parts: list[str], kind: str) -> None:
    assert kind_of_content(parts) == kind


# -- speaker, cue, kind and route accuracy ----------------------------------------------------


def test_eval_quotes_brat_speaker_and_cue_spans() -> None:
    article = make_article(
        "The New York Post reported the team avoided the hospital.",
        "The talks will resume, the statement said.",
    )
    golds = [
        gold(
            article,
            "the team avoided the hospital",
            source_parts=(find(article, "The New York Post"),),
            source_text="The New York Post",
            cue_parts=(find(article, "reported"),),
            cue="reported",
            id="a",
        ),
        gold(article, "The talks will resume", cue_parts=(find(article, "said"),), cue="said", id="b"),
    ]
    post, cue = find(article, "New York Post"), find(article, "reported")
    quotes = [
        quote(article, find(article, "the team avoided the hospital"), speaker_start=post[0],
              speaker_end=post[1], speaker_mention="New York Post", cue_start=cue[0], cue_end=cue[1]),
        quote(article, find(article, "The talks will resume")),  # no speaker, no cue
    ]  # fmt: skip
    scores = score(article, golds, quotes)
    acc = {name: (a.correct, a.total) for name, a in scores.speaker.items()}
    assert acc == {"overlap": (1, 1), "exact": (0, 1), "no_gold_source": (1, 1)}
    assert (scores.cue.correct, scores.cue.total) == (1, 2)


def test_eval_quotes_seed_speaker_cue_route_and_mixed_rule() -> None:
    article = make_article(
        "NATO Secretary General Jens Stoltenberg said Russia’s invasion is a “new reality” for the alliance.",
        "“We are ready,” he added.",
        "“We will act,” According To Stoltenberg.",
    )
    seed = {"speaker": "Jens Stoltenberg", "speaker_role": "NATO Secretary General"}
    golds = [
        gold(article, "Russia’s invasion is a “new reality” for the alliance", kind="indirect",
             cue="said", attribution="explicit", id="q1", **seed),
        gold(article, "“We are ready,”", kind="direct", cue="added", attribution="pronoun", id="q2", **seed),
        gold(article, "“We will act,”", kind="direct", cue="according to", attribution="according_to",
             id="q3", **seed),
    ]  # fmt: skip
    speakers = [
        Speaker(article.id, 0, "Jens Stoltenberg", "Secretary General", "NATO", "person",
                "NATO Secretary General Jens Stoltenberg", 0, 39),
        Speaker(article.id, 1, "Jens Stoltenberg", None, None, "person", "Jens Stoltenberg", 0, 0),
    ]  # fmt: skip
    quotes = [
        quote(article, find(article, "Russia’s invasion is a “new reality” for the alliance"), kind="mixed",
              cue="said", speaker=0, attribution="explicit"),
        quote(article, find(article, "We are ready"), kind="direct", cue="Added", speaker=1,
              attribution="explicit"),
        quote(article, find(article, "We will act"), kind="indirect", cue="according to", speaker=None,
              attribution="according_to"),
    ]  # fmt: skip
    scores = score_with_speakers(article, golds, quotes, speakers)
    acc = {name: (a.correct, a.total) for name, a in scores.speaker.items()}
    assert acc == {"name": (2, 3), "name_and_role": (1, 3)}
    assert (scores.cue.correct, scores.cue.total) == (3, 3)
    # mixed for a seed "indirect" with quotation marks in the content counts; indirect for direct does not
    assert (scores.kind.correct, scores.kind.total) == (2, 3)
    assert scores.attribution is not None and (scores.attribution.correct, scores.attribution.total) == (2, 3)
    assert "mixed" in scores.to_dict()["kind_rule"]


def test_eval_quotes_seed_files_mixed_under_indirect_and_according_to_under_explicit() -> None:
    article = make_article(
        "Stoltenberg said Russia’s invasion is a “new reality” for us.", "According to him, it is bad."
    )
    golds = [
        gold(
            article, "Russia’s invasion is a “new reality” for us", cue="said", attribution="explicit", id="a"
        ),
        gold(article, "it is bad", cue="according to", attribution="explicit", id="b"),
    ]
    quotes = [
        quote(
            article, find(article, "Russia’s invasion is a “new reality” for us"), kind="mixed", cue="said"
        ),
        quote(article, find(article, "it is bad"), cue="According to", attribution="according_to"),
    ]
    scores = score(article, golds, quotes, fmt="seed")
    assert (scores.by_kind["indirect"].precision, scores.by_kind["indirect"].recall) == (1.0, 1.0)
    assert scores.by_kind["mixed"].predicted == 0
    assert scores.attribution is not None and scores.attribution.correct == 2
    # BRAT gold keeps the kinds apart
    brat = score(article, golds, quotes)
    assert brat.by_kind["mixed"].predicted == 1


def test_eval_quotes_seed_cue_null_equals_null_only() -> None:
    article = make_article("“We are ready.”", "“We are not,” he said.")
    golds = [
        gold(article, "“We are ready.”", kind="direct", id="a"),
        gold(article, "“We are not,”", cue="said"),
    ]
    quotes = [quote(article, find(article, "We are ready"), kind="direct"),
              quote(article, find(article, "We are not"), kind="direct")]  # fmt: skip
    scores = score(article, golds, quotes, fmt="seed")
    assert (scores.cue.correct, scores.cue.total) == (1, 2)


def test_eval_quotes_not_quote_violations() -> None:
    article = make_article("In an interview on “Meet The Press,” he said the alliance was ready.")
    golds = [gold(article, "the alliance was ready")]
    not_quotes = (NotQuote(0, (find(article, "Meet The Press"),), "Meet The Press", "a title"),)
    bad = quote(article, find(article, "Meet The Press,"), kind="direct")
    good = quote(article, find(article, "the alliance was ready"))
    scores = score(article, golds, [good, bad], fmt="seed", not_quotes=not_quotes)
    assert [(v.not_quote, v.predicted) for v in scores.violations] == [("Meet The Press", "Meet The Press,")]
    assert scores.to_dict()["not_quotes"]["checked"] == 1
    assert not score(article, golds, [good], fmt="seed", not_quotes=not_quotes).violations


def test_eval_quotes_nothing_predicted_and_json_ready() -> None:
    article = make_article(SENTENCE)
    scores = score(article, [gold(article, GOLD_CONTENT)], [])
    data = scores.to_dict(show=5)
    assert data["overlap"]["precision"] is None and data["overlap"]["recall"] == 0.0
    assert data["overlap"]["f1"] == 0.0 and data["false_negatives"] == 1
    assert data["worst_false_negatives"][0]["text"] == GOLD_CONTENT
    json.dumps(data)


# -- gold readers -----------------------------------------------------------------------------

BRAT_TEXT = (
    "Mayor Says Bridge Will Reopen\n"
    "\n"
    "“The bridge will reopen in May,” Mayor Ada Ruiz said on Monday, “and tolls will not rise.”\n"
    "\n"
    "Residents\u00a0doubted the promise, the paper reported.\n"
    "\n"
    "The plan has faced questions about costs.\n"
)


def _offsets(text: str, needle: str) -> str:
    start = text.index(needle)
    return f"{start} {start + len(needle)}"


def _brat_ann(text: str) -> str:
    first = "“The bridge will reopen in May,”"
    second = "“and tolls will not rise.”"
    lines = [
        f"T1\tSource {_offsets(text, 'Mayor Ada Ruiz')}\tMayor Ada Ruiz",
        f"T2\tCue {_offsets(text, 'said')}\tsaid",
        f"T3\tContent {_offsets(text, first)};{_offsets(text, second)}\t{first} {second}",
        f"T4\tAttribution {_offsets(text, 'said')}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tContent {_offsets(text, 'Residents')}\tResidents",
        f"T6\tContent {_offsets(text, 'doubted the promise')}\tdoubted the promise",
        f"T7\tSource {_offsets(text, 'the paper')}\tthe paper",
        f"T8\tCue {_offsets(text, 'reported')}\treported",
        "E2\tAttribution:T8 Cue:T8 Source:T7 Content:T5 Content2:T6",
        f"T9\tContent {_offsets(text, 'The plan')}\tThe plan",
        f"T10\tCue {_offsets(text, 'has faced questions about')}\thas faced questions about",
        f"T11\tAttribution-no-source {_offsets(text, 'has faced')}\thas faced",
        "E3\tAttribution-no-source:T11 Content:T9 Cue:T10",
        f"T12\tDiscard {_offsets(text, 'Mayor Says')}\tMayor Says",
        "#1\tAnnotatorNotes T1\ta note",
    ]
    return "\n".join(lines) + "\n"


def write_brat(root: Path, text: str, *, data: bytes | None = None) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "city_2020-01-01_bridge.txt").write_bytes(data if data is not None else text.encode())
    (root / "attributions" / "city_2020-01-01_bridge_aaaa.ann").write_text(_brat_ann(text), "utf-8")
    (root / "attributions" / "city_2020-01-01_bridge_bbbb.ann").write_text("T1\tCue 0 5\tMayor\n", "utf-8")
    (root / "text" / "other_2020-01-02_none.txt").write_text("No annotations here.\n", "utf-8")
    return root


def test_eval_quotes_reads_brat_folder(tmp_path: Path, settings: Settings) -> None:
    root = write_brat(tmp_path / "dev", BRAT_TEXT)
    gold_set = read_gold(root, settings)
    assert gold_set.format == "brat"
    (document,) = gold_set.documents
    assert document.name == "city_2020-01-01_bridge"
    assert document.article.text == BRAT_TEXT.replace("\u00a0", " ")  # same length, same offsets
    title = document.article.paragraphs[0]
    assert document.article.text[title[0] : title[1]] == "Mayor Says Bridge Will Reopen"
    bridge, residents, plan = document.quotes  # annotator aaaa, the first in sorted order
    assert bridge.kind == "direct" and len(bridge.parts) == 2
    assert bridge.source_text == "Mayor Ada Ruiz" and bridge.cue == "said"
    assert residents.parts == (
        find(document.article, "Residents"),
        find(document.article, "doubted the promise"),
    )
    assert residents.kind == "indirect"
    assert plan.source_parts == () and plan.source_text is None and plan.cue == "has faced questions about"
    assert span_mismatches(document) == []
    assert gold_set.notes == ("other_2020-01-02_none.txt: no annotation file, skipped",)
    assert len(read_brat_folder(root, limit=1).documents) == 1


@pytest.mark.parametrize("variant", ["crlf", "bom"])
def test_eval_quotes_brat_offsets_without_crlf_or_bom(
    tmp_path: Path, settings: Settings, variant: str
) -> None:
    """Offsets counted on the text with plain newlines and no BOM still fit a CRLF or BOM file."""
    data = (
        BRAT_TEXT.replace("\n", "\r\n").encode()
        if variant == "crlf"
        else b"\xef\xbb\xbf" + BRAT_TEXT.encode()
    )
    root = write_brat(tmp_path / "dev", BRAT_TEXT, data=data)
    (document,) = read_gold(root, settings).documents
    assert span_mismatches(document) == []
    assert document.article.text.replace("\r", "") == BRAT_TEXT.replace("\u00a0", " ")


def test_eval_quotes_misaligned_gold_is_refused(tmp_path: Path, settings: Settings) -> None:
    root = write_brat(tmp_path / "dev", BRAT_TEXT, data=("Moved. " + BRAT_TEXT).encode())
    with pytest.raises(ConfigError, match="do not match"):
        read_gold(root, settings)


def test_eval_quotes_parse_ann_skips_events_without_content() -> None:
    ann = "T1\tCue 0 4\tsaid\nT2\tSource 5 7\the\nE1\tAttribution:T1 Cue:T1 Source:T2\n"
    assert parse_ann(ann) == []
    with pytest.raises(ConfigError, match="unknown span"):
        parse_ann("T1\tContent 0 4\tsaid\nE1\tAttribution:T1 Content:T1 Source:T9\n")


def test_eval_quotes_parse_ann_joins_span_text_that_runs_over_lines() -> None:
    ann = "T1\tContent 0 12\tfirst line\n\nend\nT2\tCue 13 17\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n\n"
    (quote,) = parse_ann(ann)
    assert quote.text == "first line\n\nend"
    assert quote.cue == "said"


def test_eval_quotes_reads_seed_file_through_ingestion(tmp_path: Path, settings: Settings) -> None:
    lines = [
        "Minister  Ana Silva said the  port will reopen soon.",  # double spaces: cleaning squashes them
        "“We are ready,” she said.",
        "Advertisement",  # page furniture: removed by ingestion
        "“It is done,” she said on “Morning Show.”",
    ]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "port.txt").write_text("\n".join(lines) + "\n", "utf-8")
    gold_file = tmp_path / "gold" / "port.expected.json"
    gold_file.parent.mkdir()
    gold_file.write_text(
        json.dumps(
            {
                "document": "corpus/port.txt",
                "quotes": [
                    {
                        "paragraph": 0,
                        "kind": "indirect",
                        "cue": "said",
                        "content": "the  port will reopen soon",
                    },
                    {"paragraph": 3, "kind": "direct", "cue": "said", "content": "It is done,"},
                ],
                "not_quotes": [{"paragraph": 3, "text": "Morning Show", "why": "a title"}],
            }
        ),
        "utf-8",
    )
    gold_set = read_gold(gold_file, settings)
    (document,) = gold_set.documents
    assert gold_set.format == "seed" and len(document.article.paragraphs) == 3
    first, second = document.quotes
    assert first.text == "the port will reopen soon"
    assert second.text == "It is done," and second.parts[0][0] > document.article.paragraphs[2][0]
    assert document.not_quotes[0].text == "Morning Show"


@pytest.mark.parametrize("name", ["missing", "notes.txt", "empty_dir"])
def test_eval_quotes_unknown_gold_exits_2(run_cli: Cli, tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("hello", "utf-8")
    (tmp_path / "empty_dir").mkdir()
    code, _, err = run_cli("eval", "quotes", "--gold", tmp_path / name)
    assert code == 2 and "gold" in err


def test_eval_quotes_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    from watchfloor.cli.evaluate import eval_app

    names = [command.name for command in eval_app.registered_commands]
    assert names and all(f"`watchfloor eval {name}" in readme for name in names)


# -- real gold (../shared) --------------------------------------------------------------------


def test_eval_quotes_polnear_dev_spans_align(shared: Path) -> None:
    folder = shared / "gold" / "polnear" / "dev"
    if not folder.is_dir():
        pytest.skip("PolNeAR dev is not in ../shared")
    gold_set = read_brat_folder(folder)
    assert len(gold_set.documents) == len(list((folder / "text").glob("*.txt")))
    for document in gold_set.documents:
        assert span_mismatches(document) == [], document.name
        text = document.article.text
        for item in document.quotes:
            assert all(0 <= s < e <= len(text) for s, e in item.parts + item.source_parts + item.cue_parts)


def test_eval_quotes_seed_gold_spans_in_their_paragraphs(shared: Path, settings: Settings) -> None:
    gold_set = read_gold(shared / "gold" / "seed-stoltenberg.expected.json", settings)
    (document,) = gold_set.documents
    data = json.loads((shared / "gold" / "seed-stoltenberg.expected.json").read_text("utf-8"))
    assert len(document.quotes) == len(data["quotes"])
    for item, expected in zip(document.quotes, data["quotes"], strict=True):
        start, end = document.article.paragraphs[expected["paragraph"]]
        assert start <= item.parts[0][0] < item.parts[0][1] <= end
        assert item.text == expected["content"]


@pytest.mark.slow
def test_eval_quotes_cli_seed_json(run_cli: Cli, shared: Path) -> None:
    code, out, _ = run_cli(
        "eval", "quotes", "--gold", shared / "gold" / "seed-stoltenberg.expected.json", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["gold"]["format"] == "seed" and data["gold"]["documents"] == 1
    for key in ("overlap", "exact"):
        assert set(data[key]) >= {"precision", "recall", "f1", "predicted", "gold"}
        assert data[key]["gold"] == 10
    assert set(data["by_kind"]) >= {"direct", "indirect", "mixed"}
    assert set(data["matched"]) == {"speaker", "cue", "kind", "attribution"}
    assert set(data["matched"]["speaker"]) == {"name", "name_and_role"}
    assert data["not_quotes"]["checked"] == 2 and isinstance(data["not_quotes"]["violations"], list)
    assert "mixed" in data["kind_rule"]
