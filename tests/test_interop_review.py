"""The findings of the independent review of the interop work, one test each.

Each payload is the reviewer's, as given; each test fails if its finding
comes back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.interop import (
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    from_priority_matrix,
    to_opsgenie,
    to_pagerduty,
    translate_loss,
)
from escalation_matrix.reasons import ReasonHeld
from tests.helpers import Result, explain, plain_environment, run_cli

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)

# The reviewer's Grafana OnCall chains and steps (gchains.json, gpol.json).
CHAINS: dict[str, Any] = {
    "count": 2,
    "next": None,
    "previous": None,
    "results": [
        {"id": "FWDL7M6N6I9HE", "name": "Night shift", "team_id": None},
        {"id": "CHAIN2", "name": "Day", "team_id": "TEAM1"},
    ],
    "current_page_number": 1,
    "page_size": 50,
    "total_pages": 1,
}


def _step(ident: str, chain: str, position: int, kind: str, **fields: Any) -> Any:
    return {
        "id": ident,
        "escalation_chain_id": chain,
        "position": position,
        "type": kind,
        **fields,
    }


NIGHT = "FWDL7M6N6I9HE"
STEPS: dict[str, Any] = {
    "count": 9,
    "next": None,
    "previous": None,
    "results": [
        _step("E3", NIGHT, 2, "wait", duration=600),
        _step("E1", NIGHT, 0, "wait", duration=60),
        _step(
            "E2",
            NIGHT,
            1,
            "notify_persons",
            persons_to_notify=["U1", "U2"],
            important=False,
        ),
        _step(
            "E4",
            NIGHT,
            3,
            "notify_on_call_from_schedule",
            notify_on_call_from_schedule="SCH1",
            important=True,
        ),
        _step(
            "E5",
            NIGHT,
            4,
            "notify_person_next_each_time",
            persons_to_notify_next_each_time=["U3", "U4"],
        ),
        _step("E6", NIGHT, 5, "wait", duration=900),
        _step("E7", NIGHT, 6, "repeat_escalation"),
        _step("E8", NIGHT, 7, "resolve"),
        _step("F1", "CHAIN2", 0, "notify_team_members", team_to_notify="TM9"),
        _step("F2", "CHAIN2", 1, "wait", duration=300),
        _step(
            "F3",
            "CHAIN2",
            2,
            "notify_if_time_from_to",
            notify_if_time_from="09:00:00Z",
            notify_if_time_to="18:00:00Z",
        ),
        _step("F4", "CHAIN2", 3, "notify_user_group", group_to_notify="G1"),
        _step("F5", "CHAIN2", 4, "wait", duration=300),
        _step("F6", "CHAIN2", 5, "resolve"),
    ],
    "current_page_number": 1,
    "page_size": 50,
    "total_pages": 1,
}

# The reviewer's PagerDuty policy (pd1.json).
PAYMENTS: dict[str, Any] = {
    "escalation_policy": {
        "type": "escalation_policy",
        "name": "Payments On-call",
        "description": "pay",
        "num_loops": 2,
        "on_call_handoff_notifications": "if_has_services",
        "escalation_rules": [
            {
                "escalation_delay_in_minutes": 10,
                "targets": [
                    {"id": "PU1", "type": "user_reference", "summary": "Ann"},
                    {"id": "PS1", "type": "schedule_reference", "summary": "Primary"},
                ],
            },
            {
                "escalation_delay_in_minutes": 15,
                "escalation_rule_assignment_strategy": "round_robin",
                "targets": [
                    {"id": "PU2", "type": "user_reference"},
                    {"id": "PU3", "type": "user_reference"},
                ],
            },
            {
                "escalation_delay_in_minutes": 5,
                "targets": [{"id": "PS2", "type": "schedule_reference"}],
            },
        ],
    }
}

USER = {"type": "user", "id": "u"}


def three_levels(
    conditions: tuple[str, str, str],
    delays: tuple[str, str] = ("10m", "25m"),
    policy: str = "",
) -> em.Matrix:
    """A matrix of three levels with the conditions and delays given."""
    levels = "".join(
        f'[[levels]]\nkey = "L{n}"\nrank = {n}\nrole = "a"\nname = "N{n}"\n'
        + (f'delay = "{delays[n - 1]}"\n' if n < 3 else "")
        + f'escalate_while = "{condition}"\n\n'
        for n, condition in enumerate(conditions, start=1)
    )
    text = (
        'schema_version = 1\nkey = "t"\ntitle = "T"\nlanguage = "en"\n\n'
        f"[policy]\n{policy}\n"
        '[[roles]]\nkey = "a"\ntitle = "A"\ncontacts = [ { name = "Ann", '
        'ids = { pagerduty = "PA", opsgenie = "oa" } } ]\n\n' + levels
    )
    return em.loads(text, "toml")


def said(losses: Any) -> list[str]:
    """The losses as printed: path, kind, detail."""
    return [str(loss) for loss in losses]


# 1. Grafana OnCall goes on after its repeats --------------------------------


def test_grafana_resolve_after_repeat_resolves_at_the_end() -> None:
    """A resolve after repeat_escalation resolves once the repeats are done."""
    imported = from_grafana_oncall(CHAINS, STEPS)
    night = imported.matrices[NIGHT]
    assert night.policy.at_end == "resolve"
    assert night.policy.repeat is not None
    assert night.policy.repeat.times == 5
    assert not [loss for loss in imported.losses if "results[7]" in loss.path]
    # Six passes of 1 + 10 + 15 minutes; resolved when the last wait ends.
    result = em.plan(night, em.Issue("any", T0))
    assert result.held == ReasonHeld(T0 + timedelta(minutes=156), "L2", "closed")


def test_grafana_steps_after_repeat_run_after_the_fifth() -> None:
    """Notify steps after the repeat are said to run after it; a wait, approximated."""
    steps = [
        _step("A", "C", 0, "notify_persons", persons_to_notify=["U1"]),
        _step("B", "C", 1, "wait", duration=300),
        _step("R", "C", 2, "repeat_escalation"),
        _step("N", "C", 3, "notify_persons", persons_to_notify=["U9"]),
        _step("W", "C", 4, "wait", duration=120),
        _step("Z", "C", 5, "resolve"),
        _step("X", "C", 6, "notify_persons", persons_to_notify=["U8"]),
    ]
    imported = from_grafana_oncall([{"id": "C", "name": "Loop"}], steps)
    assert imported.matrix.policy.at_end == "resolve"
    assert said(imported.losses) == [
        "policies: $[3]: dropped: step notify_persons runs once the chain has "
        "repeated 5 times; it is not kept",
        "policies: $[4]: approximated: the wait of 2m before the final resolve is "
        "not kept: the issue is resolved that much earlier",
        "policies: $[6]: dropped: step notify_persons comes after resolve; it is "
        "not kept",
    ]
    assert all(loss.timing for loss in imported.losses)


# 2. Opsgenie export reports the condition it cannot follow -------------------


@pytest.mark.parametrize(
    ("matrix", "path"),
    [
        (
            three_levels(("unacknowledged", "unresolved", "unacknowledged")),
            "$.levels[1].escalate_while",
        ),
        (
            three_levels(
                ("unresolved", "unacknowledged", "unacknowledged"),
                policy='first_wait = { delay = "1m", escalate_while = '
                '"unacknowledged" }\n',
            ),
            "$.levels[0].escalate_while",
        ),
    ],
)
def test_opsgenie_export_reports_the_condition_order(
    matrix: em.Matrix, path: str
) -> None:
    """The export reports what importing it back reports, as a timing loss."""
    exported = to_opsgenie(matrix)
    timing = [loss for loss in exported.losses if loss.timing]
    assert [(loss.path, loss.kind) for loss in timing] == [(path, "approximated")]
    assert "condition 'if-not-closed' after a rule that stops" in timing[0].detail
    back = from_opsgenie(exported.payloads[0])
    assert [loss.kind for loss in back.losses if loss.timing] == ["approximated"]


def test_opsgenie_export_without_order_problem_has_no_timing_loss() -> None:
    """Conditions that run "until closed" first export exactly."""
    matrix = three_levels(("unresolved", "unacknowledged", "unacknowledged"))
    exported = to_opsgenie(matrix)
    assert not [loss for loss in exported.losses if loss.timing]


# 3. closeAlertAfterAll without repeats ---------------------------------------


def test_opsgenie_close_after_all_without_repeats() -> None:
    """A closeAlertAfterAll with a count of 0 resolves at the end, with a loss."""
    imported = from_opsgenie(
        {
            "name": "n",
            "rules": [{"delay": {"timeAmount": 0}, "recipient": USER}],
            "repeat": {
                "waitInterval": 5,
                "count": 0,
                "resetRecipientStates": True,
                "closeAlertAfterAll": True,
            },
        }
    )
    assert imported.matrix.policy.at_end == "resolve"
    assert imported.matrix.policy.repeat is None
    assert [(loss.path, loss.kind) for loss in imported.losses] == [
        ("$.repeat.closeAlertAfterAll", "assumed")
    ]


# 4. A huge Opsgenie delay ----------------------------------------------------


@pytest.mark.parametrize(
    ("delay", "problem"),
    [
        (
            {"timeAmount": 10**29},
            "$.rules[0].delay.timeAmount: must be from 0 to 5256000 (minutes; "
            f"3650 days), got {10**29}",
        ),
        (
            10**29,
            "$.rules[0].delay: must be from 0 to 5256000 (minutes; 3650 days), "
            f"got {10**29}",
        ),
        (
            {"timeAmount": 88_000, "timeUnit": "hours"},
            "$.rules[0].delay.timeAmount: must be from 0 to 87600 (hours; 3650 "
            "days), got 88000",
        ),
    ],
)
def test_opsgenie_huge_delay_is_a_validation_error(delay: object, problem: str) -> None:
    """A delay beyond the longest is refused with its path, not a traceback."""
    with pytest.raises(ValidationError) as error:
        from_opsgenie({"name": "x", "rules": [{"delay": delay, "recipient": USER}]})
    assert [str(item) for item in error.value.problems] == [problem]


def test_opsgenie_nanoseconds_are_rounded_with_a_loss() -> None:
    """A delay below a second is rounded, and said so."""
    imported = from_opsgenie(
        {
            "name": "x",
            "rules": [
                {"delay": {"timeAmount": 1500, "timeUnit": "nanos"}, "recipient": USER}
            ],
        }
    )
    assert said(imported.losses) == [
        "$.rules[0].delay: approximated: delay 1500 'nanos' is rounded to 0s"
    ]


def test_cli_huge_delay(tmp_path: Path, cli: Run) -> None:
    """The command line says it as an invalid payload, exit status 1."""
    path = tmp_path / "og_huge.json"
    path.write_text(
        '{"name":"x","rules":[{"delay":{"timeAmount":100000000000000000000000000000},'
        '"recipient":{"type":"user","id":"u"}}]}'
    )
    result = cli("import", "opsgenie", path)
    assert result.status == 1
    assert result.err.startswith(f"{path}: $.rules[0].delay.timeAmount: must be")


# 5 and 6. Wording of two problems --------------------------------------------


def test_an_opsgenie_id() -> None:
    """A PagerDuty matrix exported to Opsgenie asks for "an Opsgenie id"."""
    matrix = from_pagerduty(PAYMENTS).matrix
    with pytest.raises(ValidationError) as error:
        to_opsgenie(matrix)
    assert "with an Opsgenie id (ids = { opsgenie" in str(error.value)
    assert "a Opsgenie" not in str(error.value)


def test_missing_target_id_is_called_an_id() -> None:
    """A PagerDuty target without its id needs "an id", not a name."""
    with pytest.raises(ValidationError) as error:
        from_pagerduty(
            {
                "escalation_rules": [
                    {
                        "escalation_delay_in_minutes": 10,
                        "targets": [{"type": "user_reference"}],
                    }
                ]
            }
        )
    assert [str(item) for item in error.value.problems] == [
        "$.escalation_rules[0].targets[0].id: missing: an id is required"
    ]


# 7. Every problem listed ------------------------------------------------------

_ITIL_BAD = [
    ("1 - High", "1 - High", "1 - Critical"),
    ("1 - High", "2 - Medium", "2 - High"),
    ("1 - High", "3 - Low", "3 - Moderate"),
    ("2 - Medium", "1 - High", "2 - High"),
    ("2 - Medium", "2 - Medium", "3 - Moderate"),
    ("2 - Medium", "3 - Low", "4 - Low"),
    ("3 - Low", "1 - High", "3 - Moderate"),
    ("3 - Low", "2 - Medium", "4 - Low"),
    ("1 - High", "1 - High", "2 - High"),
]


def test_priority_table_lists_every_problem() -> None:
    """A cell given twice and a cell missing are both reported."""
    rules = [
        {"impact": impact, "urgency": urgency, "priority": priority}
        for impact, urgency, priority in _ITIL_BAD
    ]
    with pytest.raises(ValidationError) as error:
        from_priority_matrix({"rules": rules, "extra": 1})
    assert [str(item) for item in error.value.problems] == [
        "$.rules[8]: impact '1 - High' and urgency '1 - High' are given twice, "
        "with priorities '1 - Critical' and '2 - High'",
        "$.rules: no row gives the priority of impact '3 - Low' and urgency '3 - Low'",
    ]


def test_priority_table_with_a_bad_row_does_not_guess_missing_cells() -> None:
    """A row that cannot be read may hold the cell: only its problem is said."""
    rules = [
        {"impact": impact, "urgency": urgency, "priority": priority}
        for impact, urgency, priority in _ITIL_BAD[:8]
    ] + [{"impact": "3 - Low", "urgency": "3 - Low"}]
    with pytest.raises(ValidationError) as error:
        from_priority_matrix(rules)
    assert [str(item) for item in error.value.problems] == [
        "$[8].priority: missing: a name is required"
    ]


def test_matrix_file_ids_list_every_problem() -> None:
    """A bad tool name and a value that is not a string, both said."""
    text = (
        'schema_version = 1\nkey = "t"\ntitle = "T"\nlanguage = "en"\n'
        '[[roles]]\nkey = "a"\ntitle = "A"\n'
        'contacts = [ { name = "Ann", ids = { PagerDuty = "PA", opsgenie = 5 } } ]\n'
        '[[levels]]\nkey = "L1"\nrank = 1\nrole = "a"\nname = "One"\n'
    )
    with pytest.raises(ValidationError) as error:
        em.loads(text, "toml")
    assert [str(item) for item in error.value.problems] == [
        "$.roles[0].contacts[0].ids.PagerDuty: must be a lowercase snake_case "
        "ASCII key of at most 64 characters, got 'PagerDuty'",
        "$.roles[0].contacts[0].ids.opsgenie: must be a string, got 5",
    ]


# 8 to 10 and 17. The command line --------------------------------------------


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, 80-column environment."""
    plain_environment(monkeypatch, COLUMNS="80")
    yield
    clear_cache()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str | Path) -> Result:
        return run_cli(capsys, *args)

    return run


