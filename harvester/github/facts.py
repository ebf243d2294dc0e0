"""The GitHub facts we keep per group, for `snapshot.json["github"]`.

Each endpoint is its own step: one that fails becomes an entry in `errors`, one we did not call
(rate limit, unreachable API, inaccessible repo) an entry in `skipped` with the reason, and the
others still count. The summaries are pure functions of the JSON GitHub returned, so they are
tested without a server. Commit dates can be forged by students; push times (events) cannot,
which is why pushes after the deadline are collected at all.

Shape (every key always present; a fact we could not get is null, with the reason in `errors`
or `skipped`; times are UTC ISO 8601 with a Z):
    repo "owner/name" as in the roster; full_name, html_url: as GitHub has it now
    status: ok | renamed | not_found | forbidden | unauthorized | unavailable | rate_limited
            | unreachable | error;  accessible: true | false | null (unknown);  renamed_to
    default_branch, visibility (public/private/internal), archived, pushed_at,
    pushed_after_deadline (pushed_at > deadline: any branch, any time, no 90-day limit)
    contributors: [{login, commits}]   (default branch, all time, GitHub's order)
    pull_requests: {open, closed, merged, merged_by_deadline, total, source, truncated}
    actions: {head_sha, total, by_conclusion: {conclusion-or-status: n}, runs: [{name, status,
              conclusion, url, event, created_at}], truncated}
    pushes_after_deadline: {count, latest, pushes: [{at, ref, head, actor}], events_seen,
              oldest_event, complete, truncated, note}
    errors: [{endpoint, status, message}];  skipped: {fact: reason}
    rate_limit: {limit, remaining, reset, source} | null;  deadline, deadline_sha, collected_at
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from harvester.github.client import (
    ApiResponse,
    GitHubClient,
    GitHubError,
    Paged,
    RateLimitedError,
    UnreachableError,
)
from harvester.github.urls import parse_github_repo

FACTS = ("repository", "contributors", "pull_requests", "actions", "pushes_after_deadline")
EVENTS_WINDOW = timedelta(days=90)
EVENTS_CAP = 300
EVENTS_NOTE = (
    "From GitHub's repository events API, which keeps only the last 90 days and at most 300"
    " events, and may lag by minutes to hours; older pushes are not visible here."
)
PULLS_SOURCE = (
    "GET /repos/{owner}/{repo}/pulls?state=all, every page; 'closed' includes merged, as on GitHub"
)
MAX_LISTED_PUSHES = 50
NO_DEADLINE_COMMIT = "no deadline commit"
_STATUS_BY_HTTP = {401: "unauthorized", 403: "forbidden", 404: "not_found", 451: "unavailable"}


def collect_github_facts(
    client: GitHubClient, repo_url: str, *, deadline: datetime, deadline_sha: str | None
) -> dict[str, Any] | None:
    """JSON-serialisable GitHub facts for a group's repository; None when it is not on GitHub."""
    parsed = parse_github_repo(repo_url, hosts=client.web_hosts)
    if parsed is None:
        return None
    owner, name = parsed
    if deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)  # an aware deadline is the contract; never crash
    facts = _blank(f"{owner}/{name}", deadline, deadline_sha, client)
    full = _collect_repository(client, owner, name, deadline, facts)
    steps: dict[str, Callable[[str], Any]] = {
        "contributors": lambda repo: contributors(client.get_all(f"/repos/{repo}/contributors")),
        "pull_requests": lambda repo: _pull_requests(client, repo, deadline),
        "actions": lambda repo: _actions(client, repo, deadline_sha),
        "pushes_after_deadline": lambda repo: _pushes(client, repo, deadline),
    }
    for fact, step in steps.items():
        if full is None:
            facts["skipped"][fact] = facts["skipped"].get("repository") or (
                f"repository {facts['status']}"
            )
        elif fact == "actions" and not deadline_sha:
            facts["skipped"][fact] = NO_DEADLINE_COMMIT
        else:
            value = _attempt(client, facts, fact, lambda s=step, r=full: s(r))
            if value is not _FAILED:
                facts[fact] = value
                if isinstance(value, dict) and value.get("truncated"):
                    msg = "stopped at the page limit; the numbers are partial"
                    _error(client, facts, fact, None, msg)
    facts["rate_limit"] = rate_limit(client)
    return facts


def _blank(repo: str, deadline: datetime, sha: str | None, client: GitHubClient) -> dict[str, Any]:
    return {
        "repo": repo,
        "full_name": None,
        "html_url": None,
        "status": None,
        "accessible": None,
        "renamed_to": None,
        "default_branch": None,
        "visibility": None,
        "archived": None,
        "pushed_at": None,
        "pushed_after_deadline": None,
        "contributors": None,
        "pull_requests": None,
        "actions": None,
        "pushes_after_deadline": None,
        "errors": [],
        "skipped": {},
        "rate_limit": None,
        "deadline": deadline.isoformat(),
        "deadline_sha": sha,
        "collected_at": _iso(datetime.fromtimestamp(client.clock(), UTC)),
    }


