"""Safe writes: dump and --output write regular files only, whole, and leave nothing behind."""

from __future__ import annotations

import errno
import fcntl
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, Self

import pytest

import escalation_matrix as em
from escalation_matrix._cli import commands, entry
from escalation_matrix._serialization import files
from escalation_matrix._serialization.files import TEMPORARY_MARKER, temporary_prefix
from escalation_matrix.exceptions import EscalationMatrixError, NotARegularFileError
from tests.helpers import small_matrix

ROOT_ONLY = pytest.mark.skipif(
    os.geteuid() != 0, reason="device nodes and other owners need root"
)
NOBODY = 65534
OLD = b"the old text\n"


class Result(NamedTuple):
    """What a run of the command gave."""

    status: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command as its console script does; return what it gave."""

    def run(*args: str | Path) -> Result:
        status = entry.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


def temporaries(directory: Path) -> list[str]:
    """The names of the temporary files in *directory*."""
    return sorted(
        p.name for p in directory.iterdir() if p.name.endswith(TEMPORARY_MARKER)
    )


def identity(path: Path) -> tuple[int, int, int, int]:
    """What is at *path* (not followed): its type, inode, device number and size."""
    found = path.lstat()
    return (stat.S_IFMT(found.st_mode), found.st_ino, found.st_rdev, found.st_size)


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def stale_name(target: Path, pid: int, unique: str = "0123456789ab") -> Path:
    """The name a writer with *pid* gives its temporary file for *target*."""
    return target.with_name(
        f"{temporary_prefix(target.name)}{pid}.{unique}{TEMPORARY_MARKER}"
    )


# Special files -------------------------------------------------------------


@pytest.fixture
def special(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Path]]:
    """Make a special file of a kind at tmp_path/out.json; return its path."""
    monkeypatch.chdir(tmp_path)  # short socket paths
    sockets: list[socket.socket] = []

    def make(kind: str) -> Path:
        path = tmp_path / "out.json"
        if kind == "FIFO":
            os.mkfifo(path)
        elif kind == "directory":
            path.mkdir()
        elif kind == "socket":
            server = socket.socket(socket.AF_UNIX)
            server.bind("out.json")
            sockets.append(server)
        elif kind == "character device":
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # /dev/full's
        else:
            os.mknod(path, stat.S_IFBLK | 0o600, os.makedev(7, 0))  # a loop device's
        return path

    yield make
    for server in sockets:
        server.close()


KINDS = [
    "FIFO",
    "directory",
    "socket",
    pytest.param("character device", marks=ROOT_ONLY),
    pytest.param("block device", marks=ROOT_ONLY),
]


class TestSpecialFiles:
    @pytest.mark.parametrize("kind", KINDS)
    def test_dump_refuses(self, special: Callable[[str], Path], kind: str) -> None:
        """A special file at the path is refused with a library error and left alone."""
        path = special(kind)
        before = identity(path)
        with pytest.raises(NotARegularFileError) as info:
            em.dump(em.default_matrix(), path)
        error = info.value
        assert (error.kind, error.path, error.filename, error.target) == (
            kind,
            str(path),
            str(path),
            None,
        )
        assert (
            str(error)
            == f"Cannot write {str(path)!r}: it is a {kind}, not a regular file."
        )
        assert isinstance(error, EscalationMatrixError)
        assert isinstance(error, OSError)
        assert identity(path) == before
        assert [p.name for p in path.parent.iterdir()] == ["out.json"]

    @pytest.mark.parametrize(
        ("kind", "reason"),
        [
            ("FIFO", "it is a FIFO (a named pipe), not a regular file"),
            ("directory", "it is a directory, not a regular file"),
            ("socket", "it is a socket, not a regular file"),
            pytest.param(
                "character device",
                "it is a character device, not a regular file",
                marks=ROOT_ONLY,
            ),
            pytest.param(
                "block device",
                "it is a block device, not a regular file",
                marks=ROOT_ONLY,
            ),
        ],
    )
    def test_output_refuses(
        self,
        cli: Callable[..., Result],
        special: Callable[[str], Path],
        kind: str,
        reason: str,
    ) -> None:
        """--output to a special file: exit status 3, one line, the file left alone."""
        path = special(kind)
        before = identity(path)
        assert cli("schema", "--output", path) == (
            3,
            "",
            f"escalation-matrix schema: error: cannot write {str(path)!r}: {reason}\n",
        )
        assert identity(path) == before
        assert [p.name for p in path.parent.iterdir()] == ["out.json"]

    def test_fifo_is_never_opened(self, special: Callable[[str], Path]) -> None:
        """A FIFO with a reader gets no byte: it is refused before anything opens it."""
        path = special("FIFO")
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a writer would not block
        try:
            with pytest.raises(NotARegularFileError):
                em.dump(em.default_matrix(), path)
            assert os.read(reader, 1) == b""  # no writer ever opened it
        finally:
            os.close(reader)

    def test_convert_refuses(
        self, cli: Callable[..., Result], special: Callable[[str], Path], tmp_path: Path
    ) -> None:
        """The OUT of convert is refused the same way."""
        path = special("FIFO")
        source = tmp_path / "in.toml"
        em.dump(small_matrix(), source)
        assert cli("convert", source, path) == (
            3,
            "",
            f"escalation-matrix convert: error: cannot write {str(path)!r}: "
            "it is a FIFO (a named pipe), not a regular file\n",
        )
        assert stat.S_ISFIFO(path.lstat().st_mode)

    def test_refused_whatever_its_name(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """What is there is said first, whatever the name ends with (or lacks)."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(NotARegularFileError):
            em.dump(small_matrix(), fifo)
        source = tmp_path / "in.toml"
        em.dump(small_matrix(), source)
        assert cli("convert", source, fifo) == (
            3,
            "",
            f"escalation-matrix convert: error: cannot write {str(fifo)!r}: "
            "it is a FIFO (a named pipe), not a regular file\n",
        )
        assert stat.S_ISFIFO(fifo.lstat().st_mode)

    def test_translated(
        self, cli: Callable[..., Result], special: Callable[[str], Path]
    ) -> None:
        """The message is in the command's language."""
        path = special("directory")
        result = cli("schema", "--locale", "it", "--output", path)
        assert result.err == (
            f"escalation-matrix schema: errore: impossibile scrivere su «{path}»: "
            "è una cartella, non un file regolare\n"
        )

    def test_other_special_files(
        self,
        cli: Callable[..., Result],
        special: Callable[[str], Path],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A kind of file the library has no name for is a "special file"."""
        monkeypatch.setattr(files, "_KINDS", ())
        path = special("FIFO")
        with pytest.raises(NotARegularFileError) as info:
            em.dump(em.default_matrix(), path)
        assert info.value.kind == "special file"
        assert cli("schema", "--output", path).err == (
            f"escalation-matrix schema: error: cannot write {str(path)!r}: "
            "it is a special file, not a regular file\n"
        )


# Symbolic links -----------------------------------------------------------


class TestLinks:
    def test_link_to_a_file(self, tmp_path: Path) -> None:
        """The file a link names is replaced; the link stays the same link."""
        (tmp_path / "real").mkdir()
        target = tmp_path / "real" / "m.json"
        target.write_bytes(OLD)
        target.chmod(0o640)
        link = tmp_path / "m.json"
        link.symlink_to(Path("real", "m.json"))
        em.dump(small_matrix(), link)
        assert link.readlink() == Path("real", "m.json")
        assert em.load(target) == small_matrix()
        assert target.stat().st_mode & 0o7777 == 0o640
        assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "real"]
        assert [p.name for p in target.parent.iterdir()] == ["m.json"]

    def test_chain_of_links(self, tmp_path: Path) -> None:
        """A link to a link is followed to the file at its end."""
        target = tmp_path / "file.json"
        target.write_bytes(OLD)
        (tmp_path / "middle.json").symlink_to(target)
        (tmp_path / "first.json").symlink_to(tmp_path / "middle.json")
        em.dump(small_matrix(), tmp_path / "first.json")
        assert em.load(target) == small_matrix()
        assert (tmp_path / "middle.json").is_symlink()
        assert (tmp_path / "first.json").is_symlink()

    def test_output_through_a_link(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """--output through a link writes the file it names."""
        target = tmp_path / "schema.json"
        target.write_bytes(OLD)
        link = tmp_path / "link.json"
        link.symlink_to(target)
        assert cli("schema", "--output", link) == (0, "", "")
        assert link.is_symlink()
        assert target.read_bytes().startswith(b"{")
        assert temporaries(tmp_path) == []

    def test_dangling_link(self, tmp_path: Path) -> None:
        """A link to a missing file is refused: the file is not created."""
        link = tmp_path / "m.json"
        missing = tmp_path / "gone" / "m.json"
        link.symlink_to(missing)
        with pytest.raises(NotARegularFileError) as info:
            em.dump(small_matrix(), link)
        assert (info.value.kind, info.value.target) == (
            "dangling symbolic link",
            str(missing),
        )
        assert str(info.value) == (
            f"Cannot write {str(link)!r}: it is a symbolic link to "
            f"{str(missing)!r}, which does not exist."
        )
        (tmp_path / "gone").mkdir()
        with pytest.raises(NotARegularFileError):
            em.dump(small_matrix(), link)
        assert not missing.exists()
        assert link.readlink() == missing
        assert sorted(p.name for p in tmp_path.iterdir()) == ["gone", "m.json"]

    def test_output_to_a_dangling_link(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """--output to a dangling link: exit status 3, nothing created."""
        link = tmp_path / "m.json"
        missing = tmp_path / "missing.json"
        link.symlink_to(missing)
        assert cli("schema", "--output", link) == (
            3,
            "",
            f"escalation-matrix schema: error: cannot write {str(link)!r}: it is a "
            f"symbolic link to {str(missing)!r}, which does not exist\n",
        )
        assert not missing.exists()

    def test_link_to_a_special_file(
        self, cli: Callable[..., Result], special: Callable[[str], Path], tmp_path: Path
    ) -> None:
        """A link to a FIFO is refused; the message names both."""
        fifo = special("FIFO")
        link = tmp_path / "link.json"
        link.symlink_to(fifo)
        with pytest.raises(NotARegularFileError) as info:
            em.dump(small_matrix(), link)
        assert (info.value.kind, info.value.target) == ("FIFO", str(fifo))
        assert cli("schema", "--output", link).err == (
            f"escalation-matrix schema: error: cannot write {str(link)!r} -> "
            f"{str(fifo)!r}: it is a FIFO (a named pipe), not a regular file\n"
        )
        assert stat.S_ISFIFO(fifo.lstat().st_mode)

    def test_link_loop(self, cli: Callable[..., Result], tmp_path: Path) -> None:
        """A loop of links is the system's error, naming the path given."""
        (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
        (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
        with pytest.raises(OSError) as info:  # noqa: PT011 -- the errno is checked
            em.dump(small_matrix(), tmp_path / "a.json")
        assert (info.value.errno, info.value.filename) == (
            errno.ELOOP,
            str(tmp_path / "a.json"),
        )
        source = tmp_path / "in.toml"
        em.dump(small_matrix(), source)
        assert cli("convert", source, tmp_path / "a.json") == (
            3,
            "",
            f"escalation-matrix convert: error: cannot write {str(tmp_path / 'a.json')!r}: "
            f"{os.strerror(errno.ELOOP)}\n",
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "a.json",
            "b.json",
            "in.toml",
        ]


# Mode and owner -------------------------------------------------------------


class TestModeAndOwner:
    @ROOT_ONLY
    @pytest.mark.parametrize("mode", [0o640, 0o604, 0o2750])
    def test_another_owner(self, tmp_path: Path, mode: int) -> None:
        """Replacing a file keeps its mode, owner and group."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.chown(path, NOBODY, NOBODY)
        path.chmod(mode)
        em.dump(small_matrix(), path)
        found = path.stat()
        assert (found.st_uid, found.st_gid, found.st_mode & 0o7777) == (
            NOBODY,
            NOBODY,
            mode,
        )
        assert em.load(path) == small_matrix()

    @ROOT_ONLY
    def test_output_keeps_owner(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """--output keeps them too."""
        path = tmp_path / "schema.json"
        path.write_bytes(OLD)
        os.chown(path, NOBODY, NOBODY)
        path.chmod(0o640)
        assert cli("schema", "--output", path).status == 0
        found = path.stat()
        assert (found.st_uid, found.st_gid, found.st_mode & 0o7777) == (
            NOBODY,
            NOBODY,
            0o640,
        )

    def test_owner_that_cannot_be_kept(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A process that may not give a file away keeps the group, and the mode."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        path.chmod(0o640)
        group = path.stat().st_gid
        calls: list[tuple[int, int]] = []

        def fchown(_: int, uid: int, gid: int) -> None:
            calls.append((uid, gid))
            if uid != -1:
                raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "fchown", fchown)
        em.dump(small_matrix(), path)
        assert calls == [(path.stat().st_uid, group), (-1, group)]
        assert path.stat().st_mode & 0o7777 == 0o640
        assert em.load(path) == small_matrix()

    def test_neither_owner_nor_group(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where neither can be set, the file is still written, its mode kept."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        path.chmod(0o604)

        def fchown(*_: int) -> None:
            raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "fchown", fchown)
        em.dump(small_matrix(), path)
        assert path.stat().st_mode & 0o7777 == 0o604
        assert em.load(path) == small_matrix()

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0,
        reason="needs root, to write as another user",
    )
    def test_another_users_file_keeps_its_owner(self) -> None:
        """A user who may write another's file, but not give one away, keeps its owner."""
        # Outside pytest's own folders, which only root may enter.
        folder = Path(tempfile.mkdtemp())
        try:
            folder.chmod(0o777)
            path = folder / "m.json"
            path.write_bytes(OLD)
            path.chmod(0o666)
            before = path.stat()
            code = (
                "import os, sys, escalation_matrix as em; "
                "from tests.helpers import small_matrix; "
                # Loaded first: the interpreter's files may be root's alone.
                "matrix = small_matrix(); em.dumps(matrix, 'json'); "
                "import escalation_matrix._serialization.files; "
                "os.setgid(65534); os.setgroups([]); os.setuid(65534); "
                "em.dump(matrix, sys.argv[1])"
            )
            subprocess.run([sys.executable, "-c", code, str(path)], check=True)
            after = path.stat()
            assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
            assert after.st_ino == before.st_ino  # written in place
            assert em.load(path) == small_matrix()
            assert [entry.name for entry in folder.iterdir()] == ["m.json"]
        finally:
            shutil.rmtree(folder)

    def test_new_file_follows_the_umask(self, tmp_path: Path) -> None:
        """A new file gets the mode any new file gets: 0o666 less the umask."""
        old = os.umask(0o027)
        try:
            em.dump(small_matrix(), tmp_path / "m.json")
        finally:
            os.umask(old)
        assert (tmp_path / "m.json").stat().st_mode & 0o7777 == 0o640

    @pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
    def test_file_that_may_not_be_written(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """A file the process may not write (immutable, even for root) is left as it is."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        if subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
            pytest.skip("the file system has no immutable files")
        try:
            with pytest.raises(PermissionError) as info:
                em.dump(small_matrix(), path)
            assert info.value.filename == str(path)
            result = cli("schema", "--output", path)
            assert (result.status, result.out) == (3, "")
            assert result.err.startswith(
                f"escalation-matrix schema: error: cannot write {str(path)!r}: "
            )
            assert path.read_bytes() == OLD
            assert temporaries(tmp_path) == []
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)

    def test_access_check_that_errs(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When access() says no but the file opens for writing, it is written."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        monkeypatch.setattr(os, "access", lambda *_, **__: False)
        em.dump(small_matrix(), path)
        assert em.load(path) == small_matrix()


# Hard links -----------------------------------------------------------------


class TestHardLinks:
    def test_no_file_is_made_beside_one_written_in_place(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file written in place needs no new file in its directory.

        Its directory may not let one be made (another user's file the
        process may write): the text waits in an anonymous buffer.
        """
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")

        def refused(real: Path) -> Path:
            said = f"a temporary file beside {real}"
            raise AssertionError(said)

        monkeypatch.setattr(files, "_temporary", refused)
        files.write_file(path, b"new text\n")
        with files.writing(path) as handle:
            handle.write(b"streamed ")
            handle.write(b"text\n")
        assert (tmp_path / "other.json").read_bytes() == b"streamed text\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "other.json"]

    def test_a_signal_waits_for_the_copy_in_place(self, tmp_path: Path) -> None:
        """Ctrl-C while the text is copied over the file arrives once it is whole.

        In a process of its own, whose main thread writes: signals are
        handled there (test workers may run tests in another thread).
        """
        path = tmp_path / "m.json"
        path.write_bytes(b"o" * (5 * 2**20))
        os.link(path, tmp_path / "other.json")
        script = (
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "from escalation_matrix._serialization import files\n"
            "real_open = open\n"
            "class Signalling:\n"
            "    def __init__(self, handle): self.handle = handle\n"
            "    def __enter__(self): return self\n"
            "    def __exit__(self, *_): self.handle.close()\n"
            "    def write(self, data):\n"
            "        written = self.handle.write(data)\n"
            "        os.kill(os.getpid(), signal.SIGINT)  # after the first piece\n"
            "        return written\n"
            "    def flush(self): self.handle.flush()\n"
            "    def truncate(self, size): return self.handle.truncate(size)\n"
            "def signalling_open(file, mode):\n"
            "    handle = real_open(file, mode)\n"
            "    return Signalling(handle) if mode == 'wb' else handle\n"
            "files.open = signalling_open\n"
            "try:\n"
            "    files.write_file(Path(sys.argv[1]), b'n' * (3 * 2**20 + 7))\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, "interrupted\n", "")
        assert (tmp_path / "other.json").read_bytes() == b"n" * (3 * 2**20 + 7)

    def test_links_are_kept(self, tmp_path: Path) -> None:
        """A file with hard links is written in place: every name shows the new text."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD * 100)
        path.chmod(0o640)
        other = tmp_path / "other.json"
        os.link(path, other)
        inode = path.stat().st_ino
        em.dump(small_matrix(), path)
        assert (path.stat().st_ino, path.stat().st_nlink) == (inode, 2)
        assert (
            other.read_bytes()
            == path.read_bytes()
            == em.dumps(small_matrix(), "json").encode()
        )
        assert path.stat().st_mode & 0o7777 == 0o640
        assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "other.json"]

    def test_output_keeps_links(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """--output keeps them too."""
        path = tmp_path / "schema.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "copy.json")
        assert cli("schema", "--output", path).status == 0
        assert (tmp_path / "copy.json").read_bytes() == path.read_bytes()
        assert path.read_bytes().startswith(b"{")

    def test_longer_text(self, tmp_path: Path) -> None:
        """A text longer than the old one is written whole."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")
        em.dump(em.default_matrix(), path)
        assert em.load(tmp_path / "other.json") == em.default_matrix()

    def test_full_disk_leaves_it_as_it_was(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No room for the new text: the file keeps the old one, whole."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")

        def full(descriptor: int, offset: int, length: int) -> None:
            os.ftruncate(descriptor, offset + length // 2)  # claimed some, then ran out
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "posix_fallocate", full)
        with pytest.raises(OSError, match="No space left") as info:
            em.dump(em.default_matrix(), path)
        assert info.value.filename == str(path)
        assert path.read_bytes() == OLD

    @pytest.mark.parametrize("unsupported", [errno.EOPNOTSUPP, errno.EINVAL])
    def test_no_room_to_claim(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsupported: int
    ) -> None:
        """A file system that cannot claim space first is written all the same."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")

        def cannot(*_: int) -> None:
            raise OSError(unsupported, os.strerror(unsupported))

        monkeypatch.setattr(os, "posix_fallocate", cannot)
        em.dump(small_matrix(), path)
        assert em.load(tmp_path / "other.json") == small_matrix()

    def test_system_without_fallocate(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Nor does a system without posix_fallocate (macOS) stop it."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")
        monkeypatch.delattr(os, "posix_fallocate", raising=False)
        em.dump(small_matrix(), path)
        assert em.load(tmp_path / "other.json") == small_matrix()

    def test_interrupted_once_written(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C once the new text is written still cuts the old text's tail."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD * 1000)
        os.link(path, tmp_path / "other.json")
        real_open = open

        class Interrupted:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *_: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                return int(self.handle.write(data))

            def flush(self) -> None:
                self.handle.flush()
                raise KeyboardInterrupt

            def truncate(self, size: int) -> int:
                return int(self.handle.truncate(size))

        def interrupting_open(file: int, mode: str) -> Any:
            # The file itself, written in place from the temporary one.
            if mode == "wb":
                return Interrupted(real_open(file, mode))
            return real_open(file, mode)

        monkeypatch.setattr(files, "open", interrupting_open, raising=False)
        with pytest.raises(KeyboardInterrupt):
            em.dump(small_matrix(), path)
        monkeypatch.undo()
        assert em.load(tmp_path / "other.json") == small_matrix()

    def test_in_place_errors_name_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An error opening the file names it as given."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        os.link(path, tmp_path / "other.json")
        real_open = os.open

        def refusing(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(file) == path and flags & os.O_WRONLY:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing)
        monkeypatch.setattr(os, "access", lambda *_, **__: True)
        with pytest.raises(PermissionError) as info:
            em.dump(small_matrix(), str(path))
        assert info.value.filename == str(path)
        assert path.read_bytes() == OLD


# Failures and interruptions ---------------------------------------------------


class TestFailures:
    def test_interrupted_while_writing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C while writing: the old file is intact and no temporary file is left."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)

        def interrupted(_: int) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            em.dump(small_matrix(), path)
        assert path.read_bytes() == OLD
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_full_disk(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A full disk: the error names the file, which is intact; nothing is left."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)

        def full(_: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left") as info:
            em.dump(small_matrix(), path)
        assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(path))
        assert path.read_bytes() == OLD
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_missing_directory(self, tmp_path: Path) -> None:
        """A directory that does not exist: the error names the file asked for."""
        path = tmp_path / "nowhere" / "m.json"
        with pytest.raises(FileNotFoundError) as info:
            em.dump(small_matrix(), path)
        assert info.value.filename == str(path)
        assert list(tmp_path.iterdir()) == []

    def test_name_taken(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file already having the temporary file's name is not touched."""
        path = tmp_path / "m.json"
        taken = stale_name(path, os.getpid(), "00" * 6)
        taken.write_bytes(b"someone's")
        monkeypatch.setattr(os, "urandom", bytes)  # zeros
        with pytest.raises(FileExistsError) as info:
            em.dump(small_matrix(), path)
        assert info.value.filename == str(path)
        assert taken.read_bytes() == b"someone's"
        assert not path.exists()

    def test_file_and_directory_are_synced(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The new file is synced before it takes the old one's place, then its directory."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        real_fsync = os.fsync
        synced: list[tuple[bool, int, bytes]] = []

        def fsync(descriptor: int) -> None:
            found = os.fstat(descriptor)
            synced.append(
                (stat.S_ISDIR(found.st_mode), found.st_ino, path.read_bytes())
            )
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)
        em.dump(small_matrix(), path)
        new = em.dumps(small_matrix(), "json").encode()
        assert [(is_dir, text) for is_dir, _, text in synced] == [
            (False, OLD),
            (True, new),
        ]
        assert synced[0][1] == path.stat().st_ino
        assert synced[1][1] == tmp_path.stat().st_ino

    @pytest.mark.parametrize("code", [errno.EINVAL, errno.EACCES])
    def test_directory_that_cannot_be_synced(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
    ) -> None:
        """A file system that cannot sync directories does not stop the write."""
        path = tmp_path / "m.json"
        real_fsync = os.fsync

        def fsync(descriptor: int) -> None:
            if stat.S_ISDIR(os.fstat(descriptor).st_mode):
                raise OSError(code, os.strerror(code))
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)
        em.dump(small_matrix(), path)
        assert em.load(path) == small_matrix()

    def test_directory_sync_fails(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An I/O error syncing the directory is reported, naming the file."""
        path = tmp_path / "m.json"
        real_fsync = os.fsync

        def fsync(descriptor: int) -> None:
            if stat.S_ISDIR(os.fstat(descriptor).st_mode):
                raise OSError(errno.EIO, "Input/output error")
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)
        with pytest.raises(OSError, match="Input/output error") as info:
            em.dump(small_matrix(), path)
        assert info.value.filename == str(path)
        assert temporaries(tmp_path) == []

    def test_long_name(self, tmp_path: Path) -> None:
        """A name near the length limit still gets a temporary file that fits."""
        path = tmp_path / ("m" * 245 + ".json")
        em.dump(small_matrix(), path)
        assert em.load(path) == small_matrix()
        assert len(os.fsencode(stale_name(path, 2**31 - 1).name)) <= 255

    def test_without_posix(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where there are no owners, locks or process ids (Windows), files are still written."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        path.chmod(0o640)
        stale = stale_name(path, dead_pid())
        stale.write_bytes(b"")
        monkeypatch.setattr(files, "_POSIX", False)
        monkeypatch.setitem(sys.modules, "fcntl", None)
        em.dump(small_matrix(), path)
        assert em.load(path) == small_matrix()
        assert path.stat().st_mode & 0o7777 == 0o640
        assert stale.exists()  # nothing can tell whether its writer runs


# Temporary files of killed writers ---------------------------------------------

# A writer that stops once its temporary file is written and synced, and
# says so: the test then kills it mid-write.
PAUSING = """
import os, sys, time
real = os.fsync
def pause(descriptor):
    real(descriptor)
    print("writing", flush=True)
    time.sleep(60)
os.fsync = pause
"""
API_WRITER = (
    PAUSING
    + """
import escalation_matrix as em
em.dump(em.default_matrix(), sys.argv[1])
"""
)
CLI_WRITER = (
    PAUSING
    + """
from escalation_matrix._cli.entry import main
sys.exit(main(["schema", "--output", sys.argv[1]]))
"""
)


def environment() -> dict[str, str]:
    """The test's environment without a locale."""
    hidden = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    return {name: value for name, value in os.environ.items() if name not in hidden}


class Ended(NamedTuple):
    """How a killed writer ended."""

    status: int
    err: str
    pid: int


def kill_mid_write(code: str, path: Path, signum: int) -> Ended:
    """Run *code* writing *path*, send *signum* once it is mid-write; return how it ended."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    assert len(temporaries(path.parent)) == 1  # really mid-write
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    return Ended(process.returncode, err, process.pid)


class TestKilledWriters:
    @pytest.mark.parametrize("code", [API_WRITER, CLI_WRITER], ids=["api", "cli"])
    @pytest.mark.parametrize("next_write", ["api", "cli"])
    def test_sigkill(
        self, cli: Callable[..., Result], tmp_path: Path, code: str, next_write: str
    ) -> None:
        """SIGKILL mid-write leaves the old file and an orphan, which the next write removes."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        ended = kill_mid_write(code, path, signal.SIGKILL)
        assert ended.status == -signal.SIGKILL
        assert path.read_bytes() == OLD
        [orphan] = temporaries(tmp_path)
        assert orphan.startswith(f".m.json.{ended.pid}.")
        if next_write == "api":
            em.dump(small_matrix(), path)
            assert em.load(path) == small_matrix()
        else:
            assert cli("schema", "--output", path) == (0, "", "")
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_sigterm_to_the_command(self, tmp_path: Path) -> None:
        """SIGTERM mid-write ends the command with 143, its temporary file removed."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        ended = kill_mid_write(CLI_WRITER, path, signal.SIGTERM)
        assert (ended.status, ended.err) == (entry.TERMINATED, "")
        assert path.read_bytes() == OLD
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_sigterm_to_a_program(
        self, cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """A program using the library keeps SIGTERM's own action; the next write cleans up."""
        path = tmp_path / "m.json"
        path.write_bytes(OLD)
        ended = kill_mid_write(API_WRITER, path, signal.SIGTERM)
        assert ended.status == -signal.SIGTERM
        assert path.read_bytes() == OLD
        assert len(temporaries(tmp_path)) == 1
        assert cli("schema", "--output", path) == (0, "", "")
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_kills_at_random_moments(self, tmp_path: Path) -> None:
        """Killed anywhere, a writer leaves the old text or a new one, whole."""
        path = tmp_path / "m.bin"
        texts = [b"a" * 2**20, b"b" * 2**20]
        path.write_bytes(OLD)
        code = (
            "import sys\n"
            "from pathlib import Path\n"
            "from escalation_matrix._serialization.files import write_file\n"
            "texts = [b'a' * 2**20, b'b' * 2**20]\n"
            "print('ready', flush=True)\n"
            "for turn in range(10**6):\n"
            "    write_file(Path(sys.argv[1]), texts[turn % 2])\n"
        )
        rng = random.Random(13)  # noqa: S311 -- moments, not secrets
        for _ in range(8):
            process = subprocess.Popen(
                [sys.executable, "-c", code, str(path)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n"
            threading.Event().wait(rng.uniform(0, 0.05))
            process.kill()
            process.communicate()
            assert path.read_bytes() in [OLD, *texts]
        files.write_file(path, OLD)
        assert [p.name for p in tmp_path.iterdir()] == ["m.bin"]
        assert path.read_bytes() == OLD


class TestStaleFiles:
    def test_live_writers_are_left_alone(self, tmp_path: Path) -> None:
        """A temporary file whose writer still runs is not removed."""
        path = tmp_path / "m.json"
        live = stale_name(path, os.getpid())
        live.write_bytes(b"")
        em.dump(small_matrix(), path)
        assert live.exists()

    def test_locked_files_are_left_alone(self, tmp_path: Path) -> None:
        """One whose lock is held (a writer on another machine or in a container) is not removed."""
        path = tmp_path / "m.json"
        locked = stale_name(path, dead_pid())
        locked.write_bytes(b"")
        with locked.open("rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            em.dump(small_matrix(), path)
        assert locked.exists()

    def test_dead_writers_files_are_removed(self, tmp_path: Path) -> None:
        """Those of ended processes go, whatever their ids."""
        path = tmp_path / "m.json"
        dead = [stale_name(path, dead_pid()), stale_name(path, 9_999_999_999)]
        for file in dead:
            file.write_bytes(b"half")
        em.dump(small_matrix(), path)
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]

    def test_other_files_are_left_alone(self, tmp_path: Path) -> None:
        """Only this file's temporary files go; anything else with a like name stays."""
        path = tmp_path / "m.json"
        pid = dead_pid()
        others = [
            stale_name(tmp_path / "other.json", pid),  # another file's
            tmp_path / f".m.json.{pid}.0123456789ab.tmp",  # without the marker
            tmp_path / f".m.json.0.0123456789ab{TEMPORARY_MARKER}",  # no process 0
            tmp_path / f".m.json.{pid}.NOTHEX{TEMPORARY_MARKER}",
            tmp_path / f".m.json.x.{pid}.0123456789ab{TEMPORARY_MARKER}",
        ]
        for file in others:
            file.write_bytes(b"")
        fifo = stale_name(path, pid, "aaaaaaaaaaaa")
        os.mkfifo(fifo)
        link = stale_name(path, pid, "bbbbbbbbbbbb")
        link.symlink_to(tmp_path / "other.json")
        folder = stale_name(path, pid, "cccccccccccc")
        folder.mkdir()
        em.dump(small_matrix(), path)
        for file in [*others, fifo, link, folder]:
            assert file.is_symlink() or file.exists(), file.name

    def test_another_users_process(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A process the writer may not signal runs: its file stays."""
        path = tmp_path / "m.json"
        stale = stale_name(path, 4242)
        stale.write_bytes(b"")

        def kill(*_: int) -> None:
            raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "kill", kill)
        em.dump(small_matrix(), path)
        assert stale.exists()

    def test_directory_that_cannot_be_listed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A directory that cannot be listed is written to all the same."""
        path = tmp_path / "m.json"

        def scandir(_: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(os, "scandir", scandir)
        em.dump(small_matrix(), path)
        assert em.load(path) == small_matrix()

    def test_long_names(self, tmp_path: Path) -> None:
        """The temporary files of a file with a long name are found too."""
        path = tmp_path / ("m" * 245 + ".json")
        stale = stale_name(path, dead_pid())
        stale.write_bytes(b"")
        em.dump(small_matrix(), path)
        assert [p.name for p in tmp_path.iterdir()] == [path.name]

    def test_written_beside_the_link_target(self, tmp_path: Path) -> None:
        """Temporary files go beside the file a link names, and are cleaned there."""
        (tmp_path / "real").mkdir()
        target = tmp_path / "real" / "m.json"
        target.write_bytes(OLD)
        link = tmp_path / "m.json"
        link.symlink_to(target)
        stale = stale_name(target, dead_pid())
        stale.write_bytes(b"")
        em.dump(small_matrix(), link)
        assert [p.name for p in target.parent.iterdir()] == ["m.json"]


# The command's SIGTERM handler ---------------------------------------------------


class TestSigterm:
    def test_handler_is_restored(self, cli: Callable[..., Result]) -> None:
        """The command sets SIGTERM back as it found it."""
        before = signal.getsignal(signal.SIGTERM)
        assert cli("schema").status == 0
        assert signal.getsignal(signal.SIGTERM) == before

    def test_terminated_status(
        self, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SIGTERM ends the command quietly with 143 (128 + SIGTERM)."""

        def terminated(*_: object) -> int:
            entry._terminate(signal.SIGTERM, None)

        monkeypatch.setitem(commands.COMMANDS, "schema", terminated)
        assert cli("schema") == (143, "", "")

    def test_one_is_enough(self) -> None:
        """After the first SIGTERM, others are ignored until the cleanup is done."""
        before = signal.getsignal(signal.SIGTERM)
        with entry._sigterm_raises():
            assert signal.getsignal(signal.SIGTERM) == entry._terminate
            with pytest.raises(entry.Terminated):
                entry._terminate(signal.SIGTERM, None)
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) == before

    def test_handler_set_outside_python(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A handler Python cannot set back gives way to the default action."""
        calls: list[object] = []
        real = signal.signal

        def setting(signum: int, handler: Any) -> Any:
            calls.append(handler)
            real(signum, handler)
            return None if len(calls) == 1 else entry._terminate

        monkeypatch.setattr(signal, "signal", setting)
        before = signal.getsignal(signal.SIGTERM)
        try:
            with entry._sigterm_raises():
                pass
        finally:
            real(signal.SIGTERM, before)
        assert calls == [entry._terminate, signal.SIG_DFL]

    def test_from_another_thread(self) -> None:
        """A program may run the command in a thread, where no handler can be set."""
        statuses: list[int] = []
        worker = threading.Thread(
            target=lambda: statuses.append(entry.main(["--version"]))
        )
        before = signal.getsignal(signal.SIGTERM)
        worker.start()
        worker.join()
        assert statuses == [0]
        assert signal.getsignal(signal.SIGTERM) == before
