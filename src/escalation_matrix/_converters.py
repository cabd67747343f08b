"""cattrs hooks: lend this library's (un)structuring to any converter."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import cattrs

from ._format import (
    issue_type_to_data,
    level_to_data,
    matrix_from_data,
    matrix_to_data,
    policy_to_data,
    priority_to_data,
    read_object,
    role_to_data,
    severity_to_data,
)
from ._model import IssueType, Level, Matrix, Role
from ._policy import Policy, PriorityTable, Severity

__all__ = ["SERIALIZABLE", "make_converter", "register_hooks"]

C = TypeVar("C", bound=cattrs.BaseConverter)

_UNSTRUCTURE: dict[type, Callable[[Any], Any]] = {
    Matrix: matrix_to_data,
    Role: role_to_data,
    Level: level_to_data,
    IssueType: issue_type_to_data,
    Severity: severity_to_data,
    PriorityTable: priority_to_data,
    Policy: policy_to_data,
}


#: The types that :func:`register_hooks` teaches a converter.
SERIALIZABLE = tuple(_UNSTRUCTURE)


def _structure_matrix(data: object, _: type, *, forbid_extra_keys: bool) -> Matrix:
    return matrix_from_data(data, forbid_extra_keys=forbid_extra_keys)


def _structure_object(data: object, cls: type[Any], *, forbid_extra_keys: bool) -> Any:
    return read_object(cls, data, forbid_extra_keys=forbid_extra_keys)


def register_hooks(converter: C, /, *, forbid_extra_keys: bool = True) -> C:
    """Install structure and unstructure hooks for every public type.

    Works on any :class:`cattrs.BaseConverter`, cattrs' preconfigured ones
    included; cattrs' global converter is never touched. Payloads are plain
    data (dicts, lists, strings, numbers, booleans) that every format
    handles. Bad payloads raise
    :class:`~escalation_matrix.exceptions.ValidationError` listing every
    problem with its path.

    Args:
        converter: The converter to teach.
        forbid_extra_keys: Reject unknown fields (the default) instead of
            ignoring them.

    Returns:
        The same *converter*, for chaining.

    >>> import cattrs
    >>> from escalation_matrix import default_matrix, register_hooks
    >>> converter = register_hooks(cattrs.Converter())
    >>> data = converter.unstructure(default_matrix().level("L1"))
    >>> data["delay"]
    '4h'
    >>> converter.structure(data, type(default_matrix().level("L1"))).rank
    1
    """
    for cls, unstructure in _UNSTRUCTURE.items():
        converter.register_unstructure_hook(cls, unstructure)
        if cls is Matrix:
            converter.register_structure_hook(
                cls, partial(_structure_matrix, forbid_extra_keys=forbid_extra_keys)
            )
        else:
            converter.register_structure_hook(
                cls, partial(_structure_object, forbid_extra_keys=forbid_extra_keys)
            )
    return converter


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """Return a new :class:`cattrs.Converter` with this library's hooks.

    Args:
        forbid_extra_keys: Reject unknown fields (the default) instead of
            ignoring them.
    """
    return register_hooks(cattrs.Converter(), forbid_extra_keys=forbid_extra_keys)
