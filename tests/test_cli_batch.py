"""``route --batch``: a ticket export routed line by line from the shell."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import escalation_matrix as em
from escalation_matrix._cli import batch, commands
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix._serialization.payloads import write_moment
from escalation_matrix.rules import Compare, Rule
from tests.catalog_files import write_catalog
from tests.helpers import plain_environment, run_cli

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


class _Offset(timedelta):
    """A duration of a class of its own, as a zone may give its offset."""


class _Zone(tzinfo):
    """A time zone written in Python, with a fixed offset or none."""

    def __init__(self, offset: timedelta | None) -> None:
        self.offset = offset

    def utcoffset(self, _moment: datetime | None) -> timedelta | None:
        return self.offset

    def dst(self, _moment: datetime | None) -> timedelta | None:
        return None

    def tzname(self, _moment: datetime | None) -> str:
        return "zone"


TYPES = em.default_matrix().issue_type_keys
SEVERITIES = ("critical", "high", "medium", "low")
ROW = "performance_hiccups,2026-11-27T09:00Z"
ROW_OPENED = "2026-11-27T09:00Z"
#: The fields of a ticket after its id and title, in the header's order.
KEYS = ("issue_type", "opened_at", "severity")


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC environment, and a clock stopped at NOW."""
    plain_environment(monkeypatch, TZ="UTC")
    monkeypatch.setattr(commands, "now", lambda: NOW)
    yield
    clear_cache()


run = run_cli


