"""Overlays: what an organisation changes in a base matrix, applied and checked."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    IssueType,
    Level,
    MatrixBuilder,
    Overlay,
    Role,
    Severity,
    apply_overlay,
    default_matrix,
)
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import (
    OverlayConflictError,
    UnsupportedSchemaVersionError,
    ValidationError,
)
from escalation_matrix.rules import Compare, Rule
from escalation_matrix.typing import Format
from tests.helpers import small_matrix

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TYPES = default_matrix().issue_type_keys

ADD_AND_CHANGE = """\
schema_version = 1
overlay = "acme"
base = "default"

[[issue_types]]
key = "security_breach"
name = "Security breach"
entry_level = "L2"
responsibilities = { L1 = "Isolate the system.", L2 = "Call the security team.", L3 = "Inform the customer.", L4 = "Agree on compensation." }

[texts]
"cell:performance_hiccups:L1" = "Check the dashboards first."
"level:L1:name" = "Helpdesk"
"""

EXECUTIVE = (
    """\
schema_version = 1
overlay = "executive"

[[roles]]
key = "executive"
title = "Executive"
contacts = [{ name = "Eve Exec", email = "eve@example.com" }]

[[levels]]
key = "L5"
rank = 5
role = "executive"
name = "Level 5 - Executive"

[levels.responsibilities]
"""
    + "".join(f'{key} = "Decide at board level."\n' for key in TYPES)
    + """
