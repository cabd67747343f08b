"""Hostile input to every reader: only the library's errors, each with a path, in bounded time.

Arbitrary JSON-like values and mutations of valid payloads (matrices,
issues, decisions, plans, overlays) go to ``from_dict`` and to ``loads`` in
every format. Whatever a reader accepts must render and survive a round
trip. The ``fuzz`` Hypothesis profile (``python -m tests``) runs at least
20,000 examples per reader; other profiles run a few. Every crash found
is kept in ``tests/data/hostile/``, run by ``test_regression_corpus``.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from time import process_time
from typing import Any

import attrs
import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import (
    EscalationMatrixError,
    UnserializableError,
    ValidationError,
)
from escalation_matrix.reasons import ReasonHeld
from escalation_matrix.rules import AllOf, Compare, Not, Rule
from escalation_matrix.typing import Format

HOSTILE = Path(__file__).parent / "data" / "hostile"
FUZZING = settings.default is settings.get_profile("fuzz")
EXAMPLES = 20_000 if FUZZING else 150
# Seconds one example may take; far more than any takes, far less than a hang.
BOUND = 5.0

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TYPES: tuple[type, ...] = (
    em.Matrix,
    em.Issue,
    em.Decision,
    em.Plan,
    em.Overlay,
    em.Level,
    em.Role,
    em.IssueType,
    em.Policy,
    em.Action,
    ReasonHeld,
    Rule,
    BusinessCalendar,
)


@cache
def seeds() -> tuple[tuple[type, Any], ...]:
    """Valid payloads of every kind, to mutate."""
    calendar = BusinessCalendar(
        "Europe/Rome",
        [WorkingHours(["mon", "tue", "wed"], time(9), time(18))],
        holidays=[date(2026, 12, 25)],
    )
    rule = Rule(
        "vip",
        AllOf(
            [
                Compare("issue_type", "in", ["timeline_adjustments"]),
                Not(Compare("id", "missing")),
            ]
        ),
        entry_level="L2",
    )
    base = em.default_matrix()
    matrix = em.Matrix(
        "fuzz",
        "Fuzz",
        policy=attrs.evolve(base.policy, calendar=calendar, rules=[rule]),
        roles=base.roles,
        levels=base.levels,
        issue_types=base.issue_types[:3],
    )
    opened = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    issue = em.Issue(
        base.issue_types[0].key,
        opened,
        severity=base.policy.default_severity,
        actions=[em.Action("escalate", opened + timedelta(minutes=5))],
        attributes={"customer": "acme", "seats": 12, "vip": True, "score": 1.5},
        id="T-1",
    )
    later = opened + timedelta(days=2)
    decision = em.route(matrix, issue, now=later)
    plan = em.plan(matrix, issue, now=later)
    overlay = em.loads(OVERLAY, "toml", em.Overlay)
    objects = [matrix, issue, decision, plan, overlay, rule, calendar]
    objects += [base.levels[0], base.roles[0], base.issue_types[0], matrix.policy]
    objects += [issue.actions[0], plan.held, decision.reasons[0]]
    return tuple((type(obj), em.to_dict(obj)) for obj in objects)


OVERLAY = """
schema_version = 1
overlay = "acme"
base = "default"

[[issue_types]]
key = "security_breach"
name = "Security breach"
entry_level = "L2"
responsibilities = { L1 = "Isolate.", L2 = "Call security.", L3 = "Inform.", L4 = "Agree." }

[changes.levels.L4]
delay = "8h"

