"""The shell transcripts of the README and the docs print what they show."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalation_matrix._cli.parser import SUBCOMMANDS
from tests.transcripts import ROOT, blocks, examples, run, transcripts

PAGES = sorted({page for page, _ in transcripts()})


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_transcripts(page: Path) -> None:
    """Each command of the page prints what the page shows (python -m tests.transcripts)."""
    found = blocks(page.read_text("utf-8"))
    expected = [step for _, _, steps in found for step in steps]
    with examples():
        actual = [step._replace(output=run(step.command)) for step in expected]
    assert expected == actual


def test_reference_shows_every_help() -> None:
    """The CLI reference holds the --help of the command and of each subcommand."""
    page = ROOT / "docs" / "reference" / "cli.md"
    commands = {
        step.command
        for _, _, steps in blocks(page.read_text("utf-8"))
        for step in steps
    }
    expected = {
        "escalation-matrix --help",
        *(f"escalation-matrix {command.name} --help" for command in SUBCOMMANDS),
    }
    assert expected <= commands


def test_transcripts_are_found() -> None:
    """The README and the CLI reference have transcripts (the parser finds them)."""
    assert {ROOT / "README.md", ROOT / "docs" / "reference" / "cli.md"} <= set(PAGES)
