"""Routing rules and the conditions they test.

Conditions are data (a field, an operator, a value; all / any / not), so
they can live in matrix files; :class:`Predicate` wraps a Python callable
for policies written in code. A :class:`Rule` joins a condition to where an
issue starts or stops; a matrix's :class:`~escalation_matrix.Policy` holds
its rules in order.
"""

from __future__ import annotations

from escalation_matrix._model.rules import (
    FIELDS,
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    During,
    Not,
    Predicate,
    Rule,
)

__all__ = [
    "FIELDS",
    "OPERATORS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "During",
    "Not",
    "Predicate",
    "Rule",
]


def __dir__() -> list[str]:
    return __all__
