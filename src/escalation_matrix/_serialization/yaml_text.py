"""YAML text through PyYAML: its C classes when present, its pure-Python ones otherwise.

Both read with the same rules: a key given twice is refused, dates stay
text, and the nesting, the values (aliases expanded) and the integers'
digits are bounded by the limits. The C reader is a faster way to the same
data, nothing more: a text it refuses, or finds past a limit, or holds
anything but plain mappings, lists and scalars, is read again by the
pure-Python reader, whose errors (with their lines) are the ones reported.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from functools import cache
from typing import TYPE_CHECKING, Any

from escalation_matrix._base.shown import shown
from escalation_matrix._serialization.limits import (
    DEFAULT_LIMITS,
    NESTED_TOO_DEEPLY,
    Limits,
    TooManyDigits,
    UnfitTag,
    UnheldNumber,
    unheld_number,
)
from escalation_matrix.exceptions import OptionalDependencyError, Phrase

__all__ = ["YamlLimitError", "read_yaml", "write_yaml", "yaml_module"]

#: The oldest libyaml that bounds the nesting it parses (1,000 levels) on
#: its own; an older one recurses without a bound, so it is not used.
_NESTING_BOUNDED = (0, 2, 6)


def yaml_module() -> Any:
    """Return PyYAML's module.

    Raises:
        OptionalDependencyError: PyYAML is not installed.
    """
    try:
        import yaml  # noqa: PLC0415 -- optional dependency, imported on use
    except ImportError:
        raise OptionalDependencyError("YAML support", "yaml") from None
    return yaml


# YAML 1.1 reads NEL (U+0085) as a line break, and PyYAML writes it raw in
# plain and single-quoted scalars; such strings are written double-quoted,
# where it is escaped, so that every text survives the round trip.
_YAML_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: Any, data: str) -> Any:
    style = '"' if _YAML_BREAKS.intersection(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_own_str(dumper: Any, data: str) -> Any:
    # A subclass of str (an enumeration's member, a user's own text): its
    # plain text, as JSON and TOML write it.
    return _represent_str(dumper, str.__str__(data))


def _represent_own_int(dumper: Any, data: int) -> Any:
    # A subclass of int (an IntEnum's member): its plain value; bool, which
    # cannot be subclassed, keeps its own representer.
    return dumper.represent_int(int.__int__(data))


def _represent_own_float(dumper: Any, data: float) -> Any:
    return dumper.represent_float(float.__float__(data))


@cache
def _dumper(*, native: bool) -> Any:
    """PyYAML's safe dumper (its C one if *native*), writing texts safely.

    PyYAML's safe representers take str, int and float themselves, not
    their subclasses, which the library accepts where it takes a text or
    a number: those are written as their plain values, as JSON and TOML
    write them. Exact types are looked up first: plain values never
    reach these.
    """
    yaml = yaml_module()
    base = yaml.CSafeDumper if native else yaml.SafeDumper

    class Dumper(base):  # type: ignore[misc,valid-type]
        pass

    Dumper.add_representer(str, _represent_str)
    Dumper.add_multi_representer(str, _represent_own_str)
    Dumper.add_multi_representer(int, _represent_own_int)
    Dumper.add_multi_representer(float, _represent_own_float)
    return Dumper


def write_yaml(data: object, *, native: bool | None = None) -> str:
    """Return plain *data* as YAML text, in block style, keys in their order.

    Args:
        data: What to write: dicts, lists, strings, numbers, booleans, None.
        native: Whether to write with PyYAML's C classes; None to use them
            when they are present. Both write the same text: where
            libyaml would write it otherwise, PyYAML's own writer does.

    Raises:
        OptionalDependencyError: PyYAML is not installed.
    """
    yaml = yaml_module()
    if native is None:
        native = _native_available()
    text: str = yaml.dump(
        data,
        Dumper=_dumper(native=native),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )
    if native and ("\\U" in text or _EXPLICIT_KEY.search(text)):
        # libyaml escapes characters beyond U+FFFF, which PyYAML writes as
        # they are, and writes some keys (with a line break, or empty) in
        # another form: the same data, but not the same text.
        return write_yaml(data, native=False)
    return text


#: A key libyaml writes in the form PyYAML does not: "? key" where PyYAML
#: writes "key:", or an empty key where PyYAML writes "? ''".
_EXPLICIT_KEY = re.compile(r"^[ -]*(?:\? |'':)", re.MULTILINE)


class YamlLimitError(Exception):
    """A YAML document goes past a limit while it is composed.

    Attributes:
        what: What goes past it.
        limit: The name of the limit, as :class:`Limits` has it.
        maximum: The limit's value.
        line: The line (from 1) where the document went past it.
    """

    def __init__(self, what: Phrase, limit: str, maximum: int, mark: Any) -> None:
        self.what = what
        self.limit = limit
        self.maximum = maximum
        self.line = mark.line + 1
        super().__init__(str(what))


def read_yaml(
    text: str,
    limits: Limits,
    *,
    native: bool | None = None,
    unheld: list[UnheldNumber | UnfitTag] | None = None,
) -> object:
    """Return the plain data of the YAML document *text*, read within *limits*.

    Args:
        text: The document.
        limits: The bounds on its nesting, values and integers.
        native: Whether to try PyYAML's C classes first; None to try them
            when they are present. The result, and any error, is the same.
        unheld: Where a float no float holds (``1.0e+400``, ``1.0e-400``)
            is noted; such a value is an :class:`UnheldNumber` in the data.
            So is a value its explicit tag does not fit (``!!int 1.5``),
            an :class:`UnfitTag` in the data.

    Raises:
        YamlLimitError: the document goes past a limit while it is composed.
        yaml.YAMLError: the document is not valid YAML, gives a key twice,
            or repeats a value inside itself; the error says where.
        OptionalDependencyError: PyYAML is not installed.
    """
    yaml_module()
    if native is None:
        native = _native_available()
    if unheld is None:
        unheld = []
    if native and _native_may_read(text, limits):
        found = _read_native(text, limits, unheld)
        if found is not _DOUBT:
            return found
    loader = _strict_loader()(text)
    loader.limits = limits
    loader.unheld = unheld
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _native_may_read(text: str, limits: Limits) -> bool:
    """Tell whether libyaml reads *text* as PyYAML's own reader would.

    The two parsers part in a few corners, none of them common in a matrix
    file, and such texts are left to the pure-Python reader: a depth limit
    of 1,000 or more (libyaml stops there), tags and directives (a lone
    ``!`` is an empty string to libyaml, null to PyYAML), tabs and byte
    order marks (which libyaml skips in places where PyYAML refuses them),
    a comment right after a block scalar's ``|`` or ``>``, and a ``?``
    where flow collections may be (PyYAML ends a plain scalar there). The
    fuzz tests compare the two readers on arbitrary texts.
    """
    if limits.max_depth >= _C_NESTING or "\t" in text or "\ufeff" in text:
        return False
    if _may_hold_tag(text):
        return False
    # The search only after a quick look for its last character.
    if "#" in text and _BLOCK_COMMENT.search(text):
        return False
    return not ("?" in text and ("[" in text or "{" in text))


@cache
def _native_available() -> bool:
    """Tell whether PyYAML's C classes are there, on a libyaml that bounds nesting."""
    yaml = yaml_module()
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    try:
        from yaml import _yaml  # noqa: PLC0415 -- PyYAML's C extension
    except ImportError:  # pragma: no cover -- __with_libyaml__ says it is there
        return False
    version: tuple[int, ...] = _yaml.get_version()
    return version >= _NESTING_BOUNDED


