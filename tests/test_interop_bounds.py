"""A tool's payload of millions of bad items costs no more than its first ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from escalation_matrix import interop
from escalation_matrix._base.checks import MOST_PROBLEMS
from escalation_matrix._interop.reading import Reading, items_of
from escalation_matrix.exceptions import ValidationError
from tests.helpers import run_cli

NOT_READ = (
    f"not read, nor what follows it: {MOST_PROBLEMS} problems were found before it"
)

READERS: dict[str, Callable[[object], object]] = {
    "pagerduty": interop.from_pagerduty,
    "opsgenie": interop.from_opsgenie,
    "priority-matrix": interop.from_priority_matrix,
}


@pytest.mark.parametrize("tool", READERS)
def test_reading_stops_after_most_problems(tool: str) -> None:
    """The first problems are listed, then one says the rest is not read."""
    with pytest.raises(ValidationError) as caught:
        READERS[tool]([1] * (3 * MOST_PROBLEMS))
    problems = caught.value.problems
    assert len(problems) == MOST_PROBLEMS + 1
    assert [problem.path for problem in problems[:2]] == ["$[0]", "$[1]"]
    assert str(problems[0]) == "$[0]: must be an object, got 1"
    assert str(problems[-1]) == f"$[{MOST_PROBLEMS}]: {NOT_READ}"


def test_text_problems_count_too() -> None:
    """Problems of texts (a blank name in each policy) count toward the bound."""
    policies = [{"name": "", "escalation_rules": []}] * (2 * MOST_PROBLEMS)
    with pytest.raises(ValidationError) as caught:
        interop.from_pagerduty(policies)
    problems = caught.value.problems
    assert len(problems) == MOST_PROBLEMS + 1
    assert problems[0].path == "$[0].name"
    assert str(problems[-1]) == f"$[{MOST_PROBLEMS}].name: {NOT_READ}"


def test_fewer_problems_are_all_listed() -> None:
    """Below the bound, every problem is listed and nothing says otherwise."""
    with pytest.raises(ValidationError) as caught:
        interop.from_pagerduty([1] * MOST_PROBLEMS)
    problems = caught.value.problems
    assert len(problems) == MOST_PROBLEMS
    assert all("not read" not in str(problem) for problem in problems)


def test_command_lists_the_bounded_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Import prints the first problems and the one that says the rest is not read."""
    path = tmp_path / "many.json"
    path.write_text(json.dumps([1] * (5 * MOST_PROBLEMS)))
    result = run_cli(capsys, "import", "pagerduty", path)
    lines = result.err.splitlines()
    assert result.status == 1
    assert lines[0] == f"{path}: $[0]: must be an object, got 1"
    assert f"{path}: $[{MOST_PROBLEMS}]: {NOT_READ}" in lines
    assert len([line for line in lines if line.startswith(f"{path}: $[")]) == (
        MOST_PROBLEMS + 1
    )


def test_items_are_made_on_demand() -> None:
    """The pairs of an array behave as a list of them, made when asked for."""
    reading = Reading(None, "payload")
    values: list[Any] = ["a", "b", "c"]
    items = items_of(reading, "$.x", values)
    assert len(items) == 3
    assert list(items) == [("$.x[0]", "a"), ("$.x[1]", "b"), ("$.x[2]", "c")]
    assert items[1] == ("$.x[1]", "b")
    assert items[-1] == ("$.x[2]", "c")
    assert items[1:] == [("$.x[1]", "b"), ("$.x[2]", "c")]
    with pytest.raises(IndexError):
        items[3]
    assert reading.problems == []


def test_items_of_what_is_no_array() -> None:
    """Something else than an array is a problem, and has no items."""
    reading = Reading(None, "payload")
    assert len(items_of(reading, "$.x", {"a": 1})) == 0
    assert [str(problem) for problem in reading.problems] == [
        '$.x: must be an array, got {"a": 1}'
    ]
