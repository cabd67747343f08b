"""Catalogs: finding, reading, chaining and caching them; translators."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import escalation_matrix as em
from escalation_matrix._i18n import catalogs as _catalogs
from escalation_matrix._i18n.catalogs import (
    builtin_directory,
    check_domain,
    file_name,
    find_catalog,
    language_packs,
    read_catalog,
)
from escalation_matrix._i18n.translator import N_, clear_cache, pN_, translator
from escalation_matrix._render.labels import ESCALATION_TYPES, OPERATIONAL_ROLE
from escalation_matrix.exceptions import CatalogError, LocaleError, Problem
from tests.catalog_files import catalog_path, write_catalog
from tests.helpers import explain


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Every test reads its catalogs anew, and leaves no cache behind."""
    clear_cache()
    yield
    clear_cache()


def shipped_messages() -> int:
    """The number of messages in the shipped templates, of both domains.

    Plural messages are left out: a translator keeps their forms apart.
    """
    count = 0
    for domain in ("escalation_matrix", "escalation_matrix_messages"):
        template = Path(str(builtin_directory())) / f"{domain}.pot"
        with template.open("rb") as handle:
            count += len([m for m in read_po(handle) if m.id and not m.pluralizable])
    return count


class TestBuiltinCatalogs:
    @pytest.mark.parametrize(
        ("locale", "label", "expected"),
        [
            ("it", ESCALATION_TYPES, "Tipi di escalation"),
            ("it", OPERATIONAL_ROLE, "Ruolo operativo"),
            ("it_IT", ESCALATION_TYPES, "Tipi di escalation"),
            ("it-CH", OPERATIONAL_ROLE, "Ruolo operativo"),
            ("en", ESCALATION_TYPES, "Escalation types"),
            ("en_GB", OPERATIONAL_ROLE, "Operational role"),
            ("de", ESCALATION_TYPES, "Escalation types"),
        ],
    )
    def test_labels(self, locale: str, label: tuple[str, str], expected: str) -> None:
        """The table labels are translated, or fall back to the source text."""
        assert expected == translator(locale).pgettext(*label)

    def test_builtin_catalog_is_real(self) -> None:
        """Italian has a catalog of each domain, with every message.

        English, whose catalog of messages is not read, is checked below.
        """
        found = translator("it")
        assert [Path(source).name for source in found.sources] == [
            "escalation_matrix.mo",
            "escalation_matrix_messages.mo",
        ]
        assert len(found.texts) == shipped_messages()

    def test_one_domain(self) -> None:
        """A translator of one domain reads that domain's catalogs only."""
        matrix = translator("it", domain="escalation_matrix")
        messages = translator("it", domain="escalation_matrix_messages")
        assert matrix.pgettext(*ESCALATION_TYPES) == "Escalation types"
        assert messages.pgettext(*ESCALATION_TYPES) == "Tipi di escalation"
        title = ("matrix:title", "Example issue escalation matrix template")
        assert matrix.pgettext(*title) != title[1]
        assert messages.pgettext(*title) == title[1]

    def test_no_locale_gives_source_texts(self) -> None:
        """Without a locale nothing is read and every text is the source."""
        source = translator()
        assert (source.sources, len(source.texts)) == ((), 0)
        assert source.pgettext(*ESCALATION_TYPES) == "Escalation types"
        assert str(source.locale) == "en"

    def test_translators_are_cached(self) -> None:
        """The same arguments give the same translator, catalogs read once."""
        assert translator("it") is translator("it")
        assert translator("it_CH") is translator("it-CH")

    def test_translators_are_immutable(self) -> None:
        """A translator is shared by every caller: none can change it for the others."""
        shared = translator("it")
        with pytest.raises(AttributeError, match="immutable"):
            shared.sources = ()
        assert shared.sources

    def test_clear_cache(self) -> None:
        """After clear_cache, catalogs are read again."""
        first = translator("it")
        clear_cache()
        assert translator("it") is not first

    def test_markers_return_their_arguments(self) -> None:
        """N_ and pN_ only mark; they change nothing."""
        assert N_("Escalation types") == "Escalation types"
        assert tuple(pN_("table", "Operational role")) == ("table", "Operational role")

    def test_repr(self) -> None:
        """A translator shows its locale and how many catalogs it read."""
        assert repr(translator("it_CH")) == "<Translator it_CH catalogs=2>"

    @pytest.mark.parametrize("locale", ["en", "en_GB"])
    def test_english_messages_said_as_written_without_their_catalog(
        self, locale: str
    ) -> None:
        """The built-in English catalog of messages is not read: each is as written.

        It translates each message to itself (see test_extract), so a
        lookup that misses gives the same text. The English catalog of
        matrix texts is read: translate() notes where each text came from.
        """
        english = Path(str(builtin_directory()), "en", "LC_MESSAGES")
        found = translator(locale)
        assert [Path(source).name for source in found.sources] == [
            "escalation_matrix.mo"
        ]
        shipped = read_catalog(english / "escalation_matrix_messages.mo")
        assert len(found.texts) + len(shipped.texts) == shipped_messages()
        for (context, message), text in shipped.texts.items():
            said = (
                found.gettext(message)
                if context is None
                else found.pgettext(context, message)
            )
            assert said == text == message
        assert shipped.plurals
        for (context, singular), forms in shipped.plurals.items():
            assert forms[0] == singular
            for count, form in ((1, forms[0]), (2, forms[1])):
                if context is None:
                    said = found.ngettext(singular, forms[1], count)
                else:
                    said = found.npgettext(context, singular, forms[1], count)
                assert said == form

    def test_english_messages_of_a_user_catalog_are_read(self, tmp_path: Path) -> None:
        """Only the built-in English messages go unread: a user's own are used."""
        entry = (OPERATIONAL_ROLE.context, OPERATIONAL_ROLE.text, "Who handles it")
        write_catalog(tmp_path, "en", [entry], domain="escalation_matrix_messages")
        found = translator("en", catalogs=[tmp_path])
        assert found.pgettext(*OPERATIONAL_ROLE) == "Who handles it"


