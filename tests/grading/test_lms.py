"""LMS grade files: golden files per format, one row per student, and the errors that keep a
wrong file from reaching an LMS."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.grading.book import grade_book
from harvester.grading.errors import GradingError
from harvester.grading.lms import LmsExporter, StudentGrade, exporter, formats, register
from harvester.grading.lms_rows import student_rows
from harvester.grading.rubric import Rubric, default_rubric, load_rubric
from harvester.grading.stale import Basis
from harvester.grading.store import GROUP, Change, GradeStore
from harvester.tables import GroupData

GOLDEN = Path(__file__).parent / "golden"
SHA = "1" * 40


def group(gid: str, members: tuple[str, ...] | None, sha: str = SHA) -> GroupData:
    snapshot = {"group": gid, "status": "ok", "deadline_commit": {"sha": sha}}
    return GroupData(gid, members, snapshot, {"source": {"sha256": "r" * 64}})


COHORT = [group("3", ("s250311", "s250318")), group("11", ("s250411", "s250412")),
          group("17", ("s250701",))]  # fmt: skip


def graded(tmp_path: Path, values: dict[tuple[str, str], str], rubric: Rubric,
           groups: list[GroupData] = COHORT) -> tuple[list[GroupData], dict]:  # fmt: skip
    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([Change(GROUP, g, f, v, deadline_sha=SHA, report_sha256="r" * 64)
                  for (g, f), v in values.items()])  # fmt: skip
    book = grade_book(store, rubric, ((g.group, Basis.of(g.snapshot, g.record)) for g in groups))
    return groups, book


@pytest.mark.parametrize(
    ("fmt", "golden", "options"),
    [
        ("brightspace", "brightspace.csv", {}),
        ("brightspace", "brightspace_username.csv",
         {"item": "Exam project", "id_column": "username"}),
        ("canvas", "canvas.csv", {}),
        ("moodle", "moodle.csv", {}),
        ("csv", "csv.csv", {}),
    ],
)  # fmt: skip
def test_golden_files_on_the_7_step_scale(
    tmp_path: Path, fmt: str, golden: str, options: dict
) -> None:
    rubric = default_rubric()
    groups, book = graded(tmp_path, {("3", "grade"): "02", ("11", "grade"): "12"}, rubric)
    rows = student_rows(groups, book, rubric)
    assert rows.ungraded == ["17"]
    out = tmp_path / "out.csv"
    exporter(fmt)(**options).write(rows.rows, out)
    assert out.read_bytes() == (GOLDEN / golden).read_bytes()
    out.read_bytes().decode("utf-8")  # UTF-8, no BOM needed by any of them


def test_brightspace_points_when_the_rubric_sums_points(tmp_path: Path) -> None:
    (tmp_path / "rubric.csv").write_text("criterion,max\nreport,10\ncode,20\n")
    rubric = load_rubric(tmp_path / "rubric.csv")
    groups, book = graded(
        tmp_path,
        {("3", "report"): "8.5", ("3", "code"): "15", ("11", "report"): "10", ("11", "code"): "20"},
        rubric,
    )
    out = tmp_path / "points.csv"
    exporter("brightspace")().write(student_rows(groups, book, rubric).rows, out)
    assert out.read_bytes() == (GOLDEN / "brightspace_points.csv").read_bytes()
    one = student_rows(groups, book, rubric, criterion="code")
    assert [(r.student, r.value, r.points) for r in one.rows][:1] == [("s250311", "15", 15.0)]


def test_a_graded_group_without_members_is_an_error_naming_it(tmp_path: Path) -> None:
    rubric = default_rubric()
    groups = [*COHORT, group("58", None)]
    groups, book = graded(tmp_path, {("3", "grade"): "7", ("58", "grade"): "4"}, rubric, groups)
    with pytest.raises(GradingError, match=r"group\(s\) 58 have a grade but no members"):
        student_rows(groups, book, rubric)


def test_stale_grades_are_not_exported_unless_allowed(tmp_path: Path) -> None:
    rubric = default_rubric()
    moved = [group("3", ("s250311",), sha="2" * 40), COHORT[1]]
    groups, book = graded(tmp_path, {("3", "grade"): "7", ("11", "grade"): "4"}, rubric, moved)
    with pytest.raises(GradingError, match=r"group 3 \(deadline commit changed \(1111111 → "
                                           r"2222222\).*harvester grades confirm"):  # fmt: skip
        student_rows(groups, book, rubric)
    rows = student_rows(groups, book, rubric, allow_stale=True).rows
    assert [r.student for r in rows] == ["s250311", "s250411", "s250412"]


def test_a_student_in_two_groups_is_an_error(tmp_path: Path) -> None:
    rubric = default_rubric()
    twice = [group("3", ("s1",)), group("11", ("s1", "s2"))]
    groups, book = graded(tmp_path, {("3", "grade"): "7", ("11", "grade"): "4"}, rubric, twice)
    with pytest.raises(GradingError, match=r"s1 \(groups 3 and 11\)"):
        student_rows(groups, book, rubric)


def test_unknown_format_id_column_and_criterion_are_named() -> None:
    with pytest.raises(GradingError, match="unknown LMS 'blackboard'; known: brightspace"):
        exporter("blackboard")
    with pytest.raises(GradingError, match="'Email' is not one of OrgDefinedId, Username"):
        exporter("brightspace")(id_column="Email")
    with pytest.raises(GradingError, match="'style' is not in the rubric"):
        student_rows([], {}, default_rubric(), criterion="style")


def test_a_course_registers_its_own_lms(tmp_path: Path) -> None:
    @register
    class Itslearning(LmsExporter):
        name = "itslearning-test"

        def header(self, scheme: bool) -> list[str]:
            return ["user", self.item]

        def row(self, grade: StudentGrade) -> list[str]:
            return [grade.student.upper(), grade.value]

    assert "itslearning-test" in formats()
    text = exporter("itslearning-test")(item="Final").render(
        [StudentGrade("s1", "3", "=cmd|' /C calc'!A0", None, True)]
    )
    assert text == "user,Final\r\nS1,'=cmd|' /C calc'!A0\r\n"  # never a formula in the file
