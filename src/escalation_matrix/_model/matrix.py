"""The matrix model: roles, levels, issue types and the matrix that joins them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import (
    TYPE_CHECKING,
    Any,  # noqa: F401 -- a converter's type hint, which attrs gives __init__
    Final,
    Literal,
    NamedTuple,
    TypeVar,
)

import attrs

from escalation_matrix._base.checks import (
    Keyed,  # noqa: F401 -- a converter's type hint, which attrs gives __init__
    check_bool,
    check_choice,
    check_delay,
    check_key,
    check_language,
    check_list,
    check_mapping,
    check_rank,
    check_text,
    check_texts,
    delay_like,
    good_key,
    keyed,
    keyed_mapping,
    list_like,
    not_a,
    plain_texts,
    raise_if,
)
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._model.policy import Policy
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    UnknownIssueTypeError,
    UnknownLevelError,
    UnknownRoleError,
)

if TYPE_CHECKING:
    from escalation_matrix._model import contacts as _contacts
else:
    # Most roles have no contacts: the module loads when one has.
    _contacts = LazyModule("escalation_matrix._model.contacts", globals())

T = TypeVar("T")

__all__ = [
    "ASSIGNMENTS",
    "DEFAULT_ISSUE_TYPE",
    "ESCALATE_WHILE",
    "IMPLICIT_ISSUE_TYPE",
    "Cell",
    "EscalateWhile",
    "IssueType",
    "Level",
    "LevelAssignment",
    "Matrix",
    "Role",
    "build_checked",
]

#: What the list or mapping holds, as its problems say it.
_TEXTS_WHAT: Final = Phrase("level keys to texts")

EscalateWhile = Literal["unacknowledged", "unresolved"]
ESCALATE_WHILE: tuple[EscalateWhile, ...] = ("unacknowledged", "unresolved")
LevelAssignment = Literal["all", "round_robin"]
#: How a level's contacts share an issue: all of them, or one of them in
#: turn (PagerDuty's and Grafana OnCall's round robin).
ASSIGNMENTS: tuple[LevelAssignment, ...] = ("all", "round_robin")
#: The key of the one issue type of a matrix that declares none: such a
#: matrix routes ``Issue("any", ...)``.
DEFAULT_ISSUE_TYPE: Final = "any"


def _contacts_tuple(
    value: Iterable[_contacts.Contact],
) -> tuple[_contacts.Contact, ...]:
    # Here rather than in the contacts' module, which most roles never load.
    return list_like(value)  # type: ignore[no-any-return]


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _roles(value: Iterable[Role]) -> tuple[Role, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _issue_types(value: Iterable[IssueType]) -> tuple[IssueType, ...]:
    return list_like(value)  # type: ignore[no-any-return]


@attrs.frozen(repr=False)
class Role:
    """Who holds a level: a job, not a person (``project_manager``).

    Attributes:
        key: Stable snake_case key.
        title: Display title, translatable.
        description: Optional longer text, translatable.
        contacts: The people who currently hold the role, most relevant
            first; names and details are never translated.
    """

    key: str
    title: str
    description: str = ""
    contacts: tuple[_contacts.Contact, ...] = attrs.field(
        default=(), kw_only=True, converter=_contacts_tuple
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_key(problems, "$.key", self.key)
        check_text(problems, "$.title", self.title)
        check_text(
            problems, "$.description", self.description, optional=True, multiline=True
        )
        contacts: object = self.contacts
        # No contacts, the common case, need no check, nor their module.
        if not isinstance(contacts, tuple) or contacts:
            _contacts.check_contacts(problems, "$.contacts", contacts)
        raise_if(problems, "role")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"


@attrs.frozen(repr=False)
class Level:
    """One step of escalation, held by a role.

    Attributes:
        key: Stable key, ``L1``-style or snake_case.
        rank: Position in the escalation, 1 for the first line; higher ranks
            have more authority.
        role: Key of the :class:`Role` that holds this level.
        name: Display name, translatable.
        description: Optional longer text, translatable.
        delay: How long before an issue escalates past this level (how it
            counts is the matrix policy's ``delay_mode``); None means issues
            stay at this level until someone moves them. A whole number of
            seconds, at most :data:`~escalation_matrix.schema.LONGEST_DELAY`;
            given as a timedelta or written as in files (``"4h"``,
            ``"1h 30m"``, ``"PT4H"``), always kept as a timedelta.
        business_time: Whether *delay* counts only the working hours of the
            policy's business calendar.
        escalate_while: Whether escalation past this level stops once the
            issue is acknowledged (``"unacknowledged"``) or only once it is
            resolved (``"unresolved"``).
        assignment: Whether the role's contacts are all notified
            (``"all"``) or one of them, in turn (``"round_robin"``). Kept
            and shown; who is next in turn depends on the issues before, so
            routing hands out every contact and a resolver may pick one.
    """

    key: str
    rank: int
    role: str = attrs.field(converter=keyed)
    name: str
    description: str = ""
    delay: timedelta | None = attrs.field(default=None, converter=delay_like)
    business_time: bool = False
    escalate_while: EscalateWhile = "unresolved"
    assignment: LevelAssignment = attrs.field(default="all", kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_key(problems, "$.key", self.key, level=True)
        check_rank(problems, "$.rank", self.rank)
        check_key(problems, "$.role", self.role)
        check_text(problems, "$.name", self.name)
        check_text(
            problems, "$.description", self.description, optional=True, multiline=True
        )
        check_delay(problems, "$.delay", self.delay)
        check_bool(problems, "$.business_time", self.business_time)
        check_choice(problems, "$.escalate_while", self.escalate_while, ESCALATE_WHILE)
        check_choice(problems, "$.assignment", self.assignment, ASSIGNMENTS)
        raise_if(problems, "level")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key} rank={self.rank} role={self.role!r}>"


@attrs.frozen(repr=False)
class IssueType:
    """A kind of issue, with what each level does about it.

    Attributes:
        key: Stable snake_case key.
        name: Display name, translatable.
        responsibilities: For every level key, the text saying what that
            level's role does about this kind of issue; translatable.
        description: Optional longer text, translatable.
        entry_level: Key of the level where issues of this type start, when
            not the first; the higher of this and the severity's entry
            level wins.
    """

    key: str
    name: str
    responsibilities: Mapping[str, str] = attrs.field(converter=keyed_mapping)
    description: str = ""
    entry_level: str | None = attrs.field(default=None, converter=keyed)

    def __attrs_post_init__(self) -> None:
        entry_level = self.entry_level
        # Most issue types are well formed, which a few calls tell; the
        # checks below say what is wrong otherwise.
        if (
            good_key(self.key)
            and plain_texts(self.name, self.description, self.responsibilities)
            and (entry_level is None or good_key(entry_level, level=True))
        ):
            return
        problems: list[Problem] = []
        check_key(problems, "$.key", self.key)
        check_text(problems, "$.name", self.name)
        check_text(
            problems, "$.description", self.description, optional=True, multiline=True
        )
        responsibilities = self.responsibilities
        if check_mapping(
            problems,
            "$.responsibilities",
            responsibilities,
            _TEXTS_WHAT,
        ):
            check_texts(problems, "$.responsibilities", responsibilities)
        if self.entry_level is not None:
            check_key(problems, "$.entry_level", self.entry_level, level=True)
        raise_if(problems, "issue type")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"


#: The issue type of a matrix that declares none (a policy from a tool
#: without issue types): every issue is of this type. It has no
#: responsibility texts; its name is a library message, translated by the
#: library's catalogs under the context ``issue_type:any:name``.
IMPLICIT_ISSUE_TYPE: Final = IssueType(DEFAULT_ISSUE_TYPE, "Any issue", {})


class Cell(NamedTuple):
    """One cell of the matrix: what a level's role does about an issue type."""

    issue_type: IssueType
    level: Level
    text: str


@attrs.frozen(repr=False)
class Matrix:
    """A validated escalation matrix.

    Levels are listed in rank order; roles and issue types in display order.
    Construction checks everything at once and raises
    :class:`~escalation_matrix.exceptions.ValidationError` listing every
    problem, so an invalid matrix cannot exist.

    Attributes:
        key: Stable snake_case key of the matrix.
        title: Display title, translatable.
        levels: The levels, rank 1 first.
        roles: The roles that hold the levels.
        issue_types: The issue types, each with a text for every level;
            none for a matrix of a tool without issue types, which then has
            the one implicit issue type
            :data:`~escalation_matrix.schema.DEFAULT_ISSUE_TYPE` (``"any"``),
            without texts.
        description: Optional longer text, translatable.
        language: Language of the matrix's texts (``"en"``), the source
            language for translation.
        policy: Matrix-wide escalation settings.
    """

    key: str
    title: str
    levels: tuple[Level, ...] = attrs.field(kw_only=True, converter=_levels)
    roles: tuple[Role, ...] = attrs.field(kw_only=True, converter=_roles)
    issue_types: tuple[IssueType, ...] = attrs.field(
        default=(), kw_only=True, converter=_issue_types
    )
    description: str = attrs.field(default="", kw_only=True)
    language: str = attrs.field(default="en", kw_only=True)
    policy: Policy = attrs.field(factory=Policy, kw_only=True)

    _level_index: dict[str | int, Level] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _role_index: dict[str, Role] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _issue_type_index: dict[str, IssueType] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    # The compiled router, built by the routing layer on first use and kept
    # here. Typed loosely: routing builds on the model, and field annotations
    # must resolve at run time for cattrs.
    _router: object = attrs.field(
        init=False, default=None, repr=False, eq=False, hash=False
    )

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Loading, translating and editing build Matrix objects: a subclass
        # would silently become a Matrix again. Composition keeps it whole.
        message = (
            "Matrix cannot be subclassed: loading, translating and editing "
            "return Matrix objects; wrap one in your own class instead"
        )
        raise TypeError(message)

    def __attrs_post_init__(self) -> None:
        raise_if(_matrix_problems(self), "matrix")
        self._build_indexes()

    # Pickles and copies carry the data only: the lookup indexes and the
    # compiled router are caches, rebuilt on the other side. A router carried
    # along would still belong to the matrix it was compiled from.
    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in _MATRIX_DATA}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in _MATRIX_DATA:
            object.__setattr__(self, name, state[name])
        object.__setattr__(self, "_router", None)
        self._build_indexes()

    def _build_indexes(self) -> None:
        # Also called on copies that translation makes without re-validating.
        levels: dict[str | int, Level] = {level.key: level for level in self.levels}
        levels.update((level.rank, level) for level in self.levels)
        object.__setattr__(self, "_level_index", levels)
        object.__setattr__(self, "_role_index", {role.key: role for role in self.roles})
        object.__setattr__(
            self, "_issue_type_index", {it.key: it for it in self.issue_types}
        )

    def __repr__(self) -> str:
        return (
            f"<Matrix {self.key!r} levels={len(self.levels)} roles={len(self.roles)} "
            f"issue_types={len(self.issue_types)}>"
        )

    # Lookups -------------------------------------------------------------

    def level(self, level: str | int | Level, /) -> Level:
        """Return the level with this key or rank (or this matrix's copy of it).

        Raises:
            UnknownLevelError: No level has that key or rank.

        >>> from escalation_matrix import default_matrix
        >>> default_matrix().level(2)
        <Level L2 rank=2 role='project_manager'>
        >>> default_matrix().level("L9")
        Traceback (most recent call last):
        ...
        escalation_matrix.exceptions.UnknownLevelError: Unknown level 'L9'; known ...
        """
        lookup = level.key if isinstance(level, Level) else level
        if isinstance(lookup, bool) or not isinstance(lookup, str | int):
            raise UnknownLevelError(lookup, self.level_keys)
        try:
            return self._level_index[lookup]
        except (KeyError, TypeError):
            raise UnknownLevelError(lookup, self.level_keys) from None

    def role(self, role: str | Role | Level, /) -> Role:
        """Return the role with this key, or the role holding a level.

        Raises:
            UnknownRoleError: No role has that key.
        """
        if isinstance(role, Level):
            role = self.level(role).role
        lookup = role.key if isinstance(role, Role) else role
        try:
            return self._role_index[lookup]
        except (KeyError, TypeError):
            raise UnknownRoleError(lookup, self.role_keys) from None

    def issue_type(self, issue_type: str | IssueType, /) -> IssueType:
        """Return the issue type with this key (or this matrix's copy of it).

        A matrix that declares no issue types has one, implicit: key
        ``"any"`` (:data:`~escalation_matrix.schema.DEFAULT_ISSUE_TYPE`),
        named "Any issue", without texts.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
        """
        lookup = issue_type.key if isinstance(issue_type, IssueType) else issue_type
        try:
            return self._issue_type_index[lookup]
        except (KeyError, TypeError):
            if not self.issue_types and lookup == DEFAULT_ISSUE_TYPE:
                return IMPLICIT_ISSUE_TYPE
            raise UnknownIssueTypeError(lookup, self.issue_type_keys) from None

    def responsibility(
        self, issue_type: str | IssueType, level: str | int | Level, /
    ) -> str:
        """Return what *level*'s role does about an issue of *issue_type*.

        The implicit issue type (``"any"``) has no texts: ``""``.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
            UnknownLevelError: No level has that key or rank.
        """
        texts = self.issue_type(issue_type).responsibilities
        return texts.get(self.level(level).key, "")

    def next_level(self, level: str | int | Level, /) -> Level | None:
        """Return the level above *level*, or None at the top."""
        rank = self.level(level).rank
        return self.levels[rank] if rank < len(self.levels) else None

    def previous_level(self, level: str | int | Level, /) -> Level | None:
        """Return the level below *level*, or None at the first level."""
        rank = self.level(level).rank
        return self.levels[rank - 2] if rank > 1 else None

    # Iteration helpers ---------------------------------------------------

    @property
    def first_level(self) -> Level:
        """The first-line level (rank 1)."""
        return self.levels[0]

    @property
    def top_level(self) -> Level:
        """The level with the most authority; escalation stops there."""
        return self.levels[-1]

    @property
    def level_keys(self) -> tuple[str, ...]:
        """Keys of the levels, in rank order."""
        return tuple(level.key for level in self.levels)

    @property
    def role_keys(self) -> tuple[str, ...]:
        """Keys of the roles, in display order."""
        return tuple(role.key for role in self.roles)

    @property
    def issue_type_keys(self) -> tuple[str, ...]:
        """Keys of the issue types that routing takes, in display order.

        For a matrix that declares no issue types, ``("any",)``.
        """
        if not self.issue_types:
            return (DEFAULT_ISSUE_TYPE,)
        return tuple(issue_type.key for issue_type in self.issue_types)

    def levels_of(self, role: str | Role, /) -> tuple[Level, ...]:
        """Return the levels held by *role*, in rank order.

        Raises:
            UnknownRoleError: No role has that key.
        """
        key = self.role(role).key
        return tuple(level for level in self.levels if level.role == key)

    def cells(self) -> Iterator[Cell]:
        """Yield every cell, issue type by issue type, each in level order."""
        for issue_type in self.issue_types:
            for level in self.levels:
                yield Cell(issue_type, level, issue_type.responsibilities[level.key])

    def row(self, issue_type: str | IssueType, /) -> tuple[str, ...]:
        """Return the responsibility texts of *issue_type*, in level order.

        The implicit issue type (``"any"``) has an empty text for every level.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
        """
        texts = self.issue_type(issue_type).responsibilities
        return tuple(texts.get(level.key, "") for level in self.levels)


