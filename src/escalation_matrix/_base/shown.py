"""How a message shows a value it got: as it is written, never a Python repr.

Texts, numbers and booleans are quoted as literals; durations, dates and
times in their written forms; any other object by its kind, and its key or
name if it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Final

from escalation_matrix._base.durations import written_duration

__all__ = ["shown"]

# How much of a long value a message shows.
_LONGEST: Final = 80
_ITEMS: Final = 6


def shown(value: object) -> str:
    """Return *value* as a message shows it.

    >>> from datetime import timedelta
    >>> shown(timedelta(0)), shown("0m"), shown(4), shown(None)
    ("'0s'", "'0m'", '4', 'None')
    >>> shown(date(2026, 12, 25)), shown(time(9, 30))
    ("'2026-12-25'", "'09:30:00'")
    >>> shown(object()), shown(["mon", 1])
    ('an object', "['mon', 1]")
    >>> class Role:
    ...     key = "agent"
    >>> shown(Role())
    "a Role ('agent')"
    """
    return _shown(value, 2)


def _kind(value: object) -> str:
    """Name *value* by its class, and by its key or name if it has one."""
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    for attribute in ("key", "name"):
        label = getattr(value, attribute, None)
        if isinstance(label, str) and not callable(value):
            return f"{article} {kind} ({_shown(label, 0)})"
    return f"{article} {kind}"


def _shown(value: object, depth: int) -> str:
    text: str
    if value is None or isinstance(value, str | bool | int | float):
        text = repr(value)
    elif isinstance(value, timedelta):
        text = repr(written_duration(value))
    elif isinstance(value, datetime | date | time):
        text = repr(value.isoformat())
    elif isinstance(value, list | tuple) and depth:
        items = [_shown(item, depth - 1) for item in value[:_ITEMS]]
        more = ", ..." if len(value) > _ITEMS else ""
        if isinstance(value, list):
            text = f"[{', '.join(items)}{more}]"
        else:
            lone = "," if len(value) == 1 else ""
            text = f"({', '.join(items)}{more}{lone})"
    elif isinstance(value, Mapping) and depth:
        pairs = [
            f"{_shown(key, 0)}: {_shown(item, depth - 1)}"
            for key, item in islice(value.items(), _ITEMS)
        ]
        more = ", ..." if len(value) > _ITEMS else ""
        text = f"{{{', '.join(pairs)}{more}}}"
    else:
        return _kind(value)
    # Texts are quoted whole, as they always were; only what this function
    # builds from many values is cut.
    if len(text) > _LONGEST and not isinstance(value, str):
        text = text[: _LONGEST - 3] + "..."
    return text
