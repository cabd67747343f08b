"""One duration grammar, messages that quote the input, problems in file order.

Durations are read alike in matrix files, overlays, payloads, the command
line and the constructors; every writer gives their one canonical form.
"""

from __future__ import annotations

import json
import re
import time as clock
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import Issue, IssueType, Level, MatrixBuilder, Overlay, Role
from escalation_matrix._base.durations import (
    DURATION_PATTERN,
    format_duration,
    parse_duration,
    written_duration,
)
from escalation_matrix._base.shown import shown
from escalation_matrix._cli.main import main
from escalation_matrix._cli.moments import parse_when
from escalation_matrix._serialization.detailed import in_file_order
from escalation_matrix._serialization.leaves import RefusedError, duration
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import Problem, ValidationError
from escalation_matrix.rules import Compare, Rule
from tests.helpers import small_matrix

# The longest duration a timedelta holds, in seconds.
LONGEST = 999_999_999 * 86400 + 86399
NINETY_MINUTES = timedelta(minutes=90)
# Ninety minutes in every form the grammar has.
NINETY = [
    "90m",
    "1h30m",
    "1h 30m",
    "1h   30m",
    "5400s",
    "0d 1h 30m 0s",
    "1H30M",
    "PT1H30M",
    "PT90M",
    "pt1h30m",
    "P0DT1H30M",
    "PT5400S",
]
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
# What a message shows of a value when it falls back on Python's repr.
PYTHON_REPR = re.compile(
    r"datetime\.(?:date|time|datetime|timedelta|timezone)\(|<[A-Z]\w* |object at 0x"
)


# The constructors, typed loosely: the tests give them what their types refuse.
loose: Any = SimpleNamespace(
    Action=em.Action,
    BusinessCalendar=BusinessCalendar,
    Compare=Compare,
    Issue=Issue,
    IssueType=IssueType,
    Level=Level,
    Matrix=em.Matrix,
    Policy=em.Policy,
    Role=Role,
    Rule=Rule,
    Severity=em.Severity,
    WorkingHours=WorkingHours,
)


