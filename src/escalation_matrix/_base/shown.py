"""How a message shows a value it got: as a file writes it, never a Python repr.

Null, booleans, numbers, texts, lists and objects are written as literals
(``null``, ``true``, ``["a"]``, ``{"a": 1}``); dates, times and anything else
are named by their kind in plain words, with their written form or key.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import Final

from escalation_matrix._base.durations import written_duration

__all__ = ["kind_of", "shown"]

# How much of a long value a message shows.
_LONGEST: Final = 80
_ITEMS: Final = 6
# Texts inside lists and objects are written as JSON writes them.
_JSON: Final = '"'

#: Python's built-in kinds, in the words of someone who wrote a file.
_KINDS: Final[dict[type, str]] = {
    bytes: "bytes (not a text)",
    bytearray: "bytes (not a text)",
    set: "a set",
    frozenset: "a set",
    complex: "a complex number",
    object: "an object",
    type: "a class",
}


def shown(value: object, *, limit: int | None = None, read: bool = False) -> str:
    """Return *value* as a message shows it.

    A text is quoted as it was given, whole unless *limit* (a number of
    characters) cuts it; anything else is cut to a few dozen characters.
    Durations, dates and times are quoted in their written forms, where the
    message says it wants one; values *read* from a file, where TOML and
    YAML write them unquoted, are named by their kind instead.

    >>> from datetime import timedelta
    >>> shown(timedelta(0)), shown("0m"), shown(4), shown(None), shown(True)
    ("'0s'", "'0m'", '4', 'null', 'true')
    >>> shown(date(2026, 12, 25)), shown(time(9, 30))
    ("'2026-12-25'", "'09:30:00'")
    >>> shown(date(2026, 12, 25), read=True), shown(time(9, 30), read=True)
    ('a date (2026-12-25)', 'a time (09:30:00)')
    >>> shown(float("nan")), shown(float("inf")), shown(Decimal("1.5"))
    ('NaN', 'Infinity', 'a decimal number (1.5)')
    >>> shown(["mon", 1]), shown({"a": None}), shown(object())
    ('["mon", 1]', '{"a": null}', 'an object')
    >>> class Level:
    ...     key = "L1"
    >>> shown(Level())
    "a Level ('L1')"
    """
    if isinstance(value, str):
        if limit is not None and len(value) > limit:
            return repr(value[: max(limit - 5, 1)]) + "..."
        return repr(value)
    text = _shown(value, 3, quote="'", read=read)
    longest = _LONGEST if limit is None else limit
    if len(text) > longest:
        text = text[: longest - 3] + "..."
    return text


def kind_of(value: object) -> str:
    """Name the kind of *value* in plain words: ``"a list"``, ``"a time"``.

    >>> kind_of(None), kind_of([1]), kind_of({}), kind_of(1.5)
    ('null', 'a list', 'an object', 'a number')
    """
    for kinds, name in _PLAIN:
        if isinstance(value, kinds):
            return name
    return _class_kind(value)


# Order matters: bool before int, datetime before date.
_PLAIN: Final[tuple[tuple[type | tuple[type, ...], str], ...]] = (
    (type(None), "null"),
    (bool, "a boolean"),
    ((int, float, Decimal), "a number"),
    (str, "a text"),
    (datetime, "a date and time"),
    (date, "a date"),
    (time, "a time"),
    (timedelta, "a duration"),
    ((list, tuple), "a list"),
    (Mapping, "an object"),
)


def _class_kind(value: object) -> str:
    cls = type(value)
    if cls in _KINDS:
        return _KINDS[cls]
    if callable(value) and not isinstance(value, type):
        return "a function"
    kind = cls.__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"{article} {kind}"


def _labelled(value: object) -> str:
    """Name *value* by its kind, and by its key or name if it has one."""
    kind = _class_kind(value)
    for attribute in ("key", "name"):
        label = getattr(value, attribute, None)
        if isinstance(label, str) and not callable(value):
            return f"{kind} ({label!r})"
    return kind


def _shown(value: object, depth: int, *, quote: str, read: bool) -> str:
    """Write *value*; texts inside lists and objects take JSON's double quotes."""
    if isinstance(value, str):
        return repr(value) if quote == "'" else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple | Mapping):
        return _container(value, depth, read=read) if depth else kind_of(value)
    if isinstance(value, timedelta | datetime | date | time):
        written = (
            written_duration(value)
            if isinstance(value, timedelta)
            else value.isoformat()
        )
        if read:
            return f"{kind_of(value)} ({written})"
        return repr(written) if quote == "'" else json.dumps(written)
    return _scalar(value)


def _scalar(value: object) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Decimal):
        return f"a decimal number ({value})"
    return _labelled(value)


def _container(
    value: list[object] | tuple[object, ...] | Mapping[object, object],
    depth: int,
    *,
    read: bool,
) -> str:
    more = ", ..." if len(value) > _ITEMS else ""
    if isinstance(value, Mapping):
        pairs = [
            f"{_shown(key, 0, quote=_JSON, read=read)}: "
            f"{_shown(item, depth - 1, quote=_JSON, read=read)}"
            for key, item in islice(value.items(), _ITEMS)
        ]
        return f"{{{', '.join(pairs)}{more}}}"
    items = [_shown(item, depth - 1, quote=_JSON, read=read) for item in value[:_ITEMS]]
    return f"[{', '.join(items)}{more}]"


def _number(value: float) -> str:
    # (An int is written by the same repr.)
    # JSON readers write these three as NaN and Infinity; TOML as nan and inf.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)
