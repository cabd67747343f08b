"""Subclasses of the public types: what serialization keeps of them, or refuses.

cattrs finds the hooks registered for a class for its subclasses too, so a
subclass with extra fields would be written as its base, its extra fields
silently lost. The library's hooks go through here instead:

- A subclass of a part that users extend (:data:`EXTENSIBLE`: contacts,
  roles, levels, issue types, severities, issues) is written as its base's
  payload plus its extra fields, each written by the converter, and read
  back as the subclass from such a payload.
- Inside a matrix, a decision or a plan, the payload has a fixed shape that
  a reader could not map back to the subclass: a part with extra fields
  there is refused with :class:`~escalation_matrix.exceptions.UnserializableError`.
- Any other subclass is written as its base when it adds no field, and
  refused when it does.

A subclass that adds no field is written as its base everywhere; it is
read back as its base unless the subclass is asked for.
"""

from __future__ import annotations

import contextlib
import types
import typing
from collections import abc
from collections.abc import Callable
from enum import Enum
from functools import partial
from typing import Any, Final

import attrs

from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import IssueType, Level, Matrix, Role
from escalation_matrix._model.policy import Severity
from escalation_matrix._serialization.detailed import (
    ClassSpec,
    in_file_order,
    own_problems,
    read_class,
)
from escalation_matrix._serialization.hooks import structure_fn
from escalation_matrix._serialization.leaves import (
    Hook,
    RefusedError,
    not_an_object,
    refuse,
    subject_of,
)
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    UnserializableError,
    ValidationError,
)

__all__ = [
    "EXTENSIBLE",
    "RefusedValueError",
    "check_matrix_parts",
    "check_plain",
    "extra_fields",
    "structure_subclass",
    "subclass_structurer",
    "unstructure_subclass",
]

#: The classes whose subclasses keep their extra fields in their own payloads.
EXTENSIBLE: Final = (Contact, Role, Level, IssueType, Severity, Issue)


def extra_fields(cls: type, base: type, /) -> tuple[attrs.Attribute[Any], ...]:
    """Return the attrs fields that *cls* has and its *base* has not."""
    names = {field.name for field in attrs.fields(base)}
    return tuple(field for field in attrs.fields(cls) if field.name not in names)


def _names(fields: tuple[attrs.Attribute[Any], ...]) -> str:
    return ", ".join(field.name for field in fields)


def check_plain(obj: object, base: type, path: str, where: str) -> None:
    """Refuse *obj* if it is of a subclass of *base* with extra fields.

    Raises:
        UnserializableError: *obj* has fields that a payload of *where* (a
            matrix, a decision) has no place for.
    """
    cls = type(obj)
    if cls is base:
        return
    extra = extra_fields(cls, base)
    if extra:
        reason = (
            f"{path} is a {cls.__name__} with fields that {where} has no place "
            f"for: {_names(extra)}; serialize it on its own (to_dict(), a cattrs "
            f"converter with register_hooks()), or keep that data beside it"
        )
        raise UnserializableError(obj, reason)


def check_matrix_parts(matrix: Matrix, /) -> None:
    """Refuse a matrix holding parts with fields a matrix file has no place for.

    Raises:
        UnserializableError: naming the first such part by its path.
    """
    where = "a matrix file"
    groups: tuple[tuple[str, type, tuple[object, ...]], ...] = (
        ("$.roles", Role, matrix.roles),
        ("$.levels", Level, matrix.levels),
        ("$.issue_types", IssueType, matrix.issue_types),
        ("$.policy.severities", Severity, matrix.policy.severities),
    )
    for path, base, parts in groups:
        # Matrices with thousands of parts are written often; most hold no
        # subclass at all, which one pass over the types tells.
        if not set(map(type, parts)) <= {base}:
            for index, part in enumerate(parts):
                check_plain(part, base, f"{path}[{index}]", where)
    for index, role in enumerate(matrix.roles):
        for number, contact in enumerate(role.contacts):
            check_plain(contact, Contact, f"$.roles[{index}].contacts[{number}]", where)


