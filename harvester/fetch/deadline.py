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


def select_deadline_commit(commits: Iterable[Commit], deadline: datetime) -> Commit | None:
    """The commit with the latest COMMITTER date at or before the deadline, or None.

    Every commit reachable from the branch tip is a candidate, not only the first-parent chain.
    Git does not record where a branch pointed at a given time (only GitHub's push events do,
    see the github hook), so the rule uses what the history does record: the newest work
    committed before the deadline that ended up on the branch, including a side branch merged
    later. Committer dates, not author dates: a rebase or cherry-pick after the deadline keeps
    the old author date but gets a new committer date, so it is (correctly) counted as late.

    Ties (same committer second, e.g. a rebased series) are broken deterministically: a tied
    commit that is an ancestor of another tied commit loses (the descendant contains it), and
    among unrelated tied commits the lexicographically smallest SHA wins.
    """
    limit = deadline.timestamp()
    by_sha = {c.sha: c for c in commits}
    eligible = [c for c in by_sha.values() if c.ctime <= limit]
    if not eligible:
        return None
    best_time = max(c.ctime for c in eligible)
    tied = [c for c in eligible if c.ctime == best_time]
    if len(tied) > 1:
        tied_shas = {c.sha for c in tied}
        covered: set[str] = set()
        for c in tied:
            covered |= (ancestors(by_sha, c.sha) - {c.sha}) & tied_shas
        tied = [c for c in tied if c.sha not in covered] or tied
    return min(tied, key=lambda c: c.sha)


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
