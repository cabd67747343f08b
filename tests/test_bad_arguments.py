"""Arguments of the wrong shape get this library's errors, never a raw one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    IssueType,
    Matrix,
    MatrixBuilder,
    Overlay,
    Policy,
    PriorityTable,
    Severity,
    default_matrix,
)
from escalation_matrix._base.shown import shown
from escalation_matrix.exceptions import (
    EscalationMatrixError,
    ValidationError,
    WrongTypeError,
)
from escalation_matrix.rules import Compare, Rule

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
ALWAYS = Compare("severity", "exists")


def _matrix(**changes: object) -> Matrix:
    base = default_matrix()
    fields: dict[str, object] = {
        "levels": base.levels,
        "roles": base.roles,
        "issue_types": base.issue_types,
        **changes,
    }
    return Matrix(key="m", title="M", **fields)  # type: ignore[arg-type]


LISTS: dict[str, tuple[Callable[[object], object], str, str]] = {
    "matrix levels": (lambda v: _matrix(levels=v), "$.levels", "Level"),
    "matrix roles": (lambda v: _matrix(roles=v), "$.roles", "Role"),
    "matrix issue types": (
        lambda v: _matrix(issue_types=v),
        "$.issue_types",
        "IssueType",
    ),
    "severity skips": (
        lambda v: Severity("high", "High", skip_levels=v),  # type: ignore[arg-type]
        "$.skip_levels",
        "level keys",
    ),
    "rule skips": (
        lambda v: Rule("r", ALWAYS, skip_levels=v),  # type: ignore[arg-type]
        "$.skip_levels",
        "level keys",
    ),
    "policy severities": (
        lambda v: Policy(severities=v),  # type: ignore[arg-type]
        "$.severities",
        "Severity",
    ),
    "policy rules": (
        lambda v: Policy(rules=v),  # type: ignore[arg-type]
        "$.rules",
        "Rule",
    ),
    "priority impacts": (
        lambda v: PriorityTable(v, ["now"], [["high"]]),  # type: ignore[arg-type]
        "$.impacts",
        "keys",
    ),
    "priority rows": (
        lambda v: PriorityTable(["wide"], ["now"], v),  # type: ignore[arg-type]
        "$.table",
        "rows",
    ),
    "priority row": (
        lambda v: PriorityTable(["wide"], ["now"], [v]),  # type: ignore[list-item]
        "$.table[0]",
        "severity keys",
    ),
    "issue actions": (
        lambda v: Issue("x", OPENED, actions=v),  # type: ignore[arg-type]
        "$.actions",
        "Action",
    ),
    "overlay levels": (
        lambda v: Overlay("o", levels=v),  # type: ignore[arg-type]
        "$.levels",
        "Level",
    ),
}


@pytest.mark.parametrize("value", [None, 5, "L2", {"L2": 1}])
@pytest.mark.parametrize("case", list(LISTS))
def test_a_list_field_given_something_else(case: str, value: object) -> None:
    """A string is not split into characters, nor a mapping read for its keys."""
    build, path, what = LISTS[case]
    if case == "rule skips" and value is None:
        # None is a rule's "skips nothing"; the rule then needs another setting.
        value = 5
    with pytest.raises(ValidationError) as caught:
        build(value)
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert (path, f"must be a list of {what}, got {shown(value)}") in problems


MAPPINGS: dict[str, tuple[Callable[[object], object], str, str]] = {
    "issue type texts": (
        lambda v: IssueType("x", "X", v),  # type: ignore[arg-type]
        "$.responsibilities",
        "level keys to texts",
    ),
    "issue attributes": (
        lambda v: Issue("x", OPENED, attributes=v),  # type: ignore[arg-type]
        "$.attributes",
        "attribute names to values",
    ),
}


@pytest.mark.parametrize("value", [None, "abc", [("L1", "Act.")]])
@pytest.mark.parametrize("case", list(MAPPINGS))
def test_a_mapping_field_given_something_else(case: str, value: object) -> None:
    """Pairs are not silently read as a mapping, nor a string as pairs."""
    build, path, what = MAPPINGS[case]
    with pytest.raises(ValidationError) as caught:
        build(value)
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert problems == [(path, f"must be a mapping of {what}, got {shown(value)}")]


def test_lists_and_mappings_are_still_taken() -> None:
    """Any list-like and any mapping still work, and are frozen."""
    severity = Severity("high", "High", skip_levels=iter(["L2"]))
    assert severity.skip_levels == ("L2",)
    issue = Issue("x", OPENED, attributes={"tier": "gold"}, actions=[])
    assert dict(issue.attributes) == {"tier": "gold"}
    assert issue.actions == ()


ISSUE = Issue("performance_hiccups", OPENED)

WRONG_ARGUMENTS: dict[str, tuple[Callable[[], object], str]] = {
    "render": (
        lambda: em.render("L1"),  # type: ignore[arg-type]
        "obj must be a Matrix, Decision, Plan or library error",
    ),
    "render a matrix's part": (
        lambda: em.render(default_matrix().levels[0]),  # type: ignore[arg-type]
        "obj must be a Matrix, Decision, Plan or library error",
    ),
    "render an issue": (
        lambda: em.render(ISSUE),  # type: ignore[arg-type]
        "obj must be a Matrix, Decision, Plan or library error",
    ),
    "translate": (lambda: em.translate(None, "it"), "matrix must be a Matrix"),  # type: ignore[arg-type]
    "loads json": (lambda: em.loads(5, "json"), "text must be a str or bytes"),  # type: ignore[call-overload]
    "loads toml": (lambda: em.loads(None, "toml"), "text must be a str or bytes"),  # type: ignore[call-overload]
    "loads yaml": (
        lambda: em.loads(bytearray(b"{}"), "yaml"),  # type: ignore[call-overload]
        "text must be a str or bytes",
    ),
    "set_text": (
        lambda: MatrixBuilder.from_matrix(default_matrix()).set_text(5, "Act."),  # type: ignore[arg-type]
        "context must be a str",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_ARGUMENTS))
def test_wrong_argument_types(case: str) -> None:
    """A mixed-up argument is a WrongTypeError (a TypeError) naming it."""
    call, message = WRONG_ARGUMENTS[case]
    with pytest.raises(WrongTypeError, match=message) as caught:
        call()
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, EscalationMatrixError)


def test_long_wrong_values_are_shortened() -> None:
    """The message shows a shortened value; the error keeps it whole."""
    text = "x" * 1000
    with pytest.raises(WrongTypeError) as caught:
        em.render(text)  # type: ignore[arg-type]
    assert len(str(caught.value)) < 100
    assert caught.value.value == text
    assert caught.value.argument == "obj"
    assert caught.value.expected == "a Matrix, Decision, Plan or library error"


@pytest.mark.parametrize(
    "responsibilities", ["Act.", [("performance_hiccups", "Act.")]]
)
def test_add_level_with_texts_not_a_mapping(responsibilities: object) -> None:
    """A new level's texts must be a mapping; nothing is guessed from pairs."""
    with pytest.raises(ValidationError) as caught:
        MatrixBuilder.from_matrix(default_matrix()).add_level(
            "L5",
            role="sales_manager",
            name="Level 5",
            responsibilities=responsibilities,  # type: ignore[arg-type]
        )
    [problem] = caught.value.problems
    assert problem.path == "$.responsibilities"
    assert problem.message.startswith("must be a mapping of issue type keys to texts")


def test_add_issue_type_with_texts_not_a_mapping() -> None:
    """The builder keeps the wrong value for the issue type's checks to report."""
    with pytest.raises(ValidationError) as caught:
        MatrixBuilder.from_matrix(default_matrix()).add_issue_type(
            "x",
            name="X",
            responsibilities=["Act."],  # type: ignore[arg-type]
        ).build()
    [problem] = caught.value.problems
    assert problem.path == "$.issue_types[8].responsibilities"


def test_dump_into_a_missing_directory_names_the_file(tmp_path: Path) -> None:
    """The error names the file asked for, not the temporary file."""
    target = tmp_path / "missing" / "matrix.json"
    with pytest.raises(FileNotFoundError) as caught:
        em.dump(default_matrix(), target)
    assert caught.value.filename == str(target)
    assert not (tmp_path / "missing").exists()
