"""Brightspace (D2L, DTU Learn) grades import file.

`OrgDefinedId` (or `Username`) with its value behind a `#` (as Brightspace's own exports write
it, so a spreadsheet keeps leading zeros), `<Item> Points Grade` for points or `<Item> Grade
Symbol` for a grade scheme such as the 7-step scale, and the `End-of-Line Indicator` column
holding `#`. UTF-8.
"""

from __future__ import annotations

from harvester.grading.lms.base import LmsExporter, StudentGrade


class Brightspace(LmsExporter):
    name = "brightspace"

    def header(self, scheme: bool) -> list[str]:
        c = self.conventions
        suffix = c["scheme_suffix"] if scheme else c["points_suffix"]
        return [self.id_column, f"{self.item}{suffix}", c["end_column"]]

    def row(self, grade: StudentGrade) -> list[str]:
        c = self.conventions
        return [f"{c['id_prefix']}{grade.student}", grade.value, c["end_value"]]
