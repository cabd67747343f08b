"""Editing a matrix with the builder: new validated matrices, every problem listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    Matrix,
    MatrixBuilder,
    Policy,
    Severity,
    default_matrix,
    route,
)
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import (
    UnknownIssueTypeError,
    UnknownLevelError,
    UnknownRoleError,
    UnknownSeverityError,
    ValidationError,
)
from escalation_matrix.rules import Compare, Predicate, Rule
from escalation_matrix.typing import Format
from tests.helpers import small_matrix
from tests.strategies import matrices

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TYPES = default_matrix().issue_type_keys
EXECUTIVE_TEXTS = {key: f"Decide at board level about {key}." for key in TYPES}


def five_levels() -> Matrix:
    """The built-in matrix with an executive level above the sales manager."""
    return (
        MatrixBuilder.from_matrix(default_matrix())
        .update_level("L4", delay=timedelta(hours=8))
        .add_role("executive", "Executive", contacts=[Contact("Eve Exec")])
        .add_level(
            "L5",
            role="executive",
            name="Level 5 - Executive",
            responsibilities=EXECUTIVE_TEXTS,
        )
        .build()
    )


def messages(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


class TestAddLevel:
    def test_fifth_level_at_the_top(self) -> None:
        """An executive level added to the built-in matrix is its fifth, on top."""
        matrix = five_levels()
        assert (
            matrix.level_keys,
            matrix.top_level.rank,
            matrix.role(matrix.top_level).key,
        ) == (("L1", "L2", "L3", "L4", "L5"), 5, "executive")

    def test_texts_for_every_issue_type(self) -> None:
        """The new level's texts are the cells of its column."""
        matrix = five_levels()
        assert {
            key: matrix.responsibility(key, "L5") for key in TYPES
        } == EXECUTIVE_TEXTS

    def test_rest_unchanged(self) -> None:
        """Adding a level leaves every other cell and the policy as they were."""
        matrix, base = five_levels(), default_matrix()
        assert [row[:4] for row in map(matrix.row, TYPES)] == list(map(base.row, TYPES))
        assert base.policy == matrix.policy

    def test_base_matrix_untouched(self) -> None:
        """Editing returns a new matrix; the built-in one does not change."""
        five_levels()
        assert default_matrix().level_keys == ("L1", "L2", "L3", "L4")

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trips(self, fmt: Format) -> None:
        """The five-level matrix reads back equal from every file format."""
        matrix = five_levels()
        assert matrix == em.loads(em.dumps(matrix, fmt), fmt)

    def test_escalated_to_after_the_delay_below(self) -> None:
        """Issues reach the new level once the delay given to L4 has passed."""
        matrix = five_levels()
        issue = Issue("performance_hiccups", OPENED)
        # 4h at L1, 8h at L2, 1d at L3, then the 8h given to L4.
        reach = OPENED + timedelta(hours=4 + 8 + 24 + 8)
        before = route(matrix, issue, now=reach - timedelta(seconds=1))
        after = route(matrix, issue, now=reach)
        assert ("L4", reach, "L5") == (
            before.level.key,
            before.next_escalation_at,
            before.next_level.key if before.next_level else None,
        )
        assert ("L5", "executive", EXECUTIVE_TEXTS["performance_hiccups"]) == (
            after.level.key,
            after.role.key,
            after.responsibility,
        )

    def test_without_delay_below_it_is_never_reached(self) -> None:
        """Without a delay at L4 (as built in), issues stay at L4."""
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .add_level(
                "L5",
                role="sales_manager",
                name="Level 5",
                responsibilities=EXECUTIVE_TEXTS,
            )
            .build()
        )
        decision = route(
            matrix,
            Issue("performance_hiccups", OPENED),
            now=OPENED + timedelta(days=30),
        )
        assert (decision.level.key, decision.next_escalation_at) == ("L4", None)

    def test_missing_texts_are_all_listed(self) -> None:
        """A level without texts for some issue types lists every missing cell."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(default_matrix()).add_level(
                "L5",
                role="sales_manager",
                name="Level 5",
                responsibilities={"performance_hiccups": "Call the customer."},
            ).build()
        expected = [
            f"$.issue_types[{index}].responsibilities.L5: missing: issue type "
            f"{key!r} needs a text for level 'L5'"
            for index, key in enumerate(TYPES)
            if key != "performance_hiccups"
        ]
        assert expected == messages(caught.value)

    def test_every_problem_at_once(self) -> None:
        """The level's own problems and the missing cells come in one error."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(small_matrix()).add_level(
                "L4", role="nobody", name=" "
            ).build()
        assert messages(caught.value) == [
            "$.levels[3].name: must be a text with something visible in it, got ' '",
            "$.levels[3].role: unknown role 'nobody'; known role keys: agent, lead, boss",
            "$.issue_types[0].responsibilities.L4: missing: issue type 'outage' needs a text for level 'L4'",
            "$.issue_types[1].responsibilities.L4: missing: issue type 'billing' needs a text for level 'L4'",
        ]

    @pytest.mark.parametrize(
        ("rank", "keys"),
        [
            (1, ("new", "L1", "L2", "L3")),
            (2, ("L1", "new", "L2", "L3")),
            (3, ("L1", "L2", "new", "L3")),
            (4, ("L1", "L2", "L3", "new")),
            (None, ("L1", "L2", "L3", "new")),
        ],
    )
    def test_inserted_at_rank(self, rank: int | None, keys: tuple[str, ...]) -> None:
        """A level added at a rank pushes the levels above it up; ranks renumber."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .add_level(
                "new",
                role="lead",
                name="New",
                rank=rank,
                responsibilities={"outage": "Look.", "billing": "Count."},
            )
            .build()
        )
        assert (keys, (1, 2, 3, 4)) == (
            matrix.level_keys,
            tuple(level.rank for level in matrix.levels),
        )

    @pytest.mark.parametrize(
        ("rank", "got"), [(0, "0"), (5, "5"), (-1, "-1"), (True, "true"), ("2", "'2'")]
    )
    def test_rank_out_of_range(self, rank: Any, got: str) -> None:
        """A rank outside 1 to n+1 is refused, saying what it must be."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(small_matrix()).add_level(
                "new", role="lead", name="New", rank=rank
            ).build()
        assert [
            f"$.levels[3].rank: must be between 1 and 4 (the levels so far plus one), got {got}"
        ] == messages(caught.value)

    def test_texts_for_unknown_issue_type(self) -> None:
        """Texts for an issue type the matrix lacks are refused by key."""
        with pytest.raises(UnknownIssueTypeError, match="'outrage'"):
            MatrixBuilder.from_matrix(small_matrix()).add_level(
                "L4", role="lead", name="New", responsibilities={"outrage": "?"}
            ).build()


