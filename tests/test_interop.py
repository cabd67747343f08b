"""Importing and exporting tool policies: validation, strictness, timelines, exports."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal
from unittest.mock import ANY

import pytest

from escalation_matrix import (
    FirstWait,
    Issue,
    Level,
    Matrix,
    Policy,
    Repeat,
    Role,
    default_matrix,
    plan,
)
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import (
    ArgumentError,
    EscalationMatrixError,
    LossyConversionError,
    UnknownRoleError,
    ValidationError,
    WrongTypeError,
)
from escalation_matrix.interop import (
    Exported,
    Imported,
    Loss,
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    from_priority_matrix,
    to_opsgenie,
    to_pagerduty,
    translate_loss,
)
from escalation_matrix.reasons import ReasonHeld

DATA = Path(__file__).parent / "data" / "interop"
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def minutes(moment: datetime | None) -> float | None:
    return None if moment is None else (moment - T0).total_seconds() / 60


def notified(matrix: Matrix, **issue: Any) -> list[tuple[str, float | None, int]]:
    """Who is notified when (minutes after T0), and in which pass."""
    answer = plan(matrix, Issue("any", T0, **issue))
    return [
        (stage.level.key, minutes(stage.notify_at), stage.cycle)
        for stage in answer.stages
    ]


def problems(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in error.value.problems]


def rule(delay: object = 30, **extra: Any) -> dict[str, Any]:
    targets = [{"id": "PU1", "type": "user_reference"}]
    return {"escalation_delay_in_minutes": delay, "targets": targets, **extra}


def og_rule(amount: object, recipient: str = "U1", **extra: Any) -> dict[str, Any]:
    return {
        "delay": {"timeAmount": amount},
        "recipient": {"type": "user", "id": recipient},
        **extra,
    }


class TestPagerDuty:
    def test_rules_become_levels_with_their_delays(self) -> None:
        """Each rule is a level in order, its minutes the level's delay."""
        matrix = from_pagerduty(load("pagerduty_get.json")).matrix
        assert [level.delay for level in matrix.levels] == [
            timedelta(minutes=20),
            timedelta(minutes=45),
        ]
        assert matrix.policy.delay_mode == "per_level"
        assert {level.escalate_while for level in matrix.levels} == {"unacknowledged"}

    def test_timeline_loops_as_pagerduty_does(self) -> None:
        """With num_loops 2, the rules run three times, the last delay between loops."""
        matrix = from_pagerduty(load("pagerduty_get.json")).matrix
        assert notified(matrix) == [
            ("L1", 0, 1),
            ("L2", 20, 1),
            ("L1", 65, 2),
            ("L2", 85, 2),
            ("L1", 130, 3),
            ("L2", 150, 3),
        ]
        assert plan(matrix, Issue("any", T0)).held.cause == "repeats_done"

    def test_acknowledgement_stops_the_loops(self) -> None:
        """An acknowledgement holds the incident where it is; no later pass."""
        matrix = from_pagerduty(load("pagerduty_get.json")).matrix
        acknowledged = T0 + timedelta(minutes=30)
        assert notified(matrix, acknowledged_at=acknowledged) == [
            ("L1", 0, 1),
            ("L2", 20, 1),
        ]

    @pytest.mark.parametrize(
        ("strategy", "assignment"),
        [
            ("round_robin", "round_robin"),
            ({"type": "round_robin"}, "round_robin"),
            ([{"type": "round_robin"}], "round_robin"),
            ("assign_to_everyone", "all"),
            (None, "all"),
        ],
    )
    def test_strategy_in_every_shape(self, strategy: object, assignment: str) -> None:
        """The assignment strategy is read as a string, an object or a list of one."""
        strategic = rule(escalation_rule_assignment_strategy=strategy)
        policy = {"id": "P1", "name": "P", "escalation_rules": [strategic]}
        matrix = from_pagerduty(policy).matrix
        assert matrix.levels[0].assignment == assignment

    def test_malformed_policy_lists_every_problem(self) -> None:
        """Each problem is reported with its JSON path, all at once."""
        policy = {
            "escalation_policy": {
                "name": 5,
                "num_loops": -1,
                "escalation_rules": [
                    rule(0),
                    {"targets": [{"id": "X", "type": "team_reference"}]},
                    rule(5, escalation_rule_assignment_strategy="sometimes"),
                    "rule",
                ],
            }
        }
        with pytest.raises(ValidationError) as error:
            from_pagerduty(policy)
        assert error.value.subject == "PagerDuty payload"
        assert problems(error) == [
            ("$.escalation_policy.name", "must be a string, got 5"),
            (
                "$.escalation_policy.escalation_rules[0].escalation_delay_in_minutes",
                "must be from 1 to 5256000, got 0",
            ),
            (
                "$.escalation_policy.escalation_rules[1].escalation_delay_in_minutes",
                "missing: a whole number is required",
            ),
            (
                "$.escalation_policy.escalation_rules[1].targets[0].type",
                "must be one of 'user_reference', 'user', 'schedule_reference', "
                "'schedule', 'schedule_v3_reference', got 'team_reference'",
            ),
            (
                "$.escalation_policy.escalation_rules[2].escalation_rule_assignment_strategy",
                "must be 'round_robin' or 'assign_to_everyone' (as a string, "
                "{'type': ...} or [{'type': ...}]), got 'sometimes'",
            ),
            (
                "$.escalation_policy.escalation_rules[3]",
                "must be an object, got 'rule'",
            ),
            ("$.escalation_policy.num_loops", "must be from 0 to 100, got -1"),
        ]

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ("policies", [("$", "must be an object, got 'policies'")]),
            (
                {"escalation_policies": {"id": "P"}},
                [("$.escalation_policies", 'must be an array, got {"id": "P"}')],
            ),
            (
                {
                    "escalation_rules": [
                        {"escalation_delay_in_minutes": 1, "targets": []}
                    ]
                },
                [("$.escalation_rules[0].targets", "must hold 1 to 10 targets, got 0")],
            ),
            (
                {"escalation_rules": [rule(targets=[{"type": "user"}])]},
                [
                    (
                        "$.escalation_rules[0].targets[0].id",
                        "missing: an id is required",
                    )
                ],
            ),
            (
                {"escalation_rules": [rule(targets=[{"id": "P"}])]},
                [
                    (
                        "$.escalation_rules[0].targets[0].type",
                        "missing: a target type is required",
                    )
                ],
            ),
            (
                [{"id": "P1", "escalation_rules": [rule()]}] * 2,
                [("$[1]", "escalation policy 'P1' is given twice")],
            ),
        ],
    )
    def test_invalid_shapes(self, payload: object, expected: list[Any]) -> None:
        """A payload of the wrong shape is refused, saying where."""
        with pytest.raises(ValidationError) as error:
            from_pagerduty(payload)
        assert problems(error) == expected

    def test_policy_without_name_is_titled_by_its_id(self) -> None:
        """A policy without a name is titled by its id, and says so."""
        imported = from_pagerduty({"id": "PX9", "escalation_rules": [rule()]})
        assert imported.matrix.title == "PX9"
        assert imported.matrix.key == "px9"
        assert [(loss.path, loss.kind) for loss in imported.losses] == [
            ("$", "assumed")
        ]

    def test_strict_raises_with_every_loss(self) -> None:
        """strict=True lists every loss, and carries the result it would give."""
        with pytest.raises(LossyConversionError) as error:
            from_pagerduty(load("pagerduty_list.json"), strict=True)
        assert [loss.path for loss in error.value.losses] == [
            "$.escalation_policies[0].on_call_handoff_notifications",
            "$.more",
        ]
        result = error.value.result
        assert isinstance(result, Imported)
        assert list(result.matrices) == ["PLST001"]
        assert isinstance(error.value, EscalationMatrixError)

    def test_strict_without_loss_returns(self) -> None:
        """A lossless payload converts under strict=True."""
        imported = from_pagerduty(
            load("pagerduty_escalation_policy_7.json"), strict=True
        )
        assert list(imported.matrices) == ["EP123", "EP456"]

    def test_level_names_in_the_language_given(self) -> None:
        """Levels are named by the library in the language asked for."""
        matrix = from_pagerduty(load("pagerduty_get.json"), language="it").matrix
        assert [level.name for level in matrix.levels] == ["Livello 1", "Livello 2"]
        assert matrix.language == "it"

    @pytest.mark.parametrize(
        ("language", "error"), [("xx-!!", ArgumentError), (3, WrongTypeError)]
    )
    def test_bad_language(self, language: Any, error: type[Exception]) -> None:
        """A language that is no identifier is refused before reading."""
        with pytest.raises(error, match="language"):
            from_pagerduty(load("pagerduty_get.json"), language=language)


