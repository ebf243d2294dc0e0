"""The Similarity sheet of cohort.xlsx: one row per flagged pair, with the reviewer's columns.

`pair_id` is read-only and first; `review` (confirmed / dismissed / empty) and `review_note` are
the reviewer's, filled from the grading store's `reviews` mapping when given (issue 14 reads
them back from the sheet, keyed by pair_id). Every value goes through `xlsx.style.put`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx.style import (
    FILL_WARN,
    FMT_INT,
    Col,
    finish_table,
    link,
    put,
    write_header,
    write_rows,
)
from harvester.similarity.files import PAGES_DIR, page_name

SHEET = "Similarity"  # grading's importer reads the reviews back from the sheet of this name

REVIEWS = ("confirmed", "dismissed")
COLUMNS = [
    Col(
        "pair_id",
        comment="Stable id of the pair (question key, cohort/group of each side). "
        "Do not edit: reviews are matched by it.",
    ),
    Col("question", comment="Question key and number(s)."),
    Col("cohort_a"),
    Col("group_a"),
    Col("cohort_b"),
    Col("group_b"),
    Col("kind", comment="new-new: both in this cohort; new-old: with a past cohort."),
    Col(
        "strength",
        "0.00",
        comment="Density and contiguity of the shared text, 0-1. Ranks pairs; "
        "the reviewer decides.",
    ),
    Col("shared_words", FMT_INT),
    Col("share_a", "0%"),
    Col("share_b", "0%"),
    Col("longest_run", FMT_INT),
    Col("excerpt", width=60),
    Col("page", comment="The side-by-side page (relative to this workbook)."),
    Col("review", width=12, comment="Yours: confirmed, dismissed or empty."),
    Col("review_note", width=40, comment="Yours: why."),
]


def similarity_sheet(
    pairs: Sequence[Mapping[str, Any]], reviews: Mapping[str, Mapping[str, Any]] | None = None
) -> Callable[[Workbook], None]:
    """The Similarity sheet as a writer for cohort.xlsx's `extra_sheets`."""
    return lambda wb: write_similarity_sheet(wb.create_sheet(SHEET), pairs, reviews)


def write_similarity_sheet(
    ws: Worksheet,
    pairs: Sequence[Mapping[str, Any]],
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Fill `ws` (the caller creates it, named "Similarity") from pairs.json's pairs."""
    write_header(ws, 1, COLUMNS)
    reviews = reviews or {}
    rows = []
    for p in pairs:
        review = reviews.get(p["pair_id"]) or {}
        qa, qb = p.get("question_a"), p.get("question_b")
        question = f"{p['key']} (Q{qa})" if qa == qb else f"{p['key']} (Q{qa}/Q{qb})"
        page = f"similarity/{PAGES_DIR}/{page_name(p['pair_id'])}"
        rows.append(
            [
                p["pair_id"],
                question,
                p["cohort_a"],
                p["group_a"],
                p["cohort_b"],
                p["group_b"],
                p.get("kind"),
                p["strength"],
                p["shared_words"],
                p["share_a"],
                p["share_b"],
                p["longest_run"],
                p.get("excerpt"),
                page,
                review.get("review") or None,
                review.get("review_note") or None,
            ]
        )
    last = write_rows(ws, 2, COLUMNS, rows)
    page_col, review_col = 14, 15
    for r in range(2, last + 1):
        link(ws.cell(row=r, column=page_col), ws.cell(row=r, column=page_col).value)
        ws.cell(row=r, column=review_col).fill = FILL_WARN
    if last >= 2:
        choice = DataValidation(type="list", formula1=f'"{",".join(REVIEWS)}"', allow_blank=True)
        choice.error = "confirmed, dismissed or empty"
        ws.add_data_validation(choice)
        choice.add(f"O2:O{last}")
    else:
        put(ws, 2, 1, "No pair of answers was flagged (or the similarity check has not run).")
    finish_table(ws, COLUMNS, header_row=1, last_row=max(last, 1))
