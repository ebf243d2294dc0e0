"""The Overview sheet: one row per group, everything a TA scans first, problems coloured."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.rates import describe_rates, to_usd
from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import (
    FILL_BAD,
    FILL_WARN,
    FMT_AMOUNT,
    FMT_INT,
    FMT_PCT,
    FMT_TIME,
    FMT_USD,
    Col,
    finish_table,
    link,
    write_header,
    write_rows,
)

OK_STATUS = "ok"


def overview_columns(rates: dict[str, float]) -> list[Col]:
    """The Overview header (also used by tests to find columns by name)."""
    return [
        Col("group", FMT_INT),
        Col("report", width=9, comment="Link to the group's report page (groups/<id>/report.html)"),
        Col("status", comment="Fetch status; anything but 'ok' is red, a stale copy is yellow."),
        Col("template"),
        Col(
            "report group number",
            FMT_INT,
            comment="Question 1. Red: it differs from the roster's group id.",
        ),
        Col("members (report)", comment="Study numbers the group wrote in question 2."),
        Col("members (roster)", comment="Study numbers in groups.csv."),
        Col("members_mismatch", comment="Roster and report list different study numbers."),
        Col("members listed", FMT_INT, comment="Everyone listed in question 2, names included."),
        Col("repo", width=40),
        Col(
            "deadline",
            width=25,
            comment="The group's own deadline; yellow: an extension (differs from most groups).",
        ),
        Col("deadline commit", width=10, comment="Last commit at or before the deadline."),
        Col(
            "commit time",
            FMT_TIME,
            width=17,
            comment="Local time in the deadline's time zone (Excel has no time zones).",
        ),
        Col(
            "commits after deadline",
            FMT_INT,
            comment="Yellow: commits after the deadline. Red: they changed reports/.",
        ),
        Col("reports changed after deadline"),
        Col("answered", FMT_INT),
        Col("unanswered", FMT_INT),
        Col("unanswered questions"),
        Col("warnings", FMT_INT, comment="Parse and fetch warnings: see the Warnings sheet."),
        Col("checklist done", FMT_INT),
        Col("checklist partial", FMT_INT),
        Col("checklist open", FMT_INT),
        Col("checklist coverage %", FMT_PCT),
        Col("code coverage %", FMT_PCT, comment="Total coverage the group states (question 8)."),
        Col("images referenced", FMT_INT),
        Col("images missing", FMT_INT),
        Col("credits amount", FMT_AMOUNT),
        Col("credits unit"),
        Col("credits USD", FMT_USD, comment=describe_rates(rates)),
        Col("services count", FMT_INT),
        Col("stale", comment="TRUE: the repo was unreachable; this is an earlier run's copy."),
        Col("error", width=40),
    ]


# Columns of the groups table the Overview reads (CONTRACTS.md "Tables").
SOURCE_COLUMNS = (
    "group",
    "status",
    "template",
    "group_number",
    "group_number_mismatch",
    "study_numbers",
    "roster_members",
    "members_mismatch",
    "members_listed",
    "repo",
    "deadline",
    "deadline_sha",
    "deadline_time",
    "commits_after_deadline",
    "reports_changed_after_deadline",
    "answered",
    "unanswered",
    "warnings",
    "checklist_done",
    "checklist_partial",
    "checklist_open",
    "checklist_coverage",
    "code_coverage",
    "images_referenced",
    "images_missing",
    "credits_amount",
    "credits_unit",
    "services_count",
    "services",
    "stale",
    "error",
    "report_html",
)


@dataclass
class RowMarks:
    """What to link and colour in one Overview row (decided with the values, applied after)."""

    report: str | None = None
    repo: str | None = None
    commit: str | None = None
    fills: dict[str, PatternFill] = field(default_factory=dict)


def overview_row(
    c: dict[str, object],
    rates: dict[str, float],
    coverage_scale: float,
    report: str | None,
    cohort_deadline: str | None = None,
) -> tuple[list[object], RowMarks]:
    """One group's Overview values (in overview_columns order) and its links/highlights."""
    report_members = v.as_list(c["study_numbers"])
    roster_members = v.as_list(c["roster_members"])
    mismatch = v.as_bool(c["members_mismatch"])
    if mismatch is None and report_members and roster_members:
        mismatch = {m.lower() for m in report_members} != {m.lower() for m in roster_members}
    status = v.as_label(c["status"])
    after = v.as_int(c["commits_after_deadline"])
    late_reports = v.as_bool(c["reports_changed_after_deadline"])
    unanswered_q = v.as_questions(c["unanswered"])
    unanswered = len(unanswered_q) if unanswered_q is not None else v.as_count(c["unanswered"])
    answered = v.as_int(c["answered"])
    if unanswered is None and answered is not None:
        unanswered = 0  # an empty list that a CSV round trip turned into NaN
    amount = v.as_float(c["credits_amount"])
    unit = v.as_label(c["credits_unit"])
    usd = to_usd(amount, unit, rates)
    coverage = v.as_float(c["checklist_coverage"])
    services = v.as_int(c["services_count"])
    if services is None and not v.is_missing(c["services"]):
        services = len(v.as_list(c["services"]))
    images_missing = v.as_int(c["images_missing"])
    stale = v.as_bool(c["stale"])
    values = [
        v.group_key(c["group"]),
        "report" if report else None,
        status,
        v.group_key(c["template"]),  # "2026" as a number, like every number
        v.as_int(c["group_number"]),
        "; ".join(report_members) or None,
        "; ".join(roster_members) or None,
        mismatch,
        v.as_int(c["members_listed"]),
        c["repo"],
        v.as_label(c["deadline"]),
        v.short_sha(c["deadline_sha"]),
        v.wall_time(c["deadline_time"], c["deadline"]),
        after,
        late_reports,
        answered,
        unanswered,
        ", ".join(map(str, unanswered_q)) if unanswered_q else None,
        v.as_count(c["warnings"]),
        v.as_int(c["checklist_done"]),
        v.as_int(c["checklist_partial"]),
        v.as_int(c["checklist_open"]),
        None if coverage is None else round(coverage * coverage_scale, 1),
        v.as_float(c["code_coverage"]),
        v.as_int(c["images_referenced"]),
        images_missing,
        amount,
        unit,
        usd,
        services,
        stale,
        c["error"],
    ]
    marks = RowMarks(
        report=report,
        repo=v.web_link(c["repo"]),
        commit=v.commit_link(c["repo"], c["deadline_sha"]),
    )
    fills = marks.fills
    if status is not None and status != OK_STATUS:
        fills["status"] = FILL_BAD
    elif stale:
        fills["status"] = FILL_WARN
    if mismatch:
        for name in ("members (report)", "members (roster)", "members_mismatch"):
            fills[name] = FILL_BAD
    if v.as_bool(c["group_number_mismatch"]):
        fills["report group number"] = FILL_BAD
    deadline = v.as_label(c["deadline"])
    if cohort_deadline and deadline and deadline != cohort_deadline:
        fills["deadline"] = FILL_WARN
    if late_reports:
        fills["commits after deadline"] = fills["reports changed after deadline"] = FILL_BAD
    elif after:
        fills["commits after deadline"] = FILL_WARN
    if unanswered:
        fills["unanswered"] = FILL_WARN
    if images_missing:
        fills["images missing"] = FILL_BAD
    if amount is not None and usd is None:
        fills["credits unit"] = FILL_WARN  # a unit without a rate: pass --rates
    return values, marks


