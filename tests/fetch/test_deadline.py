"""Which commit is the deadline snapshot: pure rules, then the same rules on real repositories."""

from __future__ import annotations

from harvester.fetch import fetch_group
from harvester.fetch.deadline import (
    Commit,
    backdated_ancestors,
    commits_after,
    merged_after_deadline,
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
    commits = [c("d", T0 + 1, "b"), c("b", T0, "a"), c("a", T0 - 100)]
    assert select_deadline_commit(commits, DEADLINE).sha == "b"  # "at" the deadline counts
    assert select_deadline_commit(list(reversed(commits)), DEADLINE, "d").sha == "b"


def test_no_commit_before_deadline():
    assert select_deadline_commit([c("a", T0 + 5)], DEADLINE) is None


def test_side_branch_merged_after_the_deadline_was_not_on_the_branch():
    # main: a (T0-50), b (T0-20: the final report); side s (T0-10) forked from a, merged late.
    commits = [c("m", T0 + 60, "b", "s"), c("s", T0 - 10, "a"), c("b", T0 - 20, "a"),
               c("a", T0 - 50)]  # fmt: skip
    chosen = select_deadline_commit(commits, DEADLINE, "m")
    assert chosen.sha == "b"  # not s, whose tree lacks b's report
    assert merged_after_deadline(commits, "m", "b", DEADLINE) == 1


def test_same_second_rebased_series_takes_the_tip_of_the_chain():
    rebased = [c("x3", T0 - 5, "x2"), c("x2", T0 - 5, "x1"), c("x1", T0 - 5)]
    assert select_deadline_commit(rebased, DEADLINE).sha == "x3"


def test_backdated_commit_on_top_of_a_late_one_is_detected():
    commits = [c("fake", T0 - 60, "late"), c("late", T0 + 600, "ok"), c("ok", T0 - 900)]
    chosen = select_deadline_commit(commits, DEADLINE)
    assert chosen.sha == "fake"
    assert backdated_ancestors(commits, "fake", DEADLINE) == 1
    assert backdated_ancestors(commits, "ok", DEADLINE) == 0


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


def test_late_merge_of_an_older_side_branch_keeps_the_on_time_report(repo_factory, layout):
    from .helpers import git

    repo = repo_factory()
    base = repo.commit({"reports/README.md": "OLD report\n"}, "2026-01-24T10:00:00+01:00")
    final = repo.commit({"reports/README.md": REPORT}, "2026-01-24T20:00:00+01:00")
    git(repo.path, "checkout", "-q", "-b", "feature", base)
    repo.commit({"src/feature.py": "x = 1\n"}, "2026-01-24T22:00:00+01:00", message="feature")
    git(repo.path, "checkout", "-q", "main")
    env = {"GIT_COMMITTER_DATE": AFTER, "GIT_AUTHOR_DATE": AFTER}
    git(repo.path, "merge", "-q", "--no-ff", "-m", "merge feature", "feature", env=env)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["deadline_commit"]["sha"] == final
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert snap["reports_changed_after_deadline"] is False
    kinds = [w["kind"] for w in snap["warnings"]]
    assert "merged_after_deadline" in kinds


def test_backdated_commit_on_a_real_repo_is_warned(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    repo.commit({"reports/README.md": REPORT + "late edit\n"}, AFTER)
    fake = repo.commit({"src/x.py": "y = 2\n"}, JUST_BEFORE, message="looks on time")
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["deadline_commit"]["sha"] == fake
    backdated = [w for w in snap["warnings"] if w["kind"] == "backdated"]
    assert backdated and fake[:12] in backdated[0]["detail"]
