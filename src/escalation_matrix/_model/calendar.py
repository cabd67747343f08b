"""Business calendars: working hours, holidays, and time counted in them.

Working hours are wall-clock times in the calendar's time zone, and a moment
is working time when the calendar's clock shows a working time of a working
day. Durations are real elapsed time, counted in UTC: a 09:00-17:00 day holds
8 hours even when the clocks change that night, while a 00:00-24:00 day holds
23 or 25 hours on the days the clocks change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

import attrs

from escalation_matrix._base.checks import list_like, not_a, raise_if
from escalation_matrix._base.durations import written_duration
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import CalendarError, Phrase, Problem

__all__ = [
    "MIDNIGHT",
    "WEEKDAYS",
    "BusinessCalendar",
    "Weekday",
    "WorkingHours",
    "format_clock",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: The days of the week, Monday first, as :meth:`datetime.date.weekday`
#: numbers them.
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: As the end of working hours, ``time(0)`` means midnight at the end of the
#: day (written ``"24:00"`` in files): an end must come after the start on
#: the same day, so 00:00 cannot mean anything else there.
MIDNIGHT = time(0)

_NO_TIME = timedelta(0)
_SECOND = timedelta(seconds=1)
_DAY = timedelta(days=1)
_MIN = datetime.min.replace(tzinfo=UTC)
_MAX = datetime.max.replace(tzinfo=UTC)

# Names that zoneinfo loads but that are no portable IANA time zone: the
# machine's own zone, and the tz database's POSIX and leap-second copies.
_NOT_ZONES = ("localtime", "posixrules")
_NOT_ZONE_FOLDERS = ("posix/", "right/")

_Span = tuple[timedelta, timedelta]


def format_clock(value: time, *, end: bool = False) -> str:
    """Write a time of day as ``"HH:MM"``, or ``"HH:MM:SS"`` if it has seconds.

    Args:
        value: The time of day.
        end: Whether *value* ends working hours, where :data:`MIDNIGHT` is
            written ``"24:00"``.

    Returns:
        The text, as the calendar file format writes it.

    >>> format_clock(time(9, 30)), format_clock(time(0), end=True)
    ('09:30', '24:00')
    """
    if end and value == MIDNIGHT:
        return "24:00"
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _days(value: Iterable[Weekday]) -> tuple[Weekday, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _hours(value: Iterable[WorkingHours]) -> tuple[WorkingHours, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _holidays(value: Iterable[date]) -> tuple[date, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _clock_problem(value: object, *, end: bool) -> Phrase | None:
    if not isinstance(value, time):
        # Translators: {example} is Python code, time(9, 0) or time(17, 0).
        return Phrase(
            "must be a time of day such as {example}, got {got}",
            example="time(17, 0)" if end else "time(9, 0)",
            got=shown_phrase(value),
        )
    if value.tzinfo is not None:
        return Phrase(
            "must be a naive time (the calendar's time zone applies), got {got}",
            got=shown_phrase(value),
        )
    if value.microsecond:
        return Phrase(
            "must be a whole number of seconds, got {got}", got=shown_phrase(value)
        )
    return None


def _hours_problems(days: object, start: object, end: object) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(days, tuple):
        said = Phrase(
            "must be a list of days such as ['mon', 'tue'], got {got}",
            got=shown_phrase(days),
        )
        problems.append(Problem("$.days", said))
    elif not days:
        said = Phrase("must name at least one day, got none")
        problems.append(Problem("$.days", said))
    seen: dict[str, int] = {}
    for index, day in enumerate(days if isinstance(days, tuple) else ()):
        path = f"$.days[{index}]"
        if day not in WEEKDAYS:
            said = Phrase(
                "must be a day of the week ({days}), got {got}",
                days=", ".join(WEEKDAYS),
                got=shown_phrase(day),
            )
            problems.append(Problem(path, said))
        elif day in seen:
            said = Phrase(
                "duplicate day {day}, already at index {index}",
                day=shown_phrase(day),
                index=str(seen[day]),
            )
            problems.append(Problem(path, said))
        else:
            seen[day] = index
    start_problem = _clock_problem(start, end=False)
    end_problem = _clock_problem(end, end=True)
    if start_problem is not None:
        problems.append(Problem("$.start", start_problem))
    if end_problem is not None:
        problems.append(Problem("$.end", end_problem))
    elif (
        start_problem is None
        and isinstance(start, time)
        and isinstance(end, time)
        and end != MIDNIGHT
        and end <= start
    ):
        said = Phrase(
            "must be after the start {start}, got {got}; 00:00 means midnight at "
            "the end of the day, and hours past midnight need a second range from "
            "00:00",
            start=format_clock(start),
            got=format_clock(end),
        )
        problems.append(Problem("$.end", said))
    return problems


@attrs.frozen(repr=False)
class WorkingHours:
    """A range of working hours, the same on each of the days it names.

    Times are wall-clock times in the time zone of the
    :class:`~escalation_matrix.calendar.BusinessCalendar` that holds the range. Two
    ranges on the same days make a day with a break (09:00-13:00 and
    14:00-18:00).

    Attributes:
        days: The days of the week the range applies to, stored in week
            order (``"mon"`` first) whatever the order given.
        start: When work starts: a naive time in whole seconds.
        end: When work stops, after *start*; ``time(0)`` (written
            ``"24:00"`` in files) means until midnight at the end of the
            day. Hours past midnight need a second range from 00:00 on the
            next day.

    Raises:
        ValidationError: Listing every problem of the range.

    >>> from datetime import time
    >>> WorkingHours(["fri", "mon"], time(9), time(17))
    <WorkingHours mon,fri 09:00-17:00>
    >>> WorkingHours(["sat", "sun"], time(22), time(6))
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid working hours: 1 problem:
      $.end: must be after the start 22:00, got 06:00; 00:00 means midnight ...
    """

    days: tuple[Weekday, ...] = attrs.field(converter=_days)
    start: time
    end: time

    def __attrs_post_init__(self) -> None:
        raise_if(_hours_problems(self.days, self.start, self.end), "working hours")
        # Days are a set: equal ranges make equal objects, and equal files.
        week_order = tuple(sorted(self.days, key=WEEKDAYS.index))
        object.__setattr__(self, "days", week_order)

    def __repr__(self) -> str:
        return f"<WorkingHours {','.join(self.days)} {_clock_range(self)}>"


def _clock_range(hours: WorkingHours) -> str:
    return f"{format_clock(hours.start)}-{format_clock(hours.end, end=True)}"


def _since_midnight(clock: time) -> timedelta:
    return timedelta(hours=clock.hour, minutes=clock.minute, seconds=clock.second)


def _span(hours: WorkingHours) -> _Span:
    """The range as times since midnight; an end at midnight is 24 hours."""
    end = _DAY if hours.end == MIDNIGHT else _since_midnight(hours.end)
    return _since_midnight(hours.start), end


def zone_problem(name: object) -> Phrase | None:
    """Say what is wrong with *name* as an IANA time zone, or return None."""
    message = Phrase(
        "must be an IANA time zone name such as 'Europe/Rome', got {got}",
        got=shown_phrase(name),
    )
    if not isinstance(name, str):
        return message
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_FOLDERS):
        return message
    from zoneinfo import ZoneInfo  # noqa: PLC0415 -- loaded when a calendar is made

    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        # zoneinfo raises ZoneInfoNotFoundError (a KeyError) for unknown
        # names, ValueError for malformed or path-like ones ("../etc") and
        # for files that are not time zones, OSError for unreadable ones.
        return message
    return None


def _calendar_problems(
    timezone: object, hours: object, holidays: object
) -> list[Problem]:
    problems: list[Problem] = []
    if (message := zone_problem(timezone)) is not None:
        problems.append(Problem("$.timezone", message))
    if not isinstance(hours, tuple):
        said = Phrase(
            "must be a list of WorkingHours, got {got}", got=shown_phrase(hours)
        )
        problems.append(Problem("$.hours", said))
    elif not hours:
        said = Phrase("must have at least one range of working hours, got none")
        problems.append(Problem("$.hours", said))
    else:
        problems.extend(_overlaps(hours))
    if not isinstance(holidays, tuple):
        said = Phrase("must be a list of dates, got {got}", got=shown_phrase(holidays))
        problems.append(Problem("$.holidays", said))
    else:
        seen: dict[date, int] = {}
        for index, day in enumerate(holidays):
            path = f"$.holidays[{index}]"
            if not isinstance(day, date) or isinstance(day, datetime):
                said = Phrase("must be a date, got {got}", got=shown_phrase(day))
                problems.append(Problem(path, said))
            elif day in seen:
                said = Phrase(
                    "duplicate holiday {day}, already at index {index}",
                    day=day.isoformat(),
                    index=str(seen[day]),
                )
                problems.append(Problem(path, said))
            else:
                seen[day] = index
    return problems


def _overlaps(hours: tuple[object, ...]) -> list[Problem]:
    problems: list[Problem] = []
    ranges: list[WorkingHours] = []
    for index, item in enumerate(hours):
        if isinstance(item, WorkingHours):
            ranges.append(item)
        else:
            problems.append(Problem(f"$.hours[{index}]", not_a("WorkingHours", item)))
    if problems:
        return problems
    for later_index, later in enumerate(ranges):
        later_start, later_end = _span(later)
        for index, earlier in enumerate(ranges[:later_index]):
            start, end = _span(earlier)
            common = [day for day in later.days if day in earlier.days]
            if common and later_start < end and start < later_end:
                # Translators: {days} lists the days both ranges name (mon, tue)
                # and {later} and {earlier} are the ranges (09:00-13:00).
                said = Phrase(
                    "must not overlap the range at index {index} on {days}, got "
                    "{later} and {earlier}",
                    index=str(index),
                    days=", ".join(common),
                    later=_clock_range(later),
                    earlier=_clock_range(earlier),
                )
                problems.append(Problem(f"$.hours[{later_index}]", said))
    return problems


def _week(hours: tuple[WorkingHours, ...]) -> tuple[tuple[_Span, ...], ...]:
    """For each day of the week, its working spans in order, touching ones joined."""
    week = []
    for day in WEEKDAYS:
        joined: list[_Span] = []
        for start, end in sorted(_span(item) for item in hours if day in item.days):
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        week.append(tuple(joined))
    return tuple(week)


def _shifted(moment: datetime, delta: timedelta) -> datetime:
    """Return *moment* + *delta*, held within the range of datetime."""
    try:
        return moment + delta
    except OverflowError:
        return _MIN if delta < _NO_TIME else _MAX


def _utc(moment: object, name: str) -> datetime:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        # Translators: {name} is the argument's name in the code (moment,
        # start or end); the example is Python code.
        message = Phrase(
            "Expected a timezone-aware datetime as {name}, got {got}; give it a "
            "time zone, for example with .replace(tzinfo=ZoneInfo('Europe/Rome')).",
            name=name,
            got=shown_phrase(moment),
        )
        raise CalendarError(message, value=moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # Translators: {name} is the argument's name in the code (moment,
        # start or end).
        message = Phrase(
            "Expected {name} within years 1 to 9999 in UTC, got {got}.",
            name=name,
            got=shown_phrase(moment),
        )
        raise CalendarError(message, value=moment) from None


def _check_duration(duration: object) -> None:
    if not isinstance(duration, timedelta) or duration < _NO_TIME:
        message = Phrase(
            "Expected a timedelta of zero or more as duration, got {got}.",
            got=shown_phrase(duration),
        )
        raise CalendarError(message, value=duration)


def _like(moment: datetime, model: datetime) -> datetime:
    """Return the UTC *moment* in the time zone of *model*."""
    try:
        return moment.astimezone(model.tzinfo)
    except OverflowError:
        message = Phrase(
            "The result {result} cannot be shown in the time zone of {model}: it "
            "falls outside years 1 to 9999 there.",
            result=moment.isoformat(),
            model=model.isoformat(),
        )
        raise CalendarError(message, value=moment) from None


@attrs.frozen(repr=False)
class BusinessCalendar:
    """When work happens: working hours in a time zone, less holidays.

    A moment is working time when the calendar's clock, in *timezone*,
    shows a working time of a working day. That settles the nights the
    clocks change, as zoneinfo reports them (``fold`` included), with no
    choice left: local times the clock skips are never worked, so a range
    starting at 02:30 on the night the clocks jump from 02:00 to 03:00
    starts at 03:00; local times the clock shows twice are worked both
    times if they are working hours. Durations are real elapsed time: a
    09:00-17:00 day holds 8 hours whatever the clocks do, a 00:00-24:00 day
    holds 23 or 25 hours on the days they change.

    Every method takes timezone-aware datetimes, in any time zone, and
    returns moments in the time zone of the moment it was given.

    Attributes:
        timezone: The IANA name of the time zone of the working hours and
            holidays (``"Europe/Rome"``).
        hours: The ranges of working hours; ranges on the same day must not
            overlap.
        holidays: Whole days off, as dates in *timezone*; stored in date
            order.

    Raises:
        ValidationError: Listing every problem of the calendar.

    >>> from datetime import date, datetime, time, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> office = BusinessCalendar(
    ...     "Europe/Rome",
    ...     [WorkingHours(["mon", "tue", "wed", "thu", "fri"], time(9), time(17))],
    ...     holidays=[date(2026, 12, 25), date(2026, 12, 26)],
    ... )
    >>> office
    <BusinessCalendar 'Europe/Rome' hours=1 holidays=2>
    >>> friday = datetime(2026, 3, 27, 16, 0, tzinfo=ZoneInfo("Europe/Rome"))
    >>> office.add(friday, timedelta(hours=2)).isoformat()
    '2026-03-30T10:00:00+02:00'
    >>> BusinessCalendar("Europe/Atlantis", [])
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid business calendar: 2 problems:
      $.timezone: must be an IANA time zone name such as 'Europe/Rome', got ...
      $.hours: must have at least one range of working hours, got none
    """

    timezone: str
    hours: tuple[WorkingHours, ...] = attrs.field(converter=_hours)
    holidays: tuple[date, ...] = attrs.field(
        default=(), kw_only=True, converter=_holidays
    )

    _zone: tzinfo = attrs.field(init=False, eq=False, hash=False)
    _week: tuple[tuple[_Span, ...], ...] = attrs.field(init=False, eq=False, hash=False)
    _days_off: frozenset[date] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _calendar_problems(self.timezone, self.hours, self.holidays)
        raise_if(problems, "business calendar")
        object.__setattr__(self, "holidays", tuple(sorted(self.holidays)))
        self._derive()

    def _derive(self) -> None:
        """Work out the zone, the week and the days off from the fields."""
        from zoneinfo import ZoneInfo  # noqa: PLC0415 -- loaded when a calendar is made

        object.__setattr__(self, "_zone", ZoneInfo(self.timezone))
        object.__setattr__(self, "_week", _week(self.hours))
        object.__setattr__(self, "_days_off", frozenset(self.holidays))

    # Pickles and copies carry the fields only; what is worked out from them
    # is worked out again on the other side.
    def __getstate__(self) -> dict[str, object]:
        return {
            "timezone": self.timezone,
            "hours": self.hours,
            "holidays": self.holidays,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in ("timezone", "hours", "holidays"):
            object.__setattr__(self, name, state[name])
        self._derive()

    def __repr__(self) -> str:
        return (
            f"<BusinessCalendar {self.timezone!r} hours={len(self.hours)} "
            f"holidays={len(self.holidays)}>"
        )

    # Queries ---------------------------------------------------------------

    def is_working(self, moment: datetime, /) -> bool:
        """Return whether *moment* is working time.

        Working hours include their start and exclude their end.

        Args:
            moment: The moment, timezone-aware, in any time zone.

        Returns:
            Whether the calendar's clock shows working hours then.

        Raises:
            CalendarError: *moment* is naive.

        >>> from datetime import datetime, time
        >>> from zoneinfo import ZoneInfo
        >>> rome = ZoneInfo("Europe/Rome")
        >>> mondays = BusinessCalendar(
        ...     "Europe/Rome", [WorkingHours(["mon"], time(9), time(17))]
        ... )
        >>> mondays.is_working(datetime(2026, 3, 30, 9, 0, tzinfo=rome))
        True
        >>> mondays.is_working(datetime(2026, 3, 30, 17, 0, tzinfo=rome))
        False
        """
        start = _utc(moment, "moment")
        piece = next(self._pieces(start), None)
        return piece is not None and piece[0] == start

    def next_working_moment(self, moment: datetime, /) -> datetime:
        """Return *moment* if it is working time, else when work next starts.

        Args:
            moment: The moment, timezone-aware, in any time zone.

        Returns:
            The next working moment, in the time zone of *moment*.

        Raises:
            CalendarError: *moment* is naive, or no working time is left
                before the end of year 9999.

        >>> from datetime import datetime, time
        >>> from zoneinfo import ZoneInfo
        >>> mondays = BusinessCalendar(
        ...     "Europe/Rome", [WorkingHours(["mon"], time(9), time(17))]
        ... )
        >>> saturday = datetime(2026, 3, 28, 12, 0, tzinfo=ZoneInfo("UTC"))
        >>> mondays.next_working_moment(saturday).isoformat()
        '2026-03-30T07:00:00+00:00'
        """
        start = _utc(moment, "moment")
        piece = next(self._pieces(start), None)
        if piece is None:
            message = Phrase(
                "No working time after {moment} before year 10000.",
                moment=moment.isoformat(),
            )
            raise CalendarError(message, value=moment)
        return _like(piece[0], moment)

    def add(self, start: datetime, duration: timedelta, /) -> datetime:
        """Return when *duration* of working time has passed since *start*.

        Counting begins at :meth:`next_working_moment` of *start*, and the
        result is the earliest moment at which *duration* has been counted:
        a duration that ends with the working day is due at its end, not at
        the start of the next one. So a zero duration gives the next working
        moment, and ``working_time(start, add(start, duration)) == duration``
        always holds.

        Args:
            start: When counting starts, timezone-aware.
            duration: How much working time to count; not negative.

        Returns:
            The moment, in the time zone of *start*.

        Raises:
            CalendarError: *start* is naive, *duration* is negative, or the
                moment falls after the end of year 9999.

        >>> from datetime import datetime, time, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> office = BusinessCalendar(
        ...     "Europe/Rome",
        ...     [WorkingHours(["mon", "tue", "wed", "thu", "fri"], time(9), time(17))],
        ... )
        >>> friday = datetime(2026, 3, 27, 9, 0, tzinfo=ZoneInfo("Europe/Rome"))
        >>> office.add(friday, timedelta(hours=8)).isoformat()
        '2026-03-27T17:00:00+01:00'
        >>> office.add(friday, timedelta(hours=9)).isoformat()
        '2026-03-30T10:00:00+02:00'
        >>> office.add(datetime(2026, 3, 27, 9, 0), timedelta(hours=1))
        Traceback (most recent call last):
        ...
        escalation_matrix.exceptions.CalendarError: Expected a timezone-aware ...
        """
        moment = _utc(start, "start")
        _check_duration(duration)
        # Working time never runs faster than real time.
        if duration <= _MAX - moment:
            remaining = duration
            for begin, end in self._pieces(moment):
                if remaining <= end - begin:
                    return _like(begin + remaining, start)
                remaining -= end - begin
        # Translators: {duration} is written as in files ('1d4h').
        message = Phrase(
            "Counting {duration} of working time from {start} ends after year 9999.",
            duration=written_duration(duration),
            start=start.isoformat(),
        )
        raise CalendarError(message, value=duration)

    def working_time(self, start: datetime, end: datetime, /) -> timedelta:
        """Return how much working time passes from *start* to *end*.

        Args:
            start: The first moment counted, timezone-aware.
            end: The moment counting stops (not counted), timezone-aware.

        Returns:
            Real elapsed working time; zero if *end* is not after *start*.

        Raises:
            CalendarError: *start* or *end* is naive.

        >>> from datetime import datetime, time, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> rome = ZoneInfo("Europe/Rome")
        >>> always = BusinessCalendar(
        ...     "Europe/Rome", [WorkingHours(list(WEEKDAYS), time(0), time(0))]
        ... )
        >>> sunday = datetime(2026, 3, 29, tzinfo=rome)
        >>> always.working_time(sunday, sunday + timedelta(days=1))
        datetime.timedelta(seconds=82800)
        """
        since = _utc(start, "start")
        until = _utc(end, "end")
        total = _NO_TIME
        if until > since:
            for begin, finish in self._pieces(since):
                if begin >= until:
                    break
                total += min(finish, until) - begin
        return total

    # Working time as UTC intervals ----------------------------------------

    def _pieces(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield the working time from *moment* on, as UTC intervals in order.

        The intervals do not overlap; the first is cut to begin no earlier
        than *moment*. The iteration stops at the end of the datetime range.
        """
        # Only business-hours routing walks a calendar: loaded when it does.
        import heapq  # noqa: PLC0415

        # UTC offsets are less than a day, so a local day's moments lie
        # between a day before its date and a day after it, in UTC: the day
        # before moment's date in UTC is the first that can still matter,
        # and no day begins before the day preceding it.
        pending: list[tuple[datetime, datetime]] = []
        day = moment.date()
        if day > date.min:
            day -= _DAY
        while True:
            day_start = datetime.combine(day, time(), tzinfo=UTC)
            horizon = _shifted(day_start, -_DAY)
            while pending and pending[0][0] <= horizon:
                begin, end = heapq.heappop(pending)
                yield max(begin, moment), end
            for piece in self._day_pieces(day, day_start):
                if piece[1] > moment:
                    heapq.heappush(pending, piece)
            if day == date.max:
                break
            day += _DAY
        while pending:
            begin, end = heapq.heappop(pending)
            yield max(begin, moment), end

    def _day_pieces(
        self, day: date, day_start: datetime
    ) -> list[tuple[datetime, datetime]]:
        """The UTC intervals when the local clock shows working hours of *day*.

        *day_start* is the day's midnight taken as if it were UTC.
        """
        spans = self._week[day.weekday()]
        if not spans or day in self._days_off:
            return []
        pieces = []
        for since, until, offset in self._offsets(day_start):
            for start, end in spans:
                begin = max(_shifted(day_start, start - offset), since)
                finish = min(_shifted(day_start, end - offset), until)
                if begin < finish:
                    pieces.append((begin, finish))
        return pieces

    def _offsets(
        self, day_start: datetime
    ) -> list[tuple[datetime, datetime, timedelta]]:
        """The UTC offsets in force around one local day, with when they apply.

        Covers every moment whose local date can be the day: from a day
        before *day_start* to two days after it.
        """
        before = _shifted(day_start, -_DAY)
        after = _shifted(day_start, 2 * _DAY)
        first = self._offset(before)
        last = self._offset(after)
        if first == last:
            return [(_MIN, _MAX, first)]
        # The offset changes once in these three days: in the tz database no
        # zone changes its offset twice within four days. Find the change to
        # the second, as the database records it.
        while after - before > _SECOND:
            # At least a second forward, so the search always ends.
            middle = before + _SECOND * max((after - before) // _SECOND // 2, 1)
            if self._offset(middle) == first:
                before = middle
            else:
                after = middle
        return [(_MIN, after, first), (after, _MAX, last)]

    def _offset(self, moment: datetime) -> timedelta:
        """The UTC offset of the calendar's zone at the UTC *moment*."""
        try:
            local = moment.astimezone(self._zone)
        except OverflowError:
            # Within a day of the ends of the datetime range, where the local
            # time cannot be written; no zone changes its offset there.
            return self._zone.utcoffset(moment.replace(tzinfo=None)) or _NO_TIME
        return local.utcoffset() or _NO_TIME
