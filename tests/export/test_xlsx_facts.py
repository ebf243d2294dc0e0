"""cohort.xlsx read back with openpyxl: every fact cell carries a note with its source sentence,
low-confidence cells are filled (the fill explained on Notes), and the Overview counts them.

Records come from real parses of synthetic reports, through the tidy tables, as in a harvest.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))  # the fixture modules beside this file
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parse"))
from parse_synth import full_answers, render  # noqa: E402
from xlsx_fixtures import fill_rgb, headers, rows_by_group  # noqa: E402

from harvester.export.xlsx import write_cohort_xlsx  # noqa: E402
from harvester.export.xlsx.facts import CHECK_HEADER, FILL_LOW  # noqa: E402
from harvester.parse import parse_text  # noqa: E402
from harvester.tables import GroupData, build_tables  # noqa: E402

SURE = {
    8: "The total coverage of our code is 82%, measured with coverage.py.",
    17: "- Cloud Run: serves the API\n- Bucket: keeps the data",
    27: "In total we spent $6.12 on the project.",
}
UNSURE = {
    8: "Our totla covrage is 71%.",
    17: "- Cloud Run: serves the API\n- Tracer: times each request\n\n"
    "We played with Vertex AI, but never got it to work.",
    27: "Anna spent $2.10 and Bo spent $3.",
}


def _record(answers: dict[int, str]) -> dict:
    full = full_answers("2025")
    full.update(answers)
    return parse_text(render("2025", full))


def _workbook(tmp_path: Path):
    snapshot = {"status": "ok"}
    groups = [
        GroupData("1", None, snapshot, _record(SURE)),
        GroupData("2", None, snapshot, _record(UNSURE)),
        GroupData("3", None, {"status": "unreachable"}, None),
    ]
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx(build_tables(groups), path, report_links=False)
    return load_workbook(path)


def test_fact_cells_carry_their_source_sentence(tmp_path: Path) -> None:
    wb = _workbook(tmp_path)
    ws = wb["Overview"]
    cols, rows = headers(ws), rows_by_group(ws)
    coverage = ws.cell(rows[1], cols["code coverage %"])
    assert coverage.value == 82.0
    assert "Q8" in coverage.comment.text
    assert "The total coverage of our code is 82%" in coverage.comment.text
    assert fill_rgb(coverage) is None  # sure: not filled
    credits = ws.cell(rows[1], cols["credits amount"])
    assert "In total we spent $6.12" in credits.comment.text
    services = ws.cell(rows[1], cols["services count"])
    assert "Cloud Run (used)" in services.comment.text
    matrix = wb["Services"]
    run = matrix.cell(rows_by_group(matrix)[1], headers(matrix)["cloud_run"])
    assert run.value == 1 and "Cloud Run: serves the API" in run.comment.text


def test_low_confidence_cells_are_filled_and_counted(tmp_path: Path) -> None:
    wb = _workbook(tmp_path)
    ws = wb["Overview"]
    cols, rows = headers(ws), rows_by_group(ws)
    low = FILL_LOW.fgColor.rgb
    coverage = ws.cell(rows[2], cols["code coverage %"])
    assert coverage.value == 71.0 and fill_rgb(coverage) == low
    assert "LOW CONFIDENCE: a misspelt key word" in coverage.comment.text
    credits = ws.cell(rows[2], cols["credits amount"])
    assert credits.value == 5.1 and fill_rgb(credits) == low
    assert "per-member" in credits.comment.text
    services = ws.cell(rows[2], cols["services count"])
    assert fill_rgb(services) == low
    assert "Vertex AI (tried, never worked)" in services.comment.text
    matrix = wb["Services"]
    other = matrix.cell(rows_by_group(matrix)[2], headers(matrix)["other"])
    assert fill_rgb(other) == low and "Cloud Trace" in other.comment.text
    # coverage, credits, the fuzzy "Tracer" and the tried Vertex AI
    assert ws.cell(rows[2], cols[CHECK_HEADER]).value == 4
    assert ws.cell(rows[1], cols[CHECK_HEADER]).value == 0
    assert ws.cell(rows[3], cols[CHECK_HEADER]).value == 0
    assert ws.auto_filter.ref.startswith("A1:") and CHECK_HEADER in [c.value for c in ws[1]]


def test_notes_sheet_explains_the_low_confidence_fill(tmp_path: Path) -> None:
    notes = _workbook(tmp_path)["Notes"]
    low = FILL_LOW.fgColor.rgb
    explained = [
        notes.cell(r, 2).value
        for r in range(1, notes.max_row + 1)
        if fill_rgb(notes.cell(r, 1)) == low
    ]
    assert explained and "low-confidence" in explained[0]
