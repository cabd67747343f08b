"""Convenience I/O: dicts, JSON, TOML and YAML text, and files chosen by suffix."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

import attrs

from escalation_matrix._base.checks import MOST_PROBLEMS, child_path, not_read
from escalation_matrix._base.durations import not_a_duration_value
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._serialization.hooks import SCHEMA_DEPTH
from escalation_matrix._serialization.leaves import subject_of
from escalation_matrix._serialization.limits import (
    DEFAULT_LIMITS,
    NESTED_TOO_DEEPLY,
    Limits,
    TooManyDigits,
    UnfitTag,
    UnheldNumber,
    check_data,
    limit_error,
    unheld_number,
)
from escalation_matrix._serialization.matrix_format import (
    matrix_from_data,
    matrix_to_data,
)
from escalation_matrix.exceptions import (
    ArgumentError,
    NotARegularFileError,
    Phrase,
    Problem,
    UnknownFormatError,
    UnserializableError,
    ValidationError,
    WrongTypeError,
)

__all__ = [
    "FORMATS",
    "Format",
    "checked_text",
    "dump",
    "dumps",
    "from_dict",
    "json_with_unique_keys",
    "load",
    "loads",
    "to_dict",
    "too_deep",
]

T = TypeVar("T")

Format = Literal["toml", "json", "yaml"]
#: File suffixes and the format each one selects.
FORMATS: dict[str, Format] = {
    ".toml": "toml",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}

if TYPE_CHECKING:
    from pathlib import Path

    import cattrs


@cache
def _converter() -> cattrs.Converter:
    # Made on first use: registering the hooks imports every payload type.
    from escalation_matrix._serialization.converters import make_converter  # noqa: PLC0415

    return make_converter()


@cache
def _serializable() -> tuple[type, ...]:
    from escalation_matrix._serialization.converters import SERIALIZABLE  # noqa: PLC0415

    return SERIALIZABLE


def to_dict(obj: object, /) -> Any:
    """Return *obj* (a matrix or any public type) as plain data.

    >>> from escalation_matrix import default_matrix, to_dict
    >>> to_dict(default_matrix())["levels"][0]["role"]
    'project_team_contact'
    """
    if not isinstance(obj, _serializable()):
        names = ", ".join(sorted(cls.__name__ for cls in _serializable()))
        raise UnserializableError(obj, f"expected one of {names}")
    return _converter().unstructure(obj)


@overload
def from_dict(data: object, /, *, limits: Limits | None = None) -> Matrix: ...
@overload
def from_dict(data: object, cls: type[T], /, *, limits: Limits | None = None) -> T: ...
def from_dict(
    data: object, cls: type[Any] = Matrix, /, *, limits: Limits | None = None
) -> Any:
    """Build a *cls* (a :class:`Matrix` by default) from plain data.

    *data* may nest lists and objects at most ``limits.max_depth`` deep
    and hold integers of at most ``limits.max_int_digits`` digits
    (:class:`~escalation_matrix.schema.Limits`, the defaults unless given).

    Raises:
        ValidationError: listing every problem of *data* with its path.
        LimitExceededError: *data* goes past a limit.
        WrongTypeError: *cls* is not one of this library's types.
    """
    _check_cls(cls)
    limits = _limits(limits)
    check_data(data, limits, _subject(cls))
    try:
        return _converter().structure(data, cls)
    except RecursionError:
        # Within a raised depth limit, deeper than the hooks' recursion goes.
        raise too_deep(limits, _subject(cls)) from None


def _limits(limits: object) -> Limits:
    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, Limits):
        raise WrongTypeError("limits", limits, "a Limits or None")
    return limits


def checked_text(
    data: str | bytes, source: str | None, subject: str, limits: Limits
) -> str:
    """Return *data* as text, within *limits*' size and decoded from UTF-8.

    Raises:
        ValidationError: It is too large, or not UTF-8.
        WrongTypeError: It is neither str nor bytes.
    """
    if not isinstance(data, str | bytes):
        raise WrongTypeError("text", data, "a str or bytes")
    if len(data) > limits.max_file_size:
        if isinstance(data, str):
            what = Phrase("a text of {count} characters", count=str(len(data)))
        else:
            what = Phrase("a text of {count} bytes", count=str(len(data)))
        maximum = limits.max_file_size
        raise limit_error(
            "$",
            what,
            limit="max_file_size",
            maximum=maximum,
            subject=subject,
            source=source,
        )
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        message = Phrase(
            "not valid UTF-8: byte 0x{byte} at offset {offset}",
            byte=bad,
            offset=str(error.start),
        )
        problem = Problem("$", message)
        raise ValidationError([problem], subject=subject, source=source) from None


def _subject(cls: type[Any]) -> str:
    _check_cls(cls)
    return subject_of(cls)


def _check_cls(cls: object) -> None:
    """Raise :class:`WrongTypeError` unless *cls* is a type data can become."""
    if cls is Matrix or (isinstance(cls, type) and issubclass(cls, _serializable())):
        return
    names = ", ".join(sorted(known.__name__ for known in _serializable()))
    raise WrongTypeError("cls", cls, f"one of {names}, or a subclass of one")


def _structure(
    data: object,
    cls: type[Any],
    source: str | None,
    limits: Limits,
) -> Any:
    """Read parsed *data*, checked against *limits*."""
    try:
        return _structure_within(data, cls, source, limits)
    except RecursionError:
        # Within a raised depth limit, deeper than the hooks' recursion goes
        # (a rule's condition hundreds of levels deep).
        raise too_deep(limits, _subject(cls), source) from None


def _structure_within(
    data: object, cls: type[Any], source: str | None, limits: Limits
) -> Any:
    if cls is Matrix and limits.max_depth >= SCHEMA_DEPTH:
        # Its generated hooks keep within the limits: the payload is walked
        # for them only when the hooks do not take it.
        return matrix_from_data(data, source=source, limits=limits)
    check_data(data, limits, _subject(cls), source)
    if cls is Matrix:
        return matrix_from_data(data, source=source)
    # Imported here: reading the built-in matrix, as translating at start-up
    # does, needs no overlay.
    from escalation_matrix._model.overlay import Overlay  # noqa: PLC0415

    try:
        obj = _converter().structure(data, cls)
    except ValidationError as error:
        if source is None:
            raise
        raise error._from(source) from None  # noqa: SLF001
    if source is not None and isinstance(obj, Overlay):
        # An overlay read from a file names it in the conflicts found when it
        # is applied.
        obj = attrs.evolve(obj, source=source)
    return obj


#: The hint given for a number where a duration is expected, which names YAML.
_YAML_NUMBER: Final = not_a_duration_value("", code=False, number=True).template


def _unquoted_number(problem: Problem) -> Problem:
    """Return *problem*, with the hint of JSON and TOML if it has YAML's."""
    phrase = problem.phrase
    if phrase is None or phrase.template != _YAML_NUMBER:
        return problem
    # Translators: a number where a duration is expected, in a JSON or TOML
    # file; {got} is the number as written.
    said = Phrase(
        "expected a duration as a string such as '30m', '1h 30m', '1d12h' or "
        "'PT1H30M', got {got}; a number has no unit: write the duration in quotes",
        **phrase.values,
    )
    return Problem(problem.path, said)


