"""Problems of matrices, their parts, contacts and the builder, said in Italian.

Each family of messages is driven through the public API (files, constructors,
the builder); every problem must carry a phrase, and its Italian must read as
reviewed here.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix import IssueType, Level, Matrix, MatrixBuilder, Role
from escalation_matrix._base.checks import UnknownKind, scalar_problem, unknown_message
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._i18n.translator import translator
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import Phrase, ValidationError
from tests.helpers import small_matrix

IT = translator("it").gettext
Edit = Callable[[dict[str, Any]], None]


def said(call: Callable[[], object]) -> list[str]:
    """Run *call*; return its problems in Italian, each with its path.

    Every problem must carry a phrase: a plain text could not be translated.
    """
    with pytest.raises(ValidationError) as caught:
        call()
    problems = caught.value.problems
    assert [p.path for p in problems if p.phrase is None] == []
    return [f"{problem.path}: {problem.said(IT)}" for problem in problems]


def edited(edit: Edit) -> Callable[[], object]:
    """Return a call loading the small matrix's data changed by *edit*."""
    data = copy.deepcopy(em.to_dict(small_matrix()))
    edit(data)
    return lambda: em.from_dict(data)


def put(*path: str | int, value: object) -> Edit:
    """Return an edit setting the field at *path* to *value*."""

    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


def since_opened(data: dict[str, Any]) -> None:
    """Delays counted since opening, out of order, after a longer first wait."""
    data["policy"] = {"delay_mode": "since_opened", "first_wait": {"delay": "45m"}}
    data["levels"][1]["delay"] = "20m"


def mixed_time(data: dict[str, Any]) -> None:
    """Delays since opening, one of them in business time, and no calendar."""
    data["policy"] = {"delay_mode": "since_opened"}
    data["levels"][1]["business_time"] = True


def bad_rule(data: dict[str, Any]) -> None:
    """A rule naming unknown keys and contradicting its own entry level."""
    data["policy"] = {
        "severities": [{"key": "sev1", "name": "Sev 1"}],
        "rules": [
            {
                "name": "r1",
                "when": {
                    "all": [
                        {"field": "severity", "op": "==", "value": "sev9"},
                        {
                            "field": "issue_type",
                            "op": "in",
                            "value": ["outage", "fire"],
                        },
                        {"field": "impact", "op": "==", "value": "high"},
                    ]
                },
                "entry_level": "L3",
                "max_level": "L2",
                "skip_levels": ["L3", "L8"],
            }
        ],
    }


def bad_priority_rule(data: dict[str, Any]) -> None:
    """A rule on impact and urgency keys the priority table lacks."""
    data["policy"] = {
        "severities": [{"key": "sev1", "name": "Sev 1"}],
        "priority": {"impacts": ["high"], "urgencies": ["now"], "table": [["sev1"]]},
        "repeat": {"times": 1, "wait": "1h", "from_level": "L7"},
        "rules": [
            {
                "name": "r1",
                "when": {
                    "any": [
                        {"field": "impact", "op": "==", "value": "huge"},
                        {"not": {"field": "urgency", "op": "==", "value": "later"}},
                    ]
                },
                "entry_level": "L2",
            }
        ],
    }


def no_urgency_table(data: dict[str, Any]) -> None:
    """A rule on urgency in a policy without a priority table."""
    data["policy"] = {
        "rules": [
            {
                "name": "r1",
                "when": {"field": "urgency", "op": "==", "value": "now"},
                "entry_level": "L2",
            }
        ]
    }


def drop_cell(data: dict[str, Any]) -> None:
    """An issue type without its text for L2."""
    del data["issue_types"][0]["responsibilities"]["L2"]


