"""The pipeline of DESIGN.md: roster → fetch → parse → tables → export, each stage reading disk.

Every stage after fetch works from `output/` alone, so staff can re-run `parse` and `export`
without the network. One group's failure is recorded and never stops the others.
"""

from __future__ import annotations

import json
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harvester import __version__
from harvester.atomic import atomic_write_json, atomic_write_text
from harvester.layout import OutputLayout
from harvester.roster import Group, Roster
from harvester.tables import GroupData, build_tables, write_csvs
from harvester.timeutil import iso

ROSTER_FILE = "roster.json"
SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:")


def log(message: str) -> None:
    """Progress and summaries go to stderr so stdout stays clean for data (e.g. --json)."""
    print(message, file=sys.stderr, flush=True)


def is_local_path(repo: str) -> bool:
    return "://" not in repo and not SCP_LIKE.match(repo)


def resolve_local_repos(groups: list[Group], base: Path) -> list[Group]:
    """Relative local paths in groups.csv are relative to the roster's folder, not the cwd."""
    resolved = []
    for g in groups:
        if is_local_path(g.clone_url) and not Path(g.clone_url).is_absolute():
            path = str((base / g.clone_url).resolve())
            g = replace(g, repo=path, repo_secret=path)
        resolved.append(g)
    return resolved


# --- roster.json: what export needs of the roster, kept in output/ ------------------------------


def write_roster_json(layout: OutputLayout, roster: Roster, source: Path) -> None:
    atomic_write_json(
        layout.root / ROSTER_FILE,
        {
            "source": str(source),
            "groups": [
                {
                    "group": g.id,
                    "repo": g.repo,
                    "members": list(g.members),
                    "deadline": iso(g.deadline),
                    "branch": g.branch,
                    "line": g.line,
                }
                for g in roster.groups
            ],
            "errors": [{"line": e.line, "message": e.message} for e in roster.errors],
        },
    )


def read_roster_json(layout: OutputLayout) -> dict[str, Any]:
    path = layout.root / ROSTER_FILE
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"groups": [], "errors": []}


def group_ids(layout: OutputLayout) -> list[tuple[str, tuple[str, ...]]]:
    """(group id, roster members) in roster order; groups found only on disk come last."""
    roster = read_roster_json(layout)
    ids = [(g["group"], tuple(g.get("members") or ())) for g in roster["groups"]]
    known = {layout.group_dir(g).name for g, _ in ids}
    if layout.groups_dir.is_dir():
        for snap in sorted(layout.groups_dir.glob("*/snapshot.json")):
            if snap.parent.name not in known:
                group = json.loads(snap.read_text(encoding="utf-8")).get("group", snap.parent.name)
                ids.append((str(group), ()))
    return ids


