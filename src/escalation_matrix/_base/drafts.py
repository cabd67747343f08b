"""Building frozen objects quickly: fill in a draft, then freeze it.

A frozen attrs class refuses assignment in ``__setattr__``, so its own
``__init__`` sets each field through ``object.__setattr__``, a call per
field. Objects built by the million (issues, decisions) are filled in as
their draft class instead, which has the same slots and plain assignment,
and are then given their frozen class: the same object, field for field.
A draft never leaves the function that fills it in.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DRAFT_CLASSES"]


def _draft_class(cls: type[Any]) -> type[Any]:
    # Both methods, so that Python gives the type the plain attribute slot;
    # with only one of them, every assignment looks the other up.
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
    }
    return type(f"Draft{cls.__name__}", (cls,), namespace)


class _DraftClasses(dict[type[Any], type[Any]]):
    """The draft class of each frozen attrs class, made on first use.

    An object's class can be switched between the two (``obj.__class__ =
    cls`` from the draft side, ``object.__setattr__(obj, "__class__",
    draft)`` from the frozen side): the draft adds no slot, so both have the
    same layout.

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    >>> point = object.__new__(DRAFT_CLASSES[Point])
    >>> point.x = 1
    >>> point.__class__ = Point
    >>> point
    Point(x=1)
    """

    def __missing__(self, cls: type[Any]) -> type[Any]:
        draft = self[cls] = _draft_class(cls)
        return draft


DRAFT_CLASSES: Final = _DraftClasses()
