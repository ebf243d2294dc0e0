"""The fetch stage: every group's `reports/` at the deadline commit, plus snapshot.json.

Public API: `fetch_all` (the pipeline's entry point), `fetch_group` (one group),
`FetchOptions` (limits and timeouts), `summarize` (the end-of-run text), `read_history` (a
group's history.json), `is_evidence` (which files the evidence check reads).
"""

from harvester.fetch.group import FetchOptions, fetch_group
from harvester.fetch.history import read_history
from harvester.fetch.pool import default_jobs, fetch_all, summarize
from harvester.fetch.tree import is_evidence
from harvester.lock import HarvestLock, HarvestLockError

__all__ = [
    "FetchOptions",
    "HarvestLock",
    "HarvestLockError",
    "default_jobs",
    "fetch_all",
    "fetch_group",
    "is_evidence",
    "read_history",
    "summarize",
]
