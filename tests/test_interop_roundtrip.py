"""Round trips through the tools' payloads, over generated policies and matrices.

Tool to library to tool gives the tool's payload back in its canonical form;
the imported matrix notifies who the tool would, when the tool would (an
independent reading of each tool's documented timeline); and a matrix sent
to a tool and read back keeps its timeline.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from escalation_matrix import Issue, Level, Matrix, Policy, Repeat, Role, plan
from escalation_matrix.contacts import Contact
from escalation_matrix.interop import (
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    to_opsgenie,
    to_pagerduty,
)
from escalation_matrix.typing import DelayMode, EscalateWhile

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)

ids = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=4, max_size=8)
names = st.text("abcdefghij XYZ-", min_size=1, max_size=20).filter(str.strip)


def minutes(moment: datetime) -> float:
    return (moment - T0).total_seconds() / 60


def notifications(
    matrix: Matrix, acknowledged: float | None
) -> list[tuple[float, int, int]]:
    """(minutes, pass, level index) of each notification in the matrix's plan."""
    at = None if acknowledged is None else T0 + timedelta(minutes=acknowledged)
    answer = plan(matrix, Issue("any", T0, acknowledged_at=at))
    return [
        (minutes(stage.notify_at), stage.cycle, stage.level.rank - 1)
        for stage in answer.stages
        if stage.notify_at is not None
    ]


# PagerDuty --------------------------------------------------------------------

TARGET_TYPES = ("user_reference", "schedule_reference", "user", "schedule")


@st.composite
def pagerduty_rules(draw: st.DrawFn) -> dict[str, Any]:
    targets = draw(
        st.lists(
            st.fixed_dictionaries({"id": ids, "type": st.sampled_from(TARGET_TYPES)}),
            min_size=1,
            max_size=3,
            # A target named twice in a rule is a loss (kept once).
            unique_by=lambda target: (
                target["type"].removesuffix("_reference"),
                target["id"],
            ),
        )
    )
    rule: dict[str, Any] = {
        "escalation_delay_in_minutes": draw(st.integers(1, 240)),
        "targets": targets,
    }
    strategy = draw(st.sampled_from([None, "round_robin", "assign_to_everyone"]))
    shape = draw(st.sampled_from(["string", "object", "list"]))
    if strategy is not None:
        rule["escalation_rule_assignment_strategy"] = {
            "string": strategy,
            "object": {"type": strategy},
            "list": [{"type": strategy}],
        }[shape]
    return rule


@st.composite
def pagerduty_policies(draw: st.DrawFn) -> dict[str, Any]:
    policy: dict[str, Any] = {
        "id": draw(ids),
        "type": "escalation_policy",
        "name": draw(names),
        "escalation_rules": draw(st.lists(pagerduty_rules(), min_size=1, max_size=5)),
        "num_loops": draw(st.integers(0, 9)),
    }
    if draw(st.booleans()):
        policy["description"] = draw(names)
    if draw(st.booleans()):
        policy["on_call_handoff_notifications"] = "if_has_services"
    return policy


def envelope(policy: dict[str, Any], shape: str) -> Any:
    return {
        "single": {"escalation_policy": policy},
        "bare": policy,
        "list": [policy],
        "page": {
            "escalation_policies": [policy],
            "limit": 25,
            "offset": 0,
            "more": False,
        },
    }[shape]


def canonical_pagerduty(policy: dict[str, Any]) -> dict[str, Any]:
    """The create body PagerDuty's API takes for *policy*, as the export writes it."""
    rules = []
    for rule in policy["escalation_rules"]:
        strategy = rule.get("escalation_rule_assignment_strategy", "assign_to_everyone")
        if isinstance(strategy, list):
            strategy = strategy[0]
        if isinstance(strategy, dict):
            strategy = strategy["type"]
        rules.append(
            {
                "escalation_delay_in_minutes": rule["escalation_delay_in_minutes"],
                "targets": [
                    {
                        "id": target["id"],
                        "type": target["type"].removesuffix("_reference")
                        + "_reference",
                    }
                    for target in rule["targets"]
                ],
                "escalation_rule_assignment_strategy": strategy,
            }
        )
    body: dict[str, Any] = {"type": "escalation_policy", "name": policy["name"]}
    if policy.get("description"):
        body["description"] = policy["description"]
    body["escalation_rules"] = rules
    body["num_loops"] = policy["num_loops"]
    body["on_call_handoff_notifications"] = "if_has_services"
    return {"escalation_policy": body}


