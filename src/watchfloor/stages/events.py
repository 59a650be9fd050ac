"""Events: who did what to whom, CAMEO- and PLOVER-coded, from the parse, quotes and actors.

Three passes over one parsed article, after the quote, actor and place stages:

1. **Verbs.** Every verb whose lemma has patterns (``resources/events/verbs.yaml``) is tried
   against its frame: the subject is the source (the "by" agent in the passive; a verb with no
   subject of its own takes the one of the verb it completes or is coordinated with: "Russia
   threatened to attack", "X met Y and signed"), the target is the object or a prepositional
   object, and a pattern may ask for an object word ("impose sanctions"), an object of a sector
   ("deploy troops"), a particle or a to-infinitive. Both must be actor mentions; coordinated
   subjects and objects each give an event ("X and Y signed").
2. **Nouns.** Nominal events (``nouns.yaml``): "Russia's invasion of Ukraine", "sanctions on
   Iran", with the source from a possessive, a modifier or "by", the target from a preposition.
3. **Statements.** Inside a quote, "we" and "I" are the speaker, and events are ``reported``
   with the quote's id. The quote itself is an event of its speaker (``statements.yaml``): a
   criticism when it condemns another actor, an accusation when it reports that actor's
   conflict action as fact, else one comment; at most one per speaker and target an article.

Every event is flagged **negated** ("did not attack"), **hypothetical** (would/could/might, "if
…", "the possibility of …") and **future** (will, going to); it is dated by the article, moved
by a relative date that governs it ("on Sunday", "yesterday"), and placed where a place of the
sentence is attached to it. No verb is coded without a pattern, and a sentence keeps one event
per (source, code, target).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

from ..registry import register_stage
from ..types import Article, Event, Mention, Place, Quote
from .actors import article_day
from .event_codes import CameoCode, IntentRules, VerbPattern, load_cameo, load_intent_rules, load_patterns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..settings import Settings

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must", "ought"}
#: Words whose clause is asked for, not done: "demanded that Turkey provide information", "its
#: demand that Israel ease restrictions".
_DEMANDS = {"demand", "urge", "ask", "call", "insist", "request", "appeal", "want", "wish", "plea", "hope"}
_FUTURE_AUX = {"will", "shall", "'ll"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_OBLIGATION = {"must", "should", "ought"}
#: Verbs whose "not" is the negation of their to-infinitive: "is not going to fight", "did not
#: try to stop", "does not want to attack" (with the commitment verbs of intents.yaml).
_NEGATION_CARRIERS = {"go", "try", "want", "seek", "attempt", "begin", "start", "dare", "mean"}
#: Nouns whose "of" complement is not an event that happened ("the possibility of X resorting
#: to nuclear weapons", "fears of an invasion").
_POSSIBILITY = {
    "possibility",
    "risk",
    "threat",
    "danger",
    "fear",
    "fears",
    "prospect",
    "chance",
    "likelihood",
    "option",
    "plan",
    "plans",
    "idea",
    "scenario",
    "warning",
    "warnings",
}
_SPEAKER_PRONOUNS = {"we", "i", "us", "me"}
#: In reported speech the speaker speaks of itself in the third person: "Switzerland said it had
#: expelled …", "the rebels said they will release …" (subjects only).
_REPORTED_SELF = {"he", "she", "it", "they"}
#: Object heads that measure or count what the verb acts on: "25,000 tons of food aid", "scores
#: of refugees", "a group of journalists": the object is what follows "of".
_QUANTITIES = {
    "ton",
    "tonne",
    "score",
    "dozen",
    "hundred",
    "thousand",
    "million",
    "billion",
    "number",
    "group",
    "batch",
    "shipment",
    "consignment",
    "lot",
    "amount",
    "part",
    "dollar",
    "euro",
    "pound",
    "package",
    "round",
    "wave",
    "series",
    "couple",
    "handful",
    "team",
    "unit",
}
#: Roots of the acts a quote accuses their actor of when it reports them as fact: coercion,
#: assault, fighting, mass violence.
_ACCUSABLE = {"17", "18", "19", "20"}
#: Verbs whose to-infinitive did happen ("began to shell"); under any other ("threatened to
#: invade", "agreed to release") the infinitive's event is hypothetical.
_ASPECTUAL = {"begin", "start", "continue", "keep", "resume", "proceed", "manage", "go"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_LOCATIVE = {"in", "at", "near", "on", "across", "inside", "outside", "into", "around"}
ActorOf = Callable[["Token"], list["_Actor"]]


@dataclass(frozen=True)
class StatementRules:
    condemn_code: str
    condemn_words: re.Pattern[str]
    accuse_code: str
    demand_code: str
    comment_code: str
    non_political_sectors: frozenset[str]


@cache
def load_statement_rules() -> StatementRules:
    data = yaml.safe_load(files("watchfloor.resources").joinpath("events/statements.yaml").read_text("utf-8"))
    words = sorted((str(w).lower() for w in data["condemn"]["words"]), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return StatementRules(
        str(data["condemn"]["code"]),
        pattern,
        str(data["accuse"]["code"]),
        str(data["demand"]["code"]),
        str(data["comment"]["code"]),
        frozenset(str(s).upper() for s in data["non_political_sectors"]),
    )


@cache
def load_sector_codes() -> frozenset[str]:
    """The CAMEO sector codes actor codes are made of (``actors/sectors.yaml``)."""
    text = files("watchfloor.resources").joinpath("actors/sectors.yaml").read_text("utf-8")
    sectors = yaml.safe_load(text)["sectors"]
    return frozenset(str(s.get("cameo") or s["code"]).upper() for s in sectors)


@cache
def load_speech_cues() -> frozenset[str]:
    """Cue lemmas of speech (not thought or intention) from the quote stage's lexicon."""
    data = yaml.safe_load(files("watchfloor.resources").joinpath("quote_cues.yaml").read_text("utf-8"))
    words = [*data.get("speech", ()), *data.get("nouns", ()), *data.get("phrases", ())]
    return frozenset(str(w).lower() for w in words if isinstance(w, str))


