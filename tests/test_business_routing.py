"""Routing on business time: weekends, holidays, daylight saving time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import Action, Issue
from escalation_matrix.exceptions import RoutingError, ValidationError
from escalation_matrix.reasons import ReasonEscalated, ReasonHeld
from escalation_matrix.rules import During, Rule
from escalation_matrix.typing import Format

ROME = ZoneInfo("Europe/Rome")

# Mon-Fri 09:00-17:00 in Rome, 8 December off; 8 working hours at the first
# line, 4 at the second, both counted in working time.
MATRIX_TOML = """
schema_version = 1
key = "office"
title = "Office hours escalation"

[policy.calendar]
timezone = "Europe/Rome"
holidays = ["2026-12-08"]

[[policy.calendar.hours]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"

[[roles]]
key = "agent"
title = "Agent"

[[roles]]
key = "lead"
title = "Lead"

[[roles]]
key = "head"
title = "Head"

[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "First line"
delay = "8h"
business_time = true
escalate_while = "unacknowledged"

[[levels]]
key = "L2"
rank = 2
role = "lead"
name = "Second line"
delay = "4h"
business_time = true

[[levels]]
key = "L3"
rank = 3
role = "head"
name = "Management"

[[issue_types]]
key = "outage"
name = "Outage"
responsibilities = { L1 = "Restart.", L2 = "Find the cause.", L3 = "Tell customers." }
"""
MATRIX = em.loads(MATRIX_TOML, "toml")


def rome(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ROME)


@pytest.mark.parametrize(
    ("opened", "now", "level", "next_at"),
    [
        # Friday afternoon: 2 hours on Friday, 6 on Monday.
        (rome(2026, 11, 27, 15), rome(2026, 11, 27, 16), "L1", rome(2026, 11, 30, 15)),
        (rome(2026, 11, 27, 15), rome(2026, 11, 28, 12), "L1", rome(2026, 11, 30, 15)),
        (
            rome(2026, 11, 27, 15),
            rome(2026, 11, 30, 14, 59),
            "L1",
            rome(2026, 11, 30, 15),
        ),
        # Then 2 more hours on Monday and 2 on Tuesday at the second line.
        (rome(2026, 11, 27, 15), rome(2026, 11, 30, 15), "L2", rome(2026, 12, 1, 11)),
        (rome(2026, 11, 27, 15), rome(2026, 12, 1, 11), "L3", None),
        # Opened on Saturday: the clock starts on Monday at 09:00.
        (rome(2026, 11, 28, 10), rome(2026, 11, 30, 9), "L1", rome(2026, 11, 30, 17)),
        # Opened at night: the clock starts the next morning.
        (rome(2026, 11, 25, 22), rome(2026, 11, 26, 8), "L1", rome(2026, 11, 26, 17)),
        # The 8 December holiday is skipped.
        (rome(2026, 12, 7, 15), rome(2026, 12, 8, 12), "L1", rome(2026, 12, 9, 15)),
        # Spring forward (29 March 2026): still 8 working hours, 71 real ones.
        (rome(2026, 3, 27, 15), rome(2026, 3, 29, 12), "L1", rome(2026, 3, 30, 15)),
        # Fall back (25 October 2026).
        (rome(2026, 10, 23, 15), rome(2026, 10, 25, 12), "L1", rome(2026, 10, 26, 15)),
    ],
)
def test_business_time_decisions(
    opened: datetime, now: datetime, level: str, next_at: datetime | None
) -> None:
    """Delays count working hours only, in the calendar's time zone."""
    decision = em.route(MATRIX, Issue("outage", opened), now=now)
    assert decision.level.key == level
    assert decision.next_escalation_at == next_at


def test_spring_forward_counts_real_time() -> None:
    """Across the spring-forward weekend, the wall clock lost an hour."""
    opened = rome(2026, 3, 27, 15)
    decision = em.route(MATRIX, Issue("outage", opened), now=opened)
    assert decision.next_escalation_at is not None
    elapsed = decision.next_escalation_at.astimezone(UTC) - opened.astimezone(UTC)
    assert elapsed == timedelta(hours=71)
    assert decision.next_escalation_at.astimezone(UTC) == datetime(
        2026, 3, 30, 13, tzinfo=UTC
    )


def test_escalation_reason_says_business_time() -> None:
    """The reason records that the delay counted working hours."""
    decision = em.route(
        MATRIX, Issue("outage", rome(2026, 11, 27, 15)), now=rome(2026, 12, 1)
    )
    assert decision.reasons[1] == ReasonEscalated(
        rome(2026, 11, 30, 15),
        "L2",
        "L1",
        timedelta(hours=8),
        False,
        True,
        "unacknowledged",
    )


def test_acknowledged_on_business_time() -> None:
    """Acknowledging within the working hours stops the first line's escalation."""
    issue = Issue(
        "outage", rome(2026, 11, 27, 15), acknowledged_at=rome(2026, 11, 30, 10)
    )
    decision = em.route(MATRIX, issue, now=rome(2026, 12, 4))
    assert decision.level.key == "L1"
    assert decision.held == ReasonHeld(rome(2026, 11, 30, 10), "L1", "acknowledged")


def test_manual_move_restarts_business_clock() -> None:
    """After a manual escalation on Saturday, the delay starts on Monday morning."""
    issue = Issue(
        "outage",
        rome(2026, 11, 27, 15),
        actions=[Action.escalate(rome(2026, 11, 28, 10))],
    )
    decision = em.route(MATRIX, issue, now=rome(2026, 11, 28, 11))
    assert decision.level.key == "L2"
    assert decision.next_escalation_at == rome(2026, 11, 30, 13)


def test_since_opened_on_business_time() -> None:
    """since_opened delays count working hours from the opening."""
    text = MATRIX_TOML.replace('delay = "4h"', 'delay = "12h"').replace(
        "[policy.calendar]",
        '[policy]\ndelay_mode = "since_opened"\n\n[policy.calendar]',
    )
    matrix = em.loads(text, "toml")
    opened = rome(2026, 11, 27, 15)
    plan = em.plan(matrix, Issue("outage", opened))
    assert [(s.level.key, s.start) for s in plan.stages] == [
        ("L1", opened),
        ("L2", rome(2026, 11, 30, 15)),
        ("L3", rome(2026, 12, 1, 11)),
    ]


def test_plan_round_trip_with_calendar() -> None:
    """The matrix with its calendar round-trips through every format."""
    formats: tuple[Format, ...] = ("toml", "json", "yaml")
    for fmt in formats:
        assert em.loads(em.dumps(MATRIX, fmt), fmt) == MATRIX
    assert em.to_dict(MATRIX)["policy"]["calendar"]["holidays"] == ["2026-12-08"]


# Naive bounds, then set in Rome: opening times all over the DST year.
FIRST, LAST = datetime(2026, 3, 20), datetime(2026, 11, 10)  # noqa: DTZ001
weekdays_2026 = st.datetimes(min_value=FIRST, max_value=LAST).map(
    lambda naive: naive.replace(tzinfo=ROME)
)


@given(weekdays_2026, st.floats(min_value=0, max_value=200), st.floats(0, 1))
@example(datetime(2026, 10, 25, 2, 0, fold=1, tzinfo=ROME), 0.0, 1.0)  # repeated hour
def test_plan_agrees_with_route(opened: datetime, hours: float, acked: float) -> None:
    """At every moment, route agrees with the plan, on business time too."""
    # Elapsed time is added in UTC: wall-clock arithmetic in Rome would drop
    # the fold of an opening in the repeated hour and land an hour earlier.
    start = opened.astimezone(UTC)
    now = start + timedelta(hours=hours)
    acknowledged = None if acked < 0.5 else start + timedelta(hours=hours * acked)
    issue = Issue("outage", opened, acknowledged_at=acknowledged)
    decision = em.route(MATRIX, issue, now=now)
    stage = em.plan(MATRIX, issue, now=now).stage_at(now)
    assert (decision.level, decision.since, decision.next_escalation_at) == (
        stage.level,
        stage.start,
        stage.end,
    )


def test_during_rule() -> None:
    """A rule can route issues opened outside office hours differently."""
    office = MATRIX.policy.calendar
    assert office is not None
    night = Rule("out_of_hours", ~During(office), entry_level="L2")
    policy = em.Policy(calendar=office, rules=[night])
    matrix = em.Matrix(
        "m",
        "M",
        levels=MATRIX.levels,
        roles=MATRIX.roles,
        issue_types=MATRIX.issue_types,
        policy=policy,
    )
    assert (
        em.route(
            matrix, Issue("outage", rome(2026, 11, 27, 10)), now=rome(2026, 11, 27, 10)
        ).level.key
        == "L1"
    )
    assert (
        em.route(
            matrix, Issue("outage", rome(2026, 11, 27, 20)), now=rome(2026, 11, 27, 20)
        ).level.key
        == "L2"
    )
    assert em.loads(em.dumps(matrix, "toml"), "toml") == matrix
    data = em.to_dict(night)
    assert data["when"] == {"not": {"during": em.to_dict(office)}}


def test_during_rule_errors() -> None:
    """A bad calendar inside a rule is reported at its path in the file."""
    data = em.to_dict(MATRIX)
    data["policy"]["rules"] = [
        {
            "name": "r",
            "entry_level": "L2",
            "when": {"during": {"timezone": "Mars/Base", "hours": []}},
        }
    ]
    with pytest.raises(ValidationError) as info:
        em.from_dict(data)
    assert [p.path for p in info.value.problems] == [
        "$.policy.rules[0].when.during.timezone",
        "$.policy.rules[0].when.during.hours",
    ]
    with pytest.raises(ValidationError):
        During("Europe/Rome")  # type: ignore[arg-type]


def test_plain_delays_count_elapsed_time_across_dst() -> None:
    """A one-day delay is 24 real hours, even when the clock springs forward."""
    opened = rome(2026, 3, 28, 12)  # L1 4h, L2 8h: L3 from 00:00 on the 29th
    issue = Issue("performance_hiccups", opened)
    decision = em.route(em.default_matrix(), issue, now=rome(2026, 3, 30, 0, 30))
    assert decision.level.key == "L3"
    assert decision.since == rome(2026, 3, 29, 0)
    assert decision.next_escalation_at == rome(2026, 3, 30, 1)
    assert decision.next_escalation_at.tzinfo is ROME
    assert (
        em.route(em.default_matrix(), issue, now=rome(2026, 3, 30, 1)).level.key == "L4"
    )


def test_times_come_back_in_the_zone_of_the_opening() -> None:
    """Worked-out times are given in the zone the issue was opened in."""
    issue = Issue("performance_hiccups", rome(2026, 11, 27, 9))
    decision = em.route(
        em.default_matrix(), issue, now=datetime(2026, 11, 28, tzinfo=UTC)
    )
    assert decision.since.tzinfo is ROME
    assert all(reason.at.tzinfo is ROME for reason in decision.reasons)


def test_since_opened_cannot_mix_kinds_of_time() -> None:
    """since_opened delays in working hours and in real time have no order."""
    text = MATRIX_TOML.replace(
        'delay = "4h"\nbusiness_time = true', 'delay = "10h"'
    ).replace(
        "[policy.calendar]",
        '[policy]\ndelay_mode = "since_opened"\n\n[policy.calendar]',
    )
    with pytest.raises(ValidationError) as info:
        em.loads(text, "toml")
    assert [p.path for p in info.value.problems] == ["$.levels[1].business_time"]
    assert (
        "the same as $.levels[0].business_time (true)" in info.value.problems[0].message
    )


FIRST_0245 = datetime(2026, 10, 25, 2, 45, tzinfo=ROME)  # 00:45 UTC
SECOND_0215 = datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=ROME)  # 01:15 UTC


class TestClocksGoingBack:
    """On 25 October 2026 Rome's clocks show 02:00-03:00 twice."""

    def test_issue_order_checks_use_instants(self) -> None:
        """02:15 the second time is after 02:45 the first time."""
        Issue("performance_hiccups", FIRST_0245, acknowledged_at=SECOND_0215)
        with pytest.raises(ValidationError, match="acknowledged_at"):
            Issue("performance_hiccups", SECOND_0215, acknowledged_at=FIRST_0245)

    def test_plan_and_route_accept_the_later_moment(self) -> None:
        """Planning at the later moment works, as routing does."""
        issue = Issue("performance_hiccups", FIRST_0245)
        matrix = em.default_matrix()
        stage = em.plan(matrix, issue, now=SECOND_0215).stage_at(SECOND_0215)
        assert stage.level == em.route(matrix, issue, now=SECOND_0215).level

    def test_resolved_agrees_with_its_reason(self) -> None:
        """Resolved at 02:50 the first time is before 02:15 the second time."""
        issue = Issue(
            "performance_hiccups",
            FIRST_0245,
            resolved_at=datetime(2026, 10, 25, 2, 50, tzinfo=ROME),
        )
        decision = em.route(em.default_matrix(), issue, now=SECOND_0215)
        assert decision.resolved is True
        assert decision.held is not None
        assert decision.held.cause == "resolved"

    def test_stage_at_agrees_with_route(self) -> None:
        """A plan's stage at a moment of the repeated hour matches the route."""
        matrix = em.default_matrix()
        plan = em.plan(
            matrix,
            Issue("performance_hiccups", datetime(2026, 10, 24, 23, 0, tzinfo=ROME)),
        )
        moment = datetime(2026, 10, 25, 2, 30, tzinfo=ROME)  # 00:30 UTC
        assert (
            plan.stage_at(moment).level
            == em.route(matrix, plan.issue, now=moment).level
        )
        assert moment in plan.stage_at(moment)

    def test_naive_moments_are_refused(self) -> None:
        """A plan is asked about aware moments only."""
        plan = em.plan(em.default_matrix(), Issue("performance_hiccups", FIRST_0245))
        with pytest.raises(RoutingError, match="timezone-aware"):
            plan.stage_at(datetime(2026, 10, 25, 3))  # noqa: DTZ001