FILES: dict[str, tuple[Edit, list[str]]] = {
    "control character": (
        put("title", value="Bad\x1b[2J"),
        [
            "$.title: non deve contenere il carattere di controllo U+001B; "
            "valore trovato: 'Bad\\x1b[2J'"
        ],
    ),
    "line break in a name": (
        put("levels", 0, "name", value="First\nline"),
        [
            "$.levels[0].name: deve stare su una sola riga, senza il carattere di a "
            "capo U+000A; valore trovato: 'First\\nline'"
        ],
    ),
    "invisible text": (
        put("roles", 0, "title", value=" \u200b"),
        [
            "$.roles[0].title: deve essere un testo con almeno un carattere "
            "visibile; valore trovato: ' \\u200b'"
        ],
    ),
    "lone surrogate": (
        put("description", value="ok \ud800"),
        [
            "$.description: deve essere un testo Unicode senza surrogati "
            "isolati; trovato U+D800 in posizione 3"
        ],
    ),
    "language tag": (
        put("language", value="english"),
        [
            "$.language: deve essere un codice di lingua come 'en' o 'pt_BR'; "
            "valore trovato: 'english'"
        ],
    ),
    "snake_case key": (
        put("roles", 2, "key", value="Big Boss"),
        [
            "$.roles[2].key: deve essere una chiave ASCII in snake_case "
            "minuscolo, lunga al massimo 64 caratteri; valore trovato: 'Big Boss'",
            "$.levels[2].role: ruolo 'boss' sconosciuto; chiavi di ruolo note: "
            "agent, lead",
        ],
    ),
    "level key": (
        put("levels", 2, "key", value="L 3"),
        [
            "$.levels[2].key: deve essere una chiave ASCII nel formato 'L1' o in "
            "snake_case minuscolo, lunga al massimo 64 caratteri; valore "
            "trovato: 'L 3'",
            "$.issue_types[0].responsibilities.L3: livello 'L3' sconosciuto; "
            "chiavi di livello note: L1, L2",
            "$.issue_types[1].responsibilities.L3: livello 'L3' sconosciuto; "
            "chiavi di livello note: L1, L2",
        ],
    ),
    "zero delay": (
        put("levels", 0, "delay", value="0m"),
        ["$.levels[0].delay: deve essere maggiore di zero; valore trovato: '0m'"],
    ),
    "not a duration": (
        put("levels", 0, "delay", value="1 hour"),
        [
            "$.levels[0].delay: deve essere una durata come '30m', '1h 30m', "
            "'1d12h' o 'PT1H30M'; valore trovato: '1 hour'"
        ],
    ),
    "months": (
        put("levels", 0, "delay", value="P1M"),
        [
            "$.levels[0].delay: deve essere una durata come '30m', '1h 30m', "
            "'1d12h' o 'PT1H30M'; valore trovato: 'P1M'; anni e mesi non hanno "
            "una durata fissa: indicare i giorni ('P30D')"
        ],
    ),
    "delay too long": (
        put("levels", 0, "delay", value="4000d"),
        [
            "$.levels[0].delay: deve essere al massimo '3650d' (dieci anni); "
            "valore trovato: '4000d'"
        ],
    ),
    "delay beyond a timedelta": (
        put("levels", 0, "delay", value="9999999999d"),
        [
            "$.levels[0].delay: deve essere al massimo '3650d' (dieci anni); "
            "valore trovato: '9999999999d'"
        ],
    ),
    "duplicate key": (
        put("roles", 1, "key", value="agent"),
        [
            "$.roles[1].key: chiave 'agent' duplicata (compare già all'indice 0)",
            "$.levels[1].role: ruolo 'lead' sconosciuto; chiavi di ruolo note: "
            "agent, boss",
        ],
    ),
    "ranks out of order": (
        put("levels", 1, "rank", value=3),
        [
            "$.levels[1].rank: deve essere 2: i livelli sono elencati in ordine "
            "di rango, da 1 a 3 senza salti; valore trovato: 3"
        ],
    ),
    "missing cell": (
        drop_cell,
        [
            "$.issue_types[0].responsibilities.L2: manca il testo del tipo di "
            "segnalazione 'outage' per il livello 'L2'"
        ],
    ),
    "unknown entry level": (
        put("issue_types", 1, "entry_level", value="L7"),
        [
            "$.issue_types[1].entry_level: livello 'L7' sconosciuto; chiavi di "
            "livello note: L1, L2, L3"
        ],
    ),
    "delays since opening": (
        since_opened,
        [
            "$.levels[1].delay: deve durare più di $.levels[0].delay ('30m') "
            "perché delay_mode è 'since_opened'; valore trovato: '20m'",
            "$.policy.first_wait.delay: deve durare meno di $.levels[0].delay "
            "('30m') perché delay_mode è 'since_opened'; valore trovato: '45m'",
        ],
    ),
    "business time mixed": (
        mixed_time,
        [
            "$.levels[1].business_time: deve essere uguale a $.levels[0].business_time "
            "(false): con delay_mode 'since_opened' tutti i ritardi si contano "
            "dall'apertura con lo stesso tipo di tempo (tutti in orario lavorativo o "
            "tutti in tempo reale); valore trovato: true",
            "$.levels[1].business_time: conta solo l'orario lavorativo, ma la policy "
            "non ha un calendario lavorativo",
        ],
    ),
    "rule references": (
        bad_rule,
        [
            "$.policy.rules[0].when.all[0].value: gravità 'sev9' sconosciuta; "
            "chiavi di gravità note: sev1",
            "$.policy.rules[0].when.all[1].value[1]: tipo di segnalazione 'fire' "
            "sconosciuto; chiavi note dei tipi di segnalazione: outage, billing",
            "$.policy.rules[0].when.all[2].field: il campo impact richiede la "
            "tabella delle priorità della policy, che manca",
            "$.policy.rules[0].max_level: contraddice entry_level: 'L2' è un livello inferiore a 'L3'",
            "$.policy.rules[0].skip_levels: contraddice entry_level: 'L3' è il "
            "livello di ingresso, quindi non può essere saltato",
            "$.policy.rules[0].skip_levels[1]: livello 'L8' sconosciuto; chiavi "
            "di livello note: L1, L2, L3",
        ],
    ),
    "priority references": (
        bad_priority_rule,
        [
            "$.policy.repeat.from_level: livello 'L7' sconosciuto; chiavi di "
            "livello note: L1, L2, L3",
            "$.policy.rules[0].when.any[0].value: impatto 'huge' sconosciuto; "
            "chiavi di impatto note: high",
            "$.policy.rules[0].when.any[1].not.value: urgenza 'later' "
            "sconosciuta; chiavi di urgenza note: now",
        ],
    ),
    "no priority table": (
        no_urgency_table,
        [
            "$.policy.rules[0].when.field: il campo urgency richiede la tabella "
            "delle priorità della policy, che manca"
        ],
    ),
}


