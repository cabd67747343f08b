"""Timing policies: repeats, a first wait, resolution at the end, acknowledgements."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import escalation_matrix as em
from escalation_matrix import (
    Action,
    FirstWait,
    Issue,
    IssueType,
    Level,
    Matrix,
    Policy,
    Repeat,
    Role,
    plan,
    route,
)
from escalation_matrix._model.matrix import EscalateWhile
from escalation_matrix._routing.explain import display_names, render_reason
from escalation_matrix._routing.names import level_names
from escalation_matrix._routing.router import fingerprint
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import RoutingError, ValidationError
from escalation_matrix.reasons import (
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
    ReasonRepeated,
)
from escalation_matrix.schema import MAX_REPEATS, json_schema
from tests.helpers import explain

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return OPENED + timedelta(minutes=minutes)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def on_call(
    *,
    delays: tuple[int | None, ...] = (10, 20, 30),
    escalate_while: str = "unacknowledged",
    **policy: Any,
) -> Matrix:
    """A three-level on-call matrix; *policy* gives the policy's fields."""
    keys = [f"L{n}" for n in range(1, len(delays) + 1)]
    levels = [
        Level(
            key,
            rank,
            f"role{rank}",
            f"Level {rank}",
            delay=None if delay is None else minutes(delay),
            escalate_while=escalate_while,  # type: ignore[arg-type]
        )
        for rank, (key, delay) in enumerate(zip(keys, delays, strict=True), start=1)
    ]
    roles = [Role(f"role{rank}", f"Role {rank}") for rank in range(1, len(keys) + 1)]
    texts = {key: f"Act at {key}." for key in keys}
    return Matrix(
        "on_call",
        "On call",
        levels=levels,
        roles=roles,
        issue_types=[IssueType("page", "Page", texts)],
        policy=Policy(**policy),
    )


def page(**changes: Any) -> Issue:
    return Issue("page", OPENED, **changes)


def timeline(result: em.Plan) -> list[tuple[str, datetime, datetime | None, int]]:
    """Each stage as (level, start, when its role is notified, round)."""
    return [(s.level.key, s.start, s.notify_at, s.cycle) for s in result.stages]


class TestModel:
    def test_repeat_fields(self) -> None:
        """A repeat keeps its fields and reads written durations."""
        repeat = Repeat(2, "30m", from_level="L2", reset_acknowledgement=True)
        assert (repeat.times, repeat.wait, repeat.from_level) == (2, minutes(30), "L2")
        assert repeat.reset_acknowledgement
        assert Repeat(1, "0s").wait == timedelta(0)
        assert repr(repeat) == "<Repeat 2x wait=30m from L2>"
        level = on_call().level("L2")
        assert Repeat(1, minutes(5), from_level=level).from_level == "L2"

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (lambda: Repeat(0, minutes(1)), ["$.times: must be from 1 to 100, got 0"]),
            (
                lambda: Repeat(MAX_REPEATS + 1, minutes(1)),
                ["$.times: must be from 1 to 100, got 101"],
            ),
            (
                lambda: Repeat(True, minutes(1)),
                ["$.times: must be an integer, got true"],
            ),
            (
                lambda: Repeat(1, timedelta(minutes=-1)),
                ["$.wait: must be longer than zero, got '-1m'"],
            ),
            (
                lambda: Repeat(1, "soon"),
                [
                    "$.wait: expected a duration such as '30m', '1h 30m', '1d12h' "
                    "or 'PT1H30M', got 'soon'"
                ],
            ),
            (
                lambda: Repeat(1, None),
                [
                    "$.wait: expected a duration such as '30m', '1h 30m', '1d12h' or "
                    "'PT1H30M' (or a timedelta), got null"
                ],
            ),
            (
                lambda: Repeat(1, minutes(1), from_level="L 2"),
                [
                    "$.from_level: must be a 'L1'-style or lowercase snake_case "
                    "ASCII key of at most 64 characters, got 'L 2'"
                ],
            ),
            (
                lambda: Repeat(1, minutes(1), reset_acknowledgement="yes"),  # type: ignore[arg-type]
                ["$.reset_acknowledgement: must be true or false, got 'yes'"],
            ),
        ],
    )
    def test_invalid_repeats(self, build: Any, expected: list[str]) -> None:
        """A bad repeat says which field is wrong and how."""
        with pytest.raises(ValidationError) as info:
            build()
        assert expected == [str(problem) for problem in info.value.problems]

    def test_first_wait(self) -> None:
        """A policy takes a first wait, or a duration for one ended by resolution."""
        assert Policy(first_wait="5m").first_wait == FirstWait(minutes(5))
        assert Policy(first_wait=minutes(5)).first_wait == FirstWait("5m", "unresolved")
        wait = FirstWait("5m", "unacknowledged")
        assert repr(wait) == "<FirstWait 5m while unacknowledged>"
        with pytest.raises(ValidationError) as info:
            FirstWait("0s", "never")  # type: ignore[arg-type]
        assert [str(p) for p in info.value.problems] == [
            "$.delay: must be longer than zero, got '0s'",
            "$.escalate_while: must be one of 'unacknowledged', 'unresolved', "
            "got 'never'",
        ]
        with pytest.raises(ValidationError, match="expected a duration"):
            FirstWait(None)

    def test_policy_fields_checked(self) -> None:
        """The policy refuses wrong kinds of repeat, first wait and end."""
        with pytest.raises(ValidationError) as info:
            Policy(first_wait=3, repeat=2, at_end="close")  # type: ignore[arg-type]
        assert [str(p) for p in info.value.problems] == [
            "$.at_end: must be one of 'hold', 'resolve', got 'close'",
            "$.first_wait: must be a FirstWait, a duration or None, got 3",
            "$.repeat: must be a Repeat or None, got 2",
        ]

    def test_repeat_from_an_unknown_level(self) -> None:
        """The level a repeat starts from must be one of the matrix's."""
        with pytest.raises(ValidationError) as info:
            on_call(repeat=Repeat(1, minutes(5), from_level="L9"))
        assert [str(p) for p in info.value.problems] == [
            "$.policy.repeat.from_level: unknown level 'L9'; known level keys: L1, L2, L3"
        ]

    def test_first_wait_shorter_than_delays_since_opening(self) -> None:
        """Delays since opening count from a round's start, after the first wait."""
        with pytest.raises(ValidationError) as info:
            on_call(delays=(10, 20, None), delay_mode="since_opened", first_wait="10m")
        assert [str(p) for p in info.value.problems] == [
            "$.policy.first_wait.delay: must be shorter than $.levels[0].delay "
            "('10m') because delay_mode is 'since_opened', got '10m'"
        ]
        # Per level, the first level's delay counts from its notification.
        assert on_call(delays=(10, 20, None), first_wait="10m").policy.first_wait

    def test_acknowledge_action(self) -> None:
        """Action.acknowledge records an acknowledgement, without a level."""
        action = Action.acknowledge(at(5), "seen")
        assert (action.kind, action.at, action.reason, action.level) == (
            "acknowledge",
            at(5),
            "seen",
            None,
        )
        with pytest.raises(ValidationError, match="only for 'jump'"):
            Action("acknowledge", at(5), level="L2")
        with pytest.raises(ValidationError, match="must not be after resolved_at"):
            page(resolved_at=at(1), actions=[Action.acknowledge(at(2))])

    def test_renaming_a_level_renames_the_repeat_start(self) -> None:
        """The builder renames the level a repeat starts from."""
        matrix = on_call(repeat=Repeat(1, minutes(5), from_level="L2"))
        renamed = em.MatrixBuilder.from_matrix(matrix).rename_level("L2", "second")
        repeat = renamed.build().policy.repeat
        assert repeat is not None
        assert repeat.from_level == "second"

    def test_fingerprint_kept_without_the_new_fields(self) -> None:
        """Matrices without the new fields keep the fingerprint they had."""
        plain = em.default_matrix()
        assert route(plain, Issue("performance_hiccups", OPENED)).fingerprint == (
            "9309c94e7b2afe0c"
        )
        repeated = attrs.evolve(
            plain, policy=attrs.evolve(plain.policy, repeat=Repeat(1, minutes(5)))
        )
        assert fingerprint(repeated) != "9309c94e7b2afe0c"