[changes.levels.L4]
delay = "8h"
"""
)


def messages(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


def flat(data: Any, path: str = "$") -> dict[str, Any]:
    """Every leaf of a payload by its path, to compare two matrices."""
    if isinstance(data, dict):
        return {
            k: v
            for key, item in data.items()
            for k, v in flat(item, f"{path}.{key}").items()
        }
    if isinstance(data, list):
        return {
            k: v
            for n, item in enumerate(data)
            for k, v in flat(item, f"{path}[{n}]").items()
        }
    return {path: data}


def differences(before: em.Matrix, after: em.Matrix) -> dict[str, tuple[Any, Any]]:
    old, new = flat(em.to_dict(before)), flat(em.to_dict(after))
    return {
        path: (old.get(path), new.get(path))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    }


class TestApplying:
    def test_exactly_the_differences(self, tmp_path: Path) -> None:
        """An overlay adding an issue type and changing two texts changes only those."""
        path = tmp_path / "acme.toml"
        path.write_text(ADD_AND_CHANGE, encoding="utf-8")
        result = apply_overlay(default_matrix(), em.load(path, Overlay))
        added = "$.issue_types[8]"
        expected = {
            "$.levels[0].name": ("Level 1 - Escalation", "Helpdesk"),
            "$.issue_types[6].responsibilities.L1": (
                "Identify and resolve performance-related problems.",
                "Check the dashboards first.",
            ),
            f"{added}.key": (None, "security_breach"),
            f"{added}.name": (None, "Security breach"),
            f"{added}.entry_level": (None, "L2"),
            f"{added}.responsibilities.L1": (None, "Isolate the system."),
            f"{added}.responsibilities.L2": (None, "Call the security team."),
            f"{added}.responsibilities.L3": (None, "Inform the customer."),
            f"{added}.responsibilities.L4": (None, "Agree on compensation."),
        }
        assert differences(default_matrix(), result) == expected

    def test_same_as_the_edits(self, tmp_path: Path) -> None:
        """Applying the overlay gives the matrix the same edits in code give."""
        path = tmp_path / "acme.toml"
        path.write_text(ADD_AND_CHANGE, encoding="utf-8")
        expected = (
            MatrixBuilder.from_matrix(default_matrix())
            .add_issue_type(
                "security_breach",
                "Security breach",
                {
                    "L1": "Isolate the system.",
                    "L2": "Call the security team.",
                    "L3": "Inform the customer.",
                    "L4": "Agree on compensation.",
                },
                entry_level="L2",
            )
            .set_text("cell:performance_hiccups:L1", "Check the dashboards first.")
            .set_text("level:L1:name", "Helpdesk")
            .build()
        )
        assert apply_overlay(default_matrix(), em.load(path, Overlay)) == expected

    def test_deterministic(self) -> None:
        """The same base and overlay always give the same matrix."""
        overlay = em.loads(EXECUTIVE, "toml", Overlay)
        assert em.dumps(apply_overlay(default_matrix(), overlay), "json") == em.dumps(
            apply_overlay(default_matrix(), overlay), "json"
        )

    def test_fifth_level_escalated_to(self) -> None:
        """An overlay's new level is reached after the delay it gives the level below."""
        matrix = apply_overlay(default_matrix(), em.loads(EXECUTIVE, "toml", Overlay))
        reach = OPENED + timedelta(hours=4 + 8 + 24 + 8)
        decision = em.route(matrix, Issue("guidance_acquisition", OPENED), now=reach)
        assert (decision.level.key, decision.responsibility, decision.contacts) == (
            "L5",
            "Decide at board level.",
            (Contact("Eve Exec", email="eve@example.com"),),
        )

    def test_overlays_in_order(self) -> None:
        """Several overlays apply one after the other."""
        first = Overlay("one", texts={"matrix:title": "One"})
        second = Overlay("two", texts={"matrix:title": "Two"}, description="Ours")
        matrix = apply_overlay(default_matrix(), first, second)
        assert (matrix.title, matrix.description) == ("Two", "Ours")

    def test_matrix_fields(self) -> None:
        """An overlay may give the matrix a new key, title, description and language."""
        overlay = Overlay(
            "acme", key="acme", title="ACME", description="Ours", language="it"
        )
        matrix = apply_overlay(small_matrix(), overlay)
        assert (matrix.key, matrix.title, matrix.description, matrix.language) == (
            "acme",
            "ACME",
            "Ours",
            "it",
        )

    def test_level_added_between(self) -> None:
        """A level added at a rank between two levels takes that rank."""
        overlay = Overlay(
            "between",
            levels=[Level("triage", 2, "agent", "Triage")],
            responsibilities={"triage": {"outage": "Sort it.", "billing": "Sort it."}},
        )
        matrix = apply_overlay(small_matrix(), overlay)
        assert (matrix.level_keys, [level.rank for level in matrix.levels]) == (
            ("L1", "triage", "L2", "L3"),
            [1, 2, 3, 4],
        )

    def test_cells_of_new_level_given_by_issue_types(self) -> None:
        """An added level's cells may come from the issue types' changes."""
        overlay = Overlay(
            "top",
            levels=[Level("L4", 4, "boss", "Board")],
            changes={
                "issue_types": {
                    "outage": {"responsibilities": {"L4": "Apologise."}},
                    "billing": {"responsibilities": {"L4": "Refund twice."}},
                }
            },
        )
        matrix = apply_overlay(small_matrix(), overlay)
        assert matrix.row("billing") == (
            "Check the bill.",
            "Correct it.",
            "Refund.",
            "Refund twice.",
        )

    def test_changes_and_removals(self) -> None:
        """Changed fields replace the base's; removed parts go with their cells."""
        overlay = Overlay(
            "lean",
            remove={"levels": ["L2"], "issue_types": ["billing"], "roles": ["lead"]},
            changes={
                "roles": {"boss": {"contacts": [Contact("Bea")], "title": "Director"}},
                "levels": {
                    "L1": {
                        "delay": timedelta(hours=1),
                        "escalate_while": "unacknowledged",
                    }
                },
                "issue_types": {"outage": {"name": "Service down"}},
            },
        )
        matrix = apply_overlay(small_matrix(), overlay)
        assert (
            matrix.level_keys,
            matrix.role_keys,
            matrix.issue_type_keys,
            matrix.role("boss").title,
            matrix.role("boss").contacts,
            matrix.level("L1").delay,
            matrix.level("L1").escalate_while,
            matrix.issue_type("outage").name,
            matrix.row("outage"),
        ) == (
            ("L1", "L3"),
            ("agent", "boss"),
            ("outage",),
            "Director",
            (Contact("Bea"),),
            timedelta(hours=1),
            "unacknowledged",
            "Service down",
            ("Restart it.", "Tell customers."),
        )

    def test_policy_fields_replace(self) -> None:
        """Policy fields in an overlay replace the base's, the others stay."""
        overlay = Overlay(
            "strict",
            policy={
                "severities": [
                    Severity("urgent", "Urgent", entry_level="L2"),
                    Severity("normal", "Normal"),
                ],
                "default_severity": "normal",
                "priority": None,
            },
        )
        matrix = apply_overlay(default_matrix(), overlay)
        assert (
            [s.key for s in matrix.policy.severities],
            matrix.policy.default_severity,
            matrix.policy.delay_mode,
        ) == (["urgent", "normal"], "normal", "per_level")

    def test_result_problems_say_after_which_overlay(self) -> None:
        """A result that is invalid is reported with the overlay that made it."""
        overlay = Overlay("oops", remove={"roles": ["lead"]})
        with pytest.raises(ValidationError) as caught:
            apply_overlay(small_matrix(), overlay)
        assert str(caught.value) == (
            "Invalid matrix after overlay 'oops': 1 problem:\n"
            "  $.levels[1].role: unknown role 'lead'; known role keys: agent, boss"
        )


