"""Deadlines: offsets kept, course time zone when absent, a bare date means the end of the day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from harvester.timeutil import DeadlineError, parse_deadline


def test_offset_is_kept() -> None:
    value = parse_deadline("2026-01-24T23:59:00+01:00")
    assert value.utcoffset() == timedelta(hours=1)
    assert value.hour == 23


def test_z_suffix_is_utc() -> None:
    assert parse_deadline("2026-01-24T22:59:00Z").utcoffset() == timedelta(0)


def test_naive_time_uses_course_zone_with_summer_time() -> None:
    assert parse_deadline("2026-06-20T12:00").utcoffset() == timedelta(hours=2)
    assert parse_deadline("2026-06-20T12:00", tz="UTC").utcoffset() == timedelta(0)


def test_bare_date_is_end_of_day() -> None:
    value = parse_deadline("2026-01-24")
    assert (value.hour, value.minute, value.second) == (23, 59, 59)


@pytest.mark.parametrize("text", ["", "tomorrow", "24/01/2026", "2026-13-01T00:00"])
def test_bad_deadlines_raise(text: str) -> None:
    with pytest.raises(DeadlineError):
        parse_deadline(text)


def test_compact_date_is_end_of_day_too() -> None:
    assert parse_deadline("20260124").isoformat() == "2026-01-24T23:59:59+01:00"


def test_unknown_time_zone_is_a_clear_error() -> None:
    with pytest.raises(DeadlineError, match="unknown time zone 'Mars/Base'"):
        parse_deadline("2026-01-24T12:00", tz="Mars/Base")
