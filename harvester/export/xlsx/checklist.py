"""The Checklist (groups x items) and Coverage (share of groups per item) sheets."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import (
    BOLD,
    FILL_BAD,
    FILL_GOOD,
    FILL_WARN,
    FMT_INT,
    FMT_PCT,
    HEADER_FILL,
    HEADER_FONT,
    SUBHEADER_FILL,
    Col,
    bar_chart,
    finish_table,
    put,
    write_header,
    write_rows,
)

SYMBOLS = {"done": "✓", "partial": "–", "open": None}
FILLS = {"done": FILL_GOOD, "partial": FILL_WARN, "open": FILL_BAD}
HEADER_ROWS = 3  # week, module, item text


@dataclass(frozen=True)
class Item:
    """One canonical checklist item (its first description wins)."""

    id: str
    week: str | None
    module: str | None
    text: str | None


def _week_rank(week: str | None) -> int:
    """Week 1, 2, 3 first, then "Extra" and unknown weeks (a stable sort keeps their order)."""
    number = v.as_int(week)
    return number if number is not None else 10_000


def canonical_items(checklist: pd.DataFrame) -> list[Item]:
    """Items in template order: by week, then by first appearance in the table."""
    seen: dict[str, Item] = {}
    for item_id, week, module, text in zip(
        v.column(checklist, "item_id"),
        v.column(checklist, "week"),
        v.column(checklist, "module"),
        v.column(checklist, "text"),
        strict=True,
    ):
        if v.is_missing(item_id):
            continue
        key = str(item_id).strip()
        if key not in seen:
            seen[key] = Item(
                key,
                None if v.is_missing(week) else str(week).strip(),
                None if v.is_missing(module) else str(module).strip(),
                None if v.is_missing(text) else str(text).strip(),
            )
    order = list(seen.values())
    return sorted(order, key=lambda item: _week_rank(item.week))  # stable: keeps appearance


def by_group_item(frame: pd.DataFrame, *columns: str) -> dict[str, dict[str, tuple]]:
    """group id -> item id -> the row's values of `columns` (rows without either are skipped)."""
    out: dict[str, dict[str, tuple]] = {}
    for group, item_id, *values in zip(
        v.column(frame, "group"),
        v.column(frame, "item_id"),
        *(v.column(frame, c) for c in columns),
        strict=True,
    ):
        if not (v.is_missing(item_id) or v.is_missing(group)):
            out.setdefault(v.group_id(group), {})[str(item_id).strip()] = tuple(values)
    return out


def states_by_group(checklist: pd.DataFrame) -> dict[str, dict[str, str]]:
    """group id -> item id -> state (done / partial / open); unknown states are skipped."""
    states: dict[str, dict[str, str]] = {}
    for group, items in by_group_item(checklist, "state").items():
        for item_id, (state,) in items.items():
            text = str(state).strip().lower() if not v.is_missing(state) else ""
            if text in SYMBOLS:
                states.setdefault(group, {})[item_id] = text
    return states


