"""Routing: where an issue is, what its handler must do, and when it moves up.

A matrix is compiled once into a :class:`Router`: tuples indexed by level
position instead of keys. Where an issue starts (from its type, severity and
the first matching rule) is worked out once per kind of issue and kept as a
profile, with the times at which an untouched issue moves up. An issue with
no recorded events is then routed by one search in those times; any other is
routed by replaying its history (due escalations, manual moves,
acknowledgement, resolution) up to the moment asked for.

Routing is pure: the same matrix, issue and moment always give the same
decision, and the clock is read only when no moment is given.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import repeat
from typing import TYPE_CHECKING, Final, NoReturn, cast

import attrs

from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.instants import instant
from escalation_matrix._model.issue import Action, Issue
from escalation_matrix._routing.decision import (
    Assignment,
    Decision,
    Plan,
    Resolver,
    Stage,
    carrying,
    make_decision,
    resolve_contacts,
)
from escalation_matrix._routing.names import CarriedNames, kind_names, level_names
from escalation_matrix._routing.reasons import (
    EntryCause,
    HoldCause,
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
)
from escalation_matrix.exceptions import (
    Problem,
    RoutingError,
    UnknownIssueTypeError,
    UnknownSeverityError,
    ValidationError,
    WrongTypeError,
)

if TYPE_CHECKING:
    from escalation_matrix._model.matrix import Matrix
    from escalation_matrix._model.rules import Rule

__all__ = ["Router", "fingerprint", "iter_route", "plan", "route", "route_many"]

# Later than any real moment: "no limit" when replaying a history.
_FOREVER: Final = datetime.max.replace(tzinfo=UTC)
_ZERO: Final = timedelta(0)
# What _router finds on an object that is not a matrix.
_NOT_A_MATRIX: Final = object()


@attrs.frozen
class _Facts:
    """What a rule's condition sees of an issue."""

    issue: Issue
    severity: str | None
    ranks: dict[str, dict[str, int]]

    def rank(self, field: str, value: object) -> int | None:
        ranks = self.ranks.get(field)
        return None if ranks is None or not isinstance(value, str) else ranks.get(value)


class _Profile:
    """Where one kind of issue starts, how far it goes, and when it moves.

    A kind of issue is its type, its severity and the rule that matched it.
    ``path`` and ``offsets`` are the positions an untouched issue passes and
    the time from opening at which it reaches each; they are only used when
    ``simple`` (no level on the path counts business time).
    """

    __slots__ = (
        "above_cap",
        "cap",
        "cap_rule",
        "cap_severity",
        "cause",
        "entry",
        "issue_type",
        "names",
        "offsets",
        "path",
        "rule",
        "severity",
        "simple",
        "skip",
        "steps",
    )

    def __init__(  # noqa: PLR0917 -- private, built in one place
        self,
        issue_type: str,
        severity: str | None,
        entry: tuple[int, EntryCause],
        cap: tuple[int, str | None, str | None],
        skip: frozenset[int],
        rule: str | None,
        names: CarriedNames,
    ) -> None:
        self.issue_type = issue_type
        self.severity = severity
        self.entry, self.cause = entry
        self.cap, self.cap_severity, self.cap_rule = cap
        self.skip = skip
        self.rule = rule
        # What the decisions and plans of this kind are told with.
        self.names = names
        self.steps: dict[int, Assignment] = {}
        self.path: tuple[int, ...] = ()
        self.offsets: tuple[timedelta, ...] = ()
        self.simple = False
        # The issue starts above the cap its severity or rule sets; it
        # stays where it starts.
        self.above_cap = False


def _ranks(keys: Sequence[str]) -> dict[str, int]:
    # Listed from the highest down; higher numbers rank higher.
    return {key: len(keys) - index for index, key in enumerate(keys)}


