"""The matrix file format: plain data (dicts, lists, strings) <-> model objects.

Readers walk a payload, collect every problem with its JSON path and only
then build objects, so one error lists everything wrong with a file. Writers
produce the canonical form: a fixed key order and defaults left out, so the
same matrix always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Final, TypeVar

import attrs

from escalation_matrix._base.checks import (
    check_key,
    child_path,
    control_problem,
    invisible,
    unicode_problem,
)
from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.keys import MAX_KEY_LENGTH, SNAKE_KEY_PATTERN
from escalation_matrix._model.calendar import BusinessCalendar, WorkingHours
from escalation_matrix._model.consistency import (
    PartlyRead,
    cross_problems,
    rule_problems,
)
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import (
    IssueType,
    Level,
    Matrix,
    Role,
    build_checked,
    make_issue_type,
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
    Condition,
    During,
    Not,
    Rule,
)
from escalation_matrix._serialization.calendar_format import (
    CALENDAR_SPEC,
    WORKING_HOURS_SPEC,
    calendar_to_data,
)
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
    nullable,
    object_of,
    put_unless_default,
    short_repr,
    string,
)
from escalation_matrix._serialization.subclasses import check_matrix_parts
from escalation_matrix.exceptions import (
    Problem,
    UnserializableError,
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
            message = f"must be a string, got {short_repr(text)}"
            reader.problems.append(Problem(where, message))
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
    reader.problems.append(
        Problem(
            path, f"must be a string, number, boolean or null, got {short_repr(value)}"
        )
    )
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
        reader.problems.append(
            Problem(path, f"must be a condition (an object), got {short_repr(value)}")
        )
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
        reader.problems.append(
            Problem(
                path,
                "must have either field/op/value, or exactly one of all, any, not, "
                "during; "
                f"got the fields {', '.join(map(str, value)) or 'none'}",
            )
        )
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
        reader.problems.append(Problem(path, "must not be empty"))
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
    data: object,
    *,
    source: str | None = None,
    forbid_extra_keys: bool = True,
    owned: bool = False,
    unicode_checked: bool = False,
    strings: list[int] | None = None,
) -> Matrix:
    """Build a :class:`Matrix` from a payload of the matrix file format.

    Unknown fields are problems unless *forbid_extra_keys* is false, in which
    case they are ignored. When *owned*, the payload was made for this call
    (parsed from text) and its dicts may be kept instead of copied. When
    *unicode_checked*, its parser refused lone surrogates already (orjson
    does). *strings*, if given, gets the number of strings of the payload
    (keys and string values) when the bulk reader built the matrix.

    Raises:
        ValidationError: listing every problem of the payload with its path.
        UnsupportedSchemaVersionError: the payload's version is unknown.
    """
    if isinstance(data, dict) and "overlay" in data:
        message = (
            "this is an overlay, not a matrix: read it with load(path, Overlay) "
            "and apply it to its base matrix with apply_overlay()"
        )
        raise ValidationError([Problem("$.overlay", message)], source=source)
    migrated = _check_version(data, source)
    if migrated is not None and forbid_extra_keys:
        matrix = _fast_matrix(
            migrated, owned=owned, unicode_checked=unicode_checked, strings=strings
        )
        if matrix is not None:
            return matrix
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


# The fast path: most files are valid, and big ones are mostly issue types.
# It checks the issue types in bulk and builds them without checking them a
# second time; at the first sign of trouble it gives up, and the full reader
# above reports every problem. Both give equal matrices for valid input.

_TOP_FIELDS: Final = frozenset(_MATRIX_SPEC)
_ISSUE_TYPE_FIELDS: Final = frozenset(_ISSUE_TYPE_SPEC)
# The canonical form of a plain issue type: a payload read with exactly
# these fields, in this order, and texts in level order, is kept for writing.
_PLAIN_FIELDS: Final = ("key", "name", "responsibilities")
_SNAKE_KEY = re.compile(SNAKE_KEY_PATTERN.replace("$", r"\Z")).match


def count_strings(data: object) -> int:
    """Count the strings in *data*: object keys and string values, nested."""
    total = 0
    stack = [data]
    while stack:
        value = stack.pop()
        if type(value) is str:
            total += 1
        elif type(value) is dict:
            total += len(value)
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)
    return total


def _fast_matrix(
    data: dict[str, Any],
    *,
    owned: bool,
    unicode_checked: bool = False,
    strings: list[int] | None = None,
) -> Matrix | None:
    if not data.keys() <= _TOP_FIELDS:
        return None
    raw_types = data.get("issue_types")
    scalars = {
        "key": data.get("key"),
        "title": data.get("title"),
        "description": data.get("description", ""),
        "language": data.get("language", "en"),
    }
    if (
        type(raw_types) is not list
        or not raw_types
        or matrix_scalar_problems(**scalars)
    ):
        return None
    reader = Reader()
    parts = {
        "levels": list_of(object_of(Level, _LEVEL_SPEC))(
            data.get("levels"), "$", reader
        ),
        "roles": list_of(object_of(Role, _ROLE_SPEC))(data.get("roles"), "$", reader),
        "policy": object_of(Policy, _POLICY_SPEC)(data.get("policy", {}), "$", reader),
    }
    if reader.problems:
        return None
    levels, roles, policy = parts["levels"], parts["roles"], parts["policy"]
    level_keys = [level.key for level in levels]
    read = _fast_issue_types(
        raw_types, tuple(level_keys), owned=owned, unicode_checked=unicode_checked
    )
    if read is None or cross_problems(levels, roles, None, policy):
        return None
    issue_types, plain, type_strings = read
    type_keys = [issue_type.key for issue_type in issue_types]
    if policy.rules and any(rule_problems(policy, level_keys, type_keys)):
        return None
    if strings is not None:
        rest = {key: value for key, value in data.items() if key != "issue_types"}
        strings.append(count_strings(rest) + 1 + type_strings)
    return build_checked(
        Matrix,
        **scalars,
        levels=levels,
        roles=roles,
        issue_types=tuple(issue_types),
        policy=policy,
        _plain_issue_types=plain,
    )


def _fast_issue_types(
    items: list[Any],
    order: tuple[str, ...],
    *,
    owned: bool,
    unicode_checked: bool = False,
) -> tuple[list[IssueType], bool, int] | None:
    """Read and build the issue types, or None at the first problem.

    Also tells whether they are all plain (no description, no entry level),
    and how many strings the payloads hold (keys and string values).
    """
    out: list[IssueType] = []
    seen: set[str] = set()
    level_keys = frozenset(order)
    plain = True
    strings = 0
    for data in items:
        if type(data) is not dict or not data.keys() <= _ISSUE_TYPE_FIELDS:
            return None
        key, name = data.get("key"), data.get("name")
        texts, entry = data.get("responsibilities"), data.get("entry_level")
        description = data.get("description", "")
        if (
            type(key) is not str
            or key in seen
            or len(key) > MAX_KEY_LENGTH
            or _SNAKE_KEY(key) is None
            or type(name) is not str
            or (not "!" <= name < "\x7f" and invisible(name))
            or (not name.isprintable() and control_problem(name) is not None)
            or type(description) is not str
            or (
                not description.isprintable()
                and control_problem(description, multiline=True) is not None
            )
            or (
                entry is not None
                and (type(entry) is not str or entry not in level_keys)
            )
            or type(texts) is not dict
            or texts.keys() != level_keys
        ):
            return None
        for text in texts.values():
            # A text starting with a visible ASCII character is visible; any
            # other is looked at whole. A printable text holds no control
            # character.
            if (
                type(text) is not str
                or (not "!" <= text < "\x7f" and invisible(text))
                or (
                    not text.isprintable()
                    and control_problem(text, multiline=True) is not None
                )
            ):
                return None
        if not unicode_checked and any(
            unicode_problem(text) for text in (name, description, *texts.values())
        ):
            return None
        seen.add(key)
        plain = plain and not description and entry is None
        # Keys, then the string values: all but the texts' dict and a null
        # entry level, then the texts with their level keys.
        strings += 2 * len(data) - 1 - (entry is None and "entry_level" in data)
        strings += 2 * len(texts)
        payload = data if owned and tuple(data) == _PLAIN_FIELDS else None
        if not owned or tuple(texts) != order:
            # Texts are kept in level order, so writers can use them as they are.
            texts = {level: texts[level] for level in order}
            payload = None
        out.append(
            make_issue_type(
                key, name, FrozenDict.adopt(texts, order), description, entry, payload
            )
        )
    return out, plain, strings


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


# Writers ---------------------------------------------------------------


def contact_to_data(contact: Contact) -> dict[str, Any]:
    out: dict[str, Any] = {"name": contact.name}
    put_unless_default(out, "email", contact.email, None)
    put_unless_default(out, "phone", contact.phone, None)
    put_unless_default(out, "chat", contact.chat, None)
    put_unless_default(out, "kind", contact.kind, "person")
    if contact.ids:
        out["ids"] = dict(contact.ids)
    put_unless_default(out, "select", contact.select, "default")
    return out


def role_to_data(role: Role) -> dict[str, Any]:
    out: dict[str, Any] = {"key": role.key, "title": role.title}
    put_unless_default(out, "description", role.description, "")
    if role.contacts:
        out["contacts"] = [contact_to_data(contact) for contact in role.contacts]
    return out


def level_to_data(level: Level) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": level.key,
        "rank": level.rank,
        "role": level.role,
        "name": level.name,
    }
    put_unless_default(out, "description", level.description, "")
    if level.delay is not None:
        out["delay"] = format_duration(level.delay)
    put_unless_default(out, "business_time", level.business_time, False)  # noqa: FBT003
    out["escalate_while"] = level.escalate_while
    put_unless_default(out, "assignment", level.assignment, "all")
    return out


def issue_type_to_data(
    issue_type: IssueType,
    level_keys: Sequence[str] | None = None,
    *,
    share: bool = False,
) -> dict[str, Any]:
    """Return *issue_type* as a payload, its texts in *level_keys* order.

    With *share*, the payload may hold the issue type's own dict of texts;
    only for payloads that are encoded at once and never handed out.
    """
    out: dict[str, Any] = {"key": issue_type.key, "name": issue_type.name}
    if issue_type.description:
        out["description"] = issue_type.description
    if issue_type.entry_level is not None:
        out["entry_level"] = issue_type.entry_level
    texts = issue_type.responsibilities
    if level_keys is None:
        level_keys = sorted(texts, key=_natural)
    own = texts._data if isinstance(texts, FrozenDict) else None  # noqa: SLF001
    if share and own is not None and list(own) == level_keys:
        out["responsibilities"] = own
    else:
        out["responsibilities"] = {key: texts[key] for key in level_keys}
    return out


def severity_to_data(severity: Severity) -> dict[str, Any]:
    out: dict[str, Any] = {"key": severity.key, "name": severity.name}
    put_unless_default(out, "description", severity.description, "")
    put_unless_default(out, "entry_level", severity.entry_level, None)
    put_unless_default(out, "max_level", severity.max_level, None)
    put_unless_default(out, "skip_levels", list(severity.skip_levels), [])
    return out


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """Return *policy* as a payload, without the fields that hold their default."""
    out: dict[str, Any] = {}
    put_unless_default(out, "delay_mode", policy.delay_mode, _DEFAULT_DELAY_MODE)
    put_unless_default(out, "default_severity", policy.default_severity, None)
    if policy.severities:
        out["severities"] = [
            severity_to_data(severity) for severity in policy.severities
        ]
    if policy.priority is not None:
        out["priority"] = priority_to_data(policy.priority)
    if policy.calendar is not None:
        out["calendar"] = calendar_to_data(policy.calendar)
    if policy.rules:
        out["rules"] = [rule_to_data(rule) for rule in policy.rules]
    if policy.first_wait is not None:
        out["first_wait"] = first_wait_to_data(policy.first_wait)
    if policy.repeat is not None:
        out["repeat"] = repeat_to_data(policy.repeat)
    put_unless_default(out, "at_end", policy.at_end, "hold")
    return out


_DEFAULT_DELAY_MODE: Final = attrs.fields(Policy).delay_mode.default


def first_wait_to_data(first_wait: FirstWait) -> dict[str, Any]:
    """Return *first_wait* as a payload: always a table, for one form in files."""
    out: dict[str, Any] = {"delay": format_duration(first_wait.delay)}
    put_unless_default(out, "escalate_while", first_wait.escalate_while, "unresolved")
    return out


def repeat_to_data(repeat: Repeat) -> dict[str, Any]:
    """Return *repeat* as a payload."""
    out: dict[str, Any] = {
        "times": repeat.times,
        "wait": format_duration(repeat.wait),
    }
    put_unless_default(out, "from_level", repeat.from_level, None)
    put_unless_default(
        out,
        "reset_acknowledgement",
        repeat.reset_acknowledgement,
        False,  # noqa: FBT003
    )
    return out


def rule_to_data(rule: Rule) -> dict[str, Any]:
    """Return *rule* as a payload.

    Raises:
        UnserializableError: the rule's condition uses a Python callable.
    """
    out: dict[str, Any] = {"name": rule.name}
    put_unless_default(out, "description", rule.description, "")
    out["when"] = condition_to_data(rule.when)
    put_unless_default(out, "entry_level", rule.entry_level, None)
    put_unless_default(out, "max_level", rule.max_level, None)
    if rule.skip_levels is not None:
        out["skip_levels"] = list(rule.skip_levels)
    return out


def condition_to_data(condition: Condition) -> dict[str, Any]:
    """Return *condition* as a payload.

    Raises:
        UnserializableError: the condition is, or contains, a Python callable.
    """
    if isinstance(condition, Compare):
        out: dict[str, Any] = {"field": condition.field, "op": condition.op}
        if isinstance(condition.value, tuple):
            out["value"] = list(condition.value)
        elif condition.op not in {"exists", "missing"}:
            out["value"] = condition.value
        return out
    if isinstance(condition, AllOf):
        return {"all": [condition_to_data(inner) for inner in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_data(inner) for inner in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": condition_to_data(condition.condition)}
    if isinstance(condition, During):
        return {"during": calendar_to_data(condition.calendar)}
    reason = (
        "a Python callable is code, not data; write the rule with a declarative "
        "condition (Compare, During, AllOf, AnyOf, Not) to store it in a file"
    )
    raise UnserializableError(condition, reason)


def priority_to_data(table: PriorityTable) -> dict[str, Any]:
    """Return *table* as a payload."""
    return {
        "impacts": list(table.impacts),
        "urgencies": list(table.urgencies),
        "table": [list(row) for row in table.table],
    }


def matrix_to_data(matrix: Matrix, *, share: bool = False) -> dict[str, Any]:
    """Return *matrix* as a payload of the current matrix file format.

    With *share*, the payload may hold dicts of the matrix itself; only for
    payloads that are encoded at once and never handed out.

    Raises:
        UnserializableError: a part is of a subclass with extra fields.
    """
    check_matrix_parts(matrix)
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "key": matrix.key,
        "title": matrix.title,
    }
    put_unless_default(out, "description", matrix.description, "")
    out["language"] = matrix.language
    if policy := policy_to_data(matrix.policy):
        out["policy"] = policy
    out["roles"] = [role_to_data(role) for role in matrix.roles]
    out["levels"] = [level_to_data(level) for level in matrix.levels]
    if not matrix.issue_types:
        # A matrix of a tool without issue types: its one issue type is
        # implicit, and the key is left out.
        return out
    level_keys = list(matrix.level_keys)
    if share and matrix._plain_issue_types:  # noqa: SLF001
        # A loaded matrix of plain issue types, texts already in level order.
        out["issue_types"] = [
            issue_type._payload  # noqa: SLF001
            or {
                "key": issue_type.key,
                "name": issue_type.name,
                "responsibilities": issue_type.responsibilities._data,  # type: ignore[attr-defined]  # noqa: SLF001
            }
            for issue_type in matrix.issue_types
        ]
        return out
    order = tuple(level_keys)
    issue_types: list[dict[str, Any]] = []
    append = issue_types.append
    for issue_type in matrix.issue_types:
        texts = issue_type.responsibilities
        own = texts._data if share and type(texts) is FrozenDict else None  # noqa: SLF001
        if (
            own is not None
            and not issue_type.description
            and issue_type.entry_level is None
            and (texts._order == order or list(own) == level_keys)  # type: ignore[attr-defined]  # noqa: SLF001
        ):
            append(
                {
                    "key": issue_type.key,
                    "name": issue_type.name,
                    "responsibilities": own,
                }
            )
        else:
            append(issue_type_to_data(issue_type, level_keys, share=share))
    out["issue_types"] = issue_types
    return out
