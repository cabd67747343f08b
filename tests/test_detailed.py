"""Every problem of a payload, said through cattrs' detailed validation."""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

import attrs
import cattrs
import pytest

import escalation_matrix as em
from escalation_matrix import Level, Matrix, Overlay
from escalation_matrix._serialization.hooks import structurers
from escalation_matrix._serialization.leaves import RefusedError
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import ValidationError
from escalation_matrix.rules import Compare, Rule

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def said(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


def matrix_data() -> dict[str, Any]:
    data: dict[str, Any] = em.to_dict(em.default_matrix())
    return data


def with_rule(when: object) -> dict[str, Any]:
    data = matrix_data()
    data["policy"] = {"rules": [{"name": "r", "when": when, "max_level": "L2"}]}
    return data


class TestDetailedHooks:
    def test_generated_with_detailed_validation(self) -> None:
        """The detailed hooks are cattrs' own, their errors turned into problems."""
        hooks = structurers(forbid_extra_keys=True, detailed=True)
        generated, fields, spec = hooks.parts[Level]
        with pytest.raises(cattrs.ClassValidationError) as caught:
            generated({"key": "L1", "rank": "one"}, Level)
        assert {type(error) for error in caught.value.exceptions} == {
            RefusedError,
            KeyError,
        }
        assert set(fields) == {field.name for field in attrs.fields(Level)}
        assert spec.expected[:2] == ("key", "rank")
        with pytest.raises(RefusedError) as refused:
            hooks.by_type[Level]({"key": "L1", "rank": "one"}, Level)
        assert [str(problem) for problem in refused.value.problems] == [
            "$.rank: must be an integer, got 'one'",
            "$.role: missing required field",
            "$.name: missing required field",
        ]

    def test_every_problem_of_a_level_with_its_own_checks(self) -> None:
        """Fields that fail, and the level's checks on the fields that were read."""
        data = matrix_data()
        data["levels"][1].update(rank="2", name="", colour="red")
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        assert said(caught.value) == [
            "$.levels[1].rank: must be an integer, got '2'",
            "$.levels[1].name: must be a text with something visible in it, got ''",
            "$.levels[1].colour: unknown field; expected one of: key, rank, role, "
            "name, description, delay, business_time, escalate_while, assignment",
        ]

    def test_every_problem_of_responsibilities_with_one_not_a_string(self) -> None:
        """A text that is no string hides none of the others' problems.

        Every entry is checked as the issue type checks it: its level key,
        then its text, in file order.
        """
        data = matrix_data()
        data["issue_types"][0]["responsibilities"] = {
            "L1": "",
            "L2": 1,
            "Level 3": "Fine.",
            "L4": "ok\x1b",
        }
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        where = "$.issue_types[0].responsibilities"
        assert said(caught.value) == [
            f"{where}.L1: must be a text with something visible in it, got ''",
            f"{where}.L2: must be a string, got 1",
            f"{where}['Level 3']: must be a 'L1'-style or lowercase snake_case "
            "ASCII key of at most 64 characters, got 'Level 3'",
            f"{where}.L4: must not contain control character U+001B, got 'ok\\x1b'",
        ]

    def test_a_condition_value_that_is_no_scalar(self) -> None:
        """A comparison's value is a scalar or a list of scalars."""
        with pytest.raises(ValidationError) as caught:
            em.from_dict(
                with_rule({"field": "attributes.x", "op": "==", "value": {"a": 1}})
            )
        assert said(caught.value) == [
            "$.policy.rules[0].when.value: must be a string, number, boolean or "
            'null, got {"a": 1}'
        ]

    @pytest.mark.parametrize("clock", ["ab:cd", "25:00", "09:60", "09:00:x0"])
    def test_clocks_that_are_no_time_of_day(self, clock: str) -> None:
        """A clock of the right length that is no time of day is refused."""
        hours = {"days": ["mon"], "start": clock, "end": "17:00"}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(with_rule({"during": {"timezone": "UTC", "hours": [hours]}}))
        assert said(caught.value) == [
            "$.policy.rules[0].when.during.hours[0].start: must be a time of day "
            f"'HH:MM' or 'HH:MM:SS', got '{clock}'"
        ]

    def test_a_condition_past_the_default_limits_through_a_converter(
        self,
    ) -> None:
        """A converter applies no limits: the detailed read takes what they refuse."""
        when: dict[str, Any] = {"field": "id", "op": "exists"}
        for _ in range(70):
            when = {"not": when}
        matrix = em.make_converter().structure(with_rule(when), Matrix)
        condition = matrix.policy.rules[0].when
        for _ in range(70):
            condition = condition.condition  # type: ignore[attr-defined]
        assert condition == Compare("id", "exists")

    def test_a_condition_through_a_converter(self) -> None:
        """A converter reads conditions with every problem said."""
        converter = em.make_converter()
        with pytest.raises(ValidationError) as caught:
            converter.structure({"all": [{"field": 1, "op": "=="}, []]}, Compare)
        assert said(caught.value) == [
            "$.all[0].field: must be a string, got 1",
            "$.all[0].value: must be a single value for '==', got null",
            "$.all[1]: must be a condition (an object), got []",
        ]
        rule = converter.structure(
            {"name": "r", "when": {"field": "id", "op": "exists"}, "max_level": "L2"},
            Rule,
        )
        assert rule.when == Compare("id", "exists")

    def test_an_added_level_that_is_no_object(self) -> None:
        """An overlay's level to add must be an object."""
        data = {"schema_version": 1, "overlay": "o", "levels": [3]}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, Overlay)
        assert said(caught.value) == ["$.levels[0]: must be an object (a table), got 3"]


