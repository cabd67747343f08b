"""Reading and writing files safely: regular files only, bounded reads, atomic writes.

:func:`write_file` is how :func:`~escalation_matrix.dump` and the command's
``--output`` write, :func:`read_file` how :func:`~escalation_matrix.load`
reads; the file-format reference says what they promise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from escalation_matrix.exceptions import NotARegularFileError

__all__ = [
    "TEMPORARY_MARKER",
    "check_target",
    "read_file",
    "temporary_prefix",
    "write_file",
    "writing",
]

#: How the name of every temporary file ends; the whole name is
#: ``.{name}.{pid}.{12 hex digits}`` and this, beside the file *name*.
TEMPORARY_MARKER = ".escalation-matrix.tmp"

# Owners, locks, process ids and synced directories are POSIX things; on
# Windows, os.kill(pid, 0) would even end the process it asks about.
_POSIX = os.name == "posix"

# The longest file name most file systems take, in bytes, and what a
# temporary file's name adds to the name of its file.
_NAME_MAX = 255
_ADDED = len(f"..{2**32}.{'0' * 12}{TEMPORARY_MARKER}")
_TAIL = re.compile(r"([1-9][0-9]{0,9})\.[0-9a-f]{12}" + re.escape(TEMPORARY_MARKER))

_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
)

# Never wait on a FIFO or take a terminal that appears at a path meanwhile.
_OPEN_FLAGS = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)

# What fsync of a directory or posix_fallocate raise where the file system
# cannot do them (or the directory cannot be opened): nothing is lost.
_UNSUPPORTED = frozenset(
    {errno.EACCES, errno.EPERM, errno.EINVAL, errno.EBADF, errno.ENOSYS}
    | {errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENODEV}
)


def write_file(path: Path, data: bytes) -> None:
    """Write *data* to *path*, a regular file or nothing yet, safely.

    A symbolic link is followed: the file it names is written and the
    link stays a link. The text goes to a temporary file beside the file,
    which is synced to disk and then renamed over it in one step, with the
    old file's mode, owner and group; the directory is synced too. A file
    with other hard links is written in place instead, so that every name
    keeps showing the same file, and so is a file whose owner or group the
    process may not give to a new file (another user's file it may write),
    so that they stay as they were. On any
    error, or an interruption, no temporary file is left; those left by
    writers that were killed are removed.

    Raises:
        NotARegularFileError: a directory, a device, a FIFO or a socket is
            at *path*, or *path* is a link to a file that does not exist;
            nothing was changed.
        OSError: the file cannot be written (no permission, a full disk);
            it names *path*, and the file is as it was.
    """
    with writing(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[BinaryIO]:
    """Write *path* as :func:`write_file` does, with what the block writes.

    The block writes to the temporary file it is given, as much as it
    wants, a piece at a time; when it ends, the text takes the file's
    place. When it raises, or is interrupted, the file is as it was.

    Raises:
        NotARegularFileError: as :func:`write_file`, before the block runs.
        OSError: as :func:`write_file`; an error of the block's own (one
            naming another file) passes unchanged.
    """
    real, status = _target(path)
    if status is not None:
        _check_writable(real, path)
    _remove_stale(real)
    if status is not None and (status.st_nlink > 1 or not _may_own_as(status)):
        # Written in place (see write_file), at the end, from a buffer that
        # is no file beside it: its directory may not let one be made.
        import tempfile  # noqa: PLC0415 -- for this case only

        try:
            with tempfile.TemporaryFile() as buffer:
                yield buffer
                _overwrite(real, status, buffer, path)
        except OSError as error:
            if error.filename is None:
                raise _named(error, path) from None
            raise
        return
    temporary = _temporary(real)
    created = False
    try:
        # A new file gets the mode of any new file (0o666 less the umask);
        # a replaced one its predecessor's, once its owner is set.
        mode = 0o666 if status is None else 0o600
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _OPEN_FLAGS
        descriptor = os.open(temporary, flags, mode)
        created = True
        with open(descriptor, "wb") as handle:  # noqa: PTH123 -- a descriptor
            _lock(descriptor)
            if status is not None:
                _keep_owner_and_mode(temporary, descriptor, status)
            yield handle
            handle.flush()
            os.fsync(descriptor)
            temporary.replace(real)
        _sync_directory(real.parent, path)
    except BaseException as error:
        # Interrupted (Ctrl-C, or SIGTERM in the command) or failed: the
        # temporary file goes, unless it was another's of the same name.
        if created or not isinstance(error, FileExistsError):
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(error, OSError) and error.filename in {None, str(temporary)}:
            raise _named(error, path) from None
        raise


def read_file(path: Path, max_size: int) -> bytes | None:
    """Return the bytes of the regular file *path*, or None past *max_size* bytes.

    The file is opened without waiting (a FIFO never blocks) and looked at
    before anything is read; at most *max_size* + 1 bytes are read, so a
    file that grows, or one that reports no size (under ``/proc``), costs
    no more.

    Raises:
        NotARegularFileError: *path* is a directory, a device, a FIFO or a
            socket.
        OSError: the file cannot be read.
    """
    if stat.S_ISSOCK(path.stat().st_mode):
        # A socket cannot be opened at all: the system would only say "No
        # such device or address".
        raise NotARegularFileError(str(path), "socket", reading=True)
    descriptor = os.open(path, os.O_RDONLY | _OPEN_FLAGS | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise NotARegularFileError(str(path), "directory", reading=True)
        kind = _kind(mode)
        if kind is not None:
            raise NotARegularFileError(str(path), kind, reading=True)
        if os.fstat(descriptor).st_size > max_size:
            return None
        chunks = []
        left = max_size + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 2**20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    return data if len(data) <= max_size else None


def check_source(path: Path) -> None:
    """Refuse *path* up front unless it is a regular file (or a link to one).

    A device never ends and a FIFO may block: a reader that goes on
    reading a file line by line checks it first.

    Raises:
        NotARegularFileError: *path* is a directory, a device, a FIFO or a
            socket.
        OSError: *path* cannot be looked at.
    """
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise NotARegularFileError(str(path), "directory", reading=True)
    kind = _kind(mode)
    if kind is not None:
        raise NotARegularFileError(str(path), kind, reading=True)


def check_target(path: Path) -> None:
    """Refuse *path* up front unless :func:`write_file` may write it.

    Raises:
        NotARegularFileError: as :func:`write_file` would.
        OSError: *path* cannot be looked at (a loop of links, say).
    """
    _target(path)


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Return the file to write for *path*, a link followed, and its status.

    The status is None when no file is there yet.
    """
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return path, None
    real = path
    if stat.S_ISLNK(found.st_mode):
        real = Path(os.path.realpath(path))
        try:
            found = path.stat()
        except FileNotFoundError:
            dangling = "dangling symbolic link"
            raise NotARegularFileError(str(path), dangling, target=str(real)) from None
    kind = _kind(found.st_mode)
    if kind is not None:
        target = None if real == path else str(real)
        raise NotARegularFileError(str(path), kind, target=target)
    return real, found


