"""compare/index.html: the comparison as one self-contained page (tables + inline SVG charts).

No script at all (the CSP says so), no external resource; every string in it is escaped, and
large changes are marked in the tables, in the charts and listed at the top.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from harvester.atomic import atomic_write_text
from harvester.compare.model import Comparison, Row, Table, format_value
from harvester.compare.svg import bar_chart, colour, esc
from harvester.export.html_base import html_document, load_asset


def write_page(comparison: Comparison, path: Path) -> None:
    atomic_write_text(Path(path), render_page(comparison))


def render_page(comparison: Comparison, generated_at: str | None = None) -> str:
    labels = comparison.labels
    when = generated_at or datetime.now(UTC).isoformat(timespec="seconds")
    title = f"Cohort comparison: {' · '.join(labels)}"
    body = [
        '<div class="page">',
        f"<h1>{esc(title)}</h1>",
        _cohorts(comparison),
        _changes(comparison),
        _nav(comparison),
    ]
    for section in comparison.sections:
        body.append(f'<section id="sec-{esc(section.id)}"><h2>{esc(section.title)}</h2>')
        body += [_table(table, labels) for table in section.tables]
        body.append("</section>")
    body.append(
        f'<footer class="generated">Generated {esc(when)} by harvester compare from each '
        "harvest's manifest.json and data/*.csv. Thresholds: harvester/bank/compare.json.</footer>"
    )
    body.append("</div>")
    css = load_asset("base.css") + _own_css()
    return html_document(title=title, css=css, body="\n".join(body))


def _own_css() -> str:
    return resources.files("harvester.compare").joinpath("compare.css").read_text("utf-8")


def _cohorts(comparison: Comparison) -> str:
    rows = []
    for i, info in enumerate(comparison.cohorts):
        cells = [info.path, info.schema_version, info.deadline or "—", info.groups, info.reported,
                 info.main_template or "—", ", ".join(info.tables) or "—"]  # fmt: skip
        rows.append(
            f'<tr><th scope="row"><span class="swatch" style="background:{colour(i)}"></span>'
            f"{esc(info.label)}</th>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"
        )
    head = ("cohort", "folder", "schema version", "deadline", "groups", "with a parsed report",
            "main template", "also has")  # fmt: skip
    return (
        '<table class="cohorts"><thead><tr>'
        + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _changes(comparison: Comparison) -> str:
    changes = comparison.changes
    if not changes:
        return (
            '<section id="changes"><h2>Large changes</h2><p class="muted">None: no figure moved '
            "past its threshold between consecutive cohorts.</p></section>"
        )
    items = "".join(
        f"<tr><td>{esc(c.section)}</td><td>{esc(c.table)}</td><td>{esc(c.row)}</td>"
        f'<td class="num">{esc(c.before_label)}: {esc(format_value(c.before, c.unit))}</td>'
        f'<td class="num large">{esc(c.after_label)}: {esc(format_value(c.after, c.unit))}</td>'
        f"<td>{esc(c.describe())}</td></tr>"
        for c in changes
    )
    return (
        f'<section id="changes"><h2>Large changes ({len(changes)})</h2>'
        '<table class="changes"><thead><tr><th>section</th><th>table</th><th>figure</th>'
        "<th>before</th><th>after</th><th>change</th></tr></thead>"
        f"<tbody>{items}</tbody></table></section>"
    )


def _nav(comparison: Comparison) -> str:
    links = "".join(
        f'<li><a href="#sec-{esc(s.id)}">{esc(s.title)}</a></li>' for s in comparison.sections
    )
    return f'<nav class="sections"><ul>{links}</ul></nav>'


def _cell(row: Row, i: int) -> str:
    cell = row.cells[i]
    if cell.value is None:
        return f'<td class="missing">{esc(cell.reason)}</td>'
    change = row.changes[i] if i < len(row.changes) else None
    value = esc(format_value(cell.value, row.unit))
    n = f'<span class="n">n={cell.n}</span>'
    if change is None:
        return f'<td class="num">{value} {n}</td>'
    arrow = "▲" if change.delta > 0 else "▼"
    return (
        f'<td class="num large" title="{esc(change.describe())}">{value} {n}'
        f'<span class="delta">{arrow} {esc(change.describe())}</span></td>'
    )


def _table(table: Table, labels: list[str]) -> str:
    head = "".join(f'<th scope="col">{esc(label)}</th>' for label in labels)
    body = "".join(
        f'<tr><th scope="row">{esc(row.label)}</th>'
        + "".join(_cell(row, i) for i in range(len(row.cells)))
        + "</tr>"
        for row in table.rows
    )
    chart_rows = [r for r in table.rows if r.chart]
    chart = (
        f'<div class="chart-box">{bar_chart(table.title, chart_rows, labels)}</div>'
        if chart_rows
        else ""
    )
    return (
        f'<div class="figure" id="tbl-{esc(table.id)}"><h3>{esc(table.title)}</h3>'
        f'<p class="muted">{esc(table.note)} n counts {esc(table.n_label)}.</p>'
        f'<div class="pair"><table class="figures"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{chart}</div></div>"
    )