@attrs.frozen
class Tiered(Level):
    """A level of a user's, whose own check raises a plain ValueError."""

    tier: str = "gold"

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.tier not in {"gold", "silver"}:
            message = f"unknown tier {self.tier!r}"
            raise ValueError(message)


class TestUsersSubclasses:
    def test_a_users_check_is_a_problem(self) -> None:
        """A subclass's own check that raises is reported, not raised as it is."""
        data = em.to_dict(em.default_matrix().level("L1"))
        converter = em.make_converter()
        assert converter.structure({**data, "tier": "silver"}, Tiered).tier == "silver"
        with pytest.raises(ValidationError) as caught:
            converter.structure({**data, "tier": "tin"}, Tiered)
        assert said(caught.value) == ["$: cannot be read as Tiered: unknown tier 'tin'"]

    def test_base_and_own_fields_together(self) -> None:
        """The base's and the subclass's problems, in the payload's order."""
        data = em.to_dict(em.default_matrix().level("L1"))
        converter = em.make_converter()
        with pytest.raises(ValidationError) as caught:
            converter.structure({**data, "tier": 3, "name": ""}, Tiered)
        assert said(caught.value) == [
            "$.name: must be a text with something visible in it, got ''",
            "$.tier: cannot be read as str: expected a string, got 3",
        ]


@pytest.mark.parametrize("forbid_extra_keys", [True, False])
def test_a_part_with_nothing_required_is_an_object(
    forbid_extra_keys: bool,  # noqa: FBT001
) -> None:
    """A policy is an object even when unknown keys are let by."""
    converter = em.register_hooks(
        cattrs.Converter(), forbid_extra_keys=forbid_extra_keys
    )
    with pytest.raises(ValidationError) as caught:
        converter.structure("abc", em.Policy)
    assert said(caught.value) == ["$: must be an object (a table), got 'abc'"]
    data = matrix_data()
    data["policy"] = "at_end"
    with pytest.raises(ValidationError) as caught:
        converter.structure(data, Matrix)
    assert said(caught.value) == ["$.policy: must be an object (a table), got 'at_end'"]


class Table(dict[str, Any]):
    """A mapping of another kind, as some parsers give (a TOML table)."""


class Array(list[Any]):
    """A list of another kind, as some parsers give (a TOML array)."""


def other_kinds(data: object) -> object:
    """*data* with every dict and list of another kind."""
    if isinstance(data, dict):
        return Table((key, other_kinds(value)) for key, value in data.items())
    if isinstance(data, list):
        return Array(other_kinds(item) for item in data)
    return data


