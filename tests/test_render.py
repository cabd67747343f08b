"""Rendering matrices as tables, and decisions and plans as text."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    IssueType,
    Matrix,
    MatrixBuilder,
    default_matrix,
    plan,
    render,
    route,
)
from escalation_matrix._render.table import matrix_table
from escalation_matrix._render.text_table import MIN_COLUMN, MIN_WIDTH
from escalation_matrix._render.text_width import display_width
from escalation_matrix.exceptions import (
    ArgumentError,
    LocaleError,
    UnknownFormatError,
    WrongTypeError,
)
from escalation_matrix.typing import TableFormat
from tests.catalog_files import write_catalog
from tests.helpers import explain, small_matrix
from tests.strategies import matrices
from tests.tables import english_rows, markdown_cells, read_html, seed_rows, table_rows

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
JAPANESE = "障害が発生しました。" * 3


def columns_of(line: str, marks: str) -> list[int]:
    """Return the display columns at which *line* has one of *marks*."""
    return [
        display_width(line[:index]) for index, char in enumerate(line) if char in marks
    ]


def assert_aligned(lines: list[str]) -> None:
    """Every line of a grid has its rules and borders at the same columns."""
    if not lines[-1].startswith("+"):
        return  # the blocks layout, which ends with an indented text
    # The grid has no blank line; the blank line before it ends the title.
    grid = lines[len(lines) - lines[::-1].index("") :]
    rules = columns_of(grid[0], "+")
    for line in grid:
        assert display_width(line) == display_width(grid[0])
        if line.startswith("+"):
            assert columns_of(line, "+") == rules
        else:
            # A "|" inside a text is not a border: the borders are where the
            # rules have "+", and each of those columns is a "|".
            borders = columns_of(line, "|")
            assert set(rules) <= set(borders)


HOSTILE = (
    "<script>alert('x')</script> & a | pipe, *stars*, _under_, `tick`, "
    '[link](http://x), \\back, ~strike~, &amp; "quotes"\nsecond line'
)


def hostile_matrix() -> Matrix:
    """A matrix whose texts hold what Markdown, HTML and CSV would misread."""
    return small_matrix(
        title="Title <b>bold</b> | & more",
        description="# not a heading\n- not a list\n1. not a list <i>",
        issue_types=[
            IssueType(
                "outage",
                "Outage | <em>now</em>",
                {"L1": HOSTILE, "L2": 'a,b;"c"', "L3": "=SUM(A1)"},
            )
        ],
    )


def table_texts(matrix: Matrix) -> list[list[str]]:
    """The rows a table of *matrix* must show, in its own texts."""
    labels = ["Escalation types", "Operational role"]
    return [
        [labels[0], *(level.name for level in matrix.levels)],
        [labels[1], *(matrix.role(level).title for level in matrix.levels)],
        *([it.name, *matrix.row(it)] for it in matrix.issue_types),
    ]


class TestSeedTable:
    @pytest.mark.parametrize("fmt", ["md", "csv", "html"])
    def test_italian_is_the_seed(self, fmt: TableFormat) -> None:
        """In Italian, every format shows the seed's table, every text verbatim."""
        out = render(default_matrix(), fmt, locale="it")
        assert seed_rows() == table_rows(fmt, out)

    @pytest.mark.parametrize("fmt", ["md", "csv", "html"])
    def test_english(self, fmt: TableFormat) -> None:
        """In English, every format shows the built-in matrix's table."""
        out = render(default_matrix(), fmt, locale="en")
        assert english_rows() == table_rows(fmt, out)

    def test_markdown_title_is_a_heading(self) -> None:
        """The Markdown starts with the title as a heading, as the seed does."""
        out = render(default_matrix(), "md", locale="it")
        assert out.splitlines()[0] == (
            "# Esempio di modello di matrice per escalation dei problemi"
        )

    def test_text_grid_holds_every_text(self) -> None:
        """A wide text table holds each text of the seed, in its column."""
        out = render(default_matrix(), locale="it", width=200)
        lines = out.splitlines()
        assert lines[0] == "Esempio di modello di matrice per escalation dei problemi"
        rows: list[list[str]] = []
        for line in lines[2:]:
            if line.startswith("+"):
                rows.append([])
                continue
            cells = [cell.strip() for cell in line[2:-2].split(" | ")]
            if not rows[-1]:
                rows[-1] = cells
            else:
                rows[-1] = [
                    f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)
                ]

        # Wrapping may break a word after its hyphen: compare without spaces.
        def squeezed(table: list[list[str]]) -> list[list[str]]:
            return [["".join(cell.split()) for cell in row] for row in table if row]

        assert squeezed(seed_rows()) == squeezed(rows)