#: The nesting libyaml refuses to go past; documents allowed to nest as
#: deep are read by the pure-Python reader only.
_C_NESTING = 1000
#: A block scalar's header followed by a comment without a space, which
#: libyaml reads and PyYAML refuses.
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]*#")
#: What may come right before a tag (``!``, ``!!str``) or a directive
#: (``%TAG``), besides white space and the start of the text; a ``!`` inside
#: a word (``now!``) starts no tag.
_BEFORE_TAG = frozenset("[]{},:?-")


def _may_hold_tag(text: str) -> bool:
    """Tell whether *text* may hold a tag or a directive (a quick look, no regex)."""
    for mark in "!%":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1 : at]
            if not before or before.isspace() or before in _BEFORE_TAG:
                return True
            at = text.find(mark, at + 1)
    return False


# ---------------------------------------------------------------- the C path

_DOUBT = object()
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The other scalars the safe constructor builds as the strict loader does;
# any other tag (binary, set, omap, merge keys...) is left to that loader.
_SCALARS = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
)


def _read_native(
    text: str, limits: Limits, unheld: list[UnheldNumber | UnfitTag] | None = None
) -> object:
    """Read *text* with libyaml, or return :data:`_DOUBT` to read it the exact way."""
    yaml = yaml_module()
    try:
        loader = _native_loader()(text)
    except UnicodeEncodeError:
        # A lone surrogate, which libyaml cannot be given as UTF-8: the
        # pure-Python reader says where it is.
        return _DOUBT
    loader.limits = limits
    loader.unheld = [] if unheld is None else unheld
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _Build(loader, limits).data(node)
    except (yaml.YAMLError, _Doubt, RecursionError, ValueError):
        return _DOUBT
    finally:
        loader.dispose()