class TestRoutingSeesEdits:
    def test_new_issue_type_routes(self) -> None:
        """An issue type added by an edit is routed with its own texts."""
        matrix = (
            MatrixBuilder.from_matrix(five_levels())
            .add_issue_type(
                "security_breach",
                "Security breach",
                {
                    level: f"Contain the breach at {level}."
                    for level in five_levels().level_keys
                },
                entry_level="L3",
            )
            .build()
        )
        decision = route(matrix, Issue("security_breach", OPENED), now=OPENED)
        assert (
            decision.level.key,
            decision.responsibility,
        ) == ("L3", "Contain the breach at L3.")

    def test_rules_name_custom_parts(self) -> None:
        """A rule may name a custom issue type and a custom level."""
        matrix = (
            MatrixBuilder.from_matrix(five_levels())
            .add_issue_type(
                "security_breach",
                "Security breach",
                dict.fromkeys(five_levels().level_keys, "Contain it."),
            )
            .build()
        )
        rule = Rule(
            "breaches_to_the_board",
            Compare("issue_type", "==", "security_breach"),
            entry_level="L5",
        )
        matrix = MatrixBuilder.from_matrix(matrix).update_policy(rules=[rule]).build()
        decision = route(matrix, Issue("security_breach", OPENED), now=OPENED)
        assert (
            decision.level.key,
            decision.reasons[0].rule,  # type: ignore[union-attr]
        ) == ("L5", "breaches_to_the_board")

    def test_rules_naming_unknown_parts_are_refused(self) -> None:
        """A rule naming a level the matrix lacks is a validation error."""
        rule = Rule("to_the_board", Compare("severity", "==", "high"), entry_level="L5")
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(default_matrix()).update_policy(
                rules=[rule]
            ).build()
        assert messages(caught.value) == [
            "$.policy.rules[0].entry_level: unknown level 'L5'; known level keys: L1, L2, L3, L4"
        ]


