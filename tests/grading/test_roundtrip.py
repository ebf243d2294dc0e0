"""The whole round trip on real git repositories: grades typed into cohort.xlsx (re-saved by
LibreOffice) are imported, survive a re-harvest whose deadline commit moved, the moved group is
flagged stale everywhere until confirmed, corrections win everywhere, and nothing typed is lost
(conflicts and open workbooks stop the export with the cells or the lock file named)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from fetch.helpers import StudentRepo
from openpyxl import load_workbook
from parse.parse_synth import sub

from harvester.cli import main
from harvester.export.index_html import CORRECTED_MARK
from harvester.grading.store import GROUP, Change, GradeStore

from .harvestkit import harvest, report
from .sheetkit import LO_XLSX, cell_value, headers, row_of, type_into

BACKDATED = "2026-01-23T18:00:00+01:00"  # a push after the first harvest, dated before the deadline


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def office_edit(libreoffice, course: Path, edits: dict, name: str) -> None:
    """Type into output/cohort.xlsx with openpyxl, re-save it with LibreOffice, put it back."""
    book = course / "output" / "cohort.xlsx"
    typed = type_into(book, course / f"{name}.xlsx", edits)
    saved = libreoffice(typed, LO_XLSX, course / f"lo-{name}")
    shutil.copy(saved, book)


def test_round_trip(
    libreoffice, repos: dict[str, StudentRepo], course: Path, capsys: pytest.CaptureFixture
) -> None:
    out = course / "output"
    assert harvest(course, capsys)[0] == 0
    office_edit(libreoffice, course, {
        ("1", "grade"): "02", ("1", "comment to group"): "Solid pipeline.",
        ("1", "private note"): "SECRET-ROUNDTRIP", ("1", "grader"): "alice",
        ("1", "coverage % (corrected)"): 90, ("2", "grade"): 10.0,
        ("2", "services (corrected)"): "none",
    }, "first")  # fmt: skip
    capsys.readouterr()
    assert main(["grades", "import", str(out / "cohort.xlsx"), "--grader", "bob"]) == 0
    assert "imported 7 change(s) for group(s) 1, 2" in capsys.readouterr().err
    store = course / "grades.csv"  # next to the roster, outside output/
    assert GradeStore.load(store).value(GROUP, "2", "grade") == "10"

    # typed after the import and never imported: the next harvest's export must pick it up
    office_edit(libreoffice, course, {("2", "comment to group"): "Nice API."}, "second")
    # a late push, dated before the deadline: group 1's deadline commit moves
    text = sub(report(1, 61), "Group 1", "Group 1 (final)")
    repos["1"].commit({"reports/README.md": text}, BACKDATED, message="backdated fix")
    code, err = harvest(course, capsys)
    assert code == 0, err
    assert "imported 1 change(s) for group(s) 2" in err

    grades = {(r["group"], r["criterion"]): r for r in rows(out / "data" / "grades.csv")}
    assert set(grades) == {("1", "grade"), ("2", "grade")}
    assert (grades["1", "grade"]["value"], grades["1", "grade"]["stale"]) == ("02", "True")
    assert (grades["2", "grade"]["value"], grades["2", "grade"]["stale"]) == ("10", "False")
    assert grades["1", "grade"]["grader"] == "alice" and grades["2", "grade"]["grader"] == "bob"
    book = out / "cohort.xlsx"
    assert cell_value(book, "1", "grade") == "02"
    assert str(cell_value(book, "1", "grade status")).startswith("stale: deadline commit changed")
    assert cell_value(book, "2", "comment to group") == "Nice API."
    assert cell_value(book, "2", "grade status") == "graded: 10"
    index = (out / "index.html").read_text()
    assert index.count(">grade stale</span>") == 1
    assert "Grade stale: deadline commit changed" in (out / "groups/1/report.html").read_text()
    assert "Grade stale" not in (out / "groups/2/report.html").read_text()

    # corrections win everywhere: tables, CSVs, sheets, index, pages
    groups = {r["group"]: r for r in rows(out / "data" / "groups.csv")}
    assert (
        float(groups["1"]["code_coverage"]) == 90.0 and groups["1"]["corrected"] == "code_coverage"
    )
    assert groups["2"]["services"] == "" and groups["2"]["services_count"] == "0"
    assert not [r for r in rows(out / "data" / "services.csv") if r["group"] == "2"]
    overview = load_workbook(book)["Overview"]
    cov_col = headers(overview)["code coverage %"]
    assert overview.cell(row_of(overview, "1"), cov_col).value == 90
    assert cell_value(book, "1", "coverage % (report)") == 61  # the parser's value beside it
    assert ">90%" + CORRECTED_MARK + "</td>" in index  # the TA's value, marked as corrected
    page = (out / "groups/1/report.html").read_text()
    assert "<dt>Code coverage</dt><dd>90%</dd>" in page and "code coverage corrected" in page
    facts = {(r["group"], r["field"]): r for r in rows(out / "data" / "facts.csv")}
    corrected = facts["1", "code_coverage"]  # the TA's value, checked: not one to review
    assert (corrected["value"], corrected["rule"], corrected["confidence"]) == (
        "90",
        "ta_correction",
        "high",
    )
    assert "corrected by" in corrected["sentence"] and facts["2", "code_coverage"]["rule"] != (
        "ta_correction"
    )

    # stale grades do not reach the LMS until confirmed
    capsys.readouterr()
    target = course / "brightspace.csv"
    assert main(["grades", "export", "--format", "brightspace", "--out", str(target),
                 "--from", str(out)]) == 2  # fmt: skip
    assert "group 1 (deadline commit changed" in capsys.readouterr().err
    office_edit(libreoffice, course, {("1", "confirm"): "yes"}, "confirm")
    assert main(["export", "--out", str(out)]) == 0
    assert cell_value(out / "cohort.xlsx", "1", "grade status") == "graded: 02"
    assert main(["grades", "export", "--format", "brightspace", "--out", str(target),
                 "--from", str(out)]) == 0  # fmt: skip
    assert target.read_text(encoding="utf-8").splitlines() == [
        "OrgDefinedId,Project Grade Symbol,End-of-Line Indicator",
        "#s1,02,#", "#s2,02,#", "#s3,10,#",
    ]  # fmt: skip

    assert main(["feedback", "--out", str(out)]) == 0
    for path in (out / "feedback").iterdir():
        assert "SECRET-ROUNDTRIP" not in path.read_text()
    assert "Solid pipeline." in (out / "feedback" / "1.md").read_text()


def test_export_stops_rather_than_lose_an_edit(course: Path, capsys: pytest.CaptureFixture) -> None:
    out = course / "output"
    assert harvest(course, capsys)[0] == 0
    store = GradeStore.load(course / "grades.csv")
    store.append([Change(GROUP, "2", "grade", "4", "carol", origin="cli")])  # after the sheet
    book = out / "cohort.xlsx"
    type_into(book, book, {("2", "grade"): "12", ("1", "grade"): "13", ("1", "grader"): "dan"})
    before = book.read_bytes()
    capsys.readouterr()
    assert main(["export", "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert "2 edit(s) cannot be imported, so the workbook is not rebuilt" in err
    assert "Grading!E3 (group 2, grade): the sheet says '12', the grades store says '4'" in err
    assert "Grading!E2 (group 1, grade): '13' is not on the scale" in err
    assert book.read_bytes() == before  # the TA's workbook is untouched
    assert GradeStore.load(course / "grades.csv").value(GROUP, "1", "grader") == "dan"

    lock = out / ".~lock.cohort.xlsx#"
    lock.write_text(",eve,host,now,file:///x;")
    assert main(["grades", "import", str(book)]) == 2
    assert "is open in LibreOffice by eve" in capsys.readouterr().err
    lock.unlink()
    type_into(book, book, {("1", "grade"): "12"})
    assert main(["grades", "import", str(book), "--take-sheet"]) == 0
    assert main(["export", "--out", str(out)]) == 0
    assert cell_value(book, "2", "grade") == "12" and cell_value(book, "1", "grade") == "12"
