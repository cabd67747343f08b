"""Routing results as sentences, in any locale.

Reasons are data; this module turns them, and decisions and plans, into
sentences a person reads ("On 27 Nov 2026, 13:00, escalated from ..."),
with the library's messages, the matrix's names and the times all in the
locale asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Final

from escalation_matrix._base.instants import instant
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._i18n.locale_format import (
    format_date,
    format_list,
    format_moment,
    format_time,
    say_duration,
    time_zone,
)
from escalation_matrix._i18n.locales import LocaleLike
from escalation_matrix._i18n.messages import NO_MESSAGES
from escalation_matrix._i18n.translator import (
    Message,
    Translator,
    in_asked_language,
    output_locale,
    pN_,
    translator,
)
from escalation_matrix._model.matrix import Level, Matrix, Role
from escalation_matrix._model.texts import cell_context, context_prefix
from escalation_matrix._routing.decision import names_of
from escalation_matrix._routing.names import (
    NO_NAMES,
    CarriedNames,
    kind_names,
    level_names,
)
from escalation_matrix._routing.reasons import (
    ReasonEntered,
    ReasonEscalated,
)

if TYPE_CHECKING:
    import os

    from escalation_matrix._model.contacts import Contact
    from escalation_matrix._routing import reasons_later as _rare
    from escalation_matrix._routing.decision import Decision
    from escalation_matrix._routing.plan import Plan, Stage
    from escalation_matrix._routing.reasons import Reason
    from escalation_matrix._routing.reasons_later import ReasonHeld, ReasonRepeated
else:
    # As in the router: built when a route first moves, repeats or holds.
    _rare = LazyModule("escalation_matrix._routing.reasons_later", globals())

__all__ = [
    "DisplayNames",
    "contact_text",
    "display_names",
    "explain_decision",
    "explain_plan",
    "render_reason",
    "say_moment",
]

# Translators: a date and a time of day inside a sentence, joined as the
# language says "on 27 Nov 2026 at 13:00"; the sentences below put it after
# their own preposition. Left untranslated, CLDR's pattern is used.
MOMENT = pN_("moment", "{date}, {time}")
# Translators: {time} is a date and time, {level} a role with its level key,
# "Project Manager (L2)".
OPENED_FIRST = pN_("reason", "Opened on {time}; it starts at the first level, {level}.")
# Translators: {severity} is the name of a severity such as "Critical".
OPENED_SEVERITY = pN_(
    "reason", "Opened on {time} with severity {severity}, which starts at {level}."
)
# Translators: {issue_type} is the name of an issue type, "Performance hiccups".
OPENED_ISSUE_TYPE = pN_(
    "reason", "Opened on {time}; issues of type {issue_type} start at {level}."
)
# Translators: {rule} is the key of a routing rule, "key_customers".
OPENED_RULE = pN_("reason", "Opened on {time}; rule {rule} starts it at {level}.")
# Translators: {delay} is a duration such as "4 hours" or "8 hours of
# working time".
ESCALATED_UNRESOLVED = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} at "
    "{from_level} without being resolved.",
)
# Translators: as above, for a level that escalates until someone
# acknowledges the issue.
ESCALATED_UNACKNOWLEDGED = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} at "
    "{from_level} without being acknowledged.",
)
# Translators: as above, the delay counted from the opening of the issue.
ESCALATED_UNRESOLVED_OPENING = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since "
    "opening without being resolved.",
)
# Translators: as above, counted from the opening, until acknowledged.
ESCALATED_UNACKNOWLEDGED_OPENING = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since "
    "opening without being acknowledged.",
)
# Translators: as above, the delay counted from a manual move at {moved}
# (a date and time), which restarted the count.
ESCALATED_UNRESOLVED_MOVE = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since the "
    "manual move on {moved} without being resolved.",
)
# Translators: as above, until acknowledged.
ESCALATED_UNACKNOWLEDGED_MOVE = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since the "
    "manual move on {moved} without being acknowledged.",
)
# Translators: {delay} is a duration, "8 hours"; the whole says that the
# delay counted working hours only.
WORKING_TIME = pN_("reason", "{delay} of working time")
# Translators: {levels} is a list of levels, "Project Manager (L2)".
SKIPPED = pN_("reason", "It passed over {levels}.")
# Translators: someone escalated the issue by hand; {from_level} and
# {level} are roles with their level keys, "Project Manager (L2)".
MOVED_UP = pN_("reason", "On {time}, escalated by hand from {from_level} to {level}.")
# Translators: as above; {note} is the reason given by whoever moved it.
MOVED_UP_NOTE = pN_(
    "reason", "On {time}, escalated by hand from {from_level} to {level}: {note}"
)
# Translators: someone de-escalated the issue by hand.
MOVED_DOWN = pN_(
    "reason", "On {time}, de-escalated by hand from {from_level} to {level}."
)
# Translators: as above, with the reason {note} they gave.
MOVED_DOWN_NOTE = pN_(
    "reason", "On {time}, de-escalated by hand from {from_level} to {level}: {note}"
)
# Translators: someone moved the issue by hand straight to a level.
MOVED_JUMP = pN_("reason", "On {time}, moved by hand from {from_level} to {level}.")
# Translators: as above, with the reason {note} they gave.
MOVED_JUMP_NOTE = pN_(
    "reason", "On {time}, moved by hand from {from_level} to {level}: {note}"
)
# Translators: why escalation stops; {level} is a role with its level key.
HELD_TOP = pN_("reason", "{level} is the top level: escalation stops there.")
# Translators: {severity} is the name of a severity such as "Low".
HELD_CAP_SEVERITY = pN_(
    "reason", "Issues of severity {severity} escalate no higher than {level}."
)
# Translators: the issue started (or was moved) higher than its severity
# {severity} lets issues escalate on their own.
HELD_ABOVE_CAP_SEVERITY = pN_(
    "reason",
    "It is at {level}, higher than issues of severity {severity} escalate on "
    "their own: it stays there.",
)
# Translators: as above, for the limit a routing rule {rule} sets.
HELD_ABOVE_CAP_RULE = pN_(
    "reason",
    "It is at {level}, higher than rule {rule} lets issues escalate on their "
    "own: it stays there.",
)
# Translators: {rule} is the key of a routing rule.
HELD_CAP_RULE = pN_("reason", "Rule {rule} stops escalation at {level}.")
# Translators: the level has no time after which it escalates.
HELD_NO_DELAY = pN_(
    "reason", "{level} has no escalation delay: the issue stays until someone moves it."
)
# Translators: {time} is when someone acknowledged the issue.
HELD_ACKNOWLEDGED = pN_(
    "reason",
    "Acknowledged on {time}: {level} escalates only while unacknowledged.",
)
# Translators: {time} is when the issue was resolved.
HELD_RESOLVED = pN_("reason", "Resolved on {time}.")
# Translators: {time} is when someone acknowledged the issue, during the
# policy's wait before the role of {level} is told about it.
HELD_UNNOTIFIED = pN_(
    "reason",
    "Acknowledged on {time}, before {level} was notified: nobody is notified.",
)
# Translators: the policy runs its levels several times, in rounds; this is
# the last level of the last round.
HELD_REPEATS_DONE = pN_(
    "reason", "{level} is the last level of the last round: escalation stops there."
)
# Translators: the policy resolves issues on its own once its levels have
# run; {time} is when.
HELD_CLOSED = pN_(
    "reason",
    "On {time}, the policy resolved the issue at {level}: its escalation had "
    "run its course.",
)
# Translators: added after the sentence saying where the issue starts, when
# the policy waits before telling the level's role; {wait} is a duration,
# "5 minutes", {time} a date and time.
NOTIFIED_LATER = pN_("reason", "{level} is notified after a wait of {wait}, on {time}.")
# Translators: the policy runs its levels again; {cycle} and {cycles} are
# numbers ("round 2 of 3"), {wait} a duration, "30 minutes", {from_level}
# the level notified last.
REPEATED = pN_(
    "reason",
    "On {time}, escalation started again at {level}, round {cycle} of "
    "{cycles}: {wait} after {from_level} was notified.",
)
# Translators: as above, for a policy that starts again at once.
REPEATED_AT_ONCE = pN_(
    "reason",
    "On {time}, escalation started again at {level}, round {cycle} of "
    "{cycles}, as soon as {from_level} was notified.",
)
# Translators: the sentences above as a plan tells them, in the present of a
# timetable: a plan lists what happens, before or after the moment asked for.
PLAN_REPEATED = pN_(
    "plan",
    "On {time}, escalation starts again at {level}, round {cycle} of "
    "{cycles}: {wait} after {from_level} is notified.",
)
# Translators: as above, for a policy that starts again at once.
PLAN_REPEATED_AT_ONCE = pN_(
    "plan",
    "On {time}, escalation starts again at {level}, round {cycle} of "
    "{cycles}, as soon as {from_level} is notified.",
)
# Translators: as above, for an issue acknowledged during the round before.
PLAN_REPEATED_RESET = pN_(
    "plan",
    "On {time}, escalation starts again at {level}, round {cycle} of "
    "{cycles}: the acknowledgement of {acknowledged} no longer holds it.",
)
# Translators: the last sentence of a plan whose policy resolves issues on
# its own once its levels have run; {time} is when.
PLAN_HELD_CLOSED = pN_(
    "plan",
    "On {time}, the policy resolves the issue at {level}: its escalation has "
    "run its course.",
)
# Translators: as above, for an issue acknowledged during the round before:
# the policy sets the acknowledgement of {acknowledged} (a date and time)
# aside at each new round.
REPEATED_RESET = pN_(
    "reason",
    "On {time}, escalation started again at {level}, round {cycle} of "
    "{cycles}: the acknowledgement of {acknowledged} no longer holds it.",
)
# Translators: as the sentences above saying why the issue escalated, for
# a delay counted from the start of round {cycle} of the policy's repeat.
ESCALATED_UNRESOLVED_ROUND = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since round "
    "{cycle} began without being resolved.",
)
# Translators: as above, until acknowledged.
ESCALATED_UNACKNOWLEDGED_ROUND = pN_(
    "reason",
    "On {time}, escalated from {from_level} to {level}: {delay} since round "
    "{cycle} began without being acknowledged.",
)
# Translators: {responsibility} is what the role must do, a sentence of the
# matrix.
HANDLES = pN_("decision", "{level} handles it: {responsibility}")
# Translators: as above, for an issue already resolved.
HANDLED = pN_("decision", "{level} handled it: {responsibility}")
# Translators: said instead of the sentence above for an issue of a matrix
# without issue types, whose levels have no responsibility texts.
HANDLES_ANY = pN_("decision", "{level} handles it.")
# Translators: as above, for an issue already resolved.
HANDLED_ANY = pN_("decision", "{level} handled it.")
# Translators: {people} is a list of people with how to reach them,
# "Ada Lovelace (ada@example.com, +39 02 1234)".
CONTACTS = pN_("decision", "Contact {people}.")
# Translators: as above, for a level whose contacts take issues in turn
# (round robin): one of them is to be contacted; {people} is joined with
# "or" ("Ada (ada@example.com) or whoever is on call in schedule Primary").
CONTACTS_IN_TURN = pN_("decision", "Contact {people}, in turn.")
# Translators: the name of the one issue type of a matrix that declares
# none (a policy of an incident tool without issue types): every issue.
ANY_ISSUE = pN_("issue_type:any:name", "Any issue")
# Who a contact that stands for a group means, by its kind and selection.
# {name} is always the group's name as the tool has it, never translated.
_TARGETS: Final = {
    # Translators: a contact that is an on-call schedule; {name} is the
    # schedule's name.
    ("schedule", "default"): pN_("contact", "whoever is on call in schedule {name}"),
    # Translators: the person on call after the current one in a schedule.
    ("schedule", "next_on_call"): pN_(
        "contact", "whoever is on call next in schedule {name}"
    ),
    # Translators: the person on call before the current one in a schedule.
    ("schedule", "previous_on_call"): pN_(
        "contact", "whoever was on call before in schedule {name}"
    ),
    # Translators: a contact that is a team, as the tool notifies it.
    ("team", "default"): pN_("contact", "team {name}"),
    # Translators: every member of a team.
    ("team", "all_members"): pN_("contact", "every member of team {name}"),
    # Translators: the administrators of a team.
    ("team", "admins"): pN_("contact", "the admins of team {name}"),
    # Translators: the users of a team (Opsgenie's "users" of a team).
    ("team", "team_users"): pN_("contact", "the users of team {name}"),
    # Translators: one member of a team, picked at random.
    ("team", "random_member"): pN_("contact", "a random member of team {name}"),
    # Translators: a contact that is a user group, as the tool notifies it.
    ("user_group", "default"): pN_("contact", "user group {name}"),
    # Translators: every member of a user group.
    ("user_group", "all_members"): pN_("contact", "every member of user group {name}"),
    # Translators: the administrators of a user group.
    ("user_group", "admins"): pN_("contact", "the admins of user group {name}"),
    # Translators: the users of a user group.
    ("user_group", "team_users"): pN_("contact", "the users of user group {name}"),
    # Translators: one member of a user group, picked at random.
    ("user_group", "random_member"): pN_(
        "contact", "a random member of user group {name}"
    ),
}
# Translators: {level} is where the issue goes next, {time} when.
NEXT = pN_("decision", "Next escalation: to {level} on {time}.")
# Translators: the policy resolves the issue on its own once its levels
# have run (at_end = "resolve"); {level} is where the issue is, {time} when.
NEXT_CLOSE = pN_("decision", "The policy will resolve the issue at {level} on {time}.")
# Translators: the policy runs its levels again from {level}, on {time}.
NEXT_ROUND = pN_(
    "decision", "Next round: escalation starts again at {level} on {time}."
)
# Translators: the role of {level} is told about the issue only after the
# policy's first wait, on {time}.
NOTIFY_LATER = pN_("decision", "{level} is notified on {time}.")
# Translators: one stage of a plan; {start} and {end} are dates and times.
STAGE = pN_("plan", "From {start} to {end}: {level}.")
# Translators: the last stage of a plan, which has no end.
LAST_STAGE = pN_("plan", "From {start}: {level}.")
# Translators: as above, for a stage whose role is told only after the
# policy's first wait, on {notify} (a date and time).
STAGE_NOTIFIED = pN_("plan", "From {start} to {end}: {level}, notified on {notify}.")
# Translators: as above, for the last stage.
LAST_STAGE_NOTIFIED = pN_("plan", "From {start}: {level}, notified on {notify}.")
# Translators: a stage whose role was never told: the policy's first wait
# was cut short.
STAGE_UNNOTIFIED = pN_("plan", "From {start} to {end}: {level}, not notified.")
# Translators: as above, for the last stage.
LAST_STAGE_UNNOTIFIED = pN_("plan", "From {start}: {level}, not notified.")

_ENTERED: Final = {
    "first_level": OPENED_FIRST,
    "severity": OPENED_SEVERITY,
    "issue_type": OPENED_ISSUE_TYPE,
    "rule": OPENED_RULE,
}
_ESCALATED: Final = {
    (False, "unresolved"): ESCALATED_UNRESOLVED,
    (False, "unacknowledged"): ESCALATED_UNACKNOWLEDGED,
    (True, "unresolved"): ESCALATED_UNRESOLVED_OPENING,
    (True, "unacknowledged"): ESCALATED_UNACKNOWLEDGED_OPENING,
}
_ESCALATED_IN_ROUND: Final = {
    "unresolved": ESCALATED_UNRESOLVED_ROUND,
    "unacknowledged": ESCALATED_UNACKNOWLEDGED_ROUND,
}
_ESCALATED_AFTER_MOVE: Final = {
    "unresolved": ESCALATED_UNRESOLVED_MOVE,
    "unacknowledged": ESCALATED_UNACKNOWLEDGED_MOVE,
}
_MOVED: Final = {
    ("escalate", False): MOVED_UP,
    ("escalate", True): MOVED_UP_NOTE,
    ("deescalate", False): MOVED_DOWN,
    ("deescalate", True): MOVED_DOWN_NOTE,
    ("jump", False): MOVED_JUMP,
    ("jump", True): MOVED_JUMP_NOTE,
}


class DisplayNames:
    """Display names of levels, roles, severities and issue types, translated.

    Built from the names a decision or plan carries; any key they lack
    shows as the key itself.
    """

    def __init__(self, tr: Translator, names: CarriedNames = NO_NAMES) -> None:
        self.tr = tr
        self.names = names

    def _translated(self, found: tuple[str, str] | None, key: str) -> str:
        if found is None:
            return key
        lookup = self.tr.pgettext  # the matrix's own texts, not a library message
        return lookup(*found)

    def level(self, key: str, role: Role | None = None) -> str:
        """Return "Role title (key)" for a level, or the key alone.

        The carried name comes first: *role*, as the matrix routed on has
        it, may be a translation, whose text no catalog looks up.
        """
        found = self.names.role_title(key)
        if role is not None and (found is None or found[0] != _title(role)):
            found = (_title(role), role.title)
        if found is None:
            return key
        return f"{self._translated(found, key)} ({key})"

    def severity(self, key: str | None) -> str:
        """Return a severity's display name as a sentence says it, or its key.

        See :func:`mid_sentence`: "with severity critical" in Italian.
        """
        if key is None:
            return ""
        name = self._translated(self.names.severity(key), key)
        return mid_sentence(name, self.tr.locale.language)

    def issue_type(self, key: str) -> str:
        """Return an issue type's display name, or its key."""
        return self._translated(self.names.issue_type(key), key)

    def responsibility(self, issue_type: str, level: Level, text: str) -> str:
        """Return a responsibility text in the translator's locale.

        *text* is the matrix's; a result routed on a translation carries
        the text it was translated from, looked up instead.
        """
        source = self.names.cell(issue_type, level.key) or text
        lookup = self.tr.pgettext
        return lookup(cell_context(issue_type, level.key), source)


