"""Harvest one group: remote refs -> cache -> deadline commit -> snapshot folder.

`fetch_group` never raises for a problem with the group's repository: every outcome is a
snapshot dict with a status (see docs/CONTRACTS.md), also written to snapshot.json.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from harvester.atomic import atomic_write_json
from harvester.fetch import gitops, report_file, tree
from harvester.fetch.cache import GitCache, Remote, ls_remote, make_remote, resolve_branch
from harvester.fetch.deadline import (
    backdated_ancestors,
    commits_after,
    commits_dated_after,
    merged_after_deadline,
    parse_log,
    select_deadline_commit,
)
from harvester.fetch.gitops import GitError, scrub
from harvester.fetch.history import write_history
from harvester.fetch.snapshot import (
    GOOD,
    SNAPSHOT_FORMAT,
    clean_leftovers,
    execute_plan,
    new_workdir,
    outputs_present,
    plan_outputs,
    publish,
    read_snapshot,
    warning,
    write_json_file,
)
from harvester.layout import OutputLayout
from harvester.roster import Group
from harvester.timeutil import iso

GithubHook = Callable[[Group, dict], "dict | None"]
MB = 2**20


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 300.0  # seconds, per git operation
    max_file_bytes: int = 20 * MB  # files in reports/ above this are skipped (never fetched)
    max_evidence_bytes: int = MB // 2  # per evidence file (source/config text)
    max_evidence_files: int = tree.MAX_EVIDENCE_FILES  # per repository, most telling first
    max_evidence_total_bytes: int = 8 * MB  # per repository
    max_report_files: int = 5000
    attempts: int = 3  # tries for transient network errors
    backoff: float = 1.0  # seconds before the 2nd try, doubled after
    # The previous harvest into this output died (see HarvestLock.took_over): remove what it
    # left in the cache (git lock files, temp clones). Only safe under the harvest lock.
    recover: bool = False

    @property
    def limits(self) -> dict:
        return {
            "max_file_bytes": self.max_file_bytes,
            "max_evidence_bytes": self.max_evidence_bytes,
            "max_evidence_files": self.max_evidence_files,
            "max_evidence_total_bytes": self.max_evidence_total_bytes,
            "max_report_files": self.max_report_files,
        }


class _Unreachable(Exception):
    pass


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def base_snapshot(group: Group, deadline: datetime, opts: FetchOptions) -> dict:
    """Every key of the contract, in its order, with 'nothing known yet' values."""
    return {
        "group": group.id,
        "repo": group.repo,
        "status": "error",
        "error": None,
        "deadline": iso(deadline),
        "branch": group.branch,
        "deadline_commit": None,
        "head": None,
        "commits_after_deadline": 0,
        "reports_changed_after_deadline": False,
        "late_report_files": [],
        "report_path": None,
        "report_source": None,
        "report_path_roster": group.report_path,
        "fetched_at": now_iso(),
        "stale": False,
        "warnings": [],
        "github": None,
        "commits_dated_after_deadline": 0,
        "reports_tree": None,
        "reports_files": 0,
        "report_candidates": [],
        "lfs_files": [],
        "evidence_files": [],
        "files_count": 0,
        "limits": opts.limits,
        "format": SNAPSHOT_FORMAT,
        "fetch": {"mode": None, "action": None, "bytes": 0, "seconds": 0.0},
    }


def fetch_group(
    group: Group,
    deadline: datetime,
    layout: OutputLayout,
    *,
    timeout: float | None = None,
    max_file_bytes: int | None = None,
    github: GithubHook | None = None,
    options: FetchOptions | None = None,
) -> dict:
    """Harvest one group into layout.group_dir(group.id); return its snapshot dict.

    The group's own deadline (roster override) wins over `deadline`. Never raises for a bad
    repository; a previous good snapshot is kept (marked stale) when the repo now fails.
    """
    opts = options or FetchOptions()
    if timeout is not None:
        opts = replace(opts, timeout=timeout)
    if max_file_bytes is not None:
        opts = replace(opts, max_file_bytes=max_file_bytes)
    effective = group.deadline or deadline
    started = time.monotonic()
    group_dir = layout.group_dir(group.id)
    clean_leftovers(group_dir)
    old = read_snapshot(layout.snapshot(group.id))
    snap = base_snapshot(group, effective, opts)
    remote = make_remote(group)
    cache = GitCache(
        layout.cache_dir,
        group,
        remote,
        timeout=opts.timeout,
        attempts=opts.attempts,
        backoff=opts.backoff,
    )
    workdir = None
    reused = False
    try:
        if opts.recover:
            cache.clean_leftovers()
        reused = _harvest(group, effective, cache, remote, opts, old, snap, group_dir)
        if not reused and snap["status"] == "pending":
            workdir = new_workdir(group_dir)
            _materialize(cache, snap, workdir, opts, group.report_path)
    except Exception as exc:  # noqa: BLE001 - one group must never stop the run
        if gitops.stopping():  # Ctrl-C: write nothing for this group, the next run redoes it
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)
            raise gitops.Interrupted("harvest interrupted") from exc
        snap["status"] = "unreachable" if isinstance(exc, _Unreachable) else "error"
        if isinstance(exc, _Unreachable):
            snap["error"] = str(exc)
        elif isinstance(exc, GitError):
            snap["error"] = exc.message
        else:
            snap["error"] = scrub(f"{type(exc).__name__}: {exc}", remote.secrets)
    if snap["status"] not in GOOD and workdir is not None:
        shutil.rmtree(workdir, ignore_errors=True)  # never publish half a folder
        workdir = None
    snap["fetch"]["bytes"] = cache.fetched_bytes
    snap["fetch"]["seconds"] = round(time.monotonic() - started, 3)
    snap = _keep_previous(old, snap)
    _note_moved_deadline_commit(old, snap)
    if github is not None:
        _call_github(github, group, snap, remote)
    if reused and not snap["stale"] and _stable(snap) == _stable(old or {}):
        snap["fetched_at"] = old["fetched_at"]  # nothing changed: the file stays as it is
    elif snap["stale"] or reused:
        atomic_write_json(layout.snapshot(group.id), snap)
    else:
        publish(group_dir, workdir or new_workdir(group_dir), snap)
    return snap


#: Facts about one run rather than about the repository (ignored when comparing snapshots).
RUN_KEYS = ("fetched_at", "fetch", "checked_at")


def _stable(snap: dict) -> dict:
    return {k: v for k, v in snap.items() if k not in RUN_KEYS}


def _harvest(
    group: Group,
    deadline: datetime,
    cache: GitCache,
    remote: Remote,
    opts: FetchOptions,
    old: dict | None,
    snap: dict,
    group_dir,
) -> bool:
    """Fill snap from git; True when the previous snapshot's folders can be kept as they are."""
    try:
        refs, smart = ls_remote(
            remote,
            timeout=opts.timeout,
            attempts=opts.attempts,
            backoff=opts.backoff,
            scratch=cache.dir,
        )
    except GitError as exc:
        raise _Unreachable(exc.describe(snap["repo"])) from None
    if not refs.branches:
        snap["status"] = "empty_repo"
        snap["error"] = "the repository has no branches (nothing was ever pushed)"
        return False
    branch = resolve_branch(refs, group.branch)
    if branch is None:
        snap["status"] = "no_branch"
        wanted = group.branch or "default branch (remote HEAD)"
        snap["error"] = f"no branch {wanted!r}; branches: {', '.join(sorted(refs.branches))}"
        return False
    snap["branch"] = branch
    tip = refs.branches[branch]
    try:
        action = cache.sync(branch, tip, smart=smart)
    except GitError as exc:
        raise _Unreachable(exc.describe(snap["repo"])) from None
    snap["fetch"]["action"] = action
    snap["fetch"]["mode"] = cache.mode
    tip = cache.local_tip(branch) or tip

    if action == "up_to_date" and _unchanged(old, snap, tip, group_dir):
        _reuse(old, snap, keep_head=True)
        snap["fetch"]["action"] = "reused"
        return True

    watched = report_file.watched_folder(group.report_path)
    commits = parse_log(cache.log(f"refs/heads/{branch}"))
    by_sha = {c.sha: c for c in commits}
    head = by_sha[tip]
    snap["head"] = {"sha": head.sha, "time": head.ctime_iso}
    chosen = select_deadline_commit(commits, deadline, tip)
    snap["commits_after_deadline"] = commits_after(commits, tip, chosen.sha if chosen else None)
    snap["commits_dated_after_deadline"] = commits_dated_after(commits, deadline)
    if chosen is None:
        snap["status"] = "no_commit_before_deadline"
        first = min(commits, key=lambda c: c.ctime).ctime_iso if commits else None
        snap["error"] = (
            f"no commit of {branch!r}'s own history is at or before the deadline (first: {first})"
        )
        late = cache.touched(tip, watched)
    else:
        snap["deadline_commit"] = {
            "sha": chosen.sha,
            "time": chosen.ctime_iso,
            "subject": chosen.subject,
        }
        _note_suspicious_history(commits, tip, chosen, deadline, branch, snap)
        late = set()
        if chosen.sha != tip:
            late = cache.touched(f"{chosen.sha}..{tip}", watched) | cache.changed(
                chosen.sha, tip, watched
            )
    snap["late_report_files"] = sorted(tree.show(p) for p in late)
    snap["reports_changed_after_deadline"] = bool(late)
    if chosen is None:
        return False
    if (
        old is not None
        and old.get("status") in GOOD
        and (old.get("deadline_commit") or {}).get("sha") == chosen.sha
        and _same_output_rules(old, snap)
        and outputs_present(group_dir, old)
    ):
        _reuse(old, snap, keep_head=False)
        return True
    snap["status"] = "pending"
    return False


