"""Translator tooling: the extractor, the placeholder checker, the shipped catalogs."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from tools import catalog_sync as _catalog_sync

import escalation_matrix as em
from escalation_matrix import default_matrix
from escalation_matrix._i18n.catalog_checks import (
    catalog_problems,
    check_placeholders,
    compile_catalog,
    placeholders,
)
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix._serialization.extractor import extract_matrix
from escalation_matrix.exceptions import UnknownFormatError, ValidationError
from escalation_matrix.typing import Format

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "escalation_matrix" / "_i18n" / "locale"
TEMPLATE = LOCALES / "escalation_matrix.pot"
MESSAGES_TEMPLATE = LOCALES / "escalation_matrix_messages.pot"
DOMAINS = ("escalation_matrix", "escalation_matrix_messages")


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def extracted(
    data: bytes, name: str, options: dict[str, Any] | None = None
) -> list[Any]:
    """Run the extractor through Babel, as pybabel does."""
    fileobj = io.BytesIO(data)
    fileobj.name = name
    return list(extract("escalation_matrix", fileobj, options=options or {}))


class TestExtractor:
    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_every_text_with_its_context(self, fmt: Format) -> None:
        """Every text of the matrix is extracted with its context and comment."""
        data = em.dumps(default_matrix(), fmt).encode()
        found = [
            (context, text, comments)
            for _, text, comments, context in extracted(data, f"m.{fmt}")
        ]
        expected = [
            (t.context, t.text, [t.comment]) for t in matrix_texts(default_matrix())
        ]
        assert expected == found

    def test_line_numbers_in_the_data_file(self) -> None:
        """Each text is placed at the line where it is written."""
        path = (
            ROOT
            / "src"
            / "escalation_matrix"
            / "_serialization"
            / "data"
            / "default.toml"
        )
        lines = path.read_text("utf-8").splitlines()
        for lineno, text, _, context in extracted(path.read_bytes(), path.name):
            assert f'"{text}"' in lines[lineno - 1], context

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_line_numbers_by_format(self, fmt: Format) -> None:
        """Line numbers are found in TOML, JSON and YAML alike."""
        text = em.dumps(default_matrix(), fmt)
        lines = text.splitlines()
        found = extracted(text.encode(), f"m.{fmt}")
        assert len(found) == 57
        for lineno, message, _, context in found:
            start = lines[lineno - 1]
            assert f'"{message}"' in start or message.startswith(
                start.split(": ")[1]
            ), context

    def test_repeated_texts_get_their_own_lines(self) -> None:
        """The same text at two places is found at each place in turn."""
        data = b"""schema_version = 1
key = "twice"
title = "Same"

[[roles]]
key = "a"
title = "Same"

[[levels]]
key = "L1"
rank = 1
role = "a"
name = "Same"

[[issue_types]]
key = "x"
name = "X"
responsibilities = { L1 = "Do it." }
"""
        found = [
            (lineno, context) for lineno, _, _, context in extracted(data, "m.toml")
        ]
        assert found[:3] == [
            (3, "matrix:title"),
            (7, "role:a:title"),
            (13, "level:L1:name"),
        ]

    def test_text_not_on_one_line(self) -> None:
        """A text written over several lines is placed at line 1."""
        data = em.dumps(default_matrix(), "toml").replace(
            'title = "Example issue escalation matrix template"',
            'title = """Example issue escalation \\\nmatrix template"""',
        )
        (first, *_) = extracted(data.encode(), "m.toml")
        assert first[0] == 1

    def test_format_option(self) -> None:
        """The mapping's format option reads a file whatever its suffix."""
        data = em.dumps(default_matrix(), "json").encode()
        assert len(extracted(data, "matrix.data", {"format": "json"})) == 57

    @pytest.mark.parametrize(
        ("name", "options"),
        [("matrix.ini", {}), ("matrix", {}), ("m.toml", {"format": "xml"})],
    )
    def test_unknown_format(self, name: str, options: dict[str, Any]) -> None:
        """A file whose format is unknown raises UnknownFormatError."""
        with pytest.raises(UnknownFormatError):
            extracted(b"", name, options)

    def test_invalid_matrix(self) -> None:
        """A file that is not a valid matrix raises ValidationError."""
        with pytest.raises(ValidationError, match="schema_version"):
            extracted(b'key = "x"\n', "m.toml")

    @pytest.mark.parametrize("name", ["m.toml", "m.json", "m.yaml"])
    def test_unreadable_text(self, name: str) -> None:
        """Text that does not parse is reported by the matrix reader, per format."""
        with pytest.raises(ValidationError, match="not valid"):
            extracted(b"{[: nope", name)

    def test_needs_the_context_keyword(self) -> None:
        """Without Babel's pgettext keyword, contexts would be lost: refused."""
        fileobj = io.BytesIO(em.dumps(default_matrix(), "toml").encode())
        with pytest.raises(ValueError, match="needs the 'pgettext' keyword"):
            next(extract_matrix(fileobj, ["_"], [], {"format": "toml"}))


