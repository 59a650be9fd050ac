import time

import pytest

from watchfloor.stages.dates import DateError, parse_published, published_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-01-04", "2019-01-04"),
        ("2019-11-20T05:47:00+00:00", "2019-11-20T05:47:00+00:00"),
        ("20 Nov 2019 08:02 GMT", "2019-11-20T08:02:00+00:00"),
        ("Mon, 16 Mar 2026 08:00:00 +0000", "2026-03-16T08:00:00+00:00"),
        ("2019-11-20T05:52:20-05:00", "2019-11-20T05:52:20-05:00"),
        ("2019-11-18T17:26:45", "2019-11-18T17:26:45"),  # no zone given: stays naive
        ("March 20, 2022", "2022-03-20"),
        (time.struct_time((2026, 3, 16, 8, 0, 0, 0, 75, 0)), "2026-03-16T08:00:00+00:00"),
    ],
)
def test_dates_parse_published(value: object, expected: str) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["", "soon", "not a date at all", "2999-01-01", "32/13/2020"])
def test_dates_reject_unusable(value: str) -> None:
    with pytest.raises(DateError):
        parse_published(value)


def test_dates_published_day_uses_local_day_of_offset() -> None:
    assert str(published_day("2019-11-20T23:30:00-05:00")) == "2019-11-20"
    assert published_day(None) is None