#: Languages that keep a capital on names inside a sentence: English calls
#: a severity by its title ("severity Critical"), German capitalises nouns.
_CAPITALISED: Final = frozenset({"en", "de", "lb"})


def mid_sentence(name: str, language: str) -> str:
    """Return a severity's *name* as it reads inside a sentence of *language*.

    In most languages an ordinary word loses its capital there ("con
    gravità critica"); a name with another capital, a digit or no letter
    after the first one is a name or an acronym, kept as written ("P1",
    "SEV-1", "Alta (P2)", "NOC").

    >>> mid_sentence("Critica", "it"), mid_sentence("P1", "it")
    ('critica', 'P1')
    >>> mid_sentence("Critical", "en")
    'Critical'
    """
    if language in _CAPITALISED or not name[:1].isupper():
        return name
    rest = name[1:]
    if any(char.isupper() or char.isdigit() for char in rest) or not any(
        char.isalpha() for char in rest
    ):
        return name
    return name[0].lower() + rest


def _title(role: Role) -> str:
    return f"{context_prefix(role)}:title"


def _say(tr: Translator, message: Message, **values: str) -> str:
    return tr.pgettext(*message).format(**values)


def say_moment(tr: Translator, moment: datetime, zone: str | tzinfo | None) -> str:
    """Return *moment* as a sentence of *tr*'s locale says it, in *zone*.

    The medium date and the short time (the medium one, with seconds,
    between whole minutes), joined as the catalog's
    ``MOMENT`` says ("27 nov 2026 alle 13:00"), or by CLDR's pattern when
    it has no translation ("Nov 27, 2026, 1:00 PM"). Times in CLDR's
    English patterns hold a narrow no-break space (U+202F) before AM/PM.
    """
    shown = time_zone(zone or moment.tzinfo or "UTC")
    joined = tr.pgettext(*MOMENT)
    # A time between whole minutes shows its seconds, or it would read as
    # the minute before.
    between = bool(moment.second or moment.microsecond)
    if joined == MOMENT.text and not between:
        return format_moment(moment, tr.locale, shown)
    # format_time refuses what cannot be written in the zone, before the
    # date is worked out there.
    hour = format_time(
        moment, tr.locale, shown, format="medium" if between else "short"
    )
    local = moment.astimezone(shown).date()
    day = format_date(local, tr.locale)
    if joined == MOMENT.text:
        pattern = str(tr.locale.datetime_formats["medium"])
        return pattern.replace("{1}", day).replace("{0}", hour)
    first = _FIRST_OF_MONTH.get(tr.locale.language)
    if local.day == 1 and first is not None and day.startswith("1 "):
        # Italian and French say the first of the month as an ordinal.
        day = first + day[1:]
    return joined.format(date=day, time=hour)