@dataclass
class _Actor:
    code: str
    name: str | None
    mention: str | None
    entity: int | None
    sector: str | None = None


@dataclass
class _Draft:
    sentence: int
    start: int
    end: int
    source: _Actor
    target: _Actor | None
    code: str
    trigger: Token
    pattern: str
    negated: bool
    hypothetical: bool
    future: bool
    quote: Quote | None
    confidence: float


class EventCoder:
    def __init__(self) -> None:
        self.cameo = load_cameo()
        self.verbs, self.nouns = load_patterns()
        self.rules = load_statement_rules()
        self.speech_cues = load_speech_cues()
        self.intents = load_intent_rules()
        self.sectors = load_sector_codes()

    # -- one article -----------------------------------------------------------------------
    def events(self, article: Article, doc: Doc, done: dict[str, Any]) -> list[Event]:
        sentences = done["sentences"]
        starts = [s.start for s in sentences]
        mentions: tuple[Mention, ...] = done.get("mentions", ())
        quotes: tuple[Quote, ...] = done.get("quotes", ())
        speakers = {s.index: s for s in done.get("speakers", ())}
        places: tuple[Place, ...] = done.get("places", ())
        by_token = self._mentions_by_token(doc, mentions)
        # what people said, not what they thought or intended ("agreed to release" is an event)
        quotes = tuple(q for q in quotes if _is_speech(q, self.speech_cues))
        quote_of = self._quote_by_token(doc, quotes)
        speaker_actor: dict[str, _Actor] = {}
        for quote in quotes:
            speaker = speakers.get(quote.speaker) if quote.speaker is not None else None
            if speaker is not None and speaker.actor:
                speaker_actor[quote.id] = _Actor(speaker.actor, speaker.name, quote.speaker_mention, None)

        def actor_of(token: Token) -> list[_Actor]:
            """The actors a noun phrase names: its mention, and those of its conjuncts; inside
            a quote, "we"/"I" is the speaker."""
            found = []
            for part in [token, *_conjuncts(token)]:
                mention = by_token.get(part.i)
                if mention is not None and mention.actor:
                    found.append(_mention_actor(mention))
                elif (modified := _actor_from_modifiers(part, mention, by_token, doc)) is not None:
                    found.append(modified)
                elif part.lower_ in _SPEAKER_PRONOUNS or (
                    part.lower_ in _REPORTED_SELF and part.dep_ in _SUBJECTS
                ):
                    quote = quote_of.get(part.i)
                    if (
                        quote is not None
                        and quote.id in speaker_actor
                        and (part.lower_ in _SPEAKER_PRONOUNS or quote.kind != "direct")
                    ):
                        found.append(speaker_actor[quote.id])
            return found

        drafts: list[_Draft] = []
        for token in doc:
            if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in self.verbs:
                drafts.extend(self._verb_events(token, actor_of, starts, quote_of))
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.nouns:
                drafts.extend(self._noun_events(token, actor_of, starts, quote_of))
        drafts.extend(self._statements(doc, quotes, speaker_actor, drafts, by_token, starts, actor_of))
        return self._finish(article, doc, drafts, places, starts)

    # -- verbs -----------------------------------------------------------------------------
    def _verb_events(
        self, verb: Token, actor_of: ActorOf, starts: list[int], quote_of: dict[int, Quote]
    ) -> list[_Draft]:
        sources, passive_object = self._subjects(verb, actor_of)
        if not sources:
            return []
        for pattern in self.verbs[verb.lemma_.lower()]:
            obj = passive_object or _object(verb)
            if pattern.particle and not any(
                c.dep_ == "prt" and c.lower_ == pattern.particle for c in verb.children
            ):
                continue
            if pattern.xcomp and not any(
                c.dep_ == "xcomp" and c.lemma_.lower() in pattern.xcomp for c in verb.children
            ):
                continue
            if pattern.intransitive and obj is not None:
                continue
            if pattern.object and (obj is None or not _object_words(obj) & set(pattern.object)):
                continue
            if pattern.object_sector and (
                obj is None or not self._sector_in(obj, pattern.object_sector, actor_of)
            ):
                continue
            targets = self._targets(verb, obj, pattern, actor_of)
            if not targets and not (pattern.target == "none" or pattern.target_optional):
                continue
            return self._drafts(
                verb, sources, _or_none(targets), pattern.code, pattern.id, starts, quote_of, pattern
            )
        return []

    def _subjects(self, verb: Token, actor_of: ActorOf) -> tuple[list[_Actor], Token | None]:
        """The source actors of a verb and, for a passive, the token that is its object."""
        for _ in range(4):
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if subject is not None and subject.dep_ == "nsubjpass":
                by = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
                return (actor_of(by) if by is not None else []), _through_quantity(subject)
            if subject is not None:
                if subject.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return actor_of(verb.head), None
                return actor_of(_through_quantity(subject)), None
            if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
                verb = verb.head  # "Russia threatened to attack", "X met Y and signed"
                continue
            if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
                verb = verb.head.head  # "Syria is willing to withdraw"
                continue
            if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
                return actor_of(verb.head), None
            return [], None
        return [], None

    def _targets(
        self, verb: Token, obj: Token | None, pattern: VerbPattern, actor_of: ActorOf
    ) -> list[_Actor]:
        if pattern.xcomp and obj is None:  # "threatened to invade Ukraine": the infinitive's object
            xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            if xcomp is not None:
                verb, obj = xcomp, _object(xcomp)
        if pattern.target == "object":
            return _actor_or_owner(obj, actor_of) if obj is not None else []
        if pattern.target == "prep":
            holders = [verb] + ([obj] if obj is not None else [])
            for holder in holders:
                for prep in holder.children:
                    if prep.dep_ in ("prep", "dative") and prep.lower_ in pattern.prep:
                        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        if pobj is not None and actor_of(pobj):
                            return actor_of(pobj)
        return []

    @staticmethod
    def _sector_in(token: Token, sectors: tuple[str, ...], actor_of: ActorOf) -> bool:
        return any(actor.sector in sectors for actor in actor_of(token))

    # -- nouns -----------------------------------------------------------------------------
    def _noun_events(
        self, noun: Token, actor_of: ActorOf, starts: list[int], quote_of: dict[int, Quote]
    ) -> list[_Draft]:
        for pattern in self.nouns[noun.lemma_.lower()]:
            sources: list[_Actor] = []
            for child in noun.children:
                if child.dep_ == "poss" and "poss" in pattern.source:
                    sources = actor_of(child)
                elif child.dep_ in ("amod", "compound", "nmod") and "compound" in pattern.source:
                    sources = sources or actor_of(child)
                elif child.dep_ == "prep" and child.lower_ == "by" and "by" in pattern.source:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    sources = sources or (actor_of(pobj) if pobj is not None else [])
            if not sources:
                continue
            targets: list[_Actor] = []
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ in pattern.target:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        targets = actor_of(pobj)
                        if targets:
                            break
            if not targets and pattern.target and not pattern.target_optional:
                continue
            return self._drafts(
                noun, sources, _or_none(targets), pattern.code, pattern.id, starts, quote_of, None
            )
        return []

    # -- statements ------------------------------------------------------------------------
    def _statements(
        self,
        doc: Doc,
        quotes: tuple[Quote, ...],
        speaker_actor: dict[str, _Actor],
        drafts: list[_Draft],
        by_token: dict[int, Mention],
        starts: list[int],
        actor_of: ActorOf,
    ) -> list[_Draft]:
        out: list[_Draft] = []
        said: set[tuple[str, str | None]] = set()
        for quote in quotes:
            speaker = speaker_actor.get(quote.id)
            if speaker is None or not self._political(speaker.code) or not self._placed(speaker.code):
                continue  # "a ministry spokesman" (GOV of no country) says nothing we can code
            inside = [d for d in drafts if d.quote is quote]
            others = [
                m
                for i, m in sorted(by_token.items())
                if quote.start <= m.start < quote.end
                and m.actor
                and _home(m.actor) != _home(speaker.code)  # not the speaker's own side
                and self._political(m.actor)
                and self._placed(m.actor)
            ]
            first_other = _mention_actor(others[0]) if others else None
            own_words = quote.kind != "indirect"
            conflict = [
                d
                for d in inside
                if d.code[:2] in _ACCUSABLE
                and d.source.code != speaker.code
                and not d.negated
                and (own_words or _same_side(speaker.code, d.target.code if d.target else None))
            ]
            target: _Actor | None
            condemned = self._condemned(doc, quote, speaker, actor_of) if own_words else None
            if condemned is not None:
                code, target, why = self.rules.condemn_code, condemned, "statement-condemn"
            elif conflict and not conflict[0].hypothetical:
                code, target, why = self.rules.accuse_code, conflict[0].source, "statement-accuse"
            elif (obliged := _obliged_actor(doc, quote, speaker, actor_of, self._placed)) is not None:
                code, target, why = self.rules.demand_code, obliged, "statement-demand"
            elif first_other is not None:
                code, target, why = self.rules.comment_code, first_other, "statement-comment"
            else:
                continue  # a comment about no one: not an event
            if code == self.rules.comment_code:  # one comment per speaker and target an article
                key = (speaker.code, target.code if target else None)
                if key in said:
                    continue
                said.add(key)
            cue = _token_at(doc, quote.cue_start) if quote.cue_start is not None else None
            if cue is None:  # a transcript's answer, a follow-on paragraph: the quote's main verb
                span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
                trigger = span.root if span is not None and len(span) else None
            else:
                trigger = cue
            if trigger is None:
                continue
            if cue is not None and any(
                d.trigger.i == cue.i and d.source.code == speaker.code for d in drafts
            ):
                continue  # the cue is the act ("declared a state of emergency")
            sentence = max(0, bisect_right(starts, quote.start) - 1)
            out.append(
                _Draft(
                    sentence,
                    quote.start,
                    quote.end,
                    speaker,
                    target,
                    code,
                    trigger,
                    why,
                    False,
                    False,
                    False,
                    quote,
                    0.6,
                )
            )
        return out

    def _condemned(self, doc: Doc, quote: Quote, speaker: _Actor, actor_of: ActorOf) -> _Actor | None:
        """The actor a quote condemns: for each condemning word, the actor it belongs to
        ("Russia's aggression", "Russian atrocities") or, through the verb it depends on, the
        subject of its clause ("Russia's use of chemical weapons would be a brutal violation"),
        else the nearest political actor of its sentence."""
        for match in self.rules.condemn_words.finditer(quote.text):
            word = _token_at(doc, quote.start + match.start())
            if word is None:
                continue
            candidates = [
                a for c in word.children if c.dep_ in ("poss", "amod", "compound") for a in actor_of(c)
            ]
            head = word
            for _ in range(3):
                if candidates or head.head.i == head.i:
                    break
                head = head.head
                subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if head.pos_ in ("VERB", "AUX") and subject is not None and subject.i != word.i:
                    candidates = _actor_or_owner(subject, actor_of)
            if not candidates:
                sentence = word.sent
                nearby = sorted(
                    (t for t in sentence if t.i != word.i and actor_of(t)), key=lambda t: abs(t.i - word.i)
                )
                candidates = actor_of(nearby[0]) if nearby else []
            for actor in candidates:
                if actor.code != speaker.code and self._political(actor.code) and self._placed(actor.code):
                    return actor
        return None

    def _placed(self, code: str) -> bool:
        """Whether an actor code names a country or an organisation, not only a sector ("MIL")."""
        return code[:3] not in self.sectors or (code.startswith("IGO") and len(code) > 3)

    def _political(self, code: str) -> bool:
        """Whether an actor code is one whose words are political: not one of media,
        business, education, civilians … (a sector anywhere in the code: USAMED, EDU)."""
        chunks = {code[i : i + 3] for i in range(0, len(code), 3)}
        return bool(code) and not chunks & self.rules.non_political_sectors

    # -- shared ----------------------------------------------------------------------------
    def _drafts(
        self,
        trigger: Token,
        sources: list[_Actor],
        targets: list[_Actor | None],
        code: str,
        pattern_id: str,
        starts: list[int],
        quote_of: dict[int, Quote],
        pattern: VerbPattern | None,
    ) -> list[_Draft]:
        negated, hypothetical, future = _flags(trigger)
        frame = _intent_frame(trigger, self.intents, self.speech_cues)
        if frame is not None:
            recoded = _recode_intent(code, frame, negated, self.intents)
            if recoded is not None:  # the promise, threat or refusal happened; the act did not
                code, table = recoded
                pattern_id = f"{pattern_id}+{table}"
                negated = hypothetical = future = False
        clause = _clause(trigger)
        sentence = max(0, bisect_right(starts, trigger.idx) - 1)
        confidence = (
            0.55
            + (0.15 if targets[0] is not None else 0.0)
            + (0.1 if pattern and pattern.specificity else 0.0)
        )
        out = []
        for source in sources:
            for target in targets:
                if target is not None and target.code == source.code:
                    continue
                out.append(
                    _Draft(
                        sentence,
                        clause[0],
                        clause[1],
                        source,
                        target,
                        code,
                        trigger,
                        pattern_id,
                        negated,
                        hypothetical,
                        future,
                        quote_of.get(trigger.i),
                        confidence,
                    )
                )
        return out

    def _finish(
        self, article: Article, doc: Doc, drafts: list[_Draft], places: tuple[Place, ...], starts: list[int]
    ) -> list[Event]:
        day = article_day(article) if article.published else None
        text = doc.text
        seen: set[tuple[int, str, str, str | None]] = set()
        events: list[Event] = []
        for draft in sorted(_most_specific(drafts), key=lambda d: (d.start, d.trigger.i)):
            key = (draft.sentence, draft.source.code, draft.code, draft.target.code if draft.target else None)
            if key in seen:
                continue
            seen.add(key)
            code: CameoCode = self.cameo[draft.code]
            date, date_source = _event_date(draft.trigger, day)
            place = _place_of(draft, places)
            events.append(
                Event(
                    article_id=article.id,
                    index=len(events),
                    sentence=draft.sentence,
                    start=draft.start,
                    end=draft.end,
                    evidence=text[draft.start : draft.end],
                    date=date,
                    date_source=date_source,
                    source=draft.source.code,
                    source_name=draft.source.name,
                    source_mention=draft.source.mention,
                    source_entity=draft.source.entity,
                    target=draft.target.code if draft.target else None,
                    target_name=draft.target.name if draft.target else None,
                    target_mention=draft.target.mention if draft.target else None,
                    target_entity=draft.target.entity if draft.target else None,
                    cameo=code.code,
                    root=code.root,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    plover_type=code.plover_type,
                    plover_mode=code.plover_mode,
                    trigger=draft.trigger.text,
                    trigger_lemma=draft.trigger.lemma_.lower(),
                    pattern=draft.pattern,
                    negated=draft.negated,
                    hypothetical=draft.hypothetical,
                    future=draft.future,
                    reported=draft.quote is not None,
                    quote_id=draft.quote.id if draft.quote is not None else None,
                    place_name=place.name if place else None,
                    place_country=place.country if place else None,
                    lat=place.lat if place else None,
                    lon=place.lon if place else None,
                    confidence=round(draft.confidence - (0.1 if draft.quote is not None else 0.0), 2),
                )
            )
        return events

    @staticmethod
    def _mentions_by_token(doc: Doc, mentions: tuple[Mention, ...]) -> dict[int, Mention]:
        """Token index → the mention whose head it is, or (weaker) that covers it."""
        out: dict[int, Mention] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                # not the words of a phrase inside it: "Europe" in "troops in Europe"
                if not _in_prepositional_phrase(token, span.root):
                    out.setdefault(token.i, mention)
            out[span.root.i] = mention
        return out

    @staticmethod
    def _quote_by_token(doc: Doc, quotes: tuple[Quote, ...]) -> dict[int, Quote]:
        out: dict[int, Quote] = {}
        for quote in quotes:
            for start, end in quote.parts or ((quote.start, quote.end),):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        out.setdefault(token.i, quote)
        return out


