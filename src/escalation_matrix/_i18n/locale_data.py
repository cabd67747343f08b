"""Babel's CLDR data that the library formats with, kept for the built-in languages.

Babel's first date or duration written in a language reads all of that
language's CLDR data, its root's and a table of every locale's parent, and
merges them: about ten milliseconds, more than anything else a short
command such as ``escalation-matrix route`` does. The library reads only a
few parts of it (patterns of dates, times, lists and units, and the plural
rule), so the build hook (``hatch_build.py``) keeps those parts, read
through Babel and with Babel's aliases resolved, for the built-in languages
and the territories most often named with them, in ``locale/cldr.pickle``:
in the wheel, or beside the catalogs for an editable install (git-ignored).

:func:`prepared` gives, for a locale of the file, a :class:`babel.Locale`
whose data comes from it; Babel's own functions format with it as with any
locale, and any part of the data the file does not hold is read from
Babel's files when first asked for, so nothing but the time of the first
call depends on what was kept. The file is used only while the Babel that
runs is the one that made it and its checksum holds; otherwise every
locale is Babel's own.
"""

from __future__ import annotations

import os
import pickle
from functools import cache
from typing import TYPE_CHECKING, Any, Final

import babel
from babel import localedata

from escalation_matrix._base.sealed import read_sealed, write_sealed

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "KEYS",
    "PARTLY",
    "PREPARED",
    "SNAPSHOT",
    "prepared",
    "read_snapshot",
    "write_snapshot",
]

#: The file the build writes, beside the built-in catalogs.
SNAPSHOT: Final = os.path.join(os.path.dirname(__file__), "locale", "cldr.pickle")  # noqa: PTH118, PTH120 -- pathlib would add to import time
#: The locales it holds: the built-in languages, and the territories a
#: reader's environment most often names with them (``LANG=en_US.UTF-8``).
PREPARED: Final = ("en", "en_US", "it", "it_IT")
#: The parts of each locale's data it holds: those the library's dates,
#: times, durations and lists read, but the names of time zones, which
#: only the long and full times read.
KEYS: Final = (
    "character_order",
    "date_formats",
    "datetime_formats",
    "day_periods",
    "days",
    "decimal_formats",
    "list_patterns",
    "months",
    "number_symbols",
    "plural_form",
    "time_formats",
    "unit_display_names",
    "unit_patterns",
)
#: Of those parts, the ones kept in part, each with the prefix of what is
#: kept: the names and patterns of the units of durations, the only units
#: the library writes (the others, nine tenths of the file and of the time
#: reading it, are read from Babel's files if asked for).
PARTLY: Final = {
    "unit_display_names": "duration-",
    "unit_patterns": "duration-",
}
# The file is sealed (see escalation_matrix._base.sealed) with this magic
# number: a pickle of the Babel version that made it, and of each locale's
# data, pickled on its own so that only the locales asked for are read.
_MAGIC: Final = b"EMC\x01"


class _Kept(dict[str | int | None, Any]):
    """A locale's kept data, or a part of it kept in part (see :data:`PARTLY`).

    What it does not hold is read from Babel's files. Listed, counted,
    searched or copied, it is the whole of Babel's data (or of the part at
    *path* in it), as Babel's own mapping is.
    """

    def __init__(
        self,
        data: Mapping[str | int | None, Any],
        identifier: str,
        path: tuple[str, ...] = (),
    ) -> None:
        super().__init__(data)
        self.identifier = identifier
        self.path = path

    def _whole(self) -> Mapping[Any, Any]:
        whole: Mapping[Any, Any] = localedata.load(self.identifier)
        for key in self.path:
            whole = whole[key]
        return whole

    def __missing__(self, key: str | int | None) -> Any:
        return self._whole()[key]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._whole()

    def get(self, key: str | int | None, default: Any = None) -> Any:
        """Return the value of *key*, read from Babel's files if not kept."""
        try:
            return self[key]
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str | int | None]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def copy(self) -> _Kept:
        """Return a copy, which reads what it does not hold as this one does."""
        return _Kept(self, self.identifier, self.path)


