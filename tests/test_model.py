"""The matrix model: construction, validation, lookups and value semantics."""

from __future__ import annotations

import pickle
from datetime import timedelta

import attrs
import pytest

from escalation_matrix import (
    IssueType,
    Level,
    Matrix,
    Policy,
    PriorityTable,
    Role,
    Severity,
    default_matrix,
    from_dict,
    to_dict,
)
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix.exceptions import (
    EscalationMatrixError,
    UnknownIssueTypeError,
    UnknownLevelError,
    UnknownRoleError,
    UnknownSeverityError,
    ValidationError,
)
from tests.helpers import small_matrix


def paths(error: ValidationError) -> list[str]:
    return [problem.path for problem in error.problems]


class TestLeaves:
    @pytest.mark.parametrize(
        ("build", "path", "fragment"),
        [
            (lambda: Role("Project Manager", "PM"), "$.key", "snake_case"),
            (lambda: Role("pm", "  "), "$.title", "something visible"),
            (lambda: Role("pm", "PM", description=3), "$.description", "string"),  # type: ignore[arg-type]
            (lambda: Level("L1", 0, "pm", "One"), "$.rank", "must be >= 1, got 0"),
            (lambda: Level("L1", True, "pm", "One"), "$.rank", "integer"),
            (lambda: Level("l-1", 1, "pm", "One"), "$.key", "'L1'-style"),
            (lambda: Level("L1", 1, "pm", ""), "$.name", "something visible"),
            (lambda: Level("L1", 1, "pm", "\u200b"), "$.name", "something visible"),
            (lambda: Role("pm", "\x00\t"), "$.title", "control character U+0000"),
            (
                lambda: IssueType("x", "X", {"L1": "\u2028\ufeff"}),
                "$.responsibilities.L1",
                "something visible",
            ),
            (
                lambda: Level("L1", 1, "pm", "One", delay=timedelta(days=3651)),
                "$.delay",
                "must be at most '3650d' (ten years), got '3651d'",
            ),
            (
                lambda: Level("L1", 1, "pm", "One", delay=timedelta(0)),
                "$.delay",
                "must be longer than zero, got '0s'",
            ),
            (
                lambda: Level("L1", 1, "pm", "One", delay=timedelta(seconds=1.5)),
                "$.delay",
                "whole number of seconds",
            ),
            (
                lambda: Level("L1", 1, "pm", "One", escalate_while="forever"),  # type: ignore[arg-type]
                "$.escalate_while",
                "'unacknowledged', 'unresolved'",
            ),
            (
                lambda: Level("L1", 1, "pm", "One", business_time=1),  # type: ignore[arg-type]
                "$.business_time",
                "true or false",
            ),
            (
                lambda: IssueType("outage", "Outage", {"L1": ""}),
                "$.responsibilities.L1",
                "something visible",
            ),
            (
                lambda: IssueType("outage", "Outage", {"L 1": "x"}),
                "$.responsibilities['L 1']",
                "key",
            ),
            (
                lambda: IssueType("outage", "Outage", {"L1": "x"}, entry_level="?"),
                "$.entry_level",
                "key",
            ),
            (lambda: Severity("Sev1", "Sev"), "$.key", "snake_case"),
            (lambda: Severity("sev", "Sev", entry_level="L 1"), "$.entry_level", "key"),
            (
                lambda: Severity("sev", "Sev", skip_levels=["L1", "!"]),
                "$.skip_levels[1]",
                "key",
            ),
        ],
    )
    def test_invalid_leaf(self, build: object, path: str, fragment: str) -> None:
        """A value object with a bad field raises a ValidationError naming it."""
        assert callable(build)
        with pytest.raises(ValidationError) as info:
            build()
        assert [path] == paths(info.value)
        assert fragment in info.value.problems[0].message

    def test_every_leaf_problem_at_once(self) -> None:
        """All bad fields of one object are reported together."""
        with pytest.raises(ValidationError) as info:
            Level("?", 0, "Role", "")
        assert paths(info.value) == ["$.key", "$.rank", "$.role", "$.name"]

    def test_keys_are_ascii(self) -> None:
        """Non-ASCII letters are not allowed in keys."""
        with pytest.raises(ValidationError):
            Role("caffè", "Caffè")

    def test_long_keys_rejected(self) -> None:
        """Keys are at most 64 characters."""
        Role("a" * 64, "ok")
        with pytest.raises(ValidationError):
            Role("a" * 65, "too long")

    def test_responsibilities_are_frozen(self) -> None:
        """The responsibilities mapping cannot be changed after construction."""
        source = {"L1": "Do it."}
        issue_type = IssueType("outage", "Outage", source)
        source["L1"] = "Changed."
        assert issue_type.responsibilities["L1"] == "Do it."
        with pytest.raises(TypeError):
            issue_type.responsibilities["L1"] = "x"  # type: ignore[index]

    def test_frozen(self) -> None:
        """Fields cannot be assigned."""
        role = Role("pm", "PM")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            role.title = "Other"  # type: ignore[misc]

    def test_reprs_are_compact(self) -> None:
        """Reprs name the object, not all its data."""
        assert repr(Role("pm", "PM")) == "<Role 'pm'>"
        assert repr(Level("L2", 2, "pm", "Two")) == "<Level L2 rank=2 role='pm'>"
        assert repr(IssueType("x", "X", {})) == "<IssueType 'x'>"
        assert repr(Severity("high", "High")) == "<Severity 'high'>"
        assert repr(Policy()) == "<Policy per_level severities=0 rules=0>"
        table = PriorityTable(["a"], ["b", "c"], [["s", "t"]])
        assert repr(table) == "<PriorityTable 1x2>"


