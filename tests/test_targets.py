"""Targets as data, round robin, and the implicit issue type "any".

Contact kinds, tool ids and selections; levels whose contacts take issues in
turn; a matrix without issue types.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

import escalation_matrix as em
from escalation_matrix import (
    Decision,
    Issue,
    IssueType,
    Level,
    Matrix,
    MatrixBuilder,
    Overlay,
    Role,
)
from escalation_matrix._model.contacts import SELECTS_BY_KIND
from escalation_matrix._model.matrix import IMPLICIT_ISSUE_TYPE
from escalation_matrix._routing.decision import names_of
from escalation_matrix._routing.explain import ANY_ISSUE, display_names
from escalation_matrix.contacts import CONTACT_KINDS, CONTACT_SELECTS, Contact
from escalation_matrix.exceptions import UnknownIssueTypeError, ValidationError
from escalation_matrix.schema import DEFAULT_ISSUE_TYPE, json_schema
from escalation_matrix.typing import Format
from tests.strategies import matrices

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
VALIDATOR = Draft202012Validator(json_schema())
FORMATS: tuple[Format, ...] = ("toml", "json", "yaml")

ROTA = Contact("Primary", kind="schedule", ids={"pagerduty": "PI7DH85"})
PLATFORM = Contact(
    "Platform", kind="team", select="all_members", ids={"opsgenie": "eb2418f8"}
)
ADA = Contact("Ada", email="ada@example.com", ids={"pagerduty": "PAM4FGS"})


def paging(**level_two: Any) -> Matrix:
    """A matrix as a tool's policy gives it: no issue types, group contacts."""
    return Matrix(
        "paging",
        "Paging",
        levels=[
            Level("L1", 1, "sre", "On call", delay=timedelta(minutes=30)),
            Level("L2", 2, "leads", "Leads", **level_two),
        ],
        roles=[
            Role("sre", "SRE", contacts=[ROTA]),
            Role("leads", "Team leads", contacts=[ADA, PLATFORM]),
        ],
    )