[texts]
"level:L1:name" = "Helpdesk"
"""

KEYS: list[str] = [
    "kind",
    "cause",
    "escalate_while",
    "entry_level",
    "all",
    "any",
    "not",
    "during",
    "field",
    "op",
    "value",
    "schema_version",
    "overlay",
]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**120), max_value=10**120),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "L1",
            "L9",
            "24:00",
            "4h",
            "99999999999999d",
            "0001-01-01T00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2026-03-29T02:30:00+01:00[Europe/Rome]",
            "2026-03-29T02:30:00+02:00[Europe/Rome]",
            "Europe/Rome",
            "Mars/Olympus",
            "held",
            "entered",
            "escalated",
            "moved",
            "\x00",
            "\u202e",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(KEYS)), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


def _places(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*path, index))
    return places


def _mutate(data: st.DataObject, payload: Any) -> Any:
    payload = copy.deepcopy(payload)
    for _ in range(data.draw(st.integers(1, 3))):
        places = _places(payload)
        place = data.draw(st.sampled_from(places))
        payload = _apply(data, payload, place)
    return payload


def _apply(data: st.DataObject, payload: Any, place: tuple[Any, ...]) -> Any:
    kind = data.draw(
        st.sampled_from(["replace", "drop", "add", "repeat", "wrap", "deepen", "swap"])
    )
    if not place:
        return data.draw(json_values) if kind == "replace" else payload
    parent = payload
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    old = parent[last]
    if kind == "drop":
        del parent[last]
    elif kind == "add" and isinstance(old, dict):
        old[data.draw(st.sampled_from(KEYS))] = data.draw(json_values)
    elif kind == "repeat" and isinstance(old, list) and old:
        old.append(copy.deepcopy(old[0]))
    elif kind == "wrap":
        parent[last] = [old]
    elif kind == "deepen":
        parent[last] = json.loads("[" * 70 + json.dumps(old) + "]" * 70)
    elif kind == "swap":
        seed_value = data.draw(st.sampled_from([s for _, s in seeds()]))
        parent[last] = copy.deepcopy(seed_value)
    else:
        parent[last] = data.draw(json_values)
    return payload


def _text(data: Any, format: str) -> str:  # noqa: A002
    try:
        if format == "json":
            return json.dumps(data, allow_nan=True)
        if format == "toml":
            return tomli_w.dumps(data)
        return str(yaml.safe_dump(data, allow_unicode=True))
    except (AttributeError, TypeError, ValueError, RecursionError, yaml.YAMLError):
        return json.dumps(data, allow_nan=True)


def _read(reader: str, data: Any, cls: type) -> Any:
    if reader == "dict":
        return em.from_dict(data, cls)
    return em.loads(_text(data, reader), reader, cls)  # type: ignore[call-overload]


def check_reader(reader: str, data: Any, cls: type) -> None:
    """Feed *data* to *reader* as *cls*: a library error or a usable object."""
    started = process_time()
    try:
        obj = _read(reader, data, cls)
    except EscalationMatrixError as error:
        check_error(error)
    else:
        check_usable(obj, cls)
    assert process_time() - started < BOUND


def check_error(error: EscalationMatrixError) -> None:
    """A reader's error lists problems, each with a path and a bounded message."""
    if isinstance(error, ValidationError):
        assert error.problems
    for problem in getattr(error, "problems", ()):
        assert problem.path.startswith("$"), problem
        assert "cannot be read:" not in problem.message, problem
        assert len(problem.message) < 2000, problem


def check_usable(obj: Any, cls: type) -> None:
    """What a reader accepted renders and reads back the same in every format."""
    assert isinstance(obj, cls)
    assert em.from_dict(em.to_dict(obj), cls) == obj
    for name in FORMATS:
        try:
            text = em.dumps(obj, name)
        except UnserializableError:
            assert name == "toml"
            continue
        again: object = em.loads(text, name, cls)
        assert again == obj, (name, text)
    if isinstance(obj, em.Matrix | em.Decision | em.Plan):
        em.render(obj, locale="it")


FORMATS: tuple[Format, ...] = ("json", "yaml", "toml")
READERS = ["dict", *FORMATS]


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(data=st.data())
def test_hostile_input(reader: str, data: st.DataObject) -> None:
    """Arbitrary values, or valid payloads mutated, read as any type."""
    if data.draw(st.booleans()):
        value = data.draw(json_values)
        cls = data.draw(st.sampled_from(TYPES))
    else:
        cls, seed = data.draw(st.sampled_from(seeds()))
        value = _mutate(data, seed)
        cls = data.draw(st.one_of(st.just(cls), st.sampled_from(TYPES)))
    check_reader(reader, value, cls)


def _corpus() -> list[Path]:
    return sorted(HOSTILE.iterdir())


@pytest.mark.parametrize("path", _corpus(), ids=lambda path: path.name)
def test_regression_corpus(path: Path) -> None:
    """Each file once crashed a reader; each must now give a library error or an object.

    A file is named ``<what>.<type>.<format>``: the type it is read as, and
    its format (``dict`` for a JSON file handed to ``from_dict``).
    """
    _, type_name, suffix = path.name.rsplit(".", 2)
    cls = _type_named(type_name)
    started = process_time()
    obj: object
    try:
        if suffix == "dict":
            obj = em.from_dict(json.loads(path.read_text("utf-8")), cls)
        else:
            (chosen,) = (name for name in FORMATS if name == suffix)
            obj = em.load(path, cls, format=chosen)
    except EscalationMatrixError as error:
        check_error(error)
    else:
        check_usable(obj, cls)
    assert process_time() - started < BOUND


def _type_named(name: str) -> type:
    for cls in TYPES:
        if cls.__name__ == name:
            return cls
    raise AssertionError(name)
