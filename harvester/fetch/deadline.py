"""Which commit was "the repository at the deadline", and what happened after it (pure).

The input is one `git log` over everything reachable from the branch tip, so all decisions are
made in Python on a small in-memory DAG: no extra git calls, and easy to test exhaustively.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

#: `git log -z --format=LOG_FORMAT <tip>`: sha, parents, committer time (unix, ISO), subject.
LOG_FORMAT = "%H%x1f%P%x1f%ct%x1f%cI%x1f%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    ctime: int  # committer date, unix seconds
    ctime_iso: str  # committer date with the committer's own offset, as git printed it
    subject: str


def parse_log(raw: bytes) -> list[Commit]:
    """Parse `git log -z --format=LOG_FORMAT` output (subjects decoded leniently)."""
    commits = []
    for record in raw.split(b"\0"):
        record = record.strip(b"\n")
        if not record:
            continue
        sha, parents, ctime, iso, subject = record.split(b"\x1f", 4)
        commits.append(
            Commit(
                sha=sha.decode(),
                parents=tuple(p.decode() for p in parents.split()),
                ctime=int(ctime),
                ctime_iso=iso.decode(),
                subject=subject.decode("utf-8", "replace"),
            )
        )
    return commits


def ancestors(by_sha: dict[str, Commit], start: str) -> set[str]:
    """start and every commit reachable from it (parents missing from the map are skipped)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha in seen or sha not in by_sha:
            continue
        seen.add(sha)
        stack.extend(by_sha[sha].parents)
    return seen


def first_parent_chain(by_sha: dict[str, Commit], tip: str) -> list[Commit]:
    """The branch's own history: tip, its first parent, that one's first parent, ..."""
    chain: list[Commit] = []
    seen: set[str] = set()
    sha: str | None = tip
    while sha is not None and sha in by_sha and sha not in seen:
        seen.add(sha)
        commit = by_sha[sha]
        chain.append(commit)
        sha = commit.parents[0] if commit.parents else None
    return chain


def select_deadline_commit(
    commits: Iterable[Commit], deadline: datetime, tip: str | None = None
) -> Commit | None:
    """The newest commit of the branch's first-parent chain whose COMMITTER date is at or before
    the deadline, or None.

    The first-parent chain is what the branch itself was: a side branch whose commits are dated
    before the deadline but that was merged after it was not on the branch at the deadline, and
    its commits may lack the branch's own last work (see `merged_after_deadline`, which the
    snapshot reports). Committer dates, not author dates: a rebase or cherry-pick after the
    deadline keeps the old author date but gets a new committer date, so it counts as late.
    `tip` defaults to the first commit of the list (`git log` starts at the tip).
    """
    listed = list(commits)
    if not listed:
        return None
    by_sha = {c.sha: c for c in listed}
    limit = deadline.timestamp()
    for commit in first_parent_chain(by_sha, tip or listed[0].sha):
        if commit.ctime <= limit:
            return commit
    return None


def merged_after_deadline(
    commits: Iterable[Commit], tip: str, deadline_sha: str | None, deadline: datetime
) -> int:
    """Commits dated at or before the deadline that reached the branch only after it (merged
    later): they are on the branch now but not in the deadline snapshot."""
    by_sha = {c.sha: c for c in commits}
    limit = deadline.timestamp()
    inside = ancestors(by_sha, deadline_sha) if deadline_sha else set()
    return sum(1 for sha in ancestors(by_sha, tip) - inside if by_sha[sha].ctime <= limit)


def backdated_ancestors(commits: Iterable[Commit], deadline_sha: str, deadline: datetime) -> int:
    """Ancestors of the deadline commit dated after the deadline: only rewritten (backdated)
    commit dates make a commit dated before the deadline sit on top of one dated after it."""
    by_sha = {c.sha: c for c in commits}
    limit = deadline.timestamp()
    return sum(1 for sha in ancestors(by_sha, deadline_sha) if by_sha[sha].ctime > limit)


def commits_after(commits: Iterable[Commit], tip: str, deadline_sha: str | None) -> int:
    """How many commits on the branch are not part of the deadline snapshot (deadline..tip)."""
    by_sha = {c.sha: c for c in commits}
    reachable = ancestors(by_sha, tip)
    if deadline_sha is None:
        return len(reachable)
    return len(reachable - ancestors(by_sha, deadline_sha))


def commits_dated_after(commits: Iterable[Commit], deadline: datetime) -> int:
    """Commits whose committer date is after the deadline (a cross-check on commits_after)."""
    limit = deadline.timestamp()
    return sum(1 for c in commits if c.ctime > limit)
