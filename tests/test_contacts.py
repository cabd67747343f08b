"""People behind roles: contacts in matrices, resolvers in routing decisions."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given

import escalation_matrix as em
from escalation_matrix import Decision, Issue, Role, default_matrix, route
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix.contacts import Contact, Resolver
from escalation_matrix.exceptions import RoutingError, ValidationError
from escalation_matrix.typing import Format
from tests.helpers import small_matrix
from tests.strategies import contacts

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADA = Contact("Ada Lovelace", email="ada@example.com", phone="+39 06 1234 5678")
BOB = Contact("Bob", chat="@bob")


def staffed_matrix() -> em.Matrix:
    """The small matrix with people behind two of its roles."""
    roles = [
        Role("agent", "Agent", contacts=[ADA, BOB]),
        Role("lead", "Team lead", contacts=[Contact("Lea", email="lea@example.com")]),
        Role("boss", "Boss"),
    ]
    return small_matrix(roles=roles)


class TestContact:
    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (
                lambda: Contact(" "),
                ["$.name: must be a text with something visible in it, got ' '"],
            ),
            (
                lambda: Contact("Ada", email="ada@example"),
                [
                    "$.email: must be an e-mail address such as 'ada@example.com', got 'ada@example'"
                ],
            ),
            (
                lambda: Contact("Ada", phone="call me"),
                [
                    "$.phone: must be a phone number (digits, spaces and +()./-) such as '+39 06 1234 5678', got 'call me'"
                ],
            ),
            (
                lambda: Contact("Ada", phone="+1"),
                [
                    "$.phone: must be a phone number (digits, spaces and +()./-) such as '+39 06 1234 5678', got '+1'"
                ],
            ),
            (
                lambda: Contact("Ada", chat=""),
                ["$.chat: must be a text with something visible in it, got ''"],
            ),
            (
                lambda: Contact(3, email=4),  # type: ignore[arg-type]
                ["$.name: must be a string, got 3", "$.email: must be a string, got 4"],
            ),
        ],
    )
    def test_invalid(self, build: object, expected: list[str]) -> None:
        """A bad contact lists every problem with its field."""
        with pytest.raises(ValidationError) as caught:
            build()  # type: ignore[operator]
        assert expected == [str(problem) for problem in caught.value.problems]

    def test_role_contacts_are_a_tuple(self) -> None:
        """A role keeps its contacts as an immutable tuple, in the given order."""
        assert Role("agent", "Agent", contacts=[ADA, BOB]).contacts == (ADA, BOB)

    @pytest.mark.parametrize(
        ("contacts", "expected"),
        [
            ("Ada", "$.contacts: must be a list of Contact, got 'Ada'"),
            (
                ADA,
                "$.contacts: must be a list of Contact, got a Contact ('Ada Lovelace')",
            ),
            (["Ada"], "$.contacts[0]: must be a Contact, got 'Ada'"),
        ],
    )
    def test_role_contacts_must_be_contacts(
        self, contacts: object, expected: str
    ) -> None:
        """A role refuses contacts that are not a list of Contact."""
        with pytest.raises(ValidationError) as caught:
            Role("agent", "Agent", contacts=contacts)  # type: ignore[arg-type]
        assert [expected] == [str(problem) for problem in caught.value.problems]

    def test_roles_with_contacts_stay_hashable(self) -> None:
        """A role with contacts can be hashed, like every value object."""
        assert hash(Role("agent", "Agent", contacts=[ADA])) == hash(
            Role("agent", "Agent", contacts=[ADA])
        )


class TestContactsInFiles:
    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, fmt: Format) -> None:
        """Contacts survive every file format."""
        matrix = staffed_matrix()
        assert matrix == em.loads(em.dumps(matrix, fmt), fmt)

    @given(contacts())
    def test_any_contact_round_trips(self, contact: Contact) -> None:
        """Any valid contact reads back equal from its payload."""
        assert contact == em.from_dict(em.to_dict(contact), Contact)

    def test_payload_shape(self) -> None:
        """Contacts are written under their role, absent details left out."""
        data = em.to_dict(staffed_matrix())
        assert data["roles"][0]["contacts"] == [
            {
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "phone": "+39 06 1234 5678",
            },
            {"name": "Bob", "chat": "@bob"},
        ]
        assert "contacts" not in data["roles"][2]

    def test_problems_have_paths(self) -> None:
        """Bad contacts in a file are reported with their paths."""
        data = em.to_dict(staffed_matrix())
        data["roles"][0]["contacts"] = [{"name": "", "mail": "x"}, 3]
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        assert [str(problem) for problem in caught.value.problems] == [
            "$.roles[0].contacts[0].name: must be a text with something visible in it, got ''",
            "$.roles[0].contacts[0].mail: unknown field; expected one of: name, email, phone, chat, kind, ids, select",
            "$.roles[0].contacts[1]: must be an object (a table), got 3",
        ]

    def test_names_are_not_translated(self) -> None:
        """Translation keeps contacts as they are, and offers them to no translator."""
        matrix = staffed_matrix()
        italian = em.translate(matrix, "it")
        assert matrix.roles[0].contacts == italian.roles[0].contacts
        texts = [text.text for text in matrix_texts(matrix)]
        assert "Ada Lovelace" not in texts


def on_call(role: Role, decision: Decision) -> Iterable[Contact]:
    """A schedule: the night desk before 08:00 UTC, else the role's people."""
    if decision.at.hour < 8:
        return [Contact(f"Night desk for {role.key}")]
    return role.contacts


