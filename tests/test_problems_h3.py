"""Problems of files, payloads and tools' payloads, said in Italian.

Each family of problem that reading a file, a decision or plan payload, or
another tool's payload reports is driven through the public API; every
problem carries its phrase, and a representative of each family reads as
reviewed Italian.
"""

from __future__ import annotations

import copy
import enum
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

import escalation_matrix as em
from escalation_matrix import Issue, IssueType, default_matrix
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix.calendar import BusinessCalendar
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import Problem, ValidationError
from escalation_matrix.interop import (
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    from_priority_matrix,
    to_opsgenie,
    to_pagerduty,
)
from escalation_matrix.rules import AllOf
from escalation_matrix.schema import Limits

OPENED = datetime(2026, 1, 1, 9, tzinfo=UTC)
NOW = datetime(2026, 1, 1, 10, tzinfo=UTC)


def problems_of(call: Callable[[], object]) -> tuple[Problem, ...]:
    """Return the problems of the ValidationError that *call* raises."""
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.problems


def italian(problem: Problem) -> str:
    """Return *problem* as Italian output prints it."""
    return f"{problem.path}: {problem.said(translator('it').gettext)}"


def matrix_json(**changes: object) -> str:
    """The built-in matrix as JSON, with top-level fields changed."""
    return json.dumps({**em.to_dict(default_matrix()), **changes})


MATRIX_TOML = em.dumps(default_matrix(), "toml")
MATRIX_YAML = em.dumps(default_matrix(), "yaml")
CALENDAR = {
    "timezone": "Europe/Rome",
    "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
}


def _calendar(data: dict[str, Any]) -> object:
    return em.from_dict(data, BusinessCalendar)


def _with_policy(policy: dict[str, Any]) -> Callable[[], object]:
    data = em.to_dict(default_matrix())
    data["policy"] = policy
    return lambda: em.from_dict(data)


def _decision() -> dict[str, Any]:
    issue = Issue("performance_hiccups", OPENED)
    data: dict[str, Any] = em.to_dict(em.route(default_matrix(), issue, now=NOW))
    return data


def _plan() -> dict[str, Any]:
    issue = Issue("performance_hiccups", OPENED)
    data: dict[str, Any] = em.to_dict(em.plan(default_matrix(), issue))
    return data