class TestMatrixValidation:
    def test_valid(self) -> None:
        """A consistent matrix builds."""
        matrix = small_matrix()
        assert matrix.level_keys == ("L1", "L2", "L3")

    def test_every_problem_listed(self) -> None:
        """Duplicate key, rank gap, missing cell and unknown role are all reported."""
        with pytest.raises(ValidationError) as info:
            small_matrix(
                levels=[
                    Level("L1", 1, "agent", "One"),
                    Level("L2", 2, "agent", "Two"),
                    Level("L2", 3, "lead", "Again"),
                    Level("L4", 5, "ghost", "Four"),
                ],
            )
        assert paths(info.value) == [
            "$.levels[2].key",
            "$.levels[3].rank",
            "$.levels[3].role",
            "$.issue_types[0].responsibilities.L4",
            "$.issue_types[0].responsibilities.L3",
            "$.issue_types[1].responsibilities.L4",
            "$.issue_types[1].responsibilities.L3",
        ]
        text = str(info.value)
        assert text.startswith("Invalid matrix: 7 problems:")
        assert "duplicate key 'L2' (first at index 1)" in text
        assert "must be 4: levels are listed in rank order" in text
        assert "unknown role 'ghost'; known role keys: agent, lead, boss" in text
        assert "missing: issue type 'outage' needs a text for level 'L4'" in text
        assert "unknown level 'L3'; known level keys: L1, L2, L4" in text

    def test_level_key_given_twice_misses_its_cells_once(self) -> None:
        """A missing text is one problem, however often its level is listed."""
        with pytest.raises(ValidationError) as info:
            small_matrix(
                levels=[
                    Level("L1", 1, "agent", "One"),
                    Level("L2", 2, "lead", "Two"),
                    Level("L2", 3, "boss", "Again"),
                ],
                issue_types=[IssueType("outage", "Outage", {"L1": "a"})],
            )
        assert paths(info.value) == [
            "$.levels[2].key",
            "$.issue_types[0].responsibilities.L2",
        ]

    def test_duplicate_severity_in_a_matrix(self) -> None:
        """The first of two equal keys is named by its path in the matrix."""
        data = to_dict(default_matrix())
        data["policy"]["severities"].append({"key": "low", "name": "Again"})
        with pytest.raises(ValidationError) as info:
            from_dict(data)
        assert [str(problem) for problem in info.value.problems] == [
            "$.policy.severities[4].key: duplicate key 'low' (first at index 3)"
        ]

    def test_unknown_cell_level(self) -> None:
        """A text for a level that does not exist is reported."""
        outage = IssueType(
            "outage", "Outage", {"L1": "a", "L2": "b", "L3": "c", "L9": "d"}
        )
        with pytest.raises(ValidationError) as info:
            small_matrix(issue_types=[outage])
        assert paths(info.value) == ["$.issue_types[0].responsibilities.L9"]

    def test_duplicate_roles_and_issue_types(self) -> None:
        """Role and issue type keys are unique."""
        outage = small_matrix().issue_types[0]
        with pytest.raises(ValidationError) as info:
            small_matrix(
                roles=[*small_matrix().roles, Role("agent", "Again")],
                issue_types=[outage, outage],
            )
        assert paths(info.value) == ["$.roles[3].key", "$.issue_types[1].key"]

    def test_empty_matrix(self) -> None:
        """A matrix needs levels; without issue types it has the implicit one."""
        with pytest.raises(ValidationError) as info:
            Matrix("m", "M", levels=[], roles=[], issue_types=[])
        assert paths(info.value) == ["$.levels"]

    def test_wrong_types(self) -> None:
        """Parts of the wrong type are reported before anything else."""
        with pytest.raises(ValidationError) as info:
            Matrix(
                "m",
                "M",
                levels=["L1"],  # type: ignore[list-item]
                roles=[],
                issue_types=[],
                language="English",
                policy={},  # type: ignore[arg-type]
            )
        assert paths(info.value) == ["$.language", "$.levels[0]", "$.policy"]

    def test_levels_out_of_order(self) -> None:
        """Levels must be given in rank order."""
        one, two, three = small_matrix().levels
        with pytest.raises(ValidationError) as info:
            small_matrix(levels=[two, one, three])
        assert paths(info.value) == ["$.levels[0].rank", "$.levels[1].rank"]

    def test_issue_type_entry_level_must_exist(self) -> None:
        """An issue type's entry level names a level of the matrix."""
        outage = attrs.evolve(small_matrix().issue_types[0], entry_level="L7")
        with pytest.raises(ValidationError) as info:
            small_matrix(issue_types=[outage])
        assert paths(info.value) == ["$.issue_types[0].entry_level"]

    def test_severity_levels_must_exist_and_agree(self) -> None:
        """Severity entry, cap and skipped levels exist and do not contradict."""
        policy = Policy(
            severities=[
                Severity("a", "A", entry_level="L9", skip_levels=["L8"]),
                Severity("b", "B", entry_level="L3", max_level="L1"),
                Severity("c", "C", entry_level="L2", skip_levels=["L2"]),
                Severity("d", "D", max_level="L9"),
            ]
        )
        with pytest.raises(ValidationError) as info:
            small_matrix(policy=policy)
        assert paths(info.value) == [
            "$.policy.severities[0].entry_level",
            "$.policy.severities[0].skip_levels[0]",
            "$.policy.severities[1].max_level",
            "$.policy.severities[2].skip_levels",
            "$.policy.severities[3].max_level",
        ]

    def test_since_opened_delays_must_grow(self) -> None:
        """With delays counted from opening, each must exceed the one below."""
        levels = [
            Level("L1", 1, "agent", "One", delay=timedelta(hours=2)),
            Level("L2", 2, "lead", "Two", delay=timedelta(hours=1)),
            Level("L3", 3, "boss", "Three"),
        ]
        with pytest.raises(ValidationError) as info:
            small_matrix(levels=levels, policy=Policy(delay_mode="since_opened"))
        assert paths(info.value) == ["$.levels[1].delay"]
        ok = [*levels[:1], attrs.evolve(levels[1], delay=timedelta(hours=3)), levels[2]]
        matrix = small_matrix(levels=ok, policy=Policy(delay_mode="since_opened"))
        assert matrix.level("L2").delay == timedelta(hours=3)