#: How languages that say the first of a month as an ordinal write it.
_FIRST_OF_MONTH: Final = {"it": "1º", "fr": "1er"}


def render_reason(
    reason: Reason,
    names: DisplayNames,
    zone: str | tzinfo | None = None,
    *,
    issue_type: str | None = None,
) -> str:
    """Return *reason* as a sentence, with *names*' translator and locale.

    Times show in *zone*, or else in their own zone; *issue_type* names the
    type of an issue that entered at its type's entry level.
    """
    tr = names.tr
    locale = tr.locale

    def when(moment: datetime) -> str:
        return say_moment(tr, moment, zone)

    level = names.level(reason.level)
    if isinstance(reason, ReasonEntered):
        return _say(
            tr,
            _ENTERED[reason.cause],
            time=when(reason.at),
            level=level,
            severity=names.severity(reason.severity),
            issue_type=names.issue_type(issue_type) if issue_type else "",
            rule=reason.rule or "",
        ) + _notified_later(reason.first_wait, reason.at, level, tr, zone)
    if isinstance(reason, ReasonEscalated):
        delay = say_duration(reason.after, tr)
        if reason.business_time:
            delay = _say(tr, WORKING_TIME, delay=delay)
        message = _ESCALATED[reason.since_opened, reason.escalate_while]
        moved = reason.counted_from
        if moved is not None:
            message = _ESCALATED_AFTER_MOVE[reason.escalate_while]
        elif reason.since_opened and reason.cycle > 1:
            message = _ESCALATED_IN_ROUND[reason.escalate_while]
        sentence = _say(
            tr,
            message,
            time=when(reason.at),
            from_level=names.level(reason.from_level),
            level=level,
            delay=delay,
            moved="" if moved is None else when(moved),
            cycle=str(reason.cycle),
        )
        if reason.skipped:
            skipped = format_list([names.level(key) for key in reason.skipped], locale)
            sentence += " " + _say(tr, SKIPPED, levels=skipped)
        return sentence
    # The other reasons' module is loaded once one of them is at hand.
    if isinstance(reason, _rare.ReasonRepeated):
        return _repeated(reason, names, zone)
    if isinstance(reason, _rare.ReasonMoved):
        return _say(
            tr,
            _MOVED[reason.action, bool(reason.note)],
            time=when(reason.at),
            from_level=names.level(reason.from_level),
            level=level,
            note=reason.note,
        )
    return _held(reason, names, when(reason.at), level)