def test_repeated_key_has_its_path(tmp_path: Path, cli: Run) -> None:
    """A key given twice is reported at its own path, every one."""
    path = tmp_path / "og_dup.json"
    path.write_text(
        '{"name":"x","name":"y","rules":[{"delay":5,"delay":6,'
        '"recipient":{"type":"user","id":"u"}}]}'
    )
    result = cli("import", "opsgenie", path)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{path}: $.name: given more than once in the same object; only one value "
        "may be given",
        f"{path}: $.rules[0].delay: given more than once in the same object; only "
        "one value may be given",
    ]


def test_output_directory_is_made(tmp_path: Path, cli: Run) -> None:
    """-o names a directory that does not exist yet: it is made."""
    chains, steps = tmp_path / "gchains.json", tmp_path / "gpol.json"
    chains.write_text(json.dumps(CHAINS))
    steps.write_text(json.dumps(STEPS))
    out = tmp_path / "gdir" / "sub"
    result = cli("import", "grafana-oncall", chains, steps, "-o", out)
    assert result.status == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "day.toml",
        "night_shift.toml",
    ]
    assert em.load(out / "day.toml").policy.at_end == "resolve"


def test_output_directory_that_cannot_be_made(tmp_path: Path, cli: Run) -> None:
    """A file in the way of the directory is exit status 3, saying why."""
    chains, steps = tmp_path / "gchains.json", tmp_path / "gpol.json"
    chains.write_text(json.dumps(CHAINS))
    steps.write_text(json.dumps(STEPS))
    (tmp_path / "taken").write_text("")
    result = cli("import", "grafana-oncall", chains, steps, "-o", tmp_path / "taken")
    assert result.status == 3
    assert f"cannot write '{tmp_path / 'taken'}'" in result.err


