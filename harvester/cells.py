"""Spreadsheet-safe cell values: student text must never become a formula, break the file or
overflow a cell.

Everything students wrote reaches the staff's spreadsheet (xlsx) and the tidy CSVs, which staff
open in Excel or LibreOffice. Three things can go wrong, and this module fixes each one:

1. **Formula / DDE injection.** A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / CR,
   which some importers drop before parsing) is run as a formula when the CSV is opened, or when a
   TA presses F2+Enter in the xlsx. Such strings get a leading ``'`` (OWASP "CSV injection"
   advice), also when the dangerous character follows leading whitespace or invisible format
   characters, and for the full-width forms (``＝ ＋ － ＠``) that some locales map to ASCII.
   **Plain numbers are left alone** ("-3.5", "+45", "1e-3", "-1,000", "-5%"): they evaluate to a
   number, which executes nothing, and a TA should see "-3.5", not "'-3.5". They stay strings (we
   never change a value's type), so nothing is lost either way.
   Excel's error literals (``#N/A``...) get the same ``'`` so they stay text.
2. **Characters the file format rejects.** XML 1.0 (inside xlsx) forbids most C0 control
   characters, U+FFFE/U+FFFF and lone surrogates; openpyxl raises on the first and writes a corrupt
   file for the others. Controls are removed, lone surrogates become U+FFFD.
   Line ends become ``\n``: XML turns a bare CR into LF when the file is read anyway, so this
   makes what we write equal to what Excel (and openpyxl) read back.
3. **Excel's 32,767-character cell limit** (counted in UTF-16 units, so an emoji counts twice).
   openpyxl cuts silently; we cut visibly with ``… [truncated N chars]`` inside the limit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from numbers import Integral, Real

import numpy as np
import pandas as pd

EXCEL_CELL_LIMIT = 32767

# What openpyxl rejects (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE) plus the XML 1.0 non-characters.
_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")

# First characters that make Excel / LibreOffice / Google Sheets evaluate a cell.
_FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")

_PLAIN_NUMBER_RE = re.compile(
    r"\s*[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*%?\s*"
)
_ERROR_LITERALS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


def utf16_len(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _first_visible(text: str) -> str:
    """The first character Excel 'sees': leading spaces and zero-width characters are skipped."""
    for ch in text:
        if ch in ("\t", "\r"):
            return ch  # dangerous on its own: importers strip it, then parse what follows
        if ch.isspace() or unicodedata.category(ch) == "Cf":  # Cf: zero-width, BOM, ...
            continue
        return ch
    return ""


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet could evaluate ``text`` as a formula (plain numbers excepted)."""
    if not text:
        return False
    if text.strip() in _ERROR_LITERALS:
        return True
    if _first_visible(text) not in _FORMULA_STARTS:
        return False
    return _PLAIN_NUMBER_RE.fullmatch(text) is None


def _truncate(text: str, limit: int) -> str:
    """Cut ``text`` so that it plus a visible marker fits in ``limit`` UTF-16 units."""
    if 2 * len(text) <= limit or utf16_len(text) <= limit:
        return text
    # Size the marker for the worst case (everything dropped): it can only get shorter.
    room = limit - len(f"… [truncated {len(text)} chars]")
    if room < 0:  # absurdly small limit: the marker alone would not fit
        return text[: _prefix_within(text, limit)]
    keep = _prefix_within(text, room)
    return text[:keep] + f"… [truncated {len(text) - keep} chars]"


def _prefix_within(text: str, budget: int) -> int:
    """Number of leading code points of ``text`` that fit in ``budget`` UTF-16 units."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > budget:
            return i
    return len(text)


def safe_text(text: str, *, limit: int = EXCEL_CELL_LIMIT) -> str:
    """The string rules of :func:`safe_cell`; idempotent, and the result fits in ``limit``."""
    if _ILLEGAL_RE.search(text):
        text = _ILLEGAL_RE.sub("", text)
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    dangerous = is_formula_like(text)  # before CR becomes LF: a leading CR is itself a risk
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if dangerous:
        return "'" + _truncate(text, limit - 1)
    cut = _truncate(text, limit)
    if cut is not text and is_formula_like(cut):  # a huge "-123..." number stops being a number
        return "'" + _truncate(text, limit - 1)
    return cut


def safe_cell(value: object, *, limit: int = EXCEL_CELL_LIMIT) -> object:
    """A value that openpyxl / a CSV reader stores as plain data, never as a formula.

    None, bools, finite numbers, dates and times pass through; NaN, NaT, pd.NA and infinities
    become None (Excel has no such number). Time-zone-aware datetimes become naive UTC because
    Excel has no time zones (callers who want local wall time convert first). Lists, tuples and
    sets become "a; b"; bytes are decoded; anything else becomes its ``str``. Every resulting
    string goes through :func:`safe_text`.
    """
    if value is None or isinstance(value, bool):
        return value
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return safe_cell(
            pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value),
            limit=limit,
        )
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        if isinstance(value, pd.Timedelta):
            return value.to_pytimedelta()
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        return safe_text(value, limit=limit)
    if isinstance(value, bytes | bytearray):
        return safe_text(bytes(value).decode("utf-8", errors="replace"), limit=limit)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        parts = [safe_cell(v, limit=limit) for v in items]
        return safe_text("; ".join("" if p is None else str(p) for p in parts), limit=limit)
    return safe_text(str(value), limit=limit)


def safe_csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) follow the :func:`safe_cell` rules.

    Numeric, bool and datetime columns are already safe and keep their dtype (aware datetimes
    keep their offset: CSV can say it). Text / object columns are mapped cell by cell.
    """
    out = df.copy()
    for name in out.columns:
        col = out[name]
        if (
            pd.api.types.is_numeric_dtype(col.dtype)
            or pd.api.types.is_bool_dtype(col.dtype)
            or pd.api.types.is_datetime64_any_dtype(col.dtype)
            or pd.api.types.is_timedelta64_dtype(col.dtype)
        ):
            continue
        out[name] = pd.Series(
            [_csv_value(v) for v in col.tolist()], index=col.index, dtype=object, name=name
        )
    out.columns = [safe_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _csv_value(value: object) -> object:
    """safe_cell for CSV: aware datetimes keep their offset (CSV has no time-zone problem)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.isoformat()
    return safe_cell(value)
