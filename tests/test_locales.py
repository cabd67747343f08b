"""Locale identifiers: accepted shapes, refused ones, and fallback chains."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import babel
import pytest

import escalation_matrix as em
from escalation_matrix._i18n.locales import (
    locale_chain,
    locale_identifier,
    parse_locale,
)
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix.exceptions import (
    EscalationMatrixError,
    LocaleError,
    WrongTypeError,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("it", "it"),
        ("IT", "it"),
        ("it_IT", "it_IT"),
        ("it-CH", "it_CH"),
        ("it_ch", "it_CH"),
        ("it_IT.UTF-8", "it_IT"),
        ("it_IT.utf8", "it_IT"),
        ("en_US.ISO-8859-1", "en_US"),
        ("de-AT", "de_AT"),
        ("pt_BR", "pt_BR"),
        ("es_419", "es_419"),
        ("zh-TW", "zh_Hant_TW"),
        ("zh_Hant_TW", "zh_Hant_TW"),
        ("sr-Latn-RS", "sr_Latn_RS"),
        ("ca_ES_VALENCIA", "ca_ES_VALENCIA"),
    ],
)
def test_accepted_identifiers(given: str, expected: str) -> None:
    """Identifiers of every accepted shape name the expected locale."""
    assert expected == locale_identifier(parse_locale(given))


@pytest.mark.parametrize(
    "given",
    [
        "",
        " it",
        "it ",
        "i",
        "italiano",
        "../../etc",
        "it/../../x",
        "it/LC_MESSAGES",
        "..",
        "it\\..\\x",
        "it\x00",
        "it_IT@",
        "sr_RS@lat/in",
        "it_IT.",
        "it_IT.UTF-8/..",
        "it__IT",
        "it_IT_",
        "C",
        "POSIX",
        "C.UTF-8",
        "und",
        "it_" + "x" * 500,
    ],
)
def test_malformed_identifiers(given: str) -> None:
    """A malformed identifier raises LocaleError keeping the identifier."""
    with pytest.raises(LocaleError) as caught:
        parse_locale(given)
    assert given == caught.value.identifier


@pytest.mark.parametrize("given", ["xx", "zz_ZZ", "en_XX", "tlh"])
def test_unknown_locales(given: str) -> None:
    """A well-formed identifier Babel has no data for raises LocaleError."""
    with pytest.raises(LocaleError, match="unknown locale"):
        parse_locale(given)


def test_error_message() -> None:
    """The message says what was expected and what was got."""
    with pytest.raises(LocaleError) as caught:
        parse_locale("../../etc")
    assert str(caught.value) == (
        "Invalid locale '../../etc': expected a locale identifier such as 'it', "
        "'it_IT' or 'it-CH' (an encoding suffix such as '.UTF-8' or a modifier "
        "such as '@euro' is accepted and ignored)"
    )


@pytest.mark.parametrize("given", ["C", "C.UTF-8", "POSIX", "C@euro"])
def test_posix_locales_name_no_language(given: str) -> None:
    """C and POSIX, as LANG holds them in containers, are said to name no language."""
    with pytest.raises(LocaleError) as caught:
        parse_locale(given)
    assert str(caught.value) == (
        f"Invalid locale {given!r}: C and POSIX name no language; for the "
        "environment's locale, treat them as none (English, the source language), "
        "or give a locale identifier such as 'it' or 'it_IT'"
    )


@pytest.mark.parametrize("given", [None, 42, b"it", ["it"]])
def test_not_strings(given: Any) -> None:
    """Only strings and babel.Locale objects are locales."""
    with pytest.raises(
        WrongTypeError, match=r"locale must be a str or a babel\.Locale"
    ):
        parse_locale(given)


def test_locale_error_is_a_value_error() -> None:
    """LocaleError is caught as the library's error and as ValueError."""
    with pytest.raises(ValueError, match="Invalid locale"):
        parse_locale("xx")
    assert issubclass(LocaleError, EscalationMatrixError)


def test_babel_locale_passes_through() -> None:
    """A babel.Locale is used as it is."""
    locale = babel.Locale("it", territory="CH")
    assert parse_locale(locale) is locale


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("it", ("it",)),
        ("it_CH", ("it_CH", "it")),
        ("it-CH", ("it_CH", "it")),
        ("zh_TW", ("zh_Hant_TW", "zh_Hant", "zh_TW", "zh")),
        ("sr_Latn_RS", ("sr_Latn_RS", "sr_Latn", "sr_RS", "sr")),
        ("ca_ES_VALENCIA", ("ca_ES_VALENCIA", "ca_ES", "ca")),
    ],
)
def test_fallback_chains(given: str, expected: tuple[str, ...]) -> None:
    """Catalogs are looked up from the most specific locale to the language."""
    assert expected == locale_chain(parse_locale(given))


class _FileAccessError(AssertionError):
    """Raised by the traps below if anything touches the file system."""


@contextmanager
def no_file_access(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every common way of reaching a file fail the test."""

    def trap(*args: object, **kwargs: object) -> Any:
        raise _FileAccessError(args, kwargs)

    with monkeypatch.context() as patch:
        for name in ("stat", "lstat", "open", "listdir", "scandir", "access"):
            patch.setattr(os, name, trap)
        for name in ("open", "is_file", "is_dir", "exists", "stat"):
            patch.setattr(Path, name, trap)
        patch.setattr(builtins, "open", trap)
        patch.setattr(io, "open", trap)
        patch.setattr(babel.localedata, "exists", trap)
        patch.setattr(babel.localedata, "load", trap)
        yield


@pytest.mark.parametrize(
    "given",
    ["../../etc", "it/../../x", "../it", "it/../../../tmp", "/etc/passwd", ""],
)
def test_path_like_locales_touch_no_file(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    """A path-like locale is refused before any file is looked at."""
    matrix = em.default_matrix()
    with no_file_access(monkeypatch):
        with pytest.raises(LocaleError):
            translator(given, catalogs=["catalogs"])
        with pytest.raises(LocaleError):
            em.translate(matrix, given, catalogs=["catalogs"])


def test_the_traps_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The traps above do catch a catalog being read."""
    matrix = em.default_matrix()
    clear_cache()
    with no_file_access(monkeypatch), pytest.raises(_FileAccessError):
        em.translate(matrix, "it", catalogs=[tmp_path])


def test_traversal_cannot_reach_a_catalog(tmp_path: Path) -> None:
    """A catalog reachable by '..' from a catalog directory is never read."""
    clear_cache()
    trap = tmp_path / "trap" / "LC_MESSAGES"
    trap.mkdir(parents=True)
    (trap / "escalation_matrix.po").write_text(
        'msgctxt "table"\nmsgid "Escalation types"\nmsgstr "GOTCHA"\n', "utf-8"
    )
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    with pytest.raises(LocaleError):
        translator("../trap", catalogs=[catalogs])
