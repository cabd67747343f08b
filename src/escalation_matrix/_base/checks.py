"""Small checks shared by the value objects; each returns problems, not raises."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, Final, Literal, Protocol

from escalation_matrix._base.controls import control_problem
from escalation_matrix._base.durations import (
    format_duration,
    not_a_duration_value,
    parse_duration,
    written_duration,
)
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.keys import (
    LEVEL_KEY_PATTERN,
    MAX_KEY_LENGTH,
    SNAKE_KEY_PATTERN,
    key_problem,
)
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    ValidationError,
    WrongTypeError,
)

__all__ = [
    "LONGEST_DELAY",
    "MOST_PROBLEMS",
    "Keyed",
    "UnknownKind",
    "check_bool",
    "check_choice",
    "check_delay",
    "check_key",
    "check_language",
    "check_list",
    "check_mapping",
    "check_rank",
    "check_text",
    "check_texts",
    "check_unique",
    "child_path",
    "delay_like",
    "duration_problem",
    "good_key",
    "invisible",
    "keyed",
    "keyed_list",
    "keyed_mapping",
    "list_like",
    "mapping_like",
    "nested",
    "not_a",
    "not_read",
    "plain_texts",
    "printable",
    "raise_if",
    "require_type",
    "scalar_problem",
    "severity_type_problem",
    "too_long",
    "unicode_problem",
    "unknown_message",
]


def require_type(argument: str, value: object, cls: type, expected: str) -> None:
    """Raise :class:`WrongTypeError` unless *value* is a *cls*.

    For the public functions' main arguments, which a typo or a mix-up can
    make something else entirely (a key instead of a matrix).
    """
    if not isinstance(value, cls):
        raise WrongTypeError(argument, value, expected)


class Keyed(Protocol):
    """A part of a matrix, which a field naming it by key may take instead."""

    @property
    def key(self) -> str:
        """The part's key."""
        ...


def keyed(value: str | Keyed | None) -> Any:
    """Converter: take a part of a matrix (a Role, a Level) for its key.

    Fields that name a part by key take the part itself too, as the
    matrix's lookups do. Anything else is kept for the owner's checks.
    """
    if value is None or isinstance(value, str):
        return value
    key = getattr(value, "key", None)
    return key if isinstance(key, str) else value


