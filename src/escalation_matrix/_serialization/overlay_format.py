"""The overlay file format: plain data <-> :class:`Overlay`.

An overlay file is a matrix file with only what differs, marked by its
``overlay`` field: parts to add are written as in a matrix file, changes
are tables of fields by kind and key, and the policy holds only the fields
it replaces. Readers report every problem with its path; the writer gives
the canonical form, fields in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Final, NamedTuple

from escalation_matrix._base.checks import child_path, delay_like
from escalation_matrix._base.durations import format_duration
from escalation_matrix._model.calendar import BusinessCalendar
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import IssueType, Level, Role
from escalation_matrix._model.overlay import KINDS, Overlay
from escalation_matrix._model.policy import FirstWait, PriorityTable, Repeat, Severity
from escalation_matrix._model.rules import Rule
from escalation_matrix._serialization.calendar_format import calendar_to_data
from escalation_matrix._serialization.matrix_format import (
    _ISSUE_TYPE_SPEC,
    _LEVEL_SPEC,
    _POLICY_SPEC,
    _ROLE_SPEC,
    SCHEMA_VERSION,
    contact_to_data,
    first_wait_to_data,
    issue_type_to_data,
    level_to_data,
    priority_to_data,
    repeat_to_data,
    role_to_data,
    rule_to_data,
    severity_to_data,
)
from escalation_matrix._serialization.reading import (
    UNREADABLE,
    Field,
    Reader,
    Spec,
    dict_of_strings,
    in_file_order,
    integer,
    list_of,
    nullable,
    object_of,
    short_repr,
    string,
)
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    UnsupportedSchemaVersionError,
    ValidationError,
)

__all__ = ["overlay_from_data", "overlay_to_data"]


class _AddedLevel(NamedTuple):
    level: Level
    responsibilities: dict[str, str]


def _added_level(
    *, responsibilities: dict[str, str] | None = None, **fields: Any
) -> _AddedLevel:
    return _AddedLevel(Level(**fields), responsibilities or {})


_ADDED_LEVEL_SPEC: Final = {
    **_LEVEL_SPEC,
    "responsibilities": Field(dict_of_strings, placeholder={}),
}
_CHANGE_SPECS: Final[dict[str, Spec]] = {
    kind: {
        name: field._replace(required=False)
        for name, field in spec.items()
        if name not in {"key", "rank"}
    }
    for kind, spec in (
        ("roles", _ROLE_SPEC),
        ("levels", _LEVEL_SPEC),
        ("issue_types", _ISSUE_TYPE_SPEC),
    )
}


def _object(value: object, path: str, reader: Reader) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    message = Phrase("must be an object (a table), got {got}", got=short_repr(value))
    reader.problems.append(Problem(path, message))
    return None


def _unknown_kind() -> Phrase:
    return Phrase(
        "unknown kind of part; expected one of: {expected}", expected=", ".join(KINDS)
    )


def _changes(value: object, path: str, reader: Reader) -> Any:
    """Accept ``{kind: {key: {field: value}}}``, each field read as in a matrix."""
    kinds = _object(value, path, reader)
    if kinds is None:
        return UNREADABLE
    start = len(reader.problems)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, parts in kinds.items():
        where = child_path(path, kind)
        spec = _CHANGE_SPECS.get(kind)
        if spec is None:
            reader.problems.append(Problem(where, _unknown_kind()))
            continue
        keyed = _object(parts, where, reader)
        for key, fields in (keyed or {}).items():
            read = reader.fields(fields, child_path(where, key), spec)
            if read is not None:
                out.setdefault(kind, {})[key] = read[0]
    return UNREADABLE if len(reader.problems) > start else out


def _removals(value: object, path: str, reader: Reader) -> Any:
    kinds = _object(value, path, reader)
    if kinds is None:
        return UNREADABLE
    start = len(reader.problems)
    out = {}
    for kind, keys in kinds.items():
        where = child_path(path, kind)
        if kind not in KINDS:
            reader.problems.append(Problem(where, _unknown_kind()))
            continue
        out[kind] = list_of(string)(keys, where, reader)
    return UNREADABLE if len(reader.problems) > start else out


def _policy(value: object, path: str, reader: Reader) -> Any:
    read = reader.fields(value, path, _POLICY_SPEC)
    if read is None or read[1]:
        return UNREADABLE
    return read[0]


_OVERLAY_SPEC: Final = {
    "schema_version": Field(integer, required=True),
    "overlay": Field(string, required=True, placeholder="x"),
    "base": Field(nullable(string)),
    "key": Field(string),
    "title": Field(string),
    "description": Field(string),
    "language": Field(string),
    "policy": Field(_policy, placeholder={}),
    "roles": Field(list_of(object_of(Role, _ROLE_SPEC)), placeholder=()),
    "levels": Field(
        list_of(object_of(_added_level, _ADDED_LEVEL_SPEC)), placeholder=()
    ),
    "issue_types": Field(
        list_of(object_of(IssueType, _ISSUE_TYPE_SPEC)), placeholder=()
    ),
    "changes": Field(_changes, placeholder={}),
    "texts": Field(dict_of_strings, placeholder={}),
    "remove": Field(_removals, placeholder={}),
}


def _check_version(data: object, source: str | None) -> None:
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        return  # the reader reports it
    if not 1 <= version <= SCHEMA_VERSION:
        message = Phrase(
            "must be between 1 and {latest} (the versions this release reads), "
            "got {got}",
            latest=str(SCHEMA_VERSION),
            got=str(version),
        )
        problem = Problem("$.schema_version", message)
        raise UnsupportedSchemaVersionError(
            version, [problem], subject="overlay", source=source
        )


def overlay_from_data(
    data: object, *, source: str | None = None, forbid_extra_keys: bool = True
) -> Overlay:
    """Build an :class:`Overlay` from a payload of the overlay file format.

    Raises:
        ValidationError: listing every problem of the payload with its path.
        UnsupportedSchemaVersionError: the payload's version is unknown.
    """
    _check_version(data, source)
    reader = Reader(forbid_extra_keys=forbid_extra_keys)
    read = reader.fields(data, "$", _OVERLAY_SPEC)
    if read is not None and not reader.problems:
        fields = read[0]
        fields.pop("schema_version")
        added: tuple[_AddedLevel, ...] = fields.pop("levels", ())
        try:
            return Overlay(
                fields.pop("overlay"),
                levels=[item.level for item in added],
                responsibilities={
                    item.level.key: item.responsibilities
                    for item in added
                    if item.responsibilities
                },
                source=source,
                **fields,
            )
        except ValidationError as error:
            reader.problems.extend(error.problems)
    problems = in_file_order(reader.problems, data)
    raise ValidationError(problems, subject="overlay", source=source)


def _value_to_data(value: Any) -> Any:
    """Write one changed field the way the matrix format writes it."""
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, tuple):
        return [_value_to_data(item) for item in value]
    if isinstance(value, Contact):
        return contact_to_data(value)
    if isinstance(value, Mapping):
        # A delay given in code as text is written in the canonical form.
        return {
            key: _value_to_data(delay_like(item) if key == "delay" else item)
            for key, item in value.items()
        }
    return value


_POLICY_WRITERS: Final[dict[type, Callable[[Any], Any]]] = {
    Severity: severity_to_data,
    Rule: rule_to_data,
    PriorityTable: priority_to_data,
    BusinessCalendar: calendar_to_data,
    FirstWait: first_wait_to_data,
    Repeat: repeat_to_data,
    # A first wait written as a duration alone, kept as read.
    timedelta: lambda wait: first_wait_to_data(FirstWait(wait)),
}


def _policy_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_policy_value(item) for item in value]
    writer = _POLICY_WRITERS.get(type(value))
    return value if writer is None else writer(value)


def _added_level_to_data(overlay: Overlay, level: Level) -> dict[str, Any]:
    data = level_to_data(level)
    texts = overlay.responsibilities.get(level.key)
    if texts:
        data["responsibilities"] = dict(texts)
    return data


def overlay_to_data(overlay: Overlay) -> dict[str, Any]:
    """Return *overlay* as a payload of the overlay file format."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "overlay": overlay.name}
    for name in ("base", "key", "title", "description", "language"):
        if (value := getattr(overlay, name)) is not None:
            out[name] = value
    if overlay.remove:
        out["remove"] = {kind: list(keys) for kind, keys in overlay.remove.items()}
    if overlay.policy:
        out["policy"] = {
            name: _policy_value(value) for name, value in overlay.policy.items()
        }
    if overlay.roles:
        out["roles"] = [role_to_data(role) for role in overlay.roles]
    if overlay.levels:
        out["levels"] = [
            _added_level_to_data(overlay, level) for level in overlay.levels
        ]
    if overlay.issue_types:
        out["issue_types"] = [issue_type_to_data(it) for it in overlay.issue_types]
    if overlay.changes:
        out["changes"] = _value_to_data(overlay.changes)
    if overlay.texts:
        out["texts"] = dict(overlay.texts)
    return out
