"""Grading round trip: the TA's grades and corrections, kept across re-harvests.

The grades store (an append-only CSV log next to the roster) is the truth; the Grading sheet of
cohort.xlsx is a view rebuilt on every export, whose edits are imported back
(`harvester grades import`) and never silently lost. Grades remember the snapshot they were
given against and turn stale when a re-harvest changes it. Feedback pages per group and grade
files for LMSs (Brightspace, Canvas, Moodle, CSV; more through `lms.register`) come from the
store too.

Public entry points: `similarity_reviews` (the Similarity sheet's decisions by pair_id), the
export's hooks (`sync_workbook`, `prepare_export`, `record_workbook`, `grading_inputs`) and the
CLI (`add_commands`, `run_grades`, `cmd_feedback`).
"""

from __future__ import annotations

from pathlib import Path

from harvester.grading.commands import add_commands, cmd_feedback, run_grades
from harvester.grading.errors import GradingError, WorkbookOpenError
from harvester.grading.stage import grading_inputs, prepare_export, record_workbook, sync_workbook

__all__ = [
    "GradingError",
    "WorkbookOpenError",
    "add_commands",
    "cmd_feedback",
    "grading_inputs",
    "prepare_export",
    "record_workbook",
    "run_grades",
    "similarity_reviews",
    "sync_workbook",
]


def similarity_reviews(store_path: Path) -> dict[str, dict[str, str]]:
    """{pair_id: {"review": ..., "review_note": ...}} from the grades store (see store.py)."""
    from harvester.grading.store import similarity_reviews as read_reviews

    return read_reviews(store_path)