def problems(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


def schema_errors(data: Any) -> list[str]:
    return sorted(
        "$"
        + "".join(
            f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
        )
        for error in VALIDATOR.iter_errors(data)
    )


class TestContactChecks:
    def test_defaults(self) -> None:
        """A contact is a person, with no ids, selecting by default."""
        contact = Contact("Ada")
        assert (contact.kind, dict(contact.ids), contact.select) == (
            "person",
            {},
            "default",
        )

    @pytest.mark.parametrize("kind", CONTACT_KINDS)
    @pytest.mark.parametrize("select", CONTACT_SELECTS)
    def test_select_fits_kind(self, kind: str, select: str) -> None:
        """Each kind takes the selections it can make, and refuses the others."""
        allowed = select in SELECTS_BY_KIND[kind]  # type: ignore[index]
        if allowed:
            assert Contact("x", kind=kind, select=select).select == select  # type: ignore[arg-type]
            return
        with pytest.raises(ValidationError) as caught:
            Contact("x", kind=kind, select=select)  # type: ignore[arg-type]
        picks = "a schedule" if "on_call" in select else "a team or user group"
        said = kind.replace("_", " ")
        assert problems(caught.value) == [
            f"$.select: {select!r} picks from {picks}; this contact is a {said}"
        ]

    def test_selections_by_kind(self) -> None:
        """Schedules pick who is on call; teams and user groups, members."""
        assert SELECTS_BY_KIND == {
            "person": ("default",),
            "schedule": ("default", "next_on_call", "previous_on_call"),
            "team": ("default", "all_members", "admins", "team_users", "random_member"),
            "user_group": (
                "default",
                "all_members",
                "admins",
                "team_users",
                "random_member",
            ),
        }

    def test_every_problem_with_its_path(self) -> None:
        """Unknown kind and select, bad tool names and ids: all reported at once."""
        with pytest.raises(ValidationError) as caught:
            Contact(
                "x",
                kind="rota",  # type: ignore[arg-type]
                select="everyone",  # type: ignore[arg-type]
                ids={"PagerDuty": "P1", "opsgenie": "a\nb", "grafana": " ", "x": 3},
            )
        assert problems(caught.value) == [
            "$.kind: must be one of 'person', 'schedule', 'team', 'user_group', "
            "got 'rota'",
            "$.select: must be one of 'default', 'next_on_call', 'previous_on_call', "
            "'all_members', 'admins', 'team_users', 'random_member', got 'everyone'",
            "$.ids.PagerDuty: must be a lowercase snake_case ASCII key of at most 64 "
            "characters, got 'PagerDuty'",
            "$.ids.opsgenie: must be one line, without line break U+000A, got 'a\\nb'",
            "$.ids.grafana: must be a text with something visible in it, got ' '",
            "$.ids.x: must be a string, got 3",
        ]

    def test_unhashable_choices_are_reported(self) -> None:
        """A kind or selection given as a list is a problem, not a crash."""
        with pytest.raises(ValidationError) as caught:
            Contact("x", kind=["team"], select=["admins"])  # type: ignore[arg-type]
        assert [problem.path for problem in caught.value.problems] == [
            "$.kind",
            "$.select",
        ]

    def test_ids_must_be_a_mapping(self) -> None:
        """Ids are a mapping of tool names to ids."""
        with pytest.raises(ValidationError) as caught:
            Contact("x", ids=["P1"])
        assert problems(caught.value) == [
            '$.ids: must be a mapping of tool names to ids, got ["P1"]'
        ]

    def test_ids_are_frozen_and_hashable(self) -> None:
        """A contact with ids is immutable and hashable, equal by value."""
        given_ids = {"pagerduty": "P1"}
        contact = Contact("x", kind="schedule", ids=given_ids)
        given_ids["pagerduty"] = "P2"
        assert contact.ids["pagerduty"] == "P1"
        assert hash(contact) == hash(
            Contact("x", kind="schedule", ids={"pagerduty": "P1"})
        )
        assert contact != Contact("x", kind="schedule", ids={"pagerduty": "P2"})

    def test_repr_names_a_group(self) -> None:
        """The short repr says when a contact is not a person."""
        assert (repr(ADA), repr(ROTA)) == (
            "<Contact 'Ada'>",
            "<Contact 'Primary' kind='schedule'>",
        )


class TestAssignment:
    def test_default_and_choices(self) -> None:
        """Levels notify everyone unless they take issues in turn."""
        assert Level("L1", 1, "a", "One").assignment == "all"
        assert Level("L1", 1, "a", "One", assignment="round_robin").assignment == (
            "round_robin"
        )
        with pytest.raises(ValidationError) as caught:
            Level("L1", 1, "a", "One", assignment="ring")  # type: ignore[arg-type]
        assert problems(caught.value) == [
            "$.assignment: must be one of 'all', 'round_robin', got 'ring'"
        ]

    def test_builder(self) -> None:
        """MatrixBuilder adds and changes a level's assignment."""
        built = (
            MatrixBuilder.from_matrix(paging())
            .update_level("L1", assignment="round_robin")
            .add_level("L3", role="leads", name="Top", assignment="round_robin")
            .build()
        )
        assert [level.assignment for level in built.levels] == [
            "round_robin",
            "all",
            "round_robin",
        ]

    def test_route_hands_out_every_contact(self) -> None:
        """Round robin is shown, not enforced: the decision lists everyone."""
        decision = em.route(
            paging(assignment="round_robin"),
            Issue("any", OPENED),
            now=OPENED + timedelta(hours=1),
        )
        assert decision.contacts == (ADA, PLATFORM)
        assert decision.level.assignment == "round_robin"


class TestFiles:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_round_trip(self, fmt: Format) -> None:
        """Kinds, ids, selections, assignments and no issue types read back equal."""
        matrix = paging(assignment="round_robin")
        assert em.loads(em.dumps(matrix, fmt), fmt) == matrix

    @given(matrices(max_levels=3, max_issue_types=2, min_issue_types=0))
    def test_any_matrix_round_trips_and_fits_the_schema(self, matrix: Matrix) -> None:
        """Any matrix, with or without issue types, reads back equal and is valid."""
        for fmt in FORMATS:
            assert em.loads(em.dumps(matrix, fmt), fmt) == matrix
        assert schema_errors(em.to_dict(matrix)) == []

    def test_canonical_payload(self) -> None:
        """Defaults are left out; the rest is written in a fixed order."""
        data = em.to_dict(paging(assignment="round_robin"))
        assert "issue_types" not in data
        assert data["roles"][0]["contacts"] == [
            {"name": "Primary", "kind": "schedule", "ids": {"pagerduty": "PI7DH85"}}
        ]
        assert data["roles"][1]["contacts"] == [
            {
                "name": "Ada",
                "email": "ada@example.com",
                "ids": {"pagerduty": "PAM4FGS"},
            },
            {
                "name": "Platform",
                "kind": "team",
                "ids": {"opsgenie": "eb2418f8"},
                "select": "all_members",
            },
        ]
        assert "assignment" not in data["levels"][0]
        assert data["levels"][1]["assignment"] == "round_robin"

    def test_toml_as_written(self) -> None:
        """The TOML shows the keys a person writes, inline."""
        text = em.dumps(paging(assignment="round_robin"), "toml")
        assert (
            '    { name = "Primary", kind = "schedule", ids = { pagerduty = "PI7DH85" } },'
            in text
        )
        assert 'assignment = "round_robin"' in text
        assert "issue_types" not in text

    def test_problems_have_paths(self) -> None:
        """Bad targets in a file are reported with their paths, all at once."""
        data = em.to_dict(paging())
        data["roles"][0]["contacts"] = [
            {"name": "A", "kind": "team", "select": "next_on_call"},
            {"name": "B", "ids": {"pagerduty": "P\n1", "Bad": "x"}},
            {"name": "C", "ids": "P1", "kind": 3},
        ]
        data["levels"][1]["assignment"] = "everyone"
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data)
        assert sorted(problems(caught.value)) == [
            "$.levels[1].assignment: must be one of 'all', 'round_robin', got "
            "'everyone'",
            "$.roles[0].contacts[0].select: 'next_on_call' picks from a schedule; "
            "this contact is a team",
            "$.roles[0].contacts[1].ids.Bad: must be a lowercase snake_case ASCII key "
            "of at most 64 characters, got 'Bad'",
            "$.roles[0].contacts[1].ids.pagerduty: must be one line, without line "
            "break U+000A, got 'P\\n1'",
            "$.roles[0].contacts[2].ids: must be an object (a table), got 'P1'",
            "$.roles[0].contacts[2].kind: must be a string, got 3",
        ]

    def test_empty_issue_types_are_the_implicit_one(self) -> None:
        """An empty list of issue types reads as none, and is written as none."""
        data = em.to_dict(paging())
        data["issue_types"] = []
        matrix = em.from_dict(data)
        assert matrix == paging()
        assert "issue_types" not in em.to_dict(matrix)

    def test_overlay_changes_assignment_and_contacts(self) -> None:
        """Overlays change a level's assignment and a role's targets, in files too."""
        overlay = Overlay(
            "round",
            changes={
                "levels": {"L1": {"assignment": "round_robin"}},
                "roles": {"sre": {"contacts": (PLATFORM,)}},
            },
        )
        text = em.dumps(overlay, "toml")
        assert em.loads(text, "toml", Overlay) == overlay
        result = em.apply_overlay(paging(), em.loads(text, "toml", Overlay))
        assert result.level("L1").assignment == "round_robin"
        assert result.role("sre").contacts == (PLATFORM,)

    def test_overlay_file_adds_targets(self) -> None:
        """An overlay file adds a role of group contacts and a level in turn."""
        text = """
schema_version = 1
overlay = "night"

[[roles]]
key = "night"
title = "Night desk"
contacts = [{ name = "Night", kind = "user_group", select = "random_member" }]

[[levels]]
key = "L3"
rank = 3
role = "night"
name = "Night"
assignment = "round_robin"
"""
        overlay = em.loads(text, "toml", Overlay)
        result = em.apply_overlay(paging(), overlay)
        assert result.level("L3").assignment == "round_robin"
        assert result.role("night").contacts == (
            Contact("Night", kind="user_group", select="random_member"),
        )
        assert em.loads(em.dumps(overlay, "toml"), "toml", Overlay) == overlay

    def test_translation_keeps_targets(self) -> None:
        """Translating a matrix without issue types keeps its targets and "any"."""
        italian = em.translate(paging(assignment="round_robin"), "it")
        assert italian.roles == paging().roles
        assert italian.level("L2").assignment == "round_robin"
        assert italian.issue_type_keys == ("any",)


