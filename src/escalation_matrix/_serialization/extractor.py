"""A Babel extractor for matrix files, so ``pybabel extract`` finds their texts.

Registered under the ``babel.extractors`` entry-point group as
``escalation_matrix``; a mapping selects it for matrix files::

    [tool.babel]
    [[tool.babel.mappings]]
    method = "escalation_matrix"
    pattern = "matrices/**.toml"

Each text becomes a message with its context (``cell:<issue_type>:<level>``)
and a translator comment saying where it appears, at the line where the
text is written.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any, Final

from escalation_matrix._model.overlay import Overlay, overlay_texts
from escalation_matrix._model.texts import MatrixText, matrix_texts
from escalation_matrix._serialization.io import FORMATS, Format, loads
from escalation_matrix.exceptions import UnknownFormatError

__all__ = ["CONTEXT_KEYWORD", "extract_matrix"]

#: The keyword whose spec (``(1, "c"), 2``: context first, then the message)
#: Babel applies to what this extractor yields; it is one of Babel's
#: default keywords.
CONTEXT_KEYWORD: Final = "pgettext"

Extracted = tuple[int, str, list[str], list[str]]


def extract_matrix(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],  # noqa: ARG001 -- comments are generated, not tagged
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield the translatable texts of a matrix or overlay file, as Babel expects.

    The file's format comes from its suffix (``.toml``, ``.json``,
    ``.yaml``, ``.yml``) or from the ``format`` option of the mapping. The
    file is read and validated like :func:`~escalation_matrix.load` does.
    An overlay file (one with an ``overlay`` field) gives the texts it
    brings, with the contexts they have in the matrix it makes.

    Args:
        fileobj: The file, open in binary mode.
        keywords: The keywords of the extraction; must include ``pgettext``
            (a default keyword), whose spec carries the context.
        comment_tags: Unused: every message gets a generated comment.
        options: The mapping's options; ``format`` forces a format.

    Yields:
        ``(lineno, funcname, messages, comments)`` for each text: the line
        where the text is written (or 1 if it cannot be found), ``pgettext``,
        ``[context, text]`` and ``[translator comment]``.

    Raises:
        UnknownFormatError: the format is neither given nor known by suffix.
        ValidationError: the file is not a valid matrix.
        ValueError: the ``pgettext`` keyword was removed.

    >>> from io import BytesIO
    >>> from escalation_matrix import default_matrix, dumps
    >>> data = BytesIO(dumps(default_matrix(), "json").encode())
    >>> lineno, keyword, messages, comments = next(
    ...     extract_matrix(data, ["pgettext"], [], {"format": "json"})
    ... )
    >>> lineno, keyword, messages
    (4, 'pgettext', ['matrix:title', 'Example issue escalation matrix template'])
    >>> comments
    ['Title of the matrix, shown above its table.']
    """
    if CONTEXT_KEYWORD not in keywords:
        message = (
            f"extracting matrix texts needs the {CONTEXT_KEYWORD!r} keyword, which "
            "carries their contexts; do not remove the default keywords"
        )
        raise ValueError(message)
    data = fileobj.read()
    fmt = _format(fileobj, options)
    texts: Iterator[MatrixText]
    if _is_overlay(data, fmt):
        texts = overlay_texts(loads(data, fmt, Overlay))
    else:
        texts = matrix_texts(loads(data, fmt))
    lines = _Lines(data.decode("utf-8"), fmt)
    for text in texts:
        lineno = lines.find(text.text)
        yield lineno, CONTEXT_KEYWORD, [text.context, text.text], [text.comment]


def _is_overlay(data: bytes, fmt: Format) -> bool:
    """Whether *data* holds an overlay: an object with an ``overlay`` field."""
    try:
        text = data.decode("utf-8")
        if fmt == "toml":
            payload: object = tomllib.loads(text)
        elif fmt == "json":
            payload = json.loads(text)
        else:
            import yaml  # noqa: PLC0415 -- optional dependency, imported on use

            payload = yaml.safe_load(text)
    except Exception:  # noqa: BLE001 -- the matrix reader then says what is wrong
        return False
    return isinstance(payload, dict) and "overlay" in payload


def _format(fileobj: IO[bytes], options: Mapping[str, Any]) -> Format:
    chosen = options.get("format")
    if chosen is not None:
        if chosen not in FORMATS.values():
            raise UnknownFormatError(str(chosen), sorted(set(FORMATS.values())))
        return chosen  # type: ignore[no-any-return]
    name = str(getattr(fileobj, "name", ""))
    suffix = name[name.rfind(".") :].lower() if "." in name else name
    try:
        return FORMATS[suffix]
    except KeyError:
        raise UnknownFormatError(suffix, sorted(FORMATS)) from None


class _Lines:
    """Finds the line where a text is written, occurrence after occurrence.

    YAML's parser reports where each value starts. Parsers of TOML and JSON
    do not, so there a text is looked for the ways it can be written on one
    line: quoted, escaped as JSON and TOML basic strings escape, or raw
    between single quotes. Repeated texts are matched to their occurrences
    in order. A TOML text split over lines (a multi-line string) is not
    found and gets line 1.
    """

    def __init__(self, source: str, fmt: Format) -> None:
        self._lines = source.splitlines()
        self._next: dict[str, int] = {}
        self._yaml: dict[str, list[int]] | None = None
        if fmt == "yaml":
            self._yaml = {}
            for value, lineno in _yaml_scalars(source):
                self._yaml.setdefault(value, []).append(lineno)

    def find(self, text: str) -> int:
        """Return the line of the next occurrence of *text*, or 1."""
        seen = self._next.get(text, 0)
        self._next[text] = seen + 1
        if self._yaml is not None:
            places = self._yaml.get(text, [])
            return places[seen] if seen < len(places) else 1
        quoted = (
            json.dumps(text),
            json.dumps(text, ensure_ascii=False),
            f"'{text}'",
        )
        count = 0
        for index, line in enumerate(self._lines):
            if any(form in line for form in quoted):
                if count == seen:
                    return index + 1
                count += 1
        return 1


def _yaml_scalars(source: str) -> Iterator[tuple[str, int]]:
    """Yield every scalar value of a YAML document with its line, in order."""
    import yaml  # noqa: PLC0415 -- optional dependency; the file was read already

    stack: list[Any] = [yaml.compose(source, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node.value, node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([part for pair in node.value for part in pair]))
        else:  # a sequence: compose resolves aliases, so there is no fourth kind
            stack.extend(reversed(node.value))
