"""Moodle grade import (CSV): an identity column Moodle maps to a user field (Username, ID
number or Email address) and one column for the grade item, mapped on import."""

from __future__ import annotations

from harvester.grading.lms.base import LmsExporter, StudentGrade


class Moodle(LmsExporter):
    name = "moodle"

    def header(self, scheme: bool) -> list[str]:
        return [self.id_column, self.item]

    def row(self, grade: StudentGrade) -> list[str]:
        return [grade.student, grade.value]
