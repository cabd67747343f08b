"""Reading rendered tables back: Markdown and HTML, as a reader's tools would."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

DATA = Path(__file__).parent / "data"


class CellReader(HTMLParser):
    """Collects the text of every table cell, row by row, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._cell: list[str] | None = None
        self._open: list[str] = []

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        """Open a row or a cell; a <br> in a cell is a line break."""
        self.tags.append(tag)
        self._open.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a cell, and every element opened since *tag*."""
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        """Keep text by the cell or the element it is in."""
        if self._cell is not None:
            self._cell.append(data)
        elif self._open:
            self.texts.setdefault(self._open[-1], []).append(data)


def read_html(page: str) -> CellReader:
    """Parse *page* and return what it holds."""
    reader = CellReader()
    reader.feed(page)
    reader.close()
    return reader


def markdown_cells(text: str) -> list[list[str]]:
    """Return the cells of the Markdown table in *text*, through a real parser."""
    html = MarkdownIt("commonmark").enable("table").render(text)
    return read_html(html).rows


def table_rows(fmt: str, text: str) -> list[list[str]]:
    """Return the cells of the table in *text*, written in the format *fmt*."""
    if fmt == "md":
        return markdown_cells(text)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(text, newline="")))
    return read_html(text).rows


def seed_rows() -> list[list[str]]:
    """The rows of the seed's Italian table: texts only, each row once.

    The seed repeats its header rows above its second table and puts some
    texts in bold; the texts themselves are what a rendering must show.
    """
    lines = (DATA / "seed_it.tsv").read_text("utf-8").splitlines()
    unique = dict.fromkeys(re.sub(r"</?b>", "", line) for line in lines)
    return [line.split("\t") for line in unique]


def english_rows() -> list[list[str]]:
    """The rows of the built-in matrix's English table."""
    lines = (DATA / "table_en.tsv").read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines]
