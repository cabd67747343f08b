"""Issues, decisions and plans as plain data, for other programs to exchange.

Times are ISO 8601 strings with their UTC offset; durations are written as in
matrix files (``"4h"``); levels and roles are written whole, and the names a
decision or plan mentions go with it, so one read back needs no matrix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timezone
from functools import cache
from typing import Any, Final, get_args

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn_from_attrs, override

from escalation_matrix._base.checks import child_path, nested
from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.instants import date_time_problem, instant, upper_z
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._model.action import MOVE_KINDS, Action
from escalation_matrix._model.calendar import zone_problem
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import ESCALATE_WHILE, Level, Role
from escalation_matrix._routing.decision import Assignment, Decision, names_of
from escalation_matrix._routing.names import NO_NAMES, CarriedNames
from escalation_matrix._routing.plan import Plan, Stage, carrying
from escalation_matrix._routing.reasons import (
    EntryCause,
    HoldCause,
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
    ReasonRepeated,
)
from escalation_matrix._serialization.detailed import (
    ClassSpec,
    in_file_order,
)
from escalation_matrix._serialization.hooks import (
    Parts,
    class_hook,
    list_with,
    plain_dict,
    structurers,
    unstructure_fn,
    unstructurers,
)
from escalation_matrix._serialization.leaves import (
    Hook,
    RefusedError,
    boolean,
    choice,
    duration,
    integer,
    list_of,
    not_an_object,
    optional,
    optional_text,
    refuse,
    short_repr,
    strings,
    subject_of,
    text,
    texts,
)
from escalation_matrix._serialization.subclasses import check_plain
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = [
    "as_written",
    "decision_to_data",
    "issue_parts",
    "issue_to_data",
    "local_moment",
    "past_microseconds",
    "plan_to_data",
    "read_payload",
    "reason_to_data",
]


# RFC 9557 adds the time zone's name to an ISO 8601 date-time:
# "2026-10-24T20:00:00+02:00[Europe/Rome]". The offset alone would lose the
# zone: routed times would come back at a fixed offset, wrong once the
# clocks change.
_ZONE_SUFFIX = re.compile(r"(?P<moment>[^\[]+)\[!?(?P<zone>[^\[\]=]+)\]\Z")


def local_moment(text: str) -> datetime | None:
    """Return the ISO 8601 date and time *text* if it has no UTC offset, else None.

    None too when *text* is not such a date and time, or names a zone:
    :func:`read_moment` says what it is.

    >>> local_moment("2026-11-27T09:00"), local_moment("2026-11-27T09:00Z")
    (datetime.datetime(2026, 11, 27, 9, 0), None)
    """
    if "[" in text or _finer_than_microseconds(text) or date_time_problem(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.utcoffset() is None else None


def write_moment(value: datetime) -> str:
    """Write *value* in ISO 8601, with its IANA time zone's name if it has one."""
    zone = getattr(value.tzinfo, "key", None)
    text = value.isoformat()
    return f"{text}[{zone}]" if isinstance(zone, str) else text


def read_moment(value: object) -> datetime | Phrase:
    """Read a timezone-aware ISO 8601 date-time (or a TOML date-time).

    A time zone's name may follow in brackets, as RFC 9557 writes it; the
    moment is then in that zone, whose offset must agree with the one given.

    Returns:
        The moment, or a phrase saying why *value* is not one.
    """
    zone_name = None
    # Problems quote the value as it was written, not as Python writes it.
    given = value
    if isinstance(value, str):
        # A zone's name in brackets ends the text: looked for only then.
        if value[-1:] == "]" and (match := _ZONE_SUFFIX.match(value)):
            value, zone_name = match["moment"], match["zone"]
        value = _from_text(value, given)
        if isinstance(value, Phrase):
            return value
    if not isinstance(value, datetime):
        return Phrase(
            "must be a date and time string, got {got}", got=short_repr(value)
        )
    zone = value.tzinfo
    # A fixed offset (as any time read from text has) always gives one.
    if zone is None or (type(zone) is not timezone and value.utcoffset() is None):
        return Phrase(
            "must include a UTC offset such as +00:00 or Z, got {got}",
            got=short_repr(given),
        )
    try:
        # Only in the first and last years can an instant with an offset
        # of less than a day fall outside the calendar in UTC.
        if not 1 < value.year < 9999:  # noqa: PLR2004
            value.astimezone(UTC)
    except OverflowError:
        return Phrase(
            "must fall within years 1 to 9999 in UTC, got {got}",
            got=short_repr(given),
        )
    return value if zone_name is None else _in_zone(value, zone_name)