def list_like(value: Any) -> Any:
    """Converter: turn a list-like *value* into a tuple.

    A string, a mapping or anything not iterable is kept as it is, for the
    owner's checks to report: ``"L2"`` is not the list ``["L", "2"]``.
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def keyed_list(value: Any) -> Any:
    """Converter: turn a list of parts of a matrix (Levels) or their keys into keys.

    As :func:`list_like`, each part taken for its key, as lookups take it
    (``skip_levels=[matrix.level("L3")]``); anything else is kept for the
    owner's checks to report.
    """
    items = list_like(value)
    if not isinstance(items, tuple) or all(type(item) is str for item in items):
        return items
    return tuple(keyed(item) for item in items)


def mapping_like(value: Any) -> Any:
    """Converter: freeze a mapping; keep anything else for the checks to report."""
    if type(value) is dict:
        return FrozenDict(value)
    if isinstance(value, FrozenDict) or not isinstance(value, Mapping):
        return value
    return FrozenDict(value)


# Whether a value is a str, called in C by map() over a mapping's keys.
_IS_STR: Final = str.__instancecheck__


def keyed_mapping(value: Mapping[str, str]) -> FrozenDict[str, str]:
    """Converter: freeze a mapping keyed by parts of a matrix (a Level) or their keys.

    Each part is taken for its key, as the matrix's lookups take it. When
    that would make two entries one (``{level: "a", "L1": "b"}``), the
    mapping is kept as given, for the owner's checks to report, as is
    anything that is not a mapping (typed as the constructors take it).
    """
    if type(value) is dict and value.keys() <= _GOOD_LEVEL_KEYS:
        # Keyed by level keys seen before (issue types share a matrix's
        # few), which are strings: told in C.
        return FrozenDict(value)
    given: object = value
    if not isinstance(given, Mapping) or all(map(_IS_STR, given)):
        return mapping_like(given)  # type: ignore[no-any-return]
    converted = {keyed(key): item for key, item in given.items()}
    return FrozenDict(converted if len(converted) == len(given) else given)


def check_list(problems: list[Problem], path: str, value: object, what: Phrase) -> bool:
    """Append a problem unless *value* is a tuple (made by :func:`list_like`).

    *what* names the items, in the plural (``Phrase("levels")``). Returns
    whether it is, so that callers look at the items only then.
    """
    if isinstance(value, tuple):
        return True
    said = Phrase(
        "must be a list of {what}, got {got}", what=what, got=shown_phrase(value)
    )
    problems.append(Problem(path, said))
    return False


def check_mapping(
    problems: list[Problem], path: str, value: object, what: Phrase
) -> bool:
    """Append a problem unless *value* is a mapping (made by :func:`mapping_like`).

    *what* names the values, in the plural. Returns whether it is, so that
    callers look at the items only then.
    """
    if type(value) is FrozenDict or isinstance(value, Mapping):
        return True
    said = Phrase(
        "must be a mapping of {what}, got {got}", what=what, got=shown_phrase(value)
    )
    problems.append(Problem(path, said))
    return False


def not_a(cls: str, value: object) -> Phrase:
    """Say that *value* is not an object of the class named *cls* (``"Level"``).

    >>> print(not_a("IssueType", "outage"))
    must be an IssueType, got 'outage'
    """
    got = shown_phrase(value)
    # Translators: {cls} is a class of the Python API, such as Level.
    if cls[:1] in "AEIOU":
        return Phrase("must be an {cls}, got {got}", cls=cls, got=got)
    # Translators: {cls} is a class of the Python API, such as Level.
    return Phrase("must be a {cls}, got {got}", cls=cls, got=got)


def severity_type_problem(value: object) -> Phrase:
    """Say that *value*, given for a severity, is neither its key nor a Severity.

    >>> print(severity_type_problem(["high"]))
    must be a severity key or a Severity, got ["high"]
    """
    return Phrase(
        "must be a severity key or a Severity, got {got}", got=shown_phrase(value)
    )


SNAKE_KEY: Final = re.compile(SNAKE_KEY_PATTERN.replace("$", r"\Z")).match
LEVEL_KEY: Final = re.compile(LEVEL_KEY_PATTERN.replace("$", r"\Z")).match


def good_key(value: object, *, level: bool = False) -> bool:
    """Whether *value* is a well-formed key, a level's key if *level*.

    Most keys are; when one is not, :func:`check_key` says why.
    """
    return (
        type(value) is str
        and len(value) <= MAX_KEY_LENGTH
        and (LEVEL_KEY if level else SNAKE_KEY)(value) is not None
    )


def check_key(
    problems: list[Problem], path: str, value: object, *, level: bool = False
) -> None:
    """Append a problem if *value* is not a well-formed key."""
    if good_key(value, level=level):
        return
    if (message := key_problem(value, level=level)) is not None:
        problems.append(Problem(path, message))


# A language tag as written in matrix files: "en", "it", "pt_BR", "zh_Hant_TW".
# Compiled by re when first used: a program that reads no matrix file, and
# makes no matrix, does not need it.
_LANGUAGE: Final = r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*\Z"


def check_language(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem if *value* is not a language tag such as ``"pt_BR"``."""
    if not isinstance(value, str) or not re.match(_LANGUAGE, value):
        message = Phrase(
            "must be a language tag such as 'en' or 'pt_BR', got {got}",
            got=shown_phrase(value),
        )
        problems.append(Problem(path, message))


def check_text(
    problems: list[Problem],
    path: str,
    value: object,
    *,
    optional: bool = False,
    multiline: bool = False,
) -> None:
    """Append a problem if *value* is not a string with visible text.

    Optional texts may be empty; required ones may not be blank. No text
    may hold a control character (see :func:`control_problem`); only
    *multiline* ones may hold line breaks.
    """
    # Most texts are printable: then they hold no control character and no
    # lone surrogate, and once stripped show their first character.
    if type(value) is str and value.isprintable() and (optional or value.strip()):
        return
    if not isinstance(value, str):
        problems.append(
            Problem(
                path, Phrase("must be a string, got {got}", got=shown_phrase(value))
            )
        )
    elif (message := control_problem(value, multiline=multiline)) is not None:
        problems.append(Problem(path, message))
    elif not optional and invisible(value):
        problems.append(
            Problem(
                path,
                Phrase(
                    "must be a text with something visible in it, got {got}",
                    got=repr(value),
                ),
            )
        )
    elif (message := unicode_problem(value)) is not None:
        problems.append(Problem(path, message))


