"""Regression tests of review findings on parser messages, catalogs and batch input."""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from babel.messages.pofile import read_po

import escalation_matrix as em
from escalation_matrix._cli import batch
from escalation_matrix._cli.batch import MAX_LINE, _lines, _LongLine
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.catalog_checks import compile_catalog, po_misread_line
from escalation_matrix._i18n.catalogs import read_catalog
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix.exceptions import CatalogError, Phrase, ValidationError

LOCALE = Path(em.__file__).parent / "_i18n" / "locale"
CATALOGS = [
    LOCALE / "escalation_matrix_messages.pot",
    *sorted(LOCALE.glob("*/LC_MESSAGES/escalation_matrix_messages.po")),
]


def _fields(template: str) -> dict[str, str]:
    return {
        name: "x"
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    }


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_every_template_of_the_messages_catalog_formats(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    broken = []
    for message in catalog:
        if not message.id or message.context is not None:
            continue  # the header, and the command line's own messages
        texts: list[str] = []
        for value in (message.id, message.string):
            texts += [value] if isinstance(value, str) else list(value or ())
        for text in filter(None, texts):
            try:
                text.format_map(_fields(text))
            except (ValueError, KeyError, IndexError) as error:
                broken.append((text, str(error)))
    assert broken == []


def test_an_open_inline_table_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match=r"closing '\}'"):
        em.loads("a = {b = 1\n", "toml")


def test_a_phrase_with_a_broken_template_is_still_said() -> None:
    phrase = Phrase("a lone } brace {what}", what="x")
    assert str(phrase) == "a lone } brace {what}"
    assert phrase.said({"a lone } brace {what}": "{"}.get) == "a lone } brace {what}"


@pytest.mark.parametrize(
    ("text", "format_", "said"),
    [
        ('a = "x\n', "toml", "a string lacks its closing quote"),
        ("a = 'x", "toml", "a string lacks its closing quote"),
        ('{"a": {"b": 1\n', "json", "the text ends before the value does"),
        ('\ufeff{"a": 1}', "json", "byte order mark"),
        ("a: [1, 2\n", "yaml", "the text ends before the closing ']'"),
        ("a: {b: 1\n", "yaml", "the text ends before the closing '}'"),
    ],
)
def test_usual_syntax_errors_are_said_in_the_librarys_words(
    text: str, format_: str, said: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        em.loads(text, format_)  # type: ignore[call-overload]
    assert said in str(caught.value)


def _with_number_delay(format_: str) -> str:
    data = em.to_dict(em.default_matrix())
    data["levels"][0]["delay"] = 3600
    if format_ == "json":
        import json  # noqa: PLC0415

        return json.dumps(data)
    return em.dumps(em.from_dict(em.to_dict(em.default_matrix())), "toml").replace(
        f'delay = "{em.to_dict(em.default_matrix())["levels"][0]["delay"]}"',
        "delay = 3600",
        1,
    )


@pytest.mark.parametrize("format_", ["json", "toml"])
def test_a_number_delay_outside_yaml_gets_no_yaml_hint(format_: str) -> None:
    with pytest.raises(ValidationError) as caught:
        em.loads(_with_number_delay(format_), format_)  # type: ignore[call-overload]
    message = str(caught.value)
    assert "write the duration in quotes" in message
    assert "YAML" not in message


BAD_PO = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgctxt "level:L1:name"\nmsgid "First line"\nmsgstr "Erste Ebene\n'
)


def test_a_string_without_its_closing_quote_is_found() -> None:
    assert po_misread_line(BAD_PO.encode()) == (8, 'msgstr "Erste Ebene')
    assert po_misread_line(BAD_PO.replace("Ebene\n", 'Ebene"\n').encode()) is None


def test_reading_a_po_file_refuses_an_open_string(tmp_path: Path) -> None:
    po = tmp_path / "escalation_matrix.po"
    po.write_text(BAD_PO, encoding="utf-8")
    with pytest.raises(CatalogError, match="line 8"):
        read_catalog(po)
    problems = compile_catalog(po, tmp_path / "x.mo")
    assert problems == [f"{po}:8: a string lacks its closing quote"]


class Done(NamedTuple):
    """What a run of the command gave."""

    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Done]


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cli]:
    """Run the command in a folder and a language; return what it gave."""

    def run(*args: str, cwd: Path, lang: str = "C.UTF-8") -> Done:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("LANG", lang)
        clear_cache()
        status = main(list(args))
        captured = capsys.readouterr()
        return Done(status, captured.out, captured.err)

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    yield run
    clear_cache()