def _same_output_rules(old: dict, snap: dict) -> bool:
    """Same rules and repo, and nothing optional was missing (a missing file is tried again)."""
    return (
        old.get("format") == snap["format"]
        and old.get("limits") == snap["limits"]
        and old.get("repo") == snap["repo"]
        and old.get("report_path_roster") == snap["report_path_roster"]
        and not any(w.get("kind") == "optional_missing" for w in old.get("warnings") or [])
    )


def _unchanged(old: dict | None, snap: dict, tip: str, group_dir) -> bool:
    """Same repo, branch, deadline, head and rules as the previous snapshot: nothing to redo."""
    return (
        old is not None
        and old.get("status") in (*GOOD, "no_commit_before_deadline")
        and _same_output_rules(old, snap)
        and old.get("branch") == snap["branch"]
        and old.get("deadline") == snap["deadline"]
        and (old.get("head") or {}).get("sha") == tip
        and outputs_present(group_dir, old)
    )


#: Keys that describe the deadline commit's content (what the group folder holds).
_CONTENT_KEYS = (
    "status",
    "error",
    "deadline_commit",
    "report_path",
    "report_source",
    "warnings",
    "reports_tree",
    "reports_files",
    "report_candidates",
    "lfs_files",
    "evidence_files",
    "evidence_not_read",
    "files_count",
)
_HEAD_KEYS = (
    "head",
    "commits_after_deadline",
    "commits_dated_after_deadline",
    "reports_changed_after_deadline",
    "late_report_files",
)


