"""A plain CSV for anything else: student, group, the grade as given, and its points."""

from __future__ import annotations

from harvester.grading.lms.base import LmsExporter, StudentGrade
from harvester.grading.values import format_number


class PlainCsv(LmsExporter):
    name = "csv"

    def header(self, scheme: bool) -> list[str]:
        return [self.id_column, "group", self.item, "points"]

    def row(self, grade: StudentGrade) -> list[str]:
        points = "" if grade.points is None else format_number(grade.points)
        return [grade.student, grade.group, grade.value, points]
