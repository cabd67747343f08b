"""Shell transcripts in the docs: commands with the output they print.

A ```` ```text ```` block of the README or the docs whose first line is
``$ escalation-matrix ...`` is a transcript: each ``$`` line is a command,
and the lines up to the next one are what it prints (standard output, then
standard error). The tests run each command in-process, in a fixed
environment (English, UTC, an 80-column terminal, the clock stopped at
:data:`CLOCK`, in a copy of ``docs/examples``), and compare.

After changing the command, regenerate every transcript with::

    python -m tests.transcripts
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from escalation_matrix._cli import commands as _cli_commands
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
#: The moment the transcripts' clock shows.
CLOCK = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
PROGRAM = "escalation-matrix"
# A text block; it is a transcript when its first line is a command.
_BLOCK = re.compile(r"^```text\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_ENVIRONMENT = {"TZ": "UTC", "COLUMNS": "80"}
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class Step(NamedTuple):
    """One command of a transcript and what the page says it prints."""

    command: str
    output: str


def blocks(text: str) -> list[tuple[int, int, list[Step]]]:
    """Return each transcript of *text*: where its body is, and its steps."""
    found = []
    for match in _BLOCK.finditer(text):
        body = match["body"]
        if not body.startswith("$ "):
            continue
        steps: list[Step] = []
        for line in body.splitlines(keepends=True):
            if line.startswith("$ "):
                steps.append(Step(line[2:].rstrip("\n"), ""))
            else:
                steps[-1] = steps[-1]._replace(output=steps[-1].output + line)
        found.append((match.start("body"), match.end("body"), steps))
    return found


def transcripts() -> Iterator[tuple[Path, list[Step]]]:
    """Yield every transcript of the README and the docs, with its page."""
    for page in PAGES:
        for _, _, steps in blocks(page.read_text("utf-8")):
            yield page, steps


@contextlib.contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    saved_clock = _cli_commands.now
    for name in _LOCALE_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(_ENVIRONMENT)
    os.environ.update(changes)
    _cli_commands.now = lambda: CLOCK
    clear_cache()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        _cli_commands.now = saved_clock
        clear_cache()


def run(command: str) -> str:
    """Run *command* of a transcript; return what it printed."""
    words = shlex.split(command)
    changes = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        changes[name] = value
    if words[0] != PROGRAM:
        message = f"a transcript runs {PROGRAM}, not {words[0]!r}: {command}"
        raise ValueError(message)
    out, err = io.StringIO(), io.StringIO()
    with (
        _environment(changes),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        main(words[1:])
    # As a terminal shows it: a CSV's CRLF line ends are plain line ends.
    return (out.getvalue() + err.getvalue()).replace("\r\n", "\n")


@contextlib.contextmanager
def examples() -> Iterator[Path]:
    """Work in a fresh copy of docs/examples, where the transcripts run."""
    with tempfile.TemporaryDirectory() as scratch:
        where = Path(scratch) / "examples"
        shutil.copytree(EXAMPLES, where)
        with contextlib.chdir(where):
            yield where


def update() -> list[Path]:
    """Rewrite every transcript with what its commands print now."""
    changed = []
    for page in PAGES:
        text = page.read_text("utf-8")
        found = blocks(text)
        if not found:
            continue
        pieces, last = [], 0
        with examples():
            for start, end, steps in found:
                body = "".join(
                    f"$ {step.command}\n{run(step.command)}" for step in steps
                )
                pieces += [text[last:start], body]
                last = end
        new = "".join([*pieces, text[last:]])
        if new != text:
            page.write_text(new, "utf-8")
            changed.append(page)
    return changed


if __name__ == "__main__":
    for path in update():
        print(f"updated {path.relative_to(ROOT)}")
    sys.exit(0)
