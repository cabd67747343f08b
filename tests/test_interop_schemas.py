"""Every exported payload is a body the tool's published request schema takes.

The schemas in ``data/interop/schemas`` transcribe what PagerDuty, Opsgenie
and Jira Service Management Operations publish for creating an escalation
policy (their README says from which page). Checked here: the exports of
every fixture, read and written back; the exports the other interop tests
make; exports of generated matrices and tool payloads; and, so that no
schema is vacuous, a payload breaking each published constraint is refused.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from escalation_matrix import FirstWait, Level, Matrix, Repeat, Role
from escalation_matrix._interop import opsgenie as opsgenie_module
from escalation_matrix._interop import pagerduty as pagerduty_module
from escalation_matrix._model.pacing import MAX_REPEATS
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.interop import (
    Exported,
    Imported,
    from_opsgenie,
    from_pagerduty,
    to_opsgenie,
    to_pagerduty,
)
from escalation_matrix.typing import AtEnd
from tests import strategies
from tests.interop_tables import EXPECTED
from tests.test_interop_fixtures import READERS, payload
from tests.test_interop_roundtrip import (
    matrices as timeline_matrices,
)
from tests.test_interop_roundtrip import (
    opsgenie_escalations,
    pagerduty_policies,
)

Shape = Literal["pagerduty", "opsgenie", "jsm_ops"]
SHAPES: Final[tuple[Shape, ...]] = ("pagerduty", "opsgenie", "jsm_ops")
SCHEMAS: Final = Path(__file__).parent / "data" / "interop" / "schemas"
FILES: Final[dict[Shape, str]] = {
    "pagerduty": "pagerduty_create_escalation_policy.schema.json",
    "opsgenie": "opsgenie_create_escalation.schema.json",
    "jsm_ops": "jsm_ops_create_escalation.schema.json",
}


def _schemas() -> dict[Shape, dict[str, Any]]:
    return {
        shape: json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        for shape, name in FILES.items()
    }


_LOADED: Final = _schemas()
_REGISTRY: Final = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in _LOADED.values()
)
VALIDATORS: Final = {
    shape: Draft202012Validator(schema, registry=_REGISTRY)
    for shape, schema in _LOADED.items()
}


def problems(shape: Shape, body: Any) -> list[str]:
    """What the schema of *shape* says is wrong with *body*, path first."""
    found: list[str] = []
    pending = list(VALIDATORS[shape].iter_errors(body))
    while pending:
        error = pending.pop()
        if error.context:  # anyOf, oneOf: say why no branch took it
            pending.extend(error.context)
        else:
            found.append(f"{error.json_path}: {error.message}")
    return sorted(found)


def assert_valid(shape: Shape, exported: Exported | list[dict[str, Any]]) -> None:
    """Each payload is one the tool's create request takes."""
    bodies = exported if isinstance(exported, list) else list(exported.payloads)
    assert bodies, "the export made no payload"
    for body in bodies:
        assert json.loads(json.dumps(body)) == body  # JSON-ready, as sent
        assert problems(shape, body) == [], json.dumps(body, indent=2)


def export(
    shape: Shape, matrix: Matrix, targets: dict[str, list[Contact]] | None = None
) -> Exported:
    """*matrix* exported in *shape*."""
    if shape == "pagerduty":
        return to_pagerduty(matrix, targets=targets)
    return to_opsgenie(matrix, targets=targets, shape=shape)


def tool_of(shape: Shape) -> str:
    return "pagerduty" if shape == "pagerduty" else "opsgenie"


def retarget(matrix: Matrix, shape: Shape) -> dict[str, list[Contact]]:
    """Each role's contacts, each with an id in the tool of *shape*.

    A matrix read from one tool has no ids of another: this gives them one
    (the id it has, or a made one), and a person where the role has no
    contact the tool can notify, so that every matrix can be exported.
    """
    tool = tool_of(shape)
    notifiable = (
        {"person", "schedule"}
        if tool == "pagerduty"
        else {"person", "schedule", "team"}
    )
    out: dict[str, list[Contact]] = {}
    for number, role in enumerate(matrix.roles):
        contacts = [
            attrs.evolve(
                contact,
                ids={tool: next(iter(contact.ids.values()), f"ID{number}X{index}")},
            )
            for index, contact in enumerate(role.contacts)
        ]
        if not any(contact.kind in notifiable for contact in contacts):
            contacts.append(Contact("Someone", ids={tool: f"ID{number}P"}))
        out[role.key] = contacts
    return out


