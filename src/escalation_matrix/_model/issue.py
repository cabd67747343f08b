"""Issues to route: what happened to a problem, and when."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from math import isfinite
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs

from escalation_matrix._base.checks import (
    LONGEST_INT,
    check_key,
    check_list,
    check_mapping,
    check_text,
    child_path,
    list_like,
    mapping_like,
    not_a,
    raise_if,
    scalar_problem,
    severity_type_problem,
    unicode_problem,
)
from escalation_matrix._base.drafts import DRAFT_CLASSES, set_class
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.instants import aware_instant, written
from escalation_matrix._base.keys import key_problem
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

if TYPE_CHECKING:
    from escalation_matrix._model import action as _action
else:
    # Most issues record nothing done by hand: the module of actions is
    # imported when one does, or when a type hint is read.
    _action = LazyModule("escalation_matrix._model.action", globals())

__all__ = [
    "AttributeValue",
    "Issue",
    "IssueTypeLike",
]

#: What the list or mapping holds, as its problems say it.
# Translators: the items of a list ("must be a list of Action"), named by
# a class of the Python API, whose name stays as it is.
_ACTIONS_WHAT: Final = Phrase("Action")
#: What the list or mapping holds, as its problems say it.
_ATTRIBUTES_WHAT: Final = Phrase("attribute names to values")


#: Values an issue's free attributes may hold (what JSON calls scalars).
AttributeValue = str | int | float | bool | None


def _in_calendar(value: datetime) -> bool:
    """Whether *value*'s instant exists in UTC (near year 1 or 9999 it may not)."""
    try:
        value.astimezone(UTC)
    except (OverflowError, TypeError, ValueError):  # or a zone that changed its mind
        return False
    return True


# What an issue holds when nothing was recorded: shared by all such issues,
# so that each does not carry empty containers of its own.
_NO_ACTIONS: Final[tuple[_action.Action, ...]] = ()
_NO_ATTRIBUTES: Final[FrozenDict[str, AttributeValue]] = FrozenDict()
# Keys already found well formed, so that the next issue of the same type
# and severity skips the pattern. Bounded: keys come from the caller's data.
_GOOD_KEYS: Final[set[str]] = set()
_MAX_GOOD_KEYS: Final = 4096
# What a time zone's offset from UTC stays within, both ends excluded.
_DAY: Final = timedelta(days=1)
_MINUS_DAY: Final = -_DAY


@runtime_checkable
class IssueTypeLike(Protocol):
    """What an issue takes in place of its type's key: an issue type.

    The matrix's :class:`~escalation_matrix.IssueType` fits; it is defined
    in the matrix module, which builds on this one, so it is known here by
    its shape: a key and the responsibilities of its levels.
    """

    @property
    def key(self) -> str:
        """The issue type's key."""
        ...

    @property
    def responsibilities(self) -> Mapping[str, str]:
        """What each level's role does."""
        ...


def _issue_type(value: str | IssueTypeLike) -> str:
    if type(value) is str:
        return value
    # Any other value is kept as it is, for the checks to report.
    return value.key if isinstance(value, IssueTypeLike) else value


@runtime_checkable
class SeverityLike(Protocol):
    """What an issue takes in place of its severity's key: a severity.

    The policy's :class:`~escalation_matrix.Severity` fits, known here by
    its shape (its module builds on this one): a key, and the levels it
    enters at and is held below.
    """

    @property
    def key(self) -> str:
        """The severity's key."""
        ...

    @property
    def entry_level(self) -> str | None:
        """The level issues of this severity start at."""
        ...

    @property
    def max_level(self) -> str | None:
        """The highest level issues of this severity reach."""
        ...


def _severity(value: str | SeverityLike | None) -> str | None:
    if value is None or type(value) is str:
        return value
    # Any other value is kept as it is, for the checks to report.
    return value.key if isinstance(value, SeverityLike) else value


