"""Run every check of the project: ``python -m tests``.

Lint, formatting, types, the test suite with its coverage gate, and the
documentation build. Every check runs even if an earlier one fails; the exit
status is non-zero if any failed. Extra arguments are passed to pytest.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _checks(pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    return [
        ("ruff check", [PYTHON, "-m", "ruff", "check", "."]),
        ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [PYTHON, "-m", "mypy"]),
        ("pytest", [PYTHON, "-m", "coverage", "run", "-m", "pytest", *pytest_args]),
        ("coverage", [PYTHON, "-m", "coverage", "report"]),
        (
            "docs",
            [
                PYTHON,
                "-m",
                "sphinx",
                "--fail-on-warning",
                "--keep-going",
                "--fresh-env",
                "--write-all",
                "--nitpicky",
                "--quiet",
                "--builder",
                "html",
                "docs",
                "docs/_build/html",
            ],
        ),
    ]


def main(argv: list[str]) -> int:
    """Run the checks and report which failed."""
    failed = []
    for name, command in _checks(argv):
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        if name == "coverage" and "pytest" in failed:
            print("skipped: the test run failed", flush=True)
            continue
        result = subprocess.run(command, cwd=ROOT, check=False)
        print(
            f"--- {name}: exit {result.returncode} in {time.perf_counter() - started:.1f}s"
        )
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
