"""The matrix file format: plain data (dicts, lists, strings) <-> model objects.

Readers walk a payload, collect every problem with its JSON path and only
then build objects, so one error lists everything wrong with a file. Writers
produce the canonical form: a fixed key order and defaults left out, so the
same matrix always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final, TypeVar

from escalation_matrix._base.checks import (
    check_key,
    child_path,
)
from escalation_matrix._model.calendar import BusinessCalendar, WorkingHours
from escalation_matrix._model.consistency import (
    PartlyRead,
    cross_problems,
)
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import (
    IssueType,
    Level,
    Matrix,
    Role,
    matrix_scalar_problems,
)
from escalation_matrix._model.policy import (
    FirstWait,
    Policy,
    PriorityTable,
    Repeat,
    Severity,
)
from escalation_matrix._model.rules import (
    AllOf,
    AnyOf,
    Compare,
    During,
    Not,
    Rule,
)
from escalation_matrix._serialization.calendar_format import (
    CALENDAR_SPEC,
    WORKING_HOURS_SPEC,
)
from escalation_matrix._serialization.hooks import (
    condition_to_data,
    issue_type_writer,
    plain_issue_type_writer,
    plain_issue_types,
    structurers,
    unstructurers,
)
from escalation_matrix._serialization.limits import Limits, check_data
from escalation_matrix._serialization.reading import (
    UNREADABLE,
    Field,
    Reader,
    Spec,
    boolean,
    delay,
    dict_of_strings,
    duration,
    in_file_order,
    integer,
    list_of,
    not_a_string,
    nullable,
    object_of,
    short_repr,
    string,
)
from escalation_matrix._serialization.subclasses import check_matrix_parts
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    UnsupportedSchemaVersionError,
    ValidationError,
)

__all__ = [
    "SCHEMA_VERSION",
    "condition_to_data",
    "contact_to_data",
    "first_wait_to_data",
    "issue_type_to_data",
    "level_to_data",
    "matrix_from_data",
    "matrix_to_data",
    "policy_to_data",
    "priority_to_data",
    "read_object",
    "repeat_to_data",
    "role_to_data",
    "rule_to_data",
    "severity_to_data",
]

T = TypeVar("T")

#: The version of the matrix file format this release writes.
SCHEMA_VERSION: Final = 1


def _tool_ids(value: object, path: str, reader: Reader) -> Any:
    """Accept a contact's ids; with a value that is not a string, check the keys too.

    The contact checks the keys of ids it is built with; ids not read must
    still have every problem listed, in file order.
    """
    if not isinstance(value, dict) or all(isinstance(v, str) for v in value.values()):
        return dict_of_strings(value, path, reader)
    for key, text in value.items():
        where = child_path(path, key)
        check_key(reader.problems, where, key)
        if not isinstance(text, str):
            reader.problems.append(Problem(where, not_a_string(text)))
    return UNREADABLE


_CONTACT_SPEC: Final = {
    "name": Field(string, required=True, placeholder="x"),
    "email": Field(nullable(string)),
    "phone": Field(nullable(string)),
    "chat": Field(nullable(string)),
    "kind": Field(string, placeholder="person", dependents=("select",)),
    "ids": Field(_tool_ids, placeholder={}),
    "select": Field(string, placeholder="default"),
}
_ROLE_SPEC: Final = {
    "key": Field(string, required=True, placeholder="x"),
    "title": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "contacts": Field(list_of(object_of(Contact, _CONTACT_SPEC)), placeholder=()),
}
_LEVEL_SPEC: Final = {
    "key": Field(string, required=True, placeholder="x"),
    "rank": Field(integer, required=True, placeholder=1),
    "role": Field(string, required=True, placeholder="x"),
    "name": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "delay": Field(nullable(delay)),
    "business_time": Field(boolean, placeholder=False),
    "escalate_while": Field(string, placeholder="unresolved"),
    "assignment": Field(string, placeholder="all"),
}
_ISSUE_TYPE_SPEC: Final = {
    "key": Field(string, required=True, placeholder="x"),
    "name": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "entry_level": Field(nullable(string)),
    "responsibilities": Field(dict_of_strings, required=True, placeholder={}),
}
_SEVERITY_SPEC: Final = {
    "key": Field(string, required=True, placeholder="x"),
    "name": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "entry_level": Field(nullable(string)),
    "max_level": Field(nullable(string)),
    "skip_levels": Field(list_of(string), placeholder=()),
}
_PRIORITY_SPEC: Final = {
    "impacts": Field(list_of(string), required=True, placeholder=("x",)),
    "urgencies": Field(list_of(string), required=True, placeholder=("x",)),
    "table": Field(list_of(list_of(string)), required=True, placeholder=(("x",),)),
}


def _scalar(value: object, path: str, reader: Reader) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    message = Phrase(
        "must be a string, number, boolean or null, got {got}", got=short_repr(value)
    )
    reader.problems.append(Problem(path, message))
    return UNREADABLE


def _scalar_or_list(value: object, path: str, reader: Reader) -> Any:
    return (
        list_of(_scalar)(value, path, reader)
        if isinstance(value, list)
        else _scalar(value, path, reader)
    )


_COMPARE_SPEC: Final = {
    "field": Field(string, required=True, placeholder="id"),
    "op": Field(string, required=True, placeholder="exists"),
    "value": Field(_scalar_or_list),
}
_GROUPS: Final = {"all": AllOf, "any": AnyOf}


def condition(value: object, path: str, reader: Reader) -> Any:
    """Accept a comparison, or ``all`` / ``any`` / ``not`` of conditions."""
    if not isinstance(value, dict):
        message = Phrase(
            "must be a condition (an object), got {got}", got=short_repr(value)
        )
        reader.problems.append(Problem(path, message))
        return UNREADABLE
    if "field" in value:
        return reader.build(Compare, value, path, _COMPARE_SPEC)
    if "during" in value and len(value) == 1:
        start = len(reader.problems)
        calendar = object_of(BusinessCalendar, CALENDAR_SPEC)(
            value["during"], f"{path}.during", reader
        )
        return UNREADABLE if len(reader.problems) > start else During(calendar)
    kinds = [key for key in ("all", "any", "not") if key in value]
    if len(kinds) != 1 or len(value) != 1:
        if value:
            message = Phrase(
                "must have either field/op/value, or exactly one of all, any, not, "
                "during; got the fields {fields}",
                fields=", ".join(map(str, value)),
            )
        else:
            message = Phrase(
                "must have either field/op/value, or exactly one of all, any, not, "
                "during; got no fields"
            )
        reader.problems.append(Problem(path, message))
        return UNREADABLE
    return _combined(kinds[0], value[kinds[0]], f"{path}.{kinds[0]}", reader)


def _combined(kind: str, value: object, path: str, reader: Reader) -> Any:
    start = len(reader.problems)
    if kind == "not":
        inner = condition(value, path, reader)
        return UNREADABLE if len(reader.problems) > start else Not(inner)
    items = list_of(condition)(value, path, reader)
    if len(reader.problems) > start:
        return UNREADABLE
    if not items:
        reader.problems.append(Problem(path, Phrase("must not be empty")))
        return UNREADABLE
    return _GROUPS[kind](items)


_RULE_SPEC: Final = {
    "name": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "when": Field(condition, required=True, placeholder=Compare("id", "exists")),
    "entry_level": Field(nullable(string), placeholder="x"),
    "max_level": Field(nullable(string)),
    "skip_levels": Field(nullable(list_of(string))),
}

_REPEAT_SPEC: Final = {
    "times": Field(integer, required=True, placeholder=1),
    "wait": Field(duration, required=True, placeholder=timedelta(0)),
    "from_level": Field(nullable(string)),
    "reset_acknowledgement": Field(boolean, placeholder=False),
}
_FIRST_WAIT_SPEC: Final = {
    "delay": Field(delay, required=True, placeholder=timedelta(minutes=1)),
    "escalate_while": Field(string, placeholder="unresolved"),
}


def _first_wait(value: object, path: str, reader: Reader) -> Any:
    """Accept a first wait: a table, or a duration alone (ended by resolution only)."""
    if isinstance(value, str):
        read = delay(value, path, reader)
        return read if read is UNREADABLE else FirstWait(read)
    return reader.build(FirstWait, value, path, _FIRST_WAIT_SPEC)


_POLICY_SPEC: Final = {
    "delay_mode": Field(string, placeholder="per_level"),
    "default_severity": Field(nullable(string)),
    "severities": Field(
        list_of(object_of(Severity, _SEVERITY_SPEC)),
        placeholder=(),
        dependents=("default_severity", "priority"),
    ),
    "priority": Field(nullable(object_of(PriorityTable, _PRIORITY_SPEC))),
    "calendar": Field(nullable(object_of(BusinessCalendar, CALENDAR_SPEC))),
    "rules": Field(list_of(object_of(Rule, _RULE_SPEC)), placeholder=()),
    "first_wait": Field(nullable(_first_wait)),
    "repeat": Field(nullable(object_of(Repeat, _REPEAT_SPEC))),
    "at_end": Field(string, placeholder="hold"),
}
_MATRIX_SPEC: Final = {
    "schema_version": Field(integer, required=True),
    "key": Field(string, required=True, placeholder="x"),
    "title": Field(string, required=True, placeholder="x"),
    "description": Field(string, placeholder=""),
    "language": Field(string, placeholder="en"),
    "policy": Field(object_of(Policy, _POLICY_SPEC), placeholder=Policy()),
    "roles": Field(list_of(object_of(Role, _ROLE_SPEC)), required=True, placeholder=()),
    "levels": Field(
        list_of(object_of(Level, _LEVEL_SPEC)), required=True, placeholder=()
    ),
    "issue_types": Field(
        list_of(object_of(IssueType, _ISSUE_TYPE_SPEC)), placeholder=()
    ),
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
        message = Phrase(
            "version {version} was written by a newer release; this release reads "
            "versions 1 to {latest}: upgrade escalation_matrix",
            version=str(version),
            latest=str(SCHEMA_VERSION),
        )
        problem = Problem("$.schema_version", message)
        raise UnsupportedSchemaVersionError(version, [problem], source=source)
    if version < 1:
        message = Phrase(
            "must be between 1 and {latest}, got {got}",
            latest=str(SCHEMA_VERSION),
            got=str(version),
        )
        problem = Problem("$.schema_version", message)
        raise UnsupportedSchemaVersionError(version, [problem], source=source)
    while version < SCHEMA_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def matrix_from_data(
    data: object,
    *,
    source: str | None = None,
    forbid_extra_keys: bool = True,
    limits: Limits | None = None,
) -> Matrix:
    """Build a :class:`Matrix` from a payload of the matrix file format.

    Unknown fields are problems unless *forbid_extra_keys* is false, in which
    case they are ignored. *limits*, when given, are checked here rather
    than by the caller: the generated hooks keep within them on their own
    (they take only the shapes of the format, integers within
    ``max_int_digits`` and conditions within ``max_depth``), so the walk
    over the payload runs only when they do not take it.

    Raises:
        ValidationError: listing every problem of the payload with its path.
        LimitExceededError: *data* goes past one of *limits*.
        UnsupportedSchemaVersionError: the payload's version is unknown.
    """
    tried = False
    if limits is not None:
        if (
            type(data) is dict
            and data.get("schema_version") == SCHEMA_VERSION
            and "overlay" not in data
        ):
            tried = True
            fields = data.copy()
            del fields["schema_version"]
            hooks = structurers(forbid_extra_keys=forbid_extra_keys, limits=limits)
            try:
                return hooks.by_type[Matrix](fields, Matrix)  # type: ignore[no-any-return]
            except Exception:  # noqa: BLE001, S110 -- any failure: checked and read field by field below
                pass
        check_data(data, limits, "matrix", source)
    if isinstance(data, dict) and "overlay" in data:
        message = Phrase(
            "this is an overlay, not a matrix: read it with load(path, Overlay) "
            "and apply it to its base matrix with apply_overlay()"
        )
        raise ValidationError([Problem("$.overlay", message)], source=source)
    migrated = _check_version(data, source)
    if migrated is not None and not tried:
        fields = migrated.copy()
        del fields["schema_version"]
        hook = structurers(forbid_extra_keys=forbid_extra_keys).by_type[Matrix]
        try:
            return hook(fields, Matrix)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001, S110 -- any failure: read field by field below
            pass
    reader = Reader(forbid_extra_keys=forbid_extra_keys)
    read = reader.fields(data if migrated is None else migrated, "$", _MATRIX_SPEC)
    if read is not None:
        kwargs, failed = read
        kwargs.pop("schema_version", None)
        if not failed and not reader.problems:
            try:
                return Matrix(**kwargs)
            except ValidationError as error:
                problems = in_file_order(error.problems, data)
                raise ValidationError(problems, source=source) from None
        reader.problems.extend(_partial_problems(kwargs, failed))
    raise ValidationError(in_file_order(reader.problems, data), source=source)


def _parts(value: object) -> list[Any] | None:
    if not isinstance(value, tuple):
        return None
    return [PartlyRead({}) if item is UNREADABLE else item for item in value]


def _partial_problems(kwargs: dict[str, Any], failed: set[str]) -> list[Problem]:
    """Check what could be read of a payload that has problems elsewhere."""
    scalars = {
        name: _MATRIX_SPEC[name].placeholder
        if name in failed
        else kwargs.get(name, _MATRIX_SPEC[name].placeholder)
        for name in ("key", "title", "description", "language")
    }
    problems = matrix_scalar_problems(**scalars)
    policy = kwargs.get("policy", Policy())
    problems.extend(
        cross_problems(
            _parts(kwargs.get("levels")),
            _parts(kwargs.get("roles")),
            _parts(kwargs.get("issue_types")),
            None if policy is UNREADABLE else policy,
        )
    )
    return problems


def read_object(
    cls: type[T],
    data: object,
    *,
    forbid_extra_keys: bool = True,
    subject: str | None = None,
    more_fields: tuple[str, ...] = (),
) -> T:
    """Build one value object of *cls* from its own payload.

    *more_fields* are a subclass's own fields, read by the caller, which an
    unknown field's problem lists among those expected.

    Raises:
        ValidationError: listing every problem of the payload.
    """
    if not more_fields:
        hook = structurers(forbid_extra_keys=forbid_extra_keys).by_type[cls]
        try:
            return hook(data, cls)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001, S110 -- any failure: read field by field below
            pass
    reader = Reader(forbid_extra_keys=forbid_extra_keys, more_fields=more_fields)
    result = reader.build(cls, data, "$", _SPECS[cls])
    if isinstance(result, cls):
        return result
    name = subject or cls.__name__.lower()
    raise ValidationError(in_file_order(reader.problems, data), subject=name)


_SPECS: Final[dict[type, Spec]] = {
    BusinessCalendar: CALENDAR_SPEC,
    WorkingHours: WORKING_HOURS_SPEC,
    Contact: _CONTACT_SPEC,
    Rule: _RULE_SPEC,
    Role: _ROLE_SPEC,
    Level: _LEVEL_SPEC,
    IssueType: _ISSUE_TYPE_SPEC,
    Severity: _SEVERITY_SPEC,
    PriorityTable: _PRIORITY_SPEC,
    Repeat: _REPEAT_SPEC,
    FirstWait: _FIRST_WAIT_SPEC,
    Policy: _POLICY_SPEC,
}


def _natural(key: str) -> tuple[str, int]:
    # L2 before L10
    head = key.rstrip("0123456789")
    tail = key[len(head) :]
    return (head, int(tail) if tail else -1)


# Writers: generated by cattrs (see hooks.py) ---------------------------


def contact_to_data(contact: Contact) -> dict[str, Any]:
    """Return *contact* as a payload."""
    return unstructurers()[Contact](contact)


def role_to_data(role: Role) -> dict[str, Any]:
    """Return *role* as a payload."""
    return unstructurers()[Role](role)


def level_to_data(level: Level) -> dict[str, Any]:
    """Return *level* as a payload."""
    return unstructurers()[Level](level)


def severity_to_data(severity: Severity) -> dict[str, Any]:
    """Return *severity* as a payload."""
    return unstructurers()[Severity](severity)


def priority_to_data(table: PriorityTable) -> dict[str, Any]:
    """Return *table* as a payload."""
    return unstructurers()[PriorityTable](table)


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """Return *policy* as a payload, without the fields that hold their default."""
    return unstructurers()[Policy](policy)


def first_wait_to_data(first_wait: FirstWait) -> dict[str, Any]:
    """Return *first_wait* as a payload: always a table, for one form in files."""
    return unstructurers()[FirstWait](first_wait)


def repeat_to_data(repeat: Repeat) -> dict[str, Any]:
    """Return *repeat* as a payload."""
    return unstructurers()[Repeat](repeat)


def rule_to_data(rule: Rule) -> dict[str, Any]:
    """Return *rule* as a payload.

    Raises:
        UnserializableError: the rule's condition uses a Python callable.
    """
    return unstructurers()[Rule](rule)


def issue_type_to_data(issue_type: IssueType) -> dict[str, Any]:
    """Return *issue_type* as its own payload, its texts in level key order."""
    data = unstructurers()[IssueType](issue_type)
    texts = data["responsibilities"]
    data["responsibilities"] = {key: texts[key] for key in sorted(texts, key=_natural)}
    return data


def matrix_to_data(matrix: Matrix, *, copy: bool = True) -> dict[str, Any]:
    """Return *matrix* as a payload of the current matrix file format.

    Unless *copy*, the payload shares the issue types' own dicts of texts:
    for a writer that only reads it and writes each dict once (JSON text).

    Raises:
        UnserializableError: a part is of a subclass with extra fields.
    """
    check_matrix_parts(matrix)
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    out.update(unstructurers()[Matrix](matrix))
    issue_types = matrix.issue_types
    if not issue_types:
        # A matrix of a tool without issue types: its one issue type is
        # implicit, and the key is left out.
        return out
    level_keys = matrix.level_keys
    if plain_issue_types(issue_types, level_keys):
        # Most matrices: one generated hook over every issue type.
        out["issue_types"] = list(map(plain_issue_type_writer(copy=copy), issue_types))
        return out
    write = issue_type_writer()
    out["issue_types"] = [
        _in_canonical_order(write(issue_type), level_keys) for issue_type in issue_types
    ]
    return out


def _in_canonical_order(
    data: dict[str, Any], level_keys: tuple[str, ...]
) -> dict[str, Any]:
    """Put an issue type's payload in the canonical order, its texts copied."""
    texts = data.pop("responsibilities")
    # A description or an entry level comes before the texts.
    data["responsibilities"] = {key: texts[key] for key in level_keys}
    return data
