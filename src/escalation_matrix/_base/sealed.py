"""Files the package's build writes for its own use, checked whole when read.

A sealed file is a magic number (four bytes naming what the file holds and
its layout's version), the CRC-32 of the rest, and the rest. The compiled
built-in matrix and the kept CLDR data are such files: a reader passes over
one that is missing, cut short, damaged or of another layout, and does the
slower work the file saves.
"""

from __future__ import annotations

import os

__all__ = ["read_sealed", "write_sealed"]


def _checksum(content: bytes) -> bytes:
    # zlib is loaded when a sealed file is first read or written.
    import zlib  # noqa: PLC0415

    return zlib.crc32(content).to_bytes(4, "big")


def write_sealed(target: str | os.PathLike[str], magic: bytes, content: bytes) -> None:
    """Write *content* to *target*, sealed with *magic* and its checksum.

    The file is written whole under another name, then renamed: a program
    reading it meanwhile finds the old file or the new one.
    """
    partial = f"{os.fspath(target)}.{os.getpid()}.partial"
    try:
        with open(partial, "wb") as handle:  # noqa: PTH123 -- pathlib would add to import time
            handle.write(magic + _checksum(content) + content)
        os.replace(partial, target)  # noqa: PTH105
    finally:
        if os.path.exists(partial):  # noqa: PTH110
            os.remove(partial)  # noqa: PTH107


def read_sealed(path: str | os.PathLike[str], magic: bytes) -> bytes | None:
    """Return the content sealed in *path* with *magic*; None if it cannot be used.

    It cannot be used when the file is missing or unreadable, or its magic
    number or checksum does not match.
    """
    try:
        with open(path, "rb") as handle:  # noqa: PTH123
            data = handle.read()
    except OSError:
        return None
    head, checksum, content = data[:4], data[4:8], data[8:]
    if head != magic or checksum != _checksum(content):
        return None
    return content