def _actions(value: Iterable[_action.Action]) -> tuple[_action.Action, ...]:
    if value is _NO_ACTIONS:
        return _NO_ACTIONS
    converted = list_like(value)
    # Compared by type and length: a value of another kind, kept for the
    # checks to report, may compare in any way, or fail to.
    empty = type(converted) is tuple and not converted
    return _NO_ACTIONS if empty else converted


def _attributes(value: Mapping[str, AttributeValue]) -> FrozenDict[str, AttributeValue]:
    if value is _NO_ATTRIBUTES:
        return _NO_ATTRIBUTES
    frozen = mapping_like(value)
    # As in _actions: only a mapping made here is known to compare safely.
    empty = isinstance(frozen, FrozenDict) and not frozen
    return _NO_ATTRIBUTES if empty else frozen


def _good_key(value: object) -> bool:
    """Whether *value* is a well-formed key (snake_case), remembering good ones."""
    if value in _GOOD_KEYS:
        return True
    if key_problem(value) is not None:
        return False
    if len(_GOOD_KEYS) < _MAX_GOOD_KEYS:
        _GOOD_KEYS.add(value)  # type: ignore[arg-type]
    return True


def _plain_time(value: datetime) -> bool:
    """Whether *value*, a datetime not in UTC, plainly fits an issue's times.

    Its zone gives an offset of less than a day (what ``utcoffset()``
    accepts, asked of the zone directly, a quicker call), and its instant
    falls within the calendar. A zone that fails to give one is left to
    :func:`~escalation_matrix._base.instants.check_aware`, which says what it
    gave.
    """
    zone = value.tzinfo
    if zone is None:
        return False
    try:
        offset = zone.utcoffset(value)
    except (OverflowError, TypeError, ValueError):
        return False
    return (
        type(offset) is timedelta
        and _MINUS_DAY < offset < _DAY
        # Only in the first and last years can an instant fall outside the
        # calendar in UTC.
        and (1 < value.year < 9999 or _in_calendar(value))  # noqa: PLR2004
    )


def _plainly_after(value: object, opened: datetime) -> bool:
    """Whether *value* plainly fits an issue's times, and is not before *opened*.

    *opened* passed the same test.
    """
    if not (
        isinstance(value, datetime) and (value.tzinfo is UTC or _plain_time(value))
    ):
        return False
    zone = value.tzinfo
    try:
        if zone is not opened.tzinfo or type(zone) is timezone:
            return value >= opened  # as instants
        # Two times of one zone subtract as wall clocks (see instant): as
        # instants, the change of offset between them comes off.
        return value - opened >= zone.utcoffset(value) - zone.utcoffset(opened)  # type: ignore[operator,union-attr]
    except (OverflowError, TypeError, ValueError):  # a zone that changed its mind
        return False


def _plain_attributes(value: object) -> bool:
    """Whether *value*, as converted, is a mapping of attributes without problems.

    What ticket data gives (names and text in ASCII, whole numbers, finite
    floats, booleans, None) passes in a few tests per attribute; anything
    else is left to :func:`_attribute_problems`.
    """
    if value is _NO_ATTRIBUTES:
        return True
    if type(value) is not FrozenDict:
        return False
    return _plain_entries(value._data)  # noqa: SLF001 -- its dict, iterated in C


def _plain_entries(data: dict[Any, Any]) -> bool:
    """Whether the entries *data* of an attributes mapping are without problems.

    As :func:`_plain_attributes`, over the dict a :class:`FrozenDict` holds.
    """
    for name, item in data.items():
        kind = type(item)
        if not (
            type(name) is str
            and name
            and name.isascii()
            and (
                (kind is str and item.isascii())
                or (kind is int and -LONGEST_INT < item < LONGEST_INT)
                or kind is bool
                or item is None
                or (kind is float and isfinite(item))
            )
        ):
            return not _attribute_problems(data)
    return True


