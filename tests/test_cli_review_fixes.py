"""What an independent review of the command line found, each in both languages.

Parser errors, impossible holidays, special files, a matrix without
severities, repeated keys in a ticket export, the batch summary's counts,
single-dash option typos, and values quoted as the user wrote them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest

import escalation_matrix as em
from escalation_matrix._cli import commands
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._serialization.calendar_format import calendar_from_data
from escalation_matrix._serialization.syntax import toml_problem, yaml_problem
from escalation_matrix.exceptions import NotARegularFileError, ValidationError
from tests.helpers import Result, plain_environment, run_cli

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "docs" / "examples" / "support.toml"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC environment, and a clock stopped at NOW."""
    plain_environment(monkeypatch, TZ="UTC", COLUMNS="200")
    monkeypatch.setattr(commands, "now", lambda: NOW)
    yield
    clear_cache()


@pytest.fixture
def italian(monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's environment: French first, which has no catalog, then Italian."""
    monkeypatch.setenv("LANGUAGE", "fr:it")
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    clear_cache()


run = run_cli


def last_line(result: Result) -> str:
    return result.err.rstrip("\n").splitlines()[-1]


# 1. What the parsers refuse, said where it is in the output's language.

BROKEN = [
    (
        "b.toml",
        "key = \n",
        "not valid TOML at line 1, column 7: a value is expected here",
    ),
    (
        "b.json",
        "",
        "not valid JSON at line 1, column 1: a value is expected here",
    ),
    (
        "c.json",
        '{"a": 1,}',
        "not valid JSON at line 1, column 9: a key in double quotes is expected here",
    ),
    (
        "d.json",
        '{"a": 1} x',
        "not valid JSON at line 1, column 10: more text follows the end of the value",
    ),
    (
        "b.yaml",
        "a: [\n",
        "not valid YAML at line 2, column 1: the text ends where a value is expected",
    ),
    (
        "c.yaml",
        "a: b: c\n",
        "not valid YAML at line 1, column 5: a key: value pair is not allowed here",
    ),
]

BROKEN_IT = {
    "b.toml": "TOML non valido alla riga 1, colonna 7: qui è atteso un valore",
    "b.json": "JSON non valido alla riga 1, colonna 1: qui è atteso un valore",
    "c.json": "JSON non valido alla riga 1, colonna 9: qui è attesa una chiave tra "
    "virgolette doppie",
    "d.json": "JSON non valido alla riga 1, colonna 10: dopo la fine del valore c'è "
    "altro testo",
    "b.yaml": "YAML non valido alla riga 2, colonna 1: il testo finisce dove è atteso "
    "un valore",
    "c.yaml": "YAML non valido alla riga 1, colonna 5: qui non è ammessa una coppia "
    "chiave: valore",
}


@pytest.mark.parametrize(("name", "text", "english"), BROKEN)
def test_parser_errors_say_where_in_english(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    text: str,
    english: str,
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(capsys, "validate", path)
    assert result.status != 0
    assert result.err == f"{path}: $: {english}\n"


@pytest.mark.parametrize(("name", "text", "english"), BROKEN)
@pytest.mark.usefixtures("italian")
def test_parser_errors_say_where_in_italian(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    text: str,
    english: str,
) -> None:
    del english
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(capsys, "validate", path)
    assert result.err == f"{path}: $: {BROKEN_IT[name]}\n"


def test_an_unusual_reason_is_quoted_in_the_parsers_words() -> None:
    """No translation exists for every reason: the rest is quoted, as it was said."""
    with pytest.raises(ValidationError) as info:
        em.loads("a: *x\n", "yaml")
    (problem,) = info.value.problems
    assert problem.message == (
        "not valid YAML at line 1, column 4: \"found undefined alias 'x'\""
    )
    it = problem.said(translator("it").gettext)
    assert it == "YAML non valido alla riga 1, colonna 4: \"found undefined alias 'x'\""
    with pytest.raises(ValidationError) as info:
        em.loads('a: "\\q"\n', "yaml")
    assert [p.message for p in info.value.problems] == [
        'not valid YAML at line 1, column 6: "while scanning a double-quoted '
        "scalar: found unknown escape character 'q'\""
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = [1,", "not valid TOML at the end of the text: a value is expected here"),
        (
            "a = 1\na = 2\n",
            "not valid TOML at line 2, column 6: a key or table given a second time",
        ),
        (
            "a = {b = 1, b = 2}",
            "not valid TOML at line 1, column 18: the key 'b' given a second time "
            "in an inline table",
        ),
        (
            'a = "x',
            "not valid TOML at the end of the text: a string lacks its closing quote",
        ),
        # A byte order mark is named, as the JSON reader names it, in a text
        # or in the bytes of a file.
        (
            "\ufeffschema_version = 1\n",
            "not valid TOML at line 1, column 1: the text starts with a byte "
            "order mark (BOM)",
        ),
        (
            b"\xef\xbb\xbfschema_version = 1\n",
            "not valid TOML at line 1, column 1: the text starts with a byte "
            "order mark (BOM)",
        ),
    ],
)
def test_toml_reasons(text: str | bytes, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        em.loads(text, "toml")
    assert [p.message for p in info.value.problems] == [expected]


@pytest.mark.parametrize(
    ("text", "kind", "italian"),
    [
        (
            'title = "a\x01"\n',
            "toml",
            "TOML non valido alla riga 1, colonna 11: il carattere '\\x01' non è "
            "ammesso qui",
        ),
        (
            "a = {b = 1, b = 2}",
            "toml",
            "TOML non valido alla riga 1, colonna 18: la chiave 'b' è indicata una "
            "seconda volta in una tabella in linea",
        ),
        (
            "a: b\n@x\n",
            "yaml",
            "YAML non valido alla riga 2, colonna 1: il carattere '@' non può "
            "iniziare un valore",
        ),
    ],
)
def test_reasons_that_quote_the_parser_are_translated(
    text: str, kind: Literal["toml", "yaml"], italian: str
) -> None:
    """Reasons that quote what the parser quoted are in the catalog too."""
    with pytest.raises(ValidationError) as info:
        em.loads(text, kind)
    (problem,) = info.value.problems
    assert problem.said(translator("it").gettext) == italian


def test_a_reason_without_a_place_is_quoted_whole() -> None:
    """Should a parser's message change its form, it is still shown, quoted."""
    toml = toml_problem(ValueError("Something new"))
    assert toml.message == "not valid TOML: 'Something new'"
    yaml = yaml_problem(ValueError("while reading\n  something"))
    assert yaml.message == "not valid YAML: 'while reading something'"


@pytest.mark.usefixtures("italian")
def test_batch_and_import_parser_errors_in_italian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "t.jsonl"
    export.write_text("not json\n", encoding="utf-8")
    result = run(capsys, "route", "--batch", export)
    assert result.err.splitlines()[0] == (
        f"{export}:1: $: JSON non valido alla colonna 1: qui è atteso un valore"
    )
    payload = tmp_path / "bad.json"
    payload.write_text("", encoding="utf-8")
    result = run(capsys, "import", "pagerduty", payload)
    assert result.err == (
        f"{payload}: $: JSON non valido alla riga 1, colonna 1: qui è atteso un valore\n"
    )


# 2. A holiday that is no day of the calendar.


@pytest.mark.parametrize(
    ("holiday", "english", "italian"),
    [
        (
            "2026-02-30",
            "must be a date that exists, got '2026-02-30': month 2 of 2026 has 28 days",
            "deve essere una data esistente; valore trovato: '2026-02-30' (il mese 2 "
            "del 2026 ha 28 giorni)",
        ),
        (
            "2026-13-01",
            "must be a date that exists, got '2026-13-01': there is no month 13",
            "deve essere una data esistente; valore trovato: '2026-13-01' (non esiste "
            "il mese 13)",
        ),
        (
            "0000-01-01",
            "must be a date in the years 1 to 9999, got '0000-01-01'",
            "deve essere una data compresa tra gli anni 1 e 9999; valore trovato: "
            "'0000-01-01'",
        ),
    ],
)
def test_impossible_holidays(holiday: str, english: str, italian: str) -> None:
    data = {
        "timezone": "Europe/Rome",
        "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
        "holidays": [holiday],
    }
    with pytest.raises(ValidationError) as info:
        calendar_from_data(data)
    (problem,) = info.value.problems
    assert problem.path == "$.holidays[0]"
    assert problem.message == english
    assert problem.said(translator("it").gettext) == italian


# 3. Files that are not regular files.


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX FIFOs")
    path = tmp_path / "fifo.toml"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("Unix sockets")
    path = tmp_path / "s.toml"
    if len(os.fsencode(path)) > 100:  # the sockets' limit
        pytest.skip("a socket path this long cannot be bound")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


@pytest.mark.usefixtures("italian")
def test_special_files_are_refused_in_italian(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fifo: Path,
    unix_socket: Path,
) -> None:
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    prefix = "escalation-matrix show: errore: impossibile leggere"
    for path, reason in (
        (fifo, "è una FIFO (una pipe con nome), non un file regolare"),
        (zero, "è un dispositivo a caratteri, non un file regolare"),
        (unix_socket, "è un socket, non un file regolare"),
    ):
        result = run(capsys, "show", path)
        assert result.err == f"{prefix} «{path}»: {reason}\n"


def test_special_files_are_refused_in_english(
    capsys: pytest.CaptureFixture[str], fifo: Path, unix_socket: Path
) -> None:
    prefix = "escalation-matrix show: error: cannot read"
    result = run(capsys, "show", fifo)
    expected = f"{prefix} '{fifo}': it is a FIFO (a named pipe), not a regular file\n"
    assert result.err == expected
    result = run(capsys, "show", unix_socket)
    assert (
        result.err == f"{prefix} '{unix_socket}': it is a socket, not a regular file\n"
    )


def test_load_refuses_a_socket_with_the_librarys_error(unix_socket: Path) -> None:
    with pytest.raises(NotARegularFileError) as info:
        em.load(unix_socket)
    assert info.value.kind == "socket"
    assert str(info.value) == (
        f"Cannot read {str(unix_socket)!r}: it is a socket, not a regular file."
    )


# 4. A matrix without severities.


def test_unknown_severity_of_a_matrix_without_any(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run(capsys, "route", "outage", SUPPORT, "--severity", "high")
    assert last_line(result) == (
        "escalation-matrix route: error: unknown severity 'high'; known "
        "severities: none"
    )
    export = tmp_path / "t.jsonl"
    export.write_text(
        '{"issue_type": "outage", "opened_at": "2026-11-28T08:00Z", '
        '"severity": "high"}\n',
        encoding="utf-8",
    )
    result = run(capsys, "route", "--batch", export, SUPPORT)
    assert result.err.splitlines()[0] == (
        f"{export}:1: $.severity: unknown severity 'high'; known severities: none"
    )


@pytest.mark.usefixtures("italian")
def test_unknown_severity_of_a_matrix_without_any_in_italian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "route", "outage", SUPPORT, "--severity", "high")
    assert last_line(result) == (
        "escalation-matrix route: errore: gravità «high» sconosciuta; gravità "
        "note: nessuna"
    )


# 5. A key given twice in a line of a ticket export.


def test_batch_refuses_a_key_given_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "t.jsonl"
    export.write_text(
        '{"issue_type": "performance_hiccups", "issue_type": "x", '
        '"opened_at": "2026-11-28T08:00Z"}\n'
        '{"issue_type": "performance_hiccups", "opened_at": "2026-11-28T08:00Z"}\n',
        encoding="utf-8",
    )
    result = run(capsys, "route", "--batch", export)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{export}:1: $.issue_type: given more than once in the same object; "
        "only one value may be given"
    )
    assert [line.split(",")[0] for line in result.out.splitlines()] == ['{"line": 2']


def test_batch_line_nested_too_deeply(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A line deeper than the JSON reader goes is a line error, not a crash."""
    export = tmp_path / "t.jsonl"
    export.write_text("[" * 100_000 + "\n", encoding="utf-8")
    result = run(capsys, "route", "--batch", export)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{export}:1: $: nested too deeply; at most 64 allowed (max_depth in Limits)"
    )


def test_batch_refuses_a_csv_column_given_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "t.csv"
    export.write_text(
        "issue_type,opened_at,issue_type\nperformance_hiccups,2026-11-28T08:00Z,x\n",
        encoding="utf-8",
    )
    result = run(capsys, "route", "--batch", export)
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        f"escalation-matrix route: error: {export}:1: the CSV header has the column "
        "'issue_type' twice\n"
    )
    # Columns without a name are left out, however many.
    export.write_text(",,issue_type,opened_at\n", encoding="utf-8")
    result = run(capsys, "route", "--batch", export)
    assert (result.status, result.err) == (0, "0 tickets: 0 routed, 0 with errors\n")


# 6. The batch summary's counts agree with their nouns.


@pytest.mark.parametrize(
    ("language", "tickets", "expected"),
    [
        ("en", 1, "1 ticket: 1 routed, 0 with errors"),
        ("en", 2, "2 tickets: 2 routed, 0 with errors"),
        ("it", 1, "1 ticket: 1 instradato, 0 con errori"),
        ("it", 2, "2 ticket: 2 instradati, 0 con errori"),
    ],
)
def test_batch_summary_plurals(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    language: str,
    tickets: int,
    expected: str,
) -> None:
    export = tmp_path / "t.jsonl"
    line = '{"issue_type": "performance_hiccups", "opened_at": "2026-11-28T08:00Z"}\n'
    export.write_text(line * tickets, encoding="utf-8")
    result = run(capsys, "--locale", language, "route", "--batch", export)
    assert result.err.splitlines()[0] == expected


def test_batch_progress_plurals(capsys: pytest.CaptureFixture[str]) -> None:
    from escalation_matrix._cli import batch  # noqa: PLC0415

    session = commands.Session(translator("it"), "it", None)  # type: ignore[arg-type]
    assert batch._errors(session, 1) == "1 errore"
    assert batch._errors(session, 3) == "3 errori"
    english = commands.Session(translator("en"), "en", None)  # type: ignore[arg-type]
    assert batch._errors(english, 1) == "1 error"
    assert batch._tickets(english, 2048) == "2048 tickets"
    del capsys


# 7. An option typed with a single dash.


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["show", "-format", "md"],
            "escalation-matrix show: error: unrecognized arguments: -format; "
            "did you mean --format?",
        ),
        (
            ["-locale", "it", "show"],
            "escalation-matrix: error: unrecognized arguments: -locale; "
            "did you mean --locale?",
        ),
    ],
)
def test_single_dash_options_get_a_suggestion(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert last_line(run(capsys, *args)) == expected


@pytest.mark.usefixtures("italian")
def test_single_dash_suggestion_in_italian(capsys: pytest.CaptureFixture[str]) -> None:
    assert last_line(run(capsys, "show", "-format", "md")) == (
        "escalation-matrix show: errore: argomenti non riconosciuti: -format; "
        "forse intendevi --format?"
    )


# 8. The references say what the program does.


def test_toml_canonical_order_is_the_one_documented() -> None:
    """Inline values first, then tables under their headers, as the reference says."""
    text = em.dumps(em.default_matrix(), "toml")
    assert text.index("\nroles = [") < text.index("\n[policy]")
    assert text.index("[[policy.severities]]") < text.index("[policy.priority]")
    reference = (ROOT / "docs" / "reference" / "file-format.md").read_text("utf-8")
    assert "top-level `roles`, an array of inline tables, is written before" in (
        " ".join(reference.split())
    )
    cli = (ROOT / "docs" / "reference" / "cli.md").read_text("utf-8")
    assert "are written in English" not in " ".join(cli.split())


# 9. Values quoted as they were written.


def test_batch_quotes_a_moment_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "t.jsonl"
    export.write_text(
        '{"issue_type": "performance_hiccups", "opened_at": "2026-11-28T08:00"}\n',
        encoding="utf-8",
    )
    result = run(capsys, "route", "--batch", export)
    assert result.err.splitlines()[0] == (
        f"{export}:1: $.opened_at: has no UTC offset, got '2026-11-28T08:00': "
        "give one (+01:00, Z), or the time zone of the export's times with "
        "--timezone"
    )


def test_from_dict_quotes_a_moment_as_written() -> None:
    with pytest.raises(ValidationError) as info:
        em.from_dict(
            {"issue_type": "performance_hiccups", "opened_at": "2026-11-28T08:00"},
            em.Issue,
        )
    assert [p.message for p in info.value.problems] == [
        "must include a UTC offset such as +00:00 or Z, got '2026-11-28T08:00'"
    ]


@pytest.mark.parametrize(
    ("zone", "when"),
    [("America/New_York", "0001-01-01T00:00Z"), ("Asia/Tokyo", "9999-12-31T23:00Z")],
)
def test_opened_outside_the_calendar_in_the_time_zone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
    when: str,
) -> None:
    args = ("route", "performance_hiccups", "--opened", when, "--timezone", zone)
    assert last_line(run(capsys, *args)) == (
        f"escalation-matrix route: error: argument --opened: '{when}' falls "
        f"outside years 1 to 9999 in the time zone {zone}"
    )
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    clear_cache()
    assert last_line(run(capsys, *args)) == (
        f"escalation-matrix route: errore: --opened: «{when}» cade fuori dagli "
        f"anni da 1 a 9999 nel fuso orario {zone}"
    )


# The errors of an answer about a matrix are in the answer's language.
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["outagee"],
            "escalation-matrix route: errore: tipo di segnalazione «outagee» "
            "sconosciuto; tipi noti: outage, billing; forse intendevi «outage»?",
        ),
        (
            ["outage", "--opened", "2026-11-28T09:00Z", "--now", "2026-11-27T09:00Z"],
            "escalation-matrix route: errore: --now (27 nov 2026 alle 09:00) è "
            "anteriore all'apertura indicata da --opened (28 nov 2026 alle 09:00)",
        ),
    ],
)
def test_errors_in_the_language_of_an_italian_matrix(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    said: str,
) -> None:
    """A German reader of an Italian matrix gets its answer and its errors in Italian."""
    plain_environment(monkeypatch, LANG="de_DE.UTF-8", TZ="UTC")
    example = Path(__file__).parent.parent / "docs" / "examples" / "support.toml"
    text = example.read_text(encoding="utf-8")
    italian = tmp_path / "it.toml"
    italian.write_text(
        text.replace(
            "schema_version = 1\n", 'schema_version = 1\nlanguage = "it"\n', 1
        ),
        encoding="utf-8",
    )
    result = run(capsys, "route", args[0], italian, *args[1:])
    assert result.status == 2
    # Nor the usage, made in the reader's language before the matrix was read.
    assert result.err.splitlines() == [said]
