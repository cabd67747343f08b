"""Start-up of the command line, in fresh processes, against importing its dependencies.

Goals, measured in the same run, the commands interleaved round by round so
that a change in the machine's load hits every one of them alike:

* ``escalation-matrix route performance_hiccups --opened "1d ago"`` at most
  1.5x the net cost of ``python -c "import attrs, cattrs, babel"``;
* ``escalation-matrix --help`` at most 1.0x that net cost.

For scale, a third figure without a goal: what the route command's answer
needs of its dependencies and the standard library alone, with none of the
package's code (``argparse``, ``zoneinfo``, attrs, and Babel's modules for
dates and units; not Babel's locale data files, which the command does not
read for English, its dates being written from the CLDR data the package's
build keeps), as the same net ratio. The package's own share of the route
command's start is the difference between the two.

Net means less the time of ``python -c pass``, an interpreter that imports
nothing: the ratios compare what each command loads and does, not the
interpreter's own start. Each command is run once before timing, so that
its modules' bytecode is compiled and cached (as an installed package's
is), and the environment's ``PYTHONDONTWRITEBYTECODE`` is dropped for the
same reason. Both sides are reported as the median and the minimum over the
rounds; the minimum is the steadier on a loaded machine.

Run ``python benchmarks/bench_startup.py [--rounds N]``. This one is not a
pyperf runner: pyperf times one command after another, and these figures
need them interleaved.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _figures import Figure, report

PYTHON = sys.executable
# The console script installed beside this Python, as a user runs it.
SCRIPT = shutil.which("escalation-matrix", path=str(Path(PYTHON).parent)) or ""

#: What the route command's answer needs of the dependencies, and no more.
DEPENDENCIES_OF_ROUTE = (
    "import argparse, datetime, zoneinfo, attrs, babel.dates, babel.units"
)

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "import attrs, cattrs, babel": [PYTHON, "-c", "import attrs, cattrs, babel"],
    "route's dependencies alone": [PYTHON, "-c", DEPENDENCIES_OF_ROUTE],
    "escalation-matrix --help": [SCRIPT, "--help"],
    "escalation-matrix route": [
        SCRIPT,
        "route",
        "performance_hiccups",
        "--opened",
        "1d ago",
    ],
}


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    # English, as without a locale: the same catalogs in every run.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        environment.pop(name, None)
    return environment


def _run(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)  # noqa: S603
    return time.perf_counter() - start


def measure(rounds: int) -> dict[str, list[float]]:
    """Time every command *rounds* times, interleaved; return the times."""
    environment = _environment()
    for command in COMMANDS.values():
        _run(command, environment)  # compile and cache the bytecode
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    names = list(COMMANDS)
    for index in range(rounds):
        # A different command first each round: none always follows another.
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_run(COMMANDS[name], environment))
    return times


def main() -> None:
    """Run the benchmark and report the ratios."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # A minimum over fewer rounds is often one lucky run of one side.
    options.add_argument("--rounds", type=int, default=100)
    rounds = options.parse_args().rounds
    if not SCRIPT:
        sys.exit("escalation-matrix is not installed beside this Python")
    times = measure(rounds)
    figures = []
    for statistic_name, statistic in (("median", statistics.median), ("min", min)):
        value = {name: statistic(runs) for name, runs in times.items()}
        start = value["python -c pass"]
        base = value["import attrs, cattrs, babel"] - start
        print(f"{statistic_name} of {rounds} rounds:")
        for name, seconds in value.items():
            net = (seconds - start) * 1e3
            print(f"  {name:30} {seconds * 1e3:8.2f} ms  net {net:7.2f} ms")
        for name, goal in (
            ("escalation-matrix route", 1.5),
            ("escalation-matrix --help", 1.0),
        ):
            net = value[name] - start
            figures.append(
                Figure(
                    f"`{name}` start-up, net, ratio to `import attrs, cattrs, "
                    f"babel` ({statistic_name})",
                    f"<= {goal}x",
                    f"{net / base:.2f}x ({net * 1e3:.1f} ms; baseline "
                    f"{base * 1e3:.1f} ms)",
                    met=net / base <= goal,
                )
            )
        net = value["route's dependencies alone"] - start
        figures.append(
            Figure(
                "what `route` needs of its dependencies alone (argparse, "
                "zoneinfo, attrs, Babel's dates and units), net, "
                f"ratio to `import attrs, cattrs, babel` ({statistic_name})",
                "none set",
                f"{net / base:.2f}x ({net * 1e3:.1f} ms)",
            )
        )
    report(figures)


if __name__ == "__main__":
    main()
