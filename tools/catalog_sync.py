"""Keeping the shipped catalogs in step with the data and the code.

For contributors, from the root of a source checkout::

    python tools/catalog_sync.py update
    python tools/catalog_sync.py check

``update`` extracts every message (the built-in matrix's texts with the
extractor of :mod:`escalation_matrix._serialization.extractor`, and the
messages marked in the code with ``N_`` and ``pN_``) with ``pybabel
extract`` and the mapping in ``pyproject.toml``'s ``[tool.babel]`` table,
rewrites the template
``escalation_matrix.pot`` if its messages changed, and updates every
``.po`` file from it: new messages are added untranslated (English, the
source language, translates each one to itself), removed ones are dropped.
``check`` changes nothing and exits with status 1 if ``update`` would change
something.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from escalation_matrix._i18n.catalogs import DOMAIN

__all__ = ["check", "extract", "main", "update"]

PACKAGE: Final = Path("src", "escalation_matrix")
LOCALES: Final = PACKAGE / "_i18n" / "locale"
TEMPLATE: Final = LOCALES / f"{DOMAIN}.pot"
#: The language of the source texts, whose catalog translates each to itself.
SOURCE_LANGUAGE: Final = "en"
#: ``pybabel extract`` options besides the mapping: the context marker's
#: keyword spec (the context first, then the message) and the tag of the
#: translator comments written in the code.
EXTRACT_OPTIONS: Final = (
    "--keyword=pN_:1c,2",
    "--add-comments=Translators:",
    "--project=escalation-matrix",
    "--copyright-holder=The escalation_matrix developers",
    "--width=79",
    # pybabel skips folders whose names start with "_" or "." by default;
    # the layer packages all start with "_".
    "--ignore-dirs=.* __pycache__",
)

Entry = tuple[object, ...]


def extract(root: Path) -> bytes:
    """Extract every message of the package with ``pybabel extract``.

    Returns:
        The template, as ``pybabel extract`` writes it.
    """
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch, "messages.pot")
        command = [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "--mapping-file=pyproject.toml",
            *EXTRACT_OPTIONS,
            f"--output-file={output}",
            str(PACKAGE),
        ]
        subprocess.run(command, cwd=root, check=True)  # noqa: S603 -- fixed command
        return output.read_bytes()


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _parse(template: bytes) -> Catalog:
    # Parsed afresh for every use: Catalog.update shares the template's
    # message objects, and some Babel versions cannot deep-copy a catalog.
    return read_po(io.BytesIO(template))


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=79, ignore_obsolete=True)


def _entries(catalog: Catalog, *, translations: bool = False) -> list[Entry]:
    """What matters in a catalog: messages, their files, comments, strings.

    Line numbers are left out: Babel versions differ on which line of a
    call spanning several they record, and a line moving is not news.
    """
    return [
        (
            message.context,
            message.id,
            tuple(message.auto_comments),
            tuple(sorted({path for path, _ in message.locations})),
            message.string if translations else None,
        )
        for message in catalog
        if message.id
    ]


def _catalog_files(root: Path) -> list[Path]:
    return sorted((root / LOCALES).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _updated(catalog: Catalog, template: Catalog, language: str) -> Catalog:
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
    return catalog


def _plan(root: Path) -> list[tuple[Path, Catalog]]:
    """Return the files ``update`` would rewrite, with their new content."""
    template = extract(root)
    plan: list[tuple[Path, Catalog]] = []
    pot = root / TEMPLATE
    if not pot.is_file() or _entries(_read(pot)) != _entries(_parse(template)):
        plan.append((pot, _parse(template)))
    for po_file in _catalog_files(root):
        catalog = _read(po_file)
        before = _entries(catalog, translations=True)
        language = po_file.parent.parent.name
        after = _updated(catalog, _parse(template), language)
        if _entries(after, translations=True) != before:
            plan.append((po_file, after))
    return plan


def check(root: Path) -> list[str]:
    """Return the catalog files that ``update`` would change, as problems."""
    return [
        f"{path.relative_to(root)} is out of date; run "
        "'python tools/catalog_sync.py update'"
        for path, _ in _plan(root)
    ]


def update(root: Path) -> list[Path]:
    """Regenerate the template and update the catalogs; return what changed."""
    plan = _plan(root)
    for path, catalog in plan:
        _write(path, catalog)
    return [path for path, _ in plan]


def main(argv: Iterable[str]) -> int:
    """Run ``update`` or ``check`` in the current directory; return the status."""
    args = list(argv)
    if args not in (["update"], ["check"]):
        print("usage: python tools/catalog_sync.py update|check")  # noqa: T201
        return 2
    root = Path.cwd()
    if args == ["update"]:
        for path in update(root):
            print(f"updated {path.relative_to(root)}")  # noqa: T201
        return 0
    problems = check(root)
    for problem in problems:
        print(problem)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