class TestOpsgenie:
    def test_delays_count_from_the_opening(self) -> None:
        """Rule k+1's delay is level k's, since the opening; rule 1 at once."""
        matrix = from_opsgenie(load("opsgenie_list.json")).matrices[
            "0f3c1e6e-1111-4c1a-9a0e-000000000001"
        ]
        assert matrix.policy.delay_mode == "since_opened"
        assert notified(matrix) == [
            ("L1", 0, 1),
            ("L2", 3, 1),
            ("L3", 8, 1),
            ("L4", 15, 1),
        ]

    def test_jsm_ops_waits_repeats_and_closes(self) -> None:
        """A first delay is a wait; the repeat runs four times; then it closes."""
        matrix = from_opsgenie(load("jsm_ops_create.json")).matrix
        assert notified(matrix) == [
            ("L1", 10, 1),
            ("L1", 40, 2),
            ("L1", 70, 3),
            ("L1", 100, 4),
        ]
        assert plan(matrix, Issue("any", T0)).held.cause == "closed"

    def test_if_not_closed_escalates_after_acknowledgement(self) -> None:
        """if-not-closed rules still fire once the alert is acknowledged."""
        payload = {
            "name": "Mixed",
            "rules": [
                og_rule(0, condition="if-not-closed"),
                og_rule(5, "U2", condition="if-not-closed"),
                og_rule(10, "U3"),
            ],
        }
        matrix = from_opsgenie(payload).matrix
        acknowledged = T0 + timedelta(minutes=1)
        assert notified(matrix, acknowledged_at=acknowledged) == [
            ("L1", 0, 1),
            ("L2", 5, 1),
        ]
        assert from_opsgenie(payload).losses == ()

    def test_acked_before_closed_is_approximated(self) -> None:
        """if-not-acked then if-not-closed cannot be followed exactly: a timing loss."""
        payload = {"rules": [og_rule(1), og_rule(5, condition="if-not-closed")]}
        (loss,) = from_opsgenie(payload).losses
        assert (loss.path, loss.kind, loss.timing) == (
            "$.rules[1].condition",
            "approximated",
            True,
        )

    def test_condition_of_a_first_rule_at_once(self) -> None:
        """A first rule that notifies at once, never repeated: its condition is moot."""
        payload = {"rules": [og_rule(0), og_rule(5, condition="if-not-closed")]}
        imported = from_opsgenie(payload)
        assert imported.losses == ()
        assert imported.matrix.levels[0].escalate_while == "unresolved"
        repeated = {**payload, "repeat": {"waitInterval": 5, "count": 1}}
        (loss,) = from_opsgenie(repeated).losses
        assert (loss.path, loss.kind) == ("$.rules[1].condition", "approximated")

    def test_unordered_and_equal_delays(self) -> None:
        """Rules are put in delay order; rules at the same delay share a level."""
        payload = {
            "name": "Unordered",
            "rules": [og_rule(10, "U3"), og_rule(0, "U1"), og_rule(0, "U2")],
        }
        imported = from_opsgenie(payload)
        matrix = imported.matrix
        assert [
            [contact.ids["opsgenie"] for contact in role.contacts]
            for role in matrix.roles
        ] == [["U1", "U2"], ["U3"]]
        assert [(loss.path, loss.kind) for loss in imported.losses] == [
            ("$.rules", "assumed")
        ]

    @pytest.mark.parametrize(
        ("delay", "seconds", "lost"),
        [
            ({"timeAmount": 2, "timeUnit": "hours"}, 7200, False),
            ({"timeAmount": 90, "timeUnit": "seconds"}, 90, False),
            ({"timeAmount": 1500, "timeUnit": "miliseconds"}, 2, True),
            (3, 180, False),
        ],
    )
    def test_delay_units(self, delay: object, seconds: int, *, lost: bool) -> None:
        """Every timeUnit counts; a fraction of a second is rounded, with a loss."""
        payload = {"rules": [og_rule(0), {**og_rule(0, "U2"), "delay": delay}]}
        imported = from_opsgenie(payload)
        assert imported.matrix.levels[0].delay == timedelta(seconds=seconds)
        assert bool(imported.losses) == lost

    def test_malformed_escalation(self) -> None:
        """Wrong conditions, types and recipients are each reported with a path."""
        payload = {
            "data": {
                "name": "Bad",
                "rules": [
                    {"condition": "if-not-seen", "delay": {"timeAmount": -1}},
                    {"delay": 0, "recipient": {"type": "escalation", "id": "E"}},
                    {"delay": 0, "recipient": {"type": "user"}},
                    {
                        "delay": 0,
                        "notifyType": "next",
                        "recipient": {"type": "team", "id": "T"},
                    },
                    {
                        "delay": {"timeAmount": 1, "timeUnit": "weeks"},
                        "recipient": {"id": "T"},
                    },
                ],
                "repeat": {"count": 500},
            }
        }
        with pytest.raises(ValidationError) as error:
            from_opsgenie(payload)
        assert problems(error) == [
            (
                "$.data.rules[0].condition",
                "must be one of 'if-not-acked', 'if-not-closed', got 'if-not-seen'",
            ),
            ("$.data.rules[0].delay.timeAmount", "must be >= 0, got -1"),
            ("$.data.rules[0].recipient", "missing: an object is required"),
            (
                "$.data.rules[1].recipient.type",
                "must be one of 'user', 'team', 'schedule', got 'escalation'",
            ),
            ("$.data.rules[2].recipient", "missing: an id or a username is required"),
            (
                "$.data.rules[3].notifyType",
                "'next' picks from a schedule; the recipient is a team",
            ),
            (
                "$.data.rules[4].delay.timeUnit",
                "must be one of 'days', 'hours', 'minutes', 'seconds', 'miliseconds', "
                "'milliseconds', 'micros', 'nanos', got 'weeks'",
            ),
            ("$.data.rules[4].recipient.type", "missing: a recipient type is required"),
            ("$.data.repeat.count", "must be from 0 to 100, got 500"),
        ]

    def test_disabled_and_unknown_fields_are_losses(self) -> None:
        """A disabled escalation and unknown fields are reported, not dropped silently."""
        payload = {"name": "X", "enabled": False, "tags": ["a"], "rules": [og_rule(0)]}
        imported = from_opsgenie(payload)
        assert [(loss.path, loss.kind, loss.detail) for loss in imported.losses] == [
            (
                "$.enabled",
                "dropped",
                "the escalation is disabled; the matrix escalates",
            ),
            ("$.tags", "dropped", "unknown field 'tags' is not kept"),
        ]

    def test_no_rules_is_a_loss(self) -> None:
        """An escalation without rules makes no matrix."""
        imported = from_opsgenie({"id": "E1", "name": "Empty", "rules": []})
        assert dict(imported.matrices) == {}
        assert [loss.detail for loss in imported.losses] == [
            "escalation Empty has no rules; a matrix needs at least one level"
        ]


