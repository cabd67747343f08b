"""The command line, run in the test's own process."""

from __future__ import annotations

import io
import json
import os
import runpy
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix import Issue, default_matrix
from escalation_matrix._cli import commands, entry
from escalation_matrix._cli.main import chosen_locale, joined_moments, main
from escalation_matrix._cli.parser import ExitStatus, argparse_message
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._serialization.io import FORMATS
from escalation_matrix.schema import json_schema
from tests.catalog_files import write_catalog
from tests.helpers import Result, plain_environment, run_cli, small_matrix
from tests.tables import english_rows, seed_rows, table_rows

DATA = Path(__file__).parent / "data"
CLOCK = commands.now  # the real one: the tests stop the clock at NOW
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
DAY_AGO = NOW - timedelta(days=1)
# A German catalog whose translation names a placeholder its source lacks.
WRONG_NEXT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: de\\n"

msgctxt "decision"
msgid "Next escalation: to {level} on {time}."
msgstr "Naechste Eskalation: an {stufe} am {time}."
"""
BROKEN = [
    "$.colour: unknown field; expected one of: schema_version, key, title, "
    "description, language, policy, roles, levels, issue_types",
    "$.roles[0].title: must be a string, got 42",
    "$.levels[0].rank: must be >= 1, got 0",
    "$.levels[0].delay: expected a duration such as '30m', '1h 30m', '1d12h' "
    "or 'PT1H30M', got 'half an hour'",
    "$.levels[1].role: unknown role 'lead'; known role keys: agent",
    "$.issue_types[0].responsibilities.L2: missing: issue type 'outage' "
    "needs a text for level 'L2'",
]


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC, 80-column environment, and a clock stopped at NOW."""
    plain_environment(monkeypatch, TZ="UTC", COLUMNS="80")
    monkeypatch.setattr(commands, "now", lambda: NOW)
    yield
    clear_cache()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command with the given arguments; return what it gave."""

    def run(*args: str | Path) -> Result:
        return run_cli(capsys, *args)

    return run


def matrix_file(tmp_path: Path, matrix: em.Matrix, name: str = "m.toml") -> Path:
    """Write *matrix* to a file in *tmp_path*; return its path."""
    path = tmp_path / name
    em.dump(matrix, path)
    return path


class TestShow:
    @pytest.mark.parametrize("fmt", ["md", "csv", "html"])
    def test_italian_is_the_seed(self, cli: Run, fmt: str) -> None:
        """In Italian, show reproduces the seed's table in every format."""
        result = cli("show", "--locale", "it", "--format", fmt)
        assert (result.status, result.err) == (0, "")
        assert seed_rows() == table_rows(fmt, result.out)

    @pytest.mark.parametrize("fmt", ["md", "csv", "html"])
    def test_english(self, cli: Run, fmt: str) -> None:
        """In English, show gives the built-in English table in every format."""
        result = cli("show", "--locale", "en", "--format", fmt)
        assert english_rows() == table_rows(fmt, result.out)

    def test_text_is_the_default(self, cli: Run) -> None:
        """Without --format, the text table, as wide as the terminal."""
        result = cli("show")
        assert result.out == em.render(default_matrix(), locale="en", width=80)

    def test_width(self, cli: Run) -> None:
        """--width sets the width of the text table."""
        result = cli("show", "--width", "200")
        assert result.out == em.render(default_matrix(), locale="en", width=200)
        assert result.out.splitlines()[2].startswith("+---")

    def test_file(self, cli: Run, tmp_path: Path) -> None:
        """A FILE is shown instead of the built-in matrix."""
        path = matrix_file(tmp_path, small_matrix(), "small.json")
        result = cli("show", path, "--format", "csv")
        assert result.out == em.render(small_matrix(), "csv", locale="en")

    def test_texts_are_escaped_in_html(self, cli: Run, tmp_path: Path) -> None:
        """A <script> in a matrix file is shown as text in the HTML page."""
        hostile = small_matrix(
            issue_types=[
                em.IssueType(
                    "outage",
                    "<script>alert(1)</script>",
                    {"L1": "<script>x</script>", "L2": "a & b", "L3": "c"},
                )
            ]
        )
        result = cli("show", matrix_file(tmp_path, hostile), "--format", "html")
        assert "<script>" not in result.out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.out
        assert table_rows("html", result.out)[2][:3] == [
            "<script>alert(1)</script>",
            "<script>x</script>",
            "a & b",
        ]

    def test_output(self, cli: Run, tmp_path: Path) -> None:
        """--output writes the file instead of standard output, replacing it."""
        target = tmp_path / "table.html"
        target.write_text("old", "utf-8")
        result = cli("show", "--format", "html", "--output", target)
        assert result == (0, "", "")
        page = target.read_text("utf-8")
        assert page == em.render(default_matrix(), "html", locale="en")
        assert [path.name for path in tmp_path.iterdir()] == ["table.html"]

    def test_catalogs(self, cli: Run, tmp_path: Path) -> None:
        """--catalogs translates a matrix file with the user's catalogs.

        Its texts alone leave the output in English, wholly; with the
        program's messages in German, the table is in German.
        """
        path = matrix_file(tmp_path, small_matrix())
        write_catalog(
            tmp_path / "locale", "de", [("role:agent:title", "Agent", "Mitarbeiter")]
        )
        args = ("show", path, "--format", "csv", "--locale", "de")
        result = cli(*args, "--catalogs", tmp_path / "locale")
        assert result.out.splitlines()[1] == "Operational role,Agent,Team lead,Boss"
        write_catalog(
            tmp_path / "messages",
            "de",
            [("table", "Operational role", "Rolle")],
            domain="escalation_matrix_messages",
        )
        result = cli(
            *args,
            "--catalogs",
            tmp_path / "locale",
            "--catalogs",
            tmp_path / "messages",
        )
        assert result.out.splitlines()[1] == "Rolle,Mitarbeiter,Team lead,Boss"


