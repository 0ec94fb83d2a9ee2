"""Times on screen and in PDFs are the office's (issue 13 #11: "PDF times are 5 h behind
screen times"): one reading of stored timestamps, America/Lima by default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import office_time
from app.reports.timefmt import format_date, format_datetime
from app.ui.widgets import fmt_date, fmt_datetime


def test_utc_timestamps_show_in_lima_time_on_screen_and_in_pdfs() -> None:
    stored = "2026-11-30T02:30:00+00:00"  # how the store stamps created_at, signed_at
    assert fmt_datetime(stored) == format_datetime(stored) == "29/11/2026 21:30"
    assert fmt_datetime("2026-11-30T02:30:00Z") == "29/11/2026 21:30"
    assert fmt_date(stored) == format_date(stored) == "29/11/2026"
    # a hearing typed as office time has no offset: shown as typed
    assert fmt_datetime("2026-12-01T09:00") == format_datetime("2026-12-01T09:00")
    assert fmt_datetime("2026-12-01T09:00") == "01/12/2026 09:00"
    assert fmt_datetime("2026-12-01") == "01/12/2026"
    assert fmt_datetime("") == "" and format_datetime("") == "—"


def test_the_office_zone_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(office_time.ENV_TIMEZONE, "America/Bogota")
    assert fmt_datetime("2026-06-01T12:00:00+00:00") == "01/06/2026 07:00"
    monkeypatch.setenv(office_time.ENV_TIMEZONE, "Nowhere/Atlantis")  # unknown: Lima
    assert fmt_datetime("2026-06-01T12:00:00+00:00") == "01/06/2026 07:00"
    monkeypatch.delenv(office_time.ENV_TIMEZONE)
    assert office_time.today() == (datetime.now(UTC) - timedelta(hours=5)).date()


@given(
    moment=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.none()
    ),
    offset_minutes=st.one_of(st.none(), st.integers(min_value=-14 * 60, max_value=14 * 60)),
    z=st.booleans(),
)
def test_screen_and_pdf_read_every_timestamp_the_same(
    moment: datetime, offset_minutes: int | None, z: bool
) -> None:
    moment = moment.replace(microsecond=0)
    if offset_minutes is None:
        text = moment.isoformat()
    else:
        aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
        text = aware.isoformat()
        if z and offset_minutes == 0:
            text = text.replace("+00:00", "Z")
    assert fmt_datetime(text) == format_datetime(text)
    assert fmt_date(text) == format_date(text)
    shown = datetime.strptime(fmt_datetime(text), "%d/%m/%Y %H:%M")
    if offset_minutes is not None:  # the same instant, in Lima (which kept DST in 1990)
        instant = (moment - timedelta(minutes=offset_minutes)).replace(tzinfo=UTC)
        lima = instant.astimezone(office_time.office_zone()).replace(tzinfo=None)
        assert shown == lima.replace(second=0)
        if instant.year >= 1995:  # no daylight saving time since: UTC-5 all year
            assert lima == instant.replace(tzinfo=None) - timedelta(hours=5)
