"""Compiled catalogs read with the standard library, and translating at start-up."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from escalation_matrix._i18n import catalogs as _catalogs
from escalation_matrix._i18n.catalogs import language_packs, read_catalog
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix.exceptions import CatalogError


def _mo(tmp_path: Path, catalog: Catalog, *, use_fuzzy: bool = False) -> Path:
    path = tmp_path / "de" / "LC_MESSAGES" / "escalation_matrix.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=use_fuzzy)
    return path


def test_contexts_plurals_and_fuzzy(tmp_path: Path) -> None:
    """Contexts and plural forms are read; fuzzy entries were never compiled."""
    catalog = Catalog(locale="pl")
    catalog.add("Escalation types", "Rodzaje eskalacji", context="table")
    catalog.add("Hello", "Cześć")
    catalog.add(
        ("{n} level", "{n} levels"),
        ("{n} poziom", "{n} poziomy", "{n} poziomów"),
        context="count",
    )
    catalog.add("Guess", "Zgadnij", flags=("fuzzy",))
    found = read_catalog(_mo(tmp_path, catalog))
    assert found.texts == {
        ("table", "Escalation types"): "Rodzaje eskalacji",
        (None, "Hello"): "Cześć",
    }
    assert found.plurals == {
        ("count", "{n} level"): ("{n} poziom", "{n} poziomy", "{n} poziomów")
    }
    assert [found.plural(n) for n in (1, 3, 5, 22)] == [0, 1, 2, 1]


def test_plural_rule_used_by_translator(tmp_path: Path) -> None:
    """A translator picks the form the catalog's rule names."""
    catalog = Catalog(locale="pl")
    catalog.add(("{n} level", "{n} levels"), ("{n} a", "{n} b", "{n} c"))
    _mo(tmp_path, catalog)
    clear_cache()
    german = translator("de", catalogs=[tmp_path], domain="escalation_matrix")
    forms = [german.ngettext("{n} level", "{n} levels", n) for n in (1, 2, 5)]
    assert forms == ["{n} a", "{n} b", "{n} c"]


def test_other_charset(tmp_path: Path) -> None:
    """The charset of the header decodes the texts."""
    catalog = Catalog(locale="de", charset="iso-8859-1")
    catalog.add("Outage", "Störung", context="issue_type:outage:name")
    assert read_catalog(_mo(tmp_path, catalog)).texts == {
        ("issue_type:outage:name", "Outage"): "Störung"
    }


