"""The rarer shapes of tool payloads and matrices, each converted or refused."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest

from escalation_matrix import IssueType, Level, Matrix, Policy, Role, Severity, interop
from escalation_matrix._cli import interop_commands
from escalation_matrix._cli.main import main
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import LossyConversionError, ValidationError
from escalation_matrix.interop import (
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    from_priority_matrix,
    to_opsgenie,
    to_pagerduty,
)
from escalation_matrix.rules import Compare, Rule

RULE = {"escalation_delay_in_minutes": 5, "targets": [{"id": "U", "type": "user"}]}
TEXTS = {"L1": "Look", "L2": "Fix", "L3": "Decide"}
OG_RULE = {"delay": 0, "recipient": {"type": "user", "id": "U"}}


def paths(call: Any, *payload: Any) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(*payload)
    return [problem.path for problem in error.value.problems]


@pytest.mark.parametrize(
    ("call", "payload", "expected"),
    [
        (
            from_pagerduty,
            [3, {"escalation_rules": [RULE, 4]}],
            ["$[0]", "$[1].escalation_rules[1]"],
        ),
        (
            from_pagerduty,
            {"escalation_rules": [{**RULE, "targets": [5]}]},
            ["$.escalation_rules[0].targets[0]"],
        ),
        (
            from_pagerduty,
            {"escalation_rules": [RULE], "services": ["S"]},
            ["$.services[0]"],
        ),
        (from_pagerduty, {"escalation_policy": 7}, ["$.escalation_policy"]),
        (from_opsgenie, [1, {"rules": [2]}], ["$[0]", "$[1].rules[0]"]),
        (
            from_opsgenie,
            {"data": [{"rules": [OG_RULE]}, {"id": "E", "rules": "x"}]},
            ["$.data[1].rules"],
        ),
        (
            from_opsgenie,
            {"rules": [{"recipient": {"type": "user", "id": "U"}}]},
            ["$.rules[0].delay"],
        ),
        (
            from_opsgenie,
            {"rules": [{**OG_RULE, "delay": {"timeAmount": 9999, "timeUnit": "days"}}]},
            ["$.rules[0].delay.timeAmount"],
        ),
        (
            from_opsgenie,
            [{"id": "E", "rules": [OG_RULE]}, {"id": "E", "rules": [OG_RULE]}],
            ["$[1]"],
        ),
        (
            from_opsgenie,
            {"rules": [OG_RULE], "repeat": {"resetRecipientStates": "yes"}},
            ["$.repeat.resetRecipientStates"],
        ),
        (from_opsgenie, {"rules": [{**OG_RULE, "delay": 1.5}]}, ["$.rules[0].delay"]),
        (from_grafana_oncall, ("chains", None), ["$"]),
        (from_grafana_oncall, ([5], None), ["$[0]"]),
        (from_grafana_oncall, (None, [6]), ["$[0]"]),
        (from_priority_matrix, ("table",), ["$"]),
        (from_priority_matrix, ([7],), ["$[0]"]),
        (
            from_priority_matrix,
            ({"impact_levels": ["H"], "urgency_levels": ["H"], "priority_codes": [8]},),
            ["$.priority_codes[0]"],
        ),
        (
            from_priority_matrix,
            (
                {
                    "impact_levels": ["H"],
                    "urgency_levels": ["H"],
                    "priority_codes": [{"priority_code": 1}],
                    "matrix": [[1]],
                },
            ),
            ["$.priority_codes[0].description"],
        ),
        (
            from_priority_matrix,
            ({"urgency_levels": ["H"], "priority_codes": []},),
            ["$.impact_levels"],
        ),
    ],
)
def test_refused(call: Any, payload: Any, expected: list[str]) -> None:
    """Each malformed shape is a problem at its path."""
    arguments = payload if isinstance(payload, tuple) else (payload,)
    assert paths(call, *arguments) == expected


def test_opsgenie_bare_list_and_nameless() -> None:
    """A bare list of escalations; one without a name is titled by its id."""
    imported = from_opsgenie([{"id": "E1", "rules": [OG_RULE]}])
    assert imported.matrix.title == "E1"
    assert [loss.detail for loss in imported.losses] == [
        "escalation E1 has no name; the matrix is titled by its id"
    ]


def test_opsgenie_float_minutes() -> None:
    """A whole number written as a float is read."""
    payload = {"rules": [OG_RULE, {**OG_RULE, "delay": 4.0}]}
    assert from_opsgenie(payload).matrix.levels[0].delay == timedelta(minutes=4)


def test_opsgenie_mixed_conditions_at_one_delay() -> None:
    """Rules at one delay with different conditions escalate until resolved."""
    payload = {
        "rules": [
            OG_RULE,
            {
                **OG_RULE,
                "condition": "if-not-closed",
                "recipient": {"type": "user", "id": "V"},
            },
        ]
    }
    imported = from_opsgenie(payload)
    assert imported.matrix.levels[0].escalate_while == "unresolved"
    assert [(loss.path, loss.kind) for loss in imported.losses] == [
        ("$.rules[1].condition", "approximated")
    ]


def test_opsgenie_cyclic_conditions() -> None:
    """A repeat that keeps acknowledgements needs one condition throughout."""
    payload = {
        "rules": [
            {**OG_RULE, "condition": "if-not-closed"},
            {**OG_RULE, "delay": 5},
        ],
        "repeat": {"count": 2, "waitInterval": 1},
    }
    assert [loss.path for loss in from_opsgenie(payload).losses] == [
        "$.rules[1].condition"
    ]
    payload["repeat"] = {"count": 0}
    imported = from_opsgenie(payload)
    assert imported.matrix.policy.repeat is None
    assert imported.losses == ()


def test_grafana_same_step_twice_is_one() -> None:
    """A step given twice with the same content counts once."""
    step = {
        "id": "E",
        "escalation_chain_id": "C",
        "position": 0,
        "type": "notify_persons",
        "persons_to_notify": ["U"],
    }
    imported = from_grafana_oncall([{"id": "C", "name": "Twice"}], [step, dict(step)])
    assert len(imported.matrix.levels) == 1


_NOTIFY = {"type": "notify_persons", "persons_to_notify": ["U"]}
_WAIT = {"type": "wait", "duration": 60}


def _chain(*steps: dict[str, Any], positions: list[int] | None = None) -> list[Any]:
    return [
        {"escalation_chain_id": "C", "position": position, **step}
        for position, step in zip(positions or range(len(steps)), steps, strict=True)
    ]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            _chain(_NOTIFY, _WAIT, _NOTIFY, _WAIT, {"type": "repeat_escalation"}),
            [],
        ),
        (
            _chain(
                _NOTIFY,
                _WAIT,
                _NOTIFY,
                _WAIT,
                {"type": "repeat_escalation", "run_from_stage": 99},
            ),
            [
                (
                    "$[4].run_from_stage",
                    "escalation chain C has only 5 stages (one per step), got 99",
                )
            ],
        ),
        (
            _chain(_NOTIFY, {"type": "repeat_escalation", "run_from_stage": 3}),
            [
                (
                    "$[1].run_from_stage",
                    "escalation chain C has only 2 stages (one per step), got 3",
                )
            ],
        ),
        (
            _chain({"type": "repeat_escalation", "run_from_stage": 2}),
            [("$[0].run_from_stage", "escalation chain C has only one stage, got 2")],
        ),
        (
            # Stages are counted by step, not by position.
            _chain(
                _NOTIFY,
                {"type": "repeat_escalation", "run_from_stage": 5},
                positions=[0, 10],
            ),
            [
                (
                    "$[1].run_from_stage",
                    "escalation chain C has only 2 stages (one per step), got 5",
                )
            ],
        ),
    ],
)
def test_grafana_run_from_a_stage_past_the_end(
    steps: list[Any], expected: list[tuple[str, str]]
) -> None:
    """run_from_stage past the chain's last step is refused at its path."""
    if not expected:
        imported = from_grafana_oncall([{"id": "C", "name": "R"}], steps, strict=True)
        assert imported.matrix.policy.repeat is not None
        return
    with pytest.raises(ValidationError) as error:
        from_grafana_oncall([{"id": "C", "name": "R"}], steps, strict=True)
    assert [(p.path, p.message) for p in error.value.problems] == expected


