"""Business calendars: validation, working-time arithmetic and the file format."""

from __future__ import annotations

import json
import pickle
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
import tomli_w
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix._model.calendar import MIDNIGHT, WEEKDAYS, Weekday
from escalation_matrix._serialization.calendar_format import (
    calendar_from_data,
    calendar_to_data,
)
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import (
    CalendarError,
    EscalationMatrixError,
    ValidationError,
)
from tests.strategies import aware_datetimes, business_calendars, working_durations

ROME = ZoneInfo("Europe/Rome")
WEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
NINE_TO_FIVE = WorkingHours(WEEK, time(9), time(17))

# Europe/Rome changes to summer time on 2026-03-29 (02:00 -> 03:00) and back
# on 2026-10-25 (03:00 -> 02:00); Easter Monday is 2026-04-06.
# America/New_York changes on 2026-03-08; America/Sao_Paulo ended summer
# time at midnight between 2018-02-17 and 2018-02-18 (00:00 -> 23:00 of the
# Saturday) and started it on 2018-11-04 (00:00 -> 01:00). Pacific/Apia
# skipped 2011-12-30 when it moved across the date line.
CALENDARS = {
    "office": BusinessCalendar(
        "Europe/Rome",
        [NINE_TO_FIVE],
        holidays=[date(2026, 4, 6), date(2026, 12, 25), date(2026, 12, 26)],
    ),
    "lunch": BusinessCalendar(
        "Europe/Rome",
        [
            WorkingHours(WEEK, time(9), time(13)),
            WorkingHours(WEEK, time(14), time(18)),
        ],
    ),
    "always": BusinessCalendar(
        "Europe/Rome", [WorkingHours(WEEKDAYS, MIDNIGHT, MIDNIGHT)]
    ),
    "daily": BusinessCalendar(
        "Europe/Rome", [WorkingHours(WEEKDAYS, time(9), time(17))]
    ),
    "night": BusinessCalendar("Europe/Rome", [WorkingHours(["sun"], time(1), time(4))]),
    "twice": BusinessCalendar(
        "Europe/Rome", [WorkingHours(["sun"], time(2, 15), time(2, 45))]
    ),
    "gap": BusinessCalendar(
        "Europe/Rome", [WorkingHours(["sun"], time(2, 30), time(4))]
    ),
    "late": BusinessCalendar(
        "Europe/Rome",
        [
            WorkingHours(WEEK, time(22), MIDNIGHT),
            WorkingHours(["tue", "wed", "thu", "fri", "sat"], MIDNIGHT, time(6)),
        ],
    ),
    "new_york": BusinessCalendar("America/New_York", [NINE_TO_FIVE]),
    "sao_paulo": BusinessCalendar(
        "America/Sao_Paulo", [WorkingHours(["sat"], time(23), MIDNIGHT)]
    ),
    "sao_paulo_always": BusinessCalendar(
        "America/Sao_Paulo", [WorkingHours(WEEKDAYS, MIDNIGHT, MIDNIGHT)]
    ),
    "apia": BusinessCalendar(
        "Pacific/Apia", [WorkingHours(WEEKDAYS, MIDNIGHT, MIDNIGHT)]
    ),
    "utc_minute": BusinessCalendar(
        "UTC", [WorkingHours(["wed"], time(10), time(10, 1))]
    ),
}


def at(text: str) -> datetime:
    """Parse an ISO moment with its offset."""
    return datetime.fromisoformat(text)


def local(text: str, calendar: BusinessCalendar) -> datetime:
    """Parse an ISO moment and put it in the calendar's own time zone."""
    return at(text).astimezone(ZoneInfo(calendar.timezone))


def utc(moment: datetime) -> datetime:
    """The same moment in UTC, so comparisons are by instant, not wall clock."""
    return moment.astimezone(UTC)


def problems(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


def wall_clock_working(calendar: BusinessCalendar, moment: datetime) -> bool:
    """Whether the calendar's clock shows working hours: the definition, naively.

    The clock is read at *moment*'s instant: a time its own zone skips (as
    given, in the calendar's zone) shows on the clock as the time after.
    """
    local = moment.astimezone(UTC).astimezone(ZoneInfo(calendar.timezone))
    if local.date() in calendar.holidays:
        return False
    day = WEEKDAYS[local.weekday()]
    clock = local.time()
    return any(
        day in hours.days
        and hours.start <= clock
        and (hours.end == MIDNIGHT or clock < hours.end)
        for hours in calendar.hours
    )


class TestWorkingHours:
    def test_days_in_week_order(self) -> None:
        """Days are stored in week order, whatever the order given."""
        assert WorkingHours(["sun", "mon", "wed"], time(9), time(17)).days == (
            "mon",
            "wed",
            "sun",
        )

    def test_equal_whatever_the_order(self) -> None:
        """Ranges naming the same days in another order are equal and hash alike."""
        first = WorkingHours(["fri", "mon"], time(9), time(17))
        second = WorkingHours(("mon", "fri"), time(9), time(17))
        assert first == second
        assert hash(first) == hash(second)

    def test_repr(self) -> None:
        """The repr shows the days and the times as files write them."""
        assert repr(WorkingHours(WEEK, time(8, 30), MIDNIGHT)) == (
            "<WorkingHours mon,tue,wed,thu,fri 08:30-24:00>"
        )

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (([], time(9), time(17)), ["$.days: must name at least one day, got none"]),
            (
                ("mon", time(9), time(17)),
                ["$.days: must be a list of days such as ['mon', 'tue'], got 'mon'"],
            ),
            (
                (3, time(9), time(17)),
                ["$.days: must be a list of days such as ['mon', 'tue'], got 3"],
            ),
            (
                (["mon", "monday"], time(9), time(17)),
                [
                    "$.days[1]: must be a day of the week (mon, tue, wed, thu, fri, sat, sun), got 'monday'"
                ],
            ),
            (
                (["mon", "tue", "mon"], time(9), time(17)),
                ["$.days[2]: duplicate day 'mon', already at index 0"],
            ),
            (
                (["mon"], "09:00", time(17)),
                ["$.start: must be a time of day such as time(9, 0), got '09:00'"],
            ),
            (
                (["mon"], time(9), None),
                ["$.end: must be a time of day such as time(17, 0), got null"],
            ),
            (
                (["mon"], time(9, tzinfo=UTC), time(17)),
                [
                    "$.start: must be a naive time (the calendar's time zone applies), got '09:00:00+00:00'"
                ],
            ),
            (
                (["mon"], time(9), time(17, 0, 0, 500)),
                ["$.end: must be a whole number of seconds, got '17:00:00.000500'"],
            ),
            (
                (["mon"], time(17), time(9)),
                [
                    "$.end: must be after the start 17:00, got 09:00; 00:00 means midnight at the end of the day, and hours past midnight need a second range from 00:00"
                ],
            ),
            (
                (["mon"], time(9), time(9)),
                [
                    "$.end: must be after the start 09:00, got 09:00; 00:00 means midnight at the end of the day, and hours past midnight need a second range from 00:00"
                ],
            ),
            (
                (["mon"], time(9, 0, 30), time(9, 0, 15)),
                [
                    "$.end: must be after the start 09:00:30, got 09:00:15; 00:00 means midnight at the end of the day, and hours past midnight need a second range from 00:00"
                ],
            ),
        ],
    )
    def test_problems(self, args: tuple[Any, ...], expected: list[str]) -> None:
        """Each kind of bad range is reported with its path."""
        with pytest.raises(ValidationError) as info:
            WorkingHours(*args)
        assert expected == problems(info.value)

    def test_every_problem_at_once(self) -> None:
        """Bad days, a bad start and a bad end are all reported together."""
        bad: Any = ["xyz", "mon", "mon"]
        with pytest.raises(ValidationError) as info:
            WorkingHours(bad, None, time(9, tzinfo=UTC))  # type: ignore[arg-type]
        assert info.value.subject == "working hours"
        assert [problem.path for problem in info.value.problems] == [
            "$.days[0]",
            "$.days[2]",
            "$.start",
            "$.end",
        ]

    @pytest.mark.parametrize(
        ("start", "end"),
        [(MIDNIGHT, MIDNIGHT), (time(23, 59, 59), MIDNIGHT), (MIDNIGHT, time(0, 0, 1))],
    )
    def test_valid_edges(self, start: time, end: time) -> None:
        """A whole day, the last second of a day and the first one are valid."""
        assert WorkingHours(["mon"], start, end).end == end