def _plain_pair(impact: object, urgency: object) -> bool:
    """Whether *impact* and *urgency* are both given, as well-formed keys."""
    return (
        type(impact) is str
        and type(urgency) is str
        and _good_key(impact)
        and _good_key(urgency)
    )


@attrs.frozen(repr=False, init=False)
class Issue:
    """A problem to route.

    Only :attr:`issue_type` and :attr:`opened_at` are required. Times must be
    timezone-aware; routing never guesses a timezone. The issue type may be
    given as its key or as the matrix's :class:`IssueType`, whose key is
    kept.

    Every field is checked as the issue is built, and an invalid one raises
    :class:`~escalation_matrix.exceptions.ValidationError` listing each
    problem with its path. What ticket data gives (keys, aware times, an
    id, impact and urgency, attributes) passes in a few quick tests, so
    that issues are built by the million at little cost; actions by hand,
    and anything else, go through the checks field by field.

    Attributes:
        issue_type: Key of the issue type (one of the matrix's).
        opened_at: When the issue was opened.
        severity: Key of one of the matrix policy's severities (given as
            its key or as the policy's :class:`Severity`); when None,
            the severity comes from :attr:`impact` and :attr:`urgency`
            through the policy's priority table, or is the policy's default.
        impact: Impact key for the priority table.
        urgency: Urgency key for the priority table.
        acknowledged_at: When someone acknowledged the issue, if anyone did.
        resolved_at: When the issue was resolved, if it was.
        actions: Manual escalations, de-escalations and jumps, oldest first.
        attributes: Free attributes for routing rules (customer tier,
            product, region...).
        id: The caller's identifier of the issue (a ticket number).
    """

    # The fields as attrs knows them, for equality, hashing, pickling, and
    # the __init__ of users' subclasses (which runs the converters, then
    # __attrs_post_init__). Issue's own __init__ below does the same work
    # by hand, because issues are built by the million from ticket data.
    issue_type: str = attrs.field(converter=_issue_type)
    opened_at: datetime
    severity: str | None = attrs.field(default=None, kw_only=True, converter=_severity)
    impact: str | None = attrs.field(default=None, kw_only=True)
    urgency: str | None = attrs.field(default=None, kw_only=True)
    acknowledged_at: datetime | None = attrs.field(default=None, kw_only=True)
    resolved_at: datetime | None = attrs.field(default=None, kw_only=True)
    actions: tuple[_action.Action, ...] = attrs.field(
        default=_NO_ACTIONS, kw_only=True, converter=_actions
    )
    attributes: Mapping[str, AttributeValue] = attrs.field(
        default=_NO_ATTRIBUTES, kw_only=True, converter=_attributes
    )
    id: str | None = attrs.field(default=None, kw_only=True)

    def __init__(
        self,
        issue_type: str | IssueTypeLike,
        opened_at: datetime,
        *,
        severity: str | SeverityLike | None = None,
        impact: str | None = None,
        urgency: str | None = None,
        acknowledged_at: datetime | None = None,
        resolved_at: datetime | None = None,
        actions: Iterable[_action.Action] = _NO_ACTIONS,
        attributes: Mapping[str, AttributeValue] = _NO_ATTRIBUTES,
        id: str | None = None,  # noqa: A002 -- the field's name
    ) -> None:
        opened: object = opened_at  # the caller's, whatever its type
        # An issue as ticket data gives it (keys, times, an id, perhaps
        # impact and urgency or attributes, nothing recorded by hand) passes
        # in a few tests; any other, and any that fails one, goes through
        # every check, which says what is wrong.
        try:
            quick: object = (
                # A key outside the set is hashed only once known to be a string.
                type(issue_type) is str
                and (issue_type in _GOOD_KEYS or _good_key(issue_type))
                and (
                    severity is None
                    or (
                        type(severity) is str
                        and (severity in _GOOD_KEYS or _good_key(severity))
                    )
                )
                and isinstance(opened, datetime)
                and (
                    (zone := opened.tzinfo) is UTC
                    or (
                        # As _plain_time, inline: most issues are opened in
                        # a zone of their own.
                        zone is not None
                        and type(offset := zone.utcoffset(opened)) is timedelta
                        and _MINUS_DAY < offset < _DAY
                        and (1 < opened.year < 9999 or _in_calendar(opened))  # noqa: PLR2004
                    )
                )
                # check_text's own quick test: printable, and not blank.
                and (
                    id is None or (type(id) is str and id.isprintable() and id.strip())
                )
                and (
                    (impact is None and urgency is None) or _plain_pair(impact, urgency)
                )
                and (acknowledged_at is None or _plainly_after(acknowledged_at, opened))
                and (resolved_at is None or _plainly_after(resolved_at, opened))
            )
        except (OverflowError, TypeError, ValueError):
            quick = False  # a zone failing to give an offset: the checks say so
        if actions is not _NO_ACTIONS:
            actions = _actions(actions)
            # Moves by hand are checked against each other and the times.
            quick = quick and actions is _NO_ACTIONS
        if type(attributes) is dict:
            # As ticket data gives them: frozen as a copy, whose entries
            # are then tested (as _attributes and _plain_attributes do).
            frozen = FrozenDict(attributes)
            data = frozen._data  # noqa: SLF001 -- the copy's own dict
            attributes = frozen if data else _NO_ATTRIBUTES
            quick = quick and _plain_entries(data)
        elif attributes is not _NO_ATTRIBUTES:
            attributes = _attributes(attributes)
            quick = quick and _plain_attributes(attributes)
        if not quick:
            issue_type = _issue_type(issue_type)
            severity = _severity(severity)
        # Filled in as a draft, then frozen (see DRAFT_CLASSES): the same
        # fields as attrs' own __init__ sets, without its check per field.
        cls = type(self)
        set_class(self, _DRAFT_ISSUE if cls is Issue else DRAFT_CLASSES[cls])
        draft: Any = self
        draft.issue_type = issue_type
        draft.opened_at = opened_at
        draft.severity = severity
        draft.impact = impact
        draft.urgency = urgency
        draft.acknowledged_at = acknowledged_at
        draft.resolved_at = resolved_at
        draft.actions = actions
        draft.attributes = attributes
        draft.id = id
        draft.__class__ = cls
        if quick:
            return
        raise_if(_issue_problems(self), "issue")

    def __attrs_post_init__(self) -> None:
        # Only users' subclasses get here, through the __init__ attrs makes.
        raise_if(_issue_problems(self), "issue")

    def __repr__(self) -> str:
        ident = f" {self.id!r}" if self.id is not None else ""
        return f"<Issue{ident} {self.issue_type} opened {self.opened_at.isoformat()}>"


