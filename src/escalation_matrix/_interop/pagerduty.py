"""PagerDuty escalation policies: reading them into matrices, writing them back.

Rules become levels in order, each rule's minutes its level's delay
(``per_level``); ``num_loops`` is the repeat; escalation stops on
acknowledgement, as in PagerDuty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

from escalation_matrix._base.checks import LONGEST_DELAY
from escalation_matrix._base.shown import shown
from escalation_matrix._interop import messages
from escalation_matrix._interop.building import (
    Draft,
    Loop,
    Step,
    Target,
    build,
    check_language,
)
from escalation_matrix._interop.exporting import Export, LevelPath, level_paths
from escalation_matrix._interop.reading import Obj, Reading, items_of
from escalation_matrix._interop.results import Exported, Imported, finish
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import LevelAssignment, Matrix
from escalation_matrix._model.pacing import MAX_REPEATS
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["from_pagerduty", "to_pagerduty"]

TOOL: Final = "pagerduty"
NAME: Final = "PagerDuty"
#: Target types, as the API's responses and requests spell them.
_TARGET_KINDS: Final = {
    "user_reference": "person",
    "user": "person",
    "schedule_reference": "schedule",
    "schedule": "schedule",
    "schedule_v3_reference": "schedule",
}
_STRATEGIES: Final[dict[str, LevelAssignment]] = {
    "assign_to_everyone": "all",
    "round_robin": "round_robin",
}
_HANDOFF: Final = ("if_has_services", "always")
# PagerDuty's own limits (API reference, Terraform provider).
MAX_TARGETS: Final = 10
MAX_LOOPS: Final = 9
_MAX_MINUTES: Final = int(LONGEST_DELAY.total_seconds()) // 60


def from_pagerduty(
    payload: object, /, *, language: str = "en", strict: bool = False
) -> Imported:
    """Make a matrix of each PagerDuty escalation policy in *payload*.

    Args:
        payload: Parsed JSON: one policy (``{"escalation_policy": ...}`` as
            the API returns it, or bare), a list response
            (``{"escalation_policies": [...]}``) or a list of policies.
        language: The language of the level names the matrices get.
        strict: Raise instead of returning a result with losses.

    Returns:
        The matrices by policy id, and the losses.

    Raises:
        ValidationError: The payload is not a valid PagerDuty policy; every
            problem is listed with its JSON path.
        LossyConversionError: *strict* and something is not kept.
    """
    check_language(language)
    reading = Reading(payload, "PagerDuty payload")
    found = [_policy(reading, path, value) for path, value in _policies(reading)]
    drafts = [draft for draft in found if draft is not None]
    reading.check()
    matrices: dict[str, Matrix] = {}
    for draft in drafts:
        key = draft.ident or draft.path
        if key in matrices:
            said = Phrase("escalation policy {key} is given twice", key=repr(key))
            reading.problem(draft.path, said)
            continue
        if not draft.steps:
            ident = draft.ident or draft.name or draft.path
            reading.loss(draft.path, "dropped", messages.NO_RULES, ident=ident)
            continue
        matrices[key] = build(draft, tool=TOOL, language=language)
    reading.check()
    return finish(Imported(matrices, reading.ordered_losses()), strict=strict)


def _policies(reading: Reading) -> Sequence[tuple[str, Any]]:
    data = reading.data
    if isinstance(data, list):
        return items_of(reading, "$", data)
    envelope = reading.obj("$", data)
    if envelope is None:
        return []
    if "escalation_policy" in envelope.data:
        found: Sequence[tuple[str, Any]] = [
            (envelope.at("escalation_policy"), envelope.raw("escalation_policy"))
        ]
    elif "escalation_policies" in envelope.data:
        found = envelope.items("escalation_policies")
        envelope.ignore("limit", "offset", "total")
        if envelope.boolean("more"):
            reading.loss(envelope.at("more"), "dropped", messages.MORE_PAGES)
    else:
        return [("$", data)]
    envelope.leftover()
    return found


def _policy(reading: Reading, path: str, value: object) -> Draft | None:
    policy = reading.obj(path, value)
    if policy is None:
        return None
    policy.ignore("type", "summary", "self", "html_url")
    ident = policy.name("id")
    name = policy.name("name")
    description = policy.text("description") or ""
    handoff = policy.choice("on_call_handoff_notifications", _HANDOFF)
    if handoff == "always":
        reading.loss(
            policy.at("on_call_handoff_notifications"),
            "dropped",
            messages.HANDOFF,
            value=repr(handoff),
        )
    for item_path, item in policy.items("services"):
        _reference(reading, item_path, item, messages.SERVICE)
    for item_path, item in policy.items("teams"):
        _reference(reading, item_path, item, messages.OWNER_TEAM)
    steps = [_rule(reading, *item) for item in policy.items("escalation_rules")]
    loops = policy.integer("num_loops", maximum=MAX_REPEATS)
    policy.leftover()
    if name is None and ident is not None and steps:
        reading.loss(path, "assumed", messages.NO_NAME, ident=ident)
    loop = None
    if loops and steps and steps[-1] is not None and steps[-1].delay is not None:
        loop = Loop(policy.at("num_loops"), loops, steps[-1].delay)
    return Draft(
        path,
        ident,
        name,
        description,
        tuple(step for step in steps if step is not None),
        "per_level",
        loop=loop,
    )


def _reference(reading: Reading, path: str, value: object, message: Any) -> None:
    reference = reading.obj(path, value)
    if reference is None:
        return
    reference.ignore("type", "self", "html_url")
    ident = reference.name("id", required=True)
    summary = reference.name("summary")
    reference.leftover()
    what = f"{summary!r} ({ident})" if summary else str(ident)
    reading.loss(path, "dropped", message, what=what)


def _rule(reading: Reading, path: str, value: object) -> Step | None:
    rule = reading.obj(path, value)
    if rule is None:
        return None
    rule.ignore("id")
    minutes = rule.integer(
        "escalation_delay_in_minutes", minimum=1, maximum=_MAX_MINUTES, required=True
    )
    items = rule.items("targets", required=True)
    if len(items) > MAX_TARGETS or (not items and rule.has("targets")):
        said = Phrase(
            "must hold 1 to {most} targets, got {count}",
            most=str(MAX_TARGETS),
            count=str(len(items)),
        )
        reading.problem(rule.at("targets"), said)
    targets = _distinct(reading, [(item[0], _target(reading, *item)) for item in items])
    assignment = _strategy(rule)
    rule.leftover()
    return Step(
        path,
        targets,
        None if minutes is None else timedelta(minutes=minutes),
        "unacknowledged",
        assignment,
    )


def _distinct(
    reading: Reading, targets: list[tuple[str, Target | None]]
) -> tuple[Target, ...]:
    """The targets of a rule, each once; a loss for one given again."""
    out: dict[tuple[str, str], Target] = {}
    for path, target in targets:
        if target is None:
            continue
        key = (target.kind, target.ids[TOOL])
        if key in out:
            reading.loss(
                path, "dropped", messages.SAME_TARGET, what=repr(target.ids[TOOL])
            )
            continue
        out[key] = target
    return tuple(out.values())


def _strategy(rule: Obj) -> LevelAssignment:
    """The assignment strategy, written as a string, an object or a list of one."""
    key = "escalation_rule_assignment_strategy"
    value = rule.raw(key)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict) and set(value) == {"type"}:
        value = value["type"]
    if value is None:
        return "all"
    if isinstance(value, str) and value in _STRATEGIES:
        return _STRATEGIES[value]
    said = Phrase(
        "must be 'round_robin' or 'assign_to_everyone' (as a string, "
        "{{'type': ...}} or [{{'type': ...}}]), got {got}",
        got=shown(value),
    )
    rule.reading.problem(rule.at(key), said)
    return "all"


def _target(reading: Reading, path: str, value: object) -> Target | None:
    target = reading.obj(path, value)
    if target is None:
        return None
    target.ignore("self", "html_url")
    ident = target.name("id", required=True)
    kind = target.choice("type", tuple(_TARGET_KINDS))
    if kind is None and not target.has("type"):
        said = Phrase("missing: a target type is required")
        reading.problem(target.at("type"), said)
    summary = target.name("summary")
    target.leftover()
    if ident is None or kind is None:
        return None
    if kind == "schedule_v3_reference":
        reading.loss(
            target.at("type"), "approximated", messages.SCHEDULE_V3, what=repr(ident)
        )
    return Target(summary or ident, _TARGET_KINDS[kind], {TOOL: ident})  # type: ignore[arg-type]


# Exporting -------------------------------------------------------------------


def to_pagerduty(
    matrix: Matrix,
    /,
    *,
    targets: Mapping[str, Iterable[Contact]] | None = None,
    strict: bool = False,
) -> Exported:
    """Write *matrix* as PagerDuty escalation policies, one per path of levels.

    Delays become the minutes each rule holds an incident, whatever the
    matrix's ``delay_mode``; contacts become targets by their
    ``ids["pagerduty"]``.

    Args:
        matrix: The matrix to export.
        targets: Contacts to notify, by role key, instead of the role's
            own; each needs a PagerDuty id.
        strict: Raise instead of returning a result with losses.

    Returns:
        The request bodies of ``POST /escalation_policies``, and the losses.

    Raises:
        ValidationError: A level to export has no contact with a PagerDuty
            id (the path says which role).
        LossyConversionError: *strict* and something is not kept.
    """
    export = Export(matrix, TOOL, NAME, targets)
    export.common_losses()
    paths = level_paths(matrix)
    payloads = [_payload(export, path, len(paths)) for path in paths]
    export.title_losses()
    export.policy_losses()
    export.check()
    used_by = tuple(path.kinds for path in paths)
    return finish(
        Exported(tuple(payloads), used_by, export.ordered_losses()), strict=strict
    )


def _payload(export: Export, path: LevelPath, count: int) -> dict[str, Any]:
    matrix = export.matrix
    export.path_losses(path)
    steps = export.steps(path)
    repeat = matrix.policy.repeat
    rules = []
    exact, kept = timedelta(0), 0  # the pass so far, as given and as written
    for number, (position, held) in enumerate(zip(path.positions, steps, strict=True)):
        level = matrix.levels[position]
        last = number == len(steps) - 1
        step, where = held, f"$.levels[{position}].delay"
        if last and repeat is not None:
            step, where = repeat.wait, "$.policy.repeat.wait"
        if level.escalate_while == "unresolved" and (not last or repeat is not None):
            export.loss(
                f"$.levels[{position}].escalate_while",
                "approximated",
                messages.EXPORT_UNRESOLVED,
                timing=True,
            )
        minutes = 30
        if step is not None:
            minutes = export.rounded_minutes(
                where, step, exact_before=exact, kept_before=kept
            )
            exact, kept = exact + step, kept + minutes
        rule: dict[str, Any] = {
            "escalation_delay_in_minutes": minutes,
            "targets": _targets(export, position),
            "escalation_rule_assignment_strategy": (
                "round_robin"
                if level.assignment == "round_robin"
                else "assign_to_everyone"
            ),
        }
        rules.append(rule)
    body: dict[str, Any] = {
        "type": "escalation_policy",
        "name": export.payload_name(path, count),
    }
    if matrix.description:
        body["description"] = matrix.description
    body["escalation_rules"] = rules
    body["num_loops"] = _loops(export)
    body["on_call_handoff_notifications"] = "if_has_services"
    return {"escalation_policy": body}


def _targets(export: Export, position: int) -> list[dict[str, str]]:
    out = []
    for path, contact in export.contacts(position):
        ident = contact.ids.get(TOOL)
        if contact.kind not in {"person", "schedule"}:
            export.loss(
                path,
                "dropped",
                messages.EXPORT_TARGET_KIND,
                name=repr(contact.name),
                kind=repr(contact.kind),
            )
            continue
        if ident is None:
            export.loss(path, "dropped", messages.EXPORT_NO_ID, name=repr(contact.name))
            continue
        if contact.select != "default":
            export.loss(
                f"{path}.select",
                "approximated",
                messages.EXPORT_SELECT,
                name=repr(contact.name),
                select=repr(contact.select),
            )
        kind = "user_reference" if contact.kind == "person" else "schedule_reference"
        target = {"id": ident, "type": kind}
        # A reference's summary names it, as the API's responses do (and
        # as an import reads it); a create request may carry it.
        if contact.name != ident:
            target["summary"] = contact.name
        export.details_lost(path, contact, "email", "phone", "chat")
        out.append(target)
    export.written(position, [item.get("summary", item["id"]) for item in out])
    if not out:
        export.no_target(position)
    elif len(out) > MAX_TARGETS:
        level = export.matrix.levels[position]
        index = export.matrix.role_keys.index(level.role)
        export.problems.append(
            _too_many(f"$.roles[{index}].contacts", level.key, len(out))
        )
    return out


def _too_many(path: str, level: str, count: int) -> Problem:
    message = Phrase(
        "level {level} has {count} PagerDuty targets; a rule takes at most {most}",
        level=level,
        count=str(count),
        most=str(MAX_TARGETS),
    )
    return Problem(path, message)


def _loops(export: Export) -> int:
    policy = export.matrix.policy
    repeat = policy.repeat
    if policy.first_wait is not None:
        export.loss(
            "$.policy.first_wait", "dropped", messages.EXPORT_FIRST_WAIT, timing=True
        )
    if policy.at_end == "resolve":
        export.loss("$.policy.at_end", "dropped", messages.EXPORT_AT_END, timing=True)
    if repeat is None:
        return 0
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
    if repeat.reset_acknowledgement:
        export.loss(
            "$.policy.repeat.reset_acknowledgement",
            "dropped",
            messages.EXPORT_RESET,
            timing=True,
        )
    if repeat.times > MAX_LOOPS:
        export.loss(
            "$.policy.repeat.times",
            "approximated",
            messages.EXPORT_REPEAT_CAP,
            timing=True,
            most=MAX_LOOPS,
            times=repeat.times,
        )
        return MAX_LOOPS
    return int(repeat.times)
