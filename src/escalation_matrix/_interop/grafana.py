"""Grafana OnCall escalation chains and their steps, read into matrices.

A chain names a policy; its steps (escalation policies) hold the timeline:
consecutive notify steps form a level, the ``wait`` steps after it its
delay (``per_level``), leading waits the first wait, ``repeat_escalation``
the repeat (five more times; the steps after it run once the repeats are
done) and ``resolve`` the resolution at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any, Final

import attrs

from escalation_matrix._base.checks import LONGEST_DELAY, check_text, child_path
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
from escalation_matrix._interop.reading import Obj, Reading, items_of
from escalation_matrix._interop.results import Imported, finish
from escalation_matrix._model.contacts import ContactKind, ContactSelect
from escalation_matrix._model.matrix import Matrix
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["from_grafana_oncall"]

TOOL: Final = "grafana_oncall"
#: How many times ``repeat_escalation`` loops (``MAX_TIMES_REPEAT``).
REPEATS: Final = 5
#: A wait step without its duration waits this long (the tool's default).
DEFAULT_WAIT: Final = timedelta(minutes=5)
_PAGE: Final = ("count", "previous", "current_page_number", "page_size", "total_pages")
# The notify steps: the field holding the targets, their kind, whether it
# is a list, and who in the target is meant.
_NOTIFY: Final[dict[str, tuple[str, ContactKind, bool, ContactSelect]]] = {
    "notify_persons": ("persons_to_notify", "person", True, "default"),
    "notify_person_next_each_time": (
        "persons_to_notify_next_each_time",
        "person",
        True,
        "default",
    ),
    "notify_on_call_from_schedule": (
        "notify_on_call_from_schedule",
        "schedule",
        False,
        "default",
    ),
    "notify_team_members": ("team_to_notify", "team", False, "all_members"),
    "notify_user_group": ("group_to_notify", "user_group", False, "default"),
}
# The steps the library has no home for, with the fields they carry.
_OTHER: Final[dict[str, tuple[str, ...]]] = {
    "trigger_webhook": ("action_to_trigger",),
    "trigger_action": ("action_to_trigger",),
    "notify_whole_channel": (),
    "notify_if_num_alerts_in_window": ("num_alerts_in_window", "num_minutes_in_window"),
    "declare_incident": ("severity",),
    "notify_if_time_from_to": ("notify_if_time_from", "notify_if_time_to"),
}
_ENDPOINTS: Final = ("escalation_chains", "escalation_policies")
_TYPES: Final = (*_NOTIFY, *_OTHER, "wait", "repeat_escalation", "resolve")
_IMPORTANT: Final = frozenset(_NOTIFY) | {"notify_whole_channel"}
_MAX_SECONDS: Final = int(LONGEST_DELAY.total_seconds())


@attrs.frozen
class _Chain:
    path: str
    reading: Reading
    ident: str | None
    name: str | None


@attrs.frozen
class _Step:
    path: str
    reading: Reading
    chain: str
    position: int
    kind: str | None
    targets: tuple[Target, ...] = ()
    wait: timedelta | None = None
    from_stage: int | None = None


def from_grafana_oncall(
    chains: object = None,
    policies: object = None,
    /,
    *,
    language: str = "en",
    strict: bool = False,
) -> Imported:
    """Make a matrix of each Grafana OnCall escalation chain.

    Args:
        chains: Parsed JSON of ``GET /api/v1/escalation_chains/`` (a page,
            one chain or a list), or None.
        policies: Parsed JSON of ``GET /api/v1/escalation_policies/`` (a
            page, one step or a list), joined to the chains by
            ``escalation_chain_id`` and ordered by ``position``; or None.
            A list of ``[endpoint, body]`` request pairs, as Grafana's
            migrator sends them, is read too.
        language: The language of the level names the matrices get.
        strict: Raise instead of returning a result with losses.

    Returns:
        The matrices by chain id, in the order of the chains (then of the
        chains only the steps name), and the losses, each with ``source``
        ``"chains"`` or ``"policies"``.

    Raises:
        ValidationError: A payload is not valid; every problem is listed
            with its JSON path.
        LossyConversionError: *strict* and something is not kept.
    """
    check_language(language)
    chain_reading = Reading(chains, "Grafana OnCall chains", "chains")
    step_reading = Reading(policies, "Grafana OnCall policies", "policies")
    found = [] if chains is None else _chains(chain_reading, _listed(chain_reading))
    steps: list[_Step] = []
    if policies is not None:
        for path, body, endpoint in _policy_items(step_reading):
            if endpoint == "escalation_chains":
                found += _chains(step_reading, [(path, body)])
            else:
                step = _step(step_reading, path, body)
                if step is not None:
                    steps.append(step)
    found = _check_chains(found)
    chain_reading.check()
    _check_steps(step_reading, steps)
    step_reading.check()
    _check_stages(step_reading, steps)
    step_reading.check()
    matrices = _matrices(found, steps, language)
    losses = chain_reading.ordered_losses() + step_reading.ordered_losses()
    return finish(Imported(matrices, losses), strict=strict)


def _listed(reading: Reading) -> Sequence[tuple[str, Any]]:
    """The objects of a payload that is one object, a list or a DRF page."""
    data = reading.data
    if isinstance(data, list):
        return items_of(reading, "$", data)
    page = reading.obj("$", data)
    if page is None:
        return []
    if "results" not in page.data:
        return [("$", data)]
    page.ignore(*_PAGE)
    if page.has("next"):
        page.raw("next")
        reading.loss(page.at("next"), "dropped", messages.MORE_PAGES)
    else:
        page.ignore("next")
    found = page.items("results")
    page.leftover()
    return found


def _policy_items(reading: Reading) -> Iterator[tuple[str, Any, str]]:
    """Each step (or chain) of the policies payload: its path, body, endpoint."""
    data = reading.data
    if isinstance(data, list) and data and all(isinstance(item, list) for item in data):
        yield from _requests(reading, data)
    else:
        for path, body in _listed(reading):
            yield path, body, "escalation_policies"


def _requests(reading: Reading, data: list[Any]) -> Iterator[tuple[str, Any, str]]:
    """The ``[endpoint, body]`` request pairs of Grafana's migrator."""
    for index, item in enumerate(data):
        path = f"$[{index}]"
        if len(item) != 2:  # noqa: PLR2004 -- an endpoint and a body
            said = Phrase(
                "must be a request [endpoint, body], got {got}", got=shown(item)
            )
            reading.problem(path, said)
            continue
        endpoint, body = item
        if not isinstance(endpoint, str) or endpoint not in _ENDPOINTS:
            known = ", ".join(repr(name) for name in _ENDPOINTS)
            said = Phrase(
                "must be one of {choices}, got {got}",
                choices=known,
                got=shown(endpoint),
            )
            reading.problem(f"{path}[0]", said)
            continue
        yield f"{path}[1]", body, endpoint


