"""Issues, rules, decisions and plans as data, on our converters and users' own."""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import cattrs
import pytest
from cattrs.preconf.json import make_converter as make_json_converter
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import (
    Action,
    Decision,
    Issue,
    Matrix,
    Plan,
    Policy,
    default_matrix,
    plan,
    route,
)
from escalation_matrix._serialization import payloads
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import UnserializableError, ValidationError
from escalation_matrix.reasons import (
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
)
from escalation_matrix.rules import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Predicate,
    Rule,
)
from escalation_matrix.typing import Format
from tests.strategies import optional_multiline_texts, texts

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


def problems(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


moments = st.integers(min_value=0, max_value=200 * 60).map(
    lambda minutes: OPENED + timedelta(minutes=minutes)
)


@st.composite
def issues(draw: st.DrawFn) -> Issue:
    """Issues of the built-in matrix, with any history and attributes."""
    times = sorted(draw(st.lists(moments, max_size=3)))
    actions = [
        draw(
            st.sampled_from(
                [
                    Action.escalate(moment, draw(optional_multiline_texts)),
                    Action.deescalate(moment),
                    Action.jump(
                        moment, draw(st.sampled_from(["L1", "L2", "L3", "L4"]))
                    ),
                ]
            )
        )
        for moment in times
    ]
    last = times[-1] if times else OPENED
    resolved = draw(st.one_of(st.none(), moments.filter(lambda m: m >= last)))
    values = st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=10),
        st.floats(allow_nan=False, allow_infinity=False),
    )  # fmt: skip
    return Issue(
        draw(st.sampled_from(default_matrix().issue_type_keys)),
        OPENED,
        severity=draw(st.sampled_from([None, "critical", "high", "medium", "low"])),
        acknowledged_at=draw(st.one_of(st.none(), moments)),
        resolved_at=resolved,
        actions=actions,
        attributes=draw(
            st.dictionaries(st.text(min_size=1, max_size=8), values, max_size=3)
        ),
        id=draw(st.one_of(st.none(), texts)),
    )


def _fits_toml(value: object) -> bool:
    """TOML has no null and only 64-bit integers."""
    if value is None:
        return False
    return type(value) is not int or -(2**63) <= value < 2**63


