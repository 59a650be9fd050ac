#!/usr/bin/env python
"""Build a DuckDB store with watchfloor's schema and a synthetic, realistic event history.

The file is meant for benchmarking what reads many events: the dyad series, the escalation index
and the alerts (``watch_events``, ``watch_quotes``, ``daily_events``). The schema comes from the
project's own migrations (``Store(path).migrate()``); every row is then generated inside DuckDB
with set-based SQL (``INSERT … SELECT … FROM range(n)``), so 5 million events take about a
minute on two cores (a 690 MB file). All choices are ``hash(key, seed)`` functions of a row's key, so the same
seed (and the same DuckDB version) gives the same data.

What it writes:

- ``articles``: about N/8 articles spread over ``--days`` days from ``--start`` (more on weekdays,
  a slow upward trend), ~3% undated, ~8% near-duplicates of an earlier article
  (``duplicate_of``; a copy carries the events and quotes of its original). The text is a
  one-line lede followed by one paragraph per event evidence and per quote, so every
  ``start_char``/``end_char`` points at its text.
- ``events``: N events. Actors are drawn with a Zipf-like skew from the 201 states of
  ``resources/actors/countries.yaml`` and the IGOs of ``igos.yaml`` (USA, RUS, UKR, CHN, ISR, IRN,
  NATO … first), half of the country codes with a sector suffix (GOV, MIL, REB, OPP, MED, BUS …);
  about 17% of the events come from a list of dense dyads (RUS→UKR, IGOWSTNAT→RUS, USA→CHN …),
  some of them tilted towards conflict codes; ~10% have no target; source and target always
  differ. CAMEO codes come from ``resources/events/cameo_codes.tsv`` with GDELT-like root shares
  (01, 04, 05 frequent, 18–20 rare), and root, quad class, Goldstein and PLOVER type/mode from
  the same row. A few escalation bursts (one to three days of many 18x–20x events on one
  conflict dyad) give the alerts something to find. Flags: negated ~3%, hypothetical ~5%,
  future ~4%, reported ~30% (with ``quote_id`` pointing at a quote of the same article).
- ``quotes`` (about N/10) and ``speakers`` (about one per two quotes), speakers coded with actors
  from the same set, mostly governments; ~1% of quotes mention "nuclear".
- ``runs``: the two (synthetic) runs the articles name.

The other tables (sentences, mentions, places, alerts …) stay empty.

Usage::

    .venv/bin/python benchmarks/synthetic_events.py --events 5000000 --out /tmp/synthetic.duckdb
    .venv/bin/python benchmarks/synthetic_events.py --events 200000 --out /tmp/s.duckdb --seed 7 \\
        --days 1096 --start 2023-01-01 --force --stats
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import yaml

from watchfloor.stages.event_codes import CameoCode, load_cameo
from watchfloor.store import Store

#: Slots of the lookup tables that turn a hash into a weighted choice (a power of two).
SLOTS = 1 << 16

#: Actors in order of how often the news names them; the rest follow in a seeded order.
HEAD = (
    "USA RUS UKR CHN ISR IRN IGOWSTNAT GBR PSE FRA DEU IGOUNO IGOEUREEC TUR IND SYR JPN PRK KOR SAU"
    " PAK TWN LBN IRQ AFG EGY YEM QAT SDN BLR POL CAN AUS ITA BRA MEX VEN IGOUNOUSC IGOUNOIAE NGA"
    " ZAF ETH KEN LBY JOR ARE IDN PHL VNM MMR HUN ESP NLD SWE FIN GEO ARM AZE SRB XKX"
).split()
#: Zipf exponent and rank offset of the actor weights: weight = 1 / (rank + offset) ** exponent.
ZIPF_EXPONENT = 1.1
ZIPF_OFFSET = 2.0

#: Sector suffixes of country actors: (suffix, noun for names, weight in events, weight in speakers).
SECTORS = (
    ("GOV", "government", 18.0, 58.0),
    ("MIL", "military", 10.0, 10.0),
    ("COP", "police", 3.0, 2.0),
    ("OPP", "opposition", 3.0, 5.0),
    ("REB", "rebels", 2.5, 1.0),
    ("LEG", "parliament", 2.0, 4.0),
    ("JUD", "judiciary", 1.5, 1.0),
    ("MED", "media", 2.0, 3.0),
    ("BUS", "business", 3.0, 3.0),
    ("CVL", "civilians", 2.5, 0.0),
    ("SPY", "intelligence", 0.5, 0.0),
    ("EDU", "academics", 0.5, 0.0),
    ("HLH", "health officials", 0.5, 0.0),
    ("REF", "refugees", 0.5, 0.0),
)
#: Share of country actors without a sector suffix, in events and among speakers.
NO_SECTOR_EVENTS = 0.5
NO_SECTOR_SPEAKERS = 0.12

#: Dense directed dyads: (source, target, % of all events, P(verbal conflict code), P(material
#: conflict code)). Codes are otherwise drawn from the general distribution.
DYADS = (
    ("RUS", "UKR", 3.0, 0.15, 0.45),
    ("UKR", "RUS", 2.0, 0.15, 0.40),
    ("USA", "CHN", 1.2, 0.30, 0.05),
    ("IGOWSTNAT", "RUS", 1.0, 0.35, 0.05),
    ("CHN", "USA", 1.0, 0.30, 0.03),
    ("ISR", "PSE", 1.0, 0.15, 0.45),
    ("USA", "RUS", 0.8, 0.30, 0.05),
    ("RUS", "IGOWSTNAT", 0.6, 0.40, 0.05),
    ("RUS", "USA", 0.6, 0.30, 0.02),
    ("USA", "UKR", 0.6, 0.00, 0.00),
    ("PSE", "ISR", 0.5, 0.15, 0.35),
    ("ISR", "IRN", 0.5, 0.30, 0.20),
    ("IRN", "ISR", 0.5, 0.35, 0.20),
    ("USA", "IRN", 0.5, 0.30, 0.10),
    ("USA", "ISR", 0.5, 0.05, 0.00),
    ("ISR", "LBN", 0.4, 0.10, 0.50),
    ("CHN", "TWN", 0.4, 0.35, 0.15),
    ("IGOEUREEC", "RUS", 0.4, 0.30, 0.10),
    ("IRN", "USA", 0.3, 0.35, 0.05),
    ("IGOEUREEC", "UKR", 0.3, 0.00, 0.00),
    ("PRK", "KOR", 0.2, 0.40, 0.10),
    ("IND", "PAK", 0.2, 0.30, 0.20),
    ("PAK", "IND", 0.2, 0.30, 0.20),
    ("IGOUNO", "ISR", 0.2, 0.30, 0.00),
    ("TUR", "SYR", 0.2, 0.10, 0.30),
    ("KOR", "PRK", 0.1, 0.30, 0.05),
)

#: Dyads an escalation burst may hit: (source, source sector, target, target sector).
BURST_DYADS = (
    ("RUS", "MIL", "UKR", ""),
    ("UKR", "MIL", "RUS", ""),
    ("ISR", "MIL", "PSE", ""),
    ("ISR", "MIL", "LBN", ""),
    ("ISR", "", "IRN", ""),
    ("IRN", "", "ISR", ""),
    ("CHN", "MIL", "TWN", ""),
    ("PRK", "MIL", "KOR", ""),
    ("IND", "MIL", "PAK", ""),
    ("PAK", "", "IND", ""),
    ("USA", "MIL", "IRN", ""),
    ("TUR", "MIL", "SYR", ""),
)
#: Bursts start at least this many days after --start, so that the index has a baseline.
BURST_MIN_DAY = 60

#: GDELT-like shares of the CAMEO roots in the general code distribution (percent, normalised).
ROOT_SHARES = {
    "01": 17.0, "02": 6.0, "03": 7.0, "04": 18.0, "05": 10.0, "06": 2.5, "07": 2.5, "08": 2.5,
    "09": 1.5, "10": 1.5, "11": 5.5, "12": 2.0, "13": 2.5, "14": 2.0, "15": 0.6, "16": 1.5,
    "17": 5.0, "18": 3.0, "19": 4.0, "20": 0.4,
}  # fmt: skip
VERBAL_CONFLICT_ROOTS = ("10", "11", "12", "13", "14", "16")
MATERIAL_CONFLICT_ROOTS = ("15", "17", "18", "19", "20")
#: Root shares of the codes of escalation bursts.
ARMED_SHARES = {"18": 0.15, "19": 0.70, "20": 0.15}
#: Codes the news reports more often than their siblings (weight multipliers).
CODE_BOOSTS = {
    "010": 2.0, "020": 1.5, "036": 2.0, "040": 1.5, "042": 3.0, "043": 2.0, "046": 2.0, "051": 2.0,
    "057": 1.5, "084": 1.5, "111": 1.5, "112": 3.0, "130": 1.5, "138": 1.5, "163": 1.0, "172": 1.5,
    "173": 2.0, "183": 1.0, "190": 3.0, "193": 2.0, "195": 1.5,
}  # fmt: skip
#: Fallback trigger verbs per root, for codes that no verb pattern of ours codes.
ROOT_VERBS = {
    "01": "say", "02": "urge", "03": "pledge", "04": "meet", "05": "praise", "06": "cooperate",
    "07": "provide", "08": "agree", "09": "investigate", "10": "demand", "11": "accuse", "12": "reject",
    "13": "threaten", "14": "protest", "15": "deploy", "16": "sanction", "17": "arrest", "18": "attack",
    "19": "strike", "20": "kill",
}  # fmt: skip
#: Past tenses the simple rules of _past() get wrong.
IRREGULAR = {
    "meet": "met", "send": "sent", "strike": "struck", "fight": "fought", "hold": "held", "give": "gave",
    "take": "took", "make": "made", "say": "said", "tell": "told", "shoot": "shot", "lead": "led",
    "seek": "sought", "sell": "sold", "bring": "brought", "keep": "kept", "win": "won", "begin": "began",
    "break": "broke", "throw": "threw", "draw": "drew", "withdraw": "withdrew", "cut": "cut",
    "put": "put", "set": "set", "quit": "quit", "hit": "hit", "beat": "beat", "flee": "fled",
    "spend": "spent", "lend": "lent", "forbid": "forbade", "offer": "offered", "visit": "visited",
    "lay": "laid", "pay": "paid", "stop": "stopped", "ban": "banned", "expel": "expelled",
    "rebel": "rebelled", "plan": "planned", "veto": "vetoed", "admit": "admitted", "commit": "committed",
    "submit": "submitted",
    "abet": "abetted", "shut": "shut", "bid": "bid", "let": "let", "spread": "spread", "rid": "rid",
    "blow": "blew", "drive": "drove", "forgive": "forgave",
}  # fmt: skip

OUTLETS = (
    ("Reuters", "reuters.com"), ("Associated Press", "apnews.com"), ("AFP", "afp.com"),
    ("BBC News", "bbc.co.uk"), ("Al Jazeera", "aljazeera.com"), ("The Guardian", "theguardian.com"),
    ("Kyiv Independent", "kyivindependent.com"), ("Deutsche Welle", "dw.com"), ("TASS", "tass.com"),
    ("Times of Israel", "timesofisrael.com"), ("France 24", "france24.com"), ("Xinhua", "xinhuanet.com"),
    ("Anadolu Agency", "aa.com.tr"), ("Dawn", "dawn.com"), ("The Hindu", "thehindu.com"),
    ("Yonhap", "yna.co.kr"), ("NHK World", "nhk.or.jp"), ("Radio Free Europe", "rferl.org"),
    ("Politico Europe", "politico.eu"), ("The Straits Times", "straitstimes.com"),
)  # fmt: skip
DATE_SOURCES = ("jsonl:published", "feed:published", "html:meta", "feed:updated", "html:htmldate")

FIRST_NAMES = (
    "Anna Olena Maria Sergei Dmitry John Emma Li Wei Yossi Ali Fatima Hassan Mohammed Sarah James Pierre"
    " Klaus Ingrid Kenji Min-jun Priya Rahul Ahmed Leila Carlos Ana Tomasz Oksana Viktor"
).split()
LAST_NAMES = (
    "Petrova Kovalenko Ivanov Smith Johnson Zhang Wang Cohen Levi Rahimi Hosseini Haddad Khan Garcia"
    " Dubois Schmidt Larsen Tanaka Kim Sharma Patel Nowak Shevchenko Novak Rossi Silva Mendez Yilmaz"
    " Ahmadi Brown Muller Costa"
).split()
#: Offices of named speakers: (role, title written before the name).
ROLES = (
    ("foreign minister", "Foreign Minister"), ("defence minister", "Defence Minister"),
    ("president", "President"), ("prime minister", "Prime Minister"), ("spokesperson", "spokesperson"),
    ("ambassador", "Ambassador"), ("commander", "General"), ("lawmaker", "lawmaker"),
    ("secretary-general", "Secretary-General"), ("envoy", "envoy"), ("analyst", "analyst"),
)  # fmt: skip
#: Unnamed speakers: (role, mention).
UNNAMED = (
    ("official", "a senior official"), ("spokesman", "a military spokesman"), ("diplomat", "a diplomat"),
    ("official", "a government source"), ("aide", "an aide"), ("official", "officials"),
)  # fmt: skip
ORGANISATIONS = ("foreign ministry", "defence ministry", "government", "army", "presidency")
#: Speech verbs of quotes: (cue, lemma); "said" three times as often as the others.
CUES = (
    ("said", "say"), ("said", "say"), ("said", "say"), ("warned", "warn"), ("added", "add"),
    ("stressed", "stress"), ("insisted", "insist"), ("told reporters", "tell"),
)  # fmt: skip
PRONOUNS = ("he", "she", "they")
QUOTES = (
    "We will not accept any violation of our sovereignty",
    "The talks were constructive and we agreed to meet again",
    "Our position has not changed",
    "We call on all sides to show restraint",
    "There can be no peace without justice",
    "This is a clear breach of international law",
    "We are ready to help those in need",
    "The sanctions are hurting ordinary people",
    "Our forces will respond to any attack",
    "We are studying the proposal carefully",
    "The situation on the ground remains difficult",
    "Dialogue is the only way forward",
    "We expect our partners to keep their promises",
    "The attack was a provocation",
)
NUCLEAR_QUOTES = (
    "Any use of nuclear weapons would be met with a decisive response",
    "The risk of a nuclear incident at the plant is growing",
    "We will not allow them to acquire a nuclear weapon",
)
MOBILISATION_QUOTES = ("A new wave of mobilisation is not planned",)
#: Shares of quotes drawn from NUCLEAR_QUOTES and MOBILISATION_QUOTES.
NUCLEAR_SHARE = 0.01
MOBILISATION_SHARE = 0.005

#: Per-event flag rates, and other shares.
RATES = {
    "negated": 0.03,
    "hypothetical": 0.05,
    "future": 0.04,
    "reported": 0.30,
    "no_target": 0.10,
    "place": 0.40,
    "nuclear_evidence": 0.004,  # of conflict events: the evidence names nuclear risks
    "undated": 0.03,  # of articles
    "duplicate": 0.08,  # of articles
    "date_only": 0.20,  # of dated articles: `published` has no time
    "unresolved_quote": 0.10,  # of quotes after an article's first mention of each speaker
    "speaker_no_actor": 0.10,
}


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    name: str
    adjective: str
    is_country: bool
    capital: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO code of our table with the verb a synthetic event uses for it."""

    cameo: CameoCode
    lemma: str
    trigger: str
    pattern: str