class TestFileFormat:
    TOML = """
schema_version = 1
key = "on_call"
title = "On call"
[policy]
at_end = "resolve"
first_wait = "5m"
[policy.repeat]
times = 2
wait = "0s"
from_level = "L2"
reset_acknowledgement = true
[[roles]]
key = "agent"
title = "Agent"
[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "One"
delay = "10m"
[[levels]]
key = "L2"
rank = 2
role = "agent"
name = "Two"
"""

    def test_read(self) -> None:
        """The policy's timing fields are read from a file."""
        policy = em.loads(self.TOML, "toml").policy
        assert policy.first_wait == FirstWait(minutes(5))
        assert policy.repeat == Repeat(
            2, timedelta(0), "L2", reset_acknowledgement=True
        )
        assert policy.at_end == "resolve"

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, fmt: Literal["toml", "json", "yaml"]) -> None:
        """Every format writes the timing fields and reads them back equal."""
        matrix = em.loads(self.TOML, "toml")
        assert em.loads(em.dumps(matrix, fmt), fmt) == matrix

    def test_canonical_form(self) -> None:
        """Writers give the first wait as a table and leave defaults out."""
        matrix = em.loads(self.TOML, "toml")
        assert em.to_dict(matrix)["policy"] == {
            "first_wait": {"delay": "5m"},
            "repeat": {
                "times": 2,
                "wait": "0s",
                "from_level": "L2",
                "reset_acknowledgement": True,
            },
            "at_end": "resolve",
        }
        plain = on_call(
            repeat=Repeat(1, minutes(30)), first_wait=FirstWait("1m", "unacknowledged")
        )
        policy = em.to_dict(plain)["policy"]
        assert policy["repeat"] == {"times": 1, "wait": "30m"}
        assert policy["first_wait"] == {
            "delay": "1m",
            "escalate_while": "unacknowledged",
        }
        assert "at_end" not in policy
        assert "repeat" not in em.to_dict(on_call()).get("policy", {})

    def test_problems_have_paths(self) -> None:
        """Bad timing fields are reported together, each with its path."""
        broken = (
            self.TOML.replace("times = 2", "times = 0")
            .replace('\nwait = "0s"', '\nwait = "soon"')
            .replace('"5m"', '"0s"')
            .replace('at_end = "resolve"', 'at_end = "close"')
        )
        with pytest.raises(ValidationError) as info:
            em.loads(broken, "toml")
        assert [str(p) for p in info.value.problems] == [
            "$.policy.at_end: must be one of 'hold', 'resolve', got 'close'",
            "$.policy.first_wait: must be longer than zero, got '0s'",
            "$.policy.repeat.times: must be from 1 to 100, got 0",
            "$.policy.repeat.wait: expected a duration such as '30m', '1h 30m', "
            "'1d12h' or 'PT1H30M', got 'soon'",
        ]

    def test_repeat_needs_times_and_wait(self) -> None:
        """A repeat without its count or wait is refused."""
        broken = self.TOML.replace("times = 2\n", "").replace('wait = "0s"\n', "")
        with pytest.raises(ValidationError) as info:
            em.loads(broken, "toml")
        assert [str(p) for p in info.value.problems] == [
            "$.policy.repeat.times: missing required field",
            "$.policy.repeat.wait: missing required field",
        ]

    def test_json_schema(self) -> None:
        """The JSON Schema accepts the timing fields and their shapes only."""
        validator = Draft202012Validator(json_schema())
        data = em.to_dict(em.loads(self.TOML, "toml"))
        assert list(validator.iter_errors(data)) == []
        data["policy"]["first_wait"] = "5m"
        assert list(validator.iter_errors(data)) == []
        for change in (
            {"repeat": {"times": 0, "wait": "1m"}},
            {"repeat": {"times": 1}},
            {"repeat": {"times": 1, "wait": "1m", "after": "L1"}},
            {"first_wait": "0s"},
            {"first_wait": {"delay": "1m", "escalate_while": "sometimes"}},
            {"at_end": "close"},
        ):
            broken = {**data, "policy": {**data["policy"], **change}}
            assert list(validator.iter_errors(broken)), change

    def test_overlay(self) -> None:
        """An overlay sets the timing fields, and writes them back as read."""
        overlay = em.loads(
            """
schema_version = 1
overlay = "loop"
[policy]
first_wait = "2m"
at_end = "resolve"
[policy.repeat]
times = 3
wait = "15m"
""",
            "toml",
            em.Overlay,
        )
        matrix = em.apply_overlay(on_call(), overlay)
        assert matrix.policy.repeat == Repeat(3, minutes(15))
        assert matrix.policy.first_wait == FirstWait(minutes(2))
        assert matrix.policy.at_end == "resolve"
        assert em.to_dict(overlay)["policy"] == {
            "first_wait": {"delay": "2m"},
            "at_end": "resolve",
            "repeat": {"times": 3, "wait": "15m"},
        }
        assert em.loads(em.dumps(overlay, "json"), "json", em.Overlay) == overlay

    def test_parts_on_their_own(self) -> None:
        """A repeat and a first wait convert to and from data on their own."""
        repeat = Repeat(2, minutes(5), "L3")
        assert em.to_dict(repeat) == {"times": 2, "wait": "5m", "from_level": "L3"}
        assert em.from_dict(em.to_dict(repeat), Repeat) == repeat
        wait = FirstWait(minutes(5), "unacknowledged")
        assert em.from_dict(em.to_dict(wait), FirstWait) == wait


