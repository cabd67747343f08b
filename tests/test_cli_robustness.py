"""The command line never prints a traceback: narrow terminals, closed streams, bugs.

Most cases run the installed console script in its own process, where the
terminal's width and the standard streams are the real ones; a few run the
command in-process, to reach what a process cannot show.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import attrs
import pytest

import escalation_matrix as em
from escalation_matrix._cli import commands, entry
from escalation_matrix._cli import main as cli_main
from escalation_matrix._cli.main import INTERNAL_ERROR, PROG, main
from escalation_matrix._cli.parser import EXIT_STATUSES, ExitStatus
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix._render.text_table import MIN_WIDTH
from tests.test_cli_process import environment

SCRIPT = Path(sys.executable).with_name("escalation-matrix")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
NOW = "2026-11-28T09:00Z"
BAD_DESCRIPTOR = "cannot write standard output: Bad file descriptor"
# The end of the one line an internal error prints.
REPORT_IT = "; this is a bug, please report it with the command that caused it\n"

#: Each subcommand, run as a user would; OUT is replaced by a file to write.
COMMANDS: dict[str, tuple[str, ...]] = {
    "show": ("show",),
    "route": ("route", "performance_hiccups", "--opened", "1d ago", "--now", NOW),
    "plan": ("plan", "performance_hiccups", "--opened", "1d ago", "--now", NOW),
    "validate": ("validate", str(EXAMPLES / "support.toml")),
    "convert": ("convert", str(EXAMPLES / "support.toml"), "OUT"),
    "schema": ("schema",),
}
#: Those that print their answer on standard output.
PRINTING = ("show", "route", "plan", "validate", "schema")
#: The help of the command and of each subcommand, and the version.
HELPS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("--version",),
    *((name, "--help") for name in COMMANDS),
)


class Result(NamedTuple):
    """What a run of the command gave."""

    status: int
    out: str
    err: str


def run(
    *args: str | Path,
    columns: str | None = None,
    redirect: str = "",
    env: dict[str, str] | None = None,
) -> Result:
    """Run the installed console script with *args*.

    Args:
        args: The arguments after the command's name.
        columns: The value of COLUMNS; None leaves it unset.
        redirect: Shell redirections for the command, such as ``>&-``.
        env: The environment; the test's (:func:`environment`) if None.
    """
    changes = {} if columns is None else {"COLUMNS": columns}
    command = [str(SCRIPT), *map(str, args)]
    if redirect:
        command = ["sh", "-c", f'exec "$@" {redirect}', "sh", *command]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**changes) if env is None else env,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@functools.cache
def reference(args: tuple[str, ...], columns: str) -> Result:
    """What the command prints for *args* in a terminal *columns* wide."""
    return run(*args, columns=columns)


def arguments(name: str, tmp_path: Path) -> tuple[str, ...]:
    """The arguments of the subcommand *name*, writing into *tmp_path*."""
    return tuple(
        str(tmp_path / "out.json") if arg == "OUT" else arg for arg in COMMANDS[name]
    )


def big_matrix(tmp_path: Path) -> Path:
    """Write a matrix whose table is far bigger than a pipe holds; return it."""
    base = em.default_matrix()
    texts = dict(base.issue_types[0].responsibilities)
    big = attrs.evolve(
        base,
        issue_types=[em.IssueType(f"t{n}", f"Type {n}", texts) for n in range(2000)],
    )
    path = tmp_path / "big.json"
    em.dump(big, path)
    return path


class TestWidth:
    """Any terminal width works; a width below the minimum is raised to it."""

    @pytest.mark.parametrize("columns", ["1", "2", "3"])
    @pytest.mark.parametrize("name", list(COMMANDS))
    def test_narrow_terminal(self, tmp_path: Path, name: str, columns: str) -> None:
        """A terminal narrower than 4 columns gets the 4-column layout."""
        args = arguments(name, tmp_path)
        result = run(*args, columns=columns)
        assert (result.status, result.err) == (0, "")
        assert result == reference(args, str(MIN_WIDTH))

    @pytest.mark.parametrize("columns", ["1", "2", "3"])
    def test_narrowest_table(self, columns: str) -> None:
        """The table is laid out in 4 columns, as --width 4 lays it out."""
        result = run("show", columns=columns)
        lines = result.out.splitlines()
        assert len(lines) > 100
        assert max(map(len, lines)) == MIN_WIDTH
        assert result == reference(("show", "--width", str(MIN_WIDTH)), "80")

    @pytest.mark.parametrize("columns", ["1", "2", "3"])
    @pytest.mark.parametrize("args", HELPS, ids=" ".join)
    def test_help_in_a_narrow_terminal(
        self, args: tuple[str, ...], columns: str
    ) -> None:
        """The help, and the version, print in any terminal."""
        result = run(*args, columns=columns)
        assert (result.status, result.err) == (0, "")
        assert result.out.startswith(("usage: escalation-matrix", "escalation-matrix "))
        assert result == reference(args, str(MIN_WIDTH))

    @pytest.mark.parametrize("columns", ["0", "-5", "abc", "", " ", "4.5", "9" * 5000])
    @pytest.mark.parametrize("args", [("show",), ("route", "--help")], ids=" ".join)
    def test_columns_that_is_no_width(
        self, args: tuple[str, ...], columns: str
    ) -> None:
        """A COLUMNS that is not a whole number above 0 is ignored: 80 columns."""
        result = run(*args, columns=columns)
        assert (result.status, result.err) == (0, "")
        assert result == reference(args, "80")

    @pytest.mark.parametrize("args", [("show",), ("plan", "--help")], ids=" ".join)
    def test_huge_terminal(self, args: tuple[str, ...]) -> None:
        """A terminal of 10^11 columns works, and wraps less than one of 80."""
        result = run(*args, columns="99999999999")
        assert (result.status, result.err) == (0, "")
        assert max(map(len, result.out.splitlines())) > 200
        assert len(result.out.splitlines()) < len(run(*args).out.splitlines())

    @pytest.mark.parametrize("name", ["show", "route", "plan"])
    @pytest.mark.parametrize("width", ["3", "1", "0", "-5"])
    def test_width_option_below_the_minimum(self, name: str, width: str) -> None:
        """An explicit --width below 4 is a usage error, not silently changed."""
        result = run(*COMMANDS[name], "--width", width)
        lines = result.err.splitlines()
        assert (result.status, result.out) == (2, "")
        assert lines[0].startswith(f"usage: escalation-matrix {name} [-h]")
        assert lines[-1] == (
            f"escalation-matrix {name}: error: argument --width: invalid width "
            f"'{width}': expected a whole number of at least 4"
        )

    def test_huge_width_option(self) -> None:
        """--width takes any whole number from 4 up."""
        result = run(*COMMANDS["route"], "--width", "1" + "0" * 30)
        assert (result.status, result.err) == (0, "")
        assert result.out.startswith("Account Manager (L3) handles it: Communicate ")


class TestClosedStreams:
    """Closed or full standard streams: no traceback, the right status."""

    @pytest.mark.parametrize("name", PRINTING)
    def test_standard_output_closed(self, tmp_path: Path, name: str) -> None:
        """Started with standard output closed, a command says it cannot print."""
        result = run(*arguments(name, tmp_path), redirect=">&-")
        assert result == (3, "", f"escalation-matrix {name}: error: {BAD_DESCRIPTOR}\n")

    @pytest.mark.parametrize("args", HELPS, ids=" ".join)
    def test_help_to_a_closed_output(self, args: tuple[str, ...]) -> None:
        """The help and the version too: status 3, not a silent success."""
        prog = " ".join(["escalation-matrix", *args[:-1]])
        result = run(*args, redirect=">&-")
        assert result == (3, "", f"{prog}: error: {BAD_DESCRIPTOR}\n")

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    @pytest.mark.parametrize(
        "args", [("show",), ("validate", str(EXAMPLES / "support.toml")), ("--help",)]
    )
    def test_full_output(self, args: tuple[str, ...]) -> None:
        """Standard output on a full disk is status 3, with the system's reason."""
        result = run(*args, redirect=">/dev/full")
        assert result.status == 3
        assert result.err.endswith(
            ": error: cannot write standard output: No space left on device\n"
        )
        assert result.err.count("\n") == 1

    @pytest.mark.parametrize("name", ["show", "route", "plan", "schema"])
    def test_output_file_needs_no_standard_output(
        self, tmp_path: Path, name: str
    ) -> None:
        """A command that writes to --output FILE succeeds without standard output."""
        target = tmp_path / "answer.txt"
        result = run(*COMMANDS[name], "--output", target, redirect=">&-")
        assert result == (0, "", "")
        assert target.read_text("utf-8") == run(*COMMANDS[name]).out

    def test_convert_needs_no_standard_output(self, tmp_path: Path) -> None:
        """Convert prints nothing: it succeeds with standard output closed."""
        result = run(*arguments("convert", tmp_path), redirect=">&-")
        assert result == (0, "", "")
        assert em.load(tmp_path / "out.json") == em.load(EXAMPLES / "support.toml")

    @pytest.mark.parametrize(
        "args",
        [
            ("route", "nope"),
            ("route",),
            ("bogus",),
            ("show", "--width", "3"),
            ("route", "performance_hiccups", "--opened", "yesterday"),
        ],
        ids=" ".join,
    )
    def test_usage_without_standard_error(self, args: tuple[str, ...]) -> None:
        """With standard error closed, the usage is lost, never printed as output."""
        assert run(*args, redirect="2>&-") == (2, "", "")

    @pytest.mark.parametrize(
        ("args", "status"),
        [
            (("validate", str(EXAMPLES / "broken.toml")), 1),
            (("show", "missing.toml"), 3),
            (("route", "nope"), 2),
        ],
        ids=["invalid", "missing", "usage"],
    )
    def test_status_without_standard_error(
        self, args: tuple[str, ...], status: int
    ) -> None:
        """With standard error closed, the status still says what went wrong."""
        assert run(*args, redirect="2>&-") == (status, "", "")

    @pytest.mark.parametrize("name", PRINTING)
    def test_answer_without_standard_error(self, tmp_path: Path, name: str) -> None:
        """A command that needs no standard error answers as usual without it."""
        args = arguments(name, tmp_path)
        assert run(*args, redirect="2>&-") == run(*args)

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_full_standard_error(self) -> None:
        """Messages that a full disk refuses are lost; the status stays."""
        assert run("route", "nope", redirect="2>/dev/full") == (2, "", "")

    @pytest.mark.parametrize(
        ("args", "status"),
        [(("show",), 3), (("--help",), 3), (("route", "nope"), 2)],
        ids=["show", "help", "usage"],
    )
    def test_both_closed(self, args: tuple[str, ...], status: int) -> None:
        """With both streams closed, only the status is left, and it is right."""
        assert run(*args, redirect=">&- 2>&-") == (status, "", "")


