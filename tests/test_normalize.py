import pytest

from watchfloor.stages.normalize import join_paragraphs, normalize_text, split_paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("  lots   of\tspace \u00a0here  ", "lots of space here"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ('“Curly” and "straight" ‘quotes’ it’s', '“Curly” and "straight" ‘quotes’ it’s'),
        ("bell\x07char", "bellchar"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_split_one_paragraph_per_line_without_blank_lines() -> None:
    assert split_paragraphs("First line.\nSecond line.\n\n") == ["First line.", "Second line."]


def test_normalize_split_blank_lines_join_wrapped_lines() -> None:
    text = "A hard-wrapped\nparagraph here.\n\nSecond\nparagraph."
    assert split_paragraphs(text) == ["A hard-wrapped paragraph here.", "Second paragraph."]


def test_normalize_join_paragraph_offsets_point_into_text() -> None:
    text, spans = join_paragraphs(["One.", "Two two.", "Three"])
    assert [text[s:e] for s, e in spans] == ["One.", "Two two.", "Three"]
    assert text == "One.\n\nTwo two.\n\nThree"
