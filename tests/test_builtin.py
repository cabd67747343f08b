"""The built-in matrix: read from its data file, or from the build's compiled form."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix._model import matrix as matrix_module
from escalation_matrix._routing.router import fingerprint
from escalation_matrix._serialization import builtin
from escalation_matrix._serialization.builtin import (
    COMPILED,
    DATA,
    default_matrix,
    read_compiled,
    write_compiled,
)
from escalation_matrix.exceptions import ValidationError
from tests.helpers import same_objects

TEXT = Path(DATA).read_bytes()


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    """A compiled form of the data file, made as the build hook makes it."""
    path = tmp_path / "default.pickle"
    write_compiled(TEXT, path)
    return path


@pytest.fixture
def uncached() -> Iterator[None]:
    """The built-in matrix made afresh by the test, and again after it."""
    default_matrix.cache_clear()
    yield
    default_matrix.cache_clear()


MAGIC = b"EMM\x01"


def _framed(rest: bytes, magic: bytes = MAGIC) -> bytes:
    """A compiled file holding *rest*, with its checksum."""
    return magic + zlib.crc32(rest).to_bytes(4, "big") + rest


def _parts(path: Path) -> list[Any]:
    data = path.read_bytes()
    assert data[:4] == MAGIC
    return list(pickle.loads(data[8:]))  # noqa: S301 -- the test's own file


def _write(path: Path, parts: list[Any]) -> None:
    path.write_bytes(_framed(pickle.dumps(tuple(parts))))


def test_installed_package_carries_the_compiled_matrix() -> None:
    """The package as installed holds a usable compiled form of its data file.

    Installing builds it (the build hook), for editable installs too.
    """
    # An editable install compiled it when installed: after a change to the
    # reader, install again (pip install -e .) to compile it anew.
    matrix = read_compiled(TEXT, COMPILED)
    assert matrix is not None, "no usable compiled matrix: install the package again"
    assert same_objects(matrix, em.loads(TEXT, "toml")), "compiled by older code"


def test_read_compiled_is_the_one_read(compiled: Path) -> None:
    """The compiled matrix is the data file's, field for field."""
    matrix = read_compiled(TEXT, compiled)
    assert matrix is not None
    assert same_objects(matrix, em.loads(TEXT, "toml"))
    assert fingerprint(matrix) == fingerprint(em.loads(TEXT, "toml"))


def test_read_compiled_routes_and_translates(compiled: Path) -> None:
    """Its caches are rebuilt: lookups, routing and translation work on it."""
    matrix = read_compiled(TEXT, compiled)
    assert matrix is not None
    read = em.loads(TEXT, "toml")
    assert matrix.level(2) == read.level("L2")
    opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    issue = em.Issue("performance_hiccups", opened, severity="critical")
    now = opened + timedelta(hours=9)
    assert em.route(matrix, issue, now=now) == em.route(read, issue, now=now)
    assert em.translate(matrix, "it") == em.translate(read, "it")


def test_default_matrix_uses_the_compiled_form(
    compiled: Path, monkeypatch: pytest.MonkeyPatch, uncached: None
) -> None:
    """default_matrix() takes the compiled matrix, without reading the file."""
    del uncached
    monkeypatch.setattr(builtin, "COMPILED", str(compiled))

    def unread(*args: object) -> None:
        raise AssertionError(args)

    monkeypatch.setattr("escalation_matrix._serialization.io.loads", unread)
    assert same_objects(default_matrix(), read_compiled(TEXT, compiled))


def test_default_matrix_reads_the_data_file_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: None
) -> None:
    """Without a compiled form (a source checkout never built), the file is read."""
    del uncached
    monkeypatch.setattr(builtin, "COMPILED", str(tmp_path / "missing.pickle"))
    matrix = default_matrix()
    assert same_objects(matrix, em.loads(TEXT, "toml"))
    assert default_matrix() is matrix


