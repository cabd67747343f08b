"""Every problem of a payload, with its path, from cattrs' detailed validation.

A class's structure hook generated with detailed validation tries every
field and raises one :class:`cattrs.errors.ClassValidationError` holding
each field's error, noted with the field's name. :func:`read_class` turns
that group into problems with their paths, the way
:func:`cattrs.transform_error` does, and then runs the object's own checks
on the fields that could be read, so a payload's problems are all reported
at once. :func:`in_file_order` sorts them as the file has them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Final

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
)

from escalation_matrix._base.checks import child_path, nested
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._model.consistency import PartlyRead
from escalation_matrix._serialization.leaves import (
    MISSING_FIELD,
    MOST_PROBLEMS,
    Hook,
    RefusedError,
    not_an_object,
    not_read,
    refuse,
)
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = ["Across", "ClassSpec", "in_file_order", "read_class", "readable_items"]

#: The checks across the fields of an object that failed, given what was
#: read of each field (failed fields give their partial value, if any) and
#: the names of those that failed.
Across = Callable[[dict[str, Any], set[str]], list[Problem]]


@attrs.frozen
class ClassSpec:
    """What reading one class needs beyond its fields' hooks.

    Attributes:
        expected: The payload's fields, in the order an unknown field's
            problem lists them.
        placeholders: A valid value for each field that may fail, so that
            the object's own checks still run on the other fields.
        dependents: For a field, the fields its object checks against it:
            when it fails, their problems would be about its placeholder,
            not about the file, and are dropped.
        across: Checks the object's fields against each other from what
            was read, instead of building it with placeholders.
    """

    expected: tuple[str, ...]
    placeholders: Mapping[str, Any] = attrs.field(factory=dict)
    dependents: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    across: Across | None = None


def _field(error: BaseException) -> str | None:
    """The field whose hook raised *error*, from cattrs' note."""
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
    return None


# Compiled on first use, by re, which keeps them: most payloads are valid.
_FIELD: Final = r"\$\.([A-Za-z_]+)"


def _problems_of(error: BaseException, cls: type) -> list[Problem]:
    """The problems *error* carries, their paths from the object's ``$``.

    The library's hooks and constructors say their problems; any other
    error comes from a user's subclass of *cls* (its own validators), and
    is its one problem.
    """
    if isinstance(error, RecursionError):
        # Nested deeper than Python's stack lets the hooks go, within a raised
        # depth limit: the reader says so, as for a parser.
        raise error
    if isinstance(error, RefusedError | ValidationError):
        return list(error.problems)
    # Translators: {kind} is a Python class's name (Level, or a user's
    # subclass of it); {reason} what building one said.
    message = Phrase(
        "cannot be read as {kind}: {reason}",
        kind=cls.__name__,
        reason=error_phrase(error),
    )
    return [Problem("$", message)]


def readable_items(value: object) -> bool:
    """Whether *value* is a list whose items could be read, at least in part.

    Such a list failed because of something inside an item; the checks
    across the object's fields can still look at what was read of each.
    """
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(
            isinstance(item, PartlyRead) or hasattr(item, "__attrs_attrs__")
            for item in value
        )
    )


def read_class(
    cls: type,
    generated: Hook,
    fields: Mapping[str, Hook],
    spec: ClassSpec,
    *,
    more_fields: tuple[str, ...] = (),
) -> Hook:
    """Wrap *generated*, a detailed-validation hook of *cls*, to say every problem.

    The wrapper raises :class:`RefusedError` with the problems of the payload and
    a :class:`PartlyRead` of what could be read. *fields* are the hooks of
    the fields, which it runs again on the fields that were read.
    *more_fields* are a subclass's own fields, read by the caller, that an
    unknown field's problem lists among those expected.
    """
    expected = ", ".join((*spec.expected, *more_fields))

    def structure(value: Any, _: object = None) -> Any:
        if not isinstance(value, dict):
            refuse(not_an_object(value))
        try:
            return generated(value, cls)
        except ClassValidationError as group:
            raise _partly_read(
                cls, value, group, fields=fields, spec=spec, expected=expected
            ) from None

    return structure


def _unknown(
    value: dict[Any, Any], unknown: Collection[Any], expected: str
) -> list[Problem]:
    """A problem for each of *value*'s *unknown* keys, in the payload's order."""
    said = Phrase("unknown field; expected one of: {expected}", expected=expected)
    problems: list[Problem] = []
    for key in value:
        if key in unknown:
            if len(problems) >= MOST_PROBLEMS:
                problems.append(not_read(child_path("$", key), len(problems)))
                break
            problems.append(Problem(child_path("$", key), said))
    return problems


