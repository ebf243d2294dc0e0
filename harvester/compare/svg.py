"""Inline SVG bar charts for the comparison page: horizontal bars clustered per row, one colour
per cohort. No script and no external resource, so the page's CSP stays strict; every label is
escaped (criterion names in grades are typed by people)."""

from __future__ import annotations

import html
import math

from harvester.compare.model import PERCENT, Row, format_value

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f")
LABEL_W = 330
PLOT_W = 420
VALUE_W = 80
BAR_H = 9
CLUSTER_GAP = 10
LEGEND_H = 26
LABEL_CHARS = 50


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _scale_max(rows: list[Row]) -> float:
    """100 for shares; otherwise the largest value rounded up to a 1/2/5 step."""
    if rows and all(r.unit == PERCENT for r in rows):
        return 100.0
    top = max((c.value for r in rows for c in r.cells if c.value is not None), default=0.0)
    if top <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(top))
    for factor in (1, 2, 5, 10):
        if top <= factor * step:
            return factor * step
    return 10 * step


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(title: str, rows: list[Row], labels: list[str]) -> str:
    """An <svg> with one cluster of bars per row; missing figures are named, not drawn as 0."""
    k = len(labels)
    cluster = k * (BAR_H + 1) + CLUSTER_GAP
    width = LABEL_W + PLOT_W + VALUE_W
    height = LEGEND_H + cluster * len(rows) + 20
    top = _scale_max(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-label="{esc(title)}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}">',
        f"<title>{esc(title)}</title>",
    ]
    x = LABEL_W
    for i, label in enumerate(labels):
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour(i)}"/>'
            f'<text x="{x + 16}" y="16" class="legend">{esc(label)}</text>'
        )
        x += 24 + 8 * len(label)
    for r, row in enumerate(rows):
        y0 = LEGEND_H + r * cluster
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y0 + k * (BAR_H + 1) / 2 + 4:.1f}" class="label" '
            f'text-anchor="end"><title>{esc(row.label)}</title>{esc(_short(row.label))}</text>'
        )
        for i, cell in enumerate(row.cells):
            y = y0 + i * (BAR_H + 1)
            if cell.value is None:
                parts.append(
                    f'<text x="{LABEL_W + 4}" y="{y + BAR_H - 1}" class="missing">'
                    f"{esc(labels[i])}: {esc(cell.reason)}</text>"
                )
                continue
            w = max(0.0, min(1.0, cell.value / top)) * PLOT_W
            large = i < len(row.changes) and row.changes[i] is not None
            mark = ' class="large"' if large else ""
            parts.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                f'fill="{colour(i)}"{mark}>'
                f"<title>{esc(labels[i])}: {esc(format_value(cell.value, row.unit))}"
                f" (n={cell.n})</title></rect>"
                f'<text x="{LABEL_W + w + 4:.1f}" y="{y + BAR_H - 1}" class="value">'
                f"{esc(format_value(cell.value, row.unit))}{' ◆' if large else ''}</text>"
            )
    axis_y = LEGEND_H + cluster * len(rows)
    parts.append(
        f'<line x1="{LABEL_W}" y1="{LEGEND_H - 2}" x2="{LABEL_W}" y2="{axis_y}" class="axis"/>'
        f'<text x="{LABEL_W}" y="{axis_y + 14}" class="tick">0</text>'
        f'<text x="{LABEL_W + PLOT_W}" y="{axis_y + 14}" class="tick" text-anchor="end">'
        f"{esc(format_value(top, rows[0].unit if rows else PERCENT))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
