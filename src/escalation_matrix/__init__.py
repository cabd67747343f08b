"""Typed, translatable issue-escalation matrices.

Who handles a problem, at which level, what they must do, and when it moves
up. Start with :func:`default_matrix`, or :func:`load` your own matrix file.
Secondary families live in public submodules: :mod:`escalation_matrix.rules`,
:mod:`escalation_matrix.calendar`, :mod:`escalation_matrix.contacts`,
:mod:`escalation_matrix.reasons`, :mod:`escalation_matrix.schema`,
:mod:`escalation_matrix.typing` and :mod:`escalation_matrix.exceptions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escalation_matrix._i18n.template import matrix_catalog
    from escalation_matrix._i18n.translate import translate
    from escalation_matrix._model.action import Action
    from escalation_matrix._model.builder import MatrixBuilder
    from escalation_matrix._model.issue import Issue
    from escalation_matrix._model.matrix import Cell, IssueType, Level, Matrix, Role
    from escalation_matrix._model.overlay import Overlay, apply_overlay
    from escalation_matrix._model.pacing import FirstWait, Repeat
    from escalation_matrix._model.policy import Policy, PriorityTable, Severity
    from escalation_matrix._render.render import render
    from escalation_matrix._routing.decision import Decision
    from escalation_matrix._routing.plan import Plan, Stage
    from escalation_matrix._routing.router import iter_route, plan, route, route_many
    from escalation_matrix._serialization.builtin import default_matrix
    from escalation_matrix._serialization.converters import (
        make_converter,
        register_hooks,
    )
    from escalation_matrix._serialization.io import (
        dump,
        dumps,
        from_dict,
        load,
        loads,
        to_dict,
    )

__all__ = [
    "Action",
    "Cell",
    "Decision",
    "FirstWait",
    "Issue",
    "IssueType",
    "Level",
    "Matrix",
    "MatrixBuilder",
    "Overlay",
    "Plan",
    "Policy",
    "PriorityTable",
    "Repeat",
    "Role",
    "Severity",
    "Stage",
    "__version__",
    "apply_overlay",
    "default_matrix",
    "dump",
    "dumps",
    "from_dict",
    "iter_route",
    "load",
    "loads",
    "make_converter",
    "matrix_catalog",
    "plan",
    "register_hooks",
    "render",
    "route",
    "route_many",
    "to_dict",
    "translate",
]

# Where the public names are defined. They are imported on first use, so that
# `import escalation_matrix` costs little more than its dependencies and a
# program (the command line among them) loads only the layers it uses.
# Type checkers read the imports above instead; tests/test_package.py keeps
# the three spellings (those imports, __all__ and this table) equal.
_DEFINED_IN: dict[str, tuple[str, ...]] = {
    "._model.builder": ("MatrixBuilder",),
    "._model.action": ("Action",),
    "._model.issue": ("Issue",),
    "._model.matrix": ("Cell", "IssueType", "Level", "Matrix", "Role"),
    "._model.overlay": ("Overlay", "apply_overlay"),
    "._model.pacing": ("FirstWait", "Repeat"),
    "._model.policy": ("Policy", "PriorityTable", "Severity"),
    "._i18n.template": ("matrix_catalog",),
    "._i18n.translate": ("translate",),
    "._render.render": ("render",),
    "._routing.decision": ("Decision",),
    "._routing.plan": ("Plan", "Stage"),
    "._routing.router": ("iter_route", "plan", "route", "route_many"),
    "._serialization.builtin": ("default_matrix",),
    "._serialization.converters": ("make_converter", "register_hooks"),
    "._serialization.io": ("dump", "dumps", "from_dict", "load", "loads", "to_dict"),
}
_MODULE_OF = {name: module for module, names in _DEFINED_IN.items() for name in names}


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> object:
        module = _MODULE_OF.get(name)
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