def test_grafana_run_from_a_stage_with_gaps_in_positions() -> None:
    """Stage n is the chain's n-th step, whatever the gaps between positions."""
    steps = _chain(
        _WAIT,
        _NOTIFY,
        _WAIT,
        _NOTIFY,
        {"type": "repeat_escalation", "run_from_stage": 3},
        positions=[0, 3, 4, 5, 6],
    )
    matrix = from_grafana_oncall([{"id": "C", "name": "R"}], steps).matrix
    assert matrix.policy.repeat is not None
    assert matrix.policy.repeat.from_level == "L2"


def _people(n: int) -> list[Contact]:
    # Named by their ids, as both tools name a person without other names.
    return [
        Contact(f"P{k}", ids={"pagerduty": f"P{k}", "opsgenie": f"P{k}"})
        for k in range(n)
    ]


def _matrix(**changes: Any) -> Matrix:
    levels = changes.pop("levels", None) or [
        Level(
            "L1",
            1,
            "a",
            "Level 1",
            delay=timedelta(minutes=5),
            escalate_while="unacknowledged",
        ),
        Level(
            "L2",
            2,
            "b",
            "Level 2",
            delay=timedelta(minutes=5),
            escalate_while="unacknowledged",
        ),
        Level("L3", 3, "c", "Level 3", escalate_while="unacknowledged"),
    ]
    roles = changes.pop("roles", None) or [
        Role(key, name, contacts=[contact])
        for key, name, contact in zip(
            "abc", ("P0", "P1", "P2"), _people(3), strict=True
        )
    ]
    return Matrix("m", "M", levels=levels, roles=roles, **changes)


