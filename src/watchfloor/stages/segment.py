"""Sentence segmentation: the spaCy pipeline's sentences, never crossing a paragraph break."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from ..registry import register_stage
from ..types import Article, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..settings import Settings


def segment_sentences(article: Article, doc: Doc) -> tuple[Sentence, ...]:
    """Sentences of ``doc`` as character spans of ``article.text``, whitespace trimmed,
    each assigned to the paragraph it starts in."""
    text = article.text
    starts = [start for start, _ in article.paragraphs]
    sentences: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        paragraph = max(bisect_right(starts, start) - 1, 0)
        sentences.append(Sentence(article.id, len(sentences), paragraph, start, end))
    return tuple(sentences)


class SentenceSegmenter:
    name: str = "segment.sentences.v1"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("sentences",)

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]:
        return {"sentences": segment_sentences(article, doc)}


@register_stage("segment.sentences.v1")
def make_sentence_segmenter(settings: Settings) -> SentenceSegmenter:
    return SentenceSegmenter()