class TestLocale:
    @pytest.mark.parametrize(
        ("environ", "label"),
        [
            ({}, "Escalation types"),
            ({"LANG": "it_IT.UTF-8"}, "Tipi di escalation"),
            ({"LC_ALL": "it_CH", "LANG": "en_US"}, "Tipi di escalation"),
            ({"LC_ALL": "C", "LANG": "it_IT.UTF-8"}, "Escalation types"),
            ({"LANG": "xx_YY.UTF-8"}, "Escalation types"),
        ],
    )
    def test_from_the_environment(
        self,
        cli: Run,
        monkeypatch: pytest.MonkeyPatch,
        environ: dict[str, str],
        label: str,
    ) -> None:
        """The environment chooses the language, falling back to English."""
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        result = cli("show", "--format", "csv")
        assert result.out.split(",", 1)[0] == label

    def test_option_wins(self, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """--locale overrides the environment."""
        monkeypatch.setenv("LANG", "it_IT.UTF-8")
        result = cli("show", "--format", "csv", "--locale", "en_GB")
        assert result.out.startswith("Escalation types,")

    @pytest.mark.parametrize(
        ("args", "english", "italian"),
        [
            (
                ["show", "--format", "pdf"],
                "show: error: argument --format: invalid choice: 'pdf' (choose "
                "from 'text', 'md', 'csv', 'html')",
                "show: errore: --format: valore non valido: «pdf» "
                "(valori ammessi: «text», «md», «csv», «html»)",
            ),
            (
                ["plan"],
                "plan: error: the following arguments are required: TYPE",
                "plan: errore: mancano argomenti obbligatori: TIPO",
            ),
            (
                ["show", "--bogus"],
                "show: error: unrecognized arguments: --bogus",
                "show: errore: argomenti non riconosciuti: --bogus",
            ),
            (
                ["show", "--width"],
                "show: error: argument --width: expected one argument",
                "show: errore: --width: serve un valore",
            ),
            (
                ["show", "--width", "x"],
                "show: error: argument --width: invalid width 'x': expected a "
                "whole number of at least 4",
                "show: errore: --width: larghezza «x» non valida: "
                "serve un numero intero non inferiore a 4",
            ),
        ],
    )
    def test_parser_messages_translated(
        self,
        cli: Run,
        monkeypatch: pytest.MonkeyPatch,
        args: list[str],
        english: str,
        italian: str,
    ) -> None:
        """The parser's own words are said in the reader's language too."""
        result = cli(*args)
        assert result.err.startswith("usage: escalation-matrix")
        assert (
            result.err.splitlines()[-1]
            == "escalation-matrix" + ("" if english.startswith(":") else " ") + english
        )
        monkeypatch.setenv("LANG", "it_IT.UTF-8")
        result = cli(*args)
        assert result.status == 2
        assert result.err.startswith("uso: escalation-matrix")
        assert (
            result.err.splitlines()[-1]
            == "escalation-matrix" + ("" if italian.startswith(":") else " ") + italian
        )

    def test_other_parser_messages_kept(self) -> None:
        """A message argparse did not write with a known template is kept."""
        tr = translator("it")
        assert argparse_message("expected 2 arguments", tr) == "expected 2 arguments"
        assert argparse_message("argument -x: expected 2 arguments", tr) == (
            "-x: expected 2 arguments"
        )

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["--opened", "-1d"], ["--opened=-1d"]),
            (
                ["--now", "-4h30m", "--opened", "now"],
                ["--now=-4h30m", "--opened", "now"],
            ),
            (["--now", "+1h"], ["--now", "+1h"]),
            (["--now", "--locale"], ["--now", "--locale"]),
            (["--resolved"], ["--resolved"]),
            (["--", "--now", "-1d"], ["--", "--now", "-1d"]),
            (["show", "-1d"], ["show", "-1d"]),
        ],
    )
    def test_negative_moments(self, argv: list[str], expected: list[str]) -> None:
        """A moment starting with '-' is joined to its option, as argparse needs."""
        assert expected == joined_moments(argv)

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["show"], "en"),
            (["show", "--locale", "it"], "it"),
            (["--locale=it", "show"], "it"),
            (["show", "--locale", "it", "--locale", "en_GB"], "en_GB"),
            (["show", "--locale", "../x"], "en"),
            (["show", "--locale"], "en"),
            (["show", "--", "--locale", "it"], "en"),
        ],
    )
    def test_chosen_before_parsing(self, argv: list[str], expected: str) -> None:
        """The locale of the messages is found before the arguments are parsed."""
        assert expected == chosen_locale(argv)

    def test_bad_locale(self, cli: Run) -> None:
        """A malformed --locale is a usage error."""
        result = cli("show", "--locale", "xx_YY")
        assert result.status == 2
        assert result.err.splitlines()[-1] == (
            "escalation-matrix show: error: argument --locale: invalid locale "
            "'xx_YY': expected a locale such as 'it', 'it_IT' or 'en'"
        )


def api_decision(issue: Issue, now: datetime = NOW) -> em.Decision:
    """The Python API's answer, to compare the command's with."""
    return em.route(default_matrix(), issue, now=now)


FOOTER_UTC = "\nTimes are in the time zone UTC.\n"


