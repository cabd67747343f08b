"""Issues, decisions and plans as plain data, for other programs to exchange.

Times are ISO 8601 strings with their UTC offset; durations are written as in
matrix files (``"4h"``); levels and roles are written whole, and the names a
decision or plan mentions go with it, so one read back needs no matrix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Final, get_args

import cattrs

from escalation_matrix._base.checks import child_path, nested
from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.instants import instant
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._model.calendar import zone_problem
from escalation_matrix._model.consistency import PartlyRead
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.issue import MOVE_KINDS, Action, Issue
from escalation_matrix._model.matrix import ESCALATE_WHILE, Level, Role
from escalation_matrix._routing.decision import (
    Assignment,
    Decision,
    Plan,
    Stage,
    carrying,
    names_of,
)
from escalation_matrix._routing.names import NO_NAMES, CarriedNames
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
from escalation_matrix._serialization.hooks import (
    list_with,
    plain_dict,
    structure_fn,
    unstructure_fn,
)
from escalation_matrix._serialization.leaves import (
    Hook,
    RefusedError,
    each,
    optional_text,
    text,
)
from escalation_matrix._serialization.matrix_format import (
    contact_to_data,
    level_to_data,
    role_to_data,
)
from escalation_matrix._serialization.matrix_format import (
    read_object as read_matrix_part,
)
from escalation_matrix._serialization.reading import (
    UNREADABLE,
    Field,
    Reader,
    Spec,
    boolean,
    dict_of_strings,
    duration,
    in_file_order,
    integer,
    list_of,
    nullable,
    object_of,
    one_of,
    put_unless_default,
    short_repr,
    string,
)
from escalation_matrix._serialization.subclasses import check_plain
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = [
    "decision_to_data",
    "issue_to_data",
    "plan_to_data",
    "read_payload",
    "reason_to_data",
]


# RFC 9557 adds the time zone's name to an ISO 8601 date-time:
# "2026-10-24T20:00:00+02:00[Europe/Rome]". The offset alone would lose the
# zone: routed times would come back at a fixed offset, wrong once the
# clocks change.
_ZONE_SUFFIX = re.compile(r"(?P<moment>[^\[]+)\[!?(?P<zone>[^\[\]=]+)\]\Z")


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
    written = short_repr(value)
    if isinstance(value, str) and (match := _ZONE_SUFFIX.match(value)):
        value, zone_name = match["moment"], match["zone"]
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return Phrase(
                "must be an ISO 8601 date and time with its UTC offset, got {got}",
                got=written,
            )
    if not isinstance(value, datetime):
        return Phrase(
            "must be a date and time string, got {got}", got=short_repr(value)
        )
    if value.utcoffset() is None:
        return Phrase(
            "must include a UTC offset such as +00:00 or Z, got {got}",
            got=written,
        )
    try:
        value.astimezone(UTC)
    except OverflowError:
        return Phrase(
            "must fall within years 1 to 9999 in UTC, got {got}",
            got=written,
        )
    return value if zone_name is None else _in_zone(value, zone_name)


def moment(value: object, path: str, reader: Reader) -> Any:
    """Accept a moment (see :func:`read_moment`)."""
    read = read_moment(value)
    if isinstance(read, Phrase):
        reader.problems.append(Problem(path, read))
        return UNREADABLE
    return read


def _in_zone(value: datetime, name: str) -> datetime | Phrase:
    problem = zone_problem(name)
    if problem is not None:
        # Translators: {problem} says what is wrong with the name ("must be an
        # IANA time zone name...").
        return Phrase("time zone {problem}", problem=problem)
    from zoneinfo import ZoneInfo  # noqa: PLC0415 -- loaded when a zone is named

    zone = ZoneInfo(name)
    zoned = value.astimezone(zone)
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


def _attributes(value: object, path: str, reader: Reader) -> Any:
    if not isinstance(value, dict):
        said = Phrase("must be an object, got {got}", got=short_repr(value))
        reader.problems.append(Problem(path, said))
        return UNREADABLE
    start = len(reader.problems)
    for name, item in value.items():
        if not (item is None or isinstance(item, str | int | float | bool)):
            message = Phrase(
                "must be a string, number, boolean or null, got {got}",
                got=short_repr(item),
            )
            reader.problems.append(Problem(f"{path}.{name}", message))
    return UNREADABLE if len(reader.problems) > start else dict(value)


def _matrix_part(cls: type) -> Callable[[object, str, Reader], Any]:
    def converter(value: object, path: str, reader: Reader) -> Any:
        try:
            return read_matrix_part(
                cls, value, forbid_extra_keys=reader.forbid_extra_keys
            )
        except ValidationError as error:
            reader.problems.extend(nested(path, error.problems))
            return UNREADABLE

    return converter


_ACTION_SPEC: Final = {
    "kind": Field(string, required=True, placeholder="escalate"),
    "at": Field(moment, required=True),
    "reason": Field(string, placeholder=""),
    "level": Field(nullable(string)),
}
_ISSUE_SPEC: Final = {
    "id": Field(nullable(string)),
    "issue_type": Field(string, required=True, placeholder="x"),
    "opened_at": Field(moment, required=True),
    "severity": Field(nullable(string)),
    "impact": Field(nullable(string)),
    "urgency": Field(nullable(string)),
    "acknowledged_at": Field(nullable(moment)),
    "resolved_at": Field(nullable(moment)),
    "actions": Field(list_of(object_of(Action, _ACTION_SPEC)), placeholder=()),
    "attributes": Field(_attributes, placeholder={}),
}


# The generated hooks read issues and actions first; only when one fails is
# the payload read again field by field, to report every problem with its
# path. They take a subset of what the field readers take.


def _take_moment(value: Any, _: object = None) -> datetime:
    read = read_moment(value)
    if isinstance(read, Phrase):
        raise RefusedError([])
    return read


def _take_optional_moment(value: Any, _: object = None) -> datetime | None:
    return None if value is None else _take_moment(value)


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _take_attributes(value: Any, _: object = None) -> dict[str, Any]:
    # The issue's constructor copies the dict and checks its names.
    if type(value) is dict and all(type(item) in _SCALARS for item in value.values()):
        return value
    raise RefusedError([])


@cache
def _structurers(*, forbid_extra_keys: bool) -> dict[type, Hook]:
    """Generate the structure hooks of issues and actions."""
    converter = cattrs.Converter()
    action = structure_fn(
        Action,
        converter,
        forbid_extra_keys=forbid_extra_keys,
        hooks={
            "kind": text,
            "at": _take_moment,
            "reason": text,
            "level": optional_text,
        },
    )
    issue = structure_fn(
        Issue,
        converter,
        forbid_extra_keys=forbid_extra_keys,
        hooks={
            "issue_type": text,
            "opened_at": _take_moment,
            "severity": optional_text,
            "impact": optional_text,
            "urgency": optional_text,
            "acknowledged_at": _take_optional_moment,
            "resolved_at": _take_optional_moment,
            "actions": lambda value, _: each(value, action),
            "attributes": _take_attributes,
            "id": optional_text,
        },
    )
    return {Action: action, Issue: issue}


def _round(value: object, path: str, reader: Reader) -> Any:
    """Accept the number of a round of a policy's repeat: 1 or more."""
    number = integer(value, path, reader)
    if number is UNREADABLE or number >= 1:
        return number
    said = Phrase("must be 1 or more, got {got}", got=str(number))
    reader.problems.append(Problem(path, said))
    return UNREADABLE