def _notified_later(
    wait: timedelta | None,
    start: datetime,
    level: str,
    tr: Translator,
    zone: str | tzinfo | None,
) -> str:
    """The sentence saying when a level is notified after the first wait, if any."""
    if wait is None:
        return ""
    return " " + _say(
        tr,
        NOTIFIED_LATER,
        level=level,
        wait=say_duration(wait, tr),
        # Elapsed time, not wall-clock time, as routing counts it.
        time=say_moment(tr, instant(start) + wait, zone or start.tzinfo),
    )


def _repeated(
    reason: ReasonRepeated,
    names: DisplayNames,
    zone: str | tzinfo | None,
    *,
    planned: bool = False,
) -> str:
    tr = names.tr
    level = names.level(reason.level)
    if reason.acknowledged_at is not None:
        message = PLAN_REPEATED_RESET if planned else REPEATED_RESET
    elif reason.wait:
        message = PLAN_REPEATED if planned else REPEATED
    else:
        message = PLAN_REPEATED_AT_ONCE if planned else REPEATED_AT_ONCE
    acknowledged = reason.acknowledged_at
    sentence = _say(
        tr,
        message,
        time=say_moment(tr, reason.at, zone),
        level=level,
        from_level=names.level(reason.from_level),
        cycle=str(reason.cycle),  # at most 101: no digit grouping
        cycles=str(reason.cycles),
        wait=say_duration(reason.wait, tr),
        acknowledged="" if acknowledged is None else say_moment(tr, acknowledged, zone),
    )
    return sentence + _notified_later(reason.first_wait, reason.at, level, tr, zone)