class TestRoute:
    def test_agrees_with_the_api(self, cli: Run) -> None:
        """The answer of route is the API's decision, rendered, with its zone."""
        result = cli("route", "performance_hiccups", "--opened", "1d ago")
        decision = api_decision(Issue("performance_hiccups", DAY_AGO))
        expected = em.render(decision, timezone="UTC", width=80) + FOOTER_UTC
        assert (0, expected, "") == result
        assert result.out.startswith(
            "Account Manager (L3) handles it: Communicate with customers"
        )

    def test_json_agrees_with_the_api(self, cli: Run) -> None:
        """--format json prints the API's decision as data."""
        result = cli(
            "route", "performance_hiccups", "--opened", "2026-11-27T10:00+01:00",
            "--format", "json",
        )  # fmt: skip
        decision = api_decision(Issue("performance_hiccups", DAY_AGO))
        assert result.out == em.dumps(decision, "json")
        assert json.loads(result.out)["level"]["key"] == "L3"

    def test_every_option(self, cli: Run) -> None:
        """Severity, acknowledgement, resolution, zone and locale all count."""
        result = cli(
            "route", "subscription_interruptions",
            "--opened", "2026-11-27T10:00", "--now", "-1h",
            "--severity", "critical", "--acknowledged", "20h ago",
            "--resolved", "in 1h", "--timezone", "Europe/Rome", "--locale", "it",
            "--width", "100",
        )  # fmt: skip
        issue = Issue(
            "subscription_interruptions",
            DAY_AGO,
            severity="critical",
            acknowledged_at=NOW - timedelta(hours=21),
            resolved_at=NOW,
        )
        decision = api_decision(issue, NOW - timedelta(hours=1))
        expected = em.render(decision, locale="it", timezone="Europe/Rome", width=100)
        footer = "\nOrari espressi nel fuso orario Europe/Rome.\n"
        assert (0, expected + footer, "") == result

    def test_defaults_are_now(self, cli: Run) -> None:
        """Without --opened and --now, the issue opens now, at the first level."""
        result = cli("route", "performance_hiccups", "--format", "json")
        assert result.out == em.dumps(
            api_decision(Issue("performance_hiccups", NOW)), "json"
        )

    def test_now_counts_from_the_clock(self, cli: Run) -> None:
        """A relative --now counts from the clock; other moments from --now."""
        result = cli(
            "route", "performance_hiccups", "--now", "in 5h", "--opened", "5h ago",
            "--format", "json",
        )  # fmt: skip
        later = NOW + timedelta(hours=5)
        assert result.out == em.dumps(
            api_decision(Issue("performance_hiccups", NOW), later), "json"
        )

    def test_file(self, cli: Run, tmp_path: Path) -> None:
        """Issues are routed through a matrix FILE when one is given."""
        path = matrix_file(tmp_path, small_matrix())
        result = cli("route", "outage", path, "--opened", "45m ago", "--width", "200")
        assert (
            result.out.splitlines()[0] == "Team lead (L2) handles it: Find the cause."
        )

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["nope"],
                "unknown issue type 'nope'; known issue types: operational_challenges, "
                "timeline_adjustments, guidance_acquisition, customer_data_issues, "
                "service_detail_issues, material_procurement, performance_hiccups, "
                "subscription_interruptions",
            ),
            (
                ["performance_hiccups", "--severity", "urgent"],
                "unknown severity 'urgent'; known severities: critical, high, "
                "medium, low",
            ),
            (
                ["performance_hiccups", "--opened", "yesterday"],
                "argument --opened: invalid moment 'yesterday': expected 'now', an "
                "ISO 8601 date and time such as '2026-11-27T09:00+01:00', or a "
                "duration before or after such as '1d ago', '-4h30m' or 'in 2h'",
            ),
            (
                [
                    "performance_hiccups",
                    "--opened",
                    "2026-03-29T02:30",
                    "--timezone",
                    "Europe/Rome",
                ],
                "argument --opened: '2026-03-29T02:30' does not exist in the time "
                "zone Europe/Rome: the clocks skip it; give the UTC offset, such as "
                "'2026-03-29T03:30+02:00'",
            ),
            (
                ["performance_hiccups", "--opened", "in 1h"],
                "--now (Nov 28, 2026, 9:00\u202fAM) is before --opened (Nov 28, "
                "2026, 10:00\u202fAM)",
            ),
            (
                [
                    "performance_hiccups",
                    "--opened",
                    "1h ago",
                    "--acknowledged",
                    "2h ago",
                ],
                "--acknowledged (Nov 28, 2026, 7:00\u202fAM) is before --opened "
                "(Nov 28, 2026, 8:00\u202fAM)",
            ),
            (
                ["performance_hiccups", "--timezone", "Mars/Olympus"],
                "argument --timezone: unknown time zone 'Mars/Olympus': expected an "
                "IANA name such as 'Europe/Rome' or 'UTC'",
            ),
            (
                ["performance_hiccups", "--width", "wide"],
                "argument --width: invalid width 'wide': expected a whole number of "
                "at least 4",
            ),
            (
                ["performance_hiccups", "--width", "3"],
                "argument --width: invalid width '3': expected a whole number of "
                "at least 4",
            ),
            (
                ["performance_hiccups", "matrix.ini"],
                "unknown file format '.ini' of 'matrix.ini'; known formats: .toml, "
                ".json, .yaml, .yml",
            ),
        ],
    )
    def test_usage_errors(self, cli: Run, args: list[str], message: str) -> None:
        """A wrong argument is a usage error: the usage, then what is wrong."""
        result = cli("route", *args)
        lines = result.err.splitlines()
        assert (result.status, result.out) == (2, "")
        assert lines[0].startswith("usage: escalation-matrix route [-h]")
        assert lines[-1] == f"escalation-matrix route: error: {message}"

    @pytest.mark.parametrize(
        ("command", "args", "reason"),
        [
            (
                "route",
                ["--opened", "9999-12-31T22:00Z", "--now", "9999-12-31T23:00Z"],
                "cannot answer for these moments: The escalation 4h after "
                "9999-12-31T22:00:00+00:00 falls after year 9999.",
            ),
            (
                "plan",
                ["--opened", "0001-01-01T00:00Z", "--now", "0001-01-02T00:00Z",
                 "--timezone", "America/Los_Angeles"],
                "argument --opened: '0001-01-01T00:00Z' falls outside years 1 to "
                "9999 in the time zone America/Los_Angeles",
            ),
            (
                "route",
                ["--opened", "9999-12-31T20:00Z", "--timezone", "Pacific/Kiritimati"],
                "argument --opened: '9999-12-31T20:00Z' falls outside years 1 to "
                "9999 in the time zone Pacific/Kiritimati",
            ),
        ],
    )  # fmt: skip
    def test_answers_beyond_the_calendar(
        self, cli: Run, command: str, args: list[str], reason: str
    ) -> None:
        """Moments at the ends of the calendar are a usage error, not a crash."""
        result = cli(command, "performance_hiccups", *args)
        assert (result.status, result.out) == (2, "")
        assert result.err.splitlines()[-1] == (
            f"escalation-matrix {command}: error: {reason}"
        )

    def test_moments_compared_in_real_time(self, cli: Run) -> None:
        """When summer time ends, 02:30 after the change is later than before it."""
        result = cli(
            "route", "performance_hiccups", "--timezone", "Europe/Rome",
            "--opened", "2026-10-25T02:45+02:00", "--now", "2026-10-25T02:15+01:00",
            "--format", "json",
        )  # fmt: skip
        assert result.status == 0
        assert json.loads(result.out)["at"] == "2026-10-25T01:15:00+00:00"

    def test_folder_as_file(self, cli: Run, tmp_path: Path) -> None:
        """A folder given as FILE is a file that cannot be read: exit status 3."""
        result = cli("route", "outage", tmp_path)
        assert (result.status, result.out) == (3, "")
        assert result.err == (
            f"escalation-matrix route: error: cannot read '{tmp_path}': "
            "it is a directory, not a regular file\n"
        )

    def test_missing_file(self, cli: Run, tmp_path: Path) -> None:
        """A FILE that cannot be read is exit status 3, with the system's reason."""
        missing = tmp_path / "missing.toml"
        result = cli("route", "outage", missing)
        assert (result.status, result.out) == (3, "")
        assert result.err == (
            f"escalation-matrix route: error: cannot read '{missing}': "
            "No such file or directory\n"
        )

    def test_invalid_file(self, cli: Run) -> None:
        """An invalid FILE lists every problem, after the file's name; status 1."""
        path = DATA / "broken.toml"
        result = cli("route", "outage", path)
        assert (result.status, result.out) == (1, "")
        assert result.err.splitlines() == [f"{path}: {line}" for line in BROKEN]


