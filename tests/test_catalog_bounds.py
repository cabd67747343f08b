"""Catalogs a user gives cost bounded work, however they are made."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalation_matrix._i18n.catalogs import MOST_CATALOG_BYTES, read_catalog
from escalation_matrix.exceptions import CatalogError

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "escalation_matrix_messages.po"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_billion_plural_forms_are_refused_before_reading(tmp_path: Path) -> None:
    """Babel makes room for every declared form: such a count is refused first."""
    path = write(
        tmp_path,
        HEADER.replace(
            'UTF-8\\n"', 'UTF-8\\n"\n"Plural-Forms: nplurals=1000000000; plural=n;\\n"'
        )
        + 'msgctxt "cli"\nmsgid "{count} ticket"\nmsgid_plural "{count} tickets"\n'
        'msgstr[0] "{count} A"\nmsgstr[1] "{count} B"\n',
    )
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    (problem,) = caught.value.problems
    assert problem.message == (
        "declares nplurals=1000000000; at most 10 plural forms are read"
    )


def test_six_plural_forms_are_read(tmp_path: Path) -> None:
    """Arabic's six forms are within the bound."""
    path = write(
        tmp_path,
        HEADER.replace(
            'UTF-8\\n"',
            'UTF-8\\n"\n"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : '
            'n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"',
        ),
    )
    assert read_catalog(path).texts == {}


def test_a_file_past_the_size_limit(tmp_path: Path) -> None:
    """At most one byte past the limit is read."""
    path = write(tmp_path, HEADER + "#" * MOST_CATALOG_BYTES)
    with pytest.raises(CatalogError, match="larger than 16777216 bytes"):
        read_catalog(path)