def fingerprint(matrix: Matrix) -> str:
    """Return a short hash of everything in *matrix* that routing depends on.

    Display texts are left out, so a translated matrix has the same one.
    Rules written as Python callables count by their names.
    """
    import hashlib  # noqa: PLC0415 -- only when a router is built
    import json  # noqa: PLC0415

    data = {
        "levels": [
            [
                level.key,
                level.rank,
                level.role,
                None if level.delay is None else level.delay.total_seconds(),
                level.business_time,
                level.escalate_while,
            ]
            for level in matrix.levels
        ],
        "issue_types": [[it.key, it.entry_level] for it in matrix.issue_types],
        "policy": _routing_facts(matrix.policy),
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Display texts of the policy's parts: translating them changes no route.
_DISPLAY_FIELDS: Final = frozenset({"name", "description"})


def _routing_facts(value: object) -> object:
    """Return *value* as plain data for the fingerprint, display texts left out."""
    cls = type(value)
    if attrs.has(cls):
        return {
            "type": cls.__name__,
            **{
                field.name: _routing_facts(getattr(value, field.name))
                for field in attrs.fields(cls)
                if field.name not in _DISPLAY_FIELDS and not field.name.startswith("_")
            },
        }
    if isinstance(value, Mapping):
        value = list(value.items())
    if isinstance(value, tuple | list):
        return [_routing_facts(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(repr(item) for item in value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return getattr(value, "__qualname__", repr(value)) if callable(value) else value


class Router:
    """A matrix compiled for routing."""

    __slots__ = (
        "business",
        "calendar",
        "default_severity",
        "delays",
        "fingerprint",
        "index",
        "issue_entry",
        "level_names",
        "levels",
        "matrix",
        "priority",
        "profiles",
        "quick",
        "ranks",
        "roles",
        "rules",
        "severities",
        "since_opened",
        "texts",
        "top",
        "while_unacknowledged",
    )

    def __init__(self, matrix: Matrix) -> None:
        policy = matrix.policy
        levels = matrix.levels
        self.matrix = matrix
        self.levels = levels
        self.index = {level.key: position for position, level in enumerate(levels)}
        self.roles = tuple(matrix.role(level.role) for level in levels)
        self.delays = tuple(level.delay for level in levels)
        self.business = tuple(level.business_time for level in levels)
        self.while_unacknowledged = tuple(
            level.escalate_while == "unacknowledged" for level in levels
        )
        self.since_opened = policy.delay_mode == "since_opened"
        self.calendar = policy.calendar
        self.top = len(levels) - 1
        self.texts = {
            it.key: tuple(it.responsibilities[level.key] for level in levels)
            for it in matrix.issue_types
        }
        self.issue_entry = {
            it.key: self.index[it.entry_level]
            for it in matrix.issue_types
            if it.entry_level is not None
        }
        index = self.index
        self.severities = {
            severity.key: (
                None if severity.entry_level is None else index[severity.entry_level],
                self.top if severity.max_level is None else index[severity.max_level],
                frozenset(index[key] for key in severity.skip_levels),
            )
            for severity in policy.severities
        }
        self.default_severity = policy.default_severity
        self.priority = policy.priority
        self.ranks: dict[str, dict[str, int]] = {
            "severity": _ranks([severity.key for severity in policy.severities])
        }
        if policy.priority is not None:
            self.ranks["impact"] = _ranks(policy.priority.impacts)
            self.ranks["urgency"] = _ranks(policy.priority.urgencies)
        self.rules: tuple[Rule, ...] = policy.rules
        self.fingerprint = fingerprint(matrix)
        self.level_names = level_names(matrix)
        self.profiles: dict[tuple[str, str | None, int], _Profile] = {}
        # Profiles by (issue type, given severity), for matrices without
        # rules and issues without impact and urgency: one lookup.
        self.quick: dict[tuple[str, str | None], _Profile] = {}

    # Where an issue starts ----------------------------------------------

    def _severity(self, issue: Issue) -> str | None:
        severity = issue.severity
        if severity is not None:
            if severity not in self.severities:
                raise UnknownSeverityError(severity, list(self.severities))
            return severity
        if issue.impact is None or issue.urgency is None:
            return self.default_severity
        table = self.priority
        if table is None:
            message = (
                "the matrix has no priority table to turn impact and urgency into "
                "a severity"
            )
            raise ValidationError([Problem("$.impact", message)], subject="issue")
        problems = [
            Problem(f"$.{name}", f"unknown {name} {value!r}; known: {', '.join(known)}")
            for name, value, known in (
                ("impact", issue.impact, table.impacts),
                ("urgency", issue.urgency, table.urgencies),
            )
            if value not in known
        ]
        if problems:
            raise ValidationError(problems, subject="issue")
        return table.severity(issue.impact, issue.urgency)

    def profile(self, issue: Issue) -> _Profile:
        """Return the profile of *issue*'s kind, building it on first use.

        Raises:
            UnknownIssueTypeError: The issue's type is not in the matrix.
            UnknownSeverityError: The issue's severity is not in the policy.
            ValidationError: Its impact or urgency is not in the table.
        """
        issue_type = issue.issue_type
        if issue_type not in self.texts:
            raise UnknownIssueTypeError(issue_type, self.texts)
        severity = self._severity(issue)
        matched = -1
        if self.rules:
            facts = _Facts(issue, severity, self.ranks)
            matched = next(
                (n for n, rule in enumerate(self.rules) if rule.when.matches(facts)), -1
            )
        key = (issue_type, severity, matched)
        profile = self.profiles.get(key)
        if profile is None:
            profile = self._build_profile(issue_type, severity, matched)
            self.profiles[key] = profile
        if not self.rules and issue.impact is None:
            self.quick[issue_type, issue.severity] = profile
        return profile

    def _build_profile(
        self, issue_type: str, severity: str | None, matched: int
    ) -> _Profile:
        entry: tuple[int, EntryCause] = (0, "first_level")
        cap: tuple[int, str | None, str | None] = (self.top, None, None)
        skip = frozenset[int]()
        if severity is not None:
            severity_entry, severity_cap, skip = self.severities[severity]
            if severity_entry is not None and severity_entry > 0:
                entry = (severity_entry, "severity")
            if severity_cap < self.top:
                cap = (severity_cap, severity, None)
        type_entry = self.issue_entry.get(issue_type, 0)
        if type_entry > entry[0]:
            entry = (type_entry, "issue_type")
        rule = self.rules[matched] if matched >= 0 else None
        if rule is not None:
            if rule.entry_level is not None:
                entry = (self.index[rule.entry_level], "rule")
            if rule.max_level is not None:
                cap = (self.index[rule.max_level], None, rule.name)
            if rule.skip_levels is not None:
                skip = frozenset(self.index[key] for key in rule.skip_levels)
        above_cap = entry[0] > cap[0]
        if above_cap:
            # An issue that starts above its cap stays where it starts.
            cap = (entry[0], cap[1], cap[2])
        profile = _Profile(
            issue_type,
            severity,
            entry,
            cap,
            skip,
            None if rule is None else rule.name,
            kind_names(self.level_names, self.matrix, issue_type, severity),
        )
        profile.above_cap = above_cap
        self._lay_out(profile)
        return profile

    def _lay_out(self, profile: _Profile) -> None:
        """Work out the automatic path of an untouched issue of this kind."""
        path, offsets = [profile.entry], [_ZERO]
        simple, total = True, _ZERO
        position = profile.entry
        while True:
            target, delay = self._target(position, profile), self.delays[position]
            if target is None or delay is None:
                break
            if self.business[position]:
                simple = False
                break
            total = delay if self.since_opened else total + delay
            path.append(target)
            offsets.append(total)
            position = target
        profile.path, profile.offsets, profile.simple = (
            tuple(path),
            tuple(offsets),
            simple,
        )

    def step(self, profile: _Profile, position: int) -> Assignment:
        """Return the shared :class:`Assignment` of *profile* at *position*."""
        step = profile.steps.get(position)
        if step is None:
            target = self._target(position, profile)
            step = Assignment(
                profile.issue_type,
                profile.severity,
                self.levels[position],
                self.roles[position],
                self.texts[profile.issue_type][position],
                None if target is None else self.levels[target],
                self.fingerprint,
                self,
                names=profile.names,
            )
            profile.steps[position] = step
        return step

    # How it moves -------------------------------------------------------

    def _target(self, position: int, profile: _Profile) -> int | None:
        """The level automatic escalation goes to from *position*, if any."""
        target = position + 1
        while target <= profile.cap and target in profile.skip:
            target += 1
        return target if target <= profile.cap else None

    def _due(
        self, position: int, since: datetime, origin: datetime, profile: _Profile
    ) -> tuple[datetime | None, HoldCause | None]:
        """When automatic escalation from *position* happens, or why it does not."""
        if position >= profile.cap:
            if position >= self.top:
                return None, "top"
            return None, "above_cap" if profile.above_cap else "cap"
        delay = self.delays[position]
        if delay is None:
            return None, "no_delay"
        if self._target(position, profile) is None:
            return None, "cap"
        base = origin if self.since_opened else since
        if self.business[position]:
            # Matrix validation guarantees a calendar when a level counts
            # business time.
            return self.calendar.add(base, delay), None  # type: ignore[union-attr]
        return _later(base, delay), None

    def _stop(
        self,
        position: int,
        due: datetime | None,
        acknowledged: datetime | None,
        resolved: datetime | None,
    ) -> tuple[HoldCause, datetime] | None:
        """Whether acknowledgement or resolution stops escalation before *due*."""
        if resolved is not None and (due is None or resolved <= due):
            return "resolved", resolved
        if (
            due is not None
            and acknowledged is not None
            and acknowledged <= due
            and self.while_unacknowledged[position]
        ):
            return "acknowledged", acknowledged
        return None

    def replay(
        self,
        issue: Issue,
        profile: _Profile,
        *,
        events_until: datetime,
        escalate_until: datetime,
    ) -> tuple[list[tuple[int, Reason]], datetime | None, ReasonHeld | None]:
        """Replay *issue*'s history.

        Events (manual actions, acknowledgement, resolution) count up to
        *events_until*; automatic escalations happen up to *escalate_until*.

        Returns:
            The stages as ``(position, reason)`` pairs, when the issue
            escalates next (if it does), and why escalation stops (if it
            does).
        """
        # Work in UTC: with a zone that changes its clock, adding hours to a
        # local time, or subtracting two of them, would count wall-clock time
        # instead of elapsed time. Times worked out here are given back in
        # the zone of the issue's opening; times from the issue stay as given.
        zone = issue.opened_at.tzinfo
        until = instant(events_until)
        acknowledged = _utc_or_none(issue.acknowledged_at, until)
        resolved = _utc_or_none(issue.resolved_at, until)
        actions: Iterator[Action] = (a for a in issue.actions if instant(a.at) <= until)
        action = next(actions, None)
        position = profile.entry
        since = origin = instant(issue.opened_at)
        restarted: datetime | None = None  # the manual move the count restarted at
        entered = ReasonEntered(
            issue.opened_at,
            self.levels[position].key,
            profile.cause,
            profile.severity,
            profile.rule,
        )
        stages: list[tuple[int, Reason]] = [(position, entered)]
        while True:
            due, cause = self._due(position, since, origin, profile)
            stop = self._stop(position, due, acknowledged, resolved)
            if stop is not None:
                due, cause = None, stop[0]
            if (
                due is not None
                and due <= escalate_until
                and (action is None or due <= instant(action.at))
            ):
                target = self._target(position, profile)
                assert target is not None  # noqa: S101 -- a due time implies a target
                escalated = self._escalated(
                    position, target, _zoned(due, zone), restarted
                )
                stages.append((target, escalated))
                position, since = target, due
            elif action is not None:
                moved = self._move(position, action)
                levels = self.levels
                note = ReasonMoved(
                    action.at,
                    levels[moved].key,
                    levels[position].key,
                    action.kind,
                    action.reason,
                )
                stages.append((moved, note))
                position, since = moved, instant(action.at)
                origin, restarted = since, action.at
                action = next(actions, None)
            elif due is not None:
                return stages, _zoned(due, zone), None
            else:
                assert cause is not None  # noqa: S101 -- no due time always has a cause
                at = stages[-1][1].at
                if stop is not None:
                    event = stop[0] == "resolved"
                    original = issue.resolved_at if event else issue.acknowledged_at
                    assert original is not None  # noqa: S101 -- stop came from it
                    at = original
                capped = cause in {"cap", "above_cap"}
                held = ReasonHeld(
                    at,
                    self.levels[position].key,
                    cause,
                    profile.cap_severity if capped else None,
                    profile.cap_rule if capped else None,
                )
                return stages, None, held

    def _escalated(
        self, position: int, target: int, due: datetime, moved: datetime | None
    ) -> ReasonEscalated:
        level = self.levels[position]
        return ReasonEscalated(
            due,
            self.levels[target].key,
            level.key,
            self.delays[position],  # type: ignore[arg-type]
            self.since_opened,
            self.business[position],
            level.escalate_while,
            tuple(self.levels[p].key for p in range(position + 1, target)),
            moved if self.since_opened else None,
        )

    def _move(self, position: int, action: Action) -> int:
        if action.kind == "escalate":
            return min(position + 1, self.top)
        if action.kind == "deescalate":
            return max(position - 1, 0)
        target = self.index.get(action.level)  # type: ignore[arg-type]
        if target is None:
            known = ", ".join(self.index)
            message = f"jump to unknown level {action.level!r}; known levels: {known}"
            raise ValidationError([Problem("$.actions", message)], subject="issue")
        return target

    # Entry points -------------------------------------------------------

    def route(self, issue: Issue, now: datetime) -> Decision:
        """Decide where *issue* is at *now*."""
        try:
            # The common case in one lookup; anything unusual (rules, impact
            # and urgency, an unknown key, not an Issue) takes the long way.
            profile = self.quick[issue.issue_type, issue.severity]
            if issue.impact is not None:
                profile = self.profile(issue)
        except (KeyError, AttributeError):
            profile = self.profile(_issue(issue))
        opened = issue.opened_at
        zone = opened.tzinfo
        base = opened if zone is UTC else opened.astimezone(UTC)
        try:
            elapsed = now - base
        except TypeError:  # naive, or not a datetime
            _bad_now(issue, now)
        if elapsed < _ZERO:
            _bad_now(issue, now)
        if (
            profile.simple
            and not issue.actions
            and issue.acknowledged_at is None
            and issue.resolved_at is None
        ):
            offsets = profile.offsets
            stage = bisect_right(offsets, elapsed) - 1
            upcoming = stage + 1
            since = base + offsets[stage]
            try:
                due = base + offsets[upcoming] if upcoming < len(offsets) else None
            except OverflowError:
                due = _later(base, offsets[upcoming])  # says what overflowed
            if zone is not UTC:
                since = since.astimezone(zone)
                due = None if due is None else _zoned(due, zone)
            return make_decision(
                issue, now, since, due, self.step(profile, profile.path[stage])
            )
        stages, due, held = self.replay(
            issue, profile, events_until=now, escalate_until=now
        )
        position, last = stages[-1]
        reasons = [reason for _, reason in stages]
        if held is not None:
            reasons.append(held)
        step = self.step(profile, position)
        return make_decision(issue, now, last.at, due, step, tuple(reasons))

    def reasons(self, issue: Issue, now: datetime) -> tuple[Reason, ...]:
        """Return the reasons of the decision for *issue* at *now*."""
        stages, _, held = self.replay(
            issue, self.profile(issue), events_until=now, escalate_until=now
        )
        reasons = [reason for _, reason in stages]
        if held is not None:
            reasons.append(held)
        return tuple(reasons)

    def plan(self, issue: Issue, now: datetime | None) -> Plan:
        """Lay out *issue*'s whole timeline."""
        profile = self.profile(_issue(issue))
        if now is not None:
            _check_now(issue, now)
        stages, _, held = self.replay(
            issue,
            profile,
            events_until=_FOREVER if now is None else now,
            escalate_until=_FOREVER,
        )
        assert held is not None  # noqa: S101 -- replaying to the end always stops
        texts = self.texts[issue.issue_type]
        out = []
        for number, (position, reason) in enumerate(stages):
            end = stages[number + 1][1].at if number + 1 < len(stages) else None
            out.append(
                Stage(
                    self.levels[position],
                    self.roles[position],
                    texts[position],
                    reason.at,
                    end,
                    reason,
                )
            )
        timeline = Plan(issue, profile.severity, tuple(out), held, self.fingerprint)
        return carrying(timeline, profile.names)


def _utc_or_none(moment: datetime | None, until: datetime) -> datetime | None:
    """*moment* in UTC, or None if it is None or after *until*."""
    if moment is None:
        return None
    moment = instant(moment)
    return None if moment > until else moment


def _zoned(moment: datetime, zone: tzinfo | None) -> datetime:
    if zone is UTC:
        return moment
    try:
        return moment.astimezone(zone)
    except OverflowError:
        message = (
            f"The escalation due at {moment.isoformat()} cannot be given in the "
            "time zone of the issue's opening: it falls after year 9999 there."
        )
        raise RoutingError(message, value=moment) from None


def _later(moment: datetime, delay: timedelta) -> datetime:
    """Return *moment* + *delay*, or say that it falls after year 9999."""
    try:
        return moment + delay
    except OverflowError:
        message = (
            f"The escalation {format_duration(delay)} after {moment.isoformat()} "
            "falls after year 9999."
        )
        raise RoutingError(message, value=delay) from None


def _issue(issue: object) -> Issue:
    if not isinstance(issue, Issue):
        raise WrongTypeError("issue", issue, "an Issue")
    return issue


def _check_now(issue: Issue, now: object) -> None:
    """Raise if *now* is naive, not a datetime, or before the issue's opening."""
    if not isinstance(now, datetime) or now.utcoffset() is None:
        message = f"now must be a timezone-aware datetime, got {now!r}"
        raise RoutingError(message, value=now)
    if instant(now) < instant(issue.opened_at):
        message = (
            f"now ({now.isoformat()}) is before the issue was opened "
            f"({issue.opened_at.isoformat()})"
        )
        raise RoutingError(message, value=now)


def _bad_now(issue: Issue, now: object) -> NoReturn:
    """Raise the error saying what is wrong with *now*, known to be wrong."""
    _check_now(issue, now)
    raise AssertionError  # pragma: no cover -- _check_now raised


def route(
    matrix: Matrix,
    issue: Issue,
    *,
    now: datetime | None = None,
    resolver: Resolver | None = None,
) -> Decision:
    """Decide who handles *issue* at *now*, what they must do, and what comes next.

    Pure and deterministic: the clock is read only when *now* is omitted
    (then it is the current UTC time).

    Args:
        matrix: The matrix, with its policy.
        issue: The issue.
        now: The moment to decide for (timezone-aware).
        resolver: Finds the people who hold the decision's role (a
            directory, an on-call schedule); its answer is the decision's
            :attr:`~escalation_matrix.Decision.contacts`. Without one, they
            are the role's own contacts.

    Returns:
        The decision, with the reasons that led to it.

    Raises:
        UnknownIssueTypeError: The issue's type is not in the matrix.
        UnknownSeverityError: The issue's severity is not in the policy.
        RoutingError: *now* is naive or before the issue was opened, or the
            resolver gave something other than contacts.
        WrongTypeError: *matrix* is not a Matrix, *issue* not an Issue, or
            *resolver* not callable.
        ValidationError: The issue's impact, urgency or a jump target do
            not fit the matrix.
    """
    if resolver is not None:
        _check_resolver(resolver)
    decision = _router(matrix).route(issue, datetime.now(UTC) if now is None else now)
    return decision if resolver is None else resolve_contacts(decision, resolver)


def _check_resolver(resolver: object) -> None:
    if not callable(resolver):
        expected = "a callable taking a role and a decision, or None"
        raise WrongTypeError("resolver", resolver, expected)


def plan(matrix: Matrix, issue: Issue, *, now: datetime | None = None) -> Plan:
    """Lay out who will handle *issue* from when until when.

    The issue's recorded events (manual moves, acknowledgement, resolution)
    count up to *now* (all of them when *now* is None); from there the plan
    projects the automatic escalations as if nothing else happened. At every
    moment, :func:`route` agrees with the plan made at that moment.

    Raises:
        UnknownIssueTypeError: The issue's type is not in the matrix.
        UnknownSeverityError: The issue's severity is not in the policy.
        RoutingError: *now* is naive or before the issue was opened.
        WrongTypeError: *matrix* is not a Matrix or *issue* not an Issue.
        ValidationError: The issue's impact, urgency or a jump target do
            not fit the matrix.
    """
    return _router(matrix).plan(issue, now)


def _router(matrix: Matrix) -> Router:
    """Return *matrix* compiled for routing, compiling it on first use.

    The router is kept on the matrix (a private field that takes part in
    neither equality nor hashing), so each matrix is compiled once.
    """
    router = getattr(matrix, "_router", _NOT_A_MATRIX)
    if router is None:
        router = Router(matrix)
        object.__setattr__(matrix, "_router", router)
    elif router is _NOT_A_MATRIX:
        raise WrongTypeError("matrix", matrix, "a Matrix")
    return cast("Router", router)


def _resolving(
    decide: Callable[[Issue, datetime], Decision], resolver: Resolver
) -> Callable[[Issue, datetime], Decision]:
    def decide_and_resolve(issue: Issue, moment: datetime) -> Decision:
        return resolve_contacts(decide(issue, moment), resolver)

    return decide_and_resolve


def iter_route(
    matrix: Matrix,
    issues: Iterable[Issue],
    *,
    now: datetime | None = None,
    resolver: Resolver | None = None,
) -> Iterator[Decision]:
    """Route issues one at a time, as they come: a stream of decisions.

    The lazy form of :func:`route_many`: *issues* may be any iterable (a
    generator reading a ticket export line by line), and each decision is
    made when it is asked for, so memory stays flat however many issues
    there are. The arguments are checked and the clock read at the call,
    so every decision is for the same moment.

    >>> from datetime import UTC, datetime
    >>> from escalation_matrix import Issue, default_matrix, iter_route
    >>> opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    >>> tickets = (Issue("performance_hiccups", opened) for _ in range(3))
    >>> decisions = iter_route(default_matrix(), tickets, now=opened)
    >>> [decision.level.key for decision in decisions]
    ['L1', 'L1', 'L1']

    Raises:
        The errors of :func:`route`, for the issue that fails, when its
        decision is asked for.
    """
    decide: Callable[[Issue, datetime], Decision] = _router(matrix).route
    if resolver is not None:
        _check_resolver(resolver)
        decide = _resolving(decide, resolver)
    moment = datetime.now(UTC) if now is None else now
    return map(decide, iter(issues), repeat(moment))


def route_many(
    matrix: Matrix,
    issues: Iterable[Issue],
    *,
    now: datetime | None = None,
    resolver: Resolver | None = None,
) -> list[Decision]:
    """Route many issues at one moment, for example every open ticket.

    The matrix is compiled once and the clock read at most once, so every
    decision is for the same moment. *issues* may be any iterable; to
    write decisions out as they are made instead of holding them all, use
    :func:`iter_route`.

    With a *resolver*, each decision names the contacts it gives, as
    :func:`route` does.

    Raises:
        The errors of :func:`route`, for the first issue that fails.
    """
    return list(iter_route(matrix, issues, now=now, resolver=resolver))
