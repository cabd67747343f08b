"""Problems of issues, policies, rules, overlays and calendars, said in Italian.

Each message family is driven through the public API (constructors, files,
``apply_overlay``, the calendar's methods); every problem carries its
phrase, and its Italian is compared with reviewed text written here.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    IssueType,
    Level,
    Overlay,
    Policy,
    PriorityTable,
    Repeat,
    Role,
    Severity,
    apply_overlay,
    default_matrix,
)
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._model.action import Action
from escalation_matrix.calendar import WEEKDAYS, BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import CalendarError, Problem, ValidationError
from escalation_matrix.rules import AllOf, Compare, During, Not, Predicate, Rule
from tests.helpers import small_matrix

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = OPENED + timedelta(hours=1)
NINE_TO_FIVE = WorkingHours(["mon", "tue"], time(9), time(17))
OFFICE = BusinessCalendar("Europe/Rome", [NINE_TO_FIVE])
ALWAYS = BusinessCalendar("UTC", [WorkingHours(WEEKDAYS, time(0), time(0))])
GOLD = Compare("attributes.tier", "==", "gold")

#: What goes wrong, where, and what Italian says of it.
Case = tuple[Callable[[], object], str, str]


def italian(problem: Problem) -> str:
    """The problem's message in Italian."""
    return problem.said(translator("it").gettext)


def problems_of(call: Callable[[], object]) -> tuple[Problem, ...]:
    """The problems *call* raises, each checked to carry its phrase."""
    with pytest.raises(ValidationError) as caught:
        call()
    problems = caught.value.problems
    assert [p.path for p in problems if p.phrase is None] == []
    return problems


def said_at(call: Callable[[], object], path: str) -> list[str]:
    """The Italian of the problems *call* raises at *path*."""
    return [italian(p) for p in problems_of(call) if p.path == path]


ISSUES: dict[str, Case] = {
    "naive opening": (
        lambda: Issue("outage", datetime(2026, 3, 2, 9, 0)),  # noqa: DTZ001
        "$.opened_at",
        "deve avere un fuso orario (come tzinfo, un fuso orario o una differenza da "
        "UTC); valore trovato: '2026-03-02T09:00:00', senza fuso orario",
    ),
    "not a datetime": (
        lambda: Issue("outage", "2026-03-02"),  # type: ignore[arg-type]
        "$.opened_at",
        "deve essere un datetime; valore trovato: '2026-03-02'",
    ),
    "outside the calendar": (
        lambda: Issue("outage", datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))),
        "$.opened_at",
        "deve cadere tra l'anno 1 e l'anno 9999 in UTC; valore trovato: "
        "'0001-01-01T00:00:00+01:00'",
    ),
    "impact alone": (
        lambda: Issue("outage", OPENED, impact="wide"),
        "$.urgency",
        "impatto e urgenza vanno indicati entrambi o nessuno dei due",
    ),
    "acknowledged before opening": (
        lambda: Issue("outage", OPENED, acknowledged_at=OPENED - timedelta(hours=1)),
        "$.acknowledged_at",
        "non deve precedere opened_at (2026-03-02T09:00:00+00:00); valore "
        "trovato: 2026-03-02T08:00:00+00:00",
    ),
    "actions not a list": (
        lambda: Issue("outage", OPENED, actions=5),  # type: ignore[arg-type]
        "$.actions",
        "deve essere un elenco di oggetti Action; valore trovato: 5",
    ),
    "not an action": (
        lambda: Issue("outage", OPENED, actions=[1]),  # type: ignore[list-item]
        "$.actions[0]",
        "deve essere un oggetto Action; valore trovato: 1",
    ),
    "action before opening": (
        lambda: Issue(
            "outage", OPENED, actions=[Action.escalate(OPENED - timedelta(hours=1))]
        ),
        "$.actions[0].at",
        "non deve precedere opened_at; valore trovato: 2026-03-02T08:00:00+00:00",
    ),
    "actions out of order": (
        lambda: Issue(
            "outage",
            OPENED,
            actions=[Action.escalate(LATER), Action.deescalate(OPENED)],
        ),
        "$.actions[1].at",
        "le azioni vanno elencate dalla meno recente alla più recente",
    ),
    "action after resolution": (
        lambda: Issue(
            "outage",
            OPENED,
            resolved_at=OPENED,
            actions=[Action.escalate(LATER)],
        ),
        "$.actions[0].at",
        "non deve essere successivo a resolved_at (2026-03-02T09:00:00+00:00)",
    ),
    "attributes not a mapping": (
        lambda: Issue("outage", OPENED, attributes="gold"),  # type: ignore[arg-type]
        "$.attributes",
        "deve essere un oggetto che associa nomi di attributo a valori; valore "
        "trovato: 'gold'",
    ),
    "blank attribute name": (
        lambda: Issue("outage", OPENED, attributes={"": 1}),
        "$.attributes",
        "i nomi devono essere stringhe non vuote; valore trovato: ''",
    ),
    "jump without a level": (
        lambda: Action("jump", OPENED),
        "$.level",
        "è obbligatorio per un'azione 'jump'",
    ),
    "level of an escalation": (
        lambda: Action("escalate", OPENED, level="L2"),
        "$.level",
        "va indicato solo per 'jump', non per 'escalate'",
    ),
}

