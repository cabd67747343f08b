"""Small builders shared by the tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest

from escalation_matrix import Decision, IssueType, Level, Matrix, Plan, Policy, Role
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix._routing.explain import explain_decision, explain_plan

#: The variables that choose the language of the command's output.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class Result(NamedTuple):
    """What a run of the command gave."""

    status: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Result:
    """Run the command in this process with *args*; return what it gave."""
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Result(status, captured.out, captured.err)


def plain_environment(monkeypatch: pytest.MonkeyPatch, **variables: str) -> None:
    """Clear the locale variables, set *variables*, and forget every translator."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    clear_cache()


def small_matrix(**changes: Any) -> Matrix:
    """Return a valid three-level matrix; keyword arguments replace its parts."""
    parts: dict[str, Any] = {
        "levels": [
            Level("L1", 1, "agent", "First line", delay=timedelta(minutes=30)),
            Level("L2", 2, "lead", "Second line", delay=timedelta(hours=1)),
            Level("L3", 3, "boss", "Management"),
        ],
        "roles": [
            Role("agent", "Agent"),
            Role("lead", "Team lead"),
            Role("boss", "Boss"),
        ],
        "issue_types": [
            IssueType(
                "outage",
                "Outage",
                {"L1": "Restart it.", "L2": "Find the cause.", "L3": "Tell customers."},
            ),
            IssueType(
                "billing",
                "Billing",
                {"L1": "Check the bill.", "L2": "Correct it.", "L3": "Refund."},
            ),
        ],
        "policy": Policy(),
    }
    parts.update(changes)
    key = parts.pop("key", "small")
    title = parts.pop("title", "Small matrix")
    return Matrix(key, title, **parts)


def explain(
    result: Decision | Plan,
    locale: str | None = None,
    *,
    matrix: Matrix | None = None,
    timezone: str | tzinfo | None = None,
    catalogs: Iterable[str] = (),
) -> tuple[str, ...]:
    """Return the sentences that :func:`render` wraps, for a decision or plan.

    They name things with the names the result carries; *matrix* names what
    it does not carry.
    """
    if isinstance(result, Decision):
        return explain_decision(
            result, locale, matrix=matrix, timezone=timezone, catalogs=catalogs
        )
    return explain_plan(
        result, locale, matrix=matrix, timezone=timezone, catalogs=catalogs
    )


def same_objects(first: object, second: object) -> bool:
    """Whether *first* and *second* are alike field for field, types included.

    Equality leaves out the fields that take no part in it (a matrix's
    lookup indexes, a calendar's compiled week); this compares every field
    of every attrs object, and the type of every value.
    """
    if type(first) is not type(second):
        return False
    fields: tuple[attrs.Attribute[Any], ...] | None = getattr(
        type(first), "__attrs_attrs__", None
    )
    if fields is not None:
        return all(
            same_objects(getattr(first, field.name), getattr(second, field.name))
            for field in fields
        )
    if isinstance(first, dict):
        assert isinstance(second, dict)
        return list(first) == list(second) and all(
            same_objects(value, second[key]) for key, value in first.items()
        )
    if isinstance(first, tuple | list):
        assert isinstance(second, tuple | list)
        return len(first) == len(second) and all(map(same_objects, first, second))
    return first == second
