"""No message shows a Python repr or a Python type name: values as files write them.

Every family of validation message is provoked through files in the three
formats, through the API and through the command line; each message is
scanned for what only Python would print (``None``'s type, ``True``,
``datetime.``, ``timedelta(``, ``<Level ...>``, ``(dict)``...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest

import escalation_matrix as em
import escalation_matrix.calendar as em_calendar
from escalation_matrix._base.shown import kind_of, shown
from escalation_matrix._cli.main import main
from escalation_matrix._routing.names import CarriedNames
from escalation_matrix.exceptions import EscalationMatrixError, ValidationError
from escalation_matrix.rules import Compare

# A class repr (<Level L1 ...>), not a placeholder of a message (<issue type>).
PYTHON = re.compile(
    r"NoneType|\bNone\b(?! or)|\bTrue\b|\bFalse\b|datetime\.|timedelta\(|Decimal\("
    r"|<(?![a-z]+(?: [a-z]+)*>)[A-Za-z_][\w.]*[ >]|object at 0x"
    r"|\((?:dict|list|tuple|bool|int|float|str"
    r"|time|date|datetime|timedelta|Decimal|NoneType)\)"
)
OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

# One line of a matrix file per bad value: what JSON, TOML or YAML read, and
# what the message must quote.
MINIMAL_TOML = """\
schema_version = 1
key = "m"
title = "M"
[[roles]]
key = "agent"
title = "Agent"
[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "One"
[[issue_types]]
key = "outage"
name = "Outage"
responsibilities = { L1 = "Fix it." }
"""


def _messages(error: BaseException) -> list[str]:
    if isinstance(error, ValidationError):
        return [f"{problem.path}: {problem.message}" for problem in error.problems]
    return [str(error)]


def _clean(messages: list[str]) -> None:
    for message in messages:
        assert PYTHON.search(message) is None, message


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        (
            '{"schema_version": true}',
            "json",
            "$.schema_version: must be an integer, got true",
        ),
        (
            '{"schema_version": NaN}',
            "json",
            "$.schema_version: must be an integer, got NaN",
        ),
        (
            '{"schema_version": 1e400}',
            "json",
            "$.schema_version: must be at most about 1.79e308 in size, the largest "
            "number that can be read, got 1e400",
        ),
        (
            '{"schema_version": 1, "key": ["a"]}',
            "json",
            '$.key: must be a string, got ["a"]',
        ),
        (
            '{"schema_version": 1, "title": null}',
            "json",
            "$.title: must be a string, got null",
        ),
        (
            '{"schema_version": 1, "title": {"a": 1}}',
            "json",
            '$.title: must be a string, got {"a": 1}',
        ),
        (
            '{"schema_version": 1, "title": 1.5}',
            "json",
            "$.title: must be a string, got 1.5",
        ),
        ("[1, 2]", "json", "$: must be an object (a table), got [1, 2]"),
        (
            "schema_version = 1\ntitle = 2026-01-01T00:00:00Z\n",
            "toml",
            "$.title: must be a string, got a date and time (2026-01-01T00:00:00+00:00)",
        ),
        (
            "schema_version = 1\ntitle = 2026-01-01\n",
            "toml",
            "$.title: must be a string, got a date (2026-01-01)",
        ),
        (
            "schema_version = 1\ntitle = 09:30:00\n",
            "toml",
            "$.title: must be a string, got a time (09:30:00)",
        ),
        (
            "schema_version = 1.0\n",
            "toml",
            "$.schema_version: must be an integer, got 1.0",
        ),
        (
            "schema_version = nan\n",
            "toml",
            "$.schema_version: must be an integer, got NaN",
        ),
        (
            "schema_version: 1\ntitle: null\n",
            "yaml",
            "$.title: must be a string, got null",
        ),
        (
            "schema_version: yes\n",
            "yaml",
            "$.schema_version: must be an integer, got true",
        ),
        (
            "schema_version: 1\ntitle: [a]\n",
            "yaml",
            '$.title: must be a string, got ["a"]',
        ),
        (
            "schema_version: 1\ntitle: .inf\n",
            "yaml",
            "$.title: must be a string, got Infinity",
        ),
        (
            '{"schema_version": 1, "policy": {"rules": [{"name": "r", "max_level": '
            '"L1", "when": {"field": "attributes.a", "op": "in", "value": [true, '
            "null]}}]}}",
            "json",
            "$.policy.rules[0].when.value[1]: must be a string, number or boolean, "
            "got null; test a missing value with 'missing'",
        ),
        (
            "schema_version: 1\nlevels: [{key: L1, rank: 1, role: a, name: n, "
            "delay: 1:30}]\n",
            "yaml",
            "$.levels[0].delay: expected a duration as a string such as '30m', "
            "'1h 30m', '1d12h' or 'PT1H30M', got 90; quote durations in YAML files",
        ),
    ],
)
def test_file_values_are_quoted_as_written(
    text: str, fmt: Literal["toml", "json", "yaml"], expected: str
) -> None:
    """A bad value in a file is quoted in the file's terms, never as a Python repr."""
    with pytest.raises(ValidationError) as info:
        em.loads(text, fmt)
    messages = _messages(info.value)
    assert expected in messages
    _clean(messages)


def _level_lines(**fields: str) -> str:
    base = MINIMAL_TOML
    extra = "".join(f"{name} = {value}\n" for name, value in fields.items())
    return base.replace('name = "One"\n', f'name = "One"\n{extra}', 1)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"delay": "01:30:00"}, "got a time (01:30:00)"),
        ({"delay": '"0m"'}, "must be longer than zero, got '0m'"),
        ({"delay": "30"}, "got 30"),
        ({"delay": "[1]"}, "got [1]"),
        ({"business_time": '"yes"'}, "must be true or false, got 'yes'"),
        ({"rank": "true"}, "must be an integer, got true"),
    ],
)
def test_level_fields(fields: dict[str, str], expected: str) -> None:
    """Every kind of level field names the value as the TOML file wrote it."""
    text = _level_lines(**fields)
    if "rank" in fields:
        text = text.replace("rank = 1\n", "", 1)
    with pytest.raises(ValidationError) as info:
        em.loads(text, "toml")
    messages = _messages(info.value)
    assert any(expected in message for message in messages), messages
    _clean(messages)