def write_checklist(ws: Worksheet, group_ids: list[object], checklist: pd.DataFrame) -> None:
    """Matrix of ✓ / – / blank with fills; right column and bottom row give coverage %."""
    items = canonical_items(checklist)
    states = states_by_group(checklist)
    n_items = len(items)
    coverage_col = n_items + 2
    header_font = Font(bold=True, size=9)
    rotated = Alignment(text_rotation=90, wrap_text=True, vertical="bottom", horizontal="center")

    for row, label in ((1, "week"), (2, "module")):
        cell = put(ws, row, 1, label)
        cell.font = BOLD
        cell.fill = SUBHEADER_FILL
    for col, item in enumerate(items, start=2):
        for row, value in ((1, v.group_key(item.week)), (2, item.module)):
            cell = put(ws, row, col, value)
            cell.fill = SUBHEADER_FILL
            cell.alignment = Alignment(horizontal="center")
        cell = put(ws, 3, col, item.text or item.id)
        cell.font = header_font
        cell.alignment = rotated
    columns = [Col("group", FMT_INT)] + [Col(item.id) for item in items] + [Col("coverage %")]
    for col, title in ((1, "group"), (coverage_col, "coverage %")):
        cell = put(ws, 3, col, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ws.row_dimensions[3].height = 230

    done_per_item = [0] * n_items
    present_per_item = [0] * n_items
    row = HEADER_ROWS
    center = Alignment(horizontal="center")
    for group in group_ids:
        row += 1
        put(ws, row, 1, v.group_key(group), FMT_INT)
        group_states = states.get(v.group_id(group), {})
        done = 0
        for k, item in enumerate(items):
            state = group_states.get(item.id)
            if state is None:
                continue  # not in this group's template (or no report): left empty, no fill
            cell = put(ws, row, k + 2, SYMBOLS[state])
            cell.fill = FILLS[state]
            cell.alignment = center
            present_per_item[k] += 1
            if state == "done":
                done += 1
                done_per_item[k] += 1
        if group_states:
            put(ws, row, coverage_col, round(100 * done / len(group_states), 1), FMT_PCT)
    last_group_row = row

    footer = last_group_row + 1
    cell = put(ws, footer, 1, "coverage %")
    cell.font = BOLD
    for k in range(n_items):
        if present_per_item[k]:
            share = round(100 * done_per_item[k] / present_per_item[k], 1)
            put(ws, footer, k + 2, share, FMT_PCT).font = BOLD

    finish_table(
        ws, columns, header_row=HEADER_ROWS, last_row=last_group_row, filter_last_row=last_group_row
    )
    for k in range(n_items):
        ws.column_dimensions[get_column_letter(k + 2)].width = 5.5
    ws.column_dimensions[get_column_letter(coverage_col)].width = 11


def coverage_rows(checklist: pd.DataFrame) -> list[list[object]]:
    """Per item: id, week, module, text, groups, done, partial, open, done %; sorted by done %."""
    items = canonical_items(checklist)
    states = states_by_group(checklist)
    rows = []
    for order, item in enumerate(items):
        counts = {"done": 0, "partial": 0, "open": 0}
        for group_states in states.values():
            state = group_states.get(item.id)
            if state is not None:
                counts[state] += 1
        total = sum(counts.values())
        share = round(100 * counts["done"] / total, 1) if total else None
        rows.append(
            [
                item.id,
                v.group_key(item.week),  # week 1 as a number, "Extra" as text
                item.module,
                item.text,
                total,
                counts["done"],
                counts["partial"],
                counts["open"],
                share,
                order,
            ]
        )
    rows.sort(key=lambda r: (-(r[8] if r[8] is not None else -1), r[9]))
    return [r[:9] for r in rows]


COVERAGE_COLUMNS = [
    Col("item_id"),
    Col("week"),
    Col("module"),
    Col("item", width=60),
    Col("groups with item", FMT_INT, comment="Groups whose checklist has this item."),
    Col("done", FMT_INT),
    Col("partial", FMT_INT),
    Col("open", FMT_INT),
    Col("done %", FMT_PCT, comment="Share of the groups with this item that ticked it."),
]


def write_coverage(ws: Worksheet, checklist: pd.DataFrame) -> None:
    """Per-item share of groups that ticked it, sorted, with a horizontal bar chart."""
    write_header(ws, 1, COVERAGE_COLUMNS)
    rows = coverage_rows(checklist)
    last = write_rows(ws, 2, COVERAGE_COLUMNS, rows)
    finish_table(ws, COVERAGE_COLUMNS, header_row=1, last_row=last)
    bar_chart(
        ws,
        title="Share of groups that ticked each item",
        data_col=9,
        label_col=1,
        header_row=1,
        first_row=2,
        last_row=last,
        anchor="K2",
        y_title="done %",
        horizontal=True,
    )
