"""How the command's messages word what the user typed and what the system said.

Values are quoted in the quotes of the message's language («it» in Italian),
and the operating system's reasons for the common failures are translated.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Mapping
from typing import Final

from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix.exceptions import NotARegularFileError

__all__ = ["DID_YOU_MEAN", "closest", "os_reason", "quoted", "requoted", "suggested"]

# Translators: how a value the user typed (a file, an option's value) is
# quoted inside a message; {value} is the value. Italian uses « ».
QUOTED = pN_("cli", "'{value}'")
# Translators: after a usage error, the option, command or value the user
# probably meant; {message} is the error and {suggestion} what was meant,
# such as --opened or a quoted value.
DID_YOU_MEAN = pN_("cli", "{message}; did you mean {suggestion}?")

# The operating system's reasons for the common failures, by errno.
_REASONS: Final[Mapping[int, Message]] = {
    # Translators: the operating system's reason why a file cannot be read
    # or written (ENOENT), shown after "cannot read 'x.toml': "; the others
    # below likewise.
    errno.ENOENT: pN_("cli", "no such file or directory"),
    # Translators: as above, for EACCES.
    errno.EACCES: pN_("cli", "permission denied"),
    # Translators: as above, for EPERM.
    errno.EPERM: pN_("cli", "operation not permitted"),
    # Translators: as above, for EISDIR.
    errno.EISDIR: pN_("cli", "it is a directory"),
    # Translators: as above, for ENOTDIR.
    errno.ENOTDIR: pN_("cli", "a part of the path is not a directory"),
    # Translators: as above, for ENOSPC.
    errno.ENOSPC: pN_("cli", "no space left on the device"),
    # Translators: as above, for EROFS.
    errno.EROFS: pN_("cli", "the file system is read-only"),
    # Translators: as above, for EEXIST.
    errno.EEXIST: pN_("cli", "the file already exists"),
    # Translators: as above, for ENAMETOOLONG.
    errno.ENAMETOOLONG: pN_("cli", "the file name is too long"),
    # Translators: as above, for ELOOP.
    errno.ELOOP: pN_("cli", "too many levels of symbolic links"),
    # Translators: as above, for EMFILE.
    errno.EMFILE: pN_("cli", "too many open files"),
    # Translators: as above, for EIO.
    errno.EIO: pN_("cli", "input/output error"),
    # Translators: as above, for EDQUOT.
    errno.EDQUOT: pN_("cli", "disk quota exceeded"),
    # Translators: as above, for EFBIG.
    errno.EFBIG: pN_("cli", "the file is too large"),
    # Translators: as above, for EBUSY.
    errno.EBUSY: pN_("cli", "the device or resource is busy"),
}

# The patterns of this module are compiled (and kept) by re when first used:
# the messages they read are errors, which most commands never meet.

# A value quoted by repr: 'x' or "it's", whole.
_REPR: Final = r"'[^'\\\n]*'|\"[^\"\\\n]*\""
# A list of such values, as argparse lists choices: 'text', 'md'.
_REPR_LIST: Final = rf"(?:{_REPR})(?:, (?:{_REPR}))*"


def quoted(tr: Translator, value: str) -> str:
    """Return *value* in the quotes of *tr*'s language: ``'x'``, ``«x»``."""
    return tr.pgettext(*QUOTED).format(value=value)


def requoted(tr: Translator, text: str) -> str:
    """Return *text* with its repr-quoted values in the language's quotes.

    Only a value that is one quoted literal, or a list of them, is changed:
    the words of a message are left alone, apostrophes and all.

    >>> from escalation_matrix._i18n.translator import translator
    >>> requoted(translator("en"), "'text', 'md'")
    "'text', 'md'"
    """
    if not re.fullmatch(_REPR_LIST, text):
        return text
    # A quoted literal holds no backslash (see _REPR): its inside is its value.
    return re.sub(_REPR, lambda match: quoted(tr, match[0][1:-1]), text)


