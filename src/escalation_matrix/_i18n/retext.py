"""Copying validated objects with their texts translated, without re-validating.

Why this exists: translating a matrix changes nothing but its texts, yet
building the translated matrix through the constructors checks every key,
rank, reference and cell again, which costs more than all the catalog
lookups together; translation is meant to be cheap enough to run per
request. A catalog only ever gives non-empty, non-blank strings (see
:func:`~escalation_matrix._i18n.catalogs.read_catalog`), which is all the
texts' own checks ask for, so the already-validated objects are copied with
their texts replaced and their other fields taken as they are. Anything
else that changes (the matrix's language) is still checked by the caller.

The copy functions are generated per class from :data:`TRANSLATABLE` and
the class's attrs fields, as attrs generates ``__init__``: one plain line
per field, with the lookups inlined, takes about a third less time than
generic loops over the field names, and a new translatable field or a new
attrs field needs no change here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs

from escalation_matrix._model.matrix import IssueType, Level, Matrix, Role
from escalation_matrix._model.policy import Policy, Severity
from escalation_matrix._model.texts import translatable as _translatable

__all__ = ["Find", "Missing", "Retext", "copier", "retext"]

T = TypeVar("T")

#: Looks a ``(context, text)`` up, giving its translation or None.
Find = Callable[[tuple[str | None, str]], str | None]
#: Collects the ``(context, text)`` of every text without a translation.
Missing = list[tuple[str, str]]
Retext = Callable[[Any, Find, Missing, Mapping[str, Any] | None], Any]


def _source(cls: type) -> str:
    """Return the source of the copy function of *cls*."""
    translatable = _translatable(cls)
    texts = (
        () if translatable is None else tuple(name for name, _ in translatable.fields)
    )
    lines = ["def retext(obj, find, missing, extra):"]
    if translatable is not None:
        if cls is Matrix:
            lines.append(f"    prefix = {translatable.kind + ':'!r}")
        else:
            lines.append(f"    prefix = {translatable.kind + ':'!r} + obj.key + ':'")
    lines.append("    changed = bool(extra)")
    for name in texts:
        value = f"text_{name}"
        lines += [
            f"    {value} = obj.{name}",
            f"    if {value}:",
            f"        context = prefix + {name!r}",
            f"        found = find((context, {value}))",
            "        if found is None:",
            f"            missing.append((context, {value}))",
            f"        elif found != {value}:",
            f"            {value} = found",
            "            changed = True",
        ]
    lines += ["    if not changed:", "        return obj", "    new = new_object(cls)"]
    for field in attrs.fields(cls):
        if not field.init:
            # Caches and lookup tables of the original (a matrix's compiled
            # router, its indexes) belong to its texts: the copy starts with
            # the field's default, or without it for its caller to rebuild.
            default = field.default
            if default is not attrs.NOTHING and not isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                lines.append(f"    set_field(new, {field.name!r}, {default!r})")
            continue
        value = f"text_{field.name}" if field.name in texts else f"obj.{field.name}"
        lines.append(f"    set_field(new, {field.name!r}, {value})")
    lines += [
        "    if extra:",
        "        for name, value in extra.items():",
        "            set_field(new, name, value)",
        "    return new",
    ]
    return "\n".join(lines) + "\n"


def _compile(cls: type) -> Retext:
    namespace: dict[str, Any] = {
        "cls": cls,
        "new_object": object.__new__,
        # Frozen attrs classes refuse attribute assignment; their own
        # __init__ sets fields the same way.
        "set_field": object.__setattr__,
    }
    code = compile(_source(cls), f"<retext {cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 -- source generated above from field names
    function: Retext = namespace["retext"]
    return function


_RETEXT: Final[dict[type, Retext]] = {
    cls: _compile(cls) for cls in (Matrix, Role, Level, IssueType, Severity, Policy)
}


def copier(cls: type, /) -> Retext:
    """Return the copy function of *cls*: ``(obj, find, missing, extra)``.

    The same as :func:`retext` without its call overhead, for loops. A
    subclass (an issue type with extra fields) gets its own, made on first
    use, that copies its extra fields too and keeps its class.
    """
    function = _RETEXT.get(cls)
    if function is None:
        function = _RETEXT[cls] = _compile(cls)
    return function


def retext(
    obj: T, find: Find, missing: Missing, extra: Mapping[str, Any] | None = None
) -> T:
    """Return *obj* with its texts translated and *extra* fields replaced.

    Texts without a translation are kept and appended to *missing*. *obj*
    itself is returned when nothing changes: it is immutable.

    >>> from escalation_matrix import Role
    >>> role = Role("lead", "Team lead")
    >>> missing = []
    >>> retext(role, {("role:lead:title", "Team lead"): "Capo"}.get, missing).title
    'Capo'
    >>> retext(role, {}.get, missing) is role, missing
    (True, [('role:lead:title', 'Team lead')])
    """
    function = copier(type(obj))
    result: T = function(obj, find, missing, extra)
    return result
