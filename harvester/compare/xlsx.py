"""compare.xlsx: a Summary (cohorts read, large changes), one sheet per section with each
table's figures per cohort and a native clustered bar chart, the chart data, and Notes.

Every value passes through `harvester.cells.safe_cell` (via `xlsx.style.put`); figures are
numbers computed in Python, never formulas. A figure that does not exist ("not in template",
"not collected") is text in the tables and a gap in the charts, never a zero.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.atomic import atomic_write_bytes
from harvester.compare.model import PERCENT, USD, Comparison, Row, Section, Table
from harvester.export.rates import describe_rates
from harvester.export.xlsx.style import (
    BOLD,
    FILL_WARN,
    FMT_PCT,
    FMT_USD,
    HEADER_FILL,
    HEADER_FONT,
    put,
)

MUTED = Font(italic=True, color="808080")
TITLE = Font(bold=True, size=13)
FORMATS = {PERCENT: FMT_PCT, USD: FMT_USD}
DEFAULT_FORMAT = "0.0"
LABEL_WIDTH = 60
CHART_LABEL = 45  # characters of a row label shown on a chart axis
ROW_CM = 0.53  # height of a default row, to keep stacked tables clear of their charts


def write_workbook(comparison: Comparison, path: Path) -> None:
    """Build compare.xlsx in memory and write it atomically."""
    wb = build_workbook(comparison)
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


def build_workbook(comparison: Comparison) -> Workbook:
    wb = Workbook()
    wb.properties.creator = "harvester"
    wb.properties.title = "Cohort comparison"
    summary = wb.active
    summary.title = "Summary"
    data = wb.create_sheet("Chart data")
    write_summary(summary, comparison)
    data_row = 1
    for index, section in enumerate(comparison.sections, start=1):
        ws = wb.create_sheet(section.title[:31], index)
        data_row = write_section(ws, data, data_row, section, comparison.labels)
    write_notes(wb.create_sheet("Notes"), comparison)
    wb.move_sheet(
        data, offset=len(wb.sheetnames) - 1 - wb.index(data)
    )  # last: it only feeds charts
    return wb


def _header(ws: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = put(ws, row, col, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL


def write_summary(ws: Worksheet, comparison: Comparison) -> None:
    put(ws, 1, 1, "Cohort comparison").font = TITLE
    _header(ws, 3, ["cohort", "folder", "schema version", "deadline", "groups",
                    "with a parsed report", "main template", "also has"])  # fmt: skip
    for row, info in enumerate(comparison.cohorts, start=4):
        values = [info.label, info.path, info.schema_version, info.deadline, info.groups,
                  info.reported, info.main_template, ", ".join(info.tables) or None]  # fmt: skip
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
    row = 5 + len(comparison.cohorts)
    changes = comparison.changes
    put(ws, row, 1, f"Large changes between consecutive cohorts ({len(changes)})").font = BOLD
    _header(ws, row + 1, ["section", "table", "figure", "from", "to", "before", "after",
                          "change"])  # fmt: skip
    for offset, change in enumerate(changes, start=row + 2):
        fmt = FORMATS.get(change.unit, DEFAULT_FORMAT)
        values = [change.section, change.table, change.row, change.before_label,
                  change.after_label]  # fmt: skip
        for col, value in enumerate(values, start=1):
            put(ws, offset, col, value)
        put(ws, offset, 6, change.before, fmt)
        put(ws, offset, 7, change.after, fmt).fill = FILL_WARN
        put(ws, offset, 8, change.describe())
    if not changes:
        put(ws, row + 2, 1, "none: no figure moved past its threshold (see Notes)").font = MUTED
    for col, width in zip("ABCDEFGH", (18, 40, 50, 12, 12, 12, 12, 28), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"


def write_section(
    ws: Worksheet, data: Worksheet, data_row: int, section: Section, labels: list[str]
) -> int:
    """The section's tables stacked, each with its chart; returns the next free chart-data row."""
    row = 1
    for table in section.tables:
        end = write_table(ws, row, table, labels)
        chart_rows = [r for r in table.rows if r.chart]
        height = 0.0
        if chart_rows:
            block = write_chart_data(data, data_row, table, chart_rows, labels)
            chart = clustered_chart(data, block, table.title, len(chart_rows), len(labels))
            ws.add_chart(chart, f"{get_column_letter(2 * len(labels) + 3)}{row}")
            data_row = block[1] + 2
            height = chart.height
        row = max(end + 3, row + int(height / ROW_CM) + 2)
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for col in range(2, 2 * len(labels) + 2):
        ws.column_dimensions[get_column_letter(col)].width = 13
    return data_row