_REASON_SPECS: Final[dict[str, tuple[type, Spec]]] = {
    "entered": (
        ReasonEntered,
        {
            "at": Field(moment, required=True),
            "level": Field(string, required=True),
            "cause": Field(one_of(get_args(EntryCause)), required=True),
            "severity": Field(nullable(string)),
            "rule": Field(nullable(string)),
            "first_wait": Field(nullable(duration)),
        },
    ),
    "escalated": (
        ReasonEscalated,
        {
            "at": Field(moment, required=True),
            "level": Field(string, required=True),
            "from_level": Field(string, required=True),
            "after": Field(duration, required=True),
            "since_opened": Field(boolean, required=True),
            "business_time": Field(boolean, required=True),
            "escalate_while": Field(one_of(ESCALATE_WHILE), required=True),
            "skipped": Field(list_of(string), placeholder=()),
            "counted_from": Field(nullable(moment)),
            "cycle": Field(_round, placeholder=1),
        },
    ),
    "moved": (
        ReasonMoved,
        {
            "at": Field(moment, required=True),
            "level": Field(string, required=True),
            "from_level": Field(string, required=True),
            "action": Field(one_of(MOVE_KINDS), required=True),
            "note": Field(string, placeholder=""),
        },
    ),
    "repeated": (
        ReasonRepeated,
        {
            "at": Field(moment, required=True),
            "level": Field(string, required=True),
            "from_level": Field(string, required=True),
            "cycle": Field(_round, required=True),
            "cycles": Field(_round, required=True),
            "wait": Field(duration, required=True),
            "acknowledged_at": Field(nullable(moment)),
            "first_wait": Field(nullable(duration)),
        },
    ),
    "held": (
        ReasonHeld,
        {
            "at": Field(moment, required=True),
            "level": Field(string, required=True),
            "cause": Field(one_of(get_args(HoldCause)), required=True),
            "severity": Field(nullable(string)),
            "rule": Field(nullable(string)),
        },
    ),
}