class _PreparedLocale(babel.Locale):
    """A :class:`babel.Locale` whose data is first looked up in the kept file.

    The file is read when the data is first asked for: a program that only
    names a locale (to choose its catalogs) reads nothing.
    """

    # Babel's own signature: its class methods (parse, default) make
    # locales of the class they are called on.
    def __init__(
        self,
        language: str,
        territory: str | None = None,
        script: str | None = None,
        variant: str | None = None,
        modifier: str | None = None,
    ) -> None:
        super().__init__(language, territory, script, variant, modifier)
        self._kept: localedata.LocaleDataDict | None = None

    @property
    def _data(self) -> localedata.LocaleDataDict:
        if self._kept is None:
            identifier = str(self)
            data = _kept_data(identifier)
            if data is None:
                self._kept = super()._data
            else:
                parts = {
                    key: _Kept(value, identifier, (key,)) if key in PARTLY else value
                    for key, value in data.items()
                }
                self._kept = localedata.LocaleDataDict(_Kept(parts, identifier))
        return self._kept


def prepared(locale: babel.Locale, /) -> babel.Locale:
    """Return *locale*, to read its data from the kept file if that holds it.

    Called once for each identifier: :func:`.locales.parse_locale` keeps
    what it returns.
    """
    if str(locale) not in PREPARED or locale.modifier:
        return locale
    return _PreparedLocale(
        locale.language, locale.territory, locale.script, locale.variant
    )


@cache
def _kept_data(identifier: str) -> dict[str | int | None, Any] | None:
    """Return the data kept for *identifier*; None if the file cannot be used."""
    try:
        for name, pickled in read_snapshot(SNAPSHOT) or ():
            if name == identifier:
                # The package's own file, checked whole (see read_snapshot).
                data = pickle.loads(pickled)  # noqa: S301
                break
        else:
            return None
    # A file of another layout under the same magic number, or Babel's
    # classes changed: Babel's files are read instead.
    except Exception:  # noqa: BLE001
        return None
    if type(data) is not dict or not all(type(key) is str for key in data):
        return None
    return data


@cache
def read_snapshot(path: str, /) -> tuple[tuple[str, bytes], ...] | None:
    """Return the locales kept in *path*, each pickled; None if it cannot be used.

    It cannot be used when the file is missing, unreadable or damaged, or
    was made by another version of Babel.
    """
    rest = read_sealed(path, _MAGIC)
    if rest is None:
        return None
    try:
        # The package's own file, written by its build and checked whole by
        # read_sealed; it holds only strings, bytes and tuples.
        version, kept = pickle.loads(rest)  # noqa: S301
        pairs = tuple(kept)
        shaped = all(
            type(name) is str and type(pickled) is bytes for name, pickled in pairs
        )
    except Exception:  # noqa: BLE001 -- unusable: Babel's files are read instead
        return None
    if version != babel.__version__ or not shaped:
        return None
    return pairs


def _kept(data: localedata.LocaleDataDict, key: str) -> Any:
    """Return what the file keeps of the part *key* of *data*."""
    prefix = PARTLY.get(key)
    if prefix is None:
        return _resolved(data[key])
    return {
        name: _resolved(value)
        for name, value in data[key].items()
        if name.startswith(prefix)
    }


def _resolved(value: Any) -> Any:
    """Return *value* with every alias resolved and every mapping a plain dict."""
    if isinstance(value, localedata.LocaleDataDict):
        return {key: _resolved(value[key]) for key in value}
    return value


def write_snapshot(target: str | os.PathLike[str]) -> None:
    """Write the kept data of every locale of :data:`PREPARED` to *target*.

    The file is written whole under another name, then renamed (see
    :func:`~escalation_matrix._base.sealed.write_sealed`).
    """
    kept = []
    for identifier in PREPARED:
        data = babel.Locale.parse(identifier)._data  # noqa: SLF001 -- what Babel formats with
        part = {key: _kept(data, key) for key in KEYS if key in data}
        kept.append((identifier, pickle.dumps(part, pickle.HIGHEST_PROTOCOL)))
    rest = pickle.dumps((babel.__version__, tuple(kept)), pickle.HIGHEST_PROTOCOL)
    write_sealed(target, _MAGIC, rest)