class TestUserCatalogs:
    def test_gettext_and_pgettext(self, tmp_path: Path) -> None:
        """Messages with and without context are looked up separately."""
        write_catalog(
            tmp_path,
            "de",
            [(None, "Hello", "Hallo"), ("greeting", "Hello", "Guten Tag")],
        )
        german = translator("de", catalogs=[tmp_path])
        assert german.gettext("Hello") == "Hallo"
        assert german.pgettext("greeting", "Hello") == "Guten Tag"
        assert german.pgettext("other", "Hello") == "Hello"

    @pytest.mark.parametrize(
        ("n", "expected"), [(0, "0 Stufen"), (1, "1 Stufe"), (2, "2 Stufen")]
    )
    def test_ngettext(self, tmp_path: Path, n: int, expected: str) -> None:
        """Plural forms follow the catalog's plural rule."""
        write_catalog(
            tmp_path,
            "de",
            [(None, ("{n} level", "{n} levels"), ("{n} Stufe", "{n} Stufen"))],
        )
        german = translator("de", catalogs=[tmp_path])
        assert expected == german.ngettext("{n} level", "{n} levels", n).format(n=n)

    @pytest.mark.parametrize(
        ("n", "expected"),
        [(1, "1 livello"), (2, "2 livelli"), (10**6, "1000000 livelli!")],
    )
    def test_npgettext_three_forms(self, tmp_path: Path, n: int, expected: str) -> None:
        """A language with three plural forms picks the right one by count."""
        forms = ("{n} livello", "{n} livelli!", "{n} livelli")
        path = catalog_path(tmp_path, "it")
        path.parent.mkdir(parents=True)
        path.write_text(
            'msgid ""\nmsgstr ""\n'
            '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);\\n"\n\n'
            'msgctxt "route"\nmsgid "{n} level"\nmsgid_plural "{n} levels"\n'
            + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms)),
            "utf-8",
        )
        italian = translator("it", catalogs=[tmp_path])
        text = italian.npgettext("route", "{n} level", "{n} levels", n)
        assert expected == text.format(n=n)

    def test_plural_form_the_catalog_lacks(self, tmp_path: Path) -> None:
        """A plural rule choosing a form beyond nplurals falls back to the source."""
        path = catalog_path(tmp_path, "de")
        path.parent.mkdir(parents=True)
        path.write_text(
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "eins"\nmsgstr[1] "zwei"\n',
            "utf-8",
        )
        german = translator("de", catalogs=[tmp_path])
        assert [german.ngettext("one", "many", n) for n in (1, 2, 3)] == [
            "eins",
            "zwei",
            "many",
        ]

    @pytest.mark.parametrize(("n", "expected"), [(1, "one level"), (3, "levels")])
    def test_ngettext_fallback(self, n: int, expected: str) -> None:
        """Without a translation, one takes the singular, any other the plural."""
        assert expected == translator("it").ngettext("one level", "levels", n)

    def test_fuzzy_and_empty_entries_are_not_translations(self, tmp_path: Path) -> None:
        """Fuzzy guesses and blank strings fall back to the source text."""
        write_catalog(
            tmp_path,
            "de",
            [
                (None, "Guess", "Vermutung"),
                (None, "Blank", "   "),
                (None, "Empty", ""),
                (None, ("One", "Many"), ("Eins", "")),
            ],
            fuzzy=["Guess"],
        )
        german = translator("de", catalogs=[tmp_path])
        assert [german.gettext("Guess"), german.gettext("Blank")] == ["Guess", "Blank"]
        assert german.gettext("Empty") == "Empty"
        assert german.ngettext("One", "Many", 2) == "Many"

    def test_more_specific_locale_wins(self, tmp_path: Path) -> None:
        """it_CH's catalog wins over it's, wherever either comes from."""
        write_catalog(tmp_path, "it_CH", [("table", "Escalation types", "Tipi (CH)")])
        swiss = translator("it_CH", catalogs=[tmp_path])
        assert swiss.pgettext(*ESCALATION_TYPES) == "Tipi (CH)"
        assert swiss.pgettext(*OPERATIONAL_ROLE) == "Ruolo operativo"

    def test_explicit_directory_wins_for_the_same_locale(self, tmp_path: Path) -> None:
        """For the same locale, the caller's directory wins over the built-in one."""
        write_catalog(tmp_path, "it", [("table", "Escalation types", "Tipologie")])
        italian = translator("it", catalogs=[tmp_path])
        assert italian.pgettext(*ESCALATION_TYPES) == "Tipologie"
        assert italian.pgettext(*OPERATIONAL_ROLE) == "Ruolo operativo"

    def test_directories_in_given_order(self, tmp_path: Path) -> None:
        """Of two explicit directories, the first one given wins."""
        first, second = tmp_path / "first", tmp_path / "second"
        write_catalog(first, "de", [(None, "Hello", "Hallo")])
        write_catalog(
            second, "de", [(None, "Hello", "Servus"), (None, "Bye", "Tschüss")]
        )
        german = translator("de", catalogs=[first, str(second)])
        assert [german.gettext("Hello"), german.gettext("Bye")] == ["Hallo", "Tschüss"]

    def test_sources_in_priority_order(self, tmp_path: Path) -> None:
        """A translator lists the files it read, highest priority first."""
        swiss = write_catalog(tmp_path, "it_CH", [(None, "a", "b")])
        italian = write_catalog(tmp_path, "it", [(None, "a", "c")])
        sources = translator("it_CH", catalogs=[tmp_path]).sources
        assert sources[:2] == (str(swiss), str(italian))
        builtin = Path(str(builtin_directory()), "it", "LC_MESSAGES")
        assert Path(sources[2]).parent == builtin

    def test_other_domain(self, tmp_path: Path) -> None:
        """A domain selects other catalog files."""
        write_catalog(tmp_path, "de", [(None, "Hello", "Moin")], domain="my_app")
        assert (
            translator("de", catalogs=[tmp_path], domain="my_app").gettext("Hello")
            == "Moin"
        )
        assert translator("de", catalogs=[tmp_path]).gettext("Hello") == "Hello"

    @pytest.mark.parametrize(
        "domain", ["", "../escalation_matrix", "a/b", "..", ".hidden", "a\x00b", 42]
    )
    def test_unsafe_domains(self, domain: object) -> None:
        """A domain that is not a plain file-name stem is refused."""
        with pytest.raises(CatalogError, match="the domain must be a file-name stem"):
            check_domain(domain)

    def test_unsafe_domain_through_translator(self, tmp_path: Path) -> None:
        """translator() refuses an unsafe domain before reading anything."""
        with pytest.raises(CatalogError, match=r"got '\.\./x'"):
            translator("de", catalogs=[tmp_path], domain="../x")

    def test_broken_po(self, tmp_path: Path) -> None:
        """A .po file with a syntax error raises CatalogError naming the file."""
        path = catalog_path(tmp_path, "de")
        path.parent.mkdir(parents=True)
        path.write_text('msgid "a"\nmsgstr "b"\nnonsense here\n', "utf-8")
        with pytest.raises(CatalogError) as caught:
            translator("de", catalogs=[tmp_path])
        assert caught.value.path == str(path)

    def test_broken_mo(self, tmp_path: Path) -> None:
        """A .mo file that is not a catalog raises CatalogError naming the file."""
        path = catalog_path(tmp_path, "de", suffix=".mo")
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not a catalog at all")
        with pytest.raises(CatalogError, match="Invalid message catalog") as caught:
            translator("de", catalogs=[tmp_path])
        assert caught.value.path == str(path)

    def test_unknown_locale(self, tmp_path: Path) -> None:
        """A locale Babel does not know is refused even with a catalog for it."""
        write_catalog(tmp_path, "en", [(None, "a", "b")])
        (tmp_path / "xx").symlink_to(tmp_path / "en")
        with pytest.raises(LocaleError):
            translator("xx", catalogs=[tmp_path])

    def test_catalog_file_repr(self, tmp_path: Path) -> None:
        """A catalog file shows where it is and how many texts it has."""
        path = write_catalog(tmp_path, "de", [(None, "a", "b")])
        assert repr(read_catalog(path)) == f"<CatalogFile {str(path)!r} texts=1>"

    def test_a_directory_that_is_not_there(self, tmp_path: Path) -> None:
        """A catalog directory mistyped is an error naming it, not no catalog."""
        nowhere = tmp_path / "nowhere"
        with pytest.raises(FileNotFoundError) as missing:
            translator("de", catalogs=[nowhere])
        assert missing.value.filename == str(nowhere)
        a_file = tmp_path / "file"
        a_file.write_text("", "utf-8")
        with pytest.raises(NotADirectoryError) as not_a_directory:
            em.translate(em.default_matrix(), "it", catalogs=[a_file])
        assert not_a_directory.value.filename == str(a_file)
        with pytest.raises(FileNotFoundError):
            em.render(em.default_matrix(), locale="it", catalogs=[nowhere])