def _changed(
    data: dict[str, Any], change: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    change(changed)
    return changed


def _decision_with(change: Callable[[dict[str, Any]], None]) -> Callable[[], object]:
    data = _changed(_decision(), change)
    return lambda: em.from_dict(data, em.Decision)


def _plan_with(change: Callable[[dict[str, Any]], None]) -> Callable[[], object]:
    data = _changed(_plan(), change)
    return lambda: em.from_dict(data, em.Plan)


def _set(
    path: tuple[str | int, ...], value: object
) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


#: A rule of a PagerDuty escalation policy that reads.
RULE = {"escalation_delay_in_minutes": 5, "targets": [{"id": "U", "type": "user"}]}
#: A rule of an Opsgenie escalation that reads.
OG_RULE = {"delay": 1, "recipient": {"type": "user", "id": "u"}}


def _opsgenie_rule(**changes: object) -> Callable[[], object]:
    return lambda: from_opsgenie(
        {"data": [{"id": "E", "rules": [{**OG_RULE, **changes}]}]}
    )


def _pagerduty_rule(**changes: object) -> Callable[[], object]:
    return lambda: from_pagerduty({"escalation_rules": [{**RULE, **changes}]})


@attrs.frozen(repr=False)
class OwnedIssueType(IssueType):
    """An issue type with an owner and numbered tags: a user's subclass."""

    owner: str = attrs.field(kw_only=True)
    weights: dict[str, int] = attrs.field(factory=dict, kw_only=True)


def _owned(**extra: object) -> Callable[[], object]:
    data = {**em.to_dict(default_matrix().issue_types[0]), **extra}
    return lambda: em.from_dict(data, OwnedIssueType)


# (id, what raises, the path of the representative problem, its Italian)
CASES: list[tuple[str, Callable[[], object], str]] = [
    # Files: syntax, encoding, repeated keys.
    (
        "json syntax",
        lambda: em.loads('{"title": ', "json"),
        "$: JSON non valido alla riga 1, colonna 11: qui è atteso un valore",
    ),
    (
        "json key twice",
        lambda: em.loads('{"title": "a", "title": "b"}', "json"),
        "$.title: chiave ripetuta nello stesso oggetto; è ammesso un solo valore",
    ),
    (
        "not utf-8",
        lambda: em.loads(b'{"title": "\xff"}', "json"),
        "$: non è UTF-8 valido: byte 0xff alla posizione 11",
    ),
    (
        "toml syntax",
        lambda: em.loads("title = \n", "toml"),
        "$: TOML non valido alla riga 1, colonna 9: qui è atteso un valore",
    ),
    (
        "toml key twice",
        lambda: em.loads('title = "a"\ntitle = "b"\n', "toml"),
        "$: TOML non valido alla riga 2, colonna 12: chiave o tabella indicata una "
        "seconda volta",
    ),
    (
        "yaml key twice",
        lambda: em.loads(
            MATRIX_YAML.replace("title: Example", "title: A\ntitle: Example", 1), "yaml"
        ),
        "$: YAML non valido: la chiave 'title' compare una seconda volta nello "
        "stesso oggetto (riga 4, colonna 1)",
    ),
    (
        "yaml alias holding itself",
        lambda: em.loads("a: &x [*x]\n", "yaml"),
        "$: YAML non valido: l'alias *x ripete un valore che lo contiene "
        "(riga 1, colonna 8)",
    ),
    # Versions.
    (
        "newer schema version",
        lambda: em.loads(
            MATRIX_TOML.replace("schema_version = 1", "schema_version = 99"), "toml"
        ),
        "$.schema_version: la versione 99 è di una release più recente; questa release "
        "legge solo le versioni da 1 a 1: aggiornare escalation_matrix",
    ),
    (
        "schema version zero",
        lambda: em.loads(
            MATRIX_TOML.replace("schema_version = 1", "schema_version = 0"), "toml"
        ),
        "$.schema_version: deve essere compreso tra 1 e 1; valore trovato: 0",
    ),
    (
        "overlay schema version",
        lambda: em.loads('{"schema_version": 7, "overlay": "o"}', "json", em.Overlay),
        "$.schema_version: deve essere compreso tra 1 e 1 (le versioni che "
        "questa release sa leggere); valore trovato: 7",
    ),
    (
        "overlay read as a matrix",
        lambda: em.loads('{"schema_version": 1, "overlay": "o"}', "json"),
        "$.overlay: questo è un overlay, non una matrice: leggerlo con "
        "load(path, Overlay) e applicarlo alla sua matrice di base con "
        "apply_overlay()",
    ),
    # Limits.
    (
        "depth",
        lambda: em.loads(
            '{"a": {"b": {"c": {"d": 1}}}}', "json", limits=Limits(max_depth=3)
        ),
        "$.a.b.c: annidamento troppo profondo; il limite è 3 (max_depth in Limits)",
    ),
    (
        "yaml depth",
        lambda: em.loads(
            "a:\n  b:\n    c:\n      d: 1\n", "yaml", limits=Limits(max_depth=3)
        ),
        "$: annidamento troppo profondo (riga 4); il limite è 3 (max_depth in Limits)",
    ),
    (
        "yaml aliases",
        lambda: em.loads(
            "a: &a [1, 1, 1, 1]\nb: [*a, *a, *a, *a]\n",
            "yaml",
            limits=Limits(max_yaml_nodes=10),
        ),
        "$: troppi valori, contando gli alias espansi (riga 2); il limite è 10 "
        "(max_yaml_nodes in Limits)",
    ),
    (
        "text size",
        lambda: em.loads("{}" * 6, "json", limits=Limits(max_file_size=10)),
        "$: un testo di 12 caratteri; il limite è 10 (max_file_size in Limits)",
    ),
    (
        "bytes size",
        lambda: em.loads(b"{}" * 6, "json", limits=Limits(max_file_size=10)),
        "$: un testo di 12 byte; il limite è 10 (max_file_size in Limits)",
    ),
    (
        "integer digits",
        lambda: em.loads(
            '{"schema_version": ' + "9" * 12 + "}",
            "json",
            limits=Limits(max_int_digits=5),
        ),
        "$.schema_version: un numero intero di 12 cifre; il limite è 5 "
        "(max_int_digits in Limits)",
    ),
    (
        "toml integer digits",
        lambda: em.loads("a = " + "9" * 5000 + "\n", "toml"),
        "$: un numero intero di migliaia di cifre; il limite è 100 "
        "(max_int_digits in Limits)",
    ),
    (
        "large integer from code",
        lambda: em.from_dict({"schema_version": 10**200}),
        "$.schema_version: un numero intero troppo grande; il limite è 100 "
        "(max_int_digits in Limits)",
    ),
    # Fields of the matrix format.
    (
        "unknown field and wrong type",
        lambda: em.loads(matrix_json(colour="red"), "json"),
        "$.colour: campo sconosciuto; campi previsti: schema_version, key, "
        "title, description, language, policy, roles, levels, issue_types",
    ),
    (
        "missing field",
        lambda: em.from_dict(
            {"schema_version": 1, "title": "t", "roles": [], "levels": []}
        ),
        "$.key: campo obbligatorio mancante",
    ),
    (
        "not a list",
        lambda: em.from_dict({**em.to_dict(default_matrix()), "roles": "x"}),
        "$.roles: deve essere un elenco; valore trovato: 'x'",
    ),
    (
        "not a table",
        lambda: em.from_dict({**em.to_dict(default_matrix()), "policy": 3}),
        "$.policy: deve essere un oggetto (una tabella); valore trovato: 3",
    ),
    (
        "delay as a YAML number",
        lambda: em.loads(MATRIX_YAML.replace("delay: 4h", "delay: 1:30", 1), "yaml"),
        "$.levels[0].delay: deve essere una durata scritta come stringa, ad "
        "esempio '30m', '1h 30m', '1d12h' o 'PT1H30M'; valore trovato: 90; nei "
        "file YAML le durate vanno scritte tra virgolette",
    ),
    (
        "delay not a text",
        lambda: em.loads(
            MATRIX_TOML.replace('delay = "4h"', "delay = true", 1), "toml"
        ),
        "$.levels[0].delay: deve essere una durata scritta come stringa, ad "
        "esempio '30m', '1h 30m', '1d12h' o 'PT1H30M'; valore trovato: true",
    ),
    (
        "condition not an object",
        _with_policy({"rules": [{"name": "r", "when": 3, "max_level": "L2"}]}),
        "$.policy.rules[0].when: deve essere una condizione (un oggetto); valore trovato: 3",
    ),
    (
        "condition without fields",
        _with_policy({"rules": [{"name": "r", "when": {}, "max_level": "L2"}]}),
        "$.policy.rules[0].when: deve avere field/op/value oppure esattamente "
        "uno tra all, any, not e during; nessun campo trovato",
    ),
    (
        "condition with two kinds",
        _with_policy(
            {
                "rules": [
                    {"name": "r", "when": {"all": [], "any": []}, "max_level": "L2"}
                ]
            }
        ),
        "$.policy.rules[0].when: deve avere field/op/value oppure esattamente "
        "uno tra all, any, not e during; campi trovati: all, any",
    ),
    (
        "empty group",
        _with_policy(
            {"rules": [{"name": "r", "when": {"all": []}, "max_level": "L2"}]}
        ),
        "$.policy.rules[0].when.all: non deve essere vuoto",
    ),
    (
        "condition value",
        _with_policy(
            {
                "rules": [
                    {
                        "name": "r",
                        "when": {"field": "a", "op": "eq", "value": {}},
                        "max_level": "L2",
                    }
                ]
            }
        ),
        "$.policy.rules[0].when.value: deve essere una stringa, un numero, un "
        "booleano o null; valore trovato: {}",
    ),
    # Business calendars.
    (
        "weekday",
        lambda: _calendar(
            {**CALENDAR, "hours": [{"days": ["lun"], "start": "09:00", "end": "17:00"}]}
        ),
        "$.hours[0].days[0]: deve essere un giorno della settimana (mon, tue, "
        "wed, thu, fri, sat, sun); valore trovato: 'lun'",
    ),
    (
        "start as a YAML number",
        lambda: _calendar(
            {**CALENDAR, "hours": [{"days": ["mon"], "start": 540, "end": "17:00"}]}
        ),
        "$.hours[0].start: deve essere un orario 'HH:MM' o 'HH:MM:SS'; valore "
        "trovato: 540; nei file YAML gli orari vanno scritti tra virgolette",
    ),
    (
        "start",
        lambda: _calendar(
            {**CALENDAR, "hours": [{"days": ["mon"], "start": "9am", "end": "17:00"}]}
        ),
        "$.hours[0].start: deve essere un orario 'HH:MM' o 'HH:MM:SS'; valore trovato: '9am'",
    ),
    (
        "end as a YAML number",
        lambda: _calendar(
            {**CALENDAR, "hours": [{"days": ["mon"], "start": "09:00", "end": 1020}]}
        ),
        "$.hours[0].end: deve essere un orario 'HH:MM' o 'HH:MM:SS', oppure "
        "'24:00' per la mezzanotte; valore trovato: 1020; nei file YAML gli "
        "orari vanno scritti tra virgolette",
    ),
    (
        "end",
        lambda: _calendar(
            {**CALENDAR, "hours": [{"days": ["mon"], "start": "09:00", "end": "25:00"}]}
        ),
        "$.hours[0].end: deve essere un orario 'HH:MM' o 'HH:MM:SS', oppure "
        "'24:00' per la mezzanotte; valore trovato: '25:00'",
    ),
    (
        "holiday",
        lambda: _calendar({**CALENDAR, "holidays": ["25/12"]}),
        "$.holidays[0]: deve essere una data 'YYYY-MM-DD'; valore trovato: '25/12'",
    ),
    (
        "holiday that does not exist",
        lambda: _calendar({**CALENDAR, "holidays": ["2026-02-30"]}),
        "$.holidays[0]: deve essere una data esistente; valore trovato: "
        "'2026-02-30' (il mese 2 del 2026 ha 28 giorni)",
    ),
    # Overlays.
    (
        "overlay kind of part",
        lambda: em.from_dict(
            {"schema_version": 1, "overlay": "o", "changes": {"teams": {}}}, em.Overlay
        ),
        "$.changes.teams: tipo di parte sconosciuto; tipi previsti: roles, levels, issue_types",
    ),
    (
        "overlay removal kind",
        lambda: em.from_dict(
            {"schema_version": 1, "overlay": "o", "remove": {"teams": ["a"]}},
            em.Overlay,
        ),
        "$.remove.teams: tipo di parte sconosciuto; tipi previsti: roles, "
        "levels, issue_types",
    ),
    (
        "overlay removals",
        lambda: em.from_dict(
            {"schema_version": 1, "overlay": "o", "remove": 3}, em.Overlay
        ),
        "$.remove: deve essere un oggetto (una tabella); valore trovato: 3",
    ),
    # Issues, decisions and plans.
    (
        "moment",
        _decision_with(_set(("at",), "yesterday")),
        "$.at: deve essere una data e ora ISO 8601 con la differenza da UTC; valore "
        "trovato: 'yesterday'",
    ),
    (
        "moment not a text",
        _decision_with(_set(("at",), 5)),
        "$.at: deve essere una stringa con data e ora; valore trovato: 5",
    ),
    (
        "moment without offset",
        _decision_with(_set(("issue", "opened_at"), "2026-01-01T09:00:00")),
        "$.issue.opened_at: deve indicare la differenza da UTC, come +00:00 o Z; "
        "valore trovato: '2026-01-01T09:00:00'",
    ),
    (
        "moment out of range",
        _decision_with(_set(("since",), "0001-01-01T00:00:00+01:00")),
        "$.since: deve cadere tra l'anno 1 e l'anno 9999 in UTC; valore "
        "trovato: '0001-01-01T00:00:00+01:00'",
    ),
    (
        "offset of a zone",
        _decision_with(_set(("since",), "2026-01-01T09:00:00+05:00[Europe/Rome]")),
        "$.since: la differenza da UTC di 2026-01-01T09:00:00+05:00 non è quella di "
        "Europe/Rome in quel momento (2026-01-01T05:00:00+01:00)",
    ),
    (
        "issue attributes",
        _decision_with(_set(("issue", "attributes"), {"a": [1]})),
        "$.issue.attributes.a: deve essere una stringa, un numero, un booleano "
        "o null; valore trovato: [1]",
    ),
    (
        "issue attributes not an object",
        _decision_with(_set(("issue", "attributes"), [1])),
        "$.issue.attributes: deve essere un oggetto; valore trovato: [1]",
    ),
    (
        "round",
        _decision_with(_set(("cycle",), 0)),
        "$.cycle: deve essere almeno 1; valore trovato: 0",
    ),
    (
        "level of a decision",
        _decision_with(_set(("level", "rank"), "one")),
        "$.level.rank: deve essere un numero intero; valore trovato: 'one'",
    ),
    (
        "reason not an object",
        _decision_with(_set(("reasons",), [5])),
        "$.reasons[0]: deve essere un motivo (un oggetto con un kind); valore trovato: 5",
    ),
    (
        "kind of reason",
        _decision_with(_set(("reasons",), [{"kind": "nope"}])),
        "$.reasons[0].kind: deve essere uno dei valori entered, escalated, "
        "moved, repeated, held; valore trovato: 'nope'",
    ),
    (
        "reason without kind",
        _decision_with(_set(("reasons",), [{"level": "L1"}])),
        "$.reasons[0].kind: campo obbligatorio mancante; il kind di un motivo "
        "è uno tra entered, escalated, moved, repeated, held",
    ),
    (
        "no reasons",
        _decision_with(_set(("reasons",), [])),
        "$.reasons: non deve essere vuoto: una decisione ha almeno il motivo "
        "con cui è iniziata",
    ),
    (
        "resolved",
        _decision_with(_set(("resolved",), True)),
        "$.resolved: deve essere false, visti resolved_at della segnalazione e "
        "at; valore trovato: true",
    ),
    (
        "names",
        _decision_with(_set(("names", "level_roles", "L1"), "boss")),
        "$.names.level_roles.L1: deve essere 'project_team_contact', il ruolo "
        "del livello 'L1'; valore trovato: 'boss'",
    ),
    (
        "names not an object",
        _decision_with(_set(("names", "texts"), 3)),
        "$.names.texts: deve essere un oggetto (una tabella); valore trovato: 3",
    ),
    (
        "names not texts",
        _decision_with(_set(("names", "texts"), {"a": 3})),
        "$.names.texts.a: deve essere una stringa; valore trovato: 3",
    ),
    (
        "contact ids",
        lambda: em.from_dict(
            {"name": "Ada", "ids": {"pagerduty": 5, "Bad Key": "x"}}, Contact
        ),
        "$.ids.pagerduty: deve essere una stringa; valore trovato: 5",
    ),
    (
        "duration of a reason",
        _plan_with(_set(("stages", 1, "reason", "after"), 4)),
        "$.stages[1].reason.after: deve essere una durata scritta come stringa, "
        "ad esempio '30m', '1h 30m', '1d12h' o 'PT1H30M'; valore trovato: 4; nei "
        "file YAML le durate vanno scritte tra virgolette",
    ),
    (
        "no stages",
        _plan_with(_set(("stages",), [])),
        "$.stages: non deve essere vuoto: un piano ha almeno la fase con cui inizia",
    ),
    (
        "held",
        _plan_with(lambda data: data.update(held=data["stages"][0]["reason"])),
        "$.held: deve essere un motivo di kind 'held'; trovato un motivo di kind 'entered'",
    ),
    # Subclasses read by the library's converter.
    (
        "subclass field",
        _owned(owner=None),
        "$.owner: non si può leggere come str: deve essere una stringa; valore trovato: null",
    ),
    (
        "subclass mapping",
        _owned(owner="me", weights={"a": "x"}),
        "$.weights['a']: deve essere un numero intero; valore trovato: 'x'",
    ),
    (
        "subclass required field",
        _owned(),
        "$.owner: campo obbligatorio mancante",
    ),
    (
        "condition of a class",
        lambda: em.make_converter().structure(
            {"field": "severity", "op": "exists"}, AllOf
        ),
        '$: deve essere una condizione AllOf; valore trovato: {"field": "severity", "op": "exists"}',
    ),
    # Other tools' payloads.
    (
        "pagerduty policy twice",
        lambda: from_pagerduty([{"id": "P", "escalation_rules": [RULE]}] * 2),
        "$[1]: la policy di escalation 'P' compare due volte",
    ),
    (
        "pagerduty not an object",
        lambda: from_pagerduty([3]),
        "$[0]: deve essere un oggetto; valore trovato: 3",
    ),
    (
        "pagerduty rules not an array",
        lambda: from_pagerduty({"escalation_rules": "x"}),
        "$.escalation_rules: deve essere un array; valore trovato: 'x'",
    ),
    (
        "pagerduty targets missing",
        _pagerduty_rule(targets=None),
        "$.escalation_rules[0].targets: è obbligatorio indicare un array",
    ),
    (
        "pagerduty delay",
        _pagerduty_rule(escalation_delay_in_minutes=0),
        "$.escalation_rules[0].escalation_delay_in_minutes: deve essere "
        "compreso tra 1 e 5256000; valore trovato: 0",
    ),
    (
        "pagerduty delay missing",
        _pagerduty_rule(escalation_delay_in_minutes=None),
        "$.escalation_rules[0].escalation_delay_in_minutes: è obbligatorio indicare un "
        "numero intero",
    ),
    (
        "pagerduty delay not a number",
        _pagerduty_rule(escalation_delay_in_minutes="5"),
        "$.escalation_rules[0].escalation_delay_in_minutes: deve essere un "
        "numero intero; valore trovato: '5'",
    ),
    (
        "pagerduty targets",
        _pagerduty_rule(targets=[]),
        "$.escalation_rules[0].targets: deve contenere da 1 a 10 destinatari; "
        "destinatari trovati: 0",
    ),
    (
        "pagerduty target type missing",
        _pagerduty_rule(targets=[{"id": "U"}]),
        "$.escalation_rules[0].targets[0].type: è obbligatorio indicare il tipo di "
        "destinatario",
    ),
    (
        "pagerduty target id missing",
        _pagerduty_rule(targets=[{"type": "user"}]),
        "$.escalation_rules[0].targets[0].id: è obbligatorio indicare un id",
    ),
    (
        "pagerduty strategy",
        _pagerduty_rule(escalation_rule_assignment_strategy="x"),
        "$.escalation_rules[0].escalation_rule_assignment_strategy: deve "
        "essere 'round_robin' o 'assign_to_everyone' (come stringa, "
        "{'type': ...} o [{'type': ...}]); valore trovato: 'x'",
    ),
    (
        "pagerduty loops",
        lambda: from_pagerduty({"escalation_rules": [RULE], "num_loops": -1}),
        "$.num_loops: deve essere compreso tra 0 e 100; valore trovato: -1",
    ),
    (
        "opsgenie escalation twice",
        lambda: from_opsgenie({"data": [{"id": "E", "rules": [OG_RULE]}] * 2}),
        "$.data[1]: l'escalation 'E' compare due volte",
    ),
    (
        "opsgenie delay missing",
        _opsgenie_rule(delay=None),
        "$.data[0].rules[0].delay: è obbligatorio indicare un ritardo",
    ),
    (
        "opsgenie delay negative",
        _opsgenie_rule(delay=-1),
        "$.data[0].rules[0].delay: deve essere >= 0; valore trovato: -1",
    ),
    (
        "opsgenie delay too long",
        _opsgenie_rule(delay={"timeAmount": 4000, "timeUnit": "days"}),
        "$.data[0].rules[0].delay.timeAmount: deve essere compreso tra 0 e 3650 (in "
        "days, cioè 3650 giorni); valore trovato: 4000",
    ),
    (
        "opsgenie recipient type",
        _opsgenie_rule(recipient={"id": "u"}),
        "$.data[0].rules[0].recipient.type: è obbligatorio indicare il tipo di "
        "destinatario",
    ),
    (
        "opsgenie user",
        _opsgenie_rule(recipient={"type": "user"}),
        "$.data[0].rules[0].recipient: è obbligatorio indicare un id o uno username",
    ),
    (
        "opsgenie team",
        _opsgenie_rule(recipient={"type": "team"}),
        "$.data[0].rules[0].recipient: è obbligatorio indicare un id o un nome",
    ),
    (
        "opsgenie recipient missing",
        _opsgenie_rule(recipient=None),
        "$.data[0].rules[0].recipient: è obbligatorio indicare un oggetto",
    ),
    (
        "opsgenie notify type",
        _opsgenie_rule(notifyType="next"),
        "$.data[0].rules[0].notifyType: 'next' richiede un destinatario di "
        "tipo schedule; questo è di tipo user",
    ),
    (
        "opsgenie condition",
        _opsgenie_rule(condition="never"),
        "$.data[0].rules[0].condition: deve essere uno dei valori "
        "'if-not-acked', 'if-not-closed'; valore trovato: 'never'",
    ),
    (
        "grafana different content",
        lambda: from_grafana_oncall(
            None,
            [
                {
                    "id": "E",
                    "escalation_chain_id": "C",
                    "position": 0,
                    "type": "wait",
                    "duration": 60,
                },
                {
                    "id": "E",
                    "escalation_chain_id": "C",
                    "position": 0,
                    "type": "wait",
                    "duration": 300,
                },
            ],
        ),
        "$[1]: la policy di escalation E compare due volte con contenuti "
        "diversi (anche in $[0])",
    ),
    (
        "grafana position",
        lambda: from_grafana_oncall(
            None, [{"escalation_chain_id": "C", "position": 0, "type": "resolve"}] * 2
        ),
        "$[1]: la posizione 0 della catena di escalation C è occupata due "
        "volte (anche in $[0])",
    ),
    (
        "priority no rows",
        lambda: from_priority_matrix({"rules": []}),
        "$.rules: deve contenere almeno una riga",
    ),
    (
        "priority hole",
        lambda: from_priority_matrix(
            {
                "rules": [
                    {"impact": "High", "urgency": "High", "priority": "1"},
                    {"impact": "Low", "urgency": "Low", "priority": "2"},
                ]
            }
        ),
        "$.rules: nessuna riga indica la priorità per impatto 'High' e urgenza 'Low'",
    ),
    (
        "priority clash",
        lambda: from_priority_matrix(
            [
                {"impact": "A", "urgency": "B", "priority": "1"},
                {"impact": "A", "urgency": "B", "priority": "2"},
            ]
        ),
        "$[1]: la combinazione di impatto 'A' e urgenza 'B' compare due volte, "
        "con priorità '1' e '2'",
    ),
    (
        "priority name missing",
        lambda: from_priority_matrix([{"impact": "A", "urgency": "B"}]),
        "$[0].priority: è obbligatorio indicare un nome",
    ),
    (
        "priority scale and codes",
        lambda: from_priority_matrix(
            {
                "impact_levels": ["H"],
                "urgency_levels": ["H", ""],
                "priority_codes": [
                    {"priority_code": 1, "description": "One"},
                    {"priority_code": 1, "description": "Uno"},
                ],
                "matrix": [[1, 1], [1]],
            }
        ),
        "$.urgency_levels[1]: deve essere un nome; valore trovato: ''",
    ),
    (
        "priority code twice",
        lambda: from_priority_matrix(
            {
                "impact_levels": ["H"],
                "urgency_levels": ["H"],
                "priority_codes": [
                    {"priority_code": 1, "description": "One"},
                    {"priority_code": 1, "description": "Uno"},
                ],
                "matrix": [[1]],
            }
        ),
        "$.priority_codes[1].priority_code: il codice 1 compare due volte",
    ),
    (
        "priority rows",
        lambda: from_priority_matrix(
            {
                "impact_levels": ["H"],
                "urgency_levels": ["H"],
                "priority_codes": [{"priority_code": 1, "description": "One"}],
                "matrix": [[1], [1]],
            }
        ),
        "$.matrix: deve avere una riga per ogni impatto (1); righe trovate: 2",
    ),
    (
        "priority codes per urgency",
        lambda: from_priority_matrix(
            {
                "impact_levels": ["H"],
                "urgency_levels": ["H"],
                "priority_codes": [{"priority_code": 1, "description": "One"}],
                "matrix": [[1, 1]],
            }
        ),
        "$.matrix[0]: deve avere un codice per ogni urgenza (1); codici trovati: 2",
    ),
    (
        "priority cell",
        lambda: from_priority_matrix(
            {
                "impact_levels": ["H", "L"],
                "urgency_levels": ["H"],
                "priority_codes": [{"priority_code": 1, "description": "One"}],
                "matrix": [[1], [4]],
            }
        ),
        "$.matrix[1][0]: deve essere un codice di priorità (1); valore trovato: 4",
    ),
    (
        "export to pagerduty",
        lambda: to_pagerduty(default_matrix()),
        "$.roles[0].contacts: il livello L1 non ha nessun contatto che "
        "PagerDuty possa avvisare; assegnare ai contatti del suo ruolo un id di "
        'PagerDuty (ids = { pagerduty = "..." } in un file della matrice, '
        "targets= nel codice)",
    ),
    (
        "export to opsgenie",
        lambda: to_opsgenie(default_matrix()),
        "$.roles[0].contacts: il livello L1 non ha nessun contatto che "
        "Opsgenie possa avvisare; assegnare ai contatti del suo ruolo un id di "
        'Opsgenie (ids = { opsgenie = "..." } in un file della matrice, '
        "targets= nel codice)",
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_problem_in_italian(call: Callable[[], object], expected: str) -> None:
    """Every problem carries its phrase; the one at the path reads as reviewed."""
    found = problems_of(call)
    assert all(problem.phrase is not None for problem in found), [str(p) for p in found]
    path = expected.split(": ", 1)[0]
    assert (
        italian(next(problem for problem in found if problem.path == path)) == expected
    )


class Tier(enum.Enum):
    """A user's vocabulary, read by cattrs from its values."""

    GOLD = "gold"


@attrs.frozen(repr=False)
class TieredIssueType(IssueType):
    """An issue type with a list of tiers, which cattrs reads."""

    tiers: tuple[Tier, ...] = attrs.field(default=(), kw_only=True)


def test_cattrs_words_are_quoted_in_a_translated_message() -> None:
    """What cattrs says of a value is the reason inside the library's own phrase."""
    data = {**em.to_dict(default_matrix().issue_types[0]), "tiers": ["gold", "lead"]}
    (problem,) = problems_of(lambda: em.from_dict(data, TieredIssueType))
    assert str(problem) == (
        "$.tiers[1]: not a valid value: invalid value for type, expected Tier"
    )
    assert italian(problem) == (
        "$.tiers[1]: valore non valido: invalid value for type, expected Tier"
    )


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: em.loads("title: a\ntitle: b\n", "yaml"),
            "$: not valid YAML: found the key 'title' a second time in the same "
            "mapping (line 2, column 1)",
        ),
        (
            _with_policy({"rules": [{"name": "r", "when": {}, "max_level": "L2"}]}),
            "$.policy.rules[0].when: must have either field/op/value, or exactly "
            "one of all, any, not, during; got no fields",
        ),
        (
            _plan_with(lambda data: data.update(held=data["stages"][0]["reason"])),
            "$.held: must be a reason of kind 'held', got one of kind 'entered'",
        ),
    ],
    ids=["yaml key twice", "condition without fields", "held"],
)
def test_reworded_english(call: Callable[[], object], expected: str) -> None:
    """Messages that showed a parser's caret or a Python repr now read plainly."""
    assert expected in [str(problem) for problem in problems_of(call)]


