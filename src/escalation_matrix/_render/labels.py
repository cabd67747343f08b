"""Labels of the matrix table, marked for translation.

Render one with ``translator(locale).pgettext(*ESCALATION_TYPES)``.
"""

from __future__ import annotations

from typing import Final

from escalation_matrix._i18n.translator import Message, pN_

__all__ = [
    "ESCALATION_TYPES",
    "LEVEL_IN_TURN",
    "LEVEL_WITH_ROLE",
    "NOTIFIES",
    "OPERATIONAL_ROLE",
]

# Translators: header of the first column of the matrix table, above the
# names of the issue types.
ESCALATION_TYPES: Final[Message] = pN_("table", "Escalation types")

# Translators: label of the table row that names the role holding each
# escalation level.
OPERATIONAL_ROLE: Final[Message] = pN_("table", "Operational role")

# Translators: a level's name with the role holding it, "Level 1 - Escalation
# (Project team contact)"; heads each responsibility text when the matrix
# table is too wide for the terminal and is printed one issue type at a time.
LEVEL_WITH_ROLE: Final[Message] = pN_("table", "{level} ({role})")

# Translators: label of the table row that lists who each level notifies
# (people, or the on-call of a schedule, a team...); shown when some role
# has contacts.
NOTIFIES: Final[Message] = pN_("table", "Notifies")

# Translators: a level's name, marked for a level whose contacts take
# issues in turn (round robin), "Level 1 - Escalation (in turn)".
LEVEL_IN_TURN: Final[Message] = pN_("table", "{level} (in turn)")

# Translators: as LEVEL_WITH_ROLE, for a level whose contacts take issues
# in turn, "Level 2 (Second line), in turn".
LEVEL_WITH_ROLE_IN_TURN: Final[Message] = pN_("table", "{level} ({role}), in turn")

# Translators: the contacts of a level that notifies one of them in turn;
# {people} lists them joined by "or", "Ann or Bob".
PEOPLE_IN_TURN: Final[Message] = pN_("table", "{people}, in turn")
