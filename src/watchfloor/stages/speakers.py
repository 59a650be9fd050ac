"""Speaker entities: one per person or body an article quotes, however it is named each time.

A focused resolver for news, not general coreference. News names a speaker in full once
("NATO Secretary General Jens Stoltenberg"), then by surname, title ("the secretary general",
"the alliance's chief") or pronoun. The resolver:

- reads every PERSON in the article beforehand with the title words around it, so that a
  surname or a title can be linked even when the first full mention is in narration;
- links a surname (honorifics stripped: "Mr. Obama") to the person with that surname;
- links a title to the most recent person holding a title with that head word, and a generic
  title ("the chief", "the leader") to the most recent person with any title;
- links he/she to the most recent *speaker* quoted within the last few paragraphs (in news a
  pronoun at a speech verb almost always continues the current speaker, even after narration
  that names someone else), then to the most recent person named before it; they/it to the
  most recent group or organisation speaker;
- keeps unnamed speakers ("a source", "officials") apart, except that "the source" refers back
  to the last speaker of that kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import yaml

from ..types import Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PERSONAL = {"he": "m", "him": "m", "she": "f", "her": "f"}
PLURAL_OR_BODY = {"they", "them", "it"}
RELATIVE = {"who", "which", "that", "whom"}
#: A pronoun continues the current speaker if they spoke this many paragraphs back at most.
PRONOUN_REACH = 4
ORG_LABELS = {"ORG", "GPE", "NORP"}


@dataclass(frozen=True, slots=True)
class Titles:
    heads: frozenset[str]
    modifiers: frozenset[str]
    generic: frozenset[str]
    honorifics: frozenset[str]


@cache
def load_titles() -> Titles:
    from importlib.resources import files

    data = yaml.safe_load(files("watchfloor.resources").joinpath("speaker_titles.yaml").read_text("utf-8"))
    return Titles(
        *(
            frozenset(str(w).lower() for w in data[key])
            for key in ("heads", "modifiers", "generic", "honorifics")
        )
    )


@dataclass(slots=True)
class _Entity:
    name: str | None
    role: str | None
    organization: str | None
    kind: str
    mention: str
    start: int
    end: int
    head: str  # lower-case head noun for unnamed speakers ("source", "officials")
    gender: str | None = None
    last_spoke: int = -1  # paragraph of the last quote attributed to it
    spoke: bool = False
    surnames: set[str] = field(default_factory=set)
    seen: list[int] = field(default_factory=list)  # character offsets of its mentions

    def seen_before(self, at: int) -> int:
        """Offset of its latest mention before ``at`` (-1: none)."""
        return max((p for p in self.seen if p < at), default=-1)


@dataclass(frozen=True, slots=True)
class MentionParts:
    """What a mention says about its referent."""

    name: str | None
    role: str | None
    organization: str | None
    kind: str
    head: str


class SpeakerResolver:
    """Resolve speaker mentions of one article to entities (see the module docstring)."""

    def __init__(self, article_id: str, doc: Doc, paragraph_of: list[int]) -> None:
        self.article_id = article_id
        self.doc = doc
        self.titles = load_titles()
        self.paragraph_of = paragraph_of  # token index → paragraph number
        self.entities: list[_Entity] = []
        self._people: list[tuple[int, _Entity]] = []  # (char offset, entity) of every PERSON
        for ent in doc.ents:
            if ent.label_ == "PERSON" and any(t.is_alpha for t in ent):
                self._register_person(ent)

    # -- building entities ------------------------------------------------------------------
    def _register_person(self, ent: Span) -> None:
        name = _strip_honorific(ent, self.titles.honorifics)
        if not name:
            return
        expanded = _with_title(ent, self.titles)
        parts = self.describe(expanded)
        existing = self._by_surname(name.split()[-1].lower())
        if existing is not None:
            self._merge(existing, parts, expanded)
            existing.seen.append(ent.start_char)
            self._people.append((ent.start_char, existing))
            return
        entity = _Entity(
            name=name,
            role=parts.role,
            organization=parts.organization,
            kind="person",
            mention=expanded.text,
            start=expanded.start_char,
            end=expanded.end_char,
            head=name.split()[-1].lower(),
            surnames={name.split()[-1].lower()},
            seen=[ent.start_char],
        )
        self.entities.append(entity)
        self._people.append((ent.start_char, entity))

    def _merge(self, entity: _Entity, parts: MentionParts, span: Span) -> None:
        if parts.name and (entity.name is None or len(parts.name) > len(entity.name)):
            entity.name = parts.name
        entity.role = entity.role or parts.role
        entity.organization = entity.organization or parts.organization
        if len(span.text) > len(entity.mention):
            entity.mention, entity.start, entity.end = span.text, span.start_char, span.end_char

    def _by_surname(self, surname: str) -> _Entity | None:
        for entity in reversed(self.entities):
            if surname in entity.surnames:
                return entity
        return None

    def describe(self, span: Span) -> MentionParts:
        """Split a mention into name, role and organisation as written."""
        titles = self.titles
        person = [e for e in span.ents if e.label_ == "PERSON"]
        name_tokens: list[Token] = list(person[-1]) if person else []
        name_tokens = [
            t
            for t in name_tokens
            if t.lower_ not in titles.honorifics and t.dep_ != "case" and not t.is_punct
        ]
        name = " ".join(t.text for t in name_tokens) or None
        role_tokens: list[Token] = []
        org_tokens: list[Token] = []
        name_ids = {t.i for t in name_tokens}
        for token in span:
            if token.i in name_ids or token.is_punct or token.lower_ in titles.honorifics:
                continue
            word = token.lower_
            if token.ent_type_ in ORG_LABELS and word not in titles.heads:
                if token.dep_ != "case":
                    org_tokens.append(token)
            elif word in titles.heads or word in titles.modifiers:
                role_tokens.append(token)
            elif token.dep_ == "case":
                continue
            elif role_tokens and token.pos_ in ("NOUN", "PROPN") and not name_ids:
                role_tokens.append(token)
        # "a spokesperson for the State Department": the organisation is the object of for/of/at
        for token in span:
            if (
                token.dep_ == "prep"
                and token.lower_ in ("for", "of", "at", "with")
                and token.head.i not in name_ids
            ):
                objects = [c for c in token.children if c.dep_ == "pobj"]
                if objects and not org_tokens:
                    sub = list(objects[0].subtree)
                    org_tokens = [t for t in sub if t.i <= span.end - 1]
                    role_tokens = [t for t in role_tokens if t.i < token.i]
        role = (
            _join(role_tokens) if role_tokens and any(t.lower_ in titles.heads for t in role_tokens) else None
        )
        organization = _join(org_tokens) or None
        if name:
            kind = "person"
        elif role:
            kind = "person"
        elif span.root.ent_type_ in ORG_LABELS:
            kind = "organization"
            name = _join([t for t in span if t.dep_ not in ("det", "case") and not t.is_punct]) or None
            organization = None  # the body speaks for itself
        elif span.root.tag_ in ("NNS", "NNPS") or span.root.lower_ in PLURAL_OR_BODY:
            kind = "group"
        elif span.root.pos_ == "PROPN":
            kind = "unknown"
            name = _join([t for t in span if t.pos_ == "PROPN"]) or None
        else:
            kind = "unknown"
        if role and organization is None and name is None and span.root.lower_ in titles.heads:
            role = _join([t for t in span if t.dep_ not in ("det",) and not t.is_punct]) or role
        return MentionParts(name, role, organization, kind, span.root.lemma_.lower())

    # -- resolving ---------------------------------------------------------------------------
    def resolve(self, mention: Span, paragraph: int) -> tuple[int | None, bool]:
        """The entity a speaker mention refers to, and whether it was resolved as an anaphor
        (pronoun or title) rather than named."""
        root = mention.root
        word = root.lower_
        if len(mention) == 1 and word in RELATIVE:
            antecedent = _relative_antecedent(root)
            if antecedent is None:
                return None, True
            index, _ = self.resolve(antecedent, paragraph)
            return index, True
        if len(mention) == 1 and (word in PERSONAL or word in PLURAL_OR_BODY):
            index = self._resolve_pronoun(word, mention.start_char, paragraph)
            if index is not None:
                self._spoke(index, paragraph, mention.start_char, PERSONAL.get(word))
            return index, True
        named = self._named_person(mention)
        if named is not None:
            self._spoke(named, paragraph, mention.start_char, None)
            return named, False
        parts = self.describe(mention)
        if parts.name and parts.kind == "person":
            surname = parts.name.split()[-1].lower()
            entity = self._by_surname(surname)
            if entity is None:
                entity = self._new(parts, mention)
            else:
                self._merge(entity, parts, mention)
            index = self.entities.index(entity)
            self._spoke(index, paragraph, mention.start_char, None)
            return index, False
        if parts.kind == "person" and parts.role and not parts.name:
            index = self._resolve_title(mention, parts)
            if index is not None:
                self._spoke(index, paragraph, mention.start_char, None)
                return index, True
        definite = any(t.lower_ in ("the", "this", "that") for t in mention if t.dep_ == "det")
        if definite or parts.name:
            for i in range(len(self.entities) - 1, -1, -1):
                entity = self.entities[i]
                if entity.spoke and entity.name is None and entity.head == parts.head:
                    self._spoke(i, paragraph, mention.start_char, None)
                    return i, definite and not parts.name
                if parts.name and entity.name == parts.name:
                    self._spoke(i, paragraph, mention.start_char, None)
                    return i, False
        entity = self._new(parts, mention)
        index = self.entities.index(entity)
        self._spoke(index, paragraph, mention.start_char, None)
        return index, False

    def resolve_label(self, label: Span, paragraph: int) -> int:
        """The entity of a transcript label ("PENCE", "THE PRESIDENT", "Q"): a person already
        named in the article with that surname, else one entity per distinct label."""
        words = [t.text for t in label if t.is_alpha]
        surname = words[-1].lower() if words else label.text.lower()
        entity = self._by_surname(surname) if len(words) == 1 else None
        if entity is None:
            for candidate in self.entities:
                if candidate.mention == label.text:
                    entity = candidate
                    break
        if entity is None:
            role = " ".join(w.capitalize() for w in words if w.lower() in self.titles.heads) or None
            entity = _Entity(
                name=None if role or len(words) != 1 or len(words[0]) < 2 else words[0].capitalize(),
                role=role,
                organization=None,
                kind="person" if role or len(words[0] if words else "") >= 2 else "unknown",
                mention=label.text,
                start=label.start_char,
                end=label.end_char,
                head=surname,
            )
            self.entities.append(entity)
        index = self.entities.index(entity)
        self._spoke(index, paragraph, label.start_char, None)
        return index

    def _named_person(self, mention: Span) -> int | None:
        """A bare surname or full name of a person already known in the article, whatever
        entity type the tagger gave it ("According to Stoltenberg" is often tagged a place)."""
        words = [t for t in mention if t.lower_ not in self.titles.honorifics and not t.is_punct]
        if not words or any(t.pos_ != "PROPN" for t in words) or len(words) > 3:
            return None
        entity = self._by_surname(words[-1].lower_)
        return self.entities.index(entity) if entity is not None else None

    def _new(self, parts: MentionParts, mention: Span) -> _Entity:
        entity = _Entity(
            name=parts.name,
            role=parts.role,
            organization=parts.organization,
            kind=parts.kind,
            mention=mention.text,
            start=mention.start_char,
            end=mention.end_char,
            head=parts.head,
            surnames={parts.name.split()[-1].lower()} if parts.name and parts.kind == "person" else set(),
        )
        self.entities.append(entity)
        return entity

    def _spoke(self, index: int, paragraph: int, at: int, gender: str | None) -> None:
        entity = self.entities[index]
        entity.spoke = True
        entity.last_spoke = paragraph
        entity.seen.append(at)
        if gender and entity.gender is None:
            entity.gender = gender

    def _resolve_pronoun(self, word: str, at: int, paragraph: int) -> int | None:
        gender = PERSONAL.get(word)
        if gender:
            speakers = [
                (e.seen_before(at), i)
                for i, e in enumerate(self.entities)
                if e.spoke
                and e.kind == "person"
                and e.gender in (None, gender)
                and 0 <= paragraph - e.last_spoke <= PRONOUN_REACH
                and e.seen_before(at) >= 0
            ]
            if speakers:
                return max(speakers)[1]
            before = [(start, e) for start, e in self._people if start < at and e.gender in (None, gender)]
            if before:
                return self.entities.index(max(before, key=lambda p: p[0])[1])
            return None
        groups = [
            (e.seen_before(at), i)
            for i, e in enumerate(self.entities)
            if e.spoke and e.kind in ("group", "organization") and e.seen_before(at) >= 0
        ]
        return max(groups)[1] if groups else None

    def _resolve_title(self, mention: Span, parts: MentionParts) -> int | None:
        titles = self.titles
        role_words = {
            w for w in (parts.role or "").lower().split() if w in titles.heads or w in titles.modifiers
        }
        generic = mention.root.lower_ in titles.generic
        best: tuple[int, int] | None = None
        for i, entity in enumerate(self.entities):
            seen = entity.seen_before(mention.start_char)
            if entity.kind != "person" or not entity.role or seen < 0:
                continue
            held = set(entity.role.lower().split())
            if (generic or (role_words and role_words <= held)) and (best is None or seen > best[0]):
                best = (seen, i)
        return best[1] if best else None

    def add_description(self, index: int, span: Span) -> None:
        """Fill a speaker's missing role and organisation from an apposition ("Vell, a
        spokesman for the Defence Ministry,")."""
        parts = self.describe(span)
        entity = self.entities[index]
        entity.role = entity.role or parts.role
        entity.organization = entity.organization or parts.organization

    def speakers(self) -> tuple[tuple[Speaker, ...], dict[int, int]]:
        """The entities that were quoted, numbered from 0 by first mention, and the map from
        internal entity number to that number."""
        quoted = sorted((e.start, i) for i, e in enumerate(self.entities) if e.spoke)
        numbering = {i: n for n, (_, i) in enumerate(quoted)}
        records = tuple(
            Speaker(
                article_id=self.article_id,
                index=numbering[i],
                name=self.entities[i].name,
                role=self.entities[i].role,
                organization=self.entities[i].organization,
                kind=self.entities[i].kind,
                mention=self.entities[i].mention,
                start=self.entities[i].start,
                end=self.entities[i].end,
            )
            for _, i in quoted
        )
        return records, numbering