@pytest.mark.parametrize("case", list(FILES))
def test_file_problems_in_italian(case: str) -> None:
    """A matrix file's problems are said in Italian, as reviewed."""
    edit, expected = FILES[case]
    assert said(edited(edit)) == expected


def contact(**fields: Any) -> Callable[[], object]:
    """Return a call making a contact named Ada with *fields*."""
    return lambda: Contact(fields.pop("name", "Ada"), **fields)


def builder() -> MatrixBuilder:
    """Return a builder drafting from the small matrix."""
    return MatrixBuilder.from_matrix(small_matrix())


CONSTRUCTORS: dict[str, tuple[Callable[[], object], list[str]]] = {
    "not a string": (
        lambda: Role("agent", 42),  # type: ignore[arg-type]
        ["$.title: deve essere una stringa; valore trovato: 42"],
    ),
    "key not a string": (
        lambda: Role(5, "Agent"),  # type: ignore[arg-type]
        ["$.key: deve essere una stringa; valore trovato: 5"],
    ),
    "rank below one": (
        lambda: Level("L1", 0, "agent", "First"),
        ["$.rank: deve essere >= 1; valore trovato: 0"],
    ),
    "rank not an integer": (
        lambda: Level("L1", "x", "agent", "First"),  # type: ignore[arg-type]
        ["$.rank: deve essere un numero intero; valore trovato: 'x'"],
    ),
    "fraction of a second": (
        lambda: Level("L1", 1, "agent", "First", delay=timedelta(seconds=1.5)),
        ["$.delay: deve essere un numero intero di secondi; valore trovato: '1.5s'"],
    ),
    "delay of no kind": (
        lambda: Level("L1", 1, "agent", "First", delay=5),
        [
            "$.delay: deve essere una durata come '4h' o 'PT4H' (o un "
            "timedelta); valore trovato: 5"
        ],
    ),
    "delay an object": (
        lambda: Level("L1", 1, "agent", "First", delay=object()),
        [
            "$.delay: deve essere una durata come '4h' o 'PT4H' (o un "
            "timedelta); valore trovato: un oggetto"
        ],
    ),
    "not a boolean": (
        lambda: Level("L1", 1, "agent", "First", business_time="yes"),  # type: ignore[arg-type]
        ["$.business_time: deve essere true o false; valore trovato: 'yes'"],
    ),
    "not a choice": (
        lambda: Level("L1", 1, "agent", "First", escalate_while="never"),  # type: ignore[arg-type]
        [
            "$.escalate_while: deve essere uno dei valori 'unacknowledged', "
            "'unresolved'; valore trovato: 'never'"
        ],
    ),
    "texts not a mapping": (
        lambda: IssueType("outage", "Outage", "x"),  # type: ignore[arg-type]
        [
            "$.responsibilities: deve essere un oggetto che associa chiavi di "
            "livello a testi; valore trovato: 'x'"
        ],
    ),
    "no levels": (
        lambda: Matrix("m", "M", levels=[], roles=[]),
        ["$.levels: deve contenere almeno un livello"],
    ),
    "no roles": (
        lambda: Matrix("m", "M", levels=[Level("L1", 1, "agent", "First")], roles=[]),
        ["$.levels[0].role: ruolo 'agent' sconosciuto; chiavi di ruolo note: nessuna"],
    ),
    "parts of the wrong class": (
        lambda: Matrix(
            "m",
            "M",
            levels="x",  # type: ignore[arg-type]
            roles=["agent"],  # type: ignore[list-item]
            issue_types=[Role("a", "A")],  # type: ignore[list-item]
            policy=3,  # type: ignore[arg-type]
        ),
        [
            "$.levels: deve essere un elenco di oggetti Level; valore trovato: 'x'",
            "$.roles[0]: deve essere un oggetto Role; valore trovato: 'agent'",
            "$.issue_types[0]: deve essere un oggetto IssueType; valore trovato: "
            "un oggetto Role ('a')",
            "$.policy: deve essere un oggetto Policy; valore trovato: 3",
        ],
    ),
    "e-mail": (
        contact(email="ada at example"),
        [
            "$.email: deve essere un indirizzo e-mail come 'ada@example.com'; "
            "valore trovato: 'ada at example'"
        ],
    ),
    "phone": (
        contact(phone="call me"),
        [
            "$.phone: deve essere un numero di telefono (cifre, spazi e "
            "+()./-) come '+39 06 1234 5678'; valore trovato: 'call me'"
        ],
    ),
    "on call of a person": (
        contact(select="next_on_call"),
        [
            "$.select: 'next_on_call' vale solo per i calendari di reperibilità; "
            "questo contatto è una persona"
        ],
    ),
    "on call of a team": (
        contact(kind="team", select="next_on_call"),
        [
            "$.select: 'next_on_call' vale solo per i calendari di reperibilità; "
            "questo contatto è un team"
        ],
    ),
    "on call of a user group": (
        contact(kind="user_group", select="previous_on_call"),
        [
            "$.select: 'previous_on_call' vale solo per i calendari di reperibilità; "
            "questo contatto è un gruppo di utenti"
        ],
    ),
    "members of a person": (
        contact(select="admins"),
        [
            "$.select: 'admins' vale solo per i team e i gruppi di utenti; questo "
            "contatto è una persona"
        ],
    ),
    "members of a schedule": (
        contact(kind="schedule", select="all_members"),
        [
            "$.select: 'all_members' vale solo per i team e i gruppi di utenti; questo "
            "contatto è un calendario di reperibilità"
        ],
    ),
    "ids not a mapping": (
        contact(ids=["P1"]),
        [
            "$.ids: deve essere un oggetto che associa nomi di strumento a id; "
            'valore trovato: ["P1"]'
        ],
    ),
    "ids a set": (
        contact(ids={"P1"}),
        [
            "$.ids: deve essere un oggetto che associa nomi di strumento a id; "
            "valore trovato: un insieme"
        ],
    ),
    "contacts not a list": (
        lambda: Role("agent", "Agent", contacts="Ada"),  # type: ignore[arg-type]
        ["$.contacts: deve essere un elenco di oggetti Contact; valore trovato: 'Ada'"],
    ),
    "contact not a Contact": (
        lambda: Role("agent", "Agent", contacts=["Ada"]),  # type: ignore[list-item]
        ["$.contacts[0]: deve essere un oggetto Contact; valore trovato: 'Ada'"],
    ),
}