class TestCalendarValidation:
    @pytest.mark.parametrize(
        "name",
        [
            "",
            " ",
            "Europe",
            "Europe/Atlantis",
            "europe/rome",
            "Europe/Rome/",
            "Europe//Rome",
            "../etc",
            "../../etc/passwd",
            "/etc/passwd",
            "Europe/../Europe/Rome",
            "Europe/Rome\x00",
            "zone.tab",
            "localtime",
            "posixrules",
            "right/UTC",
            "posix/Europe/Rome",
            "x" * 300,
            3,
            None,
        ],
    )
    def test_bad_timezone(self, name: Any) -> None:
        """Unknown, malformed, path-like and machine-specific names are problems."""
        with pytest.raises(ValidationError) as info:
            BusinessCalendar(name, [NINE_TO_FIVE])
        assert problems(info.value) == [
            "$.timezone: must be an IANA time zone name such as 'Europe/Rome', "
            f"got {'null' if name is None else repr(name)}"
        ]

    @pytest.mark.parametrize(
        "name", ["UTC", "Etc/GMT+5", "Europe/Rome", "America/Argentina/Buenos_Aires"]
    )
    def test_good_timezone(self, name: str) -> None:
        """IANA names, nested ones included, are accepted as given."""
        assert BusinessCalendar(name, [NINE_TO_FIVE]).timezone == name

    @pytest.mark.parametrize(
        ("hours", "expected"),
        [
            ([], ["$.hours: must have at least one range of working hours, got none"]),
            ("weekdays", ["$.hours: must be a list of WorkingHours, got 'weekdays'"]),
            (
                [NINE_TO_FIVE, "weekends"],
                ["$.hours[1]: must be a WorkingHours, got 'weekends'"],
            ),
            (
                [
                    WorkingHours(["mon", "tue", "wed"], time(9), time(12)),
                    WorkingHours(["sun", "wed", "tue"], time(11), time(17)),
                ],
                [
                    "$.hours[1]: must not overlap the range at index 0 on tue, wed, got 11:00-17:00 and 09:00-12:00"
                ],
            ),
            (
                [
                    WorkingHours(["fri"], time(20), MIDNIGHT),
                    WorkingHours(["fri"], time(23), time(23, 30)),
                ],
                [
                    "$.hours[1]: must not overlap the range at index 0 on fri, got 23:00-23:30 and 20:00-24:00"
                ],
            ),
            (
                [
                    WorkingHours(["mon"], time(9), time(17)),
                    WorkingHours(["mon"], time(10), time(11)),
                    WorkingHours(["mon"], time(16), time(18)),
                ],
                [
                    "$.hours[1]: must not overlap the range at index 0 on mon, got 10:00-11:00 and 09:00-17:00",
                    "$.hours[2]: must not overlap the range at index 0 on mon, got 16:00-18:00 and 09:00-17:00",
                ],
            ),
        ],
    )
    def test_bad_hours(self, hours: Any, expected: list[str]) -> None:
        """Missing, mistyped and overlapping ranges are reported, each pair once."""
        with pytest.raises(ValidationError) as info:
            BusinessCalendar("Europe/Rome", hours)
        assert expected == problems(info.value)

    @pytest.mark.parametrize(
        "hours",
        [
            [
                WorkingHours(WEEK, time(9), time(12)),
                WorkingHours(WEEK, time(12), time(17)),
            ],
            [
                WorkingHours(["mon"], time(9), time(17)),
                WorkingHours(["tue"], time(8), time(18)),
            ],
            [
                WorkingHours(["mon"], time(22), MIDNIGHT),
                WorkingHours(["mon"], MIDNIGHT, time(6)),
            ],
        ],
    )
    def test_ranges_that_do_not_overlap(self, hours: list[WorkingHours]) -> None:
        """Touching ranges, and ranges on different days, are valid."""
        assert BusinessCalendar("Europe/Rome", hours).hours == tuple(hours)

    @pytest.mark.parametrize(
        ("holidays", "expected"),
        [
            ("2026-12-25", ["$.holidays: must be a list of dates, got '2026-12-25'"]),
            (
                [date(2026, 12, 25), "2026-12-26"],
                ["$.holidays[1]: must be a date, got '2026-12-26'"],
            ),
            (
                [datetime(2026, 12, 25)],  # noqa: DTZ001
                ["$.holidays[0]: must be a date, got '2026-12-25T00:00:00'"],
            ),
            (
                [
                    date(2026, 12, 25),
                    date(2026, 12, 26),
                    date(2026, 12, 25),
                    date(2026, 12, 25),
                ],
                [
                    "$.holidays[2]: duplicate holiday 2026-12-25, already at index 0",
                    "$.holidays[3]: duplicate holiday 2026-12-25, already at index 0",
                ],
            ),
        ],
    )
    def test_bad_holidays(self, holidays: Any, expected: list[str]) -> None:
        """Holidays must be distinct dates, not datetimes or strings."""
        with pytest.raises(ValidationError) as info:
            BusinessCalendar("Europe/Rome", [NINE_TO_FIVE], holidays=holidays)
        assert expected == problems(info.value)

    def test_every_problem_at_once(self) -> None:
        """Time zone, hours and holidays problems are reported together."""
        bad: Any = [date(2026, 1, 1), date(2026, 1, 1)]
        with pytest.raises(ValidationError) as info:
            BusinessCalendar("Mars/Olympus", [], holidays=bad)
        assert info.value.subject == "business calendar"
        assert [problem.path for problem in info.value.problems] == [
            "$.timezone",
            "$.hours",
            "$.holidays[1]",
        ]