class TestResolvers:
    def test_role_contacts_without_resolver(self) -> None:
        """Without a resolver, a decision names its role's contacts."""
        decision = route(staffed_matrix(), Issue("outage", OPENED), now=OPENED)
        assert decision.contacts == (ADA, BOB)

    def test_no_contacts(self) -> None:
        """A role without contacts gives a decision with none."""
        decision = route(
            default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED
        )
        assert decision.contacts == ()

    def test_resolver_answer_is_the_decision_contacts(self) -> None:
        """A resolver's people appear in the routing decision."""
        now = OPENED + timedelta(hours=16)  # 01:00 the next day, at L3
        decision = route(
            staffed_matrix(), Issue("outage", OPENED), now=now, resolver=on_call
        )
        assert ("L3", (Contact("Night desk for boss"),)) == (
            decision.level.key,
            decision.contacts,
        )

    def test_resolver_sees_role_and_decision(self) -> None:
        """The resolver is given the decision's role and the decision itself."""
        seen: list[tuple[str, str, datetime]] = []

        def spy(role: Role, decision: Decision) -> list[Contact]:
            seen.append((role.key, decision.level.key, decision.at))
            return []

        now = OPENED + timedelta(minutes=45)
        route(staffed_matrix(), Issue("outage", OPENED), now=now, resolver=spy)
        assert [("lead", "L2", now)] == seen

    def test_resolver_answer_equal_to_role_contacts(self) -> None:
        """A resolver that gives the role's own contacts changes nothing."""
        issue = Issue("outage", OPENED)
        matrix = staffed_matrix()
        assert route(matrix, issue, now=OPENED) == route(
            matrix, issue, now=OPENED, resolver=on_call
        )

    def test_resolved_decisions_differ(self) -> None:
        """Decisions naming different people are not equal."""
        issue, now = Issue("outage", OPENED), OPENED + timedelta(hours=16)
        matrix = staffed_matrix()
        assert route(matrix, issue, now=now) != route(
            matrix, issue, now=now, resolver=on_call
        )

    def test_route_many_with_resolver(self) -> None:
        """route_many() asks the resolver for every decision."""
        issues = [Issue("outage", OPENED), Issue("billing", OPENED)]
        decisions = em.route_many(
            staffed_matrix(),
            issues,
            now=OPENED + timedelta(hours=16),
            resolver=on_call,
        )
        assert [(Contact("Night desk for boss"),)] * 2 == [
            d.contacts for d in decisions
        ]

    @pytest.mark.parametrize(
        ("answer", "expected"),
        [
            (None, "the resolver must return a list of Contact, got null"),
            (
                ADA,
                "the resolver must return a list of Contact, got a Contact ('Ada Lovelace')",
            ),
            (
                ["Ada"],
                "the resolver must return a list of Contact, got 'Ada' among them for role 'agent'",
            ),
        ],
    )
    def test_bad_answers_are_refused(self, answer: object, expected: str) -> None:
        """A resolver giving something other than contacts is a routing error."""
        with pytest.raises(RoutingError, match="^" + re.escape(expected)):
            route(
                staffed_matrix(),
                Issue("outage", OPENED),
                now=OPENED,
                resolver=lambda role, decision: answer,  # type: ignore[arg-type]  # noqa: ARG005
            )

    def test_resolver_errors_reach_the_caller(self) -> None:
        """What a resolver raises is not hidden."""

        def broken(role: Role, decision: Decision) -> list[Contact]:  # noqa: ARG001
            raise LookupError(role.key)

        with pytest.raises(LookupError, match="agent"):
            route(
                staffed_matrix(), Issue("outage", OPENED), now=OPENED, resolver=broken
            )


class TestDecisionPayloads:
    @pytest.mark.parametrize("resolver", [None, on_call])
    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, resolver: Resolver | None, fmt: Format) -> None:
        """A decision's contacts survive every format, with or without a resolver."""
        decision = route(
            staffed_matrix(),
            Issue("outage", OPENED),
            now=OPENED + timedelta(hours=16),
            resolver=resolver,
        )
        assert decision == em.loads(em.dumps(decision, fmt), fmt, Decision)

    def test_payload_names_the_resolved_contacts(self) -> None:
        """The payload holds the resolver's answer, not the role's contacts."""
        decision = route(
            staffed_matrix(),
            Issue("outage", OPENED),
            now=OPENED + timedelta(hours=16),
            resolver=on_call,
        )
        assert em.to_dict(decision)["contacts"] == [{"name": "Night desk for boss"}]

    def test_nobody_to_contact(self) -> None:
        """A resolver answering no one gives a decision that reads back with no one."""
        decision = route(
            staffed_matrix(),
            Issue("outage", OPENED),
            now=OPENED,
            resolver=lambda role, decision: [],  # noqa: ARG005
        )
        data = em.to_dict(decision)
        assert ("contacts" not in data, ()) == (
            True,
            em.from_dict(data, Decision).contacts,
        )

    def test_pickled_decision_keeps_contacts(self) -> None:
        """A pickled decision keeps the resolver's answer."""
        decision = route(
            staffed_matrix(),
            Issue("outage", OPENED),
            now=OPENED + timedelta(hours=16),
            resolver=on_call,
        )
        assert decision.contacts == pickle.loads(pickle.dumps(decision)).contacts  # noqa: S301