def check_texts(problems: list[Problem], path: str, texts: Mapping[Any, Any]) -> None:
    """Append the problems of *texts*, a mapping of level keys to texts.

    Each key must be a level key and each text pass :func:`check_text`
    (multiline).
    """
    for key, text in texts.items():
        # A key is quoted unless it is a plain name: the path is printed,
        # and must not carry what the key holds.
        child = child_path(path, key)
        check_key(problems, child, key, level=True)
        check_text(problems, child, text, multiline=True)


def plain_texts(line: object, optional: object, texts: object) -> bool:
    """Whether an issue type's texts are all well formed, as most are.

    That is: :func:`check_text` takes *line* as a one-line text and
    *optional* as an optional multiline one, and *texts* is a
    :class:`FrozenDict` that :func:`check_texts` takes. Told in a few calls
    in C over all the texts at once; when this says no, the checks say what
    is wrong, if anything.
    """
    if type(texts) is not FrozenDict or type(line) is not str:
        return False
    data: dict[Any, Any] = texts._data  # noqa: SLF001 -- its views, in C
    values = data.values()
    try:
        joined = "".join(values) + line + optional  # type: ignore[operator]
    except TypeError:
        return False  # not all text
    # Printable text holds no control character and no lone surrogate, and
    # once stripped shows its first character.
    return (
        type(optional) is str
        and printable(joined)
        and line.strip() != ""
        and all(map(str.strip, values))
        and (data.keys() <= _GOOD_LEVEL_KEYS or all(map(_good_level_key, data)))
    )


# Level keys found well formed: a matrix's issue types share the same few.
# Bounded, so that no input makes it grow without end.
_GOOD_LEVEL_KEYS: Final[set[object]] = set()
_REMEMBERED: Final = 1024


# ASCII's printable characters kept, its control characters (C0 and DEL)
# turned into "?".
_PRINTABLE_ASCII: Final = range(ord(" "), ord("~") + 1)
_CONTROLS_MARKED: Final = bytes(
    code if code in _PRINTABLE_ASCII else ord("?") for code in range(256)
)


def printable(text: str) -> bool:
    r"""Whether every character of *text* is printable (``str.isprintable``).

    ASCII text is checked through its bytes, a few times faster: they are
    printable when marking the control characters changes none of them.

    >>> printable("Call the on-call engineer."), printable("Outage\x1b[2J")
    (True, False)
    """
    if text.isascii():
        encoded = text.encode("ascii")
        return encoded.translate(_CONTROLS_MARKED) == encoded
    return text.isprintable()


def _good_level_key(key: object) -> bool:
    if key in _GOOD_LEVEL_KEYS:
        return True
    if type(key) is not str or key_problem(key, level=True) is not None:
        return False
    if len(_GOOD_LEVEL_KEYS) < _REMEMBERED:
        _GOOD_LEVEL_KEYS.add(key)
    return True


def invisible(text: str) -> bool:
    r"""Whether *text* shows nothing.

    That is, it holds only whitespace, control characters and format
    characters (such as a zero-width space).

    >>> invisible(" \u200b\t"), invisible("a\u200b")
    (True, False)
    """
    stripped = text.strip()
    if stripped[:1].isprintable():
        return not stripped
    return all(unicodedata.category(char) in _UNSEEN for char in stripped)