class TestOtherKindsOfMappings:
    def test_an_ordered_dict_of_texts(self) -> None:
        """Texts in an OrderedDict are read as texts."""
        texts = OrderedDict(L1="Restart it.")
        issue_type = em.from_dict(
            {"key": "outage", "name": "Outage", "responsibilities": texts},
            em.IssueType,
        )
        assert dict(issue_type.responsibilities) == {"L1": "Restart it."}

    def test_every_type_read_from_subclasses_of_dict_and_list(self) -> None:
        """Payloads made of dict and list subclasses read as plain ones do."""
        matrix = em.default_matrix()
        issue = em.Issue("performance_hiccups", OPENED, severity="high")
        decision = em.route(matrix, issue, now=OPENED)
        plan = em.plan(matrix, issue)
        for obj in (matrix, issue, decision, plan, plan.stages[0], *decision.reasons):
            data = other_kinds(em.to_dict(obj))
            assert em.from_dict(data, type(obj)) == obj
        ordered = json.loads(em.dumps(matrix, "json"), object_pairs_hook=OrderedDict)
        assert em.from_dict(ordered) == matrix


class TestBoundedReports:
    def test_a_long_value_is_cut_in_messages(self) -> None:
        """A value a message quotes is cut after 1,000 characters."""
        data = matrix_data()
        data["levels"][0]["assignment"] = "x" * 5000
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        (problem,) = caught.value.problems
        assert problem.message.startswith(
            "must be one of 'all', 'round_robin', got 'xxx"
        )
        assert problem.message.endswith("x...")
        assert len(problem.message) < 1100

    def test_aliases_do_not_multiply_a_message(self) -> None:
        """A long YAML value repeated by aliases makes a message of bounded size."""
        pytest.importorskip("yaml")
        levels = "\n".join(f"  - {{key: *a, rank: {n}}}" for n in range(1, 201))
        text = f"x: &a {'y' * 100_000}\nlevels:\n{levels}\n"
        with pytest.raises(ValidationError) as caught:
            em.loads(text, "yaml")
        assert len(str(caught.value)) < 2_000_000

    def test_a_list_with_too_many_problems_is_cut(self) -> None:
        """After 1,000 problems, the rest of a list is not read, and it says so."""
        data = matrix_data()
        data["levels"] = [1] * 100_000
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        said = [str(problem) for problem in caught.value.problems]
        assert said[999] == "$.levels[999]: must be an object (a table), got 1"
        assert said[1000] == (
            "$.levels[1000]: not read, nor what follows it: 1000 problems were "
            "found before it"
        )
        assert len(said) < 1010

    def test_a_contacts_ids_past_the_bound_are_cut(self) -> None:
        """A contact's ids that are no strings are said up to the bound, then cut."""
        ids = {f"k{n}": n for n in range(3000)}
        with pytest.raises(ValidationError) as caught:
            em.from_dict({"name": "Ada", "ids": ids}, Contact)
        said = [str(problem) for problem in caught.value.problems]
        assert len(said) == 1001
        assert said[0] == "$.ids.k0: must be a string, got 0"
        assert said[-1] == (
            "$.ids.k1000: not read, nor what follows it: 1000 problems were found "
            "before it"
        )

    def test_an_object_with_too_many_unknown_fields_is_cut(self) -> None:
        """After 1,000 unknown fields, the rest of an object is not read."""
        data = matrix_data()
        data["levels"][0].update({f"k{n}": n for n in range(5000)})
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        said = [str(problem) for problem in caught.value.problems]
        assert (
            "$.levels[0].k1000: not read, nor what follows it: 1000 problems were "
            "found before it"
        ) in said
        assert len(said) < 1010
        texts = matrix_data()
        texts["issue_types"][0]["responsibilities"] = {f"L{n}": n for n in range(5000)}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(texts)
        said = [str(problem) for problem in caught.value.problems]
        # L0 is no level key, and no string: two problems, then one each.
        assert (
            "$.issue_types[0].responsibilities.L999: not read, nor what follows "
            "it: 1000 problems were found before it"
        ) in said
        assert len(said) < 1010