def exports(matrix: Matrix) -> Iterator[tuple[Shape, Exported]]:
    """*matrix* in every shape: with its own contacts, else with ids given."""
    for shape in SHAPES:
        try:
            exported = export(shape, matrix)
        except ValidationError:
            # No contact with the tool's id: give them, as targets= does.
            exported = export(shape, matrix, retarget(matrix, shape))
        yield shape, exported


# Every fixture, read and written back ------------------------------------------


def _row_id(row: tuple[str, tuple[str | None, ...], Any, Any]) -> str:
    return f"{row[0]}:{'+'.join(name or '-' for name in row[1])}"


_READ_BACK: Final = [row for row in EXPECTED if row[0] != "priority-matrix"]


@pytest.mark.parametrize("row", _READ_BACK, ids=_row_id)
def test_every_fixture_exports_to_valid_payloads(
    row: tuple[str, tuple[str | None, ...], Any, Any],
) -> None:
    """Each fixture's matrices, written to each tool, are bodies it takes."""
    tool, files, _, _ = row
    arguments = [None if name is None else payload(name) for name in files]
    imported: Imported = READERS[tool](*arguments)
    for matrix in imported.matrices.values():
        for shape, exported in exports(matrix):
            assert_valid(shape, exported)


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("pagerduty_create.json", "pagerduty"),
        ("pagerduty_escalation_policy_3.json", "pagerduty"),
        ("opsgenie_create.json", "opsgenie"),
        ("opsgenie_escalation_2.json", "opsgenie"),
        ("jsm_ops_create.json", "jsm_ops"),
        ("opsgenie_escalation_3_jsm_ops.json", "jsm_ops"),
    ],
)
def test_published_create_bodies_are_valid(name: str, shape: Shape) -> None:
    """The create requests the tools publish (or ours in their shape) pass.

    So the schemas are not stricter than the tools: a schema refusing the
    vendor's own example would be a wrong transcription.
    """
    body = payload(name)
    if name == "pagerduty_create.json":
        # Ours also has the legacy target type "user", which the importer
        # reads but the create request no longer documents.
        body = copy.deepcopy(body)
        for rule in body["escalation_policy"]["escalation_rules"]:
            for target in rule["targets"]:
                target["type"] = (
                    target["type"].removesuffix("_reference") + "_reference"
                )
    assert problems(shape, body) == []


# The exports the other interop tests make -------------------------------------