class TestRepeat:
    def test_like_pagerduty_loops(self) -> None:
        """Per-level delays with a repeat notify rule i at c*P + sum of delays before it."""
        matrix = on_call(repeat=Repeat(2, minutes(30)))
        result = plan(matrix, page())
        assert timeline(result) == [
            ("L1", at(0), at(0), 1),
            ("L2", at(10), at(10), 1),
            ("L3", at(30), at(30), 1),
            ("L1", at(60), at(60), 2),
            ("L2", at(70), at(70), 2),
            ("L3", at(90), at(90), 2),
            ("L1", at(120), at(120), 3),
            ("L2", at(130), at(130), 3),
            ("L3", at(150), at(150), 3),
        ]
        assert result.held == ReasonHeld(at(150), "L3", "repeats_done")
        assert result.stages[3].reason == ReasonRepeated(
            at(60), "L1", "L3", 2, 3, minutes(30)
        )

    def test_from_a_level(self) -> None:
        """Later rounds start at the first level of the path at or above from_level."""
        matrix = on_call(repeat=Repeat(1, timedelta(0), from_level="L2"))
        result = plan(matrix, page())
        assert [(s.level.key, s.start) for s in result.stages] == [
            ("L1", at(0)),
            ("L2", at(10)),
            ("L3", at(30)),
            ("L2", at(30)),
            ("L3", at(50)),
        ]

    def test_from_a_skipped_level(self) -> None:
        """A skipped restart level gives way to the next level of the path."""
        severity = em.Severity("sev1", "Sev 1", skip_levels=("L2",))
        matrix = on_call(
            repeat=Repeat(1, minutes(5), from_level="L2"), severities=[severity]
        )
        result = plan(matrix, page(severity="sev1"))
        assert [(s.level.key, s.start) for s in result.stages] == [
            ("L1", at(0)),
            ("L3", at(10)),
            ("L3", at(15)),
        ]

    def test_restart_level_above_the_cap(self) -> None:
        """A restart level the issue never reaches starts rounds where it entered."""
        severity = em.Severity("minor", "Minor", max_level="L2")
        matrix = on_call(
            repeat=Repeat(1, minutes(5), from_level="L3"), severities=[severity]
        )
        result = plan(matrix, page(severity="minor"))
        assert [(s.level.key, s.start) for s in result.stages] == [
            ("L1", at(0)),
            ("L2", at(10)),
            ("L1", at(15)),
            ("L2", at(25)),
        ]

    def test_a_level_without_delay_ends_no_round(self) -> None:
        """A level without delay holds the issue: no new round follows."""
        matrix = on_call(delays=(10, None, 30), repeat=Repeat(2, minutes(5)))
        result = plan(matrix, page())
        assert [s.level.key for s in result.stages] == ["L1", "L2"]
        assert result.held.cause == "no_delay"

    def test_since_opened_counts_from_the_round(self) -> None:
        """Delays since opening count from the start of each round."""
        matrix = on_call(
            delays=(10, 20, None),
            delay_mode="since_opened",
            repeat=Repeat(1, minutes(5)),
        )
        result = plan(matrix, page())
        assert [(s.level.key, s.start) for s in result.stages] == [
            ("L1", at(0)),
            ("L2", at(10)),
            ("L3", at(20)),
            ("L1", at(25)),
            ("L2", at(35)),
            ("L3", at(45)),
        ]
        escalated = result.stages[4].reason
        assert isinstance(escalated, ReasonEscalated)
        assert (escalated.cycle, escalated.counted_from) == (2, None)

    def test_route_names_the_next_round(self) -> None:
        """At the last level, the next escalation is the new round's first level."""
        matrix = on_call(repeat=Repeat(1, minutes(30)))
        decision = route(matrix, page(), now=at(40))
        assert decision.level.key == "L3"
        assert decision.next_escalation_at == at(60)
        assert decision.next_level is not None
        assert decision.next_level.key == "L1"
        assert decision.held is None
        later = route(matrix, page(), now=at(70))
        assert (later.level.key, later.cycle, later.since) == ("L2", 2, at(70))
        assert route(matrix, page(), now=at(200)).held == ReasonHeld(
            at(90), "L3", "repeats_done"
        )

    def test_acknowledged_without_reset(self) -> None:
        """Without a reset, an acknowledgement stops the rounds too."""
        matrix = on_call(repeat=Repeat(2, minutes(30)))
        result = plan(matrix, page(acknowledged_at=at(35)))
        assert [s.level.key for s in result.stages] == ["L1", "L2", "L3"]
        assert result.held == ReasonHeld(at(35), "L3", "acknowledged")

    def test_unresolved_last_level_repeats_after_acknowledgement(self) -> None:
        """The last level's stop condition governs whether a new round starts."""
        matrix = on_call(escalate_while="unresolved", repeat=Repeat(1, minutes(30)))
        result = plan(matrix, page(acknowledged_at=at(5)))
        assert len(result.stages) == 6
        assert result.held.cause == "repeats_done"

    def test_reset_waits_for_the_end_of_the_round(self) -> None:
        """With a reset, an acknowledged issue waits until its round would end."""
        matrix = on_call(repeat=Repeat(2, minutes(30), reset_acknowledgement=True))
        acknowledged = page(acknowledged_at=at(15))
        result = plan(matrix, acknowledged)
        # Held at L2 from the acknowledgement; the round would have ended when
        # L3 was notified (at 30) plus the wait.
        assert [(s.level.key, s.start, s.cycle) for s in result.stages[:3]] == [
            ("L1", at(0), 1),
            ("L2", at(10), 1),
            ("L1", at(60), 2),
        ]
        assert result.stages[2].reason == ReasonRepeated(
            at(60), "L1", "L2", 2, 3, minutes(30), acknowledged_at=at(15)
        )
        assert result.held == ReasonHeld(at(150), "L3", "repeats_done")
        waiting = route(matrix, acknowledged, now=at(20))
        assert (waiting.level.key, waiting.next_escalation_at) == ("L2", at(60))
        assert waiting.next_level is not None
        assert waiting.next_level.key == "L1"

    def test_acknowledging_again_after_a_reset(self) -> None:
        """Action.acknowledge holds the issue again in a later round."""
        matrix = on_call(repeat=Repeat(2, minutes(30), reset_acknowledgement=True))
        issue = page(acknowledged_at=at(15), actions=[Action.acknowledge(at(65))])
        result = plan(matrix, issue)
        assert [(s.level.key, s.start, s.cycle) for s in result.stages] == [
            ("L1", at(0), 1),
            ("L2", at(10), 1),
            ("L1", at(60), 2),
            ("L1", at(120), 3),
            ("L2", at(130), 3),
            ("L3", at(150), 3),
        ]
        assert result.stages[3].reason == ReasonRepeated(
            at(120), "L1", "L1", 3, 3, minutes(30), acknowledged_at=at(65)
        )

    def test_acknowledge_action_without_repeat(self) -> None:
        """An acknowledge action alone acknowledges the issue."""
        matrix = on_call()
        result = plan(matrix, page(actions=[Action.acknowledge(at(12), "on it")]))
        assert result.held == ReasonHeld(at(12), "L2", "acknowledged")
        assert [s.reason.kind for s in result.stages] == ["entered", "escalated"]

    def test_acknowledgement_in_the_last_round(self) -> None:
        """In the last round, a reset acknowledgement holds the issue for good."""
        matrix = on_call(repeat=Repeat(1, minutes(30), reset_acknowledgement=True))
        result = plan(matrix, page(actions=[Action.acknowledge(at(65))]))
        assert result.held == ReasonHeld(at(65), "L1", "acknowledged")

    def test_resolution_ends_the_rounds(self) -> None:
        """Resolution stops escalation whatever the repeat."""
        matrix = on_call(repeat=Repeat(2, minutes(30), reset_acknowledgement=True))
        issue = page(acknowledged_at=at(15), resolved_at=at(50))
        result = plan(matrix, issue)
        assert result.held == ReasonHeld(at(50), "L2", "resolved")

    def test_manual_moves_stay_in_the_round(self) -> None:
        """A move to the last level ends the round from that notification."""
        matrix = on_call(repeat=Repeat(1, minutes(30)))
        result = plan(matrix, page(actions=[Action.jump(at(2), "L3", "fire")]))
        assert [(s.level.key, s.start, s.cycle) for s in result.stages] == [
            ("L1", at(0), 1),
            ("L3", at(2), 1),
            ("L1", at(32), 2),
            ("L2", at(42), 2),
            ("L3", at(62), 2),
        ]
        assert isinstance(result.stages[1].reason, ReasonMoved)

    @pytest.mark.parametrize(
        ("delays", "skipped", "cause"),
        [
            ((10, 20, 30), (), "top"),
            ((10, 20, 30), ("L2", "L3"), "cap"),
            ((None, 20, 30), ("L2", "L3"), "no_delay"),
        ],
    )
    def test_hold_causes_without_repeat(
        self, delays: tuple[int | None, ...], skipped: tuple[str, ...], cause: str
    ) -> None:
        """Without a repeat, escalation stops for the same causes as before."""
        severity = em.Severity("sev", "Sev", skip_levels=skipped)
        for matrix in (
            on_call(delays=delays, severities=[severity]),
            on_call(delays=delays, severities=[severity], first_wait="1m"),
        ):
            assert plan(matrix, page(severity="sev")).held.cause == cause

    def test_business_time_in_every_round(self) -> None:
        """Delays in working hours count in each round, from its own start."""
        office = BusinessCalendar(
            "UTC",
            [WorkingHours(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))],
        )
        plain = on_call(delays=(600, 30, None), repeat=Repeat(1, "1h"), calendar=office)
        levels = [attrs.evolve(plain.levels[0], business_time=True), *plain.levels[1:]]
        matrix = attrs.evolve(plain, levels=levels)
        # Opened on a Friday at 9:00: ten working hours end on Monday at 11:00.
        monday, tuesday = at(3 * 24 * 60), at(4 * 24 * 60)
        assert [(s.level.key, s.start) for s in plan(matrix, page()).stages] == [
            ("L1", at(0)),
            ("L2", monday + minutes(120)),
            ("L3", monday + minutes(150)),
            ("L1", monday + minutes(210)),
            ("L2", tuesday + minutes(330)),
            ("L3", tuesday + minutes(360)),
        ]
        decision = route(matrix, page(), now=monday + minutes(200))
        assert (decision.level.key, decision.next_escalation_at) == (
            "L3",
            monday + minutes(210),
        )

    def test_rounds_past_year_9999(self) -> None:
        """Rounds that would run past year 9999 route until then, by replay."""
        ten_years = 3650 * 24 * 60
        matrix = on_call(delays=(ten_years,) * 8, repeat=Repeat(MAX_REPEATS, "3650d"))
        decision = route(matrix, page(), now=at(ten_years + 1))
        assert (decision.level.key, decision.cycle) == ("L2", 1)
        with pytest.raises(RoutingError, match="after year 9999"):
            plan(matrix, page())

    def test_plans_stay_finite(self) -> None:
        """The longest repeat with no wait gives a plan of every round."""
        matrix = on_call(delays=(1, None, None)[:1], repeat=Repeat(MAX_REPEATS, "0s"))
        result = plan(matrix, page())
        assert len(result.stages) == MAX_REPEATS + 1
        assert result.stages[-1].cycle == MAX_REPEATS + 1