def test_a_moment_past_year_9999_in_its_zone() -> None:
    """A time whose zone takes it past 9999 says so, as other times do."""
    text = (
        '{"issue_type": "performance_hiccups", '
        '"opened_at": "9999-12-31T23:59:59+00:00[Pacific/Kiritimati]"}'
    )
    with pytest.raises(ValidationError) as caught:
        em.loads(text, "json", em.Issue)
    assert said(caught.value) == [
        "$.opened_at: must fall within years 1 to 9999 in Pacific/Kiritimati, "
        "got '9999-12-31T23:59:59+00:00'"
    ]


@pytest.mark.parametrize("value", ["no", None, 1])
def test_forbid_extra_keys_is_a_bool(value: object) -> None:
    """The converters' switch is a bool, not anything truthy."""
    with pytest.raises(em.exceptions.WrongTypeError, match="forbid_extra_keys"):
        em.register_hooks(cattrs.Converter(), forbid_extra_keys=value)  # type: ignore[arg-type]
    with pytest.raises(em.exceptions.WrongTypeError, match="forbid_extra_keys"):
        em.make_converter(forbid_extra_keys=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "moment", ["2026-11-27T09:00:00.123456789Z", "2026-11-27T09:00:00,1234567+01:00"]
)
def test_a_fraction_past_microseconds_is_refused(moment: str) -> None:
    """A time finer than Python keeps is refused, not cut without a word."""
    data = {"issue_type": "performance_hiccups", "opened_at": moment}
    with pytest.raises(ValidationError) as caught:
        em.from_dict(data, em.Issue)
    assert said(caught.value) == [
        "$.opened_at: must give a second's fraction to at most 6 digits "
        f"(microseconds), got '{moment}'"
    ]
    six = {**data, "opened_at": "2026-11-27T09:00:00.123456Z"}
    assert em.from_dict(six, em.Issue).opened_at.microsecond == 123456


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"overlay": "acme", "key": "BAD KEY", "language": "xx-", "title": None},
            ["$.key", "$.language", "$.title"],
        ),
        ({"overlay": "acme", "base": "BAD KEY", "texts": "x"}, ["$.base", "$.texts"]),
        ({"overlay": 5, "key": "BAD KEY"}, ["$.overlay", "$.key"]),
    ],
)
def test_an_overlay_s_own_checks_run_beside_a_wrong_type(
    data: dict[str, Any], expected: list[str]
) -> None:
    """A field of the wrong type hides none of the overlay's other problems."""
    with pytest.raises(ValidationError) as caught:
        em.from_dict({"schema_version": 1, **data}, Overlay)
    assert [problem.path for problem in caught.value.problems] == expected


def test_a_level_key_that_could_not_be_read_names_no_level() -> None:
    """A level whose key is refused is named by no severity or rule.

    A severity with an entry level and no max_level is not said to
    contradict a max_level found at the unread key's rank.
    """
    data = matrix_data()
    data["levels"][0]["key"] = "BAD"
    for issue_type in data["issue_types"]:
        del issue_type["responsibilities"]["L1"]
    high = data["policy"]["severities"][1]
    assert high["key"] == "high"
    assert "max_level" not in high
    high["entry_level"] = "L2"
    data["policy"]["rules"] = [
        {"name": "r", "entry_level": "L3", "when": {"field": "id", "op": "exists"}}
    ]
    with pytest.raises(ValidationError) as caught:
        em.from_dict(data)
    assert said(caught.value) == [
        "$.levels[0].key: must be a 'L1'-style or lowercase snake_case ASCII key "
        "of at most 64 characters, got 'BAD'"
    ]
    with pytest.raises(ValidationError) as caught:
        em.loads(json.dumps(data), "json")
    assert said(caught.value) == [
        "$.levels[0].key: must be a 'L1'-style or lowercase snake_case ASCII key "
        "of at most 64 characters, got 'BAD'"
    ]
