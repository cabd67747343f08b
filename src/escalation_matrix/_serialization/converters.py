"""cattrs hooks: lend this library's (un)structuring to any converter."""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import partial
from typing import Any, TypeVar

import cattrs

from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.shown import shown
from escalation_matrix._model.calendar import (
    BusinessCalendar,
    WorkingHours,
    format_clock,
)
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import IssueType, Level, Matrix, Role
from escalation_matrix._model.overlay import Overlay
from escalation_matrix._model.pacing import FirstWait, Repeat
from escalation_matrix._model.policy import Policy, PriorityTable, Severity
from escalation_matrix._model.rules import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    During,
    Not,
    Predicate,
    Rule,
)
from escalation_matrix._serialization.calendar_format import (
    calendar_to_data,
    working_hours_to_data,
)
from escalation_matrix._serialization.detailed import in_file_order
from escalation_matrix._serialization.hooks import structurers
from escalation_matrix._serialization.leaves import (
    Hook,
    RefusedError,
    clock,
    day,
    duration,
)
from escalation_matrix._serialization.matrix_format import (
    condition_to_data,
    contact_to_data,
    first_wait_to_data,
    issue_type_to_data,
    level_to_data,
    matrix_from_data,
    matrix_to_data,
    policy_to_data,
    priority_to_data,
    read_object,
    repeat_to_data,
    role_to_data,
    rule_to_data,
    severity_to_data,
)
from escalation_matrix._serialization.overlay_format import (
    overlay_from_data,
    overlay_to_data,
)
from escalation_matrix._serialization.payloads import (
    WRITERS,
    as_written,
    issue_parts,
    read_moment,
    read_payload,
    write_moment,
)
from escalation_matrix._serialization.subclasses import (
    EXTENSIBLE,
    RefusedValueError,
    structure_subclass,
    subclass_structurer,
    unstructure_subclass,
)
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    ValidationError,
    WrongTypeError,
)

__all__ = ["SERIALIZABLE", "make_converter", "register_hooks"]

C = TypeVar("C", bound=cattrs.BaseConverter)

_UNSTRUCTURE: dict[type, Callable[[Any], Any]] = {
    Matrix: matrix_to_data,
    Overlay: overlay_to_data,
    Role: role_to_data,
    Contact: contact_to_data,
    Level: level_to_data,
    IssueType: issue_type_to_data,
    Severity: severity_to_data,
    PriorityTable: priority_to_data,
    Policy: policy_to_data,
    Repeat: repeat_to_data,
    FirstWait: first_wait_to_data,
    Rule: rule_to_data,
    BusinessCalendar: calendar_to_data,
    WorkingHours: working_hours_to_data,
    **WRITERS,
}
_CONDITIONS = (Condition, Compare, During, AllOf, AnyOf, Not, Predicate)


#: The types that :func:`register_hooks` teaches a converter.
SERIALIZABLE = (*_UNSTRUCTURE, *_CONDITIONS)
_PART_READERS = {
    Role,
    Contact,
    Level,
    IssueType,
    Severity,
    PriorityTable,
    Policy,
    Repeat,
    FirstWait,
    Rule,
    BusinessCalendar,
    WorkingHours,
}


def _structure_matrix(data: object, _: type, *, forbid_extra_keys: bool) -> Matrix:
    return matrix_from_data(data, forbid_extra_keys=forbid_extra_keys)


def _structure_overlay(data: object, _: type, *, forbid_extra_keys: bool) -> Overlay:
    return overlay_from_data(data, forbid_extra_keys=forbid_extra_keys)


def _structure_object(data: object, cls: type[Any], *, forbid_extra_keys: bool) -> Any:
    if cls in _PART_READERS:
        return read_object(cls, data, forbid_extra_keys=forbid_extra_keys)
    return read_payload(cls, data, forbid_extra_keys=forbid_extra_keys)


def _structure_condition(
    data: object, cls: type[Any], *, forbid_extra_keys: bool
) -> Any:
    read = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True).condition
    try:
        result = read(data, None)
    except RefusedError as refused:
        problems = in_file_order(refused.problems, data)
        raise ValidationError(problems, subject="condition") from None
    if not isinstance(result, cls):
        # Translators: {kind} is a condition's class name (Compare, AllOf).
        message = Phrase(
            "must be a {kind} condition, got {got}", kind=cls.__name__, got=shown(data)
        )
        raise ValidationError([Problem("$", message)], subject="condition")
    return result