@pytest.mark.parametrize("case", list(CONSTRUCTORS))
def test_constructor_problems_in_italian(case: str) -> None:
    """A part built in code is refused in Italian, as reviewed."""
    call, expected = CONSTRUCTORS[case]
    assert said(call) == expected


BUILDER: dict[str, tuple[Callable[[], object], list[str]]] = {
    "rank out of range": (
        lambda: builder().add_level("new", role="lead", name="New", rank=9),
        [
            "$.levels[3].rank: deve essere compreso tra 1 e 4 (il numero attuale "
            "di livelli più uno); valore trovato: 9"
        ],
    ),
    "cells not a mapping": (
        lambda: builder().add_level(
            "new",
            role="lead",
            name="New",
            responsibilities="x",  # type: ignore[arg-type]
        ),
        [
            "$.responsibilities: deve essere un oggetto che associa chiavi di "
            "tipo di segnalazione a testi; valore trovato: 'x'"
        ],
    ),
    "not a text context": (
        lambda: builder().set_text("bogus", "x"),
        [
            "$: deve essere un contesto di testo come 'matrix:title', "
            "'role:<key>:title' o 'cell:<issue type>:<level>'; valore trovato: "
            "'bogus'"
        ],
    ),
    "not a text of its kind": (
        lambda: builder().set_text("level:L1:title", "x"),
        [
            "$: i testi di tipo 'level' sono name, description; valore trovato: "
            "'level:L1:title'"
        ],
    ),
    "fields changed elsewhere": (
        lambda: builder().update_level("L1", key="L9", rank=2, colour="red"),
        [
            "$.levels[0].key: non si può cambiare qui: per rinominare usare "
            "rename_level()",
            "$.levels[0].rank: non si può cambiare qui: il rango dei livelli "
            "segue il loro ordine; rimuovere il livello e aggiungerlo di nuovo",
            "$.levels[0].colour: campo sconosciuto; campi previsti: role, name, "
            "description, delay, business_time, escalate_while, assignment",
        ],
    ),
    "unknown policy field": (
        lambda: builder().update_policy(colour="red"),
        [
            "$.policy.colour: campo sconosciuto; campi previsti: delay_mode, "
            "severities, default_severity, priority, calendar, rules, "
            "first_wait, repeat, at_end"
        ],
    ),
    "messages not a mapping": (
        lambda: builder().add_role("cto", "CTO", messages="x"),  # type: ignore[arg-type]
        [
            "$: deve essere un oggetto che associa a ogni lingua le traduzioni "
            "per contesto, come {'it': {'role:cto:title': '...'}}; valore "
            "trovato: 'x'"
        ],
    ),
    "bad locales": (
        lambda: builder().add_role(
            "cto",
            "CTO",
            messages={"it": 3, "../x": {}},  # type: ignore[dict-item]
        ),
        [
            "$['it']: deve associare a ogni lingua (str) un oggetto di testi per "
            "contesto; valore trovato: 3",
            "$['../x']: deve essere una lingua come 'it', 'it_CH' o 'it-CH'; "
            "valore trovato: '../x'",
        ],
    ),
    "contexts of other texts": (
        lambda: builder().add_role(
            "cto",
            "CTO {x}",
            messages={
                "it": {
                    "role:ceo:title": "x",
                    "role:cto:name": "x",
                    "role:cto:title": "D",
                }
            },
        ),
        [
            "$['it']['role:ceo:title']: deve essere il contesto di un testo del "
            "ruolo 'cto'; valore trovato: 'role:ceo:title'",
            "$['it']['role:cto:name']: i testi di tipo 'role' sono title, description, "
            "come role:cto:title; valore trovato: 'role:cto:name'",
            "$['it']['role:cto:title']: i segnaposto non corrispondono: nell'originale "
            "{x}, nella traduzione nessuno",
        ],
    ),
    "placeholders": (
        lambda: builder().add_role(
            "cto", "CTO", messages={"it": {"role:cto:title": "D {y}"}}
        ),
        [
            "$['it']['role:cto:title']: i segnaposto non corrispondono: nell'originale "
            "nessuno, nella traduzione {y}"
        ],
    ),
    "placeholders differ": (
        lambda: builder().add_role(
            "cio", "CIO {x}", messages={"it": {"role:cio:title": "D {y}"}}
        ),
        [
            "$['it']['role:cio:title']: i segnaposto non corrispondono: nell'originale "
            "{x}, nella traduzione {y}"
        ],
    ),
    "lone brace": (
        lambda: builder().add_role(
            "cto", "CTO", messages={"it": {"role:cto:description": "D {"}}
        ),
        [
            "$['it']['role:cto:description']: deve essere una stringa di formato come "
            "il testo originale: contiene una parentesi graffa spaiata ('{' o '}')"
        ],
    ),
    "context of another level": (
        lambda: builder().add_level(
            "L4", role="boss", name="Top", messages={"it": {"level:L1:name": "x"}}
        ),
        [
            "$['it']['level:L1:name']: deve essere il contesto di un testo del "
            "livello 'L4'; valore trovato: 'level:L1:name'"
        ],
    ),
    "context of another issue type": (
        lambda: builder().add_issue_type(
            "fire",
            "Fire",
            {"L1": "a", "L2": "b", "L3": "c"},
            messages={"it": {"issue_type:x:name": "x"}},
        ),
        [
            "$['it']['issue_type:x:name']: deve essere il contesto di un testo "
            "del tipo di segnalazione 'fire'; valore trovato: 'issue_type:x:name'"
        ],
    ),
}