@pytest.mark.parametrize(
    ("tool", "payload", "last"),
    [
        (
            "grafana-oncall",
            CHAINS,
            "escalation chain 'Day' (CHAIN2) has no steps; a matrix needs at "
            "least one level",
        ),
        (
            "pagerduty",
            # pagerduty_escalation_policy_8_minimal.json
            {
                "escalation_policy": {
                    "id": "1",
                    "on_call_handoff_notifications": "always",
                }
            },
            "escalation policy 1 has no escalation rules; a matrix needs at "
            "least one level",
        ),
    ],
)
def test_nothing_made_fails(
    tmp_path: Path, cli: Run, tool: str, payload: object, last: str
) -> None:
    """A conversion that writes nothing is exit status 1, after the losses."""
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    result = cli("import", tool, path)
    assert result.status == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert last in lines[-3] + lines[-2]
    assert lines[-1] == "escalation-matrix import: error: no matrix was made"


def test_help_exit_status(cli: Run) -> None:
    """The help of import and export lists payloads and --strict under status 1."""
    result = cli("import", "--help")
    text = " ".join(result.out.split())
    assert (
        "1 a matrix file or a payload is invalid, or, with --strict, something is "
        "not kept; with import, also when no matrix was made; every problem is "
        "listed on standard error" in text
    )
    italian = " ".join(cli("--locale", "it", "export", "--help").out.split())
    assert "1 un file di matrice o un payload non è valido, oppure, con --strict" in (
        italian
    )
    # The other commands keep their own.
    assert "a line of a ticket export is invalid" in cli("show", "--help").out


