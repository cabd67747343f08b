"""An immutable, hashable mapping for frozen value objects."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import TypeVar, final

K = TypeVar("K")
V = TypeVar("V")


@final
class FrozenDict(Mapping[K, V]):
    """A read-only ``dict`` that can be hashed, compared and pickled.

    Frozen attrs classes are hashable only if every field is; a plain ``dict``
    would break that, and a ``MappingProxyType`` cannot be pickled.
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, data: Mapping[K, V] | None = None, /) -> None:
        self._data = dict(data) if data is not None else {}
        self._hash = None

    @classmethod
    def adopt(cls, data: dict[K, V], /) -> FrozenDict[K, V]:
        """Wrap *data* without copying it; the caller must not keep it."""
        frozen: FrozenDict[K, V] = cls.__new__(cls)
        frozen._data = data
        frozen._hash = None
        return frozen

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    # The dict's own views: read-only, and iterated in C.
    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (FrozenDict, (self._data,))