POLICIES: dict[str, Case] = {
    "skipped levels not a list": (
        lambda: Severity("high", "High", skip_levels="L2"),
        "$.skip_levels",
        "deve essere un elenco di chiavi di livello; valore trovato: 'L2'",
    ),
    "repeats not a number": (
        lambda: Repeat("twice", timedelta(minutes=5)),  # type: ignore[arg-type]
        "$.times",
        "deve essere un numero intero; valore trovato: 'twice'",
    ),
    "no repeats": (
        lambda: Repeat(0, timedelta(minutes=5)),
        "$.times",
        "deve essere compreso tra 1 e 100; valore trovato: 0",
    ),
    "no wait": (
        lambda: Repeat(1, None),
        "$.wait",
        "deve essere una durata come '30m', '1h 30m', '1d12h' o 'PT1H30M' (o un "
        "timedelta); valore trovato: null",
    ),
    "no impacts": (
        lambda: PriorityTable([], ["now"], [["high"]]),
        "$.impacts",
        "non deve essere vuoto",
    ),
    "impacts not a list": (
        lambda: PriorityTable("wide", ["now"], [["high"]]),
        "$.impacts",
        "deve essere un elenco di chiavi; valore trovato: 'wide'",
    ),
    "table not a list": (
        lambda: PriorityTable(["wide"], ["now"], "high"),
        "$.table",
        "deve essere un elenco di righe; valore trovato: 'high'",
    ),
    "rows missing": (
        lambda: PriorityTable(["wide", "narrow"], ["now"], [["high"]]),
        "$.table",
        "deve avere una riga per ogni impatto (2); righe trovate: 1",
    ),
    "row not a list": (
        lambda: PriorityTable(["wide"], ["now"], ["high"]),
        "$.table[0]",
        "deve essere un elenco di chiavi di gravità; valore trovato: 'high'",
    ),
    "short row": (
        lambda: PriorityTable(["wide"], ["now", "later"], [["high"]]),
        "$.table[0]",
        "deve avere una gravità per ogni urgenza (2); gravità trovate: 1",
    ),
    "first wait of another kind": (
        lambda: Policy(first_wait=5),  # type: ignore[arg-type]
        "$.first_wait",
        "deve essere un oggetto FirstWait, una durata o None; valore trovato: 5",
    ),
    "repeat of another kind": (
        lambda: Policy(repeat=5),  # type: ignore[arg-type]
        "$.repeat",
        "deve essere un oggetto Repeat o None; valore trovato: 5",
    ),
    "severities not a list": (
        lambda: Policy(severities=5),  # type: ignore[arg-type]
        "$.severities",
        "deve essere un elenco di oggetti Severity; valore trovato: 5",
    ),
    "not a severity": (
        lambda: Policy(severities=["high"]),  # type: ignore[list-item]
        "$.severities[0]",
        "deve essere un oggetto Severity; valore trovato: 'high'",
    ),
    "rules not a list": (
        lambda: Policy(rules=5),  # type: ignore[arg-type]
        "$.rules",
        "deve essere un elenco di oggetti Rule; valore trovato: 5",
    ),
    "not a rule": (
        lambda: Policy(rules=["gold"]),  # type: ignore[list-item]
        "$.rules[0]",
        "deve essere un oggetto Rule; valore trovato: 'gold'",
    ),
    "calendar of another kind": (
        lambda: Policy(calendar="Europe/Rome"),  # type: ignore[arg-type]
        "$.calendar",
        "deve essere un oggetto BusinessCalendar o None; valore trovato: 'Europe/Rome'",
    ),
    "unknown default severity": (
        lambda: Policy(severities=[Severity("high", "High")], default_severity="low"),
        "$.default_severity",
        "gravità 'low' sconosciuta; chiavi di gravità note: high",
    ),
}