class TestConflicts:
    @pytest.mark.parametrize(
        ("overlay", "expected"),
        [
            (
                Overlay("x", base="other"),
                ["$.base: the overlay is written for matrix 'other', not for 'small'"],
            ),
            (
                Overlay("x", changes={"levels": {"L9": {"delay": None}}}),
                [
                    "$.changes.levels.L9: unknown level 'L9'; known level keys: L1, L2, L3"
                ],
            ),
            (
                Overlay("x", changes={"roles": {"ghost": {"title": "Ghost"}}}),
                [
                    "$.changes.roles.ghost: unknown role 'ghost'; known role keys: agent, lead, boss"
                ],
            ),
            (
                Overlay("x", remove={"issue_types": ["outage", "outage"]}),
                ["$.remove.issue_types[1]: 'outage' is removed twice"],
            ),
            (
                Overlay(
                    "x",
                    remove={"levels": ["L3"]},
                    changes={"levels": {"L3": {"name": "Top"}}},
                ),
                ["$.changes.levels.L3: level 'L3' is removed by this overlay"],
            ),
            (
                Overlay("x", roles=[Role("lead", "Lead")]),
                [
                    "$.roles[0].key: role 'lead' exists already in the matrix; change it under changes.roles.lead instead"
                ],
            ),
            (
                Overlay("x", roles=[Role("new", "New"), Role("new", "Again")]),
                ["$.roles[1].key: role 'new' is added twice"],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("L2", 2, "lead", "Again")],
                    responsibilities={"L2": {"outage": "?", "billing": "?"}},
                ),
                [
                    "$.levels[0].key: level 'L2' exists already in the matrix; change it under changes.levels.L2 instead"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("a", 2, "lead", "A"), Level("b", 2, "lead", "B")],
                    responsibilities={
                        "a": {"outage": "?", "billing": "?"},
                        "b": {"outage": "?", "billing": "?"},
                    },
                ),
                [
                    "$.levels[1].rank: rank collision: $.levels[0] is added at rank 2 too"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("a", 6, "lead", "A")],
                    responsibilities={"a": {"outage": "?", "billing": "?"}},
                ),
                [
                    "$.levels[0].rank: must be between 1 and 4 (the levels of the result), got 6"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("a", 4, "ghost", "A")],
                    responsibilities={"a": {"outage": "?", "billing": "?"}},
                ),
                [
                    "$.levels[0].role: unknown role 'ghost'; known role keys: agent, lead, boss"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("L4", 4, "boss", "Board")],
                    responsibilities={"L4": {"outage": "?"}},
                ),
                [
                    "$.levels[0].responsibilities.billing: missing: issue type 'billing' needs a text for the added level 'L4'"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("L4", 4, "boss", "Board")],
                    responsibilities={
                        "L4": {"outage": "?", "billing": "?", "refund": "?"}
                    },
                ),
                [
                    "$.levels[0].responsibilities.refund: unknown issue type 'refund'; known issue type keys: outage, billing"
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("L4", 4, "boss", "Board")],
                    responsibilities={"L4": {"outage": "?", "billing": "?"}},
                    changes={
                        "issue_types": {"billing": {"responsibilities": {"L4": "!"}}}
                    },
                ),
                [
                    "$.changes.issue_types.billing.responsibilities.L4: given twice: also at $.levels[0].responsibilities.billing"
                ],
            ),
            (
                Overlay(
                    "x", issue_types=[IssueType("refund", "Refund", {"L1": "Check."})]
                ),
                [
                    "$.issue_types[0].responsibilities.L2: missing: the added issue type 'refund' needs a text for level 'L2'",
                    "$.issue_types[0].responsibilities.L3: missing: the added issue type 'refund' needs a text for level 'L3'",
                ],
            ),
            (
                Overlay(
                    "x",
                    changes={
                        "issue_types": {"outage": {"responsibilities": {"L7": "?"}}}
                    },
                ),
                [
                    "$.changes.issue_types.outage.responsibilities.L7: unknown level 'L7'; known level keys: L1, L2, L3"
                ],
            ),
            (
                Overlay(
                    "x", changes={"levels": {"L1": {"delay": timedelta(0), "name": ""}}}
                ),
                [
                    "$.changes.levels.L1.name: must be a text with something visible in it, got ''",
                    "$.changes.levels.L1.delay: must be longer than zero, got '0s'",
                ],
            ),
            (
                Overlay("x", policy={"delay_mode": "never"}),
                [
                    "$.policy.delay_mode: must be one of 'per_level', 'since_opened', got 'never'"
                ],
            ),
            (
                Overlay("x", texts={"cell:outage:L9": "?", "role:agent:name": "?"}),
                [
                    "$.texts['cell:outage:L9']: unknown level 'L9'; known level keys: L1, L2, L3",
                    "$.texts['role:agent:name']: 'role' texts are title, description; got 'role:agent:name'",
                ],
            ),
        ],
    )
    def test_reported_with_paths_into_the_overlay(
        self, overlay: Overlay, expected: list[str]
    ) -> None:
        """Each conflict is reported with its path in the overlay."""
        with pytest.raises(OverlayConflictError) as caught:
            apply_overlay(small_matrix(), overlay)
        assert messages(caught.value) == expected

    @pytest.mark.parametrize(
        ("overlay", "expected"),
        [
            (
                Overlay(
                    "x",
                    texts={"level:L1:name": "A"},
                    changes={"levels": {"L1": {"name": "B"}}},
                ),
                [
                    "$.texts['level:L1:name']: given twice: also at $.changes.levels.L1.name"
                ],
            ),
            (
                Overlay(
                    "x",
                    texts={"cell:outage:L1": "T"},
                    changes={
                        "issue_types": {"outage": {"responsibilities": {"L1": "C"}}}
                    },
                ),
                [
                    "$.texts['cell:outage:L1']: given twice: also at $.changes.issue_types.outage.responsibilities.L1"
                ],
            ),
            (
                Overlay("x", title="ACME", texts={"matrix:title": "Acme"}),
                ["$.texts['matrix:title']: given twice: also at $.title"],
            ),
            (
                Overlay("x", description="", texts={"matrix:description": "About"}),
                ["$.texts['matrix:description']: given twice: also at $.description"],
            ),
            (
                Overlay(
                    "x",
                    changes={
                        "roles": {"agent": {"description": ""}},
                        "issue_types": {"billing": {"name": "Invoices"}},
                    },
                    texts={
                        "role:agent:description": "First contact.",
                        "issue_type:billing:name": "Bills",
                    },
                ),
                [
                    "$.texts['role:agent:description']: given twice: also at $.changes.roles.agent.description",
                    "$.texts['issue_type:billing:name']: given twice: also at $.changes.issue_types.billing.name",
                ],
            ),
            (
                Overlay(
                    "x",
                    roles=[Role("exec", "Executive", description="Decides.")],
                    texts={"role:exec:title": "Board", "role:exec:description": "?"},
                ),
                [
                    "$.texts['role:exec:title']: given twice: also at $.roles[0].title",
                    "$.texts['role:exec:description']: given twice: also at $.roles[0].description",
                ],
            ),
            (
                Overlay(
                    "x",
                    levels=[Level("L4", 4, "boss", "Board")],
                    responsibilities={"L4": {"outage": "?", "billing": "?"}},
                    changes={
                        "issue_types": {"outage": {"responsibilities": {"L4": "!"}}}
                    },
                    texts={"cell:outage:L4": "!!", "level:L4:name": "Top"},
                ),
                [
                    "$.changes.issue_types.outage.responsibilities.L4: given twice: also at $.levels[0].responsibilities.outage",
                    "$.texts['cell:outage:L4']: given twice: also at $.levels[0].responsibilities.outage",
                    "$.texts['level:L4:name']: given twice: also at $.levels[0].name",
                ],
            ),
            (
                Overlay(
                    "x",
                    issue_types=[
                        IssueType("refund", "Refund", {"L1": "a", "L2": "b", "L3": "c"})
                    ],
                    texts={"cell:refund:L2": "B"},
                ),
                [
                    "$.texts['cell:refund:L2']: given twice: also at $.issue_types[0].responsibilities.L2"
                ],
            ),
            (
                Overlay(
                    "x",
                    policy={"severities": [Severity("high", "High")]},
                    texts={"severity:high:name": "Urgent"},
                ),
                [
                    "$.texts['severity:high:name']: given twice: also at $.policy.severities[0].name"
                ],
            ),
        ],
    )
    def test_a_text_set_twice(self, overlay: Overlay, expected: list[str]) -> None:
        """A text set at two places of one overlay is a conflict naming both."""
        with pytest.raises(OverlayConflictError) as caught:
            apply_overlay(small_matrix(), overlay)
        assert messages(caught.value) == expected

    def test_the_reviewed_overlay_file(self, tmp_path: Path) -> None:
        """An overlay file setting a name and a cell under changes and texts fails."""
        path = tmp_path / "twice.toml"
        path.write_text(
            """\
schema_version = 1
overlay = "twice"

[texts]
"level:L1:name" = "A"
"cell:performance_hiccups:L1" = "T"

[changes.levels.L1]
name = "B"

[changes.issue_types.performance_hiccups]
responsibilities = { L1 = "C" }
""",
            "utf-8",
        )
        with pytest.raises(OverlayConflictError) as caught:
            apply_overlay(default_matrix(), em.load(path, Overlay))
        assert caught.value.source == str(path)
        assert messages(caught.value) == [
            "$.texts['level:L1:name']: given twice: also at $.changes.levels.L1.name",
            "$.texts['cell:performance_hiccups:L1']: given twice: also at "
            "$.changes.issue_types.performance_hiccups.responsibilities.L1",
        ]

    def test_texts_an_added_part_leaves_empty(self) -> None:
        """A text for a field an added part leaves empty is set once: no conflict."""
        overlay = Overlay(
            "x",
            roles=[Role("exec", "Executive")],
            texts={"role:exec:description": "Decides."},
        )
        matrix = apply_overlay(small_matrix(), overlay)
        assert matrix.role("exec").description == "Decides."

    def test_every_conflict_at_once(self) -> None:
        """All conflicts of an overlay are reported together."""
        overlay = Overlay(
            "x",
            base="other",
            remove={"levels": ["L9"]},
            changes={"roles": {"ghost": {"title": "Ghost"}}},
        )
        with pytest.raises(OverlayConflictError) as caught:
            apply_overlay(small_matrix(), overlay)
        assert [p.path for p in caught.value.problems] == [
            "$.base",
            "$.remove.levels[0]",
            "$.changes.roles.ghost",
        ]

    def test_file_named_in_the_error(self, tmp_path: Path) -> None:
        """Conflicts of an overlay read from a file name the file."""
        path = tmp_path / "acme.toml"
        path.write_text(ADD_AND_CHANGE, encoding="utf-8")
        with pytest.raises(OverlayConflictError) as caught:
            apply_overlay(small_matrix(), em.load(path, Overlay))
        assert (caught.value.source, str(caught.value).splitlines()[0]) == (
            str(path),
            f"Invalid overlay 'acme' in {path}: 3 problems:",
        )

    def test_conflicts_are_validation_errors(self) -> None:
        """Code that catches validation errors catches conflicts too."""
        assert issubclass(OverlayConflictError, ValidationError)