#: The categories of characters that show nothing, with the whitespace
#: ones (space and line separators are whitespace already).
_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def unicode_problem(text: str) -> Phrase | None:
    """Say why *text* cannot be written as UTF-8 (a lone surrogate), or None.

    Such a string can be made in Python, and read from YAML or from JSON's
    escapes, but no file can hold it: it would fail later, when written.
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = f"U+{ord(text[error.start]):04X}"
        return Phrase(
            "must be Unicode text without lone surrogates, got {code} at "
            "position {position}",
            code=code,
            position=str(error.start),
        )
    return None


#: The least integer of 101 digits: files hold integers of fewer.
LONGEST_INT: Final = 10**100


def scalar_problem(value: object, *, none: bool = True) -> Phrase | None:
    """Say why *value* is not a string, finite number, boolean (or None), or None.

    NaN and the infinities have no place in JSON; strings must be writable;
    integers are of at most 100 digits, as files take them by default.
    With *none* false, None is refused too.
    """
    if isinstance(value, str):
        return unicode_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return Phrase("must be a finite number, got {got}", got=shown_phrase(value))
    if type(value) is int and not -LONGEST_INT < value < LONGEST_INT:
        # Files hold integers of at most 100 digits (max_int_digits).
        return Phrase(
            "must be an integer of at most 100 digits, as files hold them, got {got}",
            got=shown_phrase(value),
        )
    if isinstance(value, bool | int | float) or (none and value is None):
        return None
    if none:
        return Phrase(
            "must be a string, number, boolean or null, got {got}",
            got=shown_phrase(value),
        )
    return Phrase(
        "must be a string, number or boolean, got {got}", got=shown_phrase(value)
    )


def check_bool(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem if *value* is not a bool."""
    if not isinstance(value, bool):
        said = Phrase("must be true or false, got {got}", got=shown_phrase(value))
        problems.append(Problem(path, said))


def check_choice(
    problems: list[Problem], path: str, value: object, choices: tuple[str, ...]
) -> None:
    """Append a problem if *value* is not one of *choices*."""
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        said = Phrase(
            "must be one of {choices}, got {got}",
            choices=listed,
            got=shown_phrase(value),
        )
        problems.append(Problem(path, said))


