"""Sealed files: the build's checked files, read back only while whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalation_matrix._base.sealed import read_sealed, write_sealed

MAGIC = b"TST\x01"


def test_what_is_written_is_read(tmp_path: Path) -> None:
    path = tmp_path / "file"
    write_sealed(path, MAGIC, b"content")
    assert read_sealed(path, MAGIC) == b"content"
    assert [child.name for child in tmp_path.iterdir()] == ["file"]


def test_a_file_not_whole_or_of_another_kind_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "file"
    write_sealed(path, MAGIC, b"content")
    data = path.read_bytes()
    assert read_sealed(path, b"TST\x02") is None
    assert read_sealed(tmp_path / "missing", MAGIC) is None
    assert read_sealed(tmp_path, MAGIC) is None  # a directory
    for damaged in (data[:-1], data[:6], data.replace(b"content", b"contenT")):
        path.write_bytes(damaged)
        assert read_sealed(path, MAGIC) is None


def test_a_failed_write_leaves_nothing_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_bytes(b"")  # a directory that cannot be replaced
    with pytest.raises(OSError):  # noqa: PT011 -- the system's own error
        write_sealed(target, MAGIC, b"content")
    assert sorted(child.name for child in tmp_path.iterdir()) == ["taken"]