def write_table(ws: Worksheet, row: int, table: Table, labels: list[str]) -> int:
    """Title, note, header and one line per row; returns the last row written."""
    put(ws, row, 1, table.title).font = TITLE
    put(ws, row + 1, 1, table.note).font = MUTED
    _header(ws, row + 2, ["", *labels, *(f"{table.n_label} {label}" for label in labels)])
    for offset, figure in enumerate(table.rows, start=row + 3):
        write_row(ws, offset, figure, len(labels))
    return row + 2 + len(table.rows)


def write_row(ws: Worksheet, row: int, figure: Row, k: int) -> None:
    put(ws, row, 1, figure.label)
    fmt = FORMATS.get(figure.unit, DEFAULT_FORMAT)
    for i, cell in enumerate(figure.cells):
        if cell.value is None:
            put(ws, row, 2 + i, cell.reason).font = MUTED
        else:
            target = put(ws, row, 2 + i, cell.value, fmt)
            change = figure.changes[i] if i < len(figure.changes) else None
            if change is not None:
                target.fill = FILL_WARN
                target.comment = Comment(f"large change: {change.describe()}", "harvester")
        put(ws, row, 2 + k + i, cell.n)


def write_chart_data(
    data: Worksheet, row: int, table: Table, rows: list[Row], labels: list[str]
) -> tuple[int, int]:
    """The plotted figures (gaps for missing ones); returns (header row, last row)."""
    put(data, row, 1, table.title).font = BOLD
    for col, label in enumerate(labels, start=2):
        put(data, row, col, label).font = BOLD
    for offset, figure in enumerate(rows, start=row + 1):
        label = figure.label
        put(data, offset, 1, label if len(label) <= CHART_LABEL else label[: CHART_LABEL - 1] + "…")
        for col, cell in enumerate(figure.cells, start=2):
            put(data, offset, col, cell.value, FORMATS.get(figure.unit, DEFAULT_FORMAT))
    data.column_dimensions["A"].width = CHART_LABEL
    return row, row + len(rows)


def clustered_chart(
    data: Worksheet, block: tuple[int, int], title: str, n_rows: int, k: int
) -> BarChart:
    """Horizontal bars, one series (colour) per cohort, clustered per row."""
    header, last = block
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = title
    chart.add_data(
        Reference(data, min_col=2, max_col=1 + k, min_row=header, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=header + 1, max_row=last))
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.legend.position = "t"
    chart.width = 22
    chart.height = max(7.5, 0.18 * n_rows * k + 0.35 * n_rows + 3)
    return chart


def write_notes(ws: Worksheet, comparison: Comparison) -> None:
    """How the figures are counted, the thresholds and each cohort's credit rates."""
    put(ws, 1, 1, "How to read this workbook").font = TITLE
    lines = [
        "Shares are % of the groups with a parsed report (late work: of the groups whose "
        "deadline commit was found); the n columns say how many groups each figure counts.",
        "'not in template': no template generation that cohort used had the item or question; "
        "'not collected': the harvest has no such table; 'no data': nobody to count.",
        "Questions are matched across template generations by their key, not their number.",
        "A highlighted cell changed past its threshold since the cohort before it (a comment "
        "says by how much); the Summary lists them all.",
        "There are no formulas in this workbook: every figure is a computed number.",
    ]
    for row, line in enumerate(lines, start=2):
        put(ws, row, 1, line)
    row = len(lines) + 3
    put(ws, row, 1, "Large change thresholds (harvester/bank/compare.json)").font = BOLD
    for name, rule in comparison.thresholds.items():
        row += 1
        put(ws, row, 1, name)
        put(ws, row, 2, ", ".join(f"{k} {v:g}" for k, v in rule.items()))
    row += 2
    put(ws, row, 1, "Credit conversion per cohort (as that cohort's export used)").font = BOLD
    for info in comparison.cohorts:
        row += 1
        put(ws, row, 1, info.label)
        put(ws, row, 2, describe_rates(info.rates))
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 110