class TestFirstWait:
    def test_notified_after_the_wait(self) -> None:
        """The first level is reached at once and notified after the wait."""
        matrix = on_call(first_wait="5m")
        result = plan(matrix, page())
        assert timeline(result)[:2] == [
            ("L1", at(0), at(5), 1),
            ("L2", at(15), at(15), 1),
        ]
        entered = result.stages[0].reason
        assert isinstance(entered, ReasonEntered)
        assert entered.first_wait == minutes(5)
        decision = route(matrix, page(), now=at(1))
        assert (decision.since, decision.notify_at) == (at(0), at(5))

    def test_across_a_clock_change(self) -> None:
        """The wait counts elapsed time where the clocks change."""
        rome = ZoneInfo("Europe/Rome")
        # Summer time starts in Rome at 2:00 on 29 March 2026.
        opened = datetime(2026, 3, 29, 1, 58, tzinfo=rome)
        issue = Issue("page", opened)
        decision = route(on_call(first_wait="5m"), issue, now=opened)
        assert decision.notify_at == opened.astimezone(UTC) + minutes(5)
        assert decision.notify_at is not None
        assert decision.notify_at.utcoffset() == timedelta(hours=2)
        sentence = explain(decision, "it")[0]
        assert sentence.endswith("il giorno 29 mar 2026 alle 03:03.")

    def test_each_round_waits_again(self) -> None:
        """A round that starts at the entry level waits again; one from above does not."""
        matrix = on_call(first_wait="5m", repeat=Repeat(1, minutes(10)))
        assert timeline(plan(matrix, page()))[3] == ("L1", at(45), at(50), 2)
        from_two = on_call(
            first_wait="5m", repeat=Repeat(1, minutes(10), from_level="L2")
        )
        assert timeline(plan(from_two, page()))[3] == ("L2", at(45), at(45), 2)

    def test_since_opened(self) -> None:
        """Delays since opening count from the round's start, not the notification."""
        matrix = on_call(
            delays=(10, 20, None), delay_mode="since_opened", first_wait="5m"
        )
        assert timeline(plan(matrix, page())) == [
            ("L1", at(0), at(5), 1),
            ("L2", at(10), at(10), 1),
            ("L3", at(20), at(20), 1),
        ]

    def test_acknowledged_during_the_wait(self) -> None:
        """A wait ended by acknowledgement notifies nobody."""
        matrix = on_call(first_wait=FirstWait("5m", "unacknowledged"))
        result = plan(matrix, page(acknowledged_at=at(2)))
        assert timeline(result) == [("L1", at(0), None, 1)]
        assert result.held == ReasonHeld(at(2), "L1", "unnotified")
        assert route(matrix, page(acknowledged_at=at(2)), now=at(3)).notify_at is None

    def test_acknowledgement_does_not_end_an_unresolved_wait(self) -> None:
        """A wait ended by resolution only still notifies an acknowledged issue."""
        matrix = on_call(first_wait="5m")
        result = plan(matrix, page(acknowledged_at=at(2)))
        assert timeline(result) == [("L1", at(0), at(5), 1)]
        assert result.held == ReasonHeld(at(2), "L1", "acknowledged")

    def test_resolved_during_the_wait(self) -> None:
        """An issue resolved during the wait notifies nobody."""
        matrix = on_call(first_wait="5m")
        result = plan(matrix, page(resolved_at=at(3)))
        assert timeline(result) == [("L1", at(0), None, 1)]
        assert result.held.cause == "resolved"

    def test_moved_during_the_wait(self) -> None:
        """An issue moved on during the wait never notifies the first level."""
        matrix = on_call(first_wait="5m")
        result = plan(matrix, page(actions=[Action.escalate(at(1))]))
        assert timeline(result)[:2] == [
            ("L1", at(0), None, 1),
            ("L2", at(1), at(1), 1),
        ]

    def test_reset_after_an_acknowledgement_in_the_wait(self) -> None:
        """With a reset, an issue acknowledged during the wait waits for the next round."""
        matrix = on_call(
            first_wait=FirstWait("5m", "unacknowledged"),
            repeat=Repeat(1, minutes(10), reset_acknowledgement=True),
        )
        result = plan(matrix, page(acknowledged_at=at(2)))
        assert timeline(result)[:2] == [
            ("L1", at(0), None, 1),
            ("L1", at(45), at(50), 2),
        ]


