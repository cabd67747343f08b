"""The errors raised by escalation_matrix.

Every error derives from :class:`EscalationMatrixError` and, where one fits,
from the matching builtin too, so ``except LookupError`` and
``except ValueError`` keep working in code that does not know this library.
Each error keeps the offending value as an attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, Literal, NoReturn, Self, TypeVar

__all__ = [
    "ArgumentError",
    "CalendarError",
    "CatalogError",
    "EscalationMatrixError",
    "LimitExceededError",
    "LocaleError",
    "Loss",
    "LossyConversionError",
    "MissingTranslationsError",
    "NotARegularFileError",
    "OptionalDependencyError",
    "OverlayConflictError",
    "Phrase",
    "Problem",
    "RoutingError",
    "UnknownFormatError",
    "UnknownIssueTypeError",
    "UnknownKeyError",
    "UnknownLevelError",
    "UnknownRoleError",
    "UnknownSeverityError",
    "UnserializableError",
    "UnsupportedSchemaVersionError",
    "ValidationError",
    "WrongTypeError",
]


if TYPE_CHECKING:  # named by type hints alone
    _E = TypeVar("_E", bound="EscalationMatrixError")


class EscalationMatrixError(Exception):
    """Base class of every error raised by escalation_matrix.

    Every error pickles and copies with its message and attributes, so an
    error raised in a worker process reaches its parent with them; an
    attribute that cannot be pickled (a function, say) travels as its
    ``repr``.
    """

    def __reduce__(self) -> tuple[object, ...]:
        # The subclasses' constructors take other arguments than the message
        # that Exception would pass back to them.
        state = {name: _portable(value) for name, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))

    def __copy__(self) -> Self:
        return _restore(type(self), self.args, self.__dict__)

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        import copy  # noqa: PLC0415 -- loaded already: copy.deepcopy calls this

        state = copy.deepcopy(self.__dict__, memo)
        return _restore(type(self), copy.deepcopy(self.args, memo), state)


def _portable(value: object) -> object:
    import pickle  # noqa: PLC0415 -- only when an error is pickled

    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 -- whatever stops pickling it
        return repr(value)
    return value


def _restore(cls: type[_E], args: tuple[object, ...], state: dict[str, object]) -> _E:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


def _as_is(template: str) -> str:
    return template


class _Record:
    """An immutable value: its fields set once, compared, hashed and shown by value.

    What ``attrs.frozen`` gives, written out: this module is loaded by every
    command, ``--help`` included, which starts without loading attrs.
    """

    __slots__ = ()
    #: The fields of an instance, in order.
    _fields: tuple[str, ...] = ()
    #: The fields two equal records have equal.
    _compared: tuple[str, ...] = ()
    #: The fields of its hash.
    _hashed: tuple[str, ...] = ()
    #: The fields its ``repr`` shows.
    _shown: tuple[str, ...] = ()

    def _set(self, **fields: object) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        message = f"{type(self).__name__} is immutable: cannot set {name!r}"
        raise AttributeError(message)

    def __delattr__(self, name: str) -> NoReturn:
        message = f"{type(self).__name__} is immutable: cannot delete {name!r}"
        raise AttributeError(message)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._compared)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(getattr(self, n) for n in self._hashed)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[object, ...]:
        # Set back field by field: the constructors take other arguments.
        fields = {name: getattr(self, name) for name in self._fields}
        return (_rebuilt, (type(self), fields))


if TYPE_CHECKING:
    _R = TypeVar("_R", bound=_Record)


def _rebuilt(cls: type[_R], fields: dict[str, object]) -> _R:
    record = cls.__new__(cls)
    record._set(**fields)  # noqa: SLF001 -- the module's own class
    return record


#: The most characters of one value a message quotes; more are cut.
_LONGEST_VALUE: Final = 1000


class Phrase(_Record):
    """A message in English, with what it takes to say it in another language.

    The library writes every problem it reports as a template and the values
    that fill it, so the message can be said in the language of the output:
    ``str(phrase)`` is the English message, :meth:`said` the message in the
    language of a translation function.

    Attributes:
        template: The English message with named placeholders, as message
            catalogs know it: ``"must be >= {minimum}, got {got}"``.
        values: What fills each placeholder: a text shown as it is (a value
            as the input wrote it, a key, a path; cut after 1,000
            characters), or a phrase said in the same language as the
            message.

    >>> phrase = Phrase("must be >= {minimum}, got {got}", minimum="1", got="0")
    >>> str(phrase)
    'must be >= 1, got 0'
    >>> phrase.said({"must be >= {minimum}, got {got}": "deve essere >= {minimum}, "
    ...              "invece è {got}"}.get)
    'deve essere >= 1, invece è 0'
    """

    __slots__ = ("template", "values")
    _fields = _compared = _shown = ("template", "values")
    _hashed = ("template",)

    template: str
    values: Mapping[str, str | Phrase]

    def __init__(self, template: str, /, **values: str | Phrase) -> None:
        for name, value in values.items():
            if type(value) is str and len(value) > _LONGEST_VALUE:
                # A value quoted from the input (which YAML aliases may make
                # as long as they like) is cut: a message stays readable,
                # and no input makes it grow past a bound.
                values[name] = value[:_LONGEST_VALUE] + "..."
        self._set(template=template, values=values)

    def said(self, gettext: Callable[[str], str | None]) -> str:
        """Return the message in the language of *gettext*.

        Args:
            gettext: Returns the translation of a template, or the template
                itself (or None) when it has none; a translator's
                ``gettext``.
        """
        values = {
            name: value.said(gettext) if isinstance(value, Phrase) else value
            for name, value in self.values.items()
        }
        template = gettext(self.template) or self.template
        for candidate in (template, self.template):
            try:
                return candidate.format_map(values)
            except (KeyError, IndexError, ValueError, AttributeError, TypeError):
                # A translation whose placeholders are not the template's, or
                # a template that is no str.format template at all: the
                # catalog checks report it; the message is still said.
                continue
        return self.template

    def __str__(self) -> str:
        return self.said(_as_is)


class Problem(_Record):
    """One thing wrong with some input, and where it is.

    Attributes:
        path: Where the problem is: in data, a JSON path from the root of
            the input (``$.levels[2].rank``); in a message catalog, the
            catalog file.
        message: What is wrong, saying what was expected and what was got,
            in English.
        phrase: The message as a :class:`Phrase`, to say it in another
            language; None when the problem was made from a plain text.
            Problems are equal when their paths and messages are.
    """

    __slots__ = ("message", "path", "phrase")
    _fields = ("path", "message", "phrase")
    _compared = _hashed = _shown = ("path", "message")

    path: str
    message: str
    phrase: Phrase | None

    def __init__(self, path: str, message: str | Phrase) -> None:
        if isinstance(message, Phrase):
            self._set(path=path, message=str(message), phrase=message)
        else:
            self._set(path=path, message=message, phrase=None)

    def moved(self, path: str) -> Problem:
        """Return this problem at *path*, its message and phrase kept."""
        moved = Problem(path, self.message)
        moved._set(phrase=self.phrase)
        return moved

    def said(self, gettext: Callable[[str], str | None]) -> str:
        """Return the message in the language of *gettext* (see :class:`Phrase`)."""
        if self.phrase is None:
            return self.message
        return self.phrase.said(gettext)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _summary(problems: tuple[Problem, ...], subject: str, source: str | None) -> str:
    where = f" in {source}" if source else ""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = "".join(f"\n  {problem}" for problem in problems)
    return f"Invalid {subject}{where}: {count} {noun}:{lines}"


class ValidationError(EscalationMatrixError, ValueError):
    """Some input is invalid; every problem found is listed at once.

    Raised when a matrix, an issue or a payload would be invalid: a matrix
    built in code, a file being loaded, or data being structured through a
    converter.

    Attributes:
        problems: Every problem found, each with its location.
        subject: What was being validated (``"matrix"``, ``"issue"``...).
        source: The file the data came from, when known.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        subject: str = "matrix",
        source: str | None = None,
    ) -> None:
        self.problems = tuple(problems)
        self.subject = subject
        self.source = source
        super().__init__(_summary(self.problems, subject, source))

    def _from(self, source: str) -> Self:
        """This error, said of the file *source*; every other field kept."""
        error = self.__copy__()
        error.source = source
        error.args = (_summary(self.problems, self.subject, source),)
        return error


