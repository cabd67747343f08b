"""Moments as typed on the command line, and the reader's locale and time zone."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import babel.localtime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalation_matrix._cli.moments import parse_when
from escalation_matrix._i18n.environment import (
    environment_locale,
    local_time_zone,
    zone_name,
)
from escalation_matrix._i18n.translator import translator
from escalation_matrix.exceptions import ValidationError

ROME = ZoneInfo("Europe/Rome")
BAD = (
    "invalid moment {}: expected 'now', an ISO 8601 date and time such as "
    "'2026-11-27T09:00+01:00', or a duration before or after such as '1d ago', "
    "'-4h30m' or 'in 2h'"
)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


class TestWhen:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("now", NOW),
            (" NOW ", NOW),
            ("1d ago", NOW - timedelta(days=1)),
            ("4h30m ago", NOW - timedelta(hours=4, minutes=30)),
            ("4h 30m  ago", NOW - timedelta(hours=4, minutes=30)),
            ("1D AGO", NOW - timedelta(days=1)),
            ("-1d", NOW - timedelta(days=1)),
            ("- 90m", NOW - timedelta(minutes=90)),
            ("-0s", NOW),
            ("in 2h", NOW + timedelta(hours=2)),
            ("+2h", NOW + timedelta(hours=2)),
            ("+1d12h", NOW + timedelta(hours=36)),
            ("2026-11-27T09:00+01:00", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            ("2026-11-27T08:00Z", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            ("2026-11-27 08:00:30+00:00", datetime(2026, 11, 27, 8, 0, 30, tzinfo=UTC)),
            ("20261127T0800Z", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            # RFC 3339's lower case.
            ("2026-11-27t08:00z", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            ("2026-11-27T09:00", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            ("2026-11-27", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
            ("2026-07-01T12:00", datetime(2026, 7, 1, 10, 0, tzinfo=UTC)),
        ],
    )
    def test_forms(self, text: str, expected: datetime) -> None:
        """Each form of the grammar names the moment it says."""
        assert expected == parse_when(text, now=NOW, zone=ROME)

    @pytest.mark.parametrize(
        ("text", "offset"),
        [
            ("now", timedelta(hours=1)),
            ("1d ago", timedelta(hours=1)),
            ("2026-07-01T12:00", timedelta(hours=2)),
            ("2026-11-27T09:00-05:00", timedelta(hours=-5)),
        ],
    )
    def test_time_zone_of_the_result(self, text: str, offset: timedelta) -> None:
        """Results are in the zone given, unless the text has its own offset."""
        assert offset == parse_when(text, now=NOW, zone=ROME).utcoffset()

    def test_durations_are_exact_across_a_clock_change(self) -> None:
        """A day ago is 24 hours ago, even across the end of summer time."""
        after_change = datetime(2026, 10, 25, 12, 0, tzinfo=ROME)
        moment = parse_when("1d ago", now=after_change, zone=ROME)
        # Aware datetimes in the same zone subtract by the wall clock: in UTC.
        assert after_change.astimezone(UTC) - moment.astimezone(UTC) == timedelta(
            hours=24
        )
        assert moment.hour == 13

    def test_repeated_time_is_the_earlier(self) -> None:
        """A time the clocks show twice (summer time ends) is the first one."""
        moment = parse_when("2026-10-25T02:30", now=NOW, zone=ROME)
        assert moment.utcoffset() == timedelta(hours=2)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("yesterday", BAD.format("'yesterday'")),
            ("1d", BAD.format("'1d'")),
            ("", BAD.format("''")),
            ("-1 day", BAD.format("'-1 day'")),
            # Python would read any character between date and time as "T".
            ("2026-11-27x09:00", BAD.format("'2026-11-27x09:00'")),
            ("2026-11-27+01:00", BAD.format("'2026-11-27+01:00'")),
            (
                "2026-03-29T02:30",
                "'2026-03-29T02:30' does not exist in the time zone Europe/Rome: the "
                "clocks skip it; give the UTC offset, such as "
                "'2026-03-29T03:30+02:00'",
            ),
            ("-100000000d", "'-100000000d' is out of the range of dates"),
            ("0001-01-01T00:30", "'0001-01-01T00:30' is out of the range of dates"),
            # An offset that puts the instant before year 1 or after 9999.
            (
                "0001-01-01T00:00+14:00",
                "'0001-01-01T00:00+14:00' is out of the range of dates",
            ),
            (
                "9999-12-31T23:59-14:00",
                "'9999-12-31T23:59-14:00' is out of the range of dates",
            ),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        """What follows no form is refused with one problem saying why."""
        with pytest.raises(ValidationError) as caught:
            parse_when(text, now=NOW, zone=ROME)
        assert caught.value.subject == "moment"
        assert [message] == [problem.message for problem in caught.value.problems]

    def test_messages_in_the_translators_language(self) -> None:
        """The problem is told in the translator's language."""
        with pytest.raises(ValidationError) as caught:
            parse_when("ieri", now=NOW, zone=ROME, tr=translator("it"))
        assert caught.value.problems[0].message.startswith(
            "data e ora «ieri» non valida: indicare «now», "
        )

    @given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3650)))
    def test_ago_and_in_are_opposites(self, delta: timedelta) -> None:
        """N ago and in N are as far from now, on either side."""
        whole = timedelta(seconds=delta // timedelta(seconds=1))
        amount = f"{whole.days}d{whole.seconds}s"
        before = parse_when(f"{amount} ago", now=NOW, zone=ROME)
        after = parse_when(f"in {amount}", now=NOW, zone=ROME)
        assert (NOW - before, after - NOW) == (whole, whole)


class TestEnvironmentLocale:
    @pytest.mark.parametrize(
        ("environ", "expected"),
        [
            ({}, "en"),
            ({"LANG": ""}, "en"),
            ({"LANG": "it_IT.UTF-8"}, "it_IT"),
            ({"LANG": "it_IT@euro"}, "it_IT"),
            ({"LANG": "it"}, "it"),
            ({"LC_MESSAGES": "it_CH.UTF-8", "LANG": "en_US.UTF-8"}, "it_CH"),
            ({"LC_ALL": "de_DE", "LC_MESSAGES": "it_IT", "LANG": "en_US"}, "de_DE"),
            ({"LC_ALL": "", "LC_MESSAGES": "it_IT"}, "it_IT"),
            ({"LANG": "C"}, "en"),
            ({"LANG": "C.UTF-8"}, "en"),
            ({"LANG": "POSIX"}, "en"),
            ({"LC_ALL": "C", "LANGUAGE": "it"}, "en"),
            ({"LANG": "en_US.UTF-8", "LANGUAGE": "it:en"}, "it"),
            ({"LANG": "en_US.UTF-8", "LANGUAGE": "xx_YY:::de"}, "de"),
            ({"LANG": "it_IT", "LANGUAGE": ""}, "it_IT"),
            ({"LANG": "tlh_QO"}, "en"),
            ({"LANG": "../../etc"}, "en"),
            ({"LANG": "sr_RS@latin"}, "sr_Latn_RS"),
            ({"LANG": "sr_RS.UTF-8@cyrillic"}, "sr_Cyrl_RS"),
            ({"LANG": "sr@latin"}, "sr_Latn"),
        ],
    )
    def test_gettext_precedence(self, environ: dict[str, str], expected: str) -> None:
        """LC_ALL, LC_MESSAGES, LANG in turn; C means English; LANGUAGE first."""
        assert expected == environment_locale(environ)

    def test_the_process_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a mapping, the process's environment is read."""
        for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", "it_IT.UTF-8")
        assert environment_locale() == "it_IT"


def _zone_root(name: str) -> str:
    """Return the directory of zoneinfo.TZPATH that holds the zone *name*."""
    return next(path for path in zoneinfo.TZPATH if Path(path, name).is_file())


class TestTimeZone:
    def test_tz_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """TZ names the machine's zone, as an IANA zone."""
        monkeypatch.setenv("TZ", "America/New_York")
        assert local_time_zone() == ZoneInfo("America/New_York")

    def test_tz_naming_a_file_of_the_zone_database(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """TZ naming a zone's file gives the zone by its key, named by it."""
        root = _zone_root("Asia/Tokyo")
        monkeypatch.setenv("TZ", str(Path(root, "Asia", "Tokyo")))
        zone = local_time_zone()
        assert zone == ZoneInfo("Asia/Tokyo")
        assert zone_name(zone) == "Asia/Tokyo"

    def test_tz_naming_a_link_to_a_file_of_the_zone_database(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A link to a zone's file (TZ=:/etc/localtime) gives the zone by its key."""
        root = _zone_root("Asia/Tokyo")
        link = tmp_path / "localtime"
        link.symlink_to(Path(root, "Asia", "Tokyo"))
        monkeypatch.setenv("TZ", f":{link}")
        assert zone_name(local_time_zone()) == "Asia/Tokyo"

    def test_tz_naming_a_file_elsewhere(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A zone's file outside the zone database is named by its path."""
        root = _zone_root("Europe/Rome")
        copy = tmp_path / "rome"
        copy.write_bytes(Path(root, "Europe", "Rome").read_bytes())
        monkeypatch.setenv("TZ", str(copy))
        zone = local_time_zone()
        # Summer time and winter time alike: the zone, not an offset of one.
        summer = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(zone)
        assert summer.utcoffset() == timedelta(hours=2)
        assert zone_name(zone) == str(copy)
        # In a directory said to hold zones, under a name that is no zone's.
        monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))
        assert zone_name(local_time_zone()) == str(copy)

    def test_tz_naming_a_file_relatively(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A relative TZ names a file, named by its whole path, not as a zone key."""
        root = _zone_root("Asia/Tokyo")
        (tmp_path / "UTC").write_bytes(Path(root, "Asia", "Tokyo").read_bytes())
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("TZ", "UTC")
        zone = local_time_zone()
        if zone.utcoffset(NOW) == timedelta(
            hours=9
        ):  # read from the file, as Babel does
            assert zone_name(zone) == str(tmp_path / "UTC")
        else:
            assert zone_name(zone) == "UTC"

    def test_a_zone_without_a_name(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A zone made from a file without a key is named by its offset now."""
        root = _zone_root("Asia/Tokyo")
        with Path(root, "Asia", "Tokyo").open("rb") as file:
            zone = ZoneInfo.from_file(file)
        assert zone_name(zone) == "UTC+09:00"
        # Read, then gone: kept as it was read.
        monkeypatch.setattr(babel.localtime, "get_localzone", lambda: zone)
        monkeypatch.setenv("TZ", str(tmp_path / "gone"))
        assert local_time_zone() is zone

    def test_fallback_to_the_current_offset(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When no IANA zone can be found, the current offset from UTC is used."""

        def broken() -> tzinfo:
            raise LookupError

        monkeypatch.setattr(babel.localtime, "get_localzone", broken)
        zone = local_time_zone()
        assert zone.utcoffset(NOW) == NOW.astimezone().utcoffset()

    @pytest.mark.parametrize(
        ("zone", "name"),
        [
            (ROME, "Europe/Rome"),
            (UTC, "UTC"),
            (timezone(timedelta(hours=1)), "UTC+01:00"),
        ],
    )
    def test_zone_name(self, zone: tzinfo, name: str) -> None:
        """A zone is named by its IANA key, else by its own name."""
        assert name == zone_name(zone)