def _chains(reading: Reading, items: Sequence[tuple[str, Any]]) -> list[_Chain]:
    out = []
    for path, value in items:
        chain = reading.obj(path, value)
        if chain is None:
            continue
        ident = chain.name("id")
        name = chain.name("name")
        team = chain.name("team_id")
        chain.leftover()
        if team is not None:
            reading.loss(chain.at("team_id"), "dropped", messages.OWNER_TEAM, what=team)
        out.append(_Chain(path, reading, ident, name))
    return out


def _step(reading: Reading, path: str, value: object) -> _Step | None:
    step = reading.obj(path, value)
    if step is None:
        return None
    step.ignore("id")
    chain = step.name("escalation_chain_id", required=True)
    position = step.integer("position", required=True)
    kind = step.choice("type", _TYPES)
    if step.raw("type") is None:
        # A step of a type the public API does not show: it does nothing here.
        reading.loss(step.at("type"), "dropped", messages.STEP_DROPPED, step="null")
    if kind in _IMPORTANT and step.boolean("important"):
        reading.loss(step.at("important"), "dropped", messages.IMPORTANT)
    found = _step_fields(step, kind)
    step.leftover()
    if chain is None or position is None:
        return None
    return _Step(path, reading, chain, position, kind, **found)


def _step_fields(step: Obj, kind: str | None) -> dict[str, Any]:
    reading = step.reading
    if kind == "wait":
        seconds = step.integer("duration", minimum=1, maximum=_MAX_SECONDS)
        if seconds is None and not step.has("duration"):
            reading.loss(step.path, "assumed", messages.DEFAULT_WAIT, timing=True)
            return {"wait": DEFAULT_WAIT}
        return {"wait": None if seconds is None else timedelta(seconds=seconds)}
    if kind in _NOTIFY:
        return {"targets": _targets(step, kind)}
    if kind == "repeat_escalation":
        return {"from_stage": step.integer("run_from_stage", minimum=1)}
    if kind in _OTHER:
        step.ignore(*_OTHER[kind])
        message = (
            messages.TIME_WINDOW
            if kind == "notify_if_time_from_to"
            else (messages.STEP_DROPPED)
        )
        timing = kind not in {"trigger_webhook", "trigger_action"}
        reading.loss(step.path, "dropped", message, timing=timing, step=kind)
    return {}


