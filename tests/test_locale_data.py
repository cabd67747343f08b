"""The CLDR data kept at build time: the same data and texts as Babel's, read sooner."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import babel
import pytest
from babel import localedata, units

from escalation_matrix._i18n import locale_data, locales
from escalation_matrix._i18n.locale_data import (
    KEYS,
    PARTLY,
    PREPARED,
    SNAPSHOT,
    prepared,
    read_snapshot,
    write_snapshot,
)
from escalation_matrix._i18n.locale_format import (
    _LIST_FALLBACKS,
    DateStyle,
    Length,
    format_date,
    format_datetime,
    format_duration,
    format_list,
    format_moment,
    format_time,
)
from escalation_matrix._i18n.locales import parse_locale


def _plain(value: Any) -> Any:
    """*value* with Babel's lazily resolved mappings made plain dicts.

    Babel's patterns and rules have no equality: each value that is no
    mapping is given pickled.
    """
    if isinstance(value, localedata.LocaleDataDict | dict):
        return {key: _plain(value[key]) for key in value}
    return pickle.dumps(value)


def _clear() -> None:
    locales._parse.cache_clear()
    read_snapshot.cache_clear()
    locale_data._kept_data.cache_clear()


@pytest.fixture
def snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file of kept data written by the running Babel, used in place of the package's."""
    path = tmp_path / "cldr.pickle"
    write_snapshot(path)
    monkeypatch.setattr(locale_data, "SNAPSHOT", str(path))
    _clear()
    yield path
    _clear()


def _babel(identifier: str) -> babel.Locale:
    return babel.Locale.parse(identifier)


@pytest.mark.usefixtures("snapshot")
@pytest.mark.parametrize("identifier", PREPARED)
def test_kept_data_is_babels(identifier: str) -> None:
    """Each part kept is what Babel reads from its own files, aliases resolved."""
    kept = prepared(_babel(identifier))
    assert type(kept) is not babel.Locale
    assert kept == _babel(identifier)
    assert repr(kept) == repr(_babel(identifier))
    found = [key for key in KEYS if key in kept._data]
    assert found == list(KEYS)
    for key in KEYS:
        assert _plain(kept._data[key]) == _plain(_babel(identifier)._data[key]), key


@pytest.mark.usefixtures("snapshot")
def test_a_part_not_kept_is_read_from_babels_files() -> None:
    kept = prepared(_babel("en_US"))
    assert kept.languages["sv"] == "Swedish"
    assert kept.territories["IT"] == "Italy"
    assert kept.currency_symbols["EUR"] == "€"


@pytest.mark.usefixtures("snapshot")
def test_reading_is_left_until_the_data_is_asked_for() -> None:
    """Naming a locale, as choosing catalogs does, reads no data at all."""
    kept = parse_locale("it_IT")
    assert read_snapshot.cache_info().currsize == 0
    assert kept.months["format"]["wide"][3] == "marzo"
    assert read_snapshot.cache_info().currsize == 1


def test_other_locales_are_babels() -> None:
    for identifier in ("de", "it_CH", "en_GB", "sr_Latn"):
        assert type(prepared(_babel(identifier))) is babel.Locale
    with_modifier = babel.Locale("en", modifier="posix")
    assert prepared(with_modifier) is with_modifier


_MOMENTS = [
    datetime(2026, 3, 2, 14, 5, 7, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2027, 7, 4, 0, 0, tzinfo=UTC),
]
_STYLES: tuple[DateStyle, ...] = ("short", "medium", "long", "full")
_LENGTHS: tuple[Length, ...] = ("long", "short", "narrow")
_DURATIONS = [
    timedelta(0),
    timedelta(seconds=1),
    timedelta(hours=1, minutes=30),
    timedelta(days=2, hours=1, minutes=3, seconds=4),
    timedelta(days=1),
]


