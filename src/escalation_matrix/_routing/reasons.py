"""Why a routing decision is what it is: one structured reason per event.

Reasons are data (kinds, times, level keys), not sentences; they render in
any locale on demand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import attrs

from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._model.matrix import EscalateWhile

if TYPE_CHECKING:
    from escalation_matrix._model import action as _action
else:
    # As in _model.issue: the kinds of moves are read with a type hint.
    _action = LazyModule("escalation_matrix._model.action", globals())

__all__ = [
    "EntryCause",
    "HoldCause",
    "Reason",
    "ReasonEntered",
    "ReasonEscalated",
    "ReasonHeld",
    "ReasonMoved",
    "ReasonRepeated",
]

EntryCause = Literal["first_level", "severity", "issue_type", "rule"]
HoldCause = Literal[
    "top",
    "cap",
    "above_cap",
    "no_delay",
    "acknowledged",
    "resolved",
    "unnotified",
    "repeats_done",
    "closed",
]


@attrs.frozen
class ReasonEntered:
    """The issue was opened and started at :attr:`level`.

    Attributes:
        at: When the issue was opened.
        level: Key of the level it started at.
        cause: What chose that level: the matrix's ``"first_level"``, the
            issue's ``"severity"``, its ``"issue_type"``, or a ``"rule"``.
        severity: The issue's severity, if it has one.
        rule: Name of the rule that matched, if one did.
        first_wait: The policy's wait before the level's role is notified,
            if it has one.
    """

    at: datetime
    level: str
    cause: EntryCause
    severity: str | None = None
    rule: str | None = None
    first_wait: timedelta | None = None

    kind = "entered"


@attrs.frozen
class ReasonEscalated:
    """The issue escalated automatically from :attr:`from_level` to :attr:`level`.

    Attributes:
        at: When it escalated.
        level: Key of the level it escalated to.
        from_level: Key of the level it left.
        after: The delay that ran out.
        since_opened: Whether the delay counted from the opening of the
            issue (else from its arrival at :attr:`from_level`).
        business_time: Whether the delay counted working hours only.
        escalate_while: The stop condition of :attr:`from_level` that had
            not been met.
        skipped: Keys of the levels passed over on the way.
        counted_from: With delays counted since opening, the manual move the
            count restarted from, when there was one (else None: the
            opening, or the start of the round).
        cycle: The round of the policy's repeat the escalation belongs to,
            1 for the first.
    """

    at: datetime
    level: str
    from_level: str
    after: timedelta
    since_opened: bool
    business_time: bool
    escalate_while: EscalateWhile
    skipped: tuple[str, ...] = ()
    counted_from: datetime | None = None
    cycle: int = 1

    kind = "escalated"


@attrs.frozen
class ReasonMoved:
    """Someone moved the issue by hand.

    Attributes:
        at: When.
        level: Key of the level it was moved to.
        from_level: Key of the level it was at.
        action: ``"escalate"``, ``"deescalate"`` or ``"jump"``.
        note: The reason they gave.
    """

    at: datetime
    level: str
    from_level: str
    action: _action.MoveKind
    note: str = ""

    kind = "moved"


@attrs.frozen
class ReasonRepeated:
    """The levels ran out and escalation started again, as the policy repeats.

    Attributes:
        at: When the new round started.
        level: Key of the level it started at.
        from_level: Key of the level the issue was at.
        cycle: The number of the new round: 2 for the first repeat.
        cycles: How many rounds there are in all.
        wait: The policy's wait between the notification of the last level
            and the new round.
        acknowledged_at: The acknowledgement the new round set aside, when
            the policy resets acknowledgements and there was one.
        first_wait: The policy's wait before :attr:`level`'s role is
            notified, when the round starts at the entry level.
    """

    at: datetime
    level: str
    from_level: str
    cycle: int
    cycles: int
    wait: timedelta
    acknowledged_at: datetime | None = None
    first_wait: timedelta | None = None

    kind = "repeated"


@attrs.frozen
class ReasonHeld:
    """Automatic escalation stopped, or will not happen, at :attr:`level`.

    Attributes:
        at: Since when (the acknowledgement or resolution time, or when the
            issue reached the level).
        level: Key of the level where the issue stays.
        cause: ``"top"`` (no level above), ``"above_cap"`` (the issue
            started, or was moved, above the highest level its severity or
            a rule lets it reach), ``"cap"`` (the severity or a
            rule caps escalation there), ``"no_delay"`` (the level has no
            delay), ``"acknowledged"`` (the level escalates only while
            unacknowledged) or ``"resolved"``.
        severity: The issue's severity, for a cap set by it.
        rule: Name of the rule that set the cap, if one did.
    """

    at: datetime
    level: str
    cause: HoldCause
    severity: str | None = None
    rule: str | None = None

    kind = "held"


Reason = ReasonEntered | ReasonEscalated | ReasonMoved | ReasonRepeated | ReasonHeld