def _from_text(text: str, given: object) -> datetime | Phrase:
    """Read the ISO 8601 date and time *text* (of *given*), or say why not."""
    if _finer_than_microseconds(text):
        # Python would cut the rest without a word.
        return past_microseconds(short_repr(given))
    form = date_time_problem(text, written=given)
    if form is not None:
        return form
    try:
        return datetime.fromisoformat(upper_z(text))
    except ValueError:
        return Phrase(
            "must be an ISO 8601 date and time with its UTC offset, got {got}",
            got=short_repr(given),
        )


def past_microseconds(got: str | Phrase) -> Phrase:
    """Say that a time (*got*, as written) is finer than microseconds."""
    return Phrase(
        "must give a second's fraction to at most 6 digits (microseconds), got {got}",
        got=got,
    )


def _finer_than_microseconds(text: str) -> bool:
    """Whether the ISO 8601 *text* gives a second's fraction past microseconds."""
    if "." not in text and "," not in text:
        return False
    match = re.search(r"[.,]([0-9]+)", text)
    return match is not None and len(match[1]) > 6  # noqa: PLR2004 -- microseconds


def _in_zone(value: datetime, name: str) -> datetime | Phrase:
    problem = zone_problem(name)
    if problem is not None:
        # Translators: {problem} says what is wrong with the name ("must be an
        # IANA time zone name...").
        return Phrase("time zone {problem}", problem=problem)
    from zoneinfo import ZoneInfo  # noqa: PLC0415 -- loaded when a zone is named

    zone = ZoneInfo(name)
    try:
        zoned = value.astimezone(zone)
    except OverflowError:
        # Translators: {zone} is an IANA time zone name, {got} an ISO 8601
        # date-time.
        return Phrase(
            "must fall within years 1 to 9999 in {zone}, got {got}",
            zone=name,
            got=repr(value.isoformat()),
        )
    if zoned.utcoffset() != value.utcoffset():
        # A wall-clock time a daylight-saving change skips is written with
        # the offset its fold gives (as Python computes it), and is read
        # back as that same wall-clock time and fold.
        for fold in (0, 1):
            skipped = value.replace(tzinfo=zone, fold=fold)
            if skipped.utcoffset() == value.utcoffset() and _skipped(skipped):
                return skipped
        # Translators: {moment} and {zoned} are ISO 8601 date-times, {zone}
        # an IANA time zone name.
        return Phrase(
            "the offset of {moment} is not {zone}'s at that moment ({zoned})",
            moment=value.isoformat(),
            zone=name,
            zoned=zoned.isoformat(),
        )
    return zoned


def _skipped(moment: datetime) -> bool:
    """Whether *moment*'s wall-clock time does not exist in its zone."""
    again = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return again.replace(tzinfo=None) != moment.replace(tzinfo=None)


# Reading ---------------------------------------------------------------
#
# Every payload is read by hooks that cattrs generates: for issues, actions,
# reasons and carried names from their own attrs fields, and for stages,
# decisions and plans from the records below, whose fields are the
# payload's keys. The hooks generated without detailed validation read a
# payload first; only when they fail do those generated with it say every
# problem of the payload, with its path.


def moment(value: Any, _: object = None) -> datetime:
    """Take a moment (see :func:`read_moment`)."""
    read = read_moment(value)
    if isinstance(read, Phrase):
        refuse(read)
    return read


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _attributes(value: Any, _: object = None) -> dict[str, Any]:
    """Take an issue's attributes: an object of strings, numbers, booleans or nulls."""
    # The issue's constructor copies the dict and checks its names.
    if type(value) is dict and all(type(item) in _SCALARS for item in value.values()):
        return value
    if not isinstance(value, dict):
        refuse(Phrase("must be an object, got {got}", got=short_repr(value)))
    problems = [
        Problem(
            f"$.{name}",
            Phrase(
                "must be a string, number, boolean or null, got {got}",
                got=short_repr(item),
            ),
        )
        for name, item in value.items()
        if not (item is None or isinstance(item, str | int | float | bool))
    ]
    if problems:
        raise RefusedError(problems)
    return dict(value)


def _round(value: Any, _: object = None) -> int:
    """Take the number of a round of a policy's repeat: 1 or more."""
    number = integer(value)
    if number < 1:
        refuse(Phrase("must be 1 or more, got {got}", got=shown(number)))
    return number