def pagerduty_timeline(
    policy: dict[str, Any], acknowledged: float | None
) -> list[tuple[float, int, int]]:
    """Who PagerDuty notifies when: each rule in turn, the policy looped num_loops times."""
    delays = [
        rule["escalation_delay_in_minutes"] for rule in policy["escalation_rules"]
    ]
    out: list[tuple[float, int, int]] = []
    start = 0
    for cycle in range(policy["num_loops"] + 1):
        for index, delay in enumerate(delays):
            if acknowledged is not None and start >= acknowledged:
                return out
            out.append((float(start), cycle + 1, index))
            start += delay
    return out


@given(pagerduty_policies(), st.sampled_from(["single", "bare", "list", "page"]))
def test_pagerduty_comes_back(policy: dict[str, Any], shape: str) -> None:
    """PagerDuty -> matrix -> PagerDuty gives the policy's create body back, losslessly."""
    imported = from_pagerduty(envelope(policy, shape), strict=True)
    exported = to_pagerduty(imported.matrix, strict=True)
    assert exported.payloads == (canonical_pagerduty(policy),)


@given(pagerduty_policies(), st.none() | st.integers(0, 2000).map(lambda n: n + 0.5))
def test_pagerduty_timeline(policy: dict[str, Any], acknowledged: float | None) -> None:
    """The imported matrix notifies each level when PagerDuty would notify its rule."""
    matrix = from_pagerduty(policy).matrix
    assert notifications(matrix, acknowledged) == pagerduty_timeline(
        policy, acknowledged
    )


# Opsgenie ---------------------------------------------------------------------

NOTIFY = {
    "user": ["default"],
    "team": ["default", "all", "admins", "users", "random"],
    "schedule": ["default", "next", "previous"],
}


@st.composite
def opsgenie_escalations(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 5))
    first = draw(st.sampled_from([0, 0, 1, 5]))
    gaps = draw(st.lists(st.integers(1, 60), min_size=count - 1, max_size=count - 1))
    delays = [first]
    for gap in gaps:
        delays.append(delays[-1] + gap)
    closed = draw(st.integers(0, count))
    repeat = draw(
        st.none()
        | st.fixed_dictionaries(
            {
                "waitInterval": st.integers(0, 60),
                "count": st.integers(1, 20),
                "resetRecipientStates": st.booleans(),
                "closeAlertAfterAll": st.just(False),
            }
        )
    )
    if repeat is not None and not repeat["resetRecipientStates"]:
        closed = draw(st.sampled_from([0, count]))
    rules = []
    for index, delay in enumerate(delays):
        kind = draw(st.sampled_from(sorted(NOTIFY)))
        rule: dict[str, Any] = {
            "condition": "if-not-closed" if index < closed else "if-not-acked",
            "notifyType": draw(st.sampled_from(NOTIFY[kind])),
            "delay": {"timeAmount": delay, "timeUnit": "minutes"},
            "recipient": {"type": kind, "id": draw(ids)},
        }
        if rule["condition"] == "if-not-acked" and draw(st.booleans()):
            del rule["condition"]
        if rule["notifyType"] == "default" and draw(st.booleans()):
            del rule["notifyType"]
        if draw(st.booleans()):
            rule["delay"] = {"timeAmount": delay}
        rules.append(rule)
    escalation: dict[str, Any] = {"name": draw(names), "rules": rules}
    if repeat is not None:
        escalation["repeat"] = repeat
    return escalation