class TestCalendarValue:
    def test_repr(self) -> None:
        """The repr is compact: zone, number of ranges, number of holidays."""
        assert repr(CALENDARS["office"]) == (
            "<BusinessCalendar 'Europe/Rome' hours=1 holidays=3>"
        )

    def test_holidays_in_date_order(self) -> None:
        """Holidays are stored in date order, so equal sets make equal calendars."""
        first = BusinessCalendar(
            "UTC", [NINE_TO_FIVE], holidays=[date(2026, 12, 26), date(2026, 1, 1)]
        )
        second = BusinessCalendar(
            "UTC", [NINE_TO_FIVE], holidays=(date(2026, 1, 1), date(2026, 12, 26))
        )
        assert first.holidays == (date(2026, 1, 1), date(2026, 12, 26))
        assert first == second
        assert hash(first) == hash(second)

    def test_different_calendars_differ(self) -> None:
        """Calendars differing in any field are not equal."""
        office = CALENDARS["office"]
        assert office != attrs.evolve(office, timezone="Europe/Paris")
        assert office != attrs.evolve(office, holidays=())
        assert office != attrs.evolve(
            office, hours=[WorkingHours(WEEK, time(8), time(16))]
        )

    def test_evolve_validates(self) -> None:
        """attrs.evolve builds a new calendar, checked like any other."""
        with pytest.raises(ValidationError):
            attrs.evolve(CALENDARS["office"], timezone="Nowhere")

    def test_frozen(self) -> None:
        """Fields cannot be reassigned."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            CALENDARS["office"].timezone = "UTC"  # type: ignore[misc]

    def test_pickle(self) -> None:
        """A pickled calendar comes back equal and still counts working time."""
        office = CALENDARS["office"]
        copy = pickle.loads(pickle.dumps(office))  # noqa: S301
        assert copy == office
        assert hash(copy) == hash(office)
        start = at("2026-03-27T16:00:00+01:00")
        assert copy.add(start, timedelta(hours=2)) == office.add(
            start, timedelta(hours=2)
        )

    def test_usable_as_dict_key(self) -> None:
        """Calendars are hashable values."""
        assert {CALENDARS["office"]: 1}[
            BusinessCalendar(
                "Europe/Rome",
                [NINE_TO_FIVE],
                holidays=[date(2026, 12, 26), date(2026, 12, 25), date(2026, 4, 6)],
            )
        ] == 1


class TestAdd:
    @pytest.mark.parametrize(
        ("calendar", "start", "duration", "expected"),
        [
            # Mon-Fri 09:00-17:00 in Rome, Easter Monday and Christmas off.
            (
                "office",
                "2026-03-27T16:00:00+01:00",
                timedelta(hours=2),
                "2026-03-30T10:00:00+02:00",
            ),
            (
                "office",
                "2026-04-03T16:00:00+02:00",
                timedelta(hours=2),
                "2026-04-07T10:00:00+02:00",
            ),
            (
                "office",
                "2026-12-24T16:00:00+01:00",
                timedelta(hours=2),
                "2026-12-28T10:00:00+01:00",
            ),
            (
                "office",
                "2026-03-27T09:00:00+01:00",
                timedelta(hours=8),
                "2026-03-27T17:00:00+01:00",
            ),
            (
                "office",
                "2026-03-27T09:00:00+01:00",
                timedelta(hours=9),
                "2026-03-30T10:00:00+02:00",
            ),
            (
                "office",
                "2026-03-27T09:00:00+01:00",
                timedelta(0),
                "2026-03-27T09:00:00+01:00",
            ),
            (
                "office",
                "2026-03-28T12:00:00+01:00",
                timedelta(0),
                "2026-03-30T09:00:00+02:00",
            ),
            (
                "office",
                "2026-03-27T17:00:00+01:00",
                timedelta(0),
                "2026-03-30T09:00:00+02:00",
            ),
            (
                "office",
                "2026-03-27T17:00:00+01:00",
                timedelta(hours=1),
                "2026-03-30T10:00:00+02:00",
            ),
            (
                "office",
                "2026-03-30T07:59:00+02:00",
                timedelta(minutes=1),
                "2026-03-30T09:01:00+02:00",
            ),
            (
                "office",
                "2026-03-02T09:00:00+01:00",
                timedelta(hours=40),
                "2026-03-06T17:00:00+01:00",
            ),
            (
                "office",
                "2026-03-02T09:00:00+01:00",
                timedelta(hours=41),
                "2026-03-09T10:00:00+01:00",
            ),
            (
                "office",
                "2026-03-27T16:59:59.500000+01:00",
                timedelta(seconds=1),
                "2026-03-30T09:00:00.500000+02:00",
            ),
            (
                "new_york",
                "2026-03-06T16:00:00-05:00",
                timedelta(hours=2),
                "2026-03-09T10:00:00-04:00",
            ),
            # A lunch break.
            (
                "lunch",
                "2026-03-30T12:00:00+02:00",
                timedelta(hours=1),
                "2026-03-30T13:00:00+02:00",
            ),
            (
                "lunch",
                "2026-03-30T12:00:00+02:00",
                timedelta(hours=2),
                "2026-03-30T15:00:00+02:00",
            ),
            (
                "lunch",
                "2026-03-30T13:30:00+02:00",
                timedelta(0),
                "2026-03-30T14:00:00+02:00",
            ),
            (
                "lunch",
                "2026-03-27T17:00:00+01:00",
                timedelta(hours=2),
                "2026-03-30T10:00:00+02:00",
            ),
            # A night shift over midnight, as two ranges.
            (
                "late",
                "2026-03-30T23:00:00+02:00",
                timedelta(hours=2),
                "2026-03-31T01:00:00+02:00",
            ),
            (
                "late",
                "2026-03-27T22:00:00+01:00",
                timedelta(hours=8),
                "2026-03-28T06:00:00+01:00",
            ),
            (
                "late",
                "2026-04-03T23:00:00+02:00",
                timedelta(hours=8),
                "2026-04-06T23:00:00+02:00",
            ),
            # 24 hours a day across the spring-forward night: 02:00-03:00 never happens.
            (
                "always",
                "2026-03-28T23:00:00+01:00",
                timedelta(hours=3),
                "2026-03-29T03:00:00+02:00",
            ),
            (
                "always",
                "2026-03-29T00:00:00+01:00",
                timedelta(hours=24),
                "2026-03-30T01:00:00+02:00",
            ),
            # ... and the fall-back night: 02:00-03:00 happens twice.
            (
                "always",
                "2026-10-25T00:00:00+02:00",
                timedelta(hours=24),
                "2026-10-25T23:00:00+01:00",
            ),
            (
                "always",
                "2026-10-25T01:30:00+02:00",
                timedelta(hours=1),
                "2026-10-25T02:30:00+02:00",
            ),
            (
                "always",
                "2026-10-25T01:30:00+02:00",
                timedelta(hours=2),
                "2026-10-25T02:30:00+01:00",
            ),
            # Sundays 01:00-04:00: 2 real hours in spring, 4 in autumn.
            (
                "night",
                "2026-03-29T01:00:00+01:00",
                timedelta(minutes=90),
                "2026-03-29T03:30:00+02:00",
            ),
            (
                "night",
                "2026-03-29T01:00:00+01:00",
                timedelta(hours=2),
                "2026-03-29T04:00:00+02:00",
            ),
            (
                "night",
                "2026-03-29T01:00:00+01:00",
                timedelta(hours=2, minutes=1),
                "2026-04-05T01:01:00+02:00",
            ),
            (
                "night",
                "2026-10-25T01:00:00+02:00",
                timedelta(hours=2),
                "2026-10-25T02:00:00+01:00",
            ),
            (
                "night",
                "2026-10-25T01:00:00+02:00",
                timedelta(hours=4),
                "2026-10-25T04:00:00+01:00",
            ),
            # Sundays 02:30-04:00: in spring the clock skips to 03:00, work starts then.
            (
                "gap",
                "2026-03-29T00:00:00+01:00",
                timedelta(0),
                "2026-03-29T03:00:00+02:00",
            ),
            (
                "gap",
                "2026-03-29T00:00:00+01:00",
                timedelta(hours=1),
                "2026-03-29T04:00:00+02:00",
            ),
            # Sao Paulo fell back at midnight: Saturday 23:00-24:00 happened twice.
            (
                "sao_paulo",
                "2018-02-17T12:00:00-02:00",
                timedelta(minutes=90),
                "2018-02-17T23:30:00-03:00",
            ),
            (
                "sao_paulo",
                "2018-02-17T12:00:00-02:00",
                timedelta(hours=2),
                "2018-02-18T00:00:00-03:00",
            ),
            (
                "sao_paulo_always",
                "2018-02-17T00:00:00-02:00",
                timedelta(hours=24),
                "2018-02-17T23:00:00-03:00",
            ),
            (
                "sao_paulo_always",
                "2018-11-03T23:00:00-03:00",
                timedelta(hours=1),
                "2018-11-04T01:00:00-02:00",
            ),
            # Apia skipped 30 December 2011.
            (
                "apia",
                "2011-12-29T12:00:00-10:00",
                timedelta(hours=12),
                "2011-12-31T00:00:00+14:00",
            ),
            # One minute a week for 300 hours: 18000 Wednesdays, about 345 years.
            (
                "utc_minute",
                "2026-01-07T10:00:00+00:00",
                timedelta(hours=300),
                "2370-12-23T10:01:00+00:00",
            ),
        ],
    )
    def test_table(
        self, calendar: str, start: str, duration: timedelta, expected: str
    ) -> None:
        """Known results, as ISO moments in the calendar's time zone."""
        business = CALENDARS[calendar]
        assert expected == business.add(local(start, business), duration).isoformat()

    def test_sparse_calendar_result_is_18000_weeks_on(self) -> None:
        """The long case of the table is exactly 17999 weeks after the first minute."""
        start = at("2026-01-07T10:00:00+00:00")
        expected = start + timedelta(weeks=17999, minutes=1)
        assert expected == CALENDARS["utc_minute"].add(start, timedelta(hours=300))

    @pytest.mark.parametrize(
        ("zone", "expected"),
        [
            (timezone(timedelta(hours=1)), "2026-03-30T09:00:00+01:00"),
            (UTC, "2026-03-30T08:00:00+00:00"),
            (ZoneInfo("Asia/Tokyo"), "2026-03-30T17:00:00+09:00"),
            (ZoneInfo("America/New_York"), "2026-03-30T04:00:00-04:00"),
        ],
    )
    def test_result_in_the_start_zone(self, zone: tzinfo, expected: str) -> None:
        """The result is in the start's time zone, whatever the calendar's."""
        start = at("2026-03-27T16:00:00+01:00").astimezone(zone)
        assert (
            expected == CALENDARS["office"].add(start, timedelta(hours=2)).isoformat()
        )

    def test_start_zone_kept_in_new_york(self) -> None:
        """A New York calendar answers a Rome start in Rome time."""
        start = datetime(2026, 3, 6, 22, tzinfo=ROME)
        expected = "2026-03-09T15:00:00+01:00"
        assert (
            expected == CALENDARS["new_york"].add(start, timedelta(hours=2)).isoformat()
        )

    def test_result_keeps_the_start_zone(self) -> None:
        """The result has the very tzinfo of the start."""
        start = datetime(2026, 3, 27, 16, tzinfo=ZoneInfo("Asia/Tokyo"))
        assert CALENDARS["office"].add(start, timedelta(hours=1)).tzinfo is start.tzinfo

    @pytest.mark.parametrize(
        ("duration", "shown"),
        [(timedelta(seconds=-1), "'-1s'"), (3600, "3600"), (None, "null")],
    )
    def test_bad_duration(self, duration: Any, shown: str) -> None:
        """A negative duration, or one that is not a timedelta, is refused."""
        with pytest.raises(CalendarError) as info:
            CALENDARS["office"].add(at("2026-03-27T16:00:00+01:00"), duration)
        assert info.value.value == duration
        assert str(info.value) == (
            f"Expected a timedelta of zero or more as duration, got {shown}."
        )

    def test_past_year_9999(self) -> None:
        """A result after the end of year 9999 is an error, not a crash."""
        start = datetime(9999, 12, 31, 12, tzinfo=UTC)
        with pytest.raises(CalendarError, match="ends after year 9999"):
            CALENDARS["office"].add(start, timedelta(hours=8))

    def test_huge_duration(self) -> None:
        """A duration longer than what is left of the calendar fails at once."""
        with pytest.raises(CalendarError, match="ends after year 9999"):
            CALENDARS["office"].add(at("2026-01-01T00:00:00+00:00"), timedelta.max)

    def test_result_not_writable_in_start_zone(self) -> None:
        """A result that exists in UTC but not in the start's zone is an error."""
        start = datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=14)))
        with pytest.raises(CalendarError, match="outside years 1 to 9999"):
            CALENDARS["always"].add(start, timedelta(hours=12))