def _is_speech(quote: Quote, speech_cues: frozenset[str]) -> bool:
    """A quote of what someone said: direct or mixed, or reported with a speech cue and a
    clause ("said that …"), not an infinitive of intention ("agreed to release …")."""
    if quote.kind != "indirect":
        return True
    return (quote.cue_lemma or "") in speech_cues and not quote.text.lower().startswith("to ")


def _obliged_actor(
    doc: Doc, quote: Quote, speaker: _Actor, actor_of: ActorOf, placed: Callable[[str], bool]
) -> _Actor | None:
    """The other actor a quote says must or should act ("Sudan must return the helicopter"):
    the speaker demands it of them."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    for verb in span or ():
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in verb.children):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        actors = actor_of(subject) if subject is not None else []
        if actors and actors[0].code not in (speaker.code, _home(speaker.code)) and placed(actors[0].code):
            return actors[0]  # not "Britain must leave" said by the British government
    return None


def _mention_actor(mention: Mention) -> _Actor:
    return _Actor(mention.actor or "", mention.name, mention.text, mention.entity, mention.sector)


def _home(code: str) -> str:
    """The country or IGO part of an actor code: RUSGOV → RUS, IGOEUREECGOV → IGOEUR."""
    return code[:6] if code.startswith("IGO") else code[:3]


def _same_side(speaker: str, victim: str | None) -> bool:
    """Whether the victim of an attack in reported speech is the speaker's own side (its
    country, or the speaker itself): "Ukraine said Russia shelled Kharkiv" accuses; "police
    said guerrillas wounded two soldiers" reports. (In a speaker's own quoted words any such
    act stated as fact accuses.)"""
    return victim is not None and _home(victim) == _home(speaker)


def _actor_from_modifiers(
    token: Token, mention: Mention | None, by_token: dict[int, Mention], doc: Doc
) -> _Actor | None:
    """An actor for a noun phrase whose head is no resolved actor, from the resolved words that
    modify it: "Israeli army bulldozers" → ISR + MIL, "U.N. mediator Diego Cordovez" → IGOUNO,
    "al-Qaeda terror network" → al-Qaeda's code. The country of one and the sector of another
    combine; the phrase's own text is the mention."""
    if mention is not None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        words = [t for t in span if t.i != token.i] if span is not None else []
    else:
        words = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    parts = []
    for word in words:
        inner = by_token.get(word.i)
        if inner is not None and inner.actor and inner is not mention and inner not in parts:
            parts.append(inner)
    if not parts:
        return None
    country = next((m.country for m in parts if m.country), None)
    sector = next((m.sector for m in parts if m.sector and not m.country), None)
    if country is None:
        first = parts[0]
        code = first.actor or ""
    else:
        code = country + (sector or "") if sector and len(country) == 3 else country
        first = next(m for m in parts if m.country)
    text = mention.text if mention is not None else " ".join(t.text for t in token.subtree)[:120]
    return _Actor(code, first.name, text, first.entity, sector or first.sector)