RULES: dict[str, Case] = {
    "unknown field": (
        lambda: Compare("tier", "==", "gold"),
        "$.field",
        "deve essere uno dei campi issue_type, severity, impact, urgency, id "
        "oppure attributes.<name>; valore trovato: 'tier'",
    ),
    "issue types in order": (
        lambda: Compare("issue_type", ">", "outage"),
        "$.op",
        "i tipi di segnalazione non hanno un ordine; usare ==, !=, in o not_in",
    ),
    "unknown operator": (
        lambda: Compare("severity", "~", "high"),  # type: ignore[arg-type]
        "$.op",
        "deve essere uno dei valori ==, !=, <, <=, >, >=, in, not_in, exists, "
        "missing; valore trovato: '~'",
    ),
    "in without a list": (
        lambda: Compare("severity", "in", "high"),
        "$.value",
        "con l'operatore 'in' deve essere un elenco; valore trovato: 'high'",
    ),
    "null in a list": (
        lambda: Compare("attributes.trial", "in", [True, None]),
        "$.value[1]",
        "deve essere una stringa, un numero o un booleano; valore trovato: null; "
        "per verificare che un valore manchi usare 'missing'",
    ),
    "value of exists": (
        lambda: Compare("severity", "exists", "high"),
        "$.value",
        "non va indicato con l'operatore 'exists'",
    ),
    "list for ==": (
        lambda: Compare("severity", "==", ["high"]),
        "$.value",
        "con l'operatore '==' deve essere un valore singolo; valore trovato: "
        '["high"]',
    ),
    "no conditions": (
        lambda: AllOf([]),
        "$.conditions",
        "non deve essere vuoto",
    ),
    "not a condition": (
        lambda: AllOf([5]),  # type: ignore[list-item]
        "$.conditions[0]",
        "deve essere una condizione; valore trovato: 5",
    ),
    "negation of nothing": (
        lambda: Not(5),  # type: ignore[arg-type]
        "$.condition",
        "deve essere una condizione; valore trovato: 5",
    ),
    "during no calendar": (
        lambda: During("Europe/Rome"),  # type: ignore[arg-type]
        "$.calendar",
        "deve essere un oggetto BusinessCalendar; valore trovato: 'Europe/Rome'",
    ),
    "predicate not callable": (
        lambda: Predicate(5),  # type: ignore[arg-type]
        "$.function",
        "deve essere un callable; valore trovato: 5",
    ),
    "rule without a condition": (
        lambda: Rule("gold", 5, entry_level="L2"),  # type: ignore[arg-type]
        "$.when",
        "deve essere una condizione o un callable; valore trovato: 5",
    ),
    "rule that does nothing": (
        lambda: Rule("gold", GOLD),
        "$",
        "deve impostare almeno uno tra entry_level, max_level e skip_levels",
    ),
    "rule's skipped levels not a list": (
        lambda: Rule("gold", GOLD, skip_levels="L2"),
        "$.skip_levels",
        "deve essere un elenco di chiavi di livello; valore trovato: 'L2'",
    ),
}

