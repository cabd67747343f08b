"""The reasons only some routes meet: a manual move, a new round, a stop.

An issue routed before anyone moved it, and before its levels ran out or
the policy's rounds began again, has only the reasons of
:mod:`escalation_matrix._routing.reasons`; these classes are built when a
route first needs one (or a program names one), which is what a question
to the command line about an untouched issue then saves. They are read
from that module too, where they are listed with the others, and where
:data:`~escalation_matrix._routing.reasons.Reason` unites them all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import attrs

from escalation_matrix._base.lazy import LazyModule

if TYPE_CHECKING:
    from escalation_matrix._model import action as _action
else:
    # As in _model.issue: the kinds of moves are read with a type hint.
    _action = LazyModule("escalation_matrix._model.action", globals())

__all__ = ["HoldCause", "ReasonHeld", "ReasonMoved", "ReasonRepeated"]

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
