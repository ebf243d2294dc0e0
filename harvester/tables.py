"""Records and snapshots → tidy pandas tables (one fact per row), and their CSV files.

Pure except for `write_csvs`. The column sets are the contract in docs/CONTRACTS.md, which the
spreadsheet and the index page read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from harvester.atomic import atomic_write_text
from harvester.github.summary import GITHUB_COLUMNS, github_columns, github_warnings
from harvester.layout import safe_group_dirname
from harvester.parse.facts import FACT_COLUMNS, fact_rows

GROUP_COLUMNS = [
    "group", "repo", "status", "error", "stale", "deadline", "deadline_sha", "deadline_time",
    "head_sha", "commits_after_deadline", "reports_changed_after_deadline", "template",
    "group_number", "group_number_mismatch", "roster_members", "study_numbers", "members_listed",
    "members_mismatch",
    "answered", "unanswered", "unanswered_count", "checklist_done", "checklist_partial",
    "checklist_open", "checklist_coverage", "code_coverage", "credits_amount", "credits_unit",
    "credits_text", "services", "services_count", "images_referenced", "images_missing",
    "warnings", "report_html", "report_source", "report_candidates", "limits_source",
    "course_checker", *GITHUB_COLUMNS,
]  # fmt: skip
ANSWER_COLUMNS = [
    "group", "question", "key", "section", "text", "answered", "words", "words_checker",
    "images", "images_checker", "word_min", "word_max", "image_min", "image_max", "ok",
    "limits_source",
]  # fmt: skip
CHECKLIST_COLUMNS = ["group", "item_id", "week", "module", "text", "state"]
SERVICE_COLUMNS = ["group", "service"]
WARNING_COLUMNS = ["group", "source", "question", "kind", "line", "detail"]


# Notes the fetcher records that are not problems of the group (a bundle or a local path cannot
# be partially cloned): kept in snapshot.json, left out of warnings and their counts.
INFO_KINDS = frozenset({"full_fetch", "report_path"})


@dataclass(frozen=True)
class GroupData:
    """Everything known about one group: its roster row, its snapshot and its parsed record."""

    group: str
    roster_members: tuple[str, ...] | None  # None: the roster lists no members for this group
    snapshot: dict[str, Any]
    record: dict[str, Any] | None


def _limit(limit: Any, index: int) -> int | None:
    if isinstance(limit, list | tuple) and len(limit) == 2:
        return limit[index]
    return None


def _credits_text(record: dict[str, Any]) -> str | None:
    """The raw answer of the credits question, so staff can check the parsed amount."""
    for answer in record.get("answers", []):
        if answer.get("key") == "credits":
            return answer.get("text") or None
    return None


def _number_mismatch(group: str, reported: Any) -> bool | None:
    """True when a numeric roster id and the report's group number (Q1) disagree."""
    digits = group.strip().lstrip("0") or "0"
    if not digits.isdigit() or not isinstance(reported, int):
        return None
    return int(digits) != reported


def _members_mismatch(roster: tuple[str, ...] | None, found: list[str]) -> bool | None:
    if not roster:
        return None
    return {m.lower() for m in roster if m} != {s.lower() for s in found}


def group_row(data: GroupData) -> dict[str, Any]:
    """One row of the `groups` table."""
    snap = data.snapshot
    rec = data.record or {}
    deadline_commit = snap.get("deadline_commit") or {}
    head = snap.get("head") or {}
    checklist = rec.get("checklist") or {}
    credits = rec.get("credits") or {}
    images = rec.get("images") or {}
    answers = rec.get("answers") or []
    items = sum(checklist.get(k, 0) for k in ("done", "partial", "open"))
    warnings = sum(1 for _ in warning_rows(data))
    study_numbers = rec.get("study_numbers") or []
    has_record = data.record is not None
    return {
        "group": data.group,
        "repo": snap.get("repo"),
        "status": snap.get("status"),
        "error": snap.get("error"),
        "stale": bool(snap.get("stale", False)),
        "deadline": snap.get("deadline"),
        "deadline_sha": deadline_commit.get("sha"),
        "deadline_time": deadline_commit.get("time"),
        "head_sha": head.get("sha"),
        "commits_after_deadline": snap.get("commits_after_deadline"),
        "reports_changed_after_deadline": snap.get("reports_changed_after_deadline"),
        "template": rec.get("template"),
        "group_number": rec.get("group_number"),
        "group_number_mismatch": _number_mismatch(data.group, rec.get("group_number")),
        "roster_members": ", ".join(data.roster_members or ()),
        "study_numbers": ", ".join(study_numbers),
        "members_listed": rec.get("members_listed"),
        "members_mismatch": _members_mismatch(data.roster_members, study_numbers)
        if has_record
        else None,
        "answered": sum(1 for a in answers if a.get("answered")) if has_record else None,
        "unanswered": ", ".join(str(q) for q in rec.get("unanswered") or []),
        "unanswered_count": len(rec.get("unanswered") or []) if has_record else None,
        "checklist_done": checklist.get("done") if has_record else None,
        "checklist_partial": checklist.get("partial") if has_record else None,
        "checklist_open": checklist.get("open") if has_record else None,
        "checklist_coverage": round(100 * checklist.get("done", 0) / items, 1) if items else None,
        "code_coverage": rec.get("code_coverage"),
        "credits_amount": credits.get("amount"),
        "credits_unit": credits.get("unit"),
        "credits_text": _credits_text(rec) if has_record else None,
        "services": ", ".join(rec.get("services") or []),
        "services_count": len(rec.get("services") or []) if has_record else None,
        "images_referenced": images.get("referenced"),
        "images_missing": images.get("missing"),
        "warnings": warnings,
        "report_html": f"groups/{safe_group_dirname(data.group)}/report.html",
        "report_source": snap.get("report_source") or snap.get("report_path"),
        "report_candidates": "; ".join(snap.get("report_candidates") or []),
        "limits_source": (rec.get("limits_source") or {}).get("short"),
        "course_checker": (rec.get("course_checker") or {}).get("summary"),
        **github_columns(snap.get("github")),
    }


