"""Business calendars: working hours and holidays that delays count in.

A :class:`~escalation_matrix.Policy` with a :class:`BusinessCalendar` counts
its delays in working time only; a :class:`~escalation_matrix.rules.During`
condition tests whether a moment falls in working hours.
"""

from __future__ import annotations

from escalation_matrix._model.calendar import WEEKDAYS, BusinessCalendar, WorkingHours

__all__ = ["WEEKDAYS", "BusinessCalendar", "WorkingHours"]


def __dir__() -> list[str]:
    return __all__