def _by_locale(value: Any, _: object = None) -> dict[str, dict[str, str]]:
    """Take an object whose values are objects of strings."""
    if not isinstance(value, dict):
        refuse(not_an_object(value))
    read: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for key, inner in value.items():
        try:
            read[key] = texts(inner)
        except RefusedError as refused:
            problems.extend(nested(child_path("$", key), refused.problems))
    if problems:
        raise RefusedError(problems)
    return read


class _Absent:
    """Marks a field the payload leaves out, where null means something else."""


#: The notification time of a payload that does not give one: written only
#: when the role is told later than the stage starts (null: never), and
#: payloads of earlier versions have none.
_ABSENT: Final = _Absent()


def _unread(record: object, *names: str) -> None:
    """Stop building when a needed field could not be read.

    Its problem is already recorded; the detailed reader gives such fields
    None in their place, to run the checks across the others.
    """
    if any(getattr(record, name) is None for name in names):
        raise ValidationError([])


@attrs.frozen(kw_only=True)
class _StagePayload:
    """A stage's payload, its fields the payload's keys.

    Made, it builds the stage it holds as ``built``: the hook cattrs
    generates for it then says the stage's own problems too, with those of
    the fields (see :func:`~escalation_matrix._serialization.detailed.read_class`).
    """

    level: Level
    role: Role
    responsibility: str
    start: datetime
    end: datetime | None = None
    notify_at: datetime | _Absent | None = _ABSENT
    cycle: int = 1
    reason: Any
    built: Stage = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "built", _stage(self))


def _stage(payload: _StagePayload) -> Stage:
    _unread(payload, "level", "role", "responsibility", "start", "reason")
    notify_at = payload.notify_at
    return Stage(
        payload.level,
        payload.role,
        payload.responsibility,
        payload.start,
        payload.end,
        payload.reason,
        notify_at=payload.start if isinstance(notify_at, _Absent) else notify_at,
        cycle=payload.cycle,
    )


@attrs.frozen(kw_only=True)
class _DecisionPayload:
    """A decision's payload, which builds the decision (see :class:`_StagePayload`)."""

    issue: Issue
    at: datetime
    level: Level
    role: Role
    responsibility: str
    since: datetime
    notify_at: datetime | _Absent | None = _ABSENT
    cycle: int = 1
    next_escalation_at: datetime | None = None
    next_level: Level | None = None
    severity: str | None = None
    resolved: bool | None = None
    fingerprint: str
    reasons: tuple[Any, ...]
    contacts: tuple[Contact, ...] = ()
    # Written by versions that carry names; older payloads have none, and
    # read back name levels by key unless rendered with their matrix.
    names: CarriedNames | None = None
    built: Decision = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "built", _decision(self))


def _decision(payload: _DecisionPayload) -> Decision:
    _unread(payload, "issue", "at", "level", "role", "responsibility", "since")
    _unread(payload, "fingerprint", "reasons")
    reasons = payload.reasons
    if not reasons:
        message = Phrase(
            "must not be empty: a decision has at least the reason it began"
        )
        raise ValidationError([Problem("$.reasons", message)], subject="decision")
    issue = payload.issue
    derived = issue.resolved_at is not None and instant(issue.resolved_at) <= instant(
        payload.at
    )
    # The policy resolves an issue once its levels have run (at_end).
    last = reasons[-1]
    derived = derived or (isinstance(last, ReasonHeld) and last.cause == "closed")
    resolved = payload.resolved
    if resolved is not None and resolved != derived:
        message = Phrase(
            "must be {expected} for the issue's resolved_at and at, got {got}",
            expected=shown(derived),
            got=shown_phrase(resolved),
        )
        raise ValidationError([Problem("$.resolved", message)], subject="decision")
    if payload.next_level is not None and payload.next_escalation_at is None:
        # Translators: next_escalation_at is a field's name, as written.
        message = Phrase("must be null when next_escalation_at is null")
        raise ValidationError([Problem("$.next_level", message)], subject="decision")
    role = payload.role
    names = payload.names or NO_NAMES
    levels = [payload.level]
    if payload.next_level is not None:
        levels.append(payload.next_level)
    _check_names(names, levels, "decision")
    # Written only when someone is to be contacted: none given is none.
    contacts = tuple(payload.contacts)
    step = Assignment(
        issue.issue_type,
        payload.severity,
        payload.level,
        role,
        payload.responsibility,
        payload.next_level,
        payload.fingerprint,
        contacts=None if contacts == role.contacts else contacts,
        names=names,
    )
    notify_at = payload.notify_at
    decision = Decision(
        issue,
        payload.at,
        payload.since,
        payload.next_escalation_at,
        step,
        tuple(reasons),
        notify_at=payload.since if isinstance(notify_at, _Absent) else notify_at,
        cycle=payload.cycle,
    )
    _check_kept(names, _decision_names(decision), "decision")
    return decision


