"""Edits typed into the Grading sheet, saved by LibreOffice, read back into the store: nothing
lost, nothing overwritten, conflicts and bad values named by their cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harvester.grading.errors import GradingError, WorkbookOpenError
from harvester.grading.importer import ImportResult, import_edits, read_edits
from harvester.grading.rubric import default_rubric
from harvester.grading.store import GROUP, PAIR, Change, GradeStore, similarity_reviews

from .sheetkit import LO_XLSX, make_group, type_into, write_grading_workbook

SHA, NEW_SHA = "1" * 40, "2" * 40
RUBRIC = default_rubric()


@pytest.fixture
def cohort(tmp_path: Path) -> tuple[Path, GradeStore]:
    store = GradeStore.load(tmp_path / "roster" / "grades.csv")
    groups = [make_group("3", SHA), make_group("11", SHA), make_group("17", SHA)]
    book = write_grading_workbook(tmp_path / "cohort.xlsx", groups, store, RUBRIC, "wb1")
    return book, store


def resaved(libreoffice, path: Path, tmp_path: Path) -> Path:
    out = libreoffice(path, LO_XLSX, tmp_path / "lo")
    assert out.read_bytes() != path.read_bytes()
    return out


def test_libreoffice_saved_edits_import_as_typed(libreoffice, cohort, tmp_path: Path) -> None:
    book, store = cohort
    edited = type_into(book, tmp_path / "edited.xlsx", {
        ("3", "grade"): 2, ("11", "grade"): 7, ("17", "grade"): 12.0,  # LibreOffice: numbers
        ("3", "comment to group"): "Good work.\nSee Q14.", ("3", "private note"): "lenient",
        ("3", "grader"): "alice", ("11", "coverage % (corrected)"): 81.5,
        ("11", "credits (corrected)"): "12,5", ("11", "credits unit (corrected)"): "eur",
        ("17", "services (corrected)"): "Cloud Run; vertex ai",
    })  # fmt: skip
    saved = resaved(libreoffice, edited, tmp_path)
    raw = load_workbook(saved)["Grading"]
    assert any(isinstance(c.value, int | float) for row in raw.iter_rows() for c in row
               if c.column > 4)  # LibreOffice keeps typed numbers as numbers  # fmt: skip
    edits = read_edits(saved, store, RUBRIC, grader="bob")
    assert edits.blocking == []
    got = {(c.key, c.field): (c.value, c.grader) for _, c in edits.edits}
    assert got == {
        ("3", "grade"): ("02", "alice"), ("3", "comment"): ("Good work.\nSee Q14.", "alice"),
        ("3", "private_note"): ("lenient", "alice"), ("3", "grader"): ("alice", "alice"),
        ("11", "grade"): ("7", "bob"), ("11", "coverage"): ("81.5", "bob"),
        ("11", "credits"): ("12.5", "bob"), ("11", "credits_unit"): ("EUR", "bob"),
        ("17", "grade"): ("12", "bob"), ("17", "services"): ("cloud_run, vertex_ai", "bob"),
    }  # fmt: skip
    refs = {str(ref) for ref, _ in edits.edits}
    assert any(r.startswith("Grading!E") and "(group 11, grade)" in r for r in refs)
    assert all(c.deadline_sha == SHA and c.report_sha256 == "r" * 64 for _, c in edits.edits)
    assert all(c.origin == "sheet:wb1" for _, c in edits.edits)
    result = import_edits(edits, store)
    assert len(result.written) == 10
    assert GradeStore.load(store.path).value(GROUP, "3", "grade") == "02"
    # the same workbook again: everything is already in the store
    assert read_edits(saved, GradeStore.load(store.path), RUBRIC).edits == []


def test_a_store_change_since_the_sheet_was_written_is_a_conflict(
    libreoffice, cohort, tmp_path: Path
) -> None:
    book, store = cohort
    other = Change(GROUP, "11", "grade", "10", "carol", origin="sheet:another-copy")
    store.append([other])
    edited = type_into(book, tmp_path / "edited.xlsx",
                       {("11", "grade"): "4", ("3", "grade"): "7"})  # fmt: skip
    saved = resaved(libreoffice, edited, tmp_path)
    edits = read_edits(saved, store, RUBRIC)
    assert [str(p) for p in edits.conflicts] == [
        f"Grading!E3 (group 11, grade): the sheet says '4', the grades store says '10' (set by "
        f"carol at {store.latest(GROUP, '11', 'grade').time}, store row 2, after this workbook "
        "was written)"
    ]
    import_edits(edits, store)
    assert store.value(GROUP, "11", "grade") == "10"  # not overwritten
    assert store.value(GROUP, "3", "grade") == "7"  # the rest went in
    taken = read_edits(saved, store, RUBRIC, take_sheet=True)
    assert [(c.key, c.value) for _, c in taken.edits] == [("11", "4")] and not taken.conflicts


def test_bad_values_are_named_by_cell_and_not_imported(cohort, tmp_path: Path) -> None:
    book, store = cohort
    edited = type_into(book, tmp_path / "edited.xlsx", {
        ("3", "grade"): "13", ("11", "coverage % (corrected)"): "lots",
        ("17", "services (corrected)"): "Azure", ("17", "grade"): "10",
    })  # fmt: skip
    edits = read_edits(edited, store, RUBRIC)
    messages = sorted(str(p) for p in edits.invalid)
    assert messages[0].startswith("Grading!E2 (group 3, grade): '13' is not on the scale")
    assert any("(group 11, coverage): 'lots' is not a number" in m for m in messages)
    assert any("(group 17, services): unknown service 'Azure'" in m for m in messages)
    assert [(c.key, c.value) for _, c in edits.edits] == [("17", "10")]
    hint = ImportResult(edits, []).summary()[-1]
    assert hint.startswith("Fix them in the workbook") and "--take-sheet" not in hint


def test_confirm_in_the_sheet_confirms_the_snapshot_the_sheet_showed(
    cohort, tmp_path: Path
) -> None:
    _, store = cohort
    store.append([Change(GROUP, "3", "grade", "7", deadline_sha=SHA, report_sha256="r" * 64)])
    moved = [make_group("3", NEW_SHA), make_group("11", SHA)]
    book = write_grading_workbook(tmp_path / "moved.xlsx", moved, store, RUBRIC, "wb2")
    edited = type_into(book, tmp_path / "confirmed.xlsx", {("3", "confirm"): "yes"})
    edits = read_edits(edited, store, RUBRIC)
    assert [(c.field, c.deadline_sha) for _, c in edits.edits] == [("confirm", NEW_SHA)]
    import_edits(edits, store)
    assert read_edits(edited, store, RUBRIC).edits == []  # confirmed once, not again


def test_an_open_workbook_is_refused_with_who_has_it(cohort) -> None:
    book, store = cohort
    lock = book.with_name(f".~lock.{book.name}#")
    lock.write_text("Alice Andersen,alice,laptop,02.02.2026 10:00,file:///x;")
    with pytest.raises(WorkbookOpenError, match=r"open in LibreOffice by Alice Andersen .*"
                                                r"save your edits, close it"):  # fmt: skip
        read_edits(book, store, RUBRIC)
    lock.unlink()
    excel = book.with_name(f"~${book.name}")
    excel.write_bytes(bytes([5]) + b"Bente" + b" " * 50)
    with pytest.raises(WorkbookOpenError, match=r"open in Excel by Bente \(lock file ~\$cohort"):
        read_edits(book, store, RUBRIC)


def test_a_workbook_without_its_state_is_refused(cohort, tmp_path: Path) -> None:
    book, store = cohort
    wb = load_workbook(book)
    del wb["_grading_state"]
    wb.save(tmp_path / "stateless.xlsx")
    with pytest.raises(GradingError, match="lost its hidden state sheet _grading_state"):
        read_edits(tmp_path / "stateless.xlsx", store, RUBRIC)


def test_not_an_xlsx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cohort.xlsx"
    path.write_text("not a zip")
    with pytest.raises(GradingError, match="cannot read it as an xlsx workbook"):
        read_edits(path, GradeStore.empty(), RUBRIC)


def add_similarity_sheet(path: Path, rows: list[tuple[str, str, str]], base: dict) -> None:
    """The Similarity sheet as issue 15 writes it (fixture): pair_id read-only, review and
    review_note editable; its bases in our state sheet."""
    wb = load_workbook(path)
    ws = wb.create_sheet("Similarity")
    ws.append(["pair_id", "question", "similarity", "review", "review_note"])
    for pair_id, review, note in rows:
        ws.append([pair_id, "Q14", 0.93, review or None, note or None])
    state = wb["_grading_state"]
    for pair_id, values in base.items():
        state.append(["pair", pair_id, json.dumps({"base": values})])
    wb.save(path)


def test_similarity_reviews_import_from_the_similarity_sheet(
    libreoffice, cohort, tmp_path: Path
) -> None:
    book, store = cohort
    store.append([Change(PAIR, "q14:2026/3|2026/11", "review", "dismissed", "alice")])
    base = {"q14:2026/3|2026/11": {"review": "dismissed"}}
    add_similarity_sheet(book, [("q14:2026/3|2026/11", "dismissed", ""),
                                ("q20:2026/3|2025/7", "", "")], base)  # fmt: skip
    wb = load_workbook(book)
    ws = wb["Similarity"]
    ws["D2"], ws["E2"] = "confirmed", "same figure, same words"
    ws["D3"] = "Dismissed"
    wb.save(tmp_path / "reviewed.xlsx")
    saved = resaved(libreoffice, tmp_path / "reviewed.xlsx", tmp_path)
    edits = read_edits(saved, store, RUBRIC, grader="bob")
    assert sorted(str(ref) for ref, _ in edits.edits) == [
        "Similarity!D2 (pair q14:2026/3|2026/11, review)",
        "Similarity!D3 (pair q20:2026/3|2025/7, review)",
        "Similarity!E2 (pair q14:2026/3|2026/11, review_note)",
    ]
    import_edits(edits, store)
    assert similarity_reviews(store.path) == {
        "q14:2026/3|2026/11": {"review": "confirmed", "review_note": "same figure, same words"},
        "q20:2026/3|2025/7": {"review": "dismissed", "review_note": ""},
    }


def test_reviews_in_a_workbook_without_grading_state_still_import(tmp_path: Path) -> None:
    """A workbook written before grading existed: no base, so what differs from the store is
    an edit (there is nothing else it could be)."""
    from openpyxl import Workbook

    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([Change(PAIR, "p1", "review", "dismissed")])
    wb = Workbook()
    ws = wb.active
    ws.title = "Similarity"
    ws.append(["pair_id", "review", "review_note"])
    ws.append(["p1", "dismissed", None])
    ws.append(["p2", "confirmed", "copied"])
    wb.save(tmp_path / "old.xlsx")
    edits = read_edits(tmp_path / "old.xlsx", store, RUBRIC)
    assert sorted((c.key, c.field, c.value) for _, c in edits.edits) == [
        ("p2", "review", "confirmed"), ("p2", "review_note", "copied")]  # fmt: skip


def test_spreadsheet_errors_are_refused_by_cell(libreoffice, cohort, tmp_path: Path) -> None:
    """'=good job' or '=1/0' typed in the sheet is a formula: LibreOffice saves the error it
    computes (#NAME?, #DIV/0!), which is never a grade nor a text to send to a group."""
    book, store = cohort
    edited = type_into(book, tmp_path / "edited.xlsx", {
        ("3", "comment to group"): "=good job", ("11", "private note"): "=1/0",
        ("17", "grade"): "=1/0", ("17", "comment to group"): "Fine.",
    })  # fmt: skip
    saved = resaved(libreoffice, edited, tmp_path)
    shown = [c.value for row in load_workbook(saved, data_only=True)["Grading"].iter_rows()
             for c in row]  # fmt: skip
    assert "#DIV/0!" in shown  # LibreOffice computed the formulas
    edits = read_edits(saved, store, RUBRIC)
    invalid = sorted(str(p) for p in edits.invalid)
    assert len(invalid) == 3, invalid
    assert invalid[0].startswith("Grading!E4 (group 17, grade): the cell shows the spreadsheet "
                                 "error #DIV/0!")  # fmt: skip
    assert any(p.startswith("Grading!G2 (group 3, comment): the cell shows the spreadsheet "
                            "error #") for p in invalid)  # fmt: skip
    assert any(p.startswith("Grading!H3 (group 11, private_note): the cell shows the "
                            "spreadsheet error #DIV/0!") for p in invalid)  # fmt: skip
    assert [(c.key, c.field, c.value) for _, c in edits.edits] == [("17", "comment", "Fine.")]


def test_an_error_already_in_the_store_is_never_a_text(tmp_path: Path) -> None:
    """A '#VALUE!' imported before errors were refused is flagged, not sent as feedback."""
    from harvester.grading.book import group_grades
    from harvester.grading.stale import Basis

    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([Change(GROUP, "3", "comment", "#VALUE!"), Change(GROUP, "3", "grade", "7")])
    grades = group_grades(store, RUBRIC, "3", Basis())
    assert "comment" not in grades.texts
    assert "spreadsheet error #VALUE!" in grades.invalid["comment"]
    assert grades.final == "7"


def test_a_group_copied_to_a_second_row_is_refused_naming_both_cells(
    cohort, tmp_path: Path
) -> None:
    book, store = cohort
    wb = load_workbook(book)
    ws = wb["Grading"]
    ws.append([c.value for c in ws[3]])  # group 11's row copied below the table
    wb.save(tmp_path / "copied.xlsx")
    edited = type_into(tmp_path / "copied.xlsx", tmp_path / "edited.xlsx",
                       {("11", "grade"): "10", ("3", "grade"): "4"})  # fmt: skip
    wb = load_workbook(edited)
    wb["Grading"]["E5"], wb["Grading"]["G5"] = "7", "Same text."
    wb["Grading"]["G3"] = "Same text."
    wb.save(edited)
    edits = read_edits(edited, store, RUBRIC)
    assert [str(p) for p in edits.invalid] == [
        "Grading!E3 (group 11, grade): the group is on 2 rows with different values here "
        "(E3 '10', E5 '7'); delete the extra rows, keeping the value you mean"
    ]
    got = sorted((c.key, c.field, c.value) for _, c in edits.edits)
    assert got == [("11", "comment", "Same text."), ("3", "grade", "4")]  # copies that agree


def test_a_pair_on_two_rows_of_the_similarity_sheet_is_refused(cohort, tmp_path: Path) -> None:
    book, store = cohort
    pair = "q14:2026/3|2026/11"
    add_similarity_sheet(book, [(pair, "confirmed", ""), (pair, "dismissed", "")],
                         {pair: {"review": ""}})  # fmt: skip
    edits = read_edits(book, store, RUBRIC)
    assert [str(p) for p in edits.invalid] == [
        f"Similarity!D2 (pair {pair}, review): the pair is on 2 rows with different values "
        "here (D2 'confirmed', D3 'dismissed'); delete the extra rows, keeping the value you mean"
    ]
    assert edits.edits == []