def _structure_not_yaml(
    data: object, cls: type[Any], source: str | None, limits: Limits
) -> Any:
    """Read parsed JSON or TOML *data*, hinting what these formats need."""
    try:
        return _structure(data, cls, source, limits)
    except ValidationError as error:
        problems = tuple(map(_unquoted_number, error.problems))
        if problems != error.problems:
            again = ValidationError(
                problems, subject=error.subject, source=error.source
            )
            error.problems, error.args = problems, again.args
        raise


def _payload(obj: object, *, copy: bool = True) -> Any:
    """Return *obj* as plain data; unless *copy*, only to be read, never kept.

    JSON and TOML write each dict of the data as they meet it; YAML writes
    a dict met twice as an alias, so it gets copies.
    """
    if not isinstance(obj, Matrix):
        return to_dict(obj)
    return matrix_to_data(obj, copy=copy)


@cache
def _orjson() -> Any:
    try:
        import orjson  # noqa: PLC0415 -- optional, faster JSON when installed
    except ImportError:
        return None
    return orjson


def _to_json(obj: object, /, *, indent: Literal[2] | None = 2) -> str:
    """Return *obj* as JSON text, keys in the canonical order.

    *indent* is 2 (the default, for files) or None (one line). With the
    ``orjson`` extra installed, orjson encodes and decodes JSON, faster and
    byte for byte the same.
    """
    data = _payload(obj, copy=False)
    fast = _orjson()
    if fast is not None:
        option = fast.OPT_APPEND_NEWLINE
        if indent == 2:  # noqa: PLR2004
            option |= fast.OPT_INDENT_2
        try:
            text: str = fast.dumps(data, option=option).decode("utf-8")
        except fast.JSONEncodeError:
            pass  # integers beyond 64 bits; the standard library writes them
        else:
            return text
    import json  # noqa: PLC0415 -- loaded on use, like the other formats

    separators = None if indent == 2 else (",", ":")  # noqa: PLR2004
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return text + "\n"


