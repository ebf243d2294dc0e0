"""Canvas gradebook import file: Canvas's fixed leading columns (Student, ID, SIS User ID, SIS
Login ID, Section), the student's id in the chosen SIS column, then one column for the item."""

from __future__ import annotations

from harvester.grading.lms.base import LmsExporter, StudentGrade


class Canvas(LmsExporter):
    name = "canvas"

    def header(self, scheme: bool) -> list[str]:
        return [*self.conventions["columns"], self.item]

    def row(self, grade: StudentGrade) -> list[str]:
        cells = ["" for _ in self.conventions["columns"]]
        cells[self.conventions["columns"].index(self.id_column)] = grade.student
        return [*cells, grade.value]
