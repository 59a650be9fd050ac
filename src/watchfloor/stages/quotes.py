"""Quote attribution: who said what, as direct, indirect and mixed quotes with resolved speakers.

Three passes over one parsed article:

1. **Direct quotes.** Quotation marks are paired into spans (:mod:`.quote_marks`). A span is
   speech when it stands on its own (it opens a sentence, or follows "X said:" / "X said,") and
   reads as speech; a span inside a sentence ("NBC's “Meet The Press”", "a “new reality”") is a
   title, a scare quote or part of a reported sentence, never a quote by itself. Each direct
   quote is attributed through its frame: after it ("…,” he said" / "…,” said X" / "…” — X"),
   before it ("X said: “…”"), the frame between two halves of one quote ("“A,” he said, “B.”"),
   or, for a quote paragraph with no frame, the speaker of the quote just before it
   (``continuation``).
2. **Reported speech.** Every cue verb of the lexicon (``resources/quote_cues.yaml``) outside a
   direct quote with a clausal complement ("X said (that) …", "…, officials said"), an infinitive
   for verbs of intent ("X vowed to …"), or a cue noun with a that-clause ("X's claim that …"),
   plus "according to X, …". Reported content with quoted words inside is ``mixed``.
3. **Speakers.** Every speaker mention goes through :class:`.speakers.SpeakerResolver`, which
   links names, surnames, titles and pronouns to one entity per person or body.

Nothing here raises on odd input: unbalanced marks are recovered locally (see quote_marks), and
every span is a slice of the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

from ..registry import register_stage
from ..types import Article, Quote, Sentence, Speaker
from .quote_marks import QuotedSpan, find_quoted_spans
from .speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..settings import Settings

_SMALL_WORDS = {"of", "the", "and", "in", "on", "a", "an", "to", "for", "at", "by", "with", "or", "&"}
_DASHES = "—–"
_QUOTE_CHARS = "“”„«»\"‘’'"
_EDGE_PUNCT = {",", ";", ":", "—", "–", "-", "(", ")"}
_SUBJECTS = ("nsubj", "nsubjpass")
#: cue verbs whose object is the listener or something else, never what was said ("told a dispatcher",
#: "added $84 billion")
_NO_OBJECT_CONTENT = {
    "tell",
    "ask",
    "inform",
    "remind",
    "assure",
    "advise",
    "notify",
    "warn",
    "order",
    "continue",
    "answer",
    "add",
}
#: documents that speak for their authors ("a statement from the ministry said …")
_DOCUMENTS = {
    "tweet",
    "post",
    "statement",
    "letter",
    "report",
    "release",
    "memo",
    "email",
    "message",
    "document",
    "filing",
    "note",
    "interview",
    "speech",
    "op-ed",
    "column",
    "video",
    "ad",
    "advertisement",
    "communique",
}
#: what a speech act's object content is made of (besides non-temporal prepositional phrases)
_OBJECT_PARTS = {"dobj", "oprd", "dative", "xcomp", "ccomp"}
#: prepositions that belong to a speaker mention ("a spokesman for X", "head of Y")
_MENTION_PREPOSITIONS = {"of", "for", "at", "from", "with", "in"}
#: a transcript turn: "PENCE: Well, look, …", "THE PRESIDENT: Thank you.", "Q: …"
_TURN = re.compile(r"[\"“]?((?:[A-Z][A-Z'’.\-]*\s){0,3}[A-Z][A-Z'’.\-]*):\s+\S")
#: a reporter's question in a White House transcript: "Q Thank you. Can you …"
_QUESTION = re.compile(r"[\"“]?(Q)\s+[A-Z“\"]")
#: a transcript's closing time line: "12:08 P.M. CET"
_CLOCK = re.compile(r"\d{1,2}:\d{2}\s*[AaPp]\.?\s?[Mm]\.?(\s+[A-Z]{2,4})?")
#: a headline with its speaker: "Pence: Gennifer Flowers Won't Be at Debate"
_HEADLINE_LABEL = re.compile(r"[\"“]?((?:[A-Z][\w'’.\-]*\s){0,3}[A-Z][\w'’.\-]*):\s+\S")
_NOT_SPEAKERS = {
    "UPDATE",
    "NOTE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "CORRECTION",
    "WATCH",
    "READ MORE",
    "RELATED",
    "PHOTOS",
    "VIDEO",
    "BREAKING",
    "LIVE",
    "ANALYSIS",
    "OPINION",
    "SOURCE",
    "SOURCES",
    "PHOTO",
}
#: how far back (in paragraphs) an uncued quote paragraph may continue the previous speaker
CONTINUATION_REACH = 2


@dataclass(frozen=True, slots=True)
class Cues:
    speech: frozenset[str]
    thought: frozenset[str]
    evidence: frozenset[str]
    intention: frozenset[str]
    objects: dict[str, frozenset[str | None]]  # verb → prepositions introducing the content
    verbal_when_person: frozenset[str]
    adjectives: frozenset[str]
    nouns: frozenset[str]

    clause: frozenset[str] = frozenset()  # speech | thought | evidence: verbs taking a that-clause
    every: frozenset[str] = frozenset()  # every cue word

    def __post_init__(self) -> None:
        clause = self.speech | self.thought | self.evidence
        every = clause | self.intention | frozenset(self.objects) | self.nouns | self.adjectives
        object.__setattr__(self, "clause", clause)
        object.__setattr__(self, "every", every | self.verbal_when_person)

    def lemma(self, token: Token) -> str:
        """The token's lemma, or the lexicon word it is an inflection of when the tagger's
        lemmatiser slips ("stressed" → "streese", "hoping" → "hop")."""
        lemma = token.lemma_.lower()
        if lemma in self.every or token.pos_ not in ("VERB", "NOUN", "ADJ"):
            return lemma
        word = token.lower_
        for guess in (word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "e", word[:-1] + "e"):
            if guess in self.every and len(guess) > 2:
                return guess
        return lemma


@cache
def load_cues() -> Cues:
    from importlib.resources import files

    data = yaml.safe_load(files("watchfloor.resources").joinpath("quote_cues.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return Cues(
        speech=words("speech"),
        thought=words("thought"),
        evidence=words("evidence"),
        intention=words("intention"),
        objects=_object_cues(data.get("objects") or ()),
        verbal_when_person=words("verbal_when_person"),
        adjectives=words("adjectives"),
        nouns=words("nouns"),
    )


def _object_cues(entries: Any) -> dict[str, frozenset[str | None]]:
    found: dict[str, set[str | None]] = {}
    for entry in entries:
        verb, _, preposition = str(entry).lower().partition(" ")
        found.setdefault(verb, set()).add(preposition or None)
    return {verb: frozenset(preps) for verb, preps in found.items()}


@dataclass(slots=True)
class _Draft:
    """A quote being assembled, before numbering."""

    parts: list[tuple[int, int]]
    kind: str
    paragraph: int
    cue: Token | None = None
    cue_text: str | None = None
    cue_lemma: str | None = None
    cue_span: tuple[int, int] | None = None
    mention: Span | None = None
    speaker: int | None = None
    attribution: str = "explicit"
    confidence: float = 0.9
    spans: list[int] = field(default_factory=list)  # indices of the quoted spans it holds
    follows: _Draft | None = None  # the quote an uncued continuation takes its speaker from
    label: bool = False  # attributed by a transcript or headline label ("PENCE:")

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


class QuoteFinder:
    """Finds the quotes of one parsed article (see the module docstring)."""

    def __init__(self, article: Article, doc: Doc, sentences: tuple[Sentence, ...]) -> None:
        self.article = article
        self.text = article.text
        self.doc = doc
        self.cues = load_cues()
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.paragraph_starts = [start for start, _ in article.paragraphs]
        self.token_starts = [t.idx for t in doc]
        self.spans = find_quoted_spans(self.text, article.paragraphs)
        # token index → index of the quoted span it lies in (-1: outside every span)
        self.in_span = [-1] * len(doc)
        for span in self.spans:
            for i in self._token_range(span.start, span.end):
                self.in_span[i] = span.index
        self.resolver = SpeakerResolver(article.id, doc, [self.paragraph_of(t.idx) for t in doc])
        titles = self.resolver.titles
        self._speaker_words = titles.heads | {h.rstrip(".") for h in titles.honorifics} | {"q"}
        self.direct_spans: set[int] = set()
        self.turn_paragraphs: set[int] = set()
        self.used_cues: set[int] = set()

    # -- positions -----------------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        return max(bisect_right(self.paragraph_starts, char) - 1, 0)

    def sentence_of(self, char: int) -> int:
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def _token_range(self, start: int, end: int) -> range:
        """Indices of the tokens overlapping ``[start, end)``."""
        first = max(bisect_right(self.token_starts, start) - 1, 0)
        last = bisect_right(self.token_starts, end - 1) if end > start else first
        if first < len(self.doc) and self.doc[first].idx + len(self.doc[first].text) <= start:
            first += 1
        return range(first, last)

    def _sentence_bounds(self, char: int) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.text)
        s = self.sentences[self.sentence_of(char)]
        return s.start, s.end

    # -- pass 1: direct quotes -----------------------------------------------------------------
    def direct_quotes(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        previous: _Draft | None = None
        last_span: QuotedSpan | None = None
        for span in self.spans:
            if span.paragraph in self.turn_paragraphs:
                self.direct_spans.add(span.index)
                continue
            p_lo, p_hi = self.article.paragraphs[span.paragraph]
            standalone, lead_frame = self._standing(span, p_lo)
            if not standalone:
                continue
            frame = (
                self._trailing_frame(span, p_hi) or lead_frame or self._previous_paragraph_frame(span, p_lo)
            )
            if frame is None and not self._speech_like(span):
                continue
            self.direct_spans.add(span.index)
            adjacent = (
                last_span is not None
                and last_span.paragraph == span.paragraph
                and not self.text[last_span.outer_end : span.open_at].strip()
            )
            last_span = span
            if adjacent and previous is not None:
                # “A.” “B,” said X: one quote in two marked pieces, attributed by the frame
                previous.parts.append((span.start, span.end))
                previous.spans.append(span.index)
                if frame is not None and previous.cue is None and previous.mention is None:
                    previous.follows, previous.attribution, previous.confidence = None, "explicit", 0.9
                    self._attribute(previous, frame[0], frame[1], span.paragraph)
                continue
            same_paragraph = previous is not None and previous.paragraph == span.paragraph
            if same_paragraph and previous is not None and (frame is None or _same(frame[0], previous.cue)):
                # “A,” he said, “B.” — or an uncued span after a cued one: the same quote
                previous.parts.append((span.start, span.end))
                previous.spans.append(span.index)
                continue
            draft = _Draft(
                parts=[(span.start, span.end)], kind="direct", paragraph=span.paragraph, spans=[span.index]
            )
            if frame is not None:
                cue, mention = frame
                self._attribute(draft, cue, mention, span.paragraph)
            else:
                self._continue(draft, previous, span)
            drafts.append(draft)
            previous = draft
        return drafts

    def _standing(self, span: QuotedSpan, p_lo: int) -> tuple[bool, tuple[Token | None, Span | None] | None]:
        """Whether the span stands on its own (not inside someone's sentence), and a frame
        before it ("X said: “…”") if there is one."""
        if span.continues is not None:
            return True, None
        s_lo, _ = self._sentence_bounds(span.open_at)
        lo = max(p_lo, s_lo)
        for other in self.spans:
            if other.paragraph == span.paragraph and other.outer_end <= span.open_at:
                lo = max(lo, other.outer_end)
        lead = self.text[lo : span.open_at].rstrip()
        if not lead or lead[-1] in ".?!":
            return True, None  # the quote opens a sentence
        if lead.lower().endswith(("that", "that,")):
            return False, None  # "X said that, “…”": reported speech quoting words, not a frame
        if lead[-1] in ":,":
            frame = self._cue_in(lo, len(lead) + lo, last=True)
            if lead[-1] == ":" or frame is not None:
                return True, frame
            # "X, Y and Z," before a quote: not a frame, not a quote of its own
            return False, None
        frame = self._cue_in(lo, len(lead) + lo, last=True)
        if frame is not None and frame[0] is not None and frame[0].i == self._last_word(lo, len(lead) + lo):
            return True, frame  # He said “we are ready.”
        return False, None

    def _last_word(self, lo: int, hi: int) -> int:
        tokens = [
            i for i in self._token_range(lo, hi) if not self.doc[i].is_punct and not self.doc[i].is_space
        ]
        return tokens[-1] if tokens else -1

    def _trailing_frame(self, span: QuotedSpan, p_hi: int) -> tuple[Token | None, Span | None] | None:
        if span.close_at is None:
            return None
        lo = span.outer_end
        hi = p_hi
        for other in self.spans:
            if other.paragraph == span.paragraph and other.open_at >= lo:
                hi = min(hi, other.open_at)
                break
        # the frame ends with the sentence it is in ("…,'' Mr. Obama said. And …")
        first = lo
        while first < hi and self.text[first].isspace():
            first += 1
        if first >= hi:
            return None
        hi = min(hi, self._sentence_bounds(first)[1])
        stripped = self.text[lo:hi].strip()
        if stripped[:1] in _DASHES:
            return self._dash_frame(lo, hi)
        frame = self._cue_in(lo, hi, last=False)
        ended = self.text[span.start : span.end].rstrip(_QUOTE_CHARS)[-1:] in (".", "?", "!")
        if frame is not None and frame[0] is not None and ended and self.text[first].isupper():
            # “… timing.” Gov. X said it would be …: a new sentence with its own content is not
            # this quote's frame; a bare “….” Smith said. is
            if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in frame[0].children):
                return None
        return frame

    def _dash_frame(self, lo: int, hi: int) -> tuple[Token | None, Span | None] | None:
        tokens = [self.doc[i] for i in self._token_range(lo, hi) if not self.doc[i].is_space]
        names = [t for t in tokens if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")]
        if not names:
            return None
        head = names[-1]
        while (
            head.head.i != head.i
            and head.dep_ in ("compound", "flat")
            and head.head.i in {t.i for t in tokens}
        ):
            head = head.head
        return None, self._mention(head, lo, hi)

    def _previous_paragraph_frame(
        self, span: QuotedSpan, p_lo: int
    ) -> tuple[Token | None, Span | None] | None:
        """``X said on Tuesday:`` closing the paragraph before a quote paragraph."""
        if span.paragraph == 0 or self.text[p_lo : span.open_at].strip():
            return None
        q_lo, q_hi = self.article.paragraphs[span.paragraph - 1]
        before = self.text[q_lo:q_hi].rstrip()
        if not before.endswith(":"):
            return None
        s_lo, _ = self._sentence_bounds(q_lo + len(before) - 1)
        return self._cue_in(max(q_lo, s_lo), q_lo + len(before), last=True)

    def _cue_in(self, lo: int, hi: int, *, last: bool) -> tuple[Token | None, Span | None] | None:
        """A speech verb among the tokens in ``[lo, hi)`` outside quotes, with its speaker."""
        found = [
            self.doc[i]
            for i in self._token_range(lo, hi)
            if self.in_span[i] < 0
            and self.doc[i].lemma_.lower() in self.cues.speech
            and self.doc[i].pos_ in ("VERB", "AUX")
        ]
        if not found:
            return None
        cue = found[-1] if last else found[0]
        subject = self._subject(cue)
        if subject is None:
            return cue, None
        return cue, self._mention(subject, lo, hi)

    def _speech_like(self, span: QuotedSpan) -> bool:
        words = [w for w in self.text[span.start : span.end].split() if any(c.isalnum() for c in w)]
        if len(words) < 3:
            return False
        if len(words) <= 6:
            significant = [w.strip(_QUOTE_CHARS + ",.;:!?") for w in words if w.lower() not in _SMALL_WORDS]
            if significant and all(w[:1].isupper() for w in significant if w):
                return False  # a title: “Meet The Press”, “Fire and Fury”
        return True

    def _continue(self, draft: _Draft, previous: _Draft | None, span: QuotedSpan) -> None:
        if previous is not None and 0 < span.paragraph - previous.paragraph <= CONTINUATION_REACH:
            draft.follows = previous
            draft.attribution = "continuation"
            draft.confidence = 0.75 if span.paragraph - previous.paragraph == 1 else 0.6
        else:
            draft.attribution = "unattributed"
            draft.confidence = 0.3

    # -- pass 2: reported speech ---------------------------------------------------------------
    def reported_quotes(self, taken: list[_Draft]) -> list[_Draft]:
        drafts: list[_Draft] = []
        covered = [(d.start, d.end) for d in taken]
        for token in self.doc:
            if token.i in self.used_cues:
                continue
            span_index = self.in_span[token.i]
            if span_index >= 0 and span_index in self.direct_spans:
                continue
            draft = self._reported(token)
            if draft is None:
                continue
            if any(lo <= draft.start and draft.end <= hi for lo, hi in covered):
                continue
            if self._frames_unattributed(draft, taken):
                continue
            if any(d.start == draft.start and d.end == draft.end for d in drafts):
                continue
            drafts.append(draft)
        return self._outermost(drafts, taken)

    def _frames_unattributed(self, draft: _Draft, taken: list[_Draft]) -> bool:
        """ "According to a tweet, “…”": reported speech whose content is a direct quote found
        without a frame is that quote's frame; the quote takes its cue and speaker."""
        for quote in taken:
            if (
                quote.attribution == "unattributed"
                and draft.start - 2 <= quote.start
                and quote.end <= draft.end + 2
            ):
                quote.cue, quote.cue_text, quote.cue_lemma, quote.cue_span = (
                    draft.cue,
                    draft.cue_text,
                    draft.cue_lemma,
                    draft.cue_span,
                )
                quote.mention, quote.attribution, quote.confidence = (
                    draft.mention,
                    draft.attribution,
                    draft.confidence,
                )
                return True
        return False

    def _outermost(self, drafts: list[_Draft], taken: list[_Draft]) -> list[_Draft]:
        """Drop a stance or intention reported inside someone's reported words ("Police say he
        refused to drop the gun"): it belongs to that quote, not beside it."""
        cues = self.cues
        everything = drafts + taken
        kept = []
        for draft in drafts:
            cue = draft.cue
            nested = cue is not None and any(
                other is not draft and other.start <= cue.idx < other.end for other in everything
            )
            if nested and cue is not None and cue.lemma_.lower() not in cues.speech:
                continue
            kept.append(draft)
        return kept

    def _reported(self, token: Token) -> _Draft | None:
        cues = self.cues
        lemma = cues.lemma(token)
        if token.lower_ == "according":
            return self._according_to(token)
        if token.pos_ == "NOUN" and lemma in cues.nouns:
            return self._noun_cue(token)
        if token.pos_ == "ADJ" and lemma in cues.adjectives:
            return self._adjective_cue(token)
        if token.pos_ not in ("VERB", "AUX"):
            return None
        passive = self._passive_with_agent(token)
        found = passive or self._verb_content(token, lemma)
        if found is None:
            return None
        content, cue_tokens, doubt = found
        subject = passive[1][-1] if passive else self._subject(token)
        if subject is None:
            return None
        if passive:
            cue_tokens = [token]
        content = self._with_trailing_parts(token, content)
        according = {t.i for a in content if a.lower_ == "according" for t in a.subtree}
        parts = self._content_parts(content, exclude=according)
        if not parts:
            return None
        mention = self._mention(_author(subject), 0, len(self.text))
        draft = _Draft(parts=parts, kind=self._kind(parts), paragraph=self.paragraph_of(parts[0][0]))
        self._attribute(draft, token, mention, draft.paragraph, cue_tokens=cue_tokens)
        draft.confidence = round(draft.confidence - doubt, 2)
        return draft

    def _with_trailing_parts(self, verb: Token, content: list[Token]) -> list[Token]:
        """Add what the parser hung on the cue after the content but belongs to it ("X said A,
        because B", "X mentioned remarks Trump had made about Y"): everything the cue governs
        after the content, except times, adverbs and further cues (a new attribution)."""
        if not content:
            return content
        last = max(t.i for t in content)
        if last < verb.i:
            return content
        cues = self.cues
        extra: list[Token] = []
        for child in verb.rights:
            if child.i <= last:
                continue
            if child.dep_ in ("conj", "advcl") and cues.lemma(child) in cues.every:
                break  # "… and warned against …", "…, adding that …": a new attribution
            if child.dep_ in ("punct", "cc", "npadvmod", "advmod") or (
                child.dep_ == "prep" and _is_time(child)
            ):
                continue
            extra += list(child.subtree)
        return content + extra if extra else content

    def _passive_with_agent(self, verb: Token) -> tuple[list[Token], list[Token], float] | None:
        """ "Trump was criticized by Democrats for his remarks": the content is what the passive
        subject and the complements say, the speaker the agent. Returns (content, [verb, agent
        noun], doubt); passives without an agent have no speaker and are not quotes."""
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subject is None or agent is None or source is None:
            return None
        held = [subject] + [
            c
            for c in verb.rights
            if c.dep_ in _OBJECT_PARTS or (c.dep_ == "prep" and not _is_time(c) and c.i > agent.i)
        ]
        return [t for c in held for t in c.subtree], [verb, source], 0.15

    def _verb_content(self, verb: Token, lemma: str) -> tuple[list[Token], list[Token], float] | None:
        """The content tokens a cue verb governs, the cue's tokens, and how much less sure a
        quote of this frame is than "X said (that) …"."""
        cues = self.cues
        children = list(verb.children)
        if lemma in cues.clause:
            clauses = [c for c in children if c.dep_ == "ccomp"]
            # "…, officials said, and X said Y": the clause after the verb is its own content
            clause = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
            if clause is not None and (lemma in cues.speech or not _is_wh_clause(clause)):
                tokens = list(clause.subtree)
                # "X said A and B": the parser often hangs clause B on "said"
                for child in children:
                    if (
                        child.dep_ == "conj"
                        and child.i > clause.i
                        and any(c.dep_ in _SUBJECTS for c in child.children)
                    ):
                        tokens += [t for t in children if t.dep_ == "cc" and clause.i < t.i < child.i]
                        tokens += list(child.subtree)
                return tokens, [verb], 0.0 if lemma in cues.speech else 0.15
        if lemma in cues.speech:
            as_said = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
            if (verb.dep_ == "parataxis" or as_said) and verb.head.i != verb.i:
                # "The latest test, North Korea said, was its biggest yet."; "As X noted, …"
                own = {t.i for t in verb.subtree}
                sentence = verb.sent
                return [t for t in sentence if t.i not in own], [verb], 0.0
            after = verb.nbor() if verb.i + 1 < len(self.doc) else None
            if after is not None and after.text == ":":
                # a transcript line: "Limbaugh added: And from a supposed front-runner …"
                number = self.paragraph_of(verb.idx)
                lo, hi = after.idx + 1, self.article.paragraphs[number][1]
                if not self.text[lo:hi].strip() and number + 1 < len(self.article.paragraphs):
                    lo, hi = self.article.paragraphs[number + 1]  # "Limbaugh added:" ¶ "And from …"
                return [self.doc[i] for i in self._token_range(lo, hi)], [verb], 0.1
        if lemma in cues.intention or lemma in cues.speech or lemma in cues.objects:
            # "X vowed to …"; "X proposed doing away with …" (a gerund after a speech verb)
            infinitive = next(
                (
                    c
                    for c in children
                    if c.dep_ == "xcomp" and ((lemma in cues.intention and _has_to(c)) or c.tag_ == "VBG")
                ),
                None,
            )
            if infinitive is not None:
                return list(infinitive.subtree), [verb], 0.15
        topic = next(
            (c for c in children if c.dep_ == "prep" and c.lower_ == "about" and 0 < c.i - verb.i <= 6), None
        )
        if topic is not None and lemma in cues.every:
            # "X talked about …", "X worried about …", "X bragged about …": what it was about
            objects = [c for c in topic.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return list(objects[0].subtree), [verb, topic], 0.2
        prepositions = cues.objects.get(lemma)
        if (
            prepositions is None
            and (lemma in cues.speech or lemma in cues.intention)
            and lemma not in _NO_OBJECT_CONTENT
        ):
            prepositions = frozenset({None})  # "X noted the clot's existence", "X wants policies that …"
        if lemma in cues.verbal_when_person and any(
            c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in children
        ):
            prepositions = frozenset({None})
        if prepositions:
            for child in children:
                # "called for an inquiry": the preposition right after the verb (or its particle)
                if child.dep_ == "prep" and child.lower_ in prepositions and child.i - verb.i <= 2:
                    objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return list(objects[0].subtree), [verb, child], 0.2
            if None in prepositions and any(c.dep_ == "dobj" for c in children):
                # "X described Clinton as “a lifetime politician”", "X blasted the media for …":
                # the object and everything the verb governs after it, except times and asides
                held = [
                    c
                    for c in children
                    if c.i > verb.i and (c.dep_ in _OBJECT_PARTS or (c.dep_ == "prep" and not _is_time(c)))
                ]
                return [t for c in held for t in c.subtree], [verb], 0.2
        return None

    def _according_to(self, token: Token) -> _Draft | None:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if to is None or source is None:
            return None
        clause = token.head
        if clause.i == token.i:
            return None
        phrase = set(range(token.left_edge.i, token.right_edge.i + 1))
        tokens = [t for t in clause.subtree if t.i not in phrase]
        parts = self._content_parts(tokens, exclude=phrase)
        if not parts:
            return None
        draft = _Draft(parts=parts, kind=self._kind(parts), paragraph=self.paragraph_of(parts[0][0]))
        mention = self._mention(_author(source), 0, len(self.text))
        self._attribute(draft, token, mention, draft.paragraph, cue_tokens=[token, to])
        draft.cue_lemma = "according to"
        draft.attribution = "according_to"
        draft.confidence = 0.85
        return draft

    def _noun_cue(self, token: Token) -> _Draft | None:
        """ "X's claim that …", "the decision by X to …", "X made the promise that …"."""
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp") and _is_complement(c)), None)
        if clause is None:
            return None
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if owner is None and token.dep_ in ("dobj", "attr"):
            owner = self._subject(token.head)
        if owner is None:
            return None
        return self._draft_from(token, list(clause.subtree), owner, doubt=0.1)

    def _adjective_cue(self, token: Token) -> _Draft | None:
        """ "X is convinced that …", "X was determined to …", "X is afraid that …"."""
        clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp") and _is_complement(c)), None)
        if clause is None or token.dep_ != "acomp":
            return None
        owner = self._subject(token.head)
        if owner is None:
            return None
        return self._draft_from(token, list(clause.subtree), owner, doubt=0.15)

    def _draft_from(self, cue: Token, content: list[Token], owner: Token, *, doubt: float) -> _Draft | None:
        parts = self._content_parts(content, exclude=set())
        if not parts:
            return None
        draft = _Draft(parts=parts, kind=self._kind(parts), paragraph=self.paragraph_of(parts[0][0]))
        self._attribute(draft, cue, self._mention(_author(owner), 0, len(self.text)), draft.paragraph)
        draft.confidence = round(draft.confidence - doubt, 2)
        return draft

    # -- shared pieces -------------------------------------------------------------------------
    def _subject(self, verb: Token) -> Token | None:
        """The subject of a cue verb, looking through "…, adding that" and "X stood and said"."""
        for _ in range(4):
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            if subject is not None:
                if subject.dep_ == "nsubjpass":
                    return None  # "it was reported that …": no speaker in the clause
                return subject
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head  # "a statement saying …", "Trump, calling it …"
            if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
                verb = verb.head.head  # "… by saying that …", "in admitting that …"
                continue
            if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
                verb = verb.head
                continue
            return None
        return None

    def _mention(self, head: Token, lo: int, hi: int) -> Span:
        """The noun phrase of a speaker mention: its head with modifiers, titles and "of/for …"
        complements, without appositions, relative clauses and anything outside ``[lo, hi)``."""
        doc = self.doc
        start = head.i
        for child in head.lefts:
            if child.dep_ not in ("punct",) and lo <= child.left_edge.idx:
                start = min(start, child.left_edge.i)
                break
        end = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and (child.lower_ not in _MENTION_PREPOSITIONS or _is_time(child)):
                break
            if child.dep_ in ("prep", "compound", "flat", "nummod", "amod", "conj", "cc", "case") and not any(
                t.is_punct and t.text not in ("'s", "’s") for t in doc[end : child.i]
            ):
                if child.right_edge.idx + len(child.right_edge.text) <= hi:
                    end = child.right_edge.i + 1
                    continue
            break
        while end > start + 1 and (
            doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "case"
        ):
            end -= 1
        while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
            start += 1
        return doc[start:end]

    def _content_parts(self, tokens: list[Token], exclude: set[int]) -> list[tuple[int, int]]:
        """Character spans of the content tokens (contiguous runs), edges trimmed of commas,
        dashes and sentence-final periods."""
        ids = sorted(t.i for t in tokens if t.i not in exclude and not t.is_space)
        if not ids:
            return []
        runs: list[list[int]] = [[ids[0]]]
        for i in ids[1:]:
            if i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        parts: list[tuple[int, int]] = []
        doc = self.doc
        for run in runs:
            while run and (doc[run[0]].text in _EDGE_PUNCT or doc[run[0]].is_space):
                run = run[1:]
            while run and (
                doc[run[-1]].text in _EDGE_PUNCT or doc[run[-1]].text in ".!?" or doc[run[-1]].is_space
            ):
                run = run[:-1]
            if sum(1 for i in run if not doc[i].is_punct) >= 2:
                parts.append((doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]].text)))
        if parts:
            parts[-1] = (parts[-1][0], self._close_open_mark(*parts[-1]))
        return parts

    def _close_open_mark(self, start: int, end: int) -> int:
        """Extend content that ends inside a quotation over its closing mark ("… “a new
        reality.”"), which the parse attaches to the main verb instead."""
        inside = self.text[start:end]
        opens = sum(inside.count(c) for c in "“«")
        closes = sum(inside.count(c) for c in "”»")
        if opens <= closes:
            return end
        k = end
        while k < len(self.text) and k - end < 3 and self.text[k] in ".,!?;:":
            k += 1
        if k < len(self.text) and self.text[k] in "”»":
            return k + 1
        return end

    def _kind(self, parts: list[tuple[int, int]]) -> str:
        inside = "".join(self.text[a:b] for a, b in parts)
        if not any(ch in inside for ch in _QUOTE_CHARS if ch not in "’'"):
            return "indirect"
        stripped = inside.strip()
        if (
            len(parts) == 1
            and stripped[:1] in '“"‘«'
            and stripped[-1:] in '”"’»'
            and sum(stripped.count(c) for c in '“”"') == 2
        ):
            return "direct"
        return "mixed"

    def _attribute(
        self,
        draft: _Draft,
        cue: Token | None,
        mention: Span | None,
        paragraph: int,
        *,
        cue_tokens: list[Token] | None = None,
    ) -> None:
        if cue is not None:
            tokens = cue_tokens or [cue]
            particle = [c for c in cue.children if c.dep_ == "prt"]
            if len(tokens) == 1 and particle:
                tokens = [cue, *particle]
            tokens.sort(key=lambda t: t.i)
            draft.cue = cue
            draft.cue_span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
            draft.cue_text = self.text[draft.cue_span[0] : draft.cue_span[1]]
            draft.cue_lemma = " ".join(t.lemma_.lower() for t in tokens)
            for t in tokens:
                self.used_cues.add(t.i)
        elif mention is not None:
            dash = self.text.rfind("—", 0, mention.start_char)
            if dash >= 0:
                draft.cue_span = (dash, dash + 1)
                draft.cue_text = draft.cue_lemma = "—"
        draft.mention = mention
        if mention is None:
            draft.attribution = "unattributed"
            draft.confidence = 0.3

    def _resolve(self, drafts: list[_Draft]) -> None:
        """Resolve speakers in reading order, so that "he" finds the speaker before it."""
        for draft in sorted(drafts, key=lambda d: d.mention.start_char if d.mention is not None else d.start):
            if draft.follows is not None:
                draft.speaker = draft.follows.speaker
                if draft.speaker is None:
                    draft.confidence = 0.3
                continue
            if draft.mention is None:
                continue
            if draft.label:
                draft.speaker = self.resolver.resolve_label(draft.mention, draft.paragraph)
                continue
            index, anaphor = self.resolver.resolve(draft.mention, draft.paragraph)
            draft.speaker = index
            appositive = _appositive(draft.mention)
            if index is not None and appositive is not None:
                self.resolver.add_description(index, appositive)
            if draft.attribution == "explicit" and anaphor:
                draft.attribution = "pronoun"
            draft.confidence += -0.1 if anaphor else 0.0
            if index is None:
                draft.confidence = 0.5

    # -- assembly ------------------------------------------------------------------------------
    def transcript_turns(self) -> list[_Draft]:
        """Speaker-labelled paragraphs of transcripts and interviews ("PENCE: Well, …"). In a
        transcript each unlabelled paragraph after a label continues that speaker's turn."""
        labelled: list[tuple[int, re.Match[str]]] = []
        headlines: list[tuple[int, re.Match[str]]] = []
        for number, (lo, hi) in enumerate(self.article.paragraphs):
            match = _TURN.match(self.text, lo, hi) or _QUESTION.match(self.text, lo, hi)
            if match and match.group(1).strip().upper() not in _NOT_SPEAKERS:
                labelled.append((number, match))
                continue
            match = _HEADLINE_LABEL.match(self.text, lo, hi)
            body = self.text[lo:hi].rstrip(" ”\"'’")
            if (
                match
                and match.group(1).strip().upper() not in _NOT_SPEAKERS
                and len(body.split()) <= 25
                and (number == 0 or not body.endswith("."))
            ):
                headlines.append((number, match))  # "Pence: Gennifer Flowers Won't Be at Debate"
        drafts: list[_Draft] = []
        # two speakers or more, or one titled speaker opening the article ("THE PRESIDENT: Good
        # afternoon."); a newsletter's "HUFFPOLLSTER:" items are not a transcript
        names = {match.group(1).strip().upper() for _, match in labelled}
        titled = any(set(name.lower().replace(".", " ").split()) & self._speaker_words for name in names)
        transcript = len(names) >= 2 or (len(labelled) >= 1 and labelled[0][0] < 4 and titled)
        labels = dict(labelled + headlines)
        headline_numbers = {number for number, _ in headlines}
        turn: _Draft | None = None
        for number, (lo, hi) in enumerate(self.article.paragraphs):
            match = labels.get(number)
            if match is None and (turn is None or not transcript):
                continue
            start = match.end() - 1 if match else lo
            while match is None and start < hi and self.text[start] in '“"':
                start += 1
            end = hi
            while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in '”"'):
                end -= 1
            if end <= start or (
                match is None
                and (
                    (self.text[start] == "(" and self.text[end - 1] == ")")
                    or _CLOCK.fullmatch(self.text, start, end)
                )
            ):
                continue  # an empty turn, a stage direction ("(Laughter.)") or the closing time
            draft = _Draft(parts=[(start, end)], kind="direct", paragraph=number)
            if match is not None:
                label = self.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
                colon = match.end(1)
                if self.text[colon : colon + 1] == ":":
                    draft.cue_text, draft.cue_lemma, draft.cue_span = ":", ":", (colon, colon + 1)
                draft.mention, draft.label = label, True
                if number not in headline_numbers:
                    turn = draft
            else:
                draft.follows, draft.attribution, draft.confidence = turn, "continuation", 0.75
            self.turn_paragraphs.add(number)
            drafts.append(draft)
        return drafts

    def quotes(self) -> tuple[tuple[Quote, ...], tuple[Speaker, ...]]:
        turns = self.transcript_turns()
        direct = turns + self.direct_quotes()
        drafts = direct + self.reported_quotes(direct)
        drafts.sort(key=lambda d: (d.start, d.end))
        self._resolve(drafts)
        speakers, numbering = self.resolver.speakers()
        article_id = self.article.id
        quotes = []
        for index, d in enumerate(drafts):
            mention = d.mention
            quotes.append(
                Quote(
                    article_id=article_id,
                    index=index,
                    paragraph=self.paragraph_of(d.start),
                    sentence=self.sentence_of(d.start),
                    start=d.start,
                    end=d.end,
                    parts=tuple(d.parts),
                    text=" ".join(self.text[a:b] for a, b in d.parts),
                    kind=d.kind,
                    cue=d.cue_text,
                    cue_lemma=d.cue_lemma,
                    cue_start=d.cue_span[0] if d.cue_span else None,
                    cue_end=d.cue_span[1] if d.cue_span else None,
                    speaker_mention=mention.text if mention is not None else None,
                    speaker_start=mention.start_char if mention is not None else None,
                    speaker_end=mention.end_char if mention is not None else None,
                    speaker=numbering.get(d.speaker) if d.speaker is not None else None,
                    attribution=d.attribution,
                    confidence=d.confidence,
                )
            )
        return tuple(quotes), speakers


