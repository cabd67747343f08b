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
from functools import cache
from typing import Any, Final, NamedTuple

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn_from_attrs, override

from escalation_matrix._base.checks import child_path, delay_like, nested
from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.shown import shown
from escalation_matrix._model.calendar import BusinessCalendar
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import IssueType, Level, Role
from escalation_matrix._model.overlay import KINDS, Overlay
from escalation_matrix._model.pacing import FirstWait, Repeat
from escalation_matrix._model.policy import Policy, PriorityTable, Severity
from escalation_matrix._model.rules import Rule
from escalation_matrix._serialization.calendar_format import calendar_to_data
from escalation_matrix._serialization.detailed import in_file_order, read_class
from escalation_matrix._serialization.hooks import (
    fields_reader,
    list_with,
    plain_dict,
    structurers,
)
from escalation_matrix._serialization.leaves import (
    Hook,
    RefusedError,
    list_of,
    not_an_object,
    optional_text,
    refuse,
    strings,
    text,
    texts,
)
from escalation_matrix._serialization.matrix_format import (
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
    version_problems,
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


def _unknown_kind() -> Phrase:
    return Phrase(
        "unknown kind of part; expected one of: {expected}", expected=", ".join(KINDS)
    )


def _by_kind(value: Any, read: Callable[[str, Any], Any]) -> dict[str, Any]:
    """Take ``{kind: ...}``, each kind's value through *read*, every problem said."""
    if not isinstance(value, dict):
        refuse(not_an_object(value))
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for kind, parts in value.items():
        where = child_path("$", kind)
        if kind not in KINDS:
            problems.append(Problem(where, _unknown_kind()))
            continue
        try:
            out[kind] = read(kind, parts)
        except RefusedError as refused:
            problems.extend(nested(where, refused.problems))
    if problems:
        raise RefusedError(problems)
    return out


def _added_level(added: Hook) -> Hook:
    """Take a level to add, with its texts: *added* reads the level's fields."""

    def structure(value: Any, _: object = None) -> _AddedLevel:
        if not isinstance(value, dict):
            refuse(not_an_object(value))
        fields = dict(value)
        given = fields.pop("responsibilities", {})
        problems: list[Problem] = []
        try:
            responsibilities = texts(given)
        except RefusedError as refused:
            problems.extend(nested("$.responsibilities", refused.problems))
        try:
            level = added(fields, Level)
        except RefusedError as refused:
            problems.extend(refused.problems)
        if problems:
            raise RefusedError(problems)
        return _AddedLevel(level, responsibilities)

    return structure


def _changes(readers: dict[str, Hook]) -> Hook:
    """Take ``{kind: {key: {field: value}}}``, each field read as in a matrix."""

    def parts_of(kind: str, keyed: Any) -> dict[str, Any]:
        if not isinstance(keyed, dict):
            refuse(not_an_object(keyed))
        out, problems = {}, []
        for key, fields in keyed.items():
            try:
                out[key] = readers[kind](fields, None)
            except RefusedError as refused:
                problems.extend(nested(child_path("$", key), refused.problems))
        if problems:
            raise RefusedError(problems)
        return out

    def structure(value: Any, _: object = None) -> dict[str, Any]:
        return _by_kind(value, parts_of)

    return structure


def _removals(value: Any, _: object = None) -> dict[str, Any]:
    """Take ``{kind: [key, ...]}``."""
    return _by_kind(value, lambda _, keys: list(strings(keys)))


@cache
def _reader(*, forbid_extra_keys: bool) -> Hook:
    """Generate the hook of an overlay's fields from the matrix format's."""
    detailed = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True)
    parts = detailed.parts
    changes = {
        kind: fields_reader(
            f"{cls.__name__}Changes",
            {
                name: hook
                for name, hook in parts[cls][1].items()
                if name not in {"key", "rank"}
            },
            forbid_extra_keys=forbid_extra_keys,
        )
        for kind, cls in (
            ("roles", Role),
            ("levels", Level),
            ("issue_types", IssueType),
        )
    }
    added = read_class(Level, *parts[Level], more_fields=("responsibilities",))
    policy = fields_reader(
        "PolicyChanges", parts[Policy][1], forbid_extra_keys=forbid_extra_keys
    )
    return fields_reader(
        "OverlayFields",
        {
            "overlay": text,
            "base": optional_text,
            "key": text,
            "title": text,
            "description": text,
            "language": text,
            "policy": policy,
            "roles": list_of(detailed.by_type[Role]),
            "levels": list_of(_added_level(added)),
            "issue_types": list_of(detailed.by_type[IssueType]),
            "changes": _changes(changes),
            "texts": texts,
            "remove": _removals,
        },
        forbid_extra_keys=forbid_extra_keys,
        required=("overlay",),
        more_fields=("schema_version",),
        across=_own_checks,
    )


