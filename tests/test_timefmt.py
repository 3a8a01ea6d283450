"""Time formats: amz_date, parse_amz_date, to_timestamp, to_expires."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigv4presign.core.errors import InvalidInputError
from sigv4presign.core.timefmt import amz_date, parse_amz_date, to_expires, to_timestamp


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
def test_amz_date_matches_datetime(moment: datetime) -> None:
    moment = moment.replace(microsecond=0, tzinfo=timezone.utc)
    timestamp = int((moment - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds())
    assert amz_date(timestamp) == moment.strftime("%Y%m%dT%H%M%SZ").rjust(16, "0")
    assert parse_amz_date(amz_date(timestamp)) == timestamp


@pytest.mark.parametrize(
    "text",
    ["", "20130524", "20130524T000000", "2013-05-24T00:00:00Z", "20131324T000000Z",
     "20130230T000000Z", "20130524T240000Z", "20130524T006000Z", "2013052AT000000Z", "20130524X000000Z"],
)
def test_parse_amz_date_refuses(text: str) -> None:
    with pytest.raises(InvalidInputError, match="time"):
        parse_amz_date(text)


def test_parse_amz_date_leap_day() -> None:
    assert parse_amz_date("20240229T120000Z") == int(datetime(2024, 2, 29, 12, tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (1369353600, 1369353600),
        (1369353600.9, 1369353600),
        (datetime(2013, 5, 24, tzinfo=timezone.utc), 1369353600),
        (datetime(2013, 5, 24, 2, tzinfo=timezone(timedelta(hours=2))), 1369353600),
    ],
)
def test_to_timestamp(when: object, expected: int) -> None:
    assert to_timestamp(when) == expected


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (datetime(2013, 5, 24), "naive datetime"),
        (True, "bool"),
        ("20130524T000000Z", "aware datetime or POSIX seconds"),
        (float("nan"), "finite"),
        (None, "aware datetime or POSIX seconds"),
    ],
)
def test_to_timestamp_refuses(when: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        to_timestamp(when)


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [(1, 1), (604800, 604800), (3600.0, 3600), (timedelta(days=7), 604800), (timedelta(minutes=5), 300)],
)
def test_to_expires(expires_in: object, expected: int) -> None:
    assert to_expires(expires_in) == expected


@pytest.mark.parametrize(
    ("expires_in", "message"),
    [
        (0, "between 1 and 604800"),
        (-5, "between 1 and 604800"),
        (604801, "between 1 and 604800"),
        (10**7, "between 1 and 604800"),
        (timedelta(days=8), "between 1 and 604800"),
        (timedelta(seconds=1.5), "fraction"),
        (1.5, "whole seconds"),
        ("3600", "whole seconds"),
        (True, "bool"),
    ],
)
def test_to_expires_refuses(expires_in: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        to_expires(expires_in)


def test_to_expires_raised_cap() -> None:
    assert to_expires(10**7, maximum=10**8) == 10**7