def reason(value: object, path: str, reader: Reader, only: type | None = None) -> Any:
    """Accept a reason: an object whose ``kind`` says which, of *only*'s if given."""
    specs = {
        kind: spec
        for kind, spec in _REASON_SPECS.items()
        if only is None or issubclass(only, spec[0])
    }
    known = ", ".join(specs)
    if not isinstance(value, dict):
        message = Phrase(
            "must be a reason (an object with a kind), got {got}",
            got=short_repr(value),
        )
        reader.problems.append(Problem(path, message))
        return UNREADABLE
    kind = value.get("kind")
    if type(kind) is not str or kind not in specs:
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
        reader.problems.append(Problem(f"{path}.kind", message))
        return UNREADABLE
    cls, spec = specs[kind]
    fields = {key: item for key, item in value.items() if key != "kind"}
    return reader.build(cls, fields, path, spec)


# Written by versions that carry names; older payloads have none, and read
# back name levels by key unless rendered with their matrix.
def _by_locale(value: object, path: str, reader: Reader) -> Any:
    """Accept an object whose values are objects of strings."""
    if not isinstance(value, dict):
        return dict_of_strings(value, path, reader)  # says what is expected
    start = len(reader.problems)
    read = {
        key: dict_of_strings(texts, child_path(path, key), reader)
        for key, texts in value.items()
    }
    return UNREADABLE if len(reader.problems) > start else read


_NAMES_SPEC: Final = {
    "level_roles": Field(dict_of_strings, placeholder={}),
    "texts": Field(dict_of_strings, placeholder={}),
    "translations": Field(_by_locale, placeholder={}),
}
_NAMES: Final = Field(object_of(CarriedNames, _NAMES_SPEC))

_STAGE_SPEC: Final = {
    "level": Field(_matrix_part(Level), required=True),
    "role": Field(_matrix_part(Role), required=True),
    "responsibility": Field(string, required=True),
    "start": Field(moment, required=True),
    "end": Field(nullable(moment)),
    "notify_at": Field(nullable(moment)),
    "cycle": Field(_round, placeholder=1),
    "reason": Field(reason, required=True),
}

_DECISION_SPEC: Final = {
    "issue": Field(object_of(Issue, _ISSUE_SPEC), required=True),
    "at": Field(moment, required=True),
    "level": Field(_matrix_part(Level), required=True),
    "role": Field(_matrix_part(Role), required=True),
    "responsibility": Field(string, required=True),
    "since": Field(moment, required=True),
    "notify_at": Field(nullable(moment)),
    "cycle": Field(_round, placeholder=1),
    "next_escalation_at": Field(nullable(moment)),
    "next_level": Field(nullable(_matrix_part(Level))),
    "severity": Field(nullable(string)),
    "resolved": Field(boolean),
    "fingerprint": Field(string, required=True),
    "reasons": Field(list_of(reason), required=True),
    "contacts": Field(list_of(_matrix_part(Contact)), placeholder=()),
    "names": _NAMES,
}


