"""Actors: every mention of a country, organisation, person or generic agent, resolved to a
CAMEO-style code on the article's date.

One pass over a parsed article:

1. **Phrases.** The actor dictionary (:mod:`.actor_dictionary`) finds names, adjectives,
   capitals, seats of government, IGOs, organisations, people, titles and agent words; spaCy's
   PERSON and ORG entities add the names it does not know.
2. **Mentions.** Phrases that modify one head noun are one mention: "Russia's President Vladimir
   Putin", "two Chinese warplanes", "the regime in Syria" (compounds, adjectives, possessives,
   and "of"/"in"/"from" phrases under a title or agent word).
3. **Codes.** A person in the dictionary gets the office they held on the article's date
   (Stoltenberg: ``IGOWSTNAT`` in 2022, ``NORGOV`` in 2010; out of office: their country's
   elite, ``ELI``). Otherwise the parts combine: country + title or agent word → ``FRAGOV``,
   ``CHNMIL``; a seat or a capital that stands for the government → ``RUSGOV``; an IGO →
   its code; a country alone → ``RUS``.
4. **Within the article.** "the alliance" after NATO, "the president" after a named president,
   a surname after the full name, and an unknown person's appositive ("X, a Russian opposition
   leader") resolve to the same actor; quote speakers get the code of their mention.

A code with a sector but no country ("MIL") means the text does not say whose; a person the
dictionaries do not know and the text does not place is kept with ``actor = None``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

from ..nlp import dateline_end
from ..registry import register_stage
from ..types import Article, Mention, Sentence, Speaker
from .actor_dictionary import ActorDictionary, Entry, Hit, Person, Role, load_dictionary
from .dates import published_day

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..settings import Settings
    from .places import Gazetteer

#: Dependencies by which a word modifies the noun it belongs to, inside one mention.
_MODIFIERS = {"compound", "amod", "poss", "nmod", "nummod", "quantmod", "det", "case", "npadvmod"}
#: Prepositions that tie a country or body to a title or agent ("president of Russia", "the
#: regime in Syria", "troops from Chad"); "to" is left out: "Russia's ambassador to Poland".
_OF_PREPOSITIONS = {"of", "in", "from"}
#: Prepositions after which a capital is a place, not the government speaking.
_LOCATIVE = {
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "outside",
    "across",
    "around",
    "toward",
    "towards",
    "via",
}
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC"}
_WIDER_LABELS = {"PERSON", "GPE", "LOC", "FAC"}
_NOUNS = {"NOUN", "PROPN"}
#: Of several offices held on one day, the one a coder means: state offices before party or
#: movement roles (a minister who is also an MP is coded as the minister).
_OFFICE_ORDER = ("IGO", "GOV", "MIL", "SPY", "JUD", "COP", "LEG")
_PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "agent"}
#: A pronoun refers to a person named at most this many tokens before it.
_PRONOUN_REACH = 120
_LEFT_MODIFIERS = {"det", "amod", "nummod", "compound", "quantmod"}
_MODIFIER_POS = {"DET", "ADJ", "NUM", "PROPN", "NOUN"}


@dataclass(frozen=True)
class MentionWords:
    """Word lists of ``resources/actors/mention_words.yaml`` (see the comments there)."""

    former: frozenset[str]
    body_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    not_actors: frozenset[str]


@cache
def load_mention_words() -> MentionWords:
    data = yaml.safe_load(
        files("watchfloor.resources").joinpath("actors/mention_words.yaml").read_text("utf-8")
    )
    return MentionWords(
        *(frozenset(str(w).lower() for w in data[f.name]) for f in dataclasses.fields(MentionWords))
    )


@dataclass
class _Group:
    """Dictionary phrases and entities that belong to one head noun."""

    head: Token
    hits: list[tuple[Span, Hit | None, str | None]] = field(default_factory=list)  # span, hit, ent label

    def entries(self, *kinds: str) -> list[tuple[Span, Entry]]:
        return [(span, e) for span, hit, _ in self.hits if hit for e in hit.entries if e.kind in kinds]

    def labels(self) -> set[str]:
        return {label for span, _, label in self.hits if label and not self._attached(span, label)}

    def names(self) -> list[str]:
        """The person names that name this mention (not one in an "of"/"in" phrase under it:
        "the bank of the Dniester" is not a person even if the tagger says so)."""
        return [s.text for s, _, label in self.hits if label == "PERSON" and not self._attached(s, label)]

    def _attached(self, span: Span, label: str) -> bool:
        return label == "PERSON" and span.root.i != self.head.i and span.root.dep_ == "pobj"


@dataclass
class _Resolved:
    kind: str
    actor: str | None
    country: str | None
    sector: str | None
    name: str | None
    role: str | None
    resolved_by: str
    entity_key: str | None = None
    titles: tuple[str, ...] = ()
    at: int = -1  # token index of the mention, for pronouns' reach


class ActorResolver:
    """Resolves the actor mentions of articles with one dictionary (see the module docstring)."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.words = load_mention_words()
        self._genders: dict[str, str] = {}  # entity → "m"/"f", from the pronouns used (per article)

    # -- whole article -----------------------------------------------------------------------
    def mentions(
        self,
        article_id: str,
        doc: Doc,
        day: dt.date,
        sentences: tuple[Sentence, ...] = (),
        title: str | None = None,
    ) -> list[Mention]:
        text = doc.text  # built from the tokens on every access: once
        self._genders = {}
        # a dateline's city ("MOSCOW, March 20 (Reuters) —") is where the story was filed, not an actor
        datelines = [
            (sent.start, sent.end)
            for sent in doc.sents
            if (end := dateline_end(text, sent.start_char)) is not None and end >= sent.end_char
        ]
        groups = [g for g in self._groups(doc, text) if not any(lo <= g.head.i < hi for lo, hi in datelines)]
        starts = [s.start for s in sentences]
        mentions: list[Mention] = []
        # entity key → (entity number, resolution), in order of appearance
        seen: dict[str, tuple[int, _Resolved]] = {}
        # resolved mentions so far, for anaphors and surnames; the headline's office holders come
        # first ("Remarks by President Biden …": the transcript's "THE PRESIDENT:" is Biden)
        history: list[_Resolved] = self._headline_people(title, day) if title else []
        resolved_by_head: dict[int, _Resolved] = {}
        for group in groups:
            resolved = self._resolve(group, day, history)
            if resolved is not None:
                if resolved.resolved_by != "pronoun":
                    resolved = dataclasses.replace(resolved, at=group.head.i)
                resolved_by_head[group.head.i] = resolved
                history.append(resolved)
        self._link_appositives(groups, resolved_by_head)
        for group in groups:
            resolved = resolved_by_head.get(group.head.i)
            if resolved is None:
                continue
            start, end = self._extent(group)
            # generic agents with no country ("troops", "police") are not one actor
            generic = resolved.country is None and resolved.kind == "agent"
            written = doc[start:end].text.lower()
            key = (
                resolved.entity_key
                or f"{resolved.kind}|{written if generic or not resolved.actor else resolved.actor}"
            )
            if key not in seen:
                seen[key] = (len(seen), resolved)
            char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            mentions.append(
                Mention(
                    article_id=article_id,
                    index=len(mentions),
                    sentence=max(0, bisect_right(starts, char_start) - 1) if starts else 0,
                    start=char_start,
                    end=char_end,
                    text=text[char_start:char_end],
                    kind=resolved.kind,
                    actor=resolved.actor,
                    country=resolved.country,
                    sector=resolved.sector,
                    name=resolved.name,
                    role=resolved.role,
                    entity=seen[key][0],
                    resolved_by=resolved.resolved_by,
                )
            )
        return mentions

    # -- phrases into groups -----------------------------------------------------------------
    def _groups(self, doc: Doc, text: str) -> list[_Group]:
        pieces: list[tuple[Span, Hit | None, str | None]] = []
        covered: set[int] = set()
        for hit in self.dictionary.find(text):
            span = doc.char_span(hit.start, hit.end, alignment_mode="strict")
            if span is None:
                span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
                if span is None or len(span.text) > len(hit.text) + 3:
                    continue
            pieces.append((span, hit, None))
        entity_spans = [e for e in doc.ents if e.label_ in _ENTITY_LABELS]
        # A person or place entity wider than a country-like phrase inside it wins: "Jordan
        # Peterson", "New Jersey" (the place stage resolves places).
        for ent in doc.ents:
            if ent.label_ in _WIDER_LABELS:
                pieces = [p for p in pieces if not self._place_word_inside(p, ent)]
        for span, _, _ in pieces:
            covered.update(range(span.start, span.end))
        for ent in entity_spans:
            if not covered.intersection(range(ent.start, ent.end)):
                pieces.append((ent, None, ent.label_))
                covered.update(range(ent.start, ent.end))
            elif ent.label_ == "ORG" and ent.root.i not in covered:
                # an organisation we do not know, named with a country: "the Chadian Human
                # Rights League" (its head word stands for it)
                pieces.append((ent[ent.root.i - ent.start : ent.root.i - ent.start + 1], None, "ORG"))
                covered.add(ent.root.i)
        for token in doc:  # he and she, as subjects and objects: the person they refer to
            if token.lower_ in _PERSONAL_PRONOUNS and token.dep_ in _ARGUMENTS and token.i not in covered:
                pieces.append((doc[token.i : token.i + 1], None, "PRON"))
        pieces.sort(key=lambda p: p[0].start)
        owner = {i: n for n, (span, _, _) in enumerate(pieces) for i in range(span.start, span.end)}

        def head_of(n: int) -> Token:
            token = pieces[n][0].root
            for _ in range(8):
                parent = token.head
                if parent is token:
                    break
                if token.dep_ in _MODIFIERS and parent.pos_ in _NOUNS and parent.i in owner:
                    token = parent
                    continue
                if (
                    token.dep_ in _MODIFIERS
                    and parent.pos_ in _NOUNS
                    and parent.lemma_.lower() in self.words.body_nouns
                ):
                    return parent  # "the rebel FDLR force": the words around one body noun
                if (
                    token.dep_ == "pobj"
                    and parent.dep_ == "prep"
                    and parent.lower_ in _OF_PREPOSITIONS
                    and parent.head.i in owner
                    and self._is_title_or_agent(pieces[owner[parent.head.i]][1])
                ):
                    token = parent.head
                    continue
                if (
                    token.dep_ == "pobj"
                    and parent.lower_ == "of"
                    and parent.head.lemma_.lower() in self.words.collective_nouns
                ):
                    return parent.head  # "a group of thieves", "hundreds of protesters"
                if parent.lower_ == "based" and parent.head.pos_ in _NOUNS:
                    return parent.head  # "a Somalia-based group"
                break
            # the head of the phrase the token belongs to
            n_head = owner.get(token.i)
            return pieces[n_head][0].root if n_head is not None else token

        groups: dict[int, _Group] = {}
        for n, piece in enumerate(pieces):
            head = head_of(n)
            groups.setdefault(head.i, _Group(head)).hits.append(piece)
        return sorted(groups.values(), key=lambda g: min(s.start for s, _, _ in g.hits))

    @staticmethod
    def _place_word_inside(piece: tuple[Span, Hit | None, str | None], ent: Span) -> bool:
        span, hit = piece[0], piece[1]
        return (
            hit is not None
            and ent.start <= span.start
            and span.end <= ent.end
            and (span.start, span.end) != (ent.start, ent.end)
            and (ent.label_ == "PERSON" or (span.start > ent.start and ent.doc[span.start - 1].is_title))
            and all(e.kind in ("country", "adjective", "capital") for e in hit.entries)
        )

    @staticmethod
    def _is_title_or_agent(hit: Hit | None) -> bool:
        return hit is not None and any(e.kind in ("title", "agent", "anaphor") for e in hit.entries)

    @staticmethod
    def _extent(group: _Group) -> tuple[int, int]:
        start = min(min(span.start for span, _, _ in group.hits), group.head.i)
        end = max(max(span.end for span, _, _ in group.hits), group.head.i + 1)
        doc = group.head.doc
        # take in the words right before that modify the mention ("the", "two", "former")
        while start > 0:
            word = doc[start - 1]
            if (
                word.dep_ not in _LEFT_MODIFIERS
                or word.pos_ not in _MODIFIER_POS
                or not (start <= word.head.i < end)
            ):
                break
            start -= 1
        return start, end

    # -- one mention -------------------------------------------------------------------------
    def _resolve(self, group: _Group, day: dt.date, history: list[_Resolved]) -> _Resolved | None:
        sector: str | None
        country: str | None
        earlier: _Resolved | None
        d = self.dictionary
        titles = [e for _, e in group.entries("title")]
        title_words = tuple(span.text.lower() for span, _ in group.entries("title"))
        agents = [e for _, e in group.entries("agent")]
        head_sector = self._head_sector(group)
        former = any(t.lower_ in self.words.former for s, _, _ in group.hits for t in s) or any(
            c.lower_ in self.words.former for c in group.head.children
        )
        countries = self._countries(group)

        if group.labels() == {"PRON"}:
            return self._pronoun(group, history)
        people = [e for _, e in group.entries("person")]
        if people:
            return self._person(group, people, day, countries, title_words, former)
        igos = group.entries("igo")
        if igos:
            code = igos[0][1].key
            igo = d.igos[code]
            head = self._head_entry(group)
            if head is not None and head.kind == "agent" and head.sector not in (None, "IGO"):
                # "NATO troops", "EU legislators": the body's own agents
                sector = head.sector
                return _Resolved(
                    "agent", code + d.cameo_sector(sector), igo.plover, sector, igo.name, None, "title"
                )
            is_person = "PERSON" in group.labels() or bool(titles)
            return _Resolved(
                "person" if is_person else "igo",
                code,
                igo.plover,
                igo.sector if not is_person else "IGO",
                self._person_name(group) or igo.name,
                title_words[0].title() if title_words and is_person else None,
                "dictionary",
                entity_key=self._person_name(group) or (code if not is_person else None),
                titles=title_words,
            )
        for _, entry in group.entries("organization"):
            org = d.organizations[entry.key]
            if (org.start and day < org.start) or (org.end and day > org.end):
                continue
            country = org.country or (countries[0][0] if countries else None)
            org_code = org.code or ((country or "") + d.cameo_sector(org.sector)) or None
            return _Resolved(
                "organization", org_code, country, org.sector or None, org.name, None, "dictionary", org.key
            )
        seats = group.entries("seat")
        if seats:
            country_key = seats[0][1].key
            iso3 = d.countries[country_key].iso3
            sector = "ELI" if former else head_sector or seats[0][1].sector or "GOV"
            return _Resolved(
                "government",
                iso3 + d.cameo_sector(sector),
                iso3,
                sector,
                d.countries[country_key].name,
                None,
                "dictionary",
            )
        capitals = group.entries("capital")
        if capitals and len(group.hits) == 1 and not self._locative(group):
            entry = capitals[0][1]
            if entry.sector == "GOV":
                iso3 = d.countries[entry.key].iso3
                return _Resolved(
                    "government", iso3 + "GOV", iso3, "GOV", d.countries[entry.key].name, None, "dictionary"
                )
            return None  # a capital that is only a city: the place stage's business
        anaphors = group.entries("anaphor")
        if anaphors and not countries:
            # "the alliance" refers back to the most recently named body it can stand for
            bodies = {a.key for _, a in anaphors}
            for before in reversed(history):
                if before.actor in bodies:
                    igo = d.igos[before.actor]
                    return _Resolved(
                        "igo", igo.code, igo.plover, igo.sector, igo.name, None, "anaphor", igo.code
                    )
            return None
        sector = (
            head_sector or (titles[0].sector if titles else None) or (agents[0].sector if agents else None)
        )
        head_entry = self._head_entry(group)
        if "ORG" in group.labels() and head_entry is not None and head_entry.kind == "title":
            sector = None  # the president of an organisation we do not know is not a government
        if former and sector in (None, "GOV", "LEG", "MIL", "JUD"):
            sector = "ELI"
        if countries:
            iso3, country_sector = countries[0]
            if sector is None and country_sector:
                sector = country_sector
            named = "PERSON" in group.labels()
            if named:
                name = self._person_name(group)
                return _Resolved(
                    "person",
                    iso3 + d.cameo_sector(sector),
                    iso3,
                    sector,
                    name,
                    title_words[0].title() if title_words else None,
                    "title",
                    entity_key=name,
                    titles=title_words,
                )
            kind = "agent" if (titles or agents) else "country"
            return _Resolved(
                kind,
                iso3 + d.cameo_sector(sector),
                iso3,
                sector,
                d.countries[iso3].name if iso3 in d.countries else iso3,
                None,
                "title" if kind == "agent" else "dictionary",
            )
        if "PERSON" in group.labels():
            name = self._person_name(group)
            earlier = self._same_person(name, history)
            if earlier is not None:
                return dataclasses.replace(earlier, resolved_by="entity", titles=earlier.titles + title_words)
            return _Resolved(
                "person",
                d.cameo_sector(sector) or None,
                None,
                sector,
                name,
                title_words[0].title() if title_words else None,
                "title" if sector else "unresolved",
                entity_key=name,
                titles=title_words,
            )
        if titles and self._definite(group):
            earlier = self._title_antecedent(title_words, history)
            if earlier is not None:
                return dataclasses.replace(earlier, resolved_by="anaphor")
        if sector is not None:
            return _Resolved("agent", d.cameo_sector(sector) or None, None, sector, None, None, "title")
        if "ORG" in group.labels():
            text = " ".join(s.text for s, _, label in group.hits if label == "ORG")
            if group.head.dep_ in ("pobj", "dobj") and _gazetteer().is_large_city(text):
                return None  # a city the tagger took for an organisation ("hit Hyderabad")
            if group.head.lower_ in self.words.not_actors:
                return None
            earlier = self._same_person(text, history) if " " not in text else None
            if earlier is not None:  # the tagger took a surname for an organisation
                return dataclasses.replace(earlier, resolved_by="entity")
            return _Resolved("organization", None, None, None, text, None, "unresolved", entity_key=text)
        return None

    def _person(
        self,
        group: _Group,
        entries: list[Entry],
        day: dt.date,
        countries: list[tuple[str, str | None]],
        title_words: tuple[str, ...],
        former: bool,
    ) -> _Resolved:
        d = self.dictionary
        people = [d.people[e.key] for e in entries]
        wanted = {c for c, _ in countries}

        def score(person: Person) -> tuple[int, int]:
            active = person.roles_on(day)
            return (bool(active), any(r.of in wanted for r in active) or person.country in wanted)

        person = max(people, key=score)
        role = None if former else self._pick_role(person.roles_on(day), title_words, wanted)
        if role is not None:
            return self._from_role(person, role, "office", title_words)
        last = person.last_role_before(day)
        country = person.country
        if last is not None and last.of in d.countries:
            country = d.countries[last.of].iso3
        if last is not None or former:
            code = (country or "") + "ELI"
            return _Resolved(
                "person",
                code,
                country,
                "ELI",
                person.name,
                last.title if last else None,
                "office",
                person.key,
                title_words,
            )
        sector = self._head_sector(group)
        return _Resolved(
            "person",
            (country or "") + d.cameo_sector(sector) or None,
            country,
            sector,
            person.name,
            None,
            "dictionary",
            person.key,
            title_words,
        )

    def _headline_people(self, title: str, day: dt.date) -> list[_Resolved]:
        """People of the dictionary the headline names who hold an office on ``day``."""
        found = []
        for hit in self.dictionary.find(title):
            for entry in hit.entries:
                if entry.kind != "person":
                    continue
                person = self.dictionary.people[entry.key]
                role = self._pick_role(person.roles_on(day), (), set())
                if role is not None:
                    found.append(self._from_role(person, role, "anaphor", ()))
                break
        return found

    def _from_role(self, person: Person, role: Role, how: str, title_words: tuple[str, ...]) -> _Resolved:
        d = self.dictionary
        if role.of in d.igos:
            return _Resolved(
                "person",
                role.of,
                d.igos[role.of].plover,
                role.sector or "IGO",
                person.name,
                role.title,
                how,
                person.key,
                title_words,
            )
        iso3 = d.countries[role.of].iso3 if role.of in d.countries else role.of
        return _Resolved(
            "person",
            iso3 + d.cameo_sector(role.sector),
            iso3,
            role.sector,
            person.name,
            role.title,
            how,
            person.key,
            title_words,
        )

    @staticmethod
    def _pick_role(roles: list[Role], title_words: tuple[str, ...], countries: set[str]) -> Role | None:
        if not roles:
            return None

        def score(role: Role) -> tuple[bool, bool, int, dt.date]:
            title = role.title.lower()
            return (
                any(w in title or title in w for w in title_words),
                role.of in countries,
                -_OFFICE_ORDER.index(role.sector) if role.sector in _OFFICE_ORDER else -len(_OFFICE_ORDER),
                role.start or dt.date.min,
            )

        return max(roles, key=score)

    def _countries(self, group: _Group) -> list[tuple[str, str | None]]:
        """The countries a mention names (name, adjective, a capital with others), in text order,
        with the sector a territory carries (PRE)."""
        found = []
        for span, entry in group.entries("country", "adjective", "capital"):
            if entry.kind == "capital" and len(group.hits) == 1:
                continue
            country = self.dictionary.countries[entry.key]
            found.append((span.start, (country.iso3, country.sector)))
        if not found:  # a place the gazetteer knows: "Shanghai authorities", "Rakhine rebels"
            for span, _, label in group.hits:
                if label in ("GPE", "LOC") and len(group.hits) > 1:
                    iso3 = place_country(span.text, self.dictionary)
                    if iso3:
                        found.append((span.start, (iso3, None)))
        found.sort(key=lambda f: f[0])
        return [c for _, c in found]

    def _head_sector(self, group: _Group) -> str | None:
        """The sector of the title or agent word at the head of the mention, if any."""
        entry = self._head_entry(group)
        return entry.sector if entry else None

    @staticmethod
    def _head_entry(group: _Group) -> Entry | None:
        """The title or agent meaning of the word at the head of the mention, if any."""
        head = group.head
        for span, hit, _ in group.hits:
            if hit is None or not (span.start <= head.i < span.end):
                continue
            for entry in hit.entries:
                if entry.kind in ("title", "agent") and entry.sector:
                    return entry
        return None

    @staticmethod
    def _person_name(group: _Group) -> str | None:
        names = group.names()
        return names[0] if names else None

    @staticmethod
    def _locative(group: _Group) -> bool:
        head = group.head
        return head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE

    @staticmethod
    def _definite(group: _Group) -> bool:
        first = min(s.start for s, _, _ in group.hits)
        doc = group.head.doc
        return (first > 0 and doc[first - 1].lower_ == "the") or any(
            c.dep_ == "det" and c.lower_ == "the" for c in group.head.children
        )

    def _pronoun(self, group: _Group, history: list[_Resolved]) -> _Resolved | None:
        """He or she: the most recent person named within the last few sentences, skipping
        people already referred to with the other pronoun, and, for an object ("greeted
        him"), the subject of the same clause."""
        token = group.head
        gender = "m" if token.lower_ in ("he", "him") else "f"
        excluded = self._clause_subject(token, history)
        for earlier in reversed(history):
            if earlier.kind != "person" or earlier.at < 0:
                continue
            if token.i - earlier.at > _PRONOUN_REACH:
                return None
            key = earlier.entity_key or earlier.name
            if key == excluded or self._genders.get(key or "", gender) != gender:
                continue
            if key:
                self._genders[key] = gender
            return dataclasses.replace(earlier, resolved_by="pronoun")
        return None

    def _clause_subject(self, pronoun: Token, history: list[_Resolved]) -> str | None:
        if pronoun.dep_ not in ("dobj", "pobj", "dative"):
            return None
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subject = verb.head if child.lower_ in ("who", "that") and verb.dep_ == "relcl" else child
                for earlier in reversed(history):
                    if earlier.at == subject.i:
                        return earlier.entity_key or earlier.name
        return None

    @staticmethod
    def _same_person(name: str | None, history: list[_Resolved]) -> _Resolved | None:
        if not name:
            return None
        last = name.split()[-1].lower()
        for earlier in reversed(history):
            if earlier.kind == "person" and earlier.name and earlier.name.split()[-1].lower() == last:
                return earlier
        return None

    @staticmethod
    def _title_antecedent(title_words: tuple[str, ...], history: list[_Resolved]) -> _Resolved | None:
        """The most recent person whose office or written title has this title's head word."""
        heads = {w.split()[-1] for w in title_words}
        for earlier in reversed(history):
            if earlier.kind != "person" or earlier.actor is None:
                continue
            held = {w.split()[-1] for w in earlier.titles} | (
                {earlier.role.lower().split()[-1]} if earlier.role else set()
            )
            if heads & held:
                return earlier
        return None

    def _link_appositives(self, groups: list[_Group], resolved: dict[int, _Resolved]) -> None:
        """An unresolved person takes the code of their appositive: "X, a Russian opposition
        leader," and "Russia's envoy, X," both say who X is."""
        for group in groups:
            mine = resolved.get(group.head.i)
            if mine is None or mine.kind != "person" or mine.country is not None:
                continue
            head = group.head
            partners = [c for c in head.children if c.dep_ == "appos"] + (
                [head.head] if head.dep_ == "appos" else []
            )
            for partner in partners:
                other = resolved.get(partner.i)
                if other is not None and other.kind in ("agent", "person") and other.country:
                    resolved[head.i] = dataclasses.replace(
                        mine,
                        actor=other.actor,
                        country=other.country,
                        sector=other.sector,
                        resolved_by="title",
                    )
                    if other.kind == "agent":  # the title is this person: one entity
                        resolved[partner.i] = dataclasses.replace(
                            other, kind="person", name=mine.name, entity_key=mine.entity_key
                        )
                    break