class TestGrafana:
    def test_chain_and_steps(self) -> None:
        """Leading waits are the first wait; round robin is kept."""
        imported = from_grafana_oncall(
            load("grafana_chains_page.json"), load("grafana_steps_page.json")
        )
        matrix = imported.matrix
        assert notified(matrix) == [("L1", 2, 1)]
        assert matrix.levels[0].assignment == "round_robin"

    def test_repeat_and_resolve(self) -> None:
        """repeat_escalation loops five more times; a resolve after it ends the chain."""
        steps = [
            {
                "id": "A",
                "escalation_chain_id": "C",
                "position": 0,
                "type": "notify_persons",
                "persons_to_notify": ["U1"],
            },
            {
                "id": "B",
                "escalation_chain_id": "C",
                "position": 1,
                "type": "wait",
                "duration": 300,
            },
            {
                "id": "D",
                "escalation_chain_id": "C",
                "position": 2,
                "type": "notify_team_members",
                "team_to_notify": "T1",
            },
            {
                "id": "E",
                "escalation_chain_id": "C",
                "position": 3,
                "type": "wait",
                "duration": 600,
            },
            {
                "id": "F",
                "escalation_chain_id": "C",
                "position": 4,
                "type": "repeat_escalation",
            },
            {"id": "G", "escalation_chain_id": "C", "position": 5, "type": "resolve"},
        ]
        imported = from_grafana_oncall(
            [{"id": "C", "name": "Loop"}], list(reversed(steps))
        )
        matrix = imported.matrix
        assert matrix.policy.repeat is not None
        assert (matrix.policy.repeat.times, matrix.policy.repeat.wait) == (
            5,
            timedelta(minutes=10),
        )
        assert matrix.role("level_2").contacts[0].kind == "team"
        times = notified(matrix)
        assert times[:4] == [("L1", 0, 1), ("L2", 5, 1), ("L1", 15, 2), ("L2", 20, 2)]
        assert len(times) == 12
        # Grafana OnCall goes on past the repeat after five: to the resolve,
        # when the last wait of the last pass has run (6 x 15 minutes).
        assert matrix.policy.at_end == "resolve"
        assert plan(matrix, Issue("any", T0)).held == ReasonHeld(
            T0 + timedelta(minutes=90), "L2", "closed"
        )
        assert imported.losses == ()

    def test_resolve_ends_the_chain(self) -> None:
        """A resolve step resolves the issue at the end."""
        steps = [
            {
                "escalation_chain_id": "C",
                "position": 0,
                "type": "notify_user_group",
                "group_to_notify": "G1",
            },
            {"escalation_chain_id": "C", "position": 1, "type": "wait", "duration": 60},
            {"escalation_chain_id": "C", "position": 2, "type": "resolve"},
        ]
        matrix = from_grafana_oncall([{"id": "C", "name": "R"}], steps).matrix
        assert matrix.policy.at_end == "resolve"
        assert matrix.role("level_1").contacts[0].kind == "user_group"

    def test_gates_and_webhooks_are_dropped(self) -> None:
        """Steps without a home are losses; a time window changes timing."""
        steps = [
            {
                "escalation_chain_id": "C",
                "position": 0,
                "type": "notify_if_time_from_to",
                "notify_if_time_from": "09:00:00Z",
                "notify_if_time_to": "18:00:00Z",
            },
            {
                "escalation_chain_id": "C",
                "position": 1,
                "type": "trigger_webhook",
                "action_to_trigger": "W",
            },
            {
                "escalation_chain_id": "C",
                "position": 2,
                "type": "notify_persons",
                "persons_to_notify": ["U"],
                "important": True,
            },
            {"escalation_chain_id": "C", "position": 3, "type": "wait"},
            {
                "escalation_chain_id": "C",
                "position": 4,
                "type": "notify_person_next_each_time",
                "persons_to_notify_next_each_time": ["V"],
            },
            {"escalation_chain_id": "C", "position": 5, "type": None},
        ]
        imported = from_grafana_oncall(
            None, {"results": steps, "next": "https://x/?page=2"}
        )
        assert [(loss.path, loss.kind, loss.timing) for loss in imported.losses] == [
            ("$.results[0]", "dropped", True),
            ("$.results[0].escalation_chain_id", "assumed", False),
            ("$.results[1]", "dropped", False),
            ("$.results[2].important", "dropped", False),
            ("$.results[3]", "assumed", True),
            ("$.results[5].type", "dropped", False),
            ("$.next", "dropped", False),
        ]
        assert [level.delay for level in imported.matrix.levels] == [
            timedelta(minutes=5),
            None,
        ]

    def test_mixed_round_robin_is_approximated(self) -> None:
        """A round-robin step beside another notify step notifies everyone."""
        steps = [
            {
                "escalation_chain_id": "C",
                "position": 0,
                "type": "notify_persons",
                "persons_to_notify": ["U"],
            },
            {
                "escalation_chain_id": "C",
                "position": 1,
                "type": "notify_person_next_each_time",
                "persons_to_notify_next_each_time": ["V"],
            },
        ]
        imported = from_grafana_oncall([{"id": "C", "name": "M"}], steps)
        assert imported.matrix.levels[0].assignment == "all"
        assert [(loss.path, loss.kind) for loss in imported.losses] == [
            ("$[1]", "approximated")
        ]

    def test_run_from_stage(self) -> None:
        """run_from_stage (1-based) starts later passes at that step's level."""
        steps = [
            {
                "escalation_chain_id": "C",
                "position": 0,
                "type": "notify_persons",
                "persons_to_notify": ["U"],
            },
            {"escalation_chain_id": "C", "position": 1, "type": "wait", "duration": 60},
            {
                "escalation_chain_id": "C",
                "position": 2,
                "type": "notify_persons",
                "persons_to_notify": ["V"],
            },
            {
                "escalation_chain_id": "C",
                "position": 3,
                "type": "repeat_escalation",
                "run_from_stage": 3,
            },
        ]
        matrix = from_grafana_oncall([{"id": "C", "name": "F"}], steps).matrix
        assert matrix.policy.repeat is not None
        assert matrix.policy.repeat.from_level == "L2"

    def test_same_id_different_content(self) -> None:
        """One step id with two contents cannot be joined: a validation error."""
        first = {
            "id": "E",
            "escalation_chain_id": "C",
            "position": 0,
            "type": "wait",
            "duration": 60,
        }
        second = {**first, "duration": 300}
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall(None, [first, second])
        assert problems(error) == [
            (
                "$[1]",
                "escalation policy E given twice with different content (also at $[0])",
            )
        ]

    def test_same_chain_id_different_content(self) -> None:
        """One chain id with two contents is refused, as a step id is."""
        chains = [{"id": "C1", "name": "Night"}, {"id": "C1", "name": "Day"}]
        step = {
            "escalation_chain_id": "C1",
            "position": 0,
            "type": "notify_persons",
            "persons_to_notify": ["U1"],
        }
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall(chains, [step], strict=True)
        assert error.value.subject == "Grafana OnCall chains"
        assert problems(error) == [
            (
                "$[1]",
                "escalation chain C1 given twice with different content (also at $[0])",
            )
        ]
        requests = [["escalation_chains", chains[1]], ["escalation_policies", step]]
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall(chains[:1], requests)
        assert error.value.subject == "Grafana OnCall policies"
        assert problems(error) == [
            (
                "$[0][1]",
                "escalation chain C1 given twice with different content "
                "(also at $[0] of the chains)",
            )
        ]

    def test_same_chain_twice_is_one(self) -> None:
        """A chain given twice with the same content makes one matrix."""
        chain = {"id": "C1", "name": "Night"}
        step = {
            "escalation_chain_id": "C1",
            "position": 0,
            "type": "notify_persons",
            "persons_to_notify": ["U1"],
        }
        requests = [["escalation_chains", dict(chain)], ["escalation_policies", step]]
        imported = from_grafana_oncall([chain, dict(chain)], requests, strict=True)
        assert list(imported.matrices) == ["C1"]
        assert imported.matrix.title == "Night"

    def test_same_position_twice(self) -> None:
        """Two steps of one chain at one position are refused."""
        step = {"escalation_chain_id": "C", "position": 0, "type": "resolve"}
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall(None, [step, dict(step)])
        assert problems(error) == [
            ("$[1]", "position 0 of escalation chain C is taken twice (also at $[0])")
        ]

    def test_malformed_steps(self) -> None:
        """Bad types, positions, durations and ids are reported with paths."""
        steps = [
            {"escalation_chain_id": "C", "position": -1, "type": "page_everyone"},
            {"escalation_chain_id": "C", "position": 1, "type": "wait", "duration": 0},
            {
                "escalation_chain_id": "C",
                "position": 2,
                "type": "notify_persons",
                "persons_to_notify": [5],
            },
            {"position": 3, "type": "resolve"},
        ]
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall([{"id": "C", "team_id": 7}], steps)
        assert problems(error) == [("$[0].team_id", "must be a string, got 7")]
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall(None, steps)
        assert error.value.subject == "Grafana OnCall policies"
        assert [path for path, _ in problems(error)] == [
            "$[0].position",
            "$[0].type",
            "$[1].duration",
            "$[2].persons_to_notify[0]",
            "$[3].escalation_chain_id",
        ]

    def test_malformed_requests(self) -> None:
        """Request pairs with a bad endpoint or shape are refused at their paths."""
        wait = {"escalation_chain_id": "C", "position": 0, "type": "wait"}
        requests = [
            [["escalation_policies"], wait],
            [{"escalation_policies": 1}, wait],
            [None, wait],
            ["integrations", wait],
            ["escalation_policies"],
            ["escalation_chains", 1, 2],
            ["escalation_chains", 5],
        ]
        with pytest.raises(ValidationError) as error:
            from_grafana_oncall([], requests)
        endpoints = "one of 'escalation_chains', 'escalation_policies'"
        assert problems(error) == [
            ("$[0][0]", f'must be {endpoints}, got ["escalation_policies"]'),
            ("$[1][0]", f'must be {endpoints}, got {{"escalation_policies": 1}}'),
            ("$[2][0]", f"must be {endpoints}, got null"),
            ("$[3][0]", f"must be {endpoints}, got 'integrations'"),
            (
                "$[4]",
                'must be a request [endpoint, body], got ["escalation_policies"]',
            ),
            (
                "$[5]",
                'must be a request [endpoint, body], got ["escalation_chains", 1, 2]',
            ),
            ("$[6][1]", "must be an object, got 5"),
        ]

    def test_chain_team_is_a_loss(self) -> None:
        """A chain's owner team is not kept."""
        imported = from_grafana_oncall({"id": "C", "name": "T", "team_id": "TEAM1"})
        assert [(loss.source, loss.path) for loss in imported.losses] == [
            ("chains", "$"),
            ("chains", "$.team_id"),
        ]


