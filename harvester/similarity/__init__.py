"""Answer similarity: copied passages across groups and past cohorts, shown side by side.

Entry point: `run_similarity(layout, past=[...])` (run by `harvester harvest` after parse, or
alone as `harvester similarity OUT`). Export reads what it wrote through `read_pairs`,
`group_flags`, `index_flag_html`, `report_notice_html` and `similarity_sheet` (the sheet's
writer for cohort.xlsx);
`check_options` validates `--past` early. Nothing else here is public.
"""

from harvester.similarity.files import read_pairs
from harvester.similarity.flags import group_flags, index_flag_html, report_notice_html
from harvester.similarity.sheet import similarity_sheet, write_similarity_sheet
from harvester.similarity.stage import (
    SimilarityError,
    SimilarityResult,
    check_options,
    run_similarity,
    show_reviews,
)

__all__ = [
    "SimilarityError",
    "SimilarityResult",
    "check_options",
    "group_flags",
    "index_flag_html",
    "read_pairs",
    "report_notice_html",
    "run_similarity",
    "show_reviews",
    "similarity_sheet",
    "write_similarity_sheet",
]