_FAILED = object()


def _attempt(
    client: GitHubClient, facts: dict[str, Any], fact: str, step: Callable[[], Any]
) -> Any:
    """Run one step; problems become `errors`/`skipped` entries and the result _FAILED."""
    blocked = client.blocked_reason()
    if blocked:
        facts["skipped"][fact] = blocked
        return _FAILED
    try:
        return step()
    except (RateLimitedError, UnreachableError) as exc:
        facts["skipped"][fact] = client.blocked_reason() or client.scrub(str(exc))
    except GitHubError as exc:
        _error(client, facts, fact, exc.status, str(exc))
    except Exception as exc:  # a malformed answer must not lose the other facts
        _error(client, facts, fact, None, f"unexpected response: {type(exc).__name__}: {exc}")
    return _FAILED


def _error(client: GitHubClient, facts: dict[str, Any], fact: str, status: int | None, msg: str):
    facts["errors"].append({"endpoint": fact, "status": status, "message": client.scrub(msg)[:300]})


# --- repository --------------------------------------------------------------------------------


def _collect_repository(
    client: GitHubClient, owner: str, name: str, deadline: datetime, facts: dict[str, Any]
) -> str | None:
    """Fill the repository fields; the full name to use for the other calls, None if closed."""
    asked = f"{owner}/{name}"
    resp: ApiResponse | Any = _attempt(
        client, facts, "repository", lambda: client.get(f"/repos/{asked}")
    )
    if resp is _FAILED:
        if "repository" in facts["skipped"]:
            reason = facts["skipped"]["repository"]
            facts["status"] = "rate_limited" if reason.startswith("rate") else "unreachable"
            return None
        facts["status"] = "error"
        return asked  # a 5xx or timeout here says nothing about the other endpoints: try them
    if resp.status == 200 and isinstance(resp.data, dict):
        facts.update(repository_fields(resp.data, asked, deadline))
        return facts["full_name"]
    status = _STATUS_BY_HTTP.get(resp.status, "error")
    facts["status"] = status
    facts["accessible"] = False if status != "error" else None
    message = f"HTTP {resp.status}" + (f": {resp.message[:200]}" if resp.message else "")
    if resp.status == 404 and not client.authenticated:
        message += " (a private repository also answers 404 without a token)"
    _error(client, facts, "repository", resp.status, message)
    return None if status != "error" else asked  # an odd answer: the others may still work


def repository_fields(data: dict[str, Any], asked: str, deadline: datetime) -> dict[str, Any]:
    """Metadata from GET /repos/{o}/{r}; a different full name means GitHub renamed/moved it."""
    full = data.get("full_name")
    parsed = parse_github_repo(f"github.com/{full}") if isinstance(full, str) else None
    if parsed is None or "/".join(parsed) != full:
        full = asked  # it goes into our request paths: only a plain owner/name may
    renamed = full.lower() != asked.lower()
    visibility = data.get("visibility")
    if visibility not in ("public", "private", "internal"):
        visibility = "private" if data.get("private") else "public"
    pushed = _when(data.get("pushed_at"))
    return {
        "full_name": full,
        "html_url": data.get("html_url"),
        "status": "renamed" if renamed else "ok",
        "accessible": True,
        "renamed_to": full if renamed else None,
        "default_branch": data.get("default_branch"),
        "visibility": visibility,
        "archived": bool(data.get("archived", False)),
        "pushed_at": _iso(pushed),
        "pushed_after_deadline": (pushed > deadline) if pushed else None,
    }


# --- the other endpoints -----------------------------------------------------------------------


def contributors(paged: Paged) -> list[dict[str, Any]]:
    """Login and commit count (default branch, GitHub's order: most commits first)."""
    return [
        {"login": c.get("login"), "commits": int(c.get("contributions") or 0)}
        for c in paged.items
        if isinstance(c, dict)
    ]


def _pull_requests(client: GitHubClient, repo: str, deadline: datetime) -> dict[str, Any]:
    paged = client.get_all(f"/repos/{repo}/pulls", {"state": "all"})
    return {**summarize_pulls(paged.items, deadline), "truncated": paged.truncated}


