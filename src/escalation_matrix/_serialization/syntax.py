"""What a parser says is wrong with a text, said in the output's language.

The parsers of JSON, TOML and YAML say where a text goes wrong and why in
English; the problem made here gives the place as numbers in a translated
message, and the reason translated when it is one of the parser's usual
ones, else in the parser's words, quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, time
from typing import Any, Final

from escalation_matrix._base.shown import shown
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["json_problem", "toml_fine_times", "toml_problem", "yaml_problem"]

_Reasons = tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Phrase]], ...]


def _fixed(phrase: Phrase) -> Callable[[re.Match[str]], Phrase]:
    return lambda _: phrase


def _quoting(template: str) -> Callable[[re.Match[str]], Phrase]:
    # The group the parser quoted, as it quoted it.
    return lambda found: Phrase(template, what=found.group(1))


_EXPECTED_VALUE: Final = Phrase("a value is expected here")
_UNCLOSED_STRING: Final = Phrase("a string lacks its closing quote")
_BAD_ESCAPE: Final = Phrase("not a valid escape sequence in a string")
_ENDS_EARLY: Final = Phrase("the text ends before the value does")
_BOM: Final = Phrase("the text starts with a byte order mark (BOM)")

#: The reasons of Python's JSON reader (``JSONDecodeError.msg``).
_JSON_REASONS: Final[_Reasons] = (
    (re.compile(r"Expecting value\Z"), _fixed(_EXPECTED_VALUE)),
    (
        re.compile(r"Expecting property name enclosed in double quotes\Z"),
        _fixed(Phrase("a key in double quotes is expected here")),
    ),
    (re.compile(r"Expecting (':'|',') delimiter\Z"), _quoting("expected {what}")),
    (re.compile(r"Unexpected UTF-8 BOM"), _fixed(_BOM)),
    (
        re.compile(r"Extra data\Z"),
        _fixed(Phrase("more text follows the end of the value")),
    ),
    (re.compile(r"Unterminated string starting at\Z"), _fixed(_UNCLOSED_STRING)),
    (
        re.compile(r"Invalid control character at\Z"),
        _fixed(Phrase("a control character inside a string")),
    ),
    (re.compile(r"Invalid \\(?:escape|uXXXX escape)\Z"), _fixed(_BAD_ESCAPE)),
    (
        re.compile(r"Illegal trailing comma before end of (?:object|array)\Z"),
        _fixed(Phrase("a comma before the closing bracket")),
    ),
)

#: The reasons of Python's TOML reader, without the place it appends.
_TOML_REASONS: Final[_Reasons] = (
    (re.compile(r"Invalid value\Z"), _fixed(_EXPECTED_VALUE)),
    (
        re.compile(r"Invalid statement\Z"),
        _fixed(Phrase("expected a key = value pair or a [table] header")),
    ),
    (
        re.compile(r"Expected '=' after a key in a key/value pair\Z"),
        _fixed(Phrase("expected '=' after the key")),
    ),
    (
        re.compile(r"Expected newline or end of document after a statement\Z"),
        _fixed(Phrase("expected the end of the line after the value")),
    ),
    (
        re.compile(r"Cannot overwrite a value\Z|Cannot declare .* twice\Z"),
        _fixed(Phrase("a key or table given a second time")),
    ),
    (
        re.compile(r"Duplicate inline table key (.*)\Z"),
        _quoting("the key {what} given a second time in an inline table"),
    ),
    (
        re.compile(r"Unclosed array\Z"),
        _fixed(Phrase("an array lacks its closing ']'")),
    ),
    (
        re.compile(r"Unclosed inline table\Z"),
        _fixed(Phrase("an inline table lacks its closing '}}'")),
    ),
    (re.compile(r"Unterminated string\Z"), _fixed(_UNCLOSED_STRING)),
    # A one-line string runs into the end of its line, or a literal string
    # into the end of the text.
    (
        re.compile(r"(?:Illegal|Found invalid) character '\\n'\Z"),
        _fixed(_UNCLOSED_STRING),
    ),
    (re.compile(r"Expected \"'\"\Z"), _fixed(_UNCLOSED_STRING)),
    (
        re.compile(
            r"Unescaped '\\' in a string\Z|Invalid hex value\Z"
            r"|Escaped character is not a Unicode scalar value\Z"
        ),
        _fixed(_BAD_ESCAPE),
    ),
    (
        re.compile(r"(?:Illegal|Found invalid) character (.*)\Z"),
        _quoting("the character {what} is not allowed here"),
    ),
    (
        re.compile(r"Invalid date or datetime\Z"),
        _fixed(Phrase("not a valid date or time")),
    ),
    (
        re.compile(r"Expected ('\]'|'\]\]') at the end of an? \w+ declaration\Z"),
        _quoting("expected {what} at the end of the header"),
    ),
    (
        re.compile(r"Invalid initial character for a key part\Z"),
        _fixed(Phrase("a key cannot start with this character")),
    ),
    (re.compile(r"Expected ('.*')\Z"), _quoting("expected {what}")),
)

#: The reasons of PyYAML's, from its ``problem``.
_YAML_REASONS: Final[_Reasons] = (
    (
        re.compile(r"mapping values are not allowed here\Z"),
        _fixed(Phrase("a key: value pair is not allowed here")),
    ),
    (
        re.compile(r"could not find expected ':'\Z"),
        _fixed(Phrase("expected ':' after a key")),
    ),
    (
        re.compile(r"found unexpected end of stream\Z"),
        _fixed(_ENDS_EARLY),
    ),
    (
        re.compile(r"found character (.*) that cannot start any token\Z"),
        _quoting("the character {what} cannot start a value"),
    ),
    (
        re.compile(r"expected ',' or ('[\]}]'), but got '<stream end>'\Z"),
        _quoting("the text ends before the closing {what}"),
    ),
    (
        re.compile(r"expected ',' or ('[\]}]'), but got .*\Z"),
        _quoting("expected ',' or {what}"),
    ),
    (
        re.compile(r"expected the node content, but found '<stream end>'\Z"),
        _fixed(Phrase("the text ends where a value is expected")),
    ),
)


def _reason(reasons: _Reasons, said: str) -> Phrase | str:
    """Return the parser's reason *said* translated, else quoted as it is."""
    for pattern, phrase in reasons:
        found = pattern.match(said)
        if found is not None:
            return phrase(found)
    return shown(said)


