"""Routing: decisions at chosen moments, plans, rules and bad input."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any, get_args
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import (
    Action,
    Issue,
    Level,
    Policy,
    Severity,
    default_matrix,
    plan,
    route,
    route_many,
)
from escalation_matrix._base.instants import instant
from escalation_matrix._routing import router as router_module
from escalation_matrix._routing.router import fingerprint as em_fingerprint
from escalation_matrix.exceptions import (
    RoutingError,
    UnknownIssueTypeError,
    UnknownSeverityError,
    ValidationError,
    WrongTypeError,
)
from escalation_matrix.reasons import (
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
)
from escalation_matrix.rules import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Predicate,
    Rule,
)
from escalation_matrix.typing import DelayMode
from tests.helpers import small_matrix

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


def hiccup(**changes: object) -> Issue:
    return Issue("performance_hiccups", OPENED, **changes)  # type: ignore[arg-type]


class TestBuiltInMatrix:
    """The built-in policy: L1 4h, L2 8h, L3 1 day, L4 top; escalate while unresolved."""

    @pytest.mark.parametrize(
        ("hours", "level", "role", "next_hours"),
        [
            (0, "L1", "project_team_contact", 4),
            (3.99, "L1", "project_team_contact", 4),
            (4, "L2", "project_manager", 12),
            (11.5, "L2", "project_manager", 12),
            (12, "L3", "account_manager", 36),
            (24, "L3", "account_manager", 36),
            (36, "L4", "sales_manager", None),
            (1000, "L4", "sales_manager", None),
        ],
    )
    def test_medium_severity_timeline(
        self, hours: float, level: str, role: str, next_hours: float | None
    ) -> None:
        """A medium issue climbs one level each time a delay runs out."""
        decision = route(default_matrix(), hiccup(), now=at(hours))
        assert decision.level.key == level
        assert decision.role.key == role
        assert decision.responsibility == default_matrix().responsibility(
            "performance_hiccups", level
        )
        expected_next = None if next_hours is None else at(next_hours)
        assert decision.next_escalation_at == expected_next
        assert decision.severity == "medium"
        assert decision.resolved is False

    def test_day_old_hiccup(self) -> None:
        """The README's question: a performance hiccup open for a day."""
        decision = route(default_matrix(), hiccup(), now=at(24))
        assert (decision.level.key, decision.role.title) == ("L3", "Account Manager")
        assert decision.responsibility == (
            "Communicate with customers about operational performance and recovery plans."
        )
        assert decision.since == at(12)
        assert decision.next_escalation_at == at(36)
        assert decision.next_level is not None
        assert decision.next_level.key == "L4"
        assert decision.reasons == (
            ReasonEntered(OPENED, "L1", "first_level", "medium"),
            ReasonEscalated(at(4), "L2", "L1", 4 * H, False, False, "unresolved"),
            ReasonEscalated(at(12), "L3", "L2", 8 * H, False, False, "unresolved"),
        )

    def test_top_is_a_cap(self) -> None:
        """At the top level escalation stops, and the reason says so."""
        decision = route(default_matrix(), hiccup(), now=at(40))
        assert decision.held == ReasonHeld(at(36), "L4", "top")
        assert decision.next_level is None

    @pytest.mark.parametrize(
        ("hours", "level", "next_hours"),
        [(0, "L2", 8), (7, "L2", 8), (8, "L3", 32), (32, "L4", None)],
    )
    def test_critical_starts_at_project_manager(
        self, hours: float, level: str, next_hours: float | None
    ) -> None:
        """Critical issues skip the first line and start at L2."""
        decision = route(default_matrix(), hiccup(severity="critical"), now=at(hours))
        assert decision.level.key == level
        assert decision.next_escalation_at == (
            None if next_hours is None else at(next_hours)
        )
        assert decision.reasons[0] == ReasonEntered(
            OPENED, "L2", "severity", "critical"
        )

    @pytest.mark.parametrize("severity", ["high", "medium"])
    def test_high_and_medium_start_at_first_line(self, severity: str) -> None:
        """High and medium issues start at L1."""
        decision = route(default_matrix(), hiccup(severity=severity), now=OPENED)
        assert decision.level.key == "L1"

    def test_low_is_capped_at_project_manager(self) -> None:
        """Low issues never escalate past L2 on their own."""
        decision = route(default_matrix(), hiccup(severity="low"), now=at(100))
        assert decision.level.key == "L2"
        assert decision.next_escalation_at is None
        assert decision.held == ReasonHeld(at(4), "L2", "cap", "low")

    @pytest.mark.parametrize(
        ("impact", "urgency", "severity", "level"),
        [
            ("high", "high", "critical", "L2"),
            ("high", "low", "medium", "L1"),
            ("low", "low", "low", "L1"),
            ("medium", "medium", "medium", "L1"),
        ],
    )
    def test_priority_table(
        self, impact: str, urgency: str, severity: str, level: str
    ) -> None:
        """Impact and urgency give the severity through the ITIL-style table."""
        issue = hiccup(impact=impact, urgency=urgency)
        decision = route(default_matrix(), issue, now=OPENED)
        assert (decision.severity, decision.level.key) == (severity, level)

    def test_given_severity_wins_over_priority(self) -> None:
        """An explicit severity is used even when impact and urgency are given."""
        issue = hiccup(severity="low", impact="high", urgency="high")
        assert route(default_matrix(), issue, now=OPENED).severity == "low"

    @pytest.mark.parametrize(
        "order",
        [
            ["priority", "plain", "given", "priority", "given", "plain"],
            ["given", "priority", "given", "plain", "priority"],
            ["plain", "given", "plain", "priority", "priority"],
        ],
    )
    def test_kinds_of_issue_decided_again(self, order: list[str]) -> None:
        """Each kind of issue is decided alike the first time and every next one.

        The router keeps the profile of each kind it met; whichever comes
        first, a severity from impact and urgency, a given one (which wins
        over them), and the default are never mixed up.
        """
        matrix = attrs.evolve(default_matrix())  # a router of its own
        kinds = {
            "priority": (hiccup(impact="high", urgency="high"), "critical"),
            "given": (hiccup(severity="low", impact="high", urgency="high"), "low"),
            "plain": (hiccup(), "medium"),
        }
        for kind in order:
            issue, severity = kinds[kind]
            decision = route(matrix, issue, now=at(100))
            assert decision.severity == severity, kind
            assert decision == route(default_matrix(), issue, now=at(100)), kind

    def test_decisions_keep_their_assignments_facts(self) -> None:
        """Level, role and responsibility are the assignment's, however made."""
        matrix = default_matrix()
        resolved = hiccup(resolved_at=at(20))
        moved = hiccup(actions=[Action.jump(at(1), "L4", "contract at risk")])
        made = [
            route(matrix, hiccup(), now=at(30)),  # the quick path
            route(matrix, moved, now=at(30)),  # the replay
            route(matrix, resolved, now=at(30)),
            *route_many(matrix, [hiccup(), moved], now=at(30)),
        ]
        made += [pickle.loads(pickle.dumps(decision)) for decision in made]  # noqa: S301 -- our own
        made += [em.from_dict(em.to_dict(decision), em.Decision) for decision in made]
        made += [attrs.evolve(decision, at=at(40)) for decision in made]
        levels = set()
        for decision in made:
            step = decision._assignment  # what they come from
            assert decision.level is step.level
            assert decision.role is step.role
            assert decision.responsibility is step.responsibility
            levels.add(decision.level.key)
        assert levels == {"L3", "L4"}

    def test_decision_refuses_what_is_no_assignment(self) -> None:
        """A decision is made of an assignment, or is refused."""
        decision = route(default_matrix(), hiccup(), now=at(30))
        with pytest.raises(WrongTypeError, match="assignment must be an Assignment"):
            attrs.evolve(decision, assignment="L3")  # type: ignore[arg-type]
        # Kept facts are not compared: a decision equals one made anew.
        assert attrs.evolve(decision) == decision
        assert hash(attrs.evolve(decision)) == hash(decision)

    def test_unknown_priority_refused_every_time(self) -> None:
        """An impact and urgency the table lacks are refused however often given."""
        matrix = attrs.evolve(default_matrix())
        route(matrix, hiccup(impact="high", urgency="high"), now=OPENED)
        for _ in range(2):
            with pytest.raises(ValidationError):
                route(matrix, hiccup(impact="high", urgency="now"), now=OPENED)

    def test_acknowledgement_does_not_stop_unresolved_levels(self) -> None:
        """The built-in levels escalate while unresolved, acknowledged or not."""
        issue = hiccup(acknowledged_at=at(1))
        decision = route(default_matrix(), issue, now=at(24))
        assert decision.level.key == "L3"
        assert decision.next_escalation_at == at(36)

    def test_resolution_stops_escalation(self) -> None:
        """Once resolved, the issue stays at the level that resolved it."""
        issue = hiccup(resolved_at=at(6))
        decision = route(default_matrix(), issue, now=at(100))
        assert decision.level.key == "L2"
        assert decision.resolved is True
        assert decision.next_escalation_at is None
        assert decision.held == ReasonHeld(at(6), "L2", "resolved")

    def test_resolution_later_than_now_is_not_known_yet(self) -> None:
        """Events after the moment asked for are ignored."""
        issue = hiccup(resolved_at=at(30))
        decision = route(default_matrix(), issue, now=at(20))
        assert decision.resolved is False
        assert decision.level.key == "L3"
        assert decision.next_escalation_at == at(36)

    def test_resolved_exactly_when_due(self) -> None:
        """Resolution at the very moment a delay runs out wins."""
        decision = route(default_matrix(), hiccup(resolved_at=at(4)), now=at(5))
        assert decision.level.key == "L1"


