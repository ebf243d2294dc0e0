"""Grading on the demo cohort: grades typed into the Grading sheet (openpyxl, then re-saved by
LibreOffice) survive two re-harvests; the group whose deadline commit an extension moved is
flagged stale; feedback has a page per group and no private note; Brightspace gets its file."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harvester.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
DEADLINE = EXPECTED["cohort_deadline"]
GRADES = {"3": "02", "11": 7, "17": "12", "24": 10.0, "30": "-3", "45": 4, "58": "00"}
SHOWN = {g: str(v) if not isinstance(v, float) else "10" for g, v in GRADES.items()}
EARLIER = "2026-01-24T22:00:00+01:00"  # group 3's extension (backwards): before "Update README"


def grading_rows(book: Path) -> dict[str, dict[str, object]]:
    ws = load_workbook(book)["Grading"]
    head = [c.value for c in ws[1]]
    return {
        str(r[0]): dict(zip(head, r, strict=False))
        for r in ws.iter_rows(min_row=2, values_only=True)
    }


def harvest(work: Path, roster: str) -> None:
    code = main(["harvest", "--groups", str(work / roster), "--deadline", DEADLINE,
                 "--out", str(work / "output"), "--no-github", "--no-progress"])  # fmt: skip
    assert code == 0


@pytest.mark.slow
def test_grades_survive_re_harvests_on_the_demo(libreoffice, tmp_path: Path) -> None:
    work = tmp_path / "course"
    work.mkdir()
    shutil.copy(ROOT / "groups.csv", work / "groups.csv")
    (work / "demo").symlink_to(ROOT / "demo")
    out = work / "output"
    harvest(work, "groups.csv")

    wb = load_workbook(out / "cohort.xlsx")
    ws = wb["Grading"]
    cols = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        group = str(ws.cell(r, 1).value)
        ws.cell(r, cols["grade"]).value = GRADES[group]
        ws.cell(r, cols["private note"]).value = f"PRIVATE-{group}-do-not-send"
        ws.cell(r, cols["comment to group"]).value = f"Feedback for {group}: see the checklist."
    wb.save(tmp_path / "typed.xlsx")
    saved = libreoffice(tmp_path / "typed.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    shutil.copy(saved, out / "cohort.xlsx")
    assert main(["grades", "import", str(out / "cohort.xlsx"), "--grader", "ta"]) == 0

    harvest(work, "groups.csv")  # re-harvest 1: nothing moved
    rows = grading_rows(out / "cohort.xlsx")
    assert {g: r["grade"] for g, r in rows.items()} == SHOWN
    assert all(str(r["grade status"]).startswith("graded") for r in rows.values())

    # re-harvest 2 from a copy of the roster (same folder) giving group 3 its own deadline
    lines = (work / "groups.csv").read_text().splitlines()
    lines = [line.replace(",,main", f",{EARLIER},main") if line.startswith("3,") else line
             for line in lines]  # fmt: skip
    (work / "groups-extension.csv").write_text("\n".join(lines) + "\n")
    harvest(work, "groups-extension.csv")
    rows = grading_rows(out / "cohort.xlsx")
    assert {g: r["grade"] for g, r in rows.items()} == SHOWN  # every grade survived
    stale = {g for g, r in rows.items() if str(r["grade status"]).startswith("stale")}
    assert stale == {"3"}
    assert "deadline commit changed (45faf6e" in str(rows["3"]["grade status"])
    index = (out / "index.html").read_text()
    assert index.count(">grade stale</span>") == 1
    assert "Grade stale:" in (out / "groups" / "3" / "report.html").read_text()
    with (out / "data" / "grades.csv").open() as fh:
        data = {r["group"]: r for r in csv.DictReader(fh)}
    assert {g: r["value"] for g, r in data.items()} == SHOWN
    assert {g for g, r in data.items() if r["stale"] == "True"} == {"3"}

    assert main(["feedback", "--out", str(out)]) == 0
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert pages == sorted(f"{g}.{ext}" for g in GRADES for ext in ("md", "html"))
    for path in (out / "feedback").iterdir():
        text = path.read_text()
        assert "PRIVATE-" not in text and "do-not-send" not in text, path
    assert "Feedback for 17: see the checklist." in (out / "feedback" / "17.html").read_text()

    assert main(["grades", "confirm", "3", "--from", str(out), "--grader", "ta"]) == 0
    target = tmp_path / "dtu-learn.csv"
    assert main(["grades", "export", "--format", "brightspace", "--out", str(target),
                 "--from", str(out), "--item", "Exam project"]) == 0  # fmt: skip
    data = target.read_bytes()
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "OrgDefinedId,Exam project Grade Symbol,End-of-Line Indicator"
    roster = {
        r["group"]: r["members"].split() for r in csv.DictReader((work / "groups.csv").open())
    }
    expected = [f"#{m},{SHOWN[g]},#" for g, members in roster.items() for m in members]
    assert lines[1:-1] == expected and lines[-1] == ""