def _most_specific(drafts: list[_Draft]) -> list[_Draft]:
    """Drop a draft that another one of the same sentence and source says more precisely: a
    more specific code ("threatened to invade": 138 on "threatened", 1382 on "invade") or the
    same code with a target where it has none."""

    def covers(better: _Draft, draft: _Draft) -> bool:
        if better is draft or not better.code.startswith(draft.code):
            return False
        same_target = (better.target.code if better.target else None) == (
            draft.target.code if draft.target else None
        )
        if better.code != draft.code:
            return same_target or draft.target is None
        return draft.target is None and better.target is not None

    groups: dict[tuple[int, str], list[_Draft]] = {}
    for draft in drafts:
        groups.setdefault((draft.sentence, draft.source.code), []).append(draft)
    return [d for d in drafts if not any(covers(o, d) for o in groups[(d.sentence, d.source.code)])]


def _in_prepositional_phrase(token: Token, root: Token) -> bool:
    while token.i != root.i and token.head.i != token.i:
        if token.dep_ in ("prep", "pobj"):
            return True
        token = token.head
    return False


def _or_none(targets: list[_Actor]) -> list[_Actor | None]:
    return list(targets) if targets else [None]


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "conj"]


def _object(verb: Token) -> Token | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")), None)
    if obj is None:  # "X fired at Y": no object; prepositional targets are handled elsewhere
        return None
    return _through_quantity(obj)