class TestWorkingTime:
    @pytest.mark.parametrize(
        ("calendar", "start", "end", "expected"),
        [
            (
                "office",
                "2026-03-27T16:00:00+01:00",
                "2026-03-30T10:00:00+02:00",
                timedelta(hours=2),
            ),
            (
                "office",
                "2026-03-30T10:00:00+02:00",
                "2026-03-27T16:00:00+01:00",
                timedelta(0),
            ),
            (
                "office",
                "2026-03-30T10:00:00+02:00",
                "2026-03-30T10:00:00+02:00",
                timedelta(0),
            ),
            (
                "office",
                "2026-03-22T00:00:00+01:00",
                "2026-03-29T00:00:00+01:00",
                timedelta(hours=40),
            ),
            (
                "office",
                "2026-04-05T00:00:00+02:00",
                "2026-04-12T00:00:00+02:00",
                timedelta(hours=32),
            ),
            (
                "office",
                "2026-01-01T00:00:00+01:00",
                "2027-01-01T00:00:00+01:00",
                timedelta(hours=8 * 259),
            ),
            (
                "lunch",
                "2026-03-30T00:00:00+02:00",
                "2026-03-31T00:00:00+02:00",
                timedelta(hours=8),
            ),
            (
                "always",
                "2026-03-28T00:00:00+01:00",
                "2026-03-29T00:00:00+01:00",
                timedelta(hours=24),
            ),
            (
                "always",
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                timedelta(hours=23),
            ),
            (
                "always",
                "2026-10-25T00:00:00+02:00",
                "2026-10-26T00:00:00+01:00",
                timedelta(hours=25),
            ),
            (
                "daily",
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                timedelta(hours=8),
            ),
            (
                "daily",
                "2026-10-25T00:00:00+02:00",
                "2026-10-26T00:00:00+01:00",
                timedelta(hours=8),
            ),
            (
                "night",
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                timedelta(hours=2),
            ),
            (
                "night",
                "2026-10-25T00:00:00+02:00",
                "2026-10-26T00:00:00+01:00",
                timedelta(hours=4),
            ),
            (
                "twice",
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                timedelta(0),
            ),
            (
                "twice",
                "2026-10-25T00:00:00+02:00",
                "2026-10-26T00:00:00+01:00",
                timedelta(hours=1),
            ),
            (
                "twice",
                "2026-10-25T02:30:00+02:00",
                "2026-10-25T02:30:00+01:00",
                timedelta(minutes=30),
            ),
            (
                "gap",
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                timedelta(hours=1),
            ),
            (
                "late",
                "2026-03-30T00:00:00+02:00",
                "2026-04-06T00:00:00+02:00",
                timedelta(hours=40),
            ),
            (
                "new_york",
                "2026-03-06T16:00:00-05:00",
                "2026-03-09T10:00:00-04:00",
                timedelta(hours=2),
            ),
            (
                "sao_paulo",
                "2018-02-17T00:00:00-02:00",
                "2018-02-19T00:00:00-03:00",
                timedelta(hours=2),
            ),
            (
                "sao_paulo_always",
                "2018-11-04T01:00:00-02:00",
                "2018-11-05T00:00:00-02:00",
                timedelta(hours=23),
            ),
            (
                "apia",
                "2011-12-29T00:00:00-10:00",
                "2011-12-31T00:00:00+14:00",
                timedelta(hours=24),
            ),
        ],
    )
    def test_table(
        self, calendar: str, start: str, end: str, expected: timedelta
    ) -> None:
        """Known amounts of working time between two moments."""
        assert expected == CALENDARS[calendar].working_time(at(start), at(end))

    def test_up_to_the_end_of_time(self) -> None:
        """Counting up to the last representable moment ends, and is exact."""
        always = BusinessCalendar("UTC", [WorkingHours(WEEKDAYS, MIDNIGHT, MIDNIGHT)])
        start = datetime(9999, 12, 31, 23, tzinfo=UTC)
        end = datetime.max.replace(tzinfo=UTC)
        assert end - start == always.working_time(start, end)

    def test_years_apart(self) -> None:
        """Ten years of office hours are counted exactly."""
        start = at("2020-01-01T00:00:00+01:00")
        end = at("2030-01-01T00:00:00+01:00")
        weekdays = sum(
            (start.date() + timedelta(days=day)).weekday() < 5
            for day in range((end - start).days)
        )
        calendar = BusinessCalendar("Europe/Rome", [NINE_TO_FIVE])
        assert timedelta(hours=8 * weekdays) == calendar.working_time(start, end)