class TestManualMoves:
    def test_escalate_by_hand_restarts_the_timer(self) -> None:
        """A manual escalation moves up one level; the new level's delay starts then."""
        issue = hiccup(actions=[Action.escalate(at(1), "customer is angry")])
        decision = route(default_matrix(), issue, now=at(2))
        assert decision.level.key == "L2"
        assert decision.since == at(1)
        assert decision.next_escalation_at == at(9)
        assert decision.reasons[-1] == ReasonMoved(
            at(1), "L2", "L1", "escalate", "customer is angry"
        )

    def test_deescalate_by_hand(self) -> None:
        """A de-escalation moves down one level, and escalation resumes from there."""
        issue = hiccup(actions=[Action.deescalate(at(13), "workaround found")])
        decision = route(default_matrix(), issue, now=at(14))
        assert decision.level.key == "L2"
        assert decision.next_escalation_at == at(21)

    def test_jump_to_a_level(self) -> None:
        """A jump goes straight to the named level."""
        issue = hiccup(actions=[Action.jump(at(1), "L4", "contract at risk")])
        decision = route(default_matrix(), issue, now=at(2))
        assert decision.level.key == "L4"
        assert decision.next_escalation_at is None

    def test_moves_stop_at_the_ends(self) -> None:
        """Escalating at the top or de-escalating at the first line stays put."""
        issue = hiccup(
            actions=[
                Action.deescalate(at(1)),
                Action.jump(at(2), "L4"),
                Action.escalate(at(3)),
            ]
        )
        stages = plan(default_matrix(), issue).stages
        assert [stage.level.key for stage in stages] == ["L1", "L1", "L4", "L4"]

    def test_move_at_the_moment_a_delay_runs_out(self) -> None:
        """An automatic escalation due at the same moment happens first."""
        issue = hiccup(actions=[Action.escalate(at(4), "push")])
        decision = route(default_matrix(), issue, now=at(4))
        assert decision.level.key == "L3"
        kinds = [type(reason) for reason in decision.reasons]
        assert kinds == [ReasonEntered, ReasonEscalated, ReasonMoved]

    def test_jump_to_unknown_level(self) -> None:
        """A jump to a level the matrix lacks is a validation error."""
        issue = hiccup(actions=[Action.jump(at(1), "L9")])
        with pytest.raises(
            ValidationError, match="jump to unknown level 'L9'"
        ) as error:
            route(default_matrix(), issue, now=at(2))
        assert [problem.path for problem in error.value.problems] == [
            "$.actions[0].level"
        ]


def custom_matrix(**policy_changes: object) -> em.Matrix:
    """Three levels: 30 min unacknowledged, 1 h unresolved, top."""
    levels = [
        Level(
            "L1",
            1,
            "agent",
            "First",
            delay=timedelta(minutes=30),
            escalate_while="unacknowledged",
        ),
        Level("L2", 2, "lead", "Second", delay=timedelta(hours=1)),
        Level("L3", 3, "boss", "Third"),
    ]
    severities = [
        Severity("sev1", "Sev 1", skip_levels=["L2"]),
        Severity("sev2", "Sev 2"),
    ]
    policy = Policy(severities=severities, default_severity="sev2", **policy_changes)  # type: ignore[arg-type]
    return small_matrix(levels=levels, policy=policy)


def outage(**changes: object) -> Issue:
    return Issue("outage", OPENED, **changes)  # type: ignore[arg-type]


