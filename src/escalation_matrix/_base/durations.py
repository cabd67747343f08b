"""Durations in matrix files: ``"4h"``, ``"1d12h"``, ``"90m"``."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["DURATION_PATTERN", "format_duration", "parse_duration"]

#: The grammar of a duration: days, hours, minutes and seconds, in that
#: order, each optional but at least one present.
DURATION_PATTERN = r"^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$"
_DURATION = re.compile(
    r"(?=\d)(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?\Z"
)
_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def parse_duration(text: str) -> timedelta:
    """Parse ``"1d4h30m"``-style text into a :class:`~datetime.timedelta`.

    Raises:
        ValueError: *text* does not follow the grammar.
        OverflowError: *text* is longer than a timedelta can hold.

    >>> parse_duration("1d4h30m")
    datetime.timedelta(days=1, seconds=16200)
    >>> parse_duration("4 hours")
    Traceback (most recent call last):
    ...
    ValueError: expected a duration such as '30m', '4h' or '1d12h', got '4 hours'
    """
    match = _DURATION.match(text)
    if match is None:
        msg = f"expected a duration such as '30m', '4h' or '1d12h', got {text!r}"
        raise ValueError(msg)
    seconds = sum(int(match[unit] or 0) * size for unit, size in _UNITS)
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Write *value* in the canonical form that :func:`parse_duration` reads.

    Raises:
        ValueError: *value* is negative or has a fraction of a second.

    >>> format_duration(timedelta(hours=36))
    '1d12h'
    """
    if value < timedelta(0) or value.microseconds:
        msg = f"expected a whole, non-negative number of seconds, got {value!r}"
        raise ValueError(msg)
    remaining = int(value.total_seconds())
    parts = []
    for unit, size in _UNITS:
        amount, remaining = divmod(remaining, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts) or "0s"