def _actor_or_owner(noun: Token, actor_of: ActorOf) -> list[_Actor]:
    """The actors a noun phrase names, else those it belongs to: "praised Haiti's efforts" →
    Haiti, "defended the right of Russian troops" → the troops."""
    found = actor_of(noun)
    if found:
        return found
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "of"):
            owner = (
                child if child.dep_ == "poss" else next((c for c in child.children if c.dep_ == "pobj"), None)
            )
            if owner is not None and (found := actor_of(owner)):
                return found
    return []


def _object_words(noun: Token) -> set[str]:
    """The lemmas an object pattern may match: the head's, its noun modifiers' and its
    conjuncts' ("mediation efforts", "aid deliveries", "photographs and other intelligence")."""
    words = {noun.lemma_.lower()}
    for child in noun.children:
        if child.dep_ in ("compound", "conj"):
            words.add(child.lemma_.lower())
    return words


def _through_quantity(noun: Token) -> Token:
    """ "25,000 tons of food aid" → "aid"; "scores of refugees" → "refugees"."""
    for _ in range(2):
        if noun.lemma_.lower() not in _QUANTITIES:
            break
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None:
            break
        noun = pobj
    return noun


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, min(len(doc.text), char + 1), alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _clause(trigger: Token) -> tuple[int, int]:
    """Character span of the clause or noun phrase that carries the event."""
    tokens = list(trigger.subtree)
    sent = trigger.sent
    start = max(tokens[0].idx, sent.start_char)
    last = tokens[-1]
    end = min(last.idx + len(last.text), sent.end_char)
    return start, end