class TestIsWorking:
    @pytest.mark.parametrize(
        ("calendar", "moment", "expected"),
        [
            ("office", "2026-03-30T09:00:00+02:00", True),
            ("office", "2026-03-30T16:59:59.999999+02:00", True),
            ("office", "2026-03-30T17:00:00+02:00", False),
            ("office", "2026-03-30T08:59:59+02:00", False),
            ("office", "2026-03-30T07:00:00+00:00", True),
            ("office", "2026-03-28T12:00:00+01:00", False),
            ("office", "2026-04-06T10:00:00+02:00", False),
            ("lunch", "2026-03-30T13:30:00+02:00", False),
            ("late", "2026-03-31T00:00:00+02:00", True),
            ("late", "2026-03-30T00:00:00+02:00", False),
            ("twice", "2026-10-25T02:30:00+02:00", True),
            ("twice", "2026-10-25T02:30:00+01:00", True),
            ("twice", "2026-10-25T02:10:00+01:00", False),
            ("gap", "2026-03-29T02:59:59+02:00", False),
            ("gap", "2026-03-29T03:00:00+02:00", True),
            ("sao_paulo", "2018-02-17T23:30:00-02:00", True),
            ("sao_paulo", "2018-02-17T23:30:00-03:00", True),
            ("sao_paulo", "2018-02-18T00:00:00-03:00", False),
            ("office", "9999-12-31T23:59:59+00:00", False),
            ("always", "0001-01-01T00:00:00+00:00", True),
        ],
    )
    def test_table(self, calendar: str, moment: str, expected: bool) -> None:  # noqa: FBT001
        """Known working and non-working moments."""
        assert expected == CALENDARS[calendar].is_working(at(moment))


