"""ITIL impact x urgency priority tables, read into severities and a table.

ServiceNow's priority lookup rules (``{impact, urgency, priority}`` rows,
labels such as ``"1 - High"``) and the ITIL legend (impact and urgency
levels, priority codes, the cells) become a :class:`PriorityTable` and its
severities, as an overlay that can be put on any matrix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import attrs

from escalation_matrix._base.checks import require_type
from escalation_matrix._base.shown import shown
from escalation_matrix._interop import messages
from escalation_matrix._interop.building import slug
from escalation_matrix._interop.reading import Obj, Reading, items_of
from escalation_matrix._interop.results import Imported, finish
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.overlay import Overlay, apply_overlay
from escalation_matrix._model.policy import PriorityTable, Severity
from escalation_matrix.exceptions import Phrase

__all__ = ["from_priority_matrix"]

_LABEL: Final = re.compile(r"\s*(\d+)\s*-\s*(\S.*?)\s*\Z")
# Keys that annotate a table (where it was copied from, how to read it).
_NOTES: Final = ("scale",)


@attrs.frozen
class _Label:
    """A value of a scale: its number (None when it has none) and its text."""

    number: int | None
    text: str
    label: str


def _parse(label: str) -> _Label:
    match = _LABEL.match(label)
    if match is None:
        return _Label(None, label.strip(), label)
    return _Label(int(match[1]), match[2], label)


def from_priority_matrix(
    payload: object,
    /,
    *,
    base: Matrix | None = None,
    name: str = "priority_matrix",
    strict: bool = False,
) -> Imported:
    """Make the severities and priority table of an ITIL impact x urgency table.

    Args:
        payload: Parsed JSON: ServiceNow's lookup rules
            (``{"rules": [{"impact": "1 - High", "urgency": "2 - Medium",
            "priority": "2 - High"}, ...]}`` or the bare list), or the ITIL
            legend (``impact_levels``, ``urgency_levels``,
            ``priority_codes`` and the ``matrix`` of codes, which may be
            null).
        base: A matrix to put the table on; the result then holds it.
        name: The key of the overlay made.
        strict: Raise instead of returning a result with losses.

    Returns:
        The overlay that replaces a matrix's severities, priority table and
        default severity (``.overlay``), and, with *base*, the matrix it
        makes of *base* (``.matrices``, by the matrix's key).

    Raises:
        ValidationError: The payload is not a complete table; every problem
            is listed with its JSON path.
        OverlayConflictError: The table does not fit *base*.
        ValidationError: *base* with the table is not a valid matrix (its
            routing rules name severities the table replaces).
        LossyConversionError: *strict* and something is not kept.
    """
    if base is not None:
        require_type("base", base, Matrix, "a Matrix or None")
    reading = Reading(payload, "priority table")
    if isinstance(payload, dict) and "rules" not in payload:
        policy = _legend(_annotated(Obj(reading, "$", payload)))
    else:
        policy = _lookup(reading)
    reading.check()
    overlay = Overlay(name, policy=policy)
    matrices = {} if base is None else {base.key: apply_overlay(base, overlay)}
    result = Imported(matrices, reading.ordered_losses(), overlay)
    return finish(result, strict=strict)


def _annotated(top: Obj) -> Obj:
    """*top*, its notes (keys starting with "_", ``scale``) read as read."""
    top.ignore(*_NOTES, *(key for key in top.data if key.startswith("_")))
    return top


_Cells = dict[tuple[str, str], tuple[str, _Label]]


def _rows(reading: Reading) -> tuple[str, Sequence[tuple[str, Any]]]:
    """Where the rows are, and each row with its path."""
    if isinstance(reading.data, list):
        return "$", items_of(reading, "$", reading.data)
    top = reading.obj("$", reading.data)
    if top is None:
        return "$", []
    rows = _annotated(top).items("rules", required=True)
    top.leftover()
    return "$.rules", rows


def _read_cells(
    reading: Reading, rows: Sequence[tuple[str, Any]]
) -> tuple[_Cells, dict[str, str], bool]:
    """The cells, where each priority is first given, and whether all rows were read."""
    cells: _Cells = {}
    priorities: dict[str, str] = {}
    complete = True
    for path, value in rows:
        row = reading.obj(path, value)
        if row is None:
            complete = False
            continue
        impact, urgency, priority = (
            row.name(field, required=True)
            for field in ("impact", "urgency", "priority")
        )
        row.leftover()
        if impact is None or urgency is None or priority is None:
            complete = False
            continue
        earlier = cells.get((impact, urgency))
        if earlier is not None and earlier[1].label != priority:
            said = Phrase(
                "impact {impact} and urgency {urgency} are given twice, with "
                "priorities {first} and {second}",
                impact=repr(impact),
                urgency=repr(urgency),
                first=repr(earlier[1].label),
                second=repr(priority),
            )
            reading.problem(path, said)
        cells[impact, urgency] = (path, _parse(priority))
        priorities.setdefault(priority, row.at("priority"))
    return cells, priorities, complete


def _lookup(reading: Reading) -> dict[str, Any]:
    """ServiceNow's lookup rules: one row per impact and urgency."""
    where, rows = _rows(reading)
    cells, priorities, complete = _read_cells(reading, rows)
    if not cells and not reading.problems:
        reading.problem(where, Phrase("must hold at least one row"))
    if not cells or not complete:
        # A row that could not be read may hold the cells that seem missing.
        return {}
    impacts = _scale([_parse(impact) for impact, _ in cells], "i")
    urgencies = _scale([_parse(urgency) for _, urgency in cells], "u")
    severities = _severities(reading, priorities)
    table = []
    for impact, _ in impacts:
        row_keys = []
        for urgency, _ in urgencies:
            cell = cells.get((impact.label, urgency.label))
            if cell is None:
                said = Phrase(
                    "no row gives the priority of impact {impact} and urgency "
                    "{urgency}",
                    impact=repr(impact.label),
                    urgency=repr(urgency.label),
                )
                reading.problem(where, said)
            else:
                row_keys.append(severities[cell[1].label][0])
        table.append(row_keys)
    if reading.problems:
        return {}
    return _policy(
        [key for _, key in impacts], [key for _, key in urgencies], table, severities
    )


def _scale(labels: list[_Label], prefix: str) -> list[tuple[_Label, str]]:
    """The distinct values of a scale, highest first, each with its key."""
    unique = list({label.label: label for label in labels}.values())
    ordered = sorted(
        enumerate(unique),
        key=lambda item: (item[1].number is None, item[1].number or 0, item[0]),
    )
    values = [label for _, label in ordered]
    keys = [slug(label.text, prefix) for label in values]
    if len(set(keys)) != len(keys):
        keys = [f"{prefix}{n}" for n in range(1, len(values) + 1)]
    return list(zip(values, keys, strict=True))


def _severities(
    reading: Reading, priorities: dict[str, str]
) -> dict[str, tuple[str, _Label]]:
    """The priorities as severity keys (``p1``...), most severe first.

    *priorities* gives the path where each is first given, in the
    payload's order. Two priorities that would be one severity (the same
    code, or names making the same key) are a problem at the later one.
    """
    labels = [_parse(label) for label in priorities]
    taken: dict[str, _Label] = {}
    for label in labels:
        key = _severity_key(label)
        earlier = taken.setdefault(key, label)
        if earlier is not label:
            where = priorities[label.label]
            reading.problem(where, _clash(label, earlier, priorities, key))
    ordered = sorted(
        labels, key=lambda label: (label.number is None, label.number or 0)
    )
    return {label.label: (_severity_key(label), label) for label in ordered}


def _severity_key(label: _Label) -> str:
    if label.number is not None:
        return f"p{label.number}"
    return slug(label.text, "p")


def _clash(
    label: _Label, earlier: _Label, priorities: dict[str, str], key: str
) -> Phrase:
    """Why *label* cannot be a severity of its own: *earlier* is *key* already."""
    if label.number is not None and label.number == earlier.number:
        return Phrase(
            "priority {second} has the code {code} of priority {first} "
            "(at {path}): both would be severity {key}",
            second=repr(label.label),
            code=str(label.number),
            first=repr(earlier.label),
            path=priorities[earlier.label],
            key=key,
        )
    return Phrase(
        "priority {second} would be severity {key}, as priority {first} is "
        "(at {path}): each priority needs its own key",
        second=repr(label.label),
        key=key,
        first=repr(earlier.label),
        path=priorities[earlier.label],
    )


def _policy(
    impacts: list[str],
    urgencies: list[str],
    table: list[list[str]] | None,
    severities: dict[str, tuple[str, _Label]],
) -> dict[str, Any]:
    return {
        "severities": tuple(
            Severity(key, label.label) for key, label in severities.values()
        ),
        "priority": None if table is None else PriorityTable(impacts, urgencies, table),
        "default_severity": None,
    }


def _legend(top: Obj) -> dict[str, Any]:
    """The ITIL legend: scales, priority codes, and the cells (maybe null)."""
    reading = top.reading
    scales = {}
    for field in ("impact_levels", "urgency_levels"):
        scales[field] = [
            label
            for path, value in top.items(field, required=True)
            if (label := _scale_value(reading, path, value)) is not None
        ]
    codes = _codes(top)
    cells = top.raw("matrix")
    top.leftover()
    if reading.problems:
        return {}
    severities = {
        str(code): (f"p{code}", _Label(code, text, text))
        for code, text in codes.items()
    }
    if cells is None:
        reading.loss(top.at("impact_levels"), "dropped", messages.NO_IMPACTS)
        reading.loss(top.at("urgency_levels"), "dropped", messages.NO_URGENCIES)
        return _named(None, scales, severities)
    table = _cells(reading, top.at("matrix"), cells, scales, codes)
    return _named(table, scales, severities)


def _named(
    table: list[list[str]] | None,
    scales: dict[str, list[str]],
    severities: dict[str, tuple[str, _Label]],
) -> dict[str, Any]:
    impacts = [
        key
        for _, key in _scale([_Label(None, s, s) for s in scales["impact_levels"]], "i")
    ]
    urgencies = [
        key
        for _, key in _scale(
            [_Label(None, s, s) for s in scales["urgency_levels"]], "u"
        )
    ]
    return _policy(impacts, urgencies, table, severities)


def _scale_value(reading: Reading, path: str, value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    reading.problem(path, Phrase("must be a name, got {got}", got=shown(value)))
    return None


def _codes(top: Obj) -> dict[int, str]:
    reading = top.reading
    codes: dict[int, str] = {}
    for path, value in top.items("priority_codes", required=True):
        code = reading.obj(path, value)
        if code is None:
            continue
        number = code.integer("priority_code", minimum=1, required=True)
        text = code.name("description", required=True)
        target = code.name("target_resolution_time")
        code.leftover()
        if target is not None:
            reading.loss(
                code.at("target_resolution_time"),
                "dropped",
                messages.RESOLUTION_TARGET,
                value=repr(target),
            )
        if number is not None and text is not None:
            if number in codes:
                said = Phrase("code {code} is given twice", code=shown(number))
                reading.problem(code.at("priority_code"), said)
            codes[number] = text
    return codes


def _cells(
    reading: Reading,
    path: str,
    cells: object,
    scales: dict[str, list[str]],
    codes: dict[int, str],
) -> list[list[str]] | None:
    rows = items_of(reading, path, cells)
    impacts = len(scales["impact_levels"])
    if len(rows) != impacts:
        message = Phrase(
            "must have one row per impact ({count}), got {got}",
            count=str(impacts),
            got=str(len(rows)),
        )
        reading.problem(path, message)
        return None
    table = []
    for row_path, row in rows:
        keys = []
        values = items_of(reading, row_path, row)
        if len(values) != len(scales["urgency_levels"]):
            said = Phrase(
                "must have one code per urgency ({count}), got {got}",
                count=str(len(scales["urgency_levels"])),
                got=str(len(values)),
            )
            reading.problem(row_path, said)
        for cell_path, cell in values:
            if isinstance(cell, int) and not isinstance(cell, bool) and cell in codes:
                keys.append(f"p{cell}")
            else:
                known = ", ".join(str(code) for code in codes)
                message = Phrase(
                    "must be a priority code ({codes}), got {got}",
                    codes=known,
                    got=shown(cell),
                )
                reading.problem(cell_path, message)
        table.append(keys)
    return None if reading.problems else table
