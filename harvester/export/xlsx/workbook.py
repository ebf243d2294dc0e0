"""cohort.xlsx: the one spreadsheet the staff review a whole cohort in.

Built with openpyxl from the tidy tables of ``harvester.tables`` (columns in docs/CONTRACTS.md).
Every value goes through :func:`harvester.cells.safe_cell` (see ``xlsx.style.put``), statistics
are computed in Python and written as numbers, so the file contains no formula at all; and it is
written atomically, so a crash never leaves a half-written workbook for a TA to open.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from harvester.atomic import atomic_write_bytes
from harvester.export.limits_notes import limits_notes
from harvester.export.rates import describe_rates, merged_rates
from harvester.export.xlsx import values as v
from harvester.export.xlsx.checklist import canonical_items, write_checklist, write_coverage
from harvester.export.xlsx.credits import write_credits
from harvester.export.xlsx.evidence import write_contributors, write_evidence
from harvester.export.xlsx.facts import FILL_LOW, LOW_MEANING, annotate_facts
from harvester.export.xlsx.overview import write_overview
from harvester.export.xlsx.printing import apply_print_setup
from harvester.export.xlsx.rows import write_answers, write_warnings
from harvester.export.xlsx.services import write_services
from harvester.export.xlsx.style import (
    BOLD,
    FILL_BAD,
    FILL_CHECKER,
    FILL_GOOD,
    FILL_WARN,
    put,
)

SHEETS = (
    "Overview",
    "Checklist",
    "Coverage",
    "Credits",
    "Services",
    "Answers",
    "Warnings",
    "Evidence",
    "Contributors",
    "Notes",
)


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """The named table, or an empty one (a missing table must not stop the export)."""
    frame = tables.get(name)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def group_order(tables: dict[str, pd.DataFrame]) -> list[object]:
    """Groups in the groups table's order, then any group only other tables mention."""
    seen: dict[str, object] = {}
    for name in ("groups", "checklist", "services"):
        for group in v.column(_table(tables, name), "group"):
            if not v.is_missing(group):
                seen.setdefault(v.group_id(group), group)
    return list(seen.values())


def build_workbook(
    tables: dict[str, pd.DataFrame],
    *,
    rates: dict[str, float] | None = None,
    report_links: bool = True,
    extra_sheets: Sequence[Callable[[Workbook], None]] = (),
) -> Workbook:
    """The whole workbook in memory (separate from saving so tests can inspect it directly).

    ``extra_sheets``: writers of sheets other capabilities own (similarity's Similarity sheet,
    grading's Grading sheet), each called with the workbook after the standard sheets, before
    Notes; every sheet then gets the same print setup.
    """
    all_rates = merged_rates(rates)
    groups = _table(tables, "groups")
    order = group_order(tables)
    wb = Workbook()
    wb.properties.creator = "harvester"
    wb.properties.title = "Cohort review"
    overview = wb.active
    overview.title = "Overview"
    write_overview(overview, groups, all_rates, report_links=report_links)
    write_checklist(wb.create_sheet("Checklist"), order, _table(tables, "checklist"))
    write_coverage(wb.create_sheet("Coverage"), _table(tables, "checklist"))
    write_credits(wb.create_sheet("Credits"), groups, all_rates)
    services = tables.get("services")
    write_services(
        wb.create_sheet("Services"),
        order,
        services if isinstance(services, pd.DataFrame) else None,
        groups,
    )
    annotate_facts(wb, _table(tables, "facts"))
    write_answers(wb.create_sheet("Answers"), _table(tables, "answers"))
    write_warnings(wb.create_sheet("Warnings"), _table(tables, "warnings"))
    # Claims vs evidence (harvester.evidence); empty sheets until that check has run.
    items = [item.id for item in canonical_items(_table(tables, "checklist"))]
    write_evidence(wb.create_sheet("Evidence"), order, _table(tables, "evidence"), items)
    flags = {
        v.group_id(g): str(f)
        for g, f in zip(v.column(groups, "group"), v.column(groups, "contributor_flags"),
                        strict=True)
        if not v.is_missing(f) and f
    }  # fmt: skip
    write_contributors(wb.create_sheet("Contributors"), _table(tables, "contributors"), flags)
    for write_sheet in extra_sheets:
        write_sheet(wb)
    write_notes(wb.create_sheet("Notes"), all_rates, limits_notes(groups))
    apply_print_setup(wb)  # last: every sheet, whoever added it
    return wb


def write_cohort_xlsx(
    tables: dict[str, pd.DataFrame],
    path: Path,
    *,
    rates: dict[str, float] | None = None,
    report_links: bool = True,
    extra_sheets: Sequence[Callable[[Workbook], None]] = (),
) -> None:
    """Write ``cohort.xlsx`` atomically.

    ``rates`` (USD per unit) are laid over ``rates.DEFAULT_RATES``; ``report_links`` links each
    Overview row to ``groups/<id>/report.html`` relative to the workbook, so keep the workbook in
    the output folder.
    """
    wb = build_workbook(
        tables,
        rates=rates,
        report_links=report_links,
        extra_sheets=extra_sheets,
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


LEGEND = (
    (
        FILL_BAD,
        "problem: status not ok, members differ, reports/ changed after the deadline, "
        "missing images, a limit broken, an open checklist item",
    ),
    (
        FILL_WARN,
        "worth a look: commits after the deadline, unanswered questions, a stale copy, "
        "a partial checklist item, a credits unit without a rate",
    ),
    (FILL_CHECKER, "only the course's own checker would flag this count"),
    (FILL_LOW, LOW_MEANING),
    (FILL_GOOD, "done / used"),
)


def write_notes(ws: Worksheet, rates: dict[str, float], limits: Sequence[str] = ()) -> None:
    """How to read the workbook: colours, units, rates, whose limits (no student text here)."""
    put(ws, 1, 1, "How to read this workbook").font = BOLD
    row = 2
    for fill, meaning in LEGEND:
        row += 1
        put(ws, row, 1, None).fill = fill
        put(ws, row, 2, meaning)
    row += 2
    put(ws, row, 1, "Credits conversion").font = BOLD
    put(ws, row, 2, describe_rates(rates))
    for unit, value in rates.items():
        row += 1
        put(ws, row, 1, unit)
        put(ws, row, 2, value, "0.00000")
    row += 2
    put(ws, row, 1, "Notes").font = BOLD
    for text in (
        "Coverage columns hold 0-100 numbers shown with a % sign.",
        "Times are local to each group's deadline time zone (Excel stores no time zone).",
        "Text that a spreadsheet could run as a formula starts with an apostrophe (').",
        "Text longer than Excel's 32,767-character cell limit ends with '… [truncated N chars]'.",
        "There are no formulas in this workbook: every statistic is a computed number.",
        *limits,
    ):
        row += 1
        put(ws, row, 2, text)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110
