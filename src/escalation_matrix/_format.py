"""The matrix file format: plain data (dicts, lists, strings) <-> model objects.

Readers walk a payload, collect every problem with its JSON path and only
then build objects, so one error lists everything wrong with a file. Writers
produce the canonical form: a fixed key order and defaults left out, so the
same matrix always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

from ._checks import nested
from ._duration import format_duration, parse_duration
from ._model import IssueType, Level, Matrix, Role
from ._policy import Policy, PriorityTable, Severity
from .exceptions import Problem, UnsupportedSchemaVersionError, ValidationError

__all__ = [
    "SCHEMA_VERSION",
    "Reader",
    "child_path",
    "issue_type_to_data",
    "level_to_data",
    "matrix_from_data",
    "matrix_to_data",
    "policy_to_data",
    "priority_to_data",
    "read_object",
    "role_to_data",
    "severity_to_data",
    "shown",
]

#: The version of the matrix file format this release writes.
SCHEMA_VERSION: Final = 1

T = TypeVar("T")


class _Bad:
    """Marks a value that failed to convert; its problem is already recorded."""


BAD: Final = _Bad()

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def child_path(path: str, key: object) -> str:
    """Return the JSON path of *key* inside the object at *path*."""
    if isinstance(key, str) and _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


def shown(value: object, limit: int = 60) -> str:
    """Return a short ``repr`` of *value* for an error message."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{text} ({type(value).__name__})"


Converter = Callable[[Any, str, "Reader"], Any]


class Reader:
    """Reads one payload, collecting problems instead of stopping at the first."""

    def __init__(self, *, forbid_extra_keys: bool = True) -> None:
        self.problems: list[Problem] = []
        self.forbid_extra_keys = forbid_extra_keys

    def fields(
        self,
        data: object,
        path: str,
        spec: Mapping[str, tuple[Converter, bool]],
    ) -> dict[str, Any] | None:
        """Convert the fields of the object at *path* following *spec*.

        *spec* maps each field name to its converter and whether it is
        required. Unknown fields, missing fields and bad values are recorded;
        None is returned if anything was wrong.
        """
        problems = self.problems
        if not isinstance(data, dict):
            problems.append(
                Problem(path, f"must be an object (a table), got {shown(data)}")
            )
            return None
        start = len(problems)
        out: dict[str, Any] = {}
        for name, value in data.items():
            entry = spec.get(name)
            if entry is None:
                if not self.forbid_extra_keys:
                    continue
                expected = ", ".join(spec)
                problems.append(
                    Problem(
                        child_path(path, name),
                        f"unknown field; expected one of: {expected}",
                    )
                )
                continue
            out[name] = entry[0](value, f"{path}.{name}", self)
        for name, (_, required) in spec.items():
            if required and name not in data:
                problems.append(Problem(f"{path}.{name}", "missing required field"))
        return out if len(problems) == start else None

    def build(
        self, cls: Callable[..., T], kwargs: dict[str, Any] | None, path: str
    ) -> T | _Bad:
        """Build *cls* from converted *kwargs*, re-rooting its problems at *path*."""
        if kwargs is None:
            return BAD
        try:
            return cls(**kwargs)
        except ValidationError as error:
            self.problems.extend(nested(path, error.problems))
            return BAD


# Converters: each returns the converted value, or BAD after recording why.


def string(value: object, path: str, reader: Reader) -> Any:
    """Accept a string."""
    if isinstance(value, str):
        return value
    reader.problems.append(Problem(path, f"must be a string, got {shown(value)}"))
    return BAD


def integer(value: object, path: str, reader: Reader) -> Any:
    """Accept an integer (not a bool, not a float)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    reader.problems.append(Problem(path, f"must be an integer, got {shown(value)}"))
    return BAD


def boolean(value: object, path: str, reader: Reader) -> Any:
    """Accept true or false."""
    if isinstance(value, bool):
        return value
    reader.problems.append(Problem(path, f"must be true or false, got {shown(value)}"))
    return BAD


def duration(value: object, path: str, reader: Reader) -> Any:
    """Accept a duration string such as ``"4h"`` or ``"1d12h"``."""
    if not isinstance(value, str):
        reader.problems.append(
            Problem(path, f"must be a duration string such as '4h', got {shown(value)}")
        )
        return BAD
    try:
        return parse_duration(value)
    except ValueError as error:
        reader.problems.append(Problem(path, str(error)))
        return BAD


def nullable(convert: Converter) -> Converter:
    """Accept JSON ``null`` as None, anything else through *convert*."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        return None if value is None else convert(value, path, reader)

    return converter