def json_problem(error: json.JSONDecodeError, *, one_line: bool = False) -> Problem:
    """Return the problem of a text Python's JSON reader refused.

    Args:
        error: The reader's error.
        one_line: The text is one line of a file, whose number is said
            elsewhere: only the column is given.
    """
    reason: Phrase | str
    if error.msg.endswith("delimiter") and not error.doc[error.pos :].strip():
        # A bracket or brace left open: the reader expects more at the end.
        reason = _ENDS_EARLY
    else:
        reason = _reason(_JSON_REASONS, error.msg)
    if one_line:
        # Translators: a line of a JSON-lines file; {reason} as below.
        message = Phrase(
            "not valid JSON at column {column}: {reason}",
            column=str(error.colno),
            reason=reason,
        )
    else:
        # Translators: {reason} says what is wrong: one of this library's
        # messages, else the JSON reader's words in English, quoted.
        message = Phrase(
            "not valid JSON at line {line}, column {column}: {reason}",
            line=str(error.lineno),
            column=str(error.colno),
            reason=reason,
        )
    return Problem("$", message)


_TOML_PLACE: Final = re.compile(
    r"(?P<reason>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)"
    r"|at (?P<end>end of document))\)\Z",
    re.DOTALL,
)


def toml_problem(error: ValueError, text: str = "") -> Problem:
    """Return the problem of the *text* Python's TOML reader refused."""
    reason: Phrase | str
    if text.startswith("\ufeff"):
        # The reader takes the mark for the start of a key, and says so.
        line, column, reason = "1", "1", _BOM
    else:
        said = str(error)
        place = _TOML_PLACE.match(said)
        if place is None:
            quoted = shown(said)
            # Translators: {reason} is the TOML reader's, in English, quoted.
            return Problem("$", Phrase("not valid TOML: {reason}", reason=quoted))
        reason = _reason(_TOML_REASONS, place["reason"])
        if place["end"] is not None:
            # Translators: {reason} says what is wrong, as in the message above.
            message = Phrase(
                "not valid TOML at the end of the text: {reason}", reason=reason
            )
            return Problem("$", message)
        line, column = place["line"], place["column"]
    # Translators: {reason} says what is wrong: one of this library's
    # messages, else the TOML reader's words in English, quoted.
    message = Phrase(
        "not valid TOML at line {line}, column {column}: {reason}",
        line=line,
        column=column,
        reason=reason,
    )
    return Problem("$", message)


