"""The JSON Schema of the matrix file format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

import escalation_matrix as em
from escalation_matrix import Matrix, default_matrix
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.rules import Compare, During, Rule
from escalation_matrix.schema import json_schema
from tests.strategies import matrices

DATA = Path(__file__).parent / "data"
VALIDATOR = Draft202012Validator(json_schema())


def errors(data: Any) -> list[str]:
    return sorted(
        "$"
        + "".join(
            f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
        )
        for error in VALIDATOR.iter_errors(data)
    )


def test_schema_is_valid() -> None:
    """The schema is itself a valid draft 2020-12 schema."""
    Draft202012Validator.check_schema(json_schema())


def test_builtin_matrix_is_valid() -> None:
    """The built-in matrix's data satisfies the schema."""
    assert errors(em.to_dict(default_matrix())) == []


def test_handwritten_files_are_valid() -> None:
    """Hand-written TOML and JSON files satisfy the schema as written."""
    import json  # noqa: PLC0415
    import tomllib  # noqa: PLC0415

    assert errors(tomllib.loads((DATA / "handwritten.toml").read_text("utf-8"))) == []
    assert errors(json.loads((DATA / "handwritten.json").read_text("utf-8"))) == []


@given(matrices())
def test_every_matrix_is_valid(matrix: Matrix) -> None:
    """Whatever the library writes, the schema accepts."""
    assert errors(em.to_dict(matrix)) == []


def test_rules_and_calendars_are_valid() -> None:
    """Policies with a calendar and rules of every kind are accepted."""
    office = BusinessCalendar("Europe/Rome", [WorkingHours(["mon"], *_hours())])
    rules = [
        Rule(
            "r",
            (Compare("severity", ">=", "high") | ~During(office))
            & Compare("attributes.tier", "in", ["gold"]),
            entry_level="L2",
            skip_levels=[],
        )
    ]
    base = default_matrix()
    matrix = attrs.evolve(
        base, policy=attrs.evolve(base.policy, calendar=office, rules=rules)
    )
    assert errors(em.to_dict(matrix)) == []


def _hours() -> tuple[Any, Any]:
    from datetime import time  # noqa: PLC0415

    return time(9), time(0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["levels"][0].update(rank=0), ["$.levels[0].rank"]),
        (lambda d: d["levels"][0].update(delay="half an hour"), ["$.levels[0].delay"]),
        (lambda d: d["levels"][0].update(colour="red"), ["$.levels[0]"]),
        (lambda d: d.update(key="My Matrix"), ["$.key"]),
        (lambda d: d.update(schema_version=2), ["$.schema_version"]),
        (lambda d: d.pop("roles"), ["$"]),
        (
            lambda d: d["issue_types"][0]["responsibilities"].update(L1=""),
            ["$.issue_types[0].responsibilities.L1"],
        ),
        (
            lambda d: d["policy"].update(
                rules=[
                    {
                        "name": "r",
                        "when": {"field": "id", "op": "~"},
                        "entry_level": "L2",
                    }
                ]
            ),
            ["$.policy.rules[0].when"],
        ),
        (
            lambda d: d["policy"].update(
                rules=[{"name": "r", "when": {"field": "id", "op": "exists"}}]
            ),
            ["$.policy.rules[0]"],
        ),
    ],
)
def test_broken_files_are_caught(change: Any, expected: list[str]) -> None:
    """The schema catches what an editor can see: types, shapes, names."""
    data = em.to_dict(default_matrix())
    change(data)
    assert errors(data) == expected


def _with_condition(condition: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = em.to_dict(default_matrix())
    data["policy"]["rules"] = [{"name": "r", "when": condition, "entry_level": "L2"}]
    return data


def _refused_by_library(data: dict[str, Any]) -> bool:
    try:
        em.from_dict(data)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "attributes.tier", "op": "==", "value": ["gold"]},
        {"field": "attributes.tier", "op": "==", "value": None},
        {"field": "attributes.tier", "op": ">="},
        {"field": "attributes.tier", "op": "in", "value": "gold"},
        {"field": "attributes.tier", "op": "in", "value": ["gold", None]},
        {"field": "attributes.tier", "op": "not_in"},
        {"field": "attributes.tier", "op": "exists", "value": "gold"},
        {"field": "attributes.tier", "op": "missing", "value": []},
    ],
)
def test_compare_values_fit_their_operator(condition: dict[str, Any]) -> None:
    """One value, a list for in and not_in, none for exists and missing.

    What the schema refuses, the library refuses too.
    """
    data = _with_condition(condition)
    assert errors(data) == ["$.policy.rules[0].when"]
    assert _refused_by_library(data)


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "attributes.tier", "op": "!=", "value": "gold"},
        {"field": "attributes.size", "op": ">", "value": 1.5},
        {"field": "attributes.trial", "op": "==", "value": True},
        {"field": "attributes.tier", "op": "not_in", "value": []},
        {"field": "attributes.tier", "op": "exists"},
        {"field": "attributes.tier", "op": "missing", "value": None},
    ],
)
def test_compare_values_taken(condition: dict[str, Any]) -> None:
    """What the library reads, the schema accepts."""
    data = _with_condition(condition)
    assert errors(data) == []
    assert not _refused_by_library(data)


