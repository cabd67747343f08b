"""Time zones of users' own that give no valid offset are refused with a problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import attrs
import pytest

import escalation_matrix as em
from escalation_matrix.exceptions import RoutingError, ValidationError


class OddZone(tzinfo):
    """A user's zone with no name and no daylight saving time."""

    def tzname(self, _: datetime | None) -> str | None:  # noqa: D102
        return None

    def dst(self, _: datetime | None) -> timedelta | None:  # noqa: D102
        return None


class NumberOffset(OddZone):
    """A zone whose offset is a number, not a timedelta."""

    def utcoffset(self, _: datetime | None) -> Any:  # noqa: D102
        return 5


class DayOffset(OddZone):
    """A zone whose offset is a day and an hour."""

    def utcoffset(self, _: datetime | None) -> timedelta:  # noqa: D102
        return timedelta(hours=25)


class FailingOffset(OddZone):
    """A zone that cannot give its offset."""

    def utcoffset(self, _: datetime | None) -> timedelta:  # noqa: D102
        message = "no offset known"
        raise ValueError(message)


ZONES = [
    (NumberOffset(), "tzinfo.utcoffset() must return None or timedelta, not 'int'"),
    (DayOffset(), "offset must be a timedelta strictly between"),
    (FailingOffset(), "no offset known"),
]


@pytest.mark.parametrize(("zone", "said"), ZONES)
def test_an_issue_opened_in_such_a_zone(zone: tzinfo, said: str) -> None:
    """The issue lists the problem of its opening, naming the zone."""
    with pytest.raises(ValidationError) as caught:
        em.Issue("performance_hiccups", datetime(2026, 1, 1, tzinfo=zone))
    (problem,) = caught.value.problems
    assert problem.path == "$.opened_at"
    assert problem.message.startswith(
        "must have a time zone that gives a valid UTC offset; its time zone "
        f"({type(zone).__name__}) gave: {said}"
    )


@pytest.mark.parametrize(("zone", "said"), ZONES)
@pytest.mark.parametrize(
    "call",
    [
        lambda issue, now: em.route(em.default_matrix(), issue, now=now),
        lambda issue, now: em.route_many(em.default_matrix(), [issue], now=now),
        lambda issue, now: list(em.iter_route(em.default_matrix(), [issue], now=now)),
    ],
)
def test_routing_at_a_moment_in_such_a_zone(
    call: Callable[[em.Issue, datetime], object], zone: tzinfo, said: str
) -> None:
    """Routing says what is wrong with the moment, as a routing error."""
    issue = em.Issue("performance_hiccups", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(RoutingError) as caught:
        call(issue, datetime(2026, 1, 2, tzinfo=zone))
    assert str(caught.value).startswith(
        "now must have a time zone that gives a valid UTC offset; its time zone "
        f"({type(zone).__name__}) gave: {said}"
    )


#: A value of no type the API takes, as a caller's mix-up gives.
NOTHING: Any = 5


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: em.apply_overlay(em.default_matrix(), NOTHING), "overlays[0]"),
        (
            lambda: em.apply_overlay(em.default_matrix(), em.default_matrix()),  # type: ignore[arg-type]
            "overlays[0]",
        ),
        (lambda: em.apply_overlay(NOTHING), "base"),
        (lambda: em.render(em.default_matrix(), matrix=NOTHING), "matrix"),
        (lambda: em.translate(em.default_matrix(), "it", strict=NOTHING), "strict"),
    ],
)
def test_arguments_of_the_wrong_type(call: Callable[[], object], argument: str) -> None:
    """Each says which argument is wrong, as a library error."""
    with pytest.raises(
        em.exceptions.WrongTypeError, match=rf"^{re.escape(argument)} must be"
    ):
        call()


class NoDaylightSaving(tzinfo):
    """A fixed offset whose dst() is None: Python cannot give local times in it."""

    def utcoffset(self, _: datetime | None) -> timedelta:  # noqa: D102
        return timedelta(hours=2)

    def dst(self, _: datetime | None) -> None:  # noqa: D102
        return None

    def tzname(self, _: datetime | None) -> str:  # noqa: D102
        return "X"


