"""Names no file can hold (a lone surrogate) are refused where they are given."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import escalation_matrix as em
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.rules import Compare

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_an_attribute_name() -> None:
    """An attribute named with a lone surrogate is a problem of the issue."""
    with pytest.raises(ValidationError) as caught:
        em.Issue("performance_hiccups", OPENED, attributes={"\ud800": 1})
    assert [str(problem) for problem in caught.value.problems] == [
        "$.attributes['\\ud800']: must be Unicode text without lone surrogates, "
        "got U+D800 at position 0"
    ]


def test_an_attribute_name_read_from_json() -> None:
    """JSON's escapes can write one; reading it says so, as for values."""
    text = json.dumps(
        {
            "issue_type": "performance_hiccups",
            "opened_at": "2026-11-27T09:00:00Z",
            "attributes": {"\ud800": 1},
        }
    )
    with pytest.raises(ValidationError, match="without lone surrogates"):
        em.loads(text, "json", em.Issue)


def test_a_compared_attribute() -> None:
    """A rule cannot compare an attribute whose name no file can hold."""
    with pytest.raises(ValidationError) as caught:
        Compare("attributes.\ud800", "exists")
    assert [str(problem) for problem in caught.value.problems] == [
        "$.field: must be Unicode text without lone surrogates, got U+D800 at "
        "position 11"
    ]


@pytest.mark.parametrize(
    "value", [10**100, -(10**100), 10**4999], ids=["101", "-101", "5000"]
)
def test_an_integer_past_what_files_hold(value: int) -> None:
    """An attribute of more than 100 digits could be written but not read back."""
    with pytest.raises(ValidationError) as caught:
        em.Issue("performance_hiccups", OPENED, attributes={"n": value})
    (problem,) = caught.value.problems
    assert problem.path == "$.attributes.n"
    assert problem.message.startswith(
        "must be an integer of at most 100 digits, as files hold them, got "
    )
    assert len(problem.message) < 200
    widest = 10**100 - 1
    issue = em.Issue("performance_hiccups", OPENED, attributes={"n": widest})
    assert em.loads(em.dumps(issue, "json"), "json", em.Issue) == issue


def test_an_integer_too_long_to_write_in_a_message() -> None:
    """Python writes no integer of more than 4,300 digits: messages show its start."""
    with pytest.raises(ValidationError) as caught:
        em.Repeat(10**5000, "1h")
    assert str(caught.value.problems[0]) == (
        "$.times: must be from 1 to 100, got 1000000000000000000000000000000000000000..."
    )