def _unread(fields: dict[str, Any], *names: str) -> None:
    """Stop building when a needed field could not be read.

    Its problem is already recorded; the reader fills such fields with None.
    """
    if any(fields.get(name) is None for name in names):
        raise ValidationError([])


def _stage(**fields: Any) -> Stage:
    _unread(fields, "level", "role", "responsibility", "start", "reason")
    return Stage(
        fields["level"],
        fields["role"],
        fields["responsibility"],
        fields["start"],
        fields.get("end"),
        fields["reason"],
        # Written only when the role is told later than the stage starts
        # (null: never); payloads of earlier versions have neither.
        notify_at=fields.get("notify_at", fields["start"]),
        cycle=fields.get("cycle", 1),
    )


_PLAN_SPEC: Final = {
    "issue": Field(object_of(Issue, _ISSUE_SPEC), required=True),
    "severity": Field(nullable(string)),
    "stages": Field(list_of(object_of(_stage, _STAGE_SPEC)), required=True),
    "held": Field(reason, required=True),
    "fingerprint": Field(string, required=True),
    "names": _NAMES,
}


def _decision(**fields: Any) -> Decision:
    _unread(fields, "issue", "at", "level", "role", "responsibility", "since")
    _unread(fields, "fingerprint", "reasons")
    if not fields["reasons"]:
        message = Phrase(
            "must not be empty: a decision has at least the reason it began"
        )
        raise ValidationError([Problem("$.reasons", message)], subject="decision")
    issue: Issue = fields["issue"]
    resolved = fields.pop("resolved", None)
    derived = issue.resolved_at is not None and instant(issue.resolved_at) <= instant(
        fields["at"]
    )
    # The policy resolves an issue once its levels have run (at_end).
    last = fields["reasons"][-1]
    derived = derived or (isinstance(last, ReasonHeld) and last.cause == "closed")
    if resolved is not None and resolved != derived:
        message = Phrase(
            "must be {expected} for the issue's resolved_at and at, got {got}",
            expected=shown(derived),
            got=shown_phrase(resolved),
        )
        raise ValidationError([Problem("$.resolved", message)], subject="decision")
    # Written only when someone is to be contacted: none given is none.
    role: Role = fields["role"]
    names: CarriedNames = fields.get("names") or NO_NAMES
    levels = [fields["level"]]
    if fields.get("next_level") is not None:
        levels.append(fields["next_level"])
    _check_names(names, levels, "decision")
    contacts = tuple(fields.get("contacts", ()))
    step = Assignment(
        issue.issue_type,
        fields.get("severity"),
        fields["level"],
        role,
        fields["responsibility"],
        fields.get("next_level"),
        fields["fingerprint"],
        contacts=None if contacts == role.contacts else contacts,
        names=names,
    )
    return Decision(
        issue,
        fields["at"],
        fields["since"],
        fields.get("next_escalation_at"),
        step,
        tuple(fields["reasons"]),
        notify_at=fields.get("notify_at", fields["since"]),
        cycle=fields.get("cycle", 1),
    )


def _plan(**fields: Any) -> Plan:
    _unread(fields, "issue", "stages", "held", "fingerprint")
    if not fields["stages"]:
        message = Phrase(
            "must not be empty: a plan has at least the stage it begins with"
        )
        raise ValidationError([Problem("$.stages", message)], subject="plan")
    if not isinstance(fields["held"], ReasonHeld):
        message = Phrase(
            "must be a reason of kind 'held', got one of kind {kind}",
            kind=repr(getattr(fields["held"], "kind", None)),
        )
        raise ValidationError([Problem("$.held", message)], subject="plan")
    names: CarriedNames = fields.get("names") or NO_NAMES
    _check_names(names, [stage.level for stage in fields["stages"]], "plan")
    timeline = Plan(
        fields["issue"],
        fields.get("severity"),
        tuple(fields["stages"]),
        fields["held"],
        fields["fingerprint"],
    )
    return carrying(timeline, names)


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


_READERS: Final[dict[type, tuple[Callable[..., Any], Spec]]] = {
    Issue: (Issue, _ISSUE_SPEC),
    Action: (Action, _ACTION_SPEC),
    Decision: (_decision, _DECISION_SPEC),
    Plan: (_plan, _PLAN_SPEC),
    Stage: (_stage, _STAGE_SPEC),
}