class TestRoundTrips:
    @given(issues())
    def test_issue(self, issue: Issue) -> None:
        """Issues round-trip through JSON, TOML and YAML."""
        assert em.loads(em.dumps(issue, "json"), "json", Issue) == issue
        assert em.loads(em.dumps(issue, "yaml"), "yaml", Issue) == issue
        # What TOML cannot hold; the first such attribute is the one named.
        reasons = []
        if None in issue.attributes.values():
            reasons.append("TOML has no null")
        if not all(map(_fits_toml, issue.attributes.values())):
            reasons.append("TOML integers have 64 bits")
        if reasons:
            with pytest.raises(UnserializableError, match="|".join(reasons)):
                em.dumps(issue, "toml")
        else:
            assert em.loads(em.dumps(issue, "toml"), "toml", Issue) == issue

    @given(issues())
    def test_issue_read_by_generated_hooks(self, issue: Issue) -> None:
        """Valid issue payloads are read whole by the hooks cattrs generates."""
        data = em.to_dict(issue)
        for forbid_extra_keys in (True, False):
            hooks = payloads._structurers(
                forbid_extra_keys=forbid_extra_keys, detailed=False
            ).by_type
            assert hooks[Issue](data, Issue) == issue
            for action, written in zip(
                issue.actions, data.get("actions", []), strict=True
            ):
                assert hooks[Action](written, Action) == action
        order = ["id", "issue_type", "opened_at", "severity", "impact", "urgency"]
        order += ["acknowledged_at", "resolved_at", "actions", "attributes"]
        assert list(data) == [name for name in order if name in data]

    @given(issues(), moments)
    def test_decision_in_toml(self, issue: Issue, now: datetime) -> None:
        """Decisions whose attributes TOML can hold round-trip through TOML too."""
        issue = attrs.evolve(
            issue,
            attributes={k: v for k, v in issue.attributes.items() if _fits_toml(v)},
        )
        decision = route(default_matrix(), issue, now=max(now, OPENED))
        assert em.loads(em.dumps(decision, "toml"), "toml", Decision) == decision

    @given(issues(), moments)
    def test_decision(self, issue: Issue, now: datetime) -> None:
        """Decisions round-trip through JSON with their reasons."""
        decision = route(default_matrix(), issue, now=max(now, OPENED))
        copy = em.loads(em.dumps(decision, "json"), "json", Decision)
        assert copy == decision
        assert copy.reasons == decision.reasons
        assert copy.next_level == decision.next_level
        assert copy.resolved == decision.resolved

    @given(issues())
    def test_plan(self, issue: Issue) -> None:
        """Plans round-trip through JSON."""
        result = plan(default_matrix(), issue)
        assert em.loads(em.dumps(result, "json"), "json", Plan) == result

    def test_reasons(self) -> None:
        """Every kind of reason round-trips on its own."""
        reasons: list[Reason] = [
            ReasonEntered(OPENED, "L2", "rule", "critical", "vip"),
            ReasonEscalated(
                at(1),
                "L4",
                "L2",
                timedelta(hours=1),
                True,
                True,
                "unacknowledged",
                ("L3",),
            ),
            ReasonMoved(at(2), "L1", "L4", "jump", "wrong team"),
            ReasonHeld(at(3), "L1", "cap", "low", None),
        ]
        for reason in reasons:
            data = em.to_dict(reason)
            assert data["kind"] == reason.kind
            assert em.from_dict(data, type(reason)) == reason

    def test_reason_subclass_written_as_its_base(self) -> None:
        """A subclass of a reason without fields of its own is written as its base."""

        class Paused(ReasonHeld):
            pass

        assert payloads.reason_to_data(Paused(OPENED, "L1", "top")) == {
            "kind": "held",
            "at": "2026-11-27T09:00:00+00:00",
            "level": "L1",
            "cause": "top",
        }

    def test_issue_payload_shape(self) -> None:
        """Times are ISO 8601 with their offset; defaults are left out."""
        issue = Issue(
            "outage",
            OPENED,
            severity="high",
            actions=[Action.jump(at(1), "L3", "VIP")],
            attributes={"tier": "gold"},
            id="T-42",
        )
        assert em.to_dict(issue) == {
            "id": "T-42",
            "issue_type": "outage",
            "opened_at": "2026-11-27T09:00:00+00:00",
            "severity": "high",
            "actions": [
                {
                    "kind": "jump",
                    "at": "2026-11-27T10:00:00+00:00",
                    "reason": "VIP",
                    "level": "L3",
                }
            ],
            "attributes": {"tier": "gold"},
        }

    def test_z_suffix_accepted(self) -> None:
        """Times written with Z, as many systems do, are read as UTC."""
        issue = em.from_dict(
            {"issue_type": "x", "opened_at": "2026-11-27T09:00:00Z"}, Issue
        )
        assert issue.opened_at == OPENED

    def test_toml_native_datetimes(self) -> None:
        """Hand-written TOML may use native date-times."""
        text = 'issue_type = "x"\nopened_at = 2026-11-27T09:00:00Z\n'
        assert em.loads(text, "toml", Issue).opened_at == OPENED


#: The keys of each payload, in the order the file format writes them.
DECISION_KEYS = [
    "issue",
    "at",
    "level",
    "role",
    "responsibility",
    "since",
    "notify_at",
    "cycle",
    "next_escalation_at",
    "next_level",
    "severity",
    "resolved",
    "fingerprint",
    "reasons",
    "contacts",
    "names",
]
STAGE_KEYS = [
    "level",
    "role",
    "responsibility",
    "start",
    "end",
    "notify_at",
    "cycle",
    "reason",
]
PLAN_KEYS = ["issue", "severity", "stages", "held", "fingerprint", "names"]


def _waiting_and_repeating() -> Matrix:
    """The built-in matrix, notifying after a first wait and repeating its levels."""
    matrix = default_matrix()
    policy = attrs.evolve(
        matrix.policy,
        first_wait=em.FirstWait("30m", escalate_while="unacknowledged"),
        repeat=em.Repeat(2, "1h", from_level="L2"),
    )
    return attrs.evolve(matrix, policy=policy)