@pytest.mark.parametrize("case", list(BUILDER))
def test_builder_problems_in_italian(case: str) -> None:
    """A builder's refusals are said in Italian, as reviewed."""
    call, expected = BUILDER[case]
    assert said(call) == expected


UNKNOWN: list[tuple[UnknownKind, str, str]] = [
    (
        "role",
        "ruolo 'x' sconosciuto; chiavi di ruolo note: a, b",
        "ruolo 'x' sconosciuto; chiavi di ruolo note: nessuna",
    ),
    (
        "level",
        "livello 'x' sconosciuto; chiavi di livello note: a, b",
        "livello 'x' sconosciuto; chiavi di livello note: nessuna",
    ),
    (
        "issue type",
        "tipo di segnalazione 'x' sconosciuto; chiavi note dei tipi di "
        "segnalazione: a, b",
        "tipo di segnalazione 'x' sconosciuto; chiavi note dei tipi di segnalazione: "
        "nessuna",
    ),
    (
        "severity",
        "gravità 'x' sconosciuta; chiavi di gravità note: a, b",
        "gravità 'x' sconosciuta; chiavi di gravità note: nessuna",
    ),
    (
        "impact",
        "impatto 'x' sconosciuto; chiavi di impatto note: a, b",
        "impatto 'x' sconosciuto; chiavi di impatto note: nessuna",
    ),
    (
        "urgency",
        "urgenza 'x' sconosciuta; chiavi di urgenza note: a, b",
        "urgenza 'x' sconosciuta; chiavi di urgenza note: nessuna",
    ),
]


