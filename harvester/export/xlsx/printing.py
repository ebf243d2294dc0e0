"""Print setup for every sheet of cohort.xlsx, applied once the workbook is complete.

Staff print the workbook (or save it as PDF) for grading meetings. Without a setup each sheet
printed portrait at 100 %, cut into many pages across, with long answers running over their
neighbours. Applied generically to every worksheet after all are written (so sheets other code
adds get it too): landscape A4, scaled to the page width and as many pages down as needed, the
header rows (those above the frozen pane) repeated on every page, long text wrapped inside its
cell with a row height that shows its first lines (the whole text stays in the cell), page
numbers in the footer. A sheet too wide to read at one page width is split over a few pages
across, with its first column repeated, rather than shrunk to an unreadable scale.
"""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

DEFAULT_WIDTH = 13.0  # a column without a width set: Excel's default is ~8.43 + padding
MAX_TEXT_WIDTH = 60.0  # columns wider than this (free text) are narrowed and wrapped
PAGE_CHARS = 135.0  # character widths across a landscape A4 page at 100 % (10 mm margins)
MIN_SCALE = 0.45  # below this a printed page is unreadable: use more pages across instead
LINE_POINTS = 15.0  # one wrapped line of 11 pt text
MAX_LINES = 5  # a row shows this many wrapped lines at most; the cell keeps the whole text
FOOTER = "&A – page &P of &N"


def apply_print_setup(wb: Workbook) -> None:
    """Give every worksheet of `wb` the print setup described in the module docstring."""
    for ws in wb.worksheets:
        header_rows = _header_rows(ws)
        widths = _narrow_text_columns(ws)
        _wrap_long_text(ws, widths)
        _page_setup(ws, header_rows, sum(widths.values()))


def _header_rows(ws: Worksheet) -> int:
    """Rows above the frozen pane: the table header to repeat on every printed page."""
    if not ws.freeze_panes:
        return 0
    _col, row = coordinate_from_string(ws.freeze_panes)
    return max(row - 1, 0)


def _narrow_text_columns(ws: Worksheet) -> dict[int, float]:
    """Each used column's width (free-text columns capped at MAX_TEXT_WIDTH), by column index."""
    widths: dict[int, float] = {}
    for index in range(1, (ws.max_column or 0) + 1):
        dim = ws.column_dimensions[get_column_letter(index)]
        width = float(dim.width) if dim.width else DEFAULT_WIDTH
        if width > MAX_TEXT_WIDTH:
            width = MAX_TEXT_WIDTH
            dim.width = width
        widths[index] = width
    return widths


def _lines(text: str, width: float) -> int:
    """Wrapped lines `text` takes in a column `width` characters wide (a fair estimate)."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _wrap_long_text(ws: Worksheet, widths: dict[int, float]) -> None:
    """Wrap strings longer than their column (header rows included) and size their rows."""
    for row in ws.iter_rows(min_row=1):
        tallest = 1
        for cell in row:
            value = cell.value
            if not isinstance(value, str):
                continue
            width = widths.get(cell.column, DEFAULT_WIDTH)
            lines = _lines(value, width)
            if lines <= 1 and len(value) <= width:
                continue
            old = cell.alignment
            cell.alignment = Alignment(
                horizontal=old.horizontal,
                vertical="top",
                wrap_text=True,
                indent=old.indent,
            )
            tallest = max(tallest, lines)
        if tallest > 1:
            height = LINE_POINTS * min(tallest, MAX_LINES)
            ws.row_dimensions[row[0].row].height = height


def _page_setup(ws: Worksheet, header_rows: int, total_width: float) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    across = max(1, math.ceil(total_width * MIN_SCALE / PAGE_CHARS))
    ws.page_setup.fitToWidth = across
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = FOOTER
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    if across > 1:
        ws.print_title_cols = "A:A"
