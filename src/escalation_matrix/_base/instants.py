"""Moments as instants: comparing and subtracting aware datetimes safely.

Python compares and subtracts two aware datetimes that share a ``tzinfo`` by
their wall-clock readings, ignoring ``fold``: on the night clocks go back,
02:15 the second time (``fold=1``) counts as earlier than 02:45 the first
time, though it is half an hour later. Converted to UTC first, every moment
compares and subtracts as the instant it is.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["instant"]


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
