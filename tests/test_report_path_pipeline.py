"""A roster with `report_path`: the named file is archived, parsed and exported like README.md;
without it, the index names the candidate so staff know what to point at."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fetch.helpers import BEFORE, StudentRepo

from harvester.cli import main

DEADLINE = "2026-01-24T23:59:00+01:00"
REPORT = """# Exam template for 02476 Machine Learning Operations

## Group information

### Question 1
> **Enter the group number you signed up on <learn.inside.dtu.dk>**
>
> Answer:

Group 12

### Question 14
> **Upload 1 to 3 screenshots that show the experiments that you have done in W&B.**
>
> Answer:

![loss](figures/loss.png)
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def test_report_path_column_end_to_end(tmp_path: Path) -> None:
    repos = tmp_path / "roster" / "repos"
    for name in ("named", "pointed"):
        StudentRepo(repos / name).commit(
            {"Reports/reports.md": REPORT, "Reports/figures/loss.png": PNG}, BEFORE
        )
    roster = tmp_path / "roster" / "groups.csv"
    roster.write_text(
        "group,repo,report_path\n12,repos/named,\n13,repos/pointed,Reports/reports.md\n"
    )
    out = tmp_path / "output"
    args = ["harvest", "--groups", str(roster), "--deadline", DEADLINE, "--out", str(out)]
    assert main([*args, "--no-github", "--no-progress"]) == 0

    groups = {r["group"]: r for r in csv.DictReader((out / "data" / "groups.csv").open())}
    assert groups["12"]["status"] == "no_report"
    assert groups["12"]["report_candidates"] == "Reports/reports.md"
    assert "the report may be Reports/reports.md" in groups["12"]["error"]
    index = (out / "index.html").read_text()
    assert "found Reports/reports.md" in index

    assert groups["13"]["status"] == "ok"
    assert groups["13"]["report_source"] == "Reports/reports.md"
    assert groups["13"]["group_number"] == "12"
    record = json.loads((out / "groups" / "13" / "record.json").read_text())
    assert record["images"] == {"referenced": 1, "missing": 0}
    page = (out / "groups" / "13" / "report.html").read_text()
    assert "data:image/png;base64," in page  # the figure beside the report is inlined
    roster_copy = json.loads((out / "roster.json").read_text())
    assert [g["report_path"] for g in roster_copy["groups"]] == [None, "Reports/reports.md"]
