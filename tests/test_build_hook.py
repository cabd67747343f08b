"""The build hook: catalogs and the built-in matrix compiled into wheels, never committed."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from escalation_matrix import loads
from escalation_matrix._i18n.catalogs import read_catalog
from escalation_matrix._i18n.locale_data import read_snapshot
from escalation_matrix._serialization.builtin import read_compiled
from tests.helpers import same_objects as _same

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path("src", "escalation_matrix")
I18N = PACKAGE / "_i18n"
LOCALE_TARGET = "escalation_matrix/_i18n/locale/{}/LC_MESSAGES/{}.mo"
DOMAINS = ("escalation_matrix", "escalation_matrix_messages")


def _hook_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "hatch_build", ROOT / "hatch_build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DATA = PACKAGE / "_serialization" / "data"
MATRIX_TARGET = "escalation_matrix/_serialization/data/default.pickle"
SNAPSHOT_TARGET = "escalation_matrix/_i18n/locale/cldr.pickle"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's package, without anything compiled."""
    shutil.copytree(
        ROOT / PACKAGE,
        tmp_path / PACKAGE,
        ignore=shutil.ignore_patterns("*.mo", "*.pickle", "__pycache__"),
    )
    return tmp_path


def _hook(root: Path, target: str = "wheel") -> Any:
    cls = _hook_module().CompileHook
    return cls(str(root), {}, None, None, str(root / "dist"), target)


def _mo_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.mo"))


def test_wheel_gets_compiled_catalogs(project: Path) -> None:
    """A wheel build compiles each catalog outside the source tree and adds it."""
    hook = _hook(project)
    build_data: dict[str, Any] = {"force_include": {}}
    hook.initialize("standard", build_data)
    included = {
        target: Path(source) for source, target in build_data["force_include"].items()
    }
    assert sorted(included) == sorted(
        [
            MATRIX_TARGET,
            SNAPSHOT_TARGET,
            *(
                LOCALE_TARGET.format(language, domain)
                for language in ("en", "it")
                for domain in DOMAINS
            ),
        ]
    )
    data = (project / DATA / "default.toml").read_bytes()
    compiled = read_compiled(data, included[MATRIX_TARGET])
    assert compiled is not None
    assert _same(compiled, loads(data, "toml"))
    messages = read_catalog(included[LOCALE_TARGET.format("it", DOMAINS[1])])
    assert messages.texts["table", "Operational role"] == "Ruolo operativo"
    matrix = read_catalog(included[LOCALE_TARGET.format("it", DOMAINS[0])])
    assert matrix.texts["level:L2:name", "Level 2 - Escalation"] == (
        "Livello 2 - Escalation"
    )
    assert read_snapshot(str(included[SNAPSHOT_TARGET])) is not None
    assert _mo_files(project) == []
    assert not (project / DATA / "default.pickle").exists()
    assert not (project / I18N / "locale" / "cldr.pickle").exists()
    hook.finalize("standard", build_data, "")
    assert not any(path.exists() for path in included.values())


def test_editable_install_compiles_in_place(project: Path) -> None:
    """An editable install gets the .mo files next to their .po files.

    And the compiled matrix next to its data file, the kept CLDR data next
    to the catalogs.
    """
    build_data: dict[str, Any] = {"force_include": {}}
    _hook(project).initialize("editable", build_data)
    locale = project / I18N / "locale"
    assert _mo_files(project) == [
        locale / language / "LC_MESSAGES" / f"{domain}.mo"
        for language in ("en", "it")
        for domain in DOMAINS
    ]
    assert build_data["force_include"] == {}
    data = (project / DATA / "default.toml").read_bytes()
    compiled = read_compiled(data, project / DATA / "default.pickle")
    assert compiled is not None
    assert _same(compiled, loads(data, "toml"))
    assert read_snapshot(str(locale / "cldr.pickle")) is not None


