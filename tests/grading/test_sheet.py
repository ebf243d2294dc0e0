"""The Grading sheet as written: locked facts, unlocked validated inputs, hidden state."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from harvester.grading.rubric import default_rubric
from harvester.grading.store import GROUP, Change, GradeStore

from .sheetkit import headers, make_group, row_of, write_grading_workbook

SHA = "1" * 40


def test_layout_protection_validation_and_state(tmp_path: Path) -> None:
    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([
        Change(GROUP, "3", "grade", "02", "alice", deadline_sha=SHA, report_sha256="r" * 64),
        Change(GROUP, "3", "private_note", "=mind the gap"),
        Change(GROUP, "11", "grade", "7", "bob", deadline_sha="0" * 40, report_sha256="r" * 64),
    ])  # fmt: skip
    groups = [make_group("3", SHA), make_group("11", SHA)]
    path = write_grading_workbook(tmp_path / "cohort.xlsx", groups, store, default_rubric(), "wb1")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Overview", "Grading", "_grading_state"]
    ws = wb["Grading"]
    cols = headers(ws)
    for name in (
        "grade",
        "total",
        "comment to group",
        "private note",
        "grader",
        "confirm",
        "coverage % (corrected)",
        "credits (corrected)",
        "services (corrected)",
    ):
        assert ws.cell(2, cols[name]).protection.locked is False, name
    for name in ("group", "fetch status", "deadline commit", "coverage % (report)"):
        assert ws.cell(2, cols[name]).protection.locked is True, name
    prot = ws.protection
    assert prot.sheet and not prot.password
    assert prot.sort is False and prot.autoFilter is False  # False = allowed while protected
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.cell(2, cols["grade"]).number_format == "@"  # typed "02" stays "02"
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    grade_col = ws.cell(1, cols["grade"]).column_letter
    grade_rule = rules[f"{grade_col}2:{grade_col}3"]
    assert (grade_rule.type, grade_rule.formula1) == ("list", '"12,10,7,4,02,00,-3"')
    cov = ws.cell(1, cols["coverage % (corrected)"]).column_letter
    assert (rules[f"{cov}2:{cov}3"].type, rules[f"{cov}2:{cov}3"].formula2) == ("decimal", "100")

    g3, g11 = row_of(ws, "3"), row_of(ws, "11")
    assert ws.cell(g3, cols["grade"]).value == "02"
    assert ws.cell(g3, cols["private note"]).value == "'=mind the gap"  # never a formula
    assert ws.cell(g3, cols["grade status"]).value == "graded: 02"
    assert ws.cell(g11, cols["grade status"]).value.startswith("stale: deadline commit changed")
    assert ws.cell(g11, cols["grade"]).fill.fgColor.rgb.endswith("FFC7CE")

    state = wb["_grading_state"]
    assert state.sheet_state == "veryHidden"
    rows = {r[0]: r for r in state.iter_rows(values_only=True) if r[0]}
    assert rows["workbook"][1] == "wb1"
    group_rows = [r for r in state.iter_rows(values_only=True) if r[0] == "group"]
    bases = {r[1]: json.loads(r[2]) for r in group_rows}
    assert bases["3"]["deadline_sha"] == SHA
    assert bases["3"]["base"]["grade"] == "02"
    assert bases["3"]["base"]["private_note"] == "=mind the gap"


def test_a_stale_snapshot_says_so_in_fetch_status(course: Path, capsys) -> None:
    """A roster URL typo keeps the earlier snapshot (stale): the TA grading from the sheet
    sees that copy marked, with the reason the index gives."""
    from .harvestkit import harvest

    assert harvest(course, capsys)[0] == 0
    roster = course / "groups.csv"
    roster.write_text(roster.read_text().replace("repos/g2", "repos/g2-typo"))
    code, err = harvest(course, capsys)
    assert code in (0, 1), err
    snapshot = json.loads((course / "output" / "groups" / "2" / "snapshot.json").read_text())
    assert snapshot["stale"] is True
    ws = load_workbook(course / "output" / "cohort.xlsx")["Grading"]
    status = headers(ws)["fetch status"]
    assert ws.cell(row_of(ws, "1"), status).value == "ok"
    assert ws.cell(row_of(ws, "2"), status).value == f"ok (stale: {snapshot['error']})"
    assert "g2-typo" in snapshot["error"]


def test_a_hostile_group_id_is_never_a_formula_and_still_keys_its_grades(tmp_path: Path) -> None:
    from harvester.grading.importer import read_edits

    from .sheetkit import type_into

    hostile = '=HYPERLINK("http://evil.example","x")'
    store = GradeStore.load(tmp_path / "grades.csv")
    path = write_grading_workbook(
        tmp_path / "cohort.xlsx", [make_group(hostile, SHA)], store, default_rubric(), "wb1"
    )
    wb = load_workbook(path)
    formulas = [
        f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row
        if c.data_type == "f"
    ]  # fmt: skip
    assert formulas == []  # the hidden state sheet included: Excel would evaluate it on open
    edited = type_into(path, tmp_path / "edited.xlsx", {(hostile, "grade"): "7"})
    edits = read_edits(edited, store, default_rubric())
    assert [(c.key, c.field, c.value) for _, c in edits.edits] == [(hostile, "grade", "7")]
