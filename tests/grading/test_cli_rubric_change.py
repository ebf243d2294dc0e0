"""A rubric.csv added after grading, on a real harvest: grades under criteria it lacks are
announced (and kept), and a group whose total cannot be computed from a scale says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from harvester.grading.store import GROUP, GradeStore

from .harvestkit import run
from .sheetkit import headers, row_of, type_into

RUBRIC = "criterion,title,max,scale\ncode,Code quality,10,\nreport,Report,20,\n" \
         "mlops,MLOps practice,,7-step\ntotal,Final grade,,7-step\n"  # fmt: skip


def lms_export(capsys: pytest.CaptureFixture, out: Path, target: Path) -> tuple[int, str]:
    return run(capsys, "grades", "export", "--format", "csv", "--out", target, "--from", out)


def test_grades_under_criteria_a_new_rubric_lacks_are_announced(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    book = out / "cohort.xlsx"
    type_into(book, book, {("1", "grade"): "10", ("2", "grade"): "7"})
    assert run(capsys, "grades", "import", book)[0] == 0
    (course / "rubric.csv").write_text(RUBRIC)
    warning = (
        f"warning: 2 group(s) have values under criteria that {course / 'rubric.csv'} does not "
        "have ('grade': group(s) 1, 2); they count nowhere but stay in the grades store"
    )
    code, err = run(capsys, "export", "--out", out)
    assert code == 0, err
    assert f"grades: {warning}" in err
    code, err = lms_export(capsys, out, course / "lms.csv")
    assert code == 0, err
    assert f"grades: {warning}" in err and "grades: 0 students" in err
    store = GradeStore.load(course / "grades.csv")
    assert (store.value(GROUP, "1", "grade"), store.value(GROUP, "2", "grade")) == ("10", "7")


def test_a_total_that_cannot_be_computed_from_a_scale_is_asked_for(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    (course / "rubric.csv").write_text(RUBRIC)
    assert run(capsys, "export", "--out", out, "--force")[0] == 0
    book = out / "cohort.xlsx"
    type_into(book, book, {("1", "code"): 8, ("1", "report"): 15, ("1", "mlops"): "10",
                           ("2", "code"): 5})  # fmt: skip
    assert run(capsys, "grades", "import", book)[0] == 0
    assert run(capsys, "export", "--out", out)[0] == 0
    ws = load_workbook(book)["Grading"]
    status = headers(ws)["grade status"]
    assert ws.cell(row_of(ws, "1"), status).value == (
        "total needed: it cannot be computed from a scale; type it in 'total'"
    )
    assert ws.cell(row_of(ws, "2"), status).value == "partly graded: report, mlops not graded yet"
    code, err = lms_export(capsys, out, course / "lms.csv")
    assert code == 0, err
    assert (
        "grades: total needed: it cannot be computed from a scale; type it in 'total', left "
        "out: group(s) 1"
    ) in err
    assert "grades: not graded, left out: group(s) 2" in err
    type_into(book, book, {("1", "total"): "10"})
    code, err = lms_export(capsys, out, course / "lms.csv")
    assert code == 0 and "grades: 2 students of 1 groups" in err, err