@attrs.frozen(kw_only=True)
class _PlanPayload:
    """A plan's payload, which builds the plan (see :class:`_StagePayload`)."""

    issue: Issue
    severity: str | None = None
    stages: tuple[Stage, ...]
    held: Any
    fingerprint: str
    names: CarriedNames | None = None
    built: Plan = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "built", _plan(self))


def _plan(payload: _PlanPayload) -> Plan:
    _unread(payload, "issue", "stages", "held", "fingerprint")
    if not payload.stages:
        message = Phrase(
            "must not be empty: a plan has at least the stage it begins with"
        )
        raise ValidationError([Problem("$.stages", message)], subject="plan")
    held = payload.held
    if not isinstance(held, ReasonHeld):
        message = Phrase(
            "must be a reason of kind 'held', got one of kind {kind}",
            kind=repr(getattr(held, "kind", None)),
        )
        raise ValidationError([Problem("$.held", message)], subject="plan")
    names = payload.names or NO_NAMES
    _check_names(names, [stage.level for stage in payload.stages], "plan")
    timeline = carrying(
        Plan(
            payload.issue,
            payload.severity,
            tuple(payload.stages),
            held,
            payload.fingerprint,
        ),
        names,
    )
    _check_kept(names, _plan_names(timeline), "plan")
    return timeline


def _check_names(names: CarriedNames, levels: list[Level], subject: str) -> None:
    """Refuse names that give a level another role than the payload does.

    A payload writes its levels whole, and again in its names the role of
    each level it mentions: both must agree, or a result read back would
    name one level two ways. (Titles may differ: the names hold the source
    texts of a translated matrix.)

    Raises:
        ValidationError: listing each level named with another role.
    """
    problems = []
    for level in levels:
        given = names.level_roles.get(level.key)
        if given is not None and given != level.role:
            path = child_path("$.names.level_roles", level.key)
            message = Phrase(
                "must be {role}, the role of level {level}, got {got}",
                role=repr(level.role),
                level=repr(level.key),
                got=repr(given),
            )
            problems.append(Problem(path, message))
    if problems:
        raise ValidationError(problems, subject=subject)


#: The reasons, by their ``kind``.
_REASONS: Final[dict[str, type]] = {
    "entered": ReasonEntered,
    "escalated": ReasonEscalated,
    "moved": ReasonMoved,
    "repeated": ReasonRepeated,
    "held": ReasonHeld,
}

#: A valid value for each field that may fail, so that the object's own
#: checks still run on its other fields (see ClassSpec); None for the others.
_PLACEHOLDERS: Final[dict[type, dict[str, Any]]] = {
    Action: {"kind": "escalate", "reason": ""},
    Issue: {"issue_type": "x", "actions": (), "attributes": {}},
    ReasonEscalated: {"skipped": (), "cycle": 1},
    ReasonMoved: {"note": ""},
    CarriedNames: {"level_roles": {}, "texts": {}, "translations": {}},
    _StagePayload: {"cycle": 1},
    _DecisionPayload: {"cycle": 1, "contacts": ()},
}


@attrs.frozen
class _Readers:
    """The structure hooks of the payloads, generated for one setting.

    ``by_type`` reads each payload type; with detailed validation, ``parts``
    holds what each class's hook is made of (cattrs' generated hook, its
    fields' hooks and its :class:`ClassSpec`), for a top-level reader that
    lists a subclass's own fields among those expected.
    """

    by_type: dict[Any, Hook]
    parts: Parts


def _reason_reader(hooks: Mapping[str, Hook], only: type | None) -> Hook:
    """Read a reason: an object whose ``kind`` says which, of *only*'s if given."""
    kinds = {
        kind: hook
        for kind, hook in hooks.items()
        if only is None or issubclass(only, _REASONS[kind])
    }
    known = ", ".join(kinds)

    def structure(value: Any, _: object = None) -> Any:
        if not isinstance(value, dict):
            message = Phrase(
                "must be a reason (an object with a kind), got {got}",
                got=short_repr(value),
            )
            refuse(message)
        kind = value.get("kind")
        if not isinstance(kind, str) or kind not in kinds:
            if "kind" in value:
                message = Phrase(
                    "must be one of {choices}, got {got}",
                    choices=known,
                    got=short_repr(kind),
                )
            else:
                message = Phrase(
                    "missing required field; a reason's kind is one of {kinds}",
                    kinds=known,
                )
            raise RefusedError([Problem("$.kind", message)])
        fields = value.copy()
        del fields["kind"]
        return kinds[kind](fields, None)

    return structure


