"""What a TA does to the workbook must never drop an edit quietly: a renamed Grading or
Similarity sheet is still read (found by its header), a deleted one stops the import, two copies
of one export cannot overwrite each other, and numbers go back into number cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from harvester.grading.errors import GradingError
from harvester.grading.importer import import_edits, read_edits
from harvester.grading.rubric import default_rubric, load_rubric
from harvester.grading.store import GROUP, PAIR, Change, GradeStore

from .sheetkit import cell_value, make_group, make_pair, type_into, write_grading_workbook

SHA = "1" * 40
RUBRIC = default_rubric()
PAIR_ID = "q16|2026-01|3|2026-01|11"


@pytest.fixture
def store(tmp_path: Path) -> GradeStore:
    return GradeStore.load(tmp_path / "grades.csv")


@pytest.fixture
def book(tmp_path: Path, store: GradeStore) -> Path:
    groups = [make_group("3", SHA), make_group("11", SHA)]
    return write_grading_workbook(tmp_path / "cohort.xlsx", groups, store, RUBRIC, "wb1",
                                  similar=[make_pair(PAIR_ID, "3", "11")])  # fmt: skip


def edited(src: Path, dst: Path, rename: dict[str, str], delete: tuple[str, ...] = ()) -> Path:
    """The workbook after the TA renamed or deleted sheets (and saved it)."""
    wb = load_workbook(src)
    for old, new in rename.items():
        wb[old].title = new
    for name in delete:
        del wb[name]
    wb.save(dst)
    return dst


def review(path: Path, sheet: str, value: str) -> Path:
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.cell(2, [c.value for c in ws[1]].index("review") + 1).value = value
    wb.save(path)
    return path


def test_a_renamed_grading_sheet_is_read_by_its_header(
    book: Path, store: GradeStore, tmp_path: Path
) -> None:
    edits = {("3", "grade"): "7", ("3", "comment to group"): "Good."}
    typed = type_into(book, tmp_path / "typed.xlsx", edits)
    renamed = edited(typed, tmp_path / "renamed.xlsx", {"Grading": "Grading (TA1)"})
    wb = load_workbook(renamed)
    wb.create_chartsheet("Chart").add_chart(BarChart())  # a sheet without cells is skipped
    wb.save(renamed)
    edits = read_edits(renamed, store, RUBRIC)
    assert not edits.blocking
    assert sorted((c.field, c.value) for _, c in edits.edits) == [("comment", "Good."),
                                                                  ("grade", "7")]  # fmt: skip
    assert "'Grading (TA1)'!E2 (group 3, grade)" in {str(ref) for ref, _ in edits.edits}


def test_a_deleted_grading_sheet_is_refused_by_name(
    book: Path, store: GradeStore, tmp_path: Path
) -> None:
    gone = edited(book, tmp_path / "gone.xlsx", {}, delete=("Grading",))
    with pytest.raises(GradingError) as caught:
        read_edits(gone, store, RUBRIC)
    message = str(caught.value)
    assert f"{gone}: the 'Grading' sheet this workbook was written with is missing" in message
    assert "rename the sheet back to 'Grading'" in message


def test_two_sheets_that_look_like_grading_are_refused(
    book: Path, store: GradeStore, tmp_path: Path
) -> None:
    wb = load_workbook(book)
    wb.copy_worksheet(wb["Grading"]).title = "Grading B"
    wb["Grading"].title = "Grading A"
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(GradingError, match="sheets 'Grading A', 'Grading B' all look like it"):
        read_edits(tmp_path / "two.xlsx", store, RUBRIC)


def test_the_similarity_sheet_renamed_is_read_deleted_is_refused(
    book: Path, store: GradeStore, tmp_path: Path
) -> None:
    renamed = review(edited(book, tmp_path / "r.xlsx", {"Similarity": "Pairs"}), "Pairs",
                     "dismissed")  # fmt: skip
    edits = read_edits(renamed, store, RUBRIC)
    assert [(c.scope, c.key, c.value) for _, c in edits.edits] == [(PAIR, PAIR_ID, "dismissed")]
    assert str(edits.edits[0][0]).startswith("Pairs!O2 (pair ")
    gone = edited(book, tmp_path / "gone.xlsx", {}, delete=("Similarity",))
    with pytest.raises(GradingError, match="the 'Similarity' sheet this workbook was written"):
        read_edits(gone, store, RUBRIC)


def test_an_empty_similarity_sheet_may_be_deleted(store: GradeStore, tmp_path: Path) -> None:
    book = write_grading_workbook(tmp_path / "c.xlsx", [make_group("3", SHA)], store, RUBRIC,
                                  "wb1", similar=[])  # fmt: skip
    gone = type_into(edited(book, tmp_path / "g.xlsx", {}, delete=("Similarity",)),
                     tmp_path / "g.xlsx", {("3", "grade"): "4"})  # fmt: skip
    assert [c.value for _, c in read_edits(gone, store, RUBRIC).edits] == ["4"]


def test_two_copies_of_one_workbook_conflict(book: Path, store: GradeStore, tmp_path: Path) -> None:
    copy_a = type_into(book, tmp_path / "a.xlsx", {("3", "grade"): "10"})
    copy_b = type_into(book, tmp_path / "b.xlsx", {("3", "grade"): "7", ("11", "grade"): "4"})
    import_edits(read_edits(copy_a, store, RUBRIC, grader="ta-a"), store)
    edits = read_edits(copy_b, store, RUBRIC, grader="ta-b")
    assert [str(p) for p in edits.conflicts] == [
        f"Grading!E2 (group 3, grade): the sheet says '7', the grades store says '10' (set by "
        f"ta-a at {store.latest(GROUP, '3', 'grade').time}, store row 2, imported from this "
        "workbook or another copy of it)"
    ]
    import_edits(edits, store)
    assert store.value(GROUP, "3", "grade") == "10" and store.value(GROUP, "11", "grade") == "4"
    taken = read_edits(copy_b, store, RUBRIC, take_sheet=True)
    assert [(c.key, c.value) for _, c in taken.edits] == [("3", "7")]


def test_editing_an_imported_value_again_needs_a_rebuild_or_take_sheet(
    book: Path, store: GradeStore, tmp_path: Path
) -> None:
    """One copy re-edited and a second copy look the same; a rebuilt sheet has the new base."""
    first = type_into(book, tmp_path / "first.xlsx", {("3", "grade"): "4"})
    import_edits(read_edits(first, store, RUBRIC), store)
    second = type_into(first, tmp_path / "second.xlsx", {("3", "grade"): "7"})
    assert [p.ref.coordinate for p in read_edits(second, store, RUBRIC).conflicts] == ["E2"]
    taken = read_edits(second, store, RUBRIC, take_sheet=True)
    assert [c.value for _, c in taken.edits] == ["7"]
    rebuilt = write_grading_workbook(tmp_path / "rebuilt.xlsx", [make_group("3", SHA)], store,
                                     RUBRIC, "wb2")  # fmt: skip
    again = type_into(rebuilt, tmp_path / "again.xlsx", {("3", "grade"): "7"})
    edits = read_edits(again, store, RUBRIC)
    assert not edits.conflicts and [c.value for _, c in edits.edits] == ["7"]


def test_numbers_go_back_into_number_cells(store: GradeStore, tmp_path: Path) -> None:
    (tmp_path / "rubric.csv").write_text("criterion,title,max,scale\nreport,Report,10,\n")
    rubric = load_rubric(tmp_path / "rubric.csv")
    store.append([Change(GROUP, "3", f, v, deadline_sha=SHA, report_sha256="r" * 64)
                  for f, v in (("coverage", "52"), ("credits", "12.5"), ("report", "7.5"),
                               ("comment", "52"))])  # fmt: skip
    book = write_grading_workbook(tmp_path / "c.xlsx", [make_group("3", SHA)], store, rubric,
                                  "wb1")  # fmt: skip
    assert cell_value(book, "3", "coverage % (corrected)") == 52
    assert cell_value(book, "3", "credits (corrected)") == 12.5
    assert cell_value(book, "3", "report") == 7.5
    assert cell_value(book, "3", "comment to group") == "52"  # a text column keeps text
    assert read_edits(book, store, rubric).edits == []  # the numbers read back as no edit