CALENDARS: dict[str, Case] = {
    "days not a list": (
        lambda: WorkingHours("mon", time(9), time(17)),  # type: ignore[arg-type]
        "$.days",
        "deve essere un elenco di giorni come ['mon', 'tue']; valore trovato: 'mon'",
    ),
    "no days": (
        lambda: WorkingHours([], time(9), time(17)),
        "$.days",
        "deve indicare almeno un giorno; l'elenco è vuoto",
    ),
    "unknown day": (
        lambda: WorkingHours(["lun"], time(9), time(17)),  # type: ignore[list-item]
        "$.days[0]",
        "deve essere un giorno della settimana (mon, tue, wed, thu, fri, sat, "
        "sun); valore trovato: 'lun'",
    ),
    "day twice": (
        lambda: WorkingHours(["mon", "mon"], time(9), time(17)),
        "$.days[1]",
        "giorno 'mon' duplicato (compare già all'indice 0)",
    ),
    "start not a time": (
        lambda: WorkingHours(["mon"], "9:00", time(17)),  # type: ignore[arg-type]
        "$.start",
        "deve essere un orario come time(9, 0); valore trovato: '9:00'",
    ),
    "end with a zone": (
        lambda: WorkingHours(["mon"], time(9), time(17, tzinfo=UTC)),
        "$.end",
        "deve essere un orario senza fuso orario (vale quello del calendario); "
        "valore trovato: '17:00:00+00:00'",
    ),
    "start with a fraction": (
        lambda: WorkingHours(["mon"], time(9, 0, 0, 500), time(17)),
        "$.start",
        "deve essere un numero intero di secondi; valore trovato: '09:00:00.000500'",
    ),
    "end before start": (
        lambda: WorkingHours(["sat"], time(22), time(6)),
        "$.end",
        "deve venire dopo l'inizio (22:00); valore trovato: 06:00; 00:00 indica "
        "la mezzanotte alla fine del giorno e per le ore dopo la mezzanotte serve "
        "un secondo intervallo che inizi alle 00:00",
    ),
    "unknown zone": (
        lambda: BusinessCalendar("Europe/Atlantis", [NINE_TO_FIVE]),
        "$.timezone",
        "deve essere il nome di un fuso orario IANA come 'Europe/Rome'; valore "
        "trovato: 'Europe/Atlantis'",
    ),
    "hours not a list": (
        lambda: BusinessCalendar("UTC", "weekdays"),  # type: ignore[arg-type]
        "$.hours",
        "deve essere un elenco di oggetti WorkingHours; valore trovato: 'weekdays'",
    ),
    "no hours": (
        lambda: BusinessCalendar("UTC", []),
        "$.hours",
        "deve contenere almeno un intervallo di orario lavorativo; l'elenco è vuoto",
    ),
    "not hours": (
        lambda: BusinessCalendar("UTC", ["9-17"]),  # type: ignore[list-item]
        "$.hours[0]",
        "deve essere un oggetto WorkingHours; valore trovato: '9-17'",
    ),
    "overlapping hours": (
        lambda: BusinessCalendar(
            "UTC", [NINE_TO_FIVE, WorkingHours(["tue", "wed"], time(16), time(18))]
        ),
        "$.hours[1]",
        "non deve sovrapporsi all'intervallo all'indice 0 nei giorni tue; "
        "intervalli trovati: 16:00-18:00 e 09:00-17:00",
    ),
    "holidays not a list": (
        lambda: BusinessCalendar("UTC", [NINE_TO_FIVE], holidays="2026-12-25"),  # type: ignore[arg-type]
        "$.holidays",
        "deve essere un elenco di date; valore trovato: '2026-12-25'",
    ),
    "not a date": (
        lambda: BusinessCalendar("UTC", [NINE_TO_FIVE], holidays=["2026-12-25"]),  # type: ignore[list-item]
        "$.holidays[0]",
        "deve essere una data; valore trovato: '2026-12-25'",
    ),
    "holiday twice": (
        lambda: BusinessCalendar(
            "UTC", [NINE_TO_FIVE], holidays=[date(2026, 12, 25), date(2026, 12, 25)]
        ),
        "$.holidays[1]",
        "festività 2026-12-25 duplicata (compare già all'indice 0)",
    ),
}


def _overlay(**fields: object) -> Callable[[], object]:
    return lambda: Overlay("acme", **fields)  # type: ignore[arg-type]