class TestMoOrPo:
    def _pair(self, tmp_path: Path) -> tuple[Path, Path]:
        mo = write_catalog(
            tmp_path, "de", [(None, "Hello", "Hallo (mo)")], suffix=".mo"
        )
        po = write_catalog(tmp_path, "de", [(None, "Hello", "Hallo (po)")])
        return mo, po

    def test_mo_preferred(self, tmp_path: Path) -> None:
        """A compiled catalog newer than its source is the one read."""
        mo, po = self._pair(tmp_path)
        os.utime(po, (1_000_000, 1_000_000))
        assert find_catalog(tmp_path, "de", "escalation_matrix") == str(mo)
        assert translator("de", catalogs=[tmp_path]).gettext("Hello") == "Hallo (mo)"

    def test_stale_mo_ignored(self, tmp_path: Path) -> None:
        """A compiled catalog older than its source is ignored (a source checkout)."""
        mo, po = self._pair(tmp_path)
        os.utime(mo, (1_000_000, 1_000_000))
        assert find_catalog(tmp_path, "de", "escalation_matrix") == str(po)
        assert translator("de", catalogs=[tmp_path]).gettext("Hello") == "Hallo (po)"

    def test_mo_alone(self, tmp_path: Path) -> None:
        """A compiled catalog alone (an installed package) is read."""
        mo, po = self._pair(tmp_path)
        po.unlink()
        assert find_catalog(tmp_path, "de", "escalation_matrix") == str(mo)

    def test_po_alone(self, tmp_path: Path) -> None:
        """A source catalog alone (a dropped-in translation) is read."""
        mo, po = self._pair(tmp_path)
        mo.unlink()
        assert find_catalog(tmp_path, "de", "escalation_matrix") == str(po)

    def test_neither(self, tmp_path: Path) -> None:
        """No file for the locale: no catalog."""
        assert find_catalog(tmp_path, "de", "escalation_matrix") is None

    def test_inside_an_archive(self, tmp_path: Path) -> None:
        """In a zip archive, where files have no usable times, the .mo is read."""
        self._pair(tmp_path)
        archive = shutil.make_archive(str(tmp_path / "pack"), "zip", tmp_path)
        inside = zipfile.Path(archive)
        found = find_catalog(inside, "de", "escalation_matrix")
        assert found is not None
        assert file_name(found) == "escalation_matrix.mo"
        assert read_catalog(found).texts == {(None, "Hello"): "Hallo (mo)"}

    @pytest.mark.parametrize("language", ["it", "en"])
    def test_source_checkout_reads_po(self, tmp_path: Path, language: str) -> None:
        """With only .po files, as in a fresh clone, every locale still loads."""
        shutil.copytree(
            Path(str(builtin_directory())),
            tmp_path / "locale",
            ignore=shutil.ignore_patterns("*.mo"),
        )
        found = translator(language, catalogs=[tmp_path / "locale"])
        assert found.sources[0].endswith(".po")
        assert len(found.texts) == shipped_messages()