def _targets(step: Obj, kind: str) -> tuple[Target, ...]:
    field, target_kind, many, select = _NOTIFY[kind]
    reading = step.reading
    if many:
        items = step.items(field)
        idents = [_ident(reading, path, item) for path, item in items]
    else:
        idents = [step.name(field)]
    return tuple(
        Target(ident, target_kind, {TOOL: ident}, select)
        for ident in idents
        if ident is not None
    )


def _ident(reading: Reading, path: str, value: object) -> str | None:
    problems: list[Problem] = []
    check_text(problems, path, value)
    reading.add(problems)
    return None if problems else str(value)


def _check_chains(chains: list[_Chain]) -> list[_Chain]:
    """Refuse a chain id given twice with different content; keep a repeat once."""
    kept: list[_Chain] = []
    by_id: dict[str, _Chain] = {}
    for chain in chains:
        ident = chain.ident
        earlier = None if ident is None else by_id.get(ident)
        if ident is None or earlier is None:
            if ident is not None:
                by_id[ident] = chain
            kept.append(chain)
            continue
        body = _at(chain.reading.data, chain.path)
        if body == _at(earlier.reading.data, earlier.path):
            continue
        if earlier.reading is chain.reading:
            said = Phrase(
                "escalation chain {ident} given twice with different content "
                "(also at {path})",
                ident=ident,
                path=earlier.path,
            )
        else:
            said = Phrase(
                "escalation chain {ident} given twice with different content "
                "(also at {path} of the chains)",
                ident=ident,
                path=earlier.path,
            )
        chain.reading.problem(chain.path, said)
    return kept


def _check_steps(reading: Reading, steps: list[_Step]) -> None:
    """Refuse a step id given twice with different content, or a position twice."""
    seen: dict[tuple[str, int], str] = {}
    by_id: dict[str, tuple[str, object]] = {}
    data = reading.data
    for step in list(steps):
        body = _at(data, step.path)
        ident = body.get("id") if isinstance(body, dict) else None
        if isinstance(ident, str):
            earlier = by_id.get(ident)
            if earlier is not None:
                if earlier[1] != body:
                    said = Phrase(
                        "escalation policy {ident} given twice with different "
                        "content (also at {path})",
                        ident=ident,
                        path=earlier[0],
                    )
                    reading.problem(step.path, said)
                steps.remove(step)
                continue
            by_id[ident] = (step.path, body)
        key = (step.chain, step.position)
        if key in seen:
            said = Phrase(
                "position {position} of escalation chain {chain} is taken twice "
                "(also at {path})",
                position=str(step.position),
                chain=step.chain,
                path=seen[key],
            )
            reading.problem(step.path, said)
        seen[key] = step.path


