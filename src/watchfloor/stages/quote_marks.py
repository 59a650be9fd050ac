"""Quotation marks → quoted spans, recovering locally from marks that do not balance.

Pure string work, no parse: the quote stage decides afterwards which quoted spans are speech.

Rules, per paragraph:

- A mark opens or closes by its glyph (“ „ « open, ” » close) unless the characters around it
  say clearly otherwise; a straight ``"`` is judged by its neighbours alone (space or start
  before and a word after: opening; a word or punctuation before and space, punctuation or the
  end after: closing).
- An opening mark while a quote is already open means the earlier one was never closed: it is
  closed at the last sentence end before the new mark (or just before the mark), flagged
  ``closed=False``, and scanning goes on. A closing mark with nothing open is ignored.
- A quote still open at the end of its paragraph runs to the end of the paragraph. If the next
  paragraph opens with a quotation mark, that is the newspaper convention for a quotation that
  continues: the next span records ``continues`` = the index of this one.
- Single quotes are quotation marks only in articles with no double ones (British style), and
  never between two letters (apostrophes: "Russia’s", "don't").

Nothing here raises on any input; every span lies inside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

DOUBLE_OPEN = "“„«``"
DOUBLE_CLOSE = "”»"
DOUBLE_STRAIGHT = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
SINGLE_STRAIGHT = "'"
_BEFORE_OPEN = "([{—–-/\u00a0"
_AFTER_CLOSE = ",.;:!?)]}—–-…"
_SENTENCE_END = ".!?…"
#: two apostrophes or backticks stand for a double mark in some newspapers' archives (''Yes,'')
_DOUBLE_MARKS = re.compile("''|``|[“”„«»\"]")
_SINGLE_MARKS = re.compile("[‘’']")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text between quotation marks inside one paragraph.

    ``start``/``end`` delimit the words inside the marks (whitespace trimmed); ``open_at`` and
    ``close_at`` are the positions of the marks themselves (``close_at`` is ``None`` when the
    quote was never closed in this paragraph).
    """

    index: int
    paragraph: int
    open_at: int
    close_at: int | None
    start: int
    end: int
    closed: bool
    continues: int | None = None
    close_end: int | None = None  # just after the closing mark

    @property
    def outer_end(self) -> int:
        return self.close_end if self.close_end is not None else self.end


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, width: int, lo: int, hi: int, single: bool) -> str | None:
    """'open', 'close' or None (not a quotation mark here) for the mark at ``text[i:i+width]``."""
    ch = text[i : i + width] if width > 1 else text[i]
    before = text[i - 1] if i > lo else ""
    after = text[i + width] if i + width < hi else ""
    space_before = before == "" or before.isspace() or before in _BEFORE_OPEN
    space_after = after == "" or after.isspace() or after in _AFTER_CLOSE
    if single and _is_word(before) and _is_word(after):
        return None  # an apostrophe inside a word
    opens = ch in (DOUBLE_OPEN + SINGLE_OPEN) or ch == "``"
    closes = ch in (DOUBLE_CLOSE + SINGLE_CLOSE)
    if opens and space_after and not space_before:
        return "close"  # a mis-typed curly mark in closing position
    if closes and space_before and not space_after:
        return "open"
    if opens or closes:
        return "open" if opens else "close"
    # straight mark: judged by context alone
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def find_quoted_spans(text: str, paragraphs: tuple[tuple[int, int], ...]) -> list[QuotedSpan]:
    """All quoted spans of ``text``, paragraph by paragraph (see the module rules)."""
    single = _DOUBLE_MARKS.search(text) is None
    marks = _SINGLE_MARKS if single else _DOUBLE_MARKS
    spans: list[QuotedSpan] = []
    for number, (lo, hi) in enumerate(paragraphs):
        lo, hi = max(0, lo), min(len(text), hi)
        open_at: int | None = None
        found: list[QuotedSpan | None] = []

        open_width = 1
        for match in marks.finditer(text, lo, hi):
            i, width = match.start(), match.end() - match.start()
            role = _role(text, i, width, lo, hi, single)
            if role is None:
                continue
            if role == "either":
                role = "close" if open_at is not None else "open"
            if role == "open":
                if open_at is not None:
                    end = _last_sentence_end(text, open_at + open_width, i)
                    found.append(_quoted(text, number, open_at, open_width, None, end))
                open_at, open_width = i, width
            elif open_at is not None:
                found.append(_quoted(text, number, open_at, open_width, (i, i + width), i))
                open_at = None
        if open_at is not None:
            found.append(_quoted(text, number, open_at, open_width, None, hi))
        spans.extend(span for span in found if span is not None)
    # number the spans and link a paragraph-final open quote to a quote opening the next paragraph
    numbered: list[QuotedSpan] = []
    for index, span in enumerate(spans):
        continues = None
        if numbered:
            previous = numbered[-1]
            p_lo = paragraphs[span.paragraph][0]
            if (
                not previous.closed
                and previous.close_at is None
                and previous.paragraph == span.paragraph - 1
                and previous.end >= _trimmed_end(text, paragraphs[previous.paragraph])
                and text[p_lo : span.open_at].strip() == ""
            ):
                continues = previous.index
        numbered.append(replace(span, index=index, continues=continues))
    return numbered


def _quoted(
    text: str, paragraph: int, open_at: int, width: int, close: tuple[int, int] | None, end: int
) -> QuotedSpan | None:
    """The span between an opening mark and ``end``, whitespace trimmed; None if empty."""
    start = open_at + width
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    if close is None:
        return QuotedSpan(0, paragraph, open_at, None, start, end, closed=False)
    return QuotedSpan(0, paragraph, open_at, close[0], start, end, closed=True, close_end=close[1])


def _trimmed_end(text: str, paragraph: tuple[int, int]) -> int:
    lo, hi = paragraph
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Position just after the last sentence-ending character in ``text[lo:hi]``, else ``hi``."""
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in _SENTENCE_END:
            return i + 1
    return hi