OVERLAYS: dict[str, Case] = {
    "levels not a list": (
        _overlay(levels="L4"),
        "$.levels",
        "deve essere un elenco di oggetti Level; valore trovato: 'L4'",
    ),
    "not a role": (
        _overlay(roles=["agent"]),
        "$.roles[0]",
        "deve essere un oggetto Role; valore trovato: 'agent'",
    ),
    "texts of no added level": (
        _overlay(responsibilities={"L9": {"outage": "Restart it."}}),
        "$.responsibilities.L9",
        "non corrisponde a nessun livello aggiunto da questo overlay",
    ),
    "unknown kind removed": (
        _overlay(remove={"things": ["x"]}),
        "$.remove.things",
        "tipo di parte sconosciuto; tipi previsti: roles, levels, issue_types",
    ),
    "removals not a list": (
        _overlay(remove={"roles": "agent"}),
        "$.remove.roles",
        "deve essere un elenco di chiavi; valore trovato: 'agent'",
    ),
    "texts not a mapping": (
        _overlay(texts="Helpdesk"),
        "$.texts",
        "deve essere un oggetto; valore trovato: 'Helpdesk'",
    ),
    "unknown policy field": (
        _overlay(policy={"colour": "red"}),
        "$.policy.colour",
        "campo sconosciuto; campi previsti: delay_mode, severities, "
        "default_severity, priority, calendar, rules, first_wait, repeat, at_end",
    ),
    "key changed": (
        _overlay(changes={"levels": {"L1": {"key": "L0"}}}),
        "$.changes.levels.L1.key",
        "non si può cambiare con un overlay: le parti sono identificate dalla "
        "chiave; rimuovere la parte e aggiungerla con la nuova chiave",
    ),
    "rank changed": (
        _overlay(changes={"levels": {"L1": {"rank": 2}}}),
        "$.changes.levels.L1.rank",
        "non si può cambiare con un overlay: il rango dei livelli segue il loro "
        "ordine; rimuovere il livello e aggiungerlo al nuovo rango",
    ),
    "unknown field changed": (
        _overlay(changes={"roles": {"agent": {"colour": "red"}}}),
        "$.changes.roles.agent.colour",
        "campo sconosciuto; campi previsti: title, description, contacts",
    ),
    "cells not a mapping": (
        _overlay(changes={"issue_types": {"outage": {"responsibilities": "x"}}}),
        "$.changes.issue_types.outage.responsibilities",
        "deve essere un oggetto che associa chiavi di livello a testi; valore "
        "trovato: 'x'",
    ),
}


def _applied(overlay: Overlay, matrix: em.Matrix | None = None) -> Callable[[], object]:
    return lambda: apply_overlay(small_matrix() if matrix is None else matrix, overlay)


LEVEL_4 = Level("L4", 4, "boss", "Board")
EVERYTHING_REMOVED = {"roles": ["agent", "lead", "boss"], "levels": ["L1", "L2", "L3"]}