def test_other_text_is_not_used(compiled: Path) -> None:
    """A compiled form of another text (the data file edited since) is not used."""
    edited = TEXT.replace(b"Identify and resolve", b"Find and fix")
    assert read_compiled(edited, compiled) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"EMM",
        b"not a compiled matrix",
        _framed(b"not a pickle"),
        _framed(pickle.dumps(("a", "tuple", "of", "four"))),
        _framed(pickle.dumps([1, 2])),
        _framed(pickle.dumps(None)),
        # A class or module that no longer exists.
        _framed(b"cescalation_matrix._model.matrix\nNoSuchClass\n."),
        _framed(b"cno_such_module_of_escalation_matrix\nMatrix\n."),
    ],
    ids=[
        "empty",
        "short",
        "garbage",
        "not-a-pickle",
        "other-values",
        "two-values",
        "none",
        "class",
        "module",
    ],
)
def test_unusable_file_is_not_used(tmp_path: Path, content: bytes) -> None:
    """A broken or foreign file is not used: the data file is read instead."""
    path = tmp_path / "default.pickle"
    path.write_bytes(content)
    assert read_compiled(TEXT, path) is None


def test_damaged_file_is_not_used(compiled: Path) -> None:
    """Any byte changed, or the file cut short, fails its checksum."""
    data = compiled.read_bytes()
    for position in range(4, len(data), 97):
        damaged = bytearray(data)
        damaged[position] ^= 0x20
        compiled.write_bytes(damaged)
        assert read_compiled(TEXT, compiled) is None, position
    compiled.write_bytes(data[:-1])
    assert read_compiled(TEXT, compiled) is None


def test_new_matrix_field_is_not_used(
    compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A matrix given a field since fails as it is unpickled: the file is not used.

    Its own code (rebuilding its indexes) looks the field up, and does not
    find it.
    """
    fields = (*matrix_module._MATRIX_DATA, "owner")
    monkeypatch.setattr(matrix_module, "_MATRIX_DATA", fields)
    assert read_compiled(TEXT, compiled) is None


def test_missing_file_is_not_used(tmp_path: Path) -> None:
    """No compiled form: nothing to use."""
    assert read_compiled(TEXT, tmp_path / "missing.pickle") is None


def test_changed_fields_are_not_used(compiled: Path) -> None:
    """A class whose fields changed since the file was made voids it.

    Unpickling would leave a new field unset and ignore a removed one.
    """
    parts = _parts(compiled)
    fields = dict(parts[1])
    assert ("escalation_matrix._model.matrix", "Level") in fields
    fields["escalation_matrix._model.matrix", "Level"] += ("new_field",)
    parts[1] = fields
    _write(compiled, parts)
    assert read_compiled(TEXT, compiled) is None


def test_gone_class_is_not_used(compiled: Path) -> None:
    """A class named in the file that no longer exists voids it."""
    parts = _parts(compiled)
    parts[1] = {**parts[1], ("escalation_matrix._model.matrix", "Gone"): ("x",)}
    _write(compiled, parts)
    assert read_compiled(TEXT, compiled) is None


def test_other_format_is_not_used(compiled: Path) -> None:
    """A file of another layout of the compiled form is not used."""
    data = compiled.read_bytes()
    compiled.write_bytes(_framed(data[8:], magic=b"EMM\x02"))
    assert read_compiled(TEXT, compiled) is None


def test_not_a_matrix_is_not_used(compiled: Path) -> None:
    """A file whose matrix is something else is not used."""
    parts = _parts(compiled)
    parts[2] = em.default_matrix().levels[0]
    _write(compiled, parts)
    assert read_compiled(TEXT, compiled) is None


def test_writing_replaces_the_file_whole(compiled: Path) -> None:
    """A file written again replaces the old one at once, and leaves nothing else."""
    edited = TEXT.replace(b"Identify and resolve", b"Find and fix")
    write_compiled(edited, compiled)
    assert read_compiled(TEXT, compiled) is None
    matrix = read_compiled(edited, compiled)
    assert matrix is not None
    assert matrix.responsibility("performance_hiccups", "L1").startswith("Find")
    assert [path.name for path in compiled.parent.iterdir()] == [compiled.name]


def test_invalid_data_is_not_compiled(tmp_path: Path) -> None:
    """Compiling an invalid matrix raises the reader's error and writes nothing."""
    target = tmp_path / "default.pickle"
    with pytest.raises(ValidationError, match=r"\$\.levels\[1\]\.rank"):
        write_compiled(TEXT.replace(b"rank = 2", b'rank = "two"'), target)
    assert not target.exists()
