"""Facts of the matrix file format: its version, its limits, its JSON Schema."""

from __future__ import annotations

from escalation_matrix._base.checks import LONGEST_DELAY
from escalation_matrix._serialization.matrix_format import SCHEMA_VERSION
from escalation_matrix._serialization.schema import json_schema

__all__ = ["LONGEST_DELAY", "SCHEMA_VERSION", "json_schema"]