class TestPolicy:
    def test_unknown_default_severity(self) -> None:
        """The default severity is one of the severities."""
        with pytest.raises(ValidationError) as info:
            Policy(severities=[Severity("high", "High")], default_severity="low")
        assert paths(info.value) == ["$.default_severity"]

    def test_duplicate_severity(self) -> None:
        """Severity keys are unique."""
        with pytest.raises(ValidationError) as info:
            Policy(severities=[Severity("high", "High"), Severity("high", "Again")])
        assert paths(info.value) == ["$.severities[1].key"]

    def test_wrong_severity_type(self) -> None:
        """Severities must be Severity objects."""
        with pytest.raises(ValidationError) as info:
            Policy(severities=["high"], delay_mode="sometimes")  # type: ignore[list-item,arg-type]
        assert paths(info.value) == ["$.delay_mode", "$.severities[0]"]

    def test_priority_table_shape(self) -> None:
        """A priority table has one row per impact and one column per urgency."""
        with pytest.raises(ValidationError) as info:
            PriorityTable(["high", "high"], [], [["x"]])
        assert paths(info.value) == [
            "$.impacts[1]",
            "$.urgencies",
            "$.table",
            "$.table[0]",
        ]

    def test_priority_severities_must_exist(self) -> None:
        """Every severity named in the priority table is known."""
        table = PriorityTable(["high"], ["high"], [["urgent"]])
        with pytest.raises(ValidationError) as info:
            Policy(severities=[Severity("high", "High")], priority=table)
        assert paths(info.value) == ["$.priority.table[0][0]"]

    def test_priority_lookup(self) -> None:
        """The table gives the severity of an impact and urgency."""
        priority = default_matrix().policy.priority
        assert priority is not None
        assert priority.severity("high", "high") == "critical"
        assert priority.severity("medium", "low") == "low"
        assert priority.severity("low", "high") == "medium"

    def test_severity_lookup(self) -> None:
        """Severities are found by key; unknown keys list the known ones."""
        policy = default_matrix().policy
        assert policy.severity("critical").entry_level == "L2"
        with pytest.raises(
            UnknownSeverityError, match="known severities: critical, high, medium, low"
        ):
            policy.severity("urgent")