def test_since_opened_kinds_of_time_are_in_file_terms() -> None:
    """The since_opened check names the first level's value as written."""
    text = MINIMAL_TOML.replace(
        'name = "One"\n', 'name = "One"\ndelay = "1h"\nbusiness_time = true\n', 1
    )
    text = text.replace(
        "[[issue_types]]",
        '[[levels]]\nkey = "L2"\nrank = 2\nrole = "agent"\nname = "Two"\n'
        'delay = "2h"\nbusiness_time = false\n\n[[issue_types]]',
    )
    text = text.replace('{ L1 = "Fix it." }', '{ L1 = "Fix it.", L2 = "Help." }')
    text += '[policy]\ndelay_mode = "since_opened"\n'
    with pytest.raises(ValidationError) as info:
        em.loads(text, "toml")
    messages = _messages(info.value)
    assert (
        "$.levels[1].business_time: must be the same as $.levels[0].business_time "
        "(true): with delay_mode 'since_opened', every delay counts from the opening "
        "in the same kind of time (all in working hours or all in real time), got false"
    ) in messages
    _clean(messages)


def _api_calls() -> Iterator[Callable[[], object]]:
    matrix = em.default_matrix()
    yield lambda: em.Level("L1", 1, "a", "One", delay=timedelta(0))
    yield lambda: em.Level("L1", Decimal(1), "a", "One")  # type: ignore[arg-type]
    yield lambda: em.Level("L1", 1, "a", "One", delay=date(2026, 1, 1))
    yield lambda: em.Level("L1", 1, "a", b"One")  # type: ignore[arg-type]
    yield lambda: em.Level("L1", 1, "a", None)  # type: ignore[arg-type]
    yield lambda: em.Issue("outage", datetime(2026, 1, 1))  # noqa: DTZ001
    yield lambda: em.Issue("outage", date(2026, 1, 1))  # type: ignore[arg-type]
    yield lambda: em.Issue("outage", OPENED, severity=object())  # type: ignore[arg-type]
    yield lambda: em.IssueType("x", "X", responsibilities={"L1": None})  # type: ignore[dict-item]
    yield lambda: em.IssueType("x", "X", responsibilities=[("L1", "a")])  # type: ignore[arg-type]
    yield lambda: em.from_dict({"issue_type": "x", "opened_at": 5}, em.Issue)
    yield lambda: em.from_dict(
        {"key": "L1", "rank": 1, "role": "a", "name": "x", "delay": Decimal(1)},
        em.Level,
    )
    yield lambda: em.from_dict(
        {"key": "L1", "rank": 1, "role": "a", "name": "x", "delay": timedelta(0)},
        em.Level,
    )
    yield lambda: em.from_dict(
        {"key": "L1", "rank": 1, "role": "a", "name": datetime(2026, 1, 1)},  # noqa: DTZ001
        em.Level,
    )
    yield lambda: em.render(object())  # type: ignore[arg-type]
    yield lambda: em.translate(matrix, 5)  # type: ignore[arg-type]
    yield lambda: matrix.level(object())  # type: ignore[arg-type]
    yield lambda: matrix.level(None)  # type: ignore[arg-type]
    yield lambda: em.route(
        matrix, em.Issue("performance_hiccups", OPENED), now=OPENED.replace(tzinfo=None)
    )
    yield lambda: em_calendar.WorkingHours(["mon"], time(9), None)  # type: ignore[arg-type]
    nothing: Any = None  # given where code is typed to refuse it
    yield lambda: em.Repeat(times=1, wait=nothing)
    yield lambda: em.FirstWait(delay=nothing)
    yield lambda: em.translate(matrix, "it", messages={"level:L1:name": nothing})
    yield lambda: em.translate(matrix, "it", messages={nothing: "x"})
    yield lambda: em.render(matrix, locale="it", messages={"level:L1:name": nothing})
    yield lambda: Compare("attributes.a", "in", [True, nothing])
    yield lambda: em.MatrixBuilder.from_matrix(matrix).add_level(
        "L5", role="sales_manager", name="Five", rank=True
    )
    yield lambda: CarriedNames(texts={nothing: "x"})
    yield lambda: em.apply_overlay(matrix, em.Overlay("x", texts={nothing: "x"}))
    yield lambda: em_calendar.BusinessCalendar(
        "Europe/Rome",
        [],
        holidays=[datetime(2026, 1, 1)],  # noqa: DTZ001
    )