class TestAtEnd:
    def test_resolved_when_the_last_delay_runs_out(self) -> None:
        """The policy resolves the issue once the last level's delay runs out."""
        matrix = on_call(at_end="resolve")
        result = plan(matrix, page())
        assert result.held == ReasonHeld(at(60), "L3", "closed")
        assert route(matrix, page(), now=at(60)).resolved
        before = route(matrix, page(), now=at(59))
        assert not before.resolved
        assert before.held == ReasonHeld(at(30), "L3", "top")
        # The resolution to come is the decision's next change.
        assert before.next_escalation_at == at(60)
        assert before.next_level is None

    def test_resolved_at_the_notification_without_delay(self) -> None:
        """A last level without delay is resolved as soon as it is notified."""
        matrix = on_call(
            delays=(10, 20, None), at_end="resolve", repeat=Repeat(1, minutes(5))
        )
        result = plan(matrix, page())
        assert result.held == ReasonHeld(at(65), "L3", "closed")
        assert [s.cycle for s in result.stages] == [1, 1, 1, 2, 2, 2]

    def test_acknowledgement_stops_the_resolution(self) -> None:
        """An acknowledged issue is not resolved by the policy, as escalation stopped."""
        matrix = on_call(at_end="resolve")
        assert plan(matrix, page(acknowledged_at=at(40))).held.cause == "acknowledged"

    def test_reset_holds_until_the_resolution(self) -> None:
        """With a reset, an acknowledged issue in the last round is resolved on time."""
        matrix = on_call(
            at_end="resolve", repeat=Repeat(1, minutes(5), reset_acknowledgement=True)
        )
        issue = page(actions=[Action.acknowledge(at(40))])
        assert plan(matrix, issue).held == ReasonHeld(at(95), "L1", "closed")
        assert route(matrix, issue, now=at(50)).held == ReasonHeld(
            at(40), "L1", "acknowledged"
        )

    def test_closed_decision_read_back(self) -> None:
        """A decision the policy resolved reads back resolved."""
        matrix = on_call(at_end="resolve")
        decision = route(matrix, page(), now=at(61))
        data = em.to_dict(decision)
        assert data["resolved"] is True
        assert em.from_dict(data, em.Decision) == decision
        assert em.from_dict(data, em.Decision).resolved
        assert pickle.loads(pickle.dumps(decision)).resolved  # noqa: S301


class TestPayloads:
    def test_plan_round_trip(self) -> None:
        """Plans with rounds and waits read back equal."""
        matrix = on_call(
            first_wait=FirstWait("5m", "unacknowledged"),
            repeat=Repeat(1, minutes(10), reset_acknowledgement=True),
        )
        result = plan(matrix, page(acknowledged_at=at(2)))
        data = em.to_dict(result)
        assert data["stages"][0]["notify_at"] is None
        assert data["stages"][1]["notify_at"] == "2026-11-27T09:50:00+00:00"
        assert data["stages"][1]["cycle"] == 2
        assert "notify_at" not in data["stages"][2]
        assert data["stages"][1]["reason"] == {
            "kind": "repeated",
            "at": "2026-11-27T09:45:00+00:00",
            "level": "L1",
            "from_level": "L1",
            "cycle": 2,
            "cycles": 2,
            "wait": "10m",
            "acknowledged_at": "2026-11-27T09:02:00+00:00",
            "first_wait": "5m",
        }
        assert em.from_dict(data, em.Plan) == result

    def test_decision_round_trip(self) -> None:
        """Decisions keep when their role is notified and their round."""
        matrix = on_call(first_wait="5m", repeat=Repeat(1, minutes(10)))
        decision = route(matrix, page(), now=at(56))
        data = em.to_dict(decision)
        assert (data["notify_at"], data["cycle"]) == ("2026-11-27T09:50:00+00:00", 2)
        assert em.from_dict(data, em.Decision) == decision
        assert pickle.loads(pickle.dumps(decision)) == decision  # noqa: S301

    def test_older_pickles(self) -> None:
        """Decisions pickled before rounds existed unpickle notified on arrival."""
        decision = route(on_call(), page(), now=at(15))
        restore, fields = decision.__reduce__()
        old = restore(*fields[:6])
        assert old == decision
        assert (old.notify_at, old.cycle) == (at(10), 1)

    def test_older_payloads(self) -> None:
        """Payloads without the new keys read as notified on arrival, round 1."""
        data = em.to_dict(route(on_call(), page(), now=at(15)))
        assert "notify_at" not in data
        assert "cycle" not in data
        decision = em.from_dict(data, em.Decision)
        assert (decision.notify_at, decision.cycle) == (at(10), 1)

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            ({"cycle": 0}, "$.cycle: must be 1 or more, got 0"),
            ({"cycle": "2"}, "$.cycle: must be an integer, got '2'"),
        ],
    )
    def test_bad_rounds(self, change: dict[str, Any], expected: str) -> None:
        """A round number below 1 is refused with its path."""
        data = {**em.to_dict(route(on_call(), page(), now=at(15))), **change}
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, em.Decision)
        assert [str(p) for p in info.value.problems] == [expected]

    def test_acknowledgement_is_no_move(self) -> None:
        """A moved reason cannot claim an acknowledgement, which moves nothing."""
        data = {
            "kind": "moved",
            "at": "2026-11-27T09:00:00+00:00",
            "level": "L1",
            "from_level": "L2",
            "action": "acknowledge",
        }
        with pytest.raises(ValidationError, match="must be one of escalate"):
            em.from_dict(data, ReasonMoved)

    def test_issue_with_acknowledge_action(self) -> None:
        """Issues keep their acknowledge actions in payloads."""
        issue = page(actions=[Action.acknowledge(at(3), "again")])
        data = em.to_dict(issue)
        assert data["actions"] == [
            {
                "kind": "acknowledge",
                "at": "2026-11-27T09:03:00+00:00",
                "reason": "again",
            }
        ]
        assert em.from_dict(data, Issue) == issue


