"""What routing answers for all moments: a plan, stage by stage.

Loaded when a plan is made or read: routing one moment needs none of it.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from escalation_matrix._base.instants import instant
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import Level, Role
from escalation_matrix._routing.names import NO_NAMES, CarriedNames
from escalation_matrix._routing.reasons import Reason, ReasonHeld
from escalation_matrix.exceptions import Phrase, RoutingError

__all__ = ["Plan", "Stage", "carrying"]


def _aware_moment(moment: object) -> datetime:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        message = Phrase(
            "expected a timezone-aware datetime, got {got}", got=shown_phrase(moment)
        )
        raise RoutingError(message, value=moment)
    return moment


@attrs.frozen(repr=False)
class Stage:
    """One stretch of an issue's timeline: a level, from when until when.

    Attributes:
        level: The level handling the issue during the stage.
        role: The role holding it.
        responsibility: What that role must do.
        start: When the stage starts.
        end: When it ends, or None if it does not (the last stage).
        reason: How the issue arrived at this stage.
        notify_at: When the level's role is notified: :attr:`start`, or
            later after the policy's first wait; None if nobody is (the
            wait was cut short).
        cycle: The round of the policy's repeat the stage belongs to, 1 for
            the first.
    """

    level: Level
    role: Role
    responsibility: str
    start: datetime
    end: datetime | None
    reason: Reason
    notify_at: datetime | None = attrs.field(
        default=attrs.Factory(lambda self: self.start, takes_self=True),
        kw_only=True,
    )
    cycle: int = attrs.field(default=1, kw_only=True)

    def __contains__(self, moment: datetime) -> bool:
        when = instant(_aware_moment(moment))
        return instant(self.start) <= when and (
            self.end is None or when < instant(self.end)
        )

    def __repr__(self) -> str:
        end = self.end.isoformat() if self.end is not None else "..."
        return f"<Stage {self.level.key} {self.start.isoformat()} -> {end}>"


@attrs.frozen(repr=False)
class Plan:
    """An issue's whole timeline: who handles it from when until when.

    Built from what the issue records (manual moves, acknowledgement,
    resolution) up to the moment asked for, then projected forward as if
    nothing else happened. Like a :class:`Decision`, a plan carries the
    names it mentions, and renders without its matrix.

    Attributes:
        issue: The issue planned for.
        severity: The issue's severity, or None.
        stages: The stages, oldest first; the last has no end.
        held: Why the last stage has no end.
        fingerprint: As for :attr:`Decision.fingerprint`.
    """

    issue: Issue
    severity: str | None
    stages: tuple[Stage, ...]
    held: ReasonHeld
    fingerprint: str
    # As a decision's (see Assignment.names); set by routing and by payloads.
    _names: CarriedNames = attrs.field(
        init=False, default=NO_NAMES, eq=False, repr=False
    )

    def __getstate__(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in attrs.fields(Plan)}

    def __setstate__(self, state: dict[str, object]) -> None:
        # Plans pickled before plans carried their names have none.
        for name, value in {"_names": NO_NAMES, **state}.items():
            object.__setattr__(self, name, value)

    def stage_at(self, moment: datetime) -> Stage:
        """Return the stage the issue is in at *moment*.

        Raises:
            RoutingError: *moment* is naive, or before the issue was opened.
        """
        when = instant(_aware_moment(moment))
        for stage in reversed(self.stages):
            if instant(stage.start) <= when:
                return stage
        message = Phrase(
            "{moment} is before the issue was opened", moment=moment.isoformat()
        )
        raise RoutingError(message, value=moment)

    def __repr__(self) -> str:
        path = " -> ".join(stage.level.key for stage in self.stages)
        return f"<Plan {self.issue.issue_type} {path} ({self.held.cause})>"


def carrying(plan: Plan, names: CarriedNames, /) -> Plan:
    """Return *plan*, just built, carrying *names*."""
    object.__setattr__(plan, "_names", names)
    return plan