class TestSchema:
    def test_accepts_targets_and_no_issue_types(self) -> None:
        """The schema accepts what the library writes, issue types left out."""
        assert schema_errors(em.to_dict(paging(assignment="round_robin"))) == []
        assert "issue_types" not in json_schema()["required"]

    @pytest.mark.parametrize(
        ("contact", "where"),
        [
            ({"name": "x", "select": "admins"}, "$.roles[0].contacts[0].select"),
            (
                {"name": "x", "kind": "person", "select": "all_members"},
                "$.roles[0].contacts[0].select",
            ),
            (
                {"name": "x", "kind": "schedule", "select": "admins"},
                "$.roles[0].contacts[0].select",
            ),
            (
                {"name": "x", "kind": "team", "select": "next_on_call"},
                "$.roles[0].contacts[0].select",
            ),
            ({"name": "x", "kind": "rota"}, "$.roles[0].contacts[0].kind"),
            (
                {"name": "x", "ids": {"pagerduty": "a\nb"}},
                "$.roles[0].contacts[0].ids.pagerduty",
            ),
            (
                {"name": "x", "ids": {"pagerduty": " "}},
                "$.roles[0].contacts[0].ids.pagerduty",
            ),
            ({"name": "x", "ids": {"PagerDuty": "P1"}}, "$.roles[0].contacts[0].ids"),
        ],
    )
    def test_refuses_bad_targets(self, contact: dict[str, Any], where: str) -> None:
        """The schema refuses what the library refuses, at the same place."""
        data = em.to_dict(paging())
        data["roles"][0]["contacts"] = [contact]
        assert schema_errors(data) == [where]
        with pytest.raises(ValidationError):
            em.from_dict(data)

    def test_refuses_a_bad_assignment(self) -> None:
        """The schema knows the two assignments."""
        data = em.to_dict(paging())
        data["levels"][0]["assignment"] = "ring"
        assert schema_errors(data) == ["$.levels[0].assignment"]