def _check_stages(reading: Reading, steps: list[_Step]) -> None:
    """Refuse a repeat from a stage past the end of its chain.

    Grafana OnCall counts a chain's stages as its steps, in order of
    position, from 1: a chain of five steps has five stages, whatever
    their types.
    """
    counts = Counter(step.chain for step in steps)
    for step in steps:
        count = counts[step.chain]
        if step.from_stage is None or step.from_stage <= count:
            continue
        if count == 1:
            said = Phrase(
                "escalation chain {chain} has only one stage, got {got}",
                chain=step.chain,
                got=shown(step.from_stage),
            )
        else:
            said = Phrase(
                "escalation chain {chain} has only {count} stages (one per "
                "step), got {got}",
                chain=step.chain,
                count=str(count),
                got=shown(step.from_stage),
            )
        reading.problem(child_path(step.path, "run_from_stage"), said)


def _at(data: object, path: str) -> object:
    """The value at a path made by this module ($, $[n], $.results[n], $[n][1])."""
    import re  # noqa: PLC0415

    value = data
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        value = value[name] if name else value[int(index)]  # type: ignore[index]
    return value


def _matrices(
    chains: list[_Chain], steps: list[_Step], language: str
) -> dict[str, Matrix]:
    by_chain: dict[str, list[_Step]] = {}
    for step in steps:
        by_chain.setdefault(step.chain, []).append(step)
    known = {chain.ident for chain in chains if chain.ident is not None}
    anonymous = [chain for chain in chains if chain.ident is None]
    matrices: dict[str, Matrix] = {}
    order: list[tuple[str, _Chain | None]] = [
        (chain.ident, chain) for chain in chains if chain.ident is not None
    ]
    order += [(ident, None) for ident in by_chain if ident not in known]
    for ident, chain in order:
        given = by_chain.get(ident, [])
        joined = chain
        if chain is None and len(anonymous) == 1:
            joined = anonymous[0]
        draft = _draft(ident, joined, sorted(given, key=_position))
        if draft is None:
            continue
        if chain is None:
            _unknown_chain(ident, given[0], joined)
        matrices[ident] = build(draft, tool=TOOL, language=language)
    return matrices


def _unknown_chain(ident: str, first: _Step, joined: _Chain | None) -> None:
    """Say that steps name a chain that was not given, and what was made of it."""
    where = f"{first.path}.escalation_chain_id"
    if joined is not None:
        first.reading.loss(
            where, "assumed", messages.CHAIN_JOINED, ident=ident, name=repr(joined.name)
        )
    else:
        first.reading.loss(where, "assumed", messages.CHAIN_NOT_GIVEN, ident=ident)


def _position(step: _Step) -> int:
    return step.position


def _what(ident: str, chain: _Chain | None) -> str:
    if chain is not None and chain.name is not None:
        return f"{chain.name!r} ({ident})"
    return ident


def _draft(ident: str, chain: _Chain | None, steps: list[_Step]) -> Draft | None:
    """The chain's steps as a draft; None, with a loss, when nobody is notified."""
    where = chain if chain is not None and chain.ident is not None else None
    place: Any = where or (steps[0] if steps else chain)
    if not steps:
        place.reading.loss(
            place.path, "dropped", messages.NO_STEPS, chain=_what(ident, chain)
        )
        return None
    levels: list[list[_Step]] = []
    waits: list[timedelta] = [timedelta(0)]
    loop_at: _Step | None = None
    resolve = False
    for number, step in enumerate(steps):
        if resolve or loop_at is not None:
            resolve = _after_end(step, steps[number + 1 :], resolved=resolve)
            continue
        if step.kind == "wait":
            waits[-1] += step.wait or timedelta(0)
        elif step.kind in _NOTIFY:
            if len(waits) == len(levels) + 1 and (not levels or waits[-1]):
                levels.append([step])
                waits.append(timedelta(0))
            else:
                levels[-1].append(step)
        elif step.kind == "repeat_escalation":
            loop_at = step
        elif step.kind == "resolve":
            resolve = True
    if not levels:
        total = _written(waits[0])
        place.reading.loss(
            place.path,
            "dropped",
            messages.ONLY_WAITS,
            chain=_what(ident, chain),
            wait=total,
        )
        return None
    return _made(ident, chain, levels, waits, loop_at, resolve=resolve, steps=steps)


