"""Streaming memory: routing 1,000,000 issues read from a JSON-lines file.

Goal: the peak resident memory of a process that reads 1,000,000 issues
from a JSON-lines file, routes them and writes the decisions out is at most
100 MB above that of the bare interpreter.

Both sides are fresh processes, and each reports its own peak
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``):

- the baseline is ``python -c pass`` (and, for information, a process that
  imports the library and its dependencies and builds the matrix);
- the library side reads the file line by line, builds each :class:`Issue`
  from its fields, routes them with :func:`escalation_matrix.iter_route` and
  writes one JSON line per decision;
- the command side runs ``escalation-matrix route --batch tickets.jsonl -o
  decisions.jsonl``, which validates each line as the file format does.

The issues spread over every issue type, severity and two time zones.
Not a pyperf runner: memory is one number per process, not a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _figures import Figure, report

COUNT = 1_000_000
NOW = "2026-11-29T09:00:00+00:00"

_PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"

_LIBRARY = (
    """
import json, sys
from datetime import datetime
import escalation_matrix as em

matrix = em.default_matrix()
now = datetime.fromisoformat(sys.argv[3])

def issues(path):
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            yield em.Issue(
                data["issue_type"],
                datetime.fromisoformat(data["opened_at"]),
                severity=data.get("severity"),
                id=data.get("id"),
            )

with open(sys.argv[2], "w", encoding="utf-8") as out:
    for decision in em.iter_route(matrix, issues(sys.argv[1]), now=now):
        out.write(json.dumps({"id": decision.issue.id, "level": decision.level.key,
                              "since": decision.since.isoformat()}) + "\\n")
"""
    + _PEAK
)


def write_tickets(path: Path) -> None:
    """Write COUNT tickets, spread over types, severities and two zones."""
    import escalation_matrix as em  # noqa: PLC0415 -- only in the parent

    matrix = em.default_matrix()
    types = matrix.issue_type_keys
    severities = [severity.key for severity in matrix.policy.severities]
    zones = ("+00:00", "+09:00")
    with path.open("w", encoding="utf-8") as out:
        for n in range(COUNT):
            minutes = n % 2880
            ticket = {
                "id": f"T-{n}",
                "issue_type": types[n % len(types)],
                "opened_at": f"2026-11-27T{minutes // 60 % 24:02d}:{minutes % 60:02d}"
                f":00{zones[n % 2]}",
                "severity": severities[n // 7 % len(severities)],
            }
            out.write(json.dumps(ticket) + "\n")


def peak(command: list[str]) -> tuple[int, float]:
    """Run *command*; return its peak RSS in KiB (its last line) and seconds."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return int(done.stdout.split()[-1]), time.perf_counter() - start


def main() -> None:
    """Measure and print the peaks."""
    with tempfile.TemporaryDirectory() as folder:
        tickets, decisions = Path(folder, "t.jsonl"), Path(folder, "d.jsonl")
        write_tickets(tickets)
        bare, _ = peak([sys.executable, "-c", _PEAK])
        loaded, _ = peak(
            [
                sys.executable,
                "-c",
                "import escalation_matrix as em; em.default_matrix(); "
                "em.route_many(em.default_matrix(), []);" + _PEAK,
            ]
        )
        library, library_s = peak(
            [sys.executable, "-c", _LIBRARY, str(tickets), str(decisions), NOW]
        )
        lines = sum(1 for _ in decisions.open(encoding="utf-8"))
        assert lines == COUNT, lines
        cli = [
            sys.executable,
            "-c",
            "import sys; from escalation_matrix._cli.entry import main; "
            "status = main(sys.argv[1:]); " + _PEAK + "; sys.exit(status)",
            "route",
            "--batch",
            str(tickets),
            "--now",
            NOW,
            "-o",
            str(decisions),
        ]
        command, command_s = peak(cli)
        lines = sum(1 for _ in decisions.open(encoding="utf-8"))
        assert lines == COUNT, lines
    mib = 1024
    print(f"python -c pass:                       {bare / mib:7.1f} MiB")
    print(f"library imported, matrix compiled:    {loaded / mib:7.1f} MiB")
    print(
        f"iter_route, {COUNT:,} issues:       {library / mib:7.1f} MiB "
        f"(+{(library - bare) / mib:.1f} over the interpreter; goal <= +100 MB) "
        f"in {library_s:.1f} s"
    )
    print(
        f"route --batch, {COUNT:,} tickets:   {command / mib:7.1f} MiB "
        f"(+{(command - bare) / mib:.1f} over the interpreter; goal <= +100 MB) "
        f"in {command_s:.1f} s"
    )
    print(f"({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    limit = 100 * 10**6 / 1024  # 100 MB, in KiB
    report(
        [
            Figure(
                f"peak RSS, `iter_route` over {COUNT:,} issues from JSON lines, "
                f"written out, over `python -c pass` ({bare / mib:.1f} MiB)",
                "<= +100 MB",
                f"+{(library - bare) / mib:.1f} MiB ({library / mib:.1f} MiB), "
                f"{library_s:.1f} s",
                met=library - bare <= limit,
            ),
            Figure(
                f"peak RSS, `route --batch` of {COUNT:,} tickets to a file",
                "<= +100 MB",
                f"+{(command - bare) / mib:.1f} MiB ({command / mib:.1f} MiB), "
                f"{command_s:.1f} s",
                met=command - bare <= limit,
            ),
        ]
    )


if __name__ == "__main__":
    main()