class TestImplicitIssueType:
    def test_lookups(self) -> None:
        """A matrix without issue types has "any", without texts."""
        matrix = paging()
        assert DEFAULT_ISSUE_TYPE == "any"
        assert matrix.issue_types == ()
        assert matrix.issue_type_keys == ("any",)
        assert matrix.issue_type("any") is IMPLICIT_ISSUE_TYPE
        assert matrix.issue_type("any").name == "Any issue"
        assert matrix.responsibility("any", "L2") == ""
        assert matrix.row("any") == ("", "")
        assert list(matrix.cells()) == []

    def test_unknown_keys_name_any(self) -> None:
        """Another key is unknown, and the error lists "any"."""
        with pytest.raises(UnknownIssueTypeError) as caught:
            paging().issue_type("outage")
        assert caught.value.known == ("any",)

    def test_a_matrix_with_issue_types_has_no_any(self) -> None:
        """Declared issue types replace the implicit one, for lookups and routing."""
        matrix = em.default_matrix()
        assert "any" not in matrix.issue_type_keys
        with pytest.raises(UnknownIssueTypeError):
            matrix.issue_type("any")
        with pytest.raises(UnknownIssueTypeError):
            em.route(matrix, Issue("any", OPENED), now=OPENED)

    def test_routes_and_plans(self) -> None:
        """Issues of type "any" route and plan like any other."""
        matrix = paging()
        decision = em.route(
            matrix, Issue("any", OPENED), now=OPENED + timedelta(hours=1)
        )
        assert (decision.level.key, decision.responsibility) == ("L2", "")
        timeline = em.plan(matrix, Issue("any", OPENED))
        assert [stage.level.key for stage in timeline.stages] == ["L1", "L2"]
        assert [stage.responsibility for stage in timeline.stages] == ["", ""]

    def test_name_is_a_library_message(self) -> None:
        """The model's name is the catalogs' message, translated to Italian."""
        assert ANY_ISSUE.text == IMPLICIT_ISSUE_TYPE.name
        assert ANY_ISSUE.context == f"issue_type:{DEFAULT_ISSUE_TYPE}:name"
        decision = em.route(paging(), Issue("any", OPENED), now=OPENED)
        assert dict(names_of(decision).texts)["issue_type:any:name"] == "Any issue"
        assert display_names("en", (), names_of(decision)).issue_type("any") == (
            "Any issue"
        )
        assert display_names("it", (), names_of(decision)).issue_type("any") == (
            "Qualsiasi segnalazione"
        )

    def test_overlay_adds_issue_types(self) -> None:
        """An overlay that adds issue types replaces "any"."""
        outage = IssueType("outage", "Outage", {"L1": "Restart.", "L2": "Escalate."})
        result = em.apply_overlay(paging(), Overlay("types", issue_types=[outage]))
        assert result.issue_type_keys == ("outage",)

    def test_overlay_cannot_change_any(self) -> None:
        """The implicit issue type is no part an overlay can change."""
        overlay = Overlay("rename", changes={"issue_types": {"any": {"name": "All"}}})
        with pytest.raises(ValidationError) as caught:
            em.apply_overlay(paging(), overlay)
        assert [problem.path for problem in caught.value.problems] == [
            "$.changes.issue_types.any"
        ]

    def test_builder_without_issue_types(self) -> None:
        """MatrixBuilder builds a matrix without issue types."""
        built = (
            MatrixBuilder("paging", "Paging")
            .add_role("sre", "SRE")
            .add_level("L1", role="sre", name="On call")
            .build()
        )
        assert built.issue_type_keys == ("any",)