def _flags(trigger: Token) -> tuple[bool, bool, bool]:
    """negated, hypothetical, future, from the trigger and the verbs it depends on."""
    negated = hypothetical = future = False
    chain = [trigger]
    head = trigger
    for _ in range(4):
        if (
            head.dep_ in ("xcomp", "ccomp", "advcl", "conj", "pcomp", "pobj", "acl", "relcl")
            and head.head.i != head.i
        ):
            head = head.head
            chain.append(head)
        else:
            break
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() not in _ASPECTUAL:
        hypothetical = True  # "threatened to invade", "agreed to release": not (yet) done
    for n, word in enumerate(chain):
        for child in word.children:
            lower = child.lower_
            if child.dep_ == "neg" and (
                n == 0 or (n == 1 and chain[0].dep_ == "xcomp" and _carries_negation(word))
            ):
                negated = True  # "did not attack"; "is not going to fight", "did not agree to release"
            if child.dep_ == "aux" and lower in _HYPOTHETICAL_AUX:
                hypothetical = True
            if child.dep_ == "aux" and lower in _FUTURE_AUX:
                future = True
            if child.dep_ == "mark" and lower in _CONDITIONAL_MARKS:
                hypothetical = True
        if word.lemma_.lower() in _POSSIBILITY and word.i != trigger.i:
            hypothetical = True
        if n > 0 and word.lemma_.lower() in _DEMANDS and chain[n - 1].dep_ in ("ccomp", "acl"):
            hypothetical = True
    if trigger.i + 2 < len(trigger.doc) and trigger.nbor(-1).lower_ == "to" and trigger.i >= 2:
        if trigger.nbor(-2).lower_ == "going":
            future = True
    return negated, hypothetical, future


