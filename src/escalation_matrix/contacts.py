"""People behind roles: who to contact, and resolvers that find them.

A :class:`~escalation_matrix.Role` may list its :class:`Contact` entries;
a :class:`Resolver` given to :func:`~escalation_matrix.route` answers at
routing time instead (an on-call schedule, a directory). A contact may
also stand for a schedule, team or user group of an incident tool, kept as
data with the tool's ids (:data:`CONTACT_KINDS`, :data:`CONTACT_SELECTS`).
"""

from __future__ import annotations

from escalation_matrix._model.contacts import CONTACT_KINDS, CONTACT_SELECTS, Contact
from escalation_matrix._routing.decision import Resolver

__all__ = ["CONTACT_KINDS", "CONTACT_SELECTS", "Contact", "Resolver"]


def __dir__() -> list[str]:
    return __all__
