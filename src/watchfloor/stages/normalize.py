"""Text normalisation: Unicode NFC, line endings, whitespace, paragraphs.

Quotation marks and apostrophes are kept exactly as published (curly or straight): the quote
stage depends on them. Only invisible characters and spacing are touched.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and format characters that carry no text (BOM, ZWSP, soft hyphen, word joiner…).
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
# Any horizontal space, including no-break and thin spaces, becomes one ordinary space.
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

#: How paragraphs are joined in :attr:`Article.text`.
PARAGRAPH_SEPARATOR = "\n\n"


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line endings, no control or zero-width characters,
    single spaces and no spaces at line ends. Line structure is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n")


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs.

    Text with blank lines between blocks is split on the blank lines and the lines inside a
    block are joined (hard-wrapped text). Text with no blank lines at all has one paragraph per
    line (the layout of the seed article and most copy-pasted news).
    """
    text = text.strip("\n")
    if _BLANK_LINE.search(text):
        blocks = _BLANK_LINE.split(text)
        paragraphs = [" ".join(line for line in block.split("\n") if line) for block in blocks]
    else:
        paragraphs = text.split("\n")
    return [p for p in (p.strip() for p in paragraphs) if p]


def join_paragraphs(paragraphs: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join paragraphs into one text and return it with each paragraph's (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for paragraph in paragraphs:
        spans.append((pos, pos + len(paragraph)))
        pos += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(paragraphs), tuple(spans)