def _on_call(role: em.Role, decision: Decision) -> list[Contact]:
    return [Contact(f"On call {role.key}")] if decision.at.minute % 2 else []


class TestPayloadShapes:
    @given(issues(), moments, st.booleans())
    def test_decision(self, issue: Issue, now: datetime, resolve: bool) -> None:  # noqa: FBT001
        """A decision's fields are written in order, left out when at their default."""
        decision = route(
            _waiting_and_repeating(),
            issue,
            now=max(now, OPENED),
            resolver=_on_call if resolve else None,
        )
        data = em.to_dict(decision)
        assert list(data) == [key for key in DECISION_KEYS if key in data]
        assert ("notify_at" in data, "cycle" in data) == (
            decision.notify_at != decision.since,
            decision.cycle != 1,
        )
        assert ("next_level" in data, "contacts" in data, "severity" in data) == (
            decision.next_level is not None,
            bool(decision.contacts),
            decision.severity is not None,
        )
        assert em.from_dict(data, Decision) == decision

    @given(issues(), st.one_of(st.none(), moments))
    def test_plan_and_stages(self, issue: Issue, now: datetime | None) -> None:
        """A plan and its stages are written in order, defaults left out."""
        result = plan(_waiting_and_repeating(), issue, now=now)
        data = em.to_dict(result)
        assert list(data) == [key for key in PLAN_KEYS if key in data]
        assert ("severity" in data) == (result.severity is not None)
        for stage, written in zip(result.stages, data["stages"], strict=True):
            assert written == em.to_dict(stage)
            assert list(written) == [key for key in STAGE_KEYS if key in written]
            assert ("end" in written, "notify_at" in written, "cycle" in written) == (
                stage.end is not None,
                stage.notify_at != stage.start,
                stage.cycle != 1,
            )
        assert em.from_dict(data, Plan) == result

    def test_every_optional_field_written(self) -> None:
        """A decision with every optional field is written with all, in order."""
        issue = Issue("performance_hiccups", OPENED, severity="high")
        decision = route(
            _waiting_and_repeating(),
            issue,
            now=at(38),
            resolver=lambda *_: [Contact("Ann")],
        )
        written = em.to_dict(decision)
        # Routing notifies late only on entry, in the first round: a payload
        # read back says it of a later round too.
        data = {}
        for key, value in written.items():
            data[key] = value
            if key == "since":
                data["notify_at"] = (decision.since + timedelta(minutes=10)).isoformat()
        copy = em.to_dict(em.from_dict(data, Decision))
        assert (list(data), list(copy), copy) == (DECISION_KEYS, DECISION_KEYS, data)


class _NoOffset(tzinfo):
    """A time zone that gives no UTC offset."""

    def utcoffset(self, _: datetime | None) -> None:
        return None

    def dst(self, _: datetime | None) -> None:
        return None

    def tzname(self, _: datetime | None) -> None:
        return None