@pytest.mark.parametrize(("kind", "some", "none"), UNKNOWN)
def test_unknown_keys_agree_in_gender(kind: UnknownKind, some: str, none: str) -> None:
    """Each kind of unknown key has its own sentence, its words agreeing."""
    assert unknown_message(kind, "x", ["a", None, "b", "a"]).said(IT) == some
    assert unknown_message(kind, "x", []).said(IT) == none
    english = f"unknown {kind} 'x'; known {kind} keys: "
    assert str(unknown_message(kind, "x", ["a", "b"])) == english + "a, b"
    assert str(unknown_message(kind, "x", [])) == english + "none"


@pytest.mark.parametrize(
    ("value", "none", "italian"),
    [
        (float("nan"), True, "deve essere un numero finito; valore trovato: NaN"),
        (
            [1],
            True,
            "deve essere una stringa, un numero, un booleano o null; valore "
            "trovato: [1]",
        ),
        (
            None,
            False,
            "deve essere una stringa, un numero o un booleano; valore trovato: null",
        ),
        (
            "\ud800",
            True,
            "deve essere un testo Unicode senza surrogati isolati; trovato U+D800 "
            "in posizione 0",
        ),
    ],
)
def test_scalars_in_italian(value: object, italian: str, *, none: bool) -> None:
    """What a scalar (an attribute, a compared value) must be, in Italian."""
    problem = scalar_problem(value, none=none)
    assert problem is not None
    assert problem.said(IT) == italian