def messages(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


@st.composite
def written_forms(draw: st.DrawFn, seconds: int) -> str:
    """Any form of the grammar for *seconds*: compact, spaced, any case, ISO."""
    if draw(st.booleans()):
        if seconds and seconds % 604800 == 0 and draw(st.booleans()):
            return (
                draw(st.sampled_from("pP"))
                + f"{seconds // 604800}"
                + "wW"[draw(st.integers(0, 1))]
            )
        days = draw(st.integers(0, seconds // 86400))
        rest = seconds - days * 86400
        hours = draw(st.integers(0, min(rest // 3600, 10**6)))
        rest -= hours * 3600
        minutes = draw(st.integers(0, min(rest // 60, 10**6)))
        rest -= minutes * 60
        time_part = "".join(
            f"{amount}{unit}"
            for amount, unit in ((hours, "H"), (minutes, "M"), (rest, "S"))
            if amount or draw(st.booleans())
        )
        day_part = f"{days}D" if days or not time_part or draw(st.booleans()) else ""
        text = "P" + day_part + ("T" + time_part if time_part else "")
        return "".join(
            letter.lower() if draw(st.booleans()) else letter for letter in text
        )
    days = draw(st.integers(0, seconds // 86400))
    rest = seconds - days * 86400
    hours = draw(st.integers(0, rest // 3600))
    rest -= hours * 3600
    minutes = draw(st.integers(0, rest // 60))
    rest -= minutes * 60
    parts = [
        f"{amount}{draw(st.sampled_from([unit, unit.upper()]))}"
        for amount, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (rest, "s"))
        if amount or draw(st.booleans())
    ] or ["0s"]
    separators = [draw(st.sampled_from(["", " ", "  "])) for _ in parts[1:]]
    return parts[0] + "".join(
        sep + part for sep, part in zip(separators, parts[1:], strict=True)
    )


@st.composite
def durations_with_a_form(draw: st.DrawFn) -> tuple[int, str]:
    seconds = draw(st.integers(0, LONGEST))
    return seconds, draw(written_forms(seconds))


class TestGrammar:
    @given(st.integers(0, LONGEST))
    def test_canonical_form_reads_back_to_itself(self, seconds: int) -> None:
        """The canonical form of any duration reads back to it, and is written the same."""
        value = timedelta(seconds=seconds)
        written = format_duration(value)
        assert parse_duration(written) == value
        assert format_duration(parse_duration(written)) == written
        assert written == written.lower()
        assert " " not in written

    @given(durations_with_a_form())
    def test_every_form_reads_to_the_same_duration(self, case: tuple[int, str]) -> None:
        """Compact, spaced, upper-case and ISO 8601 forms all read to the same timedelta."""
        seconds, text = case
        assert parse_duration(text) == timedelta(seconds=seconds)
        assert re.search(DURATION_PATTERN, text) is not None

    @given(st.text(alphabet="0123456789dhmswtpDHMSWTP .-", max_size=20))
    def test_json_schema_pattern_is_the_grammar(self, text: str) -> None:
        """The JSON Schema's pattern accepts exactly the texts the reader reads."""
        try:
            parse_duration(text)
        except ValueError:
            readable = False
        except OverflowError:
            readable = True
        else:
            readable = True
        assert readable == (re.fullmatch(DURATION_PATTERN, text) is not None)

    @pytest.mark.parametrize("text", NINETY)
    def test_ninety_minutes(self, text: str) -> None:
        """Each form of ninety minutes reads as ninety minutes, written '1h30m'."""
        assert parse_duration(text) == NINETY_MINUTES
        assert format_duration(parse_duration(text)) == "1h30m"

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [
            ("P2W", 14 * 86400),
            ("P1D", 86400),
            ("P1DT4H", 28 * 3600),
            ("1d 4h", 28 * 3600),
            ("1d4h", 28 * 3600),
            ("PT0S", 0),
            ("3650d", 3650 * 86400),
        ],
    )
    def test_examples(self, text: str, seconds: int) -> None:
        """The documented examples read as documented."""
        assert parse_duration(text) == timedelta(seconds=seconds)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "4 hours",
            "4",
            "h",
            "30m 1h",
            "1h1h",
            " 4h",
            "4h ",
            "4 h",
            "1h\t30m",
            "-4h",
            "+4h",
            "P",
            "PT",
            "P1DT",
            "P1W1D",
            "1w",
            "\u0664h",  # an Arabic-Indic digit: int() would read it
            "\uff14h",  # a full-width digit
        ],
    )
    def test_refused(self, text: str) -> None:
        """What is not in the grammar is refused, quoting the text."""
        with pytest.raises(ValueError, match="expected a duration such as") as info:
            parse_duration(text)
        assert str(info.value).endswith(f"got {text!r}")

    @pytest.mark.parametrize("text", ["P1Y", "P1M", "P1Y2M3D", "p3m"])
    def test_years_and_months_are_explained(self, text: str) -> None:
        """Years and months are refused with the reason and what to write instead."""
        with pytest.raises(ValueError, match=r"no fixed length: write days \('P30D'\)"):
            parse_duration(text)

    def test_long_digit_runs_stop_before_int(self) -> None:
        """A huge number is refused as too long at once, without converting it."""
        for text in ("9" * 16 + "s", "9" * 60 + "d", "P" + "9" * 40 + "D"):
            with pytest.raises(OverflowError, match="longer than a duration can be"):
                parse_duration(text)
        with pytest.raises(OverflowError):
            parse_duration("99999999999999d")  # digits a timedelta cannot hold
        # Leading zeros are no digits of the amount.
        assert parse_duration("0" * 40 + "1s") == timedelta(seconds=1)

    def test_long_texts_are_bounded(self) -> None:
        """A text far longer than any duration is refused quickly, quoted in part."""
        text = "1" * 1_000_000 + "s"
        start = clock.perf_counter()
        with pytest.raises(ValueError, match=r"got '1{61}\.\.\.'$"):
            parse_duration(text)
        assert clock.perf_counter() - start < 0.5

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (timedelta(0), "0s"),
            (timedelta(minutes=-90), "-1h30m"),
            (timedelta(seconds=1, microseconds=500000), "1.5s"),
            (timedelta(seconds=10, microseconds=5), "10.000005s"),
            (timedelta(minutes=1, microseconds=250000), "1m0.25s"),
        ],
    )
    def test_written_for_messages(self, value: timedelta, expected: str) -> None:
        """Messages show any timedelta in the written form, signs and fractions too."""
        assert written_duration(value) == expected


LEVEL_TOML = """\
schema_version = 1
key = "helpdesk"
title = "Helpdesk"

[[roles]]
key = "agent"
title = "Agent"

[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "First line"
delay = "{delay}"

[[levels]]
key = "L2"
rank = 2
role = "agent"
name = "Second line"

[[issue_types]]
key = "outage"
name = "Outage"
responsibilities = {{ L1 = "Restart it.", L2 = "Find the cause." }}
"""


def helpdesk(delay: str) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "key": "helpdesk",
        "title": "Helpdesk",
        "roles": [{"key": "agent", "title": "Agent"}],
        "levels": [
            {"key": "L1", "rank": 1, "role": "agent", "name": "One", "delay": delay},
            {"key": "L2", "rank": 2, "role": "agent", "name": "Two"},
        ],
        "issue_types": [
            {
                "key": "outage",
                "name": "Outage",
                "responsibilities": {"L1": "a", "L2": "b"},
            }
        ],
    }


class TestEverywhere:
    @pytest.mark.parametrize("text", NINETY)
    @pytest.mark.parametrize("kind", ["toml", "json", "yaml"])
    def test_matrix_files(self, text: str, kind: str) -> None:
        """Matrix files in every format read every form, and write the canonical one."""
        texts = {
            "toml": LEVEL_TOML.format(delay=text),
            "json": json.dumps(helpdesk(text)),
            "yaml": yaml.safe_dump(helpdesk(text), sort_keys=False),
        }
        source = texts[kind]
        matrix = em.loads(source, kind)  # type: ignore[call-overload]
        assert matrix.levels[0].delay == NINETY_MINUTES
        assert em.to_dict(matrix)["levels"][0]["delay"] == "1h30m"

    @pytest.mark.parametrize("text", NINETY)
    def test_overlay_files(self, text: str) -> None:
        """An overlay's change of delay reads every form; it is written back canonical."""
        data = {
            "schema_version": 1,
            "overlay": "slower",
            "changes": {"levels": {"L1": {"delay": text}}},
        }
        overlay = em.from_dict(data, Overlay)
        assert em.apply_overlay(small_matrix(), overlay).level("L1").delay == (
            NINETY_MINUTES
        )
        assert em.to_dict(overlay)["changes"]["levels"]["L1"]["delay"] == "1h30m"

    def test_overlay_in_code_is_written_canonical(self) -> None:
        """A delay given to an Overlay as text is applied, and written canonical."""
        overlay = Overlay("slower", changes={"levels": {"L1": {"delay": "1h 30m"}}})
        assert em.apply_overlay(small_matrix(), overlay).level("L1").delay == (
            NINETY_MINUTES
        )
        assert em.to_dict(overlay)["changes"]["levels"]["L1"]["delay"] == "1h30m"

    @pytest.mark.parametrize("text", NINETY)
    def test_command_line_moments(self, text: str) -> None:
        """The command line's moments read every form, before and after now."""
        assert parse_when(f"{text} ago", now=NOW, zone=UTC) == NOW - NINETY_MINUTES
        assert parse_when(f"-{text}", now=NOW, zone=UTC) == NOW - NINETY_MINUTES
        assert parse_when(f"in {text}", now=NOW, zone=UTC) == NOW + NINETY_MINUTES

    def test_command_line_routes_alike(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`route --opened` gives the same answer for '1h 30m ago' and 'PT1H30M ago'."""
        outputs = []
        for text in ("1h 30m ago", "PT1H30M ago", "90m ago"):
            status = main(
                [
                    "route",
                    "performance_hiccups",
                    "--opened",
                    text,
                    "--now",
                    "2026-11-28T09:00Z",
                    "--format",
                    "json",
                ]
            )
            assert status == 0
            outputs.append(capsys.readouterr().out)
        assert outputs[0] == outputs[1] == outputs[2]
        assert json.loads(outputs[0])["issue"]["opened_at"].startswith(
            "2026-11-28T07:30:00"
        )

    @pytest.mark.parametrize("text", NINETY)
    def test_constructors(self, text: str) -> None:
        """Level and the builder take every written form, and keep a timedelta."""
        level = Level("L1", 1, "agent", "First line", delay=text)
        assert level.delay == NINETY_MINUTES
        assert type(level.delay) is timedelta
        assert level == Level("L1", 1, "agent", "First line", delay=NINETY_MINUTES)
        built = MatrixBuilder.from_matrix(small_matrix()).update_level("L2", delay=text)
        assert built.build().level("L2").delay == NINETY_MINUTES

    def test_builder_add_level(self) -> None:
        """A level added by the builder takes its delay as text."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .add_level(
                "L4",
                role="boss",
                name="Board",
                delay="P1D",
                responsibilities={"outage": "Decide.", "billing": "Decide."},
            )
            .build()
        )
        assert matrix.level("L4").delay == timedelta(days=1)

    def test_decision_payloads(self) -> None:
        """The `after` of a decision's reasons reads every form too."""
        matrix = small_matrix()
        decision = em.route(matrix, Issue("outage", NOW - timedelta(hours=5)), now=NOW)
        data = em.to_dict(decision)
        changed = 0
        for reason in data["reasons"]:
            if "after" in reason:
                reason["after"] = "PT" + reason["after"].upper()
                changed += 1
        assert changed
        assert em.from_dict(data, em.Decision) == decision


class TestMessagesQuoteTheInput:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("0m", "must be longer than zero, got '0m'"),
            ("PT0S", "must be longer than zero, got 'PT0S'"),
            ("4000d", "must be at most '3650d' (ten years), got '4000d'"),
            ("P4000D", "must be at most '3650d' (ten years), got 'P4000D'"),
            ("9" * 20 + "d", f"must be at most '3650d' (ten years), got '{'9' * 20}d'"),
            (
                "soon",
                "expected a duration such as '30m', '1h 30m', '1d12h' or "
                "'PT1H30M', got 'soon'",
            ),
        ],
    )
    def test_files_and_constructors(self, text: str, message: str) -> None:
        """A bad delay is quoted as written, in a file, an overlay and a constructor."""
        with pytest.raises(ValidationError) as info:
            em.from_dict(helpdesk(text))
        assert messages(info.value) == [f"$.levels[0].delay: {message}"]
        with pytest.raises(ValidationError) as info:
            em.loads(LEVEL_TOML.format(delay=text), "toml")
        assert messages(info.value) == [f"$.levels[0].delay: {message}"]
        with pytest.raises(ValidationError) as info:
            Level("L1", 1, "agent", "One", delay=text)
        assert messages(info.value) == [f"$.delay: {message}"]
        data = {
            "schema_version": 1,
            "overlay": "x",
            "changes": {"levels": {"L1": {"delay": text}}},
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Overlay)
        assert messages(info.value) == [f"$.changes.levels.L1.delay: {message}"]

    def test_command_line_validate(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`validate` quotes the delay as the file has it."""
        path = tmp_path / "helpdesk.toml"
        path.write_text(LEVEL_TOML.format(delay="0m"), "utf-8")
        assert main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert "$.levels[0].delay: must be longer than zero, got '0m'" in err
        assert "timedelta" not in err

    def test_toml_dates_and_times(self) -> None:
        """TOML's own dates and times in the wrong place are quoted as written."""
        text = LEVEL_TOML.format(delay="4h").replace('"4h"', "2026-01-01")
        text = text.replace('name = "First line"', "name = 09:30:00")
        with pytest.raises(ValidationError) as info:
            em.loads(text, "toml")
        assert messages(info.value) == [
            "$.levels[0].name: must be a string, got a time (09:30:00)",
            "$.levels[0].delay: expected a duration as a string such as '30m', "
            "'1h 30m', '1d12h' or 'PT1H30M', got a date (2026-01-01)",
        ]

    @pytest.mark.parametrize(
        "build",
        [
            lambda: loose.Level("L1", 1, "a", "A", delay=timedelta(0)),
            lambda: loose.Level("L1", 1, "a", "A", delay=timedelta(seconds=-5)),
            lambda: loose.Level("L1", 1, "a", "A", delay=timedelta(seconds=1.5)),
            lambda: loose.Level("L1", 1, "a", "A", delay=date(2026, 1, 1)),
            lambda: loose.Level("L1", 1, "a", "A", business_time=date(2026, 1, 1)),
            lambda: loose.Level(
                "L1", 1, loose.Role("a", "A"), "A", escalate_while=object()
            ),
            lambda: loose.Level("L1", day_time(9), "a", "A"),
            lambda: loose.Role(datetime(2026, 1, 1), "A"),  # noqa: DTZ001
            lambda: loose.Role("a", timedelta(1)),
            lambda: loose.IssueType("x", "X", {"L1": date(2026, 1, 1)}),
            lambda: loose.IssueType("x", "X", [loose.Role("a", "A")]),
            lambda: loose.Matrix(
                "m", "M", levels=[loose.Role("a", "A")], roles=[], issue_types=[]
            ),
            lambda: loose.Matrix(
                "m",
                "M",
                levels=[],
                roles=[],
                issue_types=[],
                policy=loose.Role("a", "A"),
            ),
            lambda: loose.Severity("s", "S", skip_levels=[date(2026, 1, 1)]),
            lambda: loose.Policy(severities=[loose.Role("a", "A")]),
            lambda: loose.Policy(calendar=loose.Role("a", "A")),
            lambda: loose.Issue("outage", datetime(2026, 1, 1)),  # noqa: DTZ001
            lambda: loose.Issue("outage", date(2026, 1, 1)),
            lambda: loose.Issue("outage", NOW, actions=[loose.Role("a", "A")]),
            lambda: loose.Issue("outage", NOW, attributes={"when": date(2026, 1, 1)}),
            lambda: loose.Action("jump", datetime(2026, 1, 1), level="L2"),  # noqa: DTZ001
            lambda: loose.WorkingHours(["mon"], day_time(9, tzinfo=UTC), day_time(17)),
            lambda: loose.WorkingHours(["mon"], day_time(9), timedelta(hours=17)),
            lambda: loose.BusinessCalendar("Europe/Rome", [loose.Role("a", "A")]),
            lambda: loose.BusinessCalendar(
                "Europe/Rome",
                [loose.WorkingHours(["mon"], day_time(9), day_time(17))],
                holidays=[datetime(2026, 12, 25)],  # noqa: DTZ001
            ),
            lambda: loose.Compare("severity", "in", date(2026, 1, 1)),
            lambda: loose.Compare("severity", "==", [date(2026, 1, 1)]),
            lambda: loose.Rule("r", loose.Role("a", "A"), entry_level="L2"),
        ],
    )
    def test_no_python_reprs(self, build: Any) -> None:
        """No validation message shows a Python repr of a date, a duration or an object."""
        with pytest.raises(ValidationError) as info:
            build()
        for message in messages(info.value):
            assert PYTHON_REPR.search(message) is None, message

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (timedelta(0), "'0s'"),
            (datetime(2026, 1, 1, 9, 30), "'2026-01-01T09:30:00'"),  # noqa: DTZ001
            (date(2026, 12, 25), "'2026-12-25'"),
            (day_time(9), "'09:00:00'"),
            ("0m", "'0m'"),
            (3, "3"),
            (None, "null"),
            (Role("agent", "Agent"), "a Role ('agent')"),
            ([date(2026, 1, 1), "x"], '["2026-01-01", "x"]'),
            ({"a": timedelta(hours=1)}, '{"a": "1h"}'),
            (object(), "an object"),
        ],
    )
    def test_shown(self, value: object, expected: str) -> None:
        """Values are shown as written: literals, written forms, or their kind."""
        assert shown(value) == expected

    def test_long_values_are_cut(self) -> None:
        """A long list is cut in a message, a text is quoted whole."""
        assert shown(list(range(100))) == "[0, 1, 2, 3, 4, 5, ...]"
        assert shown("x" * 300) == repr("x" * 300)


class TestFileOrder:
    def test_matrix_problems_follow_the_file(self) -> None:
        """Problems come in the order of their places in the file, top key first."""
        data = helpdesk("0m")
        data["key"] = "Help Desk"
        data["levels"][1]["role"] = "nobody"
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert [problem.path for problem in info.value.problems] == [
            "$.key",
            "$.levels[0].delay",
            "$.levels[1].role",
        ]

    def test_order_is_the_files_not_the_formats(self) -> None:
        """A JSON file listing levels before its key gets the levels' problems first."""
        data = helpdesk("0m")
        data["key"] = "Help Desk"
        reordered = {name: data[name] for name in ("levels", "key")} | data
        with pytest.raises(ValidationError) as info:
            em.loads(json.dumps(reordered), "json")
        assert [problem.path for problem in info.value.problems] == [
            "$.levels[0].delay",
            "$.key",
        ]

    def test_toml_file(self) -> None:
        """In a TOML file the key, written first, comes before the levels."""
        text = LEVEL_TOML.format(delay="0m").replace('"helpdesk"', '"Help Desk"')
        text = text.replace(
            'role = "agent"\nname = "Second', 'role = "x y"\nname = "Second'
        )
        with pytest.raises(ValidationError) as info:
            em.loads(text, "toml")
        assert [problem.path for problem in info.value.problems] == [
            "$.key",
            "$.levels[0].delay",
            "$.levels[1].role",
        ]

    def test_missing_fields_come_after_the_objects_fields(self) -> None:
        """A missing field is reported after the fields its object has."""
        with pytest.raises(ValidationError) as info:
            em.from_dict({"rank": 0, "key": "L 1"}, Level)
        assert [problem.path for problem in info.value.problems] == [
            "$.rank",
            "$.key",
            "$.role",
            "$.name",
        ]

    def test_overlay_problems_follow_the_file(self) -> None:
        """An overlay's problems are in the order of the file."""
        data = {
            "schema_version": 1,
            "overlay": "x",
            "levels": [{"key": "L5", "rank": 5, "role": "boss", "name": ""}],
            "changes": {"levels": {"L1": {"delay": "0m"}}},
            "title": 3,
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Overlay)
        assert [problem.path for problem in info.value.problems] == [
            "$.levels[0].name",
            "$.changes.levels.L1.delay",
            "$.title",
        ]

    def test_payload_problems_follow_the_payload(self) -> None:
        """An issue payload's problems are in the order of its fields."""
        data = {
            "opened_at": "2026-01-01T09:00:00",
            "severity": "Very High",
            "issue_type": "Not A Key",
        }
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Issue)
        assert [problem.path for problem in info.value.problems] == [
            "$.opened_at",
            "$.severity",
            "$.issue_type",
        ]

    def test_quoted_keys_are_placed(self) -> None:
        """Paths with quoted keys are placed where those keys are."""
        data = helpdesk("4h")
        data["issue_types"][0]["responsibilities"] = {"L1": "", "L 2": "b", "L2": ""}
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        paths = [problem.path for problem in info.value.problems]
        assert paths == sorted(
            paths,
            key=[
                "$.issue_types[0].responsibilities.L1",
                "$.issue_types[0].responsibilities['L 2']",
                "$.issue_types[0].responsibilities.L2",
            ].index,
        )


class TestCanonicalOutput:
    def test_no_policy_written_for_the_default_one(self) -> None:
        """A matrix with the default policy is written without a policy."""
        matrix = em.from_dict(helpdesk("4h"))
        assert "policy" not in em.to_dict(matrix)
        assert "[policy]" not in em.dumps(matrix, "toml")
        assert "delay_mode" not in em.dumps(matrix, "json")

    def test_policy_fields_other_than_default_are_written(self) -> None:
        """A policy counting since the opening says so; its default fields do not appear."""
        data = helpdesk("4h")
        data["levels"][1]["delay"] = "1d"
        data["policy"] = {"delay_mode": "since_opened"}
        matrix = em.from_dict(data)
        assert em.to_dict(matrix)["policy"] == {"delay_mode": "since_opened"}
        assert em.from_dict(em.to_dict(matrix)) == matrix

    def test_default_delay_mode_is_left_out(self) -> None:
        """A policy with severities does not write the default delay_mode."""
        data = helpdesk("4h")
        data["policy"] = {
            "delay_mode": "per_level",
            "severities": [{"key": "high", "name": "High"}],
        }
        written = em.to_dict(em.from_dict(data))
        assert written["policy"] == {"severities": [{"key": "high", "name": "High"}]}

    def test_convert_adds_nothing(self, tmp_path: Path) -> None:
        """`convert` of a file without policy writes a file without policy."""
        source = tmp_path / "helpdesk.toml"
        source.write_text(LEVEL_TOML.format(delay="1h 30m"), "utf-8")
        out = tmp_path / "out.toml"
        assert main(["convert", str(source), str(out)]) == 0
        written = out.read_text("utf-8")
        assert "policy" not in written
        assert "delay_mode" not in written
        assert 'delay = "1h30m"' in written
        assert em.load(out) == em.load(source)

    def test_builtin_matrix_round_trips(self) -> None:
        """The built-in matrix (its policy all defaults) reads back equal."""
        matrix = em.default_matrix()
        assert em.loads(em.dumps(matrix, "toml"), "toml") == matrix


class TestPartsForKeys:
    def test_issue_takes_an_issue_type(self) -> None:
        """Issue takes the matrix's IssueType where it takes its key."""
        matrix = em.default_matrix()
        issue = Issue(matrix.issue_type("performance_hiccups"), NOW)
        assert issue == Issue("performance_hiccups", NOW)
        assert em.route(matrix, issue, now=NOW).issue.issue_type == (
            "performance_hiccups"
        )

    def test_fields_naming_parts_take_the_parts(self) -> None:
        """Roles, levels and severities are taken for their keys, as lookups take them."""
        matrix = em.default_matrix()
        level = Level("L9", 9, matrix.role("project_manager"), "Top")
        assert level.role == "project_manager"
        jump = em.Action.jump(NOW, matrix.level(3))
        assert jump.level == "L3"
        severity = em.Severity(
            "s", "S", entry_level=matrix.level(2), max_level=matrix.level("L3")
        )
        assert (severity.entry_level, severity.max_level) == ("L2", "L3")
        rule = Rule("r", Compare("severity", "==", "s"), entry_level=matrix.level(2))
        assert rule.entry_level == "L2"
        issue_type = IssueType("x", "X", {"L1": "a"}, entry_level=matrix.level(1))
        assert issue_type.entry_level == "L1"


class TestPieces:
    @pytest.mark.parametrize(
        ("value", "shown_as"),
        [(timedelta(seconds=-1), "'-1s'"), (timedelta(microseconds=1), "'0.000001s'")],
    )
    def test_format_refuses_what_files_cannot_hold(
        self, value: timedelta, shown_as: str
    ) -> None:
        """Negative durations and fractions of a second have no canonical form."""
        with pytest.raises(ValueError, match=f"got {re.escape(shown_as)}$"):
            format_duration(value)

    def test_long_lists_are_cut_to_a_line(self) -> None:
        """A list of long texts is cut to one line in a message."""
        text = shown(["x" * 50] * 3)
        assert len(text) == 80
        assert text.endswith("...")

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (
                3,
                "expected a duration as a string such as '30m', '1h 30m', '1d12h' or "
                "'PT1H30M', got 3; quote durations in YAML files",
            ),
            (
                "soon",
                "expected a duration such as '30m', '1h 30m', '1d12h' or "
                "'PT1H30M', got 'soon'",
            ),
            ("9" * 20 + "s", f"must be at most '3650d' (ten years), got '{'9' * 20}s'"),
        ],
    )
    def test_payload_durations(self, value: object, expected: str) -> None:
        """The `after` of a reason is read with the same grammar and messages."""
        with pytest.raises(RefusedError) as caught:
            duration(value)
        assert [str(problem) for problem in caught.value.problems] == [f"$: {expected}"]
        assert duration("PT4H") == timedelta(hours=4)

    def test_order_of_odd_paths(self) -> None:
        """Paths past a list's end, with number keys, or beyond the data, still sort."""
        data = {"a": [1, 2], 7: "x", "b": {"c": 1}}
        problems = [
            Problem("$.b.c.d", "beyond the data"),
            Problem("$[7]", "a number key"),
            Problem("$.a[5]", "past the end"),
            Problem("$.a[0]", "first item"),
            Problem("$", "the whole"),
        ]
        assert [problem.path for problem in in_file_order(problems, data)] == [
            "$",
            "$.a[0]",
            "$.a[5]",
            "$[7]",
            "$.b.c.d",
        ]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ((), "[]"),
            (("a",), '["a"]'),
            (("a", date(2026, 1, 1)), '["a", "2026-01-01"]'),
        ],
    )
    def test_tuples_are_shown_as_lists(self, value: object, expected: str) -> None:
        """A tuple given in code is shown as the list a file would write."""
        assert shown(value) == expected