def list_of(convert: Converter) -> Converter:
    """Accept a list, converting each item."""

    def converter(value: object, path: str, reader: Reader) -> Any:
        if not isinstance(value, list):
            reader.problems.append(Problem(path, f"must be a list, got {shown(value)}"))
            return BAD
        start = len(reader.problems)
        items = tuple(
            convert(item, f"{path}[{index}]", reader)
            for index, item in enumerate(value)
        )
        return BAD if len(reader.problems) > start else items

    return converter


def dict_of_strings(value: object, path: str, reader: Reader) -> Any:
    """Accept an object whose values are all strings."""
    if not isinstance(value, dict):
        reader.problems.append(
            Problem(path, f"must be an object (a table), got {shown(value)}")
        )
        return BAD
    start = len(reader.problems)
    for key, text in value.items():
        if not isinstance(text, str):
            reader.problems.append(
                Problem(child_path(path, key), f"must be a string, got {shown(text)}")
            )
    return BAD if len(reader.problems) > start else dict(value)


def _object(
    cls: Callable[..., T], spec: Mapping[str, tuple[Converter, bool]]
) -> Converter:
    def converter(value: object, path: str, reader: Reader) -> Any:
        return reader.build(cls, reader.fields(value, path, spec), path)

    return converter


_ROLE_SPEC: Final = {
    "key": (string, True),
    "title": (string, True),
    "description": (string, False),
}
_LEVEL_SPEC: Final = {
    "key": (string, True),
    "rank": (integer, True),
    "role": (string, True),
    "name": (string, True),
    "description": (string, False),
    "delay": (nullable(duration), False),
    "business_time": (boolean, False),
    "escalate_while": (string, False),
}
_ISSUE_TYPE_SPEC: Final = {
    "key": (string, True),
    "name": (string, True),
    "description": (string, False),
    "entry_level": (nullable(string), False),
    "responsibilities": (dict_of_strings, True),
}
_SEVERITY_SPEC: Final = {
    "key": (string, True),
    "name": (string, True),
    "description": (string, False),
    "entry_level": (nullable(string), False),
    "max_level": (nullable(string), False),
    "skip_levels": (list_of(string), False),
}
_PRIORITY_SPEC: Final = {
    "impacts": (list_of(string), True),
    "urgencies": (list_of(string), True),
    "table": (list_of(list_of(string)), True),
}
_POLICY_SPEC: Final = {
    "delay_mode": (string, False),
    "default_severity": (nullable(string), False),
    "severities": (list_of(_object(Severity, _SEVERITY_SPEC)), False),
    "priority": (nullable(_object(PriorityTable, _PRIORITY_SPEC)), False),
}
_MATRIX_SPEC: Final = {
    "schema_version": (integer, True),
    "key": (string, True),
    "title": (string, True),
    "description": (string, False),
    "language": (string, False),
    "policy": (_object(Policy, _POLICY_SPEC), False),
    "roles": (list_of(_object(Role, _ROLE_SPEC)), True),
    "levels": (list_of(_object(Level, _LEVEL_SPEC)), True),
    "issue_types": (list_of(_object(IssueType, _ISSUE_TYPE_SPEC)), True),
}


# Migrations: version -> function turning a payload of that version into one
# of the next version. Version 1 is the first published format.
_MIGRATIONS: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {}


def _check_version(data: object, source: str | None) -> dict[str, Any] | None:
    """Bring *data* to the current schema version, or raise if it cannot be read."""
    if not isinstance(data, dict) or "schema_version" not in data:
        return None  # the reader reports what is missing
    version = data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    if version > SCHEMA_VERSION:
        problem = Problem(
            "$.schema_version",
            f"version {version} was written by a newer release; this release reads "
            f"versions 1 to {SCHEMA_VERSION}: upgrade escalation_matrix",
        )
        raise UnsupportedSchemaVersionError(version, [problem], source=source)
    if version < 1:
        problem = Problem(
            "$.schema_version",
            f"must be between 1 and {SCHEMA_VERSION}, got {version}",
        )
        raise UnsupportedSchemaVersionError(version, [problem], source=source)
    while version < SCHEMA_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def matrix_from_data(
    data: object, *, source: str | None = None, forbid_extra_keys: bool = True
) -> Matrix:
    """Build a :class:`Matrix` from a payload of the matrix file format.

    Unknown fields are problems unless *forbid_extra_keys* is false, in which
    case they are ignored.

    Raises:
        ValidationError: listing every problem of the payload with its path.
        UnsupportedSchemaVersionError: the payload's version is unknown.
    """
    migrated = _check_version(data, source)
    reader = Reader(forbid_extra_keys=forbid_extra_keys)
    kwargs = reader.fields(data if migrated is None else migrated, "$", _MATRIX_SPEC)
    if kwargs is not None:
        kwargs.pop("schema_version")
        matrix = reader.build(Matrix, kwargs, "$")
        if isinstance(matrix, Matrix):
            return matrix
    raise ValidationError(reader.problems, source=source)


