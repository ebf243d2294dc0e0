"""The Grading sheet of cohort.xlsx: a view of the grades store, rebuilt on every export.

One row per group: read-only facts (locked; the sheet is protected without a password, with
sorting and filtering allowed) beside the editable columns of `columns.py` (unlocked, with data
validation). A very hidden `_grading_state` sheet records what each editable cell showed when
the workbook was written (its base), the snapshot each row showed, and the workbook's id: the
importer needs them to tell a TA's edit from a change made in the store since, and to give a
grade the snapshot the grader actually saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx.style import (
    FILL_BAD,
    FILL_GOOD,
    FILL_WARN,
    Col,
    finish_table,
    link,
    put,
    write_header,
)
from harvester.grading.book import GroupGrades
from harvester.grading.columns import (
    SHEET,
    SIMILARITY_SHEET,
    STATE_SHEET,
    TEXT,
    Column,
    columns,
)
from harvester.grading.facts import evidence_summary, limit_violations, unanswered
from harvester.grading.fields import CONFIRM, CORRECTION_FIELDS, TEXT_FIELDS
from harvester.grading.rubric import Rubric
from harvester.grading.store import GradeStore
from harvester.grading.values import parse_number, plain_text
from harvester.layout import safe_group_dirname
from harvester.tables import GroupData, warning_rows

STATE_VERSION = 1
EDIT_FILL = PatternFill("solid", fgColor="FFF9E5")  # where the TA types
EDIT_HEADER_FILL = PatternFill("solid", fgColor="548235")
UNLOCKED = Protection(locked=False)
MAX_LIST_FORMULA = 255  # Excel's limit for an inline list validation


@dataclass
class SheetRow:
    data: GroupData
    grades: GroupGrades
    evidence: dict[str, Any] | None = None


@dataclass
class GradingSheet:
    """Writes the Grading sheet (and its hidden state) into a workbook: `sheet(wb)`."""

    rubric: Rubric
    rows: list[SheetRow]
    workbook_id: str
    store: GradeStore | None
    pairs: dict[str, dict[str, str]] = field(default_factory=dict)  # pair_id -> review base

    def __call__(self, wb: Workbook) -> None:
        spec = columns(self.rubric)
        ws = wb.create_sheet(SHEET, min(1, len(wb.sheetnames)))  # right after the Overview
        ws.sheet_properties.tabColor = "548235"
        write_header(ws, 1, [Col(c.header, None, c.width, c.comment or None) for c in spec])
        for index, column in enumerate(spec, start=1):
            if column.editable:
                ws.cell(row=1, column=index).fill = EDIT_HEADER_FILL
        bases = {}
        for r, row in enumerate(self.rows, start=2):
            bases[row.data.group] = self._write_row(ws, r, spec, row)
        last = max(len(self.rows) + 1, 1)
        finish_table(
            ws,
            [Col(c.header, None, c.width) for c in spec],
            header_row=1,
            last_row=last,
            freeze_col=2,
        )
        self._validate(ws, spec, last)
        _protect(ws)
        self._write_state(wb, bases)

    def _write_row(self, ws: Worksheet, r: int, spec: list[Column], row: SheetRow) -> dict:
        values = row_values(row, self.rubric)
        base: dict[str, str] = {}
        for index, column in enumerate(spec, start=1):
            value = _typed(column, values.get(column.field or column.header))
            cell = put(ws, r, index, value)
            if column.editable:
                assert column.field is not None
                base[column.field] = plain_text(cell.value)  # as the cell will read back
                cell.protection = UNLOCKED
                cell.fill = EDIT_FILL
                if column.text:
                    cell.number_format = TEXT
        grades = row.grades
        by_header = {c.field or c.header: i for i, c in enumerate(spec, start=1)}
        for name in grades.stale:
            ws.cell(row=r, column=by_header[name]).fill = FILL_BAD
        for name in grades.invalid:
            if name in by_header:
                ws.cell(row=r, column=by_header[name]).fill = FILL_WARN
        status = ws.cell(row=r, column=by_header["grade status"])
        if grades.stale:
            status.fill = FILL_BAD
        elif grades.invalid:
            status.fill = FILL_WARN
        elif grades.final:
            status.fill = FILL_GOOD
        link(
            ws.cell(row=r, column=by_header["report page"]),
            f"groups/{safe_group_dirname(row.data.group)}/report.html",
        )
        snapshot = {
            "deadline_sha": grades.basis.deadline_sha,
            "report_sha256": grades.basis.report_sha256,
        }
        return {**snapshot, "base": base}

    def _validate(self, ws: Worksheet, spec: list[Column], last: int) -> None:
        for index, column in enumerate(spec, start=1):
            rule = _validation(column)
            if rule is None:
                continue
            letter = get_column_letter(index)
            ws.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{max(last, 2)}")

    def _write_state(self, wb: Workbook, bases: dict[str, dict]) -> None:
        ws = wb.create_sheet(STATE_SHEET)
        editable = [SHEET] + [SIMILARITY_SHEET] * _has_pairs(wb)
        header = [
            ("harvester grading state", STATE_VERSION),
            ("workbook", self.workbook_id),
            ("sheets", ", ".join(editable)),  # the importer refuses a workbook that lost one
            ("store", str(self.store.path) if self.store else ""),
            ("store rows", self.store.rows if self.store else 0),
            ("rubric", str(self.rubric.source or "default")),
        ]
        for r, (key, value) in enumerate(header, start=1):
            put(ws, r, 1, key)
            put(ws, r, 2, value)
        r = len(header) + 2
        for scope, items in (("group", bases), ("pair", self.pairs)):
            for key, state in items.items():
                ws.cell(row=r, column=1, value=scope)
                put(ws, r, 2, str(key))  # a roster's group id is student-facing text too
                # JSON text: a spreadsheet keeps a string cell as it is ("02" stays "02").
                ws.cell(row=r, column=3, value=json.dumps(state, ensure_ascii=False))
                r += 1
        ws.sheet_state = "veryHidden"
        ws.protection.sheet = True


def _has_pairs(wb: Workbook) -> bool:
    """The Similarity sheet (written before this one) lists pairs a TA can review."""
    if SIMILARITY_SHEET not in wb.sheetnames:
        return False
    ws = wb[SIMILARITY_SHEET]
    header = [c.value for c in ws[1]]
    if "question" not in header:
        return False
    column = header.index("question") + 1
    return any(ws.cell(r, column).value for r in range(2, ws.max_row + 1))


def _typed(column: Column, value: Any) -> Any:
    """A stored number goes into a number-validated cell as a number (the store keeps text), so
    the spreadsheet's validation and sums see what the TA typed."""
    if column.validation is None or column.validation[0] != "decimal" or not isinstance(value, str):
        return value
    try:
        number = parse_number(value)
    except ValueError:
        return value  # shown as stored, and flagged
    return int(number) if number.is_integer() else number