def _built(read: Hook) -> Hook:
    """Take a payload record through *read*, and give what it built."""

    def structure(value: Any, _: object = None) -> Any:
        return read(value, None).built

    return structure


@cache
def _structurers(*, forbid_extra_keys: bool, detailed: bool) -> _Readers:
    """Generate the structure hooks of the payloads.

    With *detailed*, they raise :class:`RefusedError` with every problem of
    the payload, its path from ``$``.
    """
    converter = cattrs.Converter()
    parts = structurers(forbid_extra_keys=forbid_extra_keys, detailed=detailed).by_type
    readers: dict[Any, Hook] = {}
    made: Parts = {}

    def make(cls: type, **fields: Hook) -> Hook:
        spec = ClassSpec(tuple(fields), _PLACEHOLDERS.get(cls, {}))
        hook = readers[cls] = class_hook(
            cls,
            converter,
            fields,
            spec,
            made,
            forbid_extra_keys=forbid_extra_keys,
            detailed=detailed,
        )
        return hook

    action = make(Action, kind=text, at=moment, reason=text, level=optional_text)
    optional_moment = optional(moment)
    issue = make(
        Issue,
        id=optional_text,
        issue_type=text,
        opened_at=moment,
        severity=optional_text,
        impact=optional_text,
        urgency=optional_text,
        acknowledged_at=optional_moment,
        resolved_at=optional_moment,
        actions=list_of(action),
        attributes=_attributes,
    )
    by_kind = {
        "entered": make(
            ReasonEntered,
            at=moment,
            level=text,
            cause=choice(get_args(EntryCause)),
            severity=optional_text,
            rule=optional_text,
            first_wait=optional(duration),
        ),
        "escalated": make(
            ReasonEscalated,
            at=moment,
            level=text,
            from_level=text,
            after=duration,
            since_opened=boolean,
            business_time=boolean,
            escalate_while=choice(ESCALATE_WHILE),
            skipped=strings,
            counted_from=optional_moment,
            cycle=_round,
        ),
        "moved": make(
            ReasonMoved,
            at=moment,
            level=text,
            from_level=text,
            action=choice(MOVE_KINDS),
            note=text,
        ),
        "repeated": make(
            ReasonRepeated,
            at=moment,
            level=text,
            from_level=text,
            cycle=_round,
            cycles=_round,
            wait=duration,
            acknowledged_at=optional_moment,
            first_wait=optional(duration),
        ),
        "held": make(
            ReasonHeld,
            at=moment,
            level=text,
            cause=choice(get_args(HoldCause)),
            severity=optional_text,
            rule=optional_text,
        ),
    }
    for cls in _REASONS.values():
        readers[cls] = _reason_reader(by_kind, cls)
    reason = readers[Reason] = _reason_reader(by_kind, None)
    names = make(CarriedNames, level_roles=texts, texts=texts, translations=_by_locale)
    level, role = parts[Level], parts[Role]
    stage = _built(
        make(
            _StagePayload,
            level=level,
            role=role,
            responsibility=text,
            start=moment,
            end=optional_moment,
            notify_at=optional_moment,
            cycle=_round,
            reason=reason,
        )
    )
    decision = make(
        _DecisionPayload,
        issue=issue,
        at=moment,
        level=level,
        role=role,
        responsibility=text,
        since=moment,
        notify_at=optional_moment,
        cycle=_round,
        next_escalation_at=optional_moment,
        next_level=optional(level),
        severity=optional_text,
        resolved=boolean,
        fingerprint=text,
        reasons=list_of(reason),
        contacts=list_of(parts[Contact]),
        names=names,
    )
    plan = make(
        _PlanPayload,
        issue=issue,
        severity=optional_text,
        stages=list_of(stage),
        held=reason,
        fingerprint=text,
        names=names,
    )
    readers[Stage] = stage
    readers[Decision] = _built(decision)
    readers[Plan] = _built(plan)
    return _Readers(readers, made)


def issue_parts(*, forbid_extra_keys: bool) -> tuple[Hook, dict[str, Hook], ClassSpec]:
    """What the detailed hook of an issue is made of, for a subclass's hook."""
    return _structurers(forbid_extra_keys=forbid_extra_keys, detailed=True).parts[Issue]


