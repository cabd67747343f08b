"""The built-in matrix, read from the package's data file once."""

from __future__ import annotations

import os
from functools import cache

from escalation_matrix._model.matrix import Matrix
from escalation_matrix._serialization.io import loads

__all__ = ["default_matrix"]

_DATA = os.path.join(os.path.dirname(__file__), "data", "default.toml")  # noqa: PTH118, PTH120 -- pathlib would add to import time


@cache
def default_matrix() -> Matrix:
    """Return the built-in issue-escalation matrix.

    Four levels (``L1`` to ``L4``), each held by a role (project team
    contact, project manager, account manager, sales manager), eight issue
    types and a responsibility text for every issue type and level. The
    texts are in English, the source language; translate the matrix for
    other languages. The data file is read on the first call; later calls
    return the same object.

    >>> matrix = default_matrix()
    >>> matrix
    <Matrix 'default' levels=4 roles=4 issue_types=8>
    >>> matrix.responsibility("performance_hiccups", "L1")
    'Identify and resolve performance-related problems.'
    """
    with open(_DATA, "rb") as handle:  # noqa: PTH123
        return loads(handle.read(), "toml")
