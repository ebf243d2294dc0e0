"""From group grades to student rows: every group expanded through the roster's members.

A graded group without members cannot reach the LMS and is an error naming it; so is a stale
grade (unless the TA allows it) and a student listed in two groups. Ungraded groups are left
out and reported, so an import never blanks a grade already in the LMS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harvester.grading.book import GroupGrades
from harvester.grading.errors import GradingError
from harvester.grading.lms.base import StudentGrade
from harvester.grading.rubric import TOTAL, Rubric
from harvester.tables import GroupData


@dataclass
class StudentRows:
    rows: list[StudentGrade] = field(default_factory=list)
    ungraded: list[str] = field(default_factory=list)
    no_total: list[str] = field(default_factory=list)  # all criteria graded, total not typed


def student_rows(
    groups: list[GroupData],
    book: dict[str, GroupGrades],
    rubric: Rubric,
    *,
    criterion: str = TOTAL,
    allow_stale: bool = False,
) -> StudentRows:
    if criterion not in rubric.grade_fields:
        raise GradingError(
            f"--criterion: '{criterion}' is not in the rubric ({', '.join(rubric.grade_fields)})"
        )
    spec = rubric.criterion(criterion)
    out = StudentRows()
    no_members, stale, seen = [], [], {}
    duplicates = []
    for data in groups:
        grades = book[data.group]
        value = grades.final if criterion == TOTAL else grades.values.get(criterion, "")
        if not value:
            out.ungraded.append(data.group)
            if criterion == TOTAL and grades.needs_total:
                out.no_total.append(data.group)
            continue
        if grades.is_stale and not allow_stale:
            stale.append(f"group {data.group} ({grades.stale_text()})")
        if not data.roster_members:
            no_members.append(data.group)
            continue
        for student in data.roster_members:
            if student in seen:
                duplicates.append(f"{student} (groups {seen[student]} and {data.group})")
                continue
            seen[student] = data.group
            out.rows.append(
                StudentGrade(student, data.group, value, spec.points(value), spec.is_scale)
            )
    problems = []
    if no_members:
        problems.append(
            f"group(s) {', '.join(no_members)} have a grade but no members in the "
            "roster; add their study numbers to the roster's members column and "
            "harvest again"
        )
    if stale:
        problems.append(
            "stale grade(s), given before the snapshot changed: "
            f"{'; '.join(stale)}; confirm them (harvester grades confirm GROUP) "
            "or pass --allow-stale"
        )
    if duplicates:
        problems.append(f"student(s) in two groups: {', '.join(duplicates)}")
    if problems:
        raise GradingError("cannot export grades: " + "\n  ".join(problems))
    return out