def register_hooks(converter: C, /, *, forbid_extra_keys: bool = True) -> C:
    """Install structure and unstructure hooks for every public type.

    Works on any :class:`cattrs.BaseConverter`, cattrs' preconfigured ones
    included; cattrs' global converter is never touched. Payloads are plain
    data (dicts, lists, strings, numbers, booleans) that every format
    handles. The matrix format's types are read and written by the hooks
    cattrs generates for them (``make_dict_structure_fn_from_attrs`` and
    ``make_dict_unstructure_fn_from_attrs``, strict about each value's
    type, unknown keys forbidden, defaults left out), the same the
    library's own :func:`~escalation_matrix.load` uses. Bad payloads raise
    :class:`~escalation_matrix.exceptions.ValidationError` listing every
    problem with its path. A user's attrs subclass of a contact, role,
    level, issue type, severity or issue is read and written with its
    extra fields, each by *converter*.

    Args:
        converter: The converter to teach.
        forbid_extra_keys: Reject unknown fields (the default) instead of
            ignoring them.

    Returns:
        The same *converter*, for chaining.

    Raises:
        WrongTypeError: *converter* is not a cattrs converter, or
            *forbid_extra_keys* is not a bool.

    >>> import cattrs
    >>> from escalation_matrix import default_matrix, register_hooks
    >>> converter = register_hooks(cattrs.Converter())
    >>> data = converter.unstructure(default_matrix().level("L1"))
    >>> data["delay"]
    '4h'
    >>> converter.structure(data, type(default_matrix().level("L1"))).rank
    1
    """
    if not isinstance(converter, cattrs.BaseConverter):
        raise WrongTypeError("converter", converter, "a cattrs converter")
    if type(forbid_extra_keys) is not bool:
        raise WrongTypeError("forbid_extra_keys", forbid_extra_keys, "a bool")
    for condition_type in _CONDITIONS:
        converter.register_unstructure_hook(condition_type, condition_to_data)
        converter.register_structure_hook(
            condition_type,
            partial(_structure_condition, forbid_extra_keys=forbid_extra_keys),
        )
    for cls, unstructure in _UNSTRUCTURE.items():
        read: Callable[[object, type], Any]
        if cls is Matrix:
            read = partial(_structure_matrix, forbid_extra_keys=forbid_extra_keys)
        elif cls is Overlay:
            read = partial(_structure_overlay, forbid_extra_keys=forbid_extra_keys)
        else:
            read = partial(_structure_object, forbid_extra_keys=forbid_extra_keys)
        converter.register_unstructure_hook(
            cls, _unstructurer(converter, cls, unstructure)
        )
        converter.register_structure_hook(
            cls,
            _structurer(converter, cls, read, forbid_extra_keys=forbid_extra_keys),
        )
    return converter


# cattrs gives a class's hooks to its subclasses too: these say what happens
# to a subclass (see _subclasses) instead of writing it as its base.


def _unstructurer(
    converter: cattrs.BaseConverter, cls: type, write: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    def unstructure(obj: Any) -> Any:
        if type(obj) is cls:
            return write(obj)
        return unstructure_subclass(converter, cls, write, obj)

    return unstructure


def _structurer(
    converter: cattrs.BaseConverter,
    cls: type,
    read: Callable[..., Any],
    *,
    forbid_extra_keys: bool,
) -> Callable[[object, type], Any]:
    # A users' subclass of an extensible part gets a hook of its own, which
    # cattrs generates on its first use: see subclass_structurer.
    detailed = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True)
    generated: dict[type, Callable[[object], Any]] = {}

    def subclass_hook(target: type) -> Callable[[object], Any]:
        if cls is Issue:
            parts = issue_parts(forbid_extra_keys=forbid_extra_keys)
            finish = as_written
        else:
            parts, finish = detailed.parts[cls], None
        return subclass_structurer(
            converter,
            cls,
            target,
            parts,
            forbid_extra_keys=forbid_extra_keys,
            finish=finish,
        )

    def structure(data: object, target: type) -> Any:
        if target is cls:
            return read(data, cls)
        if cls in EXTENSIBLE:
            hook = generated.get(target)
            if hook is None:
                hook = generated[target] = subclass_hook(target)
            return hook(data)
        return structure_subclass(lambda payload: read(payload, cls), data, target)

    return structure


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """Return a new :class:`cattrs.Converter` with this library's hooks.

    Args:
        forbid_extra_keys: Reject unknown fields (the default) instead of
            ignoring them.

    Raises:
        WrongTypeError: *forbid_extra_keys* is not a bool.
    """
    if type(forbid_extra_keys) is not bool:
        raise WrongTypeError("forbid_extra_keys", forbid_extra_keys, "a bool")
    # Sets are written as lists, in order when their items have one, so
    # that the same value always gives the same bytes.
    converter = cattrs.Converter(unstruct_collection_overrides={AbstractSet: _listed})
    for kind, check in _STRICT.items():
        converter.register_structure_hook(kind, check)
    _plain_values(converter)
    return register_hooks(converter, forbid_extra_keys=forbid_extra_keys)