@pytest.mark.parametrize("target", ["/dev/full", "/dev/zero"])
def test_catalog_refuses_a_device_as_output(
    cli: Cli, target: str, tmp_path: Path
) -> None:
    done = cli("catalog", "-o", target, cwd=tmp_path)
    assert done.returncode == 3
    assert "not a regular file" in done.stderr


def test_catalog_refuses_a_fifo_as_output(cli: Cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.po")
    done = cli("catalog", "-o", "fifo.po", cwd=tmp_path)
    assert done.returncode == 3
    assert "FIFO" in done.stderr


def test_catalog_refuses_to_update_a_misread_po(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "de.po").write_text(BAD_PO, encoding="utf-8")
    done = cli("catalog", "--locale", "de", "-o", "de.po", cwd=tmp_path)
    assert done.returncode == 1
    assert "line 8" in done.stderr
    assert (tmp_path / "de.po").read_text(encoding="utf-8") == BAD_PO


def test_batch_refuses_a_device(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").symlink_to("/dev/zero")
    done = cli("route", "--batch", "t.jsonl", cwd=tmp_path)
    assert done.returncode == 3
    assert "not a regular file" in done.stderr


def test_a_batch_line_past_the_limit_is_one_lines_error() -> None:
    import io  # noqa: PLC0415

    data = b"x" * (MAX_LINE + 5) + b"\n{}\n"
    counter = [0]
    lines = list(_lines(io.BytesIO(data), counter))
    assert isinstance(lines[0], _LongLine)
    assert lines[1:] == ["{}\n"]
    assert counter == [len(data)]


HEADER = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog_dir(tmp_path: Path, domain: str, entries: str) -> Path:
    folder = tmp_path / "cats" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{domain}.po").write_text(HEADER + entries, encoding="utf-8")
    return tmp_path / "cats"


@pytest.mark.parametrize(
    ("domain", "entry", "said"),
    [
        (
            "escalation_matrix",
            '#, fuzzy\nmsgctxt "level:L1:name"\nmsgid "First line"\nmsgstr "Erste"\n',
            "fuzzy: review the translation",
        ),
        (
            "escalation_matrix",
            'msgctxt "level:L1:name"\nmsgid "First line"\nmsgstr ""\n',
            "untranslated",
        ),
        (
            "escalation_matrix",
            'msgctxt "level:L1:name"\nmsgid "First line"\nmsgstr "Erste Ebene\n',
            "line 8 cannot be read",
        ),
    ],
)
def test_validate_catalogs_reports_what_the_docs_say(
    cli: Cli, tmp_path: Path, domain: str, entry: str, said: str
) -> None:
    folder = _catalog_dir(tmp_path, domain, entry)
    done = cli("validate", "--catalogs", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    assert said in done.stderr


@pytest.mark.parametrize(
    ("domain", "context"),
    [
        ("escalation_matrix", "level:L1:name"),
        # In the other domain's file, an entry is used all the same.
        ("escalation_matrix_messages", "level:L1:name"),
    ],
)
def test_validate_catalogs_says_a_good_catalog_valid(
    cli: Cli, tmp_path: Path, domain: str, context: str
) -> None:
    entry = f'msgctxt "{context}"\nmsgid "First line"\nmsgstr "Erste"\n'
    folder = _catalog_dir(tmp_path, domain, entry)
    done = cli("validate", "--catalogs", str(folder), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "valid" in done.stdout


PAGERDUTY = min((Path(__file__).parent / "data").rglob("pagerduty*.json"))


@pytest.mark.parametrize("language", ["zz_ZZ", "../x"])
def test_import_checks_language_as_locale_is_checked(
    cli: Cli, tmp_path: Path, language: str
) -> None:
    done = cli(
        "import",
        "pagerduty",
        str(PAGERDUTY),
        "--language",
        language,
        cwd=tmp_path,
        lang="it_IT.UTF-8",
    )
    assert done.returncode == 2
    assert "non valida" in done.stderr
    assert "internal error" not in done.stderr


def test_import_takes_a_language_written_with_a_hyphen(
    cli: Cli, tmp_path: Path
) -> None:
    done = cli(
        "import", "pagerduty", str(PAGERDUTY), "--language", "it-CH", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert 'language = "it_CH"' in done.stdout


def test_batch_lines_quote_times_as_written_and_suggest_types(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "t.jsonl").write_text(
        '{"issue_type": "performance_hicups", "opened_at": "2026-11-27T09:00Z"}\n'
        '{"issue_type": "performance_hiccups", "opened_at": "2026-11-27T09:00Z", '
        '"acknowledged_at": "2026-11-26T09:00Z"}\n',
        encoding="utf-8",
    )
    done = cli(
        "route", "--batch", "t.jsonl", "--now", "2026-11-28T09:00Z", cwd=tmp_path
    )
    assert "did you mean 'performance_hiccups'?" in done.stderr
    assert (
        "must not be before opened_at ('2026-11-27T09:00Z'), got '2026-11-26T09:00Z'"
        in done.stderr
    )


def test_a_csv_cell_past_the_csv_limit_is_one_lines_error(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "t.csv").write_text(
        "issue_type,opened_at,title\n"
        f"performance_hiccups,2026-11-27T09:00Z,{'x' * 200_000}\n"
        "performance_hiccups,2026-11-27T09:00Z,ok\n",
        encoding="utf-8",
    )
    done = cli("route", "--batch", "t.csv", "--now", "2026-11-28T09:00Z", cwd=tmp_path)
    assert done.returncode == 1
    assert "t.csv:2: $: a cell is longer than 131072 characters\n" in done.stderr
    assert '"line": 3' in done.stdout


def test_a_csv_header_that_cannot_be_read_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(f"issue_type,{'x' * 200_000}\n", encoding="utf-8")
    done = cli("route", "--batch", "t.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "the CSV header row cannot be read" in done.stderr


def test_a_long_csv_line_is_one_lines_error() -> None:
    from escalation_matrix._cli.batch import _csv_records  # noqa: PLC0415

    lines = iter(
        [
            "issue_type,opened_at\n",
            _LongLine(),
            "performance_hiccups,2026-11-27T09:00Z\n",
        ]
    )
    records = list(_csv_records(lines, "t.csv", None, {}))  # type: ignore[arg-type]
    assert [number for number, _ in records] == [2, 3]
    assert "max_file_size" in str(records[0][1])


def test_catalog_refuses_to_update_a_file_past_the_size_limit(
    cli: Cli, tmp_path: Path
) -> None:
    with (tmp_path / "de.po").open("wb") as handle:
        handle.truncate(16 * 2**20 + 1)  # sparse: no disk written
    done = cli("catalog", "--locale", "de", "-o", "de.po", cwd=tmp_path)
    assert done.returncode == 1
    assert "larger than the file-size limit" in done.stderr


def test_batch_refuses_a_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").mkdir()
    done = cli("route", "--batch", "t.jsonl", cwd=tmp_path)
    assert done.returncode == 3
    assert "t.jsonl" in done.stderr


def test_a_json_line_past_the_limit_is_reported_and_the_batch_goes_on(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_LINE", 100)
    (tmp_path / "t.jsonl").write_bytes(
        b'{"title": "' + b"x" * (3 * 2**20) + b'"}\n'
        b'{"issue_type": "performance_hiccups", "opened_at": "2026-11-27T09:00Z"}\n'
    )
    done = cli(
        "route", "--batch", "t.jsonl", "--now", "2026-11-28T09:00Z", cwd=tmp_path
    )
    assert done.returncode == 1
    assert "t.jsonl:1: $: a line of more than 100 bytes" in done.stderr
    assert '"line": 2' in done.stdout


def test_a_long_line_in_a_quoted_csv_cell_keeps_the_records_after_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line past the limit stands for one with as many quotes, odd or even.

    The quoted cell it ends still ends there, and the records after it are
    read as they are.
    """
    monkeypatch.setattr(batch, "MAX_LINE", 100)
    opened = "performance_hiccups,2026-11-27T09:00Z"
    (tmp_path / "t.csv").write_bytes(
        b"id,issue_type,opened_at,note\n"
        + f'T-1,{opened},"first line of a note\n'.encode()
        + b"a" * (3 * 2**20)
        + b'"\n'
        + "".join(f'T-{n},{opened},"ok"\n' for n in range(2, 5)).encode()
    )
    done = cli("route", "--batch", "t.csv", "--now", "2026-11-28T09:00Z", cwd=tmp_path)
    assert done.returncode == 1
    assert "t.csv:3: $: a line of more than 100 bytes" in done.stderr
    routed = [
        line.split('"id": "')[1].split('"')[0] for line in done.stdout.splitlines()
    ]
    assert routed == ["T-2", "T-3", "T-4"]
    assert "4 tickets: 3 routed, 1 with errors" in done.stderr


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux's /proc")
def test_an_export_that_cannot_be_read_is_said_so(cli: Cli, tmp_path: Path) -> None:
    """A read error is the export's, not the output's."""
    (tmp_path / "t.jsonl").symlink_to("/proc/self/mem")  # read() fails: EIO
    for output in ([], ["-o", "d.jsonl"]):
        done = cli("route", "--batch", "t.jsonl", *output, cwd=tmp_path)
        assert done.returncode == 3
        assert done.stderr.endswith(
            "error: cannot read 't.jsonl': Input/output error\n"
        ), done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["t.jsonl"]