USER_PYPROJECT = """
[[tool.babel.mappings]]
method = "escalation_matrix"
pattern = "matrices/**.toml"

[[tool.babel.mappings]]
method = "escalation_matrix"
pattern = "matrices/**.data"
format = "json"
"""


def test_pybabel_extract_with_the_documented_mapping(tmp_path: Path) -> None:
    """Pybabel extract with the mapping in pyproject.toml writes the expected .pot."""
    (tmp_path / "pyproject.toml").write_text(USER_PYPROJECT, "utf-8")
    matrices = tmp_path / "matrices"
    matrices.mkdir()
    from tests.test_translate import USER_MATRIX  # noqa: PLC0415

    (matrices / "support.toml").write_text(USER_MATRIX, "utf-8")
    (matrices / "default.data").write_text(em.dumps(default_matrix(), "json"), "utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "--mapping-file=pyproject.toml",
            "--output-file=messages.pot",
            ".",
        ],
        cwd=tmp_path,
        check=True,
    )
    catalog = read(tmp_path / "messages.pot")
    message = catalog.get("Find the root cause.", context="cell:outage:L2")
    assert message is not None
    assert " ".join(message.auto_comments) == (
        "Cell of the matrix table: what the role holding level 'L2' does about "
        "issues of type 'outage'."
    )
    assert message.locations == [("matrices/support.toml", 32)]
    assert len([m for m in catalog if m.id]) == 8 + 57


class TestPlaceholders:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("no placeholder", set()),
            ("{count} levels", {"count"}),
            ("{name!r} at {when:%H:%M}", {"name", "when"}),
            ("{0} and {}", {"0", ""}),
            ("{{literal}} and {real}", {"real"}),
            ("{a}{a}", {"a"}),
            ("{a.b[0]}", {"a.b[0]"}),
        ],
    )
    def test_placeholders(self, text: str, expected: set[str]) -> None:
        """Placeholder names are found the way str.format reads them."""
        assert expected == placeholders(text)

    @pytest.mark.parametrize(
        ("source", "translation"),
        [
            ("Escalated to {level}", "Escalato a {level}"),
            ("{a} then {b}", "{b} dopo {a}"),
            ("plain", "semplice"),
            ("{{braces}}", "{{graffe}}"),
            (("{n} level", "{n} levels"), ("un livello", "{n} livelli")),
            (("{n} level", "{n} levels"), ("{n} livello", "{n} livelli", "{n} di")),
            (("one level", "{n} levels"), ("{n}個のレベル",)),
            ("{level}", ""),
            ("{when:%H:%M} {name!r}", "{name!r} alle {when:%H:%M}"),
            ("Use } and {form}", "Usa {form} e }"),
        ],
    )
    def test_accepted(self, source: Any, translation: Any) -> None:
        """Same names, in any order, or a singular form without the count, pass."""
        check_placeholders(None, Message(source, translation))

    @pytest.mark.parametrize(
        ("source", "translation", "error"),
        [
            (
                "Escalated to {level}",
                "Escalato a {livello}",
                "expected {level}, got {livello}",
            ),
            ("Escalated to {level}", "Escalato", "expected {level}, got none"),
            ("plain", "con {extra}", "expected none, got {extra}"),
            (
                ("{n} level", "{n} levels"),
                ("{n} livello", "{m} livelli"),
                "expected {n}, got {m}",
            ),
            (
                ("{n} level", "{n} levels"),
                ("{n} livello", "livelli"),
                "expected {n}, got none",
            ),
            (
                ("{n} level", "{n} levels"),
                ("{m} livello", "{n} livelli"),
                "expected {n} or none, got {m}",
            ),
            ("At {time}", "Alle {time:>5}", "expected {time}, got {time:>5}"),
            ("As {name}", "Come {name!r}", "expected {name}, got {name!r}"),
            ("At {0}", "Alle {}", "expected {0}, got {}"),
            ("Use } and {form}", "Usa {modulo} e }", "expected {form}, got {modulo}"),
        ],
    )
    def test_refused(self, source: Any, translation: Any, error: str) -> None:
        """Different names are a TranslationError saying what was expected."""
        with pytest.raises(TranslationError) as caught:
            check_placeholders(None, Message(source, translation))
        assert str(caught.value) == f"placeholders differ: {error}"

    @pytest.mark.parametrize(
        "translation", ["Escalato a {level}}", "Escalato a {level", "{level!}"]
    )
    def test_not_a_format_string(self, translation: str) -> None:
        """A translation that str.format cannot read is refused, if its source is not."""
        with pytest.raises(TranslationError) as caught:
            check_placeholders(None, Message("Escalated to {level}", translation))
        assert str(caught.value).startswith("not a format string as its source is: ")

    def test_registered_with_babel(self) -> None:
        """Babel runs the checker on every message it checks."""
        catalog = Catalog(locale="it")
        catalog.add("Escalated to {level}", "Escalato a {livello}")
        problems = [str(error) for _, errors in catalog.check() for error in errors]
        assert problems == ["placeholders differ: expected {level}, got {livello}"]


