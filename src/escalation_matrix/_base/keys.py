"""Stable ASCII keys: what a key may look like, checked in one place."""

from __future__ import annotations

import re

from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase

__all__ = ["LEVEL_KEY_PATTERN", "SNAKE_KEY_PATTERN", "key_problem"]

#: Keys of roles, issue types, severities and matrices: lowercase snake_case.
SNAKE_KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
#: Keys of levels: ``L1``-style or lowercase snake_case.
LEVEL_KEY_PATTERN = r"^(L[1-9][0-9]*|[a-z][a-z0-9]*(_[a-z0-9]+)*)$"
MAX_KEY_LENGTH = 64

_SNAKE = re.compile(SNAKE_KEY_PATTERN.replace("$", r"\Z"))
_LEVEL = re.compile(LEVEL_KEY_PATTERN.replace("$", r"\Z"))


def key_problem(value: object, *, level: bool = False) -> Phrase | None:
    """Say what is wrong with *value* as a key, or return None if it is fine.

    >>> print(key_problem("Team Lead"))
    must be a lowercase snake_case ASCII key of at most 64 characters, got 'Team Lead'
    >>> key_problem("L2", level=True) is None
    True
    """
    if not isinstance(value, str):
        return Phrase("must be a string, got {got}", got=shown_phrase(value))
    pattern = _LEVEL if level else _SNAKE
    if len(value) <= MAX_KEY_LENGTH and pattern.match(value) is not None:
        return None
    if level:
        return Phrase(
            "must be a 'L1'-style or lowercase snake_case ASCII key of at most "
            "{longest} characters, got {got}",
            longest=str(MAX_KEY_LENGTH),
            got=repr(value),
        )
    return Phrase(
        "must be a lowercase snake_case ASCII key of at most {longest} characters, "
        "got {got}",
        longest=str(MAX_KEY_LENGTH),
        got=repr(value),
    )