def _carries_negation(governor: Token) -> bool:
    """Whether "not" on this verb denies its to-infinitive too ("is not going to fight")."""
    lemma = governor.lemma_.lower()
    return lemma in _NEGATION_CARRIERS or lemma in load_intent_rules().commitment_verbs


def _intent_frame(trigger: Token, rules: IntentRules, speech_cues: frozenset[str]) -> str | None:
    """ "commitment" when the trigger's act is promised, offered or announced for the future by
    its source ("agreed to release", "ready to talk", "will impose", "said they would meet"),
    "threat" when it is threatened ("threatened to invade"), else None."""
    verb = trigger
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "pobj"):
        verb = verb.head.head if verb.dep_ == "pobj" else verb.head  # "promised to continue aid"
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for _ in range(4):
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "will withdraw and release": the auxiliary is on the first verb
        elif verb.dep_ == "advcl" and any(c.lower_ == "to" for c in verb.children if c.dep_ == "aux"):
            verb = verb.head  # a purpose: "will visit Senegal to mediate"
        elif verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ASPECTUAL:
            verb = verb.head  # "prepared to resume shelling"
        else:
            break
    if _under_condition(trigger):
        return None  # "… unless the president agrees to step down": nothing is promised
    if any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children) for c in verb.children):
        return "threat"  # "will withdraw its force unless …": an ultimatum
    governor = verb.head
    lemma = governor.lemma_.lower()
    if verb.dep_ == "xcomp":
        if lemma in rules.threat_verbs:
            return "threat"
        if lemma in rules.commitment_verbs or (lemma == "go" and governor.tag_ == "VBG"):
            return "commitment"  # "agreed to release", "is going to send"
        if governor.pos_ == "ADJ" and lemma in rules.commitment_adjectives:
            return "commitment"  # "is willing to withdraw"
        return None
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if auxiliaries & _FUTURE_AUX:
        return "commitment"
    if verb.dep_ == "ccomp" and auxiliaries & {"would", "should"}:
        if lemma in rules.commitment_verbs:
            return "commitment"  # "agreed that their countries should cooperate"
        if lemma in speech_cues and auxiliaries & {"would"}:
            return "commitment"  # "said they would meet"
    return None