# Why escalation stops, by cause, and by who set the limit where one did.
_HELD: Final = {
    ("top", False): HELD_TOP,
    ("above_cap", True): HELD_ABOVE_CAP_RULE,
    ("above_cap", False): HELD_ABOVE_CAP_SEVERITY,
    ("cap", True): HELD_CAP_RULE,
    ("cap", False): HELD_CAP_SEVERITY,
    ("no_delay", False): HELD_NO_DELAY,
    ("acknowledged", False): HELD_ACKNOWLEDGED,
    ("resolved", False): HELD_RESOLVED,
    ("unnotified", False): HELD_UNNOTIFIED,
    ("repeats_done", False): HELD_REPEATS_DONE,
    ("closed", False): HELD_CLOSED,
}


def _held(reason: ReasonHeld, names: DisplayNames, time: str, level: str) -> str:
    by_rule = reason.cause in {"cap", "above_cap"} and reason.rule is not None
    return _say(
        names.tr,
        _HELD[reason.cause, by_rule],
        level=level,
        time=time,
        rule=reason.rule or "",
        severity=names.severity(reason.severity),
    )


def display_names(
    locale: LocaleLike | None,
    catalogs: Iterable[str | os.PathLike[str]],
    names: CarriedNames = NO_NAMES,
    messages: Mapping[str, str] = NO_MESSAGES,
) -> DisplayNames:
    """Return the display names of *names* in the output's locale.

    That is the first locale *locale* names that a catalog translates to,
    else English (see
    :func:`~escalation_matrix._i18n.translator.output_locale`), so that
    sentences, names and times are all in one language.

    *messages*, translations given in code and checked beforehand, come
    before every catalog when the output is in their language, the first
    asked for (see
    :func:`~escalation_matrix._i18n.translator.in_asked_language`). The
    translations *names* carry (those of a translated matrix routed on)
    come next, when in the output's language.
    """
    directories = tuple(catalogs)
    chosen = output_locale(locale, catalogs=directories)
    tr = translator(chosen, catalogs=directories)
    if in_asked_language(locale, chosen):
        tr = tr.with_messages(messages)
    language = tr.locale.language
    for kept, texts in names.translations.items():
        # The texts of the translated matrix routed on, in the output's
        # language: some may be in no catalog (given in code).
        if kept.partition("_")[0] == language:
            tr = tr.with_kept(kept, texts)
    return DisplayNames(tr, names)