def test_export_paths_of_issue_types_and_skips() -> None:
    """Issue types' entry levels and skipped levels give their own paths and names."""
    issue_types = [
        IssueType("outage", "Outage", TEXTS, entry_level="L2"),
        IssueType("question", "Question", TEXTS),
    ]
    severities = [
        Severity("urgent", "Urgent", skip_levels=("L2",)),
        Severity("normal", "Normal"),
    ]
    matrix = _matrix(
        issue_types=issue_types,
        policy=Policy(severities=severities, default_severity="normal"),
    )
    exported = to_pagerduty(matrix)
    assert [payload["escalation_policy"]["name"] for payload in exported.payloads] == [
        "M (outage/urgent, outage/normal)",
        "M (question/urgent)",
        "M (question/normal)",
    ]
    targets = [
        [
            target["id"]
            for rule in payload["escalation_policy"]["escalation_rules"]
            for target in rule["targets"]
        ]
        for payload in exported.payloads
    ]
    assert targets == [["P1", "P2"], ["P0", "P2"], ["P0", "P1", "P2"]]


def test_export_descriptions_titles_and_business_time() -> None:
    """Descriptions, custom titles and business time are reported for the tool."""
    calendar = BusinessCalendar(
        "Europe/Rome",
        [WorkingHours(("mon", "tue", "wed", "thu", "fri"), time(9), time(17))],
    )
    levels = [
        Level(
            "L1",
            1,
            "a",
            "First line",
            description="Triage",
            delay=timedelta(hours=1),
            business_time=True,
            escalate_while="unacknowledged",
        ),
        Level("L2", 2, "b", "Level 2", escalate_while="unacknowledged"),
    ]
    roles = [
        Role("a", "Agent", "Answers", contacts=_people(1)),
        Role("b", "P1", contacts=_people(2)[1:]),
    ]
    matrix = _matrix(
        levels=levels,
        roles=roles,
        description="About M",
        policy=Policy(calendar=calendar),
    )
    exported = to_opsgenie(matrix)
    assert [loss.path for loss in exported.losses] == [
        "$.roles[0].title",
        "$.roles[0].description",
        "$.levels[0].name",
        "$.levels[0].description",
        "$.levels[0].business_time",
    ]
    assert exported.payloads[0]["description"] == "About M"


def test_export_rules_are_dropped() -> None:
    """Routing rules are the tool's own business: each is a loss."""
    rule = Rule("vip", Compare("severity", "==", "high"), entry_level="L2")
    matrix = _matrix(policy=Policy(severities=[Severity("high", "High")], rules=[rule]))
    exported = to_pagerduty(matrix)
    assert [loss.path for loss in exported.losses] == ["$.policy.rules[0]"]


def test_export_too_many_targets() -> None:
    """A PagerDuty rule takes at most ten targets."""
    roles = [Role("a", "Many", contacts=_people(11)), *_matrix().roles[1:]]
    with pytest.raises(ValidationError) as error:
        to_pagerduty(_matrix(roles=roles))
    assert [problem.message for problem in error.value.problems] == [
        "level L1 has 11 PagerDuty targets; a rule takes at most 10"
    ]


def test_export_opsgenie_contact_without_id() -> None:
    """A contact Opsgenie cannot name is a loss."""
    roles = [
        Role("a", "P0, Zed", contacts=[*_people(1), Contact("Zed")]),
        *_matrix().roles[1:],
    ]
    exported = to_opsgenie(_matrix(roles=roles))
    assert [loss.detail for loss in exported.losses] == [
        # An import titles the role by P0 alone.
        "role titles are not kept: Opsgenie names none",
        "contact 'Zed' has no Opsgenie id and is not kept",
    ]


def test_export_opsgenie_team_by_name() -> None:
    """A team without an Opsgenie id is given by its name, with a loss."""
    roles = [
        Role("a", "Ops", contacts=[Contact("Ops", kind="team")]),
        *_matrix().roles[1:],
    ]
    exported = to_opsgenie(_matrix(roles=roles))
    assert exported.payloads[0]["rules"][0]["recipient"] == {
        "type": "team",
        "name": "Ops",
    }
    assert [(loss.path, loss.kind) for loss in exported.losses] == [
        ("$.roles[0].contacts[0]", "assumed")
    ]


