from pathlib import Path

import pytest

from watchfloor.errors import ConfigError
from watchfloor.stages.furniture import load_furniture_rules, strip_furniture

STORY = ["The minister said talks would resume on Monday.", "“We are ready,” she said."]


@pytest.mark.parametrize(
    "tail",
    [
        ["Related Stories:"],
        ["Advertisement"],
        ["Read more"],
        ["Share this article"],
        ["Sign up for our newsletter"],
        ["Sign up for our daily newsletter here."],
        ["More on this topic:"],
        ["Share this article", "Related Stories:"],
        ["(Reporting by Jane Doe; Editing by John Roe)"],
        ["https://example.com/story @wire #news"],
        ["Tags: Russia, Ukraine, NATO"],
        ["© 2026 Northwind Wire. All rights reserved."],
    ],
)
def test_furniture_trailing_lines_removed(tail: list[str]) -> None:
    assert strip_furniture(STORY + tail, load_furniture_rules()) == STORY


def test_furniture_standalone_line_inside_story_removed() -> None:
    paragraphs = [STORY[0], "ADVERTISEMENT", STORY[1]]
    assert strip_furniture(paragraphs, load_furniture_rules()) == STORY


@pytest.mark.parametrize(
    "paragraph",
    [
        "Read more about the sanctions in the report, officials said.",
        "He said: “Share this article with anyone who doubts us.” Nobody laughed at the joke.",
        "The advertisement campaign cost the ministry more than two million euros last year.",
        "Critics said the plan was unworkable:",  # a sentence-long lead-in is content, not a label
    ],
)
def test_furniture_keeps_story_sentences(paragraph: str) -> None:
    assert strip_furniture([*STORY[:1], paragraph], load_furniture_rules())[-1] == paragraph


def test_furniture_user_file_extends_rules(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("standalone:\n  - Listen to our podcast\n", "utf-8")
    paragraphs = [*STORY, "Listen to our podcast"]
    assert strip_furniture(paragraphs, load_furniture_rules()) == paragraphs
    assert strip_furniture(paragraphs, load_furniture_rules(extra)) == STORY


def test_furniture_bad_user_file_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("standalone: [ok]\nunknown_key: 1\n", "utf-8")
    with pytest.raises(ConfigError):
        load_furniture_rules(extra)
