"""Keeping the shipped catalogs in step with the data and the code.

For contributors, from the root of a source checkout::

    python tools/catalog_sync.py update
    python tools/catalog_sync.py check

``update`` extracts every message (the built-in matrix's texts with the
extractor of :mod:`escalation_matrix._serialization.extractor`, and the
messages marked in the code with ``N_`` and ``pN_``) with ``pybabel
extract`` and the mapping in ``pyproject.toml``'s ``[tool.babel]`` table,
and routes each to its domain: the built-in matrix's texts to
``escalation_matrix``, everything else to ``escalation_matrix_messages``.
It rewrites each domain's template (``<domain>.pot``) if its messages
changed, and updates every ``.po`` file of the domain from it: new messages
are added untranslated (English, the source language, translates each one
to itself), removed ones are dropped. A language with a catalog of one
domain only gets the other's, with the same header. ``check`` changes
nothing and exits with status 1 if ``update`` would change something.
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

from escalation_matrix._i18n.catalogs import DOMAINS, MATRIX_DOMAIN, MESSAGES_DOMAIN
from escalation_matrix._i18n.locales import parse_locale
from escalation_matrix._i18n.template import plural_forms

__all__ = ["check", "domain_of", "extract", "main", "split", "update"]

PACKAGE: Final = Path("src", "escalation_matrix")
LOCALES: Final = PACKAGE / "_i18n" / "locale"
#: Where the matrix texts come from, relative to the package: the built-in
#: matrix's data files.
MATRIX_DATA: Final = "_serialization/data/"
#: The language of the source texts, whose catalog translates each to itself.
SOURCE_LANGUAGE: Final = "en"
#: ``pybabel extract`` options besides the mapping: the context marker's
#: keyword spec (the context first, then the message) and the tag of the
#: translator comments written in the code.
EXTRACT_OPTIONS: Final = (
    "--keyword=pN_:1c,2",
    "--keyword=Phrase",
    # The parse-error reasons that quote what the parser quoted
    # (_serialization/syntax.py).
    "--keyword=_quoting",
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


def domain_of(locations: Iterable[tuple[str, object]]) -> str:
    """Return the domain of a message found at *locations*.

    The built-in matrix's texts (found only in its data files) are matrix
    content; a message marked in the code is one of the program's.
    """
    paths = [path.replace("\\", "/") for path, _ in locations]
    if paths and all(MATRIX_DATA in path for path in paths):
        return MATRIX_DOMAIN
    return MESSAGES_DOMAIN


#: The comment of every problem message (marked with ``Phrase``, without a
#: context) that has none of its own: what translators need to know of all.
PROBLEM_COMMENT: Final = (
    "Translators: a problem found in a file, a payload or an argument, shown",
    'after where it is ("$.levels[0].rank: "), so it starts in lower case.',
    "{got} is the value as it was written; the other placeholders are keys,",
    "values, or phrases said in the same language.",
)


def split(template: bytes) -> dict[str, Catalog]:
    """Return the template of each domain, made from the extracted *template*.

    Problem messages without a comment of their own get
    :data:`PROBLEM_COMMENT`.
    """
    parts: dict[str, Catalog] = {}
    for domain in DOMAINS:
        catalog = _parse(template)
        for message in list(catalog):
            if message.id and domain_of(message.locations) != domain:
                catalog.delete(message.id, context=message.context)
            elif message.id and message.context is None and not message.auto_comments:
                message.auto_comments = list(PROBLEM_COMMENT)
        parts[domain] = catalog
    return parts


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


def _catalog_files(root: Path, domain: str) -> list[Path]:
    """Return the domain's ``.po`` file of every language that has a catalog.

    A language with a catalog of the other domain only gets one made from
    it (same header, no messages yet), which ``update`` then fills.
    """
    folders = sorted(
        {path.parent for other in DOMAINS for path in _globbed(root, other)}
    )
    return [folder / f"{domain}.po" for folder in folders]


def _globbed(root: Path, domain: str) -> list[Path]:
    return sorted((root / LOCALES).glob(f"*/LC_MESSAGES/{domain}.po"))


def _existing(po_file: Path) -> Catalog:
    """Read *po_file*, or start it from a sibling catalog's header."""
    if po_file.is_file():
        return _read(po_file)
    sibling = next(path for path in sorted(po_file.parent.glob("*.po")))
    catalog = _read(sibling)
    for message in list(catalog):
        if message.id:
            catalog.delete(message.id, context=message.context)
    return catalog


def _updated(catalog: Catalog, template: Catalog, language: str) -> Catalog:
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    # The plural rule gettext uses for the language, as the catalog command
    # writes it (Babel's CLDR rule may have more forms than gettext's).
    catalog.mime_headers = [("Plural-Forms", plural_forms(parse_locale(language)))]
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            # A plural message's translation is its forms, each empty until filled.
            forms = message.string
            untranslated = (
                not any(forms) if isinstance(forms, tuple | list) else not forms
            )
            if message.id and untranslated:
                message.string = message.id
    return catalog


def _plan(root: Path) -> list[tuple[Path, Catalog]]:
    """Return the files ``update`` would rewrite, with their new content."""
    extracted = extract(root)
    plan: list[tuple[Path, Catalog]] = []
    for domain in DOMAINS:
        plan += _domain_plan(root, domain, extracted)
    return plan


def _domain_plan(
    root: Path, domain: str, extracted: bytes
) -> list[tuple[Path, Catalog]]:
    plan: list[tuple[Path, Catalog]] = []
    pot = root / LOCALES / f"{domain}.pot"
    template = split(extracted)[domain]
    if not pot.is_file() or _entries(_read(pot)) != _entries(template):
        plan.append((pot, template))
    for po_file in _catalog_files(root, domain):
        catalog = _existing(po_file)
        before = None
        if po_file.is_file():
            before = (_entries(catalog, translations=True), catalog.plural_forms)
        language = po_file.parent.parent.name
        after = _updated(catalog, split(extracted)[domain], language)
        if (_entries(after, translations=True), after.plural_forms) != before:
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