class UnsupportedSchemaVersionError(ValidationError):
    """A payload declares a schema version this release cannot read.

    Attributes:
        version: The ``schema_version`` found in the payload.
    """

    def __init__(
        self,
        version: object,
        problems: Iterable[Problem],
        *,
        subject: str = "matrix",
        source: str | None = None,
    ) -> None:
        self.version = version
        super().__init__(problems, subject=subject, source=source)


class LimitExceededError(ValidationError):
    """Some input goes past a limit on the work reading it may do.

    A file too large, a document nested too deeply, an integer with too
    many digits, a YAML document whose aliases repeat too much: the reader
    stops before doing that work. The one problem says where, and which
    limit of :class:`escalation_matrix.schema.Limits` to raise to read it.

    Attributes:
        limit: The name of the limit (``"max_depth"``).
        maximum: The limit's value.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        limit: str,
        maximum: int,
        subject: str = "matrix",
        source: str | None = None,
    ) -> None:
        self.limit = limit
        self.maximum = maximum
        super().__init__(problems, subject=subject, source=source)


class OverlayConflictError(ValidationError):
    """An overlay does not fit the matrix it is applied to.

    It changes or removes something the matrix lacks, adds something it
    has, gives two new levels the same rank, and the like. Each problem's
    path points into the overlay (``$.changes.levels.L9``), and ``source``
    names the overlay's file when it was read from one.
    """


#: What a conversion did with something it could not carry over exactly.
LossKind = Literal["dropped", "approximated", "assumed"]


class Loss(_Record):
    """Something a conversion between a tool's payload and a matrix did not keep.

    Attributes:
        path: Where it is: a JSON path in the source payload
            (``$.data[0].ownerTeam``) when importing, in the matrix's data
            (``$.levels[1].escalate_while``) when exporting.
        kind: ``"dropped"`` (not kept at all), ``"approximated"`` (kept
            with a different meaning or value) or ``"assumed"`` (something
            the source did not say was filled in).
        detail: What was lost, in English.
        source: Which payload it is in, when there are several (Grafana
            OnCall's ``"chains"`` and ``"policies"``, a file's name).
        timing: Whether it changes who is notified when.
        message: The context and source text *detail* was made from, for
            translation; not part of the loss's value.
        values: The ``(placeholder, value)`` pairs filling *message*.
    """

    __slots__ = ("detail", "kind", "message", "path", "source", "timing", "values")
    _fields = __slots__
    _compared = _hashed = _shown = ("path", "kind", "detail", "source", "timing")

    path: str
    kind: LossKind
    detail: str
    source: str | None
    timing: bool
    message: tuple[str, str]
    values: tuple[tuple[str, str], ...]

    def __init__(
        self,
        path: str,
        kind: LossKind,
        detail: str,
        source: str | None = None,
        *,
        timing: bool = False,
        message: tuple[str, str] = ("", ""),
        values: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self._set(
            path=path,
            kind=kind,
            detail=detail,
            source=source,
            timing=timing,
            message=message,
            values=values,
        )

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.path}: {self.kind}: {self.detail}"


class LossyConversionError(EscalationMatrixError, ValueError):
    """A strict conversion would not keep everything its input says.

    Attributes:
        losses: Every loss, in the order of the input.
        result: What the conversion would have returned without ``strict``.
    """

    def __init__(self, losses: Iterable[Loss], result: object = None) -> None:
        self.losses = tuple(losses)
        self.result = result
        count = len(self.losses)
        noun = "loss" if count == 1 else "losses"
        lines = "".join(f"\n  {loss}" for loss in self.losses)
        super().__init__(f"The conversion is not exact: {count} {noun}:{lines}")


class UnknownKeyError(EscalationMatrixError, LookupError):
    """A key, rank or object names nothing in the matrix.

    Attributes:
        key: What was looked up.
        known: The keys that would have been found.
    """

    kind = "key"
    plural = "keys"

    def __init__(self, key: object, known: Iterable[str]) -> None:
        self.key = key
        self.known = tuple(known)
        #: The message as a :class:`Phrase`, to say it in another language.
        self.phrase = _unknown_phrase(self.kind, _described(key), self.known)
        super().__init__(str(self.phrase))

    def __str__(self) -> str:
        # LookupError would otherwise be printed like KeyError, as a repr.
        return str(self.args[0])


def _unknown_phrase(kind: str, key: str, known: tuple[str, ...]) -> Phrase:
    """Say that *key* names no part of the *kind* asked for, and which do."""
    if not known:
        return _UNKNOWN_NONE.get(kind, _UNKNOWN_NONE["key"])(key)
    return _UNKNOWN.get(kind, _UNKNOWN["key"])(key, ", ".join(known))


# One whole message per kind, and per kind with none known, so that each
# language can make its words agree ("gravità sconosciuta", "nessuna"); each
# a literal template, for the catalogs' extractor.
# Translators: {key} is what was looked up, quoted; {known} lists keys.
_UNKNOWN: dict[str, Callable[[str, str], Phrase]] = {
    "level": lambda key, known: Phrase(
        "Unknown level {key}; known levels: {known}.", key=key, known=known
    ),
    "role": lambda key, known: Phrase(
        "Unknown role {key}; known roles: {known}.", key=key, known=known
    ),
    "issue type": lambda key, known: Phrase(
        "Unknown issue type {key}; known issue types: {known}.", key=key, known=known
    ),
    "severity": lambda key, known: Phrase(
        "Unknown severity {key}; known severities: {known}.", key=key, known=known
    ),
    "key": lambda key, known: Phrase(
        "Unknown key {key}; known keys: {known}.", key=key, known=known
    ),
}
_UNKNOWN_NONE: dict[str, Callable[[str], Phrase]] = {
    "level": lambda key: Phrase("Unknown level {key}; known levels: none.", key=key),
    "role": lambda key: Phrase("Unknown role {key}; known roles: none.", key=key),
    "issue type": lambda key: Phrase(
        "Unknown issue type {key}; known issue types: none.", key=key
    ),
    "severity": lambda key: Phrase(
        "Unknown severity {key}; known severities: none.", key=key
    ),
    "key": lambda key: Phrase("Unknown key {key}; known keys: none.", key=key),
}


class UnknownLevelError(UnknownKeyError):
    """No level has the given key or rank."""

    kind = "level"
    plural = "levels"


class UnknownRoleError(UnknownKeyError):
    """No role has the given key."""

    kind = "role"
    plural = "roles"


class UnknownIssueTypeError(UnknownKeyError):
    """No issue type has the given key."""

    kind = "issue type"
    plural = "issue types"


class UnknownSeverityError(UnknownKeyError):
    """No severity has the given key."""

    kind = "severity"
    plural = "severities"


class RoutingError(EscalationMatrixError, ValueError):
    """An issue cannot be routed at the moment asked for.

    Attributes:
        value: The offending value (for example the ``now`` given).
        phrase: The message as a :class:`Phrase`, to say it in another
            language; None when the error was made from a plain text.
    """

    def __init__(self, message: str | Phrase, *, value: object = None) -> None:
        self.value = value
        self.phrase = message if isinstance(message, Phrase) else None
        super().__init__(str(message))


class CalendarError(EscalationMatrixError, ValueError):
    """A business calendar cannot count time from or for the values given.

    Attributes:
        value: The offending moment or duration.
        phrase: The message as a :class:`Phrase`, to say it in another
            language; None when the error was made from a plain text.
    """

    def __init__(self, message: str | Phrase, *, value: object = None) -> None:
        self.value = value
        self.phrase = message if isinstance(message, Phrase) else None
        super().__init__(str(message))


class LocaleError(EscalationMatrixError, ValueError):
    """A locale identifier is malformed or names no known locale.

    Attributes:
        identifier: The identifier as given.
    """

    def __init__(self, identifier: object, reason: str) -> None:
        self.identifier = identifier
        super().__init__(f"Invalid locale {_described(identifier)}: {reason}")


class CatalogError(EscalationMatrixError, ValueError):
    """A message catalog cannot be read, or its messages are inconsistent.

    Attributes:
        path: The catalog file, when the problem is in one file.
        problems: Every problem found, each with its place (the file and
            line, or what named the catalog) and what is wrong, as
            :attr:`ValidationError.problems` has them.
    """

    def __init__(self, problems: Iterable[Problem], *, path: str | None = None) -> None:
        self.path = path
        self.problems = tuple(problems)
        where = f" {path}" if path else ""
        lines = "".join(f"\n  {problem}" for problem in self.problems)
        super().__init__(f"Invalid message catalog{where}:{lines}")


class MissingTranslationsError(EscalationMatrixError, LookupError):
    """Strict translation found texts with no translation in the locale.

    Attributes:
        locale: The locale asked for.
        missing: ``(context, text)`` of every text left untranslated.
    """

    def __init__(self, locale: str, missing: Iterable[tuple[str, str]]) -> None:
        self.locale = locale
        self.missing = tuple(missing)
        lines = "".join(f"\n  {ctx}: {text!r}" for ctx, text in self.missing)
        count = len(self.missing)
        message = f"{count} texts have no {locale!r} translation:{lines}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class ArgumentError(EscalationMatrixError, ValueError):
    """A function was given an argument of the right type but a value it cannot use.

    Attributes:
        argument: The argument's name.
        value: The argument given.
        reason: What is wrong with it, as the end of a sentence
            (``"must be at least 4 columns, got 2"``).
        phrase: The whole message (the argument's name, then the reason)
            as a :class:`Phrase`, to say it in another language; None when
            the reason was given as a plain text.
    """

    def __init__(self, argument: str, value: object, reason: str | Phrase) -> None:
        self.argument = argument
        self.value = value
        self.reason = str(reason)
        self.phrase = (
            Phrase("{argument} {reason}", argument=argument, reason=reason)
            if isinstance(reason, Phrase)
            else None
        )
        super().__init__(f"{argument} {reason}")


class WrongTypeError(EscalationMatrixError, TypeError):
    """A function was given an argument of a type it does not take.

    Attributes:
        value: The argument given.
        expected: What the function takes (``"a Matrix"``).
        argument: The argument's name.
    """

    def __init__(self, argument: str, value: object, expected: str) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        message = f"{argument} must be {expected}, got {_described(value)}"
        super().__init__(message)


class UnserializableError(EscalationMatrixError, TypeError):
    """An object cannot be written as data.

    Either it is not one of this library's types, or it holds code (a
    Python callable) that no file format can store.

    Attributes:
        value: The object that cannot be serialized.
    """

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        super().__init__(f"Cannot serialize {_described(value)}: {reason}")


class UnknownFormatError(EscalationMatrixError, ValueError):
    """A suffix or a name gives no format this library reads or writes.

    Attributes:
        suffix: The suffix found (``".ini"``), or the format name asked for.
        kind: What sort of format was asked for: ``"file format"``, or
            ``"table format"`` for rendering.
    """

    def __init__(
        self, suffix: str, known: Iterable[str], *, kind: str = "file format"
    ) -> None:
        self.suffix = suffix
        self.kind = kind
        listed = ", ".join(known)
        message = f"Unknown {kind} {_described(suffix)}; known {kind}s: {listed}."
        super().__init__(message)


class NotARegularFileError(EscalationMatrixError, OSError):
    """A file is to be read or written where something other than a regular file is.

    :func:`~escalation_matrix.dump` and the command's ``--output`` write
    regular files only: a directory, a device (``/dev/null``), a FIFO or a
    socket at the path is left alone, and so is a symbolic link to a file
    that does not exist. :func:`~escalation_matrix.load` reads regular
    files only, and refuses a directory, a device, a FIFO or a socket
    before reading anything.

    Attributes:
        path: The path given, as a string (also :attr:`filename`).
        kind: What is there: ``"directory"``, ``"character device"``,
            ``"block device"``, ``"FIFO"``, ``"socket"``, ``"special file"``
            (any other), or ``"dangling symbolic link"``.
        target: For a symbolic link, the file it leads to (for a dangling
            link, the missing file as the link names it); else None.
    """

    def __init__(
        self, path: str, kind: str, *, target: str | None = None, reading: bool = False
    ) -> None:
        self.path = path
        self.kind = kind
        self.target = target
        if kind == "dangling symbolic link":
            what = f"it is a symbolic link to {target!r}, which does not exist"
        elif target is not None:
            what = f"it leads to {target!r}, a {kind}, not a regular file"
        else:
            what = f"it is a {kind}, not a regular file"
        verb = "read" if reading else "write"
        super().__init__(f"Cannot {verb} {path!r}: {what}.")
        self.strerror = what

    @property
    def filename(self) -> str:
        """The path given, as :class:`OSError` names the file of an error."""
        return self.path

    def __str__(self) -> str:
        return str(self.args[0])


class OptionalDependencyError(EscalationMatrixError, ImportError):
    """A feature needs an optional dependency that is not installed.

    Attributes:
        extra: The extra to install (``pip install 'escalation-matrix[yaml]'``).
    """

    def __init__(self, feature: str, extra: str) -> None:
        self.extra = extra
        message = (
            f"{feature} needs an optional dependency: "
            f"pip install 'escalation-matrix[{extra}]'"
        )
        super().__init__(message)


def __dir__() -> list[str]:
    # The module imports helpers (typing...); dir() shows what it offers.
    return __all__


def _described(value: object) -> str:
    """Show *value* in a message: a literal, or its kind and key, never a repr.

    The short form of ``escalation_matrix._base.shown.shown``, which this
    module, below every other, cannot import: the same words for the same
    values (``NaN``, ``a decimal number (1.5)``, ``["a"]``).
    """
    if value is None or isinstance(
        value, bool | int | float | str | list | tuple | Mapping
    ):
        return _literal(value)
    for kinds, name in _NAMED:
        if isinstance(value, kinds):
            return name
    if type(value).__name__ == "Decimal":
        return f"a decimal number ({value})"
    if hasattr(value, "isoformat") and not isinstance(value, type):
        return repr(str(value.isoformat()))
    return _kind(value)


def _kind(value: object) -> str:
    """Name *value*'s class in words, with its key or name if it has one."""
    kind = type(value).__name__
    if kind == "object":
        return "an object"
    if callable(value):
        return "a function"
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    labels = (getattr(value, name, None) for name in ("key", "name"))
    label = next((found for found in labels if isinstance(found, str)), None)
    if label is None:
        return f"{article} {kind}"
    return f"{article} {kind} ({_literal(label)})"


