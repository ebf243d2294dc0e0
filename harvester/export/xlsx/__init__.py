"""cohort.xlsx: one module per sheet (or concern), `workbook` puts them together.

`build_workbook` / `write_cohort_xlsx` are the entry points; `style` and `values` are the shared
cell helpers other capabilities' sheets use too (grading, similarity, compare).
"""

from harvester.export.xlsx.workbook import SHEETS, build_workbook, write_cohort_xlsx

__all__ = ["SHEETS", "build_workbook", "write_cohort_xlsx"]
