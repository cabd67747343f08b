"""The structure hooks of single values: strict about each value's kind.

Each hook takes a value as a parser gave it and returns it, converted where
the format writes it as text (``"4h"``, ``"09:00"``, ``"2026-12-25"``), or
raises :class:`RefusedError` with the problem that says why it does not take it.
The generated class hooks of :mod:`~escalation_matrix._serialization.hooks`
call them for their fields; the problem's path starts at ``$``, the value
itself, and the caller puts it in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Final, NoReturn

from escalation_matrix._base.checks import (
    MOST_PROBLEMS,
    check_delay,
    check_key,
    check_text,
    child_path,
    nested,
    not_read,
    too_long,
)
from escalation_matrix._base.durations import not_a_duration_value, parse_duration
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.calendar import MIDNIGHT, WEEKDAYS
from escalation_matrix.exceptions import Phrase, Problem

__all__ = [
    "MISSING_FIELD",
    "MOST_PROBLEMS",
    "UNREADABLE",
    "Hook",
    "RefusedError",
    "boolean",
    "choice",
    "clock",
    "day",
    "delay",
    "duration",
    "each",
    "integer",
    "level_texts",
    "list_of",
    "not_a_string",
    "not_an_object",
    "not_read",
    "object_only",
    "optional",
    "optional_text",
    "refuse",
    "scalars",
    "short_repr",
    "strings",
    "subject_of",
    "text",
    "texts",
    "tool_ids",
    "weekday",
    "weekdays",
]

#: A structure hook: ``hook(value, type)`` returns the value read.
Hook = Callable[[Any, Any], Any]


class RefusedError(ValueError):
    """A value a hook does not take, with the problems saying why.

    Each problem's path starts at ``$``, the value refused. *partial* is
    what could be read of an object or a list that failed, for the checks
    across its parts.
    """

    def __init__(self, problems: list[Problem], partial: object = None) -> None:
        super().__init__()
        self.problems = problems
        self.partial = partial


def refuse(message: str | Phrase) -> NoReturn:
    """Refuse the value at hand, saying *message* about it."""
    raise RefusedError([Problem("$", message)])


def subject_of(cls: type) -> str:
    """Return what an error calls data for *cls*: its name, in words.

    >>> [subject_of(type(name, (), {})) for name in ("SLAIssueType", "SLAsIssue")]
    ['sla issue type', 'slas issue']
    """
    return _in_words(cls.__name__)


@cache
def _in_words(name: str) -> str:
    # Cached: said of every payload read, most of them valid.
    return re.sub(_WORD_START, " ", name).lower()


# Where a word starts in a class's name: at a capital or a digit after a
# small letter, or at the last capital of a run followed by a word of small
# letters (SLAIssue, not SLAs).
_WORD_START: Final = "(?<=[a-z])(?=[A-Z0-9])|(?<=[A-Z0-9])(?=[A-Z][a-z][a-z])"


def short_repr(value: object, limit: int = 60) -> str | Phrase:
    """Return *value* as an error message shows it, cut to *limit* characters.

    As the file wrote it (``null``, ``true``, ``["a"]``), or named by its
    kind in the message's language (``a time (01:30:00)``); see
    :func:`~escalation_matrix._base.shown.shown_phrase`.
    """
    return shown_phrase(value, limit=limit, read=True)


#: The problem of a required field the payload lacks.
MISSING_FIELD: Final = Phrase("missing required field")


def not_a_string(value: object) -> Phrase:
    """Say that *value*, read from a file, is not a string."""
    return Phrase("must be a string, got {got}", got=short_repr(value))


def not_an_object(value: object) -> Phrase:
    """Say that *value*, read from a file, is not an object."""
    return Phrase("must be an object (a table), got {got}", got=short_repr(value))


def text(value: Any, _: object = None) -> str:
    """Take a string."""
    if type(value) is str or isinstance(value, str):
        return value
    refuse(not_a_string(value))


def optional_text(value: Any, _: object = None) -> str | None:
    """Take a string or null."""
    return None if value is None else text(value)


def optional(hook: Hook) -> Hook:
    """Take null as None, anything else through *hook*."""

    def structure(value: Any, _: object = None) -> Any:
        return None if value is None else hook(value, None)

    return structure


def integer(value: Any, _: object = None) -> int:
    """Take an integer (not a bool, not a float)."""
    if type(value) is int or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    refuse(Phrase("must be an integer, got {got}", got=short_repr(value)))


def boolean(value: Any, _: object = None) -> bool:
    """Take true or false."""
    if type(value) is bool:
        return value
    refuse(Phrase("must be true or false, got {got}", got=short_repr(value)))


def choice(choices: tuple[str, ...]) -> Hook:
    """Take one of the strings *choices*, a field with a fixed vocabulary."""

    def structure(value: Any, _: object = None) -> str:
        if isinstance(value, str) and value in choices:
            return value
        message = Phrase(
            "must be one of {choices}, got {got}",
            choices=", ".join(choices),
            got=short_repr(value),
        )
        refuse(message)

    return structure


def texts(value: Any, _: object = None) -> dict[str, str]:
    """Take an object whose values are all strings; its owner checks the rest."""
    if type(value) is dict:
        try:
            "".join(value.values())
        except TypeError:
            pass
        else:
            return value
    if not isinstance(value, dict):
        refuse(not_an_object(value))
    problems: list[Problem] = []
    for key, each in value.items():
        if not isinstance(each, str):
            if len(problems) >= MOST_PROBLEMS:
                problems.append(not_read(child_path("$", key), len(problems)))
                break
            problems.append(Problem(child_path("$", key), not_a_string(each)))
    if problems:
        raise RefusedError(problems)
    return dict(value)  # a dict of another kind (OrderedDict, a TOML table)


def level_texts(value: Any, _: object = None) -> dict[str, str]:
    """Take an issue type's responsibilities; with a value not a string, check all.

    The issue type checks the level keys and texts it is built with.
    """
    return _every_entry(value, _responsibility)


def _responsibility(problems: list[Problem], where: str, key: Any, each: Any) -> None:
    check_key(problems, where, key, level=True)
    if isinstance(each, str):
        check_text(problems, where, each, multiline=True)


def tool_ids(value: Any, _: object = None) -> dict[str, str]:
    """Take a contact's ids; with a value that is not a string, check the keys too.

    The contact checks the keys of the ids it is built with.
    """
    return _every_entry(value, _tool)


def _tool(problems: list[Problem], where: str, key: Any, each: Any) -> None:
    del each  # any text is an id
    check_key(problems, where, key)


def _every_entry(
    value: Any, check: Callable[[list[Problem], str, Any, Any], None]
) -> dict[str, str]:
    """Take an object whose values are all strings, for its owner to check.

    When a value is not even a string, the object is refused, and *check*
    says the problems of each entry as its owner would: every problem of
    the object is said at once, in file order, up to :data:`MOST_PROBLEMS`.
    """
    try:
        return texts(value)
    except RefusedError:
        if not isinstance(value, dict):
            raise
    problems: list[Problem] = []
    for key, each in value.items():
        where = child_path("$", key)
        if len(problems) >= MOST_PROBLEMS:
            problems.append(not_read(where, len(problems)))
            break
        check(problems, where, key, each)
        if not isinstance(each, str):
            problems.append(Problem(where, not_a_string(each)))
    raise RefusedError(problems)


def strings(value: Any, _: object = None) -> tuple[str, ...]:
    """Take a list of strings."""
    if type(value) is list:
        try:
            "".join(value)
        except TypeError:
            pass
        else:
            return tuple(value)
    return each(value, text)


class _Unreadable:
    """Stands in for an item of a list that could not be read at all."""


#: An item of a partly read list that could not be read at all.
UNREADABLE: Final = _Unreadable()


def each(value: Any, hook: Hook) -> tuple[Any, ...]:
    """Take a list, each item through *hook*, listing every item's problems.

    When an item is refused, the list is refused with the problems of
    every item, and with what could be read of each as its partial value
    (:data:`UNREADABLE` for an item with nothing readable).
    """
    if not isinstance(value, list):
        refuse(Phrase("must be a list, got {got}", got=short_repr(value)))
    items: list[Any] = []
    problems: list[Problem] = []
    for index, item in enumerate(value):
        if len(problems) >= MOST_PROBLEMS:
            # Enough to start with: the rest is not read, and no check
            # across the list runs on a part of it.
            problems.append(not_read(f"$[{index}]", len(problems)))
            raise RefusedError(problems)
        try:
            items.append(hook(item, None))
        except RefusedError as refused:
            problems.extend(nested(f"$[{index}]", refused.problems))
            partial = refused.partial
            items.append(UNREADABLE if partial is None else partial)
    if problems:
        raise RefusedError(problems, tuple(items))
    return tuple(items)


def list_of(item: Hook) -> Hook:
    """Take a list, each item through *item* (see :func:`each`)."""

    def structure(value: Any, _: object = None) -> tuple[Any, ...]:
        return each(value, item)

    return structure


def object_only(read: Hook) -> Hook:
    """Wrap *read*, a generated class hook, to take objects only.

    The code cattrs generates for a class whose fields all have defaults
    would take any value that has ``in`` (a string), unless it lists
    unknown keys.
    """

    def structure(value: Any, cls: Any = None) -> Any:
        if type(value) is not dict and not isinstance(value, dict):
            refuse(not_an_object(value))
        return read(value, cls)

    return structure


def _duration_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    # YAML 1.1 reads an unquoted 1:30 as the number 90.
    number = isinstance(value, int) and not isinstance(value, bool)
    refuse(not_a_duration_value(short_repr(value), code=False, number=number))


def delay(value: Any, _: object = None) -> timedelta:
    """Take a level's delay (``"4h"``, ``"1h 30m"``, ``"PT4H"``).

    Its problems (a zero delay, one too long) quote the text as written.
    """
    written = _duration_text(value)
    problems: list[Problem] = []
    check_delay(problems, "$", written)
    if problems:
        raise RefusedError(problems)
    return parse_duration(written)


def duration(value: Any, _: object = None) -> timedelta:
    """Take a duration string such as ``"4h"``, ``"1h 30m"`` or ``"PT4H"``."""
    written = _duration_text(value)
    try:
        return parse_duration(written)
    except ValueError as error:
        refuse(error_phrase(error))
    except OverflowError:
        # Far beyond the longest delay, which is then the limit to name.
        refuse(too_long(written))


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _scalar(value: Any, _: object = None) -> Any:
    if type(value) in _SCALARS or isinstance(value, str | int | float | bool):
        return value
    message = Phrase(
        "must be a string, number, boolean or null, got {got}", got=short_repr(value)
    )
    refuse(message)


def scalars(bound: int | None) -> Hook:
    """Take a scalar or a list of scalars; integers below *bound* in size.

    An integer past *bound* is refused without a problem of its own: the
    limits name it (see :func:`~escalation_matrix._serialization.limits.check_data`).
    """

    def scalar(value: Any) -> bool:
        return type(value) in _SCALARS and (
            bound is None or type(value) is not int or abs(value) < bound
        )

    def structure(value: Any, _: object = None) -> Any:
        if scalar(value):
            return value
        if type(value) is list and all(map(scalar, value)):
            return tuple(value)
        if bound is not None:
            raise RefusedError([])
        return each(value, _scalar) if isinstance(value, list) else _scalar(value)

    return structure


def weekday(value: Any, _: object = None) -> str:
    """Take a day of the week: ``"mon"`` to ``"sun"``."""
    if isinstance(value, str) and value in WEEKDAYS:
        return value
    message = Phrase(
        "must be a day of the week ({days}), got {got}",
        days=", ".join(WEEKDAYS),
        got=short_repr(value),
    )
    refuse(message)


def weekdays(value: Any, _: object = None) -> tuple[str, ...]:
    """Take a list of days of the week."""
    return each(value, weekday)


def clock(*, end: bool) -> Hook:
    """Take a time of day; as an *end*, ``"24:00"`` means midnight."""

    def structure(value: Any, _: object = None) -> time:
        if isinstance(value, time):
            return value  # a TOML time value; the model checks the rest
        if isinstance(value, str) and len(value) in {5, 8} and value[2] == ":":
            if end and value in {"24:00", "24:00:00"}:
                return MIDNIGHT
            if value[:2].isdigit() and value[3:5].isdigit() and value.isascii():
                seconds = value[6:]
                if len(value) == 5 or (value[5] == ":" and seconds.isdigit()):  # noqa: PLR2004
                    hour, minute = int(value[:2]), int(value[3:5])
                    second = int(seconds or 0)
                    if hour < 24 and minute < 60 and second < 60:  # noqa: PLR2004
                        return time(hour, minute, second)
        refuse(_not_a_time(value, end=end))

    return structure


def _not_a_time(value: object, *, end: bool) -> Phrase:
    got = short_repr(value)
    # YAML 1.1 reads an unquoted 17:00 as the number 1020.
    yaml_number = isinstance(value, int) and not isinstance(value, bool)
    if end and yaml_number:
        return Phrase(
            "must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for "
            "midnight, got {got}; quote times in YAML files",
            got=got,
        )
    if end:
        return Phrase(
            "must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for "
            "midnight, got {got}",
            got=got,
        )
    if yaml_number:
        return Phrase(
            "must be a time of day 'HH:MM' or 'HH:MM:SS', got {got}; "
            "quote times in YAML files",
            got=got,
        )
    return Phrase("must be a time of day 'HH:MM' or 'HH:MM:SS', got {got}", got=got)


def day(value: Any, _: object = None) -> date:
    """Take a date, ``"YYYY-MM-DD"`` or a TOML (or YAML) date value."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    message = Phrase("must be a date 'YYYY-MM-DD', got {got}", got=short_repr(value))
    if (
        isinstance(value, str)
        and len(value) == 10  # noqa: PLR2004
        and value.isascii()
        and value[4] == value[7] == "-"
        and (value[:4] + value[5:7] + value[8:]).isdigit()
    ):
        try:
            return date.fromisoformat(value)
        except ValueError:
            message = _no_such_date(value)
    refuse(message)


def _no_such_date(value: str) -> Phrase:
    """Say why *value*, written ``YYYY-MM-DD``, is no day of the calendar."""
    import calendar  # noqa: PLC0415 -- only for a date that does not exist

    year, month, _ = (int(part) for part in value.split("-"))
    got = short_repr(value)
    if not 1 <= year <= 9999:  # noqa: PLR2004 -- the calendar's years
        return Phrase("must be a date in the years 1 to 9999, got {got}", got=got)
    if not 1 <= month <= 12:  # noqa: PLR2004 -- the months of a year
        return Phrase(
            "must be a date that exists, got {got}: there is no month {month}",
            got=got,
            month=str(month),
        )
    return Phrase(
        "must be a date that exists, got {got}: month {month} of {year} has "
        "{days} days",
        got=got,
        month=str(month),
        year=str(year),
        days=str(calendar.monthrange(year, month)[1]),
    )
