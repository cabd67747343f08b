"""Routing: where an issue is, what its handler must do, and when it moves up.

A matrix is compiled once into a :class:`Router`: tuples indexed by level
position instead of keys. Where an issue starts (from its type, severity and
the first matching rule) is worked out once per kind of issue and kept as a
profile, with the times at which an untouched issue moves up. An issue with
no recorded events is then routed by one search in those times, in
:func:`route` itself (one frame per issue: a call costs as much as the
search), and so are
an acknowledged one when no level (nor the first wait) of the matrix stops
for an acknowledgement, and a resolved one when the policy has no waits,
rounds or end of its own; any other is routed by replaying its history
(due escalations, manual moves, acknowledgement, resolution) up to the
moment asked for.

Routing is pure: the same matrix, issue and moment always give the same
decision, and the clock is read only when no moment is given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn, cast

import attrs

from escalation_matrix._base.drafts import DRAFT_CLASSES
from escalation_matrix._base.durations import format_duration
from escalation_matrix._base.instants import instant, utc_offset
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.issue import Issue
from escalation_matrix._routing.decision import (
    Assignment,
    Decision,
    Resolver,
    make_decision,
    resolve_contacts,
    routing_error,
)
from escalation_matrix._routing.names import CarriedNames, kind_names, level_names
from escalation_matrix._routing.reasons import (
    EntryCause,
    ReasonEntered,
    ReasonEscalated,
)
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    RoutingError,
    UnknownIssueTypeError,
    UnknownSeverityError,
    ValidationError,
    WrongTypeError,
)

if TYPE_CHECKING:
    from escalation_matrix._model.action import Action, MoveKind
    from escalation_matrix._model.matrix import Matrix
    from escalation_matrix._model.rules import Rule
    from escalation_matrix._routing import reasons_later as _rare
    from escalation_matrix._routing.plan import Plan
    from escalation_matrix._routing.reasons import Reason
    from escalation_matrix._routing.reasons_later import HoldCause, ReasonHeld
else:
    # Built when a route first moves, repeats or holds an issue.
    _rare = LazyModule("escalation_matrix._routing.reasons_later", globals())

__all__ = [
    "Router",
    "decider",
    "fingerprint",
    "iter_route",
    "plan",
    "route",
    "route_many",
]

# Later than any real moment: "no limit" when replaying a history.
_FOREVER: Final = datetime.max.replace(tzinfo=UTC)
_ZERO: Final = timedelta(0)
# The opening of the untouched issue whose timeline a profile lays out.
_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
# A midnight in each time zone met, bounded: subtracting it from a time of
# the same zone gives that time's wall clock as a duration, with no offset
# looked up (see route).
_ANCHORS: Final[dict[tzinfo | None, datetime]] = {}
_MAX_ANCHORS: Final = 64
# Decisions of untouched issues are filled in as drafts, then frozen (see
# DRAFT_CLASSES), by route() itself.
_DRAFT_DECISION: Final = DRAFT_CLASSES[Decision]
# What _router finds on an object that is not a matrix.
_NOT_A_MATRIX: Final[Any] = object()
if TYPE_CHECKING:
    # Type hints alone name these (they cost a tenth of a millisecond at
    # import): what happens on its own at a level, escalation to the next, a
    # new round of the policy's repeat, or the policy resolving the issue;
    # and the records of a replay below.
    _Event = Literal["escalate", "wrap", "close"]


class _Stretch:
    """One stage of a replay: where, how it got there, when its role is told.

    ``notify`` is None once the policy's first wait was cut short; ``waited``
    says whether the notification came after that wait, not on arrival.
    """

    __slots__ = ("cycle", "notify", "position", "reason", "waited")

    def __init__(
        self,
        position: int,
        reason: Reason,
        arrived: datetime,
        wait: timedelta | None,
        cycle: int,
    ) -> None:
        self.position = position
        self.reason = reason
        self.waited = wait is not None
        self.notify: datetime | None = (
            arrived if wait is None else _later(arrived, wait)
        )
        self.cycle = cycle


if TYPE_CHECKING:
    # What happens next at a stage on its own, and when; or why nothing does:
    # the due time, the event, where the issue goes (None when the policy
    # resolves it) and, when nothing is due, what holds the issue: the
    # acknowledgement (or resolution) that holds it until a round ends when
    # the policy resets acknowledgements, else the cause of the stop. A plain
    # tuple, as the other records of a replay.
    _Upcoming = tuple[datetime | None, _Event | None, int | None, HoldCause | None]

    # The stages, when the issue escalates next and to which position (if it
    # does), and why escalation stops (if it does).
    _Replayed = tuple[list[_Stretch], datetime | None, int | None, ReasonHeld | None]


class _Facts:
    """What a rule's condition sees of an issue.

    A plain class: made once per routing through rules, it costs the
    command's start nothing, where an attrs class is made as it is loaded.
    """

    __slots__ = ("issue", "ranks", "severity")

    def __init__(
        self, issue: Issue, severity: str | None, ranks: dict[str, dict[str, int]]
    ) -> None:
        self.issue = issue
        self.severity = severity
        self.ranks = ranks

    def __repr__(self) -> str:
        return f"<facts of {self.issue!r}, severity {self.severity!r}>"

    def rank(self, field: str, value: object) -> int | None:
        ranks = self.ranks.get(field)
        return None if ranks is None or not isinstance(value, str) else ranks.get(value)


class _Profile:
    """Where one kind of issue starts, how far it goes, and when it moves.

    A kind of issue is its type, its severity and the rule that matched it.
    ``path`` and ``offsets`` are the positions an untouched issue passes and
    the time from opening at which it reaches each; they are only used when
    ``simple`` (no level on the path counts business time), with
    ``stages``: for each, when it starts and ends and what is fixed there.
    """

    __slots__ = (
        "above_cap",
        "cap",
        "cap_rule",
        "cap_severity",
        "cause",
        "cycles",
        "entry",
        "issue_type",
        "names",
        "notify_offsets",
        "offsets",
        "path",
        "restart",
        "rule",
        "severity",
        "simple",
        "skip",
        "stages",
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
        self.steps: dict[tuple[int, int | None], Assignment] = {}
        self.path: tuple[int, ...] = ()
        # Where later rounds of the policy's repeat start.
        self.restart = self.entry
        self.offsets: tuple[timedelta, ...] = ()
        self.stages: tuple[tuple[timedelta, timedelta | None, Assignment], ...] = ()
        # With a policy that changes the timeline (repeats, a first wait),
        # when each stage's role is notified and its round; None without.
        self.notify_offsets: tuple[timedelta, ...] | None = None
        self.cycles: tuple[int, ...] = ()
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
# Policy fields added after fingerprints were first given out, with their
# defaults: left out at those, so that a matrix keeps its fingerprint.
_LATER_FIELDS: Final = {"first_wait": None, "repeat": None, "at_end": "hold"}


def _routing_facts(value: object) -> object:
    """Return *value* as plain data for the fingerprint, display texts left out."""
    cls = type(value)
    if attrs.has(cls):
        return {
            "type": cls.__name__,
            **{
                field.name: _routing_facts(getattr(value, field.name))
                for field in attrs.fields(cls)
                if field.name not in _DISPLAY_FIELDS
                and not field.name.startswith("_")
                and not _left_out(value, field.name)
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


def _left_out(value: object, name: str) -> bool:
    """Whether *value*'s field *name* is one added later, at its default."""
    return name in _LATER_FIELDS and getattr(value, name) == _LATER_FIELDS[name]


