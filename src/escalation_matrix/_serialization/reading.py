"""Reading payloads: converters that record problems with their JSON paths.

A :class:`Reader` walks plain data (dicts, lists, strings...) following a
spec of :class:`Field` entries, converts each value, and collects every
problem instead of stopping at the first. Model modules build their file
format on it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, NamedTuple, TypeVar

from escalation_matrix._base.checks import check_delay, child_path, nested, too_long
from escalation_matrix._base.durations import not_a_duration_value, parse_duration
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.consistency import PartlyRead
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = [
    "MISSING_FIELD",
    "UNREADABLE",
    "Converter",
    "Field",
    "Reader",
    "Spec",
    "boolean",
    "delay",
    "dict_of_strings",
    "duration",
    "in_file_order",
    "integer",
    "list_of",
    "not_a_string",
    "nullable",
    "object_of",
    "one_of",
    "put_unless_default",
    "short_repr",
    "string",
]

T = TypeVar("T")


class _Unreadable:
    """Marks a value that failed to convert; its problem is already recorded."""


UNREADABLE: Final = _Unreadable()


def short_repr(value: object, limit: int = 60) -> str | Phrase:
    """Return *value* as an error message shows it, cut to *limit* characters.

    As the file wrote it (``null``, ``true``, ``["a"]``), or named by its
    kind in the message's language (``a time (01:30:00)``); see
    :func:`~escalation_matrix._base.shown.shown_phrase`.
    """
    return shown_phrase(value, limit=limit, read=True)


#: The problem of a required field the payload lacks.
MISSING_FIELD: Final = Phrase("missing required field")


def not_a_string(value: object) -> Phrase:
    """Say that *value*, read from a file, is not a string."""
    return Phrase("must be a string, got {got}", got=short_repr(value))


def _not_an_object(value: object) -> Phrase:
    return Phrase("must be an object (a table), got {got}", got=short_repr(value))


Converter = Callable[[Any, str, "Reader"], Any]


class Field(NamedTuple):
    """How to read one field of an object."""

    convert: Converter
    required: bool = False
    #: A valid value used in place of a bad one, so that the object's own
    #: checks still run on its other fields and report their problems too.
    placeholder: Any = None
    #: Fields the object checks against this one (a default severity against
    #: the severities): when this field could not be read, their problems
    #: would be about the placeholder, not about the file, and are dropped.
    dependents: tuple[str, ...] = ()


Spec = Mapping[str, Field]


# Patterns compiled on first use (re keeps them): problems are rare.
_FIELD: Final = r"\$\.([A-Za-z_]+)"


class Reader:
    """Reads one payload, collecting problems instead of stopping at the first."""

    def __init__(
        self, *, forbid_extra_keys: bool = True, more_fields: tuple[str, ...] = ()
    ) -> None:
        self.problems: list[Problem] = []
        self.forbid_extra_keys = forbid_extra_keys
        # Fields of a subclass, read by someone else: an unknown field at
        # the top lists them among those expected.
        self.more_fields = more_fields

    def fields(
        self,
        data: object,
        path: str,
        spec: Spec,
    ) -> tuple[dict[str, Any], set[str]] | None:
        """Convert the fields of the object at *path* following *spec*.

        Unknown fields, missing fields and bad values are recorded as
        problems. Returns the converted fields and the names of those that
        are missing or had a problem, or None if *data* is not an object.
        """
        problems = self.problems
        if not isinstance(data, dict):
            problems.append(Problem(path, _not_an_object(data)))
            return None
        out: dict[str, Any] = {}
        failed: set[str] = set()
        for name, value in data.items():
            field = spec.get(name)
            if field is None:
                if self.forbid_extra_keys:
                    more = self.more_fields if path == "$" else ()
                    expected = ", ".join([*spec, *more])
                    message = Phrase(
                        "unknown field; expected one of: {expected}",
                        expected=expected,
                    )
                    problems.append(Problem(child_path(path, name), message))
                continue
            before = len(problems)
            out[name] = field.convert(value, f"{path}.{name}", self)
            if len(problems) > before:
                failed.add(name)
        for name, field in spec.items():
            if field.required and name not in data:
                problems.append(Problem(f"{path}.{name}", MISSING_FIELD))
                failed.add(name)
        return out, failed

    def build(
        self,
        cls: Callable[..., T],
        data: object,
        path: str,
        spec: Spec,
    ) -> T | PartlyRead | _Unreadable:
        """Read the object at *path* and build a *cls* from it.

        Returns UNREADABLE if *data* is not an object, and a :class:`PartlyRead` if
        anything was wrong, after recording every problem. Fields that could
        not be read are replaced by placeholders for the object's own checks,
        so their problems are reported along with the others.
        """
        start = len(self.problems)
        read = self.fields(data, path, spec)
        if read is None:
            return UNREADABLE
        kwargs, failed = read
        trial = {**kwargs, **{name: spec[name].placeholder for name in failed}}
        try:
            built = cls(**trial)
        except ValidationError as error:
            # Skip the problems of placeholders, which are already reported,
            # but keep every problem of the fields that were read.
            placeholders = set(failed)
            for name in failed:
                placeholders.update(spec[name].dependents if name in spec else ())
            for problem in error.problems:
                match = re.match(_FIELD, problem.path)
                name = match[1] if match is not None else ""
                if name not in placeholders:
                    self.problems.extend(nested(path, [problem]))
                    failed.add(name)
        else:
            if len(self.problems) == start:
                return built
        return PartlyRead(
            {
                name: value
                for name, value in kwargs.items()
                if name not in failed or _readable_items(value)
            },
            failed,
        )


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


def _readable_items(value: object) -> bool:
    """Whether *value* is a list whose items could be read, at least in part.

    Such a list failed because of something inside an item; the cross-checks
    can still look at what was read of each.
    """
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(
            isinstance(item, PartlyRead) or hasattr(item, "__attrs_attrs__")
            for item in value
        )
    )


# Converters: each returns the converted value, or UNREADABLE after recording why.


def string(value: object, path: str, reader: Reader) -> Any:
    """Accept a string."""
    if isinstance(value, str):
        return value
    reader.problems.append(Problem(path, not_a_string(value)))
    return UNREADABLE


def integer(value: object, path: str, reader: Reader) -> Any:
    """Accept an integer (not a bool, not a float)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    said = Phrase("must be an integer, got {got}", got=short_repr(value))
    reader.problems.append(Problem(path, said))
    return UNREADABLE