def ticket(n: int) -> dict[str, str]:
    """The n-th ticket: types, severities and two time zones in turn."""
    zone = "+00:00" if n % 2 else "+09:00"
    opened = NOW - timedelta(minutes=n % 2880)
    return {
        "id": f"T-{n}",
        "issue_type": TYPES[n % len(TYPES)],
        "opened_at": opened.astimezone(
            datetime.fromisoformat(f"2026-01-01T00:00{zone}").tzinfo
        ).isoformat(),
        "severity": SEVERITIES[n // 3 % 4],
    }


def expected(n: int) -> em.Decision:
    data = ticket(n)
    issue = em.Issue(
        data["issue_type"],
        datetime.fromisoformat(data["opened_at"]),
        severity=data["severity"],
        id=data["id"],
    )
    return em.route(em.default_matrix(), issue, now=NOW)


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


class TestJsonLines:
    def test_decisions_match_route(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Each line's decision is route()'s for that ticket, in order."""
        tickets = write_jsonl(
            tmp_path / "t.jsonl", [json.dumps(ticket(n)) for n in range(50)]
        )
        result = run(capsys, "route", "--batch", tickets)
        assert result.status == 0
        rows = [json.loads(line) for line in result.out.splitlines()]
        assert [row["line"] for row in rows] == list(range(1, 51))
        for n, row in enumerate(rows):
            decision = expected(n)
            assert row["id"] == f"T-{n}"
            assert row["level"] == decision.level.key
            assert row["role"] == decision.role.key
            assert row["responsibility"] == decision.responsibility
            assert datetime.fromisoformat(row["since"]) == decision.since
            upcoming = decision.next_escalation_at
            assert row["next_escalation_at"] == (
                None if upcoming is None else upcoming.isoformat()
            )

    def test_summary_counts_levels(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The summary says how many tickets reached each level."""
        tickets = write_jsonl(
            tmp_path / "t.jsonl", [json.dumps(ticket(n)) for n in range(40)]
        )
        result = run(capsys, "route", "--batch", tickets)
        levels: dict[str, int] = {}
        for n in range(40):
            key = expected(n).level.key
            levels[key] = levels.get(key, 0) + 1
        lines = [
            "40 tickets: 40 routed, 0 with errors",
            *(f"  {key}: {count}" for key, count in sorted(levels.items())),
        ]
        assert result.err == "".join(f"{line}\n" for line in lines)

    def test_bad_lines_are_reported_and_skipped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Each bad line is named with its number and field; the rest route."""
        good = json.dumps(ticket(0))
        tickets = write_jsonl(
            tmp_path / "t.jsonl",
            [
                good,
                '{"issue_type": "printer_jam", "opened_at": "2026-11-27T09:00Z"}',
                "{not json",
                "",
                '{"issue_type": "outage_x", "opened_at": "yesterday"}',
                '{"issue_type": "timeline_adjustments", "opened_at": '
                '"2026-11-27T09:00Z", "severity": "mega"}',
                "[1, 2]",
                '{"issue_type": "timeline_adjustments", "opened_at": '
                '"2026-12-27T09:00Z"}',
                good,
            ],
        )
        result = run(capsys, "route", "--batch", tickets)
        assert result.status == 1
        assert [json.loads(line)["line"] for line in result.out.splitlines()] == [1, 9]
        where = [line.split(": ")[0:2] for line in result.err.splitlines()[:6]]
        name = str(tickets)
        assert where == [
            [f"{name}:2", "$.issue_type"],
            [f"{name}:3", "$"],
            [f"{name}:5", "$.opened_at"],
            [f"{name}:6", "$.severity"],
            [f"{name}:7", "$"],
            [f"{name}:8", "$.opened_at"],
        ]
        assert "8 tickets: 2 routed, 6 with errors" in result.err

    def test_an_integer_past_python_s_own_limit(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An integer of thousands of digits is a line's error, naming the limit."""
        huge = json.dumps({**ticket(0), "attributes": {"n": 1}}).replace(
            '"n": 1', '"n": 1' + "0" * 5000
        )
        tickets = write_jsonl(tmp_path / "t.jsonl", [huge, json.dumps(ticket(0))])
        result = run(capsys, "route", "--batch", tickets)
        assert result.status == 1
        assert [json.loads(line)["line"] for line in result.out.splitlines()] == [2]
        assert result.err.startswith(
            f"{tickets}:1: $.attributes.n: an integer of 5001 digits; at most 100 "
            "allowed (max_int_digits in Limits)\n"
        )

    def test_strict_stops_and_writes_nothing(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With --strict, the first bad line ends the batch; no output file."""
        tickets = write_jsonl(
            tmp_path / "t.jsonl",
            [json.dumps(ticket(0)), "{bad", json.dumps(ticket(1))],
        )
        out = tmp_path / "d.jsonl"
        result = run(capsys, "route", "--batch", tickets, "--strict", "-o", out)
        assert result.status == 1
        assert result.err.startswith(f"{tickets}:2: $: not valid JSON")
        assert result.err.endswith(
            "escalation-matrix route: error: the batch stopped at line 2 (--strict)\n"
        )
        assert not out.exists()
        assert list(tmp_path.iterdir()) == [tickets]


class TestNothingReplaced:
    def test_a_json_line_not_utf8(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A byte that is not UTF-8 is the line's error, not a replaced character."""
        good = json.dumps(ticket(0)).encode()
        tickets = tmp_path / "t.jsonl"
        tickets.write_bytes(good.replace(b'"T-0"', b'"T-\xff"') + b"\n" + good + b"\n")
        result = run(capsys, "route", "--batch", tickets)
        assert result.status == 1
        assert [json.loads(line)["line"] for line in result.out.splitlines()] == [2]
        assert result.err.startswith(
            f"{tickets}:1: $: not valid UTF-8: byte 0xff at offset 10\n"
        )

    def test_a_csv_row_not_utf8_or_longer_than_the_header(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Neither a bad byte nor cells past the header are lost without a word."""
        data = ticket(0)
        good = f"{data['id']},{data['issue_type']},{data['opened_at']}"
        source = tmp_path / "t.csv"
        source.write_bytes(
            b"id,issue_type,opened_at\n"
            + good.replace("T-0", "T-\xff").encode("latin-1")
            + b"\n"
            + (good + ",extra").encode()
            + b"\n"
            + good.encode()
            + b"\n"
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert [json.loads(line)["line"] for line in result.out.splitlines()] == [4]
        assert result.err.splitlines()[:2] == [
            f"{source}:2: $: not valid UTF-8: byte 0xff at offset 2",
            f"{source}:3: $: has more cells (4) than the header has columns (3)",
        ]

    def test_a_bad_byte_in_a_cell_of_several_lines(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Only the record holding the bad byte is lost, said at the byte's line.

        The line keeps its quotes: the quoted cell still ends where it ends,
        and the records after it are read as they are.
        """
        rows = [f"T{n},performance_hiccups,2026-11-27T09:00Z," for n in range(2, 6)]
        source = tmp_path / "t.csv"
        source.write_bytes(
            b"id,issue_type,opened_at,note\n"
            b'T1,performance_hiccups,2026-11-27T09:00Z,"two\nlin\xe9s"\n'
            + "".join(row + "\n" for row in rows).encode()
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert [json.loads(line)["id"] for line in result.out.splitlines()] == [
            "T2",
            "T3",
            "T4",
            "T5",
        ]
        assert result.err.splitlines()[:2] == [
            f"{source}:3: $: not valid UTF-8: byte 0xe9 at offset 3; the record "
            "runs from line 2 to line 3",
            "5 tickets: 4 routed, 1 with errors",
        ]

    def test_an_opening_after_now_quoted_as_written(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The opening a line gives is quoted as the line wrote it."""
        opened = "2026-11-29T10:00:00.5+01:00"
        source = write_jsonl(
            tmp_path / "t.jsonl",
            [json.dumps({"issue_type": TYPES[0], "opened_at": opened})],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.err.splitlines()[0] == (
            f"{source}:1: $.opened_at: now (2026-11-28T09:00:00+00:00) is before "
            f"the issue was opened ({opened})"
        )

    def test_a_byte_order_mark_opening_a_csv_export(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A spreadsheet's BOM is no part of the first column's name."""
        source = tmp_path / "t.csv"
        source.write_bytes(
            b"\xef\xbb\xbfid,issue_type,opened_at\r\n"
            b"T-1,performance_hiccups,2026-11-27T09:00Z\r\n"
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err
        assert json.loads(result.out)["id"] == "T-1"


class TestCsv:
    def test_csv_in_and_out(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A CSV export routes to a CSV of decisions; other columns are attributes."""
        source = tmp_path / "t.csv"
        with source.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "title", "issue_type", "opened_at", "severity"])
            for n in range(20):
                data = ticket(n)
                writer.writerow(
                    [
                        data["id"],
                        "Slow,\nvery",
                        data["issue_type"],
                        data["opened_at"],
                        data["severity"],
                    ]
                )
            writer.writerow(["T-x", "", "", "2026-11-27T09:00Z", ""])
        out = tmp_path / "d.csv"
        result = run(capsys, "route", "--batch", source, "-o", out)
        assert result.status == 1
        # Each record spans two lines (the title holds a line break).
        assert result.err.startswith(f"{source}:42: $.issue_type:")
        with out.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert list(rows[0]) == list(batch.COLUMNS)
        assert [row["level"] for row in rows] == [
            expected(n).level.key for n in range(20)
        ]
        # Said at the line where the record starts.
        assert rows[1]["line"] == "4"

    @pytest.mark.parametrize("separator", [";", "\t"])
    def test_semicolons_and_tabs(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, separator: str
    ) -> None:
        """A header separated by semicolons or tabs sets the export's separator."""
        source = tmp_path / "t.csv"
        with source.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, delimiter=separator)
            writer.writerow(["id", "title", "issue_type", "opened_at", "severity"])
            for n in range(12):
                data = ticket(n)
                # Commas, and the other separator, are text in the cells.
                title = "Slow, very; \t really"
                row = [data["id"], title, *(data[k] for k in KEYS)]
                writer.writerow(row)
            # The separator decides where a quoted cell must end.
            file.write(separator.join(["T-x", '"a"b', TYPES[0], ROW_OPENED]) + "\n")
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        decisions = [json.loads(line) for line in result.out.splitlines()]
        assert [d["level"] for d in decisions] == [
            expected(n).level.key for n in range(12)
        ]
        quoted = repr(separator)
        assert result.err.startswith(
            f"{source}:14: $: a quoted cell must end at the separator {quoted} "
            "or at the end of a line, got more text after its closing quote\n"
        )

    @pytest.mark.parametrize(
        ("header", "said"),
        [
            ("", "the CSV export has no header row"),
            ("sep=;", "the CSV export has no header row"),
            (" ; ; ", "the CSV export has no header row"),
            ('issue_type,"a;b;c"', "1: the CSV header has no column opened_at"),
            # Said at the header's line, after blank ones.
            ("\n\nid,opened_at", "3: the CSV header has no column issue_type"),
            (
                'issue_type;opened_at;"Notes\n(free text)"',
                "1: the CSV header row cannot be read: a quote opened in it is not "
                "closed on its line: the header's names must each be on its line",
            ),
            # Read with the tab, which gives one of the columns.
            ("id;opened_at\tissue_type", "1: the CSV header has no column opened_at"),
            (
                'id;"issue_type"x;opened_at',
                "1: the CSV header row cannot be read: a quoted cell must end at "
                "the separator ';' or at the end of a line, got more text after its "
                "closing quote",
            ),
        ],
    )
    def test_headers_without_the_columns(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        header: str,
        said: str,
    ) -> None:
        """A header is read with its likeliest separator; what it lacks is said."""
        source = write_csv(tmp_path / "t.csv", header, [])
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        joined = ":" if said[:1].isdigit() else ": "
        assert result.err == f"escalation-matrix route: error: {source}{joined}{said}\n"

    @pytest.mark.parametrize(
        ("header", "column", "field"),
        [
            ("Issue Type;opened_at", "Issue Type", "issue_type"),
            ("issue_type; opened_at", " opened_at", "opened_at"),
            ("issue_type\tOpened At\tx", "Opened At", "opened_at"),
            # Semicolons in a name do not make them the separator.
            ("Issue Type,Opened At,Notes (a; b; c; d)", "Issue Type", "issue_type"),
        ],
    )
    def test_near_names_in_other_separators(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        header: str,
        column: str,
        field: str,
    ) -> None:
        """A column named like a field is refused whatever separates the cells."""
        source = write_csv(tmp_path / "t.csv", header, [])
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        said = (
            f"the CSV column {column!r} would be read as an attribute, not as the "
            f"issue's {field}"
        )
        assert said in result.err

    def test_actions_and_attributes_columns_are_attributes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Columns named like the fields no CSV cell gives stay attributes."""
        source = write_csv(
            tmp_path / "t.csv",
            "issue_type,opened_at,Actions,Attributes",
            [f"{ROW},called,gold"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err

    @pytest.mark.parametrize(
        "text",
        [
            # Every cell quoted, as spreadsheets may write them.
            '"id";"issue_type";"opened_at"\r\n"A";"performance_hiccups";"{at}"\r\n',
            '"Cliente, nome"\t"id"\t"issue_type"\t"opened_at"\nx\tA\t'
            "performance_hiccups\t{at}\n",
            # A first line naming the separator, as spreadsheets write it.
            "sep=;\r\nid;issue_type;opened_at\r\nA;performance_hiccups;{at}\r\n",
            "sep=|\nid|issue_type|opened_at\nA|performance_hiccups|{at}\n",
            # Separators inside a quoted name are no separators.
            '"a, b, c, d";id;issue_type;opened_at\nx;A;performance_hiccups;{at}\n',
            # A spreadsheet's empty row before the header.
            ";;;\nid;issue_type;opened_at\nA;performance_hiccups;{at}\n",
            # As many commas as semicolons: the semicolons give the columns.
            "id;issue_type;opened_at;Note, long, text\n"
            "A;performance_hiccups;{at};x, y, z\n",
            # Saved again by a spreadsheet, as a row of empty cells.
            "sep=;;;\nid;issue_type;opened_at\nA;performance_hiccups;{at}\n",
            # Blank lines before the header.
            "\n  \nid,issue_type,opened_at\nA,performance_hiccups,{at}\n",
        ],
    )
    def test_headers_as_spreadsheets_write_them(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
    ) -> None:
        """Quoted headers, a sep= line and blank lines before the header."""
        source = tmp_path / "t.csv"
        source.write_bytes(text.format(at=ROW_OPENED).encode())
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err
        assert routed_ids(result.out) == ["A"]
        # Said at its own line: the last.
        assert json.loads(result.out)["line"] == text.count("\n")

    @pytest.mark.parametrize(
        ("column", "field"),
        [
            ("Severity", "severity"),
            ("severity ", "severity"),
            ("ID", "id"),
            ("Resolved At", "resolved_at"),
            ("acknowledged-at", "acknowledged_at"),
        ],
    )
    def test_a_field_named_but_for_case_or_spaces(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        column: str,
        field: str,
    ) -> None:
        """A column named like a field is refused, not read as an attribute."""
        source = tmp_path / "t.csv"
        with source.open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(
                [["issue_type", "opened_at", column], [TYPES[0], ROW_OPENED, "x"]]
            )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert result.out == ""
        assert result.err == (
            f"escalation-matrix route: error: {source}:1: the CSV column "
            f"{column!r} would be read as an attribute, not as the issue's "
            f"{field}: name it {field} to give the {field}, or give it another "
            "name to keep it as an attribute\n"
        )

    def test_columns_without_a_name(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Unnamed columns are left out; a value in one is that row's error."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,,",
            [f"A,{ROW},,", f"B,{ROW},,x", f"C,{ROW},,"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert routed_ids(result.out) == ["A", "C"]
        assert result.err.startswith(
            f"{source}:3: $: column 5 has no name in the header, yet this row "
            "gives it a value\n"
        )

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (
                "id;issue_type;opened_at;Societ\u00e0\r\n".encode("cp1252"),
                "not valid UTF-8: byte 0xe0 at offset 30",
            ),
            (
                f"id,issue_type,opened_at\rA,{ROW}\r".encode(),
                "a carriage return in a cell that is not quoted",
            ),
            (
                f'id,"issue_type,opened_at\nA,{ROW}\n'.encode(),
                "a quote opened in it runs on from line 1 to line 2",
            ),
        ],
    )
    def test_a_header_that_cannot_be_read_says_why(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        data: bytes,
        reason: str,
    ) -> None:
        """The reason a header cannot be read is said."""
        source = tmp_path / "t.csv"
        source.write_bytes(data)
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert result.err == (
            f"escalation-matrix route: error: {source}:1: the CSV header row "
            f"cannot be read: {reason}\n"
        )

    @pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
    @pytest.mark.parametrize(
        ("encoding", "said"),
        [
            ("utf-16-le", "UTF-16"),
            ("utf-16-be", "UTF-16"),
            ("utf-32-le", "UTF-32"),
            ("utf-32-be", "UTF-32"),
        ],
    )
    def test_an_export_in_utf16(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        suffix: str,
        encoding: str,
        said: str,
    ) -> None:
        """An export saved in UTF-16 or UTF-32 is said to be, as a whole."""
        source = tmp_path / f"t{suffix}"
        text = f"issue_type,opened_at\n{ROW}\n"
        if suffix == ".jsonl":
            text = json.dumps({"issue_type": TYPES[0], "opened_at": ROW_OPENED}) + "\n"
        # With its byte order mark, as programs that save it write one.
        source.write_bytes(("\ufeff" + text).encode(encoding))
        result = run(capsys, "route", "--batch", source)
        assert (result.status, result.out) == (1, "")
        assert result.err == (
            f"escalation-matrix route: error: {source}: the export is in {said}; "
            "save it in UTF-8 to route it\n"
        )

    def test_resolved_said(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Each decision says whether its ticket is resolved, in both outputs."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,resolved_at",
            [f"R,{ROW},2026-11-27T10:00Z", f"O,{ROW},", f"L,{ROW},2099-01-01T00:00Z"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err
        said = [json.loads(line)["resolved"] for line in result.out.splitlines()]
        assert said == [True, False, False]
        out = tmp_path / "d.csv"
        assert run(capsys, "route", "--batch", source, "-o", out).status == 0
        with out.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert [row["resolved"] for row in rows] == ["true", "false", "false"]

    def test_rules_comparing_attributes_with_numbers(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A rule comparing a CSV column with a number or a bool is warned of."""
        rules = [
            Rule("big", Compare("attributes.amount", ">", 100), entry_level="L4"),
            Rule("trial", ~Compare("attributes.trial", "in", [True]), max_level="L2"),
            Rule("gold", Compare("attributes.tier", "==", "gold"), entry_level="L3"),
            Rule("seats", Compare("attributes.seats", "==", 5), entry_level="L3"),
        ]
        matrix = (
            em.MatrixBuilder.from_matrix(em.default_matrix())
            .update_policy(rules=rules)
            .build()
        )
        em.dump(matrix, tmp_path / "m.json")
        source = write_csv(
            tmp_path / "t.csv",
            "issue_type,opened_at,amount,trial,tier",
            [f"{ROW},5,true,x"],
        )
        result = run(capsys, "route", "--batch", source, tmp_path / "m.json")
        assert result.status == 0, result.err
        said = (
            "but the cells of a CSV export are text, never equal to or ordered "
            "with either: give such tickets as JSON lines"
        )
        assert result.err.splitlines()[:2] == [
            f"{source}: warning: rule big compares the attribute amount with a "
            f"number or true or false, {said}",
            f"{source}: warning: rule trial compares the attribute trial with a "
            f"number or true or false, {said}",
        ]
        # Not for a column the rules compare with text, nor one not there.
        assert "tier" not in result.err
        assert "seats" not in result.err

    def test_tsv_and_ndjson(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """.tsv is CSV separated by tabs, .ndjson is JSON lines, in and out."""
        tsv = tmp_path / "t.tsv"
        tsv.write_text(f"id\tissue_type\topened_at\nA,1\t{TYPES[0]}\t{ROW_OPENED}\n")
        ndjson = tmp_path / "t.ndjson"
        ndjson.write_text(
            json.dumps({"id": "A,1", "issue_type": TYPES[0], "opened_at": ROW_OPENED})
            + "\n"
        )
        for source in (tsv, ndjson):
            out_tsv, out_ndjson = tmp_path / "d.tsv", tmp_path / "d.ndjson"
            assert run(capsys, "route", "--batch", source, "-o", out_tsv).status == 0
            assert run(capsys, "route", "--batch", source, "-o", out_ndjson).status == 0
            with out_tsv.open(encoding="utf-8", newline="") as file:
                rows = list(csv.DictReader(file, delimiter="\t"))
            assert [row["id"] for row in rows] == ["A,1"]
            lines = out_ndjson.read_text("utf-8").splitlines()
            assert [json.loads(line)["id"] for line in lines] == ["A,1"]

    def test_commas_when_the_header_reads_with_them(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A header with every required column in commas keeps commas."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,note;more",
            [f"A,{ROW},x;y", f"B;C,{ROW},z"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err
        assert routed_ids(result.out) == ["A", "B;C"]

    @pytest.mark.parametrize(
        ("option", "written"),
        [
            ((), ["'=SUM(A1:A2)", "'-5", "T-3", "'@cmd"]),
            (("--csv-formulas", "escape"), ["'=SUM(A1:A2)", "'-5", "T-3", "'@cmd"]),
            (("--csv-formulas", "keep"), ["=SUM(A1:A2)", "-5", "T-3", "@cmd"]),
        ],
    )
    def test_formulas_escaped_as_show_escapes_them(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        option: tuple[str, ...],
        written: list[str],
    ) -> None:
        """A ticket's id a spreadsheet would evaluate gets an apostrophe, unless kept."""
        source = tmp_path / "t.csv"
        ids = ["=SUM(A1:A2)", "-5", "T-3", "@cmd"]
        with source.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "issue_type", "opened_at"])
            writer.writerows([ident, TYPES[0], "2026-11-27T09:00Z"] for ident in ids)
        out = tmp_path / "d.csv"
        result = run(capsys, "route", "--batch", source, "-o", out, *option)
        assert result.status == 0, result.err
        with out.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert [row["id"] for row in rows] == written
        jsonl = tmp_path / "d.jsonl"
        assert run(capsys, "route", "--batch", source, "-o", jsonl, *option).status == 0
        lines = jsonl.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in lines] == ids

    @pytest.mark.parametrize("option", [["--strict"], ["--csv-formulas", "keep"]])
    def test_batch_options_refused_without_batch(
        self, capsys: pytest.CaptureFixture[str], option: list[str]
    ) -> None:
        """An option that describes a ticket export is no use without one."""
        result = run(capsys, "route", TYPES[0], *option)
        assert result.status == 2
        assert result.err.endswith(f"error: {option[0]} goes with --batch only\n")

    @pytest.mark.parametrize(
        ("header", "message"),
        [
            ("id,opened_at", "the CSV header has no column issue_type"),
            ("issue_type,opened_at,actions", "the CSV column actions cannot be read"),
        ],
    )
    def test_bad_header(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        header: str,
        message: str,
    ) -> None:
        """A header without the required columns, or with nested ones, is refused."""
        source = tmp_path / "t.csv"
        source.write_text(header + "\n", encoding="utf-8")
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert message in result.err


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "\n" + "".join(f"{row}\n" for row in rows), "utf-8")
    return path


def routed_ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines()]


class TestCsvRecords:
    def test_a_quote_left_open_to_the_end(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A quote never closed is said at its line; the lines after it route."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at",
            [f"A,{ROW}", f'"B,{ROW}', f"C,{ROW}", f"D,{ROW}"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert routed_ids(result.out) == ["A", "C", "D"]
        assert result.err.startswith(
            f"{source}:3: $: a quote opened in the record is never closed; the "
            "record runs from line 3 to line 5, as when a quote is left open on "
            "line 3: lines 4 to 5 are read again\n"
        )
        assert "4 tickets: 3 routed, 1 with errors" in result.err

    def test_a_quote_left_open_before_a_quoted_cell(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A later quote that cannot close the cell ends the record there."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,title",
            [
                f'A,{ROW},"open',
                f"B,{ROW},plain",
                f'C,{ROW},"quoted, with a comma"',
                f"D,{ROW},plain",
            ],
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["B", "C", "D"]
        assert result.err.startswith(
            f"{source}:2: $: a quoted cell must end at the separator ',' or at the "
            "end of a line, got more text after its closing quote; the record runs from "
            "line 2 to line 4"
        )
        lines = [json.loads(line)["line"] for line in result.out.splitlines()]
        assert lines == [3, 4, 5]

    def test_a_quote_left_open_over_the_cell_limit(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Lines swallowed up to the csv module's cell limit are read again."""
        rows = [f"T{n},{ROW}" for n in range(10_000)]
        rows[5] = f'"{rows[5]}'
        source = write_csv(tmp_path / "t.csv", "id,issue_type,opened_at", rows)
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert len(routed_ids(result.out)) == 9_999
        error = result.err.splitlines()[0]
        assert error.startswith(
            f"{source}:7: $: a cell is longer than 131072 characters; the record "
            "runs from line 7 to line "
        )
        assert "10000 tickets: 9999 routed, 1 with errors" in result.err

    def test_lines_too_long_to_read_again(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Past the bytes kept for a record, its lines are not read again: it is said."""
        monkeypatch.setattr(batch, "_KEPT", 1000)
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at",
            [f"A,{ROW}", f'"B,{ROW}', *(f"C{n},{ROW}" for n in range(10))],
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["A"]
        assert (
            f"{source}:3: $: a quote opened in the record is never closed; the "
            "record runs from line 3 to line 13, as when a quote is left open on "
            "line 3: lines 4 to 13 are too many to be read again\n"
        ) in result.err

    def test_lines_read_again_are_bounded(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A quote left open on every line cannot make the batch read lines again and again.

        Each such line opens a cell that runs to the end of the file: read
        again from the next line, it would do so again, the work growing
        with the square of the lines. At most twice the export's lines are
        read again (and a few more), then a record's lines are not.
        """
        monkeypatch.setattr(batch, "_FREE_AGAIN", 0)
        lines = 400
        source = write_csv(tmp_path / "t.csv", "issue_type,opened_at", ['a","'] * lines)
        read: list[int] = []
        original = batch._Source.__next__

        def counted(self: batch._Source) -> str:
            read.append(1)
            return original(self)

        monkeypatch.setattr(batch._Source, "__next__", counted)
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert len(read) <= 4 * (lines + 1)
        assert "are too many to be read again\n" in result.err
        reported = result.err.splitlines()[:-1]
        assert reported[0].startswith(f"{source}:2: $: a quote opened in the record")

    def test_a_byte_order_mark_on_a_long_first_line(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The mark is part of the line's bytes: a long first line stays one line."""
        monkeypatch.setattr(batch, "MAX_LINE", 150)
        source = tmp_path / "t.jsonl"
        source.write_bytes(
            b"\xef\xbb\xbf"
            + json.dumps({"title": "x" * 300}).encode()
            + b"\n"
            + json.dumps(ticket(0)).encode()
            + b"\n"
        )
        result = run(capsys, "route", "--batch", source)
        assert result.err.startswith(f"{source}:1: $: a line of more than 150 bytes")
        assert json.loads(result.out)["line"] == 2
        assert "2 tickets: 1 routed, 1 with errors" in result.err

    def test_a_stray_quote_closed_by_a_later_cell(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A record holding a line that reads as a ticket of its own is warned of."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,title,size",
            [
                f'T1,{ROW},"Broken screen',
                f'T2,{ROW},Monitor 12",27',
                f'T3,{ROW},"Slow,',
                'very slow",3',
                f"T4,{ROW},fine,1",
            ],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0, result.err
        # CSV that is valid: T2 is T1's title, as CSV reads it.
        assert routed_ids(result.out) == ["T1", "T3", "T4"]
        assert result.err.splitlines()[0] == (
            f"{source}:2: warning: the record runs from line 2 to line 3, and "
            "holds line 3, which reads as a ticket of its own: if a quote was "
            "left open on line 2, that ticket is not routed"
        )
        # A cell meant to hold its lines is no ticket's: not warned of.
        assert "line 4" not in result.err

    def test_a_field_of_the_issue_over_several_lines(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """No field of an issue spans lines; a valid record is not read again.

        Its cells may be as they were meant (an id written over two lines):
        read again, its lines would make tickets that do not exist.
        """
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at",
            ['"INC-1', f'INC-9",{ROW}', f"C,{ROW}"],
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["C"]
        assert result.err.startswith(
            f"{source}:2: $.id: must be one line, got a cell over several lines; "
            "the record runs from line 2 to line 3\n"
        )
        assert "2 tickets: 1 routed, 1 with errors" in result.err

    def test_a_valid_record_of_the_wrong_width_over_several_lines(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """One error for the record, whose lines are not read again."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,title",
            [f'A,{ROW},"l1\nl2\nl3",extra', f"B,{ROW},ok"],
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["B"]
        assert result.err.startswith(
            f"{source}:2: $: has more cells (5) than the header has columns (4); "
            "the record runs from line 2 to line 4\n"
        )
        assert "2 tickets: 1 routed, 1 with errors" in result.err

    def test_one_line_read_again(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A record of two lines that is not CSV: its second is read again."""
        source = write_csv(
            tmp_path / "t.csv", "id,issue_type,opened_at", [f'"A,{ROW}', f"B,{ROW}"]
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["B"]
        assert result.err.startswith(
            f"{source}:2: $: a quote opened in the record is never closed; the "
            "record runs from line 2 to line 3, as when a quote is left open on "
            "line 2: line 3 is read again\n"
        )

    def test_a_header_over_several_lines(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A header holding a quote left open is refused, not read as columns."""
        source = write_csv(
            tmp_path / "t.csv",
            'id,issue_type,opened_at,"title',
            [f"A,{ROW},ok", f'B,{ROW},27"', f"C,{ROW},ok"],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert "the CSV header row cannot be read" in result.err
        assert result.out == ""

    def test_multiline_record_said_at_its_first_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A well-formed record over several lines is said where it starts."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,note",
            ['A,bogus,2026-11-27T09:00Z,"one\ntwo"', f'B,{ROW},"one\ntwo"'],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.err.startswith(f"{source}:2: $.issue_type: unknown issue type")
        assert json.loads(result.out)["line"] == 4

    @pytest.mark.parametrize(
        ("row", "said"),
        [
            (f"B,{ROW}", "has fewer cells (3) than the header has columns (4)"),
            (f"B,{ROW},x,y", "has more cells (5) than the header has columns (4)"),
            # One cell, said without "1 cells".
            ("B", "has fewer cells (1) than the header has columns (4)"),
        ],
    )
    def test_rows_of_another_width(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, row: str, said: str
    ) -> None:
        """A row short of cells is refused as a long one is: its cells may be shifted."""
        source = write_csv(
            tmp_path / "t.csv",
            "id,issue_type,opened_at,severity",
            [f"A,{ROW},critical", row],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 1
        assert routed_ids(result.out) == ["A"]
        assert f"{source}:3: $: {said}\n" in result.err

    def test_blank_lines_skipped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A line of spaces is no ticket, in CSV as in JSON lines."""
        source = write_csv(
            tmp_path / "t.csv", "id,issue_type,opened_at", ["   ", f"A,{ROW}", " , , "]
        )
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0
        assert routed_ids(result.out) == ["A"]
        assert "1 ticket: 1 routed, 0 with errors" in result.err

    def test_carriage_return_in_a_cell(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bare carriage return is said in the export's terms."""
        source = tmp_path / "t.csv"
        source.write_bytes(f"id,issue_type,opened_at\nA\rB,{ROW}\nC,{ROW}\n".encode())
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["C"]
        assert result.err.startswith(
            f"{source}:2: $: a carriage return in a cell that is not quoted\n"
        )

    def test_other_csv_errors_quoted(self) -> None:
        """A reason the command does not know is quoted as the reader gave it."""
        said = batch._csv_reason("something else")
        assert str(said) == "not valid CSV: 'something else'"


class TestJsonLinesEdges:
    def test_byte_order_mark(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A BOM opening a JSON-lines export is left out, as in CSV."""
        source = tmp_path / "t.jsonl"
        source.write_bytes(b"\xef\xbb\xbf" + json.dumps(ticket(0)).encode() + b"\n")
        result = run(capsys, "route", "--batch", source)
        assert result.status == 0
        assert routed_ids(result.out) == ["T-0"]

    def test_a_line_cut_short(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A line cut inside a string is said at the line's end, as it is."""
        source = write_jsonl(
            tmp_path / "t.jsonl",
            ['{"issue_type":"performance_hiccups","opened_at":"2026-11-27T0'],
        )
        result = run(capsys, "route", "--batch", source)
        assert result.err.startswith(
            f"{source}:1: $: not valid JSON at column 49: a string lacks its "
            "closing quote\n"
        )

    def test_now_without_offset_in_the_machines_zone(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """--now without an offset is read in the machine's zone, as without --batch."""
        monkeypatch.setenv("TZ", "America/New_York")
        source = write_jsonl(
            tmp_path / "t.jsonl",
            ['{"issue_type":"performance_hiccups","opened_at":"2026-11-28T10:00Z"}'],
        )
        result = run(capsys, "route", "--batch", source, "--now", "2026-11-28T09:00")
        assert result.status == 0, result.err
        # 09:00 in New York is 14:00 UTC: four hours after the opening.
        assert json.loads(result.out)["level"] == "L2"


class TestOptions:
    @pytest.mark.parametrize(
        "option",
        [
            ["--opened", "1d ago"],
            ["--severity", "low"],
            ["--width", "40"],
            ["--format", "text"],
        ],
    )
    def test_single_issue_options_refused(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, option: list[str]
    ) -> None:
        """Options that describe one issue do not go with --batch."""
        tickets = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        result = run(capsys, "route", "--batch", tickets, *option)
        assert result.status == 2
        assert f"{option[0]} cannot be used with --batch" in result.err

    def test_a_type_with_batch(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An issue type in place of the matrix file says what the argument is."""
        tickets = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        result = run(capsys, "route", "performance_hiccups", "--batch", tickets)
        assert result.status == 2
        assert result.err.endswith(
            "error: with --batch, the one argument is the matrix FILE, and "
            "'performance_hiccups' is none: each line of the export gives its own "
            "issue type\n"
        )

    def test_unknown_suffix(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An export that is neither .jsonl nor .csv is refused."""
        result = run(capsys, "route", "--batch", tmp_path / "t.xlsx")
        assert result.status == 2
        assert (
            "expected a .jsonl or .ndjson file (JSON lines), or a .csv or .tsv file"
            in result.err
        )

    def test_missing_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An export that cannot be read ends the command with status 3."""
        result = run(capsys, "route", "--batch", tmp_path / "none.jsonl")
        assert result.status == 3
        assert "cannot read" in result.err

    def test_type_required_without_batch(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --batch, TYPE is still required."""
        result = run(capsys, "route")
        assert result.status == 2
        assert "the issue type TYPE is required, unless --batch is given" in result.err

    def test_matrix_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The one argument of a batch is the matrix file."""
        matrix = tmp_path / "m.toml"
        em.dump(em.default_matrix(), matrix)
        tickets = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        result = run(capsys, "route", matrix, "--batch", tickets)
        assert result.status == 0
        assert json.loads(result.out)["level"] == expected(0).level.key
        again = run(capsys, "route", "outage", matrix, "--batch", tickets)
        assert again.status == 2


class TestOutputFile:
    @pytest.mark.parametrize("link", [False, True])
    def test_never_written_over_the_export(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, *, link: bool
    ) -> None:
        """``-o`` naming the export, or a link to it, is refused before anything."""
        source = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0)), "{"])
        before = source.read_bytes()
        output = source
        if link:
            output = tmp_path / "link.jsonl"
            output.symlink_to(source.name)
        result = run(capsys, "route", "--batch", source, "-o", output)
        assert result.status == 3
        assert result.err == (
            f"escalation-matrix route: error: cannot write {str(output)!r}: it is "
            "the ticket export being read\n"
        )
        assert source.read_bytes() == before

    def test_a_directory(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """``-o`` naming a directory is status 3, as for every --output."""
        source = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        result = run(capsys, "route", "--batch", source, "-o", tmp_path)
        assert result.status == 3
        assert result.err.startswith(
            f"escalation-matrix route: error: cannot write {str(tmp_path)!r}: "
        )

    def test_written_as_every_output_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A new file gets the usual mode; a file with hard links is written in place."""
        source = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        fresh = tmp_path / "fresh.jsonl"
        assert run(capsys, "route", "--batch", source, "-o", fresh).status == 0
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
        linked = tmp_path / "linked.jsonl"
        linked.write_text("old\n", encoding="utf-8")
        linked.chmod(0o640)
        os.link(linked, tmp_path / "other.jsonl")
        assert run(capsys, "route", "--batch", source, "-o", linked).status == 0
        other = (tmp_path / "other.jsonl").read_text(encoding="utf-8")
        assert (
            other
            == linked.read_text(encoding="utf-8")
            == fresh.read_text(encoding="utf-8")
        )
        assert stat.S_IMODE(linked.stat().st_mode) == 0o640
        assert sorted(path.name for path in tmp_path.iterdir()) == [
            "fresh.jsonl",
            "linked.jsonl",
            "other.jsonl",
            "t.jsonl",
        ]

    def test_standard_output_that_cannot_be_written(self, tmp_path: Path) -> None:
        """A full disk behind standard output is a file error, not a bug."""
        source = write_jsonl(tmp_path / "t.jsonl", [json.dumps(ticket(0))])
        with Path("/dev/full").open("w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "escalation_matrix", "route", "--batch", source],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        assert done.returncode == 3, done.stderr
        assert done.stderr.endswith(
            "error: cannot write standard output: No space left on device\n"
        )


class TestCatalogs:
    def test_problems_and_summary_in_the_catalogs_language(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """``--catalogs``' messages say a batch's problems and summary too."""
        problem = (
            "has no UTC offset, got {got}: give one (+01:00, Z), or the time zone "
            "of the export's times with --timezone"
        )
        entries = [
            (None, problem, "ohne UTC-Versatz: {got}"),
            (
                "cli",
                "{tickets}: {routed}, {errors}",
                "{tickets} (de): {routed}, {errors}",
            ),
        ]
        write_catalog(
            tmp_path / "cat", "de", entries, domain="escalation_matrix_messages"
        )
        source = write_jsonl(
            tmp_path / "t.jsonl",
            [json.dumps({"issue_type": TYPES[0], "opened_at": "2026-11-27 09:00"})],
        )
        result = run(
            capsys,
            "route",
            "--locale",
            "de",
            "--catalogs",
            tmp_path / "cat",
            "--batch",
            source,
        )
        assert result.status == 1
        assert result.err.splitlines() == [
            f"{source}:1: $.opened_at: ohne UTC-Versatz: '2026-11-27 09:00'",
            "1 ticket (de): 0 routed, 1 with errors",
        ]

    def test_a_percent_sign_in_a_help_translation(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A % of a help translation is shown as it is: argparse fills helps with %."""
        entries = [
            ("cli", "show this help and exit", "mostra l%aiuto (100%) ed esci"),
            (
                "cli",
                "say who handles an issue, what they must do, and why",
                "chi (100%)",
            ),
        ]
        write_catalog(tmp_path, "it", entries, domain="escalation_matrix_messages")
        for args in (["route", "--help"], ["--help"]):
            result = run(capsys, *args, "--locale", "it", "--catalogs", tmp_path)
            assert result.status == 0, result.err
        assert (
            "mostra l%aiuto (100%) ed esci"
            in run(
                capsys, "route", "--help", "--locale", "it", "--catalogs", tmp_path
            ).out
        )


class TestMoments:
    @pytest.mark.parametrize(
        ("written", "six"),
        [
            ("08:59:59.1234567Z", "08:59:59.123456Z"),
            ("08:59:59,123456789Z", "08:59:59,123456Z"),
        ],
    )
    def test_finer_than_microseconds_refused(
        self, capsys: pytest.CaptureFixture[str], written: str, six: str
    ) -> None:
        """A moment past microseconds is refused, as in a ticket, not cut."""
        moment = f"2026-11-28T{written}"
        result = run(capsys, "route", "performance_hiccups", "--opened", moment)
        assert result.status == 2
        assert result.err.endswith(
            f"error: argument --opened: {moment!r} gives a second's fraction finer "
            "than microseconds: write at most 6 digits\n"
        )
        at_most_six = f"2026-11-28T{six}"
        assert (
            run(capsys, "route", "performance_hiccups", "--opened", at_most_six).status
            == 0
        )


class TestOverlay:
    def test_batch_with_an_overlay(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--overlay puts an overlay on the matrix the batch routes with."""
        overlay = tmp_path / "o.toml"
        overlay.write_text(
            'schema_version = 1\noverlay = "acme"\n\n[texts]\n'
            '"cell:performance_hiccups:L1" = "Call the hotline."\n',
            "utf-8",
        )
        opened = (NOW - HOUR).isoformat()
        source = write_csv(
            tmp_path / "t.csv",
            "issue_type,opened_at",
            [f"performance_hiccups,{opened}"],
        )
        result = run(capsys, "route", "--batch", source, "--overlay", overlay)
        assert result.status == 0, result.err
        assert json.loads(result.out)["responsibility"] == "Call the hotline."


class TestIds:
    def test_a_whole_number_is_its_digits(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A ticket numbered, as service desks number them, has its digits for id."""
        fields = {"issue_type": TYPES[0], "opened_at": ROW_OPENED}
        source = write_jsonl(
            tmp_path / "t.jsonl",
            [json.dumps({"id": ident, **fields}) for ident in (12345, -7, True, 1.5)],
        )
        result = run(capsys, "route", "--batch", source)
        assert routed_ids(result.out) == ["12345", "-7"]
        assert result.err.splitlines()[:2] == [
            f"{source}:3: $.id: must be a string, got true",
            f"{source}:4: $.id: must be a string, got 1.5",
        ]


class TestTimesWithoutOffset:
    EXPORT = (
        "id,issue_type,opened_at,acknowledged_at\n"
        "A,performance_hiccups,2026-11-27T09:00:00,\n"
        "B,performance_hiccups,2026-03-29T02:30,\n"
        "C,performance_hiccups,2026-10-25T02:30,2026-10-25T01:00\n"
        "D,performance_hiccups,2026-11-27T09:00Z,2026-11-27T09:30\n"
        "E,performance_hiccups,2026-11-27T08:00Z,2026-11-27T09:30\n"
    )

    def test_read_in_the_zone_of_timezone(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With --timezone, times without an offset are read in its zone."""
        source = tmp_path / "t.csv"
        source.write_text(self.EXPORT, encoding="utf-8")
        result = run(capsys, "route", "--batch", source, "--timezone", "Europe/Rome")
        assert result.status == 1
        decisions = {d["id"]: d for d in map(json.loads, result.out.splitlines())}
        assert sorted(decisions) == ["A", "E"]
        rome = ZoneInfo("Europe/Rome")
        opened = datetime(2026, 11, 27, 9, tzinfo=rome)
        issue = em.Issue(TYPES[6], opened, id="A")
        decision = em.route(em.default_matrix(), issue, now=NOW)
        assert decisions["A"]["level"] == decision.level.key
        assert decisions["A"]["since"] == write_moment(decision.since)
        assert decisions["A"]["since"].endswith("+01:00[Europe/Rome]")
        assert result.err.splitlines()[:3] == [
            f"{source}:3: $.opened_at: is a time the clocks skip in Europe/Rome, "
            "got '2026-03-29T02:30': give its UTC offset",
            # A time shown twice is the earlier: 02:30 the first time is
            # after 01:00 that night.
            f"{source}:4: $.acknowledged_at: must not be before opened_at "
            "('2026-10-25T02:30'), got '2026-10-25T01:00'",
            f"{source}:5: $.acknowledged_at: must not be before opened_at "
            "('2026-11-27T09:00Z'), got '2026-11-27T09:30'",
        ]

    def test_refused_without_timezone(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Without --timezone, a time without an offset is its line's error."""
        source = tmp_path / "t.csv"
        source.write_text(self.EXPORT, encoding="utf-8")
        result = run(capsys, "route", "--batch", source)
        assert result.out == ""
        assert result.err.splitlines()[0] == (
            f"{source}:2: $.opened_at: has no UTC offset, got '2026-11-27T09:00:00': "
            "give one (+01:00, Z), or the time zone of the export's times with "
            "--timezone"
        )
        assert result.err.splitlines()[4] == (
            f"{source}:6: $.acknowledged_at: has no UTC offset, got "
            "'2026-11-27T09:30': give one (+01:00, Z), or the time zone of the "
            "export's times with --timezone"
        )

    @pytest.mark.parametrize(
        ("written", "said"),
        [
            ("2026-11-27+01:00", "must separate the date from the time with T"),
            ("2026-11-27x09:00Z", "must separate the date from the time with T"),
            (
                "2026-11-27",
                "must be a date and time with its UTC offset, not a date alone",
            ),
        ],
    )
    def test_dates_without_a_time_or_a_t(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        written: str,
        said: str,
    ) -> None:
        """A date alone, or a date and time joined by another character, is said so."""
        source = write_csv(
            tmp_path / "t.csv", "issue_type,opened_at", [f"{TYPES[0]},{written}"]
        )
        for zone in ((), ("--timezone", "Europe/Rome")):
            result = run(capsys, "route", "--batch", source, *zone)
            assert result.err.startswith(
                f"{source}:2: $.opened_at: {said}, got '{written}'\n"
            )
        # As in any payload.
        with pytest.raises(em.exceptions.ValidationError, match=said):
            em.from_dict({"issue_type": TYPES[0], "opened_at": written}, em.Issue)

    def test_a_lower_case_z(self) -> None:
        """UTC's Z may be lower case, as RFC 3339 allows; so may the T."""
        issue = em.from_dict(
            {"issue_type": TYPES[0], "opened_at": "2026-11-27t09:00z"}, em.Issue
        )
        assert issue.opened_at == datetime(2026, 11, 27, 9, tzinfo=UTC)


class TestLargeExport:
    def test_100000_lines_with_malformed_ones(self, tmp_path: Path) -> None:
        """100,000 lines, one in a thousand broken, route in a real process."""
        broken = set(range(999, 100_000, 1000))
        lines = [
            "{oops" if n in broken else json.dumps(ticket(n)) for n in range(100_000)
        ]
        tickets = write_jsonl(tmp_path / "t.jsonl", lines)
        out = tmp_path / "d.jsonl"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "escalation_matrix",
                "route",
                "--batch",
                str(tickets),
                "--now",
                NOW.isoformat(),
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 1
        errors = [
            line for line in done.stderr.splitlines() if line.startswith(str(tickets))
        ]
        assert len(errors) == len(broken)
        assert errors[0].startswith(f"{tickets}:1000: $: not valid JSON")
        # No progress bar: standard error is a pipe.
        assert "\r" not in done.stderr
        assert "100000 tickets: 99900 routed, 100 with errors" in done.stderr
        with out.open(encoding="utf-8") as decisions:
            count = sum(1 for _ in decisions)
        assert count == 99_900


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_bar_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """On a terminal, the bar is drawn and removed before the summary."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(batch, "_PROGRESS_EVERY", 10)
        tickets = write_jsonl(
            tmp_path / "t.jsonl", [json.dumps(ticket(n)) for n in range(30)]
        )
        assert (
            main(["route", "--batch", str(tickets), "-o", str(tmp_path / "d.jsonl")])
            == 0
        )
        text = terminal.getvalue()
        assert "\r100% 30 tickets, 0 errors\x1b[K" in text
        assert "\r\x1b[K30 tickets: 30 routed, 0 with errors" in text

    def test_bar_when_every_line_fails(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The bar counts lines, routed or not."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(batch, "_PROGRESS_EVERY", 10)
        tickets = write_jsonl(tmp_path / "t.jsonl", ["{bad"] * 30)
        out = str(tmp_path / "d.jsonl")
        assert main(["route", "--batch", str(tickets), "-o", out]) == 1
        assert "% 20 tickets, 20 errors\x1b[K" in terminal.getvalue()

    @pytest.mark.parametrize("output", [False, True])
    def test_no_bar_before_decisions_on_the_terminal(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, output: bool
    ) -> None:
        """Decisions written to the terminal would follow the bar on its line."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(sys, "stdout", terminal)
        monkeypatch.setattr(batch, "_PROGRESS_EVERY", 10)
        tickets = write_jsonl(
            tmp_path / "t.jsonl", [json.dumps(ticket(n)) for n in range(30)]
        )
        written = ["-o", str(tmp_path / "d.jsonl")] if output else []
        assert main(["route", "--batch", str(tickets), *written]) == 0
        assert ("% 30 tickets" in terminal.getvalue()) is output


class TestLibrary:
    def test_iter_route_is_lazy(self) -> None:
        """iter_route decides each issue when asked, from any iterable."""
        seen: list[int] = []

        def issues() -> Iterator[em.Issue]:
            for n in range(3):
                seen.append(n)
                yield expected(n).issue

        decisions = em.iter_route(em.default_matrix(), issues(), now=NOW)
        assert seen == []
        first = next(decisions)
        assert (seen, first) == ([0], expected(0))
        assert list(decisions) == [expected(1), expected(2)]

    @pytest.mark.parametrize(
        "now",
        [
            datetime(2026, 11, 28),  # noqa: DTZ001 -- naive on purpose
            "2026-11-28T09:00Z",
            datetime(1, 1, 1, tzinfo=_Zone(HOUR)),
        ],
    )
    def test_now_checked_at_the_call(self, now: object) -> None:
        """A naive now, or none at all, is refused at once, with issues or none."""
        for issues in ([], [expected(0).issue]):
            with pytest.raises(em.exceptions.RoutingError, match="now"):
                em.iter_route(em.default_matrix(), issues, now=now)  # type: ignore[arg-type]
            with pytest.raises(em.exceptions.RoutingError, match="now"):
                em.route_many(em.default_matrix(), issues, now=now)  # type: ignore[arg-type]

    def test_route_many_takes_a_generator(self) -> None:
        """route_many takes any iterable, and equals iter_route's decisions."""
        matrix = em.default_matrix()
        issues = [expected(n).issue for n in range(20)]
        assert em.route_many(matrix, iter(issues), now=NOW) == list(
            em.iter_route(matrix, issues, now=NOW)
        )

    def test_issue_type_object(self) -> None:
        """An Issue takes the matrix's IssueType, keeping its key."""
        matrix = em.default_matrix()
        issue = em.Issue(matrix.issue_type("performance_hiccups"), NOW)
        assert issue == em.Issue("performance_hiccups", NOW)

    def test_issues_share_empty_maps(self) -> None:
        """Issues without actions or attributes share one empty container each."""
        one = em.Issue("performance_hiccups", NOW, attributes={}, actions=[])
        two = em.Issue("performance_hiccups", NOW)
        assert one.attributes is two.attributes
        assert one.actions is two.actions
        assert one == two

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"issue_type": "Bad Key"}, "$.issue_type"),
            ({"severity": "Not A Key"}, "$.severity"),
            ({"id": " "}, "$.id"),
            ({"id": "T\x1b[2J"}, "$.id"),
            ({"opened_at": datetime(2026, 11, 28)}, "$.opened_at"),  # noqa: DTZ001
            ({"opened_at": "2026-11-28"}, "$.opened_at"),
            ({"opened_at": datetime(2026, 11, 28, tzinfo=_Zone(None))}, "$.opened_at"),
            (
                {"opened_at": datetime(9999, 12, 31, 23, tzinfo=_Zone(-2 * HOUR))},
                "$.opened_at",
            ),
        ],
    )
    def test_quick_path_still_validates(
        self, kwargs: dict[str, object], path: str
    ) -> None:
        """The quick path of Issue() refuses what the full checks refuse."""
        fields: dict[str, object] = {
            "issue_type": "performance_hiccups",
            "opened_at": NOW,
            **kwargs,
        }
        with pytest.raises(em.exceptions.ValidationError) as caught:
            em.Issue(**fields)  # type: ignore[arg-type]
        assert [problem.path for problem in caught.value.problems] == [path]

    @pytest.mark.parametrize(
        "zone",
        [_Zone(9 * HOUR), _Zone(_Offset(hours=-3)), _Zone(-23 * HOUR)],
        ids=["offset", "offset subclass", "almost a day"],
    )
    def test_zones_the_quick_path_leaves_to_the_full_checks(self, zone: _Zone) -> None:
        """Any zone whose offset Python accepts makes an aware opening."""
        opened = datetime(2026, 11, 28, 9, 0, tzinfo=zone)
        issue = em.Issue("performance_hiccups", opened)
        assert issue.opened_at is opened

    def test_unicode_id_takes_the_full_checks(self) -> None:
        """A non-ASCII id is accepted through the full checks."""
        assert em.Issue("performance_hiccups", NOW, id="Ticket-è").id == "Ticket-è"
