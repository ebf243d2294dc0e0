"""The Services sheet: which Google Cloud services each group says it used (question 17)."""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import (
    BOLD,
    FILL_GOOD,
    FMT_INT,
    HEADER_FILL,
    HEADER_FONT,
    Col,
    bar_chart,
    finish_table,
    put,
    write_header,
)
from harvester.parse.services import SERVICE_IDS

# DESIGN.md's service ids, in its order; ids outside this list are appended as seen.
KNOWN_SERVICES = SERVICE_IDS


def services_by_group(services: pd.DataFrame | None, groups: pd.DataFrame) -> dict[str, set[str]]:
    """group id -> service ids, from the services table (or groups.services if it is absent)."""
    used: dict[str, set[str]] = {}
    if services is not None and "service" in services.columns:
        for group, service in zip(
            v.column(services, "group"), v.column(services, "service"), strict=True
        ):
            if not v.is_missing(group) and not v.is_missing(service):
                used.setdefault(v.group_id(group), set()).add(str(service).strip())
        return used
    for group, listed in zip(v.column(groups, "group"), v.column(groups, "services"), strict=True):
        if not v.is_missing(group):
            used.setdefault(v.group_id(group), set()).update(v.as_list(listed))
    return used


def service_order(used: dict[str, set[str]]) -> list[str]:
    """Known services first in DESIGN order, then any others alphabetically."""
    seen = set().union(*used.values()) if used else set()
    extra = sorted(seen - set(KNOWN_SERVICES))
    return list(KNOWN_SERVICES) + extra


def write_services(
    ws: Worksheet, group_ids: list[object], services: pd.DataFrame | None, groups: pd.DataFrame
) -> None:
    """Matrix (1 = used, so sums work), per-service counts below, a sorted tally with a chart."""
    used = services_by_group(services, groups)
    order = service_order(used)
    columns = [Col("group", FMT_INT)] + [Col(s, FMT_INT) for s in order] + [Col("count", FMT_INT)]
    write_header(ws, 1, columns)
    center = Alignment(horizontal="center")
    counts = dict.fromkeys(order, 0)
    row = 1
    for group in group_ids:
        row += 1
        put(ws, row, 1, v.group_key(group), FMT_INT)
        mine = used.get(v.group_id(group), set())
        for col, service in enumerate(order, start=2):
            if service in mine:
                cell = put(ws, row, col, 1, FMT_INT)
                cell.fill = FILL_GOOD
                cell.alignment = center
                counts[service] += 1
        put(ws, row, len(order) + 2, len(mine), FMT_INT)
    last = row
    footer = last + 1
    put(ws, footer, 1, "groups").font = BOLD
    for col, service in enumerate(order, start=2):
        put(ws, footer, col, counts[service], FMT_INT).font = BOLD
    finish_table(ws, columns, header_row=1, last_row=last, filter_last_row=last)

    # The tally: services by how many groups used them, for the chart.
    side = len(order) + 4
    for offset, title in enumerate(("service", "groups")):
        cell = put(ws, 1, side + offset, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    tally = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    for r, (service, count) in enumerate(tally, start=2):
        put(ws, r, side, service)
        put(ws, r, side + 1, count, FMT_INT)
    ws.column_dimensions[get_column_letter(side)].width = 20
    if any(counts.values()):
        bar_chart(
            ws,
            title="Groups using each service",
            data_col=side + 1,
            label_col=side,
            header_row=1,
            first_row=2,
            last_row=1 + len(tally),
            anchor=f"{get_column_letter(side + 3)}2",
            y_title="groups",
            horizontal=True,
        )
