"""What a review of the model found: reprs in messages, parts refused by key, overlays.

Each test shows one finding: values quoted as files write them (``null``,
``true``), constructors taking parts of a matrix where lookups do, every
overlay conflict reported at once in one style, overlays written in the
reference's order, and one family of duration messages.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix import (
    FirstWait,
    MatrixBuilder,
    Overlay,
    Policy,
    PriorityTable,
    Repeat,
    Severity,
    apply_overlay,
    default_matrix,
)
from escalation_matrix._base.durations import parse_duration
from escalation_matrix.exceptions import (
    CatalogError,
    OverlayConflictError,
    ValidationError,
)
from escalation_matrix.rules import Compare, Rule
from tests.helpers import small_matrix

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
# Given where code is typed to refuse it.
NOTHING: Any = None
# The head every duration message shares: the reference's examples.
EXAMPLES = "'30m', '1h 30m', '1d12h' or 'PT1H30M'"


def _messages(error: ValidationError | CatalogError) -> list[str]:
    return [f"{problem.path}: {problem.message}" for problem in error.problems]


class TestValuesAsFilesWriteThem:
    """Messages quote None and booleans as ``null`` and ``true``."""

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (lambda: Repeat(times=1, wait=None), "$.wait"),
            (lambda: FirstWait(delay=None), "$.delay"),
        ],
    )
    def test_no_duration(self, build: Any, expected: str) -> None:
        """A wait given as None is named null, in the duration family."""
        with pytest.raises(ValidationError) as info:
            build()
        assert _messages(info.value) == [
            f"{expected}: expected a duration such as {EXAMPLES} (or a timedelta), "
            "got null"
        ]

    def test_translation_given_as_none(self) -> None:
        """translate() and render() name a missing translation null."""
        matrix = default_matrix()
        expected = ["messages['level:L1:name']: must be a non-blank text, got null"]
        with pytest.raises(CatalogError) as info:
            em.translate(matrix, "it", messages={"level:L1:name": NOTHING})
        assert _messages(info.value) == expected
        with pytest.raises(CatalogError) as info:
            em.render(matrix, locale="it", messages={"level:L1:name": NOTHING})
        assert _messages(info.value) == expected

    def test_context_given_as_none(self) -> None:
        """A context that is no text is named null, in its path too."""
        with pytest.raises(CatalogError) as info:
            em.translate(default_matrix(), "it", messages={NOTHING: "x"})
        assert _messages(info.value) == [
            "messages[null]: a context must be a str such as 'level:L5:name', got null"
        ]

    def test_null_in_a_rule_read_from_json(self) -> None:
        """A null among the values of an ``in`` condition is quoted as JSON wrote it."""
        data = em.to_dict(small_matrix())
        data["policy"] = {
            "rules": [
                {
                    "name": "trial",
                    "when": {
                        "field": "attributes.x",
                        "op": "in",
                        "value": [True, None],
                    },
                    "max_level": "L2",
                }
            ]
        }
        with pytest.raises(ValidationError) as info:
            em.loads(json.dumps(data), "json")
        assert _messages(info.value) == [
            "$.policy.rules[0].when.value[1]: must be a string, number or boolean, "
            "got null; test a missing value with 'missing'"
        ]

    def test_rank_of_a_new_level(self) -> None:
        """The builder names a rank given as a boolean true."""
        builder = MatrixBuilder.from_matrix(small_matrix())
        with pytest.raises(ValidationError) as info:
            builder.add_level("new", role="lead", name="New", rank=True)
        assert _messages(info.value)[0].endswith("got true")

    def test_names_carried_with_a_context_of_no_kind(self) -> None:
        """Names carried by a routing result name a context given as None null."""
        from escalation_matrix._routing.names import CarriedNames  # noqa: PLC0415

        with pytest.raises(ValidationError) as info:
            CarriedNames(texts={NOTHING: "x"})
        (message,) = _messages(info.value)
        assert message.startswith("$.texts[null]: must be a translation context")
        assert message.endswith("; got null")

    def test_overlay_text_context_of_no_kind(self) -> None:
        """An overlay's text under no context is reported, named null."""
        overlay = Overlay("acme", texts={NOTHING: "x"})
        with pytest.raises(OverlayConflictError) as info:
            apply_overlay(small_matrix(), overlay)
        assert _messages(info.value) == [
            "$.texts[null]: must be a text context such as 'matrix:title', "
            "'role:<key>:title' or 'cell:<issue type>:<level>', got null"
        ]


