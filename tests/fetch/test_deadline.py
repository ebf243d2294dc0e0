"""Which commit is the deadline snapshot: pure rules, then the same rules on real repositories."""

from __future__ import annotations

from harvester.fetch import fetch_group
from harvester.fetch.deadline import (
    Commit,
    commits_after,
    parse_log,
    select_deadline_commit,
)
from harvester.timeutil import parse_deadline

from .helpers import AFTER, BEFORE, DEADLINE, FAST, JUST_BEFORE, REPORT, group

T0 = int(DEADLINE.timestamp())


def c(sha: str, ctime: int, *parents: str) -> Commit:
    return Commit(sha=sha, parents=parents, ctime=ctime, ctime_iso=str(ctime), subject=sha)


def test_parse_log_reads_fields_and_odd_subjects():
    first_rec = b"a" * 40 + b"\x1f\x1f1700000000\x1f2023-11-14T22:13:20+00:00\x1fFirst \xff"
    second_rec = b"b" * 40 + b"\x1f" + b"a" * 40 + b"\x1f1700000100\x1fT\x1fx\x1fy"
    raw = first_rec + b"\0" + second_rec + b"\0"
    first, second = parse_log(raw)
    assert first.parents == () and first.ctime == 1700000000
    assert first.subject == "First \ufffd"
    assert second.parents == ("a" * 40,) and second.subject == "x\x1fy"


def test_latest_committer_date_at_or_before_deadline_wins():
    commits = [c("a", T0 - 100), c("b", T0, "a"), c("d", T0 + 1, "b")]
    assert select_deadline_commit(commits, DEADLINE).sha == "b"  # "at" the deadline counts


def test_no_commit_before_deadline():
    assert select_deadline_commit([c("a", T0 + 5)], DEADLINE) is None


def test_side_branch_commit_merged_later_is_a_candidate():
    # main: a (T0-50) ... merge m (after); side: s (T0-10) merged by m.
    commits = [c("a", T0 - 50), c("s", T0 - 10, "a"), c("m", T0 + 60, "a", "s")]
    assert select_deadline_commit(commits, DEADLINE).sha == "s"


def test_tie_prefers_the_descendant_then_the_smallest_sha():
    rebased = [c("x1", T0 - 5), c("x2", T0 - 5, "x1"), c("x3", T0 - 5, "x2")]
    assert select_deadline_commit(rebased, DEADLINE).sha == "x3"
    siblings = [c("r", T0 - 100), c("f", T0 - 5, "r"), c("e", T0 - 5, "r")]
    assert select_deadline_commit(siblings, DEADLINE).sha == "e"
    assert select_deadline_commit(list(reversed(siblings)), DEADLINE).sha == "e"


def test_commits_after_counts_what_the_snapshot_does_not_contain():
    commits = [
        c("a", T0 - 50),
        c("b", T0 - 40, "a"),
        c("late", T0 + 10, "b"),
        c("side", T0 + 20, "a"),
        c("m", T0 + 30, "late", "side"),
    ]
    assert commits_after(commits, "m", "b") == 3
    assert commits_after(commits, "m", None) == 5
    assert commits_after(commits, "b", "b") == 0


# --- on real repositories -------------------------------------------------------------------


def test_commits_before_and_after_and_late_report_changes(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": "draft\n"}, BEFORE)
    on_time = repo.commit({"reports/README.md": REPORT, "src/a.py": "x = 1\n"}, JUST_BEFORE)
    repo.commit({"src/a.py": "x = 2\n"}, AFTER)
    repo.commit({"reports/README.md": REPORT + "late\n", "reports/figures/f.png": b"PNG"}, AFTER)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    assert snap["deadline_commit"]["sha"] == on_time
    assert snap["deadline_commit"]["time"] == "2026-01-24T23:58:00+01:00"
    assert snap["head"]["sha"] == repo.head()
    assert snap["commits_after_deadline"] == 2
    assert snap["reports_changed_after_deadline"] is True
    assert snap["late_report_files"] == ["reports/README.md", "reports/figures/f.png"]
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert not (layout.reports_dir("7") / "figures").exists()


def test_late_changes_outside_reports_are_not_report_changes(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    repo.commit({"src/train.py": "print()\n"}, AFTER)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["commits_after_deadline"] == 1
    assert snap["reports_changed_after_deadline"] is False
    assert snap["late_report_files"] == []


def test_committer_date_decides_not_author_date(repo_factory, layout):
    repo = repo_factory()
    on_time = repo.commit({"reports/README.md": REPORT}, BEFORE)
    # Rebased/amended after the deadline: old author date, new committer date.
    repo.commit({"reports/README.md": REPORT + "more\n"}, AFTER, author_when=BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["deadline_commit"]["sha"] == on_time
    assert snap["late_report_files"] == ["reports/README.md"]


def test_per_group_deadline_override(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": "v1\n"}, BEFORE)
    extended = repo.commit({"reports/README.md": "v2\n"}, AFTER)
    override = parse_deadline("2026-01-26T12:00:00+01:00")
    snap = fetch_group(group(repo, deadline=override), DEADLINE, layout, options=FAST)
    assert snap["deadline"] == override.isoformat()
    assert snap["deadline_commit"]["sha"] == extended
    assert snap["commits_after_deadline"] == 0
    assert (layout.reports_dir("7") / "README.md").read_text() == "v2\n"


def test_branch_override_and_default_branch_master(repo_factory, layout):
    repo = repo_factory(branch="master")
    on_master = repo.commit({"reports/README.md": "master\n"}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["branch"] == "master"
    assert snap["deadline_commit"]["sha"] == on_master

    from .helpers import git

    git(repo.path, "checkout", "-q", "-b", "submission")
    on_branch = repo.commit({"reports/README.md": "submission\n"}, JUST_BEFORE)
    git(repo.path, "checkout", "-q", "master")  # remote HEAD stays on master
    snap = fetch_group(group(repo, gid="8", branch="submission"), DEADLINE, layout, options=FAST)
    assert snap["branch"] == "submission"
    assert snap["deadline_commit"]["sha"] == on_branch
    assert (layout.reports_dir("8") / "README.md").read_text() == "submission\n"
    snap = fetch_group(group(repo, gid="9"), DEADLINE, layout, options=FAST)
    assert snap["branch"] == "master" and snap["deadline_commit"]["sha"] == on_master
