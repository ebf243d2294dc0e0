"""Who committed what up to the deadline commit: `history.json`, written by fetch (git is fetch's).

Only commits and trees are read (`git log --name-only` compares trees; no file contents), so it
works on the partial clone. Author names and e-mails go through the group's own `.mailmap` (read
from the evidence copy), the way `git shortlog` would show them. The evidence stage reads the
file through `read_history`; it never runs git itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harvester.fetch import gitops
from harvester.layout import HISTORY_FILE

#: `%aN`/`%aE` honour .mailmap; dates are the author's (when the work was done).
_FORMAT = "%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%s"
MAX_COMMITS = 20_000
MAX_FILES_PER_COMMIT = 300
HISTORY_FORMAT = 1


def parse_history(raw: bytes) -> list[dict[str, Any]]:
    """Parse `git log -z --name-only --format=_FORMAT` output into one dict per commit."""
    commits = []
    for record in raw.split(b"\x1e"):
        if not record.strip(b"\0\n"):
            continue
        header, _, names = record.partition(b"\0")
        fields = header.rstrip(b"\n").split(b"\x1f", 6)
        if len(fields) < 7:
            continue
        sha, parents, name, email, adate, cdate, subject = (
            f.decode("utf-8", "replace") for f in fields
        )
        files = [n.strip(b"\n").decode("utf-8", "backslashreplace") for n in names.split(b"\0")]
        files = [f for f in files if f]
        commits.append(
            {
                "sha": sha,
                "parents": parents.split(),
                "author": name,
                "email": email,
                "date": adate,
                "committed": cdate,
                "subject": subject[:200],
                "files": files[:MAX_FILES_PER_COMMIT],
                "files_count": len(files),
            }
        )
    return commits


def collect_history(
    repo: Path, sha: str, *, mailmap: Path | None, timeout: float
) -> dict[str, Any]:
    """Every commit reachable from `sha` (newest first, capped), as written to history.json."""
    config = []  # gitops' base config already stops git reading HEAD:.mailmap (a missing blob)
    if mailmap is not None and mailmap.is_file():
        config.append(("mailmap.file", str(mailmap)))
    out = gitops.run_git(
        ["-C", str(repo), "log", "-z", "--no-renames", "--name-only", f"--format={_FORMAT}",
         f"--max-count={MAX_COMMITS + 1}", sha, "--"],
        env=gitops.git_env(config),
        timeout=timeout,
        label="log",
    ).stdout  # fmt: skip
    commits = parse_history(out)
    return {
        "format": HISTORY_FORMAT,
        "commit": sha,
        "mailmap": mailmap is not None and mailmap.is_file(),
        "truncated": len(commits) > MAX_COMMITS,
        "commits": commits[:MAX_COMMITS],
    }


def write_history(repo: Path, sha: str, workdir: Path, *, timeout: float) -> None:
    """history.json into the group's new snapshot folder (published with reports/ and the rest)."""
    history = collect_history(repo, sha, mailmap=workdir / "evidence" / ".mailmap", timeout=timeout)
    (workdir / HISTORY_FILE).write_text(
        json.dumps(history, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )


def read_history(path: Path) -> dict[str, Any] | None:
    """A group's history.json, or None when absent or unreadable (an older harvest)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("commits"), list) else None
