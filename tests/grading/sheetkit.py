"""Helpers for the Grading sheet tests: synthetic groups, a workbook written by the real sheet
writer, edits typed with openpyxl as a TA would, and cells found by group and header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from harvester.grading.book import grade_book
from harvester.grading.rubric import Rubric
from harvester.grading.sheet import GradingSheet, SheetRow
from harvester.grading.stale import Basis
from harvester.grading.store import PAIR, GradeStore
from harvester.grading.values import plain_text
from harvester.similarity.sheet import similarity_sheet
from harvester.tables import GroupData

LO_XLSX = "xlsx:Calc MS Excel 2007 XML"


def make_group(gid: str, sha: str, report: str = "r" * 64, **record: Any) -> GroupData:
    snapshot = {"group": gid, "status": "ok", "deadline_commit": {"sha": sha}, "warnings": []}
    full = {
        "template": "2026",
        "checklist": {"done": 30, "partial": 2, "open": 4},
        "unanswered": [25],
        "code_coverage": 78.0,
        "credits": {"amount": 4.2, "unit": "USD"},
        "services": ["cloud_run", "vertex_ai"],
        "answers": [],
        "warnings": [],
        "source": {"sha256": report},
        **record,
    }
    return GroupData(gid, ("s100001", f"s2000{gid:0>2}"), snapshot, full)


def make_pair(pair_id: str, group_a: str, group_b: str) -> dict[str, Any]:
    """One flagged pair as pairs.json holds it (the Similarity sheet's input)."""
    return {"pair_id": pair_id, "key": "q16", "question_a": 16, "question_b": 16,
            "cohort_a": "2026-01", "group_a": group_a, "cohort_b": "2026-01",
            "group_b": group_b, "kind": "new-new", "strength": 0.8, "shared_words": 40,
            "share_a": 0.5, "share_b": 0.5, "longest_run": 20, "excerpt": "same words"}  # fmt: skip


def write_grading_workbook(
    path: Path,
    groups: list[GroupData],
    store: GradeStore,
    rubric: Rubric,
    workbook_id: str,
    similar: list[dict[str, Any]] | None = None,
) -> Path:
    """cohort.xlsx as the export writes it: Overview, the Similarity sheet when `similar` pairs
    are given, then the Grading sheet and its hidden state."""
    book = grade_book(store, rubric, ((g.group, Basis.of(g.snapshot, g.record)) for g in groups))
    pairs = {
        key: {"base": {f: c.value for f, c in fields.items()}}
        for key, fields in store.current(PAIR).items()
    }
    sheet = GradingSheet(rubric, [SheetRow(g, book[g.group]) for g in groups], workbook_id,
                         store, pairs)  # fmt: skip
    wb = Workbook()
    wb.active.title = "Overview"
    if similar is not None:
        similarity_sheet(similar)(wb)
    sheet(wb)
    wb.save(path)
    return path


def headers(ws: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def row_of(ws: Any, group: str) -> int:
    for r in range(2, ws.max_row + 1):
        value = ws.cell(r, 1).value
        if value is not None and plain_text(value) == group:  # as the importer reads it
            return r
    raise AssertionError(f"group {group} not in the sheet")


def type_into(src: Path, dst: Path, edits: dict[tuple[str, str], object]) -> Path:
    """Open with openpyxl, type values at (group, header), save as `dst` (as a TA's app would)."""
    wb = load_workbook(src)
    ws = wb["Grading"]
    cols = headers(ws)
    for (group, header), value in edits.items():
        ws.cell(row_of(ws, group), cols[header]).value = value
    wb.save(dst)
    return dst


def cell_value(path: Path, group: str, header: str, sheet: str = "Grading") -> object:
    wb = load_workbook(path)
    ws = wb[sheet]
    return ws.cell(row_of(ws, group), headers(ws)[header]).value