def read_json(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


# --- parse ---------------------------------------------------------------------------------------


@dataclass
class StageResult:
    done: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


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


def parse_group(layout: OutputLayout, group: str) -> dict[str, Any] | None:
    """Parse one group's snapshot into record.json; None when there is no report to parse."""
    from harvester.parse import parse_file

    snapshot = read_json(layout.snapshot(group)) or {}
    path = report_file(layout, group, snapshot)
    record_path = layout.record(group)
    if path is None:
        record_path.unlink(missing_ok=True)
        return None
    record = parse_file(path, not_archived_files(snapshot, path.parent, layout.group_dir(group)))
    atomic_write_json(record_path, record)
    return record


NOT_ARCHIVED_KINDS = ("oversized", "symlink", "unsafe_name")


def not_archived_files(snapshot: dict[str, Any], report_dir: Path, group_dir: Path) -> set[str]:
    """Files of the report's folder that the fetcher saw in git but did not copy (by warning)."""
    prefix = report_dir.resolve().relative_to(group_dir.resolve()).as_posix() + "/"
    return {
        w["path"].removeprefix(prefix)
        for w in snapshot.get("warnings") or []
        if w.get("kind") in NOT_ARCHIVED_KINDS and str(w.get("path", "")).startswith(prefix)
    }


def parse_all(layout: OutputLayout) -> StageResult:
    result = StageResult()
    start = time.monotonic()
    for group, _ in group_ids(layout):
        try:
            parse_group(layout, group)
            result.done += 1
        except Exception as exc:  # one unreadable report never stops the cohort
            result.failed.append(group)
            _write_parse_error(layout, group, exc)
    result.seconds = time.monotonic() - start
    log(
        f"parse: {result.done} groups parsed, {len(result.failed)} failed "
        f"({result.seconds:.1f}s)" + (f": {', '.join(result.failed)}" if result.failed else "")
    )
    return result


def _write_parse_error(layout: OutputLayout, group: str, exc: BaseException) -> None:
    detail = f"{type(exc).__name__}: {exc}"
    log(f"parse: group {group}: {layout.group_dir(group) / 'reports'}: {detail}")
    atomic_write_json(
        layout.group_dir(group) / "parse_error.json",
        {"error": detail, "traceback": traceback.format_exc()},
    )


# --- export --------------------------------------------------------------------------------------


def load_group_data(layout: OutputLayout) -> list[GroupData]:
    data = []
    for group, members in group_ids(layout):
        snapshot = read_json(layout.snapshot(group)) or {
            "group": group,
            "status": "not_fetched",
            "error": "no snapshot.json in the output folder",
        }
        record = read_json(layout.record(group))
        parse_error = read_json(layout.group_dir(group) / "parse_error.json")
        if parse_error and record is None:
            snapshot = {
                **snapshot,
                "warnings": [
                    *(snapshot.get("warnings") or []),
                    {"kind": "parse_error", "detail": parse_error["error"]},
                ],
            }
        data.append(GroupData(group, members, snapshot, record))
    return data


def export_all(
    layout: OutputLayout, *, rates: dict[str, float] | None = None, title: str = "Cohort"
) -> StageResult:
    """Tables, CSVs, one report page per group, the index and cohort.xlsx, then manifest.json."""
    from harvester.export.index_html import render_index
    from harvester.export.report_html import render_report
    from harvester.export.xlsx import write_cohort_xlsx

    result = StageResult()
    start = time.monotonic()
    groups = load_group_data(layout)
    tables = build_tables(groups)
    write_csvs(tables, layout.data_dir)
    for g in groups:
        try:
            reports_dir = layout.reports_dir(g.group)
            page = render_report(
                g.snapshot,
                g.record,
                reports_dir if reports_dir.is_dir() else None,
                group=g.group,
                roster_members=list(g.roster_members),
            )
            atomic_write_text(layout.report_html(g.group), page)
            result.done += 1
        except Exception as exc:  # a page that cannot render is reported, the rest go on
            result.failed.append(g.group)
            log(f"export: group {g.group}: report.html failed: {type(exc).__name__}: {exc}")
    roster = read_roster_json(layout)
    deadline = _cohort_deadline(groups)
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    atomic_write_text(
        layout.index_html,
        render_index(tables["groups"], title=title, deadline=deadline, generated_at=generated_at),
    )
    write_cohort_xlsx(tables, layout.cohort_xlsx, rates=rates)
    result.seconds = time.monotonic() - start
    write_manifest(layout, groups, roster.get("errors", []), generated_at, deadline)
    log(
        f"export: {result.done} report pages, index.html, cohort.xlsx, "
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
) -> None:
    statuses = Counter(g.snapshot.get("status") for g in groups)
    atomic_write_json(
        layout.manifest,
        {
            "tool": "harvester",
            "version": __version__,
            "generated_at": generated_at,
            "deadline": deadline,
            "counts": dict(sorted(statuses.items(), key=lambda kv: str(kv[0]))),
            "roster_errors": roster_errors,
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
        "warnings": len(rec.get("warnings") or []) + len(snap.get("warnings") or []),
        "report_html": str(layout.report_html(g.group).relative_to(layout.root)),
    }


# --- harvest -------------------------------------------------------------------------------------


@dataclass
class HarvestOptions:
    groups_csv: Path
    deadline: datetime
    out: Path
    jobs: int = 0
    rates: dict[str, float] | None = None
    github: bool = True
    github_max_wait: float = 60.0
    progress: bool = True
    timeout: float = 300.0
    max_file_mb: float = 20.0
    title: str | None = None


GitHubHook = Callable[[Group, dict[str, Any]], dict[str, Any] | None]


def github_hook(client: Any) -> GitHubHook | None:
    """GitHub API facts for GitHub remotes (the client is shared by the fetch workers)."""
    if client is None:
        return None
    from harvester.github import collect_github_facts

    def hook(group: Group, snapshot: dict[str, Any]) -> dict[str, Any] | None:
        sha = (snapshot.get("deadline_commit") or {}).get("sha")
        deadline = datetime.fromisoformat(snapshot["deadline"])
        return collect_github_facts(client, group.clone_url, deadline=deadline, deadline_sha=sha)

    return hook


def harvest(options: HarvestOptions, roster: Roster, *, fetch_only: bool = False) -> int:
    """Fetch every group of the roster, then parse and export; returns the process exit code.

    `fetch_only` stops after the snapshots (`harvester fetch`): parse and export can follow later,
    offline.
    """
    from harvester.fetch import FetchOptions, fetch_all
    from harvester.lock import HarvestLock

    layout = OutputLayout(options.out)
    layout.root.mkdir(parents=True, exist_ok=True)
    groups = resolve_local_repos(roster.groups, options.groups_csv.resolve().parent)
    for error in roster.errors:
        log(f"roster: {error}")
    with HarvestLock(layout.lock_file), _github_client(options) as client:
        write_roster_json(layout, roster, options.groups_csv)
        log(f"fetch: {len(groups)} groups, deadline {options.deadline.isoformat()}")
        fetch_all(
            groups,
            options.deadline,
            layout,
            jobs=options.jobs,
            progress=options.progress,
            github=github_hook(client),
            options=FetchOptions(
                timeout=options.timeout, max_file_bytes=int(options.max_file_mb * 1024 * 1024)
            ),
        )
        if fetch_only:
            log(f"done: snapshots in {layout.groups_dir}; next: harvester parse {layout.root}")
            return 0
        parse_all(layout)
        export_all(layout, rates=options.rates, title=options.title or _title(options.groups_csv))
    log(f"done: open {layout.index_html} or {layout.cohort_xlsx}")
    return 0


@contextmanager
def _github_client(options: HarvestOptions) -> Iterator[Any]:
    """A GitHub client for the run (token from GH_TOKEN/GITHUB_TOKEN), or None when disabled."""
    if not options.github:
        yield None
        return
    from harvester.github import GitHubClient, api_url_from_env, token_from_env

    client = GitHubClient(
        token_from_env(),
        base_url=api_url_from_env(),
        max_wait=options.github_max_wait,
        on_notice=lambda m: log(f"github: {m}"),
    )
    try:
        yield client
    finally:
        client.close()


def _title(groups_csv: Path) -> str:
    return f"Cohort {groups_csv.resolve().parent.name}/{groups_csv.name}"