class TestMarkdown:
    def test_metacharacters_are_escaped(self) -> None:
        """Texts with |, *, <, & and line breaks read back as written."""
        matrix = hostile_matrix()
        assert table_texts(matrix) == markdown_cells(render(matrix, "md"))

    def test_no_html_gets_through(self) -> None:
        """A <script> in a text is shown, never passed on as HTML."""
        html = markdown_cells(render(hostile_matrix(), "md"))
        assert "<script>alert('x')</script>" in html[2][1]
        page = (
            MarkdownIt("commonmark")
            .enable("table")
            .render(render(hostile_matrix(), "md"))
        )
        assert "script" not in read_html(page).tags

    def test_line_breaks_stay_in_their_cell(self) -> None:
        """A text's line break is a <br> in its cell, not the end of the row."""
        row = render(hostile_matrix(), "md").splitlines()[-1]
        assert row.startswith("| Outage \\| \\<em\\>now\\</em\\> | ")
        assert "<br>second line" in row

    def test_description_is_not_read_as_blocks(self) -> None:
        """Description lines that look like headings or lists stay text."""
        page = (
            MarkdownIt("commonmark")
            .enable("table")
            .render(render(hostile_matrix(), "md"))
        )
        reader = read_html(page)
        assert reader.tags.count("h1") == 1
        assert {"ul", "ol", "i"}.isdisjoint(reader.tags)
        assert "".join(reader.texts["p"]).splitlines() == [
            "# not a heading",
            "- not a list",
            "1. not a list <i>",
        ]

    @given(
        st.lists(
            st.text(
                st.characters(
                    categories=("L", "N", "P", "S"), include_characters=" \n"
                ),
                min_size=1,
                max_size=30,
            ).filter(lambda text: bool(text.strip())),
            min_size=3,
            max_size=3,
        )
    )
    def test_any_text_reads_back(self, texts: list[str]) -> None:
        """Whatever its characters, a text reads back from the Markdown table."""
        cells = dict(zip(("L1", "L2", "L3"), texts, strict=True))
        matrix = small_matrix(issue_types=[IssueType("outage", "Outage", cells)])

        def lines(text: str) -> list[str]:
            said = [" ".join(line.split()) for line in text.splitlines()]
            # Blank lines at the end of a text show as nothing in a table
            # (a last <br> starts no line): only the ones before count.
            while said and not said[-1]:
                said.pop()
            return said

        expected = [lines(text) for text in table_texts(matrix)[2]]
        actual = [lines(cell) for cell in markdown_cells(render(matrix, "md"))[2]]
        assert expected == actual


