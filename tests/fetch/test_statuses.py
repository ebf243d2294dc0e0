"""Every fault ends as a clear status in snapshot.json; none stops the run."""

from __future__ import annotations

import json
import time
from dataclasses import replace

from harvester.fetch import fetch_all, fetch_group

from .helpers import AFTER, BEFORE, DEADLINE, FAST, REPORT, git, group


def read(layout, gid="7") -> dict:
    return json.loads(layout.snapshot(gid).read_text())


def test_missing_repository_is_unreachable_with_gits_error(tmp_path, layout):
    snap = fetch_group(group(tmp_path / "nowhere"), DEADLINE, layout, options=FAST)
    assert snap["status"] == "unreachable"
    assert "does not appear to be a git repository" in snap["error"]
    assert read(layout)["status"] == "unreachable"
    assert not layout.reports_dir("7").exists()


def test_empty_repository(repo_factory, layout):
    repo = repo_factory()
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "empty_repo"
    assert snap["head"] is None and snap["deadline_commit"] is None


def test_no_such_branch(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    snap = fetch_group(group(repo, branch="final"), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_branch"
    assert "'final'" in snap["error"] and "main" in snap["error"]


def test_no_commit_before_deadline(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, AFTER)
    repo.commit({"reports/figures/a.png": b"png"}, AFTER)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_commit_before_deadline"
    assert snap["head"]["sha"] == repo.head()
    assert snap["commits_after_deadline"] == 2
    assert snap["late_report_files"] == ["reports/README.md", "reports/figures/a.png"]
    assert not layout.reports_dir("7").exists()


def test_no_report_still_copies_reports_and_names_a_readme_elsewhere(repo_factory, layout):
    repo = repo_factory()
    repo.commit(
        {
            "reports/figures/arch.png": b"\x89PNG fake",
            "project/reports/README.md": REPORT,
        },
        BEFORE,
    )
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_report"
    assert snap["report_path"] is None
    assert (layout.reports_dir("7") / "figures" / "arch.png").read_bytes() == b"\x89PNG fake"
    assert snap["report_candidates"] == ["project/reports/README.md"]
    kinds = {(w["kind"], w.get("path")) for w in snap["warnings"]}
    assert ("report_elsewhere", "project/reports/README.md") in kinds


def test_readme_case_variant_is_accepted_with_a_warning(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/readme.md": REPORT}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok" and snap["report_path"] == "reports/readme.md"
    assert any(w["kind"] == "report_name" for w in snap["warnings"])


def test_hanging_remote_times_out_and_the_run_goes_on(repo_factory, layout, fake_ssh, tmp_path):
    good = repo_factory()
    good.commit({"reports/README.md": REPORT}, BEFORE)
    fake_ssh.set("sleep")
    groups = [group(fake_ssh.url(good), gid="1"), group(good, gid="2")]
    started = time.monotonic()
    snaps = fetch_all(
        groups, DEADLINE, layout, jobs=2, progress=False, options=replace(FAST, timeout=1.0)
    )
    elapsed = time.monotonic() - started
    assert elapsed < 15
    assert snaps[0]["status"] == "unreachable" and "timed out" in snaps[0]["error"]
    assert snaps[1]["status"] == "ok"
    # No retry of a timeout: one hanging connection per group, not three.
    assert len(fake_ssh.calls()) == 1


def test_transient_error_is_retried_with_backoff(repo_factory, layout, fake_ssh):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    fake_ssh.set("fail-once")
    snap = fetch_group(group(fake_ssh.url(repo)), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap["error"]
    assert len(fake_ssh.calls()) >= 2


def test_not_found_is_not_retried(tmp_path, layout, fake_ssh):
    snap = fetch_group(
        group(f"ssh://fakehost{tmp_path}/missing.git"), DEADLINE, layout, options=FAST
    )
    assert snap["status"] == "unreachable"
    assert len(fake_ssh.calls()) == 1


def test_dangerous_transport_is_refused(layout):
    snap = fetch_group(group("ext::sh -c touch% /tmp/pwned"), DEADLINE, layout, options=FAST)
    assert snap["status"] == "unreachable"
    assert "not allowed" in snap["error"]


def test_one_bad_repo_does_not_stop_the_run_and_order_is_kept(repo_factory, layout, tmp_path):
    repos = []
    for i in range(4):
        r = repo_factory()
        r.commit({"reports/README.md": f"group {i}\n"}, BEFORE)
        repos.append(r)
    groups = [group(r, gid=str(i)) for i, r in enumerate(repos)]
    groups.insert(2, group(tmp_path / "gone", gid="bad"))
    snaps = fetch_all(groups, DEADLINE, layout, jobs=3, progress=False, options=FAST)
    assert [s["group"] for s in snaps] == ["0", "1", "bad", "2", "3"]
    assert [s["status"] for s in snaps] == ["ok", "ok", "unreachable", "ok", "ok"]
    for i in range(4):
        assert (layout.reports_dir(str(i)) / "README.md").read_text() == f"group {i}\n"


def test_progress_lines_and_summary(repo_factory, layout, tmp_path):
    import io

    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    out = io.StringIO()
    fetch_all(
        [group(repo, gid="1"), group(tmp_path / "x", gid="2")], DEADLINE, layout, jobs=1, stream=out
    )
    text = out.getvalue()
    assert "fetch: 2/2 groups, 1 failed" in text
    assert "fetched 2 groups in" in text and "ok 1, unreachable 1" in text
    assert "group 2: unreachable" in text


def test_default_branch_follows_remote_head(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": "main\n"}, BEFORE)
    git(repo.path, "checkout", "-q", "-b", "trunk")
    trunk = repo.commit({"reports/README.md": "trunk\n"}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["branch"] == "trunk" and snap["deadline_commit"]["sha"] == trunk


def test_too_old_git_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    import pytest

    from harvester.fetch import gitops

    from .helpers import write_script

    old_git = write_script(tmp_path / "git", "print('git version 2.20.1')\n")
    monkeypatch.setattr(gitops, "GIT", str(old_git))
    gitops.check_git.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=r"needs git >= 2\.36, found 'git version 2\.20\.1'"):
            gitops.check_git()
    finally:
        gitops.check_git.cache_clear()


def test_a_capitalised_reports_folder_is_named_not_misreported(repo_factory, layout):
    from harvester.fetch import fetch_group

    from .helpers import BEFORE, DEADLINE, FAST, REPORT, group

    repo = repo_factory()
    repo.commit({"Reports/README.md": REPORT}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_report"
    assert snap["error"] == (
        "no reports/README.md at the deadline commit; the report may be Reports/README.md: "
        "set report_path in groups.csv to use it"
    )
    assert snap["report_candidates"] == ["Reports/README.md"]
    elsewhere = [w["detail"] for w in snap["warnings"] if w["kind"] == "report_elsewhere"]
    assert elsewhere == ["no reports/README.md, but found Reports/README.md"]