def _reuse(old: dict, snap: dict, *, keep_head: bool) -> None:
    """Carry the previous snapshot's content facts over (its folders are kept as they are)."""
    for key in _CONTENT_KEYS + (_HEAD_KEYS if keep_head else ()):
        if key in old:
            snap[key] = old[key]
    if old.get("stale"):  # the content's own error, not the failure that made it stale
        snap["error"] = old.get("content_error")
    snap["warnings"] = [w for w in snap["warnings"] if w.get("kind") != "stale"]


def _materialize(
    cache: GitCache, snap: dict, workdir, opts: FetchOptions, roster_path: str | None = None
) -> None:
    """Listing, reports/ and evidence/ of the deadline commit into workdir; sets the status."""
    sha = snap["deadline_commit"]["sha"]
    entries = tree.parse_ls_tree(cache.ls_tree(sha))
    write_json_file(workdir / "files.json", {"commit": sha, "files": tree.listing(entries)})
    snap["files_count"] = sum(1 for e in entries if e.kind != "tree")
    location = report_file.locate(entries, roster_path)
    reports = report_file.archived_entries(entries, location)
    top = next((e for e in entries if e.path == tree.REPORTS and e.kind != "tree"), None)
    if top is not None and not roster_path:
        snap["warnings"].append(
            warning(
                "reports_not_a_folder",
                f"reports is a {top.kind}, not a folder; not followed",
                "reports",
            )
        )
    report = location.report
    candidates = tree.evidence_entries(entries)
    evidence = candidates[: opts.max_evidence_files]
    snap["reports_tree"] = report_file.folder_tree(entries, location)
    snap["report_candidates"] = report_file.candidates(entries, report)
    warnings = snap["warnings"]
    try:
        contents = cache.ensure_contents(
            snap["reports_tree"],
            [e.oid for e in reports if e.type == "blob"],
            [e.oid for e in evidence],
            opts.max_file_bytes,
            snap["branch"],
            report=report.oid if report is not None else None,
        )
    except GitError as exc:
        raise _Unreachable(exc.describe(snap["repo"])) from None
    snap["fetch"]["mode"] = cache.mode
    evidence = tree.evidence_budget(
        evidence, contents.sizes, opts.max_evidence_total_bytes, opts.max_evidence_bytes
    )
    if len(evidence) < len(candidates):
        snap["warnings"].append(
            warning(
                "evidence_capped",
                f"{len(candidates) - len(evidence)} of {len(candidates)} source/config files "
                f"were not read for the evidence check (over {opts.max_evidence_files} files or "
                f"{opts.max_evidence_total_bytes / MB:g} MB)",
            )
        )
    reason = cache.full_reason
    if reason:
        warnings.append(warning("full_fetch", _FULL_REASONS.get(reason, reason)))
    plan = plan_outputs(
        workdir,
        reports,
        evidence,
        contents.sizes,
        missing=contents.missing,
        location=location,
        max_file_bytes=opts.max_file_bytes,
        max_evidence_bytes=opts.max_evidence_bytes,
        max_report_files=opts.max_report_files,
    )
    lfs, written_warnings = execute_plan(plan, cache.stream)
    warnings.extend(plan.warnings)
    warnings.extend(written_warnings)
    snap["lfs_files"] = lfs
    snap["evidence_files"] = plan.evidence_files
    snap["evidence_not_read"] = len(candidates) - len(plan.evidence_files)
    snap["reports_files"] = plan.reports_files
    write_history(cache.main, sha, workdir, timeout=opts.timeout)
    if report is None:
        snap["status"] = "no_report"
        snap["error"] = location.error
        for other in snap["report_candidates"]:
            warnings.append(
                warning("report_elsewhere", f"no {report_file.DEFAULT}, but found {other}", other)
            )
        return
    shown = report.display
    if shown not in plan.archived:
        snap["status"] = "no_report"
        snap["error"] = f"{shown} could not be copied (see warnings)"
        return
    snap["status"] = "ok"
    snap["report_path"] = location.archived_as
    snap["report_source"] = shown
    if not location.exact:
        warnings.append(warning("report_name", f"the report is named {shown}", shown))
    elif roster_path and shown != report_file.DEFAULT:
        what = f"{tree.show(location.folder)}/ is" if location.folder else "only the file is"
        warnings.append(
            warning(
                "report_path",
                f"the report is {shown}, as the roster's report_path says ({what} archived as "
                "reports/)",
                shown,
            )
        )