def test_time_zone_of_a_moment_keeps_its_reason() -> None:
    """A moment's zone name is refused with the calendar's reason, as a phrase."""
    call = _decision_with(_set(("since",), "2026-01-01T09:00:00+01:00[Mars/Base]"))
    (problem,) = problems_of(call)
    assert problem.phrase is not None
    assert problem.message == (
        "time zone must be an IANA time zone name such as 'Europe/Rome', "
        "got 'Mars/Base'"
    )
    assert italian(problem).startswith("$.since: fuso orario: deve essere il nome ")


@pytest.fixture
def italian_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An Italian environment, its catalogs read afresh."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    clear_cache()
    yield
    clear_cache()


@pytest.mark.usefixtures("italian_environment")
def test_validate_says_file_problems_in_italian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`escalation-matrix validate` under LANG=it_IT prints Italian problems."""
    bad = tmp_path / "bad.toml"
    text = MATRIX_TOML.replace("schema_version = 1", "schema_version = 99")
    bad.write_text(text, encoding="utf-8")
    syntax = tmp_path / "syntax.toml"
    syntax.write_text("title = \n", encoding="utf-8")
    status = main(["validate", str(bad), str(syntax)])
    captured = capsys.readouterr()
    assert status != 0
    lines = (captured.out + captured.err).splitlines()
    assert (
        f"{bad}: $.schema_version: la versione 99 è di una release più recente; "
        "questa release legge solo le versioni da 1 a 1: aggiornare "
        "escalation_matrix"
    ) in lines
    assert (
        f"{syntax}: $: TOML non valido alla riga 1, colonna 9: qui è atteso un valore"
        in lines
    )


@pytest.mark.parametrize("wait", ["4x", "100000000000000d"])
def test_duration_problems_keep_their_phrases(wait: str) -> None:
    """A duration that does not parse, or is too long, is said with its phrase."""
    call = _with_policy({"repeat": {"times": 2, "wait": wait}})
    (problem,) = problems_of(call)
    assert problem.path == "$.policy.repeat.wait"
    assert problem.phrase is not None
    said = problem.said(translator("it").gettext)
    assert said != problem.message
    assert said.endswith(f"; valore trovato: '{wait}'")