def _resource(path: str) -> str:
    return files("watchfloor.resources").joinpath(path).read_text("utf-8")


def load_actors(seed: int) -> list[Actor]:
    """The states of the actor dictionary and its IGOs, most frequent first (HEAD, then seeded)."""
    countries = yaml.safe_load(_resource("actors/countries.yaml"))["countries"]
    igos = yaml.safe_load(_resource("actors/igos.yaml"))["igos"]
    actors: dict[str, Actor] = {}
    for entry in countries:
        if entry.get("sovereign") or entry.get("part_of") or entry.get("dissolved"):
            continue  # territories, breakaway regions, states of the past (East Germany …)
        adjectives = entry.get("adjectives") or [entry["name"]]
        actors[entry["iso3"]] = Actor(
            entry["iso3"],
            entry["name"],
            adjectives[0],
            True,
            entry.get("capital"),
            entry.get("lat"),
            entry.get("lon"),
        )
    for entry in igos:
        # Its short name: the shortest that is not "the …" (UN, NATO, EU, UNSC).
        name = min((n for n in entry["names"] if not n.startswith("the ")), key=len)
        actors[entry["code"]] = Actor(entry["code"], name, name, False, None, None, None)
    missing = [code for code in HEAD if code not in actors]
    if missing:
        raise SystemExit(f"actor dictionary lacks {missing}")
    rest = sorted(set(actors) - set(HEAD), key=lambda code: zlib.crc32(f"{seed}:{code}".encode()))
    return [actors[code] for code in (*HEAD, *rest)]


