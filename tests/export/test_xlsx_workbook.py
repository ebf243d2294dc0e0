"""cohort.xlsx as a file: sheets, panes, filters, widths, charts, and above all no formulas.

The workbook is written to disk and read back with openpyxl (and its XML inspected), exactly as
a TA's Excel would receive it.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart

sys.path.insert(0, str(Path(__file__).parent))  # the fixture module beside this file
from xlsx_fixtures import HOSTILE, HUGE_ANSWER_CHARS, headers, make_tables  # noqa: E402

from harvester.cells import (  # noqa: E402
    EXCEL_CELL_LIMIT,
    is_formula_like,
    safe_csv_frame,
    utf16_len,
)
from harvester.export.xlsx import SHEETS, write_cohort_xlsx  # noqa: E402
from harvester.export.xlsx.style import MAX_WIDTH  # noqa: E402

Tables = dict[str, pd.DataFrame]
Written = tuple[Tables, Path]

N_GROUPS = 24


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    tables = make_tables(N_GROUPS, seed=3)
    path = tmp_path_factory.mktemp("out") / "cohort.xlsx"
    write_cohort_xlsx(tables, path)
    return tables, path


@pytest.fixture(scope="module")
def wb(written: Written) -> Workbook:
    return load_workbook(written[1])


def test_sheet_names_and_order(wb: Workbook) -> None:
    assert wb.sheetnames == list(SHEETS)


def test_no_formula_anywhere_in_cells(wb: Workbook) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (ws.title, cell.coordinate, cell.value)


def test_no_formula_element_in_the_raw_xml(written: Written) -> None:
    with zipfile.ZipFile(written[1]) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(SHEETS)
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert re.search(r"<(\w+:)?f[ >/]", xml) is None, name


def test_hostile_student_strings_are_stored_as_neutral_text(wb: Workbook) -> None:
    """Every hostile fixture string reached some sheet, and each copy there is neutralised."""
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if not isinstance(value, str):
                    continue
                assert ILLEGAL_CHARACTERS_RE.search(value) is None
                assert not is_formula_like(value), (ws.title, value)
                if value.startswith("'"):
                    seen.add(value[1:])
    prefixed = [h.replace("\r", "\n") for h in HOSTILE if is_formula_like(h)]
    assert set(prefixed) <= seen


def test_control_characters_were_stripped(wb: Workbook) -> None:
    ws = wb["Answers"]
    answer_col = headers(ws)["answer"]
    texts = [ws.cell(row=r, column=answer_col).value for r in range(2, ws.max_row + 1)]
    assert "bell null escape inside" in texts


def test_huge_answer_is_truncated_with_marker(wb: Workbook, written: Written) -> None:
    tables = written[0]
    answers = tables["answers"]
    index = answers.index[(answers["group"] == "1") & (answers["question"] == 5)][0]
    ws = wb["Answers"]
    cell = ws.cell(row=2 + list(answers.index).index(index), column=headers(ws)["answer"])
    assert utf16_len(cell.value) <= EXCEL_CELL_LIMIT
    kept = cell.value.split("…")[0]
    assert kept == "x" * len(kept)
    assert cell.value.endswith(f"[truncated {HUGE_ANSWER_CHARS - len(kept)} chars]")


@pytest.mark.parametrize(
    ("sheet", "freeze", "header_row"),
    [
        ("Overview", "B2", 1),
        ("Checklist", "B4", 3),
        ("Coverage", "B2", 1),
        ("Credits", "B2", 1),
        ("Services", "B2", 1),
        ("Answers", "B2", 1),
        ("Warnings", "B2", 1),
    ],
)
def test_frozen_header_and_first_column_and_autofilter(
    wb: Workbook,
    written: Written,
    sheet: str,
    freeze: str,
    header_row: int,
) -> None:
    tables = written[0]
    ws = wb[sheet]
    assert ws.freeze_panes == freeze
    ref = ws.auto_filter.ref
    start, end = ref.split(":")
    assert start == f"A{header_row}"
    data_rows = {
        "Overview": N_GROUPS,
        "Checklist": N_GROUPS,
        "Services": N_GROUPS,
        "Credits": N_GROUPS,
        "Coverage": tables["checklist"]["item_id"].nunique(),
        "Answers": len(tables["answers"]),
        "Warnings": len(tables["warnings"]),
    }[sheet]
    assert int(re.sub(r"[A-Z]+", "", end)) == header_row + data_rows
    last_col = re.sub(r"\d+", "", end)
    assert ws[f"{last_col}{header_row}"].value is not None  # the filter spans the whole header


def test_column_widths_are_set_and_capped(wb: Workbook) -> None:
    for ws in wb.worksheets:
        widths = [dim.width for dim in ws.column_dimensions.values() if dim.width]
        assert widths, ws.title
        assert all(3 <= w <= 110 for w in widths), (ws.title, widths)
    ws = wb["Overview"]
    sized = [ws.column_dimensions[c].width for c in ("C", "E", "F")]
    assert all(w <= MAX_WIDTH for w in sized)


@pytest.mark.parametrize("sheet", ["Coverage", "Credits", "Services"])
def test_native_bar_charts(wb: Workbook, sheet: str) -> None:
    charts = wb[sheet]._charts
    assert len(charts) == 1
    assert isinstance(charts[0], BarChart)


def test_numbers_are_stored_as_numbers(wb: Workbook) -> None:
    ws = wb["Overview"]
    cols = headers(ws)
    for name in ("group", "answered", "checklist done", "credits USD", "services count"):
        types = {ws.cell(row=r, column=cols[name]).data_type for r in range(2, ws.max_row + 1)}
        types.discard(None)
        assert types <= {"n"}, (name, types)
    times = {ws.cell(row=r, column=cols["commit time"]).data_type for r in range(2, ws.max_row + 1)}
    assert "d" in times and types <= {"n", "d"}


def test_written_atomically_over_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "cohort.xlsx"
    path.write_bytes(b"old, broken content")
    write_cohort_xlsx(make_tables(3), path)
    assert load_workbook(path).sheetnames == list(SHEETS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.xlsx"]


def test_empty_tables_give_a_valid_workbook_without_charts(tmp_path: Path) -> None:
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx({}, path)
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    assert headers(wb["Overview"])["group"] == 1
    assert all(not ws._charts for ws in wb.worksheets)


def test_tables_with_only_some_columns_still_export(tmp_path: Path) -> None:
    tables = {
        "groups": pd.DataFrame({"group": ["1", "2"], "status": ["ok", "unreachable"]}),
        "answers": pd.DataFrame({"group": ["1"], "question": [1], "text": ["=1"]}),
    }
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx(tables, path)
    wb = load_workbook(path)
    ws = wb["Overview"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == [1, 2]
    assert wb["Answers"].cell(row=2, column=headers(wb["Answers"])["answer"]).value == "'=1"


def test_tables_read_back_from_csv_give_the_same_overview(tmp_path: Path) -> None:
    """Export reruns offline from output/data/*.csv: lists arrive as strings, bools as text."""
    tables = make_tables(12, seed=5)
    direct = tmp_path / "direct.xlsx"
    write_cohort_xlsx(tables, direct)
    from_csv = {}
    for name, frame in tables.items():
        buffer = io.StringIO()
        safe_csv_frame(frame).to_csv(buffer, index=False)  # as tables.py should write them
        from_csv[name] = pd.read_csv(io.StringIO(buffer.getvalue()))
    round_trip = tmp_path / "csv.xlsx"
    write_cohort_xlsx(from_csv, round_trip)
    for sheet in SHEETS:
        a = list(load_workbook(direct)[sheet].iter_rows(values_only=True))
        b = list(load_workbook(round_trip)[sheet].iter_rows(values_only=True))
        assert a == b, sheet