def _from_json(
    text: str | bytes, cls: type[Any], source: str | None, limits: Limits
) -> Any:
    decoded = checked_text(text, source, _subject(cls), limits)
    import json  # noqa: PLC0415 -- loaded on use, like the other formats

    repeated: list[_Repeated] = []
    unheld: list[UnheldNumber] = []
    try:
        data = json.loads(
            decoded,
            object_pairs_hook=partial(_pairs, repeated),
            parse_int=partial(_bounded_int, limits.max_int_digits),
            parse_float=partial(_float, unheld),
        )
    except json.JSONDecodeError as error:
        from escalation_matrix._serialization.syntax import json_problem  # noqa: PLC0415 -- on error only

        problem = json_problem(error)
        raise ValidationError([problem], subject=_subject(cls), source=source) from None
    except RecursionError:
        raise too_deep(limits, _subject(cls), source) from None
    if repeated or unheld:
        # Its walk recurses: only over data within the limits.
        check_data(data, limits, _subject(cls), source)
        problems = _parse_report(data)
        raise ValidationError(problems, subject=_subject(cls), source=source)
    return _structure_not_yaml(data, cls, source, limits)


def _bounded_int(max_digits: int, literal: str) -> int | TooManyDigits:
    """Read an integer literal, or mark it when it has too many digits.

    The mark is refused with its path after parsing, before ``int()``
    would spend time quadratic in the literal's length on it.
    """
    digits = len(literal) - literal.startswith("-")
    return TooManyDigits(digits) if digits > max_digits else int(literal)


_INFINITY: Final = float("inf")


def _float(found: list[UnheldNumber], literal: str) -> float | UnheldNumber:
    """Read a float literal of JSON or TOML, or mark it when no float holds it.

    Python reads ``1e400`` as infinity and ``1e-400`` as 0 without a word;
    such a literal is marked, and refused with its path after parsing.
    """
    value = float(literal)
    if 0.0 < abs(value) < _INFINITY:
        return value
    mark = unheld_number(literal, value)
    if mark is None:
        return value
    found.append(mark)
    return mark


def too_deep(
    limits: Limits, subject: str, source: str | None = None
) -> ValidationError:
    """The error for a document too deep for the parser (deeper than any limit)."""
    maximum = limits.max_depth
    return limit_error(
        "$",
        NESTED_TOO_DEEPLY,
        limit="max_depth",
        maximum=maximum,
        subject=subject,
        source=source,
    )


def json_with_unique_keys(
    text: str, *, limits: Limits | None = None, subject: str = "document"
) -> tuple[Any, list[Problem]]:
    """Read the JSON *text*, and say which keys it gives more than once.

    Args:
        text: The JSON text.
        limits: When given, the data is checked against them first, as a
            matrix file is, before its keys are walked.
        subject: What the text is, for the error of a limit passed.

    Returns:
        The data (with the last value of a repeated key, as JSON readers
        keep it; an integer of more digits than the default limits allow
        marked, for :func:`from_dict` to name the limit) and a problem for
        each key given twice, with its path.

    Raises:
        json.JSONDecodeError: *text* is not JSON.
        RecursionError: *text* nests deeper than the parser can go.
        LimitExceededError: The data passes *limits*.
    """
    import json  # noqa: PLC0415 -- loaded on use, like the other formats

    repeated: list[_Repeated] = []
    unheld: list[UnheldNumber] = []
    data = json.loads(
        text,
        object_pairs_hook=partial(_pairs, repeated),
        parse_int=partial(_bounded_int, DEFAULT_LIMITS.max_int_digits),
        parse_float=partial(_float, unheld),
    )
    if limits is not None:
        # The walk of the repeated keys recurses: only over data within them.
        check_data(data, limits, subject)
    return data, _parse_report(data) if repeated or unheld else []