class TestPriority:
    def test_table_routes_impact_and_urgency(self) -> None:
        """Put on a matrix, the table gives the severity of impact x urgency."""
        imported = from_priority_matrix(load("itil_lookup.json"), base=default_matrix())
        matrix = imported.matrix
        answer = plan(
            matrix,
            Issue("operational_challenges", T0, impact="low", urgency="medium"),
        )
        assert answer.severity == "p4"
        assert imported.overlay is not None
        assert matrix.policy.default_severity is None

    def test_bare_list_of_rows(self) -> None:
        """The lookup rows may be given as a bare list."""
        rows = load("itil_lookup.json")["rules"]
        imported = from_priority_matrix(rows, name="itil")
        assert imported.overlay is not None
        assert imported.overlay.name == "itil"
        assert dict(imported.matrices) == {}

    def test_legend_with_cells(self) -> None:
        """The ITIL legend with its cells gives a table of priority codes."""
        legend = load("itil_legend.json")
        legend["matrix"] = [[1, 1, 2], [1, 2, 3], [2, 3, 3]]
        for code in legend["priority_codes"]:
            del code["target_resolution_time"]
        imported = from_priority_matrix(legend)
        assert imported.losses == ()
        assert imported.overlay is not None
        table = imported.overlay.policy["priority"]
        assert table.table == (
            ("p1", "p1", "p2"),
            ("p1", "p2", "p3"),
            ("p2", "p3", "p3"),
        )
        assert table.impacts == ("high", "medium", "low")

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"rules": []}, [("$.rules", "must hold at least one row")]),
            (
                {
                    "rules": [
                        {"impact": "High", "urgency": "High", "priority": "1"},
                        {"impact": "Low", "urgency": "Low", "priority": "2"},
                    ]
                },
                [
                    (
                        "$.rules",
                        "no row gives the priority of impact 'High' and urgency 'Low'",
                    ),
                    (
                        "$.rules",
                        "no row gives the priority of impact 'Low' and urgency 'High'",
                    ),
                ],
            ),
            (
                [
                    {"impact": "A", "urgency": "B", "priority": "1"},
                    {"impact": "A", "urgency": "B", "priority": "2"},
                ],
                [
                    (
                        "$[1]",
                        "impact 'A' and urgency 'B' are given twice, with priorities '1' and '2'",
                    )
                ],
            ),
            (
                [{"impact": "A", "urgency": 3}],
                [
                    ("$[0].urgency", "must be a string, got 3"),
                    ("$[0].priority", "missing: a name is required"),
                ],
            ),
            (
                {
                    "impact_levels": ["H", "L"],
                    "urgency_levels": ["H"],
                    "priority_codes": [{"priority_code": 1, "description": "One"}],
                    "matrix": [[1], [4]],
                },
                [("$.matrix[1][0]", "must be a priority code (1), got 4")],
            ),
            (
                {
                    "impact_levels": ["H"],
                    "urgency_levels": ["H", ""],
                    "priority_codes": [
                        {"priority_code": 1, "description": "One"},
                        {"priority_code": 1, "description": "Uno"},
                    ],
                    "matrix": [[1, 1], [1]],
                },
                [
                    ("$.urgency_levels[1]", "must be a name, got ''"),
                    ("$.priority_codes[1].priority_code", "code 1 is given twice"),
                ],
            ),
            (
                {
                    "impact_levels": ["H"],
                    "urgency_levels": ["H"],
                    "priority_codes": [{"priority_code": 1, "description": "One"}],
                    "matrix": [[1], [1]],
                },
                [("$.matrix", "must have one row per impact (1), got 2")],
            ),
            (
                {
                    "impact_levels": ["H"],
                    "urgency_levels": ["H"],
                    "priority_codes": [{"priority_code": 1, "description": "One"}],
                    "matrix": [[1, 1]],
                },
                [("$.matrix[0]", "must have one code per urgency (1), got 2")],
            ),
        ],
    )
    def test_incomplete_tables(self, payload: object, expected: list[Any]) -> None:
        """A table with a hole, a clash or a bad cell is refused."""
        with pytest.raises(ValidationError) as error:
            from_priority_matrix(payload)
        assert problems(error) == expected

    def test_colliding_keys_are_numbered(self) -> None:
        """Scale values whose keys would clash are numbered instead."""
        rows = [
            {"impact": impact, "urgency": "U", "priority": "1 - P"}
            for impact in ("1 - High!", "2 - High?")
        ]
        imported = from_priority_matrix(rows)
        assert imported.overlay is not None
        assert imported.overlay.policy["priority"].impacts == ("i1", "i2")

    @pytest.mark.parametrize(
        ("priorities", "expected"),
        [
            (
                ("1 - Critical", "2 - High", "2 - High", "2 - Medium"),
                (
                    "$[3].priority",
                    "priority '2 - Medium' has the code 2 of priority '2 - High' "
                    "(at $[1].priority): both would be severity p2",
                ),
            ),
            (
                ("High", "Low", "high!", "Low"),
                (
                    "$[2].priority",
                    "priority 'high!' would be severity high, as priority 'High' "
                    "is (at $[0].priority): each priority needs its own key",
                ),
            ),
            (
                ("2 - High", "p2", "3 - Low", "3 - Low"),
                (
                    "$[1].priority",
                    "priority 'p2' would be severity p2, as priority '2 - High' "
                    "is (at $[0].priority): each priority needs its own key",
                ),
            ),
        ],
    )
    def test_priorities_of_one_severity_are_refused(
        self, priorities: tuple[str, ...], expected: tuple[str, str]
    ) -> None:
        """Two priorities whose codes or names give one severity key are refused."""
        cells = [
            (i, u) for i in ("1 - High", "2 - Low") for u in ("1 - High", "2 - Low")
        ]
        rows = [
            {"impact": impact, "urgency": urgency, "priority": priority}
            for (impact, urgency), priority in zip(cells, priorities, strict=True)
        ]
        with pytest.raises(ValidationError) as error:
            from_priority_matrix(rows, strict=True)
        assert problems(error) == [expected]

    def test_base_must_be_a_matrix(self) -> None:
        """Base is a Matrix or None."""
        with pytest.raises(WrongTypeError, match="base must be a Matrix or None"):
            from_priority_matrix([], base="default")  # type: ignore[arg-type]