def read_object(
    cls: type[T],
    data: object,
    *,
    forbid_extra_keys: bool = True,
    subject: str | None = None,
) -> T:
    """Build one value object of *cls* from its own payload.

    Raises:
        ValidationError: listing every problem of the payload.
    """
    reader = Reader(forbid_extra_keys=forbid_extra_keys)
    result = reader.build(cls, reader.fields(data, "$", _SPECS[cls]), "$")
    if isinstance(result, _Bad):
        name = subject or cls.__name__.lower()
        raise ValidationError(reader.problems, subject=name)
    return result


_SPECS: Final[dict[type, Mapping[str, tuple[Converter, bool]]]] = {
    Role: _ROLE_SPEC,
    Level: _LEVEL_SPEC,
    IssueType: _ISSUE_TYPE_SPEC,
    Severity: _SEVERITY_SPEC,
    PriorityTable: _PRIORITY_SPEC,
    Policy: _POLICY_SPEC,
}


def _natural(key: str) -> tuple[str, int]:
    # L2 before L10
    head = key.rstrip("0123456789")
    tail = key[len(head) :]
    return (head, int(tail) if tail else -1)


# Writers ---------------------------------------------------------------


def _put(out: dict[str, Any], name: str, value: object, default: object) -> None:
    if value != default:
        out[name] = value


def role_to_data(role: Role) -> dict[str, Any]:
    out: dict[str, Any] = {"key": role.key, "title": role.title}
    _put(out, "description", role.description, "")
    return out


def level_to_data(level: Level) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": level.key,
        "rank": level.rank,
        "role": level.role,
        "name": level.name,
    }
    _put(out, "description", level.description, "")
    if level.delay is not None:
        out["delay"] = format_duration(level.delay)
    _put(out, "business_time", level.business_time, False)  # noqa: FBT003
    out["escalate_while"] = level.escalate_while
    return out


def issue_type_to_data(
    issue_type: IssueType, level_keys: Sequence[str] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"key": issue_type.key, "name": issue_type.name}
    _put(out, "description", issue_type.description, "")
    _put(out, "entry_level", issue_type.entry_level, None)
    texts = issue_type.responsibilities
    if level_keys is None:
        level_keys = sorted(texts, key=_natural)
    out["responsibilities"] = {key: texts[key] for key in level_keys}
    return out


def severity_to_data(severity: Severity) -> dict[str, Any]:
    out: dict[str, Any] = {"key": severity.key, "name": severity.name}
    _put(out, "description", severity.description, "")
    _put(out, "entry_level", severity.entry_level, None)
    _put(out, "max_level", severity.max_level, None)
    _put(out, "skip_levels", list(severity.skip_levels), [])
    return out


def policy_to_data(policy: Policy) -> dict[str, Any]:
    out: dict[str, Any] = {"delay_mode": policy.delay_mode}
    _put(out, "default_severity", policy.default_severity, None)
    if policy.severities:
        out["severities"] = [
            severity_to_data(severity) for severity in policy.severities
        ]
    if policy.priority is not None:
        out["priority"] = priority_to_data(policy.priority)
    return out


def priority_to_data(table: PriorityTable) -> dict[str, Any]:
    """Return *table* as a payload."""
    return {
        "impacts": list(table.impacts),
        "urgencies": list(table.urgencies),
        "table": [list(row) for row in table.table],
    }


def matrix_to_data(matrix: Matrix) -> dict[str, Any]:
    """Return *matrix* as a payload of the current matrix file format."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "key": matrix.key,
        "title": matrix.title,
    }
    _put(out, "description", matrix.description, "")
    out["language"] = matrix.language
    out["policy"] = policy_to_data(matrix.policy)
    out["roles"] = [role_to_data(role) for role in matrix.roles]
    out["levels"] = [level_to_data(level) for level in matrix.levels]
    level_keys = matrix.level_keys
    out["issue_types"] = [
        issue_type_to_data(it, level_keys) for it in matrix.issue_types
    ]
    return out
