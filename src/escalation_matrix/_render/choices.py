"""The choices :func:`render` offers, apart from what renders them.

The command line's parser lists them without loading the renderers.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["CSV_FORMULAS", "FORMULA", "MIN_WIDTH", "TABLE_FORMATS", "TableFormat"]

#: The formats a matrix renders to: ``"text"`` (a plain-text table that fits
#: a terminal), ``"md"`` (Markdown), ``"csv"`` and ``"html"`` (a page).
TableFormat = Literal["text", "md", "csv", "html"]
TABLE_FORMATS: Final[tuple[TableFormat, ...]] = ("text", "md", "csv", "html")

#: What ``"csv"`` does with texts a spreadsheet would read as formulas:
#: ``"escape"`` them with a leading apostrophe, or ``"keep"`` them as they are.
CSV_FORMULAS: Final = ("escape", "keep")
#: How a text a spreadsheet would read as a formula starts (a regular
#: expression matched at the start of a cell). OWASP, "CSV Injection":
#: spreadsheets evaluate a cell that starts with "=", "+", "-" or "@" as a
#: formula, and may strip a leading tab or carriage return first; a leading
#: apostrophe makes the cell text. Cells whose formula starts after spaces
#: or line breaks are escaped too, for spreadsheets that trim them on import.
FORMULA: Final = r"\s*[=+\-@]|[\t\r]"

#: The narrowest width laid out: a wide character (two columns) after the
#: narrowest indent or bullet (two columns).
MIN_WIDTH: Final = 4