# Opsgenie names a user by its username or id: the names of _matrix's
# people, and so its role titles, are not kept.
_OPSGENIE_NAMES: Final = (
    "$.roles[0].title",
    "$.roles[0].contacts[0].name",
    "$.roles[1].title",
    "$.roles[1].contacts[0].name",
)


def _matrix(**policy: Any) -> Matrix:
    """Two levels, each with a person known to both tools."""
    levels = policy.pop("levels", None) or [
        Level(
            "L1",
            1,
            "first",
            "Level 1",
            delay=timedelta(minutes=10),
            escalate_while="unacknowledged",
        ),
        Level(
            "L2",
            2,
            "second",
            "Level 2",
            delay=timedelta(minutes=25),
            escalate_while="unacknowledged",
        ),
    ]
    roles = [
        Role(
            "first",
            "Ada",
            contacts=[Contact("Ada", ids={"pagerduty": "A", "opsgenie": "A"})],
        ),
        Role(
            "second",
            "Bob",
            contacts=[Contact("Bob", ids={"pagerduty": "B", "opsgenie": "B"})],
        ),
    ]
    return Matrix("m", "M", levels=levels, roles=roles, policy=Policy(**policy))


class TestExport:
    def test_delays_normalised_whatever_the_delay_mode(self) -> None:
        """A since-opened 10 then 25 minutes is 10 then 15 per level for PagerDuty."""
        per_level = to_pagerduty(_matrix(delay_mode="per_level")).payloads[0]
        since = to_pagerduty(_matrix(delay_mode="since_opened")).payloads[0]
        delays = [
            [
                rule["escalation_delay_in_minutes"]
                for rule in payload["escalation_policy"]["escalation_rules"]
            ]
            for payload in (per_level, since)
        ]
        assert delays == [[10, 25], [10, 15]]

    def test_opsgenie_counts_from_the_start(self) -> None:
        """Opsgenie gets each level's notification time since the alert's creation."""
        for mode, expected in (("per_level", [0, 10]), ("since_opened", [0, 10])):
            payload = to_opsgenie(_matrix(delay_mode=mode)).payloads[0]
            assert [
                rule["delay"]["timeAmount"] for rule in payload["rules"]
            ] == expected

    def test_opsgenie_shapes(self) -> None:
        """jsm_ops writes delays as minutes; an unknown shape is refused."""
        payload = to_opsgenie(_matrix(), shape="jsm_ops").payloads[0]
        assert [rule["delay"] for rule in payload["rules"]] == [0, 10]
        with pytest.raises(ArgumentError, match="shape"):
            to_opsgenie(_matrix(), shape="xml")  # type: ignore[arg-type]

    def test_default_matrix_exports_one_policy_per_path(self) -> None:
        """The built-in matrix's severities give three policies, with their losses."""
        matrix = default_matrix()
        targets = {
            role.key: [Contact(role.title, ids={"pagerduty": f"P{n}"})]
            for n, role in enumerate(matrix.roles)
        }
        exported = to_pagerduty(matrix, targets=targets)
        assert [
            [
                target["id"]
                for rule in payload["escalation_policy"]["escalation_rules"]
                for target in rule["targets"]
            ]
            for payload in exported.payloads
        ] == [["P1", "P2", "P3"], ["P0", "P1", "P2", "P3"], ["P0", "P1"]]
        assert [
            payload["escalation_policy"]["name"] for payload in exported.payloads
        ] == [
            "Example issue escalation matrix template (critical)",
            "Example issue escalation matrix template (high, medium)",
            "Example issue escalation matrix template (low)",
        ]
        assert {severity for kinds in exported.used_by for _, severity in kinds} == {
            "critical",
            "high",
            "medium",
            "low",
        }
        assert [(loss.path, loss.kind) for loss in exported.losses] == [
            ("$.issue_types", "dropped"),
            ("$.levels[0].name", "dropped"),
            ("$.levels[0].escalate_while", "approximated"),
            ("$.levels[1].name", "dropped"),
            ("$.levels[1].escalate_while", "approximated"),
            ("$.levels[2].name", "dropped"),
            ("$.levels[2].escalate_while", "approximated"),
            ("$.levels[3].name", "dropped"),
            ("$.policy.severities", "approximated"),
            ("$.policy.priority", "dropped"),
        ]

    def test_no_target_is_an_error(self) -> None:
        """A level without anybody the tool can notify cannot be exported."""
        with pytest.raises(ValidationError) as error:
            to_pagerduty(default_matrix())
        assert [problem.path for problem in error.value.problems] == [
            "$.roles[1].contacts",
            "$.roles[2].contacts",
            "$.roles[3].contacts",
            "$.roles[0].contacts",
        ]

    def test_targets_are_checked(self) -> None:
        """Targets maps role keys to contacts."""
        with pytest.raises(WrongTypeError):
            to_pagerduty(_matrix(), targets=[])  # type: ignore[arg-type]
        with pytest.raises(WrongTypeError):
            to_pagerduty(_matrix(), targets={"first": ["Ada"]})  # type: ignore[list-item]
        with pytest.raises(UnknownRoleError):
            to_pagerduty(_matrix(), targets={"nobody": []})
        with pytest.raises(WrongTypeError, match="matrix must be a Matrix"):
            to_opsgenie("m")  # type: ignore[arg-type]

    def test_what_a_tool_cannot_say(self) -> None:
        """Teams, missing ids, selections and round robin each give a loss."""
        levels = [
            Level(
                "L1",
                1,
                "first",
                "Level 1",
                delay=timedelta(seconds=90),
                escalate_while="unacknowledged",
                assignment="round_robin",
            ),
            Level("L2", 2, "second", "Level 2"),
        ]
        matrix = _matrix(levels=levels, delay_mode="per_level")
        targets = {
            "first": [
                Contact("Ops", kind="team", ids={"pagerduty": "T", "opsgenie": "T"}),
                Contact(
                    "Rota",
                    kind="schedule",
                    select="next_on_call",
                    ids={"pagerduty": "S", "opsgenie": "S"},
                ),
                Contact("Guild", kind="user_group", ids={"opsgenie": "G"}),
                Contact("Eve", email="eve@example.com"),
            ]
        }
        pagerduty = to_pagerduty(matrix, targets=targets)
        assert [(loss.path, loss.kind, loss.detail) for loss in pagerduty.losses] == [
            # An import titles the role by the one contact written, Rota.
            (
                "$.roles[0].title",
                "dropped",
                "role titles are not kept: PagerDuty names none",
            ),
            (
                "$.roles[0].contacts[0]",
                "dropped",
                "contact 'Ops' has kind 'team', which PagerDuty cannot notify",
            ),
            (
                "$.roles[0].contacts[1].select",
                "approximated",
                "contact 'Rota' picks 'next_on_call', which PagerDuty cannot say",
            ),
            (
                "$.roles[0].contacts[2]",
                "dropped",
                "contact 'Guild' has kind 'user_group', which PagerDuty cannot notify",
            ),
            (
                "$.roles[0].contacts[3]",
                "dropped",
                "contact 'Eve' has no PagerDuty id and is not kept",
            ),
            ("$.levels[0].delay", "approximated", "delay 1m30s is rounded to 2m"),
        ]
        rules = pagerduty.payloads[0]["escalation_policy"]["escalation_rules"]
        assert rules[0]["escalation_rule_assignment_strategy"] == "round_robin"
        opsgenie = to_opsgenie(matrix, targets=targets)
        assert [(loss.path, loss.kind) for loss in opsgenie.losses] == [
            ("$.roles[0].title", "dropped"),
            ("$.roles[0].contacts[2]", "dropped"),
            # Opsgenie names a user by its username (or id): Eve's e-mail.
            ("$.roles[0].contacts[3].name", "dropped"),
            ("$.roles[1].title", "dropped"),
            ("$.roles[1].contacts[0].name", "dropped"),
            ("$.levels[0].assignment", "approximated"),
            ("$.levels[0].delay", "approximated"),
        ]
        recipients = [rule["recipient"] for rule in opsgenie.payloads[0]["rules"]]
        assert recipients[:4] == [
            {"type": "team", "id": "T", "name": "Ops"},
            {"type": "schedule", "id": "S", "name": "Rota"},
            {"type": "user", "username": "eve@example.com"},
            {"type": "user", "id": "B"},
        ]

    def test_timing_a_tool_cannot_follow(self) -> None:
        """First waits, resets, long repeats and resolution are timing losses."""
        matrix = _matrix(
            first_wait=FirstWait(timedelta(minutes=2), "unacknowledged"),
            repeat=Repeat(
                30, timedelta(minutes=5), from_level="L2", reset_acknowledgement=True
            ),
            at_end="resolve",
        )
        pagerduty = to_pagerduty(matrix)
        assert [(loss.path, loss.timing) for loss in pagerduty.losses] == [
            ("$.policy.first_wait", True),
            ("$.policy.at_end", True),
            ("$.policy.repeat.from_level", True),
            ("$.policy.repeat.reset_acknowledgement", True),
            ("$.policy.repeat.times", True),
        ]
        assert pagerduty.payloads[0]["escalation_policy"]["num_loops"] == 9
        opsgenie = to_opsgenie(matrix)
        assert [loss.path for loss in opsgenie.losses] == [
            *_OPSGENIE_NAMES,
            "$.policy.repeat.from_level",
            "$.policy.repeat.times",
        ]
        assert opsgenie.payloads[0]["repeat"] == {
            "waitInterval": 5,
            "count": 20,
            "resetRecipientStates": True,
            "closeAlertAfterAll": True,
        }
        assert [
            rule["delay"]["timeAmount"] for rule in opsgenie.payloads[0]["rules"]
        ] == [2, 12]

    def test_resolve_without_repeat_for_opsgenie(self) -> None:
        """Opsgenie closes an alert only after repeats: without one it is lost."""
        exported = to_opsgenie(_matrix(at_end="resolve"))
        assert [loss.path for loss in exported.losses] == [
            *_OPSGENIE_NAMES,
            "$.policy.at_end",
        ]

    def test_held_level_ends_the_policy(self) -> None:
        """A level without a delay below the top ends the rules there."""
        levels = [
            Level("L1", 1, "first", "Level 1"),
            Level("L2", 2, "second", "Level 2"),
        ]
        exported = to_pagerduty(_matrix(levels=levels))
        assert len(exported.payloads[0]["escalation_policy"]["escalation_rules"]) == 1
        assert [(loss.path, loss.kind) for loss in exported.losses] == [
            # Bob's level, and so his role, is not written.
            ("$.roles[1].title", "dropped"),
            ("$.levels[0].delay", "dropped"),
        ]

    def test_strict_export(self) -> None:
        """strict=True refuses an export with losses, and allows one without."""
        with pytest.raises(LossyConversionError) as error:
            to_pagerduty(
                default_matrix(),
                strict=True,
                targets={
                    role.key: [Contact("X", ids={"pagerduty": "X"})]
                    for role in default_matrix().roles
                },
            )
        assert isinstance(error.value.result, Exported)
        assert to_pagerduty(_matrix(), strict=True).losses == ()