def check_rank(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem if *value* is not an integer of at least 1."""
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(
            Problem(
                path, Phrase("must be an integer, got {got}", got=shown_phrase(value))
            )
        )
    elif value < 1:
        problems.append(
            Problem(path, Phrase("must be >= 1, got {got}", got=repr(value)))
        )


#: The longest escalation delay a level may have: ten years, far beyond any
#: real escalation, and short enough that a delay added to any time of this
#: millennium stays within the range of :class:`~datetime.datetime`.
LONGEST_DELAY = timedelta(days=3650)


def delay_like(value: Any) -> Any:
    """Converter: read a delay written as in files (``"4h"``, ``"PT4H"``).

    A text that is not a valid delay is kept as it is, for
    :func:`check_delay` to report it quoting what was written, as is
    anything else.
    """
    if isinstance(value, str):
        try:
            parsed = parse_duration(value)
        except (ValueError, OverflowError):
            return value
        if _delay_problem(parsed) is None:
            return parsed
    return value


def check_delay(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem if *value* is not a positive whole number of seconds.

    *value* is a timedelta, None, or a text that :func:`delay_like` kept
    because it is not a valid delay; the message quotes it as written.
    """
    if value is None:
        return
    if isinstance(value, str):
        try:
            parsed = parse_duration(value)
        except ValueError as error:
            problems.append(Problem(path, error_phrase(error)))
            return
        except OverflowError:
            problems.append(Problem(path, too_long(value)))
            return
    elif isinstance(value, timedelta):
        parsed = value
    else:
        problems.append(Problem(path, duration_problem(value)))
        return
    if (wrong := _delay_problem(parsed)) is not None:
        # A delay is quoted in its written form, as given or as files write it.
        written = value if isinstance(value, str) else written_duration(value)
        said = Phrase("{reason}, got {got}", reason=wrong, got=repr(written))
        problems.append(Problem(path, said))


def duration_problem(value: object) -> Phrase:
    """Say that *value*, given in code, is neither a duration's text nor a timedelta."""
    return not_a_duration_value(shown_phrase(value), code=True)


def _delay_problem(value: timedelta) -> Phrase | None:
    if value <= timedelta(0):
        return Phrase("must be longer than zero")
    if value.microseconds:
        return Phrase("must be a whole number of seconds")
    if value > LONGEST_DELAY:
        return _longest()
    return None


def _longest() -> Phrase:
    longest = repr(format_duration(LONGEST_DELAY))
    return Phrase("must be at most {longest} (ten years)", longest=longest)


def too_long(duration: str) -> Phrase:
    """Say that the delay *duration* (as written in files) is too long."""
    return Phrase("{reason}, got {got}", reason=_longest(), got=shown_phrase(duration))


def nested(prefix: str, problems: Iterable[Problem]) -> list[Problem]:
    """Re-root *problems* (whose paths start at ``$``) under *prefix*."""
    return [problem.moved(prefix + problem.path[1:]) for problem in problems]


def raise_if(problems: list[Problem], subject: str) -> None:
    """Raise a :class:`ValidationError` listing *problems*, if there are any."""
    if problems:
        raise ValidationError(problems, subject=subject)


def check_unique(
    problems: list[Problem], path: str, keys: Iterable[object], *, suffix: str = ""
) -> None:
    """Append a problem for every key of *keys* seen before.

    *suffix* is appended to each item's path (``".key"`` for objects).
    None stands for a key that could not be read and is skipped.
    """
    seen: dict[object, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            problems.append(
                Problem(
                    f"{path}[{index}]{suffix}",
                    # The index is relative to the list, so the message stays
                    # true wherever the list is re-rooted.
                    Phrase(
                        "duplicate key {key} (first at index {index})",
                        key=shown_phrase(key),
                        index=str(seen[key]),
                    ),
                )
            )
        else:
            seen[key] = index


#: The kinds of key that :func:`unknown_message` names.
UnknownKind = Literal["role", "level", "issue type", "severity", "impact", "urgency"]


def unknown_message(kind: UnknownKind, key: object, known: Iterable[object]) -> Phrase:
    """Say that *key* names no *kind*, listing the *known* keys.

    One whole message per kind, so that each language can make its words
    agree (Italian: "ruolo sconosciuto", "gravità sconosciuta").

    >>> print(unknown_message("role", "lead", ["agent", "boss"]))
    unknown role 'lead'; known role keys: agent, boss
    >>> print(unknown_message("severity", "sev9", []))
    unknown severity 'sev9'; known severity keys: none
    """
    # Keys that could not be read are not listed (they are reported where
    # they stand).
    readable = [k for k in known if isinstance(k, str)]
    got = shown_phrase(key)
    if not readable:
        return _UNKNOWN_NONE[kind](got)
    return _UNKNOWN[kind](got, ", ".join(dict.fromkeys(readable)))


# Each a literal template, for the catalogs' extractor.
_UNKNOWN: Final[dict[str, Callable[[str | Phrase, str], Phrase]]] = {
    "role": lambda key, listed: Phrase(
        "unknown role {key}; known role keys: {listed}", key=key, listed=listed
    ),
    "level": lambda key, listed: Phrase(
        "unknown level {key}; known level keys: {listed}", key=key, listed=listed
    ),
    "issue type": lambda key, listed: Phrase(
        "unknown issue type {key}; known issue type keys: {listed}",
        key=key,
        listed=listed,
    ),
    "severity": lambda key, listed: Phrase(
        "unknown severity {key}; known severity keys: {listed}",
        key=key,
        listed=listed,
    ),
    "impact": lambda key, listed: Phrase(
        "unknown impact {key}; known impact keys: {listed}", key=key, listed=listed
    ),
    "urgency": lambda key, listed: Phrase(
        "unknown urgency {key}; known urgency keys: {listed}", key=key, listed=listed
    ),
}
_UNKNOWN_NONE: Final[dict[str, Callable[[str | Phrase], Phrase]]] = {
    "role": lambda key: Phrase("unknown role {key}; known role keys: none", key=key),
    "level": lambda key: Phrase("unknown level {key}; known level keys: none", key=key),
    "issue type": lambda key: Phrase(
        "unknown issue type {key}; known issue type keys: none", key=key
    ),
    "severity": lambda key: Phrase(
        "unknown severity {key}; known severity keys: none", key=key
    ),
    "impact": lambda key: Phrase(
        "unknown impact {key}; known impact keys: none", key=key
    ),
    "urgency": lambda key: Phrase(
        "unknown urgency {key}; known urgency keys: none", key=key
    ),
}


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def child_path(path: str, key: object) -> str:
    """Return the JSON path of *key* inside the object at *path*."""
    if isinstance(key, str) and _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{shown(key, limit=40)}]"


#: The most problems said of one list or object (of a matrix file, or of a
#: tool's payload); the rest of it is not read.
MOST_PROBLEMS: Final = 1000


def not_read(path: str, count: int) -> Problem:
    """The problem that stands for the rest of a list or object, not read."""
    said = Phrase(
        "not read, nor what follows it: {count} problems were found before it",
        count=str(count),
    )
    return Problem(path, said)
