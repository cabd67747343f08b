"""Stable ASCII keys: what a key may look like, checked in one place."""

from __future__ import annotations

import re

from escalation_matrix._base.shown import shown

__all__ = ["LEVEL_KEY_PATTERN", "SNAKE_KEY_PATTERN", "key_problem"]

#: Keys of roles, issue types, severities and matrices: lowercase snake_case.
SNAKE_KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
#: Keys of levels: ``L1``-style or lowercase snake_case.
LEVEL_KEY_PATTERN = r"^(L[1-9][0-9]*|[a-z][a-z0-9]*(_[a-z0-9]+)*)$"
MAX_KEY_LENGTH = 64

_SNAKE = re.compile(SNAKE_KEY_PATTERN.replace("$", r"\Z"))
_LEVEL = re.compile(LEVEL_KEY_PATTERN.replace("$", r"\Z"))


def key_problem(value: object, *, level: bool = False) -> str | None:
    """Say what is wrong with *value* as a key, or return None if it is fine."""
    if not isinstance(value, str):
        return f"must be a string, got {shown(value)}"
    pattern = _LEVEL if level else _SNAKE
    if len(value) > MAX_KEY_LENGTH or pattern.match(value) is None:
        shape = (
            "'L1'-style or lowercase snake_case" if level else "lowercase snake_case"
        )
        return (
            f"must be a {shape} ASCII key of at most {MAX_KEY_LENGTH} "
            f"characters, got {value!r}"
        )
    return None