CONFLICTS: dict[str, Case] = {
    "another base": (
        _applied(Overlay("acme", base="helpdesk")),
        "$.base",
        "l'overlay è scritto per la matrice 'helpdesk', non per 'small'",
    ),
    "removed twice": (
        _applied(Overlay("acme", remove={"roles": ["boss", "boss"]})),
        "$.remove.roles[1]",
        "'boss' viene rimosso due volte",
    ),
    "role there already": (
        _applied(Overlay("acme", roles=[Role("agent", "Agent")])),
        "$.roles[0].key",
        "il ruolo 'agent' esiste già nella matrice: per modificarlo usare "
        "changes.roles.agent",
    ),
    "level there already": (
        _applied(Overlay("acme", levels=[Level("L1", 1, "agent", "Desk")])),
        "$.levels[0].key",
        "il livello 'L1' esiste già nella matrice: per modificarlo usare "
        "changes.levels.L1",
    ),
    "issue type there already": (
        _applied(
            Overlay("acme", issue_types=[IssueType("outage", "Outage", {"L1": "Go."})])
        ),
        "$.issue_types[0].key",
        "il tipo di segnalazione 'outage' esiste già nella matrice: per modificarlo "
        "usare changes.issue_types.outage",
    ),
    "role added twice": (
        _applied(Overlay("acme", roles=[Role("cto", "CTO"), Role("cto", "CTO")])),
        "$.roles[1].key",
        "il ruolo 'cto' viene aggiunto due volte",
    ),
    "level added twice": (
        _applied(Overlay("acme", levels=[LEVEL_4, Level("L4", 5, "boss", "Board")])),
        "$.levels[1].key",
        "il livello 'L4' viene aggiunto due volte",
    ),
    "issue type added twice": (
        _applied(
            Overlay(
                "acme",
                issue_types=[IssueType("leak", "Leak", {"L1": "Go."})] * 2,
            )
        ),
        "$.issue_types[1].key",
        "il tipo di segnalazione 'leak' viene aggiunto due volte",
    ),
    "role removed and changed": (
        _applied(
            Overlay(
                "acme",
                remove={"roles": ["boss"]},
                changes={"roles": {"boss": {"title": "Chief"}}},
            )
        ),
        "$.changes.roles.boss",
        "il ruolo 'boss' viene rimosso da questo overlay",
    ),
    "level removed and changed": (
        _applied(
            Overlay(
                "acme",
                remove={"levels": ["L3"]},
                changes={"levels": {"L3": {"name": "Top"}}},
            )
        ),
        "$.changes.levels.L3",
        "il livello 'L3' viene rimosso da questo overlay",
    ),
    "issue type removed and changed": (
        _applied(
            Overlay(
                "acme",
                remove={"issue_types": ["billing"]},
                changes={"issue_types": {"billing": {"name": "Bills"}}},
            )
        ),
        "$.changes.issue_types.billing",
        "il tipo di segnalazione 'billing' viene rimosso da questo overlay",
    ),
    "rank beyond the levels": (
        _applied(Overlay("acme", levels=[Level("L9", 9, "boss", "Board")])),
        "$.levels[0].rank",
        "deve essere compreso tra 1 e 4 (i livelli della matrice risultante); "
        "valore trovato: 9",
    ),
    "rank taken": (
        _applied(
            Overlay(
                "acme",
                levels=[
                    Level("L5", 2, "boss", "Board"),
                    Level("L6", 2, "boss", "Bank"),
                ],
            )
        ),
        "$.levels[1].rank",
        "rango già occupato: anche $.levels[0] viene aggiunto al rango 2",
    ),
    "cell of an added level missing": (
        _applied(
            Overlay(
                "acme",
                levels=[LEVEL_4],
                responsibilities={"L4": {"outage": "Apologise."}},
            )
        ),
        "$.levels[0].responsibilities.billing",
        "manca il testo del tipo di segnalazione 'billing' per il livello aggiunto 'L4'",
    ),
    "cell of an added issue type missing": (
        _applied(
            Overlay("acme", issue_types=[IssueType("leak", "Leak", {"L1": "Go."})])
        ),
        "$.issue_types[0].responsibilities.L2",
        "manca il testo del tipo di segnalazione aggiunto 'leak' per il livello 'L2'",
    ),
    "text given twice": (
        _applied(
            Overlay(
                "acme",
                changes={"levels": {"L1": {"name": "Desk"}}},
                texts={"level:L1:name": "Helpdesk"},
            )
        ),
        "$.texts['level:L1:name']",
        "indicato due volte: anche in $.changes.levels.L1.name",
    ),
    "unknown role of a text": (
        _applied(Overlay("acme", texts={"role:cto:title": "CTO"})),
        "$.texts['role:cto:title']",
        "ruolo 'cto' sconosciuto; chiavi di ruolo note: agent, lead, boss",
    ),
    "unknown level of a cell": (
        _applied(Overlay("acme", texts={"cell:outage:L9": "Go."})),
        "$.texts['cell:outage:L9']",
        "livello 'L9' sconosciuto; chiavi di livello note: L1, L2, L3",
    ),
    "unknown issue type of a text": (
        _applied(Overlay("acme", texts={"issue_type:leak:name": "Leak"})),
        "$.texts['issue_type:leak:name']",
        "tipo di segnalazione 'leak' sconosciuto; chiavi note dei tipi di "
        "segnalazione: outage, billing",
    ),
    "unknown severity of a text": (
        _applied(
            Overlay("acme", texts={"severity:low:name": "Low"}),
            small_matrix(policy=Policy(severities=[Severity("high", "High")])),
        ),
        "$.texts['severity:low:name']",
        "gravità 'low' sconosciuta; chiavi di gravità note: high",
    ),
    "no roles left": (
        _applied(
            Overlay("acme", remove=EVERYTHING_REMOVED, texts={"role:cto:title": "C"})
        ),
        "$.texts['role:cto:title']",
        "ruolo 'cto' sconosciuto; chiavi di ruolo note: nessuna",
    ),
    "no levels left": (
        _applied(
            Overlay("acme", remove=EVERYTHING_REMOVED, texts={"level:L9:name": "X"})
        ),
        "$.texts['level:L9:name']",
        "livello 'L9' sconosciuto; chiavi di livello note: nessuna",
    ),
    "no issue types": (
        _applied(
            Overlay("acme", texts={"issue_type:leak:name": "Leak"}),
            small_matrix(issue_types=[]),
        ),
        "$.texts['issue_type:leak:name']",
        "tipo di segnalazione 'leak' sconosciuto; chiavi note dei tipi di "
        "segnalazione: nessuna",
    ),
    "no severities": (
        _applied(Overlay("acme", texts={"severity:low:name": "Low"})),
        "$.texts['severity:low:name']",
        "gravità 'low' sconosciuta; chiavi di gravità note: nessuna",
    ),
    "text of no field": (
        _applied(Overlay("acme", texts={"role:agent:name": "Agent"})),
        "$.texts['role:agent:name']",
        "i testi di tipo 'role' sono title, description; valore trovato: "
        "'role:agent:name'",
    ),
    "unknown role of a change": (
        _applied(Overlay("acme", changes={"roles": {"cto": {"title": "CTO"}}})),
        "$.changes.roles.cto",
        "ruolo 'cto' sconosciuto; chiavi di ruolo note: agent, lead, boss",
    ),
    "policy field refused": (
        _applied(Overlay("acme", policy={"delay_mode": "never"})),
        "$.policy.delay_mode",
        "deve essere uno dei valori 'per_level', 'since_opened'; valore trovato: "
        "'never'",
    ),
}