def _install_language_pack(
    site: Path, name: str, source: str, entry_point: str
) -> None:
    """Install a fake distribution with an escalation_matrix.catalogs entry point."""
    package = site / name
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(source, "utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", "utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[escalation_matrix.catalogs]\n{name} = {entry_point}\n", "utf-8"
    )
    importlib.invalidate_caches()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where fake distributions are installed."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in list(sys.modules):
        if name.startswith("pack_"):
            del sys.modules[name]


# A language pack: a package holding catalogs, registered by an entry point.
_PACK = """
import zipfile
from importlib import resources
from pathlib import Path

HERE = Path(__file__).parent / "catalogs"
AS_STRING = str(HERE)
AS_TRAVERSABLE = resources.files(__name__).joinpath("catalogs")

def archived():
    return zipfile.Path(str(HERE) + ".zip")

def catalogs():
    return HERE
"""


def _pack(site: Path, name: str, language: str, translation: str) -> None:
    """Install a pack whose catalog translates the issue-type column header."""
    write_catalog(
        site / name / "catalogs", language, [(*ESCALATION_TYPES, translation)]
    )
    _install_language_pack(site, name, _PACK, f"{name}:HERE")


class TestLanguagePacks:
    @pytest.mark.parametrize(
        "attribute", ["HERE", "AS_STRING", "AS_TRAVERSABLE", "archived", "catalogs"]
    )
    def test_pack_adds_a_language(self, site: Path, attribute: str) -> None:
        """A pack's directory (a path, a string, a Traversable or a callable) is used."""
        name = f"pack_{attribute.lower()}"
        archived = site / name / "archived"
        write_catalog(archived, "de", [(*ESCALATION_TYPES, "Eskalationsarten")])
        shutil.make_archive(str(site / name / "catalogs"), "zip", archived)
        write_catalog(
            site / name / "catalogs", "de", [(*ESCALATION_TYPES, "Eskalationsarten")]
        )
        _install_language_pack(site, name, _PACK, f"{name}:{attribute}")
        points = metadata.entry_points(group="escalation_matrix.catalogs")
        assert [point.name for point in points] == [name]
        assert translator("de").pgettext(*ESCALATION_TYPES) == "Eskalationsarten"

    def test_explicit_directory_wins_over_pack(
        self, site: Path, tmp_path: Path
    ) -> None:
        """For the same locale, the caller's directory comes before a pack."""
        _pack(site, "pack_a", "de", "Pack")
        write_catalog(tmp_path / "mine", "de", [(*ESCALATION_TYPES, "Meins")])
        german = translator("de", catalogs=[tmp_path / "mine"])
        assert german.pgettext(*ESCALATION_TYPES) == "Meins"
        assert translator("de").pgettext(*ESCALATION_TYPES) == "Pack"

    def test_pack_wins_over_builtin(self, site: Path) -> None:
        """For the same locale, a pack comes before the built-in catalogs."""
        _pack(site, "pack_b", "it", "Dal pacchetto")
        italian = translator("it")
        assert italian.pgettext(*ESCALATION_TYPES) == "Dal pacchetto"
        assert italian.pgettext(*OPERATIONAL_ROLE) == "Ruolo operativo"

    def test_more_specific_locale_wins_over_pack(
        self, site: Path, tmp_path: Path
    ) -> None:
        """A more specific locale wins, even from a lower-priority directory."""
        _pack(site, "pack_f", "it", "Dal pacchetto")
        write_catalog(tmp_path, "it_CH", [(*ESCALATION_TYPES, "Svizzero")])
        swiss = translator("it_CH", catalogs=[tmp_path])
        assert swiss.pgettext(*ESCALATION_TYPES) == "Svizzero"

    def test_broken_pack(self, site: Path) -> None:
        """A pack whose entry point fails to load raises CatalogError naming it."""
        _install_language_pack(
            site, "pack_c", "raise RuntimeError('boom')\n", "pack_c:HERE"
        )
        with pytest.raises(
            CatalogError, match=r"entry point 'pack_c' = 'pack_c:HERE'.*boom"
        ):
            translator("de")

    def test_pack_giving_no_directory(self, site: Path) -> None:
        """A pack whose object is not a directory raises CatalogError."""
        _install_language_pack(site, "pack_d", "NUMBER = 42\n", "pack_d:NUMBER")
        with pytest.raises(
            CatalogError, match=r"must give a catalog directory.*got 42"
        ):
            language_packs()

    def test_packs_are_read_once(self, site: Path) -> None:
        """Entry points are scanned once, until the cache is cleared."""
        assert language_packs() == ()
        _pack(site, "pack_e", "de", "Neu")
        assert language_packs() == ()
        _catalogs.clear_cache()
        assert len(language_packs()) == 1


