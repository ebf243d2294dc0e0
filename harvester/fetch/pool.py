"""Fetch every group with a bounded pool of workers, a progress line on stderr and a summary.

Threads, not processes: each worker spends its time waiting on git subprocesses, and git runs
outside the GIL. Results come back in roster order whatever order they finish in.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import TextIO

from harvester.fetch import gitops
from harvester.fetch.gitops import clip
from harvester.fetch.group import FetchOptions, GithubHook, base_snapshot, fetch_group
from harvester.layout import OutputLayout
from harvester.lock import HarvestLock
from harvester.roster import Group

FAILED = ("unreachable", "error")


def default_jobs() -> int:
    return min(8, 2 * (os.cpu_count() or 1))


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


class Progress:
    """Groups done/failed/total and bytes: one rewritten line on a TTY, else a line every
    `interval` seconds (logs stay readable)."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, interval: float = 10.0):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.interval = interval
        self.done = self.failed = self.bytes = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._lock = threading.Lock()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        return (
            f"fetch: {self.done}/{self.total} groups, {self.failed} failed, "
            f"{human_bytes(self.bytes)} fetched, {elapsed:.0f}s"
        )

    def update(self, snapshot: dict) -> None:
        with self._lock:
            self.done += 1
            self.failed += snapshot.get("status") in FAILED
            self.bytes += (snapshot.get("fetch") or {}).get("bytes", 0)
            if not self.enabled:
                return
            now = time.monotonic()
            if self.tty:
                self.stream.write("\r\x1b[K" + self.line())
                self.stream.flush()
            elif now - self._last >= self.interval or self.done == self.total:
                self._last = now
                self.stream.write(self.line() + "\n")
                self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


#: An error's first sentence (reason and URL, or a roster URL that changed) fits in this.
SUMMARY_ERROR_CHARS = 300


def summarize(snapshots: list[dict], seconds: float) -> str:
    """Counts per status, time and bytes: the last thing a TA sees after a harvest."""
    counts = Counter(s.get("status") for s in snapshots)
    stale = sum(1 for s in snapshots if s.get("stale"))
    total_bytes = sum((s.get("fetch") or {}).get("bytes", 0) for s in snapshots)
    parts = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    text = (
        f"fetched {len(snapshots)} groups in {seconds:.1f}s ({human_bytes(total_bytes)}): {parts}"
    )
    if stale:
        text += f"; {stale} kept from an earlier run (stale)"
    problems = [s for s in snapshots if s.get("status") not in ("ok",) or s.get("stale")]
    for s in problems[:50]:
        text += f"\n  group {s.get('group')}: {s.get('status')}"
        if s.get("stale"):
            text += " (stale)"
        if s.get("error"):
            text += f" - {clip(str(s['error']), SUMMARY_ERROR_CHARS)}"
    if len(problems) > 50:
        text += f"\n  ... and {len(problems) - 50} more"
    return text


def fetch_all(
    groups: list[Group],
    deadline: datetime,
    layout: OutputLayout,
    *,
    jobs: int = 0,
    progress: bool = True,
    timeout: float = 300,
    github: GithubHook | None = None,
    options: FetchOptions | None = None,
    stream: TextIO | None = None,
) -> list[dict]:
    """Fetch all groups in parallel; one snapshot dict per group, in roster order.

    Holds the harvest lock on layout.lock_file for the duration (re-entrant in-process, so a
    pipeline that already holds it can call this). Never raises for one group's problem;
    raises HarvestLockError (another harvest runs) or RuntimeError (no usable git).
    """
    stream = stream or sys.stderr
    opts = options or FetchOptions(timeout=timeout)
    jobs = jobs if jobs and jobs > 0 else default_jobs()
    started = time.monotonic()
    bar = Progress(len(groups), stream, enabled=progress)
    results: list[dict | None] = [None] * len(groups)

    def work(index: int, group: Group) -> None:
        try:
            snap = fetch_group(group, deadline, layout, github=github, options=opts)
        except gitops.Interrupted:
            return
        except Exception as exc:  # noqa: BLE001 - fetch_group already catches; belt and braces
            snap = base_snapshot(group, group.deadline or deadline, opts)
            snap["error"] = f"{type(exc).__name__}: {exc}"
        results[index] = snap
        bar.update(snap)

    gitops.check_git()
    gitops.allow_start()
    with HarvestLock(layout.lock_file) as lock:
        opts = replace(opts, recover=opts.recover or lock.took_over is not None)
        layout.root.mkdir(parents=True, exist_ok=True)
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="fetch")
        try:
            futures = [pool.submit(work, i, g) for i, g in enumerate(groups)]
            for f in futures:
                f.result()
        except BaseException:  # Ctrl-C: stop starting git, kill what runs, let workers drain
            gitops.stop_all()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    bar.finish()
    snapshots = [s for s in results if s is not None]
    # The summary (counts and every failed group) is printed even without a progress display.
    stream.write(summarize(snapshots, time.monotonic() - started) + "\n")
    stream.flush()
    return snapshots