class Router:
    """A matrix compiled for routing."""

    __slots__ = (
        "_fingerprint",
        "acknowledgements_stop",
        "business",
        "by_priority",
        "calendar",
        "cycles",
        "default_severity",
        "delays",
        "first_wait",
        "index",
        "issue_entry",
        "level_names",
        "levels",
        "matrix",
        "priority",
        "profiles",
        "quick",
        "ranks",
        "repeat",
        "reset",
        "resolve_at_end",
        "roles",
        "rules",
        "severities",
        "since_opened",
        "texts",
        "timed",
        "top",
        "wait",
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
        # Whether an acknowledgement can stop anything: a level, or the
        # first wait, that escalates only while nobody acknowledged.
        self.acknowledgements_stop = any(self.while_unacknowledged) or (
            policy.first_wait is not None
            and policy.first_wait.escalate_while == "unacknowledged"
        )
        self.since_opened = policy.delay_mode == "since_opened"
        self.calendar = policy.calendar
        self.first_wait = policy.first_wait
        self.repeat = policy.repeat
        self.reset = policy.repeat is not None and policy.repeat.reset_acknowledgement
        self.cycles = 1 if policy.repeat is None else 1 + policy.repeat.times
        self.wait = _ZERO if policy.repeat is None else policy.repeat.wait
        self.resolve_at_end = policy.at_end == "resolve"
        # Whether the policy changes the timeline beyond the levels' delays:
        # such issues are always replayed.
        self.timed = (
            policy.first_wait is not None
            or policy.repeat is not None
            or self.resolve_at_end
        )
        self.top = len(levels) - 1
        # A matrix without issue types has its one implicit type, without
        # texts: matrix.row() gives its empty ones.
        self.texts = {key: matrix.row(key) for key in matrix.issue_type_keys}
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
        self._fingerprint: str | None = None
        self.level_names = level_names(matrix)
        self.profiles: dict[tuple[str, str | None, int], _Profile] = {}
        # Profiles by (issue type, given severity), for matrices without
        # rules and issues whose severity is given or left to the default,
        # by type then severity; and by (issue type, impact, urgency), for
        # those whose severity comes from the priority table.
        self.quick: dict[str, dict[str | None, _Profile]] = {}
        # (Issue checks that impact and urgency come together; the key is
        # typed as its fields are.)
        self.by_priority: dict[tuple[str, str | None, str | None], _Profile] = {}

    @property
    def fingerprint(self) -> str:
        """The matrix's :func:`fingerprint`, worked out when first asked for."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.matrix)
        return self._fingerprint

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
            message = Phrase(
                "the matrix has no priority table to turn impact and urgency into "
                "a severity"
            )
            raise ValidationError([Problem("$.impact", message)], subject="issue")
        problems = [
            Problem(f"$.{name}", _unknown_priority(name, value, known))
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
        if self.rules:
            return profile
        # Known to be well formed, and to fit the matrix: kept for the
        # next issue of the same kind (bounded by the matrix's keys).
        if issue.severity is not None or issue.impact is None:
            self.quick.setdefault(issue_type, {})[issue.severity] = profile
        else:
            self.by_priority[issue_type, issue.impact, issue.urgency] = profile
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
        profile.path, profile.offsets = tuple(path), tuple(offsets)
        repeat = self.repeat
        if repeat is not None and repeat.from_level is not None:
            # The first level of the path at or above from_level.
            lowest = self.index[repeat.from_level]
            found: int | None = profile.entry
            while found is not None and found < lowest:
                found = self._target(found, profile)
            profile.restart = profile.entry if found is None else found
        if simple and self.timed:
            # A policy that resolves issues marks their decisions resolved,
            # which only a replay tells.
            simple = not self.resolve_at_end and self._unroll(profile)
        profile.simple = simple
        if simple:
            passed, starts = profile.path, profile.offsets
            ends = (*starts[1:], None)
            profile.stages = tuple(
                (
                    starts[stage],
                    ends[stage],
                    self.step(
                        profile,
                        position,
                        -1 if ends[stage] is None else passed[stage + 1],
                    ),
                )
                for stage, position in enumerate(passed)
            )

    def _unroll(self, profile: _Profile) -> bool:
        """Lay out every round of an untouched issue; False if it cannot be.

        Without business time, an untouched issue's timeline is the same
        from any opening: it is replayed once, from a fixed one.
        """
        try:
            stages = self.replay(
                Issue(profile.issue_type, _EPOCH),
                profile,
                events_until=_EPOCH,
                escalate_until=_FOREVER,
            )[0]
        except RoutingError:  # rounds that run past year 9999 from the epoch
            return False
        profile.path = tuple(stretch.position for stretch in stages)
        profile.offsets = tuple(stretch.reason.at - _EPOCH for stretch in stages)
        profile.notify_offsets = tuple(
            stretch.notify - _EPOCH  # type: ignore[operator]  # untouched: notified
            for stretch in stages
        )
        profile.cycles = tuple(stretch.cycle for stretch in stages)
        return True

    def step(
        self, profile: _Profile, position: int, target: int | None = -1
    ) -> Assignment:
        """Return the shared :class:`Assignment` of *profile* at *position*.

        *target* is where the issue goes next on its own, when not the next
        level of its path (a new round of the policy's repeat goes back).
        """
        if target == -1:
            target = self._target(position, profile)
        step = profile.steps.get((position, target))
        if step is None:
            step = Assignment(
                profile.issue_type,
                profile.severity,
                self.levels[position],
                self.roles[position],
                self.texts[profile.issue_type][position],
                None if target is None else self.levels[target],
                self,  # which works out the fingerprint when asked for
                self,
                names=profile.names,
            )
            profile.steps[position, target] = step
        return step

    # How it moves -------------------------------------------------------

    def _target(self, position: int, profile: _Profile) -> int | None:
        """The level automatic escalation goes to from *position*, if any."""
        target = position + 1
        while target <= profile.cap and target in profile.skip:
            target += 1
        return target if target <= profile.cap else None

    def _first_wait(self, position: int, profile: _Profile) -> timedelta | None:
        """The policy's first wait, when a pass starting at *position* has one."""
        wait = self.first_wait
        return None if wait is None or position != profile.entry else wait.delay

    def _after(
        self, position: int, count_from: datetime, origin: datetime, delay: timedelta
    ) -> datetime:
        """When *position*'s *delay*, counted as the policy says, runs out."""
        base = origin if self.since_opened else count_from
        if self.business[position]:
            # Matrix validation guarantees a calendar when a level counts
            # business time.
            return self.calendar.add(base, delay)  # type: ignore[union-attr]
        return _later(base, delay)

    def _end_cause(self, position: int, profile: _Profile) -> HoldCause:
        """Why escalation stops at *position*, the end of the issue's path."""
        if self.repeat is not None:
            return "repeats_done"
        if position >= profile.cap:
            if position >= self.top:
                return "top"
            # Above it: started there, or moved there by hand.
            above = profile.above_cap or position > profile.cap
            return "above_cap" if above else "cap"
        return "no_delay" if self.delays[position] is None else "cap"

    def _next(
        self,
        position: int,
        notified: datetime,
        origin: datetime,
        profile: _Profile,
        cycle: int,
    ) -> tuple[datetime | None, _Event | None, HoldCause | None]:
        """What happens next at *position* on its own, and when; or why nothing.

        *notified* is when the level's role was notified (per-level delays
        count from then), *origin* when the pass started or the issue was
        last moved by hand (delays since opening count from then).
        """
        target = self._target(position, profile)
        delay = self.delays[position]
        if target is not None:
            if delay is None:
                return None, None, "no_delay"
            return self._after(position, notified, origin, delay), "escalate", None
        cause = self._end_cause(position, profile)
        if cycle < self.cycles:
            return _later(notified, self.wait), "wrap", cause
        if self.resolve_at_end:
            if delay is None:
                return notified, "close", cause
            return self._after(position, notified, origin, delay), "close", cause
        return None, None, cause

    def _stop(  # noqa: PLR0917 -- private, one caller
        self,
        position: int,
        due: datetime | None,
        event: _Event | None,
        waiting: datetime | None,
        acknowledged: datetime | None,
        resolved: datetime | None,
    ) -> HoldCause | None:
        """Whether acknowledgement or resolution stops escalation before *due*.

        *waiting* is when the level's role is to be notified, while the
        policy's first wait runs.
        """
        if resolved is not None and (due is None or resolved <= due):
            return "resolved"
        if acknowledged is None:
            return None
        if waiting is not None and self._unnotified(waiting, acknowledged):
            return "unnotified"
        if (
            due is not None
            and acknowledged <= due
            and self.while_unacknowledged[position]
            # A new round sets the acknowledgement aside, when the policy
            # resets it: only the escalations within a round stop.
            and (event == "escalate" or not self.reset)
        ):
            return "acknowledged"
        return None

    def _unnotified(self, waiting: datetime, acknowledged: datetime | None) -> bool:
        """Whether an acknowledgement ends the first wait before its notification."""
        wait = self.first_wait
        return (
            acknowledged is not None
            and acknowledged <= waiting
            and wait is not None
            and wait.escalate_while == "unacknowledged"
        )

    def _scheduled_end(
        self,
        position: int,
        notified: datetime,
        origin: datetime,
        profile: _Profile,
        cycle: int,
    ) -> tuple[datetime, _Event] | None:
        """When the round would end from *position* had nobody acknowledged it.

        The next round (or the policy's resolution) comes then, when the
        policy resets acknowledgements; None if the round never ends.
        """
        while True:
            due, event, _ = self._next(position, notified, origin, profile, cycle)
            if due is None or event is None:
                return None
            if event != "escalate":
                return due, event
            position = self._target(position, profile)  # type: ignore[assignment]
            notified = due

    def _upcoming(  # noqa: PLR0917 -- private, one caller
        self,
        stretch: _Stretch,
        since: datetime,
        origin: datetime,
        profile: _Profile,
        acknowledged: datetime | None,
        resolved: datetime | None,
    ) -> _Upcoming:
        """What happens next from *stretch* on its own, or why nothing does.

        *since* is when the issue reached the stretch's level, *origin* when
        the round started or the issue was last moved by hand. Clears the
        stretch's notification when the first wait is cut short.
        """
        position, cycle = stretch.position, stretch.cycle
        notified = stretch.notify
        assert notified is not None  # noqa: S101 -- cleared only on leaving
        due, event, cause = self._next(position, notified, origin, profile, cycle)
        waiting = notified if notified > since else None
        stop = self._stop(position, due, event, waiting, acknowledged, resolved)
        if waiting is not None and (
            self._unnotified(waiting, acknowledged)
            or (resolved is not None and resolved <= waiting)
        ):
            stretch.notify = None  # the wait was cut short: nobody is told
        held_by: HoldCause | None = None
        if stop in {"acknowledged", "unnotified"} and self.reset:
            scheduled = self._scheduled_end(position, notified, origin, profile, cycle)
            if scheduled is not None:
                # Held until the round would have ended, then set aside.
                due, event = scheduled
                held_by = stop
                stop = self._stop(position, due, event, None, None, resolved)
        if stop is not None:
            return None, None, None, stop
        target = profile.restart if event == "wrap" else None
        if event == "escalate":
            target = self._target(position, profile)
        return due, event, target, held_by or cause

    def replay(
        self,
        issue: Issue,
        profile: _Profile,
        *,
        events_until: datetime,
        escalate_until: datetime,
    ) -> _Replayed:
        """Replay *issue*'s history.

        Events (manual actions, acknowledgements, resolution) count up to
        *events_until*; automatic escalations happen up to *escalate_until*.

        Returns:
            The stages, when the issue escalates next (if it does) and to
            which position, and why escalation stops (if it does); a stop
            comes with when the policy resolves the issue, if it will.
        """
        # Work in UTC: with a zone that changes its clock, adding hours to a
        # local time, or subtracting two of them, would count wall-clock time
        # instead of elapsed time. Times worked out here are given back in
        # the zone of the issue's opening; times from the issue stay as given.
        zone = issue.opened_at.tzinfo
        until = instant(events_until)
        acknowledgements = _acknowledgements(issue, until)
        acknowledged = acknowledgements[0] if acknowledgements else None
        resolved = _utc_or_none(issue.resolved_at, until)
        actions: Iterator[Action] = (
            a
            for a in issue.actions
            if a.kind != "acknowledge" and instant(a.at) <= until
        )
        action = next(actions, None)
        since = origin = instant(issue.opened_at)
        restarted: datetime | None = None  # the manual move the count restarted at
        wait = self._first_wait(profile.entry, profile)
        entered = ReasonEntered(
            issue.opened_at,
            self.levels[profile.entry].key,
            profile.cause,
            profile.severity,
            profile.rule,
            wait,
        )
        stages = [_Stretch(profile.entry, entered, since, wait, 1)]
        while True:
            stretch = stages[-1]
            position = stretch.position
            ack = None if acknowledged is None else acknowledged[0]
            upcoming = self._upcoming(stretch, since, origin, profile, ack, resolved)
            due, event, target, holds = upcoming
            if (
                due is not None
                and due <= escalate_until
                and (action is None or due <= instant(action.at))
            ):
                if target is None:  # the policy resolves the issue
                    closed = _rare.ReasonHeld(
                        _zoned(due, zone), self.levels[position].key, "closed"
                    )
                    return stages, None, None, closed
                if event == "wrap":
                    stages.append(
                        self._round(stretch, target, due, acknowledged, profile, zone)
                    )
                    if self.reset:
                        acknowledged = next(
                            (a for a in acknowledgements if a[0] >= due), None
                        )
                    origin, restarted = due, None
                else:
                    escalated = self._escalated(
                        position, target, _zoned(due, zone), restarted, stretch.cycle
                    )
                    stages.append(_Stretch(target, escalated, due, None, stretch.cycle))
                since = due
            elif action is not None:
                at = instant(action.at)
                stages.append(self._moved(stretch, action, issue))
                since = origin = at
                restarted = action.at
                action = next(actions, None)
            elif due is not None and event != "close":
                return stages, _zoned(due, zone), target, None
            else:
                held = self._held(issue, profile, stretch, holds, acknowledged)
                # The policy resolves the issue later: that is its next change.
                closes = None if due is None else _zoned(due, zone)
                return stages, closes, None, held

    def _round(  # noqa: PLR0917 -- private, one caller
        self,
        stretch: _Stretch,
        target: int,
        due: datetime,
        acknowledged: tuple[datetime, datetime] | None,
        profile: _Profile,
        zone: tzinfo | None,
    ) -> _Stretch:
        """The first stage of a new round of the policy's repeat, at *target*."""
        cycle = stretch.cycle + 1
        wait = self._first_wait(target, profile)
        repeated = _rare.ReasonRepeated(
            _zoned(due, zone),
            self.levels[target].key,
            self.levels[stretch.position].key,
            cycle,
            self.cycles,
            self.wait,
            _set_aside(acknowledged, due) if self.reset else None,
            wait,
        )
        return _Stretch(target, repeated, due, wait, cycle)

    def _moved(self, stretch: _Stretch, action: Action, issue: Issue) -> _Stretch:
        """The stage a manual move of *issue* starts."""
        position = stretch.position
        moved = self._move(position, action, issue)
        note = _rare.ReasonMoved(
            action.at,
            self.levels[moved].key,
            self.levels[position].key,
            cast("MoveKind", action.kind),  # acknowledgements are left out
            action.reason,
        )
        at = instant(action.at)
        notified = stretch.notify
        if notified is not None and at < notified:
            stretch.notify = None  # moved on before its role was told
        return _Stretch(moved, note, at, None, stretch.cycle)

    def _held(
        self,
        issue: Issue,
        profile: _Profile,
        stretch: _Stretch,
        cause: HoldCause | None,
        acknowledged: tuple[datetime, datetime] | None,
    ) -> ReasonHeld:
        """Why escalation stops at *stretch*, for good or until the policy resolves."""
        assert cause is not None  # noqa: S101 -- no due time always has a cause
        at = stretch.reason.at
        if cause == "resolved":
            assert issue.resolved_at is not None  # noqa: S101 -- stop came from it
            at = issue.resolved_at
        elif cause in {"acknowledged", "unnotified"}:
            assert acknowledged is not None  # noqa: S101 -- stop came from it
            at = acknowledged[1]
        capped = cause in {"cap", "above_cap"}
        return _rare.ReasonHeld(
            at,
            self.levels[stretch.position].key,
            cause,
            profile.cap_severity if capped else None,
            profile.cap_rule if capped else None,
        )

    def _escalated(
        self,
        position: int,
        target: int,
        due: datetime,
        moved: datetime | None,
        cycle: int,
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
            cycle,
        )

    def _move(self, position: int, action: Action, issue: Issue) -> int:
        if action.kind == "escalate":
            return min(position + 1, self.top)
        if action.kind == "deescalate":
            return max(position - 1, 0)
        target = self.index.get(action.level)  # type: ignore[arg-type]
        if target is None:
            message = Phrase(
                "jump to unknown level {level}; known levels: {known}",
                level=repr(action.level),
                known=", ".join(self.index),
            )
            places = (n for n, given in enumerate(issue.actions) if given is action)
            path = f"$.actions[{next(places)}].level"
            raise ValidationError([Problem(path, message)], subject="issue")
        return target

    # What route() calls ------------------------------------------------

    def replayed(self, issue: Issue, now: datetime, profile: _Profile) -> Decision:
        """The decision for *issue* at *now*, from a replay of its history."""
        stages, due, target, held = self.replay(
            issue, profile, events_until=now, escalate_until=now
        )
        last = stages[-1]
        reasons = [stretch.reason for stretch in stages]
        if held is not None:
            reasons.append(held)
        step = (
            self.step(profile, last.position)
            if due is None
            else self.step(profile, last.position, target)
        )
        return make_decision(
            issue,
            now,
            last.reason.at,
            due,
            step,
            tuple(reasons),
            self._notify_at(last, issue),
            last.cycle,
        )

    def unrolled(  # noqa: PLR0917 -- one caller, route()
        self,
        issue: Issue,
        now: datetime,
        profile: _Profile,
        stage: int,
        since: datetime,
        due: datetime | None,
    ) -> Decision:
        """The decision for an untouched issue, from its profile's rounds."""
        notify = profile.notify_offsets[stage]  # type: ignore[index]
        notify_at = since
        if notify != profile.offsets[stage]:
            notify_at = _zoned(_later(instant(issue.opened_at), notify), since.tzinfo)
        step = profile.stages[stage][2]
        return make_decision(
            issue, now, since, due, step, None, notify_at, profile.cycles[stage]
        )

    def _notify_at(self, stretch: _Stretch, issue: Issue) -> datetime | None:
        """When *stretch*'s role is notified, in the zone of the issue's opening."""
        if not stretch.waited:
            return stretch.reason.at
        notify = stretch.notify
        return None if notify is None else _zoned(notify, issue.opened_at.tzinfo)

    def reasons(self, issue: Issue, now: datetime) -> tuple[Reason, ...]:
        """Return the reasons of the decision for *issue* at *now*."""
        stages, _, _, held = self.replay(
            issue, self.profile(issue), events_until=now, escalate_until=now
        )
        reasons = [stretch.reason for stretch in stages]
        if held is not None:
            reasons.append(held)
        return tuple(reasons)

    def plan(self, issue: Issue, now: datetime | None) -> Plan:
        """Lay out *issue*'s whole timeline."""
        # Loaded with the first plan: routing one moment does not need it.
        from escalation_matrix._routing.plan import Plan, Stage, carrying  # noqa: PLC0415

        profile = self.profile(_issue(issue))
        if now is not None:
            _check_now(issue, now)
        stages, _, _, held = self.replay(
            issue,
            profile,
            events_until=_FOREVER if now is None else now,
            escalate_until=_FOREVER,
        )
        assert held is not None  # noqa: S101 -- replaying to the end always stops
        texts = self.texts[issue.issue_type]
        out = []
        for number, stretch in enumerate(stages):
            position, reason = stretch.position, stretch.reason
            end = stages[number + 1].reason.at if number + 1 < len(stages) else None
            out.append(
                Stage(
                    self.levels[position],
                    self.roles[position],
                    texts[position],
                    reason.at,
                    end,
                    reason,
                    notify_at=self._notify_at(stretch, issue),
                    cycle=stretch.cycle,
                )
            )
        timeline = Plan(issue, profile.severity, tuple(out), held, self.fingerprint)
        return carrying(timeline, profile.names)


def _anchor(zone: tzinfo | None) -> datetime:
    """Return midnight of the epoch's day in *zone*, kept for the next time."""
    anchor = _EPOCH.replace(tzinfo=zone)
    try:
        if len(_ANCHORS) < _MAX_ANCHORS:
            _ANCHORS[zone] = anchor
    except TypeError:  # an unhashable zone: made again each time
        pass
    return anchor


def _acknowledgements(issue: Issue, until: datetime) -> list[tuple[datetime, datetime]]:
    """The issue's acknowledgements up to *until*: (in UTC, as given), oldest first."""
    given = [action.at for action in issue.actions if action.kind == "acknowledge"]
    if issue.acknowledged_at is not None:
        given.append(issue.acknowledged_at)
    found = [(instant(moment), moment) for moment in given]
    return sorted(
        (pair for pair in found if pair[0] <= until), key=lambda pair: pair[0]
    )


def _set_aside(
    acknowledged: tuple[datetime, datetime] | None, moment: datetime
) -> datetime | None:
    """The acknowledgement a round starting at *moment* sets aside, as given."""
    if acknowledged is None or acknowledged[0] > moment:
        return None
    return acknowledged[1]


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
        # Translators: {moment} is an ISO 8601 date and time.
        message = Phrase(
            "The escalation due at {moment} cannot be given in the time zone of "
            "the issue's opening: it falls after year 9999 there.",
            moment=moment.isoformat(),
        )
        raise routing_error(message, value=moment) from None
    except (TypeError, ValueError) as error:  # a user's zone, as Python says
        # Translators: {moment} is an ISO 8601 date and time, {zone} a
        # Python class's name, {reason} what Python said, in English.
        message = Phrase(
            "The time of {moment} cannot be given in the time zone of the "
            "issue's opening ({zone}): {reason}",
            moment=moment.isoformat(),
            zone=type(zone).__name__,
            reason=str(error),
        )
        raise routing_error(message, value=moment) from None


def _later(moment: datetime, delay: timedelta) -> datetime:
    """Return *moment* + *delay*, or say that it falls after year 9999."""
    try:
        return moment + delay
    except OverflowError:
        # Translators: {delay} is a duration as files write it ("4h"),
        # {moment} an ISO 8601 date and time.
        message = Phrase(
            "The escalation {delay} after {moment} falls after year 9999.",
            delay=format_duration(delay),
            moment=moment.isoformat(),
        )
        raise routing_error(message, value=delay) from None


def _unknown_priority(name: str, value: object, known: Iterable[str]) -> Phrase:
    """Say that *value* is no impact (or urgency) of the priority table."""
    listed = ", ".join(known)
    if name == "impact":
        return Phrase(
            "unknown impact {value}; known: {known}", value=repr(value), known=listed
        )
    return Phrase(
        "unknown urgency {value}; known: {known}", value=repr(value), known=listed
    )


def _issue(issue: object) -> Issue:
    if not isinstance(issue, Issue):
        raise WrongTypeError("issue", issue, "an Issue")
    return issue


def _check_now(issue: Issue, now: object) -> None:
    """Raise if *now* is naive, not a datetime, or before the issue's opening."""
    moment = _moment(now)
    if moment < instant(issue.opened_at):
        # Translators: {now} and {opened} are ISO 8601 dates and times.
        message = Phrase(
            "now ({now}) is before the issue was opened ({opened})",
            now=now.isoformat(),  # type: ignore[attr-defined]
            opened=issue.opened_at.isoformat(),
        )
        raise routing_error(message, value=now)


def _moment(now: object) -> datetime:
    """Return *now*'s instant in UTC; raise if it is naive or not a datetime."""
    if not isinstance(now, datetime):
        _not_aware(now)
    offset = utc_offset(now)
    if isinstance(offset, str):
        # Translators: {zone} is a Python class's name; {reason} is what
        # Python said of the offset, in English.
        message = Phrase(
            "now must have a time zone that gives a valid UTC offset; its time "
            "zone ({zone}) gave: {reason}",
            zone=type(now.tzinfo).__name__,
            reason=offset,
        )
        raise routing_error(message, value=now)
    if offset is None:
        _not_aware(now)
    try:
        return instant(now)
    except OverflowError:
        # Translators: {now} is an ISO 8601 date and time.
        message = Phrase(
            "now ({now}) must fall within years 1 to 9999 in UTC", now=now.isoformat()
        )
        raise routing_error(message, value=now) from None


def _not_aware(now: object) -> NoReturn:
    message = Phrase(
        "now must be a timezone-aware datetime, got {got}", got=shown_phrase(now)
    )
    raise routing_error(message, value=now)


def _bad_now(issue: Issue, now: object) -> NoReturn:
    """Raise the error saying what is wrong with *now*, known to be wrong."""
    _check_now(issue, now)
    raise AssertionError  # pragma: no cover -- _check_now raised


def route(  # noqa: C901, PLR0912, PLR0915 -- one frame, per issue
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
        return resolve_contacts(route(matrix, issue, now=now), resolver)
    # A compiled matrix's router in one look-up, and the issue decided here:
    # route() runs per issue, in a frame of its own only.
    try:
        router: Router | None = matrix._router  # type: ignore[assignment]  # noqa: SLF001 -- kept there for routing
    except AttributeError:  # not a matrix: _router says so
        router = None
    if router is None:
        router = _router(matrix)
    if now is None:
        now = datetime.now(UTC)
    try:
        # The common case in two lookups, and an issue whose severity comes
        # from its impact and urgency in one; anything unusual (rules, an
        # unknown key, not an Issue) takes the long way.
        if issue.impact is None or issue.severity is not None:
            profile = router.quick[issue.issue_type][issue.severity]
        else:
            profile = router.by_priority[issue.issue_type, issue.impact, issue.urgency]
    except (KeyError, AttributeError):
        profile = router.profile(_issue(issue))
    opened = issue.opened_at
    zone = opened.tzinfo
    # Times are given in the zone of the opening. fromutc turns the
    # reading of a UTC clock, in that zone, into its time there, as
    # astimezone does; here the opening's offset is looked up only once.
    reading = opened
    local = zone is not UTC and zone is not None
    if local:
        reading = opened - zone.utcoffset(opened)  # type: ignore[union-attr,operator]
        try:
            anchor = _ANCHORS[zone]
        except (KeyError, TypeError):  # a new zone, or one that is unhashable
            anchor = _anchor(zone)
    try:
        # Two times of one zone subtract as wall clocks, without an
        # offset looked up: the reading's from the anchor's is its
        # instant's from the epoch.
        elapsed = (now - _EPOCH) - (reading - anchor) if local else now - opened
    except (OverflowError, TypeError, ValueError):
        _bad_now(issue, now)  # naive, not a datetime, or a bad zone
    if now.tzinfo is not UTC and not 1 < now.year < 9999:  # noqa: PLR2004
        # Only in the first and last years can a moment fall outside the
        # calendar in UTC.
        _check_now(issue, now)
    resolved = issue.resolved_at
    if not (
        profile.simple
        and not issue.actions
        and (issue.acknowledged_at is None or not router.acknowledgements_stop)
        # A resolution ends a policy's waits and rounds: replayed.
        and (resolved is None or profile.notify_offsets is None)
    ):
        if elapsed < _ZERO:
            _bad_now(issue, now)
        return router.replayed(issue, now, profile)
    stage = bisect_right(profile.offsets, elapsed) - 1
    if stage < 0:  # before the opening: the offsets start at zero
        _bad_now(issue, now)
    try:
        if resolved is None or (until := instant(resolved) - instant(opened)) > elapsed:
            start, end, step = profile.stages[stage]
        else:
            # Resolved by now: where it was then. An escalation due at
            # the very moment of the resolution does not happen.
            stage = max(bisect_left(profile.offsets, until) - 1, 0)
            start, end, step = profile.stages[stage]
            if end is not None:
                # The escalation it stopped is worked out, as the replay
                # works it out: in UTC, where it may fall after 9999.
                _later(reading, end)
                end = None
        if stage:
            since = reading + start
            if local:
                since = zone.fromutc(since)  # type: ignore[union-attr]
        else:
            # The first level is reached at the opening, as given (even
            # at a time the clocks skip, as the replay keeps it).
            since = opened
        due = None
        if end is not None:
            due = reading + end
            if local:
                due = zone.fromutc(due)  # type: ignore[union-attr]
        if profile.notify_offsets is not None:
            return router.unrolled(issue, now, profile, stage, since, due)
    except (OverflowError, TypeError, ValueError, RoutingError):
        # A time after year 9999, or one the zone cannot give: the
        # replay raises the error saying which, as it says it.
        return router.replayed(issue, now, profile)
    # What make_decision does, without a call: a decision per issue.
    decision: Any = _DRAFT_DECISION()
    decision.issue = issue
    decision.at = now
    decision.since = decision.notify_at = since
    decision.next_escalation_at = due
    decision._assignment = step  # noqa: SLF001 -- a field of the draft
    decision._reasons = None  # noqa: SLF001
    decision.cycle = 1
    decision.level = step.level
    decision.role = step.role
    decision.responsibility = step.responsibility
    decision.__class__ = Decision
    frozen: Decision = decision
    return frozen


def decider(matrix: Matrix) -> Callable[[Issue, datetime], Decision]:
    """Return :func:`route` for *matrix*, taking an issue and a moment.

    Raises:
        WrongTypeError: *matrix* is not a Matrix, at once.
    """
    _router(matrix)

    def decide(issue: Issue, now: datetime) -> Decision:
        return route(matrix, issue, now=now)

    return decide


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
    router: Router | None = getattr(matrix, "_router", _NOT_A_MATRIX)
    if router is None:
        router = Router(matrix)
        object.__setattr__(matrix, "_router", router)
    elif router is _NOT_A_MATRIX:
        raise WrongTypeError("matrix", matrix, "a Matrix")
    return router


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
        WrongTypeError: *issues* is not iterable, at once; the errors of
            :func:`route` for the issue that fails, when its decision is
            asked for.
        RoutingError: *now* is naive, not a datetime, or outside years 1 to
            9999 in UTC, at once.
    """
    decide = decider(matrix)
    if resolver is not None:
        _check_resolver(resolver)
        decide = _resolving(decide, resolver)
    moment = datetime.now(UTC) if now is None else now
    if not isinstance(issues, Iterable):
        raise WrongTypeError("issues", issues, "an iterable of Issue objects")
    _moment(moment)  # naive, or outside the calendar: said now, issues or none
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