class TestPayloads:
    def test_decision_carries_targets(self) -> None:
        """Decision payloads keep kinds, ids, selections and the assignment."""
        decision = em.route(
            paging(assignment="round_robin"),
            Issue("any", OPENED),
            now=OPENED + timedelta(hours=1),
        )
        data = em.to_dict(decision)
        assert data["contacts"] == [
            {
                "name": "Ada",
                "email": "ada@example.com",
                "ids": {"pagerduty": "PAM4FGS"},
            },
            {
                "name": "Platform",
                "kind": "team",
                "ids": {"opsgenie": "eb2418f8"},
                "select": "all_members",
            },
        ]
        assert data["level"]["assignment"] == "round_robin"
        for fmt in FORMATS:
            copy = em.loads(em.dumps(decision, fmt), fmt, Decision)
            assert copy == decision
            assert copy.contacts[1].ids == {"opsgenie": "eb2418f8"}

    def test_plan_carries_targets(self) -> None:
        """Plan payloads keep each stage's targets and assignment, and read back."""
        timeline = em.plan(paging(assignment="round_robin"), Issue("any", OPENED))
        data = em.to_dict(timeline)
        last = data["stages"][1]
        assert last["level"]["assignment"] == "round_robin"
        assert last["role"]["contacts"][1]["ids"] == {"opsgenie": "eb2418f8"}
        assert data["names"]["texts"]["issue_type:any:name"] == "Any issue"
        for fmt in FORMATS:
            assert em.loads(em.dumps(timeline, fmt), fmt, em.Plan) == timeline

    def test_resolver_may_answer_with_groups(self) -> None:
        """A resolver's answer may be a schedule; the payload keeps its ids."""
        decision = em.route(
            paging(),
            Issue("any", OPENED),
            now=OPENED,
            resolver=lambda _role, _decision: [ROTA],
        )
        assert em.to_dict(decision)["contacts"] == [
            {"name": "Primary", "kind": "schedule", "ids": {"pagerduty": "PI7DH85"}}
        ]


