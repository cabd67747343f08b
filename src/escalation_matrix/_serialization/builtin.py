"""The built-in matrix: its data file, and the compiled form wheels carry.

The matrix is written in ``data/default.toml``, read by the same reader as
any matrix file. Reading it needs cattrs and a TOML parser, which is most of
what a first :func:`default_matrix` costs; so the build hook reads it once
and keeps the result as a pickle, ``data/default.pickle``, next to it, as it
compiles the catalogs. That file holds the data file's text, the matrix read
from it, and the fields of every class in the matrix when it was made; it is
used only while all three still match, and the data file is read otherwise.
"""

from __future__ import annotations

import os
import pickle
import sys
from functools import cache
from typing import Any, Final

from escalation_matrix._model.matrix import Matrix

__all__ = ["COMPILED", "DATA", "compile_matrix", "compiled_matrix", "default_matrix"]

_HERE: Final = os.path.join(os.path.dirname(__file__), "data")  # noqa: PTH118, PTH120 -- pathlib would add to import time
#: The built-in matrix's data file.
DATA: Final = os.path.join(_HERE, "default.toml")  # noqa: PTH118
#: Its compiled form, made by the build hook (never committed).
COMPILED: Final = os.path.join(_HERE, "default.pickle")  # noqa: PTH118

# What a compiled file holds: its format, the data file's text, the fields
# of each class in the matrix (by module and name), and the matrix.
_FORMAT: Final = 1
_Compiled = tuple[int, bytes, dict[tuple[str, str], tuple[str, ...]], Matrix]


@cache
def default_matrix() -> Matrix:
    """Return the built-in issue-escalation matrix.

    Four levels (``L1`` to ``L4``), each held by a role (project team
    contact, project manager, account manager, sales manager), eight issue
    types and a responsibility text for every issue type and level. The
    texts are in English, the source language; translate the matrix for
    other languages. It is made on the first call; later calls return the
    same object.

    >>> matrix = default_matrix()
    >>> matrix
    <Matrix 'default' levels=4 roles=4 issue_types=8>
    >>> matrix.responsibility("performance_hiccups", "L1")
    'Identify and resolve performance-related problems.'
    """
    with open(DATA, "rb") as handle:  # noqa: PTH123
        text = handle.read()
    matrix = compiled_matrix(text, COMPILED)
    if matrix is None:
        from escalation_matrix._serialization.io import loads  # noqa: PLC0415

        matrix = loads(text, "toml")
    return matrix


def compile_matrix(text: bytes, target: str | os.PathLike[str]) -> None:
    """Read the data file's *text* and write its compiled form to *target*.

    Raises:
        ValidationError: The text is not a valid matrix.
    """
    from escalation_matrix._serialization.io import loads  # noqa: PLC0415

    matrix = loads(text, "toml")
    compiled: _Compiled = (_FORMAT, text, _fields_of(matrix), matrix)
    with open(target, "wb") as handle:  # noqa: PTH123
        pickle.dump(compiled, handle, protocol=pickle.HIGHEST_PROTOCOL)


def compiled_matrix(text: bytes, path: str | os.PathLike[str]) -> Matrix | None:
    """Return the matrix compiled in *path* from *text*; None if it cannot be used.

    It cannot be used when the file is missing or unreadable, was made from
    another text, or holds a class whose fields have changed since (a source
    checkout edited after it was installed).
    """
    try:
        with open(path, "rb") as handle:  # noqa: PTH123
            # The package's own file, written by its build: as trusted as its
            # modules.
            compiled = pickle.load(handle)  # noqa: S301
        form, source, fields, matrix = compiled
    # Missing, unreadable, or made by other code: a class or module gone, or
    # another layout. The data file is read instead.
    except (OSError, EOFError, ImportError, pickle.UnpicklingError):
        return None
    except (AttributeError, TypeError, ValueError):  # a class or layout changed
        return None
    if form != _FORMAT or source != text or type(matrix) is not Matrix:
        return None
    for (module, name), names in fields.items():
        if _names(module, name) != names:
            return None
    return matrix


def _names(module: str, name: str) -> tuple[str, ...] | None:
    """Return the fields of the attrs class *name* of *module*, as it is now."""
    found: Any = sys.modules.get(module)
    for part in name.split("."):
        found = getattr(found, part, None)
    fields = getattr(found, "__attrs_attrs__", None)
    return None if fields is None else tuple(field.name for field in fields)


def _fields_of(matrix: Matrix) -> dict[tuple[str, str], tuple[str, ...]]:
    """Return the fields of every attrs class found in *matrix*, by class."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    pending: list[object] = [matrix]
    while pending:
        value = pending.pop()
        cls = type(value)
        fields = getattr(cls, "__attrs_attrs__", None)
        if fields is not None:
            names = tuple(field.name for field in fields)
            found[cls.__module__, cls.__qualname__] = names
            pending.extend(getattr(value, name) for name in names)
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, tuple | list | frozenset | set):
            pending.extend(value)
    return found