class TestRoundTrips:
    @pytest.mark.parametrize(
        "name",
        [
            "pagerduty_get.json",
            "pagerduty_create.json",
            "pagerduty_escalation_policy_7.json",
        ],
    )
    def test_pagerduty_back_to_pagerduty(self, name: str) -> None:
        """Rules, delays, targets, strategies and loops come back as they were."""
        source = load(name)
        for matrix in from_pagerduty(source).matrices.values():
            exported = to_pagerduty(matrix, strict=True)
            (body,) = exported.payloads
            policy = body["escalation_policy"]
            original = _pagerduty_policy(source, policy["name"])
            assert policy["num_loops"] == original.get("num_loops", 0)
            assert [
                (
                    rule["escalation_delay_in_minutes"],
                    [
                        (target["id"], target["type"].replace("_reference", ""))
                        for target in rule["targets"]
                    ],
                    rule["escalation_rule_assignment_strategy"],
                )
                for rule in policy["escalation_rules"]
            ] == [
                (
                    rule["escalation_delay_in_minutes"],
                    [
                        (target["id"], target["type"].replace("_reference", ""))
                        for target in rule["targets"]
                    ],
                    _strategy(rule.get("escalation_rule_assignment_strategy")),
                )
                for rule in original["escalation_rules"]
            ]

    @pytest.mark.parametrize(
        "name", ["opsgenie_list.json", "opsgenie_create.json", "jsm_ops_create.json"]
    )
    def test_opsgenie_back_to_opsgenie(self, name: str) -> None:
        """Rules, delays, conditions, recipients and repeats come back as they were."""
        source = load(name)
        originals = source.get("data", [source])
        for original, matrix in zip(
            originals, from_opsgenie(source).matrices.values(), strict=True
        ):
            jsm = name.startswith("jsm")
            shape: Literal["jsm_ops", "opsgenie"] = "jsm_ops" if jsm else "opsgenie"
            (body,) = to_opsgenie(matrix, shape=shape, strict=True).payloads
            expected = copy.deepcopy(original)
            for key in ("id", "ownerTeam", "enabled"):
                expected.pop(key, None)
            if not expected.get("description"):
                expected.pop("description", None)
            assert body == expected

    @pytest.mark.parametrize(
        "name",
        [
            "pagerduty_get.json",
            "pagerduty_create.json",
            "pagerduty_escalation_policy_7.json",
            "pagerduty_schema_example.json",
            "opsgenie_list.json",
            "opsgenie_create.json",
            "jsm_ops_create.json",
        ],
    )
    def test_contacts_and_titles_come_back(self, name: str) -> None:
        """An import of the export names the contacts and roles as the first did.

        PagerDuty's targets carry their summaries, Opsgenie's users their
        usernames and its teams and schedules their names: nothing is lost.
        """
        source = load(name)
        if name.startswith("pagerduty"):
            reader, writer = from_pagerduty, to_pagerduty
        else:
            reader, writer = from_opsgenie, to_opsgenie
        for matrix in reader(source).matrices.values():
            exported = writer(matrix, strict=True)
            assert exported.losses == ()
            (body,) = exported.payloads
            assert reader(body).matrix.roles == matrix.roles

    def test_texts_a_tool_cannot_hold_are_losses(self) -> None:
        """Each name, address, phone or chat an export leaves out is a loss at its path."""
        ada = Contact(
            "Ada Lovelace",
            email="ada@example.com",
            phone="+39 06 1234",
            chat="@ada",
            ids={"pagerduty": "PA", "opsgenie": "OA"},
        )
        rota = Contact(
            "Rota",
            kind="schedule",
            email="rota@example.com",
            ids={"pagerduty": "PS", "opsgenie": "OS"},
        )
        roles = [
            Role("first", "Payments lead", contacts=[ada]),
            Role("second", "Rota", contacts=[rota]),
        ]
        matrix = Matrix("m", "M", levels=_matrix().levels, roles=roles)
        pagerduty = to_pagerduty(matrix)
        assert [(loss.path, loss.kind, loss.detail) for loss in pagerduty.losses] == [
            (
                "$.roles[0].title",
                "dropped",
                "role titles are not kept: PagerDuty names none",
            ),
            (
                "$.roles[0].contacts[0].email",
                "dropped",
                "field 'email' of contact 'Ada Lovelace' is not kept: PagerDuty has "
                "no place for it",
            ),
            ("$.roles[0].contacts[0].phone", "dropped", ANY),
            ("$.roles[0].contacts[0].chat", "dropped", ANY),
            ("$.roles[1].contacts[0].email", "dropped", ANY),
        ]
        rules = pagerduty.payloads[0]["escalation_policy"]["escalation_rules"]
        assert [rule["targets"] for rule in rules] == [
            [{"id": "PA", "type": "user_reference", "summary": "Ada Lovelace"}],
            [{"id": "PS", "type": "schedule_reference", "summary": "Rota"}],
        ]
        opsgenie = to_opsgenie(matrix)
        assert [(loss.path, loss.detail) for loss in opsgenie.losses] == [
            ("$.roles[0].title", "role titles are not kept: Opsgenie names none"),
            (
                "$.roles[0].contacts[0].name",
                "the name of contact 'Ada Lovelace' is not kept: Opsgenie names a "
                "user by its username or id, 'ada@example.com'",
            ),
            ("$.roles[0].contacts[0].phone", ANY),
            ("$.roles[0].contacts[0].chat", ANY),
            ("$.roles[1].contacts[0].email", ANY),
        ]
        assert [rule["recipient"] for rule in opsgenie.payloads[0]["rules"]] == [
            {"type": "user", "id": "OA", "username": "ada@example.com"},
            {"type": "schedule", "id": "OS", "name": "Rota"},
        ]
        back = from_opsgenie(opsgenie.payloads[0]).matrix
        assert [contact.email for contact in back.roles[0].contacts] == [
            "ada@example.com"
        ]

    @pytest.mark.parametrize("mode", ["per_level", "since_opened"])
    @pytest.mark.parametrize("export", [to_pagerduty, to_opsgenie])
    def test_matrix_to_tool_and_back_keeps_the_timeline(
        self, mode: str, export: Callable[..., Exported]
    ) -> None:
        """A matrix sent to a tool and read back notifies the same people at the same times."""
        matrix = _matrix(delay_mode=mode, repeat=Repeat(2, timedelta(minutes=7)))
        exported = export(matrix)
        # Opsgenie names a user by its id: only the names are lost.
        assert {loss.path.rpartition(".")[2] for loss in exported.losses} <= {
            "title",
            "name",
        }
        reader = from_pagerduty if export is to_pagerduty else from_opsgenie
        back = reader(exported.payloads[0]).matrix
        for acknowledged in (None, T0 + timedelta(minutes=12)):
            assert _who_when(back, acknowledged) == _who_when(matrix, acknowledged)