def canonical_opsgenie(escalation: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(escalation)
    for rule in body["rules"]:
        rule.setdefault("condition", "if-not-acked")
        rule.setdefault("notifyType", "default")
        rule["delay"] = {
            "timeAmount": rule["delay"]["timeAmount"],
            "timeUnit": "minutes",
        }
        rule["condition"], rule["notifyType"], rule["delay"], rule["recipient"] = (
            rule.pop("condition"),
            rule.pop("notifyType"),
            rule.pop("delay"),
            rule.pop("recipient"),
        )
    return body


def opsgenie_timeline(
    escalation: dict[str, Any], acknowledged: float | None
) -> list[tuple[float, int, int]]:
    """Who Opsgenie notifies when: each rule at its delay from the cycle's start."""
    rules = escalation["rules"]
    delays = [rule["delay"]["timeAmount"] for rule in rules]
    closed = [rule.get("condition") == "if-not-closed" for rule in rules]
    repeat = escalation.get("repeat")
    cycles = 1 + (repeat["count"] if repeat else 0)
    reset = bool(repeat and repeat["resetRecipientStates"])
    out: list[tuple[float, int, int]] = []
    start = 0
    for cycle in range(cycles):
        ack = acknowledged
        if reset and ack is not None and ack < start:
            ack = None  # reset at the start of this cycle
        for index, delay in enumerate(delays):
            time = start + delay
            if closed[index] or ack is None or time < ack:
                out.append((float(time), cycle + 1, index))
        if repeat is None:
            break
        start += delays[-1] + repeat["waitInterval"]
        if not reset and not closed[0] and ack is not None and ack < start:
            break
    return out


@given(opsgenie_escalations(), st.sampled_from(["bare", "data", "list"]))
def test_opsgenie_comes_back(escalation: dict[str, Any], shape: str) -> None:
    """Opsgenie -> matrix -> Opsgenie gives the escalation back, losslessly."""
    payload = {
        "bare": escalation,
        "data": {"data": escalation, "took": 0.1},
        "list": [escalation],
    }[shape]
    imported = from_opsgenie(payload, strict=True)
    exported = to_opsgenie(imported.matrix, strict=True)
    assert exported.payloads == (canonical_opsgenie(escalation),)


@given(opsgenie_escalations(), st.none() | st.integers(0, 3000).map(lambda n: n + 0.5))
@example(
    {
        "name": "a",
        "rules": [
            {
                "condition": "if-not-closed",
                "delay": {"timeAmount": 0},
                "recipient": {"type": "user", "id": "AAAA"},
            },
            {"delay": {"timeAmount": 5}, "recipient": {"type": "team", "id": "BBBB"}},
        ],
    },
    1.5,
)
def test_opsgenie_timeline(
    escalation: dict[str, Any], acknowledged: float | None
) -> None:
    """The imported matrix notifies each level when Opsgenie would notify its rule."""
    matrix = from_opsgenie(escalation).matrix
    assert notifications(matrix, acknowledged) == opsgenie_timeline(
        escalation, acknowledged
    )


# Library -> tool -> library -----------------------------------------------------


@st.composite
def matrices(draw: st.DrawFn) -> Matrix:
    count = draw(st.integers(1, 4))
    mode: DelayMode = draw(st.sampled_from(["per_level", "since_opened"]))
    steps = draw(st.lists(st.integers(1, 90), min_size=count, max_size=count))
    condition: EscalateWhile = draw(st.sampled_from(["unacknowledged", "unresolved"]))
    levels, roles = [], []
    total = 0
    for index, step in enumerate(steps):
        total += step
        delay = timedelta(minutes=total if mode == "since_opened" else step)
        last = index == count - 1
        levels.append(
            Level(
                f"L{index + 1}",
                index + 1,
                f"level_{index + 1}",
                f"Level {index + 1}",
                delay=None if last and draw(st.booleans()) else delay,
                escalate_while=condition,
            )
        )
        person = Contact(
            f"P{index}", ids={"pagerduty": f"P{index}", "opsgenie": f"P{index}"}
        )
        roles.append(Role(f"level_{index + 1}", f"P{index}", contacts=[person]))
    repeat = None
    if draw(st.booleans()):
        repeat = Repeat(
            draw(st.integers(1, 9)), timedelta(minutes=draw(st.integers(1, 60)))
        )
    policy = Policy(delay_mode=mode, repeat=repeat)
    return Matrix("generated", "Generated", levels=levels, roles=roles, policy=policy)


@given(
    matrices(),
    st.sampled_from(["pagerduty", "opsgenie"]),
    st.none() | st.integers(0, 900).map(lambda n: n + 0.5),
)
def test_matrix_timeline_survives_a_tool(
    matrix: Matrix, tool: str, acknowledged: float | None
) -> None:
    """A matrix the tool can hold comes back notifying the same people at the same times."""
    if tool == "pagerduty":
        exported = to_pagerduty(matrix)
        back = from_pagerduty(exported.payloads[0]).matrix
    else:
        exported = to_opsgenie(matrix)
        back = from_opsgenie(exported.payloads[0]).matrix
    if any(loss.timing for loss in exported.losses):
        return
    assert _ids(back, acknowledged) == _ids(matrix, acknowledged)


def _ids(
    matrix: Matrix, acknowledged: float | None
) -> list[tuple[float, int, list[str]]]:
    at = None if acknowledged is None else T0 + timedelta(minutes=acknowledged)
    answer = plan(matrix, Issue("any", T0, acknowledged_at=at))
    return [
        (
            minutes(stage.notify_at),
            stage.cycle,
            sorted(
                {
                    value
                    for contact in stage.role.contacts
                    for value in contact.ids.values()
                }
            ),
        )
        for stage in answer.stages
        if stage.notify_at is not None
    ]


# Grafana OnCall -------------------------------------------------------------------


@st.composite
def grafana_steps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A chain's steps: waits and notify steps, maybe a repeat, a resolve or both."""
    kinds = draw(
        st.lists(st.sampled_from(["wait", "notify"]), min_size=1, max_size=8).filter(
            lambda kinds: "notify" in kinds
        )
    )
    end = draw(
        st.sampled_from(
            [(), ("repeat_escalation",), ("resolve",), ("repeat_escalation", "resolve")]
        )
    )
    steps: list[dict[str, Any]] = []
    for kind in [*kinds, *end]:
        step: dict[str, Any] = {"escalation_chain_id": "CHAIN", "type": kind}
        if kind == "wait":
            step["duration"] = draw(st.integers(1, 60)) * 60
        elif kind == "notify":
            step["type"] = "notify_persons"
            step["persons_to_notify"] = [draw(ids)]
        steps.append(step)
    for position, step in enumerate(steps):
        step["position"] = position
    return steps


def grafana_timeline(
    steps: list[dict[str, Any]], acknowledged: float | None
) -> list[tuple[float, int, int]]:
    """Who Grafana OnCall notifies when: the steps in order, repeated up to 5 times."""
    out: list[tuple[float, int, int]] = []
    now, cycle, repeats, index, level = 0.0, 1, 0, 0, -1
    previous_notify = False
    while index < len(steps):
        step = steps[index]
        kind = step["type"]
        index += 1
        if kind == "wait":
            now += step["duration"] / 60
            previous_notify = False
        elif kind == "notify_persons":
            if not previous_notify:
                level += 1
                if acknowledged is not None and now >= acknowledged:
                    return out
                out.append((now, cycle, level))
            previous_notify = True
        elif kind == "repeat_escalation" and repeats < 5:
            repeats += 1
            cycle += 1
            index, level, previous_notify = 0, -1, False
    return out


@given(
    grafana_steps(),
    st.randoms(),
    st.none() | st.integers(0, 3000).map(lambda n: n + 0.5),
)
def test_grafana_timeline(
    steps: list[dict[str, Any]], random: Any, acknowledged: float | None
) -> None:
    """The imported chain notifies each level when Grafana OnCall would, whatever the order given."""
    shuffled = steps[:]
    random.shuffle(shuffled)
    page = {"count": len(steps), "next": None, "previous": None, "results": shuffled}
    imported = from_grafana_oncall(
        [{"id": "CHAIN", "name": "Chain"}], page, strict=True
    )
    assert notifications(imported.matrix, acknowledged) == grafana_timeline(
        steps, acknowledged
    )
    if steps[-1]["type"] == "resolve":
        # Untouched, the alert group is resolved when the tool reaches the step.
        held = plan(imported.matrix, Issue("any", T0)).held
        assert (held.cause, minutes(held.at)) == ("closed", grafana_resolved(steps))


def grafana_resolved(steps: list[dict[str, Any]]) -> float:
    """When Grafana OnCall reaches the final resolve step of an untouched chain."""
    passes = 6 if any(step["type"] == "repeat_escalation" for step in steps) else 1
    seconds: int = sum(step.get("duration", 0) for step in steps)
    return passes * seconds / 60
