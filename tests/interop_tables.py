"""What each interop test payload converts to, and the losses it reports.

One row per import: the tool, the files (chains and policies for Grafana
OnCall), what it makes (matrices by id, or the priority table's policy)
and its losses, exactly. Files are looked for in ``data/interop`` first,
then in ``../shared/interop-fixtures`` next to the repository.
"""

from __future__ import annotations

from typing import Any

from escalation_matrix import Matrix, Overlay
from escalation_matrix.contacts import Contact
from escalation_matrix.interop import Imported


def _seconds(value: Any) -> int | None:
    return None if value is None else int(value.total_seconds())


def _contact(contact: Contact) -> tuple[Any, ...]:
    return (
        contact.name,
        contact.kind,
        dict(contact.ids),
        contact.select,
        contact.email,
    )


def _matrix(matrix: Matrix) -> dict[str, Any]:
    policy = matrix.policy
    wait, repeat = policy.first_wait, policy.repeat
    return {
        "key": matrix.key,
        "title": matrix.title,
        "description": matrix.description,
        "delay_mode": policy.delay_mode,
        "levels": [
            (
                level.key,
                _seconds(level.delay),
                level.escalate_while,
                level.assignment,
                [_contact(contact) for contact in matrix.role(level.role).contacts],
            )
            for level in matrix.levels
        ],
        "first_wait": None
        if wait is None
        else (_seconds(wait.delay), wait.escalate_while),
        "repeat": None
        if repeat is None
        else (
            repeat.times,
            _seconds(repeat.wait),
            repeat.from_level,
            repeat.reset_acknowledgement,
        ),
        "at_end": policy.at_end,
    }


def _policy(overlay: Overlay) -> dict[str, Any]:
    policy = overlay.policy
    table = policy["priority"]
    return {
        "severities": [(s.key, s.name) for s in policy["severities"]],
        "priority": None
        if table is None
        else (
            list(table.impacts),
            list(table.urgencies),
            [list(row) for row in table.table],
        ),
        "default_severity": policy["default_severity"],
    }


def result(imported: Imported) -> dict[str, Any]:
    """What an import made, as plain data to compare."""
    if imported.overlay is not None:
        return _policy(imported.overlay)
    return {key: _matrix(matrix) for key, matrix in imported.matrices.items()}


def losses(imported: Imported) -> list[tuple[str | None, str, str, str]]:
    """The losses of an import, as plain data to compare."""
    return [
        (loss.source, loss.path, loss.kind, loss.detail) for loss in imported.losses
    ]