def read_payload(
    cls: type,
    data: object,
    *,
    forbid_extra_keys: bool = True,
    more_fields: tuple[str, ...] = (),
) -> Any:
    """Build an issue, action, decision, plan, stage or reason from *data*.

    *more_fields* are as for
    :func:`~escalation_matrix._serialization.matrix_format.read_object`.

    Raises:
        ValidationError: listing every problem of *data* with its path.
    """
    if cls in (Issue, Action) and not more_fields:
        hook = _structurers(forbid_extra_keys=forbid_extra_keys)[cls]
        try:
            return hook(data, cls)
        except Exception:  # noqa: BLE001, S110 -- any failure: read field by field below
            pass
    reader = Reader(forbid_extra_keys=forbid_extra_keys, more_fields=more_fields)
    if cls in _READERS:
        build, spec = _READERS[cls]
        result = reader.build(build, data, "$", spec)
    else:
        only = None if cls is Reason else cls  # type: ignore[comparison-overlap]
        result = reason(data, "$", reader, only)
    if result is UNREADABLE or isinstance(result, PartlyRead) or reader.problems:
        problems = in_file_order(reader.problems, data)
        if cls is Issue and isinstance(data, dict):
            problems = [_as_written(problem, data) for problem in problems]
        raise ValidationError(problems, subject=cls.__name__.lower())
    return result


#: The issue's check of its times, which says them as the issue holds them.
_BEFORE_OPENED: Final = "must not be before opened_at ({opened}), got {got}"


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


def _moment(value: datetime | None) -> str | None:
    return None if value is None else write_moment(value)


def _duration(value: timedelta | None) -> str | None:
    return None if value is None else format_duration(value)


@cache
def _unstructurers() -> dict[type, Callable[[Any], dict[str, Any]]]:
    """Generate the unstructure hooks of issues and actions."""
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
    return {Action: action, Issue: issue}


def action_to_data(action: Action) -> dict[str, Any]:
    """Return *action* as a payload."""
    return _unstructurers()[Action](action)


def issue_to_data(issue: Issue) -> dict[str, Any]:
    """Return *issue* as a payload."""
    return _unstructurers()[Issue](issue)


def reason_to_data(reason: Reason) -> dict[str, Any]:
    """Return *reason* as a payload, its ``kind`` first."""
    out: dict[str, Any] = {
        "kind": reason.kind,
        "at": write_moment(reason.at),
        "level": reason.level,
    }
    if isinstance(reason, ReasonEntered | ReasonHeld):
        out["cause"] = reason.cause
        put_unless_default(out, "severity", reason.severity, None)
        put_unless_default(out, "rule", reason.rule, None)
        if isinstance(reason, ReasonEntered):
            put_unless_default(out, "first_wait", _duration(reason.first_wait), None)
    elif isinstance(reason, ReasonRepeated):
        out["from_level"] = reason.from_level
        out["cycle"] = reason.cycle
        out["cycles"] = reason.cycles
        out["wait"] = format_duration(reason.wait)
        put_unless_default(
            out, "acknowledged_at", _moment(reason.acknowledged_at), None
        )
        put_unless_default(out, "first_wait", _duration(reason.first_wait), None)
    elif isinstance(reason, ReasonEscalated):
        out["from_level"] = reason.from_level
        out["after"] = format_duration(reason.after)
        out["since_opened"] = reason.since_opened
        out["business_time"] = reason.business_time
        out["escalate_while"] = reason.escalate_while
        put_unless_default(out, "skipped", list(reason.skipped), [])
        put_unless_default(out, "counted_from", _moment(reason.counted_from), None)
        put_unless_default(out, "cycle", reason.cycle, 1)
    else:
        out["from_level"] = reason.from_level
        out["action"] = reason.action
        put_unless_default(out, "note", reason.note, "")
    return out


def _mentioned(reasons: Iterable[Reason]) -> Iterator[str]:
    """Yield the keys of the levels *reasons* name."""
    for reason in reasons:
        if isinstance(reason, ReasonEscalated | ReasonMoved | ReasonRepeated):
            yield reason.from_level
        if isinstance(reason, ReasonEscalated):
            yield from reason.skipped
        yield reason.level


