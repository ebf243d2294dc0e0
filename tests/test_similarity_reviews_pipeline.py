"""Similarity reviews travel like grades: a TA dismisses a pair in the Similarity sheet of the
demo cohort's cohort.xlsx, `harvester grades import` keeps it in the grades store, and the next
export shows the decision in the sheet and stops flagging the pair on the index and the pages."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from openpyxl import load_workbook

from harvester.cli import main


def _headers(ws) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def _planted_pair(out: Path) -> dict[str, str]:
    """The demo's planted copy: group 24's Q16 repeats group 3's (demo/expected.json)."""
    with (out / "similarity" / "pairs.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    return next(p for p in pairs if {p["group_a"], p["group_b"]} == {"3", "24"})


def _flag_count(index_html: str, group: str) -> int:
    """How many pairs the index flags for `group` (0 when it shows no flag)."""
    row = next(line for line in index_html.splitlines() if f'data-sort="{group}">{group}' in line)
    marker = "≈ "
    if marker not in row:
        return 0
    return int(row.split(marker, 1)[1].split(" ", 1)[0])


def test_a_dismissed_pair_stays_dismissed_across_exports(demo_output: Path, tmp_path: Path):
    out = tmp_path / "output"
    shutil.copytree(demo_output, out)
    pair = _planted_pair(out)
    flagged_before = _flag_count((out / "index.html").read_text(encoding="utf-8"), "24")
    assert flagged_before >= 1

    book = out / "cohort.xlsx"
    wb = load_workbook(book)
    ws = wb["Similarity"]
    cols = _headers(ws)
    row = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["pair_id"]).value == pair["pair_id"]
    )
    ws.cell(row, cols["review"]).value = "dismissed"
    ws.cell(row, cols["review_note"]).value = "both quote the course's lecture notes"
    wb.save(book)

    store = tmp_path / "grades.csv"
    assert main(["grades", "import", str(book), "--store", str(store)]) == 0
    assert pair["pair_id"] in store.read_text(encoding="utf-8")
    assert main(["export", "--out", str(out)]) == 0

    ws = load_workbook(out / "cohort.xlsx")["Similarity"]
    cols = _headers(ws)
    rows = {
        ws.cell(r, cols["pair_id"]).value: (
            ws.cell(r, cols["review"]).value,
            ws.cell(r, cols["review_note"]).value,
        )
        for r in range(2, ws.max_row + 1)
    }
    assert rows[pair["pair_id"]] == ("dismissed", "both quote the course's lecture notes")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert _flag_count(index, "24") == flagged_before - 1
    page = (out / "groups" / "24" / "report.html").read_text(encoding="utf-8")
    side_by_side = pair["page"].rsplit("/", 1)[-1]  # the pair's own page, linked while flagged
    assert side_by_side and side_by_side not in page
    # the similarity pages say what the sheet says
    pair_page = (out / "similarity" / pair["page"]).read_text(encoding="utf-8")
    assert "dismissed" in pair_page and "lecture notes" in pair_page
    assert "Not reviewed yet" not in pair_page
    assert "dismissed" in (out / "similarity" / "index.html").read_text(encoding="utf-8")
