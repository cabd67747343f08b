"""Facts of the matrix file format: its version, its limits, its JSON Schema."""

from __future__ import annotations

from escalation_matrix._base.checks import LONGEST_DELAY
from escalation_matrix._model.matrix import DEFAULT_ISSUE_TYPE
from escalation_matrix._model.pacing import MAX_REPEATS
from escalation_matrix._serialization.limits import DEFAULT_LIMITS, Limits
from escalation_matrix._serialization.matrix_format import SCHEMA_VERSION
from escalation_matrix._serialization.schema import json_schema

__all__ = [
    "DEFAULT_ISSUE_TYPE",
    "DEFAULT_LIMITS",
    "LONGEST_DELAY",
    "MAX_REPEATS",
    "SCHEMA_VERSION",
    "Limits",
    "json_schema",
]


def __dir__() -> list[str]:
    return __all__
