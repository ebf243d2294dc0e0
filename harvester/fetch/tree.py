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

_EVIDENCE_ROOT = re.compile(
    rb"pyproject\.toml|requirements[^/]*\.txt|\.pre-commit-config\.yaml|[Dd]ockerfile[^/]*",
)
_EVIDENCE_DIRS = (b".github/workflows/", b"dockerfiles/")
MAX_EVIDENCE_FILES = 200


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
    """files.json: every non-tree entry at the deadline commit, sorted by path."""
    return [
        {"path": e.display, "kind": e.kind}
        for e in sorted(entries, key=lambda e: e.path)
        if e.kind != "tree"
    ]


def reports_tree(entries: list[Entry]) -> str | None:
    """The oid of the top-level `reports` folder, if it is a folder."""
    return next((e.oid for e in entries if e.path == REPORTS and e.kind == "tree"), None)


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


def report_candidates(entries: list[Entry], chosen: Entry | None) -> list[str]:
    """Other `.../reports/README.md` files in the repo (e.g. project/reports/README.md)."""
    out = []
    for e in entries:
        lower = e.path.lower()
        if e is chosen or not e.is_file:
            continue
        if lower.endswith(b"/reports/readme.md") or lower == b"reports/readme.md":
            out.append(e.display)
    return sorted(out)


def evidence_entries(entries: list[Entry]) -> list[Entry]:
    """The small set of files the evidence checks read (regular files only, capped in number)."""
    chosen = []
    for e in entries:
        if not e.is_file:
            continue
        p = e.path
        root_level = b"/" not in p
        if (
            root_level
            and _EVIDENCE_ROOT.fullmatch(p)
            or any(p.startswith(d) and b"/" not in p[len(d) :] for d in _EVIDENCE_DIRS)
            or p.endswith(b".dvc")
        ):
            chosen.append(e)
    chosen.sort(key=lambda e: e.path)
    return chosen[:MAX_EVIDENCE_FILES]


def is_lfs_pointer(data: bytes) -> bool:
    """A Git LFS pointer file (the real content lives on an LFS server we do not fetch)."""
    return len(data) <= LFS_MAX_POINTER and data.startswith(LFS_SIGNATURE)
