"""Fingerprints of a stage's inputs, so a re-run with nothing new skips work it already did.

A stage's output is reused only when both its inputs and the code that made it are unchanged:
the code part hashes the stage's own source files, so upgrading the parser or the exporter
re-does the work without anyone having to remember a version bump.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


@cache
def code_fingerprint(*parts: str) -> str:
    """Hash of every file under the given package-relative paths (files or folders)."""
    digest = hashlib.sha256()
    for part in parts:
        root = PACKAGE / part
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(value: Any) -> str:
    """Hash of a JSON-able value (keys sorted, so dict order never matters)."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str | None:
    """Hash of one file's bytes, None when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