def read_payload(cls: Any, data: object, *, forbid_extra_keys: bool = True) -> Any:
    """Build an issue, action, decision, plan, stage or reason from *data*.

    Raises:
        ValidationError: listing every problem of *data* with its path.
    """
    readers = _structurers(forbid_extra_keys=forbid_extra_keys, detailed=False)
    try:
        return readers.by_type[cls](data, cls)
    except Exception:  # noqa: BLE001, S110 -- any failure: read again in detail below
        pass
    hook = _structurers(forbid_extra_keys=forbid_extra_keys, detailed=True).by_type[cls]
    try:
        return hook(data, cls)
    except RefusedError as refused:
        problems = in_file_order(refused.problems, data)
    if cls is Issue:
        problems = as_written(problems, data)
    subject = "reason" if cls is Reason else subject_of(cls)
    raise ValidationError(problems, subject=subject)


#: The issue's check of its times, which says them as the issue holds them.
_BEFORE_OPENED: Final = "must not be before opened_at ({opened}), got {got}"


def as_written(problems: list[Problem], data: object) -> list[Problem]:
    """Return an issue's *problems*, quoting the times of *data* as it wrote them."""
    if not isinstance(data, dict):
        return problems
    return [_as_written(problem, data) for problem in problems]


def _as_written(problem: Problem, data: dict[str, Any]) -> Problem:
    """Return *problem*, quoting the times of *data* as it wrote them."""
    phrase = problem.phrase
    name = problem.path.removeprefix("$.")
    opened, got = data.get("opened_at"), data.get(name)
    if (
        phrase is None
        or phrase.template != _BEFORE_OPENED
        or not isinstance(opened, str)
        or not isinstance(got, str)
    ):
        return problem
    said = Phrase(_BEFORE_OPENED, opened=shown(opened), got=shown(got))
    return Problem(problem.path, said)


# Writers ---------------------------------------------------------------
#
# Every payload is written by hooks cattrs generates: for issues, actions,
# reasons and carried names from their own attrs fields, and for stages,
# decisions and plans from the fields of the records above, read from the
# stage, decision or plan itself. Only the names a result mentions are
# worked out by hand, and added last.


def _moment(value: datetime | None) -> str | None:
    return None if value is None else write_moment(value)


@cache
def _unstructurers() -> dict[type, Callable[[Any], dict[str, Any]]]:
    """Generate the unstructure hooks of issues, actions and reasons."""
    converter = cattrs.Converter()
    action = unstructure_fn(
        Action,
        converter,
        ("kind", "at", "reason", "level"),
        optional=("reason", "level"),
        hooks={"at": write_moment},
    )
    optional = (
        "id",
        "severity",
        "impact",
        "urgency",
        "acknowledged_at",
        "resolved_at",
        "actions",
        "attributes",
    )
    issue = unstructure_fn(
        Issue,
        converter,
        ("id", "issue_type", "opened_at", *optional[1:]),
        optional=optional,
        hooks={
            "opened_at": write_moment,
            "acknowledged_at": write_moment,
            "resolved_at": write_moment,
            "actions": list_with(action),
            "attributes": plain_dict,
        },
    )
    at: dict[str, Callable[[Any], Any]] = {"at": write_moment}
    reasons = {
        ReasonEntered: unstructure_fn(
            ReasonEntered,
            converter,
            ("at", "level", "cause", "severity", "rule", "first_wait"),
            optional=("severity", "rule", "first_wait"),
            hooks={**at, "first_wait": format_duration},
        ),
        ReasonEscalated: unstructure_fn(
            ReasonEscalated,
            converter,
            (
                "at",
                "level",
                "from_level",
                "after",
                "since_opened",
                "business_time",
                "escalate_while",
                "skipped",
                "counted_from",
                "cycle",
            ),
            optional=("skipped", "counted_from", "cycle"),
            hooks={
                **at,
                "after": format_duration,
                "skipped": list,
                "counted_from": write_moment,
            },
        ),
        ReasonMoved: unstructure_fn(
            ReasonMoved,
            converter,
            ("at", "level", "from_level", "action", "note"),
            optional=("note",),
            hooks=at,
        ),
        ReasonRepeated: unstructure_fn(
            ReasonRepeated,
            converter,
            (
                "at",
                "level",
                "from_level",
                "cycle",
                "cycles",
                "wait",
                "acknowledged_at",
                "first_wait",
            ),
            optional=("acknowledged_at", "first_wait"),
            hooks={
                **at,
                "wait": format_duration,
                "acknowledged_at": write_moment,
                "first_wait": format_duration,
            },
        ),
        ReasonHeld: unstructure_fn(
            ReasonHeld,
            converter,
            ("at", "level", "cause", "severity", "rule"),
            optional=("severity", "rule"),
            hooks=at,
        ),
    }
    return {Action: action, Issue: issue, **reasons}