#: Kinds no file writes, in the words of ``_base.shown``.
_NAMED: tuple[tuple[type | tuple[type, ...], str], ...] = (
    ((bytes, bytearray), "bytes (not a text)"),
    ((set, frozenset), "a set"),
    (complex, "a complex number"),
    (type, "a class"),
)


def _literal(value: object, depth: int = 3) -> str:
    """Write a value a file writes as a literal, cut to a few dozen characters."""
    import json  # noqa: PLC0415 -- only when an error is raised
    import math  # noqa: PLC0415 -- only when an error is raised
    import reprlib  # noqa: PLC0415 -- only when an error is raised

    if isinstance(value, str):
        return reprlib.repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, list | tuple | Mapping):
        text = _container(value, depth)
        return text if len(text) <= 80 else text[:77] + "..."  # noqa: PLR2004
    return json.dumps(value)


def _container(
    value: list[object] | tuple[object, ...] | Mapping[object, object], depth: int
) -> str:
    """Write a list or object as _base.shown does: JSON's notation, six items."""
    if not depth:
        return "an object" if isinstance(value, Mapping) else "a list"
    more = ", ..." if len(value) > 6 else ""  # noqa: PLR2004 -- as _base.shown
    if isinstance(value, Mapping):
        pairs = list(value.items())[:6]
        items = [f"{_inner(key, 0)}: {_inner(item, depth - 1)}" for key, item in pairs]
        return f"{{{', '.join(items)}{more}}}"
    return f"[{', '.join(_inner(item, depth - 1) for item in value[:6])}{more}]"


def _inner(value: object, depth: int) -> str:
    """Write an item of a list or object: texts take JSON's double quotes."""
    import json  # noqa: PLC0415 -- only when an error is raised

    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple | Mapping):
        return _container(value, depth)
    return _described(value)
