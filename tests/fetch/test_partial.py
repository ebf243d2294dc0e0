"""Only trees and the needed files come down; remotes that cannot filter get a clean fallback."""

from __future__ import annotations

import json
import os

from harvester.fetch import fetch_group
from harvester.fetch.cache import GitCache, make_remote

from .helpers import BEFORE, DEADLINE, FAST, REPORT, git, group

DATA = os.urandom(3 * 2**20)


def objects_in(repo_dir) -> set[str]:
    out = git(repo_dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
    return set(out.split())


def cache_of(layout, g) -> GitCache:
    return GitCache(layout.cache_dir, g, make_remote(g), timeout=30)


def project(repo):
    """A typical project: big data, code, evidence files and a report."""
    repo.commit({"data/train.bin": DATA, "src/model.py": "import torch\n"}, BEFORE)
    return repo.commit(
        {
            "reports/README.md": REPORT,
            "reports/figures/loss.png": b"\x89PNG loss",
            "pyproject.toml": "[project]\nname='mlops'\n",
            "requirements.txt": "torch\n",
            ".github/workflows/tests.yaml": "on: push\n",
            "dockerfiles/train.dockerfile": "FROM python:3.11\n",
            "data.dvc": "outs:\n- path: data\n",
            ".pre-commit-config.yaml": "repos: []\n",
        },
        BEFORE,
    )


def test_partial_clone_downloads_no_data_blobs(repo_factory, layout):
    repo = repo_factory()
    sha = project(repo)
    g = group(repo)
    snap = fetch_group(g, DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    assert snap["fetch"]["mode"] == "partial" and snap["fetch"]["action"] == "clone"
    data_oid = git(repo.path, "rev-parse", f"{sha}:data/train.bin")
    cache = cache_of(layout, g)
    assert data_oid not in objects_in(cache.main)
    assert data_oid not in objects_in(cache.blobs)
    assert cache.bytes_on_disk() < len(DATA) / 20
    assert 0 < snap["fetch"]["bytes"] <= cache.bytes_on_disk()
    # Every file is listed even though its content never came down.
    listing = json.loads((layout.group_dir("7") / "files.json").read_text())
    assert listing["commit"] == sha
    listed = {f["path"]: f for f in listing["files"]}
    assert listed["data/train.bin"]["kind"] == "file"
    assert listed["data/train.bin"]["oid"] == data_oid  # known without its content
    assert snap["files_count"] == len(listing["files"]) == 10


def test_evidence_files_are_copied_and_listed(repo_factory, layout):
    repo = repo_factory()
    project(repo)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    evidence = layout.group_dir("7") / "evidence"
    assert sorted(snap["evidence_files"]) == [
        ".github/workflows/tests.yaml",
        ".pre-commit-config.yaml",
        "data.dvc",
        "dockerfiles/train.dockerfile",
        "pyproject.toml",
        "requirements.txt",
        "src/model.py",
    ]
    assert snap["evidence_not_read"] == 0
    assert (evidence / ".github/workflows/tests.yaml").read_text() == "on: push\n"
    assert (evidence / "pyproject.toml").read_text().startswith("[project]")
    assert (evidence / "src" / "model.py").read_text() == "import torch\n"
    assert not (evidence / "data").exists() and not (evidence / "reports").exists()


def test_bundle_falls_back_to_a_full_copy(repo_factory, layout, tmp_path):
    repo = repo_factory()
    project(repo)
    bundle = tmp_path / "group7.bundle"
    git(repo.path, "bundle", "create", str(bundle), "--all")
    snap = fetch_group(group(bundle), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok"
    assert snap["fetch"]["mode"] == "full"
    assert any(w["kind"] == "full_fetch" and "bundle" in w["detail"] for w in snap["warnings"])
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert (layout.group_dir("7") / "evidence" / "requirements.txt").read_text() == "torch\n"


def test_server_without_filter_support_falls_back(repo_factory, layout):
    repo = repo_factory(allow_filter=False)
    project(repo)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok" and snap["fetch"]["mode"] == "full"
    assert any(
        w["kind"] == "full_fetch" and "does not support partial clone" in w["detail"]
        for w in snap["warnings"]
    )
    assert (layout.reports_dir("7") / "figures" / "loss.png").read_bytes() == b"\x89PNG loss"


def test_server_refusing_single_objects_falls_back(repo_factory, layout, fake_ssh):
    repo = repo_factory()
    project(repo)
    git(repo.path, "config", "--unset", "uploadpack.allowAnySHA1InWant")
    fake_ssh.set("v0")  # old protocol: only advertised tips may be requested
    snap = fetch_group(group(fake_ssh.url(repo)), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap["error"]
    assert snap["fetch"]["mode"] == "full"
    assert any(w["kind"] == "full_fetch" and "refused" in w["detail"] for w in snap["warnings"])
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