class TestRename:
    def test_role_and_its_levels(self) -> None:
        """Renaming a role renames it in every level it holds."""
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .rename_role("sales_manager", "sales_director")
            .build()
        )
        assert (
            matrix.roles[3].key,
            matrix.level("L4").role,
        ) == ("sales_director", "sales_director")

    def test_level_and_every_reference(self) -> None:
        """Renaming a level renames its cells, entry levels, severities and rules."""
        base = small_matrix(
            policy=Policy(
                severities=[
                    Severity("critical", "Critical", entry_level="L2"),
                    Severity("low", "Low", max_level="L2", skip_levels=["L2"]),
                ],
                rules=[
                    Rule(
                        "vip",
                        Compare("attributes.tier", "==", "vip"),
                        entry_level="L2",
                        max_level="L3",
                    ),
                    Rule("calm", Compare("id", "exists"), skip_levels=["L2"]),
                ],
            )
        )
        base = (
            MatrixBuilder.from_matrix(base)
            .update_issue_type("billing", entry_level="L2")
            .build()
        )
        matrix = MatrixBuilder.from_matrix(base).rename_level("L2", "lead_line").build()
        severities, (rule, calm) = matrix.policy.severities, matrix.policy.rules
        assert (
            matrix.level_keys,
            list(matrix.issue_type("outage").responsibilities),
            matrix.issue_type("billing").entry_level,
            (
                severities[0].entry_level,
                severities[1].max_level,
                severities[1].skip_levels,
            ),
            (rule.entry_level, rule.max_level, calm.skip_levels),
        ) == (
            ("L1", "lead_line", "L3"),
            ["L1", "lead_line", "L3"],
            "lead_line",
            ("lead_line", "lead_line", ("lead_line",)),
            ("lead_line", "L3", ("lead_line",)),
        )

    def test_level_keeps_its_texts(self) -> None:
        """A renamed level keeps its texts under the new key."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .rename_level("L2", "lead_line")
            .build()
        )
        assert matrix.responsibility("outage", "lead_line") == "Find the cause."

    def test_issue_type_and_rules(self) -> None:
        """Renaming an issue type renames it in declarative rule conditions."""
        when = Compare("issue_type", "in", ("outage", "billing")) & ~Compare(
            "issue_type", "==", "outage"
        )
        base = small_matrix(policy=Policy(rules=[Rule("r", when, entry_level="L2")]))
        matrix = (
            MatrixBuilder.from_matrix(base)
            .rename_issue_type("outage", "service_down")
            .build()
        )
        expected = Compare("issue_type", "in", ("service_down", "billing")) & ~Compare(
            "issue_type", "==", "service_down"
        )
        assert (("service_down", "billing"), expected) == (
            matrix.issue_type_keys,
            matrix.policy.rules[0].when,
        )

    def test_python_predicates_are_left_alone(self) -> None:
        """Rules written in Python are code: renaming leaves them as they are."""

        def is_outage(issue: Issue) -> bool:
            return issue.issue_type == "outage"

        rule = Rule("py", Predicate(is_outage), entry_level="L2")
        base = small_matrix(policy=Policy(rules=[rule]))
        matrix = (
            MatrixBuilder.from_matrix(base).rename_issue_type("outage", "down").build()
        )
        assert rule == matrix.policy.rules[0]

    @pytest.mark.parametrize(
        ("edit", "expected"),
        [
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m).rename_role("lead", "agent").build()
                ),
                "$.roles[1].key: duplicate key 'agent' (first at index 0)",
            ),
            (
                lambda m: MatrixBuilder.from_matrix(m).rename_level("L2", "L1").build(),
                "$.levels[1].key: duplicate key 'L1' (first at index 0)",
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m)
                    .rename_issue_type("billing", "outage")
                    .build()
                ),
                "$.issue_types[1].key: duplicate key 'outage' (first at index 0)",
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m)
                    .rename_role("lead", "Team Lead")
                    .build()
                ),
                "$.roles[1].key: must be a lowercase snake_case ASCII key of at most 64 characters, got 'Team Lead'",
            ),
        ],
    )
    def test_refused(self, edit: Any, expected: str) -> None:
        """Renaming onto an existing key, or to a bad key, is refused."""
        with pytest.raises(ValidationError) as caught:
            edit(small_matrix())
        assert expected in messages(caught.value)

    def test_renamed_texts_lose_their_translations(self) -> None:
        """Catalog entries are found by context, which a renamed key changes."""
        renamed = (
            MatrixBuilder.from_matrix(default_matrix())
            .rename_role("project_manager", "pm")
            .build()
        )
        assert em.translate(renamed, "it").role("pm").title == "Project Manager"
        assert (
            em.translate(renamed, "it").role("project_team_contact").title
            == "Contatto del team del progetto"
        )


class TestRemove:
    def test_issue_type(self) -> None:
        """Removing an issue type removes its row."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .remove_issue_type("outage")
            .build()
        )
        assert matrix.issue_type_keys == ("billing",)

    def test_level_and_its_cells(self) -> None:
        """Removing a level removes its column; ranks close up."""
        matrix = MatrixBuilder.from_matrix(small_matrix()).remove_level("L2").build()
        assert (
            matrix.level_keys,
            tuple(level.rank for level in matrix.levels),
            list(matrix.issue_type("outage").responsibilities),
        ) == (("L1", "L3"), (1, 2), ["L1", "L3"])

    def test_unused_role(self) -> None:
        """A role no level holds can be removed."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .add_role("spare", "Spare")
            .remove_role("spare")
            .build()
        )
        assert small_matrix() == matrix

    def test_role_still_held(self) -> None:
        """Removing a role that holds a level is a validation error."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(small_matrix()).remove_role("lead").build()
        assert messages(caught.value) == [
            "$.levels[1].role: unknown role 'lead'; known role keys: agent, boss"
        ]

    def test_last_level(self) -> None:
        """A matrix cannot lose its last level."""
        one = (
            MatrixBuilder.from_matrix(small_matrix())
            .remove_level("L2")
            .remove_level("L3")
            .build()
        )
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(one).remove_level("L1").build()
        assert messages(caught.value) == ["$.levels: must have at least one level"]

    def test_last_issue_type(self) -> None:
        """A matrix that loses its last issue type has the implicit one, "any"."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .remove_issue_type("outage")
            .remove_issue_type("billing")
            .build()
        )
        assert (matrix.issue_types, matrix.issue_type_keys) == ((), ("any",))

    def test_level_still_referenced(self) -> None:
        """Removing a level that a severity names reports the reference."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(default_matrix()).remove_level("L2").build()
        assert messages(caught.value) == [
            "$.policy.severities[0].entry_level: unknown level 'L2'; known level keys: L1, L3, L4",
            "$.policy.severities[3].max_level: unknown level 'L2'; known level keys: L1, L3, L4",
        ]

    @pytest.mark.parametrize(
        ("edit", "error"),
        [
            (lambda b: b.remove_role("nobody"), UnknownRoleError),
            (lambda b: b.update_level("L9", delay=None), UnknownLevelError),
            (lambda b: b.rename_issue_type("nothing", "x"), UnknownIssueTypeError),
            (lambda b: b.set_responsibility("outage", "L9", "x"), UnknownLevelError),
            (lambda b: b.set_text("severity:none:name", "x"), UnknownSeverityError),
        ],
    )
    def test_unknown_keys(self, edit: Any, error: type[LookupError]) -> None:
        """Edits naming a key the matrix lacks raise the matching lookup error."""
        with pytest.raises(error):
            edit(MatrixBuilder.from_matrix(small_matrix()))


