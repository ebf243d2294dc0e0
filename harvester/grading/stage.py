"""The grading side of every export: import the TA's pending edits, then rebuild the view.

`sync_workbook` runs before the export touches anything: edits in the existing cohort.xlsx that
the store lacks are imported, and if some cannot be (conflicts, invalid values) the export stops
and names the cells, so rebuilding never drops a TA's work. `prepare_export` then reads the
store against the current snapshots and gives the export: the corrected group data (the single
place corrections win), the Grading sheet writer, data/grades.csv, and per group what pages and
the index must say (stale grades, corrections).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from harvester.fingerprint import file_digest
from harvester.grading.book import GroupGrades, grade_book, unknown_criteria_warning
from harvester.grading.corrections import apply_corrections, describe_corrections
from harvester.grading.errors import GradingError
from harvester.grading.importer import fix_hint, import_edits, read_edits
from harvester.grading.locate import (
    GradingPaths,
    grading_paths,
    read_state,
    remember_store,
    write_state,
)
from harvester.grading.officelock import ensure_closed
from harvester.grading.rubric import Rubric, load_rubric
from harvester.grading.sheet import GradingSheet, SheetRow
from harvester.grading.stale import Basis
from harvester.grading.store import PAIR, GradeStore, reviews_of
from harvester.layout import OutputLayout
from harvester.outputdir import group_ids, read_json
from harvester.stage import log
from harvester.tables import GroupData

GRADES_COLUMNS = ["group", "criterion", "value", "points", "grader", "stale"]


@dataclass
class Grading:
    """Everything one run of the grading commands or the export needs, loaded once."""

    layout: OutputLayout
    paths: GradingPaths | None
    rubric: Rubric
    store: GradeStore

    @classmethod
    def load(cls, layout: OutputLayout, store: Path | None = None) -> Grading:
        paths = grading_paths(layout, store)
        rubric = load_rubric(paths.rubric if paths else None)
        grades = GradeStore.load(paths.store) if paths else GradeStore.empty()
        return cls(layout, paths, rubric, grades)

    def warn_unknown_criteria(self, prefix: str) -> None:
        """Log the groups whose values sit under criteria the rubric lacks (a rubric.csv added
        or changed after grading), so no grade disappears from the exports unannounced."""
        warning = unknown_criteria_warning(self.store, self.rubric)
        if warning:
            log(f"{prefix}: {warning}")

    def book(self, groups: list[GroupData]) -> dict[str, GroupGrades]:
        return grade_book(
            self.store, self.rubric, ((g.group, Basis.of(g.snapshot, g.record)) for g in groups)
        )


def grading_inputs(layout: OutputLayout) -> dict[str, Any]:
    """What the Grading sheet reads besides snapshots/records (for the export's fingerprint)."""
    paths = grading_paths(layout)
    return {
        "store": str(paths.store) if paths else None,
        "store_digest": file_digest(paths.store) if paths else None,
        "rubric": file_digest(paths.rubric) if paths else None,
        "evidence": [file_digest(layout.evidence(g)) for g, _ in group_ids(layout)],
    }


def sync_workbook(
    layout: OutputLayout,
    *,
    grader: str | None = None,
    store: Path | None = None,
    stopped: str = "the workbook is not rebuilt",
) -> None:
    """Import the edits of an existing cohort.xlsx before anything is built from the store (the
    export, feedback, LMS files); raise naming the cells if any cannot be imported."""
    workbook = layout.cohort_xlsx
    if not workbook.exists():
        return
    ensure_closed(workbook)
    if read_state(layout).get("workbook_sha256") == file_digest(workbook):
        return  # exactly as the last export wrote it: nothing typed since
    grading = Grading.load(layout, store)
    edits = read_edits(workbook, grading.store, grading.rubric, grader=grader)
    if edits.edits and grading.paths is None:
        cells = ", ".join(str(ref) for ref, _ in edits.edits[:10])
        raise GradingError(
            f"{workbook} has grading edits ({cells}) but no grades store is known for "
            f"{layout.root}; run `harvester grades import {workbook} --store FILE` first"
        )
    if edits.edits:
        assert grading.paths is not None
        result = import_edits(edits, grading.store)
        remember_store(layout, grading.paths)
        log(result.headline())
    if edits.blocking:
        problems = "\n".join(f"  {p}" for p in edits.blocking)
        raise GradingError(
            f"{workbook}: {len(edits.blocking)} edit(s) cannot be imported, so {stopped} "
            f"(nothing is lost):\n{problems}\n{fix_hint(edits)}"
        )


@dataclass
class ExportGrading:
    """What the export needs from grading (see the module docstring)."""

    groups: list[GroupData]  # records with the TA's corrections applied
    book: dict[str, GroupGrades]
    sheet: GradingSheet
    reviews: dict[str, dict[str, str]]  # the Similarity sheet's decisions, by pair_id

    def notes(self, group: str) -> list[str]:
        """Sentences for the group's report page: a stale grade, the corrections made."""
        grades = self.book.get(group)
        notes = (
            [f"Grade stale: {grades.stale_text()}; confirm it in the Grading sheet."]
            if grades is not None and grades.is_stale
            else []
        )
        record = next((g.record for g in self.groups if g.group == group), None)
        return notes + [f"Corrected: {n}." for n in describe_corrections(record)]

    def annotate(self, groups: pd.DataFrame) -> pd.DataFrame:
        """The groups table with the grade, its staleness and the corrected facts."""
        frame = groups.copy()
        ids = [str(g) for g in frame["group"]] if "group" in frame else []
        book = [self.book.get(g) for g in ids]
        records = {g.group: g.record or {} for g in self.groups}
        frame["grade"] = [b.final if b else "" for b in book]
        frame["grade_stale"] = [bool(b and b.is_stale) for b in book]
        frame["grade_stale_reason"] = [b.stale_text() if b else "" for b in book]
        frame["corrected"] = [", ".join(records.get(g, {}).get("corrections") or {}) for g in ids]
        return frame

    def grades_frame(self) -> pd.DataFrame:
        """data/grades.csv: one row per typed grade (contract columns)."""
        rubric = self.sheet.rubric
        rows = []
        for group, grades in self.book.items():
            for name in rubric.grade_fields:
                value = grades.values.get(name)
                if not value:
                    continue
                rows.append(
                    {
                        "group": group,
                        "criterion": name,
                        "value": value,
                        "points": rubric.criterion(name).points(value),
                        "grader": grades.grader(),
                        "stale": name in grades.stale,
                    }
                )
        frame = pd.DataFrame(rows, columns=GRADES_COLUMNS)
        frame["value"] = frame["value"].astype(object)  # "02" stays text
        return frame


def prepare_export(layout: OutputLayout, groups: list[GroupData]) -> ExportGrading:
    grading = Grading.load(layout)
    grading.warn_unknown_criteria("grades")
    book = grading.book(groups)
    evidence = {g.group: read_json(layout.evidence(g.group)) for g in groups}
    pairs = {
        key: {"base": {f: c.value for f, c in fields.items()}}
        for key, fields in grading.store.current(PAIR).items()
    }
    sheet = GradingSheet(
        grading.rubric,
        [SheetRow(g, book[g.group], evidence[g.group]) for g in groups],
        uuid.uuid4().hex,
        grading.store if grading.paths else None,
        pairs,
    )
    for group, grades in book.items():
        for name, problem in grades.invalid.items():
            log(f"grades: group {group}, {name}: {problem}")
    reviews = reviews_of(grading.store)
    return ExportGrading(apply_corrections(groups, book), book, sheet, reviews)


def record_workbook(layout: OutputLayout) -> None:
    """Remember the workbook just written, so an untouched one is never read back."""
    write_state(layout, workbook_sha256=file_digest(layout.cohort_xlsx))