class TestOverlayValues:
    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (
                lambda: Overlay("Bad Name"),
                "$.overlay: must be a lowercase snake_case ASCII key of at most 64 characters, got 'Bad Name'",
            ),
            (
                lambda: Overlay("x", title=" "),
                "$.title: must be a text with something visible in it, got ' '",
            ),
            (
                lambda: Overlay("x", language="english"),
                "$.language: must be a language tag such as 'en' or 'pt_BR', got 'english'",
            ),
            (
                lambda: Overlay("x", roles=["agent"]),
                "$.roles[0]: must be a Role, got 'agent'",
            ),
            (
                lambda: Overlay("x", responsibilities={"L9": {"outage": "?"}}),
                "$.responsibilities.L9: names no level that this overlay adds",
            ),
            (
                lambda: Overlay("x", changes={"severities": {}}),
                "$.changes.severities: unknown kind of part; expected one of: roles, levels, issue_types",
            ),
            (
                lambda: Overlay("x", changes={"roles": {"agent": {"colour": "red"}}}),
                "$.changes.roles.agent.colour: unknown field; expected one of: title, description, contacts",
            ),
            (
                lambda: Overlay("x", changes={"roles": {"agent": {"key": "a"}}}),
                "$.changes.roles.agent.key: cannot be changed by an overlay: parts are named by key; remove the part and add it under the new key",
            ),
            (
                lambda: Overlay(
                    "x", changes={"issue_types": {"outage": {"responsibilities": "x"}}}
                ),
                "$.changes.issue_types.outage.responsibilities: must be a mapping of level keys to texts, got 'x'",
            ),
            (
                lambda: Overlay("x", remove={"rules": ["r"]}),
                "$.remove.rules: unknown kind of part; expected one of: roles, levels, issue_types",
            ),
            (
                lambda: Overlay("x", remove={"roles": "agent"}),
                "$.remove.roles: must be a list of keys, got 'agent'",
            ),
            (
                lambda: Overlay("x", texts={"matrix:title": ""}),
                "$.texts['matrix:title']: must be a text with something visible in it, got ''",
            ),
            (
                lambda: Overlay("x", policy={"mode": "x"}),
                "$.policy.mode: unknown field; expected one of: delay_mode, severities, default_severity, priority, calendar, rules, first_wait, repeat, at_end",
            ),
            (
                lambda: Overlay("x", texts=["a"]),
                '$.texts: must be a mapping, got ["a"]',
            ),
        ],
    )
    def test_invalid(self, build: Any, expected: str) -> None:
        """An invalid overlay cannot be made; the problem says where."""
        with pytest.raises(ValidationError) as caught:
            build()
        assert messages(caught.value) == [expected]

    def test_hashable(self) -> None:
        """Overlays are values: equal ones hash alike."""
        one = em.loads(EXECUTIVE, "toml", Overlay)
        assert hash(one) == hash(em.loads(EXECUTIVE, "toml", Overlay))

    def test_repr(self) -> None:
        """An overlay's repr counts what it holds."""
        assert repr(em.loads(EXECUTIVE, "toml", Overlay)) == (
            "<Overlay 'executive' roles=1 levels=1 changes=1>"
        )