class TestHtml:
    def test_a_complete_page(self) -> None:
        """The page has a doctype, a language, a title, a style and a table."""
        page = render(default_matrix(), "html", locale="it_IT")
        assert page.startswith('<!doctype html>\n<html lang="it-IT">\n')
        reader = read_html(page)
        title = "Esempio di modello di matrice per escalation dei problemi"
        assert ["".join(reader.texts["title"]), "".join(reader.texts["h1"])] == [
            title,
            title,
        ]
        assert reader.tags[:6] == ["html", "head", "meta", "meta", "title", "style"]
        assert page.endswith("</html>\n")

    def test_nothing_loaded_from_elsewhere(self) -> None:
        """The page links to no stylesheet, script, image or font."""
        page = render(default_matrix(), "html")
        tags = set(read_html(page).tags)
        assert tags.isdisjoint({"link", "script", "img", "iframe", "object"})
        assert "http" not in page
        assert "url(" not in page

    def test_texts_are_escaped(self) -> None:
        """Texts with markup read back as text; no script element exists."""
        matrix = hostile_matrix()
        page = render(matrix, "html")
        reader = read_html(page)
        assert table_texts(matrix) == reader.rows
        assert "script" not in reader.tags
        assert "em" not in reader.tags
        assert "".join(reader.texts["title"]) == "Title <b>bold</b> | & more"
        assert "".join(reader.texts["p"]) == (
            "# not a heading\n- not a list\n1. not a list <i>"
        )

    @given(matrices(max_levels=3, max_issue_types=2))
    def test_any_matrix_reads_back(self, matrix: Matrix) -> None:
        """Whatever its texts, a matrix reads back from its page, cell by cell."""
        page = render(matrix, "html")
        expected = [
            [text.replace("\r\n", "\n").replace("\r", "\n") for text in row]
            for row in matrix_table(matrix).grid
        ]
        actual = [
            [text.replace("\r\n", "\n").replace("\r", "\n") for text in row]
            for row in read_html(page).rows
        ]
        assert expected == actual

    @pytest.mark.parametrize(
        ("locale", "opening"),
        [
            ("it", '<html lang="it">'),
            ("en_GB", '<html lang="en-GB">'),
            ("zh_TW", '<html lang="zh-Hant-TW">'),
            ("ar", '<html lang="ar" dir="rtl">'),
            ("he-IL", '<html lang="he-IL" dir="rtl">'),
            (None, '<html lang="en">'),
        ],
    )
    def test_language_and_direction(
        self, locale: str | None, opening: str, tmp_path: Path
    ) -> None:
        """The page says its language as a BCP 47 tag, and right-to-left ones."""
        for language in ("zh_Hant", "ar", "he"):
            write_catalog(tmp_path, language, [("table", "Escalation types", "X")])
        page = render(default_matrix(), "html", locale=locale, catalogs=[tmp_path])
        assert opening == page.splitlines()[1]

    def test_a_language_without_a_catalog_is_english(self) -> None:
        """No catalog for Arabic: the page is in English, left to right."""
        page = render(default_matrix(), "html", locale="ar")
        assert page.splitlines()[1] == '<html lang="en">'
        assert "Escalation types" in page


class TestCsv:
    def test_rows(self) -> None:
        """CSV holds the table's rows and nothing else, each ending with CRLF."""
        out = render(default_matrix(), "csv")
        assert out.count("\r\n") == out.count("\n") == 10
        assert out.startswith("Escalation types,Level 1 - Escalation,")

    def test_quoting(self) -> None:
        """Commas, quotes and line breaks in texts read back exactly."""
        matrix = hostile_matrix()
        out = io.StringIO(render(matrix, "csv", csv_formulas="keep"), newline="")
        assert table_texts(matrix) == list(csv.reader(out))

    @given(matrices(max_levels=3, max_issue_types=2))
    def test_any_matrix_reads_back(self, matrix: Matrix) -> None:
        """Whatever its texts, a matrix reads back from its CSV exactly.

        With formulas kept; tests/test_safe_output.py reads them escaped.
        """
        out = render(matrix, "csv", csv_formulas="keep")
        expected = [list(row) for row in matrix_table(matrix).grid]
        assert expected == list(csv.reader(io.StringIO(out, newline="")))