def action_to_data(action: Action) -> dict[str, Any]:
    """Return *action* as a payload."""
    return _unstructurers()[Action](action)


def issue_to_data(issue: Issue) -> dict[str, Any]:
    """Return *issue* as a payload."""
    return _unstructurers()[Issue](issue)


def reason_to_data(reason: Reason) -> dict[str, Any]:
    """Return *reason* as a payload, its ``kind`` first."""
    writers = _unstructurers()
    write = writers.get(type(reason))
    if write is None:  # a subclass: written as the reason it extends
        write = next(writers[base] for base in type(reason).__mro__ if base in writers)
    out: dict[str, Any] = {"kind": reason.kind}
    out.update(write(reason))
    return out


def _mentioned(reasons: Iterable[Reason]) -> Iterator[str]:
    """Yield the keys of the levels *reasons* name."""
    for reason in reasons:
        if isinstance(reason, ReasonEscalated | ReasonMoved | ReasonRepeated):
            yield reason.from_level
        if isinstance(reason, ReasonEscalated):
            yield from reason.skipped
        yield reason.level


def _mentioned_names(
    result: Decision | Plan, levels: Iterable[str], reasons: tuple[Reason, ...]
) -> CarriedNames:
    """Return the names *result* carries that it mentions."""
    severities = [result.severity]
    severities += [
        reason.severity
        for reason in reasons
        if isinstance(reason, ReasonEntered | ReasonHeld)
    ]
    mentioned = [*levels, *_mentioned(reasons)]
    return names_of(result).only(mentioned, severities, result.issue.issue_type)


def _decision_names(decision: Decision) -> CarriedNames:
    """The names a decision's payload carries: those it mentions."""
    levels = [decision.level.key]
    if decision.next_level is not None:
        levels.append(decision.next_level.key)
    return _mentioned_names(decision, levels, decision.reasons)


def _plan_names(plan: Plan) -> CarriedNames:
    """The names a plan's payload carries: those it mentions."""
    reasons = (*(stage.reason for stage in plan.stages), plan.held)
    levels = [stage.level.key for stage in plan.stages]
    return _mentioned_names(plan, levels, reasons)


def _check_kept(given: CarriedNames, kept: CarriedNames, subject: str) -> None:
    """Refuse names *given* that the result read does not keep.

    A result keeps the names of what it mentions, and writes those: any
    other would be lost when it is written back.

    Raises:
        ValidationError: naming each name that would be lost.
    """
    # A decision or plan payload carries names (of levels, roles,
    # severities) only for what it mentions.
    said = Phrase(
        "would be lost when written back: only names of what it mentions are kept"
    )
    problems = [
        Problem(child_path(f"$.names.{part}", key), said)
        for part in ("level_roles", "texts")
        for key in getattr(given, part)
        if key not in getattr(kept, part)
    ]
    for locale, translated in given.translations.items():
        keeping = kept.translations.get(locale, {})
        where = child_path("$.names.translations", locale)
        problems.extend(
            Problem(child_path(where, key), said)
            for key in translated
            if key not in keeping
        )
    if problems:
        raise ValidationError(problems, subject=subject)


def _with_names(out: dict[str, Any], names: CarriedNames) -> dict[str, Any]:
    """Add *names* to the payload *out*, last, unless there are none."""
    if names:
        out["names"] = _result_writers()[CarriedNames](names)
    return out


def _check_parts(level: Level, role: Role, issue: Issue | None, where: str) -> None:
    # The payload's shape is fixed: subclasses' extra fields have no place.
    check_plain(level, Level, "$.level", where)
    check_plain(role, Role, "$.role", where)
    if issue is not None:
        check_plain(issue, Issue, "$.issue", where)