# The fields a matrix is made of; the others are caches.
_MATRIX_DATA: Final = tuple(field.name for field in attrs.fields(Matrix) if field.init)


def matrix_scalar_problems(
    key: object, title: object, description: object, language: object
) -> list[Problem]:
    """Problems of a matrix's own scalar fields."""
    problems: list[Problem] = []
    check_key(problems, "$.key", key)
    check_text(problems, "$.title", title)
    check_text(problems, "$.description", description, optional=True, multiline=True)
    check_language(problems, "$.language", language)
    return problems


def _matrix_problems(matrix: Matrix) -> list[Problem]:
    """Every problem of *matrix*, each with its path from the matrix root."""
    problems = matrix_scalar_problems(
        matrix.key, matrix.title, matrix.description, matrix.language
    )
    groups: tuple[tuple[str, type, tuple[object, ...], Phrase], ...] = (
        # Translators: the items of a list ("must be a list of Level"), named
        # by a class of the Python API, whose name stays as it is.
        ("levels", Level, matrix.levels, Phrase("Level")),
        # Translators: as "Level" (items of a list, by class name).
        ("roles", Role, matrix.roles, Phrase("Role")),
        # Translators: as "Level" (items of a list, by class name).
        ("issue_types", IssueType, matrix.issue_types, Phrase("IssueType")),
    )
    well_typed = True
    for name, cls, items, what in groups:
        if not check_list(problems, f"$.{name}", items, what):
            well_typed = False
            continue
        if set(map(type, items)) <= {cls}:
            continue  # told in C, as most are
        for index, item in enumerate(items):
            if not isinstance(item, cls):
                well_typed = False
                problems.append(
                    Problem(f"$.{name}[{index}]", not_a(cls.__name__, item))
                )
    policy: object = matrix.policy
    if not isinstance(policy, Policy):
        well_typed = False
        problems.append(Problem("$.policy", not_a("Policy", policy)))
    if well_typed:
        # Loaded by the first matrix made: one read from the compiled
        # built-in file, or unpickled, is not checked again.
        from escalation_matrix._model.consistency import cross_problems  # noqa: PLC0415

        problems.extend(
            cross_problems(
                matrix.levels, matrix.roles, matrix.issue_types, matrix.policy
            )
        )
    return problems


def build_checked(cls: type[T], /, **fields: object) -> T:
    """Build a frozen attrs object from fields already checked elsewhere.

    Loading and translating big matrices check their parts in bulk (a set
    comparison instead of one call per text); this builds the objects without
    checking them a second time. Every field must be given. A matrix gets its
    lookup indices as its own constructor would give them.
    """
    obj = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(obj, name, value)
    if isinstance(obj, Matrix):
        object.__setattr__(obj, "_router", None)
        obj._build_indexes()
    return obj