def _under_condition(trigger: Token) -> bool:
    """Whether the trigger, or a verb it depends on, is the body of an if/unless/whether clause."""
    token = trigger
    for _ in range(5):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in token.children):
            return True
        if (
            token.dep_ not in ("xcomp", "conj", "acl", "relcl", "dobj", "pobj", "prep")
            or token.head.i == token.i
        ):
            return False
        token = token.head
    return False


def _recode_intent(code: str, frame: str, negated: bool, rules: IntentRules) -> tuple[str, str] | None:
    """The code an act gets as a promise ("intent"), a threat or a refusal, with the table's
    name; None when the act's code stays (statements, appeals, demands, criticism …)."""
    if negated and frame != "commitment":
        return None
    table = "refusal" if negated else "threat" if frame == "threat" or code[:2] >= "14" else "intent"
    recoded = rules.recode(code, table) or (rules.generic_threat if table == "threat" else None)
    return (recoded, table) if recoded else None


def _event_date(trigger: Token, day: dt.date | None) -> tuple[str | None, str]:
    """The article's day, moved by a relative date attached to the event's verb."""
    if day is None:
        return None, "none"
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    holders = [verb] if verb.i == trigger.i else [trigger, verb]  # "last year's strikes"
    words: list[str] = []
    for holder in holders:
        for child in holder.children:
            if child.ent_type_ == "DATE" or (
                child.dep_ == "prep" and any(g.ent_type_ == "DATE" for g in child.children)
            ):
                words.extend(t.lower_ for t in child.subtree)
    moved = _relative_day(words, day)
    if moved is not None:
        return moved.isoformat(), "relative"
    if _before_the_article(words, day):
        return None, "past"  # "in 2014", "last year": not the article's day, and no day given
    if not words and _names_a_known_event(trigger):
        return None, "reference"  # "Russia's invasion of Ukraine": an event the reader knows of
    return day.isoformat(), "article"


def _names_a_known_event(trigger: Token) -> bool:
    """Whether a noun trigger names an event as one already known, by its possessor or "the"
    ("Russia's war against Ukraine", "the invasion"), rather than reporting it ("an attack",
    "attacks on the city"). Such a phrase in a speech months later is not a new event that day."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in trigger.children
    )


def _before_the_article(words: list[str], day: dt.date) -> bool:
    """Whether a date phrase puts the event in an earlier month or year without naming its day."""
    if "ago" in words and any(w in words for w in ("year", "years", "month", "months", "decade", "decades")):
        return True
    if "last" in words and any(w in words for w in ("year", "month", "decade", "century")):
        return True
    return any(w.isdigit() and len(w) == 4 and 1900 <= int(w) < day.year for w in words)


def _relative_day(words: list[str], day: dt.date) -> dt.date | None:
    if not words:
        return None
    if "yesterday" in words:
        return day - dt.timedelta(days=1)
    if "today" in words or "tonight" in words:
        return day
    if "last" in words and "week" in words:
        return day - dt.timedelta(days=7)
    for n, name in enumerate(_WEEKDAYS):
        if name in words:
            back = (day.weekday() - n) % 7
            if "next" in words:
                return day + dt.timedelta(days=(n - day.weekday()) % 7 or 7)
            return day - dt.timedelta(days=back)
    return None


def _place_of(draft: _Draft, places: tuple[Place, ...]) -> Place | None:
    """A place attached to the event's clause by a locative preposition, else the sentence's."""
    trigger = draft.trigger
    in_clause = [p for p in places if draft.start <= p.start < draft.end]
    for place in in_clause:
        token = _token_at(trigger.doc, place.start)
        if token is not None and token.head.lower_ in _LOCATIVE:
            return place
    return in_clause[0] if len(in_clause) == 1 and in_clause[0].kind != "country" else None


class EventStage:
    name: str = "events.cameo.v1"
    requires: tuple[str, ...] = ("sentences", "quotes", "speakers", "mentions", "places")
    assigns: tuple[str, ...] = ("events",)

    def __init__(self) -> None:
        self.coder = EventCoder()

    def __call__(self, article: Article, doc: Doc, done: dict[str, Any]) -> dict[str, Any]:
        return {"events": tuple(self.coder.events(article, doc, done))}


@register_stage("events.cameo.v1")
def make_event_stage(settings: Settings) -> EventStage:
    return EventStage()
