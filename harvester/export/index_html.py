"""`index.html`: the cohort at a glance, one row per group, linking to each `report.html`.

Sorting (click a header; numbers sort as numbers, ids like "2" < "10") and filtering (text box,
status select) are done by a small inline script (`assets/index.js`), pinned by hash in the page's
Content-Security-Policy, so the page works opened from disk with no network. Every cell is built
with `html.escape`: group ids, statuses and templates come from the roster and student repos.
"""

from __future__ import annotations

import math
import numbers
from typing import Any
from urllib.parse import quote

import pandas as pd

from harvester.export.html_base import esc, format_number, html_document, load_asset, status_class
from harvester.layout import safe_group_dirname


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: Any) -> float | None:
    """A float from an int/float/numpy/str cell; None for blanks, booleans and text."""
    if _blank(value) or isinstance(value, bool) or type(value).__name__ == "bool_":
        return None
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, str):
        try:
            number = float(value.strip().rstrip("%"))
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value)


def _count(value: Any) -> float | None:
    """A count from a number, or from a list/`;`-joined string of items (warnings, services)."""
    number = _number(value)
    if number is not None:
        return number
    if isinstance(value, list | tuple | set):
        return float(len(value))
    if isinstance(value, str) and value.strip():
        return float(len([part for part in value.replace("\n", ";").split(";") if part.strip()]))
    return None


def _checklist_percent(row: dict[str, Any]) -> float | None:
    """Done items as a percent of all items; from the three counts when present (unambiguous)."""
    done, partial, open_ = (_number(row.get(f"checklist_{k}")) for k in ("done", "partial", "open"))
    if done is not None and partial is not None and open_ is not None:
        total = done + partial + open_
        return 100.0 * done / total if total else None
    coverage = _number(row.get("checklist_coverage"))
    if coverage is None:
        return None
    return coverage * 100.0 if coverage <= 1.0 else coverage


def _truthy(value: Any) -> bool:
    if _blank(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _num_cell(value: float | None, shown: str | None = None, *, css: str = "num") -> str:
    if value is None:
        return f'<td class="{css} empty" data-sort="">—</td>'
    text = shown if shown is not None else format_number(value)
    return f'<td class="{css}" data-sort="{value!r}">{text}</td>'


def report_href(group_id: str) -> str:
    """Where the pipeline writes the group's page, relative to index.html (layout's dir name)."""
    return f"groups/{quote(safe_group_dirname(group_id))}/report.html"


COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (header, data-type, tooltip)
    ("Group", "text", "group id from the roster"),
    ("Status", "text", "fetch status"),
    ("Template", "text", "template generation the report matches"),
    ("Answered", "num", "questions answered"),
    ("Checklist %", "num", "checklist items done, percent of all items"),
    ("Coverage", "num", "code coverage stated in the report"),
    ("Credits", "num", "cloud credits spent (sorted by amount)"),
    ("Services", "num", "number of cloud services stated"),
    ("Missing figs", "num", "image references that name no file"),
    ("Warnings", "num", "fetch and parse warnings"),
    ("Late commits", "num", "commits after the deadline; ⚠ = the report folder changed"),
    ("Report", "text", "the group's report page"),
)
# Shown (before "Report") once the evidence check has run (harvester.evidence).
CLAIMS_COLUMN = (
    "Unsupported claims",
    "num",
    "ticked checklist items with no trace in the repository at the deadline; "
    "+N = items done but not ticked",
)


def _flags_html(row: dict[str, Any], cohort_deadline: str | None) -> str:
    """Small marks after the group id: things a TA must notice before grading this group."""
    flags = []
    if _truthy(row.get("group_number_mismatch")):
        number = format_number(_number(row.get("group_number")))
        flags.append(("flag-number", f"#{number}", f"the report says group {number}"))
    if _truthy(row.get("members_mismatch")):
        flags.append(("flag-members", "members", "roster and report list different members"))
    deadline = _text(row.get("deadline"))
    if cohort_deadline and deadline and deadline != cohort_deadline:
        flags.append(("flag-deadline", "ext.", f"own deadline {deadline}"))
    if _truthy(row.get("grade_stale")):  # harvester.grading: snapshot changed since grading
        flags.append(("flag-grade", "grade stale", _text(row.get("grade_stale_reason"))))
    return "".join(
        f' <span class="flag {css}" title="{esc(tip)}">{esc(text)}</span>'
        for css, text, tip in flags
    )