class TestUpdate:
    def test_level_fields(self) -> None:
        """Changing a level's fields keeps the others."""
        level = (
            MatrixBuilder.from_matrix(small_matrix())
            .update_level("L3", delay=timedelta(hours=2), name="Top")
            .build()
        )
        assert (timedelta(hours=2), "Top", "boss") == (
            level.level("L3").delay,
            level.level("L3").name,
            level.level("L3").role,
        )

    def test_role_contacts(self) -> None:
        """A role's contacts can be changed."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .update_role("boss", contacts=[Contact("Bea")])
            .build()
        )
        assert (Contact("Bea"),) == matrix.role("boss").contacts

    def test_issue_type_texts_merge(self) -> None:
        """Texts given for some levels replace those; the others stay."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .update_issue_type("outage", responsibilities={"L2": "Page the lead."})
            .build()
        )
        assert matrix.row("outage") == (
            "Restart it.",
            "Page the lead.",
            "Tell customers.",
        )

    @pytest.mark.parametrize(
        ("edit", "expected"),
        [
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m).update_level("L1", rank=3).build()
                ),
                [
                    "$.levels[0].rank: cannot be changed here: levels are ranked by their order: remove the level and add it again"
                ],
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m).update_role("lead", key="x").build()
                ),
                [
                    "$.roles[1].key: cannot be changed here: rename it with rename_role()"
                ],
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m)
                    .update_issue_type("outage", colour="red")
                    .build()
                ),
                [
                    "$.issue_types[0].colour: unknown field; expected one of: name, responsibilities, description, entry_level"
                ],
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m)
                    .update_level("L1", delay=timedelta(0), name="")
                    .build()
                ),
                [
                    "$.levels[0].name: must be a text with something visible in it, got ''",
                    "$.levels[0].delay: must be longer than zero, got '0s'",
                ],
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m)
                    .update_policy(delay_mode="never")
                    .build()
                ),
                [
                    "$.policy.delay_mode: must be one of 'per_level', 'since_opened', got 'never'"
                ],
            ),
            (
                lambda m: (
                    MatrixBuilder.from_matrix(m).update_policy(mode="never").build()
                ),
                [
                    "$.policy.mode: unknown field; expected one of: delay_mode, severities, default_severity, priority, calendar, rules, first_wait, repeat, at_end"
                ],
            ),
        ],
    )
    def test_refused(self, edit: Any, expected: list[str]) -> None:
        """Bad changes are refused, each problem with its path."""
        with pytest.raises(ValidationError) as caught:
            edit(small_matrix())
        assert expected == messages(caught.value)


