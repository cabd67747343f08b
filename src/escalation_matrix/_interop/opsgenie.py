"""Opsgenie and Jira Service Management Operations escalations, both ways.

Opsgenie counts each rule's delay from the alert's creation (the start of a
repeat cycle): the matrix's ``since_opened`` mode. Rule 1 is notified after
its delay (the policy's first wait); rule k+1's delay is level k's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from fractions import Fraction
from typing import Any, Final, Literal

from escalation_matrix._base.checks import LONGEST_DELAY
from escalation_matrix._base.shown import shown
from escalation_matrix._interop import messages
from escalation_matrix._interop.building import (
    Draft,
    FirstWait,
    Loop,
    Step,
    Target,
    build,
    check_language,
)
from escalation_matrix._interop.exporting import Export, LevelPath, level_paths
from escalation_matrix._interop.reading import Obj, Reading, items_of
from escalation_matrix._interop.reading import number as whole_number
from escalation_matrix._interop.results import Exported, Imported, finish
from escalation_matrix._model.contacts import Contact, ContactKind, ContactSelect
from escalation_matrix._model.matrix import EscalateWhile, Matrix
from escalation_matrix._model.pacing import MAX_REPEATS
from escalation_matrix.exceptions import ArgumentError, Phrase

__all__ = ["from_opsgenie", "to_opsgenie"]

TOOL: Final = "opsgenie"
NAME: Final = "Opsgenie"
_CONDITIONS: Final[dict[str, EscalateWhile]] = {
    "if-not-acked": "unacknowledged",
    "if-not-closed": "unresolved",
}
_RECIPIENTS: Final[dict[str, ContactKind]] = {
    "user": "person",
    "team": "team",
    "schedule": "schedule",
}
_NOTIFY_TYPES: Final[dict[str, ContactSelect]] = {
    "default": "default",
    "next": "next_on_call",
    "previous": "previous_on_call",
    "users": "team_users",
    "admins": "admins",
    "all": "all_members",
    "random": "random_member",
}
# Which recipients each notifyType picks from (the API's documentation).
_PICKS_FROM: Final = {
    "next": ("schedule",),
    "previous": ("schedule",),
    "users": ("team",),
    "admins": ("team",),
    "all": ("team",),
    "random": ("team",),
}
# timeUnit, spelt as the API spells it ("miliseconds" sic), in microseconds:
# exact numbers, since a nanosecond is below timedelta's resolution.
_UNITS: Final = {
    "days": Fraction(86_400_000_000),
    "hours": Fraction(3_600_000_000),
    "minutes": Fraction(60_000_000),
    "seconds": Fraction(1_000_000),
    "miliseconds": Fraction(1000),
    "milliseconds": Fraction(1000),
    "micros": Fraction(1),
    "nanos": Fraction(1, 1000),
}
_LONGEST_MICROS: Final = LONGEST_DELAY // timedelta(microseconds=1)
# A username that is an e-mail address, as contacts take one.
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
#: The most repeats Opsgenie takes (Compass and JSM Ops help).
MAX_COUNT: Final = 20


def from_opsgenie(
    payload: object, /, *, language: str = "en", strict: bool = False
) -> Imported:
    """Make a matrix of each Opsgenie (or JSM Operations) escalation in *payload*.

    Args:
        payload: Parsed JSON: one escalation (bare, as created, or
            ``{"data": {...}}`` as the API returns it), a list response
            (``{"data": [...]}``) or a list of escalations. Delays may be
            ``{"timeAmount": 5, "timeUnit": "minutes"}`` or, as JSM
            Operations writes them, a number of minutes.
        language: The language of the level names the matrices get.
        strict: Raise instead of returning a result with losses.

    Returns:
        The matrices by escalation id (the JSON path of an escalation
        without one), and the losses.

    Raises:
        ValidationError: The payload is not a valid escalation; every
            problem is listed with its JSON path.
        LossyConversionError: *strict* and something is not kept.
    """
    check_language(language)
    reading = Reading(payload, "Opsgenie payload")
    found = [_escalation(reading, path, value) for path, value in _escalations(reading)]
    drafts = [draft for draft in found if draft is not None]
    reading.check()
    matrices: dict[str, Matrix] = {}
    for draft in drafts:
        key = draft.ident or draft.path
        if key in matrices:
            said = Phrase("escalation {key} is given twice", key=repr(key))
            reading.problem(draft.path, said)
        elif not draft.steps:
            ident = draft.name or draft.ident or draft.path
            reading.loss(
                draft.path, "dropped", messages.NO_ESCALATION_RULES, ident=ident
            )
        else:
            matrices[key] = build(draft, tool=TOOL, language=language)
    reading.check()
    return finish(Imported(matrices, reading.ordered_losses()), strict=strict)


def _escalations(reading: Reading) -> Sequence[tuple[str, Any]]:
    data = reading.data
    if isinstance(data, list):
        return items_of(reading, "$", data)
    envelope = reading.obj("$", data)
    if envelope is None or "data" not in envelope.data:
        return [] if envelope is None else [("$", data)]
    envelope.ignore("took", "requestId")
    inner = envelope.raw("data")
    envelope.leftover()
    if isinstance(inner, list):
        return items_of(reading, "$.data", inner)
    return [("$.data", inner)]


_Rule = tuple[str, timedelta, EscalateWhile, Target, str]


def _escalation(reading: Reading, path: str, value: object) -> Draft | None:
    escalation = reading.obj(path, value)
    if escalation is None:
        return None
    ident = escalation.name("id")
    name = escalation.name("name")
    description = escalation.text("description") or ""
    owner = escalation.child("ownerTeam")
    if owner is not None:
        owner_id, owner_name = owner.name("id"), owner.name("name")
        owner.leftover()
        what = (
            f"{owner_name!r} ({owner_id})"
            if owner_name and owner_id
            else (repr(owner_name) if owner_name else str(owner_id))
        )
        reading.loss(owner.path, "dropped", messages.OWNER_TEAM, what=what)
    rules = [
        rule
        for item in escalation.items("rules", required=True)
        if (rule := _rule(reading, *item)) is not None
    ]
    loop, resolve = _repeat(escalation)
    if escalation.boolean("enabled") is False:
        reading.loss(escalation.at("enabled"), "dropped", messages.DISABLED)
    escalation.ignore("id")
    escalation.leftover()
    if name is None and ident is not None and rules:
        reading.loss(path, "assumed", messages.NO_ESCALATION_NAME, ident=ident)
    steps, first_wait = _levels(reading, escalation.at("rules"), rules, loop)
    return Draft(
        path,
        ident,
        name,
        description,
        steps,
        "since_opened",
        first_wait=first_wait,
        loop=loop,
        resolve_at_end=resolve,
    )


def _rule(reading: Reading, path: str, value: object) -> _Rule | None:
    rule = reading.obj(path, value)
    if rule is None:
        return None
    condition = rule.choice("condition", tuple(_CONDITIONS), default="if-not-acked")
    notify = rule.choice("notifyType", tuple(_NOTIFY_TYPES), default="default")
    delay = _delay(rule)
    recipient = rule.child("recipient", required=True)
    target = None if recipient is None else _recipient(recipient, notify, rule)
    rule.leftover()
    if condition is None or delay is None or target is None:
        return None
    return (path, delay, _CONDITIONS[condition], target, rule.at("condition"))


def _delay(rule: Obj) -> timedelta | None:
    """The delay: a number of minutes, or ``{timeAmount, timeUnit}``."""
    value = rule.raw("delay")
    path = rule.at("delay")
    reading = rule.reading
    if value is None:
        reading.problem(path, Phrase("missing: a delay is required"))
        return None
    if not isinstance(value, dict):
        minutes = whole_number(reading, path, value, 0, None)
        return None if minutes is None else _bounded(reading, path, minutes, "minutes")
    delay = reading.obj(path, value)
    assert delay is not None  # noqa: S101 -- a dict, checked above
    amount = delay.integer("timeAmount", required=True)
    unit = delay.choice("timeUnit", tuple(_UNITS), default="minutes")
    delay.leftover()
    if amount is None or unit is None:
        return None
    return _bounded(reading, path, amount, unit, delay.at("timeAmount"))


def _bounded(
    reading: Reading, path: str, amount: int, unit: str, amount_path: str | None = None
) -> timedelta | None:
    """The delay of *amount* *unit*, rounded to whole seconds with a loss."""
    most = int(_LONGEST_MICROS / _UNITS[unit])
    if amount > most:
        # Translators: {unit} is Opsgenie's timeUnit, as the payload writes it
        # (minutes, hours, days).
        said = Phrase(
            "must be from 0 to {most} ({unit}; {days} days), got {got}",
            most=str(most),
            unit=unit,
            days=str(LONGEST_DELAY.days),
            got=shown(amount),
        )
        reading.problem(amount_path or path, said)
        return None
    micros = amount * _UNITS[unit]
    whole = timedelta(seconds=round(micros / 1_000_000))
    if whole // timedelta(microseconds=1) != micros:
        reading.loss(
            path,
            "approximated",
            messages.ROUNDED,
            timing=True,
            given=f"{amount} {unit!r}",
            kept=f"{int(whole.total_seconds())}s",
        )
    return whole


def _recipient(recipient: Obj, notify: str | None, rule: Obj) -> Target | None:
    kind_name = recipient.choice("type", tuple(_RECIPIENTS))
    if kind_name is None and not recipient.has("type"):
        said = Phrase("missing: a recipient type is required")
        recipient.reading.problem(recipient.at("type"), said)
    ident = recipient.name("id")
    label = recipient.name("username" if kind_name == "user" else "name")
    recipient.leftover()
    if kind_name is None or notify is None:
        return None
    if ident is None and label is None:
        if kind_name == "user":
            said = Phrase("missing: an id or a username is required")
        else:
            said = Phrase("missing: an id or a name is required")
        recipient.reading.problem(recipient.path, said)
        return None
    picks = _PICKS_FROM.get(notify)
    if picks is not None and kind_name not in picks:
        # Translators: {notify} is Opsgenie's notifyType, {kind} and {given}
        # recipient types as the payload writes them (user, team, schedule).
        said = Phrase(
            "{notify} picks from a {kind}; the recipient is a {given}",
            notify=repr(notify),
            kind=picks[0],
            given=kind_name,
        )
        recipient.reading.problem(rule.at("notifyType"), said)
        return None
    name = label or str(ident)
    email = label if kind_name == "user" and label and _EMAIL.match(label) else None
    if kind_name == "user" and label and email is None:
        # Opsgenie's usernames are e-mail addresses; a contact keeps only
        # those as usernames, so an export cannot give this one back.
        recipient.reading.loss(
            recipient.at("username"),
            "approximated",
            messages.USERNAME_NOT_EMAIL,
            username=repr(label),
        )
    ids = {} if ident is None else {TOOL: ident}
    return Target(name, _RECIPIENTS[kind_name], ids, _NOTIFY_TYPES[notify], email)


def _repeat(escalation: Obj) -> tuple[Loop | None, bool]:
    repeat = escalation.child("repeat")
    if repeat is None:
        return None, False
    wait = repeat.integer(
        "waitInterval", maximum=int(LONGEST_DELAY.total_seconds()) // 60
    )
    count = repeat.integer("count", maximum=MAX_REPEATS)
    reset = repeat.boolean("resetRecipientStates")
    close = repeat.boolean("closeAlertAfterAll")
    repeat.leftover()
    if close:
        # Closing after all the rules holds without repeats too.
        escalation.reading.loss(
            repeat.at("closeAlertAfterAll"), "assumed", messages.CLOSE_AFTER_ALL
        )
    if not count:
        return None, bool(close)
    loop = Loop(repeat.path, count, timedelta(minutes=wait or 0), reset=bool(reset))
    return loop, bool(close)


def _levels(
    reading: Reading, path: str, rules: list[_Rule], loop: Loop | None
) -> tuple[tuple[Step, ...], FirstWait | None]:
    """The rules as levels: sorted by delay, merged when at the same delay."""
    ordered = sorted(rules, key=lambda rule: rule[1])
    if ordered != rules:
        reading.loss(path, "assumed", messages.UNORDERED)
    groups: list[list[_Rule]] = []
    for rule in ordered:
        if groups and groups[-1][0][1] == rule[1]:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    conditions = [_condition(reading, group) for group in groups]
    _check_order(reading, groups, conditions, loop)
    steps = []
    for index, group in enumerate(groups):
        last = index == len(groups) - 1
        steps.append(
            Step(
                group[0][0],
                tuple(rule[3] for rule in group),
                None if last else groups[index + 1][0][1],
                conditions[0] if last else conditions[index + 1],
            )
        )
    first_wait = None
    if groups and groups[0][0][1]:
        first_wait = FirstWait(groups[0][0][0], groups[0][0][1], conditions[0])
    return tuple(steps), first_wait


def _condition(reading: Reading, group: list[_Rule]) -> EscalateWhile:
    conditions = {rule[2] for rule in group}
    if len(conditions) == 1:
        return group[0][2]
    reading.loss(
        group[1][4],
        "approximated",
        messages.MIXED_CONDITIONS,
        timing=True,
        condition=repr("unresolved"),
    )
    return "unresolved"


def _check_order(
    reading: Reading,
    groups: list[list[_Rule]],
    conditions: list[EscalateWhile],
    loop: Loop | None,
) -> None:
    """Report the first rule whose condition the matrix cannot follow exactly.

    Opsgenie checks each rule's condition when its time comes and goes on;
    the matrix stops at the first condition that fails. They agree when the
    conditions run "until closed" first, then "until acknowledged", and,
    for repeats that keep acknowledgements, when all are the same.
    """
    # The first rule's condition counts only when it waits, or for a next pass.
    counts = loop is not None or bool(groups and groups[0][0][1])
    index = _broken_order(
        conditions, cyclic=loop is not None and not loop.reset, first=counts
    )
    if index is not None:
        reading.loss(
            groups[index][0][4],
            "approximated",
            messages.CONDITION_ORDER,
            timing=True,
            condition=repr(_said(conditions[index])),
        )


def _broken_order(
    conditions: list[EscalateWhile], *, cyclic: bool, first: bool
) -> int | None:
    """The first rule (by index) whose condition the matrix cannot follow, if any.

    *first*: whether the first rule's condition counts (it does not when the
    rule notifies at once and nothing repeats: nothing can have happened).
    """
    for index in range(1 if first else 2, len(conditions)):
        before, now = conditions[index - 1], conditions[index]
        if (before == "unacknowledged" and now == "unresolved") or (
            cyclic and before != now
        ):
            return index
    return None


def _said(condition: EscalateWhile) -> str:
    return next(key for key, value in _CONDITIONS.items() if value == condition)


# Exporting -------------------------------------------------------------------

Shape = Literal["opsgenie", "jsm_ops"]
_NOTIFY_OF: Final = {value: key for key, value in _NOTIFY_TYPES.items()}
_RECIPIENT_OF: Final = {value: key for key, value in _RECIPIENTS.items()}


def to_opsgenie(
    matrix: Matrix,
    /,
    *,
    targets: Mapping[str, Iterable[Contact]] | None = None,
    shape: Shape = "opsgenie",
    strict: bool = False,
) -> Exported:
    """Write *matrix* as Opsgenie escalations, one per path of levels.

    Each contact of a level becomes a rule, its delay the time from the
    start of a cycle to the level's notification, whatever the matrix's
    ``delay_mode``; its condition is the stop condition of the level below.

    Args:
        matrix: The matrix to export.
        targets: Contacts to notify, by role key, instead of the role's
            own; each needs an Opsgenie id (a person may give its e-mail
            address, the username, instead).
        shape: ``"opsgenie"`` writes delays as
            ``{"timeAmount": ..., "timeUnit": "minutes"}``; ``"jsm_ops"``
            as a number of minutes, as Jira Service Management Operations
            takes them.
        strict: Raise instead of returning a result with losses.

    Returns:
        The request bodies of ``POST /v2/escalations``, and the losses.

    Raises:
        ValidationError: A level to export has no contact Opsgenie can
            notify (the path says which role).
        LossyConversionError: *strict* and something is not kept.
    """
    export = Export(matrix, TOOL, NAME, targets)
    if shape not in {"opsgenie", "jsm_ops"}:
        raise ArgumentError("shape", shape, "must be 'opsgenie' or 'jsm_ops'")
    export.common_losses()
    paths = level_paths(matrix)
    repeat = _repeat_body(export)
    payloads = [_payload(export, path, len(paths), shape, repeat) for path in paths]
    export.title_losses()
    export.policy_losses()
    export.check()
    used_by = tuple(path.kinds for path in paths)
    return finish(
        Exported(tuple(payloads), used_by, export.ordered_losses()), strict=strict
    )


def _notify_times(export: Export, path: LevelPath) -> list[tuple[timedelta, str]]:
    """When each level of *path* is notified from the start of a cycle, and why."""
    policy = export.matrix.policy
    wait = policy.first_wait
    start = timedelta(0) if wait is None else wait.delay
    since_opened = policy.delay_mode == "since_opened"
    levels = export.matrix.levels
    out = [(start, "$.policy.first_wait.delay" if wait else "")]
    elapsed = start
    for before in path.positions[:-1]:
        delay = levels[before].delay
        assert delay is not None  # noqa: S101 -- a level on the path has one
        elapsed = delay if since_opened else elapsed + delay
        out.append((elapsed, f"$.levels[{before}].delay"))
    return out


def _conditions(export: Export, path: LevelPath) -> list[tuple[EscalateWhile, str]]:
    """Each rule's condition and where the matrix gives it; a loss for a bad order.

    Reports what importing the payload back reports: a condition Opsgenie
    checks on its own where the matrix would have stopped escalating.
    """
    matrix = export.matrix
    wait, repeat = matrix.policy.first_wait, matrix.policy.repeat
    positions = path.positions
    first = (
        (wait.escalate_while, "$.policy.first_wait.escalate_while")
        if wait is not None
        else (
            matrix.levels[positions[-1]].escalate_while,
            f"$.levels[{positions[-1]}].escalate_while",
        )
    )
    out = [first] + [
        (matrix.levels[before].escalate_while, f"$.levels[{before}].escalate_while")
        for before in positions[:-1]
    ]
    cyclic = repeat is not None and not repeat.reset_acknowledgement
    index = _broken_order(
        [condition for condition, _ in out],
        cyclic=cyclic,
        first=wait is not None or repeat is not None,
    )
    if index is not None:
        export.loss(
            out[index][1],
            "approximated",
            messages.CONDITION_ORDER,
            timing=True,
            condition=repr(_said(out[index][0])),
        )
    return out


def _payload(
    export: Export,
    path: LevelPath,
    count: int,
    shape: Shape,
    repeat: dict[str, Any] | None,
) -> dict[str, Any]:
    matrix = export.matrix
    export.path_losses(path)
    levels = matrix.levels
    rules = []
    times = _notify_times(export, path)
    conditions = _conditions(export, path)
    for number, position in enumerate(path.positions):
        at, where = times[number]
        condition = conditions[number][0]
        minutes = 0 if not at else export.rounded_minutes(where, at)
        delay: Any = (
            minutes
            if shape == "jsm_ops"
            else {
                "timeAmount": minutes,
                "timeUnit": "minutes",
            }
        )
        level = levels[position]
        if level.assignment == "round_robin":
            export.loss(
                f"$.levels[{position}].assignment",
                "approximated",
                messages.EXPORT_ROUND_ROBIN,
            )
        for recipient, select in _recipients(export, position):
            rules.append(
                {
                    "condition": _said(condition),
                    "notifyType": select,
                    "delay": delay,
                    "recipient": recipient,
                }
            )
    body: dict[str, Any] = {"name": export.payload_name(path, count)}
    if matrix.description:
        body["description"] = matrix.description
    body["rules"] = rules
    if repeat is not None:
        body["repeat"] = repeat
    return body


def _recipients(export: Export, position: int) -> list[tuple[dict[str, str], str]]:
    out = []
    for path, contact in export.contacts(position):
        kind = _RECIPIENT_OF.get(contact.kind)
        if kind is None:
            export.loss(
                path,
                "dropped",
                messages.EXPORT_TARGET_KIND,
                name=repr(contact.name),
                kind=repr(contact.kind),
            )
            continue
        recipient = _recipient_body(export, path, contact, kind)
        if recipient is None:
            continue
        out.append((recipient, _NOTIFY_OF[contact.select]))
    # An import names a user by its username, else its id; a team or a
    # schedule by its name.
    names = [body.get("username") or body.get("name") or body["id"] for body, _ in out]
    export.written(position, names)
    if not out:
        export.no_target(position)
    return out


def _recipient_body(
    export: Export, path: str, contact: Contact, kind: str
) -> dict[str, str] | None:
    """*contact* as a recipient: its id, and its username or name; None if none.

    A user is given by its id and its e-mail address (its username), a team
    or schedule by its id and its name, as the API's responses give them.
    """
    ident = contact.ids.get(TOOL)
    recipient = {"type": kind}
    if ident is not None:
        recipient["id"] = ident
    if kind == "user":
        if contact.email is not None:
            recipient["username"] = contact.email
        elif ident is None:
            export.loss(path, "dropped", messages.EXPORT_NO_ID, name=repr(contact.name))
            return None
        named = recipient.get("username", ident)
        export.details_lost(path, contact, "phone", "chat", name=named)
        return recipient
    # The API takes a team or schedule by its name too; one named by its id
    # (as an import names it without a name) is given by the id alone.
    if contact.name != ident:
        recipient["name"] = contact.name
    if ident is None:
        export.loss(path, "assumed", messages.EXPORT_BY_NAME, name=repr(contact.name))
    export.details_lost(path, contact, "email", "phone", "chat")
    return recipient


def _repeat_body(export: Export) -> dict[str, Any] | None:
    policy = export.matrix.policy
    repeat = policy.repeat
    resolve = policy.at_end == "resolve"
    if repeat is None:
        if resolve:
            export.loss(
                "$.policy.at_end", "dropped", messages.EXPORT_AT_END, timing=True
            )
        return None
    if (
        repeat.from_level is not None
        and repeat.from_level != export.matrix.levels[0].key
    ):
        export.loss(
            "$.policy.repeat.from_level",
            "approximated",
            messages.EXPORT_FROM_LEVEL,
            timing=True,
            level=repeat.from_level,
        )
    count = repeat.times
    if count > MAX_COUNT:
        export.loss(
            "$.policy.repeat.times",
            "approximated",
            messages.EXPORT_REPEAT_CAP,
            timing=True,
            most=MAX_COUNT,
            times=count,
        )
        count = MAX_COUNT
    wait = (
        0
        if not repeat.wait
        else export.rounded_minutes("$.policy.repeat.wait", repeat.wait)
    )
    return {
        "waitInterval": wait,
        "count": count,
        "resetRecipientStates": repeat.reset_acknowledgement,
        "closeAlertAfterAll": resolve,
    }