def _join(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc
    # keep the original spacing of a contiguous run; join separate runs by a space
    pieces: list[str] = []
    run_start = tokens[0]
    previous = tokens[0]
    for token in tokens[1:]:
        if token.i != previous.i + 1:
            pieces.append(doc[run_start.i : previous.i + 1].text)
            run_start = token
        previous = token
    pieces.append(doc[run_start.i : previous.i + 1].text)
    return " ".join(pieces)


def _strip_honorific(ent: Span, honorifics: frozenset[str]) -> str:
    return " ".join(t.text for t in ent if t.lower_ not in honorifics and not t.is_punct and t.text != "’s")


def _with_title(ent: Span, titles: Titles) -> Span:
    """Extend a PERSON entity leftwards over the title words and organisation before it
    ("NATO Secretary General" + "Jens Stoltenberg")."""
    doc = ent.doc
    start = ent.start
    while start > 0:
        token = doc[start - 1]
        word = token.lower_
        if token.is_sent_start and word not in titles.heads and word not in titles.modifiers:
            if token.ent_type_ in ORG_LABELS or token.pos_ == "PROPN":
                start -= 1
            break
        if word in titles.heads or word in titles.modifiers or token.dep_ == "case":
            start -= 1
        elif token.ent_type_ in ORG_LABELS and start < ent.start:
            start -= 1
        else:
            break
    while start < ent.start and doc[start].dep_ == "case":
        start += 1
    return doc[start : ent.end]


def _relative_antecedent(token: Token) -> Span | None:
    """The noun phrase a relative pronoun stands for ("Smith, who said …" → "Smith")."""
    verb = token.head
    if verb.dep_ != "relcl":
        return None
    noun = verb.head
    left = noun.left_edge.i
    return noun.doc[left : noun.i + 1]