def answer_rows(data: GroupData) -> Iterable[dict[str, Any]]:
    for a in (data.record or {}).get("answers") or []:
        yield {
            "group": data.group,
            "question": a.get("question"),
            "key": a.get("key"),
            "section": a.get("section"),
            "text": a.get("text"),
            "answered": a.get("answered"),
            "words": a.get("words"),
            "words_checker": a.get("words_checker"),
            "images": a.get("images"),
            "images_checker": a.get("images_checker"),
            "word_min": _limit(a.get("word_limit"), 0),
            "word_max": _limit(a.get("word_limit"), 1),
            "image_min": _limit(a.get("image_limit"), 0),
            "image_max": _limit(a.get("image_limit"), 1),
            "ok": a.get("ok"),
            "limits_source": ((data.record or {}).get("limits_source") or {}).get("short"),
        }


def checklist_rows(data: GroupData) -> Iterable[dict[str, Any]]:
    for item in (data.record or {}).get("checklist_items") or []:
        yield {
            "group": data.group,
            "item_id": item.get("id"),
            "week": item.get("week"),
            "module": item.get("module"),
            "text": item.get("text"),
            "state": item.get("state"),
        }


def service_rows(data: GroupData) -> Iterable[dict[str, Any]]:
    for service in (data.record or {}).get("services") or []:
        yield {"group": data.group, "service": service}


def warning_rows(data: GroupData) -> Iterable[dict[str, Any]]:
    """Fetch warnings (and a failed fetch itself) and parse warnings, in one table."""
    snap = data.snapshot
    if snap.get("status") not in (None, "ok"):
        yield {
            "group": data.group,
            "source": "fetch",
            "question": None,
            "kind": f"status_{snap.get('status')}",
            "line": None,
            "detail": snap.get("error") or snap.get("status"),
        }
    fetch_warnings = [w for w in snap.get("warnings") or [] if w.get("kind") not in INFO_KINDS]
    for w in [*fetch_warnings, *github_warnings(snap.get("github"))]:
        yield {"group": data.group, "source": "fetch", "question": None, "line": None,
               "kind": w.get("kind"), "detail": w.get("detail")}  # fmt: skip
    for w in (data.record or {}).get("warnings") or []:
        yield {"group": data.group, "source": "parse", "question": w.get("question"),
               "line": w.get("line"), "kind": w.get("kind"), "detail": w.get("detail")}  # fmt: skip


def _frame(rows: Iterable[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    rows = list(rows)
    frame = pd.DataFrame(rows, columns=columns)
    # Integer columns with gaps stay integers (pandas' nullable Int64), not floats like 14.0:
    # decided from the raw values, before pandas has turned the gaps into NaN floats.
    for col in columns:
        values = [row.get(col) for row in rows if row.get(col) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[col] = pd.array([row.get(col) for row in rows], dtype="Int64")
    return frame


def roster_warning_rows(errors: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Rows of groups.csv that could not be read: their groups are nowhere else in the tables."""
    for e in errors:
        yield {"group": None, "source": "roster", "question": None, "line": e.get("line"),
               "kind": "roster_row", "detail": e.get("text") or e.get("message")}  # fmt: skip


def build_tables(
    groups: list[GroupData], roster_errors: list[dict[str, Any]] | None = None
) -> dict[str, pd.DataFrame]:
    """All tidy tables of a cohort, keyed by table name (the CSV file stem)."""
    return {
        "groups": _frame((group_row(g) for g in groups), GROUP_COLUMNS),
        "answers": _frame((r for g in groups for r in answer_rows(g)), ANSWER_COLUMNS),
        "checklist": _frame((r for g in groups for r in checklist_rows(g)), CHECKLIST_COLUMNS),
        "services": _frame((r for g in groups for r in service_rows(g)), SERVICE_COLUMNS),
        "facts": _frame(
            ({"group": g.group, **r} for g in groups for r in fact_rows(g.record)),
            ["group", *FACT_COLUMNS],
        ),
        "warnings": _frame(
            [
                *roster_warning_rows(roster_errors or []),
                *(r for g in groups for r in warning_rows(g)),
            ],
            WARNING_COLUMNS,
        ),
    }


def write_csvs(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Path]:
    """Write each table as data/<name>.csv with spreadsheet-safe cells (no formula injection)."""
    from harvester.cells import safe_csv_frame

    written = []
    for name, frame in tables.items():
        path = Path(data_dir) / f"{name}.csv"
        atomic_write_text(path, safe_csv_frame(frame).to_csv(index=False))
        written.append(path)
    return written