def _protect(ws: Worksheet) -> None:
    """Protected without a password: facts cannot be typed over, sorting and filtering work."""
    protection = ws.protection
    protection.sheet = True
    protection.sort = False  # False = allowed
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False


def _validation(column: Column) -> DataValidation | None:
    if column.validation is None:
        return None
    kind = column.validation[0]
    if kind == "list":
        formula = '"' + ",".join(column.validation[1]) + '"'
        if len(formula) > MAX_LIST_FORMULA or any('"' in v for v in column.validation[1]):
            return None  # too long for Excel's inline list: the importer still checks it
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = f"Type one of: {', '.join(column.validation[1])}"
    else:
        _, low, high = column.validation
        if high is None:
            rule = DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1=str(low), allow_blank=True
            )
        else:
            rule = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                allow_blank=True,
            )
        rule.error = f"Type a number from {low}" + (f" to {high}" if high is not None else "")
    rule.errorTitle = column.header
    rule.showErrorMessage = True
    return rule


def _group_cell(group: str) -> int | str:
    """Numeric ids as numbers (they sort as numbers); others, and "03", as text."""
    return int(group) if group.isdigit() and str(int(group)) == group else group


def _display_number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def row_values(row: SheetRow, rubric: Rubric) -> dict[str, Any]:
    """One group's cells, keyed by store field (editable) or header (facts)."""
    data, grades = row.data, row.grades
    snap, rec = data.snapshot, data.record
    record = rec or {}
    checklist = record.get("checklist") or {}
    credits = record.get("credits") or {}
    values: dict[str, Any] = {
        "group": _group_cell(data.group),
        "report page": "report",
        "fetch status": fetch_status(snap),
        "grade status": grade_status(grades),
        "roster members": "; ".join(data.roster_members or ()) or None,
        "deadline commit": grades.basis.deadline_sha[:7] or None,
        "template": record.get("template"),
        "unanswered questions": ", ".join(map(str, unanswered(rec))) or None,
        "limit violations": "; ".join(limit_violations(rec)) or None,
        "checklist": (
            f"{checklist.get('done', 0)} / {checklist.get('partial', 0)} / "
            f"{checklist.get('open', 0)}"
            if rec is not None
            else None
        ),
        "evidence": evidence_summary(row.evidence) or None,
        "warnings": sum(1 for _ in warning_rows(data)),
        "coverage % (report)": _display_number(record.get("code_coverage")),
        "credits (report)": (
            f"{credits.get('amount')} {credits.get('unit') or ''}".strip()
            if isinstance(credits, dict) and credits.get("amount") is not None
            else None
        ),
        "services (report)": ", ".join(record.get("services") or []) or None,
    }
    for name in rubric.grade_fields:
        values[name] = grades.values.get(name) or _raw(grades, name)
    for name in (*TEXT_FIELDS, *CORRECTION_FIELDS):
        values[name] = grades.texts.get(name) or grades.corrections.get(name) or _raw(grades, name)
    values[CONFIRM] = None
    return values


def _raw(grades: GroupGrades, name: str) -> str | None:
    """A stored value the rubric no longer accepts is shown as stored (and flagged)."""
    return grades.changes[name].value if name in grades.changes else None


def fetch_status(snapshot: dict[str, Any]) -> str | None:
    """The snapshot's status; a kept earlier copy says so and why, as the index does, since a
    TA grading from the sheet grades that copy."""
    status = snapshot.get("status")
    if snapshot.get("stale") is not True:
        return status
    error = plain_text(snapshot.get("error"))
    return f"{status} (stale: {error})" if error else f"{status} (stale)"


def grade_status(grades: GroupGrades) -> str:
    if grades.stale:
        return "stale: " + grades.stale_text()
    if grades.invalid:
        return "check: " + "; ".join(f"{k}: {v}" for k, v in grades.invalid.items())
    if grades.final:
        return f"graded: {grades.final}"
    return grades.pending or "not graded"
