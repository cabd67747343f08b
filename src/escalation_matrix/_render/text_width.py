"""Text as a terminal shows it: display widths, padding and wrapping.

A terminal draws most characters one column wide, East Asian wide and
fullwidth characters (Chinese, Japanese, Korean, many emoji) two columns
wide, and combining marks and format characters on top of their neighbour,
in no column of their own. :func:`textwrap.wrap` and :meth:`str.ljust`
count characters, so a line of Japanese text wrapped to 40 "characters"
takes 80 columns. The functions here count columns, with the standard
library's Unicode data (UAX #11, East Asian Width): "W" and "F" characters
are two columns wide, nonspacing and enclosing marks (categories Mn, Me),
format characters (Cf, but the soft hyphen) and control characters (Cc)
none, every other character one ("A", ambiguous, is narrow, as terminals
outside East Asian locales draw it).
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["char_width", "display_width", "pad", "wrap"]

_WIDE: Final = frozenset({"W", "F"})
_NO_COLUMN: Final = frozenset({"Mn", "Me", "Cf", "Cc"})
_SOFT_HYPHEN: Final = "\xad"


@lru_cache(maxsize=4096)
def char_width(char: str, /) -> int:
    r"""Return the columns a terminal draws *char* in: 0, 1 or 2.

    >>> char_width("a"), char_width("障"), char_width("\u0301")
    (1, 2, 0)
    """
    if unicodedata.category(char) in _NO_COLUMN and char != _SOFT_HYPHEN:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def display_width(text: str, /) -> int:
    r"""Return the columns a terminal draws *text* in, on one line.

    >>> display_width("Escalation"), display_width("障害が発生しました。")
    (10, 20)
    >>> display_width("Cafe\u0301")
    4
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_width, text))


def pad(text: str, width: int, /) -> str:
    """Return *text* with spaces after it up to *width* columns.

    >>> pad("障害", 6) + "|"
    '障害  |'
    """
    return text + " " * (width - display_width(text))


def _fitting(text: str, room: int) -> int:
    """Return how many characters of *text*, from its start, fit *room* columns.

    Marks that take no column stay with the character before them.
    """
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > room:
            return index
    return len(text)


class _Wrapper(textwrap.TextWrapper):
    """A :class:`textwrap.TextWrapper` that measures in display columns.

    Text is split into words and spaces by textwrap itself (with its
    handling of hyphens and whitespace); only the filling of lines is
    redone, with widths in columns. Words longer than a line are broken,
    after a hyphen when one fits, and never between a character and the
    marks on it. For text whose characters are all one column wide, lines
    are those of :func:`textwrap.wrap`, but for the spaces it leaves at the
    end of a line (or alone on one) before a word it breaks.
    """

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        lines: list[str] = []
        chunks.reverse()  # taken from the end, as textwrap does
        while chunks:
            indent = self.subsequent_indent if lines else self.initial_indent
            room = self.width - display_width(indent)
            if lines and not chunks[-1].strip():
                chunks.pop()  # no line but the first starts with spaces
            line: list[str] = []
            used = 0
            while chunks and used + display_width(chunks[-1]) <= room:
                used += display_width(chunks[-1])
                line.append(chunks.pop())
            if chunks and display_width(chunks[-1]) > room:
                self._break_word(chunks, line, room - used)
            if line and not line[-1].strip():
                line.pop()  # nor ends with them
            if line:
                lines.append(indent + "".join(line))
        return lines

    def _break_word(self, chunks: list[str], line: list[str], room: int) -> None:
        """Put as much of the word ``chunks[-1]`` as fits *room* on *line*."""
        word = chunks[-1]
        end = _fitting(word, room)
        if end and self.break_on_hyphens:
            hyphen = word.rfind("-", 0, end)
            if hyphen > 0 and word[:hyphen].strip("-"):
                end = hyphen + 1
        if not end and not line:
            # Not even its first character fits an empty line (a wide
            # character in one column): it goes alone, or nothing would.
            end = 1 + _fitting(word[1:], 0)
        if end:
            line.append(word[:end])
            chunks[-1] = word[end:]


def wrap(
    text: str,
    width: int,
    *,
    initial_indent: str = "",
    subsequent_indent: str = "",
) -> list[str]:
    """Wrap *text* into lines of at most *width* display columns.

    As :func:`textwrap.wrap`, but measuring columns, not characters: a
    Chinese or Japanese character takes two, a combining mark none. Words
    longer than a line are broken. A line is wider than *width* only when
    a single character is (a wide character, with one column of room).

    Args:
        text: The text; runs of whitespace become single spaces.
        width: The columns of a line, indents included.
        initial_indent: Put before the first line.
        subsequent_indent: Put before every other line.

    Returns:
        The lines, without line breaks; empty for blank text.

    >>> wrap("障害が発生しました。" * 2, 16)
    ['障害が発生しまし', 'た。障害が発生し', 'ました。']
    >>> wrap("Identify and resolve performance-related problems.", 24)
    ['Identify and resolve', 'performance-related', 'problems.']
    """
    wrapper = _Wrapper(
        width,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
    )
    return wrapper.wrap(text)
