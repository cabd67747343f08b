"""Typed, translatable issue-escalation matrices.

Who handles a problem, at which level, what they must do, and when it moves
up. Start with :func:`default_matrix`, or :func:`load` your own matrix file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import exceptions
    from ._builder import MatrixBuilder
    from ._builtin import default_matrix
    from ._calendar import BusinessCalendar, WorkingHours
    from ._checks import LONGEST_DELAY
    from ._contacts import Contact, Resolver
    from ._converters import make_converter, register_hooks
    from ._decision import Decision, Plan, Stage
    from ._format import SCHEMA_VERSION
    from ._io import (
        dump,
        dumps,
        from_dict,
        from_json,
        from_toml,
        from_yaml,
        load,
        loads,
        to_dict,
        to_json,
        to_toml,
        to_yaml,
    )
    from ._issue import Action, Issue
    from ._model import Cell, IssueType, Level, Matrix, Role
    from ._overlay import Overlay, apply_overlay
    from ._overlay_format import load_overlay
    from ._policy import Policy, PriorityTable, Severity
    from ._reasons import (
        Reason,
        ReasonEntered,
        ReasonEscalated,
        ReasonHeld,
        ReasonMoved,
    )
    from ._render import render, render_decision, render_plan
    from ._routing import plan, route, route_many
    from ._rules import (
        AllOf,
        AnyOf,
        Compare,
        Condition,
        During,
        Not,
        Predicate,
        Rule,
    )
    from ._schema import json_schema
    from ._translate import load_matrix, translate

# Where each public name is defined. They are imported on first use, so that
# `import escalation_matrix` costs little more than its dependencies and
# programs load only the parts they use.
_LAZY: dict[str, str] = {
    "Action": "._issue",
    "AllOf": "._rules",
    "AnyOf": "._rules",
    "BusinessCalendar": "._calendar",
    "Cell": "._model",
    "Compare": "._rules",
    "Contact": "._contacts",
    "Condition": "._rules",
    "Decision": "._decision",
    "During": "._rules",
    "Issue": "._issue",
    "IssueType": "._model",
    "LONGEST_DELAY": "._checks",
    "Level": "._model",
    "Matrix": "._model",
    "MatrixBuilder": "._builder",
    "Not": "._rules",
    "Overlay": "._overlay",
    "Plan": "._decision",
    "Policy": "._policy",
    "Predicate": "._rules",
    "PriorityTable": "._policy",
    "Reason": "._reasons",
    "ReasonEntered": "._reasons",
    "ReasonEscalated": "._reasons",
    "ReasonHeld": "._reasons",
    "ReasonMoved": "._reasons",
    "Resolver": "._contacts",
    "Role": "._model",
    "Rule": "._rules",
    "SCHEMA_VERSION": "._format",
    "Severity": "._policy",
    "Stage": "._decision",
    "WorkingHours": "._calendar",
    "apply_overlay": "._overlay",
    "default_matrix": "._builtin",
    "dump": "._io",
    "dumps": "._io",
    "from_dict": "._io",
    "from_json": "._io",
    "from_toml": "._io",
    "from_yaml": "._io",
    "json_schema": "._schema",
    "load": "._io",
    "load_matrix": "._translate",
    "load_overlay": "._overlay_format",
    "loads": "._io",
    "make_converter": "._converters",
    "plan": "._routing",
    "register_hooks": "._converters",
    "render": "._render",
    "render_decision": "._render",
    "render_plan": "._render",
    "route": "._routing",
    "route_many": "._routing",
    "to_dict": "._io",
    "to_json": "._io",
    "to_toml": "._io",
    "to_yaml": "._io",
    "translate": "._translate",
}

__all__ = [
    "LONGEST_DELAY",
    "SCHEMA_VERSION",
    "Action",
    "AllOf",
    "AnyOf",
    "BusinessCalendar",
    "Cell",
    "Compare",
    "Condition",
    "Contact",
    "Decision",
    "During",
    "Issue",
    "IssueType",
    "Level",
    "Matrix",
    "MatrixBuilder",
    "Not",
    "Overlay",
    "Plan",
    "Policy",
    "Predicate",
    "PriorityTable",
    "Reason",
    "ReasonEntered",
    "ReasonEscalated",
    "ReasonHeld",
    "ReasonMoved",
    "Resolver",
    "Role",
    "Rule",
    "Severity",
    "Stage",
    "WorkingHours",
    "__version__",
    "apply_overlay",
    "default_matrix",
    "dump",
    "dumps",
    "exceptions",
    "from_dict",
    "from_json",
    "from_toml",
    "from_yaml",
    "json_schema",
    "load",
    "load_matrix",
    "load_overlay",
    "loads",
    "make_converter",
    "plan",
    "register_hooks",
    "render",
    "render_decision",
    "render_plan",
    "route",
    "route_many",
    "to_dict",
    "to_json",
    "to_toml",
    "to_yaml",
    "translate",
]


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> object:
        if name == "exceptions":
            # A submodule, loaded on first use like the rest.
            from importlib import import_module  # noqa: PLC0415

            return import_module(".exceptions", __name__)
        module = _LAZY.get(name)
        if module is not None:
            from importlib import import_module  # noqa: PLC0415

            value = getattr(import_module(module, __name__), name)
            globals()[name] = value
            return value
        # The version is read from the installed package's metadata on first
        # use, so it is written only once, in pyproject.toml. Hidden from
        # type checkers, which would otherwise accept any misspelt name.
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            return version("escalation-matrix")
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