class TestPlan:
    def test_agrees_with_the_api(self, cli: Run) -> None:
        """The answer of plan is the API's plan, rendered, with its time zone."""
        result = cli(
            "plan", "performance_hiccups", "--opened", "1d ago", "--severity", "low"
        )
        issue = Issue("performance_hiccups", DAY_AGO, severity="low")
        timeline = em.plan(default_matrix(), issue, now=NOW)
        expected = em.render(
            timeline, matrix=default_matrix(), timezone="UTC", width=80
        )
        assert (0, expected + FOOTER_UTC, "") == result
        assert result.out.splitlines()[-3] == (
            "Issues of severity Low escalate no higher than Project Manager (L2)."
        )

    def test_json_agrees_with_the_api(self, cli: Run) -> None:
        """--format json prints the API's plan as data."""
        result = cli(
            "plan", "performance_hiccups", "--opened", "1d ago", "--resolved", "2h ago",
            "--format", "json",
        )  # fmt: skip
        issue = Issue(
            "performance_hiccups", DAY_AGO, resolved_at=NOW - timedelta(hours=2)
        )
        assert result.out == em.dumps(em.plan(default_matrix(), issue, now=NOW), "json")

    def test_output(self, cli: Run, tmp_path: Path) -> None:
        """--output writes the answer to a file."""
        target = tmp_path / "plan.txt"
        result = cli("plan", "performance_hiccups", "--output", target)
        assert result == (0, "", "")
        assert target.read_text("utf-8").startswith("- From Nov 28, 2026, 9:00")


