"""The package as users get it: public names, version, wheel, typing."""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
import types
import zipfile
from importlib.metadata import version
from pathlib import Path

import grimp
import pytest
from babel.messages.pofile import read_po

import escalation_matrix as em

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_complete() -> None:
    """__all__ has no duplicates, dir() shows it, and every name in it exists."""
    assert len(em.__all__) == len(set(em.__all__))
    assert dir(em) == sorted(em.__all__)
    for name in em.__all__:
        assert getattr(em, name) is not None


def test_lazy_names_are_the_public_ones() -> None:
    """Every lazily loaded name is public, and every public name loads."""
    lazy = set(em._MODULE_OF)
    assert lazy == set(em.__all__) - {"__version__"}


def test_type_checkers_see_the_public_names() -> None:
    """The imports type checkers read name exactly the public names."""
    tree = ast.parse(Path(em.__file__).read_text("utf-8"))
    (block,) = (
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and ast.unparse(node.test) == "TYPE_CHECKING"
        and any(isinstance(item, ast.ImportFrom) for item in node.body)
    )
    imported = {
        alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == set(em.__all__) - {"__version__"}


def test_import_loads_little() -> None:
    """Importing the package loads no routing, format or Babel module."""
    code = (
        "import sys, escalation_matrix; "
        "print(sorted(m for m in sys.modules if m.startswith(('escalation_matrix', 'babel', 'cattrs'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "['escalation_matrix']"


def test_private_modules_stay_private() -> None:
    """No public name of the package comes from outside it."""
    for name in em.__all__:
        obj = getattr(em, name)
        if isinstance(obj, types.UnionType):  # a type alias has no module
            continue
        module = getattr(obj, "__module__", "escalation_matrix")
        assert module.startswith("escalation_matrix"), name


def test_version_from_metadata() -> None:
    """The version is the installed distribution's."""
    assert em.__version__ == version("escalation-matrix")


def test_unknown_attribute() -> None:
    """Unknown attributes raise AttributeError as usual."""
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = em.nope  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once, as a user's installer would."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    """The wheel ships the typing marker and the built-in matrix's data file."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "escalation_matrix/py.typed" in names
    assert "escalation_matrix/_serialization/data/default.toml" in names
    assert "escalation_matrix/__init__.py" in names
    assert not [
        name for name in names if "__pycache__" in name or name.startswith("tests/")
    ]


def test_wheel_declares_the_command(wheel: Path) -> None:
    """The wheel installs the escalation-matrix console script."""
    archive = zipfile.ZipFile(wheel)
    (name,) = [
        n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")
    ]
    entry_points = archive.read(name).decode("utf-8")
    assert (
        "[console_scripts]\nescalation-matrix = escalation_matrix._cli.entry:main\n"
        in entry_points
    )


def _run_unpacked(wheel: Path, where: Path, code: str) -> str:
    """Run *code* importing the package from the unpacked wheel alone."""
    zipfile.ZipFile(wheel).extractall(where)
    return _run_from(where, code)


def _run_from(where: Path, code: str) -> str:
    """Run *code* importing the package found in *where*."""
    # -I ignores PYTHONPATH (and would import the development install), so
    # the unpacked wheel goes first on sys.path, and the test checks it.
    prelude = (
        "import sys; sys.path.insert(0, sys.argv[1]); import escalation_matrix as em; "
        "assert em.__file__.startswith(sys.argv[1]), em.__file__\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", prelude + code, str(where)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_wheel_works_on_its_own(wheel: Path, tmp_path: Path) -> None:
    """Unpacked alone, the wheel's package loads the built-in matrix.

    From its compiled form, which the wheel carries: without cattrs.
    """
    assert (
        "escalation_matrix/_serialization/data/default.pickle"
        in zipfile.ZipFile(wheel).namelist()
    )
    code = (
        "print(em.default_matrix().responsibility('performance_hiccups', 1)); "
        "print('cattrs' in sys.modules)"
    )
    output = _run_unpacked(wheel, tmp_path, code)
    assert output == "Identify and resolve performance-related problems.\nFalse\n"


def test_wheel_writes_dates_from_its_kept_cldr_data(
    wheel: Path, tmp_path: Path
) -> None:
    """Unpacked alone, the wheel writes dates without reading Babel's locale files."""
    assert (
        "escalation_matrix/_i18n/locale/cldr.pickle"
        in zipfile.ZipFile(wheel).namelist()
    )
    code = (
        "from datetime import datetime, UTC; from babel import localedata; "
        "from escalation_matrix._i18n.locale_format import format_moment; "
        "print(format_moment(datetime(2026, 3, 2, 14, 5, tzinfo=UTC), 'it', 'UTC')); "
        "print(sorted(localedata._cache))"
    )
    output = _run_unpacked(wheel, tmp_path, code)
    assert output == "2 mar 2026, 14:05\n[]\n"


def test_wheel_ships_compiled_catalogs(wheel: Path) -> None:
    """The wheel holds the compiled catalogs and the template, not the sources."""
    names = set(zipfile.ZipFile(wheel).namelist())
    locales = "escalation_matrix/_i18n/locale"
    for domain in ("escalation_matrix", "escalation_matrix_messages"):
        assert f"{locales}/it/LC_MESSAGES/{domain}.mo" in names
        assert f"{locales}/en/LC_MESSAGES/{domain}.mo" in names
        assert f"{locales}/{domain}.pot" in names
    assert [name for name in names if name.endswith(".po")] == []


_READ_CATALOGS = """
from escalation_matrix._i18n.translator import translator
for language in ("it", "en"):
    found = translator(language)
    assert all(source.startswith(sys.argv[1]) for source in found.sources), found
    names = " ".join(source.rpartition("/")[2] for source in found.sources)
    print(language, names, len(found.texts), found.pgettext("table", "Escalation types"))
print(em.translate(em.default_matrix(), "it", strict=True).title)
"""


def _template_messages(
    domains: tuple[str, ...] = ("escalation_matrix", "escalation_matrix_messages"),
) -> int:
    """The number of messages of the templates of *domains* (by default both)."""
    count = 0
    for domain in domains:
        template = ROOT / "src" / "escalation_matrix" / "_i18n" / "locale"
        template /= f"{domain}.pot"
        with template.open("rb") as handle:
            # Plural messages are kept apart from the texts counted.
            count += len([m for m in read_po(handle) if m.id and not m.pluralizable])
    return count


def test_wheel_reads_its_compiled_catalogs(wheel: Path, tmp_path: Path) -> None:
    """Unpacked alone, the wheel translates from its .mo files."""
    count = _template_messages()
    assert _run_unpacked(wheel, tmp_path, _READ_CATALOGS).splitlines() == [
        f"it escalation_matrix.mo escalation_matrix_messages.mo {count} "
        "Tipi di escalation",
        # English messages are as written: their catalog is not read.
        f"en escalation_matrix.mo {_template_messages(('escalation_matrix',))} "
        "Escalation types",
        "Esempio di modello di matrice per escalation dei problemi",
    ]


def test_source_checkout_reads_its_po_files(tmp_path: Path) -> None:
    """A source tree with no compiled catalog translates from its .po files."""
    shutil.copytree(
        ROOT / "src" / "escalation_matrix",
        tmp_path / "escalation_matrix",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    count = _template_messages()
    assert _run_from(tmp_path, _READ_CATALOGS).splitlines() == [
        f"it escalation_matrix.po escalation_matrix_messages.po {count} "
        "Tipi di escalation",
        f"en escalation_matrix.po {_template_messages(('escalation_matrix',))} "
        "Escalation types",
        "Esempio di modello di matrice per escalation dei problemi",
    ]


def test_consumer_type_checks() -> None:
    """A program using the public API passes mypy --strict."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            str(ROOT / "tests" / "data" / "consumer.py"),
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT / "tests" / "data",
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "name",
    ["rules", "calendar", "contacts", "reasons", "schema", "typing", "exceptions"],
)
def test_public_submodules_show_their_names(name: str) -> None:
    """dir() of each public submodule shows its __all__, and each name exists."""
    module = importlib.import_module(f"escalation_matrix.{name}")
    assert dir(module) == sorted(module.__all__)
    for public in module.__all__:
        assert hasattr(module, public)


def test_no_import_cycles() -> None:
    """No module imports one that imports it back, however far round.

    Imports inside functions and under TYPE_CHECKING count too. The layer
    contracts order the layers; this keeps each layer's own modules in an
    order too.
    """
    graph = grimp.build_graph("escalation_matrix")
    circles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []
