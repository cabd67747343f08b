"""Routing rules: ordered conditions that change where an issue starts and stops.

Conditions are data (a field, an operator, a value; all / any / not), so
they can live in matrix files and execute no user code. Python callables can
be used too, for policies written in code; those cannot be saved to a file.
Conditions compose with ``&``, ``|`` and ``~``.

This module holds the conditions that look at an issue's fields and times
(:class:`Compare`, :class:`During`) and names every other rule type; the
rule, the base of conditions and those that combine or wrap others are in
:mod:`escalation_matrix._model.rule`, which a policy loads without these.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Final, Literal, cast

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    keyed,
    keyed_list,
    not_a,
    raise_if,
    scalar_problem,
    unicode_problem,
)
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.calendar import BusinessCalendar
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.rule import (
    AllOf,
    AnyOf,
    Condition,
    Facts,
    Not,
    Predicate,
    Rule,
)
from escalation_matrix.exceptions import Phrase, Problem

__all__ = [
    "FIELDS",
    "OPERATORS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "During",
    "Facts",
    "Not",
    "Operator",
    "Predicate",
    "Rule",
    "Value",
]

Operator = Literal[
    "==", "!=", "<", "<=", ">", ">=", "in", "not_in", "exists", "missing"
]
OPERATORS: tuple[Operator, ...] = (
    "==", "!=", "<", "<=", ">", ">=", "in", "not_in", "exists", "missing",
)  # fmt: skip
#: Fields a condition can look at; attributes are ``attributes.<name>``.
FIELDS: Final = ("issue_type", "severity", "impact", "urgency", "id")
_ORDERED: Final = frozenset({"<", "<=", ">", ">="})
_PRESENCE: Final = frozenset({"exists", "missing"})
_MEMBERSHIP: Final = frozenset({"in", "not_in"})
# Each negative operator is exactly the negation of its positive one, a
# missing value included: "tier != 'gold'" matches an issue without a tier,
# as "not tier == 'gold'" does (the incident tools' rule: a missing field
# meets no positive condition, so it meets every negative one).
_NEGATION: Final = {"!=": "==", "not_in": "in"}

#: Values a condition compares with.
Value = str | int | float | bool | None


_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "==": operator.eq,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _value(issue: Issue, facts: Facts, field: str) -> object:
    if field == "severity":
        return facts.severity
    if field.startswith(_ATTRIBUTES):
        return issue.attributes.get(field[len(_ATTRIBUTES) :])
    return getattr(issue, field)


def _same_kind(left: object, right: object) -> bool:
    # Numbers compare with numbers, strings with strings, booleans with
    # booleans; never across. Python's own True == 1 and 0 == False would
    # let a rule on a flag match a count.
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool)
    if isinstance(left, numbers) and isinstance(right, numbers):
        return True
    return type(left) is type(right)


def _equal(left: object, right: object) -> bool:
    return _same_kind(left, right) and left == right


def _listed(
    value: Value | Keyed | Iterable[Value | Keyed],
) -> Value | tuple[Value, ...]:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    # A part of the matrix (an IssueType, a Severity) stands for its key.
    key = keyed(cast("Any", value))
    if key is not value:
        return key  # type: ignore[no-any-return]
    return keyed_list(value)  # type: ignore[no-any-return]


_ATTRIBUTES = "attributes."


def _item_problem(item: object) -> Phrase | None:
    """Say what is wrong with one value of an ``in`` or ``not_in`` list."""
    if item is None:
        return Phrase(
            "must be a string, number or boolean, got null; test a missing value "
            "with 'missing'"
        )
    return scalar_problem(item, none=False)


def _known_field(field: object) -> bool:
    if not isinstance(field, str):
        return False
    return field in FIELDS or (field.startswith(_ATTRIBUTES) and field != _ATTRIBUTES)


@attrs.frozen(repr=False)
class Compare(Condition):
    """Compare a field of the issue with a value.

    Fields: ``issue_type``, ``severity``, ``impact``, ``urgency``, ``id`` and
    ``attributes.<name>``. ``severity``, ``impact`` and ``urgency`` are
    ordered by the policy (``severity >= "high"`` means high or more
    severe); other fields compare as strings, numbers or booleans, each
    only with its own kind: ``1`` equals ``1.0`` but never ``True``, and
    ``"1"`` is not ``1``.

    A value is missing when the issue has no such attribute, the attribute
    is None, or the issue has no severity, impact, urgency or id. With a
    missing value, or values of different kinds, ``==``, ``in`` and the
    ordered comparisons do not match, and ``!=`` and ``not_in``, which are
    exactly their negations, do. ``exists`` and ``missing`` test for a
    missing value.

    Attributes:
        field: The field to look at.
        op: ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in``,
            ``not_in``, ``exists`` or ``missing``.
        value: What to compare with: a list for ``in`` and ``not_in``, none
            for ``exists`` and ``missing``. A part of the matrix (an
            :class:`~escalation_matrix.IssueType`, a
            :class:`~escalation_matrix.Severity`) stands for its key.

    >>> from escalation_matrix.rules import Compare
    >>> gold = Compare("attributes.tier", "==", "gold")
    >>> severe = Compare("severity", ">=", "high")
    >>> gold & severe
    <AllOf [attributes.tier == 'gold', severity >= 'high']>
    >>> Compare("attributes.trial", "in", [True, None])
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid condition: 1 problem:
      $.value[1]: must be a string, number or boolean, got null; test a
      missing value with 'missing'
    """

    field: str
    op: Operator
    value: Value | tuple[Value, ...] = attrs.field(default=None, converter=_listed)

    kind: ClassVar[str] = "compare"

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not _known_field(self.field):
            # Translators: {known} lists the fields (issue_type, severity...);
            # attributes.<name> is written as it is.
            said = Phrase(
                "must be one of {known} or attributes.<name>, got {got}",
                known=", ".join(FIELDS),
                got=shown_phrase(self.field),
            )
            problems.append(Problem("$.field", said))
        elif (unwritable := unicode_problem(self.field)) is not None:
            problems.append(Problem("$.field", unwritable))
        problems.extend(self._value_problems())
        if self.field == "issue_type" and self.op in _ORDERED:
            said = Phrase("issue types are not ordered; use ==, !=, in or not_in")
            problems.append(Problem("$.op", said))
        raise_if(problems, "condition")

    def _value_problems(self) -> list[Problem]:
        op, value = self.op, self.value
        if op not in OPERATORS:
            said = Phrase(
                "must be one of {choices}, got {got}",
                choices=", ".join(OPERATORS),
                got=shown_phrase(op),
            )
            return [Problem("$.op", said)]
        message: Phrase | None
        if op in _MEMBERSHIP:
            if isinstance(value, tuple):
                return [
                    Problem(f"$.value[{index}]", problem)
                    for index, item in enumerate(value)
                    if (problem := _item_problem(item)) is not None
                ]
            # Translators: {op} is the operator, quoted ('in').
            message = Phrase(
                "must be a list for {op}, got {got}",
                op=shown_phrase(op),
                got=shown_phrase(value),
            )
        elif op in _PRESENCE:
            message = None
            if value is not None:
                # Translators: {op} is the operator, quoted ('exists').
                message = Phrase("must not be given for {op}", op=shown_phrase(op))
        elif isinstance(value, tuple) or value is None:
            # Translators: {op} is the operator, quoted ('==').
            message = Phrase(
                "must be a single value for {op}, got {got}",
                op=shown_phrase(op),
                got=shown_phrase(value),
            )
        else:
            message = scalar_problem(value, none=False)
        return [] if message is None else [Problem("$.value", message)]

    def matches(self, facts: Facts) -> bool:
        """Return whether the issue's field compares as asked."""
        actual = _value(facts.issue, facts, self.field)
        op = self.op
        if op in _PRESENCE:
            return (actual is None) == (op == "missing")
        positive = _NEGATION.get(op)
        if positive is not None:
            return not self._holds(facts, positive, actual)
        return self._holds(facts, op, actual)

    def _holds(self, facts: Facts, op: str, actual: object) -> bool:
        """Return whether *actual* meets the positive operator *op*."""
        expected = self.value
        if actual is None:
            return False
        if op == "in":
            assert isinstance(expected, tuple)  # noqa: S101 -- checked at construction
            return any(_equal(actual, item) for item in expected)
        if op in _ORDERED:
            ranked = facts.rank(self.field, actual)
            if ranked is not None:
                actual, expected = ranked, facts.rank(self.field, expected)
        if expected is None or not _same_kind(actual, expected):
            return False
        return _COMPARE[op](actual, expected)

    def __repr__(self) -> str:
        if self.op in {"exists", "missing"}:
            return f"{self.field} {self.op}"
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return f"{self.field} {self.op} {value!r}"


@attrs.frozen(repr=False)
class During(Condition):
    """Matches issues opened during a calendar's working time.

    Time-of-day routing, as the incident tools have it ("Mon-Fri 09:00 to
    17:00 Europe/Rome"), with holidays as well.

    Attributes:
        calendar: The working hours, in their time zone, less holidays.

    >>> from datetime import time
    >>> from escalation_matrix.calendar import BusinessCalendar, WorkingHours
    >>> from escalation_matrix.rules import During
    >>> mondays = WorkingHours(["mon"], time(9), time(17))
    >>> During(BusinessCalendar("Europe/Rome", [mondays]))
    <During <BusinessCalendar 'Europe/Rome' hours=1 holidays=0>>
    """

    calendar: BusinessCalendar

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.calendar, BusinessCalendar):
            said = not_a("BusinessCalendar", self.calendar)
            raise_if([Problem("$.calendar", said)], "condition")

    def matches(self, facts: Facts) -> bool:
        """Return whether the issue was opened during working time."""
        return self.calendar.is_working(facts.issue.opened_at)

    def __repr__(self) -> str:
        return f"<During {self.calendar!r}>"