def unstructure_subclass(
    converter: Any, base: type, write: Callable[[Any], Any], obj: object
) -> Any:
    """Write *obj*, of a subclass of *base*, with its extra fields.

    Raises:
        UnserializableError: *base* is not extensible and *obj* has extra
            fields.
    """
    data = write(obj)
    extra = extra_fields(type(obj), base)
    if not extra:
        return data
    if base not in EXTENSIBLE:
        check_plain(obj, base, "$", f"a {base.__name__} payload")
    for field in extra:
        value = getattr(obj, field.name)
        if field.default is attrs.NOTHING or value != field.default:
            data[field.name] = _plain(converter.unstructure(value))
    return data


def _plain(value: Any) -> Any:
    """*value* with each enumeration member as its value.

    cattrs writes a member of an enumeration that is also a str or an int
    (``class Tier(str, Enum)``) as the member itself; a file holds its value.
    """
    if isinstance(value, Enum):
        return value.value
    if type(value) is list:
        return [_plain(item) for item in value]
    if type(value) is dict:
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def structure_subclass(read: Callable[[object], Any], data: object, cls: type) -> Any:
    """Read *data* as *cls*, a subclass of the base *read* reads, adding no field.

    Raises:
        ValidationError: listing every problem of *data* with its path.
        UnserializableError: *cls* adds fields, which its base's payload
            has no place for.
    """
    obj = read(data)
    base = type(obj)
    extra = extra_fields(cls, base)
    if extra:
        reason = (
            f"reading subclasses of {base.__name__} with extra fields is not "
            f"supported ({cls.__name__} adds {_names(extra)})"
        )
        raise UnserializableError(cls, reason)
    fields = {f.alias: getattr(obj, f.name) for f in attrs.fields(base) if f.init}
    return cls(**fields)


def field_hook(converter: Any, field: attrs.Attribute[Any]) -> Hook:
    """The structure hook of a subclass's own *field*: *converter* reads it.

    Its problems are said with their paths from the value, cattrs' own
    errors each as a problem of the value it is about.
    """
    kind = field.type

    def structure(value: object, _: object = None) -> Any:
        if kind is None or isinstance(kind, str):
            return value  # unresolvable annotation: kept as read
        _check_shape(value, kind)
        try:
            return converter.structure(value, kind)
        except Exception as error:  # noqa: BLE001 -- cattrs raises many kinds; each is a problem of the value
            raise RefusedError(_problems_of(error, kind)) from None

    return structure


_LISTS: Final = frozenset(
    {
        list,
        tuple,
        set,
        frozenset,
        abc.Sequence,
        abc.MutableSequence,
        abc.Set,
        abc.MutableSet,
        abc.Collection,
        abc.Iterable,
    }
)
_MAPPINGS: Final = frozenset({dict, abc.Mapping, abc.MutableMapping})


def _check_shape(value: object, kind: Any) -> None:
    """Refuse a text or an object for a list, and a list for an object.

    cattrs would take a string for a list of its characters, and a dict
    for a list of its keys: nothing in a payload is changed on the way in.
    """
    if value is None:
        return
    members = typing.get_args(kind) if isinstance(kind, types.UnionType) else ()
    if type(None) in members and len(members) == 2:  # noqa: PLR2004 -- X | None
        (kind,) = (member for member in members if member is not type(None))
    origin = typing.get_origin(kind) or kind
    if origin in _LISTS and not isinstance(value, list | tuple):
        refuse(Phrase("must be a list, got {got}", got=shown_phrase(value, read=True)))
    if origin in _MAPPINGS and not isinstance(value, dict):
        refuse(not_an_object(value))