# The draft of the class itself, found without a look-up.
_DRAFT_ISSUE: Final = DRAFT_CLASSES[Issue]


def _type_problems(problems: list[Problem], issue: Issue) -> None:
    """Check the key of the issue's type, as code may give anything."""
    issue_type: object = issue.issue_type
    if isinstance(issue_type, str):
        check_key(problems, "$.issue_type", issue_type)
    else:
        said = Phrase(
            "must be an issue type key or an IssueType, got {got}",
            got=shown_phrase(issue_type),
        )
        problems.append(Problem("$.issue_type", said))


def _severity_problems(problems: list[Problem], issue: Issue) -> None:
    """Check the key of the issue's severity, as code may give anything."""
    severity: object = issue.severity
    if severity is not None and not isinstance(severity, str):
        problems.append(Problem("$.severity", severity_type_problem(severity)))
    elif severity is not None:
        check_key(problems, "$.severity", severity)


def _issue_problems(issue: Issue) -> list[Problem]:
    problems: list[Problem] = []
    _type_problems(problems, issue)
    # Times are compared by their instants, once each is found valid.
    opened = aware_instant(problems, "$.opened_at", issue.opened_at)
    _severity_problems(problems, issue)
    _priority_problems(problems, issue)
    if issue.id is not None:
        check_text(problems, "$.id", issue.id)
    resolved = _later_time_problems(problems, issue, opened)
    if check_list(problems, "$.actions", issue.actions, _ACTIONS_WHAT):
        _action_problems(problems, issue, opened, resolved)
    if check_mapping(problems, "$.attributes", issue.attributes, _ATTRIBUTES_WHAT):
        problems.extend(_attribute_problems(issue.attributes))
    return problems


