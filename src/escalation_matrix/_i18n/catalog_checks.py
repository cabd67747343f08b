"""Checking catalog files before they ship, and compiling them.

The build hook (``hatch_build.py``) loads this module by its file path while
building a wheel, when only the build requirements are installed, so it
imports nothing but Babel and the standard library. The checks themselves
need only the standard library, so that reading a compiled catalog never
loads ``babel.messages``; Babel's classes are imported where they are used.
"""

from __future__ import annotations

import io
import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = [
    "catalog_problems",
    "check_controls",
    "check_placeholders",
    "compile_catalog",
    "control_problem",
    "describe",
    "describe_message",
    "placeholder_problem",
    "placeholders",
    "po_misread_line",
]

# A replacement field of str.format: "{name}", "{0}", "{}", "{name!r}",
# "{count:>3}". Doubled braces are literal braces and are removed first.
_FIELD: Final = re.compile(r"\{([^{}]*)\}")
_NAME_END: Final = re.compile(r"[!:]")
_FORMATTER: Final = string.Formatter()
# A line of an entry: a keyword and one whole quoted string, or (going on
# from the line above) the string alone; obsolete entries start with "#~".
_PO_LINE: Final = re.compile(
    r"(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'"(?:[^"\\]|\\.)*"\s*\Z'
)
_PO_TEXT_START: Final = re.compile(r'(?:#~\s*)?(?:msg|")')


def po_misread_line(data: bytes, /) -> tuple[int, str] | None:
    """Return the first line of the ``.po`` text *data* Babel would misread.

    Babel's reader, even with ``abort_invalid``, reads a string without its
    closing quote as if its last character were that quote, dropping the
    character. Returns the line's number (from 1) and the line, or None.
    """
    text = data.decode("utf-8", "replace")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _PO_TEXT_START.match(stripped) and not _PO_LINE.match(stripped):
            return number, line
    return None


def placeholders(text: str, /) -> frozenset[str]:
    """Return the names of the ``str.format`` placeholders in *text*.

    >>> sorted(placeholders("{count} levels, {name!r} at {when:%H:%M} {{literal}}"))
    ['count', 'name', 'when']
    """
    bare = text.replace("{{", "").replace("}}", "")
    return frozenset(
        _NAME_END.split(body, maxsplit=1)[0] for body in _FIELD.findall(bare)
    )


def _fields(text: str, /) -> frozenset[str]:
    """Return the replacement fields of *text* as written, braces left out.

    ``"{name!r:>3} at {when}"`` gives ``name!r:>3`` and ``when``.

    Raises:
        ValueError: *text* is not a ``str.format`` string (a lone brace).
    """
    return frozenset(
        name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        for _, name, spec, conversion in _FORMATTER.parse(text)
        if name is not None
    )


def _strings(message: Message) -> tuple[str, ...]:
    """Return the translation of *message*, one string per plural form."""
    if isinstance(message.string, str):
        return (message.string,)
    return tuple(message.string or ())


def _shown(names: frozenset[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "none"


def check_placeholders(catalog: Catalog | None, message: Message) -> None:  # noqa: ARG001
    """Babel checker: a translation keeps its source's ``{name}`` placeholders.

    Babel's own checkers look at ``%``-style placeholders only; this one
    runs :func:`placeholder_problem`. Registered under the
    ``babel.checkers`` entry-point group, so ``pybabel compile`` runs it;
    catalogs are checked the same way when they are read, and a
    translation that fails is not used.

    Raises:
        TranslationError: a translation's placeholders differ from its
            source's, or it is not a format string and its source is.

    >>> from babel.messages.catalog import Message
    >>> check_placeholders(None, Message("{count} levels", "{count} livelli"))
    >>> check_placeholders(None, Message("{count} levels", "{conto} livelli"))
    Traceback (most recent call last):
    ...
    babel.messages.catalog.TranslationError: placeholders differ: expected {count},
    got {conto}
    """
    _raise(placeholder_problem(_sources(message), _strings(message)))


def _raise(problem: str | None) -> None:
    if problem is not None:
        from babel.messages.catalog import TranslationError  # noqa: PLC0415

        raise TranslationError(problem)


def _sources(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def placeholder_problem(sources: tuple[str, ...], forms: tuple[str, ...]) -> str | None:
    """Say how a translation's ``{name}`` placeholders differ from its source's.

    A translation must use the same placeholders as its source, each written
    the same way (``{time}``, not ``{time:>5}``, which ``str.format`` could
    not fill with the same value), and must be a ``str.format`` string
    whenever its source is one (no lone ``{`` or ``}``): otherwise filling
    it in would fail. Of a plural translation, the last form (the one most
    counts take) must use the plural source's placeholders, and the others
    none that neither source uses: "un livello" may leave out the count of
    "{n} levels". A source that is no ``str.format`` string is never filled
    in, so only the names of its placeholders are compared.

    Args:
        sources: The source text, or its singular and plural.
        forms: The translation, one string per plural form.

    Returns:
        What is wrong, or None.

    >>> placeholder_problem(("{count} levels",), ("{count} livelli",))
    >>> placeholder_problem(("{count} levels",), ("{count}} livelli",))
    "not a format string as its source is: Single '}' encountered in format string"
    """
    if not any(forms):
        return None  # untranslated: nothing to compare
    read: Callable[[str], frozenset[str]] = _fields
    try:
        names = [_fields(source) for source in sources]
    except ValueError:
        read = placeholders
        names = [placeholders(source) for source in sources]
    last = names[-1]
    allowed = frozenset().union(*names)
    for index, form in enumerate(forms):
        try:
            found = read(form)
        except ValueError as error:
            return f"not a format string as its source is: {error}"
        if index == len(forms) - 1:
            if found != last:
                return _differ(_shown(last), found)
        elif not found <= allowed:
            expected = f"{_shown(last)} or {_shown(found & allowed)}"
            return _differ(expected, found)
    return None


def _differ(expected: str, found: frozenset[str]) -> str:
    return f"placeholders differ: expected {expected}, got {_shown(found)}"


# C0 controls, DEL and C1 controls, which a terminal acts on instead of
# showing (escalation_matrix._base.checks refuses them in a matrix's texts;
# this module may import nothing of the package).
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE: Final = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def check_controls(catalog: Catalog | None, message: Message) -> None:  # noqa: ARG001
    r"""Babel checker: a translation holds no control character.

    Runs :func:`control_problem`; catalogs are checked this way when they
    are read, and a translation that fails is not used.

    Raises:
        TranslationError: a translation holds a control character, or a
            line break that its source does not have.

    >>> from babel.messages.catalog import Message
    >>> check_controls(None, Message("Outage", "Guasto"))
    >>> check_controls(None, Message("Outage", "Guasto\x1b]0;pwned\x07"))
    Traceback (most recent call last):
    ...
    babel.messages.catalog.TranslationError: must not contain control character
    U+001B, got 'Guasto\x1b]0;pwned\x07'
    """
    _raise(control_problem(_sources(message), _strings(message)))


def control_problem(sources: tuple[str, ...], forms: tuple[str, ...]) -> str | None:
    r"""Say which control character a translation holds, if any.

    No C0 control (U+0000 to U+001F, tab and carriage return included), no
    DEL (U+007F) and no C1 control (U+0080 to U+009F): printed, they would
    retitle a terminal, clear it or rewrite what it shows. A translation
    may break its lines (U+000A) only where its source does too: titles
    and names are one line in every language.

    Args:
        sources: The source text, or its singular and plural.
        forms: The translation, one string per plural form.

    Returns:
        What is wrong, or None.

    >>> control_problem(("Outage",), ("Gua-\nsto",))
    "must be one line as its source is, without line break U+000A, got 'Gua-\\nsto'"
    """
    lines = any("\n" in source for source in sources)
    pattern = _CONTROL_BUT_NEWLINE if lines else _CONTROL
    for form in forms:
        found = None if form.isprintable() else pattern.search(form)
        if found is None:
            continue
        code = f"U+{ord(found[0]):04X}"
        if found[0] == "\n":
            return (
                f"must be one line as its source is, without line break {code}, "
                f"got {form!r}"
            )
        return f"must not contain control character {code}, got {form!r}"
    return None


def describe_message(message: Message, /) -> str:
    """Say which message of a catalog *message* is: its line, context and id.

    A message read from a compiled catalog has no line.

    >>> from babel.messages.catalog import Message
    >>> describe_message(Message("Escalated", context="reason", lineno=12))
    "line 12: msgctxt 'reason' msgid 'Escalated'"
    """
    return describe(message.context, _sources(message)[0], message.lineno)


def describe(context: str | None, text: str, line: int | None = None) -> str:
    """Say which message a catalog entry is: its line, context and source text.

    >>> describe("reason", "Escalated")
    "msgctxt 'reason' msgid 'Escalated'"
    """
    where = f"line {line}: " if line else ""
    context_part = f"msgctxt {context!r} " if context else ""
    return f"{where}{context_part}msgid {text!r}"


def catalog_problems(catalog: Catalog, /) -> list[str]:
    """Return what keeps *catalog* from shipping, one line per problem.

    A shipped catalog has every message translated, nothing fuzzy (neither
    a message nor the header) and passes every Babel checker, this
    module's placeholder and control character checks included.
    """
    problems: dict[str, None] = {}
    if catalog.fuzzy:
        problems["the header is marked fuzzy; remove the flag once reviewed"] = None
    for message in catalog:
        if not message.id:
            continue
        where = describe_message(message)
        if message.fuzzy:
            problems[
                f"{where}: fuzzy; review the translation, then remove the flag"
            ] = None
        strings = _strings(message)
        if not strings or not all(strings):
            problems[f"{where}: untranslated"] = None
        for error in _errors(catalog, message):
            problems[f"{where}: {error}"] = None
    return list(problems)


def _errors(catalog: Catalog, message: Message) -> Iterable[str]:
    # Message.check runs the checkers registered with Babel, which include
    # check_placeholders once this package is installed; the build runs
    # before that, so it is called here too (problems are de-duplicated),
    # with check_controls.
    for error in message.check(catalog):
        yield str(error)
    for check in (placeholder_problem, control_problem):
        problem = check(_sources(message), _strings(message))
        if problem is not None:
            yield problem


def compile_catalog(po_file: Path, mo_file: Path, /) -> list[str]:
    """Check a ``.po`` file and compile it to *mo_file* if it has no problem.

    Returns:
        The problems found, each starting with the ``.po`` file's path;
        empty if the ``.mo`` file was written.
    """
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    try:
        data = po_file.read_bytes()
        misread = po_misread_line(data)
        if misread is not None:
            return [f"{po_file}:{misread[0]}: a string lacks its closing quote"]
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError) as error:
        return [f"{po_file}: {error}"]
    problems = [f"{po_file}: {problem}" for problem in catalog_problems(catalog)]
    if not problems:
        mo_file.parent.mkdir(parents=True, exist_ok=True)
        # Written beside it, then renamed over it: a program translating
        # meanwhile (an editable install compiles in place) reads the old
        # catalog or the new one, never half of one.
        partial = mo_file.with_name(f".{mo_file.name}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        partial.replace(mo_file)
    return problems