def _gazetteer() -> Gazetteer:
    from .places import load_gazetteer

    return load_gazetteer()


def place_country(name: str, dictionary: ActorDictionary) -> str | None:
    """The country of a place name: a region of one country, a US state, or the most populous
    GeoNames city of that name."""
    bare = name[4:] if name.lower().startswith("the ") else name
    folded = " ".join(bare.lower().split())
    region = dictionary.regions.get(folded)
    if region is not None:
        return region[0] if len(region) == 1 else None
    gazetteer = _gazetteer()
    if folded in gazetteer.us_states:
        return "USA"
    cities = gazetteer.city_candidates(bare)
    return max(cities, key=lambda c: c.population).country if cities else None


def speakers_with_actors(speakers: tuple[Speaker, ...], mentions: list[Mention]) -> tuple[Speaker, ...]:
    """Each speaker entity gets the code of the mention that covers its fullest mention."""
    out = []
    for speaker in speakers:
        best, overlap = None, 0
        for mention in mentions:
            shared = min(mention.end, speaker.end) - max(mention.start, speaker.start)
            if shared > overlap and mention.actor:
                best, overlap = mention, shared
        out.append(dataclasses.replace(speaker, actor=best.actor) if best else speaker)
    return tuple(out)


def article_day(article: Article) -> dt.date:
    """The day offices are looked up for: the article's date, else today."""
    try:
        day = published_day(article.published)
    except ValueError:
        day = None
    return day or dt.date.today()