def test_too_large_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file larger than the command reads is refused."""
    monkeypatch.setattr(interop_commands, "_MAX_SIZE", 4)
    path = tmp_path / "big.json"
    path.write_text('{"rules": []}')
    assert main(["import", "opsgenie", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: $: the file is larger than 4 bytes\n"


@pytest.mark.parametrize(
    ("data", "steps"),
    [
        ({"results": {"id": "C"}}, False),
        ({"id": "C", "name": "c"}, False),
        ([["escalation_policies", {}]], True),
        ({"escalation_chain_id": "C"}, True),
        ("text", False),
    ],
)
def test_grafana_files_told_apart(data: object, *, steps: bool) -> None:
    """Steps are told from chains by their chain ids, or by request pairs."""
    assert interop_commands._is_policies(data) is steps


def test_public_names() -> None:
    """The interop module shows the names it offers."""
    assert dir(interop) == interop.__all__


def test_usernames_that_are_not_addresses() -> None:
    """A username is a contact's e-mail only when it is an address."""
    payload = {
        "rules": [{**OG_RULE, "recipient": {"type": "user", "username": "ops@local"}}]
    }
    (contact,) = from_opsgenie(payload).matrix.roles[0].contacts
    assert (contact.name, contact.email, dict(contact.ids)) == ("ops@local", None, {})


@pytest.mark.parametrize("ident", [None, "U1"])
def test_username_that_is_not_an_address_is_a_loss(ident: str | None) -> None:
    """A username a contact cannot keep as one is a loss of the import.

    Opsgenie's usernames are e-mail addresses: another is kept as the
    contact's name only, so an export cannot give it back; the import says
    so, and strict refuses it.
    """
    user = {"type": "user", "username": "ada"} | (
        {} if ident is None else {"id": ident}
    )
    payload = {"name": "W", "rules": [{**OG_RULE, "recipient": user}]}
    imported = from_opsgenie(payload)
    assert [(loss.path, loss.kind, loss.detail) for loss in imported.losses] == [
        (
            "$.rules[0].recipient.username",
            "approximated",
            "username 'ada' is not an e-mail address: it is kept as the contact's "
            "name only, which an export cannot give back",
        )
    ]
    with pytest.raises(LossyConversionError):
        from_opsgenie(payload, strict=True)
    if ident is None:
        # Nothing Opsgenie can notify is left, as the import said.
        assert paths(to_opsgenie, imported.matrix) == ["$.roles[0].contacts"]
        return
    exported = to_opsgenie(imported.matrix)
    assert exported.payloads[0]["rules"][0]["recipient"] == {"type": "user", "id": "U1"}
    assert [loss.path for loss in exported.losses] == [
        "$.roles[0].title",
        "$.roles[0].contacts[0].name",
    ]
    address = {"type": "user", "username": "ada@example.com"}
    assert from_opsgenie({"rules": [{**OG_RULE, "recipient": address}]}).losses == ()


def test_ids_with_control_characters() -> None:
    """An id that would be printed with a control character is refused."""
    step = {
        "escalation_chain_id": "C",
        "position": 0,
        "type": "notify_persons",
        "persons_to_notify": ["U\x1b[2J"],
    }
    assert paths(from_grafana_oncall, None, [step]) == ["$[0].persons_to_notify[0]"]


@pytest.mark.parametrize("stage", [4, 5])
def test_grafana_run_from_a_stage_after_the_last_notification(stage: int) -> None:
    """Stages that only wait (or the repeat itself): the repeats are all levels', said so."""
    steps = _chain(
        _NOTIFY,
        _WAIT,
        _NOTIFY,
        _WAIT,
        {"type": "repeat_escalation", "run_from_stage": stage},
        positions=[0, 1, 2, 3, 4],
    )
    imported = from_grafana_oncall([{"id": "C", "name": "R"}], steps)
    repeat = imported.matrix.policy.repeat
    assert repeat is not None
    assert repeat.from_level is None
    assert [(loss.path, loss.kind, loss.detail) for loss in imported.losses] == [
        (
            "$[4].run_from_stage",
            "approximated",
            f"stage {stage} comes after the last step that notifies anyone; the "
            "repeats start again from the first level",
        )
    ]
    assert all(loss.timing for loss in imported.losses)
    with pytest.raises(LossyConversionError):
        from_grafana_oncall([{"id": "C", "name": "R"}], steps, strict=True)
