"""The calendar file format: business calendars <-> plain data.

A calendar is an object with a ``timezone``, optional ``holidays`` and a list
of ``hours``; the matrix file format can embed one as a field, reading it
with :data:`CALENDAR_SPEC`. Times are ``"HH:MM"`` or ``"HH:MM:SS"`` strings
(an end at midnight is ``"24:00"``), dates are ``"YYYY-MM-DD"`` strings;
TOML's own date and time values are accepted too, for hand-written files.

The writers give the canonical form: days in week order, holidays in date
order, seconds only when a time has them, no ``holidays`` field when there
are none; so equal calendars always give the same bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Final

from escalation_matrix._model.calendar import (
    MIDNIGHT,
    WEEKDAYS,
    BusinessCalendar,
    WorkingHours,
)
from escalation_matrix._serialization.hooks import structurers, unstructurers
from escalation_matrix._serialization.reading import (
    UNREADABLE,
    Converter,
    Field,
    Reader,
    Spec,
    in_file_order,
    list_of,
    object_of,
    short_repr,
    string,
)
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = [
    "CALENDAR_SPEC",
    "WORKING_HOURS_SPEC",
    "calendar_from_data",
    "calendar_to_data",
    "working_hours_to_data",
]

# Compiled on first use, by re, which keeps them: most matrices have no calendar.
_CLOCK = r"([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?\Z"
_END_OF_DAY = r"24:00(?::00)?\Z"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"


def _weekday(value: object, path: str, reader: Reader) -> Any:
    """Accept a day of the week: ``"mon"`` to ``"sun"``."""
    if isinstance(value, str) and value in WEEKDAYS:
        return value
    listed = ", ".join(WEEKDAYS)
    message = Phrase(
        "must be a day of the week ({days}), got {got}",
        days=listed,
        got=short_repr(value),
    )
    reader.problems.append(Problem(path, message))
    return UNREADABLE


def _clock(*, end: bool) -> Converter:
    """Accept a time of day; as an *end*, ``"24:00"`` means midnight."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        if isinstance(value, time):
            return value  # a TOML time value; the model checks the rest
        if isinstance(value, str):
            if end and re.match(_END_OF_DAY, value):
                return MIDNIGHT
            if match := re.match(_CLOCK, value):
                hour, minute, second = match.groups("0")
                return time(int(hour), int(minute), int(second))
        reader.problems.append(Problem(path, _not_a_time(value, end=end)))
        return UNREADABLE

    return converter


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


def _holiday(value: object, path: str, reader: Reader) -> Any:
    """Accept a date, ``"YYYY-MM-DD"`` or a TOML (or YAML) date value."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    got = short_repr(value)
    message = Phrase("must be a date 'YYYY-MM-DD', got {got}", got=got)
    if isinstance(value, str) and re.match(_DATE, value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            message = _no_such_date(value)
    reader.problems.append(Problem(path, message))
    return UNREADABLE


def _no_such_date(value: str) -> Phrase:
    """Say why *value*, written ``YYYY-MM-DD``, is no day of the calendar."""
    import calendar  # noqa: PLC0415 -- on error only

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


#: How to read one range of working hours.
WORKING_HOURS_SPEC: Final[Spec] = {
    "days": Field(list_of(_weekday), required=True, placeholder=("mon",)),
    "start": Field(_clock(end=False), required=True, placeholder=MIDNIGHT),
    "end": Field(_clock(end=True), required=True, placeholder=MIDNIGHT),
}

#: How to read a business calendar: ``object_of(BusinessCalendar,
#: CALENDAR_SPEC)`` reads one as a field of a larger payload.
CALENDAR_SPEC: Final[Spec] = {
    "timezone": Field(string, required=True, placeholder="UTC"),
    "holidays": Field(list_of(_holiday), placeholder=()),
    "hours": Field(
        list_of(object_of(WorkingHours, WORKING_HOURS_SPEC)),
        required=True,
        placeholder=(WorkingHours(("mon",), MIDNIGHT, MIDNIGHT),),
    ),
}


def calendar_from_data(
    data: object, *, forbid_extra_keys: bool = True
) -> BusinessCalendar:
    """Build a :class:`BusinessCalendar` from its payload.

    Args:
        data: The payload: plain data as read from TOML, JSON or YAML.
        forbid_extra_keys: Reject unknown fields (the default) instead of
            ignoring them.

    Returns:
        The calendar.

    Raises:
        ValidationError: Listing every problem of *data* with its path.

    >>> calendar_from_data({"timezone": "Europe/Rome", "hours": [
    ...     {"days": ["mon"], "start": "09:00", "end": "24:00"}]})
    <BusinessCalendar 'Europe/Rome' hours=1 holidays=0>
    >>> calendar_from_data({"timezone": "Europe/Rome", "hours": [
    ...     {"days": ["mon"], "start": "9am", "end": "17:00"}]})
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid business calendar: 1 problem:
      $.hours[0].start: must be a time of day 'HH:MM' or 'HH:MM:SS', got '9am'
    """
    hook = structurers(forbid_extra_keys=forbid_extra_keys).by_type[BusinessCalendar]
    try:
        return hook(data, BusinessCalendar)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001, S110 -- any failure: read field by field below
        pass
    reader = Reader(forbid_extra_keys=forbid_extra_keys)
    built = reader.build(BusinessCalendar, data, "$", CALENDAR_SPEC)
    if isinstance(built, BusinessCalendar):
        return built
    problems = in_file_order(reader.problems, data)
    raise ValidationError(problems, subject="business calendar")


def working_hours_to_data(hours: WorkingHours) -> dict[str, Any]:
    """Return *hours* as a payload."""
    return unstructurers()[WorkingHours](hours)


def calendar_to_data(calendar: BusinessCalendar) -> dict[str, Any]:
    """Return *calendar* as a payload, in the canonical form.

    >>> from datetime import date, time
    >>> calendar_to_data(BusinessCalendar(
    ...     "Europe/Rome",
    ...     [WorkingHours(["tue", "mon"], time(9), time(0))],
    ...     holidays=[date(2026, 12, 26), date(2026, 12, 25)],
    ... ))
    {'timezone': 'Europe/Rome', 'holidays': ['2026-12-25', '2026-12-26'],
     'hours': [{'days': ['mon', 'tue'], 'start': '09:00', 'end': '24:00'}]}
    """
    return unstructurers()[BusinessCalendar](calendar)