class TestShippedCatalogs:
    def test_not_stale(self) -> None:
        """The .pot and each .po hold exactly what the data and code define."""
        assert _catalog_sync.check(ROOT) == []

    @pytest.mark.parametrize("domain", DOMAINS)
    @pytest.mark.parametrize("language", ["it", "en"])
    def test_complete(self, language: str, domain: str) -> None:
        """Every message is translated, nothing is fuzzy, every check passes."""
        path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
        assert catalog_problems(read(path)) == []

    @pytest.mark.parametrize("domain", DOMAINS)
    @pytest.mark.parametrize("language", ["it", "en"])
    def test_gettext_plural_rule(self, language: str, domain: str) -> None:
        """The header has gettext's plural rule, two forms, not Babel's three."""
        path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
        assert read(path).plural_forms == "nplurals=2; plural=(n != 1);"

    @pytest.mark.parametrize("domain", DOMAINS)
    def test_english_translates_to_itself(self, domain: str) -> None:
        """English, the source language, translates each message to itself."""
        catalog = read(LOCALES / "en" / "LC_MESSAGES" / f"{domain}.po")
        assert [m.id for m in catalog if m.id] == [m.string for m in catalog if m.id]

    @pytest.mark.parametrize("template", [TEMPLATE, MESSAGES_TEMPLATE])
    def test_template_has_contexts_and_comments(self, template: Path) -> None:
        """Every message has a translator comment; all but problems a context.

        Problem messages (marked with ``Phrase``) have no context: they are
        known by their English text, and their comment says where they show.
        """
        messages = [m for m in read(template) if m.id]
        assert messages
        assert all(m.auto_comments for m in messages)
        problems = [m for m in messages if not m.context]
        if template == TEMPLATE:
            assert not problems
        else:
            assert len(problems) > 100
            assert all(m.auto_comments[0].startswith("Translators:") for m in problems)

    def test_matrix_template_holds_only_the_matrix_texts(self) -> None:
        """The matrix domain's template holds the built-in matrix's texts, no more."""
        found = {(m.context, m.id) for m in read(TEMPLATE) if m.id}
        expected = {(t.context, t.text) for t in matrix_texts(default_matrix())}
        assert expected == found
        assert all(
            path == "src/escalation_matrix/_serialization/data/default.toml"
            for m in read(TEMPLATE)
            if m.id
            for path, _ in m.locations
        )

    def test_messages_template_holds_no_matrix_text(self) -> None:
        """The program's template holds only messages marked in the code."""
        messages = [m for m in read(MESSAGES_TEMPLATE) if m.id]
        assert len(messages) > 100
        assert all(path.endswith(".py") for m in messages for path, _ in m.locations)

    def test_labels_are_extracted_from_code(self) -> None:
        """The labels marked with pN_ are in the template, with their comments."""
        message = read(MESSAGES_TEMPLATE).get("Operational role", context="table")
        assert message is not None
        assert message.locations[0][0] == "src/escalation_matrix/_render/labels.py"
        assert message.auto_comments[0].startswith(
            "Translators: label of the table row"
        )


