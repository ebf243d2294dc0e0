"""The I/O edge of the parser: list a reports folder safely and spot Git LFS pointer files."""

from __future__ import annotations

import os
from pathlib import Path

LFS_HEADER = b"version https://git-lfs.github.com/spec/v1"
_LFS_MAX_BYTES = 1024  # an LFS pointer is ~130 bytes; real pictures are far larger
MAX_FILES = 50_000  # a reports folder with more files than this is not a reports folder


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def list_files(folder: Path) -> set[str]:
    """Every file under ``folder`` as a posix path relative to it.

    Symlinked folders are not entered and a symlinked file counts only if it points to a file
    inside ``folder``: the archive never holds what lies outside the group's own folder.
    """
    root = folder.resolve()
    out: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not (base / d).is_symlink())
        for name in sorted(filenames):
            path = base / name
            if path.is_symlink():
                target = path.resolve()
                if not (target.is_file() and _inside(target, root)):
                    continue
            out.add(path.relative_to(root).as_posix())
            if len(out) >= MAX_FILES:
                return out
    return out


def lfs_pointers(folder: Path, files: set[str]) -> set[str]:
    """The files (relative paths) that are Git LFS pointer stubs instead of their content."""
    out: set[str] = set()
    root = folder.resolve()
    for rel in sorted(files):
        path = root / rel
        try:
            if path.is_symlink() or path.stat().st_size > _LFS_MAX_BYTES:
                continue
            with path.open("rb") as handle:
                if handle.read(len(LFS_HEADER)) == LFS_HEADER:
                    out.add(rel)
        except OSError:
            continue
    return out
