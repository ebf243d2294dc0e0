"""A roster URL that changes: a typo never destroys the last harvest, a new repo replaces it."""

from __future__ import annotations

import io
import json

from harvester.fetch import fetch_all, fetch_group

from .helpers import AFTER, BEFORE, DEADLINE, FAST, REPORT, group

#: Everything a good harvest leaves in the group folder (besides snapshot.json).
HARVESTED = ("reports/README.md", "files.json", "history.json", "evidence/pyproject.toml")


def harvested(layout) -> dict[str, bytes]:
    folder = layout.group_dir("7")
    return {name: (folder / name).read_bytes() for name in HARVESTED}


def first_harvest(repo_factory, layout) -> tuple[str, dict]:
    repo = repo_factory("g45")
    repo.commit({"reports/README.md": REPORT, "pyproject.toml": "[project]\n"}, BEFORE)
    url = str(repo.path)
    snap = fetch_group(group(url), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap["error"]
    return url, snap


def test_a_typo_in_the_roster_url_keeps_the_previous_snapshot_stale(repo_factory, layout):
    url, good = first_harvest(repo_factory, layout)
    before = harvested(layout)
    typo = url.replace("g45", "g45-typo")
    snap = fetch_group(group(typo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok" and snap["stale"] is True
    assert snap["repo"] == url  # the content still comes from the old repository
    assert snap["deadline_commit"] == good["deadline_commit"]
    assert snap["error"].startswith(
        f"unreachable: the roster's repository changed from {url} to {typo}, which could not "
        f"be reached; repository not found or not accessible: {typo} "
    )
    (stale,) = [w["detail"] for w in snap["warnings"] if w["kind"] == "stale"]
    assert stale.startswith(f"the roster's repository changed from {url} to {typo}")
    assert "fix the roster's URL if it is a typo" in stale
    assert harvested(layout) == before  # reports/, evidence/, files.json, history.json kept
    assert json.loads(layout.snapshot("7").read_text())["stale"] is True

    # Every run with the typo says so again, with one stale warning, the folder still kept.
    again = fetch_group(group(typo), DEADLINE, layout, options=FAST)
    assert again["stale"] and sum(w["kind"] == "stale" for w in again["warnings"]) == 1
    assert harvested(layout) == before

    # The typo fixed: fresh again, nothing to redo.
    fixed = fetch_group(group(url), DEADLINE, layout, options=FAST)
    assert fixed["stale"] is False and fixed["error"] is None
    assert fixed["fetch"]["action"] == "reused"
    assert harvested(layout) == before


def test_the_console_summary_names_the_changed_url(repo_factory, layout):
    url, _good = first_harvest(repo_factory, layout)
    out = io.StringIO()
    fetch_all([group(url + "-typo")], DEADLINE, layout, jobs=1, stream=out, options=FAST)
    assert (
        f"group 7: ok (stale) - unreachable: the roster's repository changed from {url} to "
        f"{url}-typo, which could not be reached;" in out.getvalue()
    )


def test_a_reachable_new_repository_replaces_the_snapshot(repo_factory, layout):
    url, _good = first_harvest(repo_factory, layout)
    moved = repo_factory("g45-new")
    new_sha = moved.commit({"reports/README.md": "# The new repository\n"}, BEFORE)
    snap = fetch_group(group(moved.path), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok" and snap["stale"] is False and snap["error"] is None
    assert snap["repo"] == str(moved.path) and snap["deadline_commit"]["sha"] == new_sha
    assert (layout.reports_dir("7") / "README.md").read_text() == "# The new repository\n"
    assert not (layout.group_dir("7") / "evidence").exists()  # nothing of the old repo is left


def test_a_reachable_new_repository_without_an_answer_replaces_it_too(repo_factory, layout):
    url, _good = first_harvest(repo_factory, layout)
    late = repo_factory("g45-late")
    late.commit({"reports/README.md": REPORT}, AFTER)
    snap = fetch_group(group(late.path), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_commit_before_deadline" and snap["stale"] is False
    assert snap["repo"] == str(late.path)
    assert not layout.reports_dir("7").exists()