def boolean(value: object, path: str, reader: Reader) -> Any:
    """Accept true or false."""
    if isinstance(value, bool):
        return value
    said = Phrase("must be true or false, got {got}", got=short_repr(value))
    reader.problems.append(Problem(path, said))
    return UNREADABLE


def _duration_string(value: object, path: str, reader: Reader) -> str | None:
    """Return *value* if it is a string; record a problem if not."""
    if isinstance(value, str):
        return value
    # YAML 1.1 reads an unquoted 1:30 as the number 90.
    number = isinstance(value, int) and not isinstance(value, bool)
    message = not_a_duration_value(short_repr(value), code=False, number=number)
    reader.problems.append(Problem(path, message))
    return None


def delay(value: object, path: str, reader: Reader) -> Any:
    """Accept a level's delay (``"4h"``, ``"1h 30m"``, ``"PT4H"``).

    Its problems (a zero delay, one too long) quote the text as written.
    """
    text = _duration_string(value, path, reader)
    if text is None:
        return UNREADABLE
    start = len(reader.problems)
    check_delay(reader.problems, path, text)
    if len(reader.problems) > start:
        return UNREADABLE
    return parse_duration(text)


def duration(value: object, path: str, reader: Reader) -> Any:
    """Accept a duration string such as ``"4h"``, ``"1h 30m"`` or ``"PT4H"``."""
    text = _duration_string(value, path, reader)
    if text is None:
        return UNREADABLE
    try:
        return parse_duration(text)
    except ValueError as error:
        reader.problems.append(Problem(path, error_phrase(error)))
    except OverflowError:
        # Far beyond the longest delay, which is then the limit to name.
        reader.problems.append(Problem(path, too_long(text)))
    return UNREADABLE


def one_of(choices: Iterable[str]) -> Converter:
    """Accept one of the strings *choices*, as a field with a fixed vocabulary."""
    known = tuple(choices)

    def converter(value: object, path: str, reader: Reader) -> Any:
        if isinstance(value, str) and value in known:
            return value
        expected = ", ".join(known)
        message = Phrase(
            "must be one of {choices}, got {got}",
            choices=expected,
            got=short_repr(value),
        )
        reader.problems.append(Problem(path, message))
        return UNREADABLE

    return converter


def nullable(convert: Converter) -> Converter:
    """Accept JSON ``null`` as None, anything else through *convert*."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        return None if value is None else convert(value, path, reader)

    return converter


def list_of(convert: Converter) -> Converter:
    """Accept a list, converting each item."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        if not isinstance(value, list):
            said = Phrase("must be a list, got {got}", got=short_repr(value))
            reader.problems.append(Problem(path, said))
            return UNREADABLE
        return tuple(
            convert(item, f"{path}[{index}]", reader)
            for index, item in enumerate(value)
        )

    return converter


def dict_of_strings(value: object, path: str, reader: Reader) -> Any:
    """Accept an object whose values are all strings."""
    if not isinstance(value, dict):
        reader.problems.append(Problem(path, _not_an_object(value)))
        return UNREADABLE
    start = len(reader.problems)
    for key, text in value.items():
        if not isinstance(text, str):
            reader.problems.append(Problem(child_path(path, key), not_a_string(text)))
    return UNREADABLE if len(reader.problems) > start else dict(value)


def object_of(cls: Callable[..., T], spec: Spec) -> Converter:
    """Accept an object, read with *spec* and built as *cls*."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        return reader.build(cls, value, path, spec)

    return converter


def put_unless_default(
    out: dict[str, Any], name: str, value: object, default: object
) -> None:
    """Set ``out[name]`` unless *value* is the field's *default*."""
    if value != default:
        out[name] = value
