"""CSV files a TA may have opened and saved in Excel or LibreOffice: read them whatever happened.

Excel adds a byte-order mark, saves in the Windows code page, and in Danish (and most European)
locales writes `;` between fields. `read_csv_rows` copes with all three and returns the dialect
it found, so an append keeps the file in the form its owner's application wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvForm:
    """How an existing CSV file is written (so appended lines match it)."""

    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    ends_with_newline: bool = True


def decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, had a BOM): UTF-8 (with or without BOM), else Windows-1252."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), "utf-8", bom
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", False


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: the candidate that splits it into the most fields."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def read_csv_rows(path: Path) -> tuple[list[list[str]], CsvForm]:
    """Every row of a CSV file (header first) and its form; [] for an empty file."""
    data = Path(path).read_bytes()
    text, encoding, bom = decode(data)
    if not text.strip():
        return [], CsvForm(encoding=encoding, bom=bom, ends_with_newline=not text)
    first = text.splitlines()[0]
    delimiter = sniff_delimiter(first)
    newline = "\r\n" if "\r\n" in text[: len(first) + 2] else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    form = CsvForm(delimiter, encoding, bom, newline, text.endswith(("\n", "\r")))
    return rows, form


def format_rows(rows: list[list[str]], form: CsvForm) -> str:
    """Rows as CSV text in the given form (always ending with a line break)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=form.delimiter, lineterminator=form.newline)
    writer.writerows(rows)
    return buffer.getvalue()


def body_rows(rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) of every non-blank row under the header."""
    for number, cells in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in cells):
            yield number, cells