def summarize_pulls(pulls: list[Any], deadline: datetime) -> dict[str, Any]:
    """Open/closed/merged counts; listing pulls costs ~1 call per 100 PRs of the core quota,
    where the search API would cost 3 calls per group of its 30-a-minute quota."""
    items = [p for p in pulls if isinstance(p, dict)]
    merged = [_when(p.get("merged_at")) for p in items if p.get("merged_at")]
    return {
        "open": sum(p.get("state") == "open" for p in items),
        "closed": sum(p.get("state") == "closed" for p in items),
        "merged": len(merged),
        "merged_by_deadline": sum(1 for m in merged if m is not None and m <= deadline),
        "total": len(items),
        "source": PULLS_SOURCE,
    }


def _actions(client: GitHubClient, repo: str, sha: str | None) -> dict[str, Any]:
    paged = client.get_all(f"/repos/{repo}/actions/runs", {"head_sha": sha}, key="workflow_runs")
    return {**summarize_runs(paged.items, sha or ""), "truncated": paged.truncated}


def summarize_runs(runs: list[Any], sha: str) -> dict[str, Any]:
    """Workflow runs of the deadline commit; unfinished runs are counted under their status."""
    mine = [
        r
        for r in runs
        if isinstance(r, dict) and str(r.get("head_sha") or sha).lower() == sha.lower()
    ]
    listed = [
        {
            "name": r.get("name"),
            "status": r.get("status"),
            "conclusion": r.get("conclusion"),
            "url": r.get("html_url"),
            "event": r.get("event"),
            "created_at": _iso(_when(r.get("created_at"))),
        }
        for r in mine
    ]
    counts = Counter(r["conclusion"] or r["status"] or "unknown" for r in listed)
    return {
        "head_sha": sha,
        "total": len(listed),
        "by_conclusion": dict(sorted(counts.items())),
        "runs": listed,
    }


def _pushes(client: GitHubClient, repo: str, deadline: datetime) -> dict[str, Any]:
    def older(event: Any) -> bool:
        when = _when(event.get("created_at")) if isinstance(event, dict) else None
        return when is not None and when <= deadline

    paged = client.get_all(f"/repos/{repo}/events", stop=older)
    now = datetime.fromtimestamp(client.clock(), UTC)
    return summarize_pushes(paged.items, deadline, now, truncated=paged.truncated)


def summarize_pushes(
    events: list[Any], deadline: datetime, now: datetime, *, truncated: bool = False
) -> dict[str, Any]:
    """PushEvents after the deadline, and whether the events we saw reach back to the deadline.

    `complete` is true when an event at/before the deadline was seen, or the listing ended on
    its own within GitHub's 90-day/300-event window; otherwise pushes may be missing.
    """
    timed = [(e, _when(e.get("created_at"))) for e in events if isinstance(e, dict)]
    timed = [(e, t) for e, t in timed if t is not None]
    pushes = sorted(
        ((e, t) for e, t in timed if e.get("type") == "PushEvent" and t > deadline),
        key=lambda pair: pair[1],
        reverse=True,
    )
    oldest = min((t for _, t in timed), default=None)
    complete = (
        deadline >= now
        or (oldest is not None and oldest <= deadline)
        or (not truncated and len(timed) < EVENTS_CAP and deadline >= now - EVENTS_WINDOW)
    )
    return {
        "count": len(pushes),
        "latest": _iso(pushes[0][1]) if pushes else None,
        "pushes": [
            {
                "at": _iso(t),
                "ref": (e.get("payload") or {}).get("ref"),
                "head": (e.get("payload") or {}).get("head"),
                "actor": (e.get("actor") or {}).get("login"),
            }
            for e, t in pushes[:MAX_LISTED_PUSHES]
        ],
        "events_seen": len(timed),
        "oldest_event": _iso(oldest),
        "complete": complete,
        "truncated": truncated,
        "note": EVENTS_NOTE,
    }


def rate_limit(client: GitHubClient) -> dict[str, Any] | None:
    """The core quota at the end: GET /rate_limit (free), else the last headers we saw."""
    if client.blocked_reason() is None:
        try:
            resp = client.get("/rate_limit")
            core = (
                (resp.data or {}).get("resources", {}).get("core") if resp.status == 200 else None
            )
            if isinstance(core, dict) and isinstance(core.get("remaining"), int):
                return _quota(
                    core.get("limit"), core["remaining"], core.get("reset"), "GET /rate_limit"
                )
        except (GitHubError, AttributeError):
            pass
    state = client.rate
    if state.remaining is None:
        return None
    return _quota(state.limit, state.remaining, state.reset, "response headers")


def _quota(limit: Any, remaining: int, reset: Any, source: str) -> dict[str, Any]:
    reset_at = datetime.fromtimestamp(reset, UTC) if isinstance(reset, int) else None
    return {
        "limit": limit if isinstance(limit, int) else None,
        "remaining": remaining,
        "reset": _iso(reset_at),
        "source": source,
    }


def _when(value: Any) -> datetime | None:
    """GitHub's ISO 8601 times ('2026-01-24T22:58:00Z'); None when absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None