class ActorStage:
    name: str = "actors.resolve.v1"
    requires: tuple[str, ...] = ("sentences", "speakers")
    assigns: tuple[str, ...] = ("mentions", "speakers")

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.resolver = ActorResolver(dictionary)

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]:
        mentions = self.resolver.mentions(
            article.id, doc, article_day(article), done["sentences"], title=article.title
        )
        return {"mentions": tuple(mentions), "speakers": speakers_with_actors(done["speakers"], mentions)}


@register_stage("actors.resolve.v1")
def make_actor_stage(settings: Settings) -> ActorStage:
    return ActorStage(load_dictionary((settings.actors_file,) if settings.actors_file else ()))


@dataclass(frozen=True)
class Lookup:
    """How a phrase resolves (``watchfloor actors lookup``): the mentions, and every dictionary
    phrase found in it with all its possible meanings, as the reason why."""

    text: str
    day: dt.date
    mentions: tuple[Mention, ...]
    hits: tuple[Hit, ...]
    extra: tuple[str, ...] = ()  # the user's dictionary files

    def meanings(self, hit: Hit) -> list[str]:
        """Each meaning of a dictionary phrase in words ("person Vladimir Putin: President of
        RUS 2012-05-07..", "country RUS", "agent MIL")."""
        d = self.dictionary
        out = []
        for entry in hit.entries:
            if entry.kind == "person":
                person = d.people[entry.key]
                roles = "; ".join(
                    f"{r.title} of {r.of} {r.start or ''}..{r.end or ''}"
                    + (" (held)" if r.held_on(self.day) else "")
                    for r in person.roles
                )
                out.append(f"person {person.name} ({person.country or '?'}): {roles or 'no offices'}")
            elif entry.kind in ("country", "adjective", "capital", "seat"):
                country = d.countries[entry.key]
                extra = f" → {entry.sector}" if entry.sector else ""
                out.append(f"{entry.kind} of {country.name} ({country.iso3}){extra}")
            elif entry.kind in ("igo", "anaphor"):
                out.append(f"{entry.kind} {d.igos[entry.key].name} ({entry.key})")
            elif entry.kind == "organization":
                org = d.organizations[entry.key]
                out.append(f"organisation {org.name} ({org.country or 'no country'}, {org.sector})")
            else:
                also = f", also {entry.also}" if entry.also else ""
                out.append(f"{entry.kind} word: sector {entry.sector}{also}")
        return out

    @property
    def dictionary(self) -> ActorDictionary:
        return load_dictionary(self.extra)