class TestPolicies:
    def test_acknowledged_in_time_stops_escalation(self) -> None:
        """A level that escalates while unacknowledged stops once acknowledged."""
        decision = route(custom_matrix(), outage(acknowledged_at=at(0.25)), now=at(5))
        assert decision.level.key == "L1"
        assert decision.next_escalation_at is None
        assert decision.held == ReasonHeld(at(0.25), "L1", "acknowledged")

    def test_acknowledged_too_late(self) -> None:
        """Acknowledging after the delay ran out does not undo the escalation."""
        decision = route(custom_matrix(), outage(acknowledged_at=at(0.75)), now=at(1))
        assert decision.level.key == "L2"
        assert decision.next_escalation_at == at(1.5)

    def test_unresolved_level_ignores_acknowledgement(self) -> None:
        """After a manual escalation to an unresolved level, acknowledgement does not stop it."""
        issue = outage(acknowledged_at=at(0.1), actions=[Action.escalate(at(0.2))])
        decision = route(custom_matrix(), issue, now=at(1.3))
        assert decision.level.key == "L3"

    def test_skip_levels(self) -> None:
        """Sev 1 issues pass over L2 on the way up."""
        decision = route(custom_matrix(), outage(severity="sev1"), now=at(0.5))
        assert decision.level.key == "L3"
        assert decision.reasons[-2] == ReasonEscalated(
            at(0.5), "L3", "L1", timedelta(minutes=30), False, False,
            "unacknowledged", ("L2",),
        )  # fmt: skip

    def test_since_opened_counts_from_opening(self) -> None:
        """With since_opened delays, each level's delay counts from opening."""
        levels = [
            Level("L1", 1, "agent", "First", delay=timedelta(minutes=30)),
            Level("L2", 2, "lead", "Second", delay=timedelta(hours=2)),
            Level("L3", 3, "boss", "Third"),
        ]
        matrix = small_matrix(levels=levels, policy=Policy(delay_mode="since_opened"))
        assert route(matrix, outage(), now=at(1)).next_escalation_at == at(2)
        assert route(matrix, outage(), now=at(2)).level.key == "L3"
        reason = route(matrix, outage(), now=at(3)).reasons[2]
        assert isinstance(reason, ReasonEscalated)
        assert reason.since_opened is True
        assert reason.after == 2 * H

    def test_since_opened_restarts_after_a_manual_move(self) -> None:
        """After a manual move, since_opened delays count from the move."""
        levels = [
            Level("L1", 1, "agent", "First", delay=timedelta(minutes=30)),
            Level("L2", 2, "lead", "Second", delay=timedelta(hours=2)),
            Level("L3", 3, "boss", "Third"),
        ]
        matrix = small_matrix(levels=levels, policy=Policy(delay_mode="since_opened"))
        issue = outage(actions=[Action.deescalate(at(1))])
        assert route(matrix, issue, now=at(1)).next_escalation_at == at(1.5)

    def test_level_without_delay_holds(self) -> None:
        """A level without a delay keeps the issue until someone moves it."""
        levels = [
            Level("L1", 1, "agent", "First"),
            Level("L2", 2, "lead", "Second", delay=H),
            Level("L3", 3, "boss", "Third"),
        ]
        matrix = small_matrix(levels=levels)
        decision = route(matrix, outage(), now=at(50))
        assert decision.held == ReasonHeld(OPENED, "L1", "no_delay")

    def test_issue_type_entry_level(self) -> None:
        """An issue type can start higher than the first level."""
        matrix = small_matrix()
        outage_type = attrs.evolve(matrix.issue_types[0], entry_level="L2")
        matrix = small_matrix(issue_types=[outage_type, matrix.issue_types[1]])
        decision = route(matrix, outage(), now=OPENED)
        assert decision.level.key == "L2"
        assert decision.reasons[0] == ReasonEntered(OPENED, "L2", "issue_type")


