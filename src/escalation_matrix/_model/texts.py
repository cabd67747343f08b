"""The translatable texts of a matrix: their contexts and translator comments.

Every display text of a matrix is a gettext message whose context names its
place (``role:project_manager:title``, ``cell:timeline_adjustments:L2``) and
whose translator comment says where it appears. Translation and extraction
both walk a matrix through :data:`TRANSLATABLE`, so they cannot disagree.
Keys, contact details and other data that must read the same in every
language are not listed, and so are never translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, NamedTuple

from escalation_matrix._model.matrix import IssueType, Level, Matrix, Role
from escalation_matrix._model.policy import Severity

__all__ = [
    "CELL_COMMENT",
    "ONE_LINE_FIELDS",
    "TRANSLATABLE",
    "MatrixText",
    "Translatable",
    "cell_context",
    "context_prefix",
    "is_multiline",
    "matrix_texts",
    "translatable",
]


class Translatable:
    """How the texts of one kind of object are named for translators.

    Attributes:
        kind: First part of every context: ``role`` gives
            ``role:<key>:<field>``; the matrix itself, having no key, gives
            ``matrix:<field>``.
        fields: The translatable fields, each with its translator comment
            (``{key}`` is replaced by the object's key). Empty texts are not
            messages.
    """

    # A plain class rather than a named tuple, whose class takes longer to
    # make: every program that routes loads this module.
    __slots__ = ("fields", "kind")

    def __init__(self, kind: str, fields: tuple[tuple[str, str], ...]) -> None:
        self.kind = kind
        self.fields = fields

    def __repr__(self) -> str:
        return f"<Translatable {self.kind}: {', '.join(f for f, _ in self.fields)}>"


#: The translatable fields of each kind of object. A new translatable field
#: is one more line here.
TRANSLATABLE: Final[dict[type, Translatable]] = {
    Matrix: Translatable(
        "matrix",
        (
            ("title", "Title of the matrix, shown above its table."),
            ("description", "Description of the matrix, shown under its title."),
        ),
    ),
    Role: Translatable(
        "role",
        (
            (
                "title",
                (
                    "Title of the role '{key}', shown in the 'Operational role' "
                    "row of the matrix table."
                ),
            ),
            ("description", "Description of the role '{key}'."),
        ),
    ),
    Level: Translatable(
        "level",
        (
            (
                "name",
                (
                    "Name of the escalation level '{key}', a column header of "
                    "the matrix table."
                ),
            ),
            ("description", "Description of the escalation level '{key}'."),
        ),
    ),
    IssueType: Translatable(
        "issue_type",
        (
            (
                "name",
                "Name of the issue type '{key}', a row header of the matrix table.",
            ),
            ("description", "Description of the issue type '{key}'."),
        ),
    ),
    Severity: Translatable(
        "severity",
        (
            ("name", "Name of the severity '{key}': how serious an issue is."),
            ("description", "Description of the severity '{key}'."),
        ),
    ),
}

#: The translator comment of a responsibility text (a cell of the table).
CELL_COMMENT: Final = (
    "Cell of the matrix table: what the role holding level '{level}' does "
    "about issues of type '{issue_type}'."
)


#: The fields that are one line: titles and names head a column, a row or
#: the table. Descriptions and responsibility texts may break their lines.
ONE_LINE_FIELDS: Final = frozenset({"title", "name"})


def is_multiline(context: str, /) -> bool:
    """Whether the text at *context* may hold line breaks.

    >>> is_multiline("cell:outage:L2"), is_multiline("level:L2:name")
    (True, False)
    """
    kind, _, rest = context.partition(":")
    # A cell's context ends with a level key, which may be "name" too.
    return kind == "cell" or rest.rpartition(":")[2] not in ONE_LINE_FIELDS


class MatrixText(NamedTuple):
    """One translatable text of a matrix."""

    context: str
    text: str
    comment: str


def translatable(cls: type, /) -> Translatable | None:
    """Return how the texts of *cls* are named, its subclasses' included."""
    for kind in cls.__mro__:
        found = TRANSLATABLE.get(kind)
        if found is not None:
            return found
    return None


def context_prefix(obj: Matrix | Role | Level | IssueType | Severity, /) -> str:
    """Return the start of the contexts of *obj*'s texts (``role:sales_manager``)."""
    spec = translatable(type(obj))
    assert spec is not None  # noqa: S101 -- typed to be one of the translatable classes
    kind = spec.kind
    return kind if isinstance(obj, Matrix) else f"{kind}:{obj.key}"


def cell_context(issue_type: str, level: str, /) -> str:
    """Return the context of a responsibility text (``cell:<issue_type>:<level>``)."""
    return f"cell:{issue_type}:{level}"


def _field_texts(
    obj: Matrix | Role | Level | IssueType | Severity,
) -> Iterator[MatrixText]:
    prefix = context_prefix(obj)
    key = getattr(obj, "key", "")
    spec = translatable(type(obj))
    assert spec is not None  # noqa: S101 -- typed to be one of the translatable classes
    for name, comment in spec.fields:
        text = getattr(obj, name)
        if text:
            yield MatrixText(f"{prefix}:{name}", text, comment.format(key=key))


def matrix_texts(matrix: Matrix, /) -> Iterator[MatrixText]:
    """Yield every translatable text of *matrix*, in reading order.

    The matrix's own texts, its roles, its levels, its issue types (each
    followed by its cells, in level order), then its severities.

    >>> from escalation_matrix import default_matrix
    >>> texts = list(matrix_texts(default_matrix()))
    >>> len(texts)
    57
    >>> texts[0]
    MatrixText(context='matrix:title',
               text='Example issue escalation matrix template',
               comment='Title of the matrix, shown above its table.')
    """
    yield from _field_texts(matrix)
    for role in matrix.roles:
        yield from _field_texts(role)
    for level in matrix.levels:
        yield from _field_texts(level)
    for issue_type in matrix.issue_types:
        yield from _field_texts(issue_type)
        for level in matrix.levels:
            yield MatrixText(
                cell_context(issue_type.key, level.key),
                issue_type.responsibilities[level.key],
                CELL_COMMENT.format(issue_type=issue_type.key, level=level.key),
            )
    for severity in matrix.policy.severities:
        yield from _field_texts(severity)
