"""Display widths and wrapping by the columns a terminal draws."""

from __future__ import annotations

import string
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalation_matrix._render.text_width import char_width, display_width, pad, wrap


@pytest.mark.parametrize(
    ("char", "width"),
    [
        ("a", 1),
        (" ", 1),
        ("é", 1),  # precomposed
        ("\u0301", 0),  # combining acute accent (Mn)
        ("\u20dd", 0),  # combining enclosing circle (Me)
        ("\u200b", 0),  # zero width space (Cf)
        ("\u200d", 0),  # zero width joiner (Cf)
        ("\xad", 1),  # soft hyphen: drawn by terminals
        ("\x07", 0),  # a control character
        ("障", 2),  # CJK ideograph (W)
        ("が", 2),  # hiragana (W)
        ("한", 2),  # hangul syllable (W)
        ("。", 2),  # ideographic full stop (W)
        ("\uff21", 2),  # fullwidth A (F)
        ("ｱ", 1),  # halfwidth katakana (H)
        ("😀", 2),  # emoji (W)
        ("\u03b1", 1),  # Greek alpha: ambiguous (A), narrow
        ("ש", 1),  # Hebrew
    ],
)
def test_char_width(char: str, width: int) -> None:
    """Wide and fullwidth characters take two columns, marks none, others one."""
    assert width == char_width(char)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("Escalation types", 16),
        ("Tipi di escalation", 18),
        ("障害が発生しました。", 20),
        ("Cafe\u0301", 4),
        ("e\u0301\u0302", 1),
        ("L1 障害", 7),
    ],
)
def test_display_width(text: str, width: int) -> None:
    """A text's width is the sum of its characters' columns."""
    assert width == display_width(text)


def test_pad() -> None:
    """Padding fills up to a number of columns, not of characters."""
    assert [pad(text, 6) for text in ("ab", "障害", "Cafe\u0301")] == [
        "ab    ",
        "障害  ",
        "Cafe\u0301  ",
    ]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("障害が発生しました。", 10, ["障害が発生", "しました。"]),
        ("障害が発生しました。", 9, ["障害が発", "生しまし", "た。"]),
        ("L1 障害が発生", 6, ["L1 障", "害が発", "生"]),
        ("Cafe\u0301 au lait", 5, ["Cafe\u0301", "au", "lait"]),
        ("e\u0301e\u0301e\u0301", 2, ["e\u0301e\u0301", "e\u0301"]),
        ("abc", 1, ["a", "b", "c"]),
        ("障害", 1, ["障", "害"]),
        ("well-known-words", 8, ["well-", "known-", "words"]),
        ("   ", 10, []),
    ],
)
def test_wrap(text: str, width: int, lines: list[str]) -> None:
    """Lines are filled by columns; long words break, marks stay on their letter."""
    assert lines == wrap(text, width)


def test_indents() -> None:
    """Indents count in the width of their lines."""
    assert wrap(
        "障害が発生しました。", 8, initial_indent="- ", subsequent_indent="  "
    ) == [
        "- 障害が",
        "  発生し",
        "  ました",
        "  。",
    ]


@given(
    st.text(
        alphabet=string.ascii_letters + string.digits + " -.,;:!?'()", max_size=200
    ),
    st.integers(min_value=1, max_value=60),
)
def test_same_as_textwrap_for_narrow_characters(text: str, width: int) -> None:
    """Where every character is one column wide, the lines are textwrap's.

    But for spaces at the end of a line, or alone on one, which textwrap
    leaves when the next word is broken and none of it fits the line.
    """
    expected = [line.rstrip(" ") for line in textwrap.wrap(text, width) if line.strip()]
    assert expected == wrap(text, width)


@given(st.text(max_size=200), st.integers(min_value=2, max_value=80))
def test_fits_and_keeps_every_character(text: str, width: int) -> None:
    """No line is wider than the width, and only whitespace is dropped."""
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(
        textwrap.TextWrapper()._munge_whitespace(text).split()
    )