def _candidate_html(row: dict[str, Any]) -> str:
    """Without a report: the file that may be it, so staff can point report_path at it."""
    candidates = [c for c in _text(row.get("report_candidates")).split("; ") if c]
    if _text(row.get("status")) != "no_report" or not candidates:
        return ""
    tip = "set report_path in groups.csv to use it; found: " + ", ".join(candidates)
    return f' <span class="candidate" title="{esc(tip)}">found {esc(candidates[0])}</span>'


CORRECTED_MARK = ' <span class="corrected" title="corrected by a TA in the Grading sheet">✎</span>'


def _corrected(row: dict[str, Any], fact: str) -> str:
    """A mark after a value a TA corrected (the groups table's `corrected` column)."""
    return CORRECTED_MARK if fact in _text(row.get("corrected")).split(", ") else ""


def _corrected_count(row: dict[str, Any]) -> str | None:
    mark = _corrected(row, "services")
    count = _count(row.get("services_count", row.get("services")))
    return f"{format_number(count)}{mark}" if mark and count is not None else None


def _claims_cell(row: dict[str, Any]) -> str:
    """Ticked items with no trace (from the evidence check), the items in the tooltip."""
    count = _number(row.get("unsupported_claims"))
    if count is None:
        return _num_cell(None)
    untold = _number(row.get("done_not_ticked")) or 0
    items = _text(row.get("unsupported_items"))
    extra = _text(row.get("done_not_ticked_items"))
    tip = (f"unsupported: {items}" if items else "no unsupported claim") + (
        f"; done but not ticked: {extra}" if extra else ""
    )
    shown = format_number(count) + (
        f' <span class="muted">+{format_number(untold)}</span>' if untold else ""
    )
    css = "num claims-bad" if count else "num"
    return f'<td class="{css}" data-sort="{count!r}" title="{esc(tip)}">{shown}</td>'


def _row_html(
    row: dict[str, Any],
    cohort_deadline: str | None = None,
    claims: bool = False,
    extra_flags: str = "",
) -> str:
    group = _text(row.get("group"))
    status = _text(row.get("status")) or "unknown"
    template = _text(row.get("template"))
    percent = _checklist_percent(row)
    coverage = _number(row.get("code_coverage"))
    amount = _number(row.get("credits_amount"))
    unit = _text(row.get("credits_unit"))
    late = _number(row.get("commits_after_deadline"))
    changed = _truthy(row.get("reports_changed_after_deadline"))
    late_text = format_number(late) if late is not None else "—"
    if changed:
        late_text += (
            ' <span class="late" title="the report folder changed after the deadline">⚠</span>'
        )
    late_sort = late if late is not None else (0.0 if changed else None)
    href = esc(report_href(group))
    error = _text(row.get("error"))
    status_title = f' title="{esc(error)}"' if error else ""
    stale = (
        ' <span class="badge warn" title="the repository failed now; this is an earlier copy">'
        "stale</span>"
        if _truthy(row.get("stale"))
        else ""
    )
    cells = [
        f'<td class="group-id" data-sort="{esc(group)}">{esc(group)}'
        f"{_flags_html(row, cohort_deadline)}{extra_flags}</td>",
        f'<td class="status"><span class="badge {status_class(status)}"{status_title}>'
        f"{esc(status)}</span>{stale}{_candidate_html(row)}</td>",
        f"<td>{esc(template)}</td>" if template else '<td class="empty">—</td>',
        _num_cell(_number(row.get("answered"))),
        _num_cell(percent, f"{percent:.0f}%" if percent is not None else None),
        _num_cell(
            coverage,
            f"{format_number(coverage)}%{_corrected(row, 'code_coverage')}"
            if coverage is not None
            else None,
        ),
        _num_cell(
            amount,
            f"{amount:.2f} {esc(unit)}".strip() + _corrected(row, "credits")
            if amount is not None
            else None,
        ),
        _num_cell(
            _count(row.get("services_count", row.get("services"))),
            _corrected_count(row),
        ),
        _num_cell(_number(row.get("images_missing"))),
        _num_cell(_count(row.get("warnings"))),
        _num_cell(late_sort, late_text if late_sort is not None else None),
        *([_claims_cell(row)] if claims else []),
        f'<td><a href="{href}">report</a></td>',
    ]
    return f'<tr data-status="{esc(status)}">{"".join(cells)}</tr>'