@pytest.mark.parametrize(
    "call",
    [
        lambda issue, now: em.route(em.default_matrix(), issue, now=now),
        lambda issue, now: em.route_many(em.default_matrix(), [issue], now=now),
        lambda issue, now: em.plan(em.default_matrix(), issue, now=now),
    ],
)
@pytest.mark.parametrize("later", [{}, {"acknowledged_at": 1}, {"resolved_at": 6}])
def test_an_opening_in_a_zone_without_local_times(
    call: Callable[[em.Issue, datetime], object], later: dict[str, int]
) -> None:
    """Routing says the zone cannot give the times it needs, as a routing error."""
    opened = datetime(2026, 1, 1, tzinfo=NoDaylightSaving())
    times = {name: opened + timedelta(hours=hours) for name, hours in later.items()}
    issue = em.Issue("performance_hiccups", opened, **times)  # type: ignore[arg-type]
    with pytest.raises(RoutingError, match=r"cannot be given in the time zone of the"):
        call(issue, opened + timedelta(hours=13))


@pytest.mark.parametrize(
    ("now", "delay"),
    [
        (datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5))), True),
        (datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))), True),
        (datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))), False),
    ],
)
def test_a_moment_outside_the_calendar(now: datetime, delay: bool) -> None:  # noqa: FBT001
    """A moment UTC cannot hold is a routing error, even for a level without delay."""
    matrix = em.default_matrix()
    if not delay:  # the first level never escalates: nothing else is worked out
        first = attrs.evolve(matrix.levels[0], delay=None)
        matrix = attrs.evolve(matrix, levels=[first, *matrix.levels[1:]])
    opened = datetime(1 if now.year == 1 else 9999, 1, 1, tzinfo=UTC)
    issue = em.Issue("performance_hiccups", opened)
    for call in (em.route, em.plan):
        with pytest.raises(RoutingError, match="must fall within years 1 to 9999"):
            call(matrix, issue, now=now)


class LooksAhead(tzinfo):
    """A zone whose rule looks a day ahead: near year 9999 it overflows."""

    def utcoffset(self, moment: datetime | None) -> timedelta:  # noqa: D102
        if moment is not None:
            moment + timedelta(days=1)
        return timedelta(hours=1)

    def dst(self, _: datetime | None) -> timedelta:  # noqa: D102
        return timedelta(0)

    def tzname(self, _: datetime | None) -> str:  # noqa: D102
        return "X"


@pytest.mark.parametrize("field", ["opened_at", "acknowledged_at", "resolved_at"])
def test_a_zone_overflowing_in_an_issue(field: str) -> None:
    """Its overflow is a problem of the time, at its path."""
    opened = datetime(9999, 12, 30, tzinfo=UTC)
    late = datetime(9999, 12, 31, tzinfo=LooksAhead())
    fields: dict[str, Any] = {"opened_at": opened, field: late}
    with pytest.raises(ValidationError) as caught:
        em.Issue("performance_hiccups", **fields)
    assert [problem.path for problem in caught.value.problems] == [f"$.{field}"]


@pytest.mark.parametrize(
    "call",
    [
        lambda issue, now: em.route(em.default_matrix(), issue, now=now),
        lambda issue, now: em.route_many(em.default_matrix(), [issue], now=now),
        lambda issue, now: em.plan(em.default_matrix(), issue, now=now),
    ],
)
def test_a_moment_in_a_zone_overflowing(
    call: Callable[[em.Issue, datetime], object],
) -> None:
    """Routing says the moment's zone gives no offset, as a routing error."""
    issue = em.Issue("performance_hiccups", datetime(9999, 12, 30, tzinfo=UTC))
    with pytest.raises(RoutingError, match="now must have a time zone that gives"):
        call(issue, datetime(9999, 12, 31, tzinfo=LooksAhead()))