def _big_endian(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A .mo file written most significant byte first, as some tools write it."""
    count = len(entries)
    start = 28
    table = start + 16 * count
    data = b""
    originals: list[tuple[int, int]] = []
    targets: list[tuple[int, int]] = []
    for key, _ in entries:
        originals.append((len(key), table + len(data)))
        data += key + b"\0"
    for _, text in entries:
        targets.append((len(text), table + len(data)))
        data += text + b"\0"
    header = struct.pack(">7I", 0x950412DE, 0, count, start, start + 8 * count, 0, 0)
    pairs = b"".join(struct.pack(">2I", *pair) for pair in originals + targets)
    return header + pairs + data


def test_big_endian(tmp_path: Path) -> None:
    """Both byte orders of the format are read."""
    path = tmp_path / "x.mo"
    path.write_bytes(
        _big_endian(
            [
                (b"", b"Content-Type: text/plain; charset=UTF-8\n"),
                (b"table\x04Escalation types", b"Eskalationsarten"),
            ]
        )
    )
    assert read_catalog(path).texts == {
        ("table", "Escalation types"): "Eskalationsarten"
    }


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"not a catalog at all", "bad magic number"),
        (b"\xde\x12\x04\x95\x00\x00\x05\x00", "unpack_from requires"),
        (struct.pack("<7I", 0x950412DE, 5 << 16, 0, 28, 28, 0, 0), "version 5"),
        (
            struct.pack("<7I", 0x950412DE, 0, 1, 28, 36, 0, 0)
            + struct.pack("<4I", 100, 44, 1, 44),
            "beyond the end of the file",
        ),
    ],
)
def test_broken_files(tmp_path: Path, data: bytes, problem: str) -> None:
    """A file that is not a compiled catalog raises CatalogError naming it."""
    path = tmp_path / "x.mo"
    path.write_bytes(data)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert caught.value.path == str(path)
    assert problem in str(caught.value)


def test_wrong_translation_left_out(tmp_path: Path) -> None:
    """Placeholder and control character checks apply to compiled catalogs."""
    catalog = Catalog(locale="de")
    catalog.add("{n} levels", "{m} Stufen", context="c")
    catalog.add("Outage", "Aus\x1bfall", context="d")
    catalog.add("Fine", "Gut", context="e")
    found = read_catalog(_mo(tmp_path, catalog))
    assert found.texts == {("e", "Fine"): "Gut"}
    assert sorted(problem.message for problem in found.problems) == [
        "msgctxt 'c' msgid '{n} levels': placeholders differ: expected {n}, got {m}",
        "msgctxt 'd' msgid 'Outage': must not contain control character U+001B, "
        "got 'Aus\\x1bfall'",
    ]


def test_no_language_pack_here() -> None:
    """Without a distribution naming the group, no pack is looked for."""
    language_packs.cache_clear()
    assert language_packs() == ()


def test_translating_at_start_up_loads_little() -> None:
    """A first translation reads the .mo files without Babel's catalog modules.

    Nor the distribution metadata machinery (no language pack is installed
    here), nor importlib.resources: together they cost more than the rest of
    a first translation. Nor the YAML reader, Babel's date formats or the
    time zone database: the built-in matrix is TOML, and has no times.
    """
    code = (
        "import sys, escalation_matrix as em\n"
        "italian = em.translate(em.default_matrix(), 'it')\n"
        "assert italian.level('L1').name == 'Livello 1 - Escalation', italian\n"
        "print(sorted(name for name in ("
        "'babel.messages', 'importlib.metadata', 'importlib.resources', 'gettext', "
        "'escalation_matrix._serialization.yaml_text', 'yaml', 'babel.dates', "
        "'zoneinfo'"
        ") if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n"


def test_header_lines_without_a_name(tmp_path: Path) -> None:
    """Header lines that name no field are skipped, as gettext skips them."""
    catalog = Catalog(locale="de", header_comment="")
    catalog.add("Hello", "Hallo")
    path = _mo(tmp_path, catalog)
    data = path.read_bytes().replace(b"MIME-Version: 1.0\n", b"a line w/o field!\n", 1)
    path.write_bytes(data)
    assert read_catalog(path).texts == {(None, "Hello"): "Hallo"}


def test_checked_catalog_keeps_plurals(tmp_path: Path) -> None:
    """A catalog read as checked keeps its plural forms too."""
    catalog = Catalog(locale="de")
    catalog.add(("{n} level", "{n} levels"), ("{n} Stufe", "{n} Stufen"))
    found = read_catalog(_mo(tmp_path, catalog), checked=True)
    assert found.plurals == {(None, "{n} level"): ("{n} Stufe", "{n} Stufen")}
    assert found.plural(2) == 1


def test_builtin_directory_inside_an_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the package is no folder (a zip), importlib.resources finds it."""
    monkeypatch.setattr(_catalogs, "__file__", "/nowhere/catalogs.py")
    _catalogs.builtin_directory.cache_clear()
    try:
        found = _catalogs.builtin_directory()
        assert not isinstance(found, str), "a Traversable inside the archive"
        assert found.joinpath("escalation_matrix.pot").is_file()
    finally:
        _catalogs.builtin_directory.cache_clear()


class _Finder:
    """A finder of distributions other than the standard one."""

    @staticmethod
    def find_distributions(*_: object) -> list[object]:
        return []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("finder", True),
        ("archive", True),
        ("egg", True),
        ("nothing", False),
    ],
)
def test_what_may_hold_a_pack(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    expected: bool,  # noqa: FBT001
) -> None:
    """What the quick look cannot see into counts as a possible pack."""
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing")])
    if setup == "finder":
        monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, _Finder()])
    elif setup == "archive":
        archive = tmp_path / "packs.zip"
        archive.write_bytes(b"PK")
        monkeypatch.setattr(sys, "path", [str(archive)])
    elif setup == "egg":
        egg = tmp_path / "pack.egg"
        egg.mkdir()
        monkeypatch.setattr(sys, "path", [str(egg)])
    assert _catalogs._packs_possible() is expected


_GROUP_LINE = "[escalation_matrix.catalogs]\nde = pack:CATALOGS\n"


@pytest.mark.parametrize(
    ("entry_points", "expected"),
    [
        (_GROUP_LINE, True),
        # Past the first read: the whole file is looked at.
        ("[console_scripts]\n" + "x = y:z\n" * 20_000 + _GROUP_LINE, True),
        ("[console_scripts]\npack = pack:main\n", False),
        (None, False),  # a distribution without entry points
        ("directory", False),  # no file to read
    ],
)
def test_a_pack_is_seen_in_its_entry_points(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entry_points: str | None,
    expected: bool,  # noqa: FBT001
) -> None:
    """A distribution's entry points name the group anywhere in the file."""
    info = tmp_path / "pack-1.0.dist-info"
    info.mkdir()
    (tmp_path / "legacy.egg-info").write_text("an .egg-info file")
    if entry_points == "directory":
        (info / "entry_points.txt").mkdir()
    elif entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert _catalogs._packs_possible() is expected


def test_without_plural_messages_english_rule(tmp_path: Path) -> None:
    """A catalog without plural messages counts as English does."""
    catalog = Catalog(locale="de")
    catalog.add("Hello", "Hallo")
    found = read_catalog(_mo(tmp_path, catalog))
    assert [found.plural(n) for n in (0, 1, 2)] == [1, 0, 1]


def test_clear_cache_keeps_packs(tmp_path: Path) -> None:
    """Catalogs can be read anew without looking for language packs again."""
    catalog = Catalog(locale="de")
    catalog.add("Hello", "Hallo")
    path = _mo(tmp_path, catalog)
    first = translator("de", catalogs=[tmp_path])
    catalog.get("Hello").string = "Servus"  # type: ignore[union-attr]
    path.unlink()
    _mo(tmp_path, catalog)
    clear_cache(language_packs=False)
    assert translator("de", catalogs=[tmp_path]) is not first
    assert translator("de", catalogs=[tmp_path]).gettext("Hello") == "Servus"
