"""The export stage: tables, CSVs, a page per group, the index, cohort.xlsx and manifest.json.

Skipped as a whole when nothing it reads has changed since the last export (same snapshots,
records, roster, options and exporter code) and its outputs are all still there.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from harvester import __version__
from harvester.atomic import atomic_write_json, atomic_write_text
from harvester.evidence import attach_evidence
from harvester.fingerprint import code_fingerprint, file_digest, fingerprint
from harvester.grading import grading_inputs, prepare_export, record_workbook, sync_workbook
from harvester.layout import MANIFEST_SCHEMA_VERSION, OutputLayout
from harvester.outputdir import (
    PARSE_ERROR_FILE,
    ROSTER_FILE,
    group_ids,
    load_group_data,
    read_json,
    read_roster_json,
)
from harvester.stage import StageResult, log
from harvester.tables import GroupData, build_tables, warning_rows, write_csvs

EXPORTER_CODE = (
    "export", "tables.py", "cells.py", "export_stage.py", "outputdir.py", "layout.py", "github",
    "parse/services.py", "evidence/frames.py", "grading", "similarity",
)  # fmt: skip
# Facts about *when* a snapshot was taken, not about the repository: a re-run that only refreshes
# them (an unreachable repo tried again, GitHub facts re-collected) changes nothing to export.
RUN_ONLY_KEYS = ("fetched_at", "fetch", "checked_at")
RUN_ONLY_GITHUB_KEYS = ("collected_at", "rate_limit")


def snapshot_content(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    content = {k: v for k, v in snapshot.items() if k not in RUN_ONLY_KEYS}
    if isinstance(content.get("github"), dict):
        github = content["github"]
        content["github"] = {k: v for k, v in github.items() if k not in RUN_ONLY_GITHUB_KEYS}
    return content


def export_inputs(
    layout: OutputLayout,
    rates: dict[str, float] | None,
    title: str,
) -> str:
    """Fingerprint of everything the export reads."""
    groups = []
    for group, members in group_ids(layout):
        groups.append(
            [
                group,
                members,
                snapshot_content(read_json(layout.snapshot(group))),
                file_digest(layout.record(group)),
                file_digest(layout.group_dir(group) / PARSE_ERROR_FILE),
                file_digest(layout.evidence(group)),
            ]
        )
    return fingerprint(
        {
            "code": code_fingerprint(*EXPORTER_CODE),
            "roster": file_digest(layout.root / ROSTER_FILE),
            "groups": groups,
            "rates": rates,
            "title": title,
            "grading": grading_inputs(layout),  # similarity reviews live in the grades store
            "similarity": file_digest(layout.similarity_dir / "pairs.json"),
        }
    )


def previous_settings(layout: OutputLayout) -> dict[str, Any]:
    """Title and rates of the last export, so `harvester export` alone keeps them."""
    settings = (read_json(layout.manifest) or {}).get("settings")
    return settings if isinstance(settings, dict) else {}


def _up_to_date(layout: OutputLayout, inputs: str) -> bool:
    manifest = read_json(layout.manifest) or {}
    if manifest.get("inputs") != inputs:
        return False
    pages = [layout.report_html(g) for g, _ in group_ids(layout)]
    return all(p.is_file() for p in (layout.index_html, layout.cohort_xlsx, *pages))


def export_all(
    layout: OutputLayout,
    *,
    rates: dict[str, float] | None = None,
    title: str = "Cohort",
    force: bool = False,
) -> StageResult:
    """Tables, CSVs, one report page per group, the index and cohort.xlsx, then manifest.json.

    Similarity reviews (pair_id -> {"review", "review_note"}) come from the grades store, like
    grades: they fill the Similarity sheet, and a dismissed pair no longer flags its groups.
    """
    from harvester.export.index_html import render_index
    from harvester.export.report_html import render_report
    from harvester.export.xlsx import write_cohort_xlsx
    from harvester.similarity import (
        group_flags,
        index_flag_html,
        read_pairs,
        report_notice_html,
        show_reviews,
        similarity_sheet,
    )

    result = StageResult()
    start = time.monotonic()
    sync_workbook(layout)  # the TA's edits in cohort.xlsx reach the grades store, or we stop
    inputs = export_inputs(layout, rates, title)
    if not force and _up_to_date(layout, inputs):
        result.skipped = len(group_ids(layout))
        log("export: nothing changed since the last export; outputs kept")
        return result
    groups = load_group_data(layout)
    roster = read_roster_json(layout) or {}
    roster_errors = [e for e in roster.get("errors") or [] if isinstance(e, dict)]
    grading = prepare_export(layout, groups)
    groups = grading.groups  # the TA's corrections win from here on (tables, pages, sheets)
    tables = build_tables(groups, roster_errors)
    evidence = attach_evidence(layout, groups, tables)
    tables["groups"] = grading.annotate(tables["groups"])
    tables["grades"] = grading.grades_frame()
    write_csvs(tables, layout.data_dir)
    reviews = grading.reviews  # the Similarity sheet's decisions, from the grades store
    similar = group_flags(layout, reviews)
    show_reviews(layout, reviews)  # the similarity pages say what the Similarity sheet says
    for g in groups:
        try:
            reports_dir = layout.reports_dir(g.group)
            page = render_report(
                g.snapshot,
                g.record,
                reports_dir if reports_dir.is_dir() else None,
                group=g.group,
                roster_members=list(g.roster_members) if g.roster_members else None,
                evidence=evidence.get(g.group),
                grading_notes=grading.notes(g.group),
                notices_html=report_notice_html(similar.get(g.group)),
            )
            atomic_write_text(layout.report_html(g.group), page)
            result.done += 1
        except Exception as exc:  # a page that cannot render is reported, the rest go on
            result.failed.append(g.group)
            layout.report_html(g.group).unlink(missing_ok=True)  # never a stale page as current
            log(f"export: group {g.group}: report.html failed: {type(exc).__name__}: {exc}")
    deadline = _cohort_deadline(groups)
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    index = render_index(
        tables["groups"],
        title=title,
        deadline=deadline,
        generated_at=generated_at,
        roster_errors=[str(e.get("text") or e.get("message")) for e in roster_errors],
        flags_html={group: index_flag_html(group, flags) for group, flags in similar.items()},
    )
    atomic_write_text(layout.index_html, index)
    write_cohort_xlsx(
        tables,
        layout.cohort_xlsx,
        rates=rates,
        extra_sheets=[similarity_sheet(read_pairs(layout), reviews), grading.sheet],
    )
    record_workbook(layout)
    result.seconds = time.monotonic() - start
    write_manifest(
        layout,
        groups,
        roster_errors,
        generated_at,
        deadline,
        None if result.failed else inputs,  # a failed page is retried on the next run
        {"title": title, "rates": rates},
    )
    failed = f", {len(result.failed)} pages failed" if result.failed else ""
    log(
        f"export: {result.done} report pages{failed}, index.html, cohort.xlsx, "
        f"{len(tables)} CSV tables ({result.seconds:.1f}s)"
    )
    return result


def _cohort_deadline(groups: list[GroupData]) -> str | None:
    deadlines = Counter(g.snapshot.get("deadline") for g in groups if g.snapshot.get("deadline"))
    return deadlines.most_common(1)[0][0] if deadlines else None


def write_manifest(
    layout: OutputLayout,
    groups: list[GroupData],
    roster_errors: list[dict[str, Any]],
    generated_at: str,
    deadline: str | None,
    inputs: str | None,
    settings: dict[str, Any],
) -> None:
    statuses = Counter(g.snapshot.get("status") for g in groups)
    atomic_write_json(
        layout.manifest,
        {
            "schema_version": MANIFEST_SCHEMA_VERSION,
            "tool": "harvester",
            "version": __version__,
            "generated_at": generated_at,
            "deadline": deadline,
            "counts": dict(sorted(statuses.items(), key=lambda kv: str(kv[0]))),
            "roster_errors": roster_errors,
            "inputs": inputs,
            "settings": settings,
            "groups": [_manifest_entry(layout, g) for g in groups],
        },
    )


def _manifest_entry(layout: OutputLayout, g: GroupData) -> dict[str, Any]:
    snap, rec = g.snapshot, g.record or {}
    return {
        "group": g.group,
        "status": snap.get("status"),
        "stale": bool(snap.get("stale", False)),
        "error": snap.get("error"),
        "deadline": snap.get("deadline"),
        "deadline_commit": (snap.get("deadline_commit") or {}).get("sha"),
        "head": (snap.get("head") or {}).get("sha"),
        "commits_after_deadline": snap.get("commits_after_deadline"),
        "reports_changed_after_deadline": snap.get("reports_changed_after_deadline"),
        "template": rec.get("template"),
        "answers": len(rec.get("answers") or []),
        "unanswered": len(rec.get("unanswered") or []),
        "images": rec.get("images"),
        "warnings": sum(1 for _ in warning_rows(g)),
        "report_html": str(layout.report_html(g.group).relative_to(layout.root)),
    }