class TestRules:
    def test_first_matching_rule_applies(self) -> None:
        """Rules are tried in order; the first match sets the entry level."""
        rules = [
            Rule("gold", Compare("attributes.tier", "==", "gold"), entry_level="L3"),
            Rule("any_vip", Compare("attributes.vip", "==", True), entry_level="L2"),
        ]
        matrix = custom_matrix(rules=rules)
        both = outage(attributes={"tier": "gold", "vip": True})
        vip = outage(attributes={"vip": True})
        assert route(matrix, both, now=OPENED).level.key == "L3"
        assert route(matrix, vip, now=OPENED).level.key == "L2"
        assert route(matrix, outage(), now=OPENED).level.key == "L1"
        assert route(matrix, both, now=OPENED).reasons[0] == ReasonEntered(
            OPENED, "L3", "rule", "sev2", "gold"
        )

    def test_rule_caps_and_skips(self) -> None:
        """A rule can cap escalation and choose the skipped levels."""
        night = Rule(
            "billing_capped",
            Compare("issue_type", "==", "billing"),
            max_level="L2",
        )
        straight = Rule(
            "straight_to_top",
            Compare("severity", ">=", "sev1"),
            skip_levels=["L2"],
        )
        matrix = custom_matrix(rules=[night, straight])
        billing = Issue("billing", OPENED)
        decision = route(matrix, billing, now=at(10))
        assert decision.level.key == "L2"
        assert decision.held == ReasonHeld(at(0.5), "L2", "cap", None, "billing_capped")
        assert route(matrix, outage(severity="sev1"), now=at(0.5)).level.key == "L3"

    def test_composed_conditions(self) -> None:
        """Conditions combine with &, | and ~."""
        gold = Compare("attributes.tier", "==", "gold")
        severe = Compare("severity", ">=", "sev1")
        rule = Rule(
            "r",
            (gold & severe) | ~Compare("attributes.tier", "exists"),
            entry_level="L2",
        )
        matrix = custom_matrix(rules=[rule])
        cases: list[tuple[dict[str, str], str, str]] = [
            ({"tier": "gold"}, "sev1", "L2"),
            ({"tier": "gold"}, "sev2", "L1"),
            ({}, "sev2", "L2"),
        ]
        for attributes, severity, expected in cases:
            issue = outage(severity=severity, attributes=attributes)
            assert route(matrix, issue, now=OPENED).level.key == expected

    def test_python_callables(self) -> None:
        """A rule's condition can be a Python callable taking the issue."""

        def weekend(issue: Issue) -> bool:
            return issue.opened_at.weekday() >= 5

        matrix = custom_matrix(rules=[Rule("weekend", weekend, entry_level="L3")])
        saturday = Issue("outage", datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
        assert route(matrix, saturday, now=saturday.opened_at).level.key == "L3"
        assert route(matrix, outage(), now=OPENED).level.key == "L1"
        assert isinstance(matrix.policy.rules[0].when, Predicate)

    @pytest.mark.parametrize(
        ("condition", "matches"),
        [
            (Compare("attributes.n", ">", 3), True),
            (Compare("attributes.n", "<=", 3), False),
            (Compare("attributes.n", "==", 4.0), True),
            (Compare("attributes.n", ">", "3"), False),
            (Compare("attributes.name", "in", ["acme", "globex"]), True),
            (Compare("attributes.name", "not_in", ["acme"]), False),
            (Compare("attributes.missing", "missing"), True),
            (Compare("attributes.missing", "!=", "x"), True),
            (Compare("attributes.missing", "==", "x"), False),
            (Compare("attributes.missing", ">", 1), False),
            (Compare("attributes.flag", "==", True), True),
            (Compare("attributes.flag", ">", 0), False),
            (Compare("id", "==", "T-1"), True),
            (Compare("severity", ">", "sev2"), True),
            (Compare("severity", "<", "sev2"), False),
            (Compare("issue_type", "in", ["outage"]), True),
        ],
    )
    def test_comparisons(self, condition: Condition, matches: bool) -> None:  # noqa: FBT001
        """Each operator compares as documented; mismatched kinds never match."""
        issue = outage(
            id="T-1", severity="sev1",
            attributes={"n": 4, "name": "acme", "flag": True},
        )  # fmt: skip
        matrix = em.Matrix(
            "m", "M",
            levels=custom_matrix().levels, roles=custom_matrix().roles,
            issue_types=custom_matrix().issue_types,
            policy=Policy(
                severities=custom_matrix().policy.severities,
                rules=[Rule("r", condition, entry_level="L3")],
            ),
        )  # fmt: skip
        assert (route(matrix, issue, now=OPENED).level.key == "L3") is matches

    def test_rules_validated_against_the_matrix(self) -> None:
        """Rules naming unknown levels, severities or issue types are reported."""
        rules = [
            Rule(
                "r",
                Compare("severity", "==", "sev9")
                & Compare("issue_type", "in", ["outage", "fire"])
                & ~Compare("impact", "==", "high"),
                entry_level="L7",
                skip_levels=["L8"],
            ),
            Rule("s", Compare("id", "exists"), entry_level="L3", max_level="L1"),
        ]
        with pytest.raises(ValidationError) as info:
            custom_matrix(rules=rules)
        assert [str(p) for p in info.value.problems] == [
            "$.policy.rules[0].entry_level: unknown level 'L7'; known level keys: L1, L2, L3",
            "$.policy.rules[0].skip_levels[0]: unknown level 'L8'; known level keys: L1, L2, L3",
            "$.policy.rules[0].when.all[0].value: unknown severity 'sev9'; known severity keys: sev1, sev2",
            "$.policy.rules[0].when.all[1].value[1]: unknown issue type 'fire'; known issue type keys: outage, billing",
            "$.policy.rules[0].when.all[2].not.field: impact needs the policy's priority table, which is missing",
            "$.policy.rules[1].max_level: contradicts entry_level: 'L1' is below 'L3'",
        ]

    @pytest.mark.parametrize(
        ("build", "fragment"),
        [
            (lambda: Compare("colour", "==", "red"), "attributes.<name>"),
            (lambda: Compare("attributes.", "==", "red"), "attributes.<name>"),
            (lambda: Compare("severity", "~", "high"), "must be one of"),  # type: ignore[arg-type]
            (lambda: Compare("severity", "in", "high"), "must be a list"),
            (lambda: Compare("severity", "==", ["high"]), "single value"),
            (lambda: Compare("severity", "exists", "high"), "must not be given"),
            (lambda: Compare("issue_type", ">", "x"), "not ordered"),
            (lambda: AllOf([]), "must not be empty"),
            (lambda: AnyOf(["x"]), "must be a condition"),  # type: ignore[list-item]
            (lambda: Not("x"), "must be a condition"),  # type: ignore[arg-type]
            (lambda: Predicate(42), "must be callable"),  # type: ignore[arg-type]
            (lambda: Rule("r", Compare("id", "exists")), "at least one of"),
            (
                lambda: Rule("r", 42, entry_level="L1"),  # type: ignore[arg-type]
                "must be a condition or a callable",
            ),
            (
                lambda: Rule("R", Compare("id", "exists"), entry_level="L1"),
                "snake_case",
            ),
        ],
    )
    def test_invalid_conditions(self, build: object, fragment: str) -> None:
        """Malformed conditions and rules are validation errors."""
        assert callable(build)
        with pytest.raises(
            ValidationError,
            match=fragment.replace(".", r"\.").replace("<", ".").replace(">", "."),
        ):
            build()

    def test_reprs(self) -> None:
        """Conditions show what they test."""
        condition = (
            Compare("severity", ">=", "sev1") | Compare("id", "exists")
        ) & ~Compare("attributes.x", "in", [1, 2])
        assert repr(condition) == (
            "<AllOf [<AnyOf [severity >= 'sev1', id exists]>, <Not attributes.x in [1, 2]>]>"
        )
        rule = Rule("r", condition, entry_level="L2")
        assert repr(rule).startswith("<Rule 'r' when <AllOf")

    def test_duplicate_rule_names(self) -> None:
        """Rule names are unique within a policy."""
        rule = Rule("r", Compare("id", "exists"), entry_level="L2")
        with pytest.raises(ValidationError, match=r"\$\.rules\[1\]\.name"):
            Policy(rules=[rule, rule])


class TestBadInput:
    @pytest.mark.parametrize(
        ("opened", "hours", "expected"),
        [
            # The escalation after L1's 4 hours, and after L2's 8 hours.
            (datetime(9999, 12, 31, 21, tzinfo=UTC), 0, "The escalation 4h after"),
            (datetime(9999, 12, 31, 12, tzinfo=UTC), 5, "The escalation 8h after"),
        ],
    )
    def test_escalation_after_year_9999(
        self, opened: datetime, hours: int, expected: str
    ) -> None:
        """An escalation a datetime cannot hold is a RoutingError, not an overflow."""
        issue = Issue("operational_challenges", opened)
        with pytest.raises(RoutingError, match=expected) as info:
            route(default_matrix(), issue, now=opened + timedelta(hours=hours))
        assert "falls after year 9999" in str(info.value)
        # With an action, so replayed the long way: the same answer.
        acknowledged = attrs.evolve(issue, actions=[Action.acknowledge(opened)])
        with pytest.raises(RoutingError, match="falls after year 9999"):
            route(default_matrix(), acknowledged, now=opened + timedelta(hours=hours))

    def test_escalation_after_year_9999_in_the_issues_zone(self) -> None:
        """Due within year 9999 in UTC, but not in the issue's time zone."""
        tokyo = timezone(timedelta(hours=9))
        issue = Issue(
            "operational_challenges", datetime(9999, 12, 31, 20, tzinfo=tokyo)
        )
        with pytest.raises(RoutingError, match="cannot be given in the time zone"):
            route(default_matrix(), issue, now=issue.opened_at)

    @pytest.mark.parametrize(
        "zone", [timezone(timedelta(hours=9)), ZoneInfo("Asia/Tokyo")]
    )
    def test_current_level_after_year_9999_in_the_issues_zone(
        self, zone: tzinfo
    ) -> None:
        """The level's start, past in UTC, may fall after 9999 in the issue's zone."""
        issue = Issue("operational_challenges", datetime(9999, 12, 31, 20, tzinfo=zone))
        # 16:00 UTC: L2 took over at 15:00 UTC, 00:00 of year 10000 in Tokyo.
        now = datetime(9999, 12, 31, 16, tzinfo=UTC)
        with pytest.raises(RoutingError, match="cannot be given in the time zone"):
            route(default_matrix(), issue, now=now)
        acknowledged = attrs.evolve(issue, acknowledged_at=issue.opened_at)
        with pytest.raises(RoutingError, match="cannot be given in the time zone"):
            route(default_matrix(), acknowledged, now=now)

    def test_resolver_not_callable(self) -> None:
        """A resolver must be something to call, said before any routing."""
        for call in (
            lambda: route(default_matrix(), hiccup(), now=OPENED, resolver=5),  # type: ignore[arg-type]
            lambda: route_many(default_matrix(), [], now=OPENED, resolver=5),  # type: ignore[arg-type]
        ):
            with pytest.raises(WrongTypeError, match="resolver must be a callable"):
                call()

    def test_unknown_issue_type(self) -> None:
        """An issue type the matrix lacks is a LookupError naming the known ones."""
        with pytest.raises(
            UnknownIssueTypeError, match="known issue types: operational"
        ):
            route(default_matrix(), Issue("printer_jam", OPENED), now=OPENED)

    def test_unknown_severity(self) -> None:
        """A severity the policy lacks is a LookupError naming the known ones."""
        with pytest.raises(UnknownSeverityError, match="critical, high, medium, low"):
            route(default_matrix(), hiccup(severity="sev1"), now=OPENED)

    def test_naive_now(self) -> None:
        """A naive now is refused: routing never guesses a timezone."""
        with pytest.raises(RoutingError, match="timezone-aware") as info:
            route(default_matrix(), hiccup(), now=datetime(2026, 11, 27, 12))  # noqa: DTZ001
        assert isinstance(info.value, ValueError)

    def test_now_not_a_datetime(self) -> None:
        """The moment must be a datetime."""
        with pytest.raises(RoutingError, match="timezone-aware"):
            route(default_matrix(), hiccup(), now="tomorrow")  # type: ignore[arg-type]

    def test_now_before_opening(self) -> None:
        """Asking about a moment before the issue existed is an error."""
        with pytest.raises(RoutingError, match="before the issue was opened"):
            route(default_matrix(), hiccup(), now=at(-1))
        with pytest.raises(RoutingError, match="before the issue was opened"):
            plan(default_matrix(), hiccup(), now=at(-1))

    @pytest.mark.parametrize(
        "kind", ["plain", "in-tokyo", "repeated", "acknowledged", "severity"]
    )
    def test_now_a_moment_before_opening(self, kind: str) -> None:
        """A microsecond before the opening is refused on every way of routing.

        The plain way (one look-up), an issue opened in another zone, a
        policy whose rounds repeat, an issue with a recorded event (replayed)
        and one that starts higher up.
        """
        matrix = default_matrix()
        opened = OPENED
        changes: dict[str, object] = {}
        if kind == "in-tokyo":
            opened = OPENED.astimezone(ZoneInfo("Asia/Tokyo"))
        elif kind == "repeated":
            policy = attrs.evolve(matrix.policy, repeat=em.Repeat(2, "30m"))
            matrix = attrs.evolve(matrix, policy=policy)
        elif kind == "acknowledged":
            changes["acknowledged_at"] = OPENED
        elif kind == "severity":
            changes["severity"] = "critical"
        issue = Issue("performance_hiccups", opened, **changes)  # type: ignore[arg-type]
        moment = OPENED - timedelta(microseconds=1)
        with pytest.raises(RoutingError, match="before the issue was opened"):
            route(matrix, issue, now=moment)
        assert route(matrix, issue, now=OPENED).since == OPENED

    def test_not_an_issue(self) -> None:
        """Routing something that is not an Issue says so, as a TypeError."""
        with pytest.raises(WrongTypeError, match="issue must be an Issue") as caught:
            route(default_matrix(), {"issue_type": "x"}, now=OPENED)  # type: ignore[arg-type]
        assert isinstance(caught.value, TypeError)
        assert caught.value.value == {"issue_type": "x"}
        with pytest.raises(WrongTypeError, match="issue must be an Issue"):
            plan(default_matrix(), "hiccup", now=OPENED)  # type: ignore[arg-type]

    @pytest.mark.parametrize("call", [route, plan, route_many])
    def test_not_a_matrix(self, call: Callable[..., object]) -> None:
        """Routing with something that is not a Matrix says so."""
        with pytest.raises(WrongTypeError, match=r"matrix must be a Matrix, got 'L1'"):
            call("L1", hiccup(), now=OPENED)

    @pytest.mark.parametrize(
        ("changes", "path", "fragment"),
        [
            ({"opened_at": datetime(2026, 11, 27)}, "$.opened_at", "timezone-aware"),  # noqa: DTZ001
            ({"opened_at": "yesterday"}, "$.opened_at", "must be a datetime"),
            (
                {"resolved_at": OPENED - H},
                "$.resolved_at",
                "must not be before opened_at",
            ),
            (
                {"acknowledged_at": OPENED - H},
                "$.acknowledged_at",
                "must not be before",
            ),
            (
                {"acknowledged_at": datetime(2026, 11, 28)},  # noqa: DTZ001
                "$.acknowledged_at",
                "timezone-aware",
            ),
            ({"impact": "high"}, "$.urgency", "together"),
            ({"severity": "Sev 1"}, "$.severity", "snake_case"),
            ({"id": ""}, "$.id", "something visible"),
            ({"attributes": {"x": [1]}}, "$.attributes.x", "string, number"),
            ({"attributes": {"": 1}}, "$.attributes", "non-empty strings"),
            (
                {"actions": [Action.escalate(OPENED - H)]},
                "$.actions[0].at",
                "before opened_at",
            ),
            (
                {"actions": [Action.escalate(at(2)), Action.escalate(at(1))]},
                "$.actions[1].at",
                "oldest first",
            ),
            (
                {"actions": [Action.escalate(at(2))], "resolved_at": at(1)},
                "$.actions[0].at",
                "after resolved_at",
            ),
            ({"actions": ["escalate"]}, "$.actions[0]", "must be an Action"),
        ],
    )
    def test_invalid_issues(
        self, changes: dict[str, object], path: str, fragment: str
    ) -> None:
        """Bad issues are refused at construction, with the path of the problem."""
        values: dict[str, object] = {
            "issue_type": "outage",
            "opened_at": OPENED,
            **changes,
        }
        with pytest.raises(ValidationError) as info:
            Issue(**values)  # type: ignore[arg-type]
        assert info.value.subject == "issue"
        assert [p.path for p in info.value.problems] == [path]
        assert fragment in info.value.problems[0].message

    @pytest.mark.parametrize(
        ("build", "path"),
        [
            (lambda: Action("jump", OPENED), "$.level"),
            (lambda: Action("escalate", OPENED, level="L2"), "$.level"),
            (lambda: Action("skip", OPENED), "$.kind"),  # type: ignore[arg-type]
            (lambda: Action.jump(OPENED, "level two"), "$.level"),
            (lambda: Action.escalate(datetime(2026, 1, 1)), "$.at"),  # noqa: DTZ001
        ],
    )
    def test_invalid_actions(self, build: object, path: str) -> None:
        """Bad manual actions are refused with the path of the problem."""
        assert callable(build)
        with pytest.raises(ValidationError) as info:
            build()
        assert [p.path for p in info.value.problems] == [path]

    def test_impact_without_priority_table(self) -> None:
        """Impact and urgency need a priority table in the matrix."""
        with pytest.raises(ValidationError, match="no priority table"):
            route(small_matrix(), outage(impact="high", urgency="low"), now=OPENED)

    def test_unknown_impact(self) -> None:
        """Impact and urgency must be in the priority table."""
        with pytest.raises(ValidationError) as info:
            route(default_matrix(), hiccup(impact="huge", urgency="now"), now=OPENED)
        assert [p.path for p in info.value.problems] == ["$.impact", "$.urgency"]

    def test_business_time_needs_a_calendar(self) -> None:
        """A level counting business time in a matrix without calendar is refused."""
        levels = [
            Level("L1", 1, "agent", "First", delay=H, business_time=True),
            Level("L2", 2, "lead", "Second", delay=H),
            Level("L3", 3, "boss", "Third"),
        ]
        with pytest.raises(ValidationError, match="business calendar"):
            small_matrix(levels=levels)


issue_times = st.floats(min_value=0, max_value=80).map(at)


@st.composite
def issues(draw: st.DrawFn) -> Issue:
    """Issues of the custom matrix with any history."""
    moments = sorted(draw(st.lists(st.floats(min_value=0, max_value=60), max_size=4)))
    actions = [
        draw(
            st.sampled_from(
                [
                    Action.escalate(at(moment)),
                    Action.deescalate(at(moment)),
                    Action.jump(at(moment), draw(st.sampled_from(["L1", "L2", "L3"]))),
                ]
            )
        )
        for moment in moments
    ]
    last = moments[-1] if moments else 0.0
    acknowledged = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=60)))
    resolved = draw(st.one_of(st.none(), st.floats(min_value=last, max_value=90)))
    return outage(
        severity=draw(st.sampled_from(["sev1", "sev2"])),
        actions=actions,
        acknowledged_at=None if acknowledged is None else at(acknowledged),
        resolved_at=None if resolved is None else at(resolved),
    )