class TestText:
    @pytest.mark.parametrize("width", [120, 160, 200, 300])
    def test_grid_fits(self, width: int) -> None:
        """A wide terminal gets a grid, every line exactly as wide as the grid."""
        lines = render(default_matrix(), width=width).splitlines()[2:]
        assert lines[0].startswith("+--")
        assert len({len(line) for line in lines}) == 1
        assert len(lines[0]) <= width

    def test_grid_marks_the_header(self) -> None:
        """The header row is ruled off with '=' as in a reStructuredText table."""
        lines = render(default_matrix(), width=200).splitlines()
        assert lines[3].startswith("| Escalation types")
        assert set(lines[4]) == {"+", "="}

    def test_natural_widths_when_everything_fits(self) -> None:
        """When every text fits on one line, no text is wrapped."""
        assert render(small_matrix(), width=200).splitlines() == [
            "Small matrix",
            "",
            "+------------------+-----------------+-----------------+-----------------+",
            "| Escalation types | First line      | Second line     | Management      |",
            "+==================+=================+=================+=================+",
            "| Operational role | Agent           | Team lead       | Boss            |",
            "+------------------+-----------------+-----------------+-----------------+",
            "| Outage           | Restart it.     | Find the cause. | Tell customers. |",
            "+------------------+-----------------+-----------------+-----------------+",
            "| Billing          | Check the bill. | Correct it.     | Refund.         |",
            "+------------------+-----------------+-----------------+-----------------+",
        ]

    @pytest.mark.parametrize("width", [30, 40, 80, 100])
    def test_blocks_when_narrow(self, width: int) -> None:
        """Below the grid's minimum, each issue type is a block of its texts."""
        lines = render(default_matrix(), width=width).splitlines()
        assert "+" not in "".join(line[:1] for line in lines)
        start = lines.index("Operational challenges")
        assert lines[start + 1] == "=" * len("Operational challenges")
        assert lines[start + 2].startswith("Level 1 - Escalation")
        assert all(len(line) <= width for line in lines)

    def test_block_layout(self) -> None:
        """A block: the name underlined, each level with its role, texts indented."""
        lines = render(default_matrix(), locale="it", width=60).splitlines()
        assert lines[2:9] == [
            "Sfide operative",
            "===============",
            "Livello 1 - Escalation (Contatto del team del progetto)",
            "    Valuta e risolvi immediatamente le interruzioni a",
            "    livello di operazioni.",
            "Livello 2 - Escalation (Project Manager)",
            "    Sviluppa soluzioni strategiche per problemi operativi",
        ]

    def test_grid_threshold(self) -> None:
        """The grid is used exactly when every column can have its minimum."""
        columns = 1 + len(default_matrix().levels)
        least = columns * MIN_COLUMN + 3 * columns + 1
        assert render(default_matrix(), width=least).splitlines()[2].startswith("+")
        assert (
            not render(default_matrix(), width=least - 1)
            .splitlines()[2]
            .startswith("+")
        )

    @pytest.mark.parametrize("width", range(1, MIN_WIDTH))
    def test_narrower_than_the_minimum(self, width: int) -> None:
        """A width that cannot hold a wide character after an indent is refused."""
        with pytest.raises(ArgumentError) as caught:
            render(default_matrix(), width=width)
        assert str(caught.value) == (
            "width must be at least 4 columns (a wide character after an indent), "
            f"got {width}"
        )

    def test_narrow_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A terminal narrower than the minimum gets the narrowest layout."""
        monkeypatch.setenv("COLUMNS", "2")
        assert render(default_matrix()) == render(default_matrix(), width=MIN_WIDTH)

    def test_width_from_the_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a width, the terminal's (here COLUMNS) is used."""
        monkeypatch.setenv("COLUMNS", "150")
        assert render(default_matrix()) == render(default_matrix(), width=150)

    def test_description_under_the_title(self) -> None:
        """The description follows the title, wrapped, before the table."""
        matrix = small_matrix(description="Who to call. " * 4)
        lines = render(matrix, width=30).splitlines()
        assert lines[:5] == [
            "Small matrix",
            "",
            "Who to call. Who to call. Who",
            "to call. Who to call.",
            "",
        ]

    def test_line_breaks_in_texts(self) -> None:
        """A text's own line breaks are kept inside its cell."""
        matrix = small_matrix(
            issue_types=[
                IssueType("outage", "Outage", {"L1": "a\nb", "L2": "c", "L3": "d"})
            ]
        )
        lines = render(matrix, width=200).splitlines()
        assert lines[-3:-1] == [
            "| Outage           | a          | c           | d          |",
            "|                  | b          |             |            |",
        ]

    @given(
        matrices(max_levels=4, max_issue_types=3),
        st.integers(min_value=MIN_WIDTH, max_value=250),
    )
    def test_never_wider_than_asked(self, matrix: Matrix, width: int) -> None:
        """Whatever the texts and width, no line takes more columns than the width."""
        lines = render(matrix, width=width).splitlines()
        assert max(display_width(line) for line in lines) <= width
        assert_aligned(lines)

    @pytest.mark.parametrize("width", [40, 60, 120, 200])
    def test_wide_characters_fit(self, width: int) -> None:
        """Japanese texts take two columns a character, and still fit the width."""
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .set_text("cell:performance_hiccups:L1", JAPANESE)
            .build()
        )
        lines = render(matrix, width=width).splitlines()
        assert max(display_width(line) for line in lines) <= width
        assert_aligned(lines)
        assert sum(line.count("障") for line in lines) == 3

    def test_wide_characters_in_the_grid(self) -> None:
        """A Japanese cell wraps inside its column, and the columns line up."""
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .set_text("cell:outage:L2", JAPANESE)
            .build()
        )
        lines = render(matrix, width=80).splitlines()
        assert lines[2:] == [
            "+------------------+-----------------+-----------------------+-----------------+",
            "| Escalation types | First line      | Second line           | Management      |",
            "+==================+=================+=======================+=================+",
            "| Operational role | Agent           | Team lead             | Boss            |",
            "+------------------+-----------------+-----------------------+-----------------+",
            "| Outage           | Restart it.     | 障害が発生しました。  | Tell customers. |",
            "|                  |                 | 障害が発生しました。  |                 |",
            "|                  |                 | 障害が発生しました。  |                 |",
            "+------------------+-----------------+-----------------------+-----------------+",
            "| Billing          | Check the bill. | Correct it.           | Refund.         |",
            "+------------------+-----------------+-----------------------+-----------------+",
        ]

    def test_long_words_are_broken(self) -> None:
        """At a narrow width, words longer than the room are broken to fit."""
        lines = render(default_matrix(), width=10).splitlines()
        assert max(display_width(line) for line in lines) <= 10
        assert lines[6:19] == [
            "Operationa",
            "l",
            "challenges",
            "==========",
            "Level 1 -",
            "Escalation",
            "(Project",
            "team",
            "contact)",
            "    Assess",
            "    and im",
            "    mediat",
            "    ely re",
        ]

    def test_combining_marks_take_no_column(self) -> None:
        """A letter with a combining accent is one column wide, as shown."""
        accented = "Cafe\u0301 " * 4
        matrix = (
            MatrixBuilder.from_matrix(small_matrix())
            .set_text("cell:outage:L1", accented)
            .build()
        )
        lines = render(matrix, width=200).splitlines()
        assert_aligned(lines)
        assert any("Cafe\u0301 Cafe\u0301" in line for line in lines)

    @pytest.mark.parametrize(
        ("locale", "labels"),
        [
            (None, ("Escalation types", "Operational role")),
            ("it", ("Tipi di escalation", "Ruolo operativo")),
        ],
    )
    def test_labels(self, locale: str | None, labels: tuple[str, str]) -> None:
        """The labels are in the locale asked for."""
        lines = render(default_matrix(), locale=locale, width=200).splitlines()
        assert (lines[3][2:20].strip(), lines[5][2:20].strip()) == labels


