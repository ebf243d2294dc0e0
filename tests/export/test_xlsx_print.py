"""cohort.xlsx in a real spreadsheet application: every sheet prints landscape, fitted to the page
width with its header repeated and long text wrapped in its cell; LibreOffice converts it to PDF,
the values survive its round trip, and the demo workbook prints on a sensible number of pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from harvester.export.xlsx.printing import MAX_LINES, apply_print_setup

# The demo workbook printed on 77 pages (LibreOffice 7 here; 61 as first reported) before.
MAX_DEMO_PAGES = 40


@pytest.fixture(scope="module")
def demo_xlsx(demo_output: Path) -> Path:
    return demo_output / "cohort.xlsx"


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def assert_print_setup(ws, header_rows: int) -> None:
    assert ws.page_setup.orientation == "landscape", ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert int(ws.page_setup.fitToHeight) == 0, ws.title
    assert int(ws.page_setup.fitToWidth) >= 1, ws.title
    if header_rows:
        assert ws.print_title_rows.replace("$", "") == f"1:{header_rows}", ws.title


def test_every_sheet_of_the_demo_workbook_has_a_print_setup(demo_xlsx: Path) -> None:
    wb = load_workbook(demo_xlsx)
    for ws in wb.worksheets:
        frozen = ws.freeze_panes
        header_rows = int(re.sub(r"\D", "", frozen)) - 1 if frozen else 0
        assert_print_setup(ws, header_rows)
        for letter, dim in ws.column_dimensions.items():
            assert dim.width is None or dim.width <= 60, (ws.title, letter)
    answers = wb["Answers"]
    column = [c.value for c in answers[1]].index("answer") + 1
    long_answers = [
        row[column - 1]
        for row in answers.iter_rows(min_row=2)
        if len(row[column - 1].value or "") > 66
    ]
    assert long_answers, "the demo has long answers"
    for cell in long_answers:  # wrapped inside the cell, never running over the next one
        assert cell.alignment.wrap_text, cell.coordinate
        height = answers.row_dimensions[cell.row].height
        assert height is not None and 15 < height <= 15 * MAX_LINES


def test_a_sheet_added_later_gets_the_setup_too() -> None:
    wb = Workbook()
    wb.active.title = "Overview"
    extra = wb.create_sheet("Similarity")  # as another part of the harvester may add one
    extra.append(["pair_id", "review", "review_note"])
    extra.append(["q14:1/2", "confirmed", "see " * 200])
    extra.freeze_panes = "B2"
    wide = wb.create_sheet("Wide")
    wide.append([f"column {i}" for i in range(60)])
    for i in range(1, 61):
        wide.column_dimensions[wide.cell(1, i).column_letter].width = 30
    wide.freeze_panes = "B2"
    apply_print_setup(wb)
    assert_print_setup(extra, 1)
    note = extra["C2"]
    assert note.alignment.wrap_text and note.alignment.vertical == "top"
    assert extra.row_dimensions[2].height == 15 * MAX_LINES  # capped; the text stays whole
    assert note.value == "see " * 200
    # 60 columns of 30 characters cannot be read at one page width: split across, first column
    # repeated on each page.
    assert int(wide.page_setup.fitToWidth) > 1
    assert wide.print_title_cols.replace("$", "") == "A:A"


def test_existing_alignment_is_kept_when_wrapping() -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "x" * 400
    ws["A1"].alignment = Alignment(horizontal="right")
    apply_print_setup(wb)
    assert ws["A1"].alignment.horizontal == "right" and ws["A1"].alignment.wrap_text


def test_libreoffice_prints_the_demo_workbook(demo_xlsx: Path, libreoffice, tmp_path: Path) -> None:
    pdf = libreoffice(demo_xlsx, "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    sheets = len(load_workbook(demo_xlsx, read_only=True).sheetnames)
    assert sheets <= pages <= MAX_DEMO_PAGES, pages


def test_values_and_print_setup_survive_a_libreoffice_round_trip(
    demo_xlsx: Path, libreoffice, tmp_path: Path
) -> None:
    copy = tmp_path / "in" / "cohort.xlsx"
    copy.parent.mkdir()
    shutil.copy(demo_xlsx, copy)
    back = libreoffice(copy, "xlsx", tmp_path / "out")
    ours, theirs = load_workbook(demo_xlsx), load_workbook(back)
    assert ours.sheetnames == theirs.sheetnames
    for ws in ours.worksheets:
        other = theirs[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                got = other[cell.coordinate].value
                if isinstance(cell.value, float):
                    assert got == pytest.approx(cell.value), (ws.title, cell.coordinate)
                elif cell.value is not None and not isinstance(cell.value, bool):
                    assert got == cell.value, (ws.title, cell.coordinate)
        assert other.page_setup.orientation == "landscape", ws.title
        assert int(other.page_setup.fitToHeight or 0) == 0, ws.title
        if ws.print_title_rows:
            assert other.print_title_rows.replace("$", "") == ws.print_title_rows.replace(
                "$", ""
            ), ws.title