#: (tool, files, result, losses) of every import of the test payloads.
EXPECTED: list[tuple[str, tuple[str | None, ...], dict[str, Any], list[Any]]] = [
    (
        "pagerduty",
        ("pagerduty_escalation_policy_1.json",),
        {
            "PT20YPA": {
                "key": "another_escalation_policy",
                "title": "Another Escalation Policy",
                "description": "This is yet another escalation policy",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Kyler Kuhn",
                                "person",
                                {"pagerduty": "PAM4FGS"},
                                "default",
                                None,
                            ),
                            (
                                "Daily Engineering Rotation",
                                "schedule",
                                {"pagerduty": "PI7DH85"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1800, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policy.services[0]",
                "dropped",
                "service 'My Mail Service' (PIJ90N7) that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policy.teams[0]",
                "dropped",
                "owner team 'Engineering' (PQ9K7I8) is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_2.json",),
        {
            "PANZZEQ": {
                "key": "engineering_escalation_policy",
                "title": "Engineering Escalation Policy",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "PagerDuty Admin",
                                "person",
                                {"pagerduty": "PEYSGVF"},
                                "default",
                                None,
                            ),
                            (
                                "Daily Engineering Rotation",
                                "schedule",
                                {"pagerduty": "PI7DH85"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policies[0].services[0]",
                "dropped",
                "service 'My Mail Service' (PIJ90N7) that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policies[0].teams[0]",
                "dropped",
                "owner team 'Engineering' (PQ9K7I8) is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_3.json",),
        {
            "$.escalation_policy": {
                "key": "engineering_escalation_policy",
                "title": "Engineering Escalation Policy",
                "description": "Here is the ep for the engineering team.",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "PEYSGVF",
                                "person",
                                {"pagerduty": "PEYSGVF"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1800, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policy.services[0]",
                "dropped",
                "service PIJ90N7 that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policy.teams[0]",
                "dropped",
                "owner team PQ9K7I8 is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_4.json",),
        {
            "PT20YPA": {
                "key": "engineering_escalation_policy",
                "title": "Engineering Escalation Policy",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1320,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Earline Greenholt",
                                "person",
                                {"pagerduty": "PXPGF42"},
                                "default",
                                None,
                            ),
                            (
                                "Daily Engineering Rotation",
                                "schedule",
                                {"pagerduty": "PI7DH85"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1320, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policy.services[0]",
                "dropped",
                "service 'My Mail Service' (PIJ90N7) that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policy.teams[0]",
                "dropped",
                "owner team 'Engineering' (PQ9K7I8) is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_5.json",),
        {
            "PQIL2IX": {
                "key": "engineering_escalation_policy",
                "title": "Engineering Escalation Policy",
                "description": "Here is the ep for the engineering team.",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "PEYSGVF",
                                "person",
                                {"pagerduty": "PEYSGVF"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1800, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.services[0]",
                "dropped",
                "service PIJ90N7 that uses this policy is not kept",
            ),
            (None, "$.teams[0]", "dropped", "owner team PQ9K7I8 is not kept"),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_6.json",),
        {
            "EP123": {
                "key": "engineering_team_escalation",
                "title": "Engineering Team Escalation",
                "description": "Escalation policy for engineering incidents",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "John Doe - Senior Engineer",
                                "person",
                                {"pagerduty": "USER123"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1800, None, False),
                "at_end": "hold",
            }
        },
        [
            (None, "$.self_url", "dropped", "unknown field 'self_url' is not kept"),
            (
                None,
                "$.services[0]",
                "dropped",
                "service 'Backend Service' (SVC123) that uses this policy is not kept",
            ),
            (
                None,
                "$.teams[0]",
                "dropped",
                "owner team 'Engineering Team' (TEAM123) is not kept",
            ),
            (None, "$.created_at", "dropped", "unknown field 'created_at' is not kept"),
            (None, "$.updated_at", "dropped", "unknown field 'updated_at' is not kept"),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_7.json",),
        {
            "EP123": {
                "key": "engineering_team_escalation",
                "title": "Engineering Team Escalation",
                "description": "Escalation policy for engineering incidents",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "John Doe - Senior Engineer",
                                "person",
                                {"pagerduty": "USER123"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (2, 1800, None, False),
                "at_end": "hold",
            },
            "EP456": {
                "key": "devops_team_escalation",
                "title": "DevOps Team Escalation",
                "description": "Escalation policy for infrastructure incidents",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        900,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "DevOps On-Call Schedule",
                                "schedule",
                                {"pagerduty": "SCHED456"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (1, 900, None, False),
                "at_end": "hold",
            },
        },
        [],
    ),
    (
        "pagerduty",
        ("pagerduty_escalation_policy_8_minimal.json",),
        {},
        [
            (
                None,
                "$.escalation_policy",
                "dropped",
                "escalation policy 1 has no escalation rules; a matrix needs at least one level",
            )
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_get.json",),
        {
            "PBZUP2B": {
                "key": "payments_on_call",
                "title": "Payments On-call",
                "description": "Who answers for checkout outages",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        1200,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Ada Lovelace",
                                "person",
                                {"pagerduty": "PUSR001"},
                                "default",
                                None,
                            ),
                            (
                                "Payments Rotation",
                                "schedule",
                                {"pagerduty": "PSCH001"},
                                "default",
                                None,
                            ),
                        ],
                    ),
                    (
                        "L2",
                        2700,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Grace Hopper",
                                "person",
                                {"pagerduty": "PUSR002"},
                                "default",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": None,
                "repeat": (2, 2700, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policy.services[0]",
                "dropped",
                "service 'Checkout' (PSVC001) that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policy.teams[0]",
                "dropped",
                "owner team 'Payments' (PTEAM01) is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_list.json",),
        {
            "PLST001": {
                "key": "storage_escalation",
                "title": "Storage Escalation",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        600,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Storage Primary",
                                "schedule",
                                {"pagerduty": "PSCH002"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policies[0].on_call_handoff_notifications",
                "dropped",
                "on-call handoff notifications 'always' are not kept",
            ),
            (None, "$.more", "dropped", "more results on later pages were not given"),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_create.json",),
        {
            "$.escalation_policy": {
                "key": "search_escalation",
                "title": "Search Escalation",
                "description": "Search team policy.",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        900,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "PUSR003",
                                "person",
                                {"pagerduty": "PUSR003"},
                                "default",
                                None,
                            ),
                            (
                                "PUSR004",
                                "person",
                                {"pagerduty": "PUSR004"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": (1, 900, None, False),
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_policy.services[0]",
                "dropped",
                "service PSVC002 that uses this policy is not kept",
            ),
            (
                None,
                "$.escalation_policy.teams[0]",
                "dropped",
                "owner team PTEAM02 is not kept",
            ),
        ],
    ),
    (
        "pagerduty",
        ("pagerduty_schema_example.json",),
        {
            "PEXM001": {
                "key": "mobile_escalation",
                "title": "Mobile Escalation",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        300,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "PSCH003",
                                "schedule",
                                {"pagerduty": "PSCH003"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                None,
                "$.escalation_rules[0].targets[0].type",
                "approximated",
                "target 'PSCH003' is a schedule of the newer kind; it is kept as a schedule",
            )
        ],
    ),
    (
        "opsgenie",
        ("opsgenie_escalation_1.json",),
        {
            "9a441a8d-2410-43f4-9ef2-f7a265e12b74": {
                "key": "engineering_escalation",
                "title": "Engineering_escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        300,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Engineering_schedule",
                                "schedule",
                                {"opsgenie": "7835aa84-7440-41d5-90bf-92e0045714d5"},
                                "default",
                                None,
                            )
                        ],
                    ),
                    (
                        "L2",
                        600,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Engineering_schedule",
                                "schedule",
                                {"opsgenie": "7835aa84-7440-41d5-90bf-92e0045714d5"},
                                "next_on_call",
                                None,
                            )
                        ],
                    ),
                    (
                        "L3",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Engineering",
                                "team",
                                {"opsgenie": "51d69df8-c40b-439e-9808-e1a78e54f91b"},
                                "all_members",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            },
            "c8a0f950-577c-4da5-894b-1fd463d9f51c": {
                "key": "integration_team_escalation",
                "title": "Integration Team_escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        60,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Integration Team_schedule",
                                "schedule",
                                {"opsgenie": "df918339-b999-4878-b69b-3c2c0d508b01"},
                                "default",
                                None,
                            )
                        ],
                    ),
                    (
                        "L2",
                        300,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "dv@paloaltonetworks.com",
                                "person",
                                {"opsgenie": "154d6425-c120-4beb-a3e6-a66c8c44f61d"},
                                "default",
                                "dv@paloaltonetworks.com",
                            )
                        ],
                    ),
                    (
                        "L3",
                        600,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Integration Team_schedule",
                                "schedule",
                                {"opsgenie": "df918339-b999-4878-b69b-3c2c0d508b01"},
                                "next_on_call",
                                None,
                            )
                        ],
                    ),
                    (
                        "L4",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Integration Team",
                                "team",
                                {"opsgenie": "fbbc3f9a-12f4-4794-9938-7e0a85a06f8b"},
                                "all_members",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            },
        },
        [
            (
                None,
                "$.data[0].ownerTeam",
                "dropped",
                "owner team 'Engineering' (51d69df8-c40b-439e-9808-e1a78e54f91b) is not kept",
            ),
            (
                None,
                "$.data[1].ownerTeam",
                "dropped",
                "owner team 'Integration Team' (fbbc3f9a-12f4-4794-9938-7e0a85a06f8b) is not "
                "kept",
            ),
        ],
    ),
    (
        "opsgenie",
        ("opsgenie_escalation_2.json",),
        {
            "$": {
                "key": "this_is_a_test_escalationv2",
                "title": "This is a test escalationV2",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        None,
                        "unresolved",
                        "all",
                        [
                            (
                                "danpcarlyon@gmail.com",
                                "person",
                                {"opsgenie": "c1754eea-7f80-4126-8a64-a55c42439947"},
                                "default",
                                "danpcarlyon@gmail.com",
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [],
    ),
    (
        "opsgenie",
        ("opsgenie_escalation_3_jsm_ops.json",),
        {
            "$": {
                "key": "fe_daily_on_call_escalation",
                "title": "FE Daily On-call Escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "f0f07a3d-bde8-4b2a-8d3e-f97020a51e32",
                                "team",
                                {"opsgenie": "f0f07a3d-bde8-4b2a-8d3e-f97020a51e32"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": (300, "unacknowledged"),
                "repeat": (5, 600, None, True),
                "at_end": "resolve",
            }
        },
        [
            (
                None,
                "$.repeat.closeAlertAfterAll",
                "assumed",
                "the alert is assumed to close once the last rule of the last repeat has notified",
            )
        ],
    ),
    (
        "opsgenie",
        ("opsgenie_list.json",),
        {
            "0f3c1e6e-1111-4c1a-9a0e-000000000001": {
                "key": "platform_escalation",
                "title": "Platform_escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        180,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Platform_schedule",
                                "schedule",
                                {"opsgenie": "0f3c1e6e-3333-4c1a-9a0e-000000000003"},
                                "default",
                                None,
                            )
                        ],
                    ),
                    (
                        "L2",
                        480,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "ada@example.com",
                                "person",
                                {"opsgenie": "0f3c1e6e-4444-4c1a-9a0e-000000000004"},
                                "default",
                                "ada@example.com",
                            )
                        ],
                    ),
                    (
                        "L3",
                        900,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Platform_schedule",
                                "schedule",
                                {"opsgenie": "0f3c1e6e-3333-4c1a-9a0e-000000000003"},
                                "next_on_call",
                                None,
                            )
                        ],
                    ),
                    (
                        "L4",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Platform",
                                "team",
                                {"opsgenie": "0f3c1e6e-2222-4c1a-9a0e-000000000002"},
                                "all_members",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            },
            "0f3c1e6e-5555-4c1a-9a0e-000000000005": {
                "key": "data_escalation",
                "title": "Data_escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        1800,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Data_schedule",
                                "schedule",
                                {"opsgenie": "0f3c1e6e-7777-4c1a-9a0e-000000000007"},
                                "default",
                                None,
                            )
                        ],
                    ),
                    (
                        "L2",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "Data",
                                "team",
                                {"opsgenie": "0f3c1e6e-6666-4c1a-9a0e-000000000006"},
                                "admins",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            },
        },
        [
            (
                None,
                "$.data[0].ownerTeam",
                "dropped",
                "owner team 'Platform' (0f3c1e6e-2222-4c1a-9a0e-000000000002) is not kept",
            ),
            (
                None,
                "$.data[1].ownerTeam",
                "dropped",
                "owner team 'Data' (0f3c1e6e-6666-4c1a-9a0e-000000000006) is not kept",
            ),
        ],
    ),
    (
        "opsgenie",
        ("opsgenie_create.json",),
        {
            "$": {
                "key": "billing_escalation",
                "title": "Billing escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        None,
                        "unresolved",
                        "all",
                        [
                            (
                                "grace@example.com",
                                "person",
                                {"opsgenie": "0f3c1e6e-9999-4c1a-9a0e-000000000009"},
                                "default",
                                "grace@example.com",
                            )
                        ],
                    )
                ],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [],
    ),
    (
        "opsgenie",
        ("jsm_ops_create.json",),
        {
            "$": {
                "key": "web_nightly_escalation",
                "title": "Web Nightly Escalation",
                "description": "",
                "delay_mode": "since_opened",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "0f3c1e6e-aaaa-4c1a-9a0e-00000000000a",
                                "team",
                                {"opsgenie": "0f3c1e6e-aaaa-4c1a-9a0e-00000000000a"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": (600, "unacknowledged"),
                "repeat": (3, 1200, None, True),
                "at_end": "resolve",
            }
        },
        [
            (
                None,
                "$.repeat.closeAlertAfterAll",
                "assumed",
                "the alert is assumed to close once the last rule of the last repeat has notified",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_oncall_escalation_chain_1.json", None),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'default' (F5JU6KJET33FE) has no steps; a matrix needs at least "
                "one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_oncall_escalation_chain_2.json", None),
        {},
        [
            (
                "chains",
                "$.results[0]",
                "dropped",
                "escalation chain 'default' (F5JU6KJET33FE) has no steps; a matrix needs at least "
                "one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_oncall_escalation_chain_3.json", None),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'example-chain' (FWDL7M6N6I9HE) has no steps; a matrix needs at "
                "least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        (
            "grafana_oncall_escalation_chain_1.json",
            "grafana_oncall_escalation_policy_1.json",
        ),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'default' (F5JU6KJET33FE) notifies nobody: its steps only wait "
                "(1m); a matrix needs at least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        (
            "grafana_oncall_escalation_chain_2.json",
            "grafana_oncall_escalation_policy_2.json",
        ),
        {
            "F5JU6KJET33FE": {
                "key": "default",
                "title": "default",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "U4DNY931HHJS5",
                                "person",
                                {"grafana_oncall": "U4DNY931HHJS5"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": (60, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [],
    ),
    (
        "grafana-oncall",
        (None, "grafana_oncall_escalation_policy_2.json"),
        {
            "F5JU6KJET33FE": {
                "key": "f5ju6kjet33fe",
                "title": "F5JU6KJET33FE",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "U4DNY931HHJS5",
                                "person",
                                {"grafana_oncall": "U4DNY931HHJS5"},
                                "default",
                                None,
                            )
                        ],
                    )
                ],
                "first_wait": (60, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                "policies",
                "$.results[0].escalation_chain_id",
                "assumed",
                "escalation chain F5JU6KJET33FE was not given; the matrix is titled by its id",
            )
        ],
    ),
    (
        "grafana-oncall",
        (
            "grafana_oncall_escalation_chain_1.json",
            "grafana_oncall_escalation_policy_3.json",
        ),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'default' (F5JU6KJET33FE) notifies nobody: its steps only wait "
                "(5m); a matrix needs at least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        (None, "grafana_oncall_escalation_policy_4.json"),
        {
            "RIYGUJXCPFHXY": {
                "key": "riygujxcpfhxy",
                "title": "RIYGUJXCPFHXY",
                "description": "",
                "delay_mode": "per_level",
                "levels": [("L1", None, "unacknowledged", "all", [])],
                "first_wait": None,
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                "policies",
                "$",
                "assumed",
                "notify_persons names nobody; level L1 has no contacts",
            ),
            (
                "policies",
                "$.escalation_chain_id",
                "assumed",
                "escalation chain RIYGUJXCPFHXY was not given; the matrix is titled by its id",
            ),
        ],
    ),
    (
        "grafana-oncall",
        (None, "grafana_oncall_escalation_policy_5.json"),
        {
            "oc1": {
                "key": "team_a_critical_alerts",
                "title": "Team A - Critical Alerts",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        900,
                        "unacknowledged",
                        "all",
                        [("ou1", "person", {"grafana_oncall": "ou1"}, "default", None)],
                    ),
                    (
                        "L2",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "os1",
                                "schedule",
                                {"grafana_oncall": "os1"},
                                "default",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": (300, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                "policies",
                "$[1][1].escalation_chain_id",
                "assumed",
                "escalation chain oc1 is not among the chains; joined to the only chain without an "
                "id, 'Team A - Critical Alerts'",
            )
        ],
    ),
    (
        "grafana-oncall",
        (None, "grafana_oncall_escalation_policy_1.json"),
        {},
        [
            (
                "policies",
                "$",
                "dropped",
                "escalation chain F5JU6KJET33FE notifies nobody: its steps only wait (1m); a "
                "matrix needs at least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        (None, "grafana_oncall_escalation_policy_3.json"),
        {},
        [
            (
                "policies",
                "$",
                "dropped",
                "escalation chain F5JU6KJET33FE notifies nobody: its steps only wait (5m); a "
                "matrix needs at least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_chain.json", None),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'primary' (FCHAIN01ABCDE) has no steps; a matrix needs at least "
                "one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_chains_page.json", "grafana_steps_page.json"),
        {
            "FCHAIN01ABCDE": {
                "key": "primary",
                "title": "primary",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "UUSER01ABCDEF",
                                "person",
                                {"grafana_oncall": "UUSER01ABCDEF"},
                                "default",
                                None,
                            ),
                            (
                                "UUSER02ABCDEF",
                                "person",
                                {"grafana_oncall": "UUSER02ABCDEF"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": (120, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [],
    ),
    (
        "grafana-oncall",
        (None, "grafana_steps_page.json"),
        {
            "FCHAIN01ABCDE": {
                "key": "fchain01abcde",
                "title": "FCHAIN01ABCDE",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        None,
                        "unacknowledged",
                        "round_robin",
                        [
                            (
                                "UUSER01ABCDEF",
                                "person",
                                {"grafana_oncall": "UUSER01ABCDEF"},
                                "default",
                                None,
                            ),
                            (
                                "UUSER02ABCDEF",
                                "person",
                                {"grafana_oncall": "UUSER02ABCDEF"},
                                "default",
                                None,
                            ),
                        ],
                    )
                ],
                "first_wait": (120, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                "policies",
                "$.results[0].escalation_chain_id",
                "assumed",
                "escalation chain FCHAIN01ABCDE was not given; the matrix is titled by its id",
            )
        ],
    ),
    (
        "grafana-oncall",
        ("grafana_chain.json", "grafana_wait_step.json"),
        {},
        [
            (
                "chains",
                "$",
                "dropped",
                "escalation chain 'primary' (FCHAIN01ABCDE) notifies nobody: its steps only wait "
                "(10m); a matrix needs at least one level",
            )
        ],
    ),
    (
        "grafana-oncall",
        (None, "grafana_migrator_log.json"),
        {
            "oc9": {
                "key": "team_b_paging",
                "title": "Team B - Paging",
                "description": "",
                "delay_mode": "per_level",
                "levels": [
                    (
                        "L1",
                        600,
                        "unacknowledged",
                        "all",
                        [("ou7", "person", {"grafana_oncall": "ou7"}, "default", None)],
                    ),
                    (
                        "L2",
                        None,
                        "unacknowledged",
                        "all",
                        [
                            (
                                "os7",
                                "schedule",
                                {"grafana_oncall": "os7"},
                                "default",
                                None,
                            )
                        ],
                    ),
                ],
                "first_wait": (60, "unacknowledged"),
                "repeat": None,
                "at_end": "hold",
            }
        },
        [
            (
                "policies",
                "$[1][1].escalation_chain_id",
                "assumed",
                "escalation chain oc9 is not among the chains; joined to the only chain without an "
                "id, 'Team B - Paging'",
            )
        ],
    ),
    (
        "priority-matrix",
        ("itil_priority_matrix_1.json",),
        {
            "severities": [
                ("p1", "1 - Critical"),
                ("p2", "2 - High"),
                ("p3", "3 - Moderate"),
                ("p4", "4 - Low"),
                ("p5", "5 - Planning"),
            ],
            "priority": (
                ["high", "medium", "low"],
                ["high", "medium", "low"],
                [["p1", "p2", "p3"], ["p2", "p3", "p4"], ["p3", "p4", "p5"]],
            ),
            "default_severity": None,
        },
        [],
    ),
    (
        "priority-matrix",
        ("itil_priority_matrix_2.json",),
        {
            "severities": [
                ("p1", "1 - Critical"),
                ("p2", "2 - High"),
                ("p3", "3 - Moderate"),
                ("p4", "4 - Low"),
            ],
            "priority": (
                ["high", "medium", "low"],
                ["high", "medium", "low"],
                [["p1", "p2", "p3"], ["p2", "p3", "p4"], ["p3", "p4", "p4"]],
            ),
            "default_severity": None,
        },
        [],
    ),
    (
        "priority-matrix",
        ("itil_priority_matrix_3.json",),
        {
            "severities": [
                ("p1", "Critical"),
                ("p2", "High"),
                ("p3", "Medium"),
                ("p4", "Low"),
                ("p5", "Planning"),
            ],
            "priority": None,
            "default_severity": None,
        },
        [
            (
                None,
                "$.impact_levels",
                "dropped",
                "the impacts are not kept: the table has no cells (matrix is null)",
            ),
            (
                None,
                "$.urgency_levels",
                "dropped",
                "the urgencies are not kept: the table has no cells (matrix is null)",
            ),
            (
                None,
                "$.priority_codes[0].target_resolution_time",
                "dropped",
                "resolution target '1 hour' is not kept",
            ),
            (
                None,
                "$.priority_codes[1].target_resolution_time",
                "dropped",
                "resolution target '8 hours' is not kept",
            ),
            (
                None,
                "$.priority_codes[2].target_resolution_time",
                "dropped",
                "resolution target '24 hours' is not kept",
            ),
            (
                None,
                "$.priority_codes[3].target_resolution_time",
                "dropped",
                "resolution target '48 hours' is not kept",
            ),
            (
                None,
                "$.priority_codes[4].target_resolution_time",
                "dropped",
                "resolution target 'Planned' is not kept",
            ),
        ],
    ),
    (
        "priority-matrix",
        ("itil_lookup.json",),
        {
            "severities": [
                ("p1", "1 - Critical"),
                ("p2", "2 - High"),
                ("p3", "3 - Moderate"),
                ("p4", "4 - Low"),
                ("p5", "5 - Planning"),
            ],
            "priority": (
                ["high", "medium", "low"],
                ["high", "medium", "low"],
                [["p1", "p2", "p3"], ["p2", "p3", "p4"], ["p3", "p4", "p5"]],
            ),
            "default_severity": None,
        },
        [],
    ),
    (
        "priority-matrix",
        ("itil_legend.json",),
        {
            "severities": [("p1", "Critical"), ("p2", "High"), ("p3", "Low")],
            "priority": None,
            "default_severity": None,
        },
        [
            (
                None,
                "$.impact_levels",
                "dropped",
                "the impacts are not kept: the table has no cells (matrix is null)",
            ),
            (
                None,
                "$.urgency_levels",
                "dropped",
                "the urgencies are not kept: the table has no cells (matrix is null)",
            ),
            (
                None,
                "$.priority_codes[0].target_resolution_time",
                "dropped",
                "resolution target '2 hours' is not kept",
            ),
            (
                None,
                "$.priority_codes[1].target_resolution_time",
                "dropped",
                "resolution target '1 day' is not kept",
            ),
            (
                None,
                "$.priority_codes[2].target_resolution_time",
                "dropped",
                "resolution target 'Planned' is not kept",
            ),
        ],
    ),
]