class TestBrokenPipe:
    """A reader that goes away ends the command quietly, with status 141."""

    @pytest.mark.parametrize(
        "args",
        [*(COMMANDS[name] for name in PRINTING), *HELPS],
        ids=" ".join,
    )
    def test_reader_gone(self, args: tuple[str, ...]) -> None:
        """Every command that prints, and the help, end with 141 and no message."""
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run(
                [str(SCRIPT), *args],
                stdout=write_end,
                stderr=subprocess.PIPE,
                text=True,
                env=environment(),
                check=False,
            )
        finally:
            os.close(write_end)
        assert (done.returncode, done.stderr) == (141, "")

    @pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
    def test_piped_to_head(self, tmp_path: Path) -> None:
        """`escalation-matrix show BIG | head -1`: one line, status 141, quietly."""
        with subprocess.Popen(
            [str(SCRIPT), "show", big_matrix(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(COLUMNS="80"),
        ) as command:
            assert command.stdout is not None
            assert command.stderr is not None
            head = subprocess.run(
                ["head", "-1"], stdin=command.stdout, capture_output=True, check=False
            )
            command.stdout.close()
            errors = command.stderr.read()
        assert head.stdout == b"Example issue escalation matrix template\n"
        assert (command.returncode, errors) == (141, b"")


# Runs the real entry point after breaking a command, in a process of its own.
_BREAK_SCHEMA = """\
import sys
from escalation_matrix._cli import commands, entry
def broken(*_):
    raise ValueError("no schema\\ntoday")
commands.COMMANDS["schema"] = broken
sys.exit(entry.main())
"""


class TestInternalError:
    """A bug prints one line asking to report it, with status 70."""

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "escalation-matrix: internal error: ValueError: no schema today"),
            ("it", "escalation-matrix: errore interno: ValueError: no schema today"),
        ],
    )
    def test_bug_in_a_command(self, locale: str, expected: str) -> None:
        """The line names the error, on one line, in the reader's language."""
        done = subprocess.run(
            [sys.executable, "-c", _BREAK_SCHEMA, "schema", "--locale", locale],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment(),
            check=False,
        )
        assert (done.returncode, done.stdout) == (70, "")
        assert done.stderr.startswith(expected + "; ")
        assert done.stderr.count("\n") == 1

    def test_broken_installation(self, tmp_path: Path) -> None:
        """A dependency that fails to import: one line, status 70, no traceback."""
        shadow = tmp_path / "babel"
        shadow.mkdir()
        (shadow / "__init__.py").write_text("raise ImportError('babel is broken')\n")
        result = run("show", env=environment(PYTHONPATH=str(tmp_path)))
        assert result == (
            70,
            "",
            "escalation-matrix: internal error: ImportError: babel is broken"
            + REPORT_IT,
        )

    def test_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """In-process too, the error is reported, not raised."""

        def broken(*_: object) -> ExitStatus:
            raise RuntimeError("boom")

        monkeypatch.setitem(commands.COMMANDS, "schema", broken)
        assert main(["schema"]) == ExitStatus.INTERNAL
        assert capsys.readouterr() == (
            "",
            "escalation-matrix: internal error: RuntimeError: boom" + REPORT_IT,
        )

    def test_before_the_translator(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A failure before the messages can be translated is said in English."""

        def broken(*_: object, **__: object) -> None:
            raise LookupError("no catalogs")

        monkeypatch.setattr(cli_main, "translator", broken)
        assert main(["schema", "--locale", "it"]) == ExitStatus.INTERNAL
        assert capsys.readouterr().err == (
            "escalation-matrix: internal error: LookupError: no catalogs" + REPORT_IT
        )

    def test_while_loading(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The entry point reports a module that fails to load, as main would."""

        class Broken:
            def find_spec(self, name: str, *_: object) -> None:
                if name == "escalation_matrix._cli.main":
                    raise ImportError(name)

        monkeypatch.delitem(sys.modules, "escalation_matrix._cli.main")
        monkeypatch.setattr(sys, "meta_path", [Broken(), *sys.meta_path])
        assert entry.main(["show"], prog="em") == ExitStatus.INTERNAL
        assert capsys.readouterr() == (
            "",
            "em: internal error: ImportError: escalation_matrix._cli.main" + REPORT_IT,
        )

    def test_while_loading_without_standard_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without standard error, the status alone says it."""

        class Broken:
            def find_spec(self, name: str, *_: object) -> None:
                if name == "escalation_matrix._cli.main":
                    raise ImportError(name)

        monkeypatch.delitem(sys.modules, "escalation_matrix._cli.main")
        monkeypatch.setattr(sys, "meta_path", [Broken(), *sys.meta_path])
        monkeypatch.setattr(sys, "stderr", None)
        assert entry.main(["show"]) == ExitStatus.INTERNAL

    def test_entry_says_what_main_says(self) -> None:
        """The entry point's fallback is main's message and status, and name."""
        assert INTERNAL_ERROR.text == entry._BUG
        assert entry.INTERNAL == ExitStatus.INTERNAL
        assert PROG == "escalation-matrix"


class TestStandardStreamsInProcess:
    """What the process tests show, where coverage sees it."""

    def test_closed_output(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No standard output: status 3, and sys.stdout is None again after."""
        monkeypatch.setattr(sys, "stdout", None)
        assert main(["schema"]) == ExitStatus.FILE
        assert sys.stdout is None
        assert capsys.readouterr().err == (
            f"escalation-matrix schema: error: {BAD_DESCRIPTOR}\n"
        )

    def test_closed_output_for_help(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The help to no standard output: status 3, said in the reader's language."""
        monkeypatch.setattr(sys, "stdout", None)
        assert main(["plan", "--help", "--locale", "it"]) == ExitStatus.FILE
        assert capsys.readouterr().err == (
            "escalation-matrix plan: errore: impossibile scrivere su standard "
            "output: Bad file descriptor\n"
        )

    def test_help_to_a_reader_gone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The help to a pipe nobody reads: status 141, nothing said."""

        class Gone(io.StringIO):
            def write(self, _: str) -> int:
                raise BrokenPipeError

        errors = io.StringIO()
        monkeypatch.setattr(sys, "stdout", Gone())
        monkeypatch.setattr(sys, "stderr", errors)
        assert main(["show", "--help"]) == ExitStatus.BROKEN_PIPE
        assert errors.getvalue() == ""

    def test_closed_errors(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """No standard error: the usage is not printed on standard output."""
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", None)
        assert main(["route", "nope"]) == ExitStatus.USAGE
        assert main(["route"]) == ExitStatus.USAGE
        assert out.getvalue() == ""
        assert sys.stderr is None

    def test_failing_errors(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard error that refuses messages loses them; the status stays."""

        class Full(io.StringIO):
            def write(self, _: str) -> int:
                raise OSError(28, "No space left on device")

        full = Full()
        monkeypatch.setattr(sys, "stderr", full)
        assert main(["validate", str(EXAMPLES / "broken.toml")]) == ExitStatus.INVALID
        assert sys.stderr is full

    def test_streams_restored(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The command leaves sys.stdout and sys.stderr as it found them."""
        before = sys.stdout, sys.stderr
        assert main(["route", "nope"]) == ExitStatus.USAGE
        assert main(["schema"]) == ExitStatus.OK
        assert (sys.stdout, sys.stderr) == before
        assert capsys.readouterr().out.startswith("{")


def _documented_statuses() -> list[int]:
    text = (ROOT / "docs" / "reference" / "cli.md").read_text("utf-8")
    section = text.split("## Exit statuses\n", 1)[1].split("\n## ", 1)[0]
    return [
        int(status) for status in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)
    ]


class Cause(NamedTuple):
    """A way to get an exit status, run as a user would."""

    status: int
    name: str
    run: Callable[[Path], Result]


def _yaml_without_pyyaml(tmp_path: Path) -> Result:
    # PyYAML shadowed by a package that cannot be imported, as if missing.
    shadow = tmp_path / "shadow" / "yaml"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no yaml')\n")
    matrix = tmp_path / "m.yaml"
    matrix.write_text(em.dumps(em.default_matrix(), "json"), "utf-8")
    env = environment(PYTHONPATH=str(tmp_path / "shadow"))
    return run("show", matrix, env=env)


def _broken_catalog(tmp_path: Path) -> Result:
    catalog = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "a"\nmsgstr "b"\nnonsense\n', "utf-8")
    return run("validate", "--catalogs", tmp_path)


def _bug(_: Path) -> Result:
    done = subprocess.run(
        [sys.executable, "-c", _BREAK_SCHEMA, "schema"],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def _signalled(number: signal.Signals) -> Callable[[Path], Result]:
    """Send the signal *number* while the command writes a big table."""
    return functools.partial(_send, number)


def _send(number: signal.Signals, tmp_path: Path) -> Result:
    # The table is bigger than the pipe holds: the command is still writing.
    with subprocess.Popen(
        [str(SCRIPT), "show", big_matrix(tmp_path), "--format", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    ) as command:
        assert command.stdout is not None
        assert command.stdout.read(15) == "<!doctype html>"
        command.send_signal(number)
        out, err = command.communicate()
    assert out  # what was written before the interruption
    return Result(command.returncode, "", err)


def _reader_gone(_: Path) -> Result:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(SCRIPT), "show"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
            check=False,
        )
    finally:
        os.close(write_end)
    return Result(done.returncode, "", done.stderr)


#: Each documented exit status, with each of its causes.
CAUSES = [
    Cause(0, "success", lambda _: run("show")),
    Cause(1, "invalid matrix", lambda _: run("validate", EXAMPLES / "broken.toml")),
    Cause(1, "invalid catalog", _broken_catalog),
    Cause(2, "unknown option", lambda _: run("show", "--colour")),
    Cause(2, "unknown issue type", lambda _: run("route", "printer_jam")),
    Cause(2, "width below the minimum", lambda _: run("show", "--width", "3")),
    Cause(2, "unreadable moment", lambda _: run("plan", "x", "--now", "soon")),
    Cause(3, "missing file", lambda path: run("show", path / "missing.toml")),
    Cause(3, "standard output closed", lambda _: run("show", redirect=">&-")),
    Cause(4, "optional dependency missing", _yaml_without_pyyaml),
    Cause(70, "internal error", _bug),
    Cause(130, "interrupted", _signalled(signal.SIGINT)),
    Cause(141, "reader gone", _reader_gone),
    Cause(143, "terminated", _signalled(signal.SIGTERM)),
]


def test_every_status_has_a_cause() -> None:
    """The documented statuses, the help's and the code's are the same."""
    codes = [int(status) for status in ExitStatus]
    assert _documented_statuses() == codes
    assert [int(status) for status, _ in EXIT_STATUSES] == codes
    assert sorted({cause.status for cause in CAUSES}) == codes


@pytest.mark.parametrize(
    "cause", CAUSES, ids=lambda cause: f"{cause.status}-{cause.name}"
)
def test_exit_status(cause: Cause, tmp_path: Path) -> None:
    """Each cause gives its documented status, with no traceback."""
    result = cause.run(tmp_path)
    assert result.status == cause.status
    assert "Traceback" not in result.err
    if cause.status in {0, 130, 141, 143}:
        assert result.err == ""
    else:
        assert result.err.endswith("\n")


@pytest.fixture(autouse=True)
def _fresh_catalogs() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def test_entry_statuses_are_the_commands() -> None:
    """The console script's own statuses, set before the parser loads, agree."""
    assert entry.INTERRUPTED == ExitStatus.INTERRUPTED
    assert entry.TERMINATED == ExitStatus.TERMINATED
    assert entry.INTERNAL == ExitStatus.INTERNAL


class TestControlCharactersInMessages:
    """What the user typed or named reaches the terminal with its controls shown."""

    def test_unrecognised_argument(self) -> None:
        """Argparse's own message quotes the argument as typed: shown escaped."""
        done = run("show", "--\x1b[2J")
        assert done.status == ExitStatus.USAGE
        assert "unrecognized arguments: --\\x1b[2J" in done.err
        assert "\x1b" not in done.err

    def test_file_names_of_valid_and_invalid_files(self, tmp_path: Path) -> None:
        """File names in validate's lines, on both streams, are shown escaped."""
        valid = tmp_path / "ok\x1b]0;pwned\x07.json"
        valid.write_text(em.dumps(em.default_matrix(), "json"), "utf-8")
        invalid = tmp_path / "bad\x1b[2J.json"
        invalid.write_text('{"x": 1}', "utf-8")
        done = run("validate", valid, invalid)
        assert done.status == ExitStatus.INVALID
        assert "ok\\x1b]0;pwned\\x07.json: valid" in done.out
        assert "bad\\x1b[2J.json: $.x: unknown field" in done.err
        assert "\x1b" not in done.out + done.err


def test_native_modules_load_with_interrupts_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The native JSON module loads whole before the command runs, signals held."""
    calls: list[tuple[int, frozenset[int]]] = []
    real = signal.pthread_sigmask

    def spy(how: int, signals: Iterator[int] | set[int]) -> set[int]:
        calls.append((how, frozenset(signals)))
        return real(how, signals)

    monkeypatch.setattr(signal, "pthread_sigmask", spy)
    before = real(signal.SIG_BLOCK, set())
    entry._load_native_modules()
    assert calls[0] == (signal.SIG_BLOCK, frozenset({signal.SIGINT, signal.SIGTERM}))
    assert calls[-1][0] == signal.SIG_SETMASK
    assert real(signal.SIG_BLOCK, set()) == before
    assert "orjson" in sys.modules


class TestSuggestions:
    """A mistyped option or command gets the closest one suggested, translated."""

    @pytest.mark.parametrize(
        ("args", "said"),
        [
            (
                ("route", "x", "--open", "1d ago"),
                "escalation-matrix route: error: unrecognized arguments: "
                "--open 1d ago; did you mean --opened?",
            ),
            (
                ("show", "--fromat", "csv"),
                "escalation-matrix show: error: unrecognized arguments: "
                "--fromat; did you mean --format?",
            ),
            (
                ("rout", "x"),
                "escalation-matrix: error: argument COMMAND: invalid choice: "
                "'rout' (choose from 'show', 'route', 'plan', 'validate', "
                "'convert', 'schema', 'import', 'export', 'catalog'); did you "
                "mean 'route'?",
            ),
        ],
    )
    def test_closest_is_suggested(self, args: tuple[str, ...], said: str) -> None:
        """The command's own usage comes first, then the error with the guess."""
        done = run(*args)
        assert done.status == ExitStatus.USAGE
        assert done.err.splitlines()[-1] == said
        # The usage of the command typed, or of the program for a command
        # it does not know.
        usage = "usage: escalation-matrix " + ("" if args[0] == "rout" else args[0])
        assert done.err.startswith(usage)

    def test_nothing_close_is_not_guessed(self) -> None:
        """An option like no known one is only reported."""
        done = run("show", "--zzzzzz")
        assert done.err.splitlines()[-1] == (
            "escalation-matrix show: error: unrecognized arguments: --zzzzzz"
        )

    def test_in_italian(self) -> None:
        """The suggestion is said in the reader's language."""
        done = run(
            "--locale", "it", "route", "performance_hiccups", "--opned", "1d ago"
        )
        assert done.err.splitlines()[-1].endswith("; forse intendevi --opened?")
