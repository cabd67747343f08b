"""The calendar file format: business calendars <-> plain data.

A calendar is an object with a ``timezone``, optional ``holidays`` and a list
of ``hours``; the matrix file format can embed one as a field. Times are
``"HH:MM"`` or ``"HH:MM:SS"`` strings (an end at midnight is ``"24:00"``),
dates are ``"YYYY-MM-DD"`` strings; TOML's own date and time values are
accepted too, for hand-written files.

The writers give the canonical form: days in week order, holidays in date
order, seconds only when a time has them, no ``holidays`` field when there
are none; so equal calendars always give the same bytes.
"""

from __future__ import annotations

from typing import Any

from escalation_matrix._model.calendar import BusinessCalendar, WorkingHours
from escalation_matrix._serialization.detailed import in_file_order
from escalation_matrix._serialization.hooks import structurers, unstructurers
from escalation_matrix._serialization.leaves import RefusedError
from escalation_matrix.exceptions import ValidationError

__all__ = [
    "calendar_from_data",
    "calendar_to_data",
    "working_hours_to_data",
]


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
    except Exception:  # noqa: BLE001, S110 -- any failure: every problem said below
        pass
    detailed = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True)
    try:
        return detailed.by_type[BusinessCalendar](data, BusinessCalendar)  # type: ignore[no-any-return]
    except RefusedError as refused:
        problems = in_file_order(refused.problems, data)
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
