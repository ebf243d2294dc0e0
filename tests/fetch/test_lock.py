"""One harvest per output folder: refused while held, taken over when the holder is dead."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harvester.fetch import fetch_all
from harvester.lock import HarvestLock, HarvestLockError

from .helpers import DEADLINE, FAST

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
from harvester.lock import HarvestLock
with HarvestLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def hold(lock_file: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_harvest_is_refused_naming_the_holder(layout):
    proc = hold(layout.lock_file)
    try:
        with pytest.raises(HarvestLockError) as info, HarvestLock(layout.lock_file):
            pass
        message = str(info.value)
        assert f"pid {proc.pid}" in message and "started 20" in message
        assert str(layout.root) in message
        with pytest.raises(HarvestLockError):
            fetch_all([], DEADLINE, layout, progress=False, options=FAST)
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=10)
    # Released: now it can be taken, and the file is gone afterwards.
    with HarvestLock(layout.lock_file):
        assert json.loads(layout.lock_file.read_text())["pid"] == os.getpid()
    assert not layout.lock_file.exists()


def test_lock_of_a_killed_harvest_is_taken_over(layout, capsys):
    proc = hold(layout.lock_file)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert layout.lock_file.exists()  # SIGKILL left the file behind
    with HarvestLock(layout.lock_file) as lock:
        assert lock.took_over["pid"] == proc.pid
    assert "stale lock" in capsys.readouterr().err


def test_lock_is_reentrant_within_one_process(layout):
    with HarvestLock(layout.lock_file), HarvestLock(layout.lock_file):
        assert layout.lock_file.exists()
    assert not layout.lock_file.exists()