class _Doubt(Exception):  # noqa: N818 -- a signal to read again, not an error
    """The document holds what the fast build leaves to the exact reader."""


class _Build:
    """Builds plain data from a composed document, checking what composing did not.

    libyaml composes the document without the limits the pure-Python
    reader applies as it goes; they are checked here, over the composed
    nodes in document order: the nesting, the values with every alias
    counted as many times as the values it repeats, and an alias inside
    the value it names. Anything past a limit, a key given twice, an
    unhashable key or an unusual tag raises :class:`_Doubt`. Each node is
    built once: aliases share the value, as PyYAML's constructor does.
    """

    def __init__(self, loader: Any, limits: Limits) -> None:
        self.loader = loader
        self.limits = limits

    def data(self, root: Any) -> object:
        """Return the data of the document whose top node is *root*."""
        yaml = yaml_module()
        scalar_node, mapping_node = yaml.ScalarNode, yaml.MappingNode
        scalar = self._scalar
        max_depth = self.limits.max_depth
        # id(node) -> value, and how many values it holds, for a mapping or a
        # sequence (a scalar holds 1): two mappings rather than a pair per
        # node, so that building a large document makes no object per value
        # for the garbage collector to go over. A node is in "opened" while
        # its children are built, so meeting it again then means a cycle.
        values: dict[int, object] = {}
        sizes: dict[int, int] = {}
        opened: set[int] = set()
        # (node, depth, children still to visit, or None before the first
        # visit); children are reversed so that the first is visited first:
        # each node is met first where it is written (an anchor before its
        # aliases), at the depth the exact reader checks it.
        stack: list[tuple[Any, int, list[Any] | None]] = [(root, 1, None)]
        while stack:
            node, depth, children = stack[-1]
            if children is None:
                key = id(node)
                if key in values:
                    stack.pop()
                    continue
                if type(node) is scalar_node:
                    values[key] = scalar(node)
                    stack.pop()
                    continue
                if key in opened or depth > max_depth:
                    raise _Doubt
                opened.add(key)
                children = _children(node)
                children.reverse()
                stack[-1] = (node, depth, children)
            if children:
                stack.append((children.pop(), depth + 1, None))
                continue
            stack.pop()
            key = id(node)
            opened.discard(key)
            if type(node) is mapping_node:
                values[key], sizes[key] = self._mapping(node, values, sizes)
            else:
                values[key], sizes[key] = self._sequence(node, values, sizes)
        if sizes.get(id(root), 1) > self.limits.max_yaml_nodes:
            raise _Doubt
        return values[id(root)]

    @staticmethod
    def _mapping(
        node: Any, values: dict[int, object], sizes: dict[int, int]
    ) -> tuple[object, int]:
        if node.tag != _MAP:
            raise _Doubt
        data: dict[Any, Any] = {}
        size = 1
        for key_node, value_node in node.value:
            key = values[id(key_node)]
            try:
                repeated = key in data
            except TypeError:  # a list or a mapping as a key
                raise _Doubt from None
            if repeated:
                raise _Doubt
            data[key] = values[id(value_node)]
            size += sizes.get(id(key_node), 1) + sizes.get(id(value_node), 1)
        return data, size

    @staticmethod
    def _sequence(
        node: Any, values: dict[int, object], sizes: dict[int, int]
    ) -> tuple[object, int]:
        if node.tag != _SEQ:
            raise _Doubt
        items = node.value
        size = 1 + sum(sizes.get(id(item), 1) for item in items)
        return [values[id(item)] for item in items], size

    def _scalar(self, node: Any) -> object:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag not in _SCALARS:
            raise _Doubt
        constructor = self.loader.yaml_constructors[tag]
        return constructor(self.loader, node)