# 11 and 16. show ---------------------------------------------------------------


def test_round_robin_is_shown_as_or(tmp_path: Path, cli: Run) -> None:
    """A round-robin level notifies one contact or another, in turn."""
    matrix = from_pagerduty(PAYMENTS).matrix
    path = tmp_path / "out_pd.toml"
    em.dump(matrix, path)
    result = cli("show", path)
    assert result.status == 0
    assert "Level 2 (PU2, PU3), in turn\n    PU2 or PU3, in turn\n" in result.out
    italian = cli("--locale", "it", "show", path)
    assert "Level 2 (PU2, PU3), a rotazione\n    PU2 o PU3, a rotazione\n" in (
        italian.out
    )


def test_show_gives_the_timeline_of_its_notes(tmp_path: Path, cli: Run) -> None:
    """The notes on rounds come after each level's delay and stop condition."""
    path = tmp_path / "out_pd.toml"
    em.dump(from_pagerduty(PAYMENTS).matrix, path)
    result = cli("show", path)
    assert result.out.endswith(
        "\n\nLevel 1 escalates after 10 minutes unless the issue is acknowledged. "
        "Level 2\nescalates after 15 minutes unless the issue is acknowledged.\n\n"
        "The levels run in 3 rounds; each new round starts 5 minutes after the "
        "last level\nis notified.\n"
    )
    italian = cli("--locale", "it", "show", path)
    assert "I livelli vengono percorsi in 3 cicli in tutto" in italian.out