class Thing:
    """A class of no file format, with a key."""

    key = "k1"


KINDS: list[tuple[object, bool, str, str]] = [
    (date(2026, 12, 25), True, "a date (2026-12-25)", "una data (2026-12-25)"),
    (time(9, 30), True, "a time (09:30:00)", "un orario (09:30:00)"),
    (
        datetime(2026, 1, 1, tzinfo=UTC),
        True,
        "a date and time (2026-01-01T00:00:00+00:00)",
        "una data e ora (2026-01-01T00:00:00+00:00)",
    ),
    (timedelta(hours=1), True, "a duration (1h)", "una durata (1h)"),
    (Decimal("1.5"), False, "a decimal number (1.5)", "un numero decimale (1.5)"),
    (b"x", False, "bytes (not a text)", "dei byte (non un testo)"),
    (frozenset(), False, "a set", "un insieme"),
    (1j, False, "a complex number", "un numero complesso"),
    (object(), False, "an object", "un oggetto"),
    (int, False, "a class", "una classe"),
    (len, False, "a function", "una funzione"),
    (Thing(), False, "a Thing ('k1')", "un oggetto Thing ('k1')"),
    (
        IssueType("o", "O", {}),
        False,
        "an IssueType ('o')",
        "un oggetto IssueType ('o')",
    ),
]