class TestLocales:
    def test_labels_follow_the_matrix_language(self) -> None:
        """Without a locale, the labels are in the matrix's own language."""
        matrix = small_matrix(language="it")
        assert render(matrix, "csv").splitlines()[:2] == [
            "Tipi di escalation,First line,Second line,Management",
            "Ruolo operativo,Agent,Team lead,Boss",
        ]

    def test_language_babel_does_not_know(self) -> None:
        """A matrix language Babel lacks gives English labels, not an error."""
        matrix = small_matrix(language="tlh")
        page = render(matrix, "html")
        # English labels make an English page; the texts say their language.
        assert page.splitlines()[1] == '<html lang="en">'
        assert '<h1 lang="tlh">' in page
        assert "Escalation types" in page

    def test_bad_locale(self) -> None:
        """A malformed locale is refused before anything is rendered."""
        with pytest.raises(LocaleError):
            render(default_matrix(), locale="../it")

    def test_catalogs(self, tmp_path: Path) -> None:
        """Catalog directories translate the matrix and the labels."""
        write_catalog(
            tmp_path,
            "de",
            [
                ("table", "Escalation types", "Eskalationsarten"),
                ("role:agent:title", "Agent", "Mitarbeiter"),
            ],
        )
        rows = render(small_matrix(), "csv", locale="de", catalogs=[tmp_path])
        assert rows.splitlines()[:2] == [
            "Eskalationsarten,First line,Second line,Management",
            "Operational role,Mitarbeiter,Team lead,Boss",
        ]


