"""Language identification with py3langid (model ships in the package; nothing downloaded)."""

from __future__ import annotations

from functools import cache
from typing import Any

#: How much text is enough to tell the language; more only costs time.
_SAMPLE_CHARS = 4000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # norm_probs turns the score into a probability we can threshold.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_chars: int = 40) -> str:
    """Return the ISO 639-1 code of ``text``'s language, or ``"und"`` if too short or unsure."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return "und"
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= 0.5 else "und"
