"""Time zones of users' own that give no valid offset are refused with a problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

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
