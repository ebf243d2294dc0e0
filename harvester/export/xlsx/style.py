"""Shared look and mechanics of every cohort.xlsx sheet: header row, frozen panes, autofilter,
capped column widths, highlight fills, and the single door (``put``) through which every value
passes :func:`harvester.cells.safe_cell`, so no sheet can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.cells import safe_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
SUBHEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
LINK_FONT = Font(color="0563C1", underline="single")

FILL_BAD = PatternFill("solid", fgColor="FFC7CE")  # a problem the staff must look at
FILL_WARN = PatternFill("solid", fgColor="FFEB9C")  # worth a look
FILL_GOOD = PatternFill("solid", fgColor="C6EFCE")  # done / used
FILL_CHECKER = PatternFill("solid", fgColor="F8CBAD")  # only the course's checker would flag it

FMT_INT: str | None = None  # General already shows integers as integers; a format per cell costs
FMT_PCT = '0.0"%"'  # coverage is stored as 0-100 numbers, shown with a % sign
FMT_USD = '"$"#,##0.00'
FMT_AMOUNT = "#,##0.00"
FMT_TIME = "yyyy-mm-dd hh:mm"

MAX_WIDTH = 50
MIN_WIDTH = 6
_WIDTH_SAMPLE = 400  # rows looked at when sizing a column: enough, and keeps big sheets fast


@dataclass(frozen=True)
class Col:
    """One column of a sheet table: header text, number format, width, header comment."""

    header: str
    number_format: str | None = None
    width: float | None = None  # None: sized from content, capped at MAX_WIDTH
    comment: str | None = None


def put(ws: Worksheet, row: int, col: int, value: object, fmt: str | None = None) -> Cell:
    """Write one value safely (never a formula, never an illegal character)."""
    cell = ws.cell(row=row, column=col, value=safe_cell(value))
    if fmt is not None and cell.value is not None:
        cell.number_format = fmt
    return cell


def link(cell: Cell, target: str | None) -> None:
    """Make ``cell`` a hyperlink to a target the caller has already validated."""
    if target:
        cell.hyperlink = target
        cell.font = LINK_FONT


def write_header(ws: Worksheet, row: int, columns: Sequence[Col]) -> None:
    """The header row: bold white on blue, comments where a column needs explaining."""
    for index, spec in enumerate(columns, start=1):
        cell = put(ws, row, index, spec.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=False)
        if spec.comment:
            cell.comment = Comment(spec.comment, "harvester", width=360, height=160)


def write_rows(
    ws: Worksheet, first_row: int, columns: Sequence[Col], rows: Iterable[Sequence[object]]
) -> int:
    """Write data rows under the header; returns the last row written (header row if none)."""
    last = first_row - 1
    formats = [spec.number_format for spec in columns]
    for offset, values in enumerate(rows):
        last = first_row + offset
        for col_index, value in enumerate(values, start=1):
            fmt = formats[col_index - 1] if col_index <= len(formats) else None
            put(ws, last, col_index, value, fmt)
    return last


def finish_table(
    ws: Worksheet,
    columns: Sequence[Col],
    *,
    header_row: int,
    last_row: int,
    freeze_col: int = 2,
    filter_last_row: int | None = None,
) -> None:
    """Freeze header + first column, autofilter the table, size the columns."""
    last_col = max(len(columns), 1)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=freeze_col).coordinate
    end = max(filter_last_row if filter_last_row is not None else last_row, header_row)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{end}"
    size_columns(ws, columns, header_row=header_row, last_row=last_row)


def size_columns(ws: Worksheet, columns: Sequence[Col], *, header_row: int, last_row: int) -> None:
    """Width from the longest first line in a sample of rows, capped; fixed widths win."""
    sample_end = min(last_row, header_row + _WIDTH_SAMPLE)
    for index, spec in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if spec.width is not None:
            ws.column_dimensions[letter].width = spec.width
            continue
        longest = len(spec.header) + 3  # room for the autofilter button
        for (value,) in ws.iter_rows(
            min_row=header_row + 1,
            max_row=sample_end,
            min_col=index,
            max_col=index,
            values_only=True,
        ):
            if value is not None:
                longest = max(longest, _display_len(value))
        ws.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))


def _display_len(value: object) -> int:
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if hasattr(value, "isoformat"):
        return 16
    text = str(value)
    return len(text.split("\n", 1)[0])


def bar_chart(
    ws: Worksheet,
    *,
    title: str,
    data_col: int,
    label_col: int,
    header_row: int,
    first_row: int,
    last_row: int,
    anchor: str,
    y_title: str,
    horizontal: bool = False,
) -> BarChart | None:
    """A native bar chart over a block of this sheet (data with its header as series name)."""
    if last_row < first_row:
        return None  # no data: an empty chart only confuses
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.legend = None
    chart.y_axis.title = y_title
    chart.add_data(
        Reference(ws, min_col=data_col, min_row=header_row, max_row=last_row), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=label_col, min_row=first_row, max_row=last_row))
    # openpyxl 3.1 hides axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    rows = last_row - first_row + 1
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
        chart.height = max(7.5, 0.45 * rows + 2)
        chart.width = 22
    else:
        chart.height = 9
        chart.width = max(16, 1.1 * rows + 4)
    ws.add_chart(chart, anchor)
    return chart