def _answer(matrix: Matrix, locale: str, hours: int = 1) -> list[str]:
    decision = em.route(
        matrix, Issue("any", OPENED), now=OPENED + timedelta(hours=hours)
    )
    sentences = em.render(decision, locale=locale, width=200, timezone="UTC")
    return sentences.split("\n\n")[0].splitlines()


class TestExplain:
    def test_implicit_issue_type_and_schedule_in_english(self) -> None:
        """No responsibility text; a schedule is said as whoever is on call."""
        assert _answer(paging(), "en", hours=0) == [
            "SRE (L1) handles it.",
            "Contact whoever is on call in schedule Primary.",
            "Next escalation: to Team leads (L2) on Nov 27, 2026, 9:30\u202fAM.",
        ]

    def test_round_robin_and_team_in_english(self) -> None:
        """A level in turn says one of them; tool ids never show."""
        lines = _answer(paging(assignment="round_robin"), "en")
        assert lines == [
            "Team leads (L2) handles it.",
            "Contact Ada (ada@example.com) or every member of team Platform, in turn.",
        ]
        assert not any("PAM4FGS" in line or "eb2418f8" in line for line in lines)

    def test_in_italian(self) -> None:
        """The same sentences in Italian."""
        assert _answer(paging(), "it", hours=0)[:2] == [
            "La segnalazione è in carico al ruolo SRE (L1).",
            "Contatta chi è di turno nel calendario di reperibilità «Primary».",
        ]
        assert _answer(paging(assignment="round_robin"), "it") == [
            "La segnalazione è in carico al ruolo Team leads (L2).",
            "Contatta, a rotazione, Ada (ada@example.com) o tutti i membri del "
            "team «Platform».",
        ]

    def test_resolved(self) -> None:
        """A resolved issue without texts says who handled it."""
        issue = Issue("any", OPENED, resolved_at=OPENED + timedelta(minutes=5))
        decision = em.route(paging(), issue, now=OPENED + timedelta(hours=1))
        assert em.render(decision, width=200).splitlines()[0] == "SRE (L1) handled it."
        assert em.render(decision, locale="it", width=200).splitlines()[0] == (
            "La segnalazione è stata gestita dal ruolo SRE (L1)."
        )

    @pytest.mark.parametrize(
        ("contact", "english", "italian"),
        [
            (
                Contact("P", kind="schedule"),
                "whoever is on call in schedule P",
                "chi è di turno nel calendario di reperibilità «P»",
            ),
            (
                Contact("P", kind="schedule", select="next_on_call"),
                "whoever is on call next in schedule P",
                "chi è di turno subito dopo nel calendario di reperibilità «P»",
            ),
            (
                Contact("P", kind="schedule", select="previous_on_call"),
                "whoever was on call before in schedule P",
                "chi era di turno subito prima nel calendario di reperibilità «P»",
            ),
            (Contact("T", kind="team"), "team T", "il team «T»"),
            (
                Contact("T", kind="team", select="admins"),
                "the admins of team T",
                "gli amministratori del team «T»",
            ),
            (
                Contact("T", kind="team", select="team_users"),
                "the users of team T",
                "gli utenti del team «T»",
            ),
            (
                Contact("T", kind="team", select="random_member"),
                "a random member of team T",
                "un membro a caso del team «T»",
            ),
            (
                Contact("G", kind="user_group"),
                "user group G",
                "il gruppo di utenti «G»",
            ),
            (
                Contact("G", kind="user_group", select="all_members", chat="#g"),
                "every member of user group G (#g)",
                "tutti i membri del gruppo di utenti «G» (#g)",
            ),
            (
                Contact("Bob", phone="+39 06 1234", ids={"pagerduty": "P1"}),
                "Bob (+39 06 1234)",
                "Bob (+39 06 1234)",
            ),
        ],
    )
    def test_every_target(self, contact: Contact, english: str, italian: str) -> None:
        """Each kind and selection is said in a sentence, in both languages."""
        matrix = paging()
        staffed = MatrixBuilder.from_matrix(matrix).update_role(
            "sre", contacts=[contact]
        )
        built = staffed.build()
        assert _answer(built, "en", hours=0)[1] == f"Contact {english}."
        assert _answer(built, "it", hours=0)[1] == f"Contatta {italian}."

    def test_plan_has_no_empty_texts(self) -> None:
        """A plan of an issue without texts lists its stages, no blank text lines."""
        text = em.render(
            em.plan(paging(), Issue("any", OPENED)), width=200, timezone="UTC"
        )
        assert text == (
            "- From Nov 27, 2026, 9:00\u202fAM to Nov 27, 2026, 9:30\u202fAM: SRE (L1).\n"
            "- From Nov 27, 2026, 9:30\u202fAM: Team leads (L2).\n"
            "\n"
            "Team leads (L2) is the top level: escalation stops there.\n"
        )


