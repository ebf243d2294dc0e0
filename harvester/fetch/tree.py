"""The deadline commit's file listing: what is the report, what is evidence, what is unsafe (pure).

Paths stay `bytes` (git's own names) until they are shown: a file name may be any bytes except
NUL and '/', including newlines and invalid UTF-8, and must still be written back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REPORTS = b"reports"
REPORT_NAME = b"README.md"
MAX_NAME_BYTES = 255  # Linux NAME_MAX
LFS_SIGNATURE = b"version https://git-lfs.github.com/spec/v1"
LFS_MAX_POINTER = 1024

# Evidence: the text of source and config files the claims-vs-evidence check reads (never data,
# weights or notebooks). Chosen by name here, read by object id, capped in count and bytes.
_EVIDENCE_SUFFIXES = (
    b".py", b".toml", b".yaml", b".yml", b".ini", b".cfg", b".sh", b".ps1", b".tf", b".hcl",
    b".dvc", b".md", b".rst", b".dockerfile", b".containerfile",
)  # fmt: skip
_EVIDENCE_NAMES = re.compile(
    rb"(?i:[^/]*requirements[^/]*\.(?:txt|in)|[Dd]ockerfile[^/]*|Containerfile|Makefile|Procfile|"
    rb"\.flake8|\.pylintrc|\.coveragerc|\.mailmap|\.python-version|\.dockerignore|"
    rb"\.gcloudignore|\.env\.example|dvc\.lock|codecov\.yml)"
)
_EVIDENCE_DIRS = (b".github/", b".dvc/")
# Folders that hold installed packages, run outputs or caches, not the group's own code; their
# names are still in files.json (a committed `wandb/` or `outputs/.hydra/` is evidence by path).
_NOT_EVIDENCE_DIRS = frozenset(
    (b".git", b".venv", b"venv", b"site-packages", b"node_modules", b"__pycache__", b"wandb",
     b"mlruns", b"outputs", b"multirun", b"lightning_logs", b".ipynb_checkpoints", b"htmlcov",
     b".tox", b".nox", b".mypy_cache", b".pytest_cache", b".ruff_cache", b".cache")
)  # fmt: skip
MAX_EVIDENCE_FILES = 1500


@dataclass(frozen=True)
class Entry:
    mode: str  # "100644", "100755", "120000" (symlink), "160000" (submodule), "040000" (tree)
    type: str  # blob / tree / commit
    oid: str
    path: bytes  # full path from the repository root

    @property
    def kind(self) -> str:
        return {
            "100644": "file",
            "100755": "exec",
            "120000": "symlink",
            "160000": "submodule",
            "040000": "tree",
        }.get(self.mode, "file" if self.type == "blob" else self.type)

    @property
    def is_file(self) -> bool:
        return self.kind in ("file", "exec")

    @property
    def display(self) -> str:
        return show(self.path)


def parse_ls_tree(raw: bytes) -> list[Entry]:
    """Parse `git ls-tree -r -t -z --full-tree` output."""
    entries = []
    for record in raw.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, type_, oid = meta.decode().split()
        entries.append(Entry(mode=mode, type=type_, oid=oid, path=path))
    return entries


def show(path: bytes) -> str:
    """A file name as text for JSON/HTML: invalid UTF-8 bytes become \\xNN escapes."""
    return path.decode("utf-8", "backslashreplace")


def safe_parts(relative: bytes) -> list[bytes] | None:
    """Path components safe to create under our own folder, or None if any is not.

    Git trees made by hand (`git mktree`, `hash-object`) can hold names git itself refuses to
    check out: '', '.', '..', or over-long names. Such an entry is never written.
    """
    parts = relative.split(b"/")
    for part in parts:
        if part in (b"", b".", b"..") or len(part) > MAX_NAME_BYTES or b"\0" in part:
            return None
    return parts


def listing(entries: list[Entry]) -> list[dict]:
    """files.json: every non-tree entry at the deadline commit, sorted by path. The object id
    tells a file identical to the course template's without reading it."""
    return [
        {"path": e.display, "kind": e.kind, "oid": e.oid}
        for e in sorted(entries, key=lambda e: e.path)
        if e.kind != "tree"
    ]


def reports_entries(entries: list[Entry]) -> list[Entry]:
    """Non-tree entries under `reports/`, sorted."""
    prefix = REPORTS + b"/"
    return sorted(
        (e for e in entries if e.path.startswith(prefix) and e.kind != "tree"),
        key=lambda e: e.path,
    )


def find_report(entries: list[Entry]) -> tuple[Entry | None, bool]:
    """(the report entry, exact_name). `reports/README.md`, else a case variant of the file name
    inside `reports/` (readme.md). A `Reports/` folder is not `reports/` (git and GitHub are
    case-sensitive, and only `reports/` is archived): it is listed as a candidate instead."""
    target = REPORTS + b"/" + REPORT_NAME
    files = [e for e in entries if e.is_file]
    exact = next((e for e in files if e.path == target), None)
    if exact:
        return exact, True
    variants = sorted(
        (
            e
            for e in files
            if e.path.startswith(REPORTS + b"/") and e.path.lower() == target.lower()
        ),
        key=lambda e: e.path,
    )
    return (variants[0], False) if variants else (None, True)


def is_evidence(path: bytes) -> bool:
    """A text file whose content the evidence check reads (outside reports/ and tool folders)."""
    parts = path.split(b"/")
    if parts[0] == REPORTS or any(p in _NOT_EVIDENCE_DIRS for p in parts[:-1]):
        return False
    name = parts[-1]
    return (
        any(path.startswith(d) for d in _EVIDENCE_DIRS)
        or name.lower().endswith(_EVIDENCE_SUFFIXES)
        or bool(_EVIDENCE_NAMES.fullmatch(name))
    )


def _evidence_rank(entry: Entry) -> tuple[int, int, bytes]:
    """Build and CI config first, then code, then other config, then docs (shallow paths first)."""
    path = entry.path
    lower = path.lower()
    if path.startswith(_EVIDENCE_DIRS) or b"/" not in path and not lower.endswith(b".md"):
        rank = 0
    elif lower.endswith(b".py"):
        rank = 1
    elif lower.endswith((b".md", b".rst")):
        rank = 3
    else:
        rank = 2
    return rank, path.count(b"/"), path


def evidence_entries(entries: list[Entry]) -> list[Entry]:
    """Every evidence candidate (regular files only), most telling first: the caller caps them."""
    return sorted((e for e in entries if e.is_file and is_evidence(e.path)), key=_evidence_rank)


def evidence_budget(
    chosen: list[Entry], sizes: dict[str, int], max_total: int, max_file: int
) -> list[Entry]:
    """The candidates that fit the per-repo byte cap, in order. Files over the per-file cap or
    of unknown size stay in (the writer skips them with a warning) but spend nothing."""
    kept, total = [], 0
    for e in chosen:
        size = sizes.get(e.oid)
        if size is not None and size <= max_file:
            if total + size > max_total:
                continue
            total += size
        kept.append(e)
    return kept


def is_lfs_pointer(data: bytes) -> bool:
    """A Git LFS pointer file (the real content lives on an LFS server we do not fetch)."""
    return len(data) <= LFS_MAX_POINTER and data.startswith(LFS_SIGNATURE)
