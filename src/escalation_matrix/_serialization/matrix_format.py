"""The matrix file format: plain data (dicts, lists, strings) <-> model objects.

Readers take a payload through the hooks cattrs generates; when one does
not take it, the same hooks generated with detailed validation say every
problem of the payload with its path, so one error lists everything wrong
with a file. Writers produce the canonical form: a fixed key order and
defaults left out, so the same matrix always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from escalation_matrix._base.checks import nested
from escalation_matrix._base.shown import shown
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import IssueType, Level, Matrix, Role
from escalation_matrix._model.pacing import FirstWait, Repeat
from escalation_matrix._model.policy import Policy, PriorityTable, Severity
from escalation_matrix._model.rules import Rule
from escalation_matrix._serialization.detailed import in_file_order
from escalation_matrix._serialization.hooks import (
    Structurers,
    condition_to_data,
    issue_type_writer,
    plain_issue_type_writer,
    plain_issue_types,
    structurers,
    unstructurers,
)
from escalation_matrix._serialization.leaves import (
    MISSING_FIELD,
    RefusedError,
    integer,
    not_an_object,
    subject_of,
)
from escalation_matrix._serialization.limits import Limits, check_data
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
    "version_problems",
]

T = TypeVar("T")

#: The version of the matrix file format this release writes.
SCHEMA_VERSION: Final = 1


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
            got=shown(version),
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
            hooks = structurers(forbid_extra_keys=forbid_extra_keys, limits=limits)
            if (matrix := _taken(data, hooks)) is not None:
                return matrix
        check_data(data, limits, "matrix", source)
    if isinstance(data, dict) and "overlay" in data:
        message = Phrase(
            "this is an overlay, not a matrix: read it with load(path, Overlay) "
            "and apply it to its base matrix with apply_overlay()"
        )
        raise ValidationError([Problem("$.overlay", message)], source=source)
    migrated = _check_version(data, source)
    if migrated is not None and not tried:
        hooks = structurers(forbid_extra_keys=forbid_extra_keys)
        if (matrix := _taken(migrated, hooks)) is not None:
            return matrix
    return _every_problem(data, migrated, forbid_extra_keys, source)


def _every_problem(
    data: object,
    migrated: dict[str, Any] | None,
    forbid_extra_keys: bool,  # noqa: FBT001
    source: str | None,
) -> Matrix:
    """Read *data* with detailed validation, and raise with every problem."""
    if not isinstance(data, dict):
        raise ValidationError([Problem("$", not_an_object(data))], source=source)
    problems = version_problems(data)
    fields = dict(data if migrated is None else migrated)
    fields.pop("schema_version", None)
    detailed = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True)
    try:
        matrix: Matrix = detailed.by_type[Matrix](fields, Matrix)
    except RefusedError as refused:
        problems.extend(refused.problems)
    else:
        if not problems:
            # Taken on a second look: an integer past the default limits
            # when no limits were asked for.
            return matrix
    raise ValidationError(in_file_order(problems, data), source=source)


def _taken(data: dict[str, Any], hooks: Structurers) -> Matrix | None:
    """The matrix of *data* if the generated hooks take it, else None."""
    fields = data.copy()
    del fields["schema_version"]
    try:
        return hooks.by_type[Matrix](fields, Matrix)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 -- any failure: read again, with every problem said
        return None


def version_problems(data: dict[Any, Any]) -> list[Problem]:
    """The problems of a payload's ``schema_version``: missing, or no integer."""
    if "schema_version" not in data:
        return [Problem("$.schema_version", MISSING_FIELD)]
    try:
        integer(data["schema_version"])
    except RefusedError as refused:
        return nested("$.schema_version", refused.problems)
    return []


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
    hook = structurers(forbid_extra_keys=forbid_extra_keys).by_type[cls]
    try:
        return hook(data, cls)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001, S110 -- any failure: every problem said below
        pass
    hook = structurers(forbid_extra_keys=forbid_extra_keys, detailed=True).by_type[cls]
    try:
        return hook(data, cls)  # type: ignore[no-any-return]
    except RefusedError as refused:
        problems = in_file_order(refused.problems, data)
    raise ValidationError(problems, subject=subject or subject_of(cls))


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