def _same(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def _is_time(prep: Token) -> bool:
    """ "on Sunday", "in the coming years": a prepositional phrase whose object is a time."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _appositive(mention: Span) -> Span | None:
    head = mention.root
    appos = next((c for c in head.rights if c.dep_ == "appos"), None)
    if appos is None:
        return None
    return head.doc[appos.left_edge.i : appos.right_edge.i + 1]


def _is_wh_clause(clause: Token) -> bool:
    """ "how powerful it was", "whether he knew": an open question, not a reported claim."""
    first = clause.left_edge
    return first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("whether", "if")


def _author(noun: Token) -> Token:
    """Who is behind a document that "says" something: "a tweet from Pompeo" → Pompeo,
    "the ministry's statement" → the ministry; anything else stands for itself."""
    if noun.lemma_.lower() not in _DOCUMENTS:
        return noun
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
            if author is not None and (
                author.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or author.pos_ == "PROPN"
            ):
                return author
    return noun


def _is_complement(clause: Token) -> bool:
    """A that-clause or a to-infinitive: "… that the border was sealed", "… to hold a vote"."""
    return any(
        (c.lower_ == "that" and c.dep_ == "mark") or (c.lower_ == "to" and c.dep_ == "aux")
        for c in clause.children
    )


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def find_quotes(
    article: Article, doc: Doc, sentences: tuple[Sentence, ...]
) -> tuple[tuple[Quote, ...], tuple[Speaker, ...]]:
    """The quotes and speaker entities of one parsed article."""
    return QuoteFinder(article, doc, sentences).quotes()


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
