"""The scale-out recipe of docs/howto/scale-out.md, on a local Dask cluster and a process pool.

Both route a partitioned ticket export in several processes and must
write exactly the decisions ``route_many`` makes in one.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

import escalation_matrix as em

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
PARTITIONS, PER_PARTITION = 3, 120


EXAMPLES = ROOT / "docs" / "examples"


def recipe() -> ModuleType:
    """The how-to's code, docs/examples/scale_out.py, imported as users would.

    Its folder goes on the path, where the workers' processes (which start
    with the path of the process that starts them) find it too.
    """
    if str(EXAMPLES) not in sys.path:
        sys.path.append(str(EXAMPLES))
    return importlib.import_module("scale_out")


def tickets() -> Iterator[dict[str, object]]:
    """Tickets of every issue type and severity, opened over four days, two zones."""
    matrix = em.default_matrix()
    kinds = [issue_type.key for issue_type in matrix.issue_types]
    severities = [None, *(severity.key for severity in matrix.policy.severities)]
    for number in range(PARTITIONS * PER_PARTITION):
        offset = "+01:00" if number % 2 else "+00:00"
        opened = NOW - timedelta(minutes=37 * number)
        ticket: dict[str, object] = {
            "id": f"T-{number}",
            "issue_type": kinds[number % len(kinds)],
            "opened_at": opened.strftime("%Y-%m-%dT%H:%M:%S") + offset,
        }
        severity = severities[number % len(severities)]
        if severity is not None:
            ticket["severity"] = severity
        yield ticket


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The ticket export, in one JSON-lines file per partition."""
    folder = tmp_path_factory.mktemp("tickets")
    all_tickets = list(tickets())
    paths = []
    for index in range(PARTITIONS):
        part = all_tickets[index * PER_PARTITION : (index + 1) * PER_PARTITION]
        path = folder / f"part-{index}.jsonl"
        path.write_text("".join(json.dumps(ticket) + "\n" for ticket in part), "utf-8")
        paths.append(path)
    return paths


def expected(paths: list[Path]) -> list[em.Decision]:
    """What route_many decides in one process for the whole export."""
    issues = [
        em.from_dict(json.loads(line), em.Issue)
        for path in paths
        for line in path.read_text("utf-8").splitlines()
    ]
    return em.route_many(em.default_matrix(), issues, now=NOW)


def decisions_in(paths: list[Path]) -> list[em.Decision]:
    """The decisions written in *paths*, in order, read back."""
    return [
        em.from_dict(json.loads(line), em.Decision)
        for path in paths
        for line in path.read_text("utf-8").splitlines()
    ]


def test_dask_cluster_routes_as_one_process(export: list[Path], tmp_path: Path) -> None:
    """On a local Dask cluster of two worker processes, the decisions are route_many's."""
    import dask  # noqa: PLC0415 -- the [dask] extra, loaded by this test only
    import distributed  # noqa: PLC0415

    out = tmp_path / "decisions"
    with (
        # A task that fails fails the test at once, instead of being retried.
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be taken
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        # The workers import the recipe's module as the test does: shipped
        # to them, as the how-to says.
        client.upload_file(str(EXAMPLES / "scale_out.py"))
        recipe().route_with_dask(
            str(export[0].parent / "*.jsonl"),
            str(out / "*.jsonl"),
            em.default_matrix(),
            NOW,
        )
        # The work was spread: both workers took part.
        assert len(client.scheduler_info()["workers"]) == 2
    written = sorted(out.glob("*.jsonl"), key=lambda path: int(path.stem))
    assert len(written) == PARTITIONS
    assert decisions_in(written) == expected(export)


def test_process_pool_routes_as_one_process(export: list[Path], tmp_path: Path) -> None:
    """With a pool of two processes on one machine, the decisions are route_many's."""
    written = recipe().route_with_processes(
        export, tmp_path / "decisions", em.default_matrix(), NOW, workers=2
    )
    assert [path.name for path in written] == [f"{path.stem}.jsonl" for path in export]
    assert decisions_in(written) == expected(export)


def test_lines_stream() -> None:
    """A partition's decisions are made as its lines are read, blank lines skipped."""
    ticket = (
        '{"issue_type": "performance_hiccups", "opened_at": "2026-11-30T09:00:00Z"}'
    )
    made = recipe().decision_lines(iter([ticket, ""]), em.default_matrix(), NOW)
    first = json.loads(next(made))
    assert first["issue"]["issue_type"] == "performance_hiccups"
    assert list(made) == []