def _children(node: Any) -> list[Any]:
    """The nodes directly inside a mapping's or a sequence's *node*, in a new list."""
    value = node.value
    if value and type(value[0]) is tuple:
        return [item for pair in value for item in pair]
    return list(value)


# ------------------------------------------------------- the pure-Python path


if TYPE_CHECKING:
    from yaml import SafeLoader as _LoaderBase
else:
    _LoaderBase = object


class _Bounded(_LoaderBase):
    """What the strict YAML loader adds to PyYAML's: counts, and stops at the limits."""

    limits: Limits = DEFAULT_LIMITS
    #: The floats no float holds, marked in the data (set by read_yaml).
    unheld: list[UnheldNumber | UnfitTag]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.count = 0
        # Values held by each anchored node, once composed.
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        yaml = yaml_module()
        if isinstance(event, yaml.AliasEvent):
            node = self.anchors.get(event.anchor)
            if node is not None:
                self._count(self._size(node, event), event)
            return super().compose_node(parent, index)
        if isinstance(event, yaml.ScalarEvent):
            # A scalar nests nothing: max_depth bounds lists and mappings, as
            # the C path and the JSON and TOML checks count them.
            self._count(1, event)
            node = super().compose_node(parent, index)
            if event.anchor is not None:
                self.sizes[id(node)] = 1
            return node
        self.depth += 1
        if self.depth > self.limits.max_depth:
            maximum = self.limits.max_depth
            raise YamlLimitError(
                NESTED_TOO_DEEPLY, "max_depth", maximum, event.start_mark
            )
        before = self.count
        self._count(1, event)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if event.anchor is not None:
            self.sizes[id(node)] = self.count - before
        return node

    def _size(self, node: Any, event: Any) -> int:
        size = self.sizes.get(id(node))
        if size is None:
            # An alias inside its own anchor: a value that holds itself.
            mark = event.start_mark
            said = Phrase(
                "the alias *{anchor} repeats a value that holds it "
                "(line {line}, column {column})",
                anchor=event.anchor,
                line=str(mark.line + 1),
                column=str(mark.column + 1),
            )
            raise _phrased(yaml_module().composer.ComposerError, said, mark)
        return size

    def _count(self, size: int, event: Any) -> None:
        self.count += size
        if self.count > self.limits.max_yaml_nodes:
            maximum = self.limits.max_yaml_nodes
            what = Phrase("too many values, aliases expanded")
            raise YamlLimitError(what, "max_yaml_nodes", maximum, event.start_mark)


def _marked(value: object) -> bool:
    """Tell whether *value* stands for a scalar refused after parsing."""
    return isinstance(value, UnheldNumber | UnfitTag)


def _phrased(error: Any, phrase: Phrase, mark: Any) -> Any:
    """Return the PyYAML *error* at *mark* that says *phrase*.

    Its text is PyYAML's, with the line shown; *phrase* is what a problem
    made from it says, in the output's language.
    """
    made = error(None, None, str(phrase), mark)
    made.phrase = phrase
    return made