def _texts(locale: babel.Locale) -> list[str]:
    """What the library writes in *locale*: dates, times, durations, lists."""
    texts = []
    for moment in _MOMENTS:
        for zone in ("UTC", "Europe/Rome", "America/New_York"):
            texts.append(format_moment(moment, locale, zone))
            for style in _STYLES:
                texts.append(format_datetime(moment, locale, zone, format=style))
                texts.append(format_time(moment, locale, zone, format=style))
        texts.append(format_date(date(moment.year, moment.month, 1), locale))
        texts.extend(format_date(moment.date(), locale, format=s) for s in _STYLES)
    texts.extend(
        format_duration(duration, locale, length=length)
        for duration in _DURATIONS
        for length in _LENGTHS
    )
    texts.extend(
        format_list(["L1", "L2", "L3"][:count], locale, style=kind)  # type: ignore[arg-type]
        for kind in _LIST_FALLBACKS
        for count in range(4)
    )
    return texts


@pytest.mark.usefixtures("snapshot")
@pytest.mark.parametrize("identifier", PREPARED)
def test_texts_are_babels(identifier: str) -> None:
    """Every date, time, duration and list reads as with Babel's own locale."""
    assert _texts(prepared(_babel(identifier))) == _texts(_babel(identifier))


@pytest.mark.usefixtures("snapshot")
def test_what_the_library_writes_needs_only_the_kept_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Writing dates, times, durations and lists reads none of Babel's files."""
    asked: list[object] = []
    real = locale_data._Kept._whole

    def whole(self: Any) -> Any:
        asked.append(self.path)
        return real(self)

    monkeypatch.setattr(locale_data._Kept, "_whole", whole)
    for identifier in PREPARED:
        locale = prepared(_babel(identifier))
        format_moment(_MOMENTS[0], locale, "Europe/Rome")
        for style in ("short", "medium"):
            format_datetime(_MOMENTS[0], locale, "UTC", format=style)
            format_time(_MOMENTS[0], locale, "UTC", format=style)
        for style in _STYLES:
            format_date(_MOMENTS[0].date(), locale, format=style)
        for length in _LENGTHS:
            format_duration(_DURATIONS[3], locale, length=length)
        for style in _LIST_FALLBACKS:
            format_list(["a", "b", "c"], locale, style=style)  # type: ignore[arg-type]
    assert asked == []
    assert prepared(_babel("en")).languages["sv"] == "Swedish"
    assert asked == [()]


@pytest.mark.usefixtures("snapshot")
@pytest.mark.parametrize("identifier", PREPARED)
def test_units_of_durations_only_are_kept(identifier: str) -> None:
    """The file keeps the units of durations; the others are Babel's, when asked."""
    pairs = dict(read_snapshot(locale_data.SNAPSHOT) or ())
    data = pickle.loads(pairs[identifier])  # noqa: S301 -- written by the fixture
    for key, prefix in PARTLY.items():
        assert data[key]
        assert all(name.startswith(prefix) for name in data[key])
    kept, theirs = prepared(_babel(identifier)), _babel(identifier)
    for unit in ("length-meter", "meter", "duration-hour", "hour", "month"):
        for length in _LENGTHS:
            mine = units.format_unit(3, unit, length, locale=kept)
            assert mine == units.format_unit(3, unit, length, locale=theirs)
        assert units.get_unit_name(unit, locale=kept) == units.get_unit_name(
            unit, locale=theirs
        )
    patterns = kept._data["unit_patterns"]
    assert "length-meter" in patterns
    assert patterns.get("length-meter") == theirs._data["unit_patterns"]["length-meter"]
    assert patterns.get("no-such-unit", "none") == "none"
    assert len(patterns) == len(theirs._data["unit_patterns"])
    assert _plain(patterns.copy()) == _plain(theirs._data["unit_patterns"])
    with pytest.raises(units.UnknownUnitError):
        units.format_unit(3, "no-such-unit", locale=kept)


def _write(path: Path, rest: bytes, magic: bytes = b"EMC\x01") -> None:
    path.write_bytes(magic + zlib.crc32(rest).to_bytes(4, "big") + rest)


