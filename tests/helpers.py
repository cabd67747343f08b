"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from escalation_matrix import IssueType, Level, Matrix, Policy, Role


def small_matrix(**changes: Any) -> Matrix:
    """Return a valid three-level matrix; keyword arguments replace its parts."""
    parts: dict[str, Any] = {
        "levels": [
            Level("L1", 1, "agent", "First line", delay=timedelta(minutes=30)),
            Level("L2", 2, "lead", "Second line", delay=timedelta(hours=1)),
            Level("L3", 3, "boss", "Management"),
        ],
        "roles": [
            Role("agent", "Agent"),
            Role("lead", "Team lead"),
            Role("boss", "Boss"),
        ],
        "issue_types": [
            IssueType(
                "outage",
                "Outage",
                {"L1": "Restart it.", "L2": "Find the cause.", "L3": "Tell customers."},
            ),
            IssueType(
                "billing",
                "Billing",
                {"L1": "Check the bill.", "L2": "Correct it.", "L3": "Refund."},
            ),
        ],
        "policy": Policy(),
    }
    parts.update(changes)
    key = parts.pop("key", "small")
    title = parts.pop("title", "Small matrix")
    return Matrix(key, title, **parts)