def _filled(
    names: CarriedNames, matrix: Matrix | None, issue_type: str, severity: str | None
) -> CarriedNames:
    """Return *names*, with what they lack taken from *matrix*, if given.

    A result read from a payload written before results carried their
    names has none; the matrix it was made with names it then.
    """
    if matrix is None:
        return names
    return kind_names(level_names(matrix), matrix, issue_type, severity) | names


def explain_decision(
    decision: Decision,
    locale: LocaleLike | None = None,
    *,
    matrix: Matrix | None = None,
    timezone: str | tzinfo | None = None,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    messages: Mapping[str, str] = NO_MESSAGES,
) -> tuple[str, ...]:
    """Return *decision* as sentences: what happened, who handles it, what next.

    CarriedNames come from the decision itself; *matrix*, if given, names what it
    does not carry (a decision read from an old payload).
    """
    carried = _filled(
        names_of(decision), matrix, decision.issue_type, decision.severity
    )
    names = display_names(locale, catalogs, carried, messages)
    tr = names.tr
    lines = [
        render_reason(reason, names, timezone, issue_type=decision.issue_type)
        for reason in decision.reasons
    ]
    level = names.level(decision.level.key, decision.role)
    responsibility = names.responsibility(
        decision.issue_type, decision.level, decision.responsibility
    )
    if decision.responsibility:
        handles = HANDLED if decision.resolved else HANDLES
    else:
        # The implicit issue type of a matrix without issue types: no text.
        handles = HANDLED_ANY if decision.resolved else HANDLES_ANY
    lines.append(_say(tr, handles, level=level, responsibility=responsibility))
    if decision.contacts and not decision.resolved:
        in_turn = decision.level.assignment == "round_robin"
        people = format_list(
            [contact_text(contact, tr) for contact in decision.contacts],
            tr.locale,
            style="or" if in_turn else "standard",
        )
        lines.append(_say(tr, CONTACTS_IN_TURN if in_turn else CONTACTS, people=people))
    notify_at = decision.notify_at
    if notify_at is not None and notify_at > decision.at and not decision.resolved:
        when = say_moment(tr, notify_at, timezone)
        lines.append(_say(tr, NOTIFY_LATER, level=level, time=when))
    upcoming = decision.next_level
    if decision.next_escalation_at is not None and not decision.resolved:
        when = say_moment(tr, decision.next_escalation_at, timezone)
        if upcoming is None:  # the policy resolves the issue then
            lines.append(_say(tr, NEXT_CLOSE, level=level, time=when))
        else:
            # Automatic escalation only goes up: a level no higher is a new round.
            message = NEXT_ROUND if upcoming.rank <= decision.level.rank else NEXT
            lines.append(_say(tr, message, level=names.level(upcoming.key), time=when))
    return tuple(lines)