def _problems_of(error: Exception, kind: Any) -> list[Problem]:
    if isinstance(error, RecursionError):
        # Nested deeper than Python's stack lets the hooks go, within a raised
        # depth limit: the reader says so, as for a parser.
        raise error
    import cattrs  # noqa: PLC0415 -- a converter is at work: cattrs is loaded

    if isinstance(error, cattrs.BaseValidationError):
        # A list or a class of values: one problem per bad value.
        problems = []
        said: dict[str, Phrase] = {}
        explain = partial(_explain, said)
        for line in cattrs.transform_error(error, "$", format_exception=explain):
            # "message @ path": the path starts with "$", and a key within
            # it may hold " @ " too.
            cut = line.rfind(" @ $")
            problems.append(Problem(line[cut + 3 :], said[line[:cut]]))
        return problems
    # Translators: {kind} is a Python type's name (str, int, Tier);
    # {reason} what reading the value as one said.
    message = Phrase(
        "cannot be read as {kind}: {reason}",
        kind=str(getattr(kind, "__name__", kind)),
        reason=error_phrase(error),
    )
    return [Problem("$", message)]


def subclass_structurer(
    converter: Any,
    base: type,
    cls: type,
    parts: tuple[Hook, dict[str, Hook], ClassSpec],
    *,
    forbid_extra_keys: bool,
    finish: Callable[[list[Problem], object], list[Problem]] | None = None,
) -> Callable[[object], Any]:
    """Generate the structure hook of *cls*, a users' subclass of *base*.

    cattrs generates it from *cls*'s attrs fields, with detailed
    validation: the base's fields read by the base's hooks (*parts*, as
    generated for the base), the subclass's own fields by *converter*.
    *finish* rewords the problems found, as the base's reader does.

    Raises:
        UnserializableError: *base* is not extensible and *cls* adds fields.
    """
    extra = extra_fields(cls, base)
    if extra and base not in EXTENSIBLE:
        reason = (
            f"reading subclasses of {base.__name__} with extra fields is not "
            f"supported ({cls.__name__} adds {_names(extra)})"
        )
        raise UnserializableError(cls, reason)
    with contextlib.suppress(NameError):  # unresolvable: values are kept as read
        attrs.resolve_types(cls)
    _, base_fields, spec = parts
    own = {field.name: field_hook(converter, field) for field in extra}
    fields = {**base_fields, **own}
    names = frozenset(base_fields)

    def across(read: dict[str, Any], failed: set[str]) -> list[Problem]:
        # The base's checks, on the base's fields: the subclass's own
        # validators are its author's, run once every field is read.
        given = {name: value for name, value in read.items() if name in names}
        return own_problems(base, given, {}, failed & names, spec)

    generated = structure_fn(
        cls,
        converter,
        forbid_extra_keys=forbid_extra_keys,
        hooks=fields,
        detailed=True,
    )
    hook = read_class(
        cls,
        generated,
        fields,
        ClassSpec((*spec.expected, *own), spec.placeholders, spec.dependents, across),
    )
    subject = subject_of(cls)

    def structure(data: object) -> Any:
        try:
            return hook(data, cls)
        except RefusedError as refused:
            problems = in_file_order(refused.problems, data)
        if finish is not None:
            problems = finish(problems, data)
        raise ValidationError(problems, subject=subject)

    return structure


def _explain(said: dict[str, Phrase], error: BaseException, kind: type | None) -> str:
    """Say what is wrong with one value, and keep the phrase it was said with.

    cattrs joins each message to its path in one string; *said* maps the
    message back to its phrase.
    """
    from cattrs.v import format_exception  # noqa: PLC0415 -- loaded by now

    if isinstance(error, RefusedValueError):
        phrase = error.phrase
    else:
        # cattrs' own words, in English: quoted as the reason, the rest of
        # the message said in the output's language.
        phrase = Phrase(
            "not a valid value: {reason}", reason=format_exception(error, kind)
        )
    text = str(phrase)
    said[text] = phrase
    return text


class RefusedValueError(TypeError):
    """A value the library's strict converter does not take for a field.

    Attributes:
        phrase: What is wrong, to be said in the output's language.
    """

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase
