"""A harvest SIGKILLed mid-way and started again ends with the same output as one never killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from .helpers import AFTER, BEFORE, JUST_BEFORE, REPORT, start_fetch

RUNTIME_KEYS = ("fetched_at", "fetch", "checked_at")  # when/how fetched: differs run to run


def harvest(roster: Path, out: Path) -> subprocess.Popen:
    return start_fetch(
        roster,
        out,
        "--jobs",
        "1",
        "--timeout",
        "60",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def tree_of(out: Path) -> dict[str, object]:
    """Every file under output/groups: bytes, or for snapshot.json the JSON minus run facts."""
    files: dict[str, object] = {}
    for path in sorted((out / "groups").rglob("*")):
        if path.is_dir():
            continue
        rel = str(path.relative_to(out))
        if path.name == "snapshot.json":
            snap = json.loads(path.read_text())
            files[rel] = {k: v for k, v in snap.items() if k not in RUNTIME_KEYS}
        else:
            files[rel] = path.read_bytes()
    return files


def test_killed_harvest_resumes_to_the_same_output(repo_factory, tmp_path):
    rows = ["group,repo"]
    for i in range(10):
        repo = repo_factory(f"g{i}")
        repo.commit({"reports/README.md": f"draft {i}\n", "data/x.bin": os.urandom(20_000)}, BEFORE)
        repo.commit(
            {
                "reports/README.md": REPORT + f"group {i}\n",
                "reports/figures/a.png": os.urandom(3000),
                "pyproject.toml": f"[project]\nname='g{i}'\n",
            },
            JUST_BEFORE,
        )
        repo.commit({"reports/README.md": "late\n"}, AFTER)
        rows.append(f"{i},{repo.path}")
    rows.append(f"missing,{tmp_path / 'no-such-repo'}")
    roster = tmp_path / "groups.csv"
    roster.write_text("\n".join(rows) + "\n")

    reference = tmp_path / "out-reference"
    done = harvest(roster, reference)
    assert done.wait(timeout=120) == 0, done.stderr.read().decode()

    out = tmp_path / "out-killed"
    snapshots = lambda: len(list(out.glob("groups/*/snapshot.json")))  # noqa: E731
    # Kill twice: just after a group finished, and a little later (inside a group's git work).
    for wait_for, delay in ((1, 0.0), (4, 0.04)):
        proc = harvest(roster, out)
        give_up = time.monotonic() + 60
        while snapshots() < wait_for and time.monotonic() < give_up:
            time.sleep(0.005)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert wait_for <= snapshots() < 11, "the kill should land mid-way"

    again = harvest(roster, out)
    assert again.wait(timeout=120) == 0, again.stderr.read().decode()
    assert tree_of(out) == tree_of(reference)
    assert len(list(out.glob("groups/*/snapshot.json"))) == 11
    assert not list(out.glob("groups/*/.tmp-*")) and not list(out.glob("groups/*/.old-*"))
    assert not (out / ".harvest.lock").exists()
    snap = json.loads((out / "groups" / "3" / "snapshot.json").read_text())
    assert snap["status"] == "ok" and snap["late_report_files"] == ["reports/README.md"]