@pytest.mark.parametrize("delay", ["0m", "0d0h", "0s"])
def test_zero_delays_are_refused(delay: str) -> None:
    """A delay is positive, in the schema as in the library."""
    data = em.to_dict(default_matrix())
    data["levels"][0]["delay"] = delay
    assert errors(data) == ["$.levels[0].delay"]
    assert _refused_by_library(data)


def test_holidays_are_dates() -> None:
    """A holiday is a calendar date; a validator checking formats sees 02-30."""
    checking = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    data = em.to_dict(default_matrix())
    data["policy"]["calendar"] = {
        "timezone": "Europe/Rome",
        "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
        "holidays": ["2026-02-30"],
    }
    [error] = checking.iter_errors(data)  # the calendar may be null: anyOf
    assert [list(e.absolute_path) for e in error.context] == [
        ["policy", "calendar", "holidays", 0],
        ["policy", "calendar"],
    ]
    assert "is not a 'date'" in error.context[0].message
    assert _refused_by_library(data)
    data["policy"]["calendar"]["holidays"] = ["2026-12-25"]
    assert list(checking.iter_errors(data)) == []
    assert not _refused_by_library(data)


def test_fractional_ranks_pass_the_schema_only() -> None:
    """JSON Schema's integer type takes 1.0; the library, documented so, does not."""
    data = em.to_dict(default_matrix())
    data["levels"][0]["rank"] = 1.0
    assert errors(data) == []
    assert _refused_by_library(data)
    assert "1.0" in json_schema()["$defs"]["level"]["properties"]["rank"]["description"]


CONTACT = "$.roles[0].contacts[0]"
TEXTS = "$.issue_types[0].responsibilities"


def _role_contact(data: dict[str, Any], **fields: Any) -> None:
    data["roles"][0]["contacts"] = [{"name": "Ada", **fields}]


def _first_text(data: dict[str, Any], text: str) -> None:
    data["issue_types"][0]["responsibilities"]["L1"] = text


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(title="Escalation\x1b[2J"), "$.title"),
        (lambda d: d.update(title="Escalation\x00"), "$.title"),
        (lambda d: d.update(title="Escalation\x85"), "$.title"),
        (lambda d: d.update(title="Support\nescalation"), "$.title"),
        (lambda d: d.update(title="Support escalation\n"), "$.title"),
        (lambda d: d.update(title="\u200b"), "$.title"),
        (lambda d: d.update(title=" \u00a0\ufeff\u2028"), "$.title"),
        (lambda d: d["levels"][0].update(name="\t"), "$.levels[0].name"),
        (lambda d: d.update(description="Tab\tin it"), "$.description"),
        (lambda d: d.update(description="Ends\r\n"), "$.description"),
        (lambda d: _first_text(d, "\u200b\u200d"), f"{TEXTS}.L1"),
        (lambda d: _first_text(d, "Call\x07"), f"{TEXTS}.L1"),
        (lambda d: _role_contact(d, chat=""), f"{CONTACT}.chat"),
        (lambda d: _role_contact(d, chat="#ops\n"), f"{CONTACT}.chat"),
        (lambda d: _role_contact(d, email="ada@example.com\n"), f"{CONTACT}.email"),
        (lambda d: _role_contact(d, phone="12"), f"{CONTACT}.phone"),
        (lambda d: _role_contact(d, phone="+39 06 1234\n"), f"{CONTACT}.phone"),
        (
            lambda d: _role_contact(d, ids={"pagerduty": "P1\n"}),
            f"{CONTACT}.ids.pagerduty",
        ),
        (
            lambda d: _role_contact(d, ids={"pagerduty": "P1\x9b"}),
            f"{CONTACT}.ids.pagerduty",
        ),
        (
            lambda d: _role_contact(d, ids={"pagerduty": "\u2060"}),
            f"{CONTACT}.ids.pagerduty",
        ),
    ],
)
def test_texts_the_library_refuses_the_schema_refuses(change: Any, path: str) -> None:
    """A control character, a line break in a one-line text, nothing visible.

    Each is refused by the schema, at the text's place, as by the library.
    """
    data = em.to_dict(default_matrix())
    change(data)
    assert set(errors(data)) == {path}
    assert _refused_by_library(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(title="Café ☕ \U0001f6a8 escalation"),
        lambda d: d.update(title="Support\u00a0escalation"),
        lambda d: d.update(title="\u200bZero-width space first"),
        lambda d: d.update(description=""),
        lambda d: d.update(description="First line\nSecond line"),
        lambda d: _first_text(d, "Call the customer.\nThen write it down."),
        lambda d: _role_contact(
            d,
            email="ada@example.com",
            phone="+39 06 1234 5678",
            chat="#ops",
            ids={"pagerduty": "PAM4FGS"},
        ),
    ],
)
def test_texts_the_library_reads_the_schema_accepts(change: Any) -> None:
    """Any visible character, line breaks where texts may have them."""
    data = em.to_dict(default_matrix())
    change(data)
    assert errors(data) == []
    assert not _refused_by_library(data)


@pytest.mark.parametrize("title", ["\U000e0020\U000e0041", "Escalation \ud800"])
def test_texts_that_pass_the_schema_only(title: str) -> None:
    """As documented: format characters past U+FFFF, and lone surrogates."""
    data = em.to_dict(default_matrix())
    data["title"] = title
    assert errors(data) == []
    assert _refused_by_library(data)
