"""Flatten the GitHub facts for the cohort table and turn the notable ones into warnings.

Pure functions of `snapshot["github"]` (None when the repo is not on GitHub or the API was off),
so tables/export need no knowledge of the facts' nesting. Column values are plain scalars.
"""

from __future__ import annotations

from typing import Any

from harvester.github.facts import NO_DEADLINE_COMMIT

GITHUB_COLUMNS = (
    "gh_status",
    "gh_accessible",
    "gh_visibility",
    "gh_archived",
    "gh_renamed_to",
    "gh_pushed_after_deadline",
    "gh_contributors",
    "gh_prs_open",
    "gh_prs_closed",
    "gh_prs_merged",
    "gh_actions_runs",
    "gh_actions_success",
    "gh_actions_failure",
    "gh_actions",
    "gh_late_pushes",
    "gh_late_pushes_complete",
    "gh_latest_push",
    "gh_problems",
)


def github_columns(facts: dict[str, Any] | None) -> dict[str, Any]:
    """A flat row fragment for the groups table: GITHUB_COLUMNS, None when unknown."""
    row: dict[str, Any] = dict.fromkeys(GITHUB_COLUMNS)
    if not facts:
        return row
    pulls = facts.get("pull_requests") or {}
    actions = facts.get("actions") or {}
    counts = actions.get("by_conclusion") or {}
    pushes = facts.get("pushes_after_deadline") or {}
    contributors = facts.get("contributors")
    row.update(
        gh_status=facts.get("status"),
        gh_accessible=facts.get("accessible"),
        gh_visibility=facts.get("visibility"),
        gh_archived=facts.get("archived"),
        gh_renamed_to=facts.get("renamed_to"),
        gh_pushed_after_deadline=facts.get("pushed_after_deadline"),
        gh_contributors=len(contributors) if isinstance(contributors, list) else None,
        gh_prs_open=pulls.get("open"),
        gh_prs_closed=pulls.get("closed"),
        gh_prs_merged=pulls.get("merged"),
        gh_actions_runs=actions.get("total"),
        gh_actions_success=counts.get("success", 0) if actions else None,
        gh_actions_failure=counts.get("failure", 0) if actions else None,
        gh_actions=", ".join(f"{k} {v}" for k, v in counts.items()) if actions else None,
        gh_late_pushes=pushes.get("count"),
        gh_late_pushes_complete=pushes.get("complete"),
        gh_latest_push=pushes.get("latest"),
        gh_problems=_problems(facts) or None,
    )
    return row


def github_warnings(facts: dict[str, Any] | None) -> list[dict[str, str]]:
    """Warnings in snapshot form ({kind, detail}) for what a grader should look at."""
    if not facts:
        return []
    out: list[dict[str, str]] = []
    repo = facts.get("repo")
    status = facts.get("status")
    if status == "renamed":
        out.append(_w("github_renamed", f"{repo} is now {facts.get('renamed_to')} on GitHub"))
    elif status in ("not_found", "forbidden", "unauthorized", "unavailable"):
        detail = f"GitHub API: {repo} is {status.replace('_', ' ')}"
        out.append(_w("github_inaccessible", detail))
    pushes = facts.get("pushes_after_deadline") or {}
    if pushes.get("count"):
        refs = sorted({p.get("ref") or "?" for p in pushes.get("pushes") or []})
        detail = (
            f"{pushes['count']} push(es) after the deadline, latest {pushes.get('latest')}"
            f" ({', '.join(refs)})"
        )
        out.append(_w("github_push_after_deadline", detail))
    elif facts.get("pushed_after_deadline") and pushes.get("complete") is not True:
        out.append(
            _w(
                "github_push_after_deadline",
                f"GitHub says the last push was at {facts.get('pushed_at')}, after the deadline",
            )
        )
    failed = (facts.get("actions") or {}).get("by_conclusion", {}).get("failure")
    if failed:
        detail = f"{failed} workflow run(s) failed on the deadline commit"
        out.append(_w("github_actions_failed", detail))
    if facts.get("archived"):
        out.append(_w("github_archived", f"{repo} is archived"))
    problems = _problems(facts)
    if problems:
        out.append(_w("github_incomplete", problems))
    return out


def _problems(facts: dict[str, Any]) -> str:
    """Errors and skips in one line; an inaccessible repo's own 404/403 is not repeated."""
    parts = [
        f"{e.get('endpoint')}: {e.get('message')}"
        for e in facts.get("errors") or []
        if not (e.get("endpoint") == "repository" and facts.get("accessible") is False)
    ]
    if facts.get("accessible") is not False:
        skipped = (facts.get("skipped") or {}).items()
        parts += [f"{k} skipped ({v})" for k, v in skipped if v != NO_DEADLINE_COMMIT]
    return "; ".join(parts)


def _w(kind: str, detail: str) -> dict[str, str]:
    return {"kind": kind, "detail": detail}
