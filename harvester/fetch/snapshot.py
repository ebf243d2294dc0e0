"""Write one group's snapshot folder safely: reports/, evidence/, files.json, snapshot.json.

Contents come from git objects (`cat-file --batch`), never from a checkout, so nothing in a
student's tree (symlinks, `..` names, huge files) can make us read or write outside the group's
own folder. Everything is built in a temp folder inside the group folder and renamed into
place; snapshot.json is written last, so a run killed at any point leaves either the previous
complete snapshot or the new one, and an interrupted group is simply redone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from harvester.atomic import atomic_write_json
from harvester.fetch import tree
from harvester.fetch.report_file import ReportLocation
from harvester.fetch.tree import Entry
from harvester.layout import HISTORY_FILE

SNAPSHOT_FORMAT = 1
OUTPUT_NAMES = ("reports", "evidence", "files.json", HISTORY_FILE)
GOOD = ("ok", "no_report")


def warning(kind: str, detail: str, path: str | None = None) -> dict:
    item = {"kind": kind, "detail": detail}
    if path is not None:
        item["path"] = path
    return item


@dataclass
class Plan:
    """What to write, decided from the listing and the object sizes before reading any blob."""

    writes: dict[str, list[tuple[Path, bool, str]]] = field(default_factory=dict)
    symlinks: dict[str, list[str]] = field(default_factory=dict)  # oid -> display paths
    warnings: list[dict] = field(default_factory=list)
    evidence_files: list[str] = field(default_factory=list)
    reports_files: int = 0
    archived: set[str] = field(default_factory=set)  # shown paths of the report folder's files

    def add(self, oid: str, dest: Path, executable: bool, shown: str) -> None:
        self.writes.setdefault(oid, []).append((dest, executable, shown))


_FIGURE_SUFFIXES = (b".png", b".jpg", b".jpeg", b".gif", b".svg", b".webp")


def _report_priority(entry: Entry, report: Entry | None) -> int:
    """0: the report itself, 1: figures, 2: anything else (stable sort keeps git's order)."""
    if report is not None and entry.path == report.path:
        return 0
    return 1 if entry.path.lower().endswith(_FIGURE_SUFFIXES) else 2


#: The usual place: reports/ is archived, reports/README.md is the report.
DEFAULT_LOCATION = ReportLocation(tree.REPORTS, None, True)


def optional_missing(shown: str, what: str, reason: str | None) -> dict:
    """The warning for an optional file the server did not send: the group is still harvested."""
    why = " ".join((reason or "the server did not send it").replace("\0", " ").split())
    if len(why) > MAX_REASON_CHARS:
        why = why[: MAX_REASON_CHARS - 3] + "..."
    return warning("optional_missing", f"{shown} ({what}) is missing: not fetched ({why})", shown)


MAX_REASON_CHARS = 300


def plan_outputs(
    root: Path,
    reports: list[Entry],
    evidence: list[Entry],
    sizes: dict[str, int],
    *,
    missing: Mapping[str, str] | None = None,
    location: ReportLocation = DEFAULT_LOCATION,
    max_file_bytes: int,
    max_evidence_bytes: int,
    max_report_files: int,
) -> Plan:
    """Decide per entry: write it, or skip it with a warning (symlink, submodule, size, name).

    Under the file-count cap the report and figures come first, so a data dump committed into
    reports/ can never crowd out the README it sits next to.
    """
    plan = Plan()
    missing = missing or {}
    mb = max_file_bytes / 2**20
    skipped_for_count = 0
    report = location.report
    for e in sorted(reports, key=lambda e: _report_priority(e, report)):
        shown = e.display
        rel = location.relative(e)
        if e.kind == "submodule":
            plan.warnings.append(
                warning(
                    "submodule", f"{shown} is a submodule (commit {e.oid[:12]}); not fetched", shown
                )
            )
            continue
        if e.kind == "symlink":
            if e.oid in sizes:
                plan.symlinks.setdefault(e.oid, []).append(shown)
            else:
                plan.warnings.append(
                    warning("symlink", f"{shown} is a symlink; not followed", shown)
                )
            continue
        if not e.is_file:
            continue
        size = sizes.get(e.oid)
        if size is None and e.oid in missing:
            plan.warnings.append(optional_missing(shown, "a file of reports/", missing[e.oid]))
            continue
        if size is None or size > max_file_bytes:
            plan.warnings.append(
                warning("oversized", f"{shown} is over the {mb:g} MB size cap; skipped", shown)
            )
            continue
        parts = tree.safe_parts(rel)
        if parts is None:
            plan.warnings.append(
                warning("unsafe_name", f"{shown!r} is not a safe file name; skipped", shown)
            )
            continue
        if plan.reports_files >= max_report_files:
            skipped_for_count += 1
            continue
        plan.reports_files += 1
        plan.archived.add(shown)
        plan.add(e.oid, root / "reports" / _fs(parts), e.kind == "exec", shown)
    if skipped_for_count:
        plan.warnings.append(
            warning(
                "too_many_files",
                f"reports/ has more than {max_report_files} files; the report, its figures and "
                f"the first other files were kept, {skipped_for_count} other files skipped",
            )
        )
    for e in evidence:
        shown = e.display
        size = sizes.get(e.oid)
        parts = tree.safe_parts(e.path)
        why = None
        if size is None:
            plan.warnings.append(optional_missing(shown, "evidence file", missing.get(e.oid)))
            continue
        if parts is None:
            why = "not a safe file name"
        elif size > max_evidence_bytes:
            why = f"over the {max_evidence_bytes / 2**20:g} MB evidence cap"
        if why:
            plan.warnings.append(warning("evidence_skipped", f"{shown}: {why}", shown))
            continue
        plan.evidence_files.append(shown)
        plan.add(e.oid, root / "evidence" / _fs(parts), False, shown)
    return plan


def _fs(parts: list[bytes]) -> Path:
    return Path(*(os.fsdecode(p) for p in parts))


def execute_plan(
    plan: Plan, stream: Callable[[list[str], Callable[[str, bytes], None]], None]
) -> tuple[list[str], list[dict]]:
    """Read the planned blobs in one batch and write them; returns (lfs files, warnings)."""
    lfs: list[str] = []
    warnings: list[dict] = []

    def on_blob(oid: str, data: bytes) -> None:
        for shown in plan.symlinks.get(oid, []):
            target = tree.show(data[:200])
            warnings.append(
                warning("symlink", f"{shown} is a symlink to {target!r}; not followed", shown)
            )
        for dest, executable, shown in plan.writes.get(oid, []):
            try:
                _write_new(dest, data, executable)
            except OSError as exc:
                warnings.append(warning("unwritable", f"{shown}: {exc.strerror}", shown))
                continue
            if shown in plan.archived and tree.is_lfs_pointer(data):
                lfs.append(shown)
                warnings.append(
                    warning("lfs", f"figure stored in LFS: {shown} is a Git LFS pointer", shown)
                )

    stream(list(dict.fromkeys([*plan.writes, *plan.symlinks])), on_blob)
    return sorted(lfs), warnings


def _write_new(dest: Path, data: bytes, executable: bool) -> None:
    """Create a new regular file; never follows or replaces anything already there."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(dest, flags, 0o755 if executable else 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


# --- group folder ----------------------------------------------------------------------------


def new_workdir(group_dir: Path) -> Path:
    group_dir.mkdir(parents=True, exist_ok=True)
    path = group_dir / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


def clean_leftovers(group_dir: Path) -> None:
    """Drop temp/old folders a killed run left in the group folder."""
    with contextlib.suppress(OSError), os.scandir(group_dir) as entries:
        for entry in entries:
            if entry.name.startswith((".tmp-", ".old-")):
                shutil.rmtree(entry.path, ignore_errors=True)
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def publish(group_dir: Path, workdir: Path, snapshot: dict) -> None:
    """Rename the new reports/, evidence/, files.json into place, then write snapshot.json.

    A name missing from workdir is removed from the group folder (a snapshot without reports
    has no reports folder). The previous version is renamed aside first, deleted last.
    """
    group_dir.mkdir(parents=True, exist_ok=True)
    olds = []
    for name in OUTPUT_NAMES:
        src, dst = workdir / name, group_dir / name
        if dst.exists() or dst.is_symlink():
            old = group_dir / f".old-{name}-{uuid.uuid4().hex[:8]}"
            os.replace(dst, old)
            olds.append(old)
        if src.exists():
            os.replace(src, dst)
    atomic_write_json(group_dir / "snapshot.json", snapshot)
    for old in olds:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                old.unlink()
    shutil.rmtree(workdir, ignore_errors=True)


def write_json_file(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_snapshot(path: Path) -> dict | None:
    """The previous snapshot, or None if absent or unreadable (a damaged one is redone)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def outputs_present(group_dir: Path, snapshot: dict) -> bool:
    """Did the run that wrote `snapshot` also finish writing its folders?"""
    if snapshot.get("status") not in GOOD:
        return True
    if not (group_dir / "files.json").is_file():
        return False
    if snapshot.get("reports_files") and not (group_dir / "reports").is_dir():
        return False
    return not (snapshot.get("evidence_files") and not (group_dir / "evidence").is_dir())
