"""Second runs fetch into the cache, reuse what did not change, and never lose a good snapshot."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

from harvester.fetch import fetch_all, fetch_group
from harvester.fetch.cache import GitCache, make_remote
from harvester.timeutil import parse_deadline

from .helpers import AFTER, BEFORE, DEADLINE, FAST, JUST_BEFORE, REPORT, git, group


def packs(cache: GitCache) -> set[str]:
    return {p.name for p in (cache.main / "objects" / "pack").glob("*.pack")}


def stable(snap: dict) -> dict:
    """A snapshot without its run-time facts (when, how long, how fetched)."""
    return {k: v for k, v in snap.items() if k not in ("fetched_at", "fetch", "checked_at")}


def test_second_run_fetches_into_the_cache_instead_of_cloning(repo_factory, layout):
    repo = repo_factory()
    on_time = repo.commit({"reports/README.md": REPORT}, BEFORE)
    g = group(repo)
    first = fetch_group(g, DEADLINE, layout, options=FAST)
    assert first["fetch"]["action"] == "clone"
    cache = GitCache(layout.cache_dir, g, make_remote(g), timeout=30)
    first_packs = packs(cache)
    assert first_packs

    repo.commit({"reports/README.md": REPORT + "late edit\n"}, AFTER)
    second = fetch_group(g, DEADLINE, layout, options=FAST)
    assert second["fetch"]["action"] == "fetch"
    assert first_packs < packs(cache)  # old pack kept, one new pack added: no re-clone
    assert second["deadline_commit"]["sha"] == on_time
    assert second["head"]["sha"] == repo.head()
    assert second["commits_after_deadline"] == 1
    assert second["late_report_files"] == ["reports/README.md"]
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT


def test_nothing_new_reuses_everything(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT, "reports/a.png": b"png"}, BEFORE)
    g = group(repo)
    first = fetch_group(g, DEADLINE, layout, options=FAST)
    before = {p: p.stat().st_mtime_ns for p in layout.reports_dir("7").rglob("*")}
    second = fetch_group(g, DEADLINE, layout, options=FAST)
    assert second["fetch"]["action"] == "reused" and second["fetch"]["bytes"] == 0
    assert stable(second) == stable(first)
    after = {p: p.stat().st_mtime_ns for p in layout.reports_dir("7").rglob("*")}
    assert after == before  # folder untouched
    assert json.loads(layout.snapshot("7").read_text())["fetched_at"] == second["fetched_at"]


def test_backdated_new_commit_moves_the_snapshot(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": "v1\n", "reports/old.png": b"old"}, BEFORE)
    g = group(repo)
    fetch_group(g, DEADLINE, layout, options=FAST)
    newer = repo.commit({"reports/README.md": "v2\n", "reports/old.png": None}, JUST_BEFORE)
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["deadline_commit"]["sha"] == newer
    assert (layout.reports_dir("7") / "README.md").read_text() == "v2\n"
    assert not (layout.reports_dir("7") / "old.png").exists()


def test_unreachable_repo_keeps_the_previous_snapshot_marked_stale(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    g = group(repo)
    good = fetch_group(g, DEADLINE, layout, options=FAST)
    moved = repo.path.with_name("moved")
    repo.path.rename(moved)
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok" and snap["stale"] is True
    assert snap["error"].startswith("unreachable:") and "does not appear" in snap["error"]
    assert snap["deadline_commit"] == good["deadline_commit"]
    assert snap["fetched_at"] == good["fetched_at"]
    assert any(w["kind"] == "stale" for w in snap["warnings"])
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    on_disk = json.loads(layout.snapshot("7").read_text())
    assert on_disk["stale"] is True and on_disk["status"] == "ok"
    # A second failing run keeps it too (and does not pile up stale warnings).
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["stale"] and sum(w["kind"] == "stale" for w in snap["warnings"]) == 1
    # Back online: fresh again.
    moved.rename(repo.path)
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["stale"] is False and snap["error"] is None
    assert not any(w["kind"] == "stale" for w in snap["warnings"])


def test_history_rewritten_after_the_deadline_keeps_the_good_snapshot(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    g = group(repo)
    fetch_group(g, DEADLINE, layout, options=FAST)
    # The group force-pushes a brand-new history dated after the deadline.
    git(repo.path, "checkout", "-q", "--orphan", "new")
    repo.commit({"reports/README.md": "rewritten\n"}, AFTER)
    git(repo.path, "branch", "-M", "new", "main")
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["stale"] is True and snap["status"] == "ok"
    assert snap["error"].startswith("no_commit_before_deadline")
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    # With a different deadline the old snapshot answers another question: replaced.
    earlier = parse_deadline("2026-01-10T12:00:00+01:00")
    snap = fetch_group(g, earlier, layout, options=FAST)
    assert snap["status"] == "no_commit_before_deadline" and not snap["stale"]
    assert not layout.reports_dir("7").exists()


def test_leftovers_of_a_killed_run_are_cleaned(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    g = group(repo)
    fetch_all([g], DEADLINE, layout, progress=False, options=FAST)
    cache = GitCache(layout.cache_dir, g, make_remote(g), timeout=30)
    # What SIGKILL can leave: its harvest lock file, git lock files, a temp clone, a
    # half-built group folder.
    layout.lock_file.write_text('{"pid": 999999, "started": "2026-01-25T10:00:00+00:00"}')
    (cache.main / "refs" / "heads" / "main.lock").write_text("x")
    (cache.main / "shallow.lock").write_text("x")
    (cache.dir / ".tmp-999-deadbeef").mkdir()
    (layout.group_dir("7") / ".tmp-999-deadbeef" / "reports").mkdir(parents=True)
    (layout.group_dir("7") / ".old-reports-deadbeef").mkdir()
    repo.commit({"reports/README.md": "newer\n"}, JUST_BEFORE)
    (snap,) = fetch_all([g], DEADLINE, layout, progress=False, options=FAST)
    assert snap["status"] == "ok" and snap["fetch"]["action"] == "fetch"
    assert (layout.reports_dir("7") / "README.md").read_text() == "newer\n"
    assert sorted(p.name for p in layout.group_dir("7").iterdir()) == [
        "files.json",
        "history.json",
        "reports",
        "snapshot.json",
    ]
    assert not list(cache.dir.glob(".tmp-*"))


def test_damaged_cache_is_rebuilt(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    g = group(repo)
    fetch_group(g, DEADLINE, layout, options=FAST)
    cache = GitCache(layout.cache_dir, g, make_remote(g), timeout=30)
    shutil.rmtree(cache.main / "objects")
    (cache.main / "objects").mkdir()
    repo.commit({"reports/README.md": "v2\n"}, JUST_BEFORE)
    snap = fetch_group(g, DEADLINE, layout, options=replace(FAST, attempts=1))
    assert snap["status"] == "ok", snap["error"]
    assert (layout.reports_dir("7") / "README.md").read_text() == "v2\n"