class TestExplain:
    def matrix(self) -> Matrix:
        """A matrix with every timing field: a first wait, repeats, resolution."""
        return on_call(
            first_wait=FirstWait("5m", "unacknowledged"),
            repeat=Repeat(2, minutes(30), reset_acknowledgement=True),
            at_end="resolve",
        )

    def test_plan_in_english(self) -> None:
        """A plan tells every round, its waits and how it ends."""
        result = plan(self.matrix(), page(acknowledged_at=at(2)))
        assert explain(result, "en") == (
            "From Nov 27, 2026, 9:00\u202fAM to Nov 27, 2026, 10:05\u202fAM: "
            "Role 1 (L1), not notified.",
            "On Nov 27, 2026, 10:05\u202fAM, escalation starts again at Role 1 (L1), "
            "round 2 of 3: the acknowledgement of Nov 27, 2026, 9:02\u202fAM no "
            "longer holds it. Role 1 (L1) is notified after a wait of 5 minutes, "
            "on Nov 27, 2026, 10:10\u202fAM. "
            "From Nov 27, 2026, 10:05\u202fAM to Nov 27, 2026, 10:20\u202fAM: "
            "Role 1 (L1), notified on Nov 27, 2026, 10:10\u202fAM.",
            "From Nov 27, 2026, 10:20\u202fAM to Nov 27, 2026, 10:40\u202fAM: "
            "Role 2 (L2).",
            "From Nov 27, 2026, 10:40\u202fAM to Nov 27, 2026, 11:10\u202fAM: "
            "Role 3 (L3).",
            "On Nov 27, 2026, 11:10\u202fAM, escalation starts again at Role 1 "
            "(L1), round 3 of 3: 30 minutes after Role 3 (L3) is notified. "
            "Role 1 (L1) is notified after a wait of 5 minutes, on Nov 27, 2026, "
            "11:15\u202fAM. "
            "From Nov 27, 2026, 11:10\u202fAM to Nov 27, 2026, 11:25\u202fAM: "
            "Role 1 (L1), notified on Nov 27, 2026, 11:15\u202fAM.",
            "From Nov 27, 2026, 11:25\u202fAM to Nov 27, 2026, 11:45\u202fAM: "
            "Role 2 (L2).",
            # The last stage ends when the policy resolves the issue.
            "From Nov 27, 2026, 11:45\u202fAM to Nov 27, 2026, 12:15\u202fPM: "
            "Role 3 (L3).",
            "On Nov 27, 2026, 12:15\u202fPM, the policy resolves the issue at "
            "Role 3 (L3): its escalation has run its course.",
        )

    def test_plan_in_italian(self) -> None:
        """The same plan reads in Italian."""
        result = plan(self.matrix(), page(acknowledged_at=at(2)))
        lines = explain(result, "it")
        assert lines[:2] == (
            "Dal giorno 27 nov 2026 alle 09:00 al giorno 27 nov 2026 alle 10:05: "
            "in carico al ruolo Role 1 (L1), non avvisato.",
            "Il giorno 27 nov 2026 alle 10:05 l'escalation riparte dal ruolo "
            "Role 1 (L1), ciclo 2 di 3: la presa in carico del giorno 27 nov 2026 "
            "alle 09:02 non la ferma più. Avviso al ruolo Role 1 (L1) dopo "
            "un'attesa di 5 minuti: il giorno 27 nov 2026 alle 10:10. Dal giorno "
            "27 nov 2026 alle 10:05 al giorno 27 nov 2026 alle 10:20: in carico al "
            "ruolo Role 1 (L1), avvisato il giorno 27 nov 2026 alle 10:10.",
        )
        assert lines[-1] == (
            "Il giorno 27 nov 2026 alle 12:15 la segnalazione viene chiusa "
            "automaticamente mentre è in carico al ruolo Role 3 (L3): l'escalation "
            "è giunta al termine."
        )

    def test_decision_during_the_wait(self) -> None:
        """A decision during the first wait says when the role is told."""
        decision = route(self.matrix(), page(), now=at(1))
        assert explain(decision, "en") == (
            "Opened on Nov 27, 2026, 9:00\u202fAM; it starts at the first level, "
            "Role 1 (L1). Role 1 (L1) is notified after a wait of 5 minutes, on "
            "Nov 27, 2026, 9:05\u202fAM.",
            "Role 1 (L1) handles it: Act at L1.",
            "Role 1 (L1) is notified on Nov 27, 2026, 9:05\u202fAM.",
            "Next escalation: to Role 2 (L2) on Nov 27, 2026, 9:15\u202fAM.",
        )
        assert explain(decision, "it")[2:] == (
            "Il ruolo Role 1 (L1) viene avvisato il giorno 27 nov 2026 alle 09:05.",
            "Prossima escalation: al ruolo Role 2 (L2), il giorno 27 nov 2026 alle "
            "09:15.",
        )

    def test_decision_before_a_new_round(self) -> None:
        """At the last level, the decision names the next round."""
        decision = route(self.matrix(), page(), now=at(40))
        assert explain(decision, "en")[-1] == (
            "Next round: escalation starts again at Role 1 (L1) on Nov 27, 2026, "
            "10:05\u202fAM."
        )
        assert explain(decision, "it")[-1] == (
            "Prossimo ciclo: l'escalation riparte dal ruolo Role 1 (L1) il giorno "
            "27 nov 2026 alle 10:05."
        )

    @pytest.mark.parametrize(
        ("reason", "english", "italian"),
        [
            (
                ReasonHeld(at(2), "L1", "unnotified"),
                "Acknowledged on Nov 27, 2026, 9:02\u202fAM, before Role 1 (L1) was "
                "notified: nobody is notified.",
                "Presa in carico il giorno 27 nov 2026 alle 09:02, prima che il "
                "ruolo Role 1 (L1) fosse avvisato: non viene avvisato nessuno.",
            ),
            (
                ReasonHeld(at(2), "L3", "repeats_done"),
                "Role 3 (L3) is the last level of the last round: escalation stops "
                "there.",
                "Il ruolo Role 3 (L3) occupa l'ultimo livello dell'ultimo ciclo: "
                "l'escalation non va oltre.",
            ),
            (
                ReasonRepeated(at(30), "L2", "L3", 2, 4, timedelta(0)),
                "On Nov 27, 2026, 9:30\u202fAM, escalation started again at Role 2 "
                "(L2), round 2 of 4, as soon as Role 3 (L3) was notified.",
                "Il giorno 27 nov 2026 alle 09:30 l'escalation è ripartita dal "
                "ruolo Role 2 (L2), ciclo 2 di 4, subito dopo l'avviso al ruolo "
                "Role 3 (L3).",
            ),
            (
                ReasonEscalated(
                    at(40),
                    "L2",
                    "L1",
                    minutes(10),
                    True,
                    False,
                    "unresolved",
                    cycle=2,
                ),
                "On Nov 27, 2026, 9:40\u202fAM, escalated from Role 1 (L1) to Role 2 "
                "(L2): 10 minutes since round 2 began without being resolved.",
                "Il giorno 27 nov 2026 alle 09:40 è scattata l'escalation dal ruolo "
                "Role 1 (L1) al ruolo Role 2 (L2): la segnalazione era ancora "
                "irrisolta 10 minuti dopo l'inizio del ciclo 2.",
            ),
            (
                ReasonEscalated(
                    at(40),
                    "L2",
                    "L1",
                    minutes(10),
                    True,
                    False,
                    "unacknowledged",
                    cycle=2,
                ),
                "On Nov 27, 2026, 9:40\u202fAM, escalated from Role 1 (L1) to Role 2 "
                "(L2): 10 minutes since round 2 began without being acknowledged.",
                "Il giorno 27 nov 2026 alle 09:40 è scattata l'escalation dal ruolo "
                "Role 1 (L1) al ruolo Role 2 (L2): 10 minuti dopo l'inizio del "
                "ciclo 2 nessuno aveva ancora preso in carico la segnalazione.",
            ),
        ],
    )
    def test_reasons(self, reason: Any, english: str, italian: str) -> None:
        """Each new reason reads in English and Italian."""
        names = level_names(self.matrix())
        assert render_reason(reason, display_names("en", (), names)) == english
        assert render_reason(reason, display_names("it", (), names)) == italian

    def test_render_plan(self) -> None:
        """render() shows each stage of every round with its responsibility."""
        matrix = on_call(repeat=Repeat(1, minutes(30)))
        text = em.render(plan(matrix, page()), width=400).replace("\u202f", " ")
        assert text.splitlines()[6:8] == [
            "- On Nov 27, 2026, 10:00 AM, escalation starts again at Role 1 (L1), "
            "round 2 of 2: 30 minutes after Role 3 (L3) is notified. From Nov 27, "
            "2026, 10:00 AM to Nov 27, 2026, 10:10 AM: Role 1 (L1).",
            "  Act at L1.",
        ]
        assert text.splitlines()[-1] == (
            "Role 3 (L3) is the last level of the last round: escalation stops there."
        )