def test_seconds_are_shown_between_minutes(tmp_path: Path, cli: Run) -> None:
    """A notice at 09:00:30 is not said to come at 09:00."""
    path = tmp_path / "wait.toml"
    path.write_text(
        'schema_version = 1\nkey = "t"\ntitle = "T"\nlanguage = "en"\n'
        '[policy]\nfirst_wait = "30s"\n'
        '[[roles]]\nkey = "a"\ntitle = "A"\n'
        '[[levels]]\nkey = "L1"\nrank = 1\nrole = "a"\nname = "One"\n'
        'delay = "10m"\n'
        '[[levels]]\nkey = "L2"\nrank = 2\nrole = "a"\nname = "Two"\n'
    )
    moments = ("--opened", "2026-01-05T09:00Z", "--now", "2026-01-05T09:00:10Z")
    result = cli("route", "any", path, *moments, "--timezone", "UTC")
    assert "A (L1) is notified on Jan 5, 2026, 9:00:30\u202fAM." in result.out
    assert "Opened on Jan 5, 2026, 9:00\u202fAM;" in result.out
    italian = cli("--locale", "it", "route", "any", path, *moments, "--timezone", "UTC")
    assert "il giorno 5 gen 2026 alle 09:00:30." in italian.out


# 12. route says when the policy resolves the issue ----------------------------