class TestBrokenPayloads:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                {"issue_type": "x", "opened_at": "2026-11-27T09:00:00"},
                [
                    "$.opened_at: must include a UTC offset such as +00:00 or Z, got '2026-11-27T09:00:00'"
                ],
            ),
            (
                {"issue_type": "x", "opened_at": "yesterday"},
                [
                    "$.opened_at: must be an ISO 8601 date and time with its UTC offset, got 'yesterday'"
                ],
            ),
            (
                {"issue_type": "x", "opened_at": 5},
                ["$.opened_at: must be a date and time string, got 5"],
            ),
            (
                {"issue_type": "x"},
                ["$.opened_at: missing required field"],
            ),
            (
                {
                    "issue_type": "x",
                    "opened_at": "2026-11-27T09:00:00Z",
                    "resolved_at": "2026-11-27T08:00:00Z",
                },
                [
                    "$.resolved_at: must not be before opened_at ('2026-11-27T09:00:00Z'), got '2026-11-27T08:00:00Z'"
                ],
            ),
            (
                {
                    "issue_type": "x",
                    "opened_at": "2026-11-27T09:00:00Z",
                    "attributes": {"a": [1]},
                    "colour": 1,
                },
                [
                    "$.attributes.a: must be a string, number, boolean or null, got [1]",
                    "$.colour: unknown field; expected one of: id, issue_type, opened_at, severity, impact, urgency, acknowledged_at, resolved_at, actions, attributes",
                ],
            ),
            (
                {
                    "issue_type": "x",
                    "opened_at": "2026-11-27T09:00:00Z",
                    "actions": [{"kind": "jump", "at": "2026-11-27T10:00:00Z"}],
                },
                ["$.actions[0].level: is required for a jump"],
            ),
        ],
    )
    def test_issue(self, data: object, expected: list[str]) -> None:
        """Bad issue payloads list every problem with its path."""
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Issue)
        assert problems(info.value) == expected

    @pytest.mark.parametrize(
        "opened",
        [
            datetime(2026, 11, 27, 9),  # noqa: DTZ001 -- naive, refused
            datetime(2026, 11, 27, 9, tzinfo=_NoOffset()),
        ],
        ids=["naive", "zone without offset"],
    )
    def test_issue_time_from_code_without_offset(self, opened: datetime) -> None:
        """A datetime given in the data (from code, TOML or YAML) needs an offset too."""
        with pytest.raises(ValidationError) as info:
            em.from_dict({"issue_type": "x", "opened_at": opened}, Issue)
        [problem] = problems(info.value)
        assert problem.startswith("$.opened_at: must include a UTC offset"), problem

    @pytest.mark.parametrize(
        "opened",
        [
            datetime(2026, 11, 27, 9, tzinfo=ZoneInfo("Europe/Rome")),
            datetime(1, 1, 1, 23, tzinfo=timezone(timedelta(hours=-1))),
            datetime(9999, 12, 31, 1, tzinfo=timezone(timedelta(hours=1))),
        ],
        ids=["named zone", "first year", "last year"],
    )
    def test_issue_time_from_code_kept(self, opened: datetime) -> None:
        """An aware datetime within the calendar in UTC is kept as given."""
        issue = em.from_dict({"issue_type": "x", "opened_at": opened}, Issue)
        assert issue.opened_at is opened

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ({"kind": "guessed"}, "$.kind: must be one of held, got 'guessed'"),
            ({"kind": "entered"}, "$.kind: must be one of held, got 'entered'"),
            ({"kind": []}, "$.kind: must be one of held, got []"),
            (
                {"level": "L1"},
                "$.kind: missing required field; a reason's kind is one of held",
            ),
            ("held", "$: must be a reason (an object with a kind), got 'held'"),
        ],
    )
    def test_reason_kind(self, data: object, expected: str) -> None:
        """A reason's kind must be known."""
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, ReasonHeld)
        assert problems(info.value) == [expected]

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (lambda d: d.pop("reasons"), ["$.reasons: missing required field"]),
            (lambda d: d.pop("issue"), ["$.issue: missing required field"]),
            (
                lambda d: d.update(role=12345),
                ["$.role: must be an object (a table), got 12345"],
            ),
            (
                lambda d: d.update(reasons=[]),
                [
                    "$.reasons: must not be empty: a decision has at least the reason it began"
                ],
            ),
            (
                lambda d: d["reasons"][0].update(kind="x"),
                [
                    "$.reasons[0].kind: must be one of entered, escalated, moved, repeated, held, got 'x'"
                ],
            ),
        ],
    )
    def test_broken_decisions(self, change: Any, expected: list[str]) -> None:
        """Broken decision payloads are reported, never a raw Python error."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=at(30))
        )
        change(data)
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == expected

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (lambda d: d.pop("stages"), ["$.stages: missing required field"]),
            (
                lambda d: d["stages"][0].pop("start"),
                ["$.stages[0].start: missing required field"],
            ),
            (
                lambda d: d.update(stages=[]),
                [
                    "$.stages: must not be empty: a plan has at least the stage it begins with"
                ],
            ),
        ],
    )
    def test_broken_plans(self, change: Any, expected: list[str]) -> None:
        """Broken plan payloads are reported, never a raw Python error."""
        data = em.to_dict(plan(default_matrix(), Issue("performance_hiccups", OPENED)))
        change(data)
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Plan)
        assert problems(info.value) == expected

    def test_decision_contradiction(self) -> None:
        """A decision whose resolved flag contradicts its issue is refused."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED)
        )
        data["resolved"] = True
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == [
            "$.resolved: must be false for the issue's resolved_at and at, got true"
        ]

    def test_decision_with_bad_level(self) -> None:
        """Levels inside decisions are checked like matrix levels."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED)
        )
        data["level"]["rank"] = 0
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == ["$.level.rank: must be >= 1, got 0"]

    def test_plan_held_must_be_a_hold(self) -> None:
        """A plan's held reason must be of kind held."""
        data = em.to_dict(plan(default_matrix(), Issue("performance_hiccups", OPENED)))
        data["held"] = data["stages"][0]["reason"]
        with pytest.raises(ValidationError, match="must be a reason of kind 'held'"):
            em.from_dict(data, Plan)

    def test_unknown_field_and_the_objects_own_checks(self) -> None:
        """An unknown field does not hide the checks across the other fields."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED)
        )
        data.update(reasons=[], colour="red")
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == [
            "$.reasons: must not be empty: a decision has at least the reason it began",
            "$.colour: unknown field; expected one of: issue, at, level, role, "
            "responsibility, since, notify_at, cycle, next_escalation_at, "
            "next_level, severity, resolved, fingerprint, reasons, contacts, names",
        ]

    def test_bad_carried_names(self) -> None:
        """Every problem of the names a decision carries has its path."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED)
        )
        data["names"] = {
            "level_roles": {"L1": 2},
            "texts": {"role:agent:title": "Agent"},
            "translations": {"it": {"role:agent:title": 1}, "fr": "x"},
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == [
            "$.names.level_roles.L1: must be a string, got 2",
            "$.names.translations.it['role:agent:title']: must be a string, got 1",
            "$.names.translations.fr: must be an object (a table), got 'x'",
        ]
        data["names"] = {"translations": []}
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == [
            "$.names.translations: must be an object (a table), got []"
        ]
        data.update(names={"translations": {"it": {}}}, cycle=0)
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        assert problems(info.value) == ["$.cycle: must be 1 or more, got 0"]

    @pytest.mark.parametrize("forbid_extra_keys", [True, False])
    def test_names_must_be_an_object(self, forbid_extra_keys: bool) -> None:  # noqa: FBT001
        """Names that are not an object are refused, unknown fields allowed or not."""
        data = em.to_dict(
            route(default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED)
        )
        data["names"] = "none"
        with pytest.raises(ValidationError) as info:
            payloads.read_payload(Decision, data, forbid_extra_keys=forbid_extra_keys)
        assert problems(info.value) == [
            "$.names: must be an object (a table), got 'none'"
        ]

    def test_any_reason(self) -> None:
        """A reason of any kind is read by its kind, or refused as a reason."""
        held = ReasonHeld(OPENED, "L1", "top")
        assert payloads.read_payload(Reason, em.to_dict(held)) == held
        with pytest.raises(ValidationError) as info:
            payloads.read_payload(Reason, [])
        assert str(info.value) == (
            "Invalid reason: 1 problem:\n"
            "  $: must be a reason (an object with a kind), got []"
        )

    def test_attributes_of_any_mapping(self) -> None:
        """Attributes given as another kind of mapping of scalars are read."""
        data = {
            "issue_type": "x",
            "opened_at": OPENED,
            "attributes": OrderedDict(tier="gold"),
        }
        assert em.from_dict(data, Issue).attributes == {"tier": "gold"}


@attrs.frozen(repr=False)
class TicketIssue(Issue):
    """An issue with the queue of the ticket it comes from."""

    queue: str = attrs.field(default="ops", kw_only=True)


class TestIssueSubclasses:
    def test_round_trip(self) -> None:
        """A subclass of Issue reads back as itself, its own field included."""
        issue = TicketIssue("performance_hiccups", OPENED, id="T-1", queue="sales")
        data = em.to_dict(issue)
        assert data["queue"] == "sales"
        assert em.from_dict(data, TicketIssue) == issue

    def test_problems_list_the_extra_fields(self) -> None:
        """Its payload's problems are all said, unknown fields listing its own."""
        data = {
            "issue_type": "performance_hiccups",
            "opened_at": "2026-11-27T09:00:00Z",
            "acknowledged_at": "2026-11-27T08:00:00Z",
            "colour": "red",
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, TicketIssue)
        assert problems(info.value) == [
            "$.acknowledged_at: must not be before opened_at "
            "('2026-11-27T09:00:00Z'), got '2026-11-27T08:00:00Z'",
            "$.colour: unknown field; expected one of: id, issue_type, opened_at, "
            "severity, impact, urgency, acknowledged_at, resolved_at, actions, "
            "attributes, queue",
        ]


RULES = [
    Rule(
        "vip",
        Compare("attributes.tier", "in", ["gold", "platinum"])
        & (
            Compare("severity", ">=", "high") | ~Compare("attributes.trial", "==", True)
        ),
        entry_level="L3",
        description="Key customers go straight to their account manager.",
    ),
    Rule("quiet", Compare("severity", "==", "low"), max_level="L1", skip_levels=[]),
]


def with_rules(rules: list[Rule]) -> Matrix:
    matrix = default_matrix()
    return attrs.evolve(matrix, policy=attrs.evolve(matrix.policy, rules=rules))


class TestRulesInFiles:
    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, fmt: Format) -> None:
        """A matrix with rules round-trips through every format."""
        matrix = with_rules(RULES)
        assert em.loads(em.dumps(matrix, fmt), fmt) == matrix

    def test_rule_payload(self) -> None:
        """Conditions are written as field/op/value and all/any/not."""
        assert em.to_dict(RULES[0]) == {
            "name": "vip",
            "description": "Key customers go straight to their account manager.",
            "when": {
                "all": [
                    {
                        "field": "attributes.tier",
                        "op": "in",
                        "value": ["gold", "platinum"],
                    },
                    {
                        "any": [
                            {"field": "severity", "op": ">=", "value": "high"},
                            {
                                "not": {
                                    "field": "attributes.trial",
                                    "op": "==",
                                    "value": True,
                                }
                            },
                        ]
                    },
                ]
            },
            "entry_level": "L3",
        }
        assert em.to_dict(RULES[1])["skip_levels"] == []
        assert em.to_dict(Compare("id", "exists")) == {"field": "id", "op": "exists"}

    def test_conditions_structure_by_type(self) -> None:
        """Any condition type can be read from data."""
        data = em.to_dict(RULES[0].when)
        for cls in (Condition, AllOf):
            assert em.from_dict(data, cls) == RULES[0].when
        with pytest.raises(ValidationError, match="must be a AnyOf condition"):
            em.from_dict(data, AnyOf)
        assert em.from_dict({"not": {"field": "id", "op": "exists"}}, Not) == ~Compare(
            "id", "exists"
        )

    def test_python_callables_cannot_be_saved(self) -> None:
        """Rules with Python callables route, but cannot be written to a file."""
        matrix = with_rules([Rule("custom", lambda _issue: True, entry_level="L2")])
        assert (
            route(matrix, Issue("performance_hiccups", OPENED), now=OPENED).level.key
            == "L2"
        )
        with pytest.raises(UnserializableError, match="Python callable is code"):
            em.dumps(matrix, "toml")
        with pytest.raises(UnserializableError):
            em.to_dict(Predicate(bool))

    @pytest.mark.parametrize(
        ("when", "expected"),
        [
            (
                {"field": "severity", "op": "~", "value": "x"},
                [
                    "$.policy.rules[0].when.op: must be one of ==, !=, <, <=, >, >=, in, not_in, exists, missing, got '~'"
                ],
            ),
            ({"all": []}, ["$.policy.rules[0].when.all: must not be empty"]),
            (
                {"all": [{"field": "id"}], "any": []},
                [
                    "$.policy.rules[0].when: must have either field/op/value, or exactly one of all, any, not, during; got the fields all, any"
                ],
            ),
            (
                {"any": [3]},
                [
                    "$.policy.rules[0].when.any[0]: must be a condition (an object), got 3"
                ],
            ),
            (
                {"not": {"field": "id"}},
                ["$.policy.rules[0].when.not.op: missing required field"],
            ),
            (
                {"field": "severity", "op": "==", "value": {"a": 1}},
                [
                    '$.policy.rules[0].when.value: must be a string, number, boolean or null, got {"a": 1}'
                ],
            ),
            (
                {"field": "severity", "op": "==", "value": "urgent"},
                [
                    "$.policy.rules[0].when.value: unknown severity 'urgent'; known severity keys: critical, high, medium, low"
                ],
            ),
            (
                "severity == high",
                [
                    "$.policy.rules[0].when: must be a condition (an object), got 'severity == high'"
                ],
            ),
        ],
    )
    def test_broken_rules(self, when: object, expected: list[str]) -> None:
        """Bad conditions in a file are reported with their paths."""
        data = em.to_dict(default_matrix())
        data["policy"]["rules"] = [{"name": "r", "when": when, "entry_level": "L2"}]
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == expected

    def test_broken_rule_fields(self) -> None:
        """Rule fields are checked against the matrix, all at once."""
        data = em.to_dict(default_matrix())
        data["policy"]["rules"] = [
            {
                "name": "Bad Name",
                "when": {"field": "id", "op": "exists"},
                "entry_level": "L9",
            },
            {"name": "no_effect", "when": {"field": "id", "op": "exists"}},
        ]
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == [
            "$.policy.rules[0].name: must be a lowercase snake_case ASCII key of at most 64 characters, got 'Bad Name'",
            "$.policy.rules[0].entry_level: unknown level 'L9'; known level keys: L1, L2, L3, L4",
            "$.policy.rules[1]: must set at least one of entry_level, max_level, skip_levels",
        ]