_FULL_REASONS = {
    "bundle": "git bundle: partial clone is impossible, fetched everything",
    "dumb_http": "dumb HTTP server: partial clone is impossible, fetched everything",
    "no_filter": "the server does not support partial clone; fetched everything",
    "fallback": "the server refused to send single files; fetched everything",
}

#: New statuses after which a previous good snapshot is kept (marked stale) instead of dropped.
_KEEP_ON = ("unreachable", "error", "empty_repo", "no_branch", "no_commit_before_deadline")
#: Statuses that say nothing about the repository's content: it could not be read at all.
_FAILED = ("unreachable", "error")


def _keep_previous(old: dict | None, snap: dict) -> dict:
    """Never lose a good snapshot: an unreachable/broken repo keeps the last good one, stale.

    For statuses the repo itself reports (empty, branch gone, history rewritten to after the
    deadline) the old snapshot is kept only when it answered the same question (same deadline
    and repository). When the roster names another repository that cannot be read (often a
    typo), the old one is kept too: only a readable new repository replaces it.
    """
    if old is None or old.get("status") not in GOOD or snap["status"] not in _KEEP_ON:
        return snap
    if snap["status"] not in _FAILED and (
        old.get("repo") != snap["repo"] or old.get("deadline") != snap["deadline"]
    ):
        return snap
    kept = dict(old)
    kept["stale"] = True
    kept["content_error"] = old.get("content_error") if old.get("stale") else old.get("error")
    kept["error"] = f"{snap['status']}: {snap['error']}"
    kept["checked_at"] = snap["fetched_at"]
    kept["fetch"] = {**snap["fetch"], "action": "stale"}
    detail = (
        f"the repository now fails ({snap['status']}); keeping the snapshot fetched at "
        f"{old.get('fetched_at')}"
    )
    if old.get("repo") != snap["repo"]:
        changed = _repo_changed(old, snap)
        kept["error"] = f"{snap['status']}: {changed}; {snap['error']}"
        detail = (
            f"{changed}; keeping the snapshot of {old.get('repo')} fetched at "
            f"{old.get('fetched_at')} (fix the roster's URL if it is a typo)"
        )
    if old.get("deadline") != snap["deadline"]:
        detail += f" for deadline {old.get('deadline')} (now {snap['deadline']})"
    kept["warnings"] = [w for w in old.get("warnings", []) if w.get("kind") != "stale"]
    kept["warnings"].append(warning("stale", detail))
    return kept


