"""Getting the course template (the baseline) onto disk and reading it back as a `Baseline`.

`--baseline URL[@date]` or a local path. A git URL, a local repository or a bundle is harvested
like a group (the fetch package's public `fetch_group`) at the date given, else at the cohort's
deadline, into `output/baseline/`; a plain folder (an unpacked template) is read as it is. The
choice is remembered in `output/baseline/baseline.json`, so a later `harvester evidence` run
uses the same baseline offline. A new baseline is fetched into `output/baseline.new/` and takes
the remembered one's place only when it worked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harvester.atomic import atomic_write_json
from harvester.evidence.baseline import Baseline
from harvester.layout import OutputLayout
from harvester.roster import Group, is_local_repo, redact_url
from harvester.timeutil import DeadlineError, iso, parse_deadline

BASELINE_ID = "template"
SPEC_FILE = "baseline.json"
MAX_TEXT_BYTES = 512 * 1024
NEW_SUFFIX = ".new"  # output/baseline.new: a baseline being fetched
OLD_SUFFIX = ".old"  # output/baseline.old: the one it replaces, for a moment


class BaselineError(ValueError):
    """The baseline given cannot be used; the message says why (no credentials in it)."""


@dataclass(frozen=True)
class BaselineSpec:
    repo: str  # URL, local repository, bundle or plain folder (may hold credentials)
    at: datetime | None  # the template as it was then; None = the cohort's deadline

    @property
    def shown(self) -> str:
        shown = redact_url(self.repo)
        return f"{shown}@{iso(self.at)}" if self.at else shown


def parse_spec(text: str, tz: str | None = None) -> BaselineSpec:
    """`URL[@date]`: the part after the last '@' is a date only when it reads as one (an ssh
    URL `git@host:...` keeps its '@')."""
    text = text.strip()
    if not text:
        raise BaselineError("--baseline: empty")
    head, sep, tail = text.rpartition("@")
    if sep and head and "/" not in tail and ":" not in tail.split("T")[0]:
        try:
            return BaselineSpec(head, parse_deadline(tail, *(tz,) if tz else ()))
        except DeadlineError:
            pass
    return BaselineSpec(text, None)


def _baseline_layout(layout: OutputLayout) -> OutputLayout:
    return OutputLayout(layout.baseline_root)


def prepare(layout: OutputLayout, spec: BaselineSpec, deadline: datetime | None) -> dict[str, Any]:
    """Fetch (or list) the template beside the remembered one and put it in place only when it
    worked: a baseline that cannot be fetched leaves the remembered one as it was."""
    root = layout.baseline_root
    _recover(root)
    fresh = root.with_name(root.name + NEW_SUFFIX)
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    _move_cache(root, fresh)  # earlier clones come along: the fetch stays incremental
    try:
        record = _fetch_into(OutputLayout(fresh), spec, deadline)
    except BaseException:
        _move_cache(fresh, root)
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    _replace(fresh, root)
    return record


def _fetch_into(layout: OutputLayout, spec: BaselineSpec, deadline: datetime | None) -> dict:
    """The template into `layout` (a baseline root of its own), with its record written last."""
    local = Path(spec.repo).expanduser()
    at = spec.at or deadline or datetime.now(UTC)
    if is_local_repo(spec.repo) and local.is_dir() and not (local / ".git").exists():
        if not any(local.iterdir()):
            raise BaselineError(f"--baseline {spec.shown}: the folder is empty")
        record = {"source": spec.shown, "kind": "folder", "path": str(local.resolve())}
    else:
        from harvester.fetch import FetchOptions, fetch_group

        repo = str(local.resolve()) if is_local_repo(spec.repo) else spec.repo
        group = Group(id=BASELINE_ID, repo=redact_url(repo), repo_secret=repo)
        snap = fetch_group(group, at, layout, options=FetchOptions())
        if snap.get("status") not in ("ok", "no_report") or snap.get("stale"):
            raise BaselineError(
                f"--baseline {spec.shown}: {snap.get('status')}: {snap.get('error') or ''}".strip()
            )
        record = {"source": spec.shown, "kind": "git", "commit": snap["deadline_commit"]}
    record["at"] = iso(at)
    atomic_write_json(layout.root / SPEC_FILE, record)
    return record


def _move_cache(src: Path, dst: Path) -> None:
    """Cached clones move between the remembered baseline and the one being fetched."""
    cache, target = OutputLayout(src).cache_dir, OutputLayout(dst).cache_dir
    if cache.is_dir() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        cache.rename(target)


def _replace(fresh: Path, root: Path) -> None:
    """The new baseline takes the remembered one's place (two renames; see `_recover`)."""
    old = root.with_name(root.name + OLD_SUFFIX)
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.rename(old)
    fresh.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _recover(root: Path) -> None:
    """A run stopped between `_replace`'s renames: the remembered baseline comes back."""
    old = root.with_name(root.name + OLD_SUFFIX)
    if old.is_dir() and not root.exists():
        old.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _remembered(layout: OutputLayout) -> dict[str, Any] | None:
    """The remembered baseline's record (baseline.json), None when there is none."""
    try:
        record = json.loads((layout.baseline_root / SPEC_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def remembered_source(layout: OutputLayout) -> str | None:
    """The remembered baseline's name (as the TA gave it), None when there is none."""
    record = _remembered(layout)
    return None if record is None else str(record.get("source") or "baseline")


def _blob_oid(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's id


def _read_text(path: Path) -> str | None:
    try:
        if path.is_symlink() or path.stat().st_size > MAX_TEXT_BYTES:
            return None
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None


def _from_folder(folder: Path, source: str) -> Baseline:
    from harvester.fetch import is_evidence

    listing: dict[str, str | None] = {}
    texts: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            try:
                data = path.read_bytes() if not path.is_symlink() else b""
            except OSError:
                continue
            listing[rel] = _blob_oid(data)
            if is_evidence(rel.encode()):
                text = _read_text(path)
                if text is not None:
                    texts[rel] = text
    return Baseline.build(source, listing, texts)


def load(layout: OutputLayout) -> Baseline | None:
    """The remembered baseline, read from disk; None when the cohort has none."""
    record = _remembered(layout)
    if record is None:
        return None
    source = str(record.get("source") or "baseline")
    if record.get("kind") == "folder":
        folder = Path(str(record.get("path") or ""))
        if not folder.is_dir():
            raise BaselineError(f"baseline folder {folder} is gone; give --baseline again")
        return _from_folder(folder, source)
    base = _baseline_layout(layout)
    files_json = base.files_json(BASELINE_ID)
    try:
        files = json.loads(files_json.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BaselineError(
            f"the remembered baseline {source}: {files_json} is missing or unreadable; "
            "give --baseline again"
        ) from None
    listing = {str(f["path"]): f.get("oid") for f in files if f.get("kind") in ("file", "exec")}
    evidence_dir = base.evidence_files_dir(BASELINE_ID)
    texts = {}
    for rel in listing:
        text = _read_text(evidence_dir / rel)
        if text is not None:
            texts[rel] = text
    return Baseline.build(source, listing, texts)