@attrs.frozen
class Ticket:
    """A user's own type that embeds the library's."""

    matrix: Matrix
    issue: Issue
    decision: Decision
    note: str


class TestEmbedding:
    @pytest.mark.parametrize(
        "make", [cattrs.Converter, make_json_converter], ids=["plain", "json"]
    )
    def test_users_converter(self, make: type[cattrs.Converter]) -> None:
        """A user's attrs class holding a matrix, an issue and a decision round-trips."""
        converter = em.register_hooks(make())
        issue = Issue("performance_hiccups", OPENED, actions=[Action.escalate(at(1))])
        ticket = Ticket(
            default_matrix(), issue, route(default_matrix(), issue, now=at(5)), "n"
        )
        data = converter.unstructure(ticket)
        assert data["decision"]["level"]["key"] == "L2"
        assert converter.structure(data, Ticket) == ticket

    def test_errors_from_users_converter(self) -> None:
        """Inside a user's converter, our errors keep their paths."""
        converter = em.register_hooks(cattrs.Converter())
        issue = Issue("performance_hiccups", OPENED)
        ticket = Ticket(
            default_matrix(), issue, route(default_matrix(), issue, now=OPENED), "n"
        )
        data = converter.unstructure(ticket)
        data["issue"]["opened_at"] = "noon"
        with pytest.raises(cattrs.ClassValidationError) as info:
            converter.structure(data, Ticket)
        (inner,) = info.value.exceptions
        assert isinstance(inner, ValidationError)
        assert problems(inner) == [
            "$.opened_at: must be an ISO 8601 date and time with its UTC offset, got 'noon'"
        ]

    def test_policy_with_rules_in_users_converter(self) -> None:
        """Policies and rules are public types too."""
        converter = em.register_hooks(cattrs.Converter())
        policy = Policy(rules=RULES[:1])
        assert converter.structure(converter.unstructure(policy), Policy) == policy


