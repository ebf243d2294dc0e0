"""Deadline times: ISO 8601 with an offset, or local time in the course's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Europe/Copenhagen"


class DeadlineError(ValueError):
    """A deadline string that is not an ISO 8601 time."""


def parse_deadline(text: str, tz: str = DEFAULT_TZ) -> datetime:
    """Parse an ISO 8601 deadline; a time without offset is read in the course time zone.

    A bare date ("2026-01-24") means the end of that day, which is what staff mean by it.
    """
    raw = text.strip()
    if not raw:
        raise DeadlineError("empty deadline")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DeadlineError(f"not an ISO 8601 time: {raw!r}") from exc
    if _is_date_only(raw):
        value = value.replace(hour=23, minute=59, second=59)
    if value.tzinfo is None:
        value = value.replace(tzinfo=course_zone(tz))
    return value


def course_zone(tz: str) -> ZoneInfo:
    """The course's time zone by IANA name; a clear error for a name that is not one."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DeadlineError(
            f"unknown time zone {tz!r} (use an IANA name, e.g. {DEFAULT_TZ})"
        ) from exc


def _is_date_only(raw: str) -> bool:
    """ "2026-01-24" and "20260124" are dates (the deadline is that day's end), not midnight."""
    try:
        date.fromisoformat(raw)
    except ValueError:
        return False
    return True


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
