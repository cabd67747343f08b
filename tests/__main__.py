"""Run every check of the project: ``python -m tests``.

Lint, formatting, types, the test suite with its coverage gate, the
documentation build, and the test suite once more against the lowest
versions of the runtime dependencies that ``pyproject.toml`` allows (in a
virtual environment of its own, ``.venv-lowest``, made on first use). Every
check runs even if an earlier one fails; the exit status is non-zero if any
failed. Extra arguments are passed to pytest.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOWEST = ROOT / ".venv-lowest"


def lowest_pins() -> list[str]:
    """Pin every runtime dependency to the lower bound pyproject.toml gives."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = []
    for line in project["dependencies"]:
        requirement = Requirement(line)
        (bound,) = (
            spec.version for spec in requirement.specifier if spec.operator == ">="
        )
        pins.append(f"{requirement.name}=={bound}")
    return pins


def _lowest_python() -> list[str]:
    """Make (or reuse) the environment with the lowest versions; return its Python."""
    python = LOWEST / "bin" / "python"
    pins = lowest_pins()
    # Remade when the pins or the project's metadata (entry points,
    # extras) change; an editable install follows the sources by itself.
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    wanted = "\n".join([*pins, project])
    stamp = LOWEST / "installed.txt"
    if not stamp.is_file() or stamp.read_text("utf-8") != wanted:
        subprocess.run([PYTHON, "-m", "venv", "--clear", str(LOWEST)], check=True)
        install = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*install, "--upgrade", "pip"], check=True)
        subprocess.run([*install, "-e", f"{ROOT}[test]", *pins], check=True, cwd=ROOT)
        stamp.write_text(wanted, "utf-8")
    return [str(python)]


def _checks(pytest_args: list[str]) -> list[tuple[str, list[str] | None]]:
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
        # The command is made when the check runs: it needs the environment.
        ("pytest with the lowest dependency versions", None),
    ]


def main(argv: list[str]) -> int:
    """Run the checks and report which failed."""
    failed = []
    for name, planned in _checks(argv):
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        if name == "coverage" and "pytest" in failed:
            print("skipped: the test run failed", flush=True)
            continue
        command = planned
        if command is None:
            print(f"versions: {' '.join(lowest_pins())}", flush=True)
            command = [
                *_lowest_python(),
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *argv,
            ]
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
