"""A routing rule, and the base of the conditions it tests.

What a policy holds: :class:`Rule` and :class:`Condition`. The conditions
themselves (:class:`~escalation_matrix.rules.Compare` and the others) are
in :mod:`escalation_matrix._model.rules`, loaded when a rule is made or
read: a policy without rules, as the built-in matrix's, never needs them,
and their classes take a noticeable part of a command's start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final, Protocol, cast

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    check_key,
    check_list,
    check_text,
    keyed,
    keyed_list,
    raise_if,
)
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

if TYPE_CHECKING:
    from escalation_matrix._model.issue import Issue

__all__ = ["MADE", "Condition", "Facts", "Rule", "condition"]


class _Makers:
    """What the operators of conditions, and a rule given a callable, make.

    Given by :mod:`escalation_matrix._model.rules`, which holds the
    conditions, as it loads. Every condition is made there (the public
    :mod:`escalation_matrix.rules` loads it), so they are given before an
    operator or a rule can need them; a policy without rules never loads
    that module.
    """

    all_of: Callable[[Iterable[Condition]], Condition]
    any_of: Callable[[Iterable[Condition]], Condition]
    negation: Callable[[Condition], Condition]
    predicate: Callable[[Callable[[Issue], object]], Condition]


#: The conditions' makers (see :class:`_Makers`).
MADE: Final = _Makers()


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

    def __and__(self, other: Condition | Callable[[Issue], object]) -> Condition:
        return MADE.all_of((self, condition(other)))

    def __or__(self, other: Condition | Callable[[Issue], object]) -> Condition:
        return MADE.any_of((self, condition(other)))

    def __rand__(self, other: Callable[[Issue], object]) -> Condition:
        return MADE.all_of((condition(other), self))

    def __ror__(self, other: Callable[[Issue], object]) -> Condition:
        return MADE.any_of((condition(other), self))

    def __invert__(self) -> Condition:
        return MADE.negation(self)


def condition(value: Condition | Callable[[Issue], object]) -> Condition:
    """Return *value* as a condition: a callable becomes a Predicate.

    Anything else is kept as given, for the checks of what holds it to
    report.
    """
    if isinstance(value, Condition):
        return value
    if callable(value):
        return MADE.predicate(value)
    return cast("Condition", value)


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
