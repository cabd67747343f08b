"""Limits on the work one read may do, and the check of parsed data against them.

Every reader checks a file's size before reading it, a text's length before
parsing it, and the parsed data's nesting and integers before reading it
into objects, so a hostile file costs bounded time and memory.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import Final

import attrs

from escalation_matrix._base.checks import child_path
from escalation_matrix._base.shown import shown
from escalation_matrix.exceptions import (
    ArgumentError,
    LimitExceededError,
    Phrase,
    Problem,
    WrongTypeError,
)

__all__ = [
    "DEFAULT_LIMITS",
    "NESTED_TOO_DEEPLY",
    "Limits",
    "TooManyDigits",
    "UnfitTag",
    "UnheldNumber",
    "check_data",
    "limit_error",
    "unheld_number",
]


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance
    if type(value) is not int:
        raise WrongTypeError(attribute.name, value, "a whole number of at least 1")
    if value < 1:
        said = Phrase("must be 1 or more, got {got}", got=str(value))
        raise ArgumentError(attribute.name, value, said)


def _digits(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    """Refuse more digits than Python itself reads from text into an int."""
    _positive(instance, attribute, value)
    python = sys.get_int_max_str_digits()
    if python and value > python:
        # Translators: sys.set_int_max_str_digits is Python's function, as written.
        said = Phrase(
            "must be at most {most}, the digits Python itself reads into an integer "
            "(sys.set_int_max_str_digits() raises it), got {got}",
            most=str(python),
            got=str(value),
        )
        raise ArgumentError(attribute.name, value, said)


@attrs.frozen
class Limits:
    """How much work reading one file or payload may do.

    Pass one to :func:`~escalation_matrix.load`,
    :func:`~escalation_matrix.loads` or :func:`~escalation_matrix.from_dict`
    to allow more (or less) than the defaults; going past a limit raises
    :class:`~escalation_matrix.exceptions.LimitExceededError`, which names it.

    >>> from escalation_matrix.schema import Limits
    >>> Limits(max_depth=100).max_depth
    100

    Attributes:
        max_file_size: Bytes of a file, or characters of a text.
        max_depth: Nesting of lists and objects in a document (the top
            object is at depth 1).
        max_int_digits: Decimal digits of an integer; at most what Python
            itself reads from text (4,300 unless the program says otherwise).
        max_yaml_nodes: Values in a YAML document, each alias counted as
            many times as the values it repeats.
    """

    max_file_size: int = attrs.field(default=16 * 2**20, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_int_digits: int = attrs.field(default=100, validator=_digits)
    max_yaml_nodes: int = attrs.field(default=1_000_000, validator=_positive)


#: The limits readers apply unless given others.
DEFAULT_LIMITS: Final = Limits()


@attrs.frozen
class TooManyDigits:
    """Stands for an integer literal longer than ``max_int_digits`` in parsed data."""

    digits: int


@attrs.frozen
class UnheldNumber:
    """Stands for a number literal no float holds, in parsed data.

    Past the largest float (``1e400``, which Python reads as infinity), or
    nonzero and so close to zero that Python reads it as 0 (``1e-400``).
    It is refused with its path after parsing, quoted as written.
    """

    written: str
    too_large: bool

    def problem(self) -> Phrase:
        """Say why the number cannot be read."""
        if self.too_large:
            # Translators: {got} is a number as written in a file (1e400).
            return Phrase(
                "must be at most about 1.79e308 in size, the largest number that "
                "can be read, got {got}",
                got=self.written,
            )
        # Translators: {got} is a number as written in a file (1e-400).
        return Phrase(
            "must be 0 or at least about 2.5e-324 in size, the smallest number "
            "that can be read as other than 0, got {got}",
            got=self.written,
        )


@attrs.frozen
class UnfitTag:
    """Stands for a YAML value its explicit tag does not fit, in parsed data.

    PyYAML reads ``!!float 0x1`` or ``!!int 1.5`` with ``float()`` or
    ``int()``, which raise; such a value is refused with its path after
    parsing, quoted as written, with its line and column.
    """

    written: str
    tag: str
    line: int
    column: int

    def problem(self) -> Phrase:
        """Say why the value cannot be read."""
        # Translators: {got} is a value as written in a YAML file, quoted;
        # {tag} is its YAML tag, as written ("!!int").
        reason = Phrase(
            "the value {got} cannot be read as its tag {tag} says",
            got=shown(self.written),
            tag=self.tag,
        )
        return Phrase(
            "not valid YAML at line {line}, column {column}: {reason}",
            line=str(self.line),
            column=str(self.column),
            reason=reason,
        )


_NONZERO_DIGITS: Final = frozenset("123456789")


def unheld_number(written: str, value: float) -> UnheldNumber | None:
    """Return the mark of the literal *written*, read as *value*, if no float holds it.

    Called only with a *value* of 0 or an infinity: a literal with a nonzero
    digit before its exponent read as 0, or one that spells no infinity
    (``inf``, ``.inf``, ``Infinity``) read as one. Rounding to the nearest
    float is not refused.
    """
    if value != value:  # noqa: PLR0124 -- NaN, written as such
        return None
    if value:
        if "inf" in written.lower():
            return None
        return UnheldNumber(written, too_large=True)
    digits = written.lower().partition("e")[0]
    if _NONZERO_DIGITS.isdisjoint(digits):
        return None
    return UnheldNumber(written, too_large=False)


#: What goes past ``max_depth``.
NESTED_TOO_DEEPLY: Final = Phrase("nested too deeply")


def limit_error(
    path: str,
    what: Phrase,
    *,
    limit: str,
    maximum: int,
    subject: str,
    source: str | None = None,
) -> LimitExceededError:
    """Return the error that says *what* at *path* goes past the limit *limit*."""
    # Translators: {what} says what goes past the limit ("nested too
    # deeply", "a file of more than 1000 bytes"); {limit} is the name of a
    # field of the Limits class, kept as it is.
    message = Phrase(
        "{what}; at most {maximum} allowed ({limit} in Limits)",
        what=what,
        maximum=str(maximum),
        limit=limit,
    )
    return LimitExceededError(
        [Problem(path, message)],
        limit=limit,
        maximum=maximum,
        subject=subject,
        source=source,
    )


def check_data(
    data: object, limits: Limits, subject: str, source: str | None = None
) -> None:
    """Raise :class:`LimitExceededError` if *data* nests or counts past *limits*.

    The walk is iterative and stops at the nesting limit, so cyclic or
    deeply nested data (from code, or YAML aliases) costs bounded work.
    """
    bound = _least_too_long(limits.max_int_digits)
    # Level by level: the containers at each depth, strings skipped in bulk.
    level: Collection[object] = [data]
    depth = 1
    while level:
        if _past(level, bound) or (
            depth > limits.max_depth
            and any(_children(value) is not None for value in level)
        ):
            break
        # Each object once per depth: data from code may share or hold
        # itself, and its paths, not its objects, would multiply.
        level = {
            id(item): item
            for value in level
            if (items := _children(value)) is not None
            # Most containers hold strings only (texts, lists of keys): one
            # pass in C over their items' types tells so.
            and not set(map(type, items)) <= _LEAVES
            for item in items
            if type(item) not in _LEAVES
        }.values()
        depth += 1
    else:
        return
    path, what, limit, maximum = _first_excess(data, limits, bound)
    error = limit_error(path, what, limit=limit, maximum=maximum, subject=subject)
    raise error._from(source) if source else error  # noqa: SLF001


@lru_cache(maxsize=8)
def _least_too_long(digits: int) -> int:
    """The least integer of more than *digits* digits (worked out once per limit)."""
    return int(10**digits)  # an int: digits are never negative


# Values that hold nothing and are never too big.
_LEAVES: Final = frozenset({str, float, bool, type(None)})


def _children(value: object) -> Collection[object] | None:
    if type(value) is dict or isinstance(value, Mapping):
        return value.values()
    if type(value) is list or isinstance(value, tuple):
        return value
    return None


def _past(level: Collection[object], bound: int) -> bool:
    """Whether an integer of *level* (values at one depth) is too big."""
    return any(
        _too_big(value, bound) for value in level if type(value) not in _CONTAINERS
    )


_CONTAINERS: Final = frozenset({dict, list})


def _too_big(value: object, bound: int) -> bool:
    if type(value) is TooManyDigits:
        return True
    return (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) >= bound
    )


def _first_excess(
    data: object, limits: Limits, bound: int
) -> tuple[str, Phrase, str, int]:
    """Find the first place, in document order, where *data* passes a limit."""
    stack: list[tuple[object, int, str]] = [(data, 1, "$")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, Mapping):
            if depth > limits.max_depth:
                return path, NESTED_TOO_DEEPLY, "max_depth", limits.max_depth
            pairs = [
                (item, depth + 1, child_path(path, key)) for key, item in value.items()
            ]
            stack.extend(reversed(pairs))
        elif isinstance(value, list | tuple):
            if depth > limits.max_depth:
                return path, NESTED_TOO_DEEPLY, "max_depth", limits.max_depth
            items = [(item, depth + 1, f"{path}[{i}]") for i, item in enumerate(value)]
            stack.extend(reversed(items))
        elif _too_big(value, bound):
            digits = value.digits if isinstance(value, TooManyDigits) else None
            what = (
                Phrase("an integer of {digits} digits", digits=str(digits))
                if digits
                else Phrase("too large an integer")
            )
            return path, what, "max_int_digits", limits.max_int_digits
    # Unreachable when called after check_data found an excess.
    return "$", NESTED_TOO_DEEPLY, "max_depth", limits.max_depth  # pragma: no cover
