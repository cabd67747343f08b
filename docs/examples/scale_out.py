"""Route a partitioned ticket export on a Dask cluster, or on one machine's cores.

The recipe of docs/howto/scale-out.md, tested by tests/test_scale_out.py.
Each partition (a JSON-lines file of tickets) is routed where it is read,
as a stream, and its decisions are written as JSON lines beside the
others; every partition is routed at the same moment, so the decisions
are those ``route_many`` makes in one process.
"""

# ruff: noqa: INP001 -- an example file, not a package
from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import escalation_matrix as em


def decision_lines(
    lines: Iterable[str], matrix: em.Matrix, now: datetime
) -> Iterator[str]:
    """Route the tickets in JSON *lines*; yield each decision as a JSON line."""
    issues = (
        em.from_dict(json.loads(line), em.Issue) for line in lines if line.strip()
    )
    for decision in em.iter_route(matrix, issues, now=now):
        yield json.dumps(em.to_dict(decision), ensure_ascii=False)


# --- Dask: a cluster of any size -------------------------------------------


def route_with_dask(
    tickets: str, decisions: str, matrix: em.Matrix, now: datetime
) -> None:
    """Route the ticket files *tickets* (a glob) on the current Dask cluster.

    One partition per file; the decisions of partition N go to
    ``decisions/N.part``, in the order of the tickets.
    """
    import dask.bag as db  # noqa: PLC0415 -- the process pool needs no Dask

    def route_partition(lines: list[str]) -> list[str]:
        return list(decision_lines(lines, matrix, now))

    bag = db.read_text(tickets, files_per_partition=1)
    bag.map_partitions(route_partition).to_textfiles(decisions, last_endline=True)


# --- One machine: the standard library's process pool ----------------------


def route_file(source: Path, target: Path, matrix: em.Matrix, now: datetime) -> Path:
    """Route one ticket file into one decisions file, a line at a time."""
    with (
        source.open(encoding="utf-8") as lines,
        target.open("w", encoding="utf-8") as out,
    ):
        for line in decision_lines(lines, matrix, now):
            out.write(line + "\n")
    return target


def route_with_processes(
    tickets: Iterable[Path],
    decisions: Path,
    matrix: em.Matrix,
    now: datetime,
    *,
    workers: int | None = None,
) -> list[Path]:
    """Route each ticket file in a process of its own; return the decisions files."""
    decisions.mkdir(parents=True, exist_ok=True)
    # Fresh processes ("spawn"), not forks: forking a process that runs
    # threads (a web server's, a Dask client's) can leave a lock held forever.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = [
            pool.submit(
                route_file, source, decisions / f"{source.stem}.jsonl", matrix, now
            )
            for source in tickets
        ]
        return [job.result() for job in jobs]