def _past(lemma: str) -> str:
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def load_codes() -> list[Code]:
    """The three- and four-digit CAMEO codes (the coder never emits two-digit ones), each with a
    verb pattern of ours that codes it (its id and first lemma) or the root's fallback verb."""
    verbs = yaml.safe_load(_resource("events/verbs.yaml"))["verbs"]
    by_code: dict[str, tuple[str, str]] = {}
    for verb in verbs:
        by_code.setdefault(str(verb["code"]), (str(verb["id"]), str(verb["lemmas"][0])))
    codes = []
    for cameo in load_cameo().values():
        if len(cameo.code) < 3:
            continue
        pattern, lemma = by_code.get(cameo.code, (f"synthetic-{cameo.code}", ROOT_VERBS[cameo.root]))
        codes.append(Code(cameo, lemma, _past(lemma), pattern))
    return codes


def code_weights(codes: Sequence[Code], roots: dict[str, float]) -> list[float]:
    """Weights of ``codes`` such that each root gets its share of ``roots`` (others 0). Within a
    root, "not specified" codes (x0) weigh most, then three-digit codes, four-digit codes least;
    CODE_BOOSTS lifts the usual suspects, and a fixed hash of the code varies the rest."""
    raw = []
    for cameo in (c.cameo for c in codes):
        n = cameo.code
        weight = 1.5 if n.endswith("0") and len(n) == 3 else 1.0 if len(n) == 3 else 0.3
        weight *= CODE_BOOSTS.get(n, 0.3 + 0.7 * (zlib.crc32(n.encode()) % 100) / 100)
        raw.append(weight)
    per_root: dict[str, float] = {}
    for code, weight in zip(codes, raw, strict=True):
        per_root[code.cameo.root] = per_root.get(code.cameo.root, 0.0) + weight
    return [
        roots.get(code.cameo.root, 0.0) * w / per_root[code.cameo.root]
        for code, w in zip(codes, raw, strict=True)
    ]


def slot_table(weights: Sequence[float], slots: int = SLOTS) -> list[int]:
    """For each of ``slots`` slots the index of an item, each item (weight > 0) getting at least one
    slot and about ``weight / sum(weights)`` of them: ``items[table[hash % slots]]`` then draws
    items in proportion to their weights."""
    total = sum(weights)
    counts = [max(1, round(w / total * slots)) if w > 0 else 0 for w in weights]
    counts[max(range(len(counts)), key=lambda i: counts[i])] += slots - sum(counts)
    return [i for i, count in enumerate(counts) for _ in range(count)]


def sql_list(values: Sequence[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def temp_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, Sequence[Any]]]
) -> None:
    """CREATE TEMP TABLE ``name`` from equally long Python lists, one per column."""
    select = ", ".join(f"unnest(?::{kind}[]) AS {column}" for column, (kind, _) in columns.items())
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT {select}", [list(v) for _, v in columns.values()])