def _cases(*tables: dict[str, Case]) -> list[object]:
    return [
        pytest.param(call, path, expected, id=name)
        for table in tables
        for name, (call, path, expected) in table.items()
    ]


@pytest.mark.parametrize(
    ("call", "path", "expected"),
    _cases(ISSUES, POLICIES, RULES, CALENDARS, OVERLAYS, CONFLICTS),
)
def test_said_in_italian(call: Callable[[], object], path: str, expected: str) -> None:
    """Each family's problem carries its phrase, said in reviewed Italian."""
    assert said_at(call, path) == [expected]


def test_english_is_unchanged() -> None:
    """The phrase's English is the message as it was written before."""
    (problem,) = problems_of(lambda: Repeat(0, timedelta(minutes=5)))
    assert problem.message == "must be from 1 to 100, got 0"
    assert str(problem.phrase) == problem.message


class TestFromData:
    def test_issue(self) -> None:
        """An issue read from data says its problems in Italian."""
        data = {
            "issue_type": "outage",
            "opened_at": "2026-03-02T09:00:00Z",
            "resolved_at": "2026-03-02T08:00:00Z",
            "actions": [{"kind": "jump", "at": "2026-03-02T10:00:00Z"}],
        }
        problems = problems_of(lambda: em.from_dict(data, Issue))
        assert [(p.path, italian(p)) for p in problems] == [
            (
                "$.resolved_at",
                "non deve precedere opened_at ('2026-03-02T09:00:00Z'); valore "
                "trovato: '2026-03-02T08:00:00Z'",
            ),
            ("$.actions[0].level", "è obbligatorio per un'azione 'jump'"),
        ]

    def test_overlay_file(self) -> None:
        """An overlay file's problems are said in Italian, with their paths."""
        text = """
            schema_version = 1
            overlay = "acme"
            [changes.levels.L1]
            rank = 3
            [remove]
            parts = ["L1"]
        """
        problems = problems_of(lambda: em.loads(text, "toml", Overlay))
        assert [p.path for p in problems] == [
            "$.changes.levels.L1.rank",
            "$.remove.parts",
        ]
        assert italian(problems[1]) == (
            "tipo di parte sconosciuto; tipi previsti: roles, levels, issue_types"
        )

    def test_overlay_file_applied(self) -> None:
        """A conflict of an overlay read from a file is said in Italian."""
        overlay = em.loads(
            'schema_version = 1\noverlay = "acme"\nbase = "helpdesk"\n', "toml", Overlay
        )
        (problem,) = problems_of(_applied(overlay, default_matrix()))
        assert italian(problem) == (
            "l'overlay è scritto per la matrice 'helpdesk', non per 'default'"
        )