class TestRender:
    def test_markdown_in_english(self) -> None:
        """The table shows who each level notifies, in turn where it is, no rows."""
        assert em.render(paging(assignment="round_robin"), "md") == (
            "# Paging\n"
            "\n"
            "| Escalation types | On call | Leads (in turn) |\n"
            "| --- | --- | --- |\n"
            "| Operational role | SRE | Team leads |\n"
            "| Notifies | whoever is on call in schedule Primary | Ada "
            "(ada@example.com) or every member of team Platform, in turn |\n"
        )

    def test_markdown_in_italian(self) -> None:
        """The same table in Italian."""
        assert em.render(paging(assignment="round_robin"), "md", locale="it") == (
            "# Paging\n"
            "\n"
            "| Tipi di escalation | On call | Leads (a rotazione) |\n"
            "| --- | --- | --- |\n"
            "| Ruolo operativo | SRE | Team leads |\n"
            "| Destinatari | chi è di turno nel calendario di reperibilità «Primary» | "
            "Ada (ada@example.com) o tutti i membri del team «Platform», a rotazione |\n"
        )

    def test_no_contacts_no_row(self) -> None:
        """Without contacts there is no Notifies row."""
        table = em.render(em.default_matrix(), "csv")
        assert "Notifies" not in table
        # The header, its rule, the role row and the eight issue types.
        assert em.render(em.default_matrix(), "md").count("\n| ") == 11

    def test_blocks_show_who_is_notified(self) -> None:
        """On a narrow terminal, who each level notifies comes as a block."""
        assert em.render(paging(assignment="round_robin"), width=30) == (
            "Paging\n"
            "\n"
            "Notifies\n"
            "========\n"
            "On call (SRE)\n"
            "    whoever is on call in\n"
            "    schedule Primary\n"
            "Leads (Team leads), in turn\n"
            "    Ada (ada@example.com) or\n"
            "    every member of team\n"
            "    Platform, in turn\n"
        )

    def test_csv_and_html_have_the_row(self) -> None:
        """Every table format has the contacts row."""
        matrix = paging()
        assert (
            em.render(matrix, "csv")
            .splitlines()[2]
            .startswith("Notifies,whoever is on call in schedule Primary,")
        )
        assert (
            '<tr><th scope="row">Notifies</th><td>whoever is on call in schedule '
            "Primary</td>"
        ) in em.render(matrix, "html")