class TestPlans:
    def test_plan_of_the_built_in_matrix(self) -> None:
        """The plan lists every level with its start and end."""
        result = plan(default_matrix(), hiccup())
        assert [(s.level.key, s.role.key, s.start, s.end) for s in result.stages] == [
            ("L1", "project_team_contact", OPENED, at(4)),
            ("L2", "project_manager", at(4), at(12)),
            ("L3", "account_manager", at(12), at(36)),
            ("L4", "sales_manager", at(36), None),
        ]
        assert result.held.cause == "top"
        assert result.stage_at(at(5)).level.key == "L2"
        assert at(5) in result.stages[1]
        assert at(12) not in result.stages[1]
        with pytest.raises(RoutingError):
            result.stage_at(at(-1))
        assert repr(result) == "<Plan performance_hiccups L1 -> L2 -> L3 -> L4 (top)>"

    @given(issues(), issue_times)
    def test_plan_agrees_with_route(self, issue: Issue, now: datetime) -> None:
        """At every moment, route agrees with the plan made at that moment."""
        matrix = custom_matrix()
        decision = route(matrix, issue, now=now)
        stage = plan(matrix, issue, now=now).stage_at(now)
        assert decision.level == stage.level
        assert decision.since == stage.start
        if not decision.resolved:
            assert decision.next_escalation_at == stage.end

    @given(issues(), issue_times)
    def test_full_plan_agrees_once_events_are_past(
        self, issue: Issue, now: datetime
    ) -> None:
        """The plan of the whole history gives the level of every later moment."""
        events = [a.at for a in issue.actions]
        events += [
            t for t in (issue.acknowledged_at, issue.resolved_at) if t is not None
        ]
        moment = max([now, *events])
        matrix = custom_matrix()
        assert (
            route(matrix, issue, now=moment).level
            == plan(matrix, issue).stage_at(moment).level
        )

    @given(
        st.floats(min_value=0, max_value=80), st.sampled_from(["critical", "low", None])
    )
    def test_fast_path_matches_replay(self, hours: float, severity: str | None) -> None:
        """Issues without events route the same by the shortcut and by replay."""
        matrix = default_matrix()
        quick = route(matrix, hiccup(severity=severity), now=at(hours))
        # An acknowledgement changes nothing in this matrix; as an action, it
        # forces a replay.
        acknowledged = hiccup(severity=severity, actions=[Action.acknowledge(OPENED)])
        slow = route(matrix, acknowledged, now=at(hours))
        assert (quick.level, quick.since, quick.next_escalation_at) == (
            slow.level,
            slow.since,
            slow.next_escalation_at,
        )
        assert quick.reasons == slow.reasons

    @given(
        st.floats(min_value=0, max_value=80),
        st.one_of(st.none(), st.floats(min_value=0, max_value=80)),
        st.one_of(
            st.none(),
            st.floats(min_value=0, max_value=80),
            # At an escalation, and a moment either side of it.
            st.sampled_from([4, 12, 36]).flatmap(
                lambda hours: st.sampled_from([hours, hours - 1e-6, hours + 1e-6])
            ),
        ),
        st.sampled_from(["critical", "low", None]),
        st.sampled_from(get_args(DelayMode)),
    )
    def test_acknowledged_and_resolved_issues_take_the_shortcut(
        self,
        hours: float,
        acknowledged: float | None,
        resolved: float | None,
        severity: str | None,
        delay_mode: DelayMode,
    ) -> None:
        """Where nothing stops for an acknowledgement, they route without a replay.

        A resolution stops escalation there, and an escalation due at that
        very moment does not happen.
        """
        matrix = default_matrix()
        matrix = attrs.evolve(
            matrix, policy=attrs.evolve(matrix.policy, delay_mode=delay_mode)
        )
        issue = hiccup(
            severity=severity,
            acknowledged_at=None if acknowledged is None else at(acknowledged),
            resolved_at=None if resolved is None else at(resolved),
        )
        # An acknowledgement as an action forces a replay.
        replayed = attrs.evolve(issue, actions=[Action.acknowledge(OPENED)])
        slow = route(matrix, replayed, now=at(hours))

        def no_replay(*_: object) -> em.Decision:
            raise AssertionError

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(router_module.Router, "replayed", no_replay)
            quick = route(matrix, issue, now=at(hours))
        assert (quick.level, quick.since, quick.next_escalation_at) == (
            slow.level,
            slow.since,
            slow.next_escalation_at,
        )
        assert (quick.notify_at, quick.cycle, quick.resolved) == (
            slow.notify_at,
            slow.cycle,
            slow.resolved,
        )
        assert quick.reasons == slow.reasons

    @pytest.mark.parametrize(
        "changes",
        [{}, {"acknowledged_at": "opened"}, {"resolved_at": "now"}],
    )
    def test_an_opening_the_clocks_skip_is_kept_as_given(
        self, changes: dict[str, str]
    ) -> None:
        """The first level is reached at the opening as given, as replayed."""
        rome = ZoneInfo("Europe/Rome")
        opened = datetime(2026, 3, 29, 2, 30, tzinfo=rome)  # never shown by clocks
        now = datetime(2026, 3, 29, 4, 0, tzinfo=rome)
        times = {"opened": opened, "now": now}
        issue = Issue(
            "performance_hiccups",
            opened,
            **{name: times[when] for name, when in changes.items()},  # type: ignore[arg-type]
        )
        forced = attrs.evolve(issue, actions=[Action.acknowledge(opened)])
        decision = route(default_matrix(), issue, now=now)
        replayed = route(default_matrix(), forced, now=now)
        assert decision == attrs.evolve(replayed, issue=issue)
        assert decision.since.isoformat() == "2026-03-29T02:30:00+01:00"
        assert decision.since == decision.reasons[0].at

    def test_a_resolution_stopping_an_escalation_after_year_9999(self) -> None:
        """The escalation it stopped falls after 9999: said, as replayed."""
        opened = datetime(9999, 12, 31, 20, tzinfo=UTC)
        issue = Issue(
            "performance_hiccups", opened, resolved_at=opened + timedelta(hours=1)
        )
        forced = attrs.evolve(issue, actions=[Action.acknowledge(opened)])
        for each in (issue, forced):
            with pytest.raises(RoutingError, match="falls after year 9999"):
                route(default_matrix(), each, now=opened + timedelta(hours=2))

    def test_a_resolution_before_an_escalation_local_clocks_cannot_show(
        self,
    ) -> None:
        """The stopped escalation falls after 9999 only in the zone: no error."""
        opened = datetime(9999, 12, 31, 21, tzinfo=timezone(timedelta(hours=5)))
        issue = Issue(
            "performance_hiccups", opened, resolved_at=opened + timedelta(hours=1)
        )
        forced = attrs.evolve(issue, actions=[Action.acknowledge(opened)])
        now = opened + timedelta(hours=2)
        decision = route(default_matrix(), issue, now=now)
        assert decision == attrs.evolve(
            route(default_matrix(), forced, now=now), issue=issue
        )
        assert (decision.level.key, decision.resolved) == ("L1", True)

    @pytest.mark.parametrize("delay_mode", get_args(DelayMode))
    @pytest.mark.parametrize(
        "policy",
        [
            {},
            {"first_wait": em.FirstWait(timedelta(hours=1))},
            {"repeat": em.Repeat(times=2, wait=timedelta(minutes=30))},
        ],
        ids=["levels", "first-wait", "repeat"],
    )
    @pytest.mark.parametrize(
        ("opened", "now"),
        [
            (
                datetime(9999, 12, 31, tzinfo=UTC),
                datetime(9999, 12, 31, 13, tzinfo=UTC),
            ),
            (datetime(9999, 12, 31, 22, 59, tzinfo=UTC), None),
            (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), None),
            (
                datetime(9999, 12, 30, 23, 59, tzinfo=UTC),
                datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
            ),
            # Times in year 10000 at +23:59, not in UTC.
            (
                datetime(9999, 12, 30, 17, tzinfo=UTC).astimezone(
                    timezone(timedelta(hours=23, minutes=59))
                ),
                datetime(9999, 12, 30, 22, tzinfo=UTC),
            ),
            (
                datetime(
                    9999,
                    12,
                    31,
                    23,
                    58,
                    tzinfo=timezone(timedelta(hours=23, minutes=59)),
                ),
                datetime(9999, 12, 31, 11, 59, tzinfo=UTC),
            ),
        ],
    )
    def test_an_escalation_after_year_9999_is_said_as_replayed(
        self,
        delay_mode: DelayMode,
        policy: dict[str, Any],
        opened: datetime,
        now: datetime | None,
    ) -> None:
        """The shortcut gives the replay's answer, or names its escalation."""
        matrix = default_matrix()
        changed = attrs.evolve(matrix.policy, delay_mode=delay_mode, **policy)
        matrix = attrs.evolve(matrix, policy=changed)
        issue = Issue("performance_hiccups", opened)
        moment = opened if now is None else now
        router = router_module._router(matrix)

        def shortcut() -> em.Decision:
            return route(matrix, issue, now=moment)

        def replayed() -> em.Decision:
            return router.replayed(issue, moment, router.profile(issue))

        outcomes: list[object] = []
        for decide in (shortcut, replayed):
            try:
                decision = decide()
            except RoutingError as error:
                outcomes.append(str(error))
            else:
                outcomes.append(
                    (decision.level, decision.since, decision.next_escalation_at)
                )
        assert outcomes[0] == outcomes[1]

    def test_acknowledgements_that_stop_escalation_are_replayed(self) -> None:
        """A level escalating while unacknowledged holds an acknowledged issue."""
        matrix = default_matrix()
        levels = [
            attrs.evolve(level, escalate_while="unacknowledged")
            for level in matrix.levels
        ]
        held = attrs.evolve(matrix, levels=levels)
        issue = hiccup(acknowledged_at=at(1))
        assert route(matrix, issue, now=at(13)).level.key == "L3"
        decision = route(held, issue, now=at(13))
        assert (decision.level.key, decision.next_escalation_at) == ("L1", None)
        assert decision.reasons[-1].kind == "held"

    @given(
        st.datetimes(
            # Hypothesis takes naive bounds, and gives the zone.
            min_value=datetime(2026, 3, 1),  # noqa: DTZ001
            max_value=datetime(2026, 11, 30),  # noqa: DTZ001
            timezones=st.sampled_from(
                [ZoneInfo("Europe/Rome"), ZoneInfo("America/New_York")]
            ),
        ),
        st.floats(min_value=0, max_value=80),
        st.sampled_from(["UTC", "opening"]),
    )
    def test_fast_path_matches_replay_across_clock_changes(
        self, opened: datetime, hours: float, now_zone: str
    ) -> None:
        """Openings in zones that change their clocks (folds, gaps) route as replayed."""
        matrix = default_matrix()
        issue = Issue("performance_hiccups", opened)
        now = instant(opened) + timedelta(hours=hours)
        if now_zone == "opening":
            now = now.astimezone(opened.tzinfo)
        quick = route(matrix, issue, now=now)
        forced = attrs.evolve(issue, actions=[Action.acknowledge(opened)])
        slow = route(matrix, forced, now=now)
        assert (quick.level, quick.since, quick.next_escalation_at) == (
            slow.level,
            slow.since,
            slow.next_escalation_at,
        )
        # The same instants, told in the zone of the opening with its offset.
        for ours, replayed in zip(
            (quick.since, quick.next_escalation_at),
            (slow.since, slow.next_escalation_at),
            strict=True,
        ):
            if ours is None or replayed is None:
                assert ours is replayed
                continue
            assert ours.tzinfo is replayed.tzinfo is opened.tzinfo
            assert ours.utcoffset() == replayed.utcoffset()

    def test_many_time_zones(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Issues opened in any number of zones, even unhashable ones, route alike."""
        # The midnights kept per zone, from none, past their bound.
        monkeypatch.setattr(router_module, "_ANCHORS", {})

        class Unhashable(tzinfo):
            __hash__ = None  # type: ignore[assignment]

            def utcoffset(self, _moment: datetime | None) -> timedelta:
                return timedelta(hours=-3)

            def dst(self, _moment: datetime | None) -> timedelta:
                return timedelta(0)

            def tzname(self, _moment: datetime | None) -> str:
                return "-03"

        zones: list[tzinfo] = [Unhashable()]
        zones += [timezone(timedelta(minutes=m)) for m in range(-600, 600, 15)]
        assert len(zones) > router_module._MAX_ANCHORS
        matrix = default_matrix()
        for zone in zones:
            issue = Issue("performance_hiccups", OPENED.astimezone(zone))
            decision = route(matrix, issue, now=at(13))
            assert decision.level.key == "L3"
            assert decision.since == at(12)
            assert decision.since.tzinfo is zone
            assert decision.next_escalation_at == at(36)


class TestDecisions:
    def test_now_defaults_to_the_current_time(self) -> None:
        """Without now, the current UTC time is used."""
        before = datetime.now(UTC)
        decision = route(default_matrix(), hiccup())
        assert before <= decision.at <= datetime.now(UTC)
        assert decision.at.tzinfo is UTC

    def test_other_timezones(self) -> None:
        """Times in any fixed or named timezone compare as instants."""
        rome = timezone(timedelta(hours=1))
        now = datetime(2026, 11, 27, 22, 0, tzinfo=rome)  # 21:00 UTC
        assert route(default_matrix(), hiccup(), now=now).level.key == "L3"

    def test_deterministic(self) -> None:
        """The same inputs give equal decisions."""
        one = route(default_matrix(), hiccup(), now=at(13))
        two = route(default_matrix(), hiccup(), now=at(13))
        assert one == two
        assert hash(one) == hash(two)

    def test_issues_and_decisions_are_frozen(self) -> None:
        """Issues and decisions, built quickly, are of their class and refuse changes."""
        for issue in (hiccup(), hiccup(severity="low", id="T-1")):
            decision = route(default_matrix(), issue, now=at(13))
            assert (type(issue), type(decision)) == (Issue, em.Decision)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                issue.id = "T-2"  # type: ignore[misc]
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                decision.since = at(1)  # type: ignore[misc]
            assert attrs.evolve(issue) == issue

    def test_issue_subclasses_keep_their_class(self) -> None:
        """A subclass of Issue using its __init__ keeps its class, fields and checks."""

        class TicketIssue(Issue):
            def source(self) -> str:
                return f"ticket {self.id}"

        issue = TicketIssue("performance_hiccups", OPENED, id="T-9")
        assert type(issue) is TicketIssue
        assert issue.source() == "ticket T-9"
        plain = Issue("performance_hiccups", OPENED, id="T-9")
        assert attrs.astuple(issue) == attrs.astuple(plain)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            issue.id = "T-2"  # type: ignore[misc]
        with pytest.raises(ValidationError, match=r"\$\.id"):
            TicketIssue("performance_hiccups", OPENED, id="")
        assert route(default_matrix(), issue, now=at(13)).level.key == "L3"

    def test_repr(self) -> None:
        """The repr names the level, the role and what comes next."""
        decision = route(default_matrix(), hiccup(), now=at(13))
        assert repr(decision) == (
            "<Decision performance_hiccups L3 (account_manager) "
            "next=L4@2026-11-28T21:00:00+00:00>"
        )
        resolved = route(default_matrix(), hiccup(resolved_at=at(1)), now=at(2))
        assert (
            repr(resolved)
            == "<Decision performance_hiccups L1 (project_team_contact) resolved>"
        )

    def test_fingerprint(self) -> None:
        """The fingerprint changes with the policy, not with display texts."""
        matrix = default_matrix()
        decision = route(matrix, hiccup(), now=OPENED)
        assert len(decision.fingerprint) == 16
        renamed = attrs.evolve(matrix, title="Another title")
        slower = attrs.evolve(
            matrix,
            levels=[attrs.evolve(matrix.levels[0], delay=5 * H), *matrix.levels[1:]],
        )
        assert route(renamed, hiccup(), now=OPENED).fingerprint == decision.fingerprint
        assert route(slower, hiccup(), now=OPENED).fingerprint != decision.fingerprint

    def test_fingerprint_worked_out_when_asked(self) -> None:
        """A decision compares and hashes by its fingerprint, worked out on demand.

        Routing leaves the fingerprint to the router, which works it out when
        first asked for; a decision read back from data carries it as text,
        and the two are equal and hash alike; with another fingerprint, the
        same decision read back is another one.
        """
        matrix = default_matrix()
        decision = route(matrix, hiccup(), now=OPENED)
        read = em.loads(em.dumps(decision, "json"), "json", em.Decision)
        assert read == decision
        assert hash(read) == hash(decision)
        assert read.fingerprint == decision.fingerprint == em_fingerprint(matrix)
        data = em.to_dict(decision)
        data["fingerprint"] = "0" * 16
        assert em.from_dict(data, em.Decision) != decision
        assert pickle.loads(pickle.dumps(decision)) == decision  # noqa: S301

    def test_route_many(self) -> None:
        """route_many decides every issue for the same moment."""
        issues = [
            hiccup(id=f"T-{n}", severity=s) for n, s in enumerate(["critical", "low"])
        ]
        decisions = em.route_many(default_matrix(), issues, now=at(10))
        assert [(d.issue.id, d.level.key) for d in decisions] == [
            ("T-0", "L3"),
            ("T-1", "L2"),
        ]
        assert {d.at for d in decisions} == {at(10)}

    def test_route_many_restores_the_collector(self) -> None:
        """route_many leaves the garbage collector as it found it, even on error."""
        import gc  # noqa: PLC0415

        assert gc.isenabled()
        em.route_many(default_matrix(), [hiccup()], now=at(1))
        assert gc.isenabled()
        with pytest.raises(UnknownIssueTypeError):
            em.route_many(default_matrix(), [Issue("nope", OPENED)], now=at(1))
        assert gc.isenabled()
        gc.disable()
        try:
            em.route_many(default_matrix(), [hiccup()], now=at(1))
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_pickle(self) -> None:
        """Matrices, issues, decisions and plans can cross process boundaries."""
        matrix = default_matrix()
        issue = hiccup(actions=[Action.escalate(at(1), "why")], attributes={"a": 1})
        decision = route(matrix, issue, now=at(20))
        plain = route(matrix, hiccup(), now=at(20))
        for obj in (matrix, issue, decision, plain, plan(matrix, issue)):
            copy = pickle.loads(pickle.dumps(obj))  # noqa: S301 -- our own data
            assert copy == obj
        copy = pickle.loads(pickle.dumps(plain))  # noqa: S301
        assert copy.reasons == plain.reasons
        copied = pickle.loads(pickle.dumps(matrix))  # noqa: S301
        assert route(copied, issue, now=at(20)) == decision


def test_rule_cannot_skip_its_own_entry_level() -> None:
    """A rule that starts issues at a level it also skips contradicts itself."""
    rule = Rule("r", Compare("id", "exists"), entry_level="L2", skip_levels=["L2"])
    with pytest.raises(ValidationError) as info:
        custom_matrix(rules=[rule])
    assert [str(p) for p in info.value.problems] == [
        "$.policy.rules[0].skip_levels: contradicts entry_level: 'L2' is entered, "
        "so cannot be skipped"
    ]


def test_rare_reasons_are_read_where_the_others_are() -> None:
    """The reasons built when first needed keep their names, union and pickles."""
    from escalation_matrix._routing import reasons, reasons_later  # noqa: PLC0415

    assert reasons.ReasonHeld is reasons_later.ReasonHeld is ReasonHeld
    assert reasons.ReasonMoved is reasons_later.ReasonMoved is ReasonMoved
    assert reasons.ReasonRepeated is reasons_later.ReasonRepeated
    assert reasons.HoldCause is reasons_later.HoldCause
    assert get_args(reasons.Reason) == (
        ReasonEntered,
        ReasonEscalated,
        ReasonMoved,
        reasons_later.ReasonRepeated,
        ReasonHeld,
    )
    with pytest.raises(AttributeError, match="has no attribute 'ReasonLost'"):
        _ = reasons.ReasonLost  # type: ignore[attr-defined]
    held = ReasonHeld(datetime(2026, 12, 1, tzinfo=UTC), "L4", "top")
    # Pickled where the class was defined before: its module is named as
    # text in protocol 2, so the older name can be put back.
    older = pickle.dumps(held, protocol=2).replace(
        b"escalation_matrix._routing.reasons_later\n",
        b"escalation_matrix._routing.reasons\n",
    )
    assert b"reasons_later" not in older
    assert pickle.loads(older) == held  # noqa: S301 -- the test's own bytes
