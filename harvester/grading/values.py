"""What a TA typed, read back the same whichever application saved it.

LibreOffice and Excel store what looks like a number as a number (the TA's "02" comes back as
2, "7" as 7.0), dates as datetimes, and our own writer protects text that a spreadsheet could
run as a formula with a leading apostrophe. These pure functions undo all of that, so a value
compares equal to what the grades store holds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Real

from harvester.cells import is_formula_like

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
# What Excel and LibreOffice show for a formula that failed (LibreOffice's own: Err:502).
_ERROR = re.compile(
    r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!"
    r"|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)|Err:\d{3}",
    re.IGNORECASE,
)


class ErrorValue(str):
    """A cell the file stores as an error (openpyxl's data_type 'e'), whatever its text."""


def spreadsheet_error(value: object) -> str:
    """The error a cell shows instead of a value ('#VALUE!', 'Err:502'), else ''."""
    if isinstance(value, ErrorValue):
        return str(value) or "#error"
    if isinstance(value, str) and _ERROR.fullmatch(value.strip()):
        return value.strip()
    return ""


def plain_text(value: object) -> str:
    """A cell value as the text the TA meant ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Real):
        return format_number(float(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("'") and is_formula_like(text[1:]):
        text = text[1:]  # the apostrophe harvester.cells.safe_text put there, not the TA's
    return text


def format_number(number: float) -> str:
    """8.0 -> "8", 7.5 -> "7.5", 0.1+0.2 -> "0.3" (at most 6 significant decimals)."""
    if not math.isfinite(number):
        raise ValueError(f"{number} is not a number")
    if float(number).is_integer():
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


def parse_number(value: object) -> float:
    """A number from a cell: 7, 7.5, "7,5" (decimal comma), " 80 % ". Raises ValueError."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Real):
        number = float(value)
    else:
        text = plain_text(value).replace("\u2212", "-").removesuffix("%").strip()
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"'{text}' is not a number")
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a number")
    return number


def is_date(value: object) -> bool:
    """Excel/LibreOffice turned what the TA typed into a date (e.g. '12-10' or '4/7')."""
    return isinstance(value, dt.date | dt.time)