class TestTimeZones:
    """Times keep their IANA zone through payloads, as RFC 9557 writes it."""

    def test_zone_name_round_trips(self) -> None:
        """A moment in Europe/Rome comes back in Europe/Rome, not at a fixed offset."""
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        rome = ZoneInfo("Europe/Rome")
        issue = Issue("performance_hiccups", datetime(2026, 10, 24, 20, 0, tzinfo=rome))
        data = em.to_dict(issue)
        assert data["opened_at"] == "2026-10-24T20:00:00+02:00[Europe/Rome]"
        copy = em.from_dict(data, Issue)
        assert copy.opened_at.tzinfo is rome
        now = datetime(2026, 10, 26, tzinfo=UTC)
        routed = route(default_matrix(), copy, now=now).next_escalation_at
        assert routed is not None
        assert routed.isoformat() == "2026-10-26T07:00:00+01:00"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "2026-10-24T20:00:00+01:00[Europe/Rome]",
                "$.opened_at: the offset of 2026-10-24T20:00:00+01:00 is not "
                "Europe/Rome's at that moment (2026-10-24T21:00:00+02:00)",
            ),
            (
                "2026-10-24T20:00:00+02:00[Mars/Base]",
                "$.opened_at: time zone must be an IANA time zone name such as "
                "'Europe/Rome', got 'Mars/Base'",
            ),
            (
                "2026-10-24T20:00:00+02:00[../../etc/passwd]",
                "$.opened_at: time zone must be an IANA time zone name such as "
                "'Europe/Rome', got '../../etc/passwd'",
            ),
        ],
    )
    def test_bad_zone_names(self, text: str, expected: str) -> None:
        """A zone name that is unknown or disagrees with the offset is refused."""
        with pytest.raises(ValidationError) as info:
            em.from_dict({"issue_type": "x", "opened_at": text}, Issue)
        assert problems(info.value) == [expected]

    def test_critical_flag_accepted(self) -> None:
        """RFC 9557's critical flag, [!Zone], reads the same."""
        issue = em.from_dict(
            {"issue_type": "x", "opened_at": "2026-10-24T20:00:00+02:00[!Europe/Rome]"},
            Issue,
        )
        assert str(issue.opened_at.tzinfo) == "Europe/Rome"


