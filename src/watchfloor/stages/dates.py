"""Publication dates from metadata, normalised to ISO 8601. Never invented.

A date-only value stays a date (``2019-01-04``); a date-time keeps its offset when the source
gives one (``2019-11-20T08:02:00+00:00``) and stays naive when it does not. Values that do not
parse, or lie implausibly far in the future, are reported and stored as unknown.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
# Earliest plausible news date; later than "now + 2 days" is a clock or parse error.
_EARLIEST = date(1800, 1, 1)


class DateError(ValueError):
    """The value is not a usable publication date."""


def _check_range(day: date) -> None:
    latest = datetime.now(UTC).date() + timedelta(days=2)
    if not _EARLIEST <= day <= latest:
        raise DateError(f"{day.isoformat()} is out of range")


def parse_published(value: object) -> str:
    """Normalise a publication date to an ISO 8601 string.

    Accepts ISO strings, RFC 822 feed dates, loose forms such as ``20 Nov 2019 08:02 GMT``,
    ``datetime``/``date`` objects, UTC ``time.struct_time`` (feedparser) and Unix timestamps.

    Raises:
        DateError: the value cannot be read as a plausible date.

    Example:
        >>> parse_published("20 Nov 2019 08:02 GMT")
        '2019-11-20T08:02:00+00:00'
    """
    if isinstance(value, time.struct_time):
        value = datetime.fromtimestamp(calendar.timegm(value), UTC)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        _check_range(value.date())
        return value.isoformat()
    if isinstance(value, date):
        _check_range(value)
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise DateError(f"not a date: {value!r}")
    text = value.strip()
    try:
        if _DATE_ONLY.fullmatch(text):
            day = date.fromisoformat(text)
            _check_range(day)
            return day.isoformat()
        parsed = dateutil_parser.parse(text)
    except (ValueError, OverflowError) as e:
        raise DateError(str(e)) from e
    _check_range(parsed.date())
    if not _HAS_TIME.search(text) and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


def published_day(published: str | None) -> date | None:
    """The calendar day of a stored ISO value (its local day when an offset is given)."""
    if not published:
        return None
    return datetime.fromisoformat(published).date() if "T" in published else date.fromisoformat(published)
