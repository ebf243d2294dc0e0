"""The runner: progress on a terminal, the GitHub hook, and Ctrl-C."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import time
from pathlib import Path

from harvester.fetch import fetch_all

from .helpers import BEFORE, DEADLINE, FAST, REPORT, group, start_fetch, write_script


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_rewritten_line(repo_factory, layout):
    repos = [repo_factory() for _ in range(3)]
    for r in repos:
        r.commit({"reports/README.md": REPORT}, BEFORE)
    term = Terminal()
    fetch_all(
        [group(r, gid=str(i)) for i, r in enumerate(repos)],
        DEADLINE,
        layout,
        jobs=2,
        stream=term,
        options=FAST,
    )
    text = term.getvalue()
    assert text.count("\r\x1b[K") == 3
    assert "fetch: 3/3 groups, 0 failed" in text
    lines = text.split("\n")
    assert lines[-2].startswith("fetched 3 groups in")  # summary on its own line at the end


def test_github_hook_result_is_stored_and_its_failure_is_only_a_warning(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    seen = []

    def hook(g, snap):
        seen.append((g.id, snap["deadline_commit"]["sha"]))
        if g.id == "2":
            raise RuntimeError("rate limited, token ghp_hooksecret1234 rejected")
        return {"pushed_at": "2026-01-24T22:00:00Z"}

    snaps = fetch_all(
        [group(repo, gid="1"), group(repo, gid="2")],
        DEADLINE,
        layout,
        progress=False,
        github=hook,
        options=FAST,
    )
    assert sorted(seen) == [("1", repo.head()), ("2", repo.head())]
    assert snaps[0]["github"] == {"pushed_at": "2026-01-24T22:00:00Z"}
    assert json.loads(layout.snapshot("1").read_text())["github"]["pushed_at"].startswith("2026")
    assert snaps[1]["status"] == "ok" and snaps[1]["github"] is None
    (warn,) = [w for w in snaps[1]["warnings"] if w["kind"] == "github"]
    assert "rate limited" in warn["detail"]


def test_ctrl_c_stops_at_once_and_leaves_no_git_behind(repo_factory, tmp_path):
    pids = tmp_path / "ssh-pids"
    script = write_script(
        tmp_path / "hanging-ssh",
        f"""
        import os, time
        with open({str(pids)!r}, "a") as fh:
            fh.write(f"{{os.getpid()}}\\n")
        time.sleep(120)
        """,
    )
    roster = tmp_path / "groups.csv"
    roster.write_text("group,repo\n" + "".join(f"{i},ssh://fakehost/r{i}.git\n" for i in range(6)))
    out = tmp_path / "out"
    proc = start_fetch(
        roster,
        out,
        "--jobs",
        "3",
        env={"GIT_SSH_COMMAND": str(script)},
        stderr=subprocess.PIPE,
        text=True,
    )
    give_up = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 3) and time.monotonic() < give_up:
        time.sleep(0.02)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 130
    assert time.monotonic() - started < 10
    assert "interrupted" in proc.stderr.read()
    time.sleep(0.2)
    for pid in map(int, pids.read_text().split()):
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
    assert not list(out.glob("groups/*/snapshot.json"))  # interrupted groups wrote nothing
    assert not (out / ".harvest.lock").exists()
