"""Overlays: an organisation's changes to a base matrix, kept on their own.

An :class:`Overlay` holds only what differs from a base matrix (the
built-in one, or any other): parts to add, fields to change and parts to
remove, each named by key, texts to replace by their translation context,
and policy fields to replace. :func:`apply_overlay` checks that the overlay
fits the base, reporting every conflict with its path in the overlay, and
builds the new matrix through a :class:`~escalation_matrix.MatrixBuilder`,
which checks the result. Applying is deterministic: the same base and
overlay always give the same matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    UnknownKind,
    check_key,
    check_language,
    check_list,
    check_text,
    child_path,
    keyed_list,
    list_like,
    nested,
    not_a,
    raise_if,
    require_type,
    unknown_message,
)
from escalation_matrix._base.controls import control_problem
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._model.builder import MatrixBuilder, _evolve, text_target
from escalation_matrix._model.matrix import (
    IMPLICIT_ISSUE_TYPE,
    IssueType,
    Level,
    Matrix,
    Role,
)
from escalation_matrix._model.policy import Policy, Severity
from escalation_matrix._model.texts import (
    CELL_COMMENT,
    ONE_LINE_FIELDS,
    TRANSLATABLE,
    MatrixText,
    cell_context,
    is_multiline,
    translatable,
)
from escalation_matrix.exceptions import (
    OverlayConflictError,
    Phrase,
    Problem,
    ValidationError,
)

__all__ = ["KINDS", "Overlay", "apply_overlay", "overlay_texts"]

#: The kinds of part an overlay adds, changes or removes, with their names.
KINDS: Final[dict[str, UnknownKind]] = {
    "roles": "role",
    "levels": "level",
    "issue_types": "issue type",
}
_CLASSES: Final = {"roles": Role, "levels": Level, "issue_types": IssueType}
# What each kind's list holds, named by class in messages.
_LISTED: Final = {
    # Translators: the items of a list ("must be a list of Role"), named by a
    # class of the Python API, whose name stays as it is.
    "roles": Phrase("Role"),
    # Translators: as "Role" (items of a list, by class name).
    "levels": Phrase("Level"),
    # Translators: as "Role" (items of a list, by class name).
    "issue_types": Phrase("IssueType"),
}
# Changing a key is renaming (and a rank follows from the order of levels):
# overlays name what they change by key, so these stay as they are.
_UNCHANGEABLE: Final = {
    "key": Phrase(
        "cannot be changed by an overlay: parts are named by key; remove the part "
        "and add it under the new key"
    ),
    "rank": Phrase(
        "cannot be changed by an overlay: ranks follow the order of levels; remove "
        "the level and add it at its new rank"
    ),
}


def _frozen(value: object) -> Any:
    """Deep-freeze plain containers so that an overlay can be hashed."""
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, Mapping):
        return FrozenDict({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _removals(
    value: Mapping[str, Iterable[str | Keyed]],
) -> FrozenDict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for kind, keys in value.items():
        # Parts of the base (a Level) stand for their keys.
        out[kind] = keyed_list(keys)
    return FrozenDict(out)


@attrs.frozen(repr=False)
class Overlay:
    """What an organisation changes in a base matrix, named by key.

    Read one from a file with ``load(path, Overlay)`` (the
    format is in the file-format reference) and apply it with
    :func:`~escalation_matrix.apply_overlay`.

    Attributes:
        name: Stable snake_case key naming the overlay (the file's
            ``overlay`` field).
        base: Key of the matrix the overlay is written for; applying it to
            another is a conflict. None fits any matrix.
        key: A new key for the matrix, or None to keep it.
        title: A new title, or None to keep it.
        description: A new description, or None to keep it.
        language: A new source language, or None to keep it.
        roles: Roles to add, after the base's.
        levels: Levels to add, each at its rank in the result; the base's
            levels keep their order around them.
        responsibilities: For each level added, its text for each issue
            type, by issue type key.
        issue_types: Issue types to add, after the base's, each with a text
            for every level of the result.
        changes: Fields to change, by kind (``roles``, ``levels``,
            ``issue_types``), then key, then field name; texts given in an
            issue type's ``responsibilities`` replace those levels' texts.
        texts: Display texts to replace, by translation context
            (``cell:outage:L2``, ``role:agent:title``).
        remove: Keys of parts to remove, by kind (or the parts themselves).
        policy: Policy fields that replace the base's, by name.
        source: The file the overlay was read from, for error messages;
            not part of its value.

    >>> Overlay("acme", texts={"matrix:title": "ACME escalation"})
    <Overlay 'acme' texts=1>
    >>> Overlay("acme", changes={"levels": {"L4": {"rank": 5}}})
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid overlay: 1 problem:
      $.changes.levels.L4.rank: cannot be changed by an overlay: ranks follow
      the order of levels; remove the level and add it at its new rank
    """

    name: str
    base: str | None = attrs.field(default=None, kw_only=True)
    key: str | None = attrs.field(default=None, kw_only=True)
    title: str | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    language: str | None = attrs.field(default=None, kw_only=True)
    roles: tuple[Role, ...] = attrs.field(default=(), kw_only=True, converter=_tuple)
    levels: tuple[Level, ...] = attrs.field(default=(), kw_only=True, converter=_tuple)
    responsibilities: Mapping[str, Mapping[str, str]] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=_frozen
    )
    issue_types: tuple[IssueType, ...] = attrs.field(
        default=(), kw_only=True, converter=_tuple
    )
    changes: Mapping[str, Mapping[str, Mapping[str, Any]]] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=_frozen
    )
    texts: Mapping[str, str] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=_frozen
    )
    remove: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=_removals
    )
    policy: Mapping[str, Any] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=_frozen
    )
    source: str | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        raise_if(_overlay_problems(self), "overlay")

    def __repr__(self) -> str:
        counts = [
            f"{name}={len(value)}"
            for name in (
                "roles",
                "levels",
                "issue_types",
                "changes",
                "texts",
                "remove",
                "policy",
            )
            if (value := getattr(self, name))
        ]
        return " ".join([f"<Overlay {self.name!r}", *counts]) + ">"


def _overlay_problems(overlay: Overlay) -> list[Problem]:  # noqa: C901, PLR0912 -- one check per field, flat
    problems: list[Problem] = []
    check_key(problems, "$.overlay", overlay.name)
    for name in ("base", "key"):
        if (value := getattr(overlay, name)) is not None:
            check_key(problems, f"$.{name}", value)
    for name in ("title", "description"):
        if (value := getattr(overlay, name)) is not None:
            is_description = name == "description"
            check_text(
                problems,
                f"$.{name}",
                value,
                optional=is_description,
                multiline=is_description,
            )
    if overlay.language is not None:
        check_language(problems, "$.language", overlay.language)
    for kind, cls in _CLASSES.items():
        items = getattr(overlay, kind)
        if not check_list(problems, f"$.{kind}", items, _LISTED[kind]):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                said = not_a(cls.__name__, item)
                problems.append(Problem(f"$.{kind}[{index}]", said))
    levels: object = overlay.levels
    listed = levels if isinstance(levels, tuple) else ()
    added = {level.key for level in listed if isinstance(level, Level)}
    for level_key, texts in _items(
        problems, "$.responsibilities", overlay.responsibilities
    ):
        path = child_path("$.responsibilities", level_key)
        if level_key not in added:
            said = Phrase("names no level that this overlay adds")
            problems.append(Problem(path, said))
        for issue_type, text in _items(problems, path, texts):
            check_text(problems, child_path(path, issue_type), text, multiline=True)
    for kind, parts in _items(problems, "$.changes", overlay.changes):
        problems.extend(_change_problems(kind, parts))
    for kind, keys in _items(problems, "$.remove", overlay.remove):
        path = child_path("$.remove", kind)
        if kind not in KINDS:
            problems.append(Problem(path, _unknown_kind()))
        elif not isinstance(keys, tuple) or not all(isinstance(k, str) for k in keys):
            said = Phrase(
                "must be a list of {what}, got {got}",
                what=Phrase("keys"),
                got=shown_phrase(keys),
            )
            problems.append(Problem(path, said))
    for context, text in _items(problems, "$.texts", overlay.texts):
        multiline = is_multiline(str(context))
        check_text(problems, child_path("$.texts", context), text, multiline=multiline)
    allowed = [field.name for field in attrs.fields(Policy)]
    for name, _ in _items(problems, "$.policy", overlay.policy):
        if name not in allowed:
            said = _unknown_field(allowed)
            problems.append(Problem(child_path("$.policy", name), said))
    return problems


def _items(
    problems: list[Problem], path: str, value: object
) -> Iterator[tuple[str, Any]]:
    if not isinstance(value, Mapping):
        said = Phrase("must be a mapping, got {got}", got=shown_phrase(value))
        problems.append(Problem(path, said))
        return
    yield from value.items()


def _unknown_kind() -> Phrase:
    return Phrase(
        "unknown kind of part; expected one of: {kinds}", kinds=", ".join(KINDS)
    )


def _unknown_field(allowed: Iterable[str]) -> Phrase:
    expected = ", ".join(allowed)
    # Translators: {expected} lists the names of the fields.
    return Phrase("unknown field; expected one of: {expected}", expected=expected)


def _change_problems(kind: str, parts: object) -> list[Problem]:
    problems: list[Problem] = []
    path = child_path("$.changes", kind)
    if kind not in KINDS:
        return [Problem(path, _unknown_kind())]
    allowed = [field.alias for field in attrs.fields(_CLASSES[kind]) if field.init]
    texts = {field for field, _ in TRANSLATABLE[_CLASSES[kind]].fields}
    for key, fields in _items(problems, path, parts):
        part = child_path(path, key)
        for name, value in _items(problems, part, fields):
            where = child_path(part, name)
            if name in _UNCHANGEABLE:
                problems.append(Problem(where, _UNCHANGEABLE[name]))
            elif name not in allowed:
                expected = [n for n in allowed if n not in _UNCHANGEABLE]
                problems.append(Problem(where, _unknown_field(expected)))
            elif name in texts:
                one_line = name in ONE_LINE_FIELDS
                _check_controls(problems, where, value, multiline=not one_line)
            elif name == "responsibilities":
                _check_cells_given(problems, where, value)
    return problems


def _check_cells_given(problems: list[Problem], path: str, value: object) -> None:
    if not isinstance(value, Mapping):
        # Merged into the base's texts when applied: a mapping, or nothing
        # to merge.
        said = Phrase(
            "must be a mapping of {what}, got {got}",
            what=Phrase("level keys to texts"),
            got=shown_phrase(value),
        )
        problems.append(Problem(path, said))
        return
    for level, text in value.items():
        _check_controls(problems, child_path(path, level), text, multiline=True)


def _check_controls(
    problems: list[Problem], path: str, value: object, *, multiline: bool
) -> None:
    """Refuse a changed text that holds a control character.

    The rest of a change is checked when it is applied, as part of the
    result; a control character no matrix may hold is refused with the
    overlay itself, as in its other texts.
    """
    if isinstance(value, str) and (
        message := control_problem(value, multiline=multiline)
    ):
        problems.append(Problem(path, message))


# Applying ---------------------------------------------------------------


def apply_overlay(base: Matrix, /, *overlays: Overlay) -> Matrix:
    """Return *base* with *overlays* applied, one after the other.

    Each overlay removes parts first, then adds and changes parts, then
    replaces policy fields and texts. Added roles and issue types come after
    the base's; added levels take their ranks and the base's levels keep
    their order around them.

    Args:
        base: The matrix to start from, such as
            :func:`~escalation_matrix.default_matrix`.
        overlays: The overlays, applied in the order given.

    Returns:
        The new matrix; *base* is unchanged.

    Raises:
        WrongTypeError: *base* is not a Matrix, or an overlay not an Overlay.
        OverlayConflictError: An overlay does not fit the matrix it is
            applied to, or sets one display text at two places (under
            ``changes`` and ``texts``, say); every conflict is listed with
            its path in the overlay.
        ValidationError: The result would be invalid (for example a role
            removed while a level still holds it); paths are in the result.

    >>> from escalation_matrix import default_matrix
    >>> overlay = Overlay(
    ...     "acme",
    ...     texts={"level:L1:name": "Helpdesk"},
    ...     changes={"levels": {"L4": {"name": "Sales"}}},
    ... )
    >>> acme = apply_overlay(default_matrix(), overlay)
    >>> acme.level("L1").name, acme.level("L4").name
    ('Helpdesk', 'Sales')
    >>> apply_overlay(default_matrix(), Overlay("acme", remove={"levels": ["L9"]}))
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.OverlayConflictError: Invalid overlay 'acme':
      1 problem:
      $.remove.levels[0]: unknown level 'L9'; known level keys: L1, L2, L3, L4
    """
    require_type("base", base, Matrix, "a Matrix")
    for index, overlay in enumerate(overlays):
        require_type(f"overlays[{index}]", overlay, Overlay, "an Overlay")
    matrix = base
    for overlay in overlays:
        matrix = _apply(matrix, overlay)
    return matrix


class _OverlayCheck:
    """What one overlay does to one base: checked first, applied after."""

    def __init__(self, base: Matrix, overlay: Overlay) -> None:
        self.base = base
        self.overlay = overlay
        self.problems: list[Problem] = []
        self.removed: dict[str, set[str]] = {kind: set() for kind in KINDS}
        # Indexes of the parts whose addition conflicts, by kind.
        self.refused: dict[str, set[int]] = {kind: set() for kind in KINDS}
        # Keys in the result, by kind, as far as the overlay says.
        self.keys: dict[str, list[str]] = {
            "roles": list(base.role_keys),
            "levels": list(base.level_keys),
            # Declared ones only: the implicit "any" of a matrix without
            # issue types is no part an overlay can change or remove.
            "issue_types": [issue_type.key for issue_type in base.issue_types],
        }

    def conflict(self, path: str, message: Phrase) -> None:
        self.problems.append(Problem(path, message))


def _known(kind: str, key: object, keys: Iterable[str]) -> Phrase:
    return unknown_message(KINDS[kind], key, keys)


# One whole message per kind of part, each a literal template for the
# catalogs, so that each language can make its words agree.
_EXISTS: Final[dict[str, Callable[[str, str], Phrase]]] = {
    # Translators: {key} is the role's key, quoted; {where} a path in the
    # overlay (changes.roles.agent).
    "roles": lambda key, where: Phrase(
        "role {key} exists already in the matrix; change it under {where} instead",
        key=key,
        where=where,
    ),
    "levels": lambda key, where: Phrase(
        "level {key} exists already in the matrix; change it under {where} instead",
        key=key,
        where=where,
    ),
    "issue_types": lambda key, where: Phrase(
        "issue type {key} exists already in the matrix; change it under {where} "
        "instead",
        key=key,
        where=where,
    ),
}
_ADDED_TWICE: Final[dict[str, Callable[[str], Phrase]]] = {
    "roles": lambda key: Phrase("role {key} is added twice", key=key),
    "levels": lambda key: Phrase("level {key} is added twice", key=key),
    "issue_types": lambda key: Phrase("issue type {key} is added twice", key=key),
}
_REMOVED_HERE: Final[dict[str, Callable[[str], Phrase]]] = {
    "roles": lambda key: Phrase("role {key} is removed by this overlay", key=key),
    "levels": lambda key: Phrase("level {key} is removed by this overlay", key=key),
    "issue_types": lambda key: Phrase(
        "issue type {key} is removed by this overlay", key=key
    ),
}


def _check(state: _OverlayCheck) -> None:  # noqa: C901, PLR0912 -- one rule per kind of conflict
    overlay, base = state.overlay, state.base
    if overlay.base is not None and overlay.base != base.key:
        said = Phrase(
            "the overlay is written for matrix {written_for}, not for {base}",
            written_for=shown_phrase(overlay.base),
            base=shown_phrase(base.key),
        )
        state.conflict("$.base", said)
    # Removals name parts of the base.
    for kind, keys in overlay.remove.items():
        for index, key in enumerate(keys):
            path = f"$.remove.{kind}[{index}]"
            if key not in state.keys[kind]:
                state.conflict(path, _known(kind, key, state.keys[kind]))
            elif key in state.removed[kind]:
                state.conflict(
                    path, Phrase("{key} is removed twice", key=shown_phrase(key))
                )
            else:
                state.removed[kind].add(key)
        state.keys[kind] = [k for k in state.keys[kind] if k not in state.removed[kind]]
    # Additions name parts the base does not have (once removals are done).
    for kind in KINDS:
        kept = list(state.keys[kind])
        for index, item in enumerate(getattr(overlay, kind)):
            path = f"$.{kind}[{index}].key"
            if item.key in kept:
                where = f"changes.{kind}.{item.key}"
                state.conflict(path, _EXISTS[kind](shown(item.key), where))
                state.refused[kind].add(index)
            elif item.key in state.keys[kind]:
                state.conflict(path, _ADDED_TWICE[kind](shown(item.key)))
                state.refused[kind].add(index)
            else:
                state.keys[kind].append(item.key)
    _check_ranks(state)
    _check_changes(state)
    for index, level in enumerate(overlay.levels):
        if level.role not in state.keys["roles"]:
            state.conflict(
                f"$.levels[{index}].role",
                _known("roles", level.role, state.keys["roles"]),
            )
    for level_key, texts in overlay.responsibilities.items():
        index = next(
            n for n, level in enumerate(overlay.levels) if level.key == level_key
        )
        _check_cells(state, f"$.levels[{index}].responsibilities", texts, "issue_types")
    for index, issue_type in enumerate(overlay.issue_types):
        _check_cells(
            state,
            f"$.issue_types[{index}].responsibilities",
            issue_type.responsibilities,
            "levels",
        )
    _check_missing_cells(state)
    start = len(state.problems)
    _check_texts(state)
    _check_set_once(state)
    # The texts' problems in the order of the texts, after those elsewhere.
    order = {child_path("$.texts", c): n for n, c in enumerate(overlay.texts)}
    state.problems[start:] = sorted(
        state.problems[start:], key=lambda problem: order.get(problem.path, -1)
    )
    if overlay.policy:
        try:
            attrs.evolve(base.policy, **overlay.policy)
        except ValidationError as error:
            state.problems.extend(nested("$.policy", error.problems))


def _check_texts(state: _OverlayCheck) -> None:
    """Each text context names a kind of text of a part in the result."""
    severities = state.overlay.policy.get("severities", state.base.policy.severities)
    # The severities of the result: the overlay's, if it replaces them.
    severity_keys = [
        severity.key
        for severity in (severities if isinstance(severities, tuple) else ())
        if isinstance(severity, Severity)
    ]
    for context in state.overlay.texts:
        path = child_path("$.texts", context)
        target = text_target(context)
        if isinstance(target, Phrase):
            state.conflict(path, target)
            continue
        kind, key, field = target
        named: list[tuple[UnknownKind, str | None, list[str]]] = []
        if kind == "cell":
            named += [("issue type", key, state.keys["issue_types"])]
            named += [("level", field, state.keys["levels"])]
        elif kind == "severity":
            named += [("severity", key, severity_keys)]
        elif kind != "matrix":
            plural = f"{kind}s"  # role, level, issue_type: the kinds' lists
            named += [(KINDS[plural], key, state.keys[plural])]
        for part, part_key, keys in named:
            if part_key not in keys:
                state.conflict(path, unknown_message(part, part_key, keys))


def _check_changes(state: _OverlayCheck) -> None:
    """Changes name parts the base has and keeps, with valid new values."""
    overlay, base = state.overlay, state.base
    for kind, parts in overlay.changes.items():
        for key, fields in parts.items():
            path = child_path(f"$.changes.{kind}", key)
            if key in state.removed[kind]:
                state.conflict(path, _REMOVED_HERE[kind](shown(key)))
                continue
            original = _base_part(base, kind, key)
            if original is None:
                known = [
                    k
                    for k in getattr(base, f"{kind[:-1]}_keys")
                    if k not in state.removed[kind]
                ]
                state.conflict(path, _known(kind, key, known))
                continue
            changes = dict(fields)
            if kind == "issue_types" and "responsibilities" in changes:
                _check_cells(
                    state,
                    f"{path}.responsibilities",
                    changes["responsibilities"],
                    "levels",
                )
                changes["responsibilities"] = {
                    **original.responsibilities,
                    **changes["responsibilities"],
                }
            try:
                _evolve(original, path, KINDS[kind], changes)
            except ValidationError as error:
                state.problems.extend(error.problems)


def _base_part(base: Matrix, kind: str, key: str) -> Any:
    try:
        if kind == "roles":
            return base.role(key)
        if kind == "levels":
            return base.level(key)
        found = base.issue_type(key)
    except LookupError:
        return None
    return None if found is IMPLICIT_ISSUE_TYPE else found


def _check_ranks(state: _OverlayCheck) -> None:
    count = len(state.keys["levels"])
    taken: dict[int, int] = {}
    for index, level in enumerate(state.overlay.levels):
        path = f"$.levels[{index}].rank"
        if level.rank > count:
            said = Phrase(
                "must be between 1 and {count} (the levels of the result), got {got}",
                count=str(count),
                got=shown(level.rank),
            )
            state.conflict(path, said)
        elif level.rank in taken:
            other = f"$.levels[{taken[level.rank]}]"
            # Translators: {other} is the path of another level the overlay
            # adds ($.levels[0]).
            said = Phrase(
                "rank collision: {other} is added at rank {rank} too",
                other=other,
                rank=str(level.rank),
            )
            state.conflict(path, said)
        else:
            taken[level.rank] = index


def _check_cells(
    state: _OverlayCheck, path: str, texts: Mapping[str, str], kind: str
) -> None:
    """Check that the cells at *path* name parts of *kind* in the result."""
    for key in texts:
        if key not in state.keys[kind]:
            state.conflict(child_path(path, key), _known(kind, key, state.keys[kind]))


def _cell_places(
    state: _OverlayCheck, level: str, issue_type: str, index: int
) -> list[str]:
    """Where the overlay gives the cell of an added *level* for *issue_type*."""
    overlay = state.overlay
    places = []
    if issue_type in overlay.responsibilities.get(level, {}):
        places.append(f"$.levels[{index}].responsibilities.{issue_type}")
    for where, added in enumerate(overlay.issue_types):
        if added.key == issue_type and level in added.responsibilities:
            places.append(f"$.issue_types[{where}].responsibilities.{level}")
    changed = overlay.changes.get("issue_types", {}).get(issue_type, {})
    if level in changed.get("responsibilities", {}):
        path = f"$.changes.issue_types.{issue_type}.responsibilities.{level}"
        places.append(path)
    return places


def _check_missing_cells(state: _OverlayCheck) -> None:
    """Every cell of an added level or issue type is given."""
    overlay = state.overlay
    for index, level in enumerate(overlay.levels):
        if index in state.refused["levels"]:
            continue
        for issue_type in state.keys["issue_types"]:
            given = _cell_places(state, level.key, issue_type, index)
            if not given:
                said = Phrase(
                    "missing: issue type {issue_type} needs a text for the added "
                    "level {level}",
                    issue_type=shown_phrase(issue_type),
                    level=shown_phrase(level.key),
                )
                path = f"$.levels[{index}].responsibilities.{issue_type}"
                state.conflict(path, said)
    added_levels = {level.key for level in overlay.levels}
    for index, added in enumerate(overlay.issue_types):
        if index in state.refused["issue_types"]:
            continue
        for level_key in state.keys["levels"]:
            if level_key in added_levels or level_key in added.responsibilities:
                continue
            path = f"$.issue_types[{index}].responsibilities.{level_key}"
            said = Phrase(
                "missing: the added issue type {issue_type} needs a text for "
                "level {level}",
                issue_type=shown_phrase(added.key),
                level=shown_phrase(level_key),
            )
            state.conflict(path, said)


_Place = tuple[str, str]  # a display text's context, and a path into the overlay


def _field_places(
    prefix: str, path: str, values: Mapping[str, Any], cls: type
) -> Iterator[_Place]:
    """The places of the translatable fields among *values*."""
    for field, _ in TRANSLATABLE[cls].fields:
        if field in values:
            yield f"{prefix}:{field}", f"{path}.{field}"


def _cell_places_of(
    issue_type: str | None, level: str | None, path: str, texts: object
) -> Iterator[_Place]:
    """The places of the cells in *texts*, keyed by level or by issue type."""
    for key in texts if isinstance(texts, Mapping) else ():
        context = cell_context(issue_type or key, level or key)
        yield context, child_path(f"{path}.responsibilities", key)


def _texts_of(part: Role | Level | IssueType | Severity) -> dict[str, str]:
    """The display texts that a part an overlay adds fills in."""
    spec = translatable(type(part))
    assert spec is not None  # noqa: S101 -- typed to be one of the translatable classes
    return {field: text for field, _ in spec.fields if (text := getattr(part, field))}


def _added_places(
    overlay: Overlay, refused: Mapping[str, set[int]]
) -> Iterator[_Place]:
    """The places of the texts of the parts *overlay* adds, cells included."""
    for kind, cls in _CLASSES.items():
        prefix = TRANSLATABLE[cls].kind
        for index, part in enumerate(getattr(overlay, kind)):
            if index in refused[kind]:
                continue  # already a conflict of its own
            path = f"$.{kind}[{index}]"
            yield from _field_places(f"{prefix}:{part.key}", path, _texts_of(part), cls)
            if kind == "levels":
                texts = overlay.responsibilities.get(part.key)
                yield from _cell_places_of(None, part.key, path, texts)
            elif kind == "issue_types":
                yield from _cell_places_of(part.key, None, path, part.responsibilities)


def _text_places(
    overlay: Overlay, refused: Mapping[str, set[int]]
) -> dict[str, list[str]]:
    """Where *overlay* sets each display text, by the text's context.

    The places come in the order of the overlay file: the matrix's own
    fields, the policy's severities, the parts added (with their cells),
    the changes, then the texts.
    """
    given = {
        name: value
        for name in ("title", "description")
        if (value := getattr(overlay, name)) is not None
    }
    found = [*_field_places("matrix", "$", given, Matrix)]
    severities = overlay.policy.get("severities", ())
    for index, severity in enumerate(
        severities if isinstance(severities, tuple) else ()
    ):
        if isinstance(severity, Severity):
            prefix, path = f"severity:{severity.key}", f"$.policy.severities[{index}]"
            found += _field_places(prefix, path, _texts_of(severity), Severity)
    found += _added_places(overlay, refused)
    for kind, parts in overlay.changes.items():
        cls = _CLASSES[kind]
        for key, changed in parts.items():
            path = child_path(f"$.changes.{kind}", key)
            found += _field_places(
                f"{TRANSLATABLE[cls].kind}:{key}", path, changed, cls
            )
            if kind == "issue_types":
                texts = changed.get("responsibilities")
                found += _cell_places_of(key, None, path, texts)
    found += ((context, child_path("$.texts", context)) for context in overlay.texts)
    places: dict[str, list[str]] = {}
    for context, path in found:
        places.setdefault(context, []).append(path)
    return places


def _check_set_once(state: _OverlayCheck) -> None:
    """An overlay sets each display text at one place only.

    A text given twice (a level's name under ``changes`` and under
    ``texts``, a cell of an added level in the level and in an issue type)
    would otherwise keep one value and drop the other without a word.
    """
    for paths in _text_places(state.overlay, state.refused).values():
        for path in paths[1:]:
            state.conflict(path, Phrase("given twice: also at {path}", path=paths[0]))


def _apply(base: Matrix, overlay: Overlay) -> Matrix:
    state = _OverlayCheck(base, overlay)
    _check(state)
    name = f"overlay {overlay.name!r}"
    if state.problems:
        raise OverlayConflictError(state.problems, subject=name, source=overlay.source)
    builder = _draft(MatrixBuilder.from_matrix(base), overlay)
    # Every context names a text of the result: checked above.
    for context, text in overlay.texts.items():
        builder.set_text(context, text)
    try:
        return builder.build()
    except ValidationError as error:
        subject = f"matrix after {name}"
        raise ValidationError(
            error.problems, subject=subject, source=overlay.source
        ) from None


def _draft(builder: MatrixBuilder, overlay: Overlay) -> MatrixBuilder:
    """Make the overlay's changes to the draft, all but its texts."""
    builder.update(
        key=overlay.key,
        title=overlay.title,
        description=overlay.description,
        language=overlay.language,
    )
    removals = (
        (builder.remove_issue_type, "issue_types"),
        (builder.remove_level, "levels"),
        (builder.remove_role, "roles"),
    )
    for remove, kind in removals:
        for key in overlay.remove.get(kind, ()):
            remove(key)
    parts: list[Role | Level | IssueType] = [
        *overlay.roles,
        *sorted(overlay.levels, key=lambda level: level.rank),
        *overlay.issue_types,
    ]
    for part in parts:
        builder.add(part)
    changes = overlay.changes
    for key, fields in changes.get("roles", {}).items():
        builder.update_role(key, **fields)
    for key, fields in changes.get("levels", {}).items():
        builder.update_level(key, **fields)
    for level_key, texts in overlay.responsibilities.items():
        for issue_type, text in texts.items():
            builder.set_responsibility(issue_type, level_key, text)
    for key, fields in changes.get("issue_types", {}).items():
        builder.update_issue_type(key, **fields)
    if overlay.policy:
        builder.update_policy(**overlay.policy)
    return builder


