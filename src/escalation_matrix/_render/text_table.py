"""Laying a matrix table out as plain text that fits a terminal.

Two layouts, chosen by the width:

* a grid, when every column can be at least :data:`MIN_COLUMN` columns
  wide (or as wide as its widest text, if that is less): the table of the
  printed matrix, with long texts wrapped inside their columns. It is drawn
  with ``+``, ``-``, ``=`` and ``|`` only, so it shows on any terminal, and
  it is a valid reStructuredText grid table;
* blocks, one per issue type, when the grid would be narrower than that:
  the issue type's name, underlined, then each level's name with its role,
  and under it the text, indented and wrapped. Who each level notifies,
  when the table says, comes first, as a block of the same shape.

Widths are display columns, as a terminal draws them (see
:mod:`._wrap`): a Chinese or Japanese character takes two, a combining
mark none, so the table fits and its columns line up in any language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from escalation_matrix._render.choices import MIN_WIDTH
from escalation_matrix._render.text_width import display_width, pad, wrap

if TYPE_CHECKING:
    from escalation_matrix._render.table import Table

__all__ = ["MIN_COLUMN", "MIN_WIDTH", "layout"]

#: The narrowest a column of the grid may be, unless its texts are narrower.
MIN_COLUMN: Final = 20
#: How far the texts are indented under their headings in the block layout,
#: at most: less on a narrow terminal, so that texts keep room.
_INDENT: Final = 4


def _lines(text: str, width: int | None = None) -> list[str]:
    """Split *text* at its line breaks, and wrap each line to *width*."""
    lines = []
    for line in text.splitlines() or [""]:
        if width is None:
            lines.append(line)
        else:
            lines.extend(wrap(line, width) or [""])
    return lines


def _natural(column: Sequence[str]) -> int:
    # At least one column: there is nothing to wrap to in none.
    return max(1, *(display_width(line) for text in column for line in _lines(text)))


def _widths(columns: Sequence[Sequence[str]], room: int) -> list[int] | None:
    """Share *room* characters between *columns*; None if they cannot fit."""
    natural = [_natural(column) for column in columns]
    if sum(natural) <= room:
        return natural
    widths = [min(width, MIN_COLUMN) for width in natural]
    spare = room - sum(widths)
    if spare < 0:
        return None
    # What is left goes to the columns that want more, in proportion to how
    # much more each wants; the remainder of the division, one by one.
    wants = [full - width for full, width in zip(natural, widths, strict=True)]
    total = sum(wants)
    shares = [spare * want // total for want in wants]
    widths = [width + share for width, share in zip(widths, shares, strict=True)]
    left = spare - sum(shares)
    for index in sorted(range(len(widths)), key=lambda i: -wants[i])[:left]:
        widths[index] += 1
    return widths


def _rule(widths: Sequence[int], fill: str) -> str:
    return "+" + "+".join(fill * (width + 2) for width in widths) + "+"


def _grid(table: Table, width: int) -> str | None:
    rows = table.grid
    columns = list(zip(*rows, strict=True))
    # Each column takes its width plus " | " around it; the frame one more.
    widths = _widths(columns, width - 3 * len(columns) - 1)
    if widths is None:
        return None
    out = [_rule(widths, "-")]
    for number, row in enumerate(rows):
        cells = [_lines(text, w) for text, w in zip(row, widths, strict=True)]
        height = max(len(cell) for cell in cells)
        for index in range(height):
            parts = [
                pad(cell[index] if index < len(cell) else "", w)
                for cell, w in zip(cells, widths, strict=True)
            ]
            out.append("| " + " | ".join(parts) + " |")
        out.append(_rule(widths, "=" if number == 0 else "-"))
    return "\n".join(out)


def _blocks(table: Table, width: int) -> str:
    indent = " " * min(_INDENT, (width - 2) // 2)
    blocks = []
    # The contacts row reads as a block of its own, like an issue type's.
    rows = (table.notifies, *table.rows) if table.notifies else table.rows
    for name, *texts in rows:
        lines = _lines(name, width)
        lines.append("=" * max(1, *(display_width(line) for line in lines)))
        for heading, text in zip(table.level_headings, texts, strict=True):
            lines.extend(_lines(heading, width))
            lines.extend(indent + line for line in _lines(text, width - len(indent)))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def layout(table: Table, width: int) -> str:
    """Return *table* as text no wider than *width* columns, with its title.

    The title (and the description, when there is one) comes first, then a
    blank line, then the table as a grid or, when the grid would not fit,
    as blocks (see the module's description), then the notes on the
    policy, each after a blank line. The text ends with a line break.
    *width* is at least :data:`MIN_WIDTH`.
    """
    head = _lines(table.title, width)
    if table.description:
        head += ["", *_lines(table.description, width)]
    body = _grid(table, width) or _blocks(table, width)
    # The policy's timing, which the cells do not say, under the table.
    notes = [line for note in table.notes for line in ["", *_lines(note, width)]]
    return "\n".join([*head, "", body, *notes]) + "\n"