def _catalog_file(tmp_path: Path, body: str, *, header_fuzzy: bool = False) -> Path:
    flag = "#, fuzzy\n" if header_fuzzy else ""
    header = (
        f'{flag}msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    path = tmp_path / "it.po"
    path.write_text(header + body, "utf-8")
    return path


class TestCompile:
    def test_compiles_a_good_catalog(self, tmp_path: Path) -> None:
        """A complete catalog compiles to a .mo file."""
        po = _catalog_file(tmp_path, 'msgctxt "c"\nmsgid "{a} b"\nmsgstr "{a} c"\n')
        assert compile_catalog(po, tmp_path / "out" / "it.mo") == []
        assert (tmp_path / "out" / "it.mo").stat().st_size > 0

    @pytest.mark.parametrize(
        ("body", "problem"),
        [
            ('msgid "a"\nmsgstr ""\n', "line 5: msgid 'a': untranslated"),
            (
                '#, fuzzy\nmsgid "a"\nmsgstr "b"\n',
                "line 6: msgid 'a': fuzzy; review the translation, then remove the flag",
            ),
            (
                'msgctxt "c"\nmsgid "{x}"\nmsgstr "{y}"\n',
                "line 6: msgctxt 'c' msgid '{x}': placeholders differ: expected {x}, got {y}",
            ),
            (
                '#, python-format\nmsgid "%(x)s"\nmsgstr "%(y)s"\n',
                "line 6: msgid '%(x)s': unknown named placeholder 'y'",
            ),
        ],
    )
    def test_problems_fail(self, tmp_path: Path, body: str, problem: str) -> None:
        """A catalog with a problem is not compiled; the problem is reported."""
        po = _catalog_file(tmp_path, body)
        problems = compile_catalog(po, tmp_path / "it.mo")
        assert [f"{po}: {problem}"] == problems
        assert not (tmp_path / "it.mo").exists()

    def test_syntax_error(self, tmp_path: Path) -> None:
        """A catalog Babel cannot parse is reported with the line of the error."""
        po = _catalog_file(tmp_path, 'msgid "a"\nmsgstr "b"\nnonsense\n')
        (problem,) = compile_catalog(po, tmp_path / "it.mo")
        assert problem.startswith(f"{po}: ")
        assert problem.endswith(" on 6")

    def test_fuzzy_header(self, tmp_path: Path) -> None:
        """A catalog whose header is still fuzzy does not ship."""
        po = _catalog_file(tmp_path, 'msgid "a"\nmsgstr "b"\n', header_fuzzy=True)
        assert compile_catalog(po, tmp_path / "it.mo") == [
            f"{po}: the header is marked fuzzy; remove the flag once reviewed"
        ]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project's pyproject.toml and package, without .mo files."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(
        ROOT / "src" / "escalation_matrix",
        tmp_path / "src" / "escalation_matrix",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    return tmp_path


class TestMaintainerCommand:
    def test_update_follows_a_changed_text(self, checkout: Path) -> None:
        """A changed data text makes the catalogs stale until update runs."""
        data = (
            checkout
            / "src"
            / "escalation_matrix"
            / "_serialization"
            / "data"
            / "default.toml"
        )
        data.write_text(
            data.read_text("utf-8").replace(
                'name = "Timeline adjustments"', 'name = "Schedule adjustments"'
            ),
            "utf-8",
        )
        locale = checkout / "src" / "escalation_matrix" / "_i18n" / "locale"
        # Only the matrix domain: a data file's text is no program message.
        stale = [
            "src/escalation_matrix/_i18n/locale/escalation_matrix.pot",
            "src/escalation_matrix/_i18n/locale/en/LC_MESSAGES/escalation_matrix.po",
            "src/escalation_matrix/_i18n/locale/it/LC_MESSAGES/escalation_matrix.po",
        ]
        hint = " is out of date; run 'python tools/catalog_sync.py update'"
        assert _catalog_sync.check(checkout) == [path + hint for path in stale]
        assert _catalog_sync.update(checkout) == [checkout / path for path in stale]
        assert _catalog_sync.check(checkout) == []
        context = "issue_type:timeline_adjustments:name"
        english = read(locale / "en" / "LC_MESSAGES" / "escalation_matrix.po")
        italian = read(locale / "it" / "LC_MESSAGES" / "escalation_matrix.po")
        assert english.get("Schedule adjustments", context=context).string == (  # type: ignore[union-attr]
            "Schedule adjustments"
        )
        assert italian.get("Schedule adjustments", context=context).string == ""  # type: ignore[union-attr]
        assert italian.get("Timeline adjustments", context=context) is None
        (problem,) = catalog_problems(italian)
        assert problem.endswith(
            ": msgctxt 'issue_type:timeline_adjustments:name' "
            "msgid 'Schedule adjustments': untranslated"
        )

    def test_command_line(
        self,
        checkout: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The command checks, updates and explains its usage, with exit statuses."""
        # The copy holds the project's own messages: extract them once.
        template = _catalog_sync.extract(checkout)
        monkeypatch.setattr(_catalog_sync, "extract", lambda _: template)
        monkeypatch.chdir(checkout)
        pot = (
            checkout
            / "src"
            / "escalation_matrix"
            / "_i18n"
            / "locale"
            / "escalation_matrix.pot"
        )
        pot.unlink()
        assert _catalog_sync.main(["check"]) == 1
        assert _catalog_sync.main(["update"]) == 0
        assert _catalog_sync.main(["check"]) == 0
        assert _catalog_sync.main(["bogus"]) == 2
        assert capsys.readouterr().out.splitlines() == [
            "src/escalation_matrix/_i18n/locale/escalation_matrix.pot is out of date; run "
            "'python tools/catalog_sync.py update'",
            "updated src/escalation_matrix/_i18n/locale/escalation_matrix.pot",
            "usage: python tools/catalog_sync.py update|check",
        ]

    def test_a_code_message_goes_to_the_messages_domain(self, checkout: Path) -> None:
        """A message marked in the code lands in the program's catalogs only."""
        module = checkout / "src" / "escalation_matrix" / "_render" / "labels.py"
        module.write_text(
            module.read_text("utf-8")
            + '\n# Translators: a test label.\nEXTRA = pN_("table", "Extra label")\n',
            "utf-8",
        )
        base = "src/escalation_matrix/_i18n/locale/"
        changed = _catalog_sync.update(checkout)
        assert changed == [
            checkout / base / path
            for path in (
                "escalation_matrix_messages.pot",
                "en/LC_MESSAGES/escalation_matrix_messages.po",
                "it/LC_MESSAGES/escalation_matrix_messages.po",
            )
        ]
        locale = checkout / base
        italian = read(locale / "it" / "LC_MESSAGES" / "escalation_matrix_messages.po")
        assert italian.get("Extra label", context="table").string == ""  # type: ignore[union-attr]
        matrix = read(locale / "it" / "LC_MESSAGES" / "escalation_matrix.po")
        assert matrix.get("Extra label", context="table") is None

    def test_a_missing_domain_catalog_is_made(self, checkout: Path) -> None:
        """A language with one domain's catalog gets the other's, same header."""
        folder = (
            checkout / "src" / "escalation_matrix" / "_i18n" / "locale" / "it"
        ) / "LC_MESSAGES"
        (folder / "escalation_matrix_messages.po").unlink()
        assert _catalog_sync.update(checkout) == [
            folder / "escalation_matrix_messages.po"
        ]
        made = read(folder / "escalation_matrix_messages.po")
        assert str(made.locale) == "it"
        assert not made.fuzzy
        messages = [m for m in made if m.id]
        assert messages
        assert all(m.string == "" for m in messages)
