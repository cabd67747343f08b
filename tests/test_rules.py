"""How conditions compare: kinds of values, missing values, negations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import Issue
from escalation_matrix._model.issue import AttributeValue
from escalation_matrix._model.rules import Value
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.rules import AllOf, AnyOf, Compare, Condition, Not, Rule

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
MISSING = object()  # the issue has no such attribute


@attrs.frozen
class Facts:
    """What a condition sees of an issue: no ordered fields, no severity."""

    issue: Issue
    severity: str | None = None

    def rank(self, field: str, value: object) -> int | None:  # noqa: ARG002
        """Nothing ranks: attributes compare by kind."""
        return None


def matches(condition: Condition, actual: object) -> bool:
    """Return whether *condition* matches an issue whose attribute ``a`` is *actual*."""
    attributes: dict[str, AttributeValue] = (
        {} if actual is MISSING else {"a": cast("AttributeValue", actual)}
    )
    issue = Issue("outage", OPENED, attributes=attributes)
    return condition.matches(Facts(issue))


# (operator, value, attribute, matches): one row per case the rules how-to's
# table describes.
CASES = [
    # Same kind: compared.
    ("==", "gold", "gold", True),
    ("==", "gold", "silver", False),
    ("==", 1, 1, True),
    ("==", 1, 1.0, True),
    ("==", 2.5, 2.5, True),
    ("==", True, True, True),
    ("==", False, False, True),
    ("==", True, False, False),
    ("!=", "gold", "silver", True),
    ("!=", "gold", "gold", False),
    ("!=", 1, 1.0, False),
    ("!=", True, True, False),
    ("in", ["gold", "platinum"], "gold", True),
    ("in", ["gold", "platinum"], "bronze", False),
    ("in", [1, 2], 2.0, True),
    ("in", [True], True, True),
    ("not_in", ["gold"], "silver", True),
    ("not_in", ["gold"], "gold", False),
    ("not_in", [True], True, False),
    ("<", 3, 2, True),
    ("<=", 3, 3.0, True),
    (">", 3, 4, True),
    (">=", 3, 2, False),
    (">", "b", "c", True),
    (">=", False, True, True),
    # Booleans are not numbers.
    ("==", True, 1, False),
    ("==", True, 1.0, False),
    ("==", False, 0, False),
    ("==", 1, True, False),
    ("==", 0, False, False),
    ("!=", True, 1, True),
    ("!=", False, 0, True),
    ("in", [True], 1, False),
    ("in", [1], True, False),
    ("in", [0, 1], False, False),
    ("not_in", [True], 1, True),
    ("not_in", [1], True, True),
    (">=", 1, True, False),
    ("<", True, 2, False),
    # Strings are not numbers.
    ("==", "1", 1, False),
    ("==", 1, "1", False),
    ("!=", "1", 1, True),
    ("in", ["1"], 1, False),
    ("not_in", ["1"], 1, True),
    (">", "3", 4, False),
    ("<=", 3, "2", False),
    # A missing value meets no positive condition, and every negative one.
    ("==", "gold", MISSING, False),
    ("in", ["gold"], MISSING, False),
    ("<", 3, MISSING, False),
    ("<=", 3, MISSING, False),
    (">", 3, MISSING, False),
    (">=", 3, MISSING, False),
    ("!=", "gold", MISSING, True),
    ("not_in", ["gold"], MISSING, True),
    ("exists", None, MISSING, False),
    ("missing", None, MISSING, True),
    # An attribute set to None is missing.
    ("==", "gold", None, False),
    ("!=", "gold", None, True),
    ("in", ["gold"], None, False),
    ("not_in", ["gold"], None, True),
    ("exists", None, None, False),
    ("missing", None, None, True),
    # Present, of any kind.
    ("exists", None, "gold", True),
    ("exists", None, False, True),
    ("exists", None, 0, True),
    ("missing", None, False, False),
]


@pytest.mark.parametrize(("op", "value", "actual", "expected"), CASES)
def test_comparison(op: str, value: object, actual: object, expected: bool) -> None:  # noqa: FBT001
    """Each operator compares values of one kind and treats missing values alike."""
    condition = Compare("attributes.a", op, value)  # type: ignore[arg-type]
    assert expected is matches(condition, actual)


values = st.one_of(
    st.text(max_size=3),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([0.0, 1.0, 2.5, -1.0]),
    st.booleans(),
)
actuals = st.one_of(values, st.none(), st.just(MISSING))


@given(values, actuals)
def test_not_equal_is_the_negation_of_equal(value: Value, actual: object) -> None:
    """'!=' matches exactly when '==' does not, whatever the attribute holds."""
    equal = matches(Compare("attributes.a", "==", value), actual)
    assert matches(Compare("attributes.a", "!=", value), actual) is not equal
    assert matches(Not(Compare("attributes.a", "==", value)), actual) is not equal


@given(st.lists(values, min_size=1, max_size=4), actuals)
def test_in_is_any_equal(listed: list[Value], actual: object) -> None:
    """'in' matches when '==' matches an item; 'not_in' exactly when it does not."""
    found = any(matches(Compare("attributes.a", "==", item), actual) for item in listed)
    assert matches(Compare("attributes.a", "in", listed), actual) is found
    assert matches(Compare("attributes.a", "not_in", listed), actual) is not found


@given(values, values)
def test_equal_needs_the_same_kind(value: Value, actual: AttributeValue) -> None:
    """'==' matches only values of one kind: booleans, numbers or strings."""

    def kind(item: object) -> type:
        if isinstance(item, bool):
            return bool
        return float if isinstance(item, int | float) else type(item)

    expected = kind(value) is kind(actual) and value == actual
    assert matches(Compare("attributes.a", "==", value), actual) is expected


@pytest.mark.parametrize(
    ("attributes", "level"), [({"a": True}, "L3"), ({"a": 1}, "L1"), ({}, "L1")]
)
def test_routing_keeps_booleans_and_numbers_apart(
    attributes: dict[str, AttributeValue], level: str
) -> None:
    """A rule on a flag does not route an issue whose attribute is the number 1."""
    base = em.default_matrix()
    rule = Rule("flagged", Compare("attributes.a", "==", True), entry_level="L3")
    matrix = attrs.evolve(base, policy=attrs.evolve(base.policy, rules=[rule]))
    issue = Issue("performance_hiccups", OPENED, attributes=attributes)
    assert em.route(matrix, issue, now=OPENED).level.key == level


@pytest.mark.parametrize("op", ["in", "not_in"])
def test_lists_hold_no_none(op: str) -> None:
    """None in a list is refused: a missing value is tested with 'missing'."""
    with pytest.raises(ValidationError) as caught:
        Compare("attributes.a", op, ["x", None])  # type: ignore[arg-type]
    assert [str(problem) for problem in caught.value.problems] == [
        "$.value[1]: must be a string, number or boolean, got null; test a "
        "missing value with 'missing'"
    ]


@pytest.mark.parametrize(
    ("op", "value", "problem"),
    [
        ("==", float("nan"), "$.value: must be a finite number, got NaN"),
        (">", float("inf"), "$.value: must be a finite number, got Infinity"),
        (
            "in",
            [1, -float("inf")],
            "$.value[1]: must be a finite number, got -Infinity",
        ),
        (
            "==",
            {"tier": "gold"},
            '$.value: must be a string, number or boolean, got {"tier": "gold"}',
        ),
        (
            "in",
            [["gold"]],
            '$.value[0]: must be a string, number or boolean, got ["gold"]',
        ),
        ("in", {"gold": 1}, "$.value: must be a list for 'in', got {\"gold\": 1}"),
        ("not_in", "gold", "$.value: must be a list for 'not_in', got 'gold'"),
        (
            "==",
            "gold\ud800",
            "$.value: must be Unicode text without lone surrogates, got U+D800 at "
            "position 4",
        ),
    ],
)
def test_values_a_file_cannot_hold(op: str, value: object, problem: str) -> None:
    """Values are strings, finite numbers or booleans, as a file can write them.

    A mapping is not read for its keys, nor a string for its characters.
    """
    with pytest.raises(ValidationError) as caught:
        Compare("attributes.tier", op, value)  # type: ignore[arg-type]
    assert [str(found) for found in caught.value.problems] == [problem]


def test_nan_in_a_matrix_file_is_refused() -> None:
    """YAML can write NaN; a rule reading it says where it stands."""
    pytest.importorskip("yaml")
    data = em.to_dict(em.default_matrix())
    data["policy"]["rules"] = [
        {
            "name": "big",
            "when": {"field": "attributes.size", "op": ">", "value": 1.0},
            "entry_level": "L2",
        }
    ]
    text = em.dumps(em.from_dict(data), "yaml").replace("value: 1.0", "value: .nan")
    with pytest.raises(ValidationError) as caught:
        em.loads(text, "yaml")
    assert [str(found) for found in caught.value.problems] == [
        "$.policy.rules[0].when.value: must be a finite number, got NaN"
    ]


def _gold(issue: Issue) -> bool:
    return issue.attributes.get("a") == "gold"


@pytest.mark.parametrize(
    ("build", "expected", "verdicts"),
    [
        (lambda: Compare("attributes.a", "exists") & _gold, "<AllOf [attributes.a exists, <Predicate _gold>]>", (True, False, False)),
        (lambda: _gold & Compare("attributes.a", "exists"), "<AllOf [<Predicate _gold>, attributes.a exists]>", (True, False, False)),
        (lambda: Compare("attributes.a", "==", 1) | _gold, "<AnyOf [attributes.a == 1, <Predicate _gold>]>", (True, False, True)),
        (lambda: _gold | Compare("attributes.a", "==", 1), "<AnyOf [<Predicate _gold>, attributes.a == 1]>", (True, False, True)),
        (lambda: AllOf([_gold, Compare("attributes.a", "exists")]), "<AllOf [<Predicate _gold>, attributes.a exists]>", (True, False, False)),
        (lambda: AnyOf([_gold]), "<AnyOf [<Predicate _gold>]>", (True, False, False)),
        (lambda: Not(_gold), "<Not <Predicate _gold>>", (False, True, True)),
    ],
)  # fmt: skip
def test_callables_combine_with_conditions(
    build: Callable[[], Condition], expected: str, verdicts: tuple[bool, ...]
) -> None:
    """A callable beside & and |, or in AllOf, AnyOf and Not, is a Predicate."""
    condition = build()
    assert repr(condition) == expected
    assert tuple(matches(condition, value) for value in ("gold", "silver", 1)) == (
        verdicts
    )


def test_neither_condition_nor_callable() -> None:
    """Anything else beside & or | is reported as not a condition."""
    exists = Compare("attributes.a", "exists")
    with pytest.raises(ValidationError, match=r"\$\.conditions\[1\]: must be a"):
        exists | 5  # type: ignore[operator]
    with pytest.raises(ValidationError, match=r"\$\.conditions\[0\]: must be a"):
        5 & exists  # type: ignore[operator]


# Run in a fresh interpreter, with the Rule and Condition classes unpickled
# from standard input: the way a worker of a cluster gets them, without
# having imported the conditions' module itself.
_UNPICKLED = """
import inspect, pickle, sys
rule, condition = pickle.load(sys.stdin.buffer)
made = rule("weekend", len, entry_level="L2")
combined = ~(made.when & made.when | made.when)
print(type(made.when).__name__, type(combined).__name__)
print(inspect.signature(rule, eval_str=True).parameters["when"].annotation)
"""


def test_rule_classes_work_wherever_they_are_unpickled() -> None:
    """A rule made, and conditions combined, in a process that only unpickled Rule."""
    import pickle  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    result = subprocess.run(
        [sys.executable, "-c", _UNPICKLED],
        input=pickle.dumps((Rule, Condition)),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "Predicate Not"
    assert "Condition" in lines[1]
    assert "Issue" in lines[1]