def write_overview(
    ws: Worksheet, groups: pd.DataFrame, rates: dict[str, float], *, report_links: bool
) -> None:
    """Write the Overview sheet from the ``groups`` table."""
    columns = overview_columns(rates)
    index = {spec.header: i for i, spec in enumerate(columns, start=1)}
    write_header(ws, 1, columns)
    source = {name: v.column(groups, name) for name in SOURCE_COLUMNS}
    coverage_scale = v.percent_scale(source["checklist_coverage"])
    has_report_col = "report_html" in groups.columns
    deadlines = Counter(d for d in map(v.as_label, source["deadline"]) if d)
    cohort_deadline = deadlines.most_common(1)[0][0] if deadlines else None

    rows: list[list[object]] = []
    all_marks: list[RowMarks] = []
    for i in range(len(groups)):
        c = {name: values[i] for name, values in source.items()}
        report = None
        if report_links:
            report = (
                v.report_link(c["report_html"])
                if has_report_col
                else v.default_report_link(c["group"])
            )
        values, marks = overview_row(c, rates, coverage_scale, report, cohort_deadline)
        rows.append(values)
        all_marks.append(marks)
    last = write_rows(ws, 2, columns, rows)

    for r, marks in enumerate(all_marks, start=2):
        link(ws.cell(row=r, column=index["report"]), marks.report)
        link(ws.cell(row=r, column=index["repo"]), marks.repo)
        link(ws.cell(row=r, column=index["deadline commit"]), marks.commit)
        for name, fill in marks.fills.items():
            ws.cell(row=r, column=index[name]).fill = fill
    finish_table(ws, columns, header_row=1, last_row=last)