def _construct_int(loader: Any, node: Any) -> Any:
    """Read an integer, or mark it when it has too many digits."""
    literal = node.value.replace("_", "").lstrip("+-")
    if len(literal) > loader.limits.max_int_digits:
        return TooManyDigits(len(literal))
    try:
        return loader.construct_yaml_int(node)
    except (ValueError, IndexError):
        return _unfit(loader, node)


_INFINITY = float("inf")


def _construct_float(loader: Any, node: Any) -> Any:
    """Read a float, or mark it when no float holds it (``1.0e+400``)."""
    try:
        value: float = loader.construct_yaml_float(node)
    except (ValueError, IndexError):
        return _unfit(loader, node)
    if 0.0 < abs(value) < _INFINITY:
        return value
    mark = unheld_number(node.value, value)
    if mark is None:
        return value
    loader.unheld.append(mark)
    return mark


def _construct_bool(loader: Any, node: Any) -> Any:
    """Read a boolean, or mark a value ``!!bool`` does not fit (``!!bool maybe``)."""
    try:
        return loader.construct_yaml_bool(node)
    except KeyError:
        return _unfit(loader, node)


_YAML_TAGS = "tag:yaml.org,2002:"


def _unfit(loader: Any, node: Any) -> UnfitTag:
    """Mark the scalar *node*, which its explicit tag does not fit.

    PyYAML's constructors raise ValueError (or IndexError, KeyError) for
    it; the mark is refused with its path after parsing.
    """
    tag: str = node.tag
    if tag.startswith(_YAML_TAGS):
        tag = "!!" + tag.removeprefix(_YAML_TAGS)
    mark = node.start_mark
    found = UnfitTag(node.value, tag, mark.line + 1, mark.column + 1)
    loader.unheld.append(found)
    return found


def _timestamp_text(loader: Any, node: Any) -> str:
    """Keep an explicit ``!!timestamp`` as its text, read as other moments are."""
    text: str = loader.construct_scalar(node)
    return text


def _strict(cls: Any) -> Any:
    """Make *cls*, a loader class of PyYAML's, read as this library does.

    Integers with too many digits are marked, and dates and times stay
    strings, read as JSON's are (PyYAML's own conversion fails near the
    ends of the calendar).
    """
    yaml = yaml_module()
    cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    cls.add_constructor("tag:yaml.org,2002:float", _construct_float)
    cls.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    cls.yaml_implicit_resolvers = {
        first: [
            (tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_text)
    return cls


@cache
def _strict_loader() -> Any:
    """PyYAML's safe loader, refusing a key given twice, and bounded.

    PyYAML keeps the last value of a key given twice without a word, as
    JSON parsers do; TOML refuses it, and so does this loader. It also
    counts the nesting and the values a document holds, each alias as
    many times as the values it repeats, and stops at the limits: a few
    hundred bytes of nested aliases would otherwise expand to billions of
    values.
    """
    yaml = yaml_module()

    class StrictLoader(_Bounded, yaml.SafeLoader):  # type: ignore[misc,name-defined]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: FBT001, FBT002
            seen: set[object] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, Hashable):
                    # PyYAML's own check then refuses a list or a mapping
                    # as a key.
                    continue
                if key in seen:
                    mark = key_node.start_mark
                    said = Phrase(
                        "found the key {key} a second time in the same mapping "
                        "(line {line}, column {column})",
                        # A marked value (a number no float holds), as written.
                        key=key_node.value if _marked(key) else shown(key),
                        line=str(mark.line + 1),
                        column=str(mark.column + 1),
                    )
                    error = yaml.constructor.ConstructorError
                    raise _phrased(error, said, mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return _strict(StrictLoader)


@cache
def _native_loader() -> Any:
    """PyYAML's C safe loader, resolving scalars as the strict loader does."""
    yaml = yaml_module()

    class NativeLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        limits: Limits = DEFAULT_LIMITS
        unheld: list[UnheldNumber | UnfitTag]

    return _strict(NativeLoader)