def create_lookups(
    con: duckdb.DuckDBPyConnection, *, seed: int, days: int, start: dt.date, events: int
) -> None:
    """The small tables the generating queries join: actors, sectors, codes, their slot tables,
    dense dyads and escalation bursts."""
    actors = load_actors(seed)
    number = {a.code: i for i, a in enumerate(actors)}
    temp_table(
        con,
        "_actor",
        {
            "actor_no": ("INTEGER", range(len(actors))),
            "code": ("VARCHAR", [a.code for a in actors]),
            "name": ("VARCHAR", [a.name for a in actors]),
            "adjective": ("VARCHAR", [a.adjective for a in actors]),
            "is_country": ("BOOLEAN", [a.is_country for a in actors]),
            "capital": ("VARCHAR", [a.capital for a in actors]),
            "lat": ("DOUBLE", [a.lat for a in actors]),
            "lon": ("DOUBLE", [a.lon for a in actors]),
        },
    )
    zipf = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(len(actors))]
    temp_table(
        con, "_actor_slot", {"slot": ("INTEGER", range(SLOTS)), "actor_no": ("INTEGER", slot_table(zipf))}
    )

    temp_table(
        con,
        "_sector",
        {
            "sector_no": ("INTEGER", range(len(SECTORS))),
            "suffix": ("VARCHAR", [s[0] for s in SECTORS]),
            "noun": ("VARCHAR", [s[1] for s in SECTORS]),
        },
    )
    for name, weights, none in (
        ("_sector_slot", [s[2] for s in SECTORS], NO_SECTOR_EVENTS),
        ("_speaker_sector_slot", [s[3] for s in SECTORS], NO_SECTOR_SPEAKERS),
    ):
        scaled = [w / sum(weights) * (1 - none) for w in weights]
        table = slot_table([*scaled, none])
        temp_table(
            con,
            name,
            {
                "slot": ("INTEGER", range(SLOTS)),
                "sector_no": ("INTEGER", [i if i < len(SECTORS) else None for i in table]),
            },
        )

    codes = load_codes()
    temp_table(
        con,
        "_code",
        {
            "code_no": ("INTEGER", range(len(codes))),
            "cameo": ("VARCHAR", [c.cameo.code for c in codes]),
            "root": ("VARCHAR", [c.cameo.root for c in codes]),
            "label": ("VARCHAR", [c.cameo.label.split("  ")[0].lower() for c in codes]),
            "goldstein": ("DOUBLE", [c.cameo.goldstein for c in codes]),
            "quad_class": ("INTEGER", [c.cameo.quad_class for c in codes]),
            "plover_type": ("VARCHAR", [c.cameo.plover_type for c in codes]),
            "plover_mode": ("VARCHAR", [c.cameo.plover_mode for c in codes]),
            "lemma": ("VARCHAR", [c.lemma for c in codes]),
            "trigger": ("VARCHAR", [c.trigger for c in codes]),
            "pattern": ("VARCHAR", [c.pattern for c in codes]),
        },
    )
    # Four code distributions: 0 general, 1 verbal conflict, 2 material conflict, 3 armed (bursts).
    distributions = [
        ROOT_SHARES,
        {r: ROOT_SHARES[r] for r in VERBAL_CONFLICT_ROOTS},
        {r: ROOT_SHARES[r] for r in MATERIAL_CONFLICT_ROOTS},
        ARMED_SHARES,
    ]
    dist_column: list[int] = []
    slot_column: list[int] = []
    code_column: list[int] = []
    for dist, roots in enumerate(distributions):
        table = slot_table(code_weights(codes, roots))
        dist_column += [dist] * SLOTS
        slot_column += range(SLOTS)
        code_column += table
    temp_table(
        con,
        "_code_slot",
        {
            "dist": ("INTEGER", dist_column),
            "slot": ("INTEGER", slot_column),
            "code_no": ("INTEGER", code_column),
        },
    )

    temp_table(
        con,
        "_dyad",
        {
            "dyad_no": ("INTEGER", range(len(DYADS))),
            "src": ("INTEGER", [number[d[0]] for d in DYADS]),
            "tgt": ("INTEGER", [number[d[1]] for d in DYADS]),
            "p_verbal": ("DOUBLE", [d[3] for d in DYADS]),
            "p_material": ("DOUBLE", [d[4] for d in DYADS]),
        },
    )
    shares = [d[2] / 100 for d in DYADS]
    table = slot_table([*shares, 1 - sum(shares)])
    temp_table(
        con,
        "_dyad_slot",
        {
            "slot": ("INTEGER", range(SLOTS)),
            "dyad_no": ("INTEGER", [i if i < len(DYADS) else None for i in table]),
        },
    )

    # Escalation bursts: one to three consecutive days each; a day belongs to one burst at most.
    # On a burst day an event is taken over by the burst with probability `share`: at least 4%
    # of the day's events, and enough for some 30 events on an average day of a small file.
    sector_no = {s[0]: i for i, s in enumerate(SECTORS)}
    first = BURST_MIN_DAY if days > 2 * BURST_MIN_DAY else 0
    temp_table(
        con,
        "_burst_dyad",
        {
            "burst_dyad_no": ("INTEGER", range(len(BURST_DYADS))),
            "src": ("INTEGER", [number[b[0]] for b in BURST_DYADS]),
            "src_sector": ("INTEGER", [sector_no.get(b[1]) for b in BURST_DYADS]),
            "tgt": ("INTEGER", [number[b[2]] for b in BURST_DYADS]),
            "tgt_sector": ("INTEGER", [sector_no.get(b[3]) for b in BURST_DYADS]),
        },
    )
    share = min(0.5, max(0.04, 30 / max(events / days, 1)))
    con.execute(f"""
        CREATE TEMP TABLE _burst AS
        WITH b AS (
            SELECT range AS burst_no,
                {first} + h(range, 0, 'burst-day') % {max(days - first, 1)} AS start_day,
                1 + h(range, 0, 'burst-len') % 3 AS length,
                h(range, 0, 'burst-dyad') % {len(BURST_DYADS)} AS burst_dyad_no
            FROM range({max(4, days // 45)})
        ), d AS (
            SELECT b.burst_no, unnest(range(b.start_day, b.start_day + b.length)) AS day_no, b.burst_dyad_no
            FROM b
        )
        SELECT d.burst_no, DATE '{start}' + d.day_no::INTEGER AS day, bd.src, bd.src_sector, bd.tgt,
            bd.tgt_sector, {share} AS share
        FROM d JOIN _burst_dyad bd USING (burst_dyad_no)
        WHERE d.day_no < {days}
        QUALIFY row_number() OVER (PARTITION BY d.day_no ORDER BY d.burst_no) = 1
    """)


def create_macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """h(): a seeded 63-bit hash (BIGINT) of a row key and a salt; u(): the same as a uniform in [0, 1);
    slot(): the same as a slot number of the lookup tables."""
    con.execute(f"""
        CREATE OR REPLACE TEMP MACRO h(a, b, salt) AS (hash(a, b, salt, {seed}::BIGINT) >> 1)::BIGINT;
        CREATE OR REPLACE TEMP MACRO u(a, b, salt) AS (h(a, b, salt) >> 10) / 9007199254740992.0;
        CREATE OR REPLACE TEMP MACRO slot(a, b, salt) AS (h(a, b, salt) % {SLOTS})::INTEGER;
        -- An article id: 16 hex digits, like the content hashes of real ones.
        CREATE OR REPLACE TEMP MACRO article_id(a) AS
            lower(lpad(to_hex(hash(a, 'id', {seed}::BIGINT)), 16, '0'));
        -- The first paragraph of every article; a paragraph per event, then per quote follow it.
        CREATE OR REPLACE TEMP MACRO lede(a) AS 'Synthetic article ' || a || ' for watchfloor benchmarks.';
    """)


