"""A cohort harvest at a 2026 deadline: the 2026 checker's limits are applied and shown, and a
report that breaks the course checker is flagged where warnings are shown."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from fetch.helpers import BEFORE, StudentRepo
from openpyxl import load_workbook

from harvester.cli import main

sys.path.insert(0, str(Path(__file__).parent / "parse"))
from parse_synth import full_answers, render, sub, words  # noqa: E402

DEADLINE = "2026-01-24T23:59:00+01:00"


def test_official_limits_and_checker_failures_reach_every_output(tmp_path: Path) -> None:
    repos = tmp_path / "roster" / "repos"
    older = full_answers("2025")
    older[3] = words(40)  # fine for the 2026 checker (0-200), short for the 2025 template
    StudentRepo(repos / "older").commit({"reports/README.md": render("2025", older)}, BEFORE)
    broken = sub(render("2026", full_answers("2026")), "### Question 9\n", "")
    StudentRepo(repos / "broken").commit({"reports/README.md": broken}, BEFORE)
    roster = tmp_path / "roster" / "groups.csv"
    roster.write_text("group,repo\n1,repos/older\n2,repos/broken\n")
    out = tmp_path / "output"
    args = ["harvest", "--groups", str(roster), "--deadline", DEADLINE, "--out", str(out)]
    assert main([*args, "--no-github", "--no-progress"]) == 0

    record = json.loads((out / "groups" / "1" / "record.json").read_text())
    assert record["template"] == "2025"
    assert record["limits_source"]["checker"] == "2026-01-09"
    assert record["answers"][2]["word_limit"] == [0, 200] and record["answers"][2]["ok"]

    groups = {r["group"]: r for r in csv.DictReader((out / "data" / "groups.csv").open())}
    assert groups["1"]["limits_source"] == "checker 2026-01-09"
    assert groups["1"]["course_checker"] == "ok"
    assert groups["2"]["course_checker"] == "crash (30 of 31 answers)"
    warnings = [r for r in csv.DictReader((out / "data" / "warnings.csv").open())]
    (flag,) = [w for w in warnings if w["kind"] == "course_checker"]
    assert flag["group"] == "2" and "30 answers where it expects 31" in flag["detail"]

    wb = load_workbook(out / "cohort.xlsx")
    answers = wb["Answers"]
    head = [c.value for c in answers[1]]
    rows = [dict(zip(head, (c.value for c in row), strict=True)) for row in answers.iter_rows(2)]
    q3 = next(r for r in rows if r["group"] == 1 and r["question"] == 3)
    assert (q3["word min"], q3["word max"], q3["limits"]) == (0, 200, "checker 2026-01-09")
    notes = [c.value for row in wb["Notes"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("in force at each group's deadline" in n for n in notes)
    assert "Limits of checker 2026-01-09: 2 group(s)." in notes
    sheet = wb["Warnings"]
    assert any(row[2].value == "course_checker" for row in sheet.iter_rows(min_row=2))

    page = (out / "groups" / "1" / "report.html").read_text()
    assert "<th>Answer limits</th>" in page
    assert "reports/report.py of 2026-01-09, in force at the deadline 2026-01-24" in page
    assert "Q3: 0-200 words (the template says 100-200 words)" in page
    broken_page = (out / "groups" / "2" / "report.html").read_text()
    assert "course_checker" in broken_page and "would stop with an error" in broken_page
