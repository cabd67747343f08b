"""Moments as instants: comparing and subtracting aware datetimes safely.

Python compares and subtracts two aware datetimes that share a ``tzinfo`` by
their wall-clock readings, ignoring ``fold``: on the night clocks go back,
02:15 the second time (``fold=1``) counts as earlier than 02:45 the first
time, though it is half an hour later. Converted to UTC first, every moment
compares and subtracts as the instant it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["aware_instant", "check_aware", "instant", "utc_offset", "written"]


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
