"""How a message shows a value it got: as a file writes it, never a Python repr.

Null, booleans, numbers, texts, lists and objects are written as literals
(``null``, ``true``, ``["a"]``, ``{"a": 1}``); dates, times and anything else
are named by their kind in plain words, with their written form or key, in
the language of the message (:func:`shown_phrase`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import Final

from escalation_matrix._base.durations import written_duration
from escalation_matrix.exceptions import Phrase

__all__ = ["kind_of", "shown", "shown_phrase"]

# How much of a long value a message shows.
_LONGEST: Final = 80
_ITEMS: Final = 6
# Texts inside lists and objects are written as JSON writes them.
_JSON: Final = '"'

# How much of a key or name a kind named in words quotes.
_LABEL: Final = 40
#: Python's built-in kinds, in the words of someone who wrote a file.
_KINDS: Final[dict[type, Phrase]] = {
    bytes: Phrase("bytes (not a text)"),
    bytearray: Phrase("bytes (not a text)"),
    set: Phrase("a set"),
    frozenset: Phrase("a set"),
    complex: Phrase("a complex number"),
    object: Phrase("an object"),
    type: Phrase("a class"),
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


def shown_phrase(
    value: object, *, limit: int | None = None, read: bool = False
) -> str | Phrase:
    """Return *value* as :func:`shown` does, a kind in words as a :class:`Phrase`.

    A value written as a literal is a text, the same in every language; a
    value named by its kind is said in the language of the message it
    fills: ``Phrase("got {got}", got=shown_phrase(value))``.

    >>> from datetime import date
    >>> shown_phrase(["a", 1]), shown_phrase(None)
    ('["a", 1]', 'null')
    >>> shown_phrase(date(2026, 12, 25), read=True)
    Phrase(template='a date ({written})', values={'written': '2026-12-25'})
    >>> print(shown_phrase({1, 2}))
    a set
    """
    named = None if isinstance(value, str) else _named(value, read=read)
    return shown(value, limit=limit, read=read) if named is None else named


def _named(value: object, *, read: bool) -> Phrase | None:
    """Name *value* by its kind, or return None if it is written as a literal."""
    if isinstance(value, timedelta | datetime | date | time):
        return _read_kind(value) if read else None
    if isinstance(value, list | tuple | Mapping | bool | int | float) or value is None:
        return None
    return _other(value)


def _other(value: object) -> Phrase:
    """Name *value*, which is no literal of a file, by its kind."""
    if isinstance(value, Decimal):
        return Phrase("a decimal number ({value})", value=str(value))
    return _labelled(value)


def _read_kind(value: timedelta | datetime | date | time) -> Phrase:
    """Name a value that TOML or YAML wrote unquoted, with its written form."""
    if isinstance(value, timedelta):
        return Phrase("a duration ({written})", written=written_duration(value))
    written = value.isoformat()
    if isinstance(value, datetime):
        return Phrase("a date and time ({written})", written=written)
    if isinstance(value, date):
        return Phrase("a date ({written})", written=written)
    return Phrase("a time ({written})", written=written)


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
    return str(_class_phrase(value))


def _class_phrase(value: object) -> Phrase:
    """Name the kind of *value*, which no file writes, in plain words."""
    cls = type(value)
    if cls in _KINDS:
        return _KINDS[cls]
    if callable(value) and not isinstance(value, type):
        return Phrase("a function")
    kind = cls.__name__
    # Translators: {cls} is a class of the Python API, such as Level.
    if kind[:1].lower() in "aeiou":
        return Phrase("an {cls}", cls=kind)
    # Translators: {cls} is a class of the Python API, such as Level.
    return Phrase("a {cls}", cls=kind)


def _labelled(value: object) -> Phrase:
    """Name *value* by its kind, and by its key or name if it has one."""
    kind = _class_phrase(value)
    for attribute in ("key", "name"):
        label = getattr(value, attribute, None)
        if isinstance(label, str) and not callable(value):
            quoted = shown(label, limit=_LABEL)
            # Translators: {kind} names what was given ("a Level"), {label}
            # its quoted key or name ('L1').
            return Phrase("{kind} ({label})", kind=kind, label=quoted)
    return kind


def _shown(value: object, depth: int, *, quote: str, read: bool) -> str:
    """Write *value*; texts inside lists and objects take JSON's double quotes."""
    import json  # noqa: PLC0415 -- loaded when a message shows a value

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
            return str(_read_kind(value))
        return repr(written) if quote == "'" else json.dumps(written)
    return _scalar(value)


# Integers longer than this many bits (about 100 digits) are shown by
# their first digits: log10(2) digits per bit.
_SHOWN_BITS: Final = 333
_DIGITS_PER_BIT: Final = 0.30103
_SHOWN_DIGITS: Final = 40


def _scalar(value: object) -> str:
    import json  # noqa: PLC0415 -- as in _shown

    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return _number(value)
    return str(_other(value))


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
    # (An int is written by the same repr, unless it is too long to show:
    # Python writes no more than 4,300 digits.)
    if type(value) is int and value.bit_length() > _SHOWN_BITS:
        # Its first digits, found without writing the whole.
        digits = int(abs(value).bit_length() * _DIGITS_PER_BIT) + 1
        head = abs(value) // 10 ** (digits - _SHOWN_DIGITS)
        return ("-" if value < 0 else "") + str(head)[:_SHOWN_DIGITS] + "..."
    # JSON readers write these three as NaN and Infinity; TOML as nan and inf.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)