def _check_version(data: object, source: str | None) -> None:
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        return  # the reader reports it
    if not 1 <= version <= SCHEMA_VERSION:
        message = Phrase(
            "must be between 1 and {latest} (the versions this release reads), "
            "got {got}",
            latest=str(SCHEMA_VERSION),
            got=shown(version),
        )
        problem = Problem("$.schema_version", message)
        raise UnsupportedSchemaVersionError(
            version, [problem], subject="overlay", source=source
        )


def _built(fields: dict[str, Any], source: str | None) -> Overlay:
    """The overlay of the *fields* read from its payload.

    Raises:
        ValidationError: the overlay's own checks refuse them.
    """
    fields = dict(fields)
    added: list[_AddedLevel] = fields.pop("levels", [])
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


def _own_checks(read: dict[str, Any], failed: set[str]) -> list[Problem]:
    """The overlay's own checks on the fields read, when another failed."""
    fields = {name: value for name, value in read.items() if name not in failed}
    fields.setdefault("overlay", "overlay")  # failed: its problem is said
    try:
        _built(fields, None)
    except ValidationError as error:
        return [
            problem
            for problem in error.problems
            if _field_of(problem.path) not in failed
        ]
    return []


def _field_of(path: str) -> str:
    """The top-level field *path* is in (``"key"`` for ``"$.key"``)."""
    return path[2:].split(".", 1)[0].split("[", 1)[0]


def overlay_from_data(
    data: object, *, source: str | None = None, forbid_extra_keys: bool = True
) -> Overlay:
    """Build an :class:`Overlay` from a payload of the overlay file format.

    Raises:
        ValidationError: listing every problem of the payload with its path.
        UnsupportedSchemaVersionError: the payload's version is unknown.
    """
    _check_version(data, source)
    if not isinstance(data, dict):
        problem = Problem("$", not_an_object(data))
        raise ValidationError([problem], subject="overlay", source=source)
    problems = version_problems(data)
    given = dict(data)
    given.pop("schema_version", None)
    try:
        fields = _reader(forbid_extra_keys=forbid_extra_keys)(given, None)
    except RefusedError as refused:
        problems.extend(refused.problems)
    else:
        if not problems:
            try:
                return _built(fields, source)
            except ValidationError as error:
                problems.extend(error.problems)
    problems = in_file_order(problems, data)
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


def _removals_to_data(remove: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {kind: list(keys) for kind, keys in remove.items()}


def _policy_to_data(policy: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _policy_value(value) for name, value in policy.items()}


@cache
def _writer() -> Callable[[Overlay], dict[str, Any]]:
    """Generate the unstructure hook of an overlay's fields, in the file's order.

    The name is written as ``overlay``; every other field is left out when
    it holds its default (None, or nothing to add, change or remove).
    """
    fields = attrs.fields(Overlay)
    written: list[attrs.Attribute[Any]] = [
        fields.name,
        fields.base,
        fields.key,
        fields.title,
        fields.description,
        fields.language,
        fields.remove,
        fields.policy,
        fields.roles,
        fields.levels,
        fields.issue_types,
        fields.changes,
        fields.texts,
    ]
    hooks: dict[str, Callable[[Any], Any]] = {
        "remove": _removals_to_data,
        "policy": _policy_to_data,
        "roles": list_with(role_to_data),
        "levels": list_with(level_to_data),
        "issue_types": list_with(issue_type_to_data),
        "changes": _value_to_data,
        "texts": plain_dict,
    }
    overrides: dict[str, Any] = {
        field.name: override(
            omit_if_default=field is not fields.name,
            rename="overlay" if field is fields.name else None,
            unstruct_hook=hooks.get(field.name, cattrs.fns.identity),
        )
        for field in written
    }
    return make_dict_unstructure_fn_from_attrs(
        written, Overlay, cattrs.Converter(), **overrides
    )


def overlay_to_data(overlay: Overlay) -> dict[str, Any]:
    """Return *overlay* as a payload of the overlay file format."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    out.update(_writer()(overlay))
    # An added level's texts, which the overlay keeps apart, go with it.
    for level in out.get("levels", ()):
        texts = overlay.responsibilities.get(level["key"])
        if texts:
            level["responsibilities"] = plain_dict(texts)
    return out
