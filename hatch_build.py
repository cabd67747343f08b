"""Build hook: compile the message catalogs and the built-in matrix, keep CLDR data.

Compiled catalogs (``.mo``) are never committed. Every ``.po`` file under
``src/escalation_matrix/_i18n/locale`` is checked (syntax, Babel's checkers and the
placeholder check, no fuzzy or untranslated message) and compiled when a
wheel is built; any problem fails the build. A normal wheel gets the
``.mo`` files from a temporary directory, leaving the source tree alone; an
editable install, which imports the package from ``src``, gets them next to
their ``.po`` files (they are git-ignored).

The built-in matrix's data file is compiled the same way, into
``default.pickle``: in the temporary directory for a normal wheel, beside
the data file for an editable install (git-ignored too). It is the matrix
read once, at build time, by the package's own reader (see
``escalation_matrix._serialization.builtin``), so that a first
``default_matrix()`` need not load cattrs and a TOML parser; reading the
package needs its dependencies, which the build requires for that reason.
The same process keeps the parts of Babel's CLDR data that the library
formats with, for the built-in languages, in ``locale/cldr.pickle`` (see
``escalation_matrix._i18n.locale_data``).

An editable install also gets the package's modules compiled to bytecode
in their ``__pycache__`` folders, as pip compiles a wheel's when it installs
it: where Python may not write bytecode (``PYTHONDONTWRITEBYTECODE``, a
read-only checkout), every command would otherwise compile the package
again before it starts. A module edited later is compiled again as usual.
"""

from __future__ import annotations

import compileall
import importlib.util
import py_compile
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src", "escalation_matrix")
DATA_DIR = Path("_serialization", "data")
# The CLDR data the library formats with, kept for the built-in languages
# (see escalation_matrix._i18n.locale_data).
LOCALE_DATA = Path("_i18n", "locale", "cldr.pickle")
# Run in a process of its own, with the package being built first on the
# path: reading the matrix imports the package, which must not stay loaded in
# the build's process.
_COMPILE_MATRIX = """
import sys
sys.path.insert(0, sys.argv[1])
from escalation_matrix._i18n.locale_data import write_snapshot
from escalation_matrix._serialization.builtin import write_compiled
from escalation_matrix.exceptions import ValidationError
with open(sys.argv[2], "rb") as handle:
    text = handle.read()
try:
    write_compiled(text, sys.argv[3])
except ValidationError as error:
    sys.exit(str(error))
write_snapshot(sys.argv[4])
"""


def _catalog_checks(root: Path) -> ModuleType:
    # Loaded by path: importing the package would need its dependencies,
    # which are not installed while it is being built.
    path = root / PACKAGE / "_i18n" / "catalog_checks.py"
    spec = importlib.util.spec_from_file_location("_escalation_matrix_checks", path)
    if spec is None or spec.loader is None:
        message = f"cannot load the catalog checks from {path}"
        raise RuntimeError(message)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compile_modules(package: Path) -> None:
    """Compile the modules of *package* to bytecode beside them, as pip would.

    Checked by the modules' times, whatever ``SOURCE_DATE_EPOCH`` says, so
    that editing a module makes its bytecode stale. A module that does not
    compile is left to say so when it is imported.
    """
    compileall.compile_dir(
        package,
        quiet=2,
        invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP,
    )


class CompileHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile every catalog, and the built-in matrix, when a wheel is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Check and compile the catalogs and the matrix; fail on any problem."""
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        locale_dir = root / PACKAGE / "_i18n" / "locale"
        catalogs = sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
        if not catalogs:
            message = f"no message catalogs found under {locale_dir}"
            raise RuntimeError(message)
        checks = _catalog_checks(root)
        editable = version == "editable"
        self._output = None if editable else Path(tempfile.mkdtemp(prefix="catalogs"))
        problems: list[str] = []
        for po_file in catalogs:
            relative = po_file.relative_to(locale_dir).with_suffix(".mo")
            if self._output is None:
                mo_file = po_file.with_suffix(".mo")
            else:
                mo_file = self._output / relative
                target = f"escalation_matrix/_i18n/locale/{relative.as_posix()}"
                build_data["force_include"][str(mo_file)] = target
            problems.extend(checks.compile_catalog(po_file, mo_file))
        if problems:
            self.finalize(version, build_data, "")
            listed = "\n  ".join(problems)
            count = len(problems)
            noun = "problem" if count == 1 else "problems"
            message = f"the message catalogs have {count} {noun}:\n  {listed}"
            raise RuntimeError(message)
        self._compile_matrix(root, build_data)
        if editable:
            _compile_modules(root / PACKAGE)

    def _compile_matrix(self, root: Path, build_data: dict[str, Any]) -> None:
        """Compile the built-in matrix and keep the CLDR data; fail on any problem."""
        source = root / PACKAGE / DATA_DIR / "default.toml"
        snapshot = root / PACKAGE / LOCALE_DATA
        if self._output is None:
            compiled = source.with_suffix(".pickle")
        else:
            compiled = self._output / "default.pickle"
            target = f"escalation_matrix/{DATA_DIR.as_posix()}/default.pickle"
            build_data["force_include"][str(compiled)] = target
            snapshot = self._output / LOCALE_DATA.name
            target = f"escalation_matrix/{LOCALE_DATA.as_posix()}"
            build_data["force_include"][str(snapshot)] = target
        src = str(root / "src")
        arguments = [src, str(source), str(compiled), str(snapshot)]
        done = subprocess.run(  # noqa: S603 -- the package's own code
            [sys.executable, "-c", _COMPILE_MATRIX, *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            self.finalize("", build_data, "")
            said = done.stderr.rstrip("\n")
            message = f"the built-in matrix {source} cannot be compiled:\n{said}"
            raise RuntimeError(message)

    def finalize(
        self,
        version: str,  # noqa: ARG002
        build_data: dict[str, Any],  # noqa: ARG002
        artifact_path: str,  # noqa: ARG002
    ) -> None:
        """Remove the temporary directory of the compiled catalogs and matrix."""
        output = getattr(self, "_output", None)
        if output is not None:
            shutil.rmtree(output, ignore_errors=True)