class _Repeated(dict[str, Any]):
    """An object of a JSON text that gave some of its keys more than once."""

    repeated: list[str]


def _pairs(found: list[_Repeated], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    repeated = _Repeated(data)
    found.append(repeated)
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    repeated.repeated = [key for key, count in counts.items() if count > 1]
    return repeated


def _parse_report(data: object) -> list[Problem]:
    """Report the problems :func:`_parse_problems` finds in *data*, in order.

    After :data:`MOST_PROBLEMS` of them, the walk stops, and one last
    problem says where (YAML aliases may repeat a number no float holds
    many times over).
    """
    problems: list[Problem] = []
    for problem in _parse_problems(data, "$"):
        if len(problems) >= MOST_PROBLEMS:
            problems.append(not_read(problem.path, len(problems)))
            break
        problems.append(problem)
    return problems


def _parse_problems(data: object, path: str) -> Iterator[Problem]:
    """Report every key given twice in an object (JSON keeps only the last).

    And every number no float holds, and every YAML value its explicit tag
    does not fit (``!!int 1.5``), marked while parsing, as a value or, in
    YAML, as a key.
    """
    if isinstance(data, dict):
        if isinstance(data, _Repeated):
            for key in data.repeated:
                message = Phrase(
                    "given more than once in the same object; only one value "
                    "may be given"
                )
                yield Problem(child_path(path, key), message)
        for key, value in data.items():
            if isinstance(key, UnheldNumber | UnfitTag):
                where = child_path(path, key.written)
                yield Problem(where, key.problem())
            else:
                where = child_path(path, key)
            yield from _parse_problems(value, where)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _parse_problems(value, f"{path}[{index}]")
    elif isinstance(data, UnheldNumber | UnfitTag):
        yield Problem(path, data.problem())


def _to_toml(obj: object, /) -> str:
    """Return *obj* as TOML text.

    Raises:
        UnserializableError: *obj* holds a null value (an issue attribute
            set to None), which TOML cannot represent; use JSON or YAML.
    """
    data = _toml_data(obj, _payload(obj, copy=False), "$")
    import tomli_w  # noqa: PLC0415 -- loaded on use, like the other formats

    return tomli_w.dumps(data, multiline_strings=False)


_TOML_INTEGERS = range(-(2**63), 2**63)


def _toml_data(obj: object, data: Any, path: str) -> Any:
    """Return *data* as TOML writes it, refusing what TOML cannot hold.

    Nulls and integers beyond 64 bits are refused. tomli_w writes a number
    with ``str()``, so an ``IntEnum`` member would come out as ``Rank.FIRST``
    and a float subclass as whatever its ``__str__`` says: subclasses of
    str, int and float are given as their plain values, as JSON and YAML
    write them. *data* is never changed: a list or object holding such a
    value is copied, and one without is returned as it is.
    """
    if isinstance(data, dict):
        pairs = [
            (
                str.__str__(key) if isinstance(key, str) else key,
                _toml_data(obj, value, child_path(path, key)),
            )
            for key, value in data.items()
        ]
        same = all(
            new_key is key and new is value
            for (new_key, new), (key, value) in zip(pairs, data.items(), strict=True)
        )
        return data if same else dict(pairs)
    if isinstance(data, list):
        items = [
            _toml_data(obj, value, f"{path}[{index}]")
            for index, value in enumerate(data)
        ]
        same = all(new is value for new, value in zip(items, data, strict=True))
        return data if same else items
    return _toml_value(obj, data, path)


def _toml_value(obj: object, data: object, path: str) -> object:
    """Return the value *data* as TOML writes it (see :func:`_toml_data`)."""
    if data is None:
        reason = f"TOML has no null value, found at {path}; use JSON or YAML"
        raise UnserializableError(obj, reason)
    if type(data) is bool:
        return data
    if isinstance(data, int):
        plain = int.__int__(data)  # the same int when it is one
        if plain not in _TOML_INTEGERS:
            reason = (
                f"TOML integers have 64 bits, got {plain} at {path}; use JSON or YAML"
            )
            raise UnserializableError(obj, reason)
        return plain
    if isinstance(data, float):
        return float.__float__(data)
    if isinstance(data, str):
        return str.__str__(data)
    return data


def _from_toml(
    text: str | bytes, cls: type[Any], source: str | None, limits: Limits
) -> Any:
    subject = _subject(cls)
    decoded = checked_text(text, source, subject, limits)
    import tomllib  # noqa: PLC0415 -- loaded on use

    if decoded.count(".") >= limits.max_depth and _dotted_keys(limits.max_depth).search(
        decoded
    ):
        # A key of thousands of dotted parts makes tomllib's work and memory
        # grow with their square (40 KB of them took 1.5 GB): refused before,
        # as nesting past the limit, which is what such a key makes.
        raise limit_error(
            "$",
            NESTED_TOO_DEEPLY,
            limit="max_depth",
            maximum=limits.max_depth,
            subject=subject,
            source=source,
        )
    unheld: list[UnheldNumber] = []
    try:
        data = tomllib.loads(decoded, parse_float=partial(_float, unheld))
    except tomllib.TOMLDecodeError as error:
        from escalation_matrix._serialization.syntax import toml_problem  # noqa: PLC0415 -- on error only

        raise ValidationError(
            [toml_problem(error, decoded)], subject=subject, source=source
        ) from None
    except RecursionError:
        raise too_deep(limits, subject, source) from None
    except ValueError:
        # Python's own limit on the digits int() reads (4,300 by default),
        # far beyond max_int_digits.
        what = Phrase("an integer of thousands of digits")
        maximum = limits.max_int_digits
        limit = "max_int_digits"
        raise limit_error(
            "$", what, limit=limit, maximum=maximum, subject=subject, source=source
        ) from None
    if unheld:
        check_data(data, limits, subject, source)
        problems = _parse_report(data)
        raise ValidationError(problems, subject=subject, source=source)
    if _FINE_FRACTION.search(decoded):
        # tomllib cuts a date-time's or a time's second's fraction to
        # microseconds without a word; such a text is refused as a string
        # giving it is. The scan only when a fraction may be that long.
        from escalation_matrix._serialization.syntax import toml_fine_times  # noqa: PLC0415 -- on error only

        problems = toml_fine_times(decoded, data)
        if problems:
            raise ValidationError(problems, subject=subject, source=source)
    return _structure_not_yaml(data, cls, source, limits)


#: Seven digits after a dot, as in a second's fraction finer than microseconds.
_FINE_FRACTION: Final = re.compile(r"\.[0-9]{7}")


@cache
def _dotted_keys(depth: int) -> re.Pattern[str]:
    """A TOML key of more than *depth* dotted parts (``a.b."c"``).

    Where a key may start: a line's start (a table's header too), or in an
    inline table after ``{`` or ``,``.
    """
    part = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
    key = rf"(?:{part}[ \t]*\.[ \t]*){{{depth},}}{part}"
    return re.compile(rf"(?:^|[{{,])[ \t]*\[*[ \t]*{key}", re.MULTILINE)


def _to_yaml(obj: object, /) -> str:
    """Return *obj* as YAML text (needs the ``yaml`` extra).

    Raises:
        OptionalDependencyError: PyYAML is not installed.
    """
    # YAML's module is loaded for YAML only: the built-in matrix is TOML.
    from escalation_matrix._serialization.yaml_text import write_yaml  # noqa: PLC0415

    return write_yaml(_payload(obj))


def _from_yaml(
    text: str | bytes, cls: type[Any], source: str | None, limits: Limits
) -> Any:
    from escalation_matrix._serialization.yaml_text import (  # noqa: PLC0415 -- as in _to_yaml
        YamlLimitError,
        read_yaml,
        yaml_module,
    )

    yaml = yaml_module()
    subject = _subject(cls)
    decoded = checked_text(text, source, subject, limits)
    unheld: list[UnheldNumber | UnfitTag] = []
    try:
        data = read_yaml(decoded, limits, unheld=unheld)
    except RecursionError:
        # Deeper than the pure-Python reader goes, within a raised limit.
        raise too_deep(limits, subject, source) from None
    except YamlLimitError as error:
        what = Phrase("{what} (line {line})", what=error.what, line=str(error.line))
        limit, maximum = error.limit, error.maximum
        raise limit_error(
            "$", what, limit=limit, maximum=maximum, subject=subject, source=source
        ) from None
    except yaml.YAMLError as error:
        reason = error_phrase(error)
        if isinstance(reason, Phrase):
            # Translators: {reason} is one of this library's messages.
            problem = Problem("$", Phrase("not valid YAML: {reason}", reason=reason))
        else:
            from escalation_matrix._serialization.syntax import yaml_problem  # noqa: PLC0415 -- on error only

            problem = yaml_problem(error)
        raise ValidationError([problem], subject=subject, source=source) from None
    if unheld:
        check_data(data, limits, subject, source)
        problems = _parse_report(data)
        raise ValidationError(problems, subject=subject, source=source)
    return _structure(data, cls, source, limits)


_WRITERS = {"toml": _to_toml, "json": _to_json, "yaml": _to_yaml}
_READERS = {"toml": _from_toml, "json": _from_json, "yaml": _from_yaml}


def _format_name(format: str) -> Format:  # noqa: A002
    if not isinstance(format, str):
        raise WrongTypeError(
            "format", format, "a format name: 'json', 'toml' or 'yaml'"
        )
    if format not in _WRITERS:
        raise UnknownFormatError(format, sorted(_WRITERS))
    return format  # type: ignore[return-value]  # one of the keys, checked


def _format_of(path: Path, format: Format | None) -> Format:  # noqa: A002
    if format is not None:
        return _format_name(format)
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UnknownFormatError(path.suffix, sorted(FORMATS)) from None


def dumps(obj: object, format: Format, /) -> str:  # noqa: A002
    """Return *obj* as text in *format* (``"toml"``, ``"json"`` or ``"yaml"``).

    Raises:
        UnknownFormatError: *format* is not one of those.
    """
    return _write(obj, _format_name(format))


def _write(obj: object, format: Format) -> str:  # noqa: A002
    """Return *obj* as text in *format*, or say why it nests too deeply for it."""
    try:
        return _WRITERS[format](obj)
    except RecursionError:
        # The writers recurse (TOML's and YAML's in Python, a few calls for
        # each level): data nested hundreds of levels deep, such as a rule's
        # condition, goes past what Python's stack allows.
        reason = _too_deep_to_write(obj, format)
    raise UnserializableError(obj, reason)


def _too_deep_to_write(obj: object, format: Format) -> str:  # noqa: A002
    """Say where *obj*'s data nests too deeply for the writer of *format*."""
    try:
        data = _payload(obj, copy=False)
    except RecursionError:
        return f"it nests too deeply for the {format.upper()} writer"
    path, depth = _deepest(data)
    if len(path) > _PATH_SHOWN:
        path = path[:_PATH_SHOWN] + "..."
    reason = (
        f"its data nests {depth} levels deep at {path}, deeper than the "
        f"{format.upper()} writer goes"
    )
    if format != "json":
        try:
            _to_json(obj)
        except RecursionError:
            return reason
        reason += "; use JSON"
    return reason


#: How much of a path an error names: its start says where the nesting is.
_PATH_SHOWN: Final = 80


def _deepest(data: object) -> tuple[str, int]:
    """The path of the first of the most deeply nested lists and objects in *data*."""
    deepest, most = "$", 1
    stack: list[tuple[object, int, str]] = [(data, 1, "$")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            items = [(v, depth + 1, child_path(path, k)) for k, v in value.items()]
        elif isinstance(value, list):
            items = [(v, depth + 1, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            continue
        if depth > most:
            deepest, most = path, depth
        stack.extend(reversed(items))
    return deepest, most


@overload
def loads(
    text: str | bytes, format: Format, /, *, limits: Limits | None = None
) -> Matrix: ...
@overload
def loads(
    text: str | bytes,
    format: Format,
    cls: type[T],
    /,
    *,
    limits: Limits | None = None,
) -> T: ...
def loads(
    text: str | bytes,
    format: Format,  # noqa: A002
    cls: type[Any] = Matrix,
    /,
    *,
    limits: Limits | None = None,
) -> Any:
    """Build a *cls* (a :class:`Matrix` by default) from text in *format*.

    The text is read within *limits*
    (:class:`~escalation_matrix.schema.Limits`, the defaults unless given).

    Raises:
        UnknownFormatError: *format* is not ``"toml"``, ``"json"`` or ``"yaml"``.
        ValidationError: the text or its data is invalid.
        LimitExceededError: the text goes past a limit.
    """
    return _READERS[_format_name(format)](text, cls, None, _limits(limits))


@overload
def load(
    path: str | os.PathLike[str],
    /,
    *,
    format: Format | None = None,
    limits: Limits | None = None,
) -> Matrix: ...
@overload
def load(
    path: str | os.PathLike[str],
    cls: type[T],
    /,
    *,
    format: Format | None = None,
    limits: Limits | None = None,
) -> T: ...
def load(
    path: str | os.PathLike[str],
    cls: type[Any] = Matrix,
    /,
    *,
    format: Format | None = None,  # noqa: A002
    limits: Limits | None = None,
) -> Any:
    """Read a *cls* (a :class:`Matrix` by default) from a file.

    The format is chosen by the file's suffix (``.toml``, ``.json``,
    ``.yaml`` or ``.yml``) unless *format* is given. Only a regular file
    is read, within *limits* (:class:`~escalation_matrix.schema.Limits`,
    the defaults unless given): its size is checked before it is read.

    Raises:
        UnknownFormatError: the suffix names no known format.
        ValidationError: the file's content is invalid; every problem is
            listed with its path, and ``source`` names the file.
        LimitExceededError: the file goes past a limit (its size, say).
        NotARegularFileError: *path* is a directory, a device, a FIFO or
            a socket.
        ArgumentError: *path* holds a NUL character, which no file's name
            can hold.
        OSError: the file cannot be read.
    """
    from escalation_matrix._serialization.files import read_file  # noqa: PLC0415

    _check_cls(cls)
    chosen_limits = _limits(limits)
    file = _path(path)
    if file.is_dir():
        # Said before the format, whatever its name ends with.
        raise NotARegularFileError(str(file), "directory", reading=True)
    chosen = _format_of(file, format)
    data = read_file(file, chosen_limits.max_file_size)
    if data is None:
        maximum = chosen_limits.max_file_size
        what = Phrase("a file of more than {maximum} bytes", maximum=str(maximum))
        subject = _subject(cls)
        limit = "max_file_size"
        raise limit_error(
            "$", what, limit=limit, maximum=maximum, subject=subject, source=str(file)
        )
    return _READERS[chosen](data, cls, str(file), chosen_limits)


def _path(path: object) -> Path:
    """*path* as a Path, refused unless it could name a file.

    Raises:
        WrongTypeError: *path* is neither a str nor an os.PathLike.
        ArgumentError: *path* holds a NUL character.
    """
    from pathlib import Path  # noqa: PLC0415 -- loaded on use

    if not isinstance(path, str | os.PathLike):
        raise WrongTypeError("path", path, "a str or os.PathLike")
    file = Path(path)
    if "\0" in str(file):
        said = Phrase("must not hold a NUL character, which no file's name can hold")
        raise ArgumentError("path", path, said)
    return file


def dump(
    obj: object,
    path: str | os.PathLike[str],
    /,
    *,
    format: Format | None = None,  # noqa: A002
) -> None:
    """Write *obj* to a file, safely.

    The text goes to a temporary file in the same directory, which then
    replaces *path* in one step: a crash leaves either the old file or the
    new one, never half of one, and an error or an interruption leaves no
    temporary file behind. Only a regular file is written: an existing
    file's mode, owner and group are kept (as far as the process may set
    them), a symbolic link stays a link to the file it names, and a file
    with other hard links is written in place, so that they all keep
    showing it. The file-format reference tells the whole story.

    Raises:
        UnknownFormatError: the suffix names no known format.
        NotARegularFileError: a directory, a device, a FIFO or a socket is
            at *path*, or *path* is a symbolic link to nothing; it is left
            alone.
        ArgumentError: *path* holds a NUL character, which no file's name
            can hold.
        OSError: the file cannot be written (no permission, a full disk);
            it is left as it was.
    """
    from escalation_matrix._serialization.files import (  # noqa: PLC0415
        check_target,
        write_file,
    )

    file = _path(path)
    check_target(file)  # what is there matters more than its suffix
    data = _write(obj, _format_of(file, format)).encode("utf-8")
    write_file(file, data)