class TestLookups:
    def test_level_by_key_rank_or_object(self) -> None:
        """Levels are found by key, by rank or by an equal object."""
        matrix = small_matrix()
        two = matrix.levels[1]
        assert matrix.level("L2") is two
        assert matrix.level(2) is two
        assert matrix.level(attrs.evolve(two)) is two

    @pytest.mark.parametrize("bad", ["L4", 0, 4, True, 2.0, None])
    def test_unknown_level(self, bad: object) -> None:
        """An unknown level raises a LookupError naming it and the known ones."""
        with pytest.raises(UnknownLevelError) as info:
            small_matrix().level(bad)  # type: ignore[arg-type]
        assert isinstance(info.value, LookupError)
        assert isinstance(info.value, EscalationMatrixError)
        assert info.value.key == bad
        assert info.value.known == ("L1", "L2", "L3")
        # Shown as a file writes it: true and null, not True and None.
        shown = "true" if bad is True else "null" if bad is None else repr(bad)
        assert str(info.value) == f"Unknown level {shown}; known levels: L1, L2, L3."

    def test_role(self) -> None:
        """Roles are found by key, object, or the level they hold."""
        matrix = small_matrix()
        assert matrix.role("lead").title == "Team lead"
        assert matrix.role(matrix.roles[0]) is matrix.roles[0]
        assert matrix.role(matrix.level("L3")).key == "boss"
        with pytest.raises(UnknownRoleError, match="known roles: agent, lead, boss"):
            matrix.role("ceo")

    def test_issue_type(self) -> None:
        """Issue types are found by key or object."""
        matrix = small_matrix()
        assert matrix.issue_type("billing").name == "Billing"
        assert matrix.issue_type(matrix.issue_types[0]).key == "outage"
        with pytest.raises(UnknownIssueTypeError, match="known issue types: outage"):
            matrix.issue_type("fire")

    def test_responsibility(self) -> None:
        """A cell is found from an issue type and a level, each in any form."""
        matrix = small_matrix()
        assert matrix.responsibility("outage", "L2") == "Find the cause."
        assert matrix.responsibility(matrix.issue_types[1], 3) == "Refund."
        with pytest.raises(UnknownLevelError):
            matrix.responsibility("outage", 9)

    def test_next_and_previous(self) -> None:
        """Neighbouring levels, None at both ends."""
        matrix = small_matrix()
        assert matrix.next_level("L1") == matrix.level("L2")
        assert matrix.next_level(3) is None
        assert matrix.previous_level("L3") == matrix.level("L2")
        assert matrix.previous_level(matrix.first_level) is None
        assert matrix.top_level.key == "L3"

    def test_iteration_helpers(self) -> None:
        """Keys, rows, cells and levels of a role."""
        matrix = small_matrix(roles=[*small_matrix().roles, Role("spare", "Spare")])
        assert matrix.role_keys == ("agent", "lead", "boss", "spare")
        assert matrix.issue_type_keys == ("outage", "billing")
        assert matrix.row("billing") == ("Check the bill.", "Correct it.", "Refund.")
        cells = list(matrix.cells())
        assert len(cells) == 6
        assert (cells[4].issue_type.key, cells[4].level.key, cells[4].text) == (
            "billing",
            "L2",
            "Correct it.",
        )
        assert matrix.levels_of("lead") == (matrix.level("L2"),)
        assert matrix.levels_of("spare") == ()

    def test_matrix_repr(self) -> None:
        """The matrix repr counts its parts."""
        assert repr(small_matrix()) == "<Matrix 'small' levels=3 roles=3 issue_types=2>"


class TestValueSemantics:
    def test_equal_and_hashable(self) -> None:
        """Equal matrices are equal and hash alike, whatever the dict order."""
        one = small_matrix()
        outage = one.issue_types[0]
        reordered = IssueType(
            "outage", "Outage", dict(reversed(list(outage.responsibilities.items())))
        )
        two = small_matrix(issue_types=[reordered, one.issue_types[1]])
        assert one == two
        assert hash(one) == hash(two)
        assert len({one, two}) == 1

    def test_pickle(self) -> None:
        """Matrices survive pickling, lookups included."""
        matrix = default_matrix()
        copy = pickle.loads(pickle.dumps(matrix))  # noqa: S301 -- our own data
        assert copy == matrix
        assert copy.level(3).role == "account_manager"

    def test_frozendict(self) -> None:
        """FrozenDict compares with mappings and keeps its items."""
        frozen = FrozenDict({"a": "1"})
        assert frozen == {"a": "1"}
        assert frozen != {"a": "2"}
        assert frozen != ["a"]
        assert "a" in frozen
        assert len(frozen) == 1
        assert list(frozen) == ["a"]
        assert repr(frozen) == "FrozenDict({'a': '1'})"
        assert hash(frozen) == hash(FrozenDict({"a": "1"}))
        assert FrozenDict() == {}
