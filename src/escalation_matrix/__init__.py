"""Typed, translatable issue-escalation matrices.

Who handles a problem, at which level, what they must do, and when it moves
up. Start with :func:`default_matrix`, or :func:`load` your own matrix file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import exceptions
from ._builtin import default_matrix
from ._calendar import BusinessCalendar, WorkingHours
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
from ._policy import Policy, PriorityTable, Severity
from ._reasons import (
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
)
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

__all__ = [
    "SCHEMA_VERSION",
    "Action",
    "AllOf",
    "AnyOf",
    "BusinessCalendar",
    "Cell",
    "Compare",
    "Condition",
    "Decision",
    "During",
    "Issue",
    "IssueType",
    "Level",
    "Matrix",
    "Not",
    "Plan",
    "Policy",
    "Predicate",
    "PriorityTable",
    "Reason",
    "ReasonEntered",
    "ReasonEscalated",
    "ReasonHeld",
    "ReasonMoved",
    "Role",
    "Rule",
    "Severity",
    "Stage",
    "WorkingHours",
    "__version__",
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
    from ._render import render, render_decision, render_plan
    from ._translate import load_matrix, translate

    __version__: str
else:

    def __getattr__(name: str) -> object:
        # Translation needs Babel and the catalog machinery, which would add
        # a fifth to the import time of the package: they load on first use.
        if name in ("load_matrix", "translate"):
            from . import _translate  # noqa: PLC0415

            globals()[name] = value = getattr(_translate, name)
            return value
        if name in ("render", "render_decision", "render_plan"):
            from . import _render  # noqa: PLC0415 -- rendering translates too

            globals()[name] = value = getattr(_render, name)
            return value
        # The version is read from the installed package's metadata on first
        # use, so it is written only once, in pyproject.toml. Hidden from
        # type checkers, which would otherwise accept any misspelt name.
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            return version("escalation-matrix")
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