# Texts for translators ----------------------------------------------------

_PREFIXES: Final = {spec.kind: spec for spec in TRANSLATABLE.values()}


def _comment(context: str) -> str:
    """The translator comment of the text at *context*."""
    kind, _, rest = context.partition(":")
    if kind == "cell":
        issue_type, _, level = rest.partition(":")
        return CELL_COMMENT.format(issue_type=issue_type, level=level)
    key, _, field = rest.rpartition(":")
    spec = _PREFIXES.get(kind)
    comments = dict(spec.fields) if spec is not None else {}
    return comments.get(field, "A text of the matrix.").format(key=key)


def _text(context: str, text: object) -> Iterator[MatrixText]:
    if isinstance(text, str) and text:
        yield MatrixText(context, text, _comment(context))


def _part_texts(overlay: Overlay, kind: str, part: Any) -> Iterator[MatrixText]:
    """The texts of a part the overlay adds, its cells included."""
    spec = TRANSLATABLE[_CLASSES[kind]]
    for field, _ in spec.fields:
        yield from _text(f"{spec.kind}:{part.key}:{field}", getattr(part, field))
    if kind == "levels":
        texts = overlay.responsibilities.get(part.key, {})
        for issue_type, text in texts.items():
            yield from _text(cell_context(issue_type, part.key), text)
    elif kind == "issue_types":
        for level, text in part.responsibilities.items():
            yield from _text(cell_context(part.key, level), text)


