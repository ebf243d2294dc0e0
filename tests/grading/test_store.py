"""The grades store: an append-only log that survives being opened and saved in Excel."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.grading import similarity_reviews  # the contract's entry point (issue 15)
from harvester.grading.book import group_grades
from harvester.grading.errors import StoreError
from harvester.grading.rubric import default_rubric
from harvester.grading.stale import Basis
from harvester.grading.store import COLUMNS, GROUP, PAIR, Change, GradeStore

SHA_A, SHA_B = "a" * 40, "b" * 40
REPORT = "c" * 64


def grade(group: str, value: str, **kw: str) -> Change:
    return Change(GROUP, group, "grade", value, kw.pop("grader", "alice"),
                  deadline_sha=SHA_A, report_sha256=REPORT, **kw)  # fmt: skip


def test_append_creates_the_log_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    store = GradeStore.load(path)
    assert store.changes == [] and not path.exists()
    written = store.append([grade("3", "02"), grade("3", "7", grader="bob")])
    assert [c.row for c in written] == [2, 3]
    assert path.read_text().splitlines()[0] == ",".join(COLUMNS)
    again = GradeStore.load(path)
    assert again.value(GROUP, "3", "grade") == "7"
    assert [c.value for c in again.changes] == ["02", "7"]  # the history is kept
    assert again.latest(GROUP, "3", "grade").grader == "bob"
    assert all(c.time for c in again.changes)
    again.append([grade("11", "12")])
    assert len(path.read_text().splitlines()) == 4  # appended, nothing rewritten


def test_formula_like_text_is_protected_in_the_file_and_read_back_clean(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    GradeStore.load(path).append([Change(GROUP, "3", "comment", "=1+2 and - more")])
    assert "'=1+2 and - more" in path.read_text()
    book = group_grades(GradeStore.load(path), default_rubric(), "3", Basis())
    assert book.texts["comment"] == "=1+2 and - more"


def excel_saved(tmp_path: Path) -> Path:
    """What Excel (Danish locale) makes of the log: BOM, ';', CRLF, local dates, 02 -> 2, no
    final line break, cp1252."""
    text = (
        "\ufefftime;grader;scope;key;field;value;deadline_sha;report_sha256;origin\r\n"
        f"30-01-2026 10:15;Søren;group;3;grade;2;{SHA_A};{REPORT};sheet:x\r\n"
        f"30-01-2026 10:16;Søren;group;3;comment;Flot arbejde;{SHA_A};{REPORT};sheet:x"
    )
    path = tmp_path / "grades.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_an_excel_saved_log_reads_back_and_keeps_its_form(tmp_path: Path) -> None:
    path = excel_saved(tmp_path)
    store = GradeStore.load(path)
    assert store.changes[0].time == "30-01-2026 10:15"  # a date as Excel wrote it: kept as text
    book = group_grades(store, default_rubric(), "3", Basis(SHA_A, REPORT))
    assert book.values == {"grade": "02"}
    assert book.texts["comment"] == "Flot arbejde"
    assert not book.stale
    store.append([grade("11", "10", grader="Åse")])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[2].endswith("sheet:x") and lines[3].startswith("20")  # a new line, not glued
    assert lines[3].split(";")[1:6] == ["Åse", "group", "11", "grade", "10"]
    assert GradeStore.load(path).value(GROUP, "11", "grade") == "10"


def test_a_cp1252_log_is_read_and_appended_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    header = "scope,key,field,value,grader,time,deadline_sha,report_sha256,origin"  # reordered
    path.write_bytes(f"{header}\r\ngroup,3,grade,7,Søren,,,,\r\n".encode("cp1252"))
    store = GradeStore.load(path)
    assert store.latest(GROUP, "3", "grade").grader == "Søren"
    store.append([Change(GROUP, "3", "grader", "Åse")])
    assert GradeStore.load(path).value(GROUP, "3", "grader") == "Åse"
    with pytest.raises(StoreError, match="save it as CSV UTF-8"):
        store.append([Change(GROUP, "3", "comment", "😀")])


def test_a_log_without_a_column_is_read_but_never_appended_to(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    path.write_text("scope,key,field,value\ngroup,3,grade,7\n")
    store = GradeStore.load(path)
    assert store.value(GROUP, "3", "grade") == "7"
    with pytest.raises(StoreError, match="no column time, grader, deadline_sha"):
        store.append([grade("3", "10")])
    assert path.read_text() == "scope,key,field,value\ngroup,3,grade,7\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("who,what\nx,y\n", r"row 1: not a grades store \(no column scope, key, field, value\)"),
        ("scope,key,field,value\ngroup,3,grade,7,extra,more\n", "row 2: 6 fields"),
        ("scope,key,field,value\nteam,3,grade,7\n", "row 2: scope 'team'"),
    ],
)
def test_damaged_logs_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "grades.csv"
    path.write_text(text)
    with pytest.raises(StoreError, match=message):
        GradeStore.load(path)


def test_similarity_reviews_by_pair_id(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    GradeStore.load(path).append([
        Change(PAIR, "q14:2026/3|2026/11", "review", "confirmed"),
        Change(PAIR, "q14:2026/3|2026/11", "review_note", "=same figure"),
        Change(PAIR, "q20:2026/3|2025/7", "review", "dismissed"),
        Change(PAIR, "q20:2026/3|2025/7", "review", ""),  # cleared again
        grade("3", "7"),
    ])  # fmt: skip
    assert similarity_reviews(path) == {
        "q14:2026/3|2026/11": {"review": "confirmed", "review_note": "=same figure"}
    }
    assert similarity_reviews(tmp_path / "none.csv") == {}


def test_a_grade_is_stale_until_confirmed_against_the_new_snapshot(tmp_path: Path) -> None:
    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([grade("3", "7")])
    rubric = default_rubric()
    assert group_grades(store, rubric, "3", Basis(SHA_A, REPORT)).stale == {}
    moved = group_grades(store, rubric, "3", Basis(SHA_B, REPORT))
    assert moved.stale == {"grade": "deadline commit changed (aaaaaaa → bbbbbbb)"}
    edited = group_grades(store, rubric, "3", Basis(SHA_A, "d" * 64))
    assert "the report changed" in edited.stale["grade"]
    store.append([Change(GROUP, "3", "confirm", "yes", deadline_sha=SHA_B, report_sha256=REPORT)])
    assert group_grades(store, rubric, "3", Basis(SHA_B, REPORT)).stale == {}
    store.append([grade("3", "10")])  # a later grade given against the old snapshot again
    assert group_grades(store, rubric, "3", Basis(SHA_B, REPORT)).stale