# Properties -------------------------------------------------------------


@st.composite
def timed_matrices(draw: st.DrawFn) -> Matrix:
    """Small on-call matrices with any timing policy."""
    count = draw(st.integers(min_value=1, max_value=4))
    since_opened = draw(st.booleans())
    delays: list[int | None] = []
    total = 0
    for _ in range(count):
        delay = draw(st.one_of(st.none(), st.integers(min_value=10, max_value=60)))
        if since_opened and delay is not None:
            total += delay
            delay = total
        delays.append(delay)
    keys = [f"L{n}" for n in range(1, count + 1)]
    repeat = draw(
        st.one_of(
            st.none(),
            st.builds(
                Repeat,
                st.integers(min_value=1, max_value=3),
                st.integers(min_value=0, max_value=60).map(minutes),
                st.one_of(st.none(), st.sampled_from(keys)),
                st.booleans(),
            ),
        )
    )
    first_wait = draw(
        st.one_of(
            st.none(),
            st.builds(
                FirstWait,
                st.integers(min_value=1, max_value=9).map(minutes),
                st.sampled_from(["unacknowledged", "unresolved"]),
            ),
        )
    )
    matrix = on_call(
        delays=tuple(delays),
        delay_mode="since_opened" if since_opened else "per_level",
        repeat=repeat,
        first_wait=first_wait,
        at_end=draw(st.sampled_from(["hold", "resolve"])),
    )
    conditions: list[EscalateWhile] = draw(
        st.lists(
            st.sampled_from(["unacknowledged", "unresolved"]),
            min_size=count,
            max_size=count,
        )
    )
    levels = [
        attrs.evolve(level, escalate_while=condition)
        for level, condition in zip(matrix.levels, conditions, strict=True)
    ]
    return attrs.evolve(matrix, levels=levels)


@st.composite
def histories(draw: st.DrawFn, matrix: Matrix) -> Issue:
    """Issues of an on-call matrix with any history."""
    keys = list(matrix.level_keys)
    moments = sorted(draw(st.lists(st.integers(0, 400), max_size=4)))
    actions = [
        draw(
            st.sampled_from(
                [
                    Action.escalate(at(moment)),
                    Action.deescalate(at(moment)),
                    Action.acknowledge(at(moment)),
                    Action.jump(at(moment), draw(st.sampled_from(keys))),
                ]
            )
        )
        for moment in moments
    ]
    last = moments[-1] if moments else 0
    acknowledged = draw(st.one_of(st.none(), st.integers(0, 400)))
    resolved = draw(st.one_of(st.none(), st.integers(last, 600)))
    return page(
        actions=actions,
        acknowledged_at=None if acknowledged is None else at(acknowledged),
        resolved_at=None if resolved is None else at(resolved),
    )