def test_every_export_of_the_other_interop_tests_is_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Runs the other interop tests, checking each payload their exports write."""
    shapes: dict[int, tuple[Shape, dict[str, Any]]] = {}
    seen: list[tuple[Shape, dict[str, Any]]] = []

    def spy(module: Any, shape_of: Callable[[tuple[Any, ...]], Shape]) -> None:
        # A body is written by _payload; it is an export once finish()
        # returns it (an export whose levels lack targets raises before).
        make, finish = module._payload, module.finish

        def made(*arguments: Any) -> dict[str, Any]:
            body: dict[str, Any] = make(*arguments)
            shapes[id(body)] = (shape_of(arguments), body)
            return body

        def finished(result: Any, **options: Any) -> Any:
            returned = finish(result, **options)
            if isinstance(returned, Exported):
                seen.extend(
                    (shapes[id(body)][0], copy.deepcopy(body))
                    for body in returned.payloads
                )
            return returned

        monkeypatch.setattr(module, "_payload", made)
        monkeypatch.setattr(module, "finish", finished)

    spy(pagerduty_module, lambda _: "pagerduty")
    # Opsgenie's _payload takes the shape as its fourth argument.
    spy(opsgenie_module, lambda arguments: arguments[3])
    here = Path(__file__)
    others = sorted(
        str(path) for path in here.parent.glob("test_interop*.py") if path != here
    )
    code = pytest.main(
        [*others, "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts="]
    )
    assert code == pytest.ExitCode.OK
    assert {shape for shape, _ in seen} == set(SHAPES)
    for shape, body in seen:
        assert problems(shape, body) == [], json.dumps(body, indent=2)


# Generated matrices and tool payloads ------------------------------------------


@given(strategies.matrices(min_issue_types=0))
def test_generated_matrices_export_to_valid_payloads(matrix: Matrix) -> None:
    """Any valid matrix, exported in every shape, gives bodies the tools take."""
    for shape, exported in exports(matrix):
        assert_valid(shape, exported)


@given(timeline_matrices())
def test_generated_timelines_export_to_valid_payloads(matrix: Matrix) -> None:
    """Matrices of every delay mode, condition and repeat give valid bodies."""
    for shape, exported in exports(matrix):
        assert_valid(shape, exported)


@st.composite
def looping_matrices(draw: st.DrawFn) -> Matrix:
    """A generated matrix with a first wait, a repeat and an end, as tools loop."""
    matrix = draw(strategies.matrices(max_issue_types=2, min_issue_types=0))
    levels = [level.key for level in matrix.levels]
    seconds = st.integers(0, 3 * 86400).map(lambda n: timedelta(seconds=n))
    repeat = draw(
        st.none()
        | st.builds(
            Repeat,
            times=st.integers(1, MAX_REPEATS),
            wait=seconds,
            from_level=st.none() | st.sampled_from(levels),
            reset_acknowledgement=st.booleans(),
        )
    )
    first_wait = draw(
        st.none()
        | st.builds(
            FirstWait,
            delay=seconds.filter(bool),
            escalate_while=st.sampled_from(["unacknowledged", "unresolved"]),
        )
    )
    at_end: AtEnd = draw(st.sampled_from(["hold", "resolve"]))
    policy = attrs.evolve(
        matrix.policy, repeat=repeat, first_wait=first_wait, at_end=at_end
    )
    try:
        return attrs.evolve(matrix, policy=policy)
    except ValidationError:  # a first wait after a since_opened level's delay
        reject()


@given(looping_matrices())
def test_generated_loops_export_to_valid_payloads(matrix: Matrix) -> None:
    """First waits, repeats (up to the library's 100) and ends give valid bodies."""
    for shape, exported in exports(matrix):
        assert_valid(shape, exported)


@given(pagerduty_policies())
def test_generated_pagerduty_policies_come_back_valid(policy: dict[str, Any]) -> None:
    """A PagerDuty policy read and written back is a body PagerDuty takes."""
    matrix = from_pagerduty(policy).matrix
    assert_valid("pagerduty", to_pagerduty(matrix))


@given(opsgenie_escalations(), st.sampled_from(["opsgenie", "jsm_ops"]))
def test_generated_opsgenie_escalations_come_back_valid(
    escalation: dict[str, Any], shape: Literal["opsgenie", "jsm_ops"]
) -> None:
    """An Opsgenie escalation read and written back is a body the tool takes."""
    matrix = from_opsgenie(escalation).matrix
    assert_valid(shape, to_opsgenie(matrix, shape=shape))


# Each schema refuses what breaks a published constraint ----------------------


def _simple() -> Matrix:
    people = [
        Contact("Ada", ids={"pagerduty": "PADA", "opsgenie": "OADA"}),
        Contact("Bob", ids={"pagerduty": "PBOB", "opsgenie": "OBOB"}),
    ]
    return Matrix(
        "simple",
        "Simple",
        levels=[
            Level("L1", 1, "first", "Level 1", delay=_minutes(10)),
            Level("L2", 2, "second", "Level 2", delay=_minutes(20)),
        ],
        roles=[
            Role("first", "Ada", contacts=people[:1]),
            Role("second", "Bob", contacts=people[1:]),
        ],
    )


def _minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def _valid(shape: Shape) -> dict[str, Any]:
    (body,) = export(shape, _simple()).payloads
    assert problems(shape, body) == []
    return copy.deepcopy(body)


def _pd_rule(body: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = body["escalation_policy"]["escalation_rules"][0]
    return rule


Break = Callable[[dict[str, Any]], object]

PAGERDUTY_BREAKS: Final[dict[str, Break]] = {
    "no name": lambda b: b["escalation_policy"].pop("name"),
    "wrong type": lambda b: b["escalation_policy"].update(type="policy"),
    "no rules": lambda b: b["escalation_policy"].update(escalation_rules=[]),
    "delay 0": lambda b: _pd_rule(b).update(escalation_delay_in_minutes=0),
    "delay in text": lambda b: _pd_rule(b).update(escalation_delay_in_minutes="10"),
    "fractional delay": lambda b: _pd_rule(b).update(escalation_delay_in_minutes=1.5),
    "no targets": lambda b: _pd_rule(b).update(targets=[]),
    "eleven targets": lambda b: _pd_rule(b).update(
        targets=[{"id": f"P{n}", "type": "user_reference"} for n in range(11)]
    ),
    "team target": lambda b: _pd_rule(b)["targets"][0].update(type="team_reference"),
    "target without id": lambda b: _pd_rule(b)["targets"][0].pop("id"),
    "unknown strategy": lambda b: _pd_rule(b).update(
        escalation_rule_assignment_strategy="sometimes"
    ),
    "negative loops": lambda b: b["escalation_policy"].update(num_loops=-1),
    "unknown handoff": lambda b: b["escalation_policy"].update(
        on_call_handoff_notifications="never"
    ),
    "unknown field": lambda b: b["escalation_policy"].update(repeat=2),
}


def _og_rule(body: dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = body["rules"][0]
    return rule


OPSGENIE_BREAKS: Final[dict[str, Break]] = {
    "no name": lambda b: b.pop("name"),
    "no rules": lambda b: b.update(rules=[]),
    "unknown condition": lambda b: _og_rule(b).update(condition="if-not-seen"),
    "unknown notify type": lambda b: _og_rule(b).update(notifyType="everyone"),
    "negative delay": lambda b: _og_rule(b)["delay"].update(timeAmount=-1),
    "delay as a number": lambda b: _og_rule(b).update(delay=5),
    "unknown time unit": lambda b: _og_rule(b)["delay"].update(timeUnit="weeks"),
    "escalation recipient": lambda b: _og_rule(b)["recipient"].update(
        type="escalation"
    ),
    "user without id or username": lambda b: _og_rule(b).update(
        recipient={"type": "user", "name": "ada"}
    ),
    "team by username": lambda b: _og_rule(b).update(
        recipient={"type": "team", "username": "ops"}
    ),
    "21 repeats": lambda b: b.update(repeat={"waitInterval": 5, "count": 21}),
    "0 repeats": lambda b: b.update(repeat={"waitInterval": 5, "count": 0}),
    "negative wait": lambda b: b.update(repeat={"waitInterval": -5, "count": 1}),
    "owner team without id or name": lambda b: b.update(ownerTeam={}),
}

JSM_OPS_BREAKS: Final[dict[str, Break]] = {
    "no name": lambda b: b.pop("name"),
    "no rules": lambda b: b.update(rules=[]),
    "delay as an object": lambda b: _og_rule(b).update(delay={"timeAmount": 5}),
    "negative delay": lambda b: _og_rule(b).update(delay=-1),
    "unknown condition": lambda b: _og_rule(b).update(condition="if-not-seen"),
    "schedule without id or name": lambda b: _og_rule(b).update(
        recipient={"type": "schedule"}
    ),
    "21 repeats": lambda b: b.update(repeat={"waitInterval": 5, "count": 21}),
    "enabled in text": lambda b: b.update(enabled="yes"),
    "owner team field": lambda b: b.update(ownerTeam={"id": "T1"}),
}

_BREAKS: Final = [
    (shape, name, change)
    for shape, table in (
        ("pagerduty", PAGERDUTY_BREAKS),
        ("opsgenie", OPSGENIE_BREAKS),
        ("jsm_ops", JSM_OPS_BREAKS),
    )
    for name, change in table.items()
]


@pytest.mark.parametrize(
    ("shape", "name", "change"), _BREAKS, ids=[f"{s}:{n}" for s, n, _ in _BREAKS]
)
def test_schema_refuses_a_broken_constraint(
    shape: Shape, name: str, change: Break
) -> None:
    """A valid export with one published constraint broken is refused."""
    body = _valid(shape)
    change(body)
    assert problems(shape, body), name


@pytest.mark.parametrize("shape", SHAPES)
def test_schemas_are_valid_draft_2020_12(shape: Shape) -> None:
    """Each schema is itself a valid draft 2020-12 schema."""
    schema = _LOADED[shape]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