def _listed(items: AbstractSet[Any]) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:  # items of kinds with no order between them
        return list(items)


def _refusing(read: Hook) -> Callable[[object, type], Any]:
    """A structure hook of *read*, a leaf hook, whose refusal says why."""

    def structure(value: object, _: type) -> Any:
        try:
            return read(value, None)
        except RefusedError as refused:
            (problem,) = refused.problems
            raise RefusedValueError(problem.phrase or Phrase(problem.message)) from None

    return structure


def _moment(value: object) -> datetime:
    read = read_moment(value)
    if isinstance(read, Phrase):
        raise RefusedValueError(read)
    return read


def _plain_values(converter: cattrs.Converter) -> None:
    """Teach *converter* the written forms of dates, times, durations and enumerations.

    A user's subclass may hold them in its own fields; they are written as
    the library writes its own (ISO 8601, ``"4h"``, an enumeration's value)
    and read back strictly.
    """
    converter.register_unstructure_hook(datetime, write_moment)
    converter.register_structure_hook(datetime, lambda value, _: _moment(value))
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(date, _refusing(day))
    converter.register_unstructure_hook(time, format_clock)
    converter.register_structure_hook(time, _refusing(clock(end=False)))
    converter.register_unstructure_hook(timedelta, format_duration)
    converter.register_structure_hook(timedelta, _refusing(duration))
    # An enumeration that is also a str or an int (`class Tier(str, Enum)`)
    # is written as its value, a plain one, whatever its other base.
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, Enum),
        lambda member: member.value,
    )


# cattrs reads a str field by calling str() on whatever it finds, so None
# would become "None", and int() would cut 1.5 to 1. The library's own
# converter reads the extra fields of users' subclasses strictly instead:
# nothing in a payload is changed on the way in. Subclasses of these types
# (enumerations such as `class Tier(str, Enum)`) are read as cattrs reads
# them, by calling the class, which refuses what is not one of its values.


def _strict(
    exact: type, takes: Callable[[object], bool], refused: Callable[[str], Phrase]
) -> Callable[[object, type], Any]:
    def structure(value: object, cls: type) -> Any:
        if cls is not exact:
            return cls(value)
        if takes(value):
            return exact(value)
        raise RefusedValueError(refused(shown(value)))

    return structure


def _number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _not_a_string(got: str) -> Phrase:
    return Phrase("expected a string, got {got}", got=got)


def _not_an_integer(got: str) -> Phrase:
    return Phrase("expected an integer, got {got}", got=got)


def _not_a_number(got: str) -> Phrase:
    return Phrase("expected a finite number, got {got}", got=got)


def _not_a_boolean(got: str) -> Phrase:
    return Phrase("expected true or false, got {got}", got=got)


_STRICT: dict[type, Callable[[object, type], Any]] = {
    str: _strict(str, lambda value: isinstance(value, str), _not_a_string),
    int: _strict(
        int,
        lambda value: isinstance(value, int) and not isinstance(value, bool),
        _not_an_integer,
    ),
    float: _strict(float, _number, _not_a_number),
    bool: _strict(bool, lambda value: isinstance(value, bool), _not_a_boolean),
}