#: A TOML date-time or time whose second's fraction has more than 6 digits
#: (group 1), which tomllib cuts to microseconds; the text may also be in a
#: string or a comment.
_FINE_TIME: Final = re.compile(
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ])?[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"\.([0-9]{7,})(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?"
)
#: How many such times are told apart; more than a text within the file
#: size limit can hold.
_MARKS: Final = 999_999


def toml_fine_times(text: str, data: object) -> list[Problem]:
    """Return a problem for each time tomllib cut to microseconds in *text*.

    *data* is what tomllib read from *text*. The text is read again with
    the microseconds of each time written with 7 digits or more moved on
    by its number (from 1): the two readings differ exactly at the times
    (not strings or comments) written so, and the change says which one,
    to quote as written. Called only when the text holds such a fraction.
    """
    import tomllib  # noqa: PLC0415 -- loaded by the TOML reader already

    from escalation_matrix._base.checks import child_path  # noqa: PLC0415
    from escalation_matrix._serialization.leaves import short_repr  # noqa: PLC0415
    from escalation_matrix._serialization.payloads import (  # noqa: PLC0415 -- on error only
        past_microseconds,
    )

    written: list[str] = []

    def mark(found: re.Match[str]) -> str:
        if len(written) == _MARKS:
            return found[0]
        written.append(found[0])
        moved = (int(found[1][:6]) + len(written)) % 1_000_000
        start, end = found.span(1)
        head, tail = found[0][: start - found.start()], found[0][end - found.start() :]
        # The digits past the sixth are kept: a quoted key stays as long.
        return f"{head}{moved:06d}{found[1][6:]}{tail}"

    marked = _FINE_TIME.sub(mark, text)
    if not written:
        return []
    try:
        again = tomllib.loads(marked)
    except tomllib.TOMLDecodeError:
        # A quoted key made the same as another one: the times are not told
        # apart, and the first is refused.
        return [Problem("$", past_microseconds(short_repr(written[0])))]
    problems = []
    stack: list[tuple[object, object, str]] = [(data, again, "$")]
    while stack:
        first, second, path = stack.pop()
        if type(first) is dict and type(second) is dict:
            pairs = zip(first.items(), second.values(), strict=False)
            stack.extend(reversed([(a, b, child_path(path, k)) for (k, a), b in pairs]))
        elif type(first) is list and type(second) is list:
            items = enumerate(zip(first, second, strict=False))
            stack.extend(reversed([(a, b, f"{path}[{i}]") for i, (a, b) in items]))
        elif (
            isinstance(first, time | datetime)
            and isinstance(second, time | datetime)
            and first != second
        ):
            number = (second.microsecond - first.microsecond) % 1_000_000
            got = short_repr(written[number - 1])
            problems.append(Problem(path, past_microseconds(got)))
    return problems


def yaml_problem(error: Any) -> Problem:
    """Return the problem of a text PyYAML refused (not one of ours)."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if mark is None or problem is None:
        said = " ".join(str(error).split())
        # Translators: {reason} is the YAML reader's, in English, quoted.
        return Problem("$", Phrase("not valid YAML: {reason}", reason=shown(said)))
    problem = " ".join(problem.split())
    reason = _reason(_YAML_REASONS, problem)
    context = getattr(error, "context", None)
    if isinstance(reason, str) and context:
        reason = shown(" ".join(f"{context}: {problem}".split()))
    # Translators: {reason} says what is wrong: one of this library's
    # messages, else the YAML reader's words in English, quoted.
    message = Phrase(
        "not valid YAML at line {line}, column {column}: {reason}",
        line=str(mark.line + 1),
        column=str(mark.column + 1),
        reason=reason,
    )
    return Problem("$", message)
