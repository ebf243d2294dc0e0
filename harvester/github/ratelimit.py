"""Read GitHub's rate-limit signals from a response (pure functions, no clock of their own).

GitHub has a primary limit (x-ratelimit-remaining reaches 0 until x-ratelimit-reset, epoch
seconds) and secondary limits (403/429, usually with retry-after; without it GitHub asks for at
least one minute). Both come back as 403 or 429, which a 403 "forbidden" must not be confused with.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime

SECONDARY_DEFAULT_WAIT = 60.0  # GitHub docs: "wait for at least one minute before retrying"
RESET_MARGIN = 1.0  # our clock and GitHub's differ a little; retrying a second late is harmless


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from Retry-After (delta-seconds or HTTP-date); None if absent or bad."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(when.timestamp() - now, 0.0)


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def rate_limit_wait(
    status: int, headers: Mapping[str, str], message: str, now: float
) -> float | None:
    """Seconds to wait before retrying when `status`/`headers` say "rate limited", else None."""
    if status not in (403, 429):
        return None
    retry_after = parse_retry_after(headers.get("retry-after"), now)
    if retry_after is not None:
        return retry_after
    reset = parse_int(headers.get("x-ratelimit-reset"))
    if headers.get("x-ratelimit-remaining") == "0" and reset is not None:
        return max(reset - now, 0.0) + RESET_MARGIN
    if status == 429 or "rate limit" in message.lower():
        return SECONDARY_DEFAULT_WAIT
    return None


def clock_time(epoch: float) -> str:
    """HH:MM in the local time zone, the way a TA at the terminal reads a time."""
    return datetime.fromtimestamp(epoch).astimezone().strftime("%H:%M")
