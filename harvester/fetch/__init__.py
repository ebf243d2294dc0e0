"""The fetch stage: every group's `reports/` at the deadline commit, plus snapshot.json.

Public API: `fetch_all` (the pipeline's entry point), `fetch_group` (one group),
`FetchOptions` (limits and timeouts), `summarize` (the end-of-run text).
"""

from harvester.fetch.group import FetchOptions, fetch_group
from harvester.fetch.pool import default_jobs, fetch_all, summarize
from harvester.lock import HarvestLock, HarvestLockError

__all__ = [
    "FetchOptions",
    "HarvestLock",
    "HarvestLockError",
    "default_jobs",
    "fetch_all",
    "fetch_group",
    "summarize",
]