class TestPartsForTheirKeys:
    """Fields naming parts take the parts, as lookups do."""

    def test_severity_skips_levels(self) -> None:
        """A severity's skipped levels may be the matrix's levels."""
        matrix = default_matrix()
        severity = Severity("x", "X", skip_levels=[matrix.level("L3")])
        assert severity.skip_levels == ("L3",)

    def test_default_severity(self) -> None:
        """The default severity may be one of the policy's severities."""
        severities = default_matrix().policy.severities
        policy = Policy(severities=severities, default_severity=severities[0])
        assert policy.default_severity == severities[0].key

    def test_priority_table_cells(self) -> None:
        """The cells of a priority table may be severities."""
        high = Severity("high", "High")
        table = PriorityTable(["big"], ["now"], [[high]])
        assert table.table == (("high",),)

    def test_rule_levels_and_values(self) -> None:
        """A rule takes levels, and a comparison the parts it compares with."""
        matrix = default_matrix()
        issue_type = matrix.issue_types[0]
        critical = matrix.policy.severities[0]
        rule = Rule(
            "r",
            Compare("issue_type", "==", issue_type),
            entry_level=matrix.level("L2"),
            skip_levels=[matrix.level("L3")],
        )
        assert (rule.entry_level, rule.skip_levels) == ("L2", ("L3",))
        assert rule.when == Compare("issue_type", "==", issue_type.key)
        listed = Compare("severity", "in", [critical, "low"])
        assert listed.value == ("critical", "low")

    def test_overlay_removes_levels(self) -> None:
        """An overlay removes a level given as the base's own."""
        matrix = default_matrix()
        overlay = Overlay("acme", remove={"levels": [matrix.level("L4")]})
        assert apply_overlay(matrix, overlay).level_keys == ("L1", "L2", "L3")

    def test_unknown_severity_is_named_by_key(self) -> None:
        """A severity the policy lacks is reported by its key, not as an object."""
        with pytest.raises(ValidationError) as info:
            Policy(
                severities=[Severity("high", "High")],
                default_severity=Severity("low", "Low"),
            )
        assert _messages(info.value) == [
            "$.default_severity: unknown severity 'low'; known severity keys: high"
        ]

    def test_issue_takes_a_severity_and_routes(self) -> None:
        """The parts an issue names route as their keys do."""
        matrix = default_matrix()
        severity = matrix.policy.severities[0]
        issue = em.Issue(matrix.issue_types[0], OPENED, severity=severity)
        by_key = em.Issue(matrix.issue_types[0].key, OPENED, severity=severity.key)
        assert em.route(matrix, issue, now=OPENED) == em.route(
            matrix, by_key, now=OPENED
        )


class TestOverlayConflicts:
    """Every conflict at once, in one style, and overlays in the reference's order."""

    OVERLAY = """\
schema_version = 1
overlay = "acme"
remove = { levels = ["L9"] }

[texts]
"level:L7:name" = "Z"
"""

    def test_all_at_once(self) -> None:
        """A removal and a text naming nothing are reported together."""
        overlay = em.loads(self.OVERLAY, "toml", Overlay)
        with pytest.raises(OverlayConflictError) as info:
            apply_overlay(default_matrix(), overlay)
        assert _messages(info.value) == [
            "$.remove.levels[0]: unknown level 'L9'; known level keys: L1, L2, L3, L4",
            "$.texts['level:L7:name']: unknown level 'L7'; known level keys: L1, L2, "
            "L3, L4",
        ]

    @pytest.mark.parametrize(
        ("texts", "expected"),
        [
            (
                {"cell:leak:L9": "?"},
                [
                    "unknown issue type 'leak'; known issue type keys: outage, billing",
                    "unknown level 'L9'; known level keys: L1, L2, L3",
                ],
            ),
            (
                {"role:cto:title": "?"},
                ["unknown role 'cto'; known role keys: agent, lead, boss"],
            ),
            (
                {"severity:low:name": "?"},
                ["unknown severity 'low'; known severity keys: none"],
            ),
            (
                {"level:L1:title": "?"},
                ["'level' texts are name, description; got 'level:L1:title'"],
            ),
        ],
    )
    def test_texts_naming_nothing(
        self, texts: dict[str, str], expected: list[str]
    ) -> None:
        """Texts are checked with the rest, in the style of every other problem."""
        overlay = Overlay("acme", base="other", texts=texts)
        with pytest.raises(OverlayConflictError) as info:
            apply_overlay(small_matrix(), overlay)
        messages = [str(problem.message) for problem in info.value.problems]
        assert messages[1:] == expected
        assert messages[0].startswith("the overlay is written for matrix 'other'")

    def test_texts_of_added_and_removed_parts(self) -> None:
        """A text of a part the overlay adds is found; one it removes is not."""
        matrix = default_matrix()
        added = MatrixBuilder.from_matrix(matrix).add_role("cto", "CTO").build()
        overlay = Overlay(
            "acme",
            roles=[added.role("cto")],
            remove={"roles": ["sales_manager"]},
            texts={"role:cto:description": "Chief", "role:sales_manager:title": "-"},
        )
        with pytest.raises(OverlayConflictError) as info:
            apply_overlay(matrix, overlay)
        (message,) = _messages(info.value)
        assert message.startswith(
            "$.texts['role:sales_manager:title']: unknown role 'sales_manager'"
        )

    def test_written_in_the_reference_order(self) -> None:
        """dumps() writes the fields in the order of the reference's table."""
        overlay = Overlay(
            "acme",
            texts={"level:L1:name": "Desk"},
            changes={"levels": {"L4": {"delay": "8h"}}},
            policy={"at_end": "resolve"},
            remove={"levels": ["L3"]},
            title="ACME",
        )
        data = json.loads(em.dumps(overlay, "json"))
        assert list(data) == [
            "schema_version",
            "overlay",
            "title",
            "remove",
            "policy",
            "changes",
            "texts",
        ]
        reference = (
            Path(__file__).parents[1] / "docs/reference/file-format.md"
        ).read_text("utf-8")
        table = reference.split("## Overlays", 1)[1].split("```", 1)[0]
        fields = [
            name
            for line in table.splitlines()
            if line.startswith("| `")
            for name in line.split("|")[1].strip().strip("`").split("`, `")
        ]
        assert [name for name in fields if name in data] == list(data)


