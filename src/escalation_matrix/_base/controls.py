"""Control characters in texts: the rule refusing them, and output showing them escaped.

Apart from the other checks, so that the command's help, which escapes what
it prints, loads no more than this.
"""

from __future__ import annotations

import re
from typing import Final

from escalation_matrix.exceptions import Phrase

__all__ = ["control_problem", "escape_controls"]

# C0 controls (U+0000-U+001F), DEL and C1 controls (U+0080-U+009F), as
# ECMA-48 defines them: a terminal acts on them instead of showing them. ESC
# and CSI (U+009B) start sequences that retitle the window, clear the screen
# or rewrite what was printed; CR goes back to overwrite a line; BEL rings.
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same without the line feed, which texts of several lines hold.
_CONTROL_BUT_NEWLINE: Final = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# How much of a text an error message quotes on each side of what is wrong.
_AROUND: Final = 20


def control_problem(text: str, *, multiline: bool = False) -> Phrase | None:
    r"""Say which control character *text* holds, or None.

    A text holds none: no C0 control (U+0000 to U+001F, tab and carriage
    return included), no DEL (U+007F), no C1 control (U+0080 to U+009F).
    *multiline* texts may hold line feeds (U+000A), which break their lines.

    >>> print(control_problem("Outage\x1b[2J"))
    must not contain control character U+001B, got 'Outage\x1b[2J'
    >>> control_problem("First line\nSecond line", multiline=True) is None
    True
    >>> print(control_problem("First line\nSecond line"))
    must be one line, without line break U+000A, got 'First line\nSecond line'
    """
    # Most texts are printable, and then hold no control character; the
    # check costs one pass in C.
    if text.isprintable():
        return None
    found = (_CONTROL_BUT_NEWLINE if multiline else _CONTROL).search(text)
    if found is None:
        return None
    code = f"U+{ord(found[0]):04X}"
    quoted = _excerpt(text, found.start())
    if found[0] == "\n":
        return Phrase(
            "must be one line, without line break {code}, got {got}",
            code=code,
            got=quoted,
        )
    return Phrase(
        "must not contain control character {code}, got {got}", code=code, got=quoted
    )


def escape_controls(text: str) -> str:
    r"""Return *text* with each control character but the line feed shown as ``\xNN``.

    Texts never hold one (:func:`control_problem`); output for people
    passes through this too, so that nothing that reaches a terminal can
    act on it, whatever its way in.

    >>> print(escape_controls("Outage\x1b]0;pwned\x07\nNext line"))
    Outage\x1b]0;pwned\x07
    Next line
    """
    if text.isprintable():
        return text
    return _CONTROL_BUT_NEWLINE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\x{ord(match[0]):02x}"


def _excerpt(text: str, index: int) -> str:
    """Quote *text* around *index*, with ``...`` where it is cut."""
    start, end = max(index - _AROUND, 0), index + _AROUND + 1
    before = "..." if start else ""
    after = "..." if end < len(text) else ""
    return f"{before}{text[start:end]!r}{after}"
