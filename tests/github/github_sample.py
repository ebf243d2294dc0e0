"""Sample data for the GitHub tests: the deadline, a token, and a busy group repository."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from github_fake_server import FakeGitHub, FakeRepo

# The January 2026 hand-in: 23:59 Copenhagen time is 22:59 UTC.
DEADLINE = datetime(2026, 1, 24, 23, 59, tzinfo=ZoneInfo("Europe/Copenhagen"))
NOW = datetime(2026, 1, 26, 10, 0, tzinfo=UTC)  # the TA harvests a day and a half later
DEADLINE_SHA = "3f5c2e9a7b1d4c6e8f0a2b4c6d8e0f1a3b5c7d9e"
OTHER_SHA = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
TOKEN = "ghp_Harv3sterT0kenN3verPr1nted0123456789"


def z(value: datetime) -> str:
    """GitHub's time format."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cohort_repo(fake: FakeGitHub, full_name: str = "dtu-mlops-g7/mlops_project") -> FakeRepo:
    """A busy group repository: 130 contributors (2 pages), 250 PRs (3 pages), 3 runs of the
    deadline commit among others, and 154 events of which 4 come after the deadline."""
    contributors = [
        {"login": f"student{i:03d}", "id": i, "contributions": 200 - i, "type": "User"}
        for i in range(130)
    ]
    pulls = []
    for i in range(250):
        kind = i % 5  # 0 open, 1-3 merged, 4 closed without merging
        merged_at = None
        if kind in (1, 2, 3):  # the first 30 PRs were merged after the deadline
            merged_at = "2026-01-25T10:00:00Z" if i < 30 else "2026-01-20T10:00:00Z"
        pulls.append(
            {
                "number": 250 - i,
                "state": "open" if kind == 0 else "closed",
                "merged_at": merged_at,
            }
        )
    runs = [
        _run(1, "Unit tests", DEADLINE_SHA, "completed", "success", "push"),
        _run(2, "Code linting", DEADLINE_SHA, "completed", "failure", "push"),
        _run(3, "Build docker image", DEADLINE_SHA, "in_progress", None, "push"),
        _run(4, "Unit tests", OTHER_SHA, "completed", "success", "push"),
        _run(5, "Code linting", OTHER_SHA, "completed", "success", "pull_request"),
    ]
    after = DEADLINE.astimezone(UTC)
    events = [
        _event("PushEvent", after + timedelta(hours=11), "refs/heads/main", "c" * 40, "alice"),
        _event("WatchEvent", after + timedelta(hours=5), None, None, "bob"),
        _event(
            "PushEvent", after + timedelta(hours=2, minutes=31), "refs/heads/fix", "d" * 40, "bob"
        ),
        _event("IssuesEvent", after + timedelta(minutes=1), None, None, "alice"),
    ]
    for i in range(150):  # the weeks before the deadline, newest first
        kind = "PushEvent" if i % 3 == 0 else "PullRequestEvent"
        events.append(
            _event(kind, after - timedelta(hours=1 + 3 * i), "refs/heads/main", "e" * 40, "carol")
        )
    return fake.add_repo(
        full_name,
        contributors=contributors,
        pulls=pulls,
        runs=runs,
        events=events,
        pushed_at="2026-01-25T09:58:00Z",
    )


def _run(rid: int, name: str, sha: str, status: str, conclusion: str | None, event: str) -> dict:
    return {
        "id": rid,
        "name": name,
        "head_sha": sha,
        "status": status,
        "conclusion": conclusion,
        "event": event,
        "html_url": f"https://github.com/dtu-mlops-g7/mlops_project/actions/runs/{rid}",
        "created_at": "2026-01-24T22:40:00Z",
    }


def _event(kind: str, at: datetime, ref: str | None, head: str | None, actor: str) -> dict:
    payload = {"ref": ref, "head": head, "before": "0" * 40} if kind == "PushEvent" else {}
    return {"type": kind, "created_at": z(at), "actor": {"login": actor}, "payload": payload}