@pytest.mark.parametrize("call", list(_api_calls()))
def test_api_messages(call: Callable[[], object]) -> None:
    """Constructors, lookups and functions given bad values show no Python repr."""
    with pytest.raises(EscalationMatrixError) as info:
        call()
    _clean(_messages(info.value))


def test_a_level_is_taken_for_its_key() -> None:
    """A Level used as a key of responsibilities stands for its key."""
    level = em.default_matrix().level("L1")
    issue_type = em.IssueType("x", "X", responsibilities={level: "Act."})  # type: ignore[dict-item]
    assert dict(issue_type.responsibilities) == {"L1": "Act."}


def test_a_level_and_its_key_together_are_refused() -> None:
    """Two entries that would become one are kept, and their keys reported by kind."""
    level = em.default_matrix().level("L1")
    with pytest.raises(ValidationError) as info:
        em.IssueType("x", "X", responsibilities={level: "a", "L1": "b"})  # type: ignore[dict-item]
    messages = _messages(info.value)
    assert messages[0].startswith("$.responsibilities[a Level ('L1')]:")
    _clean(messages)


def test_naive_issue_names_no_python_constant() -> None:
    """The naive-datetime message says what to give, without datetime.UTC."""
    with pytest.raises(ValidationError) as info:
        em.Issue("outage", datetime(2026, 1, 1))  # noqa: DTZ001
    assert _messages(info.value) == [
        "$.opened_at: must be timezone-aware (with a time zone or UTC offset as "
        "its tzinfo), got '2026-01-01T00:00:00' without one"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (Decimal("1.5"), "a decimal number (1.5)"),
        (float("-inf"), "-Infinity"),
        ({"a": [None, False]}, '{"a": [null, false]}'),
        ("it's", '"it\'s"'),
        (b"x", "bytes (not a text)"),
        ({1, 2}, "a set"),
        (print, "a function"),
    ],
)
def test_shown(value: object, expected: str) -> None:
    """Values are written as literals or named by their kind."""
    assert shown(value) == expected


def test_long_texts_are_cut_when_asked() -> None:
    """A limit cuts a long text, still quoted; without one it is whole."""
    assert shown("x" * 100, limit=20) == "'" + "x" * 15 + "'..."
    assert shown("x" * 100) == repr("x" * 100)


def test_kinds() -> None:
    """Kinds are named in plain words."""
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    assert [kind_of(v) for v in (True, "x", moment, date(2026, 1, 1))] == [
        "a boolean",
        "a text",
        "a date and time",
        "a date",
    ]
    assert [kind_of(v) for v in (time(9), timedelta(1), Decimal(1), b"x")] == [
        "a time",
        "a duration",
        "a number",
        "bytes (not a text)",
    ]


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        ('{"schema_version": 1, "key": null, "title": true, "roles": {}}', ".json"),
        (
            "schema_version = 1\nkey = 2026-01-01\ntitle = 09:00:00\nroles = 1.5\n",
            ".toml",
        ),
        ("schema_version: 1\nkey: [a]\ntitle: {a: 1}\nlevels: .nan\n", ".yaml"),
    ],
)
def test_command_line(
    content: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line's validate shows the same file terms."""
    path = tmp_path / f"m{suffix}"
    path.write_text(content, encoding="utf-8")
    status = main(["--locale", "en", "validate", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") >= 3
    _clean(err.splitlines())
