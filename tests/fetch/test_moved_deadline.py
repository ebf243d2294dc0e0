"""A deadline commit that moves between harvests (backdated push, rewritten history) is flagged."""

from __future__ import annotations

from harvester.fetch import fetch_group

from .helpers import AFTER, BEFORE, DEADLINE, FAST, REPORT, git, group

SNEAKY = "2026-01-24T23:30:00+01:00"  # dated before the deadline, pushed after the first harvest


def test_backdated_commit_after_a_harvest_is_flagged_every_run(repo_factory, layout) -> None:
    repo = repo_factory()
    first_sha = repo.commit({"reports/README.md": REPORT}, BEFORE, message="report")
    repo.commit({"src/x.py": "late = 1\n"}, AFTER, message="late work")
    first = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert first["deadline_commit"]["sha"] == first_sha
    assert not [w for w in first["warnings"] if w["kind"] == "deadline_commit_changed"]

    # A commit whose dates claim it was made before the deadline, pushed afterwards.
    git(repo.path, "checkout", "-q", first_sha)
    sneaky = repo.commit({"reports/README.md": REPORT + "\nImproved.\n"}, SNEAKY, message="x")
    git(repo.path, "checkout", "-q", "-B", "main", sneaky)

    second = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert second["deadline_commit"]["sha"] == sneaky
    moved = [w for w in second["warnings"] if w["kind"] == "deadline_commit_changed"]
    assert len(moved) == 1 and first_sha[:12] in moved[0]["detail"]
    assert second["deadline_commit_history"][0]["sha"] == first_sha

    third = fetch_group(group(repo), DEADLINE, layout, options=FAST)  # nothing new: still said
    assert [w["detail"] for w in third["warnings"] if w["kind"] == "deadline_commit_changed"] == [
        moved[0]["detail"]
    ]