def _priority_problems(problems: list[Problem], issue: Issue) -> None:
    """Check the impact and urgency keys, given together or not at all."""
    for name in ("impact", "urgency"):
        value = getattr(issue, name)
        if value is not None:
            check_key(problems, f"$.{name}", value)
    if (issue.impact is None) != (issue.urgency is None):
        missing = "$.urgency" if issue.urgency is None else "$.impact"
        said = Phrase("impact and urgency are given together or not at all")
        problems.append(Problem(missing, said))


def _later_time_problems(
    problems: list[Problem], issue: Issue, opened: datetime | None
) -> datetime | None:
    """Check the acknowledgement and the resolution; return the latter's instant.

    *opened* is the opening's instant, if it is valid.
    """
    resolved = None
    for name in ("acknowledged_at", "resolved_at"):
        value = getattr(issue, name)
        if value is None:
            continue
        moment = aware_instant(problems, f"$.{name}", value)
        if moment is None:
            continue
        if opened is not None and moment < opened:
            said = Phrase(
                "must not be before opened_at ({opened}), got {got}",
                opened=written(issue.opened_at),
                got=written(value),
            )
            problems.append(Problem(f"$.{name}", said))
        if name == "resolved_at":
            resolved = moment
    return resolved


def _attribute_problems(attributes: Mapping[str, object]) -> list[Problem]:
    problems = []
    for name, value in attributes.items():
        if not isinstance(name, str) or not name:  # type: ignore[redundant-expr]
            said = Phrase(
                "names must be non-empty strings, got {got}", got=shown_phrase(name)
            )
            problems.append(Problem("$.attributes", said))
        elif (unwritable := unicode_problem(name)) is not None:
            problems.append(Problem(child_path("$.attributes", name), unwritable))
        elif (wrong := scalar_problem(value)) is not None:
            problems.append(Problem(child_path("$.attributes", name), wrong))
    return problems


def _action_problems(
    problems: list[Problem],
    issue: Issue,
    opened: datetime | None,
    resolved: datetime | None,
) -> None:
    """Check the order of the issue's actions, and their times against its own.

    *opened* and *resolved* are the instants of the issue's times, if valid.
    """
    if not issue.actions:
        return
    action_class = _action.Action  # looked up once: the module loads here
    previous: datetime | None = None
    for index, action in enumerate(issue.actions):
        path = f"$.actions[{index}]"
        if not isinstance(action, action_class):
            problems.append(Problem(path, not_a("Action", action)))
            continue
        at = aware_instant(problems, f"{path}.at", action.at)
        if at is None:
            continue
        if opened is not None and at < opened:
            said = Phrase(
                "must not be before opened_at, got {got}", got=written(action.at)
            )
            problems.append(Problem(f"{path}.at", said))
        if previous is not None and at < previous:
            said = Phrase("actions must be listed oldest first")
            problems.append(Problem(f"{path}.at", said))
        if resolved is not None and at > resolved:
            said = Phrase(
                "must not be after resolved_at ({resolved})",
                resolved=written(issue.resolved_at),  # type: ignore[arg-type]
            )
            problems.append(Problem(f"{path}.at", said))
        previous = at


if not TYPE_CHECKING:  # hidden from type checkers, which would accept any name

    def __getattr__(name: str) -> Any:
        # Where Action was defined before it had a module of its own:
        # objects pickled then still load.
        if name == "Action":
            from escalation_matrix._model import action  # noqa: PLC0415

            return action.Action
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
