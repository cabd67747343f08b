"""The messages of conversions: level names and what each loss says.

Each is marked for the catalogs; a loss keeps its message and values, so
that the command line can say it in the reader's language.
"""

from __future__ import annotations

from escalation_matrix._i18n.translator import pN_

# Each loss is printed after the file, the place in it (a JSON path) and its
# kind (dropped, approximated or assumed); quoted names and ids are as the
# tool or the matrix gave them.

# Translators: the name of a level of a matrix imported from an incident
# tool, which names none; {n} is its number, 1 for the first.
LEVEL_NAME = pN_("interop", "Level {n}")
# Translators: a loss: an imported payload has a field this library does not
# know; {field} is its name, quoted.
UNKNOWN_FIELD = pN_("loss", "unknown field {field} is not kept")
# Translators: a loss: a list response of a tool says more results are on
# later pages, which were not given.
MORE_PAGES = pN_("loss", "more results on later pages were not given")
# Translators: a loss: a PagerDuty escalation policy without rules; {ident}
# is its id, name or place in the file.
NO_RULES = pN_(
    "loss",
    "escalation policy {ident} has no escalation rules; a matrix needs at least"
    " one level",
)
# Translators: a loss: an Opsgenie escalation without rules; {ident} is its
# name, id or place in the file.
NO_ESCALATION_RULES = pN_(
    "loss",
    "escalation {ident} has no rules; a matrix needs at least one level",
)
# Translators: a loss: a PagerDuty escalation policy without a name; {ident}
# is its id.
NO_NAME = pN_(
    "loss",
    "escalation policy {ident} has no name; the matrix is titled by its id",
)
# Translators: a loss: an Opsgenie escalation without a name; {ident} is its
# id.
NO_ESCALATION_NAME = pN_(
    "loss",
    "escalation {ident} has no name; the matrix is titled by its id",
)
# Translators: a loss: a PagerDuty service that uses the imported policy;
# {what} is its quoted name and id, or its id.
SERVICE = pN_("loss", "service {what} that uses this policy is not kept")
# Translators: a loss: the team that owns an imported policy; {what} is its
# quoted name and id, or its id.
OWNER_TEAM = pN_("loss", "owner team {what} is not kept")
# Translators: a loss: PagerDuty's on_call_handoff_notifications; {value} is
# the quoted setting, 'always'.
HANDOFF = pN_("loss", "on-call handoff notifications {value} are not kept")
# Translators: a loss: a PagerDuty target of the newer schedule type; {what}
# is its quoted id.
SCHEDULE_V3 = pN_(
    "loss",
    "target {what} is a schedule of the newer kind; it is kept as a schedule",
)
# Translators: a loss: a PagerDuty rule names the same target twice; {what}
# is its quoted id.
SAME_TARGET = pN_("loss", "target {what} is named twice in the rule; it is kept once")
# Translators: a loss: an Opsgenie user whose username is not an e-mail
# address, as Opsgenie's usernames are; {username} is the quoted username.
# It names the contact, but an export cannot give it back as a username.
USERNAME_NOT_EMAIL = pN_(
    "loss",
    "username {username} is not an e-mail address: it is kept as the contact's"
    " name only, which an export cannot give back",
)
# Translators: a loss: Opsgenie's closeAlertAfterAll: the matrix resolves
# the issue at the end, at a moment Opsgenie does not document.
CLOSE_AFTER_ALL = pN_(
    "loss",
    "the alert is assumed to close once the last rule of the last repeat has notified",
)
# Translators: a loss: an Opsgenie escalation that is switched off; the
# matrix made of it escalates.
DISABLED = pN_("loss", "the escalation is disabled; the matrix escalates")
# Translators: a loss: Opsgenie rules not in the order of their delays; the
# levels follow the delays.
UNORDERED = pN_("loss", "rules notify in order of delay; levels follow that order")
# Translators: a loss: a delay rounded to whole seconds or minutes; {given}
# and {kept} are durations as written in files (90s, 2m).
ROUNDED = pN_("loss", "delay {given} is rounded to {kept}")
# Translators: a loss: Opsgenie conditions in an order the matrix cannot
# follow exactly; {condition} is the quoted condition, such as 'if-not-
# closed'.
CONDITION_ORDER = pN_(
    "loss",
    "condition {condition} after a rule that stops on acknowledgement: the "
    "matrix stops escalating at the first condition that no longer holds",
)
# Translators: a loss: Opsgenie rules at the same delay with different
# conditions; {condition} is the quoted stop condition of the level,
# 'unresolved'.
MIXED_CONDITIONS = pN_(
    "loss",
    "rules at the same delay with different conditions share one level, which "
    "escalates while {condition}",
)
# Translators: a loss: a Grafana OnCall escalation chain given without
# steps; {chain} is its quoted name and id, or its id.
NO_STEPS = pN_(
    "loss",
    "escalation chain {chain} has no steps; a matrix needs at least one level",
)
# Translators: a loss: a Grafana OnCall escalation chain whose steps only
# wait; {chain} as above, {wait} the total wait (5m).
ONLY_WAITS = pN_(
    "loss",
    "escalation chain {chain} notifies nobody: its steps only wait ({wait}); a "
    "matrix needs at least one level",
)
# Translators: a loss: Grafana OnCall steps name a chain that was not given;
# {ident} is its id.
CHAIN_NOT_GIVEN = pN_(
    "loss",
    "escalation chain {ident} was not given; the matrix is titled by its id",
)
# Translators: a loss: steps sent by Grafana's migrator are joined to the
# only chain without an id; {ident} is the id they name, {name} the chain's
# quoted name.
CHAIN_JOINED = pN_(
    "loss",
    "escalation chain {ident} is not among the chains; joined to the only chain"
    " without an id, {name}",
)
# Translators: a loss: a Grafana OnCall notify step without anybody to
# notify; {step} is the step's type, {level} the level's key.
NOBODY = pN_("loss", "{step} names nobody; level {level} has no contacts")
# Translators: a loss: Grafana OnCall's important notifications.
IMPORTANT = pN_("loss", "important notifications are sent as ordinary ones")
# Translators: a loss: a Grafana OnCall round-robin step beside other notify
# steps; {level} is the level's key.
MIXED_ROUND_ROBIN = pN_(
    "loss",
    "a round-robin step shares level {level} with other steps; all are notified",
)
# Translators: a loss: a Grafana OnCall repeat_escalation step whose
# run_from_stage ({stage}) names a step after the chain's last notification,
# from which the tool would repeat its waits alone.
REPEAT_AFTER_LAST = pN_(
    "loss",
    "stage {stage} comes after the last step that notifies anyone; the repeats "
    "start again from the first level",
)
# Translators: a loss: a Grafana OnCall step the matrix has no place for;
# {step} is its type, as the tool spells it.
STEP_DROPPED = pN_("loss", "step {step} is not kept")
# Translators: a loss: a Grafana OnCall step that waits for a time of day;
# {step} is its type.
TIME_WINDOW = pN_(
    "loss",
    "step {step} lets escalation go on only within hours of the day (UTC); here"
    " escalation is not held",
)
# Translators: a loss: a Grafana OnCall step after a repeat or resolve step;
# {step} and {after} are step types.
UNREACHED = pN_("loss", "step {step} comes after {after}; it is not kept")
# Translators: a loss: a Grafana OnCall step after repeat_escalation, which
# the tool runs once the repeats are done; {step} is its type, {times} the
# number of repeats (5).
AFTER_REPEAT = pN_(
    "loss",
    "step {step} runs once the chain has repeated {times} times; it is not kept",
)
# Translators: a loss: a Grafana OnCall wait between repeat_escalation and
# resolve; {wait} is its duration (5m). The matrix resolves the issue when
# the last level's delay runs out, without this wait.
WAIT_AFTER_REPEAT = pN_(
    "loss",
    "the wait of {wait} before the final resolve is not kept: the issue is"
    " resolved that much earlier",
)
# Translators: a loss: a Grafana OnCall wait step without its duration.
DEFAULT_WAIT = pN_(
    "loss",
    "the wait has no duration; the tool's default, 5 minutes, is used",
)
# Translators: a loss: an ITIL table without cells: its impacts are lost;
# "matrix" and "null" are the file's words.
NO_IMPACTS = pN_(
    "loss",
    "the impacts are not kept: the table has no cells (matrix is null)",
)
# Translators: a loss: the same, for the urgencies.
NO_URGENCIES = pN_(
    "loss",
    "the urgencies are not kept: the table has no cells (matrix is null)",
)
# Translators: a loss: an ITIL priority's target resolution time; {value} is
# the quoted time, as the file gives it.
RESOLUTION_TARGET = pN_("loss", "resolution target {value} is not kept")
# Translators: a loss: exporting a matrix: its issue types; {count} is how
# many, {tool} the tool's name (as in all the messages below).
EXPORT_ISSUE_TYPES = pN_(
    "loss",
    "{count} issue types and their texts are not kept: {tool} has none",
)
# Translators: a loss: exporting: the titles of the roles.
EXPORT_TITLES = pN_("loss", "role titles are not kept: {tool} names none")
# Translators: a loss: exporting: the names of the levels.
EXPORT_LEVEL_NAMES = pN_("loss", "level names are not kept: {tool} names none")
# Translators: a loss: exporting: the descriptions of levels and roles.
EXPORT_DESCRIPTION = pN_("loss", "descriptions of levels and roles are not kept")
# Translators: a loss: exporting: a policy is written per path of levels;
# which one an incident follows is for the tool's routing.
EXPORT_SEVERITIES = pN_(
    "loss",
    "choosing the policy by severity is {tool}'s routing: one policy per level path",
)
# Translators: a loss: exporting: the impact x urgency table.
EXPORT_PRIORITY = pN_("loss", "the priority table is not kept: {tool} has none")
# Translators: a loss: exporting: a routing rule; {name} is its quoted name.
EXPORT_RULES = pN_(
    "loss",
    "routing rule {name} is not kept: {tool} routes by its own rules",
)
# Translators: a loss: exporting: a delay that counts working hours only.
EXPORT_BUSINESS = pN_("loss", "the delay counts business time; {tool} counts real time")
# Translators: a loss: exporting to PagerDuty a level that escalates until
# resolution.
EXPORT_UNRESOLVED = pN_(
    "loss",
    "{tool} stops escalating on acknowledgement; the level escalates until resolved",
)
# Translators: a loss: exporting a wait before the first notification.
EXPORT_FIRST_WAIT = pN_(
    "loss",
    "the wait before the first notification is not kept: {tool} notifies at once",
)
# Translators: a loss: exporting a repeat of more times than the tool takes;
# {most} and {times} are numbers.
EXPORT_REPEAT_CAP = pN_("loss", "{tool} repeats at most {most} times; {times} is cut")
# Translators: a loss: exporting a repeat that starts again from a later
# level; {level} is its key.
EXPORT_FROM_LEVEL = pN_(
    "loss",
    "{tool} repeats from the first rule; the matrix repeats from {level}",
)
# Translators: a loss: exporting a repeat that sets acknowledgements aside.
EXPORT_RESET = pN_("loss", "{tool} does not reset acknowledgements when it repeats")
# Translators: a loss: exporting a policy that resolves the issue at the
# end.
EXPORT_AT_END = pN_("loss", "{tool} does not resolve the issue after the last level")
# Translators: a loss: exporting a contact the tool cannot notify; {name} is
# its quoted name, {kind} its quoted kind ('team', 'user_group').
EXPORT_TARGET_KIND = pN_(
    "loss",
    "contact {name} has kind {kind}, which {tool} cannot notify",
)
# Translators: a loss: exporting a contact without the tool's id; {name} is
# its quoted name.
EXPORT_NO_ID = pN_("loss", "contact {name} has no {tool} id and is not kept")
# Translators: a loss: exporting a contact that picks someone inside a
# group; {select} is the quoted choice, such as 'next_on_call'.
EXPORT_SELECT = pN_("loss", "contact {name} picks {select}, which {tool} cannot say")
# Translators: a loss: exporting a level that notifies its contacts in turn.
EXPORT_ROUND_ROBIN = pN_(
    "loss",
    "{tool} notifies the recipient of every rule; the level notifies one contact"
    " in turn",
)
# Translators: a loss: exporting a level without a delay below the top;
# {level} is its key.
EXPORT_UNREACHABLE = pN_(
    "loss",
    "level {level} has no delay: escalation stops there, and the levels after "
    "it are not kept",
)
# Translators: a loss: exporting a contact's e-mail address, phone or chat,
# which the tool's target has no place for; {field} is the quoted field, as
# matrix files name it ('email', 'phone', 'chat'), {name} the contact's
# quoted name.
EXPORT_CONTACT_DETAIL = pN_(
    "loss",
    "field {field} of contact {name} is not kept: {tool} has no place for it",
)
# Translators: a loss: exporting to Opsgenie a person, which it names by its
# username or id only; {name} is the contact's quoted name, {given} the
# quoted username or id it is named by instead.
EXPORT_CONTACT_NAME = pN_(
    "loss",
    "the name of contact {name} is not kept: {tool} names a user by its"
    " username or id, {given}",
)
# Translators: a loss: exporting to Opsgenie a team or schedule without an
# Opsgenie id, named by its name instead; {name} is the quoted name.
EXPORT_BY_NAME = pN_(
    "loss",
    "contact {name} has no {tool} id; {tool} is given its name",
)