NEXT = "Next escalation: to {level} on {time}."
WRONG_NEXT = 'msgctxt "decision"\nmsgid "{NEXT}"\nmsgstr "Naechste Eskalation: an {{stufe}} am {{time}}."\n'


def _po(tmp_path: Path, language: str, body: str) -> Path:
    """Write a .po file for *language* whose messages start on line 5."""
    path = catalog_path(tmp_path, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path.write_text(header + body, "utf-8")
    return path


class TestUnusableTranslations:
    def test_wrong_placeholder_not_used(self, tmp_path: Path) -> None:
        """A translation with other placeholders than its source falls back to it."""
        path = _po(tmp_path, "de", WRONG_NEXT.format(NEXT=NEXT))
        german = translator("de", catalogs=[tmp_path])
        assert german.pgettext("decision", NEXT) == NEXT
        assert german.problems == (
            Problem(
                str(path),
                f"line 6: msgctxt 'decision' msgid '{NEXT}': placeholders "
                "differ: expected {level}, {time}, got {stufe}, {time}",
            ),
        )

    def test_other_translations_of_the_file_are_used(self, tmp_path: Path) -> None:
        """Only the wrong translation is left out, not its catalog."""
        _po(
            tmp_path,
            "de",
            WRONG_NEXT.format(NEXT=NEXT)
            + '\nmsgctxt "table"\nmsgid "Escalation types"\nmsgstr "Eskalationsarten"\n',
        )
        german = translator("de", catalogs=[tmp_path])
        assert german.pgettext("table", "Escalation types") == "Eskalationsarten"
        assert len(german.problems) == 1

    def test_falls_back_down_the_chain(self, tmp_path: Path) -> None:
        """A less specific catalog's good translation replaces a wrong one."""
        _po(tmp_path, "de_AT", WRONG_NEXT.format(NEXT=NEXT))
        write_catalog(
            tmp_path, "de", [("decision", NEXT, "Nächste: an {level} am {time}.")]
        )
        austrian = translator("de_AT", catalogs=[tmp_path])
        assert austrian.pgettext("decision", NEXT) == "Nächste: an {level} am {time}."
        assert len(austrian.problems) == 1

    @pytest.mark.parametrize(
        "translation",
        [
            "Nächste: an {level} am {time}}.",
            "Nächste: an {level!x} am {time}.",
            "Nächste: an {level:d} am {time}.",
            "Nächste: an {level.__class__} am {time}.",
            "Nächste: an {0} am {time}.",
            "Nächste: am {time}.",
        ],
    )
    def test_translations_that_would_not_format(
        self, tmp_path: Path, translation: str
    ) -> None:
        """Lone braces, other conversions, specs, attributes or names are refused."""
        write_catalog(tmp_path, "de", [("decision", NEXT, translation)])
        german = translator("de", catalogs=[tmp_path])
        assert german.pgettext("decision", NEXT) == NEXT
        assert len(german.problems) == 1

    def test_compiled_catalog(self, tmp_path: Path) -> None:
        """A wrong translation of a .mo file is left out too; it has no line."""
        path = write_catalog(
            tmp_path, "de", [("decision", NEXT, "an {stufe} am {time}")], suffix=".mo"
        )
        german = translator("de", catalogs=[tmp_path])
        assert german.pgettext("decision", NEXT) == NEXT
        assert german.problems == (
            Problem(
                str(path),
                f"msgctxt 'decision' msgid '{NEXT}': placeholders differ: "
                "expected {level}, {time}, got {stufe}, {time}",
            ),
        )
        assert repr(read_catalog(path)) == (
            f"<CatalogFile {str(path)!r} texts=0 problems=1>"
        )

    def test_plural(self, tmp_path: Path) -> None:
        """A plural translation with a wrong form falls back to the source forms."""
        write_catalog(
            tmp_path,
            "de",
            [(None, ("{n} level", "{n} levels"), ("{n} Stufe", "{m} Stufen"))],
        )
        german = translator("de", catalogs=[tmp_path])
        assert german.ngettext("{n} level", "{n} levels", 2) == "{n} levels"
        assert str(german.problems[0]).endswith("expected {n}, got {m}")

    def test_explain_falls_back(self, tmp_path: Path) -> None:
        """Explaining a decision gives the source sentence instead of failing.

        The catalog has nothing usable: the whole output is English.
        """
        _po(tmp_path, "de", WRONG_NEXT.format(NEXT=NEXT))
        opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        decision = em.route(
            em.default_matrix(),
            em.Issue("performance_hiccups", opened),
            now=opened,
        )
        sentences = explain(decision, "de", timezone="UTC", catalogs=[str(tmp_path)])
        assert (
            "Next escalation: to Project Manager (L2) on Nov 27, 2026, 1:00\u202fPM."
            in sentences
        )

    def test_strict_translation_reports_them(self, tmp_path: Path) -> None:
        """translate(strict=True) raises CatalogError naming each wrong translation."""
        path = _po(tmp_path, "de", WRONG_NEXT.format(NEXT=NEXT))
        with pytest.raises(CatalogError) as caught:
            em.translate(em.default_matrix(), "de", catalogs=[tmp_path], strict=True)
        assert caught.value.problems == translator("de", catalogs=[tmp_path]).problems
        assert str(caught.value) == (
            "Invalid message catalog:\n"
            f"  {path}: line 6: msgctxt 'decision' msgid '{NEXT}': placeholders "
            "differ: expected {level}, {time}, got {stufe}, {time}"
        )

    def test_wrong_matrix_text_keeps_its_source(self, tmp_path: Path) -> None:
        """A matrix text whose translation changes its braces keeps its source."""
        matrix = (
            em.MatrixBuilder.from_matrix(em.default_matrix())
            .set_text("matrix:title", "Use {form}")
            .build()
        )
        write_catalog(tmp_path, "de", [("matrix:title", "Use {form}", "{Formular}")])
        assert em.translate(matrix, "de", catalogs=[tmp_path]).title == "Use {form}"