def plan_articles(
    con: duckdb.DuckDBPyConnection, *, events: int, quotes: int, days: int, start: dt.date
) -> None:
    """``_art``: one row per article with its day, id, original, and how many events and quotes it has."""
    articles = max(1, events // 8)
    # Articles per day: weekends quieter, a slow upward trend, some noise. Each day gets the
    # articles [first, end) of an exact split of `articles` by cumulative weight.
    con.execute(f"""
        CREATE TEMP TABLE _days AS
        WITH d AS (
            SELECT range AS d, DATE '{start}' + range::INTEGER AS day,
                (1 + 0.5 * range / {days})
                * CASE dayofweek(DATE '{start}' + range::INTEGER) WHEN 6 THEN 0.65 WHEN 0 THEN 0.6 ELSE 1 END
                * (0.8 + 0.4 * u(range, 0, 'day')) AS w
            FROM range({days})
        ), c AS (
            SELECT d, day,
                CASE WHEN d = {days - 1} THEN {articles}
                    ELSE floor({articles} * sum(w) OVER (ORDER BY d) / sum(w) OVER ())::BIGINT
                END AS end_article
            FROM d
        )
        SELECT d, day, coalesce(lag(end_article) OVER (ORDER BY d), 0) AS first_article, end_article FROM c
    """)
    # A near-duplicate copies one of the 40 articles before it, which must not be a copy itself:
    # an article is a copy when it drew "copy" and its original did not (so p(1 - p) are copies).
    p = 0.5 - (0.25 - RATES["duplicate"]) ** 0.5
    # Events and quotes per article: exponential weights (most articles have a few events, some
    # many, ~6% none), quotes correlated with events; a copy has the weights of its original.
    con.execute(f"""
        CREATE TEMP TABLE _art AS
        WITH a AS (
            SELECT day, unnest(range(first_article, end_article)) AS a FROM _days
        ), f AS (
            SELECT a, day,
                a > 0 AND u(a, 0, 'copy') < {p}
                    AND NOT u(greatest(a - 1 - h(a, 0, 'original') % 40, 0), 0, 'copy') < {p} AS is_copy,
                greatest(a - 1 - h(a, 0, 'original') % 40, 0) AS original,
                u(a, 0, 'undated') < {RATES["undated"]} AS undated
            FROM a
        ), k AS (
            SELECT *, CASE WHEN is_copy THEN original ELSE a END AS key_a FROM f
        ), w AS (
            SELECT *, -ln(1 - u(key_a, 0, 'events')) AS w_events,
                0.5 * -ln(1 - u(key_a, 0, 'events')) + 0.5 * -ln(1 - u(key_a, 0, 'quotes')) AS w_quotes
            FROM k
        ), c AS (
            SELECT *,
                CASE WHEN a = {articles - 1} THEN {events}
                    ELSE floor({events} * sum(w_events) OVER (ORDER BY a) / sum(w_events) OVER ())::BIGINT
                END AS end_event,
                CASE WHEN a = {articles - 1} THEN {quotes}
                    ELSE floor({quotes} * sum(w_quotes) OVER (ORDER BY a) / sum(w_quotes) OVER ())::BIGINT
                END AS end_quote
            FROM w
        )
        SELECT a, day, key_a, is_copy, undated,
            article_id(a) AS id,
            CASE WHEN is_copy THEN article_id(original) END AS duplicate_of,
            article_id(key_a) AS key_id,
            (end_event - coalesce(lag(end_event) OVER (ORDER BY a), 0))::INTEGER AS n_events,
            (end_quote - coalesce(lag(end_quote) OVER (ORDER BY a), 0))::INTEGER AS n_quotes
        FROM c
    """)
    con.execute("ALTER TABLE _art ADD COLUMN n_speakers INTEGER")
    con.execute("UPDATE _art SET n_speakers = (n_quotes + 1) // 2")


def insert_events(con: duckdb.DuckDBPyConnection) -> None:
    """``events``: the rows of each article, drawn from the lookups by hash(article key, idx)."""
    row = con.execute("SELECT sum(n_events) FILTER (WHERE n_quotes > 0) / sum(n_events) FROM _art").fetchone()
    with_quotes = float(row[0]) if row and row[0] else 1.0
    # Only events of articles with quotes can be reported (quote_id is one of them).
    p_reported = min(0.95, RATES["reported"] / with_quotes)
    number = dict(con.execute("SELECT code, actor_no FROM _actor").fetchall())
    usa, rus = number["USA"], number["RUS"]
    # k, i: the key of an event's draws. A near-duplicate has its original's key, so its events
    # repeat the original's (until its own count runs out).
    con.execute(f"""
        INSERT INTO events (id, article_id, idx, sentence, start_char, end_char, evidence, date, date_source,
            source, source_name, source_mention, source_entity, target, target_name, target_mention,
            target_entity, cameo, root, quad_class, goldstein, plover_type, plover_mode, trigger,
            trigger_lemma, pattern, negated, hypothetical, future, reported, quote_id, place_name,
            place_country, lat, lon, confidence)
        WITH ev AS (
            SELECT a, id AS article_id, key_a AS k, CASE WHEN NOT undated THEN day END AS date, n_quotes,
                unnest(range(n_events)) AS i
            FROM _art WHERE n_events > 0
        ), drawn AS (
            SELECT ev.*, b.day IS NOT NULL AS burst, b.src AS b_src, b.src_sector AS b_src_sector,
                b.tgt AS b_tgt, b.tgt_sector AS b_tgt_sector,
                dy.src AS d_src, dy.tgt AS d_tgt, dy.p_verbal, dy.p_material,
                s1.actor_no AS z_src, t1.actor_no AS z_tgt, t2.actor_no AS z_tgt2,
                ss.sector_no AS src_sector_draw, ts.sector_no AS tgt_sector_draw
            FROM ev
            LEFT JOIN _burst b ON b.day = ev.date AND u(ev.k, ev.i, 'burst') < b.share
            JOIN _dyad_slot ds ON ds.slot = slot(ev.k, ev.i, 'dyad')
            LEFT JOIN _dyad dy ON dy.dyad_no = ds.dyad_no
            JOIN _actor_slot s1 ON s1.slot = slot(ev.k, ev.i, 'src')
            JOIN _actor_slot t1 ON t1.slot = slot(ev.k, ev.i, 'tgt')
            JOIN _actor_slot t2 ON t2.slot = slot(ev.k, ev.i, 'tgt2')
            JOIN _sector_slot ss ON ss.slot = slot(ev.k, ev.i, 'src-sector')
            JOIN _sector_slot ts ON ts.slot = slot(ev.k, ev.i, 'tgt-sector')
        ), sided AS (
            SELECT drawn.*,
                CASE WHEN burst THEN b_src ELSE coalesce(d_src, z_src) END AS src,
                CASE WHEN burst THEN b_tgt ELSE coalesce(d_tgt, z_tgt) END AS tgt0,
                NOT burst AND u(k, i, 'no-target') < {RATES["no_target"]} AS no_target,
                CASE WHEN burst THEN 3
                    WHEN u(k, i, 'tilt') < coalesce(p_material, 0) THEN 2
                    WHEN u(k, i, 'tilt') < coalesce(p_material, 0) + coalesce(p_verbal, 0) THEN 1
                    ELSE 0 END AS dist
            FROM drawn
        ), sectored AS (
            SELECT sided.*,
                CASE WHEN burst THEN b_src_sector WHEN sa.is_country THEN src_sector_draw END AS src_sector,
                CASE WHEN burst THEN b_tgt_sector WHEN ta.is_country THEN tgt_sector_draw END AS tgt_sector0
            FROM sided
            JOIN _actor sa ON sa.actor_no = sided.src
            JOIN _actor ta ON ta.actor_no = sided.tgt0
        ), fixed AS (
            -- No target for some; a target equal to the source is replaced by a second draw
            -- without sector (or, if that is the source too, by USA or RUS).
            SELECT sectored.*,
                CASE WHEN no_target THEN NULL
                    WHEN tgt0 = src AND tgt_sector0 IS NOT DISTINCT FROM src_sector THEN
                        CASE WHEN z_tgt2 <> src OR src_sector IS NOT NULL THEN z_tgt2
                            WHEN src = {usa} THEN {rus} ELSE {usa} END
                    ELSE tgt0 END AS tgt,
                CASE WHEN no_target OR (tgt0 = src AND tgt_sector0 IS NOT DISTINCT FROM src_sector) THEN NULL
                    ELSE tgt_sector0 END AS tgt_sector
            FROM sectored
        ), named AS (
            SELECT f.a, f.article_id, f.i, f.k, f.date, f.n_quotes, c.*,
                sa.code || coalesce(sx.suffix, '') AS source,
                CASE WHEN sx.suffix IS NULL THEN sa.name ELSE sa.adjective || ' ' || sx.noun END
                    AS source_name,
                ta.code || coalesce(tx.suffix, '') AS target,
                CASE WHEN tx.suffix IS NULL THEN ta.name ELSE ta.adjective || ' ' || tx.noun END
                    AS target_name,
                CASE WHEN u(f.k, f.i, 'place') >= {RATES["place"]} THEN NULL
                    WHEN ta.is_country THEN ta.actor_no WHEN sa.is_country THEN sa.actor_no END AS place_no
            FROM fixed f
            JOIN _code_slot cs ON cs.dist = f.dist AND cs.slot = slot(f.k, f.i, 'code')
            JOIN _code c ON c.code_no = cs.code_no
            JOIN _actor sa ON sa.actor_no = f.src
            LEFT JOIN _actor ta ON ta.actor_no = f.tgt
            LEFT JOIN _sector sx ON sx.sector_no = f.src_sector
            LEFT JOIN _sector tx ON tx.sector_no = f.tgt_sector
        ), texted AS (
            SELECT named.*,
                source_name || ' ' || trigger || coalesce(' ' || target_name, '') || ': ' || label
                    || CASE WHEN quad_class >= 3 AND u(k, i, 'nuclear') < {RATES["nuclear_evidence"]}
                        THEN ', citing nuclear risks' ELSE '' END
                    || ' (synthetic).' AS evidence
            FROM named
        ), placed AS (
            SELECT t.*, length(lede(t.a)) + 2
                + sum(length(t.evidence) + 2) OVER (PARTITION BY t.a ORDER BY t.i ROWS UNBOUNDED PRECEDING)
                - (length(t.evidence) + 2) AS start_char
            FROM texted t
        )
        SELECT p.article_id || ':e' || p.i, p.article_id, p.i::INTEGER, (p.i + 1)::INTEGER,
            p.start_char, p.start_char + length(p.evidence), p.evidence,
            p.date, CASE WHEN p.date IS NULL THEN 'none' ELSE 'article' END,
            p.source, p.source_name, p.source_name, (h(p.k, p.i, 'entity') % 3)::INTEGER,
            p.target, p.target_name, p.target_name,
            CASE WHEN p.target IS NOT NULL
                THEN (h(p.k, p.i, 'entity') % 3 + 1 + h(p.k, p.i, 'entity2') % 3)::INTEGER END,
            p.cameo, p.root, p.quad_class, p.goldstein, p.plover_type, p.plover_mode,
            p.trigger, p.lemma, p.pattern,
            u(p.k, p.i, 'negated') < {RATES["negated"]},
            u(p.k, p.i, 'hypothetical') < {RATES["hypothetical"]},
            u(p.k, p.i, 'future') < {RATES["future"]},
            p.n_quotes > 0 AND u(p.k, p.i, 'reported') < {p_reported},
            CASE WHEN p.n_quotes > 0 AND u(p.k, p.i, 'reported') < {p_reported}
                THEN p.article_id || ':q' || h(p.k, p.i, 'quote') % p.n_quotes END,
            pl.capital, pl.code, pl.lat, pl.lon,
            round(0.5 + 0.5 * u(p.k, p.i, 'confidence'), 2)
        FROM placed p LEFT JOIN _actor pl ON pl.actor_no = p.place_no
        ORDER BY p.a, p.i
    """)


def insert_quotes(con: duckdb.DuckDBPyConnection) -> None:
    """``speakers`` and ``quotes``. Quote j < n_speakers of an article introduces speaker j; later
    quotes refer back with a pronoun (resolved to a speaker, or not: speaker_idx NULL)."""
    kinds = sql_list(["direct"] * 11 + ["indirect"] * 7 + ["mixed"] * 2)
    con.execute(f"""
        CREATE TEMP TABLE _spk AS
        WITH s AS (
            SELECT a, key_a AS k, unnest(range(n_speakers)) AS j FROM _art WHERE n_speakers > 0
        ), d AS (
            SELECT s.*, u(k, j, 'speaker-kind') AS uk,
                CASE WHEN u(k, j, 'speaker-actor') >= {RATES["speaker_no_actor"]}
                    OR u(k, j, 'speaker-kind') >= 0.85 THEN ac.actor_no END AS actor_no,
                sc.sector_no,
                h(k, j, 'first-name') % {len(FIRST_NAMES)} AS fn,
                h(k, j, 'last-name') % {len(LAST_NAMES)} AS ln,
                h(k, j, 'role') % {len(ROLES)} AS rn, h(k, j, 'unnamed') % {len(UNNAMED)} AS un,
                h(k, j, 'organisation') % {len(ORGANISATIONS)} AS orn
            FROM s
            JOIN _actor_slot ac ON ac.slot = slot(k, j, 'speaker-base')
            JOIN _speaker_sector_slot sc ON sc.slot = slot(k, j, 'speaker-sector')
        ), n AS (
            SELECT d.*, ac.code || CASE WHEN ac.is_country THEN coalesce(sx.suffix, '') ELSE '' END AS actor,
                CASE WHEN ac.is_country AND sx.suffix IS NOT NULL THEN ac.adjective || ' ' || sx.noun
                    ELSE ac.name END AS actor_name,
                CASE WHEN ac.is_country THEN ac.adjective || ' ' || {sql_list(ORGANISATIONS)}[1 + orn]
                    ELSE ac.name END AS organisation_name,
                {sql_list(FIRST_NAMES)}[1 + fn] || ' ' || {sql_list(LAST_NAMES)}[1 + ln] AS person
            FROM d
            LEFT JOIN _actor ac ON ac.actor_no = d.actor_no
            LEFT JOIN _sector sx ON sx.sector_no = d.sector_no
        )
        SELECT a, j,
            CASE WHEN uk < 0.68 THEN person WHEN uk >= 0.85 THEN organisation_name END AS name,
            CASE WHEN uk < 0.68 THEN {sql_list([r[0] for r in ROLES])}[1 + rn]
                WHEN uk < 0.85 THEN {sql_list([r[0] for r in UNNAMED])}[1 + un] END AS role,
            CASE WHEN uk < 0.85 THEN actor_name END AS organization,
            CASE WHEN uk < 0.85 THEN 'person' ELSE 'organization' END AS kind,
            CASE WHEN uk < 0.68 THEN {sql_list([r[1] for r in ROLES])}[1 + rn] || ' ' || person
                WHEN uk < 0.85 THEN {sql_list([r[1] for r in UNNAMED])}[1 + un]
                ELSE 'the ' || organisation_name END AS mention,
            actor
        FROM n
    """)
    # Each quote is a paragraph after the article's events:
    #   direct, mixed: "<content>," <mention> <cue>.      indirect: <mention> <cue> <content>.
    con.execute(f"""
        CREATE TEMP TABLE _q AS
        WITH q AS (
            SELECT a, id AS article_id, key_a AS k, n_events, n_speakers, unnest(range(n_quotes)) AS i
            FROM _art WHERE n_quotes > 0
        ), d AS (
            SELECT q.*, u(k, i, 'topic') AS topic,
                {kinds}[1 + h(k, i, 'kind') % 20] AS kind,
                h(k, i, 'cue') % {len(CUES)} AS cn,
                CASE WHEN i < n_speakers THEN i::INTEGER
                    WHEN u(k, i, 'unresolved') < {RATES["unresolved_quote"]} THEN NULL
                    ELSE (h(k, i, 'speaker') % n_speakers)::INTEGER END AS speaker_idx
            FROM q
        ), c AS (
            SELECT d.*,
                CASE WHEN topic < {NUCLEAR_SHARE}
                        THEN {sql_list(NUCLEAR_QUOTES)}[1 + h(k, i, 'content') % {len(NUCLEAR_QUOTES)}]
                    WHEN topic < {NUCLEAR_SHARE + MOBILISATION_SHARE} THEN
                        {sql_list(MOBILISATION_QUOTES)}[1 + h(k, i, 'content') % {len(MOBILISATION_QUOTES)}]
                    ELSE {sql_list(QUOTES)}[1 + h(k, i, 'content') % {len(QUOTES)}] END AS content,
                {sql_list([c[0] for c in CUES])}[1 + cn] AS cue,
                {sql_list([c[1] for c in CUES])}[1 + cn] AS cue_lemma,
                coalesce(s.mention, {sql_list(PRONOUNS)}[1 + h(k, i, 'pronoun') % {len(PRONOUNS)}])
                    AS mention,
                CASE WHEN i < n_speakers THEN 'explicit' WHEN speaker_idx IS NULL THEN 'pronoun'
                    WHEN u(k, i, 'attribution') < 0.5 THEN 'pronoun' ELSE 'continuation' END AS attribution
            FROM d LEFT JOIN _spk s ON s.a = d.a AND s.j = d.i
        ), t AS (
            SELECT c.*,
                CASE WHEN kind = 'indirect' THEN mention || ' ' || cue || ' ' || content || '.'
                    ELSE '"' || content || ',"' || ' ' || mention || ' ' || cue || '.' END AS paragraph
            FROM c
        ), base AS (
            SELECT article_id, max(end_char) + 2 AS base FROM events GROUP BY article_id
        ), p AS (
            SELECT t.*, coalesce(base.base, length(lede(t.a)) + 2)
                + sum(length(paragraph) + 2) OVER (PARTITION BY t.a ORDER BY t.i ROWS UNBOUNDED PRECEDING)
                - (length(paragraph) + 2) AS start
            FROM t LEFT JOIN base USING (article_id)
        )
        SELECT p.*,
            CASE WHEN kind = 'indirect' THEN start + length(mention) + length(cue) + 2 ELSE start + 1 END
                AS content_start,
            CASE WHEN kind = 'indirect' THEN start ELSE start + length(content) + 4 END AS mention_start
        FROM p
    """)
    con.execute("""
        INSERT INTO speakers (article_id, idx, name, role, organization, kind, mention, start_char,
            end_char, actor)
        SELECT q.article_id, s.j::INTEGER, s.name, s.role, s.organization, s.kind, s.mention,
            q.mention_start, q.mention_start + length(s.mention), s.actor
        FROM _spk s JOIN _q q ON q.a = s.a AND q.i = s.j
        ORDER BY s.a, s.j
    """)
    con.execute("""
        INSERT INTO quotes (id, article_id, idx, paragraph, sentence, start_char, end_char, parts, content,
            kind, cue, cue_lemma, cue_start, cue_end, speaker_mention, speaker_start, speaker_end,
            speaker_idx, speaker_name, attribution, confidence)
        SELECT q.article_id || ':q' || q.i, q.article_id, q.i::INTEGER, (1 + q.n_events + q.i)::INTEGER,
            (1 + q.n_events + q.i)::INTEGER, q.content_start, q.content_start + length(q.content),
            [[q.content_start, q.content_start + length(q.content)]], q.content, q.kind, q.cue, q.cue_lemma,
            q.mention_start + length(q.mention) + 1, q.mention_start + length(q.mention) + 1 + length(q.cue),
            q.mention, q.mention_start, q.mention_start + length(q.mention), q.speaker_idx, s.name,
            q.attribution, round(0.6 + 0.4 * u(q.k, q.i, 'quote-confidence'), 2)
        FROM _q q LEFT JOIN _spk s ON s.a = q.a AND s.j = q.speaker_idx
        ORDER BY q.a, q.i
    """)


def insert_articles(con: duckdb.DuckDBPyConnection, seed: int, ingest_run: str, process_run: str) -> None:
    """``articles``: texts assembled from the lede, the events' evidence and the quotes' paragraphs.
    The title is the first event of the article (of the original, for a copy). The texts have no
    whitespace but single spaces and the blank lines between paragraphs, so splitting at those
    counts words as ``len(text.split())`` does (the store's word_count)."""
    names, domains = sql_list([o[0] for o in OUTLETS]), sql_list([o[1] for o in OUTLETS])
    nl2 = "chr(10) || chr(10)"
    con.execute(f"""
        INSERT INTO articles (id, source_id, url, source, title, published, published_date, date_source,
            language, text, paragraph_count, word_count, duplicate_of, origin, metadata, status,
            status_detail, ingest_run, ingested_at, process_run, processed_at)
        WITH ev AS (
            SELECT article_id, string_agg(evidence, {nl2} ORDER BY idx) AS body
            FROM events GROUP BY article_id
        ), qt AS (
            SELECT article_id, string_agg(paragraph, {nl2} ORDER BY i) AS body FROM _q GROUP BY article_id
        ), titles AS (
            SELECT article_id, source_name || ' ' || trigger || coalesce(' ' || target_name, '') AS title
            FROM events WHERE idx = 0
        ), a AS (
            SELECT _art.*, 1 + floor({len(OUTLETS)} * pow(u(a, 0, 'outlet'), 2))::INTEGER AS outlet,
                day::TIMESTAMP + to_seconds(21600 + h(a, 0, 'time') % 57600) AS published_at,
                u(a, 0, 'date-only') < {RATES["date_only"]} AS date_only,
                lede(a) || coalesce({nl2} || ev.body, '') || coalesce({nl2} || qt.body, '') AS text
            FROM _art LEFT JOIN ev ON ev.article_id = _art.id LEFT JOIN qt ON qt.article_id = _art.id
        )
        SELECT a.id, 'urn:synthetic:{seed}:' || a.a,
            'https://www.' || {domains}[a.outlet] || '/' || strftime(a.day, '%Y/%m/%d') || '/story-' || a.a,
            {names}[a.outlet], coalesce(t.title, 'Synthetic story ' || a.key_a),
            CASE WHEN a.undated THEN NULL WHEN a.date_only THEN strftime(a.day, '%Y-%m-%d')
                ELSE strftime(a.published_at, '%Y-%m-%dT%H:%M:%S') || '+00:00' END,
            CASE WHEN NOT a.undated THEN a.day END,
            CASE WHEN NOT a.undated
                THEN {sql_list(DATE_SOURCES)}[1 + h(a.a, 0, 'date-source') % {len(DATE_SOURCES)}] END,
            'en', a.text, 1 + a.n_events + a.n_quotes, len(string_split(replace(a.text, {nl2}, ' '), ' ')),
            a.duplicate_of, 'synthetic/seed-{seed}.jsonl:' || (a.a + 1),
            '{{"synthetic": true, "seed": {seed}}}',
            'processed', NULL, '{ingest_run}',
            (a.published_at + to_seconds(60 + h(a.a, 0, 'ingested') % 7200))::TIMESTAMPTZ, '{process_run}',
            (a.published_at + to_seconds(7300 + h(a.a, 0, 'processed') % 7200))::TIMESTAMPTZ
        FROM a LEFT JOIN titles t ON t.article_id = a.key_id
        ORDER BY a.a
    """)


def insert_runs(con: duckdb.DuckDBPyConnection, ingest_run: str, process_run: str, options: str) -> None:
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        for table in ("articles", "events", "quotes", "speakers")
    }
    ingest_counts = json.dumps({"articles": counts["articles"]})
    process_counts = json.dumps({k: v for k, v in counts.items() if k != "articles"})
    con.execute(
        "INSERT INTO runs (id, command, version, options, started_at, finished_at, status, counts, errors)"
        " SELECT ?, 'ingest', 'synthetic', ?, min(ingested_at), max(ingested_at), 'ok', ?, 0 FROM articles"
        " UNION ALL"
        " SELECT ?, 'process', 'synthetic', ?, min(processed_at), max(processed_at), 'ok', ?, 0"
        " FROM articles",
        [ingest_run, options, ingest_counts, process_run, options, process_counts],
    )