def _repo_changed(old: dict, snap: dict) -> str:
    """The sentence that shows a TA the roster now points elsewhere (display URLs only)."""
    failed = "could not be reached" if snap["status"] == "unreachable" else "could not be read"
    return (
        f"the roster's repository changed from {old.get('repo')} to {snap['repo']}, which {failed}"
    )


def _note_suspicious_history(
    commits: list, tip: str, chosen, deadline: datetime, branch: str, snap: dict
) -> None:
    """Warn about history that makes "the branch at the deadline" doubtful (git-only evidence)."""
    merged = merged_after_deadline(commits, tip, chosen.sha, deadline)
    if merged:
        snap["warnings"].append(
            warning(
                "merged_after_deadline",
                f"{merged} commit(s) dated before the deadline reached {branch!r} only through a "
                "merge after it; they are not in this snapshot",
            )
        )
    backdated = backdated_ancestors(commits, chosen.sha, deadline)
    if backdated:
        snap["warnings"].append(
            warning(
                "backdated",
                f"the deadline commit {chosen.sha[:12]} sits on {backdated} commit(s) dated after "
                "the deadline: its date was rewritten to look on time; check the push times",
            )
        )


def _note_moved_deadline_commit(old: dict | None, snap: dict) -> None:
    """Remember every deadline commit an earlier harvest saw, and warn while they differ.

    With the same deadline the deadline commit can only change when a commit dated before the
    deadline arrives later (backdated) or history is rewritten: staff must see that, every run.
    """
    history = list((old or {}).get("deadline_commit_history") or [])
    before = (old or {}).get("deadline_commit") or {}
    now = snap.get("deadline_commit") or {}
    same_question = old is not None and old.get("deadline") == snap.get("deadline")
    if (
        same_question
        and not snap.get("stale")
        and before.get("sha")
        and now.get("sha")
        and before["sha"] != now["sha"]
        and before["sha"] not in {h.get("sha") for h in history}
    ):
        history.append({**before, "seen_at": old.get("fetched_at")})
    if not history:
        return
    snap["deadline_commit_history"] = history
    warnings = snap.setdefault("warnings", [])
    for earlier in history:
        if earlier.get("sha") == now.get("sha"):
            continue
        detail = (
            f"the deadline commit changed: a harvest at {earlier.get('seen_at')} saw "
            f"{str(earlier.get('sha'))[:12]} ({earlier.get('time')}), now it is "
            f"{str(now.get('sha'))[:12]} ({now.get('time')}); a backdated commit was pushed "
            "after that harvest, or history was rewritten"
        )
        if not any(w.get("kind") == "deadline_commit_changed" and w.get("detail") == detail
                   for w in warnings):  # fmt: skip
            warnings.append(warning("deadline_commit_changed", detail))


def _call_github(github: GithubHook, group: Group, snap: dict, remote: Remote) -> None:
    """The optional GitHub facts; its failure is a warning, never a failed group."""
    try:
        snap["github"] = github(group, snap)
    except Exception as exc:  # noqa: BLE001 - an optional add-on must not fail the group
        snap["warnings"].append(
            warning(
                "github",
                scrub(
                    "GitHub facts (contributors, pull requests, Actions runs, push times) are "
                    f"missing: the GitHub API check failed: {type(exc).__name__}: {exc}",
                    remote.secrets,
                ),
            )
        )
