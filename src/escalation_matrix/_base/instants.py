"""Moments as instants: comparing and subtracting aware datetimes safely.

Python compares and subtracts two aware datetimes that share a ``tzinfo`` by
their wall-clock readings, ignoring ``fold``: on the night clocks go back,
02:15 the second time (``fold=1``) counts as earlier than 02:45 the first
time, though it is half an hour later. Converted to UTC first, every moment
compares and subtracts as the instant it is.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Final

from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

__all__ = [
    "aware_instant",
    "check_aware",
    "date_time_problem",
    "instant",
    "upper_z",
    "utc_offset",
    "written",
]


def instant(moment: datetime, /) -> datetime:
    """Return *moment* (timezone-aware) in UTC, ready to compare or subtract.

    >>> from zoneinfo import ZoneInfo
    >>> rome = ZoneInfo("Europe/Rome")
    >>> first = datetime(2026, 10, 25, 2, 45, tzinfo=rome)
    >>> second = datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=rome)
    >>> second < first, instant(second) < instant(first)
    (True, False)
    """
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def check_aware(problems: list[Problem], path: str, value: object) -> bool:
    """Append a problem unless *value* is a timezone-aware datetime; say if it is.

    It is when its zone gives a valid offset and its instant falls within
    the calendar in UTC.
    """
    return aware_instant(problems, path, value) is not None


def aware_instant(problems: list[Problem], path: str, value: object) -> datetime | None:
    """Return *value*'s instant in UTC, or append why it has none and return None.

    The instant is worked out once: times are compared by it, without
    asking their zones again (a user's zone may answer differently).
    """
    if not isinstance(value, datetime):
        said = Phrase("must be a datetime, got {got}", got=shown_phrase(value))
        problems.append(Problem(path, said))
        return None
    offset = utc_offset(value)
    if offset is None:
        said = Phrase(
            "must be timezone-aware (with a time zone or UTC offset as its "
            "tzinfo), got {got} without one",
            got=repr(written(value)),
        )
        problems.append(Problem(path, said))
        return None
    if isinstance(offset, timedelta):
        try:
            return value.astimezone(UTC)
        except OverflowError:
            said = Phrase(
                "must fall within years 1 to 9999 in UTC, got {got}",
                got=repr(written(value)),
            )
            problems.append(Problem(path, said))
            return None
        except (TypeError, ValueError) as error:  # the zone changed its mind
            offset = str(error)
    # Translators: {zone} is a Python class's name; {reason} is what
    # Python said of the offset, in English.
    said = Phrase(
        "must have a time zone that gives a valid UTC offset; its time "
        "zone ({zone}) gave: {reason}",
        zone=type(value.tzinfo).__name__,
        reason=offset,
    )
    problems.append(Problem(path, said))
    return None


def utc_offset(value: datetime) -> timedelta | str | None:
    """*value*'s UTC offset, or what is wrong with the one its zone gives.

    A user's tzinfo may give something that is no offset, or one of a day
    or more, which Python refuses.
    """
    try:
        return value.utcoffset()
    except (OverflowError, TypeError, ValueError) as error:
        return str(error)


def written(value: datetime) -> str:
    """Write *value* in ISO 8601 for a message, even if its zone fails to answer.

    A user's zone may give an offset once and fail when asked again: the
    time is then written without it.
    """
    try:
        return value.isoformat()
    except (OverflowError, TypeError, ValueError):
        return value.replace(tzinfo=None).isoformat()


# An ISO 8601 date as datetime.fromisoformat reads one (calendar, basic or
# week form), up to where its time starts. Python takes any character
# after it for the separator ("2026-11-27+01:00" reads as 01:00); ISO 8601
# and RFC 3339 say "T" (RFC 3339 lets it be lowercase, or a space).
@cache
def _iso_date() -> re.Pattern[str]:
    # Compiled when first used: most commands read no date.
    return re.compile(
        r"[0-9]{4}(?:-[0-9]{2}-[0-9]{2}|[0-9]{4}|-?W[0-9]{2}(?:-?[0-9])?)"
    )


_TIME_SEPARATORS: Final = frozenset("Tt ")


def date_time_problem(
    text: str, *, date_alone: bool = False, written: object = None
) -> Phrase | None:
    """Say what is wrong with the form of the ISO 8601 date and time *text*.

    It is a date alone (unless *date_alone* allows one), or its date and
    time are not separated by ``T`` (or ``t``, or a space). Anything else
    is left to :meth:`datetime.fromisoformat`. The problem quotes *text*,
    or the value *written* if given (of which *text* is a part).

    >>> print(date_time_problem("2026-11-27+01:00"))
    must separate the date from the time with T, got '2026-11-27+01:00'
    """
    if text[10:11] in _TIME_SEPARATORS and text[4:5] == text[7:8] == "-":
        return None  # the common form, 2026-11-27T09:00..., in a few tests
    date = _iso_date().match(text)
    if date is None:
        return None
    rest = text[date.end() :]
    if not rest and date_alone:
        return None
    if not rest:
        return Phrase(
            "must be a date and time with its UTC offset, not a date alone, got {got}",
            got=_quoted(text if written is None else written),
        )
    if rest[:1] not in _TIME_SEPARATORS:
        return Phrase(
            "must separate the date from the time with T, got {got}",
            got=_quoted(text if written is None else written),
        )
    return None


def _quoted(value: object) -> str | Phrase:
    """Return *value* as a problem quotes what a file or payload gave."""
    return shown_phrase(value, limit=60, read=True)


def upper_z(text: str) -> str:
    """Return *text* with a final ``z`` (UTC in RFC 3339's lower case) as ``Z``.

    Python's :meth:`datetime.fromisoformat` reads only ``Z``.

    >>> upper_z("2026-11-27t09:00z")
    '2026-11-27t09:00Z'
    """
    return text[:-1] + "Z" if text[-1:] == "z" else text
