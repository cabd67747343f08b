"""Every interop test payload converts to what it says, with exactly its losses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from escalation_matrix.interop import (
    Imported,
    from_grafana_oncall,
    from_opsgenie,
    from_pagerduty,
    from_priority_matrix,
)
from tests.interop_tables import EXPECTED, losses, result

DATA = Path(__file__).parent / "data" / "interop"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "interop-fixtures"

READERS: dict[str, Callable[..., Imported]] = {
    "pagerduty": from_pagerduty,
    "opsgenie": from_opsgenie,
    "grafana-oncall": from_grafana_oncall,
    "priority-matrix": from_priority_matrix,
}


def payload(name: str) -> Any:
    """The payload of the file *name*, from the tests' data or the shared folder."""
    for folder in (DATA, SHARED):
        path = folder / name
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip(f"{name} is not here: ../shared/interop-fixtures is missing")


def _id(row: tuple[str, tuple[str | None, ...], Any, Any]) -> str:
    return f"{row[0]}:{'+'.join(name or '-' for name in row[1])}"


@pytest.mark.parametrize("row", EXPECTED, ids=_id)
def test_payload_converts_with_its_losses(
    row: tuple[str, tuple[str | None, ...], dict[str, Any], list[Any]],
) -> None:
    """The payload makes the matrices (or table) listed, and exactly the losses listed."""
    tool, files, made, lost = row
    arguments = [None if name is None else payload(name) for name in files]
    imported = READERS[tool](*arguments)
    assert result(imported) == made
    assert losses(imported) == lost


def test_every_shared_fixture_is_in_the_table() -> None:
    """No published payload is left out of the table of expected results."""
    if not SHARED.is_dir():
        pytest.skip("../shared/interop-fixtures is missing")
    named = {name for _, files, _, _ in EXPECTED for name in files if name}
    published = {path.name for path in SHARED.glob("*.json")}
    assert published <= named
    assert len(published) == 22


def test_copied_payloads_are_the_published_ones() -> None:
    """The payloads copied under their licence are unchanged copies."""
    if not SHARED.is_dir():
        pytest.skip("../shared/interop-fixtures is missing")
    copies = sorted(
        path for path in DATA.glob("*.json") if (SHARED / path.name).exists()
    )
    assert [path.name for path in copies] == [
        "grafana_oncall_escalation_policy_4.json",
        "pagerduty_escalation_policy_6.json",
        "pagerduty_escalation_policy_7.json",
        "pagerduty_escalation_policy_8_minimal.json",
    ]
    for path in copies:
        assert path.read_bytes() == (SHARED / path.name).read_bytes()


def test_every_test_payload_is_used() -> None:
    """Each payload written for the tests is in the table."""
    named = {name for _, files, _, _ in EXPECTED for name in files if name}
    assert {path.name for path in DATA.glob("*.json")} <= named


def test_no_level_policy_gives_no_matrix() -> None:
    """A policy without rules makes no matrix, so ``.matrix`` says there is none."""
    imported = from_pagerduty(payload("pagerduty_escalation_policy_8_minimal.json"))
    assert dict(imported.matrices) == {}
    with pytest.raises(ValueError, match="holds 0 matrices, not exactly one"):
        _ = imported.matrix