CALENDAR_ERRORS: dict[str, tuple[Callable[[], object], str]] = {
    "naive moment": (
        lambda: OFFICE.is_working(datetime(2026, 3, 2, 9)),  # noqa: DTZ001
        "Per moment serve un datetime con fuso orario; valore trovato: "
        "'2026-03-02T09:00:00'; aggiungere il fuso orario, ad esempio con "
        ".replace(tzinfo=ZoneInfo('Europe/Rome')).",
    ),
    "moment before UTC begins": (
        lambda: OFFICE.is_working(
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
        ),
        "Il valore di moment deve cadere tra l'anno 1 e l'anno 9999 in UTC; valore "
        "trovato: '0001-01-01T00:00:00+01:00'.",
    ),
    "negative duration": (
        lambda: OFFICE.add(OPENED, timedelta(hours=-1)),
        "Per duration serve un timedelta non negativo; valore trovato: '-1h'.",
    ),
    "no working time left": (
        lambda: OFFICE.next_working_moment(datetime(9999, 12, 31, 20, tzinfo=UTC)),
        "Dopo 9999-12-31T20:00:00+00:00 non c'è orario lavorativo prima dell'anno "
        "10000.",
    ),
    "counting past the end": (
        lambda: OFFICE.add(datetime(9999, 12, 1, tzinfo=UTC), timedelta(days=40)),
        "Contando 40d di orario lavorativo a partire da 9999-12-01T00:00:00+00:00 "
        "si va oltre l'anno 9999.",
    ),
    "result beyond the zone": (
        lambda: ALWAYS.add(
            datetime(9999, 12, 31, 9, tzinfo=timezone(timedelta(hours=14))),
            timedelta(days=1),
        ),
        "Il risultato 9999-12-31T19:00:00+00:00 non si può esprimere nel fuso "
        "orario di 9999-12-31T09:00:00+14:00: in quel fuso cade fuori dagli anni "
        "da 1 a 9999.",
    ),
}


@pytest.mark.parametrize("case", list(CALENDAR_ERRORS))
def test_calendar_errors_in_italian(case: str) -> None:
    """A calendar's error carries its phrase, said in reviewed Italian."""
    call, expected = CALENDAR_ERRORS[case]
    with pytest.raises(CalendarError) as caught:
        call()
    phrase = caught.value.phrase
    assert phrase is not None
    assert str(phrase) == str(caught.value)
    assert phrase.said(translator("it").gettext) == expected


def test_calendar_error_travels_with_its_phrase() -> None:
    """A calendar's error pickles with its phrase, to be said in a parent process."""
    with pytest.raises(CalendarError) as caught:
        OFFICE.add(OPENED, timedelta(hours=-1))
    back = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 -- our own bytes
    assert back.phrase == caught.value.phrase
    assert back.phrase is not None


def test_validate_in_italian(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """validate, in Italian, says the policy's problems in Italian."""
    data = em.to_dict(small_matrix())
    data["policy"] = {
        "calendar": {
            "timezone": "Europe/Roma",
            "hours": [{"days": ["mon"], "start": "18:00", "end": "09:00"}],
        },
        "rules": [
            {"name": "gold", "when": {"field": "tier", "op": "in", "value": "x"}}
        ],
        "repeat": {"times": 0, "wait": "5m"},
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    clear_cache()
    try:
        status = main(["validate", str(path)])
    finally:
        clear_cache()
    lines = capsys.readouterr().err.splitlines()
    assert status != 0
    where = f"{path}: "
    assert [line.removeprefix(where) for line in lines if line.startswith(where)] == [
        "$.policy.calendar.timezone: deve essere il nome di un fuso orario IANA "
        "come 'Europe/Rome'; valore trovato: 'Europe/Roma'",
        "$.policy.calendar.hours[0].end: deve venire dopo l'inizio (18:00); valore "
        "trovato: 09:00; 00:00 indica la mezzanotte alla fine del giorno e per le "
        "ore dopo la mezzanotte serve un secondo intervallo che inizi alle 00:00",
        "$.policy.rules[0]: deve impostare almeno uno tra entry_level, max_level e "
        "skip_levels",
        "$.policy.rules[0].when.field: deve essere uno dei campi issue_type, "
        "severity, impact, urgency, id oppure attributes.<name>; valore trovato: "
        "'tier'",
        "$.policy.rules[0].when.value: con l'operatore 'in' deve essere un elenco; "
        "valore trovato: 'x'",
        "$.policy.repeat.times: deve essere compreso tra 1 e 100; valore trovato: 0",
    ]