#: A phrase alone parses badly ("Russia's President Vladimir Putin" comes out as two noun
#: phrases); as the subject of a short sentence it parses as news text does.
PHRASE_FRAME = " said."


def resolve_phrase(resolver: ActorResolver, nlp: Any, phrase: str, day: dt.date) -> list[Mention]:
    """The mentions of a short phrase (a name, a title, an agent), parsed as a sentence subject."""
    doc = nlp(phrase + PHRASE_FRAME)
    return [m for m in resolver.mentions("phrase", doc, day) if m.end <= len(phrase)]


def lookup(text: str, *, day: dt.date | None = None, nlp: Any = None, extra: tuple[str, ...] = ()) -> Lookup:
    """Resolve the actors of a short text on ``day`` (default today), with the reasons."""
    from ..nlp import load_nlp
    from ..settings import load_settings

    dictionary = load_dictionary(extra)
    day = day or dt.date.today()
    nlp = nlp or load_nlp(load_settings().model)
    if len(text.split()) <= 12 and not text.rstrip().endswith((".", "!", "?")):
        mentions = resolve_phrase(ActorResolver(dictionary), nlp, text, day)
    else:
        mentions = ActorResolver(dictionary).mentions("lookup", nlp(text), day)
    return Lookup(text, day, tuple(mentions), tuple(dictionary.find(text)), extra)
