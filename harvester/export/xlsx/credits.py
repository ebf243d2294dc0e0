"""The Credits sheet: what each group says it spent, in its own words and in USD, with cohort
statistics and a distribution chart. Statistics are computed here and written as numbers, never
as formulas (a formula cell is exactly what we promise never to write)."""

from __future__ import annotations

import statistics

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.rates import describe_rates, to_usd
from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import (
    BOLD,
    FILL_WARN,
    FMT_AMOUNT,
    FMT_INT,
    FMT_USD,
    HEADER_FILL,
    HEADER_FONT,
    Col,
    bar_chart,
    finish_table,
    put,
    write_header,
    write_rows,
)

# Upper bounds (USD) of the histogram buckets; spending is skewed, so the buckets widen.
BUCKET_EDGES = (0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0)
SIDE_COL = 8  # summary and buckets start in column H, after one empty column


def bucket_labels() -> list[str]:
    """'$0', '$0-1', ..., '>$250': one label per bucket."""
    labels = ["$0"]
    for low, high in zip(BUCKET_EDGES, BUCKET_EDGES[1:], strict=False):
        labels.append(f"${low:g}–{high:g}")
    labels.append(f">${BUCKET_EDGES[-1]:g}")
    return labels


def bucket_index(usd: float) -> int:
    """Which bucket an amount falls in: exactly 0, then (low, high] ranges, then the rest."""
    if usd <= 0:
        return 0
    for i, high in enumerate(BUCKET_EDGES[1:], start=1):
        if usd <= high:
            return i
    return len(BUCKET_EDGES)


def credit_columns(rates: dict[str, float]) -> list[Col]:
    return [
        Col("group", FMT_INT),
        Col("status"),
        Col("credits text", width=50, comment="The group's own answer to the credits question."),
        Col("amount", FMT_AMOUNT),
        Col("unit"),
        Col("USD", FMT_USD, comment=describe_rates(rates)),
    ]


def credit_stats(usd: list[float]) -> dict[str, float | int | None]:
    """Cohort statistics over the USD equivalents that are known."""
    return {
        "groups with an amount": len(usd),
        "total USD": round(sum(usd), 2) if usd else None,
        "median USD": round(statistics.median(usd), 2) if usd else None,
        "mean USD": round(statistics.fmean(usd), 2) if usd else None,
        "max USD": round(max(usd), 2) if usd else None,
    }


def write_credits(ws: Worksheet, groups: pd.DataFrame, rates: dict[str, float]) -> None:
    """Per-group credits, cohort statistics and a histogram chart."""
    columns = credit_columns(rates)
    write_header(ws, 1, columns)
    rows = []
    usd_values: list[float] = []
    unconverted: list[int] = []
    for i, (group, status, text, amount, unit) in enumerate(
        zip(
            v.column(groups, "group"),
            v.column(groups, "status"),
            v.column(groups, "credits_text"),
            v.column(groups, "credits_amount"),
            v.column(groups, "credits_unit"),
            strict=True,
        )
    ):
        number = v.as_float(amount)
        unit_text = v.as_label(unit)
        usd = to_usd(number, unit_text, rates)
        if usd is not None:
            usd_values.append(usd)
        elif number is not None:
            unconverted.append(i + 2)
        rows.append([v.group_key(group), v.as_label(status), text, number, unit_text, usd])
    last = write_rows(ws, 2, columns, rows)
    for row in unconverted:
        ws.cell(row=row, column=5).fill = FILL_WARN  # unit without a rate
    finish_table(ws, columns, header_row=1, last_row=last)

    stats = credit_stats(usd_values)
    stats["groups without an amount"] = len(rows) - len(usd_values)
    _side_header(ws, 1, ("cohort", "value"))
    for r, (label, value) in enumerate(stats.items(), start=2):
        put(ws, r, SIDE_COL, label).font = BOLD
        fmt = FMT_USD if "USD" in label else FMT_INT
        put(ws, r, SIDE_COL + 1, value, fmt)

    counts = [0] * (len(BUCKET_EDGES) + 1)
    for usd in usd_values:
        counts[bucket_index(usd)] += 1
    top = len(stats) + 3
    _side_header(ws, top, ("USD spent", "groups"))
    for r, (label, count) in enumerate(zip(bucket_labels(), counts, strict=True), start=top + 1):
        put(ws, r, SIDE_COL, label)
        put(ws, r, SIDE_COL + 1, count, FMT_INT)
    ws.column_dimensions["H"].width = 24
    ws.column_dimensions["I"].width = 12
    if usd_values:
        bar_chart(
            ws,
            title="Credits spent per group (USD equivalent)",
            data_col=SIDE_COL + 1,
            label_col=SIDE_COL,
            header_row=top,
            first_row=top + 1,
            last_row=top + len(counts),
            anchor="K2",
            y_title="groups",
        )


def _side_header(ws: Worksheet, row: int, titles: tuple[str, str]) -> None:
    for offset, title in enumerate(titles):
        cell = put(ws, row, SIDE_COL + offset, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