class TestProperties:
    @settings(max_examples=150)
    @given(st.data())
    def test_route_agrees_with_plan(self, data: st.DataObject) -> None:
        """At every moment, route agrees with the plan made at that moment."""
        matrix = data.draw(timed_matrices())
        issue = data.draw(histories(matrix))
        now = at(data.draw(st.integers(0, 900)))
        decision = route(matrix, issue, now=now)
        planned = plan(matrix, issue, now=now)
        stage = planned.stage_at(now)
        assert decision.level == stage.level
        assert decision.since == stage.start
        assert decision.cycle == stage.cycle
        assert decision.notify_at == stage.notify_at
        if not decision.resolved:
            # The last stage ends when the policy resolves the issue, if it does.
            closes = planned.held.at if planned.held.cause == "closed" else None
            assert decision.next_escalation_at == (stage.end or closes)

    @given(timed_matrices(), st.integers(0, 900))
    def test_untouched_issues_route_as_replayed(
        self, matrix: Matrix, minute: int
    ) -> None:
        """The rounds laid out once per kind of issue give the replay's decision."""
        quick = route(matrix, page(), now=at(minute))
        # An event after the moment forces a replay and changes nothing.
        later = page(actions=[Action.acknowledge(at(minute + 1))])
        replayed = route(matrix, later, now=at(minute))
        assert (quick.level, quick.since, quick.next_escalation_at) == (
            replayed.level,
            replayed.since,
            replayed.next_escalation_at,
        )
        assert (quick.next_level, quick.notify_at, quick.cycle) == (
            replayed.next_level,
            replayed.notify_at,
            replayed.cycle,
        )
        assert (quick.resolved, quick.reasons) == (replayed.resolved, replayed.reasons)

    @given(timed_matrices())
    def test_without_timing_fields_plans_as_before(self, matrix: Matrix) -> None:
        """The first round of a repeat is the plan without it, up to its end."""
        plain = attrs.evolve(
            matrix,
            policy=attrs.evolve(
                matrix.policy, repeat=None, first_wait=None, at_end="hold"
            ),
        )
        before = plan(plain, page())
        after = plan(matrix, page())
        assert all(stage.cycle == 1 for stage in before.stages)
        assert all(stage.notify_at == stage.start for stage in before.stages)
        if matrix.policy.first_wait is None:
            first_round = [s for s in after.stages if s.cycle == 1]
            assert [(s.level, s.start) for s in first_round] == [
                (s.level, s.start) for s in before.stages
            ]

    @given(timed_matrices())
    def test_rounds_are_spaced_by_the_wait(self, matrix: Matrix) -> None:
        """Each new round starts the wait after the last level of the one before."""
        result = plan(matrix, page())
        repeat = matrix.policy.repeat
        rounds = [s for s in result.stages if isinstance(s.reason, ReasonRepeated)]
        for index, stage in enumerate(result.stages):
            if isinstance(stage.reason, ReasonRepeated):
                before = result.stages[index - 1]
                assert repeat is not None
                assert before.notify_at is not None
                assert stage.start == before.notify_at + repeat.wait
        if repeat is None:
            assert rounds == []
        elif result.held.cause in {"repeats_done", "closed"}:
            assert len(rounds) == repeat.times
            assert result.stages[-1].cycle == repeat.times + 1


class TestRender:
    def matrix(self) -> Matrix:
        """A matrix with every timing field."""
        return on_call(
            first_wait=FirstWait("5m", "unacknowledged"),
            repeat=Repeat(2, minutes(30), from_level="L2", reset_acknowledgement=True),
            at_end="resolve",
        )

    def test_notes_in_english(self) -> None:
        """The table's notes say the policy's timing, after each level's delay."""
        text = em.render(self.matrix(), width=200)
        assert text.endswith(
            "\n\nLevel 1 escalates after 10 minutes unless the issue is acknowledged. "
            "Level 2 escalates after 20 minutes unless the issue is acknowledged."
            "\n\nThe first level is notified after a wait of 5 minutes; if the issue "
            "is acknowledged or resolved meanwhile, nobody is notified.\n\n"
            "The levels run in 3 rounds; each new round starts 30 minutes after the "
            "last level is notified. Later rounds start at Level 2. Each new round "
            "sets an earlier acknowledgement aside.\n\n"
            "After the last round, the issue is resolved.\n"
        )

    def test_notes_in_italian(self) -> None:
        """The notes are translated, the level named as the table names it."""
        notes = em.render(self.matrix(), locale="it", width=400).split("\n\n")[-4:]
        assert notes == [
            "Il livello «Level 1» passa al successivo dopo 10 minuti, se la "
            "segnalazione non viene presa in carico. Il livello «Level 2» passa al "
            "successivo dopo 20 minuti, se la segnalazione non viene presa in carico.",
            "Il primo livello viene avvisato dopo un'attesa di 5 minuti; se nel "
            "frattempo la segnalazione viene presa in carico o risolta, non viene "
            "avvisato nessuno.",
            "I livelli vengono percorsi in 3 cicli in tutto; ogni nuovo ciclo parte "
            "30 minuti dopo l'avviso all'ultimo livello. I cicli successivi partono "
            "dal livello «Level 2». Ogni nuovo ciclo annulla la presa in carico "
            "precedente.",
            "Finito l'ultimo ciclo, la segnalazione viene chiusa automaticamente.\n",
        ]

    def test_other_notes(self) -> None:
        """A wait ended by resolution only, and rounds that follow at once."""
        matrix = on_call(first_wait="1m", repeat=Repeat(1, "0s"))
        assert em.render(matrix, width=200).split("\n\n")[-2:] == [
            "The first level is notified after a wait of 1 minute; if the issue is "
            "resolved meanwhile, nobody is notified.",
            "The levels run in 2 rounds; each new round starts as soon as the last "
            "level is notified.\n",
        ]

    def test_timeline_note(self) -> None:
        """Delays since opening, until resolution, and a level without delay."""
        opened = on_call(
            at_end="resolve", delay_mode="since_opened", escalate_while="unresolved"
        )
        assert em.render(opened, width=200).split("\n\n")[-2:] == [
            "Level 1 escalates 10 minutes after opening unless the issue is "
            "resolved. Level 2 escalates 20 minutes after opening unless the issue "
            "is resolved.",
            "After the last level, the issue is resolved.\n",
        ]
        stays = on_call(delays=(10, None, 5), at_end="resolve")
        assert em.render(stays, width=200).split("\n\n")[-2] == (
            "Level 1 escalates after 10 minutes unless the issue is acknowledged. "
            "Level 2 does not escalate on its own."
        )
        assert em.render(stays, locale="it", width=400).split("\n\n")[-2:] == [
            "Il livello «Level 1» passa al successivo dopo 10 minuti, se la "
            "segnalazione non viene presa in carico. Dal livello «Level 2» "
            "l'escalation non prosegue da sola.",
            "Dopo l'ultimo livello, la segnalazione viene chiusa automaticamente.\n",
        ]

    def test_formats(self) -> None:
        """Markdown and HTML show the notes as paragraphs; CSV has rows only."""
        matrix = on_call(at_end="resolve")
        note = "After the last level, the issue is resolved."
        assert em.render(matrix, "md").endswith(f"\n\n{note}\n")
        assert f"</p>\n<p>{note}</p>\n</body>" in em.render(matrix, "html")
        assert "</table>\n<p>Level 1 escalates after 10 minutes" in em.render(
            matrix, "html"
        )
        assert note not in em.render(matrix, "csv")
        plain = em.render(on_call(), width=200)
        assert "After the last" not in plain
        assert "escalates after" not in plain  # no notes: the timeline is not needed