def test_editable_install_compiles_the_modules(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each module gets its bytecode, checked by time, as a wheel's installed by pip.

    Even where Python is told not to write bytecode itself, and where a
    build sets SOURCE_DATE_EPOCH (which would check bytecode by hash).
    """
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    _hook(project).initialize("editable", {"force_include": {}})
    modules = sorted((project / PACKAGE).rglob("*.py"))
    assert len(modules) > 50
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        flags = int.from_bytes(cached.read_bytes()[4:8], "little")
        assert flags == 0, module  # checked by time, not by hash


def test_wheel_leaves_the_modules_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel's bytecode is pip's to write when it installs the wheel.

    (The hook loads the catalog checks, and a process of its own imports
    the package: both are told not to write bytecode, so that what is left
    is the hook's.)
    """
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    hook = _hook(project)
    build_data: dict[str, Any] = {"force_include": {}}
    hook.initialize("standard", build_data)
    hook.finalize("standard", build_data, "")
    assert not list((project / PACKAGE).rglob("__pycache__"))


def test_invalid_matrix_fails_the_build(project: Path) -> None:
    """A built-in matrix that cannot be read fails the build, saying why."""
    data = project / DATA / "default.toml"
    data.write_text(data.read_text("utf-8").replace("rank = 2", 'rank = "two"'))
    build_data: dict[str, Any] = {"force_include": {}}
    with pytest.raises(RuntimeError) as caught:
        _hook(project).initialize("standard", build_data)
    message = str(caught.value)
    assert message == (
        f"the built-in matrix {data} cannot be compiled:\n"
        "Invalid matrix: 1 problem:\n"
        "  $.levels[1].rank: must be an integer, got 'two'"
    )
    assert not any(Path(source).exists() for source in build_data["force_include"])


def test_sdist_is_left_alone(project: Path) -> None:
    """Source distributions ship the .po files only."""
    build_data: dict[str, Any] = {"force_include": {}}
    _hook(project, "sdist").initialize("standard", build_data)
    assert (_mo_files(project), build_data["force_include"]) == ([], {})
    assert not (project / DATA / "default.pickle").exists()


def test_catalog_problems_fail_the_build(project: Path) -> None:
    """An untranslated or fuzzy message fails the build, in either domain."""
    folder = project / I18N / "locale" / "it" / "LC_MESSAGES"
    po = folder / "escalation_matrix_messages.po"
    text = po.read_text("utf-8")
    po.write_text(text.replace('msgstr "Ruolo operativo"', 'msgstr ""'), "utf-8")
    po = folder / "escalation_matrix.po"
    text = po.read_text("utf-8")
    text = text.replace('msgctxt "matrix:title"', '#, fuzzy\nmsgctxt "matrix:title"')
    po.write_text(text, "utf-8")
    build_data: dict[str, Any] = {"force_include": {}}
    with pytest.raises(RuntimeError) as caught:
        _hook(project).initialize("standard", build_data)
    message = str(caught.value)
    assert message.startswith("the message catalogs have 2 problems:")
    assert "msgctxt 'table' msgid 'Operational role': untranslated" in message
    assert (
        "msgctxt 'matrix:title' msgid 'Example issue escalation matrix template': fuzzy"
        in message
    )
    assert not any(Path(source).exists() for source in build_data["force_include"])


def test_one_problem_is_one(project: Path) -> None:
    """A single problem is counted in the singular."""
    po = project / I18N / "locale" / "it" / "LC_MESSAGES"
    po /= "escalation_matrix_messages.po"
    text = po.read_text("utf-8").replace('msgstr "Ruolo operativo"', 'msgstr ""')
    po.write_text(text, "utf-8")
    with pytest.raises(RuntimeError) as caught:
        _hook(project).initialize("standard", {"force_include": {}})
    assert str(caught.value).startswith("the message catalogs have 1 problem:\n")


def test_no_catalogs_fail_the_build(tmp_path: Path) -> None:
    """A source tree without catalogs cannot build a wheel."""
    with pytest.raises(RuntimeError, match="no message catalogs found"):
        _hook(tmp_path).initialize("standard", {"force_include": {}})


def test_build_requires_what_compiling_the_matrix_imports() -> None:
    """An isolated build installs what the hook needs to import the package.

    The hook reads the built-in matrix with the package's own reader, which
    imports attrs, cattrs and Babel; a build without them fails.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    required = {
        Requirement(line).name.lower() for line in project["build-system"]["requires"]
    }
    assert {"attrs", "cattrs", "babel"} <= required
