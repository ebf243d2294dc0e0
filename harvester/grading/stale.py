"""Stale grades: a grade holds for the snapshot it was given against, and no other.

Each grade in the store remembers the deadline commit and the report's sha256 the grader saw.
When a re-harvest changes either (an extension moved the deadline commit, a backdated push
changed the report), the grade is stale until a TA confirms it against the new snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvester.grading.store import Change


@dataclass(frozen=True)
class Basis:
    """What a grade was given against: the deadline commit and the report file's content."""

    deadline_sha: str = ""
    report_sha256: str = ""

    @classmethod
    def of(cls, snapshot: dict[str, Any] | None, record: dict[str, Any] | None) -> Basis:
        commit = (snapshot or {}).get("deadline_commit") or {}
        source = (record or {}).get("source") or {}
        sha = commit.get("sha") if isinstance(commit, dict) else None
        digest = source.get("sha256") if isinstance(source, dict) else None
        return cls(str(sha or ""), str(digest or ""))

    @classmethod
    def of_change(cls, change: Change) -> Basis:
        return cls(change.deadline_sha, change.report_sha256)

    @property
    def known(self) -> bool:
        return bool(self.deadline_sha or self.report_sha256)


def short(sha: str) -> str:
    return sha[:7] if sha else "none"


def stale_reason(given: Basis, now: Basis) -> str:
    """'' while the grade holds; else what changed since it was given (a short sentence)."""
    if not given.known:
        return ""  # typed into the store by hand without a snapshot: nothing to compare
    if given.deadline_sha != now.deadline_sha:
        return f"deadline commit changed ({short(given.deadline_sha)} → {short(now.deadline_sha)})"
    if given.report_sha256 != now.report_sha256:
        return (
            f"the report changed at the same commit ({short(given.report_sha256)} → "
            f"{short(now.report_sha256)})"
        )
    return ""


def grade_basis(value_change: Change, confirm: Change | None) -> Basis:
    """A grade holds against its own snapshot, or the one a later confirmation named."""
    if confirm is not None and confirm.row > value_change.row:
        return Basis.of_change(confirm)
    return Basis.of_change(value_change)
