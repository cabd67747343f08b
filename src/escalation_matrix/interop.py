"""Policies of incident tools as matrices, and matrices as their policies.

Import PagerDuty escalation policies, Opsgenie (and Jira Service Management
Operations) escalations, Grafana OnCall escalation chains and ITIL impact x
urgency tables; export matrices to PagerDuty and Opsgenie. Every conversion
lists what it does not keep, as :class:`~escalation_matrix.interop.Loss`
entries with their JSON paths.
"""

from __future__ import annotations

from escalation_matrix._interop.grafana import from_grafana_oncall
from escalation_matrix._interop.opsgenie import from_opsgenie, to_opsgenie
from escalation_matrix._interop.pagerduty import from_pagerduty, to_pagerduty
from escalation_matrix._interop.priority import from_priority_matrix
from escalation_matrix._interop.results import Exported, Imported, translate_loss
from escalation_matrix.exceptions import Loss, LossyConversionError

__all__ = [
    "Exported",
    "Imported",
    "Loss",
    "LossyConversionError",
    "from_grafana_oncall",
    "from_opsgenie",
    "from_pagerduty",
    "from_priority_matrix",
    "to_opsgenie",
    "to_pagerduty",
    "translate_loss",
]


def __dir__() -> list[str]:
    return __all__