# Plan stages by whether they end, and when their role is told: on arrival,
# later (after the policy's first wait), or never (None).
_STAGES: Final = {
    (True, "arrival"): STAGE,
    (False, "arrival"): LAST_STAGE,
    (True, "later"): STAGE_NOTIFIED,
    (False, "later"): LAST_STAGE_NOTIFIED,
    (True, "never"): STAGE_UNNOTIFIED,
    (False, "never"): LAST_STAGE_UNNOTIFIED,
}


def _stage(
    stage: Stage,
    names: DisplayNames,
    timezone: str | tzinfo | None,
    end: datetime | None,
) -> str:
    """Say *stage*, which lasts until *end* (its own, or when the issue is closed)."""
    tr = names.tr
    zone = timezone or stage.start.tzinfo or "UTC"
    notify = stage.notify_at
    if notify is None:
        told = "never"
    else:
        told = "arrival" if notify == stage.start else "later"
    return _say(
        tr,
        _STAGES[end is not None, told],
        start=say_moment(tr, stage.start, zone),
        end="" if end is None else say_moment(tr, end, zone),
        level=names.level(stage.level.key, stage.role),
        notify="" if notify is None else say_moment(tr, notify, zone),
    )


def contact_text(contact: Contact, tr: Translator) -> str:
    """Return *contact* as a sentence names it, in *tr*'s language.

    A person is their name with how to reach them; a schedule, team or
    user group says who in it is meant ("whoever is on call in schedule
    Primary"). Tool ids are data, never shown.
    """
    message = _TARGETS.get((contact.kind, contact.select))
    text = contact.name if message is None else _say(tr, message, name=contact.name)
    ways = [way for way in (contact.email, contact.phone, contact.chat) if way]
    return f"{text} ({', '.join(ways)})" if ways else text


