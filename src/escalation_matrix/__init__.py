"""Typed, translatable issue-escalation matrices.

Who handles a problem, at which level, what they must do, and when it moves
up. Start with :func:`default_matrix`, or :func:`load` your own matrix file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import exceptions
from ._builtin import default_matrix
from ._converters import make_converter, register_hooks
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
from ._model import Cell, IssueType, Level, Matrix, Role
from ._policy import Policy, PriorityTable, Severity

__all__ = [
    "SCHEMA_VERSION",
    "Cell",
    "IssueType",
    "Level",
    "Matrix",
    "Policy",
    "PriorityTable",
    "Role",
    "Severity",
    "__version__",
    "default_matrix",
    "dump",
    "dumps",
    "exceptions",
    "from_dict",
    "from_json",
    "from_toml",
    "from_yaml",
    "load",
    "load_matrix",
    "loads",
    "make_converter",
    "register_hooks",
    "to_dict",
    "to_json",
    "to_toml",
    "to_yaml",
    "translate",
]


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
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
        # The version is read from the installed package's metadata on first
        # use, so it is written only once, in pyproject.toml. Hidden from
        # type checkers, which would otherwise accept any misspelt name.
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            return version("escalation-matrix")
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
