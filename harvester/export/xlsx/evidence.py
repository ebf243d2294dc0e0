"""The Evidence (groups x items: verdicts, ticked-and-no-evidence marked) and Contributors sheets.

Read from the `evidence` and `contributors` tables (columns in docs/CONTRACTS.md); every value
goes through `put`, so student text (author names, paths) can never become a formula.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx import values as v
from harvester.export.xlsx.checklist import by_group_item
from harvester.export.xlsx.style import (
    BOLD,
    FILL_BAD,
    FILL_GOOD,
    FILL_WARN,
    FMT_INT,
    FMT_TIME,
    HEADER_FILL,
    HEADER_FONT,
    Col,
    finish_table,
    put,
    write_header,
    write_rows,
)

VERDICTS = ("yes", "weak", "template", "no", "not_verifiable")
SYMBOL = {"yes": "✓", "weak": "~", "template": "T", "no": "✗", "not_verifiable": "?"}
LEGEND = (
    "✓ evidence · ~ weak (dependency or docs only) · T only the course template's files · "
    "✗ no trace · ? not verifiable from a repository. Red: ticked, no trace (an unsupported "
    "claim). Amber: done but not ticked (left open or partial in the checklist). Green: ticked "
    "with evidence. A group without a report has no ticks: its verdicts are shown plainly."
)
UNTOLD_STATES = ("open", "partial")  # as the groups table counts done_not_ticked
NO_REPORT = "No report: nothing was ticked, so there are no claims to compare the verdicts with."
SUMMARY = ("unsupported", "done not ticked", *VERDICTS)


def _cells(evidence: pd.DataFrame) -> dict[str, dict[str, tuple[str, str | None]]]:
    """group -> item -> (verdict, checklist state or None); unknown verdicts are skipped."""
    return {
        group: {
            item: (str(verdict), None if v.is_missing(state) else str(state))
            for item, (verdict, state) in items.items()
            if str(verdict) in SYMBOL
        }
        for group, items in by_group_item(evidence, "verdict", "state").items()
    }


def _flag(verdict: str, state: str | None) -> str | None:
    """The SUMMARY column a cell counts in beyond its verdict (the groups table's definitions)."""
    if state == "done" and verdict == "no":
        return "unsupported"
    if state in UNTOLD_STATES and verdict == "yes":
        return "done not ticked"
    return None


def _fill(verdict: str, state: str | None):
    flag = _flag(verdict, state)
    if flag is not None:
        return FILL_BAD if flag == "unsupported" else FILL_WARN
    return FILL_GOOD if state == "done" and verdict == "yes" else None


def _group_row(
    ws: Worksheet,
    row: int,
    items: list[str],
    verdicts: dict[str, tuple[str, str | None]],
    per_item: dict[str, dict[str, int]],
) -> dict[str, int | None]:
    """One group's verdict cells; returns its SUMMARY counts (claims: None without a report)."""
    counts: dict[str, int | None] = dict.fromkeys(SUMMARY, 0)
    center = Alignment(horizontal="center")
    for col, item in enumerate(items, start=2):
        if item not in verdicts:
            continue
        verdict, state = verdicts[item]
        flag = _flag(verdict, state)
        cell = put(ws, row, col, SYMBOL[verdict] + ("!" if flag == "unsupported" else ""))
        cell.alignment = center
        fill = _fill(verdict, state)
        if fill is not None:
            cell.fill = fill
        counts[verdict] += 1
        if flag is not None:
            counts[flag] += 1
        per_item[item]["unsupported"] += flag == "unsupported"
        per_item[item]["yes"] += verdict == "yes"
    if not any(state for _, state in verdicts.values()):
        counts["unsupported"] = counts["done not ticked"] = None  # no ticks, no claims
        ws.cell(row=row, column=1).comment = Comment(NO_REPORT, "harvester", width=300)
    return counts


def write_evidence(
    ws: Worksheet, group_ids: list[object], evidence: pd.DataFrame, items: list[str]
) -> None:
    """Matrix of verdict symbols; right: counts per group; bottom: counts per item."""
    cells = _cells(evidence)
    seen = {i for g in cells.values() for i in g}
    items = [i for i in items if i in seen] + sorted(seen - set(items))
    put(ws, 1, 1, LEGEND).font = Font(italic=True, size=9)
    header = 2
    first_summary = len(items) + 2
    put(ws, header, 1, "group")
    rotated = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
    for col, item in enumerate(items, start=2):
        put(ws, header, col, item).alignment = rotated
    for k, title in enumerate(SUMMARY):
        put(ws, header, first_summary + k, title).alignment = rotated
    for col in range(1, first_summary + len(SUMMARY)):
        ws.cell(row=header, column=col).font = HEADER_FONT
        ws.cell(row=header, column=col).fill = HEADER_FILL
    ws.row_dimensions[header].height = 170
    per_item = {item: {"unsupported": 0, "yes": 0} for item in items}
    row = header
    for group in group_ids:
        row += 1
        put(ws, row, 1, v.group_key(group), FMT_INT)
        verdicts = cells.get(v.group_id(group), {})
        if verdicts:
            counts = _group_row(ws, row, items, verdicts, per_item)
            for k, title in enumerate(SUMMARY):
                cell = put(ws, row, first_summary + k, counts[title], FMT_INT)
                if title == "unsupported" and counts[title]:
                    cell.fill = FILL_BAD
    last = row
    for offset, (label, key) in enumerate((("unsupported claims", "unsupported"),
                                           ("with evidence", "yes")), start=1):  # fmt: skip
        put(ws, last + offset, 1, label).font = BOLD
        for col, item in enumerate(items, start=2):
            put(ws, last + offset, col, per_item[item][key], FMT_INT).font = BOLD
    columns = [Col("group")] + [Col(i) for i in items] + [Col(t) for t in SUMMARY]
    finish_table(ws, columns, header_row=header, last_row=last, filter_last_row=last)
    for col in range(2, first_summary + len(SUMMARY)):
        ws.column_dimensions[get_column_letter(col)].width = 4.5
    ws.cell(row=header, column=2).comment = Comment(LEGEND, "harvester", width=360, height=120)


CONTRIBUTOR_SHEET = [
    Col("group", FMT_INT),
    Col("author", comment="Name <e-mail> as git shows it through the group's .mailmap."),
    Col("member", comment="The roster member (study number) or report handle this author is."),
    Col("login"),
    Col("commits", FMT_INT, comment="Non-merge commits up to the deadline commit."),
    Col("merges", FMT_INT),
    Col("share %", '0"%"'),
    Col("first commit", FMT_TIME),
    Col("last commit", FMT_TIME),
    Col("files touched", FMT_INT),
    Col("group flags", width=60),
]


def write_contributors(
    ws: Worksheet, contributors: pd.DataFrame, flags: dict[str, str] | None = None
) -> None:
    """One row per author per group; the group's flags on its first row."""
    write_header(ws, 1, CONTRIBUTOR_SHEET)
    rows = []
    shown: set[str] = set()
    for rec in contributors.to_dict("records") if len(contributors) else []:
        gid = v.group_id(rec.get("group"))
        share = v.as_float(rec.get("share"))
        rows.append(
            [
                v.group_key(rec.get("group")),
                rec.get("author"),
                rec.get("member") or None,
                rec.get("login") if not v.is_missing(rec.get("login")) else None,
                v.as_int(rec.get("commits")),
                v.as_int(rec.get("merges")),
                round(100 * share) if share is not None else None,
                v.wall_time(rec.get("first_commit")),
                v.wall_time(rec.get("last_commit")),
                v.as_int(rec.get("files_touched")),
                (flags or {}).get(gid) if gid not in shown else None,
            ]
        )
        shown.add(gid)
    last = write_rows(ws, 2, CONTRIBUTOR_SHEET, rows)
    for r in range(2, last + 1):
        if ws.cell(row=r, column=11).value:
            ws.cell(row=r, column=11).fill = FILL_WARN
        if not ws.cell(row=r, column=3).value:
            ws.cell(row=r, column=3).fill = FILL_WARN
    finish_table(ws, CONTRIBUTOR_SHEET, header_row=1, last_row=last)