def _changed_texts(
    kind: str, key: str, fields: Mapping[str, Any]
) -> Iterator[MatrixText]:
    """The texts among the fields an overlay changes in a part."""
    spec = TRANSLATABLE[_CLASSES[kind]]
    for field, _ in spec.fields:
        yield from _text(f"{spec.kind}:{key}:{field}", fields.get(field))
    for level, text in fields.get("responsibilities", {}).items():
        yield from _text(cell_context(key, level), text)


def overlay_texts(overlay: Overlay, /) -> Iterator[MatrixText]:
    """Yield every display text that *overlay* brings, with its context.

    The contexts are those the texts have in the matrix the overlay makes,
    so a catalog built from the base's and the overlay's texts translates
    that matrix. Texts the overlay keeps from its base are not yielded.

    >>> texts = overlay_texts(Overlay("acme", texts={"level:L1:name": "Helpdesk"}))
    >>> list(texts)
    [MatrixText(context='level:L1:name', text='Helpdesk',
                comment="Name of the escalation level 'L1', a column header of
                the matrix table.")]
    """
    for field in ("title", "description"):
        yield from _text(f"matrix:{field}", getattr(overlay, field))
    for kind in KINDS:
        for part in getattr(overlay, kind):
            yield from _part_texts(overlay, kind, part)
    for kind, parts in overlay.changes.items():
        for key, fields in parts.items():
            yield from _changed_texts(kind, key, fields)
    for severity in overlay.policy.get("severities", ()):
        for field, _ in TRANSLATABLE[Severity].fields:
            yield from _text(
                f"severity:{severity.key}:{field}", getattr(severity, field)
            )
    for context, text in overlay.texts.items():
        yield from _text(context, text)
