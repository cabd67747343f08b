"""The command line as installed, run in its own process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import escalation_matrix as em
from tests.tables import english_rows, seed_rows, table_rows

SCRIPT = Path(sys.executable).with_name("escalation-matrix")


def environment(**changes: str) -> dict[str, str]:
    """The test's environment with no locale set, and *changes*."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS"}
    }
    env.update({"TZ": "UTC", **changes})
    return env


def run(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with *args*."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment() if env is None else env,
        check=False,
    )


def test_console_script_is_installed() -> None:
    """Installing the package installs the escalation-matrix command."""
    assert SCRIPT.is_file()
    assert os.access(SCRIPT, os.X_OK)


@pytest.mark.parametrize(
    ("locale", "expected"), [("it", seed_rows()), ("en", english_rows())]
)
def test_show_markdown(locale: str, expected: list[list[str]]) -> None:
    """The installed command prints the seed's table, and its English version."""
    result = run("show", "--locale", locale, "--format", "md")
    assert (result.returncode, result.stderr) == (0, "")
    assert expected == table_rows("md", result.stdout)


def test_readme_main_job() -> None:
    """The README's command answers who handles an issue opened a day ago."""
    result = run("route", "performance_hiccups", "--opened", "1d ago")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Account Manager (L3) handles it: Communicate with customers about operational"
    )
    assert lines[-1] == "Times are in the time zone UTC."


def test_python_dash_m() -> None:
    """Run as `python -m escalation_matrix`, it is the same command, so named."""
    result = subprocess.run(
        [sys.executable, "-m", "escalation_matrix", "show", "--help"],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m escalation_matrix show [-h]")


def test_lang_switches_to_italian() -> None:
    """LANG=it_IT.UTF-8 makes the command speak Italian, errors included."""
    env = environment(LANG="it_IT.UTF-8")
    shown = run("show", "--format", "csv", env=env)
    assert shown.stdout.startswith("Tipi di escalation,Livello 1 - Escalation,")
    routed = run("route", "performance_hiccups", "--opened", "1d ago", env=env)
    assert routed.stdout.startswith(
        "La segnalazione è in carico al ruolo Account Manager (L3). "
    )
    assert "\nPerché:\n- Segnalazione aperta il giorno " in routed.stdout
    wrong = run("route", "nope", env=env)
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines()[-1].startswith(
        "escalation-matrix route: errore: tipo di segnalazione «nope» sconosciuto; "
    )


def test_broken_pipe_is_quiet() -> None:
    """Writing to a pipe nobody reads ends with status 141 and no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes
    try:
        result = subprocess.run(
            [str(SCRIPT), "show", "--format", "html"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


def test_reader_leaving_midway(tmp_path: Path) -> None:
    """A reader that stops after a few bytes of a long output: 141, quietly."""
    base = em.default_matrix()
    texts = dict(base.issue_types[0].responsibilities)
    big = attrs.evolve(
        base,
        issue_types=[em.IssueType(f"t{n}", f"Type {n}", texts) for n in range(2000)],
    )
    em.dump(big, tmp_path / "big.json")
    with subprocess.Popen(
        [str(SCRIPT), "show", str(tmp_path / "big.json"), "--format", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        # The output is far bigger than a pipe holds: the command is still
        # writing when the reader goes away.
        assert process.stdout.read(15) == b"<!doctype html>"
        process.stdout.close()
        errors = process.stderr.read()
    assert (process.returncode, errors) == (141, b"")


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_piped_to_head() -> None:
    """`escalation-matrix show | head -1` prints one line and no error."""
    command = f"'{SCRIPT}' show --width 200 | head -1"
    result = subprocess.run(
        ["sh", "-c", command],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Example issue escalation matrix template\n"


@pytest.mark.parametrize("tz", ["/etc/passwd", "/dev/null", ":/etc/passwd", "/"])
def test_a_tz_that_is_no_time_zone(tz: str) -> None:
    """A TZ naming a file that is no time zone makes no command fail.

    Babel reads TZ as it loads, and fails on such a file with Python's own
    error: it is loaded as without TZ, and times shown without --timezone
    are in the offset the system gives, named after it.
    """
    env = environment(TZ=tz)
    example = str(Path(__file__).parent.parent / "docs" / "examples" / "support.toml")
    assert run("validate", example, env=env).returncode == 0
    opened, now = "--opened", "2026-12-05T10:00Z"
    asked = run("route", "performance_hiccups", opened, now, "--now", now, env=env)
    assert (asked.returncode, asked.stderr) == (0, "")
    assert asked.stdout.endswith("Times are in the time zone UTC.\n")
    rome = run("route", "performance_hiccups", "--timezone", "Europe/Rome", env=env)
    assert (rome.returncode, rome.stderr) == (0, "")
    assert rome.stdout.endswith("Times are in the time zone Europe/Rome.\n")
    code = (
        "import escalation_matrix as em, os\n"
        "print(em.render(em.default_matrix(), locale='it', format='csv')[:4])\n"
        "print(os.environ['TZ'])\n"
    )
    library = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (library.returncode, library.stderr) == (0, "")
    assert library.stdout.splitlines()[1] == tz  # left as the user set it


@pytest.mark.parametrize(
    ("tz", "name"), [("UTC+5", "UTC-05:00"), ("GMT-2", "UTC+02:00")]
)
def test_a_posix_tz_is_named_by_its_offset(tz: str, name: str) -> None:
    """TZ=UTC+5 is five hours behind UTC: named by its offset, not "UTC"."""
    now = "2026-01-01T12:00Z"
    env = environment(TZ=tz)
    asked = run(
        "route", "operational_challenges", "--opened", now, "--now", now, env=env
    )
    assert (asked.returncode, asked.stderr) == (0, "")
    assert asked.stdout.endswith(f"Times are in the time zone {name}.\n")
