"""Time as SigV4 writes it. The core works in integer POSIX seconds (UTC).

``amz_date(t) = YYYYMMDDTHHMMSSZ`` (its first eight characters are the scope's
``YYYYMMDD``), computed with integer arithmetic so that no clock, time zone or
``datetime`` is involved.
"""

import time

from .errors import InvalidInputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Tuple

_DIGITS = frozenset("0123456789")
MAX_EXPIRES = 604800  # seven days: the limit AWS enforces on presigned URLs
# The highest cap max_expires_in may raise it to: ten digits of X-Amz-Expires (317 years).
MAX_EXPIRES_CAP = 9999999999
# The first and last second a datetime (and X-Amz-Date) can name, 0001-01-01T00:00:00Z
# and 9999-12-31T23:59:59Z, in POSIX seconds.
MIN_TIME = -62135596800
MAX_TIME = 253402300799


def _civil_from_days(days: int) -> "tuple[int, int, int]":
    # Howard Hinnant's days -> (year, month, day) for the proleptic Gregorian calendar.
    days += 719468
    era = (days if days >= 0 else days - 146096) // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def _days_from_civil(year: int, month: int, day: int) -> int:
    year -= 1 if month <= 2 else 0
    era = (year if year >= 0 else year - 399) // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def amz_date(timestamp: int) -> str:
    """``YYYYMMDDTHHMMSSZ`` for a POSIX time in whole seconds (UTC)."""
    days, secs = divmod(timestamp, 86400)
    year, month, day = _civil_from_days(days)
    if not 1 <= year <= 9999:
        raise InvalidInputError("signing time is outside the years 0001..9999")
    return "%04d%02d%02dT%02d%02d%02dZ" % (
        year, month, day, secs // 3600, secs // 60 % 60, secs % 60
    )


def parse_amz_date(text: str) -> int:
    """The POSIX time of an ``X-Amz-Date`` value (``YYYYMMDDTHHMMSSZ``); strict."""
    if (
        not isinstance(text, str)
        or len(text) != 16
        or text[8] != "T"
        or text[15] != "Z"
        # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٠"
        or not _DIGITS.issuperset(text[:8] + text[9:15])
    ):
        raise InvalidInputError(
            "time %s is not in the form YYYYMMDDTHHMMSSZ (e.g. 20130524T000000Z)" % shown(text)
        )
    year, month, day = int(text[0:4]), int(text[4:6]), int(text[6:8])
    hour, minute, second = int(text[9:11]), int(text[11:13]), int(text[13:15])
    days_in_month = (31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    # Year 0000 has no datetime (whose years are 1..9999), so it is refused too.
    if not (year and 1 <= month <= 12 and 1 <= day <= days_in_month[month - 1]):
        raise InvalidInputError("time %r has no such date" % (text,))
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidInputError("time %r has no such time of day" % (text,))
    return _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def to_timestamp(when: "Any", what: str = "now") -> int:
    """Whole POSIX seconds from an aware ``datetime`` or a number of POSIX seconds.

    A naive datetime is refused: it has no time zone, so the signing time would be a guess.
    Fractions of a second are dropped (SigV4 times have whole seconds).
    """
    if isinstance(when, bool):
        raise InvalidInputError("%s must be an aware datetime or POSIX seconds, not a bool" % what)
    if isinstance(when, int):
        seconds = when
    elif isinstance(when, float):
        if when != when or when in (float("inf"), float("-inf")):
            raise InvalidInputError("%s must be a finite number of POSIX seconds" % what)
        seconds = int(when // 1)
    elif getattr(when, "timestamp", None) is not None and hasattr(when, "tzinfo"):
        try:
            offset = when.utcoffset()
            timestamp = None if offset is None else when.timestamp()
        except (TypeError, ValueError, OverflowError):  # a tzinfo with a broken offset
            raise InvalidInputError("%s: its time zone gives no valid UTC offset" % what)
        if timestamp is None:
            raise InvalidInputError(
                "%s is a naive datetime; give an aware one, e.g. datetime.now(timezone.utc)"
                % what
            )
        seconds = int(timestamp // 1)
    else:
        raise InvalidInputError(
            "%s must be an aware datetime or POSIX seconds, not %s" % (what, type(when).__name__)
        )
    if not MIN_TIME <= seconds <= MAX_TIME:
        raise InvalidInputError(
            "%s is outside the years 0001..9999 (POSIX seconds %d..%d)" % (what, MIN_TIME, MAX_TIME)
        )
    return seconds


def _shown_number(value: "Any") -> str:
    """``value`` for a message: CPython prints no int of more than 4300 digits."""
    if isinstance(value, int) and not -MAX_EXPIRES_CAP <= value <= MAX_EXPIRES_CAP:
        return "a number of more than ten digits"
    return shown(value)


def to_expires(expires_in: "Any", maximum: int = MAX_EXPIRES) -> int:
    """Whole seconds from an int or a ``timedelta``, checked to lie in 1..maximum."""
    if type(expires_in) is int and type(maximum) is int and 1 <= expires_in <= maximum <= MAX_EXPIRES_CAP:
        return expires_in  # the common case, checked
    if (
        isinstance(maximum, bool) or not isinstance(maximum, int)
        or not 1 <= maximum <= MAX_EXPIRES_CAP
    ):
        raise InvalidInputError(
            "max_expires_in must be whole seconds in 1..%d, got %s"
            % (MAX_EXPIRES_CAP, _shown_number(maximum))
        )
    if isinstance(expires_in, bool):
        raise InvalidInputError("expires_in must be whole seconds or a timedelta, not a bool")
    if isinstance(expires_in, int):
        seconds = expires_in
    elif isinstance(expires_in, float) and expires_in == expires_in // 1:
        seconds = int(expires_in)
    elif hasattr(expires_in, "total_seconds"):
        total = expires_in.total_seconds()
        if total != total // 1:
            raise InvalidInputError(
                "expires_in must be whole seconds; %s has a fraction of a second" % (expires_in,)
            )
        seconds = int(total)
    else:
        raise InvalidInputError(
            "expires_in must be whole seconds or a timedelta, not %s" % shown(expires_in)
        )
    if not 1 <= seconds <= maximum:
        raise InvalidInputError(
            "expires_in must be between 1 and %d seconds (%s), got %s"
            % (maximum, "7 days" if maximum == MAX_EXPIRES else "the raised cap",
               _shown_number(seconds))
        )
    return seconds


# Some MicroPython ports count time.time() from 2000-01-01; SigV4 needs POSIX seconds.
_EPOCH_OFFSET = 946684800 if time.gmtime(0)[0] == 2000 else 0


# The last datetime given as ``now`` and its seconds: a batch signs with one ``now``
# (datetimes are immutable). Replaced as one tuple, so threads never see a mixed pair.
_LAST_NOW: "Tuple[Any, int]" = (None, 0)


def signing_time(now: "Any") -> int:
    """``now`` as POSIX seconds; when None the clock is read, once. (The only clock read
    in the library: the signer itself takes the time as a parameter.)"""
    global _LAST_NOW
    if now is None:
        return int(time.time()) + _EPOCH_OFFSET
    if type(now) is int and MIN_TIME <= now <= MAX_TIME:
        return now  # the common case of to_timestamp
    last = _LAST_NOW
    if now is last[0]:
        return last[1]
    seconds = to_timestamp(now)
    if hasattr(now, "utcoffset"):
        _LAST_NOW = (now, seconds)
    return seconds
