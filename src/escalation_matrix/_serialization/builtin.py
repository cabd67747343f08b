"""The built-in matrix: its data file, and the compiled form the build makes of it.

The matrix is written in ``data/default.toml``, read by the same reader as
any matrix file. Reading it needs cattrs and a TOML parser, which is most of
what a first :func:`default_matrix` costs; so the build hook (``hatch_build.py``)
reads it once, with this reader, and keeps the matrix as a pickle: beside the
data file for an editable install, in the wheel otherwise.

The compiled file holds a checksum, the data file's text, the names of the
fields of every attrs class in the matrix, and the matrix. It is used only
if the checksum holds, the text is the data file's as it is now, and every
one of those classes still has the same fields; anything else about it
(missing, cut short, made by other code) makes :func:`default_matrix` read
the data file instead. A wheel is built from one state of the code, so its
compiled file always matches it. In an editable install, a change to how
the matrix is read that renames no field (another default, another
converter) is not seen: install again to compile it anew (the test suite
checks that the compiled matrix is the one the reader gives).
"""

from __future__ import annotations

import os
import pickle
import sys
from functools import cache
from typing import Any, Final

from escalation_matrix._base.sealed import read_sealed, write_sealed
from escalation_matrix._model.matrix import Matrix

__all__ = ["COMPILED", "DATA", "default_matrix", "read_compiled", "write_compiled"]

_HERE: Final = os.path.join(os.path.dirname(__file__), "data")  # noqa: PTH118, PTH120 -- pathlib would add to import time
#: The built-in matrix's data file.
DATA: Final = os.path.join(_HERE, "default.toml")  # noqa: PTH118
#: Its compiled form, made by the build hook (never committed).
COMPILED: Final = os.path.join(_HERE, "default.pickle")  # noqa: PTH118

# A compiled file is sealed (see escalation_matrix._base.sealed) with this
# magic number: a pickle of the data file's text, the fields of each attrs
# class in the matrix (by module and qualified name), and the matrix.
_MAGIC: Final = b"EMM\x01"
_Fields = dict[tuple[str, str], tuple[str, ...]]


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
    matrix = read_compiled(text, COMPILED)
    if matrix is None:
        from escalation_matrix._serialization.io import loads  # noqa: PLC0415

        matrix = loads(text, "toml")
    return matrix


def write_compiled(text: bytes, target: str | os.PathLike[str]) -> None:
    """Read the data file's *text* and write its compiled form to *target*.

    The file is written whole under another name, then renamed (see
    :func:`~escalation_matrix._base.sealed.write_sealed`).

    Raises:
        ValidationError: The text is not a valid matrix.
    """
    from escalation_matrix._serialization.io import loads  # noqa: PLC0415

    matrix = loads(text, "toml")
    rest = pickle.dumps((text, _fields_of(matrix), matrix), pickle.HIGHEST_PROTOCOL)
    write_sealed(target, _MAGIC, rest)


def read_compiled(text: bytes, path: str | os.PathLike[str]) -> Matrix | None:
    """Return the matrix compiled in *path* from *text*; None if it cannot be used.

    It cannot be used when the file is missing, unreadable or damaged, was
    made from another text, or holds an attrs class whose fields have
    changed since.
    """
    rest = read_sealed(path, _MAGIC)
    if rest is None:
        return None
    try:
        # The package's own file, written by its build: as trusted as its
        # modules, and checked whole by read_sealed.
        source, fields, matrix = pickle.loads(rest)  # noqa: S301
        if source != text or type(matrix) is not Matrix or not _same_fields(fields):
            return None
    # Unpickling runs the classes' own code (a matrix rebuilds its indexes),
    # which code changed since the file was made may fail in any way: then
    # the data file is read instead, which says what is wrong, if anything.
    except Exception:  # noqa: BLE001
        return None
    return matrix


def _same_fields(fields: _Fields) -> bool:
    """Whether each attrs class of *fields* still has the fields listed."""
    for (module, name), names in fields.items():
        found: Any = sys.modules.get(module)
        for part in name.split("."):
            found = getattr(found, part, None)
        now = getattr(found, "__attrs_attrs__", None)
        if now is None or tuple(field.name for field in now) != names:
            return False
    return True


def _fields_of(matrix: Matrix) -> _Fields:
    """Return the fields of every attrs class found in *matrix*, by class.

    Only attrs classes are listed: a value of another class of the package
    held in a matrix would need a check of its own.
    """
    found: _Fields = {}
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