class TestValidate:
    def test_valid(self, cli: Run, tmp_path: Path) -> None:
        """Valid files: each is said valid on standard output; status 0."""
        first = matrix_file(tmp_path, small_matrix(), "a.toml")
        second = matrix_file(tmp_path, default_matrix(), "b.yaml")
        result = cli("validate", first, second)
        assert (0, f"{first}: valid\n{second}: valid\n", "") == result

    def test_every_problem_of_every_file(self, cli: Run, tmp_path: Path) -> None:
        """Every problem of every broken file, each after its file; status 1."""
        data = em.to_dict(default_matrix())
        data["levels"][2]["rank"] = 0
        del data["issue_types"][0]["responsibilities"]["L4"]
        other = tmp_path / "other.json"
        other.write_text(json.dumps(data), "utf-8")
        good = matrix_file(tmp_path, small_matrix())
        broken = DATA / "broken.toml"
        result = cli("validate", broken, good, other)
        assert (1, f"{good}: valid\n") == (result.status, result.out)
        assert result.err.splitlines() == [
            *(f"{broken}: {line}" for line in BROKEN),
            f"{other}: $.levels[2].rank: must be >= 1, got 0",
            f"{other}: $.issue_types[0].responsibilities.L4: missing: issue type "
            "'operational_challenges' needs a text for level 'L4'",
        ]

    def test_not_a_matrix_file(self, cli: Run, tmp_path: Path) -> None:
        """Syntax errors and wrong encodings are problems of the file too."""
        bad = tmp_path / "bad.toml"
        bad.write_bytes(b"key = \xff")
        result = cli("validate", bad)
        assert (1, f"{bad}: $: not valid UTF-8: byte 0xff at offset 6\n") == (
            result.status,
            result.err,
        )

    def test_worst_status_wins(self, cli: Run, tmp_path: Path) -> None:
        """Unreadable beats unknown format beats invalid: the highest status."""
        missing, odd = tmp_path / "missing.toml", tmp_path / "matrix.ini"
        result = cli("validate", DATA / "broken.toml", odd, missing)
        assert result.status == 3
        assert result.err.splitlines()[-2:] == [
            "escalation-matrix validate: error: unknown file format '.ini' of "
            f"'{odd}'; known formats: .toml, .json, .yaml, .yml",
            f"escalation-matrix validate: error: cannot read '{missing}': No such "
            "file or directory",
        ]

    def test_needs_something_to_check(self, cli: Run) -> None:
        """The validate command without a file or a directory is a usage error."""
        result = cli("validate")
        assert result.status == 2
        assert result.err.startswith("usage: escalation-matrix validate")
        assert result.err.splitlines()[-1] == (
            "escalation-matrix validate: error: nothing to check: give matrix "
            "files, --catalogs directories, or both"
        )

    def test_catalogs(self, cli: Run, tmp_path: Path) -> None:
        """Each catalog of a --catalogs directory is checked, and said valid."""
        good = write_catalog(tmp_path, "de", [("table", "Escalation types", "Arten")])
        messages = write_catalog(
            tmp_path,
            "de",
            [("table", "Operational role", "Rolle")],
            domain="escalation_matrix_messages",
        )
        other = write_catalog(tmp_path, "it_CH", [(None, "a", "b")], suffix=".mo")
        (tmp_path / "notes.txt").write_text("not a catalog", "utf-8")
        result = cli("validate", "--catalogs", tmp_path)
        assert result == (0, f"{good}: valid\n{messages}: valid\n{other}: valid\n", "")

    def test_catalog_with_unusable_translations(self, cli: Run, tmp_path: Path) -> None:
        """A translation with wrong placeholders is a problem of its file: status 1."""
        path = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.po"
        path.parent.mkdir(parents=True)
        path.write_text(WRONG_NEXT, "utf-8")
        good = matrix_file(tmp_path, small_matrix())
        result = cli("validate", good, "--catalogs", tmp_path)
        assert result == (
            1,
            f"{good}: valid\n",
            f"{path}: line 7: msgctxt 'decision' msgid 'Next escalation: to "
            "{level} on {time}.': placeholders differ: expected {level}, {time}, "
            "got {stufe}, {time}\n",
        )

    def test_broken_catalog(self, cli: Run, tmp_path: Path) -> None:
        """A catalog that cannot be read is a problem of its file: status 1."""
        path = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.mo"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not a catalog")
        result = cli("validate", "--catalogs", tmp_path)
        assert (result.status, result.out) == (1, "")
        assert result.err.startswith(f"{path}: ")

    def test_no_catalog_in_the_directory(self, cli: Run, tmp_path: Path) -> None:
        """A directory without any catalog is a problem too: status 1."""
        (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
        result = cli("validate", "--catalogs", tmp_path)
        assert result == (
            1,
            "",
            f"{tmp_path}: no message catalog found; expected "
            f"{tmp_path}/LOCALE/LC_MESSAGES/escalation_matrix.po (matrix texts) or "
            "escalation_matrix_messages.po (the program's messages), or their .mo\n",
        )

    def test_catalog_directory_must_exist(self, cli: Run, tmp_path: Path) -> None:
        """A --catalogs directory that does not exist is status 3."""
        result = cli("validate", "--catalogs", tmp_path / "nope")
        assert result == (
            3,
            "",
            f"escalation-matrix validate: error: cannot read "
            f"'{tmp_path / 'nope'}': No such file or directory\n",
        )

    def test_unreadable_catalog_directory(
        self, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A directory that cannot be listed is status 3, with the system's reason."""

        def refuse(_: Path) -> Iterator[Path]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "iterdir", refuse)
        result = cli("validate", "--catalogs", tmp_path)
        assert result == (
            3,
            "",
            f"escalation-matrix validate: error: cannot read '{tmp_path}': "
            "Permission denied\n",
        )


class TestConvert:
    @pytest.mark.parametrize(
        ("source", "target"),
        [("toml", "json"), ("json", "yaml"), ("yaml", "yml"), ("yml", "toml")],
    )
    def test_between_formats(
        self, cli: Run, tmp_path: Path, source: str, target: str
    ) -> None:
        """A matrix converts from one format to another and reads back equal."""
        path = matrix_file(tmp_path, default_matrix(), f"in.{source}")
        out = tmp_path / f"out.{target}"
        assert cli("convert", path, out) == (0, "", "")
        assert em.load(out) == default_matrix()
        assert out.read_text("utf-8") == em.dumps(
            default_matrix(), FORMATS[f".{target}"]
        )

    def test_replaces_the_target(self, cli: Run, tmp_path: Path) -> None:
        """An existing OUT is replaced, and no temporary file is left."""
        path = matrix_file(tmp_path, small_matrix(), "in.toml")
        out = tmp_path / "out.json"
        out.write_text("{}", "utf-8")
        assert cli("convert", path, out).status == 0
        assert em.load(out) == small_matrix()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.toml", "out.json"]

    def test_unknown_target_format(self, cli: Run, tmp_path: Path) -> None:
        """An OUT with an unknown suffix is refused before IN is read."""
        result = cli("convert", tmp_path / "missing.toml", tmp_path / "out.xml")
        assert result.status == 2
        assert result.err.splitlines()[-1] == (
            "escalation-matrix convert: error: unknown file format '.xml' of "
            f"'{tmp_path / 'out.xml'}'; known formats: .toml, .json, .yaml, .yml"
        )

    def test_invalid_source(self, cli: Run, tmp_path: Path) -> None:
        """An invalid IN lists its problems and writes nothing."""
        out = tmp_path / "out.json"
        result = cli("convert", DATA / "broken.toml", out)
        assert result.status == 1
        assert not out.exists()

    def test_cannot_write(self, cli: Run, tmp_path: Path) -> None:
        """An OUT in a folder that does not exist is exit status 3."""
        out = tmp_path / "nowhere" / "out.json"
        result = cli("convert", matrix_file(tmp_path, small_matrix()), out)
        assert result == (
            3,
            "",
            f"escalation-matrix convert: error: cannot write '{out}': No such file "
            "or directory\n",
        )

    @pytest.mark.parametrize("direction", ["read", "write"])
    def test_yaml_needs_its_extra(
        self,
        cli: Run,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        direction: str,
    ) -> None:
        """Without PyYAML, YAML files are exit status 4, with how to install it."""
        yaml_file = matrix_file(tmp_path, small_matrix(), "m.yaml")
        toml_file = matrix_file(tmp_path, small_matrix(), "m.toml")
        monkeypatch.setitem(sys.modules, "yaml", None)
        args = (
            (yaml_file, tmp_path / "out.toml")
            if direction == "read"
            else (toml_file, tmp_path / "out.yaml")
        )
        result = cli("convert", *args)
        assert result == (
            4,
            "",
            "escalation-matrix convert: error: this needs an optional dependency; "
            "install it with: pip install 'escalation-matrix[yaml]'\n",
        )


class TestSchema:
    def test_prints_the_schema(self, cli: Run) -> None:
        """The schema command prints json_schema() as indented JSON."""
        result = cli("schema")
        assert (result.status, result.err) == (0, "")
        assert json.loads(result.out) == json_schema()
        assert result.out.startswith('{\n  "$schema": ')

    def test_output(self, cli: Run, tmp_path: Path) -> None:
        """--output writes the schema to a file."""
        target = tmp_path / "schema.json"
        assert cli("schema", "--output", target) == (0, "", "")
        assert json.loads(target.read_text("utf-8")) == json_schema()

    def test_cannot_write(self, cli: Run, tmp_path: Path) -> None:
        """--output to a folder that does not exist is exit status 3."""
        target = tmp_path / "nowhere" / "schema.json"
        result = cli("schema", "--output", target)
        assert (result.status, result.out) == (3, "")


class TestHelp:
    def test_version(self, cli: Run) -> None:
        """--version prints the name and the installed version."""
        assert cli("--version") == (0, f"escalation-matrix {em.__version__}\n", "")

    @pytest.mark.parametrize(
        "command",
        [[], ["show"], ["route"], ["plan"], ["validate"], ["convert"], ["schema"]],
    )
    def test_every_command_has_help(self, cli: Run, command: list[str]) -> None:
        """--help works on every command, lists exit statuses, and exits 0."""
        result = cli(*command, "--help")
        assert (result.status, result.err) == (0, "")
        assert result.out.startswith(
            f"usage: {' '.join(['escalation-matrix', *command])}"
        )
        assert "exit status:\n  0    success\n  1    a matrix file" in result.out

    def test_moments_explained_where_used(self, cli: Run) -> None:
        """The route and plan commands explain the WHEN grammar; show does not."""
        assert "moments (WHEN):" in cli("route", "--help").out
        assert "moments (WHEN):" in cli("plan", "--help").out
        assert "moments (WHEN):" not in cli("show", "--help").out

    def test_in_italian(self, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """The help is in the environment's language, argparse's words included."""
        monkeypatch.setenv("LANG", "it_IT.UTF-8")
        out = cli("show", "--help").out
        assert out.startswith("uso: escalation-matrix show")
        assert "\nopzioni:\n  -h, --help " in out
        assert "mostra questo aiuto ed esce" in out
        assert "\ncodici di uscita:\n  0    successo\n" in out

    def test_usage_error_in_italian(self, cli: Run) -> None:
        """Usage errors are translated, in the --locale asked for."""
        result = cli("--locale", "it", "bogus")
        assert result.status == 2
        assert result.err.splitlines()[-1].startswith(
            "escalation-matrix: errore: COMANDO: valore non valido: «bogus»"
        )

    def test_no_abbreviations(self, cli: Run) -> None:
        """Options are spelt out in full; the full one is suggested."""
        result = cli("route", "performance_hiccups", "--open", "1d ago")
        assert result.status == 2
        assert result.err.splitlines()[-1] == (
            "escalation-matrix route: error: unrecognized arguments: --open 1d ago; "
            "did you mean --opened?"
        )

    def test_command_required(self, cli: Run) -> None:
        """Without a command, the usage and what is missing."""
        result = cli()
        assert result == (
            2,
            "",
            "usage: escalation-matrix [-h] [--version] [--locale LOCALE] COMMAND ...\n"
            "escalation-matrix: error: the following arguments are required: "
            "COMMAND\n",
        )


class TestEdges:
    def test_broken_pipe(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A reader that went away ends the command quietly, with status 141."""

        class Gone(io.StringIO):
            def write(self, _: str) -> int:
                raise BrokenPipeError

        errors = io.StringIO()
        monkeypatch.setattr(sys, "stdout", Gone())
        monkeypatch.setattr(sys, "stderr", errors)
        assert main(["show"]) == 141
        assert errors.getvalue() == ""

    def test_broken_pipe_on_a_real_descriptor(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Standard output is then pointed at the null device, so exit is quiet."""
        read_end, write_end = os.pipe()
        os.close(read_end)
        with open(write_end, "w", encoding="utf-8") as stream:  # noqa: PTH123
            monkeypatch.setattr(sys, "stdout", stream)
            assert main(["schema"]) == 141
            stream.write("more")
            stream.flush()  # would raise, but the null device takes it

    def test_interrupted(self, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C ends the command quietly, with status 130."""

        def interrupted(*_: object) -> ExitStatus:
            raise KeyboardInterrupt

        monkeypatch.setitem(commands.COMMANDS, "schema", interrupted)
        assert cli("schema") == (130, "", "")

    def test_broken_catalog(self, cli: Run, tmp_path: Path) -> None:
        """A broken catalog in --catalogs is invalid data: status 1."""
        catalog = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text('msgid "a"\nmsgstr "b"\nnonsense\n', "utf-8")
        result = cli("show", "--locale", "de", "--catalogs", tmp_path)
        assert (result.status, result.out) == (1, "")
        assert result.err.startswith(
            "escalation-matrix show: error: Invalid message catalog"
        )

    @pytest.mark.parametrize("command", ["route", "plan"])
    def test_unusable_translation(self, cli: Run, tmp_path: Path, command: str) -> None:
        """A translation with wrong placeholders is not used, and a warning says so."""
        path = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.po"
        path.parent.mkdir(parents=True)
        path.write_text(WRONG_NEXT, "utf-8")
        args = ("performance_hiccups", "--opened", "-1h", "--locale", "de")
        result = cli(command, *args, "--catalogs", tmp_path)
        assert result.status == 0
        assert result.out == cli(command, *args).out
        assert result.err == (
            f"escalation-matrix {command}: warning: no catalog translates this "
            "program's messages into de (a catalog of a matrix's texts alone does "
            "not make an output language), so the output is in the matrix's "
            "language if the program speaks it, else in English\n"
            f"escalation-matrix {command}: warning: {path}: line 7: msgctxt "
            "'decision' msgid 'Next escalation: to {level} on {time}.': "
            "placeholders differ: expected {level}, {time}, got {stufe}, {time}; "
            "this translation is not used: the next catalog's, or else the source "
            "text, is shown instead\n"
        )
        assert "Next escalation: to Project Manager (L2) on" in cli("route", *args).out

    @pytest.mark.parametrize("command", ["route", "plan"])
    def test_the_file_before_the_type(
        self, cli: Run, tmp_path: Path, command: str
    ) -> None:
        """A matrix file given before the issue type is said to be."""
        path = matrix_file(tmp_path, em.default_matrix())
        result = cli(command, path, "performance_hiccups")
        assert result.status == 2
        assert result.err.endswith(
            f"escalation-matrix {command}: error: the issue type comes first, then "
            f"the matrix file: 'performance_hiccups' '{path}', not '{path}' "
            "'performance_hiccups'\n"
        )
        assert cli(command, "performance_hiccups", path).status == 0

    def test_overlays(self, cli: Run, tmp_path: Path) -> None:
        """--overlay puts overlay files on the matrix, in order, for every use."""
        first = tmp_path / "first.toml"
        first.write_text(
            'schema_version = 1\noverlay = "first"\n\n'
            '[changes.roles.project_manager]\ntitle = "Delivery lead"\n',
            "utf-8",
        )
        second = tmp_path / "second.toml"
        second.write_text(
            'schema_version = 1\noverlay = "second"\n\n'
            '[changes.roles.project_manager]\ntitle = "Delivery head"\n',
            "utf-8",
        )
        given = ("--overlay", first, "--overlay", second)
        shown = cli("show", *given)
        assert shown.status == 0, shown.err
        assert "Delivery head" in shown.out
        assert "Delivery lead" not in shown.out
        routed = cli("route", "performance_hiccups", "--opened", "-5h", *given)
        assert routed.out.startswith("Delivery head (L2) handles it")
        merged = tmp_path / "merged.toml"
        assert (
            cli(
                "convert", matrix_file(tmp_path, em.default_matrix()), merged, *given
            ).status
            == 0
        )
        assert em.load(merged).role("project_manager").title == "Delivery head"
        # An overlay that does not fit is said with its file.
        wrong = tmp_path / "wrong.toml"
        wrong.write_text(
            'schema_version = 1\noverlay = "wrong"\n\n'
            '[changes.roles.nobody]\ntitle = "X"\n',
            "utf-8",
        )
        refused = cli("show", "--overlay", wrong)
        assert refused.status == 1
        assert refused.err.startswith(f"{wrong}: $.changes.roles.nobody: ")
        # An overlay given as the matrix is said to go with --overlay.
        assert cli("show", first).err == (
            f"{first}: $.overlay: this is an overlay, not a matrix: give it with "
            "--overlay, after the matrix it goes on (the built-in matrix when no "
            "FILE is given)\n"
        )

    @pytest.mark.parametrize("given", ["C.UTF-8", "posix", "c"])
    def test_locale_c(self, cli: Run, given: str) -> None:
        """--locale C or POSIX, in any case, is said to name no language."""
        result = cli("show", "--locale", given)
        assert result.status == 2
        assert result.err.endswith(
            f"error: argument --locale: invalid locale {given!r}: C and POSIX name "
            "no language; for English, give en\n"
        )

    def test_validate_an_overlay(self, cli: Run, tmp_path: Path) -> None:
        """An overlay file is checked by validate as an overlay."""
        good = tmp_path / "good.toml"
        good.write_text(
            'schema_version = 1\noverlay = "good"\n\n'
            '[changes.roles.project_manager]\ntitle = "Delivery lead"\n',
            "utf-8",
        )
        bad = tmp_path / "bad.toml"
        bad.write_text(
            'schema_version = 1\noverlay = "bad"\n\n'
            "[changes.roles.project_manager]\ntitle = 3\n",
            "utf-8",
        )
        result = cli("validate", good, bad)
        assert result.status == 1
        assert result.out == f"{good}: valid\n"
        assert result.err.startswith(f"{bad}: $.changes.roles.project_manager.title: ")
        # One of the built-in matrix is put on it, which says where it does not fit.
        clash = tmp_path / "clash.json"
        clash.write_text(
            '{"schema_version": 1, "overlay": "clash", "base": "default", '
            '"texts": {"level:L1:name": "Helpdesk"}, '
            '"changes": {"levels": {"L1": {"name": "Other"}}}}',
            "utf-8",
        )
        refused = cli("validate", clash)
        assert (refused.status, refused.out) == (1, "")
        assert refused.err.startswith(f"{clash}: $.texts['level:L1:name']: given twice")

    def test_a_locale_without_program_messages(self, cli: Run) -> None:
        """--locale for a language the program does not speak warns of English."""
        result = cli("show", "--locale", "de-AT")
        assert result.status == 0
        assert result.out == cli("show").out
        assert result.err == (
            "escalation-matrix show: warning: no catalog translates this "
            "program's messages into de_AT (a catalog of a matrix's texts alone "
            "does not make an output language), so the output is in the matrix's "
            "language if the program speaks it, else in English\n"
        )
        # Not when the language is spoken, nor for the catalog being written.
        for args in (
            ("show", "--locale", "en_GB"),
            ("show", "--locale", "it"),
            ("catalog", "--locale", "de"),
        ):
            assert cli(*args).err == "", args

    def test_catalogs_must_exist(self, cli: Run, tmp_path: Path) -> None:
        """A --catalogs directory that does not exist is exit status 3."""
        result = cli("show", "--catalogs", tmp_path / "nope")
        assert result == (
            3,
            "",
            f"escalation-matrix show: error: cannot read '{tmp_path / 'nope'}': "
            "No such file or directory\n",
        )

    def test_clock(self) -> None:
        """Without --now, the command reads the clock, in UTC."""
        before = datetime.now(UTC)
        moment = CLOCK()
        assert before <= moment <= datetime.now(UTC)
        assert moment.tzinfo is UTC

    def test_run_as_a_module(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The package runs as a module, under the name python -m shows."""
        monkeypatch.setattr(sys, "argv", ["escalation_matrix", "route", "--help"])
        with pytest.raises(SystemExit) as done:
            runpy.run_module("escalation_matrix", run_name="__main__")
        assert done.value.code == 0
        assert capsys.readouterr().out.startswith(
            "usage: python -m escalation_matrix route [-h]"
        )

    def test_entry_point_runs_the_command(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The console script's function runs the command under its name."""
        assert entry.main(["route", "--help"]) == 0
        assert capsys.readouterr().out.startswith("usage: escalation-matrix route")
        assert entry.INTERRUPTED == ExitStatus.INTERRUPTED

    def test_interrupted_while_starting(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C while the command's modules load ends it quietly, status 130."""

        class Interrupting:
            def find_spec(self, name: str, *_: object) -> None:
                if name == "escalation_matrix._cli.main":
                    raise KeyboardInterrupt

        monkeypatch.delitem(sys.modules, "escalation_matrix._cli.main")
        monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
        assert entry.main(["show"]) == ExitStatus.INTERRUPTED

    def test_encoding_without_a_character(self) -> None:
        """A stream whose encoding lacks a character shows '?' instead of failing."""
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="latin-1")
        commands.write(stream, "9:00\u202fAM, città\r\n")
        assert raw.getvalue() == "9:00?AM, città\r\n".encode("latin-1")

    def test_partial_writes(self) -> None:
        """A buffer that takes part of the data at a time still gets all of it."""

        class Trickle(io.BytesIO):
            def write(self, data: object) -> int:
                return super().write(bytes(data)[:7])  # type: ignore[call-overload]

        raw = Trickle()
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        commands.write(stream, "a" * 100 + "è")
        assert raw.getvalue() == ("a" * 100 + "è").encode()

    def test_output_that_takes_nothing(self) -> None:
        """A buffer that takes nothing is an error, not an endless loop."""

        class Full(io.BytesIO):
            def write(self, _: object) -> int:
                return 0

        with pytest.raises(BlockingIOError):
            commands.write(io.TextIOWrapper(Full(), encoding="utf-8"), "a")

    def test_standard_output_cannot_be_written(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A full disk under standard output is exit status 3, not a traceback."""

        class Full(io.BytesIO):
            def write(self, _: object) -> int:
                raise OSError(28, "No space left on device")

        errors = io.StringIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Full(), encoding="utf-8"))
        monkeypatch.setattr(sys, "stderr", errors)
        assert main(["schema"]) == 3
        assert errors.getvalue() == (
            "escalation-matrix schema: error: cannot write standard output: No space "
            "left on device\n"
        )

    def test_stream_without_bytes(self) -> None:
        """A text-only stream gets the text as it is."""
        stream = io.StringIO()
        commands.write(stream, "a\r\nb")
        assert stream.getvalue() == "a\r\nb"