def _names_to_data(
    result: Decision | Plan, levels: Iterable[str], reasons: tuple[Reason, ...]
) -> dict[str, Any] | None:
    """Return the names *result* mentions, or None if it carries none."""
    severities = [result.severity]
    severities += [
        reason.severity
        for reason in reasons
        if isinstance(reason, ReasonEntered | ReasonHeld)
    ]
    mentioned = [*levels, *_mentioned(reasons)]
    used = names_of(result).only(mentioned, severities, result.issue.issue_type)
    if not used:
        return None
    data: dict[str, Any] = {
        "level_roles": dict(used.level_roles),
        "texts": dict(used.texts),
    }
    if used.translations:
        data["translations"] = {
            locale: dict(texts) for locale, texts in used.translations.items()
        }
    return data


def _check_parts(level: Level, role: Role, issue: Issue | None, where: str) -> None:
    # The payload's shape is fixed: subclasses' extra fields have no place.
    check_plain(level, Level, "$.level", where)
    check_plain(role, Role, "$.role", where)
    if issue is not None:
        check_plain(issue, Issue, "$.issue", where)


def decision_to_data(decision: Decision) -> dict[str, Any]:
    """Return *decision* as a payload.

    Raises:
        UnserializableError: its level, role or issue is of a subclass with
            extra fields.
    """
    _check_parts(decision.level, decision.role, decision.issue, "a decision payload")
    next_level = decision.next_level
    out: dict[str, Any] = {
        "issue": issue_to_data(decision.issue),
        "at": write_moment(decision.at),
        "level": level_to_data(decision.level),
        "role": role_to_data(decision.role),
        "responsibility": decision.responsibility,
        "since": write_moment(decision.since),
    }
    _put_timing(out, decision.since, decision.notify_at, decision.cycle)
    if decision.next_escalation_at is not None:
        # Without a next level, when the policy resolves the issue.
        out["next_escalation_at"] = write_moment(decision.next_escalation_at)
    if next_level is not None:
        out["next_level"] = level_to_data(next_level)
    put_unless_default(out, "severity", decision.severity, None)
    out["resolved"] = decision.resolved
    out["fingerprint"] = decision.fingerprint
    out["reasons"] = [reason_to_data(reason) for reason in decision.reasons]
    if decision.contacts:
        out["contacts"] = [contact_to_data(contact) for contact in decision.contacts]
    levels = [decision.level.key]
    if next_level is not None:
        levels.append(next_level.key)
    names = _names_to_data(decision, levels, decision.reasons)
    put_unless_default(out, "names", names, None)
    return out


def stage_to_data(stage: Stage) -> dict[str, Any]:
    """Return *stage* as a payload."""
    _check_parts(stage.level, stage.role, None, "a stage payload")
    out: dict[str, Any] = {
        "level": level_to_data(stage.level),
        "role": role_to_data(stage.role),
        "responsibility": stage.responsibility,
        "start": write_moment(stage.start),
    }
    put_unless_default(out, "end", _moment(stage.end), None)
    _put_timing(out, stage.start, stage.notify_at, stage.cycle)
    out["reason"] = reason_to_data(stage.reason)
    return out


def _put_timing(
    out: dict[str, Any], start: datetime, notify_at: datetime | None, cycle: int
) -> None:
    """Add when the role is notified and the round, unless on arrival and 1."""
    if notify_at != start:
        out["notify_at"] = _moment(notify_at)
    put_unless_default(out, "cycle", cycle, 1)


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Return *plan* as a payload."""
    check_plain(plan.issue, Issue, "$.issue", "a plan payload")
    out: dict[str, Any] = {"issue": issue_to_data(plan.issue)}
    put_unless_default(out, "severity", plan.severity, None)
    out["stages"] = [stage_to_data(stage) for stage in plan.stages]
    out["held"] = reason_to_data(plan.held)
    out["fingerprint"] = plan.fingerprint
    reasons = (*(stage.reason for stage in plan.stages), plan.held)
    levels = [stage.level.key for stage in plan.stages]
    names = _names_to_data(plan, levels, reasons)
    put_unless_default(out, "names", names, None)
    return out


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