class TestNextWorkingMoment:
    @pytest.mark.parametrize(
        ("calendar", "moment", "expected"),
        [
            ("office", "2026-03-30T10:00:00+02:00", "2026-03-30T10:00:00+02:00"),
            ("office", "2026-03-28T12:00:00+01:00", "2026-03-30T09:00:00+02:00"),
            ("office", "2026-03-27T17:00:00+01:00", "2026-03-30T09:00:00+02:00"),
            ("office", "2026-04-03T17:00:00+02:00", "2026-04-07T09:00:00+02:00"),
            ("night", "2026-03-29T00:30:00+01:00", "2026-03-29T01:00:00+01:00"),
            ("gap", "2026-03-29T00:00:00+01:00", "2026-03-29T03:00:00+02:00"),
            ("twice", "2026-10-25T02:50:00+02:00", "2026-10-25T02:15:00+01:00"),
        ],
    )
    def test_table(self, calendar: str, moment: str, expected: str) -> None:
        """Known next working moments, in the calendar's time zone."""
        business = CALENDARS[calendar]
        found = business.next_working_moment(local(moment, business))
        assert expected == found.isoformat()

    def test_first_moment_of_the_range(self) -> None:
        """The very first representable moment works where the clock allows."""
        first = datetime(1, 1, 1, tzinfo=UTC)
        assert first == CALENDARS["always"].next_working_moment(first)

    def test_none_left(self) -> None:
        """No working time before the end of year 9999 is an error, not a loop."""
        with pytest.raises(CalendarError, match="No working time after"):
            CALENDARS["office"].next_working_moment(
                datetime(9999, 12, 31, 20, tzinfo=UTC)
            )


class TestNaiveMoments:
    @pytest.mark.parametrize(
        ("method", "args", "name"),
        [
            ("is_working", (), "moment"),
            ("next_working_moment", (), "moment"),
            ("add", (timedelta(hours=1),), "start"),
            ("working_time", (datetime(2026, 1, 1, tzinfo=UTC),), "start"),
        ],
    )
    def test_refused(self, method: str, args: tuple[Any, ...], name: str) -> None:
        """A naive datetime raises CalendarError naming the argument and keeping it."""
        naive = datetime(2026, 3, 27, 16)  # noqa: DTZ001
        with pytest.raises(CalendarError) as info:
            getattr(CALENDARS["office"], method)(naive, *args)
        assert info.value.value is naive
        assert str(info.value) == (
            f"Expected a timezone-aware datetime as {name}, got "
            "'2026-03-27T16:00:00'; give it a time zone, for "
            "example with .replace(tzinfo=ZoneInfo('Europe/Rome'))."
        )

    def test_naive_end(self) -> None:
        """working_time checks its end too."""
        with pytest.raises(CalendarError, match="as end"):
            CALENDARS["office"].working_time(
                datetime(2026, 1, 1, tzinfo=UTC),
                datetime(2026, 1, 2),  # noqa: DTZ001
            )

    def test_dates_refused(self) -> None:
        """A date is not a moment."""
        with pytest.raises(CalendarError):
            CALENDARS["office"].is_working(date(2026, 3, 27))  # type: ignore[arg-type]

    def test_error_family(self) -> None:
        """The error is the library's and a ValueError."""
        assert issubclass(CalendarError, EscalationMatrixError)
        assert issubclass(CalendarError, ValueError)

    def test_out_of_utc_range(self) -> None:
        """A moment that cannot be written in UTC is refused, not a crash."""
        early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
        with pytest.raises(CalendarError, match="within years 1 to 9999 in UTC"):
            CALENDARS["office"].is_working(early)


# Invariants over calendars drawn at random and the awkward fixed ones.
calendars = st.one_of(
    st.sampled_from(list(CALENDARS.values())).filter(
        lambda calendar: calendar is not CALENDARS["utc_minute"]
    ),
    business_calendars(step=timedelta(minutes=15)),
)


class TestInvariants:
    @given(calendars, aware_datetimes(), working_durations)
    def test_add_and_working_time_are_inverse(
        self, calendar: BusinessCalendar, start: datetime, duration: timedelta
    ) -> None:
        """working_time(start, add(start, duration)) == duration."""
        assert duration == calendar.working_time(start, calendar.add(start, duration))

    @given(calendars, aware_datetimes(min_year=1, max_year=9990), working_durations)
    def test_inverse_over_the_whole_range(
        self, calendar: BusinessCalendar, start: datetime, duration: timedelta
    ) -> None:
        """The inverse holds from year 1 on, where zones had no rules yet."""
        assert duration == calendar.working_time(start, calendar.add(start, duration))

    @given(calendars, aware_datetimes())
    @example(
        # Midnight that Rome skipped in 1916, given in Rome: the clock then
        # showed 01:00, outside these hours.
        BusinessCalendar("Europe/Rome", [WorkingHours(["sun"], time(0), time(0, 15))]),
        datetime(1916, 6, 4, 0, 0, tzinfo=ZoneInfo("Europe/Rome")),
    )
    def test_is_working_is_the_wall_clock(
        self, calendar: BusinessCalendar, moment: datetime
    ) -> None:
        """A moment is working iff the calendar's clock shows working hours."""
        assert wall_clock_working(calendar, moment) == calendar.is_working(moment)

    @given(calendars, aware_datetimes())
    def test_zero_duration_is_next_working_moment(
        self, calendar: BusinessCalendar, start: datetime
    ) -> None:
        """add(start, 0) is the next working moment, which is working time."""
        moment = calendar.next_working_moment(start)
        assert utc(moment) == utc(calendar.add(start, timedelta(0)))
        assert calendar.is_working(moment)
        assert utc(moment) >= utc(start)
        assert calendar.working_time(start, moment) == timedelta(0)

    @given(calendars, aware_datetimes(), working_durations, working_durations)
    def test_add_in_steps(
        self,
        calendar: BusinessCalendar,
        start: datetime,
        first: timedelta,
        second: timedelta,
    ) -> None:
        """Adding in two steps ends where adding the sum does, for a positive second step."""
        middle = calendar.add(start, first)
        expected = calendar.add(start, first + second)
        if second:
            assert utc(expected) == utc(calendar.add(middle, second))
        assert utc(middle) <= utc(expected)

    @given(
        calendars,
        aware_datetimes(),
        st.lists(working_durations, min_size=2, max_size=2),
    )
    def test_working_time_adds_up(
        self, calendar: BusinessCalendar, start: datetime, steps: list[timedelta]
    ) -> None:
        """Working time over a span is the sum over its parts, and at most real time."""
        middle = (utc(start) + steps[0]).astimezone(start.tzinfo)
        end = (utc(middle) + steps[1]).astimezone(start.tzinfo)
        whole = calendar.working_time(start, end)
        assert whole == calendar.working_time(start, middle) + calendar.working_time(
            middle, end
        )
        assert whole <= utc(end) - utc(start)

    @given(
        business_calendars(step=timedelta(minutes=15)),
        aware_datetimes(min_year=1980, max_year=2040).map(
            lambda moment: moment.astimezone(UTC).replace(second=0, microsecond=0)
        ),
        st.integers(min_value=0, max_value=2 * 24 * 60),
    )
    def test_working_time_counts_wall_clock_minutes(
        self, calendar: BusinessCalendar, start: datetime, minutes: int
    ) -> None:
        """Working time is the number of minutes whose clock shows working hours."""
        moments = (start + timedelta(minutes=minute) for minute in range(minutes))
        expected = sum(wall_clock_working(calendar, moment) for moment in moments)
        assert timedelta(minutes=expected) == calendar.working_time(
            start, start + timedelta(minutes=minutes)
        )