def explain_plan(
    plan: Plan,
    locale: LocaleLike | None = None,
    *,
    matrix: Matrix | None = None,
    timezone: str | tzinfo | None = None,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    messages: Mapping[str, str] = NO_MESSAGES,
) -> tuple[str, ...]:
    """Return *plan* as sentences, one per stage, then why it ends.

    A stage that starts a new round of the policy's repeat says so first.

    CarriedNames come from the plan itself; its stages and then *matrix*, if given,
    name what it does not carry (a plan read from an old payload).
    """
    # The stages know their levels and roles: the level where escalation
    # stops is named by its role even without other names.
    roles = {stage.level.key: stage.role for stage in plan.stages}
    staged = CarriedNames(
        {key: role.key for key, role in roles.items()},
        {f"{context_prefix(role)}:title": role.title for role in roles.values()},
    )
    carried = _filled(
        staged | names_of(plan), matrix, plan.issue.issue_type, plan.severity
    )
    names = display_names(locale, catalogs, carried, messages)
    # A plan ending with the issue resolved, by someone or by the policy,
    # shows the last stage ending then, not going on forever.
    closed = plan.held.at if plan.held.cause in {"resolved", "closed"} else None
    lines = []
    for stage in plan.stages:
        end = stage.end if stage.end is not None else closed
        line = _stage(stage, names, timezone, end)
        if isinstance(stage.reason, _rare.ReasonRepeated):
            # A round of the policy's repeat begins: why, and when, first.
            why = _repeated(stage.reason, names, timezone, planned=True)
            line = f"{why} {line}"
        lines.append(line)
    if plan.held.cause == "closed":
        level = names.level(plan.held.level)
        time = say_moment(names.tr, plan.held.at, timezone)
        lines.append(_say(names.tr, PLAN_HELD_CLOSED, time=time, level=level))
    else:
        lines.append(render_reason(plan.held, names, timezone))
    return tuple(lines)