def _after_end(step: _Step, rest: list[_Step], *, resolved: bool) -> bool:
    """Whether the chain resolves at *step*, after a repeat or resolve step.

    Grafana OnCall goes on past ``repeat_escalation`` once it has repeated
    five times, so the steps after it run once, after the last pass; a
    ``resolve`` there is the matrix's resolution at the end. The steps
    the matrix cannot run then, and any after a resolve, are losses.
    """
    if resolved:
        step.reading.loss(
            step.path,
            "dropped",
            messages.UNREACHED,
            timing=True,
            step=step.kind,
            after="resolve",
        )
        return True
    if step.kind == "resolve":
        return True
    if step.kind == "wait" and any(later.kind == "resolve" for later in rest):
        step.reading.loss(
            step.path,
            "approximated",
            messages.WAIT_AFTER_REPEAT,
            timing=True,
            wait=_written(step.wait or timedelta(0)),
        )
    else:
        step.reading.loss(
            step.path,
            "dropped",
            messages.AFTER_REPEAT,
            timing=True,
            step=step.kind,
            times=REPEATS,
        )
    return False


def _made(
    ident: str,
    chain: _Chain | None,
    levels: list[list[_Step]],
    waits: list[timedelta],
    loop_at: _Step | None,
    *,
    resolve: bool,
    steps: list[_Step],
) -> Draft:
    drafted = []
    for number, group in enumerate(levels, start=1):
        targets = tuple(target for step in group for target in step.targets)
        for step in group:
            if not step.targets and step.kind == "notify_persons":
                step.reading.loss(
                    step.path,
                    "assumed",
                    messages.NOBODY,
                    step=step.kind,
                    level=f"L{number}",
                )
        kinds = {step.kind for step in group}
        robin = "notify_person_next_each_time" in kinds
        if robin and len(kinds) > 1:
            first = next(s for s in group if s.kind == "notify_person_next_each_time")
            first.reading.loss(
                first.path,
                "approximated",
                messages.MIXED_ROUND_ROBIN,
                level=f"L{number}",
            )
        delay = waits[number] or None
        drafted.append(
            Step(
                group[0].path,
                targets,
                delay,
                "unacknowledged",
                "round_robin" if kinds == {"notify_person_next_each_time"} else "all",
            )
        )
    first_wait = None
    if waits[0]:
        first_wait = FirstWait(levels[0][0].path, waits[0], "unacknowledged")
    loop = None
    if loop_at is not None:
        start = _from_level(loop_at, levels, steps)
        loop = Loop(loop_at.path, REPEATS, waits[-1], start)
    name = None if chain is None else chain.name
    return Draft(
        ident if chain is None else chain.path,
        ident,
        name,
        "",
        tuple(drafted),
        "per_level",
        first_wait=first_wait,
        loop=loop,
        resolve_at_end=resolve,
    )


def _from_level(
    step: _Step, levels: list[list[_Step]], steps: list[_Step]
) -> int | None:
    """The level a repeat starts again from: ``run_from_stage`` is 1-based.

    Stage n is the chain's n-th step in order of position (checked to
    exist); the repeat starts from the level that step belongs to, or the
    first level after it.
    """
    if step.from_stage is None:
        return None
    position = steps[step.from_stage - 1].position
    for number, group in enumerate(levels):
        if group[-1].position >= position:
            return number or None
    # Only waits from there: the tool would repeat them and notify nobody.
    # A matrix repeats levels; it repeats them all, and says so.
    step.reading.loss(
        child_path(step.path, "run_from_stage"),
        "approximated",
        messages.REPEAT_AFTER_LAST,
        timing=True,
        stage=str(step.from_stage),
    )
    return None


def _written(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    return f"{seconds // 60}m" if seconds % 60 == 0 else f"{seconds}s"