def test_route_says_when_the_policy_resolves() -> None:
    """Before the end, the decision carries and says the resolution to come."""
    day = from_grafana_oncall(CHAINS, STEPS).matrices["CHAIN2"]
    decision = em.route(day, em.Issue("any", T0), now=T0 + timedelta(minutes=7))
    assert not decision.resolved
    assert decision.next_escalation_at == T0 + timedelta(minutes=10)
    assert decision.next_level is None
    lines = explain(decision, "en", timezone="UTC")
    assert (
        "The policy will resolve the issue at G1 (L2) on Jan 5, 2026, " in (lines[-1])
    )
    assert lines[-1].endswith("9:10\u202fAM.")
    assert explain(decision, "it", timezone="UTC")[-1] == (
        "La segnalazione verrà chiusa automaticamente il giorno 5 gen 2026 alle "
        "09:10, mentre è in carico al ruolo G1 (L2)."
    )
    # Read back from data, the decision is the same.
    assert em.from_dict(em.to_dict(decision), em.Decision) == decision
    later = em.route(day, em.Issue("any", T0), now=T0 + timedelta(minutes=11))
    assert later.resolved
    assert later.next_escalation_at is None


def test_acknowledged_issue_is_not_resolved_by_the_policy() -> None:
    """An acknowledgement stops escalation, and the resolution with it."""
    day = from_grafana_oncall(CHAINS, STEPS).matrices["CHAIN2"]
    issue = em.Issue("any", T0, acknowledged_at=T0 + timedelta(minutes=6))
    decision = em.route(day, issue, now=T0 + timedelta(minutes=7))
    assert decision.next_escalation_at is None


# 13. PagerDuty delays do not drift --------------------------------------------


def test_pagerduty_export_rounds_running_totals() -> None:
    """20s then 25m: level 3 comes at 25 minutes, not 26; both rules said."""
    matrix = three_levels(
        ("unacknowledged", "unacknowledged", "unacknowledged"), ("20s", "25m")
    )
    exported = to_pagerduty(matrix)
    rules = exported.payloads[0]["escalation_policy"]["escalation_rules"]
    assert [rule["escalation_delay_in_minutes"] for rule in rules[:2]] == [1, 24]
    assert [str(loss) for loss in exported.losses if ".delay" in loss.path] == [
        "$.levels[0].delay: approximated: delay 20s is rounded to 1m",
        "$.levels[1].delay: approximated: delay 25m is rounded to 24m",
    ]


# 14. A target named twice -----------------------------------------------------


def test_pagerduty_target_named_twice() -> None:
    """The same target twice in a rule is one contact, and a loss."""
    target = {"id": "P", "type": "user_reference"}
    imported = from_pagerduty(
        [
            {
                "name": "1st line",
                "escalation_rules": [
                    {"escalation_delay_in_minutes": 5, "targets": [target, target]}
                ],
            }
        ]
    )
    assert len(imported.matrix.roles[0].contacts) == 1
    assert said(imported.losses) == [
        "$[0].escalation_rules[0].targets[1]: dropped: target 'P' is named twice "
        "in the rule; it is kept once"
    ]


# 15. Loss messages ------------------------------------------------------------


def test_loss_messages_in_italian(tmp_path: Path, cli: Run) -> None:
    """The reviewed Italian of the losses, and of the kind "assumed"."""
    path = tmp_path / "og.json"
    path.write_text(
        json.dumps(
            {
                "name": "n",
                "rules": [{"delay": 0, "recipient": USER}],
                "repeat": {"waitInterval": 5, "count": 1, "closeAlertAfterAll": True},
            }
        )
    )
    result = cli("--locale", "it", "import", "opsgenie", path)
    assert result.err == (
        f"{path}: $.repeat.closeAlertAfterAll: ipotizzato: si assume che l'avviso "
        "venga chiuso quando l'ultima regola dell'ultima ripetizione ha inviato la "
        "sua notifica\n"
    )
    chains, steps = tmp_path / "c.json", tmp_path / "s.json"
    chains.write_text(json.dumps(CHAINS))
    steps.write_text(json.dumps(STEPS))
    grafana = cli(
        "--locale", "it", "import", "grafana-oncall", chains, steps, "-o", tmp_path
    )
    assert (
        f"{steps}: $.results[10]: scartato: il passo notify_if_time_from_to fa "
        "proseguire l'escalation solo in una fascia oraria (UTC); qui l'escalation "
        "non viene trattenuta" in grafana.err.splitlines()
    )