def _roster_errors_html(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{esc(e)}</li>" for e in errors)
    return (
        f'<div class="notice error" role="alert"><strong>{len(errors)} roster row(s) could not be '
        f"read, so those groups were not harvested:</strong><ul>{items}</ul></div>"
    )


def render_index(
    groups: pd.DataFrame,
    *,
    title: str,
    deadline: str | None,
    generated_at: str,
    roster_errors: list[str] | None = None,
    flags_html: dict[str, str] | None = None,
) -> str:
    """The complete `index.html` for the cohort (columns of the `groups` table, CONTRACTS.md).

    `roster_errors`: rows of groups.csv that could not be read; they are not in the table, so
    the page says so at the top rather than letting those groups vanish. `flags_html`: group id
    -> safe HTML of more flags from other stages (e.g. similar answers), shown after the group id.
    """
    rows = groups.to_dict("records") if len(groups) else []
    statuses: dict[str, int] = {}
    for row in rows:
        status = _text(row.get("status")) or "unknown"
        statuses[status] = statuses.get(status, 0) + 1
    claims = "unsupported_claims" in groups.columns
    columns = (*COLUMNS[:-1], CLAIMS_COLUMN, COLUMNS[-1]) if claims else COLUMNS
    head = "".join(
        f'<th scope="col" data-type="{kind}" title="{esc(tip)}"><button type="button">'
        f"{esc(name)}</button></th>"
        for name, kind, tip in columns
    )
    extra = flags_html or {}
    body_rows = "\n".join(
        _row_html(row, deadline, claims, extra.get(_text(row.get("group")), "")) for row in rows
    )
    options = '<option value="">all statuses</option>' + "".join(
        f'<option value="{esc(status)}">{esc(status)} ({count})</option>'
        for status, count in sorted(statuses.items())
    )
    summary = " · ".join(
        f'<span><span class="badge {status_class(s)}">{esc(s)}</span> {n}</span>'
        for s, n in sorted(statuses.items(), key=lambda item: (-item[1], item[0]))
    )
    deadline_html = f"Deadline <strong>{esc(deadline)}</strong> · " if deadline else ""
    body = (
        '<div class="page">'
        f"<h1>{esc(title)}</h1>"
        f'<p class="summary">{deadline_html}<span>{len(rows)} groups</span> {summary}</p>'
        f"{_roster_errors_html(roster_errors or [])}"
        '<div class="controls" role="search">'
        '<label>Filter <input type="search" id="filter" placeholder="group, status, template…" '
        'autocomplete="off"></label>'
        f'<label>Status <select id="status-filter">{options}</select></label>'
        f'<span class="muted"><span id="shown-count">{len(rows)}</span> shown</span>'
        '<noscript><span class="noscript">Sorting and filtering need JavaScript; '
        "the table is complete without it.</span></noscript>"
        "</div>"
        f'<table id="cohort"><thead><tr>{head}</tr></thead><tbody>\n{body_rows}\n</tbody></table>'
        f'<footer class="generated">Generated {esc(generated_at)} by harvester.</footer>'
        "</div>"
    )
    css = load_asset("base.css") + load_asset("index.css")
    return html_document(title=title, css=css, body=body, script=load_asset("index.js"))
