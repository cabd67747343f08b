"""Every code example in the README, the docs and the docstrings runs."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers import myst
from sybil.parsers.rest import DocTestParser

ROOT = Path(__file__).resolve().parent.parent
# Pages show output exactly as printed, line breaks included; docstrings
# may wrap a long message to fit the line length of the source.
PAGE_FLAGS = doctest.ELLIPSIS
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

MARKDOWN = Sybil(
    parsers=[
        myst.PythonCodeBlockParser(doctest_optionflags=PAGE_FLAGS),
        myst.SkipParser(),
    ]
)
DOCSTRINGS = Sybil(parsers=[DocTestParser(optionflags=FLAGS)])

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
MODULES = sorted((ROOT / "src" / "escalation_matrix").rglob("*.py"))


def _run(sybil: Sybil, path: Path) -> int:
    document = sybil.parse(path)
    count = 0
    for example in document:
        example.evaluate()
        count += 1
    return count


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples(path: Path) -> None:
    """The Python examples of a README or docs page run and print what they show."""
    _run(MARKDOWN, path)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docstring_examples(path: Path) -> None:
    """The doctests in a module's docstrings pass."""
    _run(DOCSTRINGS, path)


def test_examples_are_found() -> None:
    """The parsers really find the examples (a broken parser would find none)."""
    assert _run(MARKDOWN, ROOT / "README.md") >= 1
    durations = ROOT / "src" / "escalation_matrix" / "_base" / "durations.py"
    assert _run(DOCSTRINGS, durations) == 7