@pytest.mark.parametrize(("value", "read", "english", "italian"), KINDS)
def test_kinds_said_in_the_message_language(
    value: object, english: str, italian: str, *, read: bool
) -> None:
    """A value named by its kind is said in Italian, in English as shown() writes it."""
    phrase = shown_phrase(value, read=read)
    assert isinstance(phrase, Phrase)
    assert (str(phrase), phrase.said(IT)) == (english, italian)
    assert shown(value, read=read) == english


@pytest.mark.parametrize(
    "value", ["x", None, True, 4, 1.5, ["a"], {"a": 1}, date(2026, 1, 1)]
)
def test_literals_stay_texts(value: object) -> None:
    """A value written as a literal is the same text in every language."""
    assert shown_phrase(value) == shown(value)


BAD_FILE = {
    "schema_version": 1,
    "key": "Bad Key",
    "title": "Bad\x1b[2J",
    "roles": [{"key": "agent", "title": "Agent"}, {"key": "agent", "title": "Again"}],
    "levels": [
        {"key": "L1", "rank": 1, "role": "agent", "name": "First", "delay": "0m"},
        {"key": "L2", "rank": 3, "role": "lead", "name": "Second", "delay": "1 hour"},
    ],
    "issue_types": [
        {
            "key": "outage",
            "name": "Outage",
            "responsibilities": {"L1": "Restart.", "L9": "x"},
        }
    ],
}
BAD_FILE_ITALIAN = [
    "$.key: deve essere una chiave ASCII in snake_case minuscolo, lunga al "
    "massimo 64 caratteri; valore trovato: 'Bad Key'",
    "$.title: non deve contenere il carattere di controllo U+001B; valore "
    "trovato: 'Bad\\x1b[2J'",
    "$.roles[1].key: chiave 'agent' duplicata (compare già all'indice 0)",
    "$.levels[0].delay: deve essere maggiore di zero; valore trovato: '0m'",
    "$.levels[1].rank: deve essere 2: i livelli sono elencati in ordine di "
    "rango, da 1 a 2 senza salti; valore trovato: 3",
    "$.levels[1].role: ruolo 'lead' sconosciuto; chiavi di ruolo note: agent",
    "$.levels[1].delay: deve essere una durata come '30m', '1h 30m', '1d12h' o "
    "'PT1H30M'; valore trovato: '1 hour'",
    "$.issue_types[0].responsibilities.L9: livello 'L9' sconosciuto; chiavi di "
    "livello note: L1, L2",
    "$.issue_types[0].responsibilities.L2: manca il testo del tipo di segnalazione "
    "'outage' per il livello 'L2'",
]


def test_loaded_file_in_italian() -> None:
    """A bad JSON file's problems, read by loads(), are all said in Italian."""
    text = json.dumps(BAD_FILE)
    assert said(lambda: em.loads(text, "json")) == BAD_FILE_ITALIAN


def test_kinds_read_from_toml_in_italian() -> None:
    """A TOML date or time where a text or duration belongs is named in Italian."""
    text = em.dumps(small_matrix(), "toml")
    text = text.replace('title = "Small matrix"', "title = 2026-01-01T00:00:00Z")
    text = text.replace('delay = "30m"', "delay = 01:30:00")
    title, delay = said(lambda: em.loads(text, "toml"))
    assert title == (
        "$.title: deve essere una stringa; valore trovato: una data e ora "
        "(2026-01-01T00:00:00+00:00)"
    )
    # The delay's own sentence is the file reader's; the value is named here.
    assert delay.endswith("; valore trovato: un orario (01:30:00)")


def test_command_line_in_italian(tmp_path: Path) -> None:
    """`validate` under LANG=it_IT prints every problem of the file in Italian."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD_FILE), encoding="utf-8")
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    }
    done = subprocess.run(
        [sys.executable, "-m", "escalation_matrix", "validate", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**environment, "LANG": "it_IT.UTF-8", "TZ": "UTC"},
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{path}: {line}" for line in BAD_FILE_ITALIAN]