def _payload_writer(
    record: type,
    model: type,
    hooks: dict[str, Callable[[Any], Any]],
    *,
    optional: tuple[str, ...],
    computed: tuple[str, ...] = (),
) -> Callable[[Any], dict[str, Any]]:
    """Generate the unstructure hook writing a *model* object as *record*'s payload.

    The code cattrs generates from *record*'s fields (those a reader gives)
    reads each from the object by name, in the payload's order, through
    its hook in *hooks*. Fields in *optional* are left out when they hold
    their default: the model's own where it has one (a notification time
    is that of arrival), else the record's. *computed* fields are the
    caller's to add.

    cattrs writes the fields always written before the others, so the
    payload is written by one generated hook per run of fields in which
    none always written follows an optional one, joined in order.
    """
    defaults = {
        field.name: field
        for field in attrs.fields(model)
        if field.default is not attrs.NOTHING
    }
    runs: list[list[attrs.Attribute[Any]]] = []
    for field in attrs.fields(record):
        if not field.init or field.name in computed:
            continue
        written = defaults.get(field.name, field)
        if not runs or (field.name not in optional and runs[-1][-1].name in optional):
            runs.append([])
        runs[-1].append(written)
    converter = cattrs.Converter()
    writers: list[Callable[[Any], dict[str, Any]]] = []
    for run in runs:
        overrides: dict[str, Any] = {
            field.name: override(
                omit_if_default=field.name in optional,
                unstruct_hook=hooks.get(field.name, cattrs.fns.identity),
            )
            for field in run
        }
        writers.append(
            make_dict_unstructure_fn_from_attrs(run, model, converter, **overrides)
        )
    first, *rest = writers

    def unstructure(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = first(obj)
        for write in rest:
            data.update(write(obj))
        return data

    return unstructure


def _translations_to_data(
    translations: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    return {locale: plain_dict(texts) for locale, texts in translations.items()}


@cache
def _result_writers() -> dict[type, Callable[[Any], dict[str, Any]]]:
    """Generate the unstructure hooks of stages, decisions, plans and their names."""
    parts = unstructurers()
    level, role = parts[Level], parts[Role]
    stage = _payload_writer(
        _StagePayload,
        Stage,
        {
            "level": level,
            "role": role,
            "start": write_moment,
            "end": write_moment,
            "notify_at": _moment,
            "reason": reason_to_data,
        },
        optional=("end", "notify_at", "cycle"),
    )
    decision = _payload_writer(
        _DecisionPayload,
        Decision,
        {
            "issue": issue_to_data,
            "at": write_moment,
            "level": level,
            "role": role,
            "since": write_moment,
            "notify_at": _moment,
            # Without a next level, when the policy resolves the issue.
            "next_escalation_at": write_moment,
            "next_level": level,
            "reasons": list_with(reason_to_data),
            "contacts": list_with(parts[Contact]),
        },
        optional=(
            "notify_at",
            "cycle",
            "next_escalation_at",
            "next_level",
            "severity",
            "contacts",
        ),
        computed=("names",),
    )
    plan = _payload_writer(
        _PlanPayload,
        Plan,
        {
            "issue": issue_to_data,
            "stages": list_with(stage_to_data),
            "held": reason_to_data,
        },
        optional=("severity",),
        computed=("names",),
    )
    names = unstructure_fn(
        CarriedNames,
        cattrs.Converter(),
        ("level_roles", "texts", "translations"),
        optional=("translations",),
        hooks={
            "level_roles": plain_dict,
            "texts": plain_dict,
            "translations": _translations_to_data,
        },
    )
    return {Stage: stage, Decision: decision, Plan: plan, CarriedNames: names}


def decision_to_data(decision: Decision) -> dict[str, Any]:
    """Return *decision* as a payload.

    Raises:
        UnserializableError: its level, next level, role, contacts or issue
            is of a subclass with extra fields.
    """
    where = "a decision payload"
    _check_parts(decision.level, decision.role, decision.issue, where)
    if decision.next_level is not None:
        check_plain(decision.next_level, Level, "$.next_level", where)
    for index, contact in enumerate(decision.contacts):
        check_plain(contact, Contact, f"$.contacts[{index}]", where)
    out = _result_writers()[Decision](decision)
    return _with_names(out, _decision_names(decision))


def stage_to_data(stage: Stage) -> dict[str, Any]:
    """Return *stage* as a payload.

    Raises:
        UnserializableError: its level or role is of a subclass with extra
            fields.
    """
    _check_parts(stage.level, stage.role, None, "a stage payload")
    return _result_writers()[Stage](stage)


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Return *plan* as a payload.

    Raises:
        UnserializableError: its issue, or a stage's level or role, is of a
            subclass with extra fields.
    """
    check_plain(plan.issue, Issue, "$.issue", "a plan payload")
    out = _result_writers()[Plan](plan)
    return _with_names(out, _plan_names(plan))


WRITERS: Final[Mapping[type, Callable[[Any], Any]]] = {
    Issue: issue_to_data,
    Action: action_to_data,
    Decision: decision_to_data,
    Plan: plan_to_data,
    Stage: stage_to_data,
    ReasonEntered: reason_to_data,
    ReasonEscalated: reason_to_data,
    ReasonMoved: reason_to_data,
    ReasonHeld: reason_to_data,
    ReasonRepeated: reason_to_data,
}
