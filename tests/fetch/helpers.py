"""Real git repositories built in temp dirs, with backdated commits, for the fetch tests.

Fixtures live in conftest.py; this module holds the plain helpers tests import.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from harvester.fetch import FetchOptions
from harvester.roster import Group
from harvester.timeutil import parse_deadline

DEADLINE = parse_deadline("2026-01-24T23:59:00+01:00")
BEFORE = "2026-01-20T12:00:00+01:00"
JUST_BEFORE = "2026-01-24T23:58:00+01:00"
AFTER = "2026-01-25T10:00:00+01:00"

# Fast and quiet in tests: no retry waits, short timeouts.
FAST = FetchOptions(timeout=30, backoff=0.01)

_ENV = {
    "GIT_AUTHOR_NAME": "Student",
    "GIT_AUTHOR_EMAIL": "s123456@student.dtu.dk",
    "GIT_COMMITTER_NAME": "Student",
    "GIT_COMMITTER_EMAIL": "s123456@student.dtu.dk",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}


def git(cwd: Path, *args: str, env: dict | None = None, input: bytes | None = None) -> str:
    full = {**os.environ, **_ENV, **(env or {})}
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=full, input=input, capture_output=True, check=False
    )
    if out.returncode != 0:
        raise AssertionError(f"git {args} failed: {out.stderr.decode()}")
    return out.stdout.decode("utf-8", "replace").strip()


class StudentRepo:
    """A student's repository (non-bare, served straight from its folder)."""

    def __init__(self, path: Path, branch: str = "main", *, allow_filter: bool = True):
        self.path = path
        path.mkdir(parents=True)
        git(path, "init", "-q", "-b", branch)
        if allow_filter:
            git(path, "config", "uploadpack.allowFilter", "true")
            git(path, "config", "uploadpack.allowAnySHA1InWant", "true")

    def commit(
        self,
        files: dict[str, bytes | str | None],
        when: str,
        *,
        author_when: str | None = None,
        message: str = "work",
    ) -> str:
        """Write (None = delete) files, commit them with the given committer/author dates."""
        for name, content in files.items():
            target = self.path / name
            if content is None:
                git(self.path, "rm", "-q", "-r", "--", name)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode() if isinstance(content, str) else content
            target.write_bytes(data)
        git(self.path, "add", "-A")
        env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": author_when or when}
        git(self.path, "commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        return git(self.path, "rev-parse", "HEAD")

    def add_entry(self, mode: str, oid: str, path: str, when: str, message: str = "raw") -> str:
        """Put an arbitrary index entry (symlink, gitlink, odd name) and commit it."""
        git(self.path, "update-index", "--add", "--cacheinfo", f"{mode},{oid},{path}")
        env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        git(self.path, "commit", "-q", "-m", message, env=env)
        git(self.path, "reset", "-q", "--hard")
        return self.head()

    def blob(self, data: bytes) -> str:
        return git(self.path, "hash-object", "-w", "--stdin", input=data)


REPORT = "# Exam report\n\n## Group information\n\nGroup 7\n"


def group(
    repo: StudentRepo | Path | str,
    gid: str = "7",
    *,
    deadline: datetime | None = None,
    branch: str | None = None,
    secret: str = "",
) -> Group:
    url = str(repo.path if isinstance(repo, StudentRepo) else repo)
    return Group(id=gid, repo=url, deadline=deadline, branch=branch, repo_secret=secret)


def write_script(path: Path, body: str) -> Path:
    """An executable Python script (used as GIT_SSH_COMMAND)."""
    path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


ROOT = Path(__file__).resolve().parents[2]


def start_fetch(
    roster: Path, out: Path, *args: str, env: dict | None = None, **popen
) -> subprocess.Popen:
    """`python -m harvester.fetch` on a roster, as a separate process (to kill or interrupt)."""
    command = [sys.executable, "-m", "harvester.fetch", "--groups", str(roster), "--deadline",
               "2026-01-24T23:59:00+01:00", "--out", str(out), "--no-progress", *args]  # fmt: skip
    return subprocess.Popen(
        command, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, **popen
    )