class TestFormat:
    def test_brief_example(self) -> None:
        """The calendar of a matrix file's policy reads as expected."""
        text = """
            [policy.calendar]
            timezone = "Europe/Rome"
            holidays = ["2026-12-25", "2026-12-26"]
            [[policy.calendar.hours]]
            days = ["mon", "tue", "wed", "thu", "fri"]
            start = "09:00"
            end = "17:00"
        """
        data = tomllib.loads(text)["policy"]["calendar"]
        assert BusinessCalendar(
            "Europe/Rome",
            [NINE_TO_FIVE],
            holidays=[date(2026, 12, 25), date(2026, 12, 26)],
        ) == calendar_from_data(data)

    def test_toml_native_values(self) -> None:
        """TOML dates and times read like their strings; 00:00 ends at midnight."""
        native = """
            timezone = "Europe/Rome"
            holidays = [2026-12-25]
            [[hours]]
            days = ["sat"]
            start = 09:30:00
            end = 00:00:00
        """
        strings = """
            timezone = "Europe/Rome"
            holidays = ["2026-12-25"]
            [[hours]]
            days = ["sat"]
            start = "09:30"
            end = "24:00"
        """
        expected = calendar_from_data(tomllib.loads(strings))
        assert expected == calendar_from_data(tomllib.loads(native))

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ("09:00", "17:00", (time(9), time(17))),
            ("09:00:30", "17:00:59", (time(9, 0, 30), time(17, 0, 59))),
            ("00:00", "24:00", (MIDNIGHT, MIDNIGHT)),
            ("23:59:59", "24:00:00", (time(23, 59, 59), MIDNIGHT)),
            ("00:00", "00:00", (MIDNIGHT, MIDNIGHT)),
        ],
    )
    def test_times(self, start: str, end: str, expected: tuple[time, time]) -> None:
        """Times are read from 'HH:MM' or 'HH:MM:SS', 24:00 as a midnight end."""
        data = {
            "timezone": "UTC",
            "hours": [{"days": ["mon"], "start": start, "end": end}],
        }
        hours = calendar_from_data(data).hours[0]
        assert expected == (hours.start, hours.end)

    def test_canonical_output(self) -> None:
        """Days in week order, holidays in date order, seconds only when set."""
        calendar = BusinessCalendar(
            "Europe/Rome",
            [
                WorkingHours(["fri", "mon"], time(9), time(12, 30, 15)),
                WorkingHours(["sat"], time(22), MIDNIGHT),
            ],
            holidays=[date(2026, 12, 26), date(2026, 1, 1)],
        )
        assert calendar_to_data(calendar) == {
            "timezone": "Europe/Rome",
            "holidays": ["2026-01-01", "2026-12-26"],
            "hours": [
                {"days": ["mon", "fri"], "start": "09:00", "end": "12:30:15"},
                {"days": ["sat"], "start": "22:00", "end": "24:00"},
            ],
        }

    def test_no_holidays_left_out(self) -> None:
        """A calendar without holidays writes no holidays field."""
        data = calendar_to_data(BusinessCalendar("UTC", [NINE_TO_FIVE]))
        assert list(data) == ["timezone", "hours"]

    def test_equal_calendars_same_bytes(self) -> None:
        """Calendars given in different orders write byte-identical TOML and JSON."""
        first = BusinessCalendar(
            "UTC",
            [WorkingHours(["wed", "mon"], time(9), time(17))],
            holidays=[date(2026, 5, 1), date(2026, 1, 1)],
        )
        second = BusinessCalendar(
            "UTC",
            [WorkingHours(["mon", "wed"], time(9), time(17))],
            holidays=[date(2026, 1, 1), date(2026, 5, 1)],
        )
        assert tomli_w.dumps(calendar_to_data(first)) == tomli_w.dumps(
            calendar_to_data(second)
        )
        assert json.dumps(calendar_to_data(first)) == json.dumps(
            calendar_to_data(second)
        )

    @given(business_calendars())
    def test_round_trip(self, calendar: BusinessCalendar) -> None:
        """Writing then reading gives the same calendar, through TOML and JSON too."""
        data = calendar_to_data(calendar)
        assert calendar == calendar_from_data(data)
        assert calendar == calendar_from_data(tomllib.loads(tomli_w.dumps(data)))
        assert calendar == calendar_from_data(json.loads(json.dumps(data)))

    @given(business_calendars())
    def test_written_form_is_stable(self, calendar: BusinessCalendar) -> None:
        """Reading and writing again gives the very same payload."""
        data = calendar_to_data(calendar)
        assert data == calendar_to_data(calendar_from_data(data))

    def test_every_problem_at_once(self) -> None:
        """A broken payload lists every problem, each with its path."""
        data = {
            "timezone": "../etc",
            "holidays": [
                "2026-12-25",
                "2026-02-30",
                "25/12/2026",
                20261225,
                "2026-12-25",
            ],
            "hours": [
                {"days": ["mon", "Tue", 3], "start": "9:00", "end": "17:00"},
                {"days": ["mon"], "start": "18:00", "end": "17:00", "lunch": "12:00"},
                {"days": ["sat"], "start": "09:00"},
                "weekends",
            ],
            "colour": "red",
        }
        with pytest.raises(ValidationError) as info:
            calendar_from_data(data)
        assert str(info.value).startswith("Invalid business calendar: 12 problems:")
        assert problems(info.value) == [
            "$.timezone: must be an IANA time zone name such as 'Europe/Rome', got '../etc'",
            "$.holidays[1]: must be a date that exists, got '2026-02-30': month 2 of 2026 has 28 days",
            "$.holidays[2]: must be a date 'YYYY-MM-DD', got '25/12/2026'",
            "$.holidays[3]: must be a date 'YYYY-MM-DD', got 20261225",
            "$.hours[0].days[1]: must be a day of the week (mon, tue, wed, thu, fri, sat, sun), got 'Tue'",
            "$.hours[0].days[2]: must be a day of the week (mon, tue, wed, thu, fri, sat, sun), got 3",
            "$.hours[0].start: must be a time of day 'HH:MM' or 'HH:MM:SS', got '9:00'",
            "$.hours[1].end: must be after the start 18:00, got 17:00; 00:00 means midnight at the end of the day, and hours past midnight need a second range from 00:00",
            "$.hours[1].lunch: unknown field; expected one of: days, start, end",
            "$.hours[2].end: missing required field",
            "$.hours[3]: must be an object (a table), got 'weekends'",
            "$.colour: unknown field; expected one of: timezone, holidays, hours",
        ]

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"timezone": 1}, ["$.timezone: must be a string, got 1"]),
            (
                {"hours": []},
                ["$.hours: must have at least one range of working hours, got none"],
            ),
            (
                {"hours": {"days": ["mon"]}},
                ['$.hours: must be a list, got {"days": ["mon"]}'],
            ),
            (
                {"holidays": "2026-12-25"},
                ["$.holidays: must be a list, got '2026-12-25'"],
            ),
            (
                {"holidays": ["2026-12-25", "2026-12-25", "2026-12-25"]},
                [
                    "$.holidays[1]: duplicate holiday 2026-12-25, already at index 0",
                    "$.holidays[2]: duplicate holiday 2026-12-25, already at index 0",
                ],
            ),
            (
                {"holidays": ["2026-12-25T00:00:00"]},
                [
                    "$.holidays[0]: must be a date 'YYYY-MM-DD', got '2026-12-25T00:00:00'"
                ],
            ),
            (
                {
                    "hours": [
                        {
                            "days": ["mon", "mon", "mon"],
                            "start": "09:00",
                            "end": "17:00",
                        }
                    ]
                },
                [
                    "$.hours[0].days[1]: duplicate day 'mon', already at index 0",
                    "$.hours[0].days[2]: duplicate day 'mon', already at index 0",
                ],
            ),
            (
                {"hours": [{"days": [], "start": "24:00", "end": "25:00"}]},
                [
                    "$.hours[0].days: must name at least one day, got none",
                    "$.hours[0].start: must be a time of day 'HH:MM' or 'HH:MM:SS', got '24:00'",
                    "$.hours[0].end: must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for midnight, got '25:00'",
                ],
            ),
            (
                {"hours": [{"days": "mon", "start": 9, "end": "5pm"}]},
                [
                    "$.hours[0].days: must be a list, got 'mon'",
                    "$.hours[0].start: must be a time of day 'HH:MM' or 'HH:MM:SS', got 9; quote times in YAML files",
                    "$.hours[0].end: must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for midnight, got '5pm'",
                ],
            ),
            (
                {
                    "hours": [
                        {"days": ["mon"], "start": "09:00", "end": "17:00"},
                        {"days": ["mon"], "start": "10:00", "end": "11:00"},
                        {"days": ["mon"], "start": "16:00", "end": "18:00"},
                    ]
                },
                [
                    "$.hours[1]: must not overlap the range at index 0 on mon, got 10:00-11:00 and 09:00-17:00",
                    "$.hours[2]: must not overlap the range at index 0 on mon, got 16:00-18:00 and 09:00-17:00",
                ],
            ),
        ],
    )
    def test_single_mistakes(
        self, changes: dict[str, Any], expected: list[str]
    ) -> None:
        """Each kind of mistake in a payload is reported with its path."""
        data = {
            "timezone": "Europe/Rome",
            "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
            **changes,
        }
        with pytest.raises(ValidationError) as info:
            calendar_from_data(data)
        assert expected == problems(info.value)

    def test_toml_fraction_of_a_second(self) -> None:
        """A TOML time with a fraction of a second is reported, not rounded."""
        text = 'timezone = "UTC"\n[[hours]]\ndays = ["mon"]\nstart = 09:00:00.5\nend = 17:00:00\n'
        with pytest.raises(ValidationError) as info:
            calendar_from_data(tomllib.loads(text))
        assert problems(info.value) == [
            "$.hours[0].start: must be a whole number of seconds, got '09:00:00.500000'"
        ]

    def test_yaml_unquoted_time(self) -> None:
        """An unquoted YAML time, read as a number, gets a hint to quote it."""
        text = "timezone: UTC\nhours:\n- days: [mon]\n  start: '09:00'\n  end: 17:00\n"
        with pytest.raises(ValidationError) as info:
            calendar_from_data(yaml.safe_load(text))
        assert problems(info.value) == [
            "$.hours[0].end: must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for midnight, got 1020; quote times in YAML files"
        ]

    def test_yaml_native_date(self) -> None:
        """An unquoted YAML date is read as the date it is."""
        text = "timezone: UTC\nholidays: [2026-12-25]\nhours:\n- {days: [mon], start: '09:00', end: '17:00'}\n"
        assert calendar_from_data(yaml.safe_load(text)).holidays == (
            date(2026, 12, 25),
        )

    def test_extra_keys_ignored_on_request(self) -> None:
        """With forbid_extra_keys=False, unknown fields are ignored."""
        data = {
            "timezone": "UTC",
            "owner": "ops",
            "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00", "note": "x"}],
        }
        calendar = calendar_from_data(data, forbid_extra_keys=False)
        assert calendar == BusinessCalendar(
            "UTC", [WorkingHours(["mon"], time(9), time(17))]
        )

    def test_not_an_object(self) -> None:
        """A payload that is not an object is reported at the root."""
        with pytest.raises(ValidationError) as info:
            calendar_from_data(["Europe/Rome"])
        assert problems(info.value) == [
            '$: must be an object (a table), got ["Europe/Rome"]'
        ]

    def test_embedded_paths(self) -> None:
        """Read as a field of a larger payload, problems carry the full path."""
        data = em.to_dict(em.default_matrix())
        data["policy"] = {
            "calendar": {
                "timezone": "Europe/Rome",
                "hours": [{"days": ["mon"], "start": "09:00", "end": "8:00"}],
            }
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == [
            "$.policy.calendar.hours[0].end: must be a time of day 'HH:MM' or 'HH:MM:SS', or '24:00' for midnight, got '8:00'"
        ]
