"""The parse stage: each group's archived README → record.json, skipping what is already parsed.

A record is reused when the README, the files beside it and the parser's own code are all
unchanged; so a re-run with nothing new costs a hash per group, and a parser upgrade re-parses
everything without a version bump.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from harvester.atomic import atomic_write_json
from harvester.fingerprint import code_fingerprint, file_digest, fingerprint
from harvester.layout import OutputLayout
from harvester.outputdir import PARSE_ERROR_FILE, group_ids, read_json
from harvester.stage import StageResult, log

NOT_ARCHIVED_KINDS = ("oversized", "symlink", "unsafe_name")
PARSER_CODE = ("parse", "bank")
INPUTS_KEY = "parsed_inputs"


def report_file(layout: OutputLayout, group: str, snapshot: dict[str, Any]) -> Path | None:
    """The README to parse: the snapshot's report path, only if it stayed inside the group dir."""
    rel = snapshot.get("report_path")
    if not rel:
        return None
    group_dir = layout.group_dir(group).resolve()
    path = (group_dir / rel).resolve()
    if not path.is_relative_to(group_dir) or not path.is_file():
        return None
    return path


def not_archived_files(snapshot: dict[str, Any], report_dir: Path, group_dir: Path) -> set[str]:
    """Files of the report's folder that the fetcher saw in git but did not copy (by warning).

    Warnings name repository paths: a report the roster placed elsewhere (`report_source`,
    e.g. Reports/README.md) was archived as reports/, so its own folder is the prefix.
    """
    source = snapshot.get("report_source")
    if source:
        prefix = source.rsplit("/", 1)[0] + "/" if "/" in source else ""
    else:
        prefix = report_dir.resolve().relative_to(group_dir.resolve()).as_posix() + "/"
    return {
        w["path"].removeprefix(prefix)
        for w in snapshot.get("warnings") or []
        if w.get("kind") in NOT_ARCHIVED_KINDS and str(w.get("path", "")).startswith(prefix)
    }


def parse_inputs(path: Path, not_archived: set[str], deadline: str | None = None) -> str:
    """Fingerprint of everything a record depends on (the deadline picks the official limits)."""
    folder = path.parent
    listing = sorted(
        (p.relative_to(folder).as_posix(), p.lstat().st_size)
        for p in folder.rglob("*")
        if not p.is_dir()
    )
    return fingerprint(
        {
            "code": code_fingerprint(*PARSER_CODE),
            "readme": file_digest(path),
            "files": listing,
            "not_archived": sorted(not_archived),
            "deadline": deadline,
        }
    )


def parse_group(layout: OutputLayout, group: str, *, force: bool = False) -> str:
    """Parse one group into record.json; returns "parsed", "unchanged" or "no_report"."""
    from harvester.parse import parse_file

    snapshot = read_json(layout.snapshot(group)) or {}
    path = report_file(layout, group, snapshot)
    record_path = layout.record(group)
    error_path = layout.group_dir(group) / PARSE_ERROR_FILE
    if path is None:
        record_path.unlink(missing_ok=True)
        error_path.unlink(missing_ok=True)
        return "no_report"
    not_archived = not_archived_files(snapshot, path.parent, layout.group_dir(group))
    deadline = snapshot.get("deadline")
    inputs = parse_inputs(path, not_archived, deadline)
    if not force and (read_json(record_path) or {}).get(INPUTS_KEY) == inputs:
        error_path.unlink(missing_ok=True)
        return "unchanged"
    # An old record must not outlive a failed parse of new inputs: it would be exported as current.
    record_path.unlink(missing_ok=True)
    record = parse_file(path, not_archived, deadline=deadline)
    record[INPUTS_KEY] = inputs
    atomic_write_json(record_path, record)
    error_path.unlink(missing_ok=True)
    return "parsed"


def parse_all(layout: OutputLayout, *, force: bool = False) -> StageResult:
    """Parse every group; one unreadable report is recorded and never stops the cohort."""
    result = StageResult()
    start = time.monotonic()
    for group, _ in group_ids(layout):
        try:
            outcome = parse_group(layout, group, force=force)
            result.done += outcome == "parsed"
            result.skipped += outcome == "unchanged"
        except Exception as exc:
            result.failed.append(group)
            _write_parse_error(layout, group, exc)
    result.seconds = time.monotonic() - start
    log(
        f"parse: {result.done} parsed, {result.skipped} unchanged, {len(result.failed)} failed "
        f"({result.seconds:.1f}s)" + (f": {', '.join(result.failed)}" if result.failed else "")
    )
    return result


def _write_parse_error(layout: OutputLayout, group: str, exc: BaseException) -> None:
    detail = f"{type(exc).__name__}: {exc}"
    log(f"parse: group {group}: {layout.group_dir(group)}: {detail}")
    atomic_write_json(
        layout.group_dir(group) / PARSE_ERROR_FILE,
        {"error": detail, "traceback": traceback.format_exc()},
    )