# Translators: the reason after "cannot read {path}: " or "cannot write
# {path}: " when the file is a directory, which is left alone: only
# regular files are read and written.
_IS_DIRECTORY = pN_("cli", "it is a directory, not a regular file")
# Translators: as above, for a character device such as /dev/null.
_IS_CHARACTER_DEVICE = pN_("cli", "it is a character device, not a regular file")
# Translators: as above, for a block device such as a disk.
_IS_BLOCK_DEVICE = pN_("cli", "it is a block device, not a regular file")
# Translators: as above, for a FIFO, also called a named pipe.
_IS_FIFO = pN_("cli", "it is a FIFO (a named pipe), not a regular file")
# Translators: as above, for a Unix domain socket.
_IS_SOCKET = pN_("cli", "it is a socket, not a regular file")
# Translators: as above, for any other kind of special file.
_IS_SPECIAL = pN_("cli", "it is a special file, not a regular file")
# Its own message names the file the link leads to.
_DANGLING: Final = "dangling symbolic link"
_NOT_REGULAR: Final[Mapping[str, Message]] = {
    "directory": _IS_DIRECTORY,
    "character device": _IS_CHARACTER_DEVICE,
    "block device": _IS_BLOCK_DEVICE,
    "FIFO": _IS_FIFO,
    "socket": _IS_SOCKET,
}


def os_reason(tr: Translator, error: OSError) -> str:
    """Say why the system refused, in *tr*'s language for the common reasons."""
    if isinstance(error, NotARegularFileError) and error.kind != _DANGLING:
        return tr.pgettext(*_NOT_REGULAR.get(error.kind, _IS_SPECIAL))
    said = error.strerror or str(error)
    message = _REASONS.get(error.errno) if error.errno is not None else None
    if message is None:
        return said
    translated = tr.pgettext(*message)
    # Untranslated (English): the system's own words, as every tool prints them.
    return said if translated == message.text else translated


def closest(word: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """Return the one of *known* that *word* was most likely meant to be.

    Args:
        word: What was typed.
        known: What it may have been meant as.
        cutoff: How similar (0 to 1, difflib's ratio) a match must be.
    """
    # Loaded for a usage error only: the command starts without it.
    from difflib import get_close_matches  # noqa: PLC0415

    found = get_close_matches(word, sorted(known), n=1, cutoff=cutoff)
    if not found:
        # Case and separators are the commonest slips: europe/rome, Critical.
        folded = {_folded(name): name for name in known}
        found = [folded[_folded(word)]] if _folded(word) in folded else []
    return found[0] if found else None


def _folded(word: str) -> str:
    return re.sub(r"[\s_-]", "", word).casefold()


def suggested(
    tr: Translator, message: str, word: str, known: Iterable[str], *, quote: bool = True
) -> str:
    """Return *message*, with the one of *known* closest to *word* suggested."""
    found = closest(word, known)
    if found is None:
        return message
    suggestion = quoted(tr, found) if quote else found
    return tr.pgettext(*DID_YOU_MEAN).format(message=message, suggestion=suggestion)


# Translators: where a catalog's problem is: "line 7: msgid ...".
_LINE = pN_("cli", "line {line}: ")
# Translators: a translation's placeholders are not those of its source;
# {expected} and {found} list placeholders such as {level}, {time}.
_PLACEHOLDERS = pN_("cli", "placeholders differ: expected {expected}, got {found}")
# Translators: a catalog's translation is marked fuzzy (to be reviewed).
_FUZZY = pN_("cli", "fuzzy; review the translation, then remove the flag")
# Translators: a catalog's message has no translation.
_UNTRANSLATED = pN_("cli", "untranslated")
# Translators: a catalog's header is marked fuzzy.
_FUZZY_HEADER = pN_("cli", "the header is marked fuzzy; remove the flag once reviewed")
# Translators: a translation is not a valid format string; {error} says why.
_NOT_FORMAT = pN_("cli", "not a format string as its source is: {error}")

# The problems a catalog check reports (escalation_matrix._i18n.catalog_checks),
# matched to be said in the message's language.
_CATALOG: Final[tuple[tuple[str, Message], ...]] = (
    (r"\Aline (?P<line>\d+): ", _LINE),
    (
        r"placeholders differ: expected (?P<expected>.+), got (?P<found>.+)\Z",
        _PLACEHOLDERS,
    ),
    (r"fuzzy; review the translation, then remove the flag\Z", _FUZZY),
    (r"(?<=: )untranslated\Z", _UNTRANSLATED),
    (r"\Athe header is marked fuzzy; remove the flag once reviewed\Z", _FUZZY_HEADER),
    (r"not a format string as its source is: (?P<error>.+)\Z", _NOT_FORMAT),
)


def catalog_problem(tr: Translator, text: str) -> str:
    """Say a catalog check's problem *text* in *tr*'s language.

    The parts the checks write (where, and what is wrong) are translated;
    the quoted msgid and the file name are kept as they are.
    """
    for pattern, message in _CATALOG:
        template = tr.pgettext(*message)

        def said(match: re.Match[str], template: str = template) -> str:
            return template.format(**match.groupdict())

        text = re.sub(pattern, said, text)
    return text
