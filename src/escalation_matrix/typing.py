"""Type aliases used in the public signatures, for annotating your own code.

>>> from escalation_matrix.typing import Format
>>> import typing
>>> typing.get_args(Format)
('toml', 'json', 'yaml')
"""

from __future__ import annotations

from escalation_matrix._i18n.locales import LocaleLike
from escalation_matrix._model.action import ActionKind
from escalation_matrix._model.calendar import Weekday
from escalation_matrix._model.contacts import ContactKind, ContactSelect
from escalation_matrix._model.issue import AttributeValue, IssueTypeLike
from escalation_matrix._model.matrix import EscalateWhile, LevelAssignment
from escalation_matrix._model.policy import AtEnd, DelayMode
from escalation_matrix._model.rules import Operator, Value
from escalation_matrix._render.render import TableFormat
from escalation_matrix._routing.reasons import EntryCause, HoldCause
from escalation_matrix._serialization.io import Format

__all__ = [
    "ActionKind",
    "AtEnd",
    "AttributeValue",
    "ContactKind",
    "ContactSelect",
    "DelayMode",
    "EntryCause",
    "EscalateWhile",
    "Format",
    "HoldCause",
    "IssueTypeLike",
    "LevelAssignment",
    "LocaleLike",
    "Operator",
    "TableFormat",
    "Value",
    "Weekday",
]


def __dir__() -> list[str]:
    return __all__
