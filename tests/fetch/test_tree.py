"""The listing rules: what is the report, what is evidence, which names are unsafe (pure)."""

from __future__ import annotations

from harvester.fetch import tree
from harvester.fetch.cache import RemoteRefs, parse_ls_remote, resolve_branch
from harvester.fetch.gitops import classify_error, scrub, url_secrets
from harvester.fetch.tree import Entry

OID = "0" * 40


def e(path: bytes, mode: str = "100644") -> Entry:
    kind = {"040000": "tree", "160000": "commit"}.get(mode, "blob")
    return Entry(mode=mode, type=kind, oid=OID, path=path)


def test_parse_ls_tree_keeps_raw_names():
    raw = (
        b"040000 tree " + b"1" * 40 + b"\treports\0"
        b"100644 blob " + b"2" * 40 + b"\treports/a b\nc.png\0"
        b"120000 blob " + b"3" * 40 + b"\treports/\xff.md\0"
    )
    entries = tree.parse_ls_tree(raw)
    assert [x.kind for x in entries] == ["tree", "file", "symlink"]
    assert entries[1].path == b"reports/a b\nc.png"
    assert entries[2].display == "reports/\\xff.md"


def test_safe_parts_refuses_dot_names_and_overlong_names():
    assert tree.safe_parts(b"figures/a.png") == [b"figures", b"a.png"]
    assert tree.safe_parts(b"..") is None
    assert tree.safe_parts(b"a/../b") is None
    assert tree.safe_parts(b"a//b") is None
    assert tree.safe_parts(b"x" * 256) is None
    assert tree.safe_parts(b"-rf \xe6\x97\xa5 \n.png") == [b"-rf \xe6\x97\xa5 \n.png"]


def test_find_report_exact_then_case_variant():
    entries = [e(b"reports/readme.md"), e(b"project/reports/README.md")]
    report, exact = tree.find_report(entries)
    assert report.path == b"reports/readme.md" and not exact
    entries.append(e(b"reports/README.md"))
    report, exact = tree.find_report(entries)
    assert report.path == b"reports/README.md" and exact
    assert tree.find_report([e(b"reports/README.md", "120000")]) == (None, True)


def test_evidence_selection():
    """Source and config text anywhere (docs too), never data, reports, notebooks or tool dirs."""
    wanted = [
        b"pyproject.toml", b"requirements.txt", b"requirements_dev.txt", b"src/requirements.txt",
        b".github/workflows/tests.yaml", b".github/workflows/sub/x.yaml", b"Dockerfile",
        b"dockerfiles/train.dockerfile", b"data.dvc", b"data/raw.dvc", b".pre-commit-config.yaml",
        b"README.md", b"docs/index.md", b"mkdocs.yml", b"src/pkg/model_run.py", b"tasks.py",
        b"Makefile", b"infra/main.tf", b".dvc/config", b"cloudbuilds/api.yaml", b".mailmap",
        b"scripts/deploy.sh", b"setup.cfg", b".flake8",
    ]  # fmt: skip
    unwanted = [
        b"reports/README.md", b"reports/report.py", b"data/train.csv", b"models/model.pt",
        b"notebooks/eda.ipynb", b".venv/lib/x.py", b"wandb/run-1/files/config.yaml",
        b"outputs/2025-01-01/.hydra/config.yaml", b"src/pkg/__pycache__/x.py", b"logo.png",
    ]  # fmt: skip
    chosen = tree.evidence_entries([e(p) for p in wanted + unwanted])
    assert {x.display for x in chosen} == {p.decode() for p in wanted}
    # Build and CI config before code, code before docs.
    order = [x.display for x in chosen]
    assert order.index("Dockerfile") < order.index("tasks.py") < order.index("docs/index.md")
    assert order.index(".github/workflows/sub/x.yaml") < order.index("src/pkg/model_run.py")
    assert tree.evidence_entries([e(b"pyproject.toml", "120000")]) == []


def test_evidence_budget_keeps_what_fits_in_order():
    files = [
        Entry(mode="100644", type="blob", oid=f"{i}" * 40, path=p)
        for i, p in enumerate((b"a.py", b"b.py", b"c.py", b"d.py"))
    ]
    sizes = {files[0].oid: 60, files[1].oid: 50, files[2].oid: 900, files[3].oid: 30}
    kept = tree.evidence_budget(files, sizes, max_total=100, max_file=500)
    # b.py no longer fits; c.py is over the per-file cap (kept for the writer's warning, free).
    assert [x.display for x in kept] == ["a.py", "c.py", "d.py"]


def test_lfs_pointer_detection():
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n"
    assert tree.is_lfs_pointer(pointer)
    assert not tree.is_lfs_pointer(b"\x89PNG\r\n")
    assert not tree.is_lfs_pointer(pointer + b"x" * 2000)


def test_listing_skips_trees_and_is_sorted():
    entries = [e(b"b"), e(b"a", "040000"), e(b"a/x"), e(b"sub", "160000")]
    assert tree.listing(entries) == [
        {"path": "a/x", "kind": "file", "oid": OID},
        {"path": "b", "kind": "file", "oid": OID},
        {"path": "sub", "kind": "submodule", "oid": OID},
    ]


def test_ls_remote_parsing_and_default_branch():
    text = "ref: refs/heads/dev\tHEAD\n" + "a" * 40 + "\tHEAD\n" + "a" * 40 + "\trefs/heads/dev\n"
    refs = parse_ls_remote(text + "b" * 40 + "\trefs/heads/main\n")
    assert refs.head == "dev" and refs.branches == {"dev": "a" * 40, "main": "b" * 40}
    assert resolve_branch(refs, None) == "dev"
    assert resolve_branch(refs, "main") == "main"
    assert resolve_branch(refs, "nope") is None
    # A bundle: HEAD without symref -> the branch it points at.
    bundle = RemoteRefs(head=None, head_sha="b" * 40, branches={"x": "a" * 40, "y": "b" * 40})
    assert resolve_branch(bundle, None) == "y"
    assert resolve_branch(RemoteRefs(None, None, {"a": "1", "b": "2"}), None) is None
    assert resolve_branch(RemoteRefs(None, None, {"master": "1", "b": "2"}), None) == "master"


def test_scrub_and_error_classes():
    secret = "https://student:ghp_SECRET123@github.com/org/repo.git"
    parts = url_secrets(secret)
    text = f"fatal: unable to access '{secret}': The requested URL returned error: 403"
    clean = scrub(text, parts)
    assert "ghp_SECRET123" not in clean and "student:" not in clean
    assert scrub("see https://u:p@host/x", []) == "see https://***@host/x"
    assert classify_error("remote: Repository not found.") == "permanent"
    assert classify_error("fatal: unable to access: Could not resolve host: github.com") == (
        "transient"
    )
    assert classify_error("something odd") == "unknown"