def _who_when(matrix: Matrix, acknowledged: datetime | None) -> list[Any]:
    answer = plan(matrix, Issue("any", T0, acknowledged_at=acknowledged))
    return [
        (
            minutes(stage.notify_at),
            stage.cycle,
            [sorted(set(contact.ids.values())) for contact in stage.role.contacts],
        )
        for stage in answer.stages
    ]


def _pagerduty_policy(source: Any, name: str) -> Any:
    policies = (
        source
        if isinstance(source, list)
        else [source.get("escalation_policy", source)]
    )
    return next(policy for policy in policies if policy["name"] == name)


def _strategy(value: object) -> str:
    if isinstance(value, list):
        value = value[0]
    if isinstance(value, dict):
        value = value["type"]
    return "assign_to_everyone" if value is None else str(value)


class TestLosses:
    def test_loss_in_italian(self) -> None:
        """A loss says its detail in the language asked for."""
        imported = from_pagerduty(load("pagerduty_get.json"))
        loss = imported.losses[0]
        assert str(loss) == (
            "$.escalation_policy.services[0]: dropped: service 'Checkout' (PSVC001) "
            "that uses this policy is not kept"
        )
        assert translate_loss(loss) == loss.detail
        assert translate_loss(loss, "it") == (
            "il servizio 'Checkout' (PSVC001) che usa questa policy non viene conservato"
        )

    def test_loss_without_message(self) -> None:
        """A loss made by hand is said as its detail."""
        loss = Loss("$.x", "dropped", "gone", "file.json")
        assert str(loss) == "file.json: $.x: dropped: gone"
        assert translate_loss(loss, "it") == "gone"
        with pytest.raises(WrongTypeError):
            translate_loss("gone")  # type: ignore[arg-type]

    def test_repr(self) -> None:
        """Results show their counts."""
        assert (
            repr(from_pagerduty(load("pagerduty_get.json")))
            == "<Imported matrices=1 losses=2>"
        )
        assert repr(to_pagerduty(_matrix())) == "<Exported payloads=1 losses=0>"
