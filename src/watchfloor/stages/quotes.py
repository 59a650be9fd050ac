"""Quote attribution: direct, indirect and mixed quotes with their speakers (work in progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..registry import register_stage
from ..types import Article, Quote, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..settings import Settings


def find_quotes(article: Article, doc: Doc, sentences: Any) -> tuple[tuple[Quote, ...], tuple[Speaker, ...]]:
    return (), ()


class QuoteStage:
    name: str = "quotes.attribution.v1"
    requires: tuple[str, ...] = ("sentences",)
    assigns: tuple[str, ...] = ("quotes", "speakers")

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]:
        quotes, speakers = find_quotes(article, doc, done["sentences"])
        return {"quotes": quotes, "speakers": speakers}


@register_stage("quotes.attribution.v1")
def make_quote_stage(settings: Settings) -> QuoteStage:
    return QuoteStage()
