"""Grading round trip: the TA's grades and corrections, kept across re-harvests.

The grades store (an append-only CSV log next to the roster) is the truth; the Grading sheet of
cohort.xlsx is a view rebuilt on every export, whose edits are imported back
(`harvester grades import`) and never silently lost. Grades remember the snapshot they were
given against and turn stale when a re-harvest changes it. Feedback pages per group and grade
files for LMSs (Brightspace, Canvas, Moodle, CSV; more through `lms.register`) come from the
store too.

Public entry points: `similarity_reviews` (the Similarity sheet's decisions by pair_id),
`harvester.grading.stage` (the export's hooks), `harvester.grading.commands` (the CLI).
"""

from harvester.grading.errors import GradingError, WorkbookOpenError
from harvester.grading.store import similarity_reviews

__all__ = ["GradingError", "WorkbookOpenError", "similarity_reviews"]
