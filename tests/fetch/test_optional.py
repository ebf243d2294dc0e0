"""An optional file the server cannot send never takes the report down with it.

The real case: one repository's server could not send one small `*.dvc` pointer the evidence step
asked for, and the whole group came back `unreachable` although `reports/` was fetchable. Two real
shapes of that server: a smart-HTTP server that fails every request wanting the object (HTTP 500),
and a repository whose object store lost the object (git itself cannot pack it, not even in a full
copy).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.fetch import fetch_group

from .helpers import BEFORE, DEADLINE, FAST, REPORT, StudentRepo, git, group
from .httpgit import GitHTTPServer

EVIDENCE = {
    "pyproject.toml": "[project]\nname='mlops'\n",
    "requirements.txt": "torch\n",
    ".github/workflows/tests.yaml": "on: push\n",
    "data.dvc": "outs:\n- md5: 3f2a\n  path: data\n",
    "models.dvc": "outs:\n- md5: 9b1c\n  path: models\n",
}


def student_project(repo: StudentRepo) -> str:
    """A project with a report, a figure and evidence files; returns the data.dvc blob id."""
    sha = repo.commit(
        {"reports/README.md": REPORT, "reports/figures/loss.png": b"\x89PNG loss", **EVIDENCE},
        BEFORE,
    )
    return git(repo.path, "rev-parse", f"{sha}:data.dvc")


def lose_object(repo: StudentRepo, oid: str) -> None:
    """Delete one blob from the repository's object store, as a damaged server repo has it."""
    loose = repo.path / ".git" / "objects" / oid[:2] / oid[2:]
    assert loose.is_file()  # a fresh commit's objects are loose, not yet packed
    loose.unlink()
    with pytest.raises(AssertionError):
        git(repo.path, "cat-file", "-e", oid)


def assert_harvested_without(snap: dict, layout, missing: str) -> None:
    assert snap["status"] == "ok", snap["error"]
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert (layout.reports_dir("7") / "figures" / "loss.png").read_bytes() == b"\x89PNG loss"
    (warn,) = [w for w in snap["warnings"] if w["kind"] == "optional_missing"]
    assert warn["path"] == missing and missing in warn["detail"]
    assert "evidence file" in warn["detail"]
    assert missing not in snap["evidence_files"]
    others = sorted(p for p in EVIDENCE if p != missing)
    assert sorted(snap["evidence_files"]) == others  # most telling first, not by name
    evidence = layout.group_dir("7") / "evidence"
    for path in others:
        assert (evidence / path).read_text() == EVIDENCE[path]
    assert not (evidence / missing).exists()


def test_a_server_failing_on_one_evidence_object_still_gives_the_report(repo_factory, layout):
    repo = repo_factory("project")
    bad = student_project(repo)
    with GitHTTPServer(repo.path.parent, refuse={bad}) as server:
        snap = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
        assert bad in server.refused  # the evidence step really asked for it
    assert snap["fetch"]["mode"] == "partial"
    assert_harvested_without(snap, layout, "data.dvc")
    assert (
        "HTTP 500" in next(w for w in snap["warnings"] if w["kind"] == "optional_missing")["detail"]
    )


def test_an_object_the_server_lost_leaves_the_report_harvested(repo_factory, layout):
    repo = repo_factory("project")
    bad = student_project(repo)
    lose_object(repo, bad)
    with GitHTTPServer(repo.path.parent) as server:
        snap = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
    assert_harvested_without(snap, layout, "data.dvc")


def test_a_missing_optional_file_is_tried_again_on_the_next_run(repo_factory, layout):
    repo = repo_factory("project")
    bad = student_project(repo)
    with GitHTTPServer(repo.path.parent, refuse={bad}) as server:
        first = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
        assert [w["path"] for w in first["warnings"] if w["kind"] == "optional_missing"] == [
            "data.dvc"
        ]
        server.refuse.clear()  # the server recovered
        second = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
    assert second["status"] == "ok"
    assert not [w for w in second["warnings"] if w["kind"] == "optional_missing"]
    assert "data.dvc" in second["evidence_files"]
    evidence = layout.group_dir("7") / "evidence"
    assert (evidence / "data.dvc").read_text() == EVIDENCE["data.dvc"]


def test_a_figure_the_server_lost_leaves_the_report_harvested(repo_factory, layout):
    repo = repo_factory("project")
    sha = student_project(repo) and repo.head()
    figure = git(repo.path, "rev-parse", f"{sha}:reports/figures/loss.png")
    lose_object(repo, figure)
    with GitHTTPServer(repo.path.parent) as server:
        snap = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap["error"]
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert not (layout.reports_dir("7") / "figures" / "loss.png").exists()
    missing = {w["path"] for w in snap["warnings"] if w["kind"] == "optional_missing"}
    assert "reports/figures/loss.png" in missing
    # Not even a full copy came down, yet every evidence file the server can send is kept.
    assert sorted(snap["evidence_files"]) == sorted(EVIDENCE)


def test_the_report_itself_is_required(repo_factory, layout, tmp_path: Path):
    repo = repo_factory("project")
    sha = student_project(repo) and repo.head()
    lose_object(repo, git(repo.path, "rev-parse", f"{sha}:reports/README.md"))
    with GitHTTPServer(repo.path.parent) as server:
        snap = fetch_group(group(server.url("project")), DEADLINE, layout, options=FAST)
    assert snap["status"] == "unreachable"
    assert snap["error"]