class TestNothingReadIsLostWhenWritten:
    """A decision or plan read keeps all it was given, or says what it cannot."""

    def decision_data(self) -> dict[str, Any]:
        """A decision's payload that mentions levels, roles and a severity."""
        matrix = em.default_matrix()
        issue = Issue("performance_hiccups", OPENED, severity="critical")
        now = OPENED + timedelta(hours=9)
        data: dict[str, Any] = em.to_dict(em.route(matrix, issue, now=now))
        return data

    def test_a_name_of_nothing_mentioned(self) -> None:
        """A name the decision does not mention would be lost: refused."""
        data = self.decision_data()
        data["names"]["texts"]["role:nobody:title"] = "Nobody"
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, em.Decision)
        assert problems(info.value) == [
            "$.names.texts['role:nobody:title']: would be lost when written back: "
            "only names of what it mentions are kept"
        ]

    def test_role_titles_without_their_levels(self) -> None:
        """Role titles with no level holding them would be lost: refused."""
        data = self.decision_data()
        data["names"]["level_roles"] = {}
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, em.Decision)
        assert all("would be lost" in line for line in problems(info.value))

    def test_a_next_level_without_its_time(self) -> None:
        """A next level with no time to go to it would be lost: refused."""
        data = self.decision_data()
        data["next_escalation_at"] = None
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, em.Decision)
        assert problems(info.value) == [
            "$.next_level: must be null when next_escalation_at is null"
        ]

    def test_a_plan_s_names(self) -> None:
        """A plan is held to the same rule."""
        matrix = em.default_matrix()
        data = em.to_dict(em.plan(matrix, Issue("performance_hiccups", OPENED)))
        assert em.to_dict(em.from_dict(data, em.Plan)) == data
        data["names"]["texts"]["role:nobody:title"] = "Nobody"
        with pytest.raises(ValidationError, match="would be lost"):
            em.from_dict(data, em.Plan)

    def test_what_is_read_is_written_back(self) -> None:
        """A decision's payload read and written back is the same payload."""
        data = self.decision_data()
        assert em.to_dict(em.from_dict(data, em.Decision)) == data