def _unusable(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    good = tmp_path / "good.pickle"
    write_snapshot(good)
    data = good.read_bytes()
    rest = data[8:]
    path = tmp_path / "missing.pickle"
    yield "missing", path
    path = tmp_path / "short.pickle"
    path.write_bytes(data[:6])
    yield "cut short", path
    path = tmp_path / "damaged.pickle"
    # Inside a text, where unpickling alone would not notice.
    assert data.count(b"marzo") == 2
    path.write_bytes(data.replace(b"marzo", b"marzp"))
    yield "damaged", path
    path = tmp_path / "magic.pickle"
    _write(path, rest, magic=b"EMC\x02")
    yield "another layout", path
    path = tmp_path / "version.pickle"
    _, kept = pickle.loads(rest)  # noqa: S301 -- written just above
    _write(path, pickle.dumps(("0.1", kept)))
    yield "another Babel", path
    path = tmp_path / "shape.pickle"
    _write(path, pickle.dumps(["not", "a", "pair"]))
    yield "another shape", path
    path = tmp_path / "inner.pickle"
    broken = tuple((name, b"\x80\x05garbage") for name, _ in kept)
    _write(path, pickle.dumps((babel.__version__, broken)))
    yield "a locale's data damaged", path
    shapes: list[tuple[str, object]] = [
        ("not pairs", (1, 2)),
        ("not a list", 5),
        ("a list of numbers", (("it", pickle.dumps([1, 2, 3])),)),
        ("keys of another kind", (("it", pickle.dumps({1: "x"})),)),
        ("a name of another kind", ((b"it", pickle.dumps({})),)),
    ]
    for why, inner in shapes:
        path = tmp_path / f"{why}.pickle"
        _write(path, pickle.dumps((babel.__version__, inner)))
        yield f"another layout: {why}", path


def test_an_unusable_file_leaves_babel_to_read_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any file that cannot be used is passed over: Babel reads its own data."""
    expected = _texts(_babel("it"))
    for why, path in _unusable(tmp_path):
        monkeypatch.setattr(locale_data, "SNAPSHOT", str(path))
        _clear()
        assert _texts(prepared(_babel("it"))) == expected, why
        assert locale_data._kept_data("it") is None, why
        monkeypatch.undo()
    _clear()


def test_the_installed_file_is_this_babels_or_unused() -> None:
    """The package's file holds the kept locales, unless another Babel made it.

    An editable install keeps the file of the Babel of its build, which may
    not be the one that runs (the tests at the lowest versions): then it is
    not used, as an unusable file is not.
    """
    with Path(SNAPSHOT).open("rb") as handle:
        version, kept = pickle.loads(handle.read()[8:])  # noqa: S301 -- the package's
    assert [name for name, _ in kept] == list(PREPARED)
    assert (read_snapshot(SNAPSHOT) is not None) is (version == babel.__version__)


def test_every_built_in_language_is_kept() -> None:
    """A built-in language (a directory of catalogs) has its data kept."""
    locale_dir = Path(SNAPSHOT).parent
    languages = sorted(path.name for path in locale_dir.iterdir() if path.is_dir())
    assert languages == ["en", "it"]
    assert set(languages) <= set(PREPARED)


@pytest.mark.usefixtures("snapshot")
def test_babels_class_methods_make_locales() -> None:
    """Babel's class methods, called on a kept locale, work as on Babel's."""
    kept = parse_locale("en")
    assert kept.parse("fr") == babel.Locale.parse("fr")
    assert type(kept).parse("de-DE", sep="-") == babel.Locale("de", "DE")
    assert kept.parse("fr").months["format"]["wide"][3] == "mars"


@pytest.mark.usefixtures("snapshot")
def test_the_data_lists_and_copies_as_babels() -> None:
    """Listed, counted or copied, a kept locale's data is all of Babel's."""
    kept = parse_locale("it")._data
    theirs = babel.Locale.parse("it")._data
    assert sorted(kept, key=str) == sorted(theirs, key=str)
    assert len(kept) == len(theirs)
    assert kept.copy()["languages"]["sv"] == theirs["languages"]["sv"]