class TestErrors:
    def test_unknown_format(self) -> None:
        """A format that is not one of the four is refused, listing them."""
        with pytest.raises(UnknownFormatError) as caught:
            render(default_matrix(), "pdf")  # type: ignore[arg-type]
        assert str(caught.value) == (
            "Unknown table format 'pdf'; known table formats: text, md, csv, html."
        )

    @pytest.mark.parametrize(
        ("width", "error"),
        [
            (0, ArgumentError),
            (-5, ArgumentError),
            (3, ArgumentError),
            (True, WrongTypeError),
            ("80", WrongTypeError),
            (80.0, WrongTypeError),
        ],
    )
    def test_bad_width(
        self, width: object, error: type[ArgumentError | WrongTypeError]
    ) -> None:
        """A width that is not an integer of at least 4 is refused."""
        with pytest.raises(error) as caught:
            render(default_matrix(), width=width)  # type: ignore[arg-type]
        assert isinstance(caught.value, ArgumentError | WrongTypeError)
        assert caught.value.argument == "width"


@given(
    matrices(max_levels=4, max_issue_types=3),
    st.integers(min_value=MIN_WIDTH, max_value=120),
    st.data(),
)
def test_answers_never_wider_than_asked(
    matrix: Matrix, width: int, data: st.DataObject
) -> None:
    """Whatever the texts and width, decisions and plans fit the width's columns."""
    issue = Issue(data.draw(st.sampled_from(matrix.issue_type_keys)), OPENED)
    decision = route(matrix, issue, now=OPENED + timedelta(days=3))
    timeline = plan(matrix, issue)
    for text in (
        render(decision, timezone="UTC", width=width),
        render(timeline, matrix=matrix, timezone="UTC", width=width),
    ):
        assert max(display_width(line) for line in text.splitlines()) <= width


def decision_at(hours: float, **changes: object) -> em.Decision:
    """Route a performance issue opened at OPENED, *hours* later."""
    issue = Issue("performance_hiccups", OPENED, **changes)  # type: ignore[arg-type]
    return route(default_matrix(), issue, now=OPENED + timedelta(hours=hours))


class TestDecision:
    @pytest.mark.parametrize("locale", [None, "en", "it"])
    def test_the_sentences_of_explain(self, locale: str | None) -> None:
        """Unwrapped, the text is explain()'s sentences: answer first, then why."""
        decision = decision_at(20)
        sentences = explain(decision, locale, timezone="Europe/Rome")
        reasons = len(decision.reasons)
        why = "Perché:" if locale == "it" else "Why:"
        expected = [
            *sentences[reasons:],
            "",
            why,
            *(f"- {sentence}" for sentence in sentences[:reasons]),
        ]
        text = render(decision, locale=locale, timezone="Europe/Rome", width=1000)
        assert expected == text.splitlines()
        assert text.endswith("\n")

    @pytest.mark.parametrize("width", [30, 60, 80])
    def test_wrapped(self, width: int) -> None:
        """Wrapped to a width, every word is kept and no line is wider."""
        decision = decision_at(20)
        text = render(decision, timezone="UTC", width=width)
        assert max(display_width(line) for line in text.splitlines()) <= width
        whole = render(decision, timezone="UTC", width=1000)
        assert text.split() == whole.split()

    def test_resolved(self) -> None:
        """A resolved issue says who handled it, and why it stopped."""
        decision = decision_at(3, resolved_at=OPENED + timedelta(hours=1))
        lines = render(decision, timezone="UTC", width=200).splitlines()
        assert lines[0] == (
            "Project team contact (L1) handled it: Identify and resolve "
            "performance-related problems."
        )
        assert lines[-1] == "- Resolved on Nov 27, 2026, 10:00\u202fAM."


