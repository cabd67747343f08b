"""Routing rules: ordered conditions that change where an issue starts and stops.

Conditions are data (a field, an operator, a value; all / any / not), so
they can live in matrix files and execute no user code. Python callables can
be used too, for policies written in code; those cannot be saved to a file.
Conditions compose with ``&``, ``|`` and ``~``.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable, Iterable
from types import FunctionType
from typing import Any, ClassVar, Final, Literal, Self, SupportsIndex, cast

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    check_list,
    keyed,
    keyed_list,
    list_like,
    not_a,
    raise_if,
    scalar_problem,
    unicode_problem,
)
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.calendar import BusinessCalendar
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.rule import MADE, Condition, Facts, Rule
from escalation_matrix._model.rule import condition as _condition
from escalation_matrix.exceptions import Phrase, Problem, UnserializableError

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


def flatten(
    kind: type[AllOf | AnyOf], items: Iterable[Condition]
) -> tuple[Condition, ...]:
    out: list[Condition] = []
    for item in items:
        if isinstance(item, kind):
            out.extend(item.conditions)
        else:
            out.append(item)
    return tuple(out)


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


def _conditions(
    value: Iterable[Condition | Callable[[Issue], object]],
) -> tuple[Condition, ...]:
    items = list_like(value)
    # Anything but a list is kept as it is, for the checks to report.
    return tuple(_condition(item) for item in items) if type(items) is tuple else items


def _check_conditions(conditions: tuple[Condition, ...], subject: str) -> None:
    problems: list[Problem] = []
    # Translators: the items of a list ("must be a list of conditions").
    if not check_list(problems, "$.conditions", conditions, Phrase("conditions")):
        raise_if(problems, subject)
    if not conditions:
        problems.append(Problem("$.conditions", Phrase("must not be empty")))
    for index, condition in enumerate(conditions):
        if not isinstance(condition, Condition):
            said = Phrase("must be a condition, got {got}", got=shown_phrase(condition))
            problems.append(Problem(f"$.conditions[{index}]", said))
    raise_if(problems, subject)


@attrs.frozen(repr=False)
class AllOf(Condition):
    """Matches when every one of its conditions matches."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def __attrs_post_init__(self) -> None:
        _check_conditions(self.conditions, "condition")

    def matches(self, facts: Facts) -> bool:
        """Return whether all conditions match."""
        return all(condition.matches(facts) for condition in self.conditions)

    def __repr__(self) -> str:
        return f"<AllOf {list(self.conditions)!r}>"


@attrs.frozen(repr=False)
class AnyOf(Condition):
    """Matches when at least one of its conditions matches."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def __attrs_post_init__(self) -> None:
        _check_conditions(self.conditions, "condition")

    def matches(self, facts: Facts) -> bool:
        """Return whether any condition matches."""
        return any(condition.matches(facts) for condition in self.conditions)

    def __repr__(self) -> str:
        return f"<AnyOf {list(self.conditions)!r}>"


@attrs.frozen(repr=False)
class Not(Condition):
    """Matches when its condition does not."""

    condition: Condition = attrs.field(converter=_condition)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.condition, Condition):
            said = Phrase(
                "must be a condition, got {got}", got=shown_phrase(self.condition)
            )
            problem = Problem("$.condition", said)
            raise_if([problem], "condition")

    def matches(self, facts: Facts) -> bool:
        """Return whether the condition does not match."""
        return not self.condition.matches(facts)

    def __repr__(self) -> str:
        return f"<Not {self.condition!r}>"


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


@attrs.frozen(repr=False)
class Predicate(Condition):
    """A condition written in Python: any callable taking the issue.

    Predicates are code, not data: a matrix whose rules use one can route but
    cannot be written to a file.

    Attributes:
        function: Called with the :class:`~escalation_matrix.Issue`; its
            result is taken as true or false.
        name: Shown in reprs and explanations; defaults to the function's
            name.
    """

    function: Callable[[Issue], object]
    name: str = attrs.field()

    @name.default
    def _name(self) -> str:
        return getattr(self.function, "__name__", "predicate")

    def __attrs_post_init__(self) -> None:
        if not callable(self.function):
            said = Phrase(
                "must be callable, got {got}", got=shown_phrase(self.function)
            )
            problem = Problem("$.function", said)
            raise_if([problem], "condition")

    def matches(self, facts: Facts) -> bool:
        """Return the function's verdict on the issue."""
        return bool(self.function(facts.issue))

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # pickle writes a function as its module and name, to be imported on
        # the other side; a lambda or a function defined inside another has
        # none to be found by, and pickle's own error would not say where it is.
        if not _found_by_name(self.function):
            function = self.function
            where = f"{function.__module__}.{function.__qualname__}"
            reason = (
                "pickle refers to a function by its module and name, and "
                f"{where} does not lead back to this one (a lambda, or a function "
                "defined inside another); define the function at the top level "
                "of a module, or write the condition as data (Compare, AllOf, "
                "AnyOf, Not, During)"
            )
            raise UnserializableError(self, reason)
        return super().__reduce_ex__(protocol)

    # Copies share the function, as copies of a function do; the predicate is
    # immutable, so it is its own copy, lambdas included.
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def _found_by_name(function: object) -> bool:
    """Whether pickle can find *function* again by its module and name.

    Only plain functions are judged; other callables pickle their own way.
    """
    if not isinstance(function, FunctionType):
        return True
    target: object = sys.modules.get(function.__module__)
    for part in function.__qualname__.split("."):
        target = getattr(target, part, None)
    return target is function


# What Condition's operators, and a rule given a callable, make.
MADE.all_of = lambda items: AllOf(flatten(AllOf, items))
MADE.any_of = lambda items: AnyOf(flatten(AnyOf, items))
MADE.negation = Not
MADE.predicate = Predicate
