"""Lenient readers for table cells: the tidy tables come from CSV or straight from Python, so a
list may arrive as a list, a "a; b" string or NaN. The exporter must never crash on any of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

import numpy as np
import pandas as pd

from harvester.layout import safe_group_dirname

_SPLIT_RE = re.compile(r"[;,\s]+")
_INT_RE = re.compile(r"\d+")
_LIST_CHARS = "[]()'\""


def is_missing(value: object) -> bool:
    """None, NaN, NaT, pd.NA and empty strings all mean 'no value'."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def column(df: pd.DataFrame | None, name: str) -> list[object]:
    """The column's values as a list, or Nones when the table lacks that column."""
    if df is None:
        return []
    if name not in df.columns:
        return [None] * len(df)
    values = df[name]
    if isinstance(values, pd.DataFrame):  # duplicated column name: the first one counts
        values = values.iloc[:, 0]
    return values.tolist()


def as_int(value: object) -> int | None:
    """An integer, accepting '12', 12.0 and numpy ints; None otherwise."""
    if is_missing(value) or isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


def as_float(value: object) -> float | None:
    """A finite float or None."""
    if is_missing(value) or isinstance(value, bool | np.bool_):
        return None
    try:
        number = float(value) if not isinstance(value, str) else float(value.strip())
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_bool(value: object) -> bool | None:
    """True/False from bools, 0/1 and the strings CSV round trips produce."""
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y", "t"):
        return True
    if text in ("false", "no", "0", "n", "f"):
        return False
    return None


def as_label(value: object) -> str | None:
    """A short label such as a template ("2026") or a unit: text even if CSV made it a number."""
    if is_missing(value):
        return None
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def as_list(value: object) -> list[str]:
    """Tokens of a list-ish cell: a list/tuple/array, or a string separated by ; , or spaces."""
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series):
        return [str(v).strip() for v in value if not is_missing(v)]
    if is_missing(value):
        return []
    text = str(value).strip().strip(_LIST_CHARS)
    return [t.strip(_LIST_CHARS) for t in _SPLIT_RE.split(text) if t.strip(_LIST_CHARS)]


def as_count(value: object) -> int | None:
    """A count: a number as is, a list (or list-ish string like "[3, 25]") by its length."""
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return len(value)
    number = as_int(value)
    if number is not None:
        return number
    if is_missing(value):
        return None
    return len(as_list(value))


def as_questions(value: object) -> list[int] | None:
    """Question numbers from [3, 25], "3; 25" or "[3, 25]"; None for a bare count or nothing."""
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return sorted({n for v in value if (n := as_int(v)) is not None})
    if is_missing(value) or not isinstance(value, str):
        return None
    return sorted({int(m) for m in _INT_RE.findall(value)})


def group_key(value: object) -> int | str | None:
    """Group ids become numbers when they are plain numbers ("12" -> 12, not "012")."""
    if is_missing(value):
        return None
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit() and text.isascii() and str(int(text)) == text:
        return int(text)
    return text


def group_id(value: object) -> str:
    """The group id as a string (for paths and dictionary keys)."""
    key = group_key(value)
    return "" if key is None else str(key)


def to_datetime(value: object) -> dt.datetime | None:
    """A datetime from a datetime, Timestamp or ISO 8601 string; None if unreadable."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, np.datetime64):
        stamp = pd.Timestamp(value)
        return None if stamp is pd.NaT else stamp.to_pydatetime()
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def wall_time(value: object, reference: object = None) -> dt.datetime | None:
    """Naive local time for Excel (which has no time zones), in the offset of ``reference``.

    The reference is the group's deadline, which carries the course's time zone, so every time
    in a row reads in the zone the deadline was announced in. Without one, UTC.
    """
    moment = to_datetime(value)
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(microsecond=0)
    ref = to_datetime(reference)
    zone = ref.tzinfo if ref is not None and ref.utcoffset() is not None else dt.UTC
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


def short_sha(value: object) -> str | None:
    """First 7 hex digits of a commit SHA."""
    if is_missing(value):
        return None
    text = str(value).strip()
    return text[:7] if re.fullmatch(r"[0-9a-fA-F]{7,64}", text) else None


def percent_scale(values: Iterable[object]) -> float:
    """100 when a coverage column holds fractions (all <= 1), else 1: we show 0-100 numbers."""
    numbers = [n for v in values if (n := as_float(v)) is not None]
    return 100.0 if numbers and max(numbers) <= 1.0 else 1.0


def web_link(url: object) -> str | None:
    """An http(s) URL without credentials, fit to be a hyperlink; anything else is not linked."""
    if is_missing(url):
        return None
    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    return text


def commit_link(repo: object, sha: object) -> str | None:
    """The repo's page at the deadline commit, for GitHub URLs (the course's host)."""
    base = web_link(repo)
    if base is None or is_missing(sha) or not re.fullmatch(r"[0-9a-fA-F]{7,64}", str(sha)):
        return None
    parts = urlsplit(base)
    if parts.hostname not in ("github.com", "www.github.com"):
        return None
    path = parts.path.rstrip("/")
    path = path[: -len(".git")] if path.endswith(".git") else path
    return f"https://github.com{path}/tree/{str(sha).strip()}"


def report_link(given: object) -> str | None:
    """A relative ``groups/<id>/report.html`` link from the table, or None if it is anything else
    (absolute, another folder, a scheme): a hyperlink must stay inside the output folder."""
    if is_missing(given):
        return None
    text = str(given).strip().replace("\\", "/")
    if text.startswith("output/"):
        text = text[len("output/") :]
    parts = text.split("/")
    if (
        len(parts) == 3
        and parts[0] == "groups"
        and parts[1] not in ("", ".", "..")
        and parts[2].endswith(".html")
        and ":" not in text
    ):
        return "/".join(quote(p) for p in parts)
    return None


def default_report_link(group: object) -> str | None:
    """Where export writes the group's page, named as layout.py names group folders."""
    gid = group_id(group)
    return f"groups/{quote(safe_group_dirname(gid))}/report.html" if gid else None
