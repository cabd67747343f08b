"""The notes under a matrix table: its policy's timing, in sentences.

A first wait, repeats and resolution at the end change when people are told
and for how long, which the table's cells do not say.
"""

from __future__ import annotations

from typing import Final

from escalation_matrix._i18n.locale_format import say_duration
from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._routing.explain import WORKING_TIME

__all__ = ["policy_notes"]

# Translators: a note under the matrix table, one per level, so that the
# notes on rounds have a timeline; {level} is the level's name, {delay} a
# duration such as "10 minutes".
ESCALATES_ACKNOWLEDGED: Final[Message] = pN_(
    "table", "{level} escalates after {delay} unless the issue is acknowledged."
)
# Translators: as above, for a level that escalates until resolution.
ESCALATES_RESOLVED: Final[Message] = pN_(
    "table", "{level} escalates after {delay} unless the issue is resolved."
)
# Translators: as above, for delays counted from the opening of the issue.
ESCALATES_ACKNOWLEDGED_OPENED: Final[Message] = pN_(
    "table",
    "{level} escalates {delay} after opening unless the issue is acknowledged.",
)
# Translators: as above, for delays counted from the opening of the issue.
ESCALATES_RESOLVED_OPENED: Final[Message] = pN_(
    "table", "{level} escalates {delay} after opening unless the issue is resolved."
)
# Translators: as above, for a level below the last without a delay.
STAYS: Final[Message] = pN_("table", "{level} does not escalate on its own.")
# Translators: a note under the matrix table; {wait} is a duration such as
# "5 minutes".
FIRST_WAIT: Final[Message] = pN_(
    "table",
    "The first level is notified after a wait of {wait}; if the issue is "
    "resolved meanwhile, nobody is notified.",
)
# Translators: as above, for a wait that an acknowledgement ends too.
FIRST_WAIT_ACKNOWLEDGED: Final[Message] = pN_(
    "table",
    "The first level is notified after a wait of {wait}; if the issue is "
    "acknowledged or resolved meanwhile, nobody is notified.",
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
# Translators: a note under the matrix table, for a policy that repeats its
# levels and resolves the issue on its own at the end.
RESOLVE: Final[Message] = pN_("table", "After the last round, the issue is resolved.")
# Translators: as above, for a policy that runs its levels once.
RESOLVE_ONCE: Final[Message] = pN_(
    "table", "After the last level, the issue is resolved."
)


def policy_notes(matrix: Matrix, labels: Translator) -> tuple[str, ...]:
    """Return the notes on *matrix*'s policy, in *labels*' language.

    *matrix* is the one the table shows, already translated: its level
    names are those of the table.
    """
    policy = matrix.policy
    notes: list[str] = []
    first_wait = policy.first_wait
    if first_wait is not None:
        wait = say_duration(first_wait.delay, labels)
        if first_wait.escalate_while == "unacknowledged":
            notes.append(_say(labels, FIRST_WAIT_ACKNOWLEDGED, wait=wait))
        else:
            notes.append(_say(labels, FIRST_WAIT, wait=wait))
    repeat = policy.repeat
    if repeat is not None:
        cycles = str(repeat.times + 1)
        if repeat.wait:
            wait = say_duration(repeat.wait, labels)
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
        notes.append(_say(labels, RESOLVE if repeat is not None else RESOLVE_ONCE))
    if not notes:
        return ()
    # The notes speak of a timeline the table's cells do not give.
    timeline = _timeline(matrix, labels)
    return (timeline, *notes) if timeline else tuple(notes)


def _timeline(matrix: Matrix, labels: Translator) -> str:
    """When each level but the last escalates, and while what, in one note."""
    since_opened = matrix.policy.delay_mode == "since_opened"
    sentences = []
    for level in matrix.levels[:-1]:
        if level.delay is None:
            sentences.append(_say(labels, STAYS, level=level.name))
            continue
        delay = say_duration(level.delay, labels)
        if level.business_time:
            delay = _say(labels, WORKING_TIME, delay=delay)
        message = {
            (False, "unacknowledged"): ESCALATES_ACKNOWLEDGED,
            (False, "unresolved"): ESCALATES_RESOLVED,
            (True, "unacknowledged"): ESCALATES_ACKNOWLEDGED_OPENED,
            (True, "unresolved"): ESCALATES_RESOLVED_OPENED,
        }[since_opened, level.escalate_while]
        sentences.append(_say(labels, message, level=level.name, delay=delay))
    return " ".join(sentences)


def _say(labels: Translator, message: Message, **values: str) -> str:
    return labels.pgettext(*message).format(**values)