def test_export_loss_messages() -> None:
    """Round robin and a cut repeat, in English and Italian."""
    matrix = from_pagerduty(PAYMENTS).matrix
    matrix = em.Matrix(
        matrix.key,
        matrix.title,
        levels=matrix.levels,
        roles=[
            em.Role(
                role.key,
                role.title,
                contacts=[
                    Contact(
                        contact.name,
                        kind=contact.kind,
                        ids={"opsgenie": contact.ids["pagerduty"]},
                    )
                    for contact in role.contacts
                ],
            )
            for role in matrix.roles
        ],
        policy=em.Policy(repeat=em.Repeat(25, "5m")),
    )
    losses = {loss.path: loss for loss in to_opsgenie(matrix).losses}
    robin = losses["$.levels[1].assignment"]
    assert robin.detail == (
        "Opsgenie notifies the recipient of every rule; the level notifies one "
        "contact in turn"
    )
    assert translate_loss(robin, "it") == (
        "Opsgenie avvisa i destinatari di tutte le regole; il livello ne avvisa "
        "uno alla volta, a rotazione"
    )
    cut = losses["$.policy.repeat.times"]
    assert translate_loss(cut, "it") == (
        "Opsgenie ripete al massimo 20 volte; 25 viene ridotto a 20"
    )


def test_timeline_note_in_working_time() -> None:
    """A delay counted in working hours says so in the timeline note."""
    text = (
        'schema_version = 1\nkey = "t"\ntitle = "T"\nlanguage = "en"\n'
        '[policy]\nat_end = "resolve"\n'
        '[policy.calendar]\ntimezone = "UTC"\n'
        '[[policy.calendar.hours]]\ndays = ["mon", "tue", "wed", "thu", "fri"]\n'
        'start = "09:00"\nend = "17:00"\n'
        '[[roles]]\nkey = "a"\ntitle = "A"\n'
        '[[levels]]\nkey = "L1"\nrank = 1\nrole = "a"\nname = "One"\n'
        'delay = "8h"\nbusiness_time = true\n'
        '[[levels]]\nkey = "L2"\nrank = 2\nrole = "a"\nname = "Two"\n'
    )
    matrix = em.loads(text, "toml")
    notes = em.render(matrix, width=200).split("\n\n")[-2:]
    assert notes == [
        "One escalates after 8 hours of working time unless the issue is resolved.",
        "After the last level, the issue is resolved.\n",
    ]


def test_payload_past_the_limits_is_refused(tmp_path: Path, cli: Run) -> None:
    """A payload is read within the matrix reader's limits, each said with its path.

    Deeper than the parser goes, too deep for the limit, or an integer
    longer than any count: each is refused in the reader's words, not
    Python's.
    """
    deepest = tmp_path / "deepest.json"
    deepest.write_text("[" * 100_000 + "]" * 100_000)
    deep = tmp_path / "deep.json"
    deep.write_text('{"rules": ' + "[" * 80 + "]" * 80 + "}")
    digits = tmp_path / "digits.json"
    digits.write_text('{"escalation_policy": {"num_loops": ' + "9" * 5000 + "}}")
    # A limit passed is said first, as validate says it: the keys of data
    # past the limits are not walked.
    both = tmp_path / "both.json"
    both.write_text('{"a": 1, "a": 2, "big": ' + "9" * 200 + "}")
    too_deep = "nested too deeply; at most 64 allowed (max_depth in Limits)"
    for path, said in (
        (deepest, f"$: {too_deep}"),
        (deep, "$.rules" + "[0]" * 63 + f": {too_deep}"),
        (
            digits,
            "$.escalation_policy.num_loops: an integer of 5000 digits; at most "
            "100 allowed (max_int_digits in Limits)",
        ),
        (
            both,
            "$.big: an integer of 200 digits; at most 100 allowed "
            "(max_int_digits in Limits)",
        ),
    ):
        result = cli("import", "pagerduty", path)
        assert (result.status, result.err) == (1, f"{path}: {said}\n")
