"""The grading commands on a real harvest: what a TA typed in cohort.xlsx is never dropped by a
renamed or deleted sheet, a second copy of the workbook, a command that reads the store while
edits are pending, or a workbook saved outside the output folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harvester.grading.store import GROUP, GradeStore

from .harvestkit import run
from .sheetkit import type_into


def grade(course: Path, group: str) -> str:
    return GradeStore.load(course / "grades.csv").value(GROUP, group, "grade")


def test_a_renamed_grading_sheet_is_imported(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    book = type_into(out / "cohort.xlsx", out / "cohort.xlsx", {("1", "grade"): "10"})
    wb = load_workbook(book)
    wb["Grading"].title = "Grading (TA1)"
    wb.save(book)
    code, err = run(capsys, "grades", "import", book)
    assert code == 0, err
    assert "imported 1 change(s) for group(s) 1" in err and grade(course, "1") == "10"


def test_a_deleted_grading_sheet_stops_import_and_export(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    book = out / "cohort.xlsx"
    wb = load_workbook(book)
    del wb["Grading"]
    wb.save(book)
    before = book.read_bytes()
    code, err = run(capsys, "grades", "import", book)
    assert code == 2 and "nothing new" not in err
    assert f"{book}: the 'Grading' sheet this workbook was written with is missing" in err
    code, err = run(capsys, "export", "--out", out, "--force")
    assert code == 2 and "the 'Grading' sheet this workbook was written with is missing" in err
    assert book.read_bytes() == before  # not rebuilt over


def test_two_copies_of_the_workbook_conflict(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    book = out / "cohort.xlsx"
    copy_b = shutil.copy(book, course / "copyB.xlsx")
    type_into(book, book, {("1", "grade"): "10"})
    assert run(capsys, "grades", "import", book, "--grader", "TA-A")[0] == 0
    type_into(copy_b, copy_b, {("1", "grade"): "7", ("2", "grade"): "13"})
    shutil.copy(copy_b, book)
    code, err = run(capsys, "grades", "import", book, "--grader", "TA-7")
    assert code == 2
    assert f"grades: 2 edit(s) in {book} cannot be imported:" in err and "nothing new" not in err
    assert "  conflict: Grading!E2 (group 1, grade): the sheet says '7', the grades store " in err
    assert "  not imported: Grading!E3 (group 2, grade): '13' is not on the scale" in err
    assert (
        "to let the sheet's value win over the grades store's in a conflict, add --take-sheet"
        in err
    )
    assert "should win" not in err
    assert grade(course, "1") == "10"

    code, err = run(capsys, "export", "--out", out)
    assert code == 2 and "2 edit(s) cannot be imported, so the workbook is not rebuilt" in err
    assert err.count("Grading!E2") == 1 and err.count("Grading!E3") == 1  # each cell once

    type_into(book, book, {("2", "grade"): "12"})
    code, err = run(capsys, "grades", "import", book, "--take-sheet")
    assert code == 0, err
    assert (grade(course, "1"), grade(course, "2")) == ("7", "12")


def test_grades_export_and_feedback_import_pending_edits_first(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    book = out / "cohort.xlsx"
    type_into(book, book, {("1", "grade"): "10", ("1", "comment to group"): "Well done."})
    target = course / "lms.csv"
    code, err = run(capsys, "grades", "export", "--format", "csv", "--out", target, "--from", out)
    assert code == 0, err
    assert f"grades: imported 2 change(s) for group(s) 1 from {book}" in err
    assert grade(course, "1") == "10"
    assert [line for line in target.read_text().splitlines() if ",10" in line]

    type_into(book, book, {("2", "comment to group"): "Nice API.", ("2", "grade"): "11"})
    code, err = run(capsys, "feedback", "--out", out)
    assert code == 2
    assert "1 edit(s) cannot be imported, so no feedback is written" in err
    assert "Grading!E3 (group 2, grade): '11' is not on the scale" in err
    assert "Fix them in the workbook" in err and "--take-sheet" not in err  # no conflict here
    assert not (out / "feedback").exists()
    type_into(book, book, {("2", "grade"): "12"})
    assert run(capsys, "feedback", "--out", out)[0] == 0
    assert "Nice API." in (out / "feedback" / "2.md").read_text()


def test_a_workbook_saved_outside_the_output_folder(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    downloads = course / "dl"
    downloads.mkdir()
    book = type_into(out / "cohort.xlsx", downloads / "cohort.xlsx", {("2", "grade"): "4"})
    code, err = run(capsys, "grades", "import", book)
    assert code == 2
    assert f"{downloads}: no groups/ folder beside cohort.xlsx" in err and "--out OUTPUT" in err
    code, err = run(capsys, "grades", "import", book, "--out", out)
    assert code == 0, err
    assert grade(course, "2") == "4"
    elsewhere = course / "other" / "grades.csv"
    code, err = run(capsys, "grades", "import", book, "--store", elsewhere)
    assert code == 0, err
    assert GradeStore.load(elsewhere).value(GROUP, "2", "grade") == "4"
