"""A routing rule, the base of conditions, and the conditions that combine others.

What a policy holds (:class:`Rule`) and what ``&``, ``|``, ``~`` and a
callable make (:class:`AllOf`, :class:`AnyOf`, :class:`Not`,
:class:`Predicate`). The conditions that look at an issue's fields and
times (:class:`~escalation_matrix.rules.Compare`,
:class:`~escalation_matrix.rules.During`) are in
:mod:`escalation_matrix._model.rules`, loaded when a rule is made or read:
a policy without rules, as the built-in matrix's, never needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from types import FunctionType
from typing import Any, Protocol, Self, SupportsIndex, cast

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    check_key,
    check_list,
    check_text,
    keyed,
    keyed_list,
    list_like,
    raise_if,
)
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.issue import Issue
from escalation_matrix.exceptions import Phrase, Problem, UnserializableError

__all__ = [
    "AllOf",
    "AnyOf",
    "Condition",
    "Facts",
    "Not",
    "Predicate",
    "Rule",
    "condition",
    "flatten",
]


class Facts(Protocol):
    """What a condition sees of an issue being routed."""

    @property
    def issue(self) -> Issue:
        """The issue."""
        ...

    @property
    def severity(self) -> str | None:
        """The issue's severity once resolved (given, from priority, or default)."""
        ...

    def rank(self, field: str, value: object) -> int | None:
        """Return how high *value* ranks for an ordered *field*, or None."""
        ...


class Condition:
    """Base of every condition; combine them with ``&``, ``|`` and ``~``.

    A Python callable taking the issue, on either side of ``&`` or ``|``,
    becomes a :class:`Predicate`.
    """

    __slots__ = ()

    def matches(self, facts: Facts) -> bool:
        """Return whether the issue described by *facts* meets the condition."""
        raise NotImplementedError

    # A Python callable on either side becomes a Predicate.

    def __and__(self, other: Condition | Callable[[Issue], object]) -> AllOf:
        return AllOf(flatten(AllOf, (self, condition(other))))

    def __or__(self, other: Condition | Callable[[Issue], object]) -> AnyOf:
        return AnyOf(flatten(AnyOf, (self, condition(other))))

    def __rand__(self, other: Callable[[Issue], object]) -> AllOf:
        return AllOf(flatten(AllOf, (condition(other), self)))

    def __ror__(self, other: Callable[[Issue], object]) -> AnyOf:
        return AnyOf(flatten(AnyOf, (condition(other), self)))

    def __invert__(self) -> Not:
        return Not(self)


def condition(value: Condition | Callable[[Issue], object]) -> Condition:
    """Return *value* as a condition: a callable becomes a Predicate.

    Anything else is kept as given, for the checks of what holds it to
    report.
    """
    if isinstance(value, Condition):
        return value
    if callable(value):
        return Predicate(value)
    return cast("Condition", value)


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


def _conditions(
    value: Iterable[Condition | Callable[[Issue], object]],
) -> tuple[Condition, ...]:
    items = list_like(value)
    # Anything but a list is kept as it is, for the checks to report.
    return tuple(condition(item) for item in items) if type(items) is tuple else items


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

    condition: Condition = attrs.field(converter=condition)

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


def _optional_levels(value: Iterable[str | Keyed] | None) -> tuple[str, ...] | None:
    return None if value is None else keyed_list(value)


@attrs.frozen(repr=False)
class Rule:
    """A routing rule: where matching issues start, stop, and what they skip.

    When its condition matches, a rule sets where an issue starts, how high
    it may go, or which levels it passes over. Rules are tried in order when
    an issue is opened; the first that matches applies, and issues no rule
    matches follow the policy's defaults (the severity's and issue type's
    settings).

    Attributes:
        name: Stable snake_case key, named in routing explanations.
        when: The condition (or a Python callable taking the issue).
        entry_level: Key of the level where matching issues start; replaces
            the severity's and issue type's entry levels.
        max_level: Key of the highest level matching issues reach
            automatically.
        skip_levels: Keys of levels automatic escalation passes over;
            replaces the severity's list when given.
        description: What the rule is for.

    Levels may be given as the matrix's :class:`~escalation_matrix.Level`
    objects as well as by key; their keys are kept.
    """

    name: str
    when: Condition = attrs.field(converter=condition)
    entry_level: str | None = attrs.field(default=None, kw_only=True, converter=keyed)
    max_level: str | None = attrs.field(default=None, kw_only=True, converter=keyed)
    skip_levels: tuple[str, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_optional_levels
    )
    description: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_key(problems, "$.name", self.name)
        if not isinstance(self.when, Condition):
            said = Phrase(
                "must be a condition or a callable, got {got}",
                got=shown_phrase(self.when),
            )
            problems.append(Problem("$.when", said))
        for field in ("entry_level", "max_level"):
            value = getattr(self, field)
            if value is not None:
                check_key(problems, f"$.{field}", value, level=True)
        skips = self.skip_levels
        if skips is not None and check_list(
            problems, "$.skip_levels", skips, Phrase("level keys")
        ):
            for index, level in enumerate(skips):
                check_key(problems, f"$.skip_levels[{index}]", level, level=True)
        if (
            self.entry_level is None
            and self.max_level is None
            and self.skip_levels is None
        ):
            said = Phrase(
                "must set at least one of entry_level, max_level, skip_levels"
            )
            problems.append(Problem("$", said))
        check_text(
            problems, "$.description", self.description, optional=True, multiline=True
        )
        raise_if(problems, "rule")

    def __repr__(self) -> str:
        return f"<Rule {self.name!r} when {self.when!r}>"