def print_stats(con: duckdb.DuckDBPyConnection) -> None:
    """Distributions to check the data by eye: top dyads, root shares, flag and NULL shares."""

    def show(title: str, sql: str) -> None:
        cursor = con.execute(sql)
        header = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        print(f"\n{title}")
        widths = [max(len(str(x)) for x in [h, *(r[i] for r in rows)]) for i, h in enumerate(header)]
        print("  " + "  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
        for r in rows:
            print("  " + "  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)))

    show(
        "Top 10 dyads (exact codes)",
        "SELECT source, target, count(*) AS events, round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct"
        " FROM events GROUP BY source, target ORDER BY events DESC LIMIT 10",
    )
    show(
        "Top 10 dyads (country or IGO, sector dropped; NULL target excluded)",
        "WITH e AS (SELECT"
        " CASE WHEN source[1:3] IN ('IGO', 'NGO') THEN source ELSE source[1:3] END AS s,"
        " CASE WHEN target[1:3] IN ('IGO', 'NGO') THEN target ELSE target[1:3] END AS t"
        " FROM events WHERE target IS NOT NULL)"
        " SELECT s AS source, t AS target, count(*) AS events,"
        " round(100 * count(*) / (SELECT count(*) FROM events), 2) AS pct FROM e GROUP BY ALL"
        " ORDER BY events DESC LIMIT 10",
    )
    show(
        "Root shares",
        "SELECT root, count(*) AS events, round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct"
        " FROM events GROUP BY root ORDER BY root",
    )
    show(
        "Quad classes",
        "SELECT quad_class, count(*) AS events, round(100 * count(*) / sum(count(*)) OVER (), 2) AS pct"
        " FROM events GROUP BY ALL ORDER BY 1",
    )
    show(
        "Shares (%)",
        "SELECT round(100 * avg((target IS NULL)::INT), 2) AS null_target,"
        " round(100 * avg((date IS NULL)::INT), 2) AS undated,"
        " round(100 * avg(negated::INT), 2) AS negated,"
        " round(100 * avg(hypothetical::INT), 2) AS hypothetical,"
        " round(100 * avg(future::INT), 2) AS future, round(100 * avg(reported::INT), 2) AS reported,"
        " round(100 * avg((source || '' = target)::INT), 2) AS source_is_target,"
        " round(100 * avg((length(source) > 3 AND source[1:3] NOT IN ('IGO', 'NGO'))::INT), 2)"
        " AS source_with_sector FROM events",
    )
    show(
        "Articles and quotes (%)",
        "SELECT (SELECT round(100 * avg((duplicate_of IS NOT NULL)::INT), 2) FROM articles) AS duplicates,"
        " (SELECT round(100 * avg((published IS NULL)::INT), 2) FROM articles) AS undated_articles,"
        " (SELECT round(100 * avg(regexp_matches(content, '\\bnuclear\\b', 'i')::INT), 2) FROM quotes)"
        " AS nuclear_quotes,"
        " (SELECT round(100 * avg((speaker_idx IS NULL)::INT), 2) FROM quotes) AS unresolved_quotes,"
        " (SELECT round(100 * avg((actor IS NULL)::INT), 2) FROM speakers) AS speakers_without_actor",
    )
    show(
        "Escalation bursts (first 20 days)",
        "WITH b AS (SELECT b.day, b.share, sa.code || coalesce(sx.suffix, '') AS source,"
        " ta.code || coalesce(tx.suffix, '') AS target"
        " FROM _burst b JOIN _actor sa ON sa.actor_no = b.src JOIN _actor ta ON ta.actor_no = b.tgt"
        " LEFT JOIN _sector sx ON sx.sector_no = b.src_sector"
        " LEFT JOIN _sector tx ON tx.sector_no = b.tgt_sector)"
        " SELECT b.day, b.source, b.target, round(b.share, 3) AS share,"
        " (SELECT count(*) FROM events e WHERE e.date = b.day AND e.root IN ('18', '19', '20')"
        " AND e.source = b.source AND e.target = b.target) AS armed_events"
        " FROM b ORDER BY b.day LIMIT 20",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Build a DuckDB store with watchfloor's schema (its own migrations) and fill it with a "
            "synthetic, realistic event history for benchmarking the dyad series and the alerts: ~N/8 "
            "articles, N events, ~N/10 quotes and their speakers, generated inside DuckDB (5M events "
            "in about a minute on two cores). The same seed gives the same data."
        ),
        epilog=(
            "Example: .venv/bin/python benchmarks/synthetic_events.py --events 5000000"
            " --out /tmp/synthetic.duckdb"
        ),
    )
    parser.add_argument("--events", type=int, default=5_000_000, help="number of events (default 5,000,000)")
    parser.add_argument("--out", type=Path, required=True, help="the DuckDB file to write (must not exist)")
    parser.add_argument("--seed", type=int, default=7, help="seed of every random choice (default 7)")
    parser.add_argument("--days", type=int, default=1096, help="days the articles span (default 1096)")
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=dt.date(2023, 1, 1),
        help="first day, YYYY-MM-DD (default 2023-01-01)",
    )
    parser.add_argument("--quotes", type=int, help="number of quotes (default events / 10)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: DuckDB's, one per core)")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    parser.add_argument("--stats", action="store_true", help="print distributions (top dyads, root shares …)")
    args = parser.parse_args(argv)
    if args.events < 8 or args.days < 1:
        parser.error("--events must be at least 8 and --days at least 1")
    quotes = args.events // 10 if args.quotes is None else args.quotes
    out: Path = args.out
    if out.exists() or Path(f"{out}.wal").exists():
        if not args.force:
            parser.error(f"{out} exists (pass --force to overwrite)")
        out.unlink(missing_ok=True)
        Path(f"{out}.wal").unlink(missing_ok=True)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    seed = args.seed
    ingest_run = f"{zlib.crc32(f'ingest:{seed}'.encode()):08x}syn0"
    process_run = f"{zlib.crc32(f'process:{seed}'.encode()):08x}syn1"
    options = json.dumps(
        {"synthetic": True, "events": args.events, "seed": seed, "days": args.days, "start": str(args.start)}
    )
    with Store(out) as store:
        store.migrate()
        con = store.con
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")
        if args.threads:
            con.execute(f"SET threads = {int(args.threads)}")
        create_macros(con, seed)
        create_lookups(con, seed=seed, days=args.days, start=args.start, events=args.events)
        lap("lookups")
        plan_articles(con, events=args.events, quotes=quotes, days=args.days, start=args.start)
        lap("plan")
        con.begin()
        insert_events(con)
        con.commit()
        lap("events")
        con.begin()
        insert_quotes(con)
        con.commit()
        lap("quotes+speakers")
        con.begin()
        insert_articles(con, seed, ingest_run, process_run)
        insert_runs(con, ingest_run, process_run, options)
        con.commit()
        lap("articles")
        con.execute("CHECKPOINT")
        lap("checkpoint")
        if args.stats:
            print_stats(con)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_type = 'BASE TABLE' AND table_schema = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
    total = sum(timings.values())
    size = out.stat().st_size
    print(f"\nWrote {out} (seed {seed}, {args.days} days from {args.start})")
    print("Rows per table:")
    for table, count in counts.items():
        print(f"  {table:<20} {count:>12,}")
    print("Seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()) + f"; total {total:.1f}")
    if args.stats:
        print("(the --stats queries are not counted)")
    print(f"File size: {size / 1e6:,.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
