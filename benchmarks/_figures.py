"""The figures a benchmark reports: printed, and kept for the table in README.md.

Each benchmark ends by calling :func:`report` with its figures. They are
printed; when the environment variable ``BENCH_FIGURES`` names a file, they
are also appended to it as JSON lines, which ``benchmarks/table.py`` turns
into the table of ``benchmarks/README.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Figure(NamedTuple):
    """One measured figure, with its goal."""

    name: str
    goal: str
    value: str
    met: bool | None = None


def report(figures: Iterable[Figure]) -> None:
    """Print *figures*, and append them to ``$BENCH_FIGURES`` if it is set."""
    figures = list(figures)
    print()
    for figure in figures:
        verdict = {True: "met", False: "missed", None: ""}[figure.met]
        print(f"{figure.name}: {figure.value} (goal {figure.goal}) {verdict}".rstrip())
    path = os.environ.get("BENCH_FIGURES")
    if path:
        with Path(path).open("a", encoding="utf-8") as file:
            for figure in figures:
                file.write(json.dumps(figure._asdict()) + "\n")