class TestDurationMessages:
    """One family of duration messages, with a hint for fractions."""

    @pytest.mark.parametrize(
        ("text", "written", "seconds"),
        [
            ("PT1.5H", "PT1H30M", 5400),
            ("P1.5D", "P1DT12H", 129600),
            ("pt0,5m", "PT30S", 30),
            ("1.5h", "1h30m", 5400),
            ("1d 0.5h", "1d30m", 88200),
            ("PT0.0S", "PT0S", 0),
        ],
    )
    def test_fractions_get_what_to_write(
        self, text: str, written: str, seconds: int
    ) -> None:
        """A fraction is refused with the same duration in whole numbers."""
        with pytest.raises(ValueError, match="expected a duration such as") as info:
            parse_duration(text)
        assert str(info.value) == (
            f"expected a duration such as {EXAMPLES}, got {text!r}; its numbers "
            f"must be whole: write {written!r}"
        )
        assert parse_duration(written) == timedelta(seconds=seconds)

    def test_fraction_of_a_second(self) -> None:
        """A fraction of a second has no whole form: the smallest unit is said."""
        with pytest.raises(ValueError, match=r"'PT0\.5S'") as info:
            parse_duration("PT0.5S")
        assert str(info.value).endswith(
            "its numbers must be whole, and its smallest unit is the second"
        )

    def test_long_fractions_are_not_read(self) -> None:
        """A text too long for a duration gets no hint, whatever it holds."""
        with pytest.raises(ValueError, match="expected a duration") as info:
            parse_duration("P" + "1" * 70 + ".5D")
        assert "whole" not in str(info.value)

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (
                lambda: em.Level("L1", 1, "a", "N", delay=5),
                f"$.delay: expected a duration such as {EXAMPLES} (or a timedelta), "
                "got 5",
            ),
            (
                lambda: em.Level("L1", 1, "a", "N", delay="PT1.5H"),
                f"$.delay: expected a duration such as {EXAMPLES}, got 'PT1.5H'; its "
                "numbers must be whole: write 'PT1H30M'",
            ),
            (
                lambda: em.from_dict(
                    {"key": "L1", "rank": 1, "role": "a", "name": "N", "delay": True},
                    em.Level,
                ),
                f"$.delay: expected a duration as a string such as {EXAMPLES}, got "
                "true",
            ),
            (
                lambda: em.loads(
                    "schema_version: 1\nkey: m\ntitle: M\nroles: [{key: a, title: A}]"
                    "\nlevels: [{key: L1, rank: 1, role: a, name: N, delay: 1:30}]\n",
                    "yaml",
                ),
                f"$.levels[0].delay: expected a duration as a string such as "
                f"{EXAMPLES}, got 90; quote durations in YAML files",
            ),
        ],
    )
    def test_one_family(self, build: Any, expected: str) -> None:
        """Code, payloads and files share the examples; only code names timedelta."""
        with pytest.raises(ValidationError) as info:
            build()
        assert _messages(info.value) == [expected]

    def test_wait_of_zero_is_still_taken(self) -> None:
        """A repeat may wait no time at all, written or as a timedelta."""
        assert Repeat(1, "0s").wait == Repeat(1, timedelta(0)).wait == timedelta(0)
