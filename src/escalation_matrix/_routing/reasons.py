"""Why a routing decision is what it is: one structured reason per event.

Reasons are data (kinds, times, level keys), not sentences; they render in
any locale on demand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal

import attrs

from escalation_matrix._model.matrix import EscalateWhile

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


# The reasons of a manual move, a new round and a stop are built when first
# needed, in a module of their own: an issue routed before anyone moved it,
# and before its levels ran out, meets none of them, and each attrs class
# takes about half a millisecond to build. They are read here as if defined
# here, so that their names stay as they were and older pickles still load.
_LATER: Final = frozenset({"HoldCause", "ReasonHeld", "ReasonMoved", "ReasonRepeated"})

if TYPE_CHECKING:
    from escalation_matrix._routing.reasons_later import (
        HoldCause,
        ReasonHeld,
        ReasonMoved,
        ReasonRepeated,
    )

    Reason = ReasonEntered | ReasonEscalated | ReasonMoved | ReasonRepeated | ReasonHeld
else:

    def __getattr__(name: str) -> object:
        if name == "Reason":
            from escalation_matrix._routing import reasons_later as later  # noqa: PLC0415

            value: object = (
                ReasonEntered
                | ReasonEscalated
                | later.ReasonMoved
                | later.ReasonRepeated
                | later.ReasonHeld
            )
        elif name in _LATER:
            from escalation_matrix._routing import reasons_later  # noqa: PLC0415

            value = getattr(reasons_later, name)
        else:
            message = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(message)
        globals()[name] = value  # later reads are plain ones
        return value
