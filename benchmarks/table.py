"""Run every benchmark and write the table of figures into benchmarks/README.md.

``python benchmarks/table.py`` runs each script (pyperf ones with
``--fast``, unless ``--rigorous`` is given), collects the figures each
reports through ``_figures.report``, and replaces the table between the
``<!-- figures -->`` markers of README.md with them, under a line saying
with which Python and on how many cores they were taken; each row says
when its script ran and how loaded the machine was. ``--only
bench_startup.py`` runs some scripts only (their rows are replaced, the
others kept with their times); ``--dry-run`` prints the table instead of
writing it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- figures -->", "<!-- /figures -->"

#: The scripts, in the table's order, and whether they are pyperf runners.
SCRIPTS: dict[str, bool] = {
    "bench_foundation.py": True,
    "bench_startup.py": False,
    "bench_routing.py": True,
    "bench_streaming.py": False,
    "bench_format.py": True,
    "bench_i18n.py": True,
}


def run(script: str, *, pyperf: bool, rigorous: bool) -> list[dict[str, object]]:
    """Run *script*; return the figures it reported."""
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder, "figures.jsonl")
        options = (["--rigorous"] if rigorous else ["--fast"]) if pyperf else []
        environment = {**os.environ, "BENCH_FIGURES": str(figures)}
        print(f"+ {script} {' '.join(options)}", flush=True)
        done = subprocess.run(  # noqa: S603
            [sys.executable, str(HERE / script), *options],
            check=False,
            env=environment,
            cwd=HERE,
            stdout=subprocess.PIPE,
            text=True,
        )
        print(done.stdout, end="", flush=True)
        if done.returncode:
            return [
                {
                    "name": f"(`{script}` failed with status {done.returncode})",
                    "goal": "",
                    "value": "",
                    "met": None,
                    "script": script,
                }
            ]
        if not figures.exists():
            # Not reported through _figures: its printed lines with a goal.
            return [
                {"name": line.strip(), "goal": "", "value": "", "met": None}
                | {"script": script}
                for line in done.stdout.splitlines()
                if "goal" in line
            ]
        rows = [json.loads(line) for line in figures.read_text("utf-8").splitlines()]
    return [{**row, "script": script} for row in rows]


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _said(start: float, end: float, when: dt.datetime) -> str:
    """Say when a script ran, and how loaded the machine was over its run."""
    cores = os.cpu_count() or 1
    busy = "loaded" if max(start, end) > cores / 2 else "quiet"
    load = f"load {start:.1f} to {end:.1f} on {cores} cores"
    return f"{when:%Y-%m-%d %H:%M} UTC, {busy}: {load}"


def table(rows: list[dict[str, object]], loads: dict[str, str]) -> str:
    """Return the Markdown table of *rows*."""
    lines = [
        (
            f"Measured with Python {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} cores. When each script "
            "last ran, and the machine's load over its run, are in the last "
            "column (one-minute load averages, at its start and its end): "
            "timings taken on a loaded machine are pessimistic; memory figures "
            "are not affected."
        ),
        "",
        "| figure | goal | value | met | script (load) |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]  # type: ignore[index]
        script = str(row["script"])
        lines.append(
            f"| {row['name']} | {row['goal']} | {row['value']} | {met} "
            f"| `{script}` ({loads.get(script, 'kept from an earlier run')}) |"
        )
    return "\n".join(lines)


def _kept(text: str, scripts: set[str]) -> list[dict[str, object]]:
    """The rows of the README's table for scripts not run this time."""
    rows = []
    inside = text.split(START, 1)[1].split(END, 1)[0]
    for line in inside.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[4].startswith("`bench_"):  # noqa: PLR2004
            continue
        script = cells[4].split("`")[1]
        if script not in scripts:
            met = {"yes": True, "**no**": False}.get(cells[3])
            rows.append(
                {
                    "name": cells[0],
                    "goal": cells[1],
                    "value": cells[2],
                    "met": met,
                    "script": script,
                    "load": cells[4].split("(", 1)[1][:-1],
                }
            )
    return rows


def main() -> None:
    """Run the benchmarks and write the table."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rigorous", action="store_true")
    options.add_argument("--only", action="append", choices=list(SCRIPTS))
    options.add_argument("--dry-run", action="store_true")
    args = options.parse_args()
    chosen = args.only or list(SCRIPTS)
    text = README.read_text("utf-8")
    kept = _kept(text, set(chosen))
    rows: list[dict[str, object]] = []
    loads = {str(row["script"]): str(row.pop("load")) for row in kept}
    for script, pyperf in SCRIPTS.items():
        if script in chosen:
            when, start = dt.datetime.now(dt.UTC), _load()
            rows += run(script, pyperf=pyperf, rigorous=args.rigorous)
            loads[script] = _said(start, _load(), when)
        else:
            rows += [row for row in kept if row["script"] == script]
    new = table(rows, loads)
    if args.dry_run:
        print(new)
        return
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(f"{before}{START}\n{new}\n{END}{after}", "utf-8")
    print(f"wrote the table of {len(rows)} figures into {README}")


if __name__ == "__main__":
    main()
