"""Where cohort.xlsx's three facts came from: a note on each fact cell with the source sentence,
a fill on the cells the parser was not sure of, and a per-group count of those on the Overview.

Reads the tidy ``facts`` table (record.json ``facts_sources``, one row per fact or service
mention) after the Overview and Services sheets are written, and finds its cells by header and
group, so those sheets need not know about facts at all.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.cells import safe_cell
from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import FMT_INT, HEADER_FILL, HEADER_FONT, put

# Lavender: unlike the red/yellow/green/orange of problems, warnings, done and the checker.
FILL_LOW = PatternFill("solid", fgColor="D9C8F0")
LOW_MEANING = (
    "low-confidence fact (coverage, credits, a service): the parser was not sure; the cell's "
    "note gives the source sentence and why. Check it in the report page's highlighted words."
)
CHECK_HEADER = "facts to check"
_FIELD_HEADER = {"code_coverage": "code coverage %", "credits": "credits amount"}
_LEFT_OUT = {
    "not_used": "said not used",
    "tried_failed": "tried, never worked",
    "compared": "only compared",
    "future": "only planned",
}
_NOTE_CHARS = 1500


def _text(value: object) -> str:
    return "" if v.is_missing(value) else str(value)


def _source_line(row: dict) -> str:
    where = f"Q{_text(row['question'])}"
    if not v.is_missing(row["line"]):
        where += f", line {_text(row['line'])}"
    sentence = _text(row["sentence"]) or _text(row["words"])
    return f"{where}: \u201c{sentence}\u201d"


def _note(lines: list[str]) -> Comment:
    text = "\n".join(lines)
    if len(text) > _NOTE_CHARS:
        text = text[: _NOTE_CHARS - 1] + "\u2026"
    clean = safe_cell(text)  # no control characters; a note is never evaluated
    return Comment(str(clean), "harvester", width=420, height=200)


def _fact_note(row: dict) -> list[str]:
    lines = [_source_line(row), f"rule: {_text(row['rule'])}"]
    if row["confidence"] == "low":
        lines.append(f"LOW CONFIDENCE: {_text(row['reason'])}")
        if _text(row["candidates"]):
            lines.append(f"candidates: {_text(row['candidates'])}")
    return lines


def _columns(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def _rows(ws: Worksheet) -> dict[str, int]:
    rows: dict[str, int] = {}
    for row in range(2, ws.max_row + 1):
        value = ws.cell(row=row, column=1).value
        if value is not None and v.group_id(value):
            rows.setdefault(v.group_id(value), row)
    return rows


def _by_group(facts: pd.DataFrame) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    if facts is None or facts.empty or "group" not in facts.columns:
        return grouped
    for row in facts.to_dict("records"):
        if not v.is_missing(row.get("group")):
            grouped[v.group_id(row["group"])].append(row)
    return grouped


def low_count(rows: list[dict]) -> int:
    """How many of a group's facts are low-confidence (each service mention counts once)."""
    return sum(1 for row in rows if row.get("confidence") == "low")


def annotate_facts(wb: Workbook, facts: pd.DataFrame | None) -> None:
    """Notes and fills on the Overview's coverage/credits/services cells and the Services
    matrix, plus the Overview's 'facts to check' column."""
    grouped = _by_group(facts if isinstance(facts, pd.DataFrame) else pd.DataFrame())
    if "Overview" in wb.sheetnames:
        _annotate_overview(wb["Overview"], grouped)
    if "Services" in wb.sheetnames:
        _annotate_services(wb["Services"], grouped)


def _annotate_overview(ws: Worksheet, grouped: dict[str, list[dict]]) -> None:
    columns = _columns(ws)
    rows = _rows(ws)
    check_col = ws.max_column + 1
    header = put(ws, 1, check_col, CHECK_HEADER)
    header.font, header.fill = HEADER_FONT, HEADER_FILL
    header.alignment = Alignment(vertical="top")
    header.comment = Comment(
        "Facts (coverage, credits, services) the parser marked low-confidence: their cells are "
        "filled lavender and their notes say why.",
        "harvester",
        width=360,
        height=120,
    )
    ws.column_dimensions[get_column_letter(check_col)].width = len(CHECK_HEADER) + 3
    for group, row in rows.items():
        facts = grouped.get(group, [])
        put(ws, row, check_col, low_count(facts), FMT_INT)
        for fact in facts:
            header_name = _FIELD_HEADER.get(str(fact["field"]))
            if header_name in columns:
                cell = ws.cell(row=row, column=columns[header_name])
                cell.comment = _note(_fact_note(fact))
                if fact["confidence"] == "low":
                    cell.fill = FILL_LOW
        services = [f for f in facts if f["field"] == "services"]
        if services and "services count" in columns:
            cell = ws.cell(row=row, column=columns["services count"])
            cell.comment = _note(_services_note(services))
            if low_count(services):
                cell.fill = FILL_LOW
    ref = ws.auto_filter.ref
    if ref:
        end_row = "".join(ch for ch in ref.split(":")[-1] if ch.isdigit())
        ws.auto_filter.ref = f"A1:{get_column_letter(check_col)}{end_row}"


def _services_note(rows: list[dict]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        name = _text(row["name"]) or _text(row["service"])
        status = _text(row["status"])
        flag = " [LOW: " + _text(row["reason"]) + "]" if row["confidence"] == "low" else ""
        label = "used" if status == "used" else _LEFT_OUT.get(status, status)
        lines.append(f"{name} ({label}){flag} \u2014 {_source_line(row)}")
    return lines


def _annotate_services(ws: Worksheet, grouped: dict[str, list[dict]]) -> None:
    columns = _columns(ws)
    rows = _rows(ws)
    for group, row in rows.items():
        by_service: dict[str, list[dict]] = defaultdict(list)
        for fact in grouped.get(group, []):
            if fact["field"] == "services" and fact["status"] == "used":
                by_service[_text(fact["service"])].append(fact)
        for service, facts in by_service.items():
            if service not in columns:
                continue
            cell = ws.cell(row=row, column=columns[service])
            lines: list[str] = []
            for fact in facts:
                if service == "other":
                    lines.append(_text(fact["name"]))
                lines.extend(_fact_note(fact))
            cell.comment = _note(lines)
            if low_count(facts):
                cell.fill = FILL_LOW
