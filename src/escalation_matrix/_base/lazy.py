"""Modules imported when first used, for the type hints that name their classes.

A field's type hint may name a class that most programs never meet: a
policy's rules, its business calendar. The module defining it is bound,
in the module of the field, to a :class:`LazyModule`, and the hint is
written ``tuple[_rule.Rule, ...]``: :func:`typing.get_type_hints`, cattrs
and :func:`attrs.resolve_types` find the class when they ask for it, and a
program that never does (the command line answering about the built-in
matrix) never loads the module.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["LazyModule"]


class LazyModule:
    """A module imported when one of its attributes is first read.

    Reading an attribute imports the module as an ``import`` statement
    would (once, under the import system's lock, so that threads share one
    module) and returns the module's attribute. Given the *namespace* it is
    bound in (the importing module's ``globals()``), it then gives its
    place there to the module itself, so that the importing module's later
    reads are plain ones. The module must not import, even indirectly, the
    module that binds it: it would be read half made
    (``tests/test_lazy_modules.py`` checks the package's own).

    >>> module = LazyModule("json")
    >>> module
    <module 'json', imported on first use>
    >>> module.dumps([1])
    '[1]'
    >>> namespace = {}
    >>> namespace["codec"] = LazyModule("json", namespace)
    >>> namespace["codec"].loads("2"), namespace["codec"]
    (2, <module 'json' from '...'>)
    """

    __slots__ = ("_module", "_name", "_namespace")

    def __init__(self, name: str, namespace: dict[str, Any] | None = None) -> None:
        self._name = name
        self._namespace = namespace
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") or attribute in LazyModule.__slots__:
            # What copy, pickle and introspection look for on the proxy
            # itself (and its slots, unset in a copy), not the module's.
            raise AttributeError(attribute)
        module = self._module
        if module is None or sys.modules.get(self._name) is not module:
            # Threads that get here together import it once, and keep the
            # same module: the import system holds its lock.
            module = self._module = import_module(self._name)
            if self._namespace is not None:
                for name, value in list(self._namespace.items()):
                    if value is self:
                        self._namespace[name] = module
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"