def _kind(mode: int) -> str | None:
    """Return what a file of *mode* is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "special file")


def _check_writable(real: Path, path: Path) -> None:
    """Refuse a file the process may not write, as writing it in place would.

    A file that is read-only for the process is left as it is, although
    the directory may let a new one take its place.
    """
    effective = os.access in os.supports_effective_ids
    if os.access(real, os.W_OK, effective_ids=effective):
        return
    # Opening it says why in the system's words (no permission, a
    # read-only file system), and fails without touching it.
    os.close(_open(real, os.O_WRONLY, path))


def _open(file: Path, flags: int, path: Path) -> int:
    try:
        return os.open(file, flags | _OPEN_FLAGS)
    except OSError as error:
        raise _named(error, path) from None


def _named(error: OSError, path: Path) -> OSError:
    """Return *error* said of *path*, not of a temporary file nobody knows of."""
    return type(error)(error.errno, error.strerror, str(path))


def temporary_prefix(name: str) -> str:
    """Return how the names of the temporary files of the file *name* start.

    The name is cut, if need be, so that a temporary file's name fits the
    255 bytes most file systems allow.

    >>> temporary_prefix("matrix.toml")
    '.matrix.toml.'
    """
    room = _NAME_MAX - _ADDED
    return f".{os.fsdecode(os.fsencode(name)[:room])}."


def _temporary(real: Path) -> Path:
    unique = os.urandom(6).hex()
    name = f"{temporary_prefix(real.name)}{os.getpid()}.{unique}{TEMPORARY_MARKER}"
    return real.with_name(name)


def _lock(descriptor: int) -> bool:
    """Lock a temporary file without waiting; return whether it was locked.

    The writer holds the lock until it ends, however it ends: a file
    nobody holds is one a writer left behind.
    """
    try:
        import fcntl  # noqa: PLC0415 -- POSIX only
    except ImportError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held, or a file system without locks
    return True


def _may_own_as(status: os.stat_result) -> bool:
    """Tell whether a new file of this process may take *status*'s owner and group.

    Root may give a file to anyone; another process only keeps its own user
    and may choose one of its groups.
    """
    if not _POSIX or os.geteuid() == 0:
        return True
    groups = {os.getegid(), *os.getgroups()}
    return status.st_uid == os.geteuid() and status.st_gid in groups


def _keep_owner_and_mode(
    temporary: Path, descriptor: int, status: os.stat_result
) -> None:
    mode = stat.S_IMODE(status.st_mode)
    if not _POSIX:
        temporary.chmod(mode)
        return
    try:
        os.fchown(descriptor, status.st_uid, status.st_gid)
    except OSError:
        # Only root may give a file away; its owner may still set its
        # group, if a member of it.
        with contextlib.suppress(OSError):
            os.fchown(descriptor, -1, status.st_gid)
    # After chown, which clears the set-user-ID and set-group-ID bits.
    os.fchmod(descriptor, mode)


def _sync_directory(directory: Path, path: Path) -> None:
    """Sync *directory*, so that the renamed file's new entry is on disk."""
    if not _POSIX:
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        if error.errno not in _UNSUPPORTED:
            raise _named(error, path) from None