class TestOverlayFiles:
    @pytest.mark.parametrize("source", [ADD_AND_CHANGE, EXECUTIVE])
    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, source: str, fmt: Format) -> None:
        """Overlays read back equal from every file format."""
        overlay = em.loads(source, "toml", Overlay)
        assert em.loads(em.dumps(overlay, fmt), fmt, Overlay) == overlay

    def test_round_trip_of_every_field(self, tmp_path: Path) -> None:
        """An overlay using every field survives a file, policy objects included."""
        overlay = Overlay(
            "full",
            base="small",
            key="ours",
            title="Ours",
            description="Our matrix",
            language="it",
            roles=[
                Role("exec", "Exec", contacts=[Contact("Eve", phone="+1 555 0100")])
            ],
            levels=[Level("L4", 4, "exec", "Board", delay=timedelta(days=1))],
            responsibilities={"L4": {"outage": "Decide.", "billing": "Decide."}},
            issue_types=[
                IssueType(
                    "refund", "Refund", dict.fromkeys(("L1", "L2", "L3", "L4"), "Pay.")
                )
            ],
            changes={"levels": {"L3": {"delay": timedelta(hours=3)}}},
            texts={"cell:outage:L1": "Reboot."},
            remove={"roles": []},
            policy={
                "severities": [Severity("high", "High", entry_level="L2")],
                "default_severity": "high",
                "rules": [
                    Rule(
                        "vip",
                        Compare("attributes.tier", "==", "vip"),
                        entry_level="L3",
                    )
                ],
                "priority": em.PriorityTable(["big"], ["now"], [["high"]]),
                "calendar": BusinessCalendar(
                    "Europe/Rome", [WorkingHours(["mon"], time(9), time(17))]
                ),
            },
        )
        path = tmp_path / "full.yaml"
        em.dump(overlay, path)
        read = em.load(path, Overlay)
        assert (read, read.source) == (overlay, str(path))
        assert apply_overlay(small_matrix(), read).key == "ours"

    def test_every_field_in_order(self) -> None:
        """Every field is written in the file's order; an added level's texts go last in it."""
        overlay = Overlay(
            "full",
            base="small",
            key="ours",
            title="Ours",
            description="Our matrix",
            language="it",
            roles=[Role("exec", "Exec")],
            levels=[
                Level("L4", 4, "exec", "Board", delay=timedelta(days=1)),
                Level("L5", 5, "exec", "Top"),
            ],
            responsibilities={"L4": {"outage": "Decide."}},
            issue_types=[
                IssueType("refund", "Refund", dict.fromkeys(("L1", "L4", "L5"), "Pay."))
            ],
            changes={"levels": {"L3": {"delay": timedelta(hours=3)}}},
            texts={"cell:outage:L1": "Reboot."},
            remove={"roles": ["agent"]},
            policy={"default_severity": "high"},
        )
        data = em.to_dict(overlay)
        assert list(data) == [
            "schema_version",
            "overlay",
            "base",
            "key",
            "title",
            "description",
            "language",
            "remove",
            "policy",
            "roles",
            "levels",
            "issue_types",
            "changes",
            "texts",
        ]
        assert [list(level) for level in data["levels"]] == [
            [
                "key",
                "rank",
                "role",
                "name",
                "delay",
                "escalate_while",
                "responsibilities",
            ],
            ["key", "rank", "role", "name", "escalate_while"],
        ]
        assert data["levels"][0]["responsibilities"] == {"outage": "Decide."}
        assert em.from_dict(data, Overlay) == overlay

    def test_payload_shape(self) -> None:
        """An overlay is written as a matrix file with only what differs."""
        overlay = Overlay(
            "acme",
            changes={"levels": {"L4": {"delay": timedelta(hours=8)}}},
            texts={"level:L1:name": "Helpdesk"},
        )
        assert em.to_dict(overlay) == {
            "schema_version": 1,
            "overlay": "acme",
            "changes": {"levels": {"L4": {"delay": "8h"}}},
            "texts": {"level:L1:name": "Helpdesk"},
        }

    def test_problems_in_a_file(self) -> None:
        """A broken overlay file lists every problem with its path."""
        data = {
            "schema_version": 1,
            "overlay": "x",
            "changes": {"levels": {"L4": {"delay": "soon", "rank": 2}}, "rules": {}},
            "remove": {"levels": "L1", "severities": []},
            "levels": [
                {
                    "key": "L5",
                    "rank": 5,
                    "role": "boss",
                    "name": "",
                    "responsibilities": {"a": 1},
                }
            ],
            "policy": {"delay_mode": 3},
            "colour": "red",
        }
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, Overlay)
        assert messages(caught.value) == [
            "$.changes.levels.L4.delay: expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', got 'soon'",
            "$.changes.levels.L4.rank: unknown field; expected one of: role, name, description, delay, business_time, escalate_while, assignment",
            "$.changes.rules: unknown kind of part; expected one of: roles, levels, issue_types",
            "$.remove.levels: must be a list, got 'L1'",
            "$.remove.severities: unknown kind of part; expected one of: roles, levels, issue_types",
            "$.levels[0].name: must be a text with something visible in it, got ''",
            "$.levels[0].responsibilities.a: must be a string, got 1",
            "$.policy.delay_mode: must be a string, got 3",
            "$.colour: unknown field; expected one of: schema_version, overlay, base, key, title, description, language, policy, roles, levels, issue_types, changes, texts, remove",
        ]

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"changes": 3}, ["$.changes: must be an object (a table), got 3"]),
            (
                {"changes": {"levels": ["L1"]}},
                ['$.changes.levels: must be an object (a table), got ["L1"]'],
            ),
            (
                {"remove": "L1"},
                ["$.remove: must be an object (a table), got 'L1'"],
            ),
            (
                {"policy": {"severities": [{"key": "x"}]}},
                ["$.policy.severities[0].name: missing required field"],
            ),
            (
                {"overlay": "Not A Key"},
                [
                    "$.overlay: must be a lowercase snake_case ASCII key of at most 64 characters, got 'Not A Key'"
                ],
            ),
            (
                {"schema_version": "1"},
                ["$.schema_version: must be an integer, got '1'"],
            ),
        ],
    )
    def test_bad_parts_of_a_file(
        self, changes: dict[str, Any], expected: list[str]
    ) -> None:
        """Each part of an overlay file is checked for its shape."""
        data = {"schema_version": 1, "overlay": "x", **changes}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, Overlay)
        assert messages(caught.value) == expected

    def test_changed_contacts_round_trip(self) -> None:
        """Changed contacts are written as contacts, and read back."""
        overlay = Overlay(
            "people",
            changes={
                "roles": {
                    "agent": {"contacts": [Contact("Ada", email="ada@example.com")]}
                }
            },
        )
        data = em.to_dict(overlay)
        assert (data["changes"], em.from_dict(data, Overlay)) == (
            {
                "roles": {
                    "agent": {"contacts": [{"name": "Ada", "email": "ada@example.com"}]}
                }
            },
            overlay,
        )

    def test_marker_required(self) -> None:
        """A file without its overlay field is not an overlay."""
        with pytest.raises(ValidationError) as caught:
            em.from_dict({"schema_version": 1}, Overlay)
        assert messages(caught.value) == ["$.overlay: missing required field"]

    def test_newer_version_refused(self) -> None:
        """An overlay written by a newer release is refused, saying which versions are read."""
        with pytest.raises(UnsupportedSchemaVersionError) as caught:
            em.from_dict({"schema_version": 2, "overlay": "x"}, Overlay)
        assert messages(caught.value) == [
            "$.schema_version: must be between 1 and 1 (the versions this release reads), got 2"
        ]

    def test_not_a_matrix(self, tmp_path: Path) -> None:
        """Loading an overlay file as a matrix fails, saying what to call instead."""
        path = tmp_path / "acme.toml"
        path.write_text(ADD_AND_CHANGE, encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            em.load(path)
        assert "$.overlay: this is an overlay, not a matrix" in str(caught.value)
