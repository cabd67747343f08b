"""Why a routing decision is what it is: one structured reason per event.

A :class:`~escalation_matrix.Decision` lists its reasons in the order the
events happened; :func:`~escalation_matrix.render` turns them into
sentences in any language with a catalog.
"""

from __future__ import annotations

from escalation_matrix._routing.reasons import (
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
    ReasonRepeated,
)

__all__ = [
    "Reason",
    "ReasonEntered",
    "ReasonEscalated",
    "ReasonHeld",
    "ReasonMoved",
    "ReasonRepeated",
]


def __dir__() -> list[str]:
    return __all__