def _partly_read(
    cls: type,
    value: dict[Any, Any],
    group: ClassValidationError,
    *,
    fields: Mapping[str, Hook],
    spec: ClassSpec,
    expected: str,
) -> RefusedError:
    problems: list[Problem] = []
    failed: set[str] = set()
    partial: dict[str, Any] = {}
    made: list[Exception] = []
    missing: set[str] = set()
    for error in group.exceptions:
        name = _field(error)
        if isinstance(error, ForbiddenExtraKeysError):
            problems.extend(_unknown(value, error.extra_fields, expected))
        elif name is None:
            made.append(error)  # raised by the constructor: the model's checks
        elif isinstance(error, KeyError) and name not in value:
            failed.add(name)
            missing.add(name)
        else:
            failed.add(name)
            problems.extend(nested(f"$.{name}", _problems_of(error, cls)))
            if getattr(error, "partial", None) is not None:
                partial[name] = error.partial  # type: ignore[attr-defined]
    # Missing fields are said in the order the payload's fields are listed.
    problems.extend(
        Problem(f"$.{name}", MISSING_FIELD) for name in spec.expected if name in missing
    )
    read = {
        name: hook(value[name], None)
        for name, hook in fields.items()
        if name in value and name not in failed
    }
    for fault in made:
        # Every field was read; the object refused them together.
        for problem in _problems_of(fault, cls):
            problems.append(problem)
            if (match := re.match(_FIELD, problem.path)) is not None:
                failed.add(match[1])
    if not made:
        problems.extend(own_problems(cls, read, partial, failed, spec))
    kept = {name: each for name, each in read.items() if name not in failed}
    kept.update((name, each) for name, each in partial.items() if readable_items(each))
    return RefusedError(problems, PartlyRead(kept, failed))


def own_problems(
    cls: type,
    read: dict[str, Any],
    partial: dict[str, Any],
    failed: set[str],
    spec: ClassSpec,
) -> list[Problem]:
    """The object's own checks on the fields that were read.

    *cls* is built from *read*, with placeholders for the *failed* fields
    (which gain the fields of the problems found), unless *spec* has its
    own check across the fields.
    """
    if spec.across is not None:
        return spec.across({**read, **partial}, failed)
    trial = {**read, **{name: spec.placeholders.get(name) for name in failed}}
    try:
        cls(**trial)
    except ValidationError as error:
        # Skip the problems of placeholders, which are already reported,
        # but keep every problem of the fields that were read.
        placeholders = set(failed)
        for name in failed:
            placeholders.update(spec.dependents.get(name, ()))
        kept: list[Problem] = []
        for problem in error.problems:
            match = re.match(_FIELD, problem.path)
            field = match[1] if match is not None else ""
            if field not in placeholders:
                kept.append(problem)
                failed.add(field)
        return kept
    return []


# One step of a problem's path: ".name", "[3]", or "['a key']" (a repr).
_STEP: Final = (
    r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<index>[0-9]+)\]"
    r"|\[(?P<quoted>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"
)


def _position(
    path: str, data: object, places: dict[int, dict[object, int]]
) -> tuple[int, ...]:
    """Where *path* points in *data*, as positions of keys and items.

    A field the data lacks (a missing required one) comes after the fields
    its object has; the walk stops where the path leaves the data. *places*
    keeps each object's key positions, found once.
    """
    import ast  # noqa: PLC0415 -- only to sort the problems of a payload

    steps = re.compile(_STEP)
    position: list[int] = []
    at = 1  # after the leading "$"
    while (step := steps.match(path, at)) is not None:
        at = step.end()
        index, name = step["index"], step["name"]
        if isinstance(data, list) and index is not None:
            position.append(int(index))
            if int(index) >= len(data):
                break
            data = data[int(index)]
        elif isinstance(data, dict):
            key: object = name
            if index is not None:
                key = int(index)
            elif name is None:
                key = ast.literal_eval(step["quoted"])
            keys = places.get(id(data))
            if keys is None:
                keys = places[id(data)] = {k: i for i, k in enumerate(data)}
            if key not in keys:
                position.append(len(keys))
                break
            position.append(keys[key])
            data = data[key]
        else:
            break
    return tuple(position)


def in_file_order(problems: Iterable[Problem], data: object) -> list[Problem]:
    """Sort *problems* in the order their places come in *data*.

    A problem about an object comes before those inside it; problems at the
    same place keep their order.
    """
    places: dict[int, dict[object, int]] = {}
    return sorted(problems, key=lambda problem: _position(problem.path, data, places))