class TestSetText:
    @pytest.mark.parametrize(
        ("context", "read"),
        [
            ("matrix:title", lambda m: m.title),
            ("matrix:description", lambda m: m.description),
            ("role:project_manager:title", lambda m: m.role("project_manager").title),
            (
                "role:project_manager:description",
                lambda m: m.role("project_manager").description,
            ),
            ("level:L2:name", lambda m: m.level("L2").name),
            ("level:L2:description", lambda m: m.level("L2").description),
            (
                "issue_type:guidance_acquisition:name",
                lambda m: m.issue_type("guidance_acquisition").name,
            ),
            (
                "issue_type:guidance_acquisition:description",
                lambda m: m.issue_type("guidance_acquisition").description,
            ),
            (
                "cell:guidance_acquisition:L3",
                lambda m: m.responsibility("guidance_acquisition", "L3"),
            ),
            ("severity:high:name", lambda m: m.policy.severity("high").name),
            (
                "severity:high:description",
                lambda m: m.policy.severity("high").description,
            ),
        ],
    )
    def test_any_text_by_context(self, context: str, read: Any) -> None:
        """Every kind of display text can be replaced through its context."""
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .set_text(context, "Ours.")
            .build()
        )
        assert read(matrix) == "Ours."

    def test_contexts_of_every_text(self) -> None:
        """Each text the translators see can be replaced at its context."""
        base = small_matrix()
        changed = MatrixBuilder.from_matrix(base)
        for text in matrix_texts(base):
            changed.set_text(text.context, f"[{text.text}]")
        matrix = changed.build()
        assert [f"[{t.text}]" for t in matrix_texts(base)] == [
            t.text for t in matrix_texts(matrix)
        ]

    @pytest.mark.parametrize(
        ("context", "expected"),
        [
            (
                "role:agent:name",
                "$: 'role' texts are title, description; got 'role:agent:name'",
            ),
            (
                "title",
                "$: must be a text context such as 'matrix:title', 'role:<key>:title' or 'cell:<issue type>:<level>', got 'title'",
            ),
            (
                "contact:agent:name",
                "$: must be a text context such as 'matrix:title', 'role:<key>:title' or 'cell:<issue type>:<level>', got 'contact:agent:name'",
            ),
        ],
    )
    def test_bad_contexts(self, context: str, expected: str) -> None:
        """A context that names no text is refused, saying what contexts look like."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(small_matrix()).set_text(context, "x").build()
        assert [expected] == messages(caught.value)

    def test_blank_text_refused(self) -> None:
        """A text must still have something visible in it."""
        with pytest.raises(ValidationError) as caught:
            MatrixBuilder.from_matrix(small_matrix()).set_text(
                "cell:outage:L1", " "
            ).build()
        assert messages(caught.value) == [
            "$.issue_types[0].responsibilities.L1: must be a text with something visible in it, got ' '"
        ]


class TestBuilder:
    def test_from_scratch(self) -> None:
        """A matrix written step by step equals the same matrix built whole."""
        built = (
            MatrixBuilder("small", "Small matrix")
            .add_role("agent", "Agent")
            .add_role("lead", "Team lead")
            .add_role("boss", "Boss")
            .add_level(
                "L1", role="agent", name="First line", delay=timedelta(minutes=30)
            )
            .add_level("L2", role="lead", name="Second line", delay=timedelta(hours=1))
            .add_level("L3", role="boss", name="Management")
            .add_issue_type(
                "outage",
                "Outage",
                {"L1": "Restart it.", "L2": "Find the cause.", "L3": "Tell customers."},
            )
            .add_issue_type("billing", "Billing", {"L1": "Check the bill."})
            .set_responsibility("billing", "L2", "Correct it.")
            .set_responsibility("billing", "L3", "Refund.")
            .build()
        )
        assert small_matrix() == built

    def test_levels_before_issue_types(self) -> None:
        """A level may be added before any issue type, without texts."""
        matrix = (
            MatrixBuilder("m", "M", language="it")
            .add_role("agent", "Agente")
            .add_level("L1", role="agent", name="Primo livello")
            .add_issue_type("guasto", "Guasto", {"L1": "Riavvia."})
            .update(description="Prova")
            .build()
        )
        assert (
            matrix.language,
            matrix.description,
            len(matrix.levels),
        ) == ("it", "Prova", 1)

    def test_every_problem_at_once(self) -> None:
        """build() lists the problems of every part and between parts together."""
        with pytest.raises(ValidationError) as caught:
            (
                MatrixBuilder("Bad Key", "")
                .add_role("agent", " ")
                .add_level("L1", role="agnet", name="First")
                .add_issue_type("outage", "Outage", {"L2": "?"})
                .build()
            )
        assert messages(caught.value) == [
            "$.key: must be a lowercase snake_case ASCII key of at most 64 characters, got 'Bad Key'",
            "$.title: must be a text with something visible in it, got ''",
            "$.roles[0].title: must be a text with something visible in it, got ' '",
            "$.levels[0].role: unknown role 'agnet'; known role keys: agent",
            "$.issue_types[0].responsibilities.L1: missing: issue type 'outage' needs a text for level 'L1'",
            "$.issue_types[0].responsibilities.L2: unknown level 'L2'; known level keys: L1",
        ]

    def test_add_refuses_other_objects(self) -> None:
        """Only roles, levels and issue types can be added as objects."""
        with pytest.raises(TypeError, match="part must be a Role, Level or IssueType"):
            MatrixBuilder.from_matrix(small_matrix()).add(Severity("high", "High"))  # type: ignore[arg-type]

    def test_repr(self) -> None:
        """A builder says what its draft holds."""
        assert (
            repr(MatrixBuilder.from_matrix(default_matrix()))
            == "<MatrixBuilder 'default' levels=4 roles=4 issue_types=8>"
        )

    @given(matrices(max_levels=4, max_issue_types=3))
    def test_drafting_changes_nothing(self, matrix: Matrix) -> None:
        """Any matrix drafted and built again is equal to itself."""
        assert matrix == MatrixBuilder.from_matrix(matrix).build()

    @given(matrices(max_levels=4, max_issue_types=3))
    def test_renaming_back_and_forth(self, matrix: Matrix) -> None:
        """Renaming a level away and back gives the matrix back."""
        key = matrix.levels[0].key
        assume("zz_spare" not in matrix.level_keys)
        renamed = (
            MatrixBuilder.from_matrix(matrix)
            .rename_level(key, "zz_spare")
            .rename_level("zz_spare", key)
            .build()
        )
        assert matrix == renamed
