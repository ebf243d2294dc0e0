"""One interface for every LMS grade file: a header and one row per student, written as UTF-8
CSV. A new LMS is a small subclass registered under a name (see `harvester.grading.lms`)."""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from harvester.atomic import atomic_write_text
from harvester.cells import safe_text
from harvester.grading.config import lms_conventions
from harvester.grading.errors import GradingError


@dataclass(frozen=True)
class StudentGrade:
    """One student's grade for the exported item (groups expanded through the roster)."""

    student: str  # the id the roster lists (e.g. a DTU study number)
    group: str
    value: str  # as on the scale or as points text ("02", "7.5")
    points: float | None
    scheme: bool  # True: a value of a grade scheme (scale); False: points


class LmsExporter(ABC):
    """A grade file for one LMS. Conventions (default item name, id columns) come from
    `bank/grading.json` lms.<name>; the first id column is the default."""

    name: ClassVar[str]
    defaults: ClassVar[dict[str, Any]] = {"item": "Project", "id_columns": ["student"]}

    def __init__(self, item: str | None = None, id_column: str | None = None) -> None:
        self.conventions = {**self.defaults, **lms_conventions(self.name)}
        self.item = (item or self.conventions["item"]).strip()
        allowed = list(self.conventions["id_columns"])
        chosen = id_column or allowed[0]
        match = [c for c in allowed if c.lower() == chosen.lower()]
        if not match:
            raise GradingError(
                f"--id-column for {self.name}: '{chosen}' is not one of {', '.join(allowed)}"
            )
        self.id_column = match[0]
        if not self.item:
            raise GradingError("--item: give the grade item's name")

    @abstractmethod
    def header(self, scheme: bool) -> list[str]:
        """Column names; `scheme`: the grades are symbols of a scheme, not points."""

    @abstractmethod
    def row(self, grade: StudentGrade) -> list[str]:
        """One student's line, in header order."""

    def render(self, grades: list[StudentGrade]) -> str:
        """The whole file as text (CRLF line ends, as RFC 4180 and LMS exports use)."""
        scheme = bool(grades) and all(g.scheme for g in grades)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.header(scheme))
        for grade in grades:
            writer.writerow([safe_text(cell) for cell in self.row(grade)])
        return buffer.getvalue()

    def write(self, grades: list[StudentGrade], path: Path) -> None:
        atomic_write_text(Path(path), self.render(grades))