class TestPlan:
    def test_stages_with_what_to_do(self) -> None:
        """Each stage of the plan with what its role must do, then why it ends."""
        timeline = plan(default_matrix(), Issue("performance_hiccups", OPENED))
        lines = render(
            timeline, locale="it", timezone="Europe/Rome", width=200
        ).splitlines()
        assert lines == [
            "- Dal giorno 27 nov 2026 alle 10:00 al giorno 27 nov 2026 alle 14:00: in carico al "
            "ruolo Contatto del team del progetto (L1).",
            "  Identifica e risolve i problemi correlati alle prestazioni.",
            "- Dal giorno 27 nov 2026 alle 14:00 al giorno 27 nov 2026 alle 22:00: in carico al "
            "ruolo Project Manager (L2).",
            "  Formula strategie per migliorare le prestazioni del servizio.",
            "- Dal giorno 27 nov 2026 alle 22:00 al giorno 28 nov 2026 alle 22:00: in carico al "
            "ruolo Account Manager (L3).",
            "  Comunica con i clienti sulle prestazioni operative e i piani di "
            "risanamento.",
            "- Dal giorno 28 nov 2026 alle 22:00 in poi: in carico al ruolo Sales Manager (L4).",
            "  Promuovi iniziative per recuperare e migliorare le prestazioni del "
            "servizio.",
            "",
            "Il ruolo Sales Manager (L4) occupa il livello più alto: l'escalation "
            "non va oltre.",
        ]

    def test_the_sentences_of_explain(self) -> None:
        """The plan's sentences are explain()'s, with the matrix's severity names."""
        issue = Issue("performance_hiccups", OPENED, severity="low")
        timeline = plan(default_matrix(), issue)
        sentences = explain(timeline, "it", matrix=default_matrix(), timezone="UTC")
        text = render(
            timeline, matrix=default_matrix(), locale="it", timezone="UTC", width=500
        )
        lines = text.splitlines()
        assert [line[2:] for line in lines[:-2:2]] == list(sentences[:-1])
        assert lines[-1] == sentences[-1]
        assert lines[-1] == (
            "Per le segnalazioni di gravità bassa l'escalation non va oltre il "
            "ruolo Project Manager (L2)."
        )

    @pytest.mark.parametrize("width", [25, 50, 80])
    def test_wrapped(self, width: int) -> None:
        """Wrapped to a width, every word is kept and no line is wider."""
        timeline = plan(default_matrix(), Issue("performance_hiccups", OPENED))
        text = render(timeline, timezone="UTC", width=width)
        assert max(display_width(line) for line in text.splitlines()) <= width
        whole = render(timeline, timezone="UTC", width=1000)
        assert text.split() == whole.split()


def test_rendering_loads_on_first_use() -> None:
    """Importing the package neither renders nor loads Babel."""
    code = (
        "import sys, escalation_matrix as em\n"
        "print(any(m.startswith(('babel', 'escalation_matrix._render.render')) "
        "for m in sys.modules))\n"
        "em.render\n"
        "print('escalation_matrix._render.render' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "True"]


def test_a_matrix_table_refuses_a_wrong_time_zone() -> None:
    """A table shows no time, but a zone that does not exist is said, as for a decision."""
    with pytest.raises(ArgumentError, match="timezone must be an IANA time zone"):
        render(default_matrix(), timezone="Europe/Roma")
    assert render(default_matrix(), timezone="Europe/Rome") == render(default_matrix())
