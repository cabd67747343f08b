"""The notes under a matrix table: its policy's timing, in sentences.

A first wait, repeats and resolution at the end change when people are told
and for how long, which the table's cells do not say.
"""

from __future__ import annotations

from typing import Final

from escalation_matrix._i18n.locale_format import format_duration
from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix._model.matrix import Matrix

__all__ = ["policy_notes"]

# Translators: a note under the matrix table; {wait} is a duration such as
# "5 minutes".
FIRST_WAIT: Final[Message] = pN_(
    "table",
    "The first level is notified after a wait of {wait}; resolving the issue "
    "meanwhile notifies nobody.",
)
# Translators: as above, for a wait that an acknowledgement ends too.
FIRST_WAIT_ACKNOWLEDGED: Final[Message] = pN_(
    "table",
    "The first level is notified after a wait of {wait}; acknowledging or "
    "resolving the issue meanwhile notifies nobody.",
)
# Translators: a note under the matrix table; {cycles} is a number, 2 or
# more, {wait} a duration such as "30 minutes".
REPEAT: Final[Message] = pN_(
    "table",
    "The levels run in {cycles} rounds; each new round starts {wait} after "
    "the last level is notified.",
)
# Translators: as above, for rounds that follow one another at once.
REPEAT_AT_ONCE: Final[Message] = pN_(
    "table",
    "The levels run in {cycles} rounds; each new round starts as soon as the "
    "last level is notified.",
)
# Translators: added to the note above; {level} is the name of a level.
REPEAT_FROM: Final[Message] = pN_("table", "Later rounds start at {level}.")
# Translators: added to the note on rounds: an acknowledgement holds an
# issue only until its round ends.
REPEAT_RESET: Final[Message] = pN_(
    "table", "Each new round sets an earlier acknowledgement aside."
)
# Translators: a note under the matrix table.
RESOLVE: Final[Message] = pN_(
    "table", "Once the levels have run, the issue is resolved."
)


def policy_notes(matrix: Matrix, labels: Translator) -> tuple[str, ...]:
    """Return the notes on *matrix*'s policy, in *labels*' language.

    *matrix* is the one the table shows, already translated: its level
    names are those of the table.
    """
    policy = matrix.policy
    notes = []
    first_wait = policy.first_wait
    if first_wait is not None:
        wait = format_duration(first_wait.delay, labels.locale)
        if first_wait.escalate_while == "unacknowledged":
            notes.append(_say(labels, FIRST_WAIT_ACKNOWLEDGED, wait=wait))
        else:
            notes.append(_say(labels, FIRST_WAIT, wait=wait))
    repeat = policy.repeat
    if repeat is not None:
        cycles = str(repeat.times + 1)
        if repeat.wait:
            wait = format_duration(repeat.wait, labels.locale)
            note = _say(labels, REPEAT, cycles=cycles, wait=wait)
        else:
            note = _say(labels, REPEAT_AT_ONCE, cycles=cycles)
        if repeat.from_level is not None:
            level = matrix.level(repeat.from_level).name
            note += " " + _say(labels, REPEAT_FROM, level=level)
        if repeat.reset_acknowledgement:
            note += " " + _say(labels, REPEAT_RESET)
        notes.append(note)
    if policy.at_end == "resolve":
        notes.append(_say(labels, RESOLVE))
    return tuple(notes)


def _say(labels: Translator, message: Message, **values: str) -> str:
    return labels.pgettext(*message).format(**values)
