"""Run the project's checks: ``python -m tests`` (everything) or ``--quick``.

The full run is the gate CI applies: lint, formatting, types, the layer
contracts, the test suite in parallel with its branch-coverage gate, the
long fuzzing profile (every reader fed 20,000 hostile examples, in a run
of its own without coverage tracing), the documentation build, and the
test suite once more against the lowest versions of the runtime dependencies that ``pyproject.toml`` allows (in a
virtual environment of its own, ``.venv-lowest``, made on first use).

``--quick`` is the loop to run while working: lint, formatting, types, the
layer contracts and the test suite in parallel, without coverage, with a
short Hypothesis profile. Every check runs even if an earlier one fails; the
exit status is non-zero if any failed. Other arguments are passed to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOWEST = ROOT / ".venv-lowest"
# Test processes: one per core, as pytest-xdist's "auto" would choose.
WORKERS = str(os.cpu_count() or 1)
DOCS = [
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
]


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


def _lowest_python() -> str:
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
    return str(python)


def _pytest(python: str, profile: str, *extra: str) -> list[str]:
    return [
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--numprocesses",
        WORKERS,
        f"--hypothesis-profile={profile}",
        *extra,
    ]


def _static_checks() -> list[tuple[str, list[str] | None]]:
    return [
        ("ruff check", [PYTHON, "-m", "ruff", "check", "."]),
        ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [PYTHON, "-m", "mypy"]),
        # import-linter's command, installed beside this Python.
        (
            "layer contracts",
            [str(Path(PYTHON).with_name("lint-imports")), "--no-cache"],
        ),
    ]


def checks(argv: list[str]) -> list[tuple[str, list[str] | None]]:
    """Return the checks to run for *argv*, each a name and its command.

    A command of None is made when its check runs (it needs an environment
    made first).
    """
    if "--quick" in argv:
        pytest_args = [arg for arg in argv if arg != "--quick"]
        return [
            *_static_checks(),
            ("pytest", _pytest(PYTHON, "quick", *pytest_args)),
        ]
    coverage = ["--cov", "--cov-branch", "--cov-report=term-missing:skip-covered"]
    return [
        *_static_checks(),
        ("pytest with coverage", _pytest(PYTHON, "default", *coverage, *argv)),
        ("fuzzing", _pytest(PYTHON, "fuzz", "tests/test_fuzz.py")),
        ("docs", [PYTHON, *DOCS]),
        ("pytest with the lowest dependency versions", None),
    ]


def main(argv: list[str]) -> int:
    """Run the checks and report which failed."""
    failed = []
    started_all = time.perf_counter()
    for name, planned in checks(argv):
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        command = planned
        if command is None:
            print(f"versions: {' '.join(lowest_pins())}", flush=True)
            command = _pytest(_lowest_python(), "default", *argv)
        result = subprocess.run(command, cwd=ROOT, check=False)
        print(
            f"--- {name}: exit {result.returncode} in {time.perf_counter() - started:.1f}s"
        )
        if result.returncode:
            failed.append(name)
    total = time.perf_counter() - started_all
    if failed:
        print(f"\nFAILED: {', '.join(failed)} ({total:.0f}s)", file=sys.stderr)
        return 1
    print(f"\nAll checks passed in {total:.0f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