def _overwrite(
    real: Path, status: os.stat_result, source: BinaryIO, path: Path
) -> None:
    """Copy *source* over the file *real* in place: its hard links see it too.

    The disk space is claimed first, so that a full disk leaves the file
    as it was; once the new text is written, the old one's tail is cut
    even if the writer is interrupted meanwhile.
    """
    size = source.seek(0, os.SEEK_END)
    source.seek(0)
    descriptor = _open(real, os.O_WRONLY, path)
    try:
        with open(descriptor, "wb") as handle:  # noqa: PTH123 -- a descriptor
            try:
                _reserve(descriptor, size)
            except BaseException:
                os.ftruncate(descriptor, status.st_size)  # the claim grew it
                raise
            # Copied a piece at a time: Ctrl-C or SIGTERM waits for the end,
            # which would leave the new text's start before the old's tail.
            with _uninterrupted():
                try:
                    while chunk := source.read(2**20):
                        handle.write(chunk)
                    handle.flush()
                finally:
                    handle.truncate(size)
            os.fsync(descriptor)
    except OSError as error:
        raise _named(error, path) from None


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back inside the block; they arrive at its end.

    Only where signals can be blocked (POSIX), and in the main thread, the
    one Python runs signal handlers in.
    """
    import signal  # noqa: PLC0415 -- as fcntl in _lock
    import threading  # noqa: PLC0415

    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def _reserve(descriptor: int, size: int) -> None:
    """Claim *size* bytes of disk for the file, where the system can."""
    reserve = getattr(os, "posix_fallocate", None)
    if reserve is None or size == 0:
        return
    try:
        reserve(descriptor, 0, size)
    except OSError as error:
        if error.errno not in _UNSUPPORTED:
            raise


def _remove_stale(real: Path) -> None:
    """Remove the temporary files of *real* that killed writers left behind.

    One is stale when no process with the id in its name runs and nobody
    holds its lock. Removing them is a courtesy: a directory that cannot
    be listed, or a file that cannot be removed, is left as it is.
    """
    if not _POSIX:
        return
    prefix = temporary_prefix(real.name)
    try:
        with os.scandir(real.parent) as entries:
            names = [entry.name for entry in entries if entry.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        found = _TAIL.fullmatch(name, len(prefix))
        if found is not None and not _running(int(found[1])):
            _remove_unlocked(real.parent / name)


def _running(pid: int) -> bool:
    """Return whether a process with the id *pid* runs on this machine."""
    try:
        os.kill(pid, 0)  # signal 0 only asks
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's
        return True
    return True


def _remove_unlocked(file: Path) -> None:
    """Remove *file*, a regular file, unless a writer still holds its lock."""
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | _OPEN_FLAGS)
    except OSError:
        return  # gone already, or a link: not a temporary file of ours
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode) and _lock(descriptor):
            with contextlib.suppress(OSError):
                file.unlink()
    finally:
        os.close(descriptor)
