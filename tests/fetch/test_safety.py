"""Hostile trees: nothing outside the group's own folder is read or written (issue 7)."""

from __future__ import annotations

import os
from dataclasses import replace

from harvester.fetch import fetch_group
from harvester.fetch.cache import GitCache, make_remote

from .helpers import BEFORE, DEADLINE, FAST, REPORT, git, group

LFS = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 99999\n"


def no_symlinks_under(path) -> bool:
    return not any(
        os.path.islink(os.path.join(root, name))
        for root, dirs, files in os.walk(path)
        for name in dirs + files
    )


def test_symlinks_are_recorded_never_followed(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    repo.add_entry("120000", repo.blob(b"/etc/passwd"), "reports/passwd.md", BEFORE)
    repo.add_entry("120000", repo.blob(b"../../.."), "reports/figures/up", BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    reports = layout.reports_dir("7")
    assert not os.path.lexists(reports / "passwd.md")
    assert not os.path.lexists(reports / "figures" / "up")
    assert no_symlinks_under(layout.group_dir("7"))
    details = {w["path"]: w["detail"] for w in snap["warnings"] if w["kind"] == "symlink"}
    assert "'/etc/passwd'" in details["reports/passwd.md"]
    assert "'../../..'" in details["reports/figures/up"]
    listing = (layout.group_dir("7") / "files.json").read_text()
    assert '"kind": "symlink"' in listing


def test_oversized_files_are_never_downloaded(repo_factory, layout):
    repo = repo_factory()
    big = os.urandom(50_000)
    sha = repo.commit({"reports/README.md": REPORT, "reports/figures/huge.png": big}, BEFORE)
    g = group(repo)
    snap = fetch_group(g, DEADLINE, layout, options=replace(FAST, max_file_bytes=10_000))
    assert snap["status"] == "ok"
    assert not (layout.reports_dir("7") / "figures" / "huge.png").exists()
    warn = [w for w in snap["warnings"] if w["kind"] == "oversized"]
    assert warn and warn[0]["path"] == "reports/figures/huge.png"
    big_oid = git(repo.path, "rev-parse", f"{sha}:reports/figures/huge.png")
    cache = GitCache(layout.cache_dir, g, make_remote(g), timeout=30)
    stored = git(cache.blobs, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
    assert big_oid not in stored.split()  # the server left it out: it never came down
    assert snap["fetch"]["bytes"] < 20_000
    # A bigger cap on the next run fetches it (the cap is part of the snapshot's rules).
    snap = fetch_group(g, DEADLINE, layout, options=replace(FAST, max_file_bytes=100_000))
    assert (layout.reports_dir("7") / "figures" / "huge.png").read_bytes() == big
    assert not any(w["kind"] == "oversized" for w in snap["warnings"])


def test_oversized_check_in_full_mode_uses_the_blob_size(repo_factory, layout, tmp_path):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT, "reports/big.csv": b"x" * 30_000}, BEFORE)
    bundle = tmp_path / "g.bundle"
    git(repo.path, "bundle", "create", str(bundle), "--all")
    snap = fetch_group(group(bundle), DEADLINE, layout, options=replace(FAST, max_file_bytes=1000))
    assert snap["fetch"]["mode"] == "full"
    assert not (layout.reports_dir("7") / "big.csv").exists()
    assert [w["path"] for w in snap["warnings"] if w["kind"] == "oversized"] == ["reports/big.csv"]


def test_lfs_pointers_are_kept_and_flagged(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT, "reports/figures/arch.png": LFS}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["lfs_files"] == ["reports/figures/arch.png"]
    assert (layout.reports_dir("7") / "figures" / "arch.png").read_bytes() == LFS
    assert any(
        w["kind"] == "lfs" and "figure stored in LFS" in w["detail"] for w in snap["warnings"]
    )


def test_submodules_are_listed_not_fetched(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    repo.add_entry("160000", "1" * 40, "reports/theme", BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    assert not os.path.lexists(layout.reports_dir("7") / "theme")
    sub = [w for w in snap["warnings"] if w["kind"] == "submodule"]
    assert sub and sub[0]["path"] == "reports/theme" and "111111111111" in sub[0]["detail"]


def test_odd_file_names_are_written_exactly(repo_factory, layout):
    repo = repo_factory()
    names = [
        "figures/my figure (1).png",
        "figures/日本語.png",
        "figures/new\nline.png",
        "-rf.png",
        " leading space.md",
        "..double.png",
    ]
    files = {f"reports/{n}": n.encode() for n in names}
    repo.commit({"reports/README.md": REPORT, **files}, BEFORE)
    (repo.path / "reports" / os.fsdecode(b"bad-\xff.png")).write_bytes(b"latin")
    repo.commit({}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap
    reports = layout.reports_dir("7")
    for n in names:
        assert (reports / n).read_bytes() == n.encode()
    assert (reports / os.fsdecode(b"bad-\xff.png")).read_bytes() == b"latin"
    assert snap["reports_files"] == len(names) + 2
    listing = (layout.group_dir("7") / "files.json").read_text(encoding="utf-8")
    assert "reports/bad-\\\\xff.png" in listing  # shown escaped, stored exactly


def test_dot_dot_entries_in_a_forged_tree_are_never_written(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    readme = git(repo.path, "rev-parse", "HEAD:reports/README.md")
    evil = repo.blob(b"owned")
    inner = git(repo.path, "mktree", input=f"100644 blob {evil}\t..\n".encode())
    reports = git(
        repo.path,
        "mktree",
        input=(
            f"100644 blob {evil}\t..\n100644 blob {readme}\tREADME.md\n040000 tree {inner}\tsub\n"
        ).encode(),
    )
    root = git(repo.path, "mktree", input=f"040000 tree {reports}\treports\n".encode())
    env = {"GIT_COMMITTER_DATE": BEFORE, "GIT_AUTHOR_DATE": BEFORE}
    commit = git(repo.path, "commit-tree", root, "-p", "HEAD", "-m", "forged", env=env)
    git(repo.path, "update-ref", "refs/heads/main", commit)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    unsafe = sorted(w["path"] for w in snap["warnings"] if w["kind"] == "unsafe_name")
    assert unsafe == ["reports/..", "reports/sub/.."]
    group_dir = layout.group_dir("7")
    assert sorted(p.name for p in group_dir.iterdir()) == [
        "files.json",
        "history.json",
        "reports",
        "snapshot.json",
    ]
    assert sorted(os.listdir(group_dir / "reports")) == ["README.md"]
    assert not (layout.groups_dir / "owned").exists()


def test_reports_itself_a_symlink_is_not_followed(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"docs/README.md": REPORT}, BEFORE)
    repo.add_entry("120000", repo.blob(b"/etc"), "reports", BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_report"
    assert not os.path.lexists(layout.reports_dir("7"))
    assert any(w["kind"] == "reports_not_a_folder" for w in snap["warnings"])


def test_file_cap_keeps_the_report_and_its_figures_first(repo_factory, layout):
    from dataclasses import replace as with_changes

    from harvester.fetch import fetch_group

    from .helpers import BEFORE, DEADLINE, FAST, REPORT, group

    repo = repo_factory()
    files = {f"reports/Data/{i:03d}.csv": f"{i}\n" for i in range(30)}  # sorts before README.md
    files["reports/README.md"] = REPORT
    files["reports/figures/loss.png"] = b"\x89PNG\r\n\x1a\n"
    repo.commit(files, BEFORE)
    snap = fetch_group(
        group(repo), DEADLINE, layout, options=with_changes(FAST, max_report_files=5)
    )
    assert snap["status"] == "ok"
    reports = layout.reports_dir("7")
    assert (reports / "README.md").read_text() == REPORT
    assert (reports / "figures" / "loss.png").is_file()
    assert len(list((reports / "Data").iterdir())) == 3
    capped = [w for w in snap["warnings"] if w["kind"] == "too_many_files"]
    assert len(capped) == 1 and "27 other files skipped" in capped[0]["detail"]
