"""The reader's locale and time zone, as the environment names them."""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Final

from escalation_matrix._i18n.locales import locale_identifier, parse_locale
from escalation_matrix.exceptions import LocaleError

__all__ = [
    "FALLBACK_LOCALE",
    "environment_locale",
    "environment_locales",
    "local_time_zone",
    "zone_name",
]

#: The locale when the environment names none: English, the source language.
FALLBACK_LOCALE: Final = "en"
# The variables that name the locale of messages, in gettext's order of
# precedence (POSIX, "Environment Variables", 8.2; GNU gettext manual,
# "Locale Environment Variables").
_MESSAGES_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")
# Locales that name no language: messages stay untranslated.
_UNTRANSLATED: Final = frozenset({"C", "POSIX"})


# The POSIX locale modifiers that name a script (glibc's sr_RS@latin).
_SCRIPTS: Final = {"latin": "Latn", "cyrillic": "Cyrl"}


def _usable(value: str) -> str | None:
    """Return the identifier of the locale *value* names, or None."""
    candidate, _, modifier = value.partition("@")
    script = _SCRIPTS.get(modifier.lower())
    if script is not None:
        language, _, rest = candidate.partition("_")
        candidate = "_".join(part for part in (language, script, rest) if part)
    # Any other modifier ("it_IT@euro") is dropped, as the encoding is.
    try:
        return locale_identifier(parse_locale(candidate))
    except LocaleError:
        return None


def environment_locales(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Return the locales the environment names for messages, in order.

    As gettext reads them: ``LANGUAGE``'s list (a GNU extension,
    ``fr:it``), then the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``
    that is set and not empty. When that one is ``C`` or ``POSIX`` (with
    or without an encoding), or none is set, messages stay in English, and
    ``LANGUAGE`` is not read. The encoding of a value (``it_IT.UTF-8``) is
    dropped, and so is its ``@modifier`` (``it_IT@euro``) unless it names a
    script (``sr_RS@latin`` is ``sr_Latn_RS``); values that name no known
    locale are passed over. Which of them an output is in is the first one
    a catalog translates to (see
    :func:`~escalation_matrix._i18n.translator.output_locale`).

    Args:
        environ: The environment; None for the process's.

    Returns:
        Locale identifiers, most wanted first; ``("en",)`` when none is
        usable.

    >>> environment_locales({"LANG": "it_IT.UTF-8", "LANGUAGE": "fr:xx:de"})
    ('fr', 'de', 'it_IT')
    >>> environment_locales({"LC_ALL": "C.UTF-8", "LANGUAGE": "it"})
    ('en',)
    """
    env = os.environ if environ is None else environ
    chosen = next((env[name] for name in _MESSAGES_VARIABLES if env.get(name)), "")
    if not chosen or chosen.partition(".")[0] in _UNTRANSLATED:
        return (FALLBACK_LOCALE,)
    preferred = [part for part in env.get("LANGUAGE", "").split(":") if part]
    usable = (_usable(value) for value in (*preferred, chosen))
    found = tuple(dict.fromkeys(item for item in usable if item is not None))
    return found or (FALLBACK_LOCALE,)


def environment_locale(environ: Mapping[str, str] | None = None) -> str:
    """Return the first locale the environment names for messages, or English.

    The first of :func:`environment_locales`, whether or not a catalog
    translates to it.

    Args:
        environ: The environment; None for the process's.

    Returns:
        A locale identifier (``"it_IT"``), ``"en"`` when none is usable.

    >>> environment_locale({"LANG": "it_IT.UTF-8"})
    'it_IT'
    >>> environment_locale({"LC_ALL": "C.UTF-8", "LANGUAGE": "it"})
    'en'
    >>> environment_locale({"LANG": "it_IT.UTF-8", "LANGUAGE": "xx:de:it"})
    'de'
    >>> environment_locale({"LANG": "tlh_QO"})
    'en'
    """
    return environment_locales(environ)[0]


def local_time_zone() -> tzinfo:
    """Return the machine's time zone: ``TZ``, else the system's setting.

    An IANA zone when one can be found (so that times across a daylight
    saving change show right); else the current offset from UTC.
    """
    try:
        # Imported here: only commands that show times need the zone, and
        # the help starts sooner without loading the zone database's
        # modules. Babel's fails to load, as get_localzone() fails, on a TZ
        # naming a file that is no time zone.
        import babel.localtime  # noqa: PLC0415

        return _keyed(babel.localtime.get_localzone())
    except (LookupError, ValueError, OSError):
        pass
    # The system's offset now, as the C library reads TZ, named after it
    # ("UTC-05:00"): the library's abbreviation may mislead (TZ=UTC+5 is
    # five hours behind UTC, and its abbreviation is "UTC").
    found = datetime.now(UTC).astimezone().tzinfo
    offset = None if found is None else found.utcoffset(None)
    return UTC if offset is None else timezone(offset)


def _keyed(zone: tzinfo) -> tzinfo:
    """Return *zone*, named, if ``TZ`` names the file it was read from.

    A zone read from a file (``TZ=/usr/share/zoneinfo/Asia/Tokyo``, or a
    link to one such as ``TZ=:/etc/localtime``) has no key to be named by:
    the file's place in a directory of :data:`zoneinfo.TZPATH` gives it,
    links followed; a file elsewhere is named by its path.
    """
    from zoneinfo import TZPATH, ZoneInfo  # noqa: PLC0415 -- as in local_time_zone

    path = os.environ.get("TZ", "").removeprefix(":")
    if not isinstance(zone, ZoneInfo) or zone.key is not None or not path:
        return zone
    for given, root in itertools.product((path, os.path.realpath(path)), TZPATH):
        for place in (root, os.path.realpath(root)):
            if given.startswith(place.rstrip(os.sep) + os.sep):
                try:
                    return ZoneInfo(os.path.relpath(given, place))
                except (LookupError, ValueError, OSError):
                    continue  # not a zone of the database
    try:
        with open(path, "rb") as file:  # noqa: PTH123 -- os paths here
            # Named by where it is: a relative TZ names a file, not a zone.
            return ZoneInfo.from_file(file, key=os.path.abspath(path))  # noqa: PTH100
    except (OSError, ValueError):
        return zone


def zone_name(zone: tzinfo) -> str:
    """Return how a person names *zone*: its IANA key, else its name.

    A zone without either (read from a file outside the zone database) is
    named after its offset from UTC now, as ``UTC+09:00``.
    """
    from zoneinfo import ZoneInfo  # noqa: PLC0415 -- as in local_time_zone

    if isinstance(zone, ZoneInfo):
        if zone.key is not None:
            return zone.key
        zone = timezone(datetime.now(zone).utcoffset() or timedelta(0))
    return zone.tzname(None) or str(zone)
